"""A small SVG chart builder for the data-interpretation items: grouped bars, stacked bars, lines
and pies, by plain string formatting. Every value a question needs is printed on the chart (data
labels), colours come from the Okabe-Ito colour-blind-safe palette, and series are also told
apart by patterns (bars) or direct labels (lines, pies). Each chart also renders as text for the
terminal: labelled text bars with their values."""

from __future__ import annotations

import math
import zlib
from html import escape

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision
# deficiency. Yellow is left out: too pale against white.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
PATTERNS = (
    "",  # solid
    '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>',  # diagonal hatching
    '<circle cx="3" cy="3" r="1.2" fill="#fff"/>',  # dots
    '<path d="M0,3 H6" stroke="#fff" stroke-width="1.5"/>',  # horizontal lines
    '<path d="M3,0 V6" stroke="#fff" stroke-width="1.5"/>',  # vertical lines
    '<path d="M0,0 L6,6 M0,6 L6,0" stroke="#fff" stroke-width="1"/>',  # cross-hatching
)
FONT = 'font-family="sans-serif"'
BAR = "\u2588"
TEXT_WIDTH = 32


def nice_step(top: float, ticks: int = 5) -> float:
    """A round gridline step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` lines."""
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10):
        if mult * power >= raw:
            return mult * power
    return 10 * power  # pragma: no cover


def _uid(*parts: object) -> str:
    """A deterministic id prefix, so several charts on one page never share pattern ids."""
    return f"c{zlib.crc32(repr(parts).encode()):08x}"


def _defs(uid: str, count: int) -> str:
    out = []
    for i in range(1, min(count, len(PATTERNS))):
        out.append(f'<pattern id="{uid}p{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
                   f"{PATTERNS[i]}</pattern>")
    return f"<defs>{''.join(out)}</defs>"


def _rect(uid: str, series: int, x: float, y: float, w: float, h: float) -> str:
    colour = PALETTE[series % len(PALETTE)]
    rect = f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>'
    if series % len(PATTERNS):
        rect += (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                 f'fill="url(#{uid}p{series % len(PATTERNS)})"/>')
    return rect


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "", size: int = 11) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} font-size="{size}"{extra}>'
            f"{text}</text>")


def _frame(width: int, height: int, title: str, body: str, uid: str, series: int) -> str:
    heading = _text(width / 2, 16, title, extra=' font-weight="bold"', size=12)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img"><title>{escape(title)}</title>{_defs(uid, series)}'
            f'<rect width="{width}" height="{height}" fill="#fff"/>'
            f"{heading}{body}</svg>")


def _axes(left: float, top: float, right: float, bottom: float, vmax: float) -> tuple[str, float]:
    """Gridlines with their values; returns the markup and the value at the top of the plot."""
    step = nice_step(vmax)
    ymax = step * math.ceil(vmax * 1.12 / step)
    out = []
    value = 0.0
    while value <= ymax + 1e-9:
        y = bottom - (bottom - top) * value / ymax
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="#ccc" stroke-width="1"/>')
        out.append(_text(left - 4, y + 4, f"{value:,.0f}" if value == int(value) else f"{value:,}", "end"))
        value += step
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>')
    return "".join(out), ymax


def _legend(x: float, y: float, names: tuple[str, ...], uid: str) -> str:
    """Colour and pattern swatches with the series names."""
    out = []
    for i, name in enumerate(names):
        out.append(_rect(uid, i, x, y + 16 * i, 12, 12))
        out.append(_text(x + 16, y + 16 * i + 10, name, "start"))
    return "".join(out)


def label(value: int | float) -> str:
    return f"{value:,}"


