"""Layout audit of generated SVG: text boxes measured with the fonts' metrics, element outlines,
and the drawing rules of issue 15 (no text outside the viewBox, over another element or another
text; no shape outside the viewBox; no figure element under a minimum size; hatch lines apart).

Text boxes: the advance widths and ink heights of the faces `sans-serif` resolves to, the larger of
Liberation Sans (Arial's metrics: Chromium's sans-serif here, and Arial/Helvetica elsewhere) and
DejaVu Sans (fontconfig's default on most Linux desktops), character by character, measured with
canvas measureText at 1000 px in Chromium (the tables below, in 1/1000 em: advance, ink ascent
above the baseline, ink descent below it). The Bokmål letters æ ø å Æ Ø Å and the no-break space
(nb's thousands separator) were read from the same fonts' TrueType tables (hmtx, glyf bounding
boxes), the ink rounded up by the margin canvas adds to the other rows (+6 above, +11 below). A
text is placed as drawn: x, y, text-anchor, dominant-baseline, font-size and font-weight inherited
from groups, and every transform (translate, scale, rotate, matrix) of it and its ancestors;
rotated text is a rotated box.

Elements are their outlines, not their bounding boxes: lines and polylines as stroked segments,
rects and polygons as their edges, circles as rings, paths flattened (arcs and curves sampled),
arrowhead markers as their triangles. A text may sit inside a shape (a label in a box, on a gear's
hub) or beside a line (a dimension's figure, a leader's label) but never closer than GAP px to a
stroke it does not cross, nor closer than TEXT_GAP px to another text. A gear is its polygon: a
label reaching into the teeth meets their edges."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

NS = "{http://www.w3.org/2000/svg}"
MIN_FIGURE = 24.0  # abstract and spatial figures: shapes to be told apart (issue 15)
MIN_HATCH_GAP = 4.0
GAP = 1.5  # px of white between a text's ink box and a stroke's edge
TEXT_GAP = 1.0  # px between two texts' boxes (advance widths already hold the side bearings)

_NORMAL = """
U+0020 318 0 0 | U+0021 401 734 0 | U+0022 460 734 0 | U+0023 838 719 0 | U+0024 636 766 156
U+0025 950 750 16 | U+0026 780 750 16 | U+0027 275 734 0 | U+0028 390 766 219 | U+0029 390 766 219
U+002A 500 750 0 | U+002B 838 641 0 | U+002C 318 125 141 | U+002D 361 328 0 | U+002E 318 125 0
U+002F 337 734 94 | U+0030 636 750 16 | U+0031 636 734 0 | U+0032 636 750 0 | U+0033 636 750 16
U+0034 636 734 0 | U+0035 636 734 16 | U+0036 636 750 16 | U+0037 636 734 0 | U+0038 636 750 16
U+0039 636 750 16 | U+003A 337 531 0 | U+003B 337 531 141 | U+003C 838 594 0 | U+003D 838 500 0
U+003E 838 594 0 | U+003F 556 750 0 | U+0040 1015 734 188 | U+0041 684 734 0 | U+0042 686 734 0
U+0043 722 750 16 | U+0044 770 734 0 | U+0045 667 734 0 | U+0046 611 734 0 | U+0047 778 750 16
U+0048 752 734 0 | U+0049 295 734 0 | U+004A 500 734 203 | U+004B 667 734 0 | U+004C 557 734 0
U+004D 863 734 0 | U+004E 748 734 0 | U+004F 787 750 16 | U+0050 667 734 0 | U+0051 787 750 203
U+0052 722 734 0 | U+0053 667 750 16 | U+0054 611 734 0 | U+0055 732 734 16 | U+0056 684 734 0
U+0057 989 734 0 | U+0058 685 734 0 | U+0059 667 734 0 | U+005A 685 734 0 | U+005B 390 766 219
U+005C 337 734 94 | U+005D 390 766 219 | U+005E 838 734 0 | U+005F 556 -125 250 | U+0060 500 813 0
U+0061 613 563 16 | U+0062 635 766 16 | U+0063 550 563 16 | U+0064 635 766 16 | U+0065 615 563 16
U+0066 352 766 0 | U+0067 635 563 219 | U+0068 634 766 0 | U+0069 278 766 0 | U+006A 278 766 219
U+006B 579 766 0 | U+006C 278 766 0 | U+006D 974 563 0 | U+006E 634 563 0 | U+006F 612 563 16
U+0070 635 563 219 | U+0071 635 563 219 | U+0072 411 563 0 | U+0073 521 563 16 | U+0074 392 703 16
U+0075 634 547 16 | U+0076 592 547 0 | U+0077 818 547 0 | U+0078 592 547 0 | U+0079 592 547 219
U+007A 525 547 0 | U+007B 636 766 219 | U+007C 337 766 250 | U+007D 636 766 219 | U+007E 838 406 0
U+00B0 500 750 0 | U+00B1 838 641 0 | U+00B2 401 750 0 | U+00B3 401 750 0 | U+00B7 318 422 0
U+00BC 969 750 16 | U+00BD 969 750 16 | U+00BE 969 750 16 | U+00D7 838 609 0 | U+00F7 838 563 0
U+03A9 764 750 0 | U+03B8 612 781 16 | U+03BC 636 547 219 | U+03C0 690 547 31 | U+2013 556 313 0
U+2014 1000 313 0 | U+2026 1000 125 0 | U+2190 1000 531 0 | U+2191 838 734 31 | U+2192 1000 531 0
U+2193 838 734 31 | U+2211 713 734 219 | U+2212 838 375 0 | U+221A 637 813 31 | U+2248 838 500 0
U+2264 838 609 0 | U+2265 838 609 0 | U+2300 602 516 31
U+00A0 318 0 0 | U+00C5 684 934 0 | U+00C6 1000 734 0 | U+00D8 787 767 45 | U+00E5 613 884 25
U+00E6 982 566 25 | U+00F8 612 598 57
"""
_BOLD = """
U+0020 348 0 0 | U+0021 456 734 0 | U+0022 521 734 0 | U+0023 838 719 0 | U+0024 696 766 156
U+0025 1002 750 16 | U+0026 872 750 16 | U+0027 306 734 0 | U+0028 457 766 219 | U+0029 457 766 219
U+002A 523 750 0 | U+002B 838 641 0 | U+002C 380 203 156 | U+002D 415 359 0 | U+002E 380 203 0
U+002F 365 734 94 | U+0030 696 750 16 | U+0031 696 734 0 | U+0032 696 750 0 | U+0033 696 750 16
U+0034 696 734 0 | U+0035 696 734 16 | U+0036 696 750 16 | U+0037 696 734 0 | U+0038 696 750 16
U+0039 696 750 16 | U+003A 400 547 0 | U+003B 400 547 156 | U+003C 838 609 0 | U+003D 838 531 0
U+003E 838 609 0 | U+003F 611 750 0 | U+0040 1000 719 188 | U+0041 774 734 0 | U+0042 762 734 0
U+0043 734 750 16 | U+0044 830 734 0 | U+0045 683 734 0 | U+0046 683 734 0 | U+0047 821 750 16
U+0048 837 734 0 | U+0049 372 734 0 | U+004A 556 734 203 | U+004B 775 734 0 | U+004C 637 734 0
U+004D 995 734 0 | U+004E 837 734 0 | U+004F 850 750 16 | U+0050 733 734 0 | U+0051 850 750 203
U+0052 770 734 0 | U+0053 720 750 16 | U+0054 682 734 0 | U+0055 812 734 16 | U+0056 774 734 0
U+0057 1103 734 0 | U+0058 771 734 0 | U+0059 724 734 0 | U+005A 725 734 0 | U+005B 457 766 219
U+005C 365 734 94 | U+005D 457 766 219 | U+005E 838 734 0 | U+005F 556 -78 250 | U+0060 500 813 0
U+0061 675 563 16 | U+0062 716 766 16 | U+0063 593 563 16 | U+0064 716 766 16 | U+0065 678 563 16
U+0066 435 766 0 | U+0067 716 563 219 | U+0068 712 766 0 | U+0069 343 766 0 | U+006A 343 766 219
U+006B 665 766 0 | U+006C 343 766 0 | U+006D 1042 563 0 | U+006E 712 563 0 | U+006F 687 563 16
U+0070 716 563 219 | U+0071 716 563 219 | U+0072 493 563 0 | U+0073 595 563 16 | U+0074 478 703 16
U+0075 712 547 16 | U+0076 652 547 0 | U+0077 924 547 0 | U+0078 645 547 0 | U+0079 652 547 219
U+007A 582 547 0 | U+007B 712 766 219 | U+007C 365 766 250 | U+007D 712 766 219 | U+007E 838 422 0
U+00B0 500 750 0 | U+00B1 838 641 0 | U+00B2 438 750 0 | U+00B3 438 750 0 | U+00B7 380 453 0
U+00BC 1035 750 16 | U+00BD 1035 750 16 | U+00BE 1035 750 16 | U+00D7 838 609 0 | U+00F7 838 594 0
U+03A9 850 750 0 | U+03B8 687 781 16 | U+03BC 736 547 219 | U+03C0 791 547 31 | U+2013 556 344 0
U+2014 1000 344 0 | U+2026 1000 203 0 | U+2190 1000 547 0 | U+2191 838 734 31 | U+2192 1000 547 0
U+2193 838 734 31 | U+2211 718 734 234 | U+2212 838 391 0 | U+221A 667 844 31 | U+2248 838 531 0
U+2264 838 641 0 | U+2265 838 641 0 | U+2300 602 547 47
U+00A0 348 0 0 | U+00C5 774 934 0 | U+00C6 1085 734 0 | U+00D8 850 771 47 | U+00E5 675 894 25
U+00E6 1048 566 25 | U+00F8 687 600 57
"""


def _table(block: str) -> dict[str, tuple[float, float, float]]:
    rows = {}
    for cell in block.replace("\n", " | ").split("|"):
        if cell.strip():
            code, adv, asc, desc = cell.split()
            rows[chr(int(code[2:], 16))] = (int(adv) / 1000, int(asc) / 1000, int(desc) / 1000)
    return rows


METRICS = {"normal": _table(_NORMAL), "bold": _table(_BOLD)}
_UNKNOWN = (1.0, 0.8, 0.25)  # a character outside the tables: a full em, cap height and descender

Point = tuple[float, float]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def _mul(m: Matrix, n: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
            a * e2 + c * f2 + e, b * e2 + d * f2 + f)


def parse_transform(text: str) -> Matrix:
    m = IDENTITY
    for name, args in _TRANSFORM.findall(text or ""):
        v = [float(x) for x in _NUMBER.findall(args)]
        if name == "matrix" and len(v) == 6:
            step: Matrix = tuple(v)  # type: ignore[assignment]
        elif name == "translate":
            step = (1, 0, 0, 1, v[0], v[1] if len(v) > 1 else 0.0)
        elif name == "scale":
            step = (v[0], 0, 0, v[1] if len(v) > 1 else v[0], 0, 0)
        elif name == "rotate":
            a = math.radians(v[0])
            cx, cy = (v[1], v[2]) if len(v) == 3 else (0.0, 0.0)
            step = _mul(_mul((1, 0, 0, 1, cx, cy), (math.cos(a), math.sin(a), -math.sin(a), math.cos(a), 0, 0)),
                        (1, 0, 0, 1, -cx, -cy))
        elif name == "skewX":
            step = (1, 0, math.tan(math.radians(v[0])), 1, 0, 0)
        else:
            step = (1, math.tan(math.radians(v[0])), 0, 1, 0, 0)
        m = _mul(m, step)
    return m


def _apply(m: Matrix, p: Point) -> Point:
    return (m[0] * p[0] + m[2] * p[1] + m[4], m[1] * p[0] + m[3] * p[1] + m[5])


def _scale_of(m: Matrix) -> float:
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float
    tag: str = ""

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """True when the boxes come closer than `gap` (0: when they share area)."""
        return (self.x0 < other.x1 + gap and other.x0 < self.x1 + gap
                and self.y0 < other.y1 + gap and other.y0 < self.y1 + gap)

    def inside(self, other: Box, eps: float = 0.01) -> bool:
        return (other.x0 - eps <= self.x0 and self.x1 <= other.x1 + eps
                and other.y0 - eps <= self.y0 and self.y1 <= other.y1 + eps)


def _box_of(points: list[Point], tag: str = "") -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Box(min(xs), min(ys), max(xs), max(ys), tag)


@dataclass
class Text:
    label: str
    corners: list[Point]  # the ink box as drawn, clockwise from the top left
    box: Box
    order: int


@dataclass
class Shape:
    tag: str
    order: int
    segments: list[tuple[Point, Point, float]] = field(default_factory=list)  # (a, b, half stroke)
    rings: list[tuple[Point, float, float]] = field(default_factory=list)  # (centre, radius, half stroke)
    region: list[Point] | None = None  # the filled area (polygon), when the shape is filled
    disc: tuple[Point, float] | None = None  # the filled area of a circle
    box: Box = Box(0, 0, 0, 0)
    size: Box | None = None  # the element's own extent (before any arrowhead), for the size rule
    half: float = 0.0  # the widest half stroke of the outline (set once parsed)


def text_extent(label: str, size: float, weight: str = "normal") -> tuple[float, float, float]:
    """(advance width, ink ascent, ink descent) in px of a label at `size` px."""
    table = METRICS["bold" if weight in ("bold", "bolder", "600", "700", "800", "900") else "normal"]
    width = ascent = descent = 0.0
    for ch in label:
        adv, asc, desc = table.get(ch, _UNKNOWN)
        width += adv
        ascent, descent = max(ascent, asc), max(descent, desc)
    return width * size, ascent * size, descent * size


def _text(el: ET.Element, style: dict[str, str], m: Matrix, order: int) -> Text | None:
    label = "".join(el.itertext())
    if not label.strip():
        return None
    size = float(re.sub(r"px$", "", style.get("font-size", "16")))
    width, ascent, descent = text_extent(label, size, style.get("font-weight", "normal"))
    x, y = float(el.get("x", "0") or 0), float(el.get("y", "0") or 0)
    anchor = style.get("text-anchor", "start")
    left = x - width / 2 if anchor == "middle" else x - width if anchor == "end" else x
    baseline = style.get("dominant-baseline", "")
    if baseline in ("middle", "central"):
        y += 0.35 * size  # the baseline sits about 0.35 em below the middle of a Latin line
    elif baseline in ("hanging", "text-before-edge"):
        y += 0.75 * size
    corners = [_apply(m, p) for p in ((left, y - ascent), (left + width, y - ascent),
                                      (left + width, y + descent), (left, y + descent))]
    return Text(label, corners, _box_of(corners, "text"), order)


def _floats(el: ET.Element, *names: str) -> list[float]:
    return [float(el.get(n, "0") or 0) for n in names]


def _arc_points(p0: Point, rx: float, ry: float, phi: float, large: bool, sweep: bool, p1: Point) -> list[Point]:
    """Points along an SVG elliptical arc (the endpoint parameterisation of SVG 1.1, F.6.5)."""
    if rx == 0 or ry == 0 or p0 == p1:
        return [p1]
    rx, ry = abs(rx), abs(ry)
    c, s = math.cos(math.radians(phi)), math.sin(math.radians(phi))
    dx, dy = (p0[0] - p1[0]) / 2, (p0[1] - p1[1]) / 2
    x1, y1 = c * dx + s * dy, -s * dx + c * dy
    lam = (x1 / rx) ** 2 + (y1 / ry) ** 2
    if lam > 1:
        rx, ry = rx * math.sqrt(lam), ry * math.sqrt(lam)
    num = rx * rx * ry * ry - rx * rx * y1 * y1 - ry * ry * x1 * x1
    den = rx * rx * y1 * y1 + ry * ry * x1 * x1
    k = math.sqrt(max(0.0, num / den)) if den else 0.0
    if large == sweep:
        k = -k
    cx1, cy1 = k * rx * y1 / ry, -k * ry * x1 / rx
    cx = c * cx1 - s * cy1 + (p0[0] + p1[0]) / 2
    cy = s * cx1 + c * cy1 + (p0[1] + p1[1]) / 2
    t0 = math.atan2((y1 - cy1) / ry, (x1 - cx1) / rx)
    t1 = math.atan2((-y1 - cy1) / ry, (-x1 - cx1) / rx)
    dt = t1 - t0
    if sweep and dt < 0:
        dt += 2 * math.pi
    elif not sweep and dt > 0:
        dt -= 2 * math.pi
    n = max(4, int(abs(dt) / (math.pi / 16)))
    out = []
    for i in range(1, n + 1):
        t = t0 + dt * i / n
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        out.append((c * ex - s * ey + cx, s * ex + c * ey + cy))
    return out


def path_points(d: str) -> list[list[Point]]:
    """The subpaths of a path's `d`, flattened to polylines (closed ones end at their start)."""
    tokens = re.findall(r"[MmLlHhVvZzAaCcQqSsTt]|" + _NUMBER.pattern, d or "")
    subpaths: list[list[Point]] = []
    cur: Point = (0.0, 0.0)
    start = cur
    cmd = ""
    i = 0

    def take(n: int) -> list[float]:
        nonlocal i
        vals = [float(t) for t in tokens[i:i + n]]
        i += n
        return vals

    while i < len(tokens):
        if tokens[i].isalpha():
            cmd = tokens[i]
            i += 1
            if cmd in "Zz":
                if subpaths:
                    subpaths[-1].append(start)
                cur = start
                continue
        rel = cmd.islower()
        up = cmd.upper()
        ox, oy = cur if rel else (0.0, 0.0)
        if up == "M":
            x, y = take(2)
            cur = start = (x + ox, y + oy)
            subpaths.append([cur])
            cmd = "l" if rel else "L"
            continue
        if not subpaths:
            subpaths.append([cur])
        pts = subpaths[-1]
        if up == "L" or up == "T":
            x, y = take(2)
            cur = (x + ox, y + oy)
            pts.append(cur)
        elif up == "H":
            (x,) = take(1)
            cur = (x + ox, cur[1])
            pts.append(cur)
        elif up == "V":
            (y,) = take(1)
            cur = (cur[0], y + oy)
            pts.append(cur)
        elif up in "CSQ":
            n = {"C": 6, "S": 4, "Q": 4}[up]
            v = take(n)
            ctrl = [(v[k] + ox, v[k + 1] + oy) for k in range(0, n, 2)]
            p0 = cur
            for step in range(1, 9):
                t = step / 8
                if len(ctrl) == 3:
                    (x1, y1), (x2, y2), (x3, y3) = ctrl
                    x = (1 - t) ** 3 * p0[0] + 3 * (1 - t) ** 2 * t * x1 + 3 * (1 - t) * t * t * x2 + t ** 3 * x3
                    y = (1 - t) ** 3 * p0[1] + 3 * (1 - t) ** 2 * t * y1 + 3 * (1 - t) * t * t * y2 + t ** 3 * y3
                else:
                    (x1, y1), (x2, y2) = ctrl
                    x = (1 - t) ** 2 * p0[0] + 2 * (1 - t) * t * x1 + t * t * x2
                    y = (1 - t) ** 2 * p0[1] + 2 * (1 - t) * t * y1 + t * t * y2
                pts.append((x, y))
            cur = ctrl[-1]
        elif up == "A":
            rx, ry, phi, large, sweep, x, y = take(7)
            end = (x + ox, y + oy)
            pts.extend(_arc_points(cur, rx, ry, phi, bool(large), bool(sweep), end))
            cur = end
        else:
            i += 1  # an unknown token: skip it rather than loop
    return subpaths


