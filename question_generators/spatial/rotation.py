"""Mental rotation: which candidate is the target polyomino turned in the plane, not flipped?

The target is a polyomino of 5-9 squares inside a 4 x 4 box that is chiral (its mirror image is
no rotation of it, otherwise a mirror image would also be a correct answer) and has no rotational
symmetry (so every turn shows a new picture). The options come in mirror pairs, so the options
alone say nothing about which is the key, and every option is drawn with exactly the key's
bounding box (same width and height on screen), so the outline gives nothing away either:

    key          the target turned 90, 180 or 270 degrees
    mirror       the target flipped, then turned
    moved        a same-piece variant: one square of the target moved elsewhere, keeping the
                 bounding box, turned
    moved mirror that variant flipped, then turned

Four options (one variant) or six (two variants).

Difficulty model (IRT logit b), from the mental-rotation literature (Shepard & Metzler 1971;
Vandenberg & Kuse 1978): more squares to hold, a quarter turn (harder than a half turn, whose
picture is a simple reversal), more near-identical distractors, and a variant whose moved square
only slides to a neighbouring place (a subtle difference) all add:

    b = -2.5 + 0.45 * (cells - 5) + 0.8 * quarter + 0.6 * six_options + 0.5 * near_move

so b runs from -2.5 to +1.2: rotating a flat polyomino is not as hard as the hardest matrices,
and the family says so (difficulty_range = (-2.5, 1.0)). generate() draws a target b (the
request plus a seeded jitter, sd 0.2) and a plan within 0.25 of it. a = 1.0 + 0.05 * (cells - 5);
typical time 20 s + 4 s per square beyond 5 + 6 s for a quarter turn + 8 s for six options.

check() reads the target and the option grids from the item, confirms that the text figure
shows exactly them, and compares canonical forms: an option is correct exactly when its
canonical form under the four rotations equals the target's; it also proves that the target is
chiral (its rotation class differs from its mirror's) and that every option has the key's
bounding box.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import ClassVar

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    phrases_for,
    require_single_key,
)
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import LETTERS, Item, Option

PACKAGE = "question_generators.spatial"
BOX = 4
WEIGHTS = {"extra_cells": 0.45, "quarter": 0.8, "six": 0.6, "near": 0.5}
INTERCEPT = -2.5
JITTER, WINDOW = 0.2, 0.25
# Every plan: (cells, quarter turn, six options, near move) and its b.
PLANS = tuple(((n, q, six, near), round(INTERCEPT + WEIGHTS["extra_cells"] * (n - 5) + WEIGHTS["quarter"] * q
                                        + WEIGHTS["six"] * six + WEIGHTS["near"] * near, 3))
              for n in range(5, 10) for q in (0, 1) for six in (0, 1) for near in (0, 1))
Cells = tuple[tuple[int, int], ...]  # (row, column) pairs, normalised and sorted


# -- geometry -----------------------------------------------------------------------------------
def normalise(cells: Iterable[tuple[int, int]]) -> Cells:
    cells = list(cells)
    r0 = min(r for r, _ in cells)
    c0 = min(c for _, c in cells)
    return tuple(sorted((r - r0, c - c0) for r, c in cells))


@cache
def rotate(cells: Cells, quarter_turns: int) -> Cells:
    """Turn clockwise by 90 degrees `quarter_turns` times (row r, column c -> row c, column -r)."""
    out = cells
    for _ in range(quarter_turns % 4):
        out = normalise((c, -r) for r, c in out)
    return out


@cache
def mirror(cells: Cells) -> Cells:
    return normalise((r, -c) for r, c in cells)


@cache
def rotation_class(cells: Cells) -> Cells:
    """Canonical form under the four rotations: the smallest of them."""
    return min(rotate(cells, k) for k in range(4))


def size_of(cells: Cells) -> tuple[int, int]:
    return max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1


def connected(cells: set[tuple[int, int]]) -> bool:
    start = next(iter(cells))
    seen = {start}
    todo = [start]
    while todo:
        r, c = todo.pop()
        for n in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
            if n in cells and n not in seen:
                seen.add(n)
                todo.append(n)
    return len(seen) == len(cells)


@cache
def chiral_and_asymmetric(cells: Cells) -> bool:
    """No mirror symmetry (the flip is no rotation) and no rotational symmetry."""
    turns = {rotate(cells, k) for k in range(4)}
    return len(turns) == 4 and rotation_class(mirror(cells)) != rotation_class(cells)


def _neighbours(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    have = set(cells)
    out = {(r + dr, c + dc) for r, c in have for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1))}
    return sorted(out - have)


def _fits(cells: Iterable[tuple[int, int]]) -> bool:
    cells = list(cells)
    return (max(r for r, _ in cells) - min(r for r, _ in cells) < BOX
            and max(c for _, c in cells) - min(c for _, c in cells) < BOX)


def grow(rng: np.random.Generator, n: int) -> Cells | None:
    """A random polyomino of n squares inside the box, grown square by square; None unless it is
    chiral and without rotational symmetry."""
    cells = [(0, 0)]
    r0 = r1 = c0 = c1 = 0  # the bounding box so far
    while len(cells) < n:
        options = [(r, c) for r, c in _neighbours(cells)
                   if max(r1, r) - min(r0, r) < BOX and max(c1, c) - min(c0, c) < BOX]
        if not options:
            return None
        r, c = options[int(rng.integers(len(options)))]
        cells.append((r, c))
        r0, r1, c0, c1 = min(r0, r), max(r1, r), min(c0, c), max(c1, c)
    shape = normalise(cells)
    return shape if chiral_and_asymmetric(shape) else None


@lru_cache(maxsize=8192)
def variants(shape: Cells, near: bool) -> tuple[Cells, ...]:
    """Every shape made by moving one square of `shape` elsewhere while keeping its bounding box:
    connected, chiral, without rotational symmetry, not congruent to the shape, one per rotation
    class, in a fixed order; `near`: the square only slides to a neighbouring place (a side or a
    corner away), else it jumps further."""
    h, w = size_of(shape)
    forms = {rotation_class(shape), rotation_class(mirror(shape))}
    out: dict[Cells, Cells] = {}
    for i, old in enumerate(shape):
        rest = shape[:i] + shape[i + 1:]
        if not connected(set(rest)):
            continue
        for cell in _neighbours(rest):
            if cell == old or near != (max(abs(cell[0] - old[0]), abs(cell[1] - old[1])) == 1):
                continue
            rows = [r for r, _ in rest] + [cell[0]]
            cols = [c for _, c in rest] + [cell[1]]
            if max(rows) - min(rows) + 1 != h or max(cols) - min(cols) + 1 != w:
                continue  # the same box, so the outline gives nothing away
            new = normalise([*rest, cell])
            form = rotation_class(new)
            if form in forms or form in out or not chiral_and_asymmetric(new):
                continue
            out[form] = new
    return tuple(out.values())


def moved_variant(rng: np.random.Generator, shape: Cells, near: bool,
                  avoid: frozenset[Cells] = frozenset()) -> Cells | None:
    """A random same-box variant of `shape` (see variants) whose form is not in `avoid`."""
    found = [v for v in variants(shape, near) if rotation_class(v) not in avoid]
    return found[int(rng.integers(len(found)))] if found else None


# -- rendering ----------------------------------------------------------------------------------
def grid_lines(cells: Cells, box: int = BOX) -> list[str]:
    have = set(cells)
    return [" ".join("#" if (r, c) in have else "." for c in range(box)) for r in range(box)]


def parse_grid(lines: Sequence[str]) -> Cells:
    return normalise((r, c) for r, line in enumerate(lines) for c, ch in enumerate(line.split()) if ch == "#")


def text_figure(labels: Sequence[str], shapes: Sequence[Cells]) -> str:
    width = 2 * BOX - 1
    blocks = [grid_lines(s) for s in shapes]
    head = "   ".join(label.ljust(width) for label in labels).rstrip()
    rows = ["   ".join(b[i] for b in blocks) for i in range(BOX)]
    return "\n".join([head, *rows])


UNIT = 24  # px per square: no figure element under 24 px
FILL = "#56B4E9"  # Okabe-Ito sky blue: readable for colour-blind readers, mid-grey in print


def _svg_shape(cells: Cells, x: float, y: float) -> str:
    h, w = size_of(cells)
    ox = x + (BOX - w) * UNIT / 2
    oy = y + (BOX - h) * UNIT / 2
    return "".join(f'<rect x="{ox + c * UNIT:.0f}" y="{oy + r * UNIT:.0f}" width="{UNIT}" height="{UNIT}"/>'
                   for r, c in cells)


def svg_figure(labels: Sequence[str], shapes: Sequence[Cells], title: str) -> str:
    """The target alone in the first row, the options below it in rows of up to four."""
    box = BOX * UNIT
    slot = box + 12 + 20  # frame plus the gap to the next frame
    per_row = 4 if len(shapes) - 1 <= 4 else 3
    width = 16 + per_row * slot - 20 + 16
    parts = []
    for i, (label, cells) in enumerate(zip(labels, shapes, strict=True)):
        if i == 0:
            x, y = (width - box) / 2, 24.0
        else:
            r, c = divmod(i - 1, per_row)
            x, y = 22 + c * slot, 24 + (box + 12 + 34) * (r + 1)
        parts.append(f'<text x="{x + box / 2:.0f}" y="{y - 12:.0f}" text-anchor="middle" font-size="14" '
                     f'font-weight="bold" fill="#1a1a1a" stroke="none">{label}</text>')
        frame = "#0072B2" if i == 0 else "#999999"
        parts.append(f'<rect x="{x - 6:.0f}" y="{y - 6:.0f}" width="{box + 12}" height="{box + 12}" '
                     f'fill="#ffffff" stroke="{frame}" stroke-width="{2 if i == 0 else 1}"/>')
        parts.append(f'<g fill="{FILL}" stroke="#1a1a1a" stroke-width="1.5">{_svg_shape(cells, x, y)}</g>')
    rows = 1 + -(-(len(shapes) - 1) // per_row)
    height = 24 + (box + 12 + 34) * (rows - 1) + box + 12
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" '
            f'height="{height:.0f}" font-family="sans-serif"><title>{title}</title>{"".join(parts)}</svg>')


# -- the generator ------------------------------------------------------------------------------
class RotationGenerator(BaseGenerator):
    """Mental rotation: which candidate is the target shape turned, not flipped?

    See the module docstring for the shapes, the mirror-pair options and the difficulty model
    (squares, quarter or half turn, number of options, a subtle moved square).
    """

    family = "spatial.rotation"
    section = "spatial"
    version = 3
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    title = "Shape rotation"
    difficulty_range: ClassVar[tuple[float, float]] = (-2.5, 1.0)

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.words = phrases_for(PACKAGE, lang)["rotation"]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target = difficulty + float(rng.normal(0.0, JITTER))
        gaps = [abs(b - target) for _, b in PLANS]
        limit = WINDOW if min(gaps) <= WINDOW else min(gaps) + 0.05
        near = [plan for (plan, _), gap in zip(PLANS, gaps, strict=True) if gap <= limit]
        plan = near[int(rng.integers(len(near)))]
        return self.redraw(rng, lambda r: self._attempt(r, *plan))

    def _turned_like(self, rng: np.random.Generator, shape: Cells, box: tuple[int, int]) -> Cells:
        """`shape` turned by a random angle that gives it the bounding box `box`."""
        turns = [k for k in range(4) if size_of(rotate(shape, k)) == box]
        return rotate(shape, turns[int(rng.integers(len(turns)))])

    def _attempt(self, rng: np.random.Generator, n: int, quarter: int, six: int, near: int) -> Item | None:
        target = grow(rng, n)
        if target is None:
            return None
        variants: list[Cells] = []
        for _ in range(1 + six):
            other = moved_variant(rng, target, bool(near), frozenset(rotation_class(v) for v in variants)
                                  | frozenset(rotation_class(mirror(v)) for v in variants))
            if other is None:
                return None
            variants.append(other)
        turn = int(rng.choice([1, 3])) if quarter else 2
        key_shape = rotate(target, turn)
        box = size_of(key_shape)
        mistakes = self.words["mistakes"]
        built = [(key_shape, None, "key"), (self._turned_like(rng, mirror(target), box), mistakes["mirror"], "mirror")]
        for other in variants:
            built.append((self._turned_like(rng, other, box), mistakes["moved"], "moved"))
            built.append((self._turned_like(rng, mirror(other), box), mistakes["moved_mirror"], "moved_mirror"))
        order = [int(i) for i in rng.permutation(len(built))]
        shapes = [built[i][0] for i in order]
        if len(set(shapes)) < len(shapes) or target in shapes:
            return None
        key = order.index(0)
        options = tuple(Option(self.words["option"].format(letter=LETTERS[i]), None, built[j][1])
                        for i, j in enumerate(order))
        features = {"extra_cells": n - 5, "quarter": quarter, "six": six, "near": near}
        prompts = self.words["prompt"]
        explanation = []
        for i, j in enumerate(order):
            kind = built[j][2]
            if kind == "key":
                explanation.insert(0, self.words["explanation_key"].format(
                    letter=LETTERS[i], angle=self.words["angles"][str(turn)]))
            else:
                explanation.append(self.words[f"explanation_{kind}"].format(letter=LETTERS[i]))
        explanation.append(self.words["explanation_hint"])
        content = "r|" + ";".join("".join(grid_lines(s)).replace(" ", "") for s in [target, *sorted(shapes)])
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompts[int(rng.integers(len(prompts)))].format(last=LETTERS[len(shapes) - 1]),
            figure=self._figure(target, shapes), explanation=" ".join(explanation),
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features),
            discrimination=round(1.0 + 0.05 * (n - 5), 3),
            time_s=20.0 + 4 * (n - 5) + 6 * quarter + 8 * six, options=options, key=key,
            params={"cells": n, **features, "turn": turn, "kinds": [built[j][2] for j in order],
                    "target": [list(c) for c in target], "shapes": [[list(c) for c in s] for s in shapes],
                    "content": content},  # no spread key: with two turn kinds, 12 ramped items cannot alternate
        )

    def _figure(self, target: Cells, shapes: Sequence[Cells]) -> Svg:
        labels = [self.words["target"], *LETTERS[: len(shapes)]]
        all_shapes = [target, *shapes]
        sep = self.words["row_sep"]
        described = [self.words["alt_shape"].format(label=label, rows=sep.join(grid_lines(s)).replace(" ", ""))
                     for label, s in zip(labels[1:], shapes, strict=True)]
        alt = self.words["alt"].format(cells=len(target), count=len(shapes), last=LETTERS[len(shapes) - 1],
                                       target=sep.join(grid_lines(target)).replace(" ", ""),
                                       options="; ".join(described))
        return Svg(svg=svg_figure(labels, all_shapes, alt), text=text_figure(labels, all_shapes), alt=alt)

    # -- check --------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        if item.figure is None:
            raise ItemCheckError(f"item {item.id}: no figure")
        lines = item.figure.to_text().splitlines()[1:]
        if len(lines) != BOX:
            raise ItemCheckError(f"item {item.id}: the text figure is not a row of {BOX}-line grids")
        width = 2 * BOX - 1
        blocks = [[line[i * (width + 3): i * (width + 3) + width] for line in lines]
                  for i in range(len(item.options) + 1)]
        target, *shapes = (parse_grid(b) for b in blocks)
        stored = [normalise(map(tuple, x)) for x in [item.params["target"], *item.params["shapes"]]]
        if [target, *shapes] != stored:
            raise ItemCheckError(f"item {item.id}: the text figure does not show the item's shapes")
        if not connected(set(target)) or rotation_class(target) == rotation_class(mirror(target)):
            raise ItemCheckError(f"item {item.id}: the target is mirror-symmetric, a flip would be a rotation")
        if len(set(shapes)) != len(shapes):
            raise ItemCheckError(f"item {item.id}: two options show the same picture")
        if len({size_of(s) for s in shapes}) != 1:
            raise ItemCheckError(f"item {item.id}: the options' outlines differ, the box would give the key away")
        goal = rotation_class(target)
        require_single_key(item, [i for i, s in enumerate(shapes) if rotation_class(s) == goal])
