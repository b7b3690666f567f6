"""spatial.cube_net: the 11 nets, two independent folds, one reachable cube, no cues, calibrated b."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter

import numpy as np
import pytest

from question_generators.errors import ItemCheckError
from question_generators.registry import get_generator, make_item
from question_generators.spatial import cube_net as cn
from tests.question_generators.abstract.svg_boxes import layout_problems
from tests.question_generators.realism import assert_calibrated, assert_no_cues, distinct_share, sample, sweep_levels

FAMILY = "spatial.cube_net"


@pytest.fixture(scope="module")
def items():
    return sample(FAMILY, sweep_levels(), 2000)


def _marks(item):
    return {(r, c): (s, None if d is None else tuple(d)) for r, c, s, d in item.params["squares"]}


def _views(item):
    return [tuple((s, None if d is None else tuple(d)) for s, d in v) for v in item.params["views"]]


# -- the nets and the two folds ------------------------------------------------------------------
def test_there_are_eleven_nets_of_three_shapes() -> None:
    nets = cn.all_nets()
    assert len(nets) == 11 and len({min(cn.symmetries(n)) for n in nets}) == 11
    assert Counter(cn.net_level(n) for n in nets) == {0: 6, 1: 3, 2: 2}
    # the 35 hexominoes, of which exactly these 11 fold
    assert len(cn._hexominoes()) == 35


def test_the_rolling_fold_and_the_hinge_fold_agree_on_every_net_drawing() -> None:
    rng = np.random.default_rng(3)
    for net in cn.all_nets():
        for cells in set(cn.symmetries(net)):
            frames = cn.fold_frames(cells)
            assert frames is not None
            marks = {}
            for cell in cells:  # an arrow on every square, pointing a random way
                marks[cell] = ("arrow", cn.EDGE_DIRS[int(rng.integers(4))])
            hinged = cn.fold_by_hinges(cells, marks)
            assert hinged is not None
            rolled = cn.cube_faces(frames, marks)
            assert {n: (s, p) for n, (_, s, p) in hinged.items()} == rolled
            assert {n: cell for n, (cell, _, _) in hinged.items()} == {f[0]: c for c, f in frames.items()}


def test_a_non_net_does_not_fold() -> None:
    cross_of_five_plus_one = ((0, 1), (1, 0), (1, 1), (1, 2), (2, 1), (3, 1))  # a real net: the cross
    assert cn.fold_frames(cn.normalise(cross_of_five_plus_one)) is not None
    square_block = ((0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1))  # 2 x 3 block: faces overlap
    marks = {c: ("dot", None) for c in square_block}
    assert cn.fold_frames(square_block) is None and cn.fold_by_hinges(square_block, marks) is None


def test_an_arrow_points_at_the_square_it_points_at_in_the_net() -> None:
    """Physical sense: on a strip of four, an arrow pointing at the next square points at that face
    on the cube; one pointing off the end of the strip points at the square at the other end."""
    strip = ((0, 0), (0, 1), (0, 2), (0, 3), (1, 1), (-1, 1))
    cells = cn.normalise(strip)  # rows shift by one: the strip is row 1
    marks = {c: ("dot", None) for c in cells}
    marks[(1, 0)] = ("arrow", (1, 0))  # first square, pointing right at the second
    marks[(1, 3)] = ("arrow", (1, 0))  # last square, pointing right: off the strip, round to the first
    faces = cn.fold_by_hinges(cells, marks)
    at = {cell: n for n, (cell, _, _) in faces.items()}
    pointer = {cell: p for _, (cell, _, p) in faces.items()}
    assert pointer[(1, 0)] == at[(1, 1)]
    assert pointer[(1, 3)] == at[(1, 0)]
    assert at[(1, 0)] == cn.neg(at[(1, 2)]) and at[(0, 1)] == cn.neg(at[(2, 1)])


def test_a_mirrored_net_folds_into_the_mirrored_cube() -> None:
    """The net drawn in a mirror (markings mirrored too) folds into the mirror image of the cube:
    its pictures are exactly the mirrored pictures of the original's."""
    rng = np.random.default_rng(11)
    gen = get_generator(FAMILY)
    for net in cn.all_nets():
        marks = gen._marks(rng, net)
        flipped = cn.normalise((r, -c) for r, c in net)
        width = max(c for _, c in net)
        fmarks = {(r, width - c): (s, None if p is None else (-p[0], p[1])) for (r, c), (s, p) in marks.items()}
        assert set(fmarks) == set(flipped)
        original = cn.all_views(cn.fold_by_hinges(net, marks))
        mirror = cn.all_views(cn.fold_by_hinges(flipped, fmarks))
        assert len(original) == 24 and {cn.mirrored(v) for v in original} == mirror
        assert not original & mirror  # a mirror view is never a view of the cube itself


