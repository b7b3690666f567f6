"""Sessions: a state machine over a test form with a clock per item and per section.

The clock is the store's (Store.now: PostgreSQL's server clock, or this machine's for SQLite), so
that every process serving one session, such as several server workers, counts the same time.

Every change (answer, skip, flag, section end) is committed to the store before the caller goes
on, so a crash, Ctrl-C or a killed process loses nothing and `resume` continues with the time
the section had left."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from engine.forms import TestForm, form_id_of
from engine.i18n import t
from engine.store import Store, StoreWriteError, now_iso
from question_generators.errors import SecondroundError
from question_generators.item import Item

MODES = ("exam", "practice")
ACTIVE = ("not_started", "in_progress")
# Allowed status changes; anything else is a bug or a stale session and is refused.
TRANSITIONS: dict[str, set[str]] = {
    "not_started": {"in_progress", "abandoned"},
    "in_progress": {"finished", "expired", "abandoned"},
    "finished": set(), "expired": set(), "abandoned": set(),
}


class SessionError(SecondroundError):
    """A session that cannot do what was asked (finished already, unknown, wrong state)."""


@dataclass(slots=True)
class ItemState:
    status: str = "unreached"  # unreached -> skipped (seen, no answer) -> answered
    response: str | None = None
    correct: bool | None = None
    flagged: bool = False
    time_ms: int = 0
    visits: int = 0


@dataclass(slots=True)
class SectionState:
    status: str  # pending, open, done, expired
    elapsed_ms: int
    limit_ms: int


class Session:
    """One candidate's sitting of one form."""

    def __init__(self, store: Store, session_id: int, form: TestForm,
                 clock: Callable[[], float] | None = None) -> None:
        self.store = store
        self.id = session_id
        self.form = form
        self.items = form.items
        self.clock = clock or store.now  # seconds; section starts and deadlines are on the database's clock
        record = store.session(session_id)
        self.mode = record.mode
        self.status = record.status
        self.candidate = record.candidate
        self.lang = record.lang
        self.source = record.source
        self.extra_time = record.extra_time
        self.section = record.section
        self.position = record.position
        self.states = [ItemState(r.status, r.response, r.correct, r.flagged, r.time_ms, r.visits)
                       for r in store.responses(session_id)]
        self.sections = [SectionState(s.status, s.elapsed_ms, s.time_limit_ms) for s in store.sections(session_id)]
        self._section_opened_at: float | None = None
        self._item_opened_at: float | None = None
        self._item_open: int | None = None

    # -- creation ------------------------------------------------------------------------------
    @classmethod
    def create(cls, store: Store, form: TestForm, mode: str = "exam", candidate: str | None = None,
               lang: str = "en", *, register: bool = False, source: str = "terminal",
               extra_time: float = 1.0) -> Session:
        if mode not in MODES:
            raise SessionError(t("session.bad_mode", modes=", ".join(MODES)))
        text = form.to_json()
        form_id = form_id_of(text)
        rows = [(form.section_of(p), item.id, item.fingerprint(), item.family)
                for p, item in enumerate(form.items)]
        # The form and the session in one transaction: a failure stores neither.
        session_id = store.create_session(form_id, mode, candidate, lang,
                                          [s.time_limit_s * 1000 for s in form.sections], rows,
                                          form=(form.blueprint, form.title, form.seed, text), register=register,
                                          source=source, extra_time=extra_time)
        return cls(store, session_id, form)

    @classmethod
    def load(cls, store: Store, session_id: int) -> Session:
        record = store.session(session_id)
        form = TestForm.from_dict(json.loads(store.form_json(record.form_id)),
                                  f"form {record.form_id}")
        return cls(store, session_id, form)

    # -- the state machine ---------------------------------------------------------------------
    def _move(self, status: str, **stamps: str) -> None:
        if status not in TRANSITIONS[self.status]:
            raise SessionError(t("session.bad_move", session=self.id, status=t(f"session.status_{self.status}"),
                                 target=t(f"session.status_{status}")))
        self.store.set_session(self.id, status=status, **stamps)
        self.status = status

    def start(self) -> None:
        if self.status == "not_started":
            self._move("in_progress", started_at=now_iso())
        elif self.status != "in_progress":
            raise SessionError(t("session.closed", session=self.id, status=t(f"session.status_{self.status}")))

    def finish(self) -> None:
        expired = any(s.status == "expired" for s in self.sections)
        self._move("expired" if expired else "finished", finished_at=now_iso())

    def abandon(self) -> None:
        self._move("abandoned", finished_at=now_iso())

    # -- sections and their clocks -------------------------------------------------------------
    def section_positions(self, index: int) -> range:
        start = sum(len(s.items) for s in self.form.sections[:index])
        return range(start, start + len(self.form.sections[index].items))

    def open_section(self, index: int) -> bool:
        """Start (or restart after a resume) the clock of a section; True when it is new."""
        state = self.sections[index]
        fresh = state.status == "pending"
        if state.status in ("done", "expired"):
            raise SessionError(t("session.section_closed", number=index + 1))
        state.status = "open"
        self.section = index
        self._section_opened_at = self.clock()
        self.store.set_section(self.id, index, "open", state.elapsed_ms)
        return fresh

    def elapsed_ms(self, index: int) -> int:
        state = self.sections[index]
        running = 0 if self._section_opened_at is None or index != self.section else \
            int((self.clock() - self._section_opened_at) * 1000)
        return state.elapsed_ms + running

    def remaining_ms(self, index: int) -> int:
        return max(0, self.sections[index].limit_ms - self.elapsed_ms(index))

    def close_section(self, index: int, expired: bool) -> None:
        self.leave()
        state = self.sections[index]
        state.elapsed_ms = min(state.limit_ms, self.elapsed_ms(index))
        state.status = "expired" if expired else "done"
        self._section_opened_at = None
        self.store.set_section(self.id, index, state.status, state.elapsed_ms)

    def next_open_section(self) -> int | None:
        for index, state in enumerate(self.sections):
            if state.status in ("pending", "open"):
                return index
        return None

    # -- items -----------------------------------------------------------------------------------
    def visit(self, position: int) -> Item:
        """Show an item: its clock starts now (a previous item still open is left first)."""
        if self._item_open is not None and self._item_open != position:
            self.leave()
        if self._item_open != position:
            self._item_open = position
            self._item_opened_at = self.clock()
            self.states[position].visits += 1
        self.position = position
        return self.items[position]

    def _take_item_time(self, position: int) -> None:
        if self._item_open == position and self._item_opened_at is not None:
            now = self.clock()
            self.states[position].time_ms += int((now - self._item_opened_at) * 1000)
            self._item_opened_at = now

    def stand_still(self, seconds: float) -> None:
        """The clock stood still for `seconds` (practice feedback on screen in the browser): the
        open section's and the open item's clocks start that much later, so it is not counted."""
        if self._section_opened_at is not None:
            self._section_opened_at += seconds
        if self._item_opened_at is not None:
            self._item_opened_at += seconds

    def leave(self) -> None:
        """Leave the open item without answering: seen items become 'skipped'; committed."""
        position = self._item_open
        if position is None:
            return
        self._take_item_time(position)
        state = self.states[position]
        if state.status == "unreached":
            state.status = "skipped"
        self._commit(position)
        self._item_open = None
        self._item_opened_at = None

    def answer(self, position: int, text: str) -> bool:
        """Record an answer (validated by the item; raises InvalidResponseError); committed."""
        item = self.items[position]
        response = item.normalize_response(text)
        if self.mode == "practice" and self.states[position].status == "answered":
            raise SessionError(t("take.practice_locked"))
        self._take_item_time(position)
        state = self.states[position]
        state.status, state.response, state.correct = "answered", response, item.grade(response)
        self._commit(position)
        return bool(state.correct)

    def toggle_flag(self, position: int) -> bool:
        self._take_item_time(position)
        state = self.states[position]
        state.flagged = not state.flagged
        if state.status == "unreached":
            state.status = "skipped"
        self._commit(position)
        return state.flagged

    def _commit(self, position: int) -> None:
        """Save one item's state; when the store refuses (a full disk, a lock held too long) the
        state in memory goes back to what is stored, so what the candidate is told matches the file."""
        state = self.states[position]
        stored = self.store.responses_at(self.id, position)
        try:
            self._record(position, state)
        except StoreWriteError:
            if stored is not None:
                state.status, state.response, state.correct = stored.status, stored.response, stored.correct
                state.flagged, state.time_ms, state.visits = stored.flagged, stored.time_ms, stored.visits
            raise

    def _record(self, position: int, state: ItemState) -> None:
        section = self.form.section_of(position)
        self.store.record(self.id, position, status=state.status, response=state.response,
                          correct=state.correct, flagged=state.flagged, time_ms=state.time_ms,
                          visits=state.visits, section=section,
                          section_elapsed_ms=self.elapsed_ms(section),
                          section_status=self.sections[section].status)
