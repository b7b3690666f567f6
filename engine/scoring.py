"""Scoring v1: raw score, percent, attempted and accuracy, per section and per family, with time."""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from engine.forms import TestForm
from engine.i18n import t
from engine.store import ResponseRecord, SectionRecord
from question_generators.item import Item


@dataclass(frozen=True, slots=True)
class Ability:
    """An IRT ability estimate on the reference scale (standard normal on theta), with its range.

    Percentile and sten are model-based: where theta falls on N(0, 1), not a norm group.
    The ranges are theta +- 1 SE mapped the same way."""

    theta: float
    se: float
    percentile: float
    percentile_low: float
    percentile_high: float
    sten: float
    sten_low: float
    sten_high: float


@dataclass(slots=True)
class Tally:
    """Counts for one slice of a session (the whole test, a section or a family)."""

    label: str
    total: int = 0
    attempted: int = 0
    correct: int = 0
    time_ms: int = 0
    ability: Ability | None = None  # filled by IRT scoring where the items carry parameters

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def accuracy(self) -> float:
        """Correct of attempted, in percent: how well the candidate did on what they tried."""
        return 100.0 * self.correct / self.attempted if self.attempted else 0.0

    def add(self, attempted: bool, correct: bool, time_ms: int) -> None:
        self.total += 1
        self.attempted += int(attempted)
        self.correct += int(correct)
        self.time_ms += time_ms


@dataclass(slots=True)
class ItemResult:
    position: int
    number: int  # 1-based within its section, as the candidate saw it
    section: int
    item: Item
    response: str | None
    correct: bool
    status: str
    flagged: bool
    time_ms: int
    mistake: str | None


@dataclass(slots=True)
class Score:
    overall: Tally
    sections: list[Tally]
    families: list[Tally]
    items: list[ItemResult] = field(default_factory=list)
    time_limit_ms: int = 0

    @property
    def median_item_ms(self) -> int:
        times = [r.time_ms for r in self.items if r.status != "unreached"]
        return int(median(times)) if times else 0


def score(form: TestForm, responses: list[ResponseRecord], sections: list[SectionRecord]) -> Score:
    """Score a session from its stored responses; section time is the section clock, not a sum."""
    overall = Tally(t("score.overall"))
    by_section = [Tally(s.title) for s in form.sections]
    by_family: dict[str, Tally] = {}
    results = []
    numbers = [n for s in form.sections for n in range(1, len(s.items) + 1)]
    for item, row in zip(form.items, responses, strict=True):
        attempted = row.status == "answered"
        correct = attempted and item.grade(row.response)  # re-graded: the form is the authority
        for tally in (overall, by_section[row.section], by_family.setdefault(item.family, Tally(item.family))):
            tally.add(attempted, correct, row.time_ms)
        results.append(ItemResult(row.position, numbers[row.position], row.section, item, row.response,
                                  correct, row.status, row.flagged, row.time_ms, item.mistake_for(row.response)))
    for tally, record in zip(by_section, sections, strict=True):
        tally.time_ms = record.elapsed_ms
    overall.time_ms = sum(r.elapsed_ms for r in sections)
    return Score(overall, by_section, sorted(by_family.values(), key=lambda t: t.label), results,
                 time_limit_ms=sum(r.time_limit_ms for r in sections))
