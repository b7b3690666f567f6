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
    # A future schema step: the store must back up the v1 file, migrate it, and keep every row.
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 2, ("ALTER TABLE forms ADD COLUMN note TEXT",))
    migrated = Store.open(db_path)
    assert migrated.schema_version == 2
    assert migrated.conn.execute("SELECT id, note FROM forms").fetchall() == [("f1", None)]
    migrated.close()
    backup = db_path.with_name(db_path.name + ".schema1.bak")
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT id FROM forms").fetchall() == [("f1",)]
    conn.close()


def test_a_failed_migration_leaves_the_old_schema(db_path: Path, monkeypatch) -> None:
    import engine.store as store_module

    Store.open(db_path).close()
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store_module.MIGRATIONS, 2, ("ALTER TABLE forms ADD COLUMN note TEXT",
                                                     "THIS IS NOT SQL"))
    with pytest.raises(StoreError, match=r"upgrading the database to schema 2 failed .* left at schema 1"):
        Store.open(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "note" not in [row[1] for row in conn.execute("PRAGMA table_info(forms)")]
    conn.close()
