"""Realism audits for the data-interpretation and percentage families (issue 14): no option-only cue
over 2,000 items, each key letter near uniform, b on target at -2, 0 and +2, content distinct, and
"Cannot be determined from the data" an honest option that is sometimes the key.

Measured before issue 14 (2,000 items, sweep -3..+3): the option most like the others (shared
digits) was the key on 51 % of percent_ratio, 46 % of data_chart and 39 % of data_table items
(chance 20 %); data_chart asked at +2 gave mean b +1.51 with SD 1.70."""

from __future__ import annotations

from collections import Counter

import pytest

from question_generators.numeric import data
from question_generators.registry import make_item
from tests.question_generators.realism import (
    assert_calibrated,
    assert_no_cues,
    distinct_share,
    sample,
    sweep_levels,
)

FAMILIES = ("numeric.data_table", "numeric.data_chart", "numeric.percent_ratio")
CANNOT = data.data_phrases("en")["cannot"]


@pytest.fixture(scope="module", params=FAMILIES)
def swept(request):
    return request.param, sample(request.param, sweep_levels(), 2000)


def test_no_option_only_cue_and_letters_uniform(swept) -> None:
    _, items = swept
    assert_no_cues(items, margin=0.05, letter_margin=0.03)


def test_content_is_distinct_and_keyed_for_repeats(swept) -> None:
    _, items = swept
    assert distinct_share(items) >= 0.95
    for item in items:
        once, spread = item.repeat_keys()
        assert isinstance(item.params.get("content"), str) and once and spread


@pytest.mark.parametrize("family", FAMILIES)
def test_calibrated_at_minus_two_zero_and_plus_two(family: str) -> None:
    assert_calibrated(family)


@pytest.mark.parametrize("family", FAMILIES[:2])
def test_cannot_be_determined_is_sometimes_the_key_and_sometimes_wrong(family: str) -> None:
    items = sample(family, sweep_levels(), 1000, seed0=5000)
    offered = [i for i in items if any(o.text == CANNOT for o in i.options)]
    keyed = [i for i in offered if i.options[i.key].text == CANNOT]
    assert 0.2 <= len(offered) / len(items) <= 0.6
    assert 0.12 <= len(keyed) / len(offered) <= 0.35  # neither "always" nor "never" pays
    for item in keyed:  # the question names a period the data do not show
        assert item.params["q"]["missing"] not in item.params["data"]["cols"]
        assert item.params["q"]["missing"] in item.prompt


@pytest.mark.parametrize("family", FAMILIES[:2])
def test_distractors_answer_the_question_asked(family: str) -> None:
    """A "which fell" or "by how much did it fall" question offers no other row's rise."""
    items = sample(family, sweep_levels(), 800, seed0=9000)
    template = data.data_phrases("en")["mistakes"]["neighbour_row"]
    checked = 0
    for item in items:
        kind, q, d = item.params["kind"], item.params["q"], item.params["data"]
        if kind not in ("difference", "pct_change") or item.params.get("cannot") == 2:
            continue
        values, rows = d["values"], d["rows"]
        read_row = {data.possessive(template.format(row=r) + " "): j for j, r in enumerate(rows)}
        up = values[q["r"]][q["c2"]] > values[q["r"]][q["c1"]]
        for option in item.options:
            j = read_row.get((option.mistake or "") + " ")
            if j is not None:
                assert (values[j][q["c2"]] > values[j][q["c1"]]) == up, (item.prompt, option)
                checked += 1
    assert checked > (20 if family.endswith("chart") else 50)  # charts also offer misread values


def test_no_sums_of_year_end_headcounts() -> None:
    for seed in range(600):
        item = make_item("numeric.data_table", 2.0 - (seed % 5), seed)
        if item.params["data"]["context"] in data.STOCKS:
            assert item.params["kind"] not in data.OVER_PERIODS, item.prompt


def test_hard_items_take_several_steps() -> None:
    items = [make_item(f, 2.0, s) for f in FAMILIES[:2] for s in range(120)]
    steps = Counter(data.STEPS[i.params["kind"]] for i in items)
    assert sum(n for k, n in steps.items() if k >= 3) / len(items) >= 0.8
