"""Mental rotation: which candidate is the target polyomino turned in the plane, not flipped?

The target is a polyomino of 5-12 squares (inside a 4 x 4 box up to 8 squares, a 5 x 5 box above)
that is chiral (its mirror image is no rotation of it, otherwise a mirror image would also be a
correct answer) and has no rotational symmetry (so every turn shows a new picture). Every option
is drawn with exactly the key's bounding box, so the outline gives nothing away. The options are
two "hands" of one family of pieces:

    key          the target turned 90, 180 or 270 degrees
    moved        a same-piece variant: one square of the target lifted and put in another place
                 inside the same box, turned; with six options two variants, the same square
                 put in two different places
    mirror       the target flipped, then turned
    moved mirror each variant flipped, then turned

So the key and its variants are all one square apart (the same piece less one square, completed in
two or three ways), and the mirrors likewise: the key has exactly as many near twins as every
other option. Issue 15: before v4 the six-option key had two one-square variants and each
variant only the key, so "the option with the most close relatives" found it half the time.
generate() rejects any set in which one option has more one-square twins (up to rotation) than
another, e.g. a nearly symmetric target whose mirror is one square from it, unless the variants'
mirrors are too. Each distractor's mistake names its own move (row and column of the target).

Difficulty model (IRT logit b), from the mental-rotation literature (Shepard & Metzler 1971;
Vandenberg & Kuse 1978; Bethell-Fox & Shepard 1988 on stimulus complexity): more squares to hold
(each square beyond 5 up to 9 adds 0.45, each beyond 9 another 0.35: a large piece is harder to
keep in mind and a one-square difference is a smaller part of it), a quarter turn (harder than a
half turn, whose picture is a simple reversal), six options (two near-identical variants per
hand), and a variant whose moved square only slides to a neighbouring place all add:

    b = -2.5 + 0.45 * (min(cells, 9) - 5) + 0.35 * max(cells - 9, 0) + 0.8 * quarter
        + 0.6 * six_options + 0.5 * near_move

so b runs from -2.5 to +2.25 (difficulty_range = (-2.5, 2.2)); six options need 7 squares or more
(a smaller piece seldom has two same-box variants of one square). generate() draws a target b
(the request plus a seeded jitter, sd 0.2) and a plan within 0.25 of it.
a = 1.0 + 0.05 * (min(cells, 9) - 5) + 0.03 * max(cells - 9, 0); typical time 20 s + 4 s per
square beyond 5 + 6 s for a quarter turn + 8 s for six options.

check() reads the target and the option grids back from the item's text figure, confirms that
they are the item's shapes, and compares canonical forms: an option is correct exactly when its
canonical form under the four rotations equals the target's; it also proves that the target is
chiral, that every option has the key's bounding box, and that every option has as many
one-square twins as every other.
"""

from __future__ import annotations

import itertools
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
WEIGHTS = {"extra_cells": 0.45, "big_cells": 0.35, "quarter": 0.8, "six": 0.6, "near": 0.5}
MAX_CELLS = 12
INTERCEPT = -2.5
JITTER, WINDOW = 0.2, 0.25
# Every plan: (cells, quarter turn, six options, near move) and its b.
PLANS = tuple(((n, q, six, near), round(INTERCEPT + WEIGHTS["extra_cells"] * (min(n, 9) - 5)
                                        + WEIGHTS["big_cells"] * max(n - 9, 0) + WEIGHTS["quarter"] * q
                                        + WEIGHTS["six"] * six + WEIGHTS["near"] * near, 3))
              for n in range(5, MAX_CELLS + 1) for q in (0, 1) for six in (0, 1) for near in (0, 1)
              if n >= 7 or not six)  # a piece of 5 or 6 squares seldom has two same-box variants of one square
Cells = tuple[tuple[int, int], ...]  # (row, column) pairs, normalised and sorted


# -- geometry -----------------------------------------------------------------------------------
def normalise(cells: Iterable[tuple[int, int]]) -> Cells:
    cells = list(cells)
    r0 = min(r for r, _ in cells)
    c0 = min(c for _, c in cells)
    return tuple(sorted((r - r0, c - c0) for r, c in cells))


