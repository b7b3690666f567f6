"""Cube nets: which cube can this net be folded into, and which face ends up opposite a given face?

The net is one of the 11 nets of a cube (found at import by folding every hexomino), drawn in a
random one of its eight orientations, with the marking side outside. Each square carries one of
eight markings, six different ones per cube. A marking's orientation matters unless it is fully
symmetric: an arrow, a half-shaded face, a shaded quarter and a shaded triangle point one way
(fourfold asymmetric); a stripe and a diagonal band have two ends (a half turn leaves them
alone); a dot and a blank face look the same every way. Every marking is mirror-symmetric about
its own axis, so a mirror view is told from the real one only by the order of the faces around
the corner and by how the markings point, never by a flipped symbol.

Two questions:
- `cube`: four isometric cubes, each showing three faces (top, left, right); exactly one is a
  view of the folded net. The distractors are the real mistakes: two faces that are opposite on
  the folded cube shown side by side; the right three faces with one marking turned; a mirror
  image (the faces in the wrong order around the corner). Options come in closed groups so that
  the pictures alone say nothing: at the easy end three views each with an impossible pair of
  faces; then two mirror (or turned-marking) pairs, the key's pair and an impossible view's pair;
  at the hard end the key, its mirror, the key with one marking turned and that one's mirror
  (every option then has a mirror twin and a turned twin among the options).
- `opposite`: which face is opposite the named one; the distractors are three of its four
  neighbours, each named by how it lies in the net (sharing an edge, diagonally next to it, in
  line further along, round a corner).

Difficulty model (IRT logit b; a documented linear model over what a candidate must do, after
Shepard and Feng's paper-folding work, where time grows with the folds needed to bring two
squares together, and the mental-rotation load of tracking orientations):

    opposite:  b = -2.85 + 0.35 * net + 1.05 * bent + 0.45 * lure
    cube:      b = -1.75 + 0.3 * net + 0.4 * apart + 0.2 * (oriented - 1) + 0.5 * bent
                   + mode (opposite pairs 0, mirror/turned pairs 1.0, mirror-and-turn group 2.0)

net: the net's shape, 0 for the six 1-4-1 nets (a strip of four), 1 for the three 2-3-1 nets,
2 for the 3-3 and the 2-2-2 staircase nets (no strip longer than three, or two strips). bent:
the opposite pair to be found (or, for `cube`, an impossible pair to be rejected) is not in one
line with a single square between. lure: a shown distractor lies at least as far from the face
in the net as the key does (the "farthest square is opposite" guess fails). apart: how many of
the three faces of the key cube are not neighbours in the net (0-3): each needs a fold to
bring them together. oriented: how many of the key's three faces carry a marking whose turn
matters (1-3). The items span about -2.85 to +2.65; generation picks the question, net shape and
option mode whose b range holds the request and redraws until b is within 0.35 of it.
a = 1.0 + 0.05 * net; typical time 20 s (opposite) or 35 s + 8 s per face apart and 10 s per
mode step (cube).

check() folds the net again by another route: it turns each square's corners about the hinge
edges (integer 90-degree turns, parent to child through the net), confirms the six squares land
on six different faces of a cube, reads each marking's direction off the folded corners, and
then tries all 24 rotations of the cube, generated afresh, against each drawn option: exactly
the keyed view must be reachable (for `opposite`, exactly the keyed face must sit on the
opposite side). It also redraws the figure from the params and requires it to be the one shown.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import LETTERS, Item, Option

PACKAGE = "question_generators.spatial"
Vec = tuple[int, int, int]
Cell = tuple[int, int]  # (row, column) in the drawn net
Cells = tuple[Cell, ...]
Pointer = tuple[int, int] | None  # a marking's direction on its square: (right, up); None = none

# -- markings ------------------------------------------------------------------------------------
# symbol -> (fold, kind): fold is how many quarter turns leave it unchanged within a full turn
# (1 = points one way, 2 = two-ended, 4 = any way); kind says whether it points at an edge
# ((0, 1) = the top edge) or a corner ((1, 1) = the top-right corner).
SYMBOLS: dict[str, tuple[int, str]] = {
    "arrow": (1, "edge"), "half": (1, "edge"), "quarter": (1, "corner"), "triangle": (1, "corner"),
    "stripe": (2, "edge"), "band": (2, "corner"), "dot": (4, "none"), "blank": (4, "none"),
}
ORIENTED = tuple(s for s, (fold, _) in SYMBOLS.items() if fold < 4)
PLAIN = tuple(s for s, (fold, _) in SYMBOLS.items() if fold == 4)
EDGE_DIRS: tuple[tuple[int, int], ...] = ((0, 1), (1, 0), (0, -1), (-1, 0))
CORNER_DIRS: tuple[tuple[int, int], ...] = ((1, 1), (1, -1), (-1, -1), (-1, 1))


def _circle(r: float, n: int = 24) -> list[tuple[float, float]]:
    return [(round(r * float(np.cos(2 * np.pi * i / n)), 4), round(r * float(np.sin(2 * np.pi * i / n)), 4))
            for i in range(n)]


# Each marking's polygons on a square spanning -1..1 (right, up), pointing at (0, 1) or (1, 1).
# Sized so that every drawn element is at least 24 px across at 100 % (squares of 72 px in the
# net, cube edges of 80 px, the isometric side faces shrinking widths to 0.87).
SHAPES: dict[str, list[list[tuple[float, float]]]] = {
    "arrow": [[(0.0, 0.8), (0.55, 0.15), (0.22, 0.15), (0.22, -0.75), (-0.22, -0.75), (-0.22, 0.15),
               (-0.55, 0.15)]],
    "half": [[(-1.0, 0.0), (1.0, 0.0), (1.0, 1.0), (-1.0, 1.0)]],
    "quarter": [[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]],
    "triangle": [[(1.0, 1.0), (1.0, -1.0), (-1.0, 1.0)]],
    "stripe": [[(-0.4, -1.0), (0.4, -1.0), (0.4, 1.0), (-0.4, 1.0)]],
    "band": [[(-1.0, -1.0), (-0.35, -1.0), (1.0, 0.35), (1.0, 1.0), (0.35, 1.0), (-1.0, -0.35)]],
    "dot": [_circle(0.46)],
    "blank": [],
}


def _turn2(p: tuple[int, int], k: int) -> tuple[int, int]:
    """A quarter turn anticlockwise, k times: (right, up) -> (-up, right)."""
    for _ in range(k % 4):
        p = (-p[1], p[0])
    return p


def _placed(symbol: str, pointer: Pointer) -> list[list[tuple[float, float]]]:
    """The symbol's polygons turned so that it points at `pointer`."""
    fold, kind = SYMBOLS[symbol]
    if kind == "none" or pointer is None:
        return SHAPES[symbol]
    base = (0, 1) if kind == "edge" else (1, 1)
    k = next(k for k in range(4) if _turn2(base, k) == pointer or (fold == 2 and _turn2(base, k) == _neg2(pointer)))
    out = []
    for poly in SHAPES[symbol]:
        turned = []
        for x, y in poly:
            for _ in range(k):
                x, y = -y, x
            turned.append((x, y))
        out.append(turned)
    return out


