"""The SVG chart module: well-formed, accessible, legible, escaped, colour never the only cue."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from reports import charts
from reports.charts import Series, Style, nice_ticks

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    assert root.tag == NS + "svg"
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    assert len(ids) == 2
    found = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert found[ids[0]].tag == NS + "title" and found[ids[0]].text
    assert found[ids[1]].tag == NS + "desc" and found[ids[1]].text
    for el in root.iter():
        for name, value in el.attrib.items():
            assert "http" not in value or name == "xmlns", (name, value)
        assert el.tag not in (NS + "script", NS + "image", NS + "foreignObject")
    return root


def texts(root: ET.Element) -> list[str]:
    """What each <text> shows (a <title> child holds the full label; the shown text follows it)."""
    shown = []
    for el in root.iter(NS + "text"):
        tip = el.find(NS + "title")
        shown.append((tip.tail if tip is not None else el.text) or "")
    return shown


def font_sizes(root: ET.Element) -> list[float]:
    return [float(el.get("font-size", "0")) for el in root.iter(NS + "text")]


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0, 100, [0, 20, 40, 60, 80, 100]), (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1.0]), (3, 47, [0, 10, 20, 30, 40, 50]),
    (-2.3, 2.1, [-3, -2, -1, 0, 1, 2, 3]), (0, 7, [0, 2, 4, 6, 8])])
def test_nice_ticks(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high, 5).tolist() == pytest.approx(expected)


def test_nice_ticks_of_one_value() -> None:
    ticks = nice_ticks(5, 5)
    assert ticks[0] < 5 < ticks[-1] and len(ticks) >= 3


def test_nice_ticks_cover_and_stay_few() -> None:
    rng = np.random.default_rng(1)
    for _ in range(300):
        a, b = sorted(rng.normal(0, 10.0 ** rng.integers(-2, 5), 2))
        ticks = nice_ticks(a, b, 5)
        assert ticks[0] <= a + 1e-9 and ticks[-1] >= b - 1e-9
        assert 2 <= len(ticks) <= 12
        steps = np.diff(ticks)
        assert np.allclose(steps, steps[0])


def test_line_chart_with_bands_gaps_and_labels() -> None:
    x = np.arange(6.0)
    y = np.array([40, 55, np.nan, 60, 72, 80.0])
    svg = charts.line_chart(x, [Series("Numerical", y, y - 8, y + 8), Series("Verbal", y[::-1])],
                            title="Accuracy <over> time", x_labels=[f"W{i}" for i in range(6)], y_range=(0, 100),
                            ident="acc")
    root = parse(svg)
    assert root.find(NS + "title").text == "Accuracy <over> time"  # escaped, then parsed back
    assert "&lt;over&gt;" in svg
    assert len(root.findall(f".//{NS}polygon[@fill-opacity]")) == 2  # band split at the gap
    paths = [p for p in root.iter(NS + "path") if p.get("fill") == "none"]
    assert len(paths) >= 3
    assert {"Numerical", "Verbal", "W0", "W5", "0", "100"} <= set(texts(root))
    assert min(font_sizes(root)) >= 12
    dashes = {p.get("stroke-dasharray") for p in paths}
    assert len(dashes) == 2  # the second series is dashed: not told apart by colour alone


def test_line_chart_single_point_and_many_points() -> None:
    one = parse(charts.line_chart(np.array([0.0]), [Series("A", np.array([50.0]), np.array([40.0]),
                                                            np.array([60.0]))], title="One"))
    assert one.findall(f".//{NS}circle")  # the lone point is visible
    many = charts.line_chart(np.arange(1000.0), [Series("A", np.linspace(0, 1, 1000))], title="Many")
    root = parse(many)
    assert not root.findall(f".//{NS}circle")  # markers dropped, the line stays
    labels = [t for t in texts(root) if t]
    assert len(labels) < 30


def test_horizontal_bars_values_and_long_labels() -> None:
    labels = ["numeric.arithmetic", "a very long family name that would not fit anywhere at all"]
    root = parse(charts.bar_chart(labels, np.array([75.0, 20.0]), title="Families", value_max=100,
                                  value_format=lambda v: f"{v:.0f}%"))
    words = texts(root)
    assert "75%" in words and "20%" in words and "numeric.arithmetic" in words
    assert any(w.endswith("…") for w in words)
    titles = [el.text for el in root.iter(NS + "title")]
    assert labels[1] in titles  # the full label is kept for assistive tech and hovering


def test_vertical_bars_by_category_use_patterns() -> None:
    styles = [Style("#0072B2"), Style("#D55E00", "hatch"), Style("#6b6b6b", "dots"), Style("#6b6b6b", outline=True)]
    root = parse(charts.bar_chart([str(i) for i in range(1, 41)], np.arange(40.0), horizontal=False,
                                  categories=[i % 4 for i in range(40)],
                                  category_names=["correct", "wrong", "skipped", "not reached"], styles=styles,
                                  title="Time per item", ident="time"))
    assert len(root.findall(f".//{NS}pattern")) == 2
    assert {"correct", "wrong", "skipped", "not reached"} <= set(texts(root))
    rects = [r for r in root.iter(NS + "rect") if r.find(NS + "title") is not None]
    assert len(rects) == 40


def test_stacked_bars_percent() -> None:
    root = parse(charts.stacked_bars(["Section 1", "Section 2"], [("correct", np.array([3, 1])),
                                                                  ("wrong", np.array([1, 1])),
                                                                  ("skipped", np.array([0, 2]))],
                                     title="Answers", percent=True))
    assert "100%" in texts(root)
    segment_titles = [el.text for el in root.iter(NS + "title") if el.text and ", " in el.text]
    assert "Section 1, correct: 3" in segment_titles and "Section 2, skipped: 2" in segment_titles
    assert "Section 1, skipped: 0" not in segment_titles  # an empty part draws nothing


def test_histogram_counts_and_marker() -> None:
    values = np.array([3, 4, 4, 5, 5, 5, 9])
    root = parse(charts.histogram(values, title="Scores", marker=5, marker_label="you: 5"))
    titles = [el.text for el in root.iter(NS + "title")]
    assert "4.5 to 5.5: 3" in titles and "8.5 to 9.5: 1" in titles
    assert "you: 5" in texts(root)
    continuous = parse(charts.histogram(np.random.default_rng(2).normal(50, 10, 500), title="Continuous"))
    bars = [r for r in continuous.iter(NS + "rect") if r.find(NS + "title") is not None]
    assert sum(int(r.find(NS + "title").text.rsplit(": ", 1)[1]) for r in bars) == 500


def test_heat_map_cells_text_and_missing() -> None:
    values = np.array([[10.0, np.nan, 90.0], [50.0, 60.0, np.nan]])
    root = parse(charts.heat_map(["numeric.series", "numeric.arithmetic"], ["W1", "W2", "W3"], values,
                                 title="Accuracy by week", counts=np.array([[4, 0, 5], [2, 3, 0]])))
    words = texts(root)
    assert {"10", "90", "50", "60"} <= set(words)
    fills = {r.get("fill") for r in root.iter(NS + "rect")}
    assert any(f and f.startswith("url(#") and f.endswith("-none)") for f in fills)
    tips = [el.text for el in root.iter(NS + "title")]
    assert "numeric.series, W1: 10, 4 items" in tips and "numeric.series, W2: no data" in tips
    dark = charts.ramp(0.0)
    assert not charts._light(dark) and charts._light(charts.ramp(1.0))  # text colour flips for contrast


def test_scatter_markers_and_guides() -> None:
    root = parse(charts.scatter(np.array([0.2, 0.5, 0.9]), np.array([-0.1, 0.3, 0.5]), title="Items",
                                categories=[1, 0, 0], category_names=["fine", "flagged"],
                                point_labels=["i1", "i2", "i3"], guides=[("y", 0.2, "r = 0.2")],
                                x_range=(0, 1), y_range=(-0.5, 1)))
    assert "r = 0.2" in texts(root)
    assert {"i1", "i2", "i3"} <= {el.text for el in root.iter(NS + "title")}
    shapes = {el.tag for el in root.iter() if el.find(NS + "title") is not None and el.find(NS + "title").text in
              ("i1", "i2")}
    assert len(shapes) == 2  # flagged and fine points have different shapes


def test_empty_data_still_renders() -> None:
    parse(charts.bar_chart([], np.array([]), title="Nothing"))
    parse(charts.histogram(np.array([]), title="Nothing"))
    parse(charts.line_chart(np.array([]), [], title="Nothing"))
    parse(charts.heat_map([], [], np.zeros((0, 0)), title="Nothing"))
    parse(charts.scatter(np.array([]), np.array([]), title="Nothing"))


def test_okabe_ito_series_and_distinct_cues() -> None:
    styles = [charts.style(i) for i in range(7)]
    assert len({s.colour for s in styles}) == 7 and len({s.marker for s in styles}) == 7
    assert all(s.colour in charts.OKABE_ITO.values() for s in styles)
    assert charts.OKABE_ITO["yellow"] not in {s.colour for s in styles}


def test_labels_stay_legible_at_the_narrowest_width() -> None:
    """The stylesheet's minimum chart width times the smallest font gives >= 10 CSS pixels of text."""
    import re
    from importlib import resources

    css = resources.files("reports").joinpath("templates", "report.css").read_text()
    rem = float(re.search(r"figure\.chart svg \{[^}]*min-width: ([\d.]+)rem", css).group(1))
    root = parse(charts.bar_chart(["a"], np.array([1.0]), title="t"))
    width = float(root.get("viewBox").split()[2])
    assert min(font_sizes(root)) * rem * 16 / width >= 10


