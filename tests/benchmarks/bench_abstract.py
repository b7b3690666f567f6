"""Speed targets for the figural families (items/s with check() on; matrices include their SVG)."""

TARGETS = {"abstract.matrix": 500}
