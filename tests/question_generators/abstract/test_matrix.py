"""abstract.matrix: every item verified, distractors break rules, options alone give nothing away.

Before issue 15 (v2) a careful candidate scored 100 %: one object per cell, rules along the rows
only, no column rules, no AND of positions, 6 or 8 options; the hardest plan was three rules on
one figure."""

from __future__ import annotations

import dataclasses
import itertools
import xml.etree.ElementTree as ET
from collections import Counter

import numpy as np
import pytest

from question_generators.abstract.matrix import RULE_W, all_plans, code_words, plan_difficulty
from question_generators.abstract.panels import BOUNDS, MODES, OBJECTS, kind, rotate_mask
from question_generators.abstract.rules import explains, explains_both, generate_rows, predict, predict_both, transpose
from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.registry import get_generator, make_item
from tests.question_generators.conftest import difficulty_for
from tests.question_generators.realism import model_time

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
    used = {(kind(a), r) for item in items for a, r in item.params["rules"].items()}
    for attr, rule in [("count", "plus"), ("count", "minus"), ("position", "or"), ("position", "xor"),
                       ("position", "and"), ("position", "progression"), ("rotation", "progression"),
                       ("shape", "distribute"), ("size", "progression"), ("shading", "constant")]:
        assert (attr, rule) in used
    directions = Counter(d for item in items for s, d in item.params["directions"].items()
                         if item.params["rules"][s] not in ("constant", "distribute"))
    assert directions["col"] > 0.3 * sum(directions.values())  # rules down the columns as well as rows


def test_the_hard_end_has_apm_structure(items) -> None:
    """Items asked at +2 or above: two objects or several figures per cell, two or more rules on
    different slots (often on different objects), rules in both directions."""
    hard = [i for s, i in enumerate(items) if difficulty_for(s) >= 2.0]
    assert len(hard) > 300
    assert all(i.params["active"] >= 2 for i in hard)
    two_objects = [i for i in hard if i.params["objects"] == 2]
    assert len(two_objects) > 0.5 * len(hard)
    inner = {"shape_in", "shading_in", "rotation_in", "shape_right", "shading_right"}
    on_both = [i for i in two_objects if any(r != "constant" and s in inner for s, r in i.params["rules"].items())
               and any(r != "constant" and s not in inner for s, r in i.params["rules"].items())]
    assert len(on_both) > 0.5 * len(two_objects)  # rules on different objects
    assert sum(i.params["columns"] > 0 for i in hard) > 0.3 * len(hard)
    assert any(i.params["mode"] == "dial" and i.params["rules"]["rotation_in"] != "constant" for i in items)


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
        cells[0][1] = (cells[0][1] + 1) % 4
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
    if rule == "and":
        return all(r[0] & r[1] == r[2] for r in rows)
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
        slots = MODES[item.params["mode"]]
        cells = item.params["cells"]
        for index, figure in enumerate(item.params["options"]):
            broken = []
            for i, slot in enumerate(slots):
                values = [c[i] for c in cells] + [figure[i]]
                if item.params["directions"][slot] == "col":
                    values = [values[j] for j in (0, 3, 6, 1, 4, 7, 2, 5, 8)]
                rows = [values[0:3], values[3:6], values[6:9]]
                if not _holds(kind(slot), item.params["rules"][slot], item.params["rule_params"][slot], rows):
                    broken.append(slot)
            assert (index == item.key) == (not broken), (item.id, index, broken)


def test_options_form_a_balanced_attribute_tree(items) -> None:
    for item in items:
        figures = item.params["options"]
        assert len(figures) == 8 == len(item.options)
        assert len({tuple(f) for f in figures}) == len(figures)
        key = item.params["options"][item.key]
        for i in range(len(key)):
            counts = Counter(f[i] for f in figures)
            assert len(counts) == 2 and counts[key[i]] == 4, (item.id, i, counts)  # the key's value in half
        # every option differs from the others in the same pattern (a linear code): the distance
        # profile of the key is the profile of every option
        profiles = {tuple(sorted(sum(a != b for a, b in zip(f, g, strict=True)) for g in figures)) for f in figures}
        assert len(profiles) == 1, item.id
    assert code_words(3, 4) == [(0, 0, 0, 0), (0, 0, 1, 1), (0, 1, 0, 1), (0, 1, 1, 0),
                                (1, 0, 0, 1), (1, 0, 1, 0), (1, 1, 0, 0), (1, 1, 1, 1)]


def _modal_pick(figures: list[list[int]]) -> int:
    """An options-only solver: the option whose attribute values are the most common (first on ties)."""
    n = len(figures[0])
    counts = [Counter(f[i] for f in figures) for i in range(n)]
    scores = [sum(counts[i][f[i]] for i in range(n)) for f in figures]
    return scores.index(max(scores))


def _alike_pick(figures: list[list[int]]) -> list[int]:
    """The options most alike to the others by attribute values (all tied ones)."""
    scores = [sum(sum(a == b for a, b in zip(f, g, strict=True)) for g in figures) for f in figures]
    return [i for i, s in enumerate(scores) if s == max(scores)]


