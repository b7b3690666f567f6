"""CSV for spreadsheets and JSON (the form, or a candidate copy without keys)."""

from __future__ import annotations

import csv
import io
import json

from engine.forms import TestForm
from question_generators.item import LETTERS
from reports.exports import Options, numbered
from reports.exports.csvfile import COLUMNS
from reports.exports.csvfile import export as export_csv
from reports.exports.jsonfile import export as export_json
from tests.coach_forms import every_family_form, figure_form


def test_csv_has_one_row_per_item_with_options_and_key() -> None:
    for form in (figure_form(), every_family_form()):
        data = export_csv(form, Options()).data
        assert data.startswith("\ufeff".encode())
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert tuple(rows[0]) == COLUMNS and len(rows) == len(form.items)
        for row, entry in zip(rows, numbered(form), strict=True):
            item = entry.item
            assert row["id"] == item.id and int(row["number"]) == entry.number
            assert row["section"] == entry.section.name and row["prompt"].lstrip("'") == item.prompt
            assert [row[f"option_{c}"] for c in LETTERS[: len(item.options)]] == [o.text for o in item.options]
            if item.entry is None:
                assert row["key"] == item.key_letter and row["unit"] == ""
            else:
                assert float(row["key"]) == item.entry.value and row["unit"] == item.entry.unit
                assert float(row["tolerance"]) == item.entry.tolerance
            assert float(row["difficulty"]) == item.difficulty and float(row["time_s"]) == item.time_s


def test_json_export_is_the_form_and_round_trips() -> None:
    form = figure_form()
    data = export_json(form, Options()).data
    assert data.decode() == form.to_json()
    assert TestForm.from_dict(json.loads(data)).to_json() == form.to_json()


def test_candidate_json_keeps_the_questions_and_drops_every_key() -> None:
    form = figure_form()
    copy = json.loads(export_json(form, Options(for_candidate=True)).data)
    assert copy["format"] == "secondround.candidate-form"
    items = [item for section in copy["sections"] for item in section["items"]]
    assert [i["prompt"] for i in items] == [i.prompt for i in form.items]
    assert [[o["text"] for o in i["options"]] for i in items] == [[o.text for o in i.options] for i in form.items]
    for item in items:
        assert not {"key", "explanation", "params", "id"} & set(item)
        assert all(set(o) == {"text"} for o in item["options"])
        assert item["entry"] is None or set(item["entry"]) == {"unit", "decimals"}
    assert "seed" not in copy
