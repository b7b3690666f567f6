"""Figure matrices at the level of Raven's Advanced Progressive Matrices: a 3x3 grid, the last cell missing.

Cells hold one object (a figure, an arrow, several figures by number or by position) or two
objects with attributes of their own (a figure inside a figure, an arrow turning inside a figure,
two overlapping figures; see panels.py). Every slot (an object's attribute) follows one rule
(rules.py), along the rows or down the columns: constant, progression, plus / minus (number of
figures), OR / AND / XOR of positions, distribute-three (a Latin square). The 8 shown cells must
determine every slot of the missing one, whichever direction a candidate reads (generate()
rejects a draw in which two rules, in either direction, give different values).

Options (I-RAVEN attribute tree): always 8. Every slot gets one wrong value, a named mistake
(copied the figure above, one step too many, added instead of subtracting, kept positions that
cancel out ...). With three slots the options are all 2 x 2 x 2 combinations of right and wrong
values; with four, the 8 words of the even-weight code (the key right everywhere, each other
option wrong in two or four slots). Either way each value of the key appears in exactly half of
the options and every option has the same pattern of distances to the others, so no option-only
strategy (the modal option, the middle value, the most alike) beats chance; the key's rank among
the two values of an ordered slot is drawn at random.

Difficulty model (IRT logit b), after Carpenter, Just & Shell (1990): difficulty grows with the
number of rule tokens, with the kind of rule (pairwise progression is easiest, distribution of
three values and figure addition / subtraction harder, distribution of two values, here XOR of
positions, hardest) and with the working memory the rules hold at once; finding which object
corresponds to which (two objects, the RAVEN out-in and left-right configurations) and reading
a rule down the columns while another runs along the rows add to it. With the weights in RULE_W

    b = -3.6 + sum(RULE_W[rule] over active rules) + 0.3 * column rules
        + 0.3 * max(0, active - 2) + 0.4 * (two objects) + 0.2 * (several figures per cell)

(constant rules count 0), so one progression in one figure is b = -2.6 and four rules on two
objects reach +2.6. generate() draws a target b (the request plus a seeded jitter, sd 0.2) and
a plan (mode, rule and direction per slot) whose b lies within 0.25 of it, the mode first, so
that every mode with a plan near the target appears. a = 1.0 + 0.05 * active; typical time
35 s + 12 s per active rule + 4 s per column rule + 6 s for two objects.

check() reads the 8 shown cells and the options from the item, confirms that the text figure
and every option text show exactly those figures, then for each slot enumerates every candidate
rule over the cells along the rows and down the columns (rules.predict_both: more than one value
for the 9th cell means an ambiguous item) and fills each option into the 9th cell for a
separately written verifier (rules.explains_both) to say whether some rule explains all three
rows or all three columns. Exactly the keyed option must pass every slot.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar

import numpy as np

from question_generators.abstract import panels
from question_generators.abstract.panels import MODES, MULTI, OBJECTS, PACKAGE, Panel, describe, kind, value_name
from question_generators.abstract.rules import (
    RULES_BY_ATTR,
    explains_both,
    generate_rows,
    in_domain,
    predict_both,
    step,
    transpose,
)
from question_generators.base import BaseGenerator, check_options, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import LETTERS, Item, Option

INTERCEPT = -3.6
# Weight per rule kind (Carpenter, Just & Shell 1990: pairwise progression < distribution of
# three / addition / subtraction < distribution of two values, here XOR of positions).
RULE_W = {"constant": 0.0, "progression": 1.0, "distribute": 1.3, "plus": 1.4, "minus": 1.4,
          "or": 1.4, "and": 1.4, "xor": 1.7}
COLUMN_W, LOAD_W, OBJECTS_W, MULTI_W = 0.3, 0.3, 0.4, 0.2
JITTER, WINDOW = 0.2, 0.25
MODE_NAMES = tuple(MODES)
GRID_GAP = 6
N_OPTIONS = 8
# Generator matrices of the option codes: column j says in which of the 3 (matrix) or 2
# (series) basis directions slot j takes its wrong value. Rank = 3 (2): 8 (4) distinct options.
CODES = {(3, 3): ((1, 0, 0), (0, 1, 0), (0, 0, 1)), (3, 4): ((1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1)),
         (2, 3): ((1, 0), (0, 1), (1, 1)), (2, 4): ((1, 0), (0, 1), (1, 1), (1, 0))}

Plan = tuple[str, tuple[tuple[str, str], ...]]  # (mode, ((rule, "row" | "col") per slot))


def plan_difficulty(mode: str, rules: Sequence[tuple[str, str]]) -> float:
    active = [(r, d) for r, d in rules if r != "constant"]
    b = INTERCEPT + sum(RULE_W[r] for r, _ in active)
    b += COLUMN_W * sum(1 for r, d in active if d == "col")
    b += LOAD_W * max(0, len(active) - 2) + OBJECTS_W * (OBJECTS[mode] == 2) + MULTI_W * (mode in MULTI)
    return round(b, 3)


@cache
def all_plans() -> tuple[tuple[Plan, float], ...]:
    """Every plan with at least one active rule, and its b."""
    out = []
    for mode, slots in MODES.items():
        choices = []
        for slot in slots:
            opts = [("constant", "row")]
            for rule in RULES_BY_ATTR[kind(slot)]:
                if rule == "constant":
                    continue
                opts.append((rule, "row"))
                if rule != "distribute":  # a Latin square holds both ways
                    opts.append((rule, "col"))
            choices.append(opts)
        for combo in itertools.product(*choices):
            if any(r != "constant" for r, _ in combo):
                out.append(((mode, combo), plan_difficulty(mode, combo)))
    return tuple(out)


@cache
def _near(target: float) -> tuple[tuple[int, ...], ...]:
    """Indices into all_plans() of the plans within WINDOW of `target` (rounded to 0.01), one
    tuple per mode that has any (the nearest plans when none is that close)."""
    plans = all_plans()
    gaps = [abs(b - target) for _, b in plans]
    limit = WINDOW if min(gaps) <= WINDOW else min(gaps) + 0.05
    by_mode: dict[str, list[int]] = {}
    for i, ((mode, _), _b) in enumerate(plans):
        if gaps[i] <= limit:
            by_mode.setdefault(mode, []).append(i)
    return tuple(tuple(by_mode[m]) for m in MODE_NAMES if m in by_mode)


def pick_plan(rng: np.random.Generator, difficulty: float) -> Plan:
    """A plan whose b is near the request plus a seeded jitter: the mode first, then the plan."""
    groups = _near(round(difficulty + float(rng.normal(0.0, JITTER)), 2))
    group = groups[int(rng.integers(len(groups)))]
    return all_plans()[group[int(rng.integers(len(group)))]][0]


# -- distractor values --------------------------------------------------------------------------
def _candidates(attr: str, rule: str, info: dict[str, int], m: list[list[int]]) -> list[tuple[int, str]]:
    """Wrong values for the missing cell of `attr` (a kind), most plausible first, each a named
    mistake; `m` holds the rule's lines (rows, or columns for a column rule)."""
    key, a, b, above = m[2][2], m[2][0], m[2][1], m[1][2]
    out: list[tuple[int | None, str]] = []
    if rule == "progression":
        d = info["d"]
        out += [(step(attr, key, d), "overshoot"), (b, "copy_middle"), (a, "wrong_way")]
    elif rule == "plus":
        out += [(a - b, "minus_for_plus"), (key + 1, "one_more"), (key - 1, "one_less")]
    elif rule == "minus":
        out += [(a + b, "plus_for_minus"), (key + 1, "one_more"), (key - 1, "one_less")]
    elif rule == "or":
        out += [(a ^ b, "xor_for_or"), (a & b, "and_for_or")]
    elif rule == "and":
        out += [(a | b, "or_for_and"), (a ^ b, "xor_for_and")]
    elif rule == "xor":
        out += [(a | b, "or_for_xor")]
    elif rule == "distribute":
        out += [(b, "repeat_row"), (a, "repeat_row")]
    out += [(above, "copy_above"), (b, "copy_middle")]
    if attr == "count":
        out += [(key + 1, "one_more"), (key - 1, "one_less")]
    if attr == "position":
        for cell in range(9):
            bit = 1 << ((cell * 5 + key) % 9)
            out.append((key ^ bit, "one_less" if key & bit else "one_more"))
    seen: set[int] = {key}
    result = []
    for value, name in out:
        if value is not None and value not in seen and in_domain(attr, value):
            seen.add(value)
            result.append((value, name))
    return result


