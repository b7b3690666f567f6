"""The booklet (for candidates) and the key (for the coach): printable HTML, and keys stay with the coach.

How "no keys" is tested: the option texts of course appear in a booklet, so searching for key
texts proves nothing. Instead (1) the booklet is rendered again from a tampered form whose keys,
entry values, explanations, mistakes, params and ids all differ: apart from the form id on the
cover, the bytes must be identical, so nothing in the booklet depends on any of them; (2) every
explanation, mistake text and item id is searched for and must be absent; (3) the key document
holds all of them."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from engine.forms import FormSection, TestForm
from question_generators.item import Item, NumericEntry, Option
from reports.exports import Options, numbered
from reports.exports.booklet import export as booklet
from reports.exports.jsonfile import export as json_export
from reports.exports.key import export as key
from tests.coach_forms import every_family_form, figure_form


def esc(text: str) -> str:
    return str(escape(text))


VOID = {"br", "img", "meta", "hr", "input", "link", "path", "rect", "circle", "line", "polyline", "polygon",
        "ellipse", "use", "stop"}


class Balance(HTMLParser):
    """Fails on a closing tag that does not match the open one: the markup is well nested."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:  # type: ignore[no-untyped-def]
        pass

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        self.stack.pop()


def well_nested(text: str) -> None:
    parser = Balance()
    parser.feed(text)
    parser.close()
    assert parser.stack == []


def tampered(form: TestForm) -> TestForm:
    """The same questions as candidates see them; every key-bearing field different."""
    def change(item: Item) -> Item:
        options = tuple(Option(o.text, None, f"SECRET-MISTAKE {i}") for i, o in enumerate(item.options))
        entry = None if item.entry is None else NumericEntry(item.entry.value + 1, 9, item.entry.unit,
                                                             item.entry.decimals)
        key = None if item.key is None else (item.key + 1) % len(item.options)
        return dataclasses.replace(item, options=options, key=key, entry=entry, explanation="SECRET-EXPLANATION",
                                   params={"secret": 1}, id=item.id[:-1] + ("0" if item.id[-1] != "0" else "1"))
    return dataclasses.replace(form, seed=12345, sections=tuple(
        FormSection(s.name, s.title, s.time_limit_s, tuple(change(i) for i in s.items)) for s in form.sections))


def masked(data: bytes, form: TestForm) -> str:
    return data.decode().replace(form.form_id, "FORM-ID")


@pytest.mark.parametrize("make", [figure_form, every_family_form], ids=["figures", "every-family"])
def test_booklet_is_printable_and_complete(make) -> None:  # type: ignore[no-untyped-def]
    form = make()
    text = booklet(form, Options()).data.decode()
    well_nested(text)
    assert "@page { size: A4" in text and "break-before: page" in text
    assert text.count('class="page section"') == len(form.sections)
    assert 'class="page answer-grid"' in text
    grid = text.split('class="page answer-grid"')[1]
    assert len(re.findall(r'<tr><th scope="row">\d+</th>', grid)) == len(form.items)
    for entry in numbered(form):
        item = entry.item
        assert f'id="q{entry.number}"' in text
        assert esc(item.prompt) in text
        for option in item.options:
            assert esc(option.text) in text
    assert "<svg" in text or all(i.figure is None or i.figure.kind != "svg" for i in form.items)
    for section in form.sections:
        assert esc(section.title) in text


@pytest.mark.parametrize("make", [figure_form, every_family_form], ids=["figures", "every-family"])
def test_booklet_and_candidate_json_carry_no_key(make) -> None:  # type: ignore[no-untyped-def]
    form = make()
    other = tampered(form)
    for write in (booklet, lambda f, o: json_export(f, Options(for_candidate=True))):
        mine, theirs = write(form, Options()).data, write(other, Options()).data
        assert masked(mine, form) == masked(theirs, other)  # nothing shown depends on keys
        text = mine.decode()
        shown = json.dumps(text) + text  # raw and JSON-escaped forms of every string
        for item in form.items:
            assert item.explanation not in text and esc(item.explanation) not in text
            assert item.id not in text
            for option in item.options:
                assert not option.mistake or (option.mistake not in text and esc(option.mistake) not in text)
        assert "SECRET" not in shown and str(other.seed) not in text


def test_key_holds_every_answer_explanation_and_mistake() -> None:
    form = figure_form()
    text = key(form, Options()).data.decode()
    well_nested(text)
    for entry in numbered(form):
        item = entry.item
        assert f'id="k{entry.number}"' in text
        assert esc(item.key_text) in text and esc(item.explanation) in text
        for option in item.options:
            assert option.mistake is None or esc(option.mistake) in text


def test_a_testlet_shows_its_figure_once() -> None:
    from question_generators.figures import Table

    table = Table(("Year", "Sales"), (("2024", "10"), ("2025", "12")), "Sales")
    first, second = (dataclasses.replace(item, figure=table, stimulus="demo/t1") for item in figure_form().items[3:5])
    form = dataclasses.replace(figure_form(), sections=(FormSection("t", "Testlet", 60, (first, second)),))
    text = booklet(form, Options()).data.decode()
    assert text.count("<caption>Sales</caption>") == 1
    assert "Use the same figure as in the question before." in text
