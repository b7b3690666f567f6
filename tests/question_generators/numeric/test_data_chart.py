"""numeric.data_chart: every item verified, corruptions caught, difficulty model, charts, testlets."""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from collections import Counter

import pytest

from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.numeric import charts, data, data_chart
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.numeric import numerical_checks as nc
from tests.question_generators.numeric.test_arithmetic import english_in_code
from tests.question_generators.realism import model_time

FAMILY = "numeric.data_chart"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)  # 2,000 items across -3..+3, each already checked by make_item


def test_check_passes_across_the_difficulty_range(items) -> None:
    nc.check_all(FAMILY, items)
    assert Counter(i.params["chart"] for i in items).keys() == set(data_chart.CHARTS)
    assert {i.params["kind"] for i in items} == set(data.KINDS)  # rates per unit from the table beside a bar chart


def test_corrupted_keys_and_options_are_caught(items) -> None:
    nc.corrupted_keys_caught(FAMILY, items)


def test_check_fails_when_the_chart_does_not_show_the_data(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:200]:
        values = [list(row) for row in item.params["data"]["values"]]
        values[0][0] = values[0][0] * 7 + 3
        params = {**item.params, "data": {**item.params["data"], "values": values}}
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, params=params))


def test_difficulty_rises_with_level_kind_and_chart(items) -> None:
    nc.difficulty_monotone(items, "level", ())  # the mix of chart types confounds the raw feature means
    for item in items:
        p = item.params
        assert item.difficulty == data_chart.difficulty_of(p["level"], p["second"], p["columns"], p["chart"],
                                                           p["cannot"])
    for level, second, columns in itertools.product(range(5), (0, 1), (3, 4)):
        b = data_chart.difficulty_of(level, second, columns, "bar")
        if not set(data.LEVELS[level][:2]) & data.PER_UNIT:  # two sources add their own term
            assert data_chart.difficulty_of(level, 1, columns, "bar") >= b
        assert data_chart.difficulty_of(level, second, columns + 1, "bar") > b
        if level < 4:
            assert data_chart.difficulty_of(level + 1, second, columns, "bar") > b
    for level, kinds in enumerate(data.LEVELS):  # a chart and its table: 0.3 logits for the second source
        for second, kind in enumerate(kinds):
            plain = (-2.75 + 1.25 * level + 0.2 * second + 0.1 * 0) + (0.3 if kind in data.PER_UNIT else 0)
            assert data_chart.difficulty_of(level, second, 3, "bar") == pytest.approx(plain)
    assert data_chart.difficulty_of(2, 0, 3, "stacked") > data_chart.difficulty_of(2, 0, 3, "line") \
        > data_chart.difficulty_of(2, 0, 3, "bar")
    for item in items:
        assert 65 <= model_time(item) <= 100


def test_options_distinct_named_balanced_and_far_apart(items) -> None:
    numeric = [i for i in items if i.params["kind"] != "largest"]
    nc.options_distinct_named_balanced(numeric)
    for item in numeric:
        values = [o.value for o in item.options if o.value is not None]
        key = item.options[item.key].value if item.params.get("cannot") != 2 else item.params["q"]["would_be"]
        gap = max(3 * 10 ** -item.params["decimals"], 0.015 * abs(key)) - 1e-9
        assert all(b - a >= gap for a, b in itertools.pairwise(values)), item.id


def _read_back(svg: str, chart: str, rows: int, cols: int) -> list[list[float]]:
    """The values of a chart read from its SVG geometry with an XML parser (apart from the
    generator's own regular-expression reader): the labelled ticks give the axis, bar heights and
    marker centres give the values."""
    root = ET.fromstring(svg)
    ticks = [(float(t.text.replace(",", "")), float(t.get("y")) - 4) for t in root.iter(f"{SVG}text")
             if t.get("class") == "t"]
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    per_unit = (y0 - y1) / (v1 - v0)
    marks = [e for e in root.iter() if e.get("class") == "m"]
    if chart in ("bar", "stacked"):
        got = [float(e.get("height")) / per_unit for e in marks]
    else:
        centres = []
        for e in marks:
            if e.tag == f"{SVG}circle":
                centres.append(float(e.get("cy")))
            elif e.tag == f"{SVG}rect":
                centres.append(float(e.get("y")) + float(e.get("height")) / 2)
            else:  # a diamond: the mean of its four vertices
                ys = [float(p.split(",")[1]) for p in e.get("d").replace("M", "").replace("L", "").split()
                      if "," in p]
                centres.append(sum(ys) / len(ys))
        got = [(y0 + v0 * per_unit - y) / per_unit for y in centres]
    if chart == "stacked":
        return [[got[c * rows + r] for c in range(cols)] for r in range(rows)]
    return [got[r * cols:(r + 1) * cols] for r in range(rows)]


