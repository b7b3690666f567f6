"""Categorical syllogisms: which conclusion about two end terms follows from two premises.

Convention: existential import, stated in every prompt ("assume that every group named has at
least one member"; "some" means at least one, possibly all). Under it 24 of the 256 mood-figure
forms are valid (15 without existential import); `form_is_valid` decides either way.

Forms. A premise pair is a major premise (relating the middle term M and the predicate P), a
minor premise (relating M and the subject S), and a figure (1: M-P, S-M; 2: P-M, S-M;
3: M-P, M-S; 4: P-M, M-S): 4 x 4 x 4 = 64 pairs. The candidate conclusions are the eight
statements A/E/I/O about S and P in either order. Which of them follow is decided by exhaustive
model enumeration: a model says which of the 8 regions of three sets are non-empty (256
models); a statement follows when every model of the premises in which all three terms are
non-empty makes it true. The tables are computed once at import (bit masks over the models).

Two asks: "which conclusion follows?" (four conclusions plus "None of these conclusions
follows", always last; the key's place is drawn uniformly over the five, so "None" is the key
one time in five, from a pair with no valid conclusion) and "judge" (three items in ten at
difficulty -3, falling linearly to one in ten at +3, since judging one conclusion is easier): is a
given conclusion true, false or impossible to say (must be true: it follows; must be false: its
contradictory follows; cannot say: neither), each the key a third of the time.

Difficulty model (IRT logit scale b), a linear model of the form's features, after the
syllogism literature (particular and negative premises, figure, no-valid-conclusion pairs and
the atmosphere effect make syllogisms harder; Khemlani & Johnson-Laird 2012):

    b = -3.2 + 0.6 particular + 0.6 negative + 0.6 indirect + 1.2 no_valid + 0.8 trap
             + 0.7 converse + 0.9 weak + 0.7 choose

particular, negative: how many premises are particular / negative (0-2); indirect: figure 2, 3
or 4 (the premises do not chain S-M-P); no_valid: no conclusion about S and P follows; trap: a
shown conclusion that echoes the premises' wording (their "atmosphere") does not follow; converse:
the keyed (or judged, when true) conclusion names P before S; weak: a particular conclusion from
two universal premises (it needs existential import); choose: the "which conclusion" ask rather
than judging one conclusion. Every
(pair, ask, key) configuration has its b from this model; the generator draws, within the
drawn key category, a configuration with probability proportional to
exp(-(b - difficulty)^2 / 0.5), so b follows the requested difficulty as far as the forms allow.
Discrimination a = 0.9 + 0.1 * (particular + negative); time 35 s + 6 s per particular or
negative premise + 10 s for the "which" ask.

check() parses the premises and options back from the text with the phrase templates, finds
the middle term as the one both premises share, and decides every option by model enumeration.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    phrases_for,
    require_single_key,
)
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.logical"
MOODS = "AEIO"
S, M, P = 0, 1, 2
# figure -> (terms of the major premise, terms of the minor premise), subject first
FIGURES = {1: ((M, P), (S, M)), 2: ((P, M), (S, M)), 3: ((M, P), (M, S)), 4: ((P, M), (M, S))}
WEIGHTS = {"particular": 0.6, "negative": 0.6, "indirect": 0.6, "no_valid": 1.2, "trap": 0.8,
           "converse": 0.7, "weak": 0.9, "choose": 0.7}
INTERCEPT = -3.2
SPREAD = 0.5  # sd of the draw of a configuration around the requested difficulty
JUDGE_SHARE = (0.2, -0.1 / 3)  # share of "true, false or cannot say?" items: 0.2 - d / 30
NEUTRAL_SHARE = 0.3  # share of items with neutral groups of people instead of nonsense words
CONTRADICTORY = {"A": "O", "O": "A", "E": "I", "I": "E"}

Statement = tuple[str, int, int]  # (mood, subject term, predicate term)

# =============================================================================================
# Model enumeration: 256 models = subsets of the 8 regions; region r holds the things that are
# in term t exactly when bit t of r is set.
# =============================================================================================
FULL = (1 << 256) - 1


def _holds(mood: str, x: int, y: int, model: int) -> bool:
    regions = [r for r in range(8) if model >> r & 1]
    if mood == "A":
        return not any(r >> x & 1 and not r >> y & 1 for r in regions)
    if mood == "E":
        return not any(r >> x & 1 and r >> y & 1 for r in regions)
    if mood == "I":
        return any(r >> x & 1 and r >> y & 1 for r in regions)
    return any(r >> x & 1 and not r >> y & 1 for r in regions)


def _build_masks() -> dict[Statement, int]:
    masks = {}
    for mood in MOODS:
        for x in range(3):
            for y in range(3):
                if x != y:
                    masks[(mood, x, y)] = sum(1 << m for m in range(256) if _holds(mood, x, y, m))
    return masks


MASKS = _build_masks()
NONEMPTY = [sum(1 << m for m in range(256) if any(m >> r & 1 for r in range(8) if r >> t & 1))
            for t in range(3)]
ALL_NONEMPTY = NONEMPTY[0] & NONEMPTY[1] & NONEMPTY[2]
# models in order of how many regions they fill: the first counter-model found is the simplest
MODELS_BY_SIZE = sorted(range(256), key=lambda m: (bin(m).count("1"), m))


def world_of(premises: Sequence[Statement], existential_import: bool = True) -> int:
    """The models (bit mask over the 256) in which both premises hold."""
    world = FULL
    for statement in premises:
        world &= MASKS[statement]
    return world & ALL_NONEMPTY if existential_import else world


def follows_in(world: int, statement: Statement) -> bool:
    """True when the statement holds in every model of the world (and the world is not empty)."""
    return world != 0 and world & ~MASKS[statement] & FULL == 0


def form_is_valid(major: str, minor: str, conclusion: str, figure: int,
                  existential_import: bool = True) -> bool:
    """Validity of a mood-figure form (conclusion 'S-P') by exhaustive model enumeration."""
    (a, b), (c, d) = FIGURES[figure]
    world = world_of([(major, a, b), (minor, c, d)], existential_import)
    return follows_in(world, (conclusion, S, P))


@cache
def counter_model(world: int, statement: Statement) -> int | None:
    """The simplest model of the world in which the statement is false (None if it follows)."""
    bad = world & ~MASKS[statement]
    for model in MODELS_BY_SIZE:
        if bad >> model & 1:
            return model
    return None


CANDIDATES: tuple[Statement, ...] = tuple((mood, x, y) for x, y in ((S, P), (P, S)) for mood in MOODS)


def atmosphere(major: str, minor: str) -> Statement:
    """The S-P conclusion that matches the premises' wording: negative if one is, particular if one is."""
    negative = major in "EO" or minor in "EO"
    particular = major in "IO" or minor in "IO"
    return ("O" if negative else "I") if particular else ("E" if negative else "A"), S, P


