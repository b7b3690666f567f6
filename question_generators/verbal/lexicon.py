"""The curated verbal lexicon: words, frequency bands and relations, loaded once per process.

data/lexicon.txt holds the hand-written, reviewed relations (format in its header); data/bands.tsv
the frequency band of every word, computed offline from wordfreq (data/bands.py). Relations are
closed over synonyms when asked "does X stand in relation R to Y anywhere in the lexicon":
a synonym of an antonym is an antonym, a synonym of a tool's function is a function, and degree
("warm -> hot -> boiling") is transitive. Every check of the vocabulary families asks that.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

PACKAGE = "question_generators.verbal"
SYMMETRIC = ("synonym", "antonym")
# Part of speech of the two slots of each relation (block headers give it for the others).
SLOT_POS = {
    "category": ("noun", "noun"), "part": ("noun", "noun"), "collective": ("noun", "noun"),
    "tool": ("noun", "verb"), "maker": ("noun", "noun"), "workplace": ("noun", "noun"),
    "producer": ("noun", "noun"), "cause": ("noun", "noun"), "young": ("noun", "noun"),
    "material": ("noun", "noun"), "home": ("noun", "noun"),
}
RELATIONS = ("synonym", "antonym", "degree", "category", *[r for r in SLOT_POS if r != "category"])


@dataclass(frozen=True, slots=True)
class Entry:
    """One relation pair as written in the data, with its source."""

    relation: str
    a: str
    b: str
    pos: tuple[str, str]
    source: str
    field: str = ""


@dataclass
class Lexicon:
    entries: list[Entry] = field(default_factory=list)
    forward: dict[str, dict[str, set[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    synsets: dict[str, frozenset[str]] = field(default_factory=dict)
    field_of: dict[str, str] = field(default_factory=dict)
    synset_pos: dict[str, str] = field(default_factory=dict)
    pos_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    band: dict[str, int] = field(default_factory=dict)
    zipf: dict[str, float] = field(default_factory=dict)
    category_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    domain: dict[str, str] = field(default_factory=dict)
    # Other categories a word belongs to in a common sense ("tin" is also a container): never the
    # odd one out of a group of that category. Not relation pairs (so not in `entries`).
    also_in: dict[str, frozenset[str]] = field(default_factory=dict)
    # Opposites or synonyms in a second common sense (rough sea / calm sea, sharp / mild cheese):
    # never keys, never distractors of the cue (the vocabulary checks count them as defensible).
    second: dict[str, dict[str, frozenset[str]]] = field(
        default_factory=lambda: {"synonym": {}, "antonym": {}, "degree": {}})
    # Look-alike and near-field traps of a rarer cue (@lure blocks): cue -> lure words. Not
    # relation pairs; the vocabulary checks still prove a lure is neither synonym nor opposite.
    lures: dict[str, frozenset[str]] = field(default_factory=dict)

    def second_sense(self, relation: str, word: str) -> frozenset[str]:
        """Words standing in `relation` to `word` in a second common sense only (@second blocks)."""
        return self.second.get(relation, {}).get(word, frozenset())

    def categories_of(self, word: str) -> frozenset[str]:
        """Every category `word` belongs to: its own and those of the @also block."""
        own = self.category_of.get(word)
        extra = self.also_in.get(word, frozenset())
        return extra | {own} if own else extra

    # -- closure queries -------------------------------------------------------------------
    def syn_star(self, word: str) -> frozenset[str]:
        return self.synsets.get(word, frozenset((word,)))

    def related(self, relation: str, word: str) -> frozenset[str]:
        """Every word standing in `relation` to `word` anywhere in the lexicon (closed over synonyms)."""
        return _related(self, relation, word)

    def relations_between(self, a: str, b: str) -> set[str]:
        return {r for r in RELATIONS if b in self.related(r, a)}

    def neighbours(self, word: str) -> frozenset[str]:
        """Every word linked to `word` by any entry, in either direction (and its synonyms)."""
        hit = _NEIGHBOURS.get(word)
        if hit is None:
            if not _LINKS:
                for e in self.entries:
                    _LINKS.setdefault(e.a, set()).add(e.b)
                    _LINKS.setdefault(e.b, set()).add(e.a)
            hit = frozenset(_LINKS.get(word, set()) | self.syn_star(word))
            _NEIGHBOURS[word] = hit
        return hit

    def degree_family(self, word: str) -> frozenset[str]:
        """Weaker and stronger forms of a word (degree, both directions, transitive)."""
        up = self.related("degree", word)
        down = {w for w in self.forward["degree"] if word in self.related("degree", w)}
        return frozenset(up | down)

    def band_of(self, *words: str) -> int:
        return max(self.band.get(w, 3) for w in words)


def closure(lex: Any, relation: str, word: str) -> frozenset[str]:
    """The words `relation` links `word` to, closed over synonyms (degree is transitive), without
    the word itself: one computation for the English and the Bokmål lexicon, each with its cache."""
    if relation == "synonym":
        return frozenset(set(lex.syn_star(word)) - {word})
    targets: set[str] = set()
    frontier = set(lex.syn_star(word))
    seen: set[str] = set()
    while frontier:  # degree is transitive; one round for every other relation
        step = {y for x in frontier for y in lex.forward[relation].get(x, ())}
        targets |= step
        seen |= frontier
        frontier = (step - seen) if relation == "degree" else set()
    return frozenset({z for y in targets for z in lex.syn_star(y)} - {word})


def _related(lex: Lexicon, relation: str, word: str) -> frozenset[str]:
    key = (relation, word)
    hit = _CLOSURES.get(key)
    if hit is not None:
        return hit
    result = _CLOSURES[key] = closure(lex, relation, word)
    return result


_CLOSURES: dict[tuple[str, str], frozenset[str]] = {}
_NEIGHBOURS: dict[str, frozenset[str]] = {}
_LINKS: dict[str, set[str]] = {}


def _read(name: str) -> str:
    return resources.files(PACKAGE).joinpath("data", name).read_text(encoding="utf-8")


@cache
def lexicon() -> Lexicon:
    """Parse the data files once per process."""
    lex = Lexicon()
    source = ""
    relation = ""
    pos: tuple[str, str] = ("", "")
    extra = ""
    for number, raw in enumerate(_read("lexicon.txt").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@source"):
            source = line[len("@source"):].strip()
            continue
        if line == "@also":
            relation = "also"
            continue
        if line.startswith("@lure "):
            relation, pos = "lure", (line.split()[1],) * 2
            continue
        if relation == "lure" and not line.startswith("@"):
            cue, *traps = line.split()
            lex.lures[cue] = lex.lures.get(cue, frozenset()) | frozenset(traps)
            for word in traps:
                lex.pos_of[word].add(pos[0])
            continue
        if line.startswith("@second "):
            relation = "second " + line.split()[1]
            continue
        if relation.startswith("second ") and not line.startswith("@"):
            _add_second(lex, relation.split()[1], line.split())
            continue
        if relation == "also" and not line.startswith("@"):
            word, category = line.split()
            lex.also_in[word] = lex.also_in.get(word, frozenset()) | {category}
            continue
        if line.startswith("@"):
            parts = line[1:].split()
            relation = parts[0]
            if relation not in RELATIONS:
                raise ValueError(f"lexicon.txt line {number}: unknown relation {relation!r}")
            pos = SLOT_POS.get(relation) or (parts[1], parts[1])
            extra = " ".join(parts[2:])
            continue
        words = line.split()
        if relation == "synonym":
            _add_synset(lex, words, pos, source, extra)
        elif relation == "category":
            _add_category(lex, words, extra, source)
        else:
            if len(words) != 2:
                raise ValueError(f"lexicon.txt line {number}: expected a pair, got {line!r}")
            _add_pair(lex, relation, words[0], words[1], pos, source)
    for row in _read("bands.tsv").splitlines():
        if row and not row.startswith("#"):
            word, zipf, band = row.split("\t")
            lex.zipf[word] = float(zipf)
            lex.band[word] = int(band)
    for relation, table in lex.second.items():
        unknown = sorted(w for w in table if w not in lex.pos_of)
        if unknown:
            raise ValueError(f"lexicon.txt @second {relation}: words not in the lexicon: {unknown}")
    unknown = sorted(w for w in lex.lures if w not in lex.synsets)
    if unknown:
        raise ValueError(f"lexicon.txt @lure: cues not in a synonym set: {unknown}")
    for word, extra in lex.also_in.items():
        if word not in lex.category_of or not extra <= lex.members.keys() or lex.category_of[word] in extra:
            raise ValueError(f"lexicon.txt @also: {word!r} {sorted(extra)} needs a category word and other categories")
    return lex


def _add_second(lex: Lexicon, relation: str, words: list[str]) -> None:
    table = lex.second[relation]  # KeyError on an unknown relation: a data error
    head, rest = words[0], words[1:]
    table[head] = table.get(head, frozenset()) | frozenset(rest)
    for word in rest:
        table[word] = table.get(word, frozenset()) | {head}


def _add_pair(lex: Lexicon, relation: str, a: str, b: str, pos: tuple[str, str], source: str) -> None:
    lex.entries.append(Entry(relation, a, b, pos, source))
    lex.forward[relation][a].add(b)
    if relation in SYMMETRIC:
        lex.forward[relation][b].add(a)
    lex.pos_of[a].add(pos[0])
    lex.pos_of[b].add(pos[1])


def _add_synset(lex: Lexicon, words: list[str], pos: tuple[str, str], source: str, field_name: str) -> None:
    group = frozenset(words)
    for i, a in enumerate(words):
        if a in lex.synsets:
            raise ValueError(f"lexicon.txt: {a!r} is in two synonym sets")
        lex.synsets[a] = group
        lex.field_of[a] = field_name
        lex.synset_pos[a] = pos[0]
        lex.pos_of[a].add(pos[0])
        for b in words[i + 1:]:
            lex.entries.append(Entry("synonym", a, b, pos, source, field_name))
            lex.forward["synonym"][a].add(b)
            lex.forward["synonym"][b].add(a)


def _add_category(lex: Lexicon, members: list[str], header: str, source: str) -> None:
    name, _, domain = header.partition(" ")
    lex.members[name] = list(members)
    lex.domain[name] = domain
    for member in members:
        if member in lex.category_of:
            raise ValueError(f"lexicon.txt: {member!r} is in two categories")
        lex.category_of[member] = name
        _add_pair(lex, "category", member, name, ("noun", "noun"), source)


# -- Bokmål (issue 18) -----------------------------------------------------------------------
# data/lexicon_nb.txt (same format as lexicon.txt; hand-written and reviewed) and data/bands_nb.tsv
# (frequency bands from wordfreq's Norwegian Bokmål list, bands.py nb). A word written with "_" is
# a phrase ("slå_på"): shown with a space. Kept apart from the English loader above so that both
# lexicons keep their own closure caches (a word such as "by" or "problem" is in both languages).
LEXICON_FILES = {"en": ("lexicon.txt", "bands.tsv"), "nb": ("lexicon_nb.txt", "bands_nb.tsv")}


@dataclass
class _OwnCacheLexicon(Lexicon):
    """A lexicon whose closure and neighbour caches are its own (the module caches serve English)."""

    def __post_init__(self) -> None:
        self._closures: dict[tuple[str, str], frozenset[str]] = {}
        self._links: dict[str, set[str]] = {}
        self._neighbours: dict[str, frozenset[str]] = {}

    def related(self, relation: str, word: str) -> frozenset[str]:
        key = (relation, word)
        hit = self._closures.get(key)
        if hit is None:
            hit = self._closures[key] = closure(self, relation, word)
        return hit

    def neighbours(self, word: str) -> frozenset[str]:
        hit = self._neighbours.get(word)
        if hit is None:
            if not self._links:
                for e in self.entries:
                    self._links.setdefault(e.a, set()).add(e.b)
                    self._links.setdefault(e.b, set()).add(e.a)
            hit = self._neighbours[word] = frozenset(self._links.get(word, set()) | self.syn_star(word))
        return hit


def parse_lexicon(lex: Lexicon, name: str, bands_name: str) -> Lexicon:
    """Fill `lex` from a lexicon file in the format of lexicon.txt and its bands file."""
    source = relation = ""
    pos: tuple[str, str] = ("", "")
    extra = ""
    for number, raw in enumerate(_read(name).splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@source"):
            source = line[len("@source"):].strip()
        elif line == "@also":
            relation = "also"
        elif line.startswith("@lure "):
            relation, pos = "lure", (line.split()[1],) * 2
        elif line.startswith("@second "):
            relation = "second " + line.split()[1]
        elif line.startswith("@"):
            parts = line[1:].split()
            relation = parts[0]
            if relation not in RELATIONS:
                raise ValueError(f"{name} line {number}: unknown relation {relation!r}")
            pos = SLOT_POS.get(relation) or (parts[1], parts[1])
            extra = " ".join(parts[2:])
        elif relation == "lure":
            cue, *traps = line.split()
            lex.lures[cue] = lex.lures.get(cue, frozenset()) | frozenset(traps)
            for word in traps:
                lex.pos_of[word].add(pos[0])
        elif relation.startswith("second "):
            _add_second(lex, relation.split()[1], line.split())
        elif relation == "also":
            word, category = line.split()
            lex.also_in[word] = lex.also_in.get(word, frozenset()) | {category}
        elif relation == "synonym":
            _add_synset(lex, line.split(), pos, source, extra)
        elif relation == "category":
            _add_category(lex, line.split(), extra, source)
        else:
            words = line.split()
            if len(words) != 2:
                raise ValueError(f"{name} line {number}: expected a pair, got {line!r}")
            _add_pair(lex, relation, words[0], words[1], pos, source)
    for row in _read(bands_name).splitlines():
        if row and not row.startswith("#"):
            word, zipf, band = row.split("\t")
            lex.zipf[word] = float(zipf)
            lex.band[word] = int(band)
    missing = sorted(w for w in lex.pos_of if w not in lex.band)
    if missing:
        raise ValueError(f"{bands_name}: no frequency band for {missing[:10]} (run data/bands.py)")
    for word, extra_cats in lex.also_in.items():
        if word not in lex.category_of or not extra_cats <= lex.members.keys():
            raise ValueError(f"{name} @also: {word!r} {sorted(extra_cats)} needs a category word and categories")
    return lex


@cache
def lexicon_nb() -> Lexicon:
    """The Bokmål lexicon, parsed once per process."""
    return parse_lexicon(_OwnCacheLexicon(), *LEXICON_FILES["nb"])


def lexicon_for(lang: str) -> Lexicon:
    """The lexicon of a language: Bokmål for "nb", English otherwise."""
    return lexicon_nb() if lang == "nb" else lexicon()


def shown(word: str) -> str:
    """A lexicon word as a candidate reads it: a phrase's "_" becomes a space."""
    return word.replace("_", " ")
