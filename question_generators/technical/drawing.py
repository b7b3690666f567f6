"""Small SVG building blocks for the technical families: plain string formatting, no libraries."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator
from functools import cache
from html import escape

STROKE = "#222"
FONT = "font-family=\"sans-serif\""


def num(x: float) -> str:
    """Coordinates with at most one decimal, so the markup stays short and deterministic."""
    text = f"{x:.1f}".removesuffix(".0")  # "120.0" -> "120", "12.5" stays
    return "0" if text == "-0" else text


def document(width: float, height: float, body: list[str], title: str) -> str:
    """A complete <svg> element with a <title> (read by screen readers) and a viewBox.

    The arrowhead marker gets an id derived from the drawing itself: a report page holds many
    figures, and ids must be unique in a page (the same drawing gives the same id)."""
    content = "".join(body)
    marker = "arrow-" + hashlib.sha1(content.encode()).hexdigest()[:10]
    content = content.replace("url(#arrow)", f"url(#{marker})")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
            f'width="{num(width)}" height="{num(height)}" role="img">'
            f"<title>{escape(title)}</title>"
            f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="11" '
            'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{STROKE}"/></marker></defs>' + content + "</svg>")


def text(x: float, y: float, label: str, size: int = 13, anchor: str = "middle",
         weight: str = "normal") -> str:
    return (f'<text x="{num(x)}" y="{num(y)}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" {FONT}>{escape(label)}</text>')


def line(x1: float, y1: float, x2: float, y2: float, width: float = 2, arrow: bool = False,
         dash: str = "") -> str:
    extra = ' marker-end="url(#arrow)"' if arrow else ""
    extra += f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
            f'stroke="{STROKE}" stroke-width="{num(width)}"{extra}/>')


def circle(x: float, y: float, r: float, fill: str = "none", width: float = 2) -> str:
    return (f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{fill}" '
            f'stroke="{STROKE}" stroke-width="{num(width)}"/>')


def rect(x: float, y: float, w: float, h: float, fill: str = "none", width: float = 2) -> str:
    return (f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" fill="{fill}" '
            f'stroke="{STROKE}" stroke-width="{num(width)}"/>')


def polygon(points: list[tuple[float, float]], fill: str = "none", width: float = 2) -> str:
    pts = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    return f'<polygon points="{pts}" fill="{fill}" stroke="{STROKE}" stroke-width="{num(width)}"/>'


@cache
def _gear_outline(r: float, teeth: int) -> str:
    """The points of a gear outline centred on the origin (cached: a form reuses few sizes)."""
    shown = max(8, min(teeth, 40))
    depth = min(6.0, r * 0.18)
    step = 2 * math.pi / shown
    pts = []
    for k in range(shown):
        for frac, rad in ((0.0, r - depth / 2), (0.2, r + depth / 2), (0.5, r + depth / 2),
                          (0.7, r - depth / 2)):
            a = (k + frac) * step
            pts.append(f"{num(rad * math.cos(a))},{num(rad * math.sin(a))}")
    return " ".join(pts)


def gear(x: float, y: float, r: float, teeth: int, fill: str = "#e8eef5") -> str:
    """A gear outline: `teeth` trapezoid teeth around a pitch circle of radius r (drawn at most 40
    teeth, so that large gears stay legible; the tooth count itself is printed as a label)."""
    return (f'<polygon transform="translate({num(x)},{num(y)})" points="{_gear_outline(r, teeth)}" '
            f'fill="{fill}" stroke="{STROKE}" stroke-width="1.5"/>' + circle(x, y, 3, fill=STROKE, width=1))


def turn_arrow(x: float, y: float, r: float, clockwise: bool) -> str:
    """A curved arrow on an arc of radius r around (x, y): clockwise or anticlockwise (SVG y is down)."""
    start, end = (-150.0, -30.0) if clockwise else (-30.0, -150.0)
    sx, sy = x + r * math.cos(math.radians(start)), y + r * math.sin(math.radians(start))
    ex, ey = x + r * math.cos(math.radians(end)), y + r * math.sin(math.radians(end))
    sweep = 1 if clockwise else 0
    return (f'<path d="M{num(sx)},{num(sy)} A{num(r)},{num(r)} 0 0 {sweep} {num(ex)},{num(ey)}" '
            f'fill="none" stroke="#c0392b" stroke-width="2.5" marker-end="url(#arrow)"/>')


# -- label placement -----------------------------------------------------------------------------
# Advance widths (1/1000 em) of ASCII 32-126, the larger of DejaVu Sans and Liberation Sans (Arial's
# metrics), measured with canvas measureText in Chromium: what `sans-serif` resolves to on Linux
# desktops and in Chromium, and wider than Helvetica; labels placed with them fit in either face.
_ADVANCE = {
    "normal": (318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
               636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 556, 1015, 684, 686, 722, 770, 667,
               611, 778, 752, 295, 500, 667, 557, 863, 748, 787, 667, 787, 722, 667, 611, 732, 684, 989, 685,
               667, 685, 390, 337, 390, 838, 556, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
               278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838),
    "bold": (348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
             696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 611, 1000, 774, 762, 734, 830, 683,
             683, 821, 837, 372, 556, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
             724, 725, 457, 365, 457, 838, 556, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
             343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838),
}
_DESCENDERS = set("gjpqyQ(),;[]{}|_@$/")
CLEAR = 2.5  # px kept between a label's ink and any stroke or other label


@cache
def text_width(label: str, size: float, weight: str = "normal") -> float:
    """The advance width of a label in px (characters outside ASCII count a full em)."""
    table = _ADVANCE["bold" if weight == "bold" else "normal"]
    return sum(table[ord(c) - 32] if 32 <= ord(c) < 127 else 1000 for c in label) * size / 1000


def text_box(x: float, y: float, label: str, size: float, anchor: str = "middle",
             weight: str = "normal") -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) of a label's ink as `text` draws it: cap height above the baseline,
    descenders below it when the label has any."""
    w = text_width(label, size, weight)
    left = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    below = 0.24 * size if _DESCENDERS & set(label) else 0.02 * size
    return left, y - 0.77 * size, left + w, y + below


