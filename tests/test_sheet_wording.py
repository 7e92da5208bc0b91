"""The scoring, presentation and price workbooks, the paper form and the response form read as the
documents write: full-width punctuation in Japanese, the project named by its title in prose, one way
of writing an evaluator, no gates where a stage has none, the figure named as what it is, amounts with
their currency, headings without a bracket left alone on a line, and the response form asking what the
RFP and the requirements ask."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx_reading import shown
from openpyxl import load_workbook
from responses_support import fill, rows, sheets
from scoring_support import project_data

from rfpgen.documents.parts import approval_block
from rfpgen.documents.rfp_terms import deadline
from rfpgen.documents.xlsx import wrapped_lines
from rfpgen.responses import evaluate, rates, response_form
from rfpgen.responses.form import initial_cost_items
from rfpgen.scoring import model, write_scoring_outputs
from rfpgen.scoring.forms import form_context, instructions as paper_instructions
from rfpgen.scoring.sheets import evaluator_workbook, price_workbook
from rfpgen.scoring.rules import alias, statements
from rfpgen.text import display_width
from rfpgen.validation import load_project, project_from_data
from rfpgen.words import say

from documents_support import EN, JA



def _book(data: bytes):
    return load_workbook(io.BytesIO(data))


def _texts(ws) -> list[str]:
    return [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _widths(ws) -> dict[str, float]:
    """Each column's width by letter (openpyxl keeps a run of equal columns as one dimension)."""
    from openpyxl.utils import get_column_letter

    out = {}
    for dim in ws.column_dimensions.values():
        for i in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            out[get_column_letter(i)] = dim.width
    return out


def _vendor_sheets(wb):
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible" and isinstance(ws["A1"].value, str)
            and ws["A1"].value.startswith("vendor=")]


# ------------------------------------------------------------------ 1. the evaluator workbook's wording

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_vendor_sheet_header_lines_read_as_prose(ja, en, lang):
    """評価シート：…, 案件：<title> (no project id), 評価者：name／role as on the instructions sheet;
    評点（0〜5）; checklist tags 【必須】 (English: Score (0–5), [Must], "Name, Role")."""
    project = ja if lang == "ja" else en
    evaluator = model.Scheme(project).evaluators()[0]
    wb = _book(evaluator_workbook(project, evaluator))
    instructions = wb.worksheets[0]
    written = model.evaluator_label(evaluator, lang)
    assert written in _texts(instructions)
    for ws in _vendor_sheets(wb):
        b1, b2, b3 = ws["B1"].value, ws["B2"].value, ws["B3"].value
        assert project.id not in b2 and project.data["project"]["title"] in b2
        if lang == "ja":
            assert all("：" in line and ": " not in line for line in (b1, b2, b3))
            assert b3 == f"評価者：{written}" and "／" in written
            assert "評点（0〜5）" in _texts(ws) and not any("(0–" in t for t in _texts(ws))
            tags = [t for t in _texts(ws) if t.startswith(("[", "【"))]
            assert tags and all(t.startswith("【") for t in tags)
        else:
            assert b3 == f"Evaluator: {written}" and ", " in written
            assert "Score (0–5)" in _texts(ws)


# ------------------------------------------------------------------ 2. the presentation workbook

@pytest.mark.parametrize("path", [JA, EN])
def test_presentation_workbook_has_no_gates_and_totals_presentation_points(path):
    project = load_project(path)
    stage = model.PresentationScheme(project)
    assert stage.weighted()
    evaluator = stage.evaluators()[0]
    wb = _book(evaluator_workbook(project, evaluator, stage))
    lang = project.lang
    gate_words = ("必須要件", "適合") if lang == "ja" else ("Mandatory", "Pass or Fail", "pass/fail")
    points = project.data["evaluation"]["rules"]["presentation"]["points"]
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        assert not [t for t in _texts(ws) if any(w in t for w in gate_words)], ws.title
    assert wb.worksheets[0]["B1"].value.startswith("プレゼンテーション評価シート" if lang == "ja" else "Presentation scoring sheet")
    for ws in _vendor_sheets(wb):
        total = next(r for r in range(1, ws.max_row + 1) if ws[f"A{r}"].value == "total=quality")
        label = ws[f"C{total}"].value
        assert label == (f"プレゼンテーション点（{points:g}点満点）" if lang == "ja" else f"Presentation points (out of {points:g})")
        assert "品質" not in label and "Quality" not in label
        formula = ws[f"F{total}"].value
        if points == 100:
            assert formula.startswith("=SUM(")
        else:  # the weighted sum (of 100) on the row above, then its share of the points; no weight beside the points
            assert formula == f"=F{total - 1}*{points:g}/100" and ws[f"F{total - 1}"].value.startswith("=SUM(")
            assert ws[f"D{total}"].value is None and ws[f"D{total - 1}"].value.startswith("=SUM(")
            assert ws[f"C{total - 1}"].value == ("加重点の合計（100点満点）" if lang == "ja" else "Total weighted points (out of 100)")
        assert ws["B6"].value.startswith("1. ")  # the criteria come first, numbered from 1
    # a live presentation is not "written": no scale word about the written proposal, on any sheet
    written = ("記載", "Not addressed")
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert not [t for t in _texts(ws) if any(w in t for w in written)], ws.title


