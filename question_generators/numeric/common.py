"""Fast shared tools of the numerical-reasoning families: number display (English and Bokmål), option
arrangement and reading options back, written for tens of thousands of items per second (plain
floats and ints, no Fraction, numpy scalars or Babel in the hot path).

Bokmål ("nb") follows CLDR nb as Babel 2.19 formats it (cross-checked in the tests): a decimal
comma, a no-break space (U+00A0) between groups of three digits (also in four-digit numbers),
the percent sign after a no-break space (12,5 %), kroner after the amount (12 345,50 kr) and the
true minus sign U+2212 (as in English here). The English output is the f-string output, unchanged;
Bokmål text is made from it by swapping the separators, which costs one str.translate."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import numpy as np

from question_generators.base import load_phrases, phrases_for
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.numeric"
PHRASES = "numerical.toml"  # the phrasing data of the numerical-reasoning families
MINUS = "\u2212"
NBSP = "\u00a0"  # CLDR nb's group separator, and the space before % and kr
NNBSP = "\u202f"  # a narrow no-break space: read back too (other CLDR versions group with it)
EPS = 1e-9
# English digits to Bokmål: the group comma becomes a no-break space, the decimal point a comma.
_TO_NB = str.maketrans({",": NBSP, ".": ","})
# Bokmål back to what float() reads: groups dropped, the decimal comma a point.
_FROM_NB = str.maketrans({NBSP: None, NNBSP: None, ",": "."})
# The currency a language prints money in, and whether the symbol comes first.
CURRENCY = {"en": "£", "nb": "kr"}
# Bokmål money: amounts in kroner are about ten times the pound amounts (a £5,000 deposit is a
# 50 000 kr deposit), so a family multiplies each money quantity of the English draw by this factor
# in nb; keys scale with it, and the structure, the key's rank and b stay those of the English item.
KRONER_PER_POUND = 10

# A distractor value and its named mistake: the text, or a function that formats it (called only
# for the four distractors chosen, so the others cost no formatting).
Cand = tuple[float, "str | Callable[[], str]"]


def phrases(family_key: str, lang: str) -> dict:
    """The phrasing table of one family (from numerical.toml; other languages from their own
    file, numerical_nb.toml, when it has the family)."""
    if lang != "en":
        table = load_phrases(PACKAGE, f"numerical_{lang}.toml").get(lang, {})
        if family_key in table:
            return table[family_key]
    return phrases_for(PACKAGE, lang, PHRASES)[family_key]


def uniforms(rng: np.random.Generator, count: int) -> list[float]:
    """`count` uniforms in one numpy call (much cheaper than one call per draw)."""
    return rng.random(count).tolist()


def pick(seq: Sequence, u: float):  # type: ignore[no-untyped-def]
    """The element of `seq` that a uniform `u` in [0, 1) selects."""
    return seq[int(u * len(seq))]


# -- display ---------------------------------------------------------------------------------
def nb(text: str) -> str:
    """An English-formatted number ('1,234.5') as Bokmål writes it ('1 234,5', no-break space)."""
    return text.translate(_TO_NB)


def num(x: float, decimals: int = 0, lang: str = "en") -> str:
    """A number with thousands separators at a fixed number of decimals (never '-0')."""
    text = f"{round(x):,}" if decimals == 0 else f"{x:,.{decimals}f}"
    if text[0] == "-":
        text = MINUS + text[1:] if text.strip("-0.,") else text[1:]
    return text if lang == "en" else text.translate(_TO_NB)


def tidy(x: float, most: int = 2, lang: str = "en") -> str:
    """A number with up to `most` decimals and no trailing zeros: 12, 12.5, 12.25."""
    text = f"{x:,.{most}f}" if most else f"{round(x):,}"
    if most and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text[0] == "-":
        text = MINUS + text[1:] if text.strip("-0.,") else text[1:]
    return text if lang == "en" else text.translate(_TO_NB)


def tidy_nb(x: float, most: int = 2) -> str:
    """`tidy` in Bokmål (a formatter of its own, so that options can name it)."""
    return tidy(x, most, "nb")


def money(x: float, symbol: str = "£", pence: bool | None = None, lang: str = "en") -> str:
    """Money as written in a stem or option: '£1,250' or '£1,250.50' (pence when not whole);
    in Bokmål the symbol follows: '1 250 kr', '1 250,50 kr'."""
    if pence is None:
        r = round(x)
        if r == x:  # the common case: whole pounds
            if lang != "en":
                return f"{'' if r >= 0 else MINUS}{abs(r):,}".translate(_TO_NB) + NBSP + symbol
            return f"{symbol}{r:,}" if r >= 0 else f"{MINUS}{symbol}{-r:,}"
        pence = abs(x - r) > 0.004
    text = f"{abs(x):,.2f}" if pence else f"{round(abs(x)):,}"
    if lang != "en":
        return f"{MINUS if x < -0.004 else ''}{text}".translate(_TO_NB) + NBSP + symbol
    return f"{MINUS if x < -0.004 else ''}{symbol}{text}"


def money2(x: float, symbol: str = "£", lang: str = "en") -> str:
    """`money(round(x, 2), symbol)` in one formatting step (the hot path of money answers):
    '£1,250' when whole to the penny, else '£1,250.50' (Bokmål: '1 250 kr', '1 250,50 kr')."""
    text = f"{x:,.2f}"
    sign = ""
    if text[0] == "-":
        text = text[1:]
        if text != "0.00":
            sign = MINUS
    if text[-3:] == ".00":
        text = text[:-3]
    if lang != "en":
        return f"{sign}{text}".translate(_TO_NB) + NBSP + symbol
    return f"{sign}{symbol}{text}"


_PCT: dict[float, str] = {}  # the percentages stems print come from small tables: memoised
_PCT_NB: dict[float, str] = {}


def pct(x: float, decimals: int | None = None, lang: str = "en") -> str:
    """A percentage: '25%', '12.5%' (decimals None: up to one, trailing zero dropped); Bokmål
    '25 %', '12,5 %' (a no-break space before the sign, as CLDR nb)."""
    if lang != "en":
        if decimals is not None:
            return num(x, decimals, lang) + NBSP + "%"
        text = _PCT_NB.get(x)
        if text is None:
            text = tidy(x, 1, lang) + NBSP + "%"
            if len(_PCT_NB) < 4096:
                _PCT_NB[x] = text
        return text
    if decimals is not None:
        return num(x, decimals) + "%"
    text = _PCT.get(x)
    if text is None:
        text = tidy(x, 1) + "%"
        if len(_PCT) < 4096:
            _PCT[x] = text
    return text


_SPACED = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def read(text: str, lang: str = "en") -> float:
    """Read an option or a cell as shown: '£1,250.50', '−12.5%', '1,234', '3.2 km', '€40k';
    with lang 'nb' as Bokmål shows them: '1 250,50 kr', '−12,5 %', '1 234', '3,2 km'."""
    if lang != "en":
        text = text.translate(_FROM_NB)
        if " " in text:  # groups written with a plain space by hand ('12 345'): not our own output
            text = _SPACED.sub("", text)
    try:  # the fastest path: a plain number such as '1,250' or '4.8'
        return float(text.replace(",", ""))
    except ValueError:
        pass
    t = text.replace(",", "").replace(MINUS, "-").strip()
    negative = t.startswith("-")
    t = t.lstrip("-£€$")
    try:  # the fast path: a number, perhaps followed by % or a unit word
        value = float(t.split(" ", 1)[0].rstrip("%k"))
    except ValueError:
        start = 0
        while start < len(t) and not (t[start].isdigit() or t[start] == "."):
            negative = negative or t[start] == "-"
            start += 1
        end = start + 1
        while end < len(t) and (t[end].isdigit() or t[end] == "."):
            end += 1
        value = float(t[start:end])
    return -value if negative else value


def round_half_up(x: float, decimals: int) -> float:
    """Round as the stems say ('to one decimal place'): halves away from zero, float-safe."""
    scale = 10 ** decimals
    y = abs(x) * scale
    r = math.floor(y + 0.5 + 1e-9)
    return math.copysign(r / scale, x) if r else 0.0


# Display decimals of the option formatters, so that options can be compared by value (fast)
# instead of by their formatted text; formatters not listed here are compared by text.
DP: dict = {tidy: 2, tidy_nb: 2}
_UNIT_FORMATS: dict[tuple[str, int], object] = {}
# Formatter names, stored with an item ("show") so that check() can print its own answer the way
# the options are printed and compare texts (cheaper than reading every option back).
NAMES: dict = {tidy: "tidy", tidy_nb: "tidy@nb"}
FORMATS: dict = {"tidy": tidy, "tidy@nb": tidy_nb}


def register(fmt, name: str, dp: int | None) -> None:  # type: ignore[no-untyped-def]
    """Name an option formatter (and its display decimals, for `arrange`)."""
    NAMES[fmt] = name
    FORMATS[name] = fmt
    if dp is not None:
        DP[fmt] = dp


def formatter(name: str):  # type: ignore[no-untyped-def]
    """The formatter of a stored name (unit and money formatters are rebuilt on demand)."""
    fmt = FORMATS.get(name)
    if fmt is None:
        kind, *args = name.split("|")
        lang = args[-1] if len(args) == (3 if kind == "unit" else 2) else "en"
        fmt = unit_fmt(args[0], int(args[1]), lang) if kind == "unit" else money_fmt(args[0], lang)
    return fmt


def unit_fmt(unit: str, most: int, lang: str = "en"):  # type: ignore[no-untyped-def]
    """A cached formatter 'number unit' (up to `most` decimals), registered in DP."""
    fmt = _UNIT_FORMATS.get((unit, most, lang))
    if fmt is None:
        if lang == "en":
            def fmt(value: float) -> str:
                return f"{tidy(value, most)} {unit}"
        else:
            def fmt(value: float) -> str:
                return tidy(value, most, lang) + NBSP + unit
        _UNIT_FORMATS[unit, most, lang] = fmt
        register(fmt, f"unit|{unit}|{most}" + ("" if lang == "en" else f"|{lang}"), most)
    return fmt


def money_fmt(symbol: str, lang: str = "en"):  # type: ignore[no-untyped-def]
    """A cached formatter of money always shown with pence, registered in DP."""
    fmt = _UNIT_FORMATS.get((symbol, -2, lang))
    if fmt is None:
        def fmt(value: float) -> str:
            return money(round(value, 2), symbol, pence=True, lang=lang)
        _UNIT_FORMATS[symbol, -2, lang] = fmt
        register(fmt, f"money|{symbol}" + ("" if lang == "en" else f"|{lang}"), 2)
    return fmt


_AN = re.compile(r"\b([Aa]) (?=(?:8|11|18)(?:[\d.,]*)(?:%| ))")


def sentence(text: str, lang: str = "en") -> str:
    """A stem as printed: first letter capitalised, and in English "an" before 8, 11 or 18 ("an
    80% discount")."""
    if lang != "en":
        return text[:1].upper() + text[1:]
    if "a 8" in text or "a 1" in text or "A 8" in text or "A 1" in text:
        text = _AN.sub(lambda m: m.group(1) + "n ", text)
    return text[:1].upper() + text[1:]


# -- options ---------------------------------------------------------------------------------
SLIP_KEYS = ("slip_up", "slip_down", "slip_up2", "slip_down2")


def slips(mistakes: dict[str, str]) -> frozenset[str]:
    """The generic decimal-point slips of a mistakes table (at most one per item, see `arrange`)."""
    return frozenset(mistakes[k] for k in SLIP_KEYS if k in mistakes)


def arrange(u: float, key: float, key_text: str, cands: Sequence[Cand], fmt, count: int = 5,
            min_gap: float = 0.0, strict: bool = False, dp: int | None = None,
            generic: frozenset[str] | set[str] = frozenset()
            ) -> tuple[tuple[Option, ...], int] | None:
    """Ascending numeric options with the key's rank drawn from `u`: candidates are tried in
    order (most plausible first); one that shows the same as an earlier option (the same text,
    or with `dp`, the same value at the `dp` decimals `fmt` shows: faster, as only the chosen
    options are then formatted), or lies closer than `min_gap` to one, is dropped. None when
    fewer than `count - 1` remain, or, when `strict`, when the drawn rank cannot be filled (the
    caller redraws, keeping the key's position uniform; otherwise the nearest rank that can be
    filled is used). Candidates whose mistake is in `generic` (decimal-point slips, which fit any
    question) are held back and at most one is used, on the side the drawn rank lacks: an item
    with two slips (34 and 3,409 beside 341) gives the key away as the option in the middle."""
    scale = 10.0 ** dp if dp is not None else 0.0
    if dp is None:
        shown: set = {key_text}
    else:  # the value in units of the last shown place: cheaper than round() or formatting
        shown = {_mark(key, scale)}
    kept_values = [key]
    below: list[tuple[float, str]] = []
    above: list[tuple[float, str]] = []
    need = count - 1
    rank = int(u * count)  # how many options sit below the key
    spare: list[Cand] = []
    filled = False
    for value, mistake in cands:
        if mistake in generic:
            spare.append((value, mistake))
            continue
        mark = fmt(value) if dp is None else _mark(value, scale)
        if mark in shown:
            continue
        if min_gap and any(abs(value - v) < min_gap for v in kept_values):
            continue
        shown.add(mark)
        if min_gap:
            kept_values.append(value)
        (below if value < key else above).append((value, mistake))
        if len(below) >= rank and len(above) >= need - rank:
            filled = True
            break  # the drawn rank is filled by the most plausible mistakes: the rest would not be used
    if not filled and spare:  # one generic slip, preferably on the side the rank lacks
        lacking_below = len(below) < rank
        lacking_above = len(above) < need - rank
        spare.sort(key=lambda c: (not ((c[0] < key and lacking_below) or (c[0] >= key and lacking_above)),))
        for value, mistake in spare:
            mark = fmt(value) if dp is None else _mark(value, scale)
            if mark in shown or (min_gap and any(abs(value - v) < min_gap for v in kept_values)):
                continue
            (below if value < key else above).append((value, mistake))
            break
    nb, na = len(below), len(above)
    if nb + na < need:
        return None
    if strict and (nb < rank or na < need - rank):
        return None
    rank = min(max(rank, need - na), nb)
    chosen = below[:rank]
    chosen.sort()
    high = above[: need - rank]
    high.sort()
    options = [Option(fmt(v), v, m if m.__class__ is str else m()) for v, m in chosen]
    options.append(Option(key_text, key))
    options += [Option(fmt(v), v, m if m.__class__ is str else m()) for v, m in high]
    if dp is not None and len({o.text for o in options}) < count:  # a half-way value shown twice
        return arrange(u, key, key_text, cands, fmt, count, min_gap, strict, None, generic)
    return tuple(options), rank


def same_pence(options: tuple[Option, ...], explanation: str, fmt, symbol: str = "£",  # type: ignore[no-untyped-def]
               lang: str = "en"):
    """Money options either all show pence or none: when some do, all are printed with pence
    (a lone '£1,405' among '£1,348.80' and '£2,023.20' would stand out as the clean answer).
    Returns the options, the explanation (its key amount printed the same way) and the format."""
    point = "." if lang == "en" else ","
    has = [point in o.text for o in options]
    if all(has) or not any(has):
        return options, explanation, fmt
    pence = money_fmt(symbol, lang)
    new = tuple(replace(o, text=pence(o.value)) for o in options)
    for old_o, new_o in zip(options, new, strict=True):
        if old_o.mistake is None:  # the key as the worked answer shows it
            explanation = _swap_amount(explanation, old_o.text, new_o.text)
    return new, explanation, pence


def _swap_amount(text: str, old: str, new: str) -> str:
    """`old` replaced by `new` where it is a whole amount (not followed by a digit, a comma or a
    decimal part): plain string search, as a fresh regex per item would cost more than the item."""
    parts: list[str] = []
    start = 0
    while (i := text.find(old, start)) >= 0:
        j = i + len(old)
        after = text[j:j + 2]
        if after[:1].isdigit() or after[:1] == "," or (after[:1] == "." and after[1:2].isdigit()):
            parts.append(text[start:j])
        else:
            parts += (text[start:i], new)
        start = j
    parts.append(text[start:])
    return "".join(parts)


def _mark(value: float, scale: float) -> int:
    return int(value * scale + 0.5) if value >= 0 else -int(-value * scale + 0.5)


def require_in_prompt(item: Item, shown: Sequence[str]) -> None:
    """Every quantity the check computes from must be what the candidate reads."""
    for text in shown:
        if text not in item.prompt:
            raise ItemCheckError(f"item {item.id or item.family}: {text!r} is not in the prompt")


def matching(item: Item, truth: float, decimals: int) -> list[int]:
    """Indexes of the options that show `truth` at the stated precision: by text when the item
    names its formatter ("show"), else by reading every option back."""
    want = round_half_up(truth, decimals)
    show = item.params.get("show")
    if show:
        try:
            text = formatter(show)(want)
        except (IndexError, ValueError):
            raise ItemCheckError(f"item {item.id}: unknown option format {show!r}") from None
        return [index for index, option in enumerate(item.options) if option.text == text]
    tol = 0.5 * 10 ** -decimals * 0.01 + EPS * max(1.0, abs(want))
    found = []
    for index, option in enumerate(item.options):
        try:
            value = read(option.text, item.lang)
        except ValueError:
            raise ItemCheckError(f"item {item.id}: option {option.text!r} is not a number") from None
        if abs(value - want) <= tol:
            found.append(index)
    return found
