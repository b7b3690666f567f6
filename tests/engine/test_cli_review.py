"""Second-round review of the CLI as a candidate and a coach uses it (real subprocesses)."""

from __future__ import annotations

from pathlib import Path


def test_history_columns_stay_aligned_with_long_names_and_show_the_candidate(run, tmp_path: Path) -> None:
    assert run("take", "verbal-vocabulary", "--seed", "1", "--candidate", "Grace Hopper", input="").code == 0
    assert run("take", "warmup", "--seed", "1", input="").code == 0
    assert run("take", "warmup", "--seed", "2", "--adaptive", input="").code == 0
    lines = run("history").out.splitlines()
    header, rows = lines[0], lines[1:]
    assert len(rows) == 3 and "CANDIDATE" in header
    mode_at = header.index("MODE")
    assert all(row[mode_at:].startswith("exam") for row in rows), lines
    assert "verbal-vocabulary" in rows[2] and "Grace Hopper" in rows[2]
    assert "warmup (adaptive)" in rows[0]
    assert rows[2][header.index("CANDIDATE"):].startswith("Grace Hopper")


def test_number_ranges() -> None:
    from engine.delivery import number_ranges

    assert number_ranges([1, 2, 3, 5, 7, 8]) == "1-3, 5, 7-8"
    assert number_ranges([4]) == "4" and number_ranges([]) == ""


def test_list_of_a_long_section_is_grouped_by_status(run) -> None:
    result = run("take", "mixed-screener", "--seed", "5", input="A\n\nm\nB\nl\nq\n")
    listing = result.out.split("> l\n", 1)[1].split("Answer (", 1)[0]
    assert listing.splitlines() == ["  answered: 1, 3", "  not answered: 2, 4", "  not seen yet: 5-50",
                                    "  flagged: 3"], listing


def test_header_does_not_promise_the_same_test_for_the_same_seed(run) -> None:
    first = run("take", "warmup", "--seed", "3", input="A\nq\n").out.splitlines()[0]
    second = run("take", "warmup", "--seed", "3", input="q\n").out.splitlines()[0]
    assert first != second  # the item seen in session 1 was replaced in session 2
    assert "same seed gives the same test" not in first + second
    assert "secondround take --retake 1" in first and "secondround take --retake 2" in second
    again = run("take", "--retake", "1", input="q\n").out.splitlines()[0]
    assert again.split(" · ")[1] == first.split(" · ")[1]  # --retake does sit the same form


def test_calibrate_show_has_a_heading_for_every_column_and_long_names_fit(run, db_path: Path) -> None:
    from engine.store import Store

    run("history")  # creates the store
    store = Store.open(db_path)
    store.save_calibration([("technical.fluids_forces", 0.25, 1.0, 0.04, 900, 120),
                            ("numeric.arithmetic", -0.1, 0.95, 0.03, 2500, 300)])
    store.close()
    lines = run("calibrate", "--show").out.splitlines()
    header, rows = lines[0], lines[1:]
    assert header.split()[-2:] == ["CALIBRATED", "(UTC)"]
    for heading in ("OFFSET", "SCALE", "RESPONSES", "SESSIONS"):  # right-aligned under their heading
        end = header.index(heading) + len(heading)
        assert all(row[end - 1] != " " and row[end:end + 1] in (" ", "") for row in rows), (heading, lines)
    assert rows[1].startswith("technical.fluids_forces ")


def test_testlet_items_say_which_items_share_their_table_or_passage(run) -> None:
    out = run("take", "numerical-quick", "--seed", "1", input="A\n" * 6 + "q\n").out
    # Three consecutive items share one table, each shown with the line that says so; the others stand alone.
    blocks = out.split("[Numerical reasoning] Item ")[1:]
    shared = [i for i, block in enumerate(blocks) if "use this" in block]
    assert len(shared) == 3 and shared == list(range(shared[0], shared[0] + 3)), shared
    first = shared[0] + 1
    for i in shared:
        assert blocks[i].splitlines()[1] == f"Items {first} to {first + 2} use this table."
    assert "Items 1 to 4 use this passage." in run("take", "verbal", "--seed", "1", input="q\n").out


def test_list_counts_the_item_on_screen_as_seen(run) -> None:
    out = run("take", "warmup", "--seed", "4", input="A\nl\nq\n").out
    listing = out.split("> l\n", 1)[1].split("Answer (", 1)[0]
    assert listing.splitlines() == ["  answered: 1", "  not answered: 2", "  not seen yet: 3-10"], listing


def test_take_refuses_an_empty_candidate_name_and_trims_one_with_spaces(run, db_path: Path) -> None:
    import sqlite3

    result = run("take", "warmup", "--candidate", "  ", input="q\n")
    assert result.code == 2 and result.err.strip() == "error: a candidate's name must not be empty"
    assert run("take", "warmup", "--candidate", " Ada ", input="q\n").code == 0
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("SELECT candidate FROM sessions")] == ["Ada"]
    assert [r[0] for r in conn.execute("SELECT name FROM candidates")] == ["Ada"]
    conn.close()


def test_empty_store_errors_read_like_the_others(run) -> None:
    for args, hint in ((["resume"], "`secondround take warmup` starts one"),
                       (["report"], "take one with `secondround take warmup`")):
        result = run(*args)
        assert result.code == 2 and result.err.startswith("error: there is no ") and hint in result.err


def test_ctrl_c_before_the_first_prompt_pauses_and_names_the_session(store) -> None:
    import io

    from engine.delivery import LineReader, TerminalRunner
    from engine.session import Session
    from tests.factories import make_form

    class EarlyInterrupt(TerminalRunner):
        def header(self) -> None:  # SIGINT lands while the header is printed, before any prompt
            raise KeyboardInterrupt

    session = Session.create(store, make_form((60, 3)))
    out = io.StringIO()
    outcome = EarlyInterrupt(session, LineReader(io.StringIO("")), out).run()
    assert outcome == "interrupted" and f"secondround resume {session.id}" in out.getvalue()
    assert Session.load(store, session.id).status == "in_progress"


def test_ctrl_c_while_the_cli_is_loading_exits_quietly() -> None:
    """KeyboardInterrupt raised inside the CLI's own imports (as a Ctrl-C during start-up would)."""
    import subprocess
    import sys

    code = ("import sys\n"
            "class Interrupt:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'engine.i18n':\n"
            "            raise KeyboardInterrupt\n"
            "sys.meta_path.insert(0, Interrupt())\n"
            "from engine.cli import main\n"
            "main(['--help'])\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130 and "Traceback" not in proc.stderr, proc.stderr


def test_cohort_of_a_group_when_there_are_no_groups_says_how_to_make_one(run) -> None:
    result = run("report", "--cohort", "--group", "spring")
    assert result.code == 2 and "groups: -" not in result.err
    assert "there are no groups yet; `secondround candidates add NAME --group spring`" in result.err
