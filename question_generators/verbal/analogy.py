"""Verbal analogies: A is to B as C is to ?, with pairs drawn from one relation of the lexicon.

Relations (lexicon.py), each with a subtlety rank: young -> adult and category member 0;
antonym, animal home, what an animal gives, part -> whole and tool -> function 1; member ->
group, maker -> product, worker -> workplace, material -> product and degree (warm -> hot) 2;
cause -> effect 3. The example pair A:B and the question pair C:D come from the same relation;
the options share D's part of speech. Distractors are named mistakes: B itself (repeating the
first pair's answer), words linked to C by another relation ("puppy" -> "kennel" for young ->
adult), and answers of the right kind that belong to other pairs (another adult animal, another
place of work), never one in D's own category.

Difficulty model (IRT b), from the relation's subtlety, the frequency band of C and D and of the
example pair A and B (1 everyday .. 4 rare, computed offline from wordfreq: a rare example pair
hides the relation the candidate must find), and a near distractor: a word linked to C by
another relation of the lexicon ("kennel" for puppy -> dog), which fits a looser reading:

    b = -2.6 + 0.8 * subtlety + 0.6 * (band_cd - 1) + 0.35 * (band_ab - 1) + 0.4 * near

Increasing in every feature. The requested difficulty plus a seeded jitter makes every
(relation, band_cd, band_ab, near) whose b lies within 0.5 of it eligible (and the nearest
others, until 30 question pairs are in play), chosen in proportion to its number of question
pairs. The lexicon's rarest pairs of the subtler relations run out before +2.5: the family
states difficulty_range (-2.5, 1.8). a = 1.0, time 20 s + 4 s per subtlety step.

Bokmål (issue 18): the same model over data/lexicon_nb.txt, its bands (data/bands_nb.tsv) and
phrases_nb.toml, without category pairs (the nb lexicon labels its categories in English). Its
easiest items are everyday opposites (b -1.8) and its rarest subtle pairs run out near +1.0, so nb
requests are clipped to NB_RANGE (-1.8, 1.0); measured means -1.59, -0.05, 0.86 at -1.8, 0, +1.0.

check() finds every relation the lexicon holds between A and B (closed over synonyms, degree
transitive) and requires exactly the keyed option to stand in one of them to C.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option
from question_generators.verbal.draw import Draw, pick_combo
from question_generators.verbal.lexicon import RELATIONS, SLOT_POS, lexicon_for, shown
from question_generators.verbal.meaning import vocab_phrases

SUBTLETY = {"young": 0, "category": 0, "antonym": 1, "home": 1, "producer": 1, "part": 1, "tool": 1,
            "collective": 2, "maker": 2, "workplace": 2, "material": 2, "degree": 2, "cause": 3}
WEIGHTS = {"subtlety": 0.8, "band": 0.6, "band_ab": 0.35, "near": 0.4}
INTERCEPT = -2.6
OPTIONS = 4
# Eligible combinations hold at least this many question pairs: the top's pools are small, and a
# larger floor would pull easier combinations in (content still varies with the example pair).
MIN_POOL = 30
# Categories whose members are not "a kind of" the category in everyday speech (a knee is part
# of the body; a nurse has an occupation): never used as an analogy pair.
NOT_A_KIND = frozenset({"body", "occupation"})
# Bokmål (issue 18): the nb lexicon names its categories with English labels ("fruit"), not
# Norwegian words, so category pairs are not analogies there, and no category is a distractor.
NB_SKIP = frozenset({"category"})
# The nb lexicon's range: its rarest pairs of the subtler relations run out sooner than the English
# ones, and without category pairs its easiest items are everyday opposites (b -1.8; two young ->
# adult pairs of band 1 are too few to serve alone).
NB_RANGE = (-1.8, 1.0)


@cache
def b_of(relation: str, band: int, band_ab: int = 1, near: int = 0) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"subtlety": SUBTLETY[relation], "band": band - 1,
                                                  "band_ab": band_ab - 1, "near": near})


@cache
def relations_between(a: str, b: str, lang: str = "en") -> frozenset[str]:
    return frozenset(lexicon_for(lang).relations_between(a, b))


@cache
def pairs(lang: str = "en") -> dict[str, list[tuple[str, str, str]]]:
    """Relation -> (a, b, target part of speech), in the relation's direction."""
    lex = lexicon_for(lang)
    skip = NB_SKIP if lang == "nb" else frozenset()
    out: dict[str, list[tuple[str, str, str]]] = {}
    for e in lex.entries:
        if e.relation not in SUBTLETY or (e.relation == "category" and e.b in NOT_A_KIND) or e.relation in skip:
            continue
        out.setdefault(e.relation, []).append((e.a, e.b, e.pos[1]))
        if e.relation == "antonym":
            out[e.relation].append((e.b, e.a, e.pos[0]))
    return out


