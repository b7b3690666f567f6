"""CSV export: one row per item for spreadsheets (UTF-8 with a BOM so Excel reads the accents)."""

from __future__ import annotations

import csv
import io

from engine.forms import TestForm
from engine.safeio import csv_cell
from question_generators.item import LETTERS
from reports.exports import Export, Options, machine_number, numbered

COLUMNS = ("section", "number", "number_in_section", "id", "family", "prompt", "figure",
           *(f"option_{letter}" for letter in LETTERS), "key", "answer", "unit", "tolerance",
           "difficulty", "discrimination", "time_s", "explanation")


def safe(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula (OWASP: = + - @ tab CR)."""
    return csv_cell(text)


def export(form: TestForm, options: Options) -> Export:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for entry in numbered(form):
        item = entry.item
        texts = [o.text for o in item.options] + [""] * (len(LETTERS) - len(item.options))
        unit = item.entry.unit if item.entry else ""
        tolerance = machine_number(item.entry.tolerance) if item.entry else ""
        answer = machine_number(item.entry.value) if item.entry else item.options[item.key or 0].text
        cells = [entry.section.name, entry.number, entry.number_in_section, item.id, item.family,
                 item.prompt, item.figure.to_text() if item.figure is not None else "", *texts,
                 item.key_letter if item.is_choice else machine_number(item.entry.value),  # type: ignore[union-attr]
                 answer, unit, tolerance, item.difficulty, item.discrimination, item.time_s, item.explanation]
        writer.writerow([safe(str(cell)) for cell in cells])  # every cell: names and units come from files too
    return Export(("\ufeff" + out.getvalue()).encode("utf-8"), len(form.items))
