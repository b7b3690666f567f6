"""Mental rotation: which candidate is the target polyomino turned in the plane, not flipped?

The target is a polyomino of 5-8 squares inside a 4 x 4 box that is chiral (its mirror image is
no rotation of it, otherwise a mirror image would also be a correct answer) and has no rotational
symmetry (so every turn shows a new picture). The four options form two mirror pairs, so the
options alone say nothing about which is the key:

    key          the target turned 90, 180 or 270 degrees
    mirror       the target flipped, then turned
    moved        a different shape (one square of the target moved elsewhere), turned
    moved mirror that different shape flipped, then turned

Difficulty model (IRT logit b). With p = (difficulty + 3) / 6 and a seeded jitter:
cells = 5 + level_of(difficulty, 4) (5-8 squares); a quarter turn (90 or 270 degrees, harder
than a half turn) with probability 0.3 + 0.5 p; the moved square keeping the bounding box (so the
outline gives nothing away) with probability p. Then

    b = -2.4 + 0.75 * (cells - 5) + 0.9 * quarter + 1.2 * same_box

a = 1.0 + 0.05 * (cells - 5); typical time 20 s + 4 s per square beyond 5 + 6 s for a quarter
turn.

check() reads the target and the option grids from the item, confirms that the text figure
shows exactly them, and compares canonical forms: an option is correct exactly when its
canonical form under the four rotations equals the target's; it also proves that the target is
chiral (its rotation class differs from its mirror's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    level_of,
    linear_difficulty,
    phrases_for,
    require_single_key,
)
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import LETTERS, Item, Option

PACKAGE = "question_generators.spatial"
BOX = 4
WEIGHTS = {"extra_cells": 0.75, "quarter": 0.9, "same_box": 1.2}
INTERCEPT = -2.4
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


def moved_variant(rng: np.random.Generator, shape: Cells, same_box: bool) -> Cells | None:
    """The shape with one square moved elsewhere: connected, chiral, not congruent to the shape."""
    forms = {rotation_class(shape), rotation_class(mirror(shape))}
    moves = [(i, cell) for i in range(len(shape)) for cell in _neighbours(shape[:i] + shape[i + 1:])
             if cell != shape[i]]
    for k in rng.permutation(len(moves)):  # a random valid move: stop at the first one
        i, cell = moves[int(k)]
        rest = shape[:i] + shape[i + 1:]
        if not connected(set(rest)) or not _fits([*rest, cell]):
            continue
        new = normalise([*rest, cell])
        if same_box != (sorted(size_of(new)) == sorted(size_of(shape))):
            continue
        if rotation_class(new) in forms or not chiral_and_asymmetric(new):
            continue
        return new
    return None


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


UNIT = 16
FILL = "#56B4E9"  # Okabe-Ito sky blue: readable for colour-blind readers, mid-grey in print


def _svg_shape(cells: Cells, x: float, y: float) -> str:
    h, w = size_of(cells)
    ox = x + (BOX - w) * UNIT / 2
    oy = y + (BOX - h) * UNIT / 2
    return "".join(f'<rect x="{ox + c * UNIT:.0f}" y="{oy + r * UNIT:.0f}" width="{UNIT}" height="{UNIT}"/>'
                   for r, c in cells)


def svg_figure(labels: Sequence[str], shapes: Sequence[Cells], title: str) -> str:
    slot = BOX * UNIT + 24
    parts = []
    for i, (label, cells) in enumerate(zip(labels, shapes, strict=True)):
        x = 12 + i * slot + (24 if i else 0)
        parts.append(f'<text x="{x + BOX * UNIT / 2:.0f}" y="16" text-anchor="middle" font-size="14" '
                     f'font-weight="bold" fill="#1a1a1a" stroke="none">{label}</text>')
        frame = "#0072B2" if i == 0 else "#999999"
        parts.append(f'<rect x="{x - 6}" y="22" width="{BOX * UNIT + 12}" height="{BOX * UNIT + 12}" '
                     f'fill="#ffffff" stroke="{frame}" stroke-width="{2 if i == 0 else 1}"/>')
        parts.append(f'<g fill="{FILL}" stroke="#1a1a1a" stroke-width="1.5">{_svg_shape(cells, x, 28)}</g>')
    width = 12 + len(shapes) * slot + 24
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {BOX * UNIT + 44}" width="{width}" '
            f'height="{BOX * UNIT + 44}" font-family="sans-serif"><title>{title}</title>{"".join(parts)}</svg>')


# -- the generator ------------------------------------------------------------------------------
class RotationGenerator(BaseGenerator):
    """Mental rotation: which candidate is the target shape turned, not flipped?

    See the module docstring for the shapes, the mirror-pair options and the difficulty model
    (squares, quarter or half turn, moved square keeping the outline).
    """

    family = "spatial.rotation"
    section = "spatial"
    version = 1
    title = "Shape rotation"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.words = phrases_for(PACKAGE, lang)["rotation"]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        p = min(1.0, max(0.0, (difficulty + 3.0) / 6.0 + rng.normal(0.0, 0.08)))
        cells = 5 + level_of(difficulty, 4, rng, spread=0.4)
        quarter = bool(rng.random() < 0.3 + 0.5 * p)
        same_box = bool(rng.random() < p)
        return self.redraw(rng, lambda r: self._attempt(r, cells, quarter, same_box))

    def _attempt(self, rng: np.random.Generator, n: int, quarter: bool, same_box: bool) -> Item | None:
        target = grow(rng, n)
        if target is None:
            return None
        other = moved_variant(rng, target, same_box)
        if other is None:
            return None
        turn = int(rng.choice([1, 3])) if quarter else 2
        built = [
            (rotate(target, turn), None, "key"),
            (rotate(mirror(target), int(rng.integers(4))), self.words["mistakes"]["mirror"], "mirror"),
            (rotate(other, int(rng.integers(4))), self.words["mistakes"]["moved"], "moved"),
            (rotate(mirror(other), int(rng.integers(4))), self.words["mistakes"]["moved_mirror"], "moved_mirror"),
        ]
        order = [int(i) for i in rng.permutation(4)]
        shapes = [built[i][0] for i in order]
        if len(set(shapes)) < 4 or target in shapes:
            return None
        key = order.index(0)
        options = tuple(Option(self.words["option"].format(letter=LETTERS[i]), None, built[j][1])
                        for i, j in enumerate(order))
        features = {"extra_cells": n - 5, "quarter": int(quarter), "same_box": int(same_box)}
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
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompts[int(rng.integers(len(prompts)))].format(last=LETTERS[3]),
            figure=self._figure(target, shapes), explanation=" ".join(explanation),
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features),
            discrimination=round(1.0 + 0.05 * (n - 5), 3),
            time_s=20.0 + 4 * (n - 5) + 6 * quarter, options=options, key=key,
            params={"cells": n, **features, "turn": turn, "kinds": [built[j][2] for j in order],
                    "target": [list(c) for c in target], "shapes": [[list(c) for c in s] for s in shapes]},
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
        goal = rotation_class(target)
        require_single_key(item, [i for i, s in enumerate(shapes) if rotation_class(s) == goal])
