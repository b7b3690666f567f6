"""Helpers shared by the technical families."""

from __future__ import annotations

import json
from dataclasses import replace
from fractions import Fraction

import numpy as np

from question_generators.item import Item


def balanced(key: Fraction, unique: dict[Fraction, str], count: int,
             rank: int) -> list[tuple[Fraction, str]] | None:
    """Distractors (value, mistake) that put the key at `rank` (drawn uniformly by the caller)
    among `count` ascending options, the nearest distractors on each side first; the nearest
    feasible rank when this item's mistakes fall mostly on one side of the key; None when fewer
    than two distractors exist. With the key's rank drawn before the distractors are chosen, the
    key's letter stays close to uniform even though numeric options are shown in order."""
    below = sorted((v for v in unique if v < key), reverse=True)
    above = sorted(v for v in unique if v > key)
    count = min(count, 1 + len(below) + len(above))
    if count < 3:
        return None
    rank = min(rank, count - 1)
    feasible = [r for r in range(count) if r <= len(below) and count - 1 - r <= len(above)]
    rank = min(feasible, key=lambda r: (abs(r - rank), r))
    picked = below[:rank] + above[:count - 1 - rank]
    return [(v, unique[v]) for v in sorted(picked)]


def rank_gap(key: Fraction, unique: dict[Fraction, str], count: int, rank: int) -> int:
    """How far `rank` is from the nearest rank these distractors can give the key (0: feasible);
    used to choose between the two directions of a question (e.g. the effort for a load, or the
    load for an effort), whose mistakes fall on opposite sides of the key."""
    below = sum(v < key for v in unique)
    above = len(unique) - below
    count = min(count, 1 + len(unique))
    if count < 3:
        return 99
    feasible = [r for r in range(count) if r <= below and count - 1 - r <= above]
    return min(abs(r - min(rank, count - 1)) for r in feasible)


def exact_rank(key: Fraction, unique: dict[Fraction, str], count: int, rank: int,
               strict: bool) -> list[tuple[Fraction, str]] | None:
    """`balanced`, but while `strict` only when the key lands exactly at `rank` among `count`
    options (None otherwise, so the caller redraws with the same rank). The rank is drawn once per
    item before the redraws: a redraw that kept only feasible ranks would favour the ranks the
    mistakes allow and bring back the extreme-value cue."""
    if strict and (rank_gap(key, unique, count, rank) or len(unique) < count - 1):
        return None
    return balanced(key, unique, count, rank)


class RankDraw:
    """The key's rank for one item, drawn once, and how many strict tries are left before any
    rank will do (some scenes have all their mistakes on one side)."""

    def __init__(self, rng: np.random.Generator, count: int, strict_tries: int = 15, fresh: bool = False) -> None:
        self.rng, self.count, self.fresh = rng, count, fresh
        self.rank = int(rng.integers(count))
        self.share = float(rng.random())  # for answers from a fixed set (which side drops)
        self.left = strict_tries

    @property
    def strict(self) -> bool:
        """True while strict tries are left; afterwards the nearest feasible rank to the drawn one
        (or, with `fresh`, a fresh rank on every call, for scenes whose rare ranks never fit)."""
        self.left -= 1
        if self.left < 0 and self.fresh:
            self.rank = int(self.rng.integers(self.count))
            self.share = float(self.rng.random())
        return self.left >= 0


def length_rank_fits(texts: list[str], key: int, share: float) -> bool:
    """True when the key's place among the option texts ordered by length covers the place drawn
    (`share` in [0, 1), drawn once per item). Accepting only such draws makes "the shortest" and
    "the longest" option the key 1 time in k, ties included (a tie of t options is accepted t
    times as often and credited 1/t), whatever outcomes and wordings a scene favours."""
    target = int(share * len(texts))
    size = len(texts[key])
    shorter = sum(len(t) < size for t in texts)
    equal = sum(len(t) == size for t in texts)
    return shorter <= target < shorter + equal


def with_content(item: Item, spread: str) -> Item:
    """The item with its content identity and spread key (INFRA: params 'content', 'spread').

    The content is the mechanism's parameters (every structural param the generator recorded)
    and the question's option set, sorted: the same mechanism asked the same way is the same
    item whatever the phrasing and the order of the options. The spread key is the mechanism's
    kind, which assembly keeps apart within a part and never puts back to back."""
    params = dict(item.params)
    body = json.dumps(params, sort_keys=True, separators=(",", ":"), default=str)
    options = "|".join(sorted(o.text for o in item.options))
    params["content"] = f"{body}|opts:{options}"
    params["spread"] = [spread]
    return replace(item, params=params)