def test_charts_are_read_off_the_axis_with_no_value_labels(items) -> None:
    seen = set()
    for item in items[:500]:
        figure = item.figure
        assert isinstance(figure, Svg)
        root = ET.fromstring(figure.svg)  # well-formed XML
        assert root.tag == f"{SVG}svg"
        chart, d = item.params["chart"], item.params["data"]
        values = d["values"]
        for row in values:  # the terminal keeps its labelled text bars
            for value in row:
                assert f"{value:,}" in figure.to_text()
        assert "<figure" in figure.to_html() and figure.alt
        seen.add(chart)
        labels = [t.text or "" for t in root.iter(f"{SVG}text") if t.get("class") != "t"]
        if chart == "pie":  # a slice cannot be read off an axis: real tests label it, as here
            assert all(any(f": {row[0]:,}" in t for t in labels) for row in values)
            continue
        printed = {f"{v:,}" for row in values for v in row}
        assert not printed & set(labels), item.id  # no bar, segment or point carries its value
        read = item.params["read"]
        assert read in (item.params["grid"], item.params["grid"] / 2) and read == int(read)
        assert all(v % read == 0 for row in values for v in row)  # on a gridline or halfway
        back = _read_back(figure.svg, chart, len(values), len(values[0]))
        for row, got in zip(values, back, strict=True):
            assert got == pytest.approx(row, abs=read * 0.05), item.id
        assert f"nearest {int(read):,}" in item.prompt  # the stem says how finely to read
    assert seen == set(data_chart.CHARTS)


def test_gridlines_are_round_values_12_to_30_px_apart(items) -> None:
    for item in items[:300]:
        if item.params["chart"] == "pie":
            continue
        root = ET.fromstring(item.figure.svg)
        ticks = [float(t.text.replace(",", "")) for t in root.iter(f"{SVG}text") if t.get("class") == "t"]
        steps = {round(b - a, 6) for a, b in itertools.pairwise(ticks)}
        assert len(steps) == 1 and ticks[0] == 0
        lines = [float(e.get("y1")) for e in root.iter(f"{SVG}line") if e.get("class") == "g"]
        gaps = [a - b for a, b in itertools.pairwise(lines)]
        assert min(gaps) >= 11.9 and max(gaps) <= 30, gaps  # labelled every other line when under 18 px


def test_a_slight_misreading_still_leads_to_the_key(items) -> None:
    """Options are far enough apart that misreading any one value the answer uses by a quarter of the
    read step leaves the key the nearest option (a careful reader, who reads each value to the
    stated step, gets the key exactly)."""
    checked = 0
    for item in items:
        p = item.params
        if p["chart"] == "pie" or p["kind"] == "largest" or p["cannot"] == 2:
            continue
        ds = data.DataSet(p["data"]["context"], tuple(p["data"]["rows"]), tuple(p["data"]["cols"]),
                          tuple(tuple(r) for r in p["data"]["values"]), tuple(p["data"]["extra"]),
                          p["data"]["rate"], "", "")
        values = [[float(v) for v in row] for row in ds.values]
        numeric = [o.value for o in item.options if o.value is not None]
        key = item.options[item.key].value
        rows, cols = data.used_cells(p["kind"], ds, p["q"])
        for r in rows:
            for c in cols:
                for delta in (-p["read"] / 4, p["read"] / 4):
                    values[r][c] += delta
                    misread = data.truth(p["kind"], values, list(ds.extra), ds.rate, p["q"])
                    values[r][c] -= delta
                    nearest = min(numeric, key=lambda v: abs(v - misread))
                    assert nearest == key, (item.id, r, c, delta)
        checked += 1
    assert checked > 500


