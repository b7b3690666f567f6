"""Small SVG charts of our own, fed with numpy arrays: line with band, bars, stacked bars, histogram,
heat map and scatter.

Every chart is one `<svg role="img">` string with a `<title>` and a `<desc>` (its text alternative),
axes with "nice" ticks, and labels sized to stay legible when the report is read on a phone (the
stylesheet keeps a minimum chart width and lets the figure scroll). Colours come from the Okabe-Ito
palette, which stays distinct for the common colour-vision deficiencies, and colour is never the only
cue: series also differ by marker and dash, bar categories by fill pattern. No scripts, no outside
references: the markup is safe to inline in a self-contained report. All text is escaped here."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

from engine.i18n import t

# Okabe & Ito (2008), "Color Universal Design". Yellow (#F0E442) is left out of the series list: it
# is too light on white for lines and text.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
             "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7"}
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
MARKERS = ("circle", "square", "triangle", "diamond", "cross", "plus", "star")
PATTERNS = ("solid", "hatch", "dots", "grid", "vertical", "backhatch", "horizontal")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 5", "10 4", "4 2")
GREY = "#6b6b6b"
INK = "#1d2330"
MUTED = "#4a5568"
LINE = "#d5dae3"
# Viridis at five stops: perceptually uniform and colour-blind safe, dark enough at the top for
# white text, light enough at the bottom for black text.
VIRIDIS = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")

WIDTH = 520
HEIGHT = 300
FONT = 14  # in viewBox units; the CSS keeps charts >= 26rem wide, so SMALL never drops below 10px
SMALL = 13
CHAR = 0.58  # average glyph width as a fraction of the font size, for layout estimates
Number = Callable[[float], str]


@dataclass(frozen=True, slots=True)
class Style:
    """How one series or category is drawn: colour plus a second cue (pattern, marker, dash)."""

    colour: str
    pattern: str = "solid"
    marker: str = "circle"
    dash: str = ""
    outline: bool = False  # drawn as an outline only (e.g. items never reached)


def style(index: int) -> Style:
    """The index-th default style: colour, pattern, marker and dash all change together."""
    i = index % len(SERIES_COLOURS)
    return Style(SERIES_COLOURS[i], PATTERNS[i % len(PATTERNS)], MARKERS[i % len(MARKERS)], DASHES[i % len(DASHES)])


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a line chart, with an optional band (e.g. +- 1 standard error). NaN is a gap."""

    label: str
    y: np.ndarray
    low: np.ndarray | None = None
    high: np.ndarray | None = None


# -- numbers ----------------------------------------------------------------------------------------
def _nice(value: float, round_it: bool) -> float:
    """Heckbert's nice number: 1, 2, 5 or 10 times a power of ten."""
    if value <= 0 or not math.isfinite(value):
        return 1.0
    exponent = math.floor(math.log10(value))
    fraction = value / 10**exponent
    if round_it:
        nice = 1 if fraction < 1.5 else 2 if fraction < 3 else 5 if fraction < 7 else 10
    else:
        nice = 1 if fraction <= 1 else 2 if fraction <= 2 else 5 if fraction <= 5 else 10
    return nice * 10.0**exponent


def nice_ticks(low: float, high: float, count: int = 5) -> np.ndarray:
    """Round tick values covering [low, high]: about `count` of them, steps of 1, 2 or 5 x 10^k."""
    if not (math.isfinite(low) and math.isfinite(high)):
        low, high = 0.0, 1.0
    if high < low:
        low, high = high, low
    if high == low:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _nice(_nice(high - low, False) / max(1, count - 1), True)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    ticks = np.arange(start, stop + step / 2, step)
    return np.round(ticks, 10)


def percent_text(value: float, decimals: int = 0) -> str:
    """A percentage as the report's language writes it: 80% in English, 80 % in Bokmål."""
    from engine.i18n import language
    from question_generators.display import format_percent

    return format_percent(value, decimals, language())


def tick_format(ticks: np.ndarray) -> Number:
    """A formatter with as many decimals as the tick step needs (0.25 -> 2, 5 -> 0)."""
    step = float(np.min(np.diff(ticks))) if len(ticks) > 1 else 1.0
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    from engine.i18n import language
    from question_generators.display import format_number

    lang = language()  # the report's language: 1,250.5 in English, 1 250,5 in Bokmål
    return lambda v: format_number(v, decimals, lang).replace("-", "−")


def _t(text: object) -> str:
    return escape(str(text), quote=True)


def _width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


def _shorten(text: str, room: float, size: float = FONT) -> str:
    """Cut a label to fit `room` units, with an ellipsis (the full text stays in a <title>)."""
    most = max(3, int(room / (size * CHAR)))
    return text if len(text) <= most else text[: most - 1] + "…"


def _f(value: float) -> str:
    """Coordinates with one decimal: small files, no visible rounding."""
    return f"{value:.1f}".rstrip("0").rstrip(".") if math.isfinite(value) else "0"


