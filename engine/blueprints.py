"""Blueprints: TOML descriptions of a test (sections, families, counts, difficulty, time limits),
validated up front so that every mistake in a file gets one message naming where it is."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from engine.i18n import did_you_mean, t
from question_generators.errors import SecondroundError
from question_generators.registry import close_names

ORDERS = ("ramp", "as_listed", "shuffled")
MAX_ITEMS_PER_PART = 500
MAX_TESTLET = 12  # questions on one stimulus; real tests use 3-6
MAX_ADAPTIVE_ITEMS = 200


class BlueprintError(SecondroundError):
    """A blueprint that cannot be used, with the place and the reason."""


@dataclass(frozen=True, slots=True)
class Part:
    family: str
    count: int
    difficulty: tuple[float, float]  # from, to: items ramp linearly between them
    testlet: int = 1  # questions per shared table, chart or passage (families that support it)


@dataclass(frozen=True, slots=True)
class SectionSpec:
    name: str
    title: str
    time_limit_s: int
    parts: tuple[Part, ...]
    order: str = "ramp"
    calculator: bool | None = None  # whether the test allows a calculator (None: not said)

    @property
    def count(self) -> int:
        return sum(p.count for p in self.parts)


@dataclass(frozen=True, slots=True)
class ScoringRules:
    """Optional extra scores of a blueprint's `[scoring]` table (raw and percent are always shown).

    negative_marking: marks taken off per wrong answer (0 = none, 0.25 = a quarter mark);
    guessing_correction: also show right - wrong/(k-1), k the number of options of each wrong item."""

    negative_marking: float = 0.0
    guessing_correction: bool = False

    def to_dict(self) -> dict[str, object]:
        return {"negative_marking": self.negative_marking, "guessing_correction": self.guessing_correction}

    @property
    def is_default(self) -> bool:
        return self == ScoringRules()


@dataclass(frozen=True, slots=True)
class AdaptiveSpec:
    """How `take --adaptive` runs a blueprint (its `[adaptive]` table): stop after max_items, or
    once the ability SE is at most se_target after at least min_items; minutes for the whole test
    (default: the blueprint's pace, scaled to max_items)."""

    max_items: int = 30
    min_items: int = 8
    se_target: float = 0.45  # reached in about 25 items of five-option families (3PL, a ~ 1.1, c = 1/5)
    minutes: float | None = None


@dataclass(frozen=True, slots=True)
class Blueprint:
    name: str
    title: str
    description: str
    sections: tuple[SectionSpec, ...]
    source: str
    scoring: ScoringRules = ScoringRules()
    adaptive: AdaptiveSpec = AdaptiveSpec()

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sections)

    @property
    def time_limit_s(self) -> int:
        return sum(s.time_limit_s for s in self.sections)

    @property
    def families(self) -> list[str]:
        return sorted({p.family for s in self.sections for p in s.parts})