def _neg2(p: tuple[int, int]) -> tuple[int, int]:
    return (-p[0], -p[1])


# -- vectors ---------------------------------------------------------------------------------------
def cross(a: Vec, b: Vec) -> Vec:
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


def dot(a: Vec, b: Vec) -> int:
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]


def neg(a: Vec) -> Vec:
    return (-a[0], -a[1], -a[2])


def comb(k1: int, a: Vec, k2: int, b: Vec) -> Vec:
    return (k1 * a[0] + k2 * b[0], k1 * a[1] + k2 * b[1], k1 * a[2] + k2 * b[2])


def canon(symbol: str, p: Vec | None) -> Vec | None:
    """A marking's direction up to its symmetry: none for a dot, either end for a stripe."""
    fold = SYMBOLS[symbol][0]
    if fold == 4 or p is None:
        return None
    return max(p, neg(p)) if fold == 2 else p


# -- nets --------------------------------------------------------------------------------------
def normalise(cells: Iterable[Cell]) -> Cells:
    cells = list(cells)
    r0, c0 = min(r for r, _ in cells), min(c for _, c in cells)
    return tuple(sorted((r - r0, c - c0) for r, c in cells))


def symmetries(cells: Cells) -> list[Cells]:
    """The eight drawings of a net: four turns, each also flipped."""
    out = []
    for flip in (False, True):
        shape = [(r, -c) for r, c in cells] if flip else list(cells)
        for _ in range(4):
            shape = [(c, -r) for r, c in shape]
            out.append(normalise(shape))
    return out


# (d_row, d_col) -> the same step as (right, up) on the paper
NEIGHBOURS: dict[tuple[int, int], tuple[int, int]] = {(0, 1): (1, 0), (0, -1): (-1, 0), (-1, 0): (0, 1),
                                                      (1, 0): (0, -1)}


def fold_frames(cells: Cells) -> dict[Cell, tuple[Vec, Vec, Vec]] | None:
    """Fold by rolling: each square's outward normal and where its paper right and paper up point.

    The net lies on the paper with the marked side up; squares fold down, away from the reader, so
    the first square faces the reader (+z) and the markings end up outside. Going from a square A
    to its neighbour B in paper direction D, B's normal is D carried onto the cube, B's vector
    along D turns to -(A's normal) and its vector across D stays A's. None when two squares land
    on one face (not a net)."""
    have = set(cells)
    start = cells[0]
    frames: dict[Cell, tuple[Vec, Vec, Vec]] = {start: ((0, 0, 1), (1, 0, 0), (0, 1, 0))}
    todo = [start]
    while todo:
        r, c = todo.pop()
        n_a, s_a, t_a = frames[(r, c)]
        for (dr, dc), (dx, dy) in NEIGHBOURS.items():
            nb = (r + dr, c + dc)
            if nb not in have or nb in frames:
                continue
            d3 = comb(dx, s_a, dy, t_a)

            def carry(vx: int, vy: int, dx: int = dx, dy: int = dy, d3: Vec = d3,
                      n_a: Vec = n_a, s_a: Vec = s_a, t_a: Vec = t_a) -> Vec:
                along = vx * dx + vy * dy
                px, py = vx - along * dx, vy - along * dy
                return comb(1, comb(along, neg(n_a), 0, n_a), 1, comb(px, s_a, py, t_a))

            frames[nb] = (d3, carry(1, 0), carry(0, 1))
            todo.append(nb)
    normals = {f[0] for f in frames.values()}
    return frames if len(normals) == 6 and len(frames) == 6 else None


def _hexominoes() -> list[Cells]:
    shapes = {((0, 0),)}
    for _ in range(5):
        grown = set()
        for shape in shapes:
            have = set(shape)
            for r, c in shape:
                for dr, dc in NEIGHBOURS:
                    cell = (r + dr, c + dc)
                    if cell not in have:
                        grown.add(min(symmetries(normalise([*shape, cell]))))
        shapes = grown
    return sorted(shapes)


def _runs(cells: Cells) -> list[tuple[int, int]]:
    """The maximal straight runs of squares: (direction 0 along rows or 1 down columns, length)."""
    have = set(cells)
    runs = []
    for axis, (dr, dc) in enumerate(((0, 1), (1, 0))):
        for r, c in cells:
            if (r - dr, c - dc) in have:
                continue
            n = 1
            while (r + n * dr, c + n * dc) in have:
                n += 1
            runs.append((axis, n))
    return runs