def grouped_bars(title: str, groups: tuple[str, ...], series: tuple[str, ...],
                 values: tuple[tuple[int, ...], ...], unit: str) -> tuple[str, str]:
    """One group of bars per row label, one bar per series (period); every bar labelled."""
    uid = _uid("bar", title, values)
    width, height = 640, 340
    left, top, right, bottom = 56.0, 48.0, 520.0, 290.0
    grid, ymax = _axes(left, top, right, bottom, max(max(r) for r in values))
    group_w = (right - left) / len(groups)
    bar_w = min(28.0, (group_w - 12) / len(series))
    body = [grid, _text(14, 34, unit, "start")]
    for g, (name, row) in enumerate(zip(groups, values, strict=True)):
        x0 = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, value in enumerate(row):
            h = (bottom - top) * value / ymax
            x = x0 + s * bar_w
            body.append(_rect(uid, s, x + 1, bottom - h, bar_w - 2, h))
            body.append(_text(x + bar_w / 2, bottom - h - 3, label(value), size=9))
        body.append(_text(left + (g + 0.5) * group_w, bottom + 16, name))
    body.append(_legend(right + 16, top, series, uid))
    svg = _frame(width, height, title, "".join(body), uid, len(series))
    return svg, _text_bars(title, unit, [(s, [(groups[g], values[g][i]) for g in range(len(groups))])
                                         for i, s in enumerate(series)])


def stacked_bars(title: str, stacks: tuple[str, ...], parts: tuple[str, ...],
                 values: tuple[tuple[int, ...], ...], unit: str) -> tuple[str, str]:
    """One bar per period (stack), one segment per row label; segments and totals labelled."""
    uid = _uid("stack", title, values)
    width, height = 640, 400
    left, top, right, bottom = 56.0, 52.0, 480.0, 360.0
    totals = [sum(values[p][s] for p in range(len(parts))) for s in range(len(stacks))]
    grid, ymax = _axes(left, top, right, bottom, max(totals))
    slot = (right - left) / len(stacks)
    bar_w = min(64.0, slot * 0.6)
    body = [grid, _text(14, 34, unit, "start")]
    for s, name in enumerate(stacks):
        x = left + s * slot + (slot - bar_w) / 2
        y = bottom
        for p in range(len(parts)):
            value = values[p][s]
            h = (bottom - top) * value / ymax
            y -= h
            body.append(_rect(uid, p, x, y, bar_w, h))
            body.append(f'<rect x="{x + bar_w / 2 - 17:.1f}" y="{y + h / 2 - 7:.1f}" width="34" height="13" '
                        f'fill="#fff" opacity="0.85"/>')
            body.append(_text(x + bar_w / 2, y + h / 2 + 4, label(value), size=10))
        body.append(_text(x + bar_w / 2, y - 4, label(totals[s]), extra=' font-weight="bold"'))
        body.append(_text(x + bar_w / 2, bottom + 16, name))
    for i, p in enumerate(range(len(parts) - 1, -1, -1)):  # legend top-down in stacking order
        body.append(_rect(uid, p, right + 16, top + 16 * i, 12, 12))
        body.append(_text(right + 32, top + 16 * i + 10, parts[p], "start"))
    svg = _frame(width, height, title, "".join(body), uid, len(parts))
    blocks = [(stacks[s], [(parts[p], values[p][s]) for p in range(len(parts))]) for s in range(len(stacks))]
    return svg, _text_bars(title, unit, blocks, totals=totals)


