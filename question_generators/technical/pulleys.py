"""Pulleys: single fixed and movable pulleys and blocks and tackle; the pull needed, or how much
rope must be pulled to raise the load.

A rig is one rope: tied to the ceiling, to the lower block's hook or to the load itself, then
over fixed pulleys (A, B, C, hanging from the ceiling) and under movable pulleys (X, Y, Z,
joined in the lower block that carries the load W) in turn, and out to the free end P, which is
pulled down (when it leaves a fixed pulley) or up (when it leaves the lower block). 2 to 6
rope segments hold the load up: a single movable pulley (pulled up, or redirected over a fixed
pulley) and blocks and tackle of up to six segments, with the rope anchored above or below. (A
lone fixed pulley, one segment, is drawable but not asked: with no advantage its distractors
would be guesses, not mistakes.)

Questions: `effort` (the pull P; optionally with the weight of the lower block added),
`capacity` (the heaviest load a given pull can raise), `rope` (how far P moves to raise the
load by h), `rise` (how far the load rises when a given length of rope is pulled through) and
`ceiling` (the total force on the ceiling while P holds the load: the pull first, then the
whole rig's weight plus P when P pulls down, minus P when it pulls up; a step past the count
that most candidates miss).
The key's rank among the four ascending options is drawn uniformly first; each question has
its mistakes mostly on one side of the key (an effort's miscounts are mostly larger, a
capacity's mostly smaller), so the rank picks the direction of the question: effort or rise
for the lower ranks, capacity or rope for the upper ones. Both directions of a question have
the same difficulty features.

Difficulty model (IRT logit scale b), linear in the features of the drawn rig:

    b = -2.6 + 0.5 * (segments - 2) + 0.2 * anchor_below + 0.7 * block_weight + 0.4 * rope
            + 2.2 * ceiling

segments: the rope segments holding the load; anchor_below: the rope starts on the lower block
(an odd count, easy to miscount); block_weight: the lower block's own weight must be added;
rope: the distance question (work conservation) instead of the force; ceiling: the ceiling's
load (requests above 0 draw it more often, up to 70% at +3). The generator draws 10
random rigs and keeps the one whose b is nearest the requested difficulty (plus a seeded
jitter, sd 0.3). a = 0.8 + 0.06 * segments; time 30 s + 6 s per segment + 10 s block weight.

Distractors are named mistakes: counting the free end when it is pulled down from a fixed
pulley, or not counting it when it pulls up on the block; for the ceiling: the load alone,
the pull forgotten or its sign wrong, every segment's tension added; counting pulleys instead of
segments; no advantage at all; multiplying instead of dividing; forgetting the block's weight
or adding it after dividing; the rope moving as far as the load.

check() does not reuse the rig's construction: it walks the rope's path as stated in the
params (and in the figure's text, which must match it), counts the segments with exactly one end
on the lower block (the load side), and computes P = (W + block) ÷ count or rope = count × h;
the ceiling's force as the tension times the rope ends pulling down on the ceiling side.
"""

from __future__ import annotations

import itertools
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
)
from question_generators.display import format_number, parse_number
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item, Option
from question_generators.technical import drawing as dw
from question_generators.technical.common import RankDraw, exact_rank, with_content

PACKAGE = "question_generators.technical"
WEIGHTS = {"segments": 0.5, "anchor_below": 0.2, "block_weight": 0.7, "rope": 0.4, "ceiling": 2.2}
INTERCEPT = -2.6 - 1.0  # two segments give -2.6
CANDIDATES = 20
FIXED_NAMES = "ABC"
MOVABLE_NAMES = "XYZ"
HEIGHTS = tuple(Fraction(k, 4) for k in (2, 3, 4, 5, 6, 7, 8, 10, 12))  # 0.5 .. 3 m
BLOCKS = (20, 30, 40, 50, 60)
OPTIONS = 4
LOAD_SIDE = ("block", "load")


# =============================================================================================
# The check's counter: walk the rope and count the segments that hold the lower block
# =============================================================================================
def on_load_side(node: str) -> bool:
    return node in LOAD_SIDE or node.startswith("M:")


