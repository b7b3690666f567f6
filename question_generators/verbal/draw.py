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
        return min(n - 1, int(self.u() * n))

    def pick(self, seq: Any) -> Any:
        return seq[self.below(len(seq))]

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
    eligible = [f for b, f in combos if abs(b - target) <= WINDOW]
    if not eligible:
        best = min(abs(b - target) for b, _ in combos)
        eligible = [f for b, f in combos if abs(b - target) - best < 1e-9]
    sizes = [size(f) for f in eligible]
    r = draw.below(sum(sizes))
    for combo, n in zip(eligible, sizes, strict=True):
        if r < n:
            return combo
        r -= n
    return eligible[-1]
