"""The curated lexicon: integrity of the shipped data (sizes, symmetry, no contradictions, sources)."""

from __future__ import annotations

from collections import Counter

from question_generators.verbal.lexicon import RELATIONS, lexicon


def test_size_and_relation_types() -> None:
    lex = lexicon()
    counts = Counter(e.relation for e in lex.entries)
    assert sum(counts.values()) >= 1500
    assert len(counts) >= 10
    assert set(counts) <= set(RELATIONS)
    assert {"synonym", "antonym", "category", "part", "tool", "maker", "workplace", "degree", "cause", "young",
            "material"} <= set(counts)


def test_every_entry_has_a_source_and_every_word_a_band() -> None:
    lex = lexicon()
    assert all(e.source.strip() for e in lex.entries)
    words = {w for e in lex.entries for w in (e.a, e.b)}
    assert all(w in lex.band and lex.band[w] in (1, 2, 3, 4) for w in words)
    assert all(e.pos[0] in {"noun", "verb", "adj", "adv"} and e.pos[1] in {"noun", "verb", "adj", "adv"}
               for e in lex.entries)


def test_no_duplicate_or_self_pairs() -> None:
    lex = lexicon()
    seen = Counter((e.relation, *sorted((e.a, e.b))) for e in lex.entries)
    assert [pair for pair, n in seen.items() if n > 1] == []
    assert [e for e in lex.entries if e.a == e.b] == []


def test_synonyms_and_antonyms_are_symmetric() -> None:
    lex = lexicon()
    for relation in ("synonym", "antonym"):
        for a, targets in lex.forward[relation].items():
            for b in targets:
                assert a in lex.forward[relation][b], (relation, a, b)
                assert a in lex.related(relation, b) and b in lex.related(relation, a)


def test_no_word_is_both_synonym_and_antonym_of_another() -> None:
    lex = lexicon()
    words = {w for e in lex.entries for w in (e.a, e.b)}
    for word in words:
        assert not (lex.related("synonym", word) & lex.related("antonym", word)), word
        assert word not in lex.related("antonym", word)


def test_each_word_has_one_synonym_set_and_one_category() -> None:
    lex = lexicon()
    for word, group in lex.synsets.items():
        assert word in group and all(lex.synsets[w] is group for w in group)
    members = [m for ms in lex.members.values() for m in ms]
    assert len(members) == len(set(members))
    assert all(len(ms) >= 4 for ms in lex.members.values() if ms is not lex.members.get("cutlery"))


def test_degree_chains_go_one_way() -> None:
    lex = lexicon()
    for word in lex.forward["degree"]:
        assert word not in lex.related("degree", word), f"degree cycle through {word}"


# Pairs removed in the review of 2026-11 because they hold only loosely or in a rare sense: a lake
# is not a weaker sea (many lakes are larger than seas), a smile is no weak laugh, a butcher does
# not make meat, an eruption does not cause lava.
REJECTED = {("degree", "lake", "sea"), ("degree", "smile", "laugh"), ("maker", "butcher", "meat"),
            ("cause", "eruption", "lava")}


def test_rejected_pairs_stay_out() -> None:
    pairs = {(e.relation, e.a, e.b) for e in lexicon().entries}
    assert not REJECTED & pairs


def test_second_senses_are_in_the_lexicon_and_read_both_ways() -> None:
    lex = lexicon()
    for relation in ("synonym", "antonym"):
        table = lex.second[relation]
        assert table
        for word, others in table.items():
            assert word in lex.pos_of
            for other in others:
                assert word in lex.second_sense(relation, other)
    assert "honest" in lex.second_sense("synonym", "frank")  # frank ~ honest: never filler for FRANK
    assert "calm" in lex.second_sense("antonym", "rough")
    assert "kind" in lex.second_sense("antonym", "harsh")  # harsh words / kind words
    assert "keep" in lex.second_sense("antonym", "lose")  # lose or keep your keys
    assert "decrease" in lex.second_sense("antonym", "rise")  # prices rise / decrease


def test_core_antonyms_are_present() -> None:
    """A slip in the review (2026-11) deleted "heavy light" with a data edit: the everyday pairs stay."""
    lex = lexicon()
    for a, b in (("heavy", "light"), ("hot", "cold"), ("big", "small"), ("rough", "smooth")):
        assert b in lex.related("antonym", a), (a, b)
