"""Coach workflow speed: schema validation of a form, every export format and grading answer sheets
(30 rows and 10,000 rows), on the 18-item numerical form."""

from __future__ import annotations

import json
import time

TARGETS: dict[str, float] = {}
VALIDATE_TARGET_MS = 20.0  # checked on every load: must stay invisible
EXPORT_TARGET_MS = 200.0  # per export, PDF excluded
GRADE_TARGET_S = 3.0  # a class of 30 answer sheets read, graded and stored
BIG_SHEET_ROWS = 10_000
BIG_SHEET_TARGET_S = 2.0  # issue 16: 10,000 rows read, checked and stored (was 2 ms a row: 20 s)


def _ms(action, runs: int = 20) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2] * 1000


def run() -> list[tuple[str, str, str, bool]]:
    from engine.blueprints import load_blueprint
    from engine.forms import assemble
    from engine.schema_check import validate
    from reports.exports import FORMATS, Options, writer

    form = assemble(load_blueprint("numerical"), 7)
    data = json.loads(form.to_json())
    rows = []
    ms = _ms(lambda: validate(data))
    rows.append(("schema validation, 18-item form (median)", f"{ms:.1f} ms", f"< {VALIDATE_TARGET_MS:.0f} ms",
                 ms < VALIDATE_TARGET_MS))
    options = Options(skip_figures=True)  # GIFT cannot carry the charts; the other formats ignore it
    for name in FORMATS:
        module = writer(name)
        module.export(form, options)  # warm up templates and imports
        ms = _ms(lambda module=module: module.export(form, options))
        rows.append((f"export --format {name}, 18 items (median)", f"{ms:.1f} ms", f"< {EXPORT_TARGET_MS:.0f} ms",
                     ms < EXPORT_TARGET_MS))
    rows.append(_grading(form))
    rows.extend(_big_sheet(form))
    return rows


def big_sheet(form, path, rows: int = BIG_SHEET_ROWS) -> None:  # type: ignore[no-untyped-def]
    """An answer sheet of `rows` candidates: letters spread over the options, some blanks, the
    numeric items answered with their key (negative keys included)."""
    import random

    rng = random.Random(16)
    header = "candidate," + ",".join(str(n) for n in range(1, len(form.items) + 1))
    lines = [header]
    for n in range(rows):
        cells = [item.key_letter if item.entry is not None else rng.choice("ABCDEFGH"[:len(item.options)] + "-")
                 for item in form.items]
        lines.append(f"Candidate {n}," + ",".join("" if c == "-" else c for c in cells))
    path.write_text("\n".join(lines) + "\n")


def _big_sheet(form) -> list[tuple[str, str, str, bool]]:  # type: ignore[no-untyped-def]
    """Grading a 10,000-row sheet: the library path (read, check, store in one transaction) and the
    real `secondround grade` command end to end (start-up, form check and summary included)."""
    import os
    import subprocess
    import tempfile
    from pathlib import Path

    from engine.grading import read_sheet, store_rows
    from engine.store import Store
    from tests.conftest import cli_command

    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "answers.csv"
        big_sheet(form, sheet)
        store = Store.open(Path(folder) / "store.db")
        start = time.perf_counter()
        rows, _ = read_sheet(form, sheet)
        store_rows(store, form, [(row, ()) for row in rows], "bench", "en")
        seconds = time.perf_counter() - start
        store.close()
        form_file = Path(folder) / "form.json"
        form_file.write_text(form.to_json())
        env = {**os.environ, "SECONDROUND_DB": str(Path(folder) / "cli.db")}
        start = time.perf_counter()
        subprocess.run([*cli_command(), "grade", str(form_file), str(sheet), "--group", "bench"], env=env,
                       capture_output=True, check=True)
        wall = time.perf_counter() - start
    label = f"{BIG_SHEET_ROWS:,} rows x {len(form.items)} items"
    return [(f"grade a {label} sheet (read, check, store)", f"{seconds:.2f} s", f"< {BIG_SHEET_TARGET_S:.0f} s",
             seconds < BIG_SHEET_TARGET_S),
            (f"`secondround grade`, {label} (wall, start-up included)", f"{wall:.2f} s",
             f"< {BIG_SHEET_TARGET_S:.0f} s", wall < BIG_SHEET_TARGET_S)]


def _grading(form) -> tuple[str, str, str, bool]:  # type: ignore[no-untyped-def]
    import tempfile
    from pathlib import Path

    from engine.grading import read_sheet, store_rows
    from engine.store import Store

    with tempfile.TemporaryDirectory() as folder:
        sheet = Path(folder) / "answers.csv"
        keys = [item.key_letter for item in form.items]
        lines = ["candidate," + ",".join(str(n) for n in range(1, len(keys) + 1))]
        lines += [f"Candidate {n}," + ",".join(keys) for n in range(30)]
        sheet.write_text("\n".join(lines) + "\n")
        store = Store.open(Path(folder) / "store.db")
        start = time.perf_counter()
        rows, _ = read_sheet(form, sheet)
        store_rows(store, form, [(row, ()) for row in rows], "bench", "en")
        seconds = time.perf_counter() - start
        store.close()
    return ("grade a 30-row answer sheet (read, check, store)", f"{seconds:.2f} s", f"< {GRADE_TARGET_S:.0f} s",
            seconds < GRADE_TARGET_S)


if __name__ == "__main__":
    for row in run():
        print(row)
