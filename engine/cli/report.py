"""`secondround report`: a self-contained HTML report of a session."""

from __future__ import annotations

from pathlib import Path

import click

from engine.i18n import t


@click.command("report")
@click.argument("session_id", metavar="[SESSION]", type=click.IntRange(1), required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="The HTML file to write (default: secondround-session-N.html).")
@click.pass_obj
def command(app, session_id: int | None, output: str | None) -> None:  # type: ignore[no-untyped-def]
    """Write the HTML report of SESSION (default: the latest finished one)."""
    import json

    from engine.forms import TestForm
    from engine.scoring import score
    from engine.store import StoreError
    from reports.session import render_session_report

    store = app.store
    if session_id is None:
        done = store.sessions(status=("finished", "expired", "abandoned"), limit=1)
        if not done:
            raise StoreError(t("report.no_session"))
        session_id = done[0].id
    record = store.session(session_id)
    form = TestForm.from_dict(json.loads(store.form_json(record.form_id)), f"form {record.form_id}")
    result = score(form, store.responses(session_id), store.sections(session_id),
                   calibration=store.calibration())
    path = Path(output or f"secondround-session-{session_id}.html")
    path.write_text(render_session_report(record, result), encoding="utf-8")
    click.echo(t("report.written", path=path, session=session_id))