def _middle_pick(figures: list[list[int]], mode: str) -> int:
    """Another options-only solver: the option closest to the middle value of every ordered attribute."""
    attrs = MODES[mode]
    scores = []
    for f in figures:
        score = 0.0
        for i, attr in enumerate(map(kind, attrs)):
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
    alike = sum((i.key in (p := _alike_pick(i.params["options"]))) / len(p) for i in items) / len(items)
    assert modal < chance + 0.05, (modal, chance)
    assert middle < chance + 0.05, (middle, chance)
    assert alike < chance + 0.05, (alike, chance)


def test_predictor_and_verifier_agree_on_every_value(items) -> None:
    """rules.predict (8 cells -> values) and rules.explains (9 cells -> rules) are written apart:
    a value is predicted exactly when some rule explains the completed matrix, in rows or columns."""
    rng = np.random.default_rng(3)
    for item in items[:600]:
        for i, slot in enumerate(MODES[item.params["mode"]]):
            attr = kind(slot)
            shown = [c[i] for c in item.params["cells"]]
            lo, hi = BOUNDS[attr]
            domain = range(lo, hi + 1) if attr != "position" else rng.choice(np.arange(1, 512), 60).tolist() + \
                [f[i] for f in item.params["options"]]
            predicted = predict_both(attr, shown)
            assert len(predicted) == 1
            for value in domain:
                assert (value in predicted) == bool(explains_both(attr, [*shown, value])), (item.id, attr, value)
                assert (value in predict(attr, shown)) == bool(explains(attr, [*shown, value]))


def test_forward_rows_follow_their_rule() -> None:
    rng = np.random.default_rng(1)
    for attr, rule in itertools.product(["shape", "size", "shading", "rotation", "count", "position"],
                                        ["constant", "progression", "distribute", "plus", "minus", "or", "and", "xor"]):
        if (rule in ("plus", "minus") and attr != "count") or (rule in ("or", "and", "xor") and attr != "position"):
            continue
        for _ in range(50):
            drawn = generate_rows(attr, rule, rng)
            if drawn is None:
                continue
            rows, _info = drawn
            flat = [v for r in rows for v in r]
            assert rule in explains(attr, flat)
            assert f"{rule} (columns)" in explains_both(attr, transpose(flat))


def test_difficulty_follows_the_structural_model(items) -> None:
    """b is the documented sum: rule kinds, column rules, working-memory load, objects."""
    for item in items:
        p = item.params
        spec = [(p["rules"][s], p["directions"][s]) for s in MODES[p["mode"]]]
        assert item.difficulty == plan_difficulty(p["mode"], spec)
        assert 1.0 <= item.discrimination <= 1.2 and 40 <= model_time(item) <= 110
    bs = [b for _, b in all_plans()]
    assert min(bs) <= -2.5 and max(bs) >= 2.5
    # monotone: adding a rule, turning a row rule into a column rule, a second object all raise b
    assert plan_difficulty("single", [("progression", "row"), ("constant", "row"), ("constant", "row")]) < \
        plan_difficulty("single", [("progression", "row"), ("progression", "row"), ("constant", "row")]) < \
        plan_difficulty("single", [("progression", "row"), ("progression", "col"), ("constant", "row")])
    assert plan_difficulty("single", [("distribute", "row")] + [("constant", "row")] * 2) < \
        plan_difficulty("nested", [("distribute", "row")] + [("constant", "row")] * 3)
    assert RULE_W["progression"] < RULE_W["distribute"] < RULE_W["xor"]
    one_figure = [i.difficulty for i in items if i.params["active"] == 1 and i.params["objects"] == 1]
    assert max(one_figure) < 0.0  # one rule on one figure is never a hard item


def test_key_position_is_balanced_and_items_differ(items) -> None:
    positions = Counter(i.key for i in items)
    for letter in range(8):
        assert abs(positions[letter] / len(items) - 1 / 8) < 0.03
    assert len({i.fingerprint() for i in items}) / len(items) > 0.99
    assert make_item(FAMILY, 0.5, 7).to_dict() == make_item(FAMILY, 0.5, 7).to_dict()


def test_figures_render_for_terminal_and_html(items) -> None:
    for item in items[:200]:
        root = ET.fromstring(item.figure.svg)  # well-formed SVG
        labels = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        assert labels[-len(item.options):] != [] and "?" in labels
        assert labels[-8:] == list("ABCDEFGH")
        legend = "Shadings go from light to dark" in item.prompt
        assert legend == item.params["legend"] == ("Shading:" in labels)
        ordered = any(kind(s) == "shading" and r == "progression" for s, r in item.params["rules"].items())
        assert legend == ordered  # a legend exactly when a rule uses the order of shadings
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
    assert OBJECTS["number"] == 1
    cells = [[n, shape, shading] for n in (1, 2, 3, 1, 2, 3, 2, 3)]
    figure = dataclasses.replace(item.figure, text=generator._text("number", [tuple(c) for c in cells]))
    ambiguous = dataclasses.replace(item, figure=figure, params={**item.params, "cells": cells})
    with pytest.raises(ItemCheckError, match="several values"):
        generator.check(ambiguous)
    assert set(predict("count", [1, 2, 3, 1, 2, 3, 2, 3])) == {4, 5}
