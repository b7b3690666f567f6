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
from typing import Any

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


STATUS_CODES = {"unreached": 0, "skipped": 1, "answered": 2}


@dataclass(frozen=True, slots=True)
class ResponseMatrix:
    """The stored responses of n sittings of one form of k items, as (n, k) arrays: the shape the
    analysis needs, built from records or straight from the store in one query."""

    status: np.ndarray  # int8: 0 unreached, 1 skipped, 2 answered
    responses: np.ndarray  # object: the stored response (a letter or a number) or None
    time_ms: np.ndarray  # int
    sections: np.ndarray  # (k,) the section of each position

    @classmethod
    def from_sessions(cls, sessions: Sequence[Sequence[ResponseRecord]], k: int) -> ResponseMatrix:
        n = len(sessions)
        status = np.zeros((n, k), np.int8)
        responses = np.full((n, k), None, dtype=object)
        time_ms = np.zeros((n, k), np.int64)
        sections = np.zeros(k, np.int64)
        for i, rows in enumerate(sessions):
            if len(rows) != k:
                raise ValueError(f"sitting {i} has {len(rows)} responses for {k} items")
            for j, row in enumerate(rows):
                status[i, j] = STATUS_CODES[row.status]
                responses[i, j] = row.response
                time_ms[i, j] = row.time_ms
                sections[j] = row.section
        return cls(status, responses, time_ms, sections)

    @classmethod
    def from_store(cls, conn: Any, form_id: str, session_ids: Sequence[int], k: int) -> ResponseMatrix:
        """Every response of the sittings (rows in the order of `session_ids`, all of form
        `form_id`), in one query that SQLite folds to one row per sitting. The primary key's index
        hands each sitting's rows over in position order, so no sort is asked for (a temporary
        B-tree for 400,000 rows); a sitting whose positions do not come back in order is read again
        on its own, so the result never depends on that."""
        n = len(session_ids)
        status = np.zeros((n, k), np.int8)
        responses = np.full((n, k), None, dtype=object)
        time_ms = np.zeros((n, k), np.int64)
        index = {sid: i for i, sid in enumerate(session_ids)}
        expected = ",".join(map(str, range(k)))
        rows = conn.execute(
            "SELECT session_id, group_concat(position), group_concat(substr(status, 1, 1), ''), "
            "group_concat(time_ms), group_concat(coalesce(response, ''), char(31)) FROM responses "
            "WHERE session_id IN (SELECT id FROM sessions WHERE form_id = ?) GROUP BY session_id",
            (form_id,))
        whole: list[int] = []  # matrix rows whose sitting came back complete and in order
        status_text: list[str] = []
        time_text: list[str] = []
        answer_text: list[str] = []
        for sid, positions, statuses, times, answers in rows:
            i = index.get(sid)
            if i is None:
                continue
            if positions != expected:  # not one row per position in order: read this sitting plainly
                cls._fill_one(conn, sid, status[i], responses[i], time_ms[i], k)
                continue
            whole.append(i)
            status_text.append(statuses)
            time_text.append(times)
            answer_text.append(answers)
        if whole:
            # One pass over all sittings: status letters through a lookup table, times as one list.
            lut = np.zeros(256, np.int8)
            lut[ord("s")], lut[ord("a")] = 1, 2
            letters = np.frombuffer("".join(status_text).encode("ascii"), np.uint8).reshape(len(whole), k)
            status[whole] = lut[letters]
            time_ms[whole] = np.array(",".join(time_text).split(","), np.int64).reshape(len(whole), k)
            answers = np.array("\x1f".join(answer_text).split("\x1f"), dtype=object).reshape(len(whole), k)
            answers[answers == ""] = None
            responses[whole] = answers
        return cls(status, responses, time_ms, _sections_of(conn, session_ids[:1], k))

    @staticmethod
    def _fill_one(conn: Any, sid: int, status: np.ndarray, responses: np.ndarray, time_ms: np.ndarray,
                  k: int) -> None:
        for position, stat, tms, resp in conn.execute(
                "SELECT position, status, time_ms, response FROM responses WHERE session_id = ? AND position < ?",
                (sid, k)):
            status[position], time_ms[position], responses[position] = STATUS_CODES[stat], tms, resp


