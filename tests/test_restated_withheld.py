"""Validation warns, at the vendor-facing field, when a text the vendors read restates a withheld requirement."""
from __future__ import annotations

import copy
import re

import pytest

from conftest import ROOT
from rfpgen.documents.build import render_documents
from rfpgen.errors import WithheldTextLeaked
from rfpgen.validation import load_project, project_from_data, validate

EN = ROOT / "examples" / "en-electronics-retail.yaml"
JA = ROOT / "examples" / "ja-ec-order-center.yaml"


HEADCOUNT = ("The contractor shall keep the planned headcount at 95% or more in every month despite leavers, "
             "and show how new starters reach full productivity without lowering the service level.")
# most of HEADCOUNT's key terms (8 of 13), in other words and another order
HEADCOUNT_TERMS = ("Leavers must not pull headcount below plan; new starters should reach full productivity "
                   "quickly while the service level holds.")


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
    return [p for p in problems if p.severity == "warning" and ("which the RFP leaves out" in p.message or "記載しない要件" in p.message)]


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


def _first_withheld(data):
    return next((key, r) for key, part in data.items() if isinstance(part, dict)
                for r in part.get("requirements") or [] if r.get("withhold"))


def _disclosed(data, key):
    return next(r for r in data[key]["requirements"] if not r.get("withhold"))


def test_a_disclosed_requirement_repeating_eight_words_of_a_withheld_one_is_warned_about_naming_both():
    """The quote check lets a sentence a disclosed requirement states pass as stock wording: a disclosed
    requirement copying a withheld statement's words is found by the run of words it repeats."""
    data = _data(EN)
    key, withheld = _first_withheld(data)
    withheld["text"] = HEADCOUNT
    disclosed = _disclosed(data, key)
    at = f"{key}.requirements[{data[key]['requirements'].index(disclosed)}].text"
    disclosed["text"] = "Agents shall be trained; the contractor shall keep the planned headcount at 95% or more in every quarter."
    found = [p for p in _warnings(data, "en") if p.path == at]
    assert len(found) == 1
    message = found[0].message
    assert withheld["id"] in message and '"The contractor shall keep the planned headcount..."' in message  # id and name
    assert 'repeats "the contractor shall keep the planned headcount at 95% or more in every" from it' in message  # as written
    ja = [p for p in _warnings(data, "ja") if p.path == at]
    assert "RFPに記載しない要件" in ja[0].message and withheld["id"] in ja[0].message and "同じ内容" in ja[0].message
    disclosed["text"] = "Agents shall be trained; we keep the planned headcount at 95% or higher in every quarter."  # 7 words
    assert [p for p in _warnings(data, "en") if p.path == at] == []


def test_background_using_most_of_a_withheld_statements_terms_is_warned_about_en():
    data = _data(EN)
    _, withheld = _first_withheld(data)
    withheld["text"] = HEADCOUNT
    data["rfp"]["background"] = HEADCOUNT_TERMS
    found = [p for p in _warnings(data, "en") if p.path == "rfp.background"]
    assert len(found) == 1 and withheld["id"] in found[0].message
    assert "uses 8 of its 13 key terms (full, headcount, leaver, level, productivity, reach, service, starter)" in found[0].message
    data["rfp"]["background"] = "New starters should reach full productivity quickly."  # 4 of 13
    assert [p for p in _warnings(data, "en") if p.path == "rfp.background"] == []


def test_japanese_run_of_twenty_characters_and_terms_covered_are_warned_about():
    data = _data(JA)
    key, withheld = next((key, r) for key, part in data.items() if isinstance(part, dict)
                         for r in part.get("requirements") or [] if r["id"] == "PPL-006")
    assert withheld["withhold"] and withheld["text"].startswith("離職や休職で欠員が生じても、稼働可能な要員数を計画の95%以上に保ち、")
    disclosed = _disclosed(data, key)
    at = f"{key}.requirements[{data[key]['requirements'].index(disclosed)}].text"
    disclosed["text"] = "研修を実施すること。なお、稼働可能な要員数を計画の95%以上に保つ。"  # 「、稼働可能な要員数を計画の95%以上に保」: 20 characters
    found = [p for p in _warnings(data, "ja") if p.path == at]
    assert len(found) == 1 and withheld["id"] in found[0].message
    assert "「、稼働可能な要員数を計画の95%以上に保」が同じです" in found[0].message
    assert "「離職や休職で欠員が生じても、稼働可能な要員数を計画の95%以上に保ち" in found[0].message  # the requirement's name
    disclosed["text"] = "研修を実施すること。なお稼働可能な要員数を計画の95%以上に保つ。"  # 19 characters in a row
    assert [p for p in _warnings(data, "ja") if p.path == at] == []
    data["scope"]["notes"] = "欠員の補充要員が戦力化するまでの期間について、稼働可能な要員数とサービスレベルの維持の考え方をご提案ください。"
    found = [p for p in _warnings(data, "ja") if p.path == "scope.notes"]
    assert len(found) == 1 and withheld["id"] in found[0].message and "主要な語16語のうち" in found[0].message


