"""Synonyms and antonyms: pick the word closest in meaning to (or opposite to) a cue word.

Words come from the curated lexicon (lexicon.py): synonym sets with a semantic field, antonym
pairs and degree chains, each in its common sense only, and the look-alike traps of rarer cues
(@lure). All options share the cue's part of speech. Distractors are named mistakes:

    synonym item   an opposite (antonym of the cue, closed over synonyms), a look-alike trap
                   ("gregarious" for GARRULOUS) and filler from synonym sets of another field.
                   No stronger or weaker word: "big" for VAST is a second defensible synonym.
    antonym item   a synonym of the cue (when it has one), a stronger or weaker form of the cue,
                   a look-alike trap, filler from another field
Filler is drawn from the key's frequency band (or the next one) where the pool allows, so a
rare key is not the one rare word among everyday ones.

Difficulty model (IRT b), from the frequency bands of the cue and the key (1 everyday to 4 rare;
bands computed offline from wordfreq), a stronger or weaker form among the distractors (antonym
items) and a look-alike trap among them; monotone in each:

    b = -2.5 + 1.05 * (cue_band - 1) + 0.4 * (key_band - 1) + 0.5 * near + 0.6 * lure

Antonym pairs are closed over synonyms (EPHEMERAL : permanent from transient : permanent), so
the rare cues of the synonym sets reach the antonym family too.

Bokmål (issue 18): the same model over data/lexicon_nb.txt, its bands (data/bands_nb.tsv, from
wordfreq's Norwegian list) and phrases_nb.toml; a u- antonym (høflig : uhøflig, besluttsom :
ubesluttsom) counts as band 1 for cue and key, since the prefix gives it away.
The requested difficulty plus a seeded jitter (sd about 0.3) makes every combination of features
whose b lies within 0.5 of it eligible (and the nearest others, until MIN_POOL word pairs are in
play), each chosen in proportion to its number of word pairs (draw.pick_combo).
a = 1.0, time 15 s + 3 s per band step.

check() re-derives the answer from the lexicon by closure: for a synonym item exactly the keyed
option may be a synonym of the cue anywhere in the lexicon, in any listed sense; for an antonym
item exactly the keyed option may be an antonym of the cue (closed over synonyms) or a stronger or
weaker form of one; no option is a stronger or weaker form of a synonym item's cue.
"""

from __future__ import annotations

from functools import cache
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, linear_difficulty, phrases_for, require_single_key
from question_generators.errors import ItemCheckError, SecondroundError
from question_generators.item import Item, Option
from question_generators.verbal.draw import Draw, pick_combo
from question_generators.verbal.lexicon import PACKAGE, Lexicon, lexicon_for, shown

WEIGHTS = {"cue_band": 1.05, "key_band": 0.4, "near": 0.5, "lure": 0.6}
INTERCEPT = -2.5
OPTIONS = 4
MIN_POOL = 40  # word pairs in play at a request (draw.pick_combo); rare pairs are fewer than common ones
Features = tuple[int, int, int, int]  # cue band, key band, near (antonym items), lure


@cache
def b_of(cue_band: int, key_band: int, near: int, lure: int = 0) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"cue_band": cue_band - 1, "key_band": key_band - 1, "near": near,
                                                  "lure": lure})


@cache
def lures_of(cue: str, pos: str, kind: str, lang: str = "en") -> tuple[str, ...]:
    """The cue's look-alike traps that are neither defensible answers nor of another part of speech."""
    lex = lexicon_for(lang)
    right = lex.related("synonym", cue) if kind == "synonym" else antonym_defensible(cue, lang)
    bad = right | lex.second_sense(kind, cue) | degree_neighbours(lang).get(cue, frozenset())
    return tuple(sorted(w for w in lex.lures.get(cue, ()) if w not in bad and pos in lex.pos_of[w]))


@cache
def fillers_in(pos: str, low: int, high: int, lang: str = "en") -> list[tuple[str, str]]:
    lex = lexicon_for(lang)
    return [(w, f) for w, f in fillers(lang)[pos] if low <= lex.band.get(w, 3) <= high]


