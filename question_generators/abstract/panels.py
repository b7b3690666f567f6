"""Figure panels shared by the abstract families: attributes, names, SVG and text rendering.

A panel is a tuple of attribute values, one per *slot* of its mode. Modes with one object:

    single    shape, size, shading          one figure in the centre
    turn      rotation, size, shading       one arrow, pointing in one of 8 directions
    number    count, shape, shading         1-9 small figures in a fixed dice-like layout
    position  position, shape, shading      small figures on a 3x3 grid (a 9-bit mask)

and with two objects (the RAVEN "out-in" and "left-right" configurations), each object with
attributes of its own, so that two rules can act on different objects:

    nested    shape, shading, shape_in, shading_in          a small figure inside a large one
    dial      shape, shading, rotation_in                   an arrow turning inside a figure
    overlap   shape, shading, shape_right, shading_right    two figures, the right one in front

A slot's *kind* (shape, size, shading, rotation, count, position) sets its values and rules.
Shadings are empty, hatched, grey and solid: black-and-white patterns that stay distinct in
print and for colour-blind readers; the only colour is the Okabe-Ito blue of the "?" cell.
Every figure is at least 24 px across at 100 % and hatch lines are 8 px apart (6.5 px of white
between them). SVG is built with plain string formatting from cached point strings (speed).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from question_generators.base import phrases_for

PACKAGE = "question_generators.abstract"
MODES: dict[str, tuple[str, ...]] = {
    "single": ("shape", "size", "shading"),
    "turn": ("rotation", "size", "shading"),
    "number": ("count", "shape", "shading"),
    "position": ("position", "shape", "shading"),
    "nested": ("shape", "shading", "shape_in", "shading_in"),
    "dial": ("shape", "shading", "rotation_in"),
    "overlap": ("shape", "shading", "shape_right", "shading_right"),
}
OBJECTS = {"single": 1, "turn": 1, "number": 1, "position": 1, "nested": 2, "dial": 2, "overlap": 2}
MULTI = frozenset({"number", "position"})  # several identical figures per cell
_KIND = {"shape_in": "shape", "shading_in": "shading", "rotation_in": "rotation",
         "shape_right": "shape", "shading_right": "shading"}


def kind(slot: str) -> str:
    """The attribute kind of a slot (shape_in is a shape, and so on)."""
    return _KIND.get(slot, slot)


# Every attribute's values: ordinal kinds are integers in [lo, hi]; rotation is cyclic (mod 8);
# position is a non-empty 9-bit mask over the cells 0..8 of a 3x3 grid (row-major).
BOUNDS = {"shape": (0, 4), "size": (0, 4), "shading": (0, 3), "rotation": (0, 7),
          "count": (1, 9), "position": (1, 511)}
RING = (0, 1, 2, 5, 8, 7, 6, 3)  # the 8 frame cells clockwise from the top-left; 4 is the centre
# Dice-like layouts for 1-9 figures (cells of the 3x3 grid).
LAYOUTS = {1: (4,), 2: (0, 8), 3: (0, 4, 8), 4: (0, 2, 6, 8), 5: (0, 2, 4, 6, 8),
           6: (0, 2, 3, 5, 6, 8), 7: (0, 2, 3, 4, 5, 6, 8), 8: (0, 1, 2, 3, 5, 6, 7, 8),
           9: tuple(range(9))}
GLYPHS = "\u2191\u2197\u2192\u2198\u2193\u2199\u2190\u2196"  # arrows for the 8 directions

Panel = tuple[int, ...]


@cache
def names(lang: str = "en") -> dict[str, Any]:
    return phrases_for(PACKAGE, lang)["names"]


@cache
def rotate_mask(mask: int, k: int) -> int:
    """Turn a position mask k places clockwise around the frame (the centre stays)."""
    out = mask & 16
    for i, cell in enumerate(RING):
        if mask >> cell & 1:
            out |= 1 << RING[(i + k) % 8]
    return out


def cells_of(mask: int) -> list[int]:
    return [c for c in range(9) if mask >> c & 1]


@cache
def mask_map(mask: int, sep: str = "/") -> str:
    """A position mask as 'x.x/.x./..x' (rows top to bottom)."""
    rows = ("".join("x" if mask >> (3 * r + c) & 1 else "." for c in range(3)) for r in range(3))
    return sep.join(rows)


def slot_name(mode: str, slot: str, lang: str = "en", plural: bool = False) -> str:
    """What a slot is called in explanations ("the inner figure's shape" in nested mode)."""
    n = names(lang)
    table = n.get(f"attribute_{mode}", {})
    if slot in table:
        return table[slot] if not plural else n.get(f"attribute_plural_{mode}", {}).get(slot, table[slot])
    return n["attribute_plural" if plural else "attribute"][kind(slot)]


# -- words ------------------------------------------------------------------------------------
def value_name(attr: str, value: int, lang: str = "en") -> str:
    """One attribute value in words (used in explanations); `attr` is a kind or a slot."""
    n = names(lang)
    attr = kind(attr)
    if attr == "rotation":
        return f"{n['direction'][value]} {GLYPHS[value]}"
    if attr == "count":
        return str(value)
    if attr == "position":
        return mask_map(value)
    return n[attr][value]


@cache
def describe(mode: str, panel: Panel, lang: str = "en") -> str:
    """A panel in one line: the option text and the alt text use this."""
    n = names(lang)
    d = phrases_for(PACKAGE, lang)["describe"]
    if mode == "single":
        shape, size, shading = panel
        return d["single"].format(size=n["size"][size], shading=n["shading"][shading], shape=n["shape"][shape])
    if mode == "turn":
        rot, size, shading = panel
        return d["turn"].format(size=n["size"][size], shading=n["shading"][shading],
                                direction=n["direction"][rot], glyph=GLYPHS[rot])
    if mode in ("nested", "overlap"):
        shape, shading, shape2, shading2 = panel
        return d[mode].format(shape=n["shape"][shape], shading=n["shading"][shading],
                              shape2=n["shape"][shape2], shading2=n["shading"][shading2])
    if mode == "dial":
        shape, shading, rot = panel
        return d["dial"].format(shape=n["shape"][shape], shading=n["shading"][shading],
                                direction=n["direction"][rot], glyph=GLYPHS[rot])
    first, shape, shading = panel
    count = first if mode == "number" else first.bit_count()
    key = mode + ("_one" if count == 1 else "")
    shades = n["shading"] if count == 1 else n.get("shading_plural", n["shading"])  # tre skraverte trekanter
    return d[key].format(count=count, shading=shades[shading], shape=n["shape"][shape],
                         shapes=n["shape_plural"][shape], map=mask_map(first))


@cache
def text_cell(mode: str, panel: Panel | None, lang: str = "en", narrow: bool = False) -> tuple[str, ...]:
    """A panel as a few short lines for the terminal grid (None: the missing cell); `narrow`
    puts one word per line (at most 9 characters) so that six panels fit in a terminal row."""
    n = names(lang)
    if panel is None:
        return ("", "  ?")
    if mode in ("single", "turn"):
        first, size, shading = panel
        last = n["shape"][first] if mode == "single" else f"{n['arrow']} {GLYPHS[first]}"
        if narrow:
            return n["size"][size], n["shading"][shading], last
        if mode == "turn":
            last = f"{last} {n['direction'][first]}"
        return f"{n['size'][size]} {n['shading'][shading]}", last
    if mode in ("nested", "overlap"):
        shape, shading, shape2, shading2 = panel
        first, second = n["text_parts"][mode]
        if narrow:
            return (first, n["shading"][shading], n["shape"][shape],
                    second, n["shading"][shading2], n["shape"][shape2])
        return (f"{first} {n['shading'][shading]} {n['shape'][shape]}",
                f"{second} {n['shading'][shading2]} {n['shape'][shape2]}")
    if mode == "dial":
        shape, shading, rot = panel
        arrow = f"{n['arrow']} {GLYPHS[rot]}"
        if narrow:
            return n["shading"][shading], n["shape"][shape], n["text_parts"]["dial"], arrow
        return (f"{n['shading'][shading]} {n['shape'][shape]}",
                f"{n['text_parts']['dial']} {GLYPHS[rot]} {n['direction'][rot]}")
    first, shape, shading = panel
    mask = sum(1 << c for c in LAYOUTS[first]) if mode == "number" else first
    grid = tuple(" ".join("x" if mask >> (3 * r + c) & 1 else "." for c in range(3)) for r in range(3))
    count = first if mode == "number" else mask.bit_count()
    word = n["shape"][shape] if count == 1 else n["shape_plural"][shape]
    shade = (n["shading"] if count == 1 else n.get("shading_plural", n["shading"]))[shading]
    if narrow:
        top = f"{first} {shade}" if mode == "number" else shade
        return (*grid, top, word)
    if mode == "number":
        return (*grid, f"{first} {shade} {word}")
    return (*grid, f"{shade} {word}")


def text_row(mode: str, panels: Sequence[Panel | None], lang: str = "en", width: int = 22,
             labels: Sequence[str] | None = None) -> str:
    """Panels side by side in boxes, for the terminal (one word per line when width < 20)."""
    blocks = [text_cell(mode, p, lang, width < 20) for p in panels]
    height = max(len(b) for b in blocks)
    rule = "+" + "+".join("-" * (width + 2) for _ in blocks) + "+"
    lines = [rule]
    if labels is not None:
        lines.append("| " + " | ".join(label.ljust(width) for label in labels) + " |")
    for i in range(height):
        lines.append("| " + " | ".join((b[i] if i < len(b) else "").ljust(width) for b in blocks) + " |")
    lines.append(rule)
    return "\n".join(lines)


# -- SVG --------------------------------------------------------------------------------------
CELL = 112
INK = "#1a1a1a"
BLUE = "#0072B2"  # Okabe-Ito blue: the only colour, for the missing cell's frame
HATCH = 8  # px between hatch lines: with a 1.5 px line, 6.5 px of white between them
# Darkness rises with the shading index: hatching covers about 19 % of the area, grey is 48 %.
FILLS = ('fill="#ffffff"', 'fill="url(#sr-hatch)"', 'fill="#858585"', f'fill="{INK}"')
# Radius per size level (single and turn modes): the smallest triangle is 24 px tall.
SIZES = (16.0, 22.0, 28.0, 34.0, 40.0)
SMALL = 16.0  # radius in the number and position modes
SUB = 34  # distance between the cells of the 3x3 sub-grid
OUTER, INNER, ARROW_IN = 44.0, 18.0, 20.0  # nested and dial modes
SIDE, SIDE_DX = 27.0, 20.0  # overlap mode: radius, and each figure's offset from the centre
DEFS = (f'<defs><pattern id="sr-hatch" width="{HATCH}" height="{HATCH}" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="{HATCH}" height="{HATCH}" fill="#ffffff"/>'
        f'<line x1="1" y1="0" x2="1" y2="{HATCH}" stroke="{INK}" stroke-width="1.5"/></pattern></defs>')
_SHAPE_ANGLES = {0: 3, 1: 4, 2: 5, 3: 6}  # polygon sides per shape index (4 = circle)
_ARROW = ((0.0, -1.0), (0.75, -0.2), (0.34, -0.2), (0.34, 1.0), (-0.34, 1.0), (-0.34, -0.2), (-0.75, -0.2))
HALO = 'stroke="#ffffff" stroke-width="6"'  # a white band that keeps a front figure's outline visible


@cache
def _points(shape: int, radius: float, rotation: int) -> str:
    """Polygon points around (0, 0): shape index 0-3, or -1 for the arrow; rotation in 45° steps."""
    if shape < 0:
        unit = list(_ARROW)
    else:
        sides = _SHAPE_ANGLES[shape]
        start = -math.pi / 2 + (math.pi / 4 if sides == 4 else 0.0)
        unit = [(math.cos(start + 2 * math.pi * i / sides), math.sin(start + 2 * math.pi * i / sides))
                for i in range(sides)]
        if sides == 4:
            unit = [(x * 1.07, y * 1.07) for x, y in unit]  # side 1.51 r, as tall as the triangle
        elif sides == 3:
            unit = [(x, y + 0.25) for x, y in unit]  # centre the triangle's box, not its centroid
    angle = rotation * math.pi / 4  # clockwise on screen (y points down)
    c, s = math.cos(angle), math.sin(angle)
    return " ".join(f"{radius * (x * c - y * s):.1f},{radius * (x * s + y * c):.1f}" for x, y in unit)


def _figure(shape: int, radius: float, shading: int, rotation: int, x: float, y: float, halo: bool = False) -> str:
    fill = FILLS[shading]
    if shape == 4:
        one = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius * 0.92:.1f}" {{}}/>'
    else:
        one = f'<polygon transform="translate({x:.1f} {y:.1f})" points="{_points(shape, radius, rotation)}" {{}}/>'
    return (one.format('fill="none" ' + HALO) if halo else "") + one.format(fill)


@cache
def svg_panel(mode: str, panel: Panel) -> str:
    """The figures of one panel, in cell coordinates (0 to CELL); cached, as panels recur."""
    cx = cy = CELL / 2
    if mode == "single":
        shape, size, shading = panel
        return _figure(shape, SIZES[size], shading, 0, cx, cy)
    if mode == "turn":
        rot, size, shading = panel
        return _figure(-1, SIZES[size], shading, rot, cx, cy)
    if mode in ("nested", "dial"):
        shape, shading = panel[:2]
        iy = cy + (0.25 * OUTER if shape == 0 else 0.0)  # a triangle's roomiest point is its centroid
        inner = (_figure(panel[2], INNER, panel[3], 0, cx, iy, halo=True) if mode == "nested"
                 else _figure(-1, ARROW_IN, 0, panel[2], cx, iy, halo=True))
        return _figure(shape, OUTER, shading, 0, cx, cy) + inner
    if mode == "overlap":
        shape, shading, shape2, shading2 = panel
        return (_figure(shape, SIDE, shading, 0, cx - SIDE_DX, cy)
                + _figure(shape2, SIDE, shading2, 0, cx + SIDE_DX, cy, halo=True))
    first, shape, shading = panel
    cells = LAYOUTS[first] if mode == "number" else cells_of(first)
    return "".join(_figure(shape, SMALL, shading, 0, cx + SUB * (c % 3 - 1), cy + SUB * (c // 3 - 1))
                   for c in cells)


@lru_cache(maxsize=1 << 15)
def svg_cell(mode: str, panel: Panel | None, x: float, y: float) -> str:
    """A framed cell with its top-left corner at (x, y); None draws the missing cell with a "?"."""
    if panel is None:
        return (f'<rect x="{x:g}" y="{y:g}" width="{CELL}" height="{CELL}" fill="#ffffff" stroke="{BLUE}" '
                f'stroke-width="2" stroke-dasharray="5 3"/><text x="{x + CELL / 2:g}" y="{y + CELL / 2 + 12:g}" '
                f'text-anchor="middle" font-size="34" fill="{BLUE}" stroke="none">?</text>')
    return (f'<g transform="translate({x:g} {y:g})"><rect width="{CELL}" height="{CELL}" fill="#ffffff" '
            f'stroke="#777777"/>{svg_panel(mode, panel)}</g>')


def svg_document(width: float, height: float, body: str, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
            f'width="{width:.0f}" height="{height:.0f}" font-family="sans-serif">'
            f'<title>{title}</title>{DEFS}<g stroke="{INK}" stroke-width="1.5">{body}</g></svg>')


def svg_label(text: str, x: float, y: float, size: int = 14, bold: bool = True, anchor: str = "middle") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{weight} '
            f'fill="{INK}" stroke="none">{text}</text>')


LEGEND_H = 44  # height of the shading legend strip


def svg_legend(words: dict[str, str], top: float, width: float, lang: str = "en") -> str:
    """The shading order as four swatches from light to dark, with their names below."""
    swatch, gap = 26, 62
    total = 3 * gap + swatch
    left = (width - total) / 2
    parts = [svg_label(words["title"], left - 12, top + 18, size=13, bold=True, anchor="end")]
    for i in range(4):
        x = left + i * gap
        parts.append(f'<rect x="{x:.1f}" y="{top:.1f}" width="{swatch}" height="{swatch}" {FILLS[i]}/>')
        parts.append(svg_label(names(lang)["shading"][i], x + swatch / 2, top + swatch + 14, size=12, bold=False))
        if i < 3:
            parts.append(svg_label("\u2192", x + swatch + (gap - swatch) / 2, top + 18, size=14, bold=False))
    return "".join(parts)


def svg_options(mode: str, options: Sequence[Panel], top: float, width: float, per_row: int = 4) -> tuple[str, float]:
    """Options labelled A, B, ... in rows of `per_row` below `top`; returns (markup, bottom)."""
    gap = 14
    row_w = per_row * CELL + (per_row - 1) * gap
    left = (width - row_w) / 2
    parts = []
    bottom = top
    for i, panel in enumerate(options):
        r, c = divmod(i, per_row)
        x = left + c * (CELL + gap)
        y = top + r * (CELL + 26) + 20
        parts.append(svg_label("ABCDEFGH"[i], x + CELL / 2, y - 6))
        parts.append(svg_cell(mode, panel, x, y))
        bottom = y + CELL
    return "".join(parts), bottom
