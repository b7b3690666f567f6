"""The Bokmål lexicon (groundwork for issue 18) keeps the integrity rules of the English one:
enough reviewed relations, one synonym set and one category per word, pairs that are pairs, and
no contradiction between relations."""

from __future__ import annotations

import re
from collections import Counter
from importlib import resources

PAIR_RELATIONS = {"antonym", "degree", "part", "collective", "tool", "maker", "workplace", "producer",
                  "cause", "young", "material", "home"}
WORD = re.compile(r"^[a-zæøåéA-ZÆØÅ][a-zæøåé\-_]*$")


def parse(by_pos: bool = False) -> tuple[dict[str, list[list[str]]], list[str]]:
    """Rows per relation ("antonym"), or per relation and part of speech ("antonym adj")."""
    text = resources.files("question_generators.verbal").joinpath("data", "lexicon_nb.txt").read_text("utf-8")
    blocks: dict[str, list[list[str]]] = {}
    sources, relation = [], None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@source"):
            sources.append(line.removeprefix("@source").strip())
        elif line.startswith("@"):
            head = line[1:].split()
            relation = " ".join(head[:2]) if by_pos else head[0]
            blocks.setdefault(relation, [])
        else:
            assert relation is not None and sources, f"entry before a source and a header: {line}"
            blocks[relation].append(line.split())
    return blocks, sources


def test_at_least_600_pairs_over_8_relation_types_with_a_source() -> None:
    blocks, sources = parse()
    assert sources and all(sources)
    pairs = {rel: len(rows) for rel, rows in blocks.items() if rel in PAIR_RELATIONS}
    pairs["synonym"] = sum(len(r) * (len(r) - 1) // 2 for r in blocks["synonym"])
    assert sum(pairs.values()) >= 600, pairs
    assert len([rel for rel, n in pairs.items() if n >= 7]) >= 8, pairs
    assert set(blocks) <= PAIR_RELATIONS | {"synonym", "category", "lure"}  # lure rows are traps, not pairs


def test_words_are_words_and_pairs_are_pairs() -> None:
    blocks, _ = parse()
    for relation, rows in blocks.items():
        for row in rows:
            assert all(WORD.match(w) for w in row), (relation, row)
            assert len(set(row)) == len(row), (relation, row)
            if relation in PAIR_RELATIONS:
                assert len(row) == 2, (relation, row)
            else:
                assert len(row) >= 2, (relation, row)


def test_one_synonym_set_and_one_category_per_word_and_no_pair_twice() -> None:
    blocks, _ = parse()
    for relation in ("synonym", "category"):
        words = Counter(w for row in blocks[relation] for w in row)
        assert not [w for w, n in words.items() if n > 1], relation
    for relation in PAIR_RELATIONS:
        seen = Counter(tuple(sorted(row)) if relation == "antonym" else tuple(row) for row in blocks[relation])
        assert not [p for p, n in seen.items() if n > 1], relation


def test_no_antonyms_inside_one_synonym_set_and_no_word_with_two_antonym_keys() -> None:
    blocks, _ = parse()
    set_of = {w: i for i, row in enumerate(blocks["synonym"]) for w in row}
    for a, b in blocks["antonym"]:
        assert a not in set_of or set_of.get(a) != set_of.get(b), (a, b)
    # Within one part of speech, a word whose antonyms are two words not of one synonym set would
    # give an antonym item two keys.
    for header, rows in parse(by_pos=True)[0].items():
        if not header.startswith("antonym"):
            continue
        opposites: dict[str, set[str]] = {}
        for a, b in rows:
            opposites.setdefault(a, set()).add(b)
            opposites.setdefault(b, set()).add(a)
        for word, others in opposites.items():
            sets = {set_of.get(o, o) for o in others}
            assert len(sets) == 1, (header, word, sorted(others))


def test_the_loader_reads_it_and_no_synonym_is_also_stronger_or_weaker() -> None:
    """lexicon_nb() parses the file with its bands; a synonym pair that is also a degree pair
    (pen -> vakker beside "vakker pen") would make a synonym item's key a 'stronger form'."""
    from question_generators.verbal.lexicon import lexicon_nb
    from question_generators.verbal.meaning import degree_neighbours

    lex = lexicon_nb()
    assert len(lex.entries) >= 600 and set(lex.band) >= set(lex.pos_of)
    near = degree_neighbours("nb")
    clashes = sorted((w, o) for w in lex.synsets for o in lex.synsets[w] - {w} if o in near.get(w, ()))
    assert not clashes, clashes
    counts = Counter(e.relation for e in lex.entries)
    assert len([r for r, n in counts.items() if n >= 7]) >= 8, counts
