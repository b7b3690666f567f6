"""Shared parts of the server benchmarks: start `secondround serve` and read back its address."""

from __future__ import annotations

import os
import re
import subprocess

# The address serve prints on stderr: the port and the one-time token of the local page.
URL_RE = re.compile(rb"https?://127\.0\.0\.1:(\d+)/\?token=\S+")


def launch(args: list[str], *, new_session: bool = False) -> tuple[subprocess.Popen, re.Match[bytes]]:
    """`secondround <args> serve --port 0 --no-open ...` in a subprocess, once it has printed its URL.

    `args` are the global options and serve's own, in order (["--db", path, "serve", ...] without
    --port and --no-open, which are added after "serve"). A new session lets a caller signal the
    server and its workers together.
    """
    from tests.conftest import cli_command

    at = args.index("serve") + 1
    command = [*cli_command(), *args[:at], "--port", "0", "--no-open", *args[at:]]
    proc = subprocess.Popen(command, env={**os.environ, "PYTHONUNBUFFERED": "1"}, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=new_session)
    line = b""
    while not (match := URL_RE.search(line)):
        line = proc.stderr.readline()  # type: ignore[union-attr]
        if not line and proc.poll() is not None:
            raise RuntimeError("secondround serve did not start")
    return proc, match


def percentile(values: list[float], share: float) -> float:
    """The value at `share` of the sorted values (nearest rank); NaN for none."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")
