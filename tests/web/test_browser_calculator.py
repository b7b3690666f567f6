"""The calculator's parser (engine/web/static/calculator.js) under Node's test runner: precedence,
percent as on a pocket calculator, memory-ready results, and a clear error for bad input."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

NODE = shutil.which("node")
TESTS = Path(__file__).with_name("calculator.test.mjs")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed (Debian: apt-get install nodejs)")
def test_calculator_parser_under_node() -> None:
    proc = subprocess.run([NODE, "--test", str(TESTS)], capture_output=True, text=True, timeout=60,
                          cwd=TESTS.parent)
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout and "# pass 6" in proc.stdout, proc.stdout[-2000:]
