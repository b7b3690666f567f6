"""Export writers, one module per format: each turns a TestForm into the bytes of one file.

Every writer offers `export(form, options) -> Export`. The CLI (`secondround export`) picks the
module by format name, so a writer is imported only when it is used."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from engine.forms import FormSection, TestForm
from question_generators.display import format_number
from question_generators.item import Item

FORMATS = ("booklet", "key", "csv", "json", "qti", "moodle", "gift", "sheet")
MODULES = {"booklet": "booklet", "key": "key", "csv": "csvfile", "json": "jsonfile", "qti": "qti",
           "moodle": "moodle", "gift": "gift", "sheet": "sheet"}
CANDIDATE_FORMATS = ("booklet", "json", "sheet")  # the outputs that can be handed to candidates
PDF_FORMATS = ("booklet", "key")


@dataclass(frozen=True, slots=True)
class Options:
    for_candidate: bool = False
    skip_figures: bool = False  # GIFT: leave out items whose figures GIFT cannot carry
    names: tuple[str, ...] = ()  # answer sheet: one row per candidate, pre-filled


@dataclass(frozen=True, slots=True)
class Export:
    """The file's bytes, and the items left out (with the reason), never silently."""

    data: bytes
    items: int
    skipped: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Numbered:
    """An item with where it sits: numbered 1..N across the whole form, as on the answer sheet."""

    number: int
    section_index: int
    section: FormSection
    number_in_section: int
    item: Item


def numbered(form: TestForm) -> Iterator[Numbered]:
    number = 0
    for s_index, section in enumerate(form.sections):
        for i_index, item in enumerate(section.items, start=1):
            number += 1
            yield Numbered(number, s_index, section, i_index, item)


def machine_number(value: float) -> str:
    """A number as importers read it: '.' decimals, no grouping, no needless '.0'."""
    return format_number(value, None, "en", group=False)


def writer(name: str):  # type: ignore[no-untyped-def]
    return importlib.import_module(f"reports.exports.{MODULES[name]}")


def standalone_svg(markup: str) -> bytes:
    """Inline SVG markup as a file of its own: a file needs the SVG namespace to show as an image."""
    text = markup.strip()
    if "xmlns=" not in text.split(">", 1)[0]:
        text = text.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
    return text.encode("utf-8")
