"""The store: one SQLite file (WAL, versioned schema, migrations), every write in a transaction.

A database written by a newer schema is refused, not altered; a file that is not a secondround
database is refused, not overwritten; before a migration the old file is backed up."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from engine.i18n import t
from question_generators.errors import SecondroundError

APPLICATION_ID = 0x53524E44  # "SRND": marks the file as ours (PRAGMA application_id)
SCHEMA_VERSION = 4

# Each entry brings the schema from version N-1 to N. Append, never edit a released step.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        """CREATE TABLE forms (
            id TEXT PRIMARY KEY, blueprint TEXT NOT NULL, title TEXT NOT NULL, seed INTEGER,
            json TEXT NOT NULL, created_at TEXT NOT NULL)""",
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            form_id TEXT NOT NULL REFERENCES forms(id),
            mode TEXT NOT NULL CHECK (mode IN ('exam', 'practice')),
            status TEXT NOT NULL CHECK (status IN
                ('not_started', 'in_progress', 'finished', 'expired', 'abandoned')),
            candidate TEXT, lang TEXT NOT NULL DEFAULT 'en',
            created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
            section INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 0)""",
        """CREATE TABLE section_state (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            section INTEGER NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'open', 'done', 'expired')),
            elapsed_ms INTEGER NOT NULL DEFAULT 0, time_limit_ms INTEGER NOT NULL,
            PRIMARY KEY (session_id, section))""",
        """CREATE TABLE responses (
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL, section INTEGER NOT NULL,
            item_id TEXT NOT NULL, fingerprint TEXT NOT NULL, family TEXT NOT NULL,
            response TEXT, correct INTEGER,
            status TEXT NOT NULL CHECK (status IN ('unreached', 'skipped', 'answered')),
            flagged INTEGER NOT NULL DEFAULT 0, time_ms INTEGER NOT NULL DEFAULT 0,
            visits INTEGER NOT NULL DEFAULT 0, answered_at TEXT,
            PRIMARY KEY (session_id, position))""",
        "CREATE INDEX responses_fingerprint ON responses(fingerprint)",
        "CREATE INDEX sessions_status ON sessions(status, id)",
    ),
    # 2: candidates and groups for coaches; a session remembers its group and where it came from.
    2: (
        """CREATE TABLE candidates (
            name TEXT PRIMARY KEY, note TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL)""",
        """CREATE TABLE groups (name TEXT PRIMARY KEY, created_at TEXT NOT NULL)""",
        """CREATE TABLE group_members (
            group_name TEXT NOT NULL REFERENCES groups(name) ON DELETE CASCADE ON UPDATE CASCADE,
            candidate TEXT NOT NULL REFERENCES candidates(name) ON DELETE CASCADE ON UPDATE CASCADE,
            PRIMARY KEY (group_name, candidate))""",
        "ALTER TABLE sessions ADD COLUMN group_name TEXT",
        # terminal: taken here; sheet: graded from an answer sheet; simulated: a model examinee
        "ALTER TABLE sessions ADD COLUMN source TEXT NOT NULL DEFAULT 'terminal'",
        "CREATE INDEX sessions_candidate ON sessions(candidate, id)",
    ),
    # 3: per-family IRT calibration from stored responses (`secondround calibrate`): the item's b
    # becomes b + offset and its a becomes a * scale in scoring, assembly and adaptive targeting.
    3: (
        """CREATE TABLE calibration (
            family TEXT PRIMARY KEY, offset REAL NOT NULL, scale REAL NOT NULL DEFAULT 1,
            offset_se REAL, responses INTEGER NOT NULL, sessions INTEGER NOT NULL,
            calibrated_at TEXT NOT NULL)""",
    ),
    # 4: the members of a group are looked up by candidate too (each candidate's groups, and the
    # membership test of a cohort): the primary key starts with the group name and cannot serve that.
    4: (
        "CREATE INDEX group_members_candidate ON group_members(candidate, group_name)",
    ),
}


class StoreError(SecondroundError):
    """The database cannot be used as it is; nothing in it was changed."""


@dataclass(frozen=True, slots=True)
class SessionRecord:
    id: int
    form_id: str
    blueprint: str
    title: str
    mode: str
    status: str
    candidate: str | None
    lang: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    section: int
    position: int
    group: str | None = None
    source: str = "terminal"


@dataclass(frozen=True, slots=True)
class CandidateRecord:
    name: str
    note: str
    created_at: str
    groups: tuple[str, ...]
    sessions: int


@dataclass(frozen=True, slots=True)
class ResponseRecord:
    position: int
    section: int
    item_id: str
    fingerprint: str
    family: str
    response: str | None
    correct: bool | None
    status: str
    flagged: bool
    time_ms: int
    visits: int
    answered_at: str | None


