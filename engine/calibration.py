"""Calibration: re-estimate each family's difficulty offset (and discrimination scale, when there
is enough data) from stored responses, by marginal maximum likelihood with EM over the grid.

Model: for an item of family f with generator parameters (a, b, c),

    P(correct | theta) = c + (1 - c) / (1 + exp(-s_f * a * (theta - b - d_f)))

so the generators' difficulty models keep the order of items within a family and the calibration
moves the family as a whole: d_f is how much harder the family really is than its model says,
s_f how much more (or less) it discriminates. Every finished, expired or abandoned session is one
examinee with theta ~ N(0, 1): the calibration sample fixes the reference scale (a population of
strong candidates makes every family look easier; say so when reading the offsets).

EM (Bock-Aitkin): the E-step gives each examinee's posterior over the 61-point grid under the
current parameters; the M-step maximises, family by family, the expected complete-data log
likelihood with a few Fisher-scoring steps in (d_f, s_f). Skipped items count as wrong and
unreached ones are left out, as in scoring. The offset SE reported is the M-step's Fisher
information, an approximation that ignores the uncertainty of the posteriors (slightly small)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from engine import irt
from engine.forms import TestForm
from engine.store import Store

MIN_SESSIONS = 30  # fewer examinees cannot pin down anything
MIN_RESPONSES = 200  # per family, for its difficulty offset
MIN_FOR_SCALE = 2000  # per family, before its discrimination scale is estimated too
MAX_ITERATIONS = 200
TOLERANCE = 1e-4
SCALE_RANGE = (0.25, 4.0)
OFFSET_RANGE = (-4.0, 4.0)
DENSE_CELLS = 4_000_000  # examinees x distinct items up to which the E-step uses dense matrices


@dataclass(frozen=True, slots=True)
class FamilyCalibration:
    family: str
    offset: float
    scale: float
    offset_se: float
    responses: int
    sessions: int
    scale_estimated: bool


@dataclass(slots=True)
class Observations:
    """One row per administered response, grouped by examinee (contiguous rows), pointing at a table
    of distinct items (their generator parameters and family)."""

    item: np.ndarray  # item index per row
    x: np.ndarray  # 1 right, 0 wrong, per row
    examinee: np.ndarray  # examinee index per row
    starts: np.ndarray  # first row of each examinee
    family: np.ndarray  # family index per item
    families: list[str]
    a: np.ndarray  # per item
    b: np.ndarray
    c: np.ndarray

    @property
    def examinees(self) -> int:
        return len(self.starts)


def gather(store: Store) -> Observations:
    """Every administered response of every closed session, with its item's generator parameters."""
    forms: dict[str, list] = {}
    names: dict[str, int] = {}
    index: dict[str, int] = {}
    family, a, b, c = [], [], [], []
    item, x, examinee, starts = [], [], [], []
    for record in store.sessions(status=("finished", "expired", "abandoned")):
        if record.form_id not in forms:
            data = json.loads(store.form_json(record.form_id))
            forms[record.form_id] = TestForm.from_dict(data, f"form {record.form_id}").items
        items = forms[record.form_id]
        rows = [(items[r.position], irt.code_response(r.status, r.correct)) for r in store.responses(record.id)
                if r.position < len(items)]
        rows = [(it, value) for it, value in rows if not np.isnan(value)]
        if not rows:
            continue
        starts.append(len(x))
        for it, value in rows:
            key = it.id or it.fingerprint()
            if key not in index:
                index[key] = len(a)
                family.append(names.setdefault(it.family, len(names)))
                a.append(it.discrimination)
                b.append(it.difficulty)
                c.append(it.guessing)
            item.append(index[key])
            x.append(value)
            examinee.append(len(starts) - 1)
    return Observations(np.array(item, int), np.array(x, float), np.array(examinee, int), np.array(starts, int),
                        np.array(family, int), list(names), np.array(a, float), np.array(b, float),
                        np.array(c, float))


