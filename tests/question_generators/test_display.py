"""The display layer: numbers, percentages, money and fractions in English and Bokmål."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from question_generators.display import format_fraction, format_money, format_number, format_percent, parse_number


def test_english() -> None:
    assert format_number(1234567.891) == "1,234,567.891"
    assert format_number(12.5, 2) == "12.50"
    assert format_number(-0.001, 1) == "0.0"
    assert format_percent(12.5) == "12.5%"
    assert format_money(1200, "GBP") == "£1,200"
    assert format_money(-35.5, "USD", 2) == "-$35.50"
    assert format_money(300, "SEK") == "300 SEK"


def test_bokmal() -> None:
    assert format_number(1234567.891, lang="nb") == "1\u00a0234\u00a0567,891"
    assert format_money(12345.5, "NOK", 2, "nb") == "12\u00a0345,50\u00a0kr"
    assert format_percent(12, lang="nb") == "12\u00a0%"


def test_fractions() -> None:
    assert format_fraction(Fraction(3, 4)) == "3/4"
    assert format_fraction(Fraction(-7, 2)) == "-3 1/2"
    assert format_fraction(Fraction(10, 2)) == "5"


@pytest.mark.parametrize(("text", "value"), [
    ("1,234.5", 1234.5), ("12%", 12.0), ("£40", 40.0), ("1 1/2", 1.5), ("-3/4", -0.75), (" 7 km", 7.0),
    ("\u22122", -2.0),
])
def test_parse(text: str, value: float) -> None:
    assert parse_number(text) == value
    assert parse_number("2,5", "nb") == 2.5


@given(st.integers(-10**9, 10**9), st.integers(0, 4), st.sampled_from(["en", "nb"]))
def test_what_is_shown_reads_back(units: int, decimals: int, lang: str) -> None:
    value = units / 10**decimals
    shown = format_number(value, decimals, lang)
    assert parse_number(shown, lang) == pytest.approx(value, abs=10**-decimals / 2)
