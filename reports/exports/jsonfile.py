"""JSON export: the form itself, or a candidate copy with keys, explanations, mistakes and ids removed."""

from __future__ import annotations

import json
from typing import Any

from engine.forms import CANDIDATE_FORMAT, TestForm
from reports.exports import Export, Options, numbered

# Item fields a candidate may see. Left out: key, entry value and tolerance, explanation, the
# options' mistakes, params, and the id and seed (either regenerates the item, key included);
# the stimulus label (it holds the stimulus seed) is replaced by s1, s2, ... in order.
CANDIDATE_ITEM_FIELDS = ("family", "section", "lang", "stimulus", "prompt", "figure", "time_s")


def candidate_copy(form: TestForm) -> dict[str, Any]:
    sections: list[dict[str, Any]] = [{"name": s.name, "title": s.title, "time_limit_s": s.time_limit_s, "items": []}
                                      for s in form.sections]
    stimuli: dict[str, str] = {}  # the real labels carry the stimulus seed: renumbered s1, s2, ...
    for entry in numbered(form):
        full = entry.item.to_dict()
        item = {"number": entry.number, **{name: full[name] for name in CANDIDATE_ITEM_FIELDS}}
        if item["stimulus"]:
            item["stimulus"] = stimuli.setdefault(item["stimulus"], f"s{len(stimuli) + 1}")
        item["options"] = [{"text": option.text} for option in entry.item.options]
        item["entry"] = None if entry.item.entry is None else {"unit": entry.item.entry.unit,
                                                               "decimals": entry.item.entry.decimals}
        sections[entry.section_index]["items"].append(item)
    return {"format": CANDIDATE_FORMAT, "format_version": 1, "title": form.title, "form_id": form.form_id,
            "sections": sections}


def export(form: TestForm, options: Options) -> Export:
    if not options.for_candidate:
        return Export(form.to_json().encode(), len(form.items))
    text = json.dumps(candidate_copy(form), sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    return Export(text.encode(), len(form.items))
