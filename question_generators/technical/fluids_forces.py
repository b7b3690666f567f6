"""Fluids and forces: communicating vessels, U-tubes, pressure at depth, tanks joined by a valve,
hydraulic presses, inclined planes, springs in series and side by side.

Kinds and questions:

    vessels         3-4 open vessels of different shapes joined at the bottom: which level is
                    highest once the water settles (the same in all of them)
    vessel_points   the same vessels, settled at a stated level, with points P, Q, R marked at
                    heights: where is the pressure greatest (the lowest point, whatever the
                    vessel; "the same everywhere" is a distractor)
    closed_vessel   the same vessels with one sealed airtight: whose level stays lowest
    u_tube          a liquid poured into one arm of a U-tube: which surface is higher (the
                    lighter liquid's; the same liquid levels out)
    u_tube_height   oil on water: the difference of the surfaces, or the oil column's height
    valve           two tanks of different floor areas at two depths: the common depth after
                    the valve opens (volume conserved)
    press           a hydraulic press: the load for a force or the force for a load; with
                    piston diameters (areas go as the square) and/or a lever handle
    pressure_point  2-3 open tanks of different widths and water levels with 3-4 points marked
                    by their height above the bottom: where is the pressure greatest (the point
                    deepest below its own surface)
    pressure_value  the water pressure at one point, in kPa (p = 1,000 × 10 × depth)
    incline         the force to push a load up a frictionless ramp (F × slope = W × height);
                    with `pythagoras` only the height and the run are marked, so the slope
                    length must be found first (3-4-5 triangles and their multiples)
    springs         identical springs in series, side by side, or combined: the stretch under
                    a load

Difficulty model (IRT logit scale b), linear in the structural features:

    b = -2.6 + kind weight (vessels 0, vessel_points 0.2, closed_vessel 0.3, pressure_point 0.6,
            u_tube 0.9, incline 1.0, pressure_value 1.1, springs 1.2, valve 2.2, u_tube_height
            2.6, press 2.8) + 0.4 * extra_elements + 0.8 * pythagoras + 0.8 * combined
            + 1.0 * diameters + 1.5 * lever

extra_elements: vessels beyond 3, points beyond 3, springs beyond 2; combined: a spring
arrangement that mixes series and side by side; diameters: press pistons given by diameter;
lever: a handle works the small piston (moments first). The generator draws 60 random plans
and keeps the first within 0.25 of the one nearest the requested difficulty (plus a seeded
jitter, sd 0.3), so at the easy end the easiest kinds take turns; requests of +2 to +3 give
mostly presses with diameters and a lever (b up to 2.7).
a = 0.8 + 0.1 * kind weight; time 30-75 s.

Distractors are named mistakes: the vessel poured into, the widest or narrowest vessel, the
funnel; the tank with the most water, the point nearest the bottom, the widest tank; the
height above the bottom or the tank's depth instead of the point's depth, forgetting g; the
inverted ratio, no advantage, the run instead of the slope; springs in series taken to share
the load, springs side by side taken to carry it all, one spring only, all stretches added.

check() recomputes each answer from the stated structure by a separate route: levels by the
equilibrium rule for connected open vessels; depths as level minus height for every point;
the ramp force by work (and the slope from the right triangle, after checking it is one);
spring stretches by following the force down the arrangement (springs side by side share it in
proportion to their stiffness) and adding the stretches along one path.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    numeric_options,
    phrases_for,
    require_single_key,
    shuffle_options,
)
from question_generators.display import format_number
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item, Option
from question_generators.technical import drawing as dw
from question_generators.technical.common import RankDraw, exact_rank, rank_gap, with_content
from question_generators.technical.fluids_extra import FluidsExtra

PACKAGE = "question_generators.technical"
F = Fraction
KINDS = ("vessels", "vessel_points", "closed_vessel", "pressure_point", "u_tube", "incline", "pressure_value",
         "springs", "valve", "u_tube_height", "press")
KIND_WEIGHT = {"vessels": 0.0, "vessel_points": 0.2, "closed_vessel": 0.3, "pressure_point": 0.6, "u_tube": 0.9,
               "incline": 1.0, "pressure_value": 1.1, "springs": 1.2, "valve": 2.2, "u_tube_height": 2.6, "press": 2.8}
WEIGHTS = {"kind": 1.0, "extra_elements": 0.4, "pythagoras": 0.8, "combined": 0.8, "diameters": 1.0, "lever": 1.5}
FEATURES = ("extra_elements", "pythagoras", "combined", "diameters", "lever")
INTERCEPT = -2.6
CANDIDATES = 60  # plans are cheap here; more of them reach the rarer hard layouts
SHAPES = ("wide", "narrow", "funnel", "bulb")
TRIANGLES = ((3, 4, 5), (6, 8, 10), (5, 12, 13), (F(3, 2), 2, F(5, 2)), (F(6, 5), F(8, 5), 2),
             (F(12, 5), F(16, 5), 4), (9, 12, 15))  # (height, run, slope); swapped for a steep ramp
SPRING_LAYOUTS: tuple[tuple[list[Any], int], ...] = (
    (["series", 2], 0), (["series", 3], 0), (["parallel", 2], 0), (["parallel", 3], 0),
    (["combo_pair_then_one"], 1), (["combo_two_chains"], 1))


# =============================================================================================
# Spring trees
# =============================================================================================
def spring_tree(layout: list[Any]) -> list[Any]:
    names = iter("ABCDEF")
    if layout[0] == "series":
        return ["series", [["spring", next(names)] for _ in range(layout[1])]]
    if layout[0] == "parallel":
        return ["parallel", [["spring", next(names)] for _ in range(layout[1])]]
    if layout[0] == "combo_pair_then_one":
        return ["series", [["parallel", [["spring", next(names)], ["spring", next(names)]]], ["spring", next(names)]]]
    return ["parallel", [["series", [["spring", next(names)], ["spring", next(names)]]] for _ in range(2)]]


def compliance(node: list[Any], mistake: str = "") -> Fraction:
    """Stretch per unit load, in units of one spring's (the generator's formula)."""
    if node[0] == "spring":
        return F(1)
    parts = [compliance(c, mistake) for c in node[1]]
    if mistake == "group_as_one" and node[0] == "parallel":
        return F(1)
    if mistake == "halved" and node[0] == "parallel":
        return compliance(node[1][0]) / 2
    if mistake == "one_branch" and node[0] == "parallel":
        return compliance(node[1][0])
    as_series = node[0] == "series"
    if mistake == "series_as_parallel" and node[0] == "series":
        as_series = False
    if mistake == "parallel_as_series" and node[0] == "parallel":
        as_series = True
    return sum(parts, F(0)) if as_series else 1 / sum(1 / p for p in parts)


def stretch_by_forces(node: list[Any], force: Fraction) -> Fraction:
    """The check's route: push the force down the arrangement; side by side, branches share it
    in proportion to their stiffness; add the stretches along the first branch."""
    if node[0] == "spring":
        return force
    if node[0] == "series":
        return sum((stretch_by_forces(c, force) for c in node[1]), F(0))
    stiff = [1 / _flex(c) for c in node[1]]
    return stretch_by_forces(node[1][0], force * stiff[0] / sum(stiff))


def _flex(node: list[Any]) -> Fraction:
    """Flexibility by measuring: the stretch of a part under a unit force, found by pushing it."""
    if node[0] == "spring":
        return F(1)
    if node[0] == "series":
        return sum((_flex(c) for c in node[1]), F(0))
    return 1 / sum(1 / _flex(c) for c in node[1])


def spring_names(node: list[Any]) -> list[str]:
    return [node[1]] if node[0] == "spring" else [n for c in node[1] for n in spring_names(c)]


# =============================================================================================
# The generator
# =============================================================================================
def _plans(rng: np.random.Generator, count: int) -> list[dict[str, Any]]:
    plans = []
    for a, b in rng.random((count, 2)).tolist():
        kind = KINDS[int(a * len(KINDS))]
        plan: dict[str, Any] = {"kind": kind, **dict.fromkeys(FEATURES, 0)}
        if kind == "press":
            plan["diameters"], plan["lever"] = int(b < 0.5), int((b * 2) % 1 < 0.5)
        elif kind in ("vessels", "pressure_point", "closed_vessel", "vessel_points"):
            plan["extra_elements"] = int(b < 0.5)
        elif kind == "incline":
            plan["pythagoras"] = int(b < 0.4)
        elif kind == "springs":
            layout = int(b * len(SPRING_LAYOUTS))
            plan["layout"] = layout
            shape, combined = SPRING_LAYOUTS[layout]
            plan["combined"] = combined
            count_springs = len(spring_names(spring_tree(shape)))
            plan["extra_elements"] = count_springs - 2
        plans.append(plan)
    return plans


def _time_s(plan: dict[str, Any]) -> float:
    """Typical time: reading the drawing, a little more for harder kinds, and 15 s a calculation step.

    The time follows the steps, not the kind's difficulty weight: a plain press is one ratio."""
    steps = plan["pythagoras"] + plan["combined"] + plan["lever"] + plan["diameters"]
    return round(30.0 + 12.0 * KIND_WEIGHT[plan["kind"]] + 15.0 * steps + 5.0 * plan["extra_elements"], 1)


