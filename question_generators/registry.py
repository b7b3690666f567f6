"""The generator registry: families come from the `secondround.generators` entry-point group, so
the built-in families register exactly as a plug-in package does."""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import numpy as np

from question_generators.base import Generator, clamp_difficulty, supports_testlets
from question_generators.errors import ItemCheckError, SecondroundError, UnknownFamilyError
from question_generators.item import SECTIONS, Item, ItemId, validate_shape

ENTRY_POINT_GROUP = "secondround.generators"


@cache
def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.setdefault(ep.name, ep)  # the first distribution on the path wins, as for imports
    return found


def family_names() -> list[str]:
    """Every registered family, sorted."""
    return sorted(_entry_points())


def family_source(family: str) -> str:
    """Where a family comes from: its entry point's `module:object`."""
    return _entry_points()[family].value


def languages_of(family: str) -> tuple[str, ...]:
    """The languages a family writes items in (English for a plug-in that does not say)."""
    found = getattr(get_generator(family), "languages", ("en",))
    return tuple(found) if isinstance(found, tuple | list) and found else ("en",)


def item_language(family: str, lang: str) -> str:
    """The language an item of `family` asked for in `lang` is written in: `lang` or English."""
    return lang if lang in languages_of(family) else "en"


@cache
def get_generator(family: str, lang: str = "en") -> Generator:
    """The generator of a family in one language (one instance per process and language),
    validated on first use."""
    if lang != "en":
        english = get_generator(family)
        if lang not in getattr(english, "languages", ("en",)):
            return english
        return type(english)(lang)  # type: ignore[call-arg]
    eps = _entry_points()
    if family not in eps:
        close = close_names(family, list(eps))
        hint = f" (did you mean {' or '.join(close)}?)" if close else ""
        raise UnknownFamilyError(f"unknown family {family!r}{hint}; `secondround families` lists them",
                                 key="error.unknown_family", family=family, suggestions=close)
    try:
        target: Any = eps[family].load()
    except Exception as exc:  # a broken plug-in must not take the CLI down with a traceback
        raise SecondroundError(f"family {family!r} failed to load from {eps[family].value}: {exc}") from None
    generator = target() if isinstance(target, type) else target
    problems = describe_problems(family, generator)
    if problems:
        raise SecondroundError(f"family {family!r} is not a valid generator: {'; '.join(problems)}")
    return generator


def describe_problems(name: str, generator: Any) -> list[str]:
    """What keeps an object from being a valid generator for `name` (empty when it is one)."""
    problems = []
    if not isinstance(generator, Generator):
        problems.append("needs family, section, version, title, generate() and check()")
        return problems
    if generator.family != name:
        problems.append(f"declares family {generator.family!r} but is registered as {name!r}")
    if generator.section not in SECTIONS:
        problems.append(f"section {generator.section!r} is not one of {', '.join(SECTIONS)}")
    if not isinstance(generator.version, int) or generator.version < 1:
        problems.append("version must be a positive integer")
    if not (type(generator).__doc__ or "").strip():
        problems.append("has no docstring to describe the family")
    found = getattr(generator, "difficulty_range", DEFAULT_RANGE)
    if not (isinstance(found, tuple) and len(found) == 2 and all(isinstance(v, int | float) for v in found)
            and -4.0 <= found[0] < found[1] <= 4.0):
        problems.append("difficulty_range must be a (low, high) pair within -4..+4")
    return problems


DEFAULT_RANGE = (-3.0, 3.0)


def difficulty_range(family: str) -> tuple[float, float]:
    """The requested difficulties a family is calibrated for (its `difficulty_range`, default
    -3..+3); requests outside it are clipped by assembly and the adaptive engine, with a note."""
    generator = get_generator(family)
    found = getattr(generator, "difficulty_range", DEFAULT_RANGE)
    try:
        lo, hi = (float(found[0]), float(found[1]))
    except (TypeError, ValueError, IndexError):
        return DEFAULT_RANGE
    return (lo, hi) if lo < hi else DEFAULT_RANGE


def make_item(family: str, difficulty: float, seed: int, check: bool = True, *,
              stimulus: int | None = None, question: int = 0, lang: str = "en") -> Item:
    """Generate the item of `family` at `difficulty` from `seed`, stamp its id and verify it.

    With `stimulus`, the item is question number `question` of the testlet whose shared material
    (table, chart, passage) comes from that seed; the family must support testlets. In `lang` when
    the family writes that language, else in English (the item's `lang` says which)."""
    lang = item_language(family, lang) if lang != "en" else "en"
    generator = get_generator(family, lang)
    difficulty = round(clamp_difficulty(difficulty), 2)  # the id stores two decimals: regenerable
    item_id = ItemId(family, generator.version, difficulty, int(seed), stimulus, int(question), lang)
    rng = np.random.default_rng(int(seed))
    if stimulus is None:
        item = _stamp(generator.generate(rng, difficulty), str(item_id))
    elif not supports_testlets(generator):
        raise SecondroundError(f"family {family!r} cannot put several questions on one table, chart or passage",
                               key="error.no_testlets", family=family)
    else:
        item = generator.generate_question(np.random.default_rng(int(stimulus)), rng, difficulty, int(question))
        item = _stamp(item, str(item_id), f"{family}/t{int(stimulus):012x}")
    validate_shape(item)
    if check:
        generator.check(item)
    return item


@cache
def pace_factors() -> dict[str, float]:
    """The pace factor of each family (pace.toml): its time model scaled to the tests it imitates."""
    import tomllib
    from importlib import resources

    with resources.files("question_generators").joinpath("pace.toml").open("rb") as handle:
        return {name: float(value) for name, value in tomllib.load(handle)["factor"].items()}


def _stamp(item: Item, item_id: str, stimulus: str | None = None) -> Item:
    """Set the id (and testlet label) on an item the generator has just built.

    The item is new and not yet shared, so setting the fields in place keeps it immutable to
    everyone else; `dataclasses.replace` would rebuild it and cost a third of a fast family's time."""
    if not isinstance(item, Item):  # a plug-in returning something else fails in validate_shape
        return item
    object.__setattr__(item, "id", item_id)
    factor = pace_factors().get(item.family)
    if factor is not None:  # the family's time model at the pace of the tests it imitates
        object.__setattr__(item, "time_s", round(item.time_s * factor, 1))
    if stimulus is not None:
        object.__setattr__(item, "stimulus", stimulus)
    return item


def regenerate(item_id: str, check: bool = True) -> Item:
    """Rebuild an item from its id; a version mismatch is refused rather than silently differing."""
    parsed = ItemId.parse(item_id)
    generator = get_generator(parsed.family)
    if generator.version != parsed.version:
        raise SecondroundError(f"{item_id} was made by version {parsed.version} of {parsed.family}; "
                               f"version {generator.version} is installed")
    return make_item(parsed.family, parsed.difficulty, parsed.seed, check=check,
                     stimulus=parsed.stimulus, question=parsed.question, lang=parsed.lang)


def verify(item: Item) -> None:
    """Run the family's independent check on an item (e.g. one loaded from a form file)."""
    try:
        get_generator(item.family, item.lang).check(item)
    except SecondroundError:  # ItemCheckError included: already a clear verdict
        raise
    except Exception as exc:  # a check that crashes has not verified anything
        raise ItemCheckError(f"item {item.id}: check failed with {type(exc).__name__}: {exc}") from None


def close_names(name: str, known: list[str]) -> list[str]:
    """Up to two known names that look like a mistyped one, for "did you mean" hints."""
    import difflib

    return difflib.get_close_matches(name, sorted(known), n=2)
