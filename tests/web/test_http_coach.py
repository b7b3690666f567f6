"""Coach mode over HTTP (Starlette's test client): every route, the bad input, and each attack of
issue 17 bullet 7 refused: another sitting by its number, a used or out-of-window invitation, late
or changed answers, coach pages without login, password guessing, CSRF, script in names, and keys
before the sitting closes."""

from __future__ import annotations

import base64
import csv
import io
import re
import warnings
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

from engine import coach_store as cs  # noqa: E402
from engine.store import Store  # noqa: E402
from engine.web.app import create_app  # noqa: E402
from engine.web.coach import SITTING_COOKIE, coach_cookie  # noqa: E402
from engine.web.settings import Settings  # noqa: E402

DRILL = """
name = "drill"
title = "Coach drill"
description = "Three quick sums for the coach-mode tests."
[[section]]
name = "one"
title = "One"
minutes = 5
  [[section.part]]
  family = "numeric.arithmetic"
  count = 3
  difficulty = [-1.0, 0.0]
"""
PASSWORD = "correct horse battery"
PEOPLE = ("Ada", "Bo", "Cy")


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stated parameters cost 0.3 s a hash; the tests use a cheap setting (stored with the hash)."""
    monkeypatch.setattr(cs, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(cs, "SCRYPT_P", 1)


def setup_store(path: Path, people: tuple[str, ...] = PEOPLE, group: str = "cohort-a") -> None:
    store = Store.open(path)
    for name in people:
        store.add_candidate(name, groups=(group,))
    cs.add_coach(store, "coach", PASSWORD)
    cs.add_coach(store, "other", PASSWORD + "!")
    store.close()


def make_client(tmp_path: Path, **settings: Any) -> TestClient:
    folder = tmp_path / "blueprints"
    folder.mkdir(exist_ok=True)
    (folder / "drill.toml").write_text(DRILL, encoding="utf-8")
    config = Settings(db_path=tmp_path / "coach.db", extra_hosts=("testserver",), blueprint_dir=folder, coach=True,
                      **settings)
    client = TestClient(create_app(config), base_url="http://testserver")
    client.settings = config  # type: ignore[attr-defined]
    return client


@pytest.fixture
def web(tmp_path: Path):  # type: ignore[no-untyped-def]
    setup_store(tmp_path / "coach.db")
    with make_client(tmp_path) as client:
        yield client


def db(web: TestClient) -> Store:
    return Store.open(web.settings.db_path)  # type: ignore[attr-defined]


def csrf_of(text: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]


def tab_of(text: str) -> str:
    return re.search(r'name="tab" value="([^"]+)"', text).group(1)  # type: ignore[union-attr]


def path(response: Any) -> str:
    return str(response.url).removeprefix("http://testserver")


def log_in(web: TestClient, name: str = "coach", password: str = PASSWORD) -> Any:
    form = web.get("/coach/login")
    return web.post("/coach/login", data={"csrf": csrf_of(form.text), "name": name, "password": password},
                    follow_redirects=False)


def coach_csrf(web: TestClient) -> str:
    return csrf_of(web.get("/coach").text)


def window(opens_in: float = -60, closes_in: float = 3600) -> dict[str, str]:
    now = cs.utcnow()
    fmt = "%Y-%m-%dT%H:%M:%S"
    return {"opens": (now + timedelta(seconds=opens_in)).strftime(fmt),
            "closes": (now + timedelta(seconds=closes_in)).strftime(fmt)}


def create(web: TestClient, group: str = "cohort-a", test: str = "drill", **fields: str) -> dict[str, str]:
    """A new assignment through the form; {candidate: link path}."""
    data = {"csrf": coach_csrf(web), "group": group, "test": test, "mode": "exam", **window(), **fields}
    made = web.post("/coach/assignments/new", data=data)
    assert made.status_code == 200, made.text
    links = re.findall(r'data-field="candidate">([^<]+)</th><td><code data-field="link">([^<]+)</code>', made.text)
    return {name: link.removeprefix("http://testserver") for name, link in links}


class Candidate:
    """One candidate's browser: their own cookie jar, swapped into the client while they act."""

    def __init__(self, web: TestClient, link: str) -> None:
        self.web, self.link, self.jar = web, link, []  # type: ignore[var-annotated]

    def _swap(self, cookies: list[Any]) -> list[Any]:
        held = list(self.web.cookies.jar)
        self.web.cookies.clear()
        for cookie in cookies:
            self.web.cookies.jar.set_cookie(cookie)
        return held

    def __enter__(self) -> TestClient:
        self.saved = self._swap(self.jar)
        return self.web

    def __exit__(self, *exc: object) -> None:
        self.jar = self._swap(self.saved)


