"""GIFT: what the writer produces is read back by a strict parser of our own, field for field."""

from __future__ import annotations

import html
import re

import pytest

from engine.i18n import as_clause
from question_generators.figures import Svg
from reports.exports import Options, numbered
from reports.exports.gift import GiftError, escape, export
from tests.coach_forms import every_family_form, figure_form
from tests.reports.exports.gift_parser import GiftSyntaxError, parse, tokens


def text_of(markup: str) -> str:
    """HTML back to the plain text it was made from."""
    return html.unescape(re.sub(r"<[^>]+>", "", markup.replace("<br>", "\n")))


def test_escaping_round_trips_every_special_character() -> None:
    raw = 'a~b=c#d{e}f:g\\h ]]> "q" <x>'
    assert "".join(c for c, _ in tokens(escape(raw))) == raw
    with pytest.raises(GiftSyntaxError):
        parse("::t::1 + 1 = 2? {=a}\n")  # an unescaped "=" in the text is refused by the parser
    with pytest.raises(GiftSyntaxError):
        parse("::t::text \\q {=a}\n")  # an unknown escape


def check_round_trip(form, text: str) -> None:  # type: ignore[no-untyped-def]
    questions = parse(text)
    carried = [e for e in numbered(form) if not isinstance(e.item.figure, Svg)]
    assert len(questions) == len(carried)
    for question, entry in zip(questions, carried, strict=True):
        item = entry.item
        assert question.fmt == "html" and question.title == f"Q{entry.number:02d} {item.id}"
        assert text_of(question.text).startswith(item.prompt)
        assert question.category.endswith("/" + entry.section.title.replace("/", "-"))
        assert text_of(question.general) == item.explanation
        if item.entry is not None:
            assert question.numeric == (item.entry.value, item.entry.tolerance)
            continue
        assert [text_of(c[1]) for c in question.choices] == [o.text for o in item.options]
        assert [c[0] for c in question.choices].index(True) == item.key
        assert sum(c[0] for c in question.choices) == 1
        for (_, _, feedback), option in zip(question.choices, item.options, strict=True):
            assert as_clause(option.mistake or "") in text_of(feedback)


def test_figures_form_needs_permission_to_leave_drawings_out() -> None:
    form = figure_form()
    with pytest.raises(GiftError, match="GIFT cannot carry drawings, and 1 items have one: item 2"):
        export(form, Options())
    result = export(form, Options(skip_figures=True))
    assert result.skipped == ["item 2 (numeric.arithmetic/v1/+0.00/000000000002)"]
    text = result.data.decode()
    check_round_trip(form, text)
    assert "<table" in text and "<pre>" in text  # tables and text grids travel as HTML


def test_every_family_exports_and_parses_back() -> None:
    form = every_family_form()
    result = export(form, Options(skip_figures=True))
    check_round_trip(form, result.data.decode())
    assert result.items + len(result.skipped) == len(form.items)
