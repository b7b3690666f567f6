"""Pacing like the real tests (issue 14, item 7): every built-in blueprint's form takes a typical
candidate about its time limit (between 80 % and 100 % of it: speeded, as the tests it imitates),
except the CCAT-style screener, which is built so that few finish and whose report says so. The
pace factors (question_generators/pace.toml) name only real families and scale their models."""

from __future__ import annotations

import pytest

from engine.blueprints import builtin_names, load_blueprint
from engine.forms import assemble
from question_generators.registry import family_names, make_item, pace_factors

FORMS = 30
SPEEDED_BY_DESIGN = {"mixed-screener"}  # the CCAT: 50 items in 15 minutes, few finish


def section_times(name: str) -> dict[str, list[float]]:
    blueprint = load_blueprint(name)
    times: dict[str, list[float]] = {spec.name: [] for spec in blueprint.sections}
    for seed in range(FORMS):
        for section in assemble(blueprint, seed, check=False).sections:
            times[section.name].append(sum(item.time_s for item in section.items))
    return times


@pytest.mark.parametrize("name", sorted(set(builtin_names()) - SPEEDED_BY_DESIGN))
def test_a_form_takes_a_typical_candidate_about_its_time_limit(name: str) -> None:
    limits = {spec.name: spec.time_limit_s for spec in load_blueprint(name).sections}
    for section, totals in section_times(name).items():
        limit = limits[section]
        assert max(totals) <= limit, f"{name}/{section}: typical {max(totals):.0f} s over the {limit:.0f} s limit"
        assert min(totals) >= 0.8 * limit, f"{name}/{section}: typical {min(totals):.0f} s: not speeded"


def test_the_screener_is_speeded_by_design_and_its_report_says_so() -> None:
    from engine.i18n import t

    (totals,) = section_times("mixed-screener").values()
    assert min(totals) > load_blueprint("mixed-screener").sections[0].time_limit_s
    assert "few candidates finish" in t("reports.time_caption_speeded", typical="30:00", limit="15:00", lang="en")


def test_pace_factors_name_real_families_and_scale_their_models() -> None:
    factors = pace_factors()
    assert set(factors) <= set(family_names())
    assert all(0.3 <= f <= 2.0 for f in factors.values())
    import numpy as np

    from question_generators.registry import get_generator

    for family, factor in factors.items():
        model = get_generator(family).generate(np.random.default_rng(5), 0.0).time_s
        assert make_item(family, 0.0, 5).time_s == round(model * factor, 1), family