def supporting_segments(path: list[str]) -> int:
    """Segments with exactly one end on the load side (lower block, its hook, the load itself).
    The free end counts when it leaves a movable pulley (pulled up), not when it leaves a fixed one."""
    if len(path) < 3 or path[-1] != "hand" or path[0] not in ("ceiling", "block", "load"):
        raise ItemCheckError(f"not a rope path: {path}")
    for a, b in itertools.pairwise(path):
        if on_load_side(a) == on_load_side(b) and "hand" not in (a, b):
            raise ItemCheckError(f"a rope segment {a}-{b} does not run between the ceiling and the block")
    return sum(on_load_side(a) != on_load_side(b) for a, b in itertools.pairwise(path))


# =============================================================================================
# Rigs
# =============================================================================================
def build_path(segments: int, last_movable: bool) -> list[str]:
    """The rope path for a count of supporting segments and the kind of the last pulley."""
    if segments == 1:
        return ["load", "F:A", "hand"]
    sheaves = segments - int(last_movable)
    kinds = []
    kind = last_movable
    for _ in range(sheaves):
        kinds.append(kind)
        kind = not kind
    kinds.reverse()  # alternate, ending with the last pulley's kind
    anchor = "ceiling" if kinds[0] else "block"
    names = {True: iter(MOVABLE_NAMES), False: iter(FIXED_NAMES)}
    return [anchor, *(f"{'M' if k else 'F'}:{next(names[k])}" for k in kinds), "hand"]


def _plan(rng: np.random.Generator, target: float) -> dict[str, int]:
    hard = min(1.0, max(0.0, (target + 3.0) / 6.0))
    segments = int(rng.integers(2 + int(hard * 3), 7))
    last_movable = int(rng.random() < 0.4)
    path = build_path(segments, bool(last_movable))
    rope = int(rng.random() < 0.4)
    ceiling = int(not rope and rng.random() < 0.7 * hard)
    block = int(not rope and rng.random() < 0.3 + 0.4 * hard)  # a distance does not depend on it
    return {"segments": segments, "anchor_below": int(path[0] == "block"), "block_weight": block,
            "rope": rope, "ceiling": ceiling, "last_movable": last_movable}


def _and(names: list[str], word: str = "and") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {word} {names[-1]}"


