"""Test forms: a blueprint plus a seed assembled into concrete items, saved as deterministic JSON."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine import __version__
from engine.blueprints import Blueprint, ScoringRules, SectionSpec
from engine.i18n import t
from question_generators.errors import SecondroundError
from question_generators.item import Item

FORM_FORMAT = "secondround.form"
FORM_VERSION = 1  # described by engine/schemas/testset.schema.json
CANDIDATE_FORMAT = "secondround.candidate-form"  # `export --format json --for-candidate`: no keys
MAX_DUPLICATE_REDRAWS = 50
TESTLET_STREAM = 2**20  # spawn key of stimulus seeds: never an attempt number
# A form holds at most this many testlets of one stimulus kind (a passage's scenario type, which
# a family names in params["stimulus_kind"]); a testlet over the limit draws another stimulus.
STIMULUS_KIND_LIMIT = 2
STIMULUS_REDRAWS = 40


class FormError(SecondroundError):
    """A test-set file that cannot be read or does not hold a valid form."""


@dataclass(frozen=True, slots=True)
class FormSection:
    name: str
    title: str
    time_limit_s: int
    items: tuple[Item, ...]
    calculator: bool | None = None  # the blueprint's calculator rule; in the JSON only when set


def _section_dict(section: FormSection) -> dict[str, Any]:
    data: dict[str, Any] = {"name": section.name, "title": section.title, "time_limit_s": section.time_limit_s,
                            "items": [item.to_dict() for item in section.items]}
    if section.calculator is not None:  # only when set: forms without the rule keep their bytes and id
        data["calculator"] = section.calculator
    return data


@dataclass(frozen=True, slots=True)
class TestForm:
    """A concrete test: sections of items with their time limits, reproducible from its seed."""

    __test__ = False  # not a pytest class, despite the name

    blueprint: str
    title: str
    seed: int | None
    sections: tuple[FormSection, ...]
    redraws: int = 0  # duplicate (or already seen) items replaced during assembly
    scoring: ScoringRules = field(default_factory=ScoringRules)  # the blueprint's optional extra scores
    notes: tuple[str, ...] = ()  # assembly notes for the user (difficulty clipped); not in the JSON
    adaptive: bool = False  # the items an adaptive sitting gave (its JSON carries the plan)

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    @property
    def form_id(self) -> str:
        """A content hash: the same items in the same order give the same id."""
        return form_id_of(self.to_json())

    def section_of(self, position: int) -> int:
        for index, section in enumerate(self.sections):
            if position < len(section.items):
                return index
            position -= len(section.items)
        raise IndexError(position)

    def to_dict(self) -> dict[str, Any]:
        versions = sorted({item.id.split("/")[0] + "/" + item.id.split("/")[1] for item in self.items})
        data = {
            "format": FORM_FORMAT, "format_version": FORM_VERSION, "generator": f"secondround {__version__}",
            "blueprint": self.blueprint, "title": self.title, "seed": self.seed,
            "families": versions,
            "sections": [_section_dict(s) for s in self.sections],
        }
        if not self.scoring.is_default:  # only when set: forms without rules keep their bytes and id
            data["scoring"] = self.scoring.to_dict()
        return data

    def to_json(self) -> str:
        # sort_keys and a fixed layout: the same form is the same bytes in every process.
        return json.dumps(self.to_dict(), sort_keys=True, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_dict(cls, data: Any, source: str = "form") -> TestForm:
        check_format(data, source)
        sections = data.get("sections")
        if not isinstance(sections, list) or not sections:
            raise FormError(t("form.no_sections", where=source))
        built = []
        for i, section in enumerate(sections):
            where = t("form.where_section", where=source, number=i + 1)
            try:
                items = section["items"]
                limit = section["time_limit_s"]
                if not isinstance(items, list) or not items:
                    raise FormError(t("form.no_items", where=where))
                if isinstance(limit, bool) or not isinstance(limit, int) or limit <= 0:
                    raise FormError(t("form.bad_limit", where=where))
                parsed = []
                for j, raw in enumerate(items):
                    try:
                        parsed.append(Item.from_dict(raw))
                    except SecondroundError as exc:
                        raise FormError(t("form.bad_item", where=where, number=j + 1, error=exc)) from None
                    except OverflowError:  # e.g. an option value of 10**400: no float holds it
                        raise FormError(t("form.bad_item", where=where, number=j + 1,
                                          error=t("safe.huge_number"))) from None
                    problem = _figure_problem(parsed[-1])
                    if problem:
                        raise FormError(t("form.bad_item", where=where, number=j + 1,
                                          error=t("safe.bad_figure", problem=problem)))
                calculator = section.get("calculator")
                built.append(FormSection(str(section["name"]), str(section.get("title", section["name"])),
                                         limit, tuple(parsed),
                                         calculator if isinstance(calculator, bool) else None))
            except (KeyError, TypeError) as exc:
                raise FormError(t("form.bad_field", where=where, field=exc)) from None
        seed = data.get("seed")
        return cls(blueprint=str(data.get("blueprint", "")), title=str(data.get("title", "")),
                   seed=seed if isinstance(seed, int) else None, sections=tuple(built),
                   scoring=_scoring_of(data.get("scoring"), source), adaptive="adaptive" in data)

    @classmethod
    def load(cls, path: str | Path) -> TestForm:
        path = Path(path)
        data = read_form_data(path)
        check_format(data, str(path))
        problems = schema_problems(data)
        if problems:
            more = t("testset.more_problems", count=len(problems) - 1) if len(problems) > 1 else ""
            raise FormError(t("testset.schema", where=path, problem=problems[0], more=more))
        return cls.from_dict(data, str(path))


def read_form_data(path: Path) -> Any:
    """The JSON of a test-set file: size and nesting capped, every failure one clear FormError."""
    from engine.safeio import MAX_FORM_BYTES, InputError, loads_json, read_capped

    try:
        text = read_capped(path, MAX_FORM_BYTES, t("safe.what_form")).decode("utf-8")
    except FileNotFoundError:
        raise FormError(t("form.no_file", path=path)) from None
    except InputError as exc:
        raise FormError(str(exc)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FormError(t("form.unreadable", path=path, error=exc)) from None
    try:
        return loads_json(text, path)
    except json.JSONDecodeError as exc:
        raise FormError(t("form.bad_json", path=path, line=exc.lineno, column=exc.colno, error=exc.msg)) from None
    except InputError as exc:
        raise FormError(str(exc)) from None


def _figure_problem(item: Item) -> str | None:
    """A test-set file is untrusted: an SVG figure must be plain drawing (engine.svgcheck)."""
    from question_generators.figures import Svg

    if not isinstance(item.figure, Svg):
        return None
    from engine.svgcheck import svg_problem

    return svg_problem(item.figure.svg)


def check_format(data: Any, source: str) -> None:
    """The file says what it is and a version this secondround reads, or a clear error."""
    if isinstance(data, dict) and data.get("format") == CANDIDATE_FORMAT:
        raise FormError(t("testset.candidate_copy", where=source))
    if not isinstance(data, dict) or data.get("format") != FORM_FORMAT:
        raise FormError(t("form.not_form", where=source, format=FORM_FORMAT))
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise FormError(t("testset.no_version", where=source, value=repr(version), known=FORM_VERSION))
    if version > FORM_VERSION:
        raise FormError(t("form.newer", where=source, version=repr(version), known=FORM_VERSION))


def schema_problems(data: Any, limit: int = 50) -> list[str]:
    """What breaks the test-set schema, each located as a JSON pointer and in words (section, item, field)."""
    from engine.schema_check import validate

    return [f"{problem.pointer or '/'} ({locate(data, problem.pointer)}): {problem.message}"
            for problem in validate(data, limit=limit)]


def locate(data: Any, pointer: str) -> str:
    """A JSON pointer in a form as people say it: 'section 2, item 7 (number 12 overall), field key'."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    words: list[str] = []
    if len(parts) >= 2 and parts[0] == "sections" and parts[1].isdigit():
        s_index = int(parts[1])
        words.append(t("testset.at_section", number=s_index + 1))
        if len(parts) >= 4 and parts[2] == "items" and parts[3].isdigit():
            sections = data.get("sections", []) if isinstance(data, dict) else []
            before = sum(len(s.get("items", [])) if isinstance(s, dict) and isinstance(s.get("items"), list) else 0
                         for s in sections[:s_index])
            words.append(t("testset.at_item", number=int(parts[3]) + 1, overall=before + int(parts[3]) + 1))
            parts = parts[4:]
        else:
            parts = parts[2:]
    if parts:
        words.append(t("testset.at_field", field=".".join(parts)))
    return ", ".join(words) if words else t("testset.at_top")


