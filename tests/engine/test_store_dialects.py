"""The store's interface over both dialects: SQLite and PostgreSQL (a throwaway cluster) answer alike,
and PostgreSQL refuses what SQLite refuses (a newer schema, a database that is not ours)."""

from __future__ import annotations

import pytest

from engine.session import Session
from engine.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError
from tests.factories import FakeClock, make_form


def test_sessions_responses_and_sections_round_trip(any_store: Store) -> None:
    form = make_form((60, 3), (30, 2))
    clock = FakeClock()
    session = Session.create(any_store, form, "exam", "Ada", register=True)
    session.clock = clock
    session.start()
    session.open_section(0)
    session.visit(0)
    clock.tick(4)
    assert session.answer(0, form.items[0].key_letter) is True
    session.visit(1)
    clock.tick(2)
    session.toggle_flag(1)
    session.leave()
    rows = any_store.responses(session.id)
    assert [r.status for r in rows] == ["answered", "skipped", "unreached", "unreached", "unreached"]
    assert rows[0].correct is True and rows[0].time_ms == 4000 and rows[1].flagged is True
    assert any_store.responses_at(session.id, 0) == rows[0] and any_store.responses_at(session.id, 9) is None
    assert [s.status for s in any_store.sections(session.id)] == ["open", "pending"]
    record = any_store.session(session.id)
    assert (record.status, record.candidate, record.blueprint, record.section) == ("in_progress", "Ada", "handmade", 0)
    # IS ? matches NULL too: the local default user (candidate None) has seen nothing.
    assert form.items[0].fingerprint() in any_store.seen_fingerprints("Ada")
    assert any_store.seen_fingerprints(None) == set()
    assert [s.id for s in any_store.sessions(("in_progress",), candidate="Ada")] == [session.id]
    again = Session.load(any_store, session.id)
    assert again.states[0].response == rows[0].response and again.sections[0].elapsed_ms == session.elapsed_ms(0)


def test_candidates_groups_calibration_and_ids(any_store: Store) -> None:
    assert any_store.add_candidate("Bo", "note", ("Spring", "Autumn")) is True
    assert any_store.add_candidate("Bo") is False  # INSERT OR IGNORE: already there
    any_store.add_to_group("Spring", "Cy")
    assert [(c.name, c.groups) for c in any_store.candidates()] == [("Bo", ("Autumn", "Spring")), ("Cy", ("Spring",))]
    assert [c.name for c in any_store.candidates("Autumn")] == ["Bo"]
    assert any_store.groups() == [("Autumn", 1), ("Spring", 2)]
    any_store.save_calibration([("numeric.series", 0.5, 1.1, 0.1, 300, 30)])
    any_store.save_calibration([("numeric.series", -0.25, 0.9, None, 310, 31),
                                ("verbal.passage", 0.0, 1.0, None, 5, 1)])
    assert any_store.calibration() == {"numeric.series": (-0.25, 0.9), "verbal.passage": (0.0, 1.0)}
    form = make_form((60, 2))
    first = Session.create(any_store, form, "exam", "Bo").id
    second = Session.create(any_store, form, "practice", None).id
    assert second == first + 1 and [s.id for s in any_store.sessions(group="Spring")] == [first]
    assert any_store.remove_candidate("Cy") is True and any_store.remove_candidate("Cy") is False
    any_store.clear_calibration()
    assert any_store.calibration() == {}


def test_a_failed_transaction_rolls_back_whole(any_store: Store) -> None:
    with pytest.raises(RuntimeError), any_store.transaction() as conn:
        conn.execute("INSERT INTO candidates VALUES (?, '', '2026-01-01')", ("Half",))
        raise RuntimeError("boom")
    assert any_store.candidates() == []
    assert any_store.schema_version == SCHEMA_VERSION
    assert any_store.sanity_problem() is None


def test_a_newer_postgres_schema_is_refused_and_left_alone(pg_url: str) -> None:
    Store.open(pg_url).close()
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("UPDATE secondround_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer"):
        Store.open(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as raw:
        assert raw.execute("SELECT version FROM secondround_schema").fetchone()[0] == SCHEMA_VERSION + 1


def test_a_postgres_database_that_is_not_ours_is_refused(pg_url: str) -> None:
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as raw:
        raw.execute("CREATE TABLE invoices (id integer)")
    with pytest.raises(StoreError, match="another program"):
        Store.open(pg_url)
    with psycopg.connect(pg_url, autocommit=True) as raw:
        tables = raw.execute("SELECT table_name FROM information_schema.tables "
                             "WHERE table_schema = current_schema()").fetchall()
    assert tables == [("invoices",)]


def test_a_failed_postgres_migration_leaves_the_old_schema(pg_url: str, monkeypatch) -> None:
    monkeypatch.setitem(MIGRATIONS, 2, (*MIGRATIONS[2], "CREATE TABLE broken (x NOPE_TYPE)"))
    with pytest.raises(StoreError, match=r"schema 2 failed .*left at schema 0"):
        Store.open(pg_url)
    import psycopg

    with psycopg.connect(pg_url, autocommit=True) as raw:  # all steps in one transaction: nothing left
        found = raw.execute("SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = current_schema()").fetchall()
    assert found == []
    monkeypatch.undo()
    assert Store.open(pg_url).schema_version == SCHEMA_VERSION


def test_workers_starting_at_once_migrate_once(pg_url: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: Store.open(pg_url), range(4)))
    assert {s.schema_version for s in stores} == {SCHEMA_VERSION}
    for s in stores:
        s.close()


