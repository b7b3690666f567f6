"""The session report: score cards, section and family bars, time per item, a review of every item
and what to practise next."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
from markupsafe import Markup

from engine import __version__
from engine.i18n import t
from engine.scoring import Score
from engine.store import SessionRecord
from question_generators.item import LETTERS
from reports import charts
from reports.common import STATUS_STYLES, STATUSES, FamilyRecord, jsonable, outcome, practice_plan, tally_dict
from reports.html import render


def family_records(result: Score) -> list[FamilyRecord]:
    """Per family: counts, time and the mean difficulty of its items (for the practice plan)."""
    records: dict[str, FamilyRecord] = {}
    for r in result.items:
        f = records.setdefault(r.item.family, FamilyRecord(r.item.family))
        f.total += 1
        f.attempted += r.status == "answered"
        f.correct += r.correct
        f.time_ms += r.time_ms
        f.difficulty_sum += r.item.difficulty
    for tally in result.families:
        if tally.ability is not None and tally.label in records:
            records[tally.label].theta = tally.ability.theta
    return list(records.values())


def session_context(record: SessionRecord, result: Score) -> dict[str, Any]:
    """The plain data the template shows and --json writes."""
    review = []
    counts = {name: [0] * len(result.sections) for name in STATUSES}
    for r in result.items:
        chosen = r.response if r.item.is_choice else None
        kind = outcome(r.status, r.correct)
        counts[kind][r.section] += 1
        review.append({
            "position": r.position + 1, "number": r.number, "section": r.section, "item": r.item,
            "status": r.status, "outcome": kind, "response": r.response, "correct": r.correct,
            "flagged": r.flagged, "time_ms": r.time_ms, "typical_s": r.item.time_s, "mistake": r.mistake,
            "options": [{"letter": LETTERS[i], "text": o.text, "key": i == r.item.key,
                         "chosen": chosen == LETTERS[i]} for i, o in enumerate(r.item.options)],
        })
    sections = [{**tally_dict(s), **{k: counts[k][i] for k in STATUSES}} for i, s in enumerate(result.sections)]
    unreached = sum(counts["unreached"])
    typical_ms = int(1000 * sum(r.item.time_s for r in result.items))
    return {
        "kind": "session", "version": __version__, "record": dataclasses.asdict(record),
        "score": {"overall": tally_dict(result.overall), "time_limit_ms": result.time_limit_ms,
                  "median_item_ms": result.median_item_ms, "unreached_wrong": result.unreached_wrong,
                  "unreached": result.unreached},
        "sections": sections, "families": [tally_dict(f) for f in result.families],
        "has_ability": any(x.ability is not None for x in [result.overall, *result.sections, *result.families]),
        "review": review, "plan": practice_plan(family_records(result)),
        "pace": {"unreached": unreached, "typical_ms": typical_ms, "used_ms": result.overall.time_ms,
                 "limit_ms": result.time_limit_ms},
    }


def session_charts(data: dict[str, Any]) -> dict[str, Markup]:
    """The SVG charts of a session report, made from its data."""
    pct = charts.percent_text
    sections, families, review = data["sections"], data["families"], data["review"]
    made = {
        "sections": charts.bar_chart(
            [s["label"] for s in sections], np.array([s["percent"] for s in sections]), value_max=100,
            value_format=pct, title=t("reports.chart_sections"), ident="chart-sections",
            axis_label=t("reports.percent_correct")),
        "outcomes": charts.stacked_bars(
            [s["label"] for s in sections],
            [(t(f"reports.outcome_{k}"), np.array([s[k] for s in sections])) for k in STATUSES],
            styles=STATUS_STYLES, title=t("reports.chart_outcomes"), ident="chart-outcomes",
            axis_label=t("reports.items")),
        "families": charts.bar_chart(
            [f["label"] for f in families], np.array([f["percent"] for f in families]), value_max=100,
            value_format=pct, title=t("reports.chart_families"), ident="chart-families",
            axis_label=t("reports.percent_correct")),
        "time": charts.bar_chart(
            [str(r["position"]) for r in review], np.array([r["time_ms"] / 1000 for r in review]),
            horizontal=False, categories=[STATUSES.index(r["outcome"]) for r in review],
            category_names=[t(f"reports.outcome_{k}") for k in STATUSES], styles=STATUS_STYLES,
            value_format=lambda v: f"{v:.0f} s", title=t("reports.chart_time"), ident="chart-time",
            desc=t("reports.chart_time_desc", items=len(review), **{
                k: sum(1 for r in review if r["outcome"] == k) for k in STATUSES}),
            axis_label=t("reports.seconds"), x_label=t("reports.item_number")),
    }
    return {name: Markup(svg) for name, svg in made.items()}


def render_session_report(record: SessionRecord, result: Score) -> str:
    """The report in the language the session was taken in (its messages, numbers and dates)."""
    from engine.i18n import speaking

    with speaking(record.lang):
        data = session_context(record, result)
        return render("session.html", **data, charts=session_charts(data))


def session_json(record: SessionRecord, result: Score) -> dict[str, Any]:
    return jsonable(session_context(record, result))
