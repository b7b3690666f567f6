"""The browser app end to end, as a person uses it: a real `secondround serve` (uvicorn on a free
loopback port, a temp store) driven by headless Chromium through Selenium. The whole warm-up by
clicking and typing, a flag and the way back from the palette, the calculator, an idle section
that runs out, a reload, a server killed mid-test and started again, no console error or CSP
violation anywhere, and axe-core on the home, test and result pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.store import Store
from tests.web.browser import Console, Server, axe_violations, make_driver, missing, serve_missing

pytestmark = [pytest.mark.skipif(missing() is not None, reason=missing() or ""),
              pytest.mark.skipif(serve_missing() is not None, reason=serve_missing() or "")]

BLUEPRINTS = {
    # One item in 4 seconds, then a second section: the idle page must move on by itself.
    "clock-drill": """
name = "clock-drill"
title = "Clock drill"
description = "A section of a few seconds, for the browser test of the clock."

[[section]]
name = "short"
title = "Short section"
seconds = 4

  [[section.part]]
  family = "numeric.series"
  count = 1
  difficulty = [-1.0, -1.0]

[[section]]
name = "after"
title = "After the short one"
minutes = 2

  [[section.part]]
  family = "numeric.arithmetic"
  count = 1
  difficulty = [-1.0, -1.0]
""",
    # A data-interpretation section with the calculator.
    "calc-drill": """
name = "calc-drill"
title = "Calculator drill"
description = "A table item with the on-screen calculator."

[[section]]
name = "tables"
title = "Tables"
minutes = 5
calculator = true

  [[section.part]]
  family = "numeric.data_table"
  count = 2
  difficulty = [0.0, 0.0]
""",
    "restart-drill": """
name = "restart-drill"
title = "Restart drill"
description = "Four quick items, for the test of a server killed mid-test."

[[section]]
name = "quick"
title = "Quick"
minutes = 5
order = "as_listed"

  [[section.part]]
  family = "numeric.series"
  count = 4
  difficulty = [-1.5, -1.5]
""",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("web")
    (root / "blueprints").mkdir()
    for name, text in BLUEPRINTS.items():
        (root / "blueprints" / f"{name}.toml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def server(folder: Path) -> Iterator[Server]:
    running = Server(folder / "store.db", blueprints=folder / "blueprints").start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def driver(folder: Path) -> Iterator[Any]:
    browser = make_driver(folder / "profile", 1280, 900)
    yield browser
    browser.quit()


@pytest.fixture
def console(driver: Any) -> Iterator[Console]:
    log = Console(driver)
    log.read()
    yield log
    assert log.problems() == [], log.problems()


# -- acting as a person ---------------------------------------------------------------------------
def wait(driver: Any, seconds: float = 10) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.05)


def present(driver: Any, selector: str) -> bool:
    return bool(driver.execute_script("return !!document.querySelector(arguments[0])", selector))


def until(driver: Any, selector: str, seconds: float = 10) -> Any:
    wait(driver, seconds).until(lambda d: present(d, selector))
    return driver.find_element("css selector", selector)


def click(driver: Any, selector: str) -> None:
    """Click, then wait for the page the click loads (the old <html> goes stale)."""
    from selenium.common.exceptions import WebDriverException

    old = driver.find_element("tag name", "html")
    driver.find_element("css selector", selector).click()

    def gone(_: Any) -> bool:
        # Chromium reports a node of a page being replaced either as stale or, mid-navigation, as
        # "does not belong to the document": both mean the old page is gone.
        try:
            old.is_enabled()
        except WebDriverException:
            return True
        return False

    wait(driver).until(gone)


def home(driver: Any, server: Server) -> None:
    driver.get(server.url)  # the printed URL carries the launch token: it sets the cookie
    until(driver, "#start-test")


def start(driver: Any, server: Server, blueprint: str, mode: str = "exam", candidate: str = "Ada") -> int:
    """From the home page to the first item; the session's id."""
    from selenium.webdriver.support.ui import Select

    home(driver, server)
    choice = driver.find_element("id", "blueprint")
    if choice.tag_name == "select":
        Select(choice).select_by_value(blueprint)
    else:
        group = choice.get_attribute("name")
        driver.find_element("css selector", f'input[name="{group}"][value="{blueprint}"]').click()
    driver.find_element("id", f"mode-{mode}").click()
    name = driver.find_element("id", "candidate")
    name.clear()
    name.send_keys(candidate)
    click(driver, "#start-test")
    begin_section(driver)
    return int(driver.find_element("id", "test-page").get_attribute("data-session"))


def begin_section(driver: Any) -> None:
    until(driver, "#start")  # the section intro: instructions and the worked example
    click(driver, "#start")
    until(driver, "#test-page")


def position(driver: Any) -> int:
    return int(driver.find_element("css selector", '#palette [aria-current="true"]').get_attribute("data-position"))


def answer(driver: Any, letter: str = "B", number: str = "7") -> str:
    """Choose `letter` by its key, or type `number` where the item asks for one; what was given."""
    radios = driver.find_elements("css selector", "#answer-form input[type=radio]")
    if radios:
        driver.find_element("tag name", "body").send_keys(letter.lower())
        assert driver.find_element("css selector", f'#answer-form input[data-letter="{letter}"]').is_selected()
        return letter
    field = driver.find_element("css selector", '#answer-form input[name="response"]')
    field.clear()
    field.send_keys(number)
    return number


def next_item(driver: Any) -> None:
    click(driver, "#next")


def clock_text(driver: Any) -> str:
    return driver.find_element("css selector", "[data-clock-text]").text


