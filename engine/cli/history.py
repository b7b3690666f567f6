"""`secondround history`: every session in the store with its score."""

from __future__ import annotations

import click

from engine.i18n import t


@click.command("history")
@click.option("-n", "--limit", type=click.IntRange(1), default=20, show_default=True, help="How many sessions.")
@click.pass_obj
def command(app, limit: int) -> None:  # type: ignore[no-untyped-def]
    """List past sessions, newest first: test, mode, status, score and time used."""
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
    click.echo(t("history.header"))
    forms: dict[str, TestForm] = {}
    calibration = store.calibration()
    for record in records:
        if record.form_id not in forms:
            forms[record.form_id] = TestForm.from_dict(json.loads(store.form_json(record.form_id)))
        result = score(forms[record.form_id], store.responses(record.id), store.sections(record.id),
                       calibration=calibration)
        overall = result.overall
        click.echo(t("history.row", id=record.id, date=record.created_at[:16].replace("T", " "),
                     test=record.blueprint, mode=t(f"session.mode_{record.mode}"),
                     status=t(f"session.status_{record.status}"), raw=f"{overall.correct}/{overall.total}",
                     percent=format_percent(overall.percent, 0, app.lang), time=clock(overall.time_ms)))
