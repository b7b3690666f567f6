"""The item contract and every item family: knows nothing of the engine or the reports."""

from question_generators.base import BaseGenerator, Generator
from question_generators.errors import ItemCheckError, SecondroundError, UnknownFamilyError
from question_generators.figures import Figure, Svg, Table, TextBlock
from question_generators.item import LETTERS, SECTIONS, Item, ItemId, NumericEntry, Option

__all__ = [
    "LETTERS", "SECTIONS", "BaseGenerator", "Figure", "Generator", "Item", "ItemCheckError",
    "ItemId", "NumericEntry", "Option", "SecondroundError", "Svg", "Table", "TextBlock",
    "UnknownFamilyError",
]
