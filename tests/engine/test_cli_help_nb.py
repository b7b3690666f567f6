"""Command help in Bokmål (engine/locales/help/nb.toml, engine/cli/helptext.py); English help stays the docstrings."""

from __future__ import annotations

import ast
import gettext
import inspect
import json
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from engine.cli import cli, requested_language, use_language
from engine.cli.helptext import ROOT, command_tree, english_metavar, help_catalogue

NB = help_catalogue("nb")
# Placeholders that read the same in Bokmål.
SAME_METAVARS = {"G", "ID", "URL"}


@pytest.fixture
def english() -> Iterator[None]:
    """Back to English after a test that switched this process to Bokmål."""
    use_language("en")
    yield
    use_language("en")


def _fields(text: str) -> set[str]:
    """The names of the {fields} (and %(fields)s) a message fills in."""
    names = {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(text) if name}
    return names | set(re.findall(r"%\((\w+)\)s", text))


def test_every_command_and_parameter_has_bokmal_help(english: None) -> None:
    commands = dict(command_tree(cli))
    table = NB["command"]
    assert set(table) == {path or ROOT for path in commands}, "catalogue and command tree differ"
    for path, command in commands.items():
        entry = table[path or ROOT]
        assert set(entry) <= {"help", "short", "params"}, path
        assert entry["help"].strip() and command.help, path
        assert inspect.cleandoc(entry["help"]) != inspect.cleandoc(command.help), f"{path}: help left in English"
        if "short" in entry:
            assert entry["short"] != command.short_help, path
        params = entry.get("params", {})
        documented = {p.name: p.help for p in command.params if getattr(p, "help", None)}
        assert set(params) == set(documented), f"{path}: {sorted(set(params) ^ set(documented))}"
        for name, text in params.items():
            assert text.strip() and text != documented[name], f"{path} {name}: help left in English"


def test_every_placeholder_has_a_bokmal_name_and_every_name_is_used(english: None) -> None:
    used = {"[OPTIONS]"} | {c.subcommand_metavar for _, c in command_tree(cli) if isinstance(c, click.Group)}
    for path, command in command_tree(cli):
        for param in command.params:
            metavar = english_metavar(param)
            if metavar is not None and metavar not in SAME_METAVARS:
                assert metavar in NB["metavar"], f"{path} {param.name}: {metavar} has no Bokmål name"
                used.add(metavar)
    assert set(NB["metavar"]) <= used, sorted(set(NB["metavar"]) - used)