@pytest.mark.parametrize("path", [JA, EN])
def test_blind_instructions_name_the_sheets_as_they_are_named(path):
    """Under blind evaluation the sheets are named by alias (Vendor A): step 1 says so, and the table of
    vendors to score lists each sheet once, not 'Vendor A | Vendor A'; otherwise by the vendor's shortened name,
    with the name in full."""
    import copy

    from rfpgen.project import Project

    for blind in (True, False):
        data = copy.deepcopy(load_project(path).data)
        data["evaluation"].setdefault("rules", {})["blind"] = blind
        project = Project(data)
        scheme = model.Scheme(project)
        ws = _book(evaluator_workbook(project, scheme.evaluators()[0])).worksheets[0]
        cells = [[c.value for c in row if c.value is not None] for row in ws.iter_rows()]
        step = next(v[1] for v in cells if v and v[0] == "1.")
        first = scheme.panel_vendors()[0]
        if blind:  # the example is the first sheet's alias, Vendor A: another letter would pair with the candidate list
            assert alias(0, project.lang) in step and ("提案者ID" not in step and "vendor ID" not in step), step
        else:
            assert "提案者名" in step or "bidder's name" in step, step
        title = say("score.vendors_title", project.lang)
        at = next(i for i, v in enumerate(cells) if v == [title])
        listed = [v for v in cells[at + 2:at + 2 + len(scheme.vendors())]]
        if blind:
            assert listed == [[alias(i, project.lang)] for i in range(len(listed))], listed
        else:
            assert listed[0] == [model.sheet_title(first["name"], set()), first["name"]], listed
            assert listed[0][0] != first["name"] and listed[0][0] in first["name"], listed  # 株式会社 dropped


# ------------------------------------------------------------------ 3. the price workbook

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_price_workbook_names_the_proposed_price_its_currency_and_one_evaluator(ja, en, lang):
    project = ja if lang == "ja" else en
    wb = _book(price_workbook(project))
    instructions = " ".join(_texts(wb.worksheets[0]))
    if lang == "ja":
        assert "提案価格" in instructions and "見積総額" not in instructions
    else:
        assert "proposed price" in instructions and "bid price" not in instructions
    people = model.Scheme(project).price_evaluators()
    labels = [wb.worksheets[0][f"B{r}"].value for r in range(1, 10)]
    if len(people) == 1 and lang == "en":
        assert "Price evaluator" in labels and "Price evaluators" not in labels
    prices = wb.worksheets[1]
    formats = {prices[f"D{r}"].number_format for k, r in rows(prices).items() if k.startswith("price=")}
    assert formats == {'#,##0"円"'} if lang == "ja" else formats == {'"£"#,##0'}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_rate_structure_entries_fit_their_columns(ja, en, lang):
    """超過単価（基準業務量を超える1件あたり）on one line, not its closing bracket alone on the next."""
    project = ja if lang == "ja" else en
    wb = _book(price_workbook(project))
    ws = wb.worksheets[2]
    widths = _widths(ws)
    for row in ws.iter_rows(min_row=3):
        for cell in row[:4]:
            if isinstance(cell.value, str):
                for line in cell.value.split("\n"):
                    assert display_width(line) + 2 <= widths[cell.column_letter], cell.value
                    assert not re.fullmatch(r"[)）]*", line) and not line.startswith(("）", ")")), cell.value
    # narrow enough to print on A4 landscape at 80% or more (about 140 units of width), not at half size
    assert sum(widths[c] for c in "ABCDE") <= 140, widths