def begin(candidate: Candidate) -> tuple[int, Any]:
    """Open the link, press Start, start section 1: (session id, the first question page)."""
    with candidate as web:
        landing = web.get(candidate.link)
        assert landing.status_code == 200, landing.text
        intro = web.post(candidate.link, data={"csrf": csrf_of(landing.text)})
        assert intro.status_code == 200 and "/section/0" in path(intro), intro.text
        sid = int(path(intro).split("/")[2])
        page = web.post(path(intro) + "/start", data={"csrf": csrf_of(intro.text)})
        assert "/q/" in path(page), page.text
        return sid, page


def sit(candidate: Candidate, right: int = 3) -> int:
    """The whole drill: `right` answers right, the rest wrong; the session id."""
    sid, page = begin(candidate)
    with candidate as web:
        sitting = web.app.state.sittings.get(sid)  # type: ignore[attr-defined]
        for n in range(3):
            item = sitting.session.items[sitting.session.position]
            wrong = next(x for x in "ABCDE" if x != item.key_letter)
            response = item.key_letter if n < right else wrong
            page = web.post(path(page), data={"csrf": csrf_of(page.text), "tab": tab_of(page.text),
                                              "response": response, "action": "next"})
        assert "/review/0" in path(page), page.text
        result = web.post(path(page), data={"csrf": csrf_of(page.text), "action": "finish"})
        assert "/result" in path(result), result.text
    return sid


