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


# -- two-rate problems (issue 14) ----------------------------------------------------------------
TWO_RATE = ("meet", "blend", "relay", "two_stage")


def test_two_rate_kinds_share_the_hard_levels(items) -> None:
    # each two-rate kind has a level of its own partner, so the hard end is not one question type
    for level in word_problem.LEVELS[5:]:
        assert len(level) == 2 and level[1] in TWO_RATE
    at_plus_2 = [make_item(FAMILY, 2.0, seed) for seed in range(200)]
    kinds = {i.params["kind"] for i in at_plus_2}
    assert {"two_stage", "relay"} <= kinds and len(kinds) >= 4, kinds


def test_two_rate_distractors_are_the_real_mistakes(items) -> None:
    m = get_generator(FAMILY).m
    expected = {("meet", 0): {m["meet_difference"], m["meet_average"], m["halfway"]},
                ("meet", 1): {m["catch_sum"], m["since_first"]},
                ("blend", 0): {m["blend_mean"]}, ("blend", 1): {m["allig_inverted"], m["allig_total"]},
                ("two_stage", 0): {m["mean_of_speeds"], m["stage_equal_distances"]},
                ("two_stage", 1): {m["mean_of_speeds"], m["rest_whole_at_v2"]},
                ("relay", 0): {m["hours_not_minutes"]}, ("relay", 1): {m["relay_combined"]}}
    seen: dict[tuple[str, int], set[str]] = {k: set() for k in expected}
    for item in items:
        key = (item.params["kind"], item.params["large"])
        if key in seen:
            seen[key] |= {(o.mistake or "").split(", and ")[0] for o in item.options}
    for key, wanted in expected.items():
        assert any(w in seen[key] or any(s.startswith(w[:30]) for s in seen[key]) for w in wanted), key


def test_two_rate_check_routes_agree_with_the_formulas() -> None:
    # the check's routes (a gap closed minute by minute, a*b job units, quarter-unit search) give
    # the closed forms on every row of the tables the generator draws from
    truth = word_problem._truth
    for v1, v2, d in word_problem.APPROACH:
        assert truth("meet", {"v1": v1, "v2": v2, "d": d, "ask": 0})[0] == 60 * d / (v1 + v2)
        assert abs(truth("meet", {"v1": v1, "v2": v2, "d": d, "ask": 1})[0] - v1 * d / (v1 + v2)) < 1e-9
    for v1, v2, t0 in word_problem.CATCH_UP:
        assert truth("meet", {"v1": v1, "v2": v2, "t0": t0})[0] == v1 * t0 / (v2 - v1)
    for a, b, h in word_problem.RELAY:
        assert abs(truth("relay", {"a": a, "b": b, "h": h, "together": 0})[0] - 60 * b * (1 - h / a)) < 1e-9
    for a, b, h in word_problem.RELAY_TOGETHER:
        got = truth("relay", {"a": a, "b": b, "h": h, "together": 1})[0]
        assert abs(got - 60 * b * (1 - h / a - h / b)) < 1e-9
    for x, p1, y, p2 in word_problem.blend_table(True)[::7]:
        p = round((x * p1 + y * p2) / (x + y))
        assert truth("blend", {"x": x, "p1": p1, "p2": p2, "p": p, "ctx": "price"})[0] == y
    for d, v1, t1, v2 in word_problem.two_stage_table(True):
        got = truth("two_stage", {"d": d, "v1": v1, "t1": t1, "v2": v2})[0]
        assert abs(got - d / (t1 + (d - v1 * t1) / v2)) < 1e-9
        assert abs(10 * got - round(10 * got)) < 1e-9  # exact to the 0.1 km/h the options show


def test_the_catch_up_check_refuses_a_slower_follower() -> None:
    with pytest.raises(ValueError):
        word_problem._truth("meet", {"v1": 80, "v2": 60, "t0": 30})


def test_two_rate_items_with_other_quantities_fail_the_check(items) -> None:
    generator = get_generator(FAMILY)
    caught = set()
    for item in items:
        kind = item.params["kind"]
        if kind not in TWO_RATE:
            continue
        for name, value in item.params["q"].items():
            if isinstance(value, str) or name in ("ask", "together"):
                continue
            q = {**item.params["q"], name: value + 7}
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, params={**item.params, "q": q}))
        caught.add(kind)
    assert caught == set(TWO_RATE)


def test_a_reworded_repeat_is_a_repeat() -> None:
    """Issue 14 item 4: a word problem appeared 19 times under new names and wording, because
    "seen before" compared the wording. The content and once keys are the calculation: two items of
    one calculation in other words share the once key, which assembly allows once per form."""
    from question_generators.registry import make_item

    by_calc: dict[str, set[str]] = {}
    for seed in range(400):
        item = make_item("numeric.word_problem", -1.0 + (seed % 3) * 0.2, seed)
        assert item.params["content"].startswith(item.params["kind"])
        by_calc.setdefault(item.params["once"][0], set()).add(item.prompt)
    assert any(len(prompts) > 1 for prompts in by_calc.values())
