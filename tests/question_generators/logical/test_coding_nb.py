"""Issue 18: letter coding in Bokmål: Norwegian words (A-Z only), the same codes and difficulty
model as English, checked by check() in Bokmål, every text Norwegian, the A-Z convention stated."""

from __future__ import annotations

import re
from collections import Counter

from question_generators.registry import make_item, regenerate
from tests.question_generators.bokmal import english_left, level

ENGLISH = re.compile(r"\b(the|letter|letters|each|code|coded|written|same|instead|wrong|shifted|forgot)\b", re.I)



def test_bokmal_codes_pass_check_over_the_range() -> None:
    keys: Counter[str] = Counter()
    for seed in range(2000):
        item = make_item("logical.coding", level(seed), seed, lang="nb")  # check() runs in make_item
        assert item.lang == "nb" and "A–Z, uten Æ, Ø og Å" in item.prompt
        assert not set("ÆØÅ") & set(item.params["word"] + item.params["target"])
        keys[item.key_letter] += 1
    assert all(abs(n / 2000 - 0.2) < 0.03 for n in keys.values()), keys


def test_texts_are_norwegian_and_regenerate() -> None:
    for seed in range(0, 2000, 9):
        item = make_item("logical.coding", level(seed), seed, lang="nb")
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
    item = make_item("logical.coding", 1.5, 77, lang="nb")
    assert regenerate(item.id) == item


def test_bokmal_difficulty_follows_the_same_model() -> None:
    import statistics

    for asked in (-2.0, 0.0, 2.0):
        nb = [make_item("logical.coding", asked, 10_000 + i, lang="nb").difficulty for i in range(60)]
        assert abs(statistics.fmean(nb) - asked) <= 0.3 and statistics.pstdev(nb) < 0.5, (asked, nb)
