"""Data interpretation from a table (SHL Verify style): an invented business data set (sales by
region and quarter, staff by department, budgets, production, energy, transport, survey answers)
with units and currencies in the headers and a note with a conversion rate, and questions of one
to four steps about it. Several questions can share one table (a testlet).

Difficulty model (IRT logit scale b). Five levels of question kinds (see
question_generators.numeric.data), two or three kinds per level:

    level 0  difference, ratio               1 step
    level 1  percentage change, share        2 steps
    level 2  rate per unit, conversion, a rate per unit converted at the note's rate   2-3 steps
    level 3  largest change, projection      3 steps; the gap between two rows' rates per unit,
             converted at the note's rate, 4 steps
    level 4  combined share, converted difference, change of a share in percentage points   4 steps

b is a linear function, monotone in every feature, of the level, of which kind of the level is
asked (`second`, 0-2: the later ones need one more operation or more care), of the number of
period columns (3 or 4), and of whether "Cannot be determined from the data" is offered
(`cannot`: the reader must also settle whether the data answer the question at all):

    b = -2.75 + 1.25 * level + 0.2 * second + 0.1 * (columns - 3) + 0.35 * cannot

Every (level, kind, cannot) combination is ranked by how near its b is to the requested
difficulty plus a seeded jitter (sd about 0.2), and the nearest one the table allows is asked,
so b lands within a few tenths of the request over [-2.5, +2.5]. Of the items that offer
"Cannot be determined", about a quarter (where the data set allows) make it the key: the question
names the period after the last one shown, and the numeric options are what the last period
shown gives (the trap); on the others it is a wrong option (every figure needed is shown). The
unused second-measure column of a table is an irrelevant column to ignore. Kinds that add a
measure over periods are not asked of stocks (no sums of year-end headcounts).

Discrimination a = 0.9 + 0.08 * level; typical time 60 s + 8 s per level (60-92 s, as the real
tests allow about a minute per question).

Distractors are named mistakes (chosen by question_generators.numeric.options so that the key is
neither at a favoured rank nor the option most like the others): the same question read from another
row (only rows that changed in the direction asked), wrong base for a percentage, the change in
units read as percent, percentage points confused with percent, the ratio reversed, the neighbouring
row or period, the rate of the note forgotten or divided by, a total used where a subset was asked,
simple growth for a projection, a mistake followed by a decimal-point slip. Options are at least
1.5% (and three units of the last shown place) apart, so rounding never decides.

check() reads the numbers back from the table as displayed, recomputes the answer by its own
formulas (question_generators.numeric.data.truth), confirms that the rows and periods asked
about are named in the prompt and the rate is in the note, and requires exactly the keyed option
to show the answer at the stated rounding (for "which row" questions, to be the only row with the
largest change).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.figures import Table
from question_generators.item import Item
from question_generators.numeric.common import matching, read, uniforms
from question_generators.numeric.data import (
    LEVELS,
    PER_UNIT,
    DataSet,
    Question,
    QuestionMaker,
    context_of,
    data_phrases,
    draw_dataset,
    group,
    largest_row,
    possible,
    rate_text,
    repeat_params,
    truth,
)

WEIGHTS = {"level": 1.25, "second": 0.2, "columns": 0.1, "cannot": 0.35}
INTERCEPT = -2.75
STRICT_TRIES = 7  # tries that must put the key at the drawn rank (a uniform key position)
CANNOT_KEY = 0.35  # share of the items offering "Cannot be determined" on which it is the key
Rng = np.random.Generator


@functools.cache  # asked for every combination of every item: a small table, memoised
def difficulty_of(level: int, second: int, columns: int, cannot: int = 0) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"level": level, "second": second, "columns": columns - 3,
                                                  "cannot": int(cannot > 0)})


def level_order(level: int) -> list[int]:
    """The wanted level first, then the neighbours outwards (for when a table rules a kind out)."""
    return sorted(range(len(LEVELS)), key=lambda x: (abs(x - level), x))


def ask(maker: QuestionMaker, ds: DataSet, rng: Rng, u: list[float], difficulty: float,
        question: int, b_of: Callable[[int, int, int], float] | None = None) -> tuple[Question, int, int, int]:
    """A fair question about `ds` near the requested difficulty: (question, level, second, cannot).

    The (level, kind, "Cannot be determined" offered) combinations are tried in the order of how
    near their b is to the requested difficulty plus a small seeded jitter, so that b lands near
    the request (the levels are 1.25 logits apart; the option adds 0.35)."""
    def b_fn(level: int, second: int, cannot: int) -> float:
        return difficulty_of(level, second, len(ds.cols), cannot)

    b_of = b_of or b_fn
    if question:  # the questions of a testlet start from different rows (distinct for the first few)
        base = sum(map(sum, ds.values))
        u = [*u[:1], ((base + question) % len(ds.rows) + 0.5) / len(ds.rows), *u[2:]]
    # Later questions of a testlet draw their target more widely: the kinds near the request may
    # already have been asked of this table (one question of a kind per table in a form), and a
    # redraw must be able to reach another kind.
    target = difficulty + (u[10] + u[11] - 1.0) * (3.0 if question else 0.3)
    combos = []
    for level in range(len(LEVELS)):
        kinds = len(LEVELS[level])
        first = (question + int(u[12] * kinds)) % kinds  # the questions of a testlet ask different kinds
        for i in range(kinds):
            second = (first + i) % kinds
            for cannot in (0, 1):
                # later questions of a testlet keep to their own kind even at some cost in b
                penalty = (0.4 if question else 0.01) * i
                combos.append((abs(b_of(level, second, cannot) - target) + penalty, level, second, cannot))
    combos.sort()
    key_cbd = u[14] < CANNOT_KEY
    for _, level, second, cannot in combos:
        kind = LEVELS[level][second]
        if not possible(ds, kind):
            continue
        for mode in ((2, 1) if cannot and key_cbd else (cannot,)):
            for attempt in range(STRICT_TRIES + 1):
                maker.strict = attempt < STRICT_TRIES
                made = maker.make(ds, kind, u, mode)
                if made is not None:
                    return made, level, second, mode
                if mode == 2 and attempt >= 2:
                    break  # this data set or kind has no period to ask about that it does not show
                # A fresh draw of what is asked, keeping the drawn key rank and likeness screen:
                # redrawing those until a set fits would favour the middle ranks.
                fresh = uniforms(rng, 16)
                u = [u[0], *fresh[1:13], u[13], u[14], fresh[15]]
    raise ItemCheckError("no fair question for this data set")  # pragma: no cover


def parse_table(table: Table, columns: int, has_extra: bool,
                lang: str = "en") -> tuple[list[str], list[list[float]], list[float]]:
    """Row labels, period values and the second measure, read from the cells as displayed."""
    names = [row[0] for row in table.rows]
    values = [[read(cell, lang) for cell in row[1:1 + columns]] for row in table.rows]
    extra = [read(row[-1], lang) for row in table.rows] if has_extra else []
    return names, values, extra


def check_question(item: Item, names: list[str], cols: list[str], values: list[list[float]],
                   extra: list[float], rate: float, shown_note: str) -> None:
    """The family-independent part of the check of a data-interpretation question."""
    kind, q = item.params["kind"], item.params["q"]
    where = item.id or item.family
    cannot = int(item.params.get("cannot", 0))
    if cannot:
        cbd = data_phrases(item.lang)["cannot"]
        texts = [o.text for o in item.options]
        if texts.count(cbd) != 1 or texts[-1] != cbd:
            raise ItemCheckError(f"item {where}: 'Cannot be determined' must be the last option, once")
        if cannot == 2:  # the key: the prompt names a period the data do not show
            missing = str(q.get("missing", ""))
            if not missing or missing in cols or missing not in item.prompt:
                raise ItemCheckError(f"item {where}: the period {missing!r} is shown or not asked about")
            require_single_key(item, [len(texts) - 1])
            return
        item = replace(item, options=item.options[:-1], key=None if item.key == len(texts) - 1 else item.key)
    for key in ("r", "r2"):
        if key in q and names[q[key]] not in item.prompt:
            raise ItemCheckError(f"item {where}: row {names[q[key]]!r} is not named in the prompt")
    for key in ("c", "c1", "c2"):
        if key in q and cols[q[key]] not in item.prompt and kind not in PER_UNIT:
            raise ItemCheckError(f"item {where}: column {cols[q[key]]!r} is not named in the prompt")
    converted = kind in ("convert", "convert_diff", "per_unit_convert", "per_unit_gap")
    if converted and rate_text(rate, item.lang) not in shown_note:
        raise ItemCheckError(f"item {where}: the rate {rate} is not in the note")
    if kind == "largest":
        best = largest_row(values, q["c1"], q["c2"])
        correct = [i for i, option in enumerate(item.options) if option.text in {names[j] for j in best}]
        require_single_key(item, correct)
        return
    try:
        answer = truth(kind, values, extra, rate, q)
    except (KeyError, IndexError, ZeroDivisionError) as exc:
        raise ItemCheckError(f"item {where}: cannot recompute the answer: {exc}") from None
    require_single_key(item, matching(item, answer, int(item.params["decimals"])))


class DataTableGenerator(BaseGenerator):
    """Data interpretation from a business table: changes, shares, ratios, rates, conversions.

    See the module docstring for the difficulty model: five levels of steps, two or three question kinds
    per level, and the size of the table. Supports testlets (several questions on one table).
    """

    family = "numeric.data_table"
    section = "numerical"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    version = 6  # 2: one decimal-point slip at most, more named mistakes; 3: pounds for units × price;
    # 4: options without cues (options.choose), "Cannot be determined" options, b chosen near the request;
    # 5: per_unit_convert (a rate per unit converted at the note's rate, four steps);
    # 6: Bokmål; per_unit_convert down to level 2 (overrated at level 3), per_unit_gap in its place,
    # early rounding as a named mistake
    title = "Data interpretation: tables"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.maker = QuestionMaker(lang)

    def generate(self, rng: Rng, difficulty: float) -> Item:
        return self.generate_question(rng, rng, difficulty, 0)

    def generate_question(self, stimulus_rng: Rng, rng: Rng, difficulty: float, question: int) -> Item:
        ds = draw_dataset(stimulus_rng, self.lang)
        u = uniforms(rng, 16)
        made, level, second, cannot = ask(self.maker, ds, rng, u, difficulty, question)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=made.prompt,
            explanation=made.explanation, difficulty=difficulty_of(level, second, len(ds.cols), cannot),
            discrimination=round(0.9 + 0.08 * level, 3), time_s=60.0 + 8 * level,
            options=made.options, key=made.key, figure=self.table(ds),
            params={"kind": made.kind, "level": level, "second": second, "columns": len(ds.cols), "cannot": cannot,
                    "q": made.q, "decimals": made.decimals, "data": ds.to_params(),
                    **repeat_params(self.family, ds, made, cannot)},
        )

    def table(self, ds: DataSet) -> Table:
        ctx = context_of(self.lang, ds.context)
        unit = ctx["unit"]
        columns = (ctx["row_header"], *(f"{c} ({unit})" for c in ds.cols), *((ctx["extra"],) if ds.extra else ()))
        lang = self.lang
        rows = tuple((name, *(group(v, lang) for v in values), *((group(ds.extra[i], lang),) if ds.extra else ()))
                     for i, (name, values) in enumerate(zip(ds.rows, ds.values, strict=True)))
        return Table(columns=columns, rows=rows, caption=f"{ds.caption}. {ds.note}")

    def check(self, item: Item) -> None:
        check_options(item)
        table = item.figure
        if not isinstance(table, Table):
            raise ItemCheckError(f"item {item.id}: a data-table item needs its table")
        data: dict[str, Any] = item.params["data"]
        columns = int(item.params["columns"])
        try:
            names, values, extra = parse_table(table, columns, bool(data["extra"]), item.lang)
        except (ValueError, IndexError) as exc:
            raise ItemCheckError(f"item {item.id}: unreadable table: {exc}") from None
        cols = [c.split(" (")[0] for c in table.columns[1:1 + columns]]
        check_question(item, names, cols, values, extra, float(data["rate"]), table.caption)
