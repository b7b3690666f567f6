"""Circuits: one cell, identical bulbs and switches in series and parallel; which bulbs light,
which is brightest, and what happens to a bulb when a switch is opened or closed.

A circuit is a series-parallel tree between the cell's terminals: bulbs A-F, switches S1-S3
(open or closed) in series with a part of the circuit, and shorts: a closed switch or a bare
wire across a bulb. Trees are drawn at random: the bulbs are split into series and parallel
groups (alternating, up to three levels deep), then switches and shorts are placed. The cell
itself is never shorted, in any state a question asks about.

Questions: `lights` (the set of lit bulbs), `brightest` (a single brightest bulb, or "they all
glow equally" as a distractor) and `switch` (a lit bulb when one switch changes state: it goes
out, gets brighter, gets dimmer or stays the same).

Difficulty model (IRT logit scale b), linear in the structural features of the drawn circuit:

    b = -2.7 + 0.35 * (bulbs - 2) + 0.3 * switches + 0.6 * shorts + 0.4 * (depth - 1)
            + ask weight (lights 0, brightest 0.6, switch 1.0)

bulbs: bulbs to track; switches: switches to read; shorts: bulbs shorted by a closed switch or
a wire (the classic oversight); depth: nesting of series inside parallel inside series.
The generator draws 10 random circuit plans and keeps the one whose b is nearest the requested
difficulty (plus a seeded jitter, sd 0.3). a = 0.8 + 0.05 * bulbs; time 30 s + 6 s per bulb
+ 5 s per switch + 8 s for a switch question.

The generator solves the tree itself (voltage shares over exact fractions, series-parallel
formulas). Distractors are named mistakes: the lit set with every switch closed (current through
an open switch), with the shorts ignored, with both ignored, "none" when any switch is open;
for the brightest, the bulb that would be brightest if the shorts were ignored, a bulb in a
parallel branch, the bulb nearest the + terminal, "all equal"; for a switch, each wrong
outcome with the reasoning that leads to it.

check() does not use the tree's formulas: it turns the tree into a netlist (nodes and edges),
merges the nodes joined by wires and closed switches, and solves the nodal equations with numpy
(ground at the - terminal, the cell's voltage at +); a bulb is lit when the voltage across it
is not zero, and brightness follows that voltage. The tests add a third solver (current
division down the tree, written separately) that must agree on every item.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    phrases_for,
    require_single_key,
    shuffle_options,
)
from question_generators.display import format_fraction
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item, Option
from question_generators.technical import drawing as dw
from question_generators.technical.common import RankDraw, length_rank_fits, with_content

PACKAGE = "question_generators.technical"
ASK_WEIGHT = {"lights": 0.0, "brightest": 0.6, "switch": 1.0}
WEIGHTS = {"bulbs": 0.35, "switches": 0.3, "shorts": 0.6, "depth": 0.4, "ask": 1.0}
INTERCEPT = -2.7 - 0.35 * 2 - 0.4  # two bulbs, depth 1: -2.7
CANDIDATES = 20
BULBS = "ABCDEF"
OPEN = None  # the resistance of an open path
ZERO, ONE = Fraction(0), Fraction(1)

Tree = list[Any]


# =============================================================================================
# The generator's solver: series-parallel formulas over exact fractions
# =============================================================================================
def resistance(node: Tree, memo: dict[int, Fraction | None] | None = None) -> Fraction | None:
    """Resistance of a part in bulb units (None: an open path); `memo` caches parts by identity."""
    if memo is not None and id(node) in memo:
        return memo[id(node)]
    kind = node[0]
    if kind == "bulb":
        value: Fraction | None = ONE
    elif kind == "wire":
        value = ZERO
    elif kind == "switch":
        value = ZERO if node[2] else OPEN
    else:
        parts = [resistance(child, memo) for child in node[1]]
        if kind == "series":
            value = OPEN if any(r is OPEN for r in parts) else sum(parts, ZERO)
        else:
            finite = [r for r in parts if r is not OPEN]
            if not finite:
                value = OPEN
            elif any(r == 0 for r in finite):
                value = ZERO
            else:
                value = 1 / sum(1 / r for r in finite)
    if memo is not None:
        memo[id(node)] = value
    return value


def voltages(node: Tree, volts: Fraction, out: dict[str, Fraction],
             memo: dict[int, Fraction | None] | None = None) -> None:
    """The voltage across every bulb when `volts` is across `node`."""
    memo = {} if memo is None else memo
    kind = node[0]
    if kind == "bulb":
        out[node[1]] = volts
    elif kind == "series":
        total = resistance(node, memo)
        for child in node[1]:
            r = resistance(child, memo)
            share = ZERO if total is OPEN or total == 0 or r is OPEN or volts == 0 else volts * r / total
            voltages(child, share, out, memo)
    elif kind == "parallel":
        for child in node[1]:
            voltages(child, volts if resistance(child, memo) is not OPEN else ZERO, out, memo)


def solve_tree(tree: Tree) -> dict[str, Fraction] | None:
    """Voltage share of every bulb (cell = 1), or None when the cell is shorted."""
    memo: dict[int, Fraction | None] = {}
    if resistance(tree, memo) == 0:
        return None
    out: dict[str, Fraction] = {}
    voltages(tree, ONE, out, memo)
    return out


# =============================================================================================
# The check's solver: a netlist and nodal analysis with numpy
# =============================================================================================
def netlist(tree: Tree) -> list[tuple[str, str, int, int]]:
    """Edges (kind, name, node, node) between numbered nodes; the cell is + at 0, - at 1.
    Open switches are left out: they carry no current."""
    edges: list[tuple[str, str, int, int]] = []
    counter = [2]

    def place(node: Tree, a: int, b: int) -> None:
        kind = node[0]
        if kind == "bulb":
            edges.append(("bulb", node[1], a, b))
        elif kind == "wire":
            edges.append(("wire", "", a, b))
        elif kind == "switch":
            if node[2]:
                edges.append(("wire", node[1], a, b))
        elif kind == "series":
            children = node[1]
            ends = [a]
            for _ in children[:-1]:
                ends.append(counter[0])
                counter[0] += 1
            ends.append(b)
            for child, x, y in zip(children, ends, ends[1:], strict=False):
                place(child, x, y)
        elif kind == "parallel":
            for child in node[1]:
                place(child, a, b)
        else:
            raise ItemCheckError(f"unknown circuit element {kind!r}")

    place(tree, 0, 1)
    return edges


def nodal(tree: Tree) -> dict[str, float] | None:
    """Voltage across every bulb by nodal analysis (cell = 1 V); None when the cell is shorted."""
    edges = netlist(tree)
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    {0, 1} | {n for _, _, a, b in edges for n in (a, b)}
    for kind, _, a, b in edges:
        if kind == "wire":
            parent[find(a)] = find(b)
    plus, minus = find(0), find(1)
    if plus == minus:
        return None
    # Only nodes joined to a terminal through bulbs have a defined potential; a part cut off
    # everywhere carries no current, so every bulb in it has 0 V across it.
    links: dict[int, set[int]] = {}
    for kind, _, a, b in edges:
        if kind == "bulb":
            u, v = find(a), find(b)
            links.setdefault(u, set()).add(v)
            links.setdefault(v, set()).add(u)
    attached, stack = {plus, minus}, [plus, minus]
    while stack:
        for nxt in links.get(stack.pop(), ()):
            if nxt not in attached:
                attached.add(nxt)
                stack.append(nxt)
    free = sorted(attached - {plus, minus})
    index = {n: i for i, n in enumerate(free)}
    g = np.zeros((len(free), len(free)))
    rhs = np.zeros(len(free))
    for kind, _, a, b in edges:
        if kind != "bulb":
            continue
        u, v = find(a), find(b)
        if u == v:
            continue
        for p, q in ((u, v), (v, u)):
            if p in index:
                g[index[p], index[p]] += 1.0
                if q in index:
                    g[index[p], index[q]] -= 1.0
                elif q == plus:
                    rhs[index[p]] += 1.0
    potential = np.linalg.solve(g, rhs) if free else np.zeros(0)

    def volts(n: int) -> float:
        root = find(n)
        if root == plus:
            return 1.0
        return float(potential[index[root]]) if root in index else 0.0

    return {name: abs(volts(a) - volts(b)) for kind, name, a, b in edges if kind == "bulb"}


# =============================================================================================
# Trees: drawing random circuits
# =============================================================================================
def _split(rng: np.random.Generator, names: list[str], parts: int) -> list[list[str]]:
    cuts = sorted(int(c) + 1 for c in rng.permutation(len(names) - 1)[: parts - 1])
    bounds = [0, *cuts, len(names)]
    return [names[bounds[i]:bounds[i + 1]] for i in range(parts)]


def _random_tree(rng: np.random.Generator, names: list[str], op: str) -> Tree:
    if len(names) == 1:
        return ["bulb", names[0]]
    parts = int(rng.integers(2, min(3, len(names)) + 1))
    other = "parallel" if op == "series" else "series"
    return [op, [_random_tree(rng, group, other) for group in _split(rng, names, parts)]]


def depth(node: Tree) -> int:
    if node[0] not in ("series", "parallel"):
        return 0
    return 1 + max(depth(child) for child in node[1])


def _nodes(node: Tree, path: tuple[int, ...] = ()) -> list[tuple[tuple[int, ...], Tree]]:
    out = [(path, node)]
    if node[0] in ("series", "parallel"):
        for i, child in enumerate(node[1]):
            out += _nodes(child, (*path, i))
    return out


def _replace(tree: Tree, path: tuple[int, ...], new: Tree) -> Tree:
    if not path:
        return new
    children = list(tree[1])
    children[path[0]] = _replace(children[path[0]], path[1:], new)
    return [tree[0], children]


def _add_switch(rng: np.random.Generator, tree: Tree, name: str, closed: bool) -> Tree:
    """A switch in series with a random part of the circuit (a bulb, a branch or the whole)."""
    spots = [(p, n) for p, n in _nodes(tree) if n[0] != "series"]
    path, node = spots[int(rng.integers(len(spots)))]
    switch = ["switch", name, closed]
    if path:
        parent = _get(tree, path[:-1])
        if parent[0] == "series":  # join the existing series group
            children = list(parent[1])
            children.insert(path[-1] + int(rng.integers(2)), switch)
            return _replace(tree, path[:-1], ["series", children])
    return _replace(tree, path, ["series", [node, switch] if rng.random() < 0.5 else [switch, node]])


def _add_short(rng: np.random.Generator, tree: Tree, name: str | None) -> Tree | None:
    """A closed switch (or a bare wire when `name` is None) across one bulb."""
    # not a bulb that is itself a parallel branch: a short there would short every branch
    bulbs = [(p, n) for p, n in _nodes(tree) if n[0] == "bulb" and _get(tree, p[:-1])[0] != "parallel"]
    if not bulbs:
        return None
    path, node = bulbs[int(rng.integers(len(bulbs)))]
    bridge = ["wire"] if name is None else ["switch", name, True]
    return _replace(tree, path, ["parallel", [node, bridge]])


def _get(tree: Tree, path: tuple[int, ...]) -> Tree:
    for i in path:
        tree = tree[1][i]
    return tree


def switches_of(tree: Tree) -> list[Tree]:
    return [n for _, n in _nodes(tree) if n[0] == "switch"]


def toggled(tree: Tree, name: str) -> Tree:
    if tree[0] == "switch":
        return ["switch", tree[1], not tree[2]] if tree[1] == name else tree
    if tree[0] in ("series", "parallel"):
        return [tree[0], [toggled(child, name) for child in tree[1]]]
    return tree


def _mutate(tree: Tree, close_all: bool = False, drop_shorts: bool = False) -> Tree:
    """The circuit as a mistaken reader sees it: every switch closed, or the shorts not there."""
    kind = tree[0]
    if kind == "switch" and close_all:
        return ["switch", tree[1], True]
    if kind in ("series", "parallel"):
        children = [_mutate(c, close_all, drop_shorts) for c in tree[1]]
        if kind == "parallel" and drop_shorts:
            kept = [c for c in children if resistance(c) != 0]
            children = kept or children
            if len(children) == 1:
                return children[0]
        return [kind, children]
    return tree


def count_shorts(tree: Tree) -> int:
    return sum(1 for _, n in _nodes(tree) if n[0] == "parallel"
               and any(resistance(c) == 0 for c in n[1]))


# =============================================================================================
# Drawing: a recursive box layout, the cell along the bottom
# =============================================================================================
CELL_W, ROW_H = 64.0, 56.0


_SIZES: dict[int, tuple[float, float, float]] = {}  # per drawing, by part identity


def _size(node: Tree) -> tuple[float, float, float]:
    """(width, height, terminal height from the top) of a drawn part."""
    cached = _SIZES.get(id(node))
    if cached is not None:
        return cached
    kind = node[0]
    if kind in ("bulb", "switch", "wire"):
        size = (CELL_W, ROW_H, ROW_H / 2)
    else:
        sizes = [_size(c) for c in node[1]]
        if kind == "series":
            top = max(t for _, _, t in sizes)
            bottom = max(h - t for _, h, t in sizes)
            size = (sum(w for w, _, _ in sizes), top + bottom, top)
        else:
            size = (max(w for w, _, _ in sizes) + 40, sum(h for _, h, _ in sizes), sizes[0][2])
    _SIZES[id(node)] = size
    return size


def _draw(node: Tree, x: float, y: float, width: float, out: list[str]) -> None:
    """Draw `node` with its top-left at (x, y), stretched to `width` with wire on the right."""
    w, _h, t = _size(node)
    mid = y + t
    kind = node[0]
    if kind in ("bulb", "switch", "wire"):
        cx = x + CELL_W / 2
        if kind == "bulb":
            out += [dw.line(x, mid, cx - 12, mid), dw.line(cx + 12, mid, x + width, mid),
                    dw.circle(cx, mid, 12, fill="#fff8d0"),
                    dw.line(cx - 8.5, mid - 8.5, cx + 8.5, mid + 8.5, 1.5),
                    dw.line(cx - 8.5, mid + 8.5, cx + 8.5, mid - 8.5, 1.5),
                    dw.text(cx, mid - 17, node[1], 13, weight="bold")]
        elif kind == "switch":
            a, b = cx - 14, cx + 14
            out += [dw.line(x, mid, a, mid), dw.line(b, mid, x + width, mid),
                    dw.circle(a, mid, 2.5, fill=dw.STROKE, width=1), dw.circle(b, mid, 2.5, fill=dw.STROKE, width=1)]
            out.append(dw.line(a, mid, b, mid, 2) if node[2] else dw.line(a, mid, b - 3, mid - 15, 2))
            out.append(dw.text(cx, mid - 19, node[1], 12, weight="bold"))
        else:
            out.append(dw.line(x, mid, x + width, mid))
        return
    if kind == "series":
        sizes = [_size(c) for c in node[1]]
        cursor = x
        extra = width - w
        for i, (child, (cw, _, ct)) in enumerate(zip(node[1], sizes, strict=True)):
            cw_here = cw + (extra if i == len(sizes) - 1 else 0)
            _draw(child, cursor, mid - ct, cw_here, out)
            cursor += cw_here
        return
    # parallel: branches stacked, rails at both ends
    left, right = x + 10, x + width - 10
    out.append(dw.line(x, mid, left, mid))
    out.append(dw.line(right, mid, x + width, mid))
    cursor = y
    ys = []
    for child in node[1]:
        cw, ch, ct = _size(child)
        _draw(child, left + 10, cursor, right - left - 20, out)
        out += [dw.line(left, cursor + ct, left + 10, cursor + ct),
                dw.line(right - 10, cursor + ct, right, cursor + ct)]
        ys.append(cursor + ct)
        cursor += ch
    out += [dw.line(left, ys[0], left, ys[-1]), dw.line(right, ys[0], right, ys[-1])]
    out += [dw.circle(left, ys[0], 2, fill=dw.STROKE, width=1), dw.circle(right, ys[0], 2, fill=dw.STROKE, width=1)]


def draw_circuit(tree: Tree, title: str, cell: str = "cell") -> str:
    _SIZES.clear()  # ids are only stable while this tree is alive
    w, h, t = _size(tree)
    x0, y0 = 30.0, 20.0
    body: list[str] = []
    _draw(tree, x0, y0, w, body)
    mid = y0 + t
    bottom = y0 + h + 30
    cx = x0 + w / 2
    body += [dw.line(x0, mid, x0 - 15, mid), dw.line(x0 - 15, mid, x0 - 15, bottom),
             dw.line(x0 + w, mid, x0 + w + 15, mid), dw.line(x0 + w + 15, mid, x0 + w + 15, bottom),
             dw.line(x0 - 15, bottom, cx - 5, bottom), dw.line(cx + 5, bottom, x0 + w + 15, bottom),
             dw.line(cx - 5, bottom - 14, cx - 5, bottom + 14, 2),  # long plate: +
             dw.line(cx + 5, bottom - 7, cx + 5, bottom + 7, 4),  # short plate: -
             dw.text(cx - 14, bottom - 10, "+", 13, weight="bold"),
             dw.text(cx, bottom + 30, cell, 11)]
    _SIZES.clear()
    return dw.document(w + 60, bottom + 40, body, title)


# =============================================================================================
# The generator
# =============================================================================================
def _plans(rng: np.random.Generator, target: float, count: int) -> list[dict[str, Any]]:
    """`count` random plans (one block of random numbers: this runs for every item)."""
    hard = min(1.0, max(0.0, (target + 3.0) / 6.0))
    u = rng.random((count, 5))
    asks = tuple(ASK_WEIGHT)
    plans = []
    for a, b, c, d, e in u.tolist():
        ask = asks[int(a * 3)]
        low = max(2 + int(hard * 2.5), 3 if ask == "brightest" else 2)
        bulbs = low + int(b * (7 - low))
        first = 1 if ask == "switch" else 0
        switches = first + int(c * (4 - first))
        shorts = int(d < 0.2 + 0.4 * hard)
        if ask == "brightest" and bulbs == 3:  # fewer lit bulbs would leave a tie for the brightest
            switches, shorts = min(switches, 1), 0
        plans.append({"ask": ask, "bulbs": bulbs, "switches": switches, "shorts": shorts,
                      "op": "series" if e < 0.6 else "parallel"})
    return plans


def _features(plan: dict[str, Any], tree: Tree) -> dict[str, float]:
    return {"bulbs": plan["bulbs"], "switches": len(switches_of(tree)), "shorts": count_shorts(tree),
            "depth": depth(tree), "ask": ASK_WEIGHT[plan["ask"]]}


def _plan_b(plan: dict[str, Any]) -> float:
    """The b a plan aims at (the drawn tree's own features give the item's b)."""
    guess = {"bulbs": plan["bulbs"], "switches": plan["switches"], "shorts": plan["shorts"],
             "depth": 1 + (plan["bulbs"] > 3), "ask": ASK_WEIGHT[plan["ask"]]}
    return linear_difficulty(INTERCEPT, WEIGHTS, guess)


def _lit(shares: dict[str, Fraction]) -> list[str]:
    return sorted(n for n, v in shares.items() if v != 0)


class CircuitsGenerator(BaseGenerator):
    """Circuits of a cell, identical bulbs and switches: which light, which is brightest, what a switch does.

    Series-parallel circuits with shorting switches and wires; see the module docstring for the
    difficulty model (bulbs, switches, shorts, nesting depth, question kind).
    """

    family = "technical.circuits"
    section = "technical"
    # 2: no length cue; "they all glow equally" can be the key; one-length switch outcomes; 3: paced (pace.toml)
    version = 4  # 4: Bokmål (the English items unchanged)
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    difficulty_range = (-1.5, 2.0)
    title = "Electrical circuits"
    max_redraws = 600  # symmetric circuits (ties for the brightest) are redrawn

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.ph = phrases_for(PACKAGE, lang)["circuits"]

    def _pick(self, rng: np.random.Generator, key: str) -> str:
        choices = self.ph[key]
        return choices[int(rng.integers(len(choices)))]

    # -- generate ----------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        item = self._generate(rng, difficulty)
        return with_content(item, "circuit:" + str(item.params["ask"]))

    def _generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target = difficulty + rng.normal(0.0, 0.15)
        plans = _plans(rng, target, CANDIDATES)
        # a drawn tree comes out about 0.45 harder than its plan's guess (extra depth, switches
        # the length balance keeps) except near the top, so plans aim that much lower there
        aim = target - 0.45 * min(1.0, max(0.0, 2.0 - target))
        plan = min(plans, key=lambda p: abs(_plan_b(p) - aim))
        draw = RankDraw(rng, 4, 12)  # the key's place by option length, kept over the redraws
        return self.redraw(rng, lambda r: self._attempt(r, plan, draw))

    def _tree(self, rng: np.random.Generator, plan: dict[str, Any]) -> Tree | None:
        tree = _random_tree(rng, list(BULBS[:plan["bulbs"]]), plan["op"])
        names = iter(f"S{i}" for i in range(1, 5))
        if plan["shorts"]:
            name = next(names) if rng.random() < 0.6 else None
            short = _add_short(rng, tree, name)
            if short is None:  # every bulb is a parallel branch: put the groups in series instead
                short = _add_short(rng, _random_tree(rng, list(BULBS[:plan["bulbs"]]), "series"), name)
            if short is None:
                return None
            tree = short
        for _ in range(plan["switches"] - len(switches_of(tree))):
            tree = _add_switch(rng, tree, next(names), bool(rng.random() < 0.5))
        return tree

    def _attempt(self, rng: np.random.Generator, plan: dict[str, Any], draw: RankDraw | None = None) -> Item | None:
        tree = self._tree(rng, plan)
        if tree is None:
            return None
        shares = solve_tree(tree)
        if shares is None:
            return None
        ask = plan["ask"]
        extra: dict[str, Any] = {}
        if ask == "lights":
            built = self._lights_options(rng, tree, shares)
        elif ask == "brightest":
            built = self._brightest_options(rng, tree, shares)
        else:
            built, extra = self._switch_options(rng, tree, shares)
        if built is None:
            return None
        options, key, explanation_tail = built
        texts = [o.text for o in options]
        if draw is not None and ask != "switch" and draw.strict and not length_rank_fits(texts, key, draw.share):
            return None  # see common.length_rank_fits: no length cue
        return self._item(rng, plan, tree, shares, options, key, explanation_tail, extra)

    # -- options -----------------------------------------------------------------------------
    def _state_text(self, names: list[str], total: int) -> str:
        """An option for "which bulbs light": every bulb with its state ("A lit, B out, C lit"),
        so that all options have one length and none stands out as the longest or shortest (v2;
        lists of the lit bulbs made the longest option the key 35 % of the time)."""
        ph = self.ph
        return ", ".join(ph["state"].format(name=n, state=ph["lit" if n in names else "out"])
                         for n in BULBS[:total])

    def _set_text(self, names: list[str], total: int) -> str:
        ph = self.ph
        if not names:
            return ph["none_lit"]
        if len(names) == total:
            return ph["all_lit"]
        if len(names) == 1:
            return ph["only"].format(name=names[0])
        return self._join(names)

    def _join(self, names: list[str]) -> str:
        """ "A, B and C" in the item's language."""
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {self.ph['and']} {names[-1]}"

    def _lights_options(self, rng: np.random.Generator, tree: Tree,
                        shares: dict[str, Fraction]) -> tuple[tuple[Option, ...], int, str] | None:
        m = self.ph["mistakes"]
        total = len(shares)
        key = _lit(shares)
        cands: list[tuple[list[str], str]] = []
        closed = solve_tree(_mutate(tree, close_all=True))
        for name, solved in (("all_closed", closed),
                             ("ignore_shorts", solve_tree(_mutate(tree, drop_shorts=True))),
                             ("ignore_everything", solve_tree(_mutate(tree, close_all=True, drop_shorts=True)))):
            if solved is not None:
                cands.append((_lit(solved), name))
        if any(not s[2] for s in switches_of(tree)):
            cands.append(([], "open_kills_all"))
        cut = set(_lit(closed or {})) - set(key)
        for name in sorted(set(shares) - set(key)):
            cands.append((sorted({*key, name}), "missed_cut" if name in cut else "missed_short"))
        for name in key:
            cands.append(([n for n in key if n != name], "wrongly_off"))
        seen = {self._state_text(key, total)}
        others = []
        for names, mistake in cands:
            text = self._state_text(names, total)
            if text not in seen and len(others) < 3:
                seen.add(text)
                changed = sorted(set(names) ^ set(key))
                others.append(Option(text, mistake=m[mistake].format(name=changed[0] if changed else "")))
        if len(others) < 2:
            return None
        options, index = shuffle_options(rng, Option(self._state_text(key, total)), others)
        tail = (self.ph["answer_lights"].format(answer=self._set_text(key, len(key) + 1)) if key
                else self.ph["answer_none"])
        return options, index, tail

    def _brightest_options(self, rng: np.random.Generator, tree: Tree,
                           shares: dict[str, Fraction]) -> tuple[tuple[Option, ...], int, str] | None:
        ph, m = self.ph, self.ph["mistakes"]
        top = max(shares.values())
        winners = [n for n, v in shares.items() if v == top]
        if top == 0 or 1 < len(winners) < len(shares):
            return None  # a partial tie for the brightest has no single answer
        if len(winners) > 1:  # every bulb glows alike: "They all glow equally" is the answer
            return self._equal_options(rng, tree, shares)
        key = winners[0]
        cands: list[tuple[str, str]] = []
        loose = solve_tree(_mutate(tree, drop_shorts=True))
        if loose:
            best = max(loose.values())
            cands += [(n, "ignore_shorts") for n, v in sorted(loose.items()) if v == best]
        in_parallel = sorted({n for _, node in _nodes(tree) if node[0] == "parallel"
                              for child in node[1] for _, leaf in _nodes(child) if leaf[0] == "bulb"
                              for n in [leaf[1]]})
        lit = set(_lit(shares))
        cands += [(n, "parallel_brighter") for n in in_parallel if n in lit]
        order = [leaf[1] for _, leaf in _nodes(tree) if leaf[0] == "bulb" and leaf[1] in lit]
        if order:
            cands.append((order[0], "nearest"))
        seen = {ph["bulb"].format(name=key)}
        used: set[str] = set()
        others = []
        for name, mistake in cands:
            text = ph["bulb"].format(name=name)
            if text not in seen and mistake not in used and len(others) < 3:
                seen.add(text)
                used.add(mistake)
                others.append(Option(text, mistake=m[mistake]))
        others.append(Option(ph["equal"], mistake=m["all_equal"]))
        if len(others) < 2:
            return None
        options, index = shuffle_options(rng, Option(ph["bulb"].format(name=key)), others[:4])
        return options, index, ph["answer_brightest"].format(name=key)

    def _equal_options(self, rng: np.random.Generator, tree: Tree,
                       shares: dict[str, Fraction]) -> tuple[tuple[Option, ...], int, str] | None:
        """All bulbs share the voltage equally: the distractors are the bulbs a candidate picks by
        a rule of thumb (nearest the + terminal, one on its own in a parallel branch, the last)."""
        ph, m = self.ph, self.ph["mistakes"]
        order = [leaf[1] for _, leaf in _nodes(tree) if leaf[0] == "bulb"]
        if len(order) < 3:
            return None
        picks = [(order[0], "nearest"), (order[-1], "last_bulb"), (order[len(order) // 2], "middle_bulb")]
        others = [Option(ph["bulb"].format(name=n), mistake=m[k]) for n, k in dict((n, k) for n, k in picks).items()]
        unique = {o.text: o for o in others}
        if len(unique) < 2:
            return None
        options, index = shuffle_options(rng, Option(ph["equal"]), list(unique.values())[:3])
        return options, index, ph["answer_equal"]

    def _switch_options(self, rng: np.random.Generator, tree: Tree, shares: dict[str, Fraction]
                        ) -> tuple[tuple[tuple[Option, ...], int, str] | None, dict[str, Any]]:
        ph, m = self.ph, self.ph["mistakes"]
        switches = switches_of(tree)
        switch = switches[int(rng.integers(len(switches)))]
        after = solve_tree(toggled(tree, switch[1]))
        if after is None:
            return None, {}
        lit = _lit(shares)
        if not lit or after == shares:
            return None, {}  # a switch that changes nothing (e.g. in a part already cut off) asks nothing
        outcomes = {n: self._outcome(shares[n], after[n]) for n in lit}
        # prefer a bulb whose fate is not "stays the same", as the tests do
        changing = [n for n in lit if outcomes[n] != "same"]
        pool = changing if changing and rng.random() < 0.75 else lit
        bulb = pool[int(rng.integers(len(pool)))]
        key = outcomes[bulb]
        others = [Option(ph[o], mistake=m[o]) for o in ("goes_out", "brighter", "dimmer", "same") if o != key]
        options, index = shuffle_options(rng, Option(ph[key]), others)
        action = ph["closed" if not switch[2] else "opened"]
        tail = " ".join([ph["before_after"].format(bulb=bulb, before=self._share(shares[bulb]),
                                                   switch=switch[1], action=action,
                                                   after=self._share(after[bulb])),
                         ph["answer_switch"].format(answer=ph[key].lower())])
        return (options, index, tail), {"switch": switch[1], "bulb": bulb, "action": action}

    def _share(self, value: Fraction) -> str:
        return self.ph["share_all"] if value == 1 else self.ph["share_none"] if value == 0 else format_fraction(value)

    @staticmethod
    def _outcome(before: Fraction | float, after: Fraction | float) -> str:
        if abs(after) < 1e-7:
            return "goes_out"
        if abs(after - before) < 1e-7:
            return "same"
        return "brighter" if after > before else "dimmer"

    # -- text, figure, item ------------------------------------------------------------------
    def describe(self, node: Tree, indent: str = "  ") -> list[str]:
        """The circuit as indented lines: series parts one after another, parallel branches
        numbered and indented one step further."""
        ph = self.ph
        kind = node[0]
        if kind == "bulb":
            return [indent + ph["fig_bulb"].format(name=node[1])]
        if kind == "switch":
            return [indent + ph["fig_switch"].format(name=node[1],
                                                     state=ph["state_closed" if node[2] else "state_open"])]
        if kind == "wire":
            return [indent + ph["fig_wire"]]
        if kind == "series":
            return [line for child in node[1] for line in self.describe(child, indent)]
        lines = [indent + ph["fig_parallel"].format(n=len(node[1]))]
        for i, child in enumerate(node[1]):
            lines.append(indent + "  " + ph["fig_branch"].format(n=i + 1))
            lines += self.describe(child, indent + "    ")
        return lines

    def figure_text(self, tree: Tree) -> str:
        ph = self.ph
        return "\n".join([ph["fig_start"], *self.describe(tree), ph["fig_end"]])

    def _item(self, rng: np.random.Generator, plan: dict[str, Any], tree: Tree, shares: dict[str, Fraction],
              options: tuple[Option, ...], key: int, tail: str, extra: dict[str, Any]) -> Item:
        ph = self.ph
        ask = plan["ask"]
        plain = "_plain" if ask != "switch" and not switches_of(tree) else ""
        question = self._pick(rng, f"ask_{ask}{plain}").format(**extra)
        prompt = f"{self._pick(rng, 'intro')} {question}"
        bulbs = sorted(shares)
        switches = [s[1] for s in switches_of(tree)]
        alt = (ph["alt"].format(bulbs=", ".join(bulbs), switches=", ".join(switches)) if switches
               else ph["alt_no_switch"].format(bulbs=", ".join(bulbs)))
        figure = Svg(svg=draw_circuit(tree, alt, ph["svg_cell"]), text=self.figure_text(tree), alt=alt)
        explanation = " ".join([ph["principle"], self._reasons(tree, shares), tail])
        features = _features(plan, tree)
        n = plan["bulbs"]
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt, explanation=explanation,
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features), discrimination=round(0.8 + 0.05 * n, 3),
            time_s=30.0 + 6.0 * n + 5.0 * features["switches"] + (8.0 if ask == "switch" else 0.0),
            options=options, key=key, figure=figure,
            params={"ask": ask, "tree": tree, **extra, **{k: v for k, v in features.items() if k != "ask"}},
        )

    def _reasons(self, tree: Tree, shares: dict[str, Fraction]) -> str:
        ph = self.ph
        parts = [ph["shares"].format(shares=", ".join(ph["share"].format(name=n, value=format_fraction(v))
                                                      for n, v in sorted(shares.items())))]
        off = set(shares) - set(_lit(shares))
        cut = sorted(off & set(_lit(solve_tree(_mutate(tree, close_all=True)) or {})))
        shorted = sorted(off - set(cut))
        for names, key in ((cut, "cut_off"), (shorted, "shorted")):
            if names:
                # Bokmål writes the plural as its own sentence (Lyspærene A og B ...): "<key>_many"
                template = ph.get(f"{key}_many", ph[key]) if len(names) > 1 else ph[key]
                parts.append(template.format(s="s" if len(names) > 1 else "", names=self._join(names),
                                             verb="are" if len(names) > 1 else "is"))
        return " ".join(parts)

    # -- check -------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        p = item.params
        try:
            tree, ask = p["tree"], str(p["ask"])
        except KeyError as exc:
            raise ItemCheckError(f"item {where}: malformed circuit: {exc}") from None
        if item.figure is None or item.figure.to_text() != self.figure_text(tree):
            raise ItemCheckError(f"item {where}: the figure's text does not describe the circuit")
        volts = nodal(tree)
        if volts is None:
            raise ItemCheckError(f"item {where}: the cell is shorted")
        ph = self.ph
        lit = sorted(n for n, v in volts.items() if v > 1e-6)
        if ask == "lights":
            truth = self._state_text(lit, len(volts))
        elif ask == "brightest":
            top = max(volts.values())
            winners = [n for n, v in volts.items() if abs(v - top) < 1e-7]
            if len(winners) == 1:
                truth = ph["bulb"].format(name=winners[0])
            elif len(winners) == len(volts):
                truth = ph["equal"]
            else:
                raise ItemCheckError(f"item {where}: bulbs {winners} tie for the brightest")
        else:
            switch, bulb, action = str(p["switch"]), str(p["bulb"]), str(p["action"])
            if ph["named_switch"].format(switch=switch).lower() not in item.prompt.lower() \
                    or ph["named_bulb"].format(bulb=bulb) not in item.prompt:
                raise ItemCheckError(f"item {where}: the prompt does not name the switch and the bulb")
            state = next((s[2] for s in switches_of(tree) if s[1] == switch), None)
            if state is None or action != ph["opened" if state else "closed"]:
                raise ItemCheckError(f"item {where}: switch {switch} cannot be {action}")
            after = nodal(toggled(tree, switch))
            if after is None:
                raise ItemCheckError(f"item {where}: the cell is shorted after the switch changes")
            truth = ph[self._outcome(volts[bulb], after[bulb])]
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text == truth])
