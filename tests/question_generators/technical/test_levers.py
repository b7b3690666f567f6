"""technical.levers: every item verified by moments, an oracle reading the figure text, figures."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from fractions import Fraction

import numpy as np
import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Item
from question_generators.registry import get_generator, make_item
from question_generators.technical.levers import ASK_WEIGHT, INTERCEPT, SCENES, WEIGHTS
from tests.question_generators.technical.helpers import assert_figure_renders, assert_labels_in_figure

FAMILY = "technical.levers"
WEIGHT_LINE = re.compile(r"^(\w): (\d+) kg at ([\d.]+) m to the (left|right) of the pivot\.$")
UNKNOWN_MASS = re.compile(r"^X: unknown mass at ([\d.]+) m to the right of the pivot\.$")
UNKNOWN_PLACE = re.compile(r"^X: (\d+) kg on the right side, distance unknown\.$")
FORCE_LINE = re.compile(r"^W: (\d+) N, acting downwards\.$")
EFFORT_LINE = re.compile(r"^F: (\d+) N, acting (?:up|down)wards\.$")
SEGMENT = re.compile(r"^From (the pivot|\w) to (the pivot|\w): ([\d.]+) m\.$")


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def oracle(item: Item) -> str:
    """Second route: read only the figure's text description and solve by hand-written moments."""
    left = right = Fraction(0)
    x_at = x_mass = None
    lines = item.figure.to_text().splitlines()
    for line in lines:
        if m := WEIGHT_LINE.match(line):
            moment = int(m[2]) * Fraction(m[3])
            if m[4] == "left":
                left += moment
            else:
                right += moment
        elif m := UNKNOWN_MASS.match(line):
            x_at = Fraction(m[1])
        elif m := UNKNOWN_PLACE.match(line):
            x_mass = int(m[1])
    kind, ask = item.params["kind"], item.params["ask"]
    if kind == "compound":  # rod force from A's moments, then B's moments
        text = item.figure.to_text()
        a_text = re.search(r"hinge to the rod ([\d.]+) m, from the rod to F ([\d.]+) m", text).groups()
        b_text = re.search(r"rod to the pivot ([\d.]+) m, from the pivot to W ([\d.]+) m", text).groups()
        hr, rf = (Fraction(x) for x in a_text)
        rp, pw = (Fraction(x) for x in b_text)
        if m := re.search(r"F: ([\d,]+) N", text):
            rod = Fraction(m[1].replace(",", "")) * (hr + rf) / hr
            return f"{float(rod * rp / pw):g} N"
        rod = Fraction(re.search(r"W: ([\d,]+) N", text)[1].replace(",", "")) * pw / rp
        return f"{float(rod * hr / (hr + rf)):g} N"
    if ask == "side":
        return ("It stays level" if left == right else
                "The left side goes down" if left > right else "The right side goes down")
    if ask == "mass":
        return f"{float((left - right) / x_at):g} kg"
    if ask == "distance":
        return f"{float((left - right) / x_mass):g} m"
    segs = [(m[1], m[2], Fraction(m[3])) for line in lines if (m := SEGMENT.match(line))]
    a, b = segs[0][2], segs[1][2]
    arm_w, arm_f = {"lever1": (a, b), "lever2": (a, a + b), "wheelbarrow": (a, a + b),
                    "lever3": (a + b, a)}[kind]
    if ask == "load":
        effort = next(int(m[1]) for line in lines if (m := EFFORT_LINE.match(line)))
        return f"{float(effort * arm_f / arm_w):g} N"
    load = next(int(m[1]) for line in lines if (m := FORCE_LINE.match(line)))
    return f"{float(load * arm_w / arm_f):g} N"


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    asked = {(i.params["kind"], "effort" if i.params["ask"] == "load" else i.params["ask"]) for i in items}
    assert asked == set(SCENES)
    assert {i.params["ask"] for i in items} >= {"effort", "load"}


def test_oracle_from_the_figure_text_agrees(items) -> None:
    for item in items:
        key = item.options[item.key].text.replace(",", "")
        assert key == oracle(item), (item.id, key, oracle(item))


def test_check_fails_on_a_moved_key(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)


def test_check_uses_the_stated_segments(items) -> None:
    generator = get_generator(FAMILY)
    item = next(i for i in items if i.params["kind"] == "lever2")
    segments = [list(s) for s in item.params["segments"]]
    segments[1][2] = str(Fraction(segments[1][2]) + 1)
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, params={**item.params, "segments": segments}))


def test_figures_render_and_show_every_named_label(items) -> None:
    for item in items[::4]:
        assert_figure_renders(item)
        assert_labels_in_figure(item, r"\b([PQRSTXWF])\b")
        for point in item.params["points"]:
            if point["value"] is not None:
                unit = "kg" if item.params["kind"] == "seesaw" else "N"
                shown = f"{int(point['value']):,}" if item.params["kind"] == "compound" else point["value"]
                assert f"{shown} {unit}" in item.figure.svg


