"""Make the example reports and their screenshots: `python examples/reports/make_screenshots.py`.

Builds a throw-away store with simulated candidates (tests/reports/demo.py), writes the session,
progress and cohort reports next to this script, and photographs each in headless Chromium
(session.png, progress.png, cohort.png). Run it again when the look of a report changes."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from engine.scoring import score  # noqa: E402
from engine.store import Store  # noqa: E402
from reports.cohort import build_cohort, render_cohort  # noqa: E402
from reports.progress import candidate_sessions, collect, render_progress  # noqa: E402
from reports.session import render_session_report  # noqa: E402
from tests.reports import demo  # noqa: E402
from tests.reports.browser import find_chromium, screenshot  # noqa: E402

SIZES = {"session": (900, 2400), "progress": (900, 2400), "cohort": (900, 2400)}


def main() -> int:
    if find_chromium() is None:
        print("chromium is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        store = Store.open(Path(scratch) / "demo.db")
        ids = demo.progress_history(store, "Ada Lovelace", 40, mixed=True)
        demo.cohort(store, "Spring cohort", 30, items=20)
        record = store.session(ids[-1])
        form = demo.mixed_form(100 + (len(ids) - 1) % 4)
        result = score(form, store.responses(record.id), store.sections(record.id))
        pages = {"session": render_session_report(record, result),
                 "progress": render_progress("Ada Lovelace", collect(store, candidate_sessions(store, "Ada Lovelace"))),
                 "cohort": render_cohort(build_cohort(store, "Spring cohort"))}
        store.close()
        for name, html in pages.items():
            page = Path(scratch) / f"{name}.html"
            page.write_text(html, encoding="utf-8")
            width, height = SIZES[name]
            run = screenshot(page, HERE / f"{name}.png", Path(scratch) / "profile", width, height)
            if run.code or run.console:
                print(f"{name}: chromium failed or logged: {run.console or run.log[-500:]}", file=sys.stderr)
                return 1
            print(f"wrote {HERE / f'{name}.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
