"""Checking: compare copies of codes, numbers, names, addresses and records quickly and exactly.

Five questions, all about copies that may carry a clerical slip:

    which_differs      5 pairs, exactly one differs: which pair?
    count_identical    4-8 pairs: how many are exactly the same?
    record_which       5 records of 3-4 fields (name, reference, date, amount, phone, town),
                       the original list and the copy: exactly one record was copied wrongly: which?
    record_count       4-10 such records: how many of the copied records contain an error?
    count_differences  1-4 original lines and their copies: in how many places (characters) do
                       they differ?

Slips are only those people make when copying (the list of the checking tests' manuals): two
neighbouring characters swapped, a look-alike character (0/O, 1/l/I, 5/S), a letter doubled or
dropped, one wrong digit (never a leading zero: "151" does not become "051"). No letter is
ever replaced by an unrelated letter ("Sullivan" never becomes "Swllivan"). For
count_differences only same-length slips (a wrong digit, a look-alike) are used, in places at
least two characters apart, so "how many places" has one answer. Identical copies are the same
string. Data (names, streets, towns) are invented; see data.toml.

Difficulty model (IRT logit b). A clerical check is hard by how much there is to compare (the
characters of the originals), how hard a slip is to see, and whether the candidate may stop at
the first slip found:

    b = -2.7 + 1.0 log2(characters / 40) + 0.6 level + ask

level 0 plain slips (a wrong digit, a dropped or doubled letter), 1 transposed neighbours, 2
look-alikes (0/O, 1/l/I, 5/S); ask 0 which_differs and record_which (one slip, stop when found),
0.5 count_identical, 0.6 record_count (every entry must be read), 0.8 count_differences (every
character). So five short codes with a wrong digit are about -3.1, ten four-field records with
look-alikes about +2.7. Every (ask, kind, size, level) template has an expected b (from the mean
length of its entries); a request draws a template with probability proportional to
exp(-(b - d)^2 / (2 * 0.25^2)), and the item's b is computed from its actual characters.
a = 1.1 (speed tests discriminate well). Typical time (speeded, as checking tests are): 3 s +
0.09 s per character compared (+ 4 s when counting).

check() re-reads the pairs, records or lines shown in the figure (the figure must be exactly
what the stored entries render to), recounts by direct string comparison (character by
character for count_differences) and demands exactly the keyed option.
"""

from __future__ import annotations

import math
import string
from collections.abc import Callable
from functools import cache
from typing import Any, ClassVar

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    load_phrases,
    phrases_for,
    require_single_key,
)
from question_generators.errors import ItemCheckError
from question_generators.figures import TextBlock
from question_generators.item import LETTERS, Item, Option

PACKAGE = "question_generators.checking"
ASK_WEIGHT = {"which_differs": 0.0, "record_which": 0.0, "count_identical": 0.5, "record_count": 0.6,
              "count_differences": 0.8}
WEIGHTS = {"chars": 1.0, "level": 0.6}
INTERCEPT = -2.7
SPREAD = 0.25
TEMPLATE_TRIES = 20
# look-alike characters (the list: 0/O, 1/l/I, 5/S)
SIMILAR = {"0": "O", "O": "0", "1": "l", "l": "1", "I": "l", "5": "S", "S": "5"}
LEVEL_SLIPS = {0: ("digit", "drop", "double"), 1: ("transpose",), 2: ("similar",)}
SAME_LENGTH = {0: ("digit",), 1: ("digit", "similar"), 2: ("similar",)}  # for counting places
PAIR_KINDS = ("short", "code", "number", "name", "address")
FIELDS = ("name", "ref", "date", "amount", "phone", "town")
# the "which" asks always show five pairs or records: five options, like the counts
SIZES = {"which_differs": range(5, 6), "count_identical": range(4, 9), "record_which": range(5, 6),
         "record_count": range(4, 11), "count_differences": range(1, 5)}
Rng = np.random.Generator


# -- entries -------------------------------------------------------------------------------------
def _pick(rng: Rng, seq: list[str]) -> str:
    return seq[int(rng.integers(len(seq)))]


def _digits(rng: Rng, n: int, lead: bool = False) -> str:
    """n random digits; `lead`: the first is not 0 (a number, not a code). One draw per call."""
    return f"{int(rng.integers(10 ** (n - 1) if lead else 0, 10 ** n)):0{n}d}"


