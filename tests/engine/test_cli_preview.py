"""`secondround preview` clips a request into the family's stated range with assembly's note."""

from __future__ import annotations

import re

from question_generators.registry import difficulty_range


def test_preview_clips_to_the_stated_range_with_a_note(run) -> None:
    low, high = difficulty_range("spatial.rotation")
    result = run("preview", "spatial.rotation", "-d", "3.5", "-n", "4", "--seed", "7")
    assert result.code == 0, result.err
    assert f"note: spatial.rotation reaches only {high:+.2f}: items asked at up to +3.50 are served at {high:+.2f}" \
        in result.err
    bs = [float(b) for b in re.findall(r"difficulty b=([-+]\d+\.\d+)", result.out)]
    assert len(bs) == 4 and abs(sum(bs) / 4 - high) < 0.5  # served at the top of the range, not past it
    below = run("preview", "spatial.rotation", "-d", "-3.5", "-n", "1", "--seed", "7")
    assert below.code == 0 and f"reaches down only to {low:+.2f}" in below.err


def test_preview_inside_the_range_has_no_note(run) -> None:
    result = run("preview", "spatial.rotation", "-d", "0", "-n", "1", "--seed", "7")
    assert result.code == 0 and "note:" not in result.err and result.out.count("Key: ") == 1


def test_preview_writes_the_language_of_lang(run) -> None:
    """Seen before: `--lang nb preview` gave English items, since preview did not pass the language."""
    result = run("--lang", "nb", "preview", "logical.syllogism", "-n", "1", "--seed", "3")
    assert result.code == 0, result.err
    assert "@nb" in result.out and "Godta påstandene" in result.out
