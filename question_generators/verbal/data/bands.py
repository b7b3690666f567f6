"""Offline helper (not imported at run time): recompute bands.tsv from wordfreq.

Run with an environment that has wordfreq 3.x installed (`pip install wordfreq`):
    python question_generators/verbal/data/bands.py        (English: bands.tsv)
    python question_generators/verbal/data/bands.py nb     (Bokmål: lexicon_nb.txt -> bands_nb.tsv;
                                                            a phrase "slå_på" is looked up as "slå på")
Band 1: Zipf >= 4.5 (everyday words), band 2: 3.5 <= Zipf < 4.5, band 3: 2.8 <= Zipf < 3.5
(rarer), band 4: Zipf < 2.8 (rare: the top of graduate vocabulary tests).
wordfreq data: CC BY-SA 4.0 (Robyn Speer et al.); the stored figures are derived from it.
"""

from __future__ import annotations

from pathlib import Path

from wordfreq import zipf_frequency  # type: ignore[import-not-found]

HERE = Path(__file__).resolve().parent


def words(name: str = "lexicon.txt") -> list[str]:
    found: set[str] = set()
    for raw in (HERE / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            parts = line[1:].split()
            if parts[0] == "category" and len(parts) > 2:
                found.add(parts[2])
            continue
        found.update(line.split())
    return sorted(found)


def band(zipf: float) -> int:
    return 1 if zipf >= 4.5 else 2 if zipf >= 3.5 else 3 if zipf >= 2.8 else 4


def main() -> None:
    rows = ["# word\tzipf\tband   (computed offline from wordfreq 3.1, English; see bands.py)"]
    for word in words():
        z = zipf_frequency(word, "en")
        rows.append(f"{word}\t{z:.2f}\t{band(z)}")
    (HERE / "bands.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main_nb() -> None:
    rows = ["# word\tzipf\tband   (computed offline from wordfreq 3.1.1, Norwegian Bokmål 'nb'; see bands.py)"]
    for word in words("lexicon_nb.txt"):
        z = zipf_frequency(word.replace("_", " "), "nb")
        rows.append(f"{word}\t{z:.2f}\t{band(z)}")
    (HERE / "bands_nb.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import sys

    main_nb() if sys.argv[1:] == ["nb"] else main()
