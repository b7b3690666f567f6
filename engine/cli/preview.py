"""`secondround preview`: sample items of a family with keys, distractor mistakes and explanations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from engine.cli.params import Whole
from engine.i18n import t

if TYPE_CHECKING:
    from engine.cli import App


@click.command("preview")
@click.argument("family")
@click.option("-d", "--difficulty", type=click.FloatRange(-3.5, 3.5), default=0.0, show_default=True,
              help="Target difficulty on the IRT logit scale (-3 very easy to +3 very hard).")
@click.option("-n", "count", type=Whole(1, 100), default=3, show_default=True, help="How many items.")
@click.option("--seed", type=Whole(0, 2**63 - 1), default=None, help="Seed (default: random).")
@click.pass_obj
def command(app: App, family: str, difficulty: float, count: int, seed: int | None) -> None:
    """Print sample items of FAMILY with their keys and worked explanations.

    The items are in the language of --lang where FAMILY writes it, else in English."""
    import secrets

    from engine.forms import ClipNotes, item_seed
    from engine.textview import item_body, wrap
    from question_generators.item import LETTERS
    from question_generators.registry import make_item

    base = secrets.randbits(48) if seed is None else seed
    # Clipped into the family's stated range with the note assembly gives: past its range the
    # family's b would no longer match the request.
    clips = ClipNotes()
    asked = clips.clip(family, difficulty)
    for note in clips.notes():
        click.echo(note, err=True)
    for n in range(count):
        item = make_item(family, asked, item_seed(base, n, 0), lang=app.lang)
        click.echo(t("preview.title", number=n + 1, family=item.family))
        click.echo(item_body(item))
        click.echo(t("preview.key", key=item.key_text))
        wrong = [(LETTERS[i], o.mistake) for i, o in enumerate(item.options) if i != item.key and o.mistake]
        if wrong:
            click.echo(t("preview.mistakes"))
            for letter, mistake in wrong:
                click.echo(t("preview.mistake", letter=letter, mistake=mistake))
        click.echo(wrap(t("take.explanation", text=item.explanation)))
        click.echo(t("preview.meta", id=item.id, b=f"{item.difficulty:+.2f}", a=f"{item.discrimination:.2f}",
                     time=f"{item.time_s:g}"))
        click.echo()
