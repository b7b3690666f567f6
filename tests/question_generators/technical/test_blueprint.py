"""The `technical` blueprint: 20 items in 15 minutes, 16 mechanisms then 4 cube nets."""

from __future__ import annotations

from collections import Counter

from engine.blueprints import load_blueprint
from engine.forms import assemble, verify_form


def test_the_technical_blueprint_assembles_a_checked_form() -> None:
    blueprint = load_blueprint("technical")
    assert (blueprint.count, blueprint.time_limit_s) == (20, 15 * 60)
    form = assemble(blueprint, seed=11)
    verify_form(form)
    items = [item for section in form.sections for item in section.items]
    assert len(items) == 20
    families = Counter(item.family for item in items)
    assert set(families) == {"technical.gears", "technical.levers", "technical.pulleys", "technical.circuits",
                             "technical.fluids_forces", "technical.picture_compare", "spatial.cube_net"}
    assert [s.name for s in form.sections] == ["technical", "space"]
    assert families["technical.picture_compare"] == 2 and families["spatial.cube_net"] == 4
    assert all(item.figure is not None for item in items)
    assert all(item.section == ("spatial" if item.family == "spatial.cube_net" else "technical") for item in items)
    assert len({item.fingerprint() for item in items}) == 20


def test_a_form_of_figures_renders_in_one_page_with_unique_ids() -> None:
    import re
    import xml.etree.ElementTree as ET

    form = assemble(load_blueprint("technical"), seed=5)
    page = "".join(item.figure.to_html() for section in form.sections for item in section.items)
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) >= 10
    for reference in re.findall(r"url\(#([^)]+)\)", page):
        assert reference in ids
    ET.fromstring(f"<div>{page}</div>")  # well-formed as a whole


def test_items_do_not_depend_on_the_hash_seed() -> None:
    """Byte-for-byte the same items whatever PYTHONHASHSEED is (no set order leaks into output)."""
    import os
    import subprocess
    import sys

    code = ("import json, hashlib\nfrom question_generators.registry import make_item\nh = hashlib.sha256()\n"
            "for fam in ['technical.gears', 'technical.levers', 'technical.pulleys', 'technical.circuits',"
            " 'technical.fluids_forces']:\n"
            "    for s in range(60):\n"
            "        item = make_item(fam, -3 + 6 * (s % 13) / 12, s)\n"
            "        h.update(json.dumps(item.to_dict(), sort_keys=True).encode())\n"
            "print(h.hexdigest())\n")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1
