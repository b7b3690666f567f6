"""Sentence completion: the word that fits a sentence's sense, or the connective that fits its logic.

Three kinds of item, from the hand-written frames of data/completion.toml:

    connective  "The battery was flat. _____, the car would not start." (However / Therefore /
                Moreover / For example), or "_____ the battery was flat, the car ..." (Although /
                Because / Unless / So that), or two connective gaps in a balanced 2 x 2 of pairs
    word        "Her figures were always _____: the auditors never found a single error in them."
                (accurate / careless / vague / generous): one content word whose sense the rest of
                the sentence fixes
    pair        two content-word gaps, each fixed by its own part of the sentence, options in a
                balanced 2 x 2 (each key and each wrong word in exactly two options)

Word distractors are real mistakes: the opposite polarity (the lexicon's antonyms of the key),
a word of the right field that does not fit this sentence, a word that goes with another noun,
and for rare keys a look-alike (the lexicon's @lure words: "capacious" for "capricious"). A
wrong word stands for its synonym set: the member whose frequency band is nearest the key's is
offered, so a rare key is not picked out by elimination among everyday words. Option lengths are
balanced: the key's length rank among the options is drawn uniformly before the distractors are.

Difficulty model (IRT b). Connectives: the link's subtlety (contrast and result 0, addition and
example 1), a formal key word (Nevertheless, Consequently ...), the clause form and two gaps:

    b = -2.2 + 0.9 * subtlety + 0.5 * formal + 0.5 * clause + 0.8 * two_gaps

Content words: the frequency band of the key (1 everyday .. 4 rare, from wordfreq; for a pair
the rarer key), a look-alike among the options, two gaps, and both keys of a pair rare (band 3
or 4: two words to know, not one):

    b = -1.9 + 0.75 * (band - 1) + 0.5 * look_alike + 1.3 * two_gaps + 0.4 * both_rare

The easiest item ("However" between two sentences) sits at -2.2 and the hardest pair at +2.55;
the family states difficulty_range (-2.3, 2.5).

Both are increasing in every feature. A pair combination's weight is its number of (frame, key,
key) entries, so combinations whose option sets are few (a look-alike fixes one gap's wrong word)
are not drawn more often than they can vary. The requested difficulty plus a seeded jitter makes every
combination within 0.5 of it eligible (and the nearest others until 30 frames are in play),
chosen in proportion to the frames it can use. a = 1.0; time 20 s + 5 s per subtlety step for
connectives, 25 s for a word (+5 s for band 3 or 4), 40 s for a pair.

check() re-derives the key by another route: a connective's class from the connective table and
the frame's link; a word's sense as the lexicon synonym set of the frame's first key (never the
word the generator chose), every option a lexicon word of the gap's part of speech, and exactly
the keyed option (each gap of the keyed pair) inside the sense set.

Bokmål (issue 18): the same kinds, model and checks over frames written in Bokmål
(data/completion_nb.toml, with its phrasing) and lexicon_nb.txt. Verb second: a connective is
followed at once by the verb, with no comma ("Likevel tapte det ..."), so b is written inverted;
"otherwise" (Ellers, I motsatt fall: what follows if a is not done) is a link of its own, as subtle
as addition (b -1.3), never offered where "Ellers" could mean "besides". Word gaps stand where the
lexicon form agrees (a singular noun of common gender), so no ending points at the key. The rarest
two-gap pairs run out near +2.3, so nb requests are clipped to NB_RANGE (-2.3, 2.3); measured means
-2.06, -1.85, 0.02, 2.01, 2.18 at -2.3, -2, 0, +2, +2.3.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import combinations
from typing import Any, ClassVar

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
from question_generators.verbal.lexicon import lexicon_for
from question_generators.verbal.passage import cap

PACKAGE = "question_generators.verbal"
# "otherwise" (Bokmål "Ellers": what follows if the first part is not done) is a link of the nb
# frames only; it is as subtle as addition and example
SUBTLETY = {"contrast": 0, "result": 0, "addition": 1, "example": 1, "double": 0, "otherwise": 1}
WEIGHTS = {"subtlety": 0.9, "formal": 0.5, "clause": 0.5, "two": 0.8}
WORD_WEIGHTS = {"band": 0.75, "lure": 0.5, "two": 1.3, "both": 0.4}
LINKS = ("contrast", "result")  # the links of two-blank sentences
INTERCEPT = -2.2
WORD_INTERCEPT = -1.9
OPTIONS = 4
MIN_FRAMES = 30  # eligible combinations hold at least this many frames (content spreads)
GAP = "_____"
# The frames of each language (Bokmål: frames and phrasing in one file, written for it, not
# translated); any other language falls back to the English frames.
DATA = {"en": "data/completion.toml", "nb": "data/completion_nb.toml"}
# The Bokmål frames' honest range: the easiest item is "Likevel" between two sentences (-2.2) and
# the rarest two-gap pairs with a look-alike reach about +2.3 (module docstring).
NB_RANGE = (-2.3, 2.3)


@cache
def _data(lang: str = "en") -> dict[str, Any]:
    return load_phrases(PACKAGE, DATA.get(lang, DATA["en"]))


@cache
def frames(lang: str = "en") -> tuple[dict[str, Any], ...]:
    return tuple(_data(lang)["frame"])


@cache
def doubles(lang: str = "en") -> tuple[dict[str, Any], ...]:
    return tuple(_data(lang)["double"])


@cache
def word_frames(lang: str = "en") -> tuple[dict[str, Any], ...]:
    return tuple(_data(lang)["word"])


@cache
def pair_frames(lang: str = "en") -> tuple[dict[str, Any], ...]:
    return tuple(_data(lang)["pair"])


@cache
def phrasing(lang: str) -> dict[str, Any]:
    """The family's phrasing: phrases.toml for English, the [nb.completion] tables of
    completion_nb.toml for Bokmål."""
    if lang == "nb":
        return _data("nb")["nb"]["completion"]
    return phrases_for(PACKAGE, lang)["completion"]


def split_form(entry: str) -> tuple[str, str]:
    """'squander:squandered' -> (lexicon word, form shown in the sentence); 'vague' -> (vague, vague)."""
    base, _, shown = entry.partition(":")
    return base, shown or base


@cache
def b_of(rel: str, formal: int, clause: int) -> float:
    return linear_difficulty(INTERCEPT, WEIGHTS, {"subtlety": SUBTLETY[rel], "formal": formal, "clause": clause,
                                                  "two": rel == "double"})


@cache
def word_b(band: int, lure: int, two: int, both: int = 0) -> float:
    return linear_difficulty(WORD_INTERCEPT, WORD_WEIGHTS, {"band": band - 1, "lure": lure, "two": two, "both": both})


@cache
def sense_of(first_key: str, lang: str = "en") -> frozenset[str]:
    """The words that fit a gap whose first key is `first_key`: its lexicon synonym set, and
    synonyms in a second common sense (never offered as distractors)."""
    lex = lexicon_for(lang)
    return frozenset(lex.syn_star(first_key) | lex.second_sense("synonym", first_key))


ARTICLE = re.compile(r"\b([Aa]n?) " + GAP)


@lru_cache(maxsize=4096)
def _article(text: str) -> str:
    found = ARTICLE.search(text)
    return found.group(1).lower() if found else ""


def agrees(text: str, word: str) -> bool:
    """An "a"/"an" just before the gap must suit the word (else the article points at the key)."""
    article = _article(text)
    return not article or (article == "an") == (word[:1].lower() in "aeiou")


def pos_of_sense(first: str, lang: str = "en") -> str:
    lex = lexicon_for(lang)
    return lex.synset_pos.get(first) or sorted(lex.pos_of[first])[0]


@cache
def also_of(index: int, lang: str = "en") -> frozenset[str]:
    """Words a single-gap frame marks as also defensible, with their synonym sets: never offered."""
    lex = lexicon_for(lang)
    frame = word_frames(lang)[index]
    return frozenset(w for a in frame.get("also", ()) for w in lex.syn_star(a)) - sense_of(frame["keys"][0], lang)


def lures_for(key: str, sense: frozenset[str], pos: str, lang: str = "en") -> list[str]:
    lex = lexicon_for(lang)
    return sorted(w for w in lex.lures.get(key, ()) if w not in sense and pos in lex.pos_of[w])


@cache
def word_pool(lang: str = "en") -> dict[tuple[int, int], list[tuple[int, str]]]:
    """(band, look-alike) -> (frame index, key) for every single-gap frame and key."""
    lex = lexicon_for(lang)
    out: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for index, frame in enumerate(word_frames(lang)):
        first = frame["keys"][0]
        sense = sense_of(first, lang)
        pos = pos_of_sense(first, lang)
        for key in frame["keys"]:
            if not agrees(frame["s"], key):
                continue
            band = lex.band[key]
            out.setdefault((band, 0), []).append((index, key))
            if lures_for(key, sense, pos, lang):
                out.setdefault((band, 1), []).append((index, key))
    return out


@cache
def pair_pool(lang: str = "en") -> dict[tuple[int, int, int], list[tuple[int, str, str]]]:
    """(rarer band, look-alike, both keys rare) -> (frame index, key 1, key 2) for every two-gap frame."""
    lex = lexicon_for(lang)
    out: dict[tuple[int, int, int], list[tuple[int, str, str]]] = {}
    for index, frame in enumerate(pair_frames(lang)):
        for k1 in frame["keys1"]:
            for k2 in frame["keys2"]:
                if split_form(k1)[1] == split_form(k2)[1]:
                    continue  # one word in both gaps reads as a slip
                b1, b2 = lex.band[split_form(k1)[0]], lex.band[split_form(k2)[0]]
                band, both = max(b1, b2), int(min(b1, b2) >= 3)
                out.setdefault((band, 0, both), []).append((index, k1, k2))
                if _pair_lures(frame, k1, k2, lang):
                    out.setdefault((band, 1, both), []).append((index, k1, k2))
    return out


def _pair_lures(frame: dict[str, Any], k1: str, k2: str, lang: str = "en") -> list[tuple[int, str]]:
    """(gap, lure) for look-alikes of a key shown in its base form (only those can stand in a gap)."""
    found = []
    for gap, key in ((1, k1), (2, k2)):
        base, shown = split_form(key)
        if base == shown:
            first = split_form(frame[f"keys{gap}"][0])[0]
            found += [(gap, w) for w in lures_for(base, sense_of(first, lang), pos_of_sense(first, lang), lang)]
    return found


@cache
def combo_sizes(lang: str) -> dict[tuple[Any, ...], int]:
    """Combination -> the number of frames it can use (its weight in pick_combo)."""
    ph = phrasing(lang)
    sizes: dict[tuple[Any, ...], int] = {}
    for frame in frames(lang):
        rel = frame["rel"]
        forms = [(rel, 0, 0)] + ([(rel, 1, 0)] if len(ph["sentence"][rel]) > 1 else [])
        if frame.get("clause", True) and rel in ph["clause"]:
            forms += [(rel, 0, 1)] + ([(rel, 1, 1)] if len(ph["clause"][rel]) > 1 else [])
        for form in forms:
            sizes[("connective", *form)] = sizes.get(("connective", *form), 0) + 1
    for formal in (0, 1):
        sizes[("connective", "double", formal, 1)] = len(doubles(lang))
    for (band, lure), entries in word_pool(lang).items():
        sizes[("word", band, lure)] = len({i for i, _ in entries})
    for (band, lure, both), entries in pair_pool(lang).items():
        # weighed by (frame, key, key) entries, not frames: a combination with few entries per
        # frame (a look-alike fixes one gap's wrong word) is not drawn more often than its option
        # sets allow (English 2,000-item sweeps: 94.2 % -> 95.0 % distinct on average)
        sizes[("pair", band, lure, both)] = len(entries)
    return sizes


@cache
def table(lang: str) -> list[tuple[float, tuple[Any, ...]]]:
    return sorted((combo_b(c), c) for c in combo_sizes(lang))


def combo_b(combo: tuple[Any, ...]) -> float:
    if combo[0] == "connective":
        return b_of(combo[1], combo[2], combo[3])
    return word_b(combo[1], combo[2], int(combo[0] == "pair"), combo[3] if combo[0] == "pair" else 0)


@cache
def classes(lang: str) -> dict[str, dict[str, str]]:
    """Slot -> connective -> class: the check's lookup table."""
    ph = phrasing(lang)
    return {slot: {word: cls for cls, words in ph[slot].items() for word in words} for slot in ("sentence", "clause")}


