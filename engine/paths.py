"""Where the store lives: --db, then $SECONDROUND_DB, then the XDG data directory."""

from __future__ import annotations

import os
from pathlib import Path


def default_db_path() -> Path:
    if os.environ.get("SECONDROUND_DB"):
        return Path(os.environ["SECONDROUND_DB"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "secondround" / "secondround.db"
