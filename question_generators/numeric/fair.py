"""Option sets that give nothing away: the key's rank uniform, and the key no more often the
option most like the others than chance."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from question_generators.item import Option

# A candidate distractor: its value and its named mistake (text, or a function that makes it).
Cand = tuple[float, "str | Callable[[], str]"]

# Share of items whose most plausible option set is kept as drawn even when the key is the option
# most like the others; every other item takes the most plausible set in which it is not. Measured
# over 2,000 items per family (issue 14): the natural sets make the key the most alike in about
# 40 % of items; keeping a few of them (and the sets where no other set serves) leaves it the
# most alike about as often as chance.
KEEP_NATURAL = 0.15
MAX_SETS = 60  # option sets tried before the most plausible one is kept anyway


def _digits(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in text:
        if "0" <= c <= "9":
            out[c] = out.get(c, 0) + 1
    return out


def _bigrams(text: str) -> dict[str, int]:
    t = " ".join(text.lower().split())
    out: dict[str, int] = {}
    for i in range(len(t) - 1):
        g = t[i:i + 2]
        out[g] = out.get(g, 0) + 1
    return out


def _jaccard(a: dict[str, int], b: dict[str, int]) -> float:
    """Multiset Jaccard (shared count over the count of the union), as the realism audit counts."""
    inter = 0
    for k, n in a.items():
        m = b.get(k)
        if m:
            inter += n if n < m else m
    union = sum(a.values()) + sum(b.values()) - inter
    return inter / union if union else 0.0


class Alike:
    """Pairwise likeness of option texts, computed on demand and memoised for one item."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.feats = [(_digits(t), _bigrams(t)) for t in texts]
        self.memo: dict[tuple[int, int], tuple[float, float]] = {}

    def pair(self, i: int, j: int) -> tuple[float, float]:
        key = (i, j) if i < j else (j, i)
        got = self.memo.get(key)
        if got is None:
            (da, ba), (db, bb) = self.feats[i], self.feats[j]
            got = self.memo[key] = (_jaccard(da, db), _jaccard(ba, bb))
        return got

    def length_cue(self, members: Sequence[int], key: int) -> bool:
        """Whether the key is alone the shortest or the longest text (a clean key among less
        round mistakes), or the shortest with one other."""
        n = len(self.texts[key])
        others = [len(self.texts[i]) for i in members if i != key]
        low = min(others)
        return n < low or n > max(others) or (n == low and others.count(n) == 1)

    def key_most_alike(self, members: Sequence[int], key: int) -> bool:
        """Whether the key is (or ties for) the option most like the others, by digits or bigrams,
        or is alone the shortest or the longest text (clean keys among less round mistakes)."""
        if self.length_cue(members, key):
            return True
        sums = {i: [0.0, 0.0] for i in members}
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                d, b = self.pair(i, j)
                sums[i][0] += d
                sums[j][0] += d
                sums[i][1] += b
                sums[j][1] += b
        for f in (0, 1):
            top = max(s[f] for s in sums.values())
            if sums[key][f] >= top - 1e-12:
                return True
        return False