def _seg_box_distance(a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float]) -> float:
    """The distance between a segment and an axis-aligned box (0 when they meet)."""
    x0, y0, x1, y1 = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                break
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
    else:
        if t0 <= t1:
            return 0.0

    def point_box(px: float, py: float) -> float:
        return math.hypot(max(x0 - px, 0.0, px - x1), max(y0 - py, 0.0, py - y1))

    def point_seg(px: float, py: float) -> float:
        length = dx * dx + dy * dy
        t = 0.0 if not length else max(0.0, min(1.0, ((px - a[0]) * dx + (py - a[1]) * dy) / length))
        return math.hypot(px - a[0] - t * dx, py - a[1] - t * dy)

    return min(point_box(*a), point_box(*b), *(point_seg(px, py) for px in (x0, x1) for py in (y0, y1)))


class Layout:
    """What a drawing has put down so far (strokes, rings, labels) and a label placer: each label
    goes to the first of its candidate positions whose ink stays CLEAR px from everything drawn
    and inside the drawing, as a draughtsman moves a figure off a line it would sit on."""

    def __init__(self, width: float, height: float, dx: float = 0.0, dy: float = 0.0) -> None:
        """`width` x `height`: the viewBox; (dx, dy): the translation of the group drawn in."""
        self.width, self.height, self.dx, self.dy = width, height, dx, dy
        self.segments: list[tuple[tuple[float, float], tuple[float, float], float]] = []
        self.rings: list[tuple[float, float, float, float]] = []
        self.labels: list[tuple[float, float, float, float]] = []
        self.last: tuple[float, float, str] = (0.0, 0.0, "middle")  # where the last label went
        self._boxes: list[tuple[float, float, float, float, bool]] = []  # the segments' boxes, widened

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 2, arrow: bool = False,
             dash: str = "") -> str:
        self.segments.append(((x1, y1), (x2, y2), width / 2))
        if arrow:  # the marker's triangle: 11 px wide, from 8.8 px behind the end to 2.2 px past it
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            ux, uy = (x2 - x1) / length, (y2 - y1) / length
            base = (x2 - 8.8 * ux, y2 - 8.8 * uy)
            for side in (-5.5, 5.5):
                self.segments.append(((base[0] - uy * side, base[1] + ux * side), (x2 + 2.2 * ux, y2 + 2.2 * uy), 0.5))
        return line(x1, y1, x2, y2, width, arrow, dash)

    def rect(self, x: float, y: float, w: float, h: float, fill: str = "none", width: float = 2) -> str:
        self.block_rect(x, y, w, h, width)
        return rect(x, y, w, h, fill, width)

    def block_rect(self, x: float, y: float, w: float, h: float, width: float = 2) -> None:
        corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        self.segments += [(corners[k], corners[(k + 1) % 4], width / 2) for k in range(4)]

    def circle(self, x: float, y: float, r: float, fill: str = "none", width: float = 2) -> str:
        self.rings.append((x, y, r, width / 2))
        return circle(x, y, r, fill, width)

    def ring(self, x: float, y: float, r: float, half: float = 1.0) -> None:
        self.rings.append((x, y, r, half))

    def polyline(self, points: list[tuple[float, float]], width: float = 2) -> None:
        """Registers an open stroke (an arc flattened, a rope) without drawing it."""
        self.segments += [(points[k], points[k + 1], width / 2) for k in range(len(points) - 1)]

    def gear(self, x: float, y: float, r: float, teeth: int, fill: str = "#e8eef5") -> str:
        """`gear`, its teeth registered as one band from root to tip around the pitch circle."""
        self.rings.append((x, y, r, min(6.0, r * 0.18) / 2 + 0.75))
        self.rings.append((x, y, 3, 0.5))
        return gear(x, y, r, teeth, fill)

    def turn_arrow(self, x: float, y: float, r: float, clockwise: bool) -> str:
        """`turn_arrow`, its arc and arrowhead registered."""
        start, end = (-150.0, -30.0) if clockwise else (-30.0, -150.0)
        pts = [(x + r * math.cos(math.radians(start + (end - start) * k / 12)),
                y + r * math.sin(math.radians(start + (end - start) * k / 12))) for k in range(13)]
        self.polyline(pts, 2.5)
        # the arrowhead along the arc's last chord: 11 px wide, from 8.8 px behind the end to 2.2 past it
        (x1, y1), (x2, y2) = pts[-2], pts[-1]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        base = (x2 - 8.8 * ux, y2 - 8.8 * uy)
        for side in (-5.5, 5.5):
            self.segments.append(((base[0] - uy * side, base[1] + ux * side), (x2 + 2.2 * ux, y2 + 2.2 * uy), 0.5))
        return turn_arrow(x, y, r, clockwise)

    def polygon(self, points: list[tuple[float, float]], fill: str = "none", width: float = 2) -> str:
        self.segments += [(points[k], points[(k + 1) % len(points)], width / 2) for k in range(len(points))]
        return polygon(points, fill, width)

    def clear(self, box: tuple[float, float, float, float], gap: float = CLEAR) -> bool:
        x0, y0, x1, y1 = box
        if (x0 + self.dx < 1 or y0 + self.dy < 1 or x1 + self.dx > self.width - 1
                or y1 + self.dy > self.height - 1):
            return False
        for lx0, ly0, lx1, ly1 in self.labels:
            if x0 < lx1 + gap and lx0 < x1 + gap and y0 < ly1 + gap and ly0 < y1 + gap:
                return False
        if len(self._boxes) < len(self.segments):  # segments added since the last call
            for a, b, half in self.segments[len(self._boxes):]:
                self._boxes.append((min(a[0], b[0]) - half, min(a[1], b[1]) - half, max(a[0], b[0]) + half,
                                    max(a[1], b[1]) + half, a[0] == b[0] or a[1] == b[1]))
        for (sx0, sy0, sx1, sy1, straight), (a, b, half) in zip(self._boxes, self.segments, strict=True):
            if sx0 - gap > x1 or sx1 + gap < x0 or sy0 - gap > y1 or sy1 + gap < y0:
                continue
            # an upright or level stroke meets the box exactly when its widened box does (corners aside)
            if straight or _seg_box_distance(a, b, box) < half + gap:
                return False
        for cx, cy, r, half in self.rings:
            if cx + r + half + gap < x0 or cx - r - half - gap > x1 or cy + r + half + gap < y0 \
                    or cy - r - half - gap > y1:
                continue
            near = math.hypot(max(x0 - cx, 0.0, cx - x1), max(y0 - cy, 0.0, cy - y1))
            far = max(math.hypot(px - cx, py - cy) for px in (x0, x1) for py in (y0, y1))
            if near < r + half + gap and far > r - half - gap:
                return False
        return True

    def leader_clear(self, a: tuple[float, float], b: tuple[float, float], gap: float = CLEAR) -> bool:
        """True when a stroke from a to b keeps `gap` px from every label placed so far."""
        return all(_seg_box_distance(a, b, box) >= gap + 0.5 for box in self.labels)

    def fits(self, x: float, y: float, label: str, size: int = 13, anchor: str = "middle",
             weight: str = "normal") -> bool:
        return self.clear(text_box(x, y, label, size, anchor, weight))

    def text(self, label: str, candidates: Iterable[tuple[float, float, str]], size: int = 13,
             weight: str = "normal") -> str:
        """The label at the first clear candidate (x, y, anchor); at the first one when none is
        (the drawing tests report it). Candidates may be a lazy iterable: later ones cost nothing
        when an early one fits."""
        first = None
        chosen = None
        for c in candidates:
            first = first or c
            if self.fits(c[0], c[1], label, size, c[2], weight):
                chosen = c
                break
        assert first is not None, "a label needs at least one candidate place"
        chosen = chosen or first
        self.last = chosen
        self.labels.append(text_box(chosen[0], chosen[1], label, size, chosen[2], weight))
        return text(chosen[0], chosen[1], label, size, chosen[2], weight)

    def fixed(self, x: float, y: float, label: str, size: int = 13, anchor: str = "middle",
              weight: str = "normal") -> str:
        """A label whose place is fixed (registered so that later labels keep clear of it)."""
        self.labels.append(text_box(x, y, label, size, anchor, weight))
        return text(x, y, label, size, anchor, weight)


