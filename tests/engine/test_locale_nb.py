"""Issue 18: the Bokmål catalogue covers every English message, with the same fields, and the CLI
speaks it with --lang nb or SECONDROUND_LANG=nb."""

from __future__ import annotations

import string
import subprocess
from pathlib import Path

import pytest

from engine.i18n import available_languages, catalogue, t
from tests.conftest import cli_command

_FORMATTER = string.Formatter()


def fields(text: str) -> set[tuple[str, str, str | None]]:
    """The {name:spec!conv} fields of a message: what the code fills in."""
    return {(name, spec, conv) for _, name, spec, conv in _FORMATTER.parse(text) if name is not None}


def test_bokmal_is_offered() -> None:
    assert "nb" in available_languages()


def test_every_english_message_has_a_bokmal_one_with_the_same_fields() -> None:
    english = catalogue("en")
    bokmal = {k: v for k, v in catalogue("nb").items() if not k.startswith("builtins.")}  # blueprint texts
    missing = sorted(k for k in english if k not in bokmal)
    assert not missing, f"not yet in nb.toml: {missing}"
    assert not sorted(k for k in bokmal if k not in english), "nb.toml has keys English does not"
    wrong = sorted(k for k in bokmal if fields(bokmal[k]) != fields(english[k]))
    assert not wrong, f"fields differ from English in: {wrong}"


def test_no_message_is_left_in_english() -> None:
    """A message identical to the English one is a forgotten translation, except codes and formats."""
    english = catalogue("en")
    same = {k for k, v in catalogue("nb").items() if k in english and v == english[k]}
    prose = {k for k in same if len([w for w in english[k].split() if w.isalpha()]) > 1}
    assert not sorted(prose - KEPT), sorted(prose - KEPT)


# The same in both languages on purpose.
KEPT = {"export.name_moodle"}  # "Moodle XML" is a product name


@pytest.mark.parametrize(("key", "values", "expected"), [
    ("take.flag_on", {"number": 3}, "Oppgave 3 er merket."),
    ("answer.not_option", {"answer": "Z", "last": "E"},
     "«Z» er ikke et svaralternativ: svar med en bokstav fra A til E"),
    ("web.question_of", {"number": 2, "total": 18}, "Spørsmål 2 av 18"),
])
def test_messages_fill_in(key: str, values: dict[str, object], expected: str) -> None:
    assert t(key, lang="nb", **values) == expected


def run(args: list[str], tmp_path: Path, stdin: str = "", lang: str | None = "nb") -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "SECONDROUND_DB": str(tmp_path / "s.db")}
    env.pop("SECONDROUND_LANG", None)
    if lang:
        env["SECONDROUND_LANG"] = lang
    return subprocess.run([*cli_command(), *args], input=stdin, capture_output=True, text=True, env=env,
                          timeout=60)


def test_the_cli_speaks_bokmal(tmp_path: Path) -> None:
    result = run(["history"], tmp_path)
    assert result.returncode == 0 and "Ingen økter ennå" in result.stdout
    result = run(["take", "nosuch-test"], tmp_path)
    assert result.returncode == 2 and "ukjent testoppsett «nosuch-test»" in result.stderr
    result = run(["--lang", "nb", "families"], tmp_path, lang="en")
    assert result.returncode == 0


def test_a_bokmal_sitting_prompts_in_bokmal_and_takes_ja(tmp_path: Path) -> None:
    """The end-of-section question takes "j" (ja) as yes."""
    result = run(["take", "warmup", "--seed", "2026"], tmp_path, stdin="end\nj\n" * 6)
    assert "Svar (" in result.stdout and "Avslutte delen med" in result.stdout
    assert "Testen er ferdig." in result.stdout or "Testen er over" in result.stdout


def test_a_bokmal_set_is_generated_validated_and_reproducible(tmp_path: Path) -> None:
    out, again = tmp_path / "nb.json", tmp_path / "nb2.json"
    result = run(["generate", "spatial-checking", "--seed", "7", "-o", str(out)], tmp_path)
    assert result.returncode == 0 and "finnes ennå ikke på bokmål" not in result.stderr  # every family writes nb
    assert run(["generate", "spatial-checking", "--seed", "7", "-o", str(again)], tmp_path).returncode == 0
    assert out.read_bytes() == again.read_bytes()
    assert '"lang": "nb"' in out.read_text() and "@nb" in out.read_text()
    checked = run(["validate", str(out)], tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# "one" is left out: "odd one out" is no count (and so "én" and "ett" in Bokmål).
NUMBER_WORDS = {"en": {"two": 2, "three": 3, "four": 4, "five": 5, "ten": 10},
                "nb": {"to": 2, "tre": 3, "fire": 4, "fem": 5, "ti": 10}}


def numbers_in(text: str, lang: str) -> list[int]:
    import re

    words = NUMBER_WORDS[lang]
    return [int(w) if w.isdigit() else words[w] for w in re.findall(r"\w+", text.lower())
            if w.isdigit() or w in words]


def test_every_builtin_blueprint_has_bokmal_texts_that_match_it() -> None:
    """Title, description and every section title, with the description's numbers equal to the
    English one's: a changed blueprint cannot keep a stale translation."""
    from engine.blueprints import builtin_names, load_blueprint, localized

    for name in builtin_names():
        english = load_blueprint(name)
        bokmal = localized(english, "nb")
        assert bokmal.title != english.title, name
        assert numbers_in(bokmal.description, "nb") == numbers_in(english.description, "en"), name
        for en_section, nb_section in zip(english.sections, bokmal.sections, strict=True):
            assert f"builtins.{name}.sections.{en_section.name}" in catalogue("nb"), (name, en_section.name)
            assert nb_section.time_limit_s == en_section.time_limit_s and nb_section.parts == en_section.parts


def test_a_bokmal_form_carries_the_bokmal_titles(tmp_path: Path) -> None:
    out = tmp_path / "w.json"
    assert run(["generate", "warmup", "--seed", "3", "-o", str(out)], tmp_path).returncode == 0
    assert '"title": "Oppvarming"' in out.read_text() and "Numerisk oppvarming" in out.read_text()


def test_an_adaptive_bokmal_sitting_writes_its_items_in_bokmal(tmp_path: Path) -> None:
    from engine.adaptive import AdaptiveSession
    from engine.blueprints import load_blueprint
    from engine.store import Store
    from question_generators.registry import item_language

    store = Store.open(tmp_path / "a.db")
    try:
        session = AdaptiveSession.begin(store, load_blueprint("logical"), 11, lang="nb")
        first = session.items[0]
        assert first.lang == item_language(first.family, "nb")
        again = AdaptiveSession.load(store, session.id)
        assert isinstance(again, AdaptiveSession) and again.plan.lang == "nb" and again.items[0] == first
    finally:
        store.close()
