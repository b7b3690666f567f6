"""Forms for the coach-workflow tests: every figure kind, awkward characters, every registered family."""

from __future__ import annotations

from functools import cache

from engine.forms import FormSection, TestForm
from question_generators.figures import Svg, Table, TextBlock
from question_generators.item import Item, NumericEntry, Option

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20" width="80" height="40">'
       '<rect x="1" y="1" width="18" height="18" fill="none" stroke="black"/>'
       '<circle cx="30" cy="10" r="8" fill="black"/></svg>')
# Characters every export must escape: GIFT's ~ = # { } : \ and HTML's < & ", and CDATA's end ]]>.
AWKWARD = 'Is {a} ~ b = #1: "x" < y & z \\ w ]]> ok?'


def _item(n: int, prompt: str, *, figure=None, key: int = 1, section: str = "numerical",  # type: ignore[no-untyped-def]
          texts: tuple[str, ...] | None = None) -> Item:
    texts = texts or tuple(f"{10 * n + i}" for i in range(4))
    options = tuple(Option(text, None, None if i == key else f"slip number {i} of item {n}")
                    for i, text in enumerate(texts))
    return Item(family="numeric.arithmetic", section=section, prompt=prompt, options=options, key=key,
                explanation=f"Worked solution {n}: the answer is {texts[key]}.", difficulty=0.25 * n - 1,
                discrimination=1.1, time_s=45.0, figure=figure, params={"n": n},
                id=f"numeric.arithmetic/v1/+0.00/{n:012x}")


def figure_form() -> TestForm:
    """Two sections; a table, an SVG and a text-grid figure; a numeric entry; awkward characters."""
    table = Table(("Region", "Sales (£k)", "Staff"), (("North", "1,250", "12"), ("South & East", "980", "9")),
                  "Sales by region")
    items_one = (
        _item(1, "Which region sold more per member of staff?", figure=table, key=0,
              texts=("North", "South & East", "They sold the same", "Cannot say")),
        _item(2, "Which shape is filled?", figure=Svg(SVG, "[ ]  (#)", "a square and a filled circle"), key=2,
              texts=("The square", "Neither", "The circle", "Both")),
        Item(family="numeric.series", section="numerical", prompt="How far is it, to one decimal?",
             entry=NumericEntry(12.5, 0.05, "km", 1), explanation="12.5 km: 25 km halved.", difficulty=1.0,
             discrimination=1.2, time_s=40.0, id="numeric.series/v1/+1.00/00000000000a"),
    )
    items_two = (
        _item(3, AWKWARD, key=3, section="checking",
              texts=("a ~ b", "x = y", "{50%}", "C:\\temp #2")),
        _item(4, "Which row repeats?", figure=TextBlock("AB12  CD34\nAB12  CD43", "two code rows"), key=1,
              section="checking"),
    )
    return TestForm(blueprint="coach-test", title="Coach & <friends> test", seed=99,
                    sections=(FormSection("numbers", "Numbers", 600, items_one),
                              FormSection("checks", "Checks", 300, items_two)))


@cache
def every_family_form() -> TestForm:
    """Three items (easy, middle, hard) of every registered family, one section per section kind."""
    from question_generators.registry import family_names, make_item

    by_section: dict[str, list[Item]] = {}
    for f_index, family in enumerate(family_names()):
        for d_index, difficulty in enumerate((-2.0, 0.0, 2.0)):
            item = make_item(family, difficulty, 1000 * f_index + d_index + 1)
            by_section.setdefault(item.section, []).append(item)
    sections = tuple(FormSection(name, name.title(), 60 * len(items), tuple(items))
                     for name, items in sorted(by_section.items()))
    return TestForm(blueprint="every-family", title="Every family", seed=None, sections=sections)