@cache
def by_band(lang: str = "en") -> dict[tuple[str, int], list[tuple[str, str, str]]]:
    """(relation, band) -> the pairs of that relation whose rarer word has that band."""
    lex = lexicon_for(lang)
    by: dict[tuple[str, int], list[tuple[str, str, str]]] = {}
    for relation, items in pairs(lang).items():
        for a, b, pos in items:
            by.setdefault((relation, lex.band_of(a, b)), []).append((a, b, pos))
    return by


@cache
def near_capable(relation: str, band: int, lang: str = "en") -> list[tuple[str, str, str]]:
    """Question pairs whose C has a link of another relation to a word of D's part of speech."""
    return [(c, d, pos) for c, d, pos in by_band(lang)[(relation, band)]
            if any(r != relation and x != d and loose(relation, r) for r, x in links_of(c, pos, lang))]


def loose(relation: str, other: str) -> bool:
    """Whether a word linked to C by `other` may be the near distractor of a `relation` item: never
    a synonym of C where the relation is degree (the lexicon does not rank a synonym's strength:
    POOR -> destitute, but penurious is "extremely poor" too)."""
    return not (relation == "degree" and other == "synonym")


Combo = tuple[str, int, int, int]  # relation, band_cd, band_ab, near


@cache
def table(lang: str = "en") -> tuple[list[tuple[float, Combo]], dict[Combo, int]]:
    """(b, (relation, band_cd, band_ab, near)) combinations and the question pairs of each."""
    by = by_band(lang)
    sizes: dict[Combo, int] = {}
    for relation, band in by:
        for (r2, band_ab), examples in by.items():
            if r2 != relation or len(examples) < 2:
                continue
            sizes[(relation, band, band_ab, 0)] = len(by[(relation, band)])
            if near_capable(relation, band, lang):
                sizes[(relation, band, band_ab, 1)] = len(near_capable(relation, band, lang))
    return sorted((b_of(*combo), combo) for combo in sizes), sizes


@cache
def links_of(word: str, pos: str, lang: str = "en") -> list[tuple[str, str]]:
    """(relation, target) for every entry from `word` whose target has part of speech `pos`."""
    lex = lexicon_for(lang)
    skip = NB_SKIP if lang == "nb" else frozenset()
    return [(r, x) for r in RELATIONS if r not in skip for x in sorted(lex.forward[r].get(word, ()))
            if pos in lex.pos_of[x] and SLOT_POS.get(r, (pos, pos))[1] == pos]


@lru_cache(maxsize=1 << 16)  # bounded: there are far more (a, b, c) triples than pairs
def correct_for(a: str, b: str, c: str, lang: str = "en") -> frozenset[str]:
    """Every word that stands to `c` as `b` stands to `a`, anywhere in the lexicon."""
    lex = lexicon_for(lang)
    out: set[str] = set()
    for relation in relations_between(a, b, lang):
        out |= lex.related(relation, c) | lex.second_sense(relation, c)
    return frozenset(out)


