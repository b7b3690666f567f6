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


# Realistic Norwegian amounts per context (kroner): savings and loans of a household or a small
# firm; coffee, tea and nuts per kg in a Norwegian shop or wholesaler; a hotel bill or a bureau
# exchange in euros or dollars; a small web shop's monthly turnover and monthly salaries (SSB:
# average monthly pay about 56 000 kr) in thousands of kroner.
KRONER_RANGES = {"simple_interest": (10_000, 400_000), "compound_interest": (10_000, 400_000),
                 "blend": (40, 310)}


def test_money_is_in_kroner_magnitudes(items) -> None:
    checked = set()
    for item in items:
        kind, q = item.params["kind"], item.params["q"]
        if kind in KRONER_RANGES and q.get("ctx") != "strength":
            low, high = KRONER_RANGES[kind]
            for name in MONEY_FIELDS[kind]:
                if name in q:
                    assert low <= q[name] <= high, (item.id, name, q[name])
            checked.add(kind)
        elif kind == "currency":  # euros or dollars changed, or a kroner amount changed back
            assert 100 <= q["amount"] <= 60_000, (item.id, q)
        elif kind == "weighted" and "månedslønn" in item.prompt:
            assert all(40 <= m <= 100 for m in q["m"])  # monthly pay in thousands of kroner
        elif kind == "mean" and "tusen kroner" in item.prompt:
            assert "nettbutikk" in item.prompt  # 20-100 thousand kroner a month: a small shop
    assert checked == set(KRONER_RANGES)
    # an nb deposit is ten times the English one; the English prompt shows the pound amount
    en = make_item(FAMILY, 0.0, 4)
    nb = make_item(FAMILY, 0.0, 4, lang="nb")
    if en.params["kind"] in MONEY_FIELDS:
        assert nb.params["q"]["p0"] == KRONER_PER_POUND * en.params["q"]["p0"]
