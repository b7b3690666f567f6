"""Report speed: a progress report over 1,000 sessions of 40 items renders in under 0.5 s and stays
under 2 MB; the same from the store (scoring every session) and a 300-candidate cohort report are
measured too."""

from __future__ import annotations

import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

RENDER_TARGET_S = 0.5
SIZE_TARGET = 2_000_000
STORE_TARGET_S = 5.0
SESSIONS = 1000
COHORT = 300
COHORT_TARGET_S = 2.0
LARGE = 10_000  # issue 16: a 10,000-member cohort in under 2 s, 10,000 sessions of one candidate in under 1 s
LARGE_COHORT_TARGET_S = 2.0
LARGE_PROGRESS_TARGET_S = 1.0


def _store_with_history(path: Path, sessions: int = SESSIONS) -> None:
    from engine.store import Store
    from tests.reports import demo

    store = Store.open(path)
    store.conn.execute("PRAGMA synchronous=OFF")  # building the fixture only; the report reads it normally
    rng = np.random.default_rng(11)
    forms = [demo.drill_form(500 + k, items=40, minutes=20) for k in range(8)]
    ids = [demo.save_form(store, f) for f in forms]
    for n in range(sessions):
        theta = -1 + 2 * n / sessions + rng.normal(0, 0.3)
        demo.simulate(store, forms[n % 8], ids[n % 8], candidate="Bench", theta=theta, rng=rng,
                      when=demo.START + timedelta(hours=int(n * (17 if sessions <= SESSIONS else 2))))
    store.close()


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    """The fastest of `runs` timings of `work()`, in seconds (the machine is shared: best, not mean)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def large() -> list[tuple[str, str, str, bool]]:
    """Issue 16: a 10,000-member cohort and a candidate with 10,000 sessions, from the store."""
    from engine.store import Store
    from reports.cohort import build_cohort, render_cohort
    from reports.progress import candidate_sessions, collect, render_progress
    from tests.reports import demo

    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "large-cohort.db")
        store.conn.execute("PRAGMA synchronous=OFF")
        demo.cohort(store, "Bench", LARGE, items=40)
        cohort_s = best_of(3, lambda: render_cohort(build_cohort(store, "Bench")))
        store.close()
        _store_with_history(Path(folder) / "large-history.db", LARGE)
        store = Store.open(Path(folder) / "large-history.db")
        progress_s = best_of(3, lambda: render_progress("Bench", collect(store, candidate_sessions(store, "Bench"))))
        store.close()
    return [
        (f"cohort report, {LARGE:,} candidates x 40 items, from the store (best of 3)", f"{cohort_s:.2f} s",
         f"< {LARGE_COHORT_TARGET_S:.0f} s (issue 16)", cohort_s < LARGE_COHORT_TARGET_S),
        (f"progress report, {LARGE:,} sessions of one candidate, from the store (best of 3)", f"{progress_s:.2f} s",
         f"< {LARGE_PROGRESS_TARGET_S:.0f} s (issue 16)", progress_s < LARGE_PROGRESS_TARGET_S),
    ]


def run() -> list[tuple[str, str, str, bool]]:
    from engine.store import Store
    from reports.progress import candidate_sessions, collect, render_progress

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        _store_with_history(path)
        store = Store.open(path)
        start = time.perf_counter()
        summaries = collect(store, candidate_sessions(store, "Bench"))
        collected = time.perf_counter() - start
        render_progress("Bench", summaries)  # warm the template cache
        times = []
        for _ in range(5):
            start = time.perf_counter()
            html = render_progress("Bench", summaries)
            times.append(time.perf_counter() - start)
        store.close()
        from reports.cohort import build_cohort, render_cohort
        from tests.reports import demo

        store = Store.open(Path(folder) / "cohort.db")
        store.conn.execute("PRAGMA synchronous=OFF")
        demo.cohort(store, "Bench", COHORT, items=40)
        start = time.perf_counter()
        render_cohort(build_cohort(store, "Bench"))
        cohort_s = time.perf_counter() - start
        store.close()
    render_s = min(times)
    size = len(html.encode("utf-8"))
    total = collected + render_s
    return [
        (f"progress report, {SESSIONS:,} sessions x 40 items: render (best of 5)", f"{render_s * 1000:.0f} ms",
         f"< {RENDER_TARGET_S * 1000:.0f} ms", render_s < RENDER_TARGET_S),
        ("progress report, 1,000 sessions: HTML size", f"{size / 1e6:.2f} MB", f"< {SIZE_TARGET / 1e6:.0f} MB",
         size < SIZE_TARGET),
        ("progress report, 1,000 sessions: from the store (score every session + render)", f"{total:.2f} s",
         f"< {STORE_TARGET_S:.0f} s", total < STORE_TARGET_S),
        (f"cohort report, {COHORT} candidates x 40 items: score, item analysis, render", f"{cohort_s:.2f} s",
         f"< {COHORT_TARGET_S:.0f} s", cohort_s < COHORT_TARGET_S),
        *large(),
    ]


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    for row in run():
        print(row)
