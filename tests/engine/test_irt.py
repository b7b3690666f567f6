"""IRT: EAP against direct numerical integration and hand-derived values, the reference scale,
information, and ability recovery on 1,000 simulated examinees."""

from __future__ import annotations

import math

import numpy as np
import pytest

from engine import irt

FINE = np.linspace(-10, 10, 200_001)  # direct integration: a fine trapezoid grid, no quadrature


def direct_eap(responses: list[float], a: list[float], b: list[float], c: list[float]) -> tuple[float, float]:
    like = np.exp(-0.5 * FINE**2)
    for x, aj, bj, cj in zip(responses, a, b, c, strict=True):
        p = cj + (1 - cj) / (1 + np.exp(-aj * (FINE - bj)))
        like = like * (p if x else 1 - p)
    norm = np.trapezoid(like, FINE)
    mean = np.trapezoid(FINE * like, FINE) / norm
    return float(mean), float(math.sqrt(np.trapezoid((FINE - mean) ** 2 * like, FINE) / norm))


def params(a: list[float], b: list[float], c: list[float]) -> irt.ItemParams:
    return irt.ItemParams(np.array(a, float), np.array(b, float), np.array(c, float))


def test_one_right_answer_hand_derived() -> None:
    # One right answer on a=1, b=0, c=0: the posterior is phi(t) * s(t) / E[s] with E[s] = 1/2 by
    # symmetry, and E[t s(t)] = E[s'(t)] = E[s(1-s)] (Stein's lemma), so EAP = 2 E[s(1-s)] = 0.4132.
    s = 1 / (1 + np.exp(-FINE))
    expected = 2 * np.trapezoid(s * (1 - s) * np.exp(-0.5 * FINE**2) / math.sqrt(2 * math.pi), FINE)
    assert expected == pytest.approx(0.4132, abs=1e-4)
    theta, se = irt.eap_one([True], params([1.0], [0.0], [0.0]))
    assert theta == pytest.approx(expected, abs=2e-3)
    wrong, wrong_se = irt.eap_one([False], params([1.0], [0.0], [0.0]))
    assert wrong == pytest.approx(-theta, abs=1e-9) and wrong_se == pytest.approx(se, abs=1e-9)  # mirror image


@pytest.mark.parametrize(("x", "a", "b", "c"), [
    ([1.0], [1.0], [0.0], [0.0]),
    ([0.0], [1.5], [1.0], [0.25]),
    ([1.0, 0.0], [1.0, 1.2], [-0.5, 0.8], [0.2, 0.0]),
    ([1.0, 1.0], [0.8, 2.0], [1.0, 2.0], [0.0, 0.2]),
])
def test_eap_matches_direct_integration(x: list[float], a: list[float], b: list[float], c: list[float]) -> None:
    theta, se = irt.eap(np.array([x]), params(a, b, c))
    want_theta, want_se = direct_eap(x, a, b, c)
    assert theta[0] == pytest.approx(want_theta, abs=5e-3)
    assert se[0] == pytest.approx(want_se, abs=5e-3)


def test_missing_responses_are_not_administered() -> None:
    p = params([1.0, 1.0, 1.0], [0.0, 1.0, -1.0], [0.0, 0.0, 0.0])
    theta, se = irt.eap(np.array([[1.0, np.nan, np.nan], [np.nan, np.nan, np.nan]]), p)
    alone, alone_se = irt.eap_one([True], p.take([0]))
    assert (theta[0], se[0]) == pytest.approx((alone, alone_se))
    assert theta[1] == pytest.approx(0.0, abs=1e-9) and se[1] == pytest.approx(1.0, abs=2e-3)  # the prior


def test_response_coding_skipped_is_wrong_unreached_is_missing() -> None:
    assert irt.code_response("answered", True) == 1.0
    assert irt.code_response("answered", False) == 0.0
    assert irt.code_response("skipped", None) == 0.0
    assert math.isnan(irt.code_response("unreached", None))


def test_reference_scale() -> None:
    assert irt.percentile(0.0) == pytest.approx(50.0)
    assert irt.percentile(1.0) == pytest.approx(84.134, abs=1e-3)
    assert irt.sten(0.0) == 5.5 and irt.sten(1.0) == 7.5 and irt.sten(3.0) == 10.0 and irt.sten(-3.0) == 1.0
    figures = irt.ability_figures(1.0, 0.5)
    assert figures[2:5] == (84.1, 69.1, 93.3)  # percentile of theta, theta - SE, theta + SE
    assert figures[5:] == (7.5, 6.5, 8.5)


def test_information_peaks_where_the_formula_says() -> None:
    fine = np.linspace(-3, 5, 80_001)
    for a, c in [(1.0, 0.0), (1.0, 0.2), (1.6, 0.25), (0.7, 0.125)]:
        info = irt.information(fine, params([a], [0.5], [c]))[:, 0]
        assert fine[info.argmax()] == pytest.approx(0.5 + irt.max_information_shift(a, c), abs=1e-3)
    # 2PL: a^2 P Q, a^2/4 at its peak
    assert irt.information(0.5, params([2.0], [0.5], [0.0]))[0] == pytest.approx(1.0)


def recovery(c: float, seed: int = 1) -> tuple[float, float, float, float]:
    rng = np.random.default_rng(seed)
    thetas = rng.normal(size=1000)
    p = params([1.0] * 40, list(np.linspace(-2.5, 2.5, 40)), [c] * 40)
    estimates, ses = irt.eap(irt.simulate_responses(thetas, p, rng), p)
    error = estimates - thetas
    return (float(error.mean()), float(np.sqrt((error**2).mean())), float(np.corrcoef(estimates, thetas)[0, 1]),
            float(np.sqrt((ses**2).mean())))


def test_recovery_on_1000_examinees_2pl() -> None:
    # A plain 2PL EAP over 40 items (a = 1, b from -2.5 to 2.5) recovers theta with RMSE about 0.36.
    # For a correctly specified EAP, the RMSE equals the root mean posterior variance up to sampling
    # error (about 2.5% for 1,000 examinees), so the threshold is that model figure plus 10%.
    bias, rmse, r, model = recovery(0.0)
    assert rmse == pytest.approx(0.36, abs=0.03)
    assert rmse <= 1.10 * model and abs(bias) < 0.05 and r > 0.92


def test_recovery_on_1000_examinees_3pl_five_options() -> None:
    # Guessing (c = 1/5) costs information at the low end: RMSE about 0.46 (measured 0.456 with
    # seed 1), still within 10% of the model's own root mean posterior variance (0.456).
    bias, rmse, r, model = recovery(0.2)
    assert rmse <= 1.10 * model and rmse < 0.50 and abs(bias) < 0.05 and r > 0.87
