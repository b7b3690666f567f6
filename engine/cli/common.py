"""Pieces two or more commands share: running a session in the terminal and picking a session."""

from __future__ import annotations

import sys

import click

from engine.i18n import t


def clean_name(value: str, empty_key: str = "candidates.empty_name") -> str:
    """A candidate or group name from the command line: stripped, not empty, and real text. Bytes
    that are not UTF-8 arrive as surrogate escapes; SQLite and the terminal cannot take them."""
    from question_generators.errors import SecondroundError

    name = value.strip()
    if not name:
        raise SecondroundError(t(empty_key))
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise SecondroundError(t("safe.not_utf8_name", name=shown)) from None
    return name


def run_in_terminal(app, session) -> int:  # type: ignore[no-untyped-def]
    """Deliver a session on stdin/stdout, print the score, and return the exit code."""
    from engine.delivery import LineReader, TerminalRunner
    from engine.scoring import score
    from engine.textview import score_text

    runner_class = TerminalRunner
    if hasattr(session, "plan"):  # an adaptive session: its own loop, no navigation
        from engine.adaptive_runner import AdaptiveRunner

        runner_class = AdaptiveRunner
    runner = runner_class(session, LineReader(sys.stdin))
    outcome = runner.run()
    if outcome == "unsaved":  # the store refused a save: said so, with how to resume
        return 1
    if outcome in ("paused", "interrupted"):
        return 130 if outcome == "interrupted" else 0
    store = app.store
    result = score(session.form, store.responses(session.id), store.sections(session.id),
                   calibration=store.calibration())
    click.echo()
    click.echo(score_text(result, app.lang))
    click.echo(t("take.session_line", session=session.id, db=app.db_shown))
    click.echo(t("take.report_hint", session=session.id))
    return 0
