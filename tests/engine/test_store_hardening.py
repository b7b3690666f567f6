"""Issue 16, item 5: damaged and awkward stores. Tests run as root, where permissions stop nothing,
so they use what does stop root: chattr +i, read-only tmpfs mounts, a tmpfs filled to the brim,
and a second process holding the write lock. Each skips, with the reason, where it is not allowed."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from engine.blueprints import load_blueprint
from engine.forms import TestForm, assemble
from engine.store import Store, StoreError
from tests.conftest import cli_command


@cache
def _form_text() -> str:
    return assemble(load_blueprint("warmup"), 21).to_json()


@pytest.fixture
def form_file(tmp_path: Path) -> Path:
    path = tmp_path / "form.json"
    path.write_text(_form_text())
    return path


def keys(form_file: Path) -> list[str]:
    return [item.key_letter for item in TestForm.load(form_file).items]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.fixture
def filled_store(run, form_file: Path, db_path: Path) -> Path:
    """A store with a candidate, a group and a finished session."""
    assert run("candidates", "add", "Ann", "--group", "G").code == 0
    assert run("take", str(form_file), "--candidate", "Ann", input="\n".join(keys(form_file)) + "\n\n").code == 0
    assert siblings(db_path) == []
    return db_path


def _sudo(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True)


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[callable]:  # type: ignore[valid-type]
    """mount(size) -> a fresh tmpfs folder; every mount is undone after the test."""
    mounted: list[Path] = []

    def mount(size: str = "2m", name: str = "mnt") -> Path:
        folder = tmp_path / name
        folder.mkdir()
        done = _sudo("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder))
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not permitted'})")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        _sudo("umount", "-l", str(folder))


def chattr(flag: str, path: Path) -> None:
    done = _sudo("chattr", flag, str(path))
    if done.returncode != 0:
        pytest.skip(f"chattr {flag} is not possible here ({done.stderr.strip() or 'not permitted'})")


READERS = (("history",), ("candidates", "list"), ("report", "--progress", "--candidate", "Ann", "-o", "-"))


def writers(form_file: Path) -> tuple[tuple[str, ...], ...]:
    return (("candidates", "add", "Bob"), ("take", str(form_file)),
            ("grade", str(form_file), str(form_file.with_name("a.csv"))))


def sheet(form_file: Path) -> None:
    form_file.with_name("a.csv").write_text("name," + ",".join(map(str, range(1, 11))) + "\nBo,"
                                             + ",".join(keys(form_file)) + "\n")


# -- a damaged page ---------------------------------------------------------------------------
def damage(db_path: Path, table: str = "responses") -> None:
    conn = sqlite3.connect(db_path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with db_path.open("r+b") as handle:  # the b-tree page header: its type byte and cell count
        handle.seek((root - 1) * size)
        handle.write(b"\xde\xad\xbe\xef" * 4)


def test_a_damaged_page_is_refused_by_every_command(run, filled_store: Path, form_file: Path) -> None:
    sheet(form_file)
    damage(filled_store)
    before = digest(filled_store)
    for args in (*READERS, *writers(form_file)):
        result = run(*args, input="A\n")
        assert result.code == 2, (args, result.text)
        assert f"{filled_store} is damaged" in result.err and "backup" in result.err, (args, result.err)
        assert "internal error" not in result.err
    assert digest(filled_store) == before and siblings(filled_store) == []
    # With a backup beside it (written before each schema upgrade), the message names it.
    backup = filled_store.with_name(filled_store.name + ".schema2.bak")
    backup.write_bytes(b"")
    result = run("candidates", "add", "Bob")
    assert result.code == 2 and str(backup) in result.err


def test_a_large_store_is_checked_before_its_first_write(filled_store: Path, monkeypatch) -> None:
    import engine.store as store_module

    damage(filled_store, "candidates")
    monkeypatch.setattr(store_module, "QUICK_CHECK_AT_OPEN_BYTES", 0)  # as if it were a big store
    before = digest(filled_store)
    store = Store.open(filled_store)  # opens: too big to check at every open
    try:
        with pytest.raises(StoreError, match="is damaged"):
            store.add_candidate("Bob")
    finally:
        store.close()
    assert digest(filled_store) == before


# -- read-only file, folder, mount; a full disk at open ------------------------------------------------
def check_read_only(run, store: Path, form_file: Path, words: str) -> None:
    before = digest(store)
    for args in READERS:
        result = run(*args)
        assert result.code == 0, (args, result.err)
    for args in writers(form_file):
        result = run(*args, input="A\n")
        assert result.code == 2 and words in result.err, (args, result.err)
        assert "damaged" not in result.err and "internal error" not in result.err
    assert digest(store) == before and siblings(store) == []


def test_a_read_only_store_file(run, filled_store: Path, form_file: Path) -> None:
    sheet(form_file)
    chattr("+i", filled_store)
    try:
        check_read_only(run, filled_store, form_file, f"{filled_store} is read-only")
    finally:
        chattr("-i", filled_store)


def test_a_read_only_folder(run, tmp_path: Path, form_file: Path, filled_store: Path) -> None:
    sheet(form_file)
    folder = tmp_path / "locked"
    folder.mkdir()
    store = folder / "store.db"
    shutil.copy(filled_store, store)
    chattr("+i", folder)
    try:
        env = {"SECONDROUND_DB": str(store)}
        check_read_only(lambda *a, **k: run(*a, env=env, **k), store, form_file, f"the folder {folder} is read-only")
        result = run("history", env={"SECONDROUND_DB": str(folder / "new.db")})
        assert result.code == 2 and "is read-only" in result.err
    finally:
        chattr("-i", folder)


def test_a_read_only_mount(run, tmpfs, form_file: Path, filled_store: Path) -> None:
    sheet(form_file)
    folder = tmpfs()
    store = folder / "store.db"
    shutil.copy(filled_store, store)
    done = _sudo("mount", "-o", "remount,ro", str(folder))
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only ({done.stderr.strip()})")
    env = {"SECONDROUND_DB": str(store)}
    check_read_only(lambda *a, **k: run(*a, env=env, **k), store, form_file, "on a read-only file system")


def fill(folder: Path) -> Path:
    """Write a file until the disk is full (64 KB, then 512-byte steps to take the last page)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (65536, 512):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_at_open(run, tmpfs, filled_store: Path) -> None:
    folder = tmpfs("1m")
    store = folder / "store.db"
    shutil.copy(filled_store, store)
    fill(folder)
    before = digest(store)
    for path in (store, folder / "new.db"):
        for args in (("history",), ("candidates", "add", "Bob")):
            result = run(*args, env={"SECONDROUND_DB": str(path)})
            assert result.code == 2 and "is full" in result.err, (path.name, args, result.err)
    assert digest(store) == before and not (folder / "new.db").exists()


