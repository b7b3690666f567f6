"""numeric.arithmetic: every item verified, corruptions caught, difficulty model, sympy oracle."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from collections import Counter, defaultdict
from fractions import Fraction

import pytest

from question_generators.errors import ItemCheckError
from question_generators.numeric.arithmetic import (
    GENERIC_SLIP_KEYS,
    GENERIC_SLIPS,
    KINDS,
    evaluate,
    read_value,
)
from question_generators.registry import get_generator, make_item
from tests.question_generators.conftest import difficulty_for
from tests.question_generators.realism import model_time

FAMILY = "numeric.arithmetic"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)  # 2,000 items, each already checked by make_item


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    for item in items:
        generator.check(item)
    assert {item.params["kind"] for item in items} == set(KINDS)
    entries = sum(item.entry is not None for item in items)
    assert 0.08 < entries / len(items) <= 0.2


def test_check_fails_on_corrupted_items(items) -> None:
    generator = get_generator(FAMILY)
    choice = [i for i in items if i.entry is None][:300]
    for item in choice:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % 5))
        other = next(i for i in range(5) if i != item.key)
        target = next(i for i in range(5) if i not in (item.key, other))
        options = list(item.options)
        options[target] = options[other]
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))
    for item in [i for i in items if i.entry is not None][:100]:
        entry = dataclasses.replace(item.entry, value=item.entry.value + 1)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, entry=entry))


def test_check_fails_when_the_prompt_and_params_disagree(items) -> None:
    generator = get_generator(FAMILY)
    item = next(i for i in items if "expression" in i.params)
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, params={**item.params, "expression": "1 + 1"}))
    item = next(i for i in items if "question" in i.params)
    quantities = {k: str(Fraction(v) + 7) for k, v in item.params["quantities"].items()}
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, params={**item.params, "quantities": quantities}))


def test_evaluator_precedence_fractions_and_decimals() -> None:
    assert evaluate("24 + 6 × 7") == 66
    assert evaluate("(18 + 6) × 4 − 45 ÷ 9") == 91
    assert evaluate("2/3 ÷ 4/5") == Fraction(5, 6)
    assert evaluate("0.1 + 0.2") == Fraction(3, 10)
    assert evaluate("7.2 ÷ 0.4") == 18
    assert evaluate("3 3/4 ÷ 1 1/2") == Fraction(5, 2)
    assert evaluate("(4.5 − 1.7) × 0.5 − 0.3") == Fraction(11, 10)
    assert read_value("£1,250.50") == Fraction(250100, 200)
    assert read_value("1 1/2") == Fraction(3, 2) and read_value("1,234") == 1234
    assert read_value("12.5%") == Fraction(25, 2) and read_value("−2/3") == Fraction(-2, 3)
    with pytest.raises(ValueError):
        evaluate("2 + + ")


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 17, 999):
        assert make_item(FAMILY, -0.4, seed).to_dict() == make_item(FAMILY, -0.4, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.97


def test_difficulty_rises_with_the_kind_and_the_features(items) -> None:
    by_level: dict[int, list[float]] = defaultdict(list)
    for item in items:
        by_level[item.params["kind_level"]].append(item.difficulty)
        assert 0.8 <= item.discrimination <= 1.6
        assert 20 <= model_time(item) <= 60
    means = [sum(by_level[k]) / len(by_level[k]) for k in range(len(KINDS))]
    assert means == sorted(means) and len(set(means)) == len(means)
    for feature in ("large", "entry", "extra_step"):
        pairs = defaultdict(list)
        for item in items:
            pairs[(item.params["kind_level"], item.params[feature])].append(item.difficulty)
        for level in range(len(KINDS)):
            lo, hi = pairs[(level, 0)], pairs[(level, 1)]
            if lo and hi:
                assert sum(lo) / len(lo) < sum(hi) / len(hi)
    gaps = [item.difficulty - difficulty_for(s) for s, item in enumerate(items)]
    assert abs(sum(gaps) / len(gaps)) < 0.25


def test_options_distinct_named_and_balanced(items) -> None:
    positions: Counter[int] = Counter()
    choice = [i for i in items if i.entry is None][:1000]
    for item in choice:
        texts = [o.text for o in item.options]
        assert len(set(texts)) == 5
        values = [o.value for o in item.options]
        assert values == sorted(values)
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
        positions[item.key] += 1
    for letter in range(5):
        assert 0.10 <= positions[letter] / len(choice) <= 0.30


def test_explanation_and_entry_prompt(items) -> None:
    for item in items:
        if item.entry is None:
            assert item.options[item.key].text in item.explanation
        else:
            assert item.key is None and not item.options
            assert "Type your answer" in item.prompt
            assert item.params["kind"] != "fractions"
            shown = item.key_letter  # the number as typed, without grouping
            assert shown in item.explanation


def _sympy_truth(item):
    """A third oracle: sympy's exact rationals, from the prompt's expression or the stated
    quantities (formulas written here once more)."""
    import sympy

    if "expression" in item.params:
        text = item.params["expression"]
        text = re.sub(r"(\d+) (\d+)/(\d+)", r"(\1 + \2/\3)", text)  # mixed numbers
        text = re.sub(r"(?<![\d(+ ])(\d+)/(\d+)", r"(\1/\2)", text)
        text = re.sub(r"(?<=[^\d(])(\d+)/(\d+)", r"(\1/\2)", text)
        text = re.sub(r"^(\d+)/(\d+)", r"(\1/\2)", text)
        text = text.replace("×", "*").replace("÷", "/").replace("−", "-")
        return sympy.sympify(text, rational=True)
    q = {k: sympy.Rational(v) for k, v in item.params["quantities"].items()}
    kind = item.params["question"].removesuffix("_money")
    one = sympy.Integer(1)
    if kind == "percent_of":
        return q["base"] * q["p"] / 100
    if kind == "what_percent":
        return q["part"] / q["whole"] * 100
    if kind in ("increase", "decrease"):
        return q["base"] * (100 + (q["p"] if kind == "increase" else -q["p"])) / 100
    if kind in ("change", "rate_change", "price_rise"):
        return (q["new"] / q["old"] - 1) * 100
    if kind == "price_fall":
        return (1 - q["new"] / q["old"]) * 100
    if kind == "reverse":
        return q["final"] * 100 / (100 + q["p"])
    if kind == "reverse_discount":
        return q["final"] * 100 / (100 - q["p"])
    if kind == "fraction_of_fraction":
        return q["total"] * q["f1"] * q["f2"]
    a, b = q["a"] / 100, q["b"] / 100
    factor = {"up_up": (one + a) * (one + b), "up_down": (one + a) * (one - b),
              "down_down": (one - a) * (one - b)}[kind]
    return abs(factor - 1) * 100


def test_sympy_oracle_agrees(items) -> None:
    pytest.importorskip("sympy")
    import sympy

    for item in items[::4]:  # 500 items
        truth = _sympy_truth(item)
        if item.entry is not None:
            assert sympy.Rational(str(item.entry.value)) == truth, item.id
            continue
        matches = [i for i, o in enumerate(item.options)
                   if sympy.Rational(read_value(o.text)) == truth]
        assert matches == [item.key], (item.id, truth)


def test_check_does_not_import_sympy() -> None:
    code = ("import sys; from question_generators.registry import make_item\n"
            "for s in range(300): make_item('numeric.arithmetic', -3 + 6 * (s % 13) / 12, s)\n"
            "assert 'sympy' not in sys.modules, 'sympy imported'")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_at_most_one_generic_slip_and_no_repeated_mistake(items) -> None:
    assert len(GENERIC_SLIPS) == len(GENERIC_SLIP_KEYS)
    choice = [i for i in items if i.entry is None]
    generic_items = 0
    for item in choice:
        mistakes = [o.mistake for o in item.options if o.mistake]
        generic = [m for m in mistakes if m in GENERIC_SLIPS]
        assert len(generic) <= 1, (item.id, mistakes)
        assert len(set(mistakes)) == len(mistakes), (item.id, mistakes)
        generic_items += bool(generic)
    assert generic_items / len(choice) < 0.7  # most distractor sets are all conceptual


def test_mean_difficulty_tracks_the_requested_band(items) -> None:
    by_band: dict[int, list[float]] = defaultdict(list)
    for seed, item in enumerate(items):
        by_band[round(difficulty_for(seed))].append(item.difficulty - difficulty_for(seed))
    for band, gaps in sorted(by_band.items()):
        assert abs(sum(gaps) / len(gaps)) < 0.35, (band, sum(gaps) / len(gaps))
    top = [i.difficulty for s, i in enumerate(items) if difficulty_for(s) >= 2.5]
    assert sum(top) / len(top) > 2.2  # the top of the scale is really hard


def test_key_rank_balanced_within_each_kind(items) -> None:
    ranks: dict[str, Counter[int]] = defaultdict(Counter)
    for item in items:
        if item.entry is None:
            ranks[item.params["kind"]][item.key] += 1
    for kind, counts in ranks.items():
        total = sum(counts.values())
        for letter in range(5):
            assert counts[letter] / total > 0.04, (kind, counts)  # never a fixed position


def english_in_code(module) -> list[str]:
    """String constants of a module that read like English sentences, leaving out docstrings
    and the messages of raised errors (developer-facing, not shown to candidates)."""
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(module))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Raise):
            skip.update(id(sub) for sub in ast.walk(node))
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in skip and re.search(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}",
                                                   node.value)]


def test_no_english_in_the_code() -> None:
    """Candidate-facing sentences live in phrases.toml: the module holds no English phrases."""
    from question_generators.numeric import arithmetic

    assert english_in_code(arithmetic) == []


def test_money_stems_state_the_currency(items) -> None:
    for item in items:
        if item.params.get("question", "").endswith("_money") or item.params.get("question") in (
                "reverse_discount", "fraction_of_fraction", "price_rise", "price_fall"):
            assert "£" in item.prompt, item.prompt


def test_explanations_never_restate_a_value_as_itself(items) -> None:
    import re

    # "the answer is 2/27 = 2/27": a value "simplified" to itself reads as a template artefact.
    restated = re.compile(r"(?<![\d.,/])(?<![×÷+−-] )(\d+(?:[.,]\d+)?(?: \d+)?(?:/\d+)?) = \1(?![\d/]|[.,]\d)")
    for item in items:
        match = restated.search(item.explanation)
        assert match is None, f"{item.id}: {match.group(0)!r} in {item.explanation!r}"
    assert restated.search("so the answer is 2/27 = 2/27.") and restated.search("= 1 1/2 = 1 1/2")
    assert not restated.search("6.6 × 0.25 = 1.65. Finally 1.65 − 0.1 = 1.55.")
    assert not restated.search("1 × 3 = 3 and 2 × 8 = 16")
