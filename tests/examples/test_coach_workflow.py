"""examples/coach/README.md is a working walk-through: every `secondround` line in its sh blocks runs."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from engine.forms import TestForm
from tests.conftest import ROOT

README = ROOT / "examples" / "coach" / "README.md"


def commands() -> list[list[str]]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return [shlex.split(line)[1:] for block in blocks for line in block.splitlines() if line.startswith("secondround")]


def test_the_walk_through_runs(run, tmp_path: Path) -> None:
    steps = commands()
    assert len(steps) >= 10
    for args in steps:
        if args[0] == "grade":  # the hand-filled step: everyone right but one question skipped
            form = TestForm.load(tmp_path / "spring.json")
            sheet = tmp_path / "spring-answers.csv"
            header, *rows = sheet.read_text(encoding="utf-8-sig").splitlines()
            answers = [item.key_letter for item in form.items]
            filled = [row.split(",")[0] + "," + ",".join(["", *answers[1:]]) for row in rows]
            sheet.write_text("\n".join([header, *filled]) + "\n", encoding="utf-8")
        result = run(*args)
        assert result.code == 0, (args, result.err)
        if args[0] == "grade":
            assert "Ada Lovelace" in result.out and "17/18" in result.out
    for name in ("spring-booklet.html", "spring-key.html", "spring-qti.zip", "spring-moodle.xml"):
        assert (tmp_path / name).stat().st_size > 1000