def test_check_reads_the_drawing_not_the_parameters(items) -> None:
    """A bar drawn a read step taller than the data (or a value printed on the chart) fails the check."""
    generator = get_generator(FAMILY)
    for item in [i for i in items if i.params["chart"] == "bar"][:40]:
        svg = item.figure.svg
        start = svg.index('<rect class="m"')
        height = svg.index('height="', start) + len('height="')
        end = svg.index('"', height)
        taller = float(svg[height:end]) + 20.0
        moved = svg[:height] + f"{taller:.1f}" + svg[end:]
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, figure=dataclasses.replace(item.figure, svg=moved)))
        value = item.params["data"]["values"][0][0]
        labelled = svg.replace("</svg>", f'<text x="1" y="1">{value:,}</text></svg>')
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, figure=dataclasses.replace(item.figure, svg=labelled)))


def test_palette_is_colour_blind_safe_and_patterns_distinguish_bars() -> None:
    assert charts.PALETTE[:3] == ("#0072B2", "#E69F00", "#009E73")  # Okabe-Ito
    svg, _ = charts.grouped_bars("T", ("a", "b"), ("x", "y", "z"), ((1, 2, 3), (4, 5, 6)), "u")
    assert 'fill="url(#' in svg and "<pattern" in svg
    assert charts.nice_step(480) == 100 and charts.nice_step(37) == 10


def test_testlet_questions_share_the_chart_and_regenerate() -> None:
    questions = [make_item(FAMILY, d, 100 + q, stimulus=777, question=q) for q, d in enumerate((-1.0, 0.0, 1.0))]
    assert len({item.figure for item in questions}) == 1
    assert len({item.prompt for item in questions}) == 3
    for item in questions:
        assert regenerate(item.id) == item


def test_same_seed_same_item_and_variety(items) -> None:
    assert make_item(FAMILY, 0.3, 11).to_dict() == make_item(FAMILY, 0.3, 11).to_dict()
    nc.fingerprints_vary(items, 0.9)


def test_no_sympy_and_no_english_in_the_code() -> None:
    nc.no_sympy(FAMILY)
    assert set(english_in_code(data_chart)) <= {data_chart.DataChartGenerator.title}


def test_at_most_one_generic_slip(items) -> None:
    nc.at_most_one_generic_slip(items, "data")


def test_a_table_beside_grouped_bars_gives_the_second_source(items) -> None:
    """Issue 14: a stimulus in two parts. Bars of a context with a second measure carry a table of it;
    a rate per unit reads its value off the chart and its count from the table; check() reads the
    table as displayed (a changed cell is caught)."""
    generator = get_generator(FAMILY)
    two = [i for i in items if i.params["data"]["extra"]]
    assert two and all(i.params["chart"] == "bar" for i in two)
    for item in two[:100]:
        root = ET.fromstring(item.figure.svg)
        cells = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "x"]
        assert cells == [f"{e:,}" for e in item.params["data"]["extra"]]
        heading = data.data_phrases("en")["table_title"].split(",")[0].format(
            extra=data.context_of("en", item.params["data"]["context"])["extra"])
        assert heading in item.figure.to_text()
    per_unit = [i for i in two if i.params["kind"] in data.PER_UNIT]
    assert {i.params["kind"] for i in per_unit} == data.PER_UNIT
    for item in per_unit[:40]:
        first = item.figure.svg.index('class="x">') + len('class="x">')
        end = item.figure.svg.index("<", first)
        changed = item.figure.svg[:first] + "999" + item.figure.svg[end:]
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, figure=dataclasses.replace(item.figure, svg=changed)))


def test_hard_chart_items_take_four_steps_from_two_sources_or_all_the_data() -> None:
    items = [make_item(FAMILY, 2.0, s) for s in range(150)]
    kinds = Counter(i.params["kind"] for i in items)
    # two rows' chart values ÷ their table counts, subtracted, then the note's rate (issue 14: until
    # version 6 the two-source item at the top was per_unit_convert, one division and one product)
    assert kinds["per_unit_gap"] >= 10 and not kinds["per_unit_convert"]
    assert sum(n for k, n in kinds.items() if data.STEPS[k] >= 3) / len(items) >= 0.8
    cannot = data.data_phrases("en")["cannot"]
    keyed = [i for i in (make_item(FAMILY, 1.8, s) for s in range(400))
             if i.params["kind"] == "per_unit_gap" and i.options[i.key].text == cannot]
    assert keyed  # "Cannot be determined" is honestly the key of some: the period asked is not shown
