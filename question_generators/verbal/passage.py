"""True / False / Cannot say: statements about a short business-style passage built from facts.

The passage (shared by every statement of a testlet) is drawn from a structured set of facts
about a fictional organisation, policy, product, project or study (data/passages.toml): three
named units (depots, wards, models, sites, programmes); one measure with exact values for two
units and a stated comparison for the third; a second measure with a comparison only; years of
an event for two units; three quantifier facts (all / most / some / none); a plan stated as
certain, likely, possible or ruled out; a finding stated either as a correlation or as a cause;
and a threshold rule stated one-sided or two-sided. Connectives follow how the facts relate (a
contrast only between figures of one measure or years of one event; example, then addition in the
people paragraph; a concession before a stated cause); several templates per fact vary the
wording; a passage runs to 120-300 words.

A statement is a structured claim rendered by a template. Its label follows by construction
(True: entailed, paraphrased, or obtained by combining two sentences; False: changed value,
reversed comparison, negated claim; Cannot say: an attribute never mentioned, "some" stretched
to "all", "likely" stretched to "will", a cause the text only correlates, a comparison it does
not make, a rule applied below a one-sided threshold, a claim about all three units when the
passage settles only two). Testlets cycle the target label through
True, False and Cannot say from a stimulus-drawn offset, so a passage's statements mix labels.

Difficulty model (IRT b). Every claim kind has a subtlety level from 0 to 3:

    0 a figure, year or quantifier stated in the passage, restated or changed; a plan or a
      quantifier flatly reversed ("will" against "will not", "all" against "none")
    1 a paraphrase or bound ("more than 200"), a weaker quantifier, a reversed comparison,
      a link stated the other way round, a rule above its threshold, an unmentioned attribute
    2 two sentences combined (a chain of comparisons, the order of two years, a value bounded
      by a comparison with a stated figure, a claim about all three units), "some" stretched to "all", "likely"
      stretched to "will", a comparison never made, a two-sided rule below its threshold
    3 a correlation read as a cause, a one-sided rule below its threshold, "may" stretched to
      "likely", a value or a bound ruled out, ruled in or left open only by combining a
      comparison with a figure and one more step ("more than 680, so more than 650")

The candidates of each label whose b is nearest the requested difficulty plus a seeded jitter
(sd 0.3) are found, with

    b = (-2.3, -0.35, 0.35, 2.05)[level] + 0.2 * cannot_say

(Cannot say is harder at equal level), a = 0.9 + 0.05 * level, time 35 s + 4 s per level.
No surface cue (issue 14): every claim has short and long wordings (a figure or a bound in the
measure's sentence or its paraphrase, a comparison from either side, several modal phrasings),
and a statement length (in words) is drawn from the lengths that all three labels' nearest
candidates can be worded at, with the same weights whatever the label; then a kind of claim at
that length (or one word off) and one of its wordings. Length, "not", "all"/"some" and figures
then predict the label no better than chance (about 37 % against a 34 % base rate, en and nb). A
never-mentioned attribute is the easiest Cannot say (level 0); a claim about all three units
that needs the comparison and both figures is among the hardest True (level 3). Measured (60 items
a level): asked -2 -> mean b -2.24 (SD 0.09), 0 -> +0.21 (0.36), +2 -> +2.08 (0.24); asked -1 and
+1 fall between levels (SD 0.7-0.9). Nothing lies above level 3, so difficulty_range stops at +2.2.

check() re-derives the label from the stored facts by a separate semantic routine (`judge`):
proportion sets for quantifiers, probability sets for modals, a transitive closure of the
stated comparisons and figures with value bounds, and explicit rule semantics. A claim is True
when every state the facts allow makes it true, False when none does, Cannot say otherwise;
exactly the keyed option must carry that label.

Bokmål (issue 18): the same facts, candidates, judge and difficulty model; the scenario texts of
data/passages_nb.toml (all 21 scenario types, whole definite noun phrases so that no slot breaks
agreement) and the phrasing of phrases_nb.toml, including the small words the code joins facts
with ([nb.passage.words]; English: [en.passage.words] in phrases.toml). Numbers use the Bokmål
separators (a no-break space, which wrap() keeps whole).
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise
from typing import Any, ClassVar

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    load_phrases,
    phrases_for,
    require_single_key,
)
from question_generators.display import format_number
from question_generators.errors import ItemCheckError
from question_generators.figures import TextBlock
from question_generators.item import Item, Option
from question_generators.verbal.draw import Draw

PACKAGE = "question_generators.verbal"
TRUE, FALSE, CANNOT = 0, 1, 2
MIN_SHOWN = 2  # no figure of 1 is ever claimed: "takes 1 hours", "a household of 1 people" read badly
LABEL_KEYS = ("true", "false", "cannot")
NEGATIVE_TRAPS = frozenset({"trap_may_wont", "trap_not_yet"})
WEIGHTS = {"cannot_say": 0.2}
LEVEL_B = (-2.3, -0.35, 0.35, 2.05)  # b by subtlety level (module docstring)
YEARS = (2006, 2021)
MAX_WORDS = 250
JITTER = 0.3
ESCAPE = 0.1  # the share of statements whose length is not drawn from the lengths every label can reach
WIDTH = 74


def wrap(text: str, width: int = WIDTH) -> str:
    """Greedy line filling at spaces (textwrap is ten times slower and may split at hyphens)."""
    lines: list[str] = []
    line: list[str] = []
    size = 0
    # A no-break space (Bokmål thousands, "2 000") binds: str.split() would break a number there.
    for word in text.replace("\xa0", "\x00").split():
        if line and size + 1 + len(word) > width:
            lines.append(" ".join(line))
            line = [word]
            size = len(word)
        else:
            size += len(word) + (1 if line else 0)
            line.append(word)
    lines.append(" ".join(line))
    return "\n".join(lines).replace("\x00", "\xa0")


# How the passage may state the plan, and what a statement may claim about it.
MODALS = ("will", "certain", "will_not", "likely", "expected", "plans", "may", "might", "could", "has", "has_not")
CLAIM_MODALS = ("will", "will_not", "certain", "likely", "possible", "has", "has_not")
QUANTS = ("all", "most", "some", "none")


@cache
def topics(lang: str = "en") -> tuple[dict[str, Any], ...]:
    """Every scenario type: the first five (passages.toml) and the rest (passage_scenarios.toml);
    in Bokmål the scenario types that have Norwegian text (passages_nb.toml), and only those."""
    if lang == "nb":
        return tuple(load_phrases(PACKAGE, "data/passages_nb.toml")["topic"])
    return (*load_phrases(PACKAGE, "data/passages.toml")["topic"],
            *load_phrases(PACKAGE, "data/passage_scenarios.toml")["topic"])


@cache
def _pools(lang: str = "en") -> dict[str, list[str]]:
    data = load_phrases(PACKAGE, "data/passages_nb.toml" if lang == "nb" else "data/passages.toml")
    return {"places": data["places"], "stems": data["org_stems"]}


def passage_phrases(lang: str) -> dict[str, Any]:
    """The passage phrasing: phrases.toml, or phrases_nb.toml for Bokmål."""
    if lang == "nb":
        return phrases_for(PACKAGE, "nb", "phrases_nb.toml")["passage"]
    return phrases_for(PACKAGE, lang)["passage"]


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# =============================================================================================
# The independent judge (check): what the facts allow, by set and order semantics
# =============================================================================================
# Proportions and probabilities are judged on sample points that meet every region the words
# distinguish: 0, below half, exactly half, above half, 1.
_POINTS = (0.0, 0.3, 0.5, 0.7, 1.0)
_PROPORTION = {"all": lambda p: p == 1.0, "most": lambda p: p > 0.5, "some": lambda p: p > 0.0,
               "none": lambda p: p == 0.0, "fewer_half": lambda p: p < 0.5}

# Modals are judged on worlds (probability p of the planned event, whether it then happens, whether
# it has already been done). A hedge ("may", "likely", "plans to") constrains p only, so it leaves
# the outcome open both ways: "X may happen" settles neither "X will happen" nor "X will not".
# "Has (not yet)" is about the past; it leaves the future open ("not yet" is not "never").
_WORLDS = tuple((p, happens, done) for p in _POINTS for happens in (False, True) for done in (False, True)
                if (p > 0.0 or not happens) and (p < 1.0 or happens))
_STATED = {"will": lambda p, h, d: p == 1.0, "certain": lambda p, h, d: p == 1.0,
           "will_not": lambda p, h, d: p == 0.0,
           "likely": lambda p, h, d: p > 0.5, "expected": lambda p, h, d: p > 0.5,
           "plans": lambda p, h, d: p > 0.0,  # an intention: possible, nothing more
           "may": lambda p, h, d: p > 0.0, "might": lambda p, h, d: p > 0.0, "could": lambda p, h, d: p > 0.0,
           "has": lambda p, h, d: d, "has_not": lambda p, h, d: not d}
_CLAIMED = {"will": lambda p, h, d: h, "will_not": lambda p, h, d: not h, "certain": lambda p, h, d: p == 1.0,
            "likely": lambda p, h, d: p > 0.5, "possible": lambda p, h, d: p > 0.0,
            "has": lambda p, h, d: d, "has_not": lambda p, h, d: not d}


def _judge_modal(stated: str, claimed: str) -> int:
    allowed = [w for w in _WORLDS if _STATED[stated](*w)]
    hits = [_CLAIMED[claimed](*w) for w in allowed]
    return TRUE if all(hits) else FALSE if not any(hits) else CANNOT


def _by_sets(fact_set: Any, claim_set: Any) -> int:
    allowed = [p for p in _POINTS if fact_set(p)]
    hits = [claim_set(p) for p in allowed]
    return TRUE if all(hits) else FALSE if not any(hits) else CANNOT


def _order(facts: list[dict[str, Any]], measure: str) -> tuple[dict[int, float], set[tuple[int, int]]]:
    """Exact values and the transitive closure of 'a is greater than b' on one measure."""
    exact = {f["u"]: f["v"] for f in facts if f["t"] == "value" and f["m"] == measure}
    greater = {(f["a"], f["b"]) for f in facts if f["t"] == "cmp" and f["m"] == measure}
    greater |= {(a, b) for a in exact for b in exact if exact[a] > exact[b]}
    changed = True
    while changed:
        extra = {(a, d) for a, b in greater for c, d in greater if b == c and a != d} - greater
        changed = bool(extra)
        greater |= extra
    return exact, greater


def _bounds(exact: dict[int, float], greater: set[tuple[int, int]], unit: int) -> tuple[float | None, float | None]:
    """Strict lower and upper bounds of a unit's value from the units it is compared with."""
    below = [exact[b] for a, b in greater if a == unit and b in exact]
    above = [exact[a] for a, b in greater if b == unit and a in exact]
    return (max(below) if below else None), (min(above) if above else None)


