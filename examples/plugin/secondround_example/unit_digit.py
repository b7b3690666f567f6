"""Example plug-in family: the last digit of a power, as in quick numerical screeners."""

from __future__ import annotations

import numpy as np

from question_generators.base import (
    BaseGenerator,
    check_options,
    linear_difficulty,
    numeric_options,
    require_single_key,
)
from question_generators.errors import ItemCheckError
from question_generators.item import Item, Option

# Bases whose last digits cycle with period 4 are the interesting ones (2, 3, 7, 8); period 2 and 1
# bases (4, 9; 5, 6) are easy. Difficulty model: b = -2.2 + 0.9 * period_rank + 0.4 * big_exponent.
BASES_BY_LEVEL = ((5, 6), (4, 9), (2, 3, 7, 8))


class UnitDigitGenerator(BaseGenerator):
    """Last digit of a power (e.g. 7^23): spot the cycle of last digits instead of multiplying out."""

    family = "example.unit_digit"
    section = "numerical"
    version = 1
    title = "Last digit of a power"

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        level = 0 if difficulty < -1.5 else 1 if difficulty < 0 else 2
        base = int(rng.choice(BASES_BY_LEVEL[level])) + 10 * int(rng.integers(0, 3 if level == 2 else 1))
        exponent = int(rng.integers(11, 60 if difficulty > 1 else 30))
        cycle = _cycle(base % 10)
        answer = cycle[(exponent - 1) % len(cycle)]
        wrong = {
            cycle[exponent % len(cycle)]: "counted the cycle from 0 instead of from the first power",
            (base * exponent) % 10: "multiplied the base by the exponent instead of raising it",
            (base % 10 + exponent) % 10: "added the exponent to the last digit",
            exponent % 10: "took the last digit of the exponent",
            cycle[(exponent - 2) % len(cycle)]: "stopped one power short",
        }
        distractors = [Option(str(v), float(v), m) for v, m in wrong.items() if v != answer]
        distractors += [Option(str(d), float(d), "guessed a digit outside the cycle")
                        for d in range(10) if d != answer and d not in wrong]
        options, key = numeric_options(rng, Option(str(answer), float(answer)), distractors, 5)
        explanation = (f"Only last digits matter. Powers of {base % 10} end in the cycle "
                       f"{', '.join(map(str, cycle))}, repeating every {len(cycle)} power(s). Power {exponent} is "
                       f"place {(exponent - 1) % len(cycle) + 1} of that cycle, so {base}^{exponent} ends in {answer}.")
        features = {"period_rank": level, "big_exponent": int(exponent >= 30)}
        return Item(family=self.family, section=self.section,
                    prompt=f"What is the last digit of {base}^{exponent}?", options=options, key=key,
                    explanation=explanation, difficulty=linear_difficulty(
                        -2.2, {"period_rank": 0.9, "big_exponent": 0.4}, features),
                    discrimination=1.0, time_s=30.0, params={"base": base, "exponent": exponent, **features},
                    lang=self.lang)

    def check(self, item: Item) -> None:
        check_options(item)
        base, exponent = int(item.params["base"]), int(item.params["exponent"])
        truth = pow(base, exponent, 10)  # modular exponentiation: no cycle reasoning involved
        correct = [i for i, o in enumerate(item.options) if int(o.text) == truth]
        if not correct:
            raise ItemCheckError(f"item {item.id}: no option equals the last digit {truth}")
        require_single_key(item, correct)


def _cycle(digit: int) -> list[int]:
    cycle, value = [], digit
    while value not in cycle:
        cycle.append(value)
        value = value * digit % 10
    return cycle