# =============================================================================================
# Derivations for the worked explanation: the classical inference rules with existential import
# =============================================================================================
Step = tuple[str, tuple[Statement, ...], Statement]  # (rule, from, gives)


def _one_step(facts: set[Statement]) -> list[Step]:
    """Every new statement one rule away from the known facts (all three terms exist)."""
    out: list[Step] = []
    for f in facts:
        mood, a, b = f
        if mood in "EI":
            out.append((f"convert_{mood}", (f,), (mood, b, a)))
        if mood in "AE":
            out.append((f"sub_{mood}", (f,), ("I" if mood == "A" else "O", a, b)))
        for g in facts:
            m2, c, d = g
            if mood == "A" and m2 in "AE" and b == c and a != d:
                out.append(("barbara" if m2 == "A" else "celarent", (f, g), (m2, a, d)))
            if mood == "I" and m2 in "AE" and b == c and a != d:
                out.append(("darii" if m2 == "A" else "ferio", (f, g), ("I" if m2 == "A" else "O", a, d)))
            if mood == "O" and m2 == "A" and d == b and a != c:  # some a not b, all c are b
                out.append(("baroco", (f, g), ("O", a, c)))
            if mood == "O" and m2 == "A" and c == a and b != d:  # some a not b, all a are d
                out.append(("bocardo", (f, g), ("O", d, b)))
    return out


@cache
def derivation(premises: tuple[Statement, ...], goal: Statement) -> tuple[Step, ...] | None:
    """The steps (in order) that derive the goal from the premises, breadth first, or None."""
    how: dict[Statement, Step | None] = {p: None for p in premises}
    frontier = True
    while frontier and goal not in how:
        frontier = False
        for step in _one_step(set(how)):
            if step[2] not in how:
                how[step[2]] = step
                frontier = True
    if goal not in how:
        return None
    ordered: list[Step] = []

    def visit(fact: Statement) -> None:
        step = how[fact]
        if step is None or step in ordered:
            return
        for parent in step[1]:
            visit(parent)
        ordered.append(step)

    visit(goal)
    return tuple(ordered)


