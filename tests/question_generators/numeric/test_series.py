"""numeric.series: every item verified, corruptions caught, difficulty model, sympy oracle."""

from __future__ import annotations

import dataclasses
import itertools
import subprocess
import sys
from collections import Counter, defaultdict
from fractions import Fraction

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.numeric.series import (
    GENERIC_SLIP_KEYS,
    GENERIC_SLIPS,
    RULES,
    explaining_rules,
    parse_series,
)
from question_generators.registry import get_generator, make_item
from tests.question_generators.realism import model_time

FAMILY = "numeric.series"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)  # 2,000 items, each already checked by make_item


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    assert {item.params["rule"] for item in items} == set(RULES)
    assert {item.params["ask"] for item in items} == {"next", "missing"}


def test_check_fails_on_a_moved_key(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)


def test_check_fails_on_a_duplicated_or_unnamed_option(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:200]:
        other = next(i for i in range(5) if i != item.key)
        target = next(i for i in range(5) if i not in (item.key, other))
        options = list(item.options)
        options[target] = dataclasses.replace(options[other])
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))
        options = list(item.options)
        options[other] = dataclasses.replace(options[other], mistake=None)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))


def test_check_fails_when_no_option_fits(items) -> None:
    generator = get_generator(FAMILY)
    item = next(i for i in items if i.params["rule"] == "arithmetic" and i.params["ask"] == "next")
    key_value = item.options[item.key].value
    wrong = list(item.options)
    wrong[item.key] = Option(str(int(key_value) + 1000), key_value + 1000)
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, options=tuple(wrong)))


