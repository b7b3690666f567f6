"""A small SVG chart builder for the data-interpretation items: grouped bars, stacked bars, lines
and pies, by plain string formatting. As in the real tests, bars, segments and points are read off
a value axis with labelled gridlines (no value labels); pie slices, which cannot be read off an
axis, are labelled. Colours come from the Okabe-Ito colour-blind-safe palette, and series are also
told apart by patterns (bars), marker shapes and dashes (lines) or direct labels. Data marks carry
class "m", gridlines "g" and tick labels "t", so that a check reads the values back from the
geometry. Each chart also renders as text for the terminal: labelled text bars with their values
(the terminal cannot show the drawing)."""

from __future__ import annotations

import math
import re
import zlib
from html import escape

from question_generators.numeric.common import nb, read

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
STYLE = "<style>text{font-family:sans-serif}</style>"  # one rule instead of an attribute per label
BAR = "\u2588"
TEXT_WIDTH = 32
GRIDLINES = 12  # at least this many gridlines on a value axis (12-24: 12-25 px apart on a 300 px plot)
MAX_LABELS = 16  # with more gridlines than this, every other one is labelled


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


def _rect(uid: str, series: int, x: float, y: float, w: float, h: float, mark: bool = True) -> str:
    """A bar or a segment (class "m", a data mark, unless it is a legend swatch)."""
    colour = PALETTE[series % len(PALETTE)]
    cls = ' class="m"' if mark else ""
    rect = f'<rect{cls} x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>'
    if series % len(PATTERNS):
        rect += (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                 f'fill="url(#{uid}p{series % len(PATTERNS)})"/>')
    return rect


def _text(x: float, y: float, text: str, anchor: str = "middle", extra: str = "", size: int = 11) -> str:
    if "&" in text or "<" in text or ">" in text:
        text = escape(text)
    sized = "" if size == 11 else f' font-size="{size}"'
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{sized}{extra}>{text}</text>'


def _frame(width: int, height: int, title: str, body: str, uid: str, series: int) -> str:
    heading = _text(width / 2, 16, title, extra=' font-weight="bold"', size=12)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-size="11" role="img"><title>{escape(title)}</title>{STYLE}{_defs(uid, series)}'
            f'<rect width="{width}" height="{height}" fill="#fff"/>'
            f"{heading}{body}</svg>")


def grid(vmax: float, ticks: int = GRIDLINES) -> tuple[float, float]:
    """The gridline step for values up to `vmax` (the largest round step, 1, 2, 2.5 or 5 times a
    power of ten, giving at least `ticks` lines, so at most about twice as many) and the read step:
    half a gridline when that is a whole number, else a whole gridline. Chart values are drawn on
    multiples of the read step, so every one lies on a gridline or halfway between two and a
    careful reader reads it exactly (as in the real tests, where bars end on or between gridlines)."""
    raw = vmax * 1.05 / ticks
    power = 10 ** math.floor(math.log10(raw))
    # whole-number steps only (the values are whole numbers): 2.5 is skipped below 10
    step = max(1.0, next((m * power for m in (5, 2.5, 2, 1) if m * power <= raw and m * power == int(m * power)),
                         1.0))
    half = step / 2
    return step, half if half == int(half) and half >= 1 else step


