"""Coach mode end to end in headless Chromium (a real `secondround serve --coach` subprocess): a
coach logs in and invites three candidates; two sit the test through their own links in separate
browsers; the third link expires unused when the short window closes; the coach sees two results
and downloads the results CSV; the live page updated itself meanwhile. No console error or CSP
violation in the coach's browser, and axe-core finds no serious or critical problem on the pages."""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from engine import coach_store as cs
from engine.store import Store
from tests.web.browser import Console, Server, axe_violations, make_driver, missing, serve_missing
from tests.web.test_browser_e2e import answer, begin_section, click, until, wait

pytestmark = [pytest.mark.skipif(missing() is not None, reason=missing() or ""),
              pytest.mark.skipif(serve_missing() is not None, reason=serve_missing() or "")]

DRILL = """
name = "coach-drill"
title = "Coach drill"
description = "Three quick items for the coach-mode browser test."

[[section]]
name = "quick"
title = "Quick"
minutes = 4
order = "as_listed"

  [[section.part]]
  family = "numeric.series"
  count = 3
  difficulty = [-1.5, -1.5]
"""
PASSWORD = "a coach's long password"
WINDOW_S = 45  # long enough for the two to start on a busy machine; the third waits it out


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("coach-web")
    (root / "blueprints").mkdir()
    (root / "blueprints" / "coach-drill.toml").write_text(DRILL, encoding="utf-8")
    store = Store.open(root / "store.db")
    for name in ("Ada Lovelace", "Bo Diddley", "Cy Young"):
        store.add_candidate(name, groups=("intake",))
    cs.add_coach(store, "morgan", PASSWORD)
    store.close()
    return root


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[Server]:
    running = Server(folder / "store.db", blueprints=folder / "blueprints", extra_args=("--coach",)).start()
    yield running
    running.stop()


def browser(folder: Path, name: str) -> Any:
    return make_driver(folder / f"profile-{name}", 1280, 900)


def sit(driver: Any, link: str) -> None:
    """Open the link, start, answer the three items, finish the section."""
    driver.get(link)
    until(driver, "#begin")
    assert axe_violations(driver) == []
    assert "Start the test" in driver.find_element("id", "begin").text
    click(driver, "#begin")
    begin_section(driver)
    for letter in "ABC":
        answer(driver, letter, "1")
        click(driver, "#next")
    until(driver, "#finish")
    click(driver, "#finish")
    until(driver, "#result")


def test_coach_invites_three_two_sit_one_expires_and_the_coach_downloads_results(folder: Path,
                                                                               server: Server) -> None:
    from selenium.webdriver.support.ui import Select

    coach = browser(folder, "coach")
    log = Console(coach)
    try:
        coach.get(f"{server.base}/coach")  # not logged in: to the login page
        until(coach, "#login-form")
        assert axe_violations(coach) == []
        coach.find_element("id", "name").send_keys("morgan")
        coach.find_element("id", "password").send_keys(PASSWORD)
        click(coach, "#login")
        until(coach, "#new-assignment")
        click(coach, "#new-assignment")
        Select(coach.find_element("id", "group")).select_by_value("intake")
        click(coach, "#pick-group")
        until(coach, "#assignment-form")
        assert axe_violations(coach) == []
        Select(coach.find_element("id", "test")).select_by_value("coach-drill")
        coach.find_element("id", "title").send_keys("Autumn intake")
        closes = cs.utcnow() + timedelta(seconds=WINDOW_S)
        coach.execute_script("arguments[0].value = arguments[1]", coach.find_element("id", "closes"),
                             closes.strftime("%Y-%m-%dT%H:%M:%S"))
        Select(coach.find_element("css selector", 'select[aria-label="Extra time for Bo Diddley"]')) \
            .select_by_value("1.5")
        click(coach, "#create")
        until(coach, "#links")
        links = {row.find_element("css selector", '[data-field="candidate"]').text:
                 row.find_element("css selector", '[data-field="link"]').text
                 for row in coach.find_elements("css selector", "#links tbody tr")}
        assert sorted(links) == ["Ada Lovelace", "Bo Diddley", "Cy Young"]
        assert axe_violations(coach) == []
        assert coach.find_element("id", "links-csv").get_attribute("href").startswith("data:text/csv")

        click(coach, "#to-assignment")  # the live page stays open while the candidates sit
        until(coach, "#results")
        assert axe_violations(coach) == []
        live_html = coach.find_element("tag name", "html")

        for name in ("Ada Lovelace", "Bo Diddley"):  # each in a browser of their own
            candidate = browser(folder, name.split()[0])
            try:
                sit(candidate, links[name])
                candidate.get(links[name])  # the link again, once finished: dead
                assert "has been used" in candidate.find_element("tag name", "main").text
            finally:
                candidate.quit()

        time.sleep(max(0.0, (closes - cs.utcnow()).total_seconds() + 1.5))
        late = browser(folder, "Cy")
        try:
            late.get(links["Cy Young"])  # after the window: the unused link has expired
            assert "expired unused" in late.find_element("tag name", "main").text
        finally:
            late.quit()

        expected = {"Ada Lovelace": "finished", "Bo Diddley": "finished", "Cy Young": "unused"}

        def states(driver: Any) -> dict[str, str]:
            return dict(driver.execute_script(
                "return [...document.querySelectorAll('#results tbody tr')]"
                ".map(r => [r.dataset.candidate, r.dataset.state])"))

        wait(coach, 30).until(lambda d: states(d) == expected)  # updated in place, as they arrived
        assert live_html.tag_name == "html"  # the same document: not reloaded (a stale one would raise)
        scores = [cell.text for cell in coach.find_elements("css selector", '#results [data-field="score"]')]
        assert sum(bool(s.strip()) for s in scores) == 2 and all(s.endswith("/ 3") for s in scores if s)

        report = coach.find_element("css selector", '#results tr[data-candidate="Ada Lovelace"] a')
        report.click()  # one sitting's full report, from its row
        wait(coach, 15).until(lambda d: "Ada Lovelace" in d.find_element("tag name", "body").text
                              and not d.find_elements("id", "results"))
        coach.back()
        until(coach, "#results")

        downloads = folder / "downloads"
        downloads.mkdir()
        coach.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        coach.find_element("id", "results-csv").click()
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not list(downloads.glob("*.csv")):
            time.sleep(0.1)
        (saved,) = downloads.glob("*.csv")
        rows = {row["candidate"]: row for row in csv.DictReader(saved.open(encoding="utf-8"))}
        assert rows["Ada Lovelace"]["state"] == "finished" and rows["Bo Diddley"]["extra_time"] == "1.5"
        assert rows["Cy Young"]["state"] == "expired unused" and rows["Cy Young"]["correct"] == ""
        assert all(rows[n]["total"] == "3" for n in ("Ada Lovelace", "Bo Diddley"))
        assert log.problems() == [], log.problems()  # no console error, no CSP violation
    finally:
        coach.quit()
    store = Store.open(folder / "store.db")
    actions = [row[2] for row in cs.audit_rows(store)]
    store.close()
    assert {"login", "assignment_created", "session_report_viewed", "results_downloaded"} <= set(actions)
