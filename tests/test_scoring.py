"""Scoring: sheets out, filled programmatically, read back, ranked; compared with hand-computed figures."""
from __future__ import annotations

import io
import json
import math
import re
import zipfile
from fractions import Fraction
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from rfpgen.cli import main
from docx_reading import shown
from rfpgen.documents.properties import internal_mark
from rfpgen.documents.render import docx_parts, visible_text
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.forms import write_forms
from rfpgen.scoring.model import META_SHEET, sheet_title
from rfpgen.scoring.results import checklist_score
from rfpgen.scoring.sheets import HIDDEN, TITLE_ROWS, WIDTHS, _page_room, evaluator_workbook
from rfpgen.validation import load_project
from rfpgen.yamlio import dump
from scoring_support import CHECKLIST, SCORES, fill_all, fill_prices, fill_workbook, make_project, project_data, rows_by_key, vendor_sheets

WEIGHTS = {"C-EXP": 30, "C-QM": 25, "C-WFM": 25, "C-UNS": 20}
REQ_WEIGHT = {"OPS-BCP": 3, "OPS-KB": 2, "SYS-PCI": 1}   # must, should, may
VALUE = {"absent": Fraction(0), "mentioned": Fraction(1, 2), "concrete": Fraction(1)}


def hand_unstated(ev, vendor):
    """coverage × 5 to the nearest whole point, a half going up (exact fractions: 2.5 is 2.5)."""
    items = CHECKLIST[ev][vendor]
    coverage = sum(REQ_WEIGHT[r] * VALUE[s] for r, s in items.items()) / sum(REQ_WEIGHT.values())
    return math.floor(coverage * 5 + Fraction(1, 2))


def hand_quality(ev, vendor):
    s = dict(SCORES[ev][vendor], **{"C-UNS": hand_unstated(ev, vendor)})
    return sum(WEIGHTS[c] * s[c] / 5 for c in WEIGHTS)


@pytest.fixture()
def generated(tmp_path):
    project = make_project()
    paths = write_scoring_outputs(project, tmp_path)
    return project, tmp_path, paths


def test_outputs_written_with_ascii_names(generated):
    project, out, paths = generated
    names = sorted(p.name for p in paths)
    assert names == sorted(["acme-cc-scores-E1.xlsx", "acme-cc-scores-E2.xlsx", "acme-cc-scores-E3.xlsx",
                            "acme-cc-prices.xlsx", "acme-cc-evaluator-form-V-A.docx", "acme-cc-evaluator-form-V-B.docx",
                            "acme-cc-evaluator-form-V-C.docx"])
    # the price workbook in procurement's own subfolder: the panel's folder can be handed over whole
    assert all(p.parent == out / "scoring" / ("procurement" if p.name.endswith("-prices.xlsx") else "") and p.is_file() for p in paths)
    assert not [p for p in (out / "scoring").iterdir() if p.name.startswith(".")], "no temporary files left"


