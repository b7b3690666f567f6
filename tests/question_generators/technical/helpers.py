"""Shared assertions for the technical families' figures."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from question_generators.figures import Svg, figure_from_dict
from question_generators.item import Item

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_texts(item: Item) -> set[str]:
    """Every <text> label of the item's SVG (the SVG must parse as XML)."""
    assert isinstance(item.figure, Svg)
    root = ET.fromstring(item.figure.svg)
    assert root.tag == f"{SVG_NS}svg"
    return {"".join(node.itertext()).strip() for node in root.iter(f"{SVG_NS}text")}


def assert_figure_renders(item: Item) -> None:
    """The figure renders as terminal text and HTML, round-trips through JSON, and has alt text."""
    figure = item.figure
    assert isinstance(figure, Svg)
    assert figure.to_text().strip() and figure.alt.strip()
    html = figure.to_html()
    assert html.startswith("<figure") and "<svg" in html
    assert figure_from_dict(figure.to_dict()) == figure
    svg_texts(item)


def assert_labels_in_figure(item: Item, pattern: str) -> None:
    """Each label the question or its options name (captured by `pattern`) is drawn in the SVG
    and written in the text description."""
    named = set(re.findall(pattern, item.prompt))
    for option in item.options:
        named |= set(re.findall(pattern, option.text))
    labels = svg_texts(item)
    text = item.figure.to_text() if item.figure else ""
    for label in named:
        assert any(label == t or t.startswith(f"{label} ") for t in labels), (item.id, label, labels)
        assert re.search(rf"\b{re.escape(label)}\b", text), (item.id, label, text)