@cache
def degree_neighbours(lang: str = "en") -> dict[str, frozenset[str]]:
    """Weaker and stronger forms of every word in a degree chain."""
    lex = lexicon_for(lang)
    out: dict[str, set[str]] = {}
    for word in list(lex.forward["degree"]):
        for stronger in lex.related("degree", word):
            out.setdefault(word, set()).add(stronger)
            out.setdefault(stronger, set()).add(word)
    return {w: frozenset(s) for w, s in out.items()}


@cache
def antonym_defensible(cue: str, lang: str = "en") -> frozenset[str]:
    """Every word a careful reader could defend as an opposite of `cue`."""
    lex = lexicon_for(lang)
    opposites = set(lex.related("antonym", cue))
    near = degree_neighbours(lang)
    for word in list(opposites):
        opposites |= near.get(word, frozenset())
    return frozenset(opposites - {cue})


def vocab_phrases(lang: str) -> dict[str, Any]:
    """The phrasing of the vocabulary families: phrases.toml, or phrases_nb.toml for Bokmål."""
    return phrases_for(PACKAGE, "nb", "phrases_nb.toml") if lang == "nb" else phrases_for(PACKAGE, lang)


def pos_of(lex: Lexicon, word: str) -> str:
    return lex.synset_pos.get(word) or next(iter(sorted(lex.pos_of[word])))


@cache
def fillers(lang: str = "en") -> dict[str, list[tuple[str, str]]]:
    """Synonym-set words by part of speech, with their field: the pool of unrelated options."""
    lex = lexicon_for(lang)
    out: dict[str, list[tuple[str, str]]] = {}
    for word in sorted(lex.synsets):
        out.setdefault(lex.synset_pos[word], []).append((word, lex.field_of[word]))
    return out


REDRAWS = 8  # pairs drawn before an item is given up; 6 seeds in 12,000 need a second draw


class _NoFiller(SecondroundError):
    """No filler set meets the one-per-field rule for this cue: the generator draws another pair."""