def _click_messages() -> set[str]:
    """Every constant string click passes to gettext, read from the installed click's source."""
    messages = {"required"}  # passed as a variable: _(extra["required"]) with extra["required"] = "required"
    for path in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext"):
                messages |= {a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return messages


def test_every_click_string_has_bokmal_text_with_the_same_fields() -> None:
    strings = NB["click"]
    missing = sorted(_click_messages() - set(strings))
    assert not missing, f"click strings with no Bokmål text (a click upgrade?): {missing}"
    for english, bokmal in strings.items():
        assert _fields(bokmal) <= _fields(english), english  # a field may be left out, never invented
        assert bokmal.strip(), english
    assert strings["Usage:"] == "Bruk:" and strings["Options"] == "Valg"
    assert strings["Show this message and exit."] == "Vis denne meldingen og avslutt."


def test_click_strings_follow_the_language_in_every_click_module(english: None) -> None:
    using = [m for name, m in sys.modules.items() if name.startswith("click.")
             and getattr(m, "_", None) is gettext.gettext]
    assert {"click.core", "click.exceptions", "click.formatting", "click.types"} <= {m.__name__ for m in using}
    use_language("nb")
    assert all(m._("Usage:") == "Bruk:" for m in using)
    assert sys.modules["click.exceptions"].ngettext("Did you mean {possibility}?", "x", 1) == "Mente du {possibility}?"
    use_language("en")
    assert all(m._ is gettext.gettext for m in using)


def test_bokmal_help_of_every_command_in_process(english: None) -> None:
    """Each command's help in Bokmål shows its Bokmål texts and none of its English ones."""
    runner = CliRunner()
    english_texts = {path: [inspect.cleandoc(command.help).split(".")[0]]
                     + [p.help for p in command.params if getattr(p, "help", None)]
                     for path, command in command_tree(cli)}
    for path in english_texts:
        result = runner.invoke(cli, ["--lang", "nb", *path.split(), "--help"], prog_name="secondround")
        assert result.exit_code == 0, (path, result.output)
        out = " ".join(result.output.split())
        assert out.startswith(f"Bruk: secondround {path} [VALG]".replace("  ", " ")), out[:80]
        assert "Valg:" in out and "Vis denne meldingen og avslutt." in out and "Options:" not in out
        entry = NB["command"][path or ROOT]
        assert " ".join(inspect.cleandoc(entry["help"]).split()[:6]) in out, path
        for text in english_texts[path]:
            assert " ".join(text.split()[:6]) not in out, (path, text)


PRISTINE = """
import json
from engine.cli import cli
from engine.cli.helptext import command_tree
print(json.dumps({path: [c.help, c.short_help, {p.name: [getattr(p, "help", None), p.metavar] for p in c.params}]
                  for path, c in command_tree(cli)}))
"""


def test_english_help_is_the_docstrings_after_a_round_trip_through_bokmal(english: None) -> None:
    pristine = json.loads(subprocess.run([sys.executable, "-c", PRISTINE], capture_output=True, text=True,
                                         check=True).stdout)
    use_language("nb")
    use_language("en")
    now = {path: [c.help, c.short_help, {p.name: [getattr(p, "help", None), p.metavar] for p in c.params}]
           for path, c in command_tree(cli)}
    assert now == pristine
    for path, command in command_tree(cli):
        assert command.help == command.callback.__doc__, path  # click's help is the docstring


ADD_HELP = """Usage: secondround coaches add [OPTIONS] NAME

  Add coach NAME; the password is asked for twice and never shown (at least 10
  characters).

Options:
  -h, --help  Show this message and exit.
"""


def test_english_help_in_a_subprocess_is_as_before_and_has_no_bokmal(run) -> None:  # type: ignore[no-untyped-def]
    assert run("coaches", "add", "--help", env={"COLUMNS": "80"}).out == ADD_HELP
    for args in (["--help"], ["take", "--help"], ["export", "--help"]):
        out = run(*args).out
        assert "Usage: secondround" in out and "Options:" in out
        assert not any(word in out for word in ("Bruk:", "Valg:", "Vis denne", "oppgave", "økt"))


@pytest.mark.parametrize("how", ["option", "option last", "option=", "SECONDROUND_LANG", "locale", "LC_ALL"])
def test_bokmal_take_help_in_a_subprocess(run, how: str) -> None:  # type: ignore[no-untyped-def]
    args, env = ["take", "--help"], {}
    if how == "option":
        args = ["--lang", "nb", *args]
    elif how == "option last":
        args = ["--db", "x.db", "--lang", "nb", "take", "-h"]
    elif how == "option=":
        args = ["--lang=nb", *args]
    elif how == "SECONDROUND_LANG":
        env = {"SECONDROUND_LANG": "nb"}
    elif how == "locale":
        env = {"SECONDROUND_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "nb_NO.UTF-8"}
    else:
        env = {"SECONDROUND_LANG": "", "LC_ALL": "no_NO.UTF-8"}
    result = run(*args, env=env)
    assert result.code == 0, result.err
    assert result.out.startswith("Bruk: secondround take [VALG] [OPPSETT|FIL.toml|SKJEMA.json]\n")
    assert "Ta en test: én oppgave om gangen" in result.out
    assert "\nValg:\n" in result.out and "--candidate NAVN" in result.out and "--seed HELTALL" in result.out
    assert "Vis denne meldingen og avslutt." in result.out
    assert not any(word in result.out for word in ("Usage", "Options", "Show this", "Take a test", "Whose session"))


def test_bokmal_top_level_help_and_help_first(run) -> None:  # type: ignore[no-untyped-def]
    for args in (["--lang", "nb", "--help"], ["--help", "--lang", "nb"]):
        result = run(*args)
        assert result.out.startswith("Bruk: secondround [VALG] KOMMANDO [ARGUMENTER]...\n"), args
        assert "Kommandoer:" in result.out and "Commands:" not in result.out, args
        assert "Ta en test: én oppgave om gangen" in result.out and "Vis versjonen og avslutt." in result.out
    assert "Feil: Mangler kommando." in run("--lang", "nb").err
    assert run("--lang", "nb", "--version").out.startswith("secondround, versjon ")
    assert run("--version").out.startswith("secondround, version ")


@pytest.mark.parametrize(("args", "message"), [
    (["nosuch"], "Feil: Ukjent kommando «nosuch»."),
    (["tak"], "Feil: Ukjent kommando «tak»."),
    (["coaches", "add"], "Feil: Mangler argumentet 'NAVN'."),
    (["history", "-n", "0"], "Feil: Ugyldig verdi for '-n' / '--limit'"),
    (["export", "f.json", "-o", "x.html"], "Feil: Mangler valget '--format'"),
    (["export", "f.json", "-o", "x.html", "--format", "pdf"], "«pdf» er ikke en av"),
    (["take", "--helpp"], "Feil: Ukjent valg «--helpp». Mente du '--help'?"),
    (["families", "extra"], "Feil: Fikk et uventet ekstra argument (extra)"),
    (["serve", "--port", "99999"], "99999 er utenfor området 0<=x<=65535."),
    (["history", "-n", "x"], "Feil: Ugyldig verdi for '-n' / '--limit': «x» er ikke et helt tall (sifrene 0-9)"),
    (["history", "-n", "0"], "0 er utenfor området 1 til 9223372036854775807"),
    (["preview", "x", "-n", "1" * 30], "et tall med 30 sifre; gyldig område er 1 til 100"),
    (["grade", "nowhere.json", "nowhere.csv"], "feil: skjemafilen nowhere.json finnes ikke"),  # the app's own
])
def test_usage_errors_in_bokmal_without_a_traceback(run, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = run("--lang", "nb", *args)  # the fixture fails on any traceback
    assert result.code != 0
    assert message in result.err, result.err
    assert "Error" not in result.err and "Usage" not in result.err and "Try '" not in result.err
    if "Bruk:" in result.err:  # a usage error: the usage line and where to find help, in Bokmål
        assert "Se «secondround" in result.err and "--help» for hjelp." in result.err


def test_an_unknown_language_is_one_message(run) -> None:  # type: ignore[no-untyped-def]
    result = run("--lang", "xx", "families")
    assert result.code == 2 and "'xx'" in result.err and "en, nb" in result.err
    result = run("--lang", "xx", "families", env={"SECONDROUND_LANG": "", "LC_ALL": "nb_NO.UTF-8"})
    assert result.code == 2 and "Feil: Ugyldig verdi for --lang: «xx»; tilgjengelige språk: en, nb" in result.err


def test_requested_language_reads_the_group_options_only() -> None:
    env = {"SECONDROUND_LANG": "en"}
    assert requested_language(["--lang", "nb", "take"], env) == "nb"
    assert requested_language(["--db", "--lang", "take"], env) == "en"  # '--lang' is the store's path here
    assert requested_language(["--lang=nb"], env) == "nb"
    assert requested_language(["take", "--lang", "nb"], env) == "en"  # the command's arguments, not the group's
    assert requested_language(["-h"], {"SECONDROUND_LANG": "nb"}) == "nb"
    assert requested_language([], {"LANG": "nb_NO.UTF-8"}) == "nb"
    assert requested_language([], {}) == "en"


HEAVY = """
import sys
from engine.cli import main
sys.argv = ['secondround', *{args!r}]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
heavy = sorted(m for m in ('numpy', 'sympy', 'jinja2', 'babel') if m in sys.modules)
assert not heavy, heavy
"""


@pytest.mark.parametrize("args", [["--lang", "nb", "--help"], ["--lang", "nb", "take", "--help"]])
def test_bokmal_help_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", HEAVY.format(args=args)], capture_output=True, text=True,
                          env={"SECONDROUND_DB": str(tmp_path / "s.db"), "PATH": ""})
    assert proc.returncode == 0, proc.stderr


def test_every_parsing_message_is_in_the_cli_source_with_the_same_fields() -> None:
    source = "".join(p.read_text(encoding="utf-8") for p in Path(inspect.getfile(use_language)).parent.glob("*.py"))
    assert set(NB) == {"metavar", "command", "click", "text"}
    for english, bokmal in NB["text"].items():
        assert f'cli_text("{english}")' in source, english
        assert _fields(bokmal) == _fields(english), english
