"""Approval dates that agree with the document (s34 review): the ja example printed 最終承認 dated 2027年2月15日
above empty 内容承認 and 情報システム approvals, on an edition 1.0-Q1 dated a month later. The block prints
the version each approval approved (test_document_finish); validation warns when the dates contradict
the order of approval or the revision history."""
from __future__ import annotations

import copy

import pytest

from conftest import ROOT
from rfpgen.validation import load_project, project_from_data


@pytest.fixture(scope="module")
def ja_data():
    return load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data


def _warnings(data: dict, lang: str = "ja") -> list[str]:
    return [w.shown(lang) for w in project_from_data(data, lang=lang).warnings if ".approvers" in w.path]


def test_the_shipped_example_dates_every_approval_before_the_final_one(ja_data):
    assert _warnings(ja_data) == []


def test_a_final_approval_dated_above_approvals_not_given_is_warned(ja_data):
    data = copy.deepcopy(ja_data)
    for approver in data["approval"]["approvers"][1:]:
        approver.pop("date")
    warned = _warnings(data)
    assert len(warned) == 1 and "最終承認" in warned[0] and "中村 由紀子氏（内容承認）" in warned[0], warned
    assert "小林 大輔氏" in warned[0] and "承認日がありません" in warned[0], warned


def test_a_final_approval_dated_before_another_is_warned(ja_data):
    data = copy.deepcopy(ja_data)
    data["approval"]["approvers"][1]["date"] = "2027-02-20"
    warned = _warnings(data, "en")
    assert len(warned) == 1 and "before the approval of 中村 由紀子 (内容承認) (2027-02-20)" in warned[0], warned


def test_an_approval_dated_before_the_version_it_names_is_warned(ja_data):
    data = copy.deepcopy(ja_data)
    data["approval"]["approvers"][1]["version"] = "1.0"  # dated 2027-02-08, a week before version 1.0
    warned = _warnings(data)
    assert len(warned) == 1 and "第1.0版" in warned[0] and "改訂履歴の同版の日付" in warned[0], warned
    data["approval"]["approvers"][1]["date"] = "2026-11-01"  # before the first version, 0.1 (2026-12-10)
    data["approval"]["approvers"][1].pop("version")
    assert any("改訂履歴の最初の版" in w for w in _warnings(data))
