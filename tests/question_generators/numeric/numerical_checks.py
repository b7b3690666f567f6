"""Checks shared by the tests of the numerical-reasoning families (percent_ratio, word_problem,
estimation, data_table, data_chart): each test module calls these on its own sweep."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections import Counter, defaultdict

import pytest

from question_generators.base import phrases_for
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
        if ordered:  # numeric options ascending (a "Cannot be determined" option, valueless, stays last)
            values = [o.value for o in item.options if o.value is not None]
            assert values == sorted(values), texts
            assert all(o.value is not None for o in item.options[:len(values)]), texts
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


def at_most_one_generic_slip(items: list[Item], table: str) -> None:
    """A decimal-point slip fits any question, so an item shows at most one (two, like 34 and
    3,409 beside 341, give the key away as the option between them); no mistake twice."""
    mistakes = phrases_for("question_generators.numeric", "en", "numerical.toml")[table]["mistakes"]
    generic = frozenset(mistakes[k] for k in ("slip_up", "slip_down", "slip_up2", "slip_down2"))
    choice = [i for i in items if i.entry is None]
    with_slip = 0
    for item in choice:
        mistakes = [o.mistake for o in item.options if o.mistake]
        assert sum(m in generic for m in mistakes) <= 1, (item.id, [o.text for o in item.options], mistakes)
        if item.params.get("kind") != "largest":  # rows (not numbers) may share a reason
            assert len(set(mistakes)) == len(mistakes), (item.id, mistakes)
        with_slip += any(m in generic for m in mistakes)
    assert with_slip / len(choice) < 0.8, with_slip / len(choice)  # most distractors are conceptual
