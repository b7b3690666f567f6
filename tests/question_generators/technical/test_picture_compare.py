"""technical.picture_compare: two pictures A and B, physics decides; no cues; calibrated b."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item
from question_generators.technical.picture_compare import model_b, quantity
from tests.question_generators.realism import assert_calibrated, assert_no_cues, distinct_share, sample, sweep_levels
from tests.question_generators.technical.helpers import assert_figure_renders, svg_texts

FAMILY = "technical.picture_compare"


@pytest.fixture(scope="module")
def items():
    return sample(FAMILY, sweep_levels(), 2000)


def test_every_item_checks_and_renders(items) -> None:
    gen = get_generator(FAMILY)
    for item in items[:300]:
        gen.check(item)
        assert_figure_renders(item)
        assert {"A", "B"} <= svg_texts(item)
        assert [o.text for o in item.options] == ["A", "B", "No difference"]


def test_no_difference_is_honestly_the_key_a_third_of_the_time(items) -> None:
    keys = Counter(item.key for item in items)
    for letter in range(3):
        assert abs(keys[letter] / len(items) - 1 / 3) < 0.03, keys
    assert_no_cues(items)


def test_at_least_two_mechanisms_and_distinct_content(items) -> None:
    mechanisms = Counter(item.params["mechanism"] for item in items)
    assert set(mechanisms) == {"lever", "pulleys", "gears"}
    assert min(mechanisms.values()) > 0.1 * len(items)  # hoists have two quantities, so fewer hard forms
    assert distinct_share(items) >= 0.95
    assert all(item.params["spread"] == [f"mechanism:{item.params['mechanism']}"] for item in items)


def test_b_follows_the_structure_and_is_calibrated() -> None:
    assert model_b("lever", 1, False, False, False) < model_b("lever", 2, False, False, False)
    assert model_b("lever", 2, False, False, False) < model_b("lever", 2, True, False, False)
    assert model_b("lever", 2, True, False, False) < model_b("lever", 2, True, False, True)
    assert_calibrated(FAMILY)


def test_the_key_is_the_physics_answer(items) -> None:
    for item in items[:500]:
        sides, mech = item.params["sides"], item.params["mechanism"]
        qa, qb = quantity(mech, sides["A"]), quantity(mech, sides["B"])
        less = mech != "gears"
        expected = 2 if qa == qb else (0 if (qa < qb) == less else 1)
        assert item.key == expected, item.id


def test_check_refuses_a_wrong_key_and_a_figure_that_does_not_match() -> None:
    gen = get_generator(FAMILY)
    item = make_item(FAMILY, 1.0, 7)
    with pytest.raises(ItemCheckError):
        gen.check(replace(item, key=(item.key + 1) % 3,
                          options=tuple(replace(o, mistake=o.mistake or "x") for o in item.options)))
    sides = {n: dict(s) for n, s in item.params["sides"].items()}
    first = next(k for k in sides["A"] if k not in ("ropes",))
    sides["A"][first] = sides["A"][first] + 1
    with pytest.raises(ItemCheckError):
        gen.check(replace(item, params={**item.params, "sides": sides}))
