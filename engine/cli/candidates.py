"""`secondround candidates`: register candidates and put them in groups."""

from __future__ import annotations

import click

from engine.i18n import t


@click.group("candidates")
def command() -> None:
    """Register, list and remove candidates; groups are made by adding candidates to them."""


def _name(name: str) -> str:
    from engine.cli.common import clean_name

    return clean_name(name)


@command.command("add")
@click.argument("name")
@click.option("--group", "groups", metavar="G", multiple=True, help="A group to put the candidate in (repeatable).")
@click.option("--note", default="", help="A note kept with the candidate.")
@click.pass_obj
def add(app, name: str, groups: tuple[str, ...], note: str) -> None:  # type: ignore[no-untyped-def]
    """Register NAME (and add them to groups); an existing candidate is only added to the groups."""
    from engine.cli.common import clean_name

    name = _name(name)
    groups = tuple(clean_name(g, "candidates.empty_group") for g in groups)
    if note.strip():
        note = clean_name(note)
    new = app.store.add_candidate(name, note, groups)
    in_groups = t("candidates.in_groups", groups=", ".join(groups)) if groups else ""
    click.echo(t("candidates.added" if new else "candidates.known", name=name, groups=in_groups))


@command.command("list")
@click.option("--group", metavar="G", default=None, help="Only the members of this group.")
@click.pass_obj
def list_(app, group: str | None) -> None:  # type: ignore[no-untyped-def]
    """List candidates with their groups, number of sessions and note."""
    if group is not None:
        from engine.cli.common import clean_name

        group = clean_name(group, "candidates.empty_group")
    people = app.store.candidates(group)
    if not people:
        click.echo(t("candidates.none_in_group", group=group) if group else t("candidates.none"))
        return
    rows = [(c.name, ", ".join(c.groups) or "-", str(c.sessions), c.note) for c in people]
    headers = (t("candidates.col_name"), t("candidates.col_groups"), t("candidates.col_sessions"),
               t("candidates.col_note"))
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(3)]
    for row in [headers, *rows]:
        click.echo(f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:>{widths[2]}}  {row[3]}".rstrip())


@command.command("remove")
@click.argument("name")
@click.pass_obj
def remove(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """Forget NAME and their group memberships; their sessions stay in the history under the name."""
    from question_generators.errors import SecondroundError

    name = _name(name)
    if not app.store.remove_candidate(name):
        raise SecondroundError(t("candidates.unknown", name=name))
    click.echo(t("candidates.removed", name=name))
