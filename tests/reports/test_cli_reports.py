"""`secondround report` for sessions, progress and cohorts: real subprocess runs, files written,
bad input refused with one clear message."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from engine.store import Store
from tests.reports import demo


@pytest.fixture
def filled(db_path: Path) -> Path:
    store = Store.open(db_path)
    demo.progress_history(store, "Ada", 8, items=10)
    demo.cohort(store, "Spring", 6, items=10)
    store.add_candidate("Zed", groups=("Empty",))
    store.close()
    return db_path


def test_progress_html_and_json(run, filled, tmp_path: Path) -> None:
    result = run("report", "--progress", "--candidate", "Ada", "-o", "p.html")
    assert result.code == 0 and "Wrote p.html." in result.out, result.text
    page = (tmp_path / "p.html").read_text()
    assert "Progress report" in page and "Ada" in page and page.count("<svg") >= 3
    result = run("report", "--progress", "--candidate", "Ada", "--json", "-o", "-")
    data = json.loads(result.out)
    assert data["kind"] == "progress" and data["count"] == 8 and data["candidate"] == "Ada"
    assert data["items"] == 80 and data["plan"] and data["plan"][0]["command"].startswith("secondround preview")


def test_cohort_html_and_json(run, filled, tmp_path: Path) -> None:
    result = run("report", "--cohort", "--group", "Spring")
    assert result.code == 0 and (tmp_path / "secondround-cohort-spring.html").exists(), result.text
    result = run("report", "--cohort", "--group", "Spring", "--json", "-o", "c.json")
    data = json.loads((tmp_path / "c.json").read_text())
    assert data["n"] == 6 and len(data["items"]) == 10 and data["chosen_by"] == "most"
    assert all(0 <= row["rank"] <= 100 for row in data["candidates"])
    assert sum(o["key"] for o in data["items"][0]["options"]) == 1 or not data["items"][0]["options"]
    everyone = json.loads(run("report", "--cohort", "--json", "-o", "-").out)
    assert everyone["group"] is None and everyone["other_forms"]  # Ada's forms are there too
    chosen = everyone["other_forms"][0]["form_id"]
    picked = json.loads(run("report", "--cohort", "--form", chosen[:8], "--json", "-o", "-").out)
    assert picked["form_id"] == chosen and picked["chosen_by"] == "given"


def test_session_report_by_candidate_and_open(run, filled, tmp_path: Path) -> None:
    log = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\necho "$1" > {log}\n')
    browser.chmod(browser.stat().st_mode | stat.S_IEXEC)
    result = run("report", "--candidate", "Ada", "--open", "-o", "s.html", env={"BROWSER": str(browser)})
    assert result.code == 0, result.text
    assert log.read_text().strip() == (tmp_path / "s.html").resolve().as_uri()
    data = json.loads(run("report", "--candidate", "Ada", "--json", "-o", "-").out)
    assert data["record"]["candidate"] == "Ada"


def test_open_without_a_browser_still_writes(run, filled, tmp_path: Path) -> None:
    env = {"BROWSER": "", "DISPLAY": "", "WAYLAND_DISPLAY": "", "PATH": os.path.dirname(os.sys.executable)}
    result = run("report", "--progress", "--open", "-o", "p.html", env=env)
    assert result.code == 0 and (tmp_path / "p.html").exists()
    assert "Traceback" not in result.err


@pytest.mark.parametrize(("args", "message"), [
    (["report", "--progress"], "no finished sessions to report on yet"),
    (["report", "--cohort"], "no finished sessions to analyse yet"),
    (["report", "--candidate", "Bob"], "no finished session of candidate 'Bob'"),
    (["report", "42"], "there is no session 42"),
])
def test_empty_store_messages(run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code != 0 and message in result.err, result.text
    assert len([line for line in result.err.splitlines() if line.strip()]) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["report", "--cohort", "--group", "Sprung"], "unknown group 'Sprung' (did you mean Spring?)"),
    (["report", "--progress", "--candidate", "Adda"], "no finished sessions of candidate 'Adda' (did you mean Ada?)"),
    (["report", "--cohort", "--form", "nothing"], "no single form matches 'nothing'"),
    (["report", "--cohort", "--group", "Empty"], "group 'Empty' has no finished sessions to analyse"),
    (["report", "--progress", "--candidate", "Zed"], "no finished sessions of candidate 'Zed'"),
    (["report", "--progress", "--cohort"], "choose one of --progress and --cohort"),
    (["report", "3", "--progress"], "a SESSION number goes alone"),
    (["report", "--group", "Spring"], "--group and --form go with --cohort"),
    (["report", "--cohort", "--candidate", "Ada"], "--candidate does not go with --cohort"),
    (["report", "999"], "there is no session 999"),
])
def test_bad_input(run, filled, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code != 0 and message in result.err, result.text
    assert len([line for line in result.err.splitlines() if line.strip()]) <= 3


def test_unwritable_output(run, filled, tmp_path: Path) -> None:
    result = run("report", "--progress", "-o", str(tmp_path / "missing" / "p.html"))
    assert result.code != 0 and "missing" in result.err
