"""Items and scores as plain text for the terminal."""

from __future__ import annotations

import textwrap

from engine.i18n import t
from engine.scoring import Ability, Score, Tally
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
             accuracy="-" if tally.accuracy is None else format_percent(tally.accuracy, 0, lang),
             time=clock(tally.time_ms))


def _round(value: float) -> int:
    return int(value + 0.5)  # half up, as score tables do (not to even)


def _pct(value: float) -> str:
    """A percentile as reports print it: 1 to 99, with <1 and >99 at the ends."""
    return "<1" if value < 0.5 else ">99" if value >= 99.5 else str(_round(value))


# The same forms in the terminal summary and the HTML reports (stens are whole bands 1 to 10).
percentile_text = _pct
sten_text = _round


def ability_line(label: str, ability: Ability) -> str:
    """theta +- SE, the percentile and sten with their ranges (theta -+ 1 SE)."""
    return t("ability.line", label=label, theta=f"{ability.theta:+.2f}", se=f"{ability.se:.2f}",
             percentile=_pct(ability.percentile), percentile_low=_pct(ability.percentile_low),
             percentile_high=_pct(ability.percentile_high), sten=_round(ability.sten),
             sten_low=_round(ability.sten_low), sten_high=_round(ability.sten_high))


def score_text(result: Score, lang: str = "en") -> str:
    overall = result.overall
    lines = [t("score.title"), "  " + tally_line(overall, lang)]
    if len(result.sections) > 1:
        lines += ["  " + tally_line(s, lang) for s in result.sections]
    lines += ["  " + tally_line(f, lang) for f in result.families]
    rules = result.rules
    if rules.negative_marking:
        lines.append("  " + t("ability.negative", per_wrong=f"{rules.negative_marking:g}",
                              marks=f"{overall.negative_marked(rules.negative_marking):g}", total=overall.total))
    if rules.guessing_correction:
        lines.append("  " + t("ability.corrected", score=f"{overall.corrected:.2f}".rstrip("0").rstrip("."),
                              total=overall.total))
    lines.append("  " + t("ability.speed", rate=f"{overall.items_per_minute:.1f}",
                          time=clock(result.median_item_ms)))
    slices = [overall, *(result.sections if len(result.sections) > 1 else [])]
    shown = [ability_line(s.label, s.ability) for s in slices if s.ability is not None]
    if shown:
        lines += ["  " + line for line in shown]
        lines.append(wrap(t("ability.note"), indent="    "))
    if result.unreached_wrong and result.unreached:
        lines.append(wrap(t("ability.unreached_wrong", count=result.unreached), indent="    "))
    return "\n".join(lines)
