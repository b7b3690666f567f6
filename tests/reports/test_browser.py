"""Every report in a real browser (headless Chromium from the command line): it loads without a
console message or a Content-Security-Policy violation, requests nothing from outside, and its
charts are in the DOM and visibly drawn (Okabe-Ito colours in the screenshot)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.scoring import score
from engine.store import Store
from reports.cohort import build_cohort, render_cohort
from reports.progress import candidate_sessions, collect, render_progress
from reports.session import render_session_report
from tests.reports import demo
from tests.reports.browser import colour_share, dump_dom, find_chromium, read_png, screenshot

pytestmark = pytest.mark.skipif(find_chromium() is None,
                                reason="chromium is not installed (Debian: apt-get install chromium; .ci/run does it)")
EVIL = "<script>alert(1)</script>"
BLUE, VERMILLION = "#0072B2", "#D55E00"


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("reports")
    store = Store.open(folder / "store.db")
    ids = demo.progress_history(store, EVIL, 24, items=20)
    demo.cohort(store, "Spring", 24, items=20)
    record = store.session(ids[-1])
    form = demo.drill_form(100 + (len(ids) - 1) % 4)
    result = score(form, store.responses(record.id), store.sections(record.id))
    written = {
        "session": render_session_report(record, result),
        "progress": render_progress(EVIL, collect(store, candidate_sessions(store, EVIL))),
        "cohort": render_cohort(build_cohort(store, "Spring")),
    }
    store.close()
    paths = {}
    for name, html in written.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(html, encoding="utf-8")
    return paths


CHARTS = {"session": {4}, "progress": {3, 4}, "cohort": {3}}  # progress adds an ability chart where scoring rates


@pytest.mark.parametrize("name", ["session", "progress", "cohort"])
def test_loads_clean_with_charts_in_the_dom(pages: dict[str, Path], name: str, tmp_path: Path) -> None:
    run = dump_dom(pages[name], tmp_path / "profile")
    assert run.code == 0, run.log[-2000:]
    assert run.console == [], run.console
    assert run.csp_violations == [], run.csp_violations
    dom = run.out
    charts = re.findall(r'<svg [^>]*data-chart="([^"]+)"', dom)
    assert len(charts) in CHARTS[name], charts
    assert "<script" not in dom.replace("&lt;script&gt;", "")  # the candidate's name stayed text
    outside = [u for u in re.findall(r'(?:src|href)="([^"]+)"', dom) if not u.startswith(("#", "data:"))]
    assert outside == []


@pytest.mark.parametrize("name", ["session", "progress", "cohort"])
def test_screenshot_shows_the_charts(pages: dict[str, Path], name: str, tmp_path: Path) -> None:
    target = tmp_path / f"{name}.png"
    run = screenshot(pages[name], target, tmp_path / "profile", width=900, height=1800)
    assert run.code == 0 and target.exists(), run.log[-2000:]
    assert run.console == [] and run.csp_violations == []
    pixels = read_png(target)
    assert pixels.shape[:2] == (1800, 900)
    assert pixels.std() > 20  # not a blank page
    assert colour_share(pixels, BLUE) > 0.001  # chart marks drawn in the palette's blue (>= 1,600 pixels)


def test_phone_width_keeps_charts_on_screen(pages: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "phone.png"
    run = screenshot(pages["session"], target, tmp_path / "profile", width=390, height=1600)
    assert run.code == 0 and run.console == []
    pixels = read_png(target)
    # the hatched "wrong" bars are a small area whose size follows the simulated answers
    assert colour_share(pixels, BLUE) > 0.002 and colour_share(pixels, VERMILLION) > 0.0002


def test_the_checks_catch_an_outside_request(tmp_path: Path) -> None:
    """Positive control: a page that tries to load from outside is caught by the same checks."""
    page = tmp_path / "leaky.html"
    page.write_text("<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                    "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\"></head>"
                    "<body><img src=\"https://example.com/pixel.png\" alt=\"\"></body></html>")
    run = dump_dom(page, tmp_path / "profile")
    assert run.csp_violations and run.console


def test_every_family_figure_loads_clean(tmp_path: Path) -> None:
    """A session with one item of every registered family: generator-made figures (tables, SVG,
    text blocks) break neither the CSP nor the page."""
    import numpy as np

    from engine.forms import FormSection, TestForm
    from question_generators.registry import family_names, make_item

    items = tuple(make_item(family, 0.5, 11) for family in family_names())
    form = TestForm("mixed", "Every family", 11, (FormSection("all", "All families", 3600, items),))
    store = Store.open(tmp_path / "store.db")
    form_id = demo.save_form(store, form)
    session = demo.simulate(store, form, form_id, candidate="Mix", theta=0.0, rng=np.random.default_rng(2),
                            when=demo.START)
    result = score(form, store.responses(session), store.sections(session))
    page = tmp_path / "mixed.html"
    page.write_text(render_session_report(store.session(session), result), encoding="utf-8")
    store.close()
    run = dump_dom(page, tmp_path / "profile")
    assert run.code == 0 and run.console == [] and run.csp_violations == [], run.console
    assert run.out.count('<article class="item"') == len(items)
