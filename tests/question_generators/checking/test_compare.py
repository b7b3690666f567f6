"""checking.compare: recounted by direct comparison, realistic slips, identical pairs identical."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict

import numpy as np
import pytest

from question_generators.checking.compare import SLIPS, make_entry, slip
from question_generators.errors import ItemCheckError
from question_generators.figures import TextBlock
from question_generators.registry import get_generator, make_item

FAMILY = "checking.compare"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def _edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment): a swap of neighbours counts as one edit."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def test_check_passes_and_recounts(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
        ask = item.params["ask"]
        if ask == "count_differences":
            a, b = item.params["lines"]
            assert len(a) == len(b)
            assert item.options[item.key].value == sum(x != y for x, y in zip(a, b, strict=True))
            assert len(item.params["changes"]) == item.options[item.key].value
            continue
        pairs = item.params["pairs"]
        for a, b in pairs:
            assert a == b or _edit_distance(a, b) == 1  # one realistic slip, never noise
        differing = sum(a != b for a, b in pairs)
        if ask == "which_differs":
            assert differing == 1
        else:
            assert item.options[item.key].value == len(pairs) - differing
            assert 0 <= differing <= len(pairs)
    assert {i.params["ask"] for i in items} == {"which_differs", "count_identical", "count_differences"}
    assert {i.params["entry_kind"] for i in items} == {"code", "number", "name", "address"}


def test_corruptions_are_caught(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
        # a displayed pair (or line) changed so the count no longer holds
        text = item.figure.to_text()
        last = text[-1]
        changed = text[:-1] + ("X" if last != "X" else "Y")
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, figure=TextBlock(changed, item.figure.alt)))
        if item.params["ask"] != "count_differences":
            pairs = [list(p) for p in item.params["pairs"]]
            i = int(item.key) % len(pairs)
            pairs[i][1] = pairs[i][1] + "." if pairs[i][0] == pairs[i][1] else pairs[i][0]
            fake_figure = generator._pairs_figure(item.params["entry_kind"], item.params["labels"],
                                                  [p[0] for p in pairs], [p[1] for p in pairs])
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, figure=fake_figure,
                                                    params={**item.params, "pairs": pairs}))


def test_every_slip_kind_is_used_and_realistic() -> None:
    rng = np.random.default_rng(2)
    seen: Counter[str] = Counter()
    for _ in range(3000):
        kind = ("code", "number", "name", "address")[int(rng.integers(4))]
        entry = make_entry(rng, kind)
        out = slip(rng, entry, bool(rng.random() < 0.5))
        if out is None:
            continue
        copy, name = out
        seen[name] += 1
        assert copy != entry and _edit_distance(copy, entry) == 1
        if name == "similar":
            (pos,) = [i for i, (a, b) in enumerate(zip(entry, copy, strict=True)) if a != b]
            assert {entry[pos], copy[pos]} in [set(p) for p in ("0O", "1I", "5S", "8B", "2Z", "6G",
                                                                "17", "38", "56", "08")]
        if kind == "number":
            assert not any(ch.isalpha() for ch in copy)
    assert set(seen) == set(SLIPS)


def test_difficulty_follows_the_model_and_the_request(items) -> None:
    from tests.question_generators.conftest import difficulty_for

    by: dict[str, list[float]] = defaultdict(list)
    for seed, item in enumerate(items):
        p = item.params
        model = -2.2 + 0.25 * (p["n_pairs"] - 4) + 0.35 * p["kind"] + 0.9 * p["subtle"] + p["ask_level"]
        assert item.difficulty == pytest.approx(model, abs=1e-3)  # every weight > 0: monotone
        assert item.time_s <= 45
        by["low" if difficulty_for(seed) < -1 else "high" if difficulty_for(seed) > 1 else "mid"].append(
            item.difficulty)
        by[f"subtle{p['subtle']}"].append(item.difficulty)
    assert np.mean(by["low"]) < np.mean(by["mid"]) < np.mean(by["high"])
    assert np.mean(by["subtle0"]) < np.mean(by["subtle1"])


def test_keys_balanced_and_options_sorted(items) -> None:
    positions: Counter[int] = Counter()
    counts = [i for i in items if i.params["ask"] != "which_differs"]
    for item in counts:
        values = [o.value for o in item.options]
        assert values == sorted(values) and len(set(values)) == len(values)
        positions[item.key / (len(item.options) - 1)] += 1
    which = Counter(i.key for i in items if i.params["ask"] == "which_differs")
    assert len(which) == 6 and min(which.values()) > 30
    assert min(positions[0.0], positions[1.0]) > 0.08 * len(counts)
    assert len({i.fingerprint() for i in items}) / len(items) > 0.99
    for item in items[:300]:
        assert all(len(line) <= 76 for line in item.figure.to_text().splitlines())
        assert make_item(FAMILY, item.difficulty, 1).id  # ids regenerate


def test_json_round_trip_keeps_the_item_checkable(items) -> None:
    import json

    from question_generators.item import Item

    generator = get_generator(FAMILY)
    for item in items[:200]:
        back = Item.from_dict(json.loads(json.dumps(item.to_dict())))
        generator.check(back)
        assert back.fingerprint() == item.fingerprint() and back.figure.to_html() == item.figure.to_html()


def test_explanation_points_at_each_difference(items) -> None:
    """For pair items the explanation says where each differing pair differs (the character and
    what it became), and that edit really turns the left entry into the right one."""
    checked = 0
    for item in items:
        if "pairs" not in item.params:
            continue
        differing = [(a, b) for a, b in item.params["pairs"] if a != b]
        text = " ".join(item.explanation.split())
        spots = re.findall(r'character (\d+)(?:: (\S) became (\S)|, "([^"]*)" became "([^"]*)"|, "(.)", is missing)',
                           text)
        assert len(spots) == len(differing), (item.id, text)
        for (left, right), (pos, a1, b1, a2, b2, gone) in zip(differing, spots, strict=True):
            p = int(pos) - 1
            a, b = (a1, b1) if a1 else (a2, b2) if a2 else (gone, "")
            assert left[p:p + len(a)] == a and left[:p] + b + left[p + len(a):] == right, (item.id, left, right)
            checked += 1
    assert checked > 1000
