"""The message catalogue: every message the code asks for exists, and languages fall back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.i18n import catalogue, t

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_{}.]+)["']""")


def used_keys() -> set[str]:
    keys = set()
    for folder in ("engine", "reports"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html"):
                keys |= set(CALL.findall(path.read_text(encoding="utf-8")))
    return keys


def test_every_message_used_exists() -> None:
    english = catalogue("en")
    used = used_keys()
    assert len(used) > 40
    dynamic = {k for k in used if "{" in k}
    missing = sorted(k for k in used - dynamic if k not in english)
    assert not missing, f"messages used but not in en.toml: {missing}"
    for pattern in dynamic:  # e.g. take.status_{state.status}
        prefix = pattern.split("{")[0]
        assert any(k.startswith(prefix) for k in english), pattern


def test_fields_are_filled_and_unknown_language_falls_back() -> None:
    assert t("take.flag_on", number=3) == "Item 3 flagged."
    assert t("take.flag_on", lang="xx", number=3) == "Item 3 flagged."
    with pytest.raises(KeyError):
        t("no.such_message")
