"""Number series: find the next term, or a missing term, of a sequence built by one rule.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (sd 0.35,
so neighbouring bands mix) is sliced into eight bands with `level_of`, one rule type per band,
in the order the number-series literature and the test publishers agree on:

    rule 0 arithmetic         4 arithmetic progression (+d)
    rule 1 geometric          (x r, including x -2 and halving)
    rule 2 powers             squares or cubes of consecutive numbers plus an offset
    rule 3 second differences the differences grow by a constant
    rule 4 Fibonacci-like     each term the sum of the previous two (or three)
    rule 5 interleaved        two series in alternate positions
    rule 6 alternating        two operations applied in turn (+a, x b / x b, -a)
    rule 7 geometric diffs    the differences themselves multiply by r

Within a band, the position of the jittered difficulty inside the band is the probability of
"large" numbers (bigger starts and steps, cubes instead of squares, three-term sums, ratio 3 or
halving ...). One item in four asks for a missing term in the middle ("?") instead of the next
one. The item's b is computed from these structural features with a linear model:

    b = -2.85 + 0.75 * rule + 0.35 * large + 0.30 * missing

which keeps the average b of a band at the band's centre (-2.625 + 0.75 * rule). The
discrimination is a = 0.9 + 0.08 * rule, and the typical time 45 s + 3.5 s per rule step,
+4 s for large numbers and +3 s for a missing term (45-76 s).

The check re-derives the answer from the terms shown in the prompt with an independent
rule-fitting solver over exact rationals: every option is put in the blank and the completed
series is tested against a library of simple rules (arithmetic, geometric, squares/cubes with
an offset, constant second or third differences, sums of two or three previous terms,
interleaved arithmetic/geometric series, two alternating operations, a*t+c recurrences, i.e.
geometric differences, and ratios growing by a constant). A rule counts only when the shown
terms confirm it (at least two terms more than it has free parameters). Exactly the keyed
option may be explained by some rule.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    phrases_for,
    require_single_key,
)
from question_generators.display import format_number
from question_generators.errors import ItemCheckError
from question_generators.item import Item
from question_generators.numeric.common import MINUS
from question_generators.numeric.fair import fair_arrange

RULES = ("arithmetic", "geometric", "powers", "second_differences", "fibonacci",
         "interleaved", "alternating", "geometric_differences")
WEIGHTS = {"rule_level": 0.75, "large": 0.35, "missing": 0.30}
INTERCEPT = -2.85
MAX_TERM = 9999
STRICT_TRIES = 15  # draws that must place the key at the drawn rank before the nearest will do
ADDITIVE = ("arithmetic", "second_differences", "geometric_differences", "interleaved")
PACKAGE = "question_generators.numeric"
# Generic slips: mistakes that fit any series. At most one of them per item; every other
# distractor is a conceptual mistake about the rule.
GENERIC_SLIP_KEYS = ("slip_one", "slip_two", "slip_ten", "slip_sign")
GENERIC_SLIPS = frozenset(
    phrases_for(PACKAGE, "en")["series"]["mistakes"][k] for k in GENERIC_SLIP_KEYS)

Num = int | Fraction
Rng = np.random.Generator


# =============================================================================================
# The independent solver (used by check(), and by generate() only to drop ambiguous distractors)
# =============================================================================================
def _diffs(t: Sequence[Num]) -> list[Num]:
    return [b - a for a, b in itertools.pairwise(t)]


def _constant(xs: Sequence[Num]) -> bool:
    return all(x == xs[0] for x in xs)


def _is_arithmetic(t: Sequence[Num]) -> bool:
    return _constant(_diffs(t))


def _is_geometric(t: Sequence[Num]) -> bool:
    if any(x == 0 for x in t):
        return False
    return all(t[i] * t[i] == t[i - 1] * t[i + 1] for i in range(1, len(t) - 1))


def _is_quadratic(t: Sequence[Num]) -> bool:
    return _constant(_diffs(_diffs(t)))


def _is_cubic(t: Sequence[Num]) -> bool:
    return _constant(_diffs(_diffs(_diffs(t))))


def _is_powers(t: Sequence[Num]) -> bool:
    """t[i] = (n + i)^p + c for p in (2, 3) and a whole n >= 0."""
    first = t[1] - t[0]
    bases = []
    if first >= 1 and (first - 1) % 2 == 0:
        bases.append((2, (first - 1) // 2))  # (n+1)^2 - n^2 = 2n + 1
    n = 0
    while 3 * n * n + 3 * n + 1 < first:  # (n+1)^3 - n^3 = 3n^2 + 3n + 1
        n += 1
    if 3 * n * n + 3 * n + 1 == first:
        bases.append((3, n))
    for p, n in bases:
        c = t[0] - n ** p
        if all(t[i] == (n + i) ** p + c for i in range(len(t))):
            return True
    return False


def _is_sum2(t: Sequence[Num]) -> bool:
    return all(t[i] == t[i - 1] + t[i - 2] for i in range(2, len(t)))


def _is_sum3(t: Sequence[Num]) -> bool:
    return all(t[i] == t[i - 1] + t[i - 2] + t[i - 3] for i in range(3, len(t)))


def _is_interleaved(t: Sequence[Num]) -> bool:
    return all(_is_arithmetic(s) or _is_geometric(s) for s in (t[0::2], t[1::2]))


def _steps_agree(pairs: Sequence[tuple[Num, Num]]) -> bool:
    """All steps are the same addition, or all the same multiplication."""
    same_add = all(b - a == pairs[0][1] - pairs[0][0] for a, b in pairs)
    if same_add:
        return True
    a0, b0 = pairs[0]
    return a0 != 0 and all(a != 0 and b * a0 == b0 * a for a, b in pairs)


def _is_alternating(t: Sequence[Num]) -> bool:
    pairs = list(itertools.pairwise(t))
    return _steps_agree(pairs[0::2]) and _steps_agree(pairs[1::2])


def _is_affine(t: Sequence[Num]) -> bool:
    """t[i+1] = m * t[i] + c: the differences form a geometric series (or are all zero)."""
    d = _diffs(t)
    return _is_geometric(d) or all(x == 0 for x in d)


def _is_ratio_arithmetic(t: Sequence[Num]) -> bool:
    """The ratios between terms grow by a constant (x2, x3, x4 ...): with q = b/a, c/b, d/c,
    2 c/b = b/a + d/c, i.e. 2 a c^2 = b^2 c + a b d for every four consecutive terms."""
    if any(x == 0 for x in t[:-1]):
        return False
    return all(2 * a * c * c == b * b * c + a * b * d
               for a, b, c, d in zip(t, t[1:], t[2:], t[3:], strict=False))


# (name, free parameters, test); a rule explains a series only when the series is at least two
# terms longer than the rule's parameter count, i.e. the shown terms confirm the rule.
LIBRARY: tuple[tuple[str, int, Callable[[Sequence[Num]], bool]], ...] = (
    ("arithmetic", 2, _is_arithmetic),
    ("geometric", 2, _is_geometric),
    ("squares or cubes plus an offset", 2, _is_powers),
    ("constant second differences", 3, _is_quadratic),
    ("constant third differences", 4, _is_cubic),
    ("sum of the previous two", 2, _is_sum2),
    ("sum of the previous three", 3, _is_sum3),
    ("two interleaved series", 4, _is_interleaved),
    ("two alternating operations", 3, _is_alternating),
    ("geometric differences (m*t + c)", 3, _is_affine),
    ("ratios growing by a constant", 3, _is_ratio_arithmetic),
)


def _exact(x: Num) -> Num:
    """Whole rationals as Python ints (exact, and much faster than Fraction arithmetic)."""
    return int(x) if isinstance(x, int) or x.denominator == 1 else x


def explaining_rules(series: Sequence[Num], first_only: bool = False) -> list[str]:
    """Names of the library rules that explain a complete series (exact rational arithmetic)."""
    series = [_exact(x) for x in series]
    found = []
    for name, params, test in LIBRARY:
        if len(series) >= params + 2 and test(series):
            found.append(name)
            if first_only:
                break
    return found


def parse_series(line: str) -> list[Fraction | None]:
    """Read a shown series like '3, 7, ?, 15' (None marks the blank)."""
    out: list[Fraction | None] = []
    for token in line.split(","):
        token = token.strip().replace("\u2212", "-")
        out.append(None if token == "?" else Fraction(token))
    return out


def defensible_values(shown: Sequence[Num | None], candidates: Sequence[Num]) -> list[bool]:
    """For each candidate: does putting it in the blank give a series some library rule explains?"""
    blank = shown.index(None) if None in shown else len(shown)
    result = []
    for value in candidates:
        full = [*shown[:blank], value, *shown[blank + 1:]]
        result.append(bool(explaining_rules(full, first_only=True)))
    return result


def _select(pool: Sequence[tuple[int, str]], key: int,
            rank: int) -> list[tuple[int, str]] | None:
    """The first mistakes in pool order that put `rank` options below the key and the rest
    above, with at most one generic slip and no mistake twice; None when the pool cannot."""
    below: list[tuple[int, str]] = []
    above: list[tuple[int, str]] = []
    used: set[str] = set()
    for value, name in pool:
        group = "generic" if name in GENERIC_SLIP_KEYS else name
        side = below if value < key else above
        if group in used or len(side) >= (rank if side is below else 4 - rank):
            continue
        used.add(group)
        side.append((value, name))
        if len(below) == rank and len(above) == 4 - rank:
            return below + above
    return None


# =============================================================================================
# The generator
# =============================================================================================
def _fmt(x: Num) -> str:
    return format_number(x, group=False)


def _signed(x: Num) -> str:
    return f"+ {_fmt(x)}" if x >= 0 else f"- {_fmt(-x)}"


def _fmt_nb(x: Num) -> str:
    """A term as Bokmål prints it: no groups (as in English), the true minus sign."""
    return format_number(x, group=False).replace("-", MINUS)


def _signed_nb(x: Num) -> str:
    return f"+ {_fmt_nb(x)}" if x >= 0 else f"{MINUS} {_fmt_nb(-x)}"


class _Draw:
    """One drawn series: the extended terms and how to explain each step."""

    def __init__(self, rule: str, ext: list[int], shown_count: int, info: dict[str, Any]) -> None:
        self.rule, self.ext, self.shown_count, self.info = rule, ext, shown_count, info


class SeriesGenerator(BaseGenerator):
    """Number series: the next or the missing term of a sequence built by one rule.

    See the module docstring for the difficulty model: eight rule bands, then number size and
    missing-term vs next-term.
    """

    family = "numeric.series"
    section = "numerical"
    version = 2  # 2: the key not the option most like the others (fair_arrange)
    title = "Number series"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)["series"]
        english = lang == "en"
        self.fmt = _fmt if english else _fmt_nb
        self.signed = _signed if english else _signed_nb
        # Bokmål: ':' for division (the Norwegian school sign; '÷' can be read as minus in Norway)
        self.divide, self.minus = ("÷", "-") if english else (":", MINUS)

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        jittered = difficulty + rng.normal(0.0, 0.35)
        position = (jittered + 3.0) / 6.0 * len(RULES)
        rule_index = min(len(RULES) - 1, max(0, int(np.floor(position))))
        large_p = float(min(1.0, max(0.0, position - rule_index)))
        # how many options sit below the key: uniform, and kept on redraws
        rank = int(rng.integers(0, 5))
        u_alike = float(rng.random())
        tries = [0]

        def attempt(r: np.random.Generator) -> Item | None:
            tries[0] += 1
            return self._attempt(r, rule_index, large_p, rank, strict=tries[0] <= STRICT_TRIES,
                                 u_alike=u_alike)

        return self.redraw(rng, attempt)

    def _attempt(self, rng: np.random.Generator, rule_index: int, large_p: float,
                 rank: int, strict: bool = True, u_alike: float = 0.0) -> Item | None:
        rule = RULES[rule_index]
        large = bool(rng.random() < large_p)
        missing = bool(rng.random() < 0.25)
        draw = getattr(self, f"_draw_{rule}")(rng, large, missing)
        if draw is None:
            return None
        ext, n = draw.ext, draw.shown_count
        if any(abs(x) > MAX_TERM for x in ext[:n]):
            return None
        blank = int(rng.integers(2, n - 1)) if missing else n - 1
        key = ext[blank]
        shown: list[int | None] = [None if i == blank else ext[i] for i in range(n)]
        known = [x for x in shown if x is not None]
        if len(set(known)) < len(known) and rule != "fibonacci":
            return None  # repeated terms make a poor series

        if not defensible_values(shown, [key])[0]:
            return None  # cannot happen for a correct rule; never ship such an item
        candidates = [c for c in self._candidates(draw, blank, missing)
                      if c[0] != key and c[0] not in known and abs(c[0]) <= 10 * MAX_TERM]
        unique: dict[int, str] = {}
        for value, mistake in candidates:
            unique.setdefault(value, mistake)
        values = list(unique)
        ok = defensible_values(shown, values)
        # The key's rank among the five options is drawn uniformly here; the most plausible
        # mistakes on each side of the key fill the other places (redraw if a side runs short),
        # with at most one generic slip and no mistake named twice.
        # When the mistakes cannot fill the drawn rank, the first draws are redrawn and later
        # ones take the nearest rank they can fill.
        # Among the sets that fill the drawn rank, the most plausible one in which the key is not
        # the option most like the others (fair_arrange; the generic slips are one group).
        mistakes = self.phrases["mistakes"]
        pool = [(v, mistakes[unique[v]], "generic" if unique[v] in GENERIC_SLIP_KEYS else unique[v])
                for v, good in zip(values, ok, strict=True) if not good]
        arranged = fair_arrange((rank + 0.5) / 5, u_alike, key, self.fmt(key), pool, self.fmt, strict=strict, pool=12)
        if arranged is None:
            return None
        options, key_index = arranged

        stems = self.phrases["missing" if missing else "next"]
        stem = stems[int(rng.integers(len(stems)))]
        line = ", ".join("?" if x is None else self.fmt(x) for x in shown)
        features = {"rule_level": rule_index, "large": int(large), "missing": int(missing)}
        b = linear_difficulty(INTERCEPT, WEIGHTS, features)
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=f"{stem}\n\n{line}",
            explanation=self._explain(draw, blank, missing),
            difficulty=b,
            discrimination=round(0.9 + 0.08 * rule_index, 3),
            time_s=45.0 + 3.5 * rule_index + 4.0 * large + 3.0 * missing,
            options=options, key=key_index,
            params={"rule": rule, **features, "ask": "missing" if missing else "next",
                    "terms": [None if x is None else int(x) for x in shown],
                    "rule_params": {k: v for k, v in draw.info.items() if not k.startswith("_")}},
        )

    # -- rule draws: each returns shown_count + 3 terms so the step after the answer exists -----
    @staticmethod
    def _count(visible: int, missing: bool) -> int:
        """Positions in the shown line: the visible terms plus the blank."""
        return visible + 1

    def _draw_arithmetic(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(int(rng.integers(4, 6)), missing)
        if large:
            d = int(rng.choice([x for x in range(11, 50) if x % 10]))
            d *= -1 if rng.random() < 0.25 else 1
            a0 = int(rng.integers(20, 300))
        else:
            d = int(rng.integers(2, 10)) * (-1 if rng.random() < 0.2 else 1)
            a0 = int(rng.integers(1, 31))
        if d < 0:
            a0 += -d * (n + 2)
        return _Draw("arithmetic", [a0 + d * i for i in range(n + 3)], n, {"d": d})

    def _draw_geometric(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(int(rng.integers(4, 6)), missing)
        if large:
            kind = int(rng.integers(0, 4))
            if kind == 0:  # halving
                a0 = int(rng.choice([1, 3, 5, 7])) * 2 ** (n + 2)
                while a0 > MAX_TERM:
                    a0 //= 2
                ratio = Fraction(1, 2)
            else:
                ratio = Fraction([3, 4, -2][kind - 1])
                a0 = int(rng.integers(1, 8 if kind == 3 else 5))
        else:
            ratio = Fraction(int(rng.choice([2, 3])))
            a0 = int(rng.integers(1, 10 if ratio == 2 else 6))
        ext = [a0]
        for _ in range(n + 2):
            ext.append(ext[-1] * ratio)
        if any(x.denominator != 1 for x in map(Fraction, ext[: n + 1])):
            return None
        ext = [int(x) if Fraction(x).denominator == 1 else x for x in ext]
        return _Draw("geometric", ext, n, {"ratio": str(ratio)})

    def _draw_powers(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(5, missing)
        if large and rng.random() < 0.6:
            p, n0, c = 3, int(rng.integers(1, 5)), int(rng.integers(-9, 10))
        elif large:
            p, n0, c = 2, int(rng.integers(6, 14)), int(rng.integers(-15, 16))
        else:
            p, n0, c = 2, int(rng.integers(1, 7)), int(rng.integers(-5, 13))
        return _Draw("powers", [(n0 + i) ** p + c for i in range(n + 3)], n,
                     {"power": p, "first_base": n0, "offset": c})

    def _draw_second_differences(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(int(rng.integers(5, 7)), missing)
        if large:
            t0, d0, dd = (int(x) for x in (rng.integers(10, 151), rng.integers(3, 21),
                                           rng.integers(3, 10)))
        else:
            t0, d0, dd = (int(x) for x in (rng.integers(1, 31), rng.integers(1, 7),
                                           rng.integers(1, 5)))
        ext = [t0]
        for i in range(n + 2):
            ext.append(ext[-1] + d0 + dd * i)
        return _Draw("second_differences", ext, n, {"first_difference": d0, "step": dd})

    def _draw_fibonacci(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(6, missing)
        if large and rng.random() < 0.5:
            order = 3
            ext = [int(x) for x in rng.integers(1, 7, size=3)]
        else:
            order = 2
            lo, hi = (4, 26) if large else (1, 10)
            ext = [int(x) for x in rng.integers(lo, hi, size=2)]
        while len(ext) < n + 3:
            ext.append(sum(ext[-order:]))
        return _Draw("fibonacci", ext, n, {"order": order})

    def _draw_interleaved(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(int(rng.integers(6, 8)), missing)
        a0, da = int(rng.integers(1, 21)), int(rng.integers(2, 10))
        if large and rng.random() < 0.5:  # one series doubles, the other goes down
            b0, db, kind_b = int(rng.integers(1, 6)), 2, "times"
            a0, da = int(rng.integers(40, 100)), -int(rng.integers(3, 10))
        elif large:
            b0, db, kind_b = int(rng.integers(50, 120)), -int(rng.integers(4, 13)), "plus"
            da = int(rng.integers(11, 26))
        else:
            b0, db, kind_b = int(rng.integers(20, 61)), -int(rng.integers(2, 7)), "plus"
            if rng.random() < 0.4:
                db = -db
        if da == db or abs(a0 - b0) < 5:
            return None
        first = [a0 + da * i for i in range(n // 2 + 3)]
        second = [b0 * db ** i if kind_b == "times" else b0 + db * i for i in range(n // 2 + 3)]
        swap = bool(rng.random() < 0.5)
        odd, even = (second, first) if swap else (first, second)
        odd_rule = ("times", db) if (swap and kind_b == "times") else ("plus", db if swap else da)
        even_rule = ("plus", da) if swap else (kind_b, db)
        ext = [odd[i // 2] if i % 2 == 0 else even[i // 2] for i in range(n + 3)]
        if min(ext[: n + 1]) < 0:
            return None
        return _Draw("interleaved", ext, n, {"odd": list(odd_rule), "even": list(even_rule)})

    def _draw_alternating(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(6, missing)
        if large:
            pair = [(("times", int(rng.choice([2, 3]))), ("plus", -int(rng.integers(1, 10)))),
                    (("plus", int(rng.integers(2, 10))), ("times", 3))][int(rng.integers(0, 2))]
            start = int(rng.integers(2, 10))
        else:
            pair = (("plus", int(rng.integers(1, 8))), ("times", 2))
            start = int(rng.integers(1, 8))
        ops = list(pair) if rng.random() < 0.5 else [pair[1], pair[0]]
        ext = [start]
        for i in range(n + 2):
            kind, k = ops[i % 2]
            ext.append(ext[-1] * k if kind == "times" else ext[-1] + k)
        if min(ext[: n + 1]) <= 0:
            return None
        return _Draw("alternating", ext, n, {"ops": [list(o) for o in ops]})

    def _draw_geometric_differences(self, rng: Rng, large: bool, missing: bool) -> _Draw | None:
        n = self._count(6, missing)
        if large and rng.random() < 0.5:
            ratio, d0 = 3, int(rng.integers(1, 5))
        elif large:
            ratio, d0 = 2, int(rng.integers(5, 13))
        else:
            ratio, d0 = 2, int(rng.integers(1, 6))
        ext = [int(rng.integers(1, 31))]
        for i in range(n + 2):
            ext.append(ext[-1] + d0 * ratio ** i)
        return _Draw("geometric_differences", ext, n, {"ratio": ratio, "first_difference": d0})

    # -- distractors: named mistakes, most plausible first --------------------------------------
    def _candidates(self, draw: _Draw, h: int, missing: bool) -> list[tuple[int, str]]:
        ext, rule, info = draw.ext, draw.rule, draw.info
        key, prev, prev2 = ext[h], ext[h - 1], ext[h - 2]
        last_diff = prev - prev2
        out: list[tuple[Num, str]] = []
        add = out.append
        after = ("term_after_missing" if missing
                 else "term_after_next")
        if rule == "arithmetic":
            d = info["d"]
            add((prev - d, "wrong_direction"))
            add((ext[h + 1], after))
            add((key - prev if key - prev > 0 else prev - key, "step_not_term"))
            if d > 0:
                add((prev * 2, "doubled"))
            if prev2 and prev % prev2 == 0:
                add((prev * (prev // prev2), "as_geometric"))
            add((key + 10 if d > 0 else key - 10, "slip_ten"))
        elif rule == "geometric":
            ratio = Fraction(info["ratio"])
            add((prev + last_diff, "as_arithmetic"))
            if ratio.denominator == 1 and ratio > 0:
                add((prev * (ratio + 1), "ratio_plus_one"))
                add((prev + ratio, "added_ratio"))
            elif ratio > 0:  # halving
                add((prev * 2, "doubled_not_halved"))
                add((prev - 2, "subtracted_two"))
            else:
                add((-key, "sign_alternates"))
                add((prev - 2, "added_minus_two"))
            if not missing:
                add((ext[h + 1], after))
        elif rule == "powers":
            p, c = info["power"], info["offset"]
            base = info["first_base"] + h
            if c:
                add((base ** p, "forgot_offset"))
                add((base ** p - c, "offset_sign"))
            add((prev + last_diff, "last_difference_again"))
            add((base ** (5 - p) + c,
                 "cubes_not_squares" if p == 2 else "squares_not_cubes"))
            if not missing:
                add((ext[h + 1], after))
        elif rule == "second_differences":
            dd = info["step"]
            add((prev + last_diff, "last_difference_not_next"))
            add((prev + last_diff + 2 * dd, "difference_twice"))
            if missing:
                add(((prev + ext[h + 1]) // 2 if (prev + ext[h + 1]) % 2 == 0 else key + 1,
                     "midpoint"))
            else:
                add((ext[h + 1], after))
        elif rule == "fibonacci":
            if info["order"] == 3:
                add((prev + prev2, "only_two"))
            else:
                if h >= 3:
                    add((prev + prev2 + ext[h - 3], "three_terms"))
            add((2 * prev, "doubled"))
            add((prev + last_diff, "last_difference_again"))
            if not missing:
                add((ext[h + 1], after))
        elif rule == "interleaved":
            other_prev = ext[h - 1]
            kind, k = info["odd"] if (h - 1) % 2 == 0 else info["even"]
            add((other_prev * k if kind == "times" else other_prev + k,
                 "other_series"))
            add((prev + last_diff, "one_series"))
            own_kind, own_k = info["odd"] if h % 2 == 0 else info["even"]
            if own_kind == "plus":
                add((prev2 - own_k, "wrong_way_series"))
            else:
                add((prev2 * (own_k + 1), "wrong_factor"))
            if not missing:
                add((ext[h + 2], "skipped_term"))
        elif rule == "alternating":
            ops = info["ops"]
            right = ops[(h - 1) % 2]
            wrong = ops[h % 2]
            add((prev * wrong[1] if wrong[0] == "times" else prev + wrong[1],
                 "same_operation_again"))
            kind, k = right
            w_kind, w_k = wrong
            both = (prev * w_k if w_kind == "times" else prev + w_k)
            add((both * k if kind == "times" else both + k,
                 "wrong_order"))
            add((prev + last_diff, "last_difference_again"))
            if not missing:
                add((ext[h + 1], after))
        else:  # geometric_differences
            ratio = info["ratio"]
            prev_diff = prev2 - ext[h - 3] if h >= 3 else last_diff // ratio
            add((prev + last_diff, "last_difference_not_next"))
            add((prev + 2 * last_diff - prev_diff, "constant_growth"))
            add((prev * ratio, "multiplied_term"))
            if not missing:
                add((ext[h + 1], after))
        step = key - prev
        if rule in ("second_differences", "geometric_differences", "interleaved") and step > 0:
            add((step, "step_not_term"))
        if rule == "second_differences":
            add((prev + last_diff - info["step"], "difference_shrunk"))
        elif rule == "geometric_differences" and last_diff % info["ratio"] == 0:
            add((prev + last_diff // info["ratio"], "divided_difference"))
        elif rule == "fibonacci" and prev > prev2:
            add((prev - prev2, "subtracted_previous"))
        if rule != "fibonacci":
            add((prev + prev2, "as_fibonacci"))
        if rule not in ("geometric", "arithmetic") and prev2 and (prev * prev) % prev2 == 0:
            add((prev * prev // prev2, "as_geometric"))
        if not missing and h + 2 < len(ext):
            add((ext[h + 2], "two_terms_on"))
        if rule in ADDITIVE and step:
            add((prev - step, "slip_sign"))
        add((key + 1, "slip_one"))
        add((key - 1, "slip_one"))
        if abs(step) >= 10 or (prev % 10) + (step % 10) >= 10 or abs(key) >= 20:  # a carry in the last step
            add((key + 10, "slip_ten"))
            add((key - 10, "slip_ten"))
        add((key + 2, "slip_two"))
        add((key - 2, "slip_two"))
        visible = [x for i, x in enumerate(ext[: draw.shown_count]) if i != h]
        top = 4 * max(abs(x) for x in [*visible, key])
        positive = min(visible) >= 0 and key >= 0
        return [(int(v), m) for v, m in out if Fraction(v).denominator == 1
                and abs(v) <= top and (v >= 0 or not positive)]

    # -- explanation ---------------------------------------------------------------------------
    def _calc(self, draw: _Draw, i: int) -> str:
        ext, rule, info = draw.ext, draw.rule, draw.info
        prev = ext[i - 1]
        if rule == "arithmetic":
            return f"{self.fmt(prev)} {self.signed(info['d'])}"
        if rule == "geometric":
            ratio = Fraction(info["ratio"])
            if ratio == Fraction(1, 2):
                return f"{self.fmt(prev)} {self.divide} 2"
            return f"{self.fmt(prev)} × {self.fmt(ratio) if ratio > 0 else '(' + self.fmt(ratio) + ')'}"
        if rule == "powers":
            base, c = info["first_base"] + i, info["offset"]
            sup = "²" if info["power"] == 2 else "³"
            return f"{base}{sup} {self.signed(c)}" if c else f"{base}{sup}"
        if rule == "fibonacci":
            return " + ".join(self.fmt(x) for x in ext[i - info["order"]:i])
        if rule == "interleaved":
            kind, k = info["odd"] if i % 2 == 0 else info["even"]
            before = self.fmt(ext[i - 2])
            return f"{before} × {k}" if kind == "times" else f"{before} {self.signed(k)}"
        if rule == "alternating":
            kind, k = info["ops"][(i - 1) % 2]
            return f"{self.fmt(prev)} × {k}" if kind == "times" else f"{self.fmt(prev)} {self.signed(k)}"
        return f"{self.fmt(prev)} {self.signed(ext[i] - prev)}"  # difference rules

    def _explain(self, draw: _Draw, h: int, missing: bool) -> str:
        ph, info, ext, n = self.phrases, draw.info, draw.ext, draw.shown_count
        full = ext[:n]
        diffs = ", ".join(self.fmt(x) for x in _diffs(full))
        rule = draw.rule
        if rule == "arithmetic":
            direction = ph["direction_more" if info["d"] > 0 else "direction_less"]
            text = ph["arithmetic"].format(step=self.fmt(abs(info["d"])), direction=direction)
        elif rule == "geometric":
            ratio = Fraction(info["ratio"])
            times = ph["halved"] if ratio == Fraction(1, 2) else ph["times"].format(r=self.fmt(ratio))
            text = ph["geometric"].format(times=times)
        elif rule == "powers":
            sup = "²" if info["power"] == 2 else "³"
            terms = ", ".join(
                f"{info['first_base'] + i}{sup} {self.signed(info['offset'])}" if info["offset"]
                else f"{info['first_base'] + i}{sup}" for i in range(len(full)))
            text = ph["powers"].format(power_word=ph["squares" if info["power"] == 2 else "cubes"],
                                       terms=terms)
        elif rule == "second_differences":
            text = ph["second_differences"].format(diffs=diffs, dd=info["step"])
        elif rule == "fibonacci":
            text = ph["fibonacci" if info["order"] == 2 else "tribonacci"]
        elif rule == "interleaved":
            def describe(kind_k: list[Any]) -> str:
                kind, k = kind_k
                if kind == "times":
                    return ph["each_time"].format(step=f"×{k}")
                return ph["each_time"].format(step=f"{'+' if k > 0 else self.minus}{abs(k)}")
            text = ph["interleaved"].format(
                first=", ".join(self.fmt(x) for x in full[0::2]), first_rule=describe(info["odd"]),
                second=", ".join(self.fmt(x) for x in full[1::2]), second_rule=describe(info["even"]))
        elif rule == "alternating":
            ops = ", ".join(f"× {k}" if kind == "times" else self.signed(k) for kind, k in info["ops"])
            text = ph["alternating"].format(ops=ops)
        else:
            text = ph["geometric_differences"].format(diffs=diffs, ratio=info["ratio"])
        key = self.fmt(ext[h])
        if missing:
            tail = ph["answer_missing"].format(calc=self._calc(draw, h), key=key,
                                               check=self._calc(draw, h + 1),
                                               after=self.fmt(ext[h + 1]))
        else:
            tail = ph["answer_next"].format(calc=self._calc(draw, h), key=key)
        return f"{text} {tail}"

    # -- check ---------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        line = item.prompt.strip().splitlines()[-1]
        try:
            shown = parse_series(line)
        except (ValueError, ZeroDivisionError):
            raise ItemCheckError(f"item {where}: cannot read the series {line!r}") from None
        if shown.count(None) != 1:
            raise ItemCheckError(f"item {where}: the series must have exactly one blank: {line!r}")
        terms = item.params.get("terms")
        if terms is not None and [None if t is None else Fraction(t) for t in terms] != shown:
            raise ItemCheckError(f"item {where}: params terms {terms} differ from the prompt")
        if sum(x is not None for x in shown) < 4:
            raise ItemCheckError(f"item {where}: fewer than four terms shown")
        values = []
        for option in item.options:
            try:
                values.append(Fraction(option.text.replace(",", "").replace("\u2212", "-")))
            except (ValueError, ZeroDivisionError):
                raise ItemCheckError(f"item {where}: option {option.text!r} is not a number"
                                     ) from None
        good = defensible_values(shown, values)
        require_single_key(item, [i for i, g in enumerate(good) if g])
