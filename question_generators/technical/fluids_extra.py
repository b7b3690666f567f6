"""More fluids items: a closed vessel, U-tubes with two liquids, tanks joined by a valve, presses.

Kinds (mixed into technical.fluids_forces; see its module docstring for the difficulty model):

    closed_vessel  connected vessels, one sealed at the top: whose level stays lowest (trapped air)
    u_tube         a liquid poured into one arm of a U-tube holding another (or the same) liquid:
                   which surface stands higher (the lighter column is taller; the same liquid
                   levels out)
    u_tube_height  oil on water in a U-tube: how far the oil surface stands above the water's, or
                   how tall the oil column is for a measured water column (pressure balance at
                   the interface)
    valve          two tanks of different floor areas joined by a closed valve, water at two
                   levels: the common level after the valve is opened (volume is conserved)
    press          a hydraulic press: the load the large piston lifts for a force on the small
                   one, or the force for a load; harder with diameters instead of areas (the
                   area goes as the square) and with a lever handle working the small piston
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from question_generators.base import numeric_options, shuffle_options
from question_generators.errors import ItemCheckError
from question_generators.figures import Svg
from question_generators.item import Item, Option
from question_generators.technical import drawing as dw
from question_generators.technical.common import RankDraw, exact_rank, rank_gap

F = Fraction
WATER = 1000
LIGHT = {"oil": 800, "paraffin": 800, "petrol": 700, "olive oil": 900}  # kg/m³, rounded
HEAVY = {"mercury": 13600}


def _pick_options(rng: np.random.Generator, key: Fraction, directions: list[tuple[str, Fraction, dict[Fraction, str]]],
                  draw: RankDraw) -> tuple[str, Fraction, list[tuple[Fraction, str]]] | None:
    """The question direction whose mistakes can put the key at `rank` (drawn first), and its
    distractors; None when no direction has two distractors."""
    choices = []
    rank, strict = draw.rank, draw.strict
    for ask, value, cands in directions:
        unique = {v: n for v, n in cands.items() if v != value and v >= 0 and (v * 2).denominator == 1}
        choices.append((rank_gap(value, unique, 4, rank), float(rng.random()), ask, value, unique))
    _, _, ask, value, unique = min(choices)
    chosen = exact_rank(value, unique, 4, rank, strict)
    return None if chosen is None else (ask, value, chosen)


class FluidsExtra:
    """Methods for the extra kinds; mixed into FluidsForcesGenerator (which supplies ph, _item,
    _pick, _draw_vessels and the language's _num and _and)."""

    ph: dict[str, Any]
    draw: RankDraw
    lang: str

    def _liquid(self, name: str, capital: bool = False) -> str:
        """A liquid's name in the item's language (params keep the English name)."""
        text = self.ph["liquid"][name]
        return text[0].upper() + text[1:] if capital else text

    # -- closed vessel -----------------------------------------------------------------------
    def _closed_vessel(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        n = 3 + plan["extra_elements"]
        names = list("ABCD"[:n])
        shapes = [("wide", "narrow", "funnel", "bulb")[i] for i in rng.permutation(4)[:n]]
        closed = names[int(rng.integers(1, n))]  # never the one poured into
        others = [Option(ph["opt_level"], mistake=m["ignored_air"])]
        far = names[-1] if names[-1] != closed else names[-2]
        picks = [(names[0], "poured_lowest"), (far, "farthest_lowest")]
        if "wide" in shapes:
            picks.insert(0, (names[shapes.index("wide")], "widest_lowest"))
        seen = {closed}
        for name, mistake in picks:
            if name not in seen:
                seen.add(name)
                others.append(Option(ph["opt_vessel"].format(name=name), mistake=m[mistake]))
        options, key = shuffle_options(rng, Option(ph["opt_vessel"].format(name=closed)), others[:3])
        listed = self._and(names)
        prompt = " ".join([self._pick(rng, "closed_scene").format(names=listed, first=names[0], closed=closed),
                           self._pick(rng, "closed_ask")])
        lines = [ph["fig_vessel"].format(name=nm, shape=ph[f"shape_{sh}"]) if nm != closed
                 else ph["fig_vessel_closed"].format(name=nm, shape=ph[f"shape_{sh}"])
                 for nm, sh in zip(names, shapes, strict=True)]
        lines.append(ph["fig_pipe"])
        alt = ph["alt_closed"].format(names=listed, closed=closed)
        svg = self._draw_vessels(names, shapes, {"wide": 70, "narrow": 18, "funnel": 40, "bulb": 22}, alt,
                                 closed=closed)
        return self._item(plan, prompt, ph["closed_explain"].format(closed=closed), options, key,
                          Svg(svg, "\n".join(lines), alt),
                          {"vessels": [[nm, sh, nm != closed] for nm, sh in zip(names, shapes, strict=True)],
                           "connected": True, "poured": names[0]})

    # -- points in connected vessels ---------------------------------------------------------
    def _vessel_points(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        n = 3 + plan["extra_elements"]
        names = list("ABCD"[:n])
        shapes = [("wide", "narrow", "funnel", "bulb")[i] for i in rng.permutation(4)[:n]]
        level = (40, 50, 60)[int(rng.integers(3))]
        heights = [int(h) * 5 for h in rng.choice(np.arange(1, level // 5), size=3, replace=False)]
        homes = [names[int(i)] for i in rng.choice(n, size=3, replace=False)]
        points = [[p, v, h] for p, v, h in zip("PQR", homes, heights, strict=True)]
        key = min(points, key=lambda q: q[2])[0]
        shape_of = dict(zip(names, shapes, strict=True))
        picks = [(q[0], "widest_tank") for q in points if shape_of[q[1]] == "wide"]
        picks += [(q[0], "narrow_pressure") for q in points if shape_of[q[1]] == "narrow"]
        picks += [(q[0], "poured_pressure") for q in points if q[1] == names[0]]
        picks += [(max(points, key=lambda q: q[2])[0], "from_bottom")]
        others, seen = [Option(ph["opt_same_pressure"], mistake=m["same_everywhere"])], {key}
        for name, mistake in picks:
            if name not in seen:
                seen.add(name)
                others.append(Option(ph["opt_point"].format(name=name), mistake=m[mistake]))
        options, index = shuffle_options(rng, Option(ph["opt_point"].format(name=key)), others[:3])
        listed = self._and(names)
        prompt = " ".join([self._pick(rng, "vp_scene").format(names=listed, first=names[0], level=f"{level} cm"),
                           self._pick(rng, "vp_ask")])
        lines = [ph["fig_vessel"].format(name=nm, shape=ph[f"shape_{sh}"])
                 for nm, sh in zip(names, shapes, strict=True)]
        lines += [ph["fig_pipe"], ph["fig_vp_level"].format(level=f"{level} cm")]
        lines += [ph["fig_vp_point"].format(name=p, vessel=v, height=f"{h} cm") for p, v, h in points]
        alt = ph["alt_vp"].format(names=listed)
        svg = self._draw_vessels(names, shapes, {"wide": 70, "narrow": 18, "funnel": 40, "bulb": 22}, alt,
                                 level=level, points=points)
        depths = "; ".join(f"{p} {level} − {h} = {level - h} cm" for p, _, h in points)
        return self._item(plan, prompt, ph["vp_explain"].format(depths=depths, key=key), options, index,
                          Svg(svg, "\n".join(lines), alt),
                          {"vessels": [[nm, sh] for nm, sh in zip(names, shapes, strict=True)], "connected": True,
                           "level": level, "points": points})

    # -- U-tube: which side ------------------------------------------------------------------
    def _u_tube(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        case = int(rng.integers(4))  # 0-1: oil on water, 2: water on mercury, 3: the same liquid
        if case < 2:
            base, poured = "water", list(LIGHT)[int(rng.integers(len(LIGHT)))]
        elif case == 2:
            base, poured = "mercury", "water"
        else:
            base = poured = "water"
        density = {**LIGHT, **HEAVY, "water": WATER}
        arm = "AB"[int(rng.integers(2))]
        other = "B" if arm == "A" else "A"
        same = Option(ph["opt_u_same"])
        higher = {a: Option(ph["opt_u_higher"].format(arm=a)) for a in "AB"}
        if base == poured:
            key = same
            others = [Option(higher[arm].text, mistake=m["u_pushes_up"]),
                      Option(higher[other].text, mistake=m["u_pushed_over"])]
        else:
            key = higher[arm]
            others = [Option(same.text, mistake=m["u_levels_equal"]),
                      Option(higher[other].text, mistake=m["u_heavier_taller"])]
        options, index = shuffle_options(rng, key, others)
        liquids = {"base": base, "poured": poured, "rho_base": density[base], "rho_poured": density[poured]}
        scene = "u_scene_same" if base == poured else "u_scene"
        said = {"base": self._liquid(base), "poured": self._liquid(poured), "Poured": self._liquid(poured, True)}
        prompt = " ".join([self._pick(rng, scene).format(**said, arm=arm,
                                                         rb=self._num(density[base]), rp=self._num(density[poured])),
                           self._pick(rng, "u_ask")])
        explain = ph["u_explain_same" if base == poured else "u_explain"].format(
            **said, arm=arm, other=other, rb=self._num(density[base]), rp=self._num(density[poured]))
        lines = [ph["fig_u"].format(base=said["base"], rb=self._num(density[base])),
                 ph["fig_u_poured"].format(Poured=said["Poured"], rp=self._num(density[poured]), arm=arm)]
        alt = ph["alt_u"]
        svg = self._draw_u(arm, base, poured, None, alt)
        return self._item(plan, prompt, explain, options, index, Svg(svg, "\n".join(lines), alt),
                          {**liquids, "arm": arm})

    # -- U-tube: heights ---------------------------------------------------------------------
    def _u_tube_height(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        poured = list(LIGHT)[int(rng.integers(len(LIGHT)))]
        rho = LIGHT[poured]
        oil = F(int(rng.integers(2, 13)) * 5)  # cm of oil above the interface
        water = oil * rho / WATER  # cm of water above the interface, in the other arm
        diff = oil - water
        if (water * 2).denominator != 1 or (diff * 2).denominator != 1:
            return None
        ratio = F(rho, WATER)
        forward = {F(0): "u_levels_equal", oil: "u_gave_oil", water: "u_gave_water", oil / ratio - oil: "u_inverted",
                   oil + water: "u_added"}
        backward = {water: "u_same_height", water * ratio: "u_inverted", water / ratio - water: "u_gave_difference",
                    water / ratio + water: "u_added"}
        built = _pick_options(rng, diff, [("diff", diff, forward), ("oil", oil, backward)], self.draw)
        if built is None:
            return None
        ask, value, chosen = built
        opts = [Option(f"{self._num(v)} cm", float(v), m[n]) for v, n in chosen]
        options, index = numeric_options(rng, Option(f"{self._num(value)} cm", float(value)), opts, len(opts) + 1)
        fields = {"poured": self._liquid(poured), "Poured": self._liquid(poured, True), "rp": self._num(rho),
                  "oil": f"{self._num(oil)} cm", "water": f"{self._num(water)} cm",
                  "diff": f"{self._num(diff)} cm"}
        if ask == "diff":
            prompt = " ".join([self._pick(rng, "uh_scene").format(**fields), self._pick(rng, "uh_ask_diff")
                               .format(**fields)])
            lines = [ph["fig_uh"].format(**fields), ph["fig_uh_oil"].format(**fields)]
            answer = ph["uh_answer_diff"].format(**fields)
        else:
            prompt = " ".join([self._pick(rng, "uh_scene").format(**fields), self._pick(rng, "uh_ask_oil")
                               .format(**fields)])
            lines = [ph["fig_uh"].format(**fields), ph["fig_uh_water"].format(**fields)]
            answer = ph["uh_answer_oil"].format(**fields)
        alt = ph["alt_u"]
        svg = self._draw_u("A", "water", poured, (oil, water, ask), alt)
        return self._item(plan, prompt, ph["uh_explain"].format(**fields) + " " + answer, options, index,
                          Svg(svg, "\n".join(lines), alt),
                          {"poured": poured, "rho_poured": rho, "ask": ask,
                           "oil": str(oil) if ask == "diff" else None, "water": str(water) if ask == "oil" else None})

    def _draw_u(self, arm: str, base: str, poured: str, heights: tuple[Fraction, Fraction, str] | None,
                title: str) -> str:
        """A U-tube, arms A (left) and B (right). Without heights: the tube holding the base
        liquid with the poured liquid shown entering arm `arm` (the levels are the question).
        With heights: the settled state, oil in arm A above the interface, the columns marked."""
        # arms wide enough to hold a liquid's name; the tube starts low enough for the funnel above it
        lx, rx, w, top, bottom = 60.0, 200.0, 52.0, 50.0, 250.0
        body: list[str] = []
        labels: list[str] = []
        outline = [(lx, top), (lx, bottom), (rx + w, bottom), (rx + w, top), (rx, top), (rx, bottom - w),
                   (lx + w, bottom - w), (lx + w, top)]
        blue, amber = "#9cc4ec", "#f2d27a" if poured != "water" else "#9cc4ec"
        base_fill = "#b8b8c4" if base == "mercury" else ("#c9b7e0" if base != "water" else blue)
        if heights is None:
            lay = dw.Layout(400, bottom + 30)
            level = 170.0
            body.append(dw.polygon([(lx, level), (lx, bottom), (rx + w, bottom), (rx + w, level), (rx, level),
                                    (rx, bottom - w), (lx + w, bottom - w), (lx + w, level)], fill=base_fill, width=0))
            body.append(lay.polygon(outline, fill="none", width=2.5))
            ax = (lx if arm == "A" else rx) + w / 2
            body.append(lay.rect(ax - 9, 6, 18, 16, fill=amber, width=1))
            body.append(lay.line(ax, 24, ax, 70, 2.5, arrow=True))
            for name, x in (("A", lx + w / 2), ("B", rx + w / 2)):
                labels.append(lay.text(name, [(x, top - 10, "middle"), (x - 10, top - 10, "end")], 15, weight="bold"))
            poured_in = self.ph["svg_poured_in"].format(poured=self._liquid(poured))
            labels.append(lay.text(poured_in, [(ax + 12, 30, "start"), (ax - 12, 30, "end"),
                                                            (ax + 12, 18, "start"), (ax - 12, 18, "end")], 11))
            holds = self.ph["svg_tube_holds"].format(base=self._liquid(base))
            labels.append(lay.fixed(lx + (rx + w - lx) / 2, bottom + 20, holds, 11))
            return dw.document(400, bottom + 30, body + labels, title)
        oil, water, ask = heights
        lay = dw.Layout(440, bottom + 20, dx=40)
        scale = 2.0
        interface = 210.0
        oil_top = interface - float(oil) * scale
        water_top = interface - float(water) * scale
        body.append(dw.polygon([(lx, interface), (lx, bottom), (rx + w, bottom), (rx + w, water_top),
                                (rx, water_top), (rx, bottom - w), (lx + w, bottom - w), (lx + w, interface)],
                               fill=blue, width=0))
        body.append(dw.rect(lx, oil_top, w, interface - oil_top, fill="#f2d27a", width=0))
        body.append(lay.polygon(outline, fill="none", width=2.5))
        body.append(lay.line(lx - 30, interface, rx + w + 10, interface, 1, dash="4 3"))
        body.append(lay.line(lx - 10, oil_top, lx - 10, interface, 1.2))
        body.append(lay.line(rx + w + 10, water_top, rx + w + 10, interface, 1.2))
        if ask == "diff":
            body.append(lay.line(rx + w + 50, oil_top, rx + w + 50, water_top, 1.2))
            body.append(lay.line(lx + w, oil_top, rx + w + 50, oil_top, 0.8, dash="3 3"))
        for name, x in (("A", lx + w / 2), ("B", rx + w / 2)):
            labels.append(lay.fixed(x, top - 10, name, 15, weight="bold"))
        # a liquid's name inside its column, or in the empty arm just above it when the column is short
        said = self._liquid(poured)
        size = 10 if dw.text_width(said, 10) <= w - 8 else 9  # "olivenolje" fits its arm a size smaller
        labels.append(lay.text(said, [(lx + w / 2, (oil_top + interface) / 2 + 4, "middle"),
                                      (lx + w / 2, oil_top - 5, "middle")], size))
        labels.append(lay.text(self._liquid("water"), [(lx + w + (rx - lx - w) / 2, bottom - w / 2 + 4, "middle")], 10))
        labels.append(lay.text(self.ph["svg_interface"], [(lx - 32, interface + 4, "end")], 9))
        oil_label = f"{self._num(oil)} cm" if ask == "diff" else "?"
        labels.append(lay.text(oil_label, [(lx - 14, (oil_top + interface) / 2 + 4, "end")], 11))
        if ask == "oil":
            labels.append(lay.text(f"{self._num(water)} cm", [(rx + w + 14, (water_top + interface) / 2 + 4, "start")],
                                   11))
        if ask == "diff":
            labels.append(lay.text("?", [(rx + w + 55, (oil_top + water_top) / 2 + 4, "start")], 13, weight="bold"))
        return dw.document(440, bottom + 20, ['<g transform="translate(40,0)">', *body, *labels, "</g>"], title)

    def _valve(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        for _ in range(60):  # most draws give a level that is not a whole half-metre: draw again here
            a1, a2 = (int(x) for x in rng.choice(np.arange(1, 7), size=2, replace=False))
            h1, h2 = (F(int(x), 2) for x in rng.choice(np.arange(2, 13), size=2, replace=False))
            if h1 < h2:
                h1, h2 = h2, h1
            level = (a1 * h1 + a2 * h2) / (a1 + a2)
            if (level * 2).denominator == 1:
                break
        else:
            return None
        cands = {(h1 + h2) / 2: "valve_mean", (a2 * h1 + a1 * h2) / (a1 + a2): "valve_swapped",
                 a1 * h1 / (a1 + a2): "valve_forgot_second", (a1 * h1 + a2 * h2) / a1: "valve_one_tank",
                 h1 - h2: "valve_difference"}
        unique = {v: n for v, n in cands.items() if v != level and v > 0 and (v * 2).denominator == 1}
        chosen = exact_rank(level, unique, 4, self.draw.rank, self.draw.strict)
        if chosen is None:
            return None
        opts = [Option(f"{self._num(v)} m", float(v), m[n]) for v, n in chosen]
        options, index = numeric_options(rng, Option(f"{self._num(level)} m", float(level)), opts, len(opts) + 1)
        fields = {"a1": f"{a1} m²", "a2": f"{a2} m²", "h1": f"{self._num(h1)} m", "h2": f"{self._num(h2)} m"}
        prompt = " ".join([self._pick(rng, "valve_scene").format(**fields), self._pick(rng, "valve_ask")])
        explain = ph["valve_explain"].format(**fields, v1=self._num(a1 * h1), v2=self._num(a2 * h2),
                                             v=self._num(a1 * h1 + a2 * h2),
                                             a=f"{a1 + a2} m²", level=f"{self._num(level)} m")
        lines = [ph["fig_valve_tank"].format(tank="T1", area=fields["a1"], level=fields["h1"]),
                 ph["fig_valve_tank"].format(tank="T2", area=fields["a2"], level=fields["h2"]), ph["fig_valve"]]
        alt = ph["alt_valve"]
        return self._item(plan, prompt, explain, options, index, Svg(self._draw_valve(a1, a2, h1, h2, alt),
                                                                     "\n".join(lines), alt),
                          {"areas": [a1, a2], "levels": [str(h1), str(h2)]})

    def _draw_valve(self, a1: int, a2: int, h1: Fraction, h2: Fraction, title: str) -> str:
        body: list[str] = []
        scale, base, x = 22.0, 190.0, 40.0
        for name, area, h in (("T1", a1, h1), ("T2", a2, h2)):
            w = 30 + area * 16
            body.append(dw.rect(x, base - 6.8 * scale, w, 6.8 * scale, fill="none", width=2))
            body.append(dw.rect(x, base - float(h) * scale, w, float(h) * scale, fill="#cfe3f7", width=0.5))
            body.append(dw.text(x + w / 2, base + 34, self.ph["svg_floor"].format(tank=name, area=f"{area} m²"), 11))
            body.append(dw.text(x + w / 2, base - float(h) * scale - 6, f"{self._num(h)} m", 11))
            if name == "T1":
                pipe_from = x + w
                x += w + 90
            else:
                pipe_to = x
        body.append(dw.rect(pipe_from, base - 12, pipe_to - pipe_from, 10, fill="#cfe3f7", width=1.5))
        mid = (pipe_from + pipe_to) / 2
        bowtie = [(mid - 10, base - 20), (mid + 10, base + 6), (mid + 10, base - 20), (mid - 10, base + 6)]
        body.append(dw.polygon(bowtie, fill="#ffffff", width=1.5))
        body.append(dw.text(mid, base + 20, self.ph["svg_valve"], 10))
        return dw.document(x + 30 + a2 * 16 + 40, base + 46, body, title)

    # -- hydraulic press ---------------------------------------------------------------------
    def _press(self, rng: np.random.Generator, plan: dict[str, Any]) -> Item | None:
        ph, m = self.ph, self.ph["mistakes"]
        if plan["diameters"]:
            d = int(rng.integers(1, 6))
            k = int(rng.integers(2, 6))
            small, large = d, d * k  # diameters, cm
            area_ratio = F(k * k)
        else:
            small = (2, 4, 5, 10)[int(rng.integers(4))]
            k = (3, 4, 5, 8, 10, 20)[int(rng.integers(6))]
            large, area_ratio = small * k, F(k)
        lever = F(1)
        arms = None
        if plan["lever"]:
            r = (10, 15, 20)[int(rng.integers(3))]
            lever = F(int(rng.integers(2, 7)))
            arms = (r, int(r * lever))
        hand = int(rng.integers(1, 11)) * 10
        load = hand * lever * area_ratio
        plain = area_ratio if not plan["diameters"] else F(k)  # what the diameter slip gives
        forward = {hand * lever: "press_no_gain", hand * lever / area_ratio: "press_inverted",
                   hand * area_ratio: "press_lever_ignored", hand * area_ratio / lever: "press_lever_inverted"}
        # the area ratio applied twice lands on the far side of the key from the slips above
        forward.setdefault(hand * lever * area_ratio * area_ratio, "press_ratio_twice")
        if area_ratio > 2:  # (A2 - A1) / A1: the extra area only
            forward.setdefault(hand * lever * (area_ratio - 1), "press_extra_area")
        if plan["diameters"]:
            forward[hand * lever * plain] = "press_diameter_ratio"
        else:  # force taken for pressure: times the large area, never divided by the small one
            forward[hand * lever * large] = "press_forgot_small_area"
            forward.setdefault(hand * lever * large * small, "press_areas_multiplied")
        backward = {F(load) * hand / v: n for v, n in forward.items()}
        if not plan["diameters"]:  # the load divided by the large area, never times the small one
            backward = {v: n for v, n in backward.items() if n != "press_forgot_small_area"}
            backward[F(load) / large / lever] = "press_forgot_small_area"
        built = _pick_options(rng, F(load), [("load", F(load), forward), ("force", F(hand), backward)],
                              self.draw)
        if built is None:
            return None
        ask, value, chosen = built
        if any(v.denominator != 1 for v, _ in chosen):
            return None
        opts = [Option(f"{self._num(v)} N", float(v), m[n]) for v, n in chosen]
        options, index = numeric_options(rng, Option(f"{self._num(value)} N", float(value)), opts, len(opts) + 1)
        unit = "cm" if plan["diameters"] else "cm²"
        what = "diameter" if plan["diameters"] else "area"
        fields = {"what": ph[f"what_{what}"], "small": f"{small} {unit}", "large": f"{large} {unit}",
                  "hand": f"{hand} N",
                  "load": f"{self._num(load)} N"}
        lines = [ph["fig_press"].format(**fields)]
        if arms:
            fields.update(r=f"{arms[0]} cm", R=f"{arms[1]} cm")
            lines.append(ph["fig_press_lever"].format(**fields))
        lines.append(ph["fig_press_force" if ask == "load" else "fig_press_load"].format(**fields))
        scene = "press_scene_lever" if arms else "press_scene"
        question = "press_ask_load" if ask == "load" else "press_ask_force"
        prompt = " ".join([self._pick(rng, scene).format(**fields), self._pick(rng, question).format(**fields)])
        steps = [ph["press_explain"]]
        piston = hand * lever
        if arms:
            steps.append(ph["press_step_lever"].format(**fields, piston=f"{self._num(piston)} N",
                                                       ratio=self._num(lever)))
        if plan["diameters"]:
            steps.append(ph["press_step_diameters"].format(k=k, ratio=self._num(area_ratio)))
        steps.append(ph["press_step_area"].format(piston=f"{self._num(piston)} N", ratio=self._num(area_ratio),
                                                  **fields))
        steps.append(ph["press_answer_load" if ask == "load" else "press_answer_force"].format(**fields))
        alt = ph["alt_press"]
        svg = self._draw_press(fields, arms, ask, alt, what == "diameter")
        return self._item(plan, prompt, " ".join(steps), options, index, Svg(svg, "\n".join(lines), alt),
                          {"sizes": [small, large], "size_kind": what, "arms": list(arms) if arms else None,
                           "ask": ask, "hand": hand if ask == "load" else None,
                           "load": int(load) if ask == "force" else None})

    def _draw_press(self, fields: dict[str, str], arms: tuple[int, int] | None, ask: str, title: str,
                    diameters: bool) -> str:
        body: list[str] = []
        sx, sw, lx, lw, top, bottom = 80.0, 24.0, 220.0, 110.0, 150.0, 250.0
        body.append(dw.polygon([(sx, top), (sx, bottom), (lx + lw, bottom), (lx + lw, top), (lx, top),
                                (lx, bottom - 30), (sx + sw, bottom - 30), (sx + sw, top)], fill="#cfe3f7", width=2))
        body.append(dw.rect(sx - 2, top - 8, sw + 4, 12, fill="#888", width=1))
        body.append(dw.rect(lx - 2, top - 8, lw + 4, 12, fill="#888", width=1))
        mark = "⌀ " if diameters else self.ph["svg_area_mark"]
        body.append(dw.text(sx + sw / 2, bottom + 18, self.ph["svg_small"].format(mark=mark, size=fields["small"]), 11))
        body.append(dw.text(lx + lw / 2, bottom + 18, self.ph["svg_large"].format(mark=mark, size=fields["large"]), 11))
        load = fields["load"] if ask == "force" else "?"
        box_w = max(lw - 16, dw.text_width(f"W = {load}", 12, "bold") + 16)  # the load's figure fits inside
        body.append(dw.rect(lx + lw / 2 - box_w / 2, top - 48, box_w, 40, fill="#9db4d0", width=1.5))
        body.append(dw.text(lx + lw / 2, top - 24, f"W = {load}", 12, weight="bold"))
        force = fields["hand"] if ask == "load" else "?"
        cx = sx + sw / 2
        if arms is None:
            body.append(dw.line(cx, top - 70, cx, top - 12, 2.5, arrow=True))
            body.append(dw.text(cx, top - 76, f"F = {force}", 12, weight="bold"))
            return dw.document(360, bottom + 34, body, title)
        pivot_x = cx - 40.0
        hand_x = pivot_x + 125.0
        bar_y = top - 40
        body.append(dw.polygon([(pivot_x, bar_y), (pivot_x - 9, bar_y + 16), (pivot_x + 9, bar_y + 16)],
                               fill="#777", width=1))
        body.append(dw.line(pivot_x, bar_y, hand_x, bar_y, 5))
        body.append(dw.line(cx, bar_y, cx, top - 8, 3))
        body.append(dw.line(hand_x, bar_y - 50, hand_x, bar_y - 4, 2.5, arrow=True))
        body.append(dw.text(hand_x, bar_y - 56, f"F = {force}", 12, weight="bold"))
        body.append(dw.line(pivot_x, bar_y - 16, cx, bar_y - 16, 1))
        body.append(dw.text((pivot_x + cx) / 2, bar_y - 20, fields["r"], 10))
        body.append(dw.line(pivot_x, bar_y - 34, hand_x - 8, bar_y - 34, 1))
        body.append(dw.text((pivot_x + hand_x) / 2 + 10, bar_y - 38, fields["R"], 10))
        pivot = self.ph["svg_pivot"]
        if dw.text_width(pivot, 10) <= 40:  # centred under the pivot ("pivot")
            body.append(dw.text(pivot_x, bar_y + 30, pivot, 10))
        else:  # a longer word ("dreiepunkt") ends under the pivot, clear of the small cylinder
            body.append(dw.text(pivot_x + 12, bar_y + 30, pivot, 10, anchor="end"))
        return dw.document(380, bottom + 44, ['<g transform="translate(0,10)">', *body, "</g>"], title)

    # -- check -------------------------------------------------------------------------------
    def check_extra(self, item: Item, kind: str) -> set[str]:
        """The true option text for an extra kind, by a route of its own."""
        p, ph = item.params, self.ph
        where = item.id or item.family
        if kind == "vessel_points":
            if not p["connected"]:
                raise ItemCheckError(f"item {where}: the vessels must be connected")
            # one open surface for all: pressure = ρ g (level − height); rank the points by pressure
            pressure = {name: 1000 * 10 * F(int(p["level"]) - int(h), 100) for name, _, h in p["points"]}
            if any(v <= 0 for v in pressure.values()):
                raise ItemCheckError(f"item {where}: a point is above the water")
            top = max(pressure.values())
            winners = [n for n, v in pressure.items() if v == top]
            if len(winners) != 1:
                raise ItemCheckError(f"item {where}: several points share the greatest pressure")
            return {ph["opt_point"].format(name=winners[0])}
        if kind == "closed_vessel":
            closed = [name for name, _, is_open in p["vessels"] if not is_open]
            if not p["connected"] or len(closed) != 1 or closed[0] == p["poured"]:
                raise ItemCheckError(f"item {where}: exactly one vessel, not the one poured into, must be sealed")
            # the open ones share one level (atmosphere on every surface); the sealed one's air is
            # squeezed above atmospheric pressure, so its surface stays below that level
            return {ph["opt_vessel"].format(name=closed[0])}
        if kind == "u_tube":
            # pressure balance at the interface: ρp × h = ρb × h_b; the taller column is the lighter
            poured_column = F(1)
            base_column = poured_column * int(p["rho_poured"]) / int(p["rho_base"])
            if base_column == poured_column:
                return {ph["opt_u_same"]}
            arm = p["arm"] if poured_column > base_column else ("B" if p["arm"] == "A" else "A")
            return {ph["opt_u_higher"].format(arm=arm)}
        if kind == "u_tube_height":
            g, rho = 10, int(p["rho_poured"])
            if p["ask"] == "diff":
                oil = F(p["oil"]) / 100  # metres
                pressure = rho * g * oil  # at the interface, from the oil arm
                water = pressure / (WATER * g)
                return {f"{self._num((oil - water) * 100)} cm"}
            water = F(p["water"]) / 100
            pressure = WATER * g * water
            return {f"{self._num(pressure / (rho * g) * 100)} cm"}
        if kind == "valve":
            (a1, a2), (h1, h2) = p["areas"], [F(x) for x in p["levels"]]
            # water flows from the higher tank until the levels meet: it loses a1 × drop, the other
            # gains a2 × rise, with drop + rise = h1 - h2
            drop = (h1 - h2) * F(a2, a1 + a2)
            return {f"{self._num(h1 - drop)} m"}
        if kind == "press":
            small, large = (int(x) for x in p["sizes"])
            area_small, area_large = (F(small * small), F(large * large)) if p["size_kind"] == "diameter" \
                else (F(small), F(large))  # π/4 cancels in the pressure
            arms = p["arms"]
            if p["ask"] == "load":
                piston = F(int(p["hand"])) * (F(arms[1], arms[0]) if arms else 1)  # moments about the pivot
                return {f"{self._num(piston / area_small * area_large)} N"}
            piston = F(int(p["load"])) / area_large * area_small
            return {f"{self._num(piston * (F(arms[0], arms[1]) if arms else 1))} N"}
        raise ItemCheckError(f"item {where}: unknown kind {kind!r}")
