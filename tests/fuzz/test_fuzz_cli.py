"""Issue 16, item 12: property tests over every input the CLI reads: test-set JSON, blueprint TOML,
answer-sheet CSV, store files and what is typed at the prompts. Whatever comes in, the command
ends with exit 0, 1 or 2 and a message, never "internal error" (exit 70) or a traceback, and a
failed command leaves the store byte for byte as it was.

The commands run in-process (engine.cli.main, as the console script calls it) so that hundreds of
cases fit in seconds. `make test` runs the "default" profile (about 40 s in all); `make fuzz`
runs HYPOTHESIS_PROFILE=fuzz, a longer campaign whose figures are in the README."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.blueprints import load_blueprint
from engine.forms import assemble

settings.register_profile("default", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                          derandomize=True, database=None)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "1500")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
                          database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SLOW_S = 20.0  # the trial's "ran past 20 seconds": no single case may take that long
EMPTY = hashlib.sha256(b"").hexdigest()
STATS: dict[str, list[int]] = {}  # target -> [cases, failures] (printed by `make fuzz`)


@dataclass
class Outcome:
    code: int
    out: str
    err: str
    seconds: float


def cli(*args: str, stdin: str | None = None) -> Outcome:
    """`secondround ARGS` in this process: the exit code, standard output and standard error."""
    from engine.cli import main

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        if stdin is not None:
            read, write = os.pipe()
            os.write(write, stdin.encode("utf-8", "surrogateescape")[:60000])
            os.close(write)
            handle = os.fdopen(read, "r")
            stack.callback(handle.close)
            old = sys.stdin
            sys.stdin = handle
            stack.callback(setattr, sys, "stdin", old)
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        finally:  # as at the end of a process: every store closed, its WAL checkpointed
            import engine.cli

            while engine.cli._OPENED:
                engine.cli._OPENED.pop().close()
    return Outcome(code, out.getvalue(), err.getvalue(), time.perf_counter() - start)


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def check(target: str, outcome: Outcome, store: Path | None = None, before: str | None = None) -> None:
    counts = STATS.setdefault(target, [0, 0])
    counts[0] += 1
    try:
        assert outcome.code in (0, 1, 2), f"exit {outcome.code}: {outcome.err[-800:]}"
        assert "internal error" not in outcome.err and "Traceback" not in outcome.err, outcome.err[-800:]
        if outcome.code != 0:
            assert outcome.err.strip(), "a failure without a message"
        assert outcome.seconds < SLOW_S, f"{outcome.seconds:.1f} s"
        if store is not None and outcome.code == 2 and before != EMPTY:  # an empty file is a new store
            assert digest(store) == before, f"a failed command changed the store: {outcome.err[-300:]}"
    except AssertionError:
        counts[1] += 1
        raise


@contextlib.contextmanager
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as name:
        yield Path(name)


@cache
def form_data() -> dict[str, Any]:
    return json.loads(assemble(load_blueprint("warmup"), 21).to_json())


@cache
def seeded_store() -> bytes:
    """A store with a candidate in a group and one finished session (bytes, copied per case)."""
    with folder() as where:
        form = where / "form.json"
        form.write_text(json.dumps(form_data()))
        db = where / "s.db"
        assert cli("--db", str(db), "candidates", "add", "Ann", "--group", "G").code == 0
        keys = [item.key_letter for item in assemble(load_blueprint("warmup"), 21).items]
        assert cli("--db", str(db), "take", str(form), "--candidate", "Ann", stdin="\n".join(keys) + "\n\n").code == 0
        return db.read_bytes()


# -- values that Python, JSON, TOML, CSV and SQLite read surprisingly -----------------------------
AWKWARD_TEXT = st.sampled_from([
    "", " ", "²", "٣", "Ⅻ", "1e400", "-1e400", "NaN", "Infinity", "9" * 5000, "10" + "0" * 400 + "/1",
    "=1+1", "+A", "-B", "@SUM(A1)", "\tA", "\rA", "'=x", "a\x00b", "\udcff", "\u202e", "<script>", "]]>",
    "A)", "a", "H", "Z", "0", "-0", "1/0", "1 1/2", "½", "1,5", "１２", "0x10", "1_000",
])
TEXT = st.one_of(AWKWARD_TEXT, st.text(max_size=30))
JSON_SCALAR = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(10**30), max_value=10**30),
                        st.sampled_from([10**400, -(10**400), 2**63, 2**64]),
                        st.floats(allow_nan=False, allow_infinity=False), TEXT)
JSON_VALUE = st.recursive(JSON_SCALAR, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.text(max_size=8), children, max_size=4)), max_leaves=12)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document (the root excluded)."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            found.append((*prefix, key))
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.append((*prefix, index))
            found.extend(_paths(value, (*prefix, index)))
    return found


@cache
def form_paths() -> list[tuple[Any, ...]]:
    return _paths(form_data())


@st.composite
def mutated_form(draw: st.DrawFn) -> str:
    """The warm-up form with a few places replaced, deleted or nested, or its text cut or spliced."""
    data = json.loads(json.dumps(form_data()))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(form_paths()))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            action = draw(st.sampled_from(["replace", "delete", "nest", "grow"]))
            if action == "replace":
                parent[path[-1]] = draw(JSON_VALUE)
            elif action == "delete":
                del parent[path[-1]]
            elif action == "nest":
                value: Any = parent[path[-1]]
                for _ in range(draw(st.sampled_from([2, 70, 400, 3000]))):
                    value = [value]
                parent[path[-1]] = value
            elif isinstance(parent[path[-1]], list) and parent[path[-1]]:
                parent[path[-1]] = parent[path[-1]] * draw(st.integers(2, 30))
        except (KeyError, IndexError, TypeError):
            continue
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (ValueError, RecursionError):
        text = "{}"
    if draw(st.integers(0, 9)) == 0:  # damaged text: cut short or a character spliced in
        cut = draw(st.integers(0, len(text)))
        text = text[:cut] + draw(st.sampled_from(["", "{", "]", '"', "\\", "\x00", "\udcff"])) + text[cut + 1:]
    return text


def write_text(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


# -- 1. test-set JSON --------------------------------------------------------------------------
@given(text=mutated_form(), command=st.sampled_from(["validate", "export", "take", "grade"]))
def test_fuzz_testset_json(text: str, command: str) -> None:
    with folder() as where:
        form = where / "form.json"
        write_text(form, text)
        db = where / "s.db"
        db.write_bytes(seeded_store())
        before = digest(db)
        sheet = where / "a.csv"
        sheet.write_text("name," + ",".join(map(str, range(1, 11))) + "\nBo" + ",A" * 10 + "\n")
        args = {"validate": ("validate", str(form)),
                "export": ("export", str(form), "--format", "key", "-o", str(where / "k.html")),
                "take": ("take", str(form), "--candidate", "Cy"),
                "grade": ("grade", str(form), str(sheet), "--group", "H")}[command]
        outcome = cli("--db", str(db), *args, stdin="A\nq\n" if command == "take" else None)
        check("test-set JSON", outcome, db, before)


# -- 2. blueprint TOML -------------------------------------------------------------------------------
WARMUP_TOML = (Path(__file__).resolve().parents[2] / "engine" / "blueprints" / "warmup.toml").read_text()
TOML_VALUES = st.one_of(
    st.sampled_from(["0", "-1", "1e400", "inf", "nan", "9" * 5000, "true", '"x"', "[]", "{}", "[1, 2, 3]",
                     '"numeric.nosuch"', "500", "501", "0.25", "300.0", "[-3.5, 3.5]", "[[1]]",
                     "[" * 3000 + "]" * 3000, "{a = " * 500 + "1" + "}" * 500, '"\\u0000"', "2026-12-02"]),
    st.integers(-1000, 1000).map(str), st.text(max_size=12).map(json.dumps))


@st.composite
def mutated_toml(draw: st.DrawFn) -> str:
    lines = WARMUP_TOML.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = draw(st.sampled_from(["value", "key", "drop", "copy", "junk"]))
        if action == "value" and "=" in line:
            lines[index] = line.split("=", 1)[0] + "= " + draw(TOML_VALUES)
        elif action == "key" and "=" in line:
            lines[index] = draw(st.sampled_from(["count", "family", "testlet", "minutes", "order", "bogus", "section",
                                                 "part", "scoring", "adaptive"])) + " =" + line.split("=", 1)[1]
        elif action == "drop":
            del lines[index]
        elif action == "copy":
            lines.insert(index, line)
        else:
            lines.insert(index, draw(st.text(max_size=20)))
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


@given(text=mutated_toml(), command=st.sampled_from(["blueprints", "simulate", "take"]))
def test_fuzz_blueprint_toml(text: str, command: str) -> None:
    with folder() as where:
        blueprint = where / "bp.toml"
        write_text(blueprint, text)
        db = where / "s.db"
        db.write_bytes(seeded_store())
        before = digest(db)
        if command == "take":  # a valid blueprint starts a test: pause at once
            outcome = cli("--db", str(db), "take", str(blueprint), "--seed", "1", stdin="q\n")
            check("blueprint TOML", outcome, db, before)
        elif command == "simulate":
            check("blueprint TOML", cli("--db", str(db), "simulate", str(blueprint), "-n", "5", "--seed", "1"))
        else:
            check("blueprint TOML", cli("--db", str(db), "blueprints", str(blueprint)))


# -- 3. answer-sheet CSV -------------------------------------------------------------------------------
CELL = st.one_of(st.sampled_from(["A", "b", "C)", "", " ", "D", "E", "1353", "-3.5", "12,5"]), AWKWARD_TEXT,
                 st.text(max_size=6))
LABEL = st.one_of(st.integers(-2, 12).map(str), st.sampled_from(["²", "٣", "01", "1.0", "", "id", "9" * 5000]),
                  st.text(max_size=4))


@st.composite
def sheet_text(draw: st.DrawFn) -> str:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    count = draw(st.sampled_from([10, 10, 10, 9, 11, 0]))
    header = ["name"] + ([str(n) for n in range(1, count + 1)] if draw(st.booleans()) else
                         [draw(LABEL) for _ in range(count)])
    rows = [delimiter.join(header)]
    for _ in range(draw(st.integers(0, 6))):
        cells = [draw(st.one_of(st.sampled_from(["Ada", "Bo", "=cmd", "Ann", ""]), TEXT))]
        cells += [draw(CELL) for _ in range(draw(st.sampled_from([count, count, count - 1, count + 1])))]
        rows.append(delimiter.join(cells))
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(rows)
    if draw(st.integers(0, 7)) == 0:
        text = draw(st.sampled_from([",", ";;;", "\ufeff", '"', '"unclosed', "\x00", ""])) + text
    return text


@given(text=sheet_text(), group=st.one_of(st.none(), TEXT), replace=st.booleans())
def test_fuzz_answer_sheet_csv(text: str, group: str | None, replace: bool) -> None:
    with folder() as where:
        form = where / "form.json"
        form.write_text(json.dumps(form_data()))
        sheet = where / "a.csv"
        write_text(sheet, text)
        db = where / "s.db"
        db.write_bytes(seeded_store())
        before = digest(db)
        args = ["grade", str(form), str(sheet)] + (["--group", group] if group is not None else []) + \
            (["--replace"] if replace else [])
        check("answer-sheet CSV", cli("--db", str(db), *args), db, before)


# -- 4. store files ------------------------------------------------------------------------------------
@st.composite
def damaged_store(draw: st.DrawFn) -> bytes:
    data = bytearray(seeded_store())
    kind = draw(st.sampled_from(["bytes", "bytes", "page", "truncate", "append", "header", "random"]))
    if kind == "bytes":
        for _ in range(draw(st.integers(1, 8))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    elif kind == "page":  # a page header overwritten
        page = draw(st.integers(1, len(data) // 4096 - 1))
        data[page * 4096:page * 4096 + 16] = draw(st.binary(min_size=16, max_size=16))
    elif kind == "truncate":
        del data[draw(st.integers(0, len(data) - 1)):]
    elif kind == "append":
        data += draw(st.binary(min_size=1, max_size=5000))
    elif kind == "header":  # the 100-byte file header: page size, versions, counts, application id
        for _ in range(draw(st.integers(1, 4))):
            data[draw(st.integers(0, 99))] = draw(st.integers(0, 255))
    else:
        data = bytearray(draw(st.binary(max_size=3000)))
    return bytes(data)


STORE_COMMANDS = (("history",), ("candidates", "list"), ("candidates", "add", "Zed", "--group", "G"),
                  ("report", "--progress", "--candidate", "Ann", "-o", "-"), ("resume",),
                  ("report", "--cohort", "-o", "-"), ("take", "FORM", "--candidate", "Cy"), ("calibrate",))


@given(data=damaged_store(), command=st.sampled_from(STORE_COMMANDS))
@settings(max_examples=max(10, settings().max_examples))
def test_fuzz_store_files(data: bytes, command: tuple[str, ...]) -> None:
    with folder() as where:
        form = where / "form.json"
        form.write_text(json.dumps(form_data()))
        db = where / "s.db"
        db.write_bytes(data)
        before = digest(db)
        args = [str(form) if part == "FORM" else part for part in command]
        check("store files", cli("--db", str(db), *args, stdin="q\n"), db, before)


# -- 5. prompt input -----------------------------------------------------------------------------------
LINE = st.one_of(
    st.sampled_from(["A", "b", "E", "H", "Z", "", "s", "m", "p", "l", "?", "end", "y", "n", "g 3", "go 10", "g 0",
                     "go 11", "go ²", "g ٣", "go " + "9" * 5000, "go -1", "g", "1353", "1,353", "-3.5", "1e400",
                     "10" + "0" * 400 + "/1", "1/0", "½", "１２", "3", "²", "9" * 5000, "\x00", "\udcff", "q"]),
    st.text(max_size=12))


@given(lines=st.lists(LINE, max_size=40), practice=st.booleans())
def test_fuzz_prompt_input(lines: list[str], practice: bool) -> None:
    with folder() as where:
        form = where / "form.json"
        form.write_text(json.dumps(form_data()))
        db = where / "s.db"
        args = ["take", str(form)] + (["--practice"] if practice else [])
        outcome = cli("--db", str(db), *args, stdin="\n".join(lines) + "\n")
        check("prompt input", outcome)
        if outcome.code == 0 and "resume" in outcome.out:  # paused: resuming takes more of the same
            check("prompt input", cli("--db", str(db), "resume", stdin="\n".join(reversed(lines)) + "\n"))


def teardown_module() -> None:
    """Leave the figures where `make fuzz` prints them."""
    target = os.environ.get("FUZZ_REPORT")
    if target:
        Path(target).write_text(json.dumps(STATS, indent=1) + "\n")
    shutil.rmtree(Path(tempfile.gettempdir()) / "secondround-fuzz", ignore_errors=True)
