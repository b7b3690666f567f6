"""Issue 18: numeric/common.py writes numbers, money and percentages in Bokmål (CLDR nb, checked
against Babel) and reads them back; the English output is what it was (the old f-string code)."""

from __future__ import annotations

import numpy as np
import pytest
from babel.numbers import format_currency, format_decimal

from question_generators.numeric.common import (
    MINUS,
    NBSP,
    formatter,
    money,
    money2,
    money_fmt,
    num,
    pct,
    read,
    tidy,
    unit_fmt,
)


def _values(count: int = 3000) -> list[float]:
    rng = np.random.default_rng(18)
    mags = 10.0 ** rng.integers(-2, 8, count)
    signs = np.where(rng.random(count) < 0.2, -1.0, 1.0)
    return [round(float(x), 3) for x in rng.random(count) * mags * signs] + [0.0, -0.0, 0.004, -0.004, 1234.0]


def _old_num(x: float, decimals: int = 0) -> str:  # main's num(), kept here as the reference
    text = f"{round(x):,}" if decimals == 0 else f"{x:,.{decimals}f}"
    if text[0] == "-":
        text = MINUS + text[1:] if text.strip("-0.,") else text[1:]
    return text


def _old_money2(x: float, symbol: str = "£") -> str:
    text = f"{x:,.2f}"
    sign = ""
    if text[0] == "-":
        text = text[1:]
        if text != "0.00":
            sign = MINUS
    if text[-3:] == ".00":
        text = text[:-3]
    return f"{sign}{symbol}{text}"


def test_english_output_is_unchanged() -> None:
    for x in _values():
        for d in (0, 1, 2):
            assert num(x, d) == _old_num(x, d)
        assert money2(x) == _old_money2(x)
    assert (num(1234567.5, 1), tidy(12.50), money(12345.5), pct(12.5)) == ("1,234,567.5", "12.5", "£12,345.50", "12.5%")


def test_bokmal_forms_of_the_issue() -> None:
    assert num(1234567.5, 1, "nb") == f"1{NBSP}234{NBSP}567,5"
    assert money(12345.5, "kr", lang="nb") == f"12{NBSP}345,50{NBSP}kr"
    assert money2(2400, "kr", "nb") == f"2{NBSP}400{NBSP}kr"
    assert pct(12.5, lang="nb") == f"12,5{NBSP}%"
    assert tidy(-12.5, 2, "nb") == f"{MINUS}12,5" and money(-40, "kr", lang="nb") == f"{MINUS}40{NBSP}kr"
    assert num(-0.001, 2, "nb") == "0,00"  # never minus zero
    assert unit_fmt("km", 1, "nb")(3.25) == f"3,2{NBSP}km"
    assert formatter("unit|km|1|nb")(2.5) == f"2,5{NBSP}km" and formatter("unit|km|1")(2.5) == "2.5 km"
    assert formatter("money|kr|nb")(3) == f"3,00{NBSP}kr" and formatter("tidy@nb")(1234.5) == f"1{NBSP}234,5"


@pytest.mark.parametrize("lang", ["en", "nb"])
def test_round_trips(lang: str) -> None:
    symbol = "£" if lang == "en" else "kr"
    for x in _values():
        for d in (0, 1, 2):
            assert read(num(x, d, lang), lang) == pytest.approx(round(x, d), abs=1e-9)
        assert read(tidy(x, 2, lang), lang) == pytest.approx(round(x, 2), abs=1e-9)
        assert read(money2(x, symbol, lang), lang) == pytest.approx(round(x, 2), abs=1e-9)
        assert read(pct(x, 1, lang), lang) == pytest.approx(round(x, 1), abs=1e-9)
        assert read(money_fmt(symbol, lang)(x), lang) == pytest.approx(round(x, 2), abs=1e-9)
        assert read(unit_fmt("liter", 2, lang)(x), lang) == pytest.approx(round(x, 2), abs=1e-9)
    if lang == "nb":  # what other writers of Bokmål use: a narrow no-break or a plain space
        assert read("1\u202f234,5", "nb") == 1234.5 and read("12 345,50 kr", "nb") == 12345.5


def test_bokmal_agrees_with_babel() -> None:
    """Babel's CLDR nb (not used per item: too slow) gives the same digits and separators;
    Babel writes a hyphen-minus where CLDR nb names U+2212, which we print (as in English)."""
    for x in _values(1500):
        x = round(x, 2)  # halves: Babel rounds the decimal, f-strings the binary value
        want = format_decimal(x, format="#,##0.00", locale="nb_NO").replace("-", MINUS)
        if want.strip(MINUS) != "0,00":
            assert num(x, 2, "nb") == want, x
        cur = format_currency(abs(x), "NOK", format="#,##0.00\u00a0¤", locale="nb_NO", currency_digits=False)
        assert money(abs(x), "kr", pence=True, lang="nb") == cur.replace("NOK", "kr"), x
    assert format_currency(12345.5, "NOK", locale="nb_NO") == money(12345.5, "kr", lang="nb")
    assert format_decimal(1234567.5, locale="nb_NO") == num(1234567.5, 1, "nb")
