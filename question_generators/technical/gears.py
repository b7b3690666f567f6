"""Gear trains: the direction and speed of a named gear, the fastest gear, or whether a ring turns.

A train is a chain of 2-6 wheels A, B, C ... joined by links of four kinds: two gears mesh
(direction reversed, speed × teeth conserved), two wheels share a shaft (same direction, same
speed: a compound gear), or two belt wheels are joined by an open belt (same direction) or a
crossed belt (reversed), with speed × diameter conserved. A ring of 3-6 equal gears, each
meshing with its two neighbours, asks whether the mechanism can turn at all (an odd ring locks);
a chain never locks, and only the ring question ever offers a locked train as the answer.

Questions: `direction` (clockwise / anticlockwise / locks), `speed` (rpm of the last wheel,
numeric options ascending), `both` (direction and speed together), `fastest` (which gear of a
gear-only train turns fastest) and `can_turn` (ring).

Difficulty model (IRT logit scale b), linear in the structural features of the drawn train:

    b = -3.0 + 0.45 * (wheels - 2) + 0.70 * shafts + 0.30 * belts + 0.35 * crossed
            + ask weight (direction 0, speed 0.8, can_turn 0.9, both 1.1, fastest 1.3)

Each feature adds a step or a trap: every extra wheel is one more link to follow, a shared
shaft breaks the "only the first and last gear matter" shortcut and the alternation of
directions, a belt changes the unit of size, a crossed belt reverses. The generator draws 12
random trains and keeps the one whose b is nearest the requested difficulty (plus a seeded
jitter, sd 0.3), so the b of an item comes from its structure, never the other way round.
Discrimination a = 0.8 + 0.06 * links; typical time 30 s + 8 s per link + 10 s for a speed.

Distractors are named mistakes, each computed by running the train with one misconception:
reversing at a shared shaft, an open belt reversing or a crossed belt keeping the direction,
the inverted ratio, a shared shaft treated as a mesh, only the first and last gear, only the
last pair, belt sizes ignored, the driver's speed everywhere, the largest or the smallest gear,
sizes subtracted from the speed ("20 more teeth, 20 rpm slower"). Speed options are ascending;
the key's rank is drawn first (uniform over the four places) and kept while the train is
redrawn, so the middle places are as common as the ends.

check() rebuilds the train from the item's structural description (wheels, sizes, links: never
the layout of the figure), confirms that each link is stated in the figure's text, and
propagates direction and speed from the driver link by link, breadth first, over exact
fractions; meeting a wheel again with a different motion means the train locks. Exactly the
keyed option must match.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterator
from fractions import Fraction
from itertools import chain
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
from question_generators.technical.common import balanced, rank_gap, with_content

PACKAGE = "question_generators.technical"
NAMES = "ABCDEF"
LINKS = ("mesh", "shaft", "open", "crossed")
BELTS = ("open", "crossed")
ASKS = ("direction", "speed", "both", "fastest", "can_turn")
ASK_WEIGHT = {"direction": 0.0, "speed": 0.8, "can_turn": 0.9, "both": 1.1, "fastest": 1.3}
WEIGHTS = {"wheels": 0.45, "shafts": 0.70, "belts": 0.30, "crossed": 0.35, "ask": 1.0}
INTERCEPT = -3.0
CANDIDATES = 24
SPEED_OPTIONS = 4  # speed questions: the key and three distractors, ascending
STRICT_TRIES = 40  # draws that must place the key at the drawn rank before the nearest rank will do
TEETH = (8, 10, 12, 15, 16, 18, 20, 24, 25, 30, 32, 36, 40, 45, 48, 50, 60)
DIAMETERS = (10, 15, 20, 25, 30, 40, 50, 60)
RPMS = (10, 12, 15, 20, 24, 25, 30, 36, 40, 45, 48, 50, 60, 72, 75, 80, 90, 96, 100, 120,
        150, 180, 200, 240, 300, 360, 400, 450, 480, 600)
MAX_RPM = 3000

Link = tuple[str, str, str]
# gear fills by plane (0: the driver's), darker further back, so that a wheel of a compound pair
# behind another reads as behind it
PLANE_FILLS = {2: "#fbfcfd", 1: "#f3f6fa", 0: "#e8eef5", -1: "#d5dde8", -2: "#c3cedd"}  # two shafts at most


# =============================================================================================
# The solver used by check(): breadth-first propagation over the links (exact fractions)
# =============================================================================================
def propagate(sizes: dict[str, int], links: list[Link], driver: str,
              speed: Fraction) -> dict[str, Fraction] | None:
    """Signed speeds (positive = clockwise) of every wheel reached from the driver, or None when
    two paths give a wheel different motions (the train locks)."""
    adjacent: dict[str, list[tuple[str, str]]] = {name: [] for name in sizes}
    for a, b, kind in links:
        adjacent[a].append((b, kind))
        adjacent[b].append((a, kind))
    motion = {driver: speed}
    queue = deque([driver])
    while queue:
        here = queue.popleft()
        for there, kind in adjacent[here]:
            if kind == "shaft":
                value = motion[here]
            else:
                value = motion[here] * sizes[here] / sizes[there]
                if kind in ("mesh", "crossed"):
                    value = -value
            if there not in motion:
                motion[there] = value
                queue.append(there)
            elif motion[there] != value:
                return None
    return motion


# =============================================================================================
# Drawing
# =============================================================================================
def _radius(kind: str, size: int) -> float:
    return 14 + size * 1.2 if kind == "gear" else 14 + size * 1.1


def _layout_chain(kinds: dict[str, str], sizes: dict[str, int], links: list[Link],
                  rng: np.random.Generator) -> dict[str, tuple[float, float]]:
    pos = {links[0][0]: (0.0, 0.0)}
    on_shaft = {n for a, b, k in links if k == "shaft" for n in (a, b)}
    for a, b, kind in links:
        x, y = pos[a]
        ra, rb = _radius(kinds[a], sizes[a]), _radius(kinds[b], sizes[b])
        if kind == "shaft":
            pos[b] = (x, y)
        elif kind == "mesh":
            angle = 0.0 if a in on_shaft or b in on_shaft else (-22.0, 0.0, 22.0)[int(rng.integers(3))]
            d = ra + rb + 1
            pos[b] = (x + d * math.cos(math.radians(angle)), y + d * math.sin(math.radians(angle)))
        else:
            pos[b] = (x + ra + rb + 45, y)
    return pos


def planes(kinds: dict[str, str], sizes: dict[str, int], links: list[Link]) -> dict[str, int]:
    """The plane (depth) of each wheel, 0 for the driver's, lower further back: wheels that mesh or
    share a belt turn in one plane; on a shared shaft the larger wheel sits one plane behind the
    smaller (the drawing shows a compound pair concentric, the front one smaller)."""
    depth = {links[0][0]: 0}
    for a, b, kind in links:
        if b in depth:
            continue
        if kind == "shaft":
            behind = _radius(kinds[b], sizes[b]) > _radius(kinds[a], sizes[a])
            depth[b] = depth[a] - 1 if behind else depth[a] + 1
        else:
            depth[b] = depth[a]
    return depth


def _tip(kind: str, size: int) -> float:
    r = _radius(kind, size)
    return r + (min(6.0, r * 0.18) / 2 if kind == "gear" else 1.0)


def collisions(kinds: dict[str, str], sizes: dict[str, int], links: list[Link],
               pos: dict[str, tuple[float, float]]) -> list[tuple[str, str]]:
    """Pairs of wheels in one plane whose outlines overlap though they do not mesh: two large gears
    of compound pairs side by side, drawn over each other (and in a real train, colliding). A
    meshing pair's teeth interlock by design; wheels of different planes pass in front of each
    other."""
    depth = planes(kinds, sizes, links)
    meshing = {frozenset((a, b)) for a, b, kind in links if kind == "mesh"}
    names = list(pos)
    found = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if depth[a] != depth[b] or frozenset((a, b)) in meshing:
                continue
            (xa, ya), (xb, yb) = pos[a], pos[b]
            if math.hypot(xa - xb, ya - yb) < _tip(kinds[a], sizes[a]) + _tip(kinds[b], sizes[b]) + 2:
                found.append((a, b))
    return found


def _layout_ring(names: list[str], radius: float) -> dict[str, tuple[float, float]]:
    k = len(names)
    big = (radius + 1) / math.sin(math.pi / k)
    return {n: (big * math.cos(2 * math.pi * i / k - math.pi / 2),
                big * math.sin(2 * math.pi * i / k - math.pi / 2)) for i, n in enumerate(names)}


def _name_places(x: float, y: float, out: float, name: str) -> Iterator[tuple[float, float, str]]:
    """A wheel's name: on the hub, above, below, beside, then around the rim (lazily)."""
    return chain([(x, y - 8, "middle"), (x, y - out - 6, "middle"), (x, y + out + 15, "middle"),
                  (x - out - 4, y + 5, "end"), (x + out + 4, y + 5, "start"), (x, y - out - 20, "middle")],
                 dw.around(x, y, out, name, 15, "bold"), dw.around(x, y, out + 14, name, 15, "bold"))


