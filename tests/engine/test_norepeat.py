"""No repeats: a candidate is not shown an item they have already seen (by content), unless they
retake a form on purpose."""

from __future__ import annotations

from pathlib import Path

from engine.blueprints import load_blueprint
from engine.forms import assemble
from engine.session import Session


def sit_all(store, form, candidate=None) -> int:  # type: ignore[no-untyped-def]
    session = Session.create(store, form, candidate=candidate)
    session.start()
    for index in range(len(form.sections)):
        session.open_section(index)
        for position in session.section_positions(index):
            session.visit(position)
            session.answer(position, form.items[position].key_letter)
        session.close_section(index, expired=False)
    session.finish()
    return session.id


def test_no_repeats_across_20_sessions_even_with_the_same_seed(store) -> None:
    blueprint = load_blueprint("warmup")
    shown: list[str] = []
    for _ in range(20):
        form = assemble(blueprint, seed=7, exclude=store.seen_fingerprints(None))  # worst case: one seed
        sit_all(store, form)
        shown += [item.fingerprint() for item in form.items]
    assert len(shown) == 200 and len(set(shown)) == 200
    rows = store.conn.execute("SELECT count(*), count(DISTINCT fingerprint) FROM responses").fetchone()
    assert rows == (200, 200)


def test_exclusion_is_deterministic_and_per_candidate(store) -> None:
    blueprint = load_blueprint("numerical")
    first = assemble(blueprint, seed=3)
    sit_all(store, first, candidate="Ada")
    seen = store.seen_fingerprints("Ada")
    assert seen == {item.fingerprint() for item in first.items}
    again = assemble(blueprint, seed=3, exclude=seen)
    assert again.to_json() == assemble(blueprint, seed=3, exclude=seen).to_json()  # same seed + set
    assert not seen & {item.fingerprint() for item in again.items}
    assert again.redraws >= 18
    assert store.seen_fingerprints("Bob") == set() and store.seen_fingerprints(None) == set()


def test_unfinished_sessions_reserve_their_items(store) -> None:
    form = assemble(load_blueprint("warmup"), seed=4)
    Session.create(store, form)  # not started: its items will be shown on resume
    assert store.seen_fingerprints(None) == {item.fingerprint() for item in form.items}


def test_take_redraws_seen_items_and_retake_repeats_on_purpose(run, tmp_path: Path) -> None:
    from engine.store import Store

    def items_of(session: int) -> list[str]:
        store = Store.open(tmp_path / "store.db")
        rows = [r.fingerprint for r in store.responses(session)]
        store.close()
        return rows

    first = run("take", "warmup", "--seed", "5", input="\n" * 12)
    assert first.code == 0, first.text
    second = run("take", "warmup", "--seed", "5", input="\n" * 12)
    assert second.code == 0
    assert not set(items_of(1)) & set(items_of(2))
    retake = run("take", "--retake", "1", input="\n" * 12)
    assert retake.code == 0, retake.text
    assert sorted(items_of(3)) == sorted(items_of(1))
    store = Store.open(tmp_path / "store.db")
    form_id = store.session(1).form_id
    store.close()
    assert run("take", "--retake", form_id, input="\n" * 12).code == 0
    assert sorted(items_of(4)) == sorted(items_of(1))


def test_bad_retake_and_source_combinations(run) -> None:
    for args, message in [(["take", "--retake", "9"], "there is no session 9"),
                          (["take", "--retake", "abcdef0123456789"], "form abcdef0123456789 is not in the database"),
                          (["take"], "give a blueprint or a form file to take, or --retake"),
                          (["take", "warmup", "--retake", "1"], "give a blueprint or a form file to take")]:
        result = run(*args)
        assert result.code != 0 and message in result.err, result.text
