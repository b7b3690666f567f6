"""Word problems: speed, distance and time; unit conversions; currency conversion; averages;
simple interest; rates of work; weighted averages; compound interest; average speed. Five
options or a typed numeric answer with a stated tolerance and unit.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (triangular,
sd 0.25) is sliced into nine bands of 2/3 logit, one question kind per band, in rising
difficulty:

    kind 0 distance          distance from speed and a time in hours and minutes (large: the
                             journey time in minutes from distance and speed)
    kind 1 convert           a unit conversion by 60, 100 or 1,000 (large: km/h to m/s, or an
                             area or volume conversion by 10,000 or 1,000)
    kind 2 currency          pounds to another currency at a stated rate (large: back into pounds,
                             or with a commission on the pounds changed)
    kind 3 mean              the mean of five values (large: the missing fifth value from a mean)
    kind 4 simple_interest   simple interest over whole years (large: over a number of months)
    kind 5 work              two machines or people working together, time in minutes (large:
                             slower rates, so the fractions are harder)
    kind 6 weighted          the overall mean of three groups of different size (large: four)
    kind 7 compound_interest interest earned at compound interest over 2 years (large: 3-4)
    kind 8 average_speed     average speed over two equal legs at different speeds (large:
                             less round numbers)

The position of the jittered difficulty inside its band is the probability of the "large"
variant. One item in four asks for a typed answer instead of five options (`entry`): the
prompt states the unit, the precision and the tolerance (half a unit of the last place).
b is a linear function of these structural features, monotone in each:

    b = -2.9 + 0.65 * kind + 0.3 * large + 0.3 * entry

Discrimination a = 0.9 + 0.05 * kind; typical time 45 s + 4 s per kind step + 6 s large + 5 s
entry.

Distractors are named mistakes of the question type (minutes read as decimal hours, the wrong
conversion factor, dividing by the exchange rate instead of multiplying, an unweighted mean,
simple instead of compound interest ...), with decimal-point slips only to fill in. Quantities
come from tables of clean combinations built at import, so keys are exact at the stated
precision and no draw is rejected for its numbers.

Bokmål items (lang "nb") are the same questions with Norwegian contexts, kroner, km/t and
numbers as Bokmål writes them (1 250,50 kr; 2,5 timer); division is written ':' (the sign
Norwegian schools teach; never '÷', which can be read as minus in Norway). Currency questions
change euros or dollars into kroner at invented rates of about 11-14 kr (ten times the English
rates, so the amounts stay exact), or kroner back into euros or dollars.

check() recomputes the answer from the quantities stored with the item by its own formulas,
confirms those quantities are printed in the prompt, and requires exactly the keyed option (or
the typed answer's value, within its tolerance) to show the answer.
"""

from __future__ import annotations

from functools import cache
from math import gcd
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, NumericEntry
from question_generators.numeric.common import (
    CURRENCY,
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

KINDS = ("distance", "convert", "currency", "mean", "simple_interest", "work", "weighted",
         "compound_interest", "average_speed")
WEIGHTS = {"kind_level": 0.65, "large": 0.3, "entry": 0.3}
INTERCEPT = -2.9
ENTRY_SHARE = 0.25
STRICT_TRIES = 12  # draws that must place the key at the drawn rank (uniform key position)
Rng = np.random.Generator
B_TABLE = {(k, large, entry): linear_difficulty(INTERCEPT, WEIGHTS, {"kind_level": k, "large": large, "entry": entry})
           for k in range(len(KINDS)) for large in (False, True) for entry in (False, True)}
TOLERANCE = {0: 0.5, 1: 0.05, 2: 0.005}

SPEEDS = tuple(range(24, 121, 12))
MINUTES = (15, 20, 30, 40, 45)
JOURNEYS = [(s, mins) for s in range(40, 121, 10) for mins in range(75, 301, 15)
            if (s * mins) % 60 == 0 and mins % 60]
RATES = ((1.15, "€", "euros"), (1.2, "€", "euros"), (1.25, "$", "dollars"), (1.3, "$", "dollars"),
         (1.12, "€", "euros"), (1.35, "$", "dollars"))
# Bokmål: kroner per euro or dollar (invented, of the order of the real rates): ten times the
# English rates, so that every amount stays exact to the øre. (rate, currency, its name)
RATES_NB = tuple((round(10 * r, 2), "euro" if c == "€" else "dollar", "euro" if c == "€" else "dollar")
                 for r, c, _ in RATES)
FEES = (1, 2, 2.5, 3)
WORK = [(a, b) for a in range(2, 13) for b in range(a + 1, 16) if (60 * a * b) % (a + b) == 0]
SPEED_PAIRS = [(v1, v2, d) for v1 in range(30, 121, 10) for v2 in range(30, 121, 10) for d in range(60, 361, 30)
               if v1 != v2 and (100 * d) % v1 == 0 and (100 * d) % v2 == 0
               and (20 * v1 * v2) % (v1 + v2) == 0]
# The pools of the easy and the harder variant, split once here instead of on every item.
SPEED_POOLS = {large: [p for p in SPEED_PAIRS if ((p[0] % 20 or p[1] % 20) != 0) == large] or SPEED_PAIRS
               for large in (False, True)}
WORK_POOLS = {large: [w for w in WORK if (w[1] > 6) == large] or WORK for large in (False, True)}


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
    if lang != "en":  # Bokmål: '1 time og 15 minutter', '2 timer'
        h = f"{hours} time" + ("r" if hours != 1 else "")
        return f"{h} og {minutes} minutter" if minutes else h
    h = f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{h} {minutes} minutes" if minutes else h


# The words check() looks for in a prompt, per language.
WORDS = {"en": {"kmh": "km/h", "hours": "hours", "months": "months", "years": "years", "and": "and",
               "joiner": ", and "},
         "nb": {"kmh": "km/t", "hours": "timer", "months": "måneder", "years": "år", "and": "og",
               "joiner": ", og "}}


class WordProblemGenerator(BaseGenerator):
    """Word problems: speed and time, units, currency, averages, interest and rates of work.

    See the module docstring for the difficulty model: nine question kinds, a harder variant of
    each, and a typed answer instead of options.
    """

    family = "numeric.word_problem"
    section = "numerical"
    version = 3  # 3: the key not the option most like the others (fair_arrange)
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

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: Rng, difficulty: float) -> Item:
        u = uniforms(rng, 15)
        jittered = difficulty + (u[0] + u[1] - 1.0) * 0.6
        position = (jittered + 3.0) / 6.0 * len(KINDS)
        kind_level = min(len(KINDS) - 1, max(0, int(position // 1)))
        large = u[2] < min(1.0, max(0.0, position - kind_level))
        entry = u[13] < ENTRY_SHARE
        kind = KINDS[kind_level]
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
                    "q": q, "decimals": decimals, "show": NAMES[fmt]},
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
        expl = self.steps["work"].format(a=a, b=b, rate=f"{(a + b) // g}/{a * b // g}", hours=self.tidy(key / 60, 2),
                                         key=f"{self.tidy(key)} {mins}")
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
    raise KeyError(kind)