def net_level(cells: Cells) -> int:
    """0: a 1-4-1 net (a strip of four); 1: a 2-3-1 net; 2: the 3-3 net (two strips of three side
    by side) or the 2-2-2 staircase (no strip longer than two)."""
    runs = _runs(cells)
    longest = max(n for _, n in runs)
    if longest >= 4:
        return 0
    threes = [axis for axis, n in runs if n == 3]
    return 2 if longest == 2 or (len(threes) == 2 and threes[0] == threes[1]) else 1


@cache
def all_nets() -> tuple[Cells, ...]:
    """The 11 nets of a cube: the hexominoes that fold without two squares on one face."""
    return tuple(shape for shape in _hexominoes() if fold_frames(shape) is not None)


@cache
def rotations() -> tuple[tuple[Vec, Vec, Vec], ...]:
    """The 24 turns of a cube, as rows of integer matrices (every signed permutation of det +1)."""
    out = []
    for perm in itertools.permutations(range(3)):
        for signs in itertools.product((1, -1), repeat=3):
            rows = tuple(tuple(signs[i] if j == perm[i] else 0 for j in range(3)) for i in range(3))
            if dot(cross(rows[0], rows[1]), rows[2]) == 1:  # type: ignore[arg-type]
                out.append(rows)
    return tuple(out)  # type: ignore[return-value]


def apply(m: tuple[Vec, Vec, Vec], v: Vec) -> Vec:
    return (dot(m[0], v), dot(m[1], v), dot(m[2], v))


# -- views -------------------------------------------------------------------------------------
# The picture shows a cube from above, front and right: the top (+z), the left-hand side (-y)
# and the right-hand side (+x). Each position's paper frame (right, up, seen from outside).
POSITIONS = ("top", "left", "right")
FRAMES: dict[str, tuple[Vec, Vec, Vec]] = {
    "top": ((0, 0, 1), (1, 0, 0), (0, 1, 0)),
    "left": ((0, -1, 0), (1, 0, 0), (0, 0, 1)),
    "right": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
}
MIRROR: tuple[Vec, Vec, Vec] = ((0, -1, 0), (-1, 0, 0), (0, 0, 1))  # the picture flipped left-right
Face = tuple[str, Vec | None]  # a drawn face: symbol and direction (view coordinates, canonical)
View = tuple[Face, Face, Face]  # top, left, right


def cube_faces(frames: dict[Cell, tuple[Vec, Vec, Vec]], marks: dict[Cell, tuple[str, Pointer]]) -> dict[Vec, Face]:
    """The folded cube: outward normal -> (symbol, direction in cube coordinates)."""
    out: dict[Vec, Face] = {}
    for cell, (n, s, t) in frames.items():
        symbol, p = marks[cell]
        out[n] = (symbol, None if p is None else comb(p[0], s, p[1], t))
    return out


def render(faces: dict[Vec, Face], m: tuple[Vec, Vec, Vec]) -> View:
    """The picture of the cube turned by `m`: each position's symbol and canonical direction."""
    inverse = tuple(zip(*m, strict=True))  # a turn's inverse is its transpose
    out = []
    for pos in POSITIONS:
        normal = apply(inverse, FRAMES[pos][0])  # type: ignore[arg-type]
        symbol, p = faces[normal]
        out.append((symbol, canon(symbol, None if p is None else apply(m, p))))
    return tuple(out)  # type: ignore[return-value]


def mirrored(view: View) -> View:
    """The picture flipped left-right: the left and right faces swap, every direction reflects."""
    top, left, right = view
    flip = [(s, canon(s, None if p is None else apply(MIRROR, p))) for s, p in (top, right, left)]
    return tuple(flip)  # type: ignore[return-value]


def turned(view: View, index: int, quarters: int) -> View:
    """The picture with the marking at one position turned by quarter turns about its normal."""
    symbol, p = view[index]
    n = FRAMES[POSITIONS[index]][0]
    for _ in range(quarters % 4):
        p = None if p is None else cross(n, p)
    out = list(view)
    out[index] = (symbol, canon(symbol, p))
    return tuple(out)  # type: ignore[return-value]


def local(pos: str, p: Vec | None) -> Pointer:
    """A view direction in the position's own paper frame (right, up)."""
    if p is None:
        return None
    _, s, t = FRAMES[pos]
    return (dot(p, s), dot(p, t))


# -- drawing -----------------------------------------------------------------------------------
NET_UNIT = 72
CUBE_EDGE = 80
FILL = "#0072B2"  # Okabe-Ito blue: readable for colour-blind readers, dark grey in print
FACE_FILL = {"top": "#ffffff", "left": "#eeeeee", "right": "#dddddd"}
COS30 = 0.8660254


def _poly(points: Iterable[tuple[float, float]], attrs: str) -> str:
    return f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" {attrs}/>'


def svg_net(cells: Cells, marks: dict[Cell, tuple[str, Pointer]], x0: float, y0: float) -> str:
    u = NET_UNIT
    parts = []
    for r, c in cells:
        x, y = x0 + c * u, y0 + r * u
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{u}" height="{u}" fill="#ffffff" '
                     f'stroke="#1a1a1a" stroke-width="2"/>')
        for poly in _placed(*marks[(r, c)]):
            pts = [(x + (1 + px) * u / 2, y + (1 - py) * u / 2) for px, py in poly]
            parts.append(_poly(pts, f'fill="{FILL}" stroke="none"'))
    return "".join(parts)


def _project(x: float, y: float, z: float, ox: float, oy: float) -> tuple[float, float]:
    e = CUBE_EDGE
    return ox + (x + y) * COS30 * e, oy + (0.5 * (x - y) - z + 1.5) * e


