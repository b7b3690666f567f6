"""A tiny family used only by the tests: few distinct items, with `once` and `spread` keys and a
narrow difficulty range, to exercise the form-level repeat rules and clipping."""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, require_single_key, shuffle_options
from question_generators.item import Item, Option

RULES = ("add", "double", "square", "halve", "negate", "triple")


class RuleGenerator(BaseGenerator):
    """demo.rules: apply one of six rules to a small number (only 6 x 4 distinct items)."""

    family = "demo.rules"
    section = "numerical"
    version = 1
    title = "Rules (test family)"
    difficulty_range: ClassVar[tuple[float, float]] = (-1.0, 1.5)

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        rule = RULES[int(rng.integers(0, len(RULES)))]
        n = int(rng.integers(2, 6))
        value = {"add": n + 1, "double": 2 * n, "square": n * n, "halve": n / 2, "negate": -n, "triple": 3 * n}[rule]
        wrong = [Option(str(value + d), float(value + d), f"slip of {d}") for d in (1, 2, 3)]
        options, key = shuffle_options(rng, Option(str(value), float(value)), wrong)
        # The wording varies but the content does not: the fingerprint must see through it.
        prompt = ("Apply the rule {r} to {n}." if rng.random() < 0.5 else "What is {n} after {r}?").format(r=rule, n=n)
        return Item(family=self.family, section=self.section, prompt=prompt,
                    explanation=f"{rule} of {n} is {value}.", difficulty=difficulty, discrimination=1.0,
                    time_s=10.0, options=options, key=key,
                    params={"rule": rule, "n": n, "value": value, "content": f"{rule}:{n}",
                            "once": [f"calc:{value}"], "spread": [f"rule:{rule}"]})

    def check(self, item: Item) -> None:
        check_options(item)
        require_single_key(item, [i for i, o in enumerate(item.options) if o.value == item.params["value"]])