def _rank(attr: str, value: int) -> int | None:
    """The order a candidate could exploit (bigger, more figures); None for directions."""
    if attr == "rotation":
        return None
    return value.bit_count() if attr == "position" else value


def choose_alternatives(attr: str, pool: list[tuple[int, str]], key: int, count: int,
                        rng: np.random.Generator) -> list[tuple[int, str]] | None:
    """`count` wrong values, with the key's rank among them drawn uniformly (ties allowed)."""
    rank_key = _rank(attr, key)
    if rank_key is None:
        return pool[:count] if len(pool) >= count else None
    lo, hi = panels.BOUNDS[attr]
    extra = [(v, "other") for v in rng.permutation(np.arange(lo, hi + 1)).tolist()
             if v != key and v not in {p[0] for p in pool}] if attr != "position" else []
    target = int(rng.integers(0, count + 1))  # how many alternatives rank below the key
    for below_needed in sorted(range(count + 1), key=lambda x: (abs(x - target), x)):
        below: list[tuple[int, str]] = []
        above: list[tuple[int, str]] = []
        for value, name in pool + extra:
            r = _rank(attr, value)
            assert r is not None
            side = below if r < rank_key else above if r > rank_key else None
            if side is None:  # a tie (same number of figures) fits either side
                side = below if len(below) < below_needed else above
            limit = below_needed if side is below else count - below_needed
            if len(side) < limit:
                side.append((value, name))
            if len(below) + len(above) == count:
                return below + above
    return None


