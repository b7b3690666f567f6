"""The store: WAL, schema version, refusing files it must not touch, durable writes."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from engine.store import APPLICATION_ID, SCHEMA_VERSION, Store, StoreError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_is_versioned_wal_and_marked(db_path: Path) -> None:
    store = Store.open(db_path)
    assert store.schema_version == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()
    again = Store.open(db_path)  # reopening an up-to-date store changes nothing
    assert again.schema_version == SCHEMA_VERSION
    again.close()


def test_newer_schema_is_refused_and_not_altered(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="newer secondround"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_garbage_file_is_refused_and_kept(db_path: Path) -> None:
    db_path.write_bytes(b"this is my thesis, not a database\n" * 100)
    before = digest(db_path)
    with pytest.raises(StoreError, match="not a secondround database"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_other_programs_database_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ada')")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        Store.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT name FROM contacts").fetchall() == [("Ada",)]
    conn.close()


def test_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        Store.open(tmp_path)


def test_failed_transaction_rolls_back(db_path: Path) -> None:
    store = Store.open(db_path)
    with pytest.raises(RuntimeError), store.transaction() as conn:
        conn.execute("INSERT INTO forms VALUES ('f', 'b', 't', 1, '{}', 'now')")
        raise RuntimeError("crash mid-write")
    assert store.conn.execute("SELECT count(*) FROM forms").fetchone()[0] == 0
    store.close()


def test_missing_session_is_a_clear_error(store: Store) -> None:
    with pytest.raises(StoreError, match="no session 42"):
        store.session(42)


def test_a_migration_backs_up_first_and_keeps_the_data(db_path: Path, monkeypatch) -> None:
    import engine.store as store_module

    store = Store.open(db_path)
    store.save_form("f1", "warmup", "Warm-up", 7, "{}")
    store.close()
    # A future schema step: the store must back up the current file, migrate it, and keep every row.
    current = store_module.SCHEMA_VERSION
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, current + 1, ("ALTER TABLE forms ADD COLUMN extra TEXT",))
    migrated = Store.open(db_path)
    assert migrated.schema_version == current + 1
    assert migrated.conn.execute("SELECT id, extra FROM forms").fetchall() == [("f1", None)]
    migrated.close()
    backup = db_path.with_name(db_path.name + f".schema{current}.bak")
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    assert conn.execute("SELECT id FROM forms").fetchall() == [("f1",)]
    conn.close()


def test_a_failed_migration_leaves_the_old_schema(db_path: Path, monkeypatch) -> None:
    import engine.store as store_module

    Store.open(db_path).close()
    current = store_module.SCHEMA_VERSION
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(store_module.MIGRATIONS, current + 1, ("ALTER TABLE forms ADD COLUMN extra TEXT",
                                                               "THIS IS NOT SQL"))
    with pytest.raises(StoreError, match=rf"upgrading the database to schema {current + 1} failed .* "
                                         rf"left at schema {current}"):
        Store.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == current
    assert "extra" not in [row[1] for row in conn.execute("PRAGMA table_info(forms)")]
    conn.close()


def test_a_version_1_database_gains_candidates_and_groups_and_keeps_its_sessions(db_path: Path,
                                                                                  monkeypatch) -> None:
    import engine.store as store_module

    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 1)
    old = Store.open(db_path)
    old.save_form("f1", "warmup", "Warm-up", 7, "{}")
    with old.transaction() as conn:  # a session as version 1 wrote it
        session_id = conn.execute("INSERT INTO sessions (form_id, mode, status, candidate, created_at) "
                                  "VALUES ('f1', 'exam', 'finished', 'Ada', '2026-01-01')").lastrowid
    old.close()
    monkeypatch.undo()
    store = Store.open(db_path)
    assert store.schema_version == store_module.SCHEMA_VERSION
    record = store.session(session_id)
    assert (record.candidate, record.group, record.source) == ("Ada", None, "terminal")
    assert db_path.with_name(db_path.name + ".schema1.bak").exists()
    store.close()


def test_candidates_groups_and_group_sessions(store: Store) -> None:
    assert store.add_candidate("Ada", "analyst role", groups=("spring",))
    assert not store.add_candidate("Ada")  # already there: nothing changes
    store.add_to_group("autumn", "Ada")
    store.add_to_group("spring", "Bo")
    store.save_form("f1", "warmup", "Warm-up", 7, "{}")
    row = [(0, "x/v1/+0.00/1", "fp", "numeric.series")]
    taken = store.create_session("f1", "exam", "Ada", "en", [60], row)
    graded = store.create_session("f1", "exam", "Cy", "en", [60], row, group="spring", source="sheet")
    other = store.create_session("f1", "exam", "Di", "en", [60], row)
    assert [c.name for c in store.candidates()] == ["Ada", "Bo"]
    assert store.candidate("Ada").groups == ("autumn", "spring")
    assert store.candidate("Ada").sessions == 1
    assert [c.name for c in store.candidates(group="spring")] == ["Ada", "Bo"]
    assert store.groups() == [("autumn", 1), ("spring", 2)]
    assert [s.id for s in store.sessions(group="spring")] == [graded, taken]
    assert [s.id for s in store.sessions(candidate="Di")] == [other]
    assert store.session(graded).source == "sheet"
    assert store.remove_candidate("Ada") and not store.remove_candidate("Ada")
    assert store.groups() == [("autumn", 0), ("spring", 1)]
    assert store.session(taken).candidate == "Ada"  # history is kept
