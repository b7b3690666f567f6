"""Checking: compare pairs of codes, numbers, names or addresses quickly and exactly.

Three questions, all about copies that may carry a clerical slip:

    which_differs      4-6 pairs, exactly one differs: which pair?
    count_identical    4-8 pairs: how many are exactly the same?
    count_differences  an original line and a copy: in how many places (characters) do they differ?

The slips are the ones people really make when copying: two neighbouring characters swapped, a
look-alike character (0/O, 1/I, 5/S, 8/B, 2/Z, 6/G; in plain numbers 1/7, 3/8, 5/6, 0/8), a
letter doubled or dropped, a digit or a letter changed. For count_differences only same-length
substitutions are used, in places at least two characters apart, so "how many places" has one
answer. Identical pairs are the same
string. Data (names, streets, towns) are invented; see data.toml.

Difficulty model (IRT logit b). With p = (difficulty + 3) / 6 plus a seeded jitter (sd 0.06):
pairs = 4 + round(4 p) (4-8; which_differs uses at most 6); subtle slips (swaps, look-alikes,
doubled or dropped letters) instead of plain changed characters with probability 0.2 + 0.7 p;
the question drawn with weights rising towards count_differences as p grows. Then

    b = -2.2 + 0.25 * (pairs - 4) + 0.35 * kind + 0.9 * subtle + ask

with kind 0 names, 1 numbers and addresses, 2 reference codes; ask 0 which_differs, 0.4
count_identical, 0.6 count_differences. a = 1.1 (speed tests discriminate well). Typical time
(short, as checking tests are speeded): 3 s + 2.5 s per pair (which), 4 s + 3 s per pair
(count), 12 s + 0.3 s per character (differences).

check() re-reads the pairs shown in the figure, recounts by direct string comparison (and
character-by-character for count_differences) and demands exactly the keyed option.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    load_phrases,
    phrases_for,
    require_single_key,
)
from question_generators.errors import ItemCheckError
from question_generators.figures import TextBlock
from question_generators.item import LETTERS, Item, Option

PACKAGE = "question_generators.checking"
ASKS = ("which_differs", "count_identical", "count_differences")
ASK_WEIGHT = {"which_differs": 0.0, "count_identical": 0.4, "count_differences": 0.6}
KIND_LEVEL = {"name": 0, "number": 1, "address": 1, "code": 2}
WEIGHTS = {"n_pairs": 0.25, "kind": 0.35, "subtle": 0.9, "ask_level": 1.0}
INTERCEPT = -2.2
SIMILAR = {"0": "O", "O": "0", "1": "I", "I": "1", "5": "S", "S": "5", "8": "B", "B": "8",
           "2": "Z", "Z": "2", "6": "G", "G": "6"}
# In plain numbers a letter would stand out: digits that look alike in print instead.
SIMILAR_DIGITS = {"1": "7", "7": "1", "3": "8", "8": "3", "5": "6", "6": "5", "0": "8"}
SUBTLE = ("transpose", "similar", "double", "drop")
PLAIN = ("digit", "letter")
Rng = np.random.Generator


# -- entries -------------------------------------------------------------------------------------
def _pick(rng: Rng, seq: list[str]) -> str:
    return seq[int(rng.integers(len(seq)))]


def _digits(rng: Rng, n: int) -> str:
    return "".join(str(int(d)) for d in rng.integers(0, 10, n))


def _letters(rng: Rng, n: int) -> str:
    return "".join(string.ascii_uppercase[int(i)] for i in rng.integers(0, 26, n))


def make_entry(rng: Rng, kind: str) -> str:
    data = load_phrases(PACKAGE, "data.toml")
    if kind == "code":
        pattern = int(rng.integers(4))
        if pattern == 0:
            return f"{_letters(rng, 2)}-{_digits(rng, 4)}-{_letters(rng, 1)}{_digits(rng, 1)}"
        if pattern == 1:
            return f"{_digits(rng, 3)}-{_letters(rng, 2)}-{_digits(rng, 4)}"
        if pattern == 2:
            return f"{_letters(rng, 3)}{_digits(rng, 5)}"
        return f"{_letters(rng, 1)}{_digits(rng, 2)} {_digits(rng, 1)}{_letters(rng, 2)}"
    if kind == "number":
        pattern = int(rng.integers(3))
        if pattern == 0:
            return f"{_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
        if pattern == 1:
            return f"0{_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}"
        whole = int(rng.integers(1_000, 10_000_000))
        return f"{whole:,}.{_digits(rng, 2)}"
    if kind == "name":
        first, last = _pick(rng, data["first"]), _pick(rng, data["last"])
        return f"{last}, {first}" if rng.random() < 0.4 else f"{first} {last}"
    number = int(rng.integers(1, 200))
    return f"{number} {_pick(rng, data['street'])} {_pick(rng, data['street_type'])}, {_pick(rng, data['town'])}"


# -- slips ----------------------------------------------------------------------------------------
def _choice(rng: Rng, positions: list[int]) -> int | None:
    return positions[int(rng.integers(len(positions)))] if positions else None


def _transpose(rng: Rng, s: str) -> str | None:
    i = _choice(rng, [i for i in range(len(s) - 1) if s[i].isalnum() and s[i + 1].isalnum() and s[i] != s[i + 1]])
    return None if i is None else s[:i] + s[i + 1] + s[i] + s[i + 2:]


def _similar(rng: Rng, s: str) -> str | None:
    table = SIMILAR_DIGITS if not any(ch.isalpha() for ch in s) else SIMILAR
    i = _choice(rng, [i for i, ch in enumerate(s) if ch in table])
    return None if i is None else s[:i] + table[s[i]] + s[i + 1:]


def _double(rng: Rng, s: str) -> str | None:
    i = _choice(rng, [i for i in range(1, len(s)) if s[i].isalpha() and s[i].islower()])
    return None if i is None else s[:i] + s[i] + s[i:]


def _drop(rng: Rng, s: str) -> str | None:
    doubles = [i for i in range(1, len(s) - 1) if s[i] == s[i + 1] and s[i].isalpha()]
    inner = [i for i in range(1, len(s) - 1) if s[i].isalpha() and s[i].islower() and s[i - 1].isalpha()]
    i = _choice(rng, doubles or inner)
    return None if i is None else s[:i] + s[i + 1:]


def _digit(rng: Rng, s: str) -> str | None:
    i = _choice(rng, [i for i, ch in enumerate(s) if ch.isdigit()])
    if i is None:
        return None
    new = str((int(s[i]) + int(rng.integers(1, 10))) % 10)
    return s[:i] + new + s[i + 1:]


def _letter(rng: Rng, s: str) -> str | None:
    i = _choice(rng, [i for i, ch in enumerate(s) if ch.isalpha()])
    if i is None:
        return None
    pool = string.ascii_lowercase if s[i].islower() else string.ascii_uppercase
    pool = [c for c in pool if c != s[i] and SIMILAR.get(c) != s[i] and SIMILAR.get(s[i]) != c]
    return s[:i] + _pick(rng, pool) + s[i + 1:]


SLIPS: dict[str, Callable[[Rng, str], str | None]] = {
    "transpose": _transpose, "similar": _similar, "double": _double, "drop": _drop,
    "digit": _digit, "letter": _letter}


def slip(rng: Rng, s: str, subtle: bool) -> tuple[str, str] | None:
    """One realistic copying slip applied to `s`: (copy, slip name), or None if none applies."""
    names = list(SUBTLE if subtle else PLAIN)
    for i in rng.permutation(len(names)):
        out = SLIPS[names[int(i)]](rng, s)
        if out is not None and out != s:
            return out, names[int(i)]
    return None


# -- the generator --------------------------------------------------------------------------------
class CompareGenerator(BaseGenerator):
    """Checking: spot the copies that differ from the original, fast and exactly.

    See the module docstring for the questions, the slips and the difficulty model (pairs,
    kind of entry, subtle slips, question).
    """

    family = "checking.compare"
    section = "checking"
    version = 2
    title = "Compare pairs"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.words = phrases_for(PACKAGE, lang)["compare"]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        p = min(1.0, max(0.0, (difficulty + 3.0) / 6.0 + rng.normal(0.0, 0.06)))
        weights = np.array([1.2 - p, 1.0, 0.3 + p])
        ask = ASKS[int(rng.choice(3, p=weights / weights.sum()))]
        pairs = 4 + round(4 * p)
        if ask == "which_differs":
            pairs = min(pairs, 6)
        subtle = bool(rng.random() < 0.2 + 0.7 * p)
        kind = ("code", "number", "name", "address")[int(rng.integers(4))]
        return self.redraw(rng, lambda r: self._attempt(r, ask, pairs, kind, subtle))

    def _attempt(self, rng: Rng, ask: str, n: int, kind: str, subtle: bool) -> Item | None:
        lines = ask == "count_differences"
        built = self._lines(rng, kind, subtle) if lines else self._pairs(rng, ask, n, kind, subtle)
        if built is None:
            return None
        prompt_list = self.words[ask]
        features = {"n_pairs": n if ask != "count_differences" else 4, "kind": KIND_LEVEL[kind],
                    "subtle": int(subtle), "ask_level": ASK_WEIGHT[ask]}
        features_b = {**features, "n_pairs": features["n_pairs"] - 4}
        options, key, explanation, params, time_s, figure = built
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompt_list[int(rng.integers(len(prompt_list)))], figure=figure,
            explanation=explanation + " " + self.words["tip"],
            difficulty=linear_difficulty(INTERCEPT, WEIGHTS, features_b), discrimination=1.1,
            time_s=round(time_s, 1), options=options, key=key,
            params={"ask": ask, "entry_kind": kind, **features, **params},
        )

    # -- pairs ------------------------------------------------------------------------------------
    def _pairs(self, rng: Rng, ask: str, n: int, kind: str, subtle: bool) -> tuple[Any, ...] | None:
        lefts: list[str] = []
        while len(lefts) < n:
            entry = make_entry(rng, kind)
            if entry not in lefts:
                lefts.append(entry)
        rank = int(rng.integers(0, 5))  # the key's place among five ascending options: uniform
        if ask == "which_differs":
            differ = {int(rng.integers(n))}
        else:
            same = int(rng.integers(rank, n - 4 + rank + 1))
            differ = {int(i) for i in rng.choice(n, size=n - same, replace=False)}
        rights, slips = [], {}
        for i, left in enumerate(lefts):
            if i in differ:
                out = slip(rng, left, subtle)
                if out is None:
                    return None
                rights.append(out[0])
                slips[i] = out[1]
            else:
                rights.append(left)
        labels = list(LETTERS[:n]) if ask == "which_differs" else [str(i + 1) for i in range(n)]
        figure = self._pairs_figure(kind, labels, lefts, rights)
        mistakes = self.words["mistakes"]
        details = [self.words["explain_pair"].format(label=labels[i], left=lefts[i], right=rights[i],
                                                     mistake=mistakes[slips[i]], where=self._where(lefts[i], rights[i]))
                   for i in sorted(differ)]
        params = {"labels": labels, "pairs": [[a, b] for a, b in zip(lefts, rights, strict=True)],
                  "slips": {labels[i]: slips[i] for i in sorted(differ)}}
        if ask == "which_differs":
            (index,) = differ
            wrong = self.words["options"]["identical_pair"]  # names the chosen pair: one text each
            options = tuple(Option(self.words["pair_option"].format(label=label), None,
                                   None if i == index else wrong.format(chosen=label, label=labels[index]))
                            for i, label in enumerate(labels))
            explanation = self.words["explain_which"].format(label=labels[index], left=lefts[index],
                                                             right=rights[index], mistake=mistakes[slips[index]],
                                                             where=self._where(lefts[index], rights[index]))
            return options, index, explanation, params, 3 + 2.5 * n, figure
        same = n - len(differ)
        opt = self.words["options"]

        def named(value: int) -> str:
            gap = value - same
            if value == n - same:
                return opt["complement"]
            return opt["missed"].format(d=gap) if gap > 0 else opt["extra"].format(d=-gap)

        options = self._window(same, rank, named)
        key_text = self.words["explain_count"] if differ else self.words["explain_none"]
        explanation = key_text.format(list="; ".join(details), same=same, total=n)
        return options, rank, explanation, params, 4 + 3 * n, figure

    @staticmethod
    def _window(key: int, rank: int, named: Callable[[int], str]) -> tuple[Option, ...]:
        """Five consecutive counts in ascending order with the key at place `rank`."""
        values = range(key - rank, key - rank + 5)
        return tuple(Option(str(v), float(v), None if v == key else named(v)) for v in values)

    def _where(self, left: str, right: str) -> str:
        """Where two entries differ, so the explanation points at the slip, not just names it."""
        start = 0
        while start < min(len(left), len(right)) and left[start] == right[start]:
            start += 1
        end_l, end_r = len(left), len(right)
        while end_l > start and end_r > start and left[end_l - 1] == right[end_r - 1]:
            end_l, end_r = end_l - 1, end_r - 1
        a, b = left[start:end_l], right[start:end_r]
        if not a:  # a doubled character: the right entry has one more
            a, b = left[start - 1:start], right[start - 1:end_r]
            start -= 1
        if not b:
            return self.words["explain_gone"].format(position=start + 1, a=a)
        key = "explain_place" if len(a) == len(b) == 1 else "explain_stretch"
        return self.words[key].format(position=start + 1, a=a, b=b)

    def _pairs_figure(self, kind: str, labels: list[str], lefts: list[str], rights: list[str]) -> TextBlock:
        width = max(len(x) for x in lefts + rights)
        rows = zip(labels, lefts, rights, strict=True)
        text = "\n".join(f"{label:>2}  {a.ljust(width)}    {b}" for label, a, b in rows)
        alt = self.words["alt_pairs"].format(count=len(labels), kind=self.words["kinds"][kind], pairs="; ".join(
            f"{label}: {a} | {b}" for label, a, b in zip(labels, lefts, rights, strict=True)))
        return TextBlock(text=text, alt=alt)

    # -- one long line ---------------------------------------------------------------------------
    def _lines(self, rng: Rng, kind: str, subtle: bool) -> tuple[Any, ...] | None:
        parts = [make_entry(rng, kind if kind in ("code", "number") else "code") for _ in range(3)]
        if kind in ("name", "address"):
            parts = [make_entry(rng, kind), *parts[:2]]
        original = "  ".join(parts)
        if len(original) > 64:
            return None
        rank = int(rng.integers(0, 5))
        m = int(rng.integers(max(rank, 1), 7))
        copy = list(original)
        used: list[int] = []
        changes = []
        kinds = ("similar", "digit", "letter") if subtle else ("digit", "letter")
        for _ in range(m):
            for _try in range(20):
                name = kinds[int(rng.integers(len(kinds)))]
                out = SLIPS[name](rng, original)
                if out is None:
                    continue
                pos = next(i for i, (a, b) in enumerate(zip(original, out, strict=True)) if a != b)
                if any(abs(pos - u) < 2 for u in used):
                    continue
                used.append(pos)
                copy[pos] = out[pos]
                changes.append((pos, original[pos], out[pos], name))
                break
            else:
                return None
        copied = "".join(copy)
        labels = self.words["line_labels"]
        pad = max(len(x) for x in labels) + 2
        figure = TextBlock(text=f"{(labels[0] + ':').ljust(pad)}{original}\n{(labels[1] + ':').ljust(pad)}{copied}",
                           alt=self.words["alt_lines"].format(lines=f"{labels[0]}: {original}; {labels[1]}: {copied}"))
        opt = self.words["options"]
        options = self._window(m, rank, lambda v: opt["diff_missed"].format(d=m - v) if v < m
                               else opt["diff_extra"].format(d=v - m))
        places = [self.words["explain_place"].format(position=pos + 1, a=a, b=b) for pos, a, b, _ in sorted(changes)]
        explanation = self.words["explain_diffs"].format(count=m, list="; ".join(places))
        params = {"lines": [original, copied], "changes": [[p, n] for p, _, _, n in sorted(changes)]}
        return options, rank, explanation, params, 12 + 0.3 * len(original), figure

    # -- check -------------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        ask = item.params.get("ask")
        if item.figure is None:
            raise ItemCheckError(f"item {item.id}: no figure")
        if ask == "count_differences":
            labels = self.words["line_labels"]
            pad = max(len(x) for x in labels) + 2
            lines = [line[pad:] for line in item.figure.to_text().split("\n")]
            if len(lines) != 2 or lines != item.params["lines"]:
                raise ItemCheckError(f"item {item.id}: the figure does not show the two lines")
            a, b = lines
            if len(a) != len(b):
                raise ItemCheckError(f"item {item.id}: the lines differ in length, places cannot be counted")
            count = sum(x != y for x, y in zip(a, b, strict=True))
            require_single_key(item, [i for i, o in enumerate(item.options) if o.value == count])
            return
        labels = item.params["labels"]
        pairs = [tuple(p) for p in item.params["pairs"]]
        expected = self._pairs_figure(item.params["entry_kind"], labels, [p[0] for p in pairs], [p[1] for p in pairs])
        if item.figure.to_text() != expected.text:
            raise ItemCheckError(f"item {item.id}: the figure does not show the pairs")
        differing = [i for i, (a, b) in enumerate(pairs) if a != b]
        if ask == "which_differs":
            if len(differing) != 1:
                raise ItemCheckError(f"item {item.id}: {len(differing)} pairs differ, exactly one must")
            names = [self.words["pair_option"].format(label=label) for label in labels]
            require_single_key(item, [i for i, o in enumerate(item.options) if o.text == names[differing[0]]])
            return
        if ask != "count_identical":
            raise ItemCheckError(f"item {item.id}: unknown question {ask!r}")
        same = len(pairs) - len(differing)
        require_single_key(item, [i for i, o in enumerate(item.options) if o.value == same])
