"""Speed targets for the technical families: items/s with the SVG figure drawn and check() on."""

TARGETS = {
    "technical.gears": 1_000,
    "technical.levers": 1_000,
    "technical.pulleys": 1_000,
    "technical.circuits": 1_000,
    "technical.fluids_forces": 1_000,
    "technical.picture_compare": 1_000,
}