# -- building blocks --------------------------------------------------------------------------------
class _Svg:
    """Collects the parts of one chart and wraps them in an accessible <svg>."""

    def __init__(self, ident: str, title: str, desc: str, width: int, height: int) -> None:
        self.ident = "".join(c if c.isalnum() or c in "-_" else "-" for c in ident) or "chart"
        self.title, self.desc, self.width, self.height = title, desc, width, height
        self.defs: list[str] = []
        self.body: list[str] = []
        self._patterns: dict[tuple[str, str], str] = {}

    def fill(self, s: Style) -> str:
        """The fill of a bar: the plain colour, or a pattern of the colour over white."""
        if s.pattern == "solid" or s.outline:
            return s.colour if not s.outline else "#ffffff"
        key = (s.colour, s.pattern)
        if key not in self._patterns:
            pid = f"{self.ident}-p{len(self._patterns)}"
            self._patterns[key] = pid
            self.defs.append(_pattern(pid, s.colour, s.pattern))
        return f"url(#{self._patterns[key]})"

    def add(self, *parts: str) -> None:
        self.body.extend(parts)

    def text(self, x: float, y: float, content: str, *, size: int = FONT, anchor: str = "start",
             colour: str = INK, weight: str = "", rotate: bool = False, full: str | None = None) -> None:
        extra = f' font-weight="{weight}"' if weight else ""
        transform = f' transform="rotate(-90 {_f(x)} {_f(y)})"' if rotate else ""
        tip = f"<title>{_t(full)}</title>" if full and full != content else ""
        self.body.append(f'<text x="{_f(x)}" y="{_f(y)}" font-size="{size}" text-anchor="{anchor}" '
                         f'fill="{colour}"{extra}{transform}>{tip}{_t(content)}</text>')

    def legend(self, entries: Sequence[tuple[str, Style]], y: float, kind: str = "box") -> float:
        """Swatches with labels in rows from the left; returns the height used."""
        x, row_height, left = 8.0, FONT + 8, 8.0
        rows = 1
        for label, s in entries:
            need = 22 + _width(label, SMALL) + 16
            if x + need > self.width - 8 and x > left:
                x, rows = left, rows + 1
            top = y + (rows - 1) * row_height
            if kind == "line":
                self.add(f'<line x1="{_f(x)}" y1="{_f(top + 7)}" x2="{_f(x + 18)}" y2="{_f(top + 7)}" '
                         f'stroke="{s.colour}" stroke-width="2.5"{_dash(s)}/>',
                         _marker(s, x + 9, top + 7, 4.5))
            else:
                stroke = f' stroke="{s.colour if s.outline else INK}" stroke-width="1"'
                stroke += ' stroke-dasharray="3 2"' if s.outline else ""
                self.add(f'<rect x="{_f(x)}" y="{_f(top)}" width="16" height="14" fill="{self.fill(s)}"{stroke}/>')
            self.text(x + 22, top + 12, label, size=SMALL)
            x += need
        return rows * row_height

    def render(self) -> str:
        i = self.ident
        defs = f"<defs>{''.join(self.defs)}</defs>" if self.defs else ""
        return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {self.width} {self.height}" '
                f'width="{self.width}" height="{self.height}" role="img" aria-labelledby="{i}-t {i}-d" '
                f'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" data-chart="{i}">'
                f'<title id="{i}-t">{_t(self.title)}</title><desc id="{i}-d">{_t(self.desc)}</desc>'
                f"{defs}{''.join(self.body)}</svg>")