def _axes(left: float, top: float, right: float, bottom: float, vmax: float,
          step: float | None = None, lang: str = "en") -> tuple[str, float]:
    """Gridlines with their values; returns the markup and the value at the top of the plot. Tick
    labels carry class "t" and gridlines class "g", so that a check can read the axis back."""
    step = step or nice_step(vmax)
    ymax = step * math.ceil(vmax * 1.05 / step)
    out = []
    count = round(ymax / step)
    every = 1 if count <= MAX_LABELS else 2  # labels at least about 18 px apart
    per = (bottom - top) / count
    whole = step == int(step)
    for i in range(count + 1):
        y = bottom - per * i
        ys = f"{y:.1f}"
        if i % every:
            out.append(f'<line class="g" x1="{left}" y1="{ys}" x2="{right}" y2="{ys}" stroke="#d5d5d5"/>')
            continue
        value = i * step
        text = f"{value:,.0f}" if whole else f"{value:,}"
        if lang != "en":  # Bokmål: 1 250 and 2,5 (the report charts write their axes the same way)
            text = nb(text)
        out.append(f'<line class="g" x1="{left}" y1="{ys}" x2="{right}" y2="{ys}" stroke="#aaa"/>'
                   f'<text x="{left - 4:.1f}" y="{y + 4:.1f}" text-anchor="end" class="t">{text}</text>')
    out.append(f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>')
    return "".join(out), ymax


def _legend(x: float, y: float, names: tuple[str, ...], uid: str) -> str:
    """Colour and pattern swatches with the series names."""
    out = []
    for i, name in enumerate(names):
        out.append(_rect(uid, i, x, y + 16 * i, 12, 12, mark=False))
        out.append(_text(x + 16, y + 16 * i + 10, name, "start"))
    return "".join(out)


def label(value: int | float, lang: str = "en") -> str:
    return f"{value:,}" if lang == "en" else nb(f"{value:,}")


TOTAL = {"en": "total", "nb": "totalt"}  # the terminal text of a stacked bar: "(total 1,250)"


def grouped_bars(title: str, groups: tuple[str, ...], series: tuple[str, ...],
                 values: tuple[tuple[int, ...], ...], unit: str, step: float | None = None,
                 table: tuple[str, tuple[int, ...]] | None = None, lang: str = "en") -> tuple[str, str]:
    """One group of bars per row label, one bar per series (period), read off the gridlines: no
    bar carries its value (the text rendering does). With `table` (a heading and one figure per
    group) a small table beside the legend gives a second measure: a stimulus in two parts."""
    uid = _uid("bar", title, values, table)
    width, height = (640 if table is None else 800), 400
    left, top, right, bottom = 56.0, 48.0, 520.0, 350.0
    grid_lines, ymax = _axes(left, top, right, bottom, max(max(r) for r in values), step, lang)
    group_w = (right - left) / len(groups)
    bar_w = min(28.0, (group_w - 12) / len(series))
    body = [grid_lines, _text(14, 34, unit, "start")]
    for g, (name, row) in enumerate(zip(groups, values, strict=True)):
        x0 = left + g * group_w + (group_w - bar_w * len(series)) / 2
        for s, value in enumerate(row):
            h = (bottom - top) * value / ymax
            x = x0 + s * bar_w
            body.append(_rect(uid, s, x + 1, bottom - h, bar_w - 2, h))
        body.append(_text(left + (g + 0.5) * group_w, bottom + 16, name))
    body.append(_legend(right + 16, top, series, uid))
    text = _text_bars(title, unit, [(s, [(groups[g], values[g][i]) for g in range(len(groups))])
                                    for i, s in enumerate(series)], lang=lang)
    if table is not None:
        heading, figures = table
        y = top + 16 * len(series) + 28
        body.append(_text(right + 16, y, heading, "start", extra=' font-weight="bold"'))
        body.append(f'<line x1="{right + 16}" y1="{y + 6}" x2="{width - 12}" y2="{y + 6}" stroke="#333"/>')
        for g, (name, figure) in enumerate(zip(groups, figures, strict=True)):
            row_y = y + 22 + 18 * g
            body.append(_text(right + 16, row_y, name, "start"))
            body.append(_text(width - 12, row_y, label(figure, lang), "end", extra=' class="x"'))
        width_name = max(len(name) for name in groups)
        text += "\n" + heading + "\n" + "\n".join(f"  {name.ljust(width_name)}  {label(figure, lang)}"
                                                   for name, figure in zip(groups, figures, strict=True))
    svg = _frame(width, height, title, "".join(body), uid, len(series))
    return svg, text


def stacked_bars(title: str, stacks: tuple[str, ...], parts: tuple[str, ...],
                 values: tuple[tuple[int, ...], ...], unit: str, step: float | None = None,
                 lang: str = "en") -> tuple[str, str]:
    """One bar per period (stack), one segment per row label, read off the gridlines (a segment is
    the difference of its two ends); no segment or total is labelled."""
    uid = _uid("stack", title, values)
    width, height = 640, 440
    left, top, right, bottom = 56.0, 52.0, 480.0, 400.0
    totals = [sum(values[p][s] for p in range(len(parts))) for s in range(len(stacks))]
    grid_lines, ymax = _axes(left, top, right, bottom, max(totals), step, lang)
    slot = (right - left) / len(stacks)
    bar_w = min(64.0, slot * 0.6)
    body = [grid_lines, _text(14, 34, unit, "start")]
    for s, name in enumerate(stacks):
        x = left + s * slot + (slot - bar_w) / 2
        y = bottom
        for p in range(len(parts)):
            h = (bottom - top) * values[p][s] / ymax
            y -= h
            body.append(_rect(uid, p, x, y, bar_w, h))
            body.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + bar_w:.1f}" y2="{y:.1f}" stroke="#fff"/>')
        body.append(_text(x + bar_w / 2, bottom + 16, name))
    for i, p in enumerate(range(len(parts) - 1, -1, -1)):  # legend top-down in stacking order
        body.append(_rect(uid, p, right + 16, top + 16 * i, 12, 12, mark=False))
        body.append(_text(right + 32, top + 16 * i + 10, parts[p], "start"))
    svg = _frame(width, height, title, "".join(body), uid, len(parts))
    blocks = [(stacks[s], [(parts[p], values[p][s]) for p in range(len(parts))]) for s in range(len(stacks))]
    return svg, _text_bars(title, unit, blocks, totals=totals, lang=lang)