def _judge_value(claim: dict[str, Any], facts: list[dict[str, Any]]) -> int:
    exact, greater = _order(facts, claim["m"])
    u, x, rel = claim["u"], claim["x"], claim["rel"]
    if u in exact:
        v = exact[u]
        ok = v == x if rel == "eq" else v > x if rel == "gt" else v < x
        return TRUE if ok else FALSE
    lo, hi = _bounds(exact, greater, u)
    if rel == "eq":
        return FALSE if (lo is not None and x <= lo) or (hi is not None and x >= hi) else CANNOT
    if rel == "gt":
        return TRUE if lo is not None and lo >= x else FALSE if hi is not None and hi <= x else CANNOT
    return TRUE if hi is not None and hi <= x else FALSE if lo is not None and lo >= x else CANNOT


def _judge_cmp(claim: dict[str, Any], facts: list[dict[str, Any]]) -> int:
    exact, greater = _order(facts, claim["m"])
    a, b = claim["a"], claim["b"]
    if (a, b) in greater:
        return TRUE
    if (b, a) in greater or (a in exact and b in exact and exact[a] == exact[b]):
        return FALSE
    return CANNOT


def _judge_year(claim: dict[str, Any], facts: list[dict[str, Any]]) -> int:
    years = {f["u"]: f["y"] for f in facts if f["t"] == "year"}
    if claim["t"] == "order":
        if claim["a"] not in years or claim["b"] not in years:
            return CANNOT
        return TRUE if years[claim["a"]] < years[claim["b"]] else FALSE
    if claim["u"] not in years:
        return CANNOT
    y, x, rel = years[claim["u"]], claim["y"], claim["rel"]
    return TRUE if (y == x if rel == "eq" else y < x if rel == "before" else y > x) else FALSE


def _judge_link(claim: dict[str, Any], fact: dict[str, Any] | None) -> int:
    if fact is None:
        return CANNOT
    said = claim["c"]
    if fact["kind"] == "corr":  # a reported association: it settles the association only
        return {"assoc": TRUE, "assoc_reverse": FALSE}.get(said, CANNOT)
    return {"cause_claim": TRUE, "cause_none": FALSE, "cause_reverse": FALSE}.get(said, CANNOT)


def _judge_rule(claim: dict[str, Any], fact: dict[str, Any] | None) -> int:
    if fact is None:
        return CANNOT
    above = claim["y"] > fact["x"]
    if not above and not fact["nec"]:
        return CANNOT  # a one-sided rule says nothing at or below its threshold
    return TRUE if above == claim["yes"] else FALSE


def judge(claim: dict[str, Any], facts: list[dict[str, Any]]) -> int:
    """The label of a claim given the facts: TRUE, FALSE or CANNOT (the check's own route)."""
    kind = claim["t"]
    if kind == "value":
        return _judge_value(claim, facts)
    if kind == "cmp":
        return _judge_cmp(claim, facts)
    if kind == "all":  # every unit at once: false if one fails, true only if all are settled true
        verdicts = {_judge_value({"m": claim["m"], "u": u, "rel": claim["rel"], "x": claim["x"]}, facts)
                    for u in range(3)}
        return FALSE if FALSE in verdicts else TRUE if verdicts == {TRUE} else CANNOT
    if kind in ("year", "order"):
        return _judge_year(claim, facts)
    key = {"quant": "g", "modal": "e", "link": "l", "rule": "r"}[kind]
    fact = next((f for f in facts if f["t"] == kind and f[key] == claim[key]), None)
    if kind == "quant":
        return CANNOT if fact is None else _by_sets(_PROPORTION[fact["q"]], _PROPORTION[claim["q"]])
    if kind == "modal":
        return CANNOT if fact is None else _judge_modal(fact["m"], claim["m"])
    if kind == "link":
        return _judge_link(claim, fact)
    return _judge_rule(claim, fact)


# =============================================================================================
# The passage
# =============================================================================================
_SHOWN: dict[tuple[str, float], str] = {}  # formatted quantities: the value grids are small


