"""Figure matrices: a 3x3 grid of figures with the last cell missing, rules running along the rows.

Each item has a mode (see panels.py: one figure, one arrow, a number of figures, figures on
positions) with three attributes, and one rule per attribute (rules.py): constant, progression,
plus / minus (number of figures), overlay or XOR (positions), distribute-three. The 8 shown
cells must determine every attribute of the missing one (generate() rejects a draw in which two
rules consistent with the 8 cells give different values).

Options (I-RAVEN style attribute tree). For 8 options every attribute of the answer gets one
wrong alternative, and the options are all 2 x 2 x 2 combinations; for 6 options one attribute
gets two alternatives and another one, 3 x 2 combinations. So every attribute value shown occurs
equally often among the options: the modal option gives nothing away, and the key's rank among
the values of an ordered attribute is drawn uniformly. Each wrong value is a named mistake
(copied the figure above, one step too many, added instead of subtracting, kept positions that
cancel out ...).

Difficulty model (IRT logit b). The requested difficulty plus a seeded jitter (sd 0.35) is sliced
into seven bands, each a plan of (active rules, hard rules, options):

    band  0: (1, 0, 6)  1: (1, 1, 6)  2: (2, 0, 6)  3: (2, 1, 8)  4: (3, 1, 8)
          5: (3, 2, 8)  6: (3, 3, 8)

where an active rule is any rule but constant and a hard rule is plus, minus, overlay, XOR or
distribute-three (progressions are the easy ones). The item's b is then

    b = -2.4 + 1.0 * (active - 1) + 0.7 * hard + 0.3 * multi + 0.3 * (options == 8)

with multi = 1 for the modes with several figures per cell (number, position). a = 1.0 + 0.05 *
active; typical time 35 s + 10 s per active rule + 6 s per hard rule + 5 s for 8 options.

check() reads the 8 shown cells and the options from the item, confirms that the text figure and
every option text show exactly those figures, infers from the 8 cells the one value each attribute
of the 9th cell can take (rules.predict: every rule consistent with the 8 cells; more than one
value means an ambiguous item), then fills each option into the 9th cell and asks a separately
written verifier (rules.explains) whether some rule explains every attribute along all three
rows. Exactly the keyed option must pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from question_generators.abstract import panels
from question_generators.abstract.panels import MODES, PACKAGE, Panel, describe, value_name
from question_generators.abstract.rules import HARD, RULES_BY_ATTR, explains, generate_rows, in_domain, predict, step
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

PLANS = ((1, 0, 6), (1, 1, 6), (2, 0, 6), (2, 1, 8), (3, 1, 8), (3, 2, 8), (3, 3, 8))
WEIGHTS = {"active": 1.0, "hard": 0.7, "multi": 0.3, "eight": 0.3}
INTERCEPT = -2.4
MODE_NAMES = tuple(MODES)
GRID_GAP = 6


# -- distractor values --------------------------------------------------------------------------
def _candidates(attr: str, rule: str, info: dict[str, int], m: list[list[int]]) -> list[tuple[int, str]]:
    """Wrong values for the missing cell of `attr`, most plausible first, each a named mistake."""
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
        out += [(a ^ b, "xor_for_or")]
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


# -- the generator ------------------------------------------------------------------------------
class MatrixGenerator(BaseGenerator):
    """Figure matrices: which figure completes a 3x3 grid whose rows follow rules?

    See the module docstring for the rules, the option tree and the difficulty model
    (active rules, hard rules, figures per cell, number of options).
    """

    family = "abstract.matrix"
    section = "abstract"
    version = 2
    title = "Figure matrices"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)
        self.words = self.phrases["matrix"]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        band = level_of(difficulty, len(PLANS), rng, spread=0.35)
        return self.redraw(rng, lambda r: self._attempt(r, *PLANS[band]))

    def _attempt(self, rng: np.random.Generator, n_active: int, n_hard: int, n_options: int) -> Item | None:
        mode = MODE_NAMES[int(rng.integers(len(MODE_NAMES)))]
        attrs = MODES[mode]
        order = [int(i) for i in rng.permutation(3)]
        active = [attrs[i] for i in order[:n_active]]
        hard = set(active[:n_hard])
        rules: dict[str, str] = {}
        matrix: dict[str, list[list[int]]] = {}
        infos: dict[str, dict[str, int]] = {}
        for attr in attrs:
            if attr not in active:
                rule = "constant"
            else:
                choices = [r for r in RULES_BY_ATTR[attr] if r != "constant" and ((r in HARD) == (attr in hard))]
                rule = choices[int(rng.integers(len(choices)))]
            drawn = generate_rows(attr, rule, rng)
            if drawn is None:
                return None
            matrix[attr], infos[attr] = drawn
            rules[attr] = rule
        cells = [tuple(matrix[a][r][c] for a in attrs) for r in range(3) for c in range(3)]
        if len(set(cells[:8])) < 3:
            return None
        key_panel = cells[8]
        for i, attr in enumerate(attrs):  # the 8 shown cells must settle every attribute
            if list(predict(attr, [c[i] for c in cells[:8]])) != [key_panel[i]]:
                return None
        built = self._options(rng, mode, attrs, rules, infos, matrix, key_panel, n_options)
        if built is None:
            return None
        panels_list, mistakes = built
        order_opts = [int(i) for i in rng.permutation(len(panels_list))]
        shown_opts = [panels_list[i] for i in order_opts]
        key_index = order_opts.index(0)
        options = tuple(Option(describe(mode, p, self.lang), None, mistakes[i])
                        for p, i in zip(shown_opts, order_opts, strict=True))
        n_hard_real = sum(1 for a in attrs if rules[a] in HARD)
        features = {"active": n_active, "hard": n_hard_real, "multi": int(mode in ("number", "position")),
                    "eight": int(n_options == 8)}
        b = linear_difficulty(INTERCEPT - WEIGHTS["active"], WEIGHTS, features)
        prompts = self.words["prompt"]
        prompt = prompts[int(rng.integers(len(prompts)))].format(last=LETTERS[n_options - 1])
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt,
            figure=self._figure(mode, cells[:8], shown_opts),
            explanation=self._explain(mode, attrs, rules, infos, matrix, key_panel, LETTERS[key_index]),
            difficulty=b, discrimination=round(1.0 + 0.05 * n_active, 3),
            time_s=35.0 + 10 * n_active + 6 * n_hard_real + 5 * (n_options == 8),
            options=options, key=key_index,
            params={"mode": mode, "rules": {a: rules[a] for a in attrs},
                    "rule_params": {a: infos[a] for a in attrs}, **features,
                    "cells": [list(c) for c in cells[:8]], "options": [list(p) for p in shown_opts]},
        )

    def _options(self, rng: np.random.Generator, mode: str, attrs: Sequence[str], rules: dict[str, str],
                 infos: dict[str, dict[str, int]], matrix: dict[str, list[list[int]]], key: Panel,
                 n_options: int) -> tuple[list[Panel], list[str | None]] | None:
        """The attribute tree: the key first, then every combination of right and wrong values."""
        if n_options == 8:
            counts = {a: 1 for a in attrs}
        else:  # 6 = 3 x 2: two wrong values for one active attribute, one for another
            active = [a for a in attrs if rules[a] != "constant"]
            rest = [a for a in attrs if a not in active]
            pick = active + [rest[int(i)] for i in rng.permutation(len(rest))]
            counts = {pick[0]: 2, pick[1]: 1}
        values: list[list[tuple[int, str | None]]] = []
        for i, attr in enumerate(attrs):
            if attr not in counts:
                values.append([(key[i], None)])
                continue
            pool = _candidates(attr, rules[attr], infos[attr], matrix[attr])
            alts = choose_alternatives(attr, pool, key[i], counts[attr], rng)
            if alts is None:
                return None
            values.append([(key[i], None), *alts])
        names = self.phrases["names"]["attribute"]
        mistakes_words = self.phrases["mistakes"]
        out: list[Panel] = []
        mistakes: list[str | None] = []
        for combo in itertools.product(*values):
            out.append(tuple(v for v, _ in combo))
            wrong = [mistakes_words[m].format(attr=names[attrs[i]]) + mistakes_words["gives"].format(
                value=panels.value_name(attrs[i], v, self.lang)) for i, (v, m) in enumerate(combo) if m]
            text = mistakes_words["joiner"].join(wrong)
            mistakes.append(text[:1].upper() + text[1:] if wrong else None)
        return out, mistakes

    # -- rendering ------------------------------------------------------------------------------
    def _text(self, mode: str, cells: Sequence[Panel]) -> str:
        rows = [panels.text_row(mode, [*cells[r * 3:r * 3 + 3], None][:3], self.lang).splitlines()
                for r in range(3)]
        return "\n".join(rows[0] + rows[1][1:] + rows[2][1:])

    def _figure(self, mode: str, cells: Sequence[Panel], options: Sequence[Panel]) -> Svg:
        step = panels.CELL + GRID_GAP
        width = 4 * panels.CELL + 3 * 14 + 16
        left = (width - (3 * panels.CELL + 2 * GRID_GAP)) / 2
        body = [panels.svg_cell(mode, cells[i] if i < 8 else None, left + (i % 3) * step, 8 + (i // 3) * step)
                for i in range(9)]
        per_row = 3 if len(options) == 6 else 4
        opts, bottom = panels.svg_options(mode, options, 8 + 3 * step + 6, width, per_row)
        words = self.words
        row_texts = []
        for r in range(3):
            row = [describe(mode, c, self.lang) for c in cells[r * 3:r * 3 + 3]]
            if r == 2:
                row.append(words["missing"])
            row_texts.append(words["alt_row"].format(n=r + 1, cells=", ".join(row)))
        alt = words["alt"].format(rows="; ".join(row_texts), options="; ".join(
            f"{LETTERS[i]}: {describe(mode, p, self.lang)}" for i, p in enumerate(options)))
        svg = panels.svg_document(width, bottom + 10, "".join(body) + opts, alt)
        return Svg(svg=svg, text=self._text(mode, cells), alt=alt)

    def _explain(self, mode: str, attrs: Sequence[str], rules: dict[str, str], infos: dict[str, dict[str, int]],
                 matrix: dict[str, list[list[int]]], key: Panel, letter: str) -> str:
        names = self.phrases["names"]["attribute"]
        plural = self.phrases["names"]["attribute_plural"]
        lines = [self.words["intro"]]
        for attr in attrs:
            lines.append(rule_sentence(self.phrases["rules"], attr, names[attr], plural[attr], rules[attr],
                                       infos[attr], matrix[attr][2], self.lang))
        lines.append(self.words["answer"].format(figure=describe(mode, key, self.lang), letter=letter))
        return " ".join(lines)

    # -- check ----------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        params = item.params
        mode = params.get("mode")
        if mode not in MODES:
            raise ItemCheckError(f"item {item.id}: unknown mode {mode!r}")
        cells = [tuple(c) for c in params["cells"]]
        opts = [tuple(o) for o in params["options"]]
        if len(cells) != 8 or len(opts) != len(item.options):
            raise ItemCheckError(f"item {item.id}: needs 8 shown cells and one figure per option")
        for letter, panel, option in zip(LETTERS, opts, item.options, strict=False):
            if option.text != describe(mode, panel, self.lang):
                raise ItemCheckError(f"item {item.id}: option {letter} does not describe its figure")
        if item.figure is None or item.figure.to_text() != self._text(mode, cells):
            raise ItemCheckError(f"item {item.id}: the text figure does not show the matrix")
        if len(set(opts)) != len(opts):
            raise ItemCheckError(f"item {item.id}: two options show the same figure")
        attrs = MODES[mode]
        for i, attr in enumerate(attrs):  # the 8 cells must settle each attribute of the 9th
            if len(predict(attr, [c[i] for c in cells])) != 1:
                raise ItemCheckError(f"item {item.id}: the shown cells allow several values of the {attr}")
        fits: list[dict[int, bool]] = []  # per attribute: does each option's value complete the rows?
        for i, attr in enumerate(attrs):
            shown = [c[i] for c in cells]
            fits.append({v: bool(explains(attr, [*shown, v])) for v in {o[i] for o in opts}})
        correct = [j for j, panel in enumerate(opts) if all(fits[i][panel[i]] for i in range(len(attrs)))]
        require_single_key(item, correct)


def rule_sentence(words: dict[str, Any], attr: str, name: str, plural: str, rule: str, info: dict[str, Any],
                  row: Sequence[int], lang: str, series: bool = False) -> str:
    """One sentence naming the rule of an attribute with the actual values of the last row
    (matrix) or of the whole series."""
    sep = ", " if attr == "rotation" else " \u2192 "  # arrows would blur with the direction glyphs
    values = sep.join(value_name(attr, v, lang) for v in row)
    where = words["where_series" if series else "where_matrix"]
    if not series:
        values = words["values_matrix"].format(values=values)
    if rule == "constant":
        return (words["constant_series"].format(attr=name, value=value_name(attr, row[0], lang)) if series
                else words["constant"].format(attr=name, where=where))
    if rule == "progression":
        d = int(info["d"])
        n = abs(d)
        return words[f"{attr}_{'up' if d > 0 else 'down'}"].format(
            n=words["numbers"][n] if n < len(words["numbers"]) else n, s="s" if n > 1 else "",
            degrees=45 * n, where=where, values=values)
    if rule in ("plus", "minus"):
        return words[rule].format(a=row[0], b=row[1], c=row[2])
    if rule in ("or", "xor"):
        return words[rule]
    if rule == "cycle":
        cycle = ", ".join(value_name(attr, v, lang) for v in info["cycle"])
        return words["cycle_series"].format(attr=name, values=cycle)
    listed = ", ".join(value_name(attr, v, lang) for v in sorted(set(row)))
    return words["distribute"].format(attrs=plural, values=listed, missing=value_name(attr, row[2], lang))
