"""Item response theory: 2PL/3PL item parameters, EAP ability with its SE, percentile and sten.

The model (logistic, no 1.7 scaling, on the generators' logit scale):

    P(correct | theta) = c + (1 - c) / (1 + exp(-a * (theta - b)))

with b = the item's difficulty plus its family's calibrated offset, a = the item's discrimination
times the family's calibrated scale, and c = 1/k for a choice item with k options (a blind guess),
0 for a numeric entry (2PL). Ability is the EAP (posterior mean) over a fixed quadrature grid of
61 points on [-4, 4] with a standard-normal prior; its SE is the posterior standard deviation.
Everything is vectorised: a matrix of examinees x items with NaN where an item was not given.

Which responses count: an answer is right or wrong; an item seen and left unanswered (skipped)
counts as wrong, since otherwise skipping hard items would raise the estimate; an item never
reached (or not yet generated in an adaptive test) was not administered and does not count.

Reference scale: theta ~ N(0, 1). The percentile is 100 * Phi(theta) and the sten is
5.5 + 2 * theta clipped to 1-10; their ranges map theta - SE and theta + SE the same way. These are
model-based estimates on that standard-normal scale, not comparisons with a norm group."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

GRID_POINTS = 61
GRID_RANGE = (-4.0, 4.0)
GRID = np.linspace(GRID_RANGE[0], GRID_RANGE[1], GRID_POINTS)
LOG_PRIOR = -0.5 * GRID**2  # N(0, 1) up to a constant, which cancels in the posterior
MOMENTS = np.stack([np.ones_like(GRID), GRID, GRID**2], axis=1)  # grid points x 3
STEN_MEAN, STEN_SD = 5.5, 2.0

Calibration = Mapping[str, tuple[float, float]]  # family -> (difficulty offset, discrimination scale)


@dataclass(frozen=True, slots=True)
class ItemParams:
    """Parameters of a set of items as arrays (one entry per item)."""

    a: np.ndarray
    b: np.ndarray
    c: np.ndarray

    def __len__(self) -> int:
        return len(self.b)

    def take(self, index: Sequence[int] | np.ndarray) -> ItemParams:
        idx = np.asarray(index, dtype=int)
        return ItemParams(self.a[idx], self.b[idx], self.c[idx])


def item_parameters_of(items: Iterable[object], calibration: Calibration | None = None) -> ItemParams:
    """a, b and c of items (anything with family, difficulty, discrimination and guessing)."""
    a, b, c = [], [], []
    for item in items:
        offset, scale = (calibration or {}).get(item.family, (0.0, 1.0))  # type: ignore[attr-defined]
        a.append(item.discrimination * scale)  # type: ignore[attr-defined]
        b.append(item.difficulty + offset)  # type: ignore[attr-defined]
        c.append(item.guessing)  # type: ignore[attr-defined]
    return ItemParams(np.asarray(a, float), np.asarray(b, float), np.asarray(c, float))


def probability(theta: np.ndarray | float, params: ItemParams) -> np.ndarray:
    """P(correct) for every theta (rows) and item (columns)."""
    z = np.multiply.outer(np.asarray(theta, float), params.a) - params.a * params.b
    return params.c + (1.0 - params.c) / (1.0 + np.exp(-z))


def information(theta: np.ndarray | float, params: ItemParams) -> np.ndarray:
    """Fisher information of each item at theta (3PL formula; the 2PL one when c = 0)."""
    p = probability(theta, params)
    q = 1.0 - p
    return params.a**2 * (q / p) * ((p - params.c) / (1.0 - params.c)) ** 2


def max_information_shift(a: float, c: float) -> float:
    """How far above b a 3PL item is most informative: ln((1 + sqrt(1 + 8c)) / 2) / a (0 for 2PL)."""
    return math.log((1.0 + math.sqrt(1.0 + 8.0 * c)) / 2.0) / a


def _log_tables(params: ItemParams) -> tuple[np.ndarray, np.ndarray]:
    p = np.clip(probability(GRID, params), 1e-12, 1 - 1e-12)  # grid points x items
    return np.log(p), np.log1p(-p)


def eap(responses: np.ndarray, params: ItemParams) -> tuple[np.ndarray, np.ndarray]:
    """EAP theta and posterior SD for each row of `responses` (1 right, 0 wrong, NaN not given).

    Two matrix products give the log-likelihood of every examinee at every grid point; a row with
    no responses gets the prior (0, 1)."""
    weights = _unnormalised_posterior(responses, params)
    sums = weights @ MOMENTS  # total, first and second moment in one product; no normalising pass
    mean = sums[:, 1] / sums[:, 0]
    var = sums[:, 2] / sums[:, 0] - mean**2
    return mean, np.sqrt(np.maximum(var, 0.0))


def eap_one(correct: Sequence[bool | None], params: ItemParams) -> tuple[float, float]:
    """EAP for one examinee: `correct` per item, None where not administered."""
    row = np.array([np.nan if v is None else float(v) for v in correct], float)
    mean, sd = eap(row[None, :], params)
    return float(mean[0]), float(sd[0])


def posterior(responses: np.ndarray, params: ItemParams) -> np.ndarray:
    """The normalised posterior weights over GRID for every examinee (rows)."""
    post = _unnormalised_posterior(responses, params)
    return post / post.sum(axis=1, keepdims=True)


def _unnormalised_posterior(responses: np.ndarray, params: ItemParams) -> np.ndarray:
    x = np.atleast_2d(np.asarray(responses, float))
    missing = np.isnan(x)
    log_p, log_q = _log_tables(params)
    if missing.any():
        right = np.where(missing, 0.0, x)
        wrong = ~missing - right
    else:  # complete data: skip the masking
        right, wrong = x, 1.0 - x
    log_post = right @ log_p.T + wrong @ log_q.T + LOG_PRIOR
    log_post -= log_post.max(axis=1, keepdims=True)
    return np.exp(log_post)


# -- the reference scale --------------------------------------------------------------------------
def normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def percentile(theta: float) -> float:
    """Where theta falls on the reference N(0, 1), in percent (0-100)."""
    return 100.0 * normal_cdf(theta)


def sten(theta: float) -> float:
    """Sten on the reference scale: 5.5 + 2 * theta, clipped to 1-10 (continuous, not banded)."""
    return min(10.0, max(1.0, STEN_MEAN + STEN_SD * theta))


def ability_figures(theta: float, se: float) -> tuple[float, float, float, float, float, float, float, float]:
    """(theta, se, percentile, low, high, sten, low, high) with ranges from theta -+ 1 SE."""
    low, high = theta - se, theta + se
    return (round(theta, 3), round(se, 3), round(percentile(theta), 1), round(percentile(low), 1),
            round(percentile(high), 1), round(sten(theta), 2), round(sten(low), 2), round(sten(high), 2))


# -- response coding -------------------------------------------------------------------------------
def code_response(status: str, correct: bool | None) -> float:
    """1 right, 0 wrong or skipped (seen, no answer), NaN not administered (unreached)."""
    if status == "answered":
        return 1.0 if correct else 0.0
    if status == "skipped":
        return 0.0
    return math.nan


def simulate_responses(thetas: np.ndarray, params: ItemParams, rng: np.random.Generator) -> np.ndarray:
    """Right/wrong answers (1.0/0.0) of examinees of known ability, drawn from the model."""
    p = probability(np.asarray(thetas, float), params)
    return (rng.random(p.shape) < p).astype(float)