def _letters(rng: Rng, n: int) -> str:
    x, out = int(rng.integers(26 ** n)), []
    for _ in range(n):
        x, r = divmod(x, 26)
        out.append(string.ascii_uppercase[r])
    return "".join(out)


def make_entry(rng: Rng, kind: str, lang: str = "en") -> str:
    """One entry of a kind: a reference code, a number, a name, an address or a record field,
    written as the language writes them (Bokmål: 12 345,50; 17.03.2025; 912 34 567; Storgata 12,
    0155 Oslo)."""
    data = load_phrases(PACKAGE, "data.toml")
    if lang == "nb":
        return _entry_nb(rng, kind, data["nb"])
    if kind == "short":
        if rng.random() < 0.5:
            return f"{_letters(rng, 2)}{_digits(rng, 4)}"
        return f"{_digits(rng, 3)}{_letters(rng, 3)}"
    if kind in ("code", "ref"):
        pattern = int(rng.integers(4))
        if pattern == 0:
            return f"{_letters(rng, 2)}-{_digits(rng, 4)}-{_letters(rng, 1)}{_digits(rng, 1)}"
        if pattern == 1:
            return f"{_digits(rng, 3)}-{_letters(rng, 2)}-{_digits(rng, 4)}"
        if pattern == 2:
            return f"{_letters(rng, 3)}{_digits(rng, 5)}"
        return f"{_letters(rng, 1)}{_digits(rng, 2)} {_digits(rng, 1)}{_letters(rng, 2)}"
    if kind in ("number", "phone"):
        pattern = int(rng.integers(3)) if kind == "number" else 1
        if pattern == 0:
            return f"{_digits(rng, 4)} {_digits(rng, 4)} {_digits(rng, 4)}"
        if pattern == 1:
            return f"0{_digits(rng, 3, True)} {_digits(rng, 3)} {_digits(rng, 4)}"
        return f"{int(rng.integers(1_000, 10_000_000)):,}.{_digits(rng, 2)}"
    if kind == "amount":
        return f"{int(rng.integers(10, 100_000)):,}.{_digits(rng, 2)}"
    if kind == "date":
        return f"{int(rng.integers(1, 29)):02d}/{int(rng.integers(1, 13)):02d}/{int(rng.integers(1990, 2030))}"
    named = _named(rng, kind, data)
    if named is not None:
        return named
    number = int(rng.integers(1, 200))
    return f"{number} {_pick(rng, data['street'])} {_pick(rng, data['street_type'])}, {_pick(rng, data['town'])}"


def _named(rng: Rng, kind: str, data: dict[str, Any]) -> str | None:
    """A town or a person's name, or None for an address (whose draw takes a name's first, so
    that the items stay as they were)."""
    if kind == "town":
        return _pick(rng, data["town"])
    first, last = _pick(rng, data["first"]), _pick(rng, data["last"])
    if kind == "name":
        return f"{last}, {first}" if rng.random() < 0.4 else f"{first} {last}"
    return None


def _entry_nb(rng: Rng, kind: str, data: dict[str, Any]) -> str:
    """A Bokmål entry; codes and references are the same as in English."""
    if kind in ("short", "code", "ref"):
        return make_entry(rng, kind)
    if kind == "phone":  # Norwegian numbers have eight digits, grouped 3 2 3 (mobile) or 2 2 2 2
        if rng.random() < 0.5:
            return f"{int(rng.integers(4, 10))}{_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 3)}"
        return f"{int(rng.integers(2, 8))}{_digits(rng, 1)} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)}"
    if kind == "number":
        pattern = int(rng.integers(3))
        if pattern == 0:  # an account number: 1234 56 78901
            return f"{_digits(rng, 4)} {_digits(rng, 2)} {_digits(rng, 5)}"
        if pattern == 1:
            return _entry_nb(rng, "phone", data)
        return f"{int(rng.integers(1_000, 10_000_000)):,}".replace(",", " ") + f",{_digits(rng, 2)}"
    if kind == "amount":
        return f"{int(rng.integers(10, 100_000)):,}".replace(",", " ") + f",{_digits(rng, 2)}"
    if kind == "date":
        return f"{int(rng.integers(1, 29)):02d}.{int(rng.integers(1, 13)):02d}.{int(rng.integers(1990, 2030))}"
    named = _named(rng, kind, data)
    if named is not None:
        return named
    street = _pick(rng, data["street"]) + _pick(rng, data["street_type"])
    return f"{street} {int(rng.integers(1, 200))}, {_digits(rng, 4)} {_pick(rng, data['town'])}"