@dataclass(frozen=True, slots=True)
class SectionRecord:
    section: int
    status: str
    elapsed_ms: int
    time_limit_ms: int

    @property
    def remaining_ms(self) -> int:
        return max(0, self.time_limit_ms - self.elapsed_ms)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A connection to the store file; open it with `Store.open(path)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- opening and migrations ------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path) -> Store:
        path = Path(path)
        if path.is_dir():
            raise StoreError(t("store.directory", path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(t("store.cannot_open", path=path, error=exc)) from None
        store = cls(conn, path)
        try:
            store._prepare()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(t("store.damaged", path=path, error=exc)) from None
        except StoreError:
            conn.close()
            raise
        return store

    def _prepare(self) -> None:
        conn = self.conn
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables > 0):
            raise StoreError(t("store.foreign", path=self.path))
        if version > SCHEMA_VERSION:
            raise StoreError(t("store.newer", path=self.path, version=version, known=SCHEMA_VERSION))
        if conn.execute("PRAGMA journal_mode=WAL").fetchone()[0].lower() != "wal":
            raise StoreError(t("store.no_wal", path=self.path))
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")  # an answer on disk survives a killed process
        if version < SCHEMA_VERSION:
            if version > 0:
                self._backup(version)
            self._migrate(version)

    def _backup(self, version: int) -> None:
        target = self.path.with_name(f"{self.path.name}.schema{version}.bak")
        dest = sqlite3.connect(target)
        with dest:
            self.conn.backup(dest)
        dest.close()

    def _migrate(self, version: int) -> None:
        for step in range(version + 1, SCHEMA_VERSION + 1):
            try:
                with self.transaction():
                    if step == 1:
                        self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                    for statement in MIGRATIONS[step]:
                        self.conn.execute(statement)
                    self.conn.execute(f"PRAGMA user_version={step}")
            except sqlite3.Error as exc:  # the transaction rolled back: the file is as it was
                raise StoreError(t("store.migration_failed", path=self.path, step=step, error=exc,
                                   version=step - 1)) from None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: a write is all or nothing."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    # -- forms -----------------------------------------------------------------------------
    def save_form(self, form_id: str, blueprint: str, title: str, seed: int | None, json_text: str) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT OR IGNORE INTO forms VALUES (?, ?, ?, ?, ?, ?)",
                         (form_id, blueprint, title, seed, json_text, now_iso()))

    def form_json(self, form_id: str) -> str:
        row = self.conn.execute("SELECT json FROM forms WHERE id = ?", (form_id,)).fetchone()
        if row is None:
            raise StoreError(t("store.no_form", form_id=form_id))
        return row[0]

    # -- sessions --------------------------------------------------------------------------
    def create_session(self, form_id: str, mode: str, candidate: str | None, lang: str,
                       sections: list[int], items: list[tuple[int, str, str, str]], *,
                       group: str | None = None, source: str = "terminal") -> int:
        """A new session with one 'unreached' response row per item: (section, id, fingerprint, family)."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO sessions (form_id, mode, status, candidate, lang, created_at, group_name, source) "
                "VALUES (?, ?, 'not_started', ?, ?, ?, ?, ?)",
                (form_id, mode, candidate, lang, now_iso(), group, source))
            session_id = int(cur.lastrowid or 0)
            conn.executemany("INSERT INTO section_state (session_id, section, status, time_limit_ms) "
                             "VALUES (?, ?, 'pending', ?)",
                             [(session_id, i, limit) for i, limit in enumerate(sections)])
            conn.executemany(
                "INSERT INTO responses (session_id, position, section, item_id, fingerprint, family, status) "
                "VALUES (?, ?, ?, ?, ?, ?, 'unreached')",
                [(session_id, pos, *row) for pos, row in enumerate(items)])
        return session_id

    def append_item(self, session_id: int, form_id: str, json_text: str, position: int, section: int,
                    item_id: str, fingerprint: str, family: str) -> None:
        """An adaptive session's next item: the grown form and the new response row, in one transaction."""
        with self.transaction() as conn:
            conn.execute("UPDATE forms SET json = ? WHERE id = ?", (json_text, form_id))
            conn.execute(
                "INSERT INTO responses (session_id, position, section, item_id, fingerprint, family, status) "
                "VALUES (?, ?, ?, ?, ?, ?, 'unreached')",
                (session_id, position, section, item_id, fingerprint, family))

    def add_finished_sessions(self, form_id: str, sections: list[int],
                              sittings: list[list[tuple[int, str, str, str, str, str | None, bool | None]]], *,
                              source: str, candidate_prefix: str) -> None:
        """Finished sessions of one form, each with its rows (section, item id, fingerprint, family,
        status, response, correct), in one transaction: how simulated sittings are stored. Each
        gets its own candidate name `prefix-N`, so no real candidate's seen items change."""
        stamp = now_iso()
        with self.transaction() as conn:
            for n, rows in enumerate(sittings):
                cur = conn.execute(
                    "INSERT INTO sessions (form_id, mode, status, candidate, lang, created_at, started_at, "
                    "finished_at, source) VALUES (?, 'exam', 'finished', ?, 'en', ?, ?, ?, ?)",
                    (form_id, f"{candidate_prefix}-{n}", stamp, stamp, stamp, source))
                session_id = int(cur.lastrowid or 0)
                conn.executemany("INSERT INTO section_state (session_id, section, status, time_limit_ms) "
                                 "VALUES (?, ?, 'done', ?)", [(session_id, i, ms) for i, ms in enumerate(sections)])
                conn.executemany(
                    "INSERT INTO responses (session_id, position, section, item_id, fingerprint, family, status, "
                    "response, correct) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [(session_id, pos, r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else int(r[6]))
                     for pos, r in enumerate(rows)])

    _SESSION_SQL = ("SELECT s.id, s.form_id, f.blueprint, f.title, s.mode, s.status, s.candidate, s.lang, "
                    "s.created_at, s.started_at, s.finished_at, s.section, s.position, s.group_name, s.source "
                    "FROM sessions s JOIN forms f ON f.id = s.form_id")

    def session(self, session_id: int) -> SessionRecord:
        row = self.conn.execute(self._SESSION_SQL + " WHERE s.id = ?", (session_id,)).fetchone()
        if row is None:
            raise StoreError(t("store.no_session", session=session_id))
        return SessionRecord(*row)

    def sessions(self, status: tuple[str, ...] | None = None, limit: int | None = None, *,
                 candidate: str | None = None, group: str | None = None) -> list[SessionRecord]:
        """Newest first; `group` means sessions stored in the group or taken by one of its members."""
        where: list[str] = []
        args: list[object] = []
        if status:
            where.append(f"s.status IN ({', '.join('?' * len(status))})")
            args += list(status)
        if candidate is not None:
            where.append("s.candidate = ?")
            args.append(candidate)
        if group is not None:
            where.append("(s.group_name = ? OR s.candidate IN "
                         "(SELECT candidate FROM group_members WHERE group_name = ?))")
            args += [group, group]
        sql = self._SESSION_SQL + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY s.id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [SessionRecord(*row) for row in self.conn.execute(sql, args)]

    def responses(self, session_id: int) -> list[ResponseRecord]:
        rows = self.conn.execute(
            "SELECT position, section, item_id, fingerprint, family, response, correct, status, flagged, "
            "time_ms, visits, answered_at FROM responses WHERE session_id = ? ORDER BY position", (session_id,))
        return [ResponseRecord(r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else bool(r[6]),
                               r[7], bool(r[8]), r[9], r[10], r[11]) for r in rows]

    def sections(self, session_id: int) -> list[SectionRecord]:
        rows = self.conn.execute("SELECT section, status, elapsed_ms, time_limit_ms FROM section_state "
                                 "WHERE session_id = ? ORDER BY section", (session_id,))
        return [SectionRecord(*r) for r in rows]

    def seen_fingerprints(self, candidate: str | None) -> set[str]:
        """Content fingerprints of every item `candidate` (None: the local default user) has been
        shown, plus the items waiting in their unfinished sessions (shown as soon as they resume)."""
        rows = self.conn.execute(
            "SELECT DISTINCT r.fingerprint FROM responses r JOIN sessions s ON s.id = r.session_id "
            "WHERE s.candidate IS ? AND (r.status != 'unreached' OR s.status IN ('not_started', 'in_progress'))",
            (candidate,))
        return {row[0] for row in rows}

    def set_session(self, session_id: int, **fields: object) -> None:
        allowed = {"status", "started_at", "finished_at", "section", "position"}
        if not fields or set(fields) - allowed:
            raise ValueError(f"cannot set {sorted(set(fields) - allowed)} on a session")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.transaction() as conn:
            conn.execute(f"UPDATE sessions SET {assignments} WHERE id = ?", (*fields.values(), session_id))

    def record(self, session_id: int, position: int, *, status: str, response: str | None,
               correct: bool | None, flagged: bool, time_ms: int, visits: int,
               section: int, section_elapsed_ms: int, section_status: str = "open") -> None:
        """One answer (or skip or flag) with the section clock and the cursor, in one transaction."""
        with self.transaction() as conn:
            conn.execute(
                "UPDATE responses SET status = ?, response = ?, correct = ?, flagged = ?, time_ms = ?, "
                "visits = ?, answered_at = CASE WHEN ? = 'answered' THEN ? ELSE answered_at END "
                "WHERE session_id = ? AND position = ?",
                (status, response, None if correct is None else int(correct), int(flagged), time_ms, visits,
                 status, now_iso(), session_id, position))
            conn.execute("UPDATE section_state SET elapsed_ms = ?, status = ? WHERE session_id = ? AND section = ?",
                         (section_elapsed_ms, section_status, session_id, section))
            conn.execute("UPDATE sessions SET position = ?, section = ? WHERE id = ?",
                         (position, section, session_id))

    def set_section(self, session_id: int, section: int, status: str, elapsed_ms: int) -> None:
        with self.transaction() as conn:
            conn.execute("UPDATE section_state SET status = ?, elapsed_ms = ? WHERE session_id = ? AND section = ?",
                         (status, elapsed_ms, session_id, section))

    # -- calibration -------------------------------------------------------------------------
    def calibration(self) -> dict[str, tuple[float, float]]:
        """family -> (difficulty offset, discrimination scale) from the last `calibrate`."""
        return {r[0]: (r[1], r[2]) for r in self.conn.execute("SELECT family, offset, scale FROM calibration")}

    def calibration_rows(self) -> list[tuple[str, float, float, float | None, int, int, str]]:
        """(family, offset, scale, offset SE, responses, sessions, when) per calibrated family."""
        return list(self.conn.execute("SELECT family, offset, scale, offset_se, responses, sessions, "
                                      "calibrated_at FROM calibration ORDER BY family"))

    def save_calibration(self, rows: list[tuple[str, float, float, float | None, int, int]]) -> None:
        """Replace the calibration of the given families (others keep theirs), in one transaction."""
        with self.transaction() as conn:
            conn.executemany("INSERT OR REPLACE INTO calibration VALUES (?, ?, ?, ?, ?, ?, ?)",
                             [(*row, now_iso()) for row in rows])

    def clear_calibration(self) -> None:
        with self.transaction() as conn:
            conn.execute("DELETE FROM calibration")

    # -- candidates and groups -----------------------------------------------------------------
    def add_candidate(self, name: str, note: str = "", groups: tuple[str, ...] = ()) -> bool:
        """Register a candidate (and their groups); False when the name was already there."""
        with self.transaction() as conn:
            cur = conn.execute("INSERT OR IGNORE INTO candidates VALUES (?, ?, ?)", (name, note, now_iso()))
            for group in groups:
                conn.execute("INSERT OR IGNORE INTO groups VALUES (?, ?)", (group, now_iso()))
                conn.execute("INSERT OR IGNORE INTO group_members VALUES (?, ?)", (group, name))
        return cur.rowcount == 1

    def candidate(self, name: str) -> CandidateRecord | None:
        found = [c for c in self.candidates() if c.name == name]
        return found[0] if found else None

    def candidates(self, group: str | None = None) -> list[CandidateRecord]:
        """Every candidate (or the members of `group`) by name, with their groups and session count."""
        sql = ("SELECT c.name, c.note, c.created_at, "
               "(SELECT group_concat(group_name, char(31)) FROM "
               " (SELECT group_name FROM group_members m WHERE m.candidate = c.name ORDER BY group_name)), "
               "(SELECT count(*) FROM sessions s WHERE s.candidate = c.name) FROM candidates c")
        args: tuple[object, ...] = ()
        if group is not None:
            sql += " WHERE c.name IN (SELECT candidate FROM group_members WHERE group_name = ?)"
            args = (group,)
        rows = self.conn.execute(sql + " ORDER BY c.name", args)
        return [CandidateRecord(r[0], r[1], r[2], tuple(r[3].split("\x1f")) if r[3] else (), r[4]) for r in rows]

    def remove_candidate(self, name: str) -> bool:
        """Forget a candidate and their group memberships; their sessions stay, still under the name."""
        with self.transaction() as conn:
            return conn.execute("DELETE FROM candidates WHERE name = ?", (name,)).rowcount == 1

    def groups(self) -> list[tuple[str, int]]:
        """Every group with its number of members."""
        return list(self.conn.execute(
            "SELECT g.name, (SELECT count(*) FROM group_members m WHERE m.group_name = g.name) "
            "FROM groups g ORDER BY g.name"))

    def add_to_group(self, group: str, candidate: str) -> None:
        """Put a known or new candidate in a group, creating the group when needed."""
        self.add_candidate(candidate, groups=(group,))
