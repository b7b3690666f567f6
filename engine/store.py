"""The store: one SQLite file (WAL, schema versions, migrations) or a PostgreSQL database; every write in a transaction.

PostgreSQL (`--db postgresql://...`) runs the same SQL and the same migration history through the
small dialect layer in engine.pg; its schema version lives in the table secondround_schema.

A database written by a newer schema is refused, not altered; a file that is not a secondround
database is refused, not overwritten; before a migration the old file is backed up."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from engine.i18n import t
from question_generators.errors import SecondroundError

APPLICATION_ID = 0x53524E44  # "SRND": marks the file as ours (PRAGMA application_id)
SCHEMA_VERSION = 7

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
    # 5: extra time (x1.25, x1.5, x2) chosen before a test, kept with the session for its reports;
    # the section limits in section_state already include it.
    5: (
        "ALTER TABLE sessions ADD COLUMN extra_time REAL NOT NULL DEFAULT 1",
    ),
    # 6: coach mode (`serve --coach`, engine/coach_store.py): coach accounts (scrypt hashes), their
    # login sessions, assignments of a test to a group in a window, one invitation per candidate
    # (only a hash of its link token), the audit log, and failed logins (the back-off lives here,
    # not in one process's memory, because several server processes may share the store).
    6: (
        """CREATE TABLE coaches (
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE coach_logins (
            token_hash TEXT PRIMARY KEY, coach_id INTEGER NOT NULL REFERENCES coaches(id) ON DELETE CASCADE,
            csrf TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)""",
        """CREATE TABLE assignments (
            id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, group_name TEXT NOT NULL,
            source TEXT NOT NULL, form_id TEXT REFERENCES forms(id),
            adaptive INTEGER NOT NULL DEFAULT 0,
            mode TEXT NOT NULL CHECK (mode IN ('exam', 'practice')),
            lang TEXT NOT NULL DEFAULT 'en',
            opens_at TEXT NOT NULL, closes_at TEXT NOT NULL,
            created_by TEXT NOT NULL, created_at TEXT NOT NULL)""",
        """CREATE TABLE invitations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            assignment_id INTEGER NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
            candidate TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, csrf TEXT NOT NULL,
            extra_time REAL NOT NULL DEFAULT 1, session_id INTEGER UNIQUE REFERENCES sessions(id),
            created_at TEXT NOT NULL, UNIQUE (assignment_id, candidate))""",
        """CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY AUTOINCREMENT, logged_at TEXT NOT NULL, coach TEXT NOT NULL,
            action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '')""",
        """CREATE TABLE login_failures (
            subject TEXT PRIMARY KEY, failures INTEGER NOT NULL, last_at TEXT NOT NULL,
            locked_until TEXT NOT NULL)""",
    ),
    # 7: a browser sitting's state beside its session, so that any server worker can serve any request
    # (engine/web/runtime.py): the page that may write (tab), the practice-feedback pause and the
    # clocks of the open section and item, on the database's clock (Store.now, seconds since the epoch).
    # `version` goes up with every request that changed the sitting: a worker's cached copy is reused
    # only while it matches.
    7: (
        """CREATE TABLE sittings (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            version INTEGER NOT NULL DEFAULT 0, tab TEXT NOT NULL DEFAULT '',
            paused_at REAL, feedback INTEGER,
            section_opened_at REAL, item_open INTEGER, item_opened_at REAL)""",
    ),
}


class StoreError(SecondroundError):
    """The database cannot be used as it is; nothing in it was changed."""


class StoreWriteError(StoreError):
    """One write could not be made (full disk, lock held too long, I/O): it was rolled back whole."""

    def __init__(self, message: str, reason: str = "io") -> None:
        super().__init__(message)
        self.reason = reason


QUICK_CHECK_AT_OPEN_BYTES = 8 * 2**20  # larger stores are checked before their first write instead


def busy_timeout_s() -> float:
    """How long a write waits for another process's lock: 10 s ($SECONDROUND_BUSY_TIMEOUT to change)."""
    try:
        return max(0.0, float(os.environ.get("SECONDROUND_BUSY_TIMEOUT", "10")))
    except ValueError:
        return 10.0


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _layout(conn: sqlite3.Connection) -> dict[str, tuple[str, ...]]:
    """Each table's columns and each index's name: what the code relies on, read from the file."""
    found: dict[str, tuple[str, ...]] = {}
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                                   "ORDER BY name").fetchall():
        if kind == "table":
            found[name] = tuple(row[1] for row in conn.execute(f"PRAGMA table_info(\"{name}\")"))
        elif kind == "index":
            found[name] = ("index",)
    return found


