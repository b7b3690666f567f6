"""Data interpretation from a chart: the data sets and questions of numeric.data_table shown as a
grouped bar chart, a stacked bar chart, a line chart or a pie chart (SVG for HTML, labelled text
bars or the plotted values for the terminal, which cannot show the drawing). Supports testlets.

Charts are read as in the real tests (issue 13): bars, segments and points carry no value; they
are read off a value axis whose gridlines are labelled with round values (a legend or direct
labels name the series). Every value is drawn on a multiple of the read step, half a gridline
(or a whole one where half would not be a whole number), and the stem says so ("Read the chart to
the nearest 25: every value lies on a gridline or halfway between two"), so a careful reader reads
each value exactly. Options are at least twice as far apart as the answer moves when any one value
it uses is misread by a quarter of the read step, so such a slip still leaves the key the nearest
option; reading a value a whole gridline out is one of the named mistakes. A pie's slices cannot
be read off an axis, so, as in the real tests, they are labelled with their values.

Difficulty model (IRT logit scale b): as numeric.data_table (five levels of steps, two or three kinds
per level, the number of periods), plus the effort of reading the chart type:

    b = -2.75 + 1.25 * level + 0.2 * second + 0.1 * (columns - 3) + 0.15 * chart_level + 0.35 * cannot
        + 0.3 * sources

with chart_level 0 for grouped bars and pies, 1 for lines (values spread over several series)
and 2 for stacked bars (segments read as the difference of their ends), and `sources` 1 when the
question takes values from two places (issue 14: a stimulus in two parts): a grouped bar chart of
a context with a second measure has a small table beside its legend (staff, employees, floor area
or buses in the last period), and a rate per unit takes its value from the chart and its count
from the table (per_unit and per_unit_convert, level 2: read, look up, divide, perhaps convert at
the note's rate; per_unit_gap, level 3: the same for two rows, then subtract and convert). For
every other question the table and the note are material to
ignore. A pie shows one period, so it carries the one-period kinds (ratio, share); a line chart
shows three series over four periods and a stack three segments, so "which row" questions (five
options from five rows) go to grouped bars. The
combination asked is the one nearest the requested difficulty that the chart allows (as
numeric.data_table, including the "Cannot be determined from the data" option), and pies and line
charts serve only requests below -0.5 and 1.0 respectively, where their few kinds can reach the
requested b. Discrimination a = 0.9 + 0.08 * level; typical time 65 s + 8 s per level.

check() reads the values back from the drawing as a candidate would: the axis from the labelled
gridlines, each bar's or segment's height and each marker's centre against it, each on the stated
read step; a pie's values from its labels, with every slice's angle matching its label. It
requires that no value to be read is printed on the chart, that the terminal text shows the same
values, and then re-derives the answer from the values as drawn by the independent formulas of
question_generators.numeric.data and requires exactly the keyed option to show it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item
from question_generators.numeric import charts
from question_generators.numeric.common import nb, pick, uniforms
from question_generators.numeric.common import read as read_number
from question_generators.numeric.data import (
    LEVELS,
    PER_UNIT,
    DataSet,
    QuestionMaker,
    context_of,
    data_phrases,
    draw_dataset,
    group,
    rate_text,
    repeat_params,
)
from question_generators.numeric.data_table import ask, check_question

CHARTS = ("bar", "pie", "line", "stacked")
CHART_LEVEL = {"bar": 0, "pie": 0, "line": 1, "stacked": 2}
# (period columns, rows): a stack of three segments keeps each segment tall enough to read off the axis
SHAPES = {"bar": ((3, 3), 5), "pie": ((1, 1), 5), "line": ((4, 4), 3), "stacked": ((3, 4), 3)}
TICKS = {"bar": 12, "line": 12, "stacked": 14}  # at least this many gridlines (and under twice as many)
WEIGHTS = {"level": 1.25, "second": 0.2, "columns": 0.1, "chart_level": 0.15, "cannot": 0.35, "sources": 0.3}
INTERCEPT = -2.75
Rng = np.random.Generator
LABEL = re.compile(r">([^<]*)</text>")
TABLE_CELL = re.compile(r'class="x">([^<]*)</text>')  # the figures of the table beside a chart
NOT_TICK = re.compile(r'<text (?![^>]*class="t")[^>]*>([^<]*)</text>')  # every text but the axis labels


def label_of(x: float, lang: str = "en") -> str:
    text = f"{int(x):,}" if x == int(x) else f"{x:,}"
    return text if lang == "en" else nb(text)


@functools.cache  # asked for every combination of every item: a small table, memoised
def difficulty_of(level: int, second: int, columns: int, chart: str, cannot: int = 0) -> float:
    # two sources: a rate per unit takes its value from the chart and its count from the table
    sources = int(LEVELS[level][second] in PER_UNIT)
    return linear_difficulty(INTERCEPT, WEIGHTS, {"level": level, "second": second, "columns": columns - 3,
                                                  "chart_level": CHART_LEVEL[chart], "cannot": int(cannot > 0),
                                                  "sources": sources})


def axis_max(ds: DataSet, chart: str) -> int:
    """The largest value the value axis must reach: the tallest stack, or the largest value."""
    if chart == "stacked":
        return max(sum(row[c] for row in ds.values) for c in range(len(ds.cols)))
    return max(max(row) for row in ds.values)


def on_grid(ds: DataSet, chart: str) -> tuple[DataSet, float, float]:
    """The data set with every value moved to the nearest multiple of the read step (a gridline or
    halfway between two), the gridline step and the read step. A pie keeps its values: its
    slices are labelled."""
    if chart == "pie":
        return ds, 0.0, 0.0
    step, read = charts.grid(axis_max(ds, chart), TICKS[chart])
    r = int(read)
    values = tuple(tuple(max(r, (v + r // 2) // r * r) for v in row) for row in ds.values)
    return replace(ds, values=values), step, read


def render(ds: DataSet, chart: str, lang: str, step: float = 0.0) -> Svg:
    """The chart of a data set as SVG plus its text rendering."""
    ctx = context_of(lang, ds.context)
    unit = f"{ctx['unit']} | {ds.note}"
    if chart == "bar":
        table = None
        if ds.extra:
            heading = data_phrases(lang)["table_title"].format(extra=ctx["extra"], c=ds.cols[-1])
            table = (heading, ds.extra)
        svg, text = charts.grouped_bars(ds.caption, ds.rows, ds.cols, ds.values, unit, step or None, table, lang)
    elif chart == "stacked":
        svg, text = charts.stacked_bars(ds.caption, ds.cols, ds.rows, ds.values, unit, step or None, lang)
    elif chart == "line":
        svg, text = charts.lines(ds.caption, ds.cols, ds.rows, ds.values, unit, step or None, lang)
    else:
        title = f"{ds.caption}, {ds.cols[0]}"
        svg, text = charts.pie(title, ds.rows, tuple(row[0] for row in ds.values), unit, lang)
    alt = f"{chart} chart: {ds.caption}" if lang == "en" else f"{data_phrases(lang)['charts'][chart]}: {ds.caption}"
    return Svg(svg=svg, text=text, alt=alt)


def drawn_values(svg: str, chart: str, rows: int, cols: int, lang: str = "en") -> list[list[float]]:
    """The values as drawn, [row][period], read from the geometry of the marks (not the labels)."""
    marks = charts.read_marks(svg, chart, lang)
    if chart == "pie":
        raise ValueError("a pie is read from its labels")
    if len(marks) != rows * cols:
        raise charts.ChartReadError(f"{len(marks)} marks for {rows} x {cols} values")
    if chart == "bar":  # groups (rows) in turn, one bar per period
        return [marks[r * cols:(r + 1) * cols] for r in range(rows)]
    if chart == "stacked":  # stacks (periods) in turn, one segment per row from the bottom up
        return [[marks[c * rows + r] for c in range(cols)] for r in range(rows)]
    return [marks[r * cols:(r + 1) * cols] for r in range(rows)]  # one line per row


class DataChartGenerator(BaseGenerator):
    """Data interpretation from a chart: bar, stacked bar, line or pie charts of business data.

    See the module docstring for the difficulty model: as data_table, plus the chart type.
    Supports testlets (several questions on one chart).
    """

    family = "numeric.data_chart"
    section = "numerical"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    version = 6  # 2: one decimal-point slip at most, more named mistakes; 3: pounds for units × price;
    # 4: options without cues (options.choose), "Cannot be determined" options, b chosen near the request;
    # 5: read off the axis (no value labels), values on the read step, options apart by the reading margin;
    # a table beside grouped bars (two sources: rates per unit, converted at the note's rate);
    # 6: Bokmål; per_unit_convert down to level 2 (overrated at level 3), per_unit_gap (two rows'
    # rates per unit from the chart and the table, subtracted, converted) in its place, early rounding
    title = "Data interpretation: charts"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.maker = QuestionMaker(lang)
        self.hints = data_phrases(lang)

    def generate(self, rng: Rng, difficulty: float) -> Item:
        return self.generate_question(rng, rng, difficulty, 0)

    def generate_question(self, stimulus_rng: Rng, rng: Rng, difficulty: float, question: int) -> Item:
        # A pie shows one period (ratio and share questions only) and a line chart three series (no
        # "which row" question): they serve the lower levels, where they can be calibrated.
        pool = CHARTS if difficulty < -0.5 else ("bar", "stacked") if difficulty > 1.0 else ("bar", "line", "stacked")
        chart = pick(pool, float(stimulus_rng.random()))
        cols_range, nrows = SHAPES[chart]
        ds = draw_dataset(stimulus_rng, self.lang, cols_range, nrows=nrows)
        if chart != "bar":  # only grouped bars have room for the table of the second measure
            ds = replace(ds, extra=())
        ds, step, read = on_grid(ds, chart)
        self.maker.read_step, self.maker.grid_step = read, step
        u = uniforms(rng, 16)

        def b_of(level: int, second: int, cannot: int) -> float:
            return difficulty_of(level, second, len(ds.cols), chart, cannot)

        made, level, second, cannot = ask(self.maker, ds, rng, u, difficulty, question, b_of)
        prompt = made.prompt
        if read:  # the stem says how finely the chart is read (as the real tests' instructions do)
            hint = self.hints["read_half" if read < step else "read_line"]
            prompt = f"{prompt} {hint.format(read=label_of(read, self.lang))}"
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            explanation=made.explanation, difficulty=difficulty_of(level, second, len(ds.cols), chart, cannot),
            discrimination=round(0.9 + 0.08 * level, 3), time_s=65.0 + 8 * level,
            options=made.options, key=made.key, figure=render(ds, chart, self.lang, step),
            params={"kind": made.kind, "grid": step, "read": read, "level": level, "second": second,
                    "columns": len(ds.cols), "cannot": cannot,
                    "chart": chart, "chart_level": CHART_LEVEL[chart], "q": made.q, "decimals": made.decimals,
                    "data": ds.to_params(), **repeat_params(self.family, ds, made, cannot, chart)},
        )

    def check(self, item: Item) -> None:
        check_options(item)
        figure = item.figure
        if not isinstance(figure, Svg):
            raise ItemCheckError(f"item {item.id}: a chart item needs its chart")
        data: dict[str, Any] = item.params["data"]
        chart = item.params["chart"]
        try:
            ds = DataSet(data["context"], tuple(data["rows"]), tuple(data["cols"]),
                         tuple(tuple(int(v) for v in row) for row in data["values"]),
                         tuple(int(e) for e in data["extra"]), float(data["rate"]), "", "")
            values = self._as_drawn(item, figure, chart, len(ds.rows), len(ds.cols))
            extra = [read_number(x, item.lang) for x in TABLE_CELL.findall(figure.svg)]  # as displayed
        except (KeyError, TypeError, ValueError) as exc:
            raise ItemCheckError(f"item {item.id}: unreadable chart: {exc}") from None
        if values != [list(map(float, row)) for row in ds.values] or extra != list(map(float, ds.extra)):
            raise ItemCheckError(f"item {item.id}: the chart does not show the data it was made from")
        # (split at plain spaces: Bokmål groups digits with a no-break space, which split() would cut)
        shown = {token.rstrip(",") for token in figure.text.replace("\n", " ").split(" ")}
        for row in values:  # the terminal's text rendering shows the same values
            for value in row:
                if group(int(value), item.lang) not in shown:
                    raise ItemCheckError(f"item {item.id}: the value {value:g} is not in the text rendering")
        for name in ds.rows:
            if name not in figure.svg or name not in figure.text:
                raise ItemCheckError(f"item {item.id}: {name!r} is not on the chart")
        check_question(item, list(ds.rows), list(ds.cols), values, extra, ds.rate,
                       figure.text if rate_text(ds.rate, item.lang) in figure.svg else "")

    def _as_drawn(self, item: Item, figure: Svg, chart: str, rows: int, cols: int) -> list[list[float]]:
        """The values as a candidate reads them: off the axis for bars and lines (on the read
        step the prompt states, with no value printed), from the labels for a pie (whose slices
        must have the labelled shares)."""
        if chart == "pie":
            texts = LABEL.findall(figure.svg)
            names = item.params["data"]["rows"]
            slices = {t.split(": ", 1)[0]: t.split(": ", 1)[1] for t in texts if ": " in t}
            labelled = [read_number(slices[name], item.lang) for name in names if name in slices]
            shares = charts.read_marks(figure.svg, "pie")
            total = sum(labelled)
            if len(labelled) != rows or len(shares) != rows or any(
                    abs(s - v / total) > 0.003 for s, v in zip(shares, labelled, strict=True)):
                raise ItemCheckError(f"item {item.id}: the pie's slices do not match their labels")
            return [[v] for v in labelled]
        read = float(item.params["read"])
        hint = self.hints["read_half" if read < float(item.params["grid"]) else "read_line"]
        if not read or hint.format(read=label_of(read, item.lang)) not in item.prompt:
            raise ItemCheckError(f"item {item.id}: the prompt does not say how finely the chart is read")
        try:
            raw = drawn_values(figure.svg, chart, rows, cols, item.lang)
        except charts.ChartReadError as exc:
            raise ItemCheckError(f"item {item.id}: {exc}") from None
        values = []
        for row in raw:
            steps = [v / read for v in row]
            if any(abs(s - round(s)) > 0.05 for s in steps):  # a value a careful reader cannot read exactly
                raise ItemCheckError(f"item {item.id}: a value is drawn off the read step {read:g}")
            values.append([round(s) * read for s in steps])
        printed = set(NOT_TICK.findall(figure.svg))
        for row in values:  # nothing to read is printed: the values are read off the axis
            if any(group(int(v), item.lang) in printed for v in row):
                raise ItemCheckError(f"item {item.id}: a value is printed on the chart")
        return values
