"""Items and scores as plain text for the terminal."""

from __future__ import annotations

import textwrap

from engine.i18n import t
from engine.scoring import Score, Tally
from question_generators.display import format_duration as clock
from question_generators.display import format_percent
from question_generators.item import LETTERS, Item

WIDTH = 78


def wrap(text: str, indent: str = "") -> str:
    return "\n".join(textwrap.fill(par, WIDTH, initial_indent=indent, subsequent_indent=indent)
                     if par.strip() else "" for par in text.split("\n"))


def item_body(item: Item) -> str:
    """Prompt, figure and options as the candidate sees them."""
    parts = [wrap(item.prompt)]
    if item.figure is not None:
        parts.append(textwrap.indent(item.figure.to_text(), "  "))
    if item.options:
        parts.append("\n".join(f"  {LETTERS[i]}) {o.text}" for i, o in enumerate(item.options)))
    return "\n\n".join(parts)


def tally_line(tally: Tally, lang: str = "en") -> str:
    return t("score.line", label=tally.label, correct=tally.correct, total=tally.total,
             percent=format_percent(tally.percent, 0, lang), attempted=tally.attempted,
             accuracy=format_percent(tally.accuracy, 0, lang), time=clock(tally.time_ms))


def score_text(result: Score, lang: str = "en") -> str:
    lines = [t("score.title"), "  " + tally_line(result.overall, lang)]
    if len(result.sections) > 1:
        lines += ["  " + tally_line(s, lang) for s in result.sections]
    lines += ["  " + tally_line(f, lang) for f in result.families]
    lines.append("  " + t("score.median", time=clock(result.median_item_ms)))
    return "\n".join(lines)
