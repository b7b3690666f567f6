"""spatial.rotation, issue 15: no near-twin cue and one mistake text per distractor.

Before v4 the distractors came in near-twin pairs around the key: with six options the key had two
one-square variants and every variant only one (the key), so 'the option with the most close
relatives' found the key 50 % of the time against 17 % chance, and two distractors could share
the text 'one square moved'."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from question_generators.registry import make_item
from tests.question_generators.realism import sweep_levels

FAMILY = "spatial.rotation"


def _turns(cells: np.ndarray) -> list[np.ndarray]:
    m = np.array([[0, 1], [-1, 0]])  # (r, c) -> (c, -r): a quarter turn
    return [cells @ np.linalg.matrix_power(m, k).T for k in range(4)]


def cell_difference(a: np.ndarray, b: np.ndarray) -> int:
    """How many squares of `a` must move to make `b`, up to rotation and shift: for every turn of
    `b`, the shift that lays most of its squares on `a`'s is the most common difference of a
    square of `a` and a square of `b`."""
    best = 0
    for turned in _turns(b):
        diffs = (a[:, None, :] - turned[None, :, :]).reshape(-1, 2)
        _, counts = np.unique(diffs, axis=0, return_counts=True)
        best = max(best, int(counts.max()))
    return len(a) - best


def most_twins(shapes: list[np.ndarray]) -> list[int]:
    """The solver of issue 15: the option nearest to another (fewest squares to move, up to
    rotation), ties by how many options lie at that distance; the tied best options."""
    k = len(shapes)
    d = [[cell_difference(shapes[i], shapes[j]) if i != j else 99 for j in range(k)] for i in range(k)]
    score = [(min(row), -row.count(min(row))) for row in d]
    best = min(score)
    return [i for i, s in enumerate(score) if s == best]


@pytest.fixture(scope="module")
def swept():
    levels = sweep_levels()
    return [make_item(FAMILY, levels[i % len(levels)], 500_000 + i) for i in range(2000)]


def test_the_option_with_the_most_near_twins_is_no_better_than_chance(swept) -> None:
    hits = chance = 0.0
    for item in swept:
        shapes = [np.array(s) for s in item.params["shapes"]]
        chosen = most_twins(shapes)
        hits += (item.key in chosen) / len(chosen)
        chance += 1 / len(shapes)
    print(f"most near-twins: {hits / len(swept):.1%} against chance {chance / len(swept):.1%}")
    assert hits <= chance + 0.05 * len(swept)


def test_every_distractor_names_its_own_mistake(swept) -> None:
    for item in swept:
        mistakes = [o.mistake for i, o in enumerate(item.options) if i != item.key]
        assert all(mistakes) and len(set(mistakes)) == len(mistakes), (item.id, mistakes)
        assert Counter(mistakes).most_common(1)[0][1] == 1
