"""Odd one out: four words of one category and one that is not, from the curated lexicon.

Each word belongs to at most one category of the lexicon (fruit, tool, dance, metal ...), and
every category has a domain (food, animal, object, activity, material ...). The odd word comes
from another category: of another domain for easy items (a tool among fruits), of the same
domain for harder ones (a vegetable among fruits), and for the hardest from a near category
that shares a looser property with the group (a fruit among vegetables: both are grown and
eaten; an amphibian among reptiles; an otter among fish), with rarer words throughout.

Difficulty model (IRT b), from whether the odd word shares the domain, whether its category is
a near one (NEAR below), and the mean frequency band of the five words (1 everyday .. 4 rare,
computed offline from wordfreq): the more of the five a candidate may not know, the harder.

    b = -2.4 + 1.0 * same_domain + 0.5 * near + 0.9 * (mean_band - 1)

Increasing in every feature. The requested difficulty plus a seeded jitter sets the chance of a
same-domain and a near odd word and the band the words are drawn near; of up to eight drawn
sets the one whose b is nearest the target is served. Rare words run out before b reaches +2:
the family states difficulty_range (-2.4, 1.5) (the easiest set, five everyday words,
is -2.4), so a request outside it is clipped with a note.
a = 1.0, time 18 s + 4 s for a same-domain odd word + 4 s for mean band 3 or more.

Bokmål (issue 18): the same model over data/lexicon_nb.txt and phrases_nb.toml (Norwegian names of
its categories for the explanations), a few more overlapping pairs (NB_OVERLAPPING), only groups
with a partner category of the kind drawn, and a top of NB_TOP 1.3 (fewer rare category members).

check() recomputes the answer from the lexicon alone: an option is the odd one out when the
other four all belong to one category and it does not; exactly the keyed option may be.
"""

from __future__ import annotations

from functools import cache
from typing import ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, require_single_key
from question_generators.errors import SecondroundError
from question_generators.item import Item, Option
from question_generators.verbal.draw import Draw
from question_generators.verbal.lexicon import lexicon_for, shown
from question_generators.verbal.meaning import vocab_phrases

WEIGHTS = {"same_domain": 1.0, "near": 0.5, "band": 0.9}
INTERCEPT = -2.4
GROUP = 4
# Categories of one domain that overlap in everyday speech (a sport is also a game, a boat a
# vehicle, an axe a weapon): never the group and the odd word of one item.
OVERLAPPING = frozenset(frozenset(p) for p in (
    ("sport", "game"), ("sport", "dance"), ("tool", "utensil"), ("tool", "weapon"), ("utensil", "cutlery"),
    ("vehicle", "boat"), ("clothing", "footwear"), ("clothing", "jewellery"), ("nut", "fruit"),
    ("herb", "vegetable"), ("herb", "spice"), ("pasta", "grain"), ("tool", "cutlery"), ("container", "utensil"),
    # an attic or a conservatory is part of a building, and a bungalow among temples and a
    # cathedral leaves three defensible answers (issue 14): rooms never meet buildings
    ("building", "room")))
# Near categories: distinct, but sharing a looser property a hasty candidate groups by (grown and
# eaten, cold-blooded and scaly-looking, living in water, flying, plants, precious, seeds).
NEAR = frozenset(frozenset(p) for p in (
    ("fruit", "vegetable"), ("reptile", "amphibian"), ("fish", "mammal"), ("bird", "insect"),
    ("tree", "flower"), ("metal", "gem"), ("grain", "nut")))
# Bokmål (issue 18): categories of lexicon_nb.txt that overlap as well: a berry is a fruit in a loose
# sense, a goldfish or a budgerigar is a pet, a fjord is water, ginger is a root grown like a vegetable.
NB_OVERLAPPING = OVERLAPPING | frozenset(frozenset(p) for p in (
    ("fruit", "berry"), ("pet", "fish"), ("pet", "bird"), ("landform", "water"), ("spice", "vegetable"),
    ("vehicle", "vessel"), ("drink", "dish")))
