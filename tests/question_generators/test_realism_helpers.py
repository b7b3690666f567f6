"""The realism audits themselves: each strategy finds what it claims, and a biased set is caught."""

from __future__ import annotations

from question_generators.item import Item, Option
from tests.question_generators.realism import cue_problems, cue_rates, distinct_share, strategies, value_of


def item(texts: list[str], key: int, content: str = "") -> Item:
    options = tuple(Option(t, None, None if i == key else "slip") for i, t in enumerate(texts))
    return Item(family="demo.x", section="numerical", prompt="?", explanation="e", difficulty=0.0,
                discrimination=1.0, time_s=10.0, options=options, key=key,
                params={"content": content} if content else {})


def test_values_are_read_from_option_texts() -> None:
    assert value_of("£1,405.50") == 1405.5
    assert value_of("3/4") == 0.75
    assert value_of("1 1/2") == 1.5
    assert value_of("−12 %") == -12.0
    assert value_of("north") is None


def test_each_strategy_picks_what_it_names() -> None:
    picks = strategies(item(["12", "1200", "120", "1.2", "121"], 0))
    assert picks["largest"] == [1] and picks["smallest"] == [3] and picks["median_value"] == [2]
    assert picks["longest"] == [1] and picks["letter_C"] == [2]
    assert strategies(item(["cat", "dog", "cow", "owl"], 0))["longest"] == [0, 1, 2, 3]  # a tie


def test_a_biased_family_is_caught_and_a_fair_one_passes() -> None:
    biased = [item([str(100 + i), str(200 + i), str(300 + i), str(400 + i)], 3) for i in range(400)]
    problems = cue_problems(biased)
    assert any(p.startswith("largest") for p in problems) and any(p.startswith("key D") for p in problems)
    fair = [item([str(100 + i), str(200 + i), str(300 + i), str(400 + i)], i % 4) for i in range(400)]
    assert not cue_problems(fair), cue_problems(fair)
    assert abs(cue_rates(fair)["largest"] - 0.25) < 1e-9


def test_distinct_share_counts_content() -> None:
    same = [item(["1", "2"], 0, "x"), item(["2", "1"], 1, "x"), item(["1", "3"], 0, "y")]
    assert abs(distinct_share(same) - 2 / 3) < 1e-9
