"""Shared fixtures for the item families: one sweep of items per family, reused by many tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from question_generators.item import Item
from question_generators.registry import make_item

SWEEP_SIZE = 2000


def difficulty_for(seed: int) -> float:
    """Spread seeds evenly over -3..+3 in steps of 0.1."""
    return round(-3.0 + 6.0 * (seed % 61) / 60.0, 2)


@pytest.fixture(scope="session")
def sweep() -> Callable[[str], list[Item]]:
    """`sweep(family)`: SWEEP_SIZE checked items across difficulties -3..+3 (made once per run)."""
    cache: dict[str, list[Item]] = {}

    def get(family: str) -> list[Item]:
        if family not in cache:
            cache[family] = [make_item(family, difficulty_for(s), s) for s in range(SWEEP_SIZE)]
        return cache[family]

    return get