def test_workbook_structure(generated):
    project, out, _ = generated
    wb = load_workbook(out / "scoring" / "acme-cc-scores-E1.xlsx")
    assert wb.sheetnames[0] == "Instructions"
    assert wb[META_SHEET].sheet_state == "veryHidden"
    assert wb.security.lockStructure
    sheets = vendor_sheets(wb)
    assert set(sheets) == {"V-A", "V-B", "V-C"}
    # a reader finds a vendor's sheet by its name (tab and printed header), not by an id they never see
    assert {k: ws.title for k, ws in sheets.items()} == {"V-A": "Alpha Contact", "V-B": "Beta", "V-C": "Gamma Services"}
    # written out, not the &A field (LibreOffice clips a field's Japanese glyphs), beside the project's label
    assert all(ws.oddHeader.left.text == ws.title and ws.oddHeader.right.text == internal_mark(project) for ws in sheets.values())
    ws = sheets["V-B"]
    rows = rows_by_key(ws)
    assert ws.column_dimensions["A"].hidden
    assert ws.protection.sheet
    # every criterion with its id, name, weight and anchors; score cells unlocked with a dropdown
    for cid, weight in WEIGHTS.items():
        r = rows[f"criterion={cid}"]
        assert ws[f"B{r}"].value == cid and ws[f"D{r}"].value == weight
        assert ws[f"F{r}"].value.startswith("=IF(")
        assert ws[f"H{r}"].protection.locked is False
    assert "5: Several large retail centers." in ws[f"G{rows['criterion=C-EXP']}"].value
    assert ws[f"C{rows['criterion=C-EXP']}"].protection.locked is not False
    score_cell = f"E{rows['criterion=C-QM']}"
    assert ws[score_cell].protection.locked is False
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    score_dv = next(dv for dv in validations.values() if score_cell in dv.sqref)  # one validation per range
    assert score_dv.formula1 == '"0,1,2,3,4,5"' and score_dv.showErrorMessage
    assert score_dv.errorStyle in (None, "stop")  # absent: stop, the schema's default
    # the unstated-needs score is a locked formula over the checklist, not an input
    unstated = ws[f"E{rows['criterion=C-UNS']}"]
    assert unstated.value.startswith("=IF(") and unstated.protection.locked is not False
    coverage = f"F{rows['coverage=C-UNS']}"
    assert unstated.value == f'=IF({coverage}="","",ROUND({coverage}*5,0))'  # a whole point, as the tally rounds it
    for rid, weight in REQ_WEIGHT.items():
        assert ws[f"D{rows['withheld=' + rid]}"].value == weight
    gate_cell = f"E{rows['gate=G-ISO']}"
    gate_dv = next(dv for dv in validations.values() if gate_cell in dv.sqref)
    assert gate_dv.formula1 == '"Pass,Fail"'
    total = ws[f"F{rows['total=quality']}"].value
    assert total.startswith("=SUM(")
    # prices never appear in a quality workbook
    text = " ".join(str(c.value) for s in wb.worksheets for row in s.iter_rows() for c in row if c.value is not None)
    assert "price" not in text.lower().replace("prices are not scored", "")


def test_price_workbook_is_separate(generated):
    _, out, _ = generated
    wb = load_workbook(out / "scoring" / "procurement" / "acme-cc-prices.xlsx")
    assert wb[META_SHEET]["B2"].value == "prices"
    ws = wb["Prices"]
    rows = rows_by_key(ws)
    assert {k for k in rows if k.startswith("price=")} == {"price=V-A", "price=V-B", "price=V-C"}
    instructions = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "Cy Park" in instructions and "Ann Lee" not in instructions


def test_a_checklist_score_is_a_whole_point_a_half_going_up():
    """Like every typed score, so the criterion's mean betrays no hidden checklist to a vendor."""
    assert checklist_score(9 / 22, 5) == 2      # coverage 0.409: 2.045 → 2
    assert checklist_score(0.5, 5) == 3         # 2.5 goes up
    assert checklist_score(0.7, 5) == 4         # 3.5 goes up
    assert checklist_score(0.49, 5) == 2
    assert checklist_score(0.0, 5) == 0 and checklist_score(1.0, 5) == 5 and checklist_score(0.45, 10) == 5


