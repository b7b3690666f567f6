"""`secondround generate`: a reproducible test form from a blueprint and a seed."""

from __future__ import annotations

from pathlib import Path

import click

from engine.cli.params import Whole
from engine.i18n import t


@click.command("generate")
@click.argument("blueprint", metavar="BLUEPRINT|FILE.toml")
@click.option("--seed", type=Whole(0, 2**63 - 1), default=None,
              help="Seed; the same seed and version give the same form byte for byte (default: random).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the form JSON here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_obj
def command(app, blueprint: str, seed: int | None, output: str | None, force: bool) -> None:  # type: ignore[no-untyped-def]
    """Assemble a test form from BLUEPRINT: every item generated, checked and unique, in the
    language of --lang where its family writes that language (the same seed, version and language
    give the same form byte for byte)."""
    import secrets

    from engine.blueprints import load_blueprint
    from engine.forms import assemble
    from question_generators.errors import SecondroundError

    spec = load_blueprint(blueprint)
    seed = secrets.randbits(48) if seed is None else seed
    form = assemble(spec, seed, lang=app.lang)
    for note in form.notes:
        click.echo(note, err=True)
    text = form.to_json()
    if output is None:
        click.echo(text, nl=False)
        return
    from engine.safeio import write_atomic

    path = Path(output)
    if (path.exists() or path.is_symlink()) and not force:
        raise SecondroundError(t("generate.exists", path=path))
    try:
        write_atomic(path, text.encode("utf-8"))
    except OSError as exc:
        raise SecondroundError(t("export.cannot_write", path=path, error=exc)) from None
    click.echo(t("generate.written", path=path, items=len(form.items), sections=len(form.sections),
                 seed=seed, form_id=form.form_id), err=True)