# -- login, logout, the pages behind them -----------------------------------------------------------------
def test_coach_pages_need_a_login(web: TestClient) -> None:
    for url in ("/coach", "/coach/assignments/new", "/coach/assignments/1", "/coach/assignments/1/results.csv",
                "/coach/assignments/1/cohort", "/coach/sessions/1/report", "/coach/audit"):
        response = web.get(url, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"] == "/coach/login", url
    for url in ("/coach/logout", "/coach/assignments/new"):
        assert web.post(url, data={"csrf": "x"}).status_code == 401
    for url in ("/history", "/progress", "/start", "/nosuch"):
        assert web.get(url).status_code == 404  # the single-user pages do not exist in coach mode
    home = web.get("/")
    assert home.status_code == 200 and "invitation" in home.text and 'href="/history"' not in home.text


def test_login_sets_a_strict_httponly_cookie_and_logout_ends_it(web: TestClient) -> None:
    done = log_in(web)
    assert done.status_code == 303 and done.headers["location"] == "/coach"
    cookie = next(c for c in done.headers.get_list("set-cookie") if c.startswith("secondround_coach="))
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Secure" not in cookie
    home = web.get("/coach")
    assert home.status_code == 200 and "Log out (coach)" in home.text
    token = web.cookies.get("secondround_coach")
    store = db(web)
    assert store.conn.execute("SELECT count(*) FROM coach_logins WHERE token_hash = ?",
                              (cs.token_hash(token),)).fetchone()[0] == 1
    assert store.conn.execute("SELECT count(*) FROM coach_logins WHERE token_hash = ?", (token,)).fetchone()[0] == 0
    out = web.post("/coach/logout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
    assert out.status_code == 303 and out.headers["location"] == "/coach/login"
    web.cookies.set("secondround_coach", token)  # the old cookie, replayed: the login is gone
    assert web.get("/coach", follow_redirects=False).status_code == 303
    assert [r[2] for r in cs.audit_rows(store)][:2] == ["logout", "login"]
    store.close()


def test_secure_cookies_behind_https(tmp_path: Path) -> None:
    setup_store(tmp_path / "coach.db")
    with make_client(tmp_path, secure_cookies=True, public_url="https://tests.example.org") as web:
        web.base_url = "https://testserver"  # type: ignore[assignment]
        done = log_in(web)
        cookie = next(c for c in done.headers.get_list("set-cookie") if "secondround_coach=" in c)
        assert cookie.startswith(f"{coach_cookie(web.settings)}=") and "Secure" in cookie  # type: ignore[attr-defined]
        assert cookie.startswith("__Host-") and "Path=/" in cookie and "Domain" not in cookie
        assert web.get("/", headers={"host": "tests.example.org"}).status_code == 200
        assert web.get("/", headers={"host": "evil.example.org"}).status_code == 400
        links = create(web)
        assert all(link.startswith("https://tests.example.org/i/") for link in links.values())


def test_a_wrong_password_or_name_is_refused_and_logged(web: TestClient) -> None:
    for name, password in (("coach", "wrong password"), ("nobody", PASSWORD), ("", "")):
        response = log_in(web, name, password)
        assert response.status_code == 401 and "Wrong name or password." in response.text
    assert log_in(web, "other", PASSWORD).status_code == 401  # another coach's password is not this one
    store = db(web)
    assert [(r[1], r[2]) for r in cs.audit_rows(store)] == [("other", "login_failed"), ("?", "login_failed"),
                                                            ("nobody", "login_failed"), ("coach", "login_failed")]
    store.close()


def test_password_guessing_backs_off_and_the_lock_is_in_the_store(tmp_path: Path) -> None:
    setup_store(tmp_path / "coach.db")
    with make_client(tmp_path) as web:
        for _ in range(cs.FREE_FAILURES):
            assert log_in(web, "coach", "guess").status_code == 401
        assert log_in(web, "coach", "guess").status_code == 401  # the fourth sets a 2 s lock
        locked = log_in(web, "coach", PASSWORD)  # even the right password waits
        assert locked.status_code == 429 and "Too many failed logins" in locked.text
        assert int(locked.headers["retry-after"]) >= 1
    # A second server process over the same store (another worker) is locked as well.
    with make_client(tmp_path) as again:
        assert log_in(again, "coach", PASSWORD).status_code == 429
        store = db(again)
        rows = dict(store.conn.execute("SELECT subject, failures FROM login_failures").fetchall())
        assert rows["name:coach"] == cs.FREE_FAILURES + 1 and rows["address:testclient"] == cs.FREE_FAILURES + 1
        actions = [r[2] for r in cs.audit_rows(store)]
        assert actions.count("login_refused") == 2 and actions.count("login_failed") == 4
        # After the lock, the back-off doubles: 2 s, then 4 s.
        store.conn.execute("UPDATE login_failures SET locked_until = ?", (cs.iso(cs.utcnow()),))
        assert cs.record_failure(store, ["name:coach"]) == 4
        store.conn.execute("UPDATE login_failures SET locked_until = ?", (cs.iso(cs.utcnow()),))
        store.close()
        assert log_in(again, "coach", PASSWORD).status_code == 303  # the lock has passed: the right password works
        store = db(again)
        assert store.conn.execute("SELECT count(*) FROM login_failures WHERE subject = 'name:coach'").fetchone()[0] == 0
        store.close()


def test_the_login_form_needs_its_csrf_cookie(web: TestClient) -> None:
    form = web.get("/coach/login")
    cookie = next(c for c in form.headers.get_list("set-cookie") if "secondround_login_csrf=" in c)
    assert "HttpOnly" in cookie and "Path=/coach/login" in cookie
    for data in ({"name": "coach", "password": PASSWORD},
                 {"name": "coach", "password": PASSWORD, "csrf": "forged"}):
        assert web.post("/coach/login", data=data).status_code == 403
    web.cookies.clear()  # a form posted from another site: the value is right, the cookie is absent
    assert web.post("/coach/login", data={"name": "coach", "password": PASSWORD,
                                          "csrf": csrf_of(form.text)}).status_code == 403


# -- assignments and invitations -----------------------------------------------------------------------------
def test_a_whole_assignment_links_sittings_live_page_csv_and_reports(web: TestClient) -> None:
    assert log_in(web).status_code == 303
    new = web.get("/coach/assignments/new")
    assert new.status_code == 200 and "cohort-a (3 candidates)" in new.text
    form = web.get("/coach/assignments/new?group=cohort-a")
    assert all(f"<th scope=\"row\">{name}</th>" in form.text for name in PEOPLE) and "Coach drill" in form.text
    data = {"csrf": csrf_of(form.text), "group": "cohort-a", "test": "drill", "mode": "exam", "title": "Spring intake",
            "extra_0": "1", "extra_1": "1.5", "extra_2": "2", **window()}
    made = web.post("/coach/assignments/new", data=data)
    assert made.status_code == 200 and "shown only now" in made.text
    links = dict(re.findall(r'data-field="candidate">([^<]+)</th><td><code data-field="link">([^<]+)</code>',
                            made.text))
    assert sorted(links) == sorted(PEOPLE)
    tokens = [link.rsplit("/", 1)[1] for link in links.values()]
    assert all(len(base64.urlsafe_b64decode(tok + "==")) >= 16 for tok in tokens) and len(set(tokens)) == 3
    href = re.search(r'href="data:text/csv;charset=utf-8;base64,([^"]+)"', made.text).group(1)  # type: ignore[union-attr]
    rows = list(csv.reader(io.StringIO(base64.b64decode(href).decode("utf-8"))))
    assert rows[0] == ["Candidate", "Link"] and {tuple(r) for r in rows[1:]} == set(links.items())
    store = db(web)
    dump = "\n".join(store.conn.iterdump())
    assert not [tok for tok in tokens if tok in dump]  # only hashes are stored
    assert all(cs.token_hash(tok) in dump for tok in tokens)
    (aid,) = store.conn.execute("SELECT id FROM assignments").fetchone()
    store.close()

    ada = Candidate(web, links["Ada"].removeprefix("http://testserver"))
    bo = Candidate(web, links["Bo"].removeprefix("http://testserver"))
    live = web.get(f"/coach/assignments/{aid}")
    assert live.status_code == 200 and '<noscript><meta http-equiv="refresh" content="10">' in live.text
    assert 'src="/static/coach.js"' in live.text and web.get("/static/coach.js").status_code == 200
    assert live.text.count('data-state="invited"') == 4  # the count and three rows
    ada_sid = sit(ada, right=3)
    bo_sid, _ = begin(bo)
    live = web.get(f"/coach/assignments/{aid}")
    assert 'data-candidate="Ada" data-state="finished"' in live.text and '3 / 3' in live.text
    assert 'data-candidate="Bo" data-state="started"' in live.text
    store = db(web)
    assert store.session(bo_sid).extra_time == 1.5 and store.session(bo_sid).group == "cohort-a"
    assert store.sections(bo_sid)[0].time_limit_ms == round(5 * 60_000 * 1.5)
    store.close()

    results = web.get(f"/coach/assignments/{aid}/results.csv")
    assert results.status_code == 200 and results.headers["content-type"].startswith("text/csv")
    assert "attachment" in results.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(results.text)))
    by_name = {row["candidate"]: row for row in table}
    assert by_name["Ada"]["state"] == "finished" and by_name["Ada"]["correct"] == "3" and by_name["Ada"]["total"] == "3"
    assert by_name["Bo"]["state"] == "started" and by_name["Cy"]["state"] == "invited"
    cohort = web.get(f"/coach/assignments/{aid}/cohort")
    assert cohort.status_code == 200 and "Ada" in cohort.text and "Cy" in cohort.text  # Cy: no sitting yet
    assert "default-src 'none'" in cohort.headers["content-security-policy"]
    report = web.get(f"/coach/sessions/{ada_sid}/report")
    assert report.status_code == 200 and "Ada" in report.text
    assert web.get(f"/coach/sessions/{bo_sid}/report").status_code == 409  # not over yet
    assert web.get("/coach/sessions/999/report").status_code == 404
    assert web.get("/coach/assignments/999").status_code == 404
    home = web.get("/coach")
    assert "Spring intake" in home.text
    audit = web.get("/coach/audit")
    for action in ("login", "assignment_created", "results_downloaded", "cohort_report_viewed",
                   "session_report_viewed"):
        assert f'data-field="action">{action}<' in audit.text, action


