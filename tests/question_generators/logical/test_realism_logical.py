"""Realism audits for the logical families (issue 15): no option-only cue beats chance, b follows
the request at -2, 0 and +2, and 2,000 items hold at least 95 % distinct content."""

from __future__ import annotations

import pytest

from question_generators.registry import difficulty_range
from tests.question_generators.realism import (
    assert_calibrated,
    assert_no_cues,
    distinct_share,
    sample,
    sweep_levels,
)

FAMILIES = ("logical.syllogism", "logical.ordering", "logical.letter_series", "logical.coding")
# ordering: only its seat questions have numeric options (about one item in eight), too few in
# 2,000 for the value strategies' 5-point margin (their sampling SD is 2.5 points): 5,000 items
N = {"logical.ordering": 5000}


@pytest.fixture(scope="module")
def swept() -> dict[str, list]:
    return {family: sample(family, sweep_levels(), N.get(family, 2000)) for family in FAMILIES}


@pytest.mark.parametrize("family", FAMILIES)
def test_no_option_only_cue(family: str, swept) -> None:
    assert_no_cues(swept[family])


@pytest.mark.parametrize("family", FAMILIES)
def test_b_follows_the_request(family: str) -> None:
    low, high = difficulty_range(family)
    assert low <= -2.5 and high >= 2.5  # the whole of [-2.5, +2.5] is reached
    assert_calibrated(family)


@pytest.mark.parametrize("family", FAMILIES)
def test_content_is_distinct_and_spread_keys_are_set(family: str, swept) -> None:
    items = swept[family]
    assert distinct_share(items) >= 0.95
    for item in items:
        assert isinstance(item.params["content"], str) and item.params["content"]
        assert item.params["spread"] and all(isinstance(k, str) for k in item.params["spread"])
