"""Speed of the scoring engine: EAP of 1,000 examinees x 40 items against a plain vectorised numpy
EAP (the floor any implementation pays), and the adaptive step (update theta, choose the target,
generate and check the next item)."""

from __future__ import annotations

import statistics
import time

import numpy as np

EAP_RATIO_TARGET = 1.5
STEP_TARGET_MS = 5.0


def plain_eap(x: np.ndarray, a: np.ndarray, b: np.ndarray, grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The textbook version: complete 0/1 data, 2PL, two matrix products, nothing else."""
    p = 1.0 / (1.0 + np.exp(-a * (grid[:, None] - b)))
    log_post = x @ np.log(p).T + (1.0 - x) @ np.log1p(-p).T - 0.5 * grid**2
    post = np.exp(log_post - log_post.max(axis=1, keepdims=True))
    post /= post.sum(axis=1, keepdims=True)
    mean = post @ grid
    return mean, np.sqrt(post @ grid**2 - mean**2)


def _median_ms(fn, repeats: int = 200) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def eap_figures() -> tuple[float, float]:
    """(engine ms, plain ms) for 1,000 x 40, both measured here, interleaved to share the noise."""
    from engine import irt

    rng = np.random.default_rng(1)
    params = irt.ItemParams(np.full(40, 1.0), np.linspace(-2.5, 2.5, 40), np.zeros(40))
    x = irt.simulate_responses(rng.normal(size=1000), params, rng)
    engine_ms = _median_ms(lambda: irt.eap(x, params))
    plain_ms = _median_ms(lambda: plain_eap(x, params.a, params.b, irt.GRID))
    assert np.allclose(irt.eap(x, params)[0], plain_eap(x, params.a, params.b, irt.GRID)[0])
    return engine_ms, plain_ms


def every_family_blueprint():  # type: ignore[no-untyped-def]
    """A blueprint with one part per registered family: the adaptive step over all of them."""
    from engine.blueprints import parse_blueprint
    from question_generators.registry import family_names

    parts = "".join(f'[[section.part]]\nfamily = "{f}"\ncount = 1\n' for f in family_names())
    return parse_blueprint(f'name = "all"\n[[section]]\nname = "all"\nminutes = 60\n{parts}', "all families")


def adaptive_step_ms(blueprint=None, steps: int = 300) -> float:  # type: ignore[no-untyped-def]
    """Median time of one adaptive step at test lengths 0-29 (default: numerical; check() on)."""
    from engine.adaptive import AdaptivePlan, step
    from engine.blueprints import load_blueprint

    plan = AdaptivePlan.from_blueprint(blueprint or load_blueprint("numerical"), 1)
    rng = np.random.default_rng(2)
    times: list[float] = []
    while len(times) < steps:
        items, coded, seen = [], [], set()
        plan = AdaptivePlan(plan.blueprint, plan.title, plan.seed + 1, plan.families, 30, 30, 0.1,
                            plan.time_limit_s)
        while True:
            start = time.perf_counter()
            item, _, _ = step(plan, items, coded, seen)
            times.append(time.perf_counter() - start)
            if item is None:
                break
            seen.add(item.fingerprint())
            items.append(item)
            coded.append(float(rng.random() < 0.6))
    return 1000 * statistics.median(times)


def run() -> list[tuple[str, str, str, bool]]:
    engine_ms, plain_ms = eap_figures()
    step_ms = adaptive_step_ms()
    all_ms = adaptive_step_ms(every_family_blueprint())
    ratio = engine_ms / plain_ms
    return [
        ("EAP 1,000 examinees x 40 items (engine.irt)", f"{engine_ms:.2f} ms", "", True),
        ("EAP 1,000 x 40, plain numpy 2PL reference", f"{plain_ms:.2f} ms", "", True),
        ("EAP engine / plain", f"{ratio:.2f}x", f"<= {EAP_RATIO_TARGET}x", ratio <= EAP_RATIO_TARGET),
        ("adaptive step (theta, target, generate + check)", f"{step_ms:.2f} ms median",
         f"< {STEP_TARGET_MS:g} ms", step_ms < STEP_TARGET_MS),
        ("adaptive step, every registered family in turn", f"{all_ms:.2f} ms median",
         f"< {STEP_TARGET_MS:g} ms", all_ms < STEP_TARGET_MS),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
