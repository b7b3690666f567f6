"""Quick estimation: choose the option within 10% of a product, quotient, percentage or mixed
calculation without working it out exactly. Options are spread so that rounding to one or two
significant figures is enough: no two options are closer than a factor of 1.6.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (triangular,
sd 0.25) is sliced into six bands of one logit, one kind per band, in rising difficulty:

    kind 0 product    a four-digit number times a two-digit one (or the same as a word problem)
    kind 1 quotient   a four- or five-digit number divided by a two-digit one
    kind 2 percent    a percentage with a decimal (18.7%) of a four- or five-digit amount
    kind 3 decimals   a number times a decimal below 10 (0.31, 2.85)
    kind 4 mixed      (a × b) / c (never the ÷ sign: in Norway it can mean minus)
    kind 5 per_head   millions shared among hundreds or thousands (a unit to convert)

Bokmål items (lang "nb") are the same calculations with Norwegian contexts and kroner, numbers
written as Bokmål writes them (12 345; 4,8; 18,7 %) and ':' as the division sign (the sign
Norwegian schools teach; never '÷').

The position of the jittered difficulty inside its band is the probability of "tight" options:
distractors only a factor of about 1.6-3 from the key (named mistakes such as adding instead of
multiplying or the remaining percentage), instead of orders of magnitude (a lost or extra zero).

    b = -2.6 + 0.95 * kind + 0.4 * tight

Discrimination a = 0.9 + 0.06 * kind; typical time 20 s + 4 s per kind + 5 s tight.

The key is the exact value rounded to two significant figures (so within 5% of it); distractors
are named mistakes rounded the same way, kept only when at least a factor of 1.6 (tight) or 2
from the key and from each other, then filled with zero slips (x or / 10, 100, 1,000), so the
key's rank is uniform. check() recomputes the exact value from the numbers in params by its own
formulas, confirms they are printed in the prompt, and proves that exactly the keyed option lies
within 10% of it (and every other option more than 35% away, so the choice never depends on a
close call).
"""

from __future__ import annotations

import math
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option
from question_generators.numeric.common import num, pct, phrases, pick, read, tidy, uniforms
from question_generators.numeric.fair import fair_arrange

KINDS = ("product", "quotient", "percent", "decimals", "mixed", "per_head")
WEIGHTS = {"kind_level": 0.95, "tight": 0.4}
INTERCEPT = -2.6
# Estimation's many option sets let the key avoid the most alike nearly always; keeping half of
# the most plausible sets as drawn leaves it the most alike at about chance (issue 14).
KEEP = 0.5
BAND = 0.10  # the key is within 10% of the exact value ...
FAR = 0.35  # ... and every other option more than 35% away
B_TABLE = {(k, t): linear_difficulty(INTERCEPT, WEIGHTS, {"kind_level": k, "tight": t})
           for k in range(len(KINDS)) for t in (False, True)}
SLIPS_UP = ((10.0, "zero_more"), (100.0, "two_more"), (1000.0, "three_more"))
SLIPS_DOWN = ((0.1, "zero_less"), (0.01, "two_less"), (0.001, "three_less"))
Rng = np.random.Generator


def sig2(x: float) -> float:
    """x rounded to two significant figures."""
    if x == 0:
        return 0.0
    digits = math.floor(math.log10(abs(x)))
    return round(x, 1 - digits)


def show(x: float, lang: str = "en") -> str:
    """A two-significant-figure value as an option shows it: 150,000 / 4.8 / 0.032."""
    digits = math.floor(math.log10(abs(x))) if x else 0
    return num(x, max(0, 1 - digits), lang)


def show_nb(x: float) -> str:
    """`show` in Bokmål: 150 000 / 4,8 / 0,032."""
    return show(x, "nb")


def _messy(u: float, lo: int, hi: int) -> int:
    """A number that does not end in 0 (estimation items avoid round inputs)."""
    n = lo + int(u * (hi - lo))
    return n + 1 if n % 10 == 0 else n


