"""The test-set format: the shipped JSON Schema describes what generate writes, every load uses it,
and its problems are located exactly (JSON pointer, section, item, field)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from engine.forms import FORM_VERSION, FormError, TestForm, schema_problems
from engine.schema_check import load_schema, validate
from tests.coach_forms import every_family_form, figure_form
from tests.factories import make_form


def forms() -> list[TestForm]:
    return [make_form((60, 3), (30, 2), with_entry=True), figure_form(), every_family_form()]


@pytest.mark.parametrize("form", forms(), ids=["handmade", "figures", "every-family"])
def test_written_forms_fit_the_schema_and_round_trip_identically(form: TestForm) -> None:
    data = json.loads(form.to_json())
    assert validate(data) == []
    again = TestForm.from_dict(data)
    assert again == form or again.to_json() == form.to_json()
    assert again.to_json() == form.to_json() and again.form_id == form.form_id


def test_scoring_rules_fit_the_schema_and_round_trip(tmp_path: Path) -> None:
    import dataclasses

    from engine.blueprints import ScoringRules

    form = dataclasses.replace(figure_form(), scoring=ScoringRules(0.25, True))
    path = tmp_path / "form.json"
    path.write_text(form.to_json())
    assert json.loads(form.to_json())["scoring"] == {"negative_marking": 0.25, "guessing_correction": True}
    assert set(json.loads(form.to_json())) <= set(load_schema()["properties"])  # every top-level field declared
    assert TestForm.load(path).to_json() == form.to_json()
    data = json.loads(form.to_json())
    data["scoring"]["negative_marking"] = 2
    assert [p.pointer for p in validate(data)] == ["/scoring/negative_marking"]


def test_the_schema_is_versioned_and_documented() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["format_version"]["maximum"] == FORM_VERSION
    item = schema["$defs"]["item"]
    # Every field to_dict writes is declared and described (the schema is the format's documentation).
    written = set(json.loads(figure_form().to_json())["sections"][0]["items"][0])
    assert written == set(item["properties"])
    assert all(prop.get("description") for prop in item["properties"].values())


def corruptions() -> list[tuple[str, object]]:
    return [("/sections/0/items/0/key", "B"), ("/sections/0/items/0/difficulty", 9),
            ("/sections/0/items/0/section", "maths"), ("/sections/0/items/1/figure/kind", "chart"),
            ("/sections/0/items/0/options/0/text", 5), ("/sections/1/time_limit_s", 0),
            ("/sections/0/items/2/entry/tolerance", -1), ("/title", None), ("/sections/0/items/0/id", "x/y"),
            ("/sections/0/items/0/surprise", 1)]


def set_pointer(data: dict, pointer: str, value: object) -> None:
    *parents, last = pointer.split("/")[1:]
    node = data
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    node[last] = value


@pytest.mark.parametrize(("pointer", "value"), corruptions())
def test_problems_name_the_exact_place(pointer: str, value: object) -> None:
    data = json.loads(figure_form().to_json())
    set_pointer(data, pointer, value)
    problems = validate(data)
    assert problems and problems[0].pointer == pointer, problems


def test_our_validator_agrees_with_jsonschema() -> None:
    jsonschema = pytest.importorskip("jsonschema", reason="jsonschema (test extra) cross-checks our validator")
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    reference = jsonschema.Draft202012Validator(schema)
    good = json.loads(figure_form().to_json())
    assert not list(reference.iter_errors(good)) and not validate(good)
    for pointer, value in corruptions():
        data = copy.deepcopy(good)
        set_pointer(data, pointer, value)
        assert list(reference.iter_errors(data)), pointer
        assert validate(data), pointer


def test_load_reports_item_and_field_in_words(tmp_path: Path) -> None:
    data = json.loads(figure_form().to_json())
    data["sections"][1]["items"][0]["options"][2]["text"] = ""
    path = tmp_path / "form.json"
    path.write_text(json.dumps(data))
    with pytest.raises(FormError) as caught:
        TestForm.load(path)
    message = str(caught.value)
    assert "/sections/1/items/0/options/2/text" in message
    assert "section 2, item 1 (number 4 overall), field options.2.text" in message
    assert "must not be empty" in message
    assert schema_problems(data) == [message.split("not a valid test set: ")[1].split(". `secondround")[0]]


def test_old_or_foreign_files_get_a_clear_message(tmp_path: Path) -> None:
    data = json.loads(figure_form().to_json())
    del data["format"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data))
    with pytest.raises(FormError, match=r'not a secondround test form \(no "format": "secondround\.form"\)'):
        TestForm.load(path)
    data["format"] = "secondround.form"
    del data["format_version"]
    path.write_text(json.dumps(data))
    with pytest.raises(FormError, match="'format_version' must be a whole number from 1 \\(got None\\)"):
        TestForm.load(path)
    data["format"], data["format_version"] = "secondround.candidate-form", 1
    path.write_text(json.dumps(data))
    with pytest.raises(FormError, match="candidate copy"):
        TestForm.load(path)


def test_validation_is_cheap() -> None:
    import time

    data = json.loads(every_family_form().to_json())
    start = time.perf_counter()
    for _ in range(20):
        assert not validate(data)
    assert (time.perf_counter() - start) / 20 < 0.05  # well under a tenth of a second per form
