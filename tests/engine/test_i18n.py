"""The message catalogue: every message the code asks for exists, and languages fall back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.i18n import catalogue, t

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"""\bt\(\s*f?["']([a-z_]+\.[a-z_{}.]+)["']""")
ERROR_KEY = re.compile(r"""\bkey=["']([a-z_]+\.[a-z_]+)["']""")  # errors raised with a catalogue key


def used_keys() -> set[str]:
    keys = set()
    for folder in ("engine", "reports", "question_generators"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".html"):
                text = path.read_text(encoding="utf-8")
                keys |= set(CALL.findall(text)) | set(ERROR_KEY.findall(text))
    return keys


def test_every_message_used_exists() -> None:
    english = catalogue("en")
    used = used_keys()
    assert len(used) > 40
    dynamic = {k for k in used if "{" in k or k.endswith("_")}  # t(f"x.status_{s}"), t("x.mode_" + m)
    missing = sorted(k for k in used - dynamic if k not in english)
    assert not missing, f"messages used but not in en.toml: {missing}"
    for pattern in dynamic:
        prefix = pattern.split("{")[0]
        assert any(k.startswith(prefix) for k in english), pattern


def test_errors_with_keys_render_from_the_catalogue() -> None:
    from engine.i18n import error_text
    from question_generators.errors import UnknownFamilyError

    exc = UnknownFamilyError("english", key="error.unknown_family", family="numeric.serie",
                             suggestions=["numeric.series"])
    assert error_text(exc) == ("unknown family 'numeric.serie' (did you mean numeric.series?); "
                               "`secondround families` lists them")
    assert error_text(ValueError("plain")) == "plain"


def test_fields_are_filled_and_unknown_language_falls_back() -> None:
    assert t("take.flag_on", number=3) == "Item 3 flagged."
    assert t("take.flag_on", lang="xx", number=3) == "Item 3 flagged."
    with pytest.raises(KeyError):
        t("no.such_message")


def test_a_mistake_sentence_continues_a_sentence() -> None:
    from engine.i18n import as_clause

    assert as_clause("Chose pair B, which is identical") == "chose pair B, which is identical"
    assert as_clause("divided by the rate") == "divided by the rate"
    assert as_clause("QTI was read as text") == "QTI was read as text"  # capitals stay
    assert t("take.your_mistake", letter="B", mistake=as_clause("Missed 2 of the differences")) == (
        "Your choice, B, is what you get if you missed 2 of the differences.")


def test_the_default_language_comes_from_the_locale_when_a_catalogue_exists() -> None:
    from engine.i18n import available_languages, language_from_environment

    assert language_from_environment({}) == "en"
    assert language_from_environment({"LANG": "en_GB.UTF-8"}) == "en"
    assert language_from_environment({"LANG": "de_DE.UTF-8"}) == "en"  # no German catalogue: English
    norwegian = "nb" if "nb" in available_languages() else "en"
    assert language_from_environment({"LC_ALL": "nb_NO.UTF-8", "LANG": "en_GB"}) == norwegian
    assert language_from_environment({"LANG": "no_NO.UTF-8"}) == norwegian
