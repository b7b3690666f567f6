"""Categorical syllogisms: which conclusion about two end terms follows from two or three premises.

Convention: existential import, stated in every prompt ("assume that every group named has at
least one member"; "some" means at least one, possibly all; the statements count, not the
real world). Under it 24 of the 256 mood-figure forms are valid (15 without existential
import); `form_is_valid` decides either way.

Forms. A premise pair is a major premise (relating the middle term M and the predicate P), a
minor premise (relating M and the subject S), and a figure (1: M-P, S-M; 2: P-M, S-M;
3: M-P, M-S; 4: P-M, M-S): 4 x 4 x 4 = 64 pairs. A three-premise chain links S-M, M-N, N-P,
each premise in either direction: 4^3 moods x 2^3 directions = 512 chains, shown in a random
order. The candidate conclusions are the eight statements A/E/I/O about S and P in either
order. Which of them follow is decided by exhaustive model enumeration: a model says which of
the 8 (16 with four terms) regions of the sets are non-empty (256 models; 65,536); a statement
follows when every model of the premises in which all terms are non-empty makes it true. The
tables are bit masks over the models, computed once at import.

Wordings. A premise may be said with a negation: "Not all x are y" (O), "There are no x that
are not y" (A), "It is not true that some x are y" (E), "It is not true that no x are y" (I);
check() reads both wordings. Terms are nonsense words or belief-neutral groups of people; at
the hard end (forms with b >= -0.5) some items use real groups (roses, flowers; whales, fish)
chosen so that the world contradicts the logic (belief bias, Evans, Barston & Pollard 1983): a
valid conclusion that is false in the world, or a ruled-out, open or tempting wrong conclusion
that is true in it; the option a believer would pick names that mistake.

Two asks: "which conclusion follows?" (four conclusions plus "None of these conclusions
follows", always last; the key is "None" with probability 0.2 + d / 10 within 0.02..0.38, one
in five over the scale, since "none" is hard, and otherwise on A-D uniformly) and "judge" (with
probability 0.3 - d / 10 within 0.1..0.6, since judging one conclusion is easier): is a given
conclusion true, false or impossible to say (must be true: it follows; must be false: its
contradictory follows; cannot say: neither), each the key a third of the time.

Difficulty model (IRT logit scale b), a linear model of the form's features, after the
syllogism literature (particular and negative premises, figure, no-valid-conclusion forms,
the atmosphere effect, more premises to integrate, negations and belief conflicts make
syllogisms harder; Khemlani & Johnson-Laird 2012):

    b = -3.2 + 0.6 particular + 0.6 negative + 0.6 indirect + 1.2 no_valid + 0.8 trap
             + 0.7 converse + 0.9 weak + 0.7 choose + 1.2 three + 0.45 negated + 0.8 belief

particular, negative: how many premises are particular / negative (0-3); indirect: the premises
do not chain S-M-P (figure 2, 3 or 4; a chain premise pointing back); no_valid: no conclusion
about S and P follows; trap: a shown conclusion that echoes the premises' wording (their
"atmosphere") does not follow; converse: the keyed (or judged, when true) conclusion names P
before S; weak: a particular conclusion from universal premises (it needs existential import);
choose: the "which conclusion" ask; three: a three-premise chain; negated: premises said with a
negation (0-2); belief: real groups against the logic. Every (form, ask, key, negated, belief)
configuration up to b = 3.5 has its b from this model; configurations are grouped by b (to 0.1)
and a request draws, within the drawn key category, a group with weight exp(-(b - d)^2 /
(2 * 0.25^2)) (relative to the nearest group) and a configuration in it uniformly, so b follows
the requested difficulty within about 0.3. Discrimination a = 0.9 + 0.1 * (particular +
negative); time 35 s + 6 s per particular or negative premise + 10 s for the "which" ask +
20 s for a third premise + 8 s per negated premise + 5 s for belief-laden terms.

check() parses the premises and options back from the text with the phrase templates, finds
the end terms (each in one premise) and the middle terms (each in two), and decides every
option by model enumeration.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar

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
           "converse": 0.7, "weak": 0.9, "choose": 0.7, "three": 1.2}
REWORD = 0.45  # a premise said with a negation ("Not all ...", "There are no ... that are not ...")
BELIEF = 0.8  # real groups whose truth in the world conflicts with what follows
BELIEF_FROM = -0.5  # ... only on forms that are already of middle difficulty (the hard end)
INTERCEPT = -3.2
MAX_B = 3.5
SPREAD = 0.25  # sd of the draw of a configuration around the requested difficulty
JUDGE_SHARE = (0.3, -0.1)  # share of "true, false or cannot say?" items: 0.3 - d / 10, in 0.1..0.6
NONE_SHARE = (0.2, 0.02, 0.38)  # "none of these" keyed: 0.2 + d / 10, within 0.02..0.38
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

# Three premises relate four terms: S, M, P and a second middle term N (S-M, M-N, N-P). The
# same enumeration over 16 regions: 65,536 models, each statement a bit mask over them (a
# Python int), built once with numpy.
N = 3
FULL4 = (1 << 65536) - 1


def _build_masks4() -> tuple[dict[Statement, int], int]:
    models = np.arange(65536, dtype=np.uint32)

    def bits(flags: np.ndarray) -> int:
        return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")

    def regions(test: Any) -> int:
        return sum(1 << r for r in range(16) if test(r))

    masks = {}
    for x in range(4):
        for y in range(4):
            if x == y:
                continue
            both = regions(lambda r, x=x, y=y: r >> x & 1 and r >> y & 1)
            only = regions(lambda r, x=x, y=y: r >> x & 1 and not r >> y & 1)
            masks[("A", x, y)] = bits((models & only) == 0)
            masks[("E", x, y)] = bits((models & both) == 0)
            masks[("I", x, y)] = bits((models & both) != 0)
            masks[("O", x, y)] = bits((models & only) != 0)
    nonempty = FULL4
    for t in range(4):
        nonempty &= bits((models & regions(lambda r, t=t: r >> t & 1)) != 0)
    return masks, nonempty


MASKS4, ALL_NONEMPTY4 = _build_masks4()
POPCOUNT4 = np.array([bin(m).count("1") for m in range(65536)], dtype=np.int8)


def simplest_model(models: int, size: int) -> int | None:
    """The model with fewest non-empty regions among a set of models (bit mask), or None."""
    if not models:
        return None
    if size == 256:
        return next(m for m in MODELS_BY_SIZE if models >> m & 1)
    flags = np.unpackbits(np.frombuffer(models.to_bytes(8192, "little"), np.uint8), bitorder="little")
    found = np.flatnonzero(flags)
    return int(found[np.argmin(POPCOUNT4[found])])


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


def atmosphere(moods: Sequence[str]) -> Statement:
    """The S-P conclusion that matches the premises' wording: negative if one is, particular if one is."""
    negative = any(m in "EO" for m in moods)
    particular = any(m in "IO" for m in moods)
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
class _Form:
    """Two or three premises (a mood-figure pair, or a chain S-M, M-N, N-P) and which candidate
    conclusions about S and P follow."""

    def __init__(self, premises: tuple[Statement, ...], name: str, figure: int) -> None:
        self.premises = premises
        self.name, self.figure = name, figure
        three = len(premises) == 3
        self.masks, self.full = (MASKS4, FULL4) if three else (MASKS, FULL)
        self.size = 65536 if three else 256
        self.world = FULL4 & ALL_NONEMPTY4 if three else ALL_NONEMPTY
        for statement in premises:
            self.world &= self.masks[statement]
        assert self.world  # every form is satisfiable with non-empty terms
        self.following = frozenset(c for c in CANDIDATES if self.follows(c))
        moods = [m for m, _, _ in premises]
        self.major, self.minor = moods[0], moods[1]
        self.atmosphere = atmosphere(moods)
        # for the option layout: the atmosphere conclusion leads when it is wrong; the rest follow
        self.lead = (self.atmosphere,) if self.atmosphere not in self.following else ()
        self.pool = tuple(c for c in CANDIDATES if c not in self.following and c != self.atmosphere)
        chain = ((S, M), (M, N), (N, P)) if three else ()
        indirect = any((x, y) not in chain for _, x, y in premises) if three else figure != 1
        self.features = {"particular": sum(m in "IO" for m in moods),
                         "negative": sum(m in "EO" for m in moods),
                         "indirect": int(indirect),
                         "no_valid": int(not self.following),
                         "three": int(three)}

    def follows(self, statement: Statement) -> bool:
        return self.world & ~self.masks[statement] & self.full == 0

    def possible(self, statement: Statement) -> bool:
        return self.world & self.masks[statement] != 0

    def verdict(self, statement: Statement) -> int:
        """0: the statement must be true; 1: it must be false; 2: cannot say (the key's position
        among the judge options, which always come in this order)."""
        if self.follows(statement):
            return 0
        return 2 if self.possible(statement) else 1

    def config_features(self, ask: str, statement: Statement | None) -> dict[str, int]:
        """Features of one item built on this form: the ask and the keyed (or asked) conclusion."""
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


