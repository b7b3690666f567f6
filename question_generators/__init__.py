"""The item contract and every item family: knows nothing of the engine or the reports.

Names are loaded on first use, so that importing a light module such as
`question_generators.errors` does not pull in numpy (the CLI's --help stays instant)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "BaseGenerator": "base", "Generator": "base",
    "ItemCheckError": "errors", "SecondroundError": "errors", "UnknownFamilyError": "errors",
    "Figure": "figures", "Svg": "figures", "Table": "figures", "TextBlock": "figures",
    "LETTERS": "item", "SECTIONS": "item", "Item": "item", "ItemId": "item",
    "NumericEntry": "item", "Option": "item",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"question_generators.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'question_generators' has no attribute {name!r}")
