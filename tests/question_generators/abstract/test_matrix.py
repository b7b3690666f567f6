"""abstract.matrix: every item verified, distractors break rules, options alone give nothing away."""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict

import numpy as np
import pytest

from question_generators.abstract.matrix import PLANS
from question_generators.abstract.panels import BOUNDS, MODES, rotate_mask
from question_generators.abstract.rules import explains, generate_rows, predict
from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.registry import get_generator, make_item
from tests.question_generators.conftest import difficulty_for

FAMILY = "abstract.matrix"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)  # 2,000 items, each already checked by make_item


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    assert {item.params["mode"] for item in items} == set(MODES)
    used = {(a, r) for item in items for a, r in item.params["rules"].items()}
    for attr, rule in [("count", "plus"), ("count", "minus"), ("position", "or"), ("position", "xor"),
                       ("position", "progression"), ("rotation", "progression"), ("shape", "distribute"),
                       ("size", "progression"), ("shading", "constant")]:
        assert (attr, rule) in used


def test_a_moved_key_or_a_changed_figure_is_caught(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)
        # the option text must show the option's figure
        options = list(item.options)
        options[item.key] = Option(options[item.key].text + " ", None, None)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))
        # the key's figure replaced by a distractor's: no option fits any more, or two do
        other = (item.key + 1) % len(item.options)
        figures = [list(p) for p in item.params["options"]]
        figures[item.key] = list(figures[other])
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, params={**item.params, "options": figures}))
        # a shown cell changed: the text figure no longer matches
        cells = [list(c) for c in item.params["cells"]]
        cells[0][2] = (cells[0][2] + 1) % 4
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, params={**item.params, "cells": cells}))


def _holds(attr: str, rule: str, info: dict, rows: list[list[int]]) -> bool:
    """The generating rule, applied forward to complete rows (written apart from rules.py)."""
    if rule == "constant":
        return all(r[0] == r[1] == r[2] for r in rows)
    if rule == "plus":
        return all(r[0] + r[1] == r[2] for r in rows)
    if rule == "minus":
        return all(r[0] - r[1] == r[2] for r in rows)
    if rule == "or":
        return all(r[0] | r[1] == r[2] for r in rows)
    if rule == "xor":
        return all(r[0] ^ r[1] == r[2] for r in rows)
    if rule == "distribute":
        return all(set(r) == set(rows[0]) and len(set(r)) == 3 for r in rows) and \
            all(len({r[c] for r in rows}) == 3 for c in range(3))
    d = info["d"]
    if attr == "rotation":
        return all((r[i] + d) % 8 == r[i + 1] for r in rows for i in (0, 1))
    if attr == "position":
        return all(rotate_mask(r[i], d) == r[i + 1] for r in rows for i in (0, 1))
    return all(r[i] + d == r[i + 1] for r in rows for i in (0, 1))


def test_the_key_keeps_every_rule_and_every_distractor_breaks_one(items) -> None:
    for item in items:
        attrs = MODES[item.params["mode"]]
        cells = item.params["cells"]
        for index, figure in enumerate(item.params["options"]):
            broken = []
            for i, attr in enumerate(attrs):
                values = [c[i] for c in cells] + [figure[i]]
                rows = [values[0:3], values[3:6], values[6:9]]
                if not _holds(attr, item.params["rules"][attr], item.params["rule_params"][attr], rows):
                    broken.append(attr)
            assert (index == item.key) == (not broken), (item.id, index, broken)


def test_options_form_a_balanced_attribute_tree(items) -> None:
    for item in items:
        figures = item.params["options"]
        assert len(figures) in (6, 8) and len(figures) == len(item.options)
        assert len({tuple(f) for f in figures}) == len(figures)
        for i in range(3):
            counts = Counter(f[i] for f in figures)
            assert len(set(counts.values())) == 1, (item.id, i, counts)  # every value equally often
        key = item.params["options"][item.key]
        for index, figure in enumerate(figures):
            if index != item.key:
                assert any(a != b for a, b in zip(figure, key, strict=True))


def _modal_pick(figures: list[list[int]]) -> int:
    """An options-only solver: the option whose attribute values are the most common (first on ties)."""
    counts = [Counter(f[i] for f in figures) for i in range(3)]
    scores = [sum(counts[i][f[i]] for i in range(3)) for f in figures]
    return scores.index(max(scores))


