"""Figure series: a row of 4-5 figures changing step by step; which figure comes next?

The figures are the panels of panels.py: one object (a figure, an arrow, a number of figures,
figures on positions) or two (a figure inside a figure, an arrow turning inside a figure, two
overlapping figures). Each slot either stays the same or changes by a series rule:

    progression  a fixed step: the arrow turns 45, 90 or 135 degrees, the number of figures goes
                 up or down by 1 or 2, the figures move 1-3 places around the frame, the size grows
    cycle        2 or 3 values repeat in order (shading, shape, size, direction, number)

A cycle of 3 is only used with 5 shown figures and a cycle of 2 with at least 4, so that the
shown figures repeat the cycle before the answer (rules.predict_series demands it). generate()
rejects a draw whose shown figures allow two different next values for any slot.

Options: 4, the words of a 2-dimensional code over all slots (see matrix.CODES): every slot has
one wrong value, each value of the key appears in exactly half of the options and every option
has the same pattern of distances to the others; each wrong value is a named mistake (one step
too many, repeated the last figure, turned the wrong way, restarted the cycle too early ...).

Difficulty model (IRT logit b): the number and kind of changing slots (Carpenter, Just & Shell
1990: each rule token adds, harder kinds more) and the number of objects to keep apart:

    b = -3.4 + sum(SERIES_W[rule kind] over changing slots) + 0.3 * max(0, changing - 2)
        + 0.4 * (two objects) + 0.2 * (several figures per cell)

with SERIES_W: a step of one 0.9, a larger step or a 135-degree turn 1.3, a cycle of two 1.0, a
cycle of three 1.4. A single-rule series is at most -3.4 + 1.4 + 0.4 = -1.6 (never above +1.5);
one step in one figure is -2.5 and four changing slots on two objects reach +3.2. generate() draws a target b (the
request plus a seeded jitter, sd 0.2) and a plan (mode, rule per slot) within 0.25 of it, the mode first.
a = 0.9 + 0.1 * min(changing, 3); typical time 25 s + 10 s per changing slot + 6 s per hard rule.

check() reads the shown figures and the options from the item, confirms that the text figure and
the option texts show exactly them, infers the one next value of each slot (ambiguity fails),
then appends each option to the series and asks a separately written verifier
(rules.explains_series) whether some rule explains every slot. Exactly the keyed option must pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar

import numpy as np

from question_generators.abstract import panels
from question_generators.abstract.matrix import choose_alternatives, code_words, mistake_text, rule_sentence
from question_generators.abstract.panels import MODES, MULTI, OBJECTS, PACKAGE, Panel, describe, kind
from question_generators.abstract.rules import explains_series, generate_series, in_domain, predict_series, step
from question_generators.base import BaseGenerator, check_options, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import LETTERS, Item, Option

INTERCEPT = -3.4
SERIES_W = {"step": 0.9, "big_step": 1.3, "cycle2": 1.0, "cycle3": 1.4}
LOAD_W, OBJECTS_W, MULTI_W = 0.3, 0.4, 0.2
JITTER, WINDOW = 0.2, 0.25
NARROW = 9  # characters per panel in the terminal row
MODE_NAMES = tuple(MODES)
# Series rules per attribute kind: (rule, parameter choices, weight class)
SERIES_RULES: dict[str, tuple[tuple[str, tuple[int, ...], str], ...]] = {
    "rotation": (("progression", (1, -1, 2, -2), "step"), ("progression", (3, -3), "big_step"),
                 ("cycle", (3,), "cycle3")),
    "count": (("progression", (1, -1), "step"), ("progression", (2, -2), "big_step"), ("cycle", (2,), "cycle2")),
    "position": (("progression", (1, -1), "step"), ("progression", (2, -2, 3, -3), "big_step")),
    "shading": (("cycle", (2,), "cycle2"), ("cycle", (3,), "cycle3")),
    "shape": (("cycle", (2,), "cycle2"), ("cycle", (3,), "cycle3")),
    "size": (("progression", (1, -1), "step"), ("cycle", (2,), "cycle2"), ("cycle", (3,), "cycle3")),
}
Spec = tuple[tuple[str, str], ...]  # per slot: (rule, weight class); ("constant", "") stays


def plan_difficulty(mode: str, spec: Spec) -> float:
    changing = [w for r, w in spec if r != "constant"]
    b = INTERCEPT + sum(SERIES_W[w] for w in changing) + LOAD_W * max(0, len(changing) - 2)
    return round(b + OBJECTS_W * (OBJECTS[mode] == 2) + MULTI_W * (mode in MULTI), 3)


@cache
def all_plans() -> tuple[tuple[tuple[str, Spec], float], ...]:
    out = []
    for mode, slots in MODES.items():
        choices = [[("constant", "")] + [(r, w) for r, _, w in SERIES_RULES[kind(s)]] for s in slots]
        for spec in itertools.product(*choices):
            if any(r != "constant" for r, _ in spec):
                out.append(((mode, spec), plan_difficulty(mode, spec)))
    return tuple(out)


@cache
def _near(target: float) -> tuple[tuple[int, ...], ...]:
    plans = all_plans()
    gaps = [abs(b - target) for _, b in plans]
    limit = WINDOW if min(gaps) <= WINDOW else min(gaps) + 0.05
    by_mode: dict[str, list[int]] = {}
    for i, ((mode, _), _b) in enumerate(plans):
        if gaps[i] <= limit:
            by_mode.setdefault(mode, []).append(i)
    return tuple(tuple(by_mode[m]) for m in MODE_NAMES if m in by_mode)


def pick_plan(rng: np.random.Generator, difficulty: float) -> tuple[str, Spec]:
    groups = _near(round(difficulty + float(rng.normal(0.0, JITTER)), 2))
    group = groups[int(rng.integers(len(groups)))]
    return all_plans()[group[int(rng.integers(len(group)))]][0]


def _candidates(attr: str, rule: str, param: int, series: list[int]) -> list[tuple[int, str]]:
    """Wrong next values, most plausible first, each a named mistake."""
    key, last = series[-1], series[-2]
    out: list[tuple[int | None, str]] = []
    if rule == "progression":
        out += [(step(attr, key, param), "overshoot"), (last, "copy_last"), (step(attr, last, -param), "wrong_way")]
    elif rule == "cycle":
        out += [(last, "copy_last"), *((v, "start_again") for v in series[:param])]
    if attr == "count":
        out += [(key + 1, "one_more"), (key - 1, "one_less")]
    if attr == "rotation":
        out += [((key + 1) % 8, "other"), ((key - 1) % 8, "other")]
    if attr == "position":
        for cell in range(9):
            bit = 1 << ((cell * 5 + key) % 9)
            out.append((key ^ bit, "one_less" if key & bit else "one_more"))
    seen = {key}
    result = []
    for value, name in out:
        if value is not None and value not in seen and in_domain(attr, value):
            seen.add(value)
            result.append((value, name))
    return result


class SeriesGenerator(BaseGenerator):
    """Figure series: which figure continues a row that changes step by step?

    See the module docstring for the modes, the rules, the option code and the difficulty model
    (kind and number of changing slots, objects).
    """

    family = "abstract.series"
    section = "abstract"
    version = 4
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    title = "Figure series"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)
        self.words = self.phrases["series"]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        return self.redraw(rng, lambda r: self._attempt(r, *pick_plan(r, difficulty)))

    def _attempt(self, rng: np.random.Generator, mode: str, spec: Spec) -> Item | None:
        slots = MODES[mode]
        rules: dict[str, tuple[str, int]] = {}
        for slot, (rule, weight) in zip(slots, spec, strict=True):
            if rule == "constant":
                rules[slot] = ("constant", 0)
                continue
            params = next(p for r, p, w in SERIES_RULES[kind(slot)] if r == rule and w == weight)
            rules[slot] = (rule, int(params[int(rng.integers(len(params)))]))
        cycle3 = any(r == "cycle" and p == 3 for r, p in rules.values())
        shown_count = 5 if cycle3 else int(rng.integers(4, 6))
        series: dict[str, list[int]] = {}
        for slot in slots:
            drawn = generate_series(kind(slot), rules[slot][0], rules[slot][1], shown_count + 1, rng)
            if drawn is None:
                return None
            series[slot] = drawn
        figures = [tuple(series[s][i] for s in slots) for i in range(shown_count + 1)]
        key_panel = figures[-1]
        for i, slot in enumerate(slots):
            if list(predict_series(kind(slot), [f[i] for f in figures[:-1]])) != [key_panel[i]]:
                return None
        values: list[list[tuple[int, str | None]]] = []
        for i, slot in enumerate(slots):
            pool = _candidates(kind(slot), rules[slot][0], rules[slot][1], series[slot])
            alts = choose_alternatives(kind(slot), pool, key_panel[i], 1, rng)
            if alts is None:
                return None
            values.append([(key_panel[i], None), alts[0]])
        built = []
        for word in code_words(2, len(slots)):
            combo = [values[i][w] for i, w in enumerate(word)]
            built.append((tuple(v for v, _ in combo),
                          mistake_text(self.phrases, mode, slots, ["row"] * len(slots), combo, self.lang)))
        order = [int(i) for i in rng.permutation(len(built))]
        shown_opts = [built[i][0] for i in order]
        key_index = order.index(0)
        options = tuple(Option(describe(mode, built[i][0], self.lang), None, built[i][1]) for i in order)
        changing = sum(1 for r, _ in spec if r != "constant")
        hard = sum(1 for r, w in spec if w in ("big_step", "cycle3"))
        prompts = self.words["prompt"]
        kinds = sorted({w for r, w in spec if r != "constant"}, key=SERIES_W.__getitem__)
        content = "|".join(["s", mode, ",".join(f"{r}:{p}" for r, p in rules.values()),
                            ";".join(".".join(map(str, f)) for f in figures)])
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompts[int(rng.integers(len(prompts)))],
            figure=self._figure(mode, figures[:-1], shown_opts),
            explanation=self._explain(mode, rules, series, key_panel, LETTERS[key_index]),
            difficulty=plan_difficulty(mode, spec), discrimination=round(0.9 + 0.1 * min(changing, 3), 3),
            time_s=25.0 + 10 * changing + 6 * hard, options=options, key=key_index,
            params={"mode": mode, "rules": {s: list(rules[s]) for s in slots}, "changing": changing, "hard": hard,
                    "objects": OBJECTS[mode],
                    "shown": [list(f) for f in figures[:-1]], "options": [list(p) for p in shown_opts],
                    "content": content, "spread": [f"series:{mode}-{kinds[-1]}"]},
        )

    # -- rendering ------------------------------------------------------------------------------
    def _text(self, mode: str, shown: Sequence[Panel]) -> str:
        labels = [str(i + 1) for i in range(len(shown))] + [""]  # the empty box shows the "?"
        return panels.text_row(mode, [*shown, None], self.lang, width=NARROW, labels=labels)

    def _figure(self, mode: str, shown: Sequence[Panel], options: Sequence[Panel]) -> Svg:
        step_x = panels.CELL + 8
        count = len(shown) + 1
        width = max(count * step_x + 16, 4 * panels.CELL + 3 * 14 + 24)
        left = (width - (count * step_x - 8)) / 2
        body = [panels.svg_cell(mode, shown[i] if i < len(shown) else None, left + i * step_x, 8)
                for i in range(count)]
        opts, bottom = panels.svg_options(mode, options, 8 + panels.CELL + 10, width)
        cells = ", ".join(describe(mode, p, self.lang) for p in shown)
        alt = self.words["alt"].format(n=len(shown), cells=cells, options="; ".join(
            f"{LETTERS[i]}: {describe(mode, p, self.lang)}" for i, p in enumerate(options)))
        svg = panels.svg_document(width, bottom + 10, "".join(body) + opts, alt)
        return Svg(svg=svg, text=self._text(mode, shown), alt=alt)

    def _explain(self, mode: str, rules: dict[str, tuple[str, int]], series: dict[str, list[int]], key: Panel,
                 letter: str) -> str:
        lines = [self.words["intro"]]
        for slot in MODES[mode]:
            rule, param = rules[slot]
            info: dict[str, Any] = {"d": param}
            if rule == "cycle":
                info["cycle"] = series[slot][:param]
            name = panels.slot_name(mode, slot, self.lang)
            lines.append(rule_sentence(self.phrases["rules"], kind(slot), name, name, rule, info,
                                       series[slot][:-1], self.lang, series=True))
        lines.append(self.words["answer"].format(figure=describe(mode, key, self.lang), letter=letter))
        return " ".join(lines)

    # -- check ----------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        mode = item.params.get("mode")
        if mode not in MODES:
            raise ItemCheckError(f"item {item.id}: unknown mode {mode!r}")
        slots = MODES[mode]
        shown = [tuple(f) for f in item.params["shown"]]
        opts = [tuple(o) for o in item.params["options"]]
        if not 4 <= len(shown) <= 5 or len(opts) != len(item.options) \
                or any(len(p) != len(slots) for p in shown + opts):
            raise ItemCheckError(f"item {item.id}: needs 4-5 shown figures and one figure per option")
        for letter, panel, option in zip(LETTERS, opts, item.options, strict=False):
            if option.text != describe(mode, panel, self.lang):
                raise ItemCheckError(f"item {item.id}: option {letter} does not describe its figure")
        if item.figure is None or item.figure.to_text() != self._text(mode, shown):
            raise ItemCheckError(f"item {item.id}: the text figure does not show the series")
        if len(set(opts)) != len(opts):
            raise ItemCheckError(f"item {item.id}: two options show the same figure")
        for i, slot in enumerate(slots):  # the shown figures must settle each slot of the next
            if len(predict_series(kind(slot), [f[i] for f in shown])) != 1:
                raise ItemCheckError(f"item {item.id}: the shown figures allow several next values of the {slot}")
        correct = [j for j, panel in enumerate(opts)
                   if all(explains_series(kind(slot), [f[i] for f in shown] + [panel[i]])
                          for i, slot in enumerate(slots))]
        require_single_key(item, correct)
