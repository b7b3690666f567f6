"""Realism audits shared by every area's tests: option-only cue strategies, calibration of b
against the requested difficulty, and content distinctness.

A cue strategy never reads the question: it picks an option from the options alone (the largest
value, the longest text, the option most like the others, a favourite letter). On a fair family
none beats chance by more than a few points. Ties are credited 1/len(ties): the expected score of
a solver that breaks ties at random."""

from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from question_generators.item import LETTERS, Item
from question_generators.registry import difficulty_range, make_item

_NUMBER = re.compile(r"[-−]?\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[a-z]+")


def sample(family: str, difficulties: Sequence[float], n: int, seed0: int = 0) -> list[Item]:
    """`n` checked items of `family`, cycling through `difficulties`, from consecutive seeds."""
    return [make_item(family, difficulties[i % len(difficulties)], seed0 + i) for i in range(n)]


def sweep_levels(count: int = 21) -> list[float]:
    """Requested difficulties spread over -3..+3 (every audit covers the whole range)."""
    return [round(-3.0 + 6.0 * i / (count - 1), 2) for i in range(count)]


def value_of(text: str) -> float | None:
    """The first number in an option's text ('£1,405.50' -> 1405.5, '3/4' -> 0.75), or None."""
    fraction = re.search(r"(-?\d+)\s*/\s*(\d+)", text)
    mixed = re.search(r"(-?\d+)\s+(\d+)\s*/\s*(\d+)", text)
    if mixed:
        whole, num, den = (int(g) for g in mixed.groups())
        return whole + (num / den if den else 0.0) * (1 if whole >= 0 else -1)
    if fraction and int(fraction.group(2)):
        return int(fraction.group(1)) / int(fraction.group(2))
    match = _NUMBER.search(text)
    if not match:
        return None
    try:
        return float(match.group().replace(",", "").replace("−", "-"))
    except ValueError:
        return None


def _bigrams(text: str) -> Counter[str]:
    t = " ".join(text.lower().split())
    return Counter(t[i:i + 2] for i in range(len(t) - 1))


def _jaccard(a: Counter[str], b: Counter[str]) -> float:
    union = sum((a | b).values())
    return sum((a & b).values()) / union if union else 0.0


def _pick(scores: Sequence[float], best: Callable[[Sequence[float]], float]) -> list[int]:
    target = best(scores)
    return [i for i, s in enumerate(scores) if math.isclose(s, target, rel_tol=1e-9, abs_tol=1e-12)]


def _alike(options: Sequence[str], features: Callable[[str], Counter[str]]) -> list[float]:
    feats = [features(o) for o in options]
    return [sum(_jaccard(f, g) for j, g in enumerate(feats) if j != i) for i, f in enumerate(feats)]


