"""Issue 18: figure matrices and figure series in Bokmål: the same figures, key and difficulty as in
English, checked by the family's own check() in Bokmål, every text Norwegian (options, rules,
named mistakes, the drawing's legend and text alternative), agreement right in the plural."""

from __future__ import annotations

import dataclasses
import re

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.bokmal import english_left, level

FAMILIES = ("abstract.matrix", "abstract.series")
ENGLISH = re.compile(r"\b(the|which|figure|shape|row|column|empty|hatched|grey|solid|triangle|square|circle|"
                     r"arrow|pointing|outer|inner|left|right|step|steps|took|instead|giving|option)\b", re.I)


@pytest.mark.parametrize("family", FAMILIES)
def test_bokmal_items_mirror_the_english_ones_and_pass_check(family: str) -> None:
    for seed in range(600):
        nb = make_item(family, level(seed), seed, lang="nb")  # check() runs in make_item, in Bokmål
        en = make_item(family, level(seed), seed)
        assert nb.lang == "nb" and nb.id.endswith("@nb") and regenerate(nb.id) == nb
        assert (nb.key, nb.difficulty, nb.params["options"]) == (en.key, en.difficulty, en.params["options"])
        assert nb.figure.svg.count("<path") == en.figure.svg.count("<path")  # the same drawing


@pytest.mark.parametrize("family", FAMILIES)
def test_every_text_is_norwegian(family: str) -> None:
    for seed in range(0, 600, 3):
        item = make_item(family, level(seed), seed, lang="nb")
        texts = [*(english_left(item, ENGLISH)), *([item.figure.alt] if ENGLISH.search(item.figure.alt) else [])]
        assert not texts, texts
        labels = re.findall(r">([^<>]+)</text>", item.figure.svg)
        assert not [label for label in labels if ENGLISH.search(label)], labels


def test_plural_figures_take_the_plural_adjective() -> None:
    from question_generators.abstract.panels import describe

    assert describe("number", (3, 0, 1), "nb") == "3 skraverte trekanter"
    assert describe("number", (1, 4, 3), "nb") == "1 svart sirkel"
    assert describe("single", (2, 0, 3), "nb") == "ørliten svart femkant"


def test_a_corrupted_bokmal_key_is_caught() -> None:
    for family in FAMILIES:
        item = make_item(family, 1.0, 11, lang="nb")
        wrong = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            get_generator(family, "nb").check(wrong)