@cache
def stand_ins(index: int, key: str, band: int, lang: str = "en") -> tuple[tuple[str, ...], ...]:
    """For each wrong word of a single-gap frame (and the key's first opposite), the members of its
    synonym set that may be offered in its place: those of the band nearest the key's and one step
    beyond (more variety, still near the key), never a word of the gap's sense, a word the frame
    marks as defensible, a look-alike of the key (the model counts those apart), a word of another
    part of speech or one the article before the gap rules out."""
    lex = lexicon_for(lang)
    frame = word_frames(lang)[index]
    first = frame["keys"][0]
    sense, pos, text = sense_of(first, lang), pos_of_sense(first, lang), frame["s"]
    banned = also_of(index, lang) | {key} | lex.lures.get(key, frozenset())
    opposites = sorted(w for w in lex.related("antonym", key) if pos in lex.pos_of[w])
    used: set[str] = set()
    out = []
    for word in [*frame["wrong"], *opposites[:1]]:
        if not lex.syn_star(word).isdisjoint(used):
            continue  # one stand-in per synonym set
        groups = _by_band_distance(word, band, lang)
        for n, group in enumerate(groups):
            members = [w for w in group if w not in sense and w not in banned and pos in lex.pos_of[w]
                       and agrees(text, w)]
            if members:
                if n + 1 < len(groups):
                    members += [w for w in groups[n + 1] if w not in sense and w not in banned
                                and pos in lex.pos_of[w] and agrees(text, w)]
                out.append(tuple(members))
                used |= lex.syn_star(word)
                break
    return tuple(out)


