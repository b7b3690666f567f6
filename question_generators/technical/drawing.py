"""Small SVG building blocks for the technical families: plain string formatting, no libraries."""

from __future__ import annotations

import math
from functools import cache
from html import escape

STROKE = "#222"
FONT = "font-family=\"sans-serif\""


def num(x: float) -> str:
    """Coordinates with at most one decimal, so the markup stays short and deterministic."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def document(width: float, height: float, body: list[str], title: str) -> str:
    """A complete <svg> element with a <title> (read by screen readers) and a viewBox."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {num(width)} {num(height)}" '
            f'width="{num(width)}" height="{num(height)}" role="img">'
            f"<title>{escape(title)}</title>"
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="11" '
            'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{STROKE}"/></marker></defs>' + "".join(body) + "</svg>")


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
