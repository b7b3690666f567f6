"""Percentages and ratios: percentage of an amount, ratio shares, percentage points vs percent,
reverse percentages (before VAT or a discount), successive changes, linked ratios, mixtures and
compound growth.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (triangular,
sd 0.25) is sliced into eight bands of 0.75 logits, one question kind per band, in rising
difficulty:

    kind 0 percent_of      p% of a sum of money (large: p not a multiple of 5, e.g. 12.5%)
    kind 1 ratio_share     a sum shared in the ratio a:b (large: three shares a:b:c)
    kind 2 points          percentage change of a rate: percent vs percentage points (large: a
                           fall, and rates that are not round)
    kind 3 reverse         price before VAT (large: price before a discount)
    kind 4 successive      a rise then a fall applied to a price (large: three changes)
    kind 5 proportion      linked ratios A:B and B:C, find A from C (large: bigger ratios)
    kind 6 mixture         percentage of a substance in a mix of two (large: three) solutions
    kind 7 compound        compound growth over 2-3 years (large: depreciation)

The position of the jittered difficulty inside its band is the probability of the "large"
variant. b is a linear function of the two structural features, monotone in both:

    b = -2.8 + 0.75 * kind + 0.35 * large

Discrimination a = 0.9 + 0.06 * kind; typical time 40 s + 5 s per kind step + 6 s large.

Options are chosen by question_generators.numeric.options: the key at a uniformly drawn rank and,
on most items, not the option most like the others. Every distractor is a named mistake (wrong
base, percentage points read as percent, the ratio read backwards, simple instead of compound
change ...), with at most one decimal-point slip of the key and one mistake followed by a slip
when the conceptual mistakes run out; no mixture option above 100%. Parameters come from tables
of clean combinations built at import, so every key is exact at the precision shown (money to the
penny, percentages to one decimal place) and no draw is ever rejected.

Bokmål items (lang "nb") are the same calculations with Norwegian contexts (names, Bergen and
Tromsø, AS and ASA, Vipps, renters rente), kroner after the amount (1 250,50 kr), 12,5 % and ':'
for division in the worked steps (never '÷', which in Norway can be read as minus); ratio shares
say "delt på" in words, so that ':' is never read as a ratio. The "VAT" questions are a mark-up
or fee in Bokmål, as their rates (20 %, 5 %) are not Norwegian VAT rates. Money is in kroner
magnitudes: each amount of the English draw times KRONER_PER_POUND (a £1,300 budget is 13 000 kr),
so the key scales and the key's rank and b stay the English item's (MONEY_FIELDS).

check() recomputes the answer from the quantities stored with the item by its own formulas
(integer arithmetic where the generator used the precomputed tables), confirms that every one
of those quantities is printed in the prompt, reads every option back from its text and
requires exactly the keyed option to show the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from math import gcd
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item
from question_generators.numeric.common import (
    CURRENCY,
    KRONER_PER_POUND,
    NAMES,
    Cand,
    matching,
    money,
    money2,
    pct,
    phrases,
    pick,
    register,
    require_in_prompt,
    same_pence,
    sentence,
    slips,
    tidy,
    tidy_nb,
    uniforms,
)
from question_generators.numeric.options import choose

KINDS = ("percent_of", "ratio_share", "points", "reverse", "successive", "proportion", "mixture",
         "compound")
WEIGHTS = {"kind_level": 0.75, "large": 0.35}
INTERCEPT = -2.8
# Share of items whose options are not screened for likeness (options.choose): this family's
# mistakes are fewer, so more of its items need the screen to keep the key from standing out.
PLAIN = 0.15
# Bokmål options ('1 050 kr' beside '95 kr') are alike in other ways than English ones ('£1,050'):
# with the same share the key was the most alike by digits 25 % of the time (2,000 items), so
# fewer nb items go unscreened.
PLAIN_NB = 0.08
STRICT_TRIES = 12  # draws that must place the key at the drawn rank (uniform key position)
Rng = np.random.Generator


# -- tables of clean parameter combinations, built once at import ------------------------------
def _percent_of_table(large: bool) -> list[tuple[float, int]]:
    ps = (12.5, 15, 35, 45, 65, 85, 17.5, 2.5, 7.5, 12, 18, 24) if large else (
        5, 10, 15, 20, 25, 30, 40, 60, 70, 75, 80, 90)
    out = []
    for p in ps:
        for base in range(60, 2401, 20):
            if (p * base * 100) % 100 == 0 and (p * base) % 1 == 0 and p * base / 100 >= 3:
                out.append((p, base))
    return out


def _points_table(large: bool) -> list[tuple[float, float]]:
    """Pairs of rates whose relative change is exact to one decimal place. Easy: multiples of 5
    (a rise); large: falls between rates in halves of a percent, not multiples of 5."""
    out = []
    top = 81 if large else 161  # rates in halves of a percent: 1.5% .. 40% (80% easy)
    for h1 in range(3, top):
        for h2 in range(3, top):
            d = h2 - h1
            if (d > 0) == large or abs(d) < 4 or (1000 * d) % h1:
                continue
            if not large and (h1 % 10 or h2 % 10):  # easy: round rates (multiples of 5%)
                continue
            if large and not (h1 % 10 and h2 % 10):
                continue
            rel, points = abs(100 * d / h1), abs(d) / 2
            if rel > 200:  # a rate more than tripling reads as implausible
                continue
            if rel >= 3 * points or (large and rel < 5):
                out.append((h1 / 2 if h1 % 2 else h1 // 2, h2 / 2 if h2 % 2 else h2 // 2))
    return out


def _reverse_table(large: bool) -> list[tuple[float, int]]:
    ps = (15, 35, 12.5, 30, 40, 45) if large else (20, 5)
    out = []
    for p in ps:
        for orig in range(20, 2001, 5):
            final = orig * (100 - p if large else 100 + p) / 100
            if abs(final * 100 - round(final * 100)) < 1e-9:
                out.append((p, orig))
    return out


def _compound_table(large: bool) -> list[tuple[int, int, int]]:
    out = []
    for r in (10, 20, 5, 25, 15, 30):
        for n in (2, 3):
            for p0 in range(1000, 60001, 500):
                factor = (100 - r if large else 100 + r) ** n
                if (p0 * factor) % (100 ** n) == 0:
                    out.append((r, n, p0))
    return out


def _lcm(*values: int) -> int:
    out = 1
    for v in values:
        out = out * v // gcd(out, v)
    return out


def _proportion_table(large: bool) -> list[tuple[int, int, int, int, int]]:
    out = []
    top = 9 if large else 5
    for a in range(1, top + 1):
        for b in range(1, top + 1):
            for c in range(1, top + 1):
                for d in range(1, top + 1):
                    if gcd(a, b) != 1 or gcd(c, d) != 1 or b == c or a == b or c == d:
                        continue
                    if large != (max(a, b, c, d) > 5):
                        continue
                    # n must make B = n*c/d, A = n*c*a/(d*b) and the distractors n*a/d, n*a/b whole
                    step = _lcm(5, d // gcd(d, c), d * b // gcd(d * b, c * a), d // gcd(d, a), b // gcd(b, a))
                    for n in range(step * -(-10 // step), 301, step):
                        key = n * c * a // (d * b)
                        if 5 <= key <= 3 * n:  # realistic head counts
                            out.append((a, b, c, d, n))
    return out


def _mixture_table(large: bool) -> list[tuple[int, ...]]:
    out = []
    cs = range(5, 61, 5)
    for c1 in cs:
        for c2 in cs:
            if c2 <= c1:
                continue
            for v1 in range(2, 10):
                for v2 in range(2, 10):
                    if v1 == v2:
                        continue
                    if large:
                        for c3, v3 in ((c1 + c2) // 2, 2), (c2 + 5, 4), (c1 + 10, 3):
                            if c3 in (c1, c2) or c3 % 5:
                                continue
                            total = v1 + v2 + v3
                            if (10 * (c1 * v1 + c2 * v2 + c3 * v3)) % total == 0:
                                out.append((c1, v1, c2, v2, c3, v3))
                    elif (10 * (c1 * v1 + c2 * v2)) % (v1 + v2) == 0 and (c1 + c2) % 2 == 0:
                        out.append((c1, v1, c2, v2))
    return out


def _successive_table(large: bool) -> list[tuple[int, int, int, int]]:
    out = []
    k = 3 if large else 2
    for start in range(200, 2001, 20):
        for a in CHANGES:
            for b in CHANGES:
                for c in CHANGES if large else (0,):
                    if a == b or (start * (100 + a) * (100 - b) * (100 + c) * 100) % 100 ** (k + (not large)):
                        continue
                    out.append((start, a, b, c))
    return out


RATIOS2 = [(a, b) for a in range(1, 10) for b in range(1, 10) if a != b and gcd(a, b) == 1]
RATIOS3 = [(a, b, c) for a in range(1, 8) for b in range(1, 8) for c in range(1, 8)
           if len({a, b, c}) == 3 and gcd(gcd(a, b), c) == 1]
UNITS = (10, 20, 25, 40, 50, 60, 75, 80, 100, 120, 150, 200, 250, 400, 500)
CHANGES = (5, 10, 15, 20, 25, 30, 40, 50)
class _Tables(dict):
    """The combination tables, each built on first use (a form needs only a few of them, and
    the command line should not pay for all at import)."""

    builders: ClassVar[dict[str, Callable[[bool], list]]] = {
        "percent_of": _percent_of_table, "points": _points_table, "reverse": _reverse_table,
        "compound": _compound_table, "proportion": _proportion_table, "mixture": _mixture_table,
        "successive": _successive_table}

    def __missing__(self, key: tuple[str, bool]) -> list:
        table = self[key] = self.builders[key[0]](key[1])
        return table


TABLES: dict[tuple[str, bool], list] = _Tables()


B_TABLE = {(k, large): linear_difficulty(INTERCEPT, WEIGHTS, {"kind_level": k, "large": large})
           for k in range(len(KINDS)) for large in (False, True)}


# The money quantities of each kind's q, scaled by KRONER_PER_POUND in Bokmål.
MONEY_FIELDS = {"percent_of": ("base",), "ratio_share": ("total",), "reverse": ("final",),
                "successive": ("start",), "compound": ("p0",)}


def _money2(x: float) -> str:  # its own function: the family's registered format name
    return money2(x)


class PercentRatioGenerator(BaseGenerator):
    """Percentages and ratios: points vs percent, reverse and successive changes, shares, mixtures.

    See the module docstring for the difficulty model: eight question kinds in rising
    difficulty, then a harder variant of each.
    """

    family = "numeric.percent_ratio"
    section = "numerical"
    version = 5  # 5: Bokmål money ten times the pound amounts (English unchanged);
    # 2: at most one decimal-point slip per item, more named mistakes; 3: options without cues;
    # 4: paced (pace.toml)
    title = "Percentages and ratios"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        # the language's number formats (English: the module functions themselves, the hot path)
        self.symbol = CURRENCY.get(lang, "£")
        self.kr = 1 if lang == "en" else KRONER_PER_POUND  # money in the language's magnitudes
        (self.money, self.money2, self.pct, self.tidy, self.pct1, self.tidy1) = _formats(lang)
        self.tidy_fmt = tidy if lang == "en" else tidy_nb  # the registered option format
        self.plain = PLAIN if lang == "en" else PLAIN_NB
        self.p = phrases("percent_ratio", lang)
        self.steps: dict[str, str] = self.p["steps"]
        self.m: dict[str, str] = self.p["mistakes"]
        self.slips = slips(self.m)
        self.slip_pairs = ((10.0, self.m["slip_up"]), (0.1, self.m["slip_down"]))

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: Rng, difficulty: float) -> Item:
        u = uniforms(rng, 13)
        jittered = difficulty + (u[0] + u[1] - 1.0) * 0.6
        position = (jittered + 3.0) / 6.0 * len(KINDS)
        kind_level = min(len(KINDS) - 1, max(0, int(position // 1)))
        large = u[2] < min(1.0, max(0.0, position - kind_level))
        kind = KINDS[kind_level]
        make = getattr(self, "_" + kind)
        for attempt in range(self.max_redraws):
            prompt, explanation, key, cands, fmt, q, decimals = make(u, large)
            # The first draws must put the key at the drawn rank (uniform key position); later
            # ones take the nearest rank their mistakes allow.
            cands += [(key * 100, self.m["slip_up2"]), (key / 100, self.m["slip_down2"])]  # last resort
            if kind == "proportion":  # head counts are whole numbers
                cands = [c for c in cands if c[0] == int(c[0])]
            arranged = choose(u[3], u[12], key, fmt(key), cands, fmt, strict=attempt < STRICT_TRIES,
                              generic=self.slips, then=self.m["then"], slips=self.slip_pairs,
                              plain=self.plain, cap=100.0 if kind == "mixture" else float("inf"))
            if arranged is not None:
                break
            self.redraws += 1
            u[4:12] = uniforms(rng, 8)
        else:  # pragma: no cover
            raise ItemCheckError(f"{self.family}: too few distractors for {kind}")
        options, key_index = arranged
        if fmt is self.money2:
            options, explanation, fmt = same_pence(options, explanation, fmt, self.symbol, self.lang)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=sentence(prompt, self.lang),
            explanation=explanation,
            difficulty=B_TABLE[kind_level, large],
            discrimination=round(0.9 + 0.06 * kind_level, 3),
            time_s=40.0 + 5 * kind_level + 6 * large,
            options=options, key=key_index,
            params={"kind": kind, "kind_level": kind_level, "large": int(large), "q": q,
                    "decimals": decimals, "show": NAMES[fmt], **_repeat(kind, q, options)},
        )

    def _t(self, name: str, u: float) -> str:
        return pick(self.p[name], u)

    def _percent_of(self, u: list[float], large: bool) -> tuple:
        p, base = pick(TABLES["percent_of", large], u[4])
        base *= self.kr
        key = p * base / 100
        ps, bs, ks = self.pct(p), self.money(base), self.money2(key)
        m = self.m
        cands: list[Cand] = [
            ((100 - p) * base / 100, lambda: m["remaining"].format(rest=self.pct(100 - p), p=ps)),
            (base + key, lambda: m["increased"].format(p=ps)),
            (base / p, lambda: m["divided_by_p"].format(base=bs, pn=self.tidy(p), p=ps)),
            (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = self._t("percent_of", u[5]).format(p=ps, base=bs)
        expl = self.steps["percent_of"].format(p=ps, base=bs, pn=self.tidy(p), key=ks)
        return prompt, expl, key, cands, self.money2, {"p": p, "base": base}, 2

    def _ratio_share(self, u: list[float], large: bool) -> tuple:
        unit = pick(UNITS, u[4]) * self.kr
        m = self.m
        if not large:
            a, b = pick(RATIOS2, u[5])
            A, B = pick(self.p["pair_names"], u[6])
            total, key = unit * (a + b), unit * b
            ts = self.money(total)
            cands: list[Cand] = [
                (unit * a, lambda: m["reversed_share"].format(A=A)),
                (unit, lambda: m["one_part"].format(unit=self.money(unit), b=b)),
                (unit * abs(b - a), m["difference"]),
                (total * b / a, lambda: m["ratio_as_fraction"].format(a=a, b=b, parts=a + b)),
                (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            prompt = self._t("ratio_share", u[7]).format(A=A, B=B, a=a, b=b, total=ts)
            expl = self.steps["ratio_share"].format(a=a, b=b, parts=a + b, total=ts, unit=self.money(unit),
                                                    B=B, key=self.money(key))
            return prompt, expl, key, cands, self.money2, {"total": total, "ratio": [a, b]}, 2
        a, b, c = pick(RATIOS3, u[5])
        A, B, C = pick(self.p["triple_names"], u[6])
        total, key = unit * (a + b + c), unit * b
        ts = self.money(total)
        cands = [
            (total * b / (a + b), lambda: m["two_way"].format(A=A, B=B, C=C)),
            (unit * a, lambda: m["other_share"].format(X=A, B=B)),
            (unit * c, lambda: m["other_share"].format(X=C, B=B)),
            (unit, lambda: m["one_part"].format(unit=self.money(unit), b=b)),
            (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = self._t("ratio_share3", u[7]).format(A=A, B=B, C=C, a=a, b=b, c=c, total=ts)
        expl = self.steps["ratio_share3"].format(a=a, b=b, c=c, parts=a + b + c, total=ts, unit=self.money(unit),
                                                 B=B, key=self.money(key))
        return prompt, expl, key, cands, self.money2, {"total": total, "ratio": [a, b, c]}, 2

    def _points(self, u: list[float], large: bool) -> tuple:
        r1, r2 = pick(TABLES["points", large], u[4])
        d = abs(r2 - r1)
        m = self.m
        rel = 100 * d / r1
        if not large and u[5] < 0.3:  # the inverse question: points, with percent as the trap
            prompt = self._t("points_only", u[6]).format(r1=self.pct(r1), r2=self.pct(r2))
            cands: list[Cand] = [(rel, m["percent_as_points"]), (100 * r2 / r1, m["new_as_percent"]),
                                 (d / 10, m["slip_down"]), (d * 10, m["slip_up"])]
            expl = self.steps["points_only"].format(r1=self.pct(r1), r2=self.pct(r2), key=self.tidy(d),
                                                    rel=self.pct(rel))
            return prompt, expl, float(d), cands, self.tidy_fmt, {"r1": r1, "r2": r2, "ask": "points"}, 1
        prompt = self._t("points_fall" if large else "points_rise", u[6]).format(r1=self.pct(r1), r2=self.pct(r2))
        cands = [(float(d), m["points_as_percent"]), (100 * d / r2, m["divided_by_new"]),
                 (100 * r2 / r1, m["new_as_percent"]), (100 * r1 / r2, m["old_as_percent"]),
                 (rel * 10, m["slip_up"]), (rel / 10, m["slip_down"])]
        ds, r1s = (d, r1) if self.lang == "en" else (self.tidy(d), self.tidy(r1))  # English: raw (5.0)
        expl = self.steps["points"].format(d=ds, r1n=r1s, key=self.pct(rel))
        return prompt, expl, rel, cands, self.pct1, {"r1": r1, "r2": r2, "ask": "percent"}, 1

    def _reverse(self, u: list[float], large: bool) -> tuple:
        p, orig = pick(TABLES["reverse", large], u[4])
        orig *= self.kr
        m = self.m
        ps = self.pct(p)
        if not large:
            f = (100 + p) / 100
            final = orig * f
            cands: list[Cand] = [
                (final * (100 - p) / 100, lambda: m["took_off_new"].format(p=ps)),
                (final * f, lambda: m["added_again"].format(p=ps)),
                (final / ((100 - p) / 100), lambda: m["as_discount"].format(p=ps)),
                (final - orig, lambda: m["part_only"].format(p=ps))]
            name = "reverse_vat"
        else:
            f = (100 - p) / 100
            final = orig * f
            cands = [
                (final * (100 + p) / 100, lambda: m["added_to_new"].format(p=ps)),
                (final * f, lambda: m["discounted_again"].format(p=ps)),
                (final / ((100 + p) / 100), lambda: m["as_rise"].format(p=ps)),
                (orig - final, m["discount_only"])]
            name = "reverse_discount"
        cands += [(orig * 10, m["slip_up"]), (orig / 10, m["slip_down"])]
        fs = self.money2(final)
        prompt = self._t(name, u[5]).format(final=fs, p=ps)
        expl = self.steps[name].format(share=self.pct(f * 100), f=self.tidy(f, 3), final=fs, key=self.money(orig))
        return prompt, expl, float(orig), cands, self.money2, {"final": round(final, 2), "p": p,
                                                            "direction": 1 if not large else -1}, 2

    def _successive(self, u: list[float], large: bool) -> tuple:
        start, a, b, c = pick(TABLES["successive", large], u[4])
        start *= self.kr
        fa, fb, fc = (100 + a) / 100, (100 - b) / 100, (100 + c) / 100
        key = start * fa * fb * fc
        m = self.m
        cands: list[Cand] = [(start * (100 + a - b + c) / 100, m["net_percent"])]
        if large:
            cands += [(start * fa * fb, m["middle_only"]), (start * fc, m["last_only"]),
                      (start * (2 - fa) * (2 - fb) * (2 - fc), m["swapped_directions"]),
                      (start * fa * (2 - fb) * fc, m["both_rises"])]
            chain = f"{self.money(start)} × {self.tidy(fa)} × {self.tidy(fb)} × {self.tidy(fc)}"
        else:
            cands += [(start * fa, m["first_only"]), (start * fb, m["last_only"]),
                      (start * (2 - fa) * (2 - fb), m["swapped_directions"]),
                      (start * fa * (2 - fb), m["both_rises"])]
            chain = f"{self.money(start)} × {self.tidy(fa)} × {self.tidy(fb)}"
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        fields = {"start": self.money(start), "a": self.pct(a), "b": self.pct(b), "c": self.pct(c)}
        prompt = self._t("successive3" if large else "successive", u[8]).format(**fields)
        expl = self.steps["successive"].format(chain=chain, key=self.money2(key))
        return prompt, expl, key, cands, self.money2, {"start": start, "changes": [a, -b, c] if large else [a, -b]}, 2

    def _proportion(self, u: list[float], large: bool) -> tuple:
        a, b, c, d, n = pick(TABLES["proportion", large], u[4])
        where, A, B, C = pick(self.p["proportion_names"], u[5])
        key = n * c * a / (d * b)
        m = self.m
        cands: list[Cand] = [
            (n * a / d, lambda: m["matched_nothing"].format(a=a, d=d, B=B)),
            (n * c / d, lambda: m["gave_middle"].format(B=B)),
            (n * a / b, lambda: m["first_ratio_only"].format(a=a, b=b, C=C)),
            (n * d * b / (c * a), m["reversed_combined"]),
            (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        cands = [c_ for c_ in cands if c_[0] == int(c_[0])]  # head counts are whole
        prompt = self._t("proportion", u[6]).format(Where=where, A=A, B=B, C=C, a=a, b=b, c=c, d=d, n=n)
        expl = self.steps["proportion"].format(a=a, b=b, c=c, d=d, a2=a * c, bc=b * c, d2=b * d, A=A, B=B,
                                               C=C, n=n, key=self.tidy(key, 1))
        return prompt, expl, key, cands, self.tidy1, {"n": n, "ratios": [a, b, c, d]}, 1

    def _mixture(self, u: list[float], large: bool) -> tuple:
        row = pick(TABLES["mixture", large], u[4])
        what = pick(self.p["mixture_what"], u[5])
        cs, vs = row[0::2], row[1::2]
        total = sum(vs)
        amount = sum(c * v for c, v in zip(cs, vs, strict=True)) / 100
        key = 100 * amount / total
        m = self.m
        swapped = sum(c * v for c, v in zip(cs, vs[::-1], strict=True)) / total
        cands: list[Cand] = [(sum(cs) / len(cs), m["averaged"]),
                             (swapped, m["reversed_weights" if large else "swapped_weights"]),
                             (amount, lambda: m["amount_not_percent"].format(what=what)),
                             (float(sum(cs)), m["added_percents"]),
                             (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        litres = u[6] < 0.5 or large
        unit = self.p["litres"] if litres else "kg"
        fields = {"what": what, "c1": self.pct(cs[0]), "v1": vs[0], "c2": self.pct(cs[1]), "v2": vs[1]}
        if large:
            fields |= {"c3": self.pct(cs[2]), "v3": vs[2]}
            prompt = self._t("mixture3", u[7]).format(**fields)
        else:
            prompt = self.p["mixture"][0 if litres else 1].format(**fields)
        parts = " + ".join(f"{self.tidy(c / 100, 2)} × {v}" for c, v in zip(cs, vs, strict=True))
        expl = self.steps["mixture"].format(what=what.capitalize(), parts=parts,
                                            amount=f"{self.tidy(amount, 2)} {unit}", total=f"{total} {unit}",
                                            key=self.pct(key))
        return prompt, expl, key, cands, self.pct1, {"c": list(cs), "v": list(vs)}, 1

    def _compound(self, u: list[float], large: bool) -> tuple:
        r, n, p0 = pick(TABLES["compound", large], u[4])
        p0 *= self.kr
        f = (100 - r if large else 100 + r) / 100
        key = p0 * f ** n
        m = self.m
        sign = -1 if large else 1
        cands: list[Cand] = [
            (p0 * (1 + sign * n * r / 100), lambda: m["simple"].format(r=self.pct(r))),
            (p0 * f ** (n - 1), m["one_year_less"]), (p0 * f ** (n + 1), m["one_year_more"]),
            (abs(key - p0), lambda: m["change_only"].format(n=n)),
            (p0 * (2 - f) ** n, m["decay_as_growth"]) if large else (key + p0, m["added_start"]),
            (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = self._t("compound_decay" if large else "compound_growth", u[5]).format(
            p0=self.money(p0), r=self.pct(r), n=n)
        expl = self.steps["compound"].format(f=self.tidy(f), n=n, p0=self.money(p0), key=self.money2(key))
        return prompt, expl, key, cands, self.money2, {"p0": p0, "r": -r if large else r, "n": n}, 2

    # -- check ---------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        kind = item.params["kind"]
        q = item.params["q"]
        try:
            truth, shown = _truth(kind, q, item.lang)
        except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
            raise ItemCheckError(f"item {item.id}: cannot recompute the answer: {exc}") from None
        require_in_prompt(item, shown)
        require_single_key(item, matching(item, truth, int(item.params["decimals"])))


def _repeat(kind: str, q: dict[str, Any], options: tuple) -> dict[str, Any]:
    """Content and repeat keys (issue 14 item 4): the calculation (kind and its numbers, not the
    names or wording) with the option set is the content; one item per calculation in a form; the
    kind spread out."""
    calc = f"{kind}:" + ";".join(f"{k}={v}" for k, v in sorted(q.items()))
    return {"content": f"{calc}|opts:{','.join(sorted(o.text for o in options))}",
            "once": [f"calc:{calc}"], "spread": [f"percent:{kind}"]}


def _pct1(x: float) -> str:
    return pct(round(x, 1))


def _tidy1(x: float) -> str:
    return tidy(x, 1)


def _money2_nb(x: float) -> str:
    return money2(x, "kr", "nb")


def _pct1_nb(x: float) -> str:
    return pct(round(x, 1), None, "nb")


def _tidy1_nb(x: float) -> str:
    return tidy(x, 1, "nb")


register(_money2, "pr.money2", 2)
register(_pct1, "pr.pct1", 1)
register(_tidy1, "pr.tidy1", 1)
register(_money2_nb, "pr.money2@nb", 2)
register(_pct1_nb, "pr.pct1@nb", 1)
register(_tidy1_nb, "pr.tidy1@nb", 1)


def _formats(lang: str) -> tuple:
    """money, money2, pct, tidy and the one-decimal formats of a language."""
    if lang == "en":
        return money, _money2, pct, tidy, _pct1, _tidy1

    def money_l(x: float) -> str:
        return money(x, "kr", lang=lang)

    def pct_l(x: float, decimals: int | None = None) -> str:
        return pct(x, decimals, lang)

    def tidy_l(x: float, most: int = 2) -> str:
        return tidy(x, most, lang)

    return money_l, _money2_nb, pct_l, tidy_l, _pct1_nb, _tidy1_nb


def _truth(kind: str, q: dict[str, Any], lang: str = "en") -> tuple[float, list[str]]:
    """The answer from the stated quantities, by formulas written apart from the generator, and
    the texts of those quantities as the prompt must show them."""
    money, _, pct, _, _, _ = _formats(lang)  # the language's own formats
    if kind == "percent_of":
        return q["base"] * q["p"] / 100, [money(q["base"]), pct(q["p"])]
    if kind == "ratio_share":
        ratio = q["ratio"]
        return q["total"] * ratio[1] / sum(ratio), [money(q["total"]), ":".join(map(str, ratio))]
    if kind == "points":
        r1, r2 = q["r1"], q["r2"]
        truth = abs(r2 - r1) if q["ask"] == "points" else abs(r2 / r1 - 1) * 100
        return truth, [pct(r1), pct(r2)]
    if kind == "reverse":
        final, p = q["final"], q["p"]
        return final * 100 / (100 + q["direction"] * p), [money(final), pct(p)]
    if kind == "successive":
        value = q["start"]
        shown = [money(value)]
        for change in q["changes"]:
            value += value * change / 100
            shown.append(pct(abs(change)))
        return value, shown
    if kind == "proportion":
        a, b, c, d = q["ratios"]
        # A/C = (A/B) * (B/C)
        return q["n"] * (a * c) / (b * d), [f"{a}:{b}", f"{c}:{d}", str(q["n"])]
    if kind == "mixture":
        pure = sum(c * v for c, v in zip(q["c"], q["v"], strict=True))
        return pure / sum(q["v"]), [pct(c) for c in q["c"]]
    if kind == "compound":
        value = q["p0"] * 100 ** 0
        for _ in range(q["n"]):
            value = value * (100 + q["r"]) / 100
        return value, [money(q["p0"]), pct(abs(q["r"])), f"{q['n']} {'years' if lang == 'en' else 'år'}"]
    raise KeyError(kind)
