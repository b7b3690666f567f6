"""Levers: seesaws with weights at marked distances, first-, second- and third-class levers and
wheelbarrows; the mass, distance or effort that balances, or which side goes down.

Scenes and questions:

    seesaw       side      1-3 weights on each side: left down, right down or level
                 mass      the mass X at a marked place that balances 1-3 weights (some on X's side)
                 distance  where a given mass X must sit to balance
    lever1       effort    crowbar: load W and effort F on opposite sides of the pivot
    lever2       effort    hinge, then the load, then the effort lifting (nutcracker)
    lever3       effort    hinge, then the effort lifting, then the load (tweezers, forearm)
    wheelbarrow  effort    a second-class lever drawn as a wheelbarrow

For the seesaw every distance is marked from the pivot. For the other levers the drawing marks
the segments between neighbouring points (pivot to W, W to F ...), as printed tests do, so the
arm of a second- or third-class lever is a sum of two segments: one step more, and the trap of
using a segment as the arm.

Difficulty model (IRT logit scale b), linear in the structural features:

    b = -2.8 + 0.55 * (weights - 1) + 0.6 * add_step + 0.4 * both_sides + 0.3 * quarters
            + ask weight (side 0, effort 0.5, mass 0.8, distance 1.1)

weights: the known weights or loads; add_step: an arm must be added from two segments;
both_sides: known weights on both sides, so moments must be subtracted; quarters: distances in
quarter metres. The generator draws 10 random scenes and keeps the one whose b is nearest the
requested difficulty (plus a seeded jitter, sd 0.3). a = 0.8 + 0.05 * weights; time 35 s +
8 s per weight + 8 s per add step.

Distractors are named mistakes computed from the scene: the inverted distance ratio, the effort
taken equal to the load, the whole lever length or a marked segment used as the arm, the
weights balanced instead of the moments, a weight left out or the weight on X's side ignored.

check() rebuilds the positions from the structural description (the points and the measured
segments between them, walked from the pivot; each stated in the figure's text) and takes
moments about the pivot: the sum of position × vertical force is zero for exactly the keyed
option (or, for "which side goes down", has the keyed sign).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

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

PACKAGE = "question_generators.technical"
SCENES = (("seesaw", "side"), ("seesaw", "mass"), ("seesaw", "distance"), ("lever1", "effort"),
          ("lever2", "effort"), ("lever3", "effort"), ("wheelbarrow", "effort"))
ASK_WEIGHT = {"side": 0.0, "effort": 0.5, "mass": 0.8, "distance": 1.1}
WEIGHTS = {"weights": 0.55, "add_step": 0.6, "both_sides": 0.4, "quarters": 0.3, "ask": 1.0}
INTERCEPT = -2.8 - 0.55  # so that one weight gives -2.8
CANDIDATES = 10
HALVES = tuple(Fraction(k, 2) for k in range(1, 7))  # 0.5 .. 3 m
QUARTERS = tuple(Fraction(k, 4) for k in range(1, 13))  # 0.25 .. 3 m
MASSES = (5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80)
LOADS = tuple(range(100, 1250, 50))
WEIGHT_LABELS = "PQRST"
F = Fraction


def _m(x: Fraction) -> str:
    return f"{format_number(x)} m"


# =============================================================================================
# The check's solver: positions from segments, then moments about the pivot
# =============================================================================================
def positions(segments: list[list[Any]]) -> dict[str, Fraction]:
    """Walk the measured segments ([a, b, length]: b lies `length` metres right of a) from the pivot."""
    where = {"pivot": F(0)}
    pending = [(str(a), str(b), F(str(length))) for a, b, length in segments]
    while pending:
        progress = False
        for seg in list(pending):
            a, b, length = seg
            if a in where and b not in where:
                where[b] = where[a] + length
            elif b in where and a not in where:
                where[a] = where[b] - length
            elif a not in where:
                continue
            pending.remove(seg)
            progress = True
        if not progress:
            raise ItemCheckError(f"segments do not connect to the pivot: {pending}")
    return where


def net_moment(points: list[dict[str, Any]], where: dict[str, Fraction],
               unknown: tuple[str, Fraction] | None = None, at: Fraction | None = None) -> Fraction:
    """Sum of position × upward force about the pivot (zero when balanced; negative: right side down)."""
    total = F(0)
    for point in points:
        label = point["label"]
        value = point["value"]
        x = where.get(label)
        if unknown is not None and label == unknown[0]:
            value = unknown[1]
        if at is not None and label == "X":
            x = at
        if value is None or x is None:
            raise ItemCheckError(f"point {label} has no value or position")
        total += x * F(str(value)) * (1 if point["up"] else -1)
    return total


# =============================================================================================
# Scenes
# =============================================================================================
class _Scene:
    """A drawn lever: the points (label, value, unit, up), segments, and the answer."""

    def __init__(self, kind: str, ask: str) -> None:
        self.kind, self.ask = kind, ask
        self.points: list[dict[str, Any]] = []
        self.segments: list[list[Any]] = []
        self.key: Fraction = F(0)
        self.side = ""  # for "side": left / right / level
        self.candidates: list[tuple[Fraction, str]] = []
        self.features: dict[str, float] = {}
        self.unit = "kg"

    def add(self, label: str, value: Fraction | int | None, x: Fraction, up: bool = False) -> None:
        self.points.append({"label": label, "value": None if value is None else str(value), "up": up})
        if self.kind == "seesaw" or label == "pivot":
            if x < 0:
                self.segments.append([label, "pivot", str(-x)])
            else:
                self.segments.append(["pivot", label, str(x)])


def _plan(rng: np.random.Generator, target: float) -> tuple[str, str, int, bool, bool]:
    """A random scene; harder targets draw more weights."""
    kind, ask = SCENES[int(rng.integers(len(SCENES)))]
    if kind != "seesaw":
        return kind, ask, 1, False, bool(rng.random() < 0.35)
    hard = min(1.0, max(0.0, (target + 3.0) / 6.0))
    top_left = 3 if ask == "distance" else 4
    left = int(rng.integers(min(1 + int(hard * 2.5), top_left - 1), top_left))
    right = int(rng.integers(1 if ask == "side" else 0, 1 if ask == "distance" else 3))
    return kind, ask, left + right, right > 0 and ask != "side", bool(rng.random() < 0.35)


def _spaced(rng: np.random.Generator, grid: tuple[Fraction, ...], count: int) -> list[Fraction]:
    """`count` distances from the grid, at least 0.5 m apart (so the weights do not overlap),
    in random order; empty when the draw crowds them."""
    chosen: list[Fraction] = []
    for i in rng.permutation(len(grid)):
        if len(chosen) == count:
            break
        if all(abs(grid[i] - d) >= F(1, 2) for d in chosen):
            chosen.append(grid[i])
    return chosen if len(chosen) == count else []


def _features(kind: str, ask: str, weights: int, both: bool, quarters: bool) -> dict[str, float]:
    return {"weights": weights, "add_step": int(kind in ("lever2", "lever3", "wheelbarrow")),
            "both_sides": int(both or ask == "side"), "quarters": int(quarters), "ask": ASK_WEIGHT[ask]}


class LeversGenerator(BaseGenerator):
    """Levers, seesaws and wheelbarrows: the balancing mass, distance or effort, or which side drops.

    See the module docstring for the scenes and the difficulty model (weights, arms to add,
    weights on both sides, quarter-metre distances, question kind).
    """

    family = "technical.levers"
    section = "technical"
    version = 1
    title = "Levers and moments"
    max_redraws = 400  # a draw is cheap; some scenes need a few hundred to land on clean numbers

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.ph = phrases_for(PACKAGE, lang)["levers"]

    def _pick(self, rng: np.random.Generator, key: str) -> str:
        choices = self.ph[key]
        return choices[int(rng.integers(len(choices)))]

    # -- generate ----------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target = difficulty + rng.normal(0.0, 0.3)
        plans = [_plan(rng, target) for _ in range(CANDIDATES)]
        bs = [linear_difficulty(INTERCEPT, WEIGHTS, _features(*p)) for p in plans]
        kind, ask, weights, both, quarters = plans[int(np.argmin([abs(b - target) for b in bs]))]
        return self.redraw(rng, lambda r: self._attempt(r, kind, ask, weights, both, quarters))

    def _attempt(self, rng: np.random.Generator, kind: str, ask: str, weights: int, both: bool,
                 quarters: bool) -> Item | None:
        grid = QUARTERS if quarters else HALVES
        scene = _Scene(kind, ask)
        ok = self._seesaw(rng, scene, weights, both, grid) if kind == "seesaw" else self._lever(rng, scene, grid)
        if not ok:
            return None
        scene.features = _features(kind, ask, weights, both, quarters)
        if ask == "side":
            options, key = self._side_options(rng, scene)
        else:
            unit = {"mass": "kg", "distance": "m", "effort": "N"}[ask]
            m = self.ph["mistakes"]
            unique: dict[Fraction, str] = {}
            for value, name in scene.candidates:
                clean = (value * 4).denominator == 1 if unit == "m" else value.denominator == 1
                if value > 0 and value != scene.key and clean and (unit != "m" or value <= 6):
                    unique.setdefault(value, name)
            if len(unique) < 2:
                return None
            opts = [Option(f"{format_number(v)} {unit}", float(v), m[n]) for v, n in unique.items()]
            options, key = numeric_options(rng, Option(f"{format_number(scene.key)} {unit}", float(scene.key)),
                                           opts, min(5, len(opts) + 1))
        return self._item(rng, scene, options, key)

    def _seesaw(self, rng: np.random.Generator, scene: _Scene, weights: int, both: bool,
                grid: tuple[Fraction, ...]) -> bool:
        ask = scene.ask
        if ask == "side":
            n_left = int(rng.integers(1, min(3, weights - 1) + 1))
        elif both:
            n_left = weights - int(rng.integers(1, min(2, weights - 1) + 1))
        else:
            n_left = weights
        n_right = weights - n_left
        if not 1 <= n_left <= 3 or n_right > 2 or (ask == "side" and n_right < 1):
            return False
        left_d = sorted(_spaced(rng, grid, n_left), reverse=True)
        right_d = _spaced(rng, grid, n_right + (0 if ask == "side" else 1))
        if not left_d or (not right_d and n_right + (0 if ask == "side" else 1)):
            return False
        masses = [MASSES[int(i)] for i in rng.integers(0, len(MASSES), size=n_left + n_right + 1)]
        left = list(zip(masses[:n_left], left_d, strict=True))
        right = list(zip(masses[n_left:n_left + n_right], right_d[:n_right], strict=True))
        labels = iter(WEIGHT_LABELS)
        moment_left = sum((w * d for w, d in left), F(0))
        moment_right = sum((w * d for w, d in right), F(0))
        if ask == "side":
            wanted = ("left", "right", "level")[int(rng.integers(3))]
            if wanted == "level":
                w_last, d_last = right[-1]
                need = moment_left - moment_right + w_last * d_last
                fits = [(mass, d) for d in grid if all(abs(d - e) >= F(1, 2) for _, e in right[:-1])
                        for mass in [need / d]
                        if mass.denominator == 1 and 5 <= mass <= 100]
                if not fits:
                    return False
                mass, d_last = fits[int(rng.integers(len(fits)))]
                right[-1] = (int(mass), d_last)
                moment_right = moment_left
            got = "level" if moment_left == moment_right else "left" if moment_left > moment_right else "right"
            if got != wanted:
                return False
            heavier = sum(w for w, _ in left) - sum(w for w, _ in right)
            if got != "level" and (heavier > 0) == (got == "left") and heavier != 0 and rng.random() < 0.6:
                return False  # prefer scenes where the heavier side is not the one that drops
            scene.side = got
            right.sort(key=lambda wd: wd[1])  # labels run left to right
            for w, d in left:
                scene.add(next(labels), w, -d)
            for w, d in right:
                scene.add(next(labels), w, d)
            scene.unit = "kg"
            return True
        # Build backwards from the answer: X (mass and place) first, then solve the last left weight.
        d_x = right_d[-1]
        x_mass = masses[-1]
        if ask == "distance":
            d_x = grid[int(rng.integers(len(grid)))]
        if any(abs(d - d_x) < F(1, 2) for _, d in right):
            return False
        others = sum((w * d for w, d in left[:-1]), F(0))
        if others >= x_mass * d_x + moment_right:
            # the other weights alone outweigh X: halve them, as a light child would sit there
            left = [(max(5, w // 2 // 5 * 5), d) for w, d in left]
            others = sum((w * d for w, d in left[:-1]), F(0))
        free = [d for d in grid if all(abs(d - e) >= F(1, 2) for _, e in left[:-1])]
        fits = [(last, d) for d in free for last in [(x_mass * d_x + moment_right - others) / d]
                if last.denominator == 1 and 5 <= last <= 100]
        if not fits:
            return False
        last, d_last = fits[int(rng.integers(len(fits)))]
        left[-1] = (int(last), d_last)
        left.sort(key=lambda wd: -wd[1])
        moment_left = others + last * left[-1][1]
        need = moment_left - moment_right
        right.sort(key=lambda wd: wd[1])
        for w, d in left:
            scene.add(next(labels), w, -d)
        for w, d in right:
            scene.add(next(labels), w, d)
        m = scene.candidates
        if ask == "mass":
            scene.key = F(x_mass)
            scene.add("X", None, d_x)
            m.append((sum((w for w, _ in left), F(0)) - sum((w for w, _ in right), F(0)), "balanced_weights"))
            if n_left == 1 and not right:
                m.append((left[0][0] * d_x / left[0][1], "inverted_ratio"))
            for w, d in left if n_left > 1 else ():
                m.append(((need - w * d) / d_x, "forgot_weight"))
            if right:
                m.append((moment_left / d_x, "same_side_ignored"))
        else:
            scene.key = d_x
            scene.add("X", x_mass, d_x)
            scene.points[-1]["distance_unknown"] = True
            scene.segments.pop()  # the distance of X is the question
            if n_left == 1:
                m.append((x_mass * left[0][1] / left[0][0], "inverted_ratio"))
                m.append((left[0][1], "same_distance"))
            else:
                m.append((max(d for _, d in left), "same_distance"))
            for w, d in left if n_left > 1 else ():
                m.append(((need - w * d) / x_mass, "forgot_weight"))
            if right:
                m.append((moment_left / x_mass, "same_side_ignored"))
        return True

    def _lever(self, rng: np.random.Generator, scene: _Scene, grid: tuple[Fraction, ...]) -> bool:
        kind = scene.kind
        load = LOADS[int(rng.integers(len(LOADS)))]
        if kind == "wheelbarrow":
            arms = ((F(3, 10), F(2, 5), F(1, 2), F(3, 5)), (F(3, 5), F(4, 5), F(9, 10), F(1), F(6, 5)))
            if grid is QUARTERS:
                arms = ((F(1, 4), F(1, 2), F(3, 4)), (F(3, 4), F(1), F(5, 4)))
            a = arms[0][int(rng.integers(len(arms[0])))]
            b = arms[1][int(rng.integers(len(arms[1])))]
        else:
            a, b = grid[int(rng.integers(len(grid)))], grid[int(rng.integers(len(grid)))]
        if a == b:
            return False
        m = scene.candidates
        if kind == "lever1":
            arm_w, arm_f = a, b
            scene.segments = [["W", "pivot", str(a)], ["pivot", "F", str(b)]]
            m.append((F(load) * a / (a + b), "whole_length"))
        elif kind in ("lever2", "wheelbarrow"):
            arm_w, arm_f = a, a + b
            scene.segments = [["pivot", "W", str(a)], ["W", "F", str(b)]]
            m.append((F(load) * a / b, "segment_not_arm"))
        else:
            arm_w, arm_f = a + b, a
            scene.segments = [["pivot", "F", str(a)], ["F", "W", str(b)]]
            m.append((F(load) * b / a, "segment_not_arm"))
        effort = F(load) * arm_w / arm_f
        if effort.denominator != 1 or effort < 10:
            return False
        scene.key = effort
        scene.unit = "N"
        scene.points = [{"label": "W", "value": str(load), "up": False},
                        {"label": "F", "value": None, "up": kind != "lever1"}]
        m.append((F(load) * arm_f / arm_w, "inverted_ratio"))
        m.append((F(load), "load_equals_effort"))
        return True

    def _side_options(self, rng: np.random.Generator, scene: _Scene) -> tuple[tuple[Option, ...], int]:
        ph, mis = self.ph, self.ph["mistakes"]
        where = positions(scene.segments)
        weight = {side: sum(F(p["value"]) for p in scene.points
                            if (where[p["label"]] < 0) == (side == "left")) for side in ("left", "right")}
        heavy = "level" if weight["left"] == weight["right"] else max(weight, key=lambda s: weight[s])
        texts = {"left": ph["opt_left"], "right": ph["opt_right"], "level": ph["opt_level"]}
        others = []
        for side in ("left", "right", "level"):
            if side == scene.side:
                continue
            if side == heavy:
                name = "weights_only"
            elif side == "level":
                name = "thought_level"
            else:
                name = "distances_only"
            others.append(Option(texts[side], mistake=mis[name]))
        return shuffle_options(rng, Option(texts[scene.side]), others)

    # -- text, figure, item ------------------------------------------------------------------
    def _describe(self, scene: _Scene) -> list[str]:
        ph = self.ph
        lines = []
        if scene.kind == "seesaw":
            where = positions(scene.segments)
            for p in scene.points:
                label = p["label"]
                if p.get("distance_unknown"):
                    lines.append(ph["fig_unknown_distance"].format(label=label, value=f"{p['value']} kg",
                                                                   side=ph["word_right"]))
                    continue
                x = where[label]
                side = ph["word_left" if x < 0 else "word_right"]
                if p["value"] is None:
                    lines.append(ph["fig_unknown"].format(label=label, distance=_m(abs(x)), side=side))
                else:
                    lines.append(ph["fig_weight"].format(label=label, value=f"{p['value']} kg",
                                                         distance=_m(abs(x)), side=side))
            return lines
        for p in scene.points:
            direction = ph["word_up" if p["up"] else "word_down"]
            if p["value"] is None:
                lines.append(ph["fig_effort"].format(label=p["label"], direction=direction))
            else:
                lines.append(ph["fig_force"].format(label=p["label"], value=f"{p['value']} N", direction=direction))
        for a, b, length in scene.segments:
            lines.append(self.segment_sentence(a, b, length))
        return lines

    def segment_sentence(self, a: str, b: str, length: str) -> str:
        def name(x: str) -> str:
            return self.ph["word_pivot"] if x == "pivot" else x
        return self.ph["fig_segment"].format(a=name(a), b=name(b), length=_m(F(length)))

    def _item(self, rng: np.random.Generator, scene: _Scene, options: tuple[Option, ...], key: int) -> Item:
        ph = self.ph
        ask = {"side": "ask_side", "mass": "ask_mass", "distance": "ask_distance", "effort": "ask_effort"}[scene.ask]
        mass_x = next((p["value"] for p in scene.points if p["label"] == "X"), None)
        weightless = ph["weightless_plank" if scene.kind == "seesaw" else "weightless"]
        prompt = " ".join([self._pick(rng, f"scene_{scene.kind}"), weightless,
                           self._pick(rng, ask).format(mass=f"{mass_x} kg")])
        lines = self._describe(scene)
        labels = [p["label"] for p in scene.points]
        alt = ph["alt"].format(kind=ph["kind_names"][scene.kind], labels=", ".join(labels))
        figure = Svg(svg=self._svg(scene, alt), text="\n".join(lines), alt=alt)
        features = scene.features
        weights = int(features["weights"])
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            explanation=self._explain(scene), difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features),
            discrimination=round(0.8 + 0.05 * weights, 3),
            time_s=35.0 + 8.0 * weights + 8.0 * features["add_step"],
            options=options, key=key, figure=figure,
            params={"kind": scene.kind, "ask": scene.ask, "points": scene.points,
                    "segments": scene.segments, **{k: v for k, v in features.items() if k != "ask"}},
        )

    def _explain(self, scene: _Scene) -> str:
        ph = self.ph
        parts = [ph["principle"]]
        if scene.kind == "seesaw":
            where = positions(scene.segments)
            known = [p for p in scene.points if p["value"] is not None and not p.get("distance_unknown")]
            totals = {}
            for side in ("left", "right"):
                mine = [p for p in known if (where[p["label"]] < 0) == (side == "left")]
                total = sum((F(p["value"]) * abs(where[p["label"]]) for p in mine), F(0))
                totals[side] = total
                if mine:
                    terms = " + ".join(f"{p['value']} × {format_number(abs(where[p['label']]))}" for p in mine)
                    parts.append(ph["moments_side"].format(side=ph[f"word_{side}"], terms=terms,
                                                           total=f"{format_number(total)} kg·m"))
            need = totals["left"] - totals["right"]
            if scene.ask == "side":
                parts.append(ph["answer_side_level"] if scene.side == "level"
                             else ph["answer_side_down"].format(side=ph[f"word_{scene.side}"]))
            elif scene.ask == "mass":
                d = where["X"]
                parts.append(ph["answer_mass"].format(d=_m(d), need=f"{format_number(need)} kg·m",
                                                      value=f"{format_number(scene.key)} kg"))
            else:
                mass = next(p["value"] for p in scene.points if p["label"] == "X")
                parts.append(ph["answer_distance"].format(mass=f"{mass} kg", mass_n=mass,
                                                          need=f"{format_number(need)} kg·m",
                                                          value=_m(scene.key)))
            return " ".join(parts)
        where = positions(scene.segments)
        if scene.kind != "lever1":
            (_, _, a), (_, far, b) = scene.segments
            total = _m(abs(where[far]))
            parts.append(ph["arm"].format(label=far, calc=f"{_m(F(a))} + {_m(F(b))} = {total}"))
        load = next(p["value"] for p in scene.points if p["label"] == "W")
        parts.append(ph["answer_effort"].format(de=_m(abs(where["F"])), w=f"{load} N",
                                                dw=_m(abs(where["W"])), value=f"{format_number(scene.key)} N"))
        return " ".join(parts)

    # -- drawing -----------------------------------------------------------------------------
    def _svg(self, scene: _Scene, title: str) -> str:
        where = positions(scene.segments)
        if scene.kind == "seesaw" and scene.ask == "distance":
            where = dict(where)
            where["X"] = max([*where.values(), F(1)]) + F(1, 2)  # not to scale: its distance is asked
        xs = [float(v) for v in where.values()]
        lo, hi = min([*xs, 0.0]), max([*xs, 0.0])
        if scene.kind == "seesaw":
            span = max(abs(lo), abs(hi)) + 0.4
            lo, hi = -span, span
        else:
            lo, hi = lo - 0.25, hi + 0.25
        scale = 460.0 / (hi - lo)
        left, beam_y = 30.0, 110.0

        def px(x: Fraction | float) -> float:
            return left + (float(x) - lo) * scale

        body = [dw.rect(px(lo), beam_y - 5, (hi - lo) * scale, 10, fill="#c8a96e", width=1.5)]
        p0 = px(0)
        if scene.kind == "wheelbarrow":
            body.append(dw.circle(p0, beam_y + 22, 20, fill="#ddd") + dw.circle(p0, beam_y + 22, 3, fill=dw.STROKE))
            wx = px(where["W"])
            body.append(dw.polygon([(p0 + 8, beam_y - 6), (wx + 60, beam_y - 6), (wx + 80, beam_y - 75),
                                    (p0 - 5, beam_y - 75)], fill="#eef", width=1.5))
        else:
            body.append(dw.polygon([(p0, beam_y + 5), (p0 - 16, beam_y + 36), (p0 + 16, beam_y + 36)],
                                   fill="#888", width=1.5))
        dim_y = beam_y + 58
        for p in scene.points:
            label = p["label"]
            x = px(where[label])
            if label == "F":
                if p["up"]:
                    body.append(dw.line(x, beam_y + 48, x, beam_y + 8, 3, arrow=True))
                    body.append(dw.text(x + 16, beam_y + 36, "F = ?", 13, anchor="start", weight="bold"))
                else:
                    body.append(dw.line(x, beam_y - 52, x, beam_y - 8, 3, arrow=True))
                    body.append(dw.text(x, beam_y - 58, "F = ?", 13, weight="bold"))
                continue
            unknown = p["value"] is None or p.get("distance_unknown")
            box_top = beam_y - 5 - 30
            if scene.kind == "wheelbarrow":
                box_top = beam_y - 50
            dash = ' stroke-dasharray="4 3"' if unknown else ""
            fill = "#fff" if unknown else "#9db4d0"
            body.append(f'<rect x="{dw.num(x - 14)}" y="{dw.num(box_top)}" width="28" height="30" '
                        f'fill="{fill}" stroke="{dw.STROKE}" stroke-width="1.5"{dash}/>')
            body.append(dw.text(x, box_top + 20, label, 14, weight="bold"))
            value = "?" if p["value"] is None else f"{p['value']} {'kg' if scene.kind == 'seesaw' else 'N'}"
            body.append(dw.text(x, box_top - 6, value, 12))
        # dimension lines: what the figure measures (the seesaw from the pivot, levers segment by segment)
        for k, (a, b, length) in enumerate(scene.segments):
            x1, x2 = px(where[a]), px(where[b])
            y = dim_y + 20 * k if scene.kind != "seesaw" else dim_y + 20 * (k % 3)
            body += [dw.line(x1, y, x2, y, 1), dw.line(x1, y - 5, x1, y + 5, 1), dw.line(x2, y - 5, x2, y + 5, 1),
                     dw.text((x1 + x2) / 2, y - 4, _m(F(length)), 11)]
            if scene.kind == "seesaw":  # a leader from the weight down to its dimension line
                end = x1 if a != "pivot" else x2
                body.append(dw.line(end, beam_y + 6, end, y, 0.7, dash="2 3"))
        if scene.kind == "seesaw" and scene.ask == "distance":
            x1, x2 = p0, px(where["X"])
            y = dim_y + 60
            body += [dw.line(x1, y, x2, y, 1, dash="4 3"), dw.text((x1 + x2) / 2, y - 4, "d = ?", 11)]
        height = dim_y + 80
        return dw.document(520, height, body, title)

    # -- check -------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where_id = item.id or item.family
        p = item.params
        try:
            points, segments, ask = list(p["points"]), list(p["segments"]), str(p["ask"])
        except (KeyError, TypeError) as exc:
            raise ItemCheckError(f"item {where_id}: malformed lever: {exc}") from None
        text = item.figure.to_text() if item.figure is not None else ""
        if p["kind"] != "seesaw":
            for a, b, length in segments:
                if self.segment_sentence(a, b, length) not in text:
                    raise ItemCheckError(f"item {where_id}: the figure does not state the segment {a}-{b}")
        for point in points:
            if point["value"] is not None and f"{point['label']}: {point['value']}" not in text:
                raise ItemCheckError(f"item {where_id}: the figure does not state {point['label']}")
        where = positions(segments)
        if ask == "side":
            moment = net_moment(points, where)
            truth = self.ph["opt_level" if moment == 0 else "opt_right" if moment < 0 else "opt_left"]
            require_single_key(item, [i for i, o in enumerate(item.options) if o.text == truth])
            return
        label = "F" if ask == "effort" else "X"
        correct = []
        for index, option in enumerate(item.options):
            try:
                value = F(option.text.split()[0].replace(",", ""))
            except (ValueError, IndexError, ZeroDivisionError):
                raise ItemCheckError(f"item {where_id}: option {option.text!r} is not a number") from None
            if ask == "distance":
                balanced = net_moment(points, where, at=value) == 0
            else:
                balanced = net_moment(points, where, unknown=(label, value)) == 0
            if balanced:
                correct.append(index)
        require_single_key(item, correct)
