"""Scoring: raw score, percent, attempted, accuracy, speed, optional negative marking and guessing
correction, and the IRT ability (EAP, see engine.irt) per section, per family and overall."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import median

from engine.blueprints import ScoringRules
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
    guess_penalty: float = 0.0  # sum of 1/(k-1) over wrong choice items: the guessing correction

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def accuracy(self) -> float | None:
        """Correct of attempted, in percent: how well the candidate did on what they tried (None
        when nothing was attempted: no accuracy, rather than a misleading 0%)."""
        return 100.0 * self.correct / self.attempted if self.attempted else None

    @property
    def wrong(self) -> int:
        return self.attempted - self.correct

    @property
    def corrected(self) -> float:
        """Guessing-corrected score: right - wrong/(k-1) (numeric entries cannot be guessed: no penalty)."""
        return self.correct - self.guess_penalty

    def negative_marked(self, per_wrong: float) -> float:
        """Right answers less `per_wrong` marks for each wrong one; skipped items cost nothing."""
        return self.correct - per_wrong * self.wrong

    @property
    def items_per_minute(self) -> float:
        """Speed: items attempted per minute of time used."""
        return self.attempted * 60_000 / self.time_ms if self.time_ms else 0.0

    def add(self, attempted: bool, correct: bool, time_ms: int, guess_penalty: float = 0.0) -> None:
        self.total += 1
        self.attempted += int(attempted)
        self.correct += int(correct)
        self.time_ms += time_ms
        self.guess_penalty += guess_penalty


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
    rules: ScoringRules = field(default_factory=ScoringRules)
    unreached_wrong: bool = False  # a fixed timed form: unreached items counted wrong in the ability

    @property
    def unreached(self) -> int:
        return sum(1 for r in self.items if r.status == "unreached")

    @property
    def median_item_ms(self) -> int:
        times = [r.time_ms for r in self.items if r.status != "unreached"]
        return int(median(times)) if times else 0


def score(form: TestForm, responses: list[ResponseRecord], sections: list[SectionRecord], *,
          calibration: Mapping[str, tuple[float, float]] | None = None,
          rules: ScoringRules | None = None) -> Score:
    """Score a session from its stored responses; section time is the section clock, not a sum.

    `calibration` (family -> difficulty offset, discrimination scale, see `secondround calibrate`)
    adjusts the item parameters of the ability estimate; `rules` default to the form's own."""
    overall = Tally(t("score.overall"))
    by_section = [Tally(s.title) for s in form.sections]
    by_family: dict[str, Tally] = {}
    results = []
    numbers = [n for s in form.sections for n in range(1, len(s.items) + 1)]
    items = form.items[:len(responses)]  # an adaptive form may hold one item not yet stored
    for item, row in zip(items, responses, strict=True):
        attempted = row.status == "answered"
        correct = attempted and item.grade(row.response)  # re-graded: the form is the authority
        penalty = 1.0 / (len(item.options) - 1) if attempted and not correct and item.options else 0.0
        for tally in (overall, by_section[row.section], by_family.setdefault(item.family, Tally(item.family))):
            tally.add(attempted, correct, row.time_ms, penalty)
        results.append(ItemResult(row.position, numbers[row.position], row.section, item, row.response,
                                  correct, row.status, row.flagged, row.time_ms, item.mistake_for(row.response)))
    for tally, record in zip(by_section, sections, strict=True):
        tally.time_ms = record.elapsed_ms
    overall.time_ms = sum(r.elapsed_ms for r in sections)
    families = sorted(by_family.values(), key=lambda t: t.label)
    # In a fixed timed form an item not reached counts as wrong, as the real tests' number-correct
    # norms do: running out of time is part of the result. An adaptive test only holds the items it
    # gave, so there nothing is "unreached" but the one pending when time ran out: it stays out.
    unreached_wrong = not form.adaptive
    if results:
        _abilities(results, overall, by_section, families, calibration, unreached_wrong)
    return Score(overall, by_section, families, results,
                 time_limit_ms=sum(r.time_limit_ms for r in sections),
                 rules=form.scoring if rules is None else rules, unreached_wrong=unreached_wrong)


def code_result(status: str, correct: bool, unreached_wrong: bool) -> float:
    """How one response enters the ability estimate: 1 right, 0 wrong, skipped (and, in a fixed
    timed form, unreached), NaN for an item the candidate was never given."""
    from engine import irt

    if status == "unreached" and unreached_wrong:
        return 0.0
    return irt.code_response(status, correct)


def _abilities(results: list[ItemResult], overall: Tally, sections: list[Tally], families: list[Tally],
               calibration: Mapping[str, tuple[float, float]] | None, unreached_wrong: bool = False) -> None:
    """EAP ability for the whole test, each section and each family in one vectorised call."""
    import numpy as np

    from engine import irt

    coded = np.array([code_result(r.status, r.correct, unreached_wrong) for r in results])
    params = irt.item_parameters_of([r.item for r in results], calibration)
    section_of = np.array([r.section for r in results])
    family_of = np.array([r.item.family for r in results])
    tallies = [overall, *sections, *families]
    masks = [np.ones(len(results), bool), *(section_of == i for i in range(len(sections))),
             *(family_of == f.label for f in families)]
    matrix = np.where(np.array(masks), coded, np.nan)
    thetas, ses = irt.eap(matrix, params)
    for tally, mask, theta, se in zip(tallies, masks, thetas, ses, strict=True):
        if not np.isnan(coded[mask]).all():  # nothing administered: no estimate, not the prior
            tally.ability = Ability(*irt.ability_figures(float(theta), float(se)))
