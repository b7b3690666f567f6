"""Layout audit of generated SVG: element bounding boxes, text boxes from font metrics, and the
rules of issue 15 (no text outside the viewBox or over another element, no figure element under
24 px, hatch lines at least 4 px apart).

Text boxes use the advance widths of the sans-serif faces the figures name (DejaVu Sans, Arial,
Helvetica: at most 0.72 em for capitals, 0.62 em for lower case and digits, 1.0 em for arrows;
bold 8 % wider), the ascent 0.76 em above the baseline and the descent 0.24 em below it: an
upper bound of the box the browser draws."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

NS = "{http://www.w3.org/2000/svg}"
_TRANSLATE = re.compile(r"translate\(\s*([-\d.]+)[ ,]+([-\d.]+)\s*\)")
MIN_FIGURE = 24.0
MIN_HATCH_GAP = 4.0


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    tag: str

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    def overlaps(self, other: Box, eps: float = 0.5) -> bool:
        return (self.x0 < other.x1 - eps and other.x0 < self.x1 - eps
                and self.y0 < other.y1 - eps and other.y0 < self.y1 - eps)

    def inside(self, other: Box, eps: float = 0.01) -> bool:
        return (other.x0 - eps <= self.x0 and self.x1 <= other.x1 + eps
                and other.y0 - eps <= self.y0 and self.y1 <= other.y1 + eps)


def char_width(ch: str) -> float:
    """Upper bound of a character's advance, in em."""
    if ch == " ":
        return 0.32
    if ch in "\u2190\u2191\u2192\u2193\u2196\u2197\u2198\u2199":
        return 1.0
    if ch.isupper():
        return 0.72
    return 0.62


def text_box(el: ET.Element, dx: float, dy: float) -> Box:
    size = float(el.get("font-size", "16"))
    text = el.text or ""
    width = sum(char_width(c) for c in text) * size * (1.08 if el.get("font-weight") == "bold" else 1.0)
    x = float(el.get("x", "0")) + dx
    y = float(el.get("y", "0")) + dy
    anchor = el.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    return Box(left, y - 0.76 * size, left + width, y + 0.24 * size, "text")


def _shape_box(el: ET.Element, tag: str, dx: float, dy: float) -> Box | None:
    if tag == "rect":
        x, y = float(el.get("x", "0")) + dx, float(el.get("y", "0")) + dy
        return Box(x, y, x + float(el.get("width", "0")), y + float(el.get("height", "0")), tag)
    if tag == "circle":
        cx, cy, r = (float(el.get(k, "0")) for k in ("cx", "cy", "r"))
        return Box(cx + dx - r, cy + dy - r, cx + dx + r, cy + dy + r, tag)
    if tag == "polygon":
        pts = [tuple(map(float, p.split(","))) for p in (el.get("points") or "").split()]
        xs, ys = [p[0] + dx for p in pts], [p[1] + dy for p in pts]
        return Box(min(xs), min(ys), max(xs), max(ys), tag)
    if tag == "line":
        x1, y1, x2, y2 = (float(el.get(k, "0")) for k in ("x1", "y1", "x2", "y2"))
        return Box(min(x1, x2) + dx, min(y1, y2) + dy, max(x1, x2) + dx, max(y1, y2) + dy, tag)
    return None


def boxes(svg: str) -> tuple[Box, list[Box], list[Box]]:
    """(the viewBox, the boxes of the drawn shapes, the boxes of the texts); defs are skipped."""
    root = ET.fromstring(svg)
    vb = [float(v) for v in (root.get("viewBox") or "0 0 0 0").split()]
    shapes: list[Box] = []
    texts: list[Box] = []

    def walk(el: ET.Element, dx: float, dy: float) -> None:
        tag = el.tag.replace(NS, "")
        if tag in ("defs", "title", "pattern"):
            return
        found = _TRANSLATE.search(el.get("transform", ""))
        if found:
            dx, dy = dx + float(found.group(1)), dy + float(found.group(2))
        if tag == "text":
            texts.append(text_box(el, dx, dy))
        else:
            box = _shape_box(el, tag, dx, dy)
            if box is not None:
                shapes.append(box)
        for child in el:
            walk(child, dx, dy)

    walk(root, 0.0, 0.0)
    return Box(vb[0], vb[1], vb[0] + vb[2], vb[1] + vb[3], "viewBox"), shapes, texts


def hatch_gaps(svg: str) -> list[float]:
    """The white between neighbouring lines of every hatch pattern (pattern size minus stroke)."""
    root = ET.fromstring(svg)
    gaps = []
    for pattern in root.iter(f"{NS}pattern"):
        size = min(float(pattern.get("width", "0")), float(pattern.get("height", "0")))
        for line in pattern.iter(f"{NS}line"):
            gaps.append(size - float(line.get("stroke-width", "1")))
    return gaps


def layout_problems(svg: str) -> list[str]:
    """Every breach of the drawing rules in one SVG, as readable lines."""
    view, shapes, texts = boxes(svg)
    problems = []
    for t in texts:
        if not t.inside(view):
            problems.append(f"text outside the viewBox at ({t.x0:.0f}, {t.y0:.0f})")
        for s in shapes:
            if t.overlaps(s) and not t.inside(s):  # a frame behind the text is fine, an edge is not
                problems.append(f"text at ({t.x0:.0f}, {t.y0:.0f}) over a {s.tag} at ({s.x0:.0f}, {s.y0:.0f})")
        for u in texts:
            if u is not t and t.overlaps(u):
                problems.append(f"two texts overlap at ({t.x0:.0f}, {t.y0:.0f})")
    for s in shapes:
        if not s.inside(view):
            problems.append(f"{s.tag} outside the viewBox at ({s.x0:.0f}, {s.y0:.0f})")
        if s.tag != "line" and min(s.w, s.h) < MIN_FIGURE - 1e-6:
            problems.append(f"{s.tag} of {s.w:.1f} x {s.h:.1f} px (under {MIN_FIGURE:.0f} px)")
    for gap in hatch_gaps(svg):
        if gap < MIN_HATCH_GAP:
            problems.append(f"hatch lines {gap:.1f} px apart (under {MIN_HATCH_GAP:.0f} px)")
    return problems
