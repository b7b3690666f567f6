"""logical.syllogism: model enumeration against the classical rules, sweep, corruptions, difficulty."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter, defaultdict

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.logical import syllogism as syl
from question_generators.registry import get_generator, make_item
from tests.question_generators.conftest import difficulty_for

FAMILY = "logical.syllogism"


# -- a second, separately written validity routine: the classical rules of the syllogism ------
# Distribution: A distributes its subject, E both terms, I neither, O its predicate.
DISTRIBUTES = {"A": (True, False), "E": (True, True), "I": (False, False), "O": (False, True)}
# figure -> the positions (subject, predicate) of the middle term in (major, minor)
TERMS = {1: (("M", "P"), ("S", "M")), 2: (("P", "M"), ("S", "M")),
         3: (("M", "P"), ("M", "S")), 4: (("P", "M"), ("M", "S"))}


def distributed(mood: str, terms: tuple[str, str], term: str) -> bool:
    subject, predicate = DISTRIBUTES[mood]
    return (terms[0] == term and subject) or (terms[1] == term and predicate)


def rules_valid(major: str, minor: str, conclusion: str, figure: int, existential_import: bool) -> bool:
    """Validity by the rules of the traditional logic textbooks (no models involved)."""
    major_terms, minor_terms = TERMS[figure]
    negatives = (major in "EO") + (minor in "EO")
    if not (distributed(major, major_terms, "M") or distributed(minor, minor_terms, "M")):
        return False  # undistributed middle
    if distributed(conclusion, ("S", "P"), "P") and not distributed(major, major_terms, "P"):
        return False  # illicit major
    if distributed(conclusion, ("S", "P"), "S") and not distributed(minor, minor_terms, "S"):
        return False  # illicit minor
    if negatives == 2:
        return False  # exclusive premises
    if (conclusion in "EO") != (negatives == 1):
        return False  # a negative premise needs a negative conclusion, and only then
    # existential fallacy (without import): a particular conclusion from universal premises
    return existential_import or not (major in "AE" and minor in "AE" and conclusion in "IO")


NAMED_VALID = {  # the traditional 24 (with existential import); * = needs import
    1: ["AAA", "EAE", "AII", "EIO", "AAI*", "EAO*"],
    2: ["EAE", "AEE", "EIO", "AOO", "EAO*", "AEO*"],
    3: ["AAI*", "IAI", "AII", "EAO*", "OAO", "EIO"],
    4: ["AAI*", "AEE", "IAI", "EAO*", "EIO", "AEO*"],
}


def test_all_256_forms_agree_with_the_classical_rules() -> None:
    for existential_import in (True, False):
        valid = set()
        for major, minor, conclusion in itertools.product("AEIO", repeat=3):
            for figure in range(1, 5):
                by_models = syl.form_is_valid(major, minor, conclusion, figure, existential_import)
                by_rules = rules_valid(major, minor, conclusion, figure, existential_import)
                assert by_models == by_rules, (major, minor, conclusion, figure, existential_import)
                if by_models:
                    valid.add((major + minor + conclusion, figure))
        expected = {(name.rstrip("*"), f) for f, names in NAMED_VALID.items() for name in names
                    if existential_import or not name.endswith("*")}
        assert valid == expected
        assert len(valid) == (24 if existential_import else 15)


def test_the_worked_derivations_reach_exactly_what_follows() -> None:
    """The explanation's derivations (classical inference rules) find a proof for exactly the
    conclusions the model enumeration says follow: a third, proof-based validity routine."""
    for pair in syl.PAIRS:
        for statement in syl.CANDIDATES:
            steps = syl.derivation(pair.premises, statement)
            assert (steps is not None) == (statement in pair.following), (pair.premises, statement)
            if steps:
                assert steps[-1][2] == statement


def test_counter_models_fit_the_premises_and_break_the_conclusion() -> None:
    for pair in syl.PAIRS:
        for statement in syl.CANDIDATES:
            model = syl.counter_model(pair.world, statement)
            if statement in pair.following:
                assert model is None
                continue
            assert model is not None
            assert all(syl._holds(*p, model) for p in pair.premises)
            assert not syl._holds(*statement, model)
            assert all(any(model >> r & 1 for r in range(8) if r >> t & 1) for t in range(3))


@pytest.fixture(scope="module")
def items(sweep):
    return sweep(FAMILY)


def test_check_passes_across_the_difficulty_range(items) -> None:
    generator = get_generator(FAMILY)
    assert len(items) >= 2000
    for item in items:
        generator.check(item)
    assert {i.params["ask"] for i in items} == {"which", "judge"}
    assert {i.params["figure"] for i in items} == {0, 1, 2, 3, 4}  # 0: three premises
    assert {i.params["premises"] for i in items} == {2, 3}
    assert {i.params["reworded"] for i in items} == {0, 1, 2}
    assert {i.params["belief"] for i in items} == {0, 1}
    assert {i.params["terms"] for i in items if not i.params["belief"]} == {"nonsense", "neutral"}
    forms = {i.params["form"] for i in items if i.params["premises"] == 2}
    assert len(forms) >= 55  # nearly all of the 64 premise pairs turn up
    assert len({i.params["form"] for i in items if i.params["premises"] == 3}) >= 100  # of 512 chains


def test_the_hard_end_has_three_premises_negations_and_belief_conflicts(items) -> None:
    """At +2 and above most items chain three premises, say some premises with "not all" or a
    double negation, or use real groups whose truth in the world conflicts with what follows
    (v2 had none of these: its items at +2 averaged b +0.93)."""
    from tests.question_generators.conftest import difficulty_for

    top = [i for s, i in enumerate(items) if difficulty_for(s) >= 2.0]
    assert sum(i.params["premises"] == 3 for i in top) > 0.3 * len(top)
    assert sum(i.params["reworded"] > 0 for i in top) > 0.3 * len(top)
    assert sum(i.params["belief"] for i in top) > 0.2 * len(top)
    low = [i for s, i in enumerate(items) if difficulty_for(s) <= -2.0]
    assert not any(i.params["belief"] for i in low)
    assert all(i.difficulty >= 0.3 for i in items if i.params["belief"])


def test_belief_laden_items_put_the_world_against_the_logic(items) -> None:
    """Belief bias (Evans, Barston & Pollard 1983): a valid key is false in the world; a
    conclusion ruled out or left open, or the leading wrong option, is true in it."""
    generator = get_generator(FAMILY)
    laden = [i for i in items if i.params["belief"]]
    assert len(laden) > 100
    relation_of = {(s[1], p[1]): r for s, p, r in generator.belief_pairs}
    for item in laden:
        parsed = [generator.parse_statement(line.split(". ", 1)[1]) for line in item.prompt.splitlines()
                  if line[:2] in ("1.", "2.", "3.")]
        terms = {t for _, x, y in parsed for t in (x, y)}
        (s_term, p_term), relation = next(((k, r) for k, r in relation_of.items() if set(k) <= terms))
        index = {s_term: syl.S, p_term: syl.P}
        if item.params["ask"] == "judge":
            line = next(x for x in item.prompt.splitlines() if x.startswith("Conclusion: "))
            mood, x, y = generator.parse_statement(line.removeprefix("Conclusion: "))
            in_world = syl.world_truth((mood, index[x], index[y]), relation)
            assert in_world != (item.key == 0), item.id
        elif item.key != 4:
            mood, x, y = generator.parse_statement(item.options[item.key].text)
            assert not syl.world_truth((mood, index[x], index[y]), relation), item.id
        else:
            believed = [o for o in item.options if o.mistake and "real world" in o.mistake]
            assert believed, item.id


def test_three_premise_chains_and_negated_wordings_are_read_and_decided() -> None:
    generator = get_generator(FAMILY)
    ph = generator.phrases
    base = make_item(FAMILY, 0.0, 1)

    def item(premises: list[str], options: list[str], key: int):
        prompt = "\n".join([ph["convention"], "", *(f"{n}. {p}" for n, p in enumerate(premises, 1)),
                            "", ph["which_three"][0]])
        opts = tuple(Option(t, mistake=None if k == key else "m") for k, t in enumerate(options))
        return dataclasses.replace(base, prompt=prompt, options=opts, key=key)

    none = ph["none"]
    assert generator.parse_statement("Not all wugs are daxes.") == ("O", "wugs", "daxes")
    assert generator.parse_statement("There are no wugs that are not daxes.") == ("A", "wugs", "daxes")
    assert generator.parse_statement("It is not true that no wugs are daxes.") == ("I", "wugs", "daxes")
    assert generator.parse_statement("It is not true that some wugs are daxes.") == ("E", "wugs", "daxes")
    # a chain of three universal premises, shown out of order: all feps are zorbs
    chain = ["There are no daxes that are not zorbs.", "All feps are wugs.", "All wugs are daxes."]
    generator.check(item(chain, ["All zorbs are feps.", "All feps are zorbs.", "No feps are zorbs.",
                                 "Some feps are not zorbs.", none], 1))
    with pytest.raises(ItemCheckError):
        generator.check(item(chain, ["All zorbs are feps.", "All feps are zorbs.", "No feps are zorbs.",
                                     "Some feps are not zorbs.", none], 4))
    # "not all" in the middle of the chain breaks it: nothing about feps and zorbs follows
    broken = ["Not all daxes are zorbs.", "All feps are wugs.", "All wugs are daxes."]
    generator.check(item(broken, ["All zorbs are feps.", "All feps are zorbs.", "No feps are zorbs.",
                                  "Some feps are not zorbs.", none], 4))
    with pytest.raises(ItemCheckError, match="chain"):
        generator.check(item(["All feps are wugs.", "All wugs are daxes.", "All daxes are feps."],
                             ["All zorbs are feps.", "All feps are zorbs.", "No feps are zorbs.",
                              "Some feps are not zorbs.", none], 4))


def test_the_convention_is_stated_in_every_prompt(items) -> None:
    convention = get_generator(FAMILY).phrases["convention"]
    assert "at least one member" in convention
    assert all(convention in item.prompt for item in items)


def test_check_fails_on_a_moved_key(items) -> None:
    generator = get_generator(FAMILY)
    for item in items[:400]:
        moved = dataclasses.replace(item, key=(item.key + 1) % len(item.options))
        with pytest.raises(ItemCheckError):
            generator.check(moved)


def test_check_reads_the_text_not_the_params(items) -> None:
    generator = get_generator(FAMILY)
    item = next(i for i in items if i.params["ask"] == "which" and i.params["no_valid"] == 0
                and i.params["form"].startswith("AA"))
    generator.check(dataclasses.replace(item, params={}))  # params are not needed
    # weaken the premise "All x are y" to "Some x are y": the keyed conclusion no longer follows
    lines = item.prompt.splitlines()
    n = next(k for k, line in enumerate(lines) if line.startswith("1. All "))
    lines[n] = lines[n].replace("1. All ", "1. Some ", 1)
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, prompt="\n".join(lines)))
    no_convention = item.prompt.replace(generator.phrases["convention"], "")
    with pytest.raises(ItemCheckError, match="convention"):
        generator.check(dataclasses.replace(item, prompt=no_convention))


def test_check_on_hand_written_items() -> None:
    generator = get_generator(FAMILY)
    ph = generator.phrases
    base = make_item(FAMILY, 0.0, 1)

    def item(premises: list[str], options: list[str], key: int):
        prompt = "\n".join([ph["convention"], "", *(f"{n}. {p}" for n, p in enumerate(premises, 1)),
                            "", ph["which"][0]])
        opts = tuple(Option(t, mistake=None if k == key else "m") for k, t in enumerate(options))
        return dataclasses.replace(base, prompt=prompt, options=opts, key=key)

    none = ph["none"]
    # Darapti (AAI-3): valid only with existential import, which the prompt states
    generator.check(item(["All wugs are daxes.", "All wugs are feps."],
                         ["All feps are daxes.", "Some feps are daxes.", "No feps are daxes.",
                          "All daxes are feps.", none], 1))
    # undistributed middle: nothing follows
    generator.check(item(["All wugs are daxes.", "All feps are daxes."],
                         ["All feps are wugs.", "Some feps are wugs.", "Some feps are not wugs.",
                          "No feps are wugs.", none], 4))
    with pytest.raises(ItemCheckError):  # keyed "Some ... are" in an undistributed-middle form
        generator.check(item(["All wugs are daxes.", "All feps are daxes."],
                             ["All feps are wugs.", "Some feps are wugs.", "Some feps are not wugs.",
                              "No feps are wugs.", none], 1))
    with pytest.raises(ItemCheckError, match="middle"):
        generator.check(item(["All wugs are daxes.", "All feps are zorbs."],
                             ["All feps are wugs.", "Some feps are wugs.", "Some feps are not wugs.",
                              "No feps are wugs.", none], 4))


def test_check_on_hand_written_judge_items() -> None:
    generator = get_generator(FAMILY)
    ph = generator.phrases
    base = make_item(FAMILY, 0.0, 1)

    def item(conclusion: str, key: int):
        prompt = "\n".join([ph["convention"], "", "1. No wugs are daxes.", "2. Some feps are wugs.", "",
                            f"Conclusion: {conclusion}", "", ph["judge"][0]])
        opts = tuple(Option(t, mistake=None if k == key else "m") for k, t in enumerate(ph["judge_options"]))
        return dataclasses.replace(base, prompt=prompt, options=opts, key=key)

    generator.check(item("Some feps are not daxes.", 0))  # Ferio (EIO-1)
    generator.check(item("All feps are daxes.", 1))  # contradicts what follows
    generator.check(item("Some daxes are not feps.", 2))  # possible, not forced
    for conclusion, wrong in (("Some feps are not daxes.", 2), ("All feps are daxes.", 2),
                              ("Some daxes are not feps.", 0)):
        with pytest.raises(ItemCheckError):
            generator.check(item(conclusion, wrong))


def test_same_seed_same_item_and_seeds_differ(items) -> None:
    for seed in (0, 17, 999):
        assert make_item(FAMILY, 0.3, seed).to_dict() == make_item(FAMILY, 0.3, seed).to_dict()
    prints = Counter(item.fingerprint() for item in items)
    assert len(prints) / len(items) > 0.97


def test_options_distinct_named_and_key_position_balanced(items) -> None:
    positions: dict[str, Counter[int]] = defaultdict(Counter)
    none_text = get_generator(FAMILY).phrases["none"]
    for item in items:
        texts = [o.text for o in item.options]
        assert len(set(texts)) == len(texts)
        for index, option in enumerate(item.options):
            assert (option.mistake is None) == (index == item.key)
        positions[item.params["ask"]][item.key] += 1
        if item.params["ask"] == "which":
            assert len(item.options) == 5 and texts[-1] == none_text
            assert (item.key == 4) == bool(item.params["no_valid"])
        else:
            assert texts == get_generator(FAMILY).phrases["judge_options"]
    for ask, counts in positions.items():
        total = sum(counts.values())
        for position in range(5 if ask == "which" else 3):
            share = counts[position] / total
            assert abs(share - (0.2 if ask == "which" else 1 / 3)) < 0.07, (ask, counts)


def test_difficulty_model_is_monotone_and_follows_the_request(items) -> None:
    assert all(w > 0 for w in syl.WEIGHTS.values())
    by_feature: dict[tuple[str, int], list[float]] = defaultdict(list)
    for item in items:
        for name in ("particular", "negative", "no_valid", "choose", "indirect"):
            by_feature[(name, item.params[name])].append(item.difficulty)
    for name in ("particular", "negative", "no_valid", "choose", "indirect"):
        levels = sorted(level for feature, level in by_feature if feature == name)
        means = [sum(by_feature[(name, lv)]) / len(by_feature[(name, lv)]) for lv in levels]
        assert means == sorted(means), (name, means)
    lows = [i.difficulty for s, i in enumerate(items) if difficulty_for(s) <= -1.5]
    mids = [i.difficulty for s, i in enumerate(items) if -0.5 <= difficulty_for(s) <= 0.5]
    highs = [i.difficulty for s, i in enumerate(items) if difficulty_for(s) >= 1.5]
    assert sum(lows) / len(lows) < sum(mids) / len(mids) < sum(highs) / len(highs)
    bs = [c[-1] for group in syl.CONFIGS.values() for c in group]
    assert min(bs) <= -2.5 and max(bs) >= 2.0


def test_explanations_name_the_key_or_a_counter_model(items) -> None:
    for item in items[:500]:
        key = item.options[item.key].text
        if item.params["ask"] == "which" and item.key != 4:
            assert key in item.explanation
        assert "Statement" in item.explanation or "only kinds of thing" in item.explanation
        if item.params["ask"] == "which" and item.key != 4:
            assert "Step by step: " in item.explanation


def test_mistakes_are_true_descriptions(items) -> None:
    mistakes = get_generator(FAMILY).mistakes
    for item in items:
        if item.params["ask"] != "which":
            continue
        for index, option in enumerate(item.options):
            if option.mistake == mistakes["ruled_out"] or option.mistake == mistakes["opposite"]:
                # a ruled-out conclusion: its contradictory is among what must be true
                assert index != item.key


def test_no_english_in_the_code() -> None:
    from tests.question_generators.numeric.test_arithmetic import english_in_code

    assert english_in_code(syl) == []
