"""Issue 18: fluids and forces in Bokmål (kommuniserende kar, trykk, U-rør, skråplan, fjærer,
hydraulisk presse): the same scenes, drawings, keys and difficulties as in English, checked by
the family's own check() over 1,000 seeds, numbers with the decimal comma, every text Norwegian."""

from __future__ import annotations

import dataclasses
import re

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.technical.nb_checks import bare, english_left, pair, tags

FAMILY = "technical.fluids_forces"
# "tank", "diameter" and "to" are Norwegian words too
ENGLISH = re.compile(r"\b(the|and|of|in|on|vessels?|water|points?|pressure|level|pipe|open|sealed|wide|narrow|"
                     r"funnel|ramp|slope|load|force|springs?|pistons?|oil|paraffin|petrol|olive|mercury|valve|"
                     r"floor|pivot|interface|poured|arms?|tube|height|depths?|unknown|small|large|area|up|"
                     r"holds|stretch(es)?)\b", re.I)


def test_bokmal_items_mirror_the_english_ones_and_pass_check() -> None:
    generator = get_generator(FAMILY, "nb")
    for seed in range(1000):
        nb, en = pair(FAMILY, seed)
        generator.check(nb)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert (nb.key, nb.difficulty, nb.discrimination, len(nb.options)) == \
            (en.key, en.difficulty, en.discrimination, len(en.options)), seed
        assert {k: v for k, v in nb.params.items() if k != "content"} == \
            {k: v for k, v in en.params.items() if k != "content"}, seed
        assert [o.value for o in nb.options] == [o.value for o in en.options]
        assert tags(nb.figure.svg) == tags(en.figure.svg), seed
        if nb.params["kind"] != "press":  # the press's load box widens to hold its figure ("12 000 N")
            assert bare(nb.figure.svg) == bare(en.figure.svg), seed
        if seed % 50 == 0:
            assert regenerate(nb.id) == nb


def test_every_text_is_norwegian_with_decimal_commas() -> None:
    for seed in range(0, 1000, 3):
        nb, _ = pair(FAMILY, seed)
        assert not english_left(nb, ENGLISH), (nb.id, english_left(nb, ENGLISH))
        for option in nb.options:
            assert not re.search(r"\d\.\d|\d,\d{3}\b", option.text), (nb.id, option.text)  # 2,5 m; 1 200 N
        assert "÷" not in nb.explanation  # in Norway ÷ can mean minus


def test_liquids_are_named_in_norwegian() -> None:
    seen = set()
    for seed in range(400):
        nb, _ = pair(FAMILY, seed)
        if nb.params["kind"] in ("u_tube", "u_tube_height"):
            seen.add(nb.params["poured"])
            assert nb.params["poured"] not in nb.prompt or nb.params["poured"] == "olive oil"
    assert len(seen) >= 3


def test_a_corrupted_bokmal_key_is_caught() -> None:
    item = make_item(FAMILY, 0.5, 3, lang="nb")
    with pytest.raises(ItemCheckError):
        get_generator(FAMILY, "nb").check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