def _scoring_of(data: Any, source: str) -> ScoringRules:
    if data is None:
        return ScoringRules()
    try:
        negative, correction = data["negative_marking"], data["guessing_correction"]
        if not isinstance(correction, bool) or isinstance(negative, bool) or not 0 <= float(negative) <= 1:
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise FormError(t("form.bad_field", where=source, field="'scoring'")) from None
    return ScoringRules(float(negative), correction)


def form_id_of(json_text: str) -> str:
    return hashlib.sha256(json_text.encode()).hexdigest()[:16]


def verify_form(form: TestForm) -> None:
    """Re-check every item of a form read from a file: a hand-edited key is caught, not graded."""
    from question_generators.registry import verify

    for number, item in enumerate(form.items, start=1):
        try:
            verify(item)
        except SecondroundError as exc:
            raise FormError(t("form.check_failed", number=number, error=exc)) from None


def item_seed(seed: int, slot: int, attempt: int) -> int:
    """The 48-bit seed of one slot of a form: independent streams via SeedSequence spawn keys."""
    import numpy as np

    words = np.random.SeedSequence(entropy=seed, spawn_key=(slot, attempt)).generate_state(2, np.uint32)
    return (int(words[0]) << 16) ^ int(words[1])  # 48 bits: short ids, collisions negligible