class PulleysGenerator(BaseGenerator):
    """Pulleys and blocks and tackle: the pull needed to raise a load, or how much rope to pull.

    See the module docstring for the rigs and the difficulty model (supporting segments, rope
    anchored on the block, weight of the lower block, distance question).
    """

    family = "technical.pulleys"
    section = "technical"
    version = 5  # 5: Bokmål; 4: the ceiling beam inside the drawing
    # requests are calibrated (mean b within 0.3, SD under 0.5) over this range; see tests/.../test_realism_technical.py
    difficulty_range = (-2.5, 2.5)
    title = "Pulleys"
    languages = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.ph = phrases_for(PACKAGE, lang)["pulleys"]

    def _n(self, value: Fraction | int) -> str:
        return format_number(value, lang=self.lang)

    def _parse(self, text: str) -> Fraction:
        """An option's number (its first word, or the whole figure with its separators)."""
        if self.lang == "en":
            return Fraction(text.split()[0].replace(",", ""))
        return Fraction(repr(parse_number(text, self.lang)))

    def _pick(self, rng: np.random.Generator, key: str) -> str:
        choices = self.ph[key]
        return choices[int(rng.integers(len(choices)))]

    # -- generate ----------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        item = self._generate(rng, difficulty)
        return with_content(item, "pulleys:" + ("ceiling" if item.params["ask"] == "ceiling" else "tackle"))

    def _generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target = difficulty + rng.normal(0.0, 0.15)
        plans = [_plan(rng, target) for _ in range(CANDIDATES)]
        bs = [self._b(p) for p in plans]
        plan = plans[int(np.argmin([abs(b - target) for b in bs]))]
        draw = RankDraw(rng, OPTIONS)  # the key's rank, drawn once: redraws keep it uniform
        return self.redraw(rng, lambda r: self._attempt(r, plan, draw))

    @staticmethod
    def _b(plan: dict[str, int]) -> float:
        return linear_difficulty(INTERCEPT, WEIGHTS, {k: plan[k] for k in WEIGHTS})

    def _attempt(self, rng: np.random.Generator, plan: dict[str, int], draw: RankDraw) -> Item | None:
        n = plan["segments"]
        strict = draw.strict
        # Two segments leave too few distinct slips on one side of the key for four options, so
        # those items have three, with the key's rank drawn uniformly over three places.
        count = OPTIONS if n > 2 or plan["ceiling"] else 3
        rank = draw.rank if count == OPTIONS else int(draw.share * 3)
        low = 2 * rank < count - 1 or (2 * rank == count - 1 and draw.share * 6 % 1 < 0.5)
        if plan["ceiling"]:
            # a pull downwards adds to the ceiling's load, whose mistakes then lie below the key;
            # a pull upwards relieves it, with mistakes above: the drawn rank picks the rig's end
            plan = {**plan, "last_movable": int(rank < 2)}
            plan["anchor_below"] = int(build_path(n, bool(plan["last_movable"]))[0] == "block")
        path = build_path(n, bool(plan["last_movable"]))
        block = BLOCKS[int(rng.integers(len(BLOCKS)))] if plan["block_weight"] else 0
        # The key's rank among the four ascending options is drawn first; the direction of the
        # question (effort or heaviest load, rope pulled or height risen) is chosen to suit it,
        # because each direction's mistakes fall mostly on one side of the key. Then the numbers
        # are searched (in seeded random order) for ones whose mistakes are clean on both sides.
        ask = ("rise" if low else "rope") if plan["rope"] else ("effort" if low else "capacity")
        if plan["ceiling"]:
            ask = "ceiling"
        if plan["rope"]:
            numbers = [HEIGHTS[i] for i in rng.permutation(len(HEIGHTS))]
        else:
            pulls = [p for p in range(20, 410, 10) if n * p - block >= 50]
            numbers = [Fraction(pulls[i]) for i in rng.permutation(len(pulls))]
        best = None
        for number in numbers:
            key, unique = self._mistakes(path, ask, number, block)
            below = sum(v < key for v in unique)
            above = len(unique) - below
            if rank <= below and count - 1 - rank <= above:
                best = (number, key, unique)
                break
            if best is None and len(unique) >= 2:
                best = (number, key, unique)
        if best is None:
            return None
        number, key, unique = best
        chosen = exact_rank(key, unique, count, rank, strict)
        if chosen is None:
            return None
        unit = "m" if plan["rope"] else "N"
        m = self.ph["mistakes"]
        opts = [Option(f"{self._n(v)} {unit}", float(v), m[name]) for v, name in chosen]
        options, key_index = numeric_options(rng, Option(f"{self._n(key)} {unit}", float(key)),
                                             opts, len(opts) + 1)
        h = number if plan["rope"] else Fraction(0)
        pull = int(number) if not plan["rope"] else int(rng.integers(3, 41)) * 10
        load = n * pull - block
        return self._item(rng, plan, path, load, block, h, pull, key, options, key_index, ask)

    @staticmethod
    def _mistakes(path: list[str], ask: str, number: Fraction,
                  block: int) -> tuple[Fraction, dict[Fraction, str]]:
        """The key and the named-mistake values (clean ones only) for one choice of numbers."""
        n = supporting_segments(path)
        sheaves = len(path) - 2
        movable = sum(node.startswith("M:") for node in path)
        last_movable = path[-2].startswith("M:")
        # Miscounts both ways: one segment too many or too few, named by where the slip happens.
        # (Counting the pulleys comes first: when it gives the same number as a miscount of the
        # segments, it is the better-known mistake.)
        counts = [(Fraction(sheaves), "counted_pulleys"),
                  (Fraction(n + 1), "counted_anchor" if last_movable else "counted_pull"),
                  (Fraction(n - 1), "missed_pull" if last_movable else "missed_anchor"),
                  (Fraction(movable if movable > 1 else 0), "counted_movable"),  # 1: no advantage
                  (Fraction(2 ** sheaves), "doubled_per_pulley")]
        counts = [(c, name) for c, name in counts if c > 0]
        cands: list[tuple[Fraction, str]] = []
        if ask == "rise":  # P pulls n × h of rope; how far does the load rise?
            pulled = n * number
            key = number
            cands += [(pulled / c, name) for c, name in counts]
            cands += [(pulled, "same_distance"), (pulled * n, "multiplied_distance")]
        elif ask == "rope":
            key = n * number
            cands += [(c * number, name) for c, name in counts]
            cands += [(number, "same_distance"), (number / n, "divided_distance")]
        elif ask == "effort":
            total = n * number
            load = total - block
            key = number
            cands += [(total / c, name) for c, name in counts]
            if block:
                cands += [(load / n, "forgot_block"), (load / n + block, "block_not_shared")]
            cands += [(total, "no_advantage"), (total * n, "multiplied")]
        elif ask == "ceiling":  # the force on the ceiling: load + block, plus P pulled down or minus P pulled up
            total = n * number
            key = total - number if last_movable else total + number
            cands += [(total - block, "ceiling_load_only"), (total, "ceiling_forgot_pull"),
                      (total + number if last_movable else total - number, "ceiling_pull_sign"),
                      (total + n * number, "ceiling_every_segment"), (number, "ceiling_gave_pull")]
            if block:
                cands.append((key - block, "ceiling_forgot_block"))
        else:  # the heaviest load a pull of P can raise
            key = n * number - block
            cands += [(c * number - block, name) for c, name in counts]
            if block:
                cands += [(n * number, "forgot_block"), (n * (number - block), "block_per_segment")]
            cands += [(number - block, "no_advantage"), (number / n, "divided_load")]
        clean = 4 if ask in ("rise", "rope") else 1
        unique: dict[Fraction, str] = {}
        for value, name in cands:
            if value > 0 and value != key and (value * clean).denominator == 1:
                unique.setdefault(value, name)
        return key, unique

    # -- text and figure ---------------------------------------------------------------------
    def describe(self, path: list[str], block: int) -> list[str]:
        """The rope's path in words, one step per line (what the check compares with the params)."""
        ph = self.ph
        lines = [ph[f"fig_start_{path[0]}"]]
        for node in path[1:-1]:
            kind, name = node.split(":")
            lines.append(ph["fig_over" if kind == "F" else "fig_under"].format(name=name))
        lines.append(ph["fig_end_up" if path[-2].startswith("M:") else "fig_end_down"])
        fixed = [n.split(":")[1] for n in path if n.startswith("F:")]
        movable = [n.split(":")[1] for n in path if n.startswith("M:")]
        word = ph.get("and", "and")
        if fixed:
            lines.append(ph["fig_fixed" if len(fixed) > 1 else "fig_fixed_one"].format(names=_and(fixed, word)))
        if movable:
            lines.append(ph["fig_block" if len(movable) > 1 else "fig_block_one"].format(names=_and(movable, word)))
        if block:
            lines.append(ph["fig_block_weight"].format(block=f"{block} N"))
        return lines

    def _svg(self, path: list[str], load: str, block: int, title: str) -> str:
        r, x0, y_ceiling, y_fixed, y_movable = 18.0, 80.0, 24.0, 76.0, 196.0
        y_bar = y_movable + r + 10
        body: list[str] = []
        xs_movable: list[float] = []
        points_y = {True: y_movable, False: y_fixed}
        prev_y = {"ceiling": y_ceiling, "block": y_bar, "load": y_bar + 30}[path[0]]
        for i, node in enumerate(path[1:-1], start=1):
            kind, name = node.split(":")
            cx = x0 + (2 * i - 1) * r
            movable = kind == "M"
            cy = points_y[movable]
            left_x, right_x = cx - r, cx + r
            body.append(dw.line(left_x, prev_y, left_x, cy, 2))  # the segment arriving at this pulley
            sweep = 0 if movable else 1
            body.append(f'<path d="M{dw.num(left_x)},{dw.num(cy)} A{dw.num(r)},{dw.num(r)} 0 0 {sweep} '
                        f'{dw.num(right_x)},{dw.num(cy)}" fill="none" stroke="{dw.STROKE}" stroke-width="2"/>')
            body.append(dw.circle(cx, cy, r - 3, fill="#e8eef5", width=1.5))
            body.append(dw.text(cx, cy + 5, name, 13, weight="bold"))
            if movable:
                xs_movable.append(cx)
            else:
                body.append(dw.line(cx, y_ceiling, cx, cy - r + 3, 2))
            prev_y = cy
        end_x = x0 + 2 * (len(path) - 2) * r
        if path[-2].startswith("M:"):
            body.append(dw.line(end_x, prev_y, end_x, y_fixed + 6, 2, arrow=True))
            body.append(dw.text(end_x + 10, y_fixed + 22, "P", 15, anchor="start", weight="bold"))
        else:
            body.append(dw.line(end_x, prev_y, end_x, y_movable + 70, 2, arrow=True))
            body.append(dw.text(end_x + 10, y_movable + 66, "P", 15, anchor="start", weight="bold"))
        # the lower block: a bar joining the movable pulleys (and the rope's anchor), carrying the load
        anchor_x = x0
        carried = xs_movable + ([anchor_x] if path[0] == "block" else [])
        if carried:
            lo, hi = min(carried) - 6, max(carried) + 6
            for cx in xs_movable:
                body.append(dw.line(cx, y_movable + r - 3, cx, y_bar, 2))
            body.append(dw.rect(lo, y_bar - 3, hi - lo, 6, fill="#555", width=1))
            mid = (lo + hi) / 2
            if block:
                caption = self.ph.get("svg_block", "block {block}").format(block=f"{block} N")
                body.append(dw.text(mid - 6, y_bar + 18, caption, 11, anchor="end"))
        else:
            mid = anchor_x
        box_y = y_bar + 30
        body.append(dw.line(mid, y_bar if carried else y_bar + 30, mid, box_y, 2))
        body.append(dw.rect(mid - 34, box_y, 68, 40, fill="#9db4d0", width=1.5))
        body.append(dw.text(mid, box_y + 17, "W", 14, weight="bold"))
        body.append(dw.text(mid, box_y + 33, load.replace("\u00a0", " "), 11))  # a plain space in the drawing
        width = max(end_x + 60, mid + 60, 220.0)
        # the ceiling beam spans the drawing with a margin at each end (it used to run past the right edge)
        body.insert(0, dw.rect(20, y_ceiling - 10, width - 40, 10, fill="#999", width=1))
        return dw.document(width, box_y + 56, body, title)

    def _item(self, rng: np.random.Generator, plan: dict[str, int], path: list[str], load: int,
              block: int, h: Fraction, pull: int, key: Fraction, options: tuple[Option, ...],
              key_index: int, ask: str) -> Item:
        ph = self.ph
        n = plan["segments"]
        weight = f"{self._n(load)} N"
        scene = self._pick(rng, "scene_capacity") if ask == "capacity" else self._pick(rng, "scene").format(load=weight)
        sentences = [scene, ph["ideal"]]
        sentences.append(ph["block_weight"].format(block=f"{block} N") if block else ph["weightless"])
        sentences.append(self._pick(rng, f"ask_{ask}").format(
            pulled=f"{self._n(n * h)} m", h=f"{self._n(h)} m", pull=f"{self._n(pull)} N"))
        lines = self.describe(path, block)
        fixed = sum(node.startswith("F:") for node in path)
        movable = sum(node.startswith("M:") for node in path)
        alt = ph["alt"].format(fixed=fixed, movable=movable)
        shown = "?" if ask == "capacity" else f"{self._n(load)} N"
        figure = Svg(svg=self._svg(path, shown, block, alt), text="\n".join(lines), alt=alt)
        features = {k: plan[k] for k in WEIGHTS}
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=" ".join(sentences),
            explanation=self._explain(path, n, load, block, h, pull, key, ask),
            difficulty=self._b(plan), discrimination=round(0.8 + 0.06 * n, 3),
            time_s=30.0 + 6.0 * n + 10.0 * bool(block), options=options, key=key_index, figure=figure,
            params={"path": path, "load": None if ask == "capacity" else load, "block": block, "ask": ask,
                    "height": str(h), "pulled": str(n * h) if ask == "rise" else None,
                    "pull": pull if ask == "capacity" else None, **features},
        )

    def _explain(self, path: list[str], n: int, load: int, block: int, h: Fraction, pull: int,
                 key: Fraction, ask: str) -> str:
        ph = self.ph
        pulls_up = path[-2].startswith("M:")
        detail = ph["count_detail"].format(n=n, s="" if n == 1 else "s",
                                           pull=ph["pull_counts"] if pulls_up else ph["pull_does_not"])
        parts = [ph["principle"].format(count=detail)]
        if ask == "capacity":
            answer = "answer_capacity_block" if block else "answer_capacity"
            parts.append(ph[answer].format(pull=f"{self._n(pull)} N", n=n, block=f"{block} N",
                                           total=f"{self._n(n * pull)} N", value=f"{self._n(key)} N"))
        elif ask == "rise":
            parts.append(ph["answer_rise"].format(pulled=f"{self._n(n * h)} m", n=n,
                                                  value=f"{self._n(key)} m"))
        elif ask == "ceiling":
            pulls_up = path[-2].startswith("M:")
            parts.append(ph["answer_ceiling"].format(
                total=f"{self._n(load + block)} N", n=n, pull=f"{self._n(pull)} N",
                value=f"{self._n(key)} N", way=ph["ceiling_up" if pulls_up else "ceiling_down"],
                sign="−" if pulls_up else "+"))
        elif ask == "rope":
            parts.append(ph["answer_rope"].format(h=f"{self._n(h)} m", n=n, value=f"{self._n(key)} m"))
        elif block:
            parts.append(ph["answer_effort_block"].format(load=f"{self._n(load)} N", block=f"{block} N",
                                                          total=f"{self._n(load + block)} N", n=n,
                                                          value=f"{self._n(key)} N"))
        else:
            parts.append(ph["answer_effort"].format(weight=f"{self._n(load)} N", n=n,
                                                    value=f"{self._n(key)} N"))
        return " ".join(parts)

    # -- check -------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        p: dict[str, Any] = dict(item.params)
        try:
            path = [str(x) for x in p["path"]]
            block, ask = int(p["block"]), str(p["ask"])
            load = int(p["load"]) if ask != "capacity" else 0
            pull = int(p["pull"]) if ask == "capacity" else 0
            height = Fraction(str(p["height"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ItemCheckError(f"item {where}: malformed pulley rig: {exc}") from None
        text = item.figure.to_text() if item.figure is not None else ""
        if text != "\n".join(self.describe(path, block)):
            raise ItemCheckError(f"item {where}: the figure's text does not describe the rope path")
        stated = f"{self._n(pull if ask == 'capacity' else load)} N"
        if stated not in item.prompt or (block and f"{block} N" not in item.prompt):
            raise ItemCheckError(f"item {where}: the prompt does not state the forces")
        count = supporting_segments(path)
        if ask == "rope":
            if f"{self._n(height)} m" not in item.prompt:
                raise ItemCheckError(f"item {where}: the prompt does not state the lift height")
            truth = count * height
        elif ask == "rise":
            pulled = Fraction(str(p["pulled"]))
            if f"{self._n(pulled)} m" not in item.prompt:
                raise ItemCheckError(f"item {where}: the prompt does not state the rope pulled")
            truth = pulled / count
        elif ask == "capacity":
            truth = Fraction(count * pull - block)
        elif ask == "ceiling":
            # every rope end pulling down on the ceiling side carries the tension T: the segments
            # between the ceiling side and the block, less the free end if it pulls up on the
            # block, plus the free end if it hangs from a fixed pulley
            tension = Fraction(load + block, count)
            hanging = sum(on_load_side(a) != on_load_side(b) for a, b in itertools.pairwise(path[:-1]))
            truth = tension * (hanging + int(not on_load_side(path[-2])))
        else:
            truth = Fraction(load + block, count)
        correct = []
        for index, option in enumerate(item.options):
            try:
                value = self._parse(option.text)
            except (ValueError, IndexError, ZeroDivisionError):
                raise ItemCheckError(f"item {where}: option {option.text!r} is not a number") from None
            if value == truth:
                correct.append(index)
        require_single_key(item, correct)
