"""Adaptive sessions: each next item is generated at the difficulty most informative for the
current ability estimate, until the estimate is precise enough or the test reaches its length.

The policy (one code path for the terminal, `resume` and `secondround simulate`):
- the first item is aimed at medium difficulty (theta = 0, the prior mean);
- after every answer theta is re-estimated by EAP over the items given so far (engine.irt);
- the next family comes from the blueprint's parts, in proportion to their counts (a smooth
  weighted round robin, so 9 + 9 alternates and 2 + 1 goes A, B, A, A, B, A ...);
- the target is where that family's item is most informative: theta for a 2PL item, and for a
  3PL item (c = 1/k) a little below theta, since its information peaks at
  b + ln((1 + sqrt(1 + 8c)) / 2) / a; a small seeded jitter (SD 0.3) keeps first items different
  for everyone; the calibrated family offset is taken off, so the generator is asked for the b
  that lands on target. The item then has whatever b its own difficulty model gives it;
- stop after max_items, or once the SE is at most se_target after at least min_items.

Storage: an adaptive sitting is a session like any other whose form row holds the items given so
far plus the plan (JSON key "adaptive"). Each new item is appended, form row and response row in
one transaction, before it is shown; an item is generated from a seed derived from the session
seed and its position, so a resume after a crash regenerates the same next item from the same
answers. Reports and history read the form row as an ordinary form."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from engine import irt
from engine.blueprints import Blueprint
from engine.forms import (
    MAX_DUPLICATE_REDRAWS,
    FormSection,
    RepeatLedger,
    TestForm,
    form_id_of,
    item_seed,
    spread_window,
)
from engine.i18n import t
from engine.session import ItemState, Session, SessionError
from engine.store import Store
from question_generators.errors import SecondroundError
from question_generators.item import Item

ADAPTIVE_STREAM = 2**21  # spawn key of the target jitter: never a slot or an attempt number
JITTER_SD = 0.3
TARGET_RANGE = (-3.5, 3.5)


@dataclass(frozen=True, slots=True)
class AdaptivePlan:
    """What an adaptive sitting needs from its blueprint, kept with the session."""

    blueprint: str
    title: str
    seed: int
    families: tuple[tuple[str, int], ...]  # (family, weight: its count in the blueprint)
    max_items: int
    min_items: int
    se_target: float
    time_limit_s: int
    lang: str = "en"  # the language the items are written in, where their family writes it

    @classmethod
    def from_blueprint(cls, blueprint: Blueprint, seed: int, lang: str = "en") -> AdaptivePlan:
        weights: dict[str, int] = {}
        for section in blueprint.sections:
            for part in section.parts:
                weights[part.family] = weights.get(part.family, 0) + part.count
        spec = blueprint.adaptive
        if spec.minutes is not None:
            limit = round(spec.minutes * 60)
        else:  # the blueprint's own pace per item, for the longest adaptive test
            limit = 60 * max(1, round(blueprint.time_limit_s * spec.max_items / blueprint.count / 60))
        return cls(blueprint.name, blueprint.title, seed, tuple(weights.items()), spec.max_items,
                   spec.min_items, spec.se_target, limit, lang)

    def to_dict(self) -> dict[str, Any]:
        return {"blueprint": self.blueprint, "title": self.title, "seed": self.seed,
                "families": [list(f) for f in self.families], "max_items": self.max_items,
                "min_items": self.min_items, "se_target": self.se_target, "time_limit_s": self.time_limit_s,
                **({"lang": self.lang} if self.lang != "en" else {})}  # English plans as they always were

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AdaptivePlan:
        try:
            return cls(str(data["blueprint"]), str(data["title"]), int(data["seed"]),
                       tuple((str(f), int(w)) for f, w in data["families"]), int(data["max_items"]),
                       int(data["min_items"]), float(data["se_target"]), int(data["time_limit_s"]),
                       str(data.get("lang", "en")))
        except (KeyError, TypeError, ValueError):
            raise SessionError(t("adaptive.bad_plan")) from None


# -- the policy ----------------------------------------------------------------------------------
def next_family(plan: AdaptivePlan, used: Sequence[str]) -> str:
    """The family whose share of the items so far lags its blueprint weight the most."""
    total = sum(w for _, w in plan.families)
    n = len(used) + 1
    return max(plan.families, key=lambda fw: fw[1] * n / total - used.count(fw[0]))[0]


@cache
def typical_parameters(family: str) -> tuple[float, float]:
    """A family's usual (a, c), from one probe item at medium difficulty (cached per process)."""
    from question_generators.registry import make_item

    probe = make_item(family, 0.0, 0, check=False)
    return probe.discrimination, probe.guessing