def test_the_24_turns_are_the_rotation_group() -> None:
    turns = cn.rotations()
    assert len(set(turns)) == 24
    for a, b in itertools.product(turns[:6], turns):
        product = tuple(tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3))
        assert product in turns


# -- the items -------------------------------------------------------------------------------
def test_check_passes_and_exactly_one_cube_is_a_view_of_the_net(items) -> None:
    gen = get_generator(FAMILY)
    assert len(items) == 2000
    for item in items:
        gen.check(item)
        marks = _marks(item)
        cells = tuple(marks)
        faces = cn.cube_faces(cn.fold_frames(cells), marks)  # the generator's own fold, as a cross-check
        if item.params["question"] == "opposite":
            asked = tuple(item.params["asked"])
            normal = next(f[0] for c, f in cn.fold_frames(cells).items() if c == asked)
            key_name = gen.words["names"][faces[cn.neg(normal)][0]]
            assert item.options[item.key].text.lower() == key_name
            continue
        views = _views(item)
        reachable = [i for i, v in enumerate(views) if any(cn.render(faces, m) == v for m in cn.rotations())]
        assert reachable == [item.key]


def test_distractors_are_the_named_mistakes(items) -> None:
    for item in items:
        if item.params["question"] != "cube":
            continue
        views = _views(item)
        key = views[item.key]
        mode = item.params["mode"]
        mirrors = sum(cn.mirrored(v) in views for v in views)
        if mode == 2:  # a closed group: every option has its mirror twin among the options
            assert mirrors == 4
            assert {v[1:] for v in views if v[0] == key[0]} and sum(v == cn.mirrored(key) for v in views) == 1
        for option, view in zip(item.options, views, strict=True):
            if option.mistake and "opposite faces" in option.mistake:
                names = [s for s, _ in view]
                marks = _marks(item)
                frames = cn.fold_frames(tuple(marks))
                normal = {marks[c][0]: f[0] for c, f in frames.items()}
                assert any(normal[a] == cn.neg(normal[b]) for a, b in itertools.combinations(names, 2))


def test_wrong_keys_tampered_figures_and_non_nets_are_caught(items) -> None:
    gen = get_generator(FAMILY)
    for item in items[:200]:
        with pytest.raises(ItemCheckError):
            gen.check(dataclasses.replace(item, key=(item.key + 1) % 4))
        squares = [list(s) for s in item.params["squares"]]
        squares[0], squares[1] = [*squares[0][:2], *squares[1][2:]], [*squares[1][:2], *squares[0][2:]]
        with pytest.raises(ItemCheckError):  # two markings swapped: the figure no longer matches
            gen.check(dataclasses.replace(item, params={**item.params, "squares": squares}))
    item = items[0]
    block = [[r, c, s, d] for (r, c), (_, _, s, d) in zip(((0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)),
                                                          item.params["squares"], strict=True)]
    with pytest.raises(ItemCheckError, match="do not fold"):
        gen.check(dataclasses.replace(item, params={**item.params, "squares": block}))


def test_both_questions_every_net_and_every_mode_occur(items) -> None:
    kinds = Counter((i.params["question"], i.params.get("mode")) for i in items)
    assert set(kinds) >= {("opposite", None), ("cube", 0), ("cube", 1), ("cube", 2)}
    assert all(share > 0.08 * len(items) for share in kinds.values())
    assert {i.params["net_index"] for i in items} == set(range(11))
    assert all(len({m for *_, m, _ in i.params["squares"]}) == 6 for i in items)


