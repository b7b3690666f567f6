"""Simulation and calibration: ability recovery, adaptive against fixed length, planted family
offsets found again by `calibrate`, and the CLI commands with bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from engine import calibration, simulate
from engine.adaptive import AdaptivePlan
from engine.blueprints import parse_blueprint
from engine.forms import assemble

FORM = """
name = "forty"
title = "Forty"
[adaptive]
max_items = 60
min_items = 5
se_target = 0.35
[[section]]
name = "numerical"
minutes = 60
order = "shuffled"
  [[section.part]]
  family = "numeric.arithmetic"
  count = {half}
  difficulty = [-2.5, 2.5]
  [[section.part]]
  family = "numeric.series"
  count = {half}
  difficulty = [-2.5, 2.5]
"""


def blueprint(half: int = 20):  # type: ignore[no-untyped-def]
    return parse_blueprint(FORM.format(half=half), "forty")


def test_recovery_of_1000_examinees_on_a_40_item_generated_form() -> None:
    # Threshold: for a correctly specified EAP the RMSE equals the root mean posterior variance (the
    # model's own SE) up to sampling error, about 2.5% with 1,000 examinees; allow 10%. With 3PL items
    # (c = 1/5) the SE is about 0.46 here, against about 0.36 for a plain 2PL form (test_irt.py).
    form = assemble(blueprint(), seed=1)
    result, responses = simulate.fixed(form.items, simulate.draw_thetas(1000, 1), seed=1)
    assert responses.shape == (1000, 40)
    assert result.rmse <= 1.10 * result.mean_se and result.rmse < 0.50, result
    assert abs(result.bias) < 0.05 and result.correlation > 0.87


def test_adaptive_reaches_se_035_in_fewer_items_than_a_fixed_form() -> None:
    spec = blueprint(half=30)
    thetas = simulate.draw_thetas(150, 2)
    fixed, _ = simulate.fixed(assemble(spec, seed=2).items, thetas, seed=2, se_target=0.35)
    adaptive, sittings = simulate.adaptive(AdaptivePlan.from_blueprint(spec, 2), thetas, seed=2)
    numbers = (f"fixed 60-item form: SE <= 0.35 reached by {fixed.reached:.0%} after {fixed.length_to_target:.1f} "
               f"items; adaptive: reached by {adaptive.reached:.0%} after {adaptive.length_to_target:.1f} items")
    # Measured (seed 2): fixed 60-item form: 71% reach it, after 50 items on average; adaptive: 99%,
    # after 38 items on average.
    assert adaptive.reached >= 0.95 and fixed.reached < adaptive.reached, numbers
    assert adaptive.length_to_target is not None and fixed.length_to_target is not None
    assert adaptive.length_to_target + 8 < fixed.length_to_target, numbers
    assert adaptive.rmse <= 1.15 * adaptive.mean_se, adaptive
    assert all(len({i.fingerprint() for i in items}) == len(items) for items, _ in sittings)


def test_calibration_recovers_planted_offsets(store) -> None:
    # Tolerance 0.1 logits: the offsets are relative to the sample's ability mean, which for 1,500
    # draws from N(0, 1) wanders by about 0.026 (one SE), and each offset has an SE of about 0.015.
    form = assemble(blueprint(), seed=3)
    truth = {"numeric.arithmetic": (0.5, 1.0), "numeric.series": (-0.4, 1.0)}
    _, responses = simulate.fixed(form.items, simulate.draw_thetas(1500, 3), seed=3, truth=truth)
    assert simulate.store_sittings(store, form, responses) == 1500
    results, iterations = calibration.calibrate(calibration.gather(store))
    found = {r.family: r for r in results}
    for family, (offset, _) in truth.items():
        assert found[family].offset == pytest.approx(offset, abs=0.1), found
        assert found[family].scale == pytest.approx(1.0, abs=0.1) and found[family].scale_estimated
        assert found[family].responses == 30_000 and found[family].sessions == 1500
    assert iterations < calibration.MAX_ITERATIONS
    assert store.seen_fingerprints(None) == set()  # simulated candidates are not the local user


def test_calibration_from_adaptive_sittings(store) -> None:
    # Adaptive data: every examinee has other items (the sparse E-step path); offsets still found.
    spec = blueprint()
    plan = AdaptivePlan.from_blueprint(spec, 4)
    truth = {"numeric.series": (0.6, 1.0)}
    _, sittings = simulate.adaptive(plan.__class__(**{**_fields(plan), "max_items": 20, "se_target": 0.1}),
                                    simulate.draw_thetas(250, 4), seed=4, truth=truth)
    simulate.store_adaptive(store, plan, sittings)
    results, _ = calibration.calibrate(calibration.gather(store))
    found = {r.family: r.offset for r in results}
    assert found["numeric.series"] == pytest.approx(0.6, abs=0.2) and found["numeric.arithmetic"] == pytest.approx(
        0.0, abs=0.2)


def _fields(plan: AdaptivePlan) -> dict:
    return {name: getattr(plan, name) for name in plan.__slots__}


def test_assembly_asks_for_the_calibrated_difficulty() -> None:
    spec = blueprint(half=2)
    plain = assemble(spec, seed=5)
    shifted = assemble(spec, seed=5, offsets={"numeric.series": (0.5, 1.0)})
    asked = {i.id.split("/")[2] for i in plain.items if i.family == "numeric.series"}
    asked_shifted = {i.id.split("/")[2] for i in shifted.items if i.family == "numeric.series"}
    assert sorted(float(x) - 0.5 for x in asked) == pytest.approx(sorted(float(x) for x in asked_shifted))


def test_simulate_and_calibrate_commands(run, tmp_path: Path) -> None:
    (tmp_path / "forty.toml").write_text(FORM.format(half=10))
    result = run("simulate", "forty.toml", "-n", "150", "--no-adaptive", "--store", "--plant", "numeric.series=0.5")
    assert result.code == 0, result.text
    assert "Fixed form (20 items): bias" in result.out and "RMSE" in result.out and "Adaptive" not in result.out
    assert "Planted family offsets" in result.out and "saved in" in result.out
    assert "No calibration yet" in run("calibrate", "--show").out
    cal = run("calibrate")
    assert cal.code == 0, cal.text
    assert "Calibrated on 150 sessions (3000 responses)" in cal.out and "numeric.series" in cal.out
    assert "1 (fixed)" in cal.out  # 1,500 responses per family: too few for the discrimination scale
    shown = run("calibrate", "--show").out
    line = next(x for x in shown.splitlines() if x.startswith("numeric.series"))
    assert 0.2 < float(line.split()[1]) < 0.8
    assert "removed" in run("calibrate", "--reset").out and "No calibration yet" in run("calibrate", "--show").out
    small = run("simulate", "forty.toml", "-n", "5", "--no-fixed", "--seed", "9")
    assert small.code == 0 and "Adaptive (5 to 60 items): bias" in small.out


@pytest.mark.parametrize(("args", "message"), [
    (["simulate", "warmup", "-n", "0"], "Invalid value for '-n'"),
    (["simulate", "warmup", "-n", "-3"], "Invalid value for '-n'"),
    (["simulate", "nothing"], "unknown blueprint 'nothing'"),
    (["simulate", "warmup", "--plant", "numeric.series"], "--plant wants FAMILY=OFFSET"),
    (["simulate", "warmup", "--plant", "numeric.seriez=1"], "'numeric.seriez' is not a family of this blueprint"),
    (["calibrate"], "only 0 closed session(s) with answers in the store; calibration needs at least 30"),
])
def test_bad_input(run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code != 0 and message in result.err, result.text
    assert len([line for line in result.err.splitlines() if line.strip()]) <= 3


def test_thetas_are_seeded() -> None:
    assert np.array_equal(simulate.draw_thetas(10, 1), simulate.draw_thetas(10, 1))
    assert not np.array_equal(simulate.draw_thetas(10, 1), simulate.draw_thetas(10, 2))


def test_stored_simulated_sittings_score_like_the_simulation(store) -> None:
    # The same path: a simulated sitting stored and scored as a session gives the simulation's EAP.
    from engine import irt
    from engine.scoring import score

    form = assemble(blueprint(half=5), seed=6)
    _, responses = simulate.fixed(form.items, simulate.draw_thetas(5, 6), seed=6)
    simulate.store_sittings(store, form, responses)
    thetas, ses = irt.eap(responses, irt.item_parameters_of(form.items))
    for n, record in enumerate(reversed(store.sessions())):
        result = score(form, store.responses(record.id), store.sections(record.id))
        assert result.overall.correct == int(responses[n].sum()) and record.source == "simulated"
        assert (result.overall.ability.theta, result.overall.ability.se) == pytest.approx((thetas[n], ses[n]),
                                                                                          abs=1e-3)