def _pair(major: str, minor: str, figure: int) -> _Form:
    (a, b), (c, d) = FIGURES[figure]
    return _Form(((major, a, b), (minor, c, d)), f"{major}{minor}-{figure}", figure)


def _triple(moods: tuple[str, str, str], flips: tuple[bool, bool, bool]) -> _Form:
    links = ((S, M), (M, N), (N, P))
    premises = tuple((m, y, x) if flip else (m, x, y) for m, (x, y), flip in zip(moods, links, flips, strict=True))
    return _Form(premises, "".join(moods) + "-" + "".join("r" if f else "d" for f in flips), 0)


PAIRS = tuple(_pair(major, minor, figure) for figure in FIGURES for major in MOODS for minor in MOODS)
TRIPLES = tuple(_triple(moods, flips) for moods in itertools.product(MOODS, repeat=3)
                for flips in itertools.product((False, True), repeat=3))
FORMS = PAIRS + TRIPLES


def _configs() -> dict[tuple[str, int], list[tuple[int, Statement | None, int, int, float]]]:
    """(ask, category) -> [(form index, statement, reworded premises, belief, b)]. The category
    is the key's kind: for "which" 0 a valid conclusion, 1 none; for "judge" the verdict (true,
    false, cannot say)."""
    out: dict[tuple[str, int], list[tuple[int, Statement | None, int, int, float]]] = {
        ("which", 0): [], ("which", 1): [], ("judge", 0): [], ("judge", 1): [], ("judge", 2): []}
    for index, form in enumerate(FORMS):
        asks: list[tuple[str, int, Statement | None]] = [
            ("which", 0, st) for st in sorted(form.following)] or [("which", 1, None)]
        asks += [("judge", form.verdict(st), st) for st in CANDIDATES]
        for ask, category, statement in asks:
            base = linear_difficulty(INTERCEPT, WEIGHTS, form.config_features(ask, statement))
            for reworded in range(len(form.premises)):
                for belief in (0, 1) if base >= BELIEF_FROM else (0,):
                    b = round(base + REWORD * reworded + BELIEF * belief, 3)
                    if b <= MAX_B:  # beyond the top of the scale nothing is gained
                        out[(ask, category)].append((index, statement, reworded, belief, b))
    return out


