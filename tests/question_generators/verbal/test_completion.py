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
from question_generators.verbal.completion import (
    GAP,
    PACKAGE,
    SUBTLETY,
    agrees,
    b_of,
    frames,
    pair_frames,
    pair_wrongs,
    sense_of,
    split_form,
    word_b,
    word_frames,
    word_pool,
)
from question_generators.verbal.draw import Draw
from question_generators.verbal.lexicon import lexicon

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
    # "otherwise" ("Ellers") is a link of the Bokmål frames only
    assert {item.params["rel"] for item in items} == set(SUBTLETY) - {"otherwise"} | {"word", "pair"}
    assert {item.params["slot"] for item in items} == {"sentence", "clause", "double", "word", "pair"}
    positions = Counter(item.key for item in items)
    assert all(400 <= positions[k] <= 600 for k in range(4)), positions


def test_moved_key_and_a_second_fitting_connective_are_caught(items) -> None:
    generator = get_generator(FAMILY)
    ph = phrases_for(PACKAGE, "en")["completion"]
    for item in items[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % 4))
        rel, slot = item.params["rel"], item.params["slot"]
        if slot in ("double", "word", "pair"):
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
    assert means == sorted(means) and means[-1] - means[0] > 3.0
    assert b_of("addition", 0, 0) > b_of("contrast", 0, 0)
    assert b_of("result", 1, 0) > b_of("result", 0, 0) and b_of("result", 0, 1) > b_of("result", 0, 0)


def test_two_gap_items_are_balanced_and_checked(items) -> None:
    generator = get_generator(FAMILY)
    doubles = [item for item in items if item.params["slot"] == "double"]
    assert len(doubles) > 30
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


# -- content words -----------------------------------------------------------------------------
def test_word_frames_are_sound() -> None:
    """Every gap's keys are one lexicon sense; every wrong word is a lexicon word of the gap's part
    of speech outside that sense; no article before a gap gives a key away; several hundred frames."""
    lex = lexicon()
    assert len(word_frames()) + len(pair_frames()) + len(frames()) >= 300
    texts = [f["s"] for f in word_frames()] + [f["s"] for f in pair_frames()]
    assert len(set(texts)) == len(texts)
    for frame in word_frames():
        assert frame["s"].count(GAP) == 1, frame["s"]
        sense = sense_of(frame["keys"][0])
        assert set(frame["keys"]) <= sense, frame["keys"]
        pos = lex.synset_pos.get(frame["keys"][0]) or sorted(lex.pos_of[frame["keys"][0]])[0]
        for word in frame["wrong"]:
            assert pos in lex.pos_of[word] and word not in sense, (frame["s"], word)
        assert any(agrees(frame["s"], k) for k in frame["keys"]), frame["s"]
    for frame in pair_frames():
        assert frame["s"].count(GAP) == 2, frame["s"]
        for gap in (1, 2):
            keys = [split_form(w)[0] for w in frame[f"keys{gap}"]]
            wrong = [split_form(w)[0] for w in frame[f"wrong{gap}"]]
            assert set(keys) <= sense_of(keys[0]) and not set(wrong) & sense_of(keys[0]), frame["s"]
            assert all(w in lex.pos_of for w in keys + wrong), frame["s"]
    for index in range(len(pair_frames())):
        assert pair_wrongs(index, 1) and pair_wrongs(index, 2), pair_frames()[index]["s"]


def test_every_word_key_has_three_distractors() -> None:
    generator = get_generator(FAMILY)
    for (band, lure), entries in word_pool().items():
        for n in range(min(50, len(entries))):
            item = generator._word(Draw(np.random.default_rng(n)), phrases_for(PACKAGE, "en")["completion"], band, lure)
            generator.check(item)
            assert len(item.options) == 4
        assert entries


def test_a_second_word_of_the_sense_or_a_foreign_word_is_caught(items) -> None:
    generator = get_generator(FAMILY)
    words = [item for item in items if item.params["slot"] == "word"]
    assert len(words) > 300
    for item in words[:300]:
        frame = word_frames()[item.params["frame"]]
        spare = [w for w in sense_of(frame["keys"][0]) if w not in {o.text for o in item.options}]
        bad = (item.key + 1) % 4
        if spare:
            options = list(item.options)
            options[bad] = Option(spare[0], mistake="x")
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, options=tuple(options)))
        options = list(item.options)
        options[bad] = Option("xylophonic", mistake="x")
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))


def test_pairs_are_a_balanced_two_by_two(items) -> None:
    generator = get_generator(FAMILY)
    pairs = [item for item in items if item.params["slot"] == "pair"]
    assert len(pairs) > 200
    for item in pairs[:300]:
        halves = [o.text.split(" ... ") for o in item.options]
        assert all(Counter(h[0] for h in halves)[h[0]] == 2 and Counter(h[1] for h in halves)[h[1]] == 2
                   for h in halves)
        options = list(item.options)
        other = halves[(item.key + 1) % 4]
        options[item.key] = Option(f"{other[0]} ... {other[1]}x", mistake="x")
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))


def test_word_difficulty_model_is_monotone() -> None:
    for band in (1, 2, 3):
        assert word_b(band + 1, 0, 0) > word_b(band, 0, 0)
    assert word_b(3, 1, 0) > word_b(3, 0, 0) and word_b(3, 0, 1) > word_b(3, 0, 0)
    assert word_b(1, 0, 0) > b_of("contrast", 0, 0)  # the easiest content word is harder than "However"


def test_no_pair_option_shows_one_word_in_both_gaps(items) -> None:
    """"placate ... placate" reads as a slip, not a mistake a candidate would make."""
    for item in items:
        if item.params["slot"] == "pair":
            assert all(len(set(o.text.split(" ... "))) == 2 for o in item.options), item.options
