"""Classical item analysis for a cohort that sat one form: difficulty (p), discrimination (corrected
point-biserial), time, option choices and flags for items that behave badly.

Definitions (as in classical test theory):
- p: the share of the cohort that got the item right (unanswered and unreached count as wrong).
- point-biserial (corrected): the correlation of the item's 0/1 score with the total score of the
  OTHER items, so an item does not correlate with itself. Below 0.20 the item barely separates
  strong from weak candidates; below 0 strong candidates do worse on it than weak ones (a wrong
  key or an ambiguous prompt is the usual cause).
- upper and lower groups: the top and bottom 27% of the cohort by total score (Kelley's split).
- a distractor that the upper group chooses more often than the key, or whose choice correlates
  positively with the total score, points at a second defensible answer.
- KR-20: the reliability of the whole form from 0/1 item scores.
Flags are computed for any cohort size, but below MIN_RELIABLE_N candidates they are only hints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from engine.store import ResponseRecord
from question_generators.item import LETTERS, Item

LOW_RPB = 0.20
TOO_EASY = 0.95
TOO_HARD = 0.25
KELLEY = 0.27
MIN_RELIABLE_N = 20
FLAGS = ("negative_rpb", "low_rpb", "too_easy", "too_hard", "below_chance", "distractor_beats_key",
         "distractor_positive", "no_variance")


@dataclass(frozen=True, slots=True)
class OptionStat:
    letter: str
    text: str
    key: bool
    mistake: str | None
    count: int
    share: float  # of the whole cohort
    upper: int  # chosen by this many of the upper group
    lower: int
    rpb: float | None  # correlation of choosing it with the total score


@dataclass(frozen=True, slots=True)
class ItemStat:
    position: int  # 0-based in the form
    section: int
    item_id: str
    family: str
    b: float  # the generator's difficulty
    n: int
    answered: int
    skipped: int
    unreached: int
    p: float
    rpb: float | None
    mean_time_ms: float | None  # over the candidates who saw the item
    options: tuple[OptionStat, ...]
    flags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormAnalysis:
    n: int
    items: tuple[ItemStat, ...]
    totals: np.ndarray  # each candidate's number correct, in input order
    mean: float
    sd: float
    kr20: float | None
    reliable: bool  # enough candidates for the flags to mean much

    @property
    def flagged(self) -> list[ItemStat]:
        return [s for s in self.items if s.flags]


def correlation(x: np.ndarray, y: np.ndarray) -> float | None:
    """Pearson's r, or None when either variable does not vary."""
    sx, sy = x.std(), y.std()
    if sx < 1e-12 or sy < 1e-12:
        return None
    return float(((x - x.mean()) * (y - y.mean())).mean() / (sx * sy))


def groups(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the upper and lower 27% by total (at least one each; ties by input order)."""
    n = len(totals)
    size = max(1, round(KELLEY * n))
    order = np.argsort(-totals, kind="stable")
    return order[:size], order[n - size:]


def analyse(items: Sequence[Item], sessions: Sequence[Sequence[ResponseRecord]]) -> FormAnalysis:
    """Item statistics for `sessions` (each the stored responses of one sitting of the form of `items`)."""
    n, k = len(sessions), len(items)
    scores = np.zeros((n, k))
    for i, rows in enumerate(sessions):
        for j, (item, row) in enumerate(zip(items, rows, strict=True)):
            scores[i, j] = row.status == "answered" and item.grade(row.response)  # the form is the authority
    totals = scores.sum(axis=1)
    upper, lower = groups(totals) if n else (np.array([], int), np.array([], int))
    stats = [_item(j, item, sessions, scores, totals, upper, lower) for j, item in enumerate(items)]
    variance = totals.var() if n else 0.0
    p = scores.mean(axis=0) if n else np.zeros(k)
    kr20 = float(k / (k - 1) * (1 - (p * (1 - p)).sum() / variance)) if k > 1 and variance > 1e-12 else None
    return FormAnalysis(n, tuple(stats), totals, float(totals.mean()) if n else 0.0,
                        float(totals.std()) if n else 0.0, kr20, n >= MIN_RELIABLE_N)


def _item(j: int, item: Item, sessions: Sequence[Sequence[ResponseRecord]], scores: np.ndarray, totals: np.ndarray,
          upper: np.ndarray, lower: np.ndarray) -> ItemStat:
    rows = [s[j] for s in sessions]
    n = len(rows)
    x = scores[:, j]
    rest = totals - x
    rpb = correlation(x, rest) if n > 2 else None
    seen = [r.time_ms for r in rows if r.status != "unreached"]
    options = []
    if item.is_choice:
        for o_index, option in enumerate(item.options):
            letter = LETTERS[o_index]
            chose = np.array([r.status == "answered" and r.response == letter for r in rows], dtype=float)
            count = int(chose.sum())
            options.append(OptionStat(letter, option.text, o_index == item.key, option.mistake, count,
                                      count / n if n else 0.0, int(chose[upper].sum()), int(chose[lower].sum()),
                                      correlation(chose, totals) if n > 2 else None))
    p = float(x.mean()) if n else 0.0
    stat = ItemStat(j, rows[0].section if rows else 0, item.id, item.family, item.difficulty, n,
                    sum(r.status == "answered" for r in rows), sum(r.status == "skipped" for r in rows),
                    sum(r.status == "unreached" for r in rows), p, rpb,
                    float(np.mean(seen)) if seen else None, tuple(options), ())
    return replace(stat, flags=flags_of(stat, item))


def flags_of(stat: ItemStat, item: Item) -> tuple[str, ...]:
    """The ways an item misbehaves, in the order of FLAGS."""
    found = set()
    if stat.n == 0:
        return ()
    if stat.rpb is None:
        found.add("no_variance")
    elif stat.rpb < 0:
        found.add("negative_rpb")
    elif stat.rpb < LOW_RPB:
        found.add("low_rpb")
    if stat.p > TOO_EASY:
        found.add("too_easy")
    if stat.p < TOO_HARD:
        found.add("too_hard")
    if item.guessing and stat.n >= 10 and stat.p < item.guessing:
        found.add("below_chance")
    key = next((o for o in stat.options if o.key), None)
    for o in stat.options:
        if o.key or key is None:
            continue
        if o.upper > key.upper:
            found.add("distractor_beats_key")
        if o.rpb is not None and o.rpb > 0.05 and o.count >= 3:
            found.add("distractor_positive")
    return tuple(f for f in FLAGS if f in found)