class _MeaningGenerator(BaseGenerator):
    """Shared machinery of the synonym and antonym families."""

    section = "verbal"
    version = 1
    kind = "synonym"

    # -- pools -----------------------------------------------------------------------------
    def _pairs(self) -> dict[Features, list[tuple[str, str, str]]]:
        raise NotImplementedError

    def _combos(self) -> list[tuple[float, Features]]:
        return _combos_of(self.kind, self.lang, self._pairs)

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        draw = Draw(rng, 12)
        target = difficulty + (draw.u() - 0.5) * 1.0
        features = pick_combo(draw, target, self._combos(), lambda f: len(self._pairs()[f]), MIN_POOL)
        for _ in range(REDRAWS):
            cue, key, pos = draw.pick(self._pairs()[features])
            try:
                return self._item(draw, cue, key, pos, features)
            except _NoFiller:
                # A few verb cues leave too few fields for one filler per field (English verbs
                # have four fields): draw another pair of the same features, as a test author would.
                continue
        raise SecondroundError(f"{self.family}: no unrelated filler after {REDRAWS} draws")

    def _fill(self, draw: Draw, lex: Lexicon, cue: str, key: str, pos: str, chosen: list[str]) -> list[str]:
        """Unrelated filler of the same part of speech from another semantic field."""
        band = lex.band.get(key, 3)
        near_band = fillers_in(pos, max(1, band - 1), min(4, band + 1), self.lang)
        fields, banned = _banned(cue, key, self.lang)
        out: list[str] = []
        used = set(fields)
        for attempt in range(400):  # bounded: a pool that cannot supply filler is a data error, not a hang
            if len(chosen) + len(out) >= OPTIONS - 1:
                return out
            word, fld = draw.pick(near_band if attempt < 200 and len(near_band) > 20 else fillers(self.lang)[pos])
            if fld in used or word in banned or word in out or word in chosen:
                continue
            # One filler per field and none linked to another option: two fillers that mean the
            # same (dangerous, risky) could both be ruled out without knowing the cue.
            if any(word in lex.neighbours(other) for other in (key, *chosen, *out)):
                continue
            used.add(fld)
            out.append(word)
        raise _NoFiller(f"{self.family}: no unrelated filler for {cue!r}")

    def _item(self, draw: Draw, cue: str, key: str, pos: str, features: Features) -> Item:
        raise NotImplementedError

    def _finish(self, draw: Draw, ph: dict[str, Any], cue: str, key: str, pos: str,
                distractors: list[tuple[str, str]], features: Features, explanation: str,
                near: str) -> Item:
        options = [Option(shown(text), mistake=mistake) for text, mistake in distractors]
        position = int(draw.rng.integers(len(options) + 1))  # its own stream: letters stay uniform
        options.insert(position, Option(shown(key)))
        cb, kb, _, has_lure = features
        prompts = ph["prompt_near"] if near and "prompt_near" in ph else ph["prompt"]
        texts = sorted(o.text for o in options)
        return Item(family=self.family, section=self.section, prompt=draw.pick(prompts).format(cue=shown(cue).upper()),
                    explanation=explanation, difficulty=b_of(*features), discrimination=1.0,
                    time_s=15.0 + 3.0 * (max(cb, kb) - 1), options=tuple(options), key=position,
                    params={"cue": cue, "pos": pos, "cue_band": cb, "key_band": kb, "near": near,
                            "lure": bool(has_lure), "content": f"{cue}:{key}:" + ",".join(texts),
                            "once": f"{self.kind}:{cue}"},
                    lang=self.lang)

    def _defensible(self, cue: str) -> frozenset[str]:
        raise NotImplementedError

    def check(self, item: Item) -> None:
        check_options(item)
        cue = item.params["cue"]
        if shown(cue).upper() not in item.prompt:
            raise ItemCheckError(f"item {item.id}: the cue {cue!r} is not in the prompt")
        near_prompts = vocab_phrases(item.lang)[self.kind].get("prompt_near")
        allowed = [p.format(cue=shown(cue).upper()) for p in near_prompts or ()]
        if item.params["near"] and allowed and item.prompt not in allowed:
            raise ItemCheckError(f"item {item.id}: a degree distractor needs a 'closest in meaning' prompt")
        lex = lexicon_for(item.lang)
        words = [o.text.replace(" ", "_") for o in item.options]  # a phrase is stored with "_" (slå_på)
        if cue in words:
            raise ItemCheckError(f"item {item.id}: the cue itself is an option")
        right = self._defensible(cue) | lex.second_sense(self.kind, cue)
        pos = item.params["pos"]
        if any(pos not in lex.pos_of.get(w, ()) for w in words):
            raise ItemCheckError(f"item {item.id}: options are not all of one part of speech ({pos})")
        require_single_key(item, [i for i, w in enumerate(words) if w in right])
        if self.kind == "synonym":  # a stronger or weaker word is a second defensible synonym (VAST: big)
            near = degree_neighbours(item.lang).get(cue, frozenset()) | lex.second_sense("degree", cue)
            if any(w in near for w in words):
                raise ItemCheckError(f"item {item.id}: an option is a stronger or weaker form of {cue!r}")
        _check_fillers(item, lex)


def _check_fillers(item: Item, lex: Lexicon) -> None:
    """Fillers come from different fields and are linked to no other option, so none of them can
    be eliminated by pairing it with another (two words meaning the same cannot both be right)."""
    label = vocab_phrases(item.lang)["vocab"]["filler"]
    words = [o.text.replace(" ", "_") for o in item.options]
    fill = [w for w, o in zip(words, item.options, strict=True) if o.mistake == label]
    if len({lex.field_of.get(w) for w in fill}) < len(fill):
        raise ItemCheckError(f"item {item.id}: two filler options come from one field: {fill}")
    for word in fill:
        linked = [w for w in words if w != word and w in lex.neighbours(word)]
        if linked:
            raise ItemCheckError(f"item {item.id}: filler {word!r} is linked to option(s) {linked}")


_COMBOS: dict[tuple[str, str], list[tuple[float, Features]]] = {}


def _combos_of(kind: str, lang: str, pairs: Any) -> list[tuple[float, Features]]:
    if (kind, lang) not in _COMBOS:
        _COMBOS[kind, lang] = sorted((b_of(*f), f) for f in pairs())
    return _COMBOS[kind, lang]


