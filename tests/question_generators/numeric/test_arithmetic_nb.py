"""Issue 18: mental arithmetic in Bokmål (hoderegning): the same calculations, keys and difficulty
as in English, checked by check() in Bokmål (expressions with decimal commas and ':' read back by
its own parser), Norwegian stems and kroner, never '÷'."""

from __future__ import annotations

from fractions import Fraction

import pytest

from question_generators.numeric.arithmetic import evaluate, read_value
from question_generators.registry import make_item, regenerate
from tests.question_generators.bokmal import level
from tests.question_generators.numeric.nb_checks import (
    assert_calibrated_nb,
    assert_corruption_caught,
    assert_no_cues_nb,
    assert_norwegian,
    nb_sample,
)

FAMILY = "numeric.arithmetic"
TO_NB = str.maketrans({"÷": ":", ".": ","})


@pytest.fixture(scope="module")
def items():
    return nb_sample(FAMILY, 2000)  # each checked by make_item


def test_mirrors_english(items) -> None:
    for seed, nb in enumerate(items[:600]):
        en = make_item(FAMILY, level(seed), seed)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert (nb.key, nb.difficulty, nb.params["kind"]) == (en.key, en.difficulty, en.params["kind"])
        if "expression" in en.params:  # the same expression, written the Norwegian way
            assert nb.params["expression"] == en.params["expression"].translate(TO_NB)


def test_texts_are_norwegian_with_norwegian_numbers(items) -> None:
    assert_norwegian(items)
    assert len({i.params["kind"] for i in items}) == 10
    divisions = [i for i in items if " : " in i.params.get("expression", "")]
    assert divisions and not any("÷" in i.prompt or "÷" in i.explanation for i in items)
    assert any("," in i.params.get("expression", "") for i in items)  # decimals with a comma


def test_the_parser_reads_bokmal() -> None:
    assert evaluate("0,1 : 0,04", "nb") == Fraction(5, 2)
    assert evaluate("(2,5 + 1,25) × 4 − 3 : 6", "nb") == Fraction(29, 2)
    assert evaluate("3 1/3 : 1 1/2", "nb") == Fraction(20, 9)
    assert read_value("1\u00a0250,50\u00a0kr", "nb") == Fraction(250100, 200)
    assert read_value("12,5\u00a0%", "nb") == Fraction(25, 2) and read_value("1 1/2", "nb") == Fraction(3, 2)


def test_a_corrupted_item_is_caught(items) -> None:
    assert_corruption_caught(FAMILY, [i for i in items if i.entry is None])


def test_regenerates_from_its_id(items) -> None:
    assert regenerate(items[99].id) == items[99]


def test_no_option_only_cue_and_calibrated() -> None:
    assert_no_cues_nb(FAMILY)
    assert_calibrated_nb(FAMILY)
