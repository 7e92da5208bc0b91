"""The leak check reads vendor-facing files as a vendor does, and refuses only distinctive withheld text."""
from __future__ import annotations

import copy

import pytest
import yaml

from conftest import ROOT
from rfpgen.documents.build import render_documents
from rfpgen.errors import WithheldTextLeaked
from rfpgen.validation import load_project, project_from_data

EXAMPLE = ROOT / "examples" / "ja-ec-order-center.yaml"


def _data():
    return copy.deepcopy(load_project(EXAMPLE).data)


def _withheld(data):
    for part in data.values():
        if isinstance(part, dict):
            for r in part.get("requirements") or []:
                if r.get("withhold"):
                    return part, r
    raise AssertionError("the example withholds nothing")


def _render_rfp(data, tmp_path):
    return render_documents(project_from_data(data, "p.yaml", "ja"), tmp_path, only={"rfp"})


def test_two_line_withheld_text_quoted_across_line_breaks_is_refused(tmp_path):
    data = _data()
    _, withheld = _withheld(data)
    withheld["text"] = "夜間の障害時は当番SVが30分以内に顧客影響を確認する\n翌営業日に委託元へ報告書を提出する"
    data["scope"]["notes"] = "補足です。\n夜間の障害時は当番SVが30分以内に顧客影響を確認する\n翌営業日に委託元へ報告書を提出する\n以上"
    with pytest.raises(WithheldTextLeaked) as caught:
        _render_rfp(data, tmp_path)
    assert [leak.source_path for leak in caught.value.leaks][0] == ("scope", "notes")
    assert withheld["id"] in caught.value.message("ja") and "scope.notes" in str(caught.value)


def test_stock_sentence_shared_with_a_disclosed_requirement_is_not_a_leak(tmp_path):
    data = _data()
    part, withheld = _withheld(data)
    disclosed = next(r for r in data["operations"]["requirements"] if not r.get("withhold"))
    stock = "結果を月次で当社に報告すること。"
    withheld["text"] = withheld["text"].rstrip("。") + "。" + stock
    disclosed["text"] = disclosed["text"].rstrip("。") + "。" + stock
    assert _render_rfp(data, tmp_path)  # builds: the stock sentence is disclosed by its own requirement


def test_requirement_ids_like_the_rfp_numbering_do_not_clash(tmp_path):
    data = _data()
    n = 0
    for part in data.values():
        if isinstance(part, dict):
            for r in part.get("requirements") or []:
                n += 1
                r["id"] = f"R-{n:03d}"
    assert _render_rfp(data, tmp_path)


def test_wizard_refuses_the_build_in_japanese_naming_step_and_field(wizard):
    data = _data()
    _, withheld = _withheld(data)
    data["scope"]["notes"] = "参考：" + withheld["text"]
    wizard.client.get("/lang/ja")
    assert wizard.upload(yaml.safe_dump(data, allow_unicode=True).encode(), "p.yaml").status_code == 302
    from web_support import wait_for_build

    text = wait_for_build(wizard)
    assert 'id="build-error"' in text
    assert "RFPを作成しませんでした" in text and withheld["id"] in text
    assert "委託範囲と目的" in text  # the step
    assert "補足" in text or "notes" not in text  # the field by its label
    assert "project.yaml:" not in text and ".yaml:" not in text  # no line of any internal file


def test_no_import_cycle_inside_the_package():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, str(ROOT / "tools" / "import_cycles.py")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def _leak_warnings(data, lang="en"):
    from rfpgen.validation import validate

    problems = validate(data, lang, "p.yaml")[1]
    return [p for p in problems if "which the RFP leaves out" in p.message or "記載しない要件" in p.message]


def test_validation_names_the_field_that_rewords_a_withheld_requirement():
    """A vendor reads rfp.background; a sentence there that restates a withheld requirement in other
    words gives it away although no sentence is quoted, and the RFP check (quotes only) would pass it."""
    data = _data()
    part, withheld = _withheld(data)
    withheld["text"] = "Welsh-language callers shall be offered a call-back from a Welsh-speaking adviser within one working day."
    data["rfp"]["background"] = "We will ask you to offer Welsh-language callers a call-back from a Welsh-speaking adviser."
    found = _leak_warnings(data)
    assert [(p.path, p.severity) for p in found] == [("rfp.background", "warning")]
    assert withheld["id"] in found[0].message and "restates" in found[0].message
    data["rfp"]["background"] = "We run the contact centre in two languages."
    assert _leak_warnings(data) == []


def test_validation_warns_of_a_quote_before_the_build_refuses_it_whole_sentence_shown(tmp_path):
    """The point of "WCAG 2.2" does not end the sentence: the quote is shown whole, in the warning
    and in the build's refusal."""
    data = _data()
    _, withheld = _withheld(data)
    withheld["text"] = "The contractor shall make chat accessible to WCAG 2.2 AA."
    data["rfp"]["background"] = "Our residents use chat. The contractor shall make chat accessible to WCAG 2.2 AA."
    found = _leak_warnings(data)
    assert [p.path for p in found] == ["rfp.background"]
    assert "\"The contractor shall make chat accessible to WCAG 2.2 AA.\"" in found[0].message
    with pytest.raises(WithheldTextLeaked) as caught:
        _render_rfp(data, tmp_path)
    assert "WCAG 2.2 AA." in str(caught.value)


def test_examples_text_for_vendors_restates_no_withheld_requirement():
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        project = load_project(example)
        assert _leak_warnings(copy.deepcopy(project.data), project.lang) == [], example.name


def test_the_shared_redacted_view_equals_the_copied_one_and_leaves_the_project_alone():
    """Validation reads the vendors' view with shared=True (only the changed mappings copied): the same
    data as the deep copy the documents are built from, and the project's own data unchanged."""
    for example in sorted((ROOT / "examples").glob("*.yaml")):
        project = load_project(example)
        before = copy.deepcopy(project.data)
        assert project.redacted(shared=True).data == project.redacted().data
        assert project.data == before
