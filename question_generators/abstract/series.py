"""Figure series: a row of 4-5 figures changing step by step; which figure comes next?

The figures are the panels of panels.py (one figure, one arrow, a number of figures, figures on
positions). One, two or three attributes change along the row by a series rule, the others stay
the same:

    progression  a fixed step: the arrow turns 45, 90 or 135 degrees, the number of figures goes
                 up or down by 1 or 2, the figures move 1-3 places around the frame, the size grows
    cycle        2 or 3 values repeat in order (shading, shape, size, direction, number)

A cycle of 3 is only used with 5 shown figures and a cycle of 2 with at least 4, so that the
shown figures repeat the cycle before the answer (rules.predict_series demands it). generate()
rejects a draw whose shown figures allow two different next values for any attribute.

Options: 4, a 2 x 2 attribute tree over two attributes (the changing ones first), so every
attribute value occurs equally often among the options; the key's rank among ordered values is
drawn uniformly; each wrong value is a named mistake (one step too many, repeated the last
figure, turned the wrong way, restarted the cycle too early ...).

Difficulty model (IRT logit b). The requested difficulty plus a seeded jitter (sd 0.35) is sliced
into seven bands (changing attributes, hard rules):

    (1, 0) (1, 1) (2, 0) (2, 1) (2, 2) (3, 1) (3, 2)

with hard = a cycle of 3, a step of 2 or more figures / places, or a 135-degree turn. Then

    b = -2.5 + 1.2 * (changing - 1) + 0.8 * hard

a = 0.9 + 0.1 * changing; typical time 25 s + 10 s per changing attribute + 6 s per hard rule.

check() reads the shown figures and the options from the item, confirms that the text figure and
the option texts show exactly them, infers the one next value of each attribute (ambiguity fails),
then appends each option to the series and asks a separately written verifier
(rules.explains_series) whether some rule explains every attribute.
Exactly the keyed option must pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from question_generators.abstract import panels
from question_generators.abstract.matrix import choose_alternatives, rule_sentence
from question_generators.abstract.panels import MODES, PACKAGE, Panel, describe
from question_generators.abstract.rules import explains_series, generate_series, in_domain, predict_series, step
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

PLANS = ((1, 0), (1, 1), (2, 0), (2, 1), (2, 2), (3, 1), (3, 2))
WEIGHTS = {"changing": 1.2, "hard": 0.8}
INTERCEPT = -2.5
NARROW = 9  # characters per panel in the terminal row
# Series rules per attribute: (rule, parameter choices, hard?)
SERIES_RULES: dict[str, tuple[tuple[str, tuple[int, ...], bool], ...]] = {
    "rotation": (("progression", (1, -1, 2, -2), False), ("progression", (3, -3), True), ("cycle", (3,), True)),
    "count": (("progression", (1, -1), False), ("progression", (2, -2), True), ("cycle", (2,), False)),
    "position": (("progression", (1, -1), False), ("progression", (2, -2, 3, -3), True)),
    "shading": (("cycle", (2,), False), ("cycle", (3,), True)),
    "shape": (("cycle", (2,), False), ("cycle", (3,), True)),
    "size": (("progression", (1, -1), False), ("cycle", (2,), False), ("cycle", (3,), True)),
}


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

    See the module docstring for the rules, the option tree and the difficulty model
    (changing attributes, hard rules).
    """

    family = "abstract.series"
    section = "abstract"
    version = 2
    title = "Figure series"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)
        self.words = self.phrases["series"]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        band = level_of(difficulty, len(PLANS), rng, spread=0.35)
        return self.redraw(rng, lambda r: self._attempt(r, *PLANS[band]))

    def _attempt(self, rng: np.random.Generator, n_changing: int, n_hard: int) -> Item | None:
        mode = tuple(MODES)[int(rng.integers(len(MODES)))]
        attrs = MODES[mode]
        order = [attrs[int(i)] for i in rng.permutation(3)]
        changing, hard = order[:n_changing], set(order[:n_hard])
        shown_count = int(rng.integers(4, 6))
        rules: dict[str, tuple[str, int]] = {}
        series: dict[str, list[int]] = {}
        for attr in attrs:
            if attr in changing:
                choices = [(r, p) for r, params, h in SERIES_RULES[attr] if h == (attr in hard) for p in params]
                rule, param = choices[int(rng.integers(len(choices)))]
                if rule == "cycle" and param == 3:
                    shown_count = 5
            else:
                rule, param = "constant", 0
            rules[attr] = (rule, param)
        for attr in attrs:
            drawn = generate_series(attr, rules[attr][0], rules[attr][1], shown_count + 1, rng)
            if drawn is None:
                return None
            series[attr] = drawn
        figures = [tuple(series[a][i] for a in attrs) for i in range(shown_count + 1)]
        key_panel = figures[-1]
        for i, attr in enumerate(attrs):
            if list(predict_series(attr, [f[i] for f in figures[:-1]])) != [key_panel[i]]:
                return None
        built = self._options(rng, attrs, rules, series, key_panel, changing)
        if built is None:
            return None
        option_panels, mistakes = built
        order_opts = [int(i) for i in rng.permutation(len(option_panels))]
        shown_opts = [option_panels[i] for i in order_opts]
        key_index = order_opts.index(0)
        options = tuple(Option(describe(mode, p, self.lang), None, mistakes[i])
                        for p, i in zip(shown_opts, order_opts, strict=True))
        hard_real = sum(1 for a in changing if a in hard)
        features = {"changing": n_changing, "hard": hard_real}
        b = linear_difficulty(INTERCEPT - WEIGHTS["changing"], WEIGHTS, features)
        prompts = self.words["prompt"]
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompts[int(rng.integers(len(prompts)))],
            figure=self._figure(mode, figures[:-1], shown_opts),
            explanation=self._explain(mode, attrs, rules, series, key_panel, LETTERS[key_index]),
            difficulty=b, discrimination=round(0.9 + 0.1 * n_changing, 3),
            time_s=25.0 + 10 * n_changing + 6 * hard_real, options=options, key=key_index,
            params={"mode": mode, "rules": {a: list(rules[a]) for a in attrs}, **features,
                    "shown": [list(f) for f in figures[:-1]], "options": [list(p) for p in shown_opts]},
        )

    def _options(self, rng: np.random.Generator, attrs: Sequence[str], rules: dict[str, tuple[str, int]],
                 series: dict[str, list[int]], key: Panel,
                 changing: Sequence[str]) -> tuple[list[Panel], list[str | None]] | None:
        rest = [a for a in attrs if a not in changing]
        tree = ([*changing] + [rest[int(i)] for i in rng.permutation(len(rest))])[:2]
        values: list[list[tuple[int, str | None]]] = []
        for i, attr in enumerate(attrs):
            if attr not in tree:
                values.append([(key[i], None)])
                continue
            pool = _candidates(attr, rules[attr][0], rules[attr][1], series[attr])
            alts = choose_alternatives(attr, pool, key[i], 1, rng)
            if alts is None:
                return None
            values.append([(key[i], None), *alts])
        names = self.phrases["names"]["attribute"]
        words = self.phrases["mistakes"]
        out: list[Panel] = []
        mistakes: list[str | None] = []
        for combo in itertools.product(*values):
            out.append(tuple(v for v, _ in combo))
            wrong = [words[m].format(attr=names[attrs[i]]) + words["gives"].format(
                value=panels.value_name(attrs[i], v, self.lang)) for i, (v, m) in enumerate(combo) if m]
            text = words["joiner"].join(wrong)
            mistakes.append(text[:1].upper() + text[1:] if wrong else None)
        return out, mistakes

    # -- rendering ------------------------------------------------------------------------------
    def _text(self, mode: str, shown: Sequence[Panel]) -> str:
        labels = [str(i + 1) for i in range(len(shown))] + [""]  # the empty box shows the "?"
        return panels.text_row(mode, [*shown, None], self.lang, width=NARROW, labels=labels)

    def _figure(self, mode: str, shown: Sequence[Panel], options: Sequence[Panel]) -> Svg:
        step_x = panels.CELL + 8
        count = len(shown) + 1
        width = max(count * step_x + 8, 4 * panels.CELL + 3 * 14 + 16)
        left = (width - (count * step_x - 8)) / 2
        body = [panels.svg_cell(mode, shown[i] if i < len(shown) else None, left + i * step_x, 8)
                for i in range(count)]
        opts, bottom = panels.svg_options(mode, options, 8 + panels.CELL + 10, width)
        cells = ", ".join(describe(mode, p, self.lang) for p in shown)
        alt = self.words["alt"].format(n=len(shown), cells=cells, options="; ".join(
            f"{LETTERS[i]}: {describe(mode, p, self.lang)}" for i, p in enumerate(options)))
        svg = panels.svg_document(width, bottom + 10, "".join(body) + opts, alt)
        return Svg(svg=svg, text=self._text(mode, shown), alt=alt)

    def _explain(self, mode: str, attrs: Sequence[str], rules: dict[str, tuple[str, int]],
                 series: dict[str, list[int]], key: Panel, letter: str) -> str:
        names = self.phrases["names"]["attribute"]
        lines = [self.words["intro"]]
        for attr in attrs:
            rule, param = rules[attr]
            info: dict[str, Any] = {"d": param}
            if rule == "cycle":
                info["cycle"] = series[attr][:param]
            lines.append(rule_sentence(self.phrases["rules"], attr, names[attr], names[attr], rule, info,
                                       series[attr][:-1], self.lang, series=True))
        lines.append(self.words["answer"].format(figure=describe(mode, key, self.lang), letter=letter))
        return " ".join(lines)

    # -- check ----------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        mode = item.params.get("mode")
        if mode not in MODES:
            raise ItemCheckError(f"item {item.id}: unknown mode {mode!r}")
        shown = [tuple(f) for f in item.params["shown"]]
        opts = [tuple(o) for o in item.params["options"]]
        if not 4 <= len(shown) <= 5 or len(opts) != len(item.options):
            raise ItemCheckError(f"item {item.id}: needs 4-5 shown figures and one figure per option")
        for letter, panel, option in zip(LETTERS, opts, item.options, strict=False):
            if option.text != describe(mode, panel, self.lang):
                raise ItemCheckError(f"item {item.id}: option {letter} does not describe its figure")
        if item.figure is None or item.figure.to_text() != self._text(mode, shown):
            raise ItemCheckError(f"item {item.id}: the text figure does not show the series")
        if len(set(opts)) != len(opts):
            raise ItemCheckError(f"item {item.id}: two options show the same figure")
        attrs = MODES[mode]
        for i, attr in enumerate(attrs):  # the shown figures must settle each attribute of the next
            if len(predict_series(attr, [f[i] for f in shown])) != 1:
                raise ItemCheckError(f"item {item.id}: the shown figures allow several next values of the {attr}")
        correct = [j for j, panel in enumerate(opts)
                   if all(explains_series(attr, [f[i] for f in shown] + [panel[i]]) for i, attr in enumerate(attrs))]
        require_single_key(item, correct)
