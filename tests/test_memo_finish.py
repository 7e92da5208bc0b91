"""The finish of the decision memo and the documents around it (issue 14): one number format per quantity
across guide, workbooks, results.xlsx and memo; short Japanese labels kept whole; plain labels; a time
zone named one way; an addendum's editions; the guide's account of requirements an answer disclosed."""
from __future__ import annotations

import re

from docx import Document
from openpyxl import load_workbook

from docx_reading import shown
from rfpgen.documents.guide import guide_document
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from scoring_support import fill_all, make_project, project_data


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def test_quality_scores_print_with_the_rules_digits_in_every_document(tmp_path):
    """Under the division method rounded to the 4th decimal (小数点以下第5位四捨五入), a quality score is
    68.0000 in the memo: the guide's worked example, the evaluator's workbook and results.xlsx print
    quality scores and weighted points with the same four decimals, not 82.00 beside it."""
    data = project_data(**{"evaluation.price": {"formula": "jp_division", "reference_price": 200_000_000},
                           "evaluation.rules": {"rounding": {"method": "half_up", "digits": 4, "apply_to": ["quality", "total"]}}})
    project = make_project(data)

    price = next(c for c in guide_document(project, None) if c["title"] == "Price")
    example = next(t for t in price["topics"] if t["title"].startswith("Worked example"))
    quality_column = example["table"]["columns"].index("Quality score")
    assert {_decimals(row[quality_column]) for row in example["table"]["rows"]} == {4}

    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project))
    write_results(project, result, tmp_path / "results")
    memo = Document(str(tmp_path / "results" / "results.docx"))
    memo_quality = {shown(row.cells[3].text) for table in memo.tables for row in table.rows[1:]
                    if len(row.cells) > 3 and re.fullmatch(r"\d+\.\d+", shown(row.cells[3].text))}
    assert memo_quality and {_decimals(q) for q in memo_quality} == {4}

    sheet = load_workbook(tmp_path / "scoring" / f"{project.id}-scores-E1.xlsx").worksheets[1]
    weighted = {cell.number_format for (cell,) in sheet.iter_rows(min_col=6, max_col=6)
                if isinstance(cell.value, str) and cell.value.startswith("=") and "*" in cell.value}
    assert weighted == {"0.0000"}

    by_criterion = load_workbook(tmp_path / "results" / "results.xlsx").worksheets[1]
    assert {cell.number_format for (cell,) in by_criterion.iter_rows(min_row=2, min_col=10, max_col=10)
            if isinstance(cell.value, float)} == {"#,##0.0000"}


def test_a_short_japanese_operand_of_a_formula_is_kept_whole():
    """LibreOffice breaks Japanese between any two characters: the memo's label 「プレゼンテーション点
    （合計 × 30 ÷ 100）」 printed 「（合 / 計 × 30 ÷ 100）」 in its narrow column once the operator was joined
    to the figures. A short Japanese word that is a formula's operand (合計, 配点 × 評点) is joined whole in
    a run without an East Asian language, as a date is; a longer word and plain text are left to break."""
    from docx.oxml.ns import qn

    from rfpgen.documents.finish import WORD_JOINER, finish

    doc = Document()
    label, formula = "プレゼンテーション点（合計 × 30 ÷ 100）", "品質スコア ＝ Σ（配点 × 評点 ÷ 5）"
    for text in (label, formula):
        doc.add_table(rows=1, cols=1).rows[0].cells[0].paragraphs[0].add_run(text)
    finish(doc)

    def whole_runs(cell) -> list[str]:
        return [r.text for r in cell.paragraphs[0].runs
                if (r._r.find(qn("w:rPr")) is not None and r._r.find(qn("w:rPr")).find(qn("w:lang")) is not None
                    and r._r.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:eastAsia")) == "zxx")]

    first, second = (table.rows[0].cells[0] for table in doc.tables)
    assert whole_runs(first) == [f"合{WORD_JOINER}計"]
    assert whole_runs(second) == [f"配{WORD_JOINER}点", f"評{WORD_JOINER}点"]  # 品質スコア: five characters, left to break
    assert shown(first.text) == label  # (the no-break spaces Japanese text keeps read as spaces)


def test_an_addendum_names_each_edition_once():
    """`rfpgen diff` of two files with the same edition said 'Version 2.1 → 2.1': with nothing to tell the
    editions apart the addendum names the one edition; an addendum recorded in the new file (rfp.revisions)
    is the new side's edition, the old file's the old side's."""
    import copy

    from rfpgen.documents.comparison import comparison_context
    from rfpgen.versions import compare

    old = project_data()
    new = copy.deepcopy(old)
    new["operations"]["requirements"][0]["text"] = "Answer 85 % of calls within 20 seconds."
    same = compare(make_project(old), make_project(new), "rfp")
    context = comparison_context(same, make_project(new))
    assert context["doc"]["version"] == "1.0" and "→" not in context["doc"]["version"]
    assert context["intro"][0].startswith("The RFP (version 1.0) is changed as below. This addendum")

    new["rfp"] = {"revisions": [{"version": "1.1", "date": "2027-02-01", "summary": "Addendum 1: service level"}]}
    amended = compare(make_project(old), make_project(new), "rfp")
    context = comparison_context(amended, make_project(new))
    assert context["doc"]["version"] == "1.0 → 1.1"
    assert context["intro"][0].startswith("The RFP (version 1.0) is changed as below and becomes version 1.1.")


def test_the_guide_keeps_the_questions_on_a_requirement_an_answer_disclosed(en):
    """Question 4 of the English example asked about PRC-003 before its answer disclosed it: the guide's
    evidence of unstated needs still lists the question, and says by which answer and on which day the
    requirement was disclosed and that it is no longer scored (it had dropped the question silently)."""
    hidden = next(c for c in guide_document(en, None) if c["title"] == "Requirements left out of the RFP")
    table = next(t for t in hidden["topics"] if t["title"] == "Questions that touched a requirement left out of the RFP")["table"]
    rows = {(row[0], row[table["columns"].index("Requirement")]): row[table["columns"].index("Question")]
            for row in table["rows"]}
    asked, disclosed = rows[("4", "PRC-003")].split("\n")
    assert asked == "What does the client expect from the contractor when the contract ends?"
    assert disclosed.startswith("Disclosed to all bidders by the answer to question 4 (25 June 2027)")
    assert disclosed.endswith("No longer scored as an unstated need.")
    assert "\n" not in rows[("2", "OPS-006")]  # still withheld: the question alone


def test_the_memos_criterion_column_is_wider_than_its_columns_of_figures(tmp_path):
    """A vendor's scores by criterion: the criterion names (sentences) get more room than the min–max
    range, which breaks after its dash as the renderers break it (3.0000– / 5.0000); kept whole,
    the range took the width and the names ran three lines a row."""
    from memo_support import run_memo

    _, _, docx = run_memo(tmp_path, "en")
    doc = Document(str(docx))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"
    checked = 0
    for table in doc.tables:
        header = [shown(c.text).strip() for c in table.rows[0].cells]
        if "Criterion" not in header or "Min–max" not in header:
            continue
        grid = [int(col.get(w)) for col in table._tbl.tblGrid.iterchildren()]
        criterion, spread = grid[header.index("Criterion")], grid[header.index("Min–max")]
        assert criterion == max(grid) and criterion > spread * 1.5, (header, grid)
        checked += 1
    assert checked >= 3