def test_price_sheets_agree_on_where_the_price_comes_from(ja, en):
    """The 価格 sheet and the 価格体系 sheet say the same: from the response forms, no price typed; else typed."""
    for project in (ja, en):
        wb = _book(price_workbook(project))
        texts = ["\n".join(_texts(ws)) for ws in wb.worksheets[:3]]
        for text in texts:
            assert ("提案回答書" in text) if project.lang == "ja" else ("response forms" in text), text[:200]
        assert "価格の入力は不要" not in texts[0] or "用いない場合に限り" in texts[0]


# ------------------------------------------------------------------ 5. the paper form

def _rendered_form(project, tmp_path, vendor_key=None) -> Path:
    write_scoring_outputs(project, tmp_path)
    forms = sorted((tmp_path / "scoring").glob("*-evaluator-form-*.docx"))
    return next(f for f in forms if vendor_key is None or f.stem.endswith("-" + vendor_key))


@pytest.mark.parametrize("path", [JA, EN])
def test_paper_form_overall_box_explanation_and_cover(path, tmp_path):
    project = load_project(path)
    scheme = model.Scheme(project)
    first = scheme.vendors()[0]
    doc = Document(str(_rendered_form(project, tmp_path, scheme.vendor_key(first))))
    lang = project.lang
    overall = "総評" if lang == "ja" else "Overall comments"
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    box = next(row for table in doc.tables for row in table.rows if row.cells[0].text.strip() == overall)
    height = box._tr.find(f"{ns}trPr/{ns}trHeight")
    assert height is not None and int(height.get(f"{ns}val")) >= 75 / 25.4 * 1440  # about 8 cm to write in
    # the coverage formula is explained before the checklist it applies to
    body = list(doc.element.body.iterchildren())
    formula = next(i for i, el in enumerate(body) if el.tag == f"{ns}p" and ("充足度 ＝" in shown("".join(el.itertext()))
                                                                            or "coverage = " in shown("".join(el.itertext()))))
    checklist = next(i for i, el in enumerate(body) if el.tag == f"{ns}tbl"
                     and ("優れた提案が自発的に触れる内容" in "".join(el.itertext())
                          or "What a strong proposal says unprompted" in "".join(el.itertext())))
    assert formula < checklist
    cover = {row.cells[0].text.strip(): row.cells[1].text.strip() for row in doc.tables[0].rows}
    vendor = shown(cover["提案者" if lang == "ja" else "Bidder"])
    if scheme.blind:
        assert vendor == scheme.shown_name(first)  # Vendor A, not Vendor A (A)
    else:
        assert vendor == f"{first['name']}（{first['id']}）"


@pytest.mark.parametrize("era, blank", [("japanese", "令和\u3000\u3000年\u3000\u3000月\u3000\u3000日"),
                                       ("western", "\u3000\u3000年\u3000\u3000月\u3000\u3000日")])
def test_blank_dates_to_write_in_follow_the_projects_era(era, blank, tmp_path):
    """The paper form's 評価日 (on its cover and beside the signature) and the approval block's 承認日
    are written in by hand in the project's era: 令和　　年　　月　　日 under 和暦."""
    project = load_project(JA)
    project.data["project"]["era"] = era
    doc = Document(str(_rendered_form(project, tmp_path)))
    dates = [row.cells[1].text for table in doc.tables for row in table.rows if row.cells[0].text.strip() == "評価日"]
    assert dates == [blank, blank]
    approvers = project.data["approval"]["approvers"]
    approvers[-1].pop("date")  # an approval not yet given
    _, rows = approval_block(project)
    assert {row[2] for row, a in zip(rows, approvers) if not a.get("date")} == {blank}  # to be signed by hand
    year = "令和9年" if era == "japanese" else "2027年"
    assert [row[2].split("\n")[0] for row, a in zip(rows, approvers) if a.get("date")] == [year + "2月15日", year + "2月8日"]
    _, rows = approval_block(project, dated=False)  # the memo's decision: every date still to come
    assert {row[2] for row in rows} == {blank}