def test_another_sitting_by_its_number_is_404_and_ids_tell_nothing(web: TestClient) -> None:
    log_in(web)
    links = create(web)
    ada, bo = Candidate(web, links["Ada"]), Candidate(web, links["Bo"])
    ada_sid, _ = begin(ada)
    bo_sid, _ = begin(bo)
    with ada as client:
        for url in (f"/s/{bo_sid}", f"/s/{bo_sid}/state", f"/s/{bo_sid}/q/0", f"/s/{bo_sid}/result",
                    f"/s/{bo_sid}/report", f"/s/{bo_sid}/section/0", "/s/999", "/s/999/report", "/s/0"):
            response = client.get(url)
            assert response.status_code == 404 and "no such test session" in response.text, url
        assert client.post(f"/s/{bo_sid}/q/0", data={"csrf": "x", "response": "A"}).status_code == 404
        assert client.get(f"/s/{ada_sid}/state").status_code == 200
        missing, other = client.get("/s/999"), client.get(f"/s/{bo_sid}")
        assert missing.text == other.text  # an existing sitting of someone else looks like none at all
    web.cookies.clear()
    assert web.get(f"/s/{ada_sid}").status_code == 404  # no invitation cookie at all
    web.cookies.set(SITTING_COOKIE, "forged-token")
    assert web.get(f"/s/{ada_sid}").status_code == 404
    assert web.get("/i/forged-token").status_code == 404