def fair_arrange(u_rank: float, u_alike: float, key: float, key_text: str, cands: Sequence[Cand],
                 fmt: Callable[[float], str], count: int = 5,
                 apart: Callable[[float, float], bool] | None = None,
                 generic: frozenset[str] | set[str] = frozenset(), pool: int = 10,
                 strict: bool = True, echoes: Sequence[tuple[float, str]] = (),
                 keep: float = KEEP_NATURAL, joiner: str = ", and "
                 ) -> tuple[tuple[Option, ...], int] | None:
    """Ascending numeric options with the key at the rank `u_rank` draws, the distractors the most
    plausible candidates (in the order given) that leave the key not the option most like the
    others (unless `u_alike` < `keep` keeps the natural set). Candidates showing the same text as an earlier
    one, or not `apart` from one kept, are dropped; at most one candidate whose mistake is in
    `generic` (a decimal slip, which fits any question) is used, and at most one of each group
    when candidates are (value, mistake, group). Callers drop candidates that cannot be shown
    (negative, zero). None when the drawn rank cannot
    be filled and `strict` (the caller redraws), else the nearest rank that can be.

    `echoes` (factor, slip wording) add, after the candidates, the first two named mistakes with
    a decimal slip as well ("added the hours, and put the decimal point one place too far
    right"): a distractor made from another distractor, so that the options cluster around a
    wrong value as often as around the key (ITEMS.md, convergence); `joiner` joins the two
    wordings (the language's ", and ")."""
    if echoes:
        named = [c for c in cands if not (c[1].__class__ is str and c[1] in generic)][:2]
        cands = [*cands, *((v * f, _joined(m, slip, joiner)) for v, m in named for f, slip in echoes)]
    texts = [key_text]
    values = [key]
    mistakes: list = [None]
    groups: list = [None]
    for cand in cands:
        value, mistake = cand[0], cand[1]
        text = fmt(value)
        if text in texts:
            continue
        if apart is not None and not all(apart(value, v) for v in values):
            continue
        texts.append(text)
        values.append(value)
        mistakes.append(mistake)
        groups.append(cand[2] if len(cand) > 2 else None)  # type: ignore[misc]
        if len(texts) > pool:
            break
    below = [i for i in range(1, len(values)) if values[i] < key]
    above = [i for i in range(1, len(values)) if values[i] > key]
    need = count - 1
    rank = int(u_rank * count)
    if len(below) + len(above) < need:
        return None
    if len(below) < rank or len(above) < need - rank:
        if strict:
            return None
        rank = min(max(rank, need - len(above)), len(below))
    is_generic = [m in generic if m.__class__ is str else False for m in mistakes]
    if any(g is not None for g in groups):  # at most one mistake of each group: a group counts as a slip
        is_generic = [g if g is not None else b for g, b in zip(groups, is_generic, strict=True)]
    alike = Alike(texts)
    first = _choose(alike, below, above, rank, need, is_generic, 1, u_alike, keep)
    if first is None and not strict:  # the drawn rank needs two slips: the nearest rank that does not
        for other in sorted(range(count), key=lambda r: abs(r - rank)):
            if len(below) >= other and len(above) >= need - other:
                first = _choose(alike, below, above, other, need, is_generic, 1, u_alike, keep)
                if first is not None:
                    break
    if first is None:
        return None
    order = sorted(first, key=lambda i: values[i])
    options = []
    for i in order:
        m = mistakes[i]
        options.append(Option(texts[i], float(values[i]), None if i == 0 else (m if m.__class__ is str else m())))
    return tuple(options), order.index(0)


def _choose(alike: Alike, below: list[int], above: list[int], rank: int, need: int, is_generic: list[bool],
            most_generic: int, u_alike: float, keep: float) -> tuple[int, ...] | None:
    """The most plausible option set (key first) at the rank, preferring one whose key is not
    the option most like the others; None when no set has at most `most_generic` slips."""
    first = None
    tried = 0
    for low in combinations(below, rank):
        for high in combinations(above, need - rank):
            members = (0, *low, *high)
            if _too_many(is_generic, members, most_generic):
                continue
            if first is None:
                first = members
            if u_alike < keep and not alike.length_cue(members, 0):
                return members
            if not alike.key_most_alike(members, 0):
                return members
            tried += 1
            if tried >= MAX_SETS:
                return first
    return first


def _joined(mistake: str | Callable[[], str], slip: str, joiner: str = ", and ") -> Callable[[], str]:
    def text() -> str:
        return f"{mistake if mistake.__class__ is str else mistake()}{joiner}{slip}"  # type: ignore[operator]
    return text


def _too_many(marks: list, members: tuple[int, ...], most_generic: int) -> bool:
    """More than `most_generic` generic slips (marks True), or two members of one group (marks str)."""
    slips = 0
    seen: set = set()
    for i in members:
        mark = marks[i]
        if mark is True:
            slips += 1
        elif mark.__class__ is str:
            if mark in seen:
                return True
            seen.add(mark)
    return slips > most_generic