def _arrowhead(tip_from: Point, end: Point, m: Matrix) -> list[Point]:
    """The triangle of the figures' arrowhead marker (viewBox 0 0 10 10, refX 8, markerWidth 11,
    user-space units) at `end`, pointing away from `tip_from`."""
    dx, dy = end[0] - tip_from[0], end[1] - tip_from[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    k = 1.1

    def at(mx: float, my: float) -> Point:
        along, across = (mx - 8) * k, (my - 5) * k
        return _apply(m, (end[0] + ux * along - uy * across, end[1] + uy * along + ux * across))

    return [at(0, 0), at(10, 5), at(0, 10)]


def _closed(points: list[Point], half: float) -> list[tuple[Point, Point, float]]:
    return [(points[k], points[(k + 1) % len(points)], half) for k in range(len(points))]


def _open(points: list[Point], half: float) -> list[tuple[Point, Point, float]]:
    return [(points[k], points[k + 1], half) for k in range(len(points) - 1)]


def _shape(el: ET.Element, tag: str, style: dict[str, str], m: Matrix, order: int) -> Shape | None:
    half = float(style.get("stroke-width", "1") or 1) * _scale_of(m) / 2
    if style.get("stroke", "none") == "none":
        half = 0.0
    filled = style.get("fill", "black") not in ("none", "transparent")
    shape = Shape(tag, order)
    raw: list[Point] = []
    if tag == "rect":
        x, y, w, h = _floats(el, "x", "y", "width", "height")
        raw = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        pts = [_apply(m, p) for p in raw]
        shape.segments = _closed(pts, half)
        shape.region = pts if filled else None
    elif tag in ("circle", "ellipse"):
        cx, cy = _floats(el, "cx", "cy")
        rx = float(el.get("r", el.get("rx", "0")) or 0)
        ry = float(el.get("r", el.get("ry", "0")) or 0)
        raw = [(cx - rx, cy - ry), (cx + rx, cy - ry), (cx + rx, cy + ry), (cx - rx, cy + ry)]
        if tag == "circle" and abs(m[1]) < 1e-9 and abs(m[2]) < 1e-9 and abs(abs(m[0]) - abs(m[3])) < 1e-9:
            centre, r = _apply(m, (cx, cy)), rx * abs(m[0])
            shape.rings = [(centre, r, half)]
            shape.disc = (centre, r) if filled else None
            pts = [(centre[0] - r, centre[1] - r), (centre[0] + r, centre[1] + r)]
        else:  # an ellipse, or a circle under a skew: a 48-gon
            pts = [_apply(m, (cx + rx * math.cos(2 * math.pi * k / 48), cy + ry * math.sin(2 * math.pi * k / 48)))
                   for k in range(48)]
            shape.segments = _closed(pts, half)
            shape.region = pts if filled else None
    elif tag in ("line", "polyline", "polygon", "path"):
        if tag == "line":
            x1, y1, x2, y2 = _floats(el, "x1", "y1", "x2", "y2")
            subpaths = [[(x1, y1), (x2, y2)]]
        elif tag == "path":
            subpaths = path_points(el.get("d", ""))
        else:
            nums = [float(v) for v in _NUMBER.findall(el.get("points", ""))]
            subpaths = [[(nums[k], nums[k + 1]) for k in range(0, len(nums) - 1, 2)]]
        subpaths = [s for s in subpaths if s]
        if not subpaths:
            return None
        raw = [p for s in subpaths for p in s]
        pts = []
        for sub in subpaths:
            drawn = [_apply(m, p) for p in sub]
            pts += drawn
            shape.segments += _closed(drawn, half) if tag == "polygon" else _open(drawn, half)
        if filled and tag in ("polygon", "path") and len(subpaths) == 1 and len(pts) > 2:
            shape.region = pts
        size_pts = list(pts)
        for end_attr, index in (("marker-end", -1), ("marker-start", 0)):
            if el.get(end_attr) and len(subpaths[index]) > 1:
                sub = subpaths[index]
                end, before = (sub[-1], sub[-2]) if index == -1 else (sub[0], sub[1])
                head = _arrowhead(before, end, m)
                shape.segments += _closed(head, 0.0)
                pts = pts + head
        shape.box = _box_of(pts, tag)
        shape.size = _box_of(size_pts, tag)
        return shape
    else:
        return None
    shape.box = _box_of(pts, tag)
    shape.size = shape.box
    return shape


_INHERITED = ("font-size", "font-weight", "text-anchor", "dominant-baseline", "stroke", "stroke-width", "fill")


def _style(el: ET.Element, parent: dict[str, str]) -> dict[str, str]:
    style = dict(parent)
    for name in _INHERITED:
        if el.get(name) is not None:
            style[name] = el.get(name, "")
    for decl in (el.get("style") or "").split(";"):
        if ":" in decl:
            name, value = (s.strip() for s in decl.split(":", 1))
            if name in _INHERITED:
                style[name] = value
    return style


def parse(svg: str) -> tuple[Box, list[Shape], list[Text]]:
    """(the viewBox, the drawn shapes, the texts), in document order; defs, markers, patterns,
    clip paths and titles are not drawn where they stand and are skipped."""
    root = ET.fromstring(svg)
    vb = [float(v) for v in _NUMBER.findall(root.get("viewBox") or "")] or [
        0.0, 0.0, float(root.get("width", "0") or 0), float(root.get("height", "0") or 0)]
    shapes: list[Shape] = []
    texts: list[Text] = []
    counter = [0]

    def walk(el: ET.Element, m: Matrix, style: dict[str, str]) -> None:
        tag = el.tag.replace(NS, "")
        if tag in ("defs", "title", "desc", "pattern", "marker", "clipPath", "mask", "symbol", "style"):
            return
        m = _mul(m, parse_transform(el.get("transform", "")))
        style = _style(el, style)
        counter[0] += 1
        if tag == "text":
            found = _text(el, style, m, counter[0])
            if found:
                texts.append(found)
            return
        shape = _shape(el, tag, style, m, counter[0])
        if shape is not None:
            shape.half = max([0.0] + [h for *_, h in shape.segments] + [h for *_, h in shape.rings])
            shapes.append(shape)
        for child in el:
            walk(child, m, style)

    walk(root, IDENTITY, {"stroke": "none", "fill": "black", "stroke-width": "1"})
    return Box(vb[0], vb[1], vb[0] + vb[2], vb[1] + vb[3], "viewBox"), shapes, texts


def boxes(svg: str) -> tuple[Box, list[Box], list[Box]]:
    """(the viewBox, the boxes of the drawn shapes, the boxes of the texts)."""
    view, shapes, texts = parse(svg)
    return view, [s.box for s in shapes], [t.box for t in texts]


# -- geometry -----------------------------------------------------------------------------------
def _point_segment(p: Point, a: Point, b: Point) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    length = ax * ax + ay * ay
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / length))
    return math.hypot(p[0] - a[0] - t * ax, p[1] - a[1] - t * ay)


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _segments_cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    d1, d2, d3, d4 = _cross(c, d, a), _cross(c, d, b), _cross(a, b, c), _cross(a, b, d)
    return ((d1 > 0) != (d2 > 0)) and ((d3 > 0) != (d4 > 0))