def strategies(item: Item) -> dict[str, list[int]]:
    """Every option-only strategy's choice (the tied options) for one choice item."""
    texts = [o.text for o in item.options]
    k = len(texts)
    picks: dict[str, list[int]] = {
        "longest": _pick([len(t) for t in texts], max),
        "shortest": _pick([len(t) for t in texts], min),
        "most_alike_bigrams": _pick(_alike(texts, _bigrams), max),
        "most_alike_words": _pick(_alike(texts, lambda t: Counter(_WORD.findall(t.lower()))), max),
        "most_alike_digits": _pick(_alike(texts, lambda t: Counter(c for c in t if c.isdigit())), max),
    }
    values = [value_of(t) for t in texts]
    if all(v is not None for v in values) and len(set(values)) == k:
        vals = [float(v) for v in values if v is not None]
        order = sorted(range(k), key=lambda i: vals[i])
        picks["largest"] = [order[-1]]
        picks["smallest"] = [order[0]]
        picks["median_value"] = [order[(k - 1) // 2]] if k % 2 else [order[k // 2 - 1], order[k // 2]]
        picks["value_centre"] = _pick([sum(abs(vals[i] - vals[j]) for j in range(k)) for i in range(k)], min)
    for index in range(k):
        picks[f"letter_{LETTERS[index]}"] = [index]
    return picks


def cue_rates(items: Iterable[Item]) -> dict[str, float]:
    """The hit rate of each strategy over the choice items (value strategies over the items whose
    options are all distinct numbers), with 'chance' for comparison."""
    hits: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    chance: Counter[str] = Counter()
    for item in items:
        if item.entry is not None or item.key is None:
            continue
        for name, chosen in strategies(item).items():
            counts[name] += 1
            chance[name] += 1.0 / len(item.options)
            if item.key in chosen:
                hits[name] += 1.0 / len(chosen)
    return {name: hits[name] / counts[name] for name in counts} | {
        f"chance:{name}": chance[name] / counts[name] for name in counts}


def chance(items: Iterable[Item]) -> float:
    choice = [item for item in items if item.entry is None]
    return statistics.fmean(1.0 / len(item.options) for item in choice) if choice else 0.0


def cue_problems(items: Sequence[Item], margin: float = 0.05, letter_margin: float = 0.03) -> list[str]:
    """Each strategy that beats its chance by more than `margin` (letters: strays from uniform by
    more than `letter_margin`, counted per option count), as readable lines."""
    rates = cue_rates(items)
    problems = [f"{name}: {rate:.1%} against chance {rates['chance:' + name]:.1%}"
                for name, rate in sorted(rates.items())
                if not name.startswith(("chance:", "letter_")) and rate > rates["chance:" + name] + margin]
    by_k: dict[int, Counter[int]] = {}
    for item in items:
        if item.entry is None and item.key is not None:
            by_k.setdefault(len(item.options), Counter())[item.key] += 1
    for k, keys in by_k.items():
        total = sum(keys.values())
        if total < 200:  # too few items with this many options to judge their letters
            continue
        for index in range(k):
            share = keys[index] / total
            if abs(share - 1.0 / k) > letter_margin:
                problems.append(f"key {LETTERS[index]} ({k} options): {share:.1%} against {1.0 / k:.1%}")
    return problems


def assert_no_cues(items: Sequence[Item], margin: float = 0.05, letter_margin: float = 0.03) -> None:
    problems = cue_problems(items, margin, letter_margin)
    assert not problems, "option-only cues beat chance:\n  " + "\n  ".join(problems)


def calibration(family: str, levels: Sequence[float] = (-2.0, 0.0, 2.0), n: int = 60,
                seed0: int = 10_000) -> dict[float, tuple[float, float]]:
    """Mean and SD of b over `n` items requested at each level (the level clipped into the
    family's range, as assembly does)."""
    low, high = difficulty_range(family)
    result = {}
    for level in levels:
        asked = min(high, max(low, level))
        bs = [make_item(family, asked, seed0 + i).difficulty for i in range(n)]
        result[level] = (statistics.fmean(bs), statistics.pstdev(bs))
    return result


def assert_calibrated(family: str, tol: float = 0.3, max_sd: float = 0.5,
                      levels: Sequence[float] = (-2.0, 0.0, 2.0), n: int = 60) -> None:
    """b of items asked at each level is on target (within `tol`) and tight (SD under `max_sd`)."""
    low, high = difficulty_range(family)
    problems = []
    for level, (mean, sd) in calibration(family, levels, n).items():
        asked = min(high, max(low, level))
        if abs(mean - asked) > tol or sd >= max_sd:
            problems.append(f"asked {asked:+.2f}: mean b {mean:+.2f}, SD {sd:.2f}")
    assert not problems, f"{family} is off target:\n  " + "\n  ".join(problems)


def distinct_share(items: Sequence[Item]) -> float:
    """The share of items whose content (fingerprint) no earlier item had."""
    return len({item.fingerprint() for item in items}) / len(items) if items else 1.0


def model_time(item: Item) -> float:
    """The item's typical time as its family's own model gives it, before pace.toml scales it to
    the pace of the tests the family imitates (a family's tests hold its model to its bounds)."""
    from question_generators.registry import pace_factors

    # the scaled time keeps one decimal, so the model's value comes back to within 0.1 s: to the half second
    return round(2 * item.time_s / pace_factors().get(item.family, 1.0)) / 2
