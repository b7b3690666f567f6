"""Issue 18: verbal.odd_one_out in Bokmål, drawn from lexicon_nb.txt: every item passes check() in nb,
no English word or category label is left, a moved key or a second odd word is caught, keys are
balanced, no option-only cue beats chance, b follows the request inside the nb range."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.registry import get_generator, make_item, regenerate
from question_generators.verbal.lexicon import lexicon, lexicon_nb
from question_generators.verbal.odd_one_out import NB_TOP
from tests.question_generators.bokmal import english_left, level
from tests.question_generators.realism import cue_problems, distinct_share

FAMILY = "verbal.odd_one_out"
ENGLISH = re.compile(r"\b(odd one out|which|word|belong|others|kinds? of|missed|like|the|and|"
                     r"fruit|vegetable|berry|bird|insect|tree|flower|furniture|clothing|vehicle|weather|"
                     r"colour|shape|month|weekday|currency|emotion|movement|speech|taste|texture)\b",
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
        assert all(o.text.replace(" ", "_") in lex.category_of for o in item.options)
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
    only_english = set(english.pos_of) - set(lex.pos_of)
    assert not {o.text for item in swept for o in item.options} & only_english
    assert {(item.params["same_domain"], item.params["near"]) for item in swept} == {
        (False, False), (True, False), (True, True)}


def test_keys_balanced_no_cues_content_mostly_distinct(swept) -> None:
    positions = Counter(item.key for item in swept)
    assert all(340 <= positions[k] <= 460 for k in range(5)), positions
    assert not cue_problems(swept), cue_problems(swept)
    # The nb categories hold 4-8 words each, so sets of five repeat more than in English; the
    # RepeatLedger's once key (one item per category a session) keeps a form from repeating them.
    assert distinct_share(swept) >= 0.75


def test_moved_key_and_second_odd_word_are_caught(swept) -> None:
    generator = get_generator(FAMILY, "nb")
    lex = lexicon_nb()
    for item in swept[:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % 5))
        # a member of the group swapped for a word of the odd word's category: no single odd one
        other = [w for w in lex.members[item.params["other"]] if w not in {o.text for o in item.options}]
        options = list(item.options)
        options[(item.key + 1) % 5] = Option(other[0], mistake="x")
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, options=tuple(options)))


def test_calibrated_inside_the_nb_range() -> None:
    for asked in (-2.0, 0.0, NB_TOP):
        bs = [make_item(FAMILY, asked, 10_000 + i, lang="nb").difficulty for i in range(150)]
        assert abs(statistics.fmean(bs) - asked) <= 0.3 and statistics.pstdev(bs) < 0.5, (asked, bs)


def test_prompts_and_explanations_read_as_norwegian_and_items_regenerate() -> None:
    item = make_item(FAMILY, 0.0, 3, lang="nb")
    assert item.prompt.startswith(("Hvilket", "Fire av ordene"))
    assert "eksempler på" in item.explanation and " og «" in item.explanation
    assert regenerate(item.id) == item
