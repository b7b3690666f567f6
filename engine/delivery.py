"""Delivery in the terminal: one item at a time, section clocks enforced, answers from a TTY or a
pipe. Input is read straight from the file descriptor with select(), so a time limit can end a
section while the candidate is still thinking, and buffered pipe input is never lost."""

from __future__ import annotations

import os
import select
import sys
from typing import TextIO

from engine.i18n import as_clause, error_text, t
from engine.session import Session, SessionError
from engine.store import StoreWriteError
from engine.textview import clock, item_body, wrap
from question_generators.errors import InvalidResponseError
from question_generators.item import LETTERS

TIMEOUT = object()  # what LineReader.readline returns when the time limit passes first
YES_WORDS = ("y", "yes", "j", "ja")  # "end the section?" takes English and Norwegian yes in any language
EXPIRED, END = -1, -2  # cursor values: the section's time ran out / the candidate ended it


class Paused(Exception):
    """The candidate stopped (q, end of input or Ctrl-C): the session stays resumable."""


class LineReader:
    """Lines from a file descriptor with an optional timeout; None at end of input."""

    def __init__(self, stream: TextIO | None = None) -> None:
        stream = stream or sys.stdin
        try:
            self.fd: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None  # an in-memory stream (tests through CliRunner): no timeouts
        self.stream = stream
        self.buffer = b""
        self.eof = False
        # Piped answers are not echoed by a terminal: echo them so a transcript reads like a session.
        self.echo = not (hasattr(stream, "isatty") and stream.isatty())

    def readline(self, timeout: float | None = None) -> str | object | None:
        if self.fd is None:
            line = self.stream.readline()
            return line.rstrip("\r\n") if line else None
        while b"\n" not in self.buffer and not self.eof:
            if timeout is not None:
                ready, _, _ = select.select([self.fd], [], [], max(0.0, timeout))
                if not ready:
                    return TIMEOUT
            chunk = os.read(self.fd, 4096)
            if not chunk:
                self.eof = True
                break
            self.buffer += chunk
        if not self.buffer and self.eof:
            return None
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8", errors="replace").rstrip("\r")