def two_of(draw: Draw, n: int) -> tuple[int, int]:
    """Two different indices below n (no list copy, unlike Draw.sample)."""
    i = draw.below(n)
    j = draw.below(n - 1)
    return i, j + (j >= i)


class Passage:
    """The facts of one passage and the sentences that state them."""

    def __init__(self, draw: Draw, ph: dict[str, Any], lang: str = "en") -> None:
        self.ph = ph
        self.lang = lang
        self.words = ph["words"]  # the small words the code joins facts with ("more than", "with")
        self.topic = tp = draw.pick(topics(lang))
        pool = tp.get(tp["names"]) or _pools(lang)["places"]
        self.names = draw.sample(pool, 3)
        self.units = [tp["unit"].format(n=n) for n in self.names]
        self.org = tp["org"].format(stem=draw.pick(_pools(lang)["stems"]))
        self.measures = {m["key"]: m for m in tp["measure"]}
        self.m1, self.m2, self.m3 = (m["key"] for m in draw.sample(tp["measure"], 3))
        self.facts: list[dict[str, Any]] = []
        self.joins_figures: list[tuple[str, int | None, int]] = []  # how two figures' sentences are joined
        # Argued prose: the facts inside claim-free discourse of the scenario's own (frame, caveat,
        # lead), connectives by how the facts relate (self.discourse()), "it" for the organisation after a
        # sentence about it. Optional pieces (no facts) are dropped, last first, to keep 120-250 words.
        intro = cap(draw.pick(tp["intro"]).format(org=self.org, n1=self.names[0], n2=self.names[1],
                                                  n3=self.names[2]))
        pieces: list[tuple[str, list[int], int, bool]] = [(intro, [], 0, False)]
        pieces.append((draw.pick(tp["background"]), [], 3, False))
        if tp.get("frame"):
            pieces.append((draw.pick(tp["frame"]), [], 2, False))
        figures = [self._values(draw), [self._comparison(draw)], [self._years(draw)]]
        for block in draw.sample(figures, 3):
            for fact_ids, text in block:
                pieces.append((text, fact_ids, 0, False))
        # The people paragraph argues from the turn sentence ("The figures are only part of the
        # picture.") by example, then adds (or starts a fresh sentence). No contrast and no
        # "likewise": two groups with two different predicates share no attribute a contrast or a
        # likeness could be about (issue 14: "By contrast" joined audio guides and cafés). Never
        # one connective twice running.
        people = draw.sample(self._quantifiers(draw), 3)
        self.joins: list[tuple[str, int | None, int]] = []  # (relation, fact before, fact after)
        pieces.append((draw.pick(ph["turn"]), [], 4, True))
        first_people = len(pieces)
        prev: int | None = None
        last = ""
        plain_first = ""
        for fact_ids, text in people:
            fid = fact_ids[0]
            if prev is None:
                relation, word, plain_first = "example", draw.pick(ph["example"]), text
            else:
                relation = "addition"
                word = draw.pick([w for w in ph["addition"] if w != last])
            last = word
            self.joins.append((relation, prev, fid))
            pieces.append((word + text, fact_ids, 0, False))
            prev = fid
        link_ids, link_text = self._link(draw)
        if self.facts[link_ids[0]]["kind"] == "corr":
            link_text += draw.pick(ph["corr_tail"])
        else:
            link_text = draw.pick(ph["cause_lead"]) + link_text
        pieces.append((link_text, link_ids, 0, False))
        if tp.get("caveat"):
            # Not two concessions running ("Although other factors ... Although the account ...").
            opener = link_text.split(maxsplit=1)[0].lower()
            caveats = [c for c in tp["caveat"] if c.split(maxsplit=1)[0].lower() != opener] or tp["caveat"]
            pieces.append((draw.pick(caveats), [], 1, False))
        plan_ids, plan_text = self._plan(draw, pronoun=bool(tp.get("lead")))
        if tp.get("lead"):
            pieces.append((draw.pick(tp["lead"]), [], 0, True))
        pieces.append((plan_text, plan_ids, 0, not tp.get("lead")))
        rule_ids, rule_text = self._rule(draw)
        short = tp.get("short", self.words["organisation"])
        pieces.append((draw.pick(ph["rule_lead"]).format(short=short) + rule_text, rule_ids, 0, False))
        for drop in (4, 3, 2, 1):  # the turn sentence, then background, frame, caveat
            if sum(len(t.split()) for t, *_ in pieces) <= MAX_WORDS:
                break
            if drop == 4:  # without the turn sentence the first fact is no example of anything
                _, ids, optional, para = pieces[first_people]
                pieces[first_people] = (plain_first, ids, optional, para)
                self.joins[0] = ("", None, self.joins[0][2])
            pieces = [piece for piece in pieces if piece[2] != drop]
        self.sentences: list[str] = []
        self.breaks: list[int] = []
        for text, fact_ids, _optional, new_paragraph in pieces:
            if new_paragraph and self.sentences:
                self.breaks.append(len(self.sentences))
            for fid in fact_ids:
                self.facts[fid]["s"] = len(self.sentences)
            text = cap(text)
            self.sentences.append(text if text.endswith(".") else text + ".")

    # -- helpers ---------------------------------------------------------------------------
    def fmt(self, measure: str, n: float) -> str:
        pattern = self.measures[measure]["fmt"]
        key = (pattern, n, self.lang)
        shown = _SHOWN.get(key)
        if shown is None:
            shown = _SHOWN[key] = pattern.format(n=format_number(n, lang=self.lang))
        return shown

    def more_less(self, rel: str, m: dict[str, Any]) -> str:
        """'more than' for rel "gt", '<less> than' ("fewer than", "less than") otherwise."""
        return self.words["more_than"] if rel == "gt" else self.words["less_than"].format(less=m["less"])

    def add(self, fact: dict[str, Any]) -> int:
        self.facts.append(fact)
        return len(self.facts) - 1

    def say_cmp(self, measure: str, a: int, b: int, subject: int) -> str:
        """'a > b' worded with `subject` first (more ... than / fewer ... than)."""
        m = self.measures[measure]
        if subject == a:
            return m["more"].format(u=self.units[a], w=self.units[b])
        return m["fewer"].format(u=self.units[b], w=self.units[a])

    # -- fact blocks -----------------------------------------------------------------------
    def _values(self, draw: Draw) -> list[tuple[list[int], str]]:
        m = self.measures[self.m1]
        grid = range(m["lo"], m["hi"] + 1, m["step"])
        i, j = two_of(draw, len(grid))
        while abs(i - j) < 2:
            j = draw.below(len(grid))
        values = (grid[i], grid[j])
        f0 = self.add({"t": "value", "m": self.m1, "u": 0, "v": values[0]})
        f1 = self.add({"t": "value", "m": self.m1, "u": 1, "v": values[1]})
        a, b = (m["state"].format(u=self.units[k], v=self.fmt(self.m1, values[k])) for k in (0, 1))
        join = draw.pick(self.ph["join_values"])
        joined = join["t"].format(a=a, b=b)
        high, low = (0, 1) if values[0] > values[1] else (1, 0)
        self.mode = draw.below(4)  # 0: third above both, 1: below both, 2: below high, 3: above low
        pair = ((2, high), (low, 2), (high, 2), (2, low))[self.mode]
        f2 = self.add({"t": "cmp", "m": self.m1, "a": pair[0], "b": pair[1]})
        text = self.say_cmp(self.m1, pair[0], pair[1], subject=2)
        self.joins_figures.append((join["kind"], f0, f1))
        return [([f0, f1], joined), ([f2], text)]

    def _comparison(self, draw: Draw) -> tuple[list[int], str]:
        a, b = two_of(draw, 3)
        self.pair2 = (a, b)
        fid = self.add({"t": "cmp", "m": self.m2, "a": a, "b": b})
        return [fid], self.say_cmp(self.m2, a, b, subject=draw.pick((a, b)))

    def _years(self, draw: Draw) -> tuple[list[int], str]:
        a, b = two_of(draw, 3)
        first, last = self.topic.get("years", YEARS)
        ya, yb = (first + k for k in two_of(draw, last - first + 1))
        ev = self.topic["event"]
        fa = self.add({"t": "year", "u": a, "y": ya})
        fb = self.add({"t": "year", "u": b, "y": yb})
        join = draw.pick(self.ph["join_years"])
        text = join["t"].format(a=ev["state"].format(u=self.units[a], y=ya),
                                b=ev["state"].format(u=self.units[b], y=yb))
        self.joins_figures.append((join["kind"], fa, fb))
        return [fa, fb], text

    def _quantifiers(self, draw: Draw) -> list[tuple[list[int], str]]:
        groups = self.topic["group"]
        out = []
        for g in draw.sample(range(len(groups)), 3):
            q = draw.pick(QUANTS[:3] if groups[g].get("not_none") else QUANTS)
            fid = self.add({"t": "quant", "g": g, "q": q})
            out.append(([fid], draw.pick(self.ph["quant"][q]).format(**groups[g])))
        return out

    def _plan(self, draw: Draw, pronoun: bool = False) -> tuple[list[int], str]:
        e = draw.below(len(self.topic["plan"]))
        m = draw.pick(MODALS)
        fid = self.add({"t": "modal", "e": e, "m": m})
        plan = self.topic["plan"][e]
        # "it" ("selskapet"): the sentence before is about the organisation
        org = self.words["it"].format(short=self.topic.get("short", "")) if pronoun else self.org
        return [fid], draw.pick(self.ph["modal"][m]).format(org=org, ev=plan["ev"], done=plan["done"])

    def _link(self, draw: Draw) -> tuple[list[int], str]:
        li = draw.below(len(self.topic["link"]))
        kind = "corr" if draw.chance(0.55) else "cause"
        fid = self.add({"t": "link", "l": li, "kind": kind})
        return [fid], self.topic["link"][li][kind]

    def _rule(self, draw: Draw) -> tuple[list[int], str]:
        ri = draw.below(len(self.topic["rule"]))
        rule = self.topic["rule"][ri]
        grid = range(rule["lo"], rule["hi"] + 1, rule["step"])
        x = draw.pick(grid)
        nec = draw.chance(0.5)
        fid = self.add({"t": "rule", "r": ri, "x": x, "nec": nec})
        return [fid], rule["two" if nec else "one"].format(x=rule["fmt"].format(n=format_number(x, lang=self.lang)))

    def discourse(self) -> list[list[Any]]:
        """How the passage joins its facts: [relation, fact before (or None), fact after] for each
        connective ("contrast", "addition", "example"; "" where none is left)."""
        return [[relation, a, b] for relation, a, b in (*self.joins_figures, *self.joins)]

    def text(self) -> str:
        cuts = [0, *self.breaks, len(self.sentences)]
        return "\n\n".join(wrap(" ".join(self.sentences[a:b])) for a, b in pairwise(cuts))


