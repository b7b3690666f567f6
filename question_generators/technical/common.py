"""Helpers shared by the technical families."""

from __future__ import annotations

from fractions import Fraction


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
