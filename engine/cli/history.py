"""`secondround history`: every session in the store with its score."""

from __future__ import annotations

import click

from engine.cli.params import Whole
from engine.i18n import t


@click.command("history")
@click.option("-n", "--limit", type=Whole(1), default=20, show_default=True, help="How many sessions.")
@click.pass_obj
def command(app, limit: int) -> None:  # type: ignore[no-untyped-def]
    """List past sessions, newest first: test, candidate, mode, status, score and time used."""
    import json

    from engine.forms import TestForm
    from engine.scoring import score
    from engine.textview import clock
    from question_generators.display import format_percent

    store = app.store
    records = store.sessions(limit=limit)
    if not records:
        click.echo(t("history.empty"))
        return
    forms: dict[str, TestForm] = {}
    adaptive: set[str] = set()
    for record in records:
        if record.form_id not in forms:
            data = json.loads(store.form_json(record.form_id))
            forms[record.form_id] = TestForm.from_dict(data)
            if "adaptive" in data:
                adaptive.add(record.form_id)
    tests = [t("history.adaptive", test=r.blueprint) if r.form_id in adaptive else r.blueprint for r in records]
    # Columns as wide as their longest entry, so long blueprint or candidate names keep the table aligned.
    test_width = max(len(t("history.test_title")), 16, *map(len, tests))
    names = [r.candidate or "" for r in records]
    name_width = max(len(t("history.candidate_title")), *map(len, names)) if any(names) else 0

    def candidate_cell(text: str) -> str:
        return f"{text:<{name_width}}  " if name_width else ""

    click.echo(t("history.header", test=f"{t('history.test_title'):<{test_width}}",
                 candidate=candidate_cell(t("history.candidate_title"))))
    calibration = store.calibration()
    for record, test, name in zip(records, tests, names, strict=True):
        result = score(forms[record.form_id], store.responses(record.id), store.sections(record.id),
                       calibration=calibration)
        overall = result.overall
        click.echo(t("history.row", id=record.id, date=record.created_at[:16].replace("T", " "),
                     test=f"{test:<{test_width}}", candidate=candidate_cell(name),
                     mode=t(f"session.mode_{record.mode}"),
                     status=t(f"session.status_{record.status}"), raw=f"{overall.correct}/{overall.total}",
                     percent=format_percent(overall.percent, 0, app.lang), time=clock(overall.time_ms)))
