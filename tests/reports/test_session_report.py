"""The session report: parsed, its numbers and sections present, user text escaped, self-contained."""

from __future__ import annotations

from html.parser import HTMLParser

from engine.scoring import Ability, score
from engine.session import Session
from reports.session import render_session_report, session_json
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


def scored(store, candidate: str = "Ada"):
    form = make_form((60, 3), (60, 2), with_entry=True)
    session = Session.create(store, form, candidate=candidate)
    session.start()
    session.open_section(0)
    session.visit(0)
    session.answer(0, "A" if form.items[0].key_letter != "A" else "B")
    session.close_section(0, expired=False)
    session.open_section(1)
    session.close_section(1, expired=True)
    session.finish()
    return store.session(session.id), score(form, store.responses(session.id), store.sections(session.id))


def test_charts_plan_and_mistake(store) -> None:
    record, result = scored(store)
    page = render_session_report(record, result)
    parser = Collector()
    parser.feed(page)
    charts = [a.get("data-chart") for tag, a in parser.tags if tag == "svg" and a.get("data-chart")]
    assert charts == ["chart-sections", "chart-outcomes", "chart-families", "chart-time"]
    text = " ".join(parser.text)
    assert "What to practise next" in text and "secondround preview numeric.arithmetic -d" in text
    assert "mistake " in text  # the named mistake of the chosen distractor (factories name them 'mistake i')
    assert "not reached before time ran out" in text
    assert ("Percentile (model)" in text) == (result.overall.ability is not None)  # cards only with an estimate


def test_ability_cards_when_scoring_gives_them(store) -> None:
    record, result = scored(store)
    ability = Ability(theta=0.52, se=0.31, percentile=69.8, percentile_low=58.0, percentile_high=79.6,
                      sten=7.0, sten_low=6.4, sten_high=7.7)
    result.overall.ability = ability
    result.sections[0].ability = ability
    parser = Collector()
    parser.feed(render_session_report(record, result))
    assert parser.fields["theta"] == "+0.52"
    assert parser.fields["percentile"] == "70"
    assert parser.fields["percentile-range"] == "range 58 to 80"
    # Whole stens and <1 / >99 percentiles, exactly as the terminal summary after `take` prints them.
    assert parser.fields["sten"] == "7" and parser.fields["sten-range"] == "range 6 to 8"
    low = Ability(theta=-2.6, se=0.5, percentile=0.4, percentile_low=0.1, percentile_high=2.2,
                  sten=1.0, sten_low=1.0, sten_high=1.4)
    result.overall.ability = low
    parser = Collector()
    parser.feed(render_session_report(record, result))
    assert parser.fields["percentile"] == "<1" and parser.fields["percentile-range"] == "range <1 to 2"
    assert parser.fields["sten"] == "1" and parser.fields["sten-range"] == "range 1 to 1"
    from engine.textview import ability_line

    assert "percentile <1 (range <1 to 2) · sten 1 (range 1 to 1)" in ability_line("Overall", low)
    assert "standard-normal reference scale, not a comparison with a norm group" in parser.fields["ability-note"]


def test_json_has_the_same_numbers(store) -> None:
    import json

    record, result = scored(store)
    data = json.loads(json.dumps(session_json(record, result)))
    assert data["kind"] == "session" and data["record"]["candidate"] == "Ada"
    assert data["score"]["overall"]["correct"] == 0 and data["score"]["overall"]["total"] == 5
    assert [r["outcome"] for r in data["review"]] == ["wrong", "unreached", "unreached", "unreached", "unreached"]
    assert data["review"][0]["item"]["id"].startswith("numeric.arithmetic/")
    assert data["plan"][0]["command"].startswith("secondround preview ")


def test_review_labels_the_position_in_the_whole_test(store) -> None:
    record, result = scored(store)
    page = render_session_report(record, result)
    last = result.items[-1]
    assert f"#{last.position + 1} in the test" in page  # next to "Item N", which counts within a section
