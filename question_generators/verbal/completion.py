"""Sentence completion: the connective that fits the logic of a sentence (contrast, cause and
effect, addition, example).

Frames (data/completion.toml) hold two clauses and the link between them. Three forms:

    sentence  "The battery was flat. _____, the car would not start."  (However / Therefore /
              Moreover / For example / Instead)
    clause    "_____ the battery was flat, the car would not start."   (Although / Because /
              Unless / So that; only frames stating past facts, so that "Unless" never fits)
    two gaps  "_____ the roads were icy, the bus arrived on time. _____, no passengers missed
              their trains."  (pairs in a balanced 2 x 2 design: Although/Because x As a
              result/However, so no word gives the key away); links contrast or result only

Distractors are connectives of the other classes, each a named mistake ("chose a contrast where
the sentence has none"); classes a frame marks as also defensible (an example is also an added
point) are never offered.

Difficulty model (IRT b): the link's subtlety (contrast and result 0, addition and example 1),
a formal key word (Nevertheless, Consequently, Furthermore, For instance, Even though), and the
clause form:

    b = -2.2 + 0.9 * subtlety + 0.5 * formal + 0.5 * clause + 0.8 * two_gaps

The requested difficulty plus a seeded jitter makes every combination within 0.5 of it eligible
(the nearest one if none is).
a = 1.0, time 20 s + 5 s per subtlety step.

check() reads every option's class from the connective table and the frame's link from the
data (not from the template that wrote the item): exactly the keyed option may fit.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    load_phrases,
    phrases_for,
    require_single_key,
)
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option
from question_generators.verbal.draw import Draw, pick_combo
from question_generators.verbal.passage import cap

PACKAGE = "question_generators.verbal"
SUBTLETY = {"contrast": 0, "result": 0, "addition": 1, "example": 1, "double": 0}
WEIGHTS = {"subtlety": 0.9, "formal": 0.5, "clause": 0.5, "two": 0.8}
LINKS = ("contrast", "result")  # the links of two-blank sentences
INTERCEPT = -2.2
OPTIONS = 4


@cache
def frames() -> tuple[dict[str, Any], ...]:
    return tuple(load_phrases(PACKAGE, "data/completion.toml")["frame"])


@cache
def b_of(rel: str, formal: int, clause: int) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"subtlety": SUBTLETY[rel], "formal": formal, "clause": clause,
                                                  "two": rel == "double"})


@cache
def doubles() -> tuple[dict[str, Any], ...]:
    return tuple(load_phrases(PACKAGE, "data/completion.toml")["double"])


@cache
def table(lang: str) -> list[tuple[float, tuple[str, int, int]]]:
    ph = phrases_for(PACKAGE, lang)["completion"]
    combos = set()
    for frame in frames():
        rel = frame["rel"]
        combos.add((rel, 0, 0))
        if len(ph["sentence"][rel]) > 1:
            combos.add((rel, 1, 0))
        if frame.get("clause", True) and rel in ph["clause"]:
            combos.add((rel, 0, 1))
            if len(ph["clause"][rel]) > 1:
                combos.add((rel, 1, 1))
    combos |= {("double", 0, 1), ("double", 1, 1)}
    return sorted((b_of(*combo), combo) for combo in combos)


@cache
def classes(lang: str) -> dict[str, dict[str, str]]:
    """Slot -> connective -> class: the check's lookup table."""
    ph = phrases_for(PACKAGE, lang)["completion"]
    return {slot: {word: cls for cls, words in ph[slot].items() for word in words} for slot in ("sentence", "clause")}