def _leader(px: float, py: float, x: float, y: float, r: float) -> tuple[tuple[float, float], tuple[float, float]]:
    """A leader from under (or over) a label at (px, py) to the rim of the wheel at (x, y)."""
    start = (px, py + 3 if py < y else py - 13)
    length = math.hypot(start[0] - x, start[1] - y) or 1.0
    return start, (x + (start[0] - x) * r / length, y + (start[1] - y) * r / length)


def draw_train(kinds: dict[str, str], sizes: dict[str, int], links: list[Link],
               pos: dict[str, tuple[float, float]], driver: str, clockwise: bool, rpm: int | None,
               target: str | None, title: str, target_rpm: int | None = None,
               unit: dict[str, str] | None = None, rpm_unit: str = "rpm") -> str:
    """The SVG: gears with teeth (or belt wheels), belts, labels with sizes, the driver's arrow
    (`unit`: the size units by kind of wheel and `rpm_unit`, in the item's language)."""
    shaft_pairs = [(a, b) for a, b, k in links if k == "shaft"]
    back = {max(pair, key=lambda n: _radius(kinds[n], sizes[n])) for pair in shaft_pairs}
    depth = planes(kinds, sizes, links) if links else {}
    # back to front, plane by plane: a wheel is drawn over every wheel of a plane behind it
    order = sorted(kinds, key=lambda n: (depth.get(n, 0), n not in back, -_radius(kinds[n], sizes[n])))
    # coordinates are relative to the first wheel; the figure's bounds follow from what is drawn
    lay = dw.Layout(4e6, 4e6, dx=2e6, dy=2e6)
    body: list[str] = []
    labels: list[str] = []
    xs: list[float] = []
    ys: list[float] = []
    for a, b, kind in links:
        if kind in BELTS:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            r1, r2 = _radius(kinds[a], sizes[a]), _radius(kinds[b], sizes[b])
            if kind == "open":
                body += [lay.line(x1, y1 - r1, x2, y2 - r2, 2.5), lay.line(x1, y1 + r1, x2, y2 + r2, 2.5)]
            else:
                body += [lay.line(x1, y1 - r1, x2, y2 + r2, 2.5), lay.line(x1, y1 + r1, x2, y2 - r2, 2.5)]
    wheels: list[str] = []
    unit = unit or {"gear": "t", "wheel": "cm"}
    for name in order:
        x, y = pos[name]
        r = _radius(kinds[name], sizes[name])
        tip = r + (min(6.0, r * 0.18) / 2 if kinds[name] == "gear" else 1)
        xs += [x - tip - 4, x + tip + 4]
        ys += [y - tip - 4, y + tip + 4]
        if kinds[name] == "gear":
            wheels.append(lay.gear(x, y, r, sizes[name], fill=PLANE_FILLS[max(-2, min(2, depth.get(name, 0)))]))
        else:
            wheels.append(lay.circle(x, y, r, fill="#f3efe6") + lay.circle(x, y, 4, fill=dw.STROKE, width=1))
    dx, dy = pos[driver]
    rd = _radius(kinds[driver], sizes[driver])
    labels.append(lay.turn_arrow(dx, dy, rd + 12, clockwise))
    # names and sizes on the hub where they fit, else outside the rim (above, below, beside)
    for name in order:
        x, y = pos[name]
        r = _radius(kinds[name], sizes[name])
        out = r + (min(6.0, r * 0.18) / 2 if kinds[name] == "gear" else 1) + 4
        size_text = f"{sizes[name]} {unit[kinds[name]]}"
        if name in back:
            joined = f"{name} · {size_text}"
            labels.append(lay.text(joined, chain([(x, y + out + 15, "middle"), (x, y - out - 6, "middle"),
                                                  (x, y + out + 30, "middle"), (x, y - out - 20, "middle")],
                                                 dw.around(x, y, out, joined, 13, "bold"),
                                                 dw.around(x, y, out + 16, joined, 13, "bold"),
                                                 dw.around(x, y, out + 32, joined, 13, "bold", steps=24),
                                                 dw.around(x, y, out + 48, joined, 13, "bold", steps=24)),
                                           13, weight="bold"))
            continue
        partner = next((a if b == name else b for a, b in shaft_pairs if name in (a, b)), None)
        size_places = [(x, y + 17, "middle"), (x, y + out + 12, "middle"), (x, y - out - 6, "middle")]
        if partner is not None and not (
                any(lay.fits(px, py, name, 15, a, "bold") for px, py, a in _name_places(x, y, out, name))
                and any(lay.fits(px, py, size_text, 11, a) for px, py, a in size_places)):
            # a small wheel boxed in on its shaft: its name and size above the pair, with a leader
            joined = f"{name} · {size_text}"
            back_out = _radius(kinds[partner], sizes[partner]) + 8
            places = [(x + k, y + sign * (back_out + j) + (-10 if sign < 0 else 22), "middle")
                      for sign in (-1, 1) for j in (0, 14, 28, 42) for k in (0, -20, 20, -40, 40)]
            places.sort(key=lambda c: not (lay.fits(c[0], c[1], joined, 13, "middle", "bold")
                                           and lay.leader_clear(*_leader(c[0], c[1], x, y, r))))
            labels.append(lay.text(joined, places, 13, weight="bold"))
            start, end = _leader(lay.last[0], lay.last[1], x, y, r)
            body.append(lay.line(*start, *end, 0.8))
            continue
        labels.append(lay.text(name, _name_places(x, y, out, name), 15, weight="bold"))
        labels.append(lay.text(size_text, chain([(x, y + 17, "middle"), (x, y + out + 12, "middle"),
                                                 (x, y - out - 6, "middle"), (x + out + 4, y + 16, "start"),
                                                 (x - out - 4, y + 16, "end"), (x, y + out + 26, "middle")],
                                                dw.around(x, y, out, size_text, 11),
                                                dw.around(x, y, out + 14, size_text, 11),
                                                # longer units (Bokmål "tenner") on a crowded train
                                                dw.around(x, y, out + 28, size_text, 11, steps=24),
                                                dw.around(x, y, out + 42, size_text, 11, steps=24),
                                                dw.around(x, y, out + 56, size_text, 11, steps=36)), 11))
    for name in order:
        x, y = pos[name]
        r = _radius(kinds[name], sizes[name])
        out = r + (min(6.0, r * 0.18) / 2 if kinds[name] == "gear" else 1) + 4
        if name == target and target_rpm is None:
            labels.append(lay.text("?", chain([(x + 15, y - 8, "start"), (x - 15, y - 8, "end"),
                                               (x + out + 4, y - 8, "start"), (x - out - 4, y - 8, "end"),
                                               (x + 12, y - out - 6, "start"), (x, y - out - 22, "middle"),
                                               (x, y + out + 30, "middle")],
                                              dw.around(x, y, out, "?", 15, "bold"),
                                              dw.around(x, y, out + 16, "?", 15, "bold")), 15, weight="bold"))
        elif name == target:
            rpm_text = f"{target_rpm} {rpm_unit}"
            labels.append(lay.text(rpm_text, chain([(x, y - out - 8, "middle"), (x, y - out - 24, "middle"),
                                                    (x, y + out + 28, "middle"), (x, y - out - 40, "middle")],
                                                   dw.around(x, y, out + 16, rpm_text, 12),
                                                   dw.around(x, y, out + 32, rpm_text, 12)), 12))
    if rpm is not None or target_rpm is not None:
        text, weight = (f"{rpm} {rpm_unit}", "normal") if rpm is not None else (f"? {rpm_unit}", "bold")
        labels.append(lay.text(text, chain([(dx, dy - rd - 26, "middle"), (dx, dy - rd - 40, "middle"),
                                            (dx - rd - 16, dy - rd - 14, "end"), (dx + rd + 16, dy - rd - 14, "start"),
                                            (dx, dy - rd - 54, "middle")],
                                           dw.around(dx, dy, rd + 28, text, 12, weight),
                                           dw.around(dx, dy, rd + 44, text, 12, weight)), 12, weight=weight))
    for x0, y0, x1, y1 in lay.labels:
        xs += [x0, x1]
        ys += [y0, y1]
    margin = 10
    minx, miny = min(xs) - margin, min(ys) - margin
    width, height = max(xs) - minx + margin, max(ys) - miny + margin
    group = f'<g transform="translate({dw.num(-minx)},{dw.num(-miny)})">'
    return dw.document(width, height, [group, *body, *wheels, *labels, "</g>"], title)


