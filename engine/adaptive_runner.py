"""The terminal loop of an adaptive session: one item at a time, no skipping or going back, the
next item generated (and committed) only after the answer to this one is stored."""

from __future__ import annotations

from engine.adaptive import AdaptiveSession
from engine.delivery import TIMEOUT, Paused, TerminalRunner
from engine.i18n import error_text, t
from engine.session import SessionError
from engine.textview import clock, item_body
from question_generators.errors import InvalidResponseError
from question_generators.item import LETTERS


class AdaptiveRunner(TerminalRunner):
    """Runs an AdaptiveSession until the stop rule, the time limit or a pause."""

    session: AdaptiveSession

    def header(self) -> None:
        self.say(t("adaptive.header_form", title=self.session.form.title, seed=self.session.plan.seed))

    def run_section(self, index: int) -> None:
        session = self.session
        plan = session.plan
        fresh = session.open_section(index)
        self.say()
        if fresh:
            self.say(t("adaptive.intro", items=plan.min_items, most=plan.max_items,
                       minutes=f"{plan.time_limit_s / 60:g}", se=f"{plan.se_target:g}"))
            self.say(t("adaptive.help"))
        else:
            self.say(t("adaptive.resume", left=clock(session.remaining_ms(index))))
        while True:
            if session.remaining_ms(index) <= 0:
                return self._expire(index)
            position = session.pending()
            if position is None:
                if not session.extend():
                    key = "adaptive.stopped_se" if session.stopped_by_se else "adaptive.stopped_max"
                    self.say()
                    self.say(t(key, se=f"{plan.se_target:g}", items=session.administered))
                    self.say(t("adaptive.raw_note"))
                    return session.close_section(index, expired=False)
                continue
            if not self._ask_one(index, position):
                return self._expire(index)

    def _ask_one(self, index: int, position: int) -> bool:
        """Show the item and take one answer; False when the time ran out."""
        session = self.session
        item = session.visit(position)
        self.say()
        self.say(t("adaptive.item_header", title=session.plan.title, number=position + 1,
                   most=session.plan.max_items, left=clock(session.remaining_ms(index))))
        self.say(item_body(item))
        while True:
            if item.entry is None:
                self.say(t("take.prompt_choice", last=LETTERS[len(item.options) - 1]), end="")
            elif item.entry.unit:
                self.say(t("take.prompt_entry", unit=item.entry.unit), end="")
            else:
                self.say(t("take.prompt_entry_plain"), end="")
            line = self._read(index)
            if line is TIMEOUT:
                return False
            if line is None:
                raise Paused
            assert isinstance(line, str)
            if session.remaining_ms(index) <= 0:
                self.say(t("take.late_answer"))
                return False
            command = line.strip().lower()
            if command in ("q", "quit"):
                raise Paused
            if command in ("?", "help"):
                self.say(t("adaptive.help"))
                continue
            if not command:
                self.say(t("adaptive.answer_needed"))
                continue
            try:
                correct = session.answer(position, line)
            except InvalidResponseError as exc:
                self.say(error_text(exc))
                continue
            except SessionError:
                self.say(t("take.practice_locked"))
                continue
            if session.mode == "practice":
                self._feedback(position, correct)
            session.leave()
            return True
