"""The cohort report for coaches: the candidates of a group (or the whole store) on one form, with
scores and percentile ranks, the score distribution and an item analysis that flags bad items.

Item statistics only mean something for people who sat the same items, so one form is analysed: the
one given, or the one with the most sessions. A candidate who sat it more than once counts with their
first sitting (a retake has seen the items)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
from markupsafe import Markup

from engine import __version__
from engine.forms import TestForm
from engine.i18n import t
from engine.itemstats import LOW_RPB, FormAnalysis, ResponseMatrix, analyse_matrix, grade_matrix
from engine.scoring import Score
from engine.store import SessionRecord, Store, StoreError
from reports import charts
from reports.charts import OKABE_ITO, Style
from reports.common import ability_dict, jsonable, scoring_options
from reports.html import render

DONE = ("finished", "expired")


@dataclass(slots=True)
class Cohort:
    """The sittings analysed together, with what was chosen and why."""

    group: str | None
    form_id: str
    form: TestForm
    records: list[SessionRecord]
    results: list[Score]
    analysis: FormAnalysis
    chosen_by: str  # "given" or "most"
    other_forms: list[tuple[str, str, int]]  # (form id, title, sessions) not analysed
    retakes: int  # later sittings left out
    absent: list[str]  # group members without a sitting of this form


def pick_form(records: list[SessionRecord], form_id: str | None) -> tuple[str, str]:
    """The form to analyse: the one asked for (an id or a unique prefix), else the one most sat."""
    counts = Counter(r.form_id for r in records)
    if form_id:
        matches = sorted(f for f in counts if f.startswith(form_id))
        if len(matches) != 1:
            known = ", ".join(f[:12] for f, _ in counts.most_common(5))
            raise StoreError(t("cohort.no_form", form=form_id, forms=known))
        return matches[0], "given"
    latest = {r.form_id: r.id for r in sorted(records, key=lambda r: r.id)}
    return max(counts, key=lambda f: (counts[f], latest[f])), "most"


def build_cohort(store: Store, group: str | None, form_id: str | None = None,
                 records: list[SessionRecord] | None = None) -> Cohort:
    """`records`: the sittings to analyse (an assignment's, in coach mode) instead of the group's."""
    if records is None:
        records = store.sessions(status=DONE, group=group)
    records = [r for r in records if r.status in DONE]
    if not records:
        raise StoreError(t("cohort.no_sessions_group", group=group) if group is not None else t("cohort.no_sessions"))
    chosen, how = pick_form(records, form_id)
    counts = Counter(r.form_id for r in records)
    titles = {r.form_id: r.title for r in records}
    others = [(f, titles[f], c) for f, c in counts.most_common() if f != chosen]
    sittings = sorted((r for r in records if r.form_id == chosen), key=lambda r: (r.started_at or r.created_at, r.id))
    firsts, seen = [], set()
    for r in sittings:
        if r.candidate is not None and r.candidate in seen:
            continue
        seen.add(r.candidate)
        firsts.append(r)
    form = TestForm.from_dict(json.loads(store.form_json(chosen)), f"form {chosen}")
    ids = [r.id for r in firsts]
    matrix = ResponseMatrix.from_store(store.conn, chosen, ids, len(form.items))
    scores = grade_matrix(form.items, matrix)
    results = overall_scores(form, matrix, scores, _section_times(store, chosen, ids), scoring_options(store))
    members = [c.name for c in store.candidates(group)] if group is not None else []
    return Cohort(group, chosen, form, firsts, results, analyse_matrix(form.items, matrix, scores), how, others,
                  len(sittings) - len(firsts), [m for m in members if m not in seen])


def _section_times(store: Store, form_id: str, ids: list[int]) -> np.ndarray:
    """Each sitting's time used (the sum of its section clocks), in the order of `ids`: one query."""
    used = dict(store.conn.execute(
        "SELECT session_id, sum(elapsed_ms) FROM section_state WHERE session_id IN "
        "(SELECT id FROM sessions WHERE form_id = ?) GROUP BY session_id", (form_id,)))
    return np.array([used.get(i) or 0 for i in ids], np.int64)


def overall_scores(form: TestForm, m: ResponseMatrix, scores: np.ndarray, time_ms: np.ndarray,
                   options: dict[str, Any]) -> list[Score]:
    """The whole-test tally of every sitting at once (the cohort shows no more): the same figures
    as engine.scoring.score gives one sitting, with one EAP call for the whole cohort."""
    from engine import irt
    from engine.scoring import Ability, Tally

    answered = m.status == 2
    unreached_wrong = not form.adaptive  # as in engine.scoring: a fixed timed form counts them wrong
    coded = np.where(answered, scores, np.where(m.status == 1, 0.0, 0.0 if unreached_wrong else np.nan))
    k_options = np.array([len(item.options) for item in form.items])
    per_wrong = np.where(k_options > 1, 1.0 / np.maximum(k_options - 1, 1), 0.0)
    penalties = ((answered & (scores == 0)) * per_wrong).sum(axis=1)
    thetas, ses = irt.eap(coded, irt.item_parameters_of(form.items, options.get("calibration")))
    given = ~np.isnan(coded).all(axis=1)
    label = t("score.overall")
    results = []
    for i in range(len(scores)):
        tally = Tally(label, total=scores.shape[1], attempted=int(answered[i].sum()), correct=int(scores[i].sum()),
                      time_ms=int(time_ms[i]), guess_penalty=float(penalties[i]))
        if given[i]:
            tally.ability = Ability(*irt.ability_figures(float(thetas[i]), float(ses[i])))
        results.append(Score(tally, [], [], unreached_wrong=unreached_wrong))
    return results


def percentile_ranks(totals: np.ndarray) -> np.ndarray:
    """Percent of the cohort below each score, counting ties as half (the mid-rank percentile)."""
    ordered = np.sort(totals)
    below = np.searchsorted(ordered, totals, side="left")
    equal = np.searchsorted(ordered, totals, side="right") - below
    return 100.0 * (below + 0.5 * equal) / max(1, len(totals))


def cohort_context(c: Cohort) -> dict[str, Any]:
    totals = c.analysis.totals
    ranks = percentile_ranks(totals)
    rows = []
    for r, result, rank in zip(c.records, c.results, ranks, strict=True):
        o = result.overall
        rows.append({"session": r.id, "candidate": r.candidate, "when": r.started_at or r.created_at,
                     "source": r.source, "correct": o.correct, "total": o.total, "percent": o.percent,
                     "attempted": o.attempted, "rank": float(rank), "time_ms": o.time_ms,
                     "ability": ability_dict(o.ability)})
    rows.sort(key=lambda row: (-row["correct"], row["time_ms"], row["session"]))
    items = []
    for stat in c.analysis.items:
        items.append({
            "position": stat.position + 1, "section": stat.section, "id": stat.item_id, "family": stat.family,
            "b": stat.b, "n": stat.n, "p": stat.p, "rpb": stat.rpb, "mean_time_ms": stat.mean_time_ms,
            "skipped": stat.skipped, "unreached": stat.unreached, "flags": list(stat.flags),
            "flag_text": [t(f"cohort.flag_{f}") for f in stat.flags],
            "options": [{"letter": o.letter, "text": o.text, "key": o.key, "mistake": o.mistake, "count": o.count,
                         "share": o.share, "upper": o.upper, "lower": o.lower, "rpb": o.rpb} for o in stat.options],
        })
    return {
        "kind": "cohort", "version": __version__, "group": c.group, "form_id": c.form_id, "title": c.form.title,
        "blueprint": c.form.blueprint, "chosen_by": c.chosen_by, "n": c.analysis.n,
        "other_forms": [{"form_id": f, "title": title, "sessions": n} for f, title, n in c.other_forms],
        "retakes": c.retakes, "absent": c.absent, "candidates": rows,
        "has_ability": any(row["ability"] for row in rows),
        "summary": {"mean": c.analysis.mean, "sd": c.analysis.sd, "kr20": c.analysis.kr20,
                    "median": float(np.median(totals)) if len(totals) else 0.0, "items": len(c.form.items),
                    "flagged": len(c.analysis.flagged), "reliable": c.analysis.reliable},
        "items": items, "low_rpb": LOW_RPB,
    }


def cohort_charts(data: dict[str, Any]) -> dict[str, Markup]:
    totals = np.array([row["correct"] for row in data["candidates"]], dtype=float)
    items = data["items"]
    made = {
        "distribution": charts.histogram(
            totals, title=t("cohort.chart_distribution"), ident="chart-distribution",
            x_label=t("cohort.raw_score", items=data["summary"]["items"]), y_label=t("cohort.candidates"),
            marker=data["summary"]["mean"], marker_label=t("cohort.mean", mean=f"{data['summary']['mean']:.1f}")),
        "items": charts.scatter(
            np.array([i["p"] for i in items]), np.array([np.nan if i["rpb"] is None else i["rpb"] for i in items]),
            title=t("cohort.chart_items"), ident="chart-items", x_label=t("cohort.p_long"),
            y_label=t("cohort.rpb_short"), categories=[1 if i["flags"] else 0 for i in items],
            category_names=[t("cohort.fine"), t("cohort.flagged")],
            styles=[Style(OKABE_ITO["blue"], marker="circle"), Style(OKABE_ITO["vermillion"], marker="triangle")],
            point_labels=[f"{t('report.item')} {i['position']}: p {i['p']:.2f}, r "
                          f"{'–' if i['rpb'] is None else format(i['rpb'], '.2f')}"
                          + (f" ({', '.join(i['flag_text'])})" if i["flags"] else "") for i in items],
            x_range=(0, 1), y_range=(-0.5, 1), guides=[("y", data["low_rpb"], f"r = {data['low_rpb']:.2f}")],
            desc=t("cohort.chart_items_desc", items=len(items), flagged=data["summary"]["flagged"])),
    }
    choice = [i for i in items if i["options"]]
    if choice:
        letters = sorted({o["letter"] for i in choice for o in i["options"]})
        made["options"] = charts.stacked_bars(
            [f"{t('report.item')} {i['position']}" for i in choice],
            [(letter, np.array([next((o["count"] for o in i["options"] if o["letter"] == letter), 0) for i in choice]))
             for letter in letters],
            styles=[charts.style(k) for k in range(len(letters))], percent=True,
            title=t("cohort.chart_options"), ident="chart-options", axis_label=t("cohort.share_choosing"))
    return {name: Markup(svg) for name, svg in made.items()}


def render_cohort(c: Cohort) -> str:
    data = cohort_context(c)
    return render("cohort.html", **data, charts=cohort_charts(data))


def cohort_json(c: Cohort) -> dict[str, Any]:
    return jsonable(cohort_context(c))
