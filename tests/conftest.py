"""Shared fixtures: a private store per test, the real CLI in a subprocess, the example plug-in."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from engine.store import Store
from tests.factories import FakeClock

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_DIR = ROOT / "examples" / "plugin"


def cli_command() -> list[str]:
    """The installed console script when there is one (what users run), else `python -m engine`."""
    script = Path(sys.executable).parent / "secondround"
    return [str(script)] if script.exists() else [sys.executable, "-m", "engine"]


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store.db"


@pytest.fixture
def run(db_path: Path, tmp_path: Path):
    """Run `secondround ARGS` in a real subprocess with answers on stdin; never a traceback."""

    def _run(*args: str, input: str | None = "", env: dict[str, str] | None = None,
             timeout: float = 60, cwd: Path | None = None) -> Result:
        full_env = {**os.environ, "SECONDROUND_DB": str(db_path), "SECONDROUND_LANG": "en"}
        full_env.pop("SECONDROUND_DEBUG", None)
        full_env.update(env or {})
        proc = subprocess.run([*cli_command(), *args], input=input, capture_output=True, text=True,
                              env=full_env, timeout=timeout, cwd=cwd or tmp_path)
        assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return _run


def write_plugin_metadata(folder: Path) -> dict[str, str]:
    """Make the example plug-in discoverable without pip: a dist-info with its entry point, as pip
    would write it, on PYTHONPATH. Returns the environment to use."""
    info = folder / "secondround_example_plugin-0.1.0.dist-info"
    info.mkdir(parents=True, exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: secondround-example-plugin\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(
        "[secondround.generators]\nexample.unit_digit = secondround_example.unit_digit:UnitDigitGenerator\n")
    path = os.pathsep.join([str(folder), str(PLUGIN_DIR), os.environ.get("PYTHONPATH", "")])
    return {"PYTHONPATH": path}


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    return write_plugin_metadata(tmp_path / "site")


@pytest.fixture
def store(db_path: Path):
    opened = Store.open(db_path)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def pg_cluster_url():
    """A throwaway PostgreSQL cluster for the whole run (tests/pg_cluster.py); skips with the reason
    when PostgreSQL or psycopg is missing."""
    from tests import pg_cluster

    reason = pg_cluster.why_not()
    if reason:
        pytest.skip(reason)
    with pg_cluster.cluster() as url:
        yield url


@pytest.fixture
def pg_url(pg_cluster_url: str, request) -> str:
    """A URL whose search_path is a new empty schema: each test starts from an empty database."""
    import re

    from tests import pg_cluster

    name = "t_" + re.sub(r"\W", "_", request.node.name)[-50:].lower()
    return pg_cluster.fresh_schema(pg_cluster_url, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, db_path: Path) -> str:
    """The store's location in each dialect: a SQLite file, and an empty PostgreSQL schema (skipped,
    with the reason, when PostgreSQL or psycopg is missing)."""
    if request.param == "sqlite":
        return str(db_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_store(store_url: str):
    """`store`, once over SQLite and once over PostgreSQL."""
    opened = Store.open(store_url)
    yield opened
    opened.close()
