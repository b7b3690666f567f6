"""Issue 18: number series in Bokmål (tallrekker): the same series, keys and difficulty as in
English, checked by check() in Bokmål, every text Norwegian, ':' for division."""

from __future__ import annotations

import dataclasses

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.bokmal import english_left, level
from tests.question_generators.numeric.nb_checks import (
    ENGLISH,
    assert_calibrated_nb,
    assert_no_cues_nb,
    nb_sample,
    number_problems,
)

FAMILY = "numeric.series"


@pytest.fixture(scope="module")
def items():
    return nb_sample(FAMILY, 2000)  # each checked by make_item


def test_bokmal_series_mirror_the_english_ones(items) -> None:
    for seed, nb in enumerate(items[:600]):
        en = make_item(FAMILY, level(seed), seed)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert nb.key == en.key and nb.difficulty == en.difficulty and nb.params == en.params
        assert nb.prompt.splitlines()[-1] == en.prompt.splitlines()[-1].replace("-", "\u2212")


def test_texts_are_norwegian_with_norwegian_numbers(items) -> None:
    for item in items:
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
        assert not number_problems(item), number_problems(item)
    halving = [i for i in items if i.params["rule"] == "geometric" and " : 2 " in i.explanation]
    assert halving and not any("÷" in i.explanation for i in items)


def test_a_corrupted_key_is_caught(items) -> None:
    generator = get_generator(FAMILY, "nb")
    for item in items[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))


def test_regenerates_from_its_id(items) -> None:
    assert regenerate(items[77].id) == items[77]


def test_no_option_only_cue_and_calibrated() -> None:
    assert_no_cues_nb(FAMILY)
    assert_calibrated_nb(FAMILY)
