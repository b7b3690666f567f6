"""Accessibility the unit tests cannot see (issue 13, item 8), in headless Chromium: usable at
200 % and 400 % zoom (the CSS width of a 1280 px window at those zooms: 640 and 320 px, the
WCAG 1.4.10 reflow widths) with no sideways scrolling and the question beside its options;
reduced motion respected; and the language switch (issue 18) works by clicking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.browser import Server, make_driver, missing, serve_missing
from tests.web.test_browser_e2e import click, home, start, until

pytestmark = [pytest.mark.skipif(missing() is not None, reason=missing() or ""),
              pytest.mark.skipif(serve_missing() is not None, reason=serve_missing() or "")]

DRILL = """
name = "reading-drill"
title = "Reading drill"
description = "A table, a passage and a matrix, for the zoom tests."

[[section]]
name = "mixed"
title = "Mixed"
minutes = 10
order = "as_listed"

  [[section.part]]
  family = "numeric.data_table"
  count = 1
  difficulty = [1.0, 1.0]

  [[section.part]]
  family = "verbal.passage"
  count = 1
  difficulty = [0.0, 0.0]

  [[section.part]]
  family = "abstract.matrix"
  count = 1
  difficulty = [1.0, 1.0]
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("zoom")
    (root / "blueprints").mkdir()
    (root / "blueprints" / "reading-drill.toml").write_text(DRILL, encoding="utf-8")
    running = Server(root / "store.db", blueprints=root / "blueprints").start()
    yield running
    running.stop()


def sideways(driver: Any) -> int:
    """How many CSS pixels the page is wider than its window (0: no sideways scrolling)."""
    return int(driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"))


def visible(driver: Any, selector: str) -> bool:
    return bool(driver.execute_script(
        "const e = document.querySelector(arguments[0]); if (!e) return false;"
        "const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0"
        " && r.left >= -1 && r.right <= document.documentElement.clientWidth + 1", selector))


@pytest.mark.parametrize("width", [640, 320])
def test_every_page_reflows_at_high_zoom(server: Server, tmp_path: Path, width: int) -> None:
    driver = make_driver(tmp_path / "profile", width, 900)
    try:
        home(driver, server)
        assert sideways(driver) == 0, f"home page scrolls sideways at {width} px"
        start(driver, server, "reading-drill", mode="exam")
        for _ in range(3):  # the table, the passage, the matrix
            assert sideways(driver) == 0, f"{driver.current_url} scrolls sideways at {width} px"
            assert visible(driver, "#answer-form"), driver.current_url
            for selector in ("#answer-form label", "#next"):
                assert visible(driver, selector), (selector, driver.current_url)
            figure = driver.execute_script(
                "const s = document.querySelector('main svg'); return s ? s.getBoundingClientRect().width : -1")
            if figure != -1 and width >= 640:
                assert 0 < figure <= width, figure
            # At 400 % a drawing keeps its readable size (no element under 24 px) and scrolls in its
            # own frame, as WCAG 1.4.10 allows for content that needs two dimensions; the page does not.
            driver.find_element("css selector", "#answer-form label").click()
            click(driver, "#next")
        assert sideways(driver) == 0, f"the review page scrolls sideways at {width} px"
    finally:
        driver.quit()


def test_reduced_motion_is_respected(server: Server, tmp_path: Path) -> None:
    driver = make_driver(tmp_path / "profile", 1280, 900, flags=("--force-prefers-reduced-motion",))
    try:
        home(driver, server)
        assert driver.execute_script("return matchMedia('(prefers-reduced-motion: reduce)').matches")
        moving = driver.execute_script(
            "return [...document.querySelectorAll('*')].filter(e => { const s = getComputedStyle(e);"
            " return parseFloat(s.transitionDuration) > 0 || (s.animationName !== 'none'"
            " && parseFloat(s.animationDuration) > 0) || s.scrollBehavior === 'smooth'; }).length")
        assert moving == 0
    finally:
        driver.quit()


def test_the_language_switch_by_clicking(server: Server, tmp_path: Path) -> None:
    driver = make_driver(tmp_path / "profile", 1280, 900)
    try:
        home(driver, server)
        assert driver.find_element("tag name", "html").get_attribute("lang") == "en"
        click(driver, 'form.language button[value="nb"]')
        until(driver, "#start-test")
        assert driver.find_element("tag name", "html").get_attribute("lang") == "nb"
        assert "Fremgang" in driver.find_element("tag name", "nav").text
        driver.get(server.base + "/history")
        assert driver.find_element("tag name", "html").get_attribute("lang") == "nb"
        click(driver, 'form.language button[value="en"]')
        assert driver.find_element("tag name", "html").get_attribute("lang") == "en"
        assert driver.current_url.endswith("/history")
    finally:
        driver.quit()
