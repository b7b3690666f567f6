"""Command-line number types that read only what people mean: ASCII digits, a bounded length."""

from __future__ import annotations

import click

from engine.cli.helptext import cli_text


class Whole(click.ParamType):
    """A whole number from `low` to `high`: '²', '٣' and 5,000-digit values get one short message."""

    name = "integer"

    def __init__(self, low: int = 0, high: int = 2**63 - 1) -> None:
        self.low, self.high = low, high

    def convert(self, value, param, ctx):  # type: ignore[no-untyped-def]
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip()
            digits = text[1:] if text[:1] in "+-" else text
            if not (digits.isascii() and digits.isdigit()):
                shown = text if len(text) <= 20 else text[:17] + "..."
                self.fail(cli_text("{shown!r} is not a whole number (digits 0-9)").format(shown=shown), param, ctx)
            if len(digits) > len(str(self.high)):
                self.fail(cli_text("a number of {digits} digits; the range is {low} to {high}").format(
                    digits=len(digits), low=self.low, high=self.high), param, ctx)
            number = int(text)
        if not self.low <= number <= self.high:
            self.fail(cli_text("{number} is not in the range {low} to {high}").format(
                number=number, low=self.low, high=self.high), param, ctx)
        return number

    def __repr__(self) -> str:
        return f"Whole({self.low}, {self.high})"