@pytest.mark.parametrize("path", [JA, EN])
def test_paper_form_words_the_computed_criterion_for_paper(path, tmp_path):
    """On paper nothing is computed automatically: the evaluator tallies the checklist, the method is said
    once, and the tick boxes carry the same coverage words as the instructions and the workbook's dropdown."""
    project = load_project(path)
    scheme = model.Scheme(project)
    doc = Document(str(_rendered_form(project, tmp_path, scheme.vendor_key(scheme.vendors()[0]))))
    paragraphs = [p.text for p in doc.paragraphs] + [p.text for t in doc.tables for row in t.rows
                                                     for cell in row.cells for p in cell.paragraphs]
    text = "\n".join(paragraphs)
    for word in ("自動", "automatic", "computed from this checklist", "cannot be typed", "入力できない"):
        assert word not in text, word
    assert sum("充足度 ＝" in shown(p.text) or "coverage = " in shown(p.text) for p in doc.paragraphs) == 1
    words = model.COVERAGE_WORDS[project.lang].values()
    boxes = {shown(p).strip().lstrip("□ ") for p in paragraphs if p.strip().startswith("□")}
    assert set(words) <= boxes, boxes
    steps = "\n".join(paper_instructions(scheme))
    assert all(word in steps for word in words)  # the instructions use the same words


def test_blind_form_context_prints_the_alias_once():
    project = project_from_data(project_data(**{"evaluation.rules": {"blind": True}}))
    vendor = form_context(project, model.Scheme(project).panel_vendors()[0])["vendor"]
    assert vendor["label"] == "Bidder A" and "(" not in vendor["label"]


# ------------------------------------------------------------------ 6.–8. the response form

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_response_form_cover_reads_as_the_rfp(ja, en, lang):
    project = ja if lang == "ja" else en
    wb = _book(response_form(project)[1])
    by = sheets(wb)
    texts = _texts(by["cover"])
    assert deadline(project) in texts  # with its weekday, time and zone, as the RFP writes it
    assert not [t for t in texts if project.id in t]
    if lang == "ja":
        assert "提案回答書：" + project.data["project"]["title"] in texts


def test_blind_response_form_names_the_bidder_on_a_sheet_the_client_removes(en, tmp_path):
    """The RFP forbids the company name in the proposal's forms under blind evaluation: the form asks
    for it on its own 'Bidder' sheet only, the RFP says so, and a form without that sheet still reads
    back by the vendor id in its file name."""
    assert model.Scheme(en).blind
    wb = _book(response_form(en)[1])
    by = sheets(wb)
    assert "bidder" in by and "cover=vendor_name" in rows(by["bidder"]) and "cover=vendor_name" not in rows(by["cover"])
    assert by["bidder"].title in " ".join(statements(en.data["evaluation"], "en"))
    assert "Proposer" not in " ".join(t for ws in wb.worksheets for t in _texts(ws))
    form = tmp_path / "form.xlsx"
    form.write_bytes(response_form(en)[1])
    vendor = en.data["evaluation"]["vendors"][0]
    model_name = rates.settings(en).models[0]
    lines = {(line.key, p["id"] if line.per_program else ""): [10] * rates.contract_years(rates.settings(en).term_months)
             for line in rates.lines(model_name) for p in (rates.priced_programs(en) if line.per_program else [None])}
    staffing = {p["id"]: (300, 20, 85, 10) for p in rates.priced_programs(en)}
    filled = fill(form, tmp_path / f"{vendor['id']}.xlsx", en, name=vendor["name"], model=model_name, staffing=staffing,
                  rates=lines, initial=[])
    assert evaluate(en, [filled]).vendors[0].id == vendor["id"]
    stripped = load_workbook(filled)
    del stripped[by["bidder"].title]
    stripped.save(tmp_path / f"offer-{vendor['id']}.xlsx")
    assert evaluate(en, [tmp_path / f"offer-{vendor['id']}.xlsx"]).vendors[0].id == vendor["id"]


