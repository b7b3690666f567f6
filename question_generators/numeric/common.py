"""Fast shared tools of the numerical-reasoning families: number display, option arrangement
and reading options back, written for tens of thousands of items per second (plain floats and
ints, no Fraction or numpy scalars in the hot path)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from question_generators.base import phrases_for
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

PACKAGE = "question_generators.numeric"
PHRASES = "numerical.toml"  # the phrasing data of the numerical-reasoning families
MINUS = "\u2212"
EPS = 1e-9

Cand = tuple[float, str]  # a distractor value and its named mistake (already formatted text)


def phrases(family_key: str, lang: str) -> dict:
    """The phrasing table of one family (from numerical.toml)."""
    return phrases_for(PACKAGE, lang, PHRASES)[family_key]


def uniforms(rng: np.random.Generator, count: int) -> list[float]:
    """`count` uniforms in one numpy call (much cheaper than one call per draw)."""
    return rng.random(count).tolist()


def pick(seq: Sequence, u: float):  # type: ignore[no-untyped-def]
    """The element of `seq` that a uniform `u` in [0, 1) selects."""
    return seq[int(u * len(seq))]


# -- display ---------------------------------------------------------------------------------
def num(x: float, decimals: int = 0) -> str:
    """A number with thousands separators at a fixed number of decimals (never '-0')."""
    text = f"{round(x):,}" if decimals == 0 else f"{x:,.{decimals}f}"
    if text[0] == "-":
        text = MINUS + text[1:] if text.strip("-0.,") else text[1:]
    return text


def tidy(x: float, most: int = 2) -> str:
    """A number with up to `most` decimals and no trailing zeros: 12, 12.5, 12.25."""
    text = f"{x:,.{most}f}" if most else f"{round(x):,}"
    if most and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text[0] == "-":
        text = MINUS + text[1:] if text.strip("-0.,") else text[1:]
    return text


def money(x: float, symbol: str = "£", pence: bool | None = None) -> str:
    """Money as written in a stem or option: '£1,250' or '£1,250.50' (pence when not whole)."""
    if pence is None:
        r = round(x)
        if r == x:  # the common case: whole pounds
            return f"{symbol}{r:,}" if r >= 0 else f"{MINUS}{symbol}{-r:,}"
        pence = abs(x - r) > 0.004
    text = f"{abs(x):,.2f}" if pence else f"{round(abs(x)):,}"
    return f"{MINUS if x < -0.004 else ''}{symbol}{text}"


def pct(x: float, decimals: int | None = None) -> str:
    """A percentage: '25%', '12.5%' (decimals None: up to one, trailing zero dropped)."""
    return (tidy(x, 1) if decimals is None else num(x, decimals)) + "%"


def read(text: str) -> float:
    """Read an option or a cell as shown: '£1,250.50', '−12.5%', '1,234', '3.2 km', '€40k'."""
    t = text.replace(",", "").replace(MINUS, "-").strip()
    start, negative = 0, False
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


# -- options ---------------------------------------------------------------------------------
def arrange(u: float, key: float, key_text: str, cands: Sequence[Cand], fmt, count: int = 5,
            min_gap: float = 0.0, strict: bool = False) -> tuple[tuple[Option, ...], int] | None:
    """Ascending numeric options with the key's rank drawn from `u`: candidates are tried in
    order (most plausible first); one that shows the same text as an earlier option, or lies
    closer than `min_gap` to one, is dropped. None when fewer than `count - 1` remain, or, when
    `strict`, when the drawn rank cannot be filled (the caller redraws, keeping the key's
    position uniform; otherwise the nearest rank that can be filled is used)."""
    shown = {key_text}
    kept_values = [key]
    below: list[tuple[float, str, str]] = []
    above: list[tuple[float, str, str]] = []
    for value, mistake in cands:
        text = fmt(value)
        if text in shown:
            continue
        if min_gap and any(abs(value - v) < min_gap for v in kept_values):
            continue
        shown.add(text)
        if min_gap:
            kept_values.append(value)
        (below if value < key else above).append((value, text, mistake))
    need = count - 1
    if len(below) + len(above) < need:
        return None
    rank = int(u * count)  # how many options sit below the key
    if strict and (len(below) < rank or len(above) < need - rank):
        return None
    rank = min(max(rank, need - len(above)), len(below))
    chosen = below[:rank]
    chosen.sort()
    high = above[: need - rank]
    high.sort()
    options = [Option(t, v, m) for v, t, m in chosen]
    options.append(Option(key_text, key))
    options += [Option(t, v, m) for v, t, m in high]
    return tuple(options), rank


def require_in_prompt(item: Item, shown: Sequence[str]) -> None:
    """Every quantity the check computes from must be what the candidate reads."""
    for text in shown:
        if text not in item.prompt:
            raise ItemCheckError(f"item {item.id or item.family}: {text!r} is not in the prompt")


def matching(item: Item, truth: float, decimals: int) -> list[int]:
    """Indexes of the options that show `truth` at the stated precision."""
    want = round_half_up(truth, decimals)
    tol = 0.5 * 10 ** -decimals * 0.01 + EPS * max(1.0, abs(want))
    found = []
    for index, option in enumerate(item.options):
        try:
            value = read(option.text)
        except ValueError:
            raise ItemCheckError(f"item {item.id}: option {option.text!r} is not a number") from None
        if abs(value - want) <= tol:
            found.append(index)
    return found
