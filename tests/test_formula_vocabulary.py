"""The words follow the project's own scoring rule: a heading, a glossary entry or a sentence of the
memo names the figure the vendors are ranked by (評価値 under the division method, the price per
quality point, lowest first), never a total of quality and price points the rule does not add; the
memo shows the presentation scores that decided a presentation-only ranking, names the vendor it
recommends and says a consensus meeting not yet held is still to be held; English uses one word per
concept (team leader, production hour) and the compliance matrix names the RFP's chapters."""
from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rfpgen.responses import write_response_form
from rfpgen.scoring import tally, write_scoring_outputs
from rfpgen.scoring.budget import budget_check
from rfpgen.scoring.decision import decide, missing_entries
from rfpgen.scoring.memo import no_consensus
from rfpgen.scoring.price import priced_figure, rule_heading
from rfpgen.scoring.robustness import robustness
from rfpgen.scoring.rules import statements
from rfpgen.validation import load_project, project_from_data
from rfpgen.words.glossary import glossary
from scoring_support import write_results_and_notices, SCORES, fill_all, fill_workbook
from memo_support import PASSES, docx_tables, docx_text, staged_data

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_EN = ROOT / "examples" / "en-electronics-retail.yaml"


def _division(lang: str, combine: str = "presentation_only", top: int = 2) -> dict:
    data = staged_data(lang, combine=combine, top=top)
    data["evaluation"]["price"] = {"formula": "jp_division", "reference_price": 140_000_000}
    return data


def _ppq(lang: str) -> dict:
    data = staged_data(lang)
    data["evaluation"]["price"] = {"formula": "price_per_quality", "reference_price": 140_000_000}
    del data["evaluation"]["rules"]["presentation"]
    return data


def _run(tmp_path: Path, data: dict, presented=(("V-B", 4), ("V-C", 3))):
    """Tallied at 120, 90 and 100 million: under the division method V-A has the lowest value and does
    not go through to the presentations (top 2)."""
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    lang = project.lang
    files = fill_all(tmp_path, project, gates=PASSES, prices={"V-A": 120_000_000, "V-B": 90_000_000, "V-C": 100_000_000},
                     lang=lang)
    if project.data["evaluation"]["rules"].get("presentation"):
        for ev in SCORES:
            files.append(fill_workbook(tmp_path / "scoring" / f"{project.id}-presentation-{ev}.xlsx",
                                       {v: {"scores": {"P-DEMO": s}} for v, s in presented}, lang))
    result = tally(project, files)
    write_results_and_notices(project, result, tmp_path / "results")
    return project, result


# ------------------------------------------------------------------ the rule's name

@pytest.mark.parametrize("data, lang, heading", [
    (_division("ja"), "ja", "最終評価点の算定方法"),
    (dict(_division("ja"), evaluation=dict(_division("ja")["evaluation"], rules={})), "ja", "評価値の算定方法"),
    (_ppq("en"), "en", "How the price per quality point is computed"),
    (dict(staged_data("en"), evaluation=dict(staged_data("en")["evaluation"], rules={})), "en", "How the total score is computed"),
])
def test_the_rule_heading_names_the_figure_the_ranking_follows(data, lang, heading):
    assert rule_heading(data["evaluation"], lang) == heading


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_division_memo_and_notice_never_head_the_rule_with_a_total(tmp_path, lang):
    project, _ = _run(tmp_path, _division(lang))
    memo, notice = tmp_path / "results" / "results.docx", tmp_path / "results" / "notices" / f"{project.id}-notice-V-A.docx"
    assert ("最終評価点の算定方法（RFPで公表したもの）" if lang == "ja" else "How the final score is computed (as published in the RFP)") in docx_text(memo)
    assert ("提案依頼書（RFP）に定めた最終評価点の算定方法は、次のとおりです。" if lang == "ja"
            else "How the final score is computed, as published in the RFP:") in docx_text(notice)
    for path in (memo, notice):
        text = docx_text(path)
        assert "総合評価点の算定方法" not in text and "How the total score is computed" not in text


def test_the_price_enters_the_figure_of_its_formula():
    assert priced_figure(_division("ja")["evaluation"], "ja") == "評価値"
    assert priced_figure(_ppq("en")["evaluation"], "en") == "Price per quality point"
    assert priced_figure(staged_data("ja")["evaluation"], "ja") == "価格点"


