"""The coach workflow end to end in real subprocesses: validate, export, grade, candidates; every bad
input gives one clear message and a non-zero exit, and nothing is overwritten without --force."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from engine.forms import TestForm
from reports.exports import FORMATS
from reports.exports.pdf import find_browser


@pytest.fixture
def form_file(run, tmp_path: Path) -> Path:
    path = tmp_path / "form.json"
    assert run("generate", "warmup", "--seed", "21", "-o", str(path)).code == 0
    return path


def keys(form: TestForm) -> list[str]:
    return [item.key_letter for item in form.items]


def test_validate(run, form_file: Path, tmp_path: Path) -> None:
    result = run("validate", str(form_file))
    assert result.code == 0 and "a valid test set: 10 items in 1 section(s)" in result.out
    data = json.loads(form_file.read_text())
    item = next(i for i in data["sections"][0]["items"] if i["key"] is not None)
    item["key"] = (item["key"] + 1) % len(item["options"])
    data["sections"][0]["items"][1]["time_s"] = "slow"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run("validate", str(bad))
    assert result.code == 1
    assert ("/sections/0/items/1/time_s (section 1, item 2 (number 2 overall), field time_s): "
            "must be number") in result.err
    data["sections"][0]["items"][1]["time_s"] = 30
    bad.write_text(json.dumps(data))
    result = run("validate", str(bad))
    assert result.code == 1 and "section 1, item" in result.err and "(number" in result.err
    data["sections"][0]["items"][3] = data["sections"][0]["items"][2]
    bad.write_text(json.dumps(data))
    result = run("validate", str(bad))
    assert result.code == 1 and "(number 4 overall" in result.err
    assert "the same item (or item id) as number 3" in result.err
    for args, message in [(["missing.json"], "does not exist"), (["notjson.json"], "not valid JSON")]:
        (tmp_path / "notjson.json").write_text("{oops")
        result = run("validate", *args)
        assert result.code == 2 and message in result.err and result.err.count("\n") == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_exports(run, form_file: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    result = run("export", str(form_file), "--format", fmt, "-o", str(out))
    assert result.code == 0, result.err
    assert out.stat().st_size > (20 if fmt == "sheet" else 500) and not list(tmp_path.glob("*.part"))
    if fmt == "qti":
        assert "imsmanifest.xml" in zipfile.ZipFile(io.BytesIO(out.read_bytes())).namelist()
    # An existing file is never overwritten without --force.
    before = out.read_bytes()
    result = run("export", str(form_file), "--format", fmt, "-o", str(out))
    assert result.code == 2 and "exists; use --force" in result.err and out.read_bytes() == before
    assert run("export", str(form_file), "--format", fmt, "-o", str(out), "--force").code == 0


def test_bad_export_requests(run, form_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.x"
    (tmp_path / "bad.json").write_text('{"format": "secondround.form", "format_version": 1, "sections": [}')
    (tmp_path / "csv.json").write_text("a,b\n1,2\n")
    cases = [
        (["export", str(form_file), "--format", "pdf", "-o", str(out)], "Invalid value for '--format'"),
        (["export", "missing.json", "--format", "csv", "-o", str(out)], "form file missing.json does not exist"),
        (["export", "bad.json", "--format", "csv", "-o", str(out)], "bad.json: not valid JSON (line 1"),
        (["export", "csv.json", "--format", "csv", "-o", str(out)], "not valid JSON"),
        (["export", str(form_file), "--format", "key", "--for-candidate", "-o", str(out)],
         "--for-candidate applies to booklet, json, sheet only"),
        (["export", str(form_file), "--format", "csv", "--pdf", "-o", str(out)], "--pdf applies to booklet and key"),
        (["export", str(form_file), "--format", "csv", "--skip-figures", "-o", str(out)],
         "--skip-figures applies to --format gift only"),
        (["export", str(form_file), "--format", "csv", "-o", str(tmp_path / "no" / "out.csv")], "does not exist"),
        (["export", str(form_file), "--format", "csv"], "Missing option '-o'"),
    ]
    for args, message in cases:
        result = run(*args)
        assert result.code == 2, (args, result.text)
        assert message in result.err, (args, result.err)
        assert not out.exists()


def test_candidate_copy_cannot_be_used_as_a_form(run, form_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.json"
    assert run("export", str(form_file), "--format", "json", "--for-candidate", "-o", str(copy)).code == 0
    text = copy.read_text()
    form = TestForm.load(form_file)
    assert all(item.explanation not in text and item.id not in text for item in form.items)
    result = run("export", str(copy), "--format", "csv", "-o", str(tmp_path / "x.csv"))
    assert result.code == 2 and "candidate copy" in result.err


def test_pdf_without_a_browser_says_so(run, form_file: Path, tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run("export", str(form_file), "--format", "booklet", "--pdf", "-o", str(tmp_path / "b.pdf"),
                 env={"PATH": str(empty), "SECONDROUND_CHROMIUM": ""})
    assert result.code == 2 and "--pdf prints with headless Chromium, and none was found" in result.err
    assert not (tmp_path / "b.pdf").exists()


@pytest.mark.skipif(find_browser() is None, reason="no Chromium or Chrome installed to print with")
def test_pdf_booklet_and_key(run, form_file: Path, tmp_path: Path) -> None:
    for fmt in ("booklet", "key"):
        out = tmp_path / f"{fmt}.pdf"
        result = run("export", str(form_file), "--format", fmt, "--pdf", "-o", str(out), timeout=180)
        assert result.code == 0, result.err
        assert out.read_bytes().startswith(b"%PDF")


def test_gift_refuses_drawings_unless_told(monkeypatch, tmp_path: Path, capsys) -> None:
    import engine.forms
    from engine.cli import main
    from tests.coach_forms import figure_form

    monkeypatch.setattr(engine.forms, "verify_form", lambda form: None)  # hand-made items: no generator check
    path = tmp_path / "figures.json"
    path.write_text(figure_form().to_json())
    out = tmp_path / "q.gift"
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(path), "--format", "gift", "-o", str(out)])
    assert exit_.value.code == 2 and not out.exists()
    assert "GIFT cannot carry drawings, and 1 items have one: item 2" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["export", str(path), "--format", "gift", "-o", str(out), "--skip-figures"])
    assert exit_.value.code == 0 and out.exists()
    assert "left out: item 2 (numeric.arithmetic/v1/+0.00/000000000002)" in capsys.readouterr().err


def sheet_text(form: TestForm) -> str:
    right = keys(form)
    wrong = [("A" if k != "A" else "B") if item.is_choice else "99999"
             for k, item in zip(right, form.items, strict=True)]
    head = "candidate," + ",".join(str(n) for n in range(1, len(right) + 1))
    return "\n".join([head, "Ada," + ",".join(right), "Bo," + ",".join(wrong[:5] + [""] * 5),
                      "Cy," + ",".join(["Q", *right[1:]]), "Di," + ",".join(right[:-1])]) + "\n"


def test_grade_sheet_with_malformed_rows(run, form_file: Path, tmp_path: Path) -> None:
    form = TestForm.load(form_file)
    sheet = tmp_path / "answers.csv"
    sheet.write_text(sheet_text(form))
    result = run("grade", str(form_file), str(sheet), "--group", "Spring")
    assert result.code == 1
    assert "row 4 (Cy): column 2 (item 1): 'Q' is not an option" in result.err
    assert "row 5 (Di): has 10 cells but the header has 11 columns" in result.err
    assert "2 row(s) were not graded (see above); the other 2 were graded and stored." in result.err
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["CANDIDATE", "RAW", "%"]
    assert lines[1].split()[:3] == ["Ada", "10/10", "100%"] and lines[2].split()[:3] == ["Bo", "0/10", "0%"]
    listed = run("candidates", "list", "--group", "Spring")
    assert listed.code == 0 and "Ada" in listed.out and "Bo" in listed.out and "Cy" not in listed.out
    history = run("history")
    assert history.out.count("finished") == 2 and "10/10" in history.out
    # The same sheet again: rows already graded are refused; --replace grades them again.
    again = run("grade", str(form_file), str(sheet), "--group", "Spring")
    assert again.code == 1 and "already graded from a sheet for this form" in again.err
    sheet.write_text("\n".join(sheet_text(form).splitlines()[:3]) + "\n")
    replaced = run("grade", str(form_file), str(sheet), "--group", "Spring", "--replace")
    assert replaced.code == 0, replaced.err
    assert run("history").out.count("finished") == 2
    one = run("grade", str(form_file), str(sheet), "--candidate", "Ada", "--replace")
    assert one.code == 0 and "Ada" in one.out and "Bo" not in one.out


def test_bad_grade_inputs(run, form_file: Path, tmp_path: Path) -> None:
    (tmp_path / "header.csv").write_text("name,1,2,x\nAda,A,B,C\n")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00n\x00a")
    cases = [(["missing.csv"], "answer sheet missing.csv does not exist"),
             (["header.csv"], "header row, column 4: 'x' is neither an item number (1 to 10) nor an item id"),
             (["empty.csv"], "is empty"), (["bin.csv"], "is not UTF-8 text")]
    for args, message in cases:
        result = run("grade", str(form_file), *args)
        assert result.code == 2 and message in result.err, result.err
    result = run("grade", "missing.json", "header.csv")
    assert result.code == 2 and "form file missing.json does not exist" in result.err
    form = TestForm.load(form_file)
    (tmp_path / "ok.csv").write_text(sheet_text(form))
    result = run("grade", str(form_file), "ok.csv", "--candidate", "Nobody")
    assert result.code == 2 and "has no row for Nobody" in result.err


def test_candidates_commands(run) -> None:
    assert "Registered Ada (groups: Spring, Evening)." in run("candidates", "add", "Ada", "--group", "Spring",
                                                              "--group", "Evening", "--note", "prefers paper").out
    assert "Ada was registered already (groups: Autumn)." in run("candidates", "add", "Ada", "--group", "Autumn").out
    assert run("candidates", "add", "Bo").code == 0
    listed = run("candidates", "list").out.splitlines()
    assert listed[0].split() == ["NAME", "GROUPS", "SESSIONS", "NOTE"]
    assert listed[1].split() == ["Ada", "Autumn,", "Evening,", "Spring", "0", "prefers", "paper"]
    assert run("candidates", "list", "--group", "Autumn").out.count("\n") == 2
    assert "No candidates in group Nope." in run("candidates", "list", "--group", "Nope").out
    assert run("candidates", "remove", "Bo").code == 0
    result = run("candidates", "remove", "Bo")
    assert result.code == 2 and "there is no candidate named Bo" in result.err
    result = run("candidates", "add", "  ")
    assert result.code == 2 and "must not be empty" in result.err
    for sub in ("add", "list", "remove"):
        assert run("candidates", sub, "--help").code == 0


def test_take_registers_the_candidate(run, form_file: Path) -> None:
    form = TestForm.load(form_file)
    result = run("take", str(form_file), "--candidate", "Zed", input="\n".join(keys(form)) + "\n\n")
    assert result.code == 0, result.text
    assert "Zed" in run("candidates", "list").out


def test_new_commands_keep_help_light(tmp_path: Path) -> None:
    code = ("import sys\nfrom engine.cli import main\n"
            "for args in (['export', '--help'], ['grade', '--help'], ['validate', '--help'],\n"
            "             ['candidates', '--help']):\n"
            "    try:\n        main(args)\n    except SystemExit as e:\n        assert not e.code\n"
            "heavy = sorted(m for m in ('sympy', 'jinja2', 'lxml', 'numpy') if m in sys.modules)\n"
            "assert not heavy, heavy\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"SECONDROUND_DB": str(tmp_path / "s.db"), "PATH": ""})
    assert proc.returncode == 0, proc.stderr


def test_sheet_template_is_what_grade_reads(run, form_file: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    assert run("export", str(form_file), "--format", "sheet", "-o", str(sheet)).code == 0
    form = TestForm.load(form_file)
    with sheet.open("a", encoding="utf-8") as handle:
        handle.write("Ada," + ",".join(keys(form)) + "\r\n")
    result = run("grade", str(form_file), str(sheet))
    assert result.code == 0 and "10/10" in result.out
    for name in ("Bo", "Cy"):
        run("candidates", "add", name, "--group", "night")
    named = tmp_path / "named.csv"
    assert run("export", str(form_file), "--format", "sheet", "--group", "night", "-o", str(named)).code == 0
    assert named.read_text(encoding="utf-8-sig").splitlines()[1:] == ["Bo" + "," * 10, "Cy" + "," * 10]
    result = run("export", str(form_file), "--format", "sheet", "--group", "nobody", "-o", str(tmp_path / "n.csv"))
    assert result.code == 2 and "No candidates in group nobody." in result.err
    result = run("export", str(form_file), "--format", "csv", "--group", "night", "-o", str(tmp_path / "n.csv"))
    assert result.code == 2 and "--group applies to --format sheet only" in result.err
