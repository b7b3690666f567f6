"""Deterministic across processes: the same seed gives the same items and the same test set byte for
byte whatever Python's string-hash seed (PYTHONHASHSEED), in every family and language. A set
iterated in a generator's path made logical.syllogism's worked derivations differ between runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import hashlib, json
from engine.blueprints import load_blueprint
from engine.forms import assemble
from question_generators.registry import family_names, languages_of, make_item
for fam in family_names():
    for lang in languages_of(fam):
        h = hashlib.sha256()
        for s in range(60):
            item = make_item(fam, round(-3 + 6 * (s % 61) / 60, 2), s, lang=lang)
            h.update(json.dumps(item.to_dict(), sort_keys=True).encode())
        print(fam, lang, h.hexdigest())
for lang in ("en", "nb"):
    print("mixed-screener", lang, hashlib.sha256(assemble(load_blueprint("mixed-screener"), 7, lang=lang)
                                                 .to_json().encode()).hexdigest())
"""


def run(hash_seed: str) -> list[str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.splitlines()


def test_items_and_forms_do_not_depend_on_the_string_hash_seed() -> None:
    first, second = run("1"), run("2")
    assert len(first) > 30
    differ = [a.rsplit(" ", 1)[0] for a, b in zip(first, second, strict=True) if a != b]
    assert differ == []
