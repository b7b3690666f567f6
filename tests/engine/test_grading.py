"""Answer sheets: every cell checked and named by row and column, valid rows stored as sessions."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.forms import form_id_of
from engine.grading import SheetError, previous_sheets, read_sheet, store_row
from engine.scoring import score
from tests.coach_forms import figure_form

FORM = figure_form()  # 5 items: 4 choice (keys A, C, D, B) and item 3 a numeric entry (12.5 km +- 0.05)


def sheet(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding=encoding)
    return path


def test_letters_numbers_blanks_ids_and_semicolons(tmp_path: Path) -> None:
    ids = ";".join(item.id for item in FORM.items)
    path = sheet(tmp_path, f"\ufeffname;{ids}\nAda;a;C;12.48;D;B\n\nBo;B;;12.6;d)  ;\n")
    rows, problems = read_sheet(FORM, path)
    assert problems == []
    assert [r.name for r in rows] == ["Ada", "Bo"] and [r.row for r in rows] == [2, 4]
    assert rows[0].responses == ["A", "C", "12.48", "D", "B"]
    assert rows[1].responses == ["B", None, "12.6", "D", None]
    assert [item.grade(r) for item, r in zip(FORM.items, rows[0].responses, strict=True)] == [True] * 5


def test_malformed_rows_are_named_and_the_others_still_graded(tmp_path: Path) -> None:
    path = sheet(tmp_path, "who,1,2,3,4,5\n"
                           "Ada,A,C,12.5,D,B\n"
                           "Bo,A,Z,twelve,D,B\n"
                           ",A,C,12.5,D,B\n"
                           "Ada,A,C,12.5,D,B\n"
                           "Cy,A,C,12.5\n"
                           "Di,E,C,1,D,B\n")
    rows, problems = read_sheet(FORM, path)
    assert [r.name for r in rows] == ["Ada"]
    messages = [str(p) for p in problems]
    assert messages == [
        "row 3 (Bo): column 3 (item 2): 'Z' is not an option: answer with a letter from A to D; "
        "column 4 (item 3): 'twelve' is not a number",
        "row 4: column 1: the candidate's name is empty",
        "row 5 (Ada): column 1: Ada already has a row (row 2)",
        "row 6 (Cy): has 4 cells but the header has 6 columns",
        "row 7 (Di): column 2 (item 1): 'E' is not an option: answer with a letter from A to D",
    ]


@pytest.mark.parametrize(("text", "message"), [
    ("", "is empty"),
    ("who,1,2,3,4,5\n\n", "has a header but no candidate rows"),
    ("who,1,2,3,4,6\n", "column 6: '6' is neither an item number \\(1 to 5\\) nor an item id"),
    ("who,1,2,3,4,2\n", "column 6: item 2 already has column 3"),
    ("who,1,2,3\n", "no column for items 4, 5"),
])
def test_bad_headers_stop_the_whole_sheet(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SheetError, match=message):
        read_sheet(FORM, sheet(tmp_path, text))


def test_unreadable_sheets(tmp_path: Path) -> None:
    with pytest.raises(SheetError, match="does not exist"):
        read_sheet(FORM, tmp_path / "none.csv")
    with pytest.raises(SheetError, match="not UTF-8"):
        read_sheet(FORM, sheet(tmp_path, "navn,1\nÅse,A\n", encoding="utf-16"))


def test_stored_sessions_are_finished_sheet_sessions_in_the_group(store, tmp_path: Path) -> None:
    rows, _ = read_sheet(FORM, sheet(tmp_path, "who,1,2,3,4,5\nAda,A,B,12.5,,B\n"))
    session_id = store_row(store, FORM, rows[0], "Team 1", "en")
    record = store.session(session_id)
    assert (record.source, record.group, record.status, record.candidate) == ("sheet", "Team 1", "finished", "Ada")
    assert record.started_at and record.finished_at
    responses = store.responses(session_id)
    assert [r.status for r in responses] == ["answered", "answered", "answered", "skipped", "answered"]
    assert [r.correct for r in responses] == [True, False, True, None, True]
    result = score(FORM, responses, store.sections(session_id))
    assert (result.overall.correct, result.overall.attempted) == (3, 4)
    assert [(s.correct, s.total) for s in result.sections] == [(2, 3), (1, 2)]
    assert store.candidate("Ada").groups == ("Team 1",)
    assert [s.id for s in store.sessions(group="Team 1")] == [session_id]
    # Grading again replaces the earlier sheet only when asked to.
    form_id = form_id_of(FORM.to_json())
    assert previous_sheets(store, form_id, "Ada") == [session_id]
    again = store_row(store, FORM, rows[0], "Team 1", "en", tuple(previous_sheets(store, form_id, "Ada")))
    assert previous_sheets(store, form_id, "Ada") == [again]