def test_round_trip_every_figure(generated):
    project, out, _ = generated
    files = fill_all(out, project)
    result = tally(project, files)
    by_id = {v.id: v for v in result.vendors}

    quality = {v: sum(hand_quality(e, v) for e in SCORES) / 3 for v in ("V-A", "V-B", "V-C")}
    # by hand: V-A E1 = 24 + 15 + 25 + 20·3/5 (coverage 4/6: 3.33 → 3) = 76; E2 = 30 + 15 + 20 + 20·4/5 (5/6: 4.17 → 4) = 81;
    # E3 = 18 + 20 + 20 + 20·3/5 (1/2: 2.5 → 3, a half goes up) = 70
    assert hand_quality("E1", "V-A") == pytest.approx(76.0)
    assert hand_quality("E2", "V-A") == pytest.approx(81.0)
    assert hand_quality("E3", "V-A") == pytest.approx(70.0)
    assert quality["V-A"] == pytest.approx(75.6666667)
    for vendor_id in quality:
        v = by_id[vendor_id]
        assert v.quality == pytest.approx(quality[vendor_id])
        for ev in SCORES:
            assert v.evaluator_quality[ev] == pytest.approx(hand_quality(ev, vendor_id))
            assert v.criterion_scores["C-UNS"][ev] == pytest.approx(hand_unstated(ev, vendor_id))
        for cid in ("C-EXP", "C-QM", "C-WFM"):
            assert v.criterion_mean[cid] == pytest.approx(sum(SCORES[e][vendor_id][cid] for e in SCORES) / 3)

    # gates: V-B failed G-ISO by E1 and E2 (2 of 3) -> disqualified; V-C failed G-START by E2 only -> flagged, kept
    assert by_id["V-B"].disqualified and by_id["V-B"].failed_gates == ["G-ISO"]
    assert not by_id["V-C"].disqualified
    assert any(f.code == "gate_split" and f.criterion_id == "G-START" for f in by_id["V-C"].flags)
    assert by_id["V-B"].rank is None and by_id["V-B"].total is None

    # price relative to the lowest among vendors not disqualified: V-A 120M is lowest (V-B 90M is out)
    assert by_id["V-A"].price_score == pytest.approx(30.0)
    assert by_id["V-C"].price_score == pytest.approx(30 * 120 / 150)
    assert by_id["V-A"].total == pytest.approx(quality["V-A"] * 0.7 + 30)
    assert by_id["V-C"].total == pytest.approx(quality["V-C"] * 0.7 + 24)
    # V-C: 90·0.7 + 24 = 87.00 (checklist scores 5, 4, 5) beats V-A: 75.667·0.7 + 30 = 82.97
    assert quality["V-C"] == pytest.approx(90.0)
    assert (by_id["V-C"].rank, by_id["V-A"].rank) == (1, 2)
    assert [v.id for v in result.vendors] == ["V-C", "V-A", "V-B"]

    # spread: V-A C-EXP scores 4, 5, 3 -> 2 points -> flagged; V-A C-QM 3, 3, 4 -> not flagged
    spreads = {(f.vendor_id, f.criterion_id) for f in result.flags if f.code == "spread"}
    assert ("V-A", "C-EXP") in spreads and ("V-A", "C-QM") not in spreads
    assert ("V-B", "C-QM") in spreads and ("V-C", "C-EXP") not in spreads
    assert result.warnings == [] and not result.incomplete

    data = result.as_json()
    assert set(data) == {"vendors", "warnings"}
    assert set(data["vendors"][0]) == {"id", "name", "rank", "quality_score", "price_score", "total", "disqualified", "flags"}


def test_cached_formula_values_are_never_trusted(generated):
    project, out, _ = generated
    files = fill_all(out, project)
    honest = {v.id: v.quality for v in tally(project, files).vendors}
    wb = load_workbook(files[0])
    for ws in vendor_sheets(wb).values():
        rows = rows_by_key(ws)
        ws[f"F{rows['total=quality']}"] = 100        # a forged total
        ws[f"E{rows['criterion=C-UNS']}"] = 5        # typed over the computed score
    wb.save(files[0])
    assert {v.id: v.quality for v in tally(project, files).vendors} == pytest.approx(honest)


def test_resorted_and_renamed_sheets_read_the_same(generated):
    project, out, _ = generated
    files = fill_all(out, project)
    honest = {v.id: v.quality for v in tally(project, files).vendors}
    totals = {v.id: v.total for v in tally(project, files).vendors}
    wb = load_workbook(files[1])
    ws = vendor_sheets(wb)["V-A"]
    rows = rows_by_key(ws)
    a, b = rows["criterion=C-EXP"], rows["criterion=C-WFM"]
    for col in "ABCDEFGH":  # swap two criterion rows
        ws[f"{col}{a}"].value, ws[f"{col}{b}"].value = ws[f"{col}{b}"].value, ws[f"{col}{a}"].value
    ws.title = "Renamed"
    wb.save(files[1])
    again = tally(project, files).vendors
    assert {v.id: v.quality for v in again} == pytest.approx(honest)
    assert {v.id: v.total for v in again} == totals


def test_workbooks_written_before_the_neutral_names_read_the_same(generated):
    """Workbooks already with the evaluators carry the hidden sheet's and format's older names."""
    project, out, _ = generated
    files = fill_all(out, project)
    honest = {v.id: (v.quality, v.total) for v in tally(project, files).vendors}
    for path in files:
        wb = load_workbook(path)
        meta = wb["_meta"]
        meta.title = "_rfpgen"
        for (key, value) in meta.iter_rows(min_col=1, max_col=2):
            if key.value == "format":
                value.value = "rfpgen-scoring/1"
        wb.save(path)
    assert {v.id: (v.quality, v.total) for v in tally(project, files).vendors} == honest


