"""Form-level repeat rules: content fingerprints, `once` keys, `spread` keys and difficulty ranges."""

from __future__ import annotations

import itertools
from dataclasses import replace
from importlib.metadata import EntryPoint

import pytest

from engine.adaptive import range_notes, target_difficulty
from engine.blueprints import parse_blueprint
from engine.forms import SPREAD_WINDOW, assemble
from question_generators import registry

DEMO = EntryPoint(name="demo.rules", value="tests.engine.repeat_family:RuleGenerator",
                  group=registry.ENTRY_POINT_GROUP)

BLUEPRINT = """
name = "rules"
title = "Rules"
[[section]]
name = "rules"
title = "Rules"
minutes = 5
order = "{order}"
  [[section.part]]
  family = "demo.rules"
  count = {count}
  difficulty = [{low}, {high}]
"""


@pytest.fixture
def demo_family(monkeypatch: pytest.MonkeyPatch) -> None:
    known = {**registry._entry_points(), "demo.rules": DEMO}
    monkeypatch.setattr(registry, "_entry_points", lambda: known)
    registry.get_generator.cache_clear()
    yield
    registry.get_generator.cache_clear()


def blueprint(order: str = "ramp", count: int = 6, low: float = -1.0, high: float = 1.0):  # type: ignore[no-untyped-def]
    return parse_blueprint(BLUEPRINT.format(order=order, count=count, low=low, high=high), "test")


def test_the_fingerprint_is_content_not_wording_or_option_order(demo_family: None) -> None:
    item = registry.make_item("demo.rules", 0.0, 1)
    reworded = replace(item, prompt="Something else entirely", options=tuple(reversed(item.options)))
    assert reworded.fingerprint() == item.fingerprint()
    other = replace(item, params={**item.params, "content": "add:99"})
    assert other.fingerprint() != item.fingerprint()
    # Without a content string, the option order still does not matter, but the wording does.
    plain = replace(item, params={})
    assert replace(plain, options=tuple(reversed(item.options))).fingerprint() == plain.fingerprint()
    assert replace(plain, prompt="Other words").fingerprint() != plain.fingerprint()


def test_once_keys_spread_keys_and_content_hold_in_every_form(demo_family: None) -> None:
    for seed in range(40):
        for order in ("ramp", "shuffled", "as_listed"):
            form = assemble(blueprint(order), seed)
            items = form.items
            assert len({i.fingerprint() for i in items}) == len(items)
            values = [i.params["value"] for i in items]
            assert len(set(values)) == len(values), values  # once: calc:<value>
            rules = [i.params["rule"] for i in items]
            assert all(a != b for a, b in itertools.pairwise(rules)), rules  # never adjacent
            if order == "as_listed":  # the part's own order: any five in a row are five rules
                assert all(len(set(rules[i:i + SPREAD_WINDOW])) == len(rules[i:i + SPREAD_WINDOW])
                           for i in range(len(rules))), rules


def test_the_spread_window_keeps_a_rule_five_slots_apart_within_a_part(demo_family: None) -> None:
    form = assemble(blueprint("as_listed", count=12), 3)
    rules = [i.params["rule"] for i in form.items]
    for i, rule in enumerate(rules):
        assert rule not in rules[i + 1:i + SPREAD_WINDOW], rules


def test_a_once_key_with_a_count_allows_that_many(demo_family: None) -> None:
    from engine.forms import RepeatLedger

    item = registry.make_item("demo.rules", 0.0, 1)
    twice = replace(item, params={**item.params, "once": ["scenario:energy#2"], "spread": []})
    ledger = RepeatLedger()
    for n in range(2):
        clone = replace(twice, params={**twice.params, "content": f"c{n}"})
        assert ledger.allows(clone)
        ledger.add(clone)
    assert not ledger.allows(replace(twice, params={**twice.params, "content": "c3"}))


def test_seen_content_is_redrawn_even_when_reworded(demo_family: None) -> None:
    first = assemble(blueprint(), 5)
    again = assemble(blueprint(), 5, exclude={i.fingerprint() for i in first.items})
    assert not {i.fingerprint() for i in first.items} & {i.fingerprint() for i in again.items}
    assert again.redraws > 0


def test_requests_outside_a_family_range_are_clipped_with_a_note(demo_family: None) -> None:
    form = assemble(blueprint(low=-2.0, high=2.5), 1)
    assert {round(i.difficulty, 2) for i in form.items} <= {round(-1.0 + 2.5 * k / 100, 2) for k in range(101)}
    assert max(i.difficulty for i in form.items) == 1.5 and min(i.difficulty for i in form.items) == -1.0
    assert form.notes == ("note: demo.rules reaches only +1.50: items asked at up to +2.50 are served at +1.50",
                          "note: demo.rules reaches down only to -1.00: items asked at down to -2.00 are "
                          "served at -1.00")
    assert assemble(blueprint(), 1).notes == ()
    assert "notes" not in form.to_dict()


def test_adaptive_targets_stay_in_the_family_range(demo_family: None) -> None:
    from engine.adaptive import AdaptivePlan

    plan = AdaptivePlan("rules", "Rules", 1, (("demo.rules", 1),), 10, 5, 0.5, 600)
    assert target_difficulty(plan, 0, 3.0, "demo.rules") <= 1.5
    assert target_difficulty(plan, 0, -3.0, "demo.rules") >= -1.0
    assert range_notes(["demo.rules"]) == [
        "note: demo.rules reaches only +1.50: an adaptive test asks it for nothing harder",
        "note: demo.rules reaches down only to -1.00: an adaptive test asks it for nothing easier"]


def test_families_lists_a_narrow_range(demo_family: None) -> None:
    from click.testing import CliRunner

    from engine.cli import cli

    result = CliRunner().invoke(cli, ["families"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.output.splitlines() if line.startswith("demo.rules"))
    assert line.endswith("(difficulty -1.0 to +1.5 only)")


def test_a_bad_difficulty_range_is_a_registry_problem() -> None:
    class Bad:
        """bad"""
        family, section, version, title = "x.y", "numerical", 1, "Bad"
        difficulty_range = (2.0, -2.0)

        def generate(self, rng, difficulty):  # type: ignore[no-untyped-def]
            raise NotImplementedError

        def check(self, item):  # type: ignore[no-untyped-def]
            raise NotImplementedError

    assert any("difficulty_range" in p for p in registry.describe_problems("x.y", Bad()))
