"""Ordering puzzles: seat, rank or schedule 4-7 people from natural-language constraints.

A hidden order of n people is drawn; constraints true of it are drawn one by one (weighted by
the puzzle's tier) and kept when they rule out at least one of the n! orders still possible,
until exactly one order remains; then every constraint that the others make redundant is
dropped, so each one is needed (check() proves it: without any one statement more than one
order fits). The question (who is in place k? where is X? who is between X and Y?) is settled
by the unique order. Orders are bit sets over the n! permutations (Python ints, one bit per
permutation), built once per n from numpy arrays, so drawing and testing a constraint is one
AND and one popcount.

Scenarios: a row of seats (left/right), a ranking by test score (first/last), a weekly schedule
of talks (Monday to ...). Constraint kinds: at (X is in place k), not at, at an end, not at
either end, before (somewhere left of / higher than / earlier than), next (immediately left of
/ right of ...), adjacent, not adjacent, exactly g between, and (tier 3) conditionals "If P,
then Q." of two simple statements about different people, true of the hidden order: half with
a true condition (applied forwards), half with a false condition and a false consequence (used
backwards: the consequence fails, so the condition must).

Difficulty model (IRT logit scale b):

    b = -2.8 + 0.9 (n - 4) + 1.1 tier + 0.4 between

n: number of people (4-7); tier: how indirect the constraints are (0: mostly fixed places and
"immediately" relations; 1: a mix; 2: no fixed places, mostly relative and negative
constraints; 3: as 2 with at least one conditional); between: the "who is between X and Y"
question (only with 6 or 7 people). For a requested difficulty the (n, tier) pair is drawn with
probability proportional to exp(-(b - difficulty)^2 / (2 * 0.3^2)). Discrimination a = 0.9 +
0.05 (n - 4) + 0.1 tier; time 50 s + 15 s per person beyond four + 15 s per tier.

Distractors: the answer under an order that breaks exactly one constraint (named by that
constraint: the candidate overlooked it), the mirrored order (left/right or top/bottom mixed
up), the place next to the right one (counted one off) and, for "between", a neighbour of one
of the pair. check() parses the names, constraints and question back from the text, counts the
orders that satisfy every constraint (exactly one), and answers the question on it.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from functools import cache
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.logical"
SCENARIOS = ("row", "ranking", "schedule")
KINDS = ("at", "not_at", "end", "not_end", "before", "next", "adjacent", "not_adjacent", "gap")
TIER_WEIGHTS = {
    0: {"at": 3.0, "end": 1.0, "next": 1.5, "before": 1.0, "adjacent": 0.5, "not_at": 0.3,
        "not_end": 0.2, "not_adjacent": 0.1, "gap": 0.3},
    1: {"at": 0.8, "end": 0.8, "next": 1.2, "before": 1.2, "adjacent": 0.8, "not_at": 0.6,
        "not_end": 0.6, "not_adjacent": 0.5, "gap": 0.8},
    2: {"at": 0.0, "end": 0.3, "next": 0.8, "before": 1.3, "adjacent": 0.8, "not_at": 0.8,
        "not_end": 1.0, "not_adjacent": 1.0, "gap": 1.2},
    # tier 2 and conditional statements ("If Ann sits at one end, Ben sits next to Cara.")
    3: {"at": 0.0, "end": 0.3, "next": 0.8, "before": 1.3, "adjacent": 0.8, "not_at": 0.8,
        "not_end": 1.0, "not_adjacent": 1.0, "gap": 1.2, "if": 2.5},
}
# the parts of a conditional: kinds whose sentence starts with a name, so "If ..." reads well
CONDITION_KINDS = ("at", "end", "not_end", "before", "next", "adjacent", "not_adjacent")
CONDITIONALS = 80  # conditionals drawn per puzzle of tier 3 as candidates
WEIGHTS = {"people": 0.9, "tier": 1.1, "between": 0.4}
INTERCEPT = -2.8
SPREAD = 0.3
BETWEEN_SHARE = 0.35  # of the puzzles with six or seven people
QUESTIONS = ("who_at", "where", "between")

Constraint = tuple[str, int, int]  # (kind, a, b or place k or gap g; -1 when unused)


# =============================================================================================
# Permutations and constraint masks, once per n
# =============================================================================================
@cache
def permutations(n: int) -> tuple[np.ndarray, np.ndarray]:
    """(orders, places): orders[p, i] = person in place i; places[p, x] = place of person x."""
    orders = np.array(list(itertools.permutations(range(n))), dtype=np.int8)
    return orders, np.argsort(orders, axis=1).astype(np.int8)


def _bits(flags: np.ndarray) -> int:
    """A boolean array over the permutations as a Python int (bit p set when flags[p])."""
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def satisfied(places: np.ndarray, constraint: Constraint, n: int) -> np.ndarray:
    """Which permutations (rows of `places`) satisfy a constraint (vectorised)."""
    kind, a, b = constraint
    pa = places[:, a].astype(np.int16)
    if kind == "at":
        return pa == b
    if kind == "not_at":
        return pa != b
    if kind == "end":
        return (pa == 0) | (pa == n - 1)
    if kind == "not_end":
        return (pa != 0) & (pa != n - 1)
    pb = places[:, b].astype(np.int16)
    if kind == "before":
        return pa < pb
    if kind == "next":
        return pb - pa == 1
    if kind == "adjacent":
        return np.abs(pa - pb) == 1
    if kind == "not_adjacent":
        return np.abs(pa - pb) != 1
    raise ValueError(kind)


def _gap(places: np.ndarray, a: int, b: int, g: int) -> np.ndarray:
    return np.abs(places[:, a].astype(np.int16) - places[:, b].astype(np.int16)) == g + 1


@cache
def constraint_table(n: int) -> tuple[tuple[tuple[str, int, int, int], int], ...]:
    """Every constraint on n people, as ((kind, a, b, g), mask). Symmetric kinds have a < b."""
    _, places = permutations(n)
    table = []
    for a in range(n):
        for k in range(n):
            table.append((("at", a, k, 0), _bits(places[:, a] == k)))
            table.append((("not_at", a, k, 0), _bits(places[:, a] != k)))
        for kind in ("end", "not_end"):
            table.append(((kind, a, -1, 0), _bits(satisfied(places, (kind, a, -1), n))))
        for b in range(n):
            if a == b:
                continue
            for kind in ("before", "next"):
                table.append(((kind, a, b, 0), _bits(satisfied(places, (kind, a, b), n))))
            if a < b:
                for kind in ("adjacent", "not_adjacent"):
                    table.append(((kind, a, b, 0), _bits(satisfied(places, (kind, a, b), n))))
                for g in range(1, n - 1):
                    table.append((("gap", a, b, g), _bits(_gap(places, a, b, g))))
    return tuple(table)


@cache
def condition_table(n: int) -> tuple[tuple[tuple[str, int, int, int], int, frozenset[int]], ...]:
    """The simple constraints a conditional may be built from, with their masks and people."""
    return tuple((c, m, frozenset(_people(c))) for c, m in constraint_table(n) if c[0] in CONDITION_KINDS)


def _people(c: tuple[Any, ...]) -> set[int]:
    """The people a simple constraint names (the second field of at/not_at is a place)."""
    return {c[1]} if c[0] in ("at", "not_at", "end", "not_end") else {c[1], c[2]}


def mask_of(n: int, constraint: tuple[Any, ...]) -> int:
    """The permutations satisfying one constraint, computed afresh with numpy (for check()); a
    conditional ("if", p, q, 0) holds where p fails or q holds."""
    _, places = permutations(n)
    kind, a, b, g = constraint
    if kind == "if":
        full = (1 << math.factorial(n)) - 1
        return (full & ~mask_of(n, a)) | mask_of(n, b)
    flags = _gap(places, a, b, g) if kind == "gap" else satisfied(places, (kind, a, b), n)
    return _bits(flags)


def answer(question: tuple[str, int, int], order: Sequence[int]) -> int | None:
    """The answer on one order: a person (who_at, between) or a place (where); None if undefined."""
    kind, x, y = question
    if kind == "who_at":
        return order[x]
    place = {person: i for i, person in enumerate(order)}
    if kind == "where":
        return place[x]
    lo, hi = sorted((place[x], place[y]))
    return order[lo + 1] if hi - lo == 2 else None


def difficulty_of(people: int, tier: int, between: int) -> float:
    b = INTERCEPT + WEIGHTS["people"] * (people - 4) + WEIGHTS["tier"] * tier + WEIGHTS["between"] * between
    return round(b, 3)


CONFIGS = [(n, tier) for n in range(4, 8) for tier in range(4)]


def _config_weights(difficulty: float) -> np.ndarray:
    expected_between = [BETWEEN_SHARE if n >= 6 else 0.0 for n, _ in CONFIGS]
    b = np.array([difficulty_of(n, t, 0) + WEIGHTS["between"] * e
                  for (n, t), e in zip(CONFIGS, expected_between, strict=True)])
    w = np.exp(-((b - difficulty) ** 2) / (2 * SPREAD ** 2)) + 1e-12
    return np.cumsum(w / w.sum())


def _regex(template: str, names: str = r"[A-Z][a-z]+") -> re.Pattern[str]:
    pattern = re.escape(template)
    for field, group in (("a", names), ("b", names), ("k", r"\w+"), ("g", r"\w+"), ("count", r"\w+"),
                         ("n", r"\d+"), ("last", r"\w+"), ("names", r".+?")):
        placeholder = re.escape("{" + field + "}")  # a repeated field must repeat its first match
        pattern = pattern.replace(placeholder, f"(?P<{field}>{group})", 1).replace(placeholder, f"(?P={field})")
    return re.compile(f"^{pattern}$")


class OrderingGenerator(BaseGenerator):
    """Ordering puzzles: seat, rank or schedule 4-7 people from constraints; one order fits.

    See the module docstring: constraints drawn until exactly one order remains (then trimmed to
    the necessary ones), and b from the number of people, the tier of indirectness and the ask.
    """

    family = "logical.ordering"
    section = "logical"
    version = 4
    title = "Ordering puzzles"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)["ordering"]
        self.names: list[str] = self.phrases["names"]
        self.parsers = {s: self._parsers(self.phrases[s]) for s in SCENARIOS}
        self.setup_res = {s: _regex(self.phrases[s]["setup"]) for s in SCENARIOS}
        self.if_re = re.compile("^" + re.escape(self.phrases["if"]).replace(re.escape("{p}"), "(?P<p>.+?)")
                                .replace(re.escape("{q}"), "(?P<q>.+)") + "$")

    @staticmethod
    def _parsers(ph: dict[str, Any]) -> dict[str, re.Pattern[str]]:
        keys = ("before", "after", "next_before", "next_after", "adjacent", "not_adjacent", "at",
                "not_at", "end", "not_end", "gap_one", "gap", "who_at", "between", "where")
        return {key: _regex(ph[key]) for key in keys}

    # -- generate ------------------------------------------------------------------------------
    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        cum = _config_weights(difficulty)
        n, tier = CONFIGS[min(len(CONFIGS) - 1, int(np.searchsorted(cum, rng.random())))]
        slot = rng.random()  # the key's place among the options, kept across redraws
        return self.redraw(rng, lambda r: self._attempt(r, n, tier, slot))

    def _attempt(self, rng: np.random.Generator, n: int, tier: int, slot: float) -> Item | None:
        orders, _ = permutations(n)
        total = len(orders)
        hidden = int(rng.integers(total))
        kept = self._constraints(rng, n, tier, hidden)
        if not kept or (tier == 3 and not any(c[0] == "if" for c, _ in kept)):
            return None  # a conditional puzzle must keep a conditional
        scenario = SCENARIOS[int(rng.integers(len(SCENARIOS)))]
        ph = self.phrases[scenario]
        pool = rng.permutation(len(self.names))[:n]
        names = sorted(self.names[int(i)] for i in pool)  # person x is names[x]
        order = [int(x) for x in orders[hidden]]
        texts = [self._say(c, ph, names, rng) for c, _ in kept]
        for question in self._questions(rng, n, kept, order):  # the first with enough distractors
            key = answer(question, order)
            assert key is not None
            distractors = self._distractors(n, kept, texts, question, order, key, ph, names, rng)
            count = min(5, n - 2 if question[0] == "between" else n)
            target = int(slot * count)  # uniform over the options, whatever the question
            if question[0] == "where":  # places are shown in order: pick target places below the key
                below = [d for d in distractors if d[0] < key]
                above = [d for d in distractors if d[0] > key]
                if len(below) >= target and len(above) >= count - 1 - target:
                    distractors = below[:target] + above[: count - 1 - target]
                    break
            elif len(distractors) >= count - 1:
                distractors = distractors[: count - 1]
                break
        else:
            return None
        lines = [ph["setup"].format(count=self.phrases["count_words"][n].capitalize(), n=n,
                                    names=self._list(names), last=ph["labels"][n - 1]), ""]
        lines += [self.phrases["numbered"].format(n=i, statement=t) for i, t in enumerate(texts, start=1)]
        lines += ["", self._ask(question, ph, names)]
        label = (lambda v: ph["options"][v]) if question[0] == "where" else (lambda v: names[v])
        if question[0] == "where":  # places in their natural order, the key's rank drawn above
            entries = sorted([(key, None), *distractors], key=lambda e: e[0])
        else:  # names in a seeded random order, the key at the drawn place
            entries = [distractors[int(i)] for i in rng.permutation(len(distractors))]
            entries.insert(target, (key, None))
        options = tuple(Option(label(v), mistake=m) for v, m in entries)
        values = [v for v, _ in entries]
        key_index = [v for v, _ in entries].index(key)
        between = int(question[0] == "between")
        b = difficulty_of(n, tier, between)
        order_text = ph["order"].format(list=self._list([names[x] for x in order]), last=ph["labels"][n - 1])
        explanation = " ".join([
            self.phrases["trace"].format(steps=self._trace(n, kept, ph, names)),
            self.phrases["solution"].format(order=order_text),
            self.phrases["answer"].format(key=options[key_index].text)])
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt="\n".join(lines), explanation=explanation, difficulty=b,
            discrimination=round(0.9 + 0.05 * (n - 4) + 0.1 * tier, 3),
            time_s=50.0 + 15.0 * (n - 4) + 15.0 * tier,
            options=options, key=key_index,
            params={"scenario": scenario, "people": n, "tier": tier, "between": between,
                    "names": names, "order": order, "question": list(question),
                    "constraints": [list(c) for c, _ in kept],
                    "direct": sum(c[0] == "at" for c, _ in kept),
                    # the puzzle up to names and scenario: the statements, the question, the options
                    "content": "|".join(["ordering", str(n), *sorted(map(str, (c for c, _ in kept))),
                                         str(question), "opts:" + ",".join(sorted(map(str, values)))]),
                    "spread": [f"ordering:{scenario}-{question[0]}"]},
        )

    def _constraints(self, rng: np.random.Generator, n: int, tier: int,
                     hidden: int) -> list[tuple[tuple[str, int, int, int], int]]:
        """Constraints true of the hidden order, drawn until it is the only one left, then trimmed."""
        weights = TIER_WEIGHTS[tier]
        true = [(c, m) for c, m in constraint_table(n) if m >> hidden & 1 and weights[c[0]] > 0]
        if "if" in weights:
            true += self._conditionals(rng, n, hidden)
        per_kind: dict[str, int] = {}
        for c, _ in true:
            per_kind[c[0]] = per_kind.get(c[0], 0) + 1
        w = np.array([weights[c[0]] / per_kind[c[0]] for c, _ in true])
        keys = np.log(rng.random(len(true))) / w  # weighted order without replacement
        alive = (1 << math.factorial(n)) - 1
        kept = []
        for index in np.argsort(-keys):
            c, m = true[int(index)]
            if alive & m != alive:
                alive &= m
                kept.append((c, m))
                if alive.bit_count() == 1:
                    break
        if alive.bit_count() != 1:
            return []
        for item in list(kept):  # drop what the others already imply
            rest = [m for c, m in kept if c is not item[0]]
            both = (1 << math.factorial(n)) - 1
            for m in rest:
                both &= m
            if both.bit_count() == 1:
                kept.remove(item)
        return kept

    @staticmethod
    def _conditionals(rng: np.random.Generator, n: int, hidden: int) -> list[tuple[Any, int]]:
        """Conditionals true of the hidden order and not true of every order: half with a true
        condition (to be applied forwards), half with a false one and a false consequence (to
        be used backwards: the consequence fails, so the condition must)."""
        table = condition_table(n)
        full = (1 << math.factorial(n)) - 1
        out = []
        for i, j in rng.integers(len(table), size=(CONDITIONALS * 3, 2)).tolist():
            (p, mp, people_p), (q, mq, people_q) = table[i], table[j]
            if people_p & people_q:
                continue  # two statements about different people
            if (mp >> hidden & 1) != (mq >> hidden & 1):
                continue
            m = (full & ~mp) | mq
            if m != full:
                out.append((("if", p, q, 0), m))
            if len(out) >= CONDITIONALS:
                break
        return out

    @staticmethod
    def _questions(rng: np.random.Generator, n: int, kept: Sequence[tuple[tuple[str, int, int, int], int]],
                   order: list[int]) -> list[tuple[str, int, int]]:
        """Questions of one drawn kind, in a random order; people whose place a constraint
        states outright are asked about last."""
        fixed = {c[1] for c, _ in kept if c[0] == "at"}
        if n >= 6 and rng.random() < BETWEEN_SHARE:
            out = []
            for i in rng.permutation(n - 2):
                a, b = order[int(i)], order[int(i) + 2]
                out.append(("between", a, b) if rng.random() < 0.5 else ("between", b, a))
            return out
        people = sorted(rng.permutation(n).tolist(), key=lambda x: x in fixed)
        if rng.random() < 0.5:
            return [("who_at", order.index(x), -1) for x in people]
        return [("where", x, -1) for x in people]

    def _distractors(self, n: int, kept: Sequence[tuple[tuple[str, int, int, int], int]], texts: list[str],
                     question: tuple[str, int, int], order: list[int], key: int, ph: dict[str, Any],
                     names: list[str], rng: np.random.Generator) -> list[tuple[int, str]]:
        """(value, mistake) pairs; each mistake names its own option, so no two share a text."""
        orders, _ = permutations(n)
        kind, x, y = question

        def place(k: int) -> str:
            return ph["place"].format(k=ph["labels"][k])

        def reading(value: int) -> str:  # what an order breaking one statement allows
            if kind == "who_at":
                return ph["could_at"].format(a=names[value], k=ph["labels"][x])
            if kind == "where":
                return ph["could_at"].format(a=names[x], k=ph["labels"][value])
            return ph["could_between"].format(a=names[value], b=names[x], c=names[y])

        out: list[tuple[int, str]] = []
        seen = {key}
        excluded = {question[1], question[2]} if question[0] == "between" else set()

        def add(value: int | None, mistake: str) -> None:
            if value is not None and value not in seen and value not in excluded and 0 <= value < n:
                seen.add(value)
                out.append((value, mistake))

        near = []
        for (c, m), text in zip(kept, texts, strict=True):  # orders that break this constraint only
            others = (1 << len(orders)) - 1
            for c2, m2 in kept:
                if c2 is not c:
                    others &= m2
            broken = others & ~m
            answers: list[int] = []
            scanned = 0
            while broken and len(answers) < 2 and scanned < 64:
                scanned += 1
                p = (broken & -broken).bit_length() - 1
                broken &= broken - 1
                value = answer(question, [int(x) for x in orders[p]])
                if value is not None and value != key and value not in answers:
                    answers.append(value)
            near += [(value, self.phrases["overlooked"].format(statement=text.rstrip("."),
                                                               reading=reading(value)))
                     for value in answers]
        for i in rng.permutation(len(near)):
            add(*near[int(i)])
        if kind == "who_at":
            add(order[n - 1 - x], ph["mirror"])
            for k in (x + 1, x - 1):
                if 0 <= k < n:
                    fact = ph["at"].format(a=names[order[k]], k=ph["labels"][k]).rstrip(".")
                    add(order[k], self.phrases["off_by_one_who"].format(fact=fact, right=place(x)))
        elif kind == "where":
            add(n - 1 - key, ph["mirror"])
            for k in (key + 1, key - 1):
                if 0 <= k < n:
                    add(k, self.phrases["off_by_one_where"].format(got=place(k), right=place(key)))
        else:  # the pair sits at seat - 1 and seat + 1: their outer neighbours are 2 away
            seat = order.index(key)
            for p, one in ((seat - 2, seat - 1), (seat + 2, seat + 1)):
                if 0 <= p < n:
                    add(order[p], self.phrases["neighbour"].format(
                        name=names[order[p]], one=names[order[one]], a=names[x], b=names[y]))
            add(order[n - 1 - seat], ph["mirror"])
        return out

    # -- text ----------------------------------------------------------------------------------
    def _list(self, words: Sequence[str]) -> str:
        return self.phrases["list_sep"].join(words[:-1]) + self.phrases["list_last"] + words[-1]

    def _say(self, constraint: tuple[str, int, int, int], ph: dict[str, Any], names: list[str],
             rng: np.random.Generator) -> str:
        """A constraint in words; `rng` picks between equivalent phrasings."""
        kind, a, b, g = constraint
        if kind == "if":
            return self.phrases["if"].format(p=self._say(a, ph, names, rng).rstrip("."),
                                             q=self._say(b, ph, names, rng).rstrip("."))
        flip = rng.random() < 0.5
        if kind in ("before", "next"):
            template = ph[{"before": "after", "next": "next_after"}[kind]] if flip else \
                ph["before" if kind == "before" else "next_before"]
            first, second = (b, a) if flip else (a, b)
            return template.format(a=names[first], b=names[second])
        if kind in ("at", "not_at"):
            return ph[kind].format(a=names[a], k=ph["labels"][b])
        if kind in ("end", "not_end"):
            return ph[kind].format(a=names[a])
        first, second = (b, a) if flip else (a, b)
        if kind == "gap":
            template = ph["gap_one"] if g == 1 else ph["gap"]
            return template.format(a=names[first], b=names[second], g=self.phrases["count_words"][g])
        return ph[kind].format(a=names[first], b=names[second])

    @staticmethod
    def _ask(question: tuple[str, int, int], ph: dict[str, Any], names: list[str]) -> str:
        kind, x, y = question
        if kind == "who_at":
            return ph["who_at"].format(k=ph["labels"][x])
        if kind == "where":
            return ph["where"].format(a=names[x])
        return ph["between"].format(a=names[x], b=names[y])

    def _trace(self, n: int, kept: Sequence[tuple[tuple[str, int, int, int], int]], ph: dict[str, Any],
               names: list[str]) -> str:
        """Statements in the order that narrows the possible orders fastest, with the counts and
        the places that each step settles (what a solver writes down on the way)."""
        total = math.factorial(n)
        _, places = permutations(n)
        alive = (1 << total) - 1
        settled: set[int] = set()
        numbered = list(enumerate(kept, start=1))
        steps = []
        while numbered:
            best = min(numbered, key=lambda e: ((alive & e[1][1]).bit_count(), e[0]))
            numbered.remove(best)
            alive &= best[1][1]
            template = self.phrases["trace_first" if not steps else "trace_last" if not numbered
                                    else "trace_next"]
            step = template.format(n=best[0], left=alive.bit_count(), total=total)
            if numbered:  # the last step settles everything: the solution sentence says it
                flags = np.unpackbits(np.frombuffer(alive.to_bytes((total + 7) // 8, "little"), np.uint8),
                                      bitorder="little")[:total].astype(bool)
                rows = places[flags]
                fixed = [x for x in range(n) if x not in settled and (rows[:, x] == rows[0, x]).all()]
                settled.update(fixed)
                facts = [ph["at"].format(a=names[x], k=ph["labels"][int(rows[0, x])]).rstrip(".")
                         for x in sorted(fixed, key=lambda x: int(rows[0, x]))]
                if facts:
                    joined = self._list(facts) if len(facts) > 1 else facts[0]
                    step += self.phrases["trace_settles"].format(facts=joined)
            steps.append(step)
        return "; ".join(steps)

    # -- check ---------------------------------------------------------------------------------
    def parse(self, item: Item) -> dict[str, Any]:
        """Scenario, names, constraints and question read back from the prompt text."""
        where = item.id or item.family
        lines = [line.strip() for line in item.prompt.splitlines() if line.strip()]
        readings = [(s, m) for s, regex in self.setup_res.items() if (m := regex.match(lines[0]))]
        if len(readings) != 1:
            raise ItemCheckError(f"item {where}: cannot read the set-up line {lines[0]!r}")
        scenario, match = readings[0]
        ph = self.phrases[scenario]
        names = re.split(f"{re.escape(self.phrases['list_sep'])}|{re.escape(self.phrases['list_last'])}",
                         match["names"])
        n = len(names)
        fields = match.groupdict()
        if not 4 <= n <= 7 or len(set(names)) != n or fields["count"] != self.phrases["count_words"][n].capitalize() \
                or fields.get("n", str(n)) != str(n) or fields.get("last", ph["labels"][n - 1]) != ph["labels"][n - 1]:
            raise ItemCheckError(f"item {where}: the set-up does not describe {n} people in {n} places")
        person = {name: i for i, name in enumerate(names)}
        place = {label: i for i, label in enumerate(ph["labels"][:n])}
        words = {w: i for i, w in enumerate(self.phrases["count_words"]) if w}
        constraints, question = [], None
        numbered = _regex(self.phrases["numbered"].replace("{statement}", "{names}"))
        for count, line in enumerate(lines[1:], start=1):
            if question is not None:
                raise ItemCheckError(f"item {where}: the question must come last")
            if question is None and (m := numbered.match(line)) and m["n"] == str(count):
                line = m["names"]  # a numbered statement (the question is not numbered)
            if (m := self.if_re.match(line)):  # a conditional: two simple statements
                parts = [self._read_line(f"{m[part]}.", scenario, person, place, words, where)
                         for part in ("p", "q")]
                if any(key in ("who_at", "between", "where") for key, _ in parts):
                    raise ItemCheckError(f"item {where}: a question inside a conditional: {line!r}")
                constraints.append(("if", parts[0][1], parts[1][1], 0))
                continue
            key, parsed = self._read_line(line, scenario, person, place, words, where)
            if key in ("who_at", "between", "where"):
                question = parsed
            else:
                constraints.append(parsed)
        if question is None:
            raise ItemCheckError(f"item {where}: no question")
        return {"scenario": scenario, "names": names, "constraints": constraints, "question": question}

    def _read_line(self, line: str, scenario: str, person: dict[str, int], place: dict[str, int],
                   words: dict[str, int], where: str) -> tuple[str, Any]:
        found = [(key, m) for key, regex in self.parsers[scenario].items() if (m := regex.match(line))]
        if len(found) != 1:
            raise ItemCheckError(f"item {where}: cannot read {line!r} ({len(found)} readings)")
        key, m = found[0]
        try:
            return key, self._reading(key, m, person, place, words)
        except KeyError as exc:
            raise ItemCheckError(f"item {where}: unknown name or place {exc} in {line!r}") from None

    @staticmethod
    def _reading(key: str, m: re.Match[str], person: dict[str, int], place: dict[str, int],
                 words: dict[str, int]) -> Any:
        a = person[m["a"]] if "a" in m.groupdict() else -1
        b = person[m["b"]] if "b" in m.groupdict() else -1
        table: dict[str, Any] = {
            "before": ("before", a, b, 0), "after": ("before", b, a, 0),
            "next_before": ("next", a, b, 0), "next_after": ("next", b, a, 0),
            "adjacent": ("adjacent", min(a, b), max(a, b), 0),
            "not_adjacent": ("not_adjacent", min(a, b), max(a, b), 0),
            "end": ("end", a, -1, 0), "not_end": ("not_end", a, -1, 0),
            "gap_one": ("gap", min(a, b), max(a, b), 1),
        }
        if key in table:
            return table[key]
        if key == "gap":
            return "gap", min(a, b), max(a, b), words[m["g"]]
        if key in ("at", "not_at"):
            return key, a, place[m["k"]], 0
        if key == "who_at":
            return "who_at", place[m["k"]], -1
        if key == "where":
            return "where", a, -1
        return "between", a, b

    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        puzzle = self.parse(item)
        n = len(puzzle["names"])
        orders, _ = permutations(n)
        full = (1 << len(orders)) - 1
        masks = [mask_of(n, constraint) for constraint in puzzle["constraints"]]
        alive = full
        for m in masks:
            alive &= m
        if alive.bit_count() != 1:
            raise ItemCheckError(f"item {where}: {alive.bit_count()} orders fit the constraints, not one")
        for i in range(len(masks)):  # every statement is needed: without it, more orders fit
            rest = full
            for j, m in enumerate(masks):
                if j != i:
                    rest &= m
            if rest.bit_count() == 1:
                raise ItemCheckError(f"item {where}: statement {i + 1} is not needed; the others settle the order")
        order = [int(x) for x in orders[alive.bit_length() - 1]]
        value = answer(puzzle["question"], order)
        if value is None:
            raise ItemCheckError(f"item {where}: the question has no answer on the only order")
        ph = self.phrases[puzzle["scenario"]]
        right = ph["options"][value] if puzzle["question"][0] == "where" else puzzle["names"][value]
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text == right])
