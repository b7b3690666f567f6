"""Issue 18: letter series in Bokmål: the same series, key and difficulty as in English, checked by
the family's own check() in Bokmål, every text Norwegian, the A-Z convention stated in the stem."""

from __future__ import annotations

import re

from question_generators.item import ItemId
from question_generators.registry import item_language, make_item, regenerate
from tests.question_generators.bokmal import english_left, level

SEEDS = range(2000)
ENGLISH = re.compile(r"\b(the|letter|series|which|comes|each|step|steps|before|after|wrong|instead)\b", re.I)



def test_bokmal_items_mirror_the_english_ones_and_pass_check() -> None:
    for seed in SEEDS:
        nb = make_item("logical.letter_series", level(seed), seed, lang="nb")  # check() runs in make_item
        en = make_item("logical.letter_series", level(seed), seed)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert nb.prompt.splitlines()[-1] == en.prompt.splitlines()[-1]
        assert [o.text for o in nb.options] == [o.text for o in en.options] and nb.key == en.key
        assert nb.difficulty == en.difficulty


def test_every_text_is_norwegian_and_states_the_alphabet() -> None:
    for seed in range(0, 2000, 7):
        item = make_item("logical.letter_series", level(seed), seed, lang="nb")
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
        assert "A–Z, uten Æ, Ø og Å" in item.prompt


def test_the_id_carries_the_language_and_regenerates() -> None:
    item = make_item("logical.letter_series", 1.0, 42, lang="nb")
    assert ItemId.parse(item.id).lang == "nb" and regenerate(item.id) == item
    assert ItemId.parse(make_item("logical.letter_series", 1.0, 42).id).lang == "en"


def test_every_family_writes_bokmal() -> None:
    """Issue 18: every registered family now writes Bokmål, so no form needs the English-family note."""
    from question_generators.registry import family_names

    assert [f for f in family_names() if item_language(f, "nb") != "nb"] == []


def test_an_assembled_bokmal_form_is_all_bokmal() -> None:
    from engine.blueprints import load_blueprint
    from engine.forms import assemble

    form = assemble(load_blueprint("mixed-screener"), 7, lang="nb")
    assert {item.lang for item in form.items} == {"nb"}
    assert not any("English" in note or "bokmål" in note for note in form.notes)
    english_notes = assemble(load_blueprint("mixed-screener"), 7).notes
    assert not any("English" in note for note in english_notes)
