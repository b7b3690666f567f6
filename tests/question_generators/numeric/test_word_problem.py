"""numeric.word_problem: every item verified, corruptions caught, difficulty model, options, typed answers."""

from __future__ import annotations

import dataclasses

import pytest

from question_generators.errors import ItemCheckError
from question_generators.numeric import word_problem
from question_generators.numeric.word_problem import KINDS
from question_generators.registry import get_generator, make_item
from tests.question_generators.numeric import numerical_checks as nc
from tests.question_generators.numeric.test_arithmetic import english_in_code
from tests.question_generators.realism import model_time

FAMILY = "numeric.word_problem"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)  # 2,000 items across -3..+3, each already checked by make_item


def test_check_passes_across_the_difficulty_range(items) -> None:
    nc.check_all(FAMILY, items)
    assert {(i.params["kind"], i.params["large"]) for i in items} == {(k, v) for k in KINDS for v in (0, 1)}


def test_corrupted_keys_and_options_are_caught(items) -> None:
    nc.corrupted_keys_caught(FAMILY, items)


def test_check_fails_when_the_quantities_disagree_with_the_prompt(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:200]:
        q = dict(item.params["q"])
        name, value = next((k, v) for k, v in q.items() if not isinstance(v, str))
        q[name] = [value[0] + 7, *value[1:]] if isinstance(value, list) else value + 7
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, params={**item.params, "q": q}))


def test_difficulty_rises_with_the_kind_and_the_variant(items) -> None:
    nc.difficulty_monotone(items, "kind_level", ("large", "entry"))
    for item in items:
        assert 40 <= model_time(item) <= 100 and 0.8 < item.discrimination < 1.5


def test_options_distinct_ascending_named_and_balanced(items) -> None:
    nc.options_distinct_named_balanced(items)


def test_at_most_one_decimal_slip(items) -> None:
    slips = {get_generator(FAMILY).m["slip_up"], get_generator(FAMILY).m["slip_down"]}
    for item in items:
        assert sum(o.mistake in slips for o in item.options) <= 2


def test_same_seed_same_item_and_variety(items) -> None:
    assert make_item(FAMILY, 0.3, 11).to_dict() == make_item(FAMILY, 0.3, 11).to_dict()
    nc.fingerprints_vary(items, 0.9)


def test_no_sympy_and_no_english_in_the_code() -> None:
    nc.no_sympy(FAMILY)
    assert set(english_in_code(word_problem)) <= {word_problem.WordProblemGenerator.title}


def test_typed_answers_state_unit_precision_and_tolerance(items) -> None:
    typed = [i for i in items if i.entry is not None]
    assert 0.15 < len(typed) / len(items) < 0.35
    kinds = set()
    for item in typed:
        entry = item.entry
        kinds.add(item.params["kind"])
        assert entry.tolerance == {0: 0.5, 1: 0.05, 2: 0.005}[entry.decimals]
        assert "answers within" in item.prompt and (entry.unit in item.prompt)
        assert item.grade(str(entry.value)) and item.grade(str(entry.value + entry.tolerance * 0.9))
        assert not item.grade(str(entry.value + entry.tolerance * 2.1))
    assert kinds == set(KINDS)


def test_at_most_one_generic_slip(items) -> None:
    nc.at_most_one_generic_slip(items, "word_problem")


def test_weighted_mistakes_do_not_miscount_the_groups(items) -> None:
    words = {2: "two", 3: "three", 4: "four"}
    for item in items:
        if item.params["kind"] == "weighted" and item.entry is None:
            groups = len(item.params["q"]["n"])
            for option in item.options:
                for count, word in words.items():
                    if count != groups:
                        assert f"the {word} means" not in (option.mistake or ""), (item.id, option.mistake)


def test_money_options_show_pence_on_all_or_none(items) -> None:
    mixed = [i.id for i in items if i.entry is None and i.options[0].text.startswith("£")
             and 0 < sum("." in o.text for o in i.options) < len(i.options)]
    assert not mixed, mixed[:5]  # a lone whole amount among amounts with pence stands out