def difficulties(part_difficulty: tuple[float, float], count: int) -> list[float]:
    lo, hi = part_difficulty
    if count == 1:
        return [round((lo + hi) / 2, 2)]
    return [round(lo + (hi - lo) * i / (count - 1), 2) for i in range(count)]


def assemble(blueprint: Blueprint, seed: int, check: bool = True, *,
             exclude: frozenset[str] | set[str] = frozenset(),
             offsets: Mapping[str, tuple[float, float]] | None = None, lang: str = "en") -> TestForm:
    """Build the form of `blueprint` for `seed`: deterministic, every item checked, no repeats.

    `exclude` holds fingerprints (content hashes) the candidate has already seen: such items are
    redrawn like repeats within the form, so the form is deterministic for a given seed and
    exclusion set. The form-level repeat rules of `Item.repeat_keys` are kept too (one sentence
    frame, one calculation, one operation on one table per form; rule types spread out).
    `offsets` are the calibrated (difficulty offset, discrimination scale) per family: a part
    asking for difficulty d asks the family's generator for d - offset, so the item's calibrated
    b is on target. A request outside a family's difficulty range is clipped into it, and the
    form's `notes` say so. Items are written in `lang` by the families that write it, in English by
    the others (the notes name those)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise SecondroundError(t("form.bad_seed", value=repr(seed)))
    ledger = RepeatLedger(set(exclude))
    kinds: dict[str, int] = {}  # stimulus kind: testlets of it in the form so far
    clips = ClipNotes()
    slot = 0
    redraws = 0
    sections = []
    for s_index, spec in enumerate(blueprint.sections):
        items = []
        for part in spec.parts:
            ledger.start_part()
            shift = (offsets or {}).get(part.family, (0.0, 1.0))[0]
            levels = [clips.clip(part.family, level - shift)
                      for level in difficulties(part.difficulty, part.count)]
            for start in range(0, len(levels), part.testlet):
                # One stimulus seed per testlet, drawn from the slot of its first question.
                stimulus = item_seed(seed, slot, TESTLET_STREAM) if part.testlet > 1 else None
                for question, difficulty in enumerate(levels[start:start + part.testlet]):
                    item, extra = _fresh_item(part.family, difficulty, seed, slot, ledger, check, stimulus, question,
                                              lang)
                    if stimulus is not None and question == 0:
                        for attempt in range(1, STIMULUS_REDRAWS + 1):
                            kind = item.params.get("stimulus_kind") if item.params else None
                            if not kind or kinds.get(kind, 0) < STIMULUS_KIND_LIMIT:
                                break
                            stimulus = item_seed(seed, slot, TESTLET_STREAM + attempt)
                            item, more = _fresh_item(part.family, difficulty, seed, slot, ledger, check, stimulus,
                                                     question, lang)
                            extra += more + 1
                        kind = item.params.get("stimulus_kind") if item.params else None
                        if kind:
                            kinds[kind] = kinds.get(kind, 0) + 1
                    redraws += extra
                    ledger.add(item)
                    items.append(item)
                    slot += 1
        sections.append(FormSection(spec.name, spec.title, spec.time_limit_s,
                                    tuple(_order(items, spec, seed, s_index)), spec.calculator))
    return TestForm(blueprint=blueprint.name, title=blueprint.title, seed=seed,
                    sections=tuple(sections), redraws=redraws, scoring=blueprint.scoring,
                    notes=clips.notes() + _language_notes(blueprint, lang))


def _language_notes(blueprint: Blueprint, lang: str) -> tuple[str, ...]:
    """A note naming the families of the blueprint that do not yet write `lang` (their items are
    English), so that a mixed form is never a surprise."""
    if lang == "en":
        return ()
    from question_generators.registry import item_language

    english = sorted({part.family for spec in blueprint.sections for part in spec.parts
                      if item_language(part.family, lang) != lang})
    return (t("form.english_only", families=", ".join(english)),) if english else ()


SPREAD_WINDOW = 5  # two items of one rule type are at least this many slots apart within a part
STRICT_SPREAD_TRIES = 25  # after this many redraws a slot may break the spread rule, never `once`
ADJACENT_SPREAD_TRIES = 40  # ... but not with the type just before it until this many


def spread_window(attempt: int) -> int:
    """How far apart two items of one rule type must be at this redraw: the full window first,
    then at least not back to back (the top of a scale has few rule types), then anything."""
    if attempt < STRICT_SPREAD_TRIES:
        return SPREAD_WINDOW
    return 2 if attempt < ADJACENT_SPREAD_TRIES else 0


def _once_limit(key: str) -> tuple[str, int]:
    """'frame:12#2' -> ('frame:12', 2); a key without '#N' may occur once."""
    name, sep, count = key.rpartition("#")
    if sep and count.isascii() and count.isdigit() and int(count) >= 1:
        return name, int(count)
    return key, 1


class RepeatLedger:
    """What a form (or an adaptive sitting) holds so far: content fingerprints, `once` keys and,
    within the current blueprint part, where each `spread` key last occurred."""

    def __init__(self, seen: set[str] | None = None) -> None:
        self.seen: set[str] = set(seen or ())
        self.once: dict[str, int] = {}
        self.part_slot = 0
        self.last_spread: dict[str, int] = {}

    def start_part(self) -> None:
        self.part_slot = 0
        self.last_spread = {}

    def _once_keys(self, item: Item) -> list[tuple[str, int]]:
        once, _ = item.repeat_keys()
        keys = [_once_limit(k) for k in once]
        cue = item.params.get("cue") if item.params else None
        if cue:  # the word a vocabulary item asks about: no form asks about one word twice
            keys.append((f"cue:{cue}", 1))
        return keys

    def allows(self, item: Item, window: int = SPREAD_WINDOW) -> bool:
        if item.fingerprint() in self.seen:
            return False
        if any(self.once.get(key, 0) >= limit for key, limit in self._once_keys(item)):
            return False
        if window:
            _, spread = item.repeat_keys()
            for key in spread:
                last = self.last_spread.get(key)
                if last is not None and self.part_slot - last < window:
                    return False
        return True

    def add(self, item: Item) -> None:
        self.seen.add(item.fingerprint())
        for key, _ in self._once_keys(item):
            self.once[key] = self.once.get(key, 0) + 1
        for key in item.repeat_keys()[1]:
            self.last_spread[key] = self.part_slot
        self.part_slot += 1


class ClipNotes:
    """Clips requested difficulties into each family's range and remembers how far they went."""

    def __init__(self) -> None:
        self.asked: dict[str, tuple[float, float, float, float]] = {}  # family: lo, hi, min, max

    def clip(self, family: str, difficulty: float) -> float:
        from question_generators.registry import difficulty_range

        lo, hi = difficulty_range(family)
        if lo - 0.005 <= difficulty <= hi + 0.005:
            return difficulty
        low, high = self.asked.get(family, (lo, hi, difficulty, difficulty))[2:]
        self.asked[family] = (lo, hi, min(low, difficulty), max(high, difficulty))
        return round(min(hi, max(lo, difficulty)), 2)

    def notes(self) -> tuple[str, ...]:
        notes = []
        for family, (lo, hi, low, high) in sorted(self.asked.items()):
            if high > hi:
                notes.append(t("form.clipped_high", family=family, limit=f"{hi:+.2f}", asked=f"{high:+.2f}"))
            if low < lo:
                notes.append(t("form.clipped_low", family=family, limit=f"{lo:+.2f}", asked=f"{low:+.2f}"))
        return tuple(notes)


