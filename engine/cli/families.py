"""`secondround families`: the registered item families."""

from __future__ import annotations

import click

from engine.i18n import t


@click.command("families")
@click.option("-v", "--verbose", is_flag=True, help="Also show each family's description and provider.")
def command(verbose: bool) -> None:
    """List the registered item families (built-in and plug-ins)."""
    from question_generators.registry import difficulty_range, family_names, family_source, get_generator

    for name in family_names():
        generator = get_generator(name)
        low, high = difficulty_range(name)
        # A family that cannot reach the scale the blueprints use says so (assembly clips to it).
        reach = t("families.range", low=f"{low:+.1f}", high=f"{high:+.1f}") if low > -2.5 or high < 2.5 else ""
        click.echo(t("families.line", family=name, section=generator.section, version=generator.version,
                     title=generator.title) + reach)
        if verbose:
            doc = (type(generator).__doc__ or "").strip().splitlines()[0]
            click.echo(t("families.detail", description=doc, source=family_source(name)))
