"""Issue 18: checking in Bokmål: Norwegian names, addresses (Storgata 12, 0155 Oslo), dates
(17.03.2025), amounts (12 345,50) and eight-digit phone numbers, checked by check() in Bokmål."""

from __future__ import annotations

import re
from collections import Counter

from question_generators.registry import make_item, regenerate
from tests.question_generators.bokmal import english_left, level

ENGLISH = re.compile(r"\b(the|pairs?|records?|copied|which|how many|identical|missed|counted|character)\b", re.I)



def test_bokmal_items_pass_check_with_balanced_keys() -> None:
    keys: Counter[str] = Counter()
    for seed in range(2000):
        item = make_item("checking.compare", level(seed), seed, lang="nb")  # check() runs in make_item
        assert item.lang == "nb"
        keys[item.key_letter] += 1
    shares = {letter: n / 2000 for letter, n in keys.items()}
    assert max(shares.values()) - min(shares.values()) < 0.06, shares


def test_entries_and_texts_are_norwegian() -> None:
    seen = ""
    for seed in range(0, 2000, 7):
        item = make_item("checking.compare", level(seed), seed, lang="nb")
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
        seen += item.figure.to_text() + "\n"
    assert re.search(r"\b\d\d\.\d\d\.(19|20)\d\d\b", seen)  # dates as 17.03.2025
    assert re.search(r"\b\d{1,3} \d{3},\d\d\b", seen)  # amounts as 12 345,50
    assert not re.search(r"\d/\d\d/\d{4}|\d,\d{3}\.\d\d", seen)  # no English dates or amounts


def test_a_bokmal_item_regenerates() -> None:
    item = make_item("checking.compare", 1.8, 23, lang="nb")
    assert regenerate(item.id) == item