@lru_cache(maxsize=1 << 14)
def _by_band_distance(word: str, band: int, lang: str = "en") -> tuple[tuple[str, ...], ...]:
    """The members of `word`'s synonym set grouped by distance from `band`, nearest first."""
    lex = lexicon_for(lang)
    groups: dict[int, list[str]] = {}
    for w in sorted(lex.syn_star(word)):
        groups.setdefault(abs(lex.band.get(w, 3) - band), []).append(w)
    return tuple(tuple(groups[d]) for d in sorted(groups))


@lru_cache(maxsize=1 << 16)
def _bigrams(text: str) -> frozenset[str]:
    t = text.lower()
    return frozenset(t[i:i + 2] for i in range(len(t) - 1))


@lru_cache(maxsize=1 << 17)
def _likeness(a: str, b: str) -> float:
    """Shared letter pairs over all letter pairs of two texts (sets: fast, and close enough to the
    multiset measure of the cue audit for balancing)."""
    ga, gb = _bigrams(a), _bigrams(b)
    union = len(ga | gb)
    return len(ga & gb) / union if union else 0.0


def _most_alike_first(sim: list[list[float]], members: Sequence[int]) -> bool:
    """Whether members[0] has the highest summed likeness to the other members."""
    scores = [sum(sim[t][u] for u in members if u != t) for t in members]
    return scores[0] >= max(scores[1:]) - 1e-9


