"""Files in and out, safely: every file we read has a size cap and a nesting cap, every file we write
goes through an exclusively created temporary file with a random name next to the target."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from engine.i18n import t
from question_generators.errors import SecondroundError

# Caps, generous for real use: a 500-item form with figures is about 4 MB, a 10,000-row answer
# sheet of 100 items about 2.5 MB, the largest built-in blueprint 2 KB.
MAX_FORM_BYTES = 64 * 2**20
MAX_SHEET_BYTES = 64 * 2**20
MAX_BLUEPRINT_BYTES = 1 * 2**20
MAX_DEPTH = 64  # nesting of lists and tables; our own forms nest 7 deep


class InputError(SecondroundError):
    """A file that is too large, too deeply nested or otherwise unreadable; nothing was changed."""


def size_text(size: int) -> str:
    return f"{size / 2**20:g} MB" if size >= 2**20 else f"{size / 2**10:g} KB"


def read_capped(path: Path, cap: int, what: str) -> bytes:
    """The bytes of `path`, refused (with the cap in the message) when longer than `cap`."""
    with open(path, "rb") as handle:  # OSError for the caller to word
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise InputError(t("safe.too_large", what=what, path=path, cap=size_text(cap)))
    return data


def depth(value: Any) -> int:
    """How deeply lists and dicts nest in `value` (a scalar is 0), without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict):
            children: Any = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        deepest = max(deepest, level)
        if deepest > MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1) for child in children)
    return deepest


def check_depth(value: Any, where: object) -> None:
    if depth(value) > MAX_DEPTH:
        raise InputError(t("safe.too_deep", where=where, most=MAX_DEPTH))


def loads_json(text: str, where: object) -> Any:
    """json.loads, with nesting beyond MAX_DEPTH (or the parser's own limit) refused in words.

    json.JSONDecodeError passes through for the caller; numbers too long to read are an InputError."""
    try:
        data = json.loads(text)
    except RecursionError:
        raise InputError(t("safe.too_deep", where=where, most=MAX_DEPTH)) from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InputError(t("safe.bad_number", where=where, error=exc)) from None
    check_depth(data, where)
    return data


def loads_toml(text: str, where: object) -> dict[str, Any]:
    """tomllib.loads with the same nesting rule; tomllib.TOMLDecodeError passes through."""
    import tomllib

    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise InputError(t("safe.too_deep", where=where, most=MAX_DEPTH)) from None
    except tomllib.TOMLDecodeError:
        raise
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise InputError(t("safe.bad_number", where=where, error=exc)) from None
    check_depth(data, where)
    return data


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` all at once: a temporary file created exclusively (random name, in the
    target's folder, never through a link), flushed to disk, then renamed over the target. A
    symlink planted at the target is replaced, not followed. Raises OSError; no temporary is left."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # as a plain open() would have made it
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# -- CSV cells a spreadsheet would run (OWASP "CSV injection") -----------------------------------
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def csv_cell(value: object) -> str:
    """A cell that no spreadsheet runs as a formula: text starting with = + - @ tab or CR gets a
    leading apostrophe (OWASP). A plain number such as -3.5 is left as it is: it is no formula, and
    answers and keys must read back as numbers."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_uncell(text: str) -> str:
    """A cell as csv_cell wrote it, read back: the neutralising apostrophe is taken off again."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
