"""Regenerate the scoring templates: the paper scoring form and the results memo, ja and en.

    .venv/bin/python templates/make_scoring_templates.py

Writes templates/{ja,en}/scoring_form.docx and templates/{ja,en}/results.docx from the building
blocks of make_templates.py (house styles with East Asian fonts, cover, running header with the
confidentiality mark, page numbers, tables whose header row repeats). Both documents are internal.
The context they expect is built by rfpgen/scoring/forms.py and rfpgen/scoring/memo.py.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from rfpgen.documents.finish import SIGNATURE_ROOM  # noqa: E402
from rfpgen.scoring.model import COVERAGE_WORDS  # noqa: E402  (the tick boxes use the workbook's dropdown words)
from make_templates import (  # noqa: E402
    HEADER_SEPARATOR, MUTED, closing, core_properties, cover, header_footer, save, key_value_table, new_document, para, table, tag,
)

T = {
    "ja": {
        "form_kind": "評価シート（紙記入用）",
        "results_kind": "提案評価結果報告書",
        "project_id": "案件ID", "version": "版", "vendor": "提案者", "evaluator": "評価者（氏名）",
        "eval_date": "評価日",
        "instructions": "記入要領", "scale": "評点の尺度", "score": "評点", "meaning": "意味",
        "gates": "1. 必須項目（合否判定）", "criteria": "2. 評価項目", "checklist": "3. RFPに記載しない要件のチェックリスト",
        "closing": "4. 総評と署名",
        "id": "ID", "requirement": "必須項目", "basis": "判定の基準", "judgement": "判定", "comment": "コメント（評価の根拠）",
        "criterion": "評価項目", "weight": "配点", "anchors": "評点の基準",
        "req": "要件", "look_for": "優れた提案が自発的に触れる内容", "req_weight": "重み", "status": "記載状況",
        "page_comment": "該当ページ・コメント",
        "pass_fail": "□適合\n□不適合", "status_boxes": "\n".join("□" + w for w in COVERAGE_WORDS["ja"].values()),
        "overall": "総評", "signature": "署名",
        "range": "最小〜最大", "votes": "各評価者の判定", "result": "結果",
        "item": "項目", "detail": "内容", "file": "ファイル", "tallied": "集計日時", "evaluators": "評価者数",
        "vendors": "提案者数", "formula": "価格評価方式", "difference": "差額", "verdict": "判定",
        "files": "集計に用いたシート",
        "notice_kind": "提案審査結果のお知らせ", "to": "宛先", "from": "発信者", "your_scores": "貴社の評価項目別の評点",
        "your_presentation": "貴社のプレゼンテーションの評点",
        "your_result": "審査結果", "score_col": "評点", "points": "加重点",
    },
    "en": {
        "form_kind": "Scoring Form (paper)",
        "results_kind": "Proposal Evaluation Results",
        "project_id": "Project ID", "version": "Version", "vendor": "Bidder", "evaluator": "Evaluator (name)",
        "eval_date": "Date",
        "instructions": "Instructions", "scale": "Scoring scale", "score": "Score", "meaning": "Meaning",
        "gates": "1. Mandatory requirements (pass/fail)", "criteria": "2. Evaluation criteria",
        "checklist": "3. Checklist of requirements left out of the RFP", "closing": "4. Overall comments and signature",
        "id": "ID", "requirement": "Mandatory requirement", "basis": "Pass condition", "judgement": "Result",
        "comment": "Comment (evidence)", "criterion": "Criterion", "weight": "Weight", "anchors": "What earns each score",
        "req": "Requirement", "look_for": "What a strong proposal says unprompted", "req_weight": "Weight",
        "status": "Coverage", "page_comment": "Page / comment",
        "pass_fail": "□ Pass\n□ Fail", "status_boxes": "\n".join("□ " + w for w in COVERAGE_WORDS["en"].values()),
        "overall": "Overall comments", "signature": "Signature",
        "range": "Min–max", "votes": "Results by evaluator", "result": "Outcome",
        "item": "Item", "detail": "Detail", "file": "File", "tallied": "Tallied at", "evaluators": "Evaluators",
        "vendors": "Number of bidders", "formula": "Price formula", "difference": "Difference", "verdict": "Result",
        "files": "Sheets tallied",
        "notice_kind": "Notice of evaluation result", "to": "To", "from": "From", "your_scores": "Your scores",
        "your_presentation": "Your presentation scores",
        "your_result": "Your result", "score_col": "Score", "points": "Weighted points",
    },
}


# Writing space on paper: the comment cells stay empty; their width comes from the template.
BLANK = ""
# Two trailing no-break spaces on short headers and ids: invisible, but they keep rfpgen.render's
# column fitting from giving those columns a hair too little room when Word's font is substituted
# (e.g. Calibri by a wider font in LibreOffice), which would split "Rank" or "Q-LOC" over two lines.
NB = "\u00a0\u00a0"


OVERALL_BOX_MM = 80  # the overall comment's writing box: room for a paragraph by hand


def _row_height(row, mm: float) -> None:
    """A row at least `mm` tall (a box to write in); rfpgen.documents.finish keeps each row whole on a page."""
    height = OxmlElement("w:trHeight")
    height.set(qn("w:val"), str(round(mm / 25.4 * 1440)))
    height.set(qn("w:hRule"), "atLeast")
    row._tr.get_or_add_trPr().append(height)


def _multiline(cell, lines: list[str]) -> None:
    """Replace a cell's text with several paragraphs (e.g. a {%p for %} loop inside the cell)."""
    first = cell.paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    first.add_run(lines[0])
    for line in lines[1:]:
        paragraph = cell.add_paragraph(line)
        paragraph.paragraph_format.space_after = Mm(0)
    for paragraph in cell.paragraphs:
        paragraph.paragraph_format.space_after = Mm(0)
        for run in paragraph.runs:
            run.font.size = first.runs[0].font.size if first.runs else None