# -- slips ----------------------------------------------------------------------------------------
def _choice(rng: Rng, positions: list[int]) -> int | None:
    return positions[int(rng.integers(len(positions)))] if positions else None


def _transpose(rng: Rng, s: str) -> str | None:
    def kind(ch: str) -> int:  # digits, capitals and small letters are swapped only among themselves
        return 0 if ch.isdigit() else 1 if ch.isupper() else 2

    i = _choice(rng, [i for i in range(len(s) - 1) if s[i].isalnum() and s[i + 1].isalnum() and s[i] != s[i + 1]
                      and kind(s[i]) == kind(s[i + 1]) and not (i == 0 and s[1] == "0")])
    return None if i is None else s[:i] + s[i + 1] + s[i] + s[i + 2:]


def _similar(rng: Rng, s: str) -> str | None:
    i = _choice(rng, [i for i, ch in enumerate(s) if ch in SIMILAR])
    if i is None:
        return None
    new = SIMILAR[s[i]]
    if s[i] == "1" and i > 0 and s[i - 1].isupper():
        new = "I"  # among capitals a 1 is misread as I
    return s[:i] + new + s[i + 1:]


def _double(rng: Rng, s: str) -> str | None:
    i = _choice(rng, [i for i in range(1, len(s)) if s[i].isalpha() and s[i].islower()])
    return None if i is None else s[:i] + s[i] + s[i:]


def _drop(rng: Rng, s: str) -> str | None:
    doubles = [i for i in range(1, len(s) - 1) if s[i] == s[i + 1] and s[i].isalpha()]
    inner = [i for i in range(1, len(s) - 1) if s[i].isalpha() and s[i].islower() and s[i - 1].isalpha()]
    i = _choice(rng, doubles or inner)
    return None if i is None else s[:i] + s[i + 1:]


def _digit(rng: Rng, s: str) -> str | None:
    """One digit misread or mistyped; the first digit of a number never becomes 0."""
    i = _choice(rng, [i for i, ch in enumerate(s) if ch.isdigit()])
    if i is None:
        return None
    leading = (i == 0 or (not s[i - 1].isdigit() and s[i - 1] not in ",.")) and s[i] != "0"
    choices = [d for d in "0123456789" if d != s[i] and not (leading and d == "0")]
    return s[:i] + _pick(rng, choices) + s[i + 1:]


SLIPS: dict[str, Callable[[Rng, str], str | None]] = {
    "transpose": _transpose, "similar": _similar, "double": _double, "drop": _drop, "digit": _digit}


def slip(rng: Rng, s: str, level: int, same_length: bool = False) -> tuple[str, str] | None:
    """One realistic copying slip of the level applied to `s`: (copy, slip name), or None."""
    names = list(SAME_LENGTH[level] if same_length else LEVEL_SLIPS[level])
    for i in rng.permutation(len(names)):
        out = SLIPS[names[int(i)]](rng, s)
        if out is not None and out != s:
            return out, names[int(i)]
    return None


@cache
def mean_length(kind: str, fields: int = 0) -> float:
    """The mean length of an entry of a kind (a record: of its fields and separators), from a
    fixed sample: the templates' expected b."""
    rng = np.random.default_rng(7)
    if kind == "record":
        return sum(mean_length(f) for f in FIELDS[:fields]) + 3 * (fields - 1)
    return float(np.mean([len(make_entry(rng, kind)) for _ in range(300)]))


def difficulty_of(chars: float, level: int, ask: str) -> float:
    return round(INTERCEPT + WEIGHTS["chars"] * math.log2(chars / 40) + WEIGHTS["level"] * level
                 + ASK_WEIGHT[ask], 3)


