"""Issue 18: no English template text leaks into a Bokmål numerical item: every word of a family's
English phrase table that its Bokmål table does not also use is absent from 1,000 rendered nb
items (prompt, options, explanation, named mistakes); the same scan finds English items."""

from __future__ import annotations

import pytest

from question_generators.registry import make_item
from tests.question_generators.bokmal import level
from tests.question_generators.numeric.nb_checks import catalogue_leaks, english_catalogue, nb_sample

FAMILIES = ("series", "arithmetic", "estimation", "percent_ratio", "word_problem")


@pytest.mark.parametrize("family", FAMILIES)
def test_no_english_catalogue_word_in_bokmal_items(family: str) -> None:
    assert len(english_catalogue(family)) > 20
    items = nb_sample(f"numeric.{family}", 1000, step=3)
    assert not catalogue_leaks(items, family)
    english = [make_item(f"numeric.{family}", level(seed), seed) for seed in range(50)]
    assert catalogue_leaks(english, family)  # the scan does see English
