"""Item analysis: p-values, corrected point-biserials, option counts and flags on made-up cohorts."""

from __future__ import annotations

import numpy as np
import pytest

from engine.itemstats import analyse, correlation, groups
from engine.store import ResponseRecord
from question_generators.item import LETTERS
from tests.factories import choice_item


def row(position: int, response: str | None, status: str = "answered", time_ms: int = 1000) -> ResponseRecord:
    return ResponseRecord(position, 0, "id", "fp", "numeric.arithmetic", response, None, status, False, time_ms, 1,
                          None)


def cohort(matrix: list[list[str | None]], items) -> list[list[ResponseRecord]]:
    return [[row(j, r, "answered" if r else "skipped") for j, r in enumerate(answers)] for answers in matrix]


def test_p_values_point_biserial_and_kr20_by_hand() -> None:
    items = [choice_item(n, key=1) for n in range(1, 4)]  # key B for all three
    matrix = [["B", "B", "B"], ["B", "B", "A"], ["B", "A", "A"], ["A", "A", "A"], ["B", "B", "B"]]
    result = analyse(items, cohort(matrix, items))
    assert result.n == 5
    assert [s.p for s in result.items] == pytest.approx([0.8, 0.6, 0.4])
    scores = np.array([[1, 1, 1], [1, 1, 0], [1, 0, 0], [0, 0, 0], [1, 1, 1]], dtype=float)
    totals = scores.sum(axis=1)
    for j, stat in enumerate(result.items):
        rest = totals - scores[:, j]
        assert stat.rpb == pytest.approx(np.corrcoef(scores[:, j], rest)[0, 1])
    p = scores.mean(axis=0)
    assert result.kr20 == pytest.approx(3 / 2 * (1 - (p * (1 - p)).sum() / totals.var()))
    assert result.totals.tolist() == totals.tolist()
    first = result.items[0]
    assert [o.count for o in first.options] == [1, 4, 0, 0, 0]
    assert [o.key for o in first.options] == [False, True, False, False, False]
    assert first.options[0].mistake == "mistake 0"


def test_a_miskeyed_item_is_flagged() -> None:
    """Strong candidates choose C on item 4, weak ones B (the stored key): negative r, distractor wins."""
    rng = np.random.default_rng(3)
    items = [choice_item(n, key=1) for n in range(1, 7)]
    matrix = []
    for ability in np.linspace(-2, 2, 40):
        answers = []
        for j in range(5):
            right = rng.random() < 1 / (1 + np.exp(-(2 * ability - (j - 2) * 0.5)))
            answers.append("B" if right else LETTERS[int(rng.choice([0, 2, 3, 4]))])
        answers.append("C" if ability > 0 else "B")
        matrix.append(answers)
    result = analyse(items, cohort(matrix, items))
    bad = result.items[5]
    assert bad.rpb is not None and bad.rpb < 0
    assert {"negative_rpb", "distractor_beats_key", "distractor_positive"} <= set(bad.flags)
    assert result.reliable
    good = [s for s in result.items[:5] if s.flags == ()]
    assert good, [s.flags for s in result.items]


def test_easy_hard_no_variance_and_unreached() -> None:
    items = [choice_item(n, key=1) for n in range(1, 4)]
    matrix = [["B", "A", None]] * 12
    sessions = cohort(matrix, items)
    sessions = [[*rows[:2], row(2, None, "unreached", 0)] for rows in sessions]
    result = analyse(items, sessions)
    easy, hard, unreached = result.items
    assert easy.p == 1 and "too_easy" in easy.flags and "no_variance" in easy.flags
    assert hard.p == 0 and "too_hard" in hard.flags and "below_chance" in hard.flags
    assert unreached.unreached == 12 and unreached.mean_time_ms is None
    assert result.kr20 is None


def test_empty_cohort_and_helpers() -> None:
    items = [choice_item(1)]
    result = analyse(items, [])
    assert result.n == 0 and result.items[0].flags == () and not result.reliable
    assert correlation(np.ones(4), np.arange(4.0)) is None
    upper, lower = groups(np.array([5.0, 1, 3, 4, 2, 0, 6, 7, 8, 9]))
    assert upper.tolist() == [9, 8, 7] and lower.tolist() == [4, 1, 5]
