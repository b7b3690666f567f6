"""technical.fluids_forces: every item verified, an oracle from the figure text, figures."""

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
from question_generators.technical.fluids_forces import INTERCEPT, KIND_WEIGHT, KINDS, WEIGHTS
from tests.question_generators.technical.helpers import assert_figure_renders, assert_labels_in_figure

FAMILY = "technical.fluids_forces"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def _num(text: str) -> Fraction:
    return Fraction(text.replace(",", ""))


def oracle(item: Item) -> str:
    """Second route from the figure's text and the prompt only."""
    text = item.figure.to_text()
    kind = item.params["kind"]
    if kind == "vessels":
        return "The level is the same in all of them"
    if kind.startswith("pressure"):
        level = {t: _num(d) for t, d in re.findall(r"Tank (T\d): [\d.]+ m wide, water ([\d.]+) m deep", text)}
        depth = {p: level[t] - _num(h) for p, t, h in
                 re.findall(r"Point (\w): in tank (T\d), ([\d.]+) m above the bottom", text)}
        if kind == "pressure_point":
            return f"Point {max(depth, key=depth.get)}"
        point = re.search(r"at point (\w)", item.prompt)[1]
        return f"{float(10 * depth[point]):g} kPa"
    if kind == "incline":
        h = _num(re.search(r"rises ([\d.]+) m", text)[1])
        if "slope length of" in text:
            slope = _num(re.search(r"slope length of ([\d.]+) m", text)[1])
        else:
            run = _num(re.search(r"horizontal run of ([\d.]+) m", text)[1])
            slope = Fraction(round(float(h * h + run * run) ** 0.5 * 1000), 1000)
        if m := re.search(r"Load W: ([\d,]+) N", text):
            return f"{float(_num(m[1]) * h / slope):g} N"
        force = _num(re.search(r"Force F: ([\d,]+) N", text)[1])
        return f"{float(force * slope / h):g} N"
    # springs: walk down the description; a group side by side shares the load equally
    per, unit = (_num(x) for x in re.search(r"(\d+) cm (?:for every|per) (\d+) N", item.prompt).groups())
    lines = text.splitlines()[1:-1]
    per_newton, i = Fraction(0), 0
    while i < len(lines):
        line = lines[i].strip()
        if line.startswith("spring"):
            per_newton += per / unit
            i += 1
        elif line.endswith("side by side, sharing the load through a bar:"):
            n = int(line.split()[0])
            group = []
            i += 1
            while i < len(lines) and lines[i].startswith("    "):
                group.append(lines[i].strip())
                i += 1
            springs_per_branch = sum(g.startswith("spring") for g in group) // n
            per_newton += springs_per_branch * per / unit / n
        else:
            i += 1
    if m := re.search(r"W = ([\d,]+) N|W \(([\d,]+) N\)", item.prompt):
        return f"{float(per_newton * _num(m[1] or m[2])):g} cm"
    stretch = _num(re.search(r"by ([\d.]+) cm|stretch ([\d.]+) cm", item.prompt).group(0).split()[-2])
    return f"{float(stretch / per_newton):g} N"


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    assert {i.params["kind"] for i in items} == set(KINDS)


def test_oracle_from_the_figure_text_agrees(items) -> None:
    for item in items:
        key = item.options[item.key].text
        assert key.replace(",", "") == oracle(item).replace(",", ""), (item.id, key, oracle(item))


def test_check_fails_on_a_moved_key_or_a_bad_triangle(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)
    ramp = next(i for i in items if i.params["kind"] == "incline" and i.params["slope"] is not None)
    bent = {**ramp.params, "slope": str(Fraction(ramp.params["slope"]) + 1)}
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(ramp, params=bent))


def test_figures_render_and_show_every_named_label(items) -> None:
    for item in items[::4]:
        assert_figure_renders(item)
        assert_labels_in_figure(item, r"\b(?:[Vv]essel|[Pp]oint|spring) ([A-FPQRS])\b")


def test_options_distinct_named_and_balanced(items) -> None:
    positions: Counter[tuple[int, int]] = Counter()
    for item in items:
        texts = [o.text for o in item.options]
        assert 3 <= len(texts) <= 5 and len(set(texts)) == len(texts)
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
        positions[(len(texts), item.key)] += 1
    for count in (3, 4):
        total = sum(v for (n, _), v in positions.items() if n == count)
        if total > 150:
            for letter in range(count):
                assert 0.4 / count <= positions[(count, letter)] / total <= 1.7 / count


def test_difficulty_model_is_monotone(items) -> None:
    assert all(w > 0 for w in WEIGHTS.values())
    for item in items:
        p = item.params
        expected = INTERCEPT + KIND_WEIGHT[p["kind"]] + sum(
            WEIGHTS[k] * p[k] for k in ("extra_elements", "pythagoras", "combined"))
        assert item.difficulty == pytest.approx(expected, abs=1e-3)
    from tests.question_generators.conftest import difficulty_for

    by_request: dict[int, list[float]] = defaultdict(list)
    for seed, item in enumerate(items):
        by_request[int(difficulty_for(seed) + 3) // 2].append(item.difficulty)
    means = [np.mean(by_request[k]) for k in sorted(by_request)]
    assert means == sorted(means)


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 5, 77):
        assert make_item(FAMILY, 0.5, seed).to_dict() == make_item(FAMILY, 0.5, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.8
