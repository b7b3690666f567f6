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

    store = app.store
    records = store.sessions(limit=limit)
    if not records:
        click.echo(t("history.empty"))
        return
    click.echo(t("history.header"))
    forms: dict[str, TestForm] = {}
    for record in records:
        if record.form_id not in forms:
            forms[record.form_id] = TestForm.from_dict(json.loads(store.form_json(record.form_id)))
        result = score(forms[record.form_id], store.responses(record.id), store.sections(record.id))
        overall = result.overall
        raw = f"{overall.correct}/{overall.total}"
        click.echo(f"{record.id:>4}  {record.created_at[:16].replace('T', ' '):<16}  {record.blueprint:<16}  "
                   f"{record.mode:<8}  {record.status.replace('_', ' '):<12}  {raw:>6} {overall.percent:3.0f}%  "
                   f"{clock(overall.time_ms):>6}")
