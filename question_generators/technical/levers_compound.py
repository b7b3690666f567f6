"""Compound levers for technical.levers: two levers joined by a rod, the effort passed from one to
the other.

Lever A (top) is hinged at its left end; the effort F pushes down at its right end, and a rod
joined to A between the hinge and F pushes down on lever B. Lever B (below) rests on a pivot:
the rod presses on its left part, so its right part rises and lifts the load W. The figure marks
A's segments (hinge to rod, rod to F: A's effort arm is their sum) and B's distances from its
pivot. The question is the load for an effort or the effort for a load: two moment balances in
a row (rod force = F × A's arm ratio; W = rod force × B's arm ratio).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from question_generators.display import format_number
from question_generators.errors import ItemCheckError
from question_generators.technical import drawing as dw

F = Fraction
LOADS = tuple(range(20, 410, 10))


def _m(x: Fraction, lang: str = "en") -> str:
    return f"{format_number(x, lang=lang)} m"


def compound_values(a_rod: Fraction, a_f: Fraction, b_rod: Fraction, b_w: Fraction,
                    effort: Fraction) -> dict[str, Fraction]:
    """The load for an effort and the named mistakes' loads (A's arm a_rod + a_f from the hinge)."""
    ratio_a = (a_rod + a_f) / a_rod
    ratio_b = b_rod / b_w
    return {"key": effort * ratio_a * ratio_b,
            "segment_not_arm": effort * a_f / a_rod * ratio_b,
            "first_lever_only": effort * ratio_a,
            "second_lever_only": effort * ratio_b,
            "inverted_ratio": effort / ratio_a / ratio_b,
            "second_inverted": effort * ratio_a / ratio_b,
            "load_equals_effort": effort,
            "ratios_added": effort * (ratio_a + ratio_b)}


def draw_compound(a_rod: Fraction, a_f: Fraction, b_rod: Fraction, b_w: Fraction, effort: str,
                  load: str, title: str, words: tuple[str, str] = ("hinge", "rod"), lang: str = "en") -> str:
    """Lever A above, hinged at the left; the rod down to lever B on its pivot; W on B's right
    (`words`: the drawn names of the hinge and the rod, in the item's language)."""
    # a plain space between digit groups in the drawing (its font tables measure it)
    effort, load = effort.replace("\u00a0", " "), load.replace("\u00a0", " ")
    scale = 300.0 / float(max(a_rod + a_f, b_rod + b_w + a_rod))
    hinge_x, ya, yb = 62.0, 84.0, 204.0  # room left of the hinge for a short first segment's figure
    rod_x = hinge_x + float(a_rod) * scale
    f_x = rod_x + float(a_f) * scale
    pivot_x = rod_x + float(b_rod) * scale
    w_x = pivot_x + float(b_w) * scale
    width, height = max(f_x, w_x) + 60, yb + 70
    lay = dw.Layout(width, height)
    body = [lay.rect(hinge_x - 18, ya - 20, 10, 40, fill="#999", width=1),  # the wall holding A's hinge
            lay.line(hinge_x - 8, ya, hinge_x, ya, 2),
            lay.rect(hinge_x, ya - 5, f_x - hinge_x + 10, 10, fill="#c8a96e", width=1.5),
            lay.circle(hinge_x, ya, 4, fill="#fff", width=1.5),
            lay.line(rod_x, ya + 5, rod_x, yb - 5, 3),
            dw.circle(rod_x, ya, 3, fill=dw.STROKE, width=1),
            lay.line(f_x, ya - 55, f_x, ya - 7, 3, arrow=True),
            lay.rect(rod_x - 10, yb - 5, w_x - rod_x + 30, 10, fill="#c8a96e", width=1.5),
            lay.polygon([(pivot_x, yb + 5), (pivot_x - 14, yb + 32), (pivot_x + 14, yb + 32)], fill="#888", width=1.5),
            lay.rect(w_x - 16, yb - 37, 32, 32, fill="#9db4d0", width=1.5)]
    dims = []
    for x1, x2, y, length in ((hinge_x, rod_x, ya + 28, a_rod), (rod_x, f_x, ya + 28, a_f),
                              (rod_x, pivot_x, yb + 50, b_rod), (pivot_x, w_x, yb + 50, b_w)):
        body += [lay.line(x1, y, x2, y, 1), lay.line(x1, y - 5, x1, y + 5, 1), lay.line(x2, y - 5, x2, y + 5, 1)]
        dims.append((x1, x2, y, _m(length, lang)))
    labels = [lay.fixed(w_x, yb - 16, "W", 14, weight="bold"),
              lay.text(words[0], [(hinge_x - 13, ya - 26, "middle"), (hinge_x - 13, ya + 34, "middle")], 10),
              lay.text(words[1], [(rod_x - 8, (ya + yb) / 2, "end"), (rod_x + 8, (ya + yb) / 2, "start")], 10),
              lay.text(f"F = {effort}", [(f_x, ya - 60, "middle"), (f_x - 8, ya - 40, "end"),
                                         (f_x + 8, ya - 40, "start")], 13, weight="bold"),
              lay.text(load, [(w_x, yb - 42, "middle"), (w_x - 22, yb - 16, "end")], 12),
              lay.text("A", [(hinge_x - 20, ya + 48, "start"), (hinge_x - 20, ya + 56, "start")], 15, weight="bold"),
              lay.text("B", [(rod_x - 24, yb + 4, "end"), (rod_x - 16, yb + 26, "end")], 15, weight="bold")]
    labels += [lay.text(label, dw.along(x1, x2, y, label, 11, lift=lang != "en"), 11) for x1, x2, y, label in dims]
    return dw.document(width, height, body + labels, title)


def solve_by_work(params: dict[str, Any], value: Fraction) -> bool:
    """The check's route: virtual work. Turn A by a small angle δ about its hinge: F moves down
    (hinge to F) × δ, the rod (hinge to rod) × δ; B then turns by that ÷ (rod to pivot) and W
    rises (pivot to W) × that. Balanced when F's work equals W's."""
    s = {k: F(str(v)) for k, v in params["lengths"].items()}
    effort = F(str(params["effort"])) if params["effort"] is not None else value
    load = F(str(params["load"])) if params["load"] is not None else value
    if min(s.values()) <= 0:
        raise ItemCheckError("a compound lever needs positive lengths")
    rod_moves = s["hinge_rod"]  # per unit δ
    load_moves = rod_moves / s["rod_pivot"] * s["pivot_w"]
    return effort * (s["hinge_rod"] + s["rod_f"]) == load * load_moves


def compound_scene(rng: np.random.Generator, grid: tuple[Fraction, ...], rank: int,
                   rank_gap: Any) -> dict[str, Any] | None:
    """Lengths, the asked direction and the (value, mistake) candidates; None to redraw."""
    a_rod, a_f, b_rod, b_w = (grid[int(i)] for i in rng.integers(0, len(grid), size=4))
    if b_rod == b_w or a_rod + a_f > 3:
        return None
    effort = F(LOADS[int(rng.integers(len(LOADS)))])
    values = compound_values(a_rod, a_f, b_rod, b_w, effort)
    load = values.pop("key")
    if load.denominator != 1:
        return None
    forward = list((v, n) for n, v in values.items())
    backward = [(load * effort / v, n) for v, n in forward]
    choices = []
    for ask, key, cands in (("load", load, forward), ("effort", effort, backward)):
        unique = {v: n for v, n in cands if v.denominator == 1 and v > 0 and v != key}
        choices.append((rank_gap(key, unique, 4, rank), float(rng.random()), ask, key, cands))
    _, _, ask, key, cands = min(choices)
    return {"lengths": {"hinge_rod": str(a_rod), "rod_f": str(a_f), "rod_pivot": str(b_rod), "pivot_w": str(b_w)},
            "ask": ask, "key": key, "candidates": cands, "effort": effort, "load": load}