def balanced(draw: Draw, key: str, candidates: list[str], fixed: list[str], k: int) -> list[str]:
    """`k` distractors (the `fixed` ones first) chosen so that neither length nor likeness points
    at the key: the number of options longer than the key is drawn uniformly, and whether the key
    is the option most like the others is drawn with the chance of any one option."""
    profiles = _subset_profiles(key, tuple(fixed), tuple(c for c in candidates if c not in fixed), k)
    want = draw.below(k + 1)  # how many options are to be longer than the key
    want_alike = draw.chance(1.0 / (k + 1))
    scored = []
    for longer, ties, alike, chosen in profiles:
        # how far the number of longer options can be from `want`, ties counted either way
        miss = longer - want if want < longer else want - longer - ties if want > longer + ties else 0
        scored.append((miss + 2 * (alike != want_alike), chosen))
    best = min(score for score, _ in scored)
    return fixed + list(draw.pick([c for score, c in scored if score == best]))


@lru_cache(maxsize=1 << 15)
def _subset_profiles(key: str, fixed: tuple[str, ...], free: tuple[str, ...],
                     k: int) -> tuple[tuple[int, int, bool, tuple[str, ...]], ...]:
    """For each choice of the free distractors: how many options are longer than the key, how
    many as long, whether the key is the most alike, and the choice. Depends on the words only, so
    it is computed once per option set (the draws that pick among them stay per item)."""
    words = [key, *fixed, *free]
    n = len(words)
    sim = [[0.0] * n for _ in range(n)]
    for i in range(n):  # each unordered pair once (likeness is symmetric)
        x, row = words[i], sim[i]
        for j in range(i + 1, n):
            y = words[j]
            row[j] = sim[j][i] = _likeness(x, y) if x < y else _likeness(y, x) if x > y else 0.0
    base = list(range(len(fixed) + 1))
    offset = len(fixed) + 1
    need = k - len(fixed)
    subsets = [list(c) for c in combinations(range(offset, len(words)), need)] if need > 0 else [[]]
    out = []
    for sub in subsets:
        chosen = tuple(words[i] for i in sub)
        lengths = [len(w) for w in fixed + chosen]
        longer = sum(n > len(key) for n in lengths)
        ties = sum(n == len(key) for n in lengths)
        out.append((longer, ties, _most_alike_first(sim, base + sub), chosen))
    return tuple(out)


def gap_articles(text: str) -> list[str]:
    """The "a"/"an" just before each gap ("" where there is none)."""
    parts = text.split(GAP)
    found = [re.search(r"\b([Aa]n?) $", part) for part in parts[:-1]]
    return [m.group(1).lower() if m else "" for m in found]


