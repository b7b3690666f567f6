"""The built-in `logical` blueprint: 24 items in 25 minutes, deductive and inductive, all checked."""

from __future__ import annotations

from engine.blueprints import builtin_names, load_blueprint
from engine.forms import assemble, verify_form


def test_logical_blueprint_shape() -> None:
    assert "logical" in builtin_names()
    blueprint = load_blueprint("logical")
    assert (blueprint.count, blueprint.time_limit_s) == (24, 25 * 60)
    assert [s.name for s in blueprint.sections] == ["deductive", "inductive"]
    assert set(blueprint.families) == {"logical.syllogism", "logical.ordering", "logical.letter_series",
                                       "logical.coding", "numeric.series"}


def test_logical_forms_assemble_and_verify() -> None:
    blueprint = load_blueprint("logical")
    for seed in (1, 2, 3):
        form = assemble(blueprint, seed)
        verify_form(form)
        assert len(form.items) == 24
        assert {item.section for item in form.items} == {"logical", "numerical"}
        assert len({item.fingerprint() for item in form.items}) == 24
