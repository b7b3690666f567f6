"""Scoring figures: raw, accuracy, speed, negative marking, guessing correction and IRT ability."""

from __future__ import annotations

import dataclasses

import pytest

from engine import irt
from engine.blueprints import ScoringRules
from engine.forms import TestForm
from engine.scoring import score
from engine.session import Session
from engine.textview import score_text
from tests.factories import make_form


def sit(store, clock, form: TestForm, answers: dict[int, str], skip: tuple[int, ...] = ()):  # type: ignore[no-untyped-def]
    session = Session.create(store, form)
    session.clock = clock
    session.start()
    for index in range(len(form.sections)):
        session.open_section(index)
        for position in session.section_positions(index):
            if position in answers:
                session.visit(position)
                clock.tick(10)
                session.answer(position, answers[position])
            elif position in skip:
                session.visit(position)
                clock.tick(5)
                session.leave()
        session.close_section(index, expired=False)
    session.finish()
    return score(form, store.responses(session.id), store.sections(session.id))


def test_figures_and_ability_on_every_tally(store, clock) -> None:
    form = make_form((600, 4), (600, 2))
    items = form.items
    wrong = lambda item: "A" if item.key_letter != "A" else "B"  # noqa: E731
    answers = {0: items[0].key_letter, 1: items[1].key_letter, 2: wrong(items[2]), 4: items[4].key_letter}
    result = sit(store, clock, form, answers, skip=(3,))
    overall = result.overall
    assert (overall.total, overall.attempted, overall.correct, overall.wrong) == (6, 4, 3, 1)
    assert overall.accuracy == 75.0
    assert overall.corrected == pytest.approx(3 - 1 / 4)  # five options: one wrong costs 1/(5-1)
    assert overall.negative_marked(0.25) == 2.75
    assert overall.items_per_minute == pytest.approx(4 / (45 / 60))  # 4 attempted in 45 s of section time
    for tally in (overall, *result.sections, *result.families):
        assert tally.ability is not None
    # The overall ability is the EAP of all six items: skipped and, in a fixed timed form, unreached
    # count as wrong (issue 16: number-correct scoring, as the real tests' norms are).
    params = irt.item_parameters_of(items)
    want = irt.eap_one([True, True, False, False, True, False], params)
    assert (overall.ability.theta, overall.ability.se) == pytest.approx(want, abs=1e-3)
    assert overall.ability.percentile == pytest.approx(irt.percentile(want[0]), abs=0.1)
    assert overall.ability.percentile_low < overall.ability.percentile < overall.ability.percentile_high
    assert overall.ability.sten_low < overall.ability.sten < overall.ability.sten_high


def test_a_slice_with_nothing_administered_has_no_ability(store, clock) -> None:
    # An adaptive sitting holds only the items it gave: the one pending at time-out stays out.
    form = dataclasses.replace(make_form((600, 2), (600, 2)), adaptive=True)
    result = sit(store, clock, form, {0: form.items[0].key_letter})
    assert result.sections[0].ability is not None and result.sections[1].ability is None
    assert not result.unreached_wrong


def test_unreached_items_of_a_fixed_form_count_as_wrong(store, clock) -> None:
    """1 right of 10 with the rest unreached read "percentile 32" before; it is a low score."""
    form = make_form((600, 10))
    result = sit(store, clock, form, {0: form.items[0].key_letter})
    overall = result.overall
    assert (overall.correct, overall.attempted, overall.total) == (1, 1, 10)
    assert result.unreached_wrong and result.unreached == 9
    assert overall.ability.percentile < 15, overall.ability
    text = score_text(result)
    assert "9 item(s) not reached count as wrong" in text


def test_accuracy_is_a_dash_when_nothing_was_attempted(store, clock) -> None:
    form = make_form((600, 3))
    result = sit(store, clock, form, {})
    assert result.overall.accuracy is None
    assert "accuracy - " in score_text(result)


def test_calibration_moves_the_estimate(store, clock) -> None:
    form = make_form((600, 4))
    result_plain = sit(store, clock, form, {p: item.key_letter for p, item in enumerate(form.items)})
    session = store.sessions()[0]
    harder = score(form, store.responses(session.id), store.sections(session.id),
                   calibration={"numeric.arithmetic": (1.0, 1.0)})
    assert harder.overall.ability.theta > result_plain.overall.ability.theta + 0.2


def test_summary_shows_rules_speed_and_a_labelled_ability(store, clock) -> None:
    form = dataclasses.replace(make_form((600, 4)), scoring=ScoringRules(0.25, True))
    items = form.items
    result = sit(store, clock, form, {0: items[0].key_letter, 1: "A" if items[1].key_letter != "A" else "B"})
    text = score_text(result)
    assert "With negative marking (0.25 off per wrong answer): 0.75 of 4" in text
    assert "Corrected for guessing (right - wrong/(k-1)): 0.75 of 4" in text
    assert "Speed: 6.0 items per minute" in text
    assert "Ability (Overall): theta " in text and "percentile" in text and "sten" in text
    assert "not a comparison with a norm group" in text


def test_rules_travel_with_the_form_and_default_forms_keep_their_bytes() -> None:
    plain = make_form((600, 2))
    assert "scoring" not in plain.to_dict()
    ruled = dataclasses.replace(plain, scoring=ScoringRules(0.5, False))
    again = TestForm.from_dict(ruled.to_dict())
    assert again.scoring == ScoringRules(0.5, False) and again.form_id == ruled.form_id != plain.form_id


def test_extreme_percentiles_print_as_below_1_and_above_99() -> None:
    from engine.scoring import Ability
    from engine.textview import ability_line

    low = Ability(*irt.ability_figures(-3.4, 0.4))
    assert "percentile <1 (range <1 to <1) · sten 1 (range 1 to 1)" in ability_line("Overall", low)
    high = Ability(*irt.ability_figures(2.7, 0.3))
    assert "percentile >99 (range 99 to >99)" in ability_line("Overall", high)


def test_blueprint_rules_show_in_the_terminal_summary(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ruled.toml").write_text(
        'name = "ruled"\n[scoring]\nnegative_marking = 0.5\nguessing_correction = true\n'
        '[[section]]\nname = "a"\nminutes = 5\n  [[section.part]]\n  family = "numeric.series"\n  count = 3\n')
    result = run("take", "ruled.toml", "--seed", "1", input="\n\n\n\n")  # all skipped: nothing wrong
    assert result.code == 0, result.text
    assert "With negative marking (0.5 off per wrong answer): 0 of 3" in result.out
    assert "Corrected for guessing (right - wrong/(k-1)): 0 of 3" in result.out
    assert "Ability (Overall): theta -" in result.out  # three skips count as wrong