def test_an_invitation_starts_once_resumes_the_same_sitting_and_dies_when_finished(web: TestClient) -> None:
    log_in(web)
    links = create(web)
    ada = Candidate(web, links["Ada"])
    sid, _ = begin(ada)
    with ada as client:
        again = client.get(ada.link)
        assert again.status_code == 200 and "Continue the test" in again.text
        resumed = client.post(ada.link, data={"csrf": csrf_of(again.text)})
        assert f"/s/{sid}/q/" in path(resumed)
    other_browser = Candidate(web, links["Ada"])  # the same link opened on another device: the same sitting
    with other_browser as client:
        landing = client.get(other_browser.link)
        assert f"/s/{sid}/" in path(client.post(other_browser.link, data={"csrf": csrf_of(landing.text)}))
    store = db(web)
    assert len(store.sessions()) == 1
    store.close()
    finished = Candidate(web, links["Bo"])
    bo_sid = sit(finished)
    with finished as client:
        used = client.get(finished.link)
        assert used.status_code == 410 and "has been used" in used.text
        assert client.post(finished.link, data={"csrf": "x"}).status_code in (403, 410)
        assert client.get(f"/s/{bo_sid}/result").status_code == 200  # their own result stays readable
    store = db(web)
    assert len(store.sessions()) == 2
    store.close()


def test_an_invitation_outside_its_window_is_refused(web: TestClient) -> None:
    log_in(web)
    early = create(web, **window(opens_in=3600, closes_in=7200))
    response = web.get(early["Ada"])
    assert response.status_code == 403 and "opens at" in response.text
    late = create(web, **window(opens_in=-60, closes_in=2))
    store = db(web)
    past = cs.iso(cs.utcnow() - timedelta(seconds=1))
    store.conn.execute("UPDATE assignments SET closes_at = ? WHERE id = 2", (past,))
    store.close()
    expired = web.get(late["Ada"])
    assert expired.status_code == 410 and "expired unused" in expired.text
    assert web.post(late["Ada"], data={"csrf": "x"}).status_code in (403, 410)
    assert 'data-candidate="Ada" data-state="unused"' in web.get("/coach/assignments/2").text
    store = db(web)
    assert store.sessions() == []
    store.close()


def test_answers_after_the_section_closed_or_changed_after_submission_are_refused(web: TestClient) -> None:
    log_in(web)
    links = create(web)
    ada = Candidate(web, links["Ada"])
    sid, page = begin(ada)
    with ada as client:
        form = {"csrf": csrf_of(page.text), "tab": tab_of(page.text), "response": "1", "action": "next"}
        first_path = path(page)
        client.post(first_path, data=form)
        review = client.get(f"/s/{sid}/review/0")
        client.post(f"/s/{sid}/review/0", data={"csrf": csrf_of(review.text), "action": "finish"})
        store = db(web)
        before = store.responses(sid)
        store.close()
        for pos in range(3):  # the whole form, replayed after the section closed
            replay = client.post(f"/s/{sid}/q/{pos}", data={**form, "response": "2"})
            assert replay.status_code == 409, replay.text
        store = db(web)
        assert store.responses(sid) == before
        store.close()


def test_every_form_needs_its_csrf_secret(web: TestClient) -> None:
    log_in(web, "other", PASSWORD + "!")
    other_secret = coach_csrf(web)
    web.cookies.clear()
    log_in(web)
    links = create(web)
    ada = Candidate(web, links["Ada"])
    data = {"group": "cohort-a", "test": "drill", "mode": "exam", **window()}
    for secret in (None, "forged", other_secret):  # none, made up, another login's
        sent = {**data, **({"csrf": secret} if secret else {})}
        assert web.post("/coach/assignments/new", data=sent).status_code == 403
        assert web.post("/coach/logout", data=sent).status_code == 403
    assert web.get("/coach").status_code == 200  # still logged in
    with ada as client:
        landing = client.get(ada.link)
        assert client.post(ada.link, data={}).status_code == 403
        assert client.post(ada.link, data={"csrf": other_secret}).status_code == 403
        intro = client.post(ada.link, data={"csrf": csrf_of(landing.text)})
        sid = int(path(intro).split("/")[2])
        assert client.post(f"/s/{sid}/section/0/start", data={}).status_code == 403
        assert client.post(f"/s/{sid}/section/0/start", data={"csrf": other_secret}).status_code == 403
    bo = Candidate(web, links["Bo"])
    with bo as client:  # one candidate's secret does not serve another's invitation
        assert client.get(bo.link).status_code == 200
        assert client.post(bo.link, data={"csrf": csrf_of(landing.text)}).status_code == 403
    store = db(web)
    assert len(store.sessions()) == 1 and len(cs.assignments(store)) == 1
    store.close()


