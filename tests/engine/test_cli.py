"""The CLI end to end in real subprocesses: answers on stdin, kill -9 and resume, bad input."""

from __future__ import annotations

import json
import os
import select
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from engine.cli import cli
from engine.forms import TestForm
from tests.conftest import cli_command


def generate(run, tmp_path: Path, blueprint: str = "warmup", seed: int = 11) -> tuple[Path, TestForm]:
    path = tmp_path / f"{blueprint}-{seed}.json"
    result = run("generate", blueprint, "--seed", str(seed), "-o", str(path))
    assert result.code == 0, result.err
    return path, TestForm.load(path)


def wrong_letter(item) -> str:  # type: ignore[no-untyped-def]
    return "A" if item.key_letter != "A" else "B"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_help_of_every_command(run, name: str) -> None:
    result = run(name, "--help")
    assert result.code == 0
    assert "Usage: secondround" in result.out
    assert name in result.out


def test_top_level_help_and_version(run) -> None:
    result = run("--help")
    assert result.code == 0 and all(name in result.out for name in cli.commands)
    assert run("--version").out.startswith("secondround, version")


def test_determinism_across_processes(run, tmp_path: Path) -> None:
    first = run("generate", "numerical", "--seed", "2024").out
    second = run("generate", "numerical", "--seed", "2024").out
    assert first == second and len(first) > 1000
    assert run("generate", "numerical", "--seed", "2025").out != first
    # The same bytes as in this process: nothing depends on the process or the clock.
    from engine.blueprints import load_blueprint
    from engine.forms import assemble

    assert assemble(load_blueprint("numerical"), 2024).to_json() == first


def test_take_with_answers_piped_then_history_and_report(run, tmp_path: Path) -> None:
    path, form = generate(run, tmp_path)
    answers = [item.key_letter for item in form.items]
    answers[3] = wrong_letter(form.items[3]) if form.items[3].is_choice else "99999"
    answers[5] = ""  # skipped
    script = "\n".join(answers) + "\n\n"  # the last blank line finishes the section at the review
    result = run("take", str(path), "--candidate", "Ada", input=script)
    assert result.code == 0, result.text
    assert "Item 10 of 10" in result.out
    assert "Overall: 8 of 10 correct (80%) · attempted 9 · accuracy 89%" in result.out
    assert "Test finished." in result.out
    history = run("history")
    assert "warmup" in history.out and "8/10" in history.out and "finished" in history.out
    report = run("report", "-o", str(tmp_path / "r.html"))
    assert report.code == 0 and (tmp_path / "r.html").stat().st_size > 2000


def test_practice_mode_explains_and_rejects_bad_answers(run, tmp_path: Path) -> None:
    path, form = generate(run, tmp_path, seed=12)
    first = form.items[0]
    bad = "Z" if first.is_choice else "abc"
    answers = [bad, wrong_letter(first) if first.is_choice else "99999"]
    answers += [item.key_letter for item in form.items[1:]]
    result = run("take", str(path), "--practice", input="\n".join(answers) + "\n\n")
    assert result.code == 0, result.text
    assert "is not an option" in result.out or "is not a number" in result.out
    assert "Not quite: the answer is" in result.out
    assert "Explanation:" in result.out
    assert result.out.count("Correct.") == 9
    assert "9 of 10 correct" in result.out


def read_until(proc: subprocess.Popen, marker: str, timeout: float = 30) -> str:
    """Read the child's output until `marker` appears (the child flushes at every prompt)."""
    assert proc.stdout is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while marker.encode() not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"timed out waiting for {marker!r}; got {seen.decode()[-500:]!r}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, f"process ended before {marker!r}: {seen.decode()[-500:]!r}"
            seen += chunk
    return seen.decode()


