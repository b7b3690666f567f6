"""Moodle XML export: multichoice (fractions 100/0) and numerical (with tolerance) questions, HTML in
CDATA, SVG figures embedded as base64 files referenced through @@PLUGINFILE@@."""

from __future__ import annotations

import base64
import html
from xml.sax.saxutils import escape as xml_escape

from engine.forms import TestForm
from engine.i18n import as_clause, t
from question_generators.figures import Svg
from question_generators.item import Item
from reports.exports import Export, Options, machine_number, numbered, standalone_svg

# Moodle accepts only these grade fractions (question/format/xml and the question bank's list).
ALLOWED_FRACTIONS = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333", "30",
                     "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5", "0")


def cdata(markup: str) -> str:
    """HTML inside CDATA; a ']]>' in the text is split across two sections."""
    return "<![CDATA[" + markup.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def para(text: str) -> str:
    return "<p>" + "<br>".join(html.escape(line) for line in text.split("\n")) + "</p>"


def text_block(tag: str, markup: str, extra: str = "") -> str:
    return f'<{tag} format="html"><text>{cdata(markup)}</text>{extra}</{tag}>'


def figure_parts(number: int, item: Item) -> tuple[str, str]:
    """The figure's HTML and, for a drawing, the <file> element it refers to."""
    figure = item.figure
    if figure is None:
        return "", ""
    if isinstance(figure, Svg):
        name = f"q{number:03d}.svg"
        data = base64.b64encode(standalone_svg(figure.svg)).decode()
        img = f'<p><img src="@@PLUGINFILE@@/{name}" alt="{html.escape(figure.alt)}"></p>'
        return img, f'<file name="{name}" path="/" encoding="base64">{data}</file>'
    if figure.kind == "text" and not getattr(figure, "prose", False):
        return "<pre>" + html.escape(figure.to_text()) + "</pre>", ""
    return figure.to_html(), ""


def in_language(markup: str, lang: str) -> str:
    """HTML marked with the item's language: Moodle XML has no language field, so the HTML says it
    (screen readers and Moodle's multilang filters read the lang attribute)."""
    return f'<div lang="{html.escape(lang)}">{markup}</div>' if markup else markup


def question(number: int, item: Item, section: str) -> str:
    figure_html, file_element = figure_parts(number, item)
    body = para(item.prompt) + figure_html
    if item.entry is not None and item.entry.unit:
        body += para(t("export.answer_in", unit=item.entry.unit))
    head = [f'<question type="{"multichoice" if item.is_choice else "numerical"}">',
            f"<name><text>{xml_escape(f'Q{number:02d} {section}')}</text></name>",
            text_block("questiontext", in_language(body, item.lang), file_element),
            text_block("generalfeedback", in_language(para(item.explanation), item.lang)),
            "<defaultgrade>1</defaultgrade>", "<penalty>0</penalty>", "<hidden>0</hidden>",
            f"<idnumber>{xml_escape(item.id)}</idnumber>"]
    if item.entry is not None:
        tail = ['<answer fraction="100" format="moodle_auto_format">'
                f"<text>{machine_number(item.entry.value)}</text>",
                text_block("feedback", ""), f"<tolerance>{machine_number(item.entry.tolerance)}</tolerance>",
                "</answer>",
                "<unitgradingtype>0</unitgradingtype>", "<unitpenalty>0</unitpenalty>",
                "<showunits>3</showunits>", "<unitsleft>0</unitsleft>"]
    else:
        tail = ["<single>true</single>", "<shuffleanswers>false</shuffleanswers>",
                "<answernumbering>ABCD</answernumbering>", "<showstandardinstruction>0</showstandardinstruction>",
                text_block("correctfeedback", ""), text_block("partiallycorrectfeedback", ""),
                text_block("incorrectfeedback", "")]
        for index, option in enumerate(item.options):
            fraction = "100" if index == item.key else "0"
            feedback = para(t("export.mistake_feedback", mistake=as_clause(option.mistake))) if option.mistake else ""
            tail.append(f'<answer fraction="{fraction}" format="html"><text>{cdata(html.escape(option.text))}</text>'
                        f"{text_block('feedback', in_language(feedback, item.lang))}</answer>")
    lines = [*head, *tail]
    return "\n".join(["  " + lines[0], *("    " + line for line in lines[1:]), "  </question>"])


def export(form: TestForm, options: Options) -> Export:
    top = f"$course$/top/secondround/{form.title.replace('/', '-')}"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
             f"<!-- {xml_escape(form.title).replace('--', '- -')} · form {form.form_id} · secondround -->"]
    current = None
    for entry in numbered(form):
        if entry.section_index != current:
            current = entry.section_index
            path = f"{top}/{entry.section.title.replace('/', '-')}"
            parts.append(f'  <question type="category"><category><text>{xml_escape(path)}</text></category>'
                         "</question>")
        parts.append(question(entry.number, entry.item, entry.section.title))
    parts.append("</quiz>")
    return Export(("\n".join(parts) + "\n").encode("utf-8"), len(form.items))