def test_script_in_names_groups_and_titles_is_escaped(tmp_path: Path) -> None:
    evil = "<script>alert(1)</script>"
    group = '<img src=x onerror="alert(2)">'
    setup_store(tmp_path / "coach.db", people=(evil,), group=group)
    with make_client(tmp_path) as web:
        log_in(web)
        pages = [web.get("/coach/assignments/new").text,
                 web.get("/coach/assignments/new", params={"group": group}).text]
        data = {"csrf": coach_csrf(web), "group": group, "test": "drill", "mode": "exam",
                "title": "<b onmouseover=alert(3)>T</b>", **window()}
        made = web.post("/coach/assignments/new", data=data)
        assert made.status_code == 200
        link = re.search(r'<code data-field="link">([^<]+)</code>', made.text).group(1)  # type: ignore[union-attr]
        pages += [made.text, web.get("/coach").text, web.get("/coach/assignments/1").text, web.get("/coach/audit").text]
        web.cookies.clear()
        pages.append(web.get(link.removeprefix("http://testserver")).text)
        for text in pages:
            assert "<script>alert" not in text and "<img src=x" not in text and "<b onmouseover" not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[-1]


def test_no_key_or_explanation_reaches_a_candidate_before_the_sitting_closes(web: TestClient) -> None:
    log_in(web)
    links = create(web)
    ada = Candidate(web, links["Ada"])
    sid, page = begin(ada)
    with ada as client:
        session = client.app.state.sittings.get(sid).session  # type: ignore[attr-defined]
        secret = {text for item in session.items for text in
                  [item.explanation.split("\n")[0][:60], *(o.mistake for o in item.options if o.mistake)] if text}
        seen = [page.text, client.get(ada.link).text]
        for pos in range(3):
            seen += [client.get(f"/s/{sid}/q/{pos}").text, repr(client.get(f"/s/{sid}/state").json())]
        seen += [client.get(url).text for url in (f"/s/{sid}", f"/s/{sid}/review/0", f"/s/{sid}/report",
                                                   f"/s/{sid}/result", f"/s/{sid}/section/0", "/")]
        assert client.get(f"/s/{sid}/report").status_code == 409
    assert [text for text in secret for body in seen if text in body] == []


def test_bad_assignment_input_gets_a_clear_page_and_stores_nothing(web: TestClient) -> None:
    log_in(web)
    secret = coach_csrf(web)
    base = {"csrf": secret, "group": "cohort-a", "test": "drill", "mode": "exam", **window()}
    cases = (({"group": "nosuch"}, "no such group"), ({"test": "nosuch"}, "not one of those offered"),
             ({"mode": "sleep"}, "exam or practice"), ({"extra_1": "9"}, "Extra time must be"),
             ({"opens": "yesterday"}, "give a date and time"),
             ({**window(opens_in=60, closes_in=30)}, "must close after it opens"),
             ({**window(opens_in=-7200, closes_in=-3600)}, "already closed"),
             ({"title": "x" * 300}, "longer than 200"))
    for change, text in cases:
        response = web.post("/coach/assignments/new", data={**base, **change})
        assert response.status_code == 400 and text in response.text, (change, response.text[:300])
    assert web.get("/coach/assignments/new?group=nosuch").status_code == 404
    store = db(web)
    assert cs.assignments(store) == []
    store.add_to_group("empty-soon", "Dee")
    store.remove_candidate("Dee")
    store.close()
    assert web.post("/coach/assignments/new", data={**base, "group": "empty-soon"}).status_code == 400
    assert web.get("/coach/assignments/1/cohort").status_code == 404