# =============================================================================================
# Configurations and their difficulty, precomputed at import
# =============================================================================================
class _Pair:
    """A premise pair with which candidate conclusions follow."""

    def __init__(self, major: str, minor: str, figure: int) -> None:
        self.major, self.minor, self.figure = major, minor, figure
        (a, b), (c, d) = FIGURES[figure]
        self.premises: tuple[Statement, Statement] = ((major, a, b), (minor, c, d))
        self.world = world_of(self.premises)
        assert self.world  # every premise pair is satisfiable with non-empty terms
        self.following = frozenset(c for c in CANDIDATES if follows_in(self.world, c))
        self.atmosphere = atmosphere(major, minor)
        # for the option layout: the atmosphere conclusion leads when it is wrong; the rest follow
        self.lead = (self.atmosphere,) if self.atmosphere not in self.following else ()
        self.pool = tuple(c for c in CANDIDATES if c not in self.following and c != self.atmosphere)
        moods = (major, minor)
        self.features = {"particular": sum(m in "IO" for m in moods),
                         "negative": sum(m in "EO" for m in moods),
                         "indirect": int(figure != 1),
                         "no_valid": int(not self.following)}

    def config_features(self, ask: str, statement: Statement | None) -> dict[str, int]:
        """Features of one item built on this pair: the ask and the keyed (or asked) conclusion."""
        universal = self.features["particular"] == 0
        if ask == "which":
            trap = int(self.atmosphere not in self.following)
            follows = statement is not None
        else:  # judge
            assert statement is not None
            trap = int(statement == self.atmosphere and statement not in self.following)
            follows = statement in self.following
        converse = int(statement is not None and statement[1] == P and follows)
        weak = int(statement is not None and follows and statement[0] in "IO" and universal)
        return {**self.features, "trap": trap, "converse": converse, "weak": weak,
                "choose": int(ask == "which")}


PAIRS = tuple(_Pair(major, minor, figure) for figure in FIGURES for major in MOODS for minor in MOODS)


def verdict(world: int, statement: Statement) -> int:
    """0: the statement must be true; 1: it must be false; 2: cannot say (the key's position
    among the judge options, which always come in this order)."""
    if follows_in(world, statement):
        return 0
    return 1 if world & MASKS[statement] == 0 else 2


def _configs() -> dict[tuple[str, int], list[tuple[int, Statement | None, float]]]:
    """(ask, category) -> [(pair index, statement, b)]. The category is the key's kind: for
    "which" 0 a valid conclusion, 1 none; for "judge" the verdict (true, false, cannot say)."""
    out: dict[tuple[str, int], list[tuple[int, Statement | None, float]]] = {
        ("which", 0): [], ("which", 1): [], ("judge", 0): [], ("judge", 1): [], ("judge", 2): []}
    for index, pair in enumerate(PAIRS):
        if pair.following:
            for statement in sorted(pair.following):
                b = linear_difficulty(INTERCEPT, WEIGHTS, pair.config_features("which", statement))
                out[("which", 0)].append((index, statement, b))
        else:
            b = linear_difficulty(INTERCEPT, WEIGHTS, pair.config_features("which", None))
            out[("which", 1)].append((index, None, b))
        for statement in CANDIDATES:
            b = linear_difficulty(INTERCEPT, WEIGHTS, pair.config_features("judge", statement))
            out[("judge", verdict(pair.world, statement))].append((index, statement, b))
    return out


CONFIGS = _configs()
GRID = [round(-3.0 + 0.1 * i, 1) for i in range(61)]


def _cumulative() -> dict[tuple[str, int, int], list[float]]:
    table = {}
    for key, configs in CONFIGS.items():
        for g, target in enumerate(GRID):
            total, cum = 0.0, []
            for _, _, b in configs:
                total += math.exp(-((b - target) ** 2) / (2 * SPREAD ** 2)) + 1e-9
                cum.append(total)
            table[(*key, g)] = cum
    return table


CUMULATIVE = _cumulative()


