"""HTTP-level tests of every route of `secondround serve` (Starlette's test client): the happy path,
and every bad request a clear 4xx page with nothing stored and nothing lost."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

from engine.store import Store  # noqa: E402
from engine.web.app import COOKIE, create_app  # noqa: E402
from engine.web.settings import Settings  # noqa: E402

SHORT = """
name = "short"
title = "Short drill"
[[section]]
name = "one"
title = "One"
seconds = 3
calculator = true
  [[section.part]]
  family = "numeric.arithmetic"
  count = 3
  difficulty = [-1.0, 1.0]
"""


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def web(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "blueprints"
    folder.mkdir()
    (folder / "short.toml").write_text(SHORT, encoding="utf-8")
    settings = Settings(db_path=tmp_path / "web.db", extra_hosts=("testserver",), blueprint_dir=folder)
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        assert client.get(f"/?token={settings.token}").status_code == 200
        client.settings = settings  # type: ignore[attr-defined]
        yield client


def path(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.url).removeprefix("http://testserver")


def tab_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="tab" value="([^"]+)"', response.text).group(1)


def start(web, blueprint: str = "warmup", mode: str = "exam", **extra: str):  # type: ignore[no-untyped-def]
    intro = web.post("/start", data={"csrf": web.settings.csrf, "blueprint": blueprint, "mode": mode,
                                     "extra_time": "1", **extra})
    assert intro.status_code == 200 and "/section/0" in path(intro), intro.text
    return web.post(path(intro) + "/start", data={"csrf": web.settings.csrf})


def db(web) -> Store:  # type: ignore[no-untyped-def]
    """A store connection of the test's own (the app's belongs to the server's thread)."""
    return Store.open(web.settings.db_path)


def stored(web) -> list[tuple]:  # type: ignore[no-untyped-def]
    store = db(web)
    rows = store.conn.execute("SELECT session_id, position, status, response FROM responses ORDER BY 1, 2").fetchall()
    store.close()
    return rows


def test_the_launch_token_sets_a_strict_httponly_cookie_and_is_needed(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "w.db", extra_hosts=("testserver",))
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        assert client.get("/").status_code == 403
        assert client.get("/?token=wrong").status_code == 403
        first = client.get(f"/?token={settings.token}", follow_redirects=False)
        assert first.status_code == 303
        cookie = first.headers["set-cookie"]
        assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        home = client.get("/")
        assert home.status_code == 200 and "warmup" in home.text
        csp = home.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp.split(
            "script-src")[1].split(";")[0]
        assert home.headers["x-frame-options"] == "DENY" and home.headers["cache-control"] == "no-store"


def test_a_wrong_host_header_is_refused(web) -> None:  # type: ignore[no-untyped-def]
    response = web.get("/", headers={"host": "evil.example:8765"})
    assert response.status_code == 400 and "Host header" in response.text


def test_missing_or_stale_csrf_stores_nothing(web) -> None:  # type: ignore[no-untyped-def]
    for data in ({"blueprint": "warmup"}, {"blueprint": "warmup", "csrf": "stale"}):
        response = web.post("/start", data=data)
        assert response.status_code == 403 and "CSRF" in response.text
    assert db(web).sessions() == []


def test_bad_start_requests_get_a_clear_page(web) -> None:  # type: ignore[no-untyped-def]
    for data, text in (({"blueprint": "nosuch"}, "not one of those offered"),
                       ({"blueprint": "warmup", "mode": "sleep"}, "exam or practice"),
                       ({"blueprint": "warmup", "extra_time": "9"}, "Extra time must be")):
        response = web.post("/start", data={"csrf": web.settings.csrf, **data})
        assert response.status_code == 400 and text in response.text
    assert db(web).sessions() == []