def _log_tables(obs: Observations, offset: np.ndarray, scale: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log P and log (1 - P) of every distinct item (rows) at every grid point (columns)."""
    f = obs.family
    z = (scale[f] * obs.a)[:, None] * (irt.GRID[None, :] - (obs.b + offset[f])[:, None])
    p = np.clip(obs.c[:, None] + (1.0 - obs.c[:, None]) / (1.0 + np.exp(-z)), 1e-12, 1 - 1e-12)
    return np.log(p), np.log1p(-p)


def _posteriors(obs: Observations, log_p: np.ndarray, log_q: np.ndarray) -> np.ndarray:
    """E-step: each examinee's posterior over the grid (examinees x grid points)."""
    ll = np.where(obs.x[:, None] == 1.0, log_p[obs.item], log_q[obs.item])
    log_post = np.add.reduceat(ll, obs.starts, axis=0) + irt.LOG_PRIOR
    log_post -= log_post.max(axis=1, keepdims=True)
    post = np.exp(log_post)
    return post / post.sum(axis=1, keepdims=True)


def _expected_counts(obs: Observations, post: np.ndarray, order: np.ndarray,
                     item_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct item and grid point: expected examinees (n) and expected right answers (r)."""
    w = post[obs.examinee[order]]
    n = np.add.reduceat(w, item_starts, axis=0)
    r = np.add.reduceat(w * obs.x[order][:, None], item_starts, axis=0)
    return n, r


def _m_step(obs: Observations, n: np.ndarray, r: np.ndarray, items: np.ndarray, offset: float, scale: float,
            fit_scale: bool, steps: int = 3) -> tuple[float, float, float]:
    """Fisher scoring on one family's expected log likelihood; returns (offset, scale, offset SE)."""
    a, b, c = obs.a[items][:, None], obs.b[items][:, None], obs.c[items][:, None]
    n, r = n[items], r[items]
    info_dd = 1.0
    for _ in range(steps):
        dist = irt.GRID[None, :] - b - offset
        sig = 1.0 / (1.0 + np.exp(-scale * a * dist))
        p = np.clip(c + (1 - c) * sig, 1e-9, 1 - 1e-9)
        dp_dz = (1 - c) * sig * (1 - sig)
        resid = (r - n * p) / (p * (1 - p)) * dp_dz  # d expected loglik / dz
        fisher = n * dp_dz**2 / (p * (1 - p))
        dz_dd = -scale * a
        dz_ds = a * dist
        grad = np.array([(resid * dz_dd).sum(), (resid * dz_ds).sum()])
        info = np.array([[(fisher * dz_dd**2).sum(), (fisher * dz_dd * dz_ds).sum()],
                         [(fisher * dz_dd * dz_ds).sum(), (fisher * dz_ds**2).sum()]])
        info_dd = info[0, 0]
        delta = (np.linalg.solve(info + 1e-9 * np.eye(2), grad) if fit_scale
                 else np.array([grad[0] / info[0, 0], 0.0]))
        offset = float(np.clip(offset + delta[0], *OFFSET_RANGE))
        scale = float(np.clip(scale + delta[1], *SCALE_RANGE))
    return offset, scale, float(1.0 / np.sqrt(max(info_dd, 1e-12)))


def calibrate(obs: Observations, min_responses: int = MIN_RESPONSES,
              min_for_scale: int = MIN_FOR_SCALE) -> tuple[list[FamilyCalibration], int]:
    """MML-EM estimates for every family with enough responses; returns them and the iterations used."""
    k = len(obs.families)
    offset, scale, se = np.zeros(k), np.ones(k), np.full(k, np.nan)
    row_family = obs.family[obs.item]
    counts = np.bincount(row_family, minlength=k)
    items_of = [np.flatnonzero(obs.family == f) for f in range(k)]
    fitted = [f for f in range(k) if counts[f] >= min_responses]
    order = np.argsort(obs.item, kind="stable")
    item_starts = np.flatnonzero(np.r_[True, np.diff(obs.item[order]) != 0])
    dense = obs.examinees * len(obs.a) <= DENSE_CELLS  # shared forms: matrix products are much faster
    if dense:
        given = np.zeros((obs.examinees, len(obs.a)))
        right = np.zeros_like(given)
        np.add.at(given, (obs.examinee, obs.item), 1.0)
        np.add.at(right, (obs.examinee, obs.item), obs.x)
    iterations = 0
    while iterations < MAX_ITERATIONS:
        iterations += 1
        log_p, log_q = _log_tables(obs, offset, scale)
        if dense:
            log_post = right @ (log_p - log_q) + given @ log_q + irt.LOG_PRIOR
            post = np.exp(log_post - log_post.max(axis=1, keepdims=True))
            post /= post.sum(axis=1, keepdims=True)
            n, r = given.T @ post, right.T @ post
        else:
            n, r = _expected_counts(obs, _posteriors(obs, log_p, log_q), order, item_starts)
        before = np.concatenate([offset, scale])
        for f in fitted:
            offset[f], scale[f], se[f] = _m_step(obs, n, r, items_of[f], offset[f], scale[f],
                                                 counts[f] >= min_for_scale)
        if np.abs(np.concatenate([offset, scale]) - before).max() < TOLERANCE:
            break
    sessions = [len(np.unique(obs.examinee[row_family == f])) for f in range(k)]
    return [FamilyCalibration(obs.families[f], round(float(offset[f]), 4), round(float(scale[f]), 4),
                              round(float(se[f]), 4), int(counts[f]), sessions[f], bool(counts[f] >= min_for_scale))
            for f in fitted], iterations
