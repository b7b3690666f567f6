"""Bennett-style picture comparisons: of two drawn mechanisms A and B, which needs less effort (or no difference).

Three mechanisms, each drawn as two pictures side by side with every quantity labelled:
- `lever`: two wheelbarrows; the force to lift the handles is load × (load's distance from the
  axle) ÷ (handles' distance from the axle); the wheel's size is irrelevant.
- `pulleys`: two hoists; a worker on the ground pulls the free end down; the pull is the load ÷
  the number of rope segments holding the lower block (one with a single fixed pulley); the
  pulley wheels' size is irrelevant.
- `gears`: two gear pairs driven at a stated speed; the output gear turns at driver speed ×
  driver teeth ÷ output teeth; an idler gear between them reverses the direction but does not
  change the speed.

The options are always "A", "B" and "No difference", in that order, as in Bennett's test. The
answer is drawn first, uniformly over the three, so each letter is the key one time in three and
"No difference" is honestly the key as often as either picture.

Difficulty model (IRT logit scale b), from what a candidate must combine:

    b = -2.6 + mechanism (lever 0, gears 0.2, pulleys 0.35)
             + 0.9 × (relevant quantities that differ - 1)
             + 1.3 × opposing (the differences pull in opposite directions: a product to compute)
             + 0.6 × irrelevant (a drawn difference that does not matter: the wheel, an idler)
             + 0.4 × equal (the key is "No difference": the effects must cancel exactly)

With one difference the picture decides at a glance (b about -2.6); two or three differences
that oppose need the products worked out, and a cancelling pair is the hardest (up to about
+1.7, about +1.3 when a picture is the key). The family states its range as (-2.5, 1.5): it
does not yet reach the top of the scale. Discrimination a = 0.9 + 0.1 × relevant;
typical time 25 s + 10 s per relevant difference + 10 s when they oppose.

Distractors are named mistakes: the picture a candidate picks who looks only at the first
difference, who reads the effect the wrong way round (a longer handle needs more force), who
counts an irrelevant difference, or who takes opposing changes to cancel.

check() rebuilds both mechanisms from the item's params by a second route (virtual work for the
wheelbarrow: the handles move L / a as far as the load; counting the rope segments tied to the
lower block from the drawn rope list; teeth passing the mesh per minute, gear by gear, through
any idler) and proves exactly the keyed option is right; it also confirms that the figure's text
states every number used.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise
from typing import Any, ClassVar

import numpy as np

from question_generators.base import BaseGenerator, check_options, phrases_for, require_single_key
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item, Option
from question_generators.technical import drawing as dw

PACKAGE = "question_generators.technical"
F = Fraction
# Each mechanism's relevant quantities, their candidate values (clean, drawn to scale) and the
# exponent of each in the compared quantity (effort, or output speed).
QUANTITIES: dict[str, dict[str, tuple[tuple[int, ...], int]]] = {
    "lever": {"load": ((20, 30, 40, 50, 60, 80), 1), "near": ((20, 25, 30, 40, 50, 60), 1),
              "far": ((100, 120, 150, 160, 180), -1)},
    "pulleys": {"load": ((100, 120, 150, 200, 240, 300, 400), 1), "segments": ((1, 2, 3, 4), -1)},
    "gears": {"rpm": ((30, 40, 60, 80, 90, 120), 1), "teeth_in": ((12, 16, 20, 24, 30, 36, 40), 1),
              "teeth_out": ((12, 16, 20, 24, 30, 36, 40), -1)},
}
IRRELEVANT = {"lever": ("wheel", (30, 40, 50)), "pulleys": ("wheel", (8, 12, 16)), "gears": ("idler", (0, 1))}
LESS_IS_KEY = {"lever": True, "pulleys": True, "gears": False}  # "needs less force" / "turns faster"
MECH_WEIGHT = {"lever": 0.0, "gears": 0.2, "pulleys": 0.35}
WEIGHTS = {"relevant": 0.9, "opposing": 1.3, "irrelevant": 0.6, "equal": 0.4}
INTERCEPT = -2.6
OUTCOMES = ("A", "B", "equal")


def quantity(mech: str, values: dict[str, int]) -> Fraction:
    """The compared quantity: the effort (lever, pulleys) or the output speed (gears)."""
    result = F(1)
    for name, (_, power) in QUANTITIES[mech].items():
        result = result * values[name] if power > 0 else result / values[name]
    return result


def model_b(mech: str, relevant: int, opposing: bool, irrelevant: bool, equal: bool) -> float:
    b = (INTERCEPT + MECH_WEIGHT[mech] + WEIGHTS["relevant"] * max(relevant - 1, 0)
         + WEIGHTS["opposing"] * opposing + WEIGHTS["irrelevant"] * irrelevant + WEIGHTS["equal"] * equal)
    return round(b, 3)


def templates(mech: str, outcome: str) -> list[tuple[int, bool, bool]]:
    """(relevant differences, opposing, irrelevant) combinations that can give `outcome`."""
    top = len(QUANTITIES[mech])
    found = []
    for relevant in range(0, top + 1):
        for opposing in (False, True):
            for irrelevant in (False, True):
                if relevant + irrelevant == 0 or (opposing and relevant < 2):
                    continue
                if outcome == "equal" and relevant and not opposing:
                    continue  # differences that all push one way never cancel
                if outcome != "equal" and relevant == 0:
                    continue
                found.append((relevant, opposing, irrelevant))
    return found


# =============================================================================================
# Physics by a second route (used by check)
# =============================================================================================
def effort_by_work(side: dict[str, Any]) -> Fraction:
    """Wheelbarrow by virtual work: lifting the handles by 1 raises the load by near / far."""
    return F(side["load"]) * F(side["near"], side["far"])


def pull_by_segments(side: dict[str, Any]) -> Fraction:
    """Hoist: count the drawn rope segments that end on the lower block; each holds an equal share."""
    holding = sum(1 for rope in side["ropes"] if rope[1] == "block")
    if holding != side["segments"]:
        raise ItemCheckError("the drawn ropes disagree with the stated number of segments")
    return F(side["load"], holding)


def speed_by_teeth(side: dict[str, Any]) -> Fraction:
    """Gears: teeth passing each mesh per minute are equal on both gears, mesh by mesh."""
    train = [side["teeth_in"], *([side["idler_teeth"]] if side["idler"] else []), side["teeth_out"]]
    speed = F(side["rpm"])
    for a, b in pairwise(train):
        speed = speed * a / b
    return speed


ROUTES = {"lever": effort_by_work, "pulleys": pull_by_segments, "gears": speed_by_teeth}


# =============================================================================================
# Drawing: two panels side by side
# =============================================================================================
PANEL_W, PANEL_H, GAP = 300.0, 230.0, 20.0


def _lever_panel(x0: float, side: dict[str, Any], lay: dw.Layout, words: dict[str, Any]) -> list[str]:
    """A wheelbarrow in profile: wheel at the left, frame, load box, handles at the right, and
    dimension lines from the axle to the load's centre and to the handles."""
    scale = 1.3  # px per cm along the frame
    axle_x, axle_y = x0 + 40, 128.0
    r = side["wheel"] * 0.6
    ground = axle_y + r
    out = [lay.line(x0 + 10, ground, x0 + PANEL_W - 10, ground, 2)]
    out.append(lay.circle(axle_x, axle_y, r, fill="#f3efe6") + dw.circle(axle_x, axle_y, 3, fill=dw.STROKE, width=1))
    far_x = axle_x + side["far"] * scale
    bar_y = axle_y - r - 6
    out.append(lay.line(axle_x, axle_y, axle_x, bar_y, 3))
    out.append(lay.line(axle_x, bar_y, far_x, bar_y, 4))
    load_x = axle_x + side["near"] * scale
    box = 24 + side["load"] * 0.25
    out.append(lay.rect(load_x - box / 2, bar_y - box, box, box, fill="#d5dde8"))
    out.append(lay.line(far_x, bar_y, far_x, bar_y - 40, 2.5, arrow=True))
    load = f"{side['load']} kg"
    out.append(lay.text(load, [(load_x, bar_y - box - 8, "middle"), (load_x - 8, bar_y - box - 8, "middle"),
                               (load_x, bar_y - box - 20, "middle")], 13, weight="bold"))
    out.append(lay.text(words["svg_lift"], [(far_x, bar_y - 48, "middle"), (far_x + 8, bar_y - 30, "start"),
                                 (far_x - 8, bar_y - 30, "end")], 12))
    y1, y2 = ground + 14, ground + 38
    dims = []
    for y, x_end, label in ((y1, load_x, f"{side['near']} cm"), (y2, far_x, f"{side['far']} cm")):
        out += [lay.line(axle_x, y, x_end, y, 1.2), lay.line(x_end, y - 4, x_end, y + 4, 1.2),
                lay.line(axle_x, y - 4, axle_x, y + 4, 1.2)]
        dims.append((y, x_end, label))
    # a figure under its dimension line, slid clear of the ticks (or beyond the end) when the line is short
    for y, x_end, label in dims:
        out.append(lay.text(label, dw.along(axle_x, x_end, y, label, 11, above=False), 11))
    out.append(lay.fixed(x0 + 40, 24, words["svg_wheel"].format(wheel=side["wheel"]), 11, anchor="start"))
    return out