def test_a_whole_warmup_in_exam_mode_and_no_key_before_the_end(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web)
    keys_seen = []
    for _ in range(10):
        sitting = web.app.state.sittings.get(1)
        item = sitting.session.items[sitting.session.position]
        state = web.get("/s/1/state").json()
        for text in (page.text, str(state)):
            assert item.explanation not in text
            for option in item.options:
                assert not option.mistake or option.mistake not in text
        assert 'data-field="question-of"' in page.text and 'id="palette"' in page.text
        keys_seen.append(item.key_letter)
        page = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": item.key_letter,
                                          "action": "next"})
    assert "/review/0" in path(page) and 'id="finish"' in page.text
    assert web.get("/s/1/report").status_code == 409  # the keys wait until the test is over
    result = web.post(path(page), data={"csrf": web.settings.csrf, "action": "finish"})
    assert "/result" in path(result) and 'data-field="raw">10 / 10' in result.text
    assert web.get("/s/1/report").status_code == 200
    assert [r[2] for r in stored(web)] == ["answered"] * 10
    assert db(web).session(1).source == "browser"


def test_unknown_sessions_and_questions_outside_the_section(web) -> None:  # type: ignore[no-untyped-def]
    assert web.get("/s/99").status_code == 404 and web.get("/s/99/state").status_code == 404
    page = start(web)
    assert web.get("/s/1/q/57").status_code == 404
    before = stored(web)
    other = web.post("/s/1/q/3", data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": "A"})
    assert other.status_code == 409 and "not the one on screen" in other.text
    assert stored(web) == before


def test_a_tampered_option_value_is_refused_and_nothing_stored(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web)
    choice = web.app.state.sittings.get(1).session.items[0].is_choice  # the warm-up mixes typed answers in
    before = stored(web)
    bad = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": "Z<script>",
                                     "action": "next"})
    assert bad.status_code == 400 and 'data-field="error"' in bad.text and "<script>" not in bad.text.split("<main")[1]
    assert ("not an option" in bad.text) is choice
    assert [r[3] for r in stored(web)] == [r[3] for r in before]


def test_a_second_tab_takes_over_and_the_first_is_told(web) -> None:  # type: ignore[no-untyped-def]
    first = start(web)
    old_tab = tab_of(first)
    second = web.get(path(first))
    assert web.get(f"/s/1/state?tab={old_tab}").json()["replaced"] is True
    assert web.get(f"/s/1/state?tab={tab_of(second)}").json()["replaced"] is False
    refused = web.post(path(first), data={"csrf": web.settings.csrf, "tab": old_tab, "response": "A"})
    assert refused.status_code == 409 and "another tab" in refused.text
    assert stored(web)[0][2] == "unreached"


def test_the_server_clock_closes_an_idle_section_and_late_answers_are_refused(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web, "short")  # a blueprint file from the folder, offered by its file name
    assert 'id="calculator"' in page.text  # the section allows one
    sitting = web.app.state.sittings.get(1)
    clock = FakeClock()
    session = sitting.session
    session.clock = clock
    session._section_opened_at = clock.now  # the section's clock on the fake time from here
    session._item_opened_at = clock.now
    assert web.get("/s/1/state").json()["section_status"] == "open"
    clock.now += 5  # past the 3 s limit, with nobody on the page
    state = web.get("/s/1/state").json()
    assert state["section_status"] == "expired" and state["next_url"] == "/s/1/result"
    late = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": "A"})
    assert late.status_code == 409
    assert all(r[3] is None for r in stored(web))
    assert db(web).session(1).status == "expired"


def test_practice_feedback_pauses_the_clock_and_shows_the_explanation(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web, mode="practice")
    sitting = web.app.state.sittings.get(1)
    item = sitting.session.items[0]
    feedback = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": item.key_letter})
    assert "/feedback/0" in path(feedback) and item.explanation.split("\n")[0][:30] in feedback.text
    assert 'data-paused="true"' in feedback.text and web.get("/s/1/state").json()["paused"] is True
    onward = web.post(path(feedback), data={"csrf": web.settings.csrf, "tab": tab_of(feedback)})
    assert "/q/1" in path(onward) and web.get("/s/1/state").json()["paused"] is False


