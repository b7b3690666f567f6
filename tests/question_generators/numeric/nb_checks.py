"""What the Bokmål numerical tests share (issue 18): a checked nb sample, numbers written the
Norwegian way, the option-only cue audit on nb items (options read back as English digits for
the audit's number reader) and calibration of nb items."""

from __future__ import annotations

import dataclasses
import re
import statistics
from collections.abc import Mapping, Sequence

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Item
from question_generators.numeric.common import KRONER_PER_POUND, NBSP
from question_generators.registry import difficulty_range, get_generator, make_item
from tests.question_generators.bokmal import english_left, level, texts_of
from tests.question_generators.realism import assert_no_cues, distinct_share, sweep_levels

# Words of the English templates and mistakes that cannot be Bokmål (short Norwegian words such as
# "by", "for", "til", "om" and "under" are left out on purpose).
ENGLISH = re.compile(
    r"\b(the|what|which|how|much|many|is|are|was|of|and|an|per cent|percentage|price|cost|costs|"
    r"after|before|each|than|instead|added|subtracted|multiplied|divided|forgot|took|used|gave|"
    r"answer|calculate|work out|number|series|term|pounds|pence|miles|hours|minutes|litres|staff|"
    r"increase|decrease|discount|profit|share|ratio|sale|rise|rises|fell|about)\b", re.I)
# English number forms: a group comma (1,250 with three digits after it and no decimal comma
# elsewhere is checked by the family tests), a decimal point between digits, the pound sign.
DECIMAL_POINT = re.compile(r"\d\.\d")
PLAIN_SPACE_GROUP = re.compile(r"\d \d{3}(?!\d)")
_TO_EN = str.maketrans({NBSP: ",", ",": "."})
BARE_PERCENT = re.compile(r"\d%")
HYPHEN_MINUS = re.compile(r"(?<![\w\d])-\s?\d")  # a minus written with a hyphen


def nb_sample(family: str, n: int, step: int = 1) -> list[Item]:
    """`n` checked Bokmål items of `family` over the sweep -3..+3 (every `step`-th seed)."""
    return [make_item(family, level(seed), seed, lang="nb") for seed in range(0, n * step, step)]


def number_problems(item: Item, decimal_point_ok: re.Pattern[str] | None = None) -> list[str]:
    """The texts of an nb item that write a number the English way, or use ÷ or £."""
    problems = []
    for text in texts_of(item):
        checked = decimal_point_ok.sub("", text) if decimal_point_ok else text
        if ("÷" in text or "£" in text or HYPHEN_MINUS.search(text) or DECIMAL_POINT.search(checked)
                or PLAIN_SPACE_GROUP.search(text) or BARE_PERCENT.search(text)):
            problems.append(text)
    return problems


def as_english_digits(item: Item) -> Item:
    """The item with its options in English digits ('1 234,5 kr' -> '1,234.5 kr'), for the cue
    audit, whose number reader knows English digits only (a one-to-one swap of the separators,
    so the audit's likeness of texts is the likeness the candidate sees)."""
    options = tuple(dataclasses.replace(o, text=o.text.translate(_TO_EN)) for o in item.options)
    return dataclasses.replace(item, options=options)


def assert_no_cues_nb(family: str, n: int = 2000) -> None:
    """The English audit (2,000 items over -3..+3, 5 points, letters within 3, 95 % distinct
    content) on nb items."""
    levels = sweep_levels()
    items = [make_item(family, levels[i % len(levels)], i, lang="nb") for i in range(n)]
    assert_no_cues([as_english_digits(i) for i in items], margin=0.05, letter_margin=0.03)
    assert distinct_share(items) >= 0.95  # no repeats: distinct content, as in English


def calibration_nb(family: str, levels: Sequence[float] = (-2.0, 0.0, 2.0),
                   n: int = 40) -> dict[float, tuple[float, float]]:
    low, high = difficulty_range(family)
    result = {}
    for lv in levels:
        asked = min(high, max(low, lv))
        bs = [make_item(family, asked, 10_000 + i, lang="nb").difficulty for i in range(n)]
        result[lv] = (statistics.fmean(bs), statistics.pstdev(bs))
    return result


