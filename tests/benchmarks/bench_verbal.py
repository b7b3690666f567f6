"""Speed targets for the verbal families (items/s with check() on; issue 4)."""

TARGETS = {"verbal.passage": 2_000}
