"""Issue 18: picture comparisons in Bokmål, worded as Norwegian tests ask them ("Hvilken av de to,
A eller B, ...? Eller er det ingen forskjell?"): the same pictures, key and difficulty as in
English, checked by the family's own check() over 1,000 seeds, every text Norwegian."""

from __future__ import annotations

import dataclasses
import re

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.technical.nb_checks import bare, english_left, pair

FAMILY = "technical.picture_compare"
# "driver" is a Norwegian verb (drives)
ENGLISH = re.compile(r"\b(the|and|of|no|difference|wheelbarrows?|hoists?|gears?|pulleys?|ropes?|segments?|"
                     r"teeth|idler|output|lift|pull|wheels?|across|rpm|handles?|needs?|load|smaller|"
                     r"faster|which)\b", re.I)


def test_bokmal_items_mirror_the_english_ones_and_pass_check() -> None:
    generator = get_generator(FAMILY, "nb")
    for seed in range(1000):
        nb, en = pair(FAMILY, seed)
        generator.check(nb)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert (nb.key, nb.difficulty, nb.discrimination) == (en.key, en.difficulty, en.discrimination), seed
        assert nb.params == en.params, seed  # the content is the mechanisms' numbers, in any language
        assert bare(nb.figure.svg) == bare(en.figure.svg), seed
        if seed % 50 == 0:
            assert regenerate(nb.id) == nb


def test_every_text_is_norwegian() -> None:
    for seed in range(0, 1000, 3):
        nb, _ = pair(FAMILY, seed)
        assert not english_left(nb, ENGLISH), (nb.id, english_left(nb, ENGLISH))
        assert [o.text for o in nb.options] == ["A", "B", "Ingen forskjell"]
        assert "Hvilke" in nb.prompt or "hvilke" in nb.prompt
        assert nb.prompt.endswith("Eller er det ingen forskjell?")
        assert not re.search(r"\d\.\d", nb.explanation), nb.explanation  # 12,5 kg


def test_a_corrupted_bokmal_key_is_caught() -> None:
    item = make_item(FAMILY, 0.5, 3, lang="nb")
    with pytest.raises(ItemCheckError):
        get_generator(FAMILY, "nb").check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