# =============================================================================================
# Statements: candidate claims with their label by construction, level, trap and reason
# =============================================================================================
class Cand:
    __slots__ = ("claim", "label", "level", "quote", "reason", "trap")

    def __init__(self, label: int, level: int, claim: dict[str, Any], quote: list[int],
                 reason: tuple[str, dict[str, Any]], trap: str = "") -> None:
        self.label, self.level, self.claim, self.quote, self.reason, self.trap = \
            label, level, claim, quote, reason, trap


def _sentence_of(p: Passage, t: str, m: str | None = None) -> list[int]:
    return sorted({f["s"] for f in p.facts if f["t"] == t and (m is None or f["m"] == m)})


def _value_cands(p: Passage, draw: Draw) -> list[Cand]:
    m = p.measures[p.m1]
    step = m["step"]
    out = []
    vals = {f["u"]: f["v"] for f in p.facts if f["t"] == "value"}
    s = _sentence_of(p, t="value")
    for u, v in vals.items():
        shown = p.fmt(p.m1, v)
        out.append(Cand(TRUE, 0, {"t": "value", "m": p.m1, "u": u, "rel": "eq", "x": v, "form": "para"}, s,
                        ("value_true", {})))
        wrong = v + step * draw.pick((-3, -2, -1, 1, 2, 3))
        if wrong < MIN_SHOWN:
            wrong = v + step * 2
        out.append(Cand(FALSE, 0, {"t": "value", "m": p.m1, "u": u, "rel": "eq", "x": wrong,
                                   "form": draw.pick(("state", "para"))}, s,
                        ("value_false", {"actual": shown})))
        k = 1 + draw.below(3)
        for rel, x, label in (("gt", v - k * step, TRUE), ("lt", v + k * step, TRUE),
                              ("gt", v + k * step, FALSE), ("lt", v - k * step, FALSE)):
            if x < MIN_SHOWN:
                continue
            word = p.more_less("gt" if rel == "gt" else "lt", m)
            out.append(Cand(label, 1, {"t": "value", "m": p.m1, "u": u, "rel": rel, "x": x, "form": "state"}, s,
                            ("value_bound_true" if label == TRUE else "value_bound_false",
                             {"actual": shown, "rel": word, "x": p.fmt(p.m1, x)})))
    high, low = (0, 1) if vals[0] > vals[1] else (1, 0)
    shown = {"a": p.fmt(p.m1, vals[0]), "b": p.fmt(p.m1, vals[1])}
    out.append(Cand(TRUE, 1, {"t": "cmp", "m": p.m1, "a": high, "b": low, "subject": draw.pick((high, low))}, s,
                    ("compare_values_true", shown)))
    out.append(Cand(FALSE, 1, {"t": "cmp", "m": p.m1, "a": low, "b": high, "subject": draw.pick((high, low))}, s,
                    ("compare_values_false", shown)))
    out += _third_unit_cands(p, draw, vals, high, low)
    out += _scope_cands(p, draw, vals, high, low)
    return out


