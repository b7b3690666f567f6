"""Attribute rules for figure matrices and series: forward generation, the 8-cell predictor used
while generating, and the independent 9-cell verifier used by check().

Rules work along a row of three values (or along a series). Kinds of attribute:

    ordinal   shape (0-4, progression on 0-3 only: 3, 4, 5, 6 sides), size (0-4), shading (0-3),
              count (1-9)
    cyclic    rotation (0-7, 45-degree steps)
    sets      position (a non-empty 9-bit mask; progression turns it around the frame)

    constant     the value stays the same along the row
    progression  the value moves by a fixed step (turns k places for rotation and position)
    plus, minus  count only: third = first + second / first - second
    or, and, xor position only: third = union / intersection / symmetric difference of the first two
    distribute   every row holds the same three values once each (a Latin square)

A rule runs along the rows or down the columns: a column rule is generated as a row rule and
transposed (the missing cell, bottom right, stays in place), and predict / explains read the
cells in column order (COLUMN_ORDER) to test it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from question_generators.abstract.panels import BOUNDS, rotate_mask

RULES_BY_ATTR: dict[str, tuple[str, ...]] = {
    "shape": ("constant", "progression", "distribute"),
    "size": ("constant", "progression", "distribute"),
    "shading": ("constant", "progression", "distribute"),
    "rotation": ("constant", "progression", "distribute"),
    "count": ("constant", "progression", "plus", "minus", "distribute"),
    "position": ("constant", "progression", "or", "and", "xor", "distribute"),
}
HARD = frozenset({"plus", "minus", "or", "and", "xor", "distribute"})
COLUMN_ORDER = (0, 3, 6, 1, 4, 7, 2, 5, 8)  # row-major index of the cells read column by column


def transpose(values: Sequence[int]) -> list[int]:
    """Row-major cells read column by column (8 or 9 of them; the 9th stays the 9th)."""
    return [values[i] for i in COLUMN_ORDER[:len(values)]]

Rows = list[list[int]]


# -- value helpers ----------------------------------------------------------------------------
def in_domain(attr: str, value: int) -> bool:
    lo, hi = BOUNDS[attr]
    return lo <= value <= hi


def step(attr: str, value: int, d: int) -> int | None:
    """One progression step; None when it leaves the attribute's range."""
    if attr == "rotation":
        return (value + d) % 8
    if attr == "position":
        return rotate_mask(value, d)
    out = value + d
    top = 3 if attr == "shape" else BOUNDS[attr][1]
    if not BOUNDS[attr][0] <= out <= top or (attr == "shape" and value == 4):
        return None
    return out


def random_mask(rng: np.random.Generator, lo: int, hi: int, ring_only: bool = False) -> int:
    cells = list(range(9)) if not ring_only else [0, 1, 2, 3, 5, 6, 7, 8]
    k = int(rng.integers(lo, hi + 1))
    chosen = rng.choice(len(cells), size=k, replace=False)
    return sum(1 << cells[int(i)] for i in chosen)


def random_value(attr: str, rng: np.random.Generator) -> int:
    if attr == "position":
        return random_mask(rng, 1, 4)
    lo, hi = BOUNDS[attr]
    if attr == "count":
        hi = 6
    return int(rng.integers(lo, hi + 1))


# -- forward generation -----------------------------------------------------------------------
def generate_rows(attr: str, rule: str, rng: np.random.Generator, n_rows: int = 3,
                  length: int = 3) -> tuple[Rows, dict[str, int]] | None:
    """Rows of values that follow `rule`, and the rule's parameters; None when a draw fails."""
    if rule == "constant":
        return [[random_value(attr, rng)] * length for _ in range(n_rows)], {}
    if rule == "progression":
        return _progression(attr, rng, n_rows, length)
    if rule in ("plus", "minus"):
        rows = []
        for _ in range(n_rows):
            if rule == "plus":
                a = int(rng.integers(1, 6))
                b = int(rng.integers(1, 10 - a))
                rows.append([a, b, a + b])
            else:
                a = int(rng.integers(3, 10))
                b = int(rng.integers(1, a))
                rows.append([a, b, a - b])
        return rows, {}
    if rule in ("or", "and", "xor"):
        rows = []
        for _ in range(n_rows):
            lo = 4 if rule == "and" else 2
            a, b = random_mask(rng, lo, lo + 1), random_mask(rng, lo, lo + 1)
            c = a | b if rule == "or" else a & b if rule == "and" else a ^ b
            if c == 0 or a == b or c in (a, b):
                return None
            rows.append([a, b, c])
        return rows, {}
    if rule == "distribute":
        values: list[int] = []
        while len(values) < 3:
            v = random_value(attr, rng)
            if v not in values:
                values.append(v)
        shift = int(rng.integers(1, 3))
        return [[values[(c + shift * r) % 3] for c in range(3)] for r in range(n_rows)], {"shift": shift}
    raise ValueError(rule)


