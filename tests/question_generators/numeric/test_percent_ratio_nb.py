"""Issue 18: percentages and ratios in Bokmål: the same calculations, keys and difficulty as in
English, checked by check() in Bokmål, kroner after the amount (1 250,50 kr), 12,5 %, ':' for
division, Norwegian names, places and company types."""

from __future__ import annotations

import statistics

import pytest

from question_generators.numeric.common import NBSP
from question_generators.numeric.percent_ratio import MONEY_FIELDS
from question_generators.registry import regenerate
from tests.question_generators.numeric.nb_checks import (
    assert_calibrated_nb,
    assert_corruption_caught,
    assert_mirrors_english,
    assert_no_cues_nb,
    assert_norwegian,
    nb_sample,
)

FAMILY = "numeric.percent_ratio"


@pytest.fixture(scope="module")
def items():
    return nb_sample(FAMILY, 3000)  # each checked by make_item


def test_mirrors_english(items) -> None:
    assert_mirrors_english(FAMILY, items, money=MONEY_FIELDS)


def test_texts_are_norwegian_with_norwegian_numbers(items) -> None:
    assert_norwegian(items)
    assert len({i.params["kind"] for i in items}) == 8
    money = [i for i in items if i.params["show"] == "pr.money2@nb"]
    assert money and all(o.text.endswith(NBSP + "kr") for i in money for o in i.options)
    percent = [i for i in items if i.params["show"] == "pr.pct1@nb"]
    assert percent and all(o.text.endswith(NBSP + "%") for i in percent for o in i.options)
    assert any("AS" in i.prompt.split() or "ASA" in i.prompt.split() for i in items)
    assert any("Tromsø" in i.prompt for i in items) and any(" år?" in i.prompt for i in items)


def test_a_corrupted_item_is_caught(items) -> None:
    assert_corruption_caught(FAMILY, items)


def test_regenerates_from_its_id(items) -> None:
    assert regenerate(items[321].id) == items[321]


def test_no_option_only_cue_and_calibrated() -> None:
    assert_no_cues_nb(FAMILY)
    assert_calibrated_nb(FAMILY)


def test_money_is_in_kroner_magnitudes(items) -> None:
    """Seen before: Bokmål items showed the pound amounts in kroner (a 1 300 kr budget, a 60 kr
    profit share). Each money quantity is now ten times the English one."""
    amounts = [v for i in items for k, v in i.params["q"].items() if k in MONEY_FIELDS.get(i.params["kind"], ())]
    assert len(amounts) > 300
    assert min(amounts) >= 100 and statistics.median(amounts) >= 5000, (min(amounts), statistics.median(amounts))
