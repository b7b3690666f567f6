"""The session report: parsed, its numbers and sections present, user text escaped, self-contained."""

from __future__ import annotations

from html.parser import HTMLParser

from engine.scoring import score
from engine.session import Session
from reports.session import render_session_report
from tests.factories import make_form


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.fields: dict[str, str] = {}
        self._field: str | None = None

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        self._field = attributes.get("data-field")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        self.text.append(data)
        if self._field and data.strip():
            self.fields[self._field] = data.strip()
            self._field = None


def render(store, candidate: str) -> str:
    form = make_form((60, 3), (60, 2), with_entry=True)
    session = Session.create(store, form, candidate=candidate)
    session.start()
    session.open_section(0)
    for position, answer in [(0, form.items[0].key_letter), (1, "3"), (2, None)]:
        session.visit(position)
        if answer:
            session.answer(position, answer)
    session.close_section(0, expired=False)
    session.open_section(1)
    session.visit(3)
    session.answer(3, "A" if form.items[3].key_letter != "A" else "B")
    session.close_section(1, expired=True)
    session.finish()
    result = score(form, store.responses(session.id), store.sections(session.id))
    return render_session_report(store.session(session.id), result)


def test_numbers_sections_and_review(store) -> None:
    page = render(store, "Ada")
    parser = Collector()
    parser.feed(page)
    assert parser.fields["raw"] == "1 / 5"
    assert parser.fields["percent"] == "20%"
    assert parser.fields["attempted"] == "3"
    assert parser.fields["accuracy"] == "33%"
    text = " ".join(parser.text)
    for needle in ("Session report", "Section 1", "Section 2", "numeric.arithmetic", "Review of every item",
                   "Explanation", "The mistake behind your answer",
                   "not reached", "not answered", "Ada"):
        assert needle in text, needle
    assert sum(1 for tag, _ in parser.tags if tag == "article") == 5
    headings = [tag for tag, _ in parser.tags if tag in ("h1", "h2")]
    assert headings[0] == "h1" and headings.count("h2") >= 4


def test_candidate_name_is_escaped(store) -> None:
    page = render(store, "<script>alert(1)</script>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_self_contained(store) -> None:
    page = render(store, "Ada")
    parser = Collector()
    parser.feed(page)
    for tag, attributes in parser.tags:
        assert tag not in ("script", "link", "img", "iframe")
        for name in ("src", "href"):
            value = attributes.get(name) or ""
            assert not value.startswith(("http:", "https:", "//")), (tag, value)
    assert "<style>" in page and "@media print" in page
