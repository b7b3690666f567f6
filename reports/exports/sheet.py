"""An empty answer sheet for `secondround grade`: the header row (candidate, 1..N), and a row per
candidate of a group when one is given, to fill in a spreadsheet."""

from __future__ import annotations

import csv
import io

from engine.forms import TestForm
from engine.i18n import t
from engine.safeio import csv_cell
from reports.exports import Export, Options


def export(form: TestForm, options: Options) -> Export:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([t("export.sheet_name_column"), *range(1, len(form.items) + 1)])
    writer.writerows([csv_cell(name), *[""] * len(form.items)] for name in options.names)
    return Export(("\ufeff" + out.getvalue()).encode("utf-8"), len(form.items))