class TerminalRunner:
    """Runs a session in the terminal until it finishes, expires or is paused."""

    def __init__(self, session: Session, reader: LineReader, out: TextIO | None = None) -> None:
        self.session = session
        self.reader = reader
        self.out = out or sys.stdout

    def say(self, text: str = "", end: str = "\n") -> None:
        self.out.write(text + end)
        self.out.flush()

    def read(self, timeout: float | None) -> str | object | None:
        line = self.reader.readline(timeout=timeout)
        if isinstance(line, str) and self.reader.echo:
            self.say(line)
        return line

    def run(self) -> str:
        """Returns 'finished', 'expired', 'paused' (q or end of input) or 'interrupted' (Ctrl-C)."""
        session = self.session
        try:  # Ctrl-C even before the first prompt pauses the session and says how to resume it
            session.start()
            self.header()
            self.say(t("take.mode_practice" if session.mode == "practice" else "take.mode_exam"))
            while (index := session.next_open_section()) is not None:
                self.run_section(index)
        except (Paused, KeyboardInterrupt) as stop:
            left = clock(session.remaining_ms(session.section))
            try:
                session.leave()
            except StoreWriteError as exc:
                return self._unsaved(exc)
            self.say()
            self.say(t("take.paused", session=session.id, left=left))
            return "interrupted" if isinstance(stop, KeyboardInterrupt) else "paused"
        except StoreWriteError as exc:
            return self._unsaved(exc)
        try:
            session.finish()
        except StoreWriteError as exc:
            return self._unsaved(exc)
        self.say(t("take.expired" if session.status == "expired" else "take.finished"))
        return session.status

    def _unsaved(self, exc: StoreWriteError) -> str:
        """A save the store refused: say what was lost (this one step, nothing before it) and how to
        go on; the item stays open in the store, so `resume` offers it again."""
        session = self.session
        position = session.position
        section = session.form.section_of(position)
        number = position - session.section_positions(section).start + 1
        self.say()
        self.say(t("take.unsaved", error=str(exc), number=number, section=section + 1, session=session.id))
        return "unsaved"

    def header(self) -> None:
        form = self.session.form
        if form.seed is None:
            self.say(t("take.form_noseed", title=form.title, form_id=form.form_id))
        else:
            # Not "the same seed gives the same test": items the candidate has seen are redrawn.
            self.say(t("take.form", title=form.title, form_id=form.form_id, seed=form.seed,
                       session=self.session.id))

    # -- one section -------------------------------------------------------------------------
    def run_section(self, index: int) -> None:
        session = self.session
        section = session.form.sections[index]
        positions = session.section_positions(index)
        fresh = session.open_section(index)
        count = len(session.form.sections)
        self.say()
        if fresh:
            self.say(t("take.section_intro", number=index + 1, count=count, title=section.title,
                       items=len(positions), minutes=_minutes(section.time_limit_s)))
            self.say(t("take.help"))
        else:
            self.say(t("take.section_resume", number=index + 1, count=count, title=section.title,
                       left=clock(session.remaining_ms(index))))
        cursor: int | None = self._first_open(positions, start=session.position)
        while True:
            if cursor == EXPIRED or session.remaining_ms(index) <= 0:
                return self._expire(index)
            if cursor == END:
                return session.close_section(index, expired=False)
            if cursor is None:
                cursor = self._review(index, positions)
                if cursor is None:
                    cursor = END
                continue
            cursor = self._ask(index, positions, cursor)

    def _first_open(self, positions: range, start: int) -> int | None:
        ordered = [p for p in positions if p >= start] + [p for p in positions if p < start]
        for p in ordered:
            if self.session.states[p].status != "answered":
                return p
        return None

    def _next_open(self, positions: range, after: int) -> int | None:
        for p in positions:
            if p > after and self.session.states[p].status != "answered":
                return p
        return None

    def _expire(self, index: int) -> None:
        self.say()
        self.say(t("take.time_up"))
        self.session.close_section(index, expired=True)

    def _read(self, index: int) -> str | object | None:
        return self.read(timeout=self.session.remaining_ms(index) / 1000)

    def _ask(self, index: int, positions: range, position: int) -> int | None:
        """Show one item and handle one command; returns the next cursor: a position, None (no open
        item left: review), EXPIRED or END."""
        session = self.session
        item = session.visit(position)
        state = session.states[position]
        number = position - positions.start + 1
        header = t("take.header", section=session.form.sections[index].title, number=number,
                   count=len(positions), left=clock(session.remaining_ms(index)))
        if state.flagged:
            header += f" · {t('take.flagged')}"
        self.say()
        self.say(header)
        shared = self._testlet_numbers(positions, item)
        if shared:
            self.say(t("take.testlet", first=shared[0], last=shared[-1], material=_material(item)))
        self.say(item_body(item))
        if state.response:
            self.say(t("take.current_answer", answer=state.response))
        while True:
            if item.entry is None:
                prompt = t("take.prompt_choice", last=LETTERS[len(item.options) - 1])
            elif item.entry.unit:
                prompt = t("take.prompt_entry", unit=item.entry.unit)
            else:
                prompt = t("take.prompt_entry_plain")
            self.say(prompt, end="")
            line = self._read(index)
            if line is TIMEOUT:
                return EXPIRED
            if line is None:
                raise Paused
            assert isinstance(line, str)
            command = line.strip()
            if session.remaining_ms(index) <= 0:
                self.say(t("take.late_answer"))
                return EXPIRED
            lower = command.lower()
            # Commands never collide with option letters (A-H): words, or letters after H.
            if lower in ("", "s", "skip"):
                session.leave()
                return self._next_open(positions, position)
            if lower in ("q", "quit"):
                raise Paused
            if lower in ("?", "help"):
                self.say(t("take.help"))
                continue
            if lower in ("m", "flag"):
                flagged = session.toggle_flag(position)
                self.say(t("take.flag_on" if flagged else "take.flag_off", number=number))
                continue
            if lower in ("p", "back"):
                if position == positions.start:
                    self.say(t("take.no_previous"))
                    continue
                session.leave()
                return position - 1
            if lower in ("l", "list"):
                self._list(positions)
                continue
            word, _, rest = lower.partition(" ")
            if word in ("g", "go") and rest.strip():
                target = _goto(lower)
                if target is None or not 1 <= target <= len(positions):
                    self.say(t("take.bad_goto", value=_short(rest.strip()), count=len(positions)))
                    continue
                session.leave()
                return positions.start + target - 1
            if lower == "end":
                if self._confirm_end(positions):
                    session.leave()
                    return END
                continue
            try:
                correct = session.answer(position, command)
            except InvalidResponseError as exc:
                self.say(error_text(exc))
                continue
            except SessionError:
                self.say(t("take.practice_locked"))
                continue
            if session.mode == "practice":
                self._feedback(position, correct)
            session.leave()
            return self._next_open(positions, position)

    def _testlet_numbers(self, positions: range, item) -> list[int]:  # type: ignore[no-untyped-def]
        """Numbers (within the section) of the items sharing this item's table, chart or passage."""
        if not item.stimulus:
            return []
        items = self.session.items
        numbers = [n for n, p in enumerate(positions, 1) if items[p].stimulus == item.stimulus]
        return numbers if len(numbers) > 1 else []

    def _feedback(self, position: int, correct: bool) -> None:
        item = self.session.items[position]
        response = self.session.states[position].response
        if correct:
            self.say(t("take.correct"))
        else:
            self.say(t("take.wrong", key=item.key_text))
            mistake = item.mistake_for(response)
            if mistake:
                self.say(t("take.your_mistake", letter=response, mistake=as_clause(mistake)))
        self.say(wrap(t("take.explanation", text=item.explanation)))

    def _list(self, positions: range) -> None:
        """Item numbers by status, as ranges: a 50-item section fits in four lines."""
        states = [self.session.states[p] for p in positions]
        # The item on screen has been seen, though its row says 'unreached' until it is left.
        shown = [("skipped" if p == self.session.position and s.status == "unreached" else s.status)
                 for p, s in zip(positions, states, strict=True)]
        for status in ("answered", "skipped", "unreached"):
            numbers = [n for n, s in enumerate(shown, start=1) if s == status]
            if numbers:
                self.say(t("take.list_line", status=t(f"take.status_{status}"), items=number_ranges(numbers)))
        flagged = [n for n, s in enumerate(states, start=1) if s.flagged]
        if flagged:
            self.say(t("take.list_line", status=t("take.flagged"), items=number_ranges(flagged)))

    def _open_numbers(self, positions: range) -> tuple[list[int], list[int]]:
        states = self.session.states
        unanswered = [n for n, p in enumerate(positions, 1) if states[p].status != "answered"]
        flagged = [n for n, p in enumerate(positions, 1) if states[p].flagged]
        return unanswered, flagged

    def _confirm_end(self, positions: range) -> bool:
        unanswered, _ = self._open_numbers(positions)
        if not unanswered:
            return True
        self.say(t("take.confirm_end", open=len(unanswered)), end="")
        line = self.read(timeout=None)
        return isinstance(line, str) and line.strip().lower() in YES_WORDS

    def _review(self, index: int, positions: range) -> int | None:
        """End-of-section summary; returns an item to go back to, None to close the section, or
        EXPIRED when the time runs out at this prompt."""
        unanswered, flagged = self._open_numbers(positions)
        self.say()
        self.say(t("take.review", answered=len(positions) - len(unanswered), count=len(positions)))
        if unanswered:
            self.say(t("take.review_open", items=number_ranges(unanswered)))
        if flagged:
            self.say(t("take.review_flagged", items=number_ranges(flagged)))
        while True:
            self.say(t("take.review_prompt"), end="")
            line = self._read(index)
            if line is TIMEOUT:
                return EXPIRED
            if line is None or (isinstance(line, str) and not line.strip()):
                return None
            assert isinstance(line, str)
            value = line.strip().lower()
            if value in ("q", "quit"):
                raise Paused
            target = _number(value) if _number(value) is not None else _goto(value)
            if target is not None and 1 <= target <= len(positions):
                return positions.start + target - 1
            self.say(t("take.bad_goto", value=_short(line.strip()), count=len(positions)))


def _material(item) -> str:  # type: ignore[no-untyped-def]
    kind = type(item.figure).__name__
    return t(f"take.material_{kind}" if kind in ("Table", "Svg", "TextBlock") else "take.material_other")


def number_ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5, 7, 8] -> '1-3, 5, 7-8'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _goto(command: str) -> int | None:
    """'go 3' or 'g 3' -> 3; anything else -> None."""
    word, _, rest = command.partition(" ")
    return _number(rest.strip()) if word in ("g", "go") else None


def _short(text: str) -> str:
    """What the candidate typed, cut to a line: 5,000 digits are not echoed back."""
    return text if len(text) <= 20 else text[:17] + "..."


def _number(text: str) -> int | None:
    """An item number typed at a prompt: ASCII digits only ('²' and '٣' are digits to isdigit(),
    and int() reads neither sensibly) and at most six of them, so 5,000 digits is just no number."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 6 else None


def _minutes(seconds: int) -> str:
    return f"{seconds / 60:g}"