def test_all_top_of_scale_gives_quality_100(generated):
    project, out, _ = generated
    top = {e: {v: {c: 5 for c in ("C-EXP", "C-QM", "C-WFM")} for v in ("V-A", "V-B", "V-C")} for e in SCORES}
    concrete = {e: {v: {r: "concrete" for r in REQ_WEIGHT} for v in ("V-A", "V-B", "V-C")} for e in SCORES}
    passes = {e: {v: {"G-ISO": "pass", "G-START": "pass"} for v in ("V-A", "V-B", "V-C")} for e in SCORES}
    files = fill_all(out, project, scores=top, checklist=concrete, gates=passes)
    result = tally(project, files)
    assert [v.quality for v in result.vendors] == pytest.approx([100.0, 100.0, 100.0])
    assert not any(v.disqualified for v in result.vendors)


def test_examples_all_top_of_scale_give_100(tmp_path):
    from rfpgen.scoring.model import PresentationScheme, Scheme
    from rfpgen.validation import load_project

    root = Path(__file__).resolve().parent.parent / "examples"
    examples = sorted(root.glob("*.yaml"))
    if not examples:
        pytest.skip("no example projects in examples/")
    for example in examples:
        project = load_project(example)
        scheme, stage = Scheme(project), PresentationScheme(project)
        if not scheme.vendors() or not scheme.evaluators():
            continue
        out = tmp_path / example.stem
        write_scoring_outputs(project, out)
        files = []
        for ev in scheme.evaluators():
            entries = {scheme.vendor_key(v): {"scores": {c["id"]: scheme.scale_max for c in scheme.weighted()
                                                         if c["id"] not in scheme.computed_ids()},
                                              "gates": {g["id"]: "pass" for g in scheme.gates()},
                                              "checklist": {r.id: "concrete" for r in scheme.checklist()}}
                       for v in scheme.vendors()}
            files.append(fill_workbook(out / "scoring" / f"{project.id}-scores-{ev['id']}.xlsx", entries, project.lang))
        files.append(fill_prices(out / "scoring" / "procurement" / f"{project.id}-prices.xlsx",
                                 {v["id"]: 1_000_000 * (i + 1) for i, v in enumerate(scheme.vendors())}))
        if stage.weighted():   # the document stage's tally writes the presenters' workbooks: full marks too
            shortlist = tally(project, files)
            assert shortlist.document_stage and shortlist.shortlist, example.name
            presenters = {v.id for v in shortlist.shortlist}
            for path in sorted(write_results(project, shortlist, out / "documents")):
                if path.parent.name == "presentations":
                    files.append(fill_workbook(path, {v["id"]: {"scores": {c["id"]: stage.scale_max for c in stage.weighted()}}
                                                      for v in stage.vendors() if v["id"] in presenters}, project.lang))
        result = tally(project, files)
        assert not result.document_stage, example.name
        assert [round(v.quality, 9) for v in result.vendors] == [100.0] * len(scheme.vendors()), example.name
        written = write_results(project, result, out)
        assert all(p.is_file() for p in written)


def test_ties_share_a_rank(generated):
    project, out, _ = generated
    same = {e: {v: {"C-EXP": 3, "C-QM": 3, "C-WFM": 3} for v in ("V-A", "V-B", "V-C")} for e in SCORES}
    checklist = {e: {v: {r: "mentioned" for r in REQ_WEIGHT} for v in ("V-A", "V-B", "V-C")} for e in SCORES}
    passes = {e: {v: {"G-ISO": "pass", "G-START": "pass"} for v in ("V-A", "V-B", "V-C")} for e in SCORES}
    files = fill_all(out, project, scores=same, checklist=checklist, gates=passes,
                     prices={"V-A": 100, "V-B": 100, "V-C": 200})
    result = tally(project, files)
    ranks = {v.id: v.rank for v in result.vendors}
    assert ranks == {"V-A": 1, "V-B": 1, "V-C": 3}
    assert any(f.code == "tie" for f in result.flags)


