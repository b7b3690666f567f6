"""verbal.completion: every item verified, corruptions caught, frames sound, difficulty model."""

from __future__ import annotations

import dataclasses
from collections import Counter

import numpy as np
import pytest

from question_generators.base import phrases_for
from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.registry import get_generator
from question_generators.verbal.completion import PACKAGE, SUBTLETY, b_of, frames

FAMILY = "verbal.completion"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
        assert "_____" in item.prompt
    assert {item.params["rel"] for item in items} == set(SUBTLETY)
    assert {item.params["slot"] for item in items} == {"sentence", "clause", "double"}
    positions = Counter(item.key for item in items)
    assert all(400 <= positions[k] <= 600 for k in range(4)), positions


def test_moved_key_and_a_second_fitting_connective_are_caught(items) -> None:
    generator = get_generator(FAMILY)
    ph = phrases_for(PACKAGE, "en")["completion"]
    for item in items[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % 4))
        rel, slot = item.params["rel"], item.params["slot"]
        if slot == "double":
            continue
        spare = [w for w in ph[slot][rel] if w != item.options[item.key].text]
        if spare:
            options = list(item.options)
            options[(item.key + 1) % 4] = Option(spare[0], mistake="x")
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, options=tuple(options)))


def test_frames_are_well_formed() -> None:
    for frame in frames():
        assert frame["rel"] in SUBTLETY
        for part in (frame["a"], frame["b"]):
            assert part == part.strip() and part[:1].islower()
            assert not part.endswith(".")
    assert Counter(f["rel"] for f in frames()).most_common()[-1][1] >= 7


def test_difficulty_tracks_the_request_and_the_features(items) -> None:
    by_band: dict[int, list[float]] = {}
    for item in items:
        band = min(3, int((float(item.id.split("/")[2]) + 3) / 1.5))
        by_band.setdefault(band, []).append(item.difficulty)
    means = [np.mean(by_band[b]) for b in range(4)]
    assert means == sorted(means) and means[-1] - means[0] > 1.0
    assert b_of("addition", 0, 0) > b_of("contrast", 0, 0)
    assert b_of("result", 1, 0) > b_of("result", 0, 0) and b_of("result", 0, 1) > b_of("result", 0, 0)


def test_two_gap_items_are_balanced_and_checked(items) -> None:
    generator = get_generator(FAMILY)
    doubles = [item for item in items if item.params["slot"] == "double"]
    assert len(doubles) > 100
    for item in doubles[:200]:
        halves = [o.text.split(" ... ") for o in item.options]
        assert all(Counter(h[0] for h in halves)[h[0]] == 2 and Counter(h[1] for h in halves)[h[1]] == 2
                   for h in halves)
        options = list(item.options)
        options[item.key] = Option("Because ... Instead")
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))


# Frames whose second part is a substitute for what the first part ruled out: "Instead, ..." reads
# naturally there ("The lift was out of order. Instead, the visitors had to use the stairs."), so
# "Instead" must never be offered as a distractor (review, 2026-11).
SUBSTITUTES = ("the visitors had to use the stairs", "the passengers had to take a bus", "it rained all afternoon")


def test_instead_is_never_a_distractor_where_it_reads_naturally(items) -> None:
    marked = [f for f in frames() if f["b"] in SUBSTITUTES]
    assert len(marked) == len(SUBSTITUTES)
    assert all("replacement" in f.get("also", []) for f in marked)
    for item in items:
        if item.params["slot"] == "sentence" and frames()[item.params["frame"]]["b"] in SUBSTITUTES:
            assert "Instead" not in [o.text for o in item.options], item.prompt