def _templates() -> list[tuple[str, str, int, int, int, float]]:
    """(ask, kind, size, fields, level, expected b) for every item the generator can build."""
    out = []
    for ask, sizes in SIZES.items():
        for n in sizes:
            for level in (0, 1, 2):
                if ask == "count_differences":
                    if level == 1:
                        continue  # a swap changes two places: no transpositions when counting places
                    out.append((ask, "record", n, 4, level, difficulty_of(n * mean_length("record", 4), level, ask)))
                elif ask.startswith("record"):
                    for fields in (3, 4):
                        chars = n * mean_length("record", fields)
                        out.append((ask, "record", n, fields, level, difficulty_of(chars, level, ask)))
                else:
                    for kind in PAIR_KINDS:
                        chars = n * mean_length(kind)
                        out.append((ask, kind, n, 0, level, difficulty_of(chars, level, ask)))
    return out


# -- the generator --------------------------------------------------------------------------------
class CompareGenerator(BaseGenerator):
    """Checking: spot the copies that differ from the original, fast and exactly.

    See the module docstring for the questions, the slips and the difficulty model (characters
    to compare, kind of slip, question).
    """

    family = "checking.compare"
    section = "checking"
    version = 4
    title = "Compare pairs"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.words = phrases_for(PACKAGE, lang)["compare"]
        self.templates = _templates()
        self.template_b = np.array([t[-1] for t in self.templates])

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        w = np.exp(-((self.template_b - difficulty) ** 2) / (2 * SPREAD ** 2)) + 1e-12
        cum = np.cumsum(w / w.sum())
        tries = [0]
        template = [self.templates[0]]

        def attempt(r: Rng) -> Item | None:
            if tries[0] % TEMPLATE_TRIES == 0:
                template[0] = self.templates[min(len(self.templates) - 1, int(np.searchsorted(cum, r.random())))]
            tries[0] += 1
            return self._attempt(r, *template[0][:5])

        return self.redraw(rng, attempt)

    def _attempt(self, rng: Rng, ask: str, kind: str, n: int, fields: int, level: int) -> Item | None:
        if ask == "count_differences":
            built = self._lines(rng, n, level)
        elif ask.startswith("record"):
            built = self._records(rng, ask, n, fields, level)
        else:
            built = self._pairs(rng, ask, n, kind, level)
        if built is None:
            return None
        options, key, explanation, params, chars, figure = built
        prompt_list = self.words[ask]
        b = difficulty_of(chars, level, ask)
        counting = ask not in ("which_differs", "record_which")
        content = "|".join([ask, figure.to_text(), ",".join(o.text for o in options)])
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompt_list[int(rng.integers(len(prompt_list)))], figure=figure,
            explanation=explanation + " " + self.words["tip"],
            difficulty=b, discrimination=1.1,
            time_s=round(3.0 + 0.09 * chars + 4.0 * counting, 1), options=options, key=key,
            params={"ask": ask, "entry_kind": kind, "size": n, "fields": fields, "level": level,
                    "chars": chars, **params, "content": content, "spread": [f"check:{ask}:{kind}"]},
        )

    # -- pairs ------------------------------------------------------------------------------------
    def _differ(self, rng: Rng, ask: str, n: int, rank: int) -> set[int]:
        """Which of n entries carry a slip: one (which asks), or a count that puts the key at
        place `rank` of five consecutive counts."""
        if ask in ("which_differs", "record_which"):
            return {int(rng.integers(n))}
        if ask == "count_identical":
            same = int(rng.integers(rank, n - 4 + rank + 1))
            return {int(i) for i in rng.choice(n, size=n - same, replace=False)}
        wrong = int(rng.integers(rank, n - 4 + rank + 1))  # record_count: the count of wrong records
        return {int(i) for i in rng.choice(n, size=wrong, replace=False)}

    def _pairs(self, rng: Rng, ask: str, n: int, kind: str, level: int) -> tuple[Any, ...] | None:
        lefts: list[str] = []
        while len(lefts) < n:
            entry = make_entry(rng, kind, self.lang)
            if entry not in lefts:
                lefts.append(entry)
        rank = int(rng.integers(0, 5))  # the key's place among five ascending options: uniform
        differ = self._differ(rng, ask, n, rank)
        rights, slips = [], {}
        for i, left in enumerate(lefts):
            if i in differ:
                out = slip(rng, left, level)
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
        chars = sum(len(x) for x in lefts)
        if ask == "which_differs":
            (index,) = differ
            wrong = self.words["options"]["identical_pair"]  # names the chosen pair: one text each
            options = tuple(Option(self.words["pair_option"].format(label=label), None,
                                   None if i == index else wrong.format(chosen=label, label=labels[index]))
                            for i, label in enumerate(labels))
            explanation = self.words["explain_which"].format(label=labels[index], left=lefts[index],
                                                             right=rights[index], mistake=mistakes[slips[index]],
                                                             where=self._where(lefts[index], rights[index]))
            return options, index, explanation, params, chars, figure
        same = n - len(differ)
        options = self._window(same, rank, self._named_same(n, same))
        key_text = self.words["explain_count"] if differ else self.words["explain_none"]
        explanation = key_text.format(list="; ".join(details), same=same, total=n)
        return options, rank, explanation, params, chars, figure

    def _named_same(self, n: int, same: int) -> Callable[[int], str]:
        opt = self.words["options"]

        def named(value: int) -> str:
            gap = value - same
            if value == n - same:
                return opt["complement"]
            return opt["missed"].format(d=gap) if gap > 0 else opt["extra"].format(d=-gap)

        return named

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

    # -- records ------------------------------------------------------------------------------------
    def _record(self, rng: Rng, fields: int) -> list[str]:
        return [make_entry(rng, f, self.lang) for f in FIELDS[:fields]]

    def _records(self, rng: Rng, ask: str, n: int, fields: int, level: int) -> tuple[Any, ...] | None:
        originals = [self._record(rng, fields) for _ in range(n)]
        rank = int(rng.integers(0, 5))
        differ = self._differ(rng, ask, n, rank)
        copies, slips = [], {}
        for i, record in enumerate(originals):
            copy = list(record)
            if i in differ:
                for f in rng.permutation(fields):  # a field the slip applies to
                    out = slip(rng, record[int(f)], level)
                    if out is not None:
                        copy[int(f)] = out[0]
                        slips[i] = (int(f), out[1])
                        break
                else:
                    return None
            copies.append(copy)
        figure = self._records_figure(originals, copies)
        if any(len(line) > 76 for line in figure.text.splitlines()):
            return None
        mistakes, heads = self.words["mistakes"], self.words["fields"]
        details = [self.words["explain_record"].format(
            n=i + 1, field=heads[FIELDS[f]], left=originals[i][f], right=copies[i][f], mistake=mistakes[name],
            where=self._where(originals[i][f], copies[i][f])) for i, (f, name) in sorted(slips.items())]
        params = {"records": [originals, copies], "slips": {str(i + 1): name for i, (_, name) in slips.items()}}
        chars = sum(len(" | ".join(r)) for r in originals)
        if ask == "record_which":
            (index,) = differ
            wrong = self.words["options"]["identical_record"]
            options = tuple(Option(self.words["record_option"].format(n=i + 1), None,
                                   None if i == index else wrong.format(chosen=i + 1, n=index + 1)) for i in range(n))
            explanation = self.words["explain_record_which"].format(detail=details[0])
            return options, index, explanation, params, chars, figure
        wrong_count = len(differ)
        opt = self.words["options"]

        def named(value: int) -> str:
            if value == n - wrong_count:
                return opt["record_complement"]
            gap = wrong_count - value
            return opt["record_missed"].format(d=gap) if gap > 0 else opt["record_extra"].format(d=-gap)

        options = self._window(wrong_count, rank, named)
        text = self.words["explain_record_count"] if differ else self.words["explain_record_none"]
        explanation = text.format(list="; ".join(details), count=wrong_count, total=n)
        return options, rank, explanation, params, chars, figure

    def _records_figure(self, originals: list[list[str]], copies: list[list[str]]) -> TextBlock:
        fields = len(originals[0])
        widths = [max(len(r[f]) for r in originals + copies) for f in range(fields)]
        heads = self.words["record_heads"]
        lines = []
        for head, records in zip(heads, (originals, copies), strict=True):
            lines.append(head)
            for i, record in enumerate(records):
                row = " | ".join(v.ljust(w) for v, w in zip(record, widths, strict=True))
                lines.append(f"{i + 1:>2}  {row}".rstrip())
        pairs = zip(originals, copies, strict=True)
        alt = self.words["alt_records"].format(count=len(originals), records="; ".join(
            f"{i + 1}: {' / '.join(a)} | {' / '.join(b)}" for i, (a, b) in enumerate(pairs)))
        return TextBlock(text="\n".join(lines), alt=alt)

    # -- lines ------------------------------------------------------------------------------------
    def _lines(self, rng: Rng, n: int, level: int) -> tuple[Any, ...] | None:
        originals = [" | ".join(self._record(rng, 4)) for _ in range(n)]
        rank = int(rng.integers(0, 5))
        m = int(rng.integers(max(rank, 1), rank + 3 + n))  # differences in all (the key)
        copies = [list(line) for line in originals]
        used: list[tuple[int, int]] = []
        changes = []
        for _ in range(m):
            for _try in range(20):
                row = int(rng.integers(n))
                out = slip(rng, originals[row], level, same_length=True)
                if out is None:
                    continue
                pos = next(i for i, (a, b) in enumerate(zip(originals[row], out[0], strict=True)) if a != b)
                if any(r == row and abs(pos - u) < 2 for r, u in used):
                    continue
                used.append((row, pos))
                copies[row][pos] = out[0][pos]
                changes.append((row, pos, originals[row][pos], out[0][pos], out[1]))
                break
            else:
                return None
        copied = ["".join(c) for c in copies]
        figure = self._lines_figure(originals, copied)
        if any(len(line) > 76 for line in figure.text.splitlines()):
            return None
        opt = self.words["options"]
        options = self._window(m, rank, lambda v: opt["diff_missed"].format(d=m - v) if v < m
                               else opt["diff_extra"].format(d=v - m))
        places = [self.words["explain_line_place"].format(line=row + 1, position=pos + 1, a=a, b=b)
                  for row, pos, a, b, _ in sorted(changes)]
        explanation = self.words["explain_diffs"].format(count=m, list="; ".join(places))
        params = {"lines": [originals, copied], "changes": [[r, p, name] for r, p, _, _, name in sorted(changes)]}
        return options, rank, explanation, params, sum(len(x) for x in originals), figure

    def _lines_figure(self, originals: list[str], copies: list[str]) -> TextBlock:
        heads = self.words["line_heads"]
        lines = [heads[0], *(f"{i + 1:>2}  {x}" for i, x in enumerate(originals)),
                 heads[1], *(f"{i + 1:>2}  {x}" for i, x in enumerate(copies))]
        alt = self.words["alt_lines"].format(lines="; ".join(
            f"{i + 1}: {a} | {b}" for i, (a, b) in enumerate(zip(originals, copies, strict=True))))
        return TextBlock(text="\n".join(lines), alt=alt)

    # -- check -------------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        ask = item.params.get("ask")
        if item.figure is None:
            raise ItemCheckError(f"item {item.id}: no figure")
        shown = item.figure.to_text()
        if ask == "count_differences":
            originals, copies = item.params["lines"]
            if shown != self._lines_figure(originals, copies).text:
                raise ItemCheckError(f"item {item.id}: the figure does not show the lines")
            if any(len(a) != len(b) for a, b in zip(originals, copies, strict=True)):
                raise ItemCheckError(f"item {item.id}: the lines differ in length, places cannot be counted")
            count = sum(x != y for a, b in zip(originals, copies, strict=True) for x, y in zip(a, b, strict=True))
            require_single_key(item, [i for i, o in enumerate(item.options) if o.value == count])
            return
        if ask in ("record_which", "record_count"):
            originals, copies = item.params["records"]
            if shown != self._records_figure(originals, copies).text:
                raise ItemCheckError(f"item {item.id}: the figure does not show the records")
            wrong = [i for i, (a, b) in enumerate(zip(originals, copies, strict=True)) if a != b]
            if ask == "record_which":
                if len(wrong) != 1:
                    raise ItemCheckError(f"item {item.id}: {len(wrong)} records differ, exactly one must")
                name = self.words["record_option"].format(n=wrong[0] + 1)
                require_single_key(item, [i for i, o in enumerate(item.options) if o.text == name])
                return
            require_single_key(item, [i for i, o in enumerate(item.options) if o.value == len(wrong)])
            return
        labels = item.params["labels"]
        pairs = [tuple(p) for p in item.params["pairs"]]
        expected = self._pairs_figure(item.params["entry_kind"], labels, [p[0] for p in pairs], [p[1] for p in pairs])
        if shown != expected.text:
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