def test_check_fails_when_a_second_option_fits_another_rule(items) -> None:
    # 2, 3, 5, 8: the sum of the previous two gives 13, constant second differences give 12.
    generator = get_generator(FAMILY)
    base = next(i for i in items if i.params["ask"] == "next")
    options = tuple(Option(str(v), float(v), None if v == 13 else "m") for v in (11, 12, 13, 14, 15))
    ambiguous = dataclasses.replace(base, prompt="What comes next?\n\n2, 3, 5, 8, ?",
                                    params={**base.params, "terms": [2, 3, 5, 8, None]},
                                    options=options, key=2)
    with pytest.raises(ItemCheckError, match="B, C"):
        generator.check(ambiguous)
    fixed = dataclasses.replace(ambiguous, options=tuple(
        Option(str(v), float(v), None if v == 13 else "m") for v in (10, 11, 13, 14, 15)))
    generator.check(fixed)


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 17, 999):
        assert make_item(FAMILY, 0.3, seed).to_dict() == make_item(FAMILY, 0.3, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.97


def test_difficulty_rises_with_the_rule_and_the_features(items) -> None:
    by_level: dict[int, list[float]] = defaultdict(list)
    by_feature: dict[tuple[int, str, int], list[float]] = defaultdict(list)
    for item in items:
        level = item.params["rule_level"]
        by_level[level].append(item.difficulty)
        by_feature[(level, "large", item.params["large"])].append(item.difficulty)
        by_feature[(level, "missing", item.params["missing"])].append(item.difficulty)
        assert 0.8 <= item.discrimination <= 1.6
        assert 45 <= model_time(item) <= 80
    means = [sum(by_level[k]) / len(by_level[k]) for k in range(len(RULES))]
    assert means == sorted(means) and len(set(means)) == len(means)
    for level in range(len(RULES)):
        for feature in ("large", "missing"):
            lo, hi = by_feature[(level, feature, 0)], by_feature[(level, feature, 1)]
            if lo and hi:
                assert sum(lo) / len(lo) < sum(hi) / len(hi)
    # on average the item's b stays near the requested difficulty
    from tests.question_generators.conftest import difficulty_for

    gaps = [item.difficulty - difficulty_for(s) for s, item in enumerate(items)]
    assert abs(sum(gaps) / len(gaps)) < 0.25


def test_options_distinct_named_and_balanced(items) -> None:
    positions: Counter[int] = Counter()
    for item in items[:1000]:
        texts = [o.text for o in item.options]
        assert len(texts) == 5 and len(set(texts)) == 5
        values = [o.value for o in item.options]
        assert values == sorted(values)
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
            assert option.mistake is None or len(option.mistake) > 8
        positions[item.key] += 1
    for letter in range(5):
        assert 0.10 <= positions[letter] / 1000 <= 0.30


def test_prompt_shows_enough_terms_and_realistic_numbers(items) -> None:
    for item in items:
        shown = parse_series(item.prompt.splitlines()[-1])
        visible = [x for x in shown if x is not None]
        minimum = 4 if item.params["rule"] in ("arithmetic", "geometric") else 5
        if item.params["rule"] == "interleaved":
            minimum = 6
        assert len(visible) >= minimum
        assert all(abs(x) <= 9999 and x.denominator == 1 for x in visible)
        assert item.options[item.key].text in item.explanation


def _sympy_answer(item) -> set:
    """A third oracle: write the rule family's defining relations over the shown terms with the
    blank as a sympy symbol (plus the rule's unknown constants) and solve the system."""
    import sympy

    x = sympy.Symbol("x")
    shown = parse_series(item.prompt.splitlines()[-1])
    t = [x if v is None else sympy.Rational(v.numerator, v.denominator) for v in shown]
    rule, info = item.params["rule"], item.params["rule_params"]
    r, c = sympy.symbols("r c")
    eqs = []

    def delta(seq, order):
        for _ in range(order):
            seq = [b - a for a, b in itertools.pairwise(seq)]
        return seq

    if rule == "arithmetic":
        eqs = delta(t, 2)
    elif rule == "geometric":
        eqs = [t[i + 1] - r * t[i] for i in range(len(t) - 1)]
    elif rule in ("powers", "second_differences"):
        eqs = delta(t, 4 if info.get("power") == 3 else 3)
    elif rule == "fibonacci":
        k = info["order"]
        eqs = [t[i] - sum(t[i - k:i]) for i in range(k, len(t))]
    elif rule == "interleaved":
        for sub, (kind, _) in ((t[0::2], info["odd"]), (t[1::2], info["even"])):
            ratio = sympy.Symbol(f"q{len(eqs)}")
            eqs += delta(sub, 2) if kind == "plus" else \
                [sub[i + 1] - ratio * sub[i] for i in range(len(sub) - 1)]
    elif rule == "alternating":
        # two steps of (+a, x b) make one affine map: t[i+2] = b t[i] + k_parity
        k0, k1 = sympy.symbols("k0 k1")
        eqs = [t[i + 2] - r * t[i] - (k0 if i % 2 == 0 else k1) for i in range(len(t) - 2)]
    else:  # geometric differences: t[i+1] = r t[i] + c
        eqs = [t[i + 1] - r * t[i] - c for i in range(len(t) - 1)]
    unknowns = [s for s in (x, *sorted(set().union(*(e.free_symbols for e in eqs)) - {x}, key=str))]
    solutions = sympy.solve(eqs, unknowns, dict=True)
    return {sol[x] for sol in solutions if x in sol}


def test_sympy_oracle_agrees(items) -> None:
    pytest.importorskip("sympy")
    for item in items[::10]:  # 200 items, every rule and difficulty
        answers = _sympy_answer(item)
        key = Fraction(item.options[item.key].text)
        assert answers == {key}, (item.id, answers, key)


def test_solver_recognises_textbook_series() -> None:
    assert "arithmetic" in explaining_rules([3, 7, 11, 15, 19])
    assert "geometric" in explaining_rules([3, 6, 12, 24, 48])
    assert "squares or cubes plus an offset" in explaining_rules([2, 9, 28, 65, 126, 217])
    assert "sum of the previous two" in explaining_rules([1, 1, 2, 3, 5, 8, 13])
    assert "two alternating operations" in explaining_rules([1, 3, 6, 8, 16, 18, 36])
    assert "geometric differences (m*t + c)" in explaining_rules([2, 5, 11, 23, 47, 95])
    assert explaining_rules([1, 2, 4, 7, 12, 20, 33, 55]) == []  # no simple rule


def test_check_does_not_import_sympy() -> None:
    code = ("import sys; from question_generators.registry import make_item\n"
            "for s in range(200): make_item('numeric.series', -3 + 6 * (s % 13) / 12, s)\n"
            "assert 'sympy' not in sys.modules, 'sympy imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_at_most_one_generic_slip_and_no_repeated_mistake(items) -> None:
    assert len(GENERIC_SLIPS) == len(GENERIC_SLIP_KEYS)
    for item in items:
        mistakes = [o.mistake for o in item.options if o.mistake]
        assert sum(m in GENERIC_SLIPS for m in mistakes) <= 1, (item.id, mistakes)
        assert len(set(mistakes)) == len(mistakes), (item.id, mistakes)


def test_no_english_in_the_code() -> None:
    from question_generators.numeric import series
    from tests.question_generators.numeric.test_arithmetic import english_in_code

    rule_names = {name for name, _, _ in series.LIBRARY}  # the solver's own labels
    assert [s for s in english_in_code(series) if s not in rule_names] == []