def _fresh_item(family: str, difficulty: float, seed: int, slot: int, ledger: RepeatLedger, check: bool,
                stimulus: int | None, question: int, lang: str = "en") -> tuple[Item, int]:
    """The item of one slot, redrawn (new question seed, same stimulus) while it repeats an earlier
    one or breaks a repeat rule; the spread rule gives way by steps (spread_window)."""
    from question_generators.errors import ItemCheckError, UnknownFamilyError
    from question_generators.registry import make_item

    failed: SecondroundError | None = None
    for attempt in range(MAX_DUPLICATE_REDRAWS):
        try:
            item = make_item(family, difficulty, item_seed(seed, slot, attempt), check=check,
                             stimulus=stimulus, question=question, lang=lang)
        except (ItemCheckError, UnknownFamilyError):
            raise
        except SecondroundError as exc:  # a generator that finds no item at this seed: draw the next seed
            failed = exc
            continue
        if ledger.allows(item, spread_window(attempt)):
            return item, attempt
    if failed is not None:
        raise failed
    raise SecondroundError(t("form.too_few_items", family=family, difficulty=difficulty,
                                     tries=MAX_DUPLICATE_REDRAWS))


def _order(items: list[Item], spec: SectionSpec, seed: int, s_index: int) -> list[Item]:
    """Order a section: ramp (easy to hard), as listed, or shuffled; items of a testlet stay together."""
    if spec.order == "as_listed":
        return items
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(item.stimulus or item.id, []).append(item)
    blocks = list(groups.values())
    if spec.order == "ramp":
        blocks.sort(key=lambda block: (min(i.difficulty for i in block), block[0].id))
    else:
        import numpy as np

        rng = np.random.default_rng(np.random.SeedSequence(entropy=seed, spawn_key=(2**31 - 1, s_index)))
        blocks = [blocks[i] for i in rng.permutation(len(blocks))]
    for _ in range(4):  # a pass can leave a clash that a later move makes fixable: repeat while it helps
        separated = _separate(blocks)
        if separated == blocks:
            break
        blocks = separated
    return [item for block in blocks for item in block]


