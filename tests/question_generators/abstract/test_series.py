"""abstract.series: every item verified, distractors break rules, options alone give nothing away."""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pytest

from question_generators.abstract.panels import BOUNDS, MODES, kind, rotate_mask
from question_generators.abstract.rules import explains_series, predict_series
from question_generators.abstract.series import all_plans, plan_difficulty
from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.registry import get_generator, make_item
from tests.question_generators.abstract.test_matrix import _middle_pick, _modal_pick
from tests.question_generators.conftest import difficulty_for
from tests.question_generators.realism import model_time

FAMILY = "abstract.series"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    assert {item.params["mode"] for item in items} == set(MODES)
    used = {(kind(a), r[0]) for item in items for a, r in item.params["rules"].items()}
    for pair in [("rotation", "progression"), ("count", "progression"), ("shading", "cycle"),
                 ("position", "progression"), ("shape", "cycle"), ("size", "progression")]:
        assert pair in used


def test_a_moved_key_or_a_changed_figure_is_caught(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
        options = list(item.options)
        options[item.key] = Option(options[item.key].text + ".", None, None)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))
        shown = [list(f) for f in item.params["shown"]]
        shown[0][1] = (shown[0][1] + 1) % 4
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, params={**item.params, "shown": shown}))


def _follows(attr: str, rule: str, param: int, values: list[int]) -> bool:
    """The generating rule applied forward (written apart from rules.py)."""
    if rule == "constant":
        return len(set(values)) == 1
    if rule == "cycle":
        return all(values[i] == values[i % param] for i in range(len(values))) and len(set(values[:param])) == param
    for a, b in itertools.pairwise(values):
        if attr == "rotation":
            ok = (a + param) % 8 == b
        elif attr == "position":
            ok = rotate_mask(a, param) == b
        else:
            ok = a + param == b
        if not ok:
            return False
    return True


def test_the_key_keeps_every_rule_and_every_distractor_breaks_one(items) -> None:
    for item in items:
        attrs = MODES[item.params["mode"]]
        for index, figure in enumerate(item.params["options"]):
            broken = [attr for i, attr in enumerate(attrs)
                      if not _follows(kind(attr), *item.params["rules"][attr],
                                      [f[i] for f in item.params["shown"]] + [figure[i]])]
            assert (index == item.key) == (not broken), (item.id, index, broken)


def test_options_form_a_balanced_tree_and_alone_give_nothing_away(items) -> None:
    for item in items:
        figures = item.params["options"]
        assert len(figures) == 4
        key = figures[item.key]
        for i in range(len(key)):
            counts = Counter(f[i] for f in figures)
            assert len(counts) == 2 and counts[key[i]] == 2  # the key's value in exactly half
    # Bound tested: each options-only solver hits < 1/4 + 0.05 over 1,000 items.
    sample = [make_item(FAMILY, difficulty_for(s), 90_000 + s) for s in range(1000)]
    modal = sum(_modal_pick(i.params["options"]) == i.key for i in sample) / 1000
    middle = sum(_middle_pick(i.params["options"], i.params["mode"]) == i.key for i in sample) / 1000
    assert modal < 0.30 and middle < 0.30, (modal, middle)


def test_predictor_and_verifier_agree_on_every_value(items) -> None:
    rng = np.random.default_rng(4)
    for item in items[:800]:
        for i, attr in enumerate(map(kind, MODES[item.params["mode"]])):
            shown = [f[i] for f in item.params["shown"]]
            lo, hi = BOUNDS[attr]
            domain = range(lo, hi + 1) if attr != "position" else \
                rng.choice(np.arange(1, 512), 60).tolist() + [f[i] for f in item.params["options"]]
            predicted = predict_series(attr, shown)
            assert len(predicted) == 1
            for value in domain:
                assert (value in predicted) == bool(explains_series(attr, [*shown, value])), (item.id, attr, value)


def test_difficulty_follows_the_model_and_one_rule_stays_easy(items) -> None:
    for item in items:
        p = item.params
        assert 25 <= model_time(item) <= 90
        if p["changing"] == 1:
            assert item.difficulty <= 1.5  # a single-rule series is never rated hard
    bs = [b for _, b in all_plans()]
    assert min(bs) <= -2.5 and max(bs) >= 2.5
    single = [b for (mode, spec), b in all_plans() if sum(r != "constant" for r, _ in spec) == 1]
    assert max(single) <= 1.5
    assert plan_difficulty("single", (("cycle", "cycle2"), ("constant", ""), ("constant", ""))) < \
        plan_difficulty("single", (("cycle", "cycle3"), ("constant", ""), ("constant", ""))) < \
        plan_difficulty("nested", (("cycle", "cycle3"), ("constant", ""), ("constant", ""), ("constant", ""))) < \
        plan_difficulty("nested", (("cycle", "cycle3"), ("constant", ""), ("cycle", "cycle2"), ("constant", "")))
    hard = [i for s, i in enumerate(items) if difficulty_for(s) >= 2.0]
    assert all(i.params["changing"] >= 3 for i in hard)


def test_keys_balanced_figures_render(items) -> None:
    positions = Counter(i.key for i in items)
    for letter in range(4):
        assert 0.2 <= positions[letter] / len(items) <= 0.3
    assert len({i.fingerprint() for i in items}) / len(items) > 0.97
    for item in items[:200]:
        ET.fromstring(item.figure.svg)
        assert all(len(line) <= 76 for line in item.figure.to_text().splitlines())
        assert item.options[item.key].text in item.explanation
        for option in item.options:
            assert option.text in item.figure.alt


def test_json_round_trip_keeps_the_item_checkable(items) -> None:
    import json

    from question_generators.item import Item

    generator = get_generator(FAMILY)
    for item in items[:200]:
        back = Item.from_dict(json.loads(json.dumps(item.to_dict())))
        generator.check(back)
        assert back.fingerprint() == item.fingerprint() and back.figure.to_html() == item.figure.to_html()
