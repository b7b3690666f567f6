"""The message catalogue: every user-facing text of the CLI and the reports, by key and language.

Catalogues are TOML files in engine/locales/ (one per language, nested tables flattened to dotted
keys). A missing key in a second language falls back to English, so a partial translation works."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any

DEFAULT_LANG = "en"
_current = [os.environ.get("SECONDROUND_LANG", DEFAULT_LANG)]
# A language for one context only (a web request, a report rendered in its session's language): it
# wins over the process-wide language and never leaks into a concurrent request.
_override: ContextVar[str | None] = ContextVar("secondround_lang", default=None)


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language; an unknown language is the English catalogue."""
    path = resources.files("engine").joinpath("locales", f"{lang}.toml")
    if not path.is_file():
        return catalogue(DEFAULT_LANG) if lang != DEFAULT_LANG else {}
    with path.open("rb") as handle:
        return _flatten(tomllib.load(handle))


def available_languages() -> list[str]:
    folder = resources.files("engine").joinpath("locales")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The language of the user's locale (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them) when a
    catalogue exists for it, else English. Norwegian locales (nb, no, nn) map to Bokmål."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            code = "nb" if code in ("nb", "no", "nn") else code
            return code if code in available_languages() else DEFAULT_LANG
    return DEFAULT_LANG


def set_language(lang: str) -> None:
    _current[0] = lang


def language() -> str:
    return _override.get() or _current[0]


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Messages in `lang` inside the block (a report renders in its session's language), then back.
    Only this context changes language, so a web request cannot switch another's."""
    token = _override.set(lang if lang in available_languages() else language())
    try:
        yield
    finally:
        _override.reset(token)


def use_for_context(lang: str) -> None:
    """The language of the rest of this context (one web request): set by the app's middleware."""
    _override.set(lang if lang in available_languages() else None)


def as_clause(text: str) -> str:
    """A mistake written as a sentence ("Chose pair B ...") continuing a sentence ("... if you chose
    pair B ..."): the first letter lowered unless the word is an acronym or a name in capitals."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def did_you_mean(names: list[str]) -> str:
    """The " (did you mean a or b?)" hint, or nothing when there is no close name."""
    return t("error.did_you_mean", names=t("error.or").join(names)) if names else ""


def error_text(exc: Exception) -> str:
    """An error in the user's language: from the catalogue when the error carries a key."""
    key = getattr(exc, "key", None)
    if not key:
        return str(exc)
    params = dict(getattr(exc, "params", {}))
    if "suggestions" in params:
        params["hint"] = did_you_mean(list(params.pop("suggestions")))  # type: ignore[arg-type]
    try:
        return t(key, **params)
    except (KeyError, IndexError):
        return str(exc)


def t(message_id: str, /, lang: str | None = None, **values: Any) -> str:
    """The message `key` in the current (or given) language, with `{name}` fields filled in."""
    lang = lang or _override.get() or _current[0]
    text = catalogue(lang).get(message_id) or catalogue(DEFAULT_LANG).get(message_id)
    if text is None:
        raise KeyError(f"message {message_id!r} is missing from the catalogue")
    return text.format(**values) if values else text
