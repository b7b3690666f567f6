"""Data interpretation from a chart: the data sets and questions of numeric.data_table shown as a
grouped bar chart, a stacked bar chart, a line chart or a pie chart (SVG for HTML, labelled text
bars or the plotted values for the terminal). Every value a question needs is printed on the
chart as a data label, so nothing has to be estimated from the axis. Supports testlets.

Difficulty model (IRT logit scale b): as numeric.data_table (five levels of steps, two or three kinds
per level, the number of periods), plus the effort of reading the chart type:

    b = -2.75 + 1.25 * level + 0.2 * second + 0.1 * (columns - 3) + 0.15 * chart_level + 0.35 * cannot

with chart_level 0 for grouped bars and pies, 1 for lines (values spread over several series)
and 2 for stacked bars (segments to add or compare). A pie shows one period, so it carries the
one-period kinds (ratio, share); a line chart shows three series over four periods, so "which
row" questions (five options from five rows) go to bar and stacked charts. Charts carry no second
measure, so rates per unit are asked about tables only. The combination
asked is the one nearest the requested difficulty that the chart allows (as numeric.data_table,
including the "Cannot be determined from the data" option), and pies and line charts serve only
requests below -0.5 and 1.0 respectively, where their few kinds can reach the requested b.
Discrimination a = 0.9 + 0.08 * level; typical time 65 s + 8 s per level.

check() confirms that the chart shows the data it is computed from (every value is a data label
in the SVG, and the text rendering is that of the data), then re-derives the answer from the data
by the independent formulas of question_generators.numeric.data and requires exactly the keyed
option to show it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from typing import Any

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item
from question_generators.numeric import charts
from question_generators.numeric.common import pick, uniforms
from question_generators.numeric.data import (
    DataSet,
    QuestionMaker,
    context_of,
    draw_dataset,
    rate_text,
    repeat_params,
)
from question_generators.numeric.data_table import ask, check_question

CHARTS = ("bar", "pie", "line", "stacked")
CHART_LEVEL = {"bar": 0, "pie": 0, "line": 1, "stacked": 2}
SHAPES = {"bar": ((3, 3), 5), "pie": ((1, 1), 5), "line": ((4, 4), 3), "stacked": ((3, 4), 5)}
WEIGHTS = {"level": 1.25, "second": 0.2, "columns": 0.1, "chart_level": 0.15, "cannot": 0.35}
INTERCEPT = -2.75
Rng = np.random.Generator
LABEL = re.compile(r">([^<]*)</text>")


@functools.cache  # asked for every combination of every item: a small table, memoised
def difficulty_of(level: int, second: int, columns: int, chart: str, cannot: int = 0) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"level": level, "second": second, "columns": columns - 3,
                                                  "chart_level": CHART_LEVEL[chart], "cannot": int(cannot > 0)})


def render(ds: DataSet, chart: str, lang: str) -> Svg:
    """The chart of a data set as SVG plus its text rendering."""
    ctx = context_of(lang, ds.context)
    unit = f"{ctx['unit']} | {ds.note}"
    if chart == "bar":
        svg, text = charts.grouped_bars(ds.caption, ds.rows, ds.cols, ds.values, unit)
    elif chart == "stacked":
        svg, text = charts.stacked_bars(ds.caption, ds.cols, ds.rows, ds.values, unit)
    elif chart == "line":
        svg, text = charts.lines(ds.caption, ds.cols, ds.rows, ds.values, unit)
    else:
        title = f"{ds.caption}, {ds.cols[0]}"
        svg, text = charts.pie(title, ds.rows, tuple(row[0] for row in ds.values), unit)
    alt = f"{chart} chart: {ds.caption}"
    return Svg(svg=svg, text=text, alt=alt)


class DataChartGenerator(BaseGenerator):
    """Data interpretation from a chart: bar, stacked bar, line or pie charts of business data.

    See the module docstring for the difficulty model: as data_table, plus the chart type.
    Supports testlets (several questions on one chart).
    """

    family = "numeric.data_chart"
    section = "numerical"
    version = 4  # 2: one decimal-point slip at most, more named mistakes; 3: pounds for units × price;
    # 4: options without cues (options.choose), "Cannot be determined" options, b chosen near the request
    title = "Data interpretation: charts"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.maker = QuestionMaker(lang)

    def generate(self, rng: Rng, difficulty: float) -> Item:
        return self.generate_question(rng, rng, difficulty, 0)

    def generate_question(self, stimulus_rng: Rng, rng: Rng, difficulty: float, question: int) -> Item:
        # A pie shows one period (ratio and share questions only) and a line chart three series (no
        # "which row" question): they serve the lower levels, where they can be calibrated.
        pool = CHARTS if difficulty < -0.5 else ("bar", "stacked") if difficulty > 1.0 else ("bar", "line", "stacked")
        chart = pick(pool, float(stimulus_rng.random()))
        cols_range, nrows = SHAPES[chart]
        ds = replace(draw_dataset(stimulus_rng, self.lang, cols_range, nrows=nrows), extra=())
        u = uniforms(rng, 16)

        def b_of(level: int, second: int, cannot: int) -> float:
            return difficulty_of(level, second, len(ds.cols), chart, cannot)

        made, level, second, cannot = ask(self.maker, ds, rng, u, difficulty, question, b_of)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=made.prompt,
            explanation=made.explanation, difficulty=difficulty_of(level, second, len(ds.cols), chart, cannot),
            discrimination=round(0.9 + 0.08 * level, 3), time_s=65.0 + 8 * level,
            options=made.options, key=made.key, figure=render(ds, chart, self.lang),
            params={"kind": made.kind, "level": level, "second": second, "columns": len(ds.cols), "cannot": cannot,
                    "chart": chart, "chart_level": CHART_LEVEL[chart], "q": made.q, "decimals": made.decimals,
                    "data": ds.to_params(), **repeat_params(self.family, ds, made, cannot, chart)},
        )

    def check(self, item: Item) -> None:
        check_options(item)
        figure = item.figure
        if not isinstance(figure, Svg):
            raise ItemCheckError(f"item {item.id}: a chart item needs its chart")
        data: dict[str, Any] = item.params["data"]
        try:
            ds = DataSet(data["context"], tuple(data["rows"]), tuple(data["cols"]),
                         tuple(tuple(int(v) for v in row) for row in data["values"]), (), float(data["rate"]),
                         "", "")
            values = [list(map(float, row)) for row in ds.values]
        except (KeyError, TypeError, ValueError) as exc:
            raise ItemCheckError(f"item {item.id}: unreadable data: {exc}") from None
        labels = set()  # the texts printed on the chart; a pie prints "name: value"
        for text in LABEL.findall(figure.svg):
            labels.add(text)
            labels.update(text.split(": "))
        shown = {token.rstrip(",") for token in figure.text.split()}
        for row in ds.values:  # the chart shows every value it is computed from, in both renderings
            for value in row:
                text = f"{value:,}"
                if text not in labels or text not in shown:
                    raise ItemCheckError(f"item {item.id}: the value {text} is not labelled on the chart")
        for name in ds.rows:
            if name not in labels or name not in figure.text:
                raise ItemCheckError(f"item {item.id}: {name!r} is not on the chart")
        check_question(item, list(ds.rows), list(ds.cols), values, [], ds.rate,
                       figure.text if rate_text(ds.rate) in figure.svg else "")