@pytest.mark.parametrize("data, said, unsaid", [
    (_division("ja"), "価格評価方式：除算方式。評価値は集計で計算する。", "価格点"),
    (_ppq("en"), "Price formula: Price per quality point. The tally computes the price per quality point.", "price points")])
def test_the_price_workbook_names_what_the_tally_computes_under_its_formula(tmp_path, data, said, unsaid):
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    book = load_workbook(tmp_path / "scoring" / "procurement" / f"{project.id}-prices.xlsx")
    text = "\n".join(c.value for c in book.worksheets[0]["C"] if isinstance(c.value, str))
    assert said in text and unsaid not in text


@pytest.mark.parametrize("data, lang, said, unsaid", [
    (_ppq("en"), "en", "the price per quality point", r"price score|price points|\btotal\b"),
    (_division("ja", top=3), "ja", "評価値", r"価格点|総合評価点")])
def test_a_missing_price_is_said_to_leave_out_the_formulas_own_figure(tmp_path, data, lang, said, unsaid):
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    files = [f for f in fill_all(tmp_path, project, gates=PASSES, lang=lang) if not f.name.endswith("-prices.xlsx")]
    result = tally(project, files, allow_incomplete=True)
    write_results_and_notices(project, result, tmp_path / "results")
    told = [p.line(lang) for p in result.sheet_warnings] + [f.text(lang) for f in result.flags if f.code == "no_price"]
    told.append(docx_text(tmp_path / "results" / "results.docx"))
    assert all(not re.search(unsaid, line) for line in told), [line for line in told if re.search(unsaid, line)][:3]
    assert sum(said in line for line in told) >= 2


def test_a_rank_sum_under_a_dividing_formula_ranks_by_the_formulas_figure():
    evaluation = _ppq("en")["evaluation"]
    evaluation["rules"]["aggregation"] = "rank_sum"
    said = " ".join(statements(evaluation, "en"))
    assert "Each evaluator ranks the bidders by the price per quality point from their own quality score" in said
    assert "price points" not in said
    evaluation = _division("ja")["evaluation"]
    evaluation["rules"]["aggregation"] = "rank_sum"
    assert "その評価者の品質スコアと共通の提案価格から求めた評価値で提案者に順位を付け" in "".join(statements(evaluation, "ja"))


# ------------------------------------------------------------------ the glossary

def _entries(data: dict) -> dict[str, tuple[tuple[str, str], tuple[str, str]]]:
    return {key: (terms, meaning) for key, terms, meaning in glossary(project_from_data(data))}


def test_a_division_glossary_has_no_price_points_and_names_the_value():
    entries = _entries(_division("ja"))
    assert not {"price_points", "total", "document_total"} & entries.keys()
    assert entries["value"][0] == ("評価値", "value")
    meaning = entries["final_score_presentation_only"][1]
    assert "評価値はプレゼンテーションに進む提案者の選定に使う" in meaning[0] and "the value only decides who presents" in meaning[1]
    assert "加算方式" not in entries["reference_price"][1][0]
    assert not any("品質点と価格点" in meaning[0] or "price points" in meaning[1] for _, meaning in entries.values())
    additive = _entries(dict(staged_data("ja"), evaluation=dict(staged_data("ja")["evaluation"], rules={})))   # its own figures stay
    assert {"price_points", "total", "additive"} <= additive.keys() and "value" not in additive
    assert additive["reference_price"][1][0].endswith("加算方式の価格点の基準となる。")


def test_a_price_per_quality_glossary_says_the_lowest_wins():
    entries = _entries(_ppq("en"))
    assert not {"price_points", "total", "quality_points", "value"} & entries.keys()
    assert entries["price_per_quality"][1][1] == "The price ÷ the quality score; the lowest ranks first."


