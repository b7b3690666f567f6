"""`secondround coaches`: coach accounts for `serve --coach`, and the audit log of what they did."""

from __future__ import annotations

import click

from engine.i18n import t


@click.group("coaches")
def command() -> None:
    """Add, list and remove the coaches who may log in to `secondround serve --coach`; read the audit log."""


def _name(name: str) -> str:
    from engine.cli.common import clean_name

    return clean_name(name)


def _password(name: str) -> str:
    """Asked twice, never echoed; at least MIN_PASSWORD characters, no space at either end."""
    from engine import coach_store
    from question_generators.errors import SecondroundError

    password = click.prompt(t("coaches.password_prompt", name=name), hide_input=True,
                            confirmation_prompt=t("coaches.password_again"), err=True)
    if len(password) < coach_store.MIN_PASSWORD:
        raise SecondroundError(t("coaches.password_short", least=coach_store.MIN_PASSWORD))
    if password.strip() != password:
        raise SecondroundError(t("coaches.password_spaces"))
    return password


@command.command("add")
@click.argument("name")
@click.pass_obj
def add(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """Add coach NAME; the password is asked for twice and never shown (at least 10 characters)."""
    from engine import coach_store
    from question_generators.errors import SecondroundError

    name = _name(name)
    store = app.store
    if coach_store.coach_password(store, name) is not None:
        raise SecondroundError(t("coaches.exists", name=name))
    password = _password(name)
    if not coach_store.add_coach(store, name, password):
        raise SecondroundError(t("coaches.exists", name=name))
    coach_store.audit(store, name, "coach_added", "secondround coaches add")
    click.echo(t("coaches.added", name=name))


@command.command("password")
@click.argument("name")
@click.pass_obj
def password(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """Give coach NAME a new password (asked twice, never shown); their logins end."""
    from engine import coach_store
    from question_generators.errors import SecondroundError

    name = _name(name)
    if coach_store.coach_password(app.store, name) is None:
        raise SecondroundError(t("coaches.unknown", name=name))
    if not coach_store.set_password(app.store, name, _password(name)):
        raise SecondroundError(t("coaches.unknown", name=name))
    coach_store.audit(app.store, name, "password_changed", "secondround coaches password")
    click.echo(t("coaches.password_changed", name=name))


@command.command("list")
@click.pass_obj
def list_(app) -> None:  # type: ignore[no-untyped-def]
    """List the coaches with the date each was added."""
    from engine import coach_store

    rows = coach_store.coaches(app.store)
    if not rows:
        click.echo(t("coaches.none"))
        return
    width = max(len(t("coaches.col_name")), *(len(name) for name, _ in rows))
    click.echo(f"{t('coaches.col_name'):<{width}}  {t('coaches.col_added')}")
    for name, added in rows:
        click.echo(f"{name:<{width}}  {added}")


@command.command("remove")
@click.argument("name")
@click.pass_obj
def remove(app, name: str) -> None:  # type: ignore[no-untyped-def]
    """Remove coach NAME and end their logins; the audit log keeps what they did."""
    from engine import coach_store
    from question_generators.errors import SecondroundError

    name = _name(name)
    if not coach_store.remove_coach(app.store, name):
        raise SecondroundError(t("coaches.unknown", name=name))
    coach_store.audit(app.store, name, "coach_removed", "secondround coaches remove")
    click.echo(t("coaches.removed", name=name))


@command.command("audit")
@click.option("--limit", type=click.IntRange(1, 100000), default=50, show_default=True, help="How many entries.")
@click.option("--coach", default=None, metavar="NAME", help="Only this coach's actions.")
@click.pass_obj
def audit(app, limit: int, coach: str | None) -> None:  # type: ignore[no-untyped-def]
    """The audit log, newest first: when, who, what (login, failed login, assignment, CSV, report), from where."""
    from engine import coach_store

    rows = coach_store.audit_rows(app.store, limit, _name(coach) if coach is not None else None)
    if not rows:
        click.echo(t("coaches.no_audit"))
        return
    for at, who, action, detail, address in rows:
        click.echo("\t".join((at, who, action, detail, address)).rstrip())
