"""Data interpretation shared by numeric.data_table and numeric.data_chart: invented business data
sets (drawn from the stimulus stream only, so several questions can share one), the question
kinds asked about them with their named-mistake distractors, and the independent re-derivation
of every answer from the data as displayed.

Question kinds, by level (two or three per level, in rising difficulty), with the number of steps:

    level 0  difference (1 step: subtract two cells)       ratio (1-2: divide two cells)
    level 1  pct_change (2: subtract, divide by the base)  share (2: column total, divide)
    level 2  per_unit (2-3: scale, divide by a count)      convert (3: add a row, apply the note's rate)
             per_unit_convert (3: a value and a count from two places, divide, apply the note's rate:
             sales per member of staff in euros, fare income per bus)
    level 3  largest (3+: a percentage change per row)     projection (3: growth factor, apply it)
             per_unit_gap (4: two rates per unit from four values in two places, subtract, apply
             the note's rate: how much more North sold per member of staff than South, in euros)
    level 4  combined_share (4: two row totals, grand total, divide)
             convert_diff (4: two row totals, subtract, apply the rate)
             share_change (4: two column totals, two shares, subtract: percentage points)

(Until version 6, per_unit_convert sat at level 3 and was rated b 1.4-1.85 at the top of the scale,
though it is one division and one multiplication: issue 14 found it overrated. Its place at the
place (level 3, the third kind) is taken by per_unit_gap, which needs both rates per unit before the
subtraction and the conversion.)
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from question_generators.base import phrases_for
from question_generators.item import Option
from question_generators.numeric.common import (
    NBSP,
    PACKAGE,
    PHRASES,
    Cand,
    money,
    nb,
    num,
    phrases,
    pick,
    slips,
    tidy,
)
from question_generators.numeric.options import choose

LEVELS = (("difference", "ratio"), ("pct_change", "share"), ("per_unit", "convert", "per_unit_convert"),
          ("largest", "projection", "per_unit_gap"), ("combined_share", "convert_diff", "share_change"))
KINDS = tuple(k for level in LEVELS for k in level)
KIND_LEVEL = {k: i for i, level in enumerate(LEVELS) for k in level}
STEPS = {"difference": 1, "ratio": 1, "pct_change": 2, "share": 2, "per_unit": 2, "convert": 3,
         "largest": 3, "projection": 3, "per_unit_convert": 3, "per_unit_gap": 4, "combined_share": 4,
         "convert_diff": 4, "share_change": 4}
ROWS = 5
SHARES = frozenset({"share", "combined_share"})  # answers that are parts of a whole, in percent
STOCKS = frozenset({"staff"})  # contexts whose figures are levels at a date, not flows over a period
# Kinds that compare periods need that many columns (projection looks one period further back).
MIN_COLUMNS = {"difference": 2, "pct_change": 2, "largest": 2, "per_unit": 2, "per_unit_convert": 2, "per_unit_gap": 2,
               "projection": 3,
               "convert": 2, "convert_diff": 2, "combined_share": 2, "share_change": 2}


@dataclass(frozen=True, slots=True)
class DataSet:
    """One invented data set: row labels, period labels, whole-number values, an optional second
    measure per row (for the last period) and the conversion rate stated in the note."""

    context: str
    rows: tuple[str, ...]
    cols: tuple[str, ...]
    values: tuple[tuple[int, ...], ...]
    extra: tuple[int, ...]
    rate: float
    caption: str
    note: str

    def to_params(self) -> dict[str, Any]:
        return {"context": self.context, "rows": list(self.rows), "cols": list(self.cols),
                "values": [list(r) for r in self.values], "extra": list(self.extra), "rate": self.rate}


def repeat_params(family: str, ds: DataSet, made: Question, cannot: int, extra: str = "") -> dict[str, Any]:
    """Content and repeat keys of a data question (issue 14 item 4). content: the data set, what is
    asked of it and the option set (not the wording or the option order). once: one question of
    each kind per data set in a form (not the same question for another row). spread:
    the kind, so that one kind does not come twice in a row."""
    data = f"{ds.context}:{ds.cols}:{ds.values}:{ds.extra}:{ds.rate}{extra}"
    stim = hashlib.blake2b(data.encode(), digest_size=6).hexdigest()
    q = ",".join(f"{k}={v}" for k, v in sorted(made.q.items()) if k != "would_be")
    options = ",".join(sorted(o.text for o in made.options))
    # (Two data sets that reduce to the same calculation would need the same figures: the data
    # hash already tells them apart, and a key on the answer alone blocked fair items in a form.)
    once = [f"{family}:{stim}:{made.kind}"]
    return {"content": f"{stim}|{made.kind}|{q}|{cannot}|opts:{options}", "once": once,
            "spread": [f"data:{made.kind}"]}


@functools.cache  # asked for by every question: one dictionary per language
def data_phrases(lang: str) -> dict[str, Any]:
    """The data-interpretation phrasing of a language (Bokmål: numerical_nb.toml, [nb.data])."""
    return phrases("data", lang) if lang != "en" else phrases_for(PACKAGE, lang, PHRASES)["data"]


@functools.cache
def context_of(lang: str, name: str) -> dict[str, Any]:
    return next(c for c in data_phrases(lang)["contexts"] if c["name"] == name)


def rate_text(rate: float, lang: str = "en") -> str:
    """A rate as the note prints it: 1.15 (Bokmål 1,15), 32."""
    text = f"{rate:.2f}" if rate != int(rate) else str(int(rate))
    return text if lang == "en" else text.replace(".", ",")


def group(value: float, lang: str = "en") -> str:
    """A figure of a table or chart with its thousands grouped: 1,234 (Bokmål 1 234, no-break space)."""
    text = f"{value:,}"
    return text if lang == "en" else nb(text)


def draw_dataset(stimulus_rng: np.random.Generator, lang: str, cols_range: tuple[int, int] = (3, 4),
                 contexts: tuple[str, ...] = (), nrows: int = ROWS) -> DataSet:
    """A data set drawn only from the stimulus stream (identical for every question of a testlet)."""
    p = data_phrases(lang)
    u = stimulus_rng.random(64).tolist()
    pool = [c for c in p["contexts"] if not contexts or c["name"] in contexts]
    ctx = pick(pool, u[0])
    names = list(ctx["rows"])
    rows = []
    for i in range(nrows):  # a partial shuffle: distinct labels in a seeded order
        j = i + int(u[1 + i] * (len(names) - i))
        names[i], names[j] = names[j], names[i]
        rows.append(names[i])
    lo, hi, step = ctx["lo"], ctx["hi"], ctx["step"]
    ncols = cols_range[0] + int(u[6] * (cols_range[1] - cols_range[0] + 1))
    year = 2019 + int(u[7] * 6)
    if ctx["periods"] == "quarters":
        cols = tuple(p["quarter_labels"][:ncols])
    elif ctx["periods"] == "months":
        cols = tuple(p["month_labels"][:ncols])
    else:
        cols = tuple(str(year + i) for i in range(ncols))
    values = []
    k = 8
    for _ in range(nrows):
        v = lo + u[k] * (hi - lo) * 0.7
        row = []
        for _ in range(ncols):
            row.append(round(min(hi, max(lo, v)) / step) * step)
            v *= 0.82 + u[k + 1] * 0.42  # -18% .. +24% per period
            k += 1
        k += 1
        values.append(tuple(row))
    extra: tuple[int, ...] = ()
    if ctx["extra"]:
        e_lo, e_hi = ctx["extra_lo"], ctx["extra_hi"]
        extra = tuple(e_lo + int(u[40 + i] * (e_hi - e_lo + 1)) for i in range(nrows))
    rate = pick(ctx["rates"], u[50])
    caption = ctx["caption"].format(year=year)
    note = ctx["note"].format(rate=rate_text(rate, lang))
    return DataSet(ctx["name"], tuple(rows), cols, tuple(values), extra, float(rate), caption, note)


@dataclass
class Question:
    """A question about a data set: text, worked answer, options or the key, and what the check needs."""

    kind: str
    prompt: str
    explanation: str
    options: tuple[Option, ...]
    key: int
    q: dict[str, Any]
    decimals: int


PER_UNIT = frozenset({"per_unit", "per_unit_convert", "per_unit_gap"})  # kinds that divide by the second measure

# Kinds that add a measure over periods: not asked of stocks such as year-end headcounts (a sum
# of year-end staff numbers over several years means nothing).
OVER_PERIODS = frozenset({"convert", "convert_diff", "combined_share"})


def next_label(ds: DataSet, p: dict[str, Any]) -> str | None:
    """The period after the last one shown (a period the data do not cover), or None."""
    last = ds.cols[-1]
    if last.isdigit():
        return str(int(last) + 1)
    for labels in (p["quarter_labels"], p["month_labels"]):
        if last in labels:
            i = labels.index(last)
            return labels[i + 1] if i + 1 < len(labels) else None
    return None


def possible(ds: DataSet, kind: str) -> bool:
    """Whether the shape of a data set allows a question of `kind` at all."""
    if len(ds.cols) < MIN_COLUMNS.get(kind, 1):
        return False
    if kind in OVER_PERIODS and ds.context in STOCKS:
        return False
    return not ((kind == "largest" and len(ds.rows) < 5) or (kind in PER_UNIT and not ds.extra))


def possessive(text: str) -> str:
    """English possessives of names ending in s: "Logistics's" reads "Logistics'"."""
    if "s's" not in text:
        return text
    return text.replace("s's ", "s' ").replace("s's,", "s',").replace("s's?", "s'?")


def _near_half(x: float, decimals: int) -> bool:
    """Within a hair of a rounding boundary: such a result is not "exact at the stated rounding"."""
    y = abs(x) * 10 ** decimals
    return abs(y - int(y) - 0.5) < 0.02


class QuestionMaker:
    """Builds the questions of every kind for one language's phrasing."""

    def __init__(self, lang: str) -> None:
        p = data_phrases(lang)
        self.qs: dict[str, list[str]] = p["questions"]
        self.steps: dict[str, str] = p["steps"]
        self.m: dict[str, str] = p["mistakes"]
        self.slips = slips(self.m)
        self.slip_pairs = ((10.0, self.m["slip_up"]), (0.1, self.m["slip_down"]))
        self.p = p
        self.lang = lang
        # Numbers in the language's own writing (English: the f-string forms, unchanged). Options
        # are chosen from their English texts in every language (the likeness screen of
        # options.choose reads texts), then printed the Bokmål way: same options, same key.
        self.g: Callable[[float], str] = (lambda v: f"{v:,}") if lang == "en" else (lambda v: nb(f"{v:,}"))
        self.period_words: dict[str, str] = p.get("period_words", {})
        self.strict = False  # set by the caller: the first tries must keep the drawn key rank
        self.cannot = 0  # set by the caller: 1 "Cannot be determined" as a distractor, 2 as the key
        self.shown = ""  # with cannot 2: the last period shown (the figure the trap uses)
        self.read_step = 0.0  # set by the caller for charts read off an axis: the read step
        self.grid_step = 0.0  # and the gridline step (a misreading by one gridline is a named mistake)

    @property
    def least_change(self) -> float:
        """The smallest change between two periods worth asking about: any change in a table; on a
        chart two read steps (a change of one step is a test of eyesight, and leaves no room for
        options on both sides of it)."""
        return 2 * self.read_step if self.read_step else 1e-9

    def num(self, x: float, decimals: int = 0) -> str:
        return num(x, decimals, self.lang)

    def tidy(self, x: float, most: int = 2) -> str:
        return tidy(x, most, self.lang)

    def pct1(self, x: float) -> str:
        return _pct1(x) if self.lang == "en" else _pct1_nb(x)

    def rate(self, rate: float) -> str:
        return rate_text(rate, self.lang)

    def make(self, ds: DataSet, kind: str, u: list[float], cannot: int = 0) -> Question | None:
        """One question of `kind` about `ds`, using uniforms `u`; None when the data do not allow
        a fair one (the caller tries other choices or another kind). With `cannot` 1 the fifth
        option is "Cannot be determined from the data" (wrong: every figure is shown); with 2 it is
        the key: the question names a period the data do not show (the period after the last one
        shown), and the four numeric options are what a reader gets by using the last period
        instead."""
        if not possible(ds, kind) or (cannot and kind == "largest"):
            return None
        ctx = context_of(self.lang, ds.context)
        self.cannot = cannot
        if cannot != 2:
            return getattr(self, "_" + kind)(ds, ctx, u)
        missing = next_label(ds, self.p)
        if missing is None:
            return None
        shown = self.shown = ds.cols[-1]
        fake = replace(ds, cols=(*ds.cols[:-1], missing))
        u = [*u[:3], 0.9999, *u[4:]]  # the last period (or pair of periods): the one renamed
        made = getattr(self, "_" + kind)(fake, ctx, u)
        if made is None or len(ds.cols) - 1 not in (made.q.get("c"), made.q.get("c2"), made.q.get("c1")):
            return None  # the question must turn on the period that is not shown
        if kind in ("convert", "convert_diff", "combined_share", "per_unit"):
            return None  # these use every period (or the last one implicitly): not named in the prompt
        # (per_unit_convert names its period: "In 2026, what were North's sales per member of staff
        # in euros?" cannot be answered when the data stop at 2025, whatever the staff numbers.)
        made.q = {**made.q, "missing": missing}
        made.explanation = self.p["cannot_expl"].format(missing=missing, shown=shown, cannot=self.p["cannot"])
        return made

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _gap(key: float, decimals: int) -> float:
        return max(3 * 10 ** -decimals, 0.015 * abs(key))

    def _finish(self, kind: str, ds: DataSet, u: list[float], prompt: str, expl_fmt: Callable[[str], str],
                key: float, cands: list[Cand], fmt: Callable[[float], str], q: dict[str, Any],
                decimals: int, local: Callable[[float], str] | None = None) -> Question | None:
        """The options (chosen from English texts by `fmt`, printed by `local` or the Bokmål twin
        of `fmt` in Bokmål), the key and the worked answer."""
        if _near_half(key, decimals):
            return None
        key_text = fmt(key)
        cands.append((key * 100, self.m["slip_up2"]))  # last resort, when the key's rank needs it
        cands.append((key / 100, self.m["slip_down2"]))
        count = 4 if self.cannot else 5
        gap = self._gap(key, decimals)
        if self.read_step:  # a chart: a slight misreading of one value must not land nearer a distractor
            gap = max(gap, reading_gap(kind, ds, q, self.read_step))
            cands[2:2] = self._misreads(kind, ds, q)  # among the most plausible (the pool is capped)
        arranged = choose(u[0], u[13], key, key_text, cands, fmt, count=count, min_gap=gap,
                          strict=self.strict, generic=self.slips, then=self.m["then"], slips=self.slip_pairs,
                          cap=100.0 if kind in SHARES else float("inf"))  # a share over 100% is struck out
        if arranged is None:
            return None
        options, index = arranged
        if self.lang != "en":  # the same options, printed the Bokmål way
            loc = local or LOCAL[fmt]
            options = tuple(replace(o, text=loc(o.value)) for o in options)
            key_text = loc(key)
        if self.cannot == 1:  # an honest option that is wrong here: every figure needed is shown
            options = (*options, Option(self.p["cannot"], None, self.m["cannot_wrong"]))
        elif self.cannot == 2:  # the key: the period asked about is not in the data
            used = self.m["used_missing"].format(shown=self.shown)
            options = (*(replace(o, mistake=used) if o.mistake is None else o for o in options),
                       Option(self.p["cannot"]))
            index = len(options) - 1
            q = {**q, "would_be": round(key, 6)}  # the answer had the last period been the one asked
        options = tuple(replace(o, mistake=possessive(o.mistake)) if o.mistake and "s's" in o.mistake else o
                        for o in options)
        prompt = possessive(prompt)
        if abs(key - round(key, decimals)) > 1e-9:  # the worked answer shows the rounding step
            key_text = self.qs["approx"].format(exact=self.tidy(key, decimals + 2), key=key_text)
        return Question(kind, prompt, possessive(expl_fmt(key_text)), options, index, q, decimals)

    def _misreads(self, kind: str, ds: DataSet, q: dict[str, Any]) -> list[Cand]:
        """The answer with one value read a whole gridline too high, for the two values the question
        names first (the commonest slip of reading a chart; options on both sides of the key that are
        not derived from it). The mistake's text is formatted only if the option is used."""
        values = [[float(v) for v in row] for row in ds.values]
        extra = [float(e) for e in ds.extra]
        rows, cols = used_cells(kind, ds, q)
        cells = [(rows[0], cols[0]), (rows[0], cols[1]) if len(cols) > 1 else (rows[-1], cols[0])]
        out: list[Cand] = []
        step = self.grid_step
        template = self.m["misread"]
        for r, c in cells:
            right = values[r][c]
            values[r][c] = right + step
            wrong = truth(kind, values, extra, ds.rate, q)
            values[r][c] = right
            if wrong <= 0:  # no option of nought (a difference of nothing answers no question)
                continue
            out.append((wrong,
                        lambda r=r, c=c, right=right: template.format(
                            row=ds.rows[r], c=ds.cols[c], wrong=self.num(right + step, 0), right=self.num(right, 0))))
        return out

    def _rows(self, ds: DataSet, skip: tuple[int, ...], value: Callable[[int], float | None]) -> list[Cand]:
        """The same question read from each other row (real tests' commonest wrong answer, and values
        that fall on both sides of the key); `value` returns None where that row's answer would not
        answer the question asked (a rise where a fall is asked)."""
        out: list[Cand] = []
        for j in range(len(ds.rows)):
            if j in skip:
                continue
            v = value(j)
            if v is not None and v > 0:
                out.append((v, self.m["neighbour_row"].format(row=ds.rows[j])))
        return out

    @staticmethod
    def _row_pair(ds: DataSet, u: float, v: float) -> tuple[int, int]:
        n = len(ds.rows)
        r = int(u * n)
        r2 = (r + 1 + int(v * (n - 1))) % n
        return r, r2

    @staticmethod
    def _col_pair(ds: DataSet, u: float) -> tuple[int, int]:
        n = len(ds.cols)
        c1 = int(u * (n - 1))
        return c1, c1 + 1

    def _words(self, ctx: dict, ds: DataSet, r: int, r2: int | None = None) -> dict[str, str]:
        """The phrases of a Bokmål stem that English builds from possessives ("North's sales"):
        the row's figure ("salget i Oslo"), the whole it is a part of, and its share. English: none."""
        if self.lang == "en":
            return {}
        words = {"of_row": ctx["of_row"].format(row=ds.rows[r]), "whole": ctx["whole"],
                 "share_of": ctx["share_of"].format(row=ds.rows[r])}
        if r2 is not None:
            words["of_row2"] = ctx["of_row"].format(row=ds.rows[r2])
        return words

    def _unit_format(self, ds: DataSet, ctx: dict, unit_key: str, dec: int,
                     singular: bool) -> tuple[Callable[[float], str], Callable[[float], str], str]:
        """The English option format of a rate per unit (money when the English unit is money:
        the options are chosen from the English texts), its printed twin in the item's language,
        and the rounding the stem states."""
        unit = ctx[unit_key]
        en_unit = unit if self.lang == "en" else context_of("en", ds.context)[unit_key]
        lang = self.lang
        if en_unit in ("£", "€"):
            def fmt(x: float) -> str:
                return money(round(x), en_unit)

            def local(x: float) -> str:  # Bokmål: the amount, then the currency or unit (1 234 kr)
                return money(round(x), unit, lang=lang)
            word = ctx.get(unit_key + "_word", unit)
            return fmt, local, self.qs["nearest_unit"].format(unit=word)

        def fmt(x: float) -> str:
            return num(x, dec)

        def local(x: float) -> str:
            return num(x, dec, lang)
        if dec:
            return fmt, local, self.qs["one_decimal"]
        word = ctx.get(unit_key + "_word", unit.rstrip("s") if singular else unit)
        return fmt, local, self.qs["nearest_unit"].format(unit=word)

    # -- kinds ---------------------------------------------------------------------------------
    def _difference(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r, r2 = self._row_pair(ds, u[1], u[2])
        c1, c2 = self._col_pair(ds, u[3])
        row = ds.values[r]
        v1, v2 = row[c1], row[c2]
        if abs(v2 - v1) < self.least_change:
            return None
        key = float(abs(v2 - v1))
        m = self.m
        other = ds.values[r2]
        up = v2 > v1
        cands: list[Cand] = []
        if (other[c2] > other[c1]) == up:  # only changes in the direction asked
            cands.append((float(abs(other[c2] - other[c1])), m["neighbour_row"].format(row=ds.rows[r2])))
        if c2 + 1 < len(ds.cols) and (row[c2 + 1] > v1) == up:  # only changes in the direction asked
            cands.append((float(abs(row[c2 + 1] - v1)), m["neighbour_column"].format(c=ds.cols[c2 + 1])))
        if c1 > 0 and (v2 > row[c1 - 1]) == up:
            cands.append((float(abs(v2 - row[c1 - 1])), m["neighbour_column"].format(c=ds.cols[c1 - 1])))
        cands.append((float(abs(v2 - other[c2])), m["between_rows"].format(row=ds.rows[r2], c=ds.cols[c2])))
        cands += [(float(v1 + v2), m["added"]), (float(abs(v2 - v1) * 10), m["slip_up"]),
                  (float(abs(ds.values[r2][c2] - v1)), m["mixed_rows"].format(row=ds.rows[r2], c=ds.cols[c2])),
                  (abs(v2 - v1) / 10, m["slip_down"])]
        cands = [c_ for c_ in cands if c_[0] > 0]
        cands[1:1] = self._rows(ds, (r, r2), lambda j: float(abs(ds.values[j][c2] - ds.values[j][c1]))
                                if (ds.values[j][c2] > ds.values[j][c1]) == up else None)
        name = "difference_up" if v2 > v1 else "difference_down"
        prompt = pick(self.qs[name], u[4]).format(of_row=ctx["of_row"].format(row=ds.rows[r]), c1=ds.cols[c1],
                                                  c2=ds.cols[c2], unit=ctx["unit_words"])
        return self._finish("difference", ds, u, prompt, lambda k: self.steps["difference"].format(
            row=ds.rows[r], v1=self.g(v1), v2=self.g(v2), c1=ds.cols[c1], c2=ds.cols[c2], key=k),
            key, cands, _num0, {"r": r, "c1": c1, "c2": c2}, 0)

    def _ratio(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r, r2 = self._row_pair(ds, u[1], u[2])
        c = int(u[3] * len(ds.cols))
        a, b = ds.values[r][c], ds.values[r2][c]
        key = a / b
        m = self.m
        cands: list[Cand] = [(b / a, m["reversed"]), (a / (a + b), m["part_of_sum"])]
        for cc in (c - 1, c + 1):
            if 0 <= cc < len(ds.cols):
                cands.append((ds.values[r][cc] / ds.values[r2][cc], m["neighbour_column"].format(c=ds.cols[cc])))
        n = len(ds.rows)
        r3 = (r2 + 1) % n if (r2 + 1) % n != r else (r2 + 2) % n
        cands += [(a / ds.values[r3][c], m["neighbour_row"].format(row=ds.rows[r3]))]
        cands += self._rows(ds, (r, r2, r3), lambda j: ds.values[j][c] / b)
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = pick(self.qs["ratio"], u[4]).format(c=ds.cols[c], row=ds.rows[r], row2=ds.rows[r2],
                                                     measure=ctx["measure"], **self._words(ctx, ds, r, r2))
        return self._finish("ratio", ds, u, prompt, lambda k: self.steps["ratio"].format(
            row=ds.rows[r], row2=ds.rows[r2], v1=self.g(a), v2=self.g(b), key=k),
            key, cands, _num2, {"r": r, "r2": r2, "c": c}, 2)

    def _pct_change(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r, r2 = self._row_pair(ds, u[1], u[2])
        c1, c2 = self._col_pair(ds, u[3])
        row = ds.values[r]
        v1, v2 = row[c1], row[c2]
        if abs(v2 - v1) < self.least_change:
            return None
        d = abs(v2 - v1)
        key = 100 * d / v1
        if key < 2.0:  # a change too small to be worth asking about
            return None
        m = self.m
        cands: list[Cand] = [(100 * d / v2, m["wrong_base"]), (100 * v2 / v1, m["new_as_percent"])]
        if c2 + 1 < len(ds.cols):
            cands.append((100 * abs(row[c2 + 1] - v1) / v1, m["neighbour_column"].format(c=ds.cols[c2 + 1])))
        o1, o2 = ds.values[r2][c1], ds.values[r2][c2]
        up = v2 > v1
        if (o2 > o1) == up:
            cands.append((100 * abs(o2 - o1) / o1, m["neighbour_row"].format(row=ds.rows[r2])))
        cands.append((float(d), m["change_as_percent"]))
        cands += self._rows(ds, (r, r2), lambda j: 100 * abs(ds.values[j][c2] - ds.values[j][c1]) / ds.values[j][c1]
                            if (ds.values[j][c2] > ds.values[j][c1]) == up else None)
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        name = "pct_up" if v2 > v1 else "pct_down"
        prompt = pick(self.qs[name], u[4]).format(of_row=ctx["of_row"].format(row=ds.rows[r]), c1=ds.cols[c1],
                                                  c2=ds.cols[c2])
        return self._finish("pct_change", ds, u, prompt, lambda k: self.steps["pct"].format(
            v1=self.g(v1), v2=self.g(v2), d=self.g(v2 - v1).replace("-", "−"), key=k),
            key, cands, _pct1, {"r": r, "c1": c1, "c2": c2}, 1)

    def _share(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r = int(u[1] * len(ds.rows))
        c = int(u[3] * len(ds.cols))
        v = ds.values[r][c]
        total = sum(row[c] for row in ds.values)
        key = 100 * v / total
        m = self.m
        grand = sum(map(sum, ds.values))
        cands: list[Cand] = [(100 * v / (total - v), m["others_base"])]
        if len(ds.cols) > 1:
            cands += [(100 * v / sum(ds.values[r]), m["row_total_base"].format(row=ds.rows[r], c=ds.cols[c])),
                      (100 * v / grand, m["grand_total_base"].format(c=ds.cols[c]))]
        else:  # a pie: the mistakes of reading one slice
            cands += [(100 * v / (total - ds.values[(r + 1) % len(ds.rows)][c]), m["left_out_row"]),
                      (100 * v / max(row[c] for row in ds.values), m["largest_base"])]
        for cc in (c - 1, c + 1):
            if 0 <= cc < len(ds.cols):
                cands.append((100 * ds.values[r][cc] / sum(row[cc] for row in ds.values),
                              m["neighbour_column"].format(c=ds.cols[cc])))
        cands += self._rows(ds, (r,), lambda j: 100 * ds.values[j][c] / total)
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = pick(self.qs["share"], u[4]).format(c=ds.cols[c], row=ds.rows[r], measure=ctx["measure"],
                                                     rows_word=ctx.get("rows_word") or ctx["row_header"].lower() + "s",
                                                     **self._words(ctx, ds, r))
        return self._finish("share", ds, u, prompt, lambda k: self.steps["share"].format(
            c=ds.cols[c], total=self.g(total), v=self.g(v), key=k),
            key, cands, _pct1, {"r": r, "c": c}, 1)

    def _per_unit(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        if not ds.extra:
            return None
        r, r2 = self._row_pair(ds, u[1], u[2])
        c = len(ds.cols) - 1  # the second measure is for the last period
        v, e = ds.values[r][c], ds.extra[r]
        factor, dec = ctx["per_factor"], ctx["per_decimals"]
        key = v * factor / e
        m = self.m
        extra_words = ctx.get("extra_words") or ctx["extra"].lower()  # Bokmål: "antall selgere"
        cands: list[Cand] = [(v * factor / ds.extra[r2], m["other_extra"].format(row=ds.rows[r2], extra=extra_words)),
                             (sum(ds.values[r]) * factor / e, m["used_total"].format(row=ds.rows[r], c=ds.cols[c])),
                             (ds.values[r][c - 1] * factor / e, m["neighbour_column"].format(c=ds.cols[c - 1])),
                             (ds.values[r2][c] * factor / ds.extra[r2], m["neighbour_row"].format(row=ds.rows[r2]))]
        if factor != 1:
            cands.insert(0, (v / e, m["forgot_thousands"].format(factor=self.g(factor))))
        cands += self._rows(ds, (r, r2), lambda j: ds.values[j][c] * factor / ds.extra[j])
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        fmt, local, rounding = self._unit_format(ds, ctx, "per_unit", dec, True)
        prompt = ctx["per_q"].format(c=ds.cols[c], row=ds.rows[r], rounding=rounding)
        step = "per_unit" if factor != 1 else "per_unit_plain"
        return self._finish("per_unit", ds, u, prompt, lambda k: self.steps[step].format(
            v=self.g(v), factor=self.g(factor), e=self.g(e), key=k),
            key, cands, fmt, {"r": r, "c": c, "factor": factor}, dec, local)

    def _per_unit_convert(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        """A rate per unit from a value and a count (shown in two places on a chart item: the chart
        and its table), then converted at the note's rate: four steps."""
        if not ds.extra or not ctx.get("per_conv_q"):
            return None
        r, r2 = self._row_pair(ds, u[1], u[2])
        c = len(ds.cols) - 1  # the second measure is for the last period
        v, e = ds.values[r][c], ds.extra[r]
        factor, rate = ctx["per_factor"], ds.rate
        per = v * factor / e
        key = per * rate
        m = self.m
        extra_words = ctx.get("extra_words") or ctx["extra"].lower()  # Bokmål: "antall selgere"
        cands: list[Cand] = [(per, m["not_converted"]), (per / rate, m["divided_rate"]),
                             (v * factor / ds.extra[r2] * rate,
                              m["other_extra"].format(row=ds.rows[r2], extra=extra_words)),
                             (ds.values[r][c - 1] * factor / e * rate, m["neighbour_column"].format(c=ds.cols[c - 1])),
                             (sum(ds.values[r]) * factor / e * rate, m["used_total"].format(row=ds.rows[r],
                                                                                             c=ds.cols[c]))]
        if factor != 1:
            cands.insert(1, (v / e * rate, m["forgot_thousands"].format(factor=self.g(factor))))
        if round(per) != round(per, 6):  # the rate per unit rounded to a whole number before converting
            cands.insert(2, (round(per) * rate, lambda: m["rounded_per"].format(per=self.tidy(per, 2),
                                                                                 rounded=self.g(round(per)))))
        cands.insert(3, (v * factor / sum(ds.extra) * rate, m["all_extra"].format(row=ds.rows[r],
                                                                        extra=extra_words)))
        cands += self._rows(ds, (r,), lambda j: ds.values[j][c] * factor / ds.extra[j] * rate)
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        dec = int(ctx.get("per_conv_decimals", 0))
        fmt, local, rounding = self._unit_format(ds, ctx, "per_conv_unit", dec, False)
        prompt = ctx["per_conv_q"].format(c=ds.cols[c], row=ds.rows[r], rounding=rounding)
        step = "per_unit_convert" if factor != 1 else "per_unit_convert_plain"
        return self._finish("per_unit_convert", ds, u, prompt, lambda k: self.steps[step].format(
            # four decimals: the shown rate per unit times the rate gives the shown answer
            v=self.g(v), factor=self.g(factor), e=self.g(e), per=self.tidy(per, 4), rate=self.rate(rate), key=k),
            key, cands, fmt, {"r": r, "c": c, "factor": factor}, dec, local)

    def _per_unit_gap(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        """How much more one row's rate per unit is than another's, converted at the note's rate: four
        values from two places (a chart and its table), two divisions, a subtraction, the rate."""
        if not ds.extra or not ctx.get("per_gap_q"):
            return None
        r, r2 = self._row_pair(ds, u[1], u[2])
        c = len(ds.cols) - 1  # the second measure is for the last period
        factor, rate = ctx["per_factor"], ds.rate

        def per(j: int, col: int = c) -> float:
            return ds.values[j][col] * factor / ds.extra[j]
        if per(r) < per(r2):
            r, r2 = r2, r
        p1, p2 = per(r), per(r2)
        if p1 - p2 < 0.05 * p1:  # rates per unit this close make a question of rounding, not of reasoning
            return None
        key = (p1 - p2) * rate
        v1, v2, e1, e2 = ds.values[r][c], ds.values[r2][c], ds.extra[r], ds.extra[r2]
        m = self.m
        extra_words = ctx.get("extra_words") or ctx["extra"].lower()
        cands: list[Cand] = [(p1 - p2, m["not_converted"]),
                             ((round(p1) - round(p2)) * rate, m["rounded_each"]),
                             (p1 * rate, m["one_row_only"].format(row=ds.rows[r])),
                             ((p1 - p2) / rate, m["divided_rate"])]
        if e1 != e2 and (v1 - v2) * (e1 - e2) > 0:  # the difference in values over the difference in counts
            cands.insert(1, ((v1 - v2) * factor / (e1 - e2) * rate,
                             m["diff_over_diff"].format(measure=ctx["measure"], extra=extra_words)))
        if v1 > v2:  # the difference in values divided by one count
            cands.append(((v1 - v2) * factor / e1 * rate, m["gap_one_count"].format(row=ds.rows[r], extra=extra_words)))
        if per(r, c - 1) > per(r2, c - 1):
            cands.append(((per(r, c - 1) - per(r2, c - 1)) * rate, m["neighbour_column"].format(c=ds.cols[c - 1])))
        if factor != 1:
            cands.insert(2, ((p1 - p2) / factor * rate, m["forgot_thousands"].format(factor=self.g(factor))))
        cands += [((p1 - per(j)) * rate, m["other_row_gap"].format(row=ds.rows[j], row2=ds.rows[r2]))
                  for j in range(len(ds.rows)) if j not in (r, r2) and per(j) < p1]
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        dec = int(ctx.get("per_conv_decimals", 0))
        fmt, local, rounding = self._unit_format(ds, ctx, "per_conv_unit", dec, False)
        prompt = ctx["per_gap_q"].format(c=ds.cols[c], row=ds.rows[r], row2=ds.rows[r2], rounding=rounding)
        step = "per_unit_gap" if factor != 1 else "per_unit_gap_plain"
        return self._finish("per_unit_gap", ds, u, prompt, lambda k: self.steps[step].format(
            row=ds.rows[r], row2=ds.rows[r2], v1=self.g(v1), v2=self.g(v2), e1=self.g(e1), e2=self.g(e2),
            factor=self.g(factor), p1=self.tidy(p1, 4), p2=self.tidy(p2, 4), d=self.tidy(p1 - p2, 4),
            rate=self.rate(rate), key=k),
            key, cands, fmt, {"r": r, "r2": r2, "c": c, "factor": factor}, dec, local)

    def _convert(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r = int(u[1] * len(ds.rows))
        row = ds.values[r]
        total = sum(row)
        rate = ds.rate
        key = total * rate
        m = self.m
        cands: list[Cand] = [(float(total), m["not_converted"]), (total / rate, m["divided_rate"]),
                             (row[-1] * rate, m["one_period"].format(c=ds.cols[-1])),
                             ((total - row[-1]) * rate, m["left_out"].format(c=ds.cols[-1])),
                             ((total - row[0]) * rate, m["left_out"].format(c=ds.cols[0]))]
        cands += self._rows(ds, (r,), lambda j: sum(ds.values[j]) * rate)
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = ctx["convert_q"].format(row=ds.rows[r], n=len(ds.cols))
        if key != int(key):
            prompt = prompt[:-1] + self.qs["nearest_whole"]
        parts = " + ".join(self.g(v) for v in row)
        return self._finish("convert", ds, u, prompt, lambda k: self.steps["convert"].format(
            row=ds.rows[r], parts=parts, total=self.g(total), rate=self.rate(rate), key=k),
            key, cands, _num0, {"r": r}, 0)

    def _largest(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        n = len(ds.cols)
        pairs = [(c, c + 1) for c in range(n - 1)] + [(0, n - 1)]
        start = int(u[3] * len(pairs))
        for i in range(len(pairs)):
            c1, c2 = pairs[(start + i) % len(pairs)]
            changes = [100 * (row[c2] - row[c1]) / row[c1] for row in ds.values]
            order = sorted(range(len(ds.rows)), key=lambda j: -changes[j])
            if changes[order[0]] - changes[order[1]] < 2.0 or changes[order[0]] <= 0:
                continue
            if self.read_step and not largest_robust(ds, c1, c2, order[0], self.read_step):
                continue
            return self._largest_question(ds, ctx, u, c1, c2, changes, order[0])
        return None

    def _largest_question(self, ds: DataSet, ctx: dict, u: list[float], c1: int, c2: int,
                          changes: list[float], best: int) -> Question:
        m = self.m
        absolute = max(range(len(ds.rows)), key=lambda j: ds.values[j][c2] - ds.values[j][c1])
        highest = max(range(len(ds.rows)), key=lambda j: ds.values[j][c2])
        other = None
        if c2 - c1 == 1 and c2 + 1 < len(ds.cols):
            other = (c1 + 1, c2 + 1)
        elif c1 > 0:
            other = (c1 - 1, c2 - 1)
        other_best = None
        if other:
            other_best = max(range(len(ds.rows)), key=lambda j: (ds.values[j][other[1]] - ds.values[j][other[0]])
                             / ds.values[j][other[0]])
        options = []
        for j, name in enumerate(ds.rows):
            if j == best:
                options.append(Option(name))
            elif j == absolute:
                options.append(Option(name, None, m["abs_largest"].format(measure=ctx["measure"])))
            elif j == highest:
                options.append(Option(name, None, m["highest_value"].format(measure=ctx["measure"], c2=ds.cols[c2])))
            elif other and j == other_best:
                options.append(Option(name, None, m["wrong_periods"].format(c1=ds.cols[other[0]],
                                                                            c2=ds.cols[other[1]])))
            else:
                options.append(Option(name, None, m["smaller_change"].format(row=name, x=self.pct1(changes[j]))))
        prompt = pick(self.qs["largest"], u[4]).format(row_word=ctx["row_header"].lower(), measure=ctx["measure"],
                                                       which=ctx.get("which", ""),
                                                       c1=ds.cols[c1], c2=ds.cols[c2])
        sep = " " if self.lang == "en" else ": "  # Bokmål "Linje 4: 12,5 %" ("Linje 4 123,4 %" reads as one number)
        listed = ", ".join(f"{ds.rows[j]}{sep}{self.pct1(changes[j])}" for j in range(len(ds.rows)))
        expl = self.steps["largest"].format(c1=ds.cols[c1], c2=ds.cols[c2], changes=listed, key=ds.rows[best])
        options = [replace(o, mistake=possessive(o.mistake)) if o.mistake else o for o in options]
        return Question("largest", possessive(prompt), possessive(expl), tuple(options), best,
                        {"c1": c1, "c2": c2}, 1)

    def _projection(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        n = len(ds.cols)
        c1, c2 = n - 2, n - 1
        least = self.least_change  # projections are asked about growth: a row that grew is drawn
        grew = [j for j, row in enumerate(ds.values) if row[c2] - row[c1] >= least]
        if not grew:
            return None
        r = grew[int(u[1] * len(grew))]
        row = ds.values[r]
        v1, v2 = row[c1], row[c2]
        f = v2 / v1
        key = v2 * f
        m = self.m
        cands: list[Cand] = [(float(2 * v2 - v1), m["same_amount"]), (key - v2, m["growth_only"]),
                             (v2 * f * f, m["two_periods"]),
                             (v1 * f, m["previous_growth"].format(c1=ds.cols[c1], c2=ds.cols[c2])),
                             (v2 * row[c1] / row[c1 - 1], m["neighbour_column"].format(c=ds.cols[c1 - 1]))]
        if abs(round(f, 1) - f) > 1e-9:  # the growth factor rounded to one decimal before applying it
            cands.insert(3, (v2 * round(f, 1), lambda: m["rounded_factor"].format(f=self.tidy(round(f, 1), 1))))
        cands += self._rows(ds, (r,), lambda j: ds.values[j][c2] ** 2 / ds.values[j][c1]
                            if ds.values[j][c2] > ds.values[j][c1] else None)
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = pick(self.qs["projection"], u[4]).format(of_row=ctx["of_row"].format(row=ds.rows[r]),
                                                          c1=ds.cols[c1], c2=ds.cols[c2], unit=ctx["unit_words"])
        return self._finish("projection", ds, u, prompt, lambda k: self.steps["projection"].format(
            c1=ds.cols[c1], c2=ds.cols[c2], v1=self.g(v1), v2=self.g(v2), f=self.tidy(f, 4), key=k),
            key, cands, _num0, {"r": r, "c1": c1, "c2": c2}, 0)

    def _combined_share(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r, r2 = self._row_pair(ds, u[1], u[2])
        part = sum(ds.values[r]) + sum(ds.values[r2])
        grand = sum(map(sum, ds.values))
        key = 100 * part / grand
        m = self.m
        c = len(ds.cols) - 1
        last = ds.values[r][c] + ds.values[r2][c]
        cands: list[Cand] = [(100 * sum(ds.values[r]) / grand, m["one_row_share"].format(row=ds.rows[r])),
                             (100 * sum(ds.values[r2]) / grand, m["one_row_share"].format(row=ds.rows[r2])),
                             (100 * last / sum(row[c] for row in ds.values),
                              m["one_period_share"].format(c=ds.cols[c])),
                             (100 * part / (grand - part), m["others_ratio"]),
                             (key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        periods = self.period_words.get(ctx["periods"], ctx["periods"])
        prompt = pick(self.qs["combined_share"], u[4]).format(n=len(ds.cols), measure=ctx["measure"],
                                                              row=ds.rows[r], row2=ds.rows[r2], periods=periods,
                                                              **self._words(ctx, ds, r, r2))
        return self._finish("combined_share", ds, u, prompt, lambda k: self.steps["combined_share"].format(
            row=ds.rows[r], row2=ds.rows[r2], part=self.g(part), total=self.g(grand), key=k),
            key, cands, _pct1, {"r": r, "r2": r2}, 1)

    def _convert_diff(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r, r2 = self._row_pair(ds, u[1], u[2])
        t1, t2 = sum(ds.values[r]), sum(ds.values[r2])
        if t1 <= t2:
            r, r2, t1, t2 = r2, r, t2, t1
        if t1 == t2:
            return None
        d = t1 - t2
        rate = ds.rate
        key = d * rate
        m = self.m
        c = len(ds.cols) - 1
        cands: list[Cand] = [(float(d), m["not_converted"]), (d / rate, m["divided_rate"]),
                             ((t1 + t2) * rate, m["added_rows"]),
                             (abs(ds.values[r][c] - ds.values[r2][c]) * rate, m["one_period"].format(c=ds.cols[c]))]
        cands += [(abs(ds.values[r][cc] - ds.values[r2][cc]) * rate, m["one_period"].format(c=ds.cols[cc]))
                  for cc in range(len(ds.cols) - 1)]
        cands += [(abs(d - (ds.values[r][cc] - ds.values[r2][cc])) * rate, m["left_out"].format(c=ds.cols[cc]))
                  for cc in (0, c)]
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        prompt = ctx["convert_diff_q"].format(row=ds.rows[r], row2=ds.rows[r2], n=len(ds.cols))
        if key != int(key):
            prompt = prompt[:-1] + self.qs["nearest_whole"]
        return self._finish("convert_diff", ds, u, prompt, lambda k: self.steps["convert_diff"].format(
            row=ds.rows[r], row2=ds.rows[r2], t1=self.g(t1), t2=self.g(t2), d=self.g(d), rate=self.rate(rate), key=k),
            key, cands, _num0, {"r": r, "r2": r2}, 0)


    def _share_change(self, ds: DataSet, ctx: dict, u: list[float]) -> Question | None:
        r, _ = self._row_pair(ds, u[1], u[2])
        c1, c2 = self._col_pair(ds, u[3])
        v1, v2 = ds.values[r][c1], ds.values[r][c2]
        t1, t2 = (sum(row[c] for row in ds.values) for c in (c1, c2))
        s1, s2 = 100 * v1 / t1, 100 * v2 / t2
        key = abs(s2 - s1)
        if key < 0.5:  # too small a change to ask about
            return None
        m = self.m
        cands: list[Cand] = [(100 * key / s1, m["percent_not_points"]),
                             (100 * abs(v2 - v1) / t1, m["change_over_total"].format(c=ds.cols[c1])),
                             (100 * abs(v2 - v1) / v1, m["value_change"]),
                             (abs(round(s2, 0) - round(s1, 0)), m["rounded_early"]),
                             (100 * abs(v2 - v1) / t2, m["change_over_total"].format(c=ds.cols[c2])),
                             (100 * abs(v2 - v1) / (t2 - v2), m["change_over_others"].format(c=ds.cols[c2]))]
        if c1 > 0 and (v1 / t1 > ds.values[r][c1 - 1] / sum(row[c1 - 1] for row in ds.values)) == (s2 > s1):
            t0 = sum(row[c1 - 1] for row in ds.values)
            cands.append((abs(s1 - 100 * ds.values[r][c1 - 1] / t0), m["neighbour_column"].format(c=ds.cols[c1 - 1])))
        if c2 + 1 < len(ds.cols):
            t3 = sum(row[c2 + 1] for row in ds.values)
            cands.append((abs(100 * ds.values[r][c2 + 1] / t3 - s1), m["neighbour_column"].format(c=ds.cols[c2 + 1])))
        rise = s2 > s1
        cands += self._rows(ds, (r,), lambda j: abs(100 * ds.values[j][c2] / t2 - 100 * ds.values[j][c1] / t1)
                            if (ds.values[j][c2] / t2 > ds.values[j][c1] / t1) == rise else None)
        cands += [(key * 10, m["slip_up"]), (key / 10, m["slip_down"])]
        name = "share_rise" if s2 > s1 else "share_fall"
        prompt = pick(self.qs[name], u[4]).format(row=ds.rows[r], c1=ds.cols[c1], c2=ds.cols[c2],
                                                  measure=ctx["measure"], **self._words(ctx, ds, r))
        return self._finish("share_change", ds, u, prompt, lambda k: self.steps["share_change"].format(
            row=ds.rows[r], c1=ds.cols[c1], c2=ds.cols[c2], v1=self.g(v1), v2=self.g(v2), t1=self.g(t1),
            t2=self.g(t2), s1=self.num(s1, 2), s2=self.num(s2, 2), key=k),
            key, cands, _num1, {"r": r, "c1": c1, "c2": c2}, 1)


def _num1(x: float) -> str:
    return num(x, 1)


def _num0(x: float) -> str:
    return num(x, 0)


def _num2(x: float) -> str:
    return num(x, 2)


def _pct1(x: float) -> str:
    return num(x, 1) + "%"


def _pct1_nb(x: float) -> str:
    return num(x, 1, "nb") + NBSP + "%"


# The Bokmål twin of each option format (CLDR nb: 1 234,5; 12,5 %).
LOCAL: dict[Callable[[float], str], Callable[[float], str]] = {
    _num0: lambda x: num(x, 0, "nb"), _num1: lambda x: num(x, 1, "nb"), _num2: lambda x: num(x, 2, "nb"),
    _pct1: _pct1_nb}


# -- the check: answers re-derived from the data as displayed ------------------------------------
def truth(kind: str, values: list[list[float]], extra: list[float], rate: float, q: dict[str, Any]) -> float:
    """The answer of a numeric question from the displayed data, by formulas written apart from
    the question builders above."""
    if kind == "difference":
        return abs(values[q["r"]][q["c2"]] - values[q["r"]][q["c1"]])
    if kind == "ratio":
        return values[q["r"]][q["c"]] / values[q["r2"]][q["c"]]
    if kind == "pct_change":
        old, new = values[q["r"]][q["c1"]], values[q["r"]][q["c2"]]
        return abs(new / old - 1) * 100
    if kind == "share":
        column = [row[q["c"]] for row in values]
        return column[q["r"]] * 100 / sum(column)
    if kind == "per_unit":
        return values[q["r"]][q["c"]] / extra[q["r"]] * q["factor"]
    if kind == "convert":
        return rate * sum(values[q["r"]])
    if kind == "per_unit_convert":
        return rate * q["factor"] * values[q["r"]][q["c"]] / extra[q["r"]]
    if kind == "per_unit_gap":
        first, second = (values[q[k]][q["c"]] / extra[q[k]] for k in ("r", "r2"))
        return rate * q["factor"] * (first - second)
    if kind == "projection":
        old, new = values[q["r"]][q["c1"]], values[q["r"]][q["c2"]]
        return new * new / old
    if kind == "combined_share":
        return (sum(values[q["r"]]) + sum(values[q["r2"]])) * 100 / sum(sum(row) for row in values)
    if kind == "convert_diff":
        return rate * abs(sum(values[q["r"]]) - sum(values[q["r2"]]))
    if kind == "share_change":
        before = values[q["r"]][q["c1"]] / sum(row[q["c1"]] for row in values)
        after = values[q["r"]][q["c2"]] / sum(row[q["c2"]] for row in values)
        return abs(after - before) * 100
    raise KeyError(kind)


# Kinds whose answer depends only on the rows named in q (the others use every row, for a total).
OWN_ROWS = frozenset({"difference", "ratio", "pct_change", "per_unit", "convert", "projection", "convert_diff",
                      "per_unit_convert", "per_unit_gap"})


# Kinds whose answer is a sum or difference of values (True: times the note's rate).
LINEAR = {"difference": False, "convert": True, "convert_diff": True}


def used_cells(kind: str, ds: DataSet, q: dict[str, Any]) -> tuple[list[int], list[int]]:
    """The rows and periods whose values the answer uses (the rows named first)."""
    named = [q[k] for k in ("r", "r2") if k in q]
    rows = named if kind in OWN_ROWS else named + [j for j in range(len(ds.rows)) if j not in named]
    cols = [q[k] for k in ("c2", "c", "c1") if k in q] or list(range(len(ds.cols)))[::-1]
    return rows, cols


def reading_gap(kind: str, ds: DataSet, q: dict[str, Any], read_step: float) -> float:
    """Twice the most the answer moves when any one value it uses is misread by a quarter of the
    read step: with options at least this far apart, such a misreading still leaves the key the
    nearest option (values drawn on multiples of the read step are read exactly by a careful reader)."""
    linear = LINEAR.get(kind)
    delta = read_step / 4
    if linear is not None:  # the answer moves by a fixed multiple of any one value's error
        return 2.05 * (ds.rate if linear else 1.0) * delta
    if kind in ("share", "combined_share", "share_change"):  # a part over a total: a closed form
        if kind == "combined_share":
            parts = [(sum(ds.values[q["r"]]) + sum(ds.values[q["r2"]]), sum(map(sum, ds.values)))]
        else:
            cols = [q["c"]] if kind == "share" else [q["c1"], q["c2"]]
            parts = [(ds.values[q["r"]][c], sum(row[c] for row in ds.values)) for c in cols]
        # a value of the part moves the share by (total - part) / total², any other value by part / total²
        # (bounded with total - delta, the smaller total, in the denominator)
        return 2.05 * max(100 * delta * max(total - part, part) / (total * (total - delta)) for part, total in parts)
    values = [[float(v) for v in row] for row in ds.values]
    extra = [float(e) for e in ds.extra]
    rows, cols = used_cells(kind, ds, q)
    base = truth(kind, values, extra, ds.rate, q)
    worst = 0.0
    for r in rows:
        row = values[r]
        for c in cols:
            v = row[c]
            for d in (delta, -delta):  # both sides: a small divisor moves a ratio more one way
                row[c] = v + d
                worst = max(worst, abs(truth(kind, values, extra, ds.rate, q) - base))
            row[c] = v
    return 2.05 * worst  # strictly more than twice: a misreading never lands halfway between two options


def largest_robust(ds: DataSet, c1: int, c2: int, best: int, read_step: float) -> bool:
    """Whether `best` stays the only row with the largest percentage change when any one value of
    the two periods is misread by a quarter of the read step."""
    values = [[float(v) for v in row] for row in ds.values]
    delta = read_step / 4
    for r in range(len(values)):
        for c in (c1, c2):
            v = values[r][c]
            for d in (-delta, delta):
                values[r][c] = v + d
                if largest_row(values, c1, c2) != [best]:
                    return False
            values[r][c] = v
    return True


def largest_row(values: list[list[float]], c1: int, c2: int) -> list[int]:
    """Rows whose percentage increase from c1 to c2 is the largest (ties all listed)."""
    growth = [row[c2] / row[c1] for row in values]
    top = max(growth)
    return [j for j, g in enumerate(growth) if abs(g - top) < 1e-12]
