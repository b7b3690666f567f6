"""Every built-in blueprint assembles into a checked, reproducible form; the mixed screener spans the skills."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.blueprints import builtin_names, load_blueprint
from engine.forms import assemble


@pytest.mark.parametrize("name", builtin_names())
def test_every_builtin_blueprint_assembles_the_same_form_twice(name: str) -> None:
    blueprint = load_blueprint(name)
    form = assemble(blueprint, seed=2026)
    assert len(form.items) == blueprint.count
    assert len({item.fingerprint() for item in form.items}) == len(form.items)
    assert assemble(blueprint, seed=2026).to_json() == form.to_json()


def test_mixed_screener_is_a_ccat_like_mix() -> None:
    blueprint = load_blueprint("mixed-screener")
    form = assemble(blueprint, seed=7)
    assert len(form.items) == 50 and sum(s.time_limit_s for s in form.sections) == 15 * 60
    sections = Counter(item.section for item in form.items)
    assert set(sections) >= {"numerical", "verbal", "logical", "abstract", "spatial"}
    assert min(sections["numerical"], sections["verbal"]) >= 12
    assert sections["logical"] >= 6 and sections["abstract"] + sections["spatial"] >= 8
    families = Counter(item.family for item in form.items)
    assert families["spatial.cube_net"] == 2 and families["technical.picture_compare"] == 2
    # Mixed, not blocked: the ramp interleaves families, so no family fills a long run.
    runs = [1]
    for before, after in zip(form.items, form.items[1:], strict=False):
        runs.append(runs[-1] + 1 if before.family == after.family else 1)
    assert max(runs) <= 3