# -- a save refused during a test ----------------------------------------------------------------------
class Sitting:
    """`secondround take` in a subprocess, fed one line at a time, its output collected."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.proc = subprocess.Popen([*cli_command(), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, env=env, cwd=cwd)
        self.out = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for chunk in iter(lambda: self.proc.stdout.read(1), ""):  # type: ignore[union-attr]
            self.out += chunk

    def wait_for(self, text: str, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while text not in self.out:
            assert time.monotonic() < end and self.proc.poll() is None, self.out
            time.sleep(0.02)

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def finish(self, timeout: float = 30) -> int:
        code = self.proc.wait(timeout)
        self.reader.join(5)
        return code


def _env(store: Path, **extra: str) -> dict[str, str]:
    env = {**os.environ, "SECONDROUND_DB": str(store), "SECONDROUND_LANG": "en", **extra}
    env.pop("SECONDROUND_DEBUG", None)
    return env


def sit_and_fail(store: Path, form_file: Path, block, unblock) -> str:  # type: ignore[no-untyped-def]
    """Answer item 1, make the store refuse the answer to item 2, then resume: item 2 comes again."""
    answers = keys(form_file)
    sitting = Sitting(["take", str(form_file)], _env(store, SECONDROUND_BUSY_TIMEOUT="0.3"), form_file.parent)
    sitting.wait_for("Item 1 of 10")
    sitting.send(answers[0])
    sitting.wait_for("Item 2 of 10")
    block()
    try:
        sitting.send(answers[1])
        code = sitting.finish()
    finally:
        unblock()
    assert code == 1, sitting.out
    assert "could not be saved" in sitting.out and "answer to item 2 of section 1 was NOT stored" in sitting.out
    assert "`secondround resume 1` offers item 2 again" in sitting.out and "Traceback" not in sitting.out
    resumed = subprocess.run([*cli_command(), "resume"], input="\n".join(answers[1:]) + "\n\n", text=True,
                             capture_output=True, env=_env(store), cwd=form_file.parent, timeout=60)
    assert resumed.returncode == 0, resumed.stderr
    first = resumed.stdout.split("Item ", 1)[1]
    assert first.startswith("2 of 10"), resumed.stdout[:400]
    conn = sqlite3.connect(store)
    statuses = conn.execute("SELECT status, correct FROM responses WHERE session_id = 1 ORDER BY position").fetchall()
    conn.close()
    assert statuses == [("answered", 1)] * 10  # nothing lost: item 1 kept, item 2 answered on resume
    return sitting.out


def test_a_lock_held_past_the_busy_timeout(tmp_path: Path, form_file: Path) -> None:
    store = tmp_path / "store.db"
    Store.open(store).close()
    holder: list[sqlite3.Connection] = []

    def block() -> None:
        conn = sqlite3.connect(store, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        holder.append(conn)

    def unblock() -> None:
        for conn in holder:
            conn.execute("ROLLBACK")
            conn.close()

    out = sit_and_fail(store, form_file, block, unblock)
    assert "kept" in out and "locked for more than 0.3 s" in out


def test_the_disk_filling_during_a_test(tmpfs, form_file: Path) -> None:
    folder = tmpfs("2m")
    store = folder / "store.db"
    Store.open(store).close()
    fillers: list[Path] = []
    out = sit_and_fail(store, form_file, lambda: fillers.append(fill(folder)),
                       lambda: [f.unlink() for f in fillers])
    assert "is full" in out