def svg_cube(view: View, ox: float, oy: float) -> str:
    parts = []
    for pos, (symbol, p) in zip(POSITIONS, view, strict=True):
        n, s, t = FRAMES[pos]
        centre = tuple(0.5 + 0.5 * k for k in n)

        def at(ls: float, lt: float, centre: tuple[float, ...] = centre, s: Vec = s, t: Vec = t) -> tuple[float, float]:
            x, y, z = (centre[i] + 0.5 * (ls * s[i] + lt * t[i]) for i in range(3))
            return _project(x, y, z, ox, oy)

        outline = [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)]
        parts.append(_poly(outline, f'fill="{FACE_FILL[pos]}" stroke="#1a1a1a" stroke-width="2"'))
        for poly in _placed(symbol, local(pos, p)):
            parts.append(_poly([at(a, b) for a, b in poly], f'fill="{FILL}" stroke="none"'))
    return "".join(parts)


CUBE_W = 2 * COS30 * CUBE_EDGE
CUBE_GAP = 28
LABEL_H = 26


def svg_figure(cells: Cells, marks: dict[Cell, tuple[str, Pointer]], views: Sequence[View], title: str) -> str:
    rows = max(r for r, _ in cells) + 1
    cols = max(c for _, c in cells) + 1
    width = max(cols * NET_UNIT + 24, len(views) * (CUBE_W + CUBE_GAP) + 24 - CUBE_GAP)
    net_x = (width - cols * NET_UNIT) / 2
    parts = [svg_net(cells, marks, net_x, 12)]
    height = 12 + rows * NET_UNIT + 12
    if views:
        top = height + 16
        for i, view in enumerate(views):
            ox = 12 + i * (CUBE_W + CUBE_GAP)
            parts.append(f'<text x="{ox + CUBE_W / 2:.1f}" y="{top + 16:.0f}" text-anchor="middle" font-size="18" '
                         f'font-weight="bold" fill="#1a1a1a" stroke="none">{LETTERS[i]}</text>')
            parts.append(svg_cube(view, ox, top + LABEL_H))
        height = top + LABEL_H + 2 * CUBE_EDGE + 12
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}" font-family="sans-serif"><title>{title}</title>{"".join(parts)}</svg>')


# Glyphs for the text figure: how each marking looks on the paper, pointing where it points.
GLYPHS: dict[str, dict[Pointer, str]] = {
    "arrow": {(0, 1): "↑", (1, 0): "→", (0, -1): "↓", (-1, 0): "←"},
    "half": {(0, 1): "▀", (1, 0): "▐", (0, -1): "▄", (-1, 0): "▌"},
    "quarter": {(-1, 1): "▘", (1, 1): "▝", (1, -1): "▗", (-1, -1): "▖"},
    "triangle": {(-1, 1): "◤", (1, 1): "◥", (1, -1): "◢", (-1, -1): "◣"},
    "stripe": {(0, 1): "│", (0, -1): "│", (1, 0): "─", (-1, 0): "─"},
    "band": {(1, 1): "╱", (-1, -1): "╱", (1, -1): "╲", (-1, 1): "╲"},
    "dot": {None: "●"},
    "blank": {None: " "},
}


def glyph(symbol: str, p: Pointer) -> str:
    return GLYPHS[symbol][p if SYMBOLS[symbol][0] < 4 else None]


def net_text(cells: Cells, marks: dict[Cell, tuple[str, Pointer]]) -> list[str]:
    rows = max(r for r, _ in cells) + 1
    cols = max(c for _, c in cells) + 1
    return ["".join(f"[{glyph(*marks[(r, c)])}]" if (r, c) in marks else "   " for c in range(cols)).rstrip()
            for r in range(rows)]


# -- the generator -----------------------------------------------------------------------------
OPPOSITE_W = {"net": 0.35, "bent": 1.05, "lure": 0.45}
OPPOSITE_B0 = -2.85
CUBE_W_ = {"net": 0.3, "apart": 0.4, "oriented": 0.2, "bent": 0.5}
CUBE_B0 = -1.75
MODE_W = (0.0, 1.0, 2.0)
TOLERANCE = 0.35


def model_b(question: str, f: dict[str, int]) -> float:
    """The documented difficulty model (see the module docstring)."""
    if question == "opposite":
        b = OPPOSITE_B0 + sum(OPPOSITE_W[k] * f[k] for k in OPPOSITE_W)
    else:
        b = (CUBE_B0 + CUBE_W_["net"] * f["net"] + CUBE_W_["apart"] * f["apart"]
             + CUBE_W_["oriented"] * (f["oriented"] - 1) + CUBE_W_["bent"] * f["bent"] + MODE_W[f["mode"]])
    return round(b, 3)


def _plan_range(question: str, net: int, mode: int) -> tuple[float, float]:
    if question == "opposite":
        lo = model_b("opposite", {"net": net, "bent": 0, "lure": 0})
        return lo, lo + OPPOSITE_W["bent"] + OPPOSITE_W["lure"]
    lo = model_b("cube", {"net": net, "apart": 0, "oriented": 1, "bent": 0, "mode": mode})
    extra = 3 * CUBE_W_["apart"] + 2 * CUBE_W_["oriented"] + (CUBE_W_["bent"] if mode < 2 else 0.0)
    return lo, lo + extra


PLANS = [("opposite", net, 0) for net in range(3)] + [("cube", net, mode) for net in range(3) for mode in range(3)]


