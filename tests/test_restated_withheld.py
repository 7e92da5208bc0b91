"""Validation warns, at the vendor-facing field, when a text the vendors read restates a withheld requirement."""
from __future__ import annotations

import copy

from conftest import ROOT
from rfpgen.validation import load_project, validate

EN = ROOT / "examples" / "en-electronics-retail.yaml"
JA = ROOT / "examples" / "ja-ec-order-center.yaml"


def _data(example):
    return copy.deepcopy(load_project(example).data)


def _withheld_first(data):
    """The part holding a withheld requirement, that requirement moved to the top of its list: every
    disclosed requirement after it sits one row further down in the file than in the vendors' view."""
    key, requirements = next((key, part["requirements"]) for key, part in data.items() if isinstance(part, dict)
                             and any(r.get("withhold") for r in part.get("requirements") or []))
    withheld = next(r for r in requirements if r.get("withhold"))
    requirements.remove(withheld)
    requirements.insert(0, withheld)
    return key, requirements, withheld


def _warnings(data, lang):
    problems = validate(data, lang, "p.yaml")[1]
    return [p for p in problems if p.severity == "warning" and ("withheld requirement" in p.message or "記載しない要件" in p.message)]


def test_the_warning_names_the_second_disclosed_requirement_after_a_withheld_one():
    """Regression: the vendors' view drops the withheld row, so the warning named the row above the
    one that restates it (people.requirements[1] instead of [2])."""
    data = _data(EN)
    key, requirements, withheld = _withheld_first(data)
    withheld["text"] = "Welsh-language callers shall be offered a call-back from a Welsh-speaking adviser within one working day."
    requirements[2]["text"] = "Callers in Welsh shall be offered a call-back from a Welsh-speaking adviser within one working day."
    found = [p for p in _warnings(data, "en") if not p.path.startswith("questions")]
    assert [p.path for p in found] == [f"{key}.requirements[2].text"]
    assert withheld["id"] in found[0].message
