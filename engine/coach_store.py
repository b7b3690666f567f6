"""Coach mode's records over a Store: coach accounts, logins, assignments, invitations, failed logins and the audit log.

Only the store's portable SQL subset is used here (? placeholders, TEXT timestamps in ISO UTC,
INSERT OR IGNORE), and every time is computed in Python, so the same queries serve SQLite and the
PostgreSQL dialect layer. Nothing a second server process needs is kept in memory."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from engine.store import Store, now_iso

# scrypt: 32 MiB and three passes, OWASP's "N=2^15, r=8, p=3" row (the same work as its 2^17, r=8,
# p=1 first choice with a quarter of the memory). Each hash stores its own parameters, so raising
# these later leaves old hashes verifiable.
SCRYPT_LOG2_N = 15
SCRYPT_R = 8
SCRYPT_P = 3
SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSWORD = 10
TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 256 bits for invitation links and login cookies
LOGIN_HOURS = 12  # a coach's login lasts a working day
FREE_FAILURES = 3  # failed logins before the back-off starts
MAX_LOCK_S = 900  # the back-off doubles from 2 s up to 15 minutes
FORGET_FAILURES_S = 3600  # a name or address without a failure for an hour starts again from zero


# -- passwords ---------------------------------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, log2_n: int, r: int, p: int, length: int) -> bytes:
    n = 1 << log2_n
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=256 * n * r + 2**20)


def hash_password(password: str) -> str:
    """'scrypt$log2N$r$p$salt$key' (base64): a fresh 16-byte salt for every coach."""
    salt = secrets.token_bytes(SALT_BYTES)
    key = _scrypt(password, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return f"scrypt${SCRYPT_LOG2_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        kind, log2_n, r, p, salt, key = stored.split("$")
        expected = base64.b64decode(key)
        # A shorter key would still match (scrypt's output is a prefix of a longer one): exact length only.
        if kind != "scrypt" or not (1 <= int(log2_n) <= 20) or len(expected) != KEY_BYTES:
            return False
        found = _scrypt(password, base64.b64decode(salt), int(log2_n), int(r), int(p), len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(found, expected)


# A hash to check against when the name is unknown, so that a wrong name costs as long as a wrong
# password (the response time does not tell which names exist).
_DUMMY: list[str] = []


def dummy_verify(password: str) -> None:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_urlsafe(12)))
    verify_password(password, _DUMMY[0])


def token_hash(token: str) -> str:
    """What is stored of a link token or login cookie: its SHA-256 (256 random bits need no slow hash)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def shown_time(text: str) -> str:
    """'2026-12-03 14:00:00' for a stored ISO UTC time (pages and messages say UTC)."""
    return parse_time(text).strftime("%Y-%m-%d %H:%M:%S")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


# -- coaches ---------------------------------------------------------------------------------------------
def add_coach(store: Store, name: str, password: str) -> bool:
    """A new coach account; False when the name is taken (nothing changed)."""
    hashed = hash_password(password)
    with store.transaction() as conn:
        cur = conn.execute("INSERT OR IGNORE INTO coaches (name, password_hash, created_at) VALUES (?, ?, ?)",
                           (name, hashed, now_iso()))
        return cur.rowcount == 1


