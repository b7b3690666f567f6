"""The one project error type, and its kinds: every bad input ends in one of these."""

from __future__ import annotations


class SecondroundError(Exception):
    """A problem the user can fix: shown as one clear message, never a traceback.

    `key` and `params` let the CLI show the message from its catalogue in the user's language;
    the English text passed as `message` is what `str()` gives everywhere else."""

    exit_code = 2

    def __init__(self, message: str, *, key: str | None = None, **params: object) -> None:
        super().__init__(message)
        self.key = key
        self.params = params


class UnknownFamilyError(SecondroundError):
    """A family name that no registered generator provides."""


class ItemCheckError(SecondroundError):
    """An item whose key could not be verified, or that has more or fewer than one correct option."""

    exit_code = 3


class InvalidResponseError(SecondroundError):
    """An answer that is not one of the item's options or not a number."""