def test_a_restarted_server_continues_the_same_sitting(tmp_path: Path) -> None:
    settings = Settings(db_path=tmp_path / "w.db", extra_hosts=("testserver",))
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        client.get(f"/?token={settings.token}")
        client.settings = settings  # type: ignore[attr-defined]
        page = start(client)
        item = client.app.state.sittings.get(1).session.items[0]
        client.post(path(page), data={"csrf": settings.csrf, "tab": tab_of(page), "response": item.key_letter})
    again = Settings(db_path=tmp_path / "w.db", extra_hosts=("testserver",))  # a new launch: new token
    with TestClient(create_app(again), base_url="http://testserver") as client:
        client.get(f"/?token={again.token}")
        resumed = client.get("/s/1")
        assert "/q/1" in path(resumed) and 'data-status="answered"' in resumed.text
        assert client.get("/history").status_code == 200 and 'data-resume="1"' in client.get("/history").text
    store = Store.open(tmp_path / "w.db")
    assert store.responses(1)[0].status == "answered"


def test_names_are_escaped_and_history_and_progress_render(web) -> None:  # type: ignore[no-untyped-def]
    start(web, candidate="<script>alert(1)</script>")
    history = web.get("/history")
    assert "<script>alert(1)</script>" not in history.text and "&lt;script&gt;" in history.text
    assert web.get("/progress").status_code == 404  # nothing finished yet: a clear page


def test_extra_time_is_kept_with_the_session(web) -> None:  # type: ignore[no-untyped-def]
    intro = web.post("/start", data={"csrf": web.settings.csrf, "blueprint": "warmup", "extra_time": "1.5"})
    assert "×1.5" in intro.text
    store = db(web)
    assert store.session(1).extra_time == 1.5
    assert store.sections(1)[0].time_limit_ms == 7 * 60 * 1000 * 1.5


def test_adaptive_in_the_browser_has_no_going_back(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web, "logical", adaptive="on")
    assert 'id="prev"' not in page.text and 'id="palette"' not in page.text
    sitting = web.app.state.sittings.get(1)
    item = sitting.session.items[0]
    nxt = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": item.key_letter})
    assert "/q/1" in path(nxt)
    back = web.post("/s/1/q/0", data={"csrf": web.settings.csrf, "tab": tab_of(nxt), "response": "A"})
    assert back.status_code == 409 and "no going back" in back.text


def test_built_in_tests_say_whether_a_calculator_is_allowed(web) -> None:  # type: ignore[no-untyped-def]
    from engine.blueprints import load_blueprint

    rules = {name: [s.calculator for s in load_blueprint(name).sections]
             for name in ("numerical", "numerical-quick", "mixed-screener", "warmup")}
    assert rules == {"numerical": [True], "numerical-quick": [True], "mixed-screener": [False], "warmup": [False]}
    for blueprint, allowed in (("numerical-quick", True), ("warmup", False)):
        intro = web.post("/start", data={"csrf": web.settings.csrf, "blueprint": blueprint, "extra_time": "1"})
        said = re.search(r'data-field="calculator">([^<]*)<', intro.text).group(1)
        assert ("calculator is allowed" in said) is allowed and ("No calculator" in said) is not allowed
        page = web.post(path(intro) + "/start", data={"csrf": web.settings.csrf})
        assert ('id="calculator"' in page.text) is allowed


def test_home_lists_each_test_with_its_count_and_names_unreadable_files(web) -> None:  # type: ignore[no-untyped-def]
    (web.settings.blueprint_dir / "broken.toml").write_text('name = "broken"\n[[section]]\norder = "fixed"\n',
                                                            encoding="utf-8")
    home = web.get("/")
    assert "Warm-up: 10 items, 7 min" in home.text and "built-in method" not in home.text
    assert 'value="short"' in home.text and 'value="broken"' not in home.text
    notice = re.search(r'data-field="unreadable">(.*?)</div>', home.text, re.S).group(1)
    assert "1 blueprint file(s)" in notice and "broken.toml" in notice


