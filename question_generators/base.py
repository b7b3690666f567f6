"""The generator protocol and the small shared tools every family uses: difficulty slicing,
option arrangement with a balanced key position, redraws, phrasing data and common checks."""

from __future__ import annotations

import math
import tomllib
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Any, ClassVar, Protocol, TypeVar, runtime_checkable

import numpy as np

from question_generators.display import format_number
from question_generators.errors import ItemCheckError, SecondroundError
from question_generators.item import DIFFICULTY_RANGE, LETTERS, Item, Option, validate_shape

T = TypeVar("T")


@runtime_checkable
class Generator(Protocol):
    """An item family. `generate` draws only from `rng`; `check` re-derives the key another way
    and raises ItemCheckError unless exactly the keyed option is correct."""

    family: str
    section: str
    version: int
    title: str

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item: ...

    def check(self, item: Item) -> None: ...


def supports_testlets(generator: object) -> bool:
    """Whether a family can put several questions on one shared table, chart or passage.

    Such a generator also has `generate_question(stimulus_rng, rng, difficulty, question) -> Item`:
    the shared material is drawn only from `stimulus_rng` (the same for every question of the
    testlet, whatever their difficulty), the question itself from `rng`, and `question` (0, 1, ...)
    lets the questions of one testlet ask different things. The registry stamps the id and the
    `stimulus` label, so a testlet item regenerates from its id alone."""
    return callable(getattr(generator, "generate_question", None))


class BaseGenerator:
    """Convenience base for generators: phrasings per language, redraw counting, common checks.

    Subclasses set the class attributes and write `generate` and `check`; the class docstring's
    first line is the family's description in `secondround families`.
    """

    family: ClassVar[str]
    section: ClassVar[str]
    version: ClassVar[int] = 1
    title: ClassVar[str]
    max_redraws: ClassVar[int] = 100
    # The requested difficulties over which the family's items are calibrated (their b stays near
    # the request); a family that cannot yet reach the whole scale states its true range here.
    difficulty_range: ClassVar[tuple[float, float]] = (-3.0, 3.0)

    # The languages the family writes items in (its phrase tables): a request for another language
    # gets English items, whose `lang` says so.
    languages: ClassVar[tuple[str, ...]] = ("en",)

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self.redraws = 0  # rejected draws so far: a rising count means a sampler needs work

    @property
    def description(self) -> str:
        return (type(self).__doc__ or "").strip().splitlines()[0] if type(self).__doc__ else ""

    def redraw(self, rng: np.random.Generator, draw: Callable[[np.random.Generator], T | None]) -> T:
        """Call `draw` until it returns a value (None means rejected), counting the redraws."""
        for _ in range(self.max_redraws):
            result = draw(rng)
            if result is not None:
                return result
            self.redraws += 1
        raise SecondroundError(f"{self.family}: no acceptable item after {self.max_redraws} draws")

    def redraw_templates(self, rng: np.random.Generator, templates: Sequence[T], weights: np.ndarray,
                         attempt: Callable[[np.random.Generator, T], Item | None], per_template: int) -> Item:
        """Redraw with a template drawn by `weights`; a template that fails `per_template` times in
        a row gives way to a freshly drawn one (so a rare dead end does not exhaust the redraws)."""
        cum = np.cumsum(weights / weights.sum())
        tries = 0
        template = templates[0]

        def draw(r: np.random.Generator) -> Item | None:
            nonlocal tries, template
            if tries % per_template == 0:
                template = templates[min(len(templates) - 1, int(np.searchsorted(cum, r.random())))]
            tries += 1
            return attempt(r, template)

        return self.redraw(rng, draw)

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:  # pragma: no cover
        raise NotImplementedError

    def check(self, item: Item) -> None:  # pragma: no cover
        raise NotImplementedError


# -- difficulty --------------------------------------------------------------------------------
def clamp_difficulty(difficulty: float) -> float:
    lo, hi = DIFFICULTY_RANGE
    if not math.isfinite(difficulty):
        raise SecondroundError(f"difficulty must be a number, got {difficulty!r}")
    return min(hi, max(lo, float(difficulty)))


