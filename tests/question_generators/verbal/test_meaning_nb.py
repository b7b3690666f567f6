"""Issue 18: verbal.synonym and verbal.antonym in Bokmål, drawn from lexicon_nb.txt: every item
passes check() in nb, no English word is left, a moved key or a second defensible option is caught,
keys are balanced, no option-only cue beats chance, and b follows the request at -2, 0 and +2."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Option
from question_generators.registry import get_generator, make_item, regenerate
from question_generators.verbal.lexicon import lexicon, lexicon_nb, shown
from question_generators.verbal.meaning import antonym_defensible
from tests.question_generators.bokmal import english_left, level
from tests.question_generators.realism import cue_problems, distinct_share

FAMILIES = ("verbal.synonym", "verbal.antonym")
ENGLISH = re.compile(r"\b(the|which|word|closest|meaning|opposite|means|same|chose|from|another|area|"
                     r"stronger|weaker|looks|sounds|synonym of|antonym of)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def swept() -> dict[str, list]:
    return {family: [make_item(family, level(seed), seed, lang="nb") for seed in range(2000)] for family in FAMILIES}


@pytest.mark.parametrize("family", FAMILIES)
def test_bokmal_items_pass_check_with_norwegian_words_only(family: str, swept) -> None:
    lex, english = lexicon_nb(), lexicon()
    generator = get_generator(family, "nb")
    for item in swept[family]:  # make_item ran check(); run it again on the nb generator by hand
        assert item.lang == "nb" and item.id.endswith("@nb")
        generator.check(item)
        pos = item.params["pos"]
        assert all(pos in lex.pos_of[o.text.replace(" ", "_")] for o in item.options)
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
    # The Norwegian lexicon is the source, not the English one (words only English are never shown).
    only_english = set(english.pos_of) - set(lex.pos_of)
    assert not {o.text for item in swept[family] for o in item.options} & only_english
    assert {item.params["lure"] for item in swept[family]} == {True, False}
    if family == "verbal.antonym":
        assert {item.params["near"] != "" for item in swept[family]} == {True, False}


@pytest.mark.parametrize("family", FAMILIES)
def test_keys_balanced_no_cues_content_distinct(family: str, swept) -> None:
    items = swept[family]
    positions = Counter(item.key for item in items)
    assert all(440 <= positions[k] <= 560 for k in range(4)), positions
    assert not cue_problems(items), cue_problems(items)
    assert distinct_share(items) >= 0.95


@pytest.mark.parametrize("family", FAMILIES)
def test_moved_key_and_defensible_distractor_are_caught(family: str, swept) -> None:
    generator = get_generator(family, "nb")
    lex = lexicon_nb()
    for item in swept[family][:300]:
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % 4))
        cue = item.params["cue"]
        right = lex.related("synonym", cue) if family == "verbal.synonym" else antonym_defensible(cue, "nb")
        spare = sorted(shown(w) for w in right)
        spare = [w for w in spare if w != item.options[item.key].text]
        if spare:
            options = list(item.options)
            options[(item.key + 1) % 4] = Option(spare[0], mistake="x")
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, options=tuple(options)))


@pytest.mark.parametrize("family", FAMILIES)
def test_calibrated_at_minus_two_zero_plus_two(family: str) -> None:
    for asked in (-2.0, 0.0, 2.0):
        bs = [make_item(family, asked, 10_000 + i, lang="nb").difficulty for i in range(150)]
        assert abs(statistics.fmean(bs) - asked) <= 0.3 and statistics.pstdev(bs) < 0.5, (asked, bs)


def test_prompts_read_as_a_norwegian_test_and_items_regenerate() -> None:
    syn = make_item("verbal.synonym", 0.0, 3, lang="nb")
    ant = make_item("verbal.antonym", 0.0, 3, lang="nb")
    assert syn.prompt.startswith(("Hvilket ord", "Velg ordet", "Hvilket av disse ordene"))
    assert "motsatt" in ant.prompt or "antonym" in ant.prompt
    assert regenerate(syn.id) == syn and regenerate(ant.id) == ant


def test_a_phrase_is_shown_with_a_space() -> None:
    items = [make_item("verbal.antonym", level(s), s, lang="nb") for s in range(3000)]
    assert not any("_" in o.text or "_" in item.prompt for item in items for o in item.options)
    assert any(" " in o.text for item in items for o in item.options)  # slå på : slå av


def test_english_items_are_unchanged_by_the_bokmal_lexicon() -> None:
    """The two lexicons keep their own closure caches: loading nb first changes no English item."""
    lexicon_nb().related("antonym", "by")
    item = make_item("verbal.antonym", 0.0, 5)
    assert item.lang == "en" and all(o.text in lexicon().pos_of for o in item.options)
