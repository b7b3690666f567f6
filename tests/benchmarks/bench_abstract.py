"""Speed targets for the figural families (items/s with check() on; figures include their SVG)."""

TARGETS = {"abstract.matrix": 500, "abstract.series": 500, "spatial.rotation": 200}
