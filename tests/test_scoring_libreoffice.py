"""LibreOffice recalculates a filled scoring workbook: its formula totals equal rfpgen's to 0.01.
Also: the results memo converts to PDF with its chart, in Japanese and English."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from rfpgen.documents import pdf

from rfpgen.scoring import tally, write_results, write_scoring_outputs
from scoring_support import fill_all, make_project, write_results_and_notices, project_data, rows_by_key, vendor_sheets

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; the recalculation "
                                "check needs it (CI installs it)")]


def convert(tmp_path, source, fmt: str):
    out = tmp_path / f"lo-{fmt}"
    out.mkdir(exist_ok=True)
    converted = out / (source.stem + "." + fmt)
    pdf.convert([(source, converted)])
    assert converted.is_file(), f"LibreOffice did not write {converted}"
    return converted


def test_libreoffice_totals_equal_rfpgen(tmp_path):
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    result = tally(project, files)
    by_id = {v.id: v for v in result.vendors}
    checked = 0
    for evaluator, path in zip(("E1", "E2", "E3"), files):
        recalculated = load_workbook(convert(tmp_path, path, "xlsx"), data_only=True)
        for vendor_id, ws in vendor_sheets(recalculated).items():
            rows = rows_by_key(ws)
            total = ws[f"F{rows['total=quality']}"].value
            unstated = ws[f"E{rows['criterion=C-UNS']}"].value
            assert isinstance(total, (int, float)), f"{path.name} {ws.title}: LibreOffice left the total empty"
            assert total == pytest.approx(by_id[vendor_id].evaluator_quality[evaluator], abs=0.01)
            # the same whole point as the tally, 2.5 (E3 on V-A) rounded up
            assert unstated == by_id[vendor_id].criterion_scores["C-UNS"][evaluator] and float(unstated).is_integer()
            checked += 1
    assert checked == 9


def test_libreoffice_all_top_scores_give_100(tmp_path):
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    vendors = ("V-A", "V-B", "V-C")
    top = {e: {v: {c: 5 for c in ("C-EXP", "C-QM", "C-WFM")} for v in vendors} for e in ("E1", "E2", "E3")}
    concrete = {e: {v: {r: "concrete" for r in ("OPS-BCP", "OPS-KB", "SYS-PCI")} for v in vendors} for e in top}
    gates = {e: {v: {"G-ISO": "pass", "G-START": "pass"} for v in vendors} for e in top}
    files = fill_all(tmp_path, project, scores=top, checklist=concrete, gates=gates)
    recalculated = load_workbook(convert(tmp_path, files[0], "xlsx"), data_only=True)
    for ws in vendor_sheets(recalculated).values():
        assert ws[f"F{rows_by_key(ws)['total=quality']}"].value == pytest.approx(100.0)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_results_memo_converts_to_pdf(tmp_path, lang):
    data = project_data()
    data["project"]["language"] = lang
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, lang=lang)
    _, docx, *rest = write_results_and_notices(project, tally(project, files), tmp_path)
    notice = next(p for p in rest if p.name == "acme-cc-notice-V-A.docx")
    notice_pdf = convert(tmp_path, notice, "pdf")
    assert notice_pdf.stat().st_size > 5_000
    pdf = convert(tmp_path, docx, "pdf")
    assert pdf.stat().st_size > 20_000  # text plus the embedded chart
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Gamma Services" in text
        assert ("提案評価結果報告書" if lang == "ja" else "Proposal Evaluation Results") in text
        axis = "評点（評価者の平均）" if lang == "ja" else "Score(0–5)"  # the native chart's value axis, drawn into the PDF
        assert axis in text.replace(" ", ""), "the chart is missing from the PDF"


def test_workbooks_saved_by_libreoffice_read_back_the_same(tmp_path):
    """An evaluator who fills the sheet in LibreOffice and saves it: ids, metadata and scores survive."""
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    direct = {v.id: (v.quality, v.total, v.rank) for v in tally(project, files).vendors}
    resaved = [convert(tmp_path, path, "xlsx") for path in files]
    again = tally(project, resaved)
    assert {v.id: (v.quality, v.total, v.rank) for v in again.vendors} == direct


def test_printed_workbooks_show_no_hashes(tmp_path):
    """Every figure of the filled scoring workbook, the price workbook, the results and the consensus
    workbook prints in full: LibreOffice prints ### for a number wider than its column (or in a hidden
    column, as the checklist's weight helpers once were, at the table's right edge)."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext is not installed; CI installs it")
    project = make_project()
    written = write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    results = write_results(project, tally(project, files), tmp_path / "results")
    prices = [p for p in written if p.name.endswith("-prices.xlsx")]
    workbooks = [*files, *prices, *(p for p in results if p.suffix == ".xlsx")]
    assert len(workbooks) >= 5
    for workbook in workbooks:
        text = subprocess.run(["pdftotext", "-layout", str(convert(tmp_path, workbook, "pdf")), "-"],
                              capture_output=True, text=True, check=True).stdout
        assert "###" not in text, f"{workbook.name} prints ### where a number does not fit"
