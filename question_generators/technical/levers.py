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
    compound     effort    two levers joined by a rod (levers_compound.py): lever A, hinged, passes
                           the effort through the rod to lever B, which lifts W; the load for an
                           effort or the effort for a load, two moment balances in a row

For the seesaw every distance is marked from the pivot. For the other levers the drawing marks
the segments between neighbouring points (pivot to W, W to F ...), as printed tests do, so the
arm of a second- or third-class lever is a sum of two segments: one step more, and the trap of
using a segment as the arm.

Difficulty model (IRT logit scale b), linear in the structural features:

    b = -2.8 + 0.55 * (weights - 1) + 0.6 * add_step + 0.4 * both_sides + 0.3 * quarters
            + 0.7 * plank + 3.5 * compound + ask weight (side 0, effort or load 0.5, mass 0.8,
            distance 1.1)

weights: the known weights or loads; add_step: an arm must be added from two segments;
both_sides: known weights on both sides, so moments must be subtracted; quarters: distances in
quarter metres; plank: the seesaw's pivot is off the centre G of a uniform plank whose own
weight (stated) acts at G, one more moment that is easy to forget; compound: two levers in a
row (b 1.8-2.1; hard requests draw it more often, up to 40% of plans at +3). The generator draws 10
random scenes and keeps the one whose b is nearest the requested difficulty (plus a seeded
jitter, sd 0.3). a = 0.8 + 0.05 * weights; time 35 s + 8 s per weight + 8 s per add step.

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
from functools import lru_cache
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
from question_generators.display import format_number, parse_number
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item, Option
from question_generators.technical import drawing as dw
from question_generators.technical.common import RankDraw, exact_rank, rank_gap, with_content
from question_generators.technical.levers_compound import compound_scene, draw_compound, solve_by_work

PACKAGE = "question_generators.technical"
SCENES = (("seesaw", "side"), ("seesaw", "mass"), ("seesaw", "distance"), ("lever1", "effort"),
          ("lever2", "effort"), ("lever3", "effort"), ("wheelbarrow", "effort"), ("compound", "effort"))
ASK_WEIGHT = {"side": 0.0, "effort": 0.5, "load": 0.5, "mass": 0.8, "distance": 1.1}
WEIGHTS = {"weights": 0.55, "add_step": 0.6, "both_sides": 0.4, "quarters": 0.3, "plank": 0.7, "compound": 3.5,
           "ask": 1.0}
INTERCEPT = -2.8 - 0.55  # so that one weight gives -2.8
CANDIDATES = 10
OPTIONS = 4  # at most; the key's rank among them is drawn uniformly
HALVES = tuple(Fraction(k, 2) for k in range(1, 7))  # 0.5 .. 3 m
QUARTERS = tuple(Fraction(k, 4) for k in range(1, 13))  # 0.25 .. 3 m
# the same grids in whole quarter-metres, for the seesaw's integer hot loop (made once, not per draw)
HALF_SLOTS = tuple(int(g * 4) for g in HALVES)
QUARTER_SLOTS = tuple(int(g * 4) for g in QUARTERS)
MASSES = (5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80)
LOADS = tuple(range(100, 1250, 50))
WEIGHT_LABELS = "PQRST"
F = Fraction


def _m(x: Fraction, lang: str = "en") -> str:
    return f"{format_number(x, lang=lang)} m"


# =============================================================================================
# The check's solver: positions from segments, then moments about the pivot
# =============================================================================================
def positions(segments: list[list[Any]]) -> dict[str, Fraction]:
    """Walk the measured segments ([a, b, length]: b lies `length` metres right of a) from the pivot."""
    return dict(_positions(tuple((str(a), str(b), str(length)) for a, b, length in segments)))


@lru_cache(maxsize=256)
def _positions(segments: tuple[tuple[str, str, str], ...]) -> dict[str, Fraction]:
    """`positions`, cached: an item's text, drawing, explanation and check each walk the same
    segments, and parsing fractions from text is the slow part (the caller gets a copy)."""
    where = {"pivot": F(0)}
    pending = [(a, b, F(length)) for a, b, length in segments]
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
        self.rank = 0
        self.outcome = 0
        self.plank_side: str | None = None  # "which side" as read by someone ignoring the plank

    def add(self, label: str, value: Fraction | int | None, x: Fraction, up: bool = False) -> None:
        self.points.append({"label": label, "value": None if value is None else str(value), "up": up})
        if self.kind == "seesaw" or label == "pivot":
            if x < 0:
                self.segments.append([label, "pivot", str(-x)])
            else:
                self.segments.append(["pivot", label, str(x)])


