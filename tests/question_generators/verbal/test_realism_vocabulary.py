"""Realism audits of the vocabulary families (issue 14): no option-only cue beats chance, b follows
the request at -2, 0 and +2 over the whole range, and 2,000 items hold at least 95 % distinct content."""

from __future__ import annotations

import pytest

from question_generators.registry import difficulty_range, make_item
from tests.question_generators.realism import assert_calibrated, assert_no_cues, distinct_share, sample, sweep_levels

FAMILIES = ("verbal.synonym", "verbal.antonym")


@pytest.fixture(scope="module")
def swept() -> dict[str, list]:
    return {family: sample(family, sweep_levels(), 2000) for family in FAMILIES}


@pytest.mark.parametrize("family", FAMILIES)
def test_no_option_only_cue(family: str, swept) -> None:
    assert_no_cues(swept[family])


@pytest.mark.parametrize("family", FAMILIES)
def test_reaches_the_top_and_is_calibrated(family: str) -> None:
    assert difficulty_range(family)[0] <= -2.5 and difficulty_range(family)[1] >= 2.5
    assert_calibrated(family)


@pytest.mark.parametrize("family", FAMILIES)
def test_content_is_distinct(family: str, swept) -> None:
    assert distinct_share(swept[family]) >= 0.95


@pytest.mark.parametrize("family", ["verbal.synonym", "verbal.antonym"])
def test_items_at_the_top_use_rare_words(family: str) -> None:
    """At +2 the cue is a rare word (band 3 or 4: Zipf below 3.5), not VAST or COUCH."""
    items = [make_item(family, 2.0, 10_000 + i) for i in range(60)]
    assert sum(item.params["cue_band"] >= 3 for item in items) >= 55
    assert sum(item.params["cue_band"] == 4 for item in items) >= 30
