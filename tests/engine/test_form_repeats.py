"""No repeats within a form, over 200 forms of every built-in blueprint: no two items with the same
content, every `once` key within its limit, `spread` keys (rule types) five slots apart within a
part and never back to back in a section, at most two passages of one scenario type. The families
name the keys; this holds assembly to them."""

from __future__ import annotations

from collections import Counter

import pytest

from engine.blueprints import builtin_names, load_blueprint
from engine.forms import _once_limit, assemble

FORMS = 200


def problems_of(form) -> list[str]:  # type: ignore[no-untyped-def]
    found = []
    items = form.items
    prints = Counter(item.fingerprint() for item in items)
    found += [f"content twice: {p}" for p, n in prints.items() if n > 1]
    once: Counter[str] = Counter()
    limits: dict[str, int] = {}
    for item in items:
        keys, _ = item.repeat_keys()
        for key in keys:
            name, limit = _once_limit(key)
            once[name] += 1
            limits[name] = limit
    found += [f"{name} {n} times (limit {limits[name]})" for name, n in once.items() if n > limits[name]]
    stimuli = {item.stimulus: item.params.get("stimulus_kind") for item in items if item.stimulus}
    kinds = Counter(kind for kind in stimuli.values() if kind)
    found += [f"{n} testlets of {kind} (limit 2)" for kind, n in kinds.items() if n > 2]
    for section in form.sections:
        for first, second in zip(section.items, section.items[1:], strict=False):
            shared = set(first.repeat_keys()[1]) & set(second.repeat_keys()[1])
            if shared:
                found.append(f"back to back in {section.name}: {sorted(shared)}")
    return found


@pytest.mark.parametrize("name", builtin_names())
def test_200_forms_of_each_builtin_blueprint_hold_the_repeat_rules(name: str) -> None:
    blueprint = load_blueprint(name)
    bad = {}
    for seed in range(FORMS):
        form = assemble(blueprint, seed, check=False)
        problems = problems_of(form)
        if problems:
            bad[seed] = problems
    assert not bad, f"{len(bad)} of {FORMS} forms break a rule, e.g. seed {next(iter(bad))}: {next(iter(bad.values()))}"