def builtin_names() -> list[str]:
    folder = resources.files("engine").joinpath("blueprints")
    return sorted(p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml"))


def load_blueprint(ref: str, known_families: list[str] | None = None) -> Blueprint:
    """A built-in blueprint by name, or a TOML file by path."""
    path = Path(ref)
    if ref.endswith(".toml") or path.exists():
        if not path.is_file():
            raise BlueprintError(t("blueprint.no_file", path=ref))
        from engine.safeio import MAX_BLUEPRINT_BYTES, InputError, read_capped

        try:
            text = read_capped(path, MAX_BLUEPRINT_BYTES, t("safe.what_blueprint")).decode("utf-8")
        except InputError as exc:
            raise BlueprintError(str(exc)) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise BlueprintError(t("blueprint.unreadable", path=ref, error=exc)) from None
        return parse_blueprint(text, str(path), known_families)
    if ref not in builtin_names():
        raise BlueprintError(t("blueprint.unknown", name=ref, hint=did_you_mean(close_names(ref, builtin_names())),
                               builtin=", ".join(builtin_names())))
    text = resources.files("engine").joinpath("blueprints", f"{ref}.toml").read_text(encoding="utf-8")
    return localized(parse_blueprint(text, t("blueprint.builtin", name=ref), known_families))


def localized(blueprint: Blueprint, lang: str | None = None) -> Blueprint:
    """A built-in blueprint with its title, description and section titles in `lang` (default: the
    current language), from the catalogue's [builtins.NAME] table; the blueprint file itself, like
    every blueprint, is language-neutral apart from its English texts."""
    from dataclasses import replace

    from engine.i18n import catalogue, language

    lang = lang or language()
    if lang == "en":
        return blueprint
    texts = catalogue(lang)
    prefix = f"builtins.{blueprint.name}."
    sections = tuple(replace(s, title=texts.get(f"{prefix}sections.{s.name}", s.title)) for s in blueprint.sections)
    return replace(blueprint, title=texts.get(prefix + "title", blueprint.title),
                   description=texts.get(prefix + "description", blueprint.description), sections=sections)


def parse_blueprint(text: str, source: str, known_families: list[str] | None = None) -> Blueprint:
    from engine.safeio import InputError, loads_toml

    try:
        data = loads_toml(text, source)
    except tomllib.TOMLDecodeError as exc:
        raise BlueprintError(t("blueprint.bad_toml", where=source, error=exc)) from None
    except InputError as exc:
        raise BlueprintError(str(exc)) from None
    if known_families is None:
        from question_generators.registry import family_names

        known_families = family_names()
    return _blueprint(data, source, set(known_families))


def _blueprint(data: dict[str, Any], source: str, known: set[str]) -> Blueprint:
    _only(data, {"name", "title", "description", "section", "scoring", "adaptive"}, source)
    name = _text(data, "name", source)
    sections = data.get("section")
    if not isinstance(sections, list) or not sections:
        raise BlueprintError(t("blueprint.no_sections", where=source))
    specs = tuple(_section(s, t("blueprint.where_section", where=source, number=i + 1), known)
                  for i, s in enumerate(sections))
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise BlueprintError(t("blueprint.duplicate_sections", where=source, names=", ".join(names)))
    return Blueprint(name=name, title=_text(data, "title", source, default=name),
                     description=_text(data, "description", source, default=""),
                     sections=specs, source=source,
                     scoring=_scoring(data.get("scoring", {}), t("blueprint_rules.where_scoring", where=source)),
                     adaptive=_adaptive(data.get("adaptive", {}), t("blueprint_rules.where_adaptive", where=source)))


def _scoring(data: Any, where: str) -> ScoringRules:
    if not isinstance(data, dict):
        raise BlueprintError(t("blueprint.not_table", where=where))
    _only(data, {"negative_marking", "guessing_correction"}, where)
    negative = data.get("negative_marking", 0.0)
    if isinstance(negative, bool) or not isinstance(negative, int | float) or not 0 <= negative <= 1:
        raise BlueprintError(t("blueprint_rules.bad_negative", where=where, value=repr(negative)))
    correction = data.get("guessing_correction", False)
    if not isinstance(correction, bool):
        raise BlueprintError(t("blueprint_rules.bad_correction", where=where, value=repr(correction)))
    return ScoringRules(float(negative), correction)


def _adaptive(data: Any, where: str) -> AdaptiveSpec:
    if not isinstance(data, dict):
        raise BlueprintError(t("blueprint.not_table", where=where))
    _only(data, {"max_items", "min_items", "se_target", "minutes"}, where)
    default = AdaptiveSpec()
    counts = {}
    for key in ("max_items", "min_items"):
        value = data.get(key, getattr(default, key))
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ADAPTIVE_ITEMS:
            raise BlueprintError(t("blueprint_rules.bad_items", where=where, key=key, most=MAX_ADAPTIVE_ITEMS,
                                   value=repr(value)))
        counts[key] = value
    if counts["min_items"] > counts["max_items"]:
        raise BlueprintError(t("blueprint_rules.min_above_max", where=where, low=counts["min_items"],
                               high=counts["max_items"]))
    se = data.get("se_target", default.se_target)
    if isinstance(se, bool) or not isinstance(se, int | float) or not 0.1 <= se <= 1.0:
        raise BlueprintError(t("blueprint_rules.bad_se", where=where, value=repr(se)))
    minutes = data.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int | float)
                                or not 0.25 <= minutes <= 300):
        raise BlueprintError(t("blueprint.bad_minutes", where=where, value=repr(minutes)))
    return AdaptiveSpec(counts["max_items"], counts["min_items"], float(se),
                        None if minutes is None else float(minutes))


