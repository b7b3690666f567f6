"""The item contract: one immutable value per question, whatever its family."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from question_generators.display import format_number, parse_number
from question_generators.errors import InvalidResponseError, SecondroundError
from question_generators.figures import Figure, figure_from_dict

LETTERS = "ABCDEFGH"
SECTIONS = ("numerical", "verbal", "logical", "abstract", "spatial", "checking", "technical")
DIFFICULTY_RANGE = (-4.0, 4.0)  # the IRT logit scale; about -3 very easy to +3 very hard

_ID_RE = re.compile(r"^(?P<family>[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*)/v(?P<version>\d+)/"
                    r"(?P<difficulty>[+-]\d+\.\d\d)/(?P<seed>[0-9a-f]{1,16})"
                    r"(?:/t(?P<stimulus>[0-9a-f]{1,16})\.(?P<question>\d{1,3}))?(?:@(?P<lang>[a-z]{2,3}))?$")


@dataclass(frozen=True, slots=True)
class Option:
    """One answer option. `mistake` names the error that leads a candidate to it (None for the key)."""

    text: str
    value: float | None = None
    mistake: str | None = None


@dataclass(frozen=True, slots=True)
class NumericEntry:
    """A free numeric answer: correct when within `tolerance` of `value`, in `unit`."""

    value: float
    tolerance: float
    unit: str = ""
    decimals: int = 0


@dataclass(frozen=True, slots=True)
class ItemId:
    """The parts of an item id: enough to regenerate the item exactly."""

    family: str
    version: int
    difficulty: float
    seed: int
    stimulus: int | None = None  # a testlet's shared-material seed ...
    question: int = 0  # ... and this item's number within the testlet
    lang: str = "en"  # written "@nb" at the end when not English: the language regenerates too

    def __str__(self) -> str:
        text = f"{self.family}/v{self.version}/{self.difficulty:+.2f}/{self.seed:012x}"
        text = text if self.stimulus is None else f"{text}/t{self.stimulus:012x}.{self.question}"
        return text if self.lang == "en" else f"{text}@{self.lang}"

    @classmethod
    def parse(cls, text: str) -> ItemId:
        match = _ID_RE.match(text.strip())
        if not match:
            raise SecondroundError(f"not an item id: {text!r} (expected FAMILY/vN/+D.DD/SEED, "
                                   "e.g. numeric.series/v1/+0.50/00c0ffee1234)")
        stimulus = match["stimulus"]
        return cls(match["family"], int(match["version"]), float(match["difficulty"]),
                   int(match["seed"], 16), None if stimulus is None else int(stimulus, 16),
                   int(match["question"] or 0), match["lang"] or "en")


@dataclass(frozen=True)
class Item:
    """A generated question with its key, worked explanation, IRT parameters and provenance."""

    family: str
    section: str
    prompt: str
    explanation: str
    difficulty: float  # IRT b, from the generator's documented difficulty model
    discrimination: float  # IRT a
    time_s: float  # typical time to answer, in seconds
    options: tuple[Option, ...] = ()
    key: int | None = None  # index into options; None for a numeric entry
    entry: NumericEntry | None = None
    figure: Figure | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    stimulus: str = ""  # items sharing a data set or passage (a testlet) share this label
    lang: str = "en"
    id: str = ""  # stamped by the registry: family/version/difficulty/seed

    # -- answers ---------------------------------------------------------------------------
    @property
    def is_choice(self) -> bool:
        return self.entry is None

    @property
    def key_letter(self) -> str:
        """The key as the candidate types it: a letter, or the number for an entry item."""
        if self.entry is not None:
            return format_number(self.entry.value, self.entry.decimals, group=False)
        assert self.key is not None
        return LETTERS[self.key]

    @property
    def key_text(self) -> str:
        """The key as shown in a review: 'C) 42' or '12.5 km'."""
        if self.entry is not None:
            unit = f" {self.entry.unit}" if self.entry.unit else ""
            return format_number(self.entry.value, self.entry.decimals, self.lang) + unit
        assert self.key is not None
        return f"{LETTERS[self.key]}) {self.options[self.key].text}"

    @property
    def guessing(self) -> float:
        """Chance of a blind guess being right: 1/k for k options, 0 for a numeric entry."""
        return 1.0 / len(self.options) if self.options else 0.0

    def normalize_response(self, text: str) -> str:
        """Turn what the candidate typed into the stored form (an upper-case letter or a number)."""
        raw = text.strip()
        if self.entry is None:
            letter = raw.upper().rstrip(")")
            if len(letter) == 1 and letter in LETTERS[: len(self.options)]:
                return letter
            last = LETTERS[len(self.options) - 1]
            raise InvalidResponseError(f"{raw!r} is not an option: answer with a letter from A to {last}",
                                       key="answer.not_option", answer=raw, last=last)
        try:
            value = parse_number(raw, self.lang)
        except (ValueError, ZeroDivisionError, IndexError, OverflowError):  # 10**400/1 overflows a float
            raise InvalidResponseError(f"{raw!r} is not a number", key="answer.not_number", answer=raw) from None
        if not math.isfinite(value):
            raise InvalidResponseError(f"{raw!r} is not a number", key="answer.not_number", answer=raw)
        return format_number(value, None, group=False)

    def grade(self, response: str | None) -> bool:
        """True when a stored (normalized) response is correct; None or '' is not correct."""
        if not response:
            return False
        if self.entry is not None:
            try:
                value = float(response)
            except ValueError:
                return False
            return abs(value - self.entry.value) <= self.entry.tolerance + 1e-9
        return response == LETTERS[self.key or 0] if self.key is not None else False

    def mistake_for(self, response: str | None) -> str | None:
        """The named mistake behind a chosen distractor, when the generator knows it."""
        if self.entry is not None or not response or response not in LETTERS[: len(self.options)]:
            return None
        return self.options[LETTERS.index(response)].mistake

    # -- identity --------------------------------------------------------------------------
    def fingerprint(self) -> str:
        """A hash of the item's content: equal content means the same item, whatever the id, the
        wording or the option order.

        A family that knows what makes two of its items the same (the numbers, the terms, the
        series, the figure's attributes, the option set) writes it to `params["content"]` as one
        canonical string; otherwise the prompt, the option texts in sorted order and the figure
        stand in for it. "Seen before" (the store) and "already in this form" (assembly) compare this."""
        content = self.params.get("content") if self.params else None
        if isinstance(content, str) and content:
            parts = [self.family, "content", content]
        else:
            parts = [self.family, self.prompt, *sorted(o.text for o in self.options),
                     self.figure.to_text() if self.figure is not None else "",
                     self.entry.unit if self.entry else ""]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:20]

    def repeat_keys(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The form-level repeat rules this item takes part in: (`once` keys, `spread` keys).

        `params["once"]` keys occur at most once in a form ("key#N": at most N times), e.g. one
        sentence frame, one calculation, one operation on one table. `params["spread"]` keys (a rule
        type) are kept five slots apart within a blueprint part and never adjacent in a section."""
        params = self.params or {}
        once = params.get("once") or ()
        spread = params.get("spread") or ()
        if isinstance(once, str):
            once = (once,)
        if isinstance(spread, str):
            spread = (spread,)
        return tuple(str(k) for k in once), tuple(str(k) for k in spread)

    def with_id(self, item_id: ItemId) -> Item:
        return replace(self, id=str(item_id))

    # -- JSON ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "family": self.family, "section": self.section, "lang": self.lang,
            "stimulus": self.stimulus, "prompt": self.prompt,
            "figure": self.figure.to_dict() if self.figure is not None else None,
            # Numbers as floats, as from_dict reads them: form -> JSON -> form -> JSON is byte-identical.
            "options": [{"text": o.text, "value": None if o.value is None else float(o.value), "mistake": o.mistake}
                        for o in self.options],
            "key": self.key,
            "entry": None if self.entry is None else {
                "value": float(self.entry.value), "tolerance": float(self.entry.tolerance),
                "unit": self.entry.unit, "decimals": self.entry.decimals},
            "explanation": self.explanation, "difficulty": float(self.difficulty),
            "discrimination": float(self.discrimination), "time_s": float(self.time_s),
            "params": dict(self.params),
        }
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Item:
        """Rebuild an item from JSON; missing or mistyped fields raise a SecondroundError."""
        try:
            entry = data.get("entry")
            figure = data.get("figure")
            item = cls(
                id=str(data["id"]), family=str(data["family"]), section=str(data["section"]),
                lang=str(data.get("lang", "en")), stimulus=str(data.get("stimulus", "")),
                prompt=str(data["prompt"]),
                figure=figure_from_dict(figure) if figure else None,
                options=tuple(Option(str(o["text"]), None if o.get("value") is None else float(o["value"]),
                                     o.get("mistake")) for o in data.get("options", [])),
                key=None if data.get("key") is None else int(data["key"]),
                entry=None if not entry else NumericEntry(float(entry["value"]), float(entry["tolerance"]),
                                                          str(entry.get("unit", "")), int(entry.get("decimals", 0))),
                explanation=str(data["explanation"]), difficulty=float(data["difficulty"]),
                discrimination=float(data["discrimination"]), time_s=float(data["time_s"]),
                params=dict(data.get("params", {})),
            )
        except SecondroundError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise SecondroundError(f"malformed item {data.get('id', '?') if isinstance(data, Mapping) else '?'}: "
                                   f"{type(exc).__name__} {exc}") from None
        validate_shape(item)
        return item


def validate_shape(item: Item) -> None:
    """The structural promises every item keeps, whatever its family (cheap; no key re-derivation)."""
    where = item.id or item.family
    if item.section not in SECTIONS:
        raise SecondroundError(f"item {where}: unknown section {item.section!r}")
    if (item.entry is None) == (item.key is None):
        raise SecondroundError(f"item {where}: needs either a key option or a numeric entry, not both")
    if item.entry is None:
        if not 2 <= len(item.options) <= len(LETTERS):
            raise SecondroundError(f"item {where}: {len(item.options)} options (2 to {len(LETTERS)} allowed)")
        if not 0 <= (item.key or 0) < len(item.options):
            raise SecondroundError(f"item {where}: key {item.key} is not an option index")
    if not item.prompt.strip() or not item.explanation.strip():
        raise SecondroundError(f"item {where}: prompt and explanation must not be empty")
    lo, hi = DIFFICULTY_RANGE
    if not lo <= item.difficulty <= hi or item.discrimination <= 0 or item.time_s <= 0:
        raise SecondroundError(f"item {where}: difficulty, discrimination or time out of range")
