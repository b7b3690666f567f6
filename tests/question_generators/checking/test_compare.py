"""checking.compare: recounted by direct comparison, realistic slips, identical pairs identical."""

from __future__ import annotations

import dataclasses
import math
import re
from collections import Counter, defaultdict

import numpy as np
import pytest

from question_generators.checking.compare import ASK_WEIGHT, SLIPS, make_entry, slip
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
            originals, copies = item.params["lines"]
            count = sum(x != y for a, b in zip(originals, copies, strict=True) for x, y in zip(a, b, strict=True))
            assert all(len(a) == len(b) for a, b in zip(originals, copies, strict=True))
            assert item.options[item.key].value == count == len(item.params["changes"])
            continue
        if ask.startswith("record"):
            originals, copies = item.params["records"]
            for a, b in zip(originals, copies, strict=True):  # at most one slip per record, in one field
                changed = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
                assert len(changed) <= 1 and all(_edit_distance(x, y) == 1 for x, y in changed)
            wrong = sum(a != b for a, b in zip(originals, copies, strict=True))
            if ask == "record_which":
                assert wrong == 1
            else:
                assert item.options[item.key].value == wrong
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
    assert {i.params["ask"] for i in items} == set(ASK_WEIGHT)
    assert {i.params["entry_kind"] for i in items} == {"short", "code", "number", "name", "address", "record"}
    assert all(len(i.options) == 5 for i in items)  # one option count: key letters balance over all


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
        if item.params["ask"] in ("which_differs", "count_identical"):
            pairs = [list(p) for p in item.params["pairs"]]
            i = int(item.key) % len(pairs)
            pairs[i][1] = pairs[i][1] + "." if pairs[i][0] == pairs[i][1] else pairs[i][0]
            fake_figure = generator._pairs_figure(item.params["entry_kind"], item.params["labels"],
                                                  [p[0] for p in pairs], [p[1] for p in pairs])
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, figure=fake_figure,
                                                    params={**item.params, "pairs": pairs}))


REALISTIC = [set(p) for p in ("0O", "1l", "1I", "lI", "5S")]


def _one_slip_kind(entry: str, copy: str) -> str:
    """What a copy did to an entry, read from the two strings alone."""
    if len(copy) == len(entry) + 1:
        return "double" if any(copy[:i] + copy[i + 1:] == entry and copy[i] == copy[i - 1]
                               for i in range(1, len(copy))) else "insert"
    if len(copy) == len(entry) - 1:
        return "drop"
    spots = [i for i, (a, b) in enumerate(zip(entry, copy, strict=True)) if a != b]
    if len(spots) == 2 and spots[1] == spots[0] + 1 and entry[spots[0]] == copy[spots[1]]:
        return "transpose"
    (pos,) = spots
    if {entry[pos], copy[pos]} in REALISTIC:
        return "similar"
    return "digit" if entry[pos].isdigit() and copy[pos].isdigit() else "letter"


def test_every_slip_is_one_a_typist_makes() -> None:
    """Only transposed neighbours (of one kind: no "eBnjamin"), 0/O, 1/l/I, 5/S, a doubled or
    dropped letter, one wrong digit (never a leading 0: not "051 Millbrook Avenue"); never an
    unrelated letter ("Swllivan"). v2 made both of those."""
    rng = np.random.default_rng(2)
    seen: Counter[str] = Counter()
    for _ in range(4000):
        kind = ("short", "code", "number", "name", "address", "date", "amount", "phone", "town")[int(rng.integers(9))]
        entry = make_entry(rng, kind)
        out = slip(rng, entry, int(rng.integers(3)))
        if out is None:
            continue
        copy, name = out
        seen[name] += 1
        assert copy != entry and _edit_distance(copy, entry) == 1
        found = _one_slip_kind(entry, copy)
        assert found == name and found not in ("letter", "insert"), (entry, copy, name)
        if name == "transpose":
            (i, _j) = [k for k, (a, b) in enumerate(zip(entry, copy, strict=True)) if a != b]
            assert entry[i].isdigit() == entry[i + 1].isdigit() and entry[i].isupper() == entry[i + 1].isupper()
        if name == "digit":
            (pos,) = [k for k, (a, b) in enumerate(zip(entry, copy, strict=True)) if a != b]
            starts = pos == 0 or not (entry[pos - 1].isdigit() or entry[pos - 1] in ",.")
            assert not (starts and copy[pos] == "0" and entry[pos] != "0"), (entry, copy)
    assert set(seen) == set(SLIPS)


def test_difficulty_follows_the_model_and_the_request(items) -> None:
    """b = -2.7 + log2(characters / 40) + 0.6 level + ask (module docstring): more to compare,
    subtler slips and counting every entry make an item harder; the top needs long record lists."""
    from tests.question_generators.conftest import difficulty_for

    by: dict[str, list[float]] = defaultdict(list)
    for seed, item in enumerate(items):
        p = item.params
        model = -2.7 + math.log2(p["chars"] / 40) + 0.6 * p["level"] + ASK_WEIGHT[p["ask"]]
        assert item.difficulty == pytest.approx(model, abs=1e-3)
        by["low" if difficulty_for(seed) < -1 else "high" if difficulty_for(seed) > 1 else "mid"].append(
            item.difficulty)
    assert np.mean(by["low"]) < np.mean(by["mid"]) < np.mean(by["high"])
    top = [i for i in items if i.difficulty > 2.2]
    assert top and {i.params["ask"] for i in top} <= {"record_count", "count_differences", "count_identical"}
    assert min(i.difficulty for i in items) < -2.8 and max(i.difficulty for i in items) > 2.6


def test_keys_balanced_and_options_sorted(items) -> None:
    positions: Counter[int] = Counter()
    counts = [i for i in items if i.params["ask"] not in ("which_differs", "record_which")]
    for item in counts:
        values = [o.value for o in item.options]
        assert values == sorted(values) and len(set(values)) == len(values)
        positions[item.key / (len(item.options) - 1)] += 1
    which = Counter(i.key for i in items if i.params["ask"] in ("which_differs", "record_which"))
    assert len(which) == 5 and min(which.values()) > 0.15 * sum(which.values())
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
