"""Realism audits for the abstract families (issue 15): no option-only cue over 2,000 items, each key
letter near uniform, content distinct, b on target from -2.5 to +2.5, clean drawings (text boxes,
figure sizes, hatching) over 2,000 items, rule types spread out in a form.

Measured before issue 15 (v2): a careful candidate scored 100 % on `abstract` and the adaptive
abstract test hit its 30-item cap at theta +2.53 with 28 of 30 right; figures of 18 px (tiny
sizes, the figures of the number and position modes) with hatch lines 3.6 px apart; a shading
order that rules relied on and nothing stated."""

from __future__ import annotations

import itertools
import math
from collections import Counter

import pytest

from engine.blueprints import parse_blueprint
from engine.forms import assemble
from question_generators.abstract.panels import MODES
from question_generators.registry import difficulty_range
from tests.question_generators.abstract.svg_boxes import layout_problems
from tests.question_generators.realism import (
    assert_calibrated,
    assert_no_cues,
    distinct_share,
    sample,
    sweep_levels,
)

FAMILIES = ("abstract.matrix", "abstract.series")


@pytest.fixture(scope="module", params=FAMILIES)
def swept(request):
    return request.param, sample(request.param, sweep_levels(), 2000)


def letter_margin(items) -> float:
    """3 points, or 2.5 standard errors of a letter's share (8 options over 2,000 items: 1.8
    points), whichever is larger."""
    k = len(items[0].options)
    return max(0.03, 2.5 * math.sqrt((1 / k) * (1 - 1 / k) / len(items)))


def test_no_option_only_cue_and_letters_uniform(swept) -> None:
    _, items = swept
    assert_no_cues(items, margin=0.05, letter_margin=letter_margin(items))


def test_most_alike_by_attributes_is_chance(swept) -> None:
    """The option sharing the most attribute values with the others (the I-RAVEN shortcut of a
    badly built tree) is the key no more often than chance."""
    _, items = swept
    hits = chance = 0.0
    for item in items:
        figures = item.params["options"]
        scores = [sum(sum(a == b for a, b in zip(f, g, strict=True)) for g in figures) for f in figures]
        best = [i for i, s in enumerate(scores) if s == max(scores)]
        hits += (item.key in best) / len(best)
        chance += 1 / len(figures)
    assert hits <= chance + 0.05 * len(items)


def test_content_is_distinct_and_keys_are_set(swept) -> None:
    _, items = swept
    assert distinct_share(items) >= 0.95
    for item in items:
        assert isinstance(item.params.get("content"), str) and item.params["content"]
        assert item.params["spread"] and all(isinstance(k, str) for k in item.params["spread"])
    # the fingerprint is the content: reordered options or another prompt are the same item
    import dataclasses

    first = items[0]
    assert dataclasses.replace(first, prompt="x", options=tuple(reversed(first.options))).fingerprint() \
        == first.fingerprint()


def test_every_mode_at_every_level(swept) -> None:
    _, items = swept
    assert set(Counter(i.params["mode"] for i in items)) == set(MODES)


@pytest.mark.parametrize("family", FAMILIES)
def test_calibrated_over_the_whole_range(family: str) -> None:
    assert difficulty_range(family) == (-3.0, 3.0)
    assert_calibrated(family)  # -2, 0, +2
    assert_calibrated(family, levels=(-2.5, 2.5))


def test_drawings_are_clean(swept) -> None:
    """No text outside the viewBox or over another element, no figure under 24 px, hatch lines at
    least 4 px apart: measured on the SVG of all 2,000 items."""
    _, items = swept
    for item in items:
        assert layout_problems(item.figure.svg) == [], item.id


def test_the_layout_audit_catches_what_it_should() -> None:
    bad = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60">'
           '<defs><pattern id="h" width="5" height="5"><line x1="1" y1="0" x2="1" y2="5" stroke-width="1.4"/>'
           '</pattern></defs><rect x="10" y="10" width="15" height="15"/>'
           '<text x="95" y="30" font-size="14">Label</text>'
           '<text x="17" y="20" font-size="14">A</text></svg>')
    problems = " | ".join(layout_problems(bad))
    assert "outside the viewBox" in problems and "under 24 px" in problems
    assert "hatch lines 3.6 px apart" in problems and "over a rect" in problems


BLUEPRINT = """
name = "abstract-hard"
title = "Abstract, hard"
[[section]]
name = "abstract"
title = "Abstract"
minutes = 20
order = "as_listed"
  [[section.part]]
  family = "{family}"
  count = 12
  difficulty = [1.5, 2.5]
"""


@pytest.mark.parametrize("family", FAMILIES)
def test_no_two_items_of_one_rule_type_back_to_back(family: str) -> None:
    for seed in range(6):
        form = assemble(parse_blueprint(BLUEPRINT.format(family=family), "test"), seed)
        keys = [item.params["spread"][0] for item in form.items]
        assert all(a != b for a, b in itertools.pairwise(keys)), keys
        assert len({i.fingerprint() for i in form.items}) == len(form.items)