# =============================================================================================
# The generator
# =============================================================================================
class _Plan:
    """A drawn train before numbers: names, kinds of wheel, links and what is asked."""

    def __init__(self, ask: str, names: list[str], kinds: dict[str, str], links: list[Link]) -> None:
        self.ask, self.names, self.kinds, self.links = ask, names, kinds, links

    def features(self) -> dict[str, float]:
        kinds = [k for _, _, k in self.links]
        return {"wheels": len(self.names) - 2, "shafts": kinds.count("shaft"),
                "belts": sum(k in BELTS for k in kinds), "crossed": kinds.count("crossed"),
                "ask": ASK_WEIGHT[self.ask]}


def _draw_plan(rng: np.random.Generator, target: float, ring_locks: bool = False) -> _Plan:
    """A random valid train; harder targets draw longer trains with more shafts and belts. A ring
    has an odd number of gears (it locks) when `ring_locks`, drawn once per item with chance 1/3,
    so that "the gears lock" is the key as often as each of the other two answers."""
    ask = ASKS[int(rng.integers(len(ASKS)))]
    hard = min(1.0, max(0.0, (target + 3.0) / 6.0))
    low = 2 + int(hard * 3.5)
    if ask == "can_turn":
        sizes = [k for k in range(min(max(low, 3), 5), 7) if k % 2 == int(ring_locks)]
        n = sizes[int(rng.integers(len(sizes)))]
        names = list(NAMES[:n])
        links = [(names[i], names[(i + 1) % n], "mesh") for i in range(n)]
        return _Plan(ask, names, dict.fromkeys(names, "gear"), links)
    n = int(rng.integers(max(low, 3) if ask == "fastest" else low, 7))
    names = list(NAMES[:n])
    p_shaft = float(rng.random()) * (0.2 + 0.5 * hard)
    p_belt = 0.0 if ask == "fastest" else float(rng.random()) * (0.2 + 0.4 * hard)
    kinds_of_links: list[str] = []
    for i in range(n - 1):
        previous = kinds_of_links[-1] if kinds_of_links else "shaft"
        allowed_shaft = previous != "shaft" and 0 < i < n - 2
        if allowed_shaft and rng.random() < p_shaft:
            kinds_of_links.append("shaft")
        elif previous == "mesh" or (previous == "shaft" and rng.random() >= p_belt):
            kinds_of_links.append("mesh")
        else:  # after a belt only a belt or a shaft: a belt wheel cannot mesh
            kinds_of_links.append("open" if rng.random() < 0.5 else "crossed")
    kinds: dict[str, str] = {}
    for i, kind in enumerate(kinds_of_links):
        if kind != "shaft":
            kinds[names[i]] = kinds[names[i + 1]] = "wheel" if kind in BELTS else "gear"
    links = [(names[i], names[i + 1], k) for i, k in enumerate(kinds_of_links)]
    return _Plan(ask, names, kinds, links)