def _plan(rng: np.random.Generator, target: float) -> tuple[str, str, int, bool, bool, bool]:
    """A random scene; harder targets draw more weights and more often a heavy plank."""
    hard = min(1.0, max(0.0, (target + 3.0) / 6.0))
    kind, ask = SCENES[int(rng.integers(len(SCENES)))]
    if rng.random() < 0.4 * hard:  # hard requests: more compound levers, the one scene above b = 1
        kind, ask = "compound", "effort"
    if kind != "seesaw":
        return kind, ask, 1, False, bool(rng.random() < 0.35), False
    top_left = 3 if ask == "distance" else 4
    left = int(rng.integers(min(1 + int(hard * 2.5), top_left - 1), top_left))
    right = int(rng.integers(1 if ask == "side" else 0, 1 if ask == "distance" else 3))
    plank = bool(rng.random() < 0.15 + 0.5 * hard)
    return kind, ask, left + right, right > 0 and ask != "side", bool(rng.random() < 0.35), plank


def _spaced(rng: np.random.Generator, slots: tuple[int, ...], count: int) -> list[int]:
    """`count` distances (whole quarter-metres) from the slots, at least 0.5 m apart (so the
    weights do not overlap), in random order; empty when the draw crowds them."""
    chosen: list[int] = []
    for i in rng.permutation(len(slots)).tolist():
        if len(chosen) == count:
            break
        if all(abs(slots[i] - d) >= 2 for d in chosen):
            chosen.append(slots[i])
    return chosen if len(chosen) == count else []


def _features(kind: str, ask: str, weights: int, both: bool, quarters: bool, plank: bool) -> dict[str, float]:
    return {"weights": weights, "add_step": int(kind in ("lever2", "lever3", "wheelbarrow", "compound")),
            "both_sides": int(both or ask == "side"), "quarters": int(quarters), "plank": int(plank),
            "compound": int(kind == "compound"), "ask": ASK_WEIGHT[ask]}