@cache
def pair_wrongs(index: int, gap: int, lang: str = "en") -> tuple[str, ...]:
    """The wrong words a gap of a two-gap frame may show: each listed word and, for a word listed
    in its lexicon form, the other members of its synonym set (as wrong as it is), never a word
    of the gap's own sense and never one the article before the gap rules out."""
    lex = lexicon_for(lang)
    frame = pair_frames(lang)[index]
    sense = sense_of(split_form(frame[f"keys{gap}"][0])[0], lang)
    article = gap_articles(frame["s"])[gap - 1]
    out: list[str] = []
    for entry in frame[f"wrong{gap}"]:
        base, shown = split_form(entry)
        for word in (sorted(lex.syn_star(base)) if base == shown else [shown]):
            vowel = word[:1].lower() in "aeiou"
            if word not in sense and word not in out and (not article or (article == "an") == vowel):
                out.append(word)
    return tuple(out)


@cache
def _pair_check_data(index: int, lang: str = "en") -> tuple[dict[str, str], tuple[frozenset[str], frozenset[str]]]:
    """Shown form -> lexicon word, from the frame's own lists, and the sense set of each gap."""
    frame = pair_frames(lang)[index]
    base = {split_form(w)[1]: split_form(w)[0] for name in ("keys1", "wrong1", "keys2", "wrong2") for w in frame[name]}
    return base, (sense_of(split_form(frame["keys1"][0])[0], lang), sense_of(split_form(frame["keys2"][0])[0], lang))


@cache
def _frames_of(lang: str, rel: str, clause: int) -> list[int]:
    """The connective frames of a link (those that take the clause form, for a clause gap)."""
    return [n for n, f in enumerate(frames(lang)) if f["rel"] == rel and (not clause or f.get("clause", True))]


def connective_text(lang: str, frame: dict[str, Any], clause: int, word: str) -> str:
    """The sentence(s) of a connective frame with `word` (the gap or a connective) in place.

    English puts a comma after a sentence connective ("However, it rained"). Bokmål is verb
    second: the connective takes the first place and the verb follows at once, with no comma
    ("Likevel regnet det"), and after a fronted subordinate clause the main clause is inverted
    too ("Selv om ..., regnet det"), so b is written inverted; a's subordinate-clause order (the
    adverb before the verb: "bussen ikke kom") is `a_sub` where it differs from `a`."""
    if lang == "nb":
        if clause:
            return f"{word} {frame.get('a_sub', frame['a'])}, {frame['b']}."
        return f"{cap(frame['a'])}. {word} {frame['b']}."
    if clause:
        return f"{word} {frame['a']}, {frame['b']}."
    return f"{cap(frame['a'])}. {word}, {frame['b']}."


def double_text(lang: str, frame: dict[str, Any], first: str, second: str) -> str:
    """A two-gap connective frame: clause connective (a -> b), then sentence connective (b -> c)."""
    if lang == "nb":  # b and c inverted, as after any fronted connective (connective_text)
        return f"{first} {frame.get('a_sub', frame['a'])}, {frame['b']}. {second} {frame['c']}."
    return f"{first} {frame['a']}, {frame['b']}. {second}, {frame['c']}."


