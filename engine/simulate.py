"""Simulated examinees: known abilities answer fixed and adaptive forms through the engine's own
scoring and adaptive policy (no terminal), so ability recovery and test length can be measured.

Abilities are drawn from N(0, 1) with a seed; each answer is right with the model probability
P(theta) of the item (engine.irt), optionally with planted family offsets (the "truth" differs from
what the generators claim, as it would in real data: `secondround calibrate` should find them)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from engine import irt
from engine.adaptive import AdaptivePlan, run_examinee
from engine.forms import TestForm, form_id_of
from engine.store import Store
from question_generators.item import Item

Offsets = Mapping[str, tuple[float, float]]


@dataclass(frozen=True, slots=True)
class Recovery:
    """How well estimated abilities recover the true ones, and how long the tests were."""

    examinees: int
    bias: float  # mean(estimate - truth)
    rmse: float
    correlation: float
    mean_se: float  # root mean posterior variance: what the model expects the RMSE to be
    mean_length: float  # items per examinee
    reached: float  # share of examinees whose SE got to the target
    length_to_target: float | None  # mean items to reach the target, among those who reached it


def draw_thetas(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(1,))).normal(size=n)


def _recovery(truth: np.ndarray, estimates: np.ndarray, ses: np.ndarray, lengths: np.ndarray,
              to_target: np.ndarray) -> Recovery:
    error = estimates - truth
    hit = ~np.isnan(to_target)
    corr = float(np.corrcoef(estimates, truth)[0, 1]) if len(truth) > 1 and estimates.std() > 0 else math.nan
    return Recovery(len(truth), float(error.mean()), float(np.sqrt((error**2).mean())), corr,
                    float(np.sqrt((ses**2).mean())), float(lengths.mean()), float(hit.mean()),
                    float(to_target[hit].mean()) if hit.any() else None)


def fixed(items: list[Item], thetas: np.ndarray, seed: int, se_target: float = 0.35,
          calibration: Offsets | None = None, truth: Offsets | None = None) -> tuple[Recovery, np.ndarray]:
    """Every examinee answers the same items; returns the recovery and the 0/1 response matrix.

    The length to reach the SE target is counted in the form's order: after how many items the
    EAP SE first falls to the target."""
    rng = np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(2,)))
    responses = irt.simulate_responses(thetas, irt.item_parameters_of(items, truth), rng)
    params = irt.item_parameters_of(items, calibration)
    estimates, ses = irt.eap(responses, params)
    to_target = np.full(len(thetas), np.nan)
    for k in range(1, len(items) + 1):
        _, se_k = irt.eap(responses[:, :k], params.take(range(k)))
        first = np.isnan(to_target) & (se_k <= se_target)
        to_target[first] = k
    lengths = np.full(len(thetas), float(len(items)))
    return _recovery(thetas, estimates, ses, lengths, to_target), responses


def adaptive(plan: AdaptivePlan, thetas: np.ndarray, seed: int, calibration: Offsets | None = None,
             truth: Offsets | None = None) -> tuple[Recovery, list[tuple[list[Item], list[float]]]]:
    """Each examinee sits an adaptive test (own session seed) through the engine's adaptive steps."""
    rng = np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(3,)))
    estimates, ses, lengths, to_target, sittings = [], [], [], [], []
    for n, theta in enumerate(thetas):
        examinee_plan = AdaptivePlan(plan.blueprint, plan.title, _examinee_seed(seed, n), plan.families,
                                     plan.max_items, plan.min_items, plan.se_target, plan.time_limit_s)

        def answer(item: Item, theta: float = float(theta)) -> bool:
            return bool(rng.random() < irt.probability(theta, irt.item_parameters_of([item], truth))[0])

        items, coded, estimate, se = run_examinee(examinee_plan, answer, calibration=calibration, check=False)
        estimates.append(estimate)
        ses.append(se)
        lengths.append(len(items))
        to_target.append(len(items) if se <= plan.se_target else math.nan)
        sittings.append((items, coded))
    return (_recovery(thetas, np.array(estimates), np.array(ses), np.array(lengths, float),
                      np.array(to_target, float)), sittings)


def _examinee_seed(seed: int, n: int) -> int:
    words = np.random.SeedSequence(entropy=seed, spawn_key=(4, n)).generate_state(2, np.uint32)
    return (int(words[0]) << 16) ^ int(words[1])


# -- storing simulated sittings (for `calibrate`) ------------------------------------------------
def wrong_answer(item: Item) -> str:
    """A response that grades as wrong: another option, or a number off the key."""
    if item.entry is not None:
        return str(item.entry.value + 10 * (abs(item.entry.tolerance) + 1))
    return "A" if item.key_letter != "A" else "B"


def store_sittings(store: Store, form: TestForm, responses: np.ndarray, *, candidate_prefix: str = "sim") -> int:
    """Save each row of `responses` (1, 0, NaN) as a finished session of `form`, marked 'simulated'.
    One transaction for all of them; returns how many were stored."""
    text = form.to_json()
    form_id = form_id_of(text)
    store.save_form(form_id, form.blueprint, form.title, form.seed, text)
    items = form.items
    sections = [form.section_of(p) for p in range(len(items))]
    limits = [s.time_limit_s * 1000 for s in form.sections]
    sittings = []
    for row in responses:
        rows = []
        for position, (item, value) in enumerate(zip(items, row, strict=True)):
            if np.isnan(value):
                rows.append((sections[position], item.id, item.fingerprint(), item.family, "unreached", None, None))
            else:
                response = item.key_letter if value else wrong_answer(item)
                rows.append((sections[position], item.id, item.fingerprint(), item.family, "answered",
                             response, bool(value)))
        sittings.append(rows)
    store.add_finished_sessions(form_id, limits, sittings, source="simulated", candidate_prefix=candidate_prefix)
    return len(sittings)


def store_adaptive(store: Store, plan: AdaptivePlan, sittings: list[tuple[list[Item], list[float]]],
                   candidate_prefix: str = "sim-adaptive") -> int:
    """Save simulated adaptive sittings, each as a finished session of the items it was given."""
    from engine.forms import FormSection

    for n, (items, coded) in enumerate(sittings):
        section = FormSection("adaptive", plan.title, plan.time_limit_s, tuple(items))
        form = TestForm(blueprint=plan.blueprint, title=plan.title, seed=_examinee_seed(plan.seed, n),
                        sections=(section,))
        store_sittings(store, form, np.array([coded]), candidate_prefix=f"{candidate_prefix}-{n}")
    return len(sittings)
