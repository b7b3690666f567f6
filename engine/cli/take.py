"""`secondround take`: sit a timed test in the terminal, from a blueprint or a form file."""

from __future__ import annotations

import click

from engine.cli.params import Whole
from engine.i18n import t


@click.command("take")
@click.argument("source", metavar="[BLUEPRINT|FILE.toml|FORM.json]", required=False)
@click.option("--practice", is_flag=True, help="Show the answer and a worked explanation after each item.")
@click.option("--seed", type=Whole(0, 2**63 - 1), default=None,
              help="Seed for a blueprint (default: random); ignored for a form file.")
@click.option("--candidate", metavar="NAME", default=None, help="Whose session this is.")
@click.option("--adaptive", is_flag=True,
              help="Adaptive test: each next item is generated at the difficulty that tells most about "
                   "your current ability estimate; it stops once the estimate is precise enough.")
@click.option("--retake", metavar="SESSION|FORM_ID", default=None,
              help="Take the form of an earlier session (or a stored form id) again, items you have seen included.")
@click.pass_obj
def command(app, source: str | None, practice: bool, seed: int | None, candidate: str | None,  # type: ignore[no-untyped-def]
            adaptive: bool, retake: str | None) -> int:
    """Take a test: one item at a time, section time limits enforced, every answer saved at once.

    Answer with a letter (or a number where asked); Enter skips, m flags, p goes back, g N jumps,
    q pauses (`secondround resume` continues). Answers may also be piped on standard input.

    From a blueprint, items you (or --candidate) have already been shown are replaced by new ones;
    a FORM.json file or --retake gives exactly the items of that form.
    """
    import secrets

    # Everything the delivery needs is loaded before the session row exists, so a Ctrl-C in between
    # cannot leave a never-started session behind without the message naming it.
    import engine.adaptive_runner
    import engine.delivery
    import engine.textview  # noqa: F401  (loaded early, see above)
    from engine.blueprints import load_blueprint
    from engine.cli.common import run_in_terminal
    from engine.forms import TestForm, assemble, verify_form
    from engine.session import Session, SessionError

    if (source is None) == (retake is None):
        raise SessionError(t("retake.source_or_retake"))
    if adaptive and (retake is not None or (source or "").endswith(".json")):
        raise SessionError(t("retake.adaptive_needs_blueprint"))
    if candidate is not None:  # the name as `candidates add` stores it; an empty one is refused
        from engine.cli.common import clean_name

        candidate = clean_name(candidate)
    mode = "practice" if practice else "exam"
    # Every file is read and checked before the store is touched: a failed command changes nothing.
    blueprint = form = None
    if retake is None and source is not None and source.endswith(".json"):
        form = TestForm.load(source)
        verify_form(form)
    elif retake is None:
        assert source is not None
        blueprint = load_blueprint(source)
    store = app.store
    if retake is not None:
        form = _stored_form(store, retake)
    if adaptive:
        from engine.adaptive import AdaptiveSession, range_notes

        assert blueprint is not None

        for note in range_notes([part.family for section in blueprint.sections for part in section.parts]):
            click.echo(note, err=True)
        if candidate:
            store.add_candidate(candidate)  # registered for coaches' lists; a known name stays as it was
        session = AdaptiveSession.begin(store, blueprint, secrets.randbits(48) if seed is None else seed,
                                        mode, candidate, app.lang)
        return run_in_terminal(app, session)
    if form is None:
        assert blueprint is not None
        form = assemble(blueprint, secrets.randbits(48) if seed is None else seed,
                        exclude=store.seen_fingerprints(candidate), offsets=store.calibration(), lang=app.lang)
        for note in form.notes:
            click.echo(note, err=True)
    # The candidate is registered (for coaches' lists) with the session, in one transaction.
    session = Session.create(store, form, mode, candidate, app.lang, register=True)
    return run_in_terminal(app, session)


def _stored_form(store, ref: str):  # type: ignore[no-untyped-def]
    """The form of session N, or a stored form by its id."""
    import json

    from engine.forms import FormError, TestForm

    ref = ref.strip()
    is_number = ref.isascii() and ref.isdigit() and len(ref) <= 10  # '²' is a digit to isdigit()
    form_id = store.session(int(ref)).form_id if is_number else ref
    data = json.loads(store.form_json(form_id))
    if "adaptive" in data:  # an adaptive sitting has no fixed form to retake
        raise FormError(t("retake.adaptive_form", ref=ref))
    return TestForm.from_dict(data, f"form {form_id}")
