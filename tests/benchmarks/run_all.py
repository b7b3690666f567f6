"""Benchmarks (`make bench`): start-up time of the CLI, items per second per family, and more.

Prints a Markdown table; the figures in README.md come from this script on the 2-core machine.
Each area adds a `tests/benchmarks/bench_<area>.py` module with `TARGETS` (family -> minimum
items/s with check() on) and/or `run() -> list[Row]` for its own measures; this script finds them."""

from __future__ import annotations

import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.conftest import cli_command  # noqa: E402

STARTUP_TARGET_S = 0.3
NO_SYMPY = ("import sys\nfrom engine.cli import main\nsys.argv = ['secondround', *{args!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "assert 'sympy' not in sys.modules, 'sympy was imported'\n")


def wall(args: list[str], runs: int = 15) -> float:
    """Median wall time of the real console script, in seconds."""
    env = {**os.environ, "SECONDROUND_DB": str(Path(tempfile.mkdtemp()) / "bench.db")}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([*cli_command(), *args], env=env, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def sympy_free(args: list[str]) -> bool:
    code = NO_SYMPY.format(args=args)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    return proc.returncode == 0


def items_per_second(family: str, check: bool, seconds: float = 2.0) -> float:
    from question_generators.registry import make_item

    make_item(family, 0.0, 1, check=check)  # warm caches (phrasing data, imports)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        difficulty = -3.0 + 6.0 * ((count * 0.618) % 1.0)  # sweep the whole range
        make_item(family, difficulty, count, check=check)
        count += 1
    return count / (time.perf_counter() - start)


# (measure, figure, target, met)
Row = tuple[str, str, str, bool]


def bench_modules() -> list:
    """Every `bench_*.py` beside this script, imported in name order."""
    return [importlib.import_module(f"tests.benchmarks.{path.stem}")
            for path in sorted(Path(__file__).parent.glob("bench_*.py"))]


def main() -> int:
    from question_generators.registry import family_names

    modules = bench_modules()
    targets: dict[str, float] = {}
    for module in modules:
        targets.update(getattr(module, "TARGETS", {}))
    failures = []
    print("| measure | figure | target |\n|---|---|---|")
    for label, args in (("secondround --help", ["--help"]),
                        ("secondround generate warmup", ["generate", "warmup", "--seed", "1"])):
        median = wall(args)
        clean = sympy_free(args)
        print(f"| `{label}` wall (median of 15) | {median * 1000:.0f} ms{'' if clean else ' (imports sympy!)'} "
              f"| < {STARTUP_TARGET_S * 1000:.0f} ms, no sympy |")
        if median >= STARTUP_TARGET_S or not clean:
            failures.append(label)
    for family in family_names():
        off = items_per_second(family, check=False)
        on = items_per_second(family, check=True)
        target = targets.get(family)
        print(f"| `{family}` items/s, check() off / on | {off:,.0f} / {on:,.0f} "
              f"| {f'>= {target:,.0f} (on)' if target else ''} |")
        if target and on < target:
            failures.append(family)
    for module in modules:
        for measure, figure, target_text, met in getattr(module, "run", lambda: [])():
            print(f"| {measure} | {figure} | {target_text} |")
            if not met:
                failures.append(measure)
    if failures:
        print(f"\nMISSED: {', '.join(failures)}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