CONFIGS = _configs()
GRID = [round(-3.0 + 0.1 * i, 1) for i in range(61)]


def _buckets() -> dict[tuple[str, int], tuple[list[list[int]], list[np.ndarray]]]:
    """Per (ask, category): the configurations grouped by b (to 0.1), and for every grid point
    the cumulative weights of the groups, exp(-(b - target)^2 / (2 SPREAD^2)). A draw picks a
    group by its weight, then a configuration in it uniformly."""
    table = {}
    for key, configs in CONFIGS.items():
        groups: dict[float, list[int]] = {}
        for i, config in enumerate(configs):
            groups.setdefault(round(config[-1], 1), []).append(i)
        levels = sorted(groups)
        b = np.array(levels)
        # distances from the nearest group, so a target beyond every group draws the nearest
        cums = [np.cumsum(np.exp(-((b - target) ** 2 - ((b - target) ** 2).min()) / (2 * SPREAD ** 2)))
                for target in GRID]
        table[key] = ([groups[level] for level in levels], cums)
    return table


BUCKETS = _buckets()


# =============================================================================================
# Text
# =============================================================================================
def _form_regex(template: str) -> re.Pattern[str]:
    pattern = re.escape(template).replace(re.escape("{x}"), "(?P<x>.+?)").replace(re.escape("{y}"), "(?P<y>.+?)")
    return re.compile(f"^{pattern}$")


