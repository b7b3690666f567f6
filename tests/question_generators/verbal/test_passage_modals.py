"""verbal.passage: every modal and hedged pairing of passage and statement against a table of intended verdicts."""

from __future__ import annotations

import pytest

from question_generators.verbal.passage import _MODAL_CLAIMS, CANNOT, CLAIM_MODALS, FALSE, MODALS, TRUE, judge

T, F, C = TRUE, FALSE, CANNOT
# Intended verdicts, written out by hand (issue 14, item 1). Rows: how the passage states the plan;
# columns: what the statement claims. A hedge (may, might, could, likely, expected, plans to)
# settles neither "will" nor "will not": the event may still happen or not. "Has not yet" is not
# "never". "Has" / "has not" are about the past, so a future modality leaves them open.
COLUMNS = ("will", "will_not", "certain", "likely", "possible", "has", "has_not")
TABLE = {
    "will":     (T, F, T, T, T, C, C),
    "certain":  (T, F, T, T, T, C, C),
    "will_not": (F, T, F, F, F, C, C),
    "likely":   (C, C, C, T, T, C, C),
    "expected": (C, C, C, T, T, C, C),
    "plans":    (C, C, C, C, T, C, C),
    "may":      (C, C, C, C, T, C, C),
    "might":    (C, C, C, C, T, C, C),
    "could":    (C, C, C, C, T, C, C),
    "has":      (C, C, C, C, C, T, F),
    "has_not":  (C, C, C, C, C, F, T),
}
ROWS = [(stated, claimed, TABLE[stated][j]) for stated in TABLE for j, claimed in enumerate(COLUMNS)]


def test_the_table_covers_every_modality() -> None:
    assert set(TABLE) == set(MODALS)
    assert set(COLUMNS) == set(CLAIM_MODALS)


@pytest.mark.parametrize(("stated", "claimed", "verdict"), ROWS, ids=[f"{s}->{c}" for s, c, _ in ROWS])
def test_the_judge_gives_the_intended_verdict(stated: str, claimed: str, verdict: int) -> None:
    facts = [{"t": "modal", "e": 0, "m": stated}]
    assert judge({"t": "modal", "e": 0, "m": claimed}, facts) == verdict


@pytest.mark.parametrize("stated", sorted(TABLE))
def test_the_generator_keys_agree_with_the_table(stated: str) -> None:
    """The generator labels statements by its own table; each pairing it asks matches this one."""
    for claimed, label, _level, _reason, _trap in _MODAL_CLAIMS[stated]:
        assert label == TABLE[stated][COLUMNS.index(claimed)], (stated, claimed)


def test_the_staple_trap_is_asked() -> None:
    """'X may happen' with 'X will not happen' is Cannot say, and the generator asks it."""
    for stated in ("may", "might", "could", "likely", "plans"):
        assert ("will_not", CANNOT) in {(c, label) for c, label, *_ in _MODAL_CLAIMS[stated]}


def test_an_unmentioned_plan_is_cannot_say() -> None:
    facts = [{"t": "modal", "e": 0, "m": "will"}]
    assert judge({"t": "modal", "e": 1, "m": "will_not"}, facts) == CANNOT
