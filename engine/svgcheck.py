"""SVG figures from a test-set file are untrusted: only drawing elements and attributes pass, so a
booklet, key, report or QTI/Moodle package never carries script, event handlers, foreign content,
external references or entities.

An allowlist, not a blocklist: every element our generators draw with (and a few more drawing
elements) in the SVG namespace; any attribute except event handlers (on*), with links and url()
references only to ids in the same figure; no DOCTYPE, entity, CDATA, comment or processing
instruction, since a browser's HTML parser reads those differently from an XML parser."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "marker", "pattern", "style", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "symbol", "use",
})
MAX_SVG_CHARS = 2_000_000
_LOCAL_URL = re.compile(r"url\(\s*(['\"]?)#[\w.:-]+\1\s*\)", re.IGNORECASE)
_ANY_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_BAD_TEXT = re.compile(r"javascript:|vbscript:|data:|@import|expression\s*\(|\\", re.IGNORECASE)


def svg_problem(markup: str) -> str | None:
    """Why this SVG figure is refused, or None when it is plain drawing."""
    if len(markup) > MAX_SVG_CHARS:
        return f"the drawing is longer than {MAX_SVG_CHARS:,} characters"
    if "<!" in markup:
        return "a DOCTYPE, entity, CDATA section or comment (<!...) is not allowed in a drawing"
    if "<?" in markup.replace('<?xml version="1.0" encoding="UTF-8"?>', "", 1):
        return "a processing instruction (<?...?>) is not allowed in a drawing"
    try:
        root = ET.fromstring(markup)
    except ET.ParseError as exc:
        return f"the drawing is not well-formed SVG ({exc})"
    if root.tag != SVG_NS + "svg":
        return "the drawing must be one <svg> element in the SVG namespace"
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag.startswith(SVG_NS) or tag[len(SVG_NS):] not in ELEMENTS:
            return f"the element <{_short(tag)}> is not allowed in a drawing"
        for name, value in element.attrib.items():
            problem = _attribute_problem(name, value)
            if problem:
                return f"<{tag[len(SVG_NS):]}> {problem}"
        if tag == SVG_NS + "style" and element.text and _text_problem(element.text):
            return f"<style> {_text_problem(element.text)}"
    return None


def _attribute_problem(name: str, value: str) -> str | None:
    local = name.rsplit("}", 1)[-1].lower()
    if local.startswith("on"):
        return f"has the event-handler attribute {local!r}"
    if name.startswith("{") and name != XLINK_HREF and not name.startswith("{http://www.w3.org/XML/1998"):
        return f"has the foreign attribute {_short(name)!r}"
    if local == "href" and not value.strip().startswith("#"):
        return f"links outside the drawing ({_short(value)!r})"
    return _text_problem(value)


def _text_problem(text: str) -> str | None:
    if _BAD_TEXT.search(text):
        return f"holds {_short(_BAD_TEXT.search(text).group(0))!r}"  # type: ignore[union-attr]
    if len(_ANY_URL.findall(text)) != len(_LOCAL_URL.findall(text)):
        return "refers to something outside the drawing (url() must name an id: url(#id))"
    return None


def _short(text: str) -> str:
    text = text.replace(SVG_NS, "")
    return text if len(text) <= 40 else text[:37] + "..."
