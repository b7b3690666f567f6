"""Sittings in the browser: the live Session (or AdaptiveSession) of each test, the tab that may
write to it, and the database's clock, which decides when a section is over.

There is one implementation of the rules: every answer, skip, flag and section end goes through
engine.session. This module only adds what the browser needs on top: a writer lease per page (a
second tab takes over, the first is told; a page's form is accepted once), the practice-feedback
pause, and closing a section whose time is up on any request, so a page left idle or closed still
ends on time.

Nothing another server worker needs stays in one process: each request on a session runs inside
Store.hold (the session's row locked on PostgreSQL, the one writer's lock on SQLite), reads the
sitting's row of the table `sittings`, and writes it back when it changed. A worker keeps the
Session it built as a cache, reused only while the row's version is the one it last saw; the
clocks are on the database's clock (Store.now), so any worker reads the same time left."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from engine.adaptive import AdaptivePlan, AdaptiveSession
from engine.forms import TestForm
from engine.session import Session, SessionError
from engine.store import SittingRow, Store, StoreError


class NotFound(Exception):
    """No such session (or it is not one this app may show)."""


@dataclass(slots=True)
class Sitting:
    """A session as the browser drives it."""

    session: Session
    tab: str = ""  # the lease of the one page that may write ("" once that page's form was accepted)
    paused_at: float | None = None  # practice feedback on screen: the section clock stands still
    feedback: int | None = None  # the position whose feedback is shown
    notes: list[str] = field(default_factory=list)
    version: int = 0  # of the stored row this copy matches

    @property
    def adaptive(self) -> bool:
        return isinstance(self.session, AdaptiveSession)

    # -- the writer lease -------------------------------------------------------------------
    def new_tab(self) -> str:
        """A page of this sitting was rendered: it becomes the writer; any older page is replaced."""
        self.tab = secrets.token_urlsafe(12)
        return self.tab

    def is_writer(self, tab: str) -> bool:
        return bool(tab) and bool(self.tab) and secrets.compare_digest(tab, self.tab)

    def use_tab(self) -> None:
        """The page's form was accepted: the same form sent again (a double click, or the same
        answer through two workers at once) is refused; the page that follows has a lease of its own."""
        self.tab = ""

    # -- the clock ----------------------------------------------------------------------------
    def pause(self) -> None:
        if self.paused_at is None:
            self.paused_at = self.session.clock()

    def unpause(self) -> None:
        """Give back the time the feedback was on screen: the section clock moves its start on."""
        if self.paused_at is None:
            return
        self.session.stand_still(self.session.clock() - self.paused_at)
        self.paused_at = None
        self.feedback = None

    def remaining_ms(self) -> int:
        session = self.session
        index = session.section
        if session.sections[index].status != "open":
            return session.remaining_ms(index)
        if self.paused_at is not None:
            stood = int((session.clock() - self.paused_at) * 1000)
            return min(session.sections[index].limit_ms, session.remaining_ms(index) + stood)
        return session.remaining_ms(index)

    def deadline_epoch_ms(self) -> int | None:
        if self.session.sections[self.session.section].status != "open" or self.paused_at is not None:
            return None
        return int(time.time() * 1000) + self.remaining_ms()

    def expire_if_due(self) -> bool:
        """Close the open section when its time is up (the database's clock decides); True if it did."""
        session = self.session
        index = session.section
        if session.status != "in_progress" or session.sections[index].status != "open":
            return False
        if self.paused_at is not None or self.remaining_ms() > 0:
            return False
        session.close_section(index, expired=True)
        self.feedback = None
        if session.next_open_section() is None:
            session.finish()
        return True

    # -- the stored row -------------------------------------------------------------------------
    def row(self, version: int) -> SittingRow:
        session = self.session
        return SittingRow(version, self.tab, self.paused_at, self.feedback, session._section_opened_at,
                          session._item_open, session._item_opened_at)

    def visits(self) -> int | None:
        position = self.session._item_open
        return None if position is None else self.session.states[position].visits

    def apply(self, row: SittingRow) -> None:
        """Take the state another worker (or an earlier request) stored."""
        session = self.session
        self.version, self.tab, self.paused_at, self.feedback = row.version, row.tab, row.paused_at, row.feedback
        session._section_opened_at, session._item_open, session._item_opened_at = (
            row.section_opened_at, row.item_open, row.item_opened_at)


class Sittings:
    """The sittings one app process has seen, over its one store connection. Requests use hold();
    get() outside a request returns this process's copy (tests look at it)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.live: dict[int, Sitting] = {}
        self.held: Sitting | None = None
        self._forms: dict[str, tuple[str, TestForm, AdaptivePlan | None]] = {}  # form id -> (json, parsed)

    def _load(self, session_id: int) -> Session:
        """The session as stored (its parsed form reused while the form's JSON is unchanged)."""
        store = self.store
        try:
            record = store.session(session_id)
            text = store.form_json(record.form_id)
            known = self._forms.get(record.form_id)
            if known is None or known[0] != text:
                data = json.loads(text)
                plan = AdaptivePlan.from_dict(data["adaptive"]) if "adaptive" in data else None
                known = (text, TestForm.from_dict(data, f"form {record.form_id}"), plan)
                self._forms[record.form_id] = known
            _, form, plan = known
            return AdaptiveSession(store, session_id, form, plan) if plan is not None else \
                Session(store, session_id, form)
        except (StoreError, SessionError, ValueError, KeyError):
            raise NotFound(session_id) from None

    def get(self, session_id: int) -> Sitting:
        if self.held is not None and self.held.session.id == session_id:
            return self.held
        sitting = self.live.get(session_id)
        if sitting is None:
            sitting = Sitting(self._load(session_id))
            row = self.store.sitting(session_id)
            if row is not None:
                sitting.apply(row)
            self.live[session_id] = sitting
        return sitting

    @contextmanager
    def hold(self, session_id: int) -> Iterator[Sitting]:
        """One request on one session: locked in the database, the sitting as stored, written back
        (version + 1) when the request changed anything."""
        store = self.store
        with store.hold(session_id) as row:
            cached = self.live.get(session_id)
            if cached is not None and row is not None and cached.version == row.version:
                sitting = cached
            else:
                sitting = Sitting(self._load(session_id))
                if row is not None:
                    sitting.apply(row)
                elif sitting.session.status == "in_progress" and \
                        sitting.session.sections[sitting.session.section].status == "open":
                    # A sitting the browser never stored (begun in the terminal, or before this
                    # table existed): its section's clock goes on from the time it had used.
                    sitting.session.open_section(sitting.session.section)
            version = row.version if row is not None else 0
            before = (store.writes, sitting.row(version), sitting.visits())
            self.held = sitting
            try:
                sitting.expire_if_due()
                yield sitting
                if (store.writes, sitting.row(version), sitting.visits()) != before or row is None:
                    store.save_sitting(session_id, sitting.row(version + 1), sitting.visits())
                    sitting.version = version + 1
            except BaseException:
                self.live.pop(session_id, None)
                raise
            finally:
                self.held = None
        if store.held_rolled_back:
            self.live.pop(session_id, None)  # what this copy holds was not stored
        else:
            self.live[session_id] = sitting

    def add(self, session: Session) -> Sitting:
        """A sitting begun by this request (its first row is stored at once)."""
        sitting = Sitting(session)
        self.store.save_sitting(session.id, sitting.row(1), sitting.visits())
        sitting.version = 1
        self.live[session.id] = sitting
        return sitting
