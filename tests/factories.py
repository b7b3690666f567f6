"""Hand-made items and forms, so engine and report tests do not depend on any one family."""

from __future__ import annotations

from engine.forms import FormSection, TestForm
from question_generators.item import Item, NumericEntry, Option


def choice_item(n: int, key: int = 1) -> Item:
    options = tuple(Option(str(10 * n + i), float(10 * n + i), None if i == key else f"mistake {i}")
                    for i in range(5))
    return Item(family="numeric.arithmetic", section="numerical", prompt=f"Question {n}: pick {10 * n + key}.",
                options=options, key=key, explanation=f"The answer is {10 * n + key}.", difficulty=0.0,
                discrimination=1.0, time_s=30.0, id=f"numeric.arithmetic/v1/+0.00/{n:012x}")


def entry_item(n: int, value: float = 12.5) -> Item:
    return Item(family="numeric.series", section="numerical", prompt=f"Type {value}.",
                entry=NumericEntry(value, 0.05, "km", 1), explanation=f"It is {value}.", difficulty=1.0,
                discrimination=1.2, time_s=40.0, id=f"numeric.series/v1/+1.00/{n:012x}")


def make_form(*sections: tuple[int, int], with_entry: bool = False) -> TestForm:
    """Sections given as (time limit in seconds, number of items)."""
    built, n = [], 0
    for index, (limit, count) in enumerate(sections):
        items = []
        for _ in range(count):
            n += 1
            items.append(entry_item(n) if with_entry and n == 2 else choice_item(n, key=n % 5))
        built.append(FormSection(f"s{index + 1}", f"Section {index + 1}", limit, tuple(items)))
    return TestForm(blueprint="handmade", title="Hand-made", seed=1, sections=tuple(built))


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += seconds