def _cap(text: str) -> str:
    """Capitalise the first letter only (str.capitalize would lower "gear A" to "Gear a")."""
    return text[:1].upper() + text[1:]


def _cw(value: Fraction) -> bool:
    return value > 0


class GearsGenerator(BaseGenerator):
    """Gear trains: direction and speed of a gear, the fastest gear, or whether a ring turns.

    Chains of 2-6 gears and belt wheels with shared shafts and open or crossed belts; see the
    module docstring for the difficulty model (wheels, shafts, belts, question kind).
    """

    family = "technical.gears"
    section = "technical"
    version = 5  # 5: Bokmål; compound pairs side by side drawn apart; 4: clean drawing (labels off the teeth, ...)
    languages = ("en", "nb")
    # requests are calibrated (mean b within 0.3, SD under 0.5) over this range; see tests/.../test_realism_technical.py
    difficulty_range = (-2.5, 2.0)
    title = "Gear trains"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.ph = phrases_for(PACKAGE, lang)["gears"]
        self.rpm = self.ph.get("rpm", "rpm")  # the unit of speed as the language writes it

    def _n(self, value: Fraction | int) -> str:
        return format_number(value, lang=self.lang)

    def _int(self, value: int) -> int | str:
        """A whole number put into a sentence: as it is in English (the English wording was always
        so), with the language's separators elsewhere."""
        return value if self.lang == "en" else self._n(value)

    # -- names and sentences ---------------------------------------------------------------
    def _name(self, kinds: dict[str, str], name: str, capital: bool = False) -> str:
        text = f"{self.ph['noun'][kinds[name]]} {name}"
        return text[0].upper() + text[1:] if capital else text

    def _size(self, kinds: dict[str, str], sizes: dict[str, int], name: str) -> str:
        return self.ph["size"][kinds[name]].format(n=sizes[name])

    def _meshes(self, steps: int) -> str:
        """'1 mesh', '2 meshes' (how far round the ring), in the item's language."""
        if "mesh_count" in self.ph:
            return str(self.ph["mesh_count"][0 if steps == 1 else 1]).format(n=steps)
        return f"{steps} mesh" + ("es" if steps > 1 else "")

    def _direction(self, clockwise: bool) -> str:
        return self.ph["clockwise" if clockwise else "anticlockwise"]

    def link_sentence(self, kinds: dict[str, str], sizes: dict[str, int], link: Link) -> str:
        a, b, kind = link
        return self.ph[f"fig_{kind}"].format(A=self._name(kinds, a, True), B=self._name(kinds, b),
                                             sa=self._size(kinds, sizes, a), sb=self._size(kinds, sizes, b))

    def _pick(self, rng: np.random.Generator, key: str) -> str:
        choices = self.ph[key]
        return choices[int(rng.integers(len(choices)))]

    # -- generate ----------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        item = self._generate(rng, difficulty)
        return with_content(item, "gears:" + ("ring" if item.params["ask"] == "can_turn" else "train"))

    def _generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target_b = difficulty + rng.normal(0.0, 0.15)
        ring_locks = bool(rng.random() < 1 / 3)
        plans = [_draw_plan(rng, target_b, ring_locks) for _ in range(CANDIDATES)]
        bs = [linear_difficulty(INTERCEPT, WEIGHTS, p.features()) for p in plans]
        plan = plans[int(np.argmin([abs(b - target_b) for b in bs]))]
        rank = int(rng.integers(SPEED_OPTIONS))  # the key's rank among speed options, kept on redraws
        tries = [0]

        def attempt(r: np.random.Generator) -> Item | None:
            tries[0] += 1  # the first draws insist on the drawn rank; later ones draw a fresh rank
            strict = tries[0] <= STRICT_TRIES  # each time (a fixed one would favour the nearest end)
            return self._attempt(r, plan, rank if strict else int(r.integers(SPEED_OPTIONS)), strict)
        return self.redraw(rng, attempt)

    def _attempt(self, rng: np.random.Generator, plan: _Plan, rank: int = 0, strict: bool = False) -> Item | None:
        kinds = plan.kinds
        if plan.ask == "can_turn":
            teeth = TEETH[int(rng.integers(4, 13))]
            sizes = dict.fromkeys(plan.names, teeth)
        else:
            draws = rng.random(len(plan.names))
            sizes = {n: (TEETH if kinds[n] == "gear" else DIAMETERS)[int(u * (len(TEETH) if kinds[n] == "gear"
                                                                            else len(DIAMETERS)))]
                     for n, u in zip(plan.names, draws, strict=True)}
            for a, b, kind in plan.links:
                if kind != "shaft" and sizes[a] == sizes[b] and rng.random() < 0.8:
                    return None  # equal neighbours teach little about ratios; keep a few
                if kind == "shaft" and abs(_radius(kinds[a], sizes[a]) - _radius(kinds[b], sizes[b])) < 14:
                    return None  # a compound pair is drawn concentric: the front one must look smaller
        clockwise = bool(rng.random() < 0.5)
        if plan.ask == "can_turn":
            return self._ring_item(rng, plan, sizes, clockwise)
        speeds = self._chain_speeds(plan, sizes, Fraction(1) if clockwise else Fraction(-1))
        rpm = self._choose_rpm(rng, plan, speeds)
        if rpm is None:
            return None
        speeds = {n: v * rpm for n, v in speeds.items()}
        if any(abs(v) > MAX_RPM or abs(v) < 2 for v in speeds.values()):
            return None
        target = plan.names[-1]
        if plan.ask == "fastest":
            top = max(abs(v) for v in speeds.values())
            winners = [n for n, v in speeds.items() if abs(v) == top]
            if len(winners) != 1:
                return None
            target = winners[0]
        built = self._options(rng, plan, sizes, speeds, rpm, target, rank, strict)
        if built is None:
            return None
        options, key, given = built
        target_rpm = int(abs(speeds[target])) if given == "target" else None
        pos = _layout_chain(kinds, sizes, plan.links, rng)
        if collisions(kinds, sizes, plan.links, pos):
            return None  # two compound pairs side by side whose large gears would overlap: redraw sizes
        figure = self._figure(plan, sizes, pos, clockwise, rpm if plan.ask != "direction" and given == "driver"
                              else None, None if plan.ask == "fastest" else target, target_rpm)
        return self._item(rng, plan, sizes, clockwise, rpm, target, speeds, options, key, figure, target_rpm)

    @staticmethod
    def _chain_speeds(plan: _Plan, sizes: dict[str, int], start: Fraction,
                      misconception: str = "") -> dict[str, Fraction]:
        """Walk the chain link by link; a misconception changes one rule (for distractors)."""
        speeds = {plan.names[0]: start}
        for a, b, kind in plan.links:
            ratio = Fraction(sizes[a], sizes[b])
            if misconception == "inverted_ratio":
                ratio = 1 / ratio
            if kind == "shaft":
                value = speeds[a] * (ratio if misconception == "shaft_as_mesh" else 1)
                if misconception in ("flipped_at_shaft", "shaft_as_mesh"):
                    value = -value
            elif kind in BELTS:
                value = speeds[a] * (1 if misconception == "belt_ignored" else ratio)
                reverse = kind == "crossed"
                if misconception == "open_belt_reverses" and kind == "open":
                    reverse = True
                if misconception == "crossed_belt_keeps" and kind == "crossed":
                    reverse = False
                value = -value if reverse else value
            else:
                value = -speeds[a] * ratio
            if misconception == "additive" and kind != "shaft":  # "20 more teeth, 20 rpm slower"
                step = abs(speeds[a]) - (sizes[b] - sizes[a])
                value = step if value > 0 else -step
            speeds[b] = value
        return speeds

    @staticmethod
    def _size_steps(plan: _Plan, sizes: dict[str, int]) -> int:
        """How much bigger the wheels get along the chain, link by link (shafts excluded): what the
        additive mistake takes off the driver's speed."""
        return sum(sizes[b] - sizes[a] for a, b, kind in plan.links if kind != "shaft")

    @staticmethod
    def _choose_rpm(rng: np.random.Generator, plan: _Plan, unit: dict[str, Fraction]) -> int | None:
        """A driver speed that makes every wheel's speed a whole number of rpm."""
        denominator = math.lcm(*(v.denominator for v in unit.values()))
        fits = [r for r in RPMS if r % denominator == 0]
        if plan.ask in ("speed", "both"):
            inverse = abs(unit[plan.names[0]]) / abs(unit[plan.names[-1]])
            better = [r for r in fits if (r * inverse).denominator == 1]
            fits = better or fits
        return fits[int(rng.integers(len(fits)))] if fits else None

    # -- options -----------------------------------------------------------------------------
    def _direction_mistake(self, plan: _Plan, sizes: dict[str, int], target: str) -> str:
        """The first misconception that flips the target's direction (else a miscount)."""
        right = self._chain_speeds(plan, sizes, Fraction(1))[target] > 0
        for name in ("flipped_at_shaft", "open_belt_reverses", "crossed_belt_keeps"):
            if (self._chain_speeds(plan, sizes, Fraction(1), name)[target] > 0) != right:
                return name
        return "miscounted_reversals"

    def _speed_mistakes(self, plan: _Plan, sizes: dict[str, int], rpm: int,
                        target: str) -> list[tuple[Fraction, str]]:
        driver = plan.names[0]
        out: list[tuple[Fraction, str]] = []
        for name in ("inverted_ratio", "shaft_as_mesh", "belt_ignored", "additive"):
            out.append((abs(self._chain_speeds(plan, sizes, Fraction(rpm), name)[target]), name))
        shafts = any(k == "shaft" for _, _, k in plan.links)
        if shafts and plan.kinds[driver] == plan.kinds[target]:
            out.append((Fraction(rpm * sizes[driver], sizes[target]), "first_and_last"))
        a, b, kind = plan.links[-1]
        if len(plan.links) > 1 and kind != "shaft":
            before = abs(self._chain_speeds(plan, sizes, Fraction(rpm))[a])
            last = Fraction(rpm * sizes[a], sizes[b])
            if last != before * sizes[a] / sizes[b]:
                out.append((last, "last_pair_only"))
        out.append((Fraction(rpm), "driver_speed"))
        return out

    def _options(self, rng: np.random.Generator, plan: _Plan, sizes: dict[str, int], speeds: dict[str, Fraction],
                 rpm: int, target: str, rank: int = 0,
                 strict: bool = False) -> tuple[tuple[Option, ...], int, str] | None:
        """The options, the key's index and which speed the prompt gives ("driver" or "target")."""
        built = self._options_for(rng, plan, sizes, speeds, rpm, target, rank, strict)
        if built is None or len(built) == 3:
            return built  # type: ignore[return-value]
        return built[0], built[1], "driver"

    def _options_for(self, rng: np.random.Generator, plan: _Plan, sizes: dict[str, int],
                     speeds: dict[str, Fraction], rpm: int, target: str, rank: int = 0,
                     strict: bool = False) -> tuple[Any, ...] | None:
        m = self.ph["mistakes"]
        value = speeds[target]
        key_cw = _cw(value)
        if plan.ask == "direction":
            wrong = self._direction_mistake(plan, sizes, target)
            key = Option(_cap(self._direction(key_cw)))
            others = [Option(_cap(self._direction(not key_cw)), mistake=m[wrong]),
                      Option(self.ph["opt_locked"], mistake=m["thought_locked"])]
            return shuffle_options(rng, key, others)
        if plan.ask == "fastest":
            gear_names = plan.names
            named = [(max(gear_names, key=lambda n: (sizes[n], n)), "largest"),
                     (plan.names[0], "driver_fastest"),
                     (min(gear_names, key=lambda n: (sizes[n], n)), "smallest"),
                     (plan.names[-1], "last_gear")]
            seen = {target}
            others = []
            for name, mistake in named:
                if name not in seen:
                    seen.add(name)
                    others.append(Option(self._name(plan.kinds, name, True), mistake=m[mistake]))
            if len(others) < 2:
                return None
            return shuffle_options(rng, Option(self._name(plan.kinds, target, True)), others)
        magnitude = abs(value)
        candidates = [(v, name) for v, name in self._speed_mistakes(plan, sizes, rpm, target)
                      if v.denominator == 1 and v != magnitude and 0 < v <= MAX_RPM]
        if plan.ask == "speed":
            # Two directions: the target's speed from the driver's, or the driver's speed needed for
            # the target's. Each misconception's ratio lands on opposite sides of the key in the two,
            # so the key's drawn rank picks the direction.
            # The rank was drawn before the train (uniform over 0-3): a strict draw that cannot put
            # the key there with three distractors is redrawn, so the middle ranks are as common
            # as the ends.
            choices = []
            backward = [(magnitude * rpm / v, name) for v, name in self._speed_mistakes(plan, sizes, rpm, target)
                        if v > 0 and name != "additive"]
            backward.append((magnitude + self._size_steps(plan, sizes), "additive"))
            for given, key_value, cands in (("driver", magnitude, candidates), ("target", Fraction(rpm), backward)):
                unique: dict[Fraction, str] = {}
                for v, name in cands:
                    if v.denominator == 1 and v != key_value and 0 < v <= MAX_RPM:
                        unique.setdefault(v, name)
                gap = rank_gap(key_value, unique, SPEED_OPTIONS, rank)
                choices.append((gap, float(rng.random()), given, key_value, unique))
            gap, _, given, key_value, unique = min(choices)
            if strict and (gap or len(unique) < SPEED_OPTIONS - 1):
                return None
            chosen = balanced(key_value, unique, SPEED_OPTIONS, rank)
            if chosen is None:
                return None
            opts = [Option(f"{self._n(v)} {self.rpm}", float(v), m[name]) for v, name in chosen]
            options, index = numeric_options(rng, Option(f"{self._n(key_value)} {self.rpm}", float(key_value)),
                                             opts, len(opts) + 1)
            return options, index, given
        # both: the direction crossed with the speed
        if not candidates:
            return None
        wrong_speed, speed_mistake = candidates[0]
        wrong_dir = self._direction_mistake(plan, sizes, target)

        def text(cw: bool, v: Fraction) -> str:
            return self.ph["opt_both"].format(Direction=_cap(self._direction(cw)),
                                              rpm=self._n(v))
        key = Option(text(key_cw, magnitude))
        others = [Option(text(not key_cw, magnitude), mistake=m[wrong_dir]),
                  Option(text(key_cw, wrong_speed), mistake=m[speed_mistake]),
                  Option(text(not key_cw, wrong_speed), mistake=m["direction_and_ratio"]
                         if speed_mistake == "inverted_ratio" else f"{m[wrong_dir]}; {m[speed_mistake]}")]
        return shuffle_options(rng, key, others)

    # -- figure, prompt, explanation ---------------------------------------------------------
    def _figure(self, plan: _Plan, sizes: dict[str, int], pos: dict[str, tuple[float, float]],
                clockwise: bool, rpm: int | None, target: str | None, target_rpm: int | None = None) -> Svg:
        kinds = plan.kinds
        if plan.ask == "can_turn":
            names = plan.names
            joined = ", ".join(names[:-1]) + f" {self.ph.get('and', 'and')} " + names[-1]
            lines = [self.ph["fig_ring"].format(names=joined,
                                                size=self._size(kinds, sizes, plan.names[0]),
                                                last=self._name(kinds, plan.names[-1]),
                                                first=self._name(kinds, plan.names[0]))]
        else:
            lines = [self.link_sentence(kinds, sizes, link) for link in plan.links]
        driver = self._name(kinds, plan.names[0], True)
        lines.append(self.ph["fig_driver"].format(Driver=driver, direction=self._direction(clockwise)))
        alt = self.ph["alt"].format(n=len(plan.names), names=", ".join(plan.names))
        if target_rpm is not None and target is not None:
            lines.append(self.ph["fig_target_rpm"].format(Target=self._name(kinds, target, True),
                                                          rpm=self._int(target_rpm)))
        svg = draw_train(kinds, sizes, plan.links, pos, plan.names[0], clockwise, rpm, target, alt, target_rpm,
                         self.ph.get("svg_unit"), self.rpm)
        return Svg(svg=svg, text="\n".join(lines), alt=alt)

    def _item(self, rng: np.random.Generator, plan: _Plan, sizes: dict[str, int], clockwise: bool,
              rpm: int, target: str, speeds: dict[str, Fraction], options: tuple[Option, ...],
              key: int, figure: Svg, target_rpm: int | None = None) -> Item:
        kinds, _ph = plan.kinds, self.ph
        driver = plan.names[0]
        fields = {"Driver": self._name(kinds, driver, True), "driver": self._name(kinds, driver),
                  "direction": self._direction(clockwise), "rpm": self._int(rpm), "target": self._name(kinds, target)}
        intro = "driver_no_speed" if plan.ask == "direction" else "driver"
        ask = {"direction": "ask_direction", "speed": "ask_speed", "both": "ask_both",
               "fastest": "ask_fastest"}[plan.ask]
        if target_rpm is not None:
            intro, ask = "driver_no_speed", "ask_driver_speed"
            fields["Target"] = self._name(kinds, target, True)
            fields["target_rpm"] = self._int(target_rpm)
        prompt = f"{self._pick(rng, intro).format(**fields)} {self._pick(rng, ask).format(**fields)}"
        explanation = self._explain(plan, sizes, speeds, target, final=target_rpm is None)
        if target_rpm is not None:
            explanation += " " + self.ph["answer_driver_speed"].format(driver=self._name(kinds, driver),
                                                                       rpm=self._int(rpm),
                                                                       target=self._name(kinds, target),
                                                                       target_rpm=self._int(target_rpm))
        features = plan.features()
        b = linear_difficulty(INTERCEPT, WEIGHTS, features)
        n_links = len(plan.links)
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            explanation=explanation, difficulty=b, discrimination=round(0.8 + 0.06 * n_links, 3),
            time_s=30.0 + 8.0 * n_links + (10.0 if plan.ask in ("speed", "both", "fastest") else 0.0),
            options=options, key=key, figure=figure,
            params={"ask": plan.ask, "elements": [[n, kinds[n], sizes[n]] for n in plan.names],
                    "links": [list(link) for link in plan.links], "driver": driver,
                    "clockwise": clockwise,
                    "rpm": None if plan.ask == "direction" or target_rpm is not None else rpm,
                    "target_rpm": target_rpm,
                    "target": target, **{k: v for k, v in features.items() if k != "ask"}},
        )

    def _explain(self, plan: _Plan, sizes: dict[str, int], speeds: dict[str, Fraction],
                 target: str, final: bool = True) -> str:
        ph, kinds = self.ph, plan.kinds
        with_speed = plan.ask != "direction"
        driver = plan.names[0]
        present = {kind for _, _, kind in plan.links}
        parts = [ph[f"principle_{kind}"] for kind in LINKS if kind in present]
        if with_speed:
            parts.append(ph["principle_ratio"])
        start = "start" if with_speed else "start_no_speed"
        parts.append(ph[start].format(Driver=self._name(kinds, driver, True), rpm=self._n(abs(speeds[driver])),
                                      direction=self._direction(_cw(speeds[driver]))))
        for a, b, kind in plan.links:
            calc = f"{self._n(abs(speeds[a]))} × {sizes[a]} {ph.get('div', '÷')} {sizes[b]}"
            key = f"step_{kind}" + ("" if with_speed else "_dir")
            parts.append(ph[key].format(B=self._name(kinds, b, True), a=self._name(kinds, a), calc=calc,
                                        rpm=self._n(abs(speeds[b])),
                                        direction=self._direction(_cw(speeds[b]))))
        if not final:
            return " ".join(parts)
        answer = {"direction": "answer_direction", "speed": "answer_speed", "both": "answer_both",
                  "fastest": "answer_fastest"}[plan.ask]
        parts.append(ph[answer].format(target=self._name(kinds, target), rpm=self._n(abs(speeds[target])),
                                       direction=self._direction(_cw(speeds[target]))))
        return " ".join(parts)

    # -- the ring ----------------------------------------------------------------------------
    def _ring_item(self, rng: np.random.Generator, plan: _Plan, sizes: dict[str, int],
                   clockwise: bool) -> Item:
        ph, m, kinds = self.ph, self.ph["mistakes"], plan.kinds
        n = len(plan.names)
        same = rng.random() < 0.5  # for a ring that turns: "same way" or "opposite ways", half each
        ks = [k for k in range(1, n) if (k % 2 == 0) == same] if n % 2 == 0 else list(range(1, n))
        k = ks[int(rng.integers(len(ks)))]
        a, b = self._name(kinds, plan.names[0]), self._name(kinds, plan.names[k])
        locked = Option(ph["opt_locked"])
        same = Option(ph["opt_ring_same"].format(a=a, b=b))
        opposite = Option(ph["opt_ring_opposite"].format(a=a, b=b))
        forward_same = k % 2 == 0  # what counting k meshes forward from A gives
        if n % 2:
            key = locked
            first, second = (same, opposite) if forward_same else (opposite, same)
            others = [Option(first.text, mistake=m["ring_turns_odd"]),
                      Option(second.text, mistake=m["ring_wrong_way"])]
            explanation = ph["ring_odd"].format(n=n, driver=a)
        else:
            key, wrong = (same, opposite) if forward_same else (opposite, same)
            others = [Option(locked.text, mistake=m["ring_lock_even"]),
                      Option(wrong.text, mistake=m["ring_wrong_way"])]
            steps = min(k, n - k)
            explanation = ph["ring_even"].format(n=n, a=a, b=_cap(b), k=self._meshes(steps),
                                                 way=ph["way_same" if forward_same else "way_opposite"])
        options, key_index = shuffle_options(rng, key, others)
        radius = _radius("gear", sizes[plan.names[0]])
        figure = self._figure(plan, sizes, _layout_ring(plan.names, radius), clockwise, None, plan.names[k])
        fields = {"n": n, "Driver": _cap(a), "driver": a, "direction": self._direction(clockwise)}
        prompt = f"{self._pick(rng, 'ring_intro').format(**fields)} {self._pick(rng, 'ask_can_turn').format(**fields)}"
        features = plan.features()
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            explanation=explanation, difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features),
            discrimination=round(0.8 + 0.06 * n, 3), time_s=30.0 + 5.0 * n,
            options=options, key=key_index, figure=figure,
            params={"ask": "can_turn", "elements": [[x, "gear", sizes[x]] for x in plan.names],
                    "links": [list(link) for link in plan.links], "driver": plan.names[0],
                    "clockwise": clockwise, "rpm": None, "target": plan.names[k],
                    **{k2: v for k2, v in features.items() if k2 != "ask"}},
        )

    # -- check -------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        p = item.params
        try:
            kinds = {str(n): str(k) for n, k, _ in p["elements"]}
            sizes = {str(n): int(s) for n, _, s in p["elements"]}
            links = [(str(a), str(b), str(k)) for a, b, k in p["links"]]
            driver, target, ask = str(p["driver"]), str(p["target"]), str(p["ask"])
            clockwise, rpm = bool(p["clockwise"]), p["rpm"]
        except (KeyError, TypeError, ValueError) as exc:
            raise ItemCheckError(f"item {where}: malformed gear train: {exc}") from None
        if any(k not in LINKS or a not in kinds or b not in kinds for a, b, k in links):
            raise ItemCheckError(f"item {where}: a link names an unknown wheel or kind")
        for a, b, kind in links:
            if kind == "mesh" and (kinds[a] != "gear" or kinds[b] != "gear"):
                raise ItemCheckError(f"item {where}: {a} and {b} mesh but are not both gears")
        figure_text = item.figure.to_text() if item.figure is not None else ""
        if ask != "can_turn":
            for link in links:
                if self.link_sentence(kinds, sizes, link) not in figure_text:
                    raise ItemCheckError(f"item {where}: the figure does not state the link {link}")
        if f" {driver}" not in item.prompt or (ask != "fastest" and f" {target}" not in item.prompt
                                               and ask != "can_turn"):
            raise ItemCheckError(f"item {where}: the prompt does not name the driver and the target")
        if rpm is not None and f"{self._int(int(rpm))} {self.rpm}" not in item.prompt:
            raise ItemCheckError(f"item {where}: the driver's speed is not in the prompt")
        target_rpm = p.get("target_rpm")
        if target_rpm is not None and f"{self._int(int(target_rpm))} {self.rpm}" not in item.prompt:
            raise ItemCheckError(f"item {where}: the target's speed is not in the prompt")
        start = Fraction(int(rpm) if rpm is not None else 1) * (1 if clockwise else -1)
        motion = propagate(sizes, links, driver, start)
        if motion is not None and target_rpm is not None:
            # the driver's speed that gives the target its stated speed: scale the unit solution
            motion = {n: v * int(target_rpm) / abs(motion[target]) for n, v in motion.items()}
            truth = {f"{self._n(abs(motion[driver]))} {self.rpm}"}
            require_single_key(item, [i for i, o in enumerate(item.options) if o.text in truth])
            return
        if motion is not None and set(motion) != set(sizes):
            raise ItemCheckError(f"item {where}: some wheels are not connected to the driver")
        if motion is None and ask != "can_turn":
            raise ItemCheckError(f"item {where}: the train locks but the question assumes it turns")
        truth = self._truth_texts(ask, kinds, motion, driver, target)
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text in truth])

    def _truth_texts(self, ask: str, kinds: dict[str, str], motion: dict[str, Fraction] | None,
                     driver: str, target: str) -> set[str]:
        ph = self.ph
        if motion is None:
            return {ph["opt_locked"]}
        if ask == "can_turn":
            a, b = self._name(kinds, driver), self._name(kinds, target)
            same = (motion[driver] > 0) == (motion[target] > 0)
            return {ph["opt_ring_same" if same else "opt_ring_opposite"].format(a=a, b=b)}
        value = motion[target]
        direction = _cap(self._direction(value > 0))
        if ask == "direction":
            return {direction}
        if ask == "speed":
            return {f"{self._n(abs(value))} {self.rpm}"}
        if ask == "both":
            return {ph["opt_both"].format(Direction=direction, rpm=self._n(abs(value)))}
        top = max(abs(v) for v in motion.values())
        winners = {self._name(kinds, n, True) for n, v in motion.items() if abs(v) == top}
        if len(winners) != 1:
            raise ItemCheckError(f"several gears share the top speed: {sorted(winners)}")
        return winners


def structure(item: Item) -> dict[str, Any]:
    """The train as plain data (for tests and audits): sizes, kinds and links."""
    return {"kinds": {n: k for n, k, _ in item.params["elements"]},
            "sizes": {n: s for n, _, s in item.params["elements"]},
            "links": [tuple(link) for link in item.params["links"]]}
