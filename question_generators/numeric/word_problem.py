"""Word problems: speed, distance and time; unit conversions; currency conversion; averages;
simple interest; rates of work; weighted averages; compound interest; average speed; two rates
(meeting and catching up, blends, a job handed on, a change of speed part-way). Five
options or a typed numeric answer with a stated tolerance and unit.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (triangular,
sd 0.25) is sliced into nine levels of 2/3 logit, in rising difficulty; from level 5 up a level
holds two question kinds of like difficulty, drawn half and half (the second of each pair a
two-rate problem, issue 14, so the hard end is not one question type):

    level 0 distance          distance from speed and a time in hours and minutes (large: the
                              journey time in minutes from distance and speed)
    level 1 convert           a unit conversion by 60, 100 or 1,000 (large: km/h to m/s, or an
                              area or volume conversion by 10,000 or 1,000)
    level 2 currency          pounds to another currency at a stated rate (large: back into
                              pounds, or with a commission on the pounds changed)
    level 3 mean              the mean of five values (large: the missing fifth value from a mean)
    level 4 simple_interest   simple interest over whole years (large: over a number of months)
    level 5 work              two machines or people working together, time in minutes (large:
                              slower rates, so the fractions are harder)
            meet              two vehicles driving towards each other: when, or where, they meet
                              (large: one catching the other up, the gap closing at the
                              difference of the speeds)
    level 6 weighted          the overall mean of three groups of different size (large: four)
            blend             the price per kg of a blend of two prices (large: how much of a
                              second price or strength brings a mixture to a target, alligation)
    level 7 compound_interest interest earned at compound interest over 2 years (large: 3-4)
            relay             a job started by one worker, pump or machine and finished by
                              another (large: both together first, then one alone; 4 steps)
    level 8 average_speed     average speed over two equal legs at different speeds (large:
                              less round numbers)
            two_stage         average speed over two stages of given times (large: the first
                              hours at one speed and the rest of a given distance at another;
                              4 steps, the trap of averaging the speeds)

The position of the jittered difficulty inside its band is the probability of the "large"
variant. One item in four asks for a typed answer instead of five options (`entry`): the
prompt states the unit, the precision and the tolerance (half a unit of the last place).
b is a linear function of these structural features, monotone in each:

    b = -2.9 + 0.65 * level + 0.3 * large + 0.3 * entry

Discrimination a = 0.9 + 0.05 * level; typical time 45 s + 4 s per level + 6 s large + 5 s
entry. (The params key for the level is still called kind_level.)

Distractors are named mistakes of the question type (minutes read as decimal hours, the wrong
conversion factor, dividing by the exchange rate instead of multiplying, an unweighted mean,
simple instead of compound interest; for two rates: averaging the rates, adding the times,
closing at the sum of the speeds when one catches the other up, the arithmetic instead of the
time-weighted mean ...), with decimal-point slips only to fill in. Quantities come from tables
of clean combinations (built at import, or on first use for the larger ones), so keys are exact
at the stated precision and no draw is rejected for its numbers.

Bokmål items (lang "nb") are the same questions with Norwegian contexts, kroner, km/t and
numbers as Bokmål writes them (1 250,50 kr; 2,5 timer); division is written ':' (the sign
Norwegian schools teach; never '÷', which can be read as minus in Norway). Currency questions
change euros or dollars into kroner at invented rates of about 11-14 kr (ten times the English
rates, so the amounts stay exact), or kroner back into euros or dollars. Every other money
quantity (interest deposits, blend prices) is the English amount times KRONER_PER_POUND = 10: a
£5,000 deposit is a 50 000 kr deposit, a £12-per-kg coffee costs 120 kr per kg, so amounts read
as Norwegian amounts; the key scales with them and the item's structure, key position and b are
the English item's.

check() recomputes the answer from the quantities stored with the item by its own formulas (the
two-rate kinds by another route: closing a gap a minute at a time in whole numbers, a job counted
in a*b units, the amount of a blend found by trying every quarter kg or litre),
confirms those quantities are printed in the prompt, and requires exactly the keyed option (or
the typed answer's value, within its tolerance) to show the answer.
"""

from __future__ import annotations

from fractions import Fraction as F
from functools import cache
from math import gcd
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, NumericEntry
from question_generators.numeric.common import (
    CURRENCY,
    KRONER_PER_POUND,
    NAMES,
    Cand,
    _swap_amount,
    matching,
    money,
    money2,
    money_fmt,
    num,
    pct,
    phrases,
    pick,
    register,
    require_in_prompt,
    round_half_up,
    same_pence,
    sentence,
    slips,
    tidy,
    uniforms,
    unit_fmt,
)
from question_generators.numeric.fair import fair_arrange

# The difficulty ladder: nine levels, each one question kind or, from level 5 up, one of two
# kinds of the same difficulty (the second a two-rate problem of issue 14), drawn half and half.
LEVELS = (("distance",), ("convert",), ("currency",), ("mean",), ("simple_interest",), ("work", "meet"),
          ("weighted", "blend"), ("compound_interest", "relay"), ("average_speed", "two_stage"))
KINDS = tuple(kind for level in LEVELS for kind in level)
WEIGHTS = {"kind_level": 0.65, "large": 0.3, "entry": 0.3}
INTERCEPT = -2.9
# The money quantities of each kind's q (scaled in nb); a blend's prices only in its price context.
MONEY_FIELDS = {"simple_interest": ("p0",), "compound_interest": ("p0",), "blend": ("p1", "p2", "p")}
ENTRY_SHARE = 0.25
STRICT_TRIES = 12  # draws that must place the key at the drawn rank (uniform key position)
Rng = np.random.Generator
B_TABLE = {(k, large, entry): linear_difficulty(INTERCEPT, WEIGHTS, {"kind_level": k, "large": large, "entry": entry})
           for k in range(len(LEVELS)) for large in (False, True) for entry in (False, True)}
TOLERANCE = {0: 0.5, 1: 0.05, 2: 0.005}

SPEEDS = tuple(range(24, 121, 12))
MINUTES = (10, 15, 20, 30, 40, 45, 50)  # with speeds in twelves every distance is whole
JOURNEYS = [(s, mins) for s in range(40, 121, 10) for mins in range(75, 301, 15)
            if (s * mins) % 60 == 0 and mins % 60]
RATES = ((1.15, "€", "euros"), (1.2, "€", "euros"), (1.25, "$", "dollars"), (1.3, "$", "dollars"),
         (1.12, "€", "euros"), (1.35, "$", "dollars"))
# Bokmål: kroner per euro or dollar (invented, of the order of the real rates): ten times the
# English rates, so that every amount stays exact to the øre. (rate, currency, its name)
RATES_NB = tuple((round(10 * r, 2), "euro" if c == "€" else "dollar", "euro" if c == "€" else "dollar")
                 for r, c, _ in RATES)
FEES = (1, 2, 2.5, 3)
# hours alone of two workers whose time together is whole minutes (a job of up to a day's shifts)
WORK = [(a, b) for a in range(2, 16) for b in range(a + 1, 25) if (60 * a * b) % (a + b) == 0]
SPEED_PAIRS = [(v1, v2, d) for v1 in range(30, 121, 10) for v2 in range(30, 121, 10) for d in range(60, 361, 30)
               if v1 != v2 and (100 * d) % v1 == 0 and (100 * d) % v2 == 0
               and (20 * v1 * v2) % (v1 + v2) == 0]