def _third_unit_cands(p: Passage, draw: Draw, vals: dict[int, int], high: int, low: int) -> list[Cand]:
    """Claims about the unit known only by a comparison: restated, chained, or left open."""
    m = p.measures[p.m1]
    step = m["step"]
    stated = next(f for f in p.facts if f["t"] == "cmp" and f["m"] == p.m1)
    a, b = stated["a"], stated["b"]
    other = b if a == 2 else a  # the known unit the third is compared with
    rest = high if other == low else low  # the known unit it is not compared with
    s_cmp = [stated["s"]]
    s_both = sorted({stated["s"], *_sentence_of(p, t="value")})
    out = [Cand(TRUE, 1, {"t": "cmp", "m": p.m1, "a": a, "b": b, "subject": b}, s_cmp, ("compare_true", {})),
           Cand(FALSE, 1, {"t": "cmp", "m": p.m1, "a": b, "b": a, "subject": draw.pick((a, b))}, s_cmp,
                ("compare_false", {}))]
    third_above = a == 2
    known = vals[other]
    if p.mode in (0, 1):  # the chain through `other` settles the third against `rest`
        first = (2, rest) if third_above else (rest, 2)
        chain = _chain_text(p, first, other)
        out.append(Cand(TRUE, 2, {"t": "cmp", "m": p.m1, "a": first[0], "b": first[1],
                                  "subject": draw.pick(first)}, s_both, ("compare_chain_true", {"chain": chain}),
                        "trap_chain"))
        out.append(Cand(FALSE, 2, {"t": "cmp", "m": p.m1, "a": first[1], "b": first[0],
                                   "subject": draw.pick(first)}, s_both, ("compare_chain_false", {"chain": chain}),
                        "trap_chain"))
    else:
        out.append(Cand(CANNOT, 2, {"t": "cmp", "m": p.m1, "a": 2, "b": rest, "subject": draw.pick((2, rest))},
                        s_both, ("compare_open", {"known": p.words["only_with"].format(a=p.units[2], b=p.units[other]),
                                                  "a": p.units[2], "b": p.units[rest]}), "trap_compare"))
    beyond = known + step * (1 + draw.below(3)) * (1 if third_above else -1)
    wrong = known - step * (1 + draw.below(3)) * (1 if third_above else -1)
    args = {"side": p.more_less("gt" if third_above else "lt", m), "known": p.fmt(p.m1, known)}
    if beyond >= MIN_SHOWN:
        out.append(Cand(CANNOT, 2, {"t": "value", "m": p.m1, "u": 2, "rel": "eq", "x": beyond, "form": "state"},
                        s_both, ("derived_value_open", {**args, "x": p.fmt(p.m1, beyond)}), "trap_unmentioned"))
    if wrong >= MIN_SHOWN:
        out.append(Cand(FALSE, 3, {"t": "value", "m": p.m1, "u": 2, "rel": "eq", "x": wrong, "form": "state"},
                        s_both, ("derived_value_false", {**args, "x": p.fmt(p.m1, wrong)}), "trap_chain"))
    # A bound on the third unit's figure from its comparison with a known figure: ruled in, ruled
    # out, or left open (the value side of the hardest level, with a True, a False and a Cannot say).
    # At the known figure itself two sentences settle it (level 2); at another figure one more step
    # is needed ("more than 680, so more than 650"), and the open side is never settled (level 3).
    side, away = ("gt", "lt") if third_above else ("lt", "gt")
    sign = 1 if third_above else -1
    within = known - sign * step * (1 + draw.below(2))  # on the far side of `known`: settled
    beyond = known + sign * step * (1 + draw.below(3))  # past `known` on the open side: not settled
    for label, level, rel, x, reason, trap in (
            (TRUE, 2, side, known, "derived_bound_direct_true", "trap_chain"),
            (FALSE, 2, away, known, "derived_bound_false", "trap_chain"),
            (TRUE, 3, side, within, "derived_bound_true", "trap_chain"),
            (FALSE, 3, away, within, "derived_bound_false", "trap_chain"),
            (CANNOT, 3, away, beyond, "derived_bound_open", "trap_unmentioned")):
        if x >= MIN_SHOWN:
            out.append(Cand(label, level, {"t": "value", "m": p.m1, "u": 2, "rel": rel, "x": x, "form": "state"},
                            s_both, (reason, {**args, "rel": p.more_less(rel, m), "x": p.fmt(p.m1, x)}), trap))
    return out


def _scope_cands(p: Passage, draw: Draw, vals: dict[int, int], high: int, low: int) -> list[Cand]:
    """Claims about all three units: a wider scope than two stated figures may support."""
    m = p.measures[p.m1]
    step = m["step"]
    stated = next(f for f in p.facts if f["t"] == "cmp" and f["m"] == p.m1)
    third_above = stated["a"] == 2  # the third unit is above the unit it is compared with
    known = vals[stated["b"] if third_above else stated["a"]]
    s = sorted({stated["s"], *_sentence_of(p, t="value")})
    less = p.more_less("lt", m)
    side = p.more_less("gt", m) if third_above else less
    shown = {"a": p.fmt(p.m1, vals[0]), "b": p.fmt(p.m1, vals[1]), "side": side, "known": p.fmt(p.m1, known)}
    out = []
    for rel, x in (("gt", vals[low] - step * (1 + draw.below(2))), ("lt", vals[high] + step * (1 + draw.below(2)))):
        if x < MIN_SHOWN:
            continue
        word = p.more_less("gt", m) if rel == "gt" else less
        # Settled for the third unit only when its stated side agrees and its bound clears x.
        settled = (rel == "gt" and third_above and known >= x) or (rel == "lt" and not third_above and known <= x)
        args = {**shown, "rel": word, "x": p.fmt(p.m1, x)}
        claim = {"t": "all", "m": p.m1, "rel": rel, "x": x}
        if settled:
            out.append(Cand(TRUE, 3, claim, s, ("scope_true", args), "trap_chain"))
        else:
            out.append(Cand(CANNOT, 2, claim, s, ("scope_open", args), "trap_scope"))
    middle = (vals[low] + vals[high]) // 2 // step * step
    if vals[low] < middle < vals[high]:
        rel = draw.pick(("gt", "lt"))
        failing = low if rel == "gt" else high
        word = p.more_less("gt", m) if rel == "gt" else less
        out.append(Cand(FALSE, 1, {"t": "all", "m": p.m1, "rel": rel, "x": middle}, s,
                        ("scope_false", {"v": p.fmt(p.m1, vals[failing]), "rel": word, "x": p.fmt(p.m1, middle)})))
    return out


def _chain_text(p: Passage, first: tuple[int, int], middle: int) -> str:
    m = p.measures[p.m1]
    return (m["more"].format(u=p.units[first[0]], w=p.units[middle]) + p.words["and"]
            + m["more"].format(u=p.units[middle], w=p.units[first[1]]))


def _m2_cands(p: Passage, draw: Draw) -> list[Cand]:
    a, b = p.pair2
    c = 3 - a - b
    s = _sentence_of(p, t="cmp", m=p.m2)
    m = p.measures[p.m2]
    grid = range(m["lo"], m["hi"] + 1, m["step"])
    x = draw.pick(grid)
    return [
        Cand(TRUE, 1, {"t": "cmp", "m": p.m2, "a": a, "b": b, "subject": draw.pick((a, b))}, s, ("compare_true", {})),
        Cand(FALSE, 1, {"t": "cmp", "m": p.m2, "a": b, "b": a, "subject": draw.pick((a, b))}, s,
             ("compare_false", {})),
        Cand(CANNOT, 2, {"t": "cmp", "m": p.m2, "a": c, "b": draw.pick((a, b)), "subject": c}, s,
             ("compare_open", {"known": p.words["with"].format(a=p.units[a], b=p.units[b]), "a": p.units[c],
                               "b": p.words["the_others"]}),
             "trap_compare"),
        Cand(CANNOT, 2, {"t": "value", "m": p.m2, "u": draw.pick((a, b)), "rel": "eq", "x": x, "form": "state"}, s,
             ("no_figure_open", {}), "trap_unmentioned"),
    ]