def _pulley_panel(x0: float, side: dict[str, Any], lay: dw.Layout, words: dict[str, Any]) -> list[str]:
    """A hoist in the usual schematic: a ceiling beam, the rope segments holding the lower block,
    wheels over each turn of the rope (top ones fixed, bottom ones on the block) and the free end
    coming down on the right to the worker's hand."""
    n = side["segments"]
    r = side["wheel"] * 0.9
    spacing = 2 * r
    top_y, block_y = 60.0, 140.0
    cx = x0 + 130
    xs = [cx + (i - (n - 1) / 2) * spacing for i in range(n)]
    free_x = xs[-1] + spacing
    out = [dw.rect(x0 + 30, 34, 220, 10, fill="#bbb", width=1)]
    out += [dw.line(x, 44, x, block_y, 2) for x in xs]
    out.append(dw.line(free_x, top_y, free_x, 196, 2, arrow=True))
    out.append(dw.text(free_x + 8, 196, words["svg_pull"], 12, anchor="start"))
    tops = list(range(n - 1, -1, -2))
    bottoms = list(range(n - 2, -1, -2))
    ends = [*xs, free_x]
    for i in tops:
        out.append(dw.circle((ends[i] + ends[i + 1]) / 2, top_y, r, fill="#f3efe6"))
    for i in bottoms:
        out.append(dw.circle((ends[i] + ends[i + 1]) / 2, block_y, r, fill="#e8eef5"))
    left, right = xs[0] - 8, xs[-1] + 8
    hook = block_y
    if n > 1:  # the lower block's frame; a single fixed pulley has the load on the rope's end
        out.append(dw.rect(left, block_y + r, right - left, 6, fill=dw.STROKE, width=1))
        hook = block_y + r + 6
    out.append(dw.line(cx, hook, cx, hook + 10, 2))
    box_right = min(cx + 30, free_x - 10)  # the load hangs clear of the free end
    out.append(dw.rect(box_right - 60, hook + 10, 60, 30, fill="#d5dde8"))
    out.append(dw.text(box_right - 30, hook + 30, f"{side['load']} N", 13, weight="bold"))
    held = words["svg_held_many"].format(n=n) if n > 1 else words["svg_held_one"]
    out.append(dw.text(x0 + 16, 218, words["svg_hoist_note"].format(held=held, wheel=side["wheel"]), 11,
                       anchor="start"))
    return out