def overflowing(root: ET.Element) -> list[str]:
    """Texts whose estimated extent leaves the viewBox (slanted labels excepted)."""
    width = float(root.get("viewBox").split()[2])
    out = []
    for el in root.iter(NS + "text"):
        if el.get("transform"):
            continue
        tip = el.find(NS + "title")
        shown = (tip.tail if tip is not None else el.text) or ""
        size, x = float(el.get("font-size")), float(el.get("x"))
        w = len(shown) * size * charts.CHAR
        anchor = el.get("text-anchor", "start")
        lo, hi = (x, x + w) if anchor == "start" else (x - w, x) if anchor == "end" else (x - w / 2, x + w / 2)
        if lo < -2 or hi > width + 2:
            out.append(shown)
    return out


def test_no_label_leaves_the_chart() -> None:
    families = ["numeric.percent_ratio", "logical.letter_series", "a family with a very long name indeed"]
    weeks = [f"{d} Aug" for d in range(1, 27)]
    made = [
        charts.heat_map(families, weeks, np.full((3, 26), 55.0), title="Heat", scale_label="percent correct"),
        charts.heat_map(families, weeks[:3], np.full((3, 3), 55.0), title="Heat", scale_label="percent correct"),
        charts.bar_chart(families, np.array([100.0, 5.0, 50.0]), value_max=100, title="Bars",
                         value_format=lambda v: f"{v:.0f}%"),
        charts.stacked_bars(families, [("correct", np.array([3, 4, 5])), ("wrong", np.array([1, 0, 2]))],
                            title="Stacked"),
        charts.line_chart(np.arange(26.0), [Series(f, np.linspace(10, 90, 26)) for f in families], title="Lines",
                          x_labels=weeks, y_range=(0, 100)),
        charts.histogram(np.arange(40.0), title="Histogram", marker=39, marker_label="mean 39.0"),
    ]
    for svg in made:
        root = parse(svg)
        assert overflowing(root) == [], (root.find(NS + "title").text, overflowing(root))
