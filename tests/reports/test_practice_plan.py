"""What to practise next: the weakest families, never one the candidate answered fully right."""

from __future__ import annotations

from reports.common import FamilyRecord, practice_plan


def test_a_fully_right_family_is_never_named() -> None:
    assert practice_plan([FamilyRecord("numeric.series", total=5, attempted=5, correct=5)]) == []
    plan = practice_plan([FamilyRecord("numeric.series", total=5, attempted=5, correct=5),
                          FamilyRecord("verbal.synonym", total=5, attempted=5, correct=9 // 2)])
    assert [p["family"] for p in plan] == ["verbal.synonym"]


def test_the_weakest_family_is_named_even_above_85_percent() -> None:
    plan = practice_plan([FamilyRecord("numeric.series", total=20, attempted=20, correct=19),
                          FamilyRecord("verbal.synonym", total=5, attempted=5, correct=5)])
    assert [p["family"] for p in plan] == ["numeric.series"]
