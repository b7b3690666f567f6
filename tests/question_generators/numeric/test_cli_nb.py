"""Issue 18: a Bokmål numerical set from the command line: numerical-quick in nb is written in
Bokmål for the families that speak it, reproducible byte for byte, and validates."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.conftest import cli_command


def _generate(tmp_path: Path, out: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SECONDROUND_DB": str(tmp_path / "s.db"), "SECONDROUND_LANG": "nb"}
    return subprocess.run([*cli_command(), "generate", "numerical-quick", "--seed", "11", "-o", str(out)],
                          env=env, capture_output=True, text=True, check=False)


def test_a_bokmal_numerical_set_is_reproducible_and_valid(tmp_path: Path) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert _generate(tmp_path, first).returncode == 0 and _generate(tmp_path, second).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    items = list(_items(json.loads(first.read_text())))
    bokmal = {i["family"] for i in items if i.get("lang") == "nb"}
    assert {"numeric.percent_ratio", "numeric.word_problem", "numeric.estimation"} <= bokmal
    for item in items:
        if item.get("lang") == "nb":
            text = json.dumps(item, ensure_ascii=False)
            assert item["id"].endswith("@nb") and "÷" not in text and "£" not in text, item["id"]
    env = {**os.environ, "SECONDROUND_DB": str(tmp_path / "s.db")}
    checked = subprocess.run([*cli_command(), "validate", str(first)], env=env, capture_output=True, text=True,
                             check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _items(node: object):  # type: ignore[no-untyped-def]
    """Every item in a written set (dicts with a family and an id), wherever it is nested."""
    if isinstance(node, dict):
        if "family" in node and "id" in node:
            yield node
        for value in node.values():
            yield from _items(value)
    elif isinstance(node, list):
        for value in node:
            yield from _items(value)