class LeversGenerator(BaseGenerator):
    """Levers, seesaws and wheelbarrows: the balancing mass, distance or effort, or which side drops.

    See the module docstring for the scenes and the difficulty model (weights, arms to add,
    weights on both sides, quarter-metre distances, question kind).
    """

    family = "technical.levers"
    section = "technical"
    version = 6  # 6: Bokmål; 5: clean drawing (labels clear of strokes and of each other, seesaw rows by distance)
    # requests are calibrated (mean b within 0.3, SD under 0.5) over this range; see tests/.../test_realism_technical.py
    difficulty_range = (-2.0, 2.0)
    title = "Levers and moments"
    languages = ("en", "nb")
    max_redraws = 400  # a draw is cheap; some scenes need a few hundred to land on clean numbers

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.ph = phrases_for(PACKAGE, lang)["levers"]

    # -- numbers in the item's language -------------------------------------------------------
    def _n(self, value: Fraction | int) -> str:
        return format_number(value, lang=self.lang)

    def _m(self, value: Fraction) -> str:
        return _m(value, self.lang)

    def _v(self, value: str | None) -> str:
        """A stored value (a whole number as text) in a sentence: as stored in English (the English
        wording always was), with the language's separators elsewhere (1 200)."""
        if self.lang == "en" or value is None:  # None: a mass the question asks for (not shown)
            return str(value)
        return format_number(F(value), lang=self.lang)

    def _sv(self, value: str | None) -> str:
        """`_v` for a label drawn in the SVG: a plain space between digit groups (the drawing's
        font tables measure it; the no-break space is for running text)."""
        return self._v(value).replace("\u00a0", " ")

    def _parse(self, text: str) -> Fraction:
        """An option's number (its first word, or the whole figure with its separators)."""
        if self.lang == "en":
            return F(text.split()[0].replace(",", ""))
        return F(repr(parse_number(text, self.lang)))

    def _pick(self, rng: np.random.Generator, key: str) -> str:
        choices = self.ph[key]
        return choices[int(rng.integers(len(choices)))]

    # -- generate ----------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        item = self._generate(rng, difficulty)
        return with_content(item, "lever:" + str(item.params["kind"]))

    def _generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target = difficulty + rng.normal(0.0, 0.3)
        plans = [_plan(rng, target) for _ in range(CANDIDATES)]
        bs = [linear_difficulty(INTERCEPT, WEIGHTS, _features(*p)) for p in plans]
        kind, ask, weights, both, quarters, plank = plans[int(np.argmin([abs(b - target) for b in bs]))]
        draw = RankDraw(rng, OPTIONS)  # the key's place among the ascending options, kept on redraws
        return self.redraw(rng, lambda r: self._attempt(r, kind, ask, weights, both, quarters, plank, draw))

    def _attempt(self, rng: np.random.Generator, kind: str, ask: str, weights: int, both: bool,
                 quarters: bool, plank: bool = False, draw: RankDraw | None = None) -> Item | None:
        grid = QUARTERS if quarters else HALVES
        draw = draw or RankDraw(rng, OPTIONS, 0)
        strict = draw.strict
        if kind == "compound":
            return self._compound(rng, grid, quarters, draw.rank, strict)
        scene = _Scene(kind, ask)
        scene.rank = draw.rank
        scene.outcome = int(draw.share * 3)  # which side drops, drawn once so redraws keep it uniform
        seesaw = kind == "seesaw"
        if not (self._seesaw(rng, scene, weights, both, grid, plank) if seesaw else self._lever(rng, scene, grid)):
            return None
        scene.features = _features(kind, ask, weights, both, quarters, plank)
        if ask == "side":
            options, key = self._side_options(rng, scene)
        else:
            ask = scene.ask
            unit = {"mass": "kg", "distance": "m", "effort": "N", "load": "N"}[ask]
            m = self.ph["mistakes"]
            unique: dict[Fraction, str] = {}
            for value, name in scene.candidates:
                clean = (value * 4).denominator == 1 if unit == "m" else value.denominator == 1
                if value > 0 and value != scene.key and clean and (unit != "m" or value <= 6):
                    unique.setdefault(value, name)
            chosen = exact_rank(scene.key, unique, OPTIONS, scene.rank, strict)
            if chosen is None:
                return None
            opts = [Option(f"{self._n(v)} {unit}", float(v), _mistake(m, n)) for v, n in chosen]
            options, key = numeric_options(rng, Option(f"{self._n(scene.key)} {unit}", float(scene.key)),
                                           opts, len(opts) + 1)
        return self._item(rng, scene, options, key)

    def _seesaw(self, rng: np.random.Generator, scene: _Scene, weights: int, both: bool,
                grid: tuple[Fraction, ...], plank: bool = False) -> bool:
        """A seesaw scene. Distances are whole quarter-metres here (ints are much faster than
        fractions in this hot loop); they become metres when the points are placed."""
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
        slots = QUARTER_SLOTS if grid is QUARTERS else HALF_SLOTS
        left_d = sorted(_spaced(rng, slots, n_left), reverse=True)
        right_d = _spaced(rng, slots, n_right + (0 if ask == "side" else 1))
        if not left_d or (not right_d and n_right + (0 if ask == "side" else 1)):
            return False
        masses = [MASSES[int(i)] for i in rng.integers(0, len(MASSES), size=n_left + n_right + 1)]
        left = list(zip(masses[:n_left], left_d, strict=True))
        right = list(zip(masses[n_left:n_left + n_right], right_d[:n_right], strict=True))
        labels = iter(WEIGHT_LABELS)
        moment_left = sum(w * d for w, d in left)  # kg × quarter-metres
        moment_right = sum(w * d for w, d in right)
        # A uniform plank whose centre G is off the pivot: its own weight acts at G.
        g_mass, g_at = 0, 0
        if plank:
            g_mass = (10, 20, 30, 40)[int(rng.integers(4))]
            taken = {-d for _, d in left} | {d for d in right_d}
            spots = [g for g in (2, 4, -2, -4) if g not in taken]  # quarters, signed; not under a weight
            if not spots:
                return False
            g_at = spots[int(rng.integers(len(spots)))]
        g_left, g_right = (g_mass * -g_at, 0) if g_at < 0 else (0, g_mass * g_at)
        moment_left += g_left
        moment_right += g_right
        if ask == "side":
            wanted = ("left", "right", "level")[scene.outcome]
            if wanted == "level":
                w_last, d_last = right[-1]
                need = moment_left - moment_right + w_last * d_last
                fits = [(need // d, d) for d in slots if all(abs(d - e) >= 2 for _, e in right[:-1])
                        and need % d == 0 and 5 <= need // d <= 100]
                if not fits:
                    return False
                right[-1] = fits[int(rng.integers(len(fits)))]
                moment_right = moment_left
            got = "level" if moment_left == moment_right else "left" if moment_left > moment_right else "right"
            if got != wanted:
                return False
            heavier = sum(w for w, _ in left) - sum(w for w, _ in right)
            if got != "level" and (heavier > 0) == (got == "left") and heavier != 0 and rng.random() < 0.6:
                return False  # prefer scenes where the heavier side is not the one that drops
            scene.side = got
            if plank:
                bare = "level" if moment_left - g_left == moment_right - g_right else \
                    "left" if moment_left - g_left > moment_right - g_right else "right"
                scene.plank_side = bare  # what a reader who ignores the plank's weight would say
            right.sort(key=lambda wd: wd[1])  # labels run left to right
            for w, d in left:
                scene.add(next(labels), w, F(-d, 4))
            for w, d in right:
                scene.add(next(labels), w, F(d, 4))
            if plank:
                scene.add("G", g_mass, F(g_at, 4))
            scene.unit = "kg"
            return True
        # Build backwards from the answer: X (mass and place) first, then solve the last left weight.
        d_x = right_d[-1]
        x_mass = masses[-1]
        if ask == "distance":
            d_x = slots[int(rng.integers(len(slots)))]
        if any(abs(d - d_x) < 2 for _, d in right):
            return False
        others = sum(w * d for w, d in left[:-1]) + g_left
        if others >= x_mass * d_x + moment_right:
            # the other weights alone outweigh X: halve them, as a light child would sit there
            left = [(max(5, w // 2 // 5 * 5), d) for w, d in left]
            others = sum(w * d for w, d in left[:-1]) + g_left
        rest = x_mass * d_x + moment_right - others
        fits = [(rest // d, d) for d in slots if all(abs(d - e) >= 2 for _, e in left[:-1])
                and rest % d == 0 and 5 <= rest // d <= 100]
        if not fits:
            return False
        left[-1] = fits[int(rng.integers(len(fits)))]
        left.sort(key=lambda wd: -wd[1])
        moment_left = others + rest
        need = moment_left - moment_right
        right.sort(key=lambda wd: wd[1])
        left_labels = []
        for w, d in left:
            left_labels.append(next(labels))
            scene.add(left_labels[-1], w, F(-d, 4))
        for w, d in right:
            scene.add(next(labels), w, F(d, 4))
        if plank:
            scene.add("G", g_mass, F(g_at, 4))
        m = scene.candidates
        bare_need = need - g_left + g_right  # the moment X must supply if the plank weighed nothing
        if plank and ask == "mass":
            m.append((F(bare_need, d_x), "ignored_plank"))
        elif plank:
            m.append((F(bare_need, 4 * x_mass), "ignored_plank"))
        if ask == "mass":  # values in kg: moments (kg × quarters) ÷ quarters
            scene.key = F(x_mass)
            scene.add("X", None, F(d_x, 4))
            m.append((F(sum(w for w, _ in left) - sum(w for w, _ in right)), "balanced_weights"))
            if n_left == 1 and not right:
                m.append((F(left[0][0] * d_x, left[0][1]), "inverted_ratio"))
            for (w, d), label in zip(left, left_labels, strict=True) if n_left > 1 else ():
                m.append((F(need - w * d, d_x), f"forgot_weight:{label}"))
            if right:
                m.append((F(moment_left, d_x), "same_side_ignored"))
            m.append((F(need, 4), "moment_not_mass"))  # kg·m, not divided by X's distance
        else:  # values in metres: moments (kg × quarters) ÷ kg ÷ 4
            scene.key = F(d_x, 4)
            scene.add("X", x_mass, F(d_x, 4))
            scene.points[-1]["distance_unknown"] = True
            scene.segments.pop()  # the distance of X is the question
            if n_left == 1:
                m.append((F(x_mass * left[0][1], 4 * left[0][0]), "inverted_ratio"))
                m.append((F(left[0][1], 4), "same_distance"))
            else:
                m.append((F(max(d for _, d in left), 4), "same_distance"))
            for (w, d), label in zip(left, left_labels, strict=True) if n_left > 1 else ():
                m.append((F(need - w * d, 4 * x_mass), f"forgot_weight:{label}"))
            if right:
                m.append((F(moment_left, 4 * x_mass), "same_side_ignored"))
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
        m.append((F(load) * arm_f / arm_w, "inverted_ratio"))
        m.append((F(load), "load_equals_effort"))
        # Two slips that land on the other side of the key from the two above (a lever that
        # saves effort has its inverted ratio and "effort = load" both above the key):
        m.append((effort * arm_w / arm_f, "ratio_twice"))
        if kind != "lever1" and kind != "lever3":  # the load sits between pivot and effort: "they share it"
            m.append((F(load, 2), "half_load"))
        scene.unit = "N"
        # Two directions: the effort for a load, or the heaviest load for an effort. Every mistake
        # scales the same way, so it lands on the other side of the key in the other direction;
        # the key's drawn rank picks the direction.
        # a mistake gives the effort v = W × k_m; the same slip asked backwards gives F ÷ k_m = F × W ÷ v
        backward = [(effort * load / v, name) for v, name in m]
        choices = []
        for ask, key, cands in (("effort", effort, list(m)), ("load", F(load), backward)):
            unique = {v: n for v, n in cands if v.denominator == 1 and v > 0 and v != key}
            choices.append((rank_gap(key, unique, OPTIONS, scene.rank), float(rng.random()), ask, key, cands))
        _, _, ask, key, cands = min(choices)
        scene.ask, scene.key, scene.candidates = ask, key, cands
        scene.points = [{"label": "W", "value": None if ask == "load" else str(load), "up": False},
                        {"label": "F", "value": str(effort) if ask == "load" else None, "up": kind != "lever1"}]
        return True

    def _side_options(self, rng: np.random.Generator, scene: _Scene) -> tuple[tuple[Option, ...], int]:
        ph, mis = self.ph, self.ph["mistakes"]
        where = positions(scene.segments)
        weight = {side: sum(F(p["value"]) for p in scene.points if p["label"] != "G"
                            and (where[p["label"]] < 0) == (side == "left")) for side in ("left", "right")}
        heavy = "level" if weight["left"] == weight["right"] else max(weight, key=lambda s: weight[s])
        texts = {"left": ph["opt_left"], "right": ph["opt_right"], "level": ph["opt_level"]}
        others = []
        for side in ("left", "right", "level"):
            if side == scene.side:
                continue
            if side == scene.plank_side:
                name = "ignored_plank"
            elif scene.side == "level" and heavy == "level":  # equal weights: the moments decide
                name = f"larger_moment_{side}"
            elif side == heavy:
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
                    lines.append(ph["fig_unknown_distance"].format(label=label, value=f"{self._v(p['value'])} kg",
                                                                   side=ph["word_right"]))
                    continue
                x = where[label]
                side = ph["word_left" if x < 0 else "word_right"]
                if p["value"] is None:
                    lines.append(ph["fig_unknown"].format(label=label, distance=self._m(abs(x)), side=side))
                else:
                    lines.append(ph["fig_weight"].format(label=label, value=f"{self._v(p['value'])} kg",
                                                         distance=self._m(abs(x)), side=side))
                if label == "G":
                    lines.append(ph["fig_plank"])
            return lines
        for p in scene.points:
            direction = ph["word_up" if p["up"] else "word_down"]
            if p["value"] is None:
                unknown = "fig_effort" if p["label"] == "F" else "fig_load_unknown"
                lines.append(ph[unknown].format(label=p["label"], direction=direction))
            else:
                lines.append(ph["fig_force"].format(label=p["label"], value=f"{self._v(p['value'])} N",
                                                    direction=direction))
        for a, b, length in scene.segments:
            lines.append(self.segment_sentence(a, b, length))
        return lines

    def _effort_text(self, scene: _Scene) -> str:
        value = next((p["value"] for p in scene.points if p["label"] == "F"), None)
        return f"{self._v(value)} N" if value is not None else ""

    def segment_sentence(self, a: str, b: str, length: str) -> str:
        def name(x: str) -> str:
            return self.ph["word_pivot"] if x == "pivot" else x
        return self.ph["fig_segment"].format(a=name(a), b=name(b), length=self._m(F(length)))

    def _item(self, rng: np.random.Generator, scene: _Scene, options: tuple[Option, ...], key: int) -> Item:
        ph = self.ph
        ask = {"side": "ask_side", "mass": "ask_mass", "distance": "ask_distance", "effort": "ask_effort",
               "load": "ask_load"}[scene.ask]
        mass_x = next((p["value"] for p in scene.points if p["label"] == "X"), None)
        has_plank = any(p["label"] == "G" for p in scene.points)
        weightless = ph["weightless_plank" if scene.kind == "seesaw" else "weightless"]
        scene_key = "scene_plank" if has_plank else f"scene_{scene.kind}"
        prompt = " ".join([self._pick(rng, scene_key), ph["plank_weight"] if has_plank else weightless,
                           self._pick(rng, ask).format(mass=f"{self._v(mass_x)} kg", effort=self._effort_text(scene))])
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
        if any(p["label"] == "G" for p in scene.points):
            parts.append(ph["plank_moment"])
        if scene.kind == "seesaw":
            where = positions(scene.segments)
            known = [p for p in scene.points if p["value"] is not None and not p.get("distance_unknown")]
            totals = {}
            for side in ("left", "right"):
                mine = [p for p in known if (where[p["label"]] < 0) == (side == "left")]
                total = sum((F(p["value"]) * abs(where[p["label"]]) for p in mine), F(0))
                totals[side] = total
                if mine:
                    terms = " + ".join(f"{self._v(p['value'])} × {self._n(abs(where[p['label']]))}" for p in mine)
                    parts.append(ph["moments_side"].format(side=ph[f"word_{side}"], terms=terms,
                                                           total=f"{self._n(total)} kg·m"))
            need = totals["left"] - totals["right"]
            if scene.ask == "side":
                parts.append(ph["answer_side_level"] if scene.side == "level"
                             else ph["answer_side_down"].format(side=ph[f"word_{scene.side}"]))
            elif scene.ask == "mass":
                d = where["X"]
                parts.append(ph["answer_mass"].format(d=self._m(d), need=f"{self._n(need)} kg·m",
                                                      value=f"{self._n(scene.key)} kg"))
            else:
                mass = next(p["value"] for p in scene.points if p["label"] == "X")
                parts.append(ph["answer_distance"].format(mass=f"{self._v(mass)} kg", mass_n=self._v(mass),
                                                          need=f"{self._n(need)} kg·m",
                                                          value=self._m(scene.key)))
            return " ".join(parts)
        where = positions(scene.segments)
        if scene.kind != "lever1":
            (_, _, a), (_, far, b) = scene.segments
            total = self._m(abs(where[far]))
            parts.append(ph["arm"].format(label=far, calc=f"{self._m(F(a))} + {self._m(F(b))} = {total}"))
        load = next(p["value"] for p in scene.points if p["label"] == "W")
        if scene.ask == "load":
            effort = next(p["value"] for p in scene.points if p["label"] == "F")
            parts.append(ph["answer_load"].format(de=self._m(abs(where["F"])), f=f"{self._v(effort)} N",
                                                  dw=self._m(abs(where["W"])),
                                                  value=f"{self._n(scene.key)} N"))
            return " ".join(parts)
        parts.append(ph["answer_effort"].format(de=self._m(abs(where["F"])), w=f"{self._v(load)} N",
                                                dw=self._m(abs(where["W"])), value=f"{self._n(scene.key)} N"))
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
            centre = float(where.get("G", 0))  # the plank is drawn symmetric about its own centre
            span = max(abs(lo - centre), abs(hi - centre)) + 0.4
            lo, hi = centre - span, centre + span
        else:
            lo, hi = lo - 0.25, hi + 0.25
        scale = 460.0 / (hi - lo)
        left, beam_y = 30.0, 110.0

        def px(x: Fraction | float) -> float:
            return left + (float(x) - lo) * scale

        # dimension rows: on a seesaw each side's distances from the pivot, nearest on top, so that a
        # leader from a weight down to its own row never crosses a nearer weight's figure
        rows = self._rows(scene, where, scale) if scene.kind == "seesaw" else list(range(len(scene.segments)))
        dim_y = beam_y + (58 if self.lang == "en" else 61)  # room for a comma's descender over the top row
        # rows 20 px apart; Bokmål's decimal comma reaches below the baseline, so its figures need 3 px more
        pitch = 20 if self.lang == "en" else 23
        bottom = dim_y + pitch * max(rows, default=0)
        if scene.kind == "seesaw" and scene.ask == "distance":
            bottom += 26
        width, height = 520.0, bottom + 32 + (16 if "G" in where else 0)
        lay = dw.Layout(width, height)
        body = [lay.rect(px(lo), beam_y - 5, (hi - lo) * scale, 10, fill="#c8a96e", width=1.5)]
        labels: list[str] = []
        p0 = px(0)
        if scene.kind == "wheelbarrow":
            body.append(lay.circle(p0, beam_y + 22, 20, fill="#ddd") + dw.circle(p0, beam_y + 22, 3, fill=dw.STROKE))
            wx = px(where["W"])
            body.append(lay.polygon([(p0 + 8, beam_y - 6), (wx + 60, beam_y - 6), (wx + 80, beam_y - 75),
                                     (p0 - 5, beam_y - 75)], fill="#eef", width=1.5))
        else:
            body.append(lay.polygon([(p0, beam_y + 5), (p0 - 16, beam_y + 36), (p0 + 16, beam_y + 36)],
                                    fill="#888", width=1.5))
        # the strokes first (beam, weights, arrows, dimension lines and leaders), then the labels,
        # each placed clear of every stroke and of the labels before it
        value_labels: list[tuple[float, float, str]] = []
        g_places: list[tuple[float, float, str]] = []
        g_at = (0.0, "")
        force_labels: list[tuple[str, list[tuple[float, float, str]], int]] = []
        for p in sorted(scene.points, key=lambda q: float(where.get(q["label"], 0))):
            label = p["label"]
            x = px(where[label])
            if label == "G":  # the plank's own weight, at its centre
                body.append(lay.line(x, beam_y + 6, x, beam_y + 40, 2.5, arrow=True))
                g_label = f"G {self._sv(p['value'])} kg"
                g_places = [(x + sx, beam_y + dy, anchor) for dy in (30, 22, 40)
                            for sx, anchor in ((10, "start"), (-10, "end"))]
                g_at = (x, g_label)

                continue
            if label == "F":
                force_label = "F = ?" if p["value"] is None else f"F = {self._sv(p['value'])} N"
                if p["up"]:
                    body.append(lay.line(x, beam_y + 48, x, beam_y + 8, 3, arrow=True))
                    force_labels.append((force_label, [(x + 10, beam_y + 36, "start"), (x - 10, beam_y + 36, "end"),
                                                       (x, beam_y + 62, "middle")], 13))
                else:
                    body.append(lay.line(x, beam_y - 52, x, beam_y - 8, 3, arrow=True))
                    force_labels.append((force_label, [(x, beam_y - 58, "middle"), (x + 10, beam_y - 40, "start"),
                                                       (x - 10, beam_y - 40, "end")], 13))
                continue
            unknown = p["value"] is None or p.get("distance_unknown")
            box_top = beam_y - 5 - 30
            if scene.kind == "wheelbarrow":
                box_top = beam_y - 50
            dash = ' stroke-dasharray="4 3"' if unknown else ""
            fill = "#fff" if unknown else "#9db4d0"
            lay.block_rect(x - 14, box_top, 28, 30, 1.5)
            body.append(f'<rect x="{dw.num(x - 14)}" y="{dw.num(box_top)}" width="28" height="30" '
                        f'fill="{fill}" stroke="{dw.STROKE}" stroke-width="1.5"{dash}/>')
            labels.append(lay.fixed(x, box_top + 20, label, 14, weight="bold"))
            value = "?" if p["value"] is None else f"{self._sv(p['value'])} {'kg' if scene.kind == 'seesaw' else 'N'}"
            value_labels.append((x, box_top, value))
        # dimension lines: what the figure measures (the seesaw from the pivot, levers segment by segment)
        dims = []
        for k, (a, b, length) in enumerate(scene.segments):
            x1, x2 = px(where[a]), px(where[b])
            y = dim_y + pitch * rows[k]
            body += [lay.line(x1, y, x2, y, 1), lay.line(x1, y - 5, x1, y + 5, 1), lay.line(x2, y - 5, x2, y + 5, 1)]
            dims.append((x1, x2, y, self._m(F(length))))
            if scene.kind == "seesaw":  # a leader from the weight down to its dimension line
                end = x1 if a != "pivot" else x2
                body.append(lay.line(end, beam_y + 6, end, y, 0.7, dash="2 3"))
        if scene.kind == "seesaw" and scene.ask == "distance":
            x1, x2 = p0, px(where["X"])
            y = bottom
            body += [lay.line(x1, y, x2, y, 1, dash="4 3"), lay.line(x2, beam_y + 6, x2, y, 0.7, dash="2 3")]
            dims.append((x1, x2, y, "d = ?"))
        # neighbours' values are staggered when they would run into each other
        for x, box_top, value in value_labels:
            labels.append(lay.text(value, [(x, box_top - 6, "middle"), (x, box_top - 20, "middle"),
                                           (x, box_top - 34, "middle")], 12))
        for force_label, places, size in force_labels:
            labels.append(lay.text(force_label, places, size, weight="bold"))
        if g_places:  # the plank's weight beside its arrow, or "G" there and its value in a note
            x, g_label = g_at
            if any(lay.fits(*c[:2], g_label, 11, c[2], "bold") for c in g_places):
                labels.append(lay.text(g_label, g_places, 11, weight="bold"))
            else:
                labels.append(lay.text("G", [(x + sx, beam_y + dy, a) for dy in (30, 22, 40, 14, 48)
                                             for sx, a in ((9, "start"), (-9, "end"), (14, "start"), (-14, "end"))],
                                       11, weight="bold"))
                note = self.ph.get("plank_note", "{label}: the plank's own weight, at its middle")
                labels.append(lay.fixed(12, height - 10, note.format(label=g_label),
                                        11, anchor="start"))
        for x1, x2, y, label in dims:
            labels.append(lay.text(label, dw.along(x1, x2, y, label, 11, lift=self.lang != "en"), 11))
        return dw.document(width, height, body + labels, title)

    @staticmethod
    def _rows(scene: _Scene, where: dict[str, Fraction], scale: float) -> list[int]:
        """The row of each seesaw distance under the plank: nearer weights higher, so that a leader
        from a weight down to its own row passes only rows of weights nearer the pivot on its side
        (their figures lie between it and the pivot) or of the other side; two distances share a
        row only from opposite sides and when both figures fit between their ticks."""
        ends = [float(where[a if a != "pivot" else b]) for a, b, _ in scene.segments]
        rows = [0] * len(ends)
        for k in sorted(range(len(ends)), key=lambda i: abs(ends[i])):
            roomy = abs(ends[k]) * scale > dw.text_width("0.75 m", 11) + 16
            row = 1 + max((rows[j] for j in range(len(ends)) if j != k and abs(ends[j]) < abs(ends[k])
                           and (ends[j] > 0) == (ends[k] > 0)), default=-1)
            taken = {rows[j] for j in range(len(ends)) if abs(ends[j]) < abs(ends[k]) or
                     (abs(ends[j]) == abs(ends[k]) and j < k)}
            while row in taken and not (roomy and all(
                    (ends[j] > 0) != (ends[k] > 0) and abs(ends[j]) * scale > dw.text_width("0.75 m", 11) + 16
                    for j in range(len(ends)) if rows[j] == row and (abs(ends[j]) < abs(ends[k]) or j < k))):
                row += 1
            rows[k] = row
        return rows

    # -- compound levers ---------------------------------------------------------------------
    def _compound(self, rng: np.random.Generator, grid: tuple[Fraction, ...], quarters: bool,
                  rank: int, strict: bool) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        scene = compound_scene(rng, grid, rank, rank_gap)
        if scene is None:
            return None
        ask, key = scene["ask"], scene["key"]
        unique: dict[Fraction, str] = {}
        for value, name in scene["candidates"]:
            if value.denominator == 1 and value > 0 and value != key:
                unique.setdefault(value, name)
        chosen = exact_rank(key, unique, OPTIONS, rank, strict)
        if chosen is None:
            return None
        opts = [Option(f"{self._n(v)} N", float(v), m[n]) for v, n in chosen]
        options, index = numeric_options(rng, Option(f"{self._n(key)} N", float(key)), opts, len(opts) + 1)
        s = {k: F(v) for k, v in scene["lengths"].items()}
        effort, load = scene["effort"], scene["load"]
        fields = {"effort": f"{self._n(effort)} N", "load": f"{self._n(load)} N",
                  "hr": self._m(s["hinge_rod"]), "rf": self._m(s["rod_f"]), "rp": self._m(s["rod_pivot"]),
                  "pw": self._m(s["pivot_w"]),
                  "arm": self._m(s["hinge_rod"] + s["rod_f"])}
        fields["rod"] = f"{self._n(effort * (s['hinge_rod'] + s['rod_f']) / s['hinge_rod'])} N"
        question = "ask_compound_load" if ask == "load" else "ask_compound_effort"
        prompt = " ".join([self._pick(rng, "scene_compound"), ph["weightless_compound"],
                           self._pick(rng, question).format(**fields)])
        lines = [ph["fig_compound_a"].format(**fields), ph["fig_compound_b"].format(**fields),
                 ph["fig_compound_force" if ask == "load" else "fig_compound_load"].format(**fields)]
        alt = ph["alt_compound"]
        svg = draw_compound(s["hinge_rod"], s["rod_f"], s["rod_pivot"], s["pivot_w"],
                            fields["effort"] if ask == "load" else "?", fields["load"] if ask == "effort" else "?", alt,
                            (ph.get("svg_hinge", "hinge"), ph.get("svg_rod", "rod")), self.lang)
        explanation = " ".join([ph["principle"], ph["compound_a"].format(**fields), ph["compound_b"].format(**fields),
                                ph["answer_compound_load" if ask == "load" else "answer_compound_effort"]
                                .format(**fields)])
        features = _features("compound", ask, 1, False, quarters, False)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt, explanation=explanation,
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features), discrimination=0.9,
            time_s=100.0, options=options, key=index, figure=Svg(svg=svg, text="\n".join(lines), alt=alt),
            params={"kind": "compound", "ask": ask, "lengths": scene["lengths"],
                    "effort": int(effort) if ask == "load" else None, "load": int(load) if ask == "effort" else None,
                    "points": [{"label": "W", "value": str(load) if ask == "effort" else None, "up": False},
                               {"label": "F", "value": str(effort) if ask == "load" else None, "up": False}],
                    "segments": [], **{k: v for k, v in features.items() if k != "ask"}},
        )

    def _check_compound(self, item: Item) -> None:
        p, ph = item.params, self.ph
        where_id = item.id or item.family
        s = {k: F(str(v)) for k, v in p["lengths"].items()}
        fields = {"hr": self._m(s["hinge_rod"]), "rf": self._m(s["rod_f"]), "rp": self._m(s["rod_pivot"]),
                  "pw": self._m(s["pivot_w"]),
                  "effort": f"{self._n(p['effort'] or 0)} N", "load": f"{self._n(p['load'] or 0)} N"}
        text = item.figure.to_text() if item.figure is not None else ""
        needed = [ph["fig_compound_a"].format(**fields), ph["fig_compound_b"].format(**fields),
                  ph["fig_compound_force" if p["ask"] == "load" else "fig_compound_load"].format(**fields)]
        if any(line not in text for line in needed):
            raise ItemCheckError(f"item {where_id}: the figure does not state the compound lever")
        correct = []
        for index, option in enumerate(item.options):
            try:
                value = self._parse(option.text)
            except (ValueError, IndexError, ZeroDivisionError):
                raise ItemCheckError(f"item {where_id}: option {option.text!r} is not a number") from None
            if solve_by_work(p, value):
                correct.append(index)
        require_single_key(item, correct)

    # -- check -------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where_id = item.id or item.family
        p = item.params
        if p.get("kind") == "compound":
            try:
                self._check_compound(item)
            except (KeyError, TypeError, ValueError) as exc:
                raise ItemCheckError(f"item {where_id}: malformed compound lever: {exc}") from None
            return
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
            if point["value"] is not None and f"{point['label']}: {self._v(point['value'])}" not in text:
                raise ItemCheckError(f"item {where_id}: the figure does not state {point['label']}")
        where = positions(segments)
        if ask == "side":
            moment = net_moment(points, where)
            truth = self.ph["opt_level" if moment == 0 else "opt_right" if moment < 0 else "opt_left"]
            require_single_key(item, [i for i, o in enumerate(item.options) if o.text == truth])
            return
        label = {"effort": "F", "load": "W"}.get(ask, "X")
        correct = []
        for index, option in enumerate(item.options):
            try:
                value = self._parse(option.text)
            except (ValueError, IndexError, ZeroDivisionError):
                raise ItemCheckError(f"item {where_id}: option {option.text!r} is not a number") from None
            if ask == "distance":
                balanced = net_moment(points, where, at=value) == 0
            else:
                balanced = net_moment(points, where, unknown=(label, value)) == 0
            if balanced:
                correct.append(index)
        require_single_key(item, correct)


def _mistake(texts: dict[str, str], name: str) -> str:
    """A mistake's text; `name:label` fills in the weight it concerns, so two such slips differ."""
    name, _, label = name.partition(":")
    return texts[name].format(label=label) if label else texts[name]
