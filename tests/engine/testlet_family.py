"""A tiny testlet family used only by the tests: questions about one shared row of numbers."""

from __future__ import annotations

import numpy as np

from question_generators.base import BaseGenerator, check_options, require_single_key, shuffle_options
from question_generators.figures import Table
from question_generators.item import Item, Option

PLACES = ("first", "second", "third", "fourth", "fifth")


class LookupGenerator(BaseGenerator):
    """demo.lookup: read one value off a shared table of five numbers."""

    family = "demo.lookup"
    section = "numerical"
    version = 1
    title = "Table look-up (test family)"

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        return self.generate_question(rng, rng, difficulty, 0)

    def generate_question(self, stimulus_rng: np.random.Generator, rng: np.random.Generator,
                          difficulty: float, question: int) -> Item:
        values = [int(v) for v in stimulus_rng.choice(np.arange(10, 100), size=5, replace=False)]
        place = (question + int(rng.integers(0, 5))) % 5
        others = [Option(str(v), float(v), "read the wrong column") for i, v in enumerate(values) if i != place]
        options, key = shuffle_options(rng, Option(str(values[place]), float(values[place])), others[:3])
        return Item(family=self.family, section=self.section, prompt=f"What is the {PLACES[place]} value?",
                    explanation=f"The {PLACES[place]} value is {values[place]}.", difficulty=difficulty,
                    discrimination=1.0, time_s=20.0, options=options, key=key,
                    figure=Table(tuple(PLACES), (tuple(str(v) for v in values),), "Values"),
                    params={"values": values, "place": place})

    def check(self, item: Item) -> None:
        check_options(item)
        wanted = item.params["values"][item.params["place"]]
        require_single_key(item, [i for i, option in enumerate(item.options) if option.value == wanted])
