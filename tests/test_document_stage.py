"""The document stage of a project with presentations, tallied on its own: complete document-stage sheets
and no presentation workbook give the shortlist result (the document-stage ranking and who goes
through), without --allow-incomplete, without a final ranking and without notices."""
from __future__ import annotations

import pytest

from rfpgen.errors import ScoreSheetInvalid
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.decision import missing_entries, notices_due
from rfpgen.scoring.results import summary_rows
from scoring_support import fill_agreed, fill_all, fill_workbook, make_project, project_data

STAGE = {"top": 2, "points": 30, "criteria": [{"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}


def _project(blind: bool = False, lang: str = "en", **stage):
    data = project_data()
    data["project"]["language"] = lang
    data["evaluation"]["rules"] = {"blind": blind, "presentation": {**STAGE, **stage}}
    return make_project(data)


def test_complete_document_sheets_without_presentations_give_the_shortlist_not_a_refusal(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))   # no --allow-incomplete
    assert result.document_stage and not result.incomplete and not missing_entries(result)
    assert [(v.id, v.rank, v.through) for v in result.vendors] == [("V-C", 1, True), ("V-A", 2, True), ("V-B", 3, False)]
    assert all(v.presentation_points is None and v.total == v.document_total for v in result.vendors)
    assert [v.id for v in result.shortlist] == ["V-C", "V-A"]
    assert not any(f.code in ("incomplete", "not_advanced") for f in result.flags)
    assert not notices_due(result)


def test_the_document_stage_result_is_titled_as_such_and_writes_no_notice(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_agreed(tmp_path, project))
    headers, rows = summary_rows(result, "en")
    assert "Final score" not in headers and "Presentation points" not in headers and "Document-stage total" in headers
    assert rows[0][-1].endswith("goes through to the presentations")
    assert rows[2][-1].endswith("does not go through to the presentations")
    written = write_results(project, result, tmp_path / "out")
    assert not (tmp_path / "out" / "notices").exists() and not any("notice" in p.name for p in written)


def test_a_missing_document_sheet_still_needs_allow_incomplete(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)[1:]   # E1's workbook is missing
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files)
    assert [p.evaluator for p in refused.value.problems] == ["E1"]
    result = tally(project, files, allow_incomplete=True)
    assert result.document_stage and result.incomplete


def test_presentation_scores_give_the_final_ranking(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    files += [fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx",
                            {"V-C": {"scores": {"P-DEMO": 3}}, "V-A": {"scores": {"P-DEMO": 5}}}) for ev in ("E1", "E2", "E3")]
    result = tally(project, files)
    assert not result.document_stage and all(v.through is None for v in result.vendors)
    assert [(v.id, v.rank) for v in result.vendors if v.rank] == [("V-A", 1), ("V-C", 2)]
    assert "Final score" in summary_rows(result, "en")[0]


def test_a_presenter_left_blank_is_still_refused(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    files = fill_agreed(tmp_path, project)
    files += [fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx", {"V-C": {"scores": {"P-DEMO": 3}}})
              for ev in ("E1", "E2", "E3")]   # V-A presents too, and nobody scored it
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files)
    assert {p.vendor for p in refused.value.problems} == {"V-A"}


def test_open_consensus_items_keep_the_document_stage(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project))   # the sample scores: spreads for the consensus meeting
    assert result.document_stage and any(f.code == "spread" for f in result.flags) and not notices_due(result)