def lines(title: str, xs: tuple[str, ...], names: tuple[str, ...], values: tuple[tuple[int, ...], ...],
          unit: str) -> tuple[str, str]:
    """One line per row label over the periods; every point labelled, labels pushed apart so they
    never overlap, and each line named at its end (a direct label)."""
    uid = _uid("line", title, values)
    width, height = 640, 340
    left, top, right, bottom = 56.0, 48.0, 500.0, 300.0
    grid, ymax = _axes(left, top, right, bottom, max(max(r) for r in values))
    step = (right - left) / max(1, len(xs) - 1)
    body = [grid, _text(14, 34, unit, "start")]
    dashes = ("", ' stroke-dasharray="6 3"', ' stroke-dasharray="2 3"', ' stroke-dasharray="8 3 2 3"')
    for i, row in enumerate(values):
        colour = PALETTE[i % len(PALETTE)]
        points = " ".join(f"{left + c * step:.1f},{bottom - (bottom - top) * v / ymax:.1f}" for c, v in enumerate(row))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
                    f"{dashes[i % len(dashes)]}/>")
        for c, v in enumerate(row):
            body.append(f'<circle cx="{left + c * step:.1f}" cy="{bottom - (bottom - top) * v / ymax:.1f}" r="3.5" '
                        f'fill="{colour}"/>')
    for c in range(len(xs)):  # value labels, spread vertically at each period
        column = sorted((bottom - (bottom - top) * values[i][c] / ymax, i) for i in range(len(values)))
        placed: list[float] = []
        for y, i in column:
            y_label = y - 7
            if placed and y_label - placed[-1] < 12:
                y_label = placed[-1] + 12
            placed.append(y_label)
            anchor_x = left + c * step + (8 if c < len(xs) - 1 else -8)
            body.append(_text(anchor_x, y_label, label(values[i][c]), "start" if c < len(xs) - 1 else "end",
                              extra=f' fill="{PALETTE[i % len(PALETTE)]}" font-weight="bold"'))
        body.append(_text(left + c * step, bottom + 16, xs[c]))
    ends = sorted(((bottom - (bottom - top) * row[-1] / ymax, i) for i, row in enumerate(values)))
    last = -1e9
    for y, i in ends:  # direct labels at the right end of each line
        y = max(y + 4, last + 13)
        last = y
        body.append(_text(right + 12, y, names[i], "start", extra=f' fill="{PALETTE[i % len(PALETTE)]}"'))
    svg = _frame(width, height, title, "".join(body), uid, 1)
    text = [title, f"({unit})"]
    for name, row in zip(names, values, strict=True):
        text.append(f"  {name}: " + ", ".join(f"{x} {label(v)}" for x, v in zip(xs, row, strict=True)))
    return svg, "\n".join(text)


def pie(title: str, names: tuple[str, ...], values: tuple[int, ...], unit: str) -> tuple[str, str]:
    """A pie with each slice named and valued beside it (direct labels, no legend)."""
    uid = _uid("pie", title, values)
    width, height = 640, 360
    cx, cy, radius = 320.0, 195.0, 120.0
    total = sum(values)
    angle = -math.pi / 2
    body = []
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        sweep = 2 * math.pi * value / total
        x1, y1 = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        x2, y2 = cx + radius * math.cos(angle + sweep), cy + radius * math.sin(angle + sweep)
        large = 1 if sweep > math.pi else 0
        path = f"M{cx:.1f},{cy:.1f} L{x1:.1f},{y1:.1f} A{radius},{radius} 0 {large} 1 {x2:.1f},{y2:.1f} Z"
        colour = PALETTE[i % len(PALETTE)]
        body.append(f'<path d="{path}" fill="{colour}" stroke="#fff" stroke-width="2"/>')
        if i % len(PATTERNS):
            body.append(f'<path d="{path}" fill="url(#{uid}p{i % len(PATTERNS)})"/>')
        mid = angle + sweep / 2
        lx, ly = cx + (radius + 14) * math.cos(mid), cy + (radius + 14) * math.sin(mid)
        anchor = "start" if math.cos(mid) >= 0 else "end"
        body.append(f'<line x1="{cx + radius * math.cos(mid):.1f}" y1="{cy + radius * math.sin(mid):.1f}" '
                    f'x2="{lx:.1f}" y2="{ly:.1f}" stroke="#333"/>')
        body.append(_text(lx + (3 if anchor == "start" else -3), ly + 4, f"{name}: {label(value)}", anchor))
        angle += sweep
    body.append(_text(cx, height - 8, unit))
    svg = _frame(width, height, title, "".join(body), uid, len(names))
    return svg, _text_bars(title, unit, [("", list(zip(names, values, strict=True)))])


def _text_bars(title: str, unit: str, blocks: list[tuple[str, list[tuple[str, int]]]],
               totals: list[int] | None = None) -> str:
    """Terminal rendering: a block per period of labelled bars with their values."""
    top = max(v for _, pairs in blocks for _, v in pairs)
    width = max(len(name) for _, pairs in blocks for name, _ in pairs)
    out = [title, f"({unit})"]
    for index, (heading, pairs) in enumerate(blocks):
        if heading:
            total = f" (total {label(totals[index])})" if totals else ""
            out.append(f"{heading}{total}")
        for name, value in pairs:
            bar = BAR * max(1, round(TEXT_WIDTH * value / top))
            out.append(f"  {name.ljust(width)}  {bar} {label(value)}")
    return "\n".join(out)