def expected_layout() -> dict[str, tuple[str, ...]]:
    """The layout every migration together builds, from an in-memory copy (about a millisecond)."""
    return _built_layout(tuple(MIGRATIONS[step] for step in range(1, SCHEMA_VERSION + 1)))


@cache
def _built_layout(steps: tuple[tuple[str, ...], ...]) -> dict[str, tuple[str, ...]]:
    conn = sqlite3.connect(":memory:")
    for statements in steps:
        for statement in statements:
            conn.execute(statement)
    layout = _layout(conn)
    conn.close()
    return layout


def _probe_folder(folder: Path) -> OSError | None:
    """Can files be made in `folder` (SQLite's -wal and -shm files)? A 4 KB probe file, removed at
    once: None, or the OSError (EROFS read-only mount, EACCES/EPERM read-only folder, ENOSPC full)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".secondround-probe-", dir=folder)
    except OSError as exc:
        return exc
    try:
        os.write(fd, b"\0" * 4096)
    except OSError as exc:
        return exc
    finally:
        os.close(fd)
        with suppress(OSError):
            os.unlink(name)
    return None


def _reason(exc: OSError, where: str) -> str:
    if exc.errno == errno.EROFS:
        return "read_only_mount"
    if exc.errno == errno.ENOSPC:
        return "disk_full_open"
    return f"read_only_{where}"


def _folder_message(path: Path, exc: OSError) -> str:
    return t(f"store.{_reason(exc, 'folder')}", path=path, folder=path.parent) + (
        "" if exc.errno in (errno.EROFS, errno.ENOSPC, errno.EACCES, errno.EPERM) else f" ({exc})")


def _file_read_only(path: Path) -> str:
    """'' when the store file opens for writing, else why not (a read-only file or mount)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return "read_only_mount"
        if exc.errno in (errno.EACCES, errno.EPERM):
            return "read_only_file"
        return ""  # anything else: let SQLite say what it is
    os.close(fd)
    return ""


