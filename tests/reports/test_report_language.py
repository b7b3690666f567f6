"""Issue 18: a report renders in its session's language (messages, numbers, dates); Bokmål numbers
and dates follow CLDR (checked against Babel)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine.i18n import language, speaking
from question_generators.display import format_date, format_datetime, format_money, format_number, format_percent


@pytest.mark.parametrize("value", [0, 7, 12.5, 999, 1000, 1234.5, 1234567.891, -4321.25, 0.05])
def test_bokmal_numbers_agree_with_cldr(value: float) -> None:
    from babel.numbers import format_decimal

    assert format_number(value, lang="nb") == format_decimal(value, locale="nb_NO", decimal_quantization=False)
    assert format_number(value, lang="en") == format_decimal(value, locale="en_GB", decimal_quantization=False)


def test_bokmal_money_percent_and_dates() -> None:
    assert format_number(1234567.5, lang="nb") == "1\u00a0234\u00a0567,5"
    assert format_money(12345.5, "NOK", 2, lang="nb") == "12\u00a0345,50\u00a0kr"
    assert format_percent(12.5, lang="nb") == "12,5\u00a0%"
    assert format_date(date(2025, 3, 17), "nb") == "17.03.2025"
    assert format_date(date(2025, 3, 17), "nb", "long") == "17. mars 2025"
    assert format_date(date(2025, 3, 17), "en", "long") == "17 March 2025"
    assert format_datetime(datetime(2025, 3, 17, 20, 8), "nb") == "17.03.2025 20:08"


def test_speaking_switches_and_restores() -> None:
    before = language()
    with speaking("nb"):
        assert language() == "nb"
    assert language() == before
    with speaking("xx"):  # no such catalogue: the current language stays
        assert language() == before


def test_a_session_report_renders_in_the_sessions_language(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json
    from dataclasses import replace

    from engine.forms import TestForm
    from engine.store import Store
    from reports.common import score_rows, scoring_options
    from reports.session import render_session_report
    from tests.reports import demo

    store = Store.open(tmp_path / "s.db")
    _, ids = demo.cohort(store, "Nordmenn", 1, items=10)
    record = store.session(ids[0])
    form = TestForm.from_dict(json.loads(store.form_json(record.form_id)), "form")
    result = score_rows(form, store.responses(record.id), store.sections(record.id), scoring_options(store))
    english = render_session_report(replace(record, lang="en"), result)
    bokmal = render_session_report(replace(record, lang="nb"), result)
    store.close()
    assert "Review of every item" in english and '<html lang="en">' in english
    assert "Gjennomgang av hver oppgave" in bokmal and '<html lang="nb">' in bokmal
    assert "Review of every item" not in bokmal
    # the charts' axes speak the report's language too: 80 % and 0,5 in Bokmål, 80% and 0.5 in English
    import re

    charts_nb = " ".join(re.findall(r"<svg.*?</svg>", bokmal, re.S))
    charts_en = " ".join(re.findall(r"<svg.*?</svg>", english, re.S))
    assert re.search(r">\d+\u00a0%<", charts_nb) and not re.search(r">\d+%<", charts_nb)
    assert re.search(r">\d+%<", charts_en)
    assert language() == "en"  # the CLI's language is back once the report is made
