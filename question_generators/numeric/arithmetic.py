"""Mental arithmetic: whole numbers, order of operations, decimals, fractions and percentages.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (sd 0.35)
is sliced into ten bands of 0.6 logits, one question kind per band, in rising difficulty:

    kind 0 add_sub         two whole numbers with a carry or borrow (large: three-digit, or
                           a - b + c)
    kind 1 mul_div         one multiplication or exact division (large: two-digit operands)
    kind 2 percent_of      "What is 15% of 240?", or a service charge / deposit in money
                           (small: 5/10/20/25/50/75%)
    kind 3 order2          two operations where precedence matters: 24 + 6 × 7
    kind 4 decimals        + and - of decimals (large: × and ÷ by a decimal)
    kind 5 fractions       + - × ÷ of proper fractions, answer in lowest terms
    kind 6 percent_change  what percentage / increase / decrease (large: percentage change
                           between two values, or between two rates)
    kind 7 order3          three operations with brackets: (18 + 6) × 4 - 45 ÷ 9
    kind 8 reverse_compound  reverse percentage ("after a 15% discount it costs £68") (large:
                           two successive percentage changes, "up 20% then down 20%")
    kind 9 multi_step      a fraction of a fraction of a sum of money, or division of mixed
                           numbers (large: percentage change between two prices in pence, or
                           a two-step calculation with decimals and brackets)

The position of the jittered difficulty inside its band is the probability of the "large"
variant. About one item in six (never fractions) is a numeric entry instead of five options.
b is a linear function of these structural features, monotone in each:

    b = -2.92 + 0.60 * kind + 0.30 * large + 0.20 * extra_step + 0.30 * entry

where extra_step marks one more operation than the kind's basic form (three numbers to add and
subtract; a percentage change, which needs a subtraction and a division; two successive
changes; a fraction of a fraction; decimals with brackets). With these weights the mean b of
the items made for a requested difficulty tracks the request (tested per band).
Discrimination a = 0.85 + 0.07 * kind; typical time 20 s + 3.5 s per kind step + 5 s large
+ 4 s extra step + 5 s entry (20-60 s).

Distractors are named mistakes. Most come from a conceptual error specific to the question
type (wrong operation, wrong base, left to right instead of precedence, simple instead of
compound change, percentage points for percent, a compensation step undone the wrong way ...);
at most one per item is a generic slip (GENERIC_SLIP_KEYS, e.g. off by one or by ten), and no
two distractors share a mistake group. Every sentence shown to the candidate comes from
phrases.toml; numbers are formatted by question_generators.display.

Bokmål items (lang "nb") are the same calculations with Norwegian stems, kroner and numbers
as Bokmål writes them (3,75; 12,5 %; 12 345 kr): division is written ':' (the sign Norwegian
schools teach), never '÷', which in Norway can be read as minus.

The check evaluates the shown expression with its own recursive-descent parser over exact
fractions (or, for word problems, recomputes the answer from the quantities stated in the
prompt with its own formulas), reads every option back from its text, and requires exactly
the keyed option (or the entry value) to equal it.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
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
from question_generators.display import (
    format_fraction,
    format_money,
    format_number,
    format_percent,
)
from question_generators.errors import ItemCheckError
from question_generators.item import Item, NumericEntry, Option
from question_generators.numeric.fair import fair_arrange

KINDS = ("add_sub", "mul_div", "percent_of", "order2", "decimals", "fractions",
         "percent_change", "order3", "reverse_compound", "multi_step")
WEIGHTS = {"kind_level": 0.60, "large": 0.30, "extra_step": 0.20, "entry": 0.30}
INTERCEPT = -2.92
ENTRY_SHARE = 0.18
STRICT_TRIES = 12  # draws that must place the key at the drawn rank before the nearest rank will do
PACKAGE = "question_generators.numeric"
MINUS, TIMES, DIVIDE = "\u2212", "\u00d7", "\u00f7"

# Generic slips: mistakes that fit any calculation. At most one of them per item; every other
# distractor is a conceptual mistake of the question type.
GENERIC_SLIP_KEYS = ("slip_one", "slip_ten", "slip_hundred", "slip_point", "slip_digits",
                     "slip_table", "slip_whole", "slip_tenth")
GENERIC_SLIPS = frozenset(
    phrases_for(PACKAGE, "en")["arithmetic"]["mistakes"][k] for k in GENERIC_SLIP_KEYS)
# Mistakes of one group are variants of the same error: an item shows at most one of a group.
MISTAKE_GROUP = {
    **dict.fromkeys(GENERIC_SLIP_KEYS, "generic"),
    # a decimal-place count is the decimal-point slip under another name
    "places_too_few": "generic", "places_too_many": "generic",
    "one_group_less": "group_count", "one_group_more": "group_count",
}

F = Fraction
Rng = np.random.Generator
Cand = tuple[Fraction, str, dict[str, str]]


# =============================================================================================
# Independent evaluation (check)
# =============================================================================================
_TOKEN = re.compile(r"\s*(\d+ \d+/\d+|\d+(?:\.\d+)?/\d+|\d+(?:\.\d+)?|[-+*/():\u2212\u00d7\u00f7])")
# Bokmål digits to English ones (a decimal comma, no-break spaces between groups)
_FROM_NB = str.maketrans({",": ".", "\u00a0": None, "\u202f": None})


def evaluate(text: str, lang: str = "en") -> Fraction:
    """Evaluate a shown expression exactly: + - × ÷ (or :) with the usual precedence, brackets,
    decimals, fraction literals like 3/4 and mixed numbers like 2 1/2 (both written without
    spaces around the slash, binding tighter than any operator); in Bokmål with decimal commas."""
    tokens: list[str] = []
    pos = 0
    text = text.strip() if lang == "en" else text.strip().translate(_FROM_NB)
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
        if " " in token:
            whole, frac = token.split(" ")
            num, den = frac.split("/")
            return _literal(whole) + _literal(num) / _literal(den)
        if "/" in token:
            num, den = token.split("/")
            return _literal(num) / _literal(den)
        return _literal(token)

    result = expr()
    if index != len(tokens):
        raise ValueError(f"unexpected {tokens[index]!r}")
    return result


def _literal(token: str) -> Fraction:
    """A whole number or a decimal as an exact fraction (faster than Fraction(str))."""
    whole, _, frac = token.partition(".")
    return Fraction(int(whole + frac), 10 ** len(frac)) if frac else Fraction(int(whole))


def read_value(text: str, lang: str = "en") -> Fraction:
    """Read an option as shown: '1,234', '-2.5', '12.5%', '3/4', '1 1/2', '£1,250.50' (Bokmål:
    '1 234', '−2,5', '12,5 %', '1 250,50 kr')."""
    if lang != "en":
        text = text.translate(_FROM_NB).replace("kr", "")
    cleaned = text.strip().replace(MINUS, "-").replace(",", "").rstrip("%").strip()
    for symbol in ("£", "$", "€"):
        cleaned = cleaned.replace(symbol, "")
    if cleaned.isdigit():  # fast paths: whole numbers and plain decimals
        return Fraction(int(cleaned))
    whole, dot, frac = cleaned.partition(".")
    if dot and whole.isdigit() and frac.isdigit():
        return Fraction(int(whole + frac), 10 ** len(frac))
    sign = -1 if cleaned.startswith("-") else 1
    cleaned = cleaned.lstrip("-")
    parts = cleaned.split()
    if len(parts) == 2:
        return sign * (Fraction(parts[0]) + Fraction(parts[1]))
    return sign * Fraction(cleaned)


def _pct_change(old: Fraction, new: Fraction) -> Fraction:
    return 100 * (new - old) / old


# Word problems: the answer from the stated quantities, written independently of the generator
# (which builds the answer and the distractors step by step).
QUESTION_FORMULAS: dict[str, Callable[[dict[str, Fraction]], Fraction]] = {
    "percent_of": lambda q: q["p"] / 100 * q["base"],
    "what_percent": lambda q: 100 * q["part"] / q["whole"],
    "increase": lambda q: q["base"] + q["base"] * q["p"] / 100,
    "decrease": lambda q: q["base"] - q["base"] * q["p"] / 100,
    "change": lambda q: _pct_change(q["old"], q["new"]),
    "rate_change": lambda q: _pct_change(q["old"], q["new"]),
    "price_rise": lambda q: _pct_change(q["old"], q["new"]),
    "price_fall": lambda q: -_pct_change(q["old"], q["new"]),
    "reverse": lambda q: q["final"] / (1 + q["p"] / 100),
    "reverse_discount": lambda q: q["final"] / (1 - q["p"] / 100),
    "up_up": lambda q: 100 * ((1 + q["a"] / 100) * (1 + q["b"] / 100) - 1),
    "up_down": lambda q: 100 * (1 - (1 + q["a"] / 100) * (1 - q["b"] / 100)),
    "down_down": lambda q: 100 * (1 - (1 - q["a"] / 100) * (1 - q["b"] / 100)),
    "fraction_of_fraction": lambda q: q["total"] * q["f1"] * q["f2"],
}
# Question types whose stem shows a variant phrasing with money amounts share the formula.
for _name in ("percent_of", "increase", "decrease", "reverse"):
    QUESTION_FORMULAS[f"{_name}_money"] = QUESTION_FORMULAS[_name]


def shown_forms(value: Fraction, lang: str = "en") -> Iterator[str]:
    """Every way the generator may show a quantity in a stem (check looks for one of them)."""
    yield format_number(value, group=False, lang=lang)
    yield format_number(value, group=True, lang=lang)
    if value.denominator != 1:
        yield format_fraction(value)
        yield format_number(value, 2, lang)


# =============================================================================================
# Generation
# =============================================================================================
def _num(x: Fraction | int, lang: str = "en") -> str:
    """Numbers as the expressions show them: grouped only from 10,000 on (1320, 12,500)."""
    if type(x) is Fraction and x.denominator == 1:
        x = x.numerator
    if type(x) is int and -10000 < x < 10000:  # the display of a small whole number, fast
        return str(x) if x >= 0 or lang == "en" else MINUS + str(-x)
    return format_number(x, group=abs(x) >= 10000, lang=lang)


def _expr_num(x: Fraction | int, lang: str = "en") -> str:
    if type(x) is Fraction and x.denominator == 1:
        x = x.numerator
    if type(x) is int:
        return str(x) if x >= 0 or lang == "en" else MINUS + str(-x)
    return format_number(x, group=False, lang=lang)


@functools.lru_cache(maxsize=4096)
def _pct(x: Fraction | int, lang: str = "en") -> str:
    return format_percent(float(x), lang=lang)


def _is_clean(x: Fraction, places: int = 2) -> bool:
    return (x * 10 ** places).denominator == 1


def _decimals_of(x: Fraction) -> int:
    for places in range(6):
        if (x * 10 ** places).denominator == 1:
            return places
    return 6


def _up10(x: int) -> int:
    return -(-x // 10) * 10


def _round_half_up(x: Fraction) -> int:
    return math.floor(x + F(1, 2))


@dataclass
class _Draft:
    """What a kind produces before options and phrasing are arranged."""

    key: Fraction
    candidates: list[Cand]
    steps: list[tuple[str, dict[str, str]]]
    style: str = "number"  # number | percent | fraction | money
    expression: str = ""  # shown expression, for calculation kinds
    question: str = ""  # word-problem type (a key of QUESTION_FORMULAS and of the phrases)
    quantities: dict[str, Fraction] = field(default_factory=dict)
    shown: dict[str, str] = field(default_factory=dict)  # quantity -> number | percent | money | fraction
    extra_step: bool = False
    entry_ok: bool = True


class ArithmeticGenerator(BaseGenerator):
    """Mental arithmetic: whole numbers, order of operations, decimals, fractions, percentages.

    See the module docstring for the difficulty model: ten question kinds, then the size of
    the numbers, an extra step, and numeric entry instead of options.
    """

    family = "numeric.arithmetic"
    section = "numerical"
    version = 3  # 3: the key not the option most like the others (fair_arrange)
    title = "Mental arithmetic"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        if lang == "en":  # the module functions themselves: the hot path
            self.num, self.enum, self.pct, self.div = _num, _expr_num, _pct, DIVIDE
        else:
            self.num = functools.partial(_num, lang=lang)
            self.enum = functools.partial(_expr_num, lang=lang)
            self.pct = functools.partial(_pct, lang=lang)
            self.div = ":"  # Norwegian schools write 84 : 7; '÷' can be read as minus in Norway
        self.phrases = phrases_for(PACKAGE, lang)["arithmetic"]
        self.mistakes: dict[str, str] = self.phrases["mistakes"]
        self.step_text: dict[str, str] = self.phrases["steps"]
        self.currency: str = self.phrases["currency"]

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: Rng, difficulty: float) -> Item:
        jittered = difficulty + rng.normal(0.0, 0.35)
        position = (jittered + 3.0) / 6.0 * len(KINDS)
        kind_level = min(len(KINDS) - 1, max(0, int(np.floor(position))))
        large_p = float(min(1.0, max(0.0, position - kind_level)))
        rank = int(rng.integers(0, 5))  # options below the key: uniform, kept on redraws
        entry = bool(rng.random() < ENTRY_SHARE)
        u_alike = float(rng.random())
        tries = [0]

        def attempt(r: Rng) -> Item | None:
            tries[0] += 1  # the first draws insist on the drawn key rank, later ones take the nearest
            return self._attempt(r, kind_level, large_p, rank, entry, strict=tries[0] <= STRICT_TRIES,
                                 u_alike=u_alike)

        return self.redraw(rng, attempt)

    def _pick(self, rng: Rng, name: str) -> str:
        choices = self.phrases[name]
        return choices[int(rng.integers(len(choices)))]

    def _money(self, value: Fraction | int) -> str:
        value = F(value)
        return format_money(float(value), self.currency, None if value.denominator == 1 else 2,
                            self.lang)

    def _quantity(self, value: Fraction, how: str) -> str:
        if how == "percent":
            return self.pct(value)
        if how == "money":
            return self._money(value)
        if how == "fraction":
            return format_fraction(value)
        return self.num(value)

    def _attempt(self, rng: Rng, kind_level: int, large_p: float, rank: int,
                 entry: bool, strict: bool = True, u_alike: float = 0.0) -> Item | None:
        kind = KINDS[kind_level]
        large = bool(rng.random() < large_p)
        draft: _Draft | None = getattr(self, f"_{kind}")(rng, large)
        if draft is None:
            return None
        key = draft.key
        entry = entry and draft.entry_ok and not (draft.style == "money" and key >= 1000)
        if draft.expression:
            stem = self._pick(rng, "calculate_fraction" if draft.style == "fraction" else "calculate")
            prompt = f"{stem}\n\n{draft.expression}"
        else:
            shown = {name: self._quantity(v, draft.shown.get(name, "number"))
                     for name, v in draft.quantities.items()}
            prompt = self._pick(rng, draft.question).format(**shown)
        options: tuple[Option, ...] = ()
        key_index = None
        numeric_entry = None
        if entry:
            decimals = _decimals_of(key)
            if draft.style == "percent":
                hint = self.phrases["entry_percent"]
            elif draft.style == "money":
                hint = self.phrases["entry_money"]
            elif decimals == 0:
                hint = self.phrases["entry_whole"]
            elif decimals == 1:
                hint = self.phrases["entry_one_decimal"]
            else:
                hint = self.phrases["entry_decimals"].format(decimals=decimals)
            prompt = f"{prompt}\n\n{hint}"
            numeric_entry = NumericEntry(float(key), 0.0, "%" if draft.style == "percent" else "",
                                         decimals)
        else:
            options_, key_index = self._options(rng, draft, rank, strict, u_alike)
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
        time_s = min(60.0, 20.0 + 3.5 * kind_level + 5 * large + 4 * draft.extra_step + 5 * entry)
        explanation = " ".join(self.step_text[name].format(**kw) for name, kw in draft.steps)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            explanation=explanation,
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features),
            discrimination=round(0.85 + 0.07 * kind_level, 3), time_s=float(time_s),
            options=options, key=key_index, entry=numeric_entry, params=params,
        )

    def _show(self, value: Fraction, style: str) -> str:
        if style == "fraction":
            return format_fraction(value)
        if style == "percent":
            return self.pct(value)
        if style == "money":
            return self._money(value)
        return self.num(value)

    def _options(self, rng: Rng, draft: _Draft, rank: int, strict: bool = True,
                 u_alike: float = 0.0) -> tuple[tuple[Option, ...] | None, int | None]:
        """Four named-mistake distractors, `rank` of them below the key (the rest above): the
        kind's own mistakes in their order, then generic slips; at most one mistake of each group
        (the slips are one group); among the sets that fill the rank, the most plausible one in
        which the key is not the option most like the others (fair_arrange). When the mistakes
        cannot fill `rank`: None if `strict` (the item is redrawn), else the nearest rank."""
        key = draft.key
        style = draft.style
        mistakes = self.mistakes

        def named(name: str, kw: dict[str, str]):  # type: ignore[no-untyped-def]
            return lambda: mistakes[name].format(**kw)

        cands = [(value, named(name, kw), group) for value, name, kw, group in self._pool(draft)]
        arranged = fair_arrange((rank + 0.5) / 5, u_alike, key, self._show(key, style), cands,
                                lambda v: self._show(v, style), strict=strict, pool=12)
        if arranged is None:
            return None, None
        return arranged

    def _pool(self, draft: _Draft) -> Iterator[tuple[Fraction, str, dict[str, str], str]]:
        """The usable mistakes in order (value, name, kw, group): the kind's own, then generic
        slips; values shown as a candidate would see them, duplicates and misfits dropped."""
        key, style = draft.key, draft.style
        seen = {(key.numerator, key.denominator)}
        scale = 10 ** _decimals_of(key)
        limit = 20 * float(key) + 100
        for batch in (draft.candidates, None):
            for value, name, kw in batch if batch is not None else self._fallbacks(draft):
                # integer arithmetic on numerator and denominator: faster than Fraction ops
                n, d = value.numerator, value.denominator
                if n < 0 or (n == 0 and style != "percent") or n / d > limit:
                    continue
                if style == "fraction":
                    if d > 144:
                        continue
                elif (n * 100) % d:
                    if style == "percent":  # rounded to the key's precision, as a candidate rounds
                        value = F(round(n * scale / d), scale)
                    elif style == "money":  # money is shown in pence
                        value = F(round(n * 100 / d), 100)
                    elif (n * 1000) % d:
                        continue
                    n, d = value.numerator, value.denominator
                if (n, d) in seen:
                    continue
                seen.add((n, d))
                yield value, name, kw, MISTAKE_GROUP.get(name, name)

    @staticmethod
    def _fallbacks(draft: _Draft) -> list[Cand]:
        """Generic slips, tried after the kind's own mistakes (at most one is used)."""
        key = draft.key
        if draft.style == "fraction":
            return [(key + 1, "slip_whole", {}), (key - 1, "slip_whole", {})]
        if draft.style == "percent" or key.denominator != 1:
            return [(key * 10, "slip_point", {}), (key / 10, "slip_point", {}),
                    (key + 1, "slip_one", {}), (key - 1, "slip_one", {})]
        out: list[Cand] = [(key + 10, "slip_ten", {}), (key - 10, "slip_ten", {}),
                           (key + 1, "slip_one", {}), (key - 1, "slip_one", {})]
        if key >= 200:
            out += [(key + 100, "slip_hundred", {}), (key - 100, "slip_hundred", {})]
        return out

    # -- kinds ---------------------------------------------------------------------------------
    def _add_sub(self, rng: Rng, large: bool) -> _Draft | None:
        lo, hi = (120, 990) if large else (24, 99)
        a, b = int(rng.integers(lo, hi)), int(rng.integers(lo // 2, hi))
        if large and rng.random() < 0.5:  # a - b + c: the minus binds to b only
            c = int(rng.integers(lo // 2, hi))
            if a <= b:
                a, b = b + int(rng.integers(30, 200)), a
            key = (a - b + c)
            return _Draft(key, [
                ((a - b - c), "minus_both", {"b": self.num(b), "c": self.num(c)}),
                ((a + b + c), "added_all", {}),
                ((a + b - c), "swapped_signs", {}),
                (_no_borrow(a, b) + c, "smaller_from_larger", {}),
                (key - 10, "slip_ten", {}), (key + 10, "slip_ten", {}),
            ], [("left_to_right", {"a": self.num(a), "b": self.num(b), "ab": self.num(a - b), "c": self.num(c),
                                   "key": self.num(key)})],
                expression=f"{a} {MINUS} {b} + {c}", extra_step=True)
        r = (-b) % 10
        comp = {"b": self.num(b), "up": self.num(_up10(b)), "r": self.num(r)}
        if rng.random() < 0.5:
            if (a % 10) + (b % 10) < 10 and (a // 10 % 10) + (b // 10 % 10) < 10:
                return None  # no carry: too easy for this band
            key = (a + b)
            cands: list[Cand] = [(_no_carry(a, b), "forgot_carry", {}),
                                 ((abs(a - b)), "subtracted_instead", {})]
            if r:
                cands += [(key + r, "comp_add_forgot", comp), (key + 2 * r, "comp_add_wrong", comp)]
            if not large and a % 10 + b % 10 >= 10:
                cands.append((int(f"{a // 10 + b // 10}{a % 10 + b % 10}"), "column_sums", {}))
            cands += [(key - a % 10, "comp_first", {"a": self.num(a), "ad": self.num(a - a % 10),
                                                    "ra": self.num(a % 10)}),
                      ((a + b - b % 10), "dropped_units", {"b": self.num(b)}),
                      (key - 10, "slip_ten", {}), (key + 10, "slip_ten", {})]
            return _Draft(key, cands, [("add_columns", {"expr": f"{a} + {b}", "key": self.num(key)})],
                          expression=f"{a} + {b}")
        a, b = max(a, b), min(a, b)
        if a % 10 >= b % 10 or a == b:
            return None  # no borrow
        r = (-b) % 10
        comp = {"b": self.num(b), "up": self.num(_up10(b)), "r": self.num(r)}
        key = (a - b)
        return _Draft(key, [
            (key - r, "comp_sub_forgot", comp),
            (_no_borrow(a, b), "smaller_from_larger", {}),
            (key - 2 * r, "comp_sub_wrong", comp),
            (key - a % 10, "comp_first", {"a": self.num(a), "ad": self.num(a - a % 10), "ra": self.num(a % 10)}),
            (key + 10, "borrow_no_decrement", {}),
            (_zero_borrow(a, b), "zero_for_borrow", {}),
            ((a + b), "added_instead", {}),
            (key - 10, "slip_ten", {}),
        ], [("borrow", {"expr": f"{a} {MINUS} {b}", "key": self.num(key)})],
            expression=f"{a} {MINUS} {b}")

    def _mul_div(self, rng: Rng, large: bool) -> _Draft | None:
        if rng.random() < 0.5:
            if large:
                a, b = int(rng.integers(13, 50)), int(rng.integers(12, 30))
            else:
                a, b = int(rng.integers(12, 50)), int(rng.integers(3, 10))
            if a % 10 == 0 or b % 10 == 0:
                return None
            key = (a * b)
            at, au = divmod(a, 10)
            extra = {"a": self.num(a), "b": self.num(b), "b1": self.num(b + 1), "b0": self.num(b - 1)}
            if b >= 10:
                bt, bu = divmod(b, 10)
                up = _up10(b)
                cands: list[Cand] = [
                    ((a * bt + a * bu), "no_shift", {}),
                    ((a * up), "comp_mul_forgot", {"b": self.num(b), "up": self.num(up), "a": self.num(a),
                                                    "r": self.num(up - b)}),
                    ((at * bt * 100 + au * bu), "like_digits_only", {}),
                    ((a * bt * 10 + a * bu * 10), "shifted_both", {}),
                    ((a * (b - 1)), "one_group_less", extra),
                    ((a * (b + 1)), "one_group_more", extra),
                ]
                steps = [("partial_products", {
                    "expr": f"{a} {TIMES} {b}", "a": self.num(a), "tens": self.num(bt * 10),
                    "units": self.num(bu), "p1": self.num(a * bt * 10), "p2": self.num(a * bu),
                    "key": self.num(key)})]
            else:
                carry = au * b // 10
                cands = [
                    ((at * b * 10 + (au * b) % 10), "forgot_carry", {}),
                    (((at + carry) * b * 10 + (au * b) % 10), "carry_before_multiply", {}),
                    ((at * b + au * b), "tens_without_place", {"t": self.num(at * 10)}),
                    (int(f"{at * b}{au * b}"), "partials_side_by_side", {}),
                    ((a + b), "added_not_multiplied", {}),
                    ((a * (b - 1)), "one_group_less", extra),
                    ((a * (b + 1)), "one_group_more", extra),
                ]
                steps = [("split_tens", {
                    "expr": f"{a} {TIMES} {b}", "t": self.num(at * 10), "u": self.num(au), "b": self.num(b),
                    "p1": self.num(at * 10 * b), "p2": self.num(au * b), "key": self.num(key)})]
            return _Draft(key, cands, steps, expression=f"{a} {TIMES} {b}")
        if large:
            q, d = int(rng.integers(12, 100)), int(rng.integers(12, 26))
        else:
            q, d = int(rng.integers(12, 100)), int(rng.integers(3, 10))
        if q % 10 == 0 or d == 10 or d == 20:
            return None
        n = q * d
        key = (q)
        return _Draft(key, [
            ((_drop_remainders(n, d)), "dropped_remainder", {}),
            ((q // 10 * 100 + q % 10), "extra_zero", {}),
            ((n - d), "subtracted_divisor", {}),
            ((q // 10), "first_digit_only", {}),
            (F(n, d - 1) if large else F(n, d + 1), "wrong_divisor",
             {"d": self.num(d), "w": self.num(d - 1 if large else d + 1)}),
        ], [("division", {"expr": f"{self.enum(n)} {self.div} {d}", "q": self.num(q), "d": self.num(d),
                          "n": self.num(n), "key": self.num(key)})],
            expression=f"{self.enum(n)} {self.div} {d}")

    def _percent_of(self, rng: Rng, large: bool) -> _Draft | None:
        pcts = [F(15), F(35), F(45), F(25, 2), F(35, 2), F(30), F(40), F(60), F(65), F(85)] \
            if large else [F(5), F(10), F(20), F(25), F(50), F(75)]
        p = pcts[int(rng.integers(len(pcts)))]
        base = F(int(rng.integers(2, 60)) * (20 if large else 10))
        key = p * base / 100
        if not _is_clean(key, 1) or key == base - key:
            return None
        money = rng.random() < 0.4
        if money and not _is_clean(key, 2):
            return None
        kw = {"p": self.pct(p), "rest": self.pct(100 - p), "pn": self.num(p), "pt": self.num(p / 10),
              "base": self._money(base) if money else self.num(base)}
        cands: list[Cand] = [
            (base - key, "remaining_share", kw),
            (base / 10, "stopped_at_ten", kw) if p != 10 else (base / 100, "stopped_at_one", kw),
            (base + key, "increased_instead", kw),
            (base / p, "divided_by_percent", kw),
            (base / 10 * p, "ten_percent_times_p", kw),
            (base / 100, "stopped_at_one", kw),
            (base + p, "added_p_itself", kw),
        ]
        return _Draft(key, cands, [("percent_of", {
            "p": self.pct(p), "base": kw["base"], "pn": self.num(p), "bn": self.num(base),
            "key": self._money(key) if money else self.num(key)})],
            style="money" if money else "number",
            question="percent_of_money" if money else "percent_of",
            quantities={"p": p, "base": base},
            shown={"p": "percent", "base": "money" if money else "number"})

    def _order2(self, rng: Rng, large: bool) -> _Draft | None:
        hi = 60 if large else 20
        form = int(rng.integers(0, 4))
        b, c = int(rng.integers(3, 13 if large else 10)), int(rng.integers(3, 10))
        if form == 0:  # a + b × c
            a = int(rng.integers(2, hi))
            key = (a + b * c)
            expr = f"{a} + {b} {TIMES} {c}"
            first, value = f"{b} {TIMES} {c}", b * c
            cands: list[Cand] = [
                (((a + b) * c), "left_to_right_mul", {}),
                ((a + b + c), "times_as_plus", {}),
                ((a * b + c), "wrong_pair", {}),
                ((b * c), "left_out", {"a": self.num(a)}),
                ((a + b * (c - 1)), "slip_table", {}), ((a + b * (c + 1)), "slip_table", {}),
            ]
        elif form == 1:  # a − b × c
            a = b * c + int(rng.integers(b * c // 2 + 2, 3 * hi))
            key = (a - b * c)
            expr = f"{a} {MINUS} {b} {TIMES} {c}"
            first, value = f"{b} {TIMES} {c}", b * c
            cands = [
                (((a - b) * c), "left_to_right_mul", {}),
                ((a - b - c), "times_as_plus_sub", {}),
                ((a + b * c), "added_product", {}),
                ((a - b * c - c), "subtracted_twice", {"c": self.num(c)}),
                ((a - b * (c + 1)), "slip_table", {}), ((a - b * (c - 1)), "slip_table", {}),
            ]
        elif form == 2:  # a + b ÷ c, with (a + b) divisible by c as well
            q = int(rng.integers(2, 13 if large else 10))
            b = q * c
            a = c * int(rng.integers(1, hi // c + 2))
            key = (a + q)
            expr = f"{a} + {b} {self.div} {c}"
            first, value = f"{b} {self.div} {c}", q
            cands = [
                (F(a + b, c), "left_to_right_div", {}),
                ((a + b * c), "multiplied_instead", {}),
                ((a + b), "ignored_division", {}),
                ((q), "left_out", {"a": self.num(a)}),
                ((a + b - c), "divide_as_minus", {}),
                (key - 1, "slip_one", {}), (key + 1, "slip_one", {}),
            ]
        else:  # a − b ÷ c
            q = int(rng.integers(2, 13 if large else 10))
            b = q * c
            a = b + c * int(rng.integers(1, hi // c + 2))
            key = (a - q)
            expr = f"{a} {MINUS} {b} {self.div} {c}"
            first, value = f"{b} {self.div} {c}", q
            cands = [
                (F(a - b, c), "left_to_right_div", {}),
                ((a - b), "ignored_division", {}),
                ((a + q), "added_quotient", {}),
                ((a - b - c), "divide_as_minus", {}),
                ((a - b * c), "multiplied_instead", {}),
                (key - 1, "slip_one", {}), (key + 1, "slip_one", {}),
            ]
        return _Draft(key, cands, [("precedence", {"first": first, "value": self.num(value),
                                                   "expr": expr, "key": self.num(key)})],
                      expression=expr)

    def _decimals(self, rng: Rng, large: bool) -> _Draft | None:
        op = int(rng.integers(2, 4)) if large else int(rng.integers(0, 2))
        if op <= 1:  # + or −, one number with one decimal place, the other with two
            a = F(int(rng.integers(12, 99)), 10)
            b = F(int(rng.integers(101, 999)), 100)
            if b.denominator != 100 or a.denominator != 10:
                return None
            rounded = F(_round_half_up(a) + (_round_half_up(b) if op == 0 else -_round_half_up(b)))
            point = {"x": self.enum(a), "xw": self.enum(a * 10)}
            if op == 0:
                key = a + b
                tenths, hundredths = int(a * 10) % 10, int(b * 100) % 100
                parts = int(a) + int(b) + F(tenths + hundredths, 100)
                cands: list[Cand] = [
                    (a / 10 + b, "lined_up_last_digits", {}),
                    (parts, "decimal_parts_as_whole", {}),
                    (abs(a - b), "subtracted_instead", {}),
                    (a * 10 + b, "ignored_point", point),
                    (rounded, "rounded_early", {}),
                    (key + F(1, 10), "slip_tenth", {}), (key - F(1, 10), "slip_tenth", {}),
                ]
                expr = f"{self.enum(a)} + {self.enum(b)}"
            else:
                if a <= b:
                    a += int(b) + 1
                    point = {"x": self.enum(a), "xw": self.enum(a * 10)}
                    rounded = F(_round_half_up(a) - _round_half_up(b))
                key = a - b
                cands = [
                    (_no_borrow(int(a * 100), int(b * 100)) / 100, "smaller_from_larger", {}),
                    (a - b / 10, "lined_up_last_digits", {}),
                    (a + b, "added_instead", {}),
                    (a * 10 - b, "ignored_point", point),
                    (rounded, "rounded_early", {}),
                    (key + F(1, 10), "slip_tenth", {}), (key - F(1, 10), "slip_tenth", {}),
                ]
                expr = f"{self.enum(a)} {MINUS} {self.enum(b)}"
            return _Draft(key, cands, [("line_up_points", {
                "a": self.enum(a) + "0", "b": self.enum(b), "op": "+" if op == 0 else MINUS,
                "key": self.num(key)})], expression=expr)
        if op == 2:  # ×
            a, b = F(int(rng.integers(11, 50)), 100), F(int(rng.integers(11, 40)), 10)
            if a.denominator != 100 or b.denominator == 1:
                return None
            key = a * b
            places = _decimals_of(a) + _decimals_of(b)
            counted = {"n": str(places)}
            rb = _round_half_up(b)
            cands = [
                (key * 10, "places_too_few", counted),
                (a * (b - int(b)), "parts_separately", {}),
                (a * int(b), "dropped_decimal_part", {"b": self.enum(b), "bw": self.num(int(b))}),
                (a + b, "added_not_multiplied", {}),
                (a * rb, "rounded_one", {"b": self.enum(b), "rb": self.num(rb)}),
                (key / 10, "places_too_many", counted),
                (a / b, "divided_instead_mul", {}),
                (key * 1000, "no_points", {}),
            ]
            return _Draft(key, cands, [("decimal_product", {
                "aw": self.enum(a * 100), "bw": self.enum(b * 10), "pw": self.enum(key * 10 ** places),
                "n": str(places), "key": self.num(key)})],
                expression=f"{self.enum(a)} {TIMES} {self.enum(b)}")
        # ÷ by a decimal
        shift = int(rng.choice([10, 100]))
        b = F(int(rng.integers(2, 10)) * (1 if shift == 10 else int(rng.choice([1, 3, 5]))), shift)
        q = F(int(rng.integers(3, 40)), int(rng.choice([1, 10])))
        a = q * b
        if not _is_clean(a, 3) or b.denominator == 1 or a == b:
            return None
        shift = 10 ** _decimals_of(b)
        key = q
        cands = [
            (key / shift, "scaled_divisor_only", {"s": str(shift)}),
            (key * shift, "scaled_dividend_only", {"s": str(shift)}),
            (a * b, "multiplied_instead", {}),
            (b / a, "divided_wrong_way", {}),
            (a * b * shift, "multiplied_by_scaled", {"bw": self.num(b * shift)}),
            (key + 1, "slip_one", {}),
        ]
        return _Draft(key, cands, [("scale_divisor", {
            "s": str(shift), "aw": self.enum(a * shift), "bw": self.enum(b * shift),
            "key": self.num(key)})], expression=f"{self.enum(a)} {self.div} {self.enum(b)}")

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
        sym = ["+", MINUS, TIMES, self.div][op]
        expr = f"{a}/{b} {sym} {c}/{d}"
        fx = format_fraction(x)
        if op in (0, 1):
            key = x + y if op == 0 else x - y
            lcd = b * d // math.gcd(b, d)
            top = a + c if op == 0 else a - c
            cands: list[Cand] = []
            if top > 0 and (op == 0 or b > d):
                cands.append((F(top, b + d if op == 0 else b - d), "across_add" if op == 0
                              else "across_sub", {}))
            cross = a * d + b * c if op == 0 else a * d - b * c
            if top > 0:
                cands.append((F(top, max(b, d)), "no_common_add" if op == 0 else "no_common_sub", {}))
            cands += [(F(cross), "cross_no_denominator", {}),
                      (x * y, "multiplied_not_added" if op == 0 else "multiplied_not_subtracted",
                       {}),
                      (x - y if op == 0 else x + y, "subtracted_instead" if op == 0
                       else "added_instead", {})]
            if top > 0:
                cands.append((F(top, b * d), "denominators_multiplied_only", {}))
            steps = [("common_denominator", {
                "lcd": str(lcd), "x": _frac_over(x, lcd), "y": _frac_over(y, lcd),
                "op": "+" if op == 0 else MINUS, "key": format_fraction(key)})]
        elif op == 2:
            key = x * y
            cands = [(x / d, "left_out_numerator", {}),
                     (x / y, "inverted_second", {}),
                     (F(a * c, b + d), "added_denominators", {}),
                     (x + y, "added_not_multiplied", {}),
                     (F(a * c, max(b, d)), "kept_denominator", {}),
                     (1 / key, "upside_down", {}),
                     (F(a + c, b * d), "added_numerators_mul", {})]
            lowest = key.denominator == b * d and key < 1  # a*c/b*d needs no simplifying
            steps = [("multiply_fractions_lowest" if lowest else "multiply_fractions", {
                "a": str(a), "c": str(c), "ac": str(a * c), "b": str(b), "d": str(d),
                "bd": str(b * d), "key": format_fraction(key)})]
        else:
            key = x / y
            cands = [(x * y, "not_inverted", {}),
                     (y / x, "inverted_first", {}),
                     (1 / (x * y), "inverted_both", {}),
                     (x - y if x > y else y - x, "subtracted_not_divided", {}),
                     (x + y, "added_not_divided", {})]
            raw = f"{a * d}/{b * c}"
            steps = [("divide_fractions_lowest" if raw == format_fraction(key) else "divide_fractions", {
                "x": fx, "recip": f"{d}/{c}", "raw": raw, "key": format_fraction(key)})]
        if key <= 0 or key.denominator > 72:
            return None
        return _Draft(key, cands, steps, style="fraction", expression=expr, entry_ok=False)

    def _percent_change(self, rng: Rng, large: bool) -> _Draft | None:
        variant = ["change", "rate_change"][int(rng.integers(0, 2))] if large \
            else ["what_percent", "increase", "decrease"][int(rng.integers(0, 3))]
        pcts = [F(5), F(10), F(15), F(20), F(25), F(30), F(40), F(60), F(75), F(25, 2)]
        p = pcts[int(rng.integers(len(pcts)))]
        pct = self.pct(p)
        if variant == "what_percent":
            whole = F(int(rng.choice([40, 50, 60, 80, 120, 160, 200, 240, 250, 400, 500])))
            part = whole * p / 100
            if part.denominator != 1:
                return None
            key = p
            kw = {"part": self.num(part), "whole": self.num(whole), "rest": self.num(whole - part)}
            return _Draft(key, [
                (100 * whole / part, "divided_wrong_way_pct", kw),
                (p / 100, "forgot_times_100", {}),
                (100 - p, "percentage_left", {}),
                (100 * part / (whole + part), "divided_by_sum", kw),
                (100 * part / (whole - part), "compared_with_rest", kw),
            ], [("what_percent", {"part": self.num(part), "whole": self.num(whole),
                                  "ratio": self.num(part / whole), "key": self.pct(key)})],
                style="percent", question="what_percent",
                quantities={"part": part, "whole": whole})
        if variant in ("increase", "decrease"):
            base = F(int(rng.integers(2, 50)) * 20)
            change = base * p / 100
            up = variant == "increase"
            key = base + change if up else base - change
            if not _is_clean(change, 1):
                return None
            money = p <= 30 and rng.random() < 0.6  # realistic rises and cuts of a price
            show = self._money if money else self.num
            kw = {"p": pct, "pn": self.num(p), "base": show(base)}
            factor = 1 + p / 100 if up else 1 - p / 100
            cands: list[Cand] = [
                (change, "gave_change_only", kw),
                (base - change if up else base + change,
                 "decreased_instead" if up else "increased_instead_pc", kw),
                (base + p if up else base - p, "added_p_number" if up else "took_p_number", kw),
                (base + 2 * change if up else base - 2 * change, "applied_twice", kw),
            ]
            if p < 10:
                wrong = F(10 + p, 10) if up else F(10 - p, 10)
                cands.append((base * wrong, "wrong_multiplier",
                              {"m": self.enum(wrong), "right": self.enum(factor)}))
            return _Draft(key, cands, [("percent_change_value", {
                "p": pct, "base": show(base), "change": show(change),
                "op": "+" if up else MINUS, "key": show(key)})],
                style="money" if money else "number",
                question=f"{variant}_money" if money else variant,
                quantities={"base": base, "p": p},
                shown={"p": "percent", "base": "money" if money else "number"})
        if variant == "change":
            old = F(int(rng.choice([20, 40, 50, 60, 80, 120, 150, 200, 250, 400, 500])))
            new = old * (100 + p) / 100
            if new.denominator != 1:
                return None
            key = p
            return _Draft(key, [
                (100 * (new - old) / new, "divided_by_new", {}),
                (100 * new / old, "new_as_percent", {}),
                (new - old, "difference_not_percent", {}),
                (100 * old / new, "old_as_percent", {}),
                ((new - old) / old, "forgot_times_100", {}),
            ], [("change", {"new": self.num(new), "old": self.num(old), "diff": self.num(new - old),
                            "ratio": self.num((new - old) / old), "key": self.pct(key)})],
                style="percent", question="change", quantities={"old": old, "new": new},
                extra_step=True)
        old = F(int(rng.choice([8, 10, 12, 15, 20, 25, 30, 40, 50, 60])))
        new = old * (100 + p) / 100
        if not _is_clean(new, 1) or new >= 100:
            return None
        key = p
        return _Draft(key, [
            (new - old, "points_not_percent", {}),
            (100 * (new - old) / new, "divided_by_new", {}),
            (100 * new / old, "new_as_percent", {}),
            (100 * old / new, "old_as_percent", {}),
            ((new - old) / old, "forgot_times_100", {}),
        ], [("rate_change", {"points": self.num(new - old), "old": self.num(old),
                             "ratio": self.num((new - old) / old), "key": self.pct(key)})],
            style="percent", question="rate_change", quantities={"old": old, "new": new},
            shown={"old": "percent", "new": "percent"}, extra_step=True)

    def _order3(self, rng: Rng, large: bool) -> _Draft | None:
        form = int(rng.integers(0, 3))
        hi = 30 if large else 15
        if form == 0:  # (a + b) × c − d ÷ e
            a, b, c, e = (int(x) for x in (rng.integers(2, hi), rng.integers(2, hi),
                                           rng.integers(2, 7), rng.integers(2, 10)))
            d = e * int(rng.integers(2, 10))
            key = ((a + b) * c - d // e)
            expr = f"({a} + {b}) {TIMES} {c} {MINUS} {d} {self.div} {e}"
            cands: list[Cand] = [
                ((a + b * c - d // e), "ignored_brackets", {}),
                (F((a + b) * c - d, e), "left_to_right_after", {}),
                (((a + b) * c + d // e), "added_quotient", {}),
                (((a + b) * (c - d // e)), "extended_brackets", {}),
                ((a + b + c - d // e), "times_as_plus", {}),
                (key - 10, "slip_ten", {}), (key + 10, "slip_ten", {}),
            ]
            steps = [("brackets_first", {"inner": f"{a} + {b}", "iv": self.num(a + b)}),
                     ("then_mul_div", {"p1": f"{a + b} {TIMES} {c}", "v1": self.num((a + b) * c),
                                       "p2": f"{d} {self.div} {e}", "v2": self.num(d // e)}),
                     ("finally", {"calc": f"{(a + b) * c} {MINUS} {d // e}", "key": self.num(key)})]
        elif form == 1:  # a × (b − c) + d
            a, c, d = (int(x) for x in (rng.integers(3, 13), rng.integers(2, hi),
                                        rng.integers(2, hi)))
            b = c + int(rng.integers(2, 12))
            key = (a * (b - c) + d)
            expr = f"{a} {TIMES} ({b} {MINUS} {c}) + {d}"
            cands = [
                ((a * b - c + d), "ignored_brackets", {}),
                ((a * (b - c + d)), "took_inside", {"d": self.num(d)}),
                ((a * (b - c) - d), "subtracted_at_end", {}),
                ((a * (b + c) + d), "added_inside", {}),
                ((a + (b - c) + d), "times_as_plus", {}),
                (key - 10, "slip_ten", {}), (key + 10, "slip_ten", {}),
            ]
            steps = [("brackets_first", {"inner": f"{b} {MINUS} {c}", "iv": self.num(b - c)}),
                     ("then_one", {"calc": f"{a} {TIMES} {b - c}", "v": self.num(a * (b - c))}),
                     ("finally", {"calc": f"{a * (b - c)} + {d}", "key": self.num(key)})]
        else:  # a − b × (c + d)
            b, c, d = (int(x) for x in (rng.integers(3, 10), rng.integers(2, 8),
                                        rng.integers(2, 8)))
            a = b * (c + d) + int(rng.integers(b * (c + d) // 2 + 2, b * (c + d) + 4 * hi))
            key = (a - b * (c + d))
            expr = f"{a} {MINUS} {b} {TIMES} ({c} + {d})"
            cands = [
                (((a - b) * (c + d)), "subtracted_first", {}),
                ((a - b * c + d), "ignored_brackets", {}),
                ((a - b * c - d), "multiplied_first_only", {}),
                ((a + b * (c + d)), "added_product", {}),
                ((a - b - c - d), "times_as_plus_sub", {}),
                (key - 10, "slip_ten", {}), (key + 10, "slip_ten", {}),
            ]
            steps = [("brackets_first", {"inner": f"{c} + {d}", "iv": self.num(c + d)}),
                     ("then_one", {"calc": f"{b} {TIMES} {c + d}", "v": self.num(b * (c + d))}),
                     ("finally", {"calc": f"{a} {MINUS} {b * (c + d)}", "key": self.num(key)})]
        if key <= 0:
            return None
        return _Draft(key, cands, steps, expression=expr)

    def _reverse_compound(self, rng: Rng, large: bool) -> _Draft | None:
        if not large:  # reverse percentage: the price before a rise or a discount
            p = [F(5), F(10), F(15), F(20), F(25), F(30), F(40), F(25, 2)][int(rng.integers(8))]
            discount = bool(rng.random() < 0.5)
            money = discount or rng.random() < 0.7
            unit = [F(1, 4), F(1, 2), F(1), F(5)][int(rng.integers(0 if money else 2, 4))]
            key = unit * int(rng.integers(int(12 / unit), int(400 / unit)))
            factor = 1 - p / 100 if discount else 1 + p / 100
            final = key * factor
            if not _is_clean(final, 2) or not _is_clean(key, 2):
                return None
            show = self._money if money else self.num
            kw = {"p": self.pct(p), "pn": self.num(p), "f": self.enum(factor)}
            if discount:
                cands: list[Cand] = [
                    (final * (1 + p / 100), "added_p_of_new", kw),
                    (final / (1 + p / 100), "reversed_as_rise", kw),
                    (final + p, "added_p_number", kw),
                    (final * (1 - p / 100), "discounted_again", kw),
                    (final * 100 / p, "divided_by_rate", kw),
                    (key + 1, "slip_one", {}),
                ]
                question = "reverse_discount"
            else:
                cands = [
                    (final * (1 - p / 100), "took_p_of_new", kw),
                    (final - p, "took_p_number", kw),
                    (final * (1 + p / 100), "increased_again", kw),
                    (final / (1 - p / 100), "reversed_as_fall", kw),
                    (final - 2 * (final - key), "took_change_twice", kw),
                ]
                question = "reverse_money" if money else "reverse"
            return _Draft(key, cands, [("reverse", {
                "share": self.pct(100 * factor), "final": show(final), "f": self.enum(factor),
                "key": show(key)})],
                style="money" if money else "number", question=question,
                quantities={"final": final, "p": p},
                shown={"p": "percent", "final": "money" if money else "number"},
                entry_ok=not money or key < 1000)
        # two successive percentage changes
        pcts = [F(5), F(10), F(15), F(20), F(25), F(30), F(40), F(50)]
        a, b = (pcts[int(i)] for i in rng.integers(0, len(pcts), size=2))
        question = ("up_up", "up_down", "down_down")[int(rng.integers(0, 3))]
        cross = a * b / 100
        kw = {"a": self.pct(a), "b": self.pct(b)}
        if question == "up_up":
            key = a + b + cross
            cands = [(a + b, "added_percentages", kw), (100 + key, "final_level", kw),
                     (cross, "cross_term_only", kw), (a * b, "multiplied_percentages", kw),
                     ((a + b) / 2, "averaged", kw), (max(a, b), "larger_only", kw)]
            level = 100 + key
        elif question == "up_down":
            if b < a:
                a, b = b, a
                kw = {"a": self.pct(a), "b": self.pct(b)}
            key = b - a + cross
            cands = [(b - a, "netted_percentages", kw), (100 - key, "final_level", kw),
                     (b, "second_only", kw), (cross, "cross_term_only", kw),
                     (a + b, "added_percentages", kw)]
            level = 100 - key
        else:
            key = a + b - cross
            cands = [(a + b, "added_percentages", kw), (100 - key, "final_level", kw),
                     (cross, "cross_term_only", kw), (max(a, b), "larger_only", kw),
                     ((a + b) / 2, "averaged", kw)]
            level = 100 - key
        if key <= 0 or not _is_clean(key, 2):
            return None
        m1 = 1 + a / 100 if question != "down_down" else 1 - a / 100
        m2 = 1 + b / 100 if question == "up_up" else 1 - b / 100
        return _Draft(key, cands, [("successive", {
            "m1": self.enum(m1), "m2": self.enum(m2), "m": self.enum(m1 * m2),
            "level": self.pct(level), "key": self.pct(key)})],
            style="percent", question=question, quantities={"a": a, "b": b},
            shown={"a": "percent", "b": "percent"}, extra_step=True)

    def _multi_step(self, rng: Rng, large: bool) -> _Draft | None:
        variant = int(rng.integers(0, 2)) + (2 if large else 0)
        if variant == 0:  # a fraction of a fraction of a sum of money
            fracs = [F(1, 4), F(3, 8), F(2, 5), F(3, 5), F(2, 3), F(5, 8), F(3, 4), F(1, 3),
                     F(5, 6), F(3, 10), F(7, 10), F(4, 5)]
            f1, f2 = (fracs[int(i)] for i in rng.integers(0, len(fracs), size=2))
            if f1 == f2:
                return None
            unit = f1.denominator * f2.denominator * 10
            total = F(unit * int(rng.integers(max(2, 1000 // unit), 20000 // unit)))
            key = total * f1 * f2
            kw = {"f1": format_fraction(f1), "f2": format_fraction(f2),
                  "r1": format_fraction(1 - f1), "r2": format_fraction(1 - f2)}
            cands: list[Cand] = [
                (total * f1, "first_fraction_only", kw),
                (total * f1 * (1 - f2), "rest_of_second", kw),
                (total * (1 - f1) * f2, "rest_of_first", kw),
                (total * f2, "second_fraction_only", kw),
                (total * (f1 + f2) if f1 + f2 < 1 else total * f1 / f2, "added_fractions"
                 if f1 + f2 < 1 else "divided_fractions", kw),
                (total * f1 - total * f2 if f1 > f2 else total * f2 - total * f1,
                 "subtracted_fractions", kw),
            ]
            return _Draft(key, cands, [("fraction_of_fraction", {
                "f1": kw["f1"], "total": self._money(total), "v1": self._money(total * f1),
                "f2": kw["f2"], "key": self._money(key)})],
                style="money", question="fraction_of_fraction",
                quantities={"total": total, "f1": f1, "f2": f2},
                shown={"total": "money", "f1": "fraction", "f2": "fraction"},
                extra_step=True, entry_ok=key < 1000)
        if variant == 1:  # division of mixed numbers
            dens = [2, 3, 4, 5, 6, 8]
            d1, d2 = (dens[int(i)] for i in rng.integers(0, len(dens), size=2))
            n1 = int(rng.choice([n for n in range(1, d1) if math.gcd(n, d1) == 1]))
            n2 = int(rng.choice([n for n in range(1, d2) if math.gcd(n, d2) == 1]))
            w1, w2 = int(rng.integers(2, 7)), int(rng.integers(1, 4))
            x, y = w1 + F(n1, d1), w2 + F(n2, d2)
            key = x / y
            if key.denominator > 12 or key.denominator == 1 or x <= y:
                return None
            cands = [
                (F(w1, w2) + F(n1, d1) / F(n2, d2), "mixed_parts_separately", {}),
                (x * y, "not_inverted", {}),
                (y / x, "inverted_first", {}),
                (x * (w2 + F(d2, n2)), "inverted_fraction_part", {}),
                (F(w1 * n1, d1) / F(w2 * n2, d2), "mixed_as_product", {}),
                (x - y, "subtracted_not_divided", {}),
            ]
            return _Draft(key, cands, [("mixed_division", {
                "x": format_fraction(x), "xi": f"{x.numerator}/{x.denominator}",
                "y": format_fraction(y), "yi": f"{y.numerator}/{y.denominator}",
                "recip": f"{y.denominator}/{y.numerator}", "key": format_fraction(key)})],
                style="fraction", expression=f"{format_fraction(x)} {self.div} {format_fraction(y)}",
                entry_ok=False)
        if variant == 2:  # percentage change between two prices with pence
            p = [F(5), F(15), F(35), F(45), F(25, 2), F(35, 2), F(45, 2), F(75, 2), F(55, 2),
                 F(65, 2)][int(rng.integers(10))]
            old = F(int(rng.integers(24, 400)), 20)  # a multiple of 5p
            up = bool(rng.random() < 0.5)
            new = old * (1 + p / 100 if up else 1 - p / 100)
            if not _is_clean(new, 2) or not _is_clean(old, 2):
                return None
            key = p
            diff = abs(new - old)
            cands = [
                (100 * diff / new, "divided_by_new", {}),
                (100 * new / old, "new_as_percent", {}),
                (diff, "difference_not_percent_money", {}),
                (100 * diff, "pence_as_percent", {}),
                (diff / old, "forgot_times_100", {}),
                (100 * old / new, "old_as_percent", {}),
            ]
            question = "price_rise" if up else "price_fall"
            return _Draft(key, cands, [("price_change", {
                "new": self._money(new), "old": self._money(old), "diff": self._money(diff),
                "ratio": self.num(diff / old), "key": self.pct(key)})],
                style="percent", question=question, quantities={"old": old, "new": new},
                shown={"old": "money", "new": "money"}, extra_step=True)
        # two steps with decimals and brackets: (a ± b) × c − d
        a = F(int(rng.integers(25, 120)), 10)
        b = F(int(rng.integers(11, 60)), 10)
        # Multipliers above 1 as often as below: with c < 1 nearly every slip makes the answer
        # larger, and a key that is usually the smallest option would give itself away.
        c = [F(2, 10), F(4, 10), F(5, 10), F(15, 10), F(25, 10), F(25, 100), F(6, 10),
             F(8, 10), F(12, 10), F(14, 10), F(35, 10), F(16, 10), F(45, 10), F(18, 10),
             F(24, 10), F(75, 100)][int(rng.integers(16))]
        plus = bool(rng.random() < 0.5)
        if not plus and a <= b + 1:
            return None
        inner = a + b if plus else a - b
        d = F(int(rng.integers(1, max(2, int(inner * c * 10)))), 10) if inner * c > F(1, 5) else F(0)
        key = inner * c - d
        if d == 0 or key <= 0 or not _is_clean(key, 3):
            return None
        sym = "+" if plus else MINUS
        expr = (f"({self.enum(a)} {sym} {self.enum(b)}) {TIMES} {self.enum(c)} "
                f"{MINUS} {self.enum(d)}")
        cands = [
            ((a + b * c if plus else a - b * c) - d, "ignored_brackets", {}),
            (inner * (c - d), "extended_brackets", {}),
            (inner * c + d, "added_at_end", {}),
            (inner * c * 10 - d, "places_too_few", {"n": str(_decimals_of(inner) + _decimals_of(c))}),
            (inner / c - d, "divided_instead_mul", {}),
            ((a - b if plus else a + b) * c - d, "wrong_sign_inside", {}),
            ((inner - d) * c, "subtracted_before_multiplying", {}),
        ]
        # With a multiplier below 1 nearly every slip above makes the answer larger; these
        # slips land below the key, so the key is not always the smallest option.
        cands += [(value, mistake, kw) for value, mistake, kw in (
            (inner - d, "skipped_multiplication", {"c": self.num(c)}),
            (inner * c / 10 - d, "places_too_many", {"n": str(_decimals_of(inner) + _decimals_of(c))}),
            (inner * c - 10 * d, "misplaced_point_in_subtrahend", {"d": self.num(d)}),
        ) if value > 0]
        return _Draft(key, cands, [
            ("brackets_first", {"inner": f"{self.enum(a)} {sym} {self.enum(b)}",
                                "iv": self.num(inner)}),
            ("then_one", {"calc": f"{self.enum(inner)} {TIMES} {self.enum(c)}",
                          "v": self.num(inner * c)}),
            ("finally", {"calc": f"{self.enum(inner * c)} {MINUS} {self.enum(d)}",
                         "key": self.num(key)})], expression=expr, extra_step=True)

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
                truth = evaluate(expression, item.lang)
            else:
                question = str(params["question"])
                quantities = {k: Fraction(v) for k, v in dict(params["quantities"]).items()}
                for name, value in quantities.items():
                    if not any(form in item.prompt for form in shown_forms(value, item.lang)):
                        raise ItemCheckError(f"item {where}: {name}={value} is not in the prompt")
                truth = QUESTION_FORMULAS[question](quantities)
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
                if read_value(option.text, item.lang) == truth:
                    correct.append(index)
            except (ValueError, ZeroDivisionError):
                raise ItemCheckError(f"item {where}: option {option.text!r} is not a number"
                                     ) from None
        require_single_key(item, correct)


def _select(pool: Iterable[tuple[Fraction, str, dict[str, str], str]], key: Fraction,
            rank: int) -> list[tuple[Fraction, str, dict[str, str]]] | None:
    """The first mistakes in pool order that put `rank` options below the key and the rest
    above, with at most one mistake per group; None when the pool cannot."""
    below: list[tuple[Fraction, str, dict[str, str]]] = []
    above: list[tuple[Fraction, str, dict[str, str]]] = []
    groups: set[str] = set()
    for value, name, kw, group in pool:
        side = below if value < key else above
        if group in groups or len(side) >= (rank if side is below else 4 - rank):
            continue
        groups.add(group)
        side.append((value, name, kw))
        if len(below) == rank and len(above) == 4 - rank:
            return below + above
    return None


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


def _zero_borrow(a: int, b: int) -> Fraction:
    """a - b writing 0 in every column where the top digit is the smaller (and not borrowing)."""
    out, place = 0, 1
    while a or b:
        out += max(0, a % 10 - b % 10) * place
        a, b, place = a // 10, b // 10, place * 10
    return F(out)


def _drop_remainders(n: int, d: int) -> int:
    """Short division of n by d that drops the remainder at every step instead of carrying it."""
    digits = [int(ch) for ch in str(n)]
    i, chunk = 0, 0
    while i < len(digits) and chunk < d:
        chunk = chunk * 10 + digits[i]
        i += 1
    out = [chunk // d] + [digit // d for digit in digits[i:]]
    return int("".join(map(str, out)))


def _frac_over(x: Fraction, den: int) -> str:
    return f"{x.numerator * den // x.denominator}/{den}"
