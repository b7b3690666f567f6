"""The progress report: one candidate's sessions over time, per skill area, with uncertainty bands,
speed, a family-by-period heat map, personal bests and a practice plan.

Sessions are first reduced to small summaries (counts per skill area and family, median time, the
IRT estimate where scoring gives one); everything after that works on the summaries, so a thousand
sessions render as fast as ten. Up to 20 sessions are drawn one point each; more are pooled by week
(by month past two years of weeks)."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

import numpy as np
from markupsafe import Markup

from engine import __version__
from engine.forms import TestForm
from engine.i18n import t
from engine.scoring import Score
from engine.store import SessionRecord, Store
from reports import charts
from reports.common import FamilyRecord, jsonable, practice_plan, score_rows, scoring_options
from reports.html import render

DONE = ("finished", "expired")
PER_SESSION_MAX = 20  # more sessions than this are pooled by period
HEAT_COLUMNS = 26  # the heat map shows at most this many recent periods
RECENT = 10  # the plan looks at this many latest sessions
Z95 = 1.959964


@dataclass(slots=True)
class AreaRecord:
    """One skill area (numerical, verbal, ...) in one session."""

    total: int = 0
    correct: int = 0
    theta: float | None = None
    se: float | None = None


@dataclass(slots=True)
class SessionSummary:
    """What the progress report needs of one session."""

    id: int
    when: str  # ISO date-time of the start
    title: str
    blueprint: str
    mode: str
    total: int
    correct: int
    attempted: int
    unreached: int
    time_ms: int
    median_item_ms: int
    areas: dict[str, AreaRecord] = field(default_factory=dict)
    families: dict[str, FamilyRecord] = field(default_factory=dict)
    theta: float | None = None
    se: float | None = None

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def day(self) -> date:
        return datetime.fromisoformat(self.when).date()


def summarise(record: SessionRecord, result: Score) -> SessionSummary:
    areas: dict[str, AreaRecord] = {}
    families: dict[str, FamilyRecord] = {}
    section_area: dict[int, Counter[str]] = {}
    unreached = 0
    for r in result.items:
        a = areas.setdefault(r.item.section, AreaRecord())
        a.total += 1
        a.correct += r.correct
        f = families.setdefault(r.item.family, FamilyRecord(r.item.family))
        f.total += 1
        f.attempted += r.status == "answered"
        f.correct += r.correct
        f.time_ms += r.time_ms
        f.difficulty_sum += r.item.difficulty
        unreached += r.status == "unreached"
        section_area.setdefault(r.section, Counter())[r.item.section] += 1
    for index, tally in enumerate(result.sections):  # a form section's estimate counts for its main skill area
        if tally.ability is not None and index in section_area:
            area = areas[section_area[index].most_common(1)[0][0]]
            if area.theta is None:
                area.theta, area.se = tally.ability.theta, tally.ability.se
    for tally in result.families:
        if tally.ability is not None and tally.label in families:
            families[tally.label].theta = tally.ability.theta
    overall = result.overall
    ability = overall.ability
    return SessionSummary(record.id, record.started_at or record.created_at, record.title, record.blueprint,
                          record.mode, overall.total, overall.correct, overall.attempted, unreached, overall.time_ms,
                          result.median_item_ms, areas, families,
                          None if ability is None else ability.theta, None if ability is None else ability.se)


def candidate_sessions(store: Store, candidate: str | None) -> list[SessionRecord]:
    """The finished sessions of one candidate (None: sessions without a name), oldest first."""
    records = store.sessions(status=DONE, candidate=candidate)
    if candidate is None:
        records = [r for r in records if r.candidate is None]
    return sorted(records, key=lambda r: (r.started_at or r.created_at, r.id))


def collect(store: Store, records: list[SessionRecord]) -> list[SessionSummary]:
    """Score every session and keep its summary: the sittings of one fixed form together, as one
    response matrix with one EAP call per slice (whole test, section, family); an adaptive sitting,
    whose form is its own, alone through engine.scoring."""
    forms: dict[str, TestForm] = {}
    by_form: dict[str, list[SessionRecord]] = {}
    for record in records:
        if record.form_id not in forms:
            forms[record.form_id] = TestForm.from_dict(json.loads(store.form_json(record.form_id)),
                                                       f"form {record.form_id}")
        by_form.setdefault(record.form_id, []).append(record)
    options = scoring_options(store)
    made: dict[int, SessionSummary] = {}
    for form_id, group in by_form.items():
        form = forms[form_id]
        if form.adaptive:
            for record in group:
                made[record.id] = summarise(record, score_rows(form, store.responses(record.id),
                                                               store.sections(record.id), options))
        else:
            for summary in _summarise_form(store, form_id, form, group, options):
                made[summary.id] = summary
    return [made[record.id] for record in records]


def _summarise_form(store: Store, form_id: str, form: TestForm, group: list[SessionRecord],
                    options: dict[str, Any]) -> list[SessionSummary]:
    """The summaries of the sittings of one fixed form, with the figures `summarise(score(...))`
    gives each (a test holds the two paths equal)."""
    from engine import irt
    from engine.itemstats import ResponseMatrix, grade_matrix

    items = form.items
    ids = [r.id for r in group]
    m = ResponseMatrix.from_store(store.conn, form_id, ids, len(items))
    scores = grade_matrix(items, m)
    answered = m.status == 2
    # A fixed timed form counts unreached items wrong in the ability, as engine.scoring does.
    coded = np.where(answered, scores, 0.0)
    params = irt.item_parameters_of(items, options.get("calibration"))
    section_of = np.array([form.section_of(p) for p in range(len(items))])
    family_of = [item.family for item in items]
    area_of = [item.section for item in items]
    slices: dict[str, np.ndarray] = {"overall": np.ones(len(items), bool)}
    for index in range(len(form.sections)):
        slices[f"section:{index}"] = section_of == index
    for family in dict.fromkeys(family_of):
        slices[f"family:{family}"] = np.array([f == family for f in family_of])
    ability: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for name, mask in slices.items():
        if mask.any():
            ability[name] = irt.eap(coded[:, mask], params.take(np.flatnonzero(mask)))
    used = _elapsed(store, form_id)
    times = np.where(m.status != 0, m.time_ms, -1)
    main_area = {index: Counter(area_of[p] for p in range(len(items)) if section_of[p] == index).most_common(1)[0][0]
                 for index in range(len(form.sections)) if (section_of == index).any()}
    area_masks = {area: np.array([a == area for a in area_of]) for area in dict.fromkeys(area_of)}
    area_correct = {area: scores[:, mask].sum(axis=1) for area, mask in area_masks.items()}
    family_masks = {family: slices[f"family:{family}"] for family in dict.fromkeys(family_of)}
    family_figures = {family: (int(mask.sum()), answered[:, mask].sum(axis=1), scores[:, mask].sum(axis=1),
                               m.time_ms[:, mask].sum(axis=1),
                               sum(item.difficulty for item, on in zip(items, mask, strict=True) if on))
                      for family, mask in family_masks.items()}
    # Plain lists before the per-sitting loop: indexing numpy arrays element by element costs more
    # than the figures themselves at 10,000 sittings.
    area_sizes = {area: int(mask.sum()) for area, mask in area_masks.items()}
    area_lists = {area: column.astype(np.int64).tolist() for area, column in area_correct.items()}
    family_lists = {family: (total, att.tolist(), cor.astype(np.int64).tolist(), tms.tolist(), diff,
                             _rounded(ability[f"family:{family}"][0]))
                    for family, (total, att, cor, tms, diff) in family_figures.items()}
    section_lists = {index: (area, _rounded(ability[f"section:{index}"][0]),
                             _rounded(ability[f"section:{index}"][1]))
                     for index, area in main_area.items()}
    theta, se = (_rounded(values) for values in ability["overall"])
    correct = scores.sum(axis=1).astype(np.int64).tolist()
    attempted = answered.sum(axis=1).tolist()
    unreached = (m.status == 0).sum(axis=1).tolist()
    seen_times = times.tolist()
    summaries = []
    for i, record in enumerate(group):
        seen = [t for t in seen_times[i] if t >= 0]
        areas = {area: AreaRecord(area_sizes[area], area_lists[area][i]) for area in area_masks}
        families = {family: FamilyRecord(family, total, att[i], cor[i], tms[i], diff, thetas[i])
                    for family, (total, att, cor, tms, diff, thetas) in family_lists.items()}
        for area, thetas, ses in section_lists.values():
            if areas[area].theta is None:
                areas[area].theta, areas[area].se = thetas[i], ses[i]
        summaries.append(SessionSummary(
            record.id, record.started_at or record.created_at, record.title, record.blueprint, record.mode,
            len(items), correct[i], attempted[i], unreached[i],
            int(used.get(record.id, 0)), int(median(seen)) if seen else 0, areas, families,
            theta[i], se[i]))
    return summaries


def _elapsed(store: Store, form_id: str) -> dict[int, int]:
    """Time used per sitting of a form (the sum of its section clocks), in one query."""
    return dict(store.conn.execute(
        "SELECT session_id, sum(elapsed_ms) FROM section_state WHERE session_id IN "
        "(SELECT id FROM sessions WHERE form_id = ?) GROUP BY session_id", (form_id,)))


# -- pooling by period -------------------------------------------------------------------------------------
def wilson(correct: float, total: float) -> tuple[float, float]:
    """The 95% Wilson interval of a proportion, in percent (NaN, NaN without data)."""
    if total <= 0:
        return math.nan, math.nan
    p = correct / total
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * total)) / (1 + z2 / total)
    half = Z95 * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / (1 + z2 / total)
    return 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def pooled_theta(pairs: list[tuple[float, float]]) -> tuple[float, float]:
    """Inverse-variance weighted mean of estimates and its standard error."""
    weights = [1 / max(se, 1e-6) ** 2 for _, se in pairs]
    total = sum(weights)
    return sum(w * th for w, (th, _) in zip(weights, pairs, strict=True)) / total, 1 / math.sqrt(total)


def period_of(day: date, unit: str) -> date:
    if unit == "week":
        return day - timedelta(days=day.weekday())  # the Monday
    if unit == "month":
        return day.replace(day=1)
    return day


def choose_unit(summaries: list[SessionSummary]) -> str:
    if len(summaries) <= PER_SESSION_MAX:
        return "session"
    span = (summaries[-1].day - summaries[0].day).days
    return "week" if span <= 2 * 366 else "month"


def period_label(start: date, unit: str, years: bool = False) -> str:
    """'Jun 2026' for a month; '1 Jun' for a day or week, or the ISO date when the data spans years."""
    from engine.i18n import language

    if language() == "en":  # English labels without loading Babel, as they always were
        if unit == "month":
            return start.strftime("%b %Y")
        return start.isoformat() if years else start.strftime("%d %b").lstrip("0")
    from question_generators.display import format_date

    return format_date(start, language(), "month" if unit == "month" else "short" if years else "day")


def groups_of(summaries: list[SessionSummary], unit: str) -> list[tuple[str, list[SessionSummary]]]:
    """Consecutive sessions pooled by period (each session alone when unit is 'session')."""
    years = len({s.day.year for s in summaries}) > 1
    if unit == "session":
        return [(period_label(s.day, unit, years), [s]) for s in summaries]
    pooled: dict[date, list[SessionSummary]] = {}
    for s in summaries:
        pooled.setdefault(period_of(s.day, unit), []).append(s)
    return [(period_label(start, unit, years), group) for start, group in sorted(pooled.items())]


# -- the report data -----------------------------------------------------------------------------------------
def progress_context(candidate: str | None, summaries: list[SessionSummary]) -> dict[str, Any]:
    """Everything the progress report shows (and --json writes), from session summaries oldest first."""
    unit = choose_unit(summaries)
    groups = groups_of(summaries, unit)
    areas = sorted({a for s in summaries for a in s.areas})
    families = sorted({f for s in summaries for f in s.families})
    periods = []
    for label, group in groups:
        row: dict[str, Any] = {"label": label, "sessions": len(group), "areas": {}, "families": {}}
        for area in areas:
            total = sum(s.areas[area].total for s in group if area in s.areas)
            correct = sum(s.areas[area].correct for s in group if area in s.areas)
            low, high = wilson(correct, total)
            thetas = [(s.areas[area].theta, s.areas[area].se) for s in group
                      if area in s.areas and s.areas[area].theta is not None]
            theta, se = pooled_theta(thetas) if thetas else (None, None)  # type: ignore[arg-type]
            row["areas"][area] = {"total": total, "correct": correct,
                                  "percent": 100 * correct / total if total else None,
                                  "low": low if total else None, "high": high if total else None,
                                  "theta": theta, "se": se}
        row["families"] = family_counts(group, families)
        times = sorted(s.median_item_ms / 1000 for s in group if s.median_item_ms)
        row["median_s"] = median(times) if times else None
        row["speed_low"] = float(np.percentile(times, 25)) if len(times) > 1 else None
        row["speed_high"] = float(np.percentile(times, 75)) if len(times) > 1 else None
        row["percent"] = 100 * sum(s.correct for s in group) / max(1, sum(s.total for s in group))
        periods.append(row)
    recent = summaries[-RECENT:]
    merged: dict[str, FamilyRecord] = {}
    for s in recent:
        for name, f in s.families.items():
            merged.setdefault(name, FamilyRecord(name)).merge(f)
    return {
        "kind": "progress", "version": __version__, "candidate": candidate, "unit": unit,
        "count": len(summaries), "first": summaries[0].when if summaries else None,
        "last": summaries[-1].when if summaries else None,
        "items": sum(s.total for s in summaries), "areas": areas, "families": families, "periods": periods,
        "has_ability": any(s.theta is not None or any(a.theta is not None for a in s.areas.values())
                           for s in summaries),
        "heat": heat_columns(summaries, families), "bests": personal_bests(summaries, areas),
        "plan": practice_plan(merged.values()), "recent": len(recent),
        "sessions": [session_row(s) for s in reversed(summaries[-PER_SESSION_MAX:])],
    }


def family_counts(group: list[SessionSummary], families: list[str]) -> dict[str, dict[str, Any]]:
    counts = {}
    for family in families:
        total = sum(s.families[family].total for s in group if family in s.families)
        correct = sum(s.families[family].correct for s in group if family in s.families)
        counts[family] = {"total": total, "correct": correct, "percent": 100 * correct / total if total else None}
    return counts


def heat_columns(summaries: list[SessionSummary], families: list[str]) -> dict[str, Any]:
    """Family accuracy by week (by month past two years), the latest HEAT_COLUMNS periods."""
    span = (summaries[-1].day - summaries[0].day).days if summaries else 0
    unit = "week" if span <= 2 * 366 else "month"
    columns = [{"label": label, "families": family_counts(group, families)}
               for label, group in groups_of(summaries, unit)[-HEAT_COLUMNS:]]
    return {"unit": unit, "columns": columns}


def session_row(s: SessionSummary) -> dict[str, Any]:
    return {"id": s.id, "when": s.when, "title": s.title, "blueprint": s.blueprint, "mode": s.mode,
            "correct": s.correct, "total": s.total, "percent": s.percent, "attempted": s.attempted,
            "unreached": s.unreached, "time_ms": s.time_ms, "median_item_ms": s.median_item_ms,
            "theta": s.theta, "se": s.se}


def personal_bests(summaries: list[SessionSummary], areas: list[str]) -> list[dict[str, Any]]:
    """Best overall score, best score per skill area (>= 5 items), fastest pace at >= 70% correct,
    highest ability estimate: each with the session that set it."""
    bests: list[dict[str, Any]] = []
    if not summaries:
        return bests
    top = max(summaries, key=lambda s: (s.percent, s.total, s.id))
    share = charts.percent_text(top.percent)
    bests.append({"what": t("progress.best_score"), "value": f"{top.correct} / {top.total} ({share})",
                  "session": top.id, "when": top.when})
    for area in areas:
        seen = [s for s in summaries if area in s.areas and s.areas[area].total >= 5]
        if seen:
            b = max(seen, key=lambda s: (s.areas[area].correct / s.areas[area].total, s.id))
            rec = b.areas[area]
            share = charts.percent_text(100 * rec.correct / rec.total)
            bests.append({"what": t("progress.best_area", area=area), "value": f"{rec.correct} / {rec.total} ({share})",
                          "session": b.id, "when": b.when})
    quick = [s for s in summaries if s.percent >= 70 and s.median_item_ms]
    if quick:
        b = min(quick, key=lambda s: (s.median_item_ms, -s.id))
        bests.append({"what": t("progress.best_pace"), "value": t("progress.seconds_per_item",
                                                                  seconds=f"{b.median_item_ms / 1000:.0f}"),
                      "session": b.id, "when": b.when})
    rated = [s for s in summaries if s.theta is not None]
    if rated:
        b = max(rated, key=lambda s: (s.theta or 0.0, s.id))
        bests.append({"what": t("progress.best_theta"), "value": f"{b.theta:+.2f} ± {b.se or 0:.2f}".replace("-", "−"),
                      "session": b.id, "when": b.when})
    return bests


def _series(periods: list[dict[str, Any]], area: str, key: str) -> np.ndarray:
    return np.array([np.nan if p["areas"][area][key] is None else p["areas"][area][key] for p in periods], dtype=float)


def progress_charts(data: dict[str, Any]) -> dict[str, Markup]:
    periods, areas = data["periods"], data["areas"]
    if not periods:
        return {}
    x = np.arange(len(periods), dtype=float)
    labels = [p["label"] for p in periods]
    unit = t(f"progress.unit_{data['unit']}")
    made: dict[str, str] = {}
    accuracy = [charts.Series(a, _series(periods, a, "percent"), _series(periods, a, "low"),
                              _series(periods, a, "high")) for a in areas]
    made["accuracy"] = charts.line_chart(
        x, accuracy, title=t("progress.chart_accuracy"), ident="chart-accuracy", x_labels=labels, y_range=(0, 100),
        y_format=charts.percent_text, y_label=t("reports.percent_correct"), x_label=unit,
        desc=t("progress.chart_accuracy_desc", periods=len(periods), unit=unit) + " " + "; ".join(
            f"{a}: {_first_last(_series(periods, a, 'percent'), '%')}" for a in areas) + ".")
    if data["has_ability"]:
        thetas = []
        for a in areas:
            th, se = _series(periods, a, "theta"), _series(periods, a, "se")
            if np.isfinite(th).any():  # an area never estimated stays out of the chart and its legend
                thetas.append(charts.Series(a, th, th - se, th + se))
        made["ability"] = charts.line_chart(
            x, thetas, title=t("progress.chart_ability"), ident="chart-ability", x_labels=labels,
            y_label="θ", x_label=unit, desc=t("progress.chart_ability_desc") + " " + "; ".join(
                f"{s.label}: {_first_last(s.y, '')}" for s in thetas) + ".")
    speed = np.array([np.nan if p["median_s"] is None else p["median_s"] for p in periods], dtype=float)
    low = np.array([np.nan if p["speed_low"] is None else p["speed_low"] for p in periods], dtype=float)
    high = np.array([np.nan if p["speed_high"] is None else p["speed_high"] for p in periods], dtype=float)
    made["speed"] = charts.line_chart(
        x, [charts.Series(t("progress.median_time"), speed, low, high)], title=t("progress.chart_speed"),
        ident="chart-speed", x_labels=labels, y_label=t("reports.seconds"), x_label=unit,
        desc=t("progress.chart_speed_desc") + " " + _first_last(speed, " s") + ".")
    recent = data["heat"]["columns"]
    fams = data["families"]
    values = np.array([[np.nan if p["families"][f]["percent"] is None else p["families"][f]["percent"] for p in recent]
                       for f in fams], dtype=float).reshape(len(fams), len(recent))
    counts = np.array([[p["families"][f]["total"] for p in recent] for f in fams]).reshape(len(fams), len(recent))
    made["heat"] = charts.heat_map(fams, [p["label"] for p in recent], values, counts=counts,
                                   title=t("progress.chart_heat", unit=t(f"progress.unit_{data['heat']['unit']}")),
                                   ident="chart-heat",
                                   scale_label=t("reports.percent_correct"))
    return {name: Markup(svg) for name, svg in made.items()}


def _first_last(values: np.ndarray, suffix: str) -> str:
    ok = values[np.isfinite(values)]
    if not ok.size:
        return t("charts.no_data")
    return t("progress.first_last", first=f"{ok[0]:.3g}{suffix}", last=f"{ok[-1]:.3g}{suffix}",
             low=f"{ok.min():.3g}{suffix}", high=f"{ok.max():.3g}{suffix}")


def render_progress(candidate: str | None, summaries: list[SessionSummary]) -> str:
    data = progress_context(candidate, summaries)
    return render("progress.html", **data, charts=progress_charts(data))


def progress_json(candidate: str | None, summaries: list[SessionSummary]) -> dict[str, Any]:
    return jsonable(progress_context(candidate, summaries))



def _rounded(values: np.ndarray) -> list[float]:
    """Python's round to 3 places (correctly rounded, as summarise() gives), over a whole column."""
    return [round(v, 3) for v in values.tolist()]