# =============================================================================================
# Text
# =============================================================================================
def _form_regex(template: str) -> re.Pattern[str]:
    pattern = re.escape(template).replace(re.escape("{x}"), "(?P<x>.+?)").replace(re.escape("{y}"), "(?P<y>.+?)")
    return re.compile(f"^{pattern}$")


class SyllogismGenerator(BaseGenerator):
    """Syllogisms: which conclusion follows from two categorical statements (all/no/some/some not).

    See the module docstring: existential import stated in the prompt, the 64 premise pairs,
    validity by model enumeration, and the linear difficulty model over the form's features.
    """

    family = "logical.syllogism"
    section = "logical"
    version = 2
    title = "Syllogisms"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        ph = phrases_for(PACKAGE, lang)["syllogism"]
        self.phrases = ph
        self.forms: dict[str, str] = ph["forms"]
        self.ex: dict[str, str] = ph["explain"]
        self.mistakes: dict[str, str] = ph["mistakes"]
        # (with article, plural, bare singular): "a blicket", "blickets", "blicket"
        self.terms = {kind: [(a, p, a.split(" ", 1)[1]) for a, p in words] for kind, words in ph["terms"].items()}
        # O before I: "Some x are not y" also matches the I pattern with y = "not y"
        # (the parsers are grouped by the form's first word, which is fixed text)
        self.parsers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for mood in "OAEI":
            first = self.forms[mood].split(" ", 1)[0]
            self.parsers.setdefault(first, []).append((mood, _form_regex(self.forms[mood])))
        premise = re.escape(ph["premise"]).replace(re.escape("{n}"), r"(?P<n>\d)")
        self.premise_re = re.compile("^" + premise.replace(re.escape("{statement}"), "(?P<s>.+)") + "$")
        conclusion = re.escape(ph["conclusion_line"]).replace(re.escape("{statement}"), "(?P<s>.+)")
        self.conclusion_re = re.compile(f"^{conclusion}$")
        self._parsed: dict[str, tuple[str, str, str] | None] = {}

    # -- generate ------------------------------------------------------------------------------
    # Text is built once per abstract piece (statement, premise line, counter-model ...) with
    # placeholders for the terms ({a0} "a blicket", {p0} "blickets", {s0} "blicket", for S, M, P
    # = 0, 1, 2) and cached; an item fills in its three terms with one format_map per field.
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        u = rng.random(16).tolist()
        ask = "judge" if u[0] < JUDGE_SHARE[0] + JUDGE_SHARE[1] * difficulty else "which"
        key_index = int(u[1] * (3 if ask == "judge" else 5))  # u < 1, so always a valid index
        category = key_index if ask == "judge" else int(key_index == 4)
        grid = min(60, max(0, round((difficulty + 3.0) * 10)))
        cum = CUMULATIVE[(ask, category, grid)]
        pair_index, statement, b = CONFIGS[(ask, category)][bisect.bisect_right(cum, u[2] * cum[-1])]
        pair = PAIRS[pair_index]
        kind = "neutral" if u[3] < NEUTRAL_SHARE else "nonsense"
        words = self.terms[kind]
        n = len(words)  # three distinct terms for S, M, P
        i0 = int(u[4] * n)
        i1 = (i0 + 1 + int(u[5] * (n - 1))) % n
        i2 = int(u[6] * (n - 2))
        for c in sorted((i0, i1)):
            i2 += i2 >= c
        (a0, p0, s0), (a1, p1, s1), (a2, p2, s2) = words[i0], words[i1], words[i2]
        values = {"a0": a0, "p0": p0, "s0": s0, "a1": a1, "p1": p1, "s1": s1, "a2": a2, "p2": p2, "s2": s2}
        swap = u[7] < 0.5  # show the minor premise first half the time
        premises = pair.premises[::-1] if swap else pair.premises
        lines = [self.phrases["convention"], "", self._premise_line(1, premises[0]),
                 self._premise_line(2, premises[1])]
        if ask == "which":
            shown, wrong = self._layout(pair, statement, key_index, u[8:15])
            options = [self._option(pair_index, d, statement) for d in shown]
            key = key_index
        else:
            assert statement is not None
            wrong = []
            lines += ["", self.phrases["conclusion_line"].format(statement=self._say(statement))]
            options, key = self._judge_options(pair, statement, key_index), key_index
        stems = self.phrases[ask]
        lines += ["", stems[int(u[15] * len(stems))]]
        features, meta = self._meta(pair_index, ask, statement)
        explanation = self._explain(pair_index, swap, ask, statement, tuple(wrong))
        # one format_map for all the text of the item (the unit separator never occurs in it)
        texts = "\x1f".join(["\n".join(lines), explanation, *(o.text for o in options)]
                            ).format_map(values).split("\x1f")
        options = tuple([Option(text, None, o.mistake and o.mistake.format_map(values))
                         for text, o in zip(texts[2:], options, strict=True)])
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=texts[0], explanation=texts[1],
            difficulty=b,
            discrimination=meta[0], time_s=meta[1], options=options, key=key,
            params={**features, "terms": kind, "swapped": swap},
        )

    @cache  # noqa: B019 - one generator per process; the keys are a few hundred small tuples
    def _meta(self, pair_index: int, ask: str,
              statement: Statement | None) -> tuple[dict[str, Any], tuple[float, float]]:
        """The configuration's params (form and difficulty features), discrimination and time."""
        pair = PAIRS[pair_index]
        features = pair.config_features(ask, statement)
        premises = features["particular"] + features["negative"]
        params = {"ask": ask, "figure": pair.figure, "major": pair.major, "minor": pair.minor,
                  "form": f"{pair.major}{pair.minor}-{pair.figure}",
                  "statement": None if statement is None else "".join(map(str, statement)), **features}
        return params, (round(0.9 + 0.1 * premises, 3), 35.0 + 6.0 * premises + 10.0 * features["choose"])

    @cache  # noqa: B019 - one generator per process; the keys are a few hundred small tuples
    def _say(self, statement: Statement) -> str:
        mood, x, y = statement
        return self.forms[mood].format(x=f"{{p{x}}}", y=f"{{p{y}}}")

    @cache  # noqa: B019
    def _premise_line(self, n: int, statement: Statement) -> str:
        return self.phrases["premise"].format(n=n, statement=self._say(statement))

    def _mistake(self, pair: _Pair, statement: Statement, key: Statement | None = None) -> str:
        mood, x, y = statement
        if statement == pair.atmosphere:
            name = "atmosphere"
        elif key is not None and (CONTRADICTORY[mood], x, y) == key:
            name = "opposite"
        elif (mood, y, x) in pair.following:
            name = "converse"
        elif pair.world & MASKS[statement]:
            name = "possible"
        else:
            name = "ruled_out"
        if name in ("possible", "ruled_out"):  # names the conclusion: several may be shown
            return self.mistakes[name].format(statement=self._say(statement).rstrip("."))
        return self.mistakes[name]

    @staticmethod
    def _layout(pair: _Pair, key: Statement | None, key_index: int,
                u: Sequence[float]) -> tuple[list[Statement | None], list[Statement]]:
        """The five options in order (None is "none of these", always last) and the wrong
        conclusions shown, the most tempting (the atmosphere one, when shown) first."""
        wrong = list(pair.pool)
        distractors = list(pair.lead)
        need = 4 if key is None else 3
        while len(distractors) < need:
            distractors.append(wrong.pop(int(u[len(distractors)] * len(wrong))))
        order = list(range(need))  # shuffle the distractors (Fisher-Yates on the given uniforms)
        for i in range(need - 1, 0, -1):
            j = int(u[3 + i] * (i + 1))
            order[i], order[j] = order[j], order[i]
        shown: list[Statement | None] = [distractors[i] for i in order]
        if key is None:
            return [*shown, None], shown  # type: ignore[list-item]
        shown.insert(key_index, key)
        return [*shown, None], distractors

    @cache  # noqa: B019
    def _option(self, pair_index: int, statement: Statement | None, key: Statement | None) -> Option:
        pair = PAIRS[pair_index]
        if statement is None:  # "none of these": the key exactly when no keyed conclusion is shown
            return Option(self.phrases["none"], mistake=None if key is None else self.mistakes["missed"])
        if statement == key:
            return Option(self._say(statement))
        return Option(self._say(statement), mistake=self._mistake(pair, statement, key))

    @cache  # noqa: B019
    def _judge_options(self, pair: _Pair, statement: Statement, key: int) -> tuple[Option, ...]:
        """Must be true / must be false / cannot say, with the mistake behind each wrong verdict."""
        m = self.mistakes
        wrong = {0: (None, m["true_as_false"], m["rejected"]),
                 1: (self._mistake(pair, statement), None, m["missed_false"]),
                 2: (self._mistake(pair, statement), m["possible_as_false"], None)}[key]
        return tuple(Option(self.phrases["judge_options"][i], mistake=wrong[i]) for i in range(3))

    # -- explanation ---------------------------------------------------------------------------
    def _premise_reason(self, n: int, statement: Statement) -> str:
        mood, x, y = statement
        key = {"A": "rules_out_A", "E": "rules_out_E", "I": "exists_I", "O": "exists_O"}[mood]
        return self.ex[key].format(n=n, ax=f"{{a{x}}}", ay=f"{{a{y}}}", x=f"{{s{x}}}")

    def _steps(self, premises: tuple[Statement, ...], goal: Statement) -> str | None:
        """The derivation of the goal in words, one clause per inference."""
        steps = derivation(premises, goal)
        if not steps:
            return None
        clauses = []
        for rule, parents, (_, x, y) in steps:
            first = parents[0]
            if rule == "baroco":  # some x not m, every y is an m
                terms = {"x": x, "y": first[2], "z": y}
            elif rule == "bocardo":  # some m not y, every m is an x
                terms = {"x": x, "y": first[1], "z": y}
            elif len(parents) == 2:
                terms = {"x": x, "y": first[2], "z": y}
            else:
                terms = {"x": first[1], "y": first[2]}
            fill = {}
            for name, t in terms.items():
                fill[name], fill[f"a{name}"] = f"{{s{t}}}", f"{{a{t}}}"
            clauses.append(self.ex["rules"][rule].format(**fill))
        return self.ex["steps"].format(steps="; ".join(clauses))

    def _describe(self, model: int) -> str:
        ex, kinds = self.ex, []
        for region in range(1, 8):
            if not model >> region & 1:
                continue
            inside = [f"{{a{t}}}" for t in range(3) if region >> t & 1]
            outside = [f"{{a{t}}}" for t in range(3) if not region >> t & 1]
            thing, rest = inside[0], inside[1:]
            if rest and outside:
                kinds.append(ex["kind_not"].format(thing=thing, inside=ex["and"].join(rest),
                                                   outside=ex["or"].join(outside)))
            elif rest:
                kinds.append(ex["kind"].format(thing=thing, inside=ex["and"].join(rest)))
            else:
                kinds.append(ex["kind_only_not"].format(thing=thing, outside=ex["or"].join(outside)))
        return ex["sep"].join(kinds)

    @cache  # noqa: B019
    def _not_forced(self, pair_index: int, statement: Statement) -> str:
        model = counter_model(PAIRS[pair_index].world, statement)
        assert model is not None
        return self.ex["not_forced"].format(statement=self._say(statement).rstrip("."),
                                            model=self._describe(model))

    @cache  # noqa: B019
    def _explain(self, pair_index: int, swap: bool, ask: str, statement: Statement | None,
                 wrong: tuple[Statement, ...]) -> str:
        """The premises' content and why the key follows; counter-models for shown wrong conclusions."""
        ex, pair = self.ex, PAIRS[pair_index]
        premises = pair.premises[::-1] if swap else pair.premises
        if statement is not None and statement in pair.following:
            steps = self._steps(pair.premises, statement)
            parts = [self._premise_reason(n + 1, s) for n, s in enumerate(premises)]
            parts += [ex["import"], steps or ex["forced"].format(statement=self._say(statement)),
                      ex["follows"].format(statement=self._say(statement))]
            if ask == "which":  # why the most tempting distractor fails
                parts.append(self._not_forced(pair_index, wrong[0]))
            return " ".join(parts)
        if ask == "judge":
            assert statement is not None
            if verdict(pair.world, statement) == 1:  # its contradictory follows
                mood, x, y = statement
                opposite = (CONTRADICTORY[mood], x, y)
                steps = self._steps(pair.premises, opposite)
                parts = [self._premise_reason(n + 1, s) for n, s in enumerate(premises)]
                parts += [ex["import"], steps or ex["forced"].format(statement=self._say(opposite)),
                          ex["follows"].format(statement=self._say(opposite)),
                          ex["so_false"].format(statement=self._say(statement).rstrip("."))]
                return " ".join(parts)
            return " ".join([self._not_forced(pair_index, statement), ex["may_be_true"].format(
                model=self._describe(_simplest(pair.world & MASKS[statement])))])
        parts = [ex["none_key"].format(x="{p0}", y="{p2}")]
        parts += [self._not_forced(pair_index, d) for d in wrong]
        parts.append(ex["none_answer"])
        return " ".join(parts)

    # -- check ---------------------------------------------------------------------------------
    def parse_statement(self, text: str) -> tuple[str, str, str] | None:
        """(mood, subject, predicate) of a statement in one of the four forms, or None.
        Memoised: a pure function of the text, and the texts repeat (a few thousand in all)."""
        try:
            return self._parsed[text]
        except KeyError:
            pass
        if len(self._parsed) > 50_000:
            self._parsed.clear()
        parsed = self._parse_statement(text)
        self._parsed[text] = parsed
        return parsed

    def _parse_statement(self, text: str) -> tuple[str, str, str] | None:
        text = text.strip()
        for mood, regex in self.parsers.get(text.split(" ", 1)[0], ()):
            match = regex.match(text)
            if match:
                return mood, match["x"], match["y"]
        return None

    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        lines = [line.strip() for line in item.prompt.splitlines()]
        if self.phrases["convention"] not in lines:
            raise ItemCheckError(f"item {where}: the prompt does not state the convention")
        premises, conclusion = [], None
        for line in lines:
            if not line or line == self.phrases["convention"]:
                continue
            match = self.premise_re.match(line)
            if match:
                if (parsed := self.parse_statement(match["s"])):
                    premises.append(parsed)
                continue
            match = self.conclusion_re.match(line)
            if match:
                conclusion = self.parse_statement(match["s"])
                if conclusion is None:
                    raise ItemCheckError(f"item {where}: cannot read the conclusion {line!r}")
        if len(premises) != 2:
            raise ItemCheckError(f"item {where}: expected two premises, found {len(premises)}")
        index, world = self._world(premises, where)
        if conclusion is not None:
            mood, x, y = conclusion
            true = self._decide(conclusion, index, world, where)
            false = self._decide((CONTRADICTORY[mood], x, y), index, world, where)
            texts = [o.text for o in item.options]
            judge = self.phrases["judge_options"]
            if sorted(texts) != sorted(judge):
                raise ItemCheckError(f"item {where}: a judge item needs exactly the options {judge}")
            require_single_key(item, [texts.index(judge[0 if true else 1 if false else 2])])
            return
        correct, none_index = [], None
        for i, option in enumerate(item.options):
            if option.text == self.phrases["none"]:
                none_index = i
                continue
            parsed = self.parse_statement(option.text)
            if parsed is None:
                raise ItemCheckError(f"item {where}: option {option.text!r} is not a statement")
            if self._decide(parsed, index, world, where):
                correct.append(i)
        if none_index is None:
            raise ItemCheckError(f"item {where}: no 'none of these' option")
        require_single_key(item, correct or [none_index])

    def _world(self, premises: Sequence[tuple[str, str, str]], where: str) -> tuple[dict[str, int], int]:
        (m1, x1, y1), (m2, x2, y2) = premises
        shared = {x1, y1} & {x2, y2}
        if x1 == y1 or x2 == y2 or len(shared) != 1:
            raise ItemCheckError(f"item {where}: the premises must share exactly one (middle) term")
        middle = shared.pop()
        ends = sorted({x1, y1, x2, y2} - {middle})
        index = {ends[0]: 0, middle: 1, ends[1]: 2}
        world = world_of([(m1, index[x1], index[y1]), (m2, index[x2], index[y2])])
        return index, world

    @staticmethod
    def _decide(statement: tuple[str, str, str], index: dict[str, int], world: int, where: str) -> bool:
        mood, x, y = statement
        if x not in index or y not in index or x == y or 1 in (index[x], index[y]):
            raise ItemCheckError(f"item {where}: a conclusion must relate the two end terms")
        return follows_in(world, (mood, index[x], index[y]))


def _simplest(models: int) -> int:
    """The model with fewest non-empty regions in a set of models."""
    return next(m for m in MODELS_BY_SIZE if models >> m & 1)


def describe_configs() -> dict[str, Any]:
    """Counts per configuration group and their b range (for tests and the notes)."""
    return {f"{ask}/{category}": (len(c), min(b for *_, b in c), max(b for *_, b in c))
            for (ask, category), c in CONFIGS.items()}