TRIES = 8
# The top of the nb range: lexicon_nb.txt has fewer rare category members than the English lexicon.
NB_TOP = 1.3
# Bands to try for a word aimed at band n: n first, then outward (the lower one first on a tie).
BAND_ORDER = {n: sorted((1, 2, 3, 4), key=lambda b: (abs(b - n), b)) for n in (1, 2, 3, 4)}


@cache
def b_of(same_domain: bool, near: bool, mean_band: float) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"same_domain": same_domain, "near": near, "band": mean_band - 1})


@cache
def groups(lang: str = "en") -> list[str]:
    """Categories that can hold the four, each listed once per member: a large category has many
    more sets of four than a small one, so it is drawn more often (content does not repeat)."""
    return [c for c, m in lexicon_for(lang).members.items() if len(m) >= GROUP + 2 for _ in m]


@cache
def partners(category: str, same: bool, near: bool, lang: str = "en") -> list[str]:
    """Categories the odd word may come from: same domain or not, near or not, never overlapping."""
    lex = lexicon_for(lang)
    domain = lex.domain[category]
    overlapping = NB_OVERLAPPING if lang == "nb" else OVERLAPPING
    return [c for c in lex.members if c != category and (lex.domain[c] == domain) == same
            and frozenset((c, category)) not in overlapping and (frozenset((c, category)) in NEAR) == near]


@cache
def by_band_of(category: str, lang: str = "en") -> dict[int, list[str]]:
    """A category's members by frequency band."""
    lex = lexicon_for(lang)
    out: dict[int, list[str]] = {}
    for word in lex.members[category]:
        out.setdefault(lex.band[word], []).append(word)
    return out


@cache
def near_groups(lang: str = "en") -> list[str]:
    return [c for c in groups(lang) if partners(c, True, True, lang)]  # weighted as groups() is


@cache
def groups_with(same: bool, near: bool, lang: str) -> list[str]:
    """The groups (weighted as groups() is) that have a partner category of the kind drawn."""
    return [c for c in groups(lang) if partners(c, same, near, lang)]


@cache
def _mistake(template: str, word: str, category: str) -> str:
    return template.format(word=word, category=category)


