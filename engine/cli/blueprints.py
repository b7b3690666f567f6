"""`secondround blueprints`: the built-in blueprints with their sections, counts and times."""

from __future__ import annotations

import click

from engine.i18n import t


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:g}"


@click.command("blueprints")
@click.argument("names", nargs=-1, metavar="[NAME|FILE.toml]...")
def command(names: tuple[str, ...]) -> None:
    """List the built-in blueprints, or check and describe the ones named."""
    from engine.blueprints import builtin_names, load_blueprint

    for ref in names or builtin_names():
        blueprint = load_blueprint(ref)
        click.echo(t("blueprints.line", name=blueprint.name, items=blueprint.count,
                     minutes=_minutes(blueprint.time_limit_s), title=blueprint.title))
        for section in blueprint.sections:
            families = ", ".join(f"{p.count} {p.family}" for p in section.parts)
            click.echo(t("blueprints.section", title=section.title, items=section.count,
                         minutes=_minutes(section.time_limit_s), families=families))
