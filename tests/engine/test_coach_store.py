"""engine/coach_store.py: passwords, logins, the back-off, invitations bound once, and schema step 6."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from engine import coach_store as cs
from engine import store as store_module
from engine.store import Store


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cs, "SCRYPT_LOG2_N", 10)
    monkeypatch.setattr(cs, "SCRYPT_P", 1)


def test_passwords_are_salted_and_checked_in_constant_form() -> None:
    first, second = cs.hash_password("same password"), cs.hash_password("same password")
    assert first != second and first.split("$")[:4] == ["scrypt", "10", "8", "1"]
    assert cs.verify_password("same password", first) and cs.verify_password("same password", second)
    assert not cs.verify_password("same passworD", first)
    for broken in ("", "scrypt$x", "md5$10$8$1$AAAA$AAAA", "scrypt$40$8$1$AAAA$AAAA", first[:-8]):
        assert not cs.verify_password("same password", broken)


def test_a_login_lives_until_it_expires_or_is_closed(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    cs.add_coach(store, "kim", "kim's long password")
    found = cs.coach_password(store, "kim")
    assert found is not None
    token = cs.open_login(store, found[0])
    login = cs.login_of(store, token)
    assert login is not None and login.coach == "kim" and len(login.csrf) >= 32
    assert cs.login_of(store, token + "x") is None and cs.login_of(store, "") is None
    store.conn.execute("UPDATE coach_logins SET expires_at = ?", (cs.iso(cs.utcnow() - timedelta(seconds=1)),))
    assert cs.login_of(store, token) is None
    again = cs.open_login(store, found[0])  # a new login sweeps the expired ones
    assert store.conn.execute("SELECT count(*) FROM coach_logins").fetchone()[0] == 1
    cs.close_login(store, again)
    assert cs.login_of(store, again) is None
    assert not cs.add_coach(store, "kim", "another long password")
    store.close()


def test_the_back_off_doubles_to_its_cap_and_is_forgotten_after_an_hour(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    locks = [cs.record_failure(store, ["name:kim"]) for _ in range(16)]
    assert locks[:cs.FREE_FAILURES] == [0] * cs.FREE_FAILURES
    assert locks[cs.FREE_FAILURES:cs.FREE_FAILURES + 4] == [2, 4, 8, 16] and locks[-1] == cs.MAX_LOCK_S
    assert cs.locked_for(store, ["name:kim", "address:x"]) > 800 and cs.locked_for(store, ["address:x"]) == 0
    old = cs.iso(cs.utcnow() - timedelta(seconds=cs.FORGET_FAILURES_S + 1))
    store.conn.execute("UPDATE login_failures SET last_at = ?, locked_until = ?", (old, old))
    assert cs.record_failure(store, ["name:kim"]) == 0  # counting starts again
    store.close()


def test_an_invitation_is_bound_to_one_sitting_once(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    store.add_candidate("Ada", groups=("g",))
    now = cs.utcnow()
    aid, tokens = cs.create_assignment(store, title="T", group="g", source="warmup", adaptive=True, mode="exam",
                                       opens_at=cs.iso(now), closes_at=cs.iso(now + timedelta(hours=1)),
                                       created_by="kim", candidates=[("Ada", 1.5)])
    (_, token), = tokens
    invited = cs.invitation_by_token(store, token)
    assert invited is not None and invited.candidate == "Ada" and invited.extra_time == 1.5
    assert cs.invitation_by_token(store, token[:-1]) is None
    first = store.create_session("f", "exam", "Ada", "en", [60_000], [], form=("warmup", "W", 1, "{}"))
    second = store.create_session("f", "exam", "Ada", "en", [60_000], [])
    assert cs.link_session(store, invited.id, first, "g")
    assert not cs.link_session(store, invited.id, second, "g")  # a second request loses the race
    assert cs.invitation_by_token(store, token).session_id == first  # type: ignore[union-attr]
    assert store.session(first).group == "g" and store.session(second).group is None
    assert cs.assignment(store, aid).window() == "open"  # type: ignore[union-attr]
    assert cs.assignment(store, aid).window(now + timedelta(hours=2)) == "closed"  # type: ignore[union-attr]
    assert cs.assignment(store, aid).window(now - timedelta(seconds=1)) == "waiting"  # type: ignore[union-attr]
    store.close()


def test_schema_step_6_upgrades_a_version_5_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.db"
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 5)
    Store.open(path).close()
    monkeypatch.undo()
    store = Store.open(path)
    assert store.schema_version == store_module.SCHEMA_VERSION  # step 6, and any step after it
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"coaches", "coach_logins", "assignments", "invitations", "audit_log", "login_failures"} <= tables
    store.close()
    assert (tmp_path / "old.db.schema5.bak").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store_module.SCHEMA_VERSION
    conn.close()
