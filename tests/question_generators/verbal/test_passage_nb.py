"""Issue 18: verbal.passage in Bokmål. The same fact structures and the same language-neutral judge
as in English, Bokmål text (data/passages_nb.toml, phrases_nb.toml): thousands of nb items pass
check(), no English word is left, the modal verdict table holds for the nb wording, a corrupted key
or claim is caught, keys are balanced, b follows the request, passages run to three paragraphs."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections import Counter

import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import difficulty_range, get_generator, make_item, regenerate
from question_generators.verbal.passage import CANNOT, FALSE, TRUE, judge, passage_phrases, topics
from tests.question_generators.bokmal import english_left, level
from tests.question_generators.realism import cue_problems, distinct_share
from tests.question_generators.verbal.test_passage_modals import COLUMNS, TABLE

FAMILY = "verbal.passage"
ENGLISH = re.compile(r"\b(the|and|of|with|than|more|fewer|less|passage|statement|true|false|cannot|say|"
                     r"company|will|may|might|has|have|not|only|some|most|all|none|each|"
                     r"because|although|however|rule)\b", re.IGNORECASE)
ARTEFACTS = (
    (re.compile(r"\b(\w+) \1\b", re.IGNORECASE), "doubled word"),
    (re.compile(r"[{}_]"), "unfilled slot"),
    (re.compile(r"\.\.|\s[,.;]|,,|;;| {2}|,\."), "punctuation slip"),
    (re.compile(r"(?:^|[.!?]\s)[a-zæøå]"), "sentence starting in lower case"),
    (re.compile(r"\d \d"), "a number broken at a plain space (Bokmål groups with a no-break space)"),
)


@pytest.fixture(scope="module")
def items() -> list:
    return [make_item(FAMILY, level(seed), seed, lang="nb") for seed in range(2000)]  # each checked


def text_of(item) -> str:
    return item.figure.to_text()


def test_thousands_of_bokmal_items_pass_check(items) -> None:
    generator = get_generator(FAMILY, "nb")
    for item in items:
        assert item.lang == "nb" and item.id.endswith("@nb")
        generator.check(item)
    assert {item.key for item in items} == {TRUE, FALSE, CANNOT}
    assert {item.params["level"] for item in items} == {0, 1, 2, 3}
    assert {item.params["claim"]["t"] for item in items} == {"value", "cmp", "year", "order", "quant", "modal",
                                                             "link", "rule", "all"}


def test_only_scenario_types_with_bokmal_text_are_drawn(items) -> None:
    nb = {t["key"] for t in topics("nb")}
    assert len(nb) >= 8 and nb <= {t["key"] for t in topics()}  # the English scenario types, in Bokmål
    assert {item.params["topic"] for item in items} == nb


def test_no_english_word_left_and_labels_are_norwegian(items) -> None:
    labels = tuple(passage_phrases("nb")["labels"])
    assert labels == ("Sant", "Usant", "Kan ikke avgjøres")
    for item in items[::4]:
        assert tuple(o.text for o in item.options) == labels
        leaks = english_left(item, ENGLISH) + ([text_of(item)] if ENGLISH.search(text_of(item)) else [])
        assert not leaks, leaks
    instruction = "Les avsnittet og avgjør om påstanden er sann, usann eller om det ikke kan avgjøres ut fra teksten."
    assert instruction in {item.prompt for item in items}


def test_prose_is_clean_and_runs_to_three_paragraphs(items) -> None:
    seen: set[str] = set()
    paragraphs = Counter()
    for item in items:
        text = text_of(item)
        passage = text.split("\n\nPåstand:")[0]
        if passage in seen:
            continue
        seen.add(passage)
        paragraphs[passage.count("\n\n") + 1] += 1
        flat = re.sub(r"\n+", " ", text)
        for pattern, what in ARTEFACTS:
            assert not pattern.search(flat), (what, pattern.search(flat).group(), flat)
        assert 90 <= len(passage.split()) <= 260, len(passage.split())
    assert paragraphs[3] >= 0.95 * sum(paragraphs.values()), paragraphs


def test_money_and_thousands_are_written_the_norwegian_way(items) -> None:
    texts = [text_of(item) for item in items]
    assert any(re.search(r"\d\u00a0\d{3} kroner", t) for t in texts)
    assert not any(re.search(r"\d,\d{3}|£|\$|€", t) for t in texts)


def test_the_modal_verdict_table_holds_for_the_bokmal_wording(items) -> None:
    """The judge is shared: every nb modal item is keyed as the hand-written table says, and its
    statement is worded by the nb template of the modality the judge reads."""
    ph = passage_phrases("nb")
    asked = 0
    for item in items:
        claim = item.params["claim"]
        if claim["t"] != "modal":
            continue
        fact = next(f for f in item.params["facts"] if f["t"] == "modal")
        if fact["e"] != claim["e"]:
            assert item.key == CANNOT  # an unmentioned plan
            continue
        asked += 1
        assert item.key == TABLE[fact["m"]][COLUMNS.index(claim["m"])], (fact["m"], claim["m"])
        topic = next(t for t in topics("nb") if t["key"] == item.params["topic"])
        plan = topic["plan"][claim["e"]]
        worded = {cap(t.format(org=item.params["org"], ev=plan["ev"], done=plan["done"])) + "."
                  for t in ph["modal_claim"][claim["m"]]}
        assert item.params["statement"] in worded
        sentence = item.params["sentences"][fact["s"]]
        stems = [t.split("{org}")[-1].split("{ev}")[0].split("{done}")[0].strip() for t in ph["modal"][fact["m"]]]
        assert any(stem in sentence for stem in stems), (fact["m"], sentence)
    assert asked >= 80  # about one item in twenty is on the plan


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def test_a_corrupted_key_or_claim_is_caught(items) -> None:
    generator = get_generator(FAMILY, "nb")
    for item in items[:300]:
        for wrong in range(3):
            if wrong != item.key:
                with pytest.raises(ItemCheckError):
                    generator.check(dataclasses.replace(item, key=wrong))
        claim = item.params["claim"]
        if claim["t"] == "value" and judge(claim, item.params["facts"]) != CANNOT:
            bent = {**item.params, "claim": {**claim, "x": claim["x"] + 10_000}}  # a figure no unit has
            if judge(bent["claim"], item.params["facts"]) != item.key:
                with pytest.raises(ItemCheckError):
                    generator.check(dataclasses.replace(item, params=bent))
        with pytest.raises(ItemCheckError):  # English labels on a Bokmål item
            generator.check(dataclasses.replace(item, options=tuple(
                dataclasses.replace(o, text=t) for o, t in zip(item.options, ("True", "False", "Cannot say"),
                                                              strict=True))))


def test_keys_balanced_no_cues_content_distinct(items) -> None:
    keys = Counter(item.key for item in items)
    assert all(abs(keys[k] / len(items) - 1 / 3) <= 0.03 for k in range(3)), keys
    assert not cue_problems(items), cue_problems(items)
    assert distinct_share(items) >= 0.95


def test_calibrated_at_minus_two_zero_plus_two() -> None:
    low, high = difficulty_range(FAMILY)
    for asked in (-2.0, 0.0, 2.0):
        target = min(high, max(low, asked))
        bs = [make_item(FAMILY, target, 10_000 + i, lang="nb").difficulty for i in range(150)]
        assert abs(statistics.fmean(bs) - target) <= 0.3 and statistics.pstdev(bs) < 0.5, (asked, statistics.fmean(bs))


def test_a_testlet_shares_one_passage_and_regenerates() -> None:
    first = make_item(FAMILY, 0.0, 77, stimulus=5, question=0, lang="nb")
    later = [make_item(FAMILY, 0.0, 78 + q, stimulus=5, question=q, lang="nb") for q in range(1, 4)]
    passage = text_of(first).split("\n\nPåstand:")[0]
    assert all(text_of(item).split("\n\nPåstand:")[0] == passage for item in later)
    assert len({item.key for item in (first, *later)}) == 3
    assert regenerate(first.id) == first and regenerate(later[0].id) == later[0]


SENTENCE_ADVERBS = re.compile(r"\b(ikke|allerede|alltid|aldri|også|fortsatt|ennå|trolig|sannsynligvis)\b")


def test_every_bokmal_scenario_is_complete_and_keeps_the_word_order_rule() -> None:
    """Enough of each fact kind for every candidate (a free group, plan and link for the
    unmentioned claims), and no sentence adverb in a template that may stand after "mens", "at",
    "om" or "hvis" (its place differs between main and subordinate clauses in Bokmål)."""
    for topic in topics("nb"):
        assert len(topic["measure"]) >= 3 and len(topic["group"]) >= 4, topic["key"]
        assert len(topic["plan"]) >= 2 and len(topic["link"]) >= 2 and topic["rule"], topic["key"]
        embedded = [m[k] for m in topic["measure"] for k in ("state", "more", "fewer")]
        embedded += [g["g"] + " " + g["p"] for g in topic["group"]]
        embedded += [p[k] for p in topic["plan"] for k in ("ev", "done")]
        embedded += [topic["event"][k] for k in ("state", "before", "after")]
        for text in embedded:
            assert not SENTENCE_ADVERBS.search(text), (topic["key"], text)