def _unmentioned_cands(p: Passage, draw: Draw) -> list[Cand]:
    m = p.measures[p.m3]
    x = draw.pick(range(m["lo"], m["hi"] + 1, m["step"]))
    used_groups = {f["g"] for f in p.facts if f["t"] == "quant"}
    free_groups = [g for g in range(len(p.topic["group"])) if g not in used_groups]
    used_plan = next(f["e"] for f in p.facts if f["t"] == "modal")
    free_plans = [e for e in range(len(p.topic["plan"])) if e != used_plan]
    used_link = next(f["l"] for f in p.facts if f["t"] == "link")
    free_links = [li for li in range(len(p.topic["link"])) if li != used_link]
    reason = ("unmentioned", {})
    out = [Cand(CANNOT, 0, {"t": "value", "m": p.m3, "u": draw.below(3), "rel": "eq", "x": x, "form": "state"}, [],
                reason, "trap_unmentioned")]
    years = {f["u"] for f in p.facts if f["t"] == "year"}
    missing = next(u for u in range(3) if u not in years)
    out.append(Cand(CANNOT, 0, {"t": "year", "u": missing, "rel": "eq", "y": draw.pick(range(YEARS[0], YEARS[1] + 1)),
                                "form": "state"}, [], reason, "trap_unmentioned"))
    if free_groups:
        out.append(Cand(CANNOT, 0, {"t": "quant", "g": draw.pick(free_groups), "q": draw.pick(QUANTS)}, [], reason,
                        "trap_unmentioned"))
    if free_plans:
        claim = {"t": "modal", "e": draw.pick(free_plans), "m": draw.pick(("will", "likely", "will_not"))}
        out.append(Cand(CANNOT, 0, claim, [], reason, "trap_unmentioned"))
    if free_links:
        out.append(Cand(CANNOT, 0, {"t": "link", "l": draw.pick(free_links), "c": "cause_claim"}, [], reason,
                        "trap_unmentioned"))
    return out


def _year_cands(p: Passage, draw: Draw) -> list[Cand]:
    years = {f["u"]: f["y"] for f in p.facts if f["t"] == "year"}
    s = _sentence_of(p, t="year")
    (a, ya), (b, yb) = years.items()
    missing = 3 - a - b
    out = []
    for u, y in years.items():
        out.append(Cand(TRUE, 0, {"t": "year", "u": u, "rel": "eq", "y": y, "form": draw.pick(("state", "para"))}, s,
                        ("year_true", {"y": y})))
        wrong = y + draw.pick((-3, -2, -1, 1, 2, 3))
        out.append(Cand(FALSE, 0, {"t": "year", "u": u, "rel": "eq", "y": wrong, "form": draw.pick(("state", "para"))},
                        s,
                        ("year_false", {"y": y})))
        k = 1 + draw.below(3)
        out.append(Cand(TRUE, 1, {"t": "year", "u": u, "rel": "before", "y": y + k}, s, ("year_true", {"y": y})))
        out.append(Cand(FALSE, 1, {"t": "year", "u": u, "rel": "after", "y": y + k}, s, ("year_false", {"y": y})))
    early, late = (a, b) if ya < yb else (b, a)
    args = {"a": ya, "b": yb}
    out.append(Cand(TRUE, 2, {"t": "order", "a": early, "b": late, "form": draw.pick(("before", "after"))}, s,
                    ("years_true", args), "trap_chain"))
    out.append(Cand(FALSE, 2, {"t": "order", "a": late, "b": early, "form": draw.pick(("before", "after"))}, s,
                    ("years_false", args), "trap_chain"))
    other = draw.pick((a, b))
    out.append(Cand(CANNOT, 2, {"t": "order", "a": missing, "b": other, "form": draw.pick(("before", "after"))}, s,
                    ("year_open", {"known": p.units[other], "missing": p.units[missing]}), "trap_unmentioned"))
    return out


# quantifier fact -> claims (claim quantifier, label, level); "most -> all" and "all -> most"
# are never asked: everyday "most" hints at "not all", so those items would be unfair.
_QUANT_CLAIMS = {
    "all": (("all", TRUE, 0), ("some", TRUE, 1), ("none", FALSE, 0), ("fewer_half", FALSE, 1)),
    "most": (("most", TRUE, 1), ("some", TRUE, 1), ("none", FALSE, 1), ("fewer_half", FALSE, 1)),
    "some": (("some", TRUE, 0), ("none", FALSE, 1), ("all", CANNOT, 2), ("most", CANNOT, 2),
             ("fewer_half", CANNOT, 2)),
    "none": (("none", TRUE, 0), ("some", FALSE, 1), ("all", FALSE, 0), ("most", FALSE, 1)),
}


def _quant_cands(p: Passage, draw: Draw) -> list[Cand]:
    out = []
    ph = p.ph["quant_claim"]
    for f in (f for f in p.facts if f["t"] == "quant"):
        group = p.topic["group"][f["g"]]
        fact_text = p.ph["quant"][f["q"]][0].format(**group)
        for q, label, level in _QUANT_CLAIMS[f["q"]]:
            claim_text = ph[q][0].format(**group)
            key = ("quant_same" if q == f["q"] and f["q"] != "most" else
                   ("quant_true", "quant_false", "quant_open")[label])
            out.append(Cand(label, level, {"t": "quant", "g": f["g"], "q": q}, [f["s"]],
                            (key, {"fact": fact_text, "claim": claim_text}),
                            "trap_some_all" if label == CANNOT else ""))
    return out


# The generator's own table (by construction; the judge re-derives each verdict from worlds):
# passage modality -> (statement modality, label, level, reason, trap). Pairs whose answer turns
# on tense ("has opened" against "will open") are never asked.
_FUTURE_SURE = (("will", TRUE, 0, "modal_true", ""), ("certain", TRUE, 1, "modal_para_true", ""),
                ("possible", TRUE, 1, "modal_weaker_true", ""), ("likely", TRUE, 2, "modal_likely_true", ""),
                ("will_not", FALSE, 0, "modal_false", ""))
_HEDGED = (("will", CANNOT, 2, "modal_open", "trap_likely_will"),
           ("certain", CANNOT, 2, "modal_open_stronger", "trap_likely_will"),
           ("will_not", CANNOT, 3, "modal_open", "trap_may_wont"))
_MODAL_CLAIMS: dict[str, tuple[tuple[str, int, int, str, str], ...]] = {
    "will": _FUTURE_SURE,
    "certain": _FUTURE_SURE,
    "will_not": (("will_not", TRUE, 0, "modal_true", ""), ("will", FALSE, 0, "modal_false", ""),
                 ("possible", FALSE, 1, "modal_false", ""), ("likely", FALSE, 1, "modal_false", ""),
                 ("certain", FALSE, 1, "modal_false", "")),
    "likely": (("likely", TRUE, 0, "modal_true", ""), ("possible", TRUE, 1, "modal_weaker_true", ""), *_HEDGED),
    "expected": (("likely", TRUE, 1, "modal_para_true", ""), ("possible", TRUE, 1, "modal_weaker_true", ""),
                 *_HEDGED),
    "plans": (("possible", TRUE, 2, "modal_weaker_true", ""), *_HEDGED,
              ("likely", CANNOT, 3, "modal_open_stronger", "trap_likely_will")),
    **{m: (("possible", TRUE, 1, "modal_para_true", ""), *_HEDGED,
           ("likely", CANNOT, 3, "modal_open_stronger", "trap_likely_will")) for m in ("may", "might", "could")},
    "has": (("has", TRUE, 0, "modal_true", ""), ("has_not", FALSE, 0, "modal_done_false", "")),
    "has_not": (("has_not", TRUE, 0, "modal_true", ""), ("has", FALSE, 0, "modal_done_false", ""),
                ("will_not", CANNOT, 3, "modal_not_yet", "trap_not_yet")),
}
def _modal_cands(p: Passage, draw: Draw) -> list[Cand]:
    f = next(f for f in p.facts if f["t"] == "modal")
    said = p.words["said"].get(f["m"], "")
    return [Cand(label, level, {"t": "modal", "e": f["e"], "m": m}, [f["s"]], (reason, {"org": p.org, "said": said}),
                 trap) for m, label, level, reason, trap in _MODAL_CLAIMS[f["m"]]]