def along(x1: float, x2: float, y: float, label: str, size: int, weight: str = "normal",
          above: bool = True, lift: bool = False) -> Iterator[tuple[float, float, str]]:
    """Candidate places for a dimension's figure (lazily): centred over the line, slid along it
    either way, clear of the ticks' tops, under the line, then beyond either end at its height.
    With `lift`, a figure with a descender (a decimal comma: "0,5 m") sits higher over the line by
    the descender's depth, so it keeps the same gap as "0.5 m" (the English rows are unchanged)."""
    lo, hi = min(x1, x2), max(x1, x2)
    mid = (lo + hi) / 2
    drop = 0.22 * size if lift and _DESCENDERS & set(label) else 0.0
    # between the ticks, then clear of their tops (a figure wider than its dimension)
    rows = [y - 4 - drop, y - 8.5 - drop] if above else [y + 0.77 * size + 4, y + 0.77 * size + 8.5]
    rows += [y + 0.77 * size + 4, y + 0.77 * size + 8.5] if above else [y - 4 - drop, y - 8.5 - drop]
    for row in rows:
        yield mid, row, "middle"
        for step in (6, 12, 18, 24, 32, 40):
            yield mid - step, row, "middle"
            yield mid + step, row, "middle"
    base = y + 0.38 * size
    yield hi + 4 + CLEAR, base, "start"
    yield lo - 4 - CLEAR, base, "end"
    for row in rows:  # crowded: farther along the line
        for step in (48, 56, 64, 72):
            yield mid - step, row, "middle"
            yield mid + step, row, "middle"
    # very crowded (longer figures such as Bokmål's "0,75 m", whose comma has a descender): a row
    # farther off the line, then beyond either end a little higher or lower
    far = [y - 14, y + 0.77 * size + 14] if above else [y + 0.77 * size + 14, y - 14]
    for row in far:
        yield mid, row, "middle"
        for step in (8, 16, 24, 32, 48):
            yield mid - step, row, "middle"
            yield mid + step, row, "middle"
    for shift in (-6, 6, -12, 12):
        yield hi + 4 + CLEAR, base + shift, "start"
        yield lo - 4 - CLEAR, base + shift, "end"


def span_at(points: list[tuple[float, float]], y: float) -> tuple[float, float]:
    """The leftmost and rightmost crossing of a closed outline with the level y."""
    xs = []
    for k in range(len(points)):
        (x1, y1), (x2, y2) = points[k], points[(k + 1) % len(points)]
        if min(y1, y2) <= y <= max(y1, y2):
            xs += [x1, x2] if y1 == y2 else [x1 + (y - y1) * (x2 - x1) / (y2 - y1)]
    return (min(xs), max(xs)) if xs else (0.0, 0.0)


def around(x: float, y: float, radius: float, label: str, size: int, weight: str = "normal",
           steps: int = 12) -> Iterator[tuple[float, float, str]]:
    """Candidate places for a label just outside a circle of `radius` around (x, y), every
    360/steps degrees from the top clockwise (the label's box centred on each direction)."""
    w, h = text_width(label, size, weight), 0.77 * size
    for k in range(steps):
        a = -math.pi / 2 + 2 * math.pi * k / steps
        cx = x + math.cos(a) * (radius + w / 2 + 3)
        cy = y + math.sin(a) * (radius + h / 2 + 3)
        yield cx, cy + h / 2, "middle"