# -- difficulty ------------------------------------------------------------------------------
def test_b_rises_with_every_feature() -> None:
    base_o = {"net": 0, "bent": 0, "lure": 0}
    for name in base_o:
        assert cn.model_b("opposite", {**base_o, name: 1}) > cn.model_b("opposite", base_o)
    base_c = {"net": 0, "apart": 0, "oriented": 1, "bent": 0, "mode": 0}
    for name in ("net", "apart", "oriented", "bent", "mode"):
        assert cn.model_b("cube", {**base_c, name: base_c[name] + 1}) > cn.model_b("cube", base_c)
    # the hardest opposite question is easier than a mirror-and-turn cube question
    assert cn.model_b("opposite", {"net": 2, "bent": 1, "lure": 1}) < cn.model_b("cube", {**base_c, "mode": 2})


def test_calibrated_over_the_stated_range() -> None:
    assert get_generator(FAMILY).difficulty_range == (-2.8, 2.5)
    assert_calibrated(FAMILY)
    assert_calibrated(FAMILY, levels=(-2.5, -1.0, 1.0, 2.5))


def test_b_matches_the_features(items) -> None:
    for item in items[:300]:
        features = {k: item.params[k] for k in (("net", "bent", "lure") if item.params["question"] == "opposite"
                                                 else ("net", "apart", "oriented", "bent", "mode"))}
        assert item.difficulty == cn.model_b(item.params["question"], features)


# -- cues, repeats, drawings -----------------------------------------------------------------
def test_no_option_only_cue_and_balanced_letters(items) -> None:
    assert_no_cues(items)


def test_the_pictures_alone_give_nothing_away(items) -> None:
    """Option-only strategies on the drawn cubes: the cube sharing most faces (symbol and turn, in
    place) with the others, the one whose three symbols recur most, and the one with a mirror twin."""
    hits: Counter[str] = Counter()
    cube_items = [i for i in items if i.params["question"] == "cube"]
    for item in cube_items:
        views = _views(item)
        alike = [sum(a == b for other in views if other is not v for a, b in zip(v, other, strict=True))
                 for v in views]
        sets = [sum(len({s for s, _ in v} & {s for s, _ in o}) for o in views if o is not v) for v in views]
        twin = [cn.mirrored(v) in views for v in views]
        for name, scores in (("alike", alike), ("sets", sets), ("twin", twin)):
            best = [i for i, s in enumerate(scores) if s == max(scores)]
            hits[name] += (item.key in best) / len(best)
    for name, count in hits.items():
        assert count / len(cube_items) < 0.25 + 0.05, (name, count / len(cube_items))


def test_content_is_distinct(items) -> None:
    assert distinct_share(items) >= 0.95
    assert all(i.params["spread"] == [f"net:{i.params['net_index']}"] for i in items)


def test_drawings_are_clean_and_the_text_shows_the_net(items) -> None:
    for item in items[::4]:
        assert layout_problems(item.figure.svg) == [], item.id
        lines = item.figure.to_text().splitlines()
        assert all(len(line) <= 76 for line in lines)
        grid = [line[2:] for line in lines[1:] if line.startswith("  ")]
        shown = {(r, k // 3): line[k + 1] for r, line in enumerate(grid) for k in range(0, len(line), 3)
                 if line[k] == "["}
        assert shown == {cell: cn.glyph(*m) for cell, m in _marks(item).items()}
        assert "opposite" not in item.figure.to_text() + item.figure.alt  # the text draws, it does not solve


def test_json_round_trip_keeps_the_item_checkable(items) -> None:
    from question_generators.item import Item

    gen = get_generator(FAMILY)
    for item in items[:50]:
        again = Item.from_dict(item.to_dict())
        gen.check(again)
        assert again.fingerprint() == item.fingerprint()


def test_same_seed_same_item() -> None:
    assert make_item(FAMILY, 1.3, 77).to_dict() == make_item(FAMILY, 1.3, 77).to_dict()