class CompletionGenerator(BaseGenerator):
    """verbal.completion: the word (or pair of words, or connective) that best fills the gap.

    Difficulty from the key word's frequency band, a look-alike distractor and two gaps, or from
    the connective's subtlety and form (module docstring).
    """

    family = "verbal.completion"
    section = "verbal"
    # v4: content words in several hundred sense-fixed frames, two-gap pairs at the top, balanced
    # option lengths, content and frame keys for repeats; v5: Bokmål (data/completion_nb.toml);
    # v6: 20 more rare two-gap frames, a pair combination weighed by its (frame, keys) entries
    version = 6
    difficulty_range: ClassVar[tuple[float, float]] = (-2.3, 2.5)
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")  # nb: completion_nb.toml, lexicon_nb.txt
    title = "Vocabulary: sentence completion"

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        draw = Draw(rng, 24)
        # beyond the stated range its end is served (nb: the narrower range of its frames)
        low, high = NB_RANGE if self.lang == "nb" else self.difficulty_range
        target = min(high, max(low, difficulty)) + (draw.u() - 0.5) * 1.0
        combos = table(self.lang)
        sizes = combo_sizes(self.lang)
        combo = pick_combo(draw, target, combos, lambda c: sizes[c], min_pool=MIN_FRAMES)
        ph = phrasing(self.lang)
        if combo[0] == "word":
            return self._word(draw, ph, combo[1], combo[2])
        if combo[0] == "pair":
            return self._pair(draw, ph, combo[1], combo[2], combo[3])
        _, rel, formal, clause = combo
        if rel == "double":
            return self._double(draw, ph, formal)
        return self._connective(draw, ph, rel, formal, clause)

    # -- content words ---------------------------------------------------------------------
    def _word(self, draw: Draw, ph: dict[str, Any], band: int, lure: int) -> Item:
        lang = self.lang
        index, key = draw.pick(word_pool(lang)[(band, lure)])
        frame = word_frames(lang)[index]
        first = frame["keys"][0]
        sense = sense_of(first, lang)
        pos = pos_of_sense(first, lang)
        text = frame["s"]
        fixed: list[str] = []
        if lure:
            fixed.append(draw.pick(lures_for(key, sense, pos, lang)))
        candidates = [draw.pick(group) for group in stand_ins(index, key, band, lang)]
        if len(candidates) + len(fixed) < OPTIONS - 1:
            raise ValueError(f"completion word frame {index} ({key}) has too few distractors")
        chosen = balanced(draw, key, candidates, fixed, OPTIONS - 1)
        wm = ph["word_mistakes"]
        options = [Option(w, mistake=self._word_mistake(wm, w, key, lang)) for w in draw.shuffle(chosen)]
        slot = draw.below(OPTIONS)
        options.insert(slot, Option(key))
        done = text.replace(GAP, key.upper(), 1)
        others = sorted(w for w in sense if w != key and w in frame["keys"])
        explanation = ph["explain_word"].format(key=key, done=done)
        if others:
            # Bokmål joins the last two with "og" and quotes each word («gjerrig» og «knipen»)
            joined = ", ".join(others) if "and" not in ph else ph["and"].join(
                [", ".join(ph["word"].format(w) for w in others[:-1]), ph["word"].format(others[-1])] if len(others) > 1
                else [ph["word"].format(others[0])])
            explanation += " " + ph["explain_same"].format(others=joined)
        explanation += " " + " ".join(f"{cap(o.mistake or '')}." for o in options if o.mistake)
        return Item(family=self.family, section=self.section, prompt=ph["prompt_word"] + "\n\n" + text,
                    explanation=explanation, difficulty=word_b(band, lure, 0), discrimination=1.0,
                    time_s=25.0 + 5.0 * (band >= 3), options=tuple(options), key=slot,
                    params={"kind": "word", "frame": index, "rel": "word", "slot": "word", "band": band,
                            "lure": lure, "content": f"word:{index}:{key}:" + ",".join(sorted(chosen)),
                            "once": f"completion:word:{index}"}, lang=self.lang)

    @staticmethod
    def _word_mistake(wm: dict[str, str], word: str, key: str, lang: str = "en") -> str:
        lex = lexicon_for(lang)
        if word in lex.lures.get(key, ()):
            return wm["lure"].format(key=key)
        if word in lex.related("antonym", key) or key in lex.related("antonym", word):
            return wm["opposite"].format(word=word)
        if lex.field_of.get(word) and lex.field_of.get(word) == lex.field_of.get(key):
            return wm["field"].format(word=word)
        return wm["other"].format(word=word)

    def _pair(self, draw: Draw, ph: dict[str, Any], band: int, lure: int, both: int) -> Item:
        lang = self.lang
        index, k1, k2 = draw.pick(pair_pool(lang)[(band, lure, both)])
        frame = pair_frames(lang)[index]
        wrong = {1: list(pair_wrongs(index, 1, lang)), 2: list(pair_wrongs(index, 2, lang))}
        lure_gap = 0
        wm = ph["word_mistakes"]
        mistakes = {1: wm["opposite_gap"], 2: wm["opposite_gap"]}
        if lure:
            lure_gap, word = draw.pick(_pair_lures(frame, k1, k2, lang))
            wrong[lure_gap] = [word]
            mistakes[lure_gap] = wm["lure"].format(key=split_form(k1 if lure_gap == 1 else k2)[0])
        shown1, shown2 = split_form(k1)[1], split_form(k2)[1]
        # the wrong word of each gap is longer or shorter than its key by a coin, where the frame
        # offers both: the key pair is the longest option one time in four
        # ... and never the other gap's key: in a contrast frame ("terse ... verbose") that would
        # make the wrong pair the key's mirror image, the option most like the key
        w1 = [w for w in wrong[1] if w != shown2] or wrong[1]
        w2 = [w for w in wrong[2] if w != shown1] or wrong[2]
        pair = ph["pair"]
        o1, o2 = self._balanced_pair(draw, pair, shown1, shown2, w1, w2)
        g = ph["gap_mistakes"]
        rows = [(o1, shown2, g["first"].format(mistake=mistakes[1])),
                (shown1, o2, g["second"].format(mistake=mistakes[2])),
                (o1, o2, g["both"].format(first=mistakes[1], second=mistakes[2]))]
        options = [Option(pair.format(first=a, second=b), mistake=m) for a, b, m in draw.shuffle(rows)]
        slot = draw.below(OPTIONS)
        options.insert(slot, Option(pair.format(first=shown1, second=shown2)))
        text = frame["s"]
        done = text.replace(GAP, shown1.upper(), 1).replace(GAP, shown2.upper(), 1)
        explanation = ph["explain_pair"].format(first=shown1, second=shown2, done=done)
        return Item(family=self.family, section=self.section, prompt=ph["prompt_pair"] + "\n\n" + text,
                    explanation=explanation, difficulty=word_b(band, lure, 1, both), discrimination=1.0,
                    time_s=40.0, options=tuple(options), key=slot,
                    params={"kind": "pair", "pair": index, "rel": "pair", "slot": "pair", "band": band,
                            "lure": lure, "lure_gap": lure_gap, "both_rare": both,
                            "content": f"pair:{index}:{shown1}:{shown2}:{split_form(o1)[1]}:{split_form(o2)[1]}",
                            "once": f"completion:pair:{index}"}, lang=self.lang)

    @staticmethod
    def _balanced_pair(draw: Draw, pair: str, k1: str, k2: str, w1: list[str], w2: list[str]) -> tuple[str, str]:
        """The wrong word of each gap, chosen so that the key pair is the longest option about one
        time in four (as often as any option). Likeness needs no balancing here: in the 2 x 2 every
        option shares one word with each of two others, so no option is the most alike by design."""
        want_long = draw.chance(0.25)
        scored = []
        n1, n2 = len(k1), len(k2)
        # at most three wrong words a gap are weighed (a seeded choice): enough to balance, cheap
        for o1 in (draw.sample(w1, 3) if len(w1) > 3 else w1):
            for o2 in (draw.sample(w2, 3) if len(w2) > 3 else w2):
                longest = n1 + n2 >= max(len(o1) + n2, n1 + len(o2), len(o1) + len(o2))
                # one word in both gaps ("påskjønne ... påskjønne") reads as a slip: last resort only
                scored.append((2 * (o1 == o2) + (longest != want_long), (o1, o2)))
        best = min(m for m, _ in scored)
        return draw.pick([c for m, c in scored if m <= best])

    # -- connectives -----------------------------------------------------------------------
    def _connective(self, draw: Draw, ph: dict[str, Any], rel: str, formal: int, clause: int) -> Item:
        slot = "clause" if clause else "sentence"
        index = draw.pick(_frames_of(self.lang, rel, clause))
        frame = frames(self.lang)[index]
        words = ph[slot][rel]
        key_word = words[1 + draw.below(len(words) - 1)] if formal else words[0]
        # classes never offered with a link ("Ellers" reads as "besides" after an addition)
        banned = {rel, *frame.get("also", []), *ph.get("exclude", {}).get(rel, [])}
        pool = [cls for cls in ph[slot] if cls not in banned]
        picks = [(cls, draw.pick(ph[slot][cls])) for cls in draw.sample(pool, OPTIONS - 1)]
        options = [Option(word, mistake=ph["mistakes"][cls]) for cls, word in picks]
        key = draw.below(OPTIONS)
        options.insert(key, Option(key_word))
        text = connective_text(self.lang, frame, clause, ph["gap"])
        done = connective_text(self.lang, frame, clause, key_word)
        prompt = ph[f"prompt_{slot}"] + "\n\n" + text
        explanation = ph["explain"][rel].format(key=key_word) + " " + ph.get("quote", '"{}"').format(done)
        return Item(family=self.family, section=self.section, prompt=prompt, explanation=explanation,
                    difficulty=b_of(rel, formal, clause), discrimination=1.0, time_s=20.0 + 5.0 * SUBTLETY[rel],
                    options=tuple(options), key=key,
                    params={"kind": "connective", "frame": index, "slot": slot, "rel": rel, "formal": formal,
                            "content": f"connective:{slot}:{index}:{key_word}:" + ",".join(sorted(w for _, w in picks)),
                            "once": "completion:" + frame["a"]}, lang=self.lang)

    def _double(self, draw: Draw, ph: dict[str, Any], formal: int) -> Item:
        """Two gaps: a clause connective (a -> b) and a sentence connective (b -> c)."""
        index = draw.below(len(doubles(self.lang)))
        frame = doubles(self.lang)[index]
        r1, r2 = frame["rel1"], frame["rel2"]
        w1 = ph["clause"][r1][0]
        words2 = ph["sentence"][r2]
        w2 = words2[1 + draw.below(len(words2) - 1)] if formal else words2[0]
        o1 = ph["clause"][LINKS[1 - LINKS.index(r1)]][0]  # the other link's word
        others2 = ph["sentence"][LINKS[1 - LINKS.index(r2)]]
        # the wrong second word is as formal as the key's, so length does not point at the key
        o2 = others2[1 + draw.below(len(others2) - 1)] if formal else others2[0]
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
        text = double_text(self.lang, frame, ph["gap"], ph["gap"])
        done = double_text(self.lang, frame, w1, w2)
        explanation = ph["explain_double"].format(first_reason=ph["reason"][r1].format(key=w1),
                                                  second_reason=ph["reason"][r2].format(key=w2))
        explanation += " " + ph.get("quote", '"{}"').format(done)
        return Item(family=self.family, section=self.section, prompt=ph["prompt_double"] + "\n\n" + text,
                    explanation=explanation, difficulty=b_of("double", formal, 1), discrimination=1.0,
                    time_s=30.0, options=tuple(options), key=key,
                    params={"kind": "double", "double": index, "slot": "double", "rel": "double", "formal": formal,
                            "content": f"double:{index}:{w1}:{w2}:{o2}", "once": "completion:" + frame["a"]},
                    lang=self.lang)

    # -- checks ----------------------------------------------------------------------------
    def _check_double(self, item: Item) -> None:
        frame = doubles(item.lang)[item.params["double"]]
        if frame["c"] not in item.prompt or frame.get("a_sub", frame["a"]) not in item.prompt:
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

    def _check_word(self, item: Item) -> None:
        lang = item.lang
        lex = lexicon_for(lang)
        frame = word_frames(lang)[item.params["frame"]]
        if frame["s"] not in item.prompt:
            raise ItemCheckError(f"item {item.id}: the prompt does not show word frame {item.params['frame']}")
        first = frame["keys"][0]
        sense, pos = sense_of(first, lang), pos_of_sense(first, lang)
        also = also_of(item.params["frame"], lang)
        for option in item.options:
            if not agrees(frame["s"], option.text):
                raise ItemCheckError(f"item {item.id}: option {option.text!r} does not suit the article before the gap")
            if pos not in lex.pos_of.get(option.text, ()):
                raise ItemCheckError(f"item {item.id}: option {option.text!r} is not a lexicon {pos}")
            if option.text in also:
                raise ItemCheckError(f"item {item.id}: option {option.text!r} is also defensible in this sentence")
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text in sense])

    def _check_pair(self, item: Item) -> None:
        lex = lexicon_for(item.lang)
        frame = pair_frames(item.lang)[item.params["pair"]]
        if frame["s"] not in item.prompt:
            raise ItemCheckError(f"item {item.id}: the prompt does not show pair frame {item.params['pair']}")
        base, senses = _pair_check_data(item.params["pair"], item.lang)
        right = []
        for i, option in enumerate(item.options):
            parts = option.text.split(" ... ")
            if len(parts) != 2:
                raise ItemCheckError(f"item {item.id}: option {option.text!r} is not a pair")
            words = [base.get(p, p) for p in parts]
            if any(w not in lex.pos_of for w in words):
                raise ItemCheckError(f"item {item.id}: option {option.text!r} holds a word outside the lexicon")
            if all(w in s for w, s in zip(words, senses, strict=True)):
                right.append(i)
        require_single_key(item, right)

    def check(self, item: Item) -> None:
        check_options(item)
        slot = item.params["slot"]
        if slot == "double":
            self._check_double(item)
            return
        if slot == "word":
            self._check_word(item)
            return
        if slot == "pair":
            self._check_pair(item)
            return
        frame = frames(item.lang)[item.params["frame"]]
        if item.lang == "nb":  # Bokmål names and places keep their capitals; the clause may have its own word order
            shown_a = frame.get("a_sub", frame["a"]) if slot == "clause" else cap(frame["a"])
            if frame["b"] not in item.prompt or shown_a not in item.prompt:
                raise ItemCheckError(f"item {item.id}: the prompt does not show frame {item.params['frame']}")
        elif frame["b"] not in item.prompt or frame["a"] not in item.prompt.lower():
            raise ItemCheckError(f"item {item.id}: the prompt does not show frame {item.params['frame']}")
        if slot == "clause" and not frame.get("clause", True):
            raise ItemCheckError(f"item {item.id}: frame {item.params['frame']} cannot take the clause form")
        table_ = classes(item.lang)[slot]
        found = [table_.get(o.text) for o in item.options]
        if None in found:
            raise ItemCheckError(f"item {item.id}: an option is not a known connective")
        if any(cls in frame.get("also", []) for cls in found):
            raise ItemCheckError(f"item {item.id}: an option is also defensible for this sentence")
        if any(cls in phrasing(item.lang).get("exclude", {}).get(frame["rel"], []) for cls in found):
            raise ItemCheckError(f"item {item.id}: an option reads as defensible after a link of this kind")
        require_single_key(item, [i for i, cls in enumerate(found) if cls == frame["rel"]])
