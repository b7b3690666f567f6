"""Issue 18: syllogisms in Bokmål (deduktiv resonnering): the same forms, keys and difficulty as in
English, checked by check() in Bokmål, with Norwegian terms, labels and explanations."""

from __future__ import annotations

import re

from question_generators.registry import make_item, regenerate
from tests.question_generators.bokmal import english_left, level

ENGLISH = re.compile(r"\b(the|all|some|no|are|is|not|statement|statements|conclusion|follows|true|false)\b")



def test_bokmal_syllogisms_mirror_the_english_ones_and_pass_check() -> None:
    for seed in range(2000):
        nb = make_item("logical.syllogism", level(seed), seed, lang="nb")  # check() runs in make_item
        en = make_item("logical.syllogism", level(seed), seed)
        assert nb.lang == "nb" and nb.key == en.key and nb.difficulty == en.difficulty
        assert nb.params["form"] == en.params["form"] and nb.params["ask"] == en.params["ask"]


def test_texts_are_norwegian() -> None:
    labels = set()
    for seed in range(0, 2000, 11):
        item = make_item("logical.syllogism", level(seed), seed, lang="nb")
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
        if item.params["ask"] == "judge":
            labels.add(tuple(o.text for o in item.options))
    assert labels == {("Sant: den må følge", "Usant: den kan ikke være sann", "Kan ikke avgjøres")}


def test_a_bokmal_syllogism_regenerates() -> None:
    item = make_item("logical.syllogism", 2.2, 31, lang="nb")
    assert regenerate(item.id) == item
