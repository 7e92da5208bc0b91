"""Agreed consensus scores kept in the project file (evaluation.consensus, what the wizard's scoring page
saves), one workbook inspected as it arrives, and sheet problems in Japanese."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from scoring_support import fill_all, fill_workbook, make_project, project_data

from rfpgen.errors import ProjectInvalid, ScoreSheetInvalid
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.consensus import consensus_workbook
from rfpgen.scoring.decision import score_digits
from rfpgen.scoring.memo import consensus_rows, memo_context
from rfpgen.scoring.readback import inspect_workbook
from rfpgen.validation import project_from_data

AGREED = {"vendor": "V-A", "criterion": "C-EXP", "score": 4, "reason": "Re-read the retail references."}


def _with_consensus(*entries):
    data = project_data()
    data["evaluation"]["consensus"] = list(entries)
    return data


def test_an_agreed_score_in_the_project_replaces_the_mean_and_is_audited(tmp_path):
    plain = make_project()
    write_scoring_outputs(plain, tmp_path)
    files = fill_all(tmp_path, plain)
    before = tally(plain, files)
    agreed = project_from_data(_with_consensus({**AGREED, "score": 5}))
    after = tally(agreed, files)
    a_before = next(v for v in before.vendors if v.id == "V-A")
    a_after = next(v for v in after.vendors if v.id == "V-A")
    assert a_before.criterion_mean["C-EXP"] == 4.0 and a_after.agreed == {"C-EXP": 5.0}
    # C-EXP weighs 30 on a 0-5 scale: one more point is 6 more quality points
    assert a_after.quality == pytest.approx(a_before.quality + 6)
    assert any(f.code == "agreed" and "Re-read the retail references." in f.en for f in a_after.flags)
    assert after.consensus == [{"vendor": "V-A", "criterion": "C-EXP", "agreed": 5.0, "reason": AGREED["reason"],
                                "file": "project.yaml", "cell": "evaluation.consensus[0]", "kind": "score"}]
    written = write_results(agreed, after, tmp_path / "out")
    audit = load_workbook(next(p for p in written if p.name == "results.xlsx"))
    rows = [[str(c) for c in row] for ws in audit.worksheets for row in ws.iter_rows(values_only=True)]
    assert any("evaluation.consensus[0]" in row and AGREED["reason"] in row for row in rows)


def test_a_consensus_workbook_that_contradicts_the_project_is_refused(tmp_path):
    plain = make_project()
    write_scoring_outputs(plain, tmp_path)
    files = fill_all(tmp_path, plain)
    result = tally(plain, files)
    write_results(plain, result, tmp_path / "out")
    book = tmp_path / "out" / "acme-cc-consensus.xlsx"
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    row = next(c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if c.value == "agreed=V-A/C-EXP")
    ws.cell(row, 8).value, ws.cell(row, 9).value = 3, "The meeting said 3."
    wb.save(book)
    agreed = project_from_data(_with_consensus(AGREED))
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(agreed, [*files, book])
    assert (f"acme-cc-consensus.xlsx: sheet 'Consensus' cell H{row}: the agreed score 3 for C-EXP of 'V-A' differs from "
            "the 4 recorded in the project file (evaluation.consensus); keep one") in str(refused.value)
    assert "「V-A」のC-EXPの合意した評点 3 が、案件ファイル（evaluation.consensus）に記録した 4 と異なります" in refused.value.message("ja")
    ws.cell(row, 8).value = 4  # the same score in both places is one agreement
    wb.save(book)
    assert next(v for v in tally(agreed, [*files, book]).vendors if v.id == "V-A").agreed == {"C-EXP": 4.0}


@pytest.mark.parametrize("entry, field, words", [
    ({**AGREED, "vendor": "V-Z"}, "vendor", "'V-Z' is not a bidder of the project"),
    ({**AGREED, "criterion": "G-ISO"}, "criterion", "'G-ISO' is not a scored criterion of the project"),
    ({**AGREED, "score": 6}, "score", "the agreed score 6 is above the top of the scale (5)"),
    ({**AGREED, "reason": "   "}, "reason", "an agreed score needs the reason the meeting agreed it"),
])
def test_agreed_scores_are_validated(entry, field, words):
    with pytest.raises(ProjectInvalid) as refused:
        project_from_data(_with_consensus(entry))
    assert any(p.path == f"evaluation.consensus[0].{field}" and words in p.message for p in refused.value.errors)


def test_the_same_item_agreed_twice_is_refused():
    with pytest.raises(ProjectInvalid) as refused:
        project_from_data(_with_consensus(AGREED, {**AGREED, "score": 3}))
    assert any("C-EXP of 'V-A' is agreed twice" in p.message for p in refused.value.errors)


def test_one_workbook_inspected_as_it_arrives(tmp_path):
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    blank = tmp_path / "scoring" / "acme-cc-scores-E2.xlsx"
    found = inspect_workbook(project, blank, "e2.xlsx")
    assert (found.kind, found.evaluator, found.refused) == ("evaluator", "E2", False)
    assert set(found.vendors) == {"V-A", "V-B", "V-C"} and all(n > 0 for n in found.vendors.values())
    assert all(p.file == "e2.xlsx" and p.severity == "warning" for p in found.problems)
    fill_workbook(blank, {"V-A": {"scores": {"C-EXP": 9}}})
    refused = inspect_workbook(project, blank, "e2.xlsx")
    assert refused.refused and refused.errors[0].line("ja").startswith("e2.xlsx：シート「Alpha Contact」 セル E")
    assert "「9」は評価項目「C-EXP」の評点ではありません。0〜5の整数を入力してください" in refused.errors[0].line("ja")
    prices = inspect_workbook(project, tmp_path / "scoring" / "procurement" / "acme-cc-prices.xlsx")
    assert prices.kind == "prices" and prices.vendors == {"V-A": 1, "V-B": 1, "V-C": 1}


@pytest.mark.parametrize("rounding", [None, {"method": "truncate", "digits": 4}])
def test_a_spread_between_evaluators_prints_as_the_mean_beside_it(tmp_path, rounding):
    """V-A's C-EXP was scored 4, 5 and 3: a spread printed as the mean beside it, in the memo's tables, the
    flag, the results and the consensus workbooks, never 2 in one row and 1.67 in the next; the rounding of
    the quality score changes none of them. The Japanese flag is in 常体 with full-width punctuation."""
    data = _with_consensus(AGREED)
    data["project"]["language"] = "ja"
    if rounding:
        data["evaluation"].setdefault("rules", {})["rounding"] = rounding
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project, lang="ja"))
    vendor = next(v for v in result.vendors if v.id == "V-A")
    flag = next(f for f in vendor.flags if f.code == "agreed")
    assert "評価者間で2点の差があった" in flag.ja and f"合議により4点とした。理由：{AGREED['reason']}" in flag.ja
    assert "by 2 points" in flag.en
    assert [r["spread"] for r in consensus_rows(result)] == ["2.00"]
    memo_rows = next(t["rows"] for t in memo_context(result)["by_vendor"] if t["heading"].startswith(vendor.name))
    # the criteria table's means and spreads share the decimals that let its weighted points be recomputed,
    # whatever the rules round the quality score to
    digits = score_digits(result)
    assert digits == 4 and all(re.fullmatch(rf"\d\.\d{{{digits}}}( ⚑)?", r["spread"])
                               and re.fullmatch(rf"\d\.\d{{{digits}}}", r["mean"]) for r in memo_rows if r["id"]), memo_rows
    ws = load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0]
    row = next(c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if c.value == "agreed=V-A/C-EXP")
    # the mean as the published rule rounds it (4 places), else 2 places
    assert ws[f"G{row}"].value == 2 and ws[f"G{row}"].number_format == ws[f"F{row}"].number_format == ("0.0000" if rounding else "0.00")


def test_a_presentation_criterion_can_be_agreed_in_the_project():
    data = _with_consensus({**AGREED, "criterion": "P-DEMO"})
    data["evaluation"]["rules"] = {"presentation": {"top": 1, "points": 30, "criteria": [
        {"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}}
    assert project_from_data(data).data["evaluation"]["consensus"][0]["criterion"] == "P-DEMO"


def test_the_scoring_page_accepts_an_agreed_presentation_score():
    from rfpgen.web.score_page import _criteria

    evaluation = project_data()["evaluation"]
    evaluation["rules"] = {"presentation": {"top": 1, "points": 30, "criteria": [{"id": "P-DEMO", "name": "Demo", "weight": 100}]}}
    assert [c["id"] for c in _criteria(evaluation)][-2:] == ["C-UNS", "P-DEMO"]
    assert [c["id"] for c in _criteria({"criteria": [{"id": "C-A"}], "rules": {"presentation": None}})] == ["C-A"]
