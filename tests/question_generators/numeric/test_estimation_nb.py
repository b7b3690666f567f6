"""Issue 18: quick estimation in Bokmål: the same calculations, keys and difficulty as in English,
checked by check() in Bokmål, Norwegian contexts and kroner, ':' for division, never '÷'."""

from __future__ import annotations

import pytest

from question_generators.registry import regenerate
from tests.question_generators.numeric.nb_checks import (
    assert_calibrated_nb,
    assert_corruption_caught,
    assert_mirrors_english,
    assert_no_cues_nb,
    assert_norwegian,
    nb_sample,
)

FAMILY = "numeric.estimation"


@pytest.fixture(scope="module")
def items():
    return nb_sample(FAMILY, 3000)  # each checked by make_item


def test_mirrors_english(items) -> None:
    assert_mirrors_english(FAMILY, items)


def test_texts_are_norwegian_with_norwegian_numbers(items) -> None:
    assert_norwegian(items)
    kinds = {i.params["kind"] for i in items}
    assert len(kinds) == 6
    quotients = [i for i in items if i.params["kind"] in ("quotient", "mixed", "per_head")]
    assert all(" : " in i.explanation and "/" not in i.explanation for i in quotients)
    assert any(i.prompt.endswith(" kr per kWh. Omtrent hva koster " + i.prompt.split("koster ")[-1].split(" kWh")[0]
                                 + " kWh, i kroner?") for i in items if i.params["kind"] == "decimals")


def test_a_corrupted_item_is_caught(items) -> None:
    assert_corruption_caught(FAMILY, items)


def test_regenerates_from_its_id(items) -> None:
    assert regenerate(items[123].id) == items[123]


def test_no_option_only_cue_and_calibrated() -> None:
    assert_no_cues_nb(FAMILY)
    assert_calibrated_nb(FAMILY)
