"""numeric.data_table: every item verified, corruptions caught, difficulty model, tables, testlets."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter

import pytest

from question_generators.errors import ItemCheckError
from question_generators.figures import Table
from question_generators.numeric import data, data_table
from question_generators.registry import get_generator, make_item, regenerate
from tests.question_generators.numeric import numerical_checks as nc
from tests.question_generators.numeric.test_arithmetic import english_in_code
from tests.question_generators.realism import model_time

FAMILY = "numeric.data_table"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)  # 2,000 items across -3..+3, each already checked by make_item


def test_check_passes_across_the_difficulty_range(items) -> None:
    nc.check_all(FAMILY, items)
    assert {i.params["kind"] for i in items} == set(data.KINDS)
    contexts = Counter(i.params["data"]["context"] for i in items)
    assert len(contexts) == 7 and min(contexts.values()) > 100


def test_corrupted_keys_and_options_are_caught(items) -> None:
    nc.corrupted_keys_caught(FAMILY, items)


def test_check_reads_the_table_not_the_params(items) -> None:
    generator = get_generator(FAMILY)
    for item in [i for i in items if i.params["kind"] != "largest" and i.params.get("cannot") != 2][:200]:
        table = item.figure
        q = item.params["q"]
        r = q["r"]
        row = list(table.rows[r])
        cells = [1 + q[k] for k in ("c", "c1", "c2") if k in q] or list(range(1, 1 + item.params["columns"]))
        row[cells[-1]] = f"{int(row[cells[-1]].replace(',', '')) * 3 + 7:,}"
        rows = list(table.rows)
        rows[r] = tuple(row)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, figure=dataclasses.replace(table, rows=tuple(rows))))


def test_difficulty_rises_with_level_kind_and_table_size(items) -> None:
    nc.difficulty_monotone(items, "level", ("second",))
    for level in range(5):
        for second in (0, 1):
            assert data_table.difficulty_of(level, second, 4) > data_table.difficulty_of(level, second, 3)
    for item in items:
        assert 60 <= model_time(item) <= 95


def test_options_distinct_named_balanced_and_far_apart(items) -> None:
    numeric = [i for i in items if i.params["kind"] != "largest"]
    nc.options_distinct_named_balanced(numeric)
    for item in numeric:
        values = [o.value for o in item.options if o.value is not None]
        key = item.options[item.key].value if item.params.get("cannot") != 2 else item.params["q"]["would_be"]
        gap = max(3 * 10 ** -item.params["decimals"], 0.015 * abs(key)) - 1e-9
        assert all(b - a >= gap for a, b in itertools.pairwise(values)), item.id
    largest = [i for i in items if i.params["kind"] == "largest"]
    assert largest
    for item in largest:
        assert [o.text for o in item.options] == [r[0] for r in item.figure.rows]
        assert all(o.mistake for i, o in enumerate(item.options) if i != item.key)


def test_tables_render_as_text_and_html(items) -> None:
    for item in items[:100]:
        table = item.figure
        assert isinstance(table, Table)
        text, html = table.to_text(), table.to_html()
        assert table.caption in text and "<table" in html
        assert all(name in text and name in html for name in item.params["data"]["rows"])
        assert any("(" in c for c in table.columns)  # units in the headers


def test_testlet_questions_share_the_table_and_regenerate() -> None:
    questions = [make_item(FAMILY, d, 100 + q, stimulus=4242, question=q)
                 for q, d in enumerate((-1.0, 0.0, 1.0, 2.0))]
    assert len({item.figure for item in questions}) == 1
    assert len({item.prompt for item in questions}) == 4
    assert len({item.stimulus for item in questions}) == 1
    for item in questions:
        assert regenerate(item.id) == item
    other = make_item(FAMILY, 0.0, 101, stimulus=4243, question=1)
    assert other.figure != questions[0].figure


def test_same_seed_same_item_and_variety(items) -> None:
    assert make_item(FAMILY, 0.3, 11).to_dict() == make_item(FAMILY, 0.3, 11).to_dict()
    nc.fingerprints_vary(items, 0.95)


def test_no_sympy_and_no_english_in_the_code() -> None:
    nc.no_sympy(FAMILY)
    for module in (data, data_table):
        assert set(english_in_code(module)) <= {data_table.DataTableGenerator.title}


def test_at_most_one_generic_slip(items) -> None:
    nc.at_most_one_generic_slip(items, "data")


def test_conversion_questions_name_the_unit_their_answers_are_in() -> None:
    """Units × £ per unit is pounds; only data already in thousands gives thousands."""
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("question_generators.numeric").joinpath("numerical.toml").read_text())
    checked = 0
    for context in data["en"]["data"]["contexts"]:
        if not context.get("convert_q"):
            continue
        source = f"{context['unit_words']} {context['note']} {context['caption']}".lower()
        for question in (context["convert_q"], context["convert_diff_q"]):
            assert ("thousands" in question) == ("thousand" in source), (context["name"], question)
            checked += 1
    assert checked >= 10


def test_two_rates_per_unit_at_the_top_and_per_unit_convert_rated_as_the_three_steps_it_is(items) -> None:
    """Issue 14: per_unit_convert (one division, one product) was rated b 1.4-1.85; since version 6
    it is a level-2 kind, and the two-rate item per_unit_gap (four values, two divisions, a
    subtraction, the rate) takes its place at level 3."""
    convert = [i for i in items if i.params["kind"] == "per_unit_convert"]
    gaps = [i for i in items if i.params["kind"] == "per_unit_gap"]
    assert convert and gaps
    assert all(i.params["level"] == 2 and i.difficulty < 1.0 for i in convert)
    assert all(i.params["level"] == 3 and i.difficulty >= 1.4 for i in gaps)
    ctx = {c["name"]: c for c in data.data_phrases("en")["contexts"]}
    for item in gaps[:200]:
        q, d = item.params["q"], item.params["data"]
        for r in (q["r"], q["r2"]):
            assert d["rows"][r] in item.prompt
        if item.params["cannot"] != 2:
            first, second = (d["values"][r][q["c"]] / d["extra"][r] for r in (q["r"], q["r2"]))
            assert first > second  # "how much more": the first row named has the larger rate
        assert ctx[d["context"]]["per_gap_q"]
    generator = get_generator(FAMILY)
    for item in [i for i in gaps if i.params["cannot"] != 2][:50]:  # a count in the table changed
        rows = [list(r) for r in item.figure.rows]
        rows[item.params["q"]["r2"]][-1] = str(int(rows[item.params["q"]["r2"]][-1]) + 1)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, figure=dataclasses.replace(
                item.figure, rows=tuple(map(tuple, rows)))))


def test_early_rounding_is_a_named_mistake(items) -> None:
    """Issue 14: "rounded early" among the named mistakes (the rate per unit, the growth factor,
    the two rates of a gap), as well as forgetting the rate and reading the wrong row or period."""
    m = data.data_phrases("en")["mistakes"]
    shown = Counter()
    for item in items:
        for option in item.options:
            text = option.mistake or ""
            for name in ("rounded_per", "rounded_factor", "rounded_each", "not_converted", "neighbour_row",
                         "neighbour_column"):
                if text.startswith(m[name].split("{")[0]):
                    shown[name] += 1
    assert all(shown[name] >= 10 for name in ("rounded_per", "rounded_factor", "rounded_each")), shown
