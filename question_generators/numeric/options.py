"""Option sets without option-only cues for the data-interpretation and percentage families: the key
at a drawn rank, and the key not the option most like the others (shared digits or characters).

Why: when every distractor is derived from the key (the key times ten, the key over another base),
the key shares the most digits with the rest and a solver who never reads the question picks it
(51 % on percent_ratio before this module, chance 20 %). Here the distractors are chosen from a
pool of named mistakes, most plausible first, among the sets that put the key at the drawn rank;
on most items (`PLAIN` of them excepted, so that "never the most alike" is no cue either) a set is
taken only if some distractor is at least as alike to the others as the key is. The likeness
measures are those of a test-wise solver: the multiset Jaccard overlap of digits and of character
pairs, summed over the other options."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import combinations

from question_generators.item import Option

# Share of items whose set is not screened for likeness (the key is then the most alike about half
# the time, so the most-alike strategy scores about PLAIN / 2 + a little: near chance, not below).
PLAIN = 0.5
SCREEN_TRIES = 6  # sets screened per search at most (the rest cost time and rarely pass)
POOL = 10  # conceptual mistakes kept in the pool (the most plausible first)

Cand = tuple[float, "str | Callable[[], str]"]


def _multiset(items: list[str]) -> frozenset[str]:
    """A multiset as a set: the second occurrence of x is stored as x + "\x01", the third as
    x + "\x02" ..., so that its Jaccard overlap is one set intersection done in C (the realism
    audit's Counter overlap, several times faster)."""
    unique = frozenset(items)
    if len(unique) == len(items):
        return unique
    seen: dict[str, int] = {}
    out = []
    for x in items:
        n = seen.get(x, 0)
        seen[x] = n + 1
        out.append(x + chr(n) if n else x)
    return frozenset(out)


_DIGITS = frozenset("0123456789")
_FEATURES: dict[str, tuple[frozenset, int, frozenset, int]] = {}  # option texts recur: memoised


def _features(text: str) -> tuple[frozenset, int, frozenset, int]:
    got = _FEATURES.get(text)
    if got is None:
        t = " ".join(text.lower().split())
        d = _multiset([c for c in text if c in _DIGITS])
        p = _multiset([t[i:i + 2] for i in range(len(t) - 1)])
        got = (d, len(d), p, len(p))
        if len(_FEATURES) < 65536:
            _FEATURES[text] = got
    return got


class _Likeness:
    """The texts of a pool, for asking whether the key is the option most like the others."""

    __slots__ = ("texts",)

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts

    def key_stands_out(self, members: Sequence[int]) -> bool:
        """Whether member 0 (the key) is the most alike to the others by digits or by characters
        (ties count: a tied solver still finds the key half the time)."""
        feats = [_features(self.texts[m]) for m in members]
        n = len(feats)
        sd = [0.0] * n
        sp = [0.0] * n
        for x in range(n):
            dx, ndx, px, npx = feats[x]
            for y in range(x + 1, n):
                dy, ndy, py, npy = feats[y]
                i = len(dx & dy)
                u = ndx + ndy - i
                if u:
                    sd[x] += i / u
                    sd[y] += i / u
                i = len(px & py)
                u = npx + npy - i
                if u:
                    sp[x] += i / u
                    sp[y] += i / u
        return sd[0] >= max(sd[1:]) - 1e-12 or sp[0] >= max(sp[1:]) - 1e-12


def choose(u_rank: float, u_plain: float, key: float, key_text: str, cands: Sequence[Cand],
           fmt: Callable[[float], str], count: int = 5, min_gap: float = 0.0, strict: bool = True,
           generic: frozenset[str] | set[str] = frozenset(), then: str = "",
           slips: Sequence[tuple[float, str]] = (), plain: float = PLAIN,
           cap: float = float("inf")) -> tuple[tuple[Option, ...], int] | None:
    """Ascending numeric options with the key at the rank `u_rank` draws and, unless `u_plain` <
    `plain`, not the most alike to the others. Candidates (most plausible first) showing the same text
    as an earlier one or closer than `min_gap` are dropped; at most one `generic` mistake (a
    decimal-point slip, which fits any question) is used. With `then` (a format of {mistake} and
    {slip}) and `slips` (factor, slip text), the first mistakes followed by a slip join the pool (at
    most one is used): distractors derived from each other, not all from the key. None when no set puts the key at the
    drawn rank and `strict` (the caller redraws); otherwise the nearest rank is used. Values at or
    above `cap` are left out (no share over 100%)."""
    texts = [key_text]
    shown = {key_text}
    values = [key]
    mistakes: list[str | Callable[[], str]] = [""]
    kinds = [0]  # 0: a conceptual mistake, 1: a slip of the key (generic), 2: a mistake then a slip
    below: list[int] = []  # conceptual mistakes below and above the key, most plausible first
    above: list[int] = []
    need = count - 1
    rank = int(u_rank * count)
    screen = u_plain >= plain
    spare = 1 if screen else 0  # the fast path: as many mistakes as the drawn rank needs (and one
    # more on each side when screening), as most items need no more

    def add(value: float, mistake: str | Callable[[], str], kind: int) -> None:
        if value >= cap:  # beyond what the answer can be (a share over 100%)
            return
        text = fmt(value)
        if text in shown or (min_gap and any(abs(value - v) < min_gap for v in values)):
            return
        i = len(texts)
        texts.append(text)
        shown.add(text)
        values.append(value)
        mistakes.append(mistake)
        kinds.append(kind)
        if not kind:
            (below if value < key else above).append(i)

    like = _Likeness(texts)
    tried = 0
    later: list[Cand] = []
    pos = 0
    for pos, (value, mistake) in enumerate(cands, 1):  # noqa: B007 (pos is used after the loop)
        if mistake in generic:
            later.append((value, mistake))
            continue
        add(value, mistake, 0)
        if len(below) >= rank + spare and len(above) >= need - rank + spare:
            break
    else:
        pos = len(cands)
    if len(below) >= rank and len(above) >= need - rank:
        for low in combinations(below, rank):
            for high in combinations(above, need - rank):
                combo = low + high
                if not screen or not like.key_stands_out((0, *combo)):
                    return _options(combo, texts, values, mistakes)
                tried += 1
                if tried >= SCREEN_TRIES:
                    break
            if tried >= SCREEN_TRIES:
                break
    # The full pool: more conceptual mistakes, one slip of the key, mistakes followed by a slip.
    for value, mistake in (*cands[pos:], *later):
        if mistake in generic:
            add(value, mistake, 1)
        elif len(below) + len(above) < POOL:
            add(value, mistake, 0)
    found = _search(like, texts, values, mistakes, kinds, below, above, key, rank, need, count, strict, screen,
                    final=not (then and slips))
    if found is not None or not (then and slips):
        return found
    firsts = [c for c in cands[:4] if c[1] not in generic][:3]
    for value, mistake in firsts:
        for factor, slip in slips:
            add(value * factor, _then(then, mistake, slip), 2)
    return _search(like, texts, values, mistakes, kinds, below, above, key, rank, need, count, strict, screen,
                   final=True)


def _search(like: _Likeness, texts: list[str], values: list[float], mistakes: list, kinds: list[int],
            below: list[int], above: list[int], key: float, rank: int, need: int, count: int, strict: bool,
            screen: bool, final: bool) -> tuple[tuple[Option, ...], int] | None:
    """The most plausible set at the drawn rank (or, unless `strict`, the nearest rank that can be
    filled, on the `final` search only) that passes the likeness screen."""
    if len(texts) - 1 < need:
        return None
    below_all = sum(1 for v in values[1:] if v < key)
    if strict and (below_all < rank or len(values) - 1 - below_all < need - rank):
        return None
    # at most one slip of the key and one mistake-then-slip: (extra ids, how many below the key)
    slip_ids = [i for i in range(1, len(texts)) if kinds[i] == 1]
    then_ids = [i for i in range(1, len(texts)) if kinds[i] == 2]
    extras = [((), 0)] + [((i,), int(values[i] < key)) for i in (*slip_ids, *then_ids)]
    extras += [((i, j), int(values[i] < key) + int(values[j] < key)) for i in slip_ids for j in then_ids]
    ranks = [rank] if strict or not final else sorted(range(count), key=lambda r: (abs(r - rank), r))
    tried = 0
    for want in ranks:
        fallback = None
        for extra, low_extra in extras:
            nb, na = want - low_extra, need - want - (len(extra) - low_extra)
            if nb < 0 or na < 0 or nb > len(below) or na > len(above):
                continue
            for low in combinations(below, nb):
                for high in combinations(above, na):
                    combo = low + high + extra
                    if not screen or not like.key_stands_out((0, *combo)):
                        return _options(combo, texts, values, mistakes)
                    if fallback is None:
                        fallback = combo
                    tried += 1
                    if tried >= SCREEN_TRIES and final:  # bounded work: take the most plausible set
                        return _options(fallback, texts, values, mistakes)
        if fallback is not None and final:  # no set at this rank passes the screen: the rank matters more
            return _options(fallback, texts, values, mistakes)
    return None


class _then:
    """The text of a mistake followed by a decimal-point slip (formatted only when chosen)."""

    derived = True
    __slots__ = ("fmt", "mistake", "slip")

    def __init__(self, fmt: str, mistake: str | Callable[[], str], slip: str) -> None:
        self.fmt, self.mistake, self.slip = fmt, mistake, slip

    def __call__(self) -> str:
        m = self.mistake if self.mistake.__class__ is str else self.mistake()
        return self.fmt.format(mistake=m, slip=self.slip)


def _options(combo: Sequence[int], texts: list[str], values: list[float],
             mistakes: list) -> tuple[tuple[Option, ...], int]:
    order = sorted((*combo, 0), key=lambda i: values[i])
    options = tuple(Option(texts[i], values[i]) if i == 0 else
                    Option(texts[i], values[i], mistakes[i] if mistakes[i].__class__ is str else mistakes[i]())
                    for i in order)
    return options, order.index(0)