# ------------------------------------------------------------------ the memo

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_presentation_only_memo_shows_the_presentation_scores_that_decided(tmp_path, lang):
    _, result = _run(tmp_path, _division(lang))
    tables = docx_tables(tmp_path / "results" / "results.docx")
    presentation = [t for t in tables if any(row[0] == "P-DEMO" for row in t)]
    assert len(presentation) == 2   # one per vendor that presented
    winner = next(v for v in result.vendors if v.rank == 1)
    rows = {row[0]: row for row in presentation[0]}
    assert rows["P-DEMO"][3] == "4.00" and rows["P-DEMO"][4] == "80.00"   # mean, weight × mean ÷ 5
    # lowest and highest with the decimals of the mean and the spread beside them (2.00〜4.00, not 2〜4)
    assert re.fullmatch(r"\d\.\d\d[〜–]\d\.\d\d", rows["P-DEMO"][5]) and re.fullmatch(r"\d\.\d\d", rows["P-DEMO"][6])
    assert presentation[0][-1][4] == f"{winner.presentation_points:.2f}"
    ranking = next(t for t in tables if t[0][0] in ("順位", "Rank"))
    not_presented = next(row for row in ranking[1:] if row[0] == "–")
    assert not_presented[-1] == "–" and not_presented[-2] == "–"   # a document figure is no final score


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_vendor_that_did_not_present_is_not_listed_as_disqualified(tmp_path, lang):
    """Not going through to the presentations is no disqualification and fails no mandatory requirement:
    the section on those says no vendor is disqualified, and the note below the ranking says why the vendor
    has no final score."""
    from docx_reading import paragraphs

    _run(tmp_path, _division(lang))   # V-A (Alpha Contact <Ltd>) does not go through
    text = paragraphs((tmp_path / "results" / "results.docx").read_bytes())
    heading = "6. 失格と必須項目の判定" if lang == "ja" else "6. Disqualifications and mandatory requirements"
    section = text[text.index(heading) + 1:text.index(next(line for line in text if line.startswith("7. ")))]
    assert [line for line in section if line.strip()] == [
        "失格となった提案者はない。" if lang == "ja" else "No bidder is disqualified."]
    assert ("Alpha Contact <Ltd>：プレゼンテーションに進まなかったため、最終評価点なし（順位付け対象外）" if lang == "ja" else
            "Alpha Contact <Ltd>: no final score, as it did not go through to the presentations (not ranked)") in text


@pytest.mark.parametrize("lang, heading", [("ja", "貴社のプレゼンテーションの評点"), ("en", "Your presentation scores")])
def test_a_notice_shows_the_vendors_presentation_scores(tmp_path, lang, heading):
    project, result = _run(tmp_path, _division(lang))
    text = docx_text(tmp_path / "results" / "notices" / f"{project.id}-notice-V-B.docx")
    assert heading in text and "Demonstration" in text
    not_presented = docx_text(tmp_path / "results" / "notices" / f"{project.id}-notice-V-A.docx")
    assert heading not in not_presented   # did not present
    # and it compares its value with the lowest that went through, not with the winner's presentation points
    assert ("プレゼンテーションに進んだ提案者の最も低い" in not_presented or "that went through to the presentations" in not_presented)
    assert "第1位の" not in not_presented and "Winner's" not in not_presented


@pytest.mark.parametrize("lang, first", [("ja", "Beta & Coは最終評価点"), ("en", "Beta & Co ranks first with a final score of")])
def test_the_basis_names_the_recommended_vendor(tmp_path, lang, first):
    _, result = _run(tmp_path, _division(lang), presented=(("V-B", 4), ("V-C", 3)))
    decision = decide(result, robustness(result), budget_check(result), missing_entries(result))
    assert decision.recommended == "V-B" and decision.basis[0].startswith(first)


def test_a_price_per_quality_memo_says_the_lowest_wins(tmp_path):
    _, result = _run(tmp_path, _ppq("en"))
    decision = decide(result, robustness(result), budget_check(result), missing_entries(result))
    assert re.match(r"\S.* ranks first with the lowest price per quality point \(£[\d,.]+\)", decision.basis[0])
    assert "highest" not in decision.basis[0] and "total" not in decision.basis[0].lower()


@pytest.mark.parametrize("lang, pending, held", [
    ("ja", "合議はまだ開いていない", "合議により変更した評点はない。"),
    ("en", "The consensus meeting is still to be held", "No score was changed by the consensus meeting.")])