def _progression(attr: str, rng: np.random.Generator, n_rows: int, length: int) -> tuple[Rows, dict[str, int]] | None:
    if attr in ("rotation", "position"):
        d = int(rng.choice([1, 2, -1, -2]))
    elif attr in ("size", "count") and length == 3 and rng.random() < 0.3:
        d = int(rng.choice([2, -2]))
    else:
        d = int(rng.choice([1, -1]))
    rows = []
    for _ in range(n_rows):
        for _try in range(20):
            if attr == "position":
                start = random_mask(rng, 1, 3, ring_only=True) | (16 if rng.random() < 0.2 else 0)
            elif attr == "shape":
                start = int(rng.integers(0, 4))
            else:
                start = random_value(attr, rng) if attr != "count" else int(rng.integers(1, 10))
            row = [start]
            for _ in range(length - 1):
                nxt = step(attr, row[-1], d)
                if nxt is None:
                    break
                row.append(nxt)
            if len(row) == length and len(set(row)) == length:
                rows.append(row)
                break
        else:
            return None
    return rows, {"d": d}


# -- the predictor: from the 8 shown cells, every value some rule allows in the 9th -----------
def predict_both(attr: str, shown: Sequence[int]) -> dict[int, list[str]]:
    """Values for the 9th cell that some rule along the rows or down the columns gives."""
    return _predict_both(attr, tuple(shown))


@lru_cache(maxsize=1 << 16)
def _predict_both(attr: str, shown: tuple[int, ...]) -> dict[int, list[str]]:
    out = predict(attr, shown)
    for value, found in predict(attr, transpose(shown)).items():
        out.setdefault(value, []).extend(f"{r} (columns)" for r in found)
    return out


def predict(attr: str, shown: Sequence[int]) -> dict[int, list[str]]:
    """Values for the missing 9th cell that some rule consistent with the 8 shown cells gives."""
    r1, r2, r3 = list(shown[0:3]), list(shown[3:6]), list(shown[6:8])
    out: dict[int, list[str]] = {}

    def add(value: int | None, rule: str) -> None:
        if value is not None and in_domain(attr, value):
            out.setdefault(value, []).append(rule)

    if r1[0] == r1[1] == r1[2] and r2[0] == r2[1] == r2[2] and r3[0] == r3[1]:
        add(r3[1], "constant")
    for d in _candidate_steps(attr):
        if all(step(attr, r[i], d) == r[i + 1] for r in (r1, r2) for i in (0, 1)) \
                and step(attr, r3[0], d) == r3[1]:
            add(step(attr, r3[1], d), "progression")
    if attr == "count":
        if r1[2] == r1[0] + r1[1] and r2[2] == r2[0] + r2[1]:
            add(r3[0] + r3[1], "plus")
        if r1[2] == r1[0] - r1[1] and r2[2] == r2[0] - r2[1]:
            add(r3[0] - r3[1], "minus")
    if attr == "position":
        if r1[2] == r1[0] | r1[1] and r2[2] == r2[0] | r2[1]:
            add(r3[0] | r3[1], "or")
        if r1[2] == r1[0] ^ r1[1] and r2[2] == r2[0] ^ r2[1]:
            add(r3[0] ^ r3[1], "xor")
        if r1[2] == r1[0] & r1[1] and r2[2] == r2[0] & r2[1]:
            add(r3[0] & r3[1], "and")
    values = set(r1)
    if len(values) == 3 and set(r2) == values and all(a != b for a, b in zip(r1, r2, strict=True)) \
            and r3[0] != r3[1] and {r3[0], r3[1]} <= values and r3[0] not in (r1[0], r2[0]) \
            and r3[1] not in (r1[1], r2[1]):
        add(next(iter(values - {r3[0], r3[1]})), "distribute")
    return out


def _candidate_steps(attr: str) -> range | list[int]:
    if attr in ("rotation", "position"):
        return range(1, 8)
    return [-4, -3, -2, -1, 1, 2, 3, 4]


# -- the verifier: which rules explain a complete row-wise matrix (written apart from predict) --
def explains_both(attr: str, values: Sequence[int]) -> list[str]:
    """Rules that explain a complete 3x3 matrix along every row or down every column."""
    return list(_explains_both(attr, tuple(values)))


@lru_cache(maxsize=1 << 16)
def _explains_both(attr: str, values: tuple[int, ...]) -> tuple[str, ...]:
    return (*explains(attr, values), *(f"{r} (columns)" for r in explains(attr, transpose(values))))