def _connect(path: Path, read_only: str) -> sqlite3.Connection:
    timeout = busy_timeout_s()
    if not read_only:
        return sqlite3.connect(path, isolation_level=None, timeout=timeout)
    # Read-only: 'immutable' when no WAL is pending, so SQLite creates no -wal or -shm file beside it.
    wal = path.with_name(path.name + "-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    uri = f"{path.resolve().as_uri()}?mode=ro" + ("" if pending else "&immutable=1")
    return sqlite3.connect(uri, uri=True, isolation_level=None, timeout=timeout)


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
    extra_time: float = 1.0  # the time limits were multiplied by this (extra time chosen before the test)


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


@dataclass(frozen=True, slots=True)
class SittingRow:
    """What the table `sittings` keeps of a browser sitting (see migration 6)."""

    version: int
    tab: str
    paused_at: float | None
    feedback: int | None
    section_opened_at: float | None
    item_open: int | None
    item_opened_at: float | None


class _Undo(Exception):
    """Raised inside a held request whose writes must not be committed (one of them failed)."""


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# Store files this process has open, with how many connections each. POSIX drops every lock a
# process holds on a file when it closes ANY descriptor of it, so the raw checks below (reading the
# header, opening for writing) must not run again while a connection is open: a second open in one
# process would silently drop the first connection's SQLite lock, and another process closing its
# own connection would then take itself for the last one and delete the WAL under us (answers lost).
_OPEN_HERE: dict[str, tuple[int, str]] = {}


class Store:
    """A connection to the store file; open it with `Store.open(path)`."""

    def __init__(self, conn: sqlite3.Connection, path: Path, dialect: str = "sqlite") -> None:
        self.conn = conn
        self.path = path  # for PostgreSQL: the URL without its password (what messages show)
        self.dialect = dialect  # "sqlite" or "postgresql"

    # -- opening and migrations ------------------------------------------------------------
    read_only: str = ""  # why writes are refused ("" when they are not): a message key of [store]
    checked: bool = False  # PRAGMA quick_check has passed in this process
    writes: int = 0  # transactions begun on this connection (a held request compares it before and after)
    _held: bool = False  # inside hold(): every transaction joins the request's one transaction
    _poisoned: bool = False  # a write inside hold() failed: the whole request is rolled back
    _now: float | None = None  # the database's clock, read once per held request

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open (or create) the store. A damaged file, a full disk, a read-only file, folder or
        mount each get their own message; a read-only store still serves readers. A postgresql://
        URL opens that database instead (psycopg 3, imported only then)."""
        from engine import pg

        if pg.is_url(str(path)):
            return cls._open_postgres(str(path))
        path = Path(path)
        if path.is_dir():
            raise StoreError(t("store.directory", path=path))
        key = str(path.resolve())
        here = _OPEN_HERE.get(key)  # already open in this process: no raw descriptor, see _OPEN_HERE
        exists = path.exists()
        try:
            if not exists:
                path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(_folder_message(path, exc)) from None
        folder_problem = _probe_folder(path.parent)
        if folder_problem is not None and (not exists or folder_problem.errno == errno.ENOSPC):
            raise StoreError(_folder_message(path, folder_problem))
        if here is None and exists and path.stat().st_size > 0:  # SQLite would take a short file for an empty one
            try:
                with path.open("rb") as handle:
                    head = handle.read(100)
            except OSError as exc:
                raise StoreError(t("store.cannot_open", path=path, error=exc)) from None
            if len(head) < 100 or not head.startswith(b"SQLite format 3\0"):
                raise StoreError(t("store.not_sqlite", path=path))
        reason = ""
        if here is not None:
            reason = here[1]
        elif exists:
            reason = _file_read_only(path) or ("" if folder_problem is None else _reason(folder_problem, "folder"))
        try:
            conn = _connect(path, reason)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(t("store.cannot_open", path=path, error=exc)) from None
        store = cls(conn, path)
        store.read_only = reason
        try:
            store._prepare()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(store.damaged_message(exc)) from None
        except StoreError:
            conn.close()
            raise
        _OPEN_HERE[key] = ((here or (0, ""))[0] + 1, reason)
        return store

    @classmethod
    def _open_postgres(cls, url: str) -> Store:
        from engine import pg

        shown = pg.shown_url(url)
        try:
            conn = pg.connect(url)
        except ImportError:
            raise StoreError(t("store.pg_no_driver", url=shown)) from None
        except Exception as exc:  # psycopg.OperationalError and friends: no server, bad login, no database
            raise StoreError(t("store.cannot_open", path=shown, error=str(exc).strip())) from None
        store = cls(conn, shown, "postgresql")  # type: ignore[arg-type]
        store.checked = True  # the server checks its own pages; no quick_check
        try:
            store._prepare_postgres()
        except StoreError:
            conn.close()
            raise
        except Exception as exc:
            conn.close()
            raise StoreError(t("store.cannot_open", path=shown, error=str(exc).strip())) from None
        return store

    def _postgres_meta(self) -> tuple[int, int] | None:
        from engine import pg

        if self.conn.execute(f"SELECT to_regclass('{pg.META_TABLE}')").fetchone()[0] is None:
            return None
        row = self.conn.execute(f"SELECT application_id, version FROM {pg.META_TABLE}").fetchone()
        return (0, 0) if row is None else (int(row[0]), int(row[1]))

    def _prepare_postgres(self) -> None:
        """The checks of _prepare, read from the catalog: ours or foreign, newer refused, layout, migrate."""
        from engine import pg

        meta = self._postgres_meta()
        tables = self.conn.execute("SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_schema = current_schema()").fetchone()[0]
        if (meta is None and tables > 0) or (meta is not None and meta[0] != APPLICATION_ID):
            raise StoreError(t("store.pg_foreign", path=self.path))
        version = 0 if meta is None else meta[1]
        if version > SCHEMA_VERSION:
            raise StoreError(t("store.newer", path=self.path, version=version, known=SCHEMA_VERSION))
        if version < SCHEMA_VERSION:
            self._migrate_postgres()
        self.conn.refresh()  # type: ignore[attr-defined]
        if pg.layout(self.conn) != expected_layout():  # type: ignore[arg-type]
            raise StoreError(self.damaged_message(Exception(t("store.bad_layout"))))

    def _migrate_postgres(self) -> None:
        """Every step in its own transaction, after an advisory lock: of several workers starting at
        once, one migrates and the others find the schema done when they get the lock."""
        from engine import pg

        step, before = 0, 0
        try:
            with self.transaction() as conn:
                conn.execute(f"SELECT pg_advisory_xact_lock({pg.MIGRATION_LOCK})")
                conn.execute(f"CREATE TABLE IF NOT EXISTS {pg.META_TABLE} "
                             "(application_id INTEGER NOT NULL, version INTEGER NOT NULL)")
                meta = self._postgres_meta()
                if meta is None or meta == (0, 0):
                    conn.execute(f"INSERT INTO {pg.META_TABLE} VALUES (?, 0)", (APPLICATION_ID,))
                    meta = (APPLICATION_ID, 0)
                if meta[1] > SCHEMA_VERSION:
                    raise StoreError(t("store.newer", path=self.path, version=meta[1], known=SCHEMA_VERSION))
                before = meta[1]
                for step in range(meta[1] + 1, SCHEMA_VERSION + 1):
                    conn.execute(f"SAVEPOINT step{step}")
                    for statement in MIGRATIONS[step]:
                        conn.execute(statement)
                    conn.execute(f"UPDATE {pg.META_TABLE} SET version = ?", (step,))
                    conn.execute(f"RELEASE SAVEPOINT step{step}")
        except StoreError:
            raise
        except Exception as exc:  # rolled back whole: the database is as it was
            error = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(t("store.migration_failed", path=self.path, step=step, error=error,
                               version=before)) from None

    def damaged_message(self, exc: BaseException) -> str:
        """What to say about a damaged file: which file, and the backup to go back to."""
        if self.dialect == "postgresql":
            return t("store.damaged", path=self.path, error=exc, backup=t("store.pg_backup"))
        backups = sorted(self.path.parent.glob(f"{glob_escape(self.path.name)}.schema*.bak"))
        backup = t("store.backup_is", backup=backups[-1]) if backups else t(
            "store.no_backup", pattern=f"{self.path.name}.schemaN.bak")
        return t("store.damaged", path=self.path, error=exc, backup=backup)

    def _prepare(self) -> None:
        conn = self.conn
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables > 0):
            raise StoreError(t("store.foreign", path=self.path))
        if version < 0 or (version == 0 and tables > 0):  # a header no secondround writes
            raise StoreError(self.damaged_message(Exception(f"schema version {version}")))
        if version > SCHEMA_VERSION:
            raise StoreError(t("store.newer", path=self.path, version=version, known=SCHEMA_VERSION))
        if tables and self.path.stat().st_size <= QUICK_CHECK_AT_OPEN_BYTES:
            self.quick_check()  # a small store is checked at every open (about 10 ms a megabyte)
        if version == SCHEMA_VERSION and _layout(conn) != expected_layout():
            raise StoreError(self.damaged_message(Exception(t("store.bad_layout"))))
        if self.read_only:
            if version < SCHEMA_VERSION:
                raise StoreError(t(f"store.{self.read_only}", path=self.path, folder=self.path.parent)
                                 + t("store.needs_upgrade", version=version, known=SCHEMA_VERSION))
            return
        if conn.execute("PRAGMA journal_mode=WAL").fetchone()[0].lower() != "wal":
            raise StoreError(t("store.no_wal", path=self.path))
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=FULL")  # an answer on disk survives a killed process
        # Up to 64 MB of page cache (default 2 MB): a 10,000-row answer sheet writes 180,000 response
        # rows (about 40 MB of pages) in one transaction, which with the small cache spill (1.3 s -> 0.9 s).
        conn.execute("PRAGMA cache_size=-65536")
        if version < SCHEMA_VERSION:
            if version > 0:
                self._backup(version)
            self._migrate(version)

    def quick_check(self) -> None:
        """PRAGMA quick_check (once per process): a damaged page is refused before anything is written."""
        if self.checked or self.dialect != "sqlite":
            return
        try:
            result = [row[0] for row in self.conn.execute("PRAGMA quick_check(3)")]
        except sqlite3.DatabaseError as exc:
            raise StoreError(self.damaged_message(exc)) from None
        if result != ["ok"]:
            raise StoreError(self.damaged_message(Exception("; ".join(result))))
        self.checked = True

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
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: a write is all or nothing.

        A read-only store refuses at once; a damaged one (checked once) too. A full disk or a lock
        held past the busy timeout raises StoreWriteError: nothing of this write was stored."""
        if self.read_only:
            raise StoreError(t(f"store.{self.read_only}", path=self.path, folder=self.path.parent))
        self.writes += 1
        if self._held:  # one request's writes: committed together by hold(), or not at all
            try:
                yield self.conn
            except BaseException as exc:
                self._poisoned = True
                known = self._known_error(exc)
                if known is not None:
                    raise known from None
                raise
            return
        if self.dialect == "postgresql":
            with self._pg_transaction() as conn:
                yield conn
            return
        self.quick_check()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as exc:
            raise self._write_error(exc) or exc from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                with suppress(sqlite3.Error):
                    self.conn.execute("ROLLBACK")
            known = self._write_error(exc) if isinstance(exc, sqlite3.DatabaseError) else None
            if known is not None:
                raise known from None
            raise

    @contextmanager
    def _pg_transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN ... COMMIT on PostgreSQL; a lost connection or a serialisation failure is a
        StoreWriteError (rolled back whole), a plain bug (bad SQL) stays what it is."""
        import psycopg

        try:
            self.conn.execute("BEGIN")
        except psycopg.OperationalError as exc:
            raise StoreWriteError(t("store.write_failed", path=self.path, error=exc), reason="io") from None
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException as exc:
            with suppress(psycopg.Error):
                if self.conn.in_transaction:  # type: ignore[attr-defined]
                    self.conn.execute("ROLLBACK")
            if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
                raise StoreWriteError(t("store.locked", path=self.path, seconds=busy_timeout_s()),
                                      reason="locked") from None
            if isinstance(exc, psycopg.OperationalError):
                raise StoreWriteError(t("store.write_failed", path=self.path, error=exc), reason="io") from None
            raise

    def _known_error(self, exc: BaseException) -> StoreError | None:
        """The store's own words for a failed write of either dialect (None: a plain bug)."""
        if isinstance(exc, StoreError):
            return None
        if isinstance(exc, sqlite3.DatabaseError):
            return self._write_error(exc)
        psycopg = sys.modules.get("psycopg")
        if psycopg is not None and isinstance(exc, psycopg.OperationalError):
            return StoreWriteError(t("store.write_failed", path=self.path, error=exc), reason="io")
        return None

    @contextmanager
    def hold(self, session_id: int) -> Iterator[SittingRow | None]:
        """One request on one session as ONE transaction that other processes wait for: the session's
        row locked (SELECT ... FOR UPDATE) on PostgreSQL, the one writer's lock (BEGIN IMMEDIATE) on
        SQLite. The writes made inside (the Session's own transactions) join it and are committed at
        the end together; if one of them failed, none is. Yields the sitting's stored row (None when
        there is none yet). `held_rolled_back` says afterwards whether the writes were undone."""
        if self._held:
            raise RuntimeError("a request already holds a session on this connection")
        self.held_rolled_back = False
        try:
            with self.transaction() as conn:
                self._held, self._poisoned, self._now = True, False, None
                try:
                    if self.dialect == "postgresql":
                        # The lock first, then the read in a statement of its own: under READ COMMITTED
                        # a statement that waited for the lock still sees the other tables as they were
                        # when it began (a join would read the sitting as it was before the other
                        # request committed, and both would accept the same page).
                        conn.execute("SELECT id FROM sessions WHERE id = ? FOR UPDATE", (session_id,))
                    row = conn.execute("SELECT version, tab, paused_at, feedback, section_opened_at, item_open, "
                                       "item_opened_at FROM sittings WHERE session_id = ?", (session_id,)).fetchone()
                    yield None if row is None else SittingRow(*row)
                    if self._poisoned:
                        raise _Undo
                finally:
                    self._held, self._now = False, None
        except _Undo:
            self.held_rolled_back = True
        except BaseException:
            self.held_rolled_back = True
            raise

    held_rolled_back: bool = False

    def now(self) -> float:
        """The database's clock in seconds since the epoch, which the section clocks of every server
        worker read: PostgreSQL's server clock, or for SQLite this machine's (every process using the
        file shares it). Inside a held request, one instant for the whole request."""
        if self._held and self._now is not None:
            return self._now
        if self.dialect == "postgresql":
            value = float(self.conn.execute("SELECT extract(epoch FROM clock_timestamp())").fetchone()[0])
        else:
            value = time.time()
        if self._held:
            self._now = value
        return value

    def sitting(self, session_id: int) -> SittingRow | None:
        row = self.conn.execute("SELECT version, tab, paused_at, feedback, section_opened_at, item_open, "
                                "item_opened_at FROM sittings WHERE session_id = ?", (session_id,)).fetchone()
        return None if row is None else SittingRow(*row)

    def save_sitting(self, session_id: int, row: SittingRow, visits: int | None = None) -> None:
        """Store a sitting's state (and the open item's visit count, which the page counted)."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO sittings (session_id, version, tab, paused_at, feedback, section_opened_at, item_open, "
                "item_opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET "
                "version = excluded.version, tab = excluded.tab, paused_at = excluded.paused_at, "
                "feedback = excluded.feedback, section_opened_at = excluded.section_opened_at, "
                "item_open = excluded.item_open, item_opened_at = excluded.item_opened_at",
                (session_id, row.version, row.tab, row.paused_at, row.feedback, row.section_opened_at,
                 row.item_open, row.item_opened_at))
            if row.item_open is not None and visits is not None:
                conn.execute("UPDATE responses SET visits = ? WHERE session_id = ? AND position = ?",
                             (visits, session_id, row.item_open))

    def _write_error(self, exc: sqlite3.DatabaseError) -> StoreError | None:
        """The store's own words for a failed write, or None for a plain bug (bad SQL)."""
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            return StoreWriteError(t("store.locked", path=self.path, seconds=busy_timeout_s()), reason="locked")
        if "full" in text:
            return StoreWriteError(t("store.disk_full", path=self.path), reason="full")
        if "readonly" in text or "read-only" in text:
            return StoreWriteError(t("store.read_only_file", path=self.path), reason="read_only")
        if "malformed" in text or "not a database" in text:
            return StoreError(self.damaged_message(exc))
        if "disk i/o" in text:
            return StoreWriteError(t("store.write_failed", path=self.path, error=exc), reason="io")
        return None

    def close(self) -> None:
        self.conn.close()
        if getattr(self, "_closed", False):
            return
        self._closed = True
        if self.dialect != "sqlite":
            return
        key = str(self.path.resolve())
        count, reason = _OPEN_HERE.get(key, (0, ""))
        if count > 1:
            _OPEN_HERE[key] = (count - 1, reason)
        else:
            _OPEN_HERE.pop(key, None)

    @property
    def schema_version(self) -> int:
        if self.dialect == "postgresql":
            meta = self._postgres_meta()
            return 0 if meta is None else meta[1]
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
                       group: str | None = None, source: str = "terminal",
                       form: tuple[str, str, int | None, str] | None = None, register: bool = False,
                       extra_time: float = 1.0) -> int:
        """A new session with one 'unreached' response row per item: (section, id, fingerprint, family).
        `form` (blueprint, title, seed, json) stores the form in the same transaction, and with
        `register` the candidate is registered in it too: all or nothing."""
        with self.transaction() as conn:
            if form is not None:
                conn.execute("INSERT OR IGNORE INTO forms VALUES (?, ?, ?, ?, ?, ?)", (form_id, *form, now_iso()))
            if register and candidate:
                conn.execute("INSERT OR IGNORE INTO candidates VALUES (?, '', ?)", (candidate, now_iso()))
            cur = conn.execute(
                "INSERT INTO sessions (form_id, mode, status, candidate, lang, created_at, group_name, source, "
                "extra_time) VALUES (?, ?, 'not_started', ?, ?, ?, ?, ?, ?)",
                (form_id, mode, candidate, lang, now_iso(), group, source, float(extra_time)))
            session_id = int(cur.lastrowid or 0)
            conn.executemany("INSERT INTO section_state (session_id, section, status, time_limit_ms) "
                             "VALUES (?, ?, 'pending', ?)",
                             [(session_id, i, round(limit * extra_time)) for i, limit in enumerate(sections)])
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
                    "s.created_at, s.started_at, s.finished_at, s.section, s.position, s.group_name, s.source, "
                    "s.extra_time "
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

    def responses_at(self, session_id: int, position: int) -> ResponseRecord | None:
        """One stored response row (what a failed save falls back to)."""
        r = self.conn.execute(
            "SELECT position, section, item_id, fingerprint, family, response, correct, status, flagged, "
            "time_ms, visits, answered_at FROM responses WHERE session_id = ? AND position = ?",
            (session_id, position)).fetchone()
        if r is None:
            return None
        return ResponseRecord(r[0], r[1], r[2], r[3], r[4], r[5], None if r[6] is None else bool(r[6]),
                              r[7], bool(r[8]), r[9], r[10], r[11])

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

    def sanity_problem(self) -> str | None:
        """After an unexpected error: is the store to blame? A damaged page (quick_check), a stored
        form that is not JSON, or rows that break the schema's own rules. None: it looks sound."""
        import json

        if self.dialect == "postgresql":  # typed columns and the server's own checks: the JSON is what is left
            try:
                for form_id, text in self.conn.execute("SELECT id, json FROM forms"):
                    try:
                        json.loads(text)
                    except (ValueError, TypeError, RecursionError):
                        return f"the stored form {form_id} is not readable JSON"
            except Exception as exc:
                return str(exc)
            return None
        try:
            result = [row[0] for row in self.conn.execute("PRAGMA quick_check(3)")]
            if result != ["ok"]:
                return "; ".join(result)
            for form_id, text in self.conn.execute("SELECT id, json FROM forms"):
                try:
                    json.loads(text)
                except (ValueError, TypeError, RecursionError):
                    return f"the stored form {form_id} is not readable JSON"
            bad = self.conn.execute(
                "SELECT count(*) FROM responses r LEFT JOIN section_state s ON s.session_id = r.session_id "
                "AND s.section = r.section WHERE s.session_id IS NULL OR r.position < 0 "
                "OR typeof(r.position) != 'integer' OR typeof(r.section) != 'integer'").fetchone()[0]
            if bad:
                return f"{bad} stored answers point to no section of their session"
            bad = self.conn.execute(
                "SELECT count(*) FROM sessions WHERE typeof(section) != 'integer' OR typeof(position) != 'integer' "
                "OR section < 0 OR position < 0 OR form_id NOT IN (SELECT id FROM forms)").fetchone()[0]
            if bad:
                return f"{bad} stored sessions have an impossible place or form"
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            return str(exc)
        return None

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
            conn.executemany("INSERT INTO calibration VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (family) DO UPDATE "
                             "SET offset = excluded.offset, scale = excluded.scale, offset_se = excluded.offset_se, "
                             "responses = excluded.responses, sessions = excluded.sessions, "
                             "calibrated_at = excluded.calibrated_at",
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
               " (SELECT group_name FROM group_members m WHERE m.candidate = c.name ORDER BY group_name) AS g), "
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