def _link_cands(p: Passage, draw: Draw) -> list[Cand]:
    f = next(f for f in p.facts if f["t"] == "link")
    s = [f["s"]]
    if f["kind"] == "corr":
        return [Cand(TRUE, 1, {"t": "link", "l": f["l"], "c": "assoc"}, s, ("link_assoc_true", {})),
                Cand(FALSE, 1, {"t": "link", "l": f["l"], "c": "assoc_reverse"}, s, ("link_reverse_false", {})),
                Cand(CANNOT, 3, {"t": "link", "l": f["l"], "c": draw.pick(("cause_claim", "cause_none"))}, s,
                     ("link_cause_open", {}), "trap_cause")]
    return [Cand(TRUE, 1, {"t": "link", "l": f["l"], "c": "cause_claim"}, s, ("link_cause_true", {})),
            Cand(FALSE, 2, {"t": "link", "l": f["l"], "c": "cause_none"}, s, ("link_none_false", {})),
            Cand(FALSE, 1, {"t": "link", "l": f["l"], "c": "cause_reverse"}, s, ("link_reverse_false", {}))]


def _rule_cands(p: Passage, draw: Draw) -> list[Cand]:
    f = next(f for f in p.facts if f["t"] == "rule")
    rule = p.topic["rule"][f["r"]]
    step, x = rule["step"], f["x"]
    above = x + step * (1 + draw.below(2))
    below = x - step * (1 + draw.below(2))
    if below < MIN_SHOWN:
        below = x - 1 if x > 2 else None
    s = [f["s"]]
    show = lambda n: rule["fmt"].format(n=format_number(n, lang=p.lang))  # noqa: E731
    args = {"x": show(x), "y": show(above)}
    out = [Cand(TRUE, 1, {"t": "rule", "r": f["r"], "y": above, "yes": True}, s, ("rule_true", args)),
           Cand(FALSE, 1, {"t": "rule", "r": f["r"], "y": above, "yes": False}, s, ("rule_false", args))]
    if below is not None:
        args = {"x": show(x), "y": show(below)}
        if f["nec"]:
            out.append(Cand(TRUE, 2, {"t": "rule", "r": f["r"], "y": below, "yes": False}, s,
                            ("rule_below_true", args)))
            out.append(Cand(FALSE, 2, {"t": "rule", "r": f["r"], "y": below, "yes": True}, s,
                            ("rule_below_false", args)))
        else:
            out.append(Cand(CANNOT, 3, {"t": "rule", "r": f["r"], "y": below, "yes": draw.chance(0.7)}, s,
                            ("rule_open", args), "trap_rule"))
    return out


CANDIDATE_MAKERS = (_value_cands, _m2_cands, _unmentioned_cands, _year_cands, _quant_cands, _modal_cands,
                    _link_cands, _rule_cands)


