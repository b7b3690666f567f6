"""Issue 16: every bad input one clear message, a failed command changes nothing, and files we
write or read are safe (real CLI in subprocesses, as users run it)."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from functools import cache
from pathlib import Path

import pytest

from engine.blueprints import load_blueprint
from engine.forms import assemble


@cache
def _form_text(seed: int = 21) -> str:
    return assemble(load_blueprint("warmup"), seed).to_json()


def keys_input(form_file: Path) -> str:
    """The right answer to every item, then Enter at the end-of-section prompt."""
    from engine.forms import TestForm

    return "\n".join(item.key_letter for item in TestForm.load(form_file).items) + "\n\n"


@pytest.fixture
def form_file(tmp_path: Path) -> Path:
    path = tmp_path / "form.json"
    path.write_text(_form_text())
    return path


def dump(db_path: Path) -> list[str]:
    """Every row of the store, to compare before and after a failed command."""
    if not db_path.exists():
        return []
    conn = sqlite3.connect(db_path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def header(form_file: Path) -> str:
    count = len(json.loads(form_file.read_text())["sections"][0]["items"])
    return "name," + ",".join(str(n) for n in range(1, count + 1))


# -- 1. a failed command changes nothing ---------------------------------------------------------
def test_take_of_a_missing_file_registers_no_one(run, db_path: Path) -> None:
    result = run("take", "nosuch.json", "--candidate", "Ghost")
    assert result.code == 2 and "nosuch.json does not exist" in result.err
    assert "Ghost" not in run("candidates", "list").out
    result = run("take", "nosuch-blueprint", "--candidate", "Ghost")
    assert result.code == 2 and "Ghost" not in run("candidates", "list").out


def test_failed_grade_stores_neither_form_nor_group(run, form_file: Path, tmp_path: Path, db_path: Path) -> None:
    run("candidates", "add", "Ann")
    before = dump(db_path)
    sheet = tmp_path / "answers.csv"
    sheet.write_text(header(form_file) + "\nAda" + ",A" * 10 + "\n")
    # A group name that is not UTF-8 text (surrogate escapes from the command line).
    result = run("grade", str(form_file), str(sheet), "--group", "G\udcff")
    assert result.code == 2 and "not UTF-8" in result.err
    assert dump(db_path) == before
    # Every row refused (a bad cell): nothing is stored, not even the form.
    sheet.write_text(header(form_file) + "\nAda" + ",Z" * 10 + "\n")
    result = run("grade", str(form_file), str(sheet), "--group", "G")
    assert result.code == 1 and "row 2 (Ada)" in result.err
    assert dump(db_path) == before


# -- 2. numbers Python reads surprisingly ----------------------------------------------------------
@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "1e3"])
def test_seeds_and_counts_get_one_short_message(run, value: str) -> None:
    for args in (("generate", "warmup", "--seed", value), ("preview", "numeric.series", "-n", value),
                 ("simulate", "warmup", "-n", value)):
        result = run(*args)
        assert result.code == 2 and "Invalid value" in result.err, args
        assert len(result.err) < 400 and "internal error" not in result.err


def test_unicode_and_huge_numbers_at_the_prompts(run, form_file: Path) -> None:
    answers = "go ²\n" + "go " + "9" * 5000 + "\n" + "g ٣\n" + "\n" * 10 + "²\n" + "9" * 5000 + "\nq\n"
    result = run("take", str(form_file), input=answers)
    assert result.code == 0, result.err
    during, review = result.out.split("of 10 answered")
    for text in (during, review):  # after `go` and at the end-of-section prompt: asked again
        assert text.count("There is no item ²") == 1
        assert text.count("There is no item 99999999999999999...") == 1
    assert "There is no item " + "9" * 21 not in result.out and "There is no item ٣" in during
    assert "Paused" in review


def test_unicode_digit_in_a_sheet_header(run, form_file: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "answers.csv"
    sheet.write_text(header(form_file).replace(",2,", ",²,") + "\nAda" + ",A" * 10 + "\n")
    result = run("grade", str(form_file), str(sheet))
    assert result.code == 2 and "'²' is neither an item number" in result.err


def test_an_option_value_beyond_float(run, form_file: Path) -> None:
    text = re.sub(r'"value": -?[0-9.]+', '"value": 1' + "0" * 400, form_file.read_text(), count=1)
    assert text != form_file.read_text()
    form_file.write_text(text)
    for args in (("validate", str(form_file)), ("export", str(form_file), "--format", "csv", "-o", "x.csv")):
        result = run(*args)
        assert result.code in (1, 2) and "too large" in result.err, args


# -- 3. answer sheets -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [",", ";\n;\n", "\t", ",,,\n\n"])
def test_a_sheet_of_only_delimiters(run, form_file: Path, tmp_path: Path, text: str) -> None:
    sheet = tmp_path / "answers.csv"
    sheet.write_text(text)
    result = run("grade", str(form_file), str(sheet))
    assert result.code == 2 and "is empty" in result.err


def test_names_that_are_not_utf8(run, db_path: Path) -> None:
    for args in (("candidates", "add", "Bo\udcff"), ("candidates", "add", "Bo", "--group", "\udcfe"),
                 ("take", "warmup", "--candidate", "\udcffx"), ("candidates", "remove", "x\udcff"),
                 ("candidates", "list", "--group", "x\udcff")):
        result = run(*args)
        assert result.code == 2 and "not UTF-8" in result.err, args
    assert dump(db_path) == [] or "Bo" not in "".join(dump(db_path))


# -- 4. deep nesting and large files ------------------------------------------------------------------
def test_deeply_nested_json_and_toml(run, form_file: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "secondround.form", "format_version": 1, "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    shallow_but_deep = tmp_path / "deep2.json"
    data = json.loads(form_file.read_text())
    nested: object = 1
    for _ in range(200):
        nested = {"a": nested}
    data["sections"][0]["items"][0]["params"] = {"x": nested}
    shallow_but_deep.write_text(json.dumps(data))
    sheet = tmp_path / "a.csv"
    sheet.write_text("x\n")
    for path in (deep, shallow_but_deep):
        for args in (("validate", str(path)), ("export", str(path), "--format", "key", "-o", str(tmp_path / "k.html")),
                     ("take", str(path)), ("grade", str(path), str(sheet))):
            result = run(*args)
            assert result.code == 2 and "nested too deeply" in result.err, (path.name, args, result.err)
    toml = tmp_path / "deep.toml"
    toml.write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n")
    for args in (("blueprints", str(toml)), ("generate", str(toml)), ("take", str(toml))):
        result = run(*args)
        assert result.code == 2 and "nested too deeply" in result.err, args


def test_file_size_caps_are_said(run, form_file: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (1 * 2**20) + "\n")
    result = run("blueprints", str(big))
    assert result.code == 2 and "larger than 1 MB" in result.err
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:  # sparse: 65 MB of nothing, written in no time
        handle.truncate(65 * 2**20)
    result = run("grade", str(form_file), str(huge))
    assert result.code == 2 and "larger than 64 MB" in result.err


# -- 6. CSV cells that spreadsheets would run ------------------------------------------------------
def test_sheet_for_a_group_neutralises_formulas(run, form_file: Path, tmp_path: Path) -> None:
    names = ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tTab", "Plain"]
    for name in names:
        assert run("candidates", "add", "--group", "G", "--", name).code == 0
    out = tmp_path / "sheet.csv"
    assert run("export", str(form_file), "--format", "sheet", "--group", "G", "-o", str(out),
               "--for-candidate").code == 0
    first_cells = [line.split(",")[0].strip('"') for line in out.read_text(encoding="utf-8-sig").splitlines()[1:]]
    assert all(cell[0] not in "=+-@\t\r" for cell in first_cells), first_cells
    # The neutralised sheet grades back to the same names.
    text = out.read_text(encoding="utf-8-sig")
    answers = ",A,A,A,A,-3.5,A,A,A,A,A"  # item 5 is a numeric entry: a negative number reads back
    filled = "\r\n".join(line.rstrip(",") + answers if i else line for i, line in enumerate(text.splitlines()))
    out.write_text(filled + "\r\n")
    result = run("grade", str(form_file), str(out), "--group", "G")
    assert result.code == 0, result.err
    listed = run("candidates", "list", "--group", "G").out
    assert "'" not in listed and all(name.strip() in listed for name in names)


# -- 7. untrusted figures ---------------------------------------------------------------------------
HOSTILE = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p>'
    '</foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/xlink"><use l:href="http://e/x#a"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(http://e/p)"/></svg>',
    '<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&e;</text></svg>',
]


@pytest.mark.parametrize("svg", HOSTILE)
def test_hostile_svg_is_refused_everywhere(run, tmp_path: Path, svg: str) -> None:
    from tests.coach_forms import figure_form

    data = json.loads(figure_form().to_json())
    data["sections"][0]["items"][1]["figure"]["svg"] = svg
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data))
    sheet = tmp_path / "a.csv"
    sheet.write_text("x,1,2,3,4,5\nA,A,A,1,A,A\n")
    for args in (("validate", str(path)), ("export", str(path), "--format", "booklet", "-o", str(tmp_path / "b.html")),
                 ("take", str(path)), ("grade", str(path), str(sheet))):
        result = run(*args)
        assert result.code in (1, 2) and "figure is refused" in result.err, (args, result.err)
    assert not (tmp_path / "b.html").exists()


def test_booklet_and_key_carry_the_content_security_policy(run, form_file: Path, tmp_path: Path) -> None:
    for fmt in ("booklet", "key"):
        out = tmp_path / f"{fmt}.html"
        assert run("export", str(form_file), "--format", fmt, "-o", str(out)).code == 0
        assert "Content-Security-Policy\" content=\"default-src 'none'" in out.read_text()


# -- 8. keys stay with the coach ----------------------------------------------------------------------
def test_candidate_copy_carries_no_seed_derived_labels(run, tmp_path: Path) -> None:
    form = tmp_path / "numerical.json"
    assert run("generate", "numerical", "--seed", str(2**40 + 5), "-o", str(form)).code == 0
    out = tmp_path / "copy.json"
    result = run("export", str(form), "--format", "json", "--for-candidate", "-o", str(out))
    assert result.code == 0 and "below 2^32" not in result.err
    copy = out.read_text()
    full = json.loads(form.read_text())
    labels = {i["stimulus"] for s in full["sections"] for i in s["items"] if i["stimulus"]}
    ids = {i["id"].rsplit("/", 1)[-1] for s in full["sections"] for i in s["items"]}
    assert labels and not any(label in copy or label.rsplit("/t", 1)[-1] in copy for label in labels)
    assert not any(seed in copy for seed in ids) and str(2**40 + 5) not in copy
    stimuli = [i["stimulus"] for s in json.loads(copy)["sections"] for i in s["items"] if i["stimulus"]]
    assert stimuli and set(stimuli) <= {f"s{n}" for n in range(1, 20)}


def test_small_seed_warns_when_handed_out(run, form_file: Path, tmp_path: Path) -> None:
    for fmt, extra in (("booklet", ()), ("json", ("--for-candidate",)), ("sheet", ("--for-candidate",))):
        result = run("export", str(form_file), "--format", fmt, *extra, "-o", str(tmp_path / f"x.{fmt}"))
        assert result.code == 0 and "seed (21) is below 2^32" in result.err, fmt
    result = run("export", str(form_file), "--format", "key", "-o", str(tmp_path / "k.html"))
    assert "below 2^32" not in result.err  # the key stays with the coach anyway


# -- 9. files we write ---------------------------------------------------------------------------------
def test_report_refuses_to_overwrite_without_force(run, form_file: Path, tmp_path: Path) -> None:
    assert run("take", str(form_file), input=keys_input(form_file)).code == 0
    out = tmp_path / "r.html"
    out.write_text("precious")
    result = run("report", "-o", str(out))
    assert result.code == 2 and "use --force" in result.err and out.read_text() == "precious"
    assert run("report", "-o", str(out), "--force").code == 0 and "<html" in out.read_text()


@pytest.mark.parametrize("command", ["export", "generate", "report"])
def test_planted_links_are_never_followed(run, form_file: Path, tmp_path: Path, command: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out.html"
    os.symlink(victim, tmp_path / "out.html.part")  # the old fixed temporary name
    if command == "report":
        assert run("take", str(form_file), input=keys_input(form_file)).code == 0
        args: tuple[str, ...] = ("report", "-o", str(out))
    elif command == "export":
        args = ("export", str(form_file), "--format", "key", "-o", str(out))
    else:
        args = ("generate", "warmup", "--seed", "3", "-o", str(out))
    assert run(*args).code == 0
    assert victim.read_text() == "precious" and out.is_file() and not out.is_symlink()
    # A link planted at the target itself is refused without --force, replaced (not followed) with it.
    out.unlink()
    os.symlink(victim, out)
    assert run(*args).code == 2 and victim.read_text() == "precious"
    assert run(*args, "--force").code == 0
    assert victim.read_text() == "precious" and not out.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []


def test_written_files_have_the_usual_permissions(run, tmp_path: Path) -> None:
    out = tmp_path / "form.json"
    assert run("generate", "warmup", "--seed", "3", "-o", str(out)).code == 0
    assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