def _gear_panel(x0: float, side: dict[str, Any], lay: dw.Layout, words: dict[str, Any]) -> list[str]:
    """A driving gear (left), an optional idler, and the output gear (right), with tooth counts."""
    cy = 120.0
    sizes = [side["teeth_in"], *([side["idler_teeth"]] if side["idler"] else []), side["teeth_out"]]
    radii = [8 + t * 1.05 for t in sizes]
    total = sum(2 * r for r in radii)
    x = x0 + (PANEL_W - total) / 2
    out, labels = [], []
    names = [words["svg_driver"], *([words["svg_idler"]] if side["idler"] else []), words["svg_output"]]
    places = []
    for r, t in zip(radii, sizes, strict=True):
        cx = x + r
        out.append(lay.gear(cx, cy, r, t))
        places.append((cx, r))
        x += 2 * r
    first_x = x0 + (PANEL_W - total) / 2 + radii[0]
    out.append(lay.turn_arrow(first_x, cy, radii[0] + 10, True))
    labels.append(lay.text(words["svg_rpm"].format(rpm=side["rpm"]), [(first_x, cy - radii[0] - 26, "middle"),
                                                   (first_x - 12, cy - radii[0] - 26, "middle")], 12))
    # each gear's tooth count and role as two lines under it; a neighbour's pair drops a step lower
    # (or goes above its gear) when the two would run into each other
    for (cx, r), t, name in zip(places, sizes, names, strict=True):
        count = words["svg_teeth"].format(teeth=t)
        spots = [(cx, cy + r + 18 + drop) for drop in (0, 28)] + [(cx, cy - r - 26)]
        # longer words (Bokmål's "16 tenner", "mellomhjul") may need a pair a step lower still
        spots += [(cx, cy + r + 18 + drop) for drop in (42, 56)] + [(cx, cy - r - 40)]
        spot = next((p for p in spots if lay.fits(p[0], p[1], count, 11) and lay.fits(p[0], p[1] + 14, name, 11)),
                    spots[0])
        labels.append(lay.fixed(spot[0], spot[1], count, 11))
        labels.append(lay.fixed(spot[0], spot[1] + 14, name, 11))
    return out + labels