def _inside_polygon(p: Point, poly: list[Point]) -> bool:
    inside = False
    for k in range(len(poly)):
        (x1, y1), (x2, y2) = poly[k], poly[(k + 1) % len(poly)]
        if (y1 > p[1]) != (y2 > p[1]) and p[0] < x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def quad_segment_distance(quad: list[Point], a: Point, b: Point) -> float:
    """The distance between a convex quadrilateral (a text's box) and a segment (0 when they meet)."""
    if _inside_polygon(a, quad) or _inside_polygon(b, quad):
        return 0.0
    edges = [(quad[k], quad[(k + 1) % 4]) for k in range(4)]
    if any(_segments_cross(a, b, p, q) for p, q in edges):
        return 0.0
    return min(min(_point_segment(a, p, q) for p, q in edges), min(_point_segment(b, p, q) for p, q in edges),
               min(_point_segment(p, a, b) for p in quad))


def _quad_centre_distance(quad: list[Point], c: Point) -> tuple[float, float]:
    """(nearest, farthest) distance from `c` to a convex quad (nearest 0 when `c` is inside)."""
    far = max(math.hypot(p[0] - c[0], p[1] - c[1]) for p in quad)
    if _inside_polygon(c, quad):
        return 0.0, far
    near = min(_point_segment(c, quad[k], quad[(k + 1) % 4]) for k in range(4))
    return near, far


