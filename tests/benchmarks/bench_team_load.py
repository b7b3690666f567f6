"""A team's load (issue 17): 200 simulated candidates sit a 20-item test at once over loopback HTTP,
against `secondround serve --workers 4` on PostgreSQL (a throwaway cluster, tests/pg_cluster.py) and
against one worker on SQLite; every answer counted in the database afterwards, every server error
counted, and the median and p95 time to answer an item and get the next page.

Bounded: 200 x 20 answers per run, and each run stops after RUN_LIMIT_S whatever happened (what was
not done by then counts as lost). One asyncio client process, one keep-alive connection per
candidate, so the client's own cost stays small beside the server's on this 2-core machine."""

from __future__ import annotations

import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks.servers import launch, percentile  # noqa: E402  (after the path is set)

CANDIDATES = 200
ITEMS = 20
WORKERS = 4
P95_TARGET_MS = 100.0
# Between one page and the next answer: 1-3 s, where a real candidate takes 30-90 s an item; 200 of
# them then send about 100 answers a second (each answer is a POST and the next page's GET).
THINK_S = (1.0, 3.0)
RUN_LIMIT_S = 240.0
TEST = """
name = "team-load"
title = "Team load"
[[section]]
name = "one"
title = "One"
minutes = 60
order = "as_listed"
  [[section.part]]
  family = "numeric.arithmetic"
  count = {count}
  difficulty = [-1.0, 1.0]
"""


@dataclass
class Page:
    status: int
    path: str
    text: str
    location: str = ""