def start_take(args: list[str], db_path: Path) -> subprocess.Popen:
    env = {**os.environ, "SECONDROUND_DB": str(db_path), "SECONDROUND_LANG": "en"}
    # A shell's background job starts with Ctrl-C ignored, and Python then leaves it ignored:
    # restore the default so the Ctrl-C tests mean the same wherever the suite runs.
    return subprocess.Popen([*cli_command(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))


def test_sigkill_mid_test_then_resume_keeps_every_answer(run, tmp_path: Path, db_path: Path) -> None:
    path, form = generate(run, tmp_path)
    keys = [item.key_letter for item in form.items]
    proc = start_take(["take", str(path)], db_path)
    assert proc.stdin is not None
    read_until(proc, "Item 1 of 10")
    for n in range(4):
        proc.stdin.write((keys[n] + "\n").encode())
        proc.stdin.flush()
        read_until(proc, f"Item {n + 2} of 10")  # shown only after the answer was committed
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT position, response, status FROM responses ORDER BY position").fetchall()
    status = conn.execute("SELECT status FROM sessions").fetchone()[0]
    conn.close()
    assert [r[1] for r in rows[:4]] == keys[:4] and all(r[2] == "answered" for r in rows[:4])
    assert status == "in_progress"
    result = run("resume", input="\n".join(keys[4:]) + "\n\n")
    assert result.code == 0, result.text
    assert "Resuming section 1 of 1" in result.out
    assert "Item 5 of 10" in result.out and "Item 1 of 10" not in result.out
    assert "Overall: 10 of 10 correct" in result.out


def test_ctrl_c_pauses_and_resume_continues(run, tmp_path: Path, db_path: Path) -> None:
    path, form = generate(run, tmp_path, seed=13)
    keys = [item.key_letter for item in form.items]
    proc = start_take(["take", str(path)], db_path)
    assert proc.stdin is not None
    read_until(proc, "Item 1 of 10")
    proc.stdin.write((keys[0] + "\n").encode())
    proc.stdin.flush()
    read_until(proc, "Item 2 of 10")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=10)
    assert proc.returncode == 130
    assert b"Paused" in out and b"Traceback" not in err
    result = run("resume", input="\n".join(keys[1:]) + "\n\n")
    assert "Overall: 10 of 10 correct" in result.out


def test_time_limit_ends_the_section_while_waiting(run, tmp_path: Path, db_path: Path) -> None:
    _, form = generate(run, tmp_path, seed=14)
    data = form.to_dict()
    data["sections"][0]["time_limit_s"] = 2
    short = tmp_path / "short.json"
    short.write_text(json.dumps(data))
    proc = start_take(["take", str(short)], db_path)
    assert proc.stdin is not None
    read_until(proc, "Item 1 of 10")
    proc.stdin.write((form.items[0].key_letter + "\n").encode())
    proc.stdin.flush()
    started = time.monotonic()
    out = read_until(proc, "Time is up", timeout=15)  # stdin stays open: the clock, not EOF, ends it
    assert time.monotonic() - started < 5
    rest, _ = proc.communicate(timeout=10)
    assert "Test over: time ran out." in out + rest.decode()
    history = run("history")
    assert "expired" in history.out and "1/10" in history.out
    conn = sqlite3.connect(db_path)
    statuses = [r[0] for r in conn.execute("SELECT status FROM responses ORDER BY position")]
    conn.close()
    assert statuses[0] == "answered" and statuses[1] == "skipped" and set(statuses[2:]) == {"unreached"}


def test_end_of_input_pauses_instead_of_losing_the_session(run, tmp_path: Path) -> None:
    path, form = generate(run, tmp_path, seed=15)
    result = run("take", str(path), input=form.items[0].key_letter + "\n")
    assert result.code == 0 and "Paused" in result.out and "secondround resume 1" in result.out
    abandoned = run("resume", "--abandon")
    assert abandoned.code == 0 and "abandoned" in abandoned.out
    assert "abandoned" in run("history").out