def target_difficulty(plan: AdaptivePlan, position: int, theta: float, family: str,
                      calibration: Mapping[str, tuple[float, float]] | None = None) -> float:
    """The difficulty to ask the family's generator for: most informative at theta, jittered."""
    a, c = typical_parameters(family)
    offset, scale = (calibration or {}).get(family, (0.0, 1.0))
    rng = np.random.default_rng(np.random.SeedSequence(entropy=plan.seed, spawn_key=(ADAPTIVE_STREAM, position)))
    b = theta - irt.max_information_shift(a * scale, c) + rng.normal(0.0, JITTER_SD) - offset
    low, high = family_target_range(family)
    return round(min(high, max(low, b)), 2)


def family_target_range(family: str) -> tuple[float, float]:
    """The targets an adaptive test may ask of a family: its calibrated range within TARGET_RANGE."""
    from question_generators.registry import difficulty_range

    low, high = difficulty_range(family)
    return max(TARGET_RANGE[0], low), min(TARGET_RANGE[1], high)


def range_notes(families: Sequence[str]) -> list[str]:
    """One note per family whose range is narrower than the scale: its items stop at the limit."""
    notes = []
    for family in sorted(set(families)):
        low, high = family_target_range(family)
        if high < 2.5:
            notes.append(t("adaptive.range_high", family=family, limit=f"{high:+.2f}"))
        if low > -2.5:
            notes.append(t("adaptive.range_low", family=family, limit=f"{low:+.2f}"))
    return notes


def generate(plan: AdaptivePlan, position: int, family: str, difficulty: float, exclude: set[str],
             check: bool = True, previous: Sequence[Item] = ()) -> Item:
    """The item of one position: seeded by (session seed, position, attempt), redrawn while seen
    or while it breaks a form-level repeat rule against the sitting's `previous` items (one
    sentence frame, one calculation; rule types kept apart, as in a fixed form)."""
    from question_generators.registry import make_item

    ledger = RepeatLedger(exclude)
    for earlier in previous:
        ledger.add(earlier)
    for attempt in range(MAX_DUPLICATE_REDRAWS):
        item = make_item(family, difficulty, item_seed(plan.seed, position, attempt), check=check, lang=plan.lang)
        if ledger.allows(item, spread_window(attempt)):
            return item
    raise SecondroundError(t("form.too_few_items", family=family, difficulty=difficulty,
                             tries=MAX_DUPLICATE_REDRAWS))


def estimate(items: Sequence[Item], coded: Sequence[float],
             calibration: Mapping[str, tuple[float, float]] | None = None) -> tuple[float, float]:
    """EAP theta and SE from the items given so far (coded 1, 0 or NaN, see irt.code_response)."""
    if not items:
        return 0.0, 1.0
    theta, se = irt.eap(np.asarray(coded, float)[None, :], irt.item_parameters_of(items, calibration))
    return float(theta[0]), float(se[0])


def should_stop(plan: AdaptivePlan, administered: int, se: float) -> bool:
    return administered >= plan.max_items or (administered >= plan.min_items and se <= plan.se_target)


def step(plan: AdaptivePlan, items: Sequence[Item], coded: Sequence[float], exclude: set[str],
         calibration: Mapping[str, tuple[float, float]] | None = None,
         check: bool = True) -> tuple[Item | None, float, float]:
    """One adaptive step: update theta, decide whether to stop, choose the target, generate and
    check the next item. Returns (next item or None when the test is over, theta, SE)."""
    theta, se = estimate(items, coded, calibration)
    administered = int(np.sum(~np.isnan(np.asarray(coded, float)))) if items else 0
    if should_stop(plan, administered, se):
        return None, theta, se
    position = len(items)
    family = next_family(plan, [item.family for item in items])
    item = generate(plan, position, family, target_difficulty(plan, position, theta, family, calibration),
                    exclude, check, items)
    return item, theta, se