def _middle_pick(figures: list[list[int]], mode: str) -> int:
    """Another options-only solver: the option closest to the middle value of every ordered attribute."""
    attrs = MODES[mode]
    scores = []
    for f in figures:
        score = 0.0
        for i, attr in enumerate(attrs):
            if attr == "rotation":
                continue
            rank = (lambda v: v.bit_count()) if attr == "position" else (lambda v: v)
            values = sorted(rank(g[i]) for g in figures)
            score += abs(rank(f[i]) - values[len(values) // 2])
        scores.append(score)
    return scores.index(min(scores))


def test_options_alone_do_no_better_than_chance() -> None:
    # Bound tested: over 1,000 items the hit rate of each options-only solver stays below the
    # chance rate (mean 1/k) + 0.05.
    items = [make_item(FAMILY, difficulty_for(s), 50_000 + s) for s in range(1000)]
    chance = sum(1 / len(i.options) for i in items) / len(items)
    modal = sum(_modal_pick(i.params["options"]) == i.key for i in items) / len(items)
    middle = sum(_middle_pick(i.params["options"], i.params["mode"]) == i.key for i in items) / len(items)
    assert modal < chance + 0.05, (modal, chance)
    assert middle < chance + 0.05, (middle, chance)


def test_predictor_and_verifier_agree_on_every_value(items) -> None:
    """rules.predict (8 cells -> values) and rules.explains (9 cells -> rules) are written apart:
    a value is predicted exactly when some rule explains the completed matrix."""
    rng = np.random.default_rng(3)
    for item in items[:600]:
        attrs = MODES[item.params["mode"]]
        for i, attr in enumerate(attrs):
            shown = [c[i] for c in item.params["cells"]]
            lo, hi = BOUNDS[attr]
            domain = range(lo, hi + 1) if attr != "position" else rng.choice(np.arange(1, 512), 60).tolist() + \
                [f[i] for f in item.params["options"]]
            predicted = predict(attr, shown)
            assert len(predicted) == 1
            for value in domain:
                assert (value in predicted) == bool(explains(attr, [*shown, value])), (item.id, attr, value)


def test_forward_rows_follow_their_rule() -> None:
    rng = np.random.default_rng(1)
    for attr, rule in itertools.product(["shape", "size", "shading", "rotation", "count", "position"],
                                        ["constant", "progression", "distribute", "plus", "minus", "or", "xor"]):
        if (rule in ("plus", "minus") and attr != "count") or (rule in ("or", "xor") and attr != "position"):
            continue
        for _ in range(50):
            drawn = generate_rows(attr, rule, rng)
            if drawn is None:
                continue
            rows, _info = drawn
            assert rule in explains(attr, [v for r in rows for v in r])


def test_difficulty_rises_with_the_plan(items) -> None:
    by_plan: dict[int, list[float]] = defaultdict(list)
    for item in items:
        p = item.params
        plan = PLANS.index((p["active"], min(p["hard"], p["active"]), 8 if p["eight"] else 6)) \
            if (p["active"], p["hard"], 8 if p["eight"] else 6) in PLANS else None
        if plan is not None:
            by_plan[plan].append(item.difficulty)
        assert 1.0 <= item.discrimination <= 1.2 and 40 <= item.time_s <= 95
    means = [sum(by_plan[k]) / len(by_plan[k]) for k in sorted(by_plan)]
    assert len(means) == len(PLANS) and means == sorted(means)
    gaps = [item.difficulty - difficulty_for(s) for s, item in enumerate(items)]
    assert abs(sum(gaps) / len(gaps)) < 0.4


def test_key_position_is_balanced_and_items_differ(items) -> None:
    for k in (6, 8):
        positions = Counter(i.key for i in items if len(i.options) == k)
        total = sum(positions.values())
        assert total > 300
        for letter in range(k):
            assert abs(positions[letter] / total - 1 / k) < 0.06
    assert len({i.fingerprint() for i in items}) / len(items) > 0.99
    assert make_item(FAMILY, 0.5, 7).to_dict() == make_item(FAMILY, 0.5, 7).to_dict()


def test_figures_render_for_terminal_and_html(items) -> None:
    for item in items[:200]:
        root = ET.fromstring(item.figure.svg)  # well-formed SVG
        labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert labels[-len(item.options):] != [] and "?" in labels
        assert [x for x in labels if x != "?"] == list("ABCDEFGH"[:len(item.options)])
        assert all(len(line) <= 76 for line in item.figure.to_text().splitlines())
        assert item.figure.alt.count(":") >= len(item.options)
        assert "<" not in item.figure.alt
        html = item.figure.to_html()
        assert html.startswith("<figure") and "aria-label" in html
        assert item.options[item.key].text in item.explanation
        for option in item.options:
            assert option.text in item.figure.alt
            assert option.mistake is None or len(option.mistake) > 8


def test_json_round_trip_keeps_the_item_checkable(items) -> None:
    import json

    from question_generators.item import Item

    generator = get_generator(FAMILY)
    for item in items[:200]:
        back = Item.from_dict(json.loads(json.dumps(item.to_dict())))
        generator.check(back)
        assert back.fingerprint() == item.fingerprint() and back.figure.to_html() == item.figure.to_html()


def test_an_ambiguous_matrix_is_caught(items) -> None:
    # Rows 1 and 2 read 1, 2, 3 figures: "one more each time" and "first + second" both fit,
    # and row 3 (2, 3, ?) then allows 4 and 5. check() must refuse such an item.
    generator = get_generator(FAMILY)
    item = next(i for i in items if i.params["mode"] == "number")
    shape, shading = item.params["cells"][0][1], item.params["cells"][0][2]
    cells = [[n, shape, shading] for n in (1, 2, 3, 1, 2, 3, 2, 3)]
    figure = dataclasses.replace(item.figure, text=generator._text("number", [tuple(c) for c in cells]))
    ambiguous = dataclasses.replace(item, figure=figure, params={**item.params, "cells": cells})
    with pytest.raises(ItemCheckError, match="several values"):
        generator.check(ambiguous)
    assert set(predict("count", [1, 2, 3, 1, 2, 3, 2, 3])) == {4, 5}