def straight(a: Cell, b: Cell, cells: set[Cell]) -> bool:
    """In one line with exactly one square between them (the 'skip one' rule of thumb)."""
    (r1, c1), (r2, c2) = a, b
    if (r1 == r2 and abs(c1 - c2) == 2) or (c1 == c2 and abs(r1 - r2) == 2):
        return ((r1 + r2) // 2, (c1 + c2) // 2) in cells
    return False


def net_relation(a: Cell, b: Cell) -> str:
    dr, dc = abs(a[0] - b[0]), abs(a[1] - b[1])
    if dr + dc == 1:
        return "edge"
    if dr == dc == 1:
        return "diagonal"
    if dr == 0 or dc == 0:
        return "in_line"
    return "corner"


class CubeNetGenerator(BaseGenerator):
    """Cube nets: which cube the net folds into, or which face ends up opposite a given face.

    See the module docstring for the 11 nets, the markings, the option groups and the difficulty
    model (net shape, marking symmetry, folds needed, mirror and turned-marking distractors).
    """

    family = "spatial.cube_net"
    section = "spatial"
    version = 1
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    title = "Cube nets"
    # The easiest item (a strip-of-four net, the opposite face in line) is rated -2.85 and the
    # hardest (a 3-3 or staircase net, mirror-and-turn options, faces spread over the net) +2.45.
    difficulty_range: ClassVar[tuple[float, float]] = (-2.8, 2.5)

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.words = phrases_for(PACKAGE, lang)["cube_net"]
        self.by_level = {level: [n for n in all_nets() if net_level(n) == level] for level in range(3)}

    # -- generation ---------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        lo, hi = self.difficulty_range
        target = min(hi, max(lo, difficulty))
        fits = [p for p in PLANS if _plan_range(*p)[0] - 0.2 <= target <= _plan_range(*p)[1] + 0.2]
        if not fits:
            fits = [min(PLANS, key=lambda p: min(abs(target - v) for v in _plan_range(*p)))]
        tries = 0

        def draw(r: np.random.Generator) -> Item | None:
            nonlocal tries
            tries += 1
            plan = fits[int(r.integers(len(fits)))]
            tol = TOLERANCE if tries < 60 else 0.6
            return self._attempt(r, plan, target, tol)

        return self.redraw(rng, draw)

    def _net(self, rng: np.random.Generator, level: int) -> tuple[Cells, int]:
        pool = self.by_level[level]
        index = int(rng.integers(len(pool)))
        shapes = [s for s in dict.fromkeys(symmetries(pool[index]))
                  if max(r for r, _ in s) <= max(c for _, c in s)]  # lie wide, not tall
        cells = shapes[int(rng.integers(len(shapes)))]
        return cells, all_nets().index(pool[index])

    def _marks(self, rng: np.random.Generator, cells: Cells, key_cells: Sequence[Cell] = (),
               oriented: int = 0) -> dict[Cell, tuple[str, Pointer]]:
        """Six different markings, `oriented` of them with a direction on the key cells."""
        if key_cells:
            pick_o = [str(s) for s in rng.choice(ORIENTED, size=oriented, replace=False)]
            rest_o = [s for s in ORIENTED if s not in pick_o]
            pick_p = [str(s) for s in rng.choice(PLAIN, size=3 - oriented, replace=False)]
            key_syms = pick_o + pick_p
            key_syms = [key_syms[int(i)] for i in rng.permutation(3)]
            others = [s for s in rest_o + list(PLAIN) if s not in pick_p]
            other_syms = [str(s) for s in rng.choice(others, size=3, replace=False)]
            assign = dict(zip(key_cells, key_syms, strict=True))
            free = [c for c in cells if c not in assign]
            assign.update(zip(free, other_syms, strict=True))
        else:
            chosen = [str(s) for s in rng.choice(list(SYMBOLS), size=6, replace=False)]
            assign = dict(zip(cells, chosen, strict=True))
        marks: dict[Cell, tuple[str, Pointer]] = {}
        for cell in cells:
            symbol = assign[cell]
            kind = SYMBOLS[symbol][1]
            dirs = EDGE_DIRS if kind == "edge" else CORNER_DIRS if kind == "corner" else (None,)
            marks[cell] = (symbol, dirs[int(rng.integers(len(dirs)))])
        return marks

    def _attempt(self, rng: np.random.Generator, plan: tuple[str, int, int], target: float,
                 tol: float) -> Item | None:
        question, level, mode = plan
        cells, net_index = self._net(rng, level)
        frames = fold_frames(cells)
        assert frames is not None
        by_normal = {f[0]: cell for cell, f in frames.items()}
        opposite = {cell: by_normal[neg(f[0])] for cell, f in frames.items()}
        if question == "opposite":
            return self._opposite(rng, cells, net_index, level, frames, opposite, target, tol)
        return self._cube(rng, cells, net_index, level, mode, frames, opposite, target, tol)

    def _opposite(self, rng: np.random.Generator, cells: Cells, net_index: int, level: int,
                  frames: dict[Cell, tuple[Vec, Vec, Vec]], opposite: dict[Cell, Cell], target: float,
                  tol: float) -> Item | None:
        have = set(cells)
        asked = cells[int(rng.integers(6))]
        key_cell = opposite[asked]
        neighbours = [c for c in cells if c not in (asked, key_cell)]
        drop = neighbours[int(rng.integers(4))]
        shown = [c for c in neighbours if c != drop]

        def far(c: Cell) -> int:
            return abs(c[0] - asked[0]) + abs(c[1] - asked[1])

        features = {"net": level, "bent": int(not straight(asked, key_cell, have)),
                    "lure": int(any(far(c) >= far(key_cell) for c in shown))}
        b = model_b("opposite", features)
        if abs(b - target) > tol:
            return None
        marks = self._marks(rng, cells)
        name = self.words["names"]
        order = [int(i) for i in rng.permutation(4)]
        built = [(key_cell, None)] + [(c, self.words["mistakes"][net_relation(asked, c)].format(
            face=name[marks[c][0]], asked=name[marks[asked][0]])) for c in shown]
        options = tuple(Option(name[marks[built[j][0]][0]][0].upper() + name[marks[built[j][0]][0]][1:], None,
                               built[j][1]) for j in order)
        key = order.index(0)
        around = [name[marks[c][0]] for c in neighbours]
        rule = "explanation_straight" if not features["bent"] else "explanation_bent"
        explanation = " ".join([
            self.words["explanation_opposite"].format(
                asked=name[marks[asked][0]], key=name[marks[key_cell][0]], letter=LETTERS[key],
                around=", ".join(around[:-1]) + self.words["and"] + around[-1]),
            self.words[rule].format(asked=name[marks[asked][0]], key=name[marks[key_cell][0]]),
            *(self.words["explanation_wrong"].format(letter=LETTERS[i], why=built[j][1])
              for i, j in enumerate(order) if j),
        ])
        prompts = self.words["prompt_opposite"]
        prompt = prompts[int(rng.integers(len(prompts)))].format(asked=name[marks[asked][0]])
        return self._item(cells, net_index, marks, [], prompt, options, key, explanation, "opposite", features,
                          {"asked": list(asked)}, time_s=20.0 + 6 * features["bent"], level=level)

    def _cube(self, rng: np.random.Generator, cells: Cells, net_index: int, level: int, mode: int,
              frames: dict[Cell, tuple[Vec, Vec, Vec]], opposite: dict[Cell, Cell], target: float,
              tol: float) -> Item | None:
        have = set(cells)
        by_normal = {f[0]: cell for cell, f in frames.items()}
        turns = rotations()
        m_key = turns[int(rng.integers(len(turns)))]
        inverse = tuple(zip(*m_key, strict=True))
        key_cells = [by_normal[apply(inverse, FRAMES[pos][0])] for pos in POSITIONS]  # type: ignore[arg-type]
        apart = sum(1 for a, b in itertools.combinations(key_cells, 2)
                     if abs(a[0] - b[0]) + abs(a[1] - b[1]) != 1)
        oriented = int(rng.integers(1, 4))
        marks = self._marks(rng, cells, key_cells, oriented)
        faces = cube_faces(frames, marks)
        key_view = render(faces, m_key)
        name = self.words["names"]
        mk = self.words["mistakes"]

        def impossible(r: np.random.Generator) -> tuple[View, str, bool]:
            """Another corner's view with one face swapped for the face opposite another one."""
            m = turns[int(r.integers(len(turns)))]
            inv = tuple(zip(*m, strict=True))
            shown = [by_normal[apply(inv, FRAMES[pos][0])] for pos in POSITIONS]  # type: ignore[arg-type]
            view = list(render(faces, m))
            i, j = (int(x) for x in r.choice(3, size=2, replace=False))  # replace face i by opposite(j)
            swap = opposite[shown[j]]
            symbol, pointer = marks[swap]
            n = FRAMES[POSITIONS[i]][0]
            dirs = [d for d in ((1, 0, 0), (0, 1, 0), (0, 0, 1), (-1, 0, 0), (0, -1, 0), (0, 0, -1)) if dot(d, n) == 0]
            if SYMBOLS[symbol][1] == "corner":
                dirs = [comb(1, a, 1, b) for a, b in itertools.combinations(dirs, 2) if dot(a, b) == 0]
            p = dirs[int(r.integers(len(dirs)))] if pointer is not None else None
            view[i] = (symbol, canon(symbol, p))
            why = mk["opposite_pair"].format(a=name[marks[shown[j]][0]], b=name[symbol])
            return tuple(view), why, not straight(shown[j], swap, have)  # type: ignore[return-value]

        bent = 0
        if mode == 0:
            built = [(key_view, None)]
            for _ in range(12):  # each distractor shows a different opposite pair (a cube has three)
                view, why, is_bent = impossible(rng)
                if all(why != w for _, w in built):
                    built.append((view, why))
                    bent = max(bent, int(is_bent))
                if len(built) == 4:
                    break
            else:
                return None
        elif mode == 1:
            view, why, is_bent = impossible(rng)
            bent = int(is_bent)
            pair = "mirror" if rng.random() < 0.6 else "turn"
            if pair == "mirror":
                twin, twin_w = mirrored(key_view), mk["mirror"]
                other, other_w = mirrored(view), why + mk["also_mirrored"]
            else:
                found = self._turnable(rng, key_view)
                if found is None:
                    return None
                index, quarters = found
                twin = turned(key_view, index, quarters)
                twin_w = mk["turned"].format(face=name[key_view[index][0]])
                other = turned(view, index, quarters)
                other_w = why + mk["also_turned"].format(face=name[view[index][0]])
            built = [(key_view, None), (twin, twin_w), (view, why), (other, other_w)]
        else:
            found = self._turnable(rng, key_view)
            if found is None:
                return None
            index, quarters = found
            face = name[key_view[index][0]]
            t = turned(key_view, index, quarters)
            built = [(key_view, None), (mirrored(key_view), mk["mirror"]), (t, mk["turned"].format(face=face)),
                     (mirrored(t), mk["mirror_turned"].format(face=face))]
        views = [v for v, _ in built]
        if len(set(views)) < 4 or any(self._reachable(faces, v) for v in views[1:]):
            return None
        features = {"net": level, "apart": apart, "oriented": oriented, "bent": bent if mode < 2 else 0,
                    "mode": mode}
        b = model_b("cube", features)
        if abs(b - target) > tol:
            return None
        order = [int(i) for i in rng.permutation(4)]
        key = order.index(0)
        options = tuple(Option(self.words["option"].format(letter=LETTERS[i]), None, built[j][1])
                        for i, j in enumerate(order))
        explanation = " ".join([
            self._explain_key(faces, m_key, key),
            *(self.words["explanation_wrong"].format(letter=LETTERS[i], why=built[j][1])
              for i, j in enumerate(order) if j),
            self.words["explanation_hint"],
        ])
        prompts = self.words["prompt_cube"]
        prompt = prompts[int(rng.integers(len(prompts)))].format(last=LETTERS[3])
        shown = [views[j] for j in order]
        return self._item(cells, net_index, marks, shown, prompt, options, key, explanation, "cube", features,
                          {}, time_s=35.0 + 8 * apart + 10 * mode, level=level)

    @staticmethod
    def _turnable(rng: np.random.Generator, view: View) -> tuple[int, int] | None:
        """A position whose marking a turn changes, and by how many quarter turns."""
        choices = [(i, q) for i, (s, _) in enumerate(view) for q in (1, 2, 3) if SYMBOLS[s][0] < 4
                   and not (SYMBOLS[s][0] == 2 and q == 2)]
        if not choices:
            return None
        return choices[int(rng.integers(len(choices)))]

    @staticmethod
    def _reachable(faces: dict[Vec, Face], view: View) -> bool:
        return any(render(faces, m) == view for m in rotations())

    def _explain_key(self, faces: dict[Vec, Face], m: tuple[Vec, Vec, Vec], key: int) -> str:
        """Which three faces meet at the key's corner, and where each direction points on the cube."""
        name = self.words["names"]
        inverse = tuple(zip(*m, strict=True))
        normals = [apply(inverse, FRAMES[pos][0]) for pos in POSITIONS]  # type: ignore[arg-type]
        syms = [faces[n][0] for n in normals]
        parts = [self.words["explanation_key"].format(letter=LETTERS[key], top=name[syms[0]], left=name[syms[1]],
                                                      right=name[syms[2]])]
        for n in normals:
            symbol, p = faces[n]
            if p is None or SYMBOLS[symbol][0] == 4:
                continue
            if SYMBOLS[symbol][1] == "edge":
                ends = [p] if SYMBOLS[symbol][0] == 1 else [p, neg(p)]
                targets = [name[faces[e][0]] for e in ends]
                key_text = "points_edge" if len(ends) == 1 else "runs_edge"
            else:
                axes = [a for a in ((1, 0, 0), (0, 1, 0), (0, 0, 1)) if dot(a, p) != 0]
                first, second = (comb(dot(a, p), a, 0, a) for a in axes)
                targets = [name[faces[first][0]], name[faces[second][0]]]
                if SYMBOLS[symbol][0] == 2:
                    targets += [name[faces[neg(first)][0]], name[faces[neg(second)][0]]]
                key_text = "points_corner" if len(targets) == 2 else "runs_corner"
            padded = [*targets, "", "", ""]
            parts.append(self.words[key_text].format(face=name[symbol][0].upper() + name[symbol][1:],
                                                     a=padded[0], b=padded[1], c=padded[2], d=padded[3]))
        return " ".join(parts)

    def _item(self, cells: Cells, net_index: int, marks: dict[Cell, tuple[str, Pointer]], views: Sequence[View],
              prompt: str, options: tuple[Option, ...], key: int, explanation: str, question: str,
              features: dict[str, int], extra: dict[str, Any], time_s: float, level: int) -> Item:
        net = [[r, c, marks[(r, c)][0], None if marks[(r, c)][1] is None else list(marks[(r, c)][1])]
               for r, c in cells]
        stored_views = [[[s, None if p is None else list(p)] for s, p in v] for v in views]
        content = "|".join([question, ";".join(f"{r},{c},{s},{p}" for r, c, s, p in net), str(extra.get("asked")),
                            ";".join(sorted(str(v) for v in stored_views))])
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            figure=self.figure(cells, marks, views), explanation=explanation,
            difficulty=model_b(question, features), discrimination=round(1.0 + 0.05 * level, 3),
            time_s=time_s, options=options, key=key,
            params={"question": question, "squares": net, "net_index": net_index, "views": stored_views,
                    **features, **extra, "content": content, "spread": [f"net:{net_index}"]},
        )

    # -- text and figure -----------------------------------------------------------------------
    def describe_face(self, pos: str, face: Face) -> str:
        symbol, p = face
        w = self.words["faces"]
        where = self.words["where"][pos]
        lp = local(pos, p)
        if lp is None or SYMBOLS[symbol][0] == 4:
            return w[symbol]
        key = f"{lp[0]},{lp[1]}"
        back = f"{-lp[0]},{-lp[1]}"
        return w[symbol].format(to=where[key], back=where[back])

    def describe_net(self, cells: Cells, marks: dict[Cell, tuple[str, Pointer]]) -> list[str]:
        w = self.words["faces"]
        where = self.words["where"]["net"]
        out = []
        for r in range(max(r for r, _ in cells) + 1):
            row = []
            for c in sorted(c for rr, c in cells if rr == r):
                symbol, p = marks[(r, c)]
                text = w[symbol] if p is None or SYMBOLS[symbol][0] == 4 else w[symbol].format(
                    to=where[f"{p[0]},{p[1]}"], back=where[f"{-p[0]},{-p[1]}"])
                row.append(self.words["net_square"].format(column=c + 1, text=text))
            out.append(self.words["net_row"].format(row=r + 1, squares="; ".join(row)))
        return out

    def figure(self, cells: Cells, marks: dict[Cell, tuple[str, Pointer]], views: Sequence[View]) -> Svg:
        rows = max(r for r, _ in cells) + 1
        lines = [self.words["text_net"], *("  " + line for line in net_text(cells, marks))]
        used = [s for s in SYMBOLS if any(m[0] == s for m in marks.values())]
        legend = self.words["legend"] + "; ".join(self.words["legend_items"][s] for s in used)
        lines += textwrap.wrap(legend, 76)
        described = []
        for i, view in enumerate(views):
            text = self.words["cube"].format(letter=LETTERS[i], **{pos: self.describe_face(pos, f)
                                                                    for pos, f in zip(POSITIONS, view, strict=True)})
            described.append(text)
            lines += textwrap.wrap(text, 76)
        alt = " ".join([self.words["alt"].format(rows=rows), *self.describe_net(cells, marks), *described])
        return Svg(svg=svg_figure(cells, marks, views, alt), text="\n".join(lines), alt=alt)

    # -- check --------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        p = item.params
        try:
            net = [(int(r), int(c), str(s), None if d is None else (int(d[0]), int(d[1])))
                   for r, c, s, d in p["squares"]]
            views = [tuple((str(s), None if d is None else tuple(int(x) for x in d)) for s, d in v) for v in p["views"]]
        except (KeyError, TypeError, ValueError) as exc:
            raise ItemCheckError(f"item {item.id}: malformed params ({exc})") from None
        cells = tuple((r, c) for r, c, _, _ in net)
        marks = {(r, c): (s, d) for r, c, s, d in net}
        if len(set(cells)) != 6 or any(s not in SYMBOLS for _, _, s, _ in net) or len({s for *_, s, _ in net}) != 6:
            raise ItemCheckError(f"item {item.id}: the net needs six squares with six different markings")
        faces = fold_by_hinges(cells, marks)
        if faces is None:
            raise ItemCheckError(f"item {item.id}: the squares do not fold into a cube")
        if item.figure is None or item.figure.to_dict() != self.figure(cells, marks, views).to_dict():  # type: ignore[arg-type]
            raise ItemCheckError(f"item {item.id}: the figure does not show the item's net and cubes")
        if p["question"] == "opposite":
            asked = (int(p["asked"][0]), int(p["asked"][1]))
            normal = next(n for n, (cell, _, _) in faces.items() if cell == asked)
            far = faces[neg(normal)][1]
            names = self.words["names"]
            texts = [o.text.lower() for o in item.options]
            require_single_key(item, [i for i, t in enumerate(texts) if t == names[far].lower()])
            return
        if len(views) != len(item.options):
            raise ItemCheckError(f"item {item.id}: {len(views)} cubes drawn for {len(item.options)} options")
        if len(set(views)) != len(views):
            raise ItemCheckError(f"item {item.id}: two options show the same cube")
        seen = all_views(faces)
        require_single_key(item, [i for i, v in enumerate(views) if v in seen])