def test_options_distinct_named_clean_and_balanced(items) -> None:
    positions: Counter[tuple[int, int]] = Counter()
    for item in items:
        texts = [o.text for o in item.options]
        assert 3 <= len(texts) <= 5 and len(set(texts)) == len(texts)
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
            if option.value is not None:
                assert (Fraction(option.text.split()[0].replace(",", "")) * 4).denominator == 1
        assert item.options[item.key].text in item.explanation or item.params["ask"] == "side"
        positions[(len(texts), item.key)] += 1
    for count in (3, 4, 5):
        total = sum(v for (n, _), v in positions.items() if n == count)
        if total > 100:
            for letter in range(count):
                assert 0.4 / count <= positions[(count, letter)] / total <= 1.7 / count


def test_classic_mistakes_appear(items) -> None:
    mistakes = " ".join({o.mistake for item in items for o in item.options if o.mistake})
    for phrase in ("ignored the distances", "inverted the distance ratio", "marked segment",
                   "instead of the moments", "effort equals the load"):
        assert phrase in mistakes, phrase


def test_difficulty_model_is_monotone(items) -> None:
    assert all(w > 0 for w in WEIGHTS.values())
    for item in items:
        p = item.params
        expected = INTERCEPT + sum(WEIGHTS[k] * p[k] for k in ("weights", "add_step", "both_sides", "quarters",
                                                               "plank", "compound"))
        assert item.difficulty == pytest.approx(expected + ASK_WEIGHT[p["ask"]], abs=1e-3)
    from tests.question_generators.conftest import difficulty_for

    by_request: dict[int, list[float]] = defaultdict(list)
    for seed, item in enumerate(items):
        by_request[int(difficulty_for(seed) + 3) // 2].append(item.difficulty)
    means = [np.mean(by_request[k]) for k in sorted(by_request)]
    assert means == sorted(means)
    by_weights = defaultdict(list)
    for item in items:
        if item.params["ask"] == "mass":
            by_weights[item.params["weights"]].append(item.difficulty)
    means = [np.mean(by_weights[k]) for k in sorted(by_weights)]
    assert means == sorted(means) and len(means) >= 3


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 5, 77):
        assert make_item(FAMILY, 0.5, seed).to_dict() == make_item(FAMILY, 0.5, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.9


def test_distractors_are_what_their_mistakes_give(items) -> None:
    """For the levers with a load and an effort, recompute each named mistake from the segments."""
    for item in items:
        p = item.params
        if p["kind"] in ("seesaw", "compound"):
            continue
        (_, _, a), (_, _, b) = [(x, y, Fraction(z)) for x, y, z in p["segments"]]
        arm_w, arm_f = {"lever1": (a, b), "lever2": (a, a + b), "wheelbarrow": (a, a + b),
                        "lever3": (a + b, a)}[p["kind"]]
        value = {pt["label"]: pt["value"] for pt in p["points"]}
        for option in item.options:
            x = Fraction(option.text.split()[0].replace(",", ""))
            if option.mistake == "inverted the distance ratio":
                if p["ask"] == "effort":
                    assert x == Fraction(value["W"]) * arm_f / arm_w
                else:
                    assert x == Fraction(value["F"]) * arm_w / arm_f
            if option.mistake == "assumed the effort equals the load":
                assert x == Fraction(value["W"] or value["F"])


def test_compound_levers_check_by_virtual_work(items) -> None:
    generator = get_generator(FAMILY)
    compounds = [i for i in items if i.params["kind"] == "compound"]
    assert len(compounds) >= 150 and {i.params["ask"] for i in compounds} == {"load", "effort"}
    mistakes = Counter(o.mistake for i in compounds for o in i.options if o.mistake)
    assert any("forgot lever B" in m for m in mistakes) and any("marked segment" in m for m in mistakes)
    item = compounds[0]
    lengths = {**item.params["lengths"], "pivot_w": str(Fraction(item.params["lengths"]["pivot_w"]) * 2)}
    with pytest.raises(ItemCheckError):  # B's arm changed: the figure and the balance disagree
        generator.check(dataclasses.replace(item, params={**item.params, "lengths": lengths}))


def test_hard_requests_reach_hard_items() -> None:
    """Requested difficulty 2-3 must give b near the request (the family used to stop at 1.6)."""
    means = {d: np.mean([make_item(FAMILY, d, s).difficulty for s in range(120)]) for d in (0.0, 1.0, 2.0, 2.5)}
    assert means[0.0] < means[1.0] < means[2.0] <= means[2.5] + 0.05
    assert means[2.5] >= 1.8, means