def test_drawn_options_are_chosen_by_letter_in_exam_mode(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web, "abstract")
    item = web.app.state.sittings.get(1).session.items[0]
    labels = re.findall(r'<label for="opt-[A-H]">(.*?)</label>', page.text)
    assert labels and all("figure " in label for label in labels)
    assert not any(option.text in label for option in item.options for label in labels)
    assert 'data-field="why-closed"' in page.text and 'data-field="options-described"' in page.text


def test_the_figure_description_is_open_except_for_figure_reading_in_exam(web) -> None:  # type: ignore[no-untyped-def]
    for number, (blueprint, mode, is_open) in enumerate((("numerical", "practice", True),
                                                          ("abstract", "exam", False)), start=1):
        page = start(web, blueprint, mode=mode)
        while "/feedback/" in path(page) or 'id="figure-description"' not in page.text:  # to an item with a figure
            sitting = web.app.state.sittings.get(number)
            item = sitting.session.items[sitting.session.position]
            page = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page),
                                              "response": item.key_letter if item.is_choice else "1"})
            if "/feedback/" in path(page):
                page = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page)})
        tag = re.search(r'<details id="figure-description"[^>]*>', page.text).group(0)
        assert (" open" in tag) is is_open, (blueprint, mode, tag)
        assert ('data-field="why-closed"' in page.text) is not is_open


def test_a_passage_is_prose_beside_its_question_without_a_second_copy(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web, "verbal", mode="exam")
    while 'class="prose"' not in page.text:  # to the first passage item
        item = web.app.state.sittings.get(1).session.items[web.app.state.sittings.get(1).session.position]
        page = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": item.key_letter})
    assert "with-material" in page.text and 'id="figure-description"' not in page.text
    assert "<pre" not in page.text and "data-zoomable" not in page.text
    paragraphs = re.findall(r"<p>([^<]*)</p>", page.text.split('class="prose"')[1].split("</div>")[0])
    assert len(paragraphs) >= 3 and all("\n" not in p for p in paragraphs)


def test_no_response_of_an_open_exam_section_carries_a_key_or_explanation(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web, "numerical-quick")
    session = web.app.state.sittings.get(1).session
    secrets = {text for item in session.items for text in
               [item.explanation.split("\n")[0][:60], *(o.mistake for o in item.options if o.mistake)] if text}
    seen = [page.text]
    for pos in session.section_positions(0):
        current = web.get(f"/s/1/q/{pos}")
        seen += [current.text, web.get("/s/1/state").json().__repr__()]
    seen += [web.get(url).text for url in ("/s/1", "/s/1/review/0", "/history", "/s/1/report", "/s/1/result",
                                           "/s/1/section/0", "/static/test.js", "/static/calculator.js")]
    leaked = [text for text in secrets for body in seen if text in body]
    assert leaked == []


def test_the_time_feedback_stood_on_screen_is_given_back(web) -> None:  # type: ignore[no-untyped-def]
    page = start(web, mode="practice")
    sitting = web.app.state.sittings.get(1)
    session = sitting.session
    clock = FakeClock()
    session.clock = clock
    session._section_opened_at = clock.now  # the section's clock on the fake time from here
    session._item_opened_at = clock.now
    item = session.items[0]
    feedback = web.post(path(page), data={"csrf": web.settings.csrf, "tab": tab_of(page), "response": item.key_letter})
    before = sitting.remaining_ms()
    clock.now += 40  # reading the explanation for 40 s
    assert sitting.remaining_ms() == before
    web.post(path(feedback), data={"csrf": web.settings.csrf, "tab": tab_of(feedback)})
    assert sitting.paused_at is None and sitting.remaining_ms() == before