def test_results_files(generated):
    project, out, _ = generated
    files = fill_all(out, project)
    result = tally(project, files)
    xlsx, docx, *rest = write_results(project, result, out / "results")
    # items wait for the consensus meeting, so no notice yet (decision.notices_due)
    assert sorted(p.name for p in rest) == ["acme-cc-consensus.xlsx"]
    wb = load_workbook(xlsx)
    assert wb.sheetnames == ["Summary", "By criterion", "By evaluator", "Items to check", "Robustness", "Consensus", "Audit log",
                             "Method"]
    summary = wb["Summary"]
    first = [c.value for c in summary[2]]
    assert first[:3] == [1, "V-C", "Gamma Services"]
    assert first[3] == pytest.approx(result.vendors[0].quality)
    assert first[7] == pytest.approx(result.vendors[0].total)
    by_eval = [[c.value for c in row] for row in wb["By evaluator"].iter_rows(min_row=2)]
    assert any(r[0] == "E1" and r[2] == "V-A" and r[4] == "C-EXP" and r[6] == 4 and r[8] == "evidence for C-EXP"
               for r in by_eval)
    # the coverage each checklist score was rounded from stays in sight: E1 on V-A 4/6 (score 3)
    coverage = {(r[0], r[2]): r[6] for r in by_eval if r[5] == "Coverage (weighted)"}  # a figure, in the score column
    assert len(coverage) == 9 and coverage[("E1", "V-A")] == pytest.approx(4 / 6) and coverage[("E3", "V-A")] == pytest.approx(0.5)

    data = docx.read_bytes()
    text = shown("\n".join(visible_text(xml) for part, xml in docx_parts(data).items() if part.startswith("word/")))
    assert "{{" not in text and "{%" not in text
    for needle in ("Gamma Services", "Alpha Contact <Ltd>", "Beta & Co", "Disqualified", "87.00", "82.97",
                   "G-ISO", "consensus meeting", "acme-cc-scores-E1.xlsx"):
        assert needle in text, needle
    with zipfile.ZipFile(docx) as archive:
        assert any(name.startswith("word/charts/chart") for name in archive.namelist())  # the chart, native