def odd_options(words: list[str], lang: str = "en") -> list[int]:
    """Indices of the options that are the odd one out by category (the check's own route).

    Every category a word belongs to counts, second senses included (a tin is a metal and a
    container): an option is odd when the other four share some category that it lacks.
    """
    lex = lexicon_for(lang)
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
    # v4: all four frequency bands, near categories at the top, mean band in the model, content and
    # once keys, no rooms among buildings; v3: the lexicon gained a fourth frequency band
    version = 4
    difficulty_range: ClassVar[tuple[float, float]] = (-2.4, 1.5)
    title = "Vocabulary: odd one out"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")  # nb: lexicon_nb.txt, phrases_nb.toml

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        draw = Draw(rng, 48)
        # beyond the stated range the top of the range is served (assembly clips with a note)
        top = NB_TOP if self.lang == "nb" else self.difficulty_range[1]
        target = min(difficulty, top) + (draw.u() - 0.5) * 0.6
        same = draw.chance(min(1.0, max(0.0, (target + 1.6) / 2.0)))
        near = same and draw.chance(min(1.0, max(0.0, target / 1.5)))
        best: tuple[float, str, str, list[str], str] | None = None
        for _ in range(TRIES):
            found = self._attempt(draw, target, same, near)
            if found is not None and (best is None or abs(found[0] - target) < abs(best[0] - target)):
                best = found
                if abs(best[0] - target) < 0.4:
                    break
        if best is None:
            return self.redraw(rng, lambda _: None)  # raises: no set drawn (a data error)
        return self._item(draw, *best, same=same, near=near)

    def _attempt(self, draw: Draw, target: float, same: bool,
                 near: bool) -> tuple[float, str, str, list[str], str] | None:
        lang = self.lang
        lex = lexicon_for(lang)
        if lang == "nb":  # several nb categories have no partner of their own domain: never drawn then
            category = draw.pick(groups_with(same, near, lang))
        else:
            category = draw.pick(near_groups(lang) if near else groups(lang))
        others = partners(category, same, near, lang)
        if not others:
            return None
        other = draw.pick(others)
        # the band the words are drawn near: what the rest of the model leaves to the words
        want = 1.0 + (target - INTERCEPT - WEIGHTS["same_domain"] * same - WEIGHTS["near"] * near) / WEIGHTS["band"]
        bands = lex.band

        def nearest(category: str, k: int) -> list[str]:
            # each word from the band nearest the wanted one plus up to a band of seeded noise
            # either way, so the words vary around it; a band runs dry before the next is used
            by_band = by_band_of(category, lang)
            chosen: list[str] = []
            for _ in range(k):
                aim = min(4, max(1, round(want + (draw.u() - 0.5) * 2.6)))
                for band in BAND_ORDER[aim]:
                    words = by_band.get(band)
                    if words:
                        free = [w for w in words if w not in chosen] if chosen else words
                        if free:
                            chosen.append(draw.pick(free))
                            break
            return chosen

        members = nearest(category, GROUP)
        # of the three odd words nearest the band, the one whose length rank among the five was
        # drawn: word length never points at the odd one out
        longer = draw.below(GROUP + 1)
        odd = min(nearest(other, 3),
                  key=lambda w: abs(sum(len(m) > len(w) for m in members) - longer) + 0.1 * draw.u())
        if category in lex.categories_of(odd):  # a second sense puts it in the group (tin, jars)
            return None
        mean = (bands[odd] + sum(bands[w] for w in members)) / (GROUP + 1)
        return b_of(same, near, round(mean, 2)), category, other, members, odd

    def _item(self, draw: Draw, b: float, category: str, other: str, members: list[str], odd: str, *,
              same: bool, near: bool) -> Item:
        lex = lexicon_for(self.lang)
        ph = vocab_phrases(self.lang)["odd"]
        label = ph.get("category", {})  # nb: the lexicon's English category labels in Bokmål
        shown_cat = label.get(category, category)
        options = [Option(shown(w), mistake=_mistake(ph["mistake"], shown(w), shown_cat)) for w in members]
        key = draw.below(GROUP + 1)
        options.insert(key, Option(shown(odd)))
        words = [*members[:key], odd, *members[key:]]
        if odd_options(words, self.lang) != [key]:  # second senses make another word odd too (gold, silver, zinc, red)
            return self._item(draw, *self._retry(draw, b, same, near), same=same, near=near)
        if self.lang == "en":
            joined = ", ".join(members[:-1]) + " and " + members[-1]
        else:
            quoted = [ph["word"].format(w=shown(w)) for w in members]
            joined = ", ".join(quoted[:-1]) + ph["and"] + quoted[-1]
        explanation = ph["explanation"].format(members=joined, category=shown_cat, odd=shown(odd),
                                               other=label.get(other, other))
        mean_band = (lex.band[odd] + sum(lex.band[w] for w in members)) / (GROUP + 1)
        return Item(family=self.family, section=self.section, prompt=draw.pick(ph["prompt"]),
                    explanation=explanation[:1].upper() + explanation[1:], difficulty=b, discrimination=1.0,
                    time_s=18.0 + 4.0 * same + 4.0 * (mean_band >= 3), options=tuple(options), key=key,
                    params={"category": category, "other": other, "same_domain": same, "near": near,
                            "band": max(lex.band[w] for w in words), "mean_band": round(mean_band, 2),
                            "content": f"{category}:{other}:" + ",".join(sorted(words)),
                            "once": f"odd_one_out:{category}"},
                    lang=self.lang)

    def _retry(self, draw: Draw, b: float, same: bool, near: bool) -> tuple[float, str, str, list[str], str]:
        """Another set near the same b (the first one had a second odd word)."""
        for _ in range(TRIES * 6):
            found = self._attempt(draw, b, same, near)
            if found is not None and abs(found[0] - b) < 0.4:
                return found
        raise SecondroundError(f"{self.family}: no acceptable set near b {b:+.2f}")

    def check(self, item: Item) -> None:
        check_options(item)
        require_single_key(item, odd_options([o.text.replace(" ", "_") for o in item.options], item.lang))
