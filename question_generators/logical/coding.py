"""Letter coding: "If TABLE is coded UBCMF, how is CHAIR coded?" by shifts, reversal, mirror, numbers.

Codes (kind, variant): a constant shift (+1/+2, +3, -1/-2, far: 4-7 places or -3..-5), a plain
reversal, letter numbers (A = 1, plain or with an offset), shifts that grow along the word
(+1, +2, +3 ... or +1, +3, +5 ...: a rule that changes), alternating shifts (+1, -1, +1 ...:
two interleaved rules), the mirror alphabet (A and Z, B and Y ...), alone or followed by a shift;
any of them may also reverse the letters. Number codes never go below 1, so no minus sign ever
sits beside the separator.

Difficulty model (IRT logit scale b): a code is hard by how many operations a candidate must
find and then carry out letter by letter (working-memory load), not by obscure words:

    b = -2.6 + cost(code) + 0.7 reversed + 0.7 wrap + 0.25 (letters of the asked word - 4)

cost (CODES): shift 0 (+1/+2), 0.3 (+3), 0.4 (back), 0.8 (far); numbers 0.4, with an offset
1.2; growing shifts 2.0 (2.6 for +1, +3, +5); alternating 2.3 (2.9 with unequal steps); mirror
2.1, mirror then a shift 3.3; wrap: the asked word runs past Z (or before A). A plain shift is
never above -0.5. Every (code, reversed, wrap, length) template has its b; a request draws a
template with probability proportional to exp(-(b - d)^2 / (2 * 0.22^2)). Requests are served
within difficulty_range (-2.6, +2.5), the span the templates cover. Discrimination a = 0.9 +
0.07 cost; time 35 s + 10 s per unit of cost.

Options: two parameter slips of the code (one place off, the wrong way, the alternation
swapped, the shifts started at 0, the offset missed ...) crossed with two order slips (the
reversal forgotten or added, one letter left uncoded; for numbers the order reversed or places
counted from Z) on a fixed five-vertex structure ((0,0), (0,1), (1,0), (1,2), (2,1); 0 = right),
with the key on a vertex drawn uniformly: the option most like the others is the key no more
often than chance. Each option names its slips.

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
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, load_phrases, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.logical"
# the cost (added to b) of each code: (kind, variant)
CODES: dict[tuple[str, str], float] = {
    ("shift", "small"): 0.0, ("shift", "large"): 0.3, ("shift", "back"): 0.4, ("shift", "far"): 0.8,
    ("shift", "none"): 0.0,  # a plain reversal (its cost is the reversal's)
    ("numbers", "plain"): 0.4, ("numbers", "offset"): 1.2,
    ("position", "plain"): 2.0, ("position", "large"): 2.6,
    ("alternating", "plain"): 2.3, ("alternating", "large"): 2.9,
    ("mirror", "plain"): 2.1, ("mirror", "shifted"): 3.3,
}
WEIGHTS = {"reversed": 0.7, "wrap": 0.7, "letter": 0.25}
INTERCEPT = -2.6
SPREAD = 0.22  # sd of the draw of a template around the requested difficulty
TEMPLATE_TRIES = 25  # draws of one template before another is drawn
SHIFTS = {"small": [1, 2], "large": [3], "back": [-1, -2], "far": [4, 5, 6, 7, -3, -4, -5]}
ALTERNATING = {"plain": [(1, -1), (-1, 1), (1, 2), (2, 1)], "large": [(2, -1), (-2, 1), (1, 3), (3, 1), (3, -2)]}
WORDS: list[str] = [w for w in load_phrases(PACKAGE, "words.toml")["words"] if 4 <= len(w) <= 6]


def words_for(lang: str) -> list[str]:
    """The example and asked words of one language (words.toml: English at the top, then a table per language)."""
    data = load_phrases(PACKAGE, "words.toml")
    found = data[lang]["words"] if lang in data and isinstance(data[lang], dict) else data["words"]
    return [w for w in found if 4 <= len(w) <= 6]

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
def _templates() -> list[tuple[str, str, bool, bool, int, float]]:
    """Every (kind, variant, reversed, wrap, target length, b) the generator can build."""
    out = []
    for (kind, variant), cost in CODES.items():
        for rev in (False, True):
            if kind == "shift" and variant == "none" and not rev:
                continue  # no code at all
            for wrap in (False, True):
                if (wrap and kind in ("numbers", "mirror") and variant != "shifted") or (wrap and variant == "none"):
                    continue  # only shifting codes can run past Z
                for length in (4, 5, 6):
                    b = INTERCEPT + cost + WEIGHTS["reversed"] * rev + WEIGHTS["wrap"] * wrap \
                        + WEIGHTS["letter"] * (length - 4)
                    out.append((kind, variant, rev, wrap, length, round(b, 3)))
    return out


TEMPLATES = _templates()
TEMPLATE_B = np.array([t[-1] for t in TEMPLATES])
# the five options: (parameter slip, order slip), 0 = right; the key sits on a vertex drawn
# uniformly, so the option most like the others is the key no more often than chance
STRUCTURE = ((0, 0), (0, 1), (1, 0), (1, 2), (2, 1))


class CodingGenerator(BaseGenerator):
    """Letter coding: apply the code shown by an example word to another word.

    See the module docstring for the codes, the difficulty model and the library of codes
    check() fits to the example.
    """

    family = "logical.coding"
    section = "logical"
    version = 5  # v4: the wrap is worded for backward shifts too; v5: paced (pace.toml)
    title = "Letter coding"
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    difficulty_range = (-2.6, 2.5)

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.phrases = phrases_for(PACKAGE, lang)["coding"]
        self.mistakes: dict[str, str] = self.phrases["mistakes"]
        self.sep: str = self.phrases["number_sep"]
        self.words = WORDS if lang == "en" else words_for(lang)
        self.by_length = {n: [w for w in self.words if len(w) == n] for n in (4, 5, 6)}

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        difficulty = min(max(difficulty, self.difficulty_range[0]), self.difficulty_range[1])
        weights = np.exp(-((TEMPLATE_B - difficulty) ** 2) / (2 * SPREAD ** 2)) + 1e-12
        return self.redraw_templates(rng, TEMPLATES, weights, lambda r, template: self._attempt(r, *template),
                                     TEMPLATE_TRIES)

    def _rule(self, rng: np.random.Generator, kind: str, variant: str, rev: bool, wrap: bool) -> Rule:
        def pick(seq: Sequence[Any]) -> Any:
            return seq[int(rng.integers(len(seq)))]

        rule: Rule
        if kind == "shift":
            k = 0 if variant == "none" else pick(SHIFTS[variant] if not wrap or variant in ("large", "far") else
                                                 SHIFTS[variant] + SHIFTS["large"][:1])
            rule = {"kind": "shift", "k": k}
        elif kind == "position":
            rule = {"kind": "position", "a": 1, "b": 2 if variant == "large" else 1}
        elif kind == "alternating":
            a, b = pick(ALTERNATING[variant])
            rule = {"kind": "alternating", "a": a, "b": b}
        elif kind == "mirror":
            rule = {"kind": "mirror", "k": pick([1, 2, -1, -2]) if variant == "shifted" else 0}
        else:
            rule = {"kind": "numbers", "offset": pick([1, 2, 3]) if variant == "offset" else 0}
        if rev:
            rule["reversed"] = True
        return rule

    def _attempt(self, rng: np.random.Generator, kind: str, variant: str, rev: bool, wrap: bool, length: int,
                 b: float) -> Item | None:
        rule = self._rule(rng, kind, variant, rev, wrap)
        words, targets = self._pools(tuple(sorted(rule.items())), length, wrap)
        if not targets:
            return None
        target = targets[int(rng.integers(len(targets)))]
        word = words[int(rng.integers(len(words)))]
        if word == target or word == word[::-1] or len(set(target)) < len(target) - 1:
            return None
        code, key = encode(rule, word, self.sep), encode(rule, target, self.sep)
        if defensible_codes(word, code, target, self.sep) != {key}:
            return None  # the example must pin the code down
        options = self._options(rng, rule, target, key)
        if options is None:
            return None
        stems = self.phrases["stems"]
        prompt = stems[int(rng.integers(len(stems)))].format(word=word, code=code, target=target)
        cost = b - INTERCEPT
        name = f"{kind}-{variant}" + ("-reversed" if rev else "")
        return Item(
            family=self.family, section=self.section, lang=self.lang,
            prompt=prompt, explanation=self._explain(rule, word, code, target, key),
            difficulty=b, discrimination=round(0.9 + 0.07 * cost, 3),
            time_s=round(35.0 + 10.0 * cost, 1),
            options=options, key=next(i for i, o in enumerate(options) if o.mistake is None),
            params={"code": name, "rule": rule, "wrap": int(wrap), "word": word, "target": target,
                    "content": f"code:{word}={code}|{target}|opts:{','.join(sorted(o.text for o in options))}",
                    "spread": [f"code:{kind}"]},
        )

    @cache  # noqa: B019 - one generator per process; a few hundred rules
    def _pools(self, rule_items: tuple[tuple[str, Any], ...], length: int, wrap: bool) -> tuple[list[str], list[str]]:
        """Example words and asked words for one code: a code that wraps shows it in the asked
        word; one that does not wraps nowhere."""
        rule = dict(rule_items)
        words = self.words if wrap else [w for w in self.words if not self._wraps(rule, w)]
        return words, [w for w in self.by_length[length] if self._wraps(rule, w) == wrap]

    @staticmethod
    def _wraps(rule: Rule, word: str) -> bool:
        """Does coding the word run past Z or before A?"""
        kind = rule["kind"]
        v = _values(word)
        v = v[::-1] if rule.get("reversed") else v
        if kind == "mirror":
            return any(not 1 <= 27 - x + rule["k"] <= 26 for x in v)
        if kind not in ("shift", "position", "alternating"):
            return False
        shifts = _shifts(rule, len(v))
        return any(not 1 <= x + d <= 26 for x, d in zip(v, shifts, strict=True))

    # -- distractors ---------------------------------------------------------------------------
    def _slips(self, rule: Rule) -> list[tuple[Rule, str]]:
        """The code with one parameter wrong, each with its mistake (at least two)."""
        kind = rule["kind"]
        if kind == "shift":
            k = rule["k"]
            if k == 0:
                return [({**rule, "k": 1}, "reverse_shifted_on"), ({**rule, "k": -1}, "reverse_shifted_back")]
            near = [(k + 1, "shift_off_by_one"), (k - 1, "shift_off_by_one_down")]
            return [({**rule, "k": d}, name) for d, name in near if d not in (0, -k)] + \
                [({**rule, "k": -k}, "wrong_direction")]
        if kind == "position":
            a, b = rule["a"], rule["b"]
            return [({**rule, "a": a - b}, "shifts_from_zero"), ({**rule, "b": b + 1}, "shifts_grow_faster"),
                    ({"kind": "shift", "k": a, "reversed": rule.get("reversed", False)}, "one_shift")]
        if kind == "alternating":
            a, b = rule["a"], rule["b"]
            return [({**rule, "a": b, "b": a}, "alternation_swapped"), ({**rule, "a": -a, "b": -b}, "wrong_direction"),
                    ({"kind": "shift", "k": a, "reversed": rule.get("reversed", False)}, "one_shift")]
        if kind == "mirror":
            k = rule["k"]
            out = [({**rule, "k": k - 1}, "mirror_off"), ({**rule, "k": k + 1}, "mirror_off_up")]
            if k:
                out.append(({**rule, "k": 0}, "mirror_shift_missed"))
            return out
        offset = rule["offset"]
        out = [({**rule, "offset": offset + 1}, "number_plus_one")]
        out.append(({**rule, "offset": 0}, "offset_missed") if offset else ({**rule, "offset": -1}, "a_is_zero"))
        if offset:
            out.append(({**rule, "offset": offset - 1}, "offset_off_down"))
        return out

    def _order_slips(self, rule: Rule, target: str) -> list[tuple[Any, str]]:
        """Ways of applying a code to the word wrongly: (code -> text function, mistake)."""
        sep, rev = self.sep, bool(rule.get("reversed"))
        if rule["kind"] == "numbers":
            def from_z(r: Rule) -> str:
                v = _values(target)
                v = v[::-1] if r.get("reversed") else v
                return sep.join(str(27 - x + r["offset"]) for x in v)
            return [(lambda r: encode({**r, "reversed": not rev}, target, sep), "not_reversed" if rev else
                     "number_reversed"), (from_z, "counted_from_z")]

        def uncoded(r: Rule) -> str:  # the middle letter left as it was in the word
            text = encode(r, target, sep)
            i = len(target) // 2
            source = target[::-1] if rev else target
            return text[:i] + source[i] + text[i + 1:]

        if rev:
            order = (lambda r: encode({**r, "reversed": False}, target, sep), "not_reversed")
        else:
            order = (lambda r: encode(r, target, sep)[::-1], "also_reversed")
        return [order, (uncoded, "letter_uncoded")]

    def _options(self, rng: np.random.Generator, rule: Rule, target: str, key: str) -> tuple[Option, ...] | None:
        slips = self._slips(rule)
        chosen = [slips[int(i)] for i in rng.permutation(len(slips))[:2]]
        orders = self._order_slips(rule, target)
        vertex = STRUCTURE[int(rng.integers(len(STRUCTURE)))]
        relabel = []
        for c in range(2):  # the drawn vertex's labels become the key's (0)
            others = [x for x in range(3) if x != vertex[c]]
            if rng.random() < 0.5:
                others.reverse()
            relabel.append({vertex[c]: 0, others[0]: 1, others[1]: 2})
        options, seen = [], set()
        for x, y in STRUCTURE:
            p, q = relabel[0][x], relabel[1][y]
            r = rule if p == 0 else chosen[p - 1][0]
            text = encode(r, target, self.sep) if q == 0 else orders[q - 1][0](r)
            if text in seen or ((p, q) != (0, 0) and text == key):
                return None
            if rule["kind"] == "numbers":
                if any(not part.isdigit() for part in text.split(self.sep)):
                    return None  # no minus signs beside the separator
            elif len(text) != len(key):
                return None
            seen.add(text)
            names = ([chosen[p - 1][1]] if p else []) + ([orders[q - 1][1]] if q else [])
            options.append(Option(text, mistake="; ".join(self.mistakes[n] for n in names) if names else None))
        return tuple(options[int(i)] for i in rng.permutation(5))

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
        if rule.get("reversed") and kind in ("position", "alternating"):
            return f"{ph['reverse']}; " + self._describe({**rule, "reversed": False})
        if kind == "position":
            steps = ", ".join(f"+{rule['a'] + rule['b'] * i}" for i in range(4)) + " ..."
            return ph["position"].format(first=counts[rule["a"]], second=counts[rule["a"] + rule["b"]], steps=steps)
        if kind == "alternating":
            return ph["alternating"].format(a=f"{rule['a']:+d}", b=f"{rule['b']:+d}")
        if kind == "mirror":
            text = ph["mirror"] if not rule["k"] else ph["mirror_then"].format(shift=shift(rule["k"]))
            return text if not rule.get("reversed") else f"{ph['reverse']}; {text}"
        offset = rule.get("offset", 0)
        text = ph["numbers"] if not offset else ph["numbers_offset"].format(
            offset=ph["plus" if offset > 0 else "minus"].format(k=abs(offset)))
        return text if not rule.get("reversed") else f"{ph['reverse']}; {text}"

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
