"""GIFT export (Moodle's text format): escaped text, HTML where a table or text grid goes along.

GIFT cannot carry files, so items with an SVG drawing cannot be exported in it: the export refuses
and lists them (use Moodle XML or QTI), or with --skip-figures leaves them out and lists them."""

from __future__ import annotations

import html

from engine.forms import TestForm
from engine.i18n import as_clause, t
from question_generators.errors import SecondroundError
from question_generators.figures import Svg, Table, TextBlock
from question_generators.item import Item
from reports.exports import Export, Options, machine_number, numbered

SPECIAL = "\\~=#{}:"  # escaped with a backslash anywhere in text (the backslash first)


class GiftError(SecondroundError):
    """Items GIFT cannot carry, and no permission to leave them out."""


def escape(text: str) -> str:
    for char in SPECIAL:
        text = text.replace(char, "\\" + char)
    return text


def html_text(text: str) -> str:
    """Plain text as escaped HTML on one line (a blank line would end the question)."""
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def one_line(text: str) -> str:
    return " ".join(text.split())


def category(name: str) -> str:
    """A category name: one line, and no '/' (which would nest categories)."""
    return one_line(name).replace("/", "-") or "-"


def figure_html(item: Item) -> str:
    figure = item.figure
    if isinstance(figure, Table):
        return figure.to_html()
    if isinstance(figure, TextBlock):
        return figure.to_html() if figure.prose else "<pre>" + html_text(figure.text) + "</pre>"
    return ""


def question(number: int, item: Item) -> str:
    title = escape(f"Q{number:02d} {item.id}")
    body = f'<p lang="{item.lang}">' + html_text(item.prompt) + "</p>" + figure_html(item)
    if item.entry is not None:
        if item.entry.unit:
            body += "<p>" + html_text(t("export.answer_in", unit=item.entry.unit)) + "</p>"
        answers = f"#{machine_number(item.entry.value)}:{machine_number(item.entry.tolerance)}"
    else:
        parts = []
        for index, option in enumerate(item.options):
            mark = "=" if index == item.key else "~"
            feedback = ""
            if option.mistake:
                feedback = "#" + escape(html_text(t("export.mistake_feedback", mistake=as_clause(option.mistake))))
            parts.append(f"{mark}{escape(html_text(option.text))}{feedback}")
        answers = " ".join(parts)
    general = "####" + escape(html_text(item.explanation))
    return f"::{title}::[html]{escape(body)} {{{answers} {general}}}"


def export(form: TestForm, options: Options) -> Export:
    carried = [e for e in numbered(form) if not isinstance(e.item.figure, Svg)]
    left_out = [t("export.gift_item", number=e.number, id=e.item.id) for e in numbered(form)
                if isinstance(e.item.figure, Svg)]
    if left_out and not options.skip_figures:
        raise GiftError(t("export.gift_figures", count=len(left_out), items="; ".join(left_out)))
    if not carried:
        raise GiftError(t("export.gift_nothing"))
    top = "$course$/top/secondround/" + category(form.title)
    blocks = [f"// {one_line(form.title)} · form {form.form_id} · secondround"]
    current = None
    for entry in carried:
        if entry.section_index != current:
            current = entry.section_index
            blocks.append(f"$CATEGORY: {top}/{category(entry.section.title)}")
        blocks.append(question(entry.number, entry.item))
    return Export(("\n\n".join(blocks) + "\n").encode(), len(carried), left_out)
