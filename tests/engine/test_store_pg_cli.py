"""The real CLI over PostgreSQL (a throwaway cluster): take with answers on stdin, history, report and
grade; and a bad URL, no server or a wrong password each one clear message and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.forms import TestForm
from tests import pg_cluster


@pytest.fixture
def pg_run(run, pg_url: str):  # type: ignore[no-untyped-def]
    """`run` with SECONDROUND_DB set to an empty PostgreSQL schema."""

    def _run(*args: str, **kwargs):  # type: ignore[no-untyped-def]
        return run(*args, env={"SECONDROUND_DB": pg_url, **kwargs.pop("env", {})}, **kwargs)

    return _run


def test_take_history_report_and_grade_over_postgres(pg_run, tmp_path: Path) -> None:
    path = tmp_path / "form.json"
    assert pg_run("generate", "warmup", "--seed", "11", "-o", str(path)).code == 0
    form = TestForm.load(path)
    answers = [item.key_letter for item in form.items]
    answers[5] = ""  # skipped
    result = pg_run("take", str(path), "--candidate", "Ada", input="\n".join(answers) + "\n\n")
    assert result.code == 0, result.text
    assert "Overall: 9 of 10 correct (90%)" in result.out and "Test finished." in result.out
    history = pg_run("history")
    assert history.code == 0 and "9/10" in history.out and "finished" in history.out
    report = pg_run("report", "-o", str(tmp_path / "r.html"))
    assert report.code == 0 and (tmp_path / "r.html").stat().st_size > 2000
    head = "name," + ",".join(str(n) for n in range(1, len(form.items) + 1))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(f"{head}\nBo," + ",".join(answers) + "\n")
    graded = pg_run("grade", str(path), str(sheet), "--group", "Spring")
    assert graded.code == 0, graded.text
    listed = pg_run("candidates", "list", "--group", "Spring")
    assert "Bo" in listed.out and "Ada" not in listed.out
    assert pg_run("history").out.count("finished") == 2


def test_a_password_never_shows_and_bad_urls_are_one_clear_message(run, pg_cluster_url: str) -> None:
    port = pg_cluster.port_of(pg_cluster_url)
    import psycopg

    with psycopg.connect(pg_cluster_url, autocommit=True) as raw:
        raw.execute("DROP ROLE IF EXISTS coachpw")
        raw.execute("CREATE ROLE coachpw LOGIN PASSWORD 'right-one'")
    cases = {
        f"postgresql://coachpw:wrong-one@127.0.0.1:{port}/secondround": "password authentication failed",
        "postgresql://nobody@/secondround?host=/nonexistent-folder": "cannot open the database",
        "postgresql://x@127.0.0.1:notaport/db": "cannot open the database",
    }
    for url, message in cases.items():
        result = run("history", env={"SECONDROUND_DB": url})
        assert result.code != 0 and message in result.err, (url, result.err)
        assert "wrong-one" not in result.text and result.err.count("\n") <= 3
    good = run("--db", f"postgresql://coachpw:right-one@127.0.0.1:{port}/secondround?options=-csearch_path%3Dpwtest",
               "history")
    # The role may log in but owns no schema `pwtest`: still one clear message, never the password.
    assert "right-one" not in good.text
