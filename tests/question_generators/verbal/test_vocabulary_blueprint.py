"""The verbal-vocabulary blueprint: 20 items in 10 minutes over the five vocabulary families."""

from __future__ import annotations

from collections import Counter

from engine.blueprints import load_blueprint
from engine.forms import assemble


def test_vocabulary_form_assembles_with_every_family() -> None:
    blueprint = load_blueprint("verbal-vocabulary")
    assert blueprint.count == 20 and blueprint.time_limit_s == 10 * 60
    for seed in range(3):
        form = assemble(blueprint, seed=seed)
        families = Counter(item.family for item in form.items)
        assert families == {"verbal.analogy": 5, "verbal.synonym": 4, "verbal.antonym": 4,
                            "verbal.odd_one_out": 4, "verbal.completion": 3}
        assert len({item.fingerprint() for item in form.items}) == 20
        cues = Counter((item.family, item.params["cue"]) for item in form.items if "cue" in item.params)
        assert max(cues.values()) == 1, cues


def test_vocabulary_texts_are_free_of_template_artefacts(sweep) -> None:
    import re

    doubled = re.compile(r"\b(\w+) \1\b", re.IGNORECASE)
    for family in ("verbal.synonym", "verbal.antonym", "verbal.analogy", "verbal.odd_one_out",
                   "verbal.completion"):
        for item in sweep(family)[:500]:
            for text in (item.prompt, item.explanation, *(o.text for o in item.options),
                         *(o.mistake or "" for o in item.options)):
                assert "{" not in text and "}" not in text, text
                assert not doubled.search(text), text
                assert "  " not in text.replace("\n\n", ""), text


def test_no_form_asks_about_one_word_twice() -> None:
    """Review 2026-11: 4-5 of 40 vocabulary forms asked about one cue twice (e.g. POOR in two synonym
    items); the three seeds above passed by luck. The assembler now redraws such items."""
    blueprint = load_blueprint("verbal-vocabulary")
    for seed in range(40):
        form = assemble(blueprint, seed=seed)
        cues = Counter(item.params["cue"] for item in form.items if "cue" in item.params)
        assert max(cues.values()) == 1, (seed, cues)
