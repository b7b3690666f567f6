"""Answer sheets: read a CSV of candidates' answers to a form, check every cell, store each valid
row as a finished session (source 'sheet') with its group, all rows in one transaction.

Sheet layout: a header row, then one row per candidate. The first column is the candidate's name;
every other column is one item, named by its number on the answer sheet (1..N across the whole
form, as in the booklet) or by its item id. Letters A-H answer choice items, numbers answer
numeric-entry items, a blank cell is a skipped item. Commas, semicolons or tabs separate cells."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from engine.forms import TestForm, form_id_of
from engine.i18n import error_text, t
from engine.safeio import csv_uncell
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
    try:
        records = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:  # a NUL byte, a field beyond the csv module's limit
        raise SheetError(t("grade.unreadable", path=path, error=exc)) from None
    numbered = [(i + 1, r) for i, r in enumerate(records) if any(cell.strip() for cell in r)]
    if not numbered:  # only delimiters or blanks
        raise SheetError(t("grade.empty", path=path))
    _header_row, header = numbered[0]
    positions = _columns(form, header, path)
    if len(numbered) == 1:
        raise SheetError(t("grade.no_rows", path=path))
    rows, problems, seen = [], [], {}
    # One normalization per distinct (item, cell text): a class of 10,000 repeats the same letters.
    normal: dict[tuple[int, str], str | InvalidResponseError] = {}
    for row, cells in numbered[1:]:
        name = csv_uncell(cells[0]).strip() if cells else ""  # "'=x" as our own exports neutralise it
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
            found = normal.get((position, cell))
            if found is None:
                try:
                    found = form.items[position].normalize_response(csv_uncell(cell))
                except InvalidResponseError as exc:
                    found = exc
                normal[(position, cell)] = found
            if isinstance(found, InvalidResponseError):
                problem.messages.append(t("grade.bad_cell", column=column, number=position + 1,
                                          error=error_text(found)))
            else:
                responses[position] = found
        if problem.messages:
            problems.append(problem)
        else:
            seen[name] = row
            rows.append(SheetRow(row, name, responses))
    return rows, problems


def _read_text(path: Path) -> str:
    from engine.safeio import MAX_SHEET_BYTES, InputError, read_capped

    try:
        return read_capped(path, MAX_SHEET_BYTES, t("safe.what_sheet")).decode("utf-8-sig")
    except FileNotFoundError:
        raise SheetError(t("grade.no_file", path=path)) from None
    except UnicodeDecodeError:
        raise SheetError(t("grade.not_utf8", path=path)) from None
    except InputError as exc:
        raise SheetError(str(exc)) from None
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
        # ASCII digits only: '²'.isdigit() is true, and int() cannot read it.
        if label.isascii() and label.isdigit() and len(label) <= 9 and 1 <= int(label) <= count:
            position = int(label) - 1
        elif label in by_id:
            position = by_id[label]
        else:
            raise SheetError(t("grade.bad_header", path=path, column=column, label=label[:40], count=count))
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
    return graded_sheets(store, form_id).get(name, [])


def graded_sheets(store: Store, form_id: str) -> dict[str, list[int]]:
    """Candidate -> sessions already graded from a sheet for this form, in one query."""
    found: dict[str, list[int]] = {}
    for name, session_id in store.conn.execute(
            "SELECT candidate, id FROM sessions WHERE form_id = ? AND source = 'sheet' ORDER BY id DESC",
            (form_id,)):
        found.setdefault(name, []).append(session_id)
    return found


def store_row(store: Store, form: TestForm, sheet: SheetRow, group: str | None, lang: str,
              replace: tuple[int, ...] = ()) -> int:
    """Store one candidate's sheet as a finished session; the sessions in `replace` are deleted."""
    return store_rows(store, form, [(sheet, replace)], group, lang)[0]


