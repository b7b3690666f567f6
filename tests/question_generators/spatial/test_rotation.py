"""spatial.rotation: one true rotation, chiral targets, mirror-pair options, canonical-form check."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, defaultdict

import numpy as np
import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item
from question_generators.spatial.rotation import (
    chiral_and_asymmetric,
    grow,
    mirror,
    normalise,
    rotate,
    rotation_class,
    text_figure,
)
from tests.question_generators.conftest import difficulty_for

FAMILY = "spatial.rotation"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def _shapes(item):
    target = normalise(map(tuple, item.params["target"]))
    return target, [normalise(map(tuple, s)) for s in item.params["shapes"]]


def _same_by_turning(a, b) -> bool:
    """A second, brute-force route: turn `b` by every angle with a rotation matrix and compare."""
    pts = np.array(b)
    for k in range(4):
        m = np.array([[0, 1], [-1, 0]])  # (r, c) -> (c, -r): a clockwise quarter turn
        turned = pts @ np.linalg.matrix_power(m, k).T
        if normalise(map(tuple, turned.tolist())) == a:
            return True
    return False


def test_check_passes_and_exactly_one_option_is_a_rotation(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
        target, shapes = _shapes(item)
        assert 5 <= len(target) <= 8
        hits = [i for i, s in enumerate(shapes) if _same_by_turning(s, target)]
        assert hits == [item.key]
        assert not _same_by_turning(mirror(target), target)  # chiral
        assert target not in shapes  # the key is really turned
        kinds = item.params["kinds"]
        for i, s in enumerate(shapes):
            if kinds[i] == "mirror":
                assert _same_by_turning(s, mirror(target))
            if kinds[i] in ("moved", "moved_mirror"):
                assert len(set(s)) == len(target)
                assert not _same_by_turning(s, target) and not _same_by_turning(s, mirror(target))


def test_wrong_keys_and_figures_are_caught(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % 4))
        shapes = [list(s) for s in item.params["shapes"]]
        shapes[item.key] = [list(c) for c in mirror(normalise(map(tuple, shapes[item.key])))]
        with pytest.raises(ItemCheckError):  # params no longer match the picture
            generator.check(dataclasses.replace(item, params={**item.params, "shapes": shapes}))


def test_a_symmetric_target_is_rejected(items) -> None:
    generator = get_generator(FAMILY)
    item = items[0]
    # the T-tetromino plus a tail is symmetric under a flip: a mirror would also be a rotation
    symmetric = normalise([(0, 0), (0, 1), (0, 2), (1, 1), (2, 1)])
    assert not chiral_and_asymmetric(symmetric)
    text = item.figure.to_text().splitlines()
    shapes = [rotate(symmetric, 1), mirror(symmetric), *(_shapes(item)[1][2:])]
    labels = text[0].split()
    figure = dataclasses.replace(item.figure, text=text_figure(labels, [symmetric, *shapes]))
    fake = dataclasses.replace(item, figure=figure, params={**item.params, "target": [list(c) for c in symmetric],
                                                     "shapes": [[list(c) for c in s] for s in shapes]})
    with pytest.raises(ItemCheckError):
        generator.check(fake)


def test_grown_shapes_are_chiral_and_asymmetric() -> None:
    rng = np.random.default_rng(5)
    classes = set()
    for _ in range(2000):
        shape = grow(rng, int(rng.integers(5, 9)))
        if shape is None:
            continue
        assert len({rotate(shape, k) for k in range(4)}) == 4
        assert rotation_class(mirror(shape)) != rotation_class(shape)
        classes.add(rotation_class(shape))
    assert len(classes) > 250  # plenty of different shapes
    # the five chiral, rotation-free pentominoes (F, L, N, P, Y) in both hands: 10 classes
    pentominoes = {rotation_class(s) for s in (grow(np.random.default_rng(i), 5) for i in range(3000)) if s}
    assert len(pentominoes) == 10


def test_options_alone_do_no_better_than_chance() -> None:
    # Bound tested: a solver that sees only the options (the option with no rotated twin, or the
    # option whose mirror is among the options, first on ties) hits < 1/4 + 0.05 over 1,000 items.
    hits = Counter()
    for s in range(1000):
        item = make_item(FAMILY, difficulty_for(s), 70_000 + s)
        _, shapes = _shapes(item)
        has_mirror = [any(rotation_class(mirror(a)) == rotation_class(b) for b in shapes if b != a) for a in shapes]
        hits["mirror"] += has_mirror.index(True) == item.key if True in has_mirror else 0
        sizes = [len({rotate(a, k) for k in range(4)}) for a in shapes]
        hits["size"] += sizes.index(max(sizes)) == item.key
    for name, count in hits.items():
        assert count / 1000 < 0.25 + 0.05, name


def test_difficulty_rises_with_the_features(items) -> None:
    by: dict[tuple[str, int], list[float]] = defaultdict(list)
    for item in items:
        for feature in ("extra_cells", "quarter", "same_box"):
            by[(feature, item.params[feature])].append(item.difficulty)
    for feature, top in (("extra_cells", 3), ("quarter", 1), ("same_box", 1)):
        means = [np.mean(by[(feature, v)]) for v in range(top + 1)]
        assert means == sorted(means)
    gaps = [item.difficulty - difficulty_for(s) for s, item in enumerate(items)]
    assert abs(float(np.mean(gaps))) < 0.5


def test_keys_balanced_and_items_distinct(items) -> None:
    positions = Counter(i.key for i in items)
    for letter in range(4):
        assert 0.20 <= positions[letter] / len(items) <= 0.30
    assert len({i.fingerprint() for i in items}) / len(items) > 0.97
    for item in items[:100]:
        assert all(len(line) <= 76 for line in item.figure.to_text().splitlines())
        assert item.figure.svg.startswith("<svg") and item.figure.alt.count("#") >= 5 * 5
    assert list(itertools.islice((i.params["turn"] for i in items), 0, None)).count(2) > 100


def test_json_round_trip_keeps_the_item_checkable(items) -> None:
    import json

    from question_generators.item import Item

    generator = get_generator(FAMILY)
    for item in items[:200]:
        back = Item.from_dict(json.loads(json.dumps(item.to_dict())))
        generator.check(back)
        assert back.fingerprint() == item.fingerprint() and back.figure.to_html() == item.figure.to_html()