@cache
def _synonym_pairs(lang: str = "en") -> dict[Features, list[tuple[str, str, str]]]:
    lex = lexicon_for(lang)
    out: dict[Features, list[tuple[str, str, str]]] = {}
    for cue in sorted(lex.synsets):
        pos = lex.synset_pos[cue]
        for key in sorted(lex.synsets[cue] - {cue}):
            features = (lex.band[cue], lex.band[key], 0, 0)
            out.setdefault(features, []).append((cue, key, pos))
            if lures_of(cue, pos, "synonym", lang):
                out.setdefault((*features[:3], 1), []).append((cue, key, pos))
    return out


@cache
def _antonym_pairs(lang: str = "en") -> dict[Features, list[tuple[str, str, str]]]:
    lex = lexicon_for(lang)
    near = degree_neighbours(lang)
    out: dict[Features, list[tuple[str, str, str]]] = {}
    seen: set[tuple[str, str]] = set()
    for entry in lex.entries:
        if entry.relation != "antonym":
            continue
        pos = entry.pos[0]
        # Closed over synonyms: EPHEMERAL : permanent from transient : permanent.
        both = [(c, k) for c in lex.syn_star(entry.a) for k in lex.syn_star(entry.b)]
        both += [(c, k) for c in lex.syn_star(entry.b) for k in lex.syn_star(entry.a)]
        for cue, key in sorted(both):
            if (cue, key) in seen or pos not in fillers(lang) or (cue in lex.synsets and lex.synset_pos[cue] != pos):
                continue  # filler needs synonym sets of this part of speech; a synonym must match it
            if pos not in lex.pos_of[key] or (key in lex.synsets and lex.synset_pos[key] != pos):
                continue
            seen.add((cue, key))
            has_near = any(pos in lex.pos_of[w] and w not in antonym_defensible(cue, lang) for w in near.get(cue, ()))
            has_lure = bool(lures_of(cue, pos, "antonym", lang))
            bands = (lex.band[cue], lex.band[key])
            if lang == "nb" and (key == "u" + cue or cue == "u" + key):
                bands = (1, 1)  # høflig : uhøflig: the prefix gives the answer away, however rare the word
            for n in {0, int(has_near)}:
                for lure in {0, int(has_lure)}:
                    out.setdefault((*bands, n, lure), []).append((cue, key, pos))
    return out


@cache
def _synonym_static(cue: str, pos: str, lang: str = "en") -> tuple[list[str], list[str]]:
    lex = lexicon_for(lang)
    near = sorted(w for w in degree_neighbours(lang).get(cue, ()) if pos in lex.pos_of[w] and w not in lex.synsets[cue])
    opposites = sorted(w for w in lex.related("antonym", cue) if pos in lex.pos_of[w])
    return near, opposites


@cache
def _antonym_static(cue: str, pos: str, lang: str = "en") -> tuple[list[str], list[str]]:
    lex = lexicon_for(lang)
    near = sorted(w for w in degree_neighbours(lang).get(cue, ()) if pos in lex.pos_of[w]
                  and w not in antonym_defensible(cue, lang))
    return sorted(lex.syn_star(cue) - {cue}), near


@cache
def _banned(cue: str, key: str, lang: str = "en") -> tuple[frozenset[str], frozenset[str]]:
    lex = lexicon_for(lang)
    fields = frozenset(f for f in (lex.field_of.get(cue), lex.field_of.get(key)) if f)
    banned = set(antonym_defensible(cue, lang)) | antonym_defensible(key, lang) | {cue, key}
    for word in lex.syn_star(cue) | lex.syn_star(key):
        banned |= lex.neighbours(word)
    for word in (cue, key):  # opposites or synonyms in a second common sense (rough / calm)
        banned |= lex.second_sense("antonym", word) | lex.second_sense("synonym", word)
    return fields, frozenset(banned)


