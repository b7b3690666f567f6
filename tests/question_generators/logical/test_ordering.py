"""logical.ordering: uniqueness by a second brute force, sweep, corruptions, distractors, difficulty."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, defaultdict

import pytest

from question_generators.errors import ItemCheckError
from question_generators.logical import ordering
from question_generators.registry import get_generator, make_item
from tests.question_generators.conftest import difficulty_for

FAMILY = "logical.ordering"


# -- a second, separately written brute force: plain Python over itertools.permutations --------
def holds(constraint: list, seat: dict[int, int], n: int) -> bool:
    """seat[person] = place (0-based) in one candidate order."""
    kind, a, b, g = constraint
    if kind == "if":  # a conditional: the condition fails or the consequence holds
        return not holds(a, seat, n) or holds(b, seat, n)
    if kind == "at":
        return seat[a] == b
    if kind == "not_at":
        return seat[a] != b
    if kind == "end":
        return seat[a] in (0, n - 1)
    if kind == "not_end":
        return seat[a] not in (0, n - 1)
    distance = seat[b] - seat[a]
    return {"before": distance > 0, "next": distance == 1, "adjacent": abs(distance) == 1,
            "not_adjacent": abs(distance) != 1, "gap": abs(distance) == g + 1}[kind]


def solutions(constraints: list, n: int) -> list[tuple[int, ...]]:
    found = []
    for order in itertools.permutations(range(n)):
        seat = {person: place for place, person in enumerate(order)}
        if all(holds(c, seat, n) for c in constraints):
            found.append(order)
    return found


def plain_answer(question: list, order: tuple[int, ...]) -> int | None:
    kind, x, y = question
    if kind == "who_at":
        return order[x]
    if kind == "where":
        return order.index(x)
    lo, hi = sorted((order.index(x), order.index(y)))
    return order[lo + 1] if hi - lo == 2 else None


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    assert {i.params["scenario"] for i in items} == set(ordering.SCENARIOS)
    assert {i.params["people"] for i in items} == {4, 5, 6, 7}
    assert {i.params["question"][0] for i in items} == set(ordering.QUESTIONS)
    assert {i.params["tier"] for i in items} == {0, 1, 2, 3}


def test_the_top_has_six_or_seven_people_and_conditional_or_negative_statements(items) -> None:
    top = [i for s, i in enumerate(items) if difficulty_for(s) >= 2.0]
    assert sum(i.params["people"] >= 6 for i in top) > 0.9 * len(top)
    negative = ("not_at", "not_end", "not_adjacent")
    indirect = [i for i in top if any(c[0] in ("if", *negative) for c in i.params["constraints"])]
    assert len(indirect) > 0.8 * len(top)
    assert not any(c[0] == "at" for i in top for c in i.params["constraints"])  # no place given outright
    conditional = [i for i in items if i.params["tier"] == 3]
    assert conditional and all(any(c[0] == "if" for c in i.params["constraints"]) for i in conditional)
    assert any(line.startswith(f"{n}. If ") for i in conditional for n in range(1, 12)
               for line in i.prompt.splitlines())


def test_check_refuses_a_statement_that_is_not_needed(items) -> None:
    """Every statement must be needed: a puzzle with one statement too many (here a copy of
    the place the solution gives someone) is refused (v2's check() accepted it)."""
    generator = get_generator(FAMILY)
    for item in items[:200:7]:
        ph = generator.phrases[item.params["scenario"]]
        order, names = item.params["order"], item.params["names"]
        extra = ph["at"].format(a=names[order[0]], k=ph["labels"][0])
        lines = item.prompt.splitlines()
        last = max(k for k, line in enumerate(lines) if line[:1].isdigit())
        count = int(lines[last].split(".")[0])
        lines.insert(last + 1, f"{count + 1}. {extra}")
        if any(line.endswith(f". {extra}") for line in lines[:last + 1]):
            continue
        with pytest.raises(ItemCheckError, match="not needed"):
            generator.check(dataclasses.replace(item, prompt="\n".join(lines)))


def test_uniqueness_by_a_second_brute_force(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[::4]:  # 500 puzzles, every size and scenario
        n = item.params["people"]
        parsed = generator.parse(item)
        assert [list(c) for c in parsed["constraints"]] == item.params["constraints"]
        assert parsed["names"] == item.params["names"]
        found = solutions(item.params["constraints"], n)
        assert found == [tuple(item.params["order"])], item.id
        value = plain_answer(item.params["question"], found[0])
        ph = generator.phrases[item.params["scenario"]]
        text = ph["options"][value] if item.params["question"][0] == "where" else item.params["names"][value]
        assert item.options[item.key].text == text


def test_every_constraint_is_needed(items) -> None:
    for item in items[:400:2]:
        constraints = item.params["constraints"]
        for i in range(len(constraints)):
            assert len(solutions(constraints[:i] + constraints[i + 1:], item.params["people"])) > 1


def test_overlooked_constraint_distractors_are_real(items) -> None:
    """A distractor named after an overlooked statement is the answer on some order that keeps
    every other statement and breaks that one."""
    generator = get_generator(FAMILY)
    checked = 0
    for item in items[1::5]:
        n, question = item.params["people"], item.params["question"]
        names = item.params["names"]
        ph = generator.phrases[item.params["scenario"]]
        lines = item.prompt.splitlines()
        for option in item.options:
            if not option.mistake or not option.mistake.startswith("overlooked"):
                continue
            statement = option.mistake.split('"')[1] + "."
            index = next(k for k, line in enumerate(lines) if line.endswith(f". {statement}"))
            number = int(lines[index].split(".")[0]) - 1
            others = [c for k, c in enumerate(item.params["constraints"]) if k != number]
            broken = item.params["constraints"][number]
            values = set()
            for order in solutions(others, n):
                seat = {p: i for i, p in enumerate(order)}
                if not holds(broken, seat, n):
                    values.add(plain_answer(question, order))
            shown = {(ph["options"][v] if question[0] == "where" else names[v]) for v in values if v is not None}
            assert option.text in shown, (item.id, option)
            checked += 1
    assert checked > 300


def test_check_fails_on_a_moved_key_or_a_dropped_constraint(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:300]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)
    for item in items[:100]:
        lines = item.prompt.splitlines()
        last_statement = max(k for k, line in enumerate(lines) if line[:1].isdigit())
        dropped = "\n".join(lines[:last_statement] + lines[last_statement + 1:])
        with pytest.raises(ItemCheckError, match="orders fit"):
            generator.check(dataclasses.replace(item, prompt=dropped))


def test_check_rejects_unreadable_text(items) -> None:
    generator = get_generator(FAMILY)
    item = items[0]
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, prompt=item.prompt.replace("\n1. ", "\n1. Somehow ")))
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, prompt="Nobody sits anywhere.\n\n" + item.prompt))


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 17, 999):
        assert make_item(FAMILY, 0.3, seed).to_dict() == make_item(FAMILY, 0.3, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.99


def test_options_distinct_named_and_balanced(items) -> None:
    positions: Counter[int] = Counter()
    fives = 0
    for item in items:
        texts = [o.text for o in item.options]
        assert len(set(texts)) == len(texts) >= 4
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
        if len(texts) == 5:
            positions[item.key] += 1
            fives += 1
    for position in range(5):
        assert 0.12 <= positions[position] / fives <= 0.28, positions


def test_where_questions_do_not_favour_the_inner_places(items) -> None:
    """Places are listed in order and the off-by-one distractors flank the key, so taking the
    first five would put the key at B or D far too often (v1: 24.5 % each, E 15 %)."""
    positions: Counter[int] = Counter()
    for item in items:
        if item.params["question"][0] == "where" and len(item.options) == 5:
            positions[item.key] += 1
    total = sum(positions.values())
    assert total > 400
    for position in range(5):
        assert 0.16 <= positions[position] / total <= 0.24, positions


def test_distractor_mistakes_are_distinct_and_name_their_option(items) -> None:
    """No two options share a mistake text, and each mistake names the option's own value
    (a person's name or the place) so it explains THAT option."""
    generator = get_generator(FAMILY)
    for item in items:
        mistakes = [o.mistake for o in item.options if o.mistake]
        assert len(set(mistakes)) == len(mistakes), item.id
        ph = generator.phrases[item.params["scenario"]]
        for option in item.options:
            if option.mistake and option.mistake.startswith("overlooked"):
                name_or_place = option.text if item.params["question"][0] != "where" else \
                    ph["labels"][ph["options"].index(option.text)]
                assert name_or_place in option.mistake.split('"')[-1], (item.id, option)


def test_difficulty_model_is_monotone_and_follows_the_request(items) -> None:
    assert all(w > 0 for w in ordering.WEIGHTS.values())
    for n in range(4, 8):
        assert [ordering.difficulty_of(n, t, 0) for t in range(3)] == sorted(
            ordering.difficulty_of(n, t, 0) for t in range(3))
    by: dict[tuple[str, int], list[float]] = defaultdict(list)
    for item in items:
        for name in ("people", "tier", "between"):
            by[(name, item.params[name])].append(item.difficulty)
    for name in ("people", "tier", "between"):
        levels = sorted(level for feature, level in by if feature == name)
        means = [sum(by[(name, lv)]) / len(by[(name, lv)]) for lv in levels]
        assert means == sorted(means), (name, means)
    gaps = [item.difficulty - difficulty_for(s) for s, item in enumerate(items)]
    assert abs(sum(gaps) / len(gaps)) < 0.35
    # tier 2 puzzles state no fixed places; tier 0 puzzles mostly do
    assert all(item.params["direct"] == 0 for item in items if item.params["tier"] == 2)


def test_explanation_traces_the_count_down_to_one(items) -> None:
    for item in items[:300]:
        assert "only 1 is left" in item.explanation or len(item.params["constraints"]) == 1
        assert item.options[item.key].text in item.explanation


def test_explanation_says_what_each_step_settles(items) -> None:
    """The count-down names the places each statement settles, and every one is true of the
    solution (v1 only counted orders, which shows no reasoning a candidate can follow)."""
    generator = get_generator(FAMILY)
    with_facts = 0
    for item in items[:600]:
        ph = generator.phrases[item.params["scenario"]]
        names, order = item.params["names"], item.params["order"]
        true_facts = {ph["at"].format(a=names[x], k=ph["labels"][i]).rstrip(".") for i, x in enumerate(order)}
        text = " ".join(item.explanation.split())
        groups = text.split("(so ")[1:]
        for group in groups:
            for fact in group.split(")")[0].replace(" and ", ", ").split(", "):
                assert fact in true_facts, (item.id, fact)
        with_facts += bool(groups)
    assert with_facts > 200


def test_no_english_in_the_code() -> None:
    from tests.question_generators.numeric.test_arithmetic import english_in_code

    assert english_in_code(ordering) == []
