"""The example plug-in is a real family: its check passes over many seeds and catches a bad key."""

from __future__ import annotations

import sys
from dataclasses import replace

import numpy as np
import pytest

from question_generators.base import Generator
from question_generators.errors import ItemCheckError
from tests.conftest import PLUGIN_DIR

sys.path.insert(0, str(PLUGIN_DIR))
from secondround_example.unit_digit import UnitDigitGenerator


def test_generator_protocol_and_checks_over_many_seeds() -> None:
    generator = UnitDigitGenerator()
    assert isinstance(generator, Generator)
    for seed in range(2000):
        difficulty = -3 + 6 * seed / 1999
        item = generator.generate(np.random.default_rng(seed), difficulty)
        generator.check(item)
        assert item.options[item.key].value == pow(item.params["base"], item.params["exponent"], 10)


def test_corrupted_key_is_caught() -> None:
    generator = UnitDigitGenerator()
    item = generator.generate(np.random.default_rng(3), 1.0)
    wrong = (item.key + 1) % len(item.options)
    with pytest.raises(ItemCheckError, match="no named mistake"):
        generator.check(replace(item, key=wrong))
    # A well-formed item whose key is simply wrong: the mistake labels moved with it.
    options = list(item.options)
    options[item.key] = replace(options[item.key], mistake="relabelled")
    options[wrong] = replace(options[wrong], mistake=None)
    with pytest.raises(ItemCheckError, match="check finds"):
        generator.check(replace(item, key=wrong, options=tuple(options)))