def _covers(shape: Shape, text: Text) -> bool:
    """True when a filled shape drawn after the text covers the middle of it."""
    cx = sum(p[0] for p in text.corners) / 4
    cy = sum(p[1] for p in text.corners) / 4
    if shape.disc is not None:
        (x, y), r = shape.disc
        return math.hypot(cx - x, cy - y) < r
    return shape.region is not None and _inside_polygon((cx, cy), shape.region)


def text_meets(text: Text, shape: Shape, gap: float = GAP) -> bool:
    """True when the text's ink box comes within `gap` px of one of the shape's strokes."""
    tb, sb = text.box, shape.box
    reach = shape.half + gap
    if tb.x0 >= sb.x1 + reach or sb.x0 >= tb.x1 + reach or tb.y0 >= sb.y1 + reach or sb.y0 >= tb.y1 + reach:
        return False
    for a, b, half in shape.segments:
        lim = half + gap
        if (min(a[0], b[0]) - lim > tb.x1 or max(a[0], b[0]) + lim < tb.x0
                or min(a[1], b[1]) - lim > tb.y1 or max(a[1], b[1]) + lim < tb.y0):
            continue
        if quad_segment_distance(text.corners, a, b) < lim:
            return True
    for centre, r, half in shape.rings:
        near, far = _quad_centre_distance(text.corners, centre)
        if near < r + half + gap and far > r - half - gap:
            return True
    return False


