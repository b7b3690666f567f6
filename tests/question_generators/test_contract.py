"""The shared helpers of base.py and the registry, as the numeric families rely on them."""

from __future__ import annotations

import re
import sys
from collections import Counter

import numpy as np
import pytest

from question_generators.base import level_of, linear_difficulty, numeric_options
from question_generators.errors import SecondroundError, UnknownFamilyError
from question_generators.item import SECTIONS, Item, Option
from question_generators.registry import family_names, get_generator, make_item, regenerate


def _candidates(key: float) -> list[Option]:
    return [Option(str(key + d), key + d, f"mistake {d}") for d in (-4, -3, -2, -1, 1, 2, 3, 4)]


def test_numeric_options_ascending_with_uniform_key_rank() -> None:
    ranks: Counter[int] = Counter()
    for seed in range(2000):
        rng = np.random.default_rng(seed)
        options, index = numeric_options(rng, Option("50", 50.0), _candidates(50.0), 5)
        values = [o.value for o in options]
        assert values == sorted(values)
        assert options[index].value == 50.0 and options[index].mistake is None
        assert len(set(values)) == 5
        ranks[index] += 1
    assert set(ranks) == set(range(5))
    for count in ranks.values():
        assert 0.15 < count / 2000 < 0.25


def test_numeric_options_drop_duplicates_and_refuse_too_few() -> None:
    rng = np.random.default_rng(1)
    dupes = [Option("50", 50.0, "same as key"), Option("51", 51.0, "a"), Option("51.0", 51.0, "b"),
             Option("49", 49.0, "c"), Option("52", 52.0, "d"), Option("48", 48.0, "e")]
    options, _ = numeric_options(rng, Option("50", 50.0), dupes, 5)
    assert sorted(o.value for o in options) == [48.0, 49.0, 50.0, 51.0, 52.0]
    with pytest.raises(SecondroundError):
        numeric_options(rng, Option("50", 50.0), dupes[:3], 5)


def test_level_of_slices_the_scale() -> None:
    assert level_of(-3.0, 8) == 0
    assert level_of(3.0, 8) == 7
    assert level_of(-10.0, 8) == 0 and level_of(10.0, 8) == 7
    levels = [level_of(d, 8) for d in np.linspace(-3, 3, 200)]
    assert levels == sorted(levels) and set(levels) == set(range(8))
    jitter = [level_of(0.0, 8, np.random.default_rng(s), spread=0.5) for s in range(500)]
    assert len(set(jitter)) >= 3  # neighbouring bands mix
    assert [level_of(0.0, 8, np.random.default_rng(7), 0.5)] * 2 == \
        [level_of(0.0, 8, np.random.default_rng(7), 0.5) for _ in range(2)]


def test_linear_difficulty_is_linear_and_clamped() -> None:
    weights = {"x": 0.5, "y": 1.0}
    assert linear_difficulty(-1.0, weights, {"x": 2, "y": 1}) == 1.0
    assert linear_difficulty(-1.0, weights, {"x": 100, "y": 0}) == 4.0


@pytest.mark.parametrize("family", family_names())
def test_make_item_and_regenerate_round_trip(family: str) -> None:
    item = make_item(family, 0.53, 1234)
    assert item.id.startswith(f"{family}/v{get_generator(family).version}/+0.53/")
    again = regenerate(item.id)
    assert again.to_dict() == item.to_dict()
    assert Item.from_dict(item.to_dict()).to_dict() == item.to_dict()


def test_regenerate_refuses_another_version() -> None:
    item = make_item("numeric.series", 0.0, 5)
    with pytest.raises(SecondroundError, match="version"):
        regenerate(re.sub(r"/v\d+/", "/v99/", item.id))


def test_unknown_family_suggests_the_close_name() -> None:
    with pytest.raises(UnknownFamilyError, match=r"did you mean numeric\.series"):
        get_generator("numeric.seires")
    with pytest.raises(UnknownFamilyError):
        make_item("nothing.here", 0.0, 1)


@pytest.mark.parametrize("family", family_names())
def test_generators_describe_themselves(family: str) -> None:
    generator = get_generator(family)
    assert generator.family == family and generator.section in SECTIONS
    assert isinstance(generator.version, int) and generator.version >= 1
    doc = type(generator).__doc__ or ""
    model = sys.modules[type(generator).__module__].__doc__ or ""
    assert doc.strip().splitlines()[0] and "difficulty" in (doc + model).lower()


def test_shuffle_options_spreads_the_key_over_every_position() -> None:
    import numpy as np

    from question_generators.base import shuffle_options
    from question_generators.item import Option

    rng = np.random.default_rng(0)
    key = Option("key")
    distractors = [Option(f"d{i}", mistake=f"m{i}") for i in range(4)]
    positions = []
    for _ in range(1000):
        options, index = shuffle_options(rng, key, distractors)
        assert options[index] is key and sorted(o.text for o in options) == ["d0", "d1", "d2", "d3", "key"]
        positions.append(index)
    counts = np.bincount(positions, minlength=5)
    assert counts.min() > 150  # about 200 each
