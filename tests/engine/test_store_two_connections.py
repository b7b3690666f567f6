"""Two connections to one store in one process, and a reader in another: no answer is lost."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from engine.store import Store

ROOT = Path(__file__).resolve().parents[2]
READ = ("import sys; from engine.store import Store; s = Store.open(sys.argv[1]); "
        "print(','.join(r[0] for r in s.conn.execute('SELECT id FROM forms ORDER BY id'))); s.close()")


def other_process(db: Path) -> str:
    """Open, read and close the store from another process, as a test or a second command does."""
    return subprocess.run([sys.executable, "-c", READ, str(db)], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def test_a_second_open_in_this_process_keeps_the_first_ones_lock(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    first = Store.open(db)
    first.save_form("a", "bp", "A", 1, "{}")
    second = Store.open(db)  # POSIX: a raw open/close of the file here would drop first's lock
    assert other_process(db) == "a"  # its close must not take itself for the last connection
    first.save_form("b", "bp", "B", 2, "{}")  # written to the WAL that must still be there
    assert other_process(db) == "a,b"
    second.close()
    second.close()  # twice is harmless
    first.save_form("c", "bp", "C", 3, "{}")
    assert other_process(db) == "a,b,c"
    first.close()
    assert other_process(db) == "a,b,c"