class SyllogismGenerator(BaseGenerator):
    """Syllogisms: which conclusion follows from two or three categorical statements.

    See the module docstring: existential import stated in the prompt, the 64 premise pairs and
    512 three-premise chains, validity by model enumeration, and the linear difficulty model
    over the form's features, negated wordings and belief-laden terms.
    """

    family = "logical.syllogism"
    section = "logical"
    version = 4
    title = "Syllogisms"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        ph = phrases_for(PACKAGE, lang)["syllogism"]
        self.phrases = ph
        self.forms: dict[str, str] = ph["forms"]
        self.reworded: dict[str, str] = ph["reworded"]
        self.ex: dict[str, str] = ph["explain"]
        self.mistakes: dict[str, str] = ph["mistakes"]
        # (with article, plural, bare singular): "a blicket", "blickets", "blicket"
        self.terms = {kind: [(a, p, a.split(" ", 1)[1]) for a, p in words] for kind, words in ph["terms"].items()}
        belief = ph["belief"]
        self.belief_pairs = [((a, p, a.split(" ", 1)[1]), (b, q, b.split(" ", 1)[1]), relation)
                             for a, p, b, q, relation in belief["pairs"]]
        self.belief_middles = [(a, p, a.split(" ", 1)[1]) for a, p in belief["middles"]]
        # O before I: "Some x are not y" also matches the I pattern with y = "not y"
        # (the parsers are grouped by the form's first word, which is fixed text)
        self.parsers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for mood in "OAEI":
            for template in (self.forms[mood], self.reworded[mood]):
                first = template.split(" ", 1)[0]
                self.parsers.setdefault(first, []).append((mood, _form_regex(template)))
        premise = re.escape(ph["premise"]).replace(re.escape("{n}"), r"(?P<n>\d)")
        self.premise_re = re.compile("^" + premise.replace(re.escape("{statement}"), "(?P<s>.+)") + "$")
        conclusion = re.escape(ph["conclusion_line"]).replace(re.escape("{statement}"), "(?P<s>.+)")
        self.conclusion_re = re.compile(f"^{conclusion}$")
        self._parsed: dict[str, tuple[str, str, str] | None] = {}

    # -- generate ------------------------------------------------------------------------------
    # Text is built once per abstract piece (statement, premise line, counter-model ...) with
    # placeholders for the terms ({a0} "a blicket", {p0} "blickets", {s0} "blicket", for S, M, P,
    # N = 0, 1, 2, 3) and cached; an item fills in its terms with one format_map per field.
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        u = rng.random(20).tolist()
        judge_share = min(0.6, max(0.1, JUDGE_SHARE[0] + JUDGE_SHARE[1] * difficulty))
        ask = "judge" if u[0] < judge_share else "which"
        if ask == "judge":
            key_index = int(u[1] * 3)  # u < 1, so always a valid index
            category = key_index
        else:  # "none of these" (always E) is the key more often at the hard end, 1 in 5 overall
            none_share = min(NONE_SHARE[2], max(NONE_SHARE[1], NONE_SHARE[0] + 0.1 * difficulty))
            category = int(u[1] < none_share)
            key_index = 4 if category else int(u[19] * 4)
        grid = min(60, max(0, round((difficulty + 3.0) * 10)))
        groups, cums = BUCKETS[(ask, category)]
        cum = cums[grid]
        group = groups[min(len(groups) - 1, int(np.searchsorted(cum, u[2] * cum[-1], side="right")))]
        form_index, statement, reworded, belief, b = CONFIGS[(ask, category)][group[int(u[16] * len(group))]]
        form = FORMS[form_index]
        three = len(form.premises) == 3
        values, kind = self._terms(form, ask, statement, key_index, belief, three, u)
        order = self._order(len(form.premises), u[7])
        premises = [form.premises[i] for i in order]
        negated = self._negated(len(premises), reworded, u[17])
        lines = [self.phrases["convention"], ""]
        lines += [self._premise_line(n + 1, st, n in negated) for n, st in enumerate(premises)]
        believed = self._believed(values) if belief else None
        if ask == "which":
            shown, wrong = self._layout(form, statement, key_index, u[8:15])
            options = [self._option(form_index, d, statement, believed) for d in shown]
            key = key_index
        else:
            assert statement is not None
            wrong = []
            lines += ["", self.phrases["conclusion_line"].format(statement=self._say(statement))]
            options, key = self._judge_options(form, statement, key_index, believed), key_index
        stems = self.phrases[ask + ("_three" if three else "")]
        lines += ["", stems[int(u[15] * len(stems))]]
        features, meta = self._meta(form_index, ask, statement)
        explanation = self._explain(form_index, tuple(order), ask, statement, tuple(wrong))
        if belief:
            explanation = self.ex["belief"] + " " + explanation
        # one format_map for all the text of the item (the unit separator never occurs in it)
        texts = "\x1f".join(["\n".join(lines), explanation, *(o.text for o in options)]
                            ).format_map(values).split("\x1f")
        options = tuple([Option(text, None, o.mistake and o.mistake.format_map(values))
                         for text, o in zip(texts[2:], options, strict=True)])
        shown_premises = "\n".join(texts[0].splitlines()[2:2 + len(premises)])
        conclusion = "" if ask == "which" else texts[0].splitlines()[3 + len(premises)]
        content = "|".join(["syllogism", ask, *sorted(line.split(". ", 1)[1] for line in shown_premises.splitlines()),
                            conclusion, "opts:" + ",".join(sorted(o.text for o in options))])
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=texts[0], explanation=texts[1],
            difficulty=b,
            discrimination=meta[0], time_s=round(meta[1] + 8.0 * reworded + 5.0 * belief, 1),
            options=options, key=key,
            params={**features, "terms": kind, "order": order, "reworded": reworded, "belief": belief,
                    "content": content, "spread": [f"syllogism:{form.name}"]},
        )

    @staticmethod
    def _order(count: int, u: float) -> list[int]:
        """The order the premises are shown in: two premises either way round, three in any of
        the six orders (a chain is not shown as a chain)."""
        orders = list(itertools.permutations(range(count)))
        return list(orders[int(u * len(orders))])

    @staticmethod
    def _negated(count: int, reworded: int, u: float) -> set[int]:
        """Which shown premises are said with a negation (`reworded` of them)."""
        combos = list(itertools.combinations(range(count), reworded))
        return set(combos[int(u * len(combos))])

    def _terms(self, form: _Form, ask: str, statement: Statement | None, key_index: int, belief: int,
               three: bool, u: Sequence[float]) -> tuple[dict[str, str], str]:
        """The words for S, M, P (and N): nonsense or neutral groups, or at the belief-laden
        end real groups whose truth in the world conflicts with what the premises settle."""
        count = 4 if three else 3
        if belief:
            target = statement if statement is not None else form.lead[0] if form.lead else form.pool[0]
            # the world truth that conflicts: a valid key (or a true judgement) false in the
            # world; a ruled-out or open conclusion, or the leading wrong option, true in it
            want = not ((ask == "which" and statement is not None) or (ask == "judge" and key_index == 0))
            pairs = [bp for bp in self.belief_pairs if world_truth(target, bp[2]) == want]
            s_term, p_term, relation = pairs[int(u[4] * len(pairs))]
            middles = self.belief_middles
            i1 = int(u[5] * len(middles))
            i3 = (i1 + 1 + int(u[6] * (len(middles) - 1))) % len(middles)
            chosen = {0: s_term, 1: middles[i1], 2: p_term, 3: middles[i3]}
            kind = "belief:" + relation
        else:
            kind = "neutral" if u[3] < NEUTRAL_SHARE else "nonsense"
            words = self.terms[kind]
            picks = _distinct(len(words), count, [*u[4:7], u[18]])
            chosen = {t: words[i] for t, i in zip(range(count), picks, strict=True)}
        values = {}
        for t, (a, p, s) in chosen.items():
            values.update({f"a{t}": a, f"p{t}": p, f"s{t}": s})
        return values, kind

    def _believed(self, values: dict[str, str]) -> dict[Statement, bool]:
        """For a belief-laden item: which conclusions about S and P are true in the world."""
        relation = next(r for (s, _, _), (p, _, _), r in self.belief_pairs
                        if s == values["a0"] and p == values["a2"])
        return {c: world_truth(c, relation) for c in CANDIDATES}

    @cache  # noqa: B019 - one generator per process; the keys are a few thousand small tuples
    def _meta(self, form_index: int, ask: str,
              statement: Statement | None) -> tuple[dict[str, Any], tuple[float, float]]:
        """The configuration's params (form and difficulty features), discrimination and time."""
        form = FORMS[form_index]
        features = form.config_features(ask, statement)
        premises = features["particular"] + features["negative"]
        params = {"ask": ask, "figure": form.figure, "major": form.major, "minor": form.minor,
                  "form": form.name, "premises": len(form.premises),
                  "statement": None if statement is None else "".join(map(str, statement)), **features}
        time_s = 35.0 + 6.0 * premises + 10.0 * features["choose"] + 20.0 * features["three"]
        return params, (round(0.9 + 0.1 * premises, 3), time_s)

    @cache  # noqa: B019 - one generator per process; the keys are a few hundred small tuples
    def _say(self, statement: Statement, negated: bool = False) -> str:
        mood, x, y = statement
        return (self.reworded if negated else self.forms)[mood].format(x=f"{{p{x}}}", y=f"{{p{y}}}")

    @cache  # noqa: B019
    def _premise_line(self, n: int, statement: Statement, negated: bool = False) -> str:
        return self.phrases["premise"].format(n=n, statement=self._say(statement, negated))

    def _mistake(self, form: _Form, statement: Statement, key: Statement | None = None) -> str:
        mood, x, y = statement
        if statement == form.atmosphere:
            name = "atmosphere"
        elif key is not None and (CONTRADICTORY[mood], x, y) == key:
            name = "opposite"
        elif (mood, y, x) in form.following:
            name = "converse"
        elif form.possible(statement):
            name = "possible"
        else:
            name = "ruled_out"
        if name in ("possible", "ruled_out"):  # names the conclusion: several may be shown
            return self.mistakes[name].format(statement=self._say(statement).rstrip("."))
        return self.mistakes[name]

    @staticmethod
    def _layout(form: _Form, key: Statement | None, key_index: int,
                u: Sequence[float]) -> tuple[list[Statement | None], list[Statement]]:
        """The five options in order (None is "none of these", always last) and the wrong
        conclusions shown, the most tempting (the atmosphere one, when shown) first."""
        wrong = list(form.pool)
        distractors = list(form.lead)
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

    def _option(self, form_index: int, statement: Statement | None, key: Statement | None,
                believed: dict[Statement, bool] | None) -> Option:
        if believed is None:
            return self._plain_option(form_index, statement, key)
        option = self._plain_option(form_index, statement, key)
        if statement is not None and statement != key and believed[statement]:
            return Option(option.text, mistake=self.mistakes["belief"].format(
                statement=self._say(statement).rstrip(".")))
        return option

    @cache  # noqa: B019
    def _plain_option(self, form_index: int, statement: Statement | None, key: Statement | None) -> Option:
        form = FORMS[form_index]
        if statement is None:  # "none of these": the key exactly when no keyed conclusion is shown
            return Option(self.phrases["none"], mistake=None if key is None else self.mistakes["missed"])
        if statement == key:
            return Option(self._say(statement))
        return Option(self._say(statement), mistake=self._mistake(form, statement, key))

    def _judge_options(self, form: _Form, statement: Statement, key: int,
                       believed: dict[Statement, bool] | None) -> tuple[Option, ...]:
        """Must be true / must be false / cannot say, with the mistake behind each wrong verdict."""
        options = self._plain_judge(form, statement, key)
        if believed is None:
            return options
        world = 0 if believed[statement] else 1  # the verdict the world would give
        if world == key:
            return options
        return tuple(Option(o.text, mistake=self.mistakes["belief_judge"]) if i == world else o
                     for i, o in enumerate(options))

    @cache  # noqa: B019
    def _plain_judge(self, form: _Form, statement: Statement, key: int) -> tuple[Option, ...]:
        m = self.mistakes
        wrong = {0: (None, m["true_as_false"], m["rejected"]),
                 1: (self._mistake(form, statement), None, m["missed_false"]),
                 2: (self._mistake(form, statement), m["possible_as_false"], None)}[key]
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

    def _describe(self, model: int, count: int) -> str:
        ex, kinds = self.ex, []
        for region in range(1, 1 << count):
            if not model >> region & 1:
                continue
            inside = [f"{{a{t}}}" for t in range(count) if region >> t & 1]
            outside = [f"{{a{t}}}" for t in range(count) if not region >> t & 1]
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
    def _not_forced(self, form_index: int, statement: Statement) -> str:
        form = FORMS[form_index]
        model = simplest_model(form.world & ~form.masks[statement] & form.full, form.size)
        assert model is not None
        return self.ex["not_forced"].format(statement=self._say(statement).rstrip("."),
                                            model=self._describe(model, 4 if form.size > 256 else 3))

    @cache  # noqa: B019
    def _explain(self, form_index: int, order: tuple[int, ...], ask: str, statement: Statement | None,
                 wrong: tuple[Statement, ...]) -> str:
        """The premises' content and why the key follows; counter-models for shown wrong conclusions."""
        ex, form = self.ex, FORMS[form_index]
        premises = [form.premises[i] for i in order]
        if statement is not None and statement in form.following:
            steps = self._steps(form.premises, statement)
            parts = [self._premise_reason(n + 1, s) for n, s in enumerate(premises)]
            parts += [ex["import"], steps or ex["forced"].format(statement=self._say(statement)),
                      ex["follows"].format(statement=self._say(statement))]
            if ask == "which":  # why the most tempting distractor fails
                parts.append(self._not_forced(form_index, wrong[0]))
            return " ".join(parts)
        if ask == "judge":
            assert statement is not None
            if form.verdict(statement) == 1:  # its contradictory follows
                mood, x, y = statement
                opposite = (CONTRADICTORY[mood], x, y)
                steps = self._steps(form.premises, opposite)
                parts = [self._premise_reason(n + 1, s) for n, s in enumerate(premises)]
                parts += [ex["import"], steps or ex["forced"].format(statement=self._say(opposite)),
                          ex["follows"].format(statement=self._say(opposite)),
                          ex["so_false"].format(statement=self._say(statement).rstrip("."))]
                return " ".join(parts)
            model = simplest_model(form.world & form.masks[statement], form.size)
            return " ".join([self._not_forced(form_index, statement), ex["may_be_true"].format(
                model=self._describe(model, 4 if form.size > 256 else 3))])  # type: ignore[arg-type]
        parts = [ex["none_key"].format(x="{p0}", y="{p2}")]
        parts += [self._not_forced(form_index, d) for d in wrong]
        parts.append(ex["none_answer"])
        return " ".join(parts)

    # -- check ---------------------------------------------------------------------------------
    def parse_statement(self, text: str) -> tuple[str, str, str] | None:
        """(mood, subject, predicate) of a statement in one of the four forms (or their negated
        wordings), or None. Memoised: a pure function of the text, and the texts repeat."""
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
        if len(premises) not in (2, 3):
            raise ItemCheckError(f"item {where}: expected two or three premises, found {len(premises)}")
        index, world, masks = self._world(premises, where)
        if conclusion is not None:
            mood, x, y = conclusion
            true = self._decide(conclusion, index, world, masks, where)
            false = self._decide((CONTRADICTORY[mood], x, y), index, world, masks, where)
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
            if self._decide(parsed, index, world, masks, where):
                correct.append(i)
        if none_index is None:
            raise ItemCheckError(f"item {where}: no 'none of these' option")
        require_single_key(item, correct or [none_index])

    def _world(self, premises: Sequence[tuple[str, str, str]],
               where: str) -> tuple[dict[str, int], int, dict[Statement, int]]:
        """Terms to indices (the two end terms 0 and 2, the middle ones 1 and 3) and the models
        of the premises with every term non-empty."""
        uses: dict[str, int] = {}
        for _, x, y in premises:
            if x == y:
                raise ItemCheckError(f"item {where}: a premise relates a term to itself")
            for t in (x, y):
                uses[t] = uses.get(t, 0) + 1
        ends = sorted(t for t, c in uses.items() if c == 1)
        middles = [t for t, c in uses.items() if c == 2]
        if len(ends) != 2 or len(middles) != len(premises) - 1 or len(uses) != len(premises) + 1:
            raise ItemCheckError(f"item {where}: the premises must chain the two end terms through "
                                 f"{'one middle term' if len(premises) == 2 else 'two middle terms'}")
        index = {ends[0]: S, ends[1]: P}
        if len(premises) == 2:
            index[middles[0]] = M
            masks, world = MASKS, ALL_NONEMPTY
        else:  # the middle term next to the first end is M, the other N
            near = next(t for _, x, y in premises for t in (x, y) if {x, y} & {ends[0]} and t != ends[0])
            index[near] = M
            index[next(t for t in middles if t != near)] = N
            masks, world = MASKS4, ALL_NONEMPTY4
        for mood, x, y in premises:
            world &= masks[(mood, index[x], index[y])]
        return index, world, masks

    @staticmethod
    def _decide(statement: tuple[str, str, str], index: dict[str, int], world: int,
                masks: dict[Statement, int], where: str) -> bool:
        mood, x, y = statement
        if x not in index or y not in index or x == y or {index[x], index[y]} != {S, P}:
            raise ItemCheckError(f"item {where}: a conclusion must relate the two end terms")
        return world != 0 and world & ~masks[(mood, index[x], index[y])] == 0


def _distinct(n: int, count: int, u: Sequence[float]) -> list[int]:
    """`count` distinct indices below n from uniforms (a partial Fisher-Yates)."""
    pool = list(range(n))
    out = []
    for k in range(count):
        j = k + int(u[k] * (n - k))
        pool[k], pool[j] = pool[j], pool[k]
        out.append(pool[k])
    return out


def world_truth(statement: Statement, relation: str) -> bool:
    """Is a statement about S and P true in the world, given how the two groups really relate:
    sub (every S is a P, not every P an S), super, disjoint or overlap (some of each, neither
    inside the other)?"""
    mood, x, _ = statement
    inside = relation == ("sub" if x == S else "super")  # every x is a y
    disjoint = relation == "disjoint"
    return {"A": inside, "E": disjoint, "I": not disjoint, "O": not inside}[mood]


def describe_configs() -> dict[str, Any]:
    """Counts per configuration group and their b range (for tests and the notes)."""
    return {f"{ask}/{category}": (len(c), min(b for *_, b in c), max(b for *_, b in c))
            for (ask, category), c in CONFIGS.items()}