def test_adaptive_and_practice_assignments_and_a_test_set_file(web: TestClient, tmp_path: Path) -> None:
    from engine.blueprints import load_blueprint
    from engine.forms import assemble

    form = assemble(load_blueprint(str(tmp_path / "blueprints" / "drill.toml")), 5)
    (tmp_path / "blueprints" / "drill-set.json").write_text(form.to_json(), encoding="utf-8")
    log_in(web)
    assert "test set file drill-set.json" in web.get("/coach/assignments/new?group=cohort-a").text
    refused = web.post("/coach/assignments/new", data={"csrf": coach_csrf(web), "group": "cohort-a",
                                                       "test": "set:drill-set", "adaptive": "on", **window()})
    assert refused.status_code == 400 and "grown from a blueprint" in refused.text
    fixed = create(web, test="set:drill-set", mode="practice")
    adaptive = create(web, test="numerical-quick", adaptive="on")
    store = db(web)
    first, second = sorted(cs.assignments(store), key=lambda a: a.id)
    assert first.form_id == form.form_id and first.mode == "practice" and not first.adaptive
    assert second.adaptive and second.form_id is None
    store.close()
    sid, page = begin(Candidate(web, fixed["Ada"]))
    assert "/q/" in path(page)
    asid, _apage = begin(Candidate(web, adaptive["Bo"]))
    store = db(web)
    assert store.session(sid).form_id == form.form_id and store.session(sid).mode == "practice"
    assert store.session(asid).form_id != form.form_id
    store.close()


def test_a_finished_candidate_sees_the_keys_only_once_the_window_closes(web: TestClient) -> None:
    log_in(web)
    links = create(web)
    ada = Candidate(web, links["Ada"])
    sid = sit(ada)
    with ada as client:
        result = client.get(f"/s/{sid}/result")
        assert result.status_code == 200 and "3 / 3" in result.text
        early = client.get(f"/s/{sid}/report")
        assert early.status_code == 409 and "others may still be sitting" in early.text
    store = db(web)
    store.conn.execute("UPDATE assignments SET closes_at = ?", (cs.iso(cs.utcnow() - timedelta(seconds=1)),))
    store.close()
    with ada as client:
        assert client.get(f"/s/{sid}/report").status_code == 200


def test_the_results_csv_cannot_carry_a_spreadsheet_formula(tmp_path: Path) -> None:
    setup_store(tmp_path / "coach.db", people=("=HYPERLINK(\"http://evil\")", "+1", "Plain"))
    with make_client(tmp_path) as web:
        log_in(web)
        create(web)
        rows = list(csv.reader(io.StringIO(web.get("/coach/assignments/1/results.csv").text)))
        names = [row[0] for row in rows[1:]]
        assert sorted(names) == sorted(["'+1", "'=HYPERLINK(\"http://evil\")", "Plain"])


@pytest.mark.parametrize(("flags", "trusted"), [((), False), (("--behind-proxy",), True)])
def test_forwarded_headers_are_trusted_only_behind_a_proxy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           flags: tuple[str, ...], trusted: bool) -> None:
    import uvicorn
    from click.testing import CliRunner

    from engine.cli import cli

    seen: dict[str, Any] = {}

    def run(self: Any, sockets: Any = None) -> None:
        seen["config"] = self.config
        for sock in sockets or ():
            sock.close()

    monkeypatch.setattr(uvicorn.Server, "run", run)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "serve", "--coach", "--port", "0", "--no-open",
                                      *flags])
    assert result.exit_code == 0, result.output
    config = seen["config"]
    assert config.proxy_headers is trusted
    app_settings = config.app.state.settings
    assert app_settings.coach and app_settings.secure_cookies is trusted and app_settings.behind_proxy is trusted
    assert "no coaches yet" in result.output and "/coach/login" in result.output
    assert "plain HTTP" not in result.output  # loopback
    wide = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "serve", "--coach", "--host", "0.0.0.0",
                                    "--port", "0", *flags])
    assert wide.exit_code == 0 and ("over plain HTTP" in wide.output) is not trusted
    bad = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "serve", "--coach", "--public-url", "tests.org"])
    assert bad.exit_code != 0 and "--public-url must be" in str(bad.exception)


def test_each_sitting_has_its_own_cookie_so_two_invitations_coexist(web: TestClient) -> None:
    log_in(web)
    first, second = create(web), create(web, title="Second")
    ada = Candidate(web, first["Ada"])
    with ada as client:
        landing = client.get(first["Ada"])
        assert "set-cookie" not in landing.headers  # the link itself is the credential until Start
        started = client.post(first["Ada"], data={"csrf": csrf_of(landing.text)}, follow_redirects=False)
        sid_one = int(started.headers["location"].split("/")[2])
        cookie = started.headers["set-cookie"]
        assert f"Path=/s/{sid_one}" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
        landing = client.get(second["Ada"])
        sid_two = int(client.post(second["Ada"], data={"csrf": csrf_of(landing.text)},
                                  follow_redirects=False).headers["location"].split("/")[2])
        assert sid_one != sid_two
        assert client.get(f"/s/{sid_one}/state").status_code == 200
        assert client.get(f"/s/{sid_two}/state").status_code == 200