def explains(attr: str, values: Sequence[int], length: int = 3) -> list[str]:
    """Names of the rules that explain every row of `values` (rows of `length`, row-major)."""
    if not all(in_domain(attr, v) for v in values):
        return []
    rows = [list(values[i:i + length]) for i in range(0, len(values), length)]
    found = []
    if all(len(set(r)) == 1 for r in rows):
        found.append("constant")
    if _is_progression(attr, rows):
        found.append("progression")
    if attr == "count" and length == 3:
        if all(r[0] + r[1] == r[2] for r in rows):
            found.append("plus")
        if all(r[0] - r[1] == r[2] for r in rows):
            found.append("minus")
    if attr == "position" and length == 3:
        if all(r[0] | r[1] == r[2] for r in rows):
            found.append("or")
        if all(r[0] ^ r[1] == r[2] for r in rows):
            found.append("xor")
        if all(r[0] & r[1] == r[2] for r in rows):
            found.append("and")
    if length == 3 and len(rows) == 3 and len(set(rows[0])) == 3 \
            and all(sorted(r) == sorted(rows[0]) for r in rows) \
            and all(len({r[c] for r in rows}) == 3 for c in range(3)):
        found.append("distribute")
    return found


def _is_progression(attr: str, rows: Rows) -> bool:
    """One fixed non-zero change (or turn) from each value to the next, in every row."""
    if all(len(set(r)) == 1 for r in rows):
        return False
    if attr == "position":
        turns = set(range(1, 8))
        for r in rows:
            turns &= {k for k in range(1, 8) if all(rotate_mask(a, k) == b for a, b in itertools.pairwise(r))}
        return bool(turns)
    if attr == "shape" and any(v == 4 for r in rows for v in r):
        return False  # the circle has no number of sides
    mod = 8 if attr == "rotation" else None
    diffs = {((b - a) % mod if mod else b - a) for r in rows for a, b in itertools.pairwise(r)}
    return len(diffs) == 1 and 0 not in diffs


# -- series: one row of values, extended by one ---------------------------------------------------
def generate_series(attr: str, rule: str, param: int, length: int,
                    rng: np.random.Generator) -> list[int] | None:
    """`length` values following a series rule: constant, progression (step `param`) or a cycle
    of `param` distinct values; None when the draw leaves the attribute's range."""
    if rule == "constant":
        return [random_value(attr, rng)] * length
    if rule == "cycle":
        values: list[int] = []
        while len(values) < param:
            v = random_value(attr, rng)
            if v not in values:
                values.append(v)
        return [values[i % param] for i in range(length)]
    if attr == "position":
        start = random_mask(rng, 1, 3, ring_only=True) | (16 if rng.random() < 0.2 else 0)
    elif attr == "count":
        start = int(rng.integers(1, 10))
    else:
        start = int(rng.integers(BOUNDS[attr][0], BOUNDS[attr][1] + 1))
    out = [start]
    for _ in range(length - 1):
        nxt = step(attr, out[-1], param)
        if nxt is None:
            return None
        out.append(nxt)
    return out if len(set(out[:2])) == 2 else None


def predict_series(attr: str, shown: Sequence[int]) -> dict[int, list[str]]:
    """Values that continue the shown series under some rule the shown terms confirm."""
    out: dict[int, list[str]] = {}
    if len(set(shown)) == 1:
        out.setdefault(shown[-1], []).append("constant")
    for d in _candidate_steps(attr):
        if all(step(attr, a, d) == b for a, b in itertools.pairwise(shown)):
            nxt = step(attr, shown[-1], d)
            if nxt is not None and nxt != shown[-1]:
                out.setdefault(nxt, []).append("progression")
    for p in (2, 3):
        if len(shown) >= p + 2 and len(set(shown[:p])) == p \
                and all(shown[i] == shown[i - p] for i in range(p, len(shown))):
            out.setdefault(shown[-p], []).append("cycle")
    return out


def explains_series(attr: str, values: Sequence[int]) -> list[str]:
    """Rules that explain a complete series (the shown terms plus one option), checked directly."""
    if not all(in_domain(attr, v) for v in values):
        return []
    found = []
    if len(set(values)) == 1:
        found.append("constant")
    if _is_progression(attr, [list(values)]):
        found.append("progression")
    for p in (2, 3):  # a cycle counts when the shown terms already repeat it: length >= p + 3
        if len(values) >= p + 3 and len(set(values[:p])) == p \
                and all(values[i] == values[i % p] for i in range(len(values))):
            found.append(f"cycle{p}")
    return found
