"""The layout audit moved to tests/question_generators/svg_boxes.py (shared by every area)."""

from tests.question_generators.svg_boxes import (  # noqa: F401
    MIN_FIGURE,
    MIN_HATCH_GAP,
    Box,
    boxes,
    hatch_gaps,
    layout_problems,
    text_extent,
)
