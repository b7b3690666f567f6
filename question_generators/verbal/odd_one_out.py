"""Odd one out: four words of one category and one that is not, from the curated lexicon.

Each word belongs to at most one category of the lexicon (fruit, tool, dance, metal ...), and
every category has a domain (food, animal, object, activity, material ...). The odd word comes
from another category, of the same domain for harder items (a vegetable among fruits) or of
another domain for easy ones (a tool among fruits).

Difficulty model (IRT b), from whether the odd word shares the domain and from the frequency
band of the rarest of the five words (1 everyday to 3 rarer, computed offline from wordfreq):

    b = -2.4 + 1.2 * same_domain + 0.7 * (band - 1)

The requested difficulty plus a seeded jitter sets the chance of a same-domain odd word and the
highest band the words may have. a = 1.0, time 18 s + 4 s for a same-domain odd word.

check() recomputes the answer from the lexicon alone: an option is the odd one out when the
other four all belong to one category and it does not; exactly the keyed option may be.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, phrases_for, require_single_key
from question_generators.item import Item, Option
from question_generators.verbal.draw import Draw
from question_generators.verbal.lexicon import PACKAGE, lexicon

WEIGHTS = {"same_domain": 1.2, "band": 0.7}
INTERCEPT = -2.4
GROUP = 4
# Categories of one domain that overlap in everyday speech (a sport is also a game, a boat a
# vehicle, an axe a weapon): never the group and the odd word of one item.
OVERLAPPING = frozenset(frozenset(p) for p in (
    ("sport", "game"), ("sport", "dance"), ("tool", "utensil"), ("tool", "weapon"), ("utensil", "cutlery"),
    ("vehicle", "boat"), ("clothing", "footwear"), ("clothing", "jewellery"), ("nut", "fruit"),
    ("herb", "vegetable"), ("herb", "spice"), ("pasta", "grain"), ("tool", "cutlery"), ("container", "utensil")))


@cache
def pools() -> dict[int, dict[str, list[str]]]:
    """Band limit -> category -> members with a band at most that limit."""
    lex = lexicon()
    out: dict[int, dict[str, list[str]]] = {}
    for limit in (1, 2, 3):
        out[limit] = {c: [w for w in m if lex.band[w] <= limit] for c, m in lex.members.items()}
        out[limit] = {c: m for c, m in out[limit].items() if m}
    return out


@cache
def b_of(same_domain: bool, band: int) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"same_domain": same_domain, "band": band - 1})


@cache
def _mistake(template: str, word: str, category: str) -> str:
    return template.format(word=word, category=category)


@cache
def groups_of(limit: int) -> list[str]:
    return [c for c, m in pools()[limit].items() if len(m) >= GROUP]


@cache
def partners(limit: int, category: str, same: bool) -> list[str]:
    """Categories the odd word may come from: same domain or not, never an overlapping one."""
    lex = lexicon()
    domain = lex.domain[category]
    return [c for c in pools()[limit] if c != category and (lex.domain[c] == domain) == same
            and frozenset((c, category)) not in OVERLAPPING]


def odd_options(words: list[str]) -> list[int]:
    """Indices of the options that are the odd one out by category (the check's own route).

    Every category a word belongs to counts, second senses included (a tin is a metal and a
    container): an option is odd when the other four share some category that it lacks.
    """
    lex = lexicon()
    cats = [lex.categories_of(w) for w in words]
    found = []
    for i, own in enumerate(cats):
        rest = [c for j, c in enumerate(cats) if j != i]
        shared = frozenset.intersection(*rest)
        if shared and not shared <= own:
            found.append(i)
    return found


class OddOneOutGenerator(BaseGenerator):
    """verbal.odd_one_out: which of five words does not belong with the other four?

    The four share a category of the curated lexicon; the odd word is from another category
    (same domain for harder items, never an overlapping one). Difficulty model in the module docstring.
    """

    family = "verbal.odd_one_out"
    section = "verbal"
    version = 3  # v3: the lexicon gained a fourth (rarest) frequency band, which this family does not use yet
    title = "Vocabulary: odd one out"

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        draw = Draw(rng, 24)
        target = difficulty + (draw.u() - 0.5) * 0.8
        same = draw.chance(min(1.0, max(0.0, (target + 1.8) / 2.0)))
        limit = 1 if target < -1.2 else 2 if target < 0.6 else 3
        return self.redraw(rng, lambda _: self._attempt(draw, same, limit))

    def _attempt(self, draw: Draw, same: bool, limit: int) -> Item | None:
        lex = lexicon()
        pool = pools()[limit]
        category = draw.pick(groups_of(limit))
        others = partners(limit, category, same)
        if not others:
            return None
        other = draw.pick(others)
        members = draw.sample(pool[category], GROUP)
        odd = draw.pick(pool[other])
        if category in lex.categories_of(odd):  # a second sense puts it in the group (tin, jars)
            return None
        ph = phrases_for(PACKAGE, self.lang)["odd"]
        options = [Option(w, mistake=_mistake(ph["mistake"], w, category)) for w in members]
        key = draw.below(GROUP + 1)
        options.insert(key, Option(odd))
        if odd_options([*members[:key], odd, *members[key:]]) != [key]:
            return None  # second senses make another word odd too (gold, silver, copper, zinc, red)
        bands = lex.band
        band = max(bands[odd], bands[members[0]], bands[members[1]], bands[members[2]], bands[members[3]])
        b = b_of(same, band)
        explanation = ph["explanation"].format(members=", ".join(members[:-1]) + " and " + members[-1],
                                               category=category, odd=odd, other=other)
        return Item(family=self.family, section=self.section, prompt=draw.pick(ph["prompt"]),
                    explanation=explanation[:1].upper() + explanation[1:], difficulty=b, discrimination=1.0,
                    time_s=18.0 + 4.0 * same, options=tuple(options), key=key,
                    params={"category": category, "other": other, "same_domain": same, "band": band},
                    lang=self.lang)

    def check(self, item: Item) -> None:
        check_options(item)
        require_single_key(item, odd_options([o.text for o in item.options]))