def set_password(store: Store, name: str, password: str) -> bool:
    """A new password (a new salt); the coach's logins end. False when there is no such coach."""
    hashed = hash_password(password)
    with store.transaction() as conn:
        row = conn.execute("SELECT id FROM coaches WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        conn.execute("UPDATE coaches SET password_hash = ? WHERE id = ?", (hashed, row[0]))
        conn.execute("DELETE FROM coach_logins WHERE coach_id = ?", (row[0],))
        return True


def coaches(store: Store) -> list[tuple[str, str]]:
    """(name, created_at) of every coach, by name."""
    return [(r[0], r[1]) for r in store.conn.execute("SELECT name, created_at FROM coaches ORDER BY name")]


def remove_coach(store: Store, name: str) -> bool:
    """Delete the account and its logins; what it did stays in the audit log under its name."""
    with store.transaction() as conn:
        row = conn.execute("SELECT id FROM coaches WHERE name = ?", (name,)).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM coach_logins WHERE coach_id = ?", (row[0],))
        conn.execute("DELETE FROM coaches WHERE id = ?", (row[0],))
        return True


def coach_password(store: Store, name: str) -> tuple[int, str] | None:
    row = store.conn.execute("SELECT id, password_hash FROM coaches WHERE name = ?", (name,)).fetchone()
    return None if row is None else (int(row[0]), str(row[1]))


# -- logins ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Login:
    coach_id: int
    coach: str
    csrf: str


def open_login(store: Store, coach_id: int) -> str:
    """A new login for the coach: the cookie value (only its hash is stored, with a CSRF secret)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    with store.transaction() as conn:
        # Expired logins of anyone are swept here, the one write every login makes anyway.
        conn.execute("DELETE FROM coach_logins WHERE expires_at < ?", (iso(now),))
        conn.execute("INSERT INTO coach_logins VALUES (?, ?, ?, ?, ?)",
                     (token_hash(token), coach_id, secrets.token_urlsafe(TOKEN_BYTES), iso(now),
                      iso(now + timedelta(hours=LOGIN_HOURS))))
    return token


def login_of(store: Store, token: str) -> Login | None:
    """The live login a cookie belongs to, or None (unknown, expired or logged out)."""
    if not token or len(token) > 200:
        return None
    row = store.conn.execute(
        "SELECT l.coach_id, c.name, l.csrf, l.expires_at FROM coach_logins l JOIN coaches c ON c.id = l.coach_id "
        "WHERE l.token_hash = ?", (token_hash(token),)).fetchone()
    if row is None or parse_time(row[3]) <= utcnow():
        return None
    return Login(int(row[0]), str(row[1]), str(row[2]))


def close_login(store: Store, token: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM coach_logins WHERE token_hash = ?", (token_hash(token),))


# -- failed logins: the back-off -----------------------------------------------------------------------------
def locked_for(store: Store, subjects: list[str]) -> int:
    """Seconds until a login may be tried again for any of `subjects` (0: now)."""
    now = utcnow()
    wait = 0
    for subject in subjects:
        row = store.conn.execute("SELECT locked_until FROM login_failures WHERE subject = ?", (subject,)).fetchone()
        if row is not None:
            wait = max(wait, int((parse_time(row[0]) - now).total_seconds() + 0.999))
    return max(0, wait)


def record_failure(store: Store, subjects: list[str]) -> int:
    """Count a failed login against each subject ('name:...', 'address:...'); the longest lock set, in s.
    Read and write in one transaction, so two processes counting at once cannot lose a failure."""
    now = utcnow()
    longest = 0
    with store.transaction() as conn:
        for subject in subjects:
            row = conn.execute("SELECT failures, last_at FROM login_failures WHERE subject = ?",
                               (subject,)).fetchone()
            failures = 1
            if row is not None and (now - parse_time(row[1])).total_seconds() < FORGET_FAILURES_S:
                failures = int(row[0]) + 1
            lock = 0 if failures <= FREE_FAILURES else min(MAX_LOCK_S, 2 ** (failures - FREE_FAILURES))
            longest = max(longest, lock)
            conn.execute("INSERT OR IGNORE INTO login_failures VALUES (?, 0, ?, ?)", (subject, iso(now), iso(now)))
            conn.execute("UPDATE login_failures SET failures = ?, last_at = ?, locked_until = ? WHERE subject = ?",
                         (failures, iso(now), iso(now + timedelta(seconds=lock)), subject))
    return longest


def clear_failures(store: Store, subject: str) -> None:
    with store.transaction() as conn:
        conn.execute("DELETE FROM login_failures WHERE subject = ?", (subject,))


# -- the audit log ---------------------------------------------------------------------------------------------
def audit(store: Store, coach: str, action: str, detail: str = "", address: str = "") -> None:
    with store.transaction() as conn:
        conn.execute("INSERT INTO audit_log (logged_at, coach, action, detail, address) VALUES (?, ?, ?, ?, ?)",
                     (now_iso(), coach, action, detail[:500], address[:100]))


def audit_rows(store: Store, limit: int = 200, coach: str | None = None) -> list[tuple[str, str, str, str, str]]:
    """(at, coach, action, detail, address), newest first."""
    sql = "SELECT logged_at, coach, action, detail, address FROM audit_log"
    args: tuple[object, ...] = ()
    if coach is not None:
        sql += " WHERE coach = ?"
        args = (coach,)
    sql += f" ORDER BY id DESC LIMIT {int(limit)}"
    return [tuple(r) for r in store.conn.execute(sql, args)]  # type: ignore[misc]


# -- assignments and invitations ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Assignment:
    id: int
    title: str
    group: str
    source: str  # the built-in blueprint's name or the file it was made from
    form_id: str | None  # the form every candidate sits (None: adaptive, each sitting grows its own)
    adaptive: bool
    mode: str
    lang: str  # the candidates' pages and the items speak this language
    opens_at: str
    closes_at: str
    created_by: str
    created_at: str

    @property
    def opens_text(self) -> str:
        return shown_time(self.opens_at)

    @property
    def closes_text(self) -> str:
        return shown_time(self.closes_at)

    def window(self, now: datetime | None = None) -> str:
        """'waiting', 'open' or 'closed'."""
        now = now or utcnow()
        if now < parse_time(self.opens_at):
            return "waiting"
        return "open" if now < parse_time(self.closes_at) else "closed"


@dataclass(frozen=True, slots=True)
class Invitation:
    id: int
    assignment_id: int
    candidate: str
    csrf: str
    extra_time: float
    session_id: int | None
    session_status: str | None  # the sitting's status (None: not started)

    @property
    def finished(self) -> bool:
        return self.session_status in ("finished", "expired", "abandoned")


_ASSIGNMENT_SQL = ("SELECT id, title, group_name, source, form_id, adaptive, mode, lang, opens_at, closes_at, "
                   "created_by, created_at FROM assignments")
_INVITATION_SQL = ("SELECT i.id, i.assignment_id, i.candidate, i.csrf, i.extra_time, i.session_id, s.status "
                   "FROM invitations i LEFT JOIN sessions s ON s.id = i.session_id")


def _assignment(row: tuple) -> Assignment:  # type: ignore[type-arg]
    return Assignment(int(row[0]), row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], row[8], row[9],
                      row[10], row[11])


def _invitation(row: tuple) -> Invitation:  # type: ignore[type-arg]
    return Invitation(int(row[0]), int(row[1]), row[2], row[3], float(row[4]),
                      None if row[5] is None else int(row[5]), row[6])


def create_assignment(store: Store, *, title: str, group: str, source: str, adaptive: bool, mode: str,
                      opens_at: str, closes_at: str, created_by: str, candidates: list[tuple[str, float]],
                      form: tuple[str, str, str, int | None, str] | None = None,
                      lang: str = "en") -> tuple[int, list[tuple[str, str]]]:
    """The assignment, its fixed form (id, blueprint, title, seed, json) and one invitation per
    candidate, all in one transaction. Returns its id and (candidate, link token) pairs: the tokens
    exist only in this answer, the store keeps their hashes."""
    tokens = [(name, secrets.token_urlsafe(TOKEN_BYTES)) for name, _ in candidates]
    extra = dict(candidates)
    with store.transaction() as conn:
        if form is not None:
            conn.execute("INSERT OR IGNORE INTO forms VALUES (?, ?, ?, ?, ?, ?)", (*form, now_iso()))
        cur = conn.execute(
            "INSERT INTO assignments (title, group_name, source, form_id, adaptive, mode, lang, opens_at, closes_at, "
            "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (title, group, source, form[0] if form else None, int(adaptive), mode, lang, opens_at, closes_at,
             created_by, now_iso()))
        assignment_id = int(cur.lastrowid or 0)
        conn.executemany(
            "INSERT INTO invitations (assignment_id, candidate, token_hash, csrf, extra_time, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(assignment_id, name, token_hash(token), secrets.token_urlsafe(TOKEN_BYTES), float(extra[name]),
              now_iso()) for name, token in tokens])
    return assignment_id, tokens


def assignments(store: Store) -> list[Assignment]:
    return [_assignment(r) for r in store.conn.execute(_ASSIGNMENT_SQL + " ORDER BY id DESC")]


def assignment(store: Store, assignment_id: int) -> Assignment | None:
    row = store.conn.execute(_ASSIGNMENT_SQL + " WHERE id = ?", (assignment_id,)).fetchone()
    return None if row is None else _assignment(row)


def invitations(store: Store, assignment_id: int) -> list[Invitation]:
    rows = store.conn.execute(_INVITATION_SQL + " WHERE i.assignment_id = ? ORDER BY i.candidate",
                              (assignment_id,))
    return [_invitation(r) for r in rows]


def invitation_by_token(store: Store, token: str) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    row = store.conn.execute(_INVITATION_SQL + " WHERE i.token_hash = ?", (token_hash(token),)).fetchone()
    return None if row is None else _invitation(row)


def invitation_of_session(store: Store, session_id: int) -> Invitation | None:
    row = store.conn.execute(_INVITATION_SQL + " WHERE i.session_id = ?", (session_id,)).fetchone()
    return None if row is None else _invitation(row)


def link_session(store: Store, invitation_id: int, session_id: int, group: str) -> bool:
    """Bind a new sitting to its invitation (once: False when another request bound one first)."""
    with store.transaction() as conn:
        cur = conn.execute("UPDATE invitations SET session_id = ? WHERE id = ? AND session_id IS NULL",
                           (session_id, invitation_id))
        if cur.rowcount != 1:
            return False
        conn.execute("UPDATE sessions SET group_name = ? WHERE id = ?", (group, session_id))
        return True


def reissue(store: Store, assignment_id: int, invitation_id: int) -> tuple[str, str] | None:
    """A new link for an unfinished invitation (a lost mail): (candidate, token); the old link and
    its cookie stop working at once, the sitting (if started) is the same. None: no such open one."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with store.transaction() as conn:
        row = conn.execute(
            "SELECT i.candidate, s.status FROM invitations i LEFT JOIN sessions s ON s.id = i.session_id "
            "WHERE i.id = ? AND i.assignment_id = ?", (invitation_id, assignment_id)).fetchone()
        if row is None or row[1] in ("finished", "expired", "abandoned"):
            return None
        conn.execute("UPDATE invitations SET token_hash = ?, csrf = ? WHERE id = ?",
                     (token_hash(token), secrets.token_urlsafe(TOKEN_BYTES), invitation_id))
    return str(row[0]), token
