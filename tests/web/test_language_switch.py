"""The browser's language switch (issue 18): a POST with the CSRF token sets a cookie, every page
then speaks that language, a new session records it (and its items are Bokmål), and a bad
language or an outside redirect target is refused."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

from engine.store import Store  # noqa: E402
from engine.web.app import LANG_COOKIE, create_app  # noqa: E402
from engine.web.settings import Settings  # noqa: E402


@pytest.fixture
def web(tmp_path: Path):  # type: ignore[no-untyped-def]
    settings = Settings(db_path=tmp_path / "web.db", extra_hosts=("testserver",))
    with TestClient(create_app(settings), base_url="http://testserver") as client:
        assert client.get(f"/?token={settings.token}").status_code == 200
        client.settings = settings  # type: ignore[attr-defined]
        yield client


def switch(web, lang: str, back: str = "/history"):  # type: ignore[no-untyped-def]
    return web.post("/language", data={"csrf": web.settings.csrf, "lang": lang, "back": back},
                    follow_redirects=False)


def test_every_page_offers_the_other_language(web) -> None:
    page = web.get("/").text
    assert '<html lang="en">' in page
    assert 'name="lang" value="nb"' in page and "Norsk (bokmål)" in page
    assert 'action="/language"' in page and web.settings.csrf in page


def test_switching_sets_a_strict_cookie_and_goes_back(web) -> None:
    response = switch(web, "nb", "/history")
    assert response.status_code == 303 and response.headers["location"] == "/history"
    cookie = response.headers["set-cookie"]
    assert f"{LANG_COOKIE}=nb" in cookie and "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    page = web.get("/history").text
    assert "<html lang=\"nb\">" in page and "Fremgang" in page
    assert 'name="lang" value="en"' in page and "English" in page
    web.cookies.set(LANG_COOKIE, "en")
    english = web.get("/").text
    assert '<html lang="en">' in english


def test_a_session_started_after_the_switch_is_bokmal(web) -> None:
    switch(web, "nb")
    intro = web.post("/start", data={"csrf": web.settings.csrf, "blueprint": "logical", "mode": "practice",
                                     "extra_time": "1"})
    assert intro.status_code == 200, intro.text
    store = Store.open(web.settings.db_path)
    try:
        (lang,) = store.conn.execute("SELECT lang FROM sessions ORDER BY id DESC LIMIT 1").fetchone()
        items = [row[0] for row in store.conn.execute("SELECT item_id FROM responses").fetchall()]
    finally:
        store.close()
    assert lang == "nb"
    assert items and any(item.endswith("@nb") for item in items)


@pytest.mark.parametrize(("lang", "back", "status", "location"), [
    ("xx", "/", 400, None),
    ("", "/", 400, None),
    ("nb", "https://evil.example/", 303, "/"),
    ("nb", "//evil.example/", 303, "/"),
])
def test_bad_switches_are_refused_or_kept_local(web, lang: str, back: str, status: int, location: str | None) -> None:
    response = switch(web, lang, back)
    assert response.status_code == status
    if location is not None:
        assert response.headers["location"] == location
    else:
        assert LANG_COOKIE not in response.headers.get("set-cookie", "")


def test_the_switch_needs_the_csrf_token(web) -> None:
    response = web.post("/language", data={"lang": "nb", "back": "/"}, follow_redirects=False)
    assert response.status_code == 403
    assert LANG_COOKIE not in response.headers.get("set-cookie", "")


def test_concurrent_languages_do_not_leak(web) -> None:
    """The choice is per request: an English request right after a Bokmål one is English."""
    web.cookies.set(LANG_COOKIE, "nb")
    nb = web.get("/").text
    web.cookies.set(LANG_COOKIE, "en")
    en = web.get("/").text
    assert '<html lang="nb">' in nb and '<html lang="en">' in en
    from engine.i18n import language

    assert language() == "en"
