"""The printable booklet: a cover with instructions and timing, one section per page run, figures as
inline SVG or HTML tables, and an answer grid at the back. It never carries keys or explanations:
the template receives only what a candidate may see (see `candidate_view`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from engine import __version__
from engine.forms import TestForm
from question_generators.display import format_number
from question_generators.item import LETTERS, Item
from reports.exports import Export, Options, numbered
from reports.html import render


@dataclass(frozen=True, slots=True)
class ShownItem:
    """What the candidate sees of one item: no key, explanation, mistakes, params or id."""

    number: int
    prompt: str
    figure: Markup | None
    same_figure: bool  # a testlet's later questions refer back to the figure already shown
    options: tuple[tuple[str, str], ...]  # (letter, text)
    unit: str | None  # numeric entry: the unit ('' when none); None for a choice item


def shown(number: int, item: Item, previous: Item | None) -> ShownItem:
    same = (previous is not None and item.figure is not None and previous.figure == item.figure
            and bool(item.stimulus) and previous.stimulus == item.stimulus)
    figure = Markup(item.figure.to_html()) if item.figure is not None and not same else None
    return ShownItem(number, item.prompt, figure, same, tuple((LETTERS[i], o.text) for i, o in enumerate(item.options)),
                     None if item.entry is None else item.entry.unit)


def candidate_view(form: TestForm) -> dict[str, Any]:
    sections: list[dict[str, Any]] = [{"title": s.title, "minutes": format_number(s.time_limit_s / 60, None),
                                       "items": []} for s in form.sections]
    previous: Item | None = None
    for entry in numbered(form):
        prior = previous if entry.number_in_section > 1 else None
        sections[entry.section_index]["items"].append(shown(entry.number, entry.item, prior))
        previous = entry.item
    for section in sections:
        section["first"], section["last"] = section["items"][0].number, section["items"][-1].number
    total = sum(s.time_limit_s for s in form.sections)
    lang = form.items[0].lang if form.items else "en"
    return {"title": form.title, "form_id": form.form_id, "sections": sections, "count": len(form.items),
            "total_minutes": format_number(total / 60, None), "lang": lang, "version": __version__,
            "letters": LETTERS}


def export(form: TestForm, options: Options) -> Export:
    return Export(render("booklet.html", **candidate_view(form)).encode(), len(form.items))
