"""`secondround grade`: grade an answer sheet (CSV) against a form and store every candidate's session."""

from __future__ import annotations

import click

from engine.i18n import t


@click.command("grade")
@click.argument("form_file", metavar="FORM.json")
@click.argument("sheet_file", metavar="ANSWERS.csv")
@click.option("--group", metavar="NAME", default=None, help="Store the sessions in this group (created if new).")
@click.option("--candidate", metavar="NAME", default=None, help="Grade only this candidate's row.")
@click.option("--replace", is_flag=True,
              help="Replace a candidate's earlier sheet for this form (default: refuse that row).")
@click.pass_obj
def command(app, form_file: str, sheet_file: str, group: str | None, candidate: str | None,  # type: ignore[no-untyped-def]
            replace: bool) -> int:
    """Grade ANSWERS.csv against FORM.json and store each candidate's session.

    The sheet has a header row, then one row per candidate: the name first, then one column per
    item, headed by its number (1..N across the form, as in the booklet) or its item id. Letters
    A-H answer choice items, numbers answer numeric items, a blank cell is a skipped item.

    Each row with a problem is reported with its row and column and left out; the other rows are
    graded and stored all the same, and the exit code is then 1. A candidate who already has a
    graded sheet for this form is refused unless --replace. Exit 2: the sheet cannot be read.
    """
    from pathlib import Path

    from engine.cli.common import clean_name
    from engine.forms import TestForm, form_id_of, verify_form
    from engine.grading import RowProblem, graded_sheets, read_sheet, store_rows
    from question_generators.errors import SecondroundError

    if group is not None:
        group = clean_name(group, "candidates.empty_group")
    if candidate is not None:
        candidate = clean_name(candidate)
    form = TestForm.load(form_file)
    verify_form(form)
    rows, problems = read_sheet(form, Path(sheet_file))
    if candidate is not None:
        rows = [r for r in rows if r.name == candidate]
        problems = [p for p in problems if p.name == candidate]
        if not rows and not problems:
            raise SecondroundError(t("grade.no_such_row", name=candidate, path=sheet_file))
    store = app.store
    earlier = graded_sheets(store, form_id_of(form.to_json()))
    accepted = []
    for row in rows:
        before = earlier.get(row.name, [])
        if before and not replace:
            sessions = ", ".join(map(str, before))
            problems.append(RowProblem(row.row, row.name, [t("grade.graded_before", sessions=sessions)]))
            continue
        accepted.append((row, tuple(before)))
    # Every accepted row, the form, the candidates and the group in one transaction: a failure
    # stores nothing at all.
    session_ids = store_rows(store, form, accepted, group, app.lang) if accepted else []
    results = [(row, session_id) for (row, _), session_id in zip(accepted, session_ids, strict=True)]
    problems.sort(key=lambda p: p.row)
    for problem in problems:
        click.echo(t("error.prefix") + str(problem), err=True)
    if results:
        _summary(form, results, app.lang)
        click.echo(t("grade.stored", count=len(results), group=group or "-", db=app.db_shown))
    if problems:
        click.echo(t("grade.failed_rows", count=len(problems), graded=len(results)), err=True)
        return 1
    return 0


def _summary(form, results, lang: str) -> None:  # type: ignore[no-untyped-def]
    """Raw score, percent and each section's raw score per graded row (blank cells are wrong)."""
    from question_generators.display import format_percent

    headers = [t("grade.col_candidate"), t("grade.col_raw"), t("grade.col_percent"),
               *(s.title for s in form.sections), t("grade.col_session")]
    items = form.items
    sections = [form.section_of(p) for p in range(len(items))]
    totals = [len(s.items) for s in form.sections]
    grades: dict[tuple[int, str], bool] = {}
    percents: dict[int, str] = {}
    table = []
    for row, session_id in results:
        right = [0] * len(form.sections)
        for p, response in enumerate(row.responses):
            if response is not None:
                key = (p, response)
                if key not in grades:
                    grades[key] = items[p].grade(response)
                right[sections[p]] += grades[key]
        correct = sum(right)
        if correct not in percents:  # one formatting per distinct score, not per row
            percents[correct] = format_percent(100.0 * correct / len(items), 0, lang)
        table.append([row.name, f"{correct}/{len(items)}", percents[correct],
                      *(f"{c}/{n}" for c, n in zip(right, totals, strict=True)), str(session_id)])
    widths = [max(len(line[i]) for line in [headers, *table]) for i in range(len(headers))]
    lines = []
    for line in [headers, *table]:
        cells = [line[0].ljust(widths[0])] + [cell.rjust(w) for cell, w in zip(line[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    click.echo("\n".join(lines))
