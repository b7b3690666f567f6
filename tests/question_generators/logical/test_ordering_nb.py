"""Issue 18: ordering puzzles in Bokmål: the same puzzles, keys and difficulty as in English, parsed
back and solved by check() in Bokmål, every text Norwegian."""

from __future__ import annotations

import re

from question_generators.registry import make_item, regenerate
from tests.question_generators.bokmal import english_left, level

ENGLISH = re.compile(r"\b(the|sits|seat|scored|ranked|speaks|talk|who|which|statement|overlooked|left|right)\b",
                     re.I)



def test_bokmal_puzzles_mirror_the_english_ones_and_pass_check() -> None:
    for seed in range(0, 2000, 2):  # the solver is the slow part; 1,000 seeds over the range
        nb = make_item("logical.ordering", level(seed), seed, lang="nb")  # check() runs in make_item
        en = make_item("logical.ordering", level(seed), seed, check=False)
        assert nb.lang == "nb" and nb.key == en.key and nb.difficulty == en.difficulty
        assert len(nb.prompt.splitlines()) == len(en.prompt.splitlines())


def test_texts_are_norwegian_and_regenerate() -> None:
    for seed in range(0, 2000, 13):
        item = make_item("logical.ordering", level(seed), seed, lang="nb")
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
    item = make_item("logical.ordering", 2.0, 5, lang="nb")
    assert regenerate(item.id) == item
