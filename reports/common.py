"""What the reports share: tallies as plain data, JSON conversion, item status styles, practice plans."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from engine.forms import TestForm
from engine.i18n import t
from engine.scoring import Ability, Score, Tally, score
from engine.store import ResponseRecord, SectionRecord, Store
from reports.charts import GREY, OKABE_ITO, Style

# Item outcomes in the order every chart and table uses; each has a colour AND a pattern or outline.
STATUSES = ("correct", "wrong", "skipped", "unreached")
STATUS_STYLES = (Style(OKABE_ITO["blue"], "solid", "circle"), Style(OKABE_ITO["vermillion"], "hatch", "cross"),
                 Style(GREY, "dots", "square"), Style(GREY, "solid", "diamond", outline=True))
TARGET_SUCCESS = 0.7  # practise where about 7 in 10 come out right: hard enough to learn, easy enough to keep going
LOGIT_TARGET = math.log(TARGET_SUCCESS / (1 - TARGET_SUCCESS))


def scoring_options(store: Store) -> dict[str, Any]:
    """Keyword arguments for score() from the store: its item calibration where the store keeps one
    (read once per report, not once per session)."""
    calibration = getattr(store, "calibration", None)
    return {"calibration": calibration()} if callable(calibration) else {}


def score_rows(form: TestForm, responses: list[ResponseRecord], sections: list[SectionRecord],
               options: dict[str, Any]) -> Score:
    return score(form, responses, sections, **options)


def outcome(status: str, correct: bool) -> str:
    """One of STATUSES for a stored response."""
    if status == "answered":
        return "correct" if correct else "wrong"
    return "skipped" if status == "skipped" else "unreached"


ABILITY_FIELDS = tuple(f.name for f in dataclasses.fields(Ability))


def ability_dict(ability: Ability | None) -> dict[str, float] | None:
    # Field by field rather than dataclasses.asdict, which deep-copies and costs 70 µs a cohort row.
    return None if ability is None else {name: getattr(ability, name) for name in ABILITY_FIELDS}


def tally_dict(tally: Tally) -> dict[str, Any]:
    """A tally as plain data with its derived figures (what templates and --json both use)."""
    return {"label": tally.label, "total": tally.total, "attempted": tally.attempted, "correct": tally.correct,
            "time_ms": tally.time_ms, "percent": tally.percent, "accuracy": tally.accuracy,
            "ability": ability_dict(tally.ability)}


def jsonable(value: Any) -> Any:
    """Plain JSON data from a report context: items and figures by their own to_dict(), NaN as null."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return jsonable(value.tolist())
    return str(value)


@dataclass(slots=True)
class FamilyRecord:
    """What a candidate did on one family: counts, time and the mean difficulty of the items seen."""

    family: str
    total: int = 0
    attempted: int = 0
    correct: int = 0
    time_ms: int = 0
    difficulty_sum: float = 0.0
    theta: float | None = None  # the family's IRT estimate, where scoring gave one

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0

    @property
    def mean_difficulty(self) -> float:
        return self.difficulty_sum / self.total if self.total else 0.0

    def merge(self, other: FamilyRecord) -> None:
        self.total += other.total
        self.attempted += other.attempted
        self.correct += other.correct
        self.time_ms += other.time_ms
        self.difficulty_sum += other.difficulty_sum
        self.theta = other.theta if other.theta is not None else self.theta


def practice_plan(families: Iterable[FamilyRecord], most: int = 3) -> list[dict[str, Any]]:
    """The weakest families with a concrete drill: which family, at what difficulty, how many items,
    and the command that prints such items with keys and worked explanations.

    The level is where the candidate should get about 70% right: their ability on the family (the IRT
    estimate where there is one, else mean item difficulty + logit of their smoothed success rate)
    minus logit(0.7), rounded to half a logit and kept within -3..3."""
    ranked = sorted((f for f in families if f.total), key=lambda f: (f.percent, -f.total, f.family))
    # The weakest families, or else the weakest one, but never a family answered fully right.
    weak = [f for f in ranked if f.percent < 85] or [f for f in ranked[:1] if f.correct < f.total]
    plan = []
    for f in weak[:most]:
        rate = (f.correct + 0.5) / (f.total + 1.0)
        theta = f.theta if f.theta is not None else f.mean_difficulty + math.log(rate / (1 - rate))
        level = min(3.0, max(-3.0, round((theta - LOGIT_TARGET) * 2) / 2))
        count = 15 if f.percent < 40 else 10 if f.percent < 70 else 5
        plan.append({"family": f.family, "percent": f.percent, "correct": f.correct, "total": f.total,
                     "difficulty": level, "count": count,
                     "command": f"secondround preview {f.family} -d {level:+.1f} -n {count}",
                     "why": t("plan.why", correct=f.correct, total=f.total, percent=f"{f.percent:.0f}")})
    return plan
