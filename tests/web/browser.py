"""Real-browser helpers for tests/web/test_browser_*.py: a `secondround serve` subprocess on a free
loopback port over a temp store, headless Chromium driven by Selenium through Debian's
chromedriver, the browser's console log gathered across calls, and axe-core injected for audits."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE = Path(__file__).with_name("vendor") / "axe.min.js"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Without the background-networking flags Chromium reaches out at start and the closed network
# refuses it (and logs errors); a fresh --user-data-dir per driver keeps runs independent.
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--no-default-browser-check", "--disable-extensions", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--disable-features=Translate,OptimizationHints,MediaRouter",
                "--force-device-scale-factor=1")
URL_RE = re.compile(r"https?://127\.0\.0\.1:\d+/\S*")


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def find_chromedriver() -> str | None:
    return shutil.which("chromedriver") or next(
        (p for p in ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver") if os.access(p, os.X_OK)), None)


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if find_chromium() is None:
        return "chromium is not installed (Debian: apt-get install chromium chromium-driver; .ci/run does it)"
    if find_chromedriver() is None:
        return "chromedriver is not installed (Debian: apt-get install chromium-driver; .ci/run does it)"
    return None


@functools.cache
def serve_missing() -> str | None:
    """Why `secondround serve` cannot be started from this tree, or None."""
    proc = subprocess.run([sys.executable, "-m", "engine", "serve", "--help"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    return None if proc.returncode == 0 else "`secondround serve` is not available in this tree"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`secondround serve` in a subprocess; `url` is the printed URL with its launch token."""

    def __init__(self, db: Path, port: int | None = None, blueprints: Path | None = None,
                 extra_args: tuple[str, ...] = ()) -> None:
        self.db = db
        self.blueprints = blueprints
        self.extra_args = extra_args  # more `serve` options (--coach)
        self.port = port or free_port()
        self.proc: subprocess.Popen[str] | None = None
        self.output: list[str] = []
        self.url = ""

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20) -> Server:
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "SECONDROUND_DB": str(self.db)}
        command = [sys.executable, "-m", "engine", "--db", str(self.db), "serve", "--host", "127.0.0.1",
                   "--port", str(self.port), "--no-open"]
        if self.blueprints is not None:
            command += ["--blueprints", str(self.blueprints)]
        command += list(self.extra_args)
        self.output = []
        found = threading.Event()
        self.proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)

        def drain(stream: Any) -> None:
            for line in stream:
                self.output.append(line.rstrip("\n"))
                match = URL_RE.search(line)
                if match and not found.is_set():
                    self.url = match.group(0)
                    found.set()

        threading.Thread(target=drain, args=(self.proc.stdout,), daemon=True).start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found.is_set() and self._accepts():
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        log = "\n".join(self.output[-40:])
        self.stop()
        raise RuntimeError(f"secondround serve did not start on port {self.port}:\n{log}")

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def kill(self) -> None:
        """A crash: SIGKILL, no shutdown handlers run."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def make_driver(profile: Path, width: int = 1280, height: int = 900, flags: tuple[str, ...] = ()) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = find_chromium()
    for flag in (*CHROME_FLAGS, *flags):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(find_chromedriver()))
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(30)
    return driver


class Console:
    """Every browser-log entry seen so far (Selenium's get_log drains; this keeps them)."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.entries: list[dict[str, Any]] = []

    def read(self) -> list[dict[str, Any]]:
        self.entries.extend(self.driver.get_log("browser"))
        return self.entries

    def problems(self) -> list[str]:
        """Errors, warnings and CSP violations (a CSP report is logged as SEVERE)."""
        return [f"{e['level']}: {e['message']}" for e in self.read()
                if e["level"] in ("SEVERE", "WARNING") or "Content Security Policy" in e["message"]]


def axe_violations(driver: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """Run axe-core (vendored, test-only, injected through WebDriver so the app's CSP is not
    involved) on the current page; the serious and critical violations, one line each."""
    loaded = driver.execute_script("return typeof window.axe !== 'undefined'")
    if not loaded:
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations), (e) => done(String(e)));")
    assert isinstance(result, list), result
    return [f"{v['impact']}: {v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]}"
            for v in result if v.get("impact") in impacts]


def axe_summary(driver: Any) -> dict[str, int]:
    """How many violations axe finds per impact (figures for the closing note)."""
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then((r) => done(r.violations));")
    counts: dict[str, int] = {}
    for violation in result:
        counts[violation["impact"]] = counts.get(violation["impact"], 0) + 1
    return counts


@contextmanager
def running(db: Path) -> Iterator[Server]:
    server = Server(db).start()
    try:
        yield server
    finally:
        server.stop()


def dump(obj: Any) -> str:
    return json.dumps(obj, indent=1, default=str)[:4000]
