"""Issue 18: numerical word problems in Bokmål: the same questions, keys and difficulty as in
English (currency: euros and dollars into kroner at ten times the English rates), checked by
check() in Bokmål, km/t, timer og minutter, kroner after the amount, ':' for division."""

from __future__ import annotations

import dataclasses

import pytest

from question_generators.errors import ItemCheckError
from question_generators.numeric.common import NBSP
from question_generators.numeric.word_problem import KINDS, KRONER_PER_POUND, MONEY_FIELDS
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.bokmal import level
from tests.question_generators.numeric.nb_checks import (
    assert_calibrated_nb,
    assert_corruption_caught,
    assert_no_cues_nb,
    assert_norwegian,
    nb_sample,
)

FAMILY = "numeric.word_problem"


@pytest.fixture(scope="module")
def items():
    return nb_sample(FAMILY, 3000)  # each checked by make_item


def test_mirrors_english(items) -> None:
    for seed, nb in enumerate(items[:600]):
        en = make_item(FAMILY, level(seed), seed)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert (nb.difficulty, nb.params["kind"], nb.params["entry"]) == (en.difficulty, en.params["kind"],
                                                                         en.params["entry"])
        kind = nb.params["kind"]
        if kind != "currency":  # the same numbers and key (currency: kroner rates), money in kroner
            numbers = {k: v for k, v in nb.params["q"].items() if k != "what"}  # 'what': the unit's name
            scaled = {k: v for k, v in en.params["q"].items() if k != "what"}
            if en.params["q"].get("ctx") != "strength":  # a blend of strengths is not money
                scaled.update({k: v * KRONER_PER_POUND for k, v in scaled.items() if k in MONEY_FIELDS.get(kind, ())})
            assert numbers == scaled and nb.key == en.key, (seed, kind)


def test_texts_are_norwegian_with_norwegian_numbers(items) -> None:
    assert_norwegian(items)
    assert {i.params["kind"] for i in items} == set(KINDS)
    assert not any("km/h" in i.prompt for i in items) and any("km/t" in i.prompt for i in items)
    money = [i for i in items if i.params["show"] in ("wp.money2@nb", "money|kr|nb")]
    assert money and all(o.text.endswith(NBSP + "kr") for i in money for o in i.options)
    currency = [i for i in items if i.params["kind"] == "currency"]
    assert {i.params["q"]["home"] for i in currency} == {"euro", "dollar"}
    assert all("1 euro = " in i.prompt or "1 dollar = " in i.prompt for i in currency)
    entries = [i for i in items if i.entry is not None]
    assert entries and all(i.prompt.splitlines()[-1].startswith("Skriv svaret") for i in entries)


def test_a_corrupted_item_is_caught(items) -> None:
    assert_corruption_caught(FAMILY, [i for i in items if i.entry is None])
    generator = get_generator(FAMILY, "nb")
    typed = next(i for i in items if i.entry is not None)
    wrong = dataclasses.replace(typed, entry=dataclasses.replace(typed.entry, value=typed.entry.value + 1))
    with pytest.raises(ItemCheckError):
        generator.check(wrong)


def test_regenerates_from_its_id(items) -> None:
    assert regenerate(items[222].id) == items[222]


def test_no_option_only_cue_and_calibrated() -> None:
    assert_no_cues_nb(FAMILY)
    assert_calibrated_nb(FAMILY)


def test_a_typed_answer_is_read_the_bokmal_way(items) -> None:
    typed = [i for i in items if i.entry is not None and i.entry.decimals][:50]
    assert typed
    for item in typed:
        answer = f"{item.entry.value:.{item.entry.decimals}f}".replace(".", ",")  # '78,0', '624,32'
        assert item.grade(item.normalize_response(answer)), (item.id, answer)