def seconds(clock: str) -> int:
    minutes, secs = clock.rsplit(":", 1)
    return int(minutes.split(":")[-1]) * 60 + int(secs)


def responses(db: Path, session: int) -> list[Any]:
    store = Store.open(db)
    try:
        return store.responses(session)
    finally:
        store.close()


# -- the tests ------------------------------------------------------------------------------------
def test_home_page_is_accessible(driver: Any, server: Server, console: Console) -> None:
    home(driver, server)
    assert axe_violations(driver) == []
    offered = driver.execute_script("return document.querySelector('#blueprint').textContent")
    assert "Warm-up" in offered and "Clock drill" in offered


def test_whole_warmup_by_clicking_and_typing(driver: Any, server: Server, console: Console) -> None:
    session = start(driver, server, "warmup", candidate="Grace Hopper")
    assert axe_violations(driver) == []
    given: dict[int, str] = {}
    letters = "ABCDABCDAB"
    flagged_at = None
    for step in range(10):
        here = position(driver)
        assert f"{step + 1} of 10" in driver.find_element("tag name", "h1").text
        if step == 2:
            driver.find_element("tag name", "body").send_keys("f")  # flag it, answer it later
            until(driver, f'#palette [data-position="{here}"][data-flagged="true"]')
            flagged_at = here
            next_item(driver)
            continue
        if step == 5:
            driver.refresh()  # a reload mid-test: the same item, the clock goes on
            until(driver, "#test-page")
            assert position(driver) == here
            assert seconds(clock_text(driver)) < 7 * 60
        given[here] = answer(driver, letters[step])
        next_item(driver)
    # Back to the flagged item from the palette, answer it, and finish.
    assert flagged_at is not None
    until(driver, "#finish")  # the end-of-section review lists it as flagged and not answered
    assert present(driver, f'#palette [data-position="{flagged_at}"][data-flagged="true"]')
    click(driver, f'#palette [data-position="{flagged_at}"]')
    until(driver, "#test-page")
    assert position(driver) == flagged_at
    given[flagged_at] = answer(driver, "C")
    driver.find_element("tag name", "body").send_keys("f")  # and unflag
    until(driver, f'#palette [data-position="{flagged_at}"][data-flagged="false"]')
    given[flagged_at] = answer(driver, "C")
    next_item(driver)
    wait(driver).until(lambda d: present(d, "#finish") or present(d, "#test-page"))
    if not present(driver, "#finish"):
        click(driver, "#end-section")
    click(driver, "#finish")
    until(driver, "#result")
    assert axe_violations(driver) == []
    rows = responses(server.db, session)
    assert [r.status for r in rows] == ["answered"] * 10
    assert {r.position: r.response for r in rows} == given
    assert not rows[flagged_at].flagged


def test_calculator_on_a_table_item(driver: Any, server: Server, console: Console) -> None:
    from selenium.webdriver.common.keys import Keys

    start(driver, server, "calc-drill")
    toggle = until(driver, "#calculator-toggle")
    toggle.click()
    field = driver.find_element("css selector", "#calculator input")
    field.send_keys("(120 + 30) * 20%" + Keys.ENTER)
    assert driver.find_element("css selector", "#calculator output").text == "= 30"
    for key in ("M+", "C", "MR", "÷", "4", "="):
        driver.find_element("css selector", f'#calculator button[data-key="{key}"]').click()
    assert driver.find_element("css selector", "#calculator output").text == "= 7.5"
    assert position(driver) == 0  # typing "n" etc. in the calculator never moved the page
    answer(driver, "A")
    next_item(driver)
    assert until(driver, "#calculator-toggle").get_attribute("aria-expanded") == "true"  # stays open


def test_idle_section_runs_out_and_the_page_moves_on(driver: Any, server: Server, console: Console) -> None:
    session = start(driver, server, "clock-drill")
    # Nobody touches anything: the 4 s section closes on the server and the page goes on by itself.
    until(driver, "#start", seconds=15)
    sections = Store.open(server.db)
    try:
        states = [s.status for s in sections.sections(session)]
    finally:
        sections.close()
    assert states[0] == "expired" and states[1] == "pending"
    begin_section(driver)
    assert "After the short one" in driver.page_source


def test_server_killed_mid_test_resumes_with_every_answer(driver: Any, server: Server, folder: Path,
                                                          console: Console) -> None:
    second = Server(folder / "restart.db", blueprints=folder / "blueprints").start()
    try:
        session = start(driver, second, "restart-drill", candidate="Katherine")
        given = {}
        for letter in "AB":
            given[position(driver)] = answer(driver, letter)
            next_item(driver)
        left_before = clock_text(driver)
        second.kill()  # a crash: no shutdown, nothing flushed on the way out
        second.start()
        driver.get(second.url)
        until(driver, "#start-test")
        driver.get(second.base + "/history")
        click(driver, f'a[data-resume="{session}"]')
        wait(driver).until(lambda d: present(d, "#test-page") or present(d, "#start"))
        if present(driver, "#start"):
            begin_section(driver)
        assert position(driver) == 2
        assert seconds(clock_text(driver)) <= seconds(left_before)  # the time left goes on, not afresh
        for letter in "CD":
            given[position(driver)] = answer(driver, letter)
            next_item(driver)
        until(driver, "#finish")
        click(driver, "#finish")
        until(driver, "#result")
        rows = responses(second.db, session)
        assert {r.position: r.response for r in rows} == given == {0: "A", 1: "B", 2: "C", 3: "D"}
    finally:
        second.stop()
