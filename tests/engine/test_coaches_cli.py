"""`secondround coaches`: add (password asked twice, never echoed, scrypt-hashed with its own salt),
list, remove and audit; bad input is one clear message and a non-zero exit."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from engine import coach_store as cs
from engine.cli import cli
from engine.store import Store

PASSWORD = "a long enough secret"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(cs, "SCRYPT_P", 1)


def invoke(db: Path, *args: str, input: str = ""):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--db", str(db), "--lang", "en", *args], input=input)


def test_add_list_remove_and_the_audit_log(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    added = invoke(db, "coaches", "add", "alice", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert added.exit_code == 0, added.output
    assert PASSWORD not in added.output and "Coach alice added" in added.output
    invoke(db, "coaches", "add", "bob", input=f"{PASSWORD}\n{PASSWORD}\n")
    listed = invoke(db, "coaches", "list")
    assert listed.exit_code == 0 and "alice" in listed.output and "bob" in listed.output
    store = Store.open(db)
    hashes = [r[0] for r in store.conn.execute("SELECT password_hash FROM coaches ORDER BY name")]
    assert all(h.startswith("scrypt$10$8$1$") and PASSWORD not in h for h in hashes)
    assert hashes[0].split("$")[4] != hashes[1].split("$")[4]  # one salt per coach
    assert cs.verify_password(PASSWORD, hashes[0]) and not cs.verify_password(PASSWORD + "x", hashes[0])
    store.close()
    store = Store.open(db)
    (bob_id,) = store.conn.execute("SELECT id FROM coaches WHERE name = 'bob'").fetchone()
    cs.open_login(store, bob_id)
    store.close()
    changed = invoke(db, "coaches", "password", "bob", input="a new long secret\na new long secret\n")
    assert changed.exit_code == 0 and "new password" in changed.output
    store = Store.open(db)
    found = cs.coach_password(store, "bob")
    assert found is not None and cs.verify_password("a new long secret", found[1])
    assert store.conn.execute("SELECT count(*) FROM coach_logins").fetchone()[0] == 0  # logins ended
    store.close()
    assert "There is no coach" in str(invoke(db, "coaches", "password", "nobody").exception)
    assert invoke(db, "coaches", "remove", "bob").exit_code == 0
    assert "bob" not in invoke(db, "coaches", "list").output.split("\n", 1)[1]
    audit = invoke(db, "coaches", "audit")
    assert audit.exit_code == 0 and "coach_added" in audit.output and "coach_removed" in audit.output
    assert "coach_removed" not in invoke(db, "coaches", "audit", "--coach", "alice").output


def test_bad_input_is_refused_with_one_message(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    short = invoke(db, "coaches", "add", "alice", input="short\nshort\n")
    assert short.exit_code != 0 and "at least 10 characters" in str(short.exception)
    mismatch = invoke(db, "coaches", "add", "alice", input=f"{PASSWORD}\nother one here\n")
    assert "do not match" in mismatch.output.lower() or mismatch.exit_code != 0
    invoke(db, "coaches", "add", "alice", input=f"{PASSWORD}\n{PASSWORD}\n")
    again = invoke(db, "coaches", "add", "alice", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert again.exit_code != 0 and "already a coach" in str(again.exception)
    assert "There is no coach" in str(invoke(db, "coaches", "remove", "nobody").exception)
    assert "empty" in invoke(tmp_path / "t.db", "coaches", "audit").output
    assert "No coaches yet" in invoke(tmp_path / "t.db", "coaches", "list").output


def test_the_cli_speaks_without_a_traceback(run) -> None:  # type: ignore[no-untyped-def]
    result = run("coaches", "remove", "nobody")
    assert result.code != 0 and "There is no coach called 'nobody'" in result.err


def test_stated_scrypt_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the real parameters, not the cheap ones of the fixture
    hashed = cs.hash_password(PASSWORD)
    assert hashed.startswith("scrypt$15$8$3$") and cs.verify_password(PASSWORD, hashed)
    assert cs.TOKEN_BYTES * 8 >= 128