def _section(data: Any, where: str, known: set[str]) -> SectionSpec:
    if not isinstance(data, dict):
        raise BlueprintError(t("blueprint.not_table", where=where))
    _only(data, {"name", "title", "minutes", "seconds", "order", "part", "calculator"}, where)
    name = _text(data, "name", where)
    where = t("blueprint.where_named", where=where, name=name)
    minutes = data.get("minutes")
    seconds = data.get("seconds")
    if seconds is not None:  # short sections (drills, tests of the clock): 3 s to 5 hours
        if minutes is not None:
            raise BlueprintError(t("blueprint.minutes_and_seconds", where=where))
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 3 <= seconds <= 18_000:
            raise BlueprintError(t("blueprint.bad_seconds", where=where, value=repr(seconds)))
        minutes = seconds / 60
    elif isinstance(minutes, bool) or not isinstance(minutes, int | float) or not 0.25 <= minutes <= 300:
        raise BlueprintError(t("blueprint.bad_minutes", where=where, value=repr(minutes)))
    calculator = data.get("calculator")
    if calculator is not None and not isinstance(calculator, bool):
        raise BlueprintError(t("blueprint.bad_calculator", where=where, value=repr(calculator)))
    order = data.get("order", "ramp")
    if order not in ORDERS:
        raise BlueprintError(t("blueprint.bad_order", where=where, orders=", ".join(ORDERS), value=repr(order)))
    parts = data.get("part")
    if not isinstance(parts, list) or not parts:
        raise BlueprintError(t("blueprint.no_parts", where=where))
    return SectionSpec(name=name, title=_text(data, "title", where, default=name.capitalize()),
                       time_limit_s=round(minutes * 60), order=order, calculator=calculator,
                       parts=tuple(_part(p, t("blueprint.where_part", where=where, number=j + 1), known)
                                   for j, p in enumerate(parts)))


def _part(data: Any, where: str, known: set[str]) -> Part:
    if not isinstance(data, dict):
        raise BlueprintError(t("blueprint.not_table", where=where))
    _only(data, {"family", "count", "difficulty", "testlet"}, where)
    family = _text(data, "family", where)
    if family not in known:
        raise BlueprintError(t("blueprint.unknown_family", where=where, family=family,
                               hint=did_you_mean(close_names(family, list(known)))))
    count = data.get("count")
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_ITEMS_PER_PART:
        raise BlueprintError(t("blueprint.bad_count", where=where, most=MAX_ITEMS_PER_PART, value=repr(count)))
    testlet = data.get("testlet", 1)
    if isinstance(testlet, bool) or not isinstance(testlet, int) or not 1 <= testlet <= MAX_TESTLET:
        raise BlueprintError(t("blueprint.bad_testlet", where=where, most=MAX_TESTLET, value=repr(testlet)))
    return Part(family=family, count=count, difficulty=_difficulty(data.get("difficulty", 0.0), where),
                testlet=testlet)


def _difficulty(value: Any, where: str) -> tuple[float, float]:
    pair = value if isinstance(value, list) else [value, value]
    ok = len(pair) == 2 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair)
    if not ok or not all(-3.5 <= v <= 3.5 for v in pair):
        raise BlueprintError(t("blueprint.bad_difficulty", where=where, value=repr(value)))
    return float(pair[0]), float(pair[1])


def _text(data: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise BlueprintError(t("blueprint.bad_text", where=where, key=key))
    return value


def _only(data: dict[str, Any], allowed: set[str], where: str) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise BlueprintError(t("blueprint.unknown_key", where=where, keys=", ".join(map(repr, extra)),
                               allowed=", ".join(sorted(allowed))))
