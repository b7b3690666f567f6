"""Issue 18: circuits in Bokmål (strømkrets, lyspære, bryter, batteri): the same circuits, drawing,
key and difficulty as in English, checked by the family's own check() (nodal analysis) over 1,000
seeds, every text Norwegian, and the English items unchanged."""

from __future__ import annotations

import dataclasses
import re

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.technical.nb_checks import bare, english_left, pair

FAMILY = "technical.circuits"
ENGLISH = re.compile(r"\b(the|bulbs?|switch(es)?|cell|lit|out|and|open(ed)?|closed|brightest|glows?|"
                     r"shorted|wire|branch(es)?|circuit|current|terminal|none|only|all|same|dimmer)\b", re.I)


def test_bokmal_items_mirror_the_english_ones_and_pass_check() -> None:
    generator = get_generator(FAMILY, "nb")
    for seed in range(1000):
        nb, en = pair(FAMILY, seed)
        generator.check(nb)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert (nb.key, nb.difficulty, nb.discrimination, len(nb.options)) == \
            (en.key, en.difficulty, en.discrimination, len(en.options)), seed
        assert nb.params["tree"] == en.params["tree"] and nb.params["ask"] == en.params["ask"]
        assert bare(nb.figure.svg) == bare(en.figure.svg), seed  # the same drawing, other words
        if seed % 50 == 0:
            assert regenerate(nb.id) == nb


def test_every_text_is_norwegian() -> None:
    for seed in range(0, 1000, 3):
        nb, _ = pair(FAMILY, seed)
        assert not english_left(nb, ENGLISH), (nb.id, english_left(nb, ENGLISH))


def test_a_switch_question_names_the_switch_and_bulb_in_norwegian() -> None:
    seen = 0
    for seed in range(200):
        nb, _ = pair(FAMILY, seed)
        if nb.params["ask"] == "switch":
            seen += 1
            assert f"bryter {nb.params['switch']}".lower() in nb.prompt.lower()
            assert f"lyspære {nb.params['bulb']}" in nb.prompt
            assert nb.params["action"] in ("åpnes", "lukkes")
    assert seen > 20


def test_a_corrupted_bokmal_key_is_caught() -> None:
    item = make_item(FAMILY, 0.5, 3, lang="nb")
    with pytest.raises(ItemCheckError):
        get_generator(FAMILY, "nb").check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
