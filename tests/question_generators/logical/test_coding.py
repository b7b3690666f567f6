"""logical.coding: every item verified, corruptions caught, the code library, difficulty."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.logical import coding
from question_generators.registry import get_generator, make_item

FAMILY = "logical.coding"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    assert {item.params["code"] for item in items} == set(coding.BANDS)


def test_check_fails_on_a_moved_key(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:400]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)


def _item(base, word: str, code: str, target: str, options: list[str], key: int):
    opts = tuple(Option(t, mistake=None if i == key else "m") for i, t in enumerate(options))
    prompt = get_generator(FAMILY).phrases["stems"][0].format(word=word, code=code, target=target)
    return dataclasses.replace(base, prompt=prompt, options=opts, key=key)


def test_check_on_hand_written_codes(items) -> None:
    generator = get_generator(FAMILY)
    base = items[0]
    generator.check(_item(base, "TABLE", "UBCMF", "CHAIR", ["DIBJS", "EJCKT", "BGZHQ", "SJBID", "DIBJR"], 0))
    generator.check(_item(base, "TABLE", "ELBAT", "CHAIR", ["CHAIR", "RIAHC", "SJBID", "RHAIC", "QHZGB"], 1))
    generator.check(_item(base, "CAT", "3-1-20", "DOG", ["4-15-7", "3-14-6", "7-15-4", "23-12-20", "5-16-8"], 0))
    generator.check(_item(base, "TABLE", "GZYOV", "CHAIR", ["XSZRI", "WRYQH", "XSZRJ", "IRZSX", "DIBJS"], 0))
    with pytest.raises(ItemCheckError, match="keyed"):
        generator.check(_item(base, "TABLE", "UBCMF", "CHAIR", ["DIBJS", "EJCKT", "BGZHQ", "SJBID", "DIBJR"], 1))
    # ABAB -> BABA is both "alternate +1, -1" and "reverse": two options are defensible
    with pytest.raises(ItemCheckError, match="A, B"):
        generator.check(_item(base, "ABAB", "BABA", "CHAIR", ["DGBHS", "RIAHC", "DIBJS", "CHAIR", "SJBID"], 0))
    with pytest.raises(ItemCheckError, match="no code"):
        generator.check(_item(base, "TABLE", "QWERT", "CHAIR", ["DIBJS", "EJCKT", "BGZHQ", "SJBID", "DIBJR"], 0))


def test_the_library_fits_each_band() -> None:
    for rule in ({"kind": "shift", "k": 2}, {"kind": "shift", "k": -1, "reversed": True},
                 {"kind": "position", "a": 1, "b": 2}, {"kind": "alternating", "a": 2, "b": -1},
                 {"kind": "mirror", "k": 0, "reversed": True}, {"kind": "numbers", "offset": 2}):
        code = coding.encode(rule, "GARDEN")
        assert coding.defensible_codes("GARDEN", code, "PLANET") == {coding.encode(rule, "PLANET")}, rule


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 17, 999):
        assert make_item(FAMILY, 0.3, seed).to_dict() == make_item(FAMILY, 0.3, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.97


def test_options_distinct_named_and_balanced(items) -> None:
    positions: Counter[int] = Counter()
    for item in items:
        texts = [o.text for o in item.options]
        assert len(texts) == 5 and len(set(texts)) == 5
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
        positions[item.key] += 1
    for position in range(5):
        assert 0.14 <= positions[position] / len(items) <= 0.26, positions


def test_wrap_band_wraps_and_easy_bands_do_not(items) -> None:
    generator = get_generator(FAMILY)
    for item in items:
        rule, band = item.params["rule"], item.params["code"]
        if band == "wrap":
            assert generator._wraps(rule, item.params["target"])
        if band in ("shift", "shift_back"):
            assert not generator._wraps(rule, item.params["target"])
            assert not generator._wraps(rule, item.params["word"])


def test_difficulty_rises_with_the_band_and_the_variant(items) -> None:
    by_band: dict[int, list[float]] = defaultdict(list)
    by_large: dict[tuple[int, int], list[float]] = defaultdict(list)
    for item in items:
        by_band[item.params["band"]].append(item.difficulty)
        by_large[(item.params["band"], item.params["large"])].append(item.difficulty)
    means = [sum(by_band[b]) / len(by_band[b]) for b in range(len(coding.BANDS))]
    assert means == sorted(means) and len(set(means)) == len(means)
    for band in range(len(coding.BANDS)):
        lo, hi = by_large[(band, 0)], by_large[(band, 1)]
        if lo and hi:
            assert max(lo) < min(hi)


def test_explanations_work_the_asked_word(items) -> None:
    for item in items:
        key = item.options[item.key].text
        assert item.explanation.endswith(f"{key}.")
        assert item.params["target"] in item.explanation


def test_no_english_in_the_code() -> None:
    from tests.question_generators.numeric.test_arithmetic import english_in_code

    assert english_in_code(coding) == []