class CompletionGenerator(BaseGenerator):
    """verbal.completion: the connective (however, therefore, because, although ...) that fits.

    Two forms (a gap between two sentences, or a gap before a subordinate clause); difficulty
    from the link's subtlety, a formal key word and the form (module docstring).
    """

    family = "verbal.completion"
    section = "verbal"
    version = 3
    title = "Vocabulary: sentence completion"

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        draw = Draw(rng, 16)
        target = difficulty + (draw.u() - 0.5) * 1.0
        rel, formal, clause = pick_combo(draw, target, table(self.lang), lambda f: 1, min_pool=1)
        ph = phrases_for(PACKAGE, self.lang)["completion"]
        if rel == "double":
            return self._double(draw, ph, formal)
        slot = "clause" if clause else "sentence"
        index = draw.pick([n for n, f in enumerate(frames())
                           if f["rel"] == rel and (not clause or f.get("clause", True))])
        frame = frames()[index]
        words = ph[slot][rel]
        key_word = words[1 + draw.below(len(words) - 1)] if formal else words[0]
        banned = {rel, *frame.get("also", [])}
        pool = [cls for cls in ph[slot] if cls not in banned]
        options = [Option(draw.pick(ph[slot][cls]), mistake=ph["mistakes"][cls])
                   for cls in draw.sample(pool, OPTIONS - 1)]
        key = draw.below(OPTIONS)
        options.insert(key, Option(key_word))
        if clause:
            text = f"{ph['gap']} {frame['a']}, {frame['b']}."
        else:
            text = f"{cap(frame['a'])}. {ph['gap']}, {frame['b']}."
        prompt = ph[f"prompt_{slot}"] + "\n\n" + text
        done = f"{key_word} {frame['a']}, {frame['b']}." if clause else f"{cap(frame['a'])}. {key_word}, {frame['b']}."
        explanation = ph["explain"][rel].format(key=key_word) + f' "{done}"'
        return Item(family=self.family, section=self.section, prompt=prompt, explanation=explanation,
                    difficulty=b_of(rel, formal, clause), discrimination=1.0, time_s=20.0 + 5.0 * SUBTLETY[rel],
                    options=tuple(options), key=key,
                    params={"frame": index, "slot": slot, "rel": rel, "formal": formal}, lang=self.lang)

    def _double(self, draw: Draw, ph: dict[str, Any], formal: int) -> Item:
        """Two gaps: a clause connective (a -> b) and a sentence connective (b -> c)."""
        index = draw.below(len(doubles()))
        frame = doubles()[index]
        r1, r2 = frame["rel1"], frame["rel2"]
        w1 = ph["clause"][r1][0]
        words2 = ph["sentence"][r2]
        w2 = words2[1 + draw.below(len(words2) - 1)] if formal else words2[0]
        o1 = ph["clause"][LINKS[1 - LINKS.index(r1)]][0]  # the other link's word
        o2 = ph["sentence"][LINKS[1 - LINKS.index(r2)]][0]
        pair = ph["pair"]
        m = ph["mistakes"]
        # A balanced 2 x 2 design: each word appears in exactly two options, so the key cannot be
        # spotted as the option sharing most with the others.
        m1, m2 = m[LINKS[1 - LINKS.index(r1)]], m[LINKS[1 - LINKS.index(r2)]]
        gaps = ph["gap_mistakes"]  # each wrong pair says which gap it gets wrong
        wrong = [(o1, w2, gaps["first"].format(mistake=m1)), (w1, o2, gaps["second"].format(mistake=m2)),
                 (o1, o2, gaps["both"].format(first=m1, second=m2))]
        options = [Option(pair.format(first=a, second=b), mistake=mistake) for a, b, mistake in draw.shuffle(wrong)]
        key = draw.below(OPTIONS)
        options.insert(key, Option(pair.format(first=w1, second=w2)))
        gap = ph["gap"]
        text = f"{gap} {frame['a']}, {frame['b']}. {gap}, {frame['c']}."
        done = f"{w1} {frame['a']}, {frame['b']}. {w2}, {frame['c']}."
        explanation = ph["explain_double"].format(first_reason=ph["reason"][r1].format(key=w1),
                                                  second_reason=ph["reason"][r2].format(key=w2)) + f' "{done}"'
        return Item(family=self.family, section=self.section, prompt=ph["prompt_double"] + "\n\n" + text,
                    explanation=explanation, difficulty=b_of("double", formal, 1), discrimination=1.0,
                    time_s=30.0, options=tuple(options), key=key,
                    params={"double": index, "slot": "double", "rel": "double", "formal": formal}, lang=self.lang)

    def _check_double(self, item: Item) -> None:
        frame = doubles()[item.params["double"]]
        if frame["c"] not in item.prompt or frame["a"] not in item.prompt:
            raise ItemCheckError(f"item {item.id}: the prompt does not show two-gap frame {item.params['double']}")
        clause, sentence = classes(item.lang)["clause"], classes(item.lang)["sentence"]
        right = []
        for i, option in enumerate(item.options):
            first, _, second = option.text.partition(" ... ")
            if first not in clause or second not in sentence:
                raise ItemCheckError(f"item {item.id}: option {option.text!r} is not a pair of known connectives")
            if clause[first] == frame["rel1"] and sentence[second] == frame["rel2"]:
                right.append(i)
        require_single_key(item, right)

    def check(self, item: Item) -> None:
        check_options(item)
        if item.params["slot"] == "double":
            self._check_double(item)
            return
        frame = frames()[item.params["frame"]]
        slot = item.params["slot"]
        if frame["b"] not in item.prompt or frame["a"] not in item.prompt.lower():
            raise ItemCheckError(f"item {item.id}: the prompt does not show frame {item.params['frame']}")
        if slot == "clause" and not frame.get("clause", True):
            raise ItemCheckError(f"item {item.id}: frame {item.params['frame']} cannot take the clause form")
        table_ = classes(item.lang)[slot]
        found = [table_.get(o.text) for o in item.options]
        if None in found:
            raise ItemCheckError(f"item {item.id}: an option is not a known connective")
        if any(cls in frame.get("also", []) for cls in found):
            raise ItemCheckError(f"item {item.id}: an option is also defensible for this sentence")
        require_single_key(item, [i for i, cls in enumerate(found) if cls == frame["rel"]])