class AnalogyGenerator(BaseGenerator):
    """verbal.analogy: A is to B as C is to ?, from one relation of the curated lexicon.

    Difficulty from the relation's subtlety and the words' frequency band (module docstring);
    check() proves no distractor stands in any relation of A:B to C anywhere in the lexicon.
    """

    family = "verbal.analogy"
    section = "verbal"
    # v4: rare example pairs and a near distractor in the model, content and once keys, honest
    # range; v3: converse pairs left the lexicon; v2: no sibling that is a stronger form of C in a
    # second sense (upset -> miserable)
    version = 4
    difficulty_range: ClassVar[tuple[float, float]] = (-2.5, 1.8)
    title = "Vocabulary: analogies"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")  # nb: lexicon_nb.txt, phrases_nb.toml

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        draw = Draw(rng, 24)
        if self.lang == "nb":  # the nb lexicon's narrower range (NB_RANGE): clipped at both ends
            target = min(max(difficulty, NB_RANGE[0]), NB_RANGE[1]) + (draw.u() - 0.5) * 1.0
        else:
            target = min(difficulty, self.difficulty_range[1]) + (draw.u() - 0.5) * 1.0
        combos, sizes = table(self.lang)
        combo = pick_combo(draw, target, combos, lambda f: sizes[f], min_pool=MIN_POOL)
        return self.redraw(rng, lambda _: self._attempt(draw, *combo))

    def _attempt(self, draw: Draw, relation: str, band: int, band_ab: int, near: int) -> Item | None:
        lang = self.lang
        lex = lexicon_for(lang)
        by = by_band(lang)
        c, d, pos = draw.pick(near_capable(relation, band, lang) if near else by[(relation, band)])
        a, b, _ = draw.pick(by[(relation, band_ab)])
        if len({a, b, c, d}) < 4:
            return None
        rels = relations_between(a, b, lang)
        # Usually A:B stand in the one relation drawn; the closure of C under it is cached per word.
        right = ((lex.related(relation, c) | lex.second_sense(relation, c)) if len(rels) == 1
                 else correct_for(a, b, c, lang))
        if d not in right:
            return None
        ph = vocab_phrases(lang)["analogy"]
        taken = {a, c, d}
        chosen: list[tuple[str, str]] = []
        if b not in right and pos in lex.pos_of[b]:
            chosen.append((b, ph["mistakes"]["repeat"]))
            taken.add(b)
        if near:  # the near distractor only where the model counts it
            others = [(r, x) for r, x in links_of(c, pos, lang)
                      if r not in rels and x not in taken and x not in right and loose(relation, r)]
            if not others:
                return None
            r, x = draw.pick(others)
            chosen.append((x, ph["mistakes"]["other"].format(C=shown(c), how=ph["how"][r])))
            taken.add(x)
        siblings = pairs(lang)[relation]
        d_category = lex.category_of.get(d)
        category_of = lex.category_of
        linked = {x for _, x in links_of(c, pos, lang)}
        for _ in range(60):
            if len(chosen) >= OPTIONS - 1:
                break
            _, x, xpos = draw.pick(siblings)
            if (x in taken or x in right or xpos != pos or (d_category and category_of.get(x) == d_category)
                    or (not near and x in linked)):
                continue
            chosen.append((x, ph["mistakes"]["sibling"]))
            taken.add(x)
        if len(chosen) < OPTIONS - 1:
            return None
        return self._item(draw, ph, relation, band, a, b, c, d, pos, chosen, band_ab, near)

    def _item(self, draw: Draw, ph: dict[str, Any], relation: str, band: int, a: str, b: str, c: str, d: str, pos: str,
              chosen: list[tuple[str, str]], band_ab: int, near: int) -> Item:
        options = [Option(shown(text), mistake=m) for text, m in chosen[: OPTIONS - 1]]
        options = draw.shuffle(options)
        key = draw.below(OPTIONS)
        options.insert(key, Option(shown(d)))
        rule = ph["rule"][relation]
        explanation = ph["explanation"].format(rule_ab=rule.format(a=shown(a), b=shown(b)),
                                               rule_cd=rule.format(a=shown(c), b=shown(d)))
        prompt = draw.pick(ph["prompt"]).format(A=shown(a).upper(), B=shown(b).upper(), C=shown(c).upper())
        return Item(family=self.family, section=self.section, prompt=prompt, explanation=explanation,
                    difficulty=b_of(relation, band, band_ab, near), discrimination=1.0,
                    time_s=20.0 + 4.0 * SUBTLETY[relation], options=tuple(options), key=key,
                    params={"a": a, "b": b, "c": c, "relation": relation, "band": band, "pos": pos,
                            "band_ab": band_ab, "near": near,
                            "content": f"{relation}:{a}:{b}:{c}:" + ",".join(sorted(o.text for o in options)),
                            "once": f"analogy:{c}"},
                    lang=self.lang)

    def check(self, item: Item) -> None:
        check_options(item)
        p = item.params
        a, b, c = p["a"], p["b"], p["c"]
        lang = item.lang
        if not all(shown(w).upper() in item.prompt for w in (a, b, c)):
            raise ItemCheckError(f"item {item.id}: the prompt does not show {a}, {b} and {c}")
        if p["relation"] not in relations_between(a, b, lang) or (lang == "nb" and p["relation"] in NB_SKIP):
            raise ItemCheckError(f"item {item.id}: {a} and {b} are not in the relation {p['relation']!r}")
        right = correct_for(a, b, c, lang)
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text.replace(" ", "_") in right])