def run_examinee(plan: AdaptivePlan, answer: Callable[[Item], bool], exclude: set[str] | None = None,
                 calibration: Mapping[str, tuple[float, float]] | None = None,
                 check: bool = True) -> tuple[list[Item], list[float], float, float]:
    """A whole adaptive sitting with `answer(item) -> correct` (a simulated examinee): the same
    steps as a session, without the terminal or the store."""
    items: list[Item] = []
    coded: list[float] = []
    seen = set() if exclude is None else exclude
    while True:
        item, theta, se = step(plan, items, coded, seen, calibration, check)
        if item is None:
            return items, coded, theta, se
        seen.add(item.fingerprint())
        items.append(item)
        coded.append(1.0 if answer(item) else 0.0)


# -- the session -----------------------------------------------------------------------------------
class AdaptiveSession(Session):
    """A session whose form grows by one generated item after each answer."""

    def __init__(self, store: Store, session_id: int, form: TestForm, plan: AdaptivePlan) -> None:
        super().__init__(store, session_id, form)
        self.plan = plan
        self.form_id = store.session(session_id).form_id
        self.calibration = store.calibration()
        self.exclude = store.seen_fingerprints(self.candidate) | {item.fingerprint() for item in form.items}
        self.theta, self.se = self.current_estimate()

    @classmethod
    def begin(cls, store: Store, blueprint: Blueprint, seed: int, mode: str = "exam",
              candidate: str | None = None, lang: str = "en", source: str = "terminal",
              extra_time: float = 1.0) -> AdaptiveSession:
        from engine.session import MODES

        if mode not in MODES:
            raise SessionError(t("session.bad_mode", modes=", ".join(MODES)))
        plan = AdaptivePlan.from_blueprint(blueprint, seed, lang)
        first, _, _ = step(plan, [], [], store.seen_fingerprints(candidate), store.calibration())
        assert first is not None  # max_items >= 1
        form = _form(plan, (first,))
        form_id = form_id_of(json.dumps(plan.to_dict(), sort_keys=True) + secrets.token_hex(8))
        store.save_form(form_id, plan.blueprint, form.title, seed, _form_json(form, plan))
        session_id = store.create_session(form_id, mode, candidate, lang, [plan.time_limit_s * 1000],
                                          [(0, first.id, first.fingerprint(), first.family)], source=source,
                                          extra_time=extra_time)
        return cls(store, session_id, form, plan)

    @classmethod
    def load(cls, store: Store, session_id: int) -> Session:
        """The session, adaptive or not (so `resume` can use this for any session)."""
        record = store.session(session_id)
        data = json.loads(store.form_json(record.form_id))
        if "adaptive" not in data:
            return Session.load(store, session_id)
        return cls(store, session_id, TestForm.from_dict(data, f"form {record.form_id}"),
                   AdaptivePlan.from_dict(data["adaptive"]))

    def coded(self) -> list[float]:
        return [irt.code_response(s.status, s.correct) for s in self.states]

    def current_estimate(self) -> tuple[float, float]:
        return estimate(self.items, self.coded(), self.calibration)

    @property
    def administered(self) -> int:
        return sum(s.status != "unreached" for s in self.states)

    def pending(self) -> int | None:
        """The position to show now (the last item, while unanswered), or None."""
        last = len(self.states) - 1
        return last if self.states[last].status != "answered" else None

    def extend(self) -> bool:
        """After an answer: update theta and append the next item (committed before it is shown).
        False when the test is over (SE reached or the length used up)."""
        item, self.theta, self.se = step(self.plan, self.items, self.coded(), self.exclude, self.calibration)
        if item is None:
            return False
        position = len(self.items)
        form = _form(self.plan, (*self.items, item))
        self.store.append_item(self.id, self.form_id, _form_json(form, self.plan), position, 0, item.id,
                               item.fingerprint(), item.family)
        self.form, self.items = form, form.items
        self.states.append(ItemState())
        self.exclude.add(item.fingerprint())
        return True

    @property
    def stopped_by_se(self) -> bool:
        return self.administered >= self.plan.min_items and self.se <= self.plan.se_target


def _form(plan: AdaptivePlan, items: tuple[Item, ...]) -> TestForm:
    section = FormSection("adaptive", plan.title, plan.time_limit_s, items)
    return TestForm(blueprint=plan.blueprint, title=t("adaptive.title", title=plan.title), seed=plan.seed,
                    sections=(section,), adaptive=True)


def _form_json(form: TestForm, plan: AdaptivePlan) -> str:
    data = form.to_dict()
    data["adaptive"] = plan.to_dict()
    return json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
