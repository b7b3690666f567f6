"""Issue 16: a 10,000-row answer sheet is read, checked and stored in one transaction, fast (the
benchmark in tests/benchmarks/bench_coach.py holds the 2 s target; this bound is generous for a
shared test machine, and still far below the old 2 ms a row, 20 s)."""

from __future__ import annotations

import time
from pathlib import Path

from engine.blueprints import load_blueprint
from engine.forms import assemble
from engine.grading import graded_sheets, read_sheet, store_rows
from engine.store import Store
from tests.benchmarks.bench_coach import big_sheet


def test_ten_thousand_rows_in_one_transaction(tmp_path: Path) -> None:
    form = assemble(load_blueprint("numerical"), 7)
    sheet = tmp_path / "answers.csv"
    big_sheet(form, sheet)
    store = Store.open(tmp_path / "store.db")
    start = time.perf_counter()
    rows, problems = read_sheet(form, sheet)
    ids = store_rows(store, form, [(row, ()) for row in rows], "big", "en")
    seconds = time.perf_counter() - start
    assert problems == [] and len(ids) == 10_000
    assert seconds < 6.0, f"{seconds:.2f} s for 10,000 rows"
    count = store.conn.execute("SELECT count(*) FROM responses").fetchone()[0]
    assert count == 10_000 * len(form.items)
    # Stored exactly as grading one row at a time would: spot-check a few rows against the items.
    for row, session_id in list(zip(rows, ids, strict=True))[::2500]:
        stored = store.responses(session_id)
        assert [r.response for r in stored] == row.responses
        assert [r.correct for r in stored] == [None if r is None else item.grade(r)
                                                for item, r in zip(form.items, row.responses, strict=True)]
        assert [r.status for r in stored] == ["skipped" if r is None else "answered" for r in row.responses]
    assert len(graded_sheets(store, form.form_id)) == 10_000
    assert store.conn.execute("SELECT count(*) FROM group_members WHERE group_name = 'big'").fetchone()[0] == 10_000
    store.close()
