"""Promises every registered family keeps, checked the same way for all (future families too):
a wrong key is caught even when the item is otherwise well formed, and so is a duplicated option."""

from __future__ import annotations

from dataclasses import replace

import pytest

from question_generators.errors import ItemCheckError
from question_generators.item import Item, NumericEntry
from question_generators.registry import family_names, get_generator, make_item

SEEDS = range(300)


def relabelled(item: Item, new_key: int) -> Item:
    """Move the key and the mistake labels with it: only re-deriving the key can catch this."""
    options = list(item.options)
    old = item.key or 0
    options[old], options[new_key] = (replace(options[old], mistake=options[new_key].mistake),
                                      replace(options[new_key], mistake=None))
    return replace(item, key=new_key, options=tuple(options))


@pytest.mark.parametrize("family", family_names())
def test_a_wrong_key_is_caught(family: str) -> None:
    generator = get_generator(family)
    for seed in SEEDS:
        item = make_item(family, -3 + 6 * seed / (len(SEEDS) - 1), seed)
        if item.entry is not None:
            wrong = replace(item, entry=NumericEntry(item.entry.value + 1, item.entry.tolerance,
                                                     item.entry.unit, item.entry.decimals))
            with pytest.raises(ItemCheckError):
                generator.check(wrong)
            continue
        for new_key in range(len(item.options)):
            if new_key != item.key:
                with pytest.raises(ItemCheckError):
                    generator.check(relabelled(item, new_key))


@pytest.mark.parametrize("family", family_names())
def test_a_duplicated_option_is_caught(family: str) -> None:
    generator = get_generator(family)
    for seed in SEEDS:
        item = make_item(family, -3 + 6 * seed / (len(SEEDS) - 1), seed)
        if item.entry is not None:
            continue
        donor = ((item.key or 0) + 1) % len(item.options)  # a distractor
        target = next(i for i in range(len(item.options)) if i not in (item.key, donor))
        options = list(item.options)
        options[target] = options[donor]
        with pytest.raises(ItemCheckError):
            generator.check(replace(item, options=tuple(options)))