# The pools of the easy and the harder variant, split once here instead of on every item.
SPEED_POOLS = {large: [p for p in SPEED_PAIRS if ((p[0] % 20 or p[1] % 20) != 0) == large] or SPEED_PAIRS
               for large in (False, True)}
WORK_POOLS = {large: [w for w in WORK if (w[1] > 8) == large] or WORK for large in (False, True)}


# Two-rate problems (issue 14). Two vehicles driving towards each other: (v1, v2, gap in km), the
# meeting time a whole number of minutes (20-240) and the first vehicle's distance whole km.
APPROACH = [(v1, v2, d) for v1 in range(40, 101, 10) for v2 in range(v1 + 10, 121, 10) for d in range(30, 301, 10)
            if (60 * d) % (v1 + v2) == 0 and 20 <= 60 * d // (v1 + v2) <= 240
            and (v1 * 60 * d // (v1 + v2)) % 60 == 0]
# One vehicle catching up: (slower speed, faster speed, head start in minutes), the catch-up time
# a whole number of minutes (10-300).
CATCH_UP = [(v1, v2, t0) for v1 in range(40, 91, 10) for v2 in range(v1 + 10, 121, 10)
            for t0 in (10, 12, 15, 20, 24, 30, 40, 45, 60)
            if (v1 * t0) % (v2 - v1) == 0 and 10 <= v1 * t0 // (v2 - v1) <= 300]
# A job started by one and finished by another: (a, b hours for the whole job alone, h hours
# worked first), B's time a whole number of minutes (at least 30). Large: h hours together first.
RELAY = [(a, b, h) for a in range(2, 13) for b in range(2, 16) for h in range(1, 12)
         if a != b and h < a and (60 * b * (a - h)) % a == 0 and 60 * b * (a - h) // a >= 30]
RELAY_TOGETHER = [(a, b, h) for a in range(2, 13) for b in range(2, 16) for h in range(1, 8)
                  if a != b and a * b - h * (a + b) > 0 and (60 * (a * b - h * (a + b))) % a == 0
                  and 60 * (a * b - h * (a + b)) // a >= 30]
HALF_HOURS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
BLEND_AMOUNTS = (2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30)
# Amounts to add (large blends) may be half units too: a key of 7.5 kg among distractors such as
# 13.33 kg is not the one short, round option.
ADDED_AMOUNTS = (*BLEND_AMOUNTS, 1.5, 2.5, 3.5, 4.5, 7.5, 12.5)


@cache
def two_stage_table(large: bool) -> list[tuple]:
    """Not large: (v1, t1, v2, t2), t1 hours at v1 then t2 hours at v2, the average speed exact to
    0.1 km/h. Large: (d, v1, t1, v2), the first t1 hours of a d km journey at v1 and the rest at v2,
    the rest a whole number of 5-minute steps and the average exact to 0.1 km/h."""
    out: list[tuple] = []
    speeds = range(40, 121, 10)
    if not large:
        for v1 in speeds:
            for v2 in speeds:
                for t1 in HALF_HOURS:
                    for t2 in HALF_HOURS:
                        tenths = 10 * (v1 * t1 + v2 * t2) / (t1 + t2)
                        if v1 != v2 and t1 != t2 and abs(tenths - round(tenths)) < 1e-9:
                            out.append((v1, t1, v2, t2))
        return out
    for d in range(60, 421, 10):
        for v1 in speeds:
            for t1 in HALF_HOURS:
                rest = d - v1 * t1
                if rest <= 20:
                    continue
                for v2 in speeds:
                    # minutes of the rest: 60 * rest / v2, a multiple of 5; average = 60 d / total minutes
                    if v2 == v1 or (60 * rest) % (5 * v2):
                        continue
                    total = 60 * t1 + 60 * rest / v2
                    if (600 * d) % round(total) == 0 and 60 * rest / v2 != 60 * t1:
                        out.append((d, v1, t1, v2))
    return out


@cache
def blend_pool(large: bool, half: bool) -> list[tuple[int, int, float, int]]:
    """The rows of blend_table whose added amount is (half) a half unit, drawn half and half in
    large blends so the key is as often '7.5 kg' as '12 kg'."""
    rows = blend_table(large)
    return [r for r in rows if bool(r[2] % 1) == half] if large else rows


@cache
def blend_table(large: bool) -> list[tuple[int, int, float, int]]:
    """(x, p1, y, p2): x kg at p1 and y kg at p2 per kg. Not large: the blend's price exact to the
    penny. Large (the amount y to add for a target price): the target a whole number of pounds
    (or per cent), strictly between p1 and p2."""
    out = []
    for x in BLEND_AMOUNTS:
        for y in (ADDED_AMOUNTS if large else BLEND_AMOUNTS):
            if x == y:
                continue
            for p1 in range(4, 31):
                for p2 in range(4, 31):
                    if abs(p1 - p2) < 3 or (not large and (p1 < 6 or p2 < 6 or p1 > 24 or p2 > 24)):
                        continue
                    total = x * p1 + y * p2
                    if large:
                        if (2 * total) % round(2 * (x + y)) == 0 and x >= 4:  # a whole-number target
                            out.append((x, p1, y, p2))
                    elif (100 * total) % (x + y) == 0 and total % (x + y):  # a price with pence
                        out.append((x, p1, y, p2))
    return out


def _weighted_table(groups: int) -> list[tuple[int, ...]]:
    out = []
    sizes = (8, 10, 12, 15, 20, 24, 25, 30, 40)
    means = range(52, 93, 4)
    for i, n1 in enumerate(sizes):
        for n2 in sizes[i + 1:]:
            for n3 in sizes:
                if n3 in (n1, n2):
                    continue
                for n4 in (sizes if groups == 4 else (0,)):
                    if groups == 4 and n4 in (n1, n2, n3):
                        continue
                    ns = (n1, n2, n3, n4)[:groups]
                    people = sum(ns)
                    for m1 in means[::3]:
                        for m2 in means[1::3]:
                            ms = (m1, m2, (m1 + m2) // 2 + 4, m1 + 8)[:groups]
                            total = sum(n * m for n, m in zip(ns, ms, strict=True))
                            if (10 * total) % people == 0 and abs(total / people - sum(ms) / groups) >= 0.5:
                                out.append((*ns, *ms))
    return out


def _compound_table(large: bool) -> list[tuple[int, int, int]]:
    out = []
    for r in (2, 3, 4, 5, 6, 8, 10):
        for n in ((3, 4) if large else (2,)):
            for p0 in range(1000, 40001, 500):
                if (p0 * (100 + r) ** n * 100) % (100 ** n) == 0:
                    out.append((r, n, p0))
    return out


@cache
def weighted_table(large: bool) -> list[tuple[int, ...]]:
    """Built on first use: the command line should not pay for it at import."""
    return _weighted_table(4 if large else 3)


@cache
def compound_table(large: bool) -> list[tuple[int, int, int]]:
    return _compound_table(large)


def _hm(hours: int, minutes: int, lang: str = "en") -> str:
    if not hours:  # '30 minutes' (two-stage journeys), never '0 hours 30 minutes'
        return f"{minutes} minutter" if lang != "en" else f"{minutes} minutes"
    if lang != "en":  # Bokmål: '1 time og 15 minutter', '2 timer'
        h = f"{hours} time" + ("r" if hours != 1 else "")
        return f"{h} og {minutes} minutter" if minutes else h
    h = f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{h} {minutes} minutes" if minutes else h


# The words check() looks for in a prompt, per language.
WORDS = {"en": {"kmh": "km/h", "hours": "hours", "months": "months", "years": "years", "and": "and",
               "joiner": ", and ", "minutes": "minutes", "kg": "kg", "litres": "litres"},
         "nb": {"kmh": "km/t", "hours": "timer", "months": "måneder", "years": "år", "and": "og",
               "joiner": ", og ", "minutes": "minutter", "kg": "kg", "litres": "liter"}}


class WordProblemGenerator(BaseGenerator):
    """Word problems: speed and time, units, currency, averages, interest and rates of work.

    See the module docstring for the difficulty model: nine question kinds, a harder variant of
    each, and a typed answer instead of options.
    """

    family = "numeric.word_problem"
    section = "numerical"
    version = 6  # 3: the key not the option most like the others (fair_arrange); 4: paced (pace.toml);
    # 5: two-rate problems (meet, blend, relay, two_stage); Bokmål money in kroner magnitudes
    # 6: content and repeat keys (the calculation, not the wording); wider work and journey tables
    title = "Numerical word problems"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        (self.money, self.money2, self.pct, self.tidy, self.tidy2) = _formats(lang)
        self.symbol = CURRENCY.get(lang, "£")
        self.point = "." if lang == "en" else ","
        self.joiner = WORDS[lang]["joiner"]  # a mistake and a slip: "..., and put the point ..."
        self.p = phrases("word_problem", lang)
        self.steps: dict[str, str] = self.p["steps"]
        self.m: dict[str, str] = self.p["mistakes"]
        self.slips = slips(self.m)
        self.echoes = ((10.0, self.m["slip_up"]), (0.1, self.m["slip_down"]))
        self.units: dict[str, str] = self.p["units"]
        self.scale = 1 if lang == "en" else KRONER_PER_POUND  # money quantities in the language's currency

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: Rng, difficulty: float) -> Item:
        u = uniforms(rng, 16)
        jittered = difficulty + (u[0] + u[1] - 1.0) * 0.6
        position = (jittered + 3.0) / 6.0 * len(LEVELS)
        kind_level = min(len(LEVELS) - 1, max(0, int(position // 1)))
        large = u[2] < min(1.0, max(0.0, position - kind_level))
        entry = u[13] < ENTRY_SHARE
        kind = pick(LEVELS[kind_level], u[15])
        make = getattr(self, "_" + kind)
        options: tuple = ()
        key_index = None
        numeric_entry = None
        for attempt in range(self.max_redraws):
            prompt, explanation, key, cands, fmt, q, decimals, unit = make(u, large)
            if entry:
                break
            # The first draws keep the drawn key rank (uniform key position), later ones the nearest.
            cands += [(key * 100, self.m["slip_up2"]), (key / 100, self.m["slip_down2"])]  # last resort
            cands = [c for c in cands if c[0] > 0]  # no negative or zero quantities
            arranged = fair_arrange(u[3], u[14], key, fmt(key), cands, fmt, strict=attempt < STRICT_TRIES,
                                    generic=self.slips, echoes=self.echoes, pool=16, keep=0.4,
                                    joiner=self.joiner)
            if arranged is not None and fmt is self.money2 and len({self.point in o.text for o in arranged[0]}) > 1:
                # Some amounts show pence: all will (same_pence), so choose the set by those texts.
                pence = money_fmt(self.symbol, self.lang)
                again = fair_arrange(u[3], u[14], key, pence(key), cands, pence, strict=attempt < STRICT_TRIES,
                                     generic=self.slips, echoes=self.echoes, pool=16, keep=0.4,
                                    joiner=self.joiner)
                if again is not None:
                    arranged = again
                    explanation = _swap_amount(explanation, fmt(key), pence(key))
                    fmt = pence
            if arranged is not None:
                options, key_index = arranged
                break
            self.redraws += 1
            u[4:13] = uniforms(rng, 9)
        else:  # pragma: no cover
            raise ItemCheckError(f"{self.family}: too few distractors for {kind}")
        if not entry and fmt is self.money2:
            options, explanation, fmt = same_pence(options, explanation, fmt, self.symbol, self.lang)
        if entry:
            tolerance = TOLERANCE[decimals]
            precision = self.p[("precision_whole", "precision_1", "precision_2")[decimals]]
            hint = (self.p["entry"] if unit else self.p["entry_plain"]).format(
                unit=unit, precision=precision, tolerance=self.tidy(tolerance, 3))
            prompt = f"{prompt}\n\n{hint}"
            numeric_entry = NumericEntry(round_half_up(key, decimals), tolerance, unit, decimals)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=sentence(prompt, self.lang),
            explanation=explanation, difficulty=B_TABLE[kind_level, large, entry],
            discrimination=round(0.9 + 0.05 * kind_level, 3),
            time_s=45.0 + 4 * kind_level + 6 * large + 5 * entry,
            options=options, key=key_index, entry=numeric_entry,
            params={"kind": kind, "kind_level": kind_level, "large": int(large), "entry": int(entry),
                    "q": q, "decimals": decimals, "show": NAMES[fmt], **_repeat(kind, large, q, options)},
        )

    def _t(self, name: str, u: float) -> str:
        return pick(self.p[name], u)

    def _distance(self, u: list[float], large: bool) -> tuple:
        m = self.m
        km, kmh, mins = self.units["km"], self.units["kmh"], self.units["minutes"]
        if not large:
            s, hours, minutes = pick(SPEEDS, u[4]), 1 + int(u[5] * 4), pick(MINUTES, u[6])
            key = s * (hours * 60 + minutes) / 60
            t = _hm(hours, minutes, self.lang)
            wrong = f"{hours}.{minutes}"
            wrong_text = wrong.replace(".", self.point)
            cands: list[Cand] = [
                (s * float(wrong), lambda: m["minutes_as_decimal"].format(t=t, wrong=wrong_text)),
                (float(s * hours), lambda: m["ignored_minutes"].format(m=minutes)),
                (s / (hours + minutes / 60), m["divided_speed"]),
                (float(s * (hours + 1)), lambda: m["rounded_time_up"].format(h=hours + 1)),
                (float(s * (hours * 60 + minutes)), m["minutes_times_speed"]),
                (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            prompt = self._t("distance", u[7]).format(s=f"{s} {kmh}", t=t)
            expl = self.steps["distance"].format(t=t, hours=self.tidy(hours + minutes / 60, 2), s=s,
                                                 key=f"{self.tidy(key)} {km}")
            return (prompt, expl, key, cands, unit_fmt(km, 1, self.lang),
                    {"s": s, "hours": hours, "minutes": minutes}, 0, km)
        s, minutes = pick(JOURNEYS, u[4])
        d = s * minutes // 60
        hours = minutes / 60
        whole, frac = divmod(minutes, 60)
        read_wrong = whole * 60 + round((hours - whole) * 100)
        cands = [(hours, m["hours_not_minutes"]),
                 (float(read_wrong),
                  lambda: m["decimal_hours_as_minutes"].format(hours=self.tidy(hours, 2), wrong=read_wrong)),
                 (60 * s / d, m["inverted"]), (float(frac), m["minutes_part_only"]),
                 (hours * 100, m["hundred_minutes"]), (minutes * 10.0, m["slip_up"]), (minutes / 10, m["slip_down"])]
        prompt = self._t("journey_time", u[5]).format(d=f"{d} {km}", s=f"{s} {kmh}")
        expl = self.steps["journey_time"].format(d=d, s=s, hours=self.tidy(hours, 2), key=f"{minutes} {mins}")
        return (prompt, expl, float(minutes), cands, unit_fmt(mins, 2, self.lang), {"d": d, "s": s}, 0, mins)

    def _convert(self, u: list[float], large: bool) -> tuple:
        m = self.m
        if large and u[4] < 0.5:
            x = 18 * (1 + int(u[5] * 8))
            key = x / 3.6
            ms = self.units["ms"]
            cands: list[Cand] = [(x * 3.6, m["speed_times"]), (x / 60, m["speed_sixty"]),
                                 (x * 1000 / 60, m["per_minute"]), (key * 10, m["slip_up"]),
                                 (key / 10, m["slip_down"])]
            prompt = self._t("convert_speed", u[6]).format(x=f"{x} {self.units['kmh']}")
            expl = self.steps["convert_speed"].format(x=x, key=f"{self.tidy(key)} {ms}")
            return prompt, expl, key, cands, unit_fmt(ms, 2, self.lang), {"x": x, "what": "speed"}, 0, ms
        big, small, factor, wrong, wrong2 = pick(self.p["area_conversions" if large else "conversions"], u[5])
        x = (5 + int(u[6] * 120)) / (4 if factor == 60 else 20)  # quarters of hours, twentieths otherwise
        key = x * factor
        one = big.rstrip("s") if self.lang == "en" else self.p["singular"].get(big, big)  # 'tonne', 'time'
        lang = self.lang
        cands = [(x * wrong, lambda: m["hundred_factor"].format(wrong=num(wrong, 0, lang), factor=num(factor, 0, lang),
                                                         small=small, big=one)),
                 (x * wrong2, lambda: m["hundred_factor"].format(wrong=num(wrong2, 0, lang),
                                                          factor=num(factor, 0, lang), small=small, big=one)),
                 (x / factor, lambda: m["divided_factor"].format(factor=num(factor, 0, lang))),
                 (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        cands = [c for c in cands if abs(c[0] * 10000 - round(c[0] * 10000)) < 1e-6]  # shown exactly
        xs = f"{self.tidy(x, 2)} {big}"
        prompt = self._t("convert", u[7]).format(x=xs, to=small)
        expl = self.steps["convert"].format(factor=num(factor, 0, lang), small=small, big=one, x=xs,
                                            key=f"{self.tidy(key, 2)} {small}")
        return (prompt, expl, key, cands, unit_fmt(small, 4, self.lang),
                {"x": x, "factor": factor, "what": small}, 0, small)

    def _currency(self, u: list[float], large: bool) -> tuple:
        m = self.m
        lang = self.lang
        if lang == "en":
            rate, symbol, name = pick(RATES, u[4])
            rate_text = f"£1 = {symbol}{rate:.2f}"
            fmt, gbp = money_fmt(symbol), money_fmt("£")
            home, extra = self.units["pounds"], {}
        else:  # euros or dollars changed into kroner, or kroner back into them (see RATES_NB)
            rate, home, _ = pick(RATES_NB, u[4])
            symbol, name = self.symbol, self.units["kroner"]
            rate_text = self.p["rate"].format(home=home, rate=num(rate, 2, lang))
            fmt, gbp = money_fmt(self.symbol, lang), money_fmt(home, lang)
            extra = {"home": home}
        home_money = (lambda x: self.money(x)) if lang == "en" else (lambda x: money(x, home, lang=lang))

        if large and u[5] < 0.5:  # back into pounds
            pounds = 20 * (5 + int(u[6] * 200))
            amount = round(pounds * rate, 2)
            cands: list[Cand] = [(amount * rate, m["multiplied_rate"]), (amount, m["not_converted"]),
                                 (amount * (2 - rate),
                                  lambda: m["rate_as_discount"].format(pc=self.tidy(100 * rate - 100, 1))),
                                 (pounds / rate, m["rate_twice"]),
                                 (pounds * 10.0, m["slip_up"]), (pounds / 10, m["slip_down"])]
            prompt = self._t("currency_back", u[7]).format(rate=rate_text, amount=fmt(amount), home=home)
            expl = self.steps["currency_back"].format(amount=fmt(amount), r=self.tidy(rate, 2), key=gbp(pounds))
            return (prompt, expl, float(pounds), cands, gbp,
                    {"amount": amount, "rate": rate, "direction": -1, "fee": 0, **extra}, 2, home)
        pounds = 20 * (5 + int(u[6] * 200))
        if large:
            pounds = 200 * (1 + int(u[6] * 25))  # exact to the penny after any commission in FEES
            fee = pick(FEES, u[5] * 2 - 1)
            net = pounds * (100 - fee) / 100
            key = net * rate
            cands = [(pounds * rate - fee * rate, lambda: m["fee_after"].format(cur=name, home=home)),
                     (pounds * rate, m["fee_ignored"]), (pounds * (100 + fee) / 100 * rate, m["fee_added"]),
                     (net / rate, m["divided_rate"]), (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            prompt = self._t("currency_fee", u[7]).format(cur=name, rate=rate_text, fee=self.pct(fee),
                                                          amount=home_money(pounds), home=home)
            expl = self.steps["currency_fee"].format(fee=self.pct(fee), amount=gbp(pounds), net=gbp(net),
                                                     r=self.tidy(rate, 2), key=fmt(key))
        else:
            fee = 0
            key = pounds * rate
            cands = [(pounds / rate, m["divided_rate"]), (float(pounds), m["not_converted"]),
                     (key * rate, m["rate_twice"]),
                     (pounds * (2 - rate), lambda: m["rate_off"].format(pc=self.tidy(100 * rate - 100, 1))),
                     (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            prompt = self._t("currency", u[7]).format(cur=name, rate=rate_text, amount=home_money(pounds), home=home)
            expl = self.steps["currency"].format(amount=gbp(pounds), r=self.tidy(rate, 2), key=fmt(key))
        return (prompt, expl, key, cands, fmt, {"amount": pounds, "rate": rate, "direction": 1, "fee": fee, **extra}, 2,
                name)

    def _mean(self, u: list[float], large: bool) -> tuple:
        m = self.m
        base = 20 + int(u[4] * 60)
        values = [base + int(u[5 + i] * 40) for i in range(4)]
        if not large:
            values.append(base + int(u[9] * 40))
            total = sum(values)
            key = total / 5
            cands: list[Cand] = [(total / 4, m["divided_by_four"]), (float(sorted(values)[2]), m["median"]),
                                 (total / 6, m["divided_by_six"]), ((total - values[-1]) / 5, m["left_one_out"]),
                                 (float(total), m["sum_only"]), (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            shown = ", ".join(map(str, values[:-1])) + f" {WORDS[self.lang]['and']} {values[-1]}"
            prompt = self._t("mean", u[10]).format(values=shown)
            expl = self.steps["mean"].format(total=num(total, 0, self.lang), key=self.tidy(key, 1))
            return prompt, expl, key, cands, self.tidy2, {"values": values}, 1, ""
        known = sum(values)
        fifth = base + int(u[9] * 36)
        fifth += (-(known + fifth)) % 5  # a whole-number mean
        mean = (known + fifth) // 5
        key = 5 * mean - known
        cands = [(known / 4, m["mean_of_four"]), (float(4 * mean - known), m["left_out_fifth"].format(mean=mean)),
                 (float(5 * mean), m["total_not_fifth"]), (key * 10.0, m["slip_up"]), (key / 10, m["slip_down"])]
        shown = ", ".join(map(str, values[:-1])) + f" {WORDS[self.lang]['and']} {values[-1]}"
        prompt = self._t("missing", u[10]).format(mean=mean, values=shown)
        expl = self.steps["missing"].format(mean=mean, total=5 * mean, known=known, key=key)
        return prompt, expl, float(key), cands, self.tidy2, {"values": values, "mean": mean}, 0, ""

    def _simple_interest(self, u: list[float], large: bool) -> tuple:
        m = self.m
        p0 = 1200 * (1 + int(u[4] * 30)) if large else 500 * (2 + int(u[4] * 39))  # exact to the penny
        p0 *= self.scale
        r = pick((2, 3, 4, 5, 6, 2.5, 3.5, 4.5), u[5])
        months = pick((6, 9, 15, 18, 30), u[6]) if large else 12 * (2 + int(u[6] * 5))
        years = months / 12
        key = p0 * r * years / 100
        comp = p0 * ((1 + r / 100) ** years - 1)
        cands: list[Cand] = [(p0 * r / 100, m["one_year"]), (p0 + key, m["total_amount"]),
                             (comp, m["compounded"]), (p0 * r * (years - 1) / 100, m["year_less"]),
                             (p0 * r * (years + 1) / 100, m["year_more"]), (key / months, m["one_month"]),
                             (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        if large:
            cands.insert(0, (p0 * r * months / 100, lambda: m["months_as_years"].format(months=months)))
        words = WORDS[self.lang]
        n_text = f"{months} {words['months']}" if large else f"{int(years)} {words['years']}"
        prompt = self._t("simple_interest", u[7]).format(p0=self.money(p0), r=self.pct(r), n=n_text)
        expl = self.steps["simple_interest"].format(p0=self.money(p0), r=self.tidy(r / 100, 3), n=self.tidy(years, 2),
                                                    key=self.money2(key))
        return prompt, expl, key, cands, self.money2, {"p0": p0, "r": r, "months": months}, 2, self.units["pounds"]

    def _work(self, u: list[float], large: bool) -> tuple:
        m = self.m
        pairs = WORK_POOLS[large]
        a, b = pick(pairs, u[4])
        key = 60 * a * b / (a + b)
        mins = self.units["minutes"]
        cands: list[Cand] = [(30.0 * (a + b), m["average_hours"]), (60.0 * (a + b), m["added_hours"]),
                             (60.0 * (b - a), m["difference_hours"]), (30.0 * a, m["half_of_one"]),
                             (60.0 * a, m["faster_alone"]), (key / 60, m["hours_not_minutes"]),
                             (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        A, B = pick(self.p["names"], u[5])
        prompt = self._t("work", u[6]).format(a=a, b=b, A=A, B=B)
        g = gcd(a + b, a * b)
        they = pick(self.p["work_they"], u[6]).format(A=A, B=B)  # the template's own workers
        expl = self.steps["work"].format(a=a, b=b, they=they, rate=f"{(a + b) // g}/{a * b // g}",
                                         hours=self.tidy(key / 60, 2), key=f"{self.tidy(key)} {mins}")
        return prompt, expl, key, cands, unit_fmt(mins, 1, self.lang), {"a": a, "b": b}, 0, mins

    def _weighted(self, u: list[float], large: bool) -> tuple:
        m = self.m
        row = pick(weighted_table(large), u[4])
        k = len(row) // 2
        ns, ms = row[:k], row[k:]
        people = sum(ns)
        total = sum(n * x for n, x in zip(ns, ms, strict=True))
        key = total / people
        salary = u[5] < 0.5
        group = self.p["weighted_group_salary" if salary else "weighted_group"]
        groups = "; ".join(group.format(n=n, m=x) for n, x in zip(ns, ms, strict=True))
        reversed_total = sum(n * x for n, x in zip(ns, ms[::-1], strict=True))
        cands: list[Cand] = [(sum(ms) / k, m["unweighted"]), (reversed_total / people, m["mismatched"]),
                             (float(ms[ns.index(max(ns))]), m["largest_group"]), (total / k, m["by_groups"]),
                             (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = self.p["weighted"][1 if salary else 0].format(groups=groups)
        parts = " + ".join(f"{n} × {x}" for n, x in zip(ns, ms, strict=True))
        expl = self.steps["weighted"].format(parts=parts, total=num(total, 0, self.lang), people=people,
                                             key=self.tidy(key, 1))
        return prompt, expl, key, cands, self.tidy2, {"n": list(ns), "m": list(ms)}, 1, ""

    def _compound_interest(self, u: list[float], large: bool) -> tuple:
        m = self.m
        r, n, p0 = pick(compound_table(large), u[4])
        p0 *= self.scale
        f = (100 + r) / 100
        final = p0 * f ** n
        key = final - p0
        cands: list[Cand] = [(p0 * r * n / 100, m["simple_not_compound"]), (final, m["final_not_interest"]),
                             (p0 * f ** (n - 1) - p0, m["one_year_less"]), (p0 * f ** (n + 1) - p0, m["one_year_more"]),
                             (p0 * r / 100, m["one_year"]), (n * (final - final / f), m["last_year_times"].format(n=n)),
                             (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = self._t("compound_interest", u[5]).format(p0=self.money(p0), r=self.pct(r), n=n)
        expl = self.steps["compound_interest"].format(p0=self.money(p0), f=self.tidy(f, 2), n=n,
                                                      final=self.money2(final), key=self.money2(key))
        return prompt, expl, key, cands, self.money2, {"p0": p0, "r": r, "n": n}, 2, self.units["pounds"]

    def _average_speed(self, u: list[float], large: bool) -> tuple:
        m = self.m
        pool = SPEED_POOLS[large]
        v1, v2, d = pick(pool, u[4])
        t1, t2 = d / v1, d / v2
        key = 2 * d / (t1 + t2)
        kmh = self.units["kmh"]
        cands: list[Cand] = [((v1 + v2) / 2, m["mean_of_speeds"]), (float(v1 + v2), m["sum_of_speeds"]),
                             (float(min(v1, v2)), m["slower_speed"]),
                             (2 * d / max(t1, t2), m["slower_leg_time"]), (d / (t1 + t2), m["one_leg_distance"]),
                             (float(max(v1, v2)), m["faster_speed"]), (key * 10, m["slip_up"]),
                             (key / 10, m["slip_down"])]
        prompt = self._t("average_speed", u[5]).format(d=f"{d} km", v1=f"{v1} {kmh}", v2=f"{v2} {kmh}")
        expl = self.steps["average_speed"].format(d2=f"{2 * d} km", t1=self.tidy(t1, 2), t2=self.tidy(t2, 2),
                                                  key=f"{self.tidy(key, 1)} {kmh}")
        return (prompt, expl, key, cands, unit_fmt(kmh, 1, self.lang), {"v1": v1, "v2": v2, "d": d}, 1, kmh)

    # -- two-rate problems (issue 14) ------------------------------------------------------------
    def _hours_n(self, hours: float | F) -> str:
        """'1.5 hours', '1 hour', '10/3 hours' (Bokmål '1,5 timer', '1 time'): a number of hours in
        a worked step, as a fraction when a decimal would have to be rounded."""
        one = abs(hours - 1) < 1e-9
        word = self.p["hour" if one else "hours"]
        if isinstance(hours, F) and (hours * 100).denominator != 1:
            return f"{hours.numerator}/{hours.denominator} {word}"
        return f"{self.tidy(float(hours), 3)} {word}"

    def _hours_text(self, hours: float) -> str:
        whole = int(hours)
        return _hm(whole, round(60 * (hours - whole)), self.lang)

    def _meet(self, u: list[float], large: bool) -> tuple:
        m = self.m
        kmh, mins, km = self.units["kmh"], self.units["minutes"], self.units["km"]
        minutes_fmt = unit_fmt(mins, 1, self.lang)
        if large:  # one vehicle catching up: the gap closes at the difference of the speeds
            v1, v2, t0 = pick(CATCH_UP, u[4])
            key = v1 * t0 / (v2 - v1)
            cands: list[Cand] = [(v1 * t0 / (v1 + v2), m["catch_sum"]), (key + t0, m["since_first"]),
                                 (v1 * t0 / v2, m["first_gap_only"]), (key / 60, m["hours_not_minutes"]),
                                 (2 * v1 * t0 / (v1 + v2), m["catch_mean"]),
                                 (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            t0_text = f"{t0} {WORDS[self.lang]['minutes']}"
            prompt = self._t("catch_up", u[5]).format(v1=f"{v1} {kmh}", v2=f"{v2} {kmh}", t0=t0_text)
            head = v1 * t0 / 60
            expl = self.steps["catch_up"].format(t0=t0_text, head=f"{self.tidy(head, 2)} km", head_n=self.tidy(head, 2),
                                                 v1=v1, v2=v2, gap=v2 - v1, key=minutes_fmt(key))
            return prompt, expl, key, cands, minutes_fmt, {"v1": v1, "v2": v2, "t0": t0}, 0, mins
        v1, v2, d = pick(APPROACH, u[4])
        hours = d / (v1 + v2)
        if u[5] < 0.5:  # where they meet, measured from the first vehicle's start
            key = v1 * hours
            km_fmt = unit_fmt(km, 1, self.lang)
            cands = [(d / 2, m["halfway"]), (v2 * hours, m["other_side"]), (d * v1 / v2, m["speed_ratio"]),
                     (v1 * d / (v2 - v1), m["meet_difference"]), (key * 10, m["slip_up"]),
                     (key / 10, m["slip_down"])]
            prompt = self._t("meet_where", u[6]).format(d=f"{d} km", v1=f"{v1} {kmh}", v2=f"{v2} {kmh}")
            expl = self.steps["meet_where"].format(d=d, v1=v1, v2=v2, sum=v1 + v2, hours=self._hours_n(hours),
                                                   hours_n=self.tidy(hours, 3),
                                                   key=km_fmt(key))
            return prompt, expl, key, cands, km_fmt, {"v1": v1, "v2": v2, "d": d, "ask": 1}, 0, km
        key = 60 * hours
        cands = [(60 * d / (v2 - v1), m["meet_difference"]), (120 * d / (v1 + v2), m["meet_average"]),
                 (60 * d / v2, m["faster_alone_gap"]), (30 * d / v1, m["meet_halfway"]),
                 (hours, m["hours_not_minutes"]), (60 * d / v1, m["slower_alone_gap"]),
                 (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = self._t("meet", u[6]).format(d=f"{d} km", v1=f"{v1} {kmh}", v2=f"{v2} {kmh}")
        expl = self.steps["meet"].format(d=d, v1=v1, v2=v2, sum=v1 + v2, hours=self._hours_n(hours),
                                         key=minutes_fmt(key))
        return prompt, expl, key, cands, minutes_fmt, {"v1": v1, "v2": v2, "d": d, "ask": 0}, 0, mins

    def _blend(self, u: list[float], large: bool) -> tuple:
        m = self.m
        x, p1, y, p2 = pick(blend_pool(large, u[7] < 0.5), u[4])
        words = WORDS[self.lang]
        if not large:  # the price per kg of a blend of two prices
            c = self.scale  # kroner in nb: ten times the pound prices
            p1, p2 = c * p1, c * p2
            cost = x * p1 + y * p2
            key = cost / (x + y)
            cands: list[Cand] = [((p1 + p2) / 2, m["blend_mean"]), ((x * p2 + y * p1) / (x + y), m["blend_swapped"]),
                                 (cost / 2, m["blend_by_two"]), (float(cost), m["blend_total"]),
                                 (x * p1 / (x + y), m["blend_first_only"]),
                                 (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            prompt = self._t("blend", u[5]).format(x=x, y=y, p1=self.money(p1), p2=self.money(p2))
            expl = self.steps["blend"].format(x=x, y=y, c1=self.money(x * p1), c2=self.money(y * p2),
                                              cost=self.money(cost), w=x + y, key=self.money2(key))
            return (prompt, expl, key, cands, self.money2, {"x": x, "p1": p1, "y": y, "p2": p2, "ctx": "price"}, 2,
                    self.units["pounds"])
        target = round((x * p1 + y * p2) / (x + y))
        key = float(y)
        up, down = abs(p1 - target), abs(target - p2)
        cands = [(x * down / up, m["allig_inverted"]), (float(x + y), m["allig_total"]),
                 (float(x), m["allig_same"]),
                 (float(x * up), lambda: m["allig_no_division"].format(down=self.tidy(down))),
                 (up / down, lambda: m["allig_ratio_only"].format(x=x)),
                 (x * up / target, m["allig_over_target"]),
                 (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        if u[5] < 0.5:  # concentrations in per cent
            unit = words["litres"]
            shown = {"p1": self.pct(p1), "p2": self.pct(p2), "p": self.pct(target)}
            template, step, ctx = "blend_strength", "blend_strength", "strength"
            gaps = {"up": self.tidy(up), "down": self.tidy(down)}
        else:
            c = self.scale
            p1, p2, target, up, down = c * p1, c * p2, c * target, c * up, c * down
            unit = words["kg"]
            shown = {"p1": self.money(p1), "p2": self.money(p2), "p": self.money(target)}
            template, step, ctx = "blend_add", "blend_add", "price"
            gaps = {"up": self.money(up), "down": self.money(down)}
        fmt = unit_fmt(unit, 2, self.lang)
        prompt = self._t(template, u[6]).format(x=x, **shown)
        expl = self.steps[step].format(x=x, **shown, **gaps, key=fmt(key))
        return (prompt, expl, key, cands, fmt, {"x": x, "p1": p1, "p2": p2, "p": target, "ctx": ctx}, 2, unit)

    def _two_stage(self, u: list[float], large: bool) -> tuple:
        m = self.m
        kmh = self.units["kmh"]
        fmt = unit_fmt(kmh, 1, self.lang)
        if not large:  # t1 hours at v1, then t2 hours at v2: the time-weighted mean
            v1, t1, v2, t2 = pick(two_stage_table(False), u[4])
            dist = v1 * t1 + v2 * t2
            key = dist / (t1 + t2)
            cands: list[Cand] = [((v1 + v2) / 2, m["mean_of_speeds"]),
                                 (2 * v1 * v2 / (v1 + v2), m["stage_equal_distances"]),
                                 ((v1 * t2 + v2 * t1) / (t1 + t2), m["stage_swapped"]),
                                 ((v1 * v1 * t1 + v2 * v2 * t2) / dist, m["stage_distance_weighted"]),
                                 (dist / 2, m["stage_by_two"]), (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            prompt = self._t("two_stage", u[5]).format(v1=f"{v1} {kmh}", v2=f"{v2} {kmh}", t1=self._hours_text(t1),
                                                       t2=self._hours_text(t2))
            expl = self.steps["two_stage"].format(v1=v1, v2=v2, t1=self.tidy(t1), t2=self.tidy(t2),
                                                  dist=self.tidy(dist), t=self.tidy(t1 + t2), key=fmt(key))
            return prompt, expl, key, cands, fmt, {"v1": v1, "t1": t1, "v2": v2, "t2": t2}, 1, kmh
        d, v1, t1, v2 = pick(two_stage_table(True), u[4])
        d1 = v1 * t1
        t2 = (d - d1) / v2
        key = d / (t1 + t2)
        cands = [((v1 + v2) / 2, m["mean_of_speeds"]), ((v1 * d1 + v2 * (d - d1)) / d, m["stage_distance_weighted"]),
                 (d / (t1 + d / v2), m["rest_whole_at_v2"]), (d / (2 * t1), m["rest_equal_time"]),
                 (2 * v1 * v2 / (v1 + v2), m["stage_equal_distances"]),
                 (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = self._t("two_stage_rest", u[5]).format(d=f"{d} km", v1=f"{v1} {kmh}", v2=f"{v2} {kmh}",
                                                        t1=self._hours_text(t1))
        expl = self.steps["two_stage_rest"].format(t1=self.tidy(t1), t1h=self._hours_text(t1), v1=v1, d1=self.tidy(d1),
                                                   d2=self.tidy(d - d1),
                                                   v2=v2, t2=self._hours_n(t2), total=self._hours_n(t1 + t2), d=d,
                                                   key=fmt(key))
        return prompt, expl, key, cands, fmt, {"d": d, "v1": v1, "t1": t1, "v2": v2}, 1, kmh

    def _relay(self, u: list[float], large: bool) -> tuple:
        m = self.m
        mins = self.units["minutes"]
        fmt = unit_fmt(mins, 1, self.lang)
        A, B = pick(self.p["names"], u[5])
        if not large:  # A works h hours alone, B finishes alone
            a, b, h = pick(RELAY, u[4])
            rest = F(a - h, a)
            key = 60 * b * (a - h) / a
            cands: list[Cand] = [(60.0 * (b - h), lambda: m["relay_minus"].format(A=A, B=B)),
                                 (60 * b * h / a, lambda: m["relay_done_part"].format(A=A, B=B)),
                                 (60.0 * (a - h), lambda: m["relay_first_rate"].format(A=A, B=B)),
                                 (60.0 * b, lambda: m["relay_whole"].format(B=B)),
                                 (key / 60, m["hours_not_minutes"]), (key * 10, m["slip_up"]),
                                 (key / 10, m["slip_down"])]
            template, step, done = "relay", "relay", F(h, a)
        else:  # together for h hours, then B alone
            a, b, h = pick(RELAY_TOGETHER, u[4])
            rest = 1 - F(h, a) - F(h, b)
            key = 60 * b * float(rest)
            cands = [(60 * b * (1 - h / a), lambda: m["relay_forgot_b"].format(B=B, h=self._hours_text(h))),
                     (60.0 * (b - h), lambda: m["relay_minus"].format(A=A, B=B)),
                     (60 * float(rest) * a * b / (a + b), m["relay_combined"]),
                     (60 * b * (1 - h / (a + b)), m["relay_added_times"]),
                     (key / 60, m["hours_not_minutes"]), (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
            template, step, done = "relay_together", "relay_together", F(h, a) + F(h, b)
        agents = pick(self.p[template + "_agents"], u[6])  # the template's own workers, pumps or machines
        if agents:
            A, B = agents
        prompt = self._t(template, u[6]).format(a=a, b=b, A=A, B=B, h=self._hours_text(h))
        expl = self.steps[step].format(a=a, b=b, A=A, B=B, h=self._hours_text(h), rate=str(F(1, a) + F(1, b)),
                                       done=str(done), rest=str(rest), hours=self._hours_n(rest * b), key=fmt(key))
        return prompt, expl, key, cands, fmt, {"a": a, "b": b, "h": h, "together": int(large)}, 0, mins

    # -- check ---------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        where = item.id or item.family
        if item.entry is None:
            check_options(item)
        elif item.options or item.key is not None:
            raise ItemCheckError(f"item {where}: a typed-answer item has no options or key")
        kind, q = item.params["kind"], item.params["q"]
        decimals = int(item.params["decimals"])
        try:
            truth, shown = _truth(kind, q, item.lang)
        except (KeyError, TypeError, ValueError, ZeroDivisionError) as exc:
            raise ItemCheckError(f"item {where}: cannot recompute the answer: {exc}") from None
        require_in_prompt(item, shown)
        if item.entry is not None:
            want = round_half_up(truth, decimals)
            if abs(item.entry.value - want) > 1e-9 or abs(item.entry.value - truth) > item.entry.tolerance:
                raise ItemCheckError(f"item {where}: typed answer {item.entry.value}, but the answer is {truth}")
            return
        require_single_key(item, matching(item, truth, decimals))


def _money2(x: float) -> str:  # its own function: the family's registered format name
    return money2(x)


def _tidy2(x: float) -> str:
    return tidy(x, 2)


def _money2_nb(x: float) -> str:
    return money2(x, "kr", "nb")


def _tidy2_nb(x: float) -> str:
    return tidy(x, 2, "nb")


register(_money2, "wp.money2", 2)
register(_tidy2, "wp.tidy2", 2)
register(_money2_nb, "wp.money2@nb", 2)
register(_tidy2_nb, "wp.tidy2@nb", 2)


def _formats(lang: str) -> tuple:
    """money, money2, pct, tidy and the two-decimal format of a language."""
    if lang == "en":
        return money, _money2, pct, tidy, _tidy2

    def money_l(x: float) -> str:
        return money(x, "kr", lang=lang)

    def pct_l(x: float, decimals: int | None = None) -> str:
        return pct(x, decimals, lang)

    def tidy_l(x: float, most: int = 2) -> str:
        return tidy(x, most, lang)

    return money_l, _money2_nb, pct_l, tidy_l, _tidy2_nb


def _truth(kind: str, q: dict[str, Any], lang: str = "en") -> tuple[float, list[str]]:
    """The answer from the stated quantities (formulas written apart from the generator) and the
    texts of those quantities as the prompt must show them."""
    money, _, pct, tidy, _ = _formats(lang)  # the language's own formats
    words = WORDS[lang]
    kmh = words["kmh"]
    if kind == "distance":
        if "d" in q:  # minutes for d km at s km/h
            return q["d"] / q["s"] * 60, [f"{q['d']} km", f"{q['s']} {kmh}"]
        return q["s"] * q["hours"] + q["s"] * q["minutes"] / 60, [f"{q['s']} {kmh}",
                                                                   _hm(q["hours"], q["minutes"], lang)]
    if kind == "convert":
        if q["what"] == "speed":
            return q["x"] * 1000 / 3600, [f"{q['x']} {kmh}"]
        return q["x"] * q["factor"], [tidy(q["x"], 2), q["what"]]
    if kind == "currency":
        rate = q["rate"]
        shown = [num(rate, 2, lang)]
        if q["direction"] < 0:
            return q["amount"] / rate, [*shown, tidy(q["amount"], 2)]
        shown += [f"£{q['amount']:,}" if lang == "en" else money(q["amount"]).replace("kr", q["home"])]
        if q["fee"]:
            shown.append(pct(q["fee"]))
        return (q["amount"] - q["amount"] * q["fee"] / 100) * rate, shown
    if kind == "mean":
        values = q["values"]
        shown = [str(v) for v in values]
        if "mean" in q:
            return q["mean"] * (len(values) + 1) - sum(values), [*shown, str(q["mean"])]
        return sum(values) / len(values), shown
    if kind == "simple_interest":
        months = q["months"]
        period = f"{months} {words['months']}" if months % 12 else f"{months // 12} {words['years']}"
        return q["p0"] * q["r"] / 100 * months / 12, [money(q["p0"]), pct(q["r"]), period]
    if kind == "work":
        a, b = q["a"], q["b"]
        return 60 / (1 / a + 1 / b), [f"{a} {words['hours']}", f"{b} {words['hours']}"]
    if kind == "weighted":
        people = sum(q["n"])
        return sum(n * x for n, x in zip(q["n"], q["m"], strict=True)) / people, [str(n) for n in q["n"]]
    if kind == "compound_interest":
        value = q["p0"]
        for _ in range(q["n"]):
            value += value * q["r"] / 100
        return value - q["p0"], [money(q["p0"]), pct(q["r"]), f"{q['n']} {words['years']}"]
    if kind == "average_speed":
        v1, v2, d = q["v1"], q["v2"], q["d"]
        return 2 * d / (d / v1 + d / v2), [f"{d} km", f"{v1} {kmh}", f"{v2} {kmh}"]
    if kind == "meet":
        return _meet_truth(q), ([f"{q['d']} km"] if "d" in q else [f"{q['t0']} {words['minutes']}"]) + [
            f"{q['v1']} {kmh}", f"{q['v2']} {kmh}"]
    if kind == "blend":
        shown_money = pct if q["ctx"] == "strength" else money
        if "y" in q:  # the blend's price: the second price moved towards the first by the first's share
            x, y = q["x"], q["y"]
            price = q["p2"] + F(q["p1"] - q["p2"]) * F(x, x + y)
            return float(price), [f"{x} kg", f"{y} kg", money(q["p1"]), money(q["p2"])]
        unit = words["litres"] if q["ctx"] == "strength" else words["kg"]
        return _alligation_truth(q), [f"{q['x']} {unit}", shown_money(q["p1"]), shown_money(q["p2"]),
                                      shown_money(q["p"])]
    if kind == "two_stage":
        return _two_stage_truth(q), [f"{q['v1']} {kmh}", f"{q['v2']} {kmh}", _hm_hours(q["t1"], lang)] + (
            [f"{q['d']} km"] if "d" in q else [_hm_hours(q["t2"], lang)])
    if kind == "relay":
        a, b, h = q["a"], q["b"], q["h"]
        # The job as a*b units (A does b units an hour, B does a): the LCM route taught for these.
        units = a * b - h * b - (h * a if q["together"] else 0)
        if units <= 0:
            raise ValueError("the first part finishes the job")
        return 60 * units / a, [f"{a} {words['hours']}", f"{b} {words['hours']}", _hm_hours(h, lang)]
    raise KeyError(kind)


def _hm_hours(hours: float, lang: str) -> str:
    whole = int(hours)
    return _hm(whole, round(60 * (hours - whole)), lang)


def _closing_minutes(gap60: int, close: int, limit: int = 10_000) -> F:
    """Minutes until a gap of gap60/60 km closes at `close` km/h, by stepping a minute at a time
    (gap and speeds in km per 60 minutes, so every step is whole numbers), the last minute's part
    as a fraction."""
    covered, minute = 0, 0
    while covered + close <= gap60:
        covered += close
        minute += 1
        if minute > limit:
            raise ValueError("the gap never closes")
    return minute + F(gap60 - covered, close)


def _meet_truth(q: dict[str, Any]) -> float:
    v1, v2 = q["v1"], q["v2"]
    if "t0" in q:  # the lorry's head start, closed at the difference of the speeds
        if v2 <= v1:
            raise ValueError("the follower is not faster")
        return float(_closing_minutes(v1 * q["t0"], v2 - v1))
    minutes = _closing_minutes(60 * q["d"], v1 + v2)
    return float(minutes * v1 / 60) if q.get("ask") else float(minutes)


def _alligation_truth(q: dict[str, Any]) -> float:
    """The amount of the second grade that brings the mixture to the target, by trying every
    amount in quarter units (kg or litres) up to 400: the first whose mixture is on target."""
    x, p1, p2, p = q["x"], q["p1"], q["p2"], q["p"]
    for quarters in range(1, 1601):
        if 4 * x * p1 + quarters * p2 == p * (4 * x + quarters):
            return quarters / 4
    raise ValueError("no amount reaches the target")


def _two_stage_truth(q: dict[str, Any]) -> float:
    """Average speed by driving the journey a minute at a time (distances in km/60, whole numbers)."""
    v1, v2, first = q["v1"], q["v2"], round(60 * q["t1"])
    if "d" not in q:
        second = round(60 * q["t2"])
        return (v1 * first + v2 * second) / (first + second)
    goal = 60 * q["d"]
    if v1 * first >= goal:
        raise ValueError("the first part is the whole journey")
    rest = _closing_minutes(goal - v1 * first, v2)
    return float(F(goal, first + rest))


def _repeat(kind: str, large: bool, q: dict[str, Any], options: tuple) -> dict[str, Any]:
    """Content and repeat keys (issue 14 item 4): the calculation (kind and its numbers, not the
    names, context or wording) with the option set is the content, so a reworded repeat is a repeat;
    one item per calculation in a form; the kind spread out."""
    calc = f"{kind}:{int(large)}:" + ";".join(f"{k}={v}" for k, v in sorted(q.items()))
    return {"content": f"{calc}|opts:{','.join(sorted(o.text for o in options))}",
            "once": [f"calc:{calc}"], "spread": [f"word_problem:{kind}"]}

