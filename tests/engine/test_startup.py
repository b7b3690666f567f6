"""Start-up stays light: --help and generating a warm-up never import sympy (or Jinja2)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CODE = """
import sys
from engine.cli import main
sys.argv = ['secondround', *{args!r}]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
heavy = sorted(m for m in ('sympy', 'jinja2') if m in sys.modules)
assert not heavy, heavy
"""


@pytest.mark.parametrize("args", [["--help"], ["families"], ["generate", "warmup", "--seed", "3"]])
def test_no_heavy_imports_on_the_start_up_path(args: list[str], tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-c", CODE.format(args=args)], capture_output=True, text=True,
                          env={"SECONDROUND_DB": str(tmp_path / "s.db"), "PATH": ""})
    assert proc.returncode == 0, proc.stderr


NO_NUMPY = """
import sys
from engine.cli import main
sys.argv = ['secondround', *{args!r}]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
assert 'numpy' not in sys.modules
"""


@pytest.mark.parametrize("args", [["--help"], ["simulate", "--help"], ["calibrate", "--help"], ["take", "--help"]])
def test_help_does_not_import_numpy(args: list[str], tmp_path) -> None:
    proc = subprocess.run([sys.executable, "-c", NO_NUMPY.format(args=args)], capture_output=True, text=True,
                          env={"SECONDROUND_DB": str(tmp_path / "s.db"), "PATH": ""})
    assert proc.returncode == 0, proc.stderr
