"""Exports of a Bokmål form say their language where each format can (issue 18): QTI's xml:lang on
every item, Moodle XML's question text and feedback in lang-marked HTML (the format has no
language field), GIFT's question HTML, and the booklet and key as <html lang="nb">."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from engine.blueprints import load_blueprint
from engine.forms import assemble
from reports.exports import Options, booklet, gift, key, moodle, numbered, qti


@pytest.fixture(scope="module")
def nb_form():  # type: ignore[no-untyped-def]
    form = assemble(load_blueprint("logical"), 7, lang="nb")
    assert sum(item.lang == "nb" for item in form.items) >= len(form.items) // 2
    return form


def test_moodle_marks_question_text_and_feedback(nb_form) -> None:  # type: ignore[no-untyped-def]
    root = ET.fromstring(moodle.export(nb_form, Options()).data)
    questions = [q for q in root if q.get("type") != "category"]
    assert len(questions) == len(nb_form.items)
    for question, item in zip(questions, (e.item for e in numbered(nb_form)), strict=True):
        assert question.find("questiontext/text").text.startswith(f'<div lang="{item.lang}">')
        assert question.find("generalfeedback/text").text.startswith(f'<div lang="{item.lang}">')


def test_gift_marks_each_question(nb_form) -> None:  # type: ignore[no-untyped-def]
    text = gift.export(nb_form, Options()).data.decode("utf-8")
    questions = [line for line in text.splitlines() if line.startswith("::")]
    langs = [re.search(r'\[html\]<p lang\\?="(\w+)">', line).group(1) for line in questions]
    assert langs == [e.item.lang for e in numbered(nb_form)]


def test_qti_items_carry_xml_lang(nb_form) -> None:  # type: ignore[no-untyped-def]
    import io
    import zipfile

    archive = zipfile.ZipFile(io.BytesIO(qti.export(nb_form, Options()).data))
    langs = [ET.fromstring(archive.read(name)).get("{http://www.w3.org/XML/1998/namespace}lang")
             for name in archive.namelist() if name.startswith("items/") or re.match(r"item.*\.xml$", name)]
    assert sorted(langs) == sorted(item.lang for item in nb_form.items)


@pytest.mark.parametrize("module", [booklet, key])
def test_booklet_and_key_are_bokmal_pages(nb_form, module) -> None:  # type: ignore[no-untyped-def]
    page = module.export(nb_form, Options()).data.decode("utf-8")
    assert '<html lang="nb">' in page


def test_an_english_form_is_marked_english() -> None:
    form = assemble(load_blueprint("logical"), 7)
    root = ET.fromstring(moodle.export(form, Options()).data)
    texts = [q.find("questiontext/text").text for q in root if q.get("type") != "category"]
    assert texts and all(text.startswith('<div lang="en">') for text in texts)
