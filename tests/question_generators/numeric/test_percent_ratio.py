"""numeric.percent_ratio: every item verified, corruptions caught, difficulty model, options."""

from __future__ import annotations

import dataclasses

import pytest

from question_generators.errors import ItemCheckError
from question_generators.numeric import percent_ratio
from question_generators.numeric.percent_ratio import KINDS
from question_generators.registry import get_generator, make_item
from tests.question_generators.numeric import numerical_checks as nc
from tests.question_generators.numeric.test_arithmetic import english_in_code
from tests.question_generators.realism import model_time

FAMILY = "numeric.percent_ratio"


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
    nc.difficulty_monotone(items, "kind_level", ("large",))
    for item in items:
        assert 40 <= model_time(item) <= 90 and 0.8 < item.discrimination < 1.5


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
    assert set(english_in_code(percent_ratio)) <= {percent_ratio.PercentRatioGenerator.title}


def test_check_compares_texts_or_reads_options_back(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        plain = {k: v for k, v in item.params.items() if k != "show"}
        generator.check(dataclasses.replace(item, params=plain))  # no format name: options read back
        wrong = "pr.pct1" if item.params["show"] in ("pr.money2", "money|£") else "pr.money2"
        with pytest.raises(ItemCheckError):  # the answer printed another way matches no option
            generator.check(dataclasses.replace(item, params={**item.params, "show": wrong}))


def test_at_most_one_generic_slip(items) -> None:
    nc.at_most_one_generic_slip(items, "percent_ratio")


def test_money2_prints_as_money_rounded_to_the_penny() -> None:
    from question_generators.numeric.common import money, money2
    values = [k / 100 for k in range(-100_000, 100_000, 7)] + [k / 1000 for k in range(-2_000, 2_000)]
    values += [2.675, 1.005, -0.004, -0.005, 1e-9, -1e-9, 1234567.891]
    assert [money2(v) for v in values] == [money(round(v, 2)) for v in values]
    assert money2(-3.5, "€") == "\u2212€3.50" and money2(1250) == "£1,250"


def test_money_formats_of_the_families_keep_their_own_names() -> None:
    # word_problem registers its own money format; a shared function object would rename ours
    make_item("numeric.word_problem", 0.0, 1)
    item = next(make_item(FAMILY, 0.0, s) for s in range(200)
                if make_item(FAMILY, 0.0, s).params["show"].endswith("money2"))
    assert item.params["show"] == "pr.money2"


def test_money_options_show_pence_on_all_or_none(items) -> None:
    mixed = [i.id for i in items if i.entry is None and i.options[0].text.startswith("£")
             and 0 < sum("." in o.text for o in i.options) < len(i.options)]
    assert not mixed, mixed[:5]  # a lone whole amount among amounts with pence stands out
