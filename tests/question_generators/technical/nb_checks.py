"""What the Bokmål tests of the technical families share: the English twin of an nb item, the
drawing with its words taken out (to compare the figures of the two languages), and every text
of an item a candidate reads, the SVG's labels included."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from question_generators.item import Item
from question_generators.registry import make_item
from tests.question_generators.bokmal import level, texts_of
from tests.question_generators.svg_boxes import NS

# the words of a drawing (labels, its title) and the arrowhead's id, which hashes the drawing
_WORDS = re.compile(r"<title>.*?</title>|<text[^>]*>.*?</text>|arrow-[0-9a-f]+")


def pair(family: str, seed: int) -> tuple[Item, Item]:
    """(nb, en) items of one seed at the sweep's level for that seed."""
    return make_item(family, level(seed), seed, lang="nb"), make_item(family, level(seed), seed)


def bare(svg: str) -> str:
    """The drawing without its words: what must be the same in both languages."""
    return _WORDS.sub("", svg)


def tags(svg: str) -> list[str]:
    return [node.tag for node in ET.fromstring(svg).iter()]


def labels(item: Item) -> list[str]:
    assert item.figure is not None
    return ["".join(node.itertext()) for node in ET.fromstring(item.figure.svg).iter(f"{NS}text")]


def all_texts(item: Item) -> list[str]:
    """Prompt, explanation, options, named mistakes, the figure's text and alt, and its labels."""
    assert item.figure is not None
    return [*texts_of(item), item.figure.to_text(), item.figure.alt, *labels(item)]


def english_left(item: Item, words: re.Pattern[str]) -> list[str]:
    return [text for text in all_texts(item) if words.search(text)]
