"""Issue 18: cube nets in Bokmål (terning, utbretting): the same nets, cubes, key and difficulty as
in English, checked by the family's own check() (which folds the net again), every text Norwegian."""

from __future__ import annotations

import dataclasses
import re

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.bokmal import english_left, level

# "stripe" and "blank" are left out: they are Norwegian words too.
ENGLISH = re.compile(r"\b(the|cube|net|which|face|opposite|folded|fold|arrow|dot|shaded|mirror|"
                     r"turned|edge|corner|left|right|top|markings|and)\b", re.I)


def test_bokmal_items_mirror_the_english_ones_and_pass_check() -> None:
    for seed in range(800):
        nb = make_item("spatial.cube_net", level(seed), seed, lang="nb")
        en = make_item("spatial.cube_net", level(seed), seed)
        assert nb.lang == "nb" and regenerate(nb.id) == nb
        assert (nb.key, nb.difficulty, len(nb.options)) == (en.key, en.difficulty, len(en.options))
        assert nb.figure.svg.count("<polygon") == en.figure.svg.count("<polygon")  # the same drawing


def test_every_text_is_norwegian() -> None:
    for seed in range(0, 800, 4):
        item = make_item("spatial.cube_net", level(seed), seed, lang="nb")
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
        assert not ENGLISH.search(item.figure.alt) and not ENGLISH.search(item.figure.text)


def test_a_corrupted_bokmal_key_is_caught() -> None:
    item = make_item("spatial.cube_net", 0.5, 3, lang="nb")
    with pytest.raises(ItemCheckError):
        get_generator("spatial.cube_net", "nb").check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
