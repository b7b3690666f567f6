"""Issue 18: verbal.analogy in Bokmål, drawn from lexicon_nb.txt: every item passes check() in nb, no
English word is left, a moved key or a second right answer is caught, keys are balanced, no
option-only cue beats chance, b follows the request inside the nb range, and English is unchanged."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.registry import get_generator, make_item, regenerate
from question_generators.verbal.analogy import NB_RANGE, correct_for
from question_generators.verbal.lexicon import lexicon, lexicon_nb, shown
from tests.question_generators.bokmal import english_left, level
from tests.question_generators.realism import cue_problems, distinct_share

FAMILY = "verbal.analogy"
ENGLISH = re.compile(r"\b(is to|the|which|word|complete|pair|means|same|opposite|kind of|part of|used to|makes|"
                     r"works in|gives|causes|young|made from|lives in|chose|repeated|another|fruit|food)\b",
                     re.IGNORECASE)


@pytest.fixture(scope="module")
def swept() -> list:
    return [make_item(FAMILY, level(seed), seed, lang="nb") for seed in range(2000)]


def test_bokmal_items_pass_check_with_norwegian_words_only(swept) -> None:
    lex, english = lexicon_nb(), lexicon()
    generator = get_generator(FAMILY, "nb")
    for item in swept:  # make_item ran check(); run it again on the nb generator by hand
        assert item.lang == "nb" and item.id.endswith("@nb")
        generator.check(item)
        assert item.params["relation"] != "category"  # nb category labels are English identifiers
        assert all(o.text.replace(" ", "_") in lex.pos_of for o in item.options)
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
    only_english = set(english.pos_of) - set(lex.pos_of)
    assert not {o.text for item in swept for o in item.options} & only_english
    assert len({item.params["relation"] for item in swept}) >= 10
    assert {item.params["near"] for item in swept} == {0, 1}


def test_keys_balanced_no_cues_content_distinct(swept) -> None:
    positions = Counter(item.key for item in swept)
    assert all(440 <= positions[k] <= 560 for k in range(4)), positions
    assert not cue_problems(swept), cue_problems(swept)
    assert distinct_share(swept) >= 0.95


def test_moved_key_and_second_right_answer_are_caught(swept) -> None:
    generator = get_generator(FAMILY, "nb")
    caught = 0
    for item in swept[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % 4))
        p = item.params
        spare = sorted(shown(w) for w in correct_for(p["a"], p["b"], p["c"], "nb")
                       if shown(w) != item.options[item.key].text)
        if spare:
            options = list(item.options)
            options[(item.key + 1) % 4] = Option(spare[0], mistake="x")
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, options=tuple(options)))
            caught += 1
    assert caught  # some C has a second right answer in the lexicon (synonyms)


def test_a_wrong_relation_is_caught(swept) -> None:
    generator = get_generator(FAMILY, "nb")
    item = swept[0]
    params = {**item.params, "relation": "category"}
    with pytest.raises(ItemCheckError):
        generator.check(dataclasses.replace(item, params=params))


def test_calibrated_inside_the_nb_range() -> None:
    low, high = NB_RANGE
    for asked in (low, 0.0, high):
        bs = [make_item(FAMILY, asked, 10_000 + i, lang="nb").difficulty for i in range(150)]
        assert abs(statistics.fmean(bs) - asked) <= 0.3 and statistics.pstdev(bs) < 0.5, (asked, bs)
    # outside the range the nb items are clipped to it, never nonsense
    assert statistics.fmean(make_item(FAMILY, -3.0, i, lang="nb").difficulty for i in range(60)) >= low - 0.3


def test_prompts_read_as_a_norwegian_test_and_items_regenerate() -> None:
    item = make_item(FAMILY, 0.0, 3, lang="nb")
    assert "forholder seg til" in item.prompt or "er til" in item.prompt or " : " in item.prompt
    assert "På samme måte" in item.explanation
    assert regenerate(item.id) == item


def test_english_items_are_unchanged_by_the_bokmal_lexicon() -> None:
    make_item(FAMILY, 0.0, 5, lang="nb")
    item = make_item(FAMILY, 0.0, 5)
    assert item.lang == "en" and all(o.text in lexicon().pos_of for o in item.options)
    assert " is to " in item.prompt or "analogy" in item.prompt or " :: " in item.prompt
