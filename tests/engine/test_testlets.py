"""Testlets: several questions on one shared stimulus, assembled together and regenerable by id."""

from __future__ import annotations

import json
from importlib.metadata import EntryPoint

import pytest

from engine.blueprints import BlueprintError, parse_blueprint
from engine.forms import TestForm, assemble
from question_generators import registry
from question_generators.errors import SecondroundError
from question_generators.item import ItemId

DEMO = EntryPoint(name="demo.lookup", value="tests.engine.testlet_family:LookupGenerator",
                  group=registry.ENTRY_POINT_GROUP)

BLUEPRINT = """
name = "lookups"
title = "Look-ups"
[[section]]
name = "data"
title = "Data"
minutes = 5
order = "{order}"
  [[section.part]]
  family = "demo.lookup"
  count = 7
  testlet = 3
  difficulty = [-1.0, 1.0]
  [[section.part]]
  family = "numeric.arithmetic"
  count = 2
"""


@pytest.fixture
def demo_family(monkeypatch: pytest.MonkeyPatch) -> None:
    known = {**registry._entry_points(), "demo.lookup": DEMO}
    monkeypatch.setattr(registry, "_entry_points", lambda: known)
    registry.get_generator.cache_clear()
    yield
    registry.get_generator.cache_clear()


def test_item_id_round_trips_with_and_without_a_stimulus() -> None:
    plain = ItemId("numeric.series", 1, 0.5, 0xC0FFEE)
    shared = ItemId("verbal.passage", 2, -1.25, 0xABC, stimulus=0x1234, question=3)
    assert str(shared) == "verbal.passage/v2/-1.25/000000000abc/t000000001234.3"
    for item_id in (plain, shared):
        assert ItemId.parse(str(item_id)) == item_id


def test_questions_of_one_testlet_share_the_stimulus_and_regenerate(demo_family: None) -> None:
    first = registry.make_item("demo.lookup", -0.5, 11, stimulus=99, question=0)
    second = registry.make_item("demo.lookup", 0.5, 12, stimulus=99, question=1)
    assert first.stimulus == second.stimulus == "demo.lookup/t000000000063"
    assert first.figure == second.figure  # the same table under both questions
    assert registry.regenerate(second.id) == second
    other = registry.make_item("demo.lookup", 0.5, 12, stimulus=100, question=1)
    assert other.figure != second.figure


def test_assembly_keeps_each_testlet_together_in_every_order(demo_family: None) -> None:
    for order in ("ramp", "shuffled", "as_listed"):
        form = assemble(parse_blueprint(BLUEPRINT.format(order=order), "test"), seed=5)
        labels = [item.stimulus for item in form.items if item.family == "demo.lookup"]
        assert sorted(map(labels.count, set(labels))) == [1, 3, 3]  # 7 questions: 3 + 3 + 1
        positions = {label: [i for i, item in enumerate(form.items) if item.stimulus == label] for label in labels}
        assert all(p == list(range(p[0], p[0] + len(p))) for p in positions.values())
        again = assemble(parse_blueprint(BLUEPRINT.format(order=order), "test"), seed=5)
        assert again.to_json() == form.to_json()
        assert TestForm.from_dict(json.loads(form.to_json()), "x").to_json() == form.to_json()


def test_testlet_size_is_validated_and_needs_a_family_that_supports_it(demo_family: None) -> None:
    with pytest.raises(BlueprintError, match=r"'testlet'.*whole number from 1 to 12, got 0"):
        parse_blueprint(BLUEPRINT.format(order="ramp").replace("testlet = 3", "testlet = 0"), "test")
    series = BLUEPRINT.format(order="ramp").replace("demo.lookup", "numeric.series")
    with pytest.raises(SecondroundError, match=r"numeric\.series' cannot put several questions"):
        assemble(parse_blueprint(series, "test"), seed=1)
