"""The Jinja2 environment shared by every HTML output: autoescape on, templates as package data,
catalogue messages and number formatting available in every template."""

from __future__ import annotations

from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from engine.i18n import language, t
from question_generators.display import format_datetime, format_duration, format_number, format_percent


def when(iso: str) -> str:
    """A stored UTC timestamp as people read it: 2026-11-25 20:08 UTC, in Bokmål 25.11.2026 20:08 UTC."""
    if not iso.endswith("+00:00"):
        return iso
    if language() == "en":
        return iso[:16].replace("T", " ") + " UTC"
    from datetime import datetime

    return format_datetime(datetime.fromisoformat(iso), language()) + " UTC"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reports", "templates"),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True),
        undefined=StrictUndefined,  # a missing value is a bug, not an empty cell
        trim_blocks=True, lstrip_blocks=True,
    )
    env.globals["t"] = t
    env.globals["inline_css"] = lambda name: Markup(  # our own stylesheet, inlined: self-contained
        resources.files("reports").joinpath("templates", name).read_text(encoding="utf-8"))
    env.filters["clock"] = format_duration
    env.filters["when"] = when
    # Numbers in the language being rendered (a report in its session's language).
    env.filters["number"] = lambda value, decimals=None, lang=None, group=True: format_number(
        value, decimals, lang or language(), group)
    env.filters["percent"] = lambda value, decimals=None, lang=None: format_percent(value, decimals, lang or language())
    env.globals["current_lang"] = language
    from engine.textview import percentile_text, sten_text  # as the take summary prints them

    env.filters["percentile"] = percentile_text
    env.filters["sten"] = sten_text
    env.filters["signed"] = lambda value, decimals=2: f"{value:+.{decimals}f}".replace("-", "−")
    # Figures render their own escaped HTML (tables) or generator-made SVG: trusted markup.
    env.filters["figure_html"] = lambda figure: Markup(figure.to_html())
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
