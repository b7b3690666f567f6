"""The registry checks itself: every built-in family is registered, valid, documented and tested."""

from __future__ import annotations

import tomllib
from pathlib import Path

from question_generators.registry import _entry_points, describe_problems, family_names, get_generator

ROOT = Path(__file__).resolve().parents[2]


def declared_families() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return data["project"]["entry-points"]["secondround.generators"]


def test_every_declared_family_is_registered_and_valid() -> None:
    declared = declared_families()
    assert set(declared) <= set(family_names())
    for name, target in declared.items():
        assert _entry_points()[name].value == target
        generator = get_generator(name)
        assert describe_problems(name, generator) == []
        assert generator.title and (type(generator).__doc__ or "").count("\n") >= 2, \
            f"{name}: the docstring must describe the family and its difficulty model"


def test_every_built_in_family_has_its_own_tests() -> None:
    for name, target in declared_families().items():
        module = target.split(":")[0]  # question_generators.numeric.series
        parts = module.split(".")
        test_file = ROOT / "tests" / Path(*parts[:-1]) / f"test_{parts[-1]}.py"
        assert test_file.is_file(), f"{name} has no tests at {test_file.relative_to(ROOT)}"
        assert "check(" in test_file.read_text() or "make_item" in test_file.read_text()


def test_invalid_generators_are_described() -> None:
    class NoDoc:
        family, section, version, title = "x.y", "numerical", 1, "X"

        def generate(self, rng, difficulty): ...  # type: ignore[no-untyped-def]

        def check(self, item): ...  # type: ignore[no-untyped-def]

    NoDoc.__doc__ = None
    problems = describe_problems("x.z", NoDoc())
    assert any("declares family 'x.y'" in p for p in problems)
    assert any("docstring" in p for p in problems)
    assert describe_problems("x.y", object()) == ["needs family, section, version, title, generate() and check()"]
