"""Display layer: the one place where numbers, percentages, fractions and money are formatted and read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class NumberLocale:
    """Separators and money layout of one language (values from CLDR: en and nb_NO)."""

    decimal: str
    group: str
    percent: str  # pattern around the digits, {n} is the number
    money: str  # pattern, {n} the number, {c} the currency symbol or code


LOCALES: dict[str, NumberLocale] = {
    "en": NumberLocale(decimal=".", group=",", percent="{n}%", money="{c}{n}"),
    # Bokmål: 1 234 567,891 (no-break space groups), 12 345,50 kr, 12 % with a no-break space.
    "nb": NumberLocale(decimal=",", group="\u00a0", percent="{n}\u00a0%", money="{n}\u00a0{c}"),
}

# Symbols written before the number in English; other currencies are written as codes.
CURRENCY_SYMBOLS = {"GBP": "£", "USD": "$", "EUR": "€"}


def _locale(lang: str) -> NumberLocale:
    return LOCALES.get(lang, LOCALES["en"])


def format_number(value: float | int | Fraction, decimals: int | None = None, lang: str = "en",
                  group: bool = True) -> str:
    """Format a number with grouping; `decimals=None` drops a zero fraction (12, 12.5)."""
    loc = _locale(lang)
    x = float(value)
    spec = "," if group else ""
    if decimals is None:  # whole numbers without ".0"; others in the shortest form that round-trips
        text = format(int(x), spec) if x == int(x) and abs(x) < 1e15 else format(x, spec)
    else:
        text = format(x, f"{spec}.{decimals}f")
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0:
        text = text[1:]  # never show "-0.0"
    return text.replace(",", "\x00").replace(".", loc.decimal).replace("\x00", loc.group)


def format_percent(value: float, decimals: int | None = None, lang: str = "en") -> str:
    """A percentage given in percent units: 12.5 -> '12.5%'."""
    return _locale(lang).percent.format(n=format_number(value, decimals, lang))


def format_money(value: float, currency: str, decimals: int | None = None, lang: str = "en") -> str:
    """Money with its currency: ('GBP', 1200) -> '£1,200'; codes for currencies without a symbol."""
    loc = _locale(lang)
    number = format_number(value, decimals, lang)
    if lang == "en" and currency in CURRENCY_SYMBOLS:
        sign = "-" if number.startswith("-") else ""
        return f"{sign}{CURRENCY_SYMBOLS[currency]}{number.lstrip('-')}"
    if lang == "en":
        return f"{number} {currency}"
    symbol = "kr" if currency == "NOK" else currency
    return loc.money.format(n=number, c=symbol)


# Babel's CLDR locale for each of our languages: dates and month names come from it (loaded on
# first use only, so the CLI's start-up never pays for it).
BABEL_LOCALES = {"en": "en_GB", "nb": "nb_NO"}
# Date patterns (CLDR syntax): nb writes 17.03.2025 and 17. mars 2025 with the 24-hour clock;
# English keeps the ISO date that the reports have always shown.
DATE_PATTERNS = {
    "en": {"short": "y-MM-dd", "long": "d MMMM y", "month": "MMM y", "day": "d MMM"},
    "nb": {"short": "dd.MM.y", "long": "d. MMMM y", "month": "MMM y", "day": "d. MMM"},
}


def format_date(value: date | datetime, lang: str = "en", style: str = "short") -> str:
    """A date as the language writes it: 'short' (2025-03-17 / 17.03.2025), 'long' (17 March 2025 /
    17. mars 2025), 'month' (Mar 2025 / mars 2025), 'day' (17 Mar / 17. mars)."""
    from babel.dates import format_date as babel_date

    patterns = DATE_PATTERNS.get(lang, DATE_PATTERNS["en"])
    day = value.date() if isinstance(value, datetime) else value
    return babel_date(day, patterns[style], locale=BABEL_LOCALES.get(lang, "en_GB"))


def format_datetime(value: datetime, lang: str = "en") -> str:
    """A moment with the 24-hour clock: 2025-03-17 20:08 / 17.03.2025 20:08."""
    return f"{format_date(value, lang)} {value.strftime('%H:%M')}"


def format_duration(ms: int) -> str:
    """Milliseconds as a clock reads: m:ss, or h:mm:ss past an hour."""
    seconds = max(0, round(ms / 1000))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_fraction(value: Fraction) -> str:
    """A fraction in lowest terms as a candidate writes it: 3/4, 1 1/2, -2/3, 5."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    whole, rest = divmod(abs(value.numerator), value.denominator)
    if whole:
        return f"{sign}{whole} {rest}/{value.denominator}"
    return f"{sign}{rest}/{value.denominator}"


def parse_number(text: str, lang: str = "en") -> float:
    """Read a typed number: grouping separators, a currency sign, a trailing % or unit word, and
    fractions or mixed numbers ("1 1/2") are allowed."""
    loc = _locale(lang)
    cleaned = text.strip().replace("\u2212", "-")
    for junk in ("%", "£", "$", "€"):
        cleaned = cleaned.replace(junk, "")
    # Grouping separators only between digits, so "1,234.5" and "1 234,5" read whole.
    groups = re.escape(loc.group) + "\u00a0\u202f" + (" " if lang != "en" else "")  # nb: 1 234
    cleaned = re.sub(f"(?<=\\d)[{groups}](?=\\d{{3}}(?!\\d))", "", cleaned).strip()
    if loc.decimal != ".":
        cleaned = cleaned.replace(loc.decimal, ".")
    words = cleaned.split()
    if "/" in cleaned:
        if len(words) == 2 and "/" in words[1]:  # mixed number "1 1/2"
            whole, frac = words
            sign = -1 if whole.startswith("-") else 1
            return float(int(whole) + sign * Fraction(frac))
        return float(Fraction(words[0]))
    return float(words[0] if words else cleaned)
