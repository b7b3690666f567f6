"""Mental arithmetic: whole numbers, order of operations, decimals, fractions and percentages.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (sd 0.35)
is sliced into eight bands, one question kind per band, in rising difficulty:

    kind 0 add_sub         two whole numbers with a carry or borrow (large: three-digit, or
                           three numbers a - b + c)
    kind 1 mul_div         one multiplication or exact division (large: two-digit operands)
    kind 2 percent_of      "What is 15% of 240?" (small: 5/10/20/25/50/75%)
    kind 3 order2          two operations where precedence matters: 24 + 6 × 7
    kind 4 decimals        + - × ÷ with decimals (large: × and ÷)
    kind 5 fractions       + - × ÷ of proper fractions, answer in lowest terms
    kind 6 percent_change  what percentage / increase / decrease (large: percentage change
                           between two values or two rates, reverse percentage)
    kind 7 order3          three operations with brackets: (18 + 6) × 4 - 45 ÷ 9

The position of the jittered difficulty inside its band is the probability of the "large"
variant. About one item in six (never fractions) is a numeric entry instead of five options.
b is a linear function of these structural features:

    b = -2.92 + 0.75 * kind + 0.35 * large + 0.25 * extra_step + 0.30 * entry

where extra_step marks one more operation than the kind's basic form (three numbers to add and
subtract; a percentage change, which needs a subtraction and a division). The band averages
stay close to the band centres (-2.625 + 0.75 * kind). Discrimination a = 0.85 + 0.08 * kind;
typical time 20 s + 4 s per kind step + 5 s large + 4 s extra step + 5 s entry (20-60 s).

The check evaluates the shown expression with its own recursive-descent parser over exact
fractions (or, for percentage word problems, recomputes the answer from the quantities stated
in the prompt with its own formulas), reads every option back from its text, and requires
exactly the keyed option (or the entry value) to equal it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    numeric_options,
    phrases_for,
    require_single_key,
)
from question_generators.display import format_fraction, format_number, format_percent
from question_generators.errors import ItemCheckError
from question_generators.item import Item, NumericEntry, Option

KINDS = ("add_sub", "mul_div", "percent_of", "order2", "decimals", "fractions",
         "percent_change", "order3")
WEIGHTS = {"kind_level": 0.75, "large": 0.35, "extra_step": 0.25, "entry": 0.30}
INTERCEPT = -2.92
ENTRY_SHARE = 0.18
PACKAGE = "question_generators.numeric"
MINUS, TIMES, DIVIDE = "\u2212", "\u00d7", "\u00f7"

F = Fraction
Rng = np.random.Generator


# =============================================================================================
# Independent evaluation (check)
# =============================================================================================
_TOKEN = re.compile(r"\s*(\d+(?:\.\d+)?/\d+|\d+(?:\.\d+)?|[-+*/()\u2212\u00d7\u00f7])")


def evaluate(text: str) -> Fraction:
    """Evaluate a shown expression exactly: + - × ÷ with the usual precedence, brackets, decimals,
    and fraction literals like 3/4 (written without spaces, binding tighter than any operator)."""
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ValueError(f"cannot read {text[pos:]!r}")
        tokens.append(match.group(1))
        pos = match.end()
    tokens = [{"\u2212": "-", "\u00d7": "*", "\u00f7": ":", "/": ":"}.get(t, t) for t in tokens]
    index = 0

    def peek() -> str | None:
        return tokens[index] if index < len(tokens) else None

    def take() -> str:
        nonlocal index
        index += 1
        return tokens[index - 1]

    def expr() -> Fraction:
        value = term()
        while peek() in ("+", "-"):
            value = value + term() if take() == "+" else value - term()
        return value

    def term() -> Fraction:
        value = factor()
        while peek() in ("*", ":"):
            # A ZeroDivisionError propagates: such an item is not valid.
            value = value * factor() if take() == "*" else value / factor()
        return value

    def factor() -> Fraction:
        token = take()
        if token == "-":
            return -factor()
        if token == "(":
            value = expr()
            if take() != ")":
                raise ValueError("unbalanced brackets")
            return value
        if "/" in token:
            num, den = token.split("/")
            return Fraction(num) / Fraction(den)
        return Fraction(token)

    result = expr()
    if index != len(tokens):
        raise ValueError(f"unexpected {tokens[index]!r}")
    return result


def read_value(text: str) -> Fraction:
    """Read an option as shown: '1,234', '-2.5', '12.5%', '3/4', '1 1/2'."""
    cleaned = text.strip().replace(MINUS, "-").replace(",", "").rstrip("%").strip()
    sign = -1 if cleaned.startswith("-") else 1
    cleaned = cleaned.lstrip("-")
    parts = cleaned.split()
    if len(parts) == 2:
        return sign * (Fraction(parts[0]) + Fraction(parts[1]))
    return sign * Fraction(cleaned)


# Percentage word problems: the answer from the stated quantities, written independently of the
# generator (which builds the answer and the distractors step by step).
PERCENT_FORMULAS: dict[str, Callable[[dict[str, Fraction]], Fraction]] = {
    "percent_of": lambda q: q["p"] / 100 * q["base"],
    "what_percent": lambda q: 100 * q["part"] / q["whole"],
    "increase": lambda q: q["base"] + q["base"] * q["p"] / 100,
    "decrease": lambda q: q["base"] - q["base"] * q["p"] / 100,
    "change": lambda q: 100 * (q["new"] - q["old"]) / q["old"],
    "rate_change": lambda q: 100 * (q["new"] - q["old"]) / q["old"],
    "reverse": lambda q: q["final"] / (1 + q["p"] / 100),
}


# =============================================================================================
# Generation
# =============================================================================================
def _num(x: Fraction | int) -> str:
    """Numbers as the expressions show them: grouped only from 10,000 on (1320, 12,500)."""
    return format_number(float(x), group=abs(x) >= 10000)


def _expr_num(x: Fraction | int) -> str:
    return format_number(float(x), group=False)


def _is_clean(x: Fraction, places: int = 2) -> bool:
    return (x * 10 ** places).denominator == 1


def _decimals_of(x: Fraction) -> int:
    for places in range(6):
        if (x * 10 ** places).denominator == 1:
            return places
    return 6


@dataclass
class _Draft:
    """What a kind produces before options and phrasing are arranged."""

    key: Fraction
    candidates: list[tuple[Fraction, str]]
    steps: list[str]
    style: str = "number"  # number | percent | fraction
    expression: str = ""  # shown expression, for calculation kinds
    question: str = ""  # percentage word-problem type
    quantities: dict[str, Fraction] = field(default_factory=dict)
    extra_step: bool = False
    entry_ok: bool = True


class ArithmeticGenerator(BaseGenerator):
    """Mental arithmetic: whole numbers, order of operations, decimals, fractions, percentages.

    See the module docstring for the difficulty model: eight question kinds, then the size of
    the numbers, an extra step, and numeric entry instead of options.
    """

    family = "numeric.arithmetic"
    section = "numerical"
    version = 1
    title = "Mental arithmetic"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)["arithmetic"]

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: Rng, difficulty: float) -> Item:
        jittered = difficulty + rng.normal(0.0, 0.35)
        position = (jittered + 3.0) / 6.0 * len(KINDS)
        kind_level = min(len(KINDS) - 1, max(0, int(np.floor(position))))
        large_p = float(min(1.0, max(0.0, position - kind_level)))
        rank = int(rng.integers(0, 5))  # options below the key: uniform, kept on redraws
        entry = bool(rng.random() < ENTRY_SHARE)
        return self.redraw(rng, lambda r: self._attempt(r, kind_level, large_p, rank, entry))

    def _pick(self, rng: Rng, name: str) -> str:
        choices = self.phrases[name]
        return choices[int(rng.integers(len(choices)))]

    def _attempt(self, rng: Rng, kind_level: int, large_p: float, rank: int,
                 entry: bool) -> Item | None:
        kind = KINDS[kind_level]
        large = bool(rng.random() < large_p)
        draft: _Draft | None = getattr(self, f"_{kind}")(rng, large)
        if draft is None:
            return None
        entry = entry and draft.entry_ok
        key = draft.key
        if draft.expression:
            stem = self._pick(rng, "calculate_fraction" if draft.style == "fraction" else "calculate")
            prompt = f"{stem}\n\n{draft.expression}"
        else:
            shown = {name: (format_percent(float(v)) if name == "p" or
                            (draft.question == "rate_change") else _num(v))
                     for name, v in draft.quantities.items()}
            prompt = self._pick(rng, draft.question).format(**shown)
        options: tuple[Option, ...] = ()
        key_index = None
        numeric_entry = None
        if entry:
            decimals = _decimals_of(key)
            if draft.style == "percent":
                hint = self.phrases["entry_percent"]
            elif decimals == 0:
                hint = self.phrases["entry_whole"]
            else:
                hint = self.phrases["entry_decimals"].format(decimals=decimals)
            prompt = f"{prompt}\n\n{hint}"
            numeric_entry = NumericEntry(float(key), 0.0, "%" if draft.style == "percent" else "",
                                         decimals)
        else:
            options_, key_index = self._options(rng, draft, rank)
            if options_ is None:
                return None
            options = options_
        features = {"kind_level": kind_level, "large": int(large),
                    "extra_step": int(draft.extra_step), "entry": int(entry)}
        params: dict[str, Any] = {"kind": kind, **features}
        if draft.expression:
            params["expression"] = draft.expression
        else:
            params["question"] = draft.question
            params["quantities"] = {k: str(v) for k, v in draft.quantities.items()}
        time_s = min(60.0, 20.0 + 4 * kind_level + 5 * large + 4 * draft.extra_step + 5 * entry)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            explanation=" ".join(draft.steps),
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features),
            discrimination=round(0.85 + 0.08 * kind_level, 3), time_s=float(time_s),
            options=options, key=key_index, entry=numeric_entry, params=params,
        )

    def _show(self, value: Fraction, style: str) -> str:
        if style == "fraction":
            return format_fraction(value)
        if style == "percent":
            return format_percent(float(value))
        return _num(value)

    def _options(self, rng: Rng, draft: _Draft,
                 rank: int) -> tuple[tuple[Option, ...] | None, int | None]:
        """Four named-mistake distractors, `rank` of them below the key (the rest above): the
        kind's own mistakes first, then generic slips; None when a side runs short."""
        key = draft.key
        key_text = self._show(key, draft.style)
        seen = {key_text}
        below: list[Option] = []
        above: list[Option] = []
        for batch in (draft.candidates, None):
            for value, mistake in (batch if batch is not None else self._fallbacks(draft)):
                value = F(value)
                if value <= 0 or value == key or value > 20 * key + 100:
                    continue
                if draft.style == "fraction" and value.denominator > 144:
                    continue
                if draft.style != "fraction" and (value * 1000).denominator != 1:
                    continue
                side = below if value < key else above
                if len(side) >= (rank if side is below else 4 - rank):
                    continue
                text = self._show(value, draft.style)
                if text in seen:
                    continue
                seen.add(text)
                side.append(Option(text, float(value), mistake))
            if len(below) == rank and len(above) == 4 - rank:
                break
        if len(below) < rank or len(above) < 4 - rank:
            return None, None
        options, index = numeric_options(rng, Option(key_text, float(key)), below + above, 5)
        return options, index

    def _fallbacks(self, draft: _Draft) -> list[tuple[Fraction, str]]:
        """Generic slips, used when the kind's own mistakes do not fill a side."""
        key = draft.key
        if draft.style == "fraction":
            return [(key * 2, "halved the denominator by mistake"),
                    (key / 2, "doubled the denominator by mistake"),
                    (key + 1, "added a whole one too many"),
                    (key - 1, "lost a whole one")]
        out: list[tuple[Fraction, str]] = []
        if draft.question in ("percent_of", "what_percent") or key.denominator != 1 \
                or "." in draft.expression:
            out += [(key * 10, "put the decimal point one place out"),
                    (key / 10, "put the decimal point one place out")]
        out += [(key + 10, "slipped when carrying (off by ten)"),
                (key - 10, "slipped when borrowing (off by ten)"),
                (key + 1, "made an off-by-one slip"), (key - 1, "made an off-by-one slip")]
        if key >= 200:
            out += [(key + 100, "slipped in the hundreds column"),
                    (key - 100, "slipped in the hundreds column")]
        digits = _num(key)
        if key.denominator == 1 and len(digits) >= 2 and digits[-1] != digits[-2] \
                and digits[-2].isdigit():
            out.append((F(digits[:-2].replace(",", "") + digits[-1] + digits[-2]),
                        "swapped the last two digits when writing the answer"))
        return out

    # -- kinds ---------------------------------------------------------------------------------
    def _add_sub(self, rng: Rng, large: bool) -> _Draft | None:
        lo, hi = (120, 990) if large else (24, 99)
        a, b = int(rng.integers(lo, hi)), int(rng.integers(lo // 2, hi))
        three = large and rng.random() < 0.5
        if three:  # a - b + c: the minus binds to b only
            c = int(rng.integers(lo // 2, hi))
            if a <= b:
                a, b = b + int(rng.integers(30, 200)), a
            key = F(a - b + c)
            expression = f"{a} {MINUS} {b} + {c}"
            return _Draft(key, [
                (F(a - b - c), "subtracted both numbers: took a - b + c as a - (b + c)"),
                (_no_borrow(a, b) + c, "subtracted the smaller digit from the larger in each column"),
                (F(a + b + c), "added all three numbers"),
            ], [f"Work from left to right: {a} {MINUS} {b} = {a - b}, then {a - b} + {c} = {key}."],
                expression=expression, extra_step=True)
        if rng.random() < 0.5:
            if (a % 10) + (b % 10) < 10 and (a // 10 % 10) + (b // 10 % 10) < 10:
                return None  # no carry: too easy for this band
            key = F(a + b)
            return _Draft(key, [
                (_no_carry(a, b), "forgot to carry"),
                (key - 10, "dropped a carry (off by ten)"),
                (key + 10, "carried twice (off by ten)"),
                (F(abs(a - b)), "subtracted instead of adding"),
            ], [f"Add the units, then the tens, carrying where needed: {a} + {b} = {key}."],
                expression=f"{a} + {b}")
        a, b = max(a, b), min(a, b)
        if a % 10 >= b % 10 or a == b:
            return None  # no borrow
        key = F(a - b)
        return _Draft(key, [
            (_no_borrow(a, b), "subtracted the smaller digit from the larger in each column"),
            (key + 10, "forgot to pay back the borrowed ten"),
            (key - 10, "borrowed twice (off by ten)"),
            (F(a + b), "added instead of subtracting"),
        ], [f"Borrow ten where a column is too small: {a} {MINUS} {b} = {key}."],
            expression=f"{a} {MINUS} {b}")

    def _mul_div(self, rng: Rng, large: bool) -> _Draft | None:
        if rng.random() < 0.5:
            if large:
                a, b = int(rng.integers(13, 50)), int(rng.integers(12, 30))
            else:
                a, b = int(rng.integers(12, 50)), int(rng.integers(3, 10))
            if a % 10 == 0 or b % 10 == 0:
                return None
            key = F(a * b)
            cands = [(key - a, f"took one {a} too few ({a} {TIMES} {b - 1})"),
                     (key + a, f"took one {a} too many ({a} {TIMES} {b + 1})")]
            if b >= 10:
                cands.insert(0, (F(a * (b // 10) + a * (b % 10)),
                                 "forgot to shift the tens partial product one place"))
                steps = [f"{a} {TIMES} {b} = {a} {TIMES} {b // 10 * 10} + {a} {TIMES} {b % 10} = "
                         f"{a * (b // 10 * 10)} + {a * (b % 10)} = {key}."]
            else:
                cands.insert(0, (F((a // 10) * b * 10 + (a % 10) * b % 10), "forgot to carry"))
                steps = [f"{a} {TIMES} {b} = {a // 10 * 10} {TIMES} {b} + {a % 10} {TIMES} {b} = "
                         f"{a // 10 * 10 * b} + {a % 10 * b} = {key}."]
            return _Draft(key, cands, steps, expression=f"{a} {TIMES} {b}")
        if large:
            q, d = int(rng.integers(12, 100)), int(rng.integers(12, 26))
        else:
            q, d = int(rng.integers(12, 100)), int(rng.integers(3, 10))
        if q % 10 == 0 or d == 10:
            return None
        n = q * d
        key = F(q)
        return _Draft(key, [
            (key - 1, "made an off-by-one slip in the quotient"),
            (key + 1, "made an off-by-one slip in the quotient"),
            (key + 10, "slipped in the tens digit of the quotient"),
            (key - 10, "slipped in the tens digit of the quotient"),
        ], [f"{n} {DIVIDE} {d} = {q}, because {q} {TIMES} {d} = {n}."],
            expression=f"{_expr_num(n)} {DIVIDE} {d}")

    def _percent_of(self, rng: Rng, large: bool) -> _Draft | None:
        pcts = [F(15), F(35), F(45), F(25, 2), F(35, 2), F(30), F(40), F(60), F(65), F(85)] \
            if large else [F(5), F(10), F(20), F(25), F(50), F(75)]
        p = pcts[int(rng.integers(len(pcts)))]
        base = F(int(rng.integers(2, 60)) * (20 if large else 10))
        key = p * base / 100
        if not _is_clean(key, 1) or key == base - key:
            return None
        return _Draft(key, [
            (base - key, f"found the remaining {format_percent(float(100 - p))} instead"),
            (base + key, f"increased {_num(base)} by {format_percent(float(p))} instead"),
            (key * 10, "put the decimal point one place out"),
            (key / 10, "put the decimal point one place out"),
            (base / p, "divided by the percentage instead of multiplying"),
        ], [f"{format_percent(float(p))} of {_num(base)} = {_num(p)}/100 {TIMES} {_num(base)} = "
            f"{_num(key)}."],
            question="percent_of", quantities={"p": p, "base": base})

    def _order2(self, rng: Rng, large: bool) -> _Draft | None:
        hi = 60 if large else 20
        form = int(rng.integers(0, 4))
        b, c = int(rng.integers(3, 13 if large else 10)), int(rng.integers(3, 10))
        if form == 0:  # a + b × c
            a = int(rng.integers(2, hi))
            key, l2r = F(a + b * c), F((a + b) * c)
            expr, steps = f"{a} + {b} {TIMES} {c}", [
                f"Multiply first: {b} {TIMES} {c} = {b * c}; then {a} + {b * c} = {key}."]
        elif form == 1:  # a − b × c
            a = b * c + int(rng.integers(2, hi))
            key, l2r = F(a - b * c), F((a - b) * c)
            expr, steps = f"{a} {MINUS} {b} {TIMES} {c}", [
                f"Multiply first: {b} {TIMES} {c} = {b * c}; then {a} {MINUS} {b * c} = {key}."]
        elif form == 2:  # a + b ÷ c, with (a + b) divisible by c as well
            q = int(rng.integers(2, 13 if large else 10))
            b = q * c
            a = c * int(rng.integers(1, hi // c + 2))
            key, l2r = F(a + q), F(a + b, c)
            expr, steps = f"{a} + {b} {DIVIDE} {c}", [
                f"Divide first: {b} {DIVIDE} {c} = {q}; then {a} + {q} = {key}."]
        else:  # a − b ÷ c
            q = int(rng.integers(2, 13 if large else 10))
            b = q * c
            a = b + c * int(rng.integers(1, hi // c + 2))
            key, l2r = F(a - q), F(a - b, c)
            expr, steps = f"{a} {MINUS} {b} {DIVIDE} {c}", [
                f"Divide first: {b} {DIVIDE} {c} = {q}; then {a} {MINUS} {q} = {key}."]
        cands = [(l2r, "worked from left to right instead of doing the "
                       f"{'multiplication' if form < 2 else 'division'} first")]
        if form < 2:
            cands += [(key - b if form == 0 else key + b, f"used {b} {TIMES} {c - 1} instead of "
                                                          f"{b} {TIMES} {c}"),
                      (key + b if form == 0 else key - b, f"used {b} {TIMES} {c + 1} instead of "
                                                          f"{b} {TIMES} {c}")]
        else:
            cands += [(key + 1 if form == 2 else key - 1, "made an off-by-one slip in the division"),
                      (key - 1 if form == 2 else key + 1, "made an off-by-one slip in the division")]
        return _Draft(key, cands, steps, expression=expr)

    def _decimals(self, rng: Rng, large: bool) -> _Draft | None:
        op = int(rng.integers(2, 4)) if large else int(rng.integers(0, 4))
        if op <= 1:  # + or −, one number with one decimal place, the other with two
            a = F(int(rng.integers(12, 99)), 10)
            b = F(int(rng.integers(101, 999)), 100)
            if b.denominator != 100 or a.denominator != 10:
                return None
            if op == 0:
                key = a + b
                shifted = a / 10 + b
                expr = f"{_expr_num(a)} + {_expr_num(b)}"
                other, mistake = abs(a - b), "subtracted instead of adding"
            else:
                if a <= b:
                    a += int(b) + 1
                key = a - b
                shifted = _no_borrow(int(a * 100), int(b * 100)) / 100
                expr = f"{_expr_num(a)} {MINUS} {_expr_num(b)}"
                other, mistake = a + b, "added instead of subtracting"
            cands = [(shifted, "lined up the last digits instead of the decimal points" if op == 0
                      else "took the smaller digit from the larger in each column"),
                     (other, mistake),
                     (key + F(1, 10), "slipped when carrying in the tenths"),
                     (key - F(1, 10), "slipped when carrying in the tenths")]
            steps = [f"Line up the decimal points: {_expr_num(a)}0 "
                     f"{'+' if op == 0 else MINUS} {_expr_num(b)} = {_num(key)}."]
            return _Draft(key, cands, steps, expression=expr)
        if op == 2:  # ×
            if large:
                a, b = F(int(rng.integers(11, 50)), 100), F(int(rng.integers(11, 40)), 10)
            else:
                a, b = F(int(rng.integers(11, 99)), 10), F(int(rng.choice([2, 3, 4, 5, 6, 8])), 10)
            if a.denominator == 1 or b.denominator == 1 or (large and a.denominator != 100):
                return None
            key = a * b
            places = _decimals_of(a) + _decimals_of(b)
            cands = [(key * 10, f"counted too few decimal places (the answer needs {places})"),
                     (key / 10, f"counted too many decimal places (the answer needs {places})"),
                     (a + b, "added instead of multiplying")]
            if _is_clean(a / b, 3):
                cands.append((a / b, "divided instead of multiplying"))
            steps = [f"Multiply without the decimal points: {_expr_num(a * 10 ** _decimals_of(a))} "
                     f"{TIMES} {_expr_num(b * 10 ** _decimals_of(b))} = "
                     f"{_expr_num(key * 10 ** places)}; the factors have {places} decimal places "
                     f"between them, so the answer is {_num(key)}."]
            return _Draft(key, cands, steps, expression=f"{_expr_num(a)} {TIMES} {_expr_num(b)}")
        # ÷ by a decimal
        b = F(int(rng.integers(2, 10)), 10 if not large else int(rng.choice([10, 100])))
        q = F(int(rng.integers(3, 40)), 1 if not large else int(rng.choice([1, 10])))
        a = q * b
        if not _is_clean(a, 3) or (a == int(a) and b.denominator == 10 and large):
            return None
        key = q
        shift = 10 ** _decimals_of(b)
        cands = [(key / 10, "moved the decimal point of only one number"),
                 (key * 10, "moved the decimal point one place too far"),
                 (a * b, "multiplied instead of dividing")]
        steps = [f"Multiply both numbers by {shift} so the divisor is whole: "
                 f"{_expr_num(a * shift)} {DIVIDE} {_expr_num(b * shift)} = {_num(key)}."]
        return _Draft(key, cands, steps, expression=f"{_expr_num(a)} {DIVIDE} {_expr_num(b)}")

    def _fractions(self, rng: Rng, large: bool) -> _Draft | None:
        dens = [2, 3, 4, 5, 6, 8, 9, 10, 12]
        op = int(rng.integers(0, 4)) if large else int(rng.integers(0, 3))
        pairs = [(b, d) for b in dens for d in dens if b != d
                 and ((b % d == 0 or d % b == 0) != (large and op < 2))]
        b, d = pairs[int(rng.integers(len(pairs)))]  # small: one denominator divides the other
        x = F(int(rng.choice([n for n in range(1, b) if math.gcd(n, b) == 1])), b)
        y = F(int(rng.choice([n for n in range(1, d) if math.gcd(n, d) == 1])), d)
        a, c = x.numerator, y.numerator
        if op == 1 and x < y:
            x, y, a, b, c, d = y, x, c, d, a, b
        sym = ["+", MINUS, TIMES, DIVIDE][op]
        expr = f"{a}/{b} {sym} {c}/{d}"
        if op in (0, 1):
            key = x + y if op == 0 else x - y
            lcd = b * d // math.gcd(b, d)
            top = a + c if op == 0 else a - c
            cands: list[tuple[Fraction, str]] = []
            word = "added" if op == 0 else "subtracted"
            if top > 0 and (op == 0 or b > d):
                cands.append((F(top, b + d if op == 0 else b - d),
                              f"{word} the numerators and the denominators"))
            if top > 0:
                cands += [(F(top, max(b, d)), f"{word} the numerators without a common denominator"),
                          (F(top, b * d), "used the product of the denominators without scaling "
                                          "the numerators")]
            cands.append((x * y, "multiplied instead of adding" if op == 0
                          else "multiplied instead of subtracting"))
            steps = [f"Use the common denominator {lcd}: {_frac_over(x, lcd)} "
                     f"{'+' if op == 0 else MINUS} {_frac_over(y, lcd)} = {format_fraction(key)}."]
        elif op == 2:
            key = x * y
            cands = [(x / y, "inverted the second fraction (divided instead of multiplying)"),
                     (F(a * c, b + d), "added the denominators instead of multiplying them"),
                     (x + y, "added instead of multiplying")]
            steps = [f"Multiply the numerators and the denominators: {a} {TIMES} {c} = {a * c}, "
                     f"{b} {TIMES} {d} = {b * d}, so {a * c}/{b * d} = {format_fraction(key)}."]
        else:
            key = x / y
            cands = [(x * y, "multiplied without inverting the second fraction"),
                     (y / x, "inverted the first fraction instead of the second"),
                     (1 / (x * y), "inverted both fractions")]
            steps = [f"Multiply by the reciprocal of the second fraction: {a}/{b} {TIMES} {d}/{c} "
                     f"= {a * d}/{b * c} = {format_fraction(key)}."]
        if key <= 0 or key.denominator > 72:
            return None
        return _Draft(key, cands, steps, style="fraction", expression=expr, entry_ok=False)

    def _percent_change(self, rng: Rng, large: bool) -> _Draft | None:
        variant = ["change", "rate_change", "reverse"][int(rng.integers(0, 3))] if large \
            else ["what_percent", "increase", "decrease"][int(rng.integers(0, 3))]
        pcts = [F(5), F(10), F(15), F(20), F(25), F(30), F(40), F(50), F(60), F(75), F(25, 2)]
        p = pcts[int(rng.integers(len(pcts)))]
        if variant == "what_percent":
            whole = F(int(rng.choice([40, 50, 60, 80, 120, 160, 200, 240, 250, 400, 500])))
            part = whole * p / 100
            if part.denominator != 1:
                return None
            key = p
            return _Draft(key, [
                (100 * whole / part, f"divided {_num(whole)} by {_num(part)} instead"),
                (100 - p, "gave the percentage that is left instead"),
                (100 * part / (whole - part), f"compared {_num(part)} with the rest "
                                              f"({_num(whole - part)}) instead of the whole"),
                (p / 10, "put the decimal point one place out"),
            ], [f"{_num(part)} {DIVIDE} {_num(whole)} = {_num(part / whole)} = "
                f"{format_percent(float(key))}."],
                style="percent", question="what_percent",
                quantities={"part": part, "whole": whole})
        if variant in ("increase", "decrease"):
            base = F(int(rng.integers(2, 50)) * 20)
            change = base * p / 100
            up = variant == "increase"
            key = base + change if up else base - change
            if not _is_clean(change, 1):
                return None
            pct = format_percent(float(p))
            return _Draft(key, [
                (change, f"gave only the {'increase' if up else 'reduction'}"),
                (base - change if up else base + change,
                 "decreased instead of increasing" if up else "increased instead of decreasing"),
                (base + p if up else base - p, f"{'added' if up else 'took off'} {_num(p)} "
                                               f"instead of {pct}"),
                (base + change / 10 if up else base - change / 10,
                 "put the decimal point one place out in the change"),
            ], [f"{pct} of {_num(base)} is {_num(change)}; {_num(base)} "
                f"{'+' if up else MINUS} {_num(change)} = {_num(key)}."],
                question=variant, quantities={"base": base, "p": p})
        if variant == "reverse":
            final_base = F(int(rng.integers(2, 40)) * 20)
            final = final_base * (100 + p) / 100
            if not _is_clean(final, 1):
                return None
            key = final_base
            pct = format_percent(float(p))
            return _Draft(key, [
                (final * (100 - p) / 100, f"took {pct} off the new value (the wrong base)"),
                (final - p, f"took off {_num(p)} instead of reversing {pct}"),
                (final * (100 + p) / 100, f"increased by {pct} again"),
            ], [f"The new value is {format_percent(100 + float(p))} of the old one: "
                f"{_num(final)} {DIVIDE} {_num(1 + p / 100)} = {_num(key)}."],
                question="reverse", quantities={"final": final, "p": p})
        if variant == "change":
            old = F(int(rng.choice([20, 40, 50, 60, 80, 120, 150, 200, 250, 400, 500])))
            new = old * (100 + p) / 100
            if new.denominator != 1:
                return None
            key = p
            return _Draft(key, [
                (100 * (new - old) / new, "divided by the new value instead of the old"),
                (100 * new / old, "gave the new value as a percentage of the old"),
                (new - old, "gave the difference itself, not as a percentage"),
                (p / 10, "put the decimal point one place out"),
            ], [f"The increase is {_num(new)} {MINUS} {_num(old)} = {_num(new - old)}; "
                f"{_num(new - old)} {DIVIDE} {_num(old)} = {_num((new - old) / old)} = "
                f"{format_percent(float(key))}."],
                style="percent", question="change", quantities={"old": old, "new": new},
                extra_step=True)
        old = F(int(rng.choice([8, 10, 12, 15, 20, 25, 30, 40, 50, 60])))
        new = old * (100 + p) / 100
        if not _is_clean(new, 1) or new >= 100:
            return None
        key = p
        return _Draft(key, [
            (new - old, "gave the change in percentage points, not in percent"),
            (100 * (new - old) / new, "divided by the new rate instead of the old"),
            (100 * new / old, "gave the new rate as a percentage of the old"),
        ], [f"The rate rose by {_num(new - old)} percentage points; {_num(new - old)} {DIVIDE} "
            f"{_num(old)} = {_num((new - old) / old)} = {format_percent(float(key))}."],
            style="percent", question="rate_change", quantities={"old": old, "new": new},
            extra_step=True)

    def _order3(self, rng: Rng, large: bool) -> _Draft | None:
        form = int(rng.integers(0, 3))
        hi = 30 if large else 15
        if form == 0:  # (a + b) × c − d ÷ e
            a, b, c, e = (int(x) for x in (rng.integers(2, hi), rng.integers(2, hi),
                                           rng.integers(2, 7), rng.integers(2, 10)))
            d = e * int(rng.integers(2, 10))
            key = F((a + b) * c - d // e)
            expr = f"({a} + {b}) {TIMES} {c} {MINUS} {d} {DIVIDE} {e}"
            cands = [(F(a + b * c - d // e), "ignored the brackets"),
                     (F(((a + b) * c - d), e), "worked from left to right after the brackets"),
                     (F((a + b) * c + d // e), "added the quotient instead of subtracting it"),
                     (key - 10, "slipped when borrowing (off by ten)")]
            steps = [f"Brackets first: {a} + {b} = {a + b}; then {a + b} {TIMES} {c} = "
                     f"{(a + b) * c} and {d} {DIVIDE} {e} = {d // e}; finally "
                     f"{(a + b) * c} {MINUS} {d // e} = {key}."]
        elif form == 1:  # a × (b − c) + d
            a, c, d = (int(x) for x in (rng.integers(3, 13), rng.integers(2, hi),
                                        rng.integers(2, hi)))
            b = c + int(rng.integers(2, 12))
            key = F(a * (b - c) + d)
            expr = f"{a} {TIMES} ({b} {MINUS} {c}) + {d}"
            cands = [(F(a * b - c + d), "ignored the brackets"),
                     (F(a * (b - c + d)), "took the + " + str(d) + " inside the brackets"),
                     (F(a * (b - c) - d), "subtracted instead of adding at the end"),
                     (F(a * (b + c) + d), "added inside the brackets instead of subtracting")]
            steps = [f"Brackets first: {b} {MINUS} {c} = {b - c}; then {a} {TIMES} {b - c} = "
                     f"{a * (b - c)}; finally {a * (b - c)} + {d} = {key}."]
        else:  # a − b × c + d
            b, c, d = (int(x) for x in (rng.integers(3, 13), rng.integers(2, 10),
                                        rng.integers(2, hi)))
            a = b * c + int(rng.integers(2, 4 * hi))
            key = F(a - b * c + d)
            expr = f"{a} {MINUS} {b} {TIMES} {c} + {d}"
            cands = [(F((a - b) * c + d), "worked from left to right"),
                     (F(a - (b * c + d)), f"subtracted the {d} as well"),
                     (F(a - b * (c + d)), "added before multiplying"),
                     (key + 10, "slipped when carrying (off by ten)")]
            steps = [f"Multiply first: {b} {TIMES} {c} = {b * c}; then from left to right "
                     f"{a} {MINUS} {b * c} = {a - b * c} and {a - b * c} + {d} = {key}."]
        if key <= 0:
            return None
        return _Draft(key, cands, steps, expression=expr)

    # -- check ---------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        where = item.id or item.family
        if item.entry is None:
            check_options(item)
        elif item.options or item.key is not None:
            raise ItemCheckError(f"item {where}: a numeric entry item has no options or key")
        params = item.params
        try:
            if "expression" in params:
                expression = str(params["expression"])
                if expression not in item.prompt:
                    raise ItemCheckError(f"item {where}: the expression is not in the prompt")
                truth = evaluate(expression)
            else:
                question = str(params["question"])
                quantities = {k: Fraction(v) for k, v in dict(params["quantities"]).items()}
                for name, value in quantities.items():
                    shown = format_number(float(value), group=abs(value) >= 10000)
                    if shown not in item.prompt:
                        raise ItemCheckError(f"item {where}: {name}={shown} is not in the prompt")
                truth = PERCENT_FORMULAS[question](quantities)
        except (KeyError, ValueError, ZeroDivisionError, TypeError) as exc:
            raise ItemCheckError(f"item {where}: cannot evaluate the question: {exc}") from None
        if item.entry is not None:
            if abs(Fraction(item.entry.value) - truth) > Fraction(item.entry.tolerance) + F(1, 10**9):
                raise ItemCheckError(f"item {where}: entry {item.entry.value} but the answer is "
                                     f"{float(truth)}")
            return
        correct = []
        for index, option in enumerate(item.options):
            try:
                if read_value(option.text) == truth:
                    correct.append(index)
            except (ValueError, ZeroDivisionError):
                raise ItemCheckError(f"item {where}: option {option.text!r} is not a number"
                                     ) from None
        require_single_key(item, correct)


def _no_carry(a: int, b: int) -> Fraction:
    """a + b as if every carry were forgotten: column sums modulo 10."""
    out, place = 0, 1
    while a or b:
        out += ((a % 10 + b % 10) % 10) * place
        a, b, place = a // 10, b // 10, place * 10
    return F(out)


def _no_borrow(a: int, b: int) -> Fraction:
    """a - b taking the smaller digit from the larger in each column (the classic borrow error)."""
    out, place = 0, 1
    while a or b:
        out += abs(a % 10 - b % 10) * place
        a, b, place = a // 10, b // 10, place * 10
    return F(out)


def _frac_over(x: Fraction, den: int) -> str:
    return f"{x.numerator * den // x.denominator}/{den}"