def test_cli_json_and_table(generated, tmp_path):
    project, out, _ = generated
    files = fill_all(out, project)
    project_file = tmp_path / "project.yaml"
    project_file.write_text(dump(project_data()), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["score", str(project_file), *map(str, files), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [v["id"] for v in data["vendors"]] == ["V-C", "V-A", "V-B"]
    assert data["vendors"][0]["rank"] == 1 and data["vendors"][2]["disqualified"] is True
    assert data["vendors"][2]["rank"] is None and data["vendors"][2]["total"] is None
    assert data["vendors"][1]["quality_score"] == pytest.approx(75.666667, abs=1e-5)
    assert data["warnings"] == []
    res = runner.invoke(main, ["score", str(project_file), *map(str, files), "-o", str(tmp_path / "res")])
    assert res.exit_code == 0, res.output
    assert "Gamma Services" in res.stdout and "Disqualified" in res.stdout
    assert (tmp_path / "res" / "results.xlsx").is_file() and (tmp_path / "res" / "results.docx").is_file()


def test_sheet_titles_are_short_excel_safe_unique_names():
    used = {"instructions"}
    long = "A/B: [Call]* Centre? Solutions International Limited"
    titles = [sheet_title(name, used) for name in ("株式会社テレコムブリッジ", "ひかりコンタクトサービス株式会社", long, long,
                                                   "Instructions", "History", "Ltd")]
    assert titles == ["テレコムブリッジ", "ひかりコンタクトサービス", "A B Call Centre Solutions Inter", "A B Call Centre Solutions Int~2",
                      "Instructions~2", "History~2", "Ltd"]
    assert all(len(t) <= 31 for t in titles)
    beyond_bmp = sheet_title("𐀀 " * 20, set())  # Excel counts such a character twice
    assert beyond_bmp == "𐀀 " * 9 + "𐀀" and len(beyond_bmp.encode("utf-16-le")) // 2 <= 31


def test_a_right_to_left_vendor_name_makes_a_sheet_tab_without_a_cut_isolate(tmp_path):
    """The tab of 'شركة الاتصال العربية المحدودة — מוקד טלפוני בע"מ' began with U+2068 (the isolate the
    cleaned name is wrapped in) whose closing U+2069 the 31-character cut had dropped, the invisible
    character taking one of the 31: the tab holds the name's visible characters only."""
    data = project_data()
    data["evaluation"]["vendors"][0]["name"] = 'شركة الاتصال العربية المحدودة — מוקד טלפוני בע"מ'
    write_scoring_outputs(make_project(data), tmp_path)
    wb = load_workbook(tmp_path / "scoring" / "acme-cc-scores-E1.xlsx")
    tab = next(ws.title for ws in wb.worksheets if ws.title.startswith("شركة"))
    assert tab == "شركة الاتصال العربية المحدودة —", tab
    listed = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert tab in listed and not [c for c in listed if re.search("[\u2066-\u2069]", c) and len(re.findall("[\u2068]", c)) != len(re.findall("\u2069", c))]


def test_japanese_project_round_trip(tmp_path):
    data = project_data()
    data["project"]["language"] = "ja"
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    wb = load_workbook(tmp_path / "scoring" / "acme-cc-scores-E1.xlsx")
    assert wb.sheetnames[0] == "記入要領"
    files = fill_all(tmp_path, project, lang="ja")
    result = tally(project, files)
    assert result.vendors[0].id == "V-C"
    assert result.vendors[0].quality == pytest.approx(sum(hand_quality(e, "V-C") for e in SCORES) / 3)
    xlsx, docx, *_ = write_results(project, result, tmp_path)
    text = "\n".join(visible_text(x) for p, x in docx_parts(docx.read_bytes()).items() if p.startswith("word/"))
    assert "提案評価結果報告書" in text and "社外秘" in text and "失格" in text


def test_paper_form_contents(generated):
    project, out, _ = generated
    data = (out / "scoring" / "acme-cc-evaluator-form-V-B.docx").read_bytes()
    text = "\n".join(visible_text(x) for p, x in docx_parts(data).items() if p.startswith("word/"))
    assert "{{" not in text and "{%" not in text
    text = text.replace("\u00a0", " ")  # names and standards (PCI DSS v4) are joined by no-break spaces
    for needle in ("Beta & Co", "C-EXP", "Several large retail centers.", "G-ISO", "OPS-BCP",
                   "DTMF masking & PCI DSS v4 scope reduction.", "Confidential – internal", "□ Pass"):
        assert needle in text, needle
    assert "120" not in text  # no prices on paper


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    """A name, look_for or comment starting with '=' must never become a live Excel formula."""
    data = project_data()
    evaluation = data["evaluation"]
    evaluation["criteria"][3]["name"] = "=1+1"
    evaluation["evaluators"][0]["name"] = "=cmd|' /C calc'!A0"
    data["operations"]["requirements"][1]["look_for"] = '=HYPERLINK("http://evil.example","x")'
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    for path in sorted((tmp_path / "scoring").rglob("*.xlsx")):
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        assert "1+1" not in cell.value and "cmd" not in cell.value and "HYPERLINK" not in cell.value
    files = fill_all(tmp_path, project)
    ws = vendor_sheets(load_workbook(files[0]))["V-A"]
    ws[f"H{rows_by_key(ws)['criterion=C-QM']}"] = "=2+2"  # an evaluator's comment
    ws.parent.save(files[0])
    result = tally(project, files)
    written = write_results(project, result, tmp_path / "out")
    results = load_workbook(written[0])
    formulas = [c.value for ws in results.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    texts = [c.value for ws in results.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("=cmd" in t for t in texts) and any("=2+2" in t for t in texts)


def test_fixture_project_is_valid():
    project = make_project()
    assert project.unstated_needs_criterion()["id"] == "C-UNS"
    assert [r.id for r in project.withheld()] == ["OPS-BCP", "OPS-KB", "SYS-PCI"]


def test_workbooks_are_dated_like_the_documents(generated):
    """作成日 / Created is the project's date the documents print, not the day of the build."""
    _, out, _ = generated
    for name in ("acme-cc-scores-E1.xlsx", "procurement/acme-cc-prices.xlsx"):
        ws = load_workbook(out / "scoring" / name)["Instructions"]
        created = [row[2].value for row in ws.iter_rows() if row[1].value == "Created"]
        assert created == ["15 January 2027"], name


def test_every_printed_column_of_the_gates_has_a_heading(generated):
    _, out, _ = generated
    ws = vendor_sheets(load_workbook(out / "scoring" / "acme-cc-scores-E1.xlsx"))["V-A"]
    heading = rows_by_key(ws)["gate=G-ISO"] - 1
    merged = {cell: str(area).split(":")[0] for area in ws.merged_cells.ranges for (cell,) in zip(area.cells)}
    for col in "BCDEFGH":
        at = merged.get((heading, ord(col) - 64), f"{col}{heading}")
        assert ws[at].value, f"column {col} has no heading"


def test_overall_comment_is_an_input_read_back(generated):
    """A 総評 / Overall comment cell per vendor sheet, open for input; what is written there is read
    back with the item comments under the key "overall"."""
    project, out, _ = generated
    files = fill_all(out, project)
    wb = load_workbook(files[0])
    ws = vendor_sheets(wb)["V-A"]
    row = rows_by_key(ws)["overall=comment"]
    assert ws[f"B{row}"].value == "Overall comment" and ws[f"C{row}"].protection.locked is False
    ws[f"C{row}"] = "Strong on retail; staffing plan thin in December."
    wb.save(files[0])
    by_id = {v.id: v for v in tally(project, files).vendors}
    assert by_id["V-A"].comments["E1"]["overall"] == "Strong on retail; staffing plan thin in December."
    assert "overall" not in by_id["V-B"].comments.get("E1", {})


def test_every_printed_page_of_a_table_starts_with_its_headings(tmp_path):
    """The example's vendor sheets print over several pages; the sheet breaks them itself so that no
    page holds more than a page's room and every table row has its column headings on its page."""
    project = load_project(Path(__file__).resolve().parents[1] / "examples" / "ja-ec-order-center.yaml")
    evaluator = project.data["evaluation"]["evaluators"][0]
    wb = load_workbook(io.BytesIO(evaluator_workbook(project, evaluator)))
    room = _page_room(WIDTHS, HIDDEN)
    for ws in vendor_sheets(wb).values():
        starts = [1] + [b.id + 1 for b in ws.row_breaks.brk]
        assert len(starts) > 2, "the example's sheet spans pages"
        keys = rows_by_key(ws)
        last = max(keys.values())
        for first, end in zip(starts, starts[1:] + [last + 1]):
            height = sum(ws.row_dimensions[r].height or 15 for r in range(first, end))
            assert height + (sum(TITLE_ROWS) if first > 1 else 0) <= room, f"page from row {first} overflows"
        for found, row in keys.items():
            if found.split("=")[0] in ("gate", "criterion", "withheld"):
                first = max(s for s in starts if s <= row)
                assert any(ws[f"B{r}"].value == "ID" for r in range(first, row)), f"{found}: no headings on its page"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_paper_form_leaves_room_to_write_comments(tmp_path, lang):
    """Each table's comment column on the paper form is at least 4 cm wide (it was 3.4 cm, too narrow
    to write evidence by hand)."""
    project = make_project(project_data(**{"project.language": lang}))
    form = write_forms(project, tmp_path)[0]
    tables = [t for t in docx.Document(str(form)).tables if "コメント" in t.rows[0].cells[-1].text
              or "comment" in t.rows[0].cells[-1].text.lower()]
    assert len(tables) == 3  # gates, criteria, checklist
    for table in tables:
        assert table.columns[-1].width.cm >= 4, table.rows[0].cells[-1].text


def test_anchors_read_the_same_in_the_guide_the_workbook_and_the_paper_form(tmp_path):
    """Every scored criterion lists what earns each score from 0 up (so "in addition to the above"
    points at the line above), its own anchors else the scale's words, word for word as the guide
    prints them; the computed criterion gives its method instead."""
    from rfpgen.documents.parts import anchor_lines
    from rfpgen.scoring.forms import form_context
    from rfpgen.scoring.model import Scheme

    project = make_project()
    scheme = Scheme(project)
    path = tmp_path / "scores.xlsx"
    path.write_bytes(evaluator_workbook(project, project.data["evaluation"]["evaluators"][0]))
    ws = next(iter(vendor_sheets(load_workbook(path)).values()))
    rows = rows_by_key(ws)
    form = {c["id"]: c["anchors"] for c in form_context(project, scheme.vendors()[0])["criteria"]}
    scored = [c for c in scheme.weighted() if c["id"] not in scheme.computed_ids()]
    assert any(not c.get("anchors") for c in scored)  # a criterion with no anchors of its own is covered
    for criterion in scored:
        lines = anchor_lines(project, criterion)
        assert [int(line.split(":")[0]) for line in lines] == list(range(scheme.scale_max + 1))
        row = rows["criterion=" + criterion["id"]]
        assert ws[f"G{row}"].value.split("\n") == lines
        assert form[criterion["id"]] == lines


@pytest.mark.parametrize("example", ["ja-ec-order-center.yaml", "en-electronics-retail.yaml"])
def test_each_evaluators_copy_is_the_workbook_written_for_them(example):
    """The build writes a stage's workbook once and copies it for each evaluator with their name and id
    (evaluator_workbooks): every part of each copy is what evaluator_workbook writes for that evaluator,
    also for a name XlsxWriter escapes (markup, _xHHHH_, spaces at the ends, a telephone number kept whole)
    and for one that holds the stand-in's own text (written in full)."""
    from rfpgen.scoring.model import PresentationScheme, Scheme
    from rfpgen.scoring.sheets import _STAND_IN, evaluator_workbooks

    def parts(data: bytes) -> list[tuple[str, bytes]]:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(i.filename, re.sub(rb"<dcterms:modified.*?</dcterms:modified>", b"", z.read(i))) for i in z.infolist()]

    project = load_project(Path(__file__).resolve().parents[1] / "examples" / example)
    project.data["evaluation"]["evaluators"] += [
        {"id": "EV-X_x0041_", "name": " <&>\"' _x0041_ 03 5555 0210 PCI DSS v4.0 ", "role": "評価 &amp; 長 "},
        {"id": "EV-Y", "name": _STAND_IN["name"]}]
    for scheme in (Scheme(project), PresentationScheme(project)):
        copies = list(evaluator_workbooks(project, scheme.evaluators(), scheme))
        assert [e["id"] for e, _ in copies] == [e["id"] for e in scheme.evaluators()] and len(copies) > 2
        for evaluator, data in copies:
            assert parts(data) == parts(evaluator_workbook(project, evaluator, scheme)), evaluator["id"]


@pytest.mark.parametrize("example,blind", [("ja-ec-order-center.yaml", False), ("en-electronics-retail.yaml", False),
                                           ("ja-ec-order-center.yaml", True)])
def test_each_vendors_paper_form_is_the_form_rendered_for_them(tmp_path, monkeypatch, example, blind):
    """write_forms renders the whole form once and gives each vendor its cover and headers (forms._with_cover):
    every part of each form is what rendering the whole form for that vendor gives, also for a vendor whose
    long, escaped name takes the cover's spacing lines (finish._fit_cover) and shortens the running header,
    and under blind evaluation (the aliases). A template of the user's own is rendered whole for each vendor."""
    from rfpgen.scoring import forms
    from rfpgen.scoring.model import Scheme

    def parts(data: bytes) -> list[tuple[str, bytes]]:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return [(i.filename, re.sub(rb"<dcterms:modified.*?</dcterms:modified>", b"", z.read(i))) for i in z.infolist()]

    project = load_project(Path(__file__).resolve().parents[1] / "examples" / example)
    project.data["evaluation"]["vendors"].append(
        {"id": "V-LONG", "name": "とても長い名前の提案事業者株式会社" * 8 + " <&> PCI DSS v4.0 03-5555-0210"})
    project.data["evaluation"]["blind"] = blind
    spliced = []
    real = forms._with_cover
    monkeypatch.setattr(forms, "_with_cover", lambda *args: spliced.append(real(*args)) or spliced[-1])
    written = forms.write_forms(project, tmp_path)
    vendors = Scheme(project).panel_vendors()
    assert len(written) == len(vendors) == len(spliced) and all(spliced)
    template = forms.template_path("scoring_form.docx", project.lang)
    for vendor, path in zip(vendors, written):
        whole = forms._render(template, forms.form_context(project, vendor), project)
        assert parts(path.read_bytes()) == parts(whole), vendor["id"]
    own = tmp_path / "templates"
    (own / project.lang).mkdir(parents=True)
    (own / project.lang / "scoring_form.docx").write_bytes(template.read_bytes())
    spliced.clear()
    (tmp_path / "custom").mkdir()
    assert len(forms.write_forms(project, tmp_path / "custom", own)) == len(vendors) and not spliced
