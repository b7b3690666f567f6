"""Sittings in the browser: the live Session (or AdaptiveSession) of each test, the tab that may
write to it, and the server's clock, which decides when a section is over.

There is one implementation of the rules: every answer, skip, flag and section end goes through
engine.session, which commits it before the next page is sent. This module only adds what the
browser needs on top: a writer lease per tab (a second tab takes over, the first is told), the
practice-feedback pause, and closing a section whose time is up on any request, so a page left
idle or closed still ends on time."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from engine.adaptive import AdaptiveSession
from engine.session import Session, SessionError
from engine.store import Store, StoreError


class NotFound(Exception):
    """No such session (or it is not one this app may show)."""


@dataclass(slots=True)
class Sitting:
    """A session as the browser drives it."""

    session: Session
    tab: str = ""  # the lease of the one page that may write
    paused_at: float | None = None  # practice feedback on screen: the section clock stands still
    feedback: int | None = None  # the position whose feedback is shown
    notes: list[str] = field(default_factory=list)

    @property
    def adaptive(self) -> bool:
        return isinstance(self.session, AdaptiveSession)

    # -- the writer lease -------------------------------------------------------------------
    def new_tab(self) -> str:
        """A page of this sitting was rendered: it becomes the writer; any older page is replaced."""
        self.tab = secrets.token_urlsafe(12)
        return self.tab

    def is_writer(self, tab: str) -> bool:
        return bool(tab) and secrets.compare_digest(tab, self.tab)

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
        """Close the open section when its time is up (the server's clock decides); True if it did."""
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


class Sittings:
    """The live sittings of one app process, loaded from the store on first use (so a restarted
    server continues every unfinished test with the time its section had left)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.live: dict[int, Sitting] = {}

    def get(self, session_id: int) -> Sitting:
        sitting = self.live.get(session_id)
        if sitting is None:
            try:
                session = AdaptiveSession.load(self.store, session_id)
            except (StoreError, SessionError):
                raise NotFound(session_id) from None
            sitting = Sitting(session)
            index = session.section
            # After a restart the section was left open in the store: its clock starts again now,
            # from the time it had used (the time the server was down is not counted).
            if session.status == "in_progress" and session.sections[index].status == "open":
                session.open_section(index)
            self.live[session_id] = sitting
        sitting.expire_if_due()
        return sitting

    def add(self, session: Session) -> Sitting:
        sitting = Sitting(session)
        self.live[session.id] = sitting
        return sitting
