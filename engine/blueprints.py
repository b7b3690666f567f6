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

    @property
    def count(self) -> int:
        return sum(p.count for p in self.parts)


@dataclass(frozen=True, slots=True)
class Blueprint:
    name: str
    title: str
    description: str
    sections: tuple[SectionSpec, ...]
    source: str

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
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise BlueprintError(t("blueprint.unreadable", path=ref, error=exc)) from None
        return parse_blueprint(text, str(path), known_families)
    if ref not in builtin_names():
        raise BlueprintError(t("blueprint.unknown", name=ref, hint=did_you_mean(close_names(ref, builtin_names())),
                               builtin=", ".join(builtin_names())))
    text = resources.files("engine").joinpath("blueprints", f"{ref}.toml").read_text(encoding="utf-8")
    return parse_blueprint(text, t("blueprint.builtin", name=ref), known_families)


def parse_blueprint(text: str, source: str, known_families: list[str] | None = None) -> Blueprint:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BlueprintError(t("blueprint.bad_toml", where=source, error=exc)) from None
    if known_families is None:
        from question_generators.registry import family_names

        known_families = family_names()
    return _blueprint(data, source, set(known_families))


def _blueprint(data: dict[str, Any], source: str, known: set[str]) -> Blueprint:
    _only(data, {"name", "title", "description", "section"}, source)
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
                     sections=specs, source=source)


def _section(data: Any, where: str, known: set[str]) -> SectionSpec:
    if not isinstance(data, dict):
        raise BlueprintError(t("blueprint.not_table", where=where))
    _only(data, {"name", "title", "minutes", "order", "part"}, where)
    name = _text(data, "name", where)
    where = t("blueprint.where_named", where=where, name=name)
    minutes = data.get("minutes")
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) or not 0.25 <= minutes <= 300:
        raise BlueprintError(t("blueprint.bad_minutes", where=where, value=repr(minutes)))
    order = data.get("order", "ramp")
    if order not in ORDERS:
        raise BlueprintError(t("blueprint.bad_order", where=where, orders=", ".join(ORDERS), value=repr(order)))
    parts = data.get("part")
    if not isinstance(parts, list) or not parts:
        raise BlueprintError(t("blueprint.no_parts", where=where))
    return SectionSpec(name=name, title=_text(data, "title", where, default=name.capitalize()),
                       time_limit_s=round(minutes * 60), order=order,
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