def turns(cells: Iterable[tuple[int, int]]) -> tuple[Cells, Cells, Cells, Cells]:
    """The piece turned clockwise by 0, 1, 2 and 3 quarter turns (row r, column c -> row c,
    column -r), each shifted to the corner; written out in one pass because the near-twin test
    calls it for every piece with a square taken away."""
    cells = list(cells)
    rs = [r for r, _ in cells]
    cs = [c for _, c in cells]
    r0, r1, c0, c1 = min(rs), max(rs), min(cs), max(cs)
    return (tuple(sorted((r - r0, c - c0) for r, c in cells)), tuple(sorted((c - c0, r1 - r) for r, c in cells)),
            tuple(sorted((r1 - r, c1 - c) for r, c in cells)), tuple(sorted((c1 - c, r - r0) for r, c in cells)))


def canonical(cells: Iterable[tuple[int, int]]) -> Cells:
    """Canonical form under the four rotations: the smallest of the turned copies."""
    return min(turns(cells))


@cache
def rotate(cells: Cells, quarter_turns: int) -> Cells:
    """Turn clockwise by 90 degrees `quarter_turns` times (row r, column c -> row c, column -r)."""
    return turns(cells)[quarter_turns % 4]


@cache
def mirror(cells: Cells) -> Cells:
    return normalise((r, -c) for r, c in cells)


@cache
def rotation_class(cells: Cells) -> Cells:
    """Canonical form under the four rotations (cached for whole pieces)."""
    return canonical(cells)


@lru_cache(maxsize=16384)
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
    return len(set(turns(cells))) == 4 and rotation_class(mirror(cells)) != rotation_class(cells)


def _neighbours(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    have = set(cells)
    out = {(r + dr, c + dc) for r, c in have for dr, dc in ((1, 0), (-1, 0), (0, 1), (0, -1))}
    return sorted(out - have)


def box_for(n: int) -> int:
    """The grid a piece of n squares is grown in: larger pieces get room to sprawl."""
    return 4 if n <= 8 else 5


def grow(rng: np.random.Generator, n: int, box: int | None = None) -> Cells | None:
    """A random polyomino of n squares inside the box, grown square by square; None unless it is
    chiral and without rotational symmetry."""
    box = box_for(n) if box is None else box
    cells = [(0, 0)]
    have = {(0, 0)}
    frontier = {(1, 0), (-1, 0), (0, 1), (0, -1)}  # kept as it grows: the same as _neighbours(cells)
    r0 = r1 = c0 = c1 = 0  # the bounding box so far
    while len(cells) < n:
        options = [(r, c) for r, c in sorted(frontier)
                   if max(r1, r) - min(r0, r) < box and max(c1, c) - min(c0, c) < box]
        if not options:
            return None
        r, c = options[int(rng.integers(len(options)))]
        cells.append((r, c))
        have.add((r, c))
        frontier.discard((r, c))
        frontier.update(x for x in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)) if x not in have)
        r0, r1, c0, c1 = min(r0, r), max(r1, r), min(c0, c), max(c1, c)
    shape = normalise(cells)
    return shape if chiral_and_asymmetric(shape) else None


Move = tuple[tuple[int, int], tuple[int, int]]  # (square of the target, the place it moves to)


@lru_cache(maxsize=16384)  # small pieces come back often
def places(shape: Cells, lifted: tuple[int, int], near: bool) -> tuple[tuple[tuple[int, int], Cells], ...]:
    """Where the square `lifted` of `shape` can be put instead: inside the shape's own box and
    still filling it (the same outline), connected, chiral, without rotational symmetry,
    congruent neither to the shape nor to its mirror, one place per rotation class; `near`: the
    square only slides to a neighbouring place (a side or a corner away), else it jumps further.
    Target coordinates throughout (no renormalising), so a move can be named."""
    rest = tuple(cell for cell in shape if cell != lifted)
    if not connected(set(rest)):
        return ()
    h, w = size_of(shape)
    forms = {rotation_class(shape), rotation_class(mirror(shape))}
    found: dict[Cells, tuple[tuple[int, int], Cells]] = {}
    for cell in _neighbours(rest):
        r, c = cell
        if cell == lifted or not (0 <= r < h and 0 <= c < w):
            continue
        if near != (max(abs(r - lifted[0]), abs(c - lifted[1])) == 1):
            continue
        new = tuple(sorted([*rest, cell]))
        if min(r for r, _ in new) or min(c for _, c in new) or size_of(new) != (h, w):
            continue  # the same box, so the outline gives nothing away
        form = rotation_class(new)
        if form in forms or form in found or not chiral_and_asymmetric(new):
            continue
        found[form] = (cell, new)
    return tuple(found.values())


def moves(shape: Cells, near: bool) -> dict[tuple[int, int], tuple[tuple[tuple[int, int], Cells], ...]]:
    """For each square of `shape` that can be lifted, the places it can be put instead (places)."""
    return {cell: found for cell in shape if (found := places(shape, cell, near))}