def _b(plan: dict[str, Any]) -> float:
    features = {"kind": KIND_WEIGHT[plan["kind"]], **{k: plan[k] for k in FEATURES}}
    return linear_difficulty(INTERCEPT, WEIGHTS, features)


class FluidsForcesGenerator(FluidsExtra, BaseGenerator):
    """Fluids and forces: connected vessels, pressure at depth, ramps and springs.

    See the module docstring for the kinds and the difficulty model.
    """

    family = "technical.fluids_forces"
    section = "technical"
    version = 7  # 6: clean drawings (labels clear of walls, lines and each other; wider U-tube arms); 7: Bokmål
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    # requests are calibrated (mean b within 0.3, SD under 0.5) over this range; see tests/.../test_realism_technical.py
    difficulty_range = (-2.5, 1.8)
    title = "Fluids and forces"
    max_redraws = 300

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.ph = phrases_for(PACKAGE, lang)["fluids_forces"]
        self.draw = RankDraw(np.random.default_rng(0), 4, 0)  # replaced at the start of each generate

    def _pick(self, rng: np.random.Generator, key: str) -> str:
        choices = self.ph[key]
        return choices[int(rng.integers(len(choices)))]

    def _num(self, x: Fraction | int) -> str:
        """A number as the item's language writes it (decimal comma in Bokmål)."""
        return format_number(x, lang=self.lang)

    def _m(self, x: Fraction | int) -> str:
        return f"{self._num(x)} m"

    def _and(self, names: list[str]) -> str:
        """ "A, B and C" in the item's language."""
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {self.ph['and']} {names[-1]}"

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        item = self._generate(rng, difficulty)
        return with_content(item, "fluids:" + str(item.params["kind"]))

    def _generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target = difficulty + rng.normal(0.0, 0.15)
        plans = _plans(rng, CANDIDATES)
        best = min(abs(_b(p) - target) for p in plans)
        # the first (random) plan within 0.25 of the nearest: at the easy end, where every plan
        # lies above the target, the easiest kinds take turns instead of one kind always winning
        plan = next(p for p in plans if abs(_b(p) - target) <= best + 0.25)
        self.draw = RankDraw(rng, 4, 40)  # the key's rank among ascending options, kept over redraws
        return self.redraw(rng, lambda r: getattr(self, f"_{plan['kind']}")(r, plan))

    def _item(self, plan: dict[str, Any], prompt: str, explanation: str, options: tuple[Option, ...],
              key: int, figure: Svg, params: dict[str, Any]) -> Item:
        kw = KIND_WEIGHT[plan["kind"]]
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt, explanation=explanation,
            difficulty=_b(plan), discrimination=round(0.8 + 0.1 * kw, 3),
            time_s=_time_s(plan),
            options=options, key=key, figure=figure,
            params={"kind": plan["kind"], **params,
                    **{k: plan[k] for k in FEATURES}},
        )

    # -- vessels -----------------------------------------------------------------------------
    def _vessels(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        n = 3 + plan["extra_elements"]
        names = list("ABCD"[:n])
        shapes = [SHAPES[i] for i in rng.permutation(len(SHAPES))[:n]]
        widths = {"wide": 70, "narrow": 18, "funnel": 40, "bulb": 22}
        pour = names[int(rng.integers(n))]  # the vessel the water is poured into
        cands = [(pour, "poured_into"),
                 (names[shapes.index("wide")] if "wide" in shapes else None, "widest"),
                 (names[shapes.index("narrow")] if "narrow" in shapes else None, "narrowest"),
                 (names[shapes.index("funnel")] if "funnel" in shapes else None, "funnel")]
        others, seen = [], set()
        for name, mistake in cands:
            if name is not None and name not in seen:
                seen.add(name)
                others.append(Option(ph["opt_vessel"].format(name=name), mistake=m[mistake]))
        if len(others) < 2:
            return None
        options, key = shuffle_options(rng, Option(ph["opt_level"]), others[:3])
        listed = self._and(names)
        prompt = " ".join([self._pick(rng, "vessels_scene").format(names=listed, first=pour),
                           self._pick(rng, "vessels_ask")])
        lines = [ph["fig_vessel"].format(name=nm, shape=ph[f"shape_{sh}"])
                 for nm, sh in zip(names, shapes, strict=True)]
        lines.append(ph["fig_pipe"])
        alt = ph["alt_vessels"].format(names=listed)
        svg = self._draw_vessels(names, shapes, widths, alt)
        return self._item(plan, prompt, ph["vessels_explain"], options, key, Svg(svg, "\n".join(lines), alt),
                          {"vessels": [[nm, sh] for nm, sh in zip(names, shapes, strict=True)], "connected": True,
                           "open": True, "poured": pour})

    def _draw_vessels(self, names: list[str], shapes: list[str], widths: dict[str, int], title: str,
                      closed: str | None = None, level: int | None = None,
                      points: list[list[Any]] | None = None) -> str:
        x, base, top = 30.0, 170.0, 40.0
        outlines = []
        for name, shape in zip(names, shapes, strict=True):
            w = widths[shape]
            if shape == "funnel":
                pts = [(x, top), (x + 70, top), (x + 35 + 9, base), (x + 35 - 9, base)]
                cx, span = x + 35, 70
            elif shape == "bulb":
                cx, span = x + 30, 60
                pts = [(cx - 9, top), (cx + 9, top), (cx + 9, 90), (cx + 30, 105), (cx + 30, 140), (cx + 9, 150),
                       (cx + 9, base), (cx - 9, base), (cx - 9, 150), (cx - 30, 140), (cx - 30, 105), (cx - 9, 90)]
            else:
                cx, span = x + w / 2, w
                pts = [(x, top), (x + w, top), (x + w, base), (x, base)]
            outlines.append((name, pts, cx))
            x += span + 40
        right = x - 40
        width = right + (110 if level is not None else 30)  # the water line's figure beyond the last vessel
        lay = dw.Layout(width, base + 40)
        body: list[str] = []
        labels: list[str] = []
        if level is not None:
            y = base - 2 * level
            body.append(lay.line(10, y, width - 10, y, 1.2, dash="6 4"))
        centers = [cx for _, _, cx in outlines]
        for name, pts, cx in outlines:
            body.append(lay.polygon(pts, fill="#f4f8fc", width=2))
            if name == closed:  # a lid sealed across the top
                xs = [px for px, py in pts if py == top]
                body.append(lay.rect(min(xs) - 4, top - 7, max(xs) - min(xs) + 8, 7, fill="#555", width=1))
                labels.append(lay.fixed(cx, top - 12, self.ph["svg_sealed"].format(name=name), 13, weight="bold"))
            else:
                labels.append(lay.fixed(cx, top - 8, name, 14, weight="bold"))
        body.append(lay.rect(centers[0] - 6, base, centers[-1] - centers[0] + 12, 14, fill="#7fb2e5", width=2))
        for name, pts, cx in outlines:
            for pname, vessel, height in points or []:
                if vessel == name:  # 2 px per cm above the common bottom
                    py = base - 2 * int(height)
                    body.append(lay.circle(cx, py, 3.5, fill=dw.STROKE, width=1))
                    left, right_wall = dw.span_at(pts, py)
                    # inside beside the dot; outside the wall (with a leader) where the vessel is narrow
                    far_l, far_r = min(p[0] for p in pts), max(p[0] for p in pts)
                    sides = [(cx + 7, "start"), (cx - 7, "end"), (right_wall + 8, "start"), (left - 8, "end"),
                             (far_r + 8, "start"), (far_l - 8, "end")]
                    labels.append(lay.text(pname, [(sx, py + 4, a) for sx, a in sides]
                                           + [(sx, py + 1, a) for sx, a in sides[2:]], 13, weight="bold"))
                    sx, _, a = lay.last
                    near = ([(cx, py + 15, "middle"), (cx, py - 9, "middle"), (cx, py + 18, "middle"),
                             (cx - 7, py + 15, "end"), (cx - 7, py - 9, "end"), (cx, py - 12, "middle")]
                            if abs(sx - cx) <= 7 else [])
                    beside = sx + dw.text_width(pname, 13, "bold") + 4 if a == "start" else \
                        sx - dw.text_width(pname, 13, "bold") - 4
                    labels.append(lay.text(f"{height} cm", [*near, (sx, py + 15, a), (sx, py - 10, a), (sx, py - 13, a),
                                                            (beside, py + 4, a)]
                                           + [(s2, dy, a2) for s2, a2 in sides for dy in (py + 15, py - 10)], 9))
                    if abs(sx - cx) > 7:  # outside: a leader from the dot to its label
                        end = sx - 3 if a == "start" else sx + 3
                        body.append(dw.line(cx + (4 if a == "start" else -4), py, end, py, 0.7))
        if level is not None:
            y = base - 2 * level
            water = self.ph["svg_water_level"].format(level=level)
            labels.append(lay.text(water, [(width - 12, y - 5, "end"), (width - 12, y + 13, "end")], 10))
        return dw.document(width, base + 40, body + labels, title)

    # -- pressure ----------------------------------------------------------------------------
    def _tanks(self, rng: np.random.Generator, n_points: int) -> tuple[list[list[Any]], list[list[Any]]] | None:
        n_tanks = 2 if n_points == 3 else 3
        widths = [int(w) for w in rng.choice((1, 2, 4, 6), size=n_tanks, replace=False)]
        levels = [F(int(v), 2) for v in rng.choice(np.arange(3, 11), size=n_tanks, replace=False)]  # 1.5-5 m
        tanks = [[f"T{i + 1}", widths[i], str(levels[i])] for i in range(n_tanks)]
        points = []
        for j, name in enumerate("PQRS"[:n_points]):
            t = j % n_tanks if j < n_tanks else int(rng.integers(n_tanks))
            height = F(int(rng.integers(1, int(levels[t] * 2))), 2)  # 0.5 m steps, below the surface
            points.append([name, tanks[t][0], str(height)])
        return tanks, points

    @staticmethod
    def _depths(tanks: list[list[Any]], points: list[list[Any]]) -> dict[str, Fraction]:
        level = {t[0]: F(t[2]) for t in tanks}
        return {p[0]: level[p[1]] - F(p[2]) for p in points}

    def _pressure_figure(self, tanks: list[list[Any]], points: list[list[Any]]) -> Svg:
        ph = self.ph
        lines = [ph["fig_tank"].format(tank=t[0], width=self._m(t[1]), level=self._m(F(t[2]))) for t in tanks]
        lines += [ph["fig_point"].format(name=p[0], tank=p[1], height=self._m(F(p[2]))) for p in points]
        names = self._and([p[0] for p in points])
        alt = ph["alt_pressure"].format(names=names)
        scale, base, x = 30.0, 190.0, 40.0
        width = x + sum(100 + t[1] * 18 + 70 for t in tanks)
        lay = dw.Layout(width, base + 44)
        body: list[str] = []
        labels: list[str] = []
        for t in tanks:
            w = 100 + t[1] * 18  # wide enough for two labelled points side by side
            depth = float(F(t[2]))
            body.append(lay.rect(x, base - 5.6 * scale, w, 5.6 * scale, fill="none", width=2))
            body.append(lay.rect(x, base - depth * scale, w, depth * scale, fill="#cfe3f7", width=0.5))
            name = self.ph["svg_tank"].format(tank=t[0], width=self._m(t[1]))
            labels.append(lay.fixed(x + w / 2, base + 18, name, 11))
            labels.append(lay.fixed(x - 4, base - depth * scale + 4, self._m(F(t[2])), 10, anchor="end"))
            mine = [p for p in points if p[1] == t[0]]
            for k, p in enumerate(mine):
                px = x + w * (k + 1) / (len(mine) + 1)
                py = base - float(F(p[2])) * scale
                body.append(lay.circle(px, py, 3.5, fill=dw.STROKE, width=1))
            for k, p in enumerate(mine):
                px = x + w * (k + 1) / (len(mine) + 1)
                py = base - float(F(p[2])) * scale
                labels.append(lay.text(p[0], [(px + 7, py + 4, "start"), (px - 7, py + 4, "end"),
                                              (px, py - 8, "middle")], 13, weight="bold"))
                up = self.ph["svg_up"].format(height=self._m(F(p[2])))
                beside = lay.last[0] + dw.text_width(p[0], 13, "bold") + 5 if lay.last[2] == "start" else px + 7
                labels.append(lay.text(up, [(px, py + 15, "middle"), (beside, py + 4, "start"),
                                            (px + 7, py + 15, "start"), (px - 7, py + 15, "end"),
                                            *[(px + k, py - j, "middle") for j in (11, 22, 33)
                                              for k in (0, -10, 10, -16, 16, -24, 24)],
                                            (px - 7, py + 4, "end")], 9))
            x += w + 70
        labels.append(lay.fixed(40, base + 34, self.ph["svg_heights_note"], 10, anchor="start"))
        svg = dw.document(width, base + 44, body + labels, alt)
        return Svg(svg, "\n".join(lines), alt)

    def _pressure_point(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        drawn = self._tanks(rng, 3 + plan["extra_elements"])
        if drawn is None:
            return None
        tanks, points = drawn
        if len({(p[1], F(p[2])) for p in points}) < len(points):
            return None  # two points at one place: the same pressure, and no reason to name both
        depth = self._depths(tanks, points)
        top = max(depth.values())
        deepest = [n for n, d in depth.items() if d == top]
        if len(deepest) != 1:
            return None
        key = deepest[0]
        lowest = min(points, key=lambda p: (F(p[2]), p[0]))[0]
        volume = {t[0]: t[1] * F(t[2]) for t in tanks}
        most = max(tanks, key=lambda t: volume[t[0]])[0]
        widest = max(tanks, key=lambda t: t[1])[0]
        cands = [(lowest, "from_bottom")]
        cands += [(p[0], "most_water") for p in points if p[1] == most]
        cands += [(p[0], "widest_tank") for p in points if p[1] == widest]
        if lowest == key:
            return None  # the trap: the point nearest the bottom must not be the deepest
        others, seen, used = [], {key}, set()
        for name, mistake in cands:  # one option per misconception, so each is named for itself
            if name not in seen and mistake not in used:
                seen.add(name)
                used.add(mistake)
                others.append(Option(ph["opt_point"].format(name=name), mistake=m[mistake]))
        if len(others) < 2:
            return None
        options, index = shuffle_options(rng, Option(ph["opt_point"].format(name=key)), others[:3])
        names = self._and([p[0] for p in points])
        prompt = " ".join([self._pick(rng, "pressure_scene").format(names=names),
                           self._pick(rng, "pressure_ask_point")])
        explanation = " ".join([ph["pressure_explain"], self._depth_list(tanks, points, depth),
                                ph["answer_point"].format(name=key)])
        return self._item(plan, prompt, explanation, options, index, self._pressure_figure(tanks, points),
                          {"tanks": tanks, "points": points})

    def _depth_list(self, tanks: list[list[Any]], points: list[list[Any]], depth: dict[str, Fraction]) -> str:
        level = {t[0]: F(t[2]) for t in tanks}
        items = [self.ph["depth_item"].format(name=p[0], level=self._m(level[p[1]]), height=self._m(F(p[2])),
                                              depth=self._m(depth[p[0]])) for p in points]
        return self.ph["depths"].format(list="; ".join(items))

    def _pressure_value(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        tanks, points = self._tanks(rng, 3)
        depth = self._depths(tanks, points)
        point = points[int(rng.integers(len(points)))]
        name = point[0]
        level = F(next(t[2] for t in tanks if t[0] == point[1]))
        kpa = 10 * depth[name]
        unique: dict[Fraction, str] = {}
        for value, mistake in ((10 * F(point[2]), "height_not_depth"), (10 * level, "tank_depth"),
                               (depth[name], "kpa_slip")):
            if value > 0 and value != kpa and (value * 2).denominator == 1:
                unique.setdefault(value, mistake)
        chosen = exact_rank(kpa, unique, 4, self.draw.rank, self.draw.strict)
        if chosen is None or kpa.denominator != 1:
            return None
        opts = [Option(f"{self._num(v)} kPa", float(v), m[n]) for v, n in chosen]
        options, index = numeric_options(rng, Option(f"{self._num(kpa)} kPa", float(kpa)), opts, len(opts) + 1)
        names = self._and([p[0] for p in points])
        prompt = " ".join([self._pick(rng, "pressure_scene").format(names=names),
                           self._pick(rng, "pressure_ask_value").format(point=name)])
        explanation = " ".join([ph["pressure_explain"], self._depth_list(tanks, points, depth),
                                ph["answer_value"].format(depth=self._num(depth[name]),
                                                          pa=self._num(kpa * 1000),
                                                          value=f"{self._num(kpa)} kPa")])
        return self._item(plan, prompt, explanation, options, index, self._pressure_figure(tanks, points),
                          {"tanks": tanks, "points": points, "point": name})

    # -- incline -----------------------------------------------------------------------------
    def _incline(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        h, run, slope = (F(x) for x in TRIANGLES[int(rng.integers(len(TRIANGLES)))])
        if rng.random() < 0.4:
            h, run = run, h  # a steep ramp
        load = int(rng.integers(2, 61)) * 20
        force = load * h / slope
        if force.denominator != 1:
            return None
        # Two directions: the force for a load, or the heaviest load for a force. Their mistakes
        # fall on opposite sides of the key, so the key's drawn rank picks the direction.
        forward = {load * slope / h: "inverted", F(load): "no_advantage", load * h / run: "used_run",
                   load * run / slope: "run_for_height"}
        backward = {force * h / slope: "inverted", force: "no_advantage", force * run / h: "used_run",
                    force * slope / run: "run_for_height"}
        rank, strict = self.draw.rank, self.draw.strict
        choices = []
        for ask, key, cands in (("force", force, forward), ("load", F(load), backward)):
            unique = {v: n for v, n in cands.items() if v.denominator == 1 and v != key}
            choices.append((rank_gap(key, unique, 4, rank), float(rng.random()), ask, key, unique))
        _, _, ask, key, unique = min(choices)
        chosen = exact_rank(key, unique, 4, rank, strict)
        if chosen is None:
            return None
        opts = [Option(f"{self._num(v)} N", float(v), m[n]) for v, n in chosen]
        options, index = numeric_options(rng, Option(f"{self._num(key)} N", float(key)), opts, len(opts) + 1)
        weight = f"{self._num(load)} N"
        if ask == "force":
            prompt = " ".join([self._pick(rng, "incline_scene").format(load=weight), self._pick(rng, "incline_ask")])
        else:
            prompt = " ".join([self._pick(rng, "incline_scene_load"),
                               self._pick(rng, "incline_ask_load").format(force=f"{self._num(force)} N")])
        shown_l = None if plan["pythagoras"] else slope
        if plan["pythagoras"]:
            text = ph["fig_incline_no_slope"].format(h=self._m(h), b=self._m(run))
        else:
            text = ph["fig_incline"].format(h=self._m(h), l=self._m(slope), b=self._m(run))
        lines = [text, ph["fig_incline_load"].format(load=weight) if ask == "force"
                 else ph["fig_incline_force"].format(force=f"{self._num(force)} N")]
        alt = ph["alt_incline"]
        pyth = ""
        if plan["pythagoras"]:
            pyth = ph["incline_pyth"].format(h=self._num(h), b=self._num(run), l=self._m(slope)) + " "
        if ask == "force":
            answer = ph["answer_incline"].format(l=self._m(slope), load=weight, h=self._m(h),
                                                 value=f"{self._num(force)} N")
        else:
            answer = ph["answer_incline_load"].format(l=self._m(slope), force=f"{self._num(force)} N", h=self._m(h),
                                                      value=weight)
        explanation = ph["incline_explain"] + " " + pyth + answer
        shown = f"W = {weight}" if ask == "force" else "W = ?"
        arrow = "F = ?" if ask == "force" else f"F = {self._num(force)} N"
        svg = self._draw_incline(h, run, slope, shown_l is not None, shown, arrow, alt)
        return self._item(plan, prompt, explanation, options, index, Svg(svg, "\n".join(lines), alt),
                          {"height": str(h), "run": str(run), "slope": str(slope) if shown_l else None,
                           "ask": ask, "load": load if ask == "force" else None,
                           "force": int(force) if ask == "load" else None})

    def _draw_incline(self, h: Fraction, run: Fraction, slope: Fraction, show_slope: bool, weight: str, arrow: str,
                      title: str) -> str:
        scale = 300.0 / float(max(run, h * 2))
        x0, y0 = 40.0, 40.0 + float(h) * scale
        x1, y1 = x0 + float(run) * scale, 40.0
        lay = dw.Layout(x1 + 110, y0 + 30, dx=40)
        body = [lay.polygon([(x0, y0), (x1, y0), (x1, y1)], fill="#e9e2d0", width=2)]
        labels = [lay.fixed((x0 + x1) / 2, y0 + 18, self._m(run), 12),
                  lay.fixed(x1 + 8, (y0 + y1) / 2, self._m(h), 12, anchor="start")]
        # the box on the slope and the force along it; labels pushed off the slope along its normal
        ang = math.atan2(y0 - y1, x1 - x0)
        c, s = math.cos(ang), math.sin(ang)
        bx, by = x0 + (x1 - x0) * 0.45, y0 - (y0 - y1) * 0.45
        pts = [(bx, by), (bx + 36 * c, by - 36 * s), (bx + 36 * c - 26 * s, by - 36 * s - 26 * c),
               (bx - 26 * s, by - 26 * c)]
        body.append(lay.polygon(pts, fill="#9db4d0", width=1.5))
        labels.append(lay.fixed(bx + 18 * c - 13 * s, by - 18 * s - 13 * c + 4, "W", 12, weight="bold"))
        ax, ay = bx + 40 * c - 13 * s, by - 40 * s - 13 * c
        body.append(lay.line(ax, ay, ax + 50 * c, ay - 50 * s, 2.5, arrow=True))
        tip_x, tip_y = ax + 50 * c, ay - 50 * s
        labels.append(lay.text(arrow, [(ax + (56 + k) * c, ay - (56 + k) * s - 4 - k, anchor)
                                       for k in (0, 8, 16, 24) for anchor in ("middle", "end")]
                               + [(tip_x - 10, tip_y - 8 - k, "end") for k in (0, 8, 16)], 12, weight="bold"))
        labels.append(lay.text(weight, [(bx - (56 + k) * s, by - (56 + k) * c, "end") for k in (0, 10, 20, 30)]
                               + [(bx - 8 + k, by - 40 - j, "end") for j in (0, 12, 24) for k in (0, 16, 32)], 11))
        lx, ly = x0 + (x1 - x0) * 0.2, y0 - (y0 - y1) * 0.2
        labels.append(lay.text(self._m(slope) if show_slope else "?",
                               [(lx - (16 + k) * s, ly - (16 + k) * c, "end") for k in (0, 6, 12, 18, 24)], 12))
        return dw.document(x1 + 110, y0 + 30, ['<g transform="translate(40,0)">', *body, *labels, "</g>"], title)

    # -- springs -----------------------------------------------------------------------------
    def _springs(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        tree = spring_tree(SPRING_LAYOUTS[plan["layout"]][0])
        per_cm = int(rng.integers(1, 6))
        unit = (10, 20, 50)[int(rng.integers(3))]
        load = unit * (2, 3, 4, 6, 8, 9, 12)[int(rng.integers(7))]
        base = F(load, unit) * per_cm  # one spring's stretch under the whole load, cm
        key = base * compliance(tree)
        if (key * 2).denominator != 1:
            return None
        n = len(spring_names(tree))
        mistaken = {"series_as_parallel": compliance(tree, "series_as_parallel"),
                    "parallel_as_series": compliance(tree, "parallel_as_series"),
                    "single_spring": F(1), "all_add": F(n), "split_all": F(1, n),
                    "group_as_one": compliance(tree, "group_as_one"), "halved": compliance(tree, "halved"),
                    "one_branch": compliance(tree, "one_branch")}
        # Two directions: the stretch for a load, or the load for a stretch; their mistakes fall on
        # opposite sides of the key, so the key's drawn rank picks the direction.
        rank, strict = self.draw.rank, self.draw.strict
        choices = []
        forward = {base * c: name for name, c in mistaken.items()}
        backward = {load * compliance(tree) / c: name for name, c in mistaken.items()}
        if per_cm > 1:  # the rate read as 1 cm per unit, or the number of units taken as the stretch
            forward.setdefault(key / per_cm, "spring_rate_ignored")
            backward.setdefault(F(load) * per_cm, "spring_rate_ignored")
        for ask, value, cands, step in (("stretch", key, forward, 2), ("load", F(load), backward, 1)):
            unique = {v: k for v, k in cands.items() if v != value and (v * step).denominator == 1}
            choices.append((rank_gap(value, unique, 4, rank), float(rng.random()), ask, value, unique))
        _, _, ask, value, unique = min(choices)
        chosen = exact_rank(value, unique, 4, rank, strict)
        if chosen is None:
            return None
        unit_text = "cm" if ask == "stretch" else "N"
        opts = [Option(f"{self._num(v)} {unit_text}", float(v), m[k]) for v, k in chosen]
        options, index = numeric_options(rng, Option(f"{self._num(value)} {unit_text}", float(value)),
                                         opts, len(opts) + 1)
        per, u = f"{per_cm} cm", f"{unit} N"
        weight = f"{load} N"
        if ask == "stretch":
            question = self._pick(rng, "springs_ask").format(load=weight)
        else:
            question = self._pick(rng, "springs_ask_load").format(stretch=f"{self._num(key)} cm")
        prompt = " ".join([self._pick(rng, "springs_scene").format(per=per, unit=u), question])
        weight = weight if ask == "stretch" else "?"
        lines = [ph["fig_springs_start"], *self._describe_springs(tree, "  "),
                 ph["fig_springs_end"].format(load=weight if ask == "stretch" else ph["unknown"])]
        alt = ph["alt_springs"].format(names=", ".join(spring_names(tree)))
        parts = [ph["springs_explain"]]
        if ask == "load":
            parts.append(ph["springs_trial"].format(trial=f"{load} N"))
        parts += [self._spring_forces(tree, F(load), per_cm, unit),
                  self._answer_springs(tree, F(load), per_cm, unit, key)]
        if ask == "load":
            parts.append(ph["answer_springs_load"].format(stretch=f"{self._num(key)} cm", value=f"{load} N"))
        svg = self._draw_springs(tree, weight if ask == "stretch" else "W = ?", alt)
        return self._item(plan, prompt, " ".join(parts), options, index, Svg(svg, "\n".join(lines), alt),
                          {"tree": tree, "per_cm": per_cm, "unit": unit, "ask": ask,
                           "load": load if ask == "stretch" else None,
                           "stretch": str(key) if ask == "load" else None})

    def _describe_springs(self, node: list[Any], indent: str) -> list[str]:
        ph = self.ph
        if node[0] == "spring":
            return [indent + ph["fig_spring"].format(name=node[1])]
        if node[0] == "series":
            out: list[str] = []
            for i, child in enumerate(node[1]):
                if i:
                    out.append(indent + ph["fig_then"])
                out += self._describe_springs(child, indent)
            return out
        out = [indent + ph["fig_side"].format(n=len(node[1]))]
        for i, child in enumerate(node[1]):
            if child[0] == "spring":
                out += self._describe_springs(child, indent + "  ")
            else:
                out.append(indent + "  " + ph["fig_branch"].format(n=i + 1))
                out += self._describe_springs(child, indent + "    ")
        return out

    def _spring_forces(self, node: list[Any], force: Fraction, per_cm: int, unit: int) -> str:
        groups: dict[Fraction, list[str]] = {}

        def walk(n: list[Any], f: Fraction) -> None:
            if n[0] == "spring":
                groups.setdefault(f, []).append(n[1])
            elif n[0] == "series":
                for c in n[1]:
                    walk(c, f)
            else:
                for c in n[1]:
                    walk(c, f / len(n[1]))

        walk(node, force)
        parts = []
        for f, names in groups.items():
            ext = f / unit * per_cm
            joined = self._and(names)
            phrase = "spring_force_one" if len(names) == 1 else "spring_force"
            parts.append(self.ph[phrase].format(names=joined,
                                                        force=f"{self._num(f)} N", ext=f"{self._num(ext)} cm"))
        return " ".join(parts)

    def _answer_springs(self, tree: list[Any], load: Fraction, per_cm: int, unit: int, key: Fraction) -> str:
        path = self._path_sum(tree, load, per_cm, unit)
        value = f"{self._num(key)} cm"
        return (self.ph["answer_springs"].format(path=path, value=value) if path
                else self.ph["answer_springs_one"].format(value=value))

    def _path_sum(self, node: list[Any], force: Fraction, per_cm: int, unit: int) -> str:
        terms: list[str] = []

        def walk(n: list[Any], f: Fraction) -> None:
            if n[0] == "spring":
                terms.append(self._num(f / unit * per_cm))
            elif n[0] == "series":
                for c in n[1]:
                    walk(c, f)
            else:
                walk(n[1][0], f / len(n[1]))

        walk(node, force)
        return " + ".join(terms) + " cm" if len(terms) > 1 else ""

    @staticmethod
    def _draw_springs(tree: list[Any], weight: str, title: str) -> str:
        body: list[str] = []

        def size(n: list[Any]) -> tuple[float, float]:
            if n[0] == "spring":
                return 50.0, 80.0
            sizes = [size(c) for c in n[1]]
            if n[0] == "series":
                return max(w for w, _ in sizes), sum(h for _, h in sizes) + 10 * (len(sizes) - 1)
            return sum(w for w, _ in sizes) + 10 * (len(sizes) - 1), max(h for _, h in sizes) + 20

        def draw(n: list[Any], cx: float, y: float, height: float) -> None:
            if n[0] == "spring":
                pts = [(cx, y), (cx, y + 10)]
                for k in range(8):
                    pts.append((cx + (9 if k % 2 == 0 else -9), y + 14 + k * 7))
                pts += [(cx, y + height - 10), (cx, y + height)]
                path = " ".join(f"{dw.num(px)},{dw.num(py)}" for px, py in pts)
                body.append(f'<polyline points="{path}" fill="none" stroke="{dw.STROKE}" stroke-width="2"/>')
                body.append(dw.text(cx + 16, y + height / 2, n[1], 13, anchor="start", weight="bold"))
                return
            sizes = [size(c) for c in n[1]]
            if n[0] == "series":
                cursor = y
                for i, (child, (_, h)) in enumerate(zip(n[1], sizes, strict=True)):
                    hh = h if i < len(sizes) - 1 else y + height - cursor
                    draw(child, cx, cursor, hh)
                    cursor += h + 10
                    if i < len(sizes) - 1:
                        body.append(dw.line(cx, cursor - 10, cx, cursor, 2))
                return
            total = sum(w for w, _ in sizes) + 10 * (len(sizes) - 1)
            left = cx - total / 2
            xs = []
            for w, _ in sizes:
                xs.append(left + w / 2)
                left += w + 10
            body.append(dw.line(xs[0], y + 10, xs[-1], y + 10, 4))
            body.append(dw.line(xs[0], y + height - 10, xs[-1], y + height - 10, 4))
            body.append(dw.line(cx, y, cx, y + 10, 2))
            body.append(dw.line(cx, y + height - 10, cx, y + height, 2))
            for child, x in zip(n[1], xs, strict=True):
                draw(child, x, y + 10, height - 20)

        w, h = size(tree)
        width = max(w + 120, 200.0)
        cx = width / 2
        body.append(dw.rect(cx - w / 2 - 20, 14, w + 40, 8, fill="#999", width=1))
        draw(tree, cx, 22, h)
        body.append(dw.line(cx, 22 + h, cx, 32 + h, 2))
        body.append(dw.rect(cx - 34, 32 + h, 68, 36, fill="#9db4d0", width=1.5))
        body.append(dw.text(cx, 48 + h, "W", 13, weight="bold"))
        body.append(dw.text(cx, 62 + h, weight, 11))
        return dw.document(width, h + 80, body, title)

    # -- check -------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        p = item.params
        kind = p.get("kind")
        ph = self.ph
        try:
            if kind == "vessels":
                if not (p["connected"] and p["open"]):
                    raise ItemCheckError(f"item {where}: only connected open vessels have equal levels")
                truth = {ph["opt_level"]}
            elif kind in ("pressure_point", "pressure_value"):
                level = {t[0]: F(t[2]) for t in p["tanks"]}
                depth: dict[str, Fraction] = {}
                for name, tank, height in p["points"]:
                    if not 0 < F(height) < level[tank]:
                        raise ItemCheckError(f"item {where}: point {name} is not under water")
                    depth[name] = level[tank] - F(height)
                    stated = ph["fig_point"].format(name=name, tank=tank, height=self._m(F(height)))
                    if item.figure is None or stated not in item.figure.to_text():
                        raise ItemCheckError(f"item {where}: the figure does not place point {name}")
                if kind == "pressure_point":
                    top = max(depth.values())
                    winners = [n for n, d in depth.items() if d == top]
                    if len(winners) != 1:
                        raise ItemCheckError(f"item {where}: points {winners} share the greatest depth")
                    truth = {ph["opt_point"].format(name=winners[0])}
                else:
                    pascal = 1000 * 10 * depth[p["point"]]
                    truth = {f"{self._num(pascal / 1000)} kPa"}
            elif kind == "incline":
                h, run = F(p["height"]), F(p["run"])
                slope = F(p["slope"]) if p["slope"] is not None else None
                squared = h * h + run * run
                if slope is None:  # the candidate must find it: a right triangle with a rational side
                    root = F(round(float(squared) ** 0.5 * 1000), 1000)
                    if root * root != squared:
                        raise ItemCheckError(f"item {where}: the slope length is not a clean number")
                    slope = root
                elif slope * slope != squared:
                    raise ItemCheckError(f"item {where}: the marked sides do not form a right triangle")
                if p["ask"] == "force":  # work: F × slope = W × h
                    truth = {f"{self._num(int(p['load']) * h / slope)} N"}
                else:
                    truth = {f"{self._num(int(p['force']) * slope / h)} N"}
            elif kind == "springs":
                per_newton = stretch_by_forces(p["tree"], F(1, int(p["unit"]))) * int(p["per_cm"])  # cm per N
                if p["ask"] == "stretch":
                    truth = {f"{self._num(per_newton * int(p['load']))} cm"}
                else:
                    truth = {f"{self._num(F(p['stretch']) / per_newton)} N"}
            else:
                truth = self.check_extra(item, str(kind))
        except (KeyError, TypeError, ValueError) as exc:
            raise ItemCheckError(f"item {where}: malformed item: {exc}") from None
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text in truth])