def lines(title: str, xs: tuple[str, ...], names: tuple[str, ...], values: tuple[tuple[int, ...], ...],
          unit: str, step: float | None = None, lang: str = "en") -> tuple[str, str]:
    """One line per row label over the periods, with a marker at each value, read off the
    gridlines; each line is named at its end (a direct label) and no point carries its value."""
    uid = _uid("line", title, values)
    width, height = 640, 400
    left, top, right, bottom = 56.0, 48.0, 500.0, 360.0
    grid_lines, ymax = _axes(left, top, right, bottom, max(max(r) for r in values), step, lang)
    step_x = (right - left) / max(1, len(xs) - 1)
    body = [grid_lines, _text(14, 34, unit, "start")]
    dashes = ("", ' stroke-dasharray="6 3"', ' stroke-dasharray="2 3"', ' stroke-dasharray="8 3 2 3"')
    shapes = ("circle", "square", "diamond")  # markers told apart by shape as well as colour
    for i, row in enumerate(values):
        colour = PALETTE[i % len(PALETTE)]
        points = " ".join(f"{left + c * step_x:.1f},{bottom - (bottom - top) * v / ymax:.1f}"
                          for c, v in enumerate(row))
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"'
                    f"{dashes[i % len(dashes)]}/>")
        for c, v in enumerate(row):
            body.append(_marker(shapes[i % len(shapes)], left + c * step_x, bottom - (bottom - top) * v / ymax,
                                colour))
    for c in range(len(xs)):
        body.append(_text(left + c * step_x, bottom + 16, xs[c]))
    ends = sorted(((bottom - (bottom - top) * row[-1] / ymax, i) for i, row in enumerate(values)))
    last = -1e9
    for y, i in ends:  # direct labels at the right end of each line
        y = max(y + 4, last + 13)
        last = y
        body.append(_text(right + 12, y, names[i], "start", extra=f' fill="{PALETTE[i % len(PALETTE)]}"'))
    svg = _frame(width, height, title, "".join(body), uid, 1)
    text = [title, f"({unit})"]
    for name, row in zip(names, values, strict=True):
        # Bokmål "2023: 1 250" (a bare "2023 125" would read as one grouped number)
        sep = " " if lang == "en" else ": "
        text.append(f"  {name}: " + ", ".join(f"{x}{sep}{label(v, lang)}" for x, v in zip(xs, row, strict=True)))
    return svg, "\n".join(text)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A data point (class "m"), centred exactly on (x, y) so that its value can be read back."""
    if shape == "square":
        return (f'<rect class="m" x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}" '
                f'stroke="#fff"/>')
    if shape == "diamond":
        return (f'<path class="m" d="M{x:.1f},{y - 5:.1f} L{x + 5:.1f},{y:.1f} L{x:.1f},{y + 5:.1f} '
                f'L{x - 5:.1f},{y:.1f} Z" fill="{colour}" stroke="#fff"/>')
    return f'<circle class="m" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}" stroke="#fff"/>'


def pie(title: str, names: tuple[str, ...], values: tuple[int, ...], unit: str,
        lang: str = "en") -> tuple[str, str]:
    """A pie with each slice named and valued beside it (direct labels, no legend): an angle
    cannot be read to a value, so a real test labels its slices."""
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
        body.append(f'<path class="m" d="{path}" fill="{colour}" stroke="#fff" stroke-width="2"/>')
        if i % len(PATTERNS):
            body.append(f'<path d="{path}" fill="url(#{uid}p{i % len(PATTERNS)})"/>')
        mid = angle + sweep / 2
        lx, ly = cx + (radius + 14) * math.cos(mid), cy + (radius + 14) * math.sin(mid)
        anchor = "start" if math.cos(mid) >= 0 else "end"
        body.append(f'<line x1="{cx + radius * math.cos(mid):.1f}" y1="{cy + radius * math.sin(mid):.1f}" '
                    f'x2="{lx:.1f}" y2="{ly:.1f}" stroke="#333"/>')
        body.append(_text(lx + (3 if anchor == "start" else -3), ly + 4, f"{name}: {label(value, lang)}", anchor))
        angle += sweep
    body.append(_text(cx, height - 8, unit))
    svg = _frame(width, height, title, "".join(body), uid, len(names))
    return svg, _text_bars(title, unit, [("", list(zip(names, values, strict=True)))], lang=lang)


def _text_bars(title: str, unit: str, blocks: list[tuple[str, list[tuple[str, int]]]],
               totals: list[int] | None = None, lang: str = "en") -> str:
    """Terminal rendering: a block per period of labelled bars with their values."""
    top = max(v for _, pairs in blocks for _, v in pairs)
    width = max(len(name) for _, pairs in blocks for name, _ in pairs)
    out = [title, f"({unit})"]
    for index, (heading, pairs) in enumerate(blocks):
        if heading:
            total = f" ({TOTAL[lang]} {label(totals[index], lang)})" if totals else ""
            out.append(f"{heading}{total}")
        for name, value in pairs:
            bar = BAR * max(1, round(TEXT_WIDTH * value / top))
            out.append(f"  {name.ljust(width)}  {bar} {label(value, lang)}")
    return "\n".join(out)


# -- reading a chart back from its drawing (the check of numeric.data_chart) ----------------------
_NUMBER = r"(-?[\d.]+)"
_TICK = re.compile(rf'<text x="{_NUMBER}" y="{_NUMBER}" text-anchor="end" class="t">([^<]*)</text>')
_BAR = re.compile(r'<rect class="m" x="[^"]*" y="[^"]*" width="[^"]*" height="([^"]*)"')
# a line's markers: a circle's centre, a square's top edge, a diamond's top vertex
_POINT = re.compile(r'<circle class="m" cx="[^"]*" cy="([^"]*)"|<rect class="m" x="[^"]*" y="([^"]*)" '
                    r'|<path class="m" d="M[^,]*,([^ ]*) ')
_SLICE = re.compile(r'<path class="m" d="([^"]*)"')
_PIE = re.compile(rf"M{_NUMBER},{_NUMBER} L{_NUMBER},{_NUMBER} A[^ ]+ 0 ([01]) 1 {_NUMBER},{_NUMBER} Z")


class ChartReadError(ValueError):
    """The drawing cannot be read back (no axis, a mark of an unknown shape)."""


def axis_of(svg: str, lang: str = "en") -> tuple[float, float, list[float]]:
    """(y of the zero line, pixels per unit, tick values) from the labelled gridlines (read as the
    chart's language writes them)."""
    ticks = [(read(text, lang), float(y) - 4) for _, y, text in _TICK.findall(svg)]
    if len(ticks) < 2:
        raise ChartReadError("the chart has no value axis")
    (v0, y0), (v1, y1) = ticks[0], ticks[-1]
    scale = (y0 - y1) / (v1 - v0)
    for v, y in ticks:  # one straight axis: every tick where the first and last put it
        if abs(y0 - (v - v0) * scale - y) > 0.2:
            raise ChartReadError(f"the tick {v:g} is off the axis")
    return y0 + v0 * scale, scale, [v for v, _ in ticks]


def read_marks(svg: str, chart: str, lang: str = "en") -> list[float]:
    """The values of the data marks in drawing order, read from their geometry: bar and segment
    heights (bar, stacked) or marker centres (line) against the axis, or for a pie each slice's
    share of the circle (0-1)."""
    if chart == "pie":
        out = []
        for d in _SLICE.findall(svg):
            m = _PIE.match(d)
            if not m:
                raise ChartReadError("a pie slice is not a sector")
            cx, cy, x1, y1, large, x2, y2 = (float(g) for g in m.groups())
            sweep = (math.atan2(y2 - cy, x2 - cx) - math.atan2(y1 - cy, x1 - cx)) % (2 * math.pi)
            if large == 1 and sweep < math.pi:  # pragma: no cover (rounding at exactly half)
                sweep += 2 * math.pi
            out.append(sweep / (2 * math.pi))
        return out
    zero, scale, _ = axis_of(svg, lang)
    if chart in ("bar", "stacked"):
        return [float(h) / scale for h in _BAR.findall(svg)]
    out = []
    for cy, top, vertex in _POINT.findall(svg):
        # the square is 8 px and the diamond 10 px tall, both centred on the point
        y = float(cy) if cy else float(top) + 4 if top else float(vertex) + 5
        out.append((zero - y) / scale)
    return out
