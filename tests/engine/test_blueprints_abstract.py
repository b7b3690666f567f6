"""The abstract and spatial-checking blueprints: load, assemble from a seed, every item checked."""

from __future__ import annotations

from collections import Counter

from engine.blueprints import builtin_names, load_blueprint
from engine.forms import assemble, verify_form


def test_abstract_blueprint_assembles() -> None:
    assert {"abstract", "spatial-checking"} <= set(builtin_names())
    blueprint = load_blueprint("abstract")
    assert (blueprint.count, blueprint.time_limit_s) == (20, 20 * 60)
    form = assemble(blueprint, seed=7)
    verify_form(form)
    families = Counter(item.family for item in form.items)
    assert families == {"abstract.matrix": 12, "abstract.series": 8}
    assert {item.section for item in form.items} == {"abstract"}
    assert len({item.fingerprint() for item in form.items}) == 20


def test_spatial_checking_blueprint_assembles() -> None:
    blueprint = load_blueprint("spatial-checking")
    assert (blueprint.count, blueprint.time_limit_s) == (34, 14 * 60)
    form = assemble(blueprint, seed=3)
    verify_form(form)
    assert [s.name for s in form.sections] == ["spatial", "checking"]
    assert Counter(item.family for item in form.items) == {"spatial.rotation": 7, "spatial.cube_net": 5,
                                                           "technical.picture_compare": 2, "checking.compare": 20}
