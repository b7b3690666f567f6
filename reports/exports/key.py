"""The answer key: a separate document for the coach with every key, the worked explanation and the
mistake behind each distractor, numbered as in the booklet."""

from __future__ import annotations

from typing import Any

from engine import __version__
from engine.forms import TestForm
from question_generators.display import format_number
from question_generators.item import LETTERS
from reports.exports import Export, Options, numbered
from reports.html import render


def key_view(form: TestForm) -> dict[str, Any]:
    sections: list[dict[str, Any]] = [{"title": s.title, "items": []} for s in form.sections]
    for entry in numbered(form):
        item = entry.item
        if item.entry is not None:
            tolerance = format_number(item.entry.tolerance, None, item.lang)
            answer = item.key_text + (f" (± {tolerance})" if item.entry.tolerance else "")
        else:
            answer = item.key_text
        distractors = [(LETTERS[i], o.text, o.mistake) for i, o in enumerate(item.options)
                       if i != item.key and o.mistake]
        sections[entry.section_index]["items"].append({
            "number": entry.number, "letter": item.key_letter if item.is_choice else "", "answer": answer,
            "explanation": item.explanation, "distractors": distractors, "id": item.id,
            "difficulty": format_number(item.difficulty, 2)})
    lang = form.items[0].lang if form.items else "en"
    return {"title": form.title, "form_id": form.form_id, "seed": form.seed, "blueprint": form.blueprint,
            "sections": sections, "lang": lang, "version": __version__}


def export(form: TestForm, options: Options) -> Export:
    return Export(render("key.html", **key_view(form)).encode(), len(form.items))
