"""The session report: score cards, section and family bars, and a review of every item."""

from __future__ import annotations

from typing import Any

from engine import __version__
from engine.scoring import Score
from engine.store import SessionRecord
from question_generators.item import LETTERS
from reports.html import render


def session_context(record: SessionRecord, result: Score) -> dict[str, Any]:
    """The plain data the template shows (also what --json would write)."""
    review = []
    for r in result.items:
        chosen = r.response if r.item.is_choice else None
        review.append({
            "number": r.number, "section": r.section, "item": r.item, "status": r.status,
            "response": r.response, "correct": r.correct, "flagged": r.flagged, "time_ms": r.time_ms,
            "mistake": r.mistake,
            "options": [{"letter": LETTERS[i], "text": o.text, "key": i == r.item.key,
                         "chosen": chosen == LETTERS[i]} for i, o in enumerate(r.item.options)],
        })
    return {"record": record, "score": result, "review": review, "version": __version__,
            "sections": result.sections, "families": result.families}


def render_session_report(record: SessionRecord, result: Score) -> str:
    return render("session.html", **session_context(record, result))
