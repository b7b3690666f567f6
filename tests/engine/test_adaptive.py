"""Adaptive sessions: the policy (family rotation, most informative target, stop rule), storage
that survives a crash and resumes with the same next item, and the terminal flow end to end."""

from __future__ import annotations

import math
import signal
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from engine import irt
from engine.adaptive import (
    AdaptivePlan,
    AdaptiveSession,
    next_family,
    should_stop,
    step,
    target_difficulty,
    typical_parameters,
)
from engine.blueprints import load_blueprint, parse_blueprint
from question_generators.registry import regenerate
from tests.engine.test_cli import read_until, start_take

MIXED = """
name = "mixed"
title = "Mixed"
[adaptive]
max_items = {most}
min_items = 3
se_target = {se}
[[section]]
name = "a"
minutes = 10
  [[section.part]]
  family = "numeric.arithmetic"
  count = 8
  [[section.part]]
  family = "numeric.series"
  count = 4
"""


def plan(most: int = 12, se: float = 0.3, seed: int = 5) -> AdaptivePlan:
    return AdaptivePlan.from_blueprint(parse_blueprint(MIXED.format(most=most, se=se), "mixed"), seed)


def test_families_rotate_in_proportion_to_their_counts() -> None:
    chosen: list[str] = []
    for _ in range(12):
        chosen.append(next_family(plan(), chosen))
    assert chosen.count("numeric.arithmetic") == 8 and chosen.count("numeric.series") == 4
    assert all(chosen[i:i + 3].count("numeric.series") == 1 for i in range(0, 12, 3))  # A, B, A or similar


def test_target_is_the_most_informative_difficulty_with_a_little_jitter() -> None:
    p = plan()
    targets = [target_difficulty(plan(seed=s), 0, 0.0, "numeric.arithmetic") for s in range(200)]
    # 3PL with c = 1/5: the information peaks above b, so the target b sits below theta.
    shift = irt.max_information_shift(*typical_parameters("numeric.arithmetic"))
    assert 0.15 < shift < 0.35 and np.mean(targets) == pytest.approx(-shift, abs=0.05)
    assert 0.2 < np.std(targets) < 0.4 and len(set(targets)) > 50  # first items differ between people
    assert target_difficulty(p, 3, 1.0, "numeric.series") == target_difficulty(p, 3, 1.0, "numeric.series")
    calibrated = target_difficulty(p, 3, 1.0, "numeric.series", {"numeric.series": (0.5, 1.0)})
    assert calibrated == pytest.approx(target_difficulty(p, 3, 1.0, "numeric.series") - 0.5, abs=0.011)


def test_stop_rule() -> None:
    p = plan(most=12, se=0.3)
    assert not should_stop(p, 2, 0.1)  # fewer than min_items
    assert should_stop(p, 3, 0.29) and not should_stop(p, 3, 0.31)
    assert should_stop(p, 12, 0.9)


def test_items_follow_the_estimate_up_and_down() -> None:
    p = plan(most=10, se=0.1)
    for right, sign in ((True, 1), (False, -1)):
        items, coded, seen = [], [], set()
        while True:
            item, theta, _ = step(p, items, coded, seen)
            if item is None:
                break
            seen.add(item.fingerprint())
            items.append(item)
            coded.append(1.0 if right else 0.0)
        assert len(items) == 10 and sign * theta > 1.0
        assert sign * np.mean([i.difficulty for i in items[-4:]]) > sign * items[0].difficulty + 0.5


def test_every_item_is_committed_before_it_is_shown_and_resume_gives_the_same_next_item(tmp_path: Path) -> None:
    from engine.store import Store

    blueprint = parse_blueprint(MIXED.format(most=6, se=0.2), "mixed")
    outcomes = []
    for name in ("one", "two"):
        store = Store.open(tmp_path / f"{name}.db")
        session = AdaptiveSession.begin(store, blueprint, seed=42)
        session.start()
        session.open_section(0)
        for position in range(3):
            item = session.visit(session.pending())
            assert store.responses(session.id)[position].item_id == item.id  # stored before shown
            session.answer(position, item.key_letter if position != 1 else "99999" if item.entry else
                           ("A" if item.key_letter != "A" else "B"))
            session.leave()
            if name == "two" and position == 2:
                break  # the process dies after the answer, before the next item exists
            assert session.extend()
        if name == "two":
            session = AdaptiveSession.load(store, session.id)
            assert isinstance(session, AdaptiveSession) and session.pending() is None
            assert session.extend()
        outcomes.append([r.item_id for r in store.responses(session.id)])
        store.close()
    assert outcomes[0] == outcomes[1] and len(outcomes[0]) == 4


