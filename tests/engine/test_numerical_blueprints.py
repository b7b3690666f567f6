"""The numerical blueprints of issue 3: SHL-like length and pace, mostly data interpretation in
testlets, easy to hard; and the quick variant."""

from __future__ import annotations

from engine.blueprints import load_blueprint
from engine.forms import assemble


def test_numerical_is_18_items_in_25_minutes_mostly_data_interpretation() -> None:
    blueprint = load_blueprint("numerical")
    assert (blueprint.count, blueprint.time_limit_s) == (18, 25 * 60)
    parts = [p for s in blueprint.sections for p in s.parts]
    data = sum(p.count for p in parts if p.family in ("numeric.data_table", "numeric.data_chart"))
    assert data / blueprint.count >= 0.75
    assert all(p.testlet == 3 for p in parts if p.family.startswith("numeric.data_"))
    form = assemble(blueprint, 11)
    stimuli = {item.stimulus for item in form.items if item.stimulus}
    assert len(stimuli) == 5  # three tables and two charts, three questions each
    hard = [i.difficulty for i in form.items[-6:]]
    easy = [i.difficulty for i in form.items[:6]]
    assert sum(hard) / 6 > sum(easy) / 6 + 1.0  # a real ramp


def test_numerical_quick_is_10_items_in_10_minutes() -> None:
    blueprint = load_blueprint("numerical-quick")
    assert (blueprint.count, blueprint.time_limit_s) == (10, 10 * 60)
    form = assemble(blueprint, 5)
    assert len(form.items) == 10
    assert assemble(blueprint, 5).to_json() == form.to_json()
    assert {i.family for i in form.items} >= {"numeric.data_table", "numeric.percent_ratio",
                                              "numeric.word_problem", "numeric.estimation"}