PANELS = {"lever": _lever_panel, "pulleys": _pulley_panel, "gears": _gear_panel}


def draw_pair(mech: str, sides: dict[str, dict[str, Any]], title: str, words: dict[str, Any] | None = None) -> str:
    """The two pictures side by side; `words` is the language's phrase table (English by default)."""
    words = words if words is not None else phrases_for(PACKAGE, "en")["picture_compare"]
    body: list[str] = []
    lay = dw.Layout(2 * PANEL_W + GAP, PANEL_H)
    for i, name in enumerate(("A", "B")):
        x0 = i * (PANEL_W + GAP)
        body.append(lay.rect(x0 + 1, 1, PANEL_W - 2, PANEL_H - 2, width=1))
        body.append(lay.fixed(x0 + 16, 22, name, 16, weight="bold"))
        body += PANELS[mech](x0, sides[name], lay, words)
    return dw.document(2 * PANEL_W + GAP, PANEL_H, body, title)


# =============================================================================================
# The generator
# =============================================================================================
class PictureCompareGenerator(BaseGenerator):
    """Picture comparisons (Bennett style): of two drawn mechanisms A and B, which needs less effort or turns faster.

    Wheelbarrows, hoists and gear pairs; options A, B, No difference; see the module docstring
    for the difficulty model (differences to combine, opposing effects, irrelevant differences).
    """

    family = "technical.picture_compare"
    section = "technical"
    version = 3  # 2: clean drawing (dimension figures and gear captions clear of lines and of each other); 3: Bokmål
    languages: ClassVar[tuple[str, ...]] = ("en", "nb")
    title = "Picture comparisons"
    difficulty_range = (-2.2, 1.5)
    max_redraws = 200

    def __init__(self, lang: str = "en") -> None:
        super().__init__(lang)
        self.ph = phrases_for(PACKAGE, lang)["picture_compare"]

    def _pick(self, rng: np.random.Generator, key: str) -> str:
        choices = self.ph[key]
        return choices[int(rng.integers(len(choices)))]

    def generate(self, rng: np.random.Generator, difficulty: float) -> Item:
        target = difficulty + rng.normal(0.0, 0.25)
        outcome = OUTCOMES[int(rng.integers(3))]  # drawn first: each letter is the key 1 time in 3
        plans = [(mech, *t) for mech in QUANTITIES for t in templates(mech, outcome)]
        bs = [model_b(m, r, o, i, outcome == "equal") for m, r, o, i in plans]
        near = min(abs(b - target) for b in bs)
        pool = [p for p, b in zip(plans, bs, strict=True) if abs(b - target) <= near + 0.3]
        mech, relevant, opposing, irrelevant = pool[int(rng.integers(len(pool)))]
        return self.redraw(rng, lambda r: self._attempt(r, mech, relevant, opposing, irrelevant, outcome))

    def _values(self, rng: np.random.Generator, mech: str) -> dict[str, int]:
        return {name: int(vals[int(rng.integers(len(vals)))]) for name, (vals, _) in QUANTITIES[mech].items()}

    def _attempt(self, rng: np.random.Generator, mech: str, relevant: int, opposing: bool,
                 irrelevant: bool, outcome: str) -> Item | None:
        names = list(QUANTITIES[mech])
        a = self._values(rng, mech)
        changed = [names[i] for i in sorted(rng.permutation(len(names))[:relevant])]
        for _ in range(60):  # search B's values for the wanted pattern (cheap: a few fractions)
            b = dict(a)
            for name in changed:
                others = [v for v in QUANTITIES[mech][name][0] if v != a[name]]
                b[name] = int(others[int(rng.integers(len(others)))])
            effects = [(b[n] > a[n]) == (QUANTITIES[mech][n][1] > 0) for n in changed]  # True: raises q
            if opposing != (len(set(effects)) == 2):
                continue
            qa, qb = quantity(mech, a), quantity(mech, b)
            if (qa == qb) != (outcome == "equal"):
                continue
            if not self._feasible(mech, a) or not self._feasible(mech, b):
                continue
            if (qa * 4).denominator != 1 or (qb * 4).denominator != 1:
                continue  # clean values for the worked explanation
            break
        else:
            return None
        sides = {"A": a, "B": b}
        self._add_irrelevant(rng, mech, sides, irrelevant)
        if outcome != "equal":
            better = "A" if (qa < qb) == LESS_IS_KEY[mech] else "B"
            if better != outcome:  # swap the pictures so the drawn answer is the key
                sides = {"A": sides["B"], "B": sides["A"]}
        return self._item(rng, mech, sides, changed, opposing, irrelevant, outcome)

    @staticmethod
    def _feasible(mech: str, values: dict[str, int]) -> bool:
        if mech == "lever":
            return values["near"] * 2 <= values["far"]  # the load sits in the tray, well short of the handles
        if mech == "gears":
            return values["teeth_in"] + values["teeth_out"] <= 70  # both gears fit one panel
        return True

    @staticmethod
    def _add_irrelevant(rng: np.random.Generator, mech: str, sides: dict[str, dict[str, Any]],
                        irrelevant: bool) -> None:
        name, values = IRRELEVANT[mech]
        first = int(values[int(rng.integers(len(values)))])
        second = int(values[(values.index(first) + 1 + int(rng.integers(len(values) - 1))) % len(values)])
        sides["A"][name] = first
        sides["B"][name] = second if irrelevant else first
        for side in sides.values():
            if mech == "pulleys":
                n = side["segments"]
                side["ropes"] = [["top", "block"] for _ in range(n)] + [["top", "hand"]]
            if mech == "gears":
                side["idler_teeth"] = 16

    # -- text --------------------------------------------------------------------------------
    def _describe(self, mech: str, name: str, side: dict[str, Any]) -> str:
        ph = self.ph
        if mech == "gears":
            key = "fig_gears_idler" if side["idler"] else "fig_gears"
            return ph[key].format(name=name, **side)
        return ph[f"fig_{mech}"].format(name=name, **side)

    def _item(self, rng: np.random.Generator, mech: str, sides: dict[str, dict[str, Any]], changed: list[str],
              opposing: bool, irrelevant: bool, outcome: str) -> Item:
        ph, m = self.ph, self.ph["mistakes"]
        q = {n: quantity(mech, s) for n, s in sides.items()}
        texts = {"A": ph["opt_a"], "B": ph["opt_b"], "equal": ph["opt_equal"]}
        mistakes = self._mistakes(mech, sides, changed, opposing, irrelevant, outcome)
        options = tuple(Option(texts[o], mistake=None if o == outcome else m[mistakes[o][0]].format(
            what=ph["names"][mech].get(mistakes[o][1], ""), odd=ph["irrelevant"][mech], pic=o)) for o in OUTCOMES)
        key = OUTCOMES.index(outcome)
        prompt = " ".join([self._pick(rng, f"scene_{mech}"), self._pick(rng, f"ask_{mech}")])
        lines = [self._describe(mech, n, sides[n]) for n in ("A", "B")]
        alt = ph["alt"][mech]
        figure = Svg(svg=draw_pair(mech, sides, alt, ph), text="\n".join(lines), alt=alt)
        unit = ph["unit"][mech]
        work = [ph[f"work_{mech}"].format(name=n, value=_fmt(q[n], self.lang), unit=unit, **sides[n])
                for n in ("A", "B")]
        answer = ph["answer_equal"] if outcome == "equal" else ph[f"answer_{mech}"].format(name=outcome)
        extra = ph["note_irrelevant"][mech] if irrelevant else ""
        explanation = " ".join([ph[f"principle_{mech}"], *work, extra, answer]).replace("  ", " ")
        b = model_b(mech, len(changed), opposing, irrelevant, outcome == "equal")
        plain = {n: {k: v for k, v in s.items()} for n, s in sides.items()}
        content = f"{mech}|A:{_canon(plain['A'])}|B:{_canon(plain['B'])}"
        return Item(
            family=self.family, section=self.section, lang=self.lang, prompt=prompt, explanation=explanation,
            difficulty=b, discrimination=round(0.9 + 0.1 * len(changed), 3),
            time_s=25.0 + 10.0 * len(changed) + (10.0 if opposing else 0.0),
            options=options, key=key, figure=figure,
            params={"mechanism": mech, "sides": plain, "changed": changed, "opposing": opposing,
                    "irrelevant": irrelevant, "content": content, "spread": [f"mechanism:{mech}"]},
        )

    @staticmethod
    def _mistakes(mech: str, sides: dict[str, dict[str, Any]], changed: list[str], opposing: bool,
                  irrelevant: bool, outcome: str) -> dict[str, tuple[str, str]]:
        """The named mistake behind each wrong option, with the quantity it looks at: a picture
        is chosen by someone who judged by one difference that favours it, or who read that
        difference the wrong way round; "No difference" by someone who let opposing changes cancel
        or overlooked a difference."""
        def favours(name: str) -> str:
            """The picture that wins when only `name` differs."""
            alone = dict(sides["A"], **{name: sides["B"][name]})
            smaller_b = quantity(mech, alone) < quantity(mech, sides["A"])
            return "B" if smaller_b == LESS_IS_KEY[mech] else "A"

        result: dict[str, tuple[str, str]] = {}
        for option in ("A", "B", "equal"):
            if option == outcome:
                continue
            if option == "equal":
                result[option] = ("cancel", changed[0]) if opposing else ("missed_difference", changed[-1])
                continue
            if not changed:
                result[option] = ("irrelevant_counts", "")
                continue
            fits = [n for n in changed if favours(n) == option]
            if fits:
                result[option] = ("one_difference", fits[0])
            else:
                result[option] = ("wrong_way", changed[0])
        return result

    # -- check -------------------------------------------------------------------------------
    def check(self, item: Item) -> None:
        check_options(item)
        where = item.id or item.family
        p = item.params
        try:
            mech = str(p["mechanism"])
            sides = {n: dict(p["sides"][n]) for n in ("A", "B")}
            route = ROUTES[mech]
        except (KeyError, TypeError) as exc:
            raise ItemCheckError(f"item {where}: malformed comparison: {exc}") from None
        text = item.figure.to_text() if item.figure is not None else ""
        for name in ("A", "B"):
            if self._describe(mech, name, sides[name]) not in text:
                raise ItemCheckError(f"item {where}: the figure does not state picture {name}'s numbers")
        qa, qb = route(sides["A"]), route(sides["B"])
        if qa == qb:
            truth = self.ph["opt_equal"]
        else:
            truth = self.ph["opt_a"] if (qa < qb) == LESS_IS_KEY[mech] else self.ph["opt_b"]
        require_single_key(item, [i for i, o in enumerate(item.options) if o.text == truth])


def _fmt(value: Fraction, lang: str = "en") -> str:
    """A compared quantity (a multiple of 1/4) as the language writes it: 12.25, or 12,25 in Bokmål."""
    if value.denominator == 1:
        return str(value.numerator)
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text if lang == "en" else text.replace(".", ",")


def _canon(side: dict[str, Any]) -> str:
    return ",".join(f"{k}={v}" for k, v in sorted(side.items()) if k != "ropes")

