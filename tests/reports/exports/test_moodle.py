"""Moodle XML: well-formed, with the elements Moodle's importer reads, allowed fractions only, and
every @@PLUGINFILE@@ image present as a base64 file in the same question text."""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET

import pytest

from reports.exports import Options, numbered
from reports.exports.moodle import ALLOWED_FRACTIONS, cdata, export
from tests.coach_forms import every_family_form, figure_form

MOODLE_FRACTIONS = {float(f) for f in ALLOWED_FRACTIONS} | {-float(f) for f in ALLOWED_FRACTIONS}
COMMON = ("name/text", "questiontext/text", "generalfeedback/text", "defaultgrade", "penalty", "hidden")


def check_quiz(form, data: bytes) -> None:  # type: ignore[no-untyped-def]
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>')
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    questions = [q for q in root if q.get("type") != "category"]
    assert {q.get("type") for q in root} <= {"category", "multichoice", "numerical"}
    assert root[0].get("type") == "category"
    assert len(questions) == len(form.items)
    for question, entry in zip(questions, numbered(form), strict=True):
        item = entry.item
        for path in COMMON:
            assert question.find(path) is not None, (path, item.id)
        assert question.find("questiontext").get("format") == "html"
        text = question.find("questiontext/text").text
        assert html.escape(item.prompt.split("\n")[0]) in text
        assert question.find("idnumber").text == item.id
        answers = question.findall("answer")
        fractions = [float(a.get("fraction")) for a in answers]
        assert set(fractions) <= MOODLE_FRACTIONS
        if item.entry is None:
            assert question.get("type") == "multichoice" and question.find("single").text == "true"
            assert fractions.index(100.0) == item.key and fractions.count(100.0) == 1
            assert [html.unescape(a.find("text").text) for a in answers] == [o.text for o in item.options]
        else:
            assert question.get("type") == "numerical" and fractions == [100.0]
            assert float(answers[0].find("text").text) == item.entry.value
            assert float(answers[0].find("tolerance").text) == item.entry.tolerance
        files = {f.get("name"): f for f in question.findall("questiontext/file")}
        for name in re.findall(r'src="@@PLUGINFILE@@/([^"]+)"', text):
            assert name in files, f"{name} is referenced but not embedded"
            assert files[name].get("encoding") == "base64" and files[name].get("path") == "/"
            svg = ET.fromstring(base64.b64decode(files[name].text))
            assert svg.tag.endswith("svg")
        assert (item.figure is not None and item.figure.kind == "svg") == bool(files)


@pytest.mark.parametrize("make", [figure_form, every_family_form], ids=["figures", "every-family"])
def test_moodle_xml_has_what_the_importer_needs(make) -> None:  # type: ignore[no-untyped-def]
    form = make()
    check_quiz(form, export(form, Options()).data)


def test_cdata_end_marker_in_text_is_split() -> None:
    assert ET.fromstring(f"<t>{cdata('a ]]> b <br>')}</t>").text == "a ]]> b <br>"
    data = export(figure_form(), Options()).data.decode()
    assert "<table" in data and "<pre>" in data and "]]&gt;" in data  # the awkward prompt holds "]]>"