class EstimationGenerator(BaseGenerator):
    """Quick estimation: pick the option within 10% of a calculation without working it out.

    See the module docstring for the difficulty model: six calculation kinds, then options that
    are closer together.
    """

    family = "numeric.estimation"
    section = "numerical"
    version = 2  # 2: named mistakes at every level, key not the most alike option, no ÷ sign
    title = "Quick estimation"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.p = phrases("estimation", lang)
        self.m: dict[str, str] = self.p["mistakes"]
        self.show = show if lang == "en" else show_nb
        self.div = "/" if lang == "en" else ":"  # Norwegian schools write a : b, never a ÷ b

    def generate(self, rng: Rng, difficulty: float) -> Item:
        u = uniforms(rng, 12)
        jittered = difficulty + (u[0] + u[1] - 1.0) * 0.6
        position = (jittered + 3.2) / 6.0 * len(KINDS)  # 0.2: b at the band's start
        kind_level = min(len(KINDS) - 1, max(0, int(position // 1)))
        tight = u[2] < min(1.0, max(0.0, position - kind_level))
        kind = KINDS[kind_level]
        for attempt in range(4):  # new numbers when the drawn key rank cannot be filled
            q, shown, exact, approx, mistakes, kw = getattr(self, "_" + kind)(u)
            key = sig2(exact)
            arranged = self._options(u[3], u[10], key, mistakes, 1.6 if tight else 2.0, kw, attempt < 3)
            if arranged is not None:
                break
            u[4:7] = uniforms(rng, 3)
        else:  # pragma: no cover
            raise ItemCheckError(f"{self.family}: too few distractors for {kind}")
        options, key_index = arranged
        text = pick(self.p[kind], u[9])
        prompt = f"{self.p['stem']}\n\n{text.format(**shown)}"
        lang = self.lang
        explanation = self.p["steps"]["round"].format(
            rounded=approx[0], approx=show(sig2(read(approx[1], lang)), lang), exact=tidy(exact, 2, lang),
            key=show(key, lang))
        return Item(family=self.family, section=self.section, lang=self.lang, prompt=prompt,
                    explanation=explanation, difficulty=B_TABLE[kind_level, tight],
                    discrimination=round(0.9 + 0.06 * kind_level, 3), time_s=20.0 + 4 * kind_level + 5 * tight,
                    options=options, key=key_index,
                    params={"kind": kind, "kind_level": kind_level, "tight": int(tight), "q": q})

    def _options(self, u: float, u_alike: float, key: float, mistakes: list[tuple[float, str]],
                 factor: float, kw: dict[str, str], strict: bool) -> tuple[tuple[Option, ...], int] | None:
        """The key's rank drawn from `u`; named mistakes first, then the first two of them with a
        zero slip as well (a distractor made from a distractor, so that the options cluster around
        a wrong value as often as around the key), then zero slips of the key; each kept only
        when at least `factor` away from every option kept so far (fair_arrange)."""
        m = self.m
        low = 1.0 / factor

        def apart(a: float, b: float) -> bool:
            return not low < a / b < factor

        def text(name: str):  # type: ignore[no-untyped-def]
            return lambda: m[name].format(**kw) if kw else m[name]

        pool: list = [(sig2(v), text(name)) for v, name in mistakes if v > 0]
        echo = [(sig2(v * f), self._echo(name, slip, kw)) for v, name in mistakes[:2] if v > 0
                for f, slip in ((10.0, "zero_more"), (0.1, "zero_less"))]
        near = [(key * f, text(name)) for f, name in (SLIPS_DOWN[0], SLIPS_UP[0])]
        far = [(key * f, text(name)) for f, name in SLIPS_DOWN[1:] + SLIPS_UP[1:]]
        return fair_arrange(u, u_alike, key, self.show(key), [*pool, *near, *echo, *far], self.show, apart=apart,
                            strict=strict, pool=20, keep=KEEP)

    def _echo(self, name: str, slip: str, kw: dict[str, str]):  # type: ignore[no-untyped-def]
        m = self.m
        return lambda: m["echo"].format(first=m[name].format(**kw) if kw else m[name], slip=m[slip])

    def _product(self, u: list[float]) -> tuple:
        a, b = _messy(u[4], 1200, 9800), _messy(u[5], 12, 98)
        exact = a * b
        ra, rb = sig2(a), round(b, -1)
        kw = {}
        mistakes = [(a + b, "added"), (exact * 2, "doubled"), (exact / 2, "halved")]
        lang = self.lang
        return ({"a": a, "b": b}, {"a": num(a, 0, lang), "b": str(b)}, float(exact),
                (f"{num(ra, 0, lang)} × {num(rb, 0, lang)}", num(ra * rb, 0, lang)), mistakes, kw)

    def _quotient(self, u: list[float]) -> tuple:
        a, b = _messy(u[4], 2400, 98000), _messy(u[5], 12, 96)
        exact = a / b
        kw = {}
        mistakes = [(a - b, "subtracted"), (a * b, "multiplied"), (b / a, "inverted"), (exact * 2, "doubled"),
                    (exact / 2, "halved")]
        ra, rb = sig2(a), round(b, -1)
        lang = self.lang
        return ({"a": a, "b": b}, {"a": num(a, 0, lang), "b": str(b)}, exact,
                (f"{num(ra, 0, lang)} {self.div} {num(rb, 0, lang)}", num(ra / rb, 1, lang)), mistakes, kw)

    def _percent(self, u: list[float]) -> tuple:
        p = (_messy(u[4], 21, 489)) / 10  # 2.1% .. 48.9%, one decimal
        a = _messy(u[5], 1200, 86000)
        exact = a * p / 100
        lang = self.lang
        kw = {"rest": pct(100 - p, 1, lang), "p": pct(p, 1, lang)}
        mistakes = [(a * (100 - p) / 100, "rest"), (a * p, "no_hundred"), (a / p, "divided_by_p"),
                    (exact * 2, "doubled"), (exact / 2, "halved")]
        rp, ra = round(p), sig2(a)
        return ({"a": a, "p": p}, {"a": num(a, 0, lang), "p": pct(p, 1, lang)}, exact,
                (f"{pct(rp, 0, lang)} × {num(ra, 0, lang)}", num(rp * ra / 100, 0, lang)), mistakes, kw)

    def _decimals(self, u: list[float]) -> tuple:
        a = _messy(u[4], 120, 9800)
        b = _messy(u[5], 12, 980) / 100  # 0.12 .. 9.8
        exact = a * b
        lang = self.lang
        kw = {"b": num(b, 2, lang)}
        mistakes = [(a / b, "divided_decimal"), (a * b * 100, "ignored_point"), (exact * 2, "doubled"),
                    (exact / 2, "halved")]
        return ({"a": a, "b": b}, {"a": num(a, 0, lang), "b": num(b, 2, lang)}, exact,
                (f"{num(sig2(a), 0, lang)} × {num(sig2(b), 1, lang)}", num(sig2(a) * sig2(b), 1, lang)),
                mistakes, kw)

    def _mixed(self, u: list[float]) -> tuple:
        a, b, c = _messy(u[4], 120, 980), _messy(u[5], 12, 98), _messy(u[6], 3, 29)
        exact = a * b / c
        kw = {"c": str(c)}
        mistakes = [(a * b, "ignored_c"), (a * b * c, "times_c"), (exact * 2, "doubled"), (exact / 2, "halved")]
        ra, rb, rc = sig2(a), round(b, -1), sig2(c)
        lang = self.lang
        return ({"a": a, "b": b, "c": c}, {"a": str(a), "b": str(b), "c": str(c)}, exact,
                (f"{num(ra, 0, lang)} × {num(rb, 0, lang)} {self.div} {num(rc, 0, lang)}", num(ra * rb / rc, 1, lang)),
                mistakes, kw)

    def _per_head(self, u: list[float]) -> tuple:
        a = _messy(u[4], 12, 980) / 10  # 1.2 .. 98 million
        b = _messy(u[5], 120, 9800)
        exact = a * 1e6 / b
        lang = self.lang
        kw = {"b": num(b, 0, lang)}
        mistakes = [(a * 1e3 / b, "millions_as_thousands"), (a * 1e6 / (b * 1000), "per_thousand"),
                    (exact * 2, "doubled"), (exact / 2, "halved")]
        millions = self.p["millions"].format(a=num(sig2(a), 1, lang))
        return ({"a": a, "b": b}, {"a": num(a, 1, lang), "b": num(b, 0, lang)}, exact,
                (f"{millions} {self.div} {num(sig2(b), 0, lang)}", num(sig2(a) * 1e6 / sig2(b), 0, lang)),
                mistakes, kw)

    def check(self, item: Item) -> None:
        check_options(item)
        kind, q = item.params["kind"], item.params["q"]
        try:
            exact, shown = _exact(kind, q, item.lang)
        except (KeyError, TypeError, ZeroDivisionError) as exc:
            raise ItemCheckError(f"item {item.id}: cannot recompute the answer: {exc}") from None
        for text in shown:
            if text not in item.prompt:
                raise ItemCheckError(f"item {item.id}: {text!r} is not in the prompt")
        within = []
        for index, option in enumerate(item.options):
            ratio = read(option.text, item.lang) / exact
            if abs(ratio - 1) <= BAND:
                within.append(index)
            elif abs(ratio - 1) <= FAR and ratio > 0:
                raise ItemCheckError(f"item {item.id}: option {option.text} is too close to call")
        require_single_key(item, within)


def _exact(kind: str, q: dict[str, Any], lang: str = "en") -> tuple[float, list[str]]:
    """The exact value from the stated numbers, and those numbers as the prompt shows them."""
    a = q["a"]
    if kind in ("product", "decimals"):
        return a * q["b"], [num(a, 0, lang), num(q["b"], 2, lang) if kind == "decimals" else str(q["b"])]
    if kind == "quotient":
        return a / q["b"], [num(a, 0, lang), str(q["b"])]
    if kind == "percent":
        return q["p"] / 100 * a, [num(a, 0, lang), pct(q["p"], 1, lang)]
    if kind == "mixed":
        return a / q["c"] * q["b"], [str(a), str(q["b"]), str(q["c"])]
    if kind == "per_head":
        return a / q["b"] * 1_000_000, [num(a, 1, lang), num(q["b"], 0, lang)]
    raise KeyError(kind)
