"""Letter series: the next term of a series of letters, letter pairs or letter-number terms.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (sd 0.35) is
sliced into eight bands, one rule type per band:

    band 0 skip forward      A, C, E, G, ?     (steps +1 to +3)
    band 1 skip back/far     Z, W, T, Q, ?     (steps -1 to -3, +4, +5)
    band 2 growing steps     A, B, D, G, ?     (+1, +2, +3 ...)
    band 3 alternating steps C, F, E, H, G, ?  (+3, -1, +3 ...)
    band 4 interleaved       A, Z, C, X, E, ?  (two series take turns)
    band 5 letter-number     B2, E5, H8, ?     (the number is the letter's place, or has its own step)
    band 6 letter pairs      AZ, CX, EV, ?     (each letter of the pair has its own step)
    band 7 wrap-around       P, U, Z, E, ?     (big steps that run past Z back to A)

Within a band, the position of the jittered difficulty inside the band is the probability of
"large" steps (bigger or negative steps, independent numbers, pairs that are not mirrors). One
item in four asks for a missing term inside the series ("D, T, G, S, ?, R, M") instead of the
next one (drawn once per item; after 30 failed draws such an item falls back to the next term):

    b = -2.7 + 0.75 band + 0.3 large + 0.3 missing

Discrimination a = 0.9 + 0.07 band; time 35 s + 4 s per band + 4 s for large steps + 3 s for a
missing term.

check() reads the terms shown and every option back from the text, splits each term into its
components (letters as alphabet places, numbers), and fits an independent rule library to each
component series with the option in place (constant step, constant second difference,
alternating steps, two interleaved constant-step series, all modulo 26 for letters; for
numbers also a constant ratio). A rule counts only when the series is two terms longer than the
rule has parameters. Exactly the keyed option may complete every component by some rule.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from question_generators.base import BaseGenerator, check_options, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.logical"
BANDS = ("skip", "skip_back", "growing", "alternating", "interleaved", "letter_number", "pairs", "wrap")
WEIGHTS = {"band": 0.75, "large": 0.3, "missing": 0.3}
MISSING_SHARE = 0.25  # items that ask for a term inside the series instead of the next one
MISSING_TRIES = 30  # draws that may try the missing-term ask before the next term will do
INTERCEPT = -2.7
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
    ("constant ratio", 2, _ratio),
)


def explained(values: Sequence[int], is_letter: bool) -> bool:
    """Does some library rule explain this component series (confirmed by two spare terms)?"""
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


class LetterSeriesGenerator(BaseGenerator):
    """Letter series: the next term of letters, letter pairs or letter-number terms.

    See the module docstring for the eight rule bands, the difficulty model and the rule
    library check() fits to every component.
    """

    family = "logical.letter_series"
    section = "logical"
    version = 2
    title = "Letter series"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)["letter_series"]
        self.mistakes: dict[str, str] = self.phrases["mistakes"]

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        jittered = difficulty + rng.normal(0.0, 0.35)
        position = (jittered + 3.0) / 6.0 * len(BANDS)
        band = min(len(BANDS) - 1, max(0, int(np.floor(position))))
        large_p = float(min(1.0, max(0.0, position - band)))
        # the ask is drawn once (redraws must not favour the ask that is easier to build); a
        # series that keeps failing as a missing-term item falls back to the next term
        missing = bool(rng.random() < MISSING_SHARE)
        tries = [0]

        def attempt(r: np.random.Generator) -> Item | None:
            tries[0] += 1
            return self._attempt(r, band, bool(r.random() < large_p), missing and tries[0] <= MISSING_TRIES)

        return self.redraw(rng, attempt)

    def _attempt(self, rng: np.random.Generator, band: int, large: bool, missing: bool) -> Item | None:
        rule = BANDS[band]
        shown_count = 6 if rule in ("alternating", "interleaved") else 5  # terms shown besides the blank
        m = shown_count + 2  # values needed: the shown terms, the answer and the term after
        comps, kinds = self._draw(rng, rule, large, m)
        if comps is None:
            return None
        wraps = rule == "wrap"
        for comp, kind in zip(comps, kinds, strict=True):
            if kind == "L" and not wraps and not all(1 <= x <= 26 for x in comp.values[: m - 1]):
                return None
        terms = [tuple(c.values[i] for c in comps) for i in range(m)]
        # the blank: the next term, or (missing) one inside the series with terms on both sides
        blank = int(rng.integers(2, shown_count)) if missing else shown_count
        length = shown_count + 1 if missing else shown_count
        shown: list[Term | None] = [None if i == blank else terms[i] for i in range(length)]
        key = terms[blank]
        visible = {self._show(t, kinds) for t in shown if t is not None}
        if len(visible) < shown_count:
            return None  # a repeated term makes a poor series
        if not defensible(shown, kinds, key):
            return None
        candidates = self._candidates(comps, kinds, terms, blank, wraps)
        distractors: list[Option] = []
        # a term already shown is no answer for a blank inside the series (it is for the next
        # term: going the wrong way lands on one)
        seen = {self._show(key, kinds)} | (visible if missing else set())
        named: set[str] = set()  # each option gets its own mistake text
        for term, mistake in candidates:
            text = self._show(term, kinds)
            if text in seen or mistake in named or defensible(shown, kinds, term):
                continue
            if any(k == "L" and not wraps and not 1 <= v <= 26 for k, v in zip(kinds, term, strict=True)):
                continue
            if any(k == "N" and v < 0 for k, v in zip(kinds, term, strict=True)):
                continue
            seen.add(text)
            named.add(mistake)
            distractors.append(Option(text, mistake=self.mistakes[mistake]))
        if len(distractors) < 4:
            return None
        chosen = [distractors[int(i)] for i in sorted(rng.permutation(len(distractors))[:4])]
        options = [Option(self._show(key, kinds)), *chosen]
        order = rng.permutation(5)
        options = [options[int(i)] for i in order]
        key_index = int(np.flatnonzero(order == 0)[0])
        stems = self.phrases["missing_stems" if missing else "stems"]
        line = ", ".join("?" if t is None else self._show(t, kinds) for t in shown)
        if not missing:
            line += ", ?"
        b = round(INTERCEPT + WEIGHTS["band"] * band + WEIGHTS["large"] * large + WEIGHTS["missing"] * missing, 3)
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=f"{stems[int(rng.integers(len(stems)))]}\n\n{line}",
            explanation=self._explain(comps, kinds, length if missing else shown_count, key, wraps, missing),
            difficulty=b, discrimination=round(0.9 + 0.07 * band, 3),
            time_s=35.0 + 4.0 * band + 4.0 * large + 3.0 * missing,
            options=tuple(options), key=key_index,
            params={"rule": rule, "band": band, "large": int(large), "missing": int(missing), "kinds": kinds,
                    "terms": [None if t is None else self._show(t, kinds) for t in shown],
                    "components": [{"rule": c.rule, **c.info} for c in comps]},
        )

    @staticmethod
    def _show(term: Term, kinds: str) -> str:
        return "".join(letter(v) if k == "L" else str(v) for v, k in zip(term, kinds, strict=True))

    # -- drawing component series --------------------------------------------------------------
    @staticmethod
    def _arith(start: int, d: int, m: int) -> _Component:
        return _Component([start + i * d for i in range(m)], "arithmetic", {"step": d})

    def _draw(self, rng: np.random.Generator, rule: str, large: bool,
              m: int) -> tuple[list[_Component] | None, str]:
        def pick(seq: Sequence[int]) -> int:
            return int(seq[int(rng.integers(len(seq)))])

        if rule == "skip":
            d = pick([3, 4] if large else [2, 3])
            return [self._arith(pick(range(1, 27 - d * (m - 2))), d, m)], "L"
        if rule == "skip_back":
            d = pick([4, 5, -3] if large else [-1, -2, -3])
            span = abs(d) * (m - 2)
            start = pick(range(1, 27 - span)) if d > 0 else pick(range(1 + span, 27))
            return [self._arith(start, d, m)], "L"
        if rule == "growing":
            d0, dd = ((2, 1), (-1, -1))[pick([0, 1])] if large else (1, 1)
            steps = [d0 + dd * i for i in range(m - 1)]
            reach = sum(steps[: m - 2])  # the answer must stay within A..Z
            start = pick(range(1, 27 - reach)) if reach > 0 else pick(range(1 - reach, 27))
            values = list(itertools.accumulate([start, *steps]))
            return [_Component(values, "growing", {"steps": steps[: m - 2], "dd": dd})], "L"
        if rule == "alternating":
            pairs = [(3, -1), (4, -2), (-1, 3), (5, -2), (-2, 5)] if large else [(2, -1), (3, -1), (1, 2), (2, 1)]
            d1, d2 = pairs[int(rng.integers(len(pairs)))]
            steps = [d1 if i % 2 == 0 else d2 for i in range(m - 1)]
            low = min(itertools.accumulate([0, *steps]))
            high = max(itertools.accumulate([0, *steps]))
            start = pick(range(1 - low, 27 - high))
            return [_Component(list(itertools.accumulate([start, *steps])), "alternating",
                               {"d1": d1, "d2": d2})], "L"
        if rule == "interleaved":
            d1 = pick([2, 3] if large else [1, 2])
            d2 = pick([-1, -2, 1, 3] if large else [-1, 1])
            if d1 == d2:
                return None, ""
            half = (m + 1) // 2
            s1 = pick(range(1, 27 - d1 * half))
            s2 = pick(range(1 - min(0, d2) * half, 27 - max(0, d2) * half))
            a, b = [s1 + i * d1 for i in range(half)], [s2 + i * d2 for i in range(half)]
            values = [x for pair in zip(a, b, strict=True) for x in pair][:m]
            return [_Component(values, "interleaved", {"d1": d1, "d2": d2, "shown": m - 2})], "L"
        if rule == "letter_number":
            d = pick([1, 2, 3, 4])
            start = pick(range(1, 27 - d * (m - 2)))
            letters = self._arith(start, d, m)
            if large:
                dn = pick([2, 3, 5])
                numbers = self._arith(pick(range(1, 10)), dn, m)
                numbers.info["own"] = True
            else:
                numbers = _Component(list(letters.values), "arithmetic", {"step": d, "place": True})
            return [letters, numbers], "LN"
        if rule == "pairs":
            d1 = pick([1, 2])
            first = self._arith(pick(range(1, 27 - d1 * (m - 2))), d1, m)
            if large:
                d2 = pick([1, 2, 3, -1])
                span = abs(d2) * (m - 2)
                second = self._arith(pick(range(1, 27 - span)) if d2 > 0 else pick(range(1 + span, 27)), d2, m)
            else:  # the mirror letter: A-Z, B-Y, ...
                second = _Component([27 - x for x in first.values], "arithmetic", {"step": -d1, "mirror": True})
            return [first, second], "LL"
        # wrap: a big step that runs past Z within the shown terms or at the answer
        d = pick([5, 6, 7, -5] if large else [3, 4, 5])
        start = pick(range(1, 27))
        values = [start + i * d for i in range(m)]
        if all(1 <= v <= 26 for v in values[: m - 1]):
            return None, ""
        return [_Component(values, "arithmetic", {"step": d, "wrap": True})], "L"

    # -- distractors ---------------------------------------------------------------------------
    def _candidates(self, comps: list[_Component], kinds: str, terms: list[Term], n: int,
                    wraps: bool) -> list[tuple[Term, str]]:
        key = terms[n]
        out: list[tuple[Term, str]] = []

        def with_comp(c: int, value: int) -> Term:
            return tuple(value if i == c else x for i, x in enumerate(key))

        for c, comp in enumerate(comps):
            v, info = comp.values, comp.info
            prev, last_step = v[n - 1], v[n - 1] - v[n - 2]
            step = v[n] - prev
            crosses = wraps and (prev - 1) // 26 != (v[n] - 1) // 26
            if comp.rule in ("arithmetic", "growing", "alternating"):
                out.append((with_comp(c, prev - step), "wrong_direction" if kinds[c] == "L" else "number_back"))
            if comp.rule == "growing":
                out.append((with_comp(c, prev + last_step), "step_not_grown"))
            elif comp.rule == "alternating":
                out.append((with_comp(c, prev + last_step), "same_step_again"))
            elif comp.rule == "interleaved":
                other = info["d2"] if n % 2 == 0 else info["d1"]  # the step of the series not asked
                out.append((with_comp(c, prev + other), "other_series"))
                out.append((with_comp(c, v[n - 2] + other), "other_step"))
                out.append((with_comp(c, prev + last_step), "one_series"))
            if kinds[c] == "N":
                if info.get("place"):
                    out.append((with_comp(c, v[n - 1]), "number_as_letter"))
                for d, slip in ((1, "number_off"), (-1, "number_off_down")):
                    out.append((with_comp(c, v[n] + d), slip))
            else:
                for d, down in ((1, ""), (-1, "_down")):
                    out.append((with_comp(c, v[n] + d), ("no_wrap" if crosses else "off_by_one") + down))
                if n + 1 < len(terms) - 1:  # a blank inside the series: slips at the gap
                    if comp.rule == "arithmetic":
                        out.append((with_comp(c, v[n + 1] + step), "wrong_side"))
                    for d, slip in ((2, "off_by_two"), (-2, "off_by_two_down")):
                        out.append((with_comp(c, v[n] + d), slip))
                if len(comps) == 2:
                    out.append((with_comp(c, v[n] + 2 * (1 if step >= 0 else -1)), "wrong_component"))
        out.append((terms[n + 1], "two_steps"))
        if len(comps) == 2:  # the letter right, the number (or second letter) two steps on, and back
            out.append((tuple([key[0], terms[n + 1][1]]), "wrong_component"))
            out.append((tuple([terms[n + 1][0], key[1]]), "wrong_component"))
        return out

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