def _separate(blocks: list[list[Item]]) -> list[list[Item]]:
    """Keep two items that share a `spread` key (one rule type) from standing back to back: a block
    that would follow such a neighbour swaps places with the nearest later block that fits there,
    or, when none does, moves back to the latest earlier gap where it clashes with neither side."""
    def clash(first: list[Item] | None, second: list[Item] | None) -> bool:
        if first is None or second is None:
            return False
        return bool(set(first[-1].repeat_keys()[1]) & set(second[0].repeat_keys()[1]))

    blocks = list(blocks)
    for i in range(1, len(blocks)):
        if not clash(blocks[i - 1], blocks[i]):
            continue
        later = [j for j in range(i + 1, len(blocks))
                 if not clash(blocks[i - 1], blocks[j]) and not clash(blocks[j], blocks[i])]
        if later:
            blocks.insert(i, blocks.pop(later[0]))
            continue
        moving = blocks[i]
        rest = blocks[:i] + blocks[i + 1:]
        after = rest[i] if i < len(rest) else None
        if clash(rest[i - 1], after):
            continue  # taking it out would make another clash: leave it
        for k in range(i - 1, -1, -1):  # insert before rest[k]
            before = rest[k - 1] if k > 0 else None
            if not clash(before, moving) and not clash(moving, rest[k]):
                blocks = [*rest[:k], moving, *rest[k:]]
                break
    return blocks
