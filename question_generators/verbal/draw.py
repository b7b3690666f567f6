"""Seeded choices for the verbal families: batches of uniforms from the numpy Generator passed in."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np


class Draw:
    """Uniform draws in batches: far cheaper than one numpy call per choice."""

    __slots__ = ("buf", "i", "rng")

    def __init__(self, rng: np.random.Generator, n: int = 40) -> None:
        self.rng = rng
        self.buf = rng.random(n).tolist()
        self.i = 0

    def u(self) -> float:
        if self.i >= len(self.buf):
            self.buf = self.rng.random(24).tolist()
            self.i = 0
        self.i += 1
        return self.buf[self.i - 1]

    def below(self, n: int) -> int:
        i = self.i
        if i >= len(self.buf):
            return min(n - 1, int(self.u() * n))
        self.i = i + 1
        return int(self.buf[i] * n)  # uniforms are < 1, so this is < n

    def pick(self, seq: Any) -> Any:
        i = self.i
        if i >= len(self.buf):
            return seq[min(len(seq) - 1, int(self.u() * len(seq)))]
        self.i = i + 1
        return seq[int(self.buf[i] * len(seq))]

    def sample(self, seq: Any, k: int) -> list[Any]:
        items = list(seq)
        for i in range(k):
            j = i + self.below(len(items) - i)
            items[i], items[j] = items[j], items[i]
        return items[:k]

    def chance(self, p: float) -> bool:
        return self.u() < p

    def shuffle(self, items: list[Any]) -> list[Any]:
        return self.sample(items, len(items))


WINDOW = 0.5  # feature combinations within this many logits of the target are all eligible


def pick_combo(draw: Draw, target: float, combos: Sequence[tuple[float, Any]], size: Callable[[Any], int]) -> Any:
    """A feature combination whose b lies within WINDOW of the target (the nearest one if none
    does), chosen with probability proportional to its pool size: items spread over the whole
    pool instead of repeating the few words of one narrow combination."""
    key = (id(combos), round(target * 20))  # targets on a 0.05 grid share one eligibility table
    entry = _ELIGIBLE.get(key)
    if entry is None:
        grid = key[1] / 20
        eligible = [f for b, f in combos if abs(b - grid) <= WINDOW]
        if not eligible:
            best = min(abs(b - grid) for b, _ in combos)
            eligible = [f for b, f in combos if abs(b - grid) - best < 1e-9]
        flat = [f for f in eligible for _ in range(size(f))]
        entry = _ELIGIBLE[key] = flat
    return draw.pick(entry)


_ELIGIBLE: dict[tuple[int, int], list[Any]] = {}
