"""Blueprints: the built-ins load, and every kind of mistake in a file gets one clear message."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.blueprints import BlueprintError, builtin_names, load_blueprint, parse_blueprint

FAMILIES = ["numeric.series", "numeric.arithmetic"]
GOOD = """
name = "mine"
[[section]]
name = "a"
minutes = 10
  [[section.part]]
  family = "numeric.series"
  count = 4
  difficulty = [-1, 1]
"""


def test_builtins_load_with_the_expected_shape() -> None:
    assert {"warmup", "numerical"} <= set(builtin_names())
    warmup = load_blueprint("warmup")
    assert (warmup.count, warmup.time_limit_s) == (10, 300)
    numerical = load_blueprint("numerical")
    assert (numerical.count, numerical.time_limit_s) == (18, 25 * 60)


def test_a_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    blueprint = load_blueprint(str(path), FAMILIES)
    assert blueprint.sections[0].parts[0].difficulty == (-1.0, 1.0)
    assert blueprint.sections[0].title == "A"


@pytest.mark.parametrize(("text", "message"), [
    ("name = ", "not valid TOML"),
    ('name = "x"', "at least one \\[\\[section\\]\\]"),
    (GOOD.replace("minutes = 10", "minutes = 0"), "'minutes' must be a number from 0.25 to 300"),
    (GOOD.replace("minutes = 10", 'minutes = "ten"'), "'minutes'"),
    (GOOD.replace("count = 4", "count = 0"), "'count' must be a whole number"),
    (GOOD.replace("count = 4", "count = 2.5"), "'count'"),
    (GOOD.replace('"numeric.series"', '"numeric.serie"'),
     "unknown family 'numeric.serie' \\(did you mean numeric.series"),
    (GOOD.replace("[-1, 1]", "[-1, 9]"), "'difficulty' must be a number or \\[from, to\\]"),
    (GOOD.replace("[-1, 1]", '"hard"'), "'difficulty'"),
    (GOOD.replace('name = "a"', 'name = "a"\ncolour = "red"'), "unknown key 'colour'"),
    (GOOD + GOOD.split("\n", 2)[2], "section names must be unique"),
    (GOOD.replace('name = "mine"', ""), "'name' must be a non-empty string"),
    (GOOD.replace('order', 'x') + '\n', None),
])
def test_bad_blueprints_name_the_problem(text: str, message: str | None) -> None:
    if message is None:
        parse_blueprint(text, "mine.toml", FAMILIES)
        return
    with pytest.raises(BlueprintError, match=message) as info:
        parse_blueprint(text, "mine.toml", FAMILIES)
    assert str(info.value).startswith("mine.toml")


def test_unknown_names_and_missing_files() -> None:
    with pytest.raises(BlueprintError, match="unknown blueprint 'warmpu' \\(did you mean warmup"):
        load_blueprint("warmpu", FAMILIES)
    with pytest.raises(BlueprintError, match="does not exist"):
        load_blueprint("nowhere/mine.toml", FAMILIES)


def test_example_blueprints_load_and_assemble() -> None:
    from engine.forms import assemble

    folder = Path(__file__).resolve().parents[2] / "examples" / "blueprints"
    paths = sorted(folder.glob("*.toml"))
    assert paths
    for path in paths:
        blueprint = load_blueprint(str(path))
        form = assemble(blueprint, 1)
        assert len(form.items) == blueprint.count
