"""Progress and cohort reports: numbers, labels and sections present; names escaped; scales from one
session to many; the ability path when scoring provides estimates."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from engine.scoring import Ability
from reports.cohort import build_cohort, cohort_context, percentile_ranks, render_cohort
from reports.progress import (
    AreaRecord,
    SessionSummary,
    candidate_sessions,
    collect,
    progress_context,
    render_progress,
    wilson,
)
from tests.reports import demo
from tests.reports.test_session_report import Collector

EVIL = "<script>alert(1)</script>"


def parse(page: str) -> Collector:
    parser = Collector()
    parser.feed(page)
    return parser


def svgs(parser: Collector) -> list[str]:
    return [a.get("data-chart") or "" for tag, a in parser.tags if tag == "svg"]


def test_progress_report_content(store) -> None:
    demo.progress_history(store, EVIL, 12, items=10)
    summaries = collect(store, candidate_sessions(store, EVIL))
    page = render_progress(EVIL, summaries)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    parser = parse(page)
    assert parser.fields["sessions"] == "12" and parser.fields["items"] == "120"
    assert parser.fields["unit"] == "one point per session"
    rated = any(x.theta is not None for x in summaries)  # once scoring gives IRT estimates
    assert svgs(parser) == ["chart-accuracy", *(["chart-ability"] if rated else []), "chart-speed", "chart-heat"]
    text = " ".join(parser.text)
    for needle in ("Accuracy per skill area over time", "Speed", "Item families by week", "Personal bests",
                   "Best score", "Weakest families", "secondround preview numeric.", "Latest 12 sessions",
                   "numeric.series", "numeric.arithmetic", "numerical"):
        assert needle in text, needle
    best = max(summaries, key=lambda s: (s.percent, s.total, s.id))
    assert f"{best.correct} / {best.total} ({best.percent:.0f}%)" in text
    assert ("Ability estimate" in text) == rated


def test_progress_report_with_one_session(store) -> None:
    demo.progress_history(store, "Solo", 1, items=10)
    page = render_progress("Solo", collect(store, candidate_sessions(store, "Solo")))
    parser = parse(page)
    assert parser.fields["sessions"] == "1"
    assert len(svgs(parser)) in (3, 4)


def summary(n: int, rng: np.random.Generator, theta: bool = False) -> SessionSummary:
    when = (demo.START + timedelta(days=n // 2)).isoformat(timespec="seconds")
    correct = int(rng.integers(10, 40))
    areas = {"numerical": AreaRecord(20, correct // 2, 0.1 if theta else None, 0.3 if theta else None),
             "verbal": AreaRecord(20, correct - correct // 2)}
    return SessionSummary(n + 1, when, "Mixed", "mixed", "exam", 40, correct, 38, 2, 1_200_000, 30_000 - 10 * n,
                          areas, {}, 0.2 if theta else None, 0.3 if theta else None)


def test_thousand_sessions_pool_by_week_and_stay_small() -> None:
    rng = np.random.default_rng(5)
    summaries = [summary(n, rng) for n in range(1000)]
    data = progress_context("Many", summaries)
    assert data["unit"] == "month" or data["unit"] == "week"
    assert len(data["periods"]) < 120
    assert sum(p["sessions"] for p in data["periods"]) == 1000
    assert data["periods"][0]["label"] == "2026-06-01"  # spanning years: dates say which year
    page = render_progress("Many", summaries)
    assert len(page.encode()) < 2_000_000
    assert "sessions pooled by" in page


def test_ability_bands_when_estimates_exist() -> None:
    rng = np.random.default_rng(6)
    page = render_progress("Rated", [summary(n, rng, theta=True) for n in range(5)])
    parser = parse(page)
    assert "chart-ability" in svgs(parser)
    text = " ".join(parser.text)
    assert "Highest ability estimate" in text and "standard-normal reference scale" in text


def test_wilson_interval() -> None:
    low, high = wilson(8, 10)
    assert low == pytest.approx(49.0, abs=0.1) and high == pytest.approx(94.3, abs=0.1)
    assert all(np.isnan(wilson(0, 0)))


def test_cohort_report_content(store) -> None:
    form, _ = demo.cohort(store, "Group <b>", 9, items=10)
    store.add_candidate(EVIL, groups=("Group <b>",))
    extra = demo.save_form(store, form)
    demo.simulate(store, form, extra, candidate=EVIL, theta=0.0, rng=np.random.default_rng(1),
                  when=demo.START, group="Group <b>")
    demo.simulate(store, form, extra, candidate=EVIL, theta=2.0, rng=np.random.default_rng(2),
                  when=demo.START.replace(month=7), group="Group <b>")  # a retake: left out
    cohort = build_cohort(store, "Group <b>")
    data = cohort_context(cohort)
    assert data["n"] == 10 and data["retakes"] == 1
    page = render_cohort(cohort)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Group &lt;b&gt;" in page
    parser = parse(page)
    assert parser.fields["n"] == "10"
    assert "most sittings (10)" in parser.fields["choice"]
    assert "Only 10 candidate(s)" in parser.fields["small"]
    assert set(svgs(parser)) >= {"chart-distribution", "chart-items"}
    text = " ".join(parser.text)
    for needle in ("Candidates, scores and percentile ranks", "Score distribution", "Item analysis",
                   "Reliability (KR-20)", "Later sittings of the same candidate (1)"):
        assert needle in text, needle
    rows = [a for tag, a in parser.tags if tag == "tr" and (a.get("id") or "").startswith("item-")]
    assert len(rows) == 10
    flagged = [r for r in rows if r.get("class") == "flagged"]
    assert len(flagged) == data["summary"]["flagged"]


def test_cohort_ability_column(store) -> None:
    demo.cohort(store, "G", 4, items=10)
    cohort = build_cohort(store, "G")
    ability = Ability(0.5, 0.3, 69.1, 57.9, 79.1, 7.0, 6.4, 7.6)
    cohort.results[0].overall.ability = ability
    page = render_cohort(replace(cohort))
    assert "Percentile (model)" in page and "69 <small>(58–79)</small>" in page
    assert "7 <small>(6–8)</small>" in page  # whole stens, as the take summary prints them


def test_percentile_ranks_mid_rank() -> None:
    assert percentile_ranks(np.array([1.0, 2, 2, 3])).tolist() == [12.5, 50.0, 50.0, 87.5]


def test_report_help_stays_light() -> None:
    code = ("import sys\nfrom engine.cli import main\nsys.argv = ['secondround', 'report', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('numpy', 'jinja2', 'reports', 'engine.store') if m in sys.modules]\n"
            "assert not heavy, heavy\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_summaries_carry_ability_from_scoring(store) -> None:
    from engine.scoring import score
    from reports.progress import summarise

    ids = demo.progress_history(store, "Rated", 1, items=10)
    record = store.session(ids[0])
    form = demo.drill_form(100, 10)
    result = score(form, store.responses(record.id), store.sections(record.id))
    result.overall.ability = Ability(0.4, 0.25, 65.5, 56.0, 74.0, 6.8, 6.3, 7.3)
    result.sections[0].ability = Ability(0.9, 0.4, 81.6, 69.0, 90.0, 7.8, 7.0, 8.6)
    s = summarise(record, result)
    assert s.theta == 0.4 and s.se == 0.25
    assert s.areas["numerical"].theta == 0.9  # the first section's estimate stands for its skill area
    page = render_progress("Rated", [s])
    assert 'data-chart="chart-ability"' in page and "+0.40 ± 0.25" in page.replace("−", "-")


def test_simulated_sittings_are_marked_in_the_cohort(store) -> None:
    form, _ = demo.cohort(store, "Sim", 3, items=10)
    form_id = demo.save_form(store, form)
    demo.simulate(store, form, form_id, candidate="Bot", theta=0.0, rng=np.random.default_rng(3), when=demo.START,
                  group="Sim", source="simulated")
    page = render_cohort(build_cohort(store, "Sim"))
    assert "Bot <small>(simulated examinee)</small>" in page


def test_progress_of_unnamed_sessions(store) -> None:
    demo.progress_history(store, None, 3, items=10)
    demo.progress_history(store, "Named", 2, items=10, seed=2)
    records = candidate_sessions(store, None)
    assert len(records) == 3 and all(r.candidate is None for r in records)
    page = render_progress(None, collect(store, records))
    assert parse(page).fields["candidate"] == "(no name)"


def test_the_cohort_fast_path_gives_the_figures_of_scoring_each_sitting(store) -> None:
    """The cohort scores every sitting in one pass; each figure equals engine.scoring.score's."""
    from engine.scoring import score
    from reports.cohort import build_cohort

    demo.cohort(store, "Check", 25, items=12, seed=3)
    built = build_cohort(store, "Check")
    for record, fast in zip(built.records, built.results, strict=True):
        slow = score(built.form, store.responses(record.id), store.sections(record.id)).overall
        got = fast.overall
        assert (got.total, got.attempted, got.correct, got.time_ms) == (slow.total, slow.attempted, slow.correct,
                                                                          slow.time_ms)
        assert abs(got.guess_penalty - slow.guess_penalty) < 1e-9
        assert (got.ability is None) == (slow.ability is None)
        if got.ability is not None:
            assert abs(got.ability.theta - slow.ability.theta) < 1e-9 and got.ability.se == slow.ability.se


def test_progress_summaries_by_form_equal_scoring_each_session(store) -> None:
    """collect() scores the sittings of one form together; each summary equals summarise(score())."""
    from reports.common import score_rows, scoring_options
    from reports.progress import candidate_sessions, collect, summarise

    rng = np.random.default_rng(5)
    forms = [demo.drill_form(40 + k, items=12, minutes=2) for k in range(3)]
    ids = [demo.save_form(store, f) for f in forms]
    for n in range(18):
        demo.simulate(store, forms[n % 3], ids[n % 3], candidate="Same", theta=float(rng.normal()), rng=rng,
                      when=demo.START + timedelta(hours=n))
    records = candidate_sessions(store, "Same")
    fast = collect(store, records)
    for record, got in zip(records, fast, strict=True):
        form = next(f for f, i in zip(forms, ids, strict=True) if i == record.form_id)
        want = summarise(record, score_rows(form, store.responses(record.id), store.sections(record.id),
                                            scoring_options(store)))
        assert got == want
    assert any(s.unreached for s in fast)  # the comparison covered unreached items too
