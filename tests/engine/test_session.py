"""Sessions: the state machine, clocks per item and section, and commits before going on."""

from __future__ import annotations

import sqlite3

import pytest

from engine.scoring import score
from engine.session import Session, SessionError
from question_generators.errors import InvalidResponseError
from tests.factories import make_form


def test_answers_are_on_disk_before_the_call_returns(store, db_path, clock) -> None:
    session = Session.create(store, make_form((60, 3)))
    session.clock = clock
    session.start()
    session.open_section(0)
    session.visit(0)
    clock.tick(7)
    assert session.answer(0, "b") is session.items[0].grade("B")
    other = sqlite3.connect(db_path)  # a second connection sees the committed row at once
    row = other.execute("SELECT response, status, time_ms FROM responses WHERE position = 0").fetchone()
    assert row == ("B", "answered", 7000)
    assert other.execute("SELECT elapsed_ms FROM section_state WHERE section = 0").fetchone()[0] == 7000
    other.close()


def test_invalid_answer_is_refused_and_not_stored(store, clock) -> None:
    session = Session.create(store, make_form((60, 2)))
    session.start()
    session.open_section(0)
    session.visit(0)
    with pytest.raises(InvalidResponseError, match="letter from A to E"):
        session.answer(0, "Z")
    assert store.responses(session.id)[0].status == "unreached"


def test_numeric_entry_is_normalized_and_graded_with_tolerance(store) -> None:
    session = Session.create(store, make_form((60, 3), with_entry=True))
    session.start()
    session.open_section(0)
    session.visit(1)
    assert session.answer(1, " 12.54 km") is True
    assert store.responses(session.id)[1].response == "12.54"
    with pytest.raises(InvalidResponseError, match="not a number"):
        session.answer(1, "twelve")


def test_section_time_survives_a_reload(store, clock) -> None:
    session = Session.create(store, make_form((60, 2), (30, 1)))
    session.clock = clock
    session.start()
    session.open_section(0)
    session.visit(0)
    clock.tick(20)
    session.answer(0, "A")
    # The process dies here; a new one loads the session.
    again = Session.load(store, session.id)
    again.clock = clock
    assert again.status == "in_progress"
    assert again.remaining_ms(0) == 40_000
    again.open_section(0)
    clock.tick(5)
    assert again.remaining_ms(0) == 35_000


def test_expired_section_leaves_unseen_items_unreached(store, clock) -> None:
    session = Session.create(store, make_form((10, 3)))
    session.clock = clock
    session.start()
    session.open_section(0)
    session.visit(0)
    clock.tick(4)
    session.answer(0, "B")
    session.visit(1)
    clock.tick(10)
    session.close_section(0, expired=True)
    session.finish()
    assert session.status == "expired"
    statuses = [r.status for r in store.responses(session.id)]
    assert statuses == ["answered", "skipped", "unreached"]
    assert store.sections(session.id)[0].elapsed_ms == 10_000  # capped at the limit


def test_state_machine_refuses_illegal_moves(store) -> None:
    session = Session.create(store, make_form((60, 1)))
    with pytest.raises(SessionError):
        session.finish()  # not started yet
    session.start()
    session.abandon()
    with pytest.raises(SessionError, match="abandoned"):
        session.start()


def test_practice_answers_are_final(store) -> None:
    session = Session.create(store, make_form((60, 2)), mode="practice")
    session.start()
    session.open_section(0)
    session.visit(0)
    session.answer(0, "A")
    with pytest.raises(SessionError, match="final"):
        session.answer(0, "B")


def test_flag_and_score(store, clock) -> None:
    form = make_form((60, 4))
    session = Session.create(store, form)
    session.clock = clock
    session.start()
    session.open_section(0)
    keys = [item.key_letter for item in form.items]
    for position, answer in enumerate([keys[0], "A" if keys[1] != "A" else "B", None, keys[3]]):
        session.visit(position)
        clock.tick(10)
        if position == 2:
            session.toggle_flag(position)
        if answer:
            session.answer(position, answer)
    session.close_section(0, expired=False)
    session.finish()
    result = score(form, store.responses(session.id), store.sections(session.id))
    assert (result.overall.correct, result.overall.attempted, result.overall.total) == (2, 3, 4)
    assert result.overall.percent == 50.0
    assert round(result.overall.accuracy, 1) == 66.7
    assert result.overall.time_ms == 40_000
    assert result.items[2].flagged and result.items[2].status == "skipped"
    assert result.items[1].mistake is not None  # the chosen distractor's named mistake
    assert result.median_item_ms == 10_000