# =============================================================================================
# Rendering a claim
# =============================================================================================
def renderings(p: Passage, claim: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """Every wording of a claim, each with the claim's wording keys (form, subject, v) set: the
    statement is chosen among them so that its length tells nothing about its label."""
    kind = claim["t"]
    if kind == "value":
        m = p.measures[claim["m"]]
        unit = p.units[claim["u"]]
        shown = p.fmt(claim["m"], claim["x"])
        if claim["rel"] == "eq":
            return [({**claim, "form": form}, m[form].format(u=unit, v=shown)) for form in ("state", "para")]
        return _bounded(p, claim, m, unit, shown)
    if kind == "cmp":
        return [({**claim, "subject": s}, p.say_cmp(claim["m"], claim["a"], claim["b"], s))
                for s in (claim["a"], claim["b"])]
    if kind == "all":
        m = p.measures[claim["m"]]
        return _bounded(p, claim, m, p.topic["all_units"], p.fmt(claim["m"], claim["x"]))
    if kind == "year":
        ev = p.topic["event"]
        unit = p.units[claim["u"]]
        forms = ("state", "para") if claim["rel"] == "eq" else (claim["rel"],)
        return [({**claim, "form": form}, ev[form].format(u=unit, y=claim["y"])) for form in forms]
    if kind == "order":
        ev = p.topic["event"]
        a, b = p.units[claim["a"]], p.units[claim["b"]]
        return [({**claim, "form": "before"}, ev["before"].format(u=a, y=b)),
                ({**claim, "form": "after"}, ev["after"].format(u=b, y=a))]
    if kind == "quant":
        group = p.topic["group"][claim["g"]]
        return [({**claim, "v": i}, t.format(**group)) for i, t in enumerate(p.ph["quant_claim"][claim["q"]])]
    if kind == "modal":
        plan = p.topic["plan"][claim["e"]]
        return [({**claim, "v": i}, t.format(org=p.org, ev=plan["ev"], done=plan["done"]))
                for i, t in enumerate(p.ph["modal_claim"][claim["m"]])]
    if kind == "link":
        return [(claim, p.topic["link"][claim["l"]][claim["c"]])]
    rule = p.topic["rule"][claim["r"]]
    shown = rule["fmt"].format(n=format_number(claim["y"], lang=p.lang))
    return [(claim, rule["yes" if claim["yes"] else "no"].format(y=shown))]


def _bounded(p: Passage, claim: dict[str, Any], m: dict[str, Any], unit: str,
             shown: str) -> list[tuple[dict[str, Any], str]]:
    """A bound ("more than 200") in the measure's own sentence, and in its paraphrase ("the number
    of ... is less than 200") where the paraphrase's slot holds the whole quantity (not "£{v}")."""
    out = [({**claim, "form": "state"}, m["state"].format(u=unit, v=f"{p.more_less(claim['rel'], m)} {shown}"))]
    if _WHOLE_SLOT.search(m["para"]):
        word = p.words["para_more" if claim["rel"] == "gt" else "para_less"]
        out.append(({**claim, "form": "para"}, m["para"].format(u=unit, v=f"{word} {shown}")))
    return out


_WHOLE_SLOT = re.compile(r"(?:^| )\{v\}(?:[ ,]|$)")


def _nearest(pool: list[Cand], target: float) -> list[Cand]:
    """The candidates whose b is nearest `target` (one level: b depends on level and label only)."""
    if not pool:
        return []
    b = _B[pool[0].label]
    best = min({c.level for c in pool}, key=lambda level: (round(abs(b[level] - target), 6), level))
    return [c for c in pool if c.level == best]


Wording = tuple[Cand, dict[str, Any], str]


def _worded(p: Passage, cands: list[Cand]) -> dict[int, dict[tuple[str, str], list[Wording]]]:
    """Every wording of every candidate, by its length in words (as a candidate would count them),
    then by kind of claim (the claim type and the reason it is keyed so)."""
    out: dict[int, dict[tuple[str, str], list[Wording]]] = {}
    for c in cands:
        for claim, text in renderings(p, c.claim):
            out.setdefault(len(text.split()), {}).setdefault((claim["t"], c.reason[0]), []).append((c, claim, text))
    return out


def _weighted(draw: Draw, weights: list[int]) -> int:
    """An index drawn with probability proportional to its weight."""
    point = draw.u() * sum(weights)
    for i, w in enumerate(weights):
        point -= w
        if point < 0:
            return i
    return len(weights) - 1


def b_of(c: Cand) -> float:
    return _B[c.label][c.level]


# b by label and level (the difficulty model, computed once: every candidate of a passage needs it)
_B = tuple(tuple(linear_difficulty(base, WEIGHTS, {"cannot_say": label == CANNOT}) for base in LEVEL_B)
           for label in (TRUE, FALSE, CANNOT))


def content_of(topic: str, names: list[str], facts: list[dict[str, Any]], claim: dict[str, Any]) -> str:
    """The item's content for the fingerprint: the scenario, the units, the facts and the claim,
    not the wording (sentence order, templates, which unit a comparison names first)."""
    def canon(d: dict[str, Any], drop: tuple[str, ...]) -> str:
        return ",".join(f"{k}={d[k]}" for k in sorted(d) if k not in drop)
    fact_part = ";".join(sorted(canon(f, ("s",)) for f in facts))
    return f"{topic}|{','.join(names)}|{fact_part}|{canon(claim, ('form', 'subject', 'v'))}"


class PassageGenerator(BaseGenerator):
    """verbal.passage: True, False or Cannot say about a statement on a short business passage.

    Several statements share one passage (a testlet); the label of each follows from the
    passage's fact structure and is re-derived by check() with an independent judge.
    """

    family = "verbal.passage"
    section = "verbal"
    version = 6
    difficulty_range: ClassVar[tuple[float, float]] = (-2.5, 2.2)  # no claim is harder than level 3 (b 2.25)
    title = "Verbal reasoning: True / False / Cannot say"
    # nb (issue 18): the same facts, judge and difficulty model; Norwegian scenario texts in
    # data/passages_nb.toml (only the scenario types written there are drawn), phrases_nb.toml.
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        return self.generate_question(rng, rng, difficulty, 0)

    def generate_question(self, stimulus_rng: np.random.Generator, rng: np.random.Generator,
                          difficulty: float, question: int) -> Item:
        ph = passage_phrases(self.lang)
        # The first draw of the stimulus: the testlet's statements cycle labels from this offset.
        offset = int(stimulus_rng.integers(3))
        sdraw = Draw(stimulus_rng)
        passage = Passage(sdraw, ph, self.lang)
        prompt = sdraw.pick(ph["prompt"])  # one instruction for every statement on the passage
        draw = Draw(rng)
        label = (offset + question) % 3 if question or stimulus_rng is not rng else draw.below(3)
        # The candidates whose b is nearest the request (plus a seeded jitter, so that a form at one
        # difficulty is not one claim kind repeated), for each label; then a statement length that
        # every label's nearest candidates can be worded at, so that the length of a statement says
        # nothing about its label (issue 14: a length-to-label rule scored 41 % against 34 %).
        target = difficulty + float(rng.normal(0.0, JITTER))
        pools: list[list[Cand]] = [[], [], []]
        for make in CANDIDATE_MAKERS:
            for c in make(passage, draw):
                pools[c.label].append(c)
        worded = [_worded(passage, _nearest(pool, target)) for pool in pools]
        common = sorted(set.intersection(*(set(lengths) for lengths in worded)))
        mine = worded[label]
        if common and not draw.chance(ESCAPE):
            # Lengths where every label has many kinds of claim are likelier (the weights are the
            # same whatever the label), so that hedges, links and rules are not crowded out by the
            # figures, whose wordings come in every length.
            weights = [len(worded[0][n]) * len(worded[1][n]) * len(worded[2][n]) for n in common]
            length = common[_weighted(draw, weights)]
        else:
            # Now and then (and whenever no length is common) any candidate of the label: a form
            # redraws a statement that repeats an earlier one of its passage, and a pool narrowed
            # to one length could offer nothing new (four statements a passage, one label twice).
            length = draw.pick(sorted(mine))
        # A kind of claim first, then one of its wordings at that length; a kind whose wordings
        # miss it by one word stands in (the hedges, links and rules have few wordings each, and
        # would otherwise be crowded out by the figures; measured, the cue stays at chance).
        options: dict[tuple[str, str], list[Wording]] = {}
        for near in (length, length - 1, length + 1):
            for kind, ws in mine.get(near, {}).items():
                options.setdefault(kind, ws)
        chosen, claim, statement = draw.pick(draw.pick(list(options.values())))
        return self._item(passage, chosen, claim, statement, ph, prompt)

    def _item(self, p: Passage, c: Cand, claim: dict[str, Any], statement: str, ph: dict[str, Any],
              prompt: str) -> Item:
        statement = cap(statement) + "."
        labels = ph["labels"]
        mistakes = ph["mistakes"]
        options = []
        for index, text in enumerate(labels):
            if index == c.label:
                options.append(Option(text))
                continue
            key = f"{LABEL_KEYS[c.label]}_{LABEL_KEYS[index]}"
            # The trap names the tempting wrong label: True for an overreach, False for a hedge
            # read as ruling the event out, Cannot say for a keyed True or False.
            lure = FALSE if c.trap in NEGATIVE_TRAPS else TRUE
            trap = c.trap and ((c.label == CANNOT and index == lure) or (c.label != CANNOT and index == CANNOT))
            options.append(Option(text, mistake=mistakes[c.trap] if trap else mistakes[key]))
        words = ph["words"]
        quote = " ".join(words["quote"].format(s=p.sentences[i]) for i in c.quote)
        reason_key, args = c.reason
        reason = ph["reason"][reason_key].format(**args)
        explanation = (words["says"].format(quote=quote) if quote else "") + cap(reason)
        level = c.level
        b = b_of(c)
        figure = TextBlock(p.text() + "\n\n" + wrap(ph["statement"].format(text=statement)),
                           alt=words["alt"], prose=True)
        return Item(family=self.family, section=self.section, prompt=prompt,
                    explanation=explanation, difficulty=b, discrimination=round(0.9 + 0.05 * level, 3),
                    time_s=35.0 + 4.0 * level, options=tuple(options), key=c.label, figure=figure,
                    params={"topic": p.topic["key"], "stimulus_kind": f"passage:{p.topic['key']}",
                            "org": p.org, "units": p.names, "facts": p.facts,
                            "sentences": p.sentences, "joins": p.discourse(), "claim": claim, "level": level,
                            "statement": statement,
                            "content": content_of(p.topic["key"], p.names, p.facts, claim)},
                    lang=self.lang)

    def check(self, item: Item) -> None:
        check_options(item)
        labels = tuple(passage_phrases(item.lang)["labels"])
        if tuple(o.text for o in item.options) != labels:
            raise ItemCheckError(f"item {item.id}: options must be {', '.join(labels)} in this order")
        params = item.params
        facts = params["facts"]
        if any(not 0 <= f.get("s", -1) < len(params["sentences"]) for f in facts):
            raise ItemCheckError(f"item {item.id}: a fact is not stated by any sentence of the passage")
        if item.figure is None or " ".join(params["statement"].split()) not in " ".join(item.figure.to_text().split()):
            raise ItemCheckError(f"item {item.id}: the statement is not shown with the passage")
        require_single_key(item, [judge(params["claim"], facts)])
