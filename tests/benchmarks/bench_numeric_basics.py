"""Speed targets for the foundation's numeric families (items/s with check() on)."""

TARGETS = {"numeric.arithmetic": 2_000, "numeric.series": 1_000}