def hatch_gaps(svg: str) -> list[float]:
    """The white between neighbouring lines of every hatch pattern (pattern size minus stroke)."""
    root = ET.fromstring(svg)
    gaps = []
    for pattern in root.iter(f"{NS}pattern"):
        size = min(float(pattern.get("width", "0")), float(pattern.get("height", "0")))
        for line in pattern.iter(f"{NS}line"):
            gaps.append(size - float(line.get("stroke-width", "1")))
    return gaps


def _at(box: Box) -> str:
    return f"({box.x0:.0f}, {box.y0:.0f})"


def layout_problems(svg: str, min_size: float | None = MIN_FIGURE, gap: float = GAP,
                    text_gap: float = TEXT_GAP) -> list[str]:
    """Every breach of the drawing rules in one SVG, as readable lines.

    `min_size`: the smallest figure element (rects, circles, polygons; lines and paths are
    strokes) allowed, in px; None for drawings whose small parts are structural details (a
    pivot's dot, an axle, a beam's thickness) rather than figures to be told apart."""
    view, shapes, texts = parse(svg)
    problems = []
    for t in texts:
        name = repr(t.label)
        if not t.box.inside(view):
            problems.append(f"text {name} outside the viewBox at {_at(t.box)}")
        for s in shapes:
            if text_meets(t, s, gap):
                problems.append(f"text {name} at {_at(t.box)} over a {s.tag} at {_at(s.box)}")
            elif (s.order > t.order and (s.region is not None or s.disc is not None)
                  and t.box.overlaps(s.box) and _covers(s, t)):
                problems.append(f"text {name} at {_at(t.box)} hidden under a {s.tag} at {_at(s.box)}")
        for u in texts:
            if u.order > t.order and t.box.overlaps(u.box, text_gap):
                problems.append(f"texts {name} and {u.label!r} overlap at {_at(t.box)}")
    for s in shapes:
        if not s.box.inside(view):
            problems.append(f"{s.tag} outside the viewBox at {_at(s.box)}")
        size = s.size or s.box
        if (min_size is not None and s.tag not in ("line", "path", "polyline")
                and min(size.w, size.h) < min_size - 1e-6):
            problems.append(f"{s.tag} of {size.w:.1f} x {size.h:.1f} px (under {min_size:.0f} px)")
    for width in hatch_gaps(svg):
        if width < MIN_HATCH_GAP:
            problems.append(f"hatch lines {width:.1f} px apart (under {MIN_HATCH_GAP:.0f} px)")
    return problems
