"""Forms: deterministic JSON, a faithful round trip, and clear errors for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.blueprints import load_blueprint
from engine.forms import FormError, TestForm, assemble, difficulties, item_seed
from tests.factories import make_form


def test_round_trip_is_identical() -> None:
    form = make_form((60, 3), (30, 2), with_entry=True)
    again = TestForm.from_dict(json.loads(form.to_json()))
    assert again.to_json() == form.to_json()
    assert again.form_id == form.form_id


def test_assembly_is_deterministic_and_without_duplicates() -> None:
    blueprint = load_blueprint("numerical")
    first, second = assemble(blueprint, 7), assemble(blueprint, 7)
    assert first.to_json() == second.to_json()
    assert assemble(blueprint, 8).to_json() != first.to_json()
    prints = [item.fingerprint() for item in first.items]
    assert len(set(prints)) == len(prints) == 18


def test_ramp_order_and_difficulty_spread() -> None:
    assert difficulties((-1.0, 1.0), 5) == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert difficulties((0.4, 2.0), 1) == [1.2]
    form = assemble(load_blueprint("numerical"), 3)
    blocks: list[list[float]] = []  # the questions of a testlet stay together: ramp by block
    for index, item in enumerate(form.items):
        if index and item.stimulus and item.stimulus == form.items[index - 1].stimulus:
            blocks[-1].append(item.difficulty)
        else:
            blocks.append([item.difficulty])
    assert len(blocks) < len(form.items)  # the numerical blueprint has testlets
    lowest = [min(block) for block in blocks]
    assert lowest == sorted(lowest)  # "ramp": easy to hard


def test_item_seeds_are_independent_streams() -> None:
    seeds = {item_seed(5, slot, attempt) for slot in range(200) for attempt in range(3)}
    assert len(seeds) == 600
    assert all(0 <= s < 2**48 for s in seeds)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not valid JSON \\(line 1"),
    ('{"format": "something else"}', "not a secondround test form"),
    ('{"format": "secondround.form", "format_version": 99, "sections": []}', "newer than this secondround"),
    ('{"format": "secondround.form", "format_version": 1, "sections": []}',
     "/sections \\(field sections\\): must not be empty"),
    ('{"format": "secondround.form", "format_version": 1, "sections": [{"name": "a", "time_limit_s": 60, '
     '"items": [{"id": "x"}]}]}', "/sections/0/items/0 \\(section 1, item 1 \\(number 1 overall\\)\\): "
     "the required field 'family' is missing \\(and 7 more\\)"),
    ('{"format": "secondround.form", "format_version": 1, "sections": [{"name": "a", "time_limit_s": -5, '
     '"items": [{}]}]}', "field time_limit_s\\): must be at least 1, got -5"),
])
def test_bad_form_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "form.json"
    path.write_text(content)
    with pytest.raises(FormError, match=message):
        TestForm.load(path)


def test_tampered_item_is_refused(tmp_path: Path) -> None:
    data = json.loads(make_form((60, 2)).to_json())
    data["sections"][0]["items"][1]["key"] = 5
    path = tmp_path / "form.json"
    path.write_text(json.dumps(data))
    with pytest.raises(FormError, match="key 5 is not an option index"):
        TestForm.load(path)
    data["sections"][0]["items"][1]["key"] = 9  # beyond H: the schema catches it first
    path.write_text(json.dumps(data))
    with pytest.raises(FormError, match="field key\\): must be at most 7, got 9"):
        TestForm.load(path)
    with pytest.raises(FormError, match="does not exist"):
        TestForm.load(tmp_path / "missing.json")


def test_a_seed_a_generator_cannot_serve_is_redrawn_not_fatal(monkeypatch) -> None:
    """A family that finds no item at one seed (its redraws exhausted) gets the slot's next seed;
    a failed check or an unknown family still stops assembly."""
    import question_generators.registry as registry
    from question_generators.errors import ItemCheckError, SecondroundError

    real = registry.make_item
    refused: list[int] = []

    def flaky(family, difficulty, seed, *args, **kwargs):  # type: ignore[no-untyped-def]
        if not refused:
            refused.append(seed)
            raise SecondroundError(f"{family}: no acceptable item after 100 draws")
        return real(family, difficulty, seed, *args, **kwargs)

    monkeypatch.setattr(registry, "make_item", flaky)
    form = assemble(load_blueprint("warmup"), 5)
    assert len(form.items) == 10 and refused and all(refused[0] != int(i.id.rsplit("/", 1)[1], 16)
                                                     for i in form.items)

    def broken(family, difficulty, seed, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise ItemCheckError("keyed A, but the check finds B correct")

    monkeypatch.setattr(registry, "make_item", broken)
    with pytest.raises(ItemCheckError):
        assemble(load_blueprint("warmup"), 5)