def fold_by_hinges(cells: Cells,
                   marks: dict[Cell, tuple[str, Pointer]]) -> dict[Vec, tuple[Cell, str, Vec | None]] | None:
    """A second fold, by geometry: every square's corners turned about the hinge edges.

    Coordinates are doubled so that every point is an integer: square (r, c) spans x 2c..2c+2 and
    y -2r-2..-2r on the paper (z = 0). Each square's placement is an integer map p -> R p + t,
    its parent's placement after a quarter turn about the shared edge, away from the reader
    (Rodrigues' formula with axis a = z x D: R v = (a.v) a + a x v). The cube's centre lies one
    (half-)unit behind the first square; a square's outward normal is its folded centre minus the
    cube's centre. None unless six squares land on six faces."""
    have = set(cells)
    start = cells[0]
    place: dict[Cell, tuple[tuple[Vec, Vec, Vec], Vec]] = {start: (((1, 0, 0), (0, 1, 0), (0, 0, 1)), (0, 0, 0))}
    todo = [start]
    while todo:
        cell = todo.pop()
        r, c = cell
        rot, shift = place[cell]
        for nb, direction, hinge in (((r, c + 1), (1, 0, 0), (2 * c + 2, -2 * r, 0)),
                                     ((r, c - 1), (-1, 0, 0), (2 * c, -2 * r, 0)),
                                     ((r - 1, c), (0, 1, 0), (2 * c, -2 * r, 0)),
                                     ((r + 1, c), (0, -1, 0), (2 * c, -2 * r - 2, 0))):
            if nb not in have or nb in place:
                continue
            axis = cross((0, 0, 1), direction)
            # row i of R: R[i][j] = a_i a_j + (a x e_j)_i
            rows = tuple(tuple(axis[i] * axis[j] + cross(axis, _unit(j))[i] for j in range(3)) for i in range(3))
            # composed placement: p -> rot (R (p - h) + h) + shift
            new_rot = tuple(tuple(sum(rot[i][k] * rows[k][j] for k in range(3)) for j in range(3)) for i in range(3))
            h_moved = comb(1, hinge, -1, apply(rows, hinge))  # type: ignore[arg-type]
            new_shift = comb(1, apply(rot, h_moved), 1, shift)
            place[nb] = (new_rot, new_shift)  # type: ignore[assignment]
            todo.append(nb)
    r0, c0 = start
    centre = (2 * c0 + 1, -2 * r0 - 1, -1)
    out: dict[Vec, tuple[Cell, str, Vec | None]] = {}
    for cell, (rot, shift) in place.items():
        r, c = cell
        folded = comb(1, apply(rot, (2 * c + 1, -2 * r - 1, 0)), 1, shift)
        normal = comb(1, folded, -1, centre)
        if sorted(map(abs, normal)) != [0, 0, 1]:
            return None
        symbol, pointer = marks[cell]
        out[normal] = (cell, symbol, None if pointer is None else apply(rot, (pointer[0], pointer[1], 0)))
    return out if len(out) == 6 and len(place) == 6 else None


