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
    assert (warmup.count, warmup.time_limit_s) == (10, 420)
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


def test_scoring_and_adaptive_settings() -> None:
    text = GOOD.replace('name = "mine"\n', 'name = "mine"\n[scoring]\nnegative_marking = 0.25\n'
                        'guessing_correction = true\n[adaptive]\nmax_items = 20\nmin_items = 5\n'
                        'se_target = 0.4\nminutes = 12\n')
    blueprint = parse_blueprint(text, "x", FAMILIES)
    assert (blueprint.scoring.negative_marking, blueprint.scoring.guessing_correction) == (0.25, True)
    adaptive = blueprint.adaptive
    assert (adaptive.max_items, adaptive.min_items, adaptive.se_target, adaptive.minutes) == (20, 5, 0.4, 12.0)
    plain = parse_blueprint(GOOD, "x", FAMILIES)
    assert plain.scoring.is_default and plain.adaptive.max_items == 30


@pytest.mark.parametrize(("table", "message"), [
    ("[scoring]\nnegative_marking = 2", "[scoring]: 'negative_marking' (marks off per wrong answer) must be a "
                                        "number from 0 to 1, got 2"),
    ("[scoring]\nguessing_correction = 'yes'", "'guessing_correction' must be true or false, got 'yes'"),
    ("[scoring]\nbonus = 1", "[scoring]: unknown key 'bonus'"),
    ("scoring = 3", "[scoring]: must be a table"),
    ("[adaptive]\nmax_items = 0", "[adaptive]: 'max_items' must be a whole number from 1 to 200, got 0"),
    ("[adaptive]\nmin_items = 40\nmax_items = 20", "'min_items' (40) cannot be more than 'max_items' (20)"),
    ("[adaptive]\nse_target = 0.01", "'se_target' (the ability SE at which the test may stop) must be a number "
                                     "from 0.1 to 1, got 0.01"),
    ("[adaptive]\nminutes = true", "[adaptive]: 'minutes' must be a number"),
    ("[adaptive]\nstop = 3", "[adaptive]: unknown key 'stop'"),
])
def test_bad_scoring_and_adaptive_settings(table: str, message: str) -> None:
    text = GOOD.replace('name = "mine"\n', f'name = "mine"\n{table}\n')
    with pytest.raises(BlueprintError) as caught:
        parse_blueprint(text, "mine.toml", FAMILIES)
    assert message in str(caught.value) and str(caught.value).startswith("mine.toml")