def level_of(difficulty: float, levels: int, rng: np.random.Generator | None = None,
             spread: float = 0.0) -> int:
    """Slice the continuous difficulty (-3..+3) into `levels` bands; with `spread`, a seeded jitter
    lets neighbouring bands mix so a form at one difficulty is not one template repeated."""
    d = difficulty + (rng.normal(0.0, spread) if rng is not None and spread > 0 else 0.0)
    index = math.floor((d + 3.0) / 6.0 * levels)
    return min(levels - 1, max(0, index))


def linear_difficulty(intercept: float, weights: dict[str, float], features: dict[str, float]) -> float:
    """A documented linear difficulty model: b = intercept + sum(weight * feature), on the logit scale."""
    b = intercept + sum(weights[name] * float(features[name]) for name in weights)
    return round(clamp_difficulty(b), 3)


# -- options ---------------------------------------------------------------------------------
def shuffle_options(rng: np.random.Generator, key: Option,
                    distractors: Sequence[Option]) -> tuple[tuple[Option, ...], int]:
    """Verbal and other non-numeric options: a seeded random order, so the key falls anywhere."""
    options = [key, *distractors]
    order = rng.permutation(len(options))
    arranged = tuple(options[i] for i in order)
    return arranged, int(np.flatnonzero(order == 0)[0])


def numeric_options(rng: np.random.Generator, key: Option, candidates: Sequence[Option], count: int,
                    decimals: int | None = None) -> tuple[tuple[Option, ...], int]:
    """Numeric options in ascending order, as real tests show them, with the key's rank drawn
    uniformly so that "the middle one" or "the largest" gives nothing away.

    `candidates` are named-mistake distractors, most plausible first; duplicates of the key or of
    each other after display rounding are dropped. Raises when fewer than `count - 1` remain."""
    shown = {format_number(key.value or 0.0, decimals)}
    below: list[Option] = []
    above: list[Option] = []
    for option in candidates:
        text = format_number(option.value or 0.0, decimals)
        if option.value is None or text in shown:
            continue
        shown.add(text)
        (below if option.value < (key.value or 0.0) else above).append(option)
    need = count - 1
    if len(below) + len(above) < need:
        raise SecondroundError(f"only {len(below) + len(above)} distinct distractors, {need} needed")
    rank = int(rng.integers(0, need + 1))  # how many options sit below the key
    rank = min(max(rank, need - len(above)), len(below))
    chosen = below[:rank] + above[: need - rank]
    options = sorted([key, *chosen], key=lambda o: o.value or 0.0)
    return tuple(options), options.index(key)


# -- phrasing data ---------------------------------------------------------------------------
@cache
def load_phrases(package: str, name: str = "phrases.toml") -> dict[str, Any]:
    """Load a family's phrasing data (TOML, one table per language) once per process."""
    with resources.files(package).joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


def phrases_for(package: str, lang: str, name: str = "phrases.toml") -> dict[str, Any]:
    data = load_phrases(package, name)
    return data.get(lang) or data["en"]


# -- checks shared by all families -----------------------------------------------------------
def check_options(item: Item) -> None:
    """Structural promises: valid shape; option texts distinct; every distractor has a named mistake."""
    try:
        validate_shape(item)
    except SecondroundError as exc:
        raise ItemCheckError(str(exc)) from None
    texts = [o.text.strip() for o in item.options]
    if len(set(texts)) != len(texts):
        raise ItemCheckError(f"item {item.id or item.family}: duplicated option text in {texts}")
    values = [o.value for o in item.options if o.value is not None]
    if len(set(values)) != len(values):
        raise ItemCheckError(f"item {item.id or item.family}: two options have the same value")
    for index, option in enumerate(item.options):
        if index != item.key and not option.mistake:
            raise ItemCheckError(f"item {item.id or item.family}: option {LETTERS[index]} has no named mistake")


def require_single_key(item: Item, correct: Sequence[int]) -> None:
    """Fail unless the independently found correct options are exactly the keyed one."""
    correct = sorted(set(correct))
    if correct != [item.key]:
        found = ", ".join(LETTERS[i] for i in correct) or "none"
        raise ItemCheckError(
            f"item {item.id or item.family}: keyed {LETTERS[item.key or 0]}, but the check finds "
            f"{found} correct")
