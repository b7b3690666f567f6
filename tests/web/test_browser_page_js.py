"""The test page's own JavaScript (engine/web/static/test.js, calculator.js) in headless Chromium,
on a fixture page served with the app's Content-Security-Policy by a small stub server whose state
endpoint each test scripts: the clock corrected for a wrong computer clock, the 5- and 1-minute
warnings, moving on once the server has closed the section, the keys, the calculator, the zoom,
the remembered description and the replaced-tab notice. The real app is driven end to end in
test_browser_e2e.py; here each behaviour is pinned down without waiting minutes for a clock."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from tests.web.browser import Console, make_driver, missing

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")

STATIC = Path(__file__).resolve().parents[2] / "engine" / "web" / "static"
PAGE = (Path(__file__).with_name("fixtures") / "test_page.html").read_text(encoding="utf-8")
CSP = ("default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
HOUR_MS = 3_600_000


class Stub:
    """What the stub server answers and what it was sent."""

    def __init__(self) -> None:
        self.state: dict[str, Any] = {}
        self.states: list[dict[str, Any]] = []  # answered one after another, the last one repeats
        self.posts: list[dict[str, list[str]]] = []
        self.state_requests: list[str] = []

    def next_state(self) -> dict[str, Any]:
        if self.states:
            self.state = self.states.pop(0)
        return {**self.state, "server_now_ms": _server_now(self.state.get("skew_ms", 0))}


def _server_now(skew_ms: int) -> int:
    return int(time.time() * 1000) + skew_ms


def _page(query: dict[str, list[str]]) -> str:
    def arg(name: str, default: str) -> str:
        return query.get(name, [default])[0]

    remaining, skew = int(arg("remaining", "600000")), int(arg("skew", "0"))
    server_now = _server_now(skew)
    letters = arg("letters", "ABCDE")
    options = "\n".join(f'<input type="radio" name="response" value="{x}" data-letter="{x}" id="opt-{x}">'
                        f'<label for="opt-{x}">{x}) option {x}</label>' for x in letters)
    minutes, seconds = divmod(remaining // 1000, 60)
    return PAGE.format(tab=arg("tab", "tab-1"), remaining=remaining, server_now=server_now,
                       deadline=server_now + remaining, paused=arg("paused", "false"),
                       clock=f"{minutes}:{seconds:02d}", options=options)


def _handler(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send(self, code: int, body: str, kind: str) -> None:
            data = body.encode()
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Content-Security-Policy", CSP)
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == "/page":
                self.send(200, _page(parse_qs(url.query)), "text/html; charset=utf-8")
            elif url.path == "/state":
                stub.state_requests.append(url.query)
                self.send(200, json.dumps(stub.next_state()), "application/json")
            elif url.path.startswith("/static/") and (STATIC / url.path[8:]).is_file():
                self.send(200, (STATIC / url.path[8:]).read_text(encoding="utf-8"), "text/javascript")
            elif url.path == "/next":
                self.send(200, '<!doctype html><html lang="en"><head><title>Next</title>'
                               '<link rel="icon" href="data:,"></head><body><h1 id="next-page">Section 2</h1>'
                               "</body></html>", "text/html; charset=utf-8")
            else:
                self.send(404, "not found", "text/plain")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            stub.posts.append(parse_qs(self.rfile.read(length).decode()))
            self.send(200, '<!doctype html><html lang="en"><head><title>Posted</title><link rel="icon" '
                           'href="data:,"></head><body><h1 id="posted">posted</h1></body></html>',
                      "text/html; charset=utf-8")

    return Handler


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, Stub]]:
    stub = Stub()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", stub
    server.shutdown()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    driver = make_driver(tmp_path_factory.mktemp("profile"), 1000, 900)
    yield driver
    driver.quit()


@pytest.fixture
def page(site: tuple[str, Stub], browser: Any) -> Iterator[tuple[Any, Stub, Console]]:
    base, stub = site
    stub.state, stub.states, stub.posts, stub.state_requests = {}, [], [], []
    browser.get(base + "/next")
    browser.execute_script("sessionStorage.clear()")
    console = Console(browser)
    console.read()

    def load(**query: object) -> None:
        browser.get(base + "/page?" + "&".join(f"{k}={v}" for k, v in query.items()))
        wait(browser).until(lambda d: d.execute_script("return !!document.querySelector('#clock-live')"))

    browser.load = load
    yield browser, stub, console
    assert console.problems() == []


def wait(driver: Any, seconds: float = 10) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, poll_frequency=0.05)


def text(driver: Any, selector: str) -> str:
    return driver.execute_script("return document.querySelector(arguments[0])?.textContent ?? null", selector)


def open_state(remaining_ms: int, skew_ms: int = 0, **extra: object) -> dict[str, Any]:
    return {"status": "in_progress", "section": 0, "section_status": "open", "remaining_ms": remaining_ms,
            "deadline_ms": _server_now(skew_ms) + remaining_ms, "paused": False, "replaced": False,
            "next_url": "/next", "skew_ms": skew_ms, **extra}


def test_clock_counts_the_servers_time_whatever_the_computers_clock_says(page: Any) -> None:
    driver, _, _ = page
    # The server's clock is three hours ahead of this computer's: the page must still show 2:06.
    driver.load(remaining=125_300, skew=3 * HOUR_MS)
    shown = text(driver, "[data-clock-text]")
    assert shown in ("2:06", "2:05"), shown
    assert driver.execute_script("return document.querySelector('#clock-live').getAttribute('aria-live')") == "polite"
    wait(driver).until(lambda d: text(d, "[data-clock-text]") == "2:04")  # and it counts down
    assert text(driver, "#clock-live") == "Less than 5 minutes left in this section."
    # shown as well as spoken
    assert driver.execute_script("return document.querySelector('#clock-live').getBoundingClientRect().height") > 10


def test_five_and_one_minute_warnings_are_spoken_once(page: Any) -> None:
    driver, _, _ = page
    driver.load(remaining=300_700)
    wait(driver).until(lambda d: text(d, "#clock-live") == "5 minutes left in this section.")
    assert "clock-warn" in driver.find_element("id", "clock").get_attribute("class")
    driver.refresh()  # the next item of the same section: not said again
    wait(driver).until(lambda d: d.execute_script("return !!document.querySelector('#clock-live')"))
    assert text(driver, "#clock-live") == ""
    driver.load(remaining=60_600)
    wait(driver).until(lambda d: text(d, "#clock-live") == "1 minute left in this section.")
    assert "clock-urgent" in driver.find_element("id", "clock").get_attribute("class")


def test_opening_past_both_thresholds_says_only_the_nearer_one(page: Any) -> None:
    driver, _, _ = page
    driver.load(remaining=40_000)
    wait(driver).until(lambda d: text(d, "#clock-live") == "Less than 1 minute left in this section.")


def test_time_up_waits_for_the_server_then_moves_on(page: Any) -> None:
    driver, stub, _ = page
    # At zero the server still says open for two polls (its clock decides), then it has closed.
    stub.states = [open_state(0), open_state(0), {**open_state(0), "section_status": "expired"}]
    driver.load(remaining=1_200)
    wait(driver).until(lambda d: d.find_element("id", "next").get_attribute("disabled") is not None)
    assert "Time is up" in text(driver, "#clock-live")
    wait(driver, 15).until(lambda d: d.execute_script("return !!document.querySelector('#next-page')"))
    assert len(stub.state_requests) >= 3
    assert all("tab=tab-1" in q for q in stub.state_requests)


def test_server_that_gives_more_time_lets_the_page_count_on(page: Any) -> None:
    driver, stub, _ = page
    stub.states = [open_state(20_000)]  # the page's clock ran fast: 20 s are left on the server
    driver.load(remaining=800)
    wait(driver).until(lambda d: text(d, "[data-clock-text]") in ("0:20", "0:19"))
    assert driver.find_element("id", "next").get_attribute("disabled") is None


def test_paused_clock_for_practice_feedback_stands_still(page: Any) -> None:
    driver, _, _ = page
    driver.load(remaining=90_000, paused="true")
    before, after = driver.execute_async_script(
        "const done = arguments[0]; const t = () => document.querySelector('[data-clock-text]').textContent;"
        "const a = t(); setTimeout(() => done([a, t()]), 1200);")
    assert before == after == "1:30"


def test_letter_keys_choose_and_n_submits(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    driver, stub, _ = page
    driver.load(remaining=600_000)
    body = driver.find_element("tag name", "body")
    body.send_keys("c")
    assert driver.find_element("id", "opt-C").is_selected()
    body.send_keys("B")
    assert driver.find_element("id", "opt-B").is_selected()
    assert driver.switch_to.active_element.get_attribute("id") == "opt-B"
    driver.find_element("id", "note").send_keys("a")  # typing in a text box picks nothing
    assert driver.find_element("id", "opt-B").is_selected()
    driver.find_element("id", "note").send_keys(Keys.ARROW_RIGHT + "n")  # nor moves on
    assert stub.posts == []
    driver.find_element("id", "opt-B").send_keys("n")
    wait(driver).until(lambda d: d.execute_script("return !!document.querySelector('#posted')"))
    assert stub.posts == [{"response": ["B"], "action": ["next"], "note": ["an"]}]


def test_f_flags_and_p_goes_back_and_arrows_move(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    driver, stub, _ = page
    for keys, action in (("f", "flag"), ("p", "prev"), (Keys.ARROW_LEFT, "prev"), (Keys.ARROW_RIGHT, "next")):
        driver.load(remaining=600_000)
        driver.find_element("tag name", "body").send_keys(keys)
        wait(driver).until(lambda d: d.execute_script("return !!document.querySelector('#posted')"))
        assert stub.posts[-1]["action"] == [action]
    assert len(stub.posts) == 4


def test_with_an_option_f_the_f_key_chooses_it_and_shift_f_flags(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    driver, stub, _ = page
    driver.load(remaining=600_000, letters="ABCDEFGH")
    body = driver.find_element("tag name", "body")
    body.send_keys("f")
    assert driver.find_element("id", "opt-F").is_selected() and stub.posts == []
    body.send_keys("h")
    assert driver.find_element("id", "opt-H").is_selected()
    driver.find_element("id", "opt-H").send_keys(Keys.SHIFT + "f")
    wait(driver).until(lambda d: d.execute_script("return !!document.querySelector('#posted')"))
    assert stub.posts[-1]["action"] == ["flag"] and stub.posts[-1]["response"] == ["H"]


def test_calculator_by_keyboard_and_by_clicking(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    driver, stub, _ = page
    driver.load(remaining=600_000)
    calculator = driver.find_element("id", "calculator")
    assert not calculator.is_displayed()
    toggle = driver.find_element("id", "calculator-toggle")
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    assert calculator.is_displayed() and toggle.get_attribute("aria-expanded") == "true"
    field = driver.find_element("css selector", "#calculator input")
    assert driver.switch_to.active_element == field
    field.send_keys("240 * 15%" + Keys.ENTER)
    result = driver.find_element("css selector", "#calculator output")
    assert result.text == "= 36" and result.get_attribute("aria-live") == "polite"
    field.send_keys("+ 4 n p f a" + Keys.ENTER)  # letters go nowhere: not into the sum, not to the page
    assert result.text == "= 40" and stub.posts == []

    def press(*keys: str) -> None:
        for key in keys:
            calculator.find_element("css selector", f'button[data-key="{key}"]').click()

    press("C", "(", "1", "+", "2", ")", "×", "3", "=")
    assert result.text == "= 9"
    press("M+", "C", "2", "0", "0", "+", "1", "0", "%", "=")
    assert result.text == "= 220"
    press("M-", "MR")
    assert field.get_attribute("value") == "−211"  # 9 - 220 in memory, recalled after "="
    press("÷", "0", "=")
    assert result.text == "Cannot divide by zero"
    press("MC")
    assert driver.find_element("css selector", "#calculator .calc-memory").text == ""
    labels = driver.execute_script(
        "return [...document.querySelectorAll('#calculator button')]"
        ".map(b => b.getAttribute('aria-label') || b.textContent)")
    assert {"memory clear", "memory recall", "memory add", "memory subtract", "divide", "percent"} <= set(labels)
    driver.refresh()  # the calculator stays open on the next item
    wait(driver).until(lambda d: d.find_element("id", "calculator").is_displayed())


def test_zoom_doubles_the_figure_and_back(page: Any) -> None:
    driver, _, _ = page
    driver.load(remaining=600_000)
    width = driver.execute_script("return document.querySelector('#figure-1 svg').getBoundingClientRect().width")
    button = driver.find_element("css selector", "#figure-1 button.zoom-toggle")
    assert button.text == "Zoom in" and button.get_attribute("aria-pressed") == "false"
    button.click()
    zoomed = driver.execute_script("return document.querySelector('#figure-1 svg').getBoundingClientRect().width")
    assert zoomed == pytest.approx(2 * width, abs=1)
    assert button.get_attribute("aria-pressed") == "true" and button.text == "Zoom out"
    button.click()
    back = driver.execute_script("return document.querySelector('#figure-1 svg').getBoundingClientRect().width")
    assert back == pytest.approx(width, abs=1)


def test_description_once_opened_stays_open(page: Any) -> None:
    driver, _, _ = page
    driver.load(remaining=600_000)
    details = driver.find_element("id", "figure-description")
    assert details.get_attribute("open") is None
    details.find_element("tag name", "summary").click()
    driver.load(remaining=600_000)
    assert driver.find_element("id", "figure-description").get_attribute("open") is not None


def test_replaced_tab_is_told_and_stops_accepting(page: Any) -> None:
    driver, stub, _ = page
    stub.states = [open_state(600_000)]
    driver.load(remaining=600_000, tab="tab-1")
    first = driver.current_window_handle
    stub.states = [{**open_state(600_000), "replaced": True}]  # the server now answers tab-1 so
    driver.switch_to.new_window("tab")
    driver.load(remaining=600_000, tab="tab-2")  # its page announces itself to the other tab
    driver.switch_to.window(first)
    wait(driver).until(lambda d: d.execute_script("return !!document.querySelector('#replaced-notice')"))
    notice = driver.find_element("id", "replaced-notice")
    assert notice.get_attribute("role") == "alert" and "another tab" in notice.text
    assert driver.find_element("id", "next").get_attribute("disabled") is not None
    assert any("tab=tab-1" in q for q in stub.state_requests)
    for handle in driver.window_handles:
        if handle != first:
            driver.switch_to.window(handle)
            driver.close()
    driver.switch_to.window(first)