def _unit(j: int) -> Vec:
    return ((1, 0, 0), (0, 1, 0), (0, 0, 1))[j]


def all_views(folded: dict[Vec, tuple[Cell, str, Vec | None]]) -> set[View]:
    """Every picture the folded cube can give: for each of the 24 turns (found here by turning the
    cube about the vertical and then tipping which face is on top) the three visible faces."""
    out = set()
    axes = ((1, 0, 0), (-1, 0, 0), (0, 1, 0), (0, -1, 0), (0, 0, 1), (0, 0, -1))
    for up in axes:  # which face of the cube is turned to the top
        for front in axes:  # and which to the reader's left-hand side
            if dot(up, front) != 0:
                continue
            # The turn takes `up` to the top (+z) and `front` to the left-hand side (-y); the
            # right-hand side (+x) then shows the face completing a right-handed frame.
            want = {(0, 0, 1): up, (0, -1, 0): front, (1, 0, 0): cross(neg(front), up)}
            # the turn maps cube vector v to view: rows are the cube vectors of view axes x, y, z
            m = (want[(1, 0, 0)], neg(want[(0, -1, 0)]), want[(0, 0, 1)])
            view = []
            for pos in POSITIONS:
                n = want[FRAMES[pos][0]]
                _, symbol, p = folded[n]
                view.append((symbol, canon(symbol, None if p is None else apply(m, p))))
            out.add(tuple(view))
    return out  # type: ignore[return-value]
