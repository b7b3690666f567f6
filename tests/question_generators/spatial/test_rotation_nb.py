"""Issue 18: shape rotation in Bokmål: the same shapes, key and difficulty as in English, checked by
the family's own check(), every text Norwegian (prompt, explanation, mistakes, the drawing's labels
and text alternative)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.bokmal import english_left, level

ENGLISH = re.compile(r"\b(the|which|shape|shapes|target|option|turned|turn|mirror|flipped|square|squares|"
                     r"different|chose|clockwise|quarter|half)\b", re.I)


def test_bokmal_items_mirror_the_english_ones_and_pass_check() -> None:
    for seed in range(1000):
        nb = make_item("spatial.rotation", level(seed), seed, lang="nb")
        en = make_item("spatial.rotation", level(seed), seed)
        assert nb.lang == "nb" and regenerate(nb.id) == nb
        assert (nb.key, nb.difficulty, len(nb.options)) == (en.key, en.difficulty, len(en.options))


def test_every_text_is_norwegian() -> None:
    for seed in range(0, 1000, 5):
        item = make_item("spatial.rotation", level(seed), seed, lang="nb")
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
        assert not ENGLISH.search(item.figure.alt)
        labels = re.findall(r">([^<>]+)</text>", item.figure.svg)
        assert "Mål" in labels and not [label for label in labels if ENGLISH.search(label)]


def test_a_corrupted_bokmal_key_is_caught() -> None:
    item = make_item("spatial.rotation", 0.5, 3, lang="nb")
    with pytest.raises(ItemCheckError):
        get_generator("spatial.rotation", "nb").check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