def code_words(dim: int, slots: int) -> list[tuple[int, ...]]:
    """The 2**dim words of the option code over `slots` slots: 1 = the slot's wrong value."""
    columns = CODES[(dim, slots)]
    return [tuple(sum(x * g for x, g in zip(bits, col, strict=True)) % 2 for col in columns)
            for bits in itertools.product((0, 1), repeat=dim)]


@cache
def _mistake(lang: str, mode: str, slot: str, line: str, value: int, name: str) -> str:
    words = phrases_for(PACKAGE, lang)["mistakes"]
    return (words[name].format(attr=panels.slot_name(mode, slot, lang), line=words[f"line_{line}"],
                               neighbour=words[f"neighbour_{line}"])
            + words["gives"].format(value=value_name(slot, value, lang)))


def mistake_text(phrases: dict[str, Any], mode: str, slots: Sequence[str], lines: Sequence[str],
                 combo: Sequence[tuple[int, str | None]], lang: str) -> str | None:
    wrong = [_mistake(lang, mode, slot, line, value, name)
             for slot, line, (value, name) in zip(slots, lines, combo, strict=True) if name]
    text = phrases["mistakes"]["joiner"].join(wrong)
    return text[:1].upper() + text[1:] if wrong else None


# -- the generator ------------------------------------------------------------------------------
class MatrixGenerator(BaseGenerator):
    """Figure matrices: which figure completes a 3x3 grid whose rows and columns follow rules?

    See the module docstring for the modes, the rules, the 8-option attribute tree and the
    difficulty model (rule kinds and tokens, column rules, objects, working memory).
    """

    family = "abstract.matrix"
    section = "abstract"
    version = 4
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    title = "Figure matrices"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)
        self.words = self.phrases["matrix"]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        return self.redraw(rng, lambda r: self._attempt(r, pick_plan(r, difficulty)))

    def _attempt(self, rng: np.random.Generator, plan: Plan) -> Item | None:
        mode, spec = plan
        slots = MODES[mode]
        lines: dict[str, list[list[int]]] = {}  # per slot: the rule's lines (rows or columns)
        infos: dict[str, dict[str, int]] = {}
        grid: dict[str, list[int]] = {}  # per slot: the 9 values, row-major
        for slot, (rule, direction) in zip(slots, spec, strict=True):
            drawn = generate_rows(kind(slot), rule, rng)
            if drawn is None:
                return None
            lines[slot], infos[slot] = drawn
            flat = [v for row in drawn[0] for v in row]
            grid[slot] = transpose(flat) if direction == "col" else flat
        cells = [tuple(grid[s][i] for s in slots) for i in range(9)]
        if len(set(cells[:8])) < 4:
            return None
        key_panel = cells[8]
        for i, slot in enumerate(slots):  # the 8 shown cells must settle every slot, both ways
            if list(predict_both(kind(slot), [c[i] for c in cells[:8]])) != [key_panel[i]]:
                return None
        values: list[list[tuple[int, str | None]]] = []
        for i, slot in enumerate(slots):
            pool = _candidates(kind(slot), spec[i][0], infos[slot], lines[slot])
            alts = choose_alternatives(kind(slot), pool, key_panel[i], 1, rng)
            if alts is None:
                return None
            values.append([(key_panel[i], None), alts[0]])
        directions = [d for _, d in spec]
        built = []
        for word in code_words(3, len(slots)):
            combo = [values[i][w] for i, w in enumerate(word)]
            built.append((tuple(v for v, _ in combo),
                          mistake_text(self.phrases, mode, slots, directions, combo, self.lang)))
        order = [int(i) for i in rng.permutation(N_OPTIONS)]
        shown_opts = [built[i][0] for i in order]
        key_index = order.index(0)
        options = tuple(Option(describe(mode, built[i][0], self.lang), None, built[i][1]) for i in order)
        active = sum(1 for r, _ in spec if r != "constant")
        columns = sum(1 for r, d in spec if r != "constant" and d == "col")
        legend = any(kind(s) == "shading" and r == "progression" for s, (r, _) in zip(slots, spec, strict=True))
        prompts = self.words["prompt"]
        prompt = prompts[int(rng.integers(len(prompts)))].format(last=LETTERS[N_OPTIONS - 1])
        if legend:
            prompt += " " + self.words["legend_sentence"]
        rules = {s: r for s, (r, _) in zip(slots, spec, strict=True)}
        hardest = max((r for r, _ in spec), key=RULE_W.__getitem__)
        content = "|".join(["m", mode, ",".join(f"{r}:{d}" for r, d in spec),
                            ";".join(".".join(map(str, c)) for c in cells)])
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            figure=self._figure(mode, cells[:8], shown_opts, legend),
            explanation=self._explain(mode, spec, infos, lines, key_panel, LETTERS[key_index]),
            difficulty=plan_difficulty(mode, spec), discrimination=round(1.0 + 0.05 * active, 3),
            time_s=35.0 + 12 * active + 4 * columns + 6 * (OBJECTS[mode] == 2),
            options=options, key=key_index,
            params={"mode": mode, "rules": rules, "directions": {s: d for s, (_, d) in zip(slots, spec, strict=True)},
                    "rule_params": {s: infos[s] for s in slots}, "active": active, "columns": columns,
                    "objects": OBJECTS[mode], "legend": legend,
                    "cells": [list(c) for c in cells[:8]], "options": [list(p) for p in shown_opts],
                    "content": content, "spread": [f"matrix:{mode}-{hardest}"]},
        )

    # -- rendering ------------------------------------------------------------------------------
    def _text(self, mode: str, cells: Sequence[Panel]) -> str:
        rows = [panels.text_row(mode, [*cells[r * 3:r * 3 + 3], None][:3], self.lang).splitlines()
                for r in range(3)]
        return "\n".join(rows[0] + rows[1][1:] + rows[2][1:])

    def _figure(self, mode: str, cells: Sequence[Panel], options: Sequence[Panel], legend: bool) -> Svg:
        step_x = panels.CELL + GRID_GAP
        width = 4 * panels.CELL + 3 * 14 + 24
        left = (width - (3 * panels.CELL + 2 * GRID_GAP)) / 2
        body = [panels.svg_cell(mode, cells[i] if i < 8 else None, left + (i % 3) * step_x, 8 + (i // 3) * step_x)
                for i in range(9)]
        top = 8 + 3 * step_x + 4
        if legend:
            body.append(panels.svg_legend(self.phrases["legend"], top + 6, width, self.lang))
            top += panels.LEGEND_H + 8
        opts, bottom = panels.svg_options(mode, options, top, width, 4)
        words = self.words
        row_texts = []
        for r in range(3):
            row = [describe(mode, c, self.lang) for c in cells[r * 3:r * 3 + 3]]
            if r == 2:
                row.append(words["missing"])
            row_texts.append(words["alt_row"].format(n=r + 1, cells=", ".join(row)))
        alt = words["alt"].format(rows="; ".join(row_texts), options="; ".join(
            f"{LETTERS[i]}: {describe(mode, p, self.lang)}" for i, p in enumerate(options)))
        if legend:
            alt += " " + words["legend_sentence"]
        svg = panels.svg_document(width, bottom + 10, "".join(body) + opts, alt)
        return Svg(svg=svg, text=self._text(mode, cells), alt=alt)

    def _explain(self, mode: str, spec: Sequence[tuple[str, str]], infos: dict[str, dict[str, int]],
                 lines: dict[str, list[list[int]]], key: Panel, letter: str) -> str:
        out = [self.words["intro"]]
        for slot, (rule, direction) in zip(MODES[mode], spec, strict=True):
            out.append(rule_sentence(self.phrases["rules"], kind(slot), panels.slot_name(mode, slot, self.lang),
                                     panels.slot_name(mode, slot, self.lang, plural=True), rule, infos[slot],
                                     lines[slot][2], self.lang, direction=direction))
        out.append(self.words["answer"].format(figure=describe(mode, key, self.lang), letter=letter))
        return " ".join(out)

    # -- check ----------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        params = item.params
        mode = params.get("mode")
        if mode not in MODES:
            raise ItemCheckError(f"item {item.id}: unknown mode {mode!r}")
        cells = [tuple(c) for c in params["cells"]]
        opts = [tuple(o) for o in params["options"]]
        slots = MODES[mode]
        if len(cells) != 8 or len(opts) != len(item.options) or any(len(p) != len(slots) for p in cells + opts):
            raise ItemCheckError(f"item {item.id}: needs 8 shown cells and one figure per option")
        for letter, panel, option in zip(LETTERS, opts, item.options, strict=False):
            if option.text != describe(mode, panel, self.lang):
                raise ItemCheckError(f"item {item.id}: option {letter} does not describe its figure")
        if item.figure is None or item.figure.to_text() != self._text(mode, cells):
            raise ItemCheckError(f"item {item.id}: the text figure does not show the matrix")
        if len(set(opts)) != len(opts):
            raise ItemCheckError(f"item {item.id}: two options show the same figure")
        fits: list[dict[int, bool]] = []  # per slot: does each option's value complete the rows or columns?
        for i, slot in enumerate(slots):
            shown = [c[i] for c in cells]
            if len(predict_both(kind(slot), shown)) != 1:
                raise ItemCheckError(f"item {item.id}: the shown cells allow several values of the {slot}")
            fits.append({v: bool(explains_both(kind(slot), [*shown, v])) for v in {o[i] for o in opts}})
        correct = [j for j, panel in enumerate(opts) if all(fits[i][panel[i]] for i in range(len(slots)))]
        require_single_key(item, correct)


def rule_sentence(words: dict[str, Any], attr: str, name: str, plural: str, rule: str, info: dict[str, Any],
                  row: Sequence[int], lang: str, series: bool = False, direction: str = "row") -> str:
    """One sentence naming the rule of a slot (`attr` is its kind) with the actual values of the
    last row or column (matrix) or of the whole series."""
    sep = ", " if attr == "rotation" else " \u2192 "  # arrows would blur with the direction glyphs
    values = sep.join(value_name(attr, v, lang) for v in row)
    where = words["where_series" if series else f"where_{direction}"]
    if not series:
        values = words[f"values_{direction}"].format(values=values)
    cap = name[:1].upper() + name[1:]  # for a language whose sentences start with the name (Bokmål)
    if rule == "constant":
        return (words["constant_series"].format(attr=name, attr_cap=cap, value=value_name(attr, row[0], lang))
                if series else words["constant"].format(attr=name, attr_cap=cap, where=where))
    if rule == "progression":
        d = int(info["d"])
        n = abs(d)
        key = f"{attr}_{'up' if d > 0 else 'down'}"
        if n == 1 and f"{key}_one" in words:  # the number word takes its noun's gender (én side, ett trinn)
            key += "_one"
        return words[key].format(attr=name, attr_cap=cap,
            n=words["numbers"][n] if n < len(words["numbers"]) else n, s="s" if n > 1 else "",
            degrees=45 * n, where=where, values=values)
    if rule in ("plus", "minus"):
        return words[rule].format(a=row[0], b=row[1], c=row[2], line=words[f"line_{direction}"])
    if rule in ("or", "and", "xor"):
        return words[rule].format(where=where)
    if rule == "cycle":
        cycle = ", ".join(value_name(attr, v, lang) for v in info["cycle"])
        return words["cycle_series"].format(attr=name, attr_cap=cap, values=cycle)
    listed = ", ".join(value_name(attr, v, lang) for v in sorted(set(row)))
    return words["distribute"].format(attrs=plural, line=words[f"line_{direction}"], values=listed,
                                      missing=value_name(attr, row[2], lang))
