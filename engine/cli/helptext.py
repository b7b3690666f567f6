"""Command help in the CLI's language: Bokmål texts from engine/locales/help/nb.toml, click's own strings too."""

# The docstrings and `help=` strings stay the source of the English help, as click expects. In another
# language, `use_help_language` puts that language's texts on the command objects (and puts the
# English ones back for English), so click formats them as it would the docstrings.
#
# Click's own strings ("Usage:", "Show this message and exit.", "No such command ...") go through
# `gettext.gettext` and `ngettext`, imported into each click module as `_` and `ngettext`. The stdlib
# can feed those only from compiled .mo files found through LANGUAGE / LC_* (not --lang), for the
# global "messages" domain every library shares; so each loaded click module's two names are pointed
# at a lookup in the catalogue's [click] table instead, keyed by click's English text (its msgid).

from __future__ import annotations

import gettext
import sys
import tomllib
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import click

ROOT = "secondround"  # the catalogue's key for the top-level group
_original: dict[tuple[int, str], tuple[Any, Any]] = {}  # (id(obj), attribute) -> (obj, English value)
_metavars: dict[int, tuple[click.Parameter, str | None]] = {}  # id(param) -> (param, English placeholder)


@cache
def help_catalogue(lang: str) -> dict[str, Any]:
    """The help catalogue of `lang` (empty for English, whose help is the docstrings)."""
    path = resources.files("engine").joinpath("locales", "help", f"{lang}.toml")
    if lang == "en" or not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def command_tree(root: click.Command, path: str = "") -> Iterator[tuple[str, click.Command]]:
    """Every command under `root` (itself first) with its path: "", "take", "coaches add", ..."""
    yield path, root
    if isinstance(root, click.Group):
        for name in sorted(root.commands):
            yield from command_tree(root.commands[name], f"{path} {name}".strip())


def english_metavar(param: click.Parameter) -> str | None:
    """The placeholder click shows for `param` in English, where a catalogue may name another one;
    None where click adds brackets or dots itself, or shows values (a choice) or nothing (a flag)."""
    if param.metavar is not None:
        return param.metavar
    if isinstance(param.type, click.Choice):
        return None
    if isinstance(param, click.Argument):
        return param.name.upper() if param.required and param.nargs == 1 and param.name else None
    if isinstance(param, click.Option) and not param.is_flag and not param.count and param.nargs == 1:
        return param.type.name.upper()
    return None


def _put(obj: object, attribute: str, value: Any) -> None:
    """Set a help attribute to `value`, or back to its English value when `value` is None."""
    english = _original.setdefault((id(obj), attribute), (obj, getattr(obj, attribute)))[1]
    setattr(obj, attribute, english if value is None else value)


def use_help_language(root: click.Command, lang: str) -> None:
    """Help texts, placeholders and click's own strings of the whole command tree in `lang`."""
    table = help_catalogue(lang)
    if not table and not _original:  # English, and never switched: nothing to do (the usual case)
        return
    _use_click_strings(table.get("click", {}))
    commands = table.get("command", {})
    metavars = table.get("metavar", {})
    for path, command in command_tree(root):
        entry = commands.get(path or ROOT, {})
        params = entry.get("params", {})
        _put(command, "help", entry.get("help"))
        _put(command, "short_help", entry.get("short"))
        _put(command, "options_metavar", metavars.get("[OPTIONS]"))
        if isinstance(command, click.Group):
            _put(command, "subcommand_metavar", metavars.get(command.subcommand_metavar))
        for param in command.params:
            if getattr(param, "help", None) is not None or param.name in params:
                _put(param, "help", params.get(param.name))
            english = _metavars.setdefault(id(param), (param, english_metavar(param)))[1]
            if english is not None:
                _put(param, "metavar", metavars.get(english))
        helper = getattr(command, "_help_option", None)  # click makes it once, in the language of then
        if helper is not None:
            _put(helper, "help", translate(table.get("click", {}), "Show this message and exit."))


def translate(strings: dict[str, str], message: str) -> str:
    return strings.get(message, message)


def click_text(message: str) -> str:
    """One of click's strings (the catalogue's [click] table) in the current language."""
    from engine.i18n import language

    return translate(help_catalogue(language()).get("click", {}), message)


def cli_text(message: str) -> str:
    """A message of the command line's own parsing (a number type, --lang) in the current language,
    keyed like click's by its English text: the catalogue's [text] table."""
    from engine.i18n import language

    return translate(help_catalogue(language()).get("text", {}), message)


def _use_click_strings(strings: dict[str, str]) -> None:
    """Point click's `_` and `ngettext` at `strings` (English: back at the stdlib's)."""
    if strings:
        def lookup(message: str) -> str:
            return strings.get(message, message)

        def plural(singular: str, plural_form: str, n: int) -> str:  # Bokmål: singular for 1 only, as English
            return strings.get(singular if n == 1 else plural_form, singular if n == 1 else plural_form)
    else:
        lookup, plural = gettext.gettext, gettext.ngettext  # type: ignore[assignment]
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        if _is_gettext(getattr(module, "_", None), "gettext"):
            module._ = lookup  # type: ignore[attr-defined]
        if _is_gettext(getattr(module, "ngettext", None), "ngettext"):
            module.ngettext = plural  # type: ignore[attr-defined]


def _is_gettext(function: object, stdlib_name: str) -> bool:
    """The stdlib's function, or one this module put in its place earlier."""
    return function is getattr(gettext, stdlib_name) or getattr(function, "__module__", None) == __name__