# -- bad input: one clear message, a non-zero exit, nothing stored lost --------------------------
@pytest.mark.parametrize(("args", "message"), [
    (["take", "warmpu"], "unknown blueprint 'warmpu' (did you mean warmup?)"),
    (["generate", "nothing.toml"], "blueprint file nothing.toml does not exist"),
    (["preview", "numeric.serie"], "unknown family 'numeric.serie' (did you mean numeric.series"),
    (["take", "missing.json"], "form file missing.json does not exist"),
    (["resume"], "no unfinished session to resume"),
    (["resume", "7"], "there is no session 7"),
    (["report"], "no finished session to report on yet"),
    (["--lang", "xx", "families"], "Invalid value for --lang"),
    (["preview", "numeric.series", "-d", "9"], "Invalid value for '-d'"),
])
def test_bad_input_messages(run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code != 0
    assert message in result.err
    assert len([line for line in result.err.splitlines() if line.strip()]) <= 3


def test_malformed_blueprint_and_form_files(run, tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('name = "bad"\n[[section]]\nname = "a"\nminutes = 5\n')
    result = run("generate", "bad.toml")
    assert result.code == 2 and "needs at least one [[section.part]]" in result.err
    (tmp_path / "bad.json").write_text('{"format": "secondround.form", "format_version": 1}')
    result = run("take", "bad.json")
    assert result.code == 2 and "the required field 'sections' is missing" in result.err


def test_a_hand_edited_key_is_caught_before_the_test(run, tmp_path: Path) -> None:
    path, form = generate(run, tmp_path, seed=17)
    data = json.loads(path.read_text())
    position = next(i for i, item in enumerate(form.items) if item.is_choice)
    item = data["sections"][0]["items"][position]
    item["key"] = (item["key"] + 1) % len(item["options"])
    path.write_text(json.dumps(data))
    result = run("take", str(path))
    assert result.code != 0
    assert f"item {position + 1} of the form fails its check" in result.err
    assert "Session" not in result.out


def test_invalid_answers_at_the_prompt_are_not_stored(run, tmp_path: Path, db_path: Path) -> None:
    path, form = generate(run, tmp_path, seed=16)
    keys = [item.key_letter for item in form.items]
    script = ["go 99", "x y z", "m", "l", *keys, ""]
    result = run("take", str(path), input="\n".join(script) + "\n")
    assert "There is no item 99 in this section" in result.out
    assert "'x y z' is not" in result.out and "Item 1 flagged." in result.out
    assert "  not answered: 1\n  not seen yet: 2-10\n  flagged: 1\n" in result.out
    assert "10 of 10 correct" in result.out


def test_corrupt_and_newer_databases_are_refused_untouched(run, tmp_path: Path, db_path: Path) -> None:
    db_path.write_bytes(b"not a database" * 500)
    before = db_path.read_bytes()
    result = run("history")
    assert result.code != 0 and "not a secondround database" in result.err
    assert db_path.read_bytes() == before
    db_path.unlink()
    assert run("history").code == 0  # creates a fresh store
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA user_version=99")
    conn.commit()
    conn.close()
    result = run("take", "warmup")
    assert result.code != 0 and "newer secondround" in result.err


def test_generate_never_overwrites_without_force(run, tmp_path: Path) -> None:
    target = tmp_path / "form.json"
    target.write_text("my notes")
    result = run("generate", "warmup", "--seed", "1", "-o", str(target))
    assert result.code != 0 and "use --force" in result.err
    assert target.read_text() == "my notes"
    assert run("generate", "warmup", "--seed", "1", "-o", str(target), "--force").code == 0


def test_families_and_blueprints_list(run) -> None:
    families = run("families")
    assert "numeric.series" in families.out and "numeric.arithmetic" in families.out
    listing = run("blueprints")
    assert "warmup" in listing.out and "10 items" in listing.out and "5 min" in listing.out


def test_preview_shows_keys_mistakes_and_explanations(run) -> None:
    result = run("preview", "numeric.series", "--difficulty", "1", "-n", "2", "--seed", "5")
    assert result.code == 0
    assert result.out.count("Key: ") == 2 and "Explanation:" in result.out and "Distractors:" in result.out


def test_plugin_family_registers_through_its_entry_point(run, plugin_env: dict[str, str]) -> None:
    families = run("families", "-v", env=plugin_env)
    assert "example.unit_digit" in families.out and "secondround_example.unit_digit" in families.out
    preview = run("preview", "example.unit_digit", "-n", "3", "--seed", "1", env=plugin_env)
    assert preview.code == 0 and preview.out.count("What is the last digit of") == 3
