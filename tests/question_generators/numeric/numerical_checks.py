"""Checks shared by the tests of the numerical-reasoning families (percent_ratio, word_problem,
estimation, data_table, data_chart): each test module calls these on its own sweep."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Item
from question_generators.registry import get_generator


def check_all(family: str, items: list[Item]) -> None:
    generator = get_generator(family)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)


def corrupted_keys_caught(family: str, items: list[Item], count: int = 300) -> None:
    generator = get_generator(family)
    choice = [i for i in items if i.entry is None][:count]
    for item in choice:
        for shift in range(1, len(item.options)):
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, key=(item.key + shift) % len(item.options)))
        other = (item.key + 1) % len(item.options)
        target = (item.key + 2) % len(item.options)
        options = list(item.options)
        options[target] = options[other]
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))
    for item in [i for i in items if i.entry is not None][:100]:
        entry = dataclasses.replace(item.entry, value=item.entry.value + 10 * item.entry.tolerance + 1)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, entry=entry))


def difficulty_monotone(items: list[Item], level: str, features: tuple[str, ...]) -> None:
    """Mean b rises with the level parameter, and within a level with each 0/1 feature."""
    by_level: dict[int, list[float]] = defaultdict(list)
    for item in items:
        by_level[item.params[level]].append(item.difficulty)
    levels = sorted(by_level)
    means = [sum(by_level[k]) / len(by_level[k]) for k in levels]
    assert means == sorted(means) and len(set(means)) == len(means), means
    for feature in features:
        pairs: dict[tuple[int, int], list[float]] = defaultdict(list)
        for item in items:
            pairs[(item.params[level], int(item.params[feature]))].append(item.difficulty)
        compared = 0
        for k in levels:
            lo, hi = pairs[(k, 0)], pairs[(k, 1)]
            if lo and hi:
                compared += 1
                assert sum(lo) / len(lo) < sum(hi) / len(hi), (feature, k)
        assert compared, feature


def options_distinct_named_balanced(items: list[Item], ordered: bool = True) -> None:
    positions: Counter[int] = Counter()
    choice = [i for i in items if i.entry is None]
    for item in choice:
        texts = [o.text for o in item.options]
        assert len(set(texts)) == len(texts) == 5, texts
        if ordered:
            values = [o.value for o in item.options]
            assert values == sorted(values), texts
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key), (item.id, texts)
        assert item.options[item.key].text in item.explanation, (item.id, item.explanation)
        positions[item.key] += 1
    for letter in range(5):
        assert 0.08 <= positions[letter] / len(choice) <= 0.32, positions


def no_sympy(family: str) -> None:
    code = ("import sys; from question_generators.registry import make_item\n"
            f"for s in range(200): make_item({family!r}, -3 + 6 * (s % 13) / 12, s)\n"
            "assert 'sympy' not in sys.modules, 'sympy imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def fingerprints_vary(items: list[Item], share: float = 0.9) -> None:
    prints = {item.fingerprint() for item in items}
    assert len(prints) / len(items) > share