def store_rows(store: Store, form: TestForm, sheets: list[tuple[SheetRow, tuple[int, ...]]],
               group: str | None, lang: str) -> list[int]:
    """Store every sheet row as a finished session in ONE transaction (the form, the candidates and
    the group with them): all rows are stored, or nothing is. `sheets` pairs each row with the
    earlier sheet sessions it replaces. Returns the new session ids, in order."""
    text = form.to_json()
    form_id = form_id_of(text)
    stamp = now_iso()
    items = form.items
    meta = [(form.section_of(p), item.id, item.fingerprint(), item.family) for p, item in enumerate(items)]
    limits = [s.time_limit_s * 1000 for s in form.sections]
    grades: dict[tuple[int, str], int] = {}
    session_ids: list[int] = []
    with store.transaction() as conn:
        conn.execute("INSERT OR IGNORE INTO forms VALUES (?, ?, ?, ?, ?, ?)",
                     (form_id, form.blueprint, form.title, form.seed, text, stamp))
        conn.executemany("INSERT OR IGNORE INTO candidates VALUES (?, '', ?)",
                         [(sheet.name, stamp) for sheet, _ in sheets])
        if group:
            conn.execute("INSERT OR IGNORE INTO groups VALUES (?, ?)", (group, stamp))
            conn.executemany("INSERT OR IGNORE INTO group_members VALUES (?, ?)",
                             [(group, sheet.name) for sheet, _ in sheets])
        conn.executemany("DELETE FROM sessions WHERE id = ? AND source = 'sheet'",
                         [(old,) for _, replace in sheets for old in replace])
        last = (len(items) - 1, len(form.sections) - 1)
        packed: list[tuple[int, str]] = []  # per session its cells as JSON: "1C" right, "0B" wrong, null blank
        for sheet, _ in sheets:
            cur = conn.execute(
                "INSERT INTO sessions (form_id, mode, status, candidate, lang, created_at, started_at, "
                "finished_at, position, section, group_name, source) "
                "VALUES (?, 'exam', 'finished', ?, ?, ?, ?, ?, ?, ?, ?, 'sheet')",
                (form_id, sheet.name, lang, stamp, stamp, stamp, *last, group))
            session_id = int(cur.lastrowid or 0)
            session_ids.append(session_id)
            cells: list[str | None] = []
            for p, r in enumerate(sheet.responses):
                if r is None:
                    cells.append(None)
                    continue
                correct = grades.get((p, r))
                if correct is None:
                    correct = grades[(p, r)] = int(items[p].grade(r))
                cells.append(f"{correct}{r}")
            packed.append((session_id, json.dumps(cells)))
        conn.executemany("INSERT INTO section_state (session_id, section, status, time_limit_ms) "
                         "VALUES (?, ?, 'done', ?)",
                         [(sid, i, ms) for sid in session_ids for i, ms in enumerate(limits)])
        if store.dialect != "sqlite":  # PostgreSQL: no json_each; psycopg pipelines the plain rows
            conn.executemany(
                "INSERT INTO responses (session_id, position, section, item_id, fingerprint, family, response, "
                "correct, status, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(sid, p, *meta[p], None if c is None else c[1:], None if c is None else int(c[0]),
                  "skipped" if c is None else "answered", None if c is None else stamp)
                 for sid, text in packed for p, c in enumerate(json.loads(text))])
            return session_ids
        # The response rows are made by SQLite from two small temporary tables (the items once, each
        # session's cells as one JSON text): binding 10 values per row from Python was most of the time.
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sheet_items "
                     "(position INTEGER PRIMARY KEY, section, item_id, fingerprint, family)")
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS sheet_cells (session_id INTEGER PRIMARY KEY, cells TEXT)")
        conn.execute("DELETE FROM temp.sheet_items")
        conn.execute("DELETE FROM temp.sheet_cells")
        conn.executemany("INSERT INTO temp.sheet_items VALUES (?, ?, ?, ?, ?)",
                         [(p, *row) for p, row in enumerate(meta)])
        conn.executemany("INSERT INTO temp.sheet_cells VALUES (?, ?)", packed)
        conn.execute(
            "INSERT INTO responses (session_id, position, section, item_id, fingerprint, family, response, "
            "correct, status, answered_at) "
            "SELECT c.session_id, m.position, m.section, m.item_id, m.fingerprint, m.family, substr(j.value, 2), "
            "CAST(substr(j.value, 1, 1) AS INTEGER), CASE WHEN j.value IS NULL THEN 'skipped' ELSE 'answered' END, "
            "CASE WHEN j.value IS NULL THEN NULL ELSE ? END "
            "FROM temp.sheet_cells c, json_each(c.cells) j JOIN temp.sheet_items m ON m.position = j.key "
            "ORDER BY c.session_id, m.position", (stamp,))
        conn.execute("DELETE FROM temp.sheet_cells")
    return session_ids