def test_a_consensus_meeting_not_yet_held_reads_still_to_be_held(tmp_path, lang, pending, held):
    _, result = _run(tmp_path, _division(lang))
    text = docx_text(tmp_path / "results" / "results.docx")
    assert pending in text and held not in text
    from openpyxl import load_workbook  # the results workbook's sheet says it across the row, its id column kept narrow

    from rfpgen.words import say

    sheet = load_workbook(tmp_path / "results" / "results.xlsx")[say("score.sheet_consensus", lang)]
    assert sheet["A2"].value.startswith(pending) and "A2:G2" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet.column_dimensions["A"].width < 20, sheet.title
    after = dataclasses.replace(result, audit=result.audit + [{"file": "c.xlsx", "kind": "consensus"}])
    assert no_consensus(after, lang) == held


# ------------------------------------------------------------------ English words

def _english_strings(path: Path) -> list[str]:
    """The string literals of a module that are words (a space in them), docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value
            and id(node) not in docstrings]


def test_english_says_team_leader_and_production_hour_only():
    """The example's client says team leader (and the RFP's rows, the staffing annex and the response
    form must agree with it); the hour an agent is logged in is a production hour."""
    found = [(path.relative_to(ROOT), text) for path in sorted((ROOT / "rfpgen").rglob("*.py"))
             for text in _english_strings(path) if re.search(r"(?i)\bsupervisors?\b|\bproductive (hours?|h)\b|\bproductive \(h\)", text)]
    assert found == []


def test_the_compliance_matrix_names_the_rfp_chapters(tmp_path):
    project = load_project(EXAMPLE_EN)
    ws = load_workbook(write_response_form(project, tmp_path))["Compliance"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(row for row in rows if "No." in row)
    column = header.index("RFP chapter")
    chapters = {row[column] for row in rows if row[0] and str(row[0]).startswith("requirement=")}
    assert {"Scope", "Change control"} <= chapters
    assert not {"Scope and purpose", "Approval and change control"} & chapters


@pytest.mark.parametrize("lang, added, instead", [("ja", "評価値にプレゼンテーション点を加える", "品質点に加えてから提案価格で割る"),
                                                  ("en", "add the presentation points to the value",
                                                   "to the quality points before the division by the price")])
def test_the_guide_never_advises_adding_presentation_points_to_a_division_value(tmp_path, lang, added, instead):
    """The division method's value (points per million) takes no presentation points (validation refuses
    combine: sum): the warning advises adding them to the quality points before the division (combine: technical);
    the guide, read after the RFP is out, advises no change to the published rule at all (issue 14)."""
    from rfpgen.documents.build import render_documents
    from docx_reading import full_text

    data = _division(lang)
    data["evaluation"]["rules"]["presentation"]["top"] = len(data["evaluation"]["vendors"])
    project = project_from_data(data)
    guide = full_text(next(iter(render_documents(project, tmp_path, only={"guide"}).values())))
    assert added not in guide and instead not in guide
    assert ("RFPの発行後は評価者が変更することはない" if lang == "ja" else "do not change it after the RFP is issued") in guide
    warning = next(p for p in project.warnings if p.path.endswith("presentation.top"))
    assert "combine: sum" not in warning.message and "combine: technical" in warning.message


@pytest.mark.parametrize("lang, total, scaled", [("ja", "加重点の合計", "プレゼンテーション点（合計 × 30 ÷ 100）"),
                                                 ("en", "Total weighted points", "Presentation points (total × 30 ÷ 100)")])
def test_the_presentation_total_rows_say_total_in_both_languages(tmp_path, lang, total, scaled):
    """The memo's rows under the presentation scores: the total of the weighted points, then the points it
    gives, in plain words that match across the languages (合計 is 'total', not 'Weighted points, summed'
    beside 'sum × 30 ÷ 100')."""
    from rfpgen.scoring.memo import presentation_rows

    _, result = _run(tmp_path, _division(lang))
    rows = presentation_rows(result, next(v for v in result.vendors if v.presentation_points is not None))
    assert [row["name"] for row in rows[-2:]] == [total, scaled]


def test_presentation_points_out_of_100_are_the_sum_without_a_scaling_that_does_nothing(tmp_path):
    from rfpgen.scoring.memo import presentation_rows

    data = _division("en")
    data["evaluation"]["rules"]["presentation"]["points"] = 100
    _, result = _run(tmp_path, data)
    rows = presentation_rows(result, next(v for v in result.vendors if v.presentation_points is not None))
    assert rows[-1]["name"].endswith("(the total above)") and "× 100 ÷ 100" not in rows[-1]["name"]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_conditions_count_the_consensus_items_they_name(tmp_path, lang):
    """Before presentations the recommendation's condition counts the flags of every vendor not disqualified:
    agreeing the items of one that did not go through could let it present instead. When the flags section
    also lists a disqualified vendor's, the condition says which it counts (the memo said 7 items while its
    section listed 9)."""
    from docx_reading import full_text

    _, result = _run(tmp_path, _division(lang))
    from rfpgen.scoring.decision import CONSENSUS_ITEMS as codes
    ranked = sum(1 for v in result.vendors if v.rank is not None for f in v.flags if f.code in codes)
    counted = sum(1 for v in result.vendors if not v.disqualified for f in v.flags if f.code in codes)
    listed = sum(1 for v in result.vendors for f in v.flags if f.code in codes)
    memo = full_text((tmp_path / "results" / "results.docx").read_bytes())
    condition = next(line for line in memo.split("\n") if "合議で確認する" in line and "第1位" in line or "to the consensus meeting" in line
                     and "settled" in line)
    assert counted > ranked  # V-A, not presented, has items too: they count
    assert re.search(rf"(?<!\d){counted}(?:件| items?)", condition), condition
    said = "失格としていない提案者" in condition or "concern bidders not disqualified" in condition
    assert said == (listed != counted), (listed, counted, condition)


def test_a_selection_without_presentations_lists_no_presentation_date():
    """Without a presentation stage in the rules and no date set, the schedule has no 'Presentations: to
    be decided' row (a bidder would prepare for a stage that does not exist); with the stage it keeps it."""
    from rfpgen.documents.parts import schedule_rows

    data = _ppq("en")
    data["project"].setdefault("schedule", {}).pop("presentations", None)
    assert not [row for row in schedule_rows(project_from_data(data)) if row[0].startswith("Presentation")]
    staged = _division("en")
    staged["project"].setdefault("schedule", {}).pop("presentations", None)
    assert [row for row in schedule_rows(project_from_data(staged)) if row[0].startswith("Presentation")]


