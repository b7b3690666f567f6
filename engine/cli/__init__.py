"""The `secondround` command: a click group with a context object, one module per command.

Command modules import heavy parts (numpy, the generators, Jinja2) inside their functions, so
`secondround --help` stays instant."""

from __future__ import annotations

import sys

try:  # Ctrl-C while the program is still loading ends it quietly (130), never with a traceback
    import contextlib
    import os
    from functools import cached_property
    from pathlib import Path

    import click

    from engine import __version__
    from engine.i18n import available_languages, error_text, set_language, t
    from question_generators.errors import SecondroundError
except KeyboardInterrupt:
    sys.exit(130)


_OPENED: list = []  # stores opened by this process (for the message about a damaged one)


class App:
    """What every command shares: the store location (opened on first use) and the language."""

    def __init__(self, db: str | None, lang: str) -> None:
        from engine.paths import default_db_path
        from engine.pg import is_url, shown_url

        # A postgresql:// URL stays text (a Path would fold its '//'); anything else is a file.
        self.db_path = db if is_url(db) else Path(db).expanduser() if db else default_db_path()
        self.db_shown = shown_url(db) if is_url(db) else self.db_path  # what messages print: no password
        self.lang = lang

    @cached_property
    def store(self):  # type: ignore[no-untyped-def]  # engine.store stays off the --help path
        from engine.store import Store

        store = Store.open(self.db_path)
        _OPENED.append(store)
        return store


def requested_language(args: list[str], environ: dict[str, str] | None = None) -> str:
    """The language the command line asks for, read before click parses it: the group's --lang (or
    --lang=X), else SECONDROUND_LANG, else the locale. Click shows help and usage errors while it
    parses, before the group's callback has seen --lang, so the help language is settled here."""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--lang" and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
        if arg == "--" or not arg.startswith("-"):  # the command's name: its own options follow
            break
        index += 2 if arg == "--db" else 1
    from engine.i18n import language_from_environment

    return (os.environ if environ is None else environ).get("SECONDROUND_LANG") or language_from_environment(environ)


def use_language(lang: str) -> None:
    """Messages and command help in `lang` (an unknown language leaves them as they are)."""
    if lang in available_languages():
        from engine.cli.helptext import use_help_language

        set_language(lang)
        use_help_language(cli, lang)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """click's --version, with its line in the language of the command line."""
    if value and not ctx.resilient_parsing:
        from engine.cli.helptext import click_text

        click.echo(click_text("%(prog)s, version %(version)s") % {"prog": "secondround", "version": __version__})
        ctx.exit()


class RootGroup(click.Group):
    """The `secondround` group: settles the language before click parses (and may show help)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        lang = requested_language(args)
        if lang not in available_languages():  # refused in the callback, in the language of the locale
            from engine.i18n import language_from_environment

            lang = language_from_environment()
        use_language(lang)
        return super().parse_args(ctx, args)


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
@click.option("--db", metavar="PATH", envvar="SECONDROUND_DB",
              help="The SQLite store (default: $XDG_DATA_HOME/secondround/secondround.db), or a "
                   "postgresql://user@host/db URL.")
@click.option("--lang", default=None, envvar="SECONDROUND_LANG",
              help="Language of messages and items (default: from the locale, else en).")
@click.pass_context
def cli(ctx: click.Context, db: str | None, lang: str | None) -> None:
    """secondround: practise aptitude tests (numerical, verbal, logical) on fresh, verified items.

    Start with `secondround take warmup --practice`; `secondround history` and
    `secondround report` show how you did.
    """
    if lang is None:
        from engine.i18n import language_from_environment

        lang = language_from_environment()
    if lang not in available_languages():
        from engine.cli.helptext import cli_text

        raise click.BadParameter(cli_text("{lang!r}; available: {names}").format(
            lang=lang, names=", ".join(available_languages())), param_hint="--lang")
    use_language(lang)
    ctx.obj = App(db, lang)


def _register() -> None:
    from engine.cli import (
        blueprints,
        calibrate,
        candidates,
        coaches,
        export,
        families,
        generate,
        grade,
        history,
        preview,
        report,
        resume,
        serve,
        simulate,
        take,
        validate,
    )

    for module in (families, blueprints, preview, generate, take, resume, history, report, simulate, calibrate,
                   validate, export, grade, candidates, coaches, serve):
        cli.add_command(module.command)


try:
    _register()
except KeyboardInterrupt:
    sys.exit(130)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one clear message and a non-zero exit for every user error."""
    for stream in (sys.stdout, sys.stderr):  # a path or name that is not UTF-8 is shown, not a crash
        with contextlib.suppress(AttributeError, ValueError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    try:
        result = cli.main(args=argv, prog_name="secondround", standalone_mode=False)
    except SecondroundError as exc:
        click.echo(t("error.prefix") + error_text(exc), err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo(t("error.interrupted"), err=True)
        sys.exit(130)
    except UnicodeDecodeError as exc:  # a store whose text is not UTF-8 any more: a damaged file
        if not _OPENED:
            click.echo(t("error.prefix") + t("safe.not_utf8_text", text=repr(exc.object[:40])), err=True)
            sys.exit(2)
        click.echo(t("error.prefix") + _OPENED[-1].damaged_message(exc), err=True)
        sys.exit(2)
    except UnicodeEncodeError as exc:  # text from the command line that is not UTF-8, stored nowhere
        shown = exc.object.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") \
            if isinstance(exc.object, str) else repr(exc.object)
        click.echo(t("error.prefix") + t("safe.not_utf8_text", text=shown[:80]), err=True)
        sys.exit(2)
    except RecursionError:
        click.echo(t("error.prefix") + t("safe.too_deep", where=t("safe.input"), most=64), err=True)
        sys.exit(2)
    except BrokenPipeError:
        sys.stderr.close()  # output piped into `head`: not an error worth a message
        sys.exit(0)
    except Exception as exc:
        if os.environ.get("SECONDROUND_DEBUG"):
            raise
        # An unexpected error with a store open: if the store is to blame (a damaged page, a form
        # that is not JSON, rows that break its rules), say so, naming the file and the backup.
        sqlite3 = sys.modules.get("sqlite3")
        problem = None
        if _OPENED:
            damaged = sqlite3 is not None and isinstance(exc, sqlite3.DatabaseError)
            problem = str(exc) if damaged else _OPENED[-1].sanity_problem()
        if problem is not None:
            click.echo(t("error.prefix") + _OPENED[-1].damaged_message(Exception(problem)), err=True)
            sys.exit(2)
        click.echo(t("error.internal", error=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(70)
    sys.exit(result if isinstance(result, int) else 0)
