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
    assert {i.params["kind"] for i in items} == set(data.KINDS) - {"per_unit"}  # no second measure on charts


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
        assert data_chart.difficulty_of(level, 1, columns, "bar") >= b
        assert data_chart.difficulty_of(level, second, columns + 1, "bar") > b
        if level < 4:
            assert data_chart.difficulty_of(level + 1, second, columns, "bar") > b
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


def test_charts_render_as_text_and_valid_svg_with_every_value_labelled(items) -> None:
    seen = set()
    for item in items[:400]:
        figure = item.figure
        assert isinstance(figure, Svg)
        root = ET.fromstring(figure.svg)  # well-formed XML
        assert root.tag == f"{SVG}svg"
        labels = {t.text for t in root.iter(f"{SVG}text")}
        for row in item.params["data"]["values"]:
            for value in row:
                assert f"{value:,}" in labels or any(f": {value:,}" in (t or "") for t in labels)
                assert f"{value:,}" in figure.to_text()
        assert "<figure" in figure.to_html() and figure.alt
        seen.add(item.params["chart"])
    assert seen == set(data_chart.CHARTS)


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
