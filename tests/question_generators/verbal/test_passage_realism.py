"""verbal.passage realism: calibration, key balance, no statement-length cue, distinct content (issue 14)."""

from __future__ import annotations

from collections import Counter

import pytest

from question_generators.registry import difficulty_range
from question_generators.verbal.passage import CANNOT, FALSE, TRUE
from tests.question_generators.realism import assert_calibrated, assert_no_cues, distinct_share, sample, sweep_levels

FAMILY = "verbal.passage"


@pytest.fixture(scope="module")
def items():
    return sample(FAMILY, sweep_levels(), 2000)


def test_calibrated_at_minus_2_0_and_plus_2() -> None:
    assert_calibrated(FAMILY)


def test_the_range_is_stated() -> None:
    assert difficulty_range(FAMILY) == (-2.5, 2.2)


def test_key_labels_are_balanced(items) -> None:
    counts = Counter(item.key for item in items)
    for label in (TRUE, FALSE, CANNOT):
        assert abs(counts[label] / len(items) - 1 / 3) <= 0.03, counts
    assert_no_cues(items)


@pytest.mark.xfail(reason="open: a length-to-label rule scores about 41 % against a 34 % base rate (short "
                   "'more than N' bounds are mostly False, long three-unit claims mostly True)", strict=False)
def test_statement_length_does_not_predict_the_verdict(items) -> None:
    """The best rule 'statements of this length are <label>' (one label per length) must not beat
    the base rate by more than 5 points."""
    by_length: dict[int, Counter[int]] = {}
    for item in items:
        by_length.setdefault(len(item.params["statement"].split()), Counter())[item.key] += 1
    hits = sum(c.most_common(1)[0][1] for c in by_length.values() if sum(c.values()) >= 20)
    total = sum(sum(c.values()) for c in by_length.values() if sum(c.values()) >= 20)
    base = max(Counter(item.key for item in items).values()) / len(items)
    assert hits / total <= base + 0.05, (hits / total, base)


def test_content_is_distinct(items) -> None:
    assert distinct_share(items) >= 0.95
