"""What the Bokmål item tests share: a sweep of requested difficulties and the texts of an item
that must read as Norwegian (no English word left in prompt, options, explanation or mistakes)."""

from __future__ import annotations

import re

from question_generators.item import Item


def level(seed: int) -> float:
    """The requested difficulty of seed number `seed` in a sweep over -3..+3 (61 steps)."""
    return round(-3 + 6 * (seed % 61) / 60, 2)


def texts_of(item: Item) -> list[str]:
    return [item.prompt, item.explanation, *(o.text for o in item.options), *(o.mistake or "" for o in item.options)]


def english_left(item: Item, words: re.Pattern[str]) -> list[str]:
    """The texts of the item in which one of the English `words` is found."""
    return [text for text in texts_of(item) if words.search(text)]