class Client:
    """One candidate's browser: a keep-alive HTTP/1.1 connection, the launch cookie, redirects followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookie = ""
        self.csrf = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, data: dict[str, str] | None = None,
                      follow: bool = True) -> Page:
        """One request; on a kept-alive connection the server closed while idle (uvicorn's keep-alive
        timeout, 5 s), sent again on a new one, as a browser does."""
        fresh = self.writer is None
        try:
            return await self._request(method, path, data, follow)
        except (ConnectionError, IndexError, asyncio.IncompleteReadError):
            if fresh:
                raise
            self.close()
            self.writer = None
            return await self._request(method, path, data, follow)

    async def _request(self, method: str, path: str, data: dict[str, str] | None, follow: bool) -> Page:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        body = urlencode(data).encode() if data is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", f"Content-Length: {len(body)}"]
        if data is not None:
            head.append("Content-Type: application/x-www-form-urlencoded")
        if self.cookie:
            head.append(f"Cookie: {self.cookie}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        assert self.reader is not None
        status = int((await self.reader.readline()).split()[1])
        headers: dict[str, str] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        content = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if "set-cookie" in headers:
            self.cookie = headers["set-cookie"].split(";")[0]
        location = headers.get("location", "")
        if headers.get("connection", "").lower() == "close":
            self.close()
            self.writer = None
        if follow and status in (302, 303) and location:
            return await self.request("GET", location)
        return Page(status, path, content.decode("utf-8", "replace"), location)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def form_value(page: Page, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]+)"', page.text)
    return found.group(1) if found else ""


async def start_from_home(client: Client, token_path: str) -> Page:
    """The plain `serve` flow: the launch link, the home page's form, the section's start button.
    (An invitation would be another function of this shape: follow the link, then the same.)"""
    await client.request("GET", token_path, follow=False)
    home = await client.request("GET", "/")
    client.csrf = form_value(home, "csrf")
    intro = await client.request("POST", "/start", {"csrf": client.csrf, "blueprint": "team-load", "mode": "exam",
                                                    "extra_time": "1"})
    return await client.request("POST", intro.path + "/start", {"csrf": client.csrf})


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)  # answer + next page, seconds
    posts: list[float] = field(default_factory=list)  # the answer's POST alone (until its redirect)
    errors: list[str] = field(default_factory=list)
    finished: int = 0


async def sit(client: Client, start: Callable[[Client], Awaitable[Page]], tally: Tally, gate: asyncio.Event,
              ready: Callable[[], None], rng: random.Random) -> None:
    """One candidate: start, wait for everyone, then answer every item with a pause, and finish."""
    page = await start(client)
    ready()
    await gate.wait()
    for _ in range(ITEMS):
        if "/q/" not in page.path or page.status != 200:
            tally.errors.append(f"{page.status} {page.path}")
            return
        await asyncio.sleep(rng.uniform(*THINK_S))
        response = "B" if 'type="radio"' in page.text else "7"
        began = time.perf_counter()
        sent = await client.request("POST", page.path, {"csrf": client.csrf, "tab": form_value(page, "tab"),
                                                         "response": response, "action": "next"}, follow=False)
        posted = time.perf_counter()
        if sent.status != 303:
            tally.errors.append(f"{sent.status} {page.path}")
            return
        page = await client.request("GET", sent.location)
        page.path = sent.location
        tally.posts.append(posted - began)
        tally.latencies.append(time.perf_counter() - began)
    if "/review/" not in page.path:
        tally.errors.append(f"{page.status} {page.path} (not the review)")
        return
    done = await client.request("POST", page.path, {"csrf": client.csrf, "action": "finish"})
    if "/result" in done.path or done.status == 200:
        tally.finished += 1
    else:
        tally.errors.append(f"{done.status} finish")


async def crowd(port: int, token_path: str) -> tuple[Tally, float]:
    """Every candidate at once; seconds from the first timed answer to the last finish."""
    tally, gate = Tally(), asyncio.Event()
    waiting = [CANDIDATES]

    def ready() -> None:
        waiting[0] -= 1
        if waiting[0] == 0:
            gate.set()

    clients = [Client(port) for _ in range(CANDIDATES)]

    async def home(client: Client) -> Page:
        return await start_from_home(client, token_path)

    tasks = [asyncio.create_task(sit(c, home, tally, gate, ready, random.Random(n))) for n, c in enumerate(clients)]
    await gate.wait()
    began = time.perf_counter()
    done, pending = await asyncio.wait(tasks, timeout=RUN_LIMIT_S)
    for task in pending:
        task.cancel()
        tally.errors.append("not done in time")
    for task in done:
        if task.exception() is not None:
            tally.errors.append(f"client: {task.exception()!r}")
    for client in clients:
        client.close()
    return tally, time.perf_counter() - began


def serve(db: str, folder: Path, workers: int) -> tuple[subprocess.Popen, int, str]:
    args = ["--db", db, "serve", "--blueprints", str(folder)]
    if workers > 1:
        args += ["--workers", str(workers)]
    proc, match = launch(args, new_session=True)
    port = int(match.group(1))
    token_path = "/" + match.group(0).decode().split("/", 3)[3]
    deadline = time.monotonic() + 60
    while True:  # the workers start after the address is printed
        try:
            import http.client

            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", token_path)
            conn.getresponse().read()
            conn.close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    if workers > 1:
        time.sleep(3)  # the first worker answers; give the others (each its own socket) time to start too
    return proc, port, token_path


def stop(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGINT)  # the server's own process group: itself and its workers
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def count_answers(db: str) -> tuple[int, int]:
    """(answered response rows, finished sessions) as the database holds them."""
    from engine.store import Store

    store = Store.open(db)
    try:
        answered = store.conn.execute("SELECT count(*) FROM responses WHERE status = 'answered'").fetchone()[0]
        finished = store.conn.execute("SELECT count(*) FROM sessions WHERE status = 'finished'").fetchone()[0]
        return int(answered), int(finished)
    finally:
        store.close()


@dataclass
class Outcome:
    label: str
    tally: Tally
    seconds: float
    answered: int
    finished: int

    @property
    def lost(self) -> int:
        return CANDIDATES * ITEMS - self.answered


def one_run(label: str, db: str, folder: Path, workers: int) -> Outcome:
    proc, port, token_path = serve(db, folder, workers)
    try:
        tally, seconds = asyncio.run(crowd(port, token_path))
    finally:
        stop(proc)
    answered, finished = count_answers(db)
    return Outcome(label, tally, seconds, answered, finished)


def outcomes() -> list[Outcome]:
    from tests import pg_cluster

    found = []
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "team-load.toml").write_text(TEST.format(count=ITEMS), encoding="utf-8")
        reason = pg_cluster.why_not()
        if reason is None:
            with pg_cluster.cluster(max_connections=40) as url:
                found.append(one_run(f"PostgreSQL, {WORKERS} workers", url, folder, WORKERS))
        else:
            print(f"PostgreSQL run skipped: {reason}", file=sys.stderr)
        found.append(one_run("SQLite, 1 worker", str(folder / "team.db"), folder, 1))
    return found


def run() -> list[tuple[str, str, str, bool]]:
    rows = []
    for out in outcomes():
        t = out.tally
        median_ms, p95_ms = statistics.median(t.latencies) * 1000, percentile(t.latencies, 0.95) * 1000
        post_median, post_p95 = statistics.median(t.posts) * 1000, percentile(t.posts, 0.95) * 1000
        rate = len(t.latencies) / out.seconds
        rows.append((
            f"{CANDIDATES} candidates x {ITEMS} items at once, {out.label}: answer + next page median / p95 "
            f"(the answer's POST alone {post_median:.0f} / {post_p95:.0f} ms; {rate:.0f} answers/s; "
            f"{out.answered} answers stored, {out.lost} lost, {len(t.errors)} errors, {out.finished} finished)",
            f"{median_ms:.0f} / {p95_ms:.0f} ms", f"p95 < {P95_TARGET_MS:.0f} ms, 0 lost, 0 errors (issue 17)",
            out.lost == 0 and not t.errors and p95_ms < P95_TARGET_MS))
        if t.errors:
            print(f"{out.label}: errors {sorted(set(t.errors))[:5]}", file=sys.stderr)
    rows.append(("load average of this machine (1 min) at the end (other work included)",
                 f"{os.getloadavg()[0]:.1f}", "", True))
    return rows


if __name__ == "__main__":
    for row in run():
        print(f"| {row[0]} | {row[1]} | {row[2]} | {'yes' if row[3] else '**missed**'} |")