def _ppq_presented(lang: str, **stage) -> dict:
    data = staged_data(lang, combine="presentation_only", top=2)
    data["evaluation"]["price"] = {"formula": "price_per_quality", "reference_price": 140_000_000}
    data["evaluation"]["rules"]["presentation"].update(stage)
    return data


def test_a_price_per_quality_selection_may_rank_by_the_presentations_alone(tmp_path):
    """presentation_only adds nothing to the price per quality point: the lowest two go through and the
    presentation points alone rank them (it was refused as 'cannot be added')."""
    project, result = _run(tmp_path, _ppq_presented("en"), presented=(("V-A", 2), ("V-C", 4)))
    by_id = {v.id: v for v in result.vendors}
    through = sorted((v for v in result.vendors if v.document_total is not None), key=lambda v: v.document_total)[:2]
    assert {v.id for v in through} == {v.id for v in result.vendors if v.presentation_points is not None}
    winner = max(through, key=lambda v: v.presentation_points)
    assert winner.rank == 1 and by_id[winner.id].total == pytest.approx(winner.presentation_points)
    memo = docx_text(tmp_path / "results" / "results.docx")
    assert "Bidders are ranked by final score, highest first." in memo and "The lower the final score" not in memo
    assert "score (£)" not in memo and "point (£)" in memo   # the document figure is money, the final one points
    left_out = next(v for v in result.vendors if v.presentation_points is None and v.document_total is not None)
    notice = docx_text(tmp_path / "results" / "notices" / f"{project.id}-notice-{left_out.id}.docx")
    assert "Highest price per quality point (£) that went through to the presentations" in notice


@pytest.mark.parametrize("stage, field, reason", [
    ({"combine": "sum"}, "evaluation.rules.presentation.combine", "(money, the lower the better)"),
    ({"top": None, "min_total": 60}, "evaluation.rules.presentation.min_total", "the lowest price per quality point is the best"),
])
def test_a_price_per_quality_stage_is_refused_only_for_its_true_reason(stage, field, reason):
    from rfpgen.validation import validate
    data = _ppq_presented("en", **stage)
    if stage.get("top", 0) is None:
        del data["evaluation"]["rules"]["presentation"]["top"]
    _, problems = validate(data, "en", "p.yaml")
    assert [p.path for p in problems if p.severity == "error"] == [field], [str(p) for p in problems]
    assert reason in next(p.message for p in problems if p.path == field)
