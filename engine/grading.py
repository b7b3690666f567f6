"""Answer sheets: read a CSV of candidates' answers to a form, check every cell, store each valid
row as a finished session (source 'sheet') with its group, in one transaction per candidate.

Sheet layout: a header row, then one row per candidate. The first column is the candidate's name;
every other column is one item, named by its number on the answer sheet (1..N across the whole
form, as in the booklet) or by its item id. Letters A-H answer choice items, numbers answer
numeric-entry items, a blank cell is a skipped item. Commas, semicolons or tabs separate cells."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from engine.forms import TestForm, form_id_of
from engine.i18n import error_text, t
from engine.store import Store, now_iso
from question_generators.errors import InvalidResponseError, SecondroundError


class SheetError(SecondroundError):
    """An answer sheet that cannot be read at all (file, encoding, header)."""


@dataclass(slots=True)
class SheetRow:
    row: int  # 1-based line of the sheet; the header is row 1
    name: str
    responses: list[str | None]  # normalized, by position in the form; None = blank (skipped)


@dataclass(slots=True)
class RowProblem:
    row: int
    name: str
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        who = t("grade.row_name", row=self.row, name=self.name) if self.name else t("grade.row", row=self.row)
        return who + ": " + "; ".join(self.messages)


def read_sheet(form: TestForm, path: Path) -> tuple[list[SheetRow], list[RowProblem]]:
    """Every valid row, and every problem row with each bad cell named by row and column."""
    text = _read_text(path)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise SheetError(t("grade.empty", path=path))
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    numbered = [(i + 1, r) for i, r in enumerate(records) if any(cell.strip() for cell in r)]
    _header_row, header = numbered[0]
    positions = _columns(form, header, path)
    if len(numbered) == 1:
        raise SheetError(t("grade.no_rows", path=path))
    rows, problems, seen = [], [], {}
    for row, cells in numbered[1:]:
        name = cells[0].strip() if cells else ""
        problem = RowProblem(row, name)
        if len(cells) != len(header):
            problem.messages.append(t("grade.cell_count", cells=len(cells), columns=len(header)))
            problems.append(problem)
            continue
        if not name:
            problem.messages.append(t("grade.no_name"))
        elif name in seen:
            problem.messages.append(t("grade.duplicate_name", name=name, first=seen[name]))
        responses: list[str | None] = [None] * len(form.items)
        for column, (cell, position) in enumerate(zip(cells[1:], positions, strict=True), start=2):
            if not cell.strip():
                continue
            item = form.items[position]
            try:
                responses[position] = item.normalize_response(cell)
            except InvalidResponseError as exc:
                problem.messages.append(t("grade.bad_cell", column=column, number=position + 1,
                                          error=error_text(exc)))
        if problem.messages:
            problems.append(problem)
        else:
            seen[name] = row
            rows.append(SheetRow(row, name, responses))
    return rows, problems


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SheetError(t("grade.no_file", path=path)) from None
    except UnicodeDecodeError:
        raise SheetError(t("grade.not_utf8", path=path)) from None
    except OSError as exc:
        raise SheetError(t("grade.unreadable", path=path, error=exc)) from None


def _columns(form: TestForm, header: list[str], path: Path) -> list[int]:
    """The form position each answer column holds; every item exactly once."""
    by_id = {item.id: position for position, item in enumerate(form.items)}
    count = len(form.items)
    positions: list[int] = []
    named: dict[int, int] = {}
    for column, cell in enumerate(header[1:], start=2):
        label = cell.strip()
        if label.isdigit() and 1 <= int(label) <= count:
            position = int(label) - 1
        elif label in by_id:
            position = by_id[label]
        else:
            raise SheetError(t("grade.bad_header", path=path, column=column, label=label, count=count))
        if position in named:
            raise SheetError(t("grade.repeated_header", path=path, column=column, first=named[position],
                               number=position + 1))
        named[position] = column
        positions.append(position)
    missing = [str(p + 1) for p in range(count) if p not in named]
    if missing:
        raise SheetError(t("grade.missing_items", path=path, items=", ".join(missing), count=count))
    return positions


def previous_sheets(store: Store, form_id: str, name: str) -> list[int]:
    """Sessions already graded from a sheet for this candidate and form."""
    return [s.id for s in store.sessions(candidate=name) if s.form_id == form_id and s.source == "sheet"]


def store_row(store: Store, form: TestForm, sheet: SheetRow, group: str | None, lang: str,
              replace: tuple[int, ...] = ()) -> int:
    """Store one candidate's sheet as a finished session; the sessions in `replace` are deleted."""
    text = form.to_json()
    form_id = form_id_of(text)
    store.save_form(form_id, form.blueprint, form.title, form.seed, text)
    store.add_candidate(sheet.name, groups=(group,) if group else ())
    rows = [(form.section_of(p), item.id, item.fingerprint(), item.family) for p, item in enumerate(form.items)]
    session_id = store.create_session(form_id, "exam", sheet.name, lang,
                                      [s.time_limit_s * 1000 for s in form.sections], rows,
                                      group=group, source="sheet")
    stamp = now_iso()
    try:
        with store.transaction() as conn:
            for old in replace:
                conn.execute("DELETE FROM sessions WHERE id = ? AND source = 'sheet'", (old,))
            conn.executemany(
                "UPDATE responses SET status = ?, response = ?, correct = ?, answered_at = ? "
                "WHERE session_id = ? AND position = ?",
                [("answered" if r is not None else "skipped", r,
                  None if r is None else int(form.items[p].grade(r)), stamp if r is not None else None,
                  session_id, p) for p, r in enumerate(sheet.responses)])
            conn.execute("UPDATE section_state SET status = 'done' WHERE session_id = ?", (session_id,))
            conn.execute("UPDATE sessions SET status = 'finished', started_at = ?, finished_at = ?, "
                         "position = ?, section = ? WHERE id = ?",
                         (stamp, stamp, len(form.items) - 1, len(form.sections) - 1, session_id))
    except BaseException:
        with store.transaction() as conn:  # never leave a half-graded session behind
            conn.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
        raise
    return session_id