def _pattern(pid: str, colour: str, kind: str) -> str:
    """A 6x6 tile: the colour with white lines or dots, so fills differ without colour."""
    ink = {
        "hatch": '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#fff" stroke-width="1.6"/>',
        "backhatch": '<path d="M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" stroke="#fff" stroke-width="1.6"/>',
        "dots": '<circle cx="3" cy="3" r="1.4" fill="#fff"/>',
        "grid": '<path d="M0,3 h6 M3,0 v6" stroke="#fff" stroke-width="1.2"/>',
        "vertical": '<path d="M3,0 v6" stroke="#fff" stroke-width="1.6"/>',
        "horizontal": '<path d="M0,3 h6" stroke="#fff" stroke-width="1.6"/>',
    }.get(kind, "")
    return (f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<rect width="6" height="6" fill="{colour}"/>{ink}</pattern>')


def _dash(s: Style) -> str:
    return f' stroke-dasharray="{s.dash}"' if s.dash else ""


def _marker(s: Style, x: float, y: float, r: float = 4.0, tip: str = "") -> str:
    """A point marker whose shape (not only colour) tells the series apart."""
    c, title = s.colour, f"<title>{_t(tip)}</title>" if tip else ""
    fill = "#fff" if s.outline else c
    common = f'fill="{fill}" stroke="{c if s.outline else "#fff"}" stroke-width="{1.5 if s.outline else 1}"'
    X, Y = _f(x), _f(y)
    if s.marker == "square":
        shape = f'<rect x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" height="{_f(2 * r)}" {common}>'
        return shape + title + "</rect>"
    if s.marker in ("triangle", "diamond", "star"):
        if s.marker == "triangle":
            pts = [(x, y - 1.2 * r), (x + 1.1 * r, y + 0.8 * r), (x - 1.1 * r, y + 0.8 * r)]
        elif s.marker == "diamond":
            pts = [(x, y - 1.3 * r), (x + 1.3 * r, y), (x, y + 1.3 * r), (x - 1.3 * r, y)]
        else:
            pts = [(x + (1.4 * r if k % 2 == 0 else 0.6 * r) * math.sin(k * math.pi / 5),
                    y - (1.4 * r if k % 2 == 0 else 0.6 * r) * math.cos(k * math.pi / 5)) for k in range(10)]
        return f'<polygon points="{" ".join(f"{_f(a)},{_f(b)}" for a, b in pts)}" {common}>{title}</polygon>'
    if s.marker in ("cross", "plus"):
        d = (f"M{_f(x - r)},{_f(y - r)} L{_f(x + r)},{_f(y + r)} M{_f(x - r)},{_f(y + r)} L{_f(x + r)},{_f(y - r)}"
             if s.marker == "cross" else f"M{_f(x - r)},{Y} H{_f(x + r)} M{X},{_f(y - r)} V{_f(y + r)}")
        return f'<path d="{d}" stroke="{c}" stroke-width="2.5" fill="none">{title}</path>'
    return f'<circle cx="{X}" cy="{Y}" r="{_f(r)}" {common}>{title}</circle>'


@dataclass(slots=True)
class _Plot:
    """The plotting rectangle and the data-to-pixel maps of an x/y chart."""

    left: float
    top: float
    right: float
    bottom: float
    x_lo: float
    x_hi: float
    y_lo: float
    y_hi: float

    def sx(self, v: np.ndarray | float) -> np.ndarray:
        span = (self.x_hi - self.x_lo) or 1.0
        return self.left + (np.asarray(v, dtype=float) - self.x_lo) / span * (self.right - self.left)

    def sy(self, v: np.ndarray | float) -> np.ndarray:
        span = (self.y_hi - self.y_lo) or 1.0
        return self.bottom - (np.asarray(v, dtype=float) - self.y_lo) / span * (self.bottom - self.top)


def _y_axis(svg: _Svg, plot: _Plot, ticks: np.ndarray, fmt: Number, label: str) -> None:
    for v in ticks:
        y = float(plot.sy(v))
        svg.add(f'<line x1="{_f(plot.left)}" y1="{_f(y)}" x2="{_f(plot.right)}" y2="{_f(y)}" stroke="{LINE}"/>')
        svg.text(plot.left - 6, y + SMALL * 0.35, fmt(float(v)), size=SMALL, anchor="end", colour=MUTED)
    if label:
        svg.text(14, (plot.top + plot.bottom) / 2, label, size=SMALL, anchor="middle", colour=MUTED, rotate=True)


def _x_axis(svg: _Svg, plot: _Plot, positions: Sequence[float], labels: Sequence[str], title: str) -> None:
    svg.add(f'<line x1="{_f(plot.left)}" y1="{_f(plot.bottom)}" x2="{_f(plot.right)}" y2="{_f(plot.bottom)}" '
            f'stroke="{MUTED}"/>')
    room = (plot.right - plot.left) / max(1, len(labels))
    for v, label in zip(positions, labels, strict=True):
        x = float(plot.sx(v))
        svg.add(f'<line x1="{_f(x)}" y1="{_f(plot.bottom)}" x2="{_f(x)}" y2="{_f(plot.bottom + 4)}" stroke="{MUTED}"/>')
        svg.text(x, plot.bottom + 6 + SMALL, _shorten(label, room, SMALL), size=SMALL, anchor="middle",
                 colour=MUTED, full=label)
    if title:
        svg.text((plot.left + plot.right) / 2, svg.height - 6, title, size=SMALL, anchor="middle", colour=MUTED)


def _pick(count: int, most: int) -> list[int]:
    """At most `most` indices of `count` at a regular step, starting with the first (the last is
    added when it does not crowd its neighbour), so axis labels never run into each other."""
    if count <= most:
        return list(range(count))
    step = math.ceil(count / max(1, most))
    picks = list(range(0, count, step))
    if count - 1 - picks[-1] >= step * 0.75:
        picks.append(count - 1)
    return picks


def _range(*arrays: np.ndarray | None) -> tuple[float, float]:
    finite = [a[np.isfinite(a)] for a in arrays if a is not None and np.size(a)]
    finite = [a for a in finite if a.size]
    if not finite:
        return 0.0, 1.0
    values = np.concatenate(finite)
    return float(values.min()), float(values.max())


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Start and end (exclusive) of each run of True in `mask`."""
    runs, start = [], None
    for i, ok in enumerate(mask):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(mask)))
    return runs


# -- line chart with bands ----------------------------------------------------------------------------
def line_chart(x: np.ndarray, series: Sequence[Series], *, title: str, desc: str = "", ident: str = "line",
               x_label: str = "", y_label: str = "", x_labels: Sequence[str] | None = None,
               y_range: tuple[float, float] | None = None, y_format: Number | None = None,
               width: int = WIDTH, height: int = HEIGHT, max_markers: int = 60) -> str:
    """Lines over a shared x with shaded bands; `x_labels` names each x (e.g. weeks) instead of numbers."""
    x = np.asarray(x, dtype=float)
    styles = [style(i) for i in range(len(series))]
    svg = _Svg(ident, title, desc or _line_desc(title, x, series, x_labels), width, height)
    top = 8 + svg.legend([(s.label, st) for s, st in zip(series, styles, strict=True)], 8, "line") + 8 \
        if len(series) > 1 else 12
    lo, hi = y_range or _range(*(a for s in series for a in (s.y, s.low, s.high)))
    y_ticks = nice_ticks(lo, hi, 5)
    if y_range:
        y_ticks = y_ticks[(y_ticks >= y_range[0] - 1e-9) & (y_ticks <= y_range[1] + 1e-9)]
    fmt = y_format or tick_format(y_ticks)
    left = 16 + (20 if y_label else 0) + max(_width(fmt(float(v)), SMALL) for v in y_ticks) + 8
    x_lo, x_hi = (float(x.min()), float(x.max())) if x.size else (0.0, 1.0)
    if x_hi == x_lo:
        x_lo, x_hi = x_lo - 1, x_hi + 1
    pad = (x_hi - x_lo) * 0.03
    plot = _Plot(left, top, width - 16, height - (40 if x_label else 26),
                 x_lo - pad, x_hi + pad, float(y_ticks[0]), float(y_ticks[-1]))
    _y_axis(svg, plot, y_ticks, fmt, y_label)
    if x_labels is not None:
        room = max(1, int((plot.right - plot.left) / (max(len(s) for s in x_labels) * SMALL * 0.62 + 16)))
        picks = _pick(len(x), min(room, 10))
        _x_axis(svg, plot, [float(x[i]) for i in picks], [x_labels[i] for i in picks], x_label)
    else:
        xt = nice_ticks(x_lo, x_hi, 6)
        xt = xt[(xt >= plot.x_lo) & (xt <= plot.x_hi)]
        xf = tick_format(xt) if len(xt) > 1 else (lambda v: f"{v:g}")
        _x_axis(svg, plot, list(xt), [xf(float(v)) for v in xt], x_label)
    px = plot.sx(x)
    for s, st in zip(series, styles, strict=True):
        y = np.asarray(s.y, dtype=float)
        if s.low is not None and s.high is not None:
            low, high = np.asarray(s.low, dtype=float), np.asarray(s.high, dtype=float)
            for a, b in _runs(np.isfinite(low) & np.isfinite(high)):
                upper = [f"{_f(px[i])},{_f(plot.sy(high[i]))}" for i in range(a, b)]
                lower = [f"{_f(px[i])},{_f(plot.sy(low[i]))}" for i in range(b - 1, a - 1, -1)]
                if b - a == 1:  # a lone point: its band is a short whisker
                    svg.add(f'<line x1="{_f(px[a])}" y1="{_f(plot.sy(low[a]))}" x2="{_f(px[a])}" '
                            f'y2="{_f(plot.sy(high[a]))}" stroke="{st.colour}" stroke-width="6" '
                            'stroke-opacity="0.25"/>')
                else:
                    svg.add(f'<polygon points="{" ".join(upper + lower)}" fill="{st.colour}" fill-opacity="0.18" '
                            f'stroke="none"/>')
        for a, b in _runs(np.isfinite(y)):
            d = " ".join(f"{'M' if i == a else 'L'}{_f(px[i])},{_f(plot.sy(y[i]))}" for i in range(a, b))
            svg.add(f'<path d="{d}" fill="none" stroke="{st.colour}" stroke-width="2.5" '
                    f'stroke-linejoin="round"{_dash(st)}/>')
        finite = np.flatnonzero(np.isfinite(y))
        if len(finite) <= max_markers:
            for i in finite:
                name = x_labels[i] if x_labels is not None else f"{x[i]:g}"
                svg.add(_marker(st, float(px[i]), float(plot.sy(y[i])), 4.5, f"{s.label}, {name}: {y[i]:.3g}"))
    return svg.render()


def _line_desc(title: str, x: np.ndarray, series: Sequence[Series], x_labels: Sequence[str] | None) -> str:
    parts = []
    for s in series:
        y = np.asarray(s.y, dtype=float)
        ok = np.flatnonzero(np.isfinite(y))
        if not len(ok):
            parts.append(f"{s.label}: {t('charts.no_data')}")
            continue
        first, last = ok[0], ok[-1]
        name = (lambda i: x_labels[i]) if x_labels is not None else (lambda i: f"{x[i]:g}")
        parts.append(f"{s.label}: {len(ok)} points from {y[first]:.3g} ({name(first)}) to {y[last]:.3g} "
                     f"({name(last)}), lowest {np.nanmin(y):.3g}, highest {np.nanmax(y):.3g}")
    return f"{title}. " + "; ".join(parts) + "."


# -- bars -----------------------------------------------------------------------------------------------
def bar_chart(labels: Sequence[str], values: np.ndarray, *, title: str, desc: str = "", ident: str = "bars",
              horizontal: bool = True, value_max: float | None = None, value_format: Number | None = None,
              categories: Sequence[int] | None = None, category_names: Sequence[str] = (),
              styles: Sequence[Style] | None = None, axis_label: str = "", x_label: str = "",
              width: int = WIDTH, height: int | None = None) -> str:
    """Bars with their values written beside them; `categories` colours and patterns each bar by kind
    (with a legend), e.g. correct, wrong, skipped and unreached items."""
    values = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    fmt = value_format or (lambda v: f"{v:g}")
    styles = list(styles or [style(i) for i in range(max(1, len(category_names)))])
    cats = list(categories) if categories is not None else [0] * len(values)
    auto = desc or (f"{title}. " + "; ".join(f"{label}: {fmt(v)}" for label, v in zip(labels, values, strict=True))
                    + ("." if len(values) else t("charts.no_data") + "."))
    if horizontal:
        return _hbars(labels, values, fmt, cats, category_names, styles, title, auto, ident, value_max,
                      axis_label, width, height)
    return _vbars(labels, values, fmt, cats, category_names, styles, title, auto, ident, value_max,
                  axis_label, x_label, width, height or HEIGHT)


def _hbars(labels: Sequence[str], values: np.ndarray, fmt: Number, cats: list[int], names: Sequence[str],
           styles: list[Style], title: str, desc: str, ident: str, value_max: float | None, axis_label: str,
           width: int, height: int | None) -> str:
    bar, gap = 20, 10
    legend_rows = 0 if len(names) < 2 else 1 + int(sum(_width(n, SMALL) + 38 for n in names) // (width - 16))
    top = 10 + legend_rows * (FONT + 8)
    height = height or int(top + len(values) * (bar + gap) + 34)
    svg = _Svg(ident, title, desc, width, height)
    if len(names) > 1:
        svg.legend([(n, styles[i]) for i, n in enumerate(names)], 8)
    label_room = min(width * 0.38, max((_width(s) for s in labels), default=40) + 12)
    hi = value_max if value_max is not None else float(values.max()) if values.size else 1.0
    ticks = nice_ticks(0.0, hi or 1.0, 5)
    if value_max is not None:
        ticks = ticks[ticks <= value_max + 1e-9]
    tf = tick_format(ticks)
    plot = _Plot(label_room, top, width - 14 - _width(fmt(hi), SMALL) - 6, height - 30, 0.0,
                 float(ticks[-1]), 0.0, 1.0)
    for v in ticks:
        x = float(plot.sx(v))
        svg.add(f'<line x1="{_f(x)}" y1="{_f(top - 4)}" x2="{_f(x)}" y2="{_f(plot.bottom)}" stroke="{LINE}"/>')
        svg.text(x, plot.bottom + 4 + SMALL, tf(float(v)), size=SMALL, anchor="middle", colour=MUTED)
    if axis_label:
        svg.text((plot.left + plot.right) / 2, height - 2, axis_label, size=SMALL, anchor="middle", colour=MUTED)
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        y = top + i * (bar + gap)
        st = styles[cats[i] % len(styles)]
        w = max(0.0, float(plot.sx(min(v, plot.x_hi))) - plot.left)
        svg.text(label_room - 8, y + bar * 0.7, _shorten(label, label_room - 12), anchor="end", full=label)
        stroke = f' stroke="{st.colour}" stroke-dasharray="3 2"' if st.outline else ""
        svg.add(f'<rect x="{_f(plot.left)}" y="{_f(y)}" width="{_f(max(w, 1.5))}" height="{bar}" '
                f'fill="{svg.fill(st)}"{stroke}><title>{_t(label)}: {_t(fmt(v))}</title></rect>')
        svg.text(plot.left + w + 5, y + bar * 0.72, fmt(v), size=SMALL)
    return svg.render()


def _vbars(labels: Sequence[str], values: np.ndarray, fmt: Number, cats: list[int], names: Sequence[str],
           styles: list[Style], title: str, desc: str, ident: str, value_max: float | None, axis_label: str,
           x_label: str, width: int, height: int) -> str:
    svg = _Svg(ident, title, desc, width, height)
    top = 8 + (svg.legend([(n, styles[i]) for i, n in enumerate(names)], 8) if len(names) > 1 else 4) + 6
    hi = value_max if value_max is not None else float(values.max()) if values.size else 1.0
    ticks = nice_ticks(0.0, hi or 1.0, 5)
    tf = tick_format(ticks)
    left = 16 + (20 if axis_label else 0) + max(_width(tf(float(v)), SMALL) for v in ticks) + 6
    n = max(1, len(values))
    plot = _Plot(left, top, width - 12, height - (40 if x_label else 26), -0.5, n - 0.5, 0.0, float(ticks[-1]))
    _y_axis(svg, plot, ticks, tf, axis_label)
    slot = (plot.right - plot.left) / n
    bw = max(1.0, slot * 0.8)
    for i, v in enumerate(values):
        st = styles[cats[i] % len(styles)]
        x = float(plot.sx(i)) - bw / 2
        y = float(plot.sy(v))
        name = names[cats[i]] if cats[i] < len(names) else ""
        tip = f"{labels[i]}: {fmt(v)}" + (f" ({name})" if name else "")
        stroke = f' stroke="{st.colour}" stroke-width="1.2"' if st.outline else ""
        svg.add(f'<rect x="{_f(x)}" y="{_f(min(y, plot.bottom - 2))}" width="{_f(bw)}" '
                f'height="{_f(max(2.0, plot.bottom - y))}" fill="{svg.fill(st)}"{stroke}>'
                f"<title>{_t(tip)}</title></rect>")
    room = int((plot.right - plot.left) / (max((len(s) for s in labels), default=1) * SMALL * CHAR + 8))
    picks = _pick(len(labels), max(2, min(room, 20)))
    _x_axis(svg, plot, [float(i) for i in picks], [labels[i] for i in picks], x_label)
    return svg.render()


def stacked_bars(labels: Sequence[str], parts: Sequence[tuple[str, np.ndarray]], *, title: str, desc: str = "",
                 ident: str = "stacked", styles: Sequence[Style] | None = None, percent: bool = False,
                 value_format: Number | None = None, axis_label: str = "", width: int = WIDTH) -> str:
    """Horizontal bars cut into parts (e.g. correct / wrong / skipped per section); `percent` scales
    each bar to 100. Segment values are written inside when they fit."""
    matrix = np.nan_to_num(np.array([np.asarray(v, dtype=float) for _, v in parts]).reshape(len(parts), len(labels)))
    totals = matrix.sum(axis=0)
    shown = matrix / np.where(totals > 0, totals, 1) * 100 if percent else matrix
    fmt = value_format or (lambda v: f"{v:g}")
    styles = list(styles or [style(i) for i in range(len(parts))])
    names = [name for name, _ in parts]
    auto = desc or (f"{title}. " + "; ".join(
        f"{label}: " + ", ".join(f"{n} {fmt(matrix[k, i])}" for k, n in enumerate(names))
        for i, label in enumerate(labels)) + ".")
    bar, gap = 22, 10
    legend_rows = 1 + int(sum(_width(n, SMALL) + 38 for n in names) // (width - 16))
    top = 10 + legend_rows * (FONT + 8)
    height = int(top + len(labels) * (bar + gap) + 34)
    svg = _Svg(ident, title, auto, width, height)
    svg.legend([(n, styles[k]) for k, n in enumerate(names)], 8)
    label_room = min(width * 0.38, max((_width(s) for s in labels), default=40) + 12)
    hi = 100.0 if percent else float(shown.sum(axis=0).max()) if len(labels) else 1.0
    ticks = nice_ticks(0.0, hi or 1.0, 5)
    if percent:
        ticks = ticks[ticks <= 100]
    tf = tick_format(ticks)
    plot = _Plot(label_room, top, width - 16, height - 30, 0.0, float(ticks[-1]), 0.0, 1.0)
    for v in ticks:
        x = float(plot.sx(v))
        svg.add(f'<line x1="{_f(x)}" y1="{_f(top - 4)}" x2="{_f(x)}" y2="{_f(plot.bottom)}" stroke="{LINE}"/>')
        svg.text(x, plot.bottom + 4 + SMALL, percent_text(float(v)) if percent else tf(float(v)), size=SMALL,
                 anchor="middle", colour=MUTED)
    if axis_label:
        svg.text((plot.left + plot.right) / 2, height - 2, axis_label, size=SMALL, anchor="middle", colour=MUTED)
    for i, label in enumerate(labels):
        y = top + i * (bar + gap)
        svg.text(label_room - 8, y + bar * 0.7, _shorten(label, label_room - 12), anchor="end", full=label)
        x = plot.left
        for k, name in enumerate(names):
            w = float(plot.sx(shown[k, i])) - plot.left
            if w <= 0:
                continue
            st = styles[k]
            stroke = f' stroke="{st.colour}" stroke-dasharray="3 2"' if st.outline else ' stroke="#fff"'
            svg.add(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(w)}" height="{bar}" fill="{svg.fill(st)}"{stroke}>'
                    f'<title>{_t(label)}, {_t(name)}: {_t(fmt(matrix[k, i]))}</title></rect>')
            text = fmt(matrix[k, i])
            if w >= _width(text, SMALL) + 8:
                dark = st.pattern == "solid" and not st.outline and st.colour in ("#0072B2", "#D55E00", "#000000",
                                                                                   "#009E73", GREY)
                # A white plate under the number keeps it readable on any colour or pattern.
                if not dark:
                    tw = _width(text, SMALL) + 4
                    svg.add(f'<rect x="{_f(x + w / 2 - tw / 2)}" y="{_f(y + 4)}" width="{_f(tw)}" '
                            f'height="{bar - 8}" fill="#fff" rx="2"/>')
                svg.text(x + w / 2, y + bar * 0.7, text, size=SMALL, anchor="middle",
                         colour="#fff" if dark else INK)
            x += w
    return svg.render()


# -- histogram ------------------------------------------------------------------------------------------
def histogram(values: np.ndarray, *, title: str, desc: str = "", ident: str = "histogram", x_label: str = "",
              y_label: str = "", bins: np.ndarray | int | None = None, marker: float | None = None,
              marker_label: str = "", width: int = WIDTH, height: int = HEIGHT) -> str:
    """Counts of `values` per bin, with an optional marked value (e.g. the mean or one candidate)."""
    values = np.asarray(values, dtype=float)
    values = values[np.isfinite(values)]
    if bins is None:
        lo, hi = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        whole = values.size and np.all(values == np.round(values)) and hi - lo <= 30
        bins = np.arange(lo - 0.5, hi + 1.5) if whole else nice_ticks(lo, hi, 10)
    counts, edges = np.histogram(values, bins=bins)
    auto = desc or (f"{title}. {values.size} values in {len(counts)} bins; "
                    + ", ".join(f"{edges[i]:g} to {edges[i + 1]:g}: {c}" for i, c in enumerate(counts) if c) + ".")
    svg = _Svg(ident, title, auto, width, height)
    y_ticks = nice_ticks(0.0, max(1.0, float(counts.max()) if counts.size else 1.0), 5)
    y_ticks = np.unique(np.round(y_ticks))  # counts are whole numbers
    fmt = tick_format(y_ticks)
    left = 16 + (20 if y_label else 0) + max(_width(fmt(float(v)), SMALL) for v in y_ticks) + 6
    top = 12 + (FONT + 8 if marker is not None else 0)
    plot = _Plot(left, top, width - 14, height - (40 if x_label else 26), float(edges[0]), float(edges[-1]),
                 0.0, float(y_ticks[-1]))
    _y_axis(svg, plot, y_ticks, fmt, y_label)
    st = style(0)
    for i, c in enumerate(counts):
        x0, x1 = float(plot.sx(edges[i])), float(plot.sx(edges[i + 1]))
        y = float(plot.sy(c))
        svg.add(f'<rect x="{_f(x0 + 1)}" y="{_f(y)}" width="{_f(max(1.0, x1 - x0 - 2))}" '
                f'height="{_f(plot.bottom - y)}" fill="{st.colour}"><title>{edges[i]:g} to {edges[i + 1]:g}: '
                f"{c}</title></rect>")
    whole_bins = np.allclose(np.diff(edges), 1) and np.allclose(edges % 1, 0.5)
    if whole_bins:
        centres = (edges[:-1] + edges[1:]) / 2
        picks = _pick(len(centres), 12)
        _x_axis(svg, plot, [float(centres[i]) for i in picks], [f"{centres[i]:g}" for i in picks], x_label)
    else:
        picks = _pick(len(edges), 12)
        ef = tick_format(edges) if len(edges) > 1 else (lambda v: f"{v:g}")
        _x_axis(svg, plot, [float(edges[i]) for i in picks], [ef(float(edges[i])) for i in picks], x_label)
    if marker is not None and math.isfinite(marker):
        x = float(plot.sx(min(max(marker, plot.x_lo), plot.x_hi)))
        svg.add(f'<line x1="{_f(x)}" y1="{_f(top - 4)}" x2="{_f(x)}" y2="{_f(plot.bottom)}" '
                f'stroke="{OKABE_ITO["vermillion"]}" stroke-width="2.5" stroke-dasharray="6 3"/>')
        anchor = "end" if x > width * 0.7 else "start"
        svg.text(x + (-5 if anchor == "end" else 5), top - 8, marker_label or f"{marker:g}", size=SMALL,
                 anchor=anchor, colour=INK, weight="600")
    return svg.render()


# -- heat map -----------------------------------------------------------------------------------------
def _hex(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def ramp(fraction: float) -> str:
    """Viridis, dark (0) to light (1), interpolated between five stops."""
    f = min(1.0, max(0.0, fraction)) * (len(VIRIDIS) - 1)
    i = min(int(f), len(VIRIDIS) - 2)
    a, b = _hex(VIRIDIS[i]), _hex(VIRIDIS[i + 1])
    w = f - i
    return "#" + "".join(f"{round(x + (y - x) * w):02x}" for x, y in zip(a, b, strict=True))


def _light(colour: str) -> bool:
    r, g, b = _hex(colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140


def heat_map(row_labels: Sequence[str], col_labels: Sequence[str], values: np.ndarray, *, title: str,
             desc: str = "", ident: str = "heat", low: float = 0.0, high: float = 100.0,
             value_format: Number | None = None, counts: np.ndarray | None = None, scale_label: str = "",
             width: int = WIDTH) -> str:
    """A grid of cells shaded by value (NaN: no data, drawn hatched). Values are written in the cells
    when they fit, so the shade is never the only cue; each cell has a <title> with its count."""
    values = np.asarray(values, dtype=float).reshape(len(row_labels), len(col_labels))
    fmt = value_format or (lambda v: f"{v:.0f}")
    n_rows, n_cols = values.shape
    auto = desc or (f"{title}. {n_rows} rows by {n_cols} columns. " + "; ".join(
        f"{r}: " + ", ".join(f"{c} {fmt(v)}" for c, v in zip(col_labels, row, strict=True) if math.isfinite(v))
        for r, row in zip(row_labels, values, strict=True)) + ".")
    label_room = min(width * 0.34, max((_width(s, SMALL) for s in row_labels), default=40) + 10)
    cell_w = min(56.0, max(6.0, (width - label_room - 10) / max(1, n_cols)))
    if max((len(c) for c in col_labels), default=0) * SMALL * CHAR > cell_w:  # labels will slant: room on the right
        cell_w = min(56.0, max(6.0, (width - label_room - 40) / max(1, n_cols)))
    cell_h = 24.0
    col_room = 60 if max((len(c) for c in col_labels), default=0) * SMALL * CHAR > cell_w else 22
    top = 8 + col_room
    gx = label_room
    nx = gx + 166 + _width(fmt(high) + " " + scale_label, SMALL) + 18
    wrap = nx + 22 + _width(t("charts.no_data"), SMALL) > width - 4  # the no-data swatch goes on a second line
    if wrap:
        nx = gx
    height = int(top + n_rows * cell_h + 52 + (22 if wrap else 0))
    svg = _Svg(ident, title, auto, width, height)
    svg.defs.append(f'<pattern id="{svg.ident}-none" patternUnits="userSpaceOnUse" width="6" height="6">'
                    f'<rect width="6" height="6" fill="#fff"/><path d="M0,6 l6,-6" stroke="{LINE}" '
                    'stroke-width="1.2"/></pattern>')
    picks = set(_pick(n_cols, max(2, int((width - label_room) / (SMALL * 1.4)))))
    for j, label in enumerate(col_labels):
        if j not in picks:
            continue
        x = label_room + (j + 0.5) * cell_w
        if col_room > 22:  # long labels stand at an angle
            svg.add(f'<text x="{_f(x)}" y="{_f(top - 6)}" font-size="{SMALL}" fill="{MUTED}" '
                    f'transform="rotate(-45 {_f(x)} {_f(top - 6)})"><title>{_t(label)}</title>'
                    f"{_t(_shorten(label, 70, SMALL))}</text>")
        else:
            svg.text(x, top - 6, label, size=SMALL, anchor="middle", colour=MUTED)
    for i, row in enumerate(row_labels):
        y = top + i * cell_h
        svg.text(label_room - 6, y + cell_h * 0.68, _shorten(row, label_room - 10, SMALL), size=SMALL,
                 anchor="end", full=row)
        for j in range(n_cols):
            v = values[i, j]
            x = label_room + j * cell_w
            n = ", " + t("charts.items", count=int(counts[i, j])) if counts is not None and math.isfinite(v) else ""
            tip = f"{row}, {col_labels[j]}: {fmt(v) if math.isfinite(v) else t('charts.no_data')}{n}"
            if math.isfinite(v):
                fill = ramp((v - low) / ((high - low) or 1.0))
                svg.add(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(cell_w)}" height="{_f(cell_h)}" fill="{fill}" '
                        f'stroke="#fff"><title>{_t(tip)}</title></rect>')
                text = fmt(v)
                if cell_w >= _width(text, SMALL) + 4:
                    svg.text(x + cell_w / 2, y + cell_h * 0.68, text, size=SMALL, anchor="middle",
                             colour=INK if _light(fill) else "#fff")
            else:
                svg.add(f'<rect x="{_f(x)}" y="{_f(y)}" width="{_f(cell_w)}" height="{_f(cell_h)}" '
                        f'fill="url(#{svg.ident}-none)" stroke="#fff"><title>{_t(tip)}</title></rect>')
    # The colour scale: a gradient with its end values, and the no-data swatch.
    gy = top + n_rows * cell_h + 14
    stops = "".join(f'<stop offset="{k / (len(VIRIDIS) - 1):.2f}" stop-color="{c}"/>' for k, c in enumerate(VIRIDIS))
    svg.defs.append(f'<linearGradient id="{svg.ident}-scale">{stops}</linearGradient>')
    svg.text(gx - 6, gy + 12, fmt(low), size=SMALL, anchor="end", colour=MUTED)
    svg.add(f'<rect x="{_f(gx)}" y="{_f(gy)}" width="160" height="14" fill="url(#{svg.ident}-scale)"/>')
    svg.text(gx + 166, gy + 12, fmt(high) + (f" {scale_label}" if scale_label else ""), size=SMALL, colour=MUTED)
    ny = gy + (22 if wrap else 0)
    svg.add(f'<rect x="{_f(nx)}" y="{_f(ny)}" width="16" height="14" fill="url(#{svg.ident}-none)" stroke="{LINE}"/>')
    svg.text(nx + 22, ny + 12, t("charts.no_data"), size=SMALL, colour=MUTED)
    return svg.render()


# -- scatter --------------------------------------------------------------------------------------------
def scatter(x: np.ndarray, y: np.ndarray, *, title: str, desc: str = "", ident: str = "scatter",
            x_label: str = "", y_label: str = "", categories: Sequence[int] | None = None,
            category_names: Sequence[str] = (), styles: Sequence[Style] | None = None,
            point_labels: Sequence[str] | None = None, x_range: tuple[float, float] | None = None,
            y_range: tuple[float, float] | None = None, guides: Sequence[tuple[str, float, str]] = (),
            width: int = WIDTH, height: int = HEIGHT) -> str:
    """Points by category (marker shape and colour); `guides` are reference lines ("x" or "y", value, label)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    cats = list(categories) if categories is not None else [0] * len(x)
    styles = list(styles or [style(i) for i in range(max(1, len(category_names)))])
    auto = desc or f"{title}. {len(x)} points" + ("; " + ", ".join(
        f"{n}: {sum(1 for c in cats if c == k)}" for k, n in enumerate(category_names)) if category_names else "") + "."
    svg = _Svg(ident, title, auto, width, height)
    top = 8 + (svg.legend([(n, styles[k]) for k, n in enumerate(category_names)], 8, "line")
               if len(category_names) > 1 else 4) + 8
    xl, xh = x_range or _range(x)
    yl, yh = y_range or _range(y)
    xt, yt = nice_ticks(xl, xh, 6), nice_ticks(yl, yh, 5)
    if x_range:
        xt = xt[(xt >= x_range[0] - 1e-9) & (xt <= x_range[1] + 1e-9)]
    if y_range:
        yt = yt[(yt >= y_range[0] - 1e-9) & (yt <= y_range[1] + 1e-9)]
    yf, xf = tick_format(yt), tick_format(xt)
    left = 16 + (20 if y_label else 0) + max(_width(yf(float(v)), SMALL) for v in yt) + 6
    plot = _Plot(left, top, width - 14, height - (40 if x_label else 26), float(xt[0]), float(xt[-1]),
                 float(yt[0]), float(yt[-1]))
    _y_axis(svg, plot, yt, yf, y_label)
    _x_axis(svg, plot, list(xt), [xf(float(v)) for v in xt], x_label)
    for axis, value, label in guides:
        if axis == "x":
            gx = float(plot.sx(value))
            svg.add(f'<line x1="{_f(gx)}" y1="{_f(plot.top)}" x2="{_f(gx)}" y2="{_f(plot.bottom)}" stroke="{MUTED}" '
                    f'stroke-dasharray="4 3"/>')
            svg.text(gx + 4, plot.top + SMALL, label, size=SMALL, colour=MUTED)
        else:
            gy = float(plot.sy(value))
            svg.add(f'<line x1="{_f(plot.left)}" y1="{_f(gy)}" x2="{_f(plot.right)}" y2="{_f(gy)}" stroke="{MUTED}" '
                    f'stroke-dasharray="4 3"/>')
            svg.text(plot.right - 4, gy - 4, label, size=SMALL, anchor="end", colour=MUTED)
    px, py = plot.sx(np.clip(x, plot.x_lo, plot.x_hi)), plot.sy(np.clip(y, plot.y_lo, plot.y_hi))
    for i in range(len(x)):
        if not (math.isfinite(x[i]) and math.isfinite(y[i])):
            continue
        tip = point_labels[i] if point_labels is not None else f"{x[i]:.3g}, {y[i]:.3g}"
        svg.add(_marker(styles[cats[i] % len(styles)], float(px[i]), float(py[i]), 5.0, tip))
    return svg.render()
