"""`secondround take`: sit a timed test in the terminal, from a blueprint or a form file."""

from __future__ import annotations

import click


@click.command("take")
@click.argument("source", metavar="BLUEPRINT|FILE.toml|FORM.json")
@click.option("--practice", is_flag=True, help="Show the answer and a worked explanation after each item.")
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), default=None,
              help="Seed for a blueprint (default: random); ignored for a form file.")
@click.option("--candidate", metavar="NAME", default=None, help="Whose session this is.")
@click.pass_obj
def command(app, source: str, practice: bool, seed: int | None, candidate: str | None) -> int:  # type: ignore[no-untyped-def]
    """Take a test: one item at a time, section time limits enforced, every answer saved at once.

    Answer with a letter (or a number where asked); Enter skips, f flags, p goes back, g N jumps,
    q pauses (`secondround resume` continues). Answers may also be piped on standard input.
    """
    import secrets

    from engine.blueprints import load_blueprint
    from engine.cli.common import run_in_terminal
    from engine.forms import TestForm, assemble, verify_form
    from engine.session import Session

    if source.endswith(".json"):
        form = TestForm.load(source)
        verify_form(form)
    else:
        form = assemble(load_blueprint(source), secrets.randbits(48) if seed is None else seed)
    if candidate:
        app.store.add_candidate(candidate.strip())  # a known name stays as it was
    session = Session.create(app.store, form, "practice" if practice else "exam", candidate, app.lang)
    return run_in_terminal(app, session)
