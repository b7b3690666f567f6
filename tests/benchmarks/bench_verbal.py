"""Speed targets for the verbal families (issue 4): items/s with check() on, through make_item.

The issue asks for at least 2,000 passages-with-statements and 20,000 vocabulary items per
second. `run()` adds the same figures per CPU-second of this process, which shows the code's own
speed when the 2-core machine is shared (wall-clock rates fall with the load average)."""

from __future__ import annotations

import os
import time

VOCABULARY = ("verbal.synonym", "verbal.antonym", "verbal.analogy", "verbal.odd_one_out", "verbal.completion")
TARGETS = {"verbal.passage": 2_000, **dict.fromkeys(VOCABULARY, 20_000)}


def per_cpu_second(family: str, seconds: float = 1.5) -> float:
    from question_generators.registry import make_item

    for n in range(200):  # warm the lexicon, closures and phrase caches
        make_item(family, -3.0 + 6.0 * ((n * 0.618) % 1.0), n)
    count, start = 0, time.process_time()
    while time.process_time() - start < seconds:
        make_item(family, -3.0 + 6.0 * ((count * 0.618) % 1.0), count)
        count += 1
    return count / (time.process_time() - start)


def run() -> list[tuple[str, str, str, bool]]:
    load = os.getloadavg()[0]
    rows = []
    for family, target in TARGETS.items():
        rate = per_cpu_second(family)
        rows.append((f"`{family}` items per CPU-second, check() on (load average {load:.1f})",
                     f"{rate:,.0f}", f">= {target:,}", rate >= target))
    return rows