class SynonymGenerator(_MeaningGenerator):
    """verbal.synonym: the word closest in meaning to a cue word, from the curated lexicon.

    Distractors: an opposite, a stronger or weaker word, filler from another field; difficulty
    from word-frequency bands and the presence of a degree partner (see the module docstring).
    """

    family = "verbal.synonym"
    # v5: paced (pace.toml); v2: "closest in meaning" prompts with a degree distractor; no second-sense filler;
    version = 5
    # v3: fillers from different fields, linked to no other option; v4 (issue 14): rarer words (band
    # 4), look-alike traps, filler from the key's band, no stronger or weaker word (VAST: big)
    title = "Vocabulary: synonyms"
    kind = "synonym"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")  # nb: lexicon_nb.txt, phrases_nb.toml

    def _pairs(self) -> dict[Features, list[tuple[str, str, str]]]:
        return _synonym_pairs(self.lang)

    def _defensible(self, cue: str) -> frozenset[str]:
        return lexicon_for(self.lang).related("synonym", cue)

    def _item(self, draw: Draw, cue: str, key: str, pos: str, features: Features) -> Item:
        lex = lexicon_for(self.lang)
        ph = vocab_phrases(self.lang)
        sp = ph["synonym"]
        chosen: list[tuple[str, str]] = []
        more = ""
        opposites = _synonym_static(cue, pos, self.lang)[1]
        if opposites:
            opposite = draw.pick(opposites)
            chosen.append((opposite, sp["mistakes"]["opposite"]))
            more += sp["opposite_note"].format(opposite=shown(opposite).capitalize(), cue=shown(cue))
        if features[3]:
            lure = draw.pick(lures_of(cue, pos, "synonym", self.lang))
            chosen.append((lure, sp["mistakes"]["lure"]))
            more += sp["lure_note"].format(lure=shown(lure).capitalize(), cue=shown(cue))
        for word in self._fill(draw, lex, cue, key, pos, [w for w, _ in chosen]):
            chosen.append((word, ph["vocab"]["filler"]))
        explanation = sp["explanation"].format(Key=shown(key).capitalize(), cue=shown(cue), more=more)
        near_word = ""
        return self._finish(draw, sp, cue, key, pos, chosen, features, explanation, near_word)


class AntonymGenerator(_MeaningGenerator):
    """verbal.antonym: the word most nearly opposite in meaning to a cue word.

    Distractors: a synonym of the cue, a stronger or weaker form of the cue, filler from another
    field; difficulty from word-frequency bands and the degree distractor (module docstring).
    """

    family = "verbal.antonym"
    version = 5  # v5: paced (pace.toml); v2: no second-sense opposite as filler (calm for ROUGH); v3: fillers unlinked;
    # v4 (issue 14): pairs closed over synonyms (rare cues), look-alike traps, filler from the key's band
    title = "Vocabulary: antonyms"
    kind = "antonym"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")  # nb: lexicon_nb.txt, phrases_nb.toml

    def _pairs(self) -> dict[Features, list[tuple[str, str, str]]]:
        return _antonym_pairs(self.lang)

    def _defensible(self, cue: str) -> frozenset[str]:
        return antonym_defensible(cue, self.lang)

    def _item(self, draw: Draw, cue: str, key: str, pos: str, features: Features) -> Item:
        lex = lexicon_for(self.lang)
        ph = vocab_phrases(self.lang)
        ap = ph["antonym"]
        sames, near_all = _antonym_static(cue, pos, self.lang)
        sames = [w for w in sames if lex.band.get(w, 3) >= lex.band.get(cue, 3) - 1] or sames  # a close synonym
        chosen: list[tuple[str, str]] = []
        more = ""
        same = ""
        if sames:
            same = draw.pick(sames)
            chosen.append((same, ap["mistakes"]["same"]))
            more = ap["same_note"].format(same=shown(same).capitalize(), cue=shown(cue))
        near_word = ""
        if features[2]:
            options = [w for w in near_all if w != same]
            if options:
                near_word = draw.pick(options)
                chosen.append((near_word, ap["mistakes"]["near"]))
                direction = ap["stronger"] if near_word in lex.related("degree", cue) else ap["weaker"]
                more += ap["near_note"].format(near=shown(near_word).capitalize(), direction=direction, cue=shown(cue))
        if features[3]:
            lure = draw.pick([w for w in lures_of(cue, pos, "antonym", self.lang) if w not in (same, near_word)])
            chosen.append((lure, ap["mistakes"]["lure"]))
            more += ap["lure_note"].format(lure=shown(lure).capitalize(), cue=shown(cue))
        for word in self._fill(draw, lex, cue, key, pos, [w for w, _ in chosen]):
            chosen.append((word, ph["vocab"]["filler"]))
        explanation = ap["explanation"].format(Key=shown(key).capitalize(), cue=shown(cue), more=more)
        return self._finish(draw, ap, cue, key, pos, chosen, features, explanation, near_word)
