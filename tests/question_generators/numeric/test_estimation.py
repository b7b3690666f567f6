"""numeric.estimation: every item verified, corruptions caught, difficulty model, spread options."""

from __future__ import annotations

import itertools

import pytest

from question_generators.numeric import estimation
from question_generators.numeric.common import read
from question_generators.numeric.estimation import KINDS, sig2
from question_generators.registry import make_item
from tests.question_generators.numeric import numerical_checks as nc
from tests.question_generators.numeric.test_arithmetic import english_in_code

FAMILY = "numeric.estimation"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)  # 2,000 items across -3..+3, each already checked by make_item


def test_check_passes_across_the_difficulty_range(items) -> None:
    nc.check_all(FAMILY, items)
    assert {(i.params["kind"], i.params["tight"]) for i in items} == {(k, t) for k in KINDS for t in (0, 1)}


def test_corrupted_keys_and_options_are_caught(items) -> None:
    nc.corrupted_keys_caught(FAMILY, items)


def test_difficulty_rises_with_the_kind_and_tighter_options(items) -> None:
    nc.difficulty_monotone(items, "kind_level", ("tight",))


def test_options_spread_so_estimation_is_enough(items) -> None:
    nc.options_distinct_named_balanced(items)
    for item in items:
        values = [read(o.text) for o in item.options]
        factor = 1.6 if item.params["tight"] else 2.0
        for a, b in itertools.pairwise(values):
            assert b / a >= factor - 0.05, (item.id, values)
        assert all(v == sig2(v) for v in values)  # two significant figures, like the key


def test_same_seed_same_item_and_variety(items) -> None:
    assert make_item(FAMILY, 0.3, 11).to_dict() == make_item(FAMILY, 0.3, 11).to_dict()
    nc.fingerprints_vary(items, 0.95)


def test_no_sympy_and_no_english_in_the_code() -> None:
    nc.no_sympy(FAMILY)
    assert set(english_in_code(estimation)) <= {estimation.EstimationGenerator.title}
