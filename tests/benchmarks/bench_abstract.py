"""Speed targets for the figural and checking families (items/s with check() on; figures
include their SVG). Measured on the shared 2-core machine: matrix ~740/s, series ~1,170/s,
rotation ~300/s, compare ~2,900/s; targets leave room for a busy machine."""

TARGETS = {"abstract.matrix": 500, "abstract.series": 500, "spatial.rotation": 200, "checking.compare": 1_000}