def _sections_of(conn: Any, session_ids: Sequence[int], k: int) -> np.ndarray:
    sections = np.zeros(k, np.int64)
    if session_ids:
        for position, section in conn.execute(
                "SELECT position, section FROM responses WHERE session_id = ? AND position < ?", (session_ids[0], k)):
            sections[position] = section
    return sections


def grade_matrix(items: Sequence[Item], m: ResponseMatrix) -> np.ndarray:
    """0/1 scores (n, k), re-graded from the form (the authority), one comparison per column: a
    choice item by its key letter, an entry item once per distinct response."""
    scores = np.zeros(m.status.shape)
    answered = m.status == 2
    for j, item in enumerate(items):
        column = m.responses[:, j]
        if item.is_choice:
            scores[:, j] = answered[:, j] & (column == item.key_letter)
        else:
            verdict = {value: item.grade(value) for value in set(column[answered[:, j]])}
            scores[:, j] = [bool(a) and verdict.get(v, False) for a, v in zip(answered[:, j], column, strict=True)]
    return scores


def analyse(items: Sequence[Item], sessions: Sequence[Sequence[ResponseRecord]]) -> FormAnalysis:
    """Item statistics for `sessions` (each the stored responses of one sitting of the form of `items`)."""
    return analyse_matrix(items, ResponseMatrix.from_sessions(sessions, len(items)))


def analyse_matrix(items: Sequence[Item], m: ResponseMatrix, scores: np.ndarray | None = None) -> FormAnalysis:
    """Item statistics from a response matrix (`scores`: its grade_matrix, when already made)."""
    n, k = m.status.shape
    scores = grade_matrix(items, m) if scores is None else scores
    totals = scores.sum(axis=1)
    upper, lower = groups(totals) if n else (np.array([], int), np.array([], int))
    stats = [_item(j, item, m, scores, totals, upper, lower) for j, item in enumerate(items)]
    variance = totals.var() if n else 0.0
    p = scores.mean(axis=0) if n else np.zeros(k)
    kr20 = float(k / (k - 1) * (1 - (p * (1 - p)).sum() / variance)) if k > 1 and variance > 1e-12 else None
    return FormAnalysis(n, tuple(stats), totals, float(totals.mean()) if n else 0.0,
                        float(totals.std()) if n else 0.0, kr20, n >= MIN_RELIABLE_N)


def _item(j: int, item: Item, m: ResponseMatrix, scores: np.ndarray, totals: np.ndarray,
          upper: np.ndarray, lower: np.ndarray) -> ItemStat:
    n = m.status.shape[0]
    x = scores[:, j]
    rest = totals - x
    rpb = correlation(x, rest) if n > 2 else None
    status = m.status[:, j]
    seen = m.time_ms[status != 0, j]
    answered = status == 2
    options = []
    if item.is_choice:
        column = m.responses[:, j]
        for o_index, option in enumerate(item.options):
            letter = LETTERS[o_index]
            chose = (answered & (column == letter)).astype(float)
            count = int(chose.sum())
            options.append(OptionStat(letter, option.text, o_index == item.key, option.mistake, count,
                                      count / n if n else 0.0, int(chose[upper].sum()), int(chose[lower].sum()),
                                      correlation(chose, totals) if n > 2 else None))
    p = float(x.mean()) if n else 0.0
    stat = ItemStat(j, int(m.sections[j]) if n else 0, item.id, item.family, item.difficulty, n,
                    int(answered.sum()), int((status == 1).sum()), int((status == 0).sum()), p, rpb,
                    float(seen.mean()) if len(seen) else None, tuple(options), ())
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