def test_an_answer_is_warned_about_once_and_not_when_it_discloses_the_requirement():
    data = _data(EN)
    _, withheld = _first_withheld(data)
    withheld["text"] = HEADCOUNT
    question = data["questions"][0]
    question["answer"] = "Yes. You should keep the planned headcount at 95% or more in every month despite leavers."
    found = [p for p in _warnings(data, "en") if p.path == "questions[0].answer" and withheld["id"] in p.message]
    assert len(found) == 1  # restated and on its topic: one warning
    question["published"], question["discloses"] = False, [withheld["id"]]
    assert [p for p in _warnings(data, "en") if p.path == "questions[0].answer" and withheld["id"] in p.message] == []


def test_a_project_in_a_language_rfpgen_does_not_know_is_refused_and_still_checked():
    data = _data(EN)
    _, withheld = _first_withheld(data)
    withheld["text"] = HEADCOUNT
    data["rfp"]["background"] = HEADCOUNT_TERMS
    for language in ("fr", None):
        data["project"]["language"] = language
        problems = validate(data, "en", "p.yaml")[1]  # no exception
        assert any(p.path == "project.language" and p.severity == "error" for p in problems)
        assert [p.path for p in problems if withheld["id"] in p.message] == ["rfp.background"]


def test_the_build_refusal_names_the_second_disclosed_requirement_after_a_withheld_one(tmp_path):
    """Regression: the RFP's refusal named the field that quotes a withheld requirement by its place in
    the vendors' view, one row up from the disclosed requirement that quotes it."""
    data = _data(JA)
    key, requirements, withheld = _withheld_first(data)
    withheld["text"] = "夜間の障害時は当番SVが30分以内に顧客影響を確認する。翌営業日に委託元へ報告書を提出する。"
    requirements[2]["text"] += withheld["text"]
    with pytest.raises(WithheldTextLeaked) as refused:
        render_documents(project_from_data(data, "p.yaml", "ja"), tmp_path, only={"rfp"})
    assert f"{key}.requirements[2].text" in refused.value.message("ja")
    assert f"{key}.requirements[1]" not in refused.value.message("ja")


def test_wording_three_requirements_share_is_stock_and_not_a_restatement():
    """A sentence the project's requirements repeat (a house style) restates none of them: with 500
    templated requirements it would otherwise warn about every disclosed one against every withheld one."""
    data = _data(EN)
    key, withheld = _first_withheld(data)
    stock = " Results are reported to the client in writing every month, with the figures behind them."
    disclosed = [r for r in data[key]["requirements"] if not r.get("withhold")][:2]
    for r in [withheld, *disclosed]:
        r["text"] = r["text"].rstrip() + stock
    at = {f"{key}.requirements[{data[key]['requirements'].index(r)}].text" for r in disclosed}
    assert [p for p in _warnings(data, "en") if p.path in at] == []
    disclosed[1]["text"] = disclosed[1]["text"].replace(stock, "")  # now only one disclosed requirement shares it
    found = [p for p in _warnings(data, "en") if p.path in at]
    assert len(found) == 1 and withheld["id"] in found[0].message and "in writing every month" in found[0].message


def test_the_repeated_run_is_quoted_as_the_text_writes_it_in_whole_words():
    """The warning quotes the shared run as the restating text writes it (full-width brackets, not the
    normalised (38項目)) and widened to whole Latin words: a run may start inside one ("e に関する" of
    "people に関する")."""
    data = _data(JA)
    key, requirements, withheld = _withheld_first(data)
    withheld["text"] = "委託先は、people に関する業務手順（38項目）を文書化し、四半期ごとに棚卸しして委託元の承認を得ること。"
    requirements[1]["text"] = "受託者は、people に関する業務手順（38項目）を文書化し、半年ごとに見直すこと。"
    found = [p for p in _warnings(data, "ja") if p.path == f"{key}.requirements[1].text"]
    assert len(found) == 1, found
    quoted = re.search(r"「([^「」]*)」が同じです", found[0].message).group(1)
    assert "people に関する業務手順（38項目）を文書化し" in quoted and quoted in requirements[1]["text"], quoted