def assert_calibrated_nb(family: str, tol: float = 0.3, max_sd: float = 0.5) -> None:
    low, high = difficulty_range(family)
    for lv, (mean, sd) in calibration_nb(family).items():
        asked = min(high, max(low, lv))
        assert abs(mean - asked) <= tol and sd < max_sd, (family, lv, mean, sd)


def assert_mirrors_english(family: str, items: Sequence[Item], count: int = 600,
                           money: Mapping[str, tuple[str, ...]] | None = None) -> None:
    """Bokmål items draw the same numbers as English: the same key position, b and question (the
    option set may differ: which mistakes are shown depends on how alike the texts look). `money`
    names each kind's money quantities, which Bokmål shows KRONER_PER_POUND times as large."""
    def same(item: Item, scale: float = 1) -> tuple:
        params = {k: v for k, v in item.params.items() if k not in ("show", "content", "once")}
        fields = (money or {}).get(str(params.get("kind")), ())
        if fields:
            params["q"] = {k: v * scale if k in fields else v for k, v in params["q"].items()}
        return item.key, item.difficulty, params

    for seed, nb in enumerate(items[:count]):
        en = make_item(family, level(seed), seed)
        assert nb.lang == "nb" and nb.id.endswith("@nb")
        assert same(nb) == same(en, KRONER_PER_POUND), nb.id


def assert_norwegian(items: Sequence[Item], decimal_point_ok: re.Pattern[str] | None = None) -> None:
    for item in items:
        assert not english_left(item, ENGLISH), english_left(item, ENGLISH)
        assert not number_problems(item, decimal_point_ok), number_problems(item, decimal_point_ok)


def assert_corruption_caught(family: str, items: Sequence[Item], count: int = 300) -> None:
    """A moved key is caught, and so is a grouped key written with English digits ('19,000' for
    '19 000', which Bokmål reads as 19): check() reads the options as Bokmål."""
    generator = get_generator(family, "nb")
    for item in items[:count]:
        generator.check(item)
        with pytest.raises(ItemCheckError):
            generator.check(dataclasses.replace(item, key=(item.key + 1) % len(item.options)))
        key_text = item.options[item.key].text
        english = key_text.translate(_TO_EN)
        if re.search(r"\d\u00a0\d", key_text):  # a grouped key in English digits: 12,500 reads 12,5
            wrong = list(item.options)
            wrong[item.key] = dataclasses.replace(wrong[item.key], text=english)
            with pytest.raises(ItemCheckError):
                generator.check(dataclasses.replace(item, options=tuple(wrong)))


def _words(value: object) -> set[str]:
    if isinstance(value, str):
        return set(re.findall(r"[a-zæøå]{3,}", re.sub(r"\{[^}]*\}", " ", value.lower())))
    if isinstance(value, dict):
        return set().union(*map(_words, value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*map(_words, value)) if value else set()
    return set()


def english_catalogue(family_key: str) -> set[str]:
    """The words of a family's English phrase table that its Bokmål table does not use: none of
    them may appear in a rendered nb item (issue 18: scan the output against the English text)."""
    from question_generators.base import load_phrases
    from question_generators.numeric.common import PACKAGE, phrases

    if family_key in ("series", "arithmetic"):  # in phrases.toml
        english, bokmal = load_phrases(PACKAGE)["en"][family_key], load_phrases(PACKAGE)["nb"][family_key]
    else:
        english, bokmal = load_phrases(PACKAGE, "numerical.toml")["en"][family_key], phrases(family_key, "nb")
    return _words(english) - _words(bokmal)


def catalogue_leaks(items: Sequence[Item], family_key: str) -> list[tuple[str, str]]:
    vocabulary = english_catalogue(family_key)
    return [(word, text) for item in items for text in texts_of(item) for word in _words(text) & vocabulary]
