"""verbal.passage prose: argued passages of 120-250 words, never self-contradictory (issue 14, item 5)."""

from __future__ import annotations

import re
import statistics

import numpy as np
import pytest

from question_generators.base import phrases_for
from question_generators.verbal.draw import Draw
from question_generators.verbal.passage import PACKAGE, TRUE, Passage, judge, topics

CONNECTIVE = re.compile(r"\b(?:whereas|while|by contrast|by comparison|however|on the other hand|although|"
                        r"because|but|likewise|in addition|furthermore|for example|for instance|what is more)\b",
                        re.IGNORECASE)


@pytest.fixture(scope="module")
def passages() -> list[Passage]:
    ph = phrases_for(PACKAGE, "en")["passage"]
    return [Passage(Draw(np.random.default_rng(seed)), ph) for seed in range(3000)]


def own_claim(fact: dict) -> dict | None:
    """The claim a fact makes about itself (None for kinds whose claim is not one of the judge's)."""
    t = fact["t"]
    if t == "value":
        return {"t": "value", "m": fact["m"], "u": fact["u"], "rel": "eq", "x": fact["v"]}
    if t == "cmp":
        return {"t": "cmp", "m": fact["m"], "a": fact["a"], "b": fact["b"]}
    if t == "year":
        return {"t": "year", "u": fact["u"], "rel": "eq", "y": fact["y"]}
    if t == "quant":
        return {"t": "quant", "g": fact["g"], "q": fact["q"]}
    return None


def test_passages_are_argued_prose_of_120_to_250_words(passages) -> None:
    for p in passages[:800]:
        text = " ".join(p.sentences)
        assert 120 <= len(text.split()) <= 250, (len(text.split()), text)
        assert len(CONNECTIVE.findall(text)) >= 3, text
        lengths = [len(s.split()) for s in p.sentences]
        assert statistics.pstdev(lengths) >= 2.5 and max(lengths) >= 2 * min(lengths), lengths  # varied sentence length
        assert p.breaks  # paragraphs


def test_no_passage_asserts_and_denies_one_fact(passages) -> None:
    """Every fact is judged true against all the facts of its passage (none is contradicted by another),
    and the sentences that carry no fact state no figure."""
    for p in passages:
        for fact in p.facts:
            claim = own_claim(fact)
            if claim is not None:
                assert judge(claim, p.facts) == TRUE, (fact, p.sentences)
        carried = {f["s"] for f in p.facts}
        for i, sentence in enumerate(p.sentences):
            if i and i not in carried:
                assert not re.search(r"\d", sentence), sentence


def test_a_presupposed_group_is_never_said_to_be_empty(passages) -> None:
    """The 2026-12 bad case: food-waste collection 'began in 2006' while no household had a bin."""
    for p in passages:
        for fact in p.facts:
            if fact["t"] == "quant" and p.topic["group"][fact["g"]].get("not_none"):
                assert fact["q"] != "none"
        text = " ".join(p.sentences)
        assert not ("None of the households" in text and "food-waste collection began" in text), text


def test_the_organisation_is_named_before_it_is_called_it(passages) -> None:
    for p in passages[:500]:
        for i, sentence in enumerate(p.sentences):
            if sentence.startswith("It ") and p.facts[[f["t"] for f in p.facts].index("modal")]["s"] == i:
                assert i > 0 and p.sentences[i - 1] in [s for s in p.topic.get("lead", [])], sentence


def test_there_are_twenty_scenario_types_with_their_own_words() -> None:
    assert len(topics()) >= 20
    for field in ("intro", "frame", "caveat", "lead"):
        texts = [" ".join(t[field]) for t in topics()]
        assert len(set(texts)) == len(texts), field
