"""The `technical` blueprint: 20 items in 15 minutes from the four technical families."""

from __future__ import annotations

from collections import Counter

from engine.blueprints import load_blueprint
from engine.forms import assemble, verify_form


def test_the_technical_blueprint_assembles_a_checked_form() -> None:
    blueprint = load_blueprint("technical")
    assert (blueprint.count, blueprint.time_limit_s) == (20, 15 * 60)
    form = assemble(blueprint, seed=11)
    verify_form(form)
    items = [item for section in form.sections for item in section.items]
    assert len(items) == 20
    families = Counter(item.family for item in items)
    assert set(families) == {"technical.gears", "technical.levers", "technical.pulleys", "technical.circuits",
                             "technical.fluids_forces"}
    assert all(item.figure is not None and item.section == "technical" for item in items)
    assert len({item.fingerprint() for item in items}) == 20