@lru_cache(maxsize=16384)
def _mask(cells: Cells) -> int:
    """The squares as bits of one integer, 32 to a row, two rows and columns of margin (so that a
    shift by one square either way loses none)."""
    return sum(1 << ((r + 2) * 32 + c + 2) for r, c in cells)


@lru_cache(maxsize=16384)
def _turn_masks(cells: Cells) -> tuple[tuple[int, int, int], ...]:
    return tuple((*size_of(t), _mask(t)) for t in turns(cells))


def one_apart(a: Cells, b: Cells) -> bool:
    """Whether one square of `a` moved elsewhere makes `b` turned (and shifted): some turn of `b`
    lays all squares but one on `a`'s. Both pieces are connected, so taking one square away
    shrinks an outline by at most one square a side: only shifts of one square either way from
    corner-on-corner and turns whose outline is within one square of `a`'s need trying."""
    n = len(a)
    if len(b) != n:
        return False
    ha, wa = size_of(a)
    mask = _mask(a)
    for h, w, turned in _turn_masks(b):
        if abs(h - ha) > 1 or abs(w - wa) > 1:
            continue
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                step = dr * 32 + dc
                moved = turned << step if step >= 0 else turned >> -step
                if (mask & moved).bit_count() >= n - 1:
                    return True
    return False


def twin_counts(shapes: Sequence[Cells]) -> list[int]:
    """For each option, how many other options are one moved square from it (up to rotation)."""
    counts = [0] * len(shapes)
    for i, j in itertools.combinations(range(len(shapes)), 2):
        if one_apart(shapes[i], shapes[j]):
            counts[i] += 1
            counts[j] += 1
    return counts


def balanced(shapes: Sequence[Cells]) -> bool:
    """Every option has as many one-square twins as every other (the key's hand is one square
    apart by construction, so none is closer): 'the option with the most close relatives' then
    says nothing. A mirror has as many twins as its original, so a mirror one square from the
    target (a nearly symmetric piece) is fair when the variants' mirrors are, too."""
    return len(set(twin_counts(shapes))) == 1


def hand_balanced(hand: Sequence[Cells]) -> bool:
    """balanced() for the key's hand and its mirrors, the quick way: within a hand every pair is
    one square apart by construction, and a mirror pair of pairs is as near as the pair, so only
    shape i against the mirror of shape j (j >= i, a symmetric table) needs trying."""
    flipped = [mirror(x) for x in hand]
    k = len(hand)
    near = [[False] * k for _ in range(k)]
    for i in range(k):
        for j in range(i, k):
            near[i][j] = near[j][i] = one_apart(hand[i], flipped[j])
    return len({sum(row) for row in near}) == 1


# -- rendering ----------------------------------------------------------------------------------
def grid_lines(cells: Cells, box: int = BOX) -> list[str]:
    have = set(cells)
    return [" ".join("#" if (r, c) in have else "." for c in range(box)) for r in range(box)]


def parse_grid(lines: Sequence[str]) -> Cells:
    return normalise((r, c) for r, line in enumerate(lines) for c, ch in enumerate(line.split()) if ch == "#")


def per_row(options: int) -> int:
    """Options per row of the drawing (and of the text figure): four, or three for six."""
    return 4 if options <= 4 else 3


def text_figure(labels: Sequence[str], shapes: Sequence[Cells], box: int = BOX) -> str:
    """The target alone, then the options in rows as in the drawing, bands split by a blank line
    (so a large piece and six options still fit a narrow terminal)."""
    width = 2 * box - 1
    step = per_row(len(shapes) - 1)
    bands = [[0]] + [list(range(i, min(i + step, len(shapes)))) for i in range(1, len(shapes), step)]
    out: list[str] = []
    for band in bands:
        blocks = [grid_lines(shapes[i], box) for i in band]
        out.append("   ".join(labels[i].ljust(width) for i in band).rstrip())
        out.extend("   ".join(b[r] for b in blocks) for r in range(box))
        out.append("")
    return "\n".join(out[:-1])


def parse_text_figure(text: str) -> tuple[list[str], list[Cells]]:
    """The labels and shapes of a text figure, read back band by band (check's own route)."""
    labels: list[str] = []
    shapes: list[Cells] = []
    for band in text.split("\n\n"):
        head, *rows = band.splitlines()
        box = len(rows)
        width = 2 * box - 1
        names = head.split()
        labels.extend(names)
        for i in range(len(names)):
            shapes.append(parse_grid([row[i * (width + 3): i * (width + 3) + width] for row in rows]))
    return labels, shapes