def answers_from_the_store(db_path: Path, session: int = 1) -> str | None:
    """The key of the item on screen, read as a test harness would: from its committed row."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT item_id, status FROM responses WHERE session_id = ? ORDER BY position",
                        (session,)).fetchall()
    conn.close()
    pending = [item_id for item_id, status in rows if status != "answered"]
    return regenerate(pending[-1]).key_letter if pending else None


def test_adaptive_take_with_answers_piped(run, tmp_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    path.write_text(MIXED.format(most=8, se=0.2))
    script = "\n".join(["", "?", "A", "1"] * 20) + "\n"  # a blank line is refused, then letters or numbers
    result = run("take", str(path), "--adaptive", "--seed", "3", "--candidate", "Ada", input=script)
    assert result.code == 0, result.text
    assert "Mixed (adaptive) · seed 3" in result.out and "Item 8 (at most 8)" in result.out
    assert "Item 9" not in result.out and "All 8 items of the adaptive test are done." in result.out
    assert "Every item of an adaptive test needs an answer" in result.out and "not the number correct" in result.out
    assert "Ability (Overall): theta" in result.out and "not a comparison with a norm group" in result.out
    history = run("history")
    assert "mixed" in history.out and "/8" in history.out and "finished" in history.out
    assert run("report", "-o", str(tmp_path / "r.html")).code == 0
    again = run("take", str(path), "--adaptive", "--seed", "3", "--candidate", "Ada", input=script)
    from engine.store import Store

    store = Store.open(tmp_path / "store.db")
    first, second = ({r.fingerprint for r in store.responses(n)} for n in (1, 2))
    store.close()
    assert again.code == 0 and not first & second  # the same seed, but no item seen before


def test_adaptive_sigkill_then_resume(run, tmp_path: Path, db_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    path.write_text(MIXED.format(most=6, se=0.1))
    proc = start_take(["take", str(path), "--adaptive", "--seed", "8"], db_path)
    assert proc.stdin is not None
    for n in range(1, 4):
        read_until(proc, f"Item {n} (at most 6)")
        proc.stdin.write((answers_from_the_store(db_path) + "\n").encode())
        proc.stdin.flush()
    read_until(proc, "Item 4 (at most 6)")
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT status FROM responses ORDER BY position").fetchall()
    conn.close()
    assert [r[0] for r in rows] == ["answered"] * 3 + ["unreached"]
    key = answers_from_the_store(db_path)
    result = run("resume", input=key + "\n" + "\n".join(["A", "1"] * 6) + "\n")
    assert result.code == 0, result.text
    assert "Resuming the adaptive test" in result.out and "Item 4 (at most 6)" in result.out
    assert "Item 1 (at most 6)" not in result.out and "Test finished." in result.out


@pytest.mark.parametrize(("args", "message"), [
    (["take", "warmup", "--adaptive", "--retake", "1"], "give a blueprint or a form file to take"),
    (["take", "x.json", "--adaptive"], "--adaptive needs a blueprint"),
])
def test_adaptive_bad_combinations(run, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.code != 0 and message in result.err


def test_bad_adaptive_settings_from_the_cli(run, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(MIXED.format(most=0, se=0.3))
    result = run("take", str(path), "--adaptive")
    assert result.code == 2 and "[adaptive]: 'max_items' must be a whole number from 1 to 200, got 0" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_an_adaptive_session_cannot_be_retaken_as_a_form(run, tmp_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    path.write_text(MIXED.format(most=3, se=0.2))
    assert run("take", str(path), "--adaptive", input="\n".join(["A", "1"] * 6) + "\n").code == 0
    result = run("take", "--retake", "1")
    assert result.code != 0 and "was an adaptive sitting" in result.err


def test_builtin_plan_time_limit() -> None:
    p = AdaptivePlan.from_blueprint(load_blueprint("numerical"), 1)
    assert p.time_limit_s % 60 == 0 and math.isclose(p.time_limit_s, 25 * 60 * 30 / 18, rel_tol=0.05)
    assert dict(p.families) == {"numeric.arithmetic": 9, "numeric.series": 9}


def test_adaptive_take_stops_when_the_se_target_is_reached(run, tmp_path: Path) -> None:
    path = tmp_path / "loose.toml"
    path.write_text(MIXED.format(most=20, se=0.9))  # a loose target: met as soon as min_items are in
    result = run("take", str(path), "--adaptive", "--seed", "2", input="\n".join(["A", "1"] * 10) + "\n")
    assert result.code == 0, result.text
    assert "The ability estimate reached ± 0.9 after 3 items." in result.out and "Item 4" not in result.out
