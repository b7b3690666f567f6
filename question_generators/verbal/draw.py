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
MIN_POOL = 80  # ... and nearer ones join until the eligible pools hold at least this many


def pick_combo(draw: Draw, target: float, combos: Sequence[tuple[float, Any]], size: Callable[[Any], int],
               min_pool: int = MIN_POOL) -> Any:
    """A feature combination near the target, chosen with probability proportional to its pool
    size. Every combination within WINDOW of the target is eligible, and the next nearest join
    until the eligible pools hold MIN_POOL entries: items spread over many words instead of
    repeating the few of one narrow combination (at the extremes, b then falls short of the
    request rather than the same two words coming back)."""
    key = (id(combos), round(target * 20), min_pool)  # targets on a 0.05 grid share one eligibility table
    entry = _ELIGIBLE.get(key)
    if entry is None:
        grid = key[1] / 20
        ranked = sorted(combos, key=lambda bc: abs(bc[0] - grid))
        eligible: list[Any] = []
        total = 0
        for b, combo in ranked:
            if abs(b - grid) > WINDOW and total >= min_pool:
                break
            eligible.append(combo)
            total += size(combo)
        entry = _ELIGIBLE[key] = [f for f in eligible for _ in range(size(f))]
    return draw.pick(entry)


_ELIGIBLE: dict[tuple[int, int, int], list[Any]] = {}