UNIT = 24  # px per square: no figure element under 24 px
FILL = "#56B4E9"  # Okabe-Ito sky blue: readable for colour-blind readers, mid-grey in print


def _svg_shape(cells: Cells, x: float, y: float, grid: int) -> str:
    h, w = size_of(cells)
    ox = x + (grid - w) * UNIT / 2
    oy = y + (grid - h) * UNIT / 2
    return "".join(f'<rect x="{ox + c * UNIT:.0f}" y="{oy + r * UNIT:.0f}" width="{UNIT}" height="{UNIT}"/>'
                   for r, c in cells)


def svg_figure(labels: Sequence[str], shapes: Sequence[Cells], title: str, grid: int = BOX) -> str:
    """The target alone in the first row, the options below it in rows of up to four."""
    box = grid * UNIT
    slot = box + 12 + 20  # frame plus the gap to the next frame
    step = per_row(len(shapes) - 1)
    width = 16 + step * slot - 20 + 16
    parts = []
    for i, (label, cells) in enumerate(zip(labels, shapes, strict=True)):
        if i == 0:
            x, y = (width - box) / 2, 24.0
        else:
            r, c = divmod(i - 1, step)
            x, y = 22 + c * slot, 24 + (box + 12 + 34) * (r + 1)
        parts.append(f'<text x="{x + box / 2:.0f}" y="{y - 12:.0f}" text-anchor="middle" font-size="14" '
                     f'font-weight="bold" fill="#1a1a1a" stroke="none">{label}</text>')
        frame = "#0072B2" if i == 0 else "#999999"
        parts.append(f'<rect x="{x - 6:.0f}" y="{y - 6:.0f}" width="{box + 12}" height="{box + 12}" '
                     f'fill="#ffffff" stroke="{frame}" stroke-width="{2 if i == 0 else 1}"/>')
        parts.append(f'<g fill="{FILL}" stroke="#1a1a1a" stroke-width="1.5">{_svg_shape(cells, x, y, grid)}</g>')
    rows = 1 + -(-(len(shapes) - 1) // step)
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
    version = 4
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    title = "Shape rotation"
    difficulty_range: ClassVar[tuple[float, float]] = (-2.5, 2.2)

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
        fits = [turned for turned in turns(shape) if size_of(turned) == box]
        return fits[int(rng.integers(len(fits)))]

    def _attempt(self, rng: np.random.Generator, n: int, quarter: int, six: int, near: int) -> Item | None:
        grid = box_for(n)
        target = grow(rng, n, grid)
        if target is None:
            return None
        count = 1 + six  # variants: one for four options, two for six
        for i in rng.permutation(n):  # squares in a random order, the first that makes a fair set
            lifted = target[int(i)]
            found = places(target, lifted, bool(near))
            if len(found) < count:
                continue
            chosen = [found[int(j)] for j in sorted(rng.choice(len(found), count, replace=False))]
            others = [new for _, new in chosen]
            forms = {rotation_class(v) for v in others}
            if any(rotation_class(mirror(v)) in forms for v in others):
                continue  # one variant the mirror of another: the pair would be two of one kind
            if hand_balanced([target, *others]):
                break  # else the key (or another option) would have more close relatives than the rest
        else:
            return None
        turn = int(rng.choice([1, 3])) if quarter else 2
        key_shape = rotate(target, turn)
        box = size_of(key_shape)
        words = self.words
        mistakes = words["mistakes"]
        built: list[tuple[Cells, str | None, str, Move | None]] = [
            (key_shape, None, "key", None),
            (self._turned_like(rng, mirror(target), box), mistakes["mirror"], "mirror", None)]
        for place, other in chosen:
            move = (lifted, place)
            built.append((self._turned_like(rng, other, box), self._named(mistakes["moved"], move), "moved", move))
            built.append((self._turned_like(rng, mirror(other), box), self._named(mistakes["moved_mirror"], move),
                          "moved_mirror", move))
        order = [int(i) for i in rng.permutation(len(built))]
        shapes = [built[i][0] for i in order]
        if len(set(shapes)) < len(shapes) or target in shapes:
            return None
        key = order.index(0)
        options = tuple(Option(words["option"].format(letter=LETTERS[i]), None, built[j][1])
                        for i, j in enumerate(order))
        features = {"extra_cells": min(n, 9) - 5, "big_cells": max(n - 9, 0), "quarter": quarter, "six": six,
                    "near": near}
        explanation = []
        for i, j in enumerate(order):
            kind, move = built[j][2], built[j][3]
            if kind == "key":
                explanation.insert(0, words["explanation_key"].format(
                    letter=LETTERS[i], angle=words["angles"][str(turn)]))
            elif move is None:
                explanation.append(words[f"explanation_{kind}"].format(letter=LETTERS[i]))
            else:
                explanation.append(self._named(words[f"explanation_{kind}"], move, letter=LETTERS[i]))
        explanation.append(words["explanation_hint"])
        content = "r|" + ";".join("".join(grid_lines(s, grid)).replace(" ", "") for s in [target, *sorted(shapes)])
        prompts = words["prompt"]
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompts[int(rng.integers(len(prompts)))].format(last=LETTERS[len(shapes) - 1]),
            figure=self._figure(target, shapes, grid), explanation=" ".join(explanation),
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features),
            discrimination=round(1.0 + 0.05 * (min(n, 9) - 5) + 0.03 * max(n - 9, 0), 3),
            time_s=20.0 + 4 * (n - 5) + 6 * quarter + 8 * six, options=options, key=key,
            params={"cells": n, **features, "box": grid, "close_mirror": int(one_apart(target, mirror(target))),
                    "turn": turn, "kinds": [built[j][2] for j in order],
                    "moves": [[list(c) for c in built[j][3]] if built[j][3] else None for j in order],
                    "target": [list(c) for c in target], "shapes": [[list(c) for c in s] for s in shapes],
                    "content": content},  # no spread key: with two turn kinds, 12 ramped items cannot alternate
        )

    @staticmethod
    def _named(text: str, move: Move, **extra: str) -> str:
        """A mistake or explanation naming its own move, in the target's rows and columns (from 1,
        top and left), so that no two distractors share one text."""
        (r1, c1), (r2, c2) = move
        return text.format(row=r1 + 1, column=c1 + 1, to_row=r2 + 1, to_column=c2 + 1, **extra)

    def _figure(self, target: Cells, shapes: Sequence[Cells], grid: int) -> Svg:
        labels = [self.words["target"], *LETTERS[: len(shapes)]]
        all_shapes = [target, *shapes]
        sep = self.words["row_sep"]
        described = [self.words["alt_shape"].format(label=label,
                                                     rows=sep.join(grid_lines(s, grid)).replace(" ", ""))
                     for label, s in zip(labels[1:], shapes, strict=True)]
        alt = self.words["alt"].format(cells=len(target), count=len(shapes), last=LETTERS[len(shapes) - 1],
                                       target=sep.join(grid_lines(target, grid)).replace(" ", ""),
                                       options="; ".join(described))
        return Svg(svg=svg_figure(labels, all_shapes, alt, grid), text=text_figure(labels, all_shapes, grid),
                   alt=alt)

    # -- check --------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        if item.figure is None:
            raise ItemCheckError(f"item {item.id}: no figure")
        try:
            labels, read = parse_text_figure(item.figure.to_text())
        except (ValueError, IndexError):
            raise ItemCheckError(f"item {item.id}: the text figure is not a set of grids") from None
        if len(read) != len(item.options) + 1 or labels[1:] != list(LETTERS[: len(item.options)]):
            raise ItemCheckError(f"item {item.id}: the text figure does not show one grid per option")
        target, *shapes = read
        stored = [normalise(map(tuple, x)) for x in [item.params["target"], *item.params["shapes"]]]
        if [target, *shapes] != stored:
            raise ItemCheckError(f"item {item.id}: the text figure does not show the item's shapes")
        if not connected(set(target)) or rotation_class(target) == rotation_class(mirror(target)):
            raise ItemCheckError(f"item {item.id}: the target is mirror-symmetric, a flip would be a rotation")
        if len(set(shapes)) != len(shapes):
            raise ItemCheckError(f"item {item.id}: two options show the same picture")
        if not all(len(s) == len(target) and connected(set(s)) for s in shapes):
            raise ItemCheckError(f"item {item.id}: an option is not a whole piece of the target's size")
        if len({size_of(s) for s in shapes}) != 1:
            raise ItemCheckError(f"item {item.id}: the options' outlines differ, the box would give the key away")
        if not balanced(shapes):
            raise ItemCheckError(f"item {item.id}: some options have more one-square twins than others")
        goal = rotation_class(target)
        require_single_key(item, [i for i, s in enumerate(shapes) if rotation_class(s) == goal])
