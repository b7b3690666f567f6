"""The `secondround` command: a click group with a context object, one module per command.

Command modules import heavy parts (numpy, the generators, Jinja2) inside their functions, so
`secondround --help` stays instant."""

from __future__ import annotations

import sys

try:  # Ctrl-C while the program is still loading ends it quietly (130), never with a traceback
    import os
    from functools import cached_property
    from pathlib import Path

    import click

    from engine import __version__
    from engine.i18n import available_languages, error_text, set_language, t
    from question_generators.errors import SecondroundError
except KeyboardInterrupt:
    sys.exit(130)


class App:
    """What every command shares: the store location (opened on first use) and the language."""

    def __init__(self, db: str | None, lang: str) -> None:
        from engine.paths import default_db_path

        self.db_path = Path(db).expanduser() if db else default_db_path()
        self.lang = lang

    @cached_property
    def store(self):  # type: ignore[no-untyped-def]  # engine.store stays off the --help path
        from engine.store import Store

        return Store.open(self.db_path)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="secondround")
@click.option("--db", metavar="PATH", envvar="SECONDROUND_DB",
              help="The SQLite store (default: $XDG_DATA_HOME/secondround/secondround.db).")
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
        raise click.BadParameter(f"{lang!r}; available: {', '.join(available_languages())}",
                                 param_hint="--lang")
    set_language(lang)
    ctx.obj = App(db, lang)


def _register() -> None:
    from engine.cli import (
        blueprints,
        calibrate,
        candidates,
        export,
        families,
        generate,
        grade,
        history,
        preview,
        report,
        resume,
        simulate,
        take,
        validate,
    )

    for module in (families, blueprints, preview, generate, take, resume, history, report, simulate, calibrate,
                   validate, export, grade, candidates):
        cli.add_command(module.command)


try:
    _register()
except KeyboardInterrupt:
    sys.exit(130)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one clear message and a non-zero exit for every user error."""
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
    except BrokenPipeError:
        sys.stderr.close()  # output piped into `head`: not an error worth a message
        sys.exit(0)
    except Exception as exc:
        if os.environ.get("SECONDROUND_DEBUG"):
            raise
        click.echo(t("error.internal", error=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(70)
    sys.exit(result if isinstance(result, int) else 0)
