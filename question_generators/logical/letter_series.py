"""Letter series: the next (or a missing) term of a series of letters, letter pairs or letter-number terms.

Rules. Each term has one or two parts (a letter; a letter and a number, B2, E5, H8; two letters,
AZ, CX, EV), and each part follows one rule: a constant step (small +1..+3, large +4..+6,
back -1..-3, far back -4..-6), growing steps (+1, +2, +3 ...), two alternating steps (+3, -1),
two interleaved series taking turns (A, Z, B, Y ...), or a cycle of three steps (+1, +1, +2,
+1, +1, +2: a rule that changes as the series goes on). The number may be its letter's place;
the second letter may be the first one's mirror (A and Z). Letters may run past Z to A again.

Difficulty model (IRT logit scale b), after Simon & Kotovsky (1963) and Kotovsky & Simon
(1973): series are hard by the number of rules to find and hold at once and by how long the
pattern is before it repeats, not by obscure letters. Each rule has a cost (the tables
LETTER_RULES, NUMBER_RULES, SECOND_LETTER_RULES: step 0 to 0.7, growing 1.0-1.3, alternating
1.3-1.6, interleaved 1.4-1.7, cycle of three 2.3; place 0.2, mirror 0.5) and

    b = -2.8 + cost(first part) + 0.5 wrap + [1.0 + cost(second part) (+ 0.5 if it wraps too)]
             + 0.3 missing

so a one-letter series under a single step or growing rule is never above -0.5 (and never
above +1.5 in any form), and the top (+2.5 .. +3.5) needs two parts with two-step rules, one
of them interleaved or cycling. Every (kinds, rules, wrap, missing) template has its b; a
request draws a template with probability proportional to its prior share (one letter 1/2,
letter-number 1/4, pairs 1/4, missing 1/4; big steps that stay inside A..Z a quarter as
often, as only a handful of series have them) times exp(-(b - d)^2 / (2 * 0.22^2)), so b stays
within about 0.3 of the request. Requests below -2.5 are served at -2.5 (difficulty_range).
Discrimination a = 0.9 + 0.06 cost; time 30 s + 9 s per unit of cost.

Options. One-letter terms: the key and four named slips (one off, wrong way, the step not
grown, the other interleaved series, the wrong step of the cycle ...). Two-part terms: two
wrong values per part, combined on a fixed five-option structure ((0,0), (0,1), (1,0), (1,2),
(2,1); 0 the right value) with the key on a vertex drawn uniformly, so the option that shares
most with the others is the key no more often than chance.

check() reads the terms shown and every option back from the text, splits each term into its
components (letters as alphabet places, numbers), and fits an independent rule library to each
component series with the option in place (constant step, constant second difference,
alternating steps, two interleaved constant-step series, a cycle of three steps, all modulo 26
for letters; for numbers also a constant ratio). A rule counts only when the series is two
terms longer than the rule has parameters. Exactly the keyed option may complete every
component by some rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.logical"
# the cost (added to b) of each rule of the first letters: (rule, variant)
LETTER_RULES: dict[tuple[str, str], float] = {
    ("step", "small"): 0.0, ("step", "large"): 0.3, ("step", "back"): 0.4, ("step", "far_back"): 0.7,
    ("growing", "up"): 1.0, ("growing", "down"): 1.3,
    ("alternating", "small"): 1.3, ("alternating", "large"): 1.6,
    ("interleaved", "same"): 1.4, ("interleaved", "opposite"): 1.7,
    ("cycle", "three"): 2.3,
}
# the number of a letter-number term, and the second letter of a letter pair
NUMBER_RULES: dict[tuple[str, str], float] = {
    ("place", "-"): 0.2, ("step", "small"): 0.1, ("step", "large"): 0.4, ("growing", "up"): 1.0,
    ("alternating", "small"): 1.3}
SECOND_LETTER_RULES: dict[tuple[str, str], float] = {
    ("mirror", "-"): 0.5, **{k: v for k, v in LETTER_RULES.items() if k[0] != "cycle"}}
WEIGHTS = {"wrap": 0.5, "missing": 0.3, "second": 1.0}
INTERCEPT = -2.8
TEMPLATE_TRIES = 25  # draws of one template before another is drawn
SPREAD = 0.22  # sd of the draw of a template around the requested difficulty
MISSING_SHARE = 0.25  # items that ask for a term inside the series instead of the next one
# terms shown besides the blank: two more than the rule's free parameters, and more for rules
# whose pattern needs to be seen twice
SHOWN = {"step": 5, "growing": 5, "alternating": 6, "interleaved": 6, "cycle": 7, "place": 5, "mirror": 5}
# steps of each (rule, variant): a step, (first step, change), (two alternating steps), a cycle
LETTER_STEPS: dict[tuple[str, str], list[Any]] = {
    ("step", "small"): [1, 2, 3], ("step", "large"): [4, 5, 6], ("step", "back"): [-1, -2, -3],
    ("step", "far_back"): [-4, -5, -6],
    ("growing", "up"): [(1, 1), (2, 1), (0, 1)], ("growing", "down"): [(6, -1), (7, -1), (-1, -1), (1, -1)],
    ("alternating", "small"): [(2, -1), (3, -1), (1, 2), (2, 1), (-2, 1), (1, 3), (-1, 2)],
    ("alternating", "large"): [(4, -2), (5, -2), (-2, 5), (-3, 4), (4, -1), (5, -3), (-4, 3)],
    ("interleaved", "same"): [(1, 2), (1, 3), (2, 3), (-1, -2), (-1, -3), (1, 4)],
    ("interleaved", "opposite"): [(1, -1), (2, -1), (1, -2), (3, -1), (2, -2), (3, -2), (1, -3)],
    ("cycle", "three"): [(1, 2, 3), (3, 2, 1), (2, -1, 1), (1, 3, -1), (2, 2, -1), (3, -1, -1),
                         (-2, 1, 4), (1, -2, 3), (1, 1, 2), (2, 3, -2)],
}
NUMBER_STEPS: dict[tuple[str, str], list[Any]] = {
    ("step", "small"): [1, 2, 3], ("step", "large"): [4, 5, 6, 7, -2, -3],
    ("growing", "up"): [(1, 1), (2, 1), (1, 2), (3, 2)],
    ("alternating", "small"): [(2, -1), (3, -1), (4, -2), (1, 3), (3, 1), (5, -3)],
}
# the rule that names an item's kind (its spread key): the hardest of its components
RANK = {"place": 0, "mirror": 1, "arithmetic": 2, "growing": 3, "alternating": 4, "interleaved": 5, "cycle": 6}
TERM_RE = re.compile(r"^([A-Z]+)(\d*)$")

Term = tuple[int, ...]


def letter(x: int) -> str:
    """Alphabet place (any integer, taken modulo 26) to its letter: 1 -> A, 26 -> Z, 27 -> A."""
    return chr(65 + (x - 1) % 26)


# =============================================================================================
# The independent solver: rules fitted to one component series at a time
# =============================================================================================
def _steps(v: Sequence[int], mod: int | None) -> list[int]:
    return [(b - a) % mod if mod else b - a for a, b in itertools.pairwise(v)]


def _same(xs: Sequence[int]) -> bool:
    return all(x == xs[0] for x in xs)


def _constant_step(v: Sequence[int], mod: int | None) -> bool:
    return _same(_steps(v, mod))


def _second_step(v: Sequence[int], mod: int | None) -> bool:
    return _same(_steps(_steps(v, mod), mod))


def _alternating(v: Sequence[int], mod: int | None) -> bool:
    s = _steps(v, mod)
    return _same(s[0::2]) and _same(s[1::2])


def _interleaved(v: Sequence[int], mod: int | None) -> bool:
    return _constant_step(v[0::2], mod) and _constant_step(v[1::2], mod)


def _cycle3(v: Sequence[int], mod: int | None) -> bool:
    s = _steps(v, mod)
    return not _same(s) and all(s[i] == s[i + 3] for i in range(len(s) - 3))


def _ratio(v: Sequence[int], mod: int | None) -> bool:
    if mod or any(x == 0 for x in v):
        return False
    return all(b * b == a * c for a, b, c in zip(v, v[1:], v[2:], strict=False))


# (name, free parameters, test)
LIBRARY: tuple[tuple[str, int, Callable[[Sequence[int], int | None], bool]], ...] = (
    ("constant step", 2, _constant_step),
    ("constant second step", 3, _second_step),
    ("alternating steps", 3, _alternating),
    ("two interleaved series", 4, _interleaved),
    ("a cycle of three steps", 4, _cycle3),
    ("constant ratio", 2, _ratio),
)


def explained(values: Sequence[int], is_letter: bool) -> bool:
    """Does some library rule explain this component series (confirmed by two spare terms)?"""
    return _explained(tuple(values), is_letter)


@lru_cache(maxsize=1 << 16)
def _explained(values: tuple[int, ...], is_letter: bool) -> bool:
    mod = 26 if is_letter else None
    return any(len(values) >= params + 2 and test(values, mod) for _, params, test in LIBRARY)


def parse_term(text: str) -> tuple[str, Term] | None:
    """'C3' -> ('LN', (3, 3)); 'AZ' -> ('LL', (1, 26)); None when not a term."""
    match = TERM_RE.match(text.strip())
    if not match:
        return None
    letters, number = match.groups()
    values = [ord(c) - 64 for c in letters]
    kinds = "L" * len(letters)
    if number:
        values.append(int(number))
        kinds += "N"
    return kinds, tuple(values)


def defensible(shown: Sequence[Term | None], kinds: str, candidate: Term) -> bool:
    """Can every component of the completed series be explained by some rule? `shown` has the
    blank as None (anywhere); without a None the candidate is the next term."""
    full = [candidate if t is None else t for t in shown] if None in shown else [*shown, candidate]
    return all(explained([t[c] for t in full], kinds[c] == "L") for c in range(len(kinds)))


# =============================================================================================
# The generator
# =============================================================================================
def _signed(d: int) -> str:
    return f"+{d}" if d >= 0 else f"\u2212{-d}"


class _Component:
    """One component series: its values (extended past the answer) and how it was made."""

    def __init__(self, values: list[int], rule: str, info: dict[str, Any]) -> None:
        self.values, self.rule, self.info = values, rule, info


Spec = tuple[str, str]  # (rule, variant)


def _templates() -> list[tuple[str, Spec, Spec | None, int, int, float]]:
    """Every (kinds, first rule, second rule, wrap, missing, b) the generator can build."""
    out = []
    for spec, cost in LETTER_RULES.items():
        for wrap in (0, 1):
            for missing in (0, 1):
                base = INTERCEPT + cost + WEIGHTS["wrap"] * wrap + WEIGHTS["missing"] * missing
                out.append(("L", spec, None, wrap, missing, round(base, 3)))
                for kinds, table in (("LN", NUMBER_RULES), ("LL", SECOND_LETTER_RULES)):
                    for spec2, cost2 in table.items():
                        if wrap and spec2[0] == "place":
                            continue  # places past Z would not follow a number rule
                        out.append((kinds, spec, spec2, wrap, missing,
                                    round(base + WEIGHTS["second"] + cost2, 3)))
    return out


TEMPLATES = _templates()
TEMPLATE_B = np.array([t[-1] for t in TEMPLATES])
# prior share of each template: one letter 1/2, letter-number 1/4, letter pairs 1/4 (spread
# evenly over the templates of each kind), a missing term one time in four
_PRIOR = {"L": 0.5, "LN": 0.25, "LL": 0.25}
_COUNT = {k: sum(t[0] == k for t in TEMPLATES) for k in _PRIOR}
# big steps that stay inside A..Z fit only a handful of series: drawn less often, so they do not repeat
NARROW = {("step", "large"): 0.25, ("step", "far_back"): 0.25}
TEMPLATE_PRIOR = np.array([_PRIOR[t[0]] / _COUNT[t[0]] * (MISSING_SHARE if t[4] else 1 - MISSING_SHARE)
                           * (NARROW.get(t[1], 1.0) if not t[3] else 1.0) for t in TEMPLATES])
# the structure of five options for two-part terms: (first part, second part), 0 = the key's value.
# The key is put on a vertex drawn uniformly, so no option-only rule (the option sharing most
# with the others) points at it more often than chance.
STRUCTURE = ((0, 0), (0, 1), (1, 0), (1, 2), (2, 1))


class LetterSeriesGenerator(BaseGenerator):
    """Letter series: the next (or a missing) term of letters, letter pairs or letter-number terms.

    See the module docstring for the rules, the difficulty model and the rule library check()
    fits to every component.
    """

    family = "logical.letter_series"
    section = "logical"
    version = 4
    title = "Letter series"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    difficulty_range = (-2.5, 3.0)

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)["letter_series"]
        self.mistakes: dict[str, str] = self.phrases["mistakes"]

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        difficulty = min(max(difficulty, self.difficulty_range[0]), self.difficulty_range[1])
        weights = TEMPLATE_PRIOR * np.exp(-((TEMPLATE_B - difficulty) ** 2) / (2 * SPREAD ** 2)) + 1e-12
        return self.redraw_templates(rng, TEMPLATES, weights, lambda r, template: self._attempt(r, *template),
                                     TEMPLATE_TRIES)

    def _attempt(self, rng: np.random.Generator, kinds: str, spec: Spec, spec2: Spec | None, wrap: int,
                 missing: int, b: float) -> Item | None:
        specs = [spec] if spec2 is None else [spec, spec2]
        shown_count = max(SHOWN[s[0]] for s in specs)  # terms shown besides the blank
        if shown_count == 5 and rng.random() < 0.5:
            shown_count = 6  # short rules are shown with five or six terms
        m = shown_count + 2  # values needed: the shown terms, the answer and the term after
        first = self._letters(rng, spec, m, bool(wrap))
        if first is None:
            return None
        comps = [first]
        if spec2 is not None:
            second = self._second(rng, kinds, spec2, m, first)
            if second is None:
                return None
            comps.append(second)
        outside = [kinds[c] == "L" and not all(1 <= x <= 26 for x in comp.values[: m - 1])
                   for c, comp in enumerate(comps)]
        if spec2 is not None and kinds == "LL" and spec2[0] != "mirror" and outside[1]:
            b = round(b + WEIGHTS["wrap"], 3)  # the second letters run past Z as well
        terms = [tuple(c.values[i] for c in comps) for i in range(m)]
        blank = int(rng.integers(2, shown_count)) if missing else shown_count
        length = shown_count + 1 if missing else shown_count
        shown: list[Term | None] = [None if i == blank else terms[i] for i in range(length)]
        key = terms[blank]
        visible = {self._show(t, kinds) for t in shown if t is not None}
        if len(visible) < shown_count:
            return None  # a repeated term makes a poor series
        if not defensible(shown, kinds, key):
            return None
        texts = visible | {self._show(key, kinds)} if missing else {self._show(key, kinds)}
        options = self._options(rng, comps, kinds, shown, terms, blank, outside, texts)
        if options is None:
            return None
        stems = self.phrases["missing_stems" if missing else "stems"]
        line = ", ".join("?" if t is None else self._show(t, kinds) for t in shown)
        if not missing:
            line += ", ?"
        rules = [c.rule for c in comps]
        cost = b - INTERCEPT
        key_index = next(i for i, o in enumerate(options) if o.mistake is None)
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=f"{stems[int(rng.integers(len(stems)))]}\n\n{line}",
            explanation=self._explain(comps, kinds, length if missing else shown_count, key, any(outside),
                                      bool(missing)),
            difficulty=b, discrimination=round(0.9 + 0.06 * cost, 3),
            time_s=round(30.0 + 9.0 * cost, 1),
            options=options, key=key_index,
            params={"rule": "/".join(rules), "specs": ["-".join(s) for s in specs], "kinds": kinds,
                    "wrap": wrap, "missing": missing,
                    "terms": [None if t is None else self._show(t, kinds) for t in shown],
                    "components": [{"rule": c.rule, **c.info} for c in comps],
                    "content": f"series:{line}|opts:{','.join(sorted(o.text for o in options))}",
                    "spread": [f"rule:{kinds}-{rules[-1] if kinds == 'LN' else max(rules, key=RANK.get)}"]},
        )

    @staticmethod
    def _show(term: Term, kinds: str) -> str:
        return "".join(letter(v) if k == "L" else str(v) for v, k in zip(term, kinds, strict=True))

    # -- drawing component series --------------------------------------------------------------
    @staticmethod
    def _steps_for(rng: np.random.Generator, spec: Spec, m: int, number: bool = False) -> tuple[list[int], str,
                                                                                              dict[str, Any]]:
        """The m - 1 steps of one component under a rule, with the rule's name and description."""
        def pick(seq: Sequence[Any]) -> Any:
            return seq[int(rng.integers(len(seq)))]

        rule = spec[0]
        table = NUMBER_STEPS if number else LETTER_STEPS
        if rule == "step":
            d = pick(table[spec])
            return [d] * (m - 1), "arithmetic", {"step": d}
        if rule == "growing":
            d0, dd = pick(table[spec])
            steps = [d0 + dd * i for i in range(m - 1)]
            return steps, "growing", {"steps": steps[: m - 2], "dd": dd}
        if rule == "alternating":
            d1, d2 = pick(table[spec])
            return [d1 if i % 2 == 0 else d2 for i in range(m - 1)], "alternating", {"d1": d1, "d2": d2}
        if rule == "cycle":
            cycle = pick(table[spec])
            if rng.random() < 0.5:
                cycle = cycle[1:] + cycle[:1]
            return [cycle[i % 3] for i in range(m - 1)], "cycle", {"cycle": list(cycle)}
        raise ValueError(spec)

    def _letters(self, rng: np.random.Generator, spec: Spec, m: int, wrap: bool | None) -> _Component | None:
        """A letter component; `wrap`: its shown terms or the answer run past Z (or before A);
        None: either."""
        if spec[0] == "interleaved":
            d1, d2 = LETTER_STEPS[spec][int(rng.integers(len(LETTER_STEPS[spec])))]
            if rng.random() < 0.5:
                d1, d2 = d2, d1
            half = (m + 1) // 2
            steps1, steps2 = [d1] * (half - 1), [d2] * (half - 1)
            rule, info = "interleaved", {"d1": d1, "d2": d2, "shown": m - 2}
            s1, s2 = self._start(rng, steps1, wrap), self._start(rng, steps2, wrap)
            if s1 is None or s2 is None:
                return None
            a, b = list(itertools.accumulate([s1, *steps1])), list(itertools.accumulate([s2, *steps2]))
            values = [x for pair in zip(a, b, strict=True) for x in pair][:m]
        else:
            steps, rule, info = self._steps_for(rng, spec, m)
            start = self._start(rng, steps[: m - 2], wrap)
            if start is None:
                return None
            values = list(itertools.accumulate([start, *steps]))
        inside = all(1 <= x <= 26 for x in values[: m - 1])
        return _Component(values, rule, info) if wrap is None or inside != wrap else None

    @staticmethod
    def _start(rng: np.random.Generator, steps: list[int], wrap: bool | None) -> int | None:
        """A first letter from which the steps stay inside A..Z (wrap False), or any letter."""
        reach = list(itertools.accumulate([0, *steps]))
        low, high = 1 - min(reach), 26 - max(reach)
        if wrap is False:  # a window of one or two first letters would repeat one series
            return int(rng.integers(low, high + 1)) if low + 2 <= high else None
        return int(rng.integers(1, 27))

    def _second(self, rng: np.random.Generator, kinds: str, spec: Spec, m: int,
                first: _Component) -> _Component | None:
        """The number (LN) or second letter (LL) of each term."""
        if spec[0] == "place":
            return _Component(list(first.values), "place", {})
        if spec[0] == "mirror":
            return _Component([27 - x for x in first.values], "mirror", {})
        if kinds == "LL":  # the second letters may run past Z (b counts it)
            return self._letters(rng, spec, m, None)
        steps, rule, info = self._steps_for(rng, spec, m, number=True)
        low = -min(itertools.accumulate([0, *steps]))
        start = int(rng.integers(max(1, low + 1), max(2, low + 12)))
        values = list(itertools.accumulate([start, *steps]))
        if min(values[: m - 1]) < 1 or max(values[: m - 1]) > 99:
            return None
        return _Component(values, rule, info)

    # -- distractors ---------------------------------------------------------------------------
    def _part_slips(self, comp: _Component, kind: str, n: int, wraps: bool) -> list[tuple[int, str]]:
        """Wrong values of one component at the blank, each with the mistake that gives it."""
        v, info = comp.values, comp.info
        prev, step = v[n - 1], v[n] - v[n - 1]
        last_step = v[n - 1] - v[n - 2]
        crosses = wraps and (prev - 1) // 26 != (v[n] - 1) // 26
        out: list[tuple[int, str]] = []
        if comp.rule in ("arithmetic", "growing", "alternating", "cycle"):
            out.append((prev - step, "wrong_direction" if kind == "L" else "number_back"))
        if comp.rule == "growing":
            out.append((prev + last_step, "step_not_grown"))
        elif comp.rule in ("alternating", "cycle"):
            out.append((prev + last_step, "same_step_again"))
            if comp.rule == "cycle":
                out.append((prev + v[n - 2] - v[n - 3], "cycle_skipped"))
        elif comp.rule == "interleaved":
            other = info["d2"] if n % 2 == 0 else info["d1"]  # the step of the series not asked
            out.append((prev + other, "other_series"))
            out.append((v[n - 2] + other, "other_step"))
            out.append((prev + last_step, "one_series"))
        elif comp.rule == "place":
            out.append((v[n - 1], "number_as_letter"))
        if kind == "N":
            out += [(v[n] + 1, "number_off"), (v[n] - 1, "number_off_down")]
        else:
            out += [(v[n] + 1, "no_wrap" if crosses else "off_by_one"),
                    (v[n] - 1, "no_wrap_down" if crosses else "off_by_one_down")]
        if n + 1 < len(v) - 1:  # a blank inside the series: slips at the gap
            if comp.rule == "arithmetic":
                out.append((v[n + 1] + step, "wrong_side"))
            elif comp.rule != "interleaved":
                out.append((v[n - 1] + v[n + 2] - v[n + 1], "step_after_gap"))
                out.append((v[n + 1] - last_step, "step_before_gap"))
        if kind == "L":
            out += [(v[n] + 2, "off_by_two"), (v[n] - 2, "off_by_two_down")]
        out.append((v[n + 1], "two_steps"))
        valid = []
        for value, name in out:
            if value == v[n] or (kind == "N" and value < 0) or (kind == "L" and not wraps and not 1 <= value <= 26):
                continue
            if kind == "L" and (value - v[n]) % 26 == 0:
                continue
            valid.append((value, name))
        return valid

    def _options(self, rng: np.random.Generator, comps: list[_Component], kinds: str, shown: list[Term | None],
                 terms: list[Term], blank: int, outside: list[bool], taken: set[str]) -> tuple[Option, ...] | None:
        key = terms[blank]
        if len(comps) == 1:
            seen, named, pool = set(taken), set(), []
            for value, name in self._part_slips(comps[0], kinds, blank, outside[0]):
                text = self._show((value,), kinds)
                if text in seen or name in named or defensible(shown, kinds, (value,)):
                    continue
                seen.add(text)
                named.add(name)
                pool.append(Option(text, mistake=self.mistakes[name]))
            if len(pool) < 4:
                return None
            chosen = [pool[int(i)] for i in rng.permutation(len(pool))[:4]]
            options = [Option(self._show(key, kinds)), *chosen]
            return tuple(options[int(i)] for i in rng.permutation(5))
        # two parts: two wrong values per part, each wrong only in that part
        wrong: list[list[tuple[int, str]]] = []
        for c, comp in enumerate(comps):
            found: list[tuple[int, str]] = []
            values: set[int] = set()
            for value, name in self._part_slips(comp, kinds[c], blank, outside[c]):
                probe = tuple(value if i == c else x for i, x in enumerate(key))
                shown_value = letter(value) if kinds[c] == "L" else str(value)
                if shown_value in values or defensible(shown, kinds, probe):
                    continue
                values.add(shown_value)  # type: ignore[arg-type]
                found.append((value, name))
            if len(found) < 2:
                return None
            picks = rng.permutation(len(found))[:2]
            wrong.append([found[int(i)] for i in picks])
        vertex = STRUCTURE[int(rng.integers(len(STRUCTURE)))]
        relabel = []
        for c in range(2):  # part labels: the drawn vertex's label becomes the key's (0)
            others = [x for x in range(3) if x != vertex[c]]
            if rng.random() < 0.5:
                others.reverse()
            relabel.append({vertex[c]: 0, others[0]: 1, others[1]: 2})
        parts = (self.phrases["part_first_" + kinds], self.phrases["part_second_" + kinds])
        options = []
        for x, y in STRUCTURE:
            labels = (relabel[0][x], relabel[1][y])
            term = tuple(key[c] if labels[c] == 0 else wrong[c][labels[c] - 1][0] for c in range(2))
            text = self._show(term, kinds)
            if labels != (0, 0) and (text in taken or defensible(shown, kinds, term)):
                return None
            slips = [self.phrases["part_slip"].format(part=parts[c], mistake=self.mistakes[wrong[c][labels[c] - 1][1]])
                     for c in range(2) if labels[c]]
            options.append(Option(text, mistake="; ".join(slips) if slips else None))
        return tuple(options[int(i)] for i in rng.permutation(5))

    # -- explanation ---------------------------------------------------------------------------
    def _describe(self, comp: _Component, kind: str) -> str:
        ph, info = self.phrases, comp.info
        if comp.rule == "arithmetic":
            d = info["step"]
            if kind == "N":
                return ph["more" if d > 0 else "less"].format(n=abs(d))
            return ph["later" if d > 0 else "earlier"].format(n=ph["letter_count"][abs(d)])
        if comp.rule == "growing":
            return ph["growing"].format(steps=", ".join(_signed(s) for s in info["steps"]), dd=_signed(info["dd"]))
        if comp.rule == "alternating":
            return ph["alternating"].format(d1=_signed(info["d1"]), d2=_signed(info["d2"]))
        if comp.rule == "cycle":
            return ph["cycle"].format(steps=", ".join(_signed(s) for s in info["cycle"]))
        if comp.rule in ("place", "mirror"):
            return ph[comp.rule]
        v = comp.values[: comp.info["shown"]]
        return ph["interleaved"].format(first=", ".join(letter(x) for x in v[0::2]),
                                        second=", ".join(letter(x) for x in v[1::2]),
                                        d1=_signed(info["d1"]), d2=_signed(info["d2"]))

    def _explain(self, comps: list[_Component], kinds: str, n: int, key: Term, wraps: bool,
                 missing: bool) -> str:
        ph = self.phrases
        names = {"L": [ph["letters"]], "LN": [ph["letters"], ph["numbers"]],
                 "LL": [ph["first_letters"], ph["second_letters"]]}[kinds]
        parts = [ph["alphabet"] + (ph["wrap"] if wraps else "")]
        for comp, what, kind in zip(comps, names, kinds, strict=True):
            values = comp.values[: n + 1]
            shown = ", ".join(str(x) if kind == "N" else f"{letter(x)} = {(x - 1) % 26 + 1}" for x in values[:n])
            parts.append(ph["component"].format(what=what, values=shown, rule=self._describe(comp, kind)))
        parts.append(ph["missing_term" if missing else "next_term"].format(key=self._show(key, kinds)))
        return " ".join(parts)

    # -- check ---------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        line = item.prompt.strip().splitlines()[-1]
        tokens = [t.strip() for t in line.split(",")]
        if tokens.count("?") != 1 or tokens.index("?") < 2:
            raise ItemCheckError(f"item {where}: the series needs one '?' after two or more terms: {line!r}")
        parsed = {i: parse_term(t) for i, t in enumerate(tokens) if t != "?"}
        if any(p is None for p in parsed.values()) or len(parsed) < 5:
            raise ItemCheckError(f"item {where}: cannot read five or more terms in {line!r}")
        kinds = next(iter(parsed.values()))[0]  # type: ignore[index]
        if any(p[0] != kinds for p in parsed.values()):  # type: ignore[index]
            raise ItemCheckError(f"item {where}: the terms are not all of one shape: {line!r}")
        shown = [parsed[i][1] if i in parsed else None for i in range(len(tokens))]  # type: ignore[index]
        good = []
        for i, option in enumerate(item.options):
            term = parse_term(option.text)
            if term is None or term[0] != kinds:
                raise ItemCheckError(f"item {where}: option {option.text!r} is not a term like the others")
            if defensible(shown, kinds, term[1]):
                good.append(i)
        require_single_key(item, good)