def _lone_bracket(text: str, width: float) -> bool:
    """Whether wrapping `text` in a column `width` wide could leave its closing bracket alone on a line:
    a heading longer than its line whose bracketed note is not on a line of its own."""
    return any(display_width(line) + 2 > width and re.search(r"[）)]$", line) and not re.match(r"^[（(]", line)
               for line in str(text).split("\n"))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_response_form_headings_and_names_fit(ja, en, lang):
    project = ja if lang == "ja" else en
    wb = _book(response_form(project)[1])
    by = sheets(wb)
    names = {p["name"] for p in rates.priced_programs(project)}
    for kind, ws in by.items():
        if kind in ("cover", "bidder", "compliance"):
            continue
        widths = _widths(ws)
        for cell in ws[4]:  # the heading row
            if isinstance(cell.value, str):
                width = widths.get(cell.column_letter, 8.43)
                assert not _lone_bracket(cell.value, width), (kind, cell.value, width)
                assert wrapped_lines(cell.value, width) <= (3 if kind in ("staffing", "forecast") else 2), cell.value
        for row in ws.iter_rows(min_row=5, max_col=3):
            for cell in row[1:3]:
                if cell.value in names:
                    assert display_width(cell.value) + 2 <= widths[cell.column_letter], (kind, cell.value)
        if kind in ("staffing", "forecast"):
            assert ws.column_dimensions["C"].hidden  # the programme's id only where the readback needs it
        if lang == "ja" and kind.startswith("price:"):
            assert " = " not in ws["B2"].value and "＝" in ws["B2"].value


def test_response_form_prices_every_initial_cost_the_requirements_ask_for(ja):
    """PRC-002 (R-038) asks for 研修費, システム設定費, 接続工事費 and 業務設計費 as line items: the form lists
    each, and no item the form lists is the client's alone."""
    items = [c["item"] for c in initial_cost_items(ja)]
    for word in ("研修", "設定", "接続工事", "業務設計"):
        assert any(word in item for item in items), word
    wb = _book(response_form(ja)[1])
    for kind, ws in sheets(wb).items():
        if kind.startswith("price:"):
            listed = [ws[f"B{r}"].value for k, r in rows(ws).items() if k.startswith("initial=")]
            assert listed == items
    # an item the vendor is told to quote is not one the client bears alone (which the form leaves out)
    assert all(c["borne_by"] != "client" for c in ja.section("pricing")["initial_costs"] if "提案回答書" in (c.get("notes") or ""))


def test_japanese_cells_are_written_whole_in_rows_as_tall_as_their_computed_lines():
    """Breaks rfpgen computed were written into the cells, one inside a word (マル / チ, リス / ク): copied
    with the text. A step or a criterion is written whole, for the spreadsheet to wrap, in a row as
    tall as the lines kinsoku_lines computes for it (nothing clipped)."""
    from rfpgen.documents.xlsx import kinsoku_lines, row_height
    from rfpgen.scoring.sheets import STEP_WIDTH, WIDTHS

    project = load_project(JA)
    book = _book(evaluator_workbook(project, model.Scheme(project).evaluators()[0]))
    instructions, vendor = book.worksheets[0], book.worksheets[1]
    cells = [(c, STEP_WIDTH) for row in instructions.iter_rows(min_col=3, max_col=3) for c in row
             if isinstance(c.value, str) and "。" in c.value]
    cells += [(c, WIDTHS[c.column_letter]) for row in vendor.iter_rows() for c in row
              if isinstance(c.value, str) and c.column_letter in "CG" and display_width(c.value) > WIDTHS[c.column_letter]]
    assert len(cells) > 10
    assert not [c.value for c, _ in cells if c.parent is instructions and "\n" in c.value]  # one step a row, whole
    for cell, width in cells:
        assert not re.search(r"[\u30a0-\u30ff]\n[\u30a0-\u30ff]|[!-~]\n[!-~]", cell.value), cell.value
        lines = kinsoku_lines(cell.value, width).count("\n") + 1
        # (XlsxWriter stores a height in whole pixels: 130 pt as 129.75)
        assert cell.parent.row_dimensions[cell.row].height >= row_height(lines) - 1, (cell.coordinate, cell.value)


def test_kinsoku_lines_move_a_character_down_with_the_mark():
    from rfpgen.documents.xlsx import kinsoku_lines

    assert kinsoku_lines("要員体制を調整すること。", 13) == "要員体制を調\n整すること。"
    assert kinsoku_lines("あいうえお「RFP」", 13) == "あいうえお\n「RFP」"  # 「 goes down with its word
    assert kinsoku_lines("あいうえお。", 11) == "あいうえ\nお。"  # 。 takes お with it
    english = "Plain English text that is long enough to wrap in a column"
    assert kinsoku_lines(english, 10) == english  # Latin text wraps at its spaces by itself
