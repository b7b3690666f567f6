"""The one project error type, and its kinds: every bad input ends in one of these."""

from __future__ import annotations


class SecondroundError(Exception):
    """A problem the user can fix: shown as one clear message, never a traceback."""

    exit_code = 2


class UnknownFamilyError(SecondroundError):
    """A family name that no registered generator provides."""


class ItemCheckError(SecondroundError):
    """An item whose key could not be verified, or that has more or fewer than one correct option."""

    exit_code = 3


class InvalidResponseError(SecondroundError):
    """An answer that is not one of the item's options or not a number."""
