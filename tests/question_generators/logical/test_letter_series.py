"""logical.letter_series: every item verified, corruptions caught, the solver, difficulty."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.logical import letter_series as ls
from question_generators.registry import get_generator, make_item

FAMILY = "logical.letter_series"


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    rules = {r for item in items for r in item.params["rule"].split("/")}
    assert rules == {"arithmetic", "growing", "alternating", "interleaved", "cycle", "place", "mirror"}
    assert {item.params["kinds"] for item in items} == {"L", "LN", "LL"}
    assert {item.params["wrap"] for item in items} == {0, 1}
    assert {item.params["missing"] for item in items} == {0, 1}


def test_check_fails_on_a_moved_key(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:400]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)


def _item_with(base, line: str, options: list[str], key: int):
    opts = tuple(Option(t, mistake=None if i == key else "m") for i, t in enumerate(options))
    return dataclasses.replace(base, prompt=f"What comes next?\n\n{line}", options=opts, key=key)


def test_check_on_hand_written_series(items) -> None:
    generator = get_generator(FAMILY)
    base = items[0]
    generator.check(_item_with(base, "A, C, E, G, I, ?", ["J", "K", "L", "H", "M"], 1))
    generator.check(_item_with(base, "X, Z, B, D, F, ?", ["G", "H", "I", "E", "D"], 1))  # wraps
    generator.check(_item_with(base, "B2, D4, F6, H8, J10, ?", ["L12", "K11", "L11", "M13", "K12"], 0))
    generator.check(_item_with(base, "AZ, BY, CX, DW, EV, ?", ["FU", "FV", "GU", "EU", "FT"], 0))
    with pytest.raises(ItemCheckError, match="keyed"):  # the key is not the continuation
        generator.check(_item_with(base, "A, C, E, G, I, ?", ["J", "K", "L", "H", "M"], 0))
    with pytest.raises(ItemCheckError, match="five or more"):  # too short to confirm a rule
        generator.check(_item_with(base, "A, C, E, G, ?", ["I", "J", "K", "H", "M"], 0))
    # with five terms shown, the library's rules never disagree on a letter series: e.g. every
    # completion of A, B, D, E, G that some rule explains is H
    terms = [(v,) for v in (1, 2, 4, 5, 7)]
    assert [x for x in range(1, 27) if ls.defensible(terms, "L", (x,))] == [8]
    with pytest.raises(ItemCheckError, match="shape"):
        generator.check(_item_with(base, "A, B2, C, D, E, ?", ["F", "G", "H", "I", "J"], 0))


def test_missing_terms_sit_inside_the_series(items) -> None:
    generator = get_generator(FAMILY)
    missing = [i for i in items if i.params["missing"]]
    assert 0.15 < len(missing) / len(items) < 0.35
    for item in missing:
        tokens = item.prompt.splitlines()[-1].split(", ")
        assert 2 <= tokens.index("?") < len(tokens) - 1
        assert sum(t != "?" for t in tokens) >= 5
    item = missing[0]
    filled = item.prompt.replace("?", item.options[item.key].text, 1)  # the stem has a "?" too
    assert filled != item.prompt
    generator.check(item)


def test_solver_recognises_textbook_series() -> None:
    def fits(text: str) -> bool:
        terms = [ls.parse_term(t) for t in text.split(", ")]
        return ls.defensible([t[1] for t in terms[:-1]], terms[0][0], terms[-1][1])

    assert fits("A, C, E, G, I, K")
    assert fits("A, B, D, G, K, P")  # growing steps
    assert fits("C, F, E, H, G, J")  # +3, -1
    assert fits("A, Z, B, Y, C, X")  # interleaved
    assert fits("W, Z, C, F, I")  # wraps round
    assert fits("B2, E5, H8, K11")
    assert not fits("A, C, E, G, I, L")
    assert not fits("A, B, D, H, P, F")


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 17, 999):
        assert make_item(FAMILY, 0.3, seed).to_dict() == make_item(FAMILY, 0.3, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.9


def test_options_distinct_named_and_balanced(items) -> None:
    positions: Counter[int] = Counter()
    for item in items:
        texts = [o.text for o in item.options]
        assert len(texts) == 5 and len(set(texts)) == 5
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
        positions[item.key] += 1
    for position in range(5):
        assert 0.14 <= positions[position] / len(items) <= 0.26, positions


def test_difficulty_follows_the_rules_and_a_single_rule_stays_low(items) -> None:
    """b is the sum of the rules' costs (module docstring): a series of one letter under one
    constant-step or growing rule is never rated above +1.5 (N, T, Z, F, ?, R was +3.15 in v2),
    and a second part, a missing term or a wrap-around always adds to b."""
    single = [i for i in items if i.params["kinds"] == "L" and i.params["rule"] in ("arithmetic", "growing")]
    assert single and max(i.difficulty for i in single) <= 1.5
    for item in items:
        p = item.params
        cost = sum(ls.LETTER_RULES[tuple(s.split("-", 1))] if c == 0 else
                   (ls.NUMBER_RULES if p["kinds"] == "LN" else ls.SECOND_LETTER_RULES)[tuple(s.split("-", 1))]
                   for c, s in enumerate(p["specs"]))
        extra = ls.WEIGHTS["second"] * (len(p["specs"]) - 1) + ls.WEIGHTS["missing"] * p["missing"]
        assert item.difficulty >= round(ls.INTERCEPT + cost + extra + ls.WEIGHTS["wrap"] * p["wrap"], 3) - 1e-9
    top = [i for i in items if i.difficulty >= 2.3]
    assert top and all(len(i.params["specs"]) == 2 for i in top)  # the top needs two parts' rules
    assert {r for i in top for r in i.params["rule"].split("/")} & {"cycle", "interleaved"}


def test_the_hand_written_single_step_series_of_the_issue_is_read_as_one_rule() -> None:
    terms = [ls.parse_term(t)[1] for t in ["N", "T", "Z", "F"]] + [None] + [ls.parse_term("R")[1]]
    assert ls.defensible(terms, "L", (12,))  # L: one +6 step, wrapping past Z


def test_two_part_options_do_not_point_at_the_key(items) -> None:
    """The key sits on a vertex of the five-option structure drawn uniformly: it shares a part
    with the most other options no more often than any other option."""
    two = [i for i in items if len(i.params["specs"]) == 2]
    shares = Counter()
    for item in two:
        texts = [o.text for o in item.options]
        parts = [ls.parse_term(t)[1] for t in texts]
        degree = [sum(a[0] == b[0] or a[1] == b[1] for j, b in enumerate(parts) if j != i) for i, a in enumerate(parts)]
        shares[degree[item.key]] += 1
    assert set(shares) == {1, 2}
    assert 0.5 < shares[2] / len(two) < 0.7  # three vertices in five have two neighbours


def test_explanations_show_the_places_and_the_key(items) -> None:
    for item in items:
        assert item.explanation.endswith(f"{item.options[item.key].text}.")
        assert "= " in item.explanation


def test_no_english_in_the_code() -> None:
    from tests.question_generators.numeric.test_arithmetic import english_in_code

    rule_names = {name for name, _, _ in ls.LIBRARY}
    assert [s for s in english_in_code(ls) if s not in rule_names] == []
