"""What `rfpgen score -o DIR` says after writing the results: why the notices (or, at the document stage, the
presentation workbooks) were not written, each reason with its count and what to do, and all of it in the
project's language."""
from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from rfpgen.cli import main
from rfpgen.scoring import tally, write_scoring_outputs
from rfpgen.yamlio import dump
from scoring_support import AGREED_CHECKLIST, AGREED_GATES, AGREED_SCORES, PRICES, fill_agreed, fill_all, project_data

STAGE = {"top": 2, "points": 30, "criteria": [{"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}


def _setup(tmp_path, lang: str = "en", presentations: bool = False):
    from scoring_support import make_project

    data = project_data()
    data["project"]["language"] = lang
    if presentations:
        data["evaluation"]["rules"] = {"presentation": STAGE}
    (tmp_path / "project.yaml").write_text(dump(data), encoding="utf-8")
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    return project


def _score(tmp_path, files, *options):
    run = CliRunner().invoke(main, ["score", str(tmp_path / "project.yaml"), *map(str, files), "-o", str(tmp_path / "out"),
                                    *options])
    assert run.exit_code == 0, run.output
    return run.output


def _open_rows(workbook) -> int:
    """The rows of a consensus workbook with no agreed score yet: what the meeting has to fill in."""
    from openpyxl import load_workbook

    sheet = load_workbook(workbook).worksheets[0]
    return sum(1 for row in sheet.iter_rows(min_row=5, values_only=True) if row[0] and row[7] is None)


def test_the_notices_withheld_for_the_consensus_meeting_say_how_many_rows_and_which_workbook(tmp_path):
    project = _setup(tmp_path)
    files = fill_all(tmp_path, project)   # the sample scores: spreads and split checklists for the meeting
    out = _score(tmp_path, files)
    items = _open_rows(tmp_path / "out" / "acme-cc-consensus.xlsx")
    assert items > 1
    assert "No notices to the bidders were written, as the ranking is not final:" in out
    assert (f"  - {items} items await the consensus meeting: fill in their rows of the consensus workbook "
            f"{tmp_path / 'out' / 'acme-cc-consensus.xlsx'} and tally it again") in out
    assert "entries are missing, items await" not in out and "gap" not in out and "tied" not in out


def test_the_notices_withheld_for_a_missing_workbook_say_the_gap_and_nothing_else(tmp_path):
    project = _setup(tmp_path)
    out = _score(tmp_path, fill_agreed(tmp_path, project)[1:], "--allow-incomplete")   # E1's workbook is missing
    assert "  - 1 gap in the entries (listed in the Proposal Evaluation Results, under “Completeness of the tally and sheets tallied”): have them filled in" in out
    assert "consensus meeting:" not in out and "tied" not in out


def test_the_notices_withheld_for_a_tied_first_place_say_so(tmp_path):
    project = _setup(tmp_path)
    scores = copy.deepcopy(AGREED_SCORES)
    for evaluator in scores:
        scores[evaluator]["V-A"] = dict(scores[evaluator]["V-C"])
    files = fill_all(tmp_path, project, scores, AGREED_CHECKLIST, AGREED_GATES, {**PRICES, "V-A": PRICES["V-C"]})
    assert [v.id for v in tally(project, files).vendors if v.rank == 1] == ["V-A", "V-C"]
    out = _score(tmp_path, files)
    assert "  - The first place is tied" in out and "gap" not in out and "await" not in out


def test_an_unsettled_document_stage_says_why_no_presentation_workbook_was_written(tmp_path):
    from rfpgen.scoring.memo import memo_context

    project = _setup(tmp_path, presentations=True)
    files = fill_all(tmp_path, project)
    out = _score(tmp_path, files)
    assert not (tmp_path / "out" / "presentations").exists()
    assert "No presentation workbooks (presentations/) were written, as who goes through to the presentations is not settled:" in out
    assert f"of the consensus workbook {tmp_path / 'out' / 'acme-cc-consensus.xlsx'}" in out
    assert "Ranked, provisionally goes through to the presentations" in out
    notes = " ".join(memo_context(tally(project, files))["ranking_notes"])
    assert "provisionally goes through to the presentations" in notes


def test_a_settled_document_stage_says_who_goes_through_without_provisionally(tmp_path):
    project = _setup(tmp_path, presentations=True)
    out = _score(tmp_path, fill_agreed(tmp_path, project))
    assert "Ranked, goes through to the presentations" in out
    assert "provisionally" not in out and "No presentation workbooks" not in out


@pytest.mark.parametrize("presentations", [False, True])
def test_a_japanese_project_is_told_everything_in_japanese(tmp_path, presentations):
    project = _setup(tmp_path, lang="ja", presentations=presentations)
    files = fill_all(tmp_path, project, lang="ja")[1:]   # E1's workbook is missing: warnings
    _score(tmp_path, files, "--allow-incomplete")
    out = _score(tmp_path, files, "--allow-incomplete")   # again: the consensus workbook is kept
    lines = out.splitlines()
    assert any(line.startswith("警告：") for line in lines) and any(line.endswith("results.docx を作成した") for line in lines)
    assert "は上書きしていない（合議の結果が記入されている可能性がある" in out
    assert "行が合議での確定を待っている。その行に合議の結果を記入し" in out and "未入力が1件ある" in out
    if presentations:
        assert "プレゼンテーション審査の評価シート（presentations/）は作成していない" in out
        assert "順位付け対象・暫定でプレゼンテーションに進む" in out
    assert "sees_prices: 注意：評価者「Cy Park」は価格を見たうえで" in out   # the project's own warning
    for english in ("warning", "wrote", "kept", "No notices", "items await", "the consensus meeting", "quality"):
        assert english not in out


def test_the_scoring_page_lists_the_same_reasons(tmp_path):
    from rfpgen.scoring.robustness import robustness
    from rfpgen.web.score_jobs import page_view

    project = _setup(tmp_path)
    result = tally(project, fill_all(tmp_path, project))
    view = page_view(result, robustness(result))
    assert not view["notices"]
    from rfpgen.scoring.consensus import write_consensus_workbook

    (tmp_path / "rows").mkdir()
    rows = _open_rows(write_consensus_workbook(result, tmp_path / "rows")[0])   # the split mandatory requirements among them
    assert any(f.code == "gate_split" for f in result.flags)
    assert [line.split(":")[0] for line in view["en"]["withheld"]] == [f"{rows} items await the consensus meeting"]
    assert f"合議シート acme-cc-consensus.xlsx の{rows}行が合議での確定を待っている" in view["ja"]["withheld"][0]