def scoring_form(lang: str):
    t = T[lang]
    doc = new_document(lang)
    # landscape A4: the anchors and the room to write beside them fit a criterion in a few lines
    # (on a portrait page each row ran half a page); these column widths are kept (rfpgen.scoring.forms)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    width = 297 - 2 * 22
    cover(doc, "{{ doc.kind }}", [
        (t["project_id"], "{{ doc.project_id }}"), (t["version"], "{{ doc.version }}"),
        (t["vendor"], "{{ vendor.label }}"),  # its name and id, or under blind evaluation its alias once
        (t["evaluator"], ""), (t["eval_date"], "{{ date_blank }}"),
    ], "{{ doc.mark }}")
    sep = HEADER_SEPARATOR[lang]
    # the form's kind and the vendor on every page (pages of different vendors never mix); the project's
    # title is on the cover: with it the header ran to two lines and pushed the confidentiality mark down
    header_footer(doc, "{{ doc.kind }}" + sep + "{{ vendor.name }}", "{{ doc.mark }}", lang, width)

    para(doc, t["instructions"], "Heading 1")
    tag(doc, "{%p for line in instructions %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    para(doc, t["scale"], "Heading 2")
    table(doc, [t["score"], t["meaning"]], ["{{ s.score }}", "{{ s.label }}"], "for s in scale", [20, 120])

    para(doc, t["gates"], "Heading 1")
    tag(doc, "{%p if gates %}")
    gate_table = table(doc, [t["id"], t["requirement"], t["basis"], t["judgement"], t["comment"]],
                       ["{{ g.id }}" + NB, "{{ g.name }}", "{{ g.basis }}", "", BLANK], "for g in gates",
                       [22, 55, 90, 26, width - 193])  # room to write a comment (6 cm)
    _multiline(gate_table.rows[2].cells[3], t["pass_fail"].split("\n"))
    gate_table.rows[2].height, gate_table.rows[2].height_rule = Mm(22), WD_ROW_HEIGHT_RULE.AT_LEAST  # room to write why
    tag(doc, "{%p else %}")
    para(doc, "{{ no_gates }}", color=MUTED)
    tag(doc, "{%p endif %}")

    para(doc, t["criteria"], "Heading 1")
    crit = table(doc, [t["id"], t["criterion"], t["weight"] + NB, t["anchors"], t["score"] + NB, t["comment"]],
                 ["{{ c.id }}" + NB, "{{ c.name }}", "{{ c.weight }}" + NB, "", "{{ c.score_box }}", BLANK], "for c in criteria",
                 [22, 45, 16, 95, 18, width - 196])
    _multiline(crit.rows[2].cells[1], ["{{ c.name }}", "{%p if c.description %}", "{{ c.description }}", "{%p endif %}"])
    _multiline(crit.rows[2].cells[3], ["{%p for a in c.anchors %}", "{{ a }}", "{%p endfor %}"])
    key_value_table(doc, [("{{ tally }}", "")], widths_mm=(100, width - 100))

    tag(doc, "{%p if checklist %}")
    para(doc, t["checklist"], "Heading 1")
    para(doc, "{{ checklist_note }}")  # how the score is computed from the tally and where it goes, before the table
    check = table(doc, [t["id"], t["req"], t["look_for"], t["req_weight"] + NB, t["status"] + NB, t["page_comment"]],
                  ["{{ r.id }}" + NB, "{{ r.text }}", "{{ r.look_for }}", "{{ r.weight }}", "", BLANK], "for r in checklist",
                  [22, 55, 58, 16, 42, width - 193])  # the status column holds 「□具体的な提案あり」 on one line
    _multiline(check.rows[2].cells[4], t["status_boxes"].split("\n"))
    tag(doc, "{%p endif %}")

    para(doc, "{% if checklist %}" + t["closing"] + "{% else %}" + t["closing"].replace("4.", "3.") + "{% endif %}", "Heading 1")
    sign = SIGNATURE_ROOM[0 if lang == "ja" else 1]  # blank room the renderer gives a row tall enough to sign in
    closing_table = key_value_table(doc, [(t["overall"], ""), (t["evaluator"], ""), (t["signature"], sign),
                                          (t["eval_date"], "{{ date_blank }}")], widths_mm=(50, width - 50))
    _row_height(closing_table.rows[0], OVERALL_BOX_MM)
    closing(doc, lang)  # a Japanese form ends with 以上, as the documents do
    core_properties(doc, "", "", "")  # set after rendering (rfpgen.render properties=)
    return doc


def _right(tbl, columns: list[int]) -> None:
    """Right-align the header and the data cells of numeric columns (money, points)."""
    for row in (tbl.rows[0], tbl.rows[2] if len(tbl.rows) > 2 else tbl.rows[1]):
        for i in columns:
            for paragraph in row.cells[i].paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _figure(doc, image: str, caption: str, width_mm: float = 166) -> None:
    """A figure and its caption in one borderless cell whose row may not split: LibreOffice does not
    keep a heading with a following paragraph that holds only a tall image, but it does keep it with
    a table, so the heading moves to the next page with its chart instead of standing alone."""
    tbl = doc.add_table(rows=1, cols=1)
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    tbl._tbl.tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(int(width_mm / 25.4 * 1440)))
    row = tbl.rows[0]
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    cell = row.cells[0]
    cell.width = Mm(width_mm)
    first = cell.paragraphs[0]
    first.add_run(image)
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    first.paragraph_format.keep_with_next = True
    para(cell, caption, "Caption", align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()


def results_memo(lang: str):
    """The decision memo. Headings and column names come from the catalogue (rfpgen.words), so the
    memo, the results workbook and the CLI name each thing alike; sections are numbered in the
    order of MEMO_SECTIONS, which the memo's cross-references use too."""
    from rfpgen.words import say
    from rfpgen.words.scoring import MEMO_SECTIONS

    def s(key: str, **values) -> str:
        return say(f"score.{key}", lang, **values)

    def h1(key: str, title: str = "") -> str:
        return f"{MEMO_SECTIONS.index(key) + 1}. {title or s('memo_' + key)}"

    t = T[lang]
    doc = new_document(lang)
    content = 166
    cover(doc, "{{ doc.kind }}", [
        (t["project_id"], "{{ doc.project_id }}"), (t["version"], "{{ doc.version }}"),
        (t["tallied"], "{{ doc.date }}"), (t["evaluators"], "{{ doc.evaluator_count }}"),
        (t["vendors"], "{{ doc.vendor_count }}"), (t["formula"], "{{ doc.formula }}"),
    ], "{{ doc.mark }}")
    header_footer(doc, "{{ doc.title }}" + HEADER_SEPARATOR[lang] + "{{ doc.kind }}", "{{ doc.mark }}", lang)

    para(doc, h1("recommendation"), "Heading 1")
    para(doc, s("memo_recommend"), "Heading 2")
    para(doc, "{{ decision.lead }}", bold=True)
    tag(doc, "{%p if decision.basis %}")
    para(doc, s("memo_basis"), "Heading 2")
    tag(doc, "{%p for line in decision.basis %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if decision.recommended %}")
    para(doc, s("memo_conditions"), "Heading 2")
    tag(doc, "{%p if decision.conditions %}")
    tag(doc, "{%p for line in decision.conditions %}")
    para(doc, "{{ line }}", "List Number")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "{{ decision.no_conditions }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if decision.steps %}")
    para(doc, s("memo_steps"), "Heading 2")
    tag(doc, "{%p for line in decision.steps %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, s("memo_approval"), "Heading 2")
    para(doc, "{{ approval.lead }}")
    table(doc, ["{{ approval.headers[0] }}", "{{ approval.headers[1] }}", "{{ approval.headers[2] }}",
                "{{ approval.headers[3] }}"],
          ["{{ a.role }}", "{{ a.name }}", "{{ a.date }}", "{{ a.sign }}"], "for a in approval.rows",
          [44, 62, 30, 30])  # the signature row's height: documents.finish
    tag(doc, "{%p for line in approval.conflicts %}")
    para(doc, "{{ line }}")
    tag(doc, "{%p endfor %}")

    para(doc, h1("ranking", "{{ labels.ranking }}"), "Heading 1")   # the document stage's ranking at that stage
    tag(doc, "{%p if ranking_note %}")  # above the table, kept with it (below, it was left alone on the next page)
    para(doc, "{{ ranking_note }}", "Caption").paragraph_format.keep_with_next = True
    tag(doc, "{%p endif %}")
    # with a presentation stage the documents' total, the presentation points and the final score
    # each have their own column (names from the catalogue, as in the rule of section "method"); the
    # ranking shows the two stages and the final score, a second table how the document stage adds up
    # (one table of eight columns leaves a vendor's name three lines and its headers broken mid-word)
    tag(doc, "{%p if staged %}")
    staged = table(doc, [s("rank") + NB, s("vendor"), "{{ labels.document_total }}", s("presentation_points"),
                         "{{ labels.total }}"],
                   ["{{ v.rank }}", "{{ v.name }}", "{{ v.document_total }}", "{{ v.presentation_points }}", "{{ v.total }}"],
                   "for v in ranking", [14, 62, 30, 30, 30])
    _right(staged, [0, 2, 3, 4])
    tag(doc, "{%p elif additive %}")
    ranking = table(doc, [s("rank") + NB, s("vendor"), s("price"), s("quality_points"), s("price_score"),
                          "{{ labels.total }}"],
                    ["{{ v.rank }}", "{{ v.name }}", "{{ v.price }}", "{{ v.quality_points }}", "{{ v.price_score }}",
                     "{{ v.total }}"],
                    "for v in ranking", [14, 56, 32, 22, 20, 22])
    _right(ranking, [0, 2, 3, 4, 5])
    tag(doc, "{%p else %}")
    # the division method and the price per quality point give no price points: the quality score
    # their formula divides by or into stands beside the price instead
    ranking = table(doc, [s("rank") + NB, s("vendor"), s("price"), "{{ labels.quality }}", "{{ labels.total }}"],
                    ["{{ v.rank }}", "{{ v.name }}", "{{ v.price }}", "{{ v.quality }}", "{{ v.total }}"],
                    "for v in ranking", [14, 62, 36, 26, 28])
    _right(ranking, [0, 2, 3, 4])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for line in ranking_notes %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if staged %}")
    para(doc, s("memo_document_stage"), "Heading 2")
    tag(doc, "{%p if additive %}")
    stage = table(doc, [s("vendor"), s("price"), s("quality_points"), s("price_score"), "{{ labels.document_total }}"],
                  ["{{ v.name }}", "{{ v.price }}", "{{ v.quality_points }}", "{{ v.price_score }}", "{{ v.document_total }}"],
                  "for v in ranking", [56, 32, 24, 24, 30])
    _right(stage, [1, 2, 3, 4])
    tag(doc, "{%p else %}")
    stage = table(doc, [s("vendor"), s("price"), "{{ labels.quality }}", "{{ labels.document_total }}"],
                  ["{{ v.name }}", "{{ v.price }}", "{{ v.quality }}", "{{ v.document_total }}"],
                  "for v in ranking", [62, 36, 28, 40])
    _right(stage, [1, 2, 3])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if calculations %}")
    para(doc, "{{ labels.calculation }}", "Heading 2")
    calc = table(doc, [s("vendor"), s("quality_score"), "{{ labels.calculation }}"],
                 ["{{ c.name }}", NB + "{{ c.quality }}", "{{ c.calculation }}"], "for c in calculations", [44, 20, content - 64])
    _right(calc, [1])
    para(doc, "{{ calculation_note }}", "Caption")
    tag(doc, "{%p endif %}")

    para(doc, h1("budget", "{{ budget.heading }}"), "Heading 1")
    para(doc, "{{ budget.lead }}")
    tag(doc, "{%p if budget.rows %}")
    budget = table(doc, [s("vendor"), s("price"), t["difference"], t["verdict"]],
                   ["{{ b.vendor }}", NB + "{{ b.price }}", NB + "{{ b.difference }}", "{{ b.verdict }}"],
                   "for b in budget.rows", [56, 38, 38, 34])
    _right(budget, [1, 2])
    tag(doc, "{%p endif %}")

    para(doc, h1("chart"), "Heading 1")
    _figure(doc, "{{ chart }}", "{{ chart_caption }}")

    para(doc, h1("criteria"), "Heading 1")
    para(doc, "{{ criteria_note }}", "Caption").paragraph_format.keep_with_next = True  # with the first vendor's table
    tag(doc, "{%p for vb in by_vendor %}")
    para(doc, "{{ vb.heading }}", "Heading 3")
    def scores_table(rows: str) -> None:
        """A vendor's scores by criterion: the documents' (vb.rows) or the presentations' (vb.presentation)."""
        scores = table(doc, [s("id") + NB, s("criterion"), s("weight") + NB, s("mean") + NB, s("weighted") + NB,
                             t["range"] + NB, s("spread") + NB],
                       ["{{ r.id }}" + NB, "{{ r.name }}", NB + "{{ r.weight }}", NB + "{{ r.mean }}", NB + "{{ r.weighted }}",
                        NB + "{{ r.range }}", NB + "{{ r.spread }}"],
                       f"for r in {rows}", [18, 66, 14, 16, 16, 20, 16])
        _right(scores, [2, 3, 4, 5, 6])

    scores_table("vb.rows")
    # the presentation scores, where the vendor presented: with presentation_only they decide the ranking
    tag(doc, "{%p if vb.presentation %}")
    para(doc, "{{ labels.presentation_scores }}", "Caption").paragraph_format.keep_with_next = True
    scores_table("vb.presentation")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")

    para(doc, h1("dq"), "Heading 1")
    tag(doc, "{%p for line in dq_summary %}")
    para(doc, "{{ line }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if gate_rows %}")
    table(doc, [s("vendor"), t["requirement"], t["votes"], t["result"]],
          ["{{ g.vendor }}", "{{ g.gate }}", "{{ g.votes }}", "{{ g.result }}"], "for g in gate_rows", [38, 48, 50, 30])
    tag(doc, "{%p endif %}")

    para(doc, h1("flags"), "Heading 1")
    # what concerns the result as a whole (a document-stage result when the presentation scores look due),
    # then each vendor's items
    tag(doc, "{%p for line in checks %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if flag_rows %}")
    table(doc, [s("vendor"), t["item"] + NB, t["detail"]], ["{{ f.vendor }}", "{{ f.item }}" + NB, "{{ f.text }}"],
          "for f in flag_rows", [38, 22, content - 60])
    tag(doc, "{%p elif not checks %}")
    para(doc, "{{ no_flags }}")
    tag(doc, "{%p endif %}")

    para(doc, h1("consensus"), "Heading 1")
    tag(doc, "{%p if consensus_rows %}")
    cons = table(doc, [s("vendor"), t["item"] + NB, s("spread") + NB, s("mean") + NB, s("agreed") + NB, s("reason")],
                 ["{{ c.vendor }}", "{{ c.item }}" + NB, NB + "{{ c.spread }}", NB + "{{ c.mean }}", NB + "{{ c.agreed }}",
                  "{{ c.reason }}"], "for c in consensus_rows", [34, 18, 16, 16, 18, content - 102])
    _right(cons, [2, 3, 4])
    tag(doc, "{%p else %}")
    para(doc, "{{ no_consensus }}")
    tag(doc, "{%p endif %}")

    para(doc, h1("robustness"), "Heading 1")
    para(doc, "{{ robustness_lead }}")
    tag(doc, "{%p if robustness_rows %}")
    table(doc, [s("test"), s("outcome"), "{{ labels.changes }}" + NB],
          ["{{ r.test }}", "{{ r.outcome }}", "{{ r.changed }}" + NB], "for r in robustness_rows", [56, 84, content - 140])
    tag(doc, "{%p endif %}")

    para(doc, h1("method"), "Heading 1")
    para(doc, "{{ labels.rule }}", "Heading 2")
    table(doc, [t["item"], t["detail"]], ["{{ r.label }}", "{{ r.text }}"], "for r in rule", [40, content - 40])
    tag(doc, "{%p if internal %}")
    para(doc, s("memo_internal"), "Heading 2")
    table(doc, [t["item"], t["detail"]], ["{{ r.label }}", "{{ r.text }}"], "for r in internal", [40, content - 40])
    tag(doc, "{%p endif %}")
    para(doc, s("memo_procedure"), "Heading 2")
    tag(doc, "{%p for line in method %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")

    para(doc, h1("tally"), "Heading 1")
    para(doc, s("memo_missing"), "Heading 2")
    tag(doc, "{%p if missing %}")
    para(doc, "{{ missing_meaning }}")
    tag(doc, "{%p for line in missing %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "{{ no_missing }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if comment_gaps %}")
    para(doc, "{{ comment_lead }}")
    tag(doc, "{%p for line in comment_gaps %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, t["files"], "Heading 2")
    table(doc, [t["file"]], ["{{ f }}"], "for f in files", [content])
    closing(doc, lang)
    core_properties(doc, "", "", "")  # set after rendering (rfpgen.render properties=)
    return doc


def _quotation(paragraph) -> None:
    """Set a paragraph off as quoted text: indented, with a rule down its left (consecutive quoted
    paragraphs join into one block)."""
    paragraph.paragraph_format.left_indent = Mm(8)
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "12"), ("space", "8"), ("color", "A0A0A0")):
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    paragraph._p.get_or_add_pPr().insert_element_before(  # where the schema puts it in w:pPr
        borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
        "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
        "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
        "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def result_notice(lang: str):
    """The letter to one vendor: its own scores, its rank and the winner's total, nothing of the others.
    A business letter: the date, the addressee (…様, or …御中 without a named contact), the sender with the department and the contact,
    the subject; in Japanese 拝啓 … 敬具 around the letter and 記 … 以上 around what it gives; in
    English a salutation, a sign-off and the contact for questions."""
    t = T[lang]
    doc = new_document(lang)
    content = 166
    header_footer(doc, "{{ doc.title }}" + HEADER_SEPARATOR[lang] + "{{ doc.kind }}", "", lang)
    para(doc, "{{ doc.date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    tag(doc, "{%p for line in notice.to %}")
    para(doc, "{{ line }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for line in notice.sender %}")
    para(doc, "{{ line }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    tag(doc, "{%p endfor %}")
    para(doc, "{{ doc.kind }}", "Title", align=WD_ALIGN_PARAGRAPH.CENTER)
    para(doc, "{{ notice.salutation }}")
    tag(doc, "{%p for line in notice.body %}")
    para(doc, "{{ line }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if notice.keigu %}")
    para(doc, "{{ notice.keigu }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if notice.ki %}")
    para(doc, "{{ notice.ki }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    tag(doc, "{%p endif %}")
    para(doc, t["your_result"], "Heading 2")
    result = table(doc, [t["item"], t["detail"]], ["{{ r.label }}", "{{ r.value }}"], "for r in notice.result",
                   [70, content - 70])
    _right(result, [1])
    def scores_table(rows: str) -> None:
        """The vendor's own scores by criterion: the documents' (notice.criteria) or the presentation's."""
        scores = table(doc, [t["criterion"], t["weight"] + NB, t["score_col"] + NB, t["points"] + NB],
                       ["{{ c.name }}", "{{ c.weight }}" + NB, "{{ c.score }}" + NB, "{{ c.points }}" + NB],
                       f"for c in {rows}", [content - 66, 20, 22, 24])
        _right(scores, [1, 2, 3])

    para(doc, t["your_scores"], "Heading 2")
    scores_table("notice.criteria")
    tag(doc, "{%p if notice.presentation %}")
    para(doc, t["your_presentation"], "Heading 2")
    scores_table("notice.presentation")
    tag(doc, "{%p endif %}")
    para(doc, "{{ notice.points }}", color=MUTED, size=9)
    # the RFP's rule, introduced in the letter's own voice, then quoted as the RFP words it (in Japanese
    # 常体 inside a 敬体 letter): indented behind a rule line, so it reads as the RFP's text, not the letter's
    para(doc, "{{ notice.rule.intro }}", color=MUTED, size=9).paragraph_format.keep_with_next = True
    tag(doc, "{%p for line in notice.rule.quote %}")
    _quotation(para(doc, "{{ line }}", color=MUTED, size=9, space_after=0))
    tag(doc, "{%p endfor %}")
    # the inquiry line, the closing (Yours sincerely,) and the signature stay together: a page never
    # ends with the closing and the next holds the signature alone
    para(doc, "{{ notice.inquiry }}").paragraph_format.keep_with_next = True
    tag(doc, "{%p for line in notice.signoff %}")
    para(doc, "{{ line }}").paragraph_format.keep_with_next = True
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if notice.ijo %}")
    para(doc, "{{ notice.ijo }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    tag(doc, "{%p endif %}")
    core_properties(doc, "", "", "")
    return doc


def main(folder: Path = HERE):
    """Write the templates into `folder`/ja and `folder`/en (the repository's templates/ by default)."""
    for lang in ("ja", "en"):
        out = folder / lang
        out.mkdir(parents=True, exist_ok=True)
        for name, build in (("scoring_form.docx", scoring_form), ("results.docx", results_memo),
                            ("result_notice.docx", result_notice)):
            save(build(lang), out / name)
            print(f"wrote {out / name}")


if __name__ == "__main__":
    main()
