"""Letter coding: "If TABLE is coded UBCMF, how is CHAIR coded?" by shifts, reversal, mirror, numbers.

Difficulty model (IRT logit scale b). The requested difficulty plus a seeded jitter (sd 0.35) is
sliced into eight bands, one code type per band:

    band 0 shift forward   TABLE -> UBCMF            (+1 or +2; large +3)
    band 1 shift back      TABLE -> SZAKD            (-1 or -2; large -3)
    band 2 reversal        TABLE -> ELBAT            (large: reversed, then shifted by 1)
    band 3 by position     TABLE -> UCEPJ            (+1, +2, +3 ...; large +1, +3, +5 ...)
    band 4 alternating     TABLE -> UZCKF            (+1, -1, +1 ...; large other pairs)
    band 5 mirror          TABLE -> GZYOV            (A and Z swap, B and Y ...; large: reversed too)
    band 6 letter numbers  CAT -> 3-1-20             (large: plus or minus an offset)
    band 7 wrap-around     big shifts (4-7) that run past Z back to A in the asked word

The position of the jittered difficulty inside a band is the probability of the "large"
variant:

    b = -2.6 + 0.7 band + 0.3 large

Discrimination a = 0.9 + 0.07 band; time 40 s + 5 s per band + 5 s for the large variant.

check() reads the example word, its code and the asked word back from the prompt and fits an
independent library of codes to the example: per-letter shifts that are constant, linear in the
position or alternating, on the word or on its reverse; the mirror alphabet plus a constant
shift, on the word or its reverse; letter numbers with a constant offset, counted from A or from
Z, in order or reversed. A code counts only when the example confirms it (the example has at
least two letters more than the code has free parameters). Every fitted code is applied to the
asked word; exactly the keyed option must be among the results.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np

from question_generators.base import BaseGenerator, check_options, load_phrases, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.logical"
BANDS = ("shift", "shift_back", "reverse", "position", "alternating", "mirror", "numbers", "wrap")
WEIGHTS = {"band": 0.7, "large": 0.3}
INTERCEPT = -2.6
WORDS: list[str] = [w for w in load_phrases(PACKAGE, "words.toml")["words"] if 4 <= len(w) <= 6]

Rule = dict[str, Any]


def _letter(x: int) -> str:
    return chr(65 + (x - 1) % 26)


def _values(word: str) -> list[int]:
    return [ord(c) - 64 for c in word]


def _shifts(rule: Rule, n: int) -> list[int]:
    """The shift of each of n letters under a shift, position or alternating code."""
    if rule["kind"] == "shift":
        return [rule["k"]] * n
    if rule["kind"] == "position":
        return [rule["a"] + rule["b"] * i for i in range(n)]
    return [rule["a"] if i % 2 == 0 else rule["b"] for i in range(n)]


def encode(rule: Rule, word: str, sep: str = "-") -> str:
    """Apply a code to a word. Rules: shift k; reverse (then shift k); position (a + b i);
    alternating (a, b); mirror (27 - x, optionally reversed); numbers (x + offset, or reversed)."""
    v = _values(word)
    kind = rule["kind"]
    if rule.get("reversed"):
        v = v[::-1]
    if kind == "numbers":
        return sep.join(str(x + rule.get("offset", 0)) for x in v)
    if kind == "shift":
        out = [x + rule["k"] for x in v]
    elif kind == "position":
        out = [x + rule["a"] + rule["b"] * i for i, x in enumerate(v)]
    elif kind == "alternating":
        out = [x + (rule["a"] if i % 2 == 0 else rule["b"]) for i, x in enumerate(v)]
    elif kind == "mirror":
        out = [27 - x + rule.get("k", 0) for x in v]
    else:
        raise ValueError(kind)
    return "".join(_letter(x) for x in out)


# =============================================================================================
# The independent solver: codes fitted to the example
# =============================================================================================
def _constant(xs: Sequence[int]) -> bool:
    return all(x == xs[0] for x in xs)


def fitted_codes(word: str, code: str, sep: str = "-") -> list[Rule]:
    """Every library code that the example (word -> code) confirms."""
    w = _values(word)
    found: list[Rule] = []
    if code.isalpha() and code.isupper():
        c = _values(code)
        if len(c) != len(w):
            return []
        for rev in (False, True):
            src = w[::-1] if rev else w
            d = [(ci - si) % 26 for ci, si in zip(c, src, strict=True)]
            n = len(d)
            if n >= 3 and _constant(d):
                found.append({"kind": "shift", "k": d[0], "reversed": rev})
            step = (d[1] - d[0]) % 26
            if n >= 4 and step and all((d[0] + step * i) % 26 == d[i] for i in range(n)):
                found.append({"kind": "position", "a": d[0], "b": step, "reversed": rev})
            if n >= 4 and _constant(d[0::2]) and _constant(d[1::2]) and d[0] != d[1]:
                found.append({"kind": "alternating", "a": d[0], "b": d[1], "reversed": rev})
            m = [(ci - (27 - si)) % 26 for ci, si in zip(c, src, strict=True)]
            if n >= 3 and _constant(m):
                found.append({"kind": "mirror", "k": m[0], "reversed": rev})
        return found
    try:
        nums = [int(x) for x in code.split(sep)]
    except ValueError:
        return []
    if len(nums) != len(w) or len(w) < 3:
        return []
    for rev in (False, True):
        src = w[::-1] if rev else w
        offsets = [ni - si for ni, si in zip(nums, src, strict=True)]
        if _constant(offsets):
            found.append({"kind": "numbers", "offset": offsets[0], "reversed": rev})
        from_z = [ni - (27 - si) for ni, si in zip(nums, src, strict=True)]
        if _constant(from_z):
            found.append({"kind": "numbers_from_z", "offset": from_z[0], "reversed": rev})
    return found


def _apply_fitted(rule: Rule, word: str, sep: str) -> str:
    if rule["kind"] == "numbers_from_z":
        v = _values(word)
        v = v[::-1] if rule["reversed"] else v
        return sep.join(str(27 - x + rule["offset"]) for x in v)
    return encode(rule, word, sep)


def defensible_codes(word: str, code: str, target: str, sep: str = "-") -> set[str]:
    """The codes of `target` under every library code the example confirms."""
    return {_apply_fitted(rule, target, sep) for rule in fitted_codes(word, code, sep)}


# =============================================================================================
# The generator
# =============================================================================================
class CodingGenerator(BaseGenerator):
    """Letter coding: apply the code shown by an example word to another word.

    See the module docstring for the eight code bands, the difficulty model and the library of
    codes check() fits to the example.
    """

    family = "logical.coding"
    section = "logical"
    version = 2
    title = "Letter coding"

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)["coding"]
        self.mistakes: dict[str, str] = self.phrases["mistakes"]
        self.sep: str = self.phrases["number_sep"]
        stem = self.phrases["stems"]
        self.stem_parts = [s.split("{word}")[0] for s in stem]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        jittered = difficulty + rng.normal(0.0, 0.35)
        position = (jittered + 3.0) / 6.0 * len(BANDS)
        band = min(len(BANDS) - 1, max(0, int(np.floor(position))))
        large_p = float(min(1.0, max(0.0, position - band)))
        return self.redraw(rng, lambda r: self._attempt(r, band, bool(r.random() < large_p)))

    def _rule(self, rng: np.random.Generator, band: int, large: bool) -> Rule:
        def pick(seq: Sequence[Any]) -> Any:
            return seq[int(rng.integers(len(seq)))]

        name = BANDS[band]
        if name == "shift":
            return {"kind": "shift", "k": 3 if large else pick([1, 2])}
        if name == "shift_back":
            return {"kind": "shift", "k": -3 if large else pick([-1, -2])}
        if name == "reverse":
            return {"kind": "shift", "k": pick([1, -1]) if large else 0, "reversed": True}
        if name == "position":
            return {"kind": "position", "a": 1, "b": 2 if large else 1}
        if name == "alternating":
            a, b = pick([(2, -1), (-2, 1), (1, 3), (3, 1)]) if large else pick([(1, -1), (-1, 1)])
            return {"kind": "alternating", "a": a, "b": b}
        if name == "mirror":
            return {"kind": "mirror", "k": 0, "reversed": large}
        if name == "numbers":
            if large:
                return {"kind": "numbers", "offset": pick([1, 2, -1])}
            return {"kind": "numbers", "offset": 0}
        return {"kind": "shift", "k": pick([6, 7, -5]) if large else pick([4, 5])}

    def _attempt(self, rng: np.random.Generator, band: int, large: bool) -> Item | None:
        rule = self._rule(rng, band, large)
        words, targets = self._pools(band, tuple(sorted(rule.items())))
        word, target = words[int(rng.integers(len(words)))], targets[int(rng.integers(len(targets)))]
        if word == target or word == word[::-1] or len(set(target)) < len(target) - 1:
            return None
        code, key = encode(rule, word, self.sep), encode(rule, target, self.sep)
        if defensible_codes(word, code, target, self.sep) != {key}:
            return None  # the example must pin the code down
        shown = defensible_codes(word, code, target, self.sep)
        seen = {key}
        named: set[str] = set()  # each option gets its own mistake text
        distractors = []
        for text, mistake in self._candidates(rule, target, key):
            if text in seen or mistake in named or text in shown \
                    or (len(text) != len(key) and rule["kind"] != "numbers"):
                continue
            seen.add(text)
            named.add(mistake)
            distractors.append(Option(text, mistake=self.mistakes[mistake]))
        if len(distractors) < 4:
            return None
        chosen = [distractors[int(k)] for k in sorted(rng.permutation(len(distractors))[:4])]
        options = [Option(key), *chosen]
        order = rng.permutation(5)
        options = [options[int(k)] for k in order]
        stems = self.phrases["stems"]
        prompt = stems[int(rng.integers(len(stems)))].format(word=word, code=code, target=target)
        b = round(INTERCEPT + WEIGHTS["band"] * band + WEIGHTS["large"] * large, 3)
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompt, explanation=self._explain(rule, word, code, target, key),
            difficulty=b, discrimination=round(0.9 + 0.07 * band, 3),
            time_s=40.0 + 5.0 * band + 5.0 * large,
            options=tuple(options), key=int(np.flatnonzero(order == 0)[0]),
            params={"code": BANDS[band], "band": band, "large": int(large), "rule": rule,
                    "word": word, "target": target},
        )

    @cache  # noqa: B019 - one generator per process; a few dozen rules
    def _pools(self, band: int, rule_items: tuple[tuple[str, Any], ...]) -> tuple[list[str], list[str]]:
        """Words for the example and for the asked word under one rule."""
        rule = dict(rule_items)
        pool = [w for w in WORDS if len(w) <= 5] if rule["kind"] == "numbers" else WORDS
        easy = BANDS[band] in ("shift", "shift_back")  # the easy bands stay inside A..Z
        words = [w for w in pool if not easy or not self._wraps(rule, w)]
        # the wrap band must run past Z (or before A) in the asked word
        targets = [w for w in words if self._wraps(rule, w) == (BANDS[band] == "wrap")]
        return words, targets

    @staticmethod
    def _wraps(rule: Rule, word: str) -> bool:
        """Does coding the word run past Z or before A?"""
        kind = rule["kind"]
        if kind not in ("shift", "position", "alternating"):
            return False
        v = _values(word)
        v = v[::-1] if rule.get("reversed") else v
        shifts = _shifts(rule, len(v))
        return any(not 1 <= x + d <= 26 for x, d in zip(v, shifts, strict=True))

    # -- distractors ---------------------------------------------------------------------------
    def _candidates(self, rule: Rule, target: str, key: str) -> list[tuple[str, str]]:
        sep, kind, rev = self.sep, rule["kind"], bool(rule.get("reversed"))
        out: list[tuple[str, str]] = []

        def code(**changes: Any) -> str:
            return encode({**rule, **changes}, target, sep)

        def uncoded(text: str) -> str:  # the middle letter left as it was in the word
            i = len(target) // 2
            source = target[::-1] if rev else target
            return text[:i] + source[i] + text[i + 1:]

        if kind == "shift":
            k = rule["k"]
            for d, slip in ((1, "shift_off_by_one"), (-1, "shift_off_by_one_down")):
                if k + d != 0:
                    out.append((code(k=k + d), slip))
            if k:
                out.append((code(k=-k), "wrong_direction"))
                out.append((uncoded(key), "letter_uncoded"))
                out.append((self._no_wrap(rule, target), "no_wrap"))
            if rev:
                out.append((code(reversed=False), "not_reversed"))
                ends = target[-1] + target[1:-1] + target[0]
                out.append((encode({**rule, "reversed": False}, ends, sep), "ends_only"))
            else:
                out.append((key[::-1], "also_reversed"))
        elif kind == "position":
            a, b = rule["a"], rule["b"]
            out.append((code(a=a - b), "shifts_from_zero"))
            n = len(target)
            from_right = [x + a + b * (n - 1 - i) for i, x in enumerate(_values(target))]
            out.append(("".join(_letter(x) for x in from_right), "shifts_from_right"))
            out.append((code(kind="shift", k=a), "one_shift"))
            out.append((key[::-1], "also_reversed"))
            out.append((uncoded(key), "letter_uncoded"))
        elif kind == "alternating":
            out.append((code(a=rule["b"], b=rule["a"]), "alternation_swapped"))
            out.append((code(kind="shift", k=rule["a"]), "one_shift"))
            out.append((code(a=-rule["a"], b=-rule["b"]), "wrong_direction"))
            out.append((key[::-1], "also_reversed"))
            out.append((uncoded(key), "letter_uncoded"))
        elif kind == "mirror":
            out.append((code(k=-1), "mirror_off"))
            first = (_values(key)[0] - _values(target[::-1] if rev else target)[0]) % 26
            out.append((encode({"kind": "shift", "k": first, "reversed": rev}, target), "mirror_as_shift"))
            out.append((code(reversed=not rev), "not_reversed" if rev else "also_reversed"))
            out.append((uncoded(key), "letter_uncoded"))
        else:  # numbers
            offset = rule["offset"]
            if offset:  # first, so that plain places are named as the missed offset
                out.append((code(offset=0), "offset_missed"))
            out.append((code(offset=offset - 1), "a_is_zero"))
            out.append((sep.join(str(27 - x + offset) for x in _values(target)), "counted_from_z"))
            out.append((code(reversed=True), "number_reversed"))
            out.append((code(offset=offset + 1), "number_plus_one"))
        return out

    @staticmethod
    def _no_wrap(rule: Rule, target: str) -> str:
        """The letters that run past Z (or before A) land one place short of the right one."""
        k = rule["k"]
        v = _values(target[::-1] if rule.get("reversed") else target)
        out = []
        for x in v:
            y = x + k
            if y > 26:
                y -= 1
            elif y < 1:
                y += 1
            out.append(_letter(y))
        return "".join(out)

    # -- explanation ---------------------------------------------------------------------------
    def _describe(self, rule: Rule) -> str:
        ph, kind = self.phrases, rule["kind"]
        counts = ph["letter_count"]

        def shift(k: int) -> str:
            return ph["forward" if k > 0 else "back"].format(k=counts[abs(k)])

        if kind == "shift":
            if rule.get("reversed"):
                return ph["reverse_then"].format(shift=shift(rule["k"])) if rule["k"] else ph["reverse"]
            return shift(rule["k"])
        if kind == "position":
            steps = ", ".join(f"+{rule['a'] + rule['b'] * i}" for i in range(4)) + " ..."
            return ph["position"].format(first=counts[rule["a"]], second=counts[rule["a"] + rule["b"]], steps=steps)
        if kind == "alternating":
            return ph["alternating"].format(a=f"{rule['a']:+d}", b=f"{rule['b']:+d}")
        if kind == "mirror":
            return ph["mirror"] if not rule.get("reversed") else f"{ph['reverse']}; {ph['mirror']}"
        offset = rule.get("offset", 0)
        if not offset:
            return ph["numbers"]
        return ph["numbers_offset"].format(offset=ph["plus" if offset > 0 else "minus"].format(k=abs(offset)))

    def _pairs(self, rule: Rule, word: str, code: str) -> str:
        if rule["kind"] == "shift" and rule.get("reversed") and not rule["k"]:  # a plain reversal
            return self.phrases["pair"].format(a=word, b=code)
        source = word[::-1] if rule.get("reversed") else word
        parts = code.split(self.sep) if rule["kind"] == "numbers" else list(code)
        return ", ".join(self.phrases["pair"].format(a=a, b=b) for a, b in zip(source, parts, strict=True))

    def _explain(self, rule: Rule, word: str, code: str, target: str, key: str) -> str:
        ph = self.phrases
        wrap = ph["wrap"] if self._wraps(rule, target) or self._wraps(rule, word) else ""
        return " ".join([ph["example"].format(rule=self._describe(rule), pairs=self._pairs(rule, word, code)) + wrap,
                         ph["apply"].format(target=target, pairs=self._pairs(rule, target, key), key=key)])

    # -- check ---------------------------------------------------------------------------------
    def parse(self, prompt: str) -> tuple[str, str, str] | None:
        """(word, code, target) from a prompt written with one of the stems."""
        numbers = rf"\d+(?:{re.escape(self.sep)}\d+)*"
        for stem in self.phrases["stems"]:
            pattern = re.escape(stem)
            for field, group in (("word", "[A-Z]+"), ("code", f"[A-Z]+|{numbers}"), ("target", "[A-Z]+")):
                pattern = pattern.replace(re.escape("{" + field + "}"), f"(?P<{field}>{group})")
            match = re.fullmatch(pattern, prompt.strip())
            if match:
                return match["word"], match["code"], match["target"]
        return None

    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        parsed = self.parse(item.prompt)
        if parsed is None:
            raise ItemCheckError(f"item {where}: cannot read the example and the asked word")
        word, code, target = parsed
        answers = defensible_codes(word, code, target, self.sep)
        if not answers:
            raise ItemCheckError(f"item {where}: no code in the library fits {word} -> {code}")
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text in answers])