def test_a_new_link_replaces_a_lost_one_and_the_old_one_dies(web: TestClient) -> None:
    log_in(web)
    links = create(web)
    ada = Candidate(web, links["Ada"])
    sid, _ = begin(ada)
    live = web.get("/coach/assignments/1")
    assert live.text.count("/reissue") == 3  # no one has finished yet
    store = db(web)
    ada_invitation = next(i for i in cs.invitations(store, 1) if i.candidate == "Ada").id
    store.close()
    assert web.post(f"/coach/assignments/1/invitations/{ada_invitation}/reissue", data={}).status_code == 403
    fresh = web.post(f"/coach/assignments/1/invitations/{ada_invitation}/reissue", data={"csrf": coach_csrf(web)})
    assert fresh.status_code == 200
    new_link = re.search(r'<code data-field="link">http://testserver([^<]+)</code>', fresh.text).group(1)  # type: ignore[union-attr]
    assert new_link != links["Ada"]
    with ada as client:
        assert client.get(links["Ada"]).status_code == 404  # the old link
        assert client.get(f"/s/{sid}/state").status_code == 404  # and its cookie
        landing = client.get(new_link)
        assert "Continue the test" in landing.text
        assert f"/s/{sid}/" in path(client.post(new_link, data={"csrf": csrf_of(landing.text)}))  # the same sitting
    bo_sid = sit(Candidate(web, links["Bo"]))
    store = db(web)
    bo_invitation = cs.invitation_of_session(store, bo_sid).id  # type: ignore[union-attr]
    store.close()
    assert web.post(f"/coach/assignments/1/invitations/{bo_invitation}/reissue",
                    data={"csrf": coach_csrf(web)}).status_code == 409  # finished: nothing to reissue
    assert web.post(f"/coach/assignments/2/invitations/{ada_invitation}/reissue",
                    data={"csrf": coach_csrf(web)}).status_code == 404
    assert "link_reissued" in web.get("/coach/audit").text


def test_two_starts_of_one_invitation_at_once_make_one_sitting(web: TestClient,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Two Start requests racing (two workers): the loser's new sitting is abandoned, both go to the winner's."""
    import json as json_module

    from engine.forms import TestForm
    from engine.session import Session

    log_in(web)
    links = create(web)
    original = cs.link_session
    winner: list[int] = []

    def raced(store: Store, invitation_id: int, session_id: int, group: str) -> bool:
        assignment = cs.assignments(store)[0]
        form = TestForm.from_dict(json_module.loads(store.form_json(assignment.form_id)), "form")  # type: ignore[arg-type]
        other = Session.create(store, form, "exam", "Ada", source="browser")
        other.start()
        winner.append(other.id)
        assert original(store, invitation_id, other.id, group)  # the other request got there first
        return original(store, invitation_id, session_id, group)

    monkeypatch.setattr(cs, "link_session", raced)
    ada = Candidate(web, links["Ada"])
    with ada as client:
        landing = client.get(links["Ada"])
        intro = client.post(links["Ada"], data={"csrf": csrf_of(landing.text)})
        assert path(intro).startswith(f"/s/{winner[0]}/")
    store = db(web)
    statuses = sorted(r.status for r in store.sessions())
    assert statuses == ["abandoned", "in_progress"]
    store.close()


def test_an_assignment_in_bokmal_speaks_bokmal_to_its_candidates(web: TestClient) -> None:
    """The coach picks the test's language: the invitation, the candidate's pages, the session and
    its items are in it, whatever the server's default; an unknown language is refused."""
    log_in(web)
    new = web.get("/coach/assignments/new?group=cohort-a").text
    assert 'name="lang"' in new and "Norsk (bokmål)" in new
    refused = web.post("/coach/assignments/new", data={"csrf": coach_csrf(web), "group": "cohort-a", "test": "drill",
                                                        "mode": "exam", "lang": "xx", **window()})
    assert refused.status_code == 400
    links = create(web, lang="nb")
    candidate = Candidate(web, links["Ada"])
    with candidate as client:
        landing = client.get(candidate.link)
        assert '<html lang="nb">' in landing.text
    sid, page = begin(candidate)
    assert '<html lang="nb">' in page.text and "Spørsmål" in page.text
    store = db(web)
    try:
        session = store.session(sid)
        assert session.lang == "nb"
        assert all(r.item_id.endswith("@nb") for r in store.responses(sid))
    finally:
        store.close()
    assert '<html lang="en">' in web.get("/coach").text  # the coach's own pages keep the server's language