# What the coach tables (issue 17) are likely to be written as, in the store's SQLite words.
COACH_LIKE = (
    """CREATE TABLE coach_demo (
        id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1, weight REAL, created_at TEXT NOT NULL)""",
    """CREATE TABLE invite_demo (
        id INTEGER PRIMARY KEY, coach INTEGER NOT NULL REFERENCES coach_demo(id) ON DELETE CASCADE,
        token TEXT NOT NULL UNIQUE, session_id INTEGER REFERENCES sessions(id), opens TEXT, closes TEXT,
        note TEXT DEFAULT 'it''s ? and %')""",
    "CREATE INDEX IF NOT EXISTS invite_demo_coach ON invite_demo(coach, id)",
)


def test_translate_keeps_literals_and_rewrites_the_dialect_words() -> None:
    from engine.pg import translate

    assert translate("SELECT * FROM t WHERE a IS ? AND b = ? AND c LIKE 'x?%'") == \
        "SELECT * FROM t WHERE a IS NOT DISTINCT FROM %s AND b = %s AND c LIKE 'x?%%'"
    assert translate("INSERT OR IGNORE INTO t VALUES (?, ?)") == "INSERT INTO t VALUES (%s, %s) ON CONFLICT DO NOTHING"
    ddl = translate(COACH_LIKE[0])
    assert "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" in ddl and "DOUBLE PRECISION" in ddl
    assert "INTEGER" not in ddl and "BIGINT NOT NULL DEFAULT 1" in ddl
    assert "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" in translate(COACH_LIKE[1])
    assert "'it''s ? and %%'" in translate(COACH_LIKE[1])
    assert translate("SELECT group_concat(name, ', ') FROM t") == "SELECT string_agg((name)::text, ', ') FROM t"
    upsert = translate("INSERT INTO calibration VALUES (?) ON CONFLICT (family) DO UPDATE SET offset = excluded.offset")
    assert upsert.endswith('SET "offset" = excluded."offset"')


def test_coach_like_tables_work_on_both_dialects(any_store: Store) -> None:
    with any_store.transaction() as conn:
        for statement in COACH_LIKE:
            conn.execute(statement)
    with any_store.transaction() as conn:
        first = conn.execute("INSERT INTO coach_demo (name, hash, weight, created_at) VALUES (?, ?, ?, ?)",
                             ("ann", "h", 0.5, "2026-01-01T00:00:00+00:00")).lastrowid
        invite = conn.execute("INSERT INTO invite_demo (coach, token, opens) VALUES (?, ?, ?)",
                              (first, "tok", "2026-01-01")).lastrowid
        again = conn.execute("INSERT OR IGNORE INTO coach_demo (name, hash, created_at) VALUES (?, ?, ?)",
                             ("ann", "other", "x")).rowcount
        conn.execute("INSERT INTO coach_demo (name, hash, created_at) VALUES (?, ?, ?) ON CONFLICT (name) "
                     "DO UPDATE SET hash = excluded.hash", ("ann", "new", "x"))
    assert first == 1 and invite == 1 and again == 0
    row = any_store.conn.execute("SELECT c.hash, c.active, i.note FROM coach_demo c JOIN invite_demo i "
                                 "ON i.coach = c.id WHERE i.token = ? AND i.session_id IS ?", ("tok", None)).fetchone()
    assert tuple(row) == ("new", 1, "it's ? and %")


def test_a_dropped_postgres_connection_fails_one_write_then_reconnects(pg_url: str) -> None:
    import psycopg

    from engine.store import StoreWriteError

    store = Store.open(pg_url)
    pid = store.conn.raw.info.backend_pid  # type: ignore[attr-defined]
    with psycopg.connect(pg_url, autocommit=True) as raw:  # as a server restart would
        raw.execute("SELECT pg_terminate_backend(%s)", (pid,))
    with pytest.raises(StoreWriteError):
        store.add_candidate("Lost")
    assert store.add_candidate("Kept") is True
    assert [c.name for c in store.candidates()] == ["Kept"]
    store.close()


def test_the_coach_store_over_both_dialects(any_store: Store) -> None:
    """engine/coach_store.py's SQL (written in SQLite's words) on PostgreSQL too."""
    from datetime import timedelta

    from engine import coach_store as cs

    assert cs.add_coach(any_store, "kim", "kim's long password") and not cs.add_coach(any_store, "kim", "x" * 12)
    found = cs.coach_password(any_store, "kim")
    assert found is not None and cs.verify_password("kim's long password", found[1])
    token = cs.open_login(any_store, found[0])
    assert cs.login_of(any_store, token) is not None
    cs.close_login(any_store, token)
    assert cs.login_of(any_store, token) is None
    locks = [cs.record_failure(any_store, ["name:kim"]) for _ in range(cs.FREE_FAILURES + 2)]
    assert locks[-2:] == [2, 4] and cs.locked_for(any_store, ["name:kim"]) > 0
    cs.audit(any_store, "kim", "login", "ok", "127.0.0.1")
    assert [r[2] for r in cs.audit_rows(any_store)] == ["login"]
    any_store.add_candidate("Ada", groups=("g",))
    now = cs.utcnow()
    aid, ((_, link),) = cs.create_assignment(
        any_store, title="T", group="g", source="warmup", adaptive=True, mode="exam", opens_at=cs.iso(now),
        closes_at=cs.iso(now + timedelta(hours=1)), created_by="kim", candidates=[("Ada", 1.5)])
    invited = cs.invitation_by_token(any_store, link)
    assert invited is not None and invited.extra_time == 1.5 and cs.assignment(any_store, aid) is not None
    first = any_store.create_session("f", "exam", "Ada", "en", [60_000], [], form=("warmup", "W", 1, "{}"))
    assert cs.link_session(any_store, invited.id, first, "g") and not cs.link_session(any_store, invited.id, 99, "g")
    assert cs.reissue(any_store, aid, invited.id) is not None
