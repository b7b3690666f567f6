"""Simulated candidates for report tests, benchmarks and the example screenshots.

A simulated examinee answers by the 3-parameter logistic model (guessing = 1/options) with a
lognormal time per item; items past the section's time limit stay unreached. Sessions are written
straight into the store in one transaction each, with the dates given, so a year of history builds
in seconds."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np

from engine.blueprints import parse_blueprint
from engine.forms import TestForm, assemble, form_id_of
from engine.store import Store
from question_generators.item import LETTERS, Item

DRILL = """
name = "drill"
title = "Numerical drill"
[[section]]
name = "series"
title = "Number series"
minutes = {minutes}
order = "ramp"
  [[section.part]]
  family = "numeric.series"
  count = {half}
  difficulty = [-1.5, 2.0]
[[section]]
name = "arithmetic"
title = "Mental arithmetic"
minutes = {minutes}
order = "shuffled"
  [[section.part]]
  family = "numeric.arithmetic"
  count = {half}
  difficulty = [-1.5, 2.0]
"""


MIXED = """
name = "mixed"
title = "Mixed aptitude practice"
[[section]]
name = "numerical"
title = "Numerical"
minutes = 8
  [[section.part]]
  family = "numeric.percent_ratio"
  count = 4
  difficulty = [-1.0, 1.5]
  [[section.part]]
  family = "numeric.series"
  count = 4
  difficulty = [-1.0, 1.5]
[[section]]
name = "logical"
title = "Logical"
minutes = 8
  [[section.part]]
  family = "logical.syllogism"
  count = 4
  difficulty = [-1.0, 1.5]
  [[section.part]]
  family = "logical.letter_series"
  count = 4
  difficulty = [-1.0, 1.5]
[[section]]
name = "abstract"
title = "Abstract"
minutes = 6
  [[section.part]]
  family = "abstract.series"
  count = 6
  difficulty = [-1.0, 1.5]
"""


def mixed_form(seed: int) -> TestForm:
    """Three skill areas (numerical, logical, abstract): for the example screenshots."""
    return assemble(parse_blueprint(MIXED, "mixed"), seed, check=False)


def drill_form(seed: int, items: int = 20, minutes: int = 10) -> TestForm:
    """A two-section numerical form of `items` items, reproducible from `seed`."""
    text = DRILL.format(minutes=minutes, half=items // 2)
    return assemble(parse_blueprint(text, "drill"), seed, check=False)


def wrong_answer(item: Item, rng: np.random.Generator) -> str:
    if item.entry is not None:
        return str(round(item.entry.value * 1.5 + 7, item.entry.decimals))
    others = [i for i in range(len(item.options)) if i != item.key]
    return LETTERS[int(rng.choice(others))]


def answers(form: TestForm, theta: float, rng: np.random.Generator, speed: float = 1.0,
            skip: float = 0.04) -> tuple[list[tuple[str, str | None, bool, int]], list[tuple[int, int, str]]]:
    """(status, response, correct, time_ms) per item and (elapsed_ms, limit_ms, status) per section."""
    rows, sections = [], []
    for section in form.sections:
        limit, used, expired = section.time_limit_s * 1000, 0, False
        for item in section.items:
            time_ms = int(1000 * item.time_s * speed * rng.lognormal(0.0, 0.35))
            if expired or used + time_ms > limit:
                expired = True
                rows.append(("unreached", None, False, 0))
                continue
            used += time_ms
            if rng.random() < skip:
                rows.append(("skipped", None, False, time_ms))
                continue
            p = item.guessing + (1 - item.guessing) / (1 + math.exp(-item.discrimination * (theta - item.difficulty)))
            right = rng.random() < p
            rows.append(("answered", item.key_letter if right else wrong_answer(item, rng), right, time_ms))
        sections.append((limit if expired else used, limit, "expired" if expired else "done"))
    return rows, sections


def save_form(store: Store, form: TestForm) -> str:
    text = form.to_json()
    form_id = form_id_of(text)
    store.save_form(form_id, form.blueprint, form.title, form.seed, text)
    return form_id


def simulate(store: Store, form: TestForm, form_id: str, *, candidate: str | None, theta: float,
             rng: np.random.Generator, when: datetime, speed: float = 1.0, group: str | None = None,
             mode: str = "exam", source: str = "terminal") -> int:
    """One finished (or expired) session of `candidate` at ability `theta`, dated `when`."""
    items = [(form.section_of(p), item.id, item.fingerprint(), item.family) for p, item in enumerate(form.items)]
    session_id = store.create_session(form_id, mode, candidate, "en", [s.time_limit_s * 1000 for s in form.sections],
                                      items, group=group, source=source)
    rows, sections = answers(form, theta, rng, speed)
    stamp = when.astimezone(UTC).isoformat(timespec="seconds")
    status = "expired" if any(s[2] == "expired" for s in sections) else "finished"
    with store.transaction() as conn:
        conn.executemany(
            "UPDATE responses SET status = ?, response = ?, correct = ?, time_ms = ?, visits = ? "
            "WHERE session_id = ? AND position = ?",
            [(st, resp, int(ok), ms, int(st != "unreached"), session_id, pos)
             for pos, (st, resp, ok, ms) in enumerate(rows)])
        conn.executemany("UPDATE section_state SET elapsed_ms = ?, status = ? WHERE session_id = ? AND section = ?",
                         [(used, st, session_id, i) for i, (used, _, st) in enumerate(sections)])
        conn.execute("UPDATE sessions SET status = ?, created_at = ?, started_at = ?, finished_at = ? WHERE id = ?",
                     (status, stamp, stamp, stamp, session_id))
    return session_id


START = datetime(2026, 6, 1, 18, 0, tzinfo=UTC)


def progress_history(store: Store, candidate: str | None, sessions: int, *, items: int = 20, seed: int = 1,
                     forms: int = 4, mixed: bool = False) -> list[int]:
    """A candidate improving over `sessions` sessions (about three a week) on a few forms."""
    rng = np.random.default_rng(seed)
    built = [mixed_form(seed * 100 + k) if mixed else drill_form(seed * 100 + k, items) for k in range(forms)]
    ids = [save_form(store, f) for f in built]
    made = []
    for n in range(sessions):
        theta = -0.8 + 1.6 * n / max(1, sessions - 1) + rng.normal(0, 0.3)
        when = START + timedelta(days=int(n * 2.3), hours=int(rng.integers(0, 5)))
        k = n % forms
        made.append(simulate(store, built[k], ids[k], candidate=candidate, theta=theta, rng=rng, when=when,
                             speed=1.1 - 0.3 * n / max(1, sessions - 1)))
    return made


def cohort(store: Store, group: str, size: int, *, items: int = 20, seed: int = 7) -> tuple[TestForm, list[int]]:
    """`size` group members sitting the same form once each, abilities drawn from N(0, 1)."""
    rng = np.random.default_rng(seed)
    form = drill_form(seed, items)
    form_id = save_form(store, form)
    made = []
    for n in range(size):
        name = f"Candidate {n + 1:02d}"
        store.add_candidate(name, groups=(group,))
        made.append(simulate(store, form, form_id, candidate=name, theta=float(rng.normal()), rng=rng,
                             when=START + timedelta(days=n % 5, hours=n), group=group))
    return form, made
