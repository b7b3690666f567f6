"""`secondround resume`: continue an unfinished session with the time it had left."""

from __future__ import annotations

import click

from engine.cli.params import Whole
from engine.i18n import t


@click.command("resume")
@click.argument("session_id", metavar="[SESSION]", type=Whole(1), required=False)
@click.option("--abandon", is_flag=True, help="Close the session instead; its answers are kept and scored.")
@click.pass_obj
def command(app, session_id: int | None, abandon: bool) -> int:  # type: ignore[no-untyped-def]
    """Continue SESSION (default: the latest unfinished one) where it stopped."""
    from engine.adaptive import AdaptiveSession
    from engine.cli.common import run_in_terminal
    from engine.session import ACTIVE, SessionError

    store = app.store
    if session_id is None:
        active = store.sessions(status=ACTIVE, limit=1)
        if not active:
            raise SessionError(t("take.nothing_to_resume"))
        session_id = active[0].id
    session = AdaptiveSession.load(store, session_id)  # a fixed session when it is not adaptive
    if session.status not in ACTIVE:
        raise SessionError(t("session.not_resumable", session=session_id,
                             status=t(f"session.status_{session.status}")))
    if abandon:
        if session.status == "not_started":
            session.start()
        session.abandon()
        click.echo(t("take.abandoned", session=session_id))
        return 0
    return run_in_terminal(app, session)
