"""Several server workers over one store: two app instances, each with its own connection (as two
uvicorn workers have), serve one session alternately and lose nothing; two answers to one item sent
at once through both, one wins and the other is refused cleanly. Over SQLite and PostgreSQL."""

from __future__ import annotations

import re
import threading
import warnings
from contextlib import ExitStack

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")
from starlette.testclient import TestClient  # noqa: E402

from engine.store import Store  # noqa: E402
from engine.web.app import create_app  # noqa: E402
from engine.web.settings import Settings  # noqa: E402


@pytest.fixture
def pair(store_url: str):  # type: ignore[no-untyped-def]
    """Two apps of one launch (one token, one CSRF secret) over one store, each its own connection."""
    settings = Settings(db_path=store_url, extra_hosts=("testserver",))  # type: ignore[arg-type]
    with ExitStack() as stack:
        clients = []
        for _ in range(2):
            client = stack.enter_context(TestClient(create_app(settings), base_url="http://testserver"))
            assert client.get(f"/?token={settings.token}").status_code == 200
            clients.append(client)
        yield settings, clients


def path(response) -> str:  # type: ignore[no-untyped-def]
    return str(response.url).removeprefix("http://testserver")


def tab_of(response) -> str:  # type: ignore[no-untyped-def]
    return re.search(r'name="tab" value="([^"]+)"', response.text).group(1)


def rows(url: str) -> list[tuple]:
    store = Store.open(url)
    try:
        return store.conn.execute("SELECT position, status, response, visits FROM responses "
                                  "WHERE session_id = 1 ORDER BY position").fetchall()
    finally:
        store.close()


def begin(settings: Settings, client, mode: str = "exam"):  # type: ignore[no-untyped-def]
    intro = client.post("/start", data={"csrf": settings.csrf, "blueprint": "warmup", "mode": mode,
                                        "extra_time": "1"})
    assert intro.status_code == 200, intro.text
    return client.post(path(intro) + "/start", data={"csrf": settings.csrf})


def letter(page) -> str:  # type: ignore[no-untyped-def]
    """An answer this page accepts: its first option, or a number for a typed answer."""
    found = re.search(r'name="response" value="([A-H])"', page.text)
    return found.group(1) if found else "7"


def test_two_workers_serve_one_sitting_alternately_and_lose_nothing(pair, store_url: str) -> None:
    settings, (a, b) = pair
    page = begin(settings, a)
    sent = []
    for n in range(10):
        here, there = (a, b) if n % 2 == 0 else (b, a)
        state = there.get("/s/1/state").json()  # the other worker sees the same sitting and the same clock
        assert state["section_status"] == "open" and 0 < state["remaining_ms"] <= 30 * 60 * 1000
        assert state["next_url"] == path(page)
        answer = letter(page)
        sent.append(answer)
        page = here.post(path(page), data={"csrf": settings.csrf, "tab": tab_of(page), "response": answer})
        assert page.status_code == 200, page.text
    assert "/review/0" in path(page)
    done = b.post(path(page), data={"csrf": settings.csrf, "action": "finish"})
    assert "/result" in path(done) and a.get("/s/1/result").status_code == 200
    stored = rows(store_url)
    assert [r[1] for r in stored] == ["answered"] * 10 and all(r[3] == 1 for r in stored)
    assert a.get("/s/1/report").status_code == 200


def test_practice_feedback_shown_by_one_worker_is_left_through_the_other(pair, store_url: str) -> None:
    settings, (a, b) = pair
    page = begin(settings, a, mode="practice")
    feedback = a.post(path(page), data={"csrf": settings.csrf, "tab": tab_of(page), "response": letter(page)})
    assert "/feedback/0" in path(feedback)
    assert b.get("/s/1/state").json()["paused"] is True and \
        b.get("/s/1", follow_redirects=False).headers["location"] == "/s/1/feedback/0"
    onward = b.post(path(feedback), data={"csrf": settings.csrf, "tab": tab_of(feedback)})
    assert "/q/1" in path(onward) and a.get("/s/1/state").json()["paused"] is False
    assert rows(store_url)[0][1] == "answered"


def test_two_answers_to_one_item_at_once_one_wins(pair, store_url: str) -> None:
    settings, (a, b) = pair
    page = begin(settings, a)
    tab, url = tab_of(page), path(page)
    choices = re.findall(r'name="response" value="([A-H])"', page.text) or ["7", "8"]
    results: dict[str, object] = {}
    go = threading.Barrier(2)

    def send(client, answer: str) -> None:  # type: ignore[no-untyped-def]
        go.wait()
        results[answer] = client.post(url, data={"csrf": settings.csrf, "tab": tab, "response": answer},
                                      follow_redirects=False)

    threads = [threading.Thread(target=send, args=(c, r)) for c, r in ((a, choices[0]), (b, choices[1]))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    codes = sorted(r.status_code for r in results.values())  # type: ignore[attr-defined]
    assert codes == [303, 409], codes
    winner = next(k for k, r in results.items() if r.status_code == 303)  # type: ignore[attr-defined]
    loser = next(r for r in results.values() if r.status_code == 409)  # type: ignore[attr-defined]
    assert "already sent" in loser.text and 'data-field="onward"' in loser.text  # type: ignore[attr-defined]
    first = rows(store_url)[0]
    assert first[1] == "answered" and first[2] is not None and (first[2] == winner or not winner.isalpha())


def test_serve_with_workers_over_postgres(pg_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The real `serve --workers 3`: one address, one token, every worker answering; the answers stored."""
    import os
    import signal
    import subprocess
    import time

    from tests.benchmarks.bench_web import Client, begin
    from tests.benchmarks.servers import URL_RE
    from tests.conftest import cli_command

    proc = subprocess.Popen([*cli_command(), "--db", pg_url, "serve", "--port", "0", "--no-open", "--workers", "3"],
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        line = b""
        while not URL_RE.search(line):
            line = proc.stderr.readline()  # type: ignore[union-attr]
            assert line or proc.poll() is None, "serve did not start"
        assert b"secret" not in line and pg_url.encode() not in line.replace(b"***", b"")

        class Server:  # what bench_web's Client needs
            url = URL_RE.search(line).group(0).decode()  # type: ignore[union-attr]
            base = f"http://127.0.0.1:{URL_RE.search(line).group(1).decode()}"  # type: ignore[union-attr]

        deadline = time.monotonic() + 60
        while True:  # the workers start after the address is printed
            try:
                clients = [Client(Server) for _ in range(6)]  # type: ignore[arg-type]
                break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.1)
        pages = [begin(c, "warmup") for c in clients]
        for _ in range(3):
            for n, (client, page) in enumerate(zip(clients, pages, strict=True)):
                tab = re.search(r'name="tab" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
                response = "A" if 'type="radio"' in page.text else "7"
                pages[n] = client.post(page.url, data={"csrf": client.csrf, "tab": tab, "response": response})
                assert pages[n].status_code == 200 and "/q/" in pages[n].url, pages[n].text[:300]
        store = Store.open(pg_url)
        answered = store.conn.execute("SELECT count(*) FROM responses WHERE status = 'answered'").fetchone()[0]
        store.close()
        assert answered == 18
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(30)


def test_several_workers_over_sqlite_are_refused(run) -> None:  # type: ignore[no-untyped-def]
    result = run("serve", "--workers", "2", "--no-open", "--port", "0")
    assert result.code == 2 and "needs a PostgreSQL database" in result.err and result.err.count("\n") == 1
