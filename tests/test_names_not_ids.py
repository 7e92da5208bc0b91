"""Readers meet names, not ids (issue 14): the staffing annex names programmes and teams; the results'
flags name criteria and evaluators; results.xlsx shows times in the project's zone and date format, a
labelled short fingerprint instead of a hash, only the assumptions that apply to the project, and
vendor names in columns as wide as they are."""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from rfpgen.documents.build import build_documents, output_path
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.text import display_width
from rfpgen.validation import load_project, project_from_data
from scoring_support import fill_all, project_data

ROOT = Path(__file__).resolve().parent.parent


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]


@pytest.mark.parametrize("example", ["ja-ec-order-center", "en-electronics-retail"])
def test_the_staffing_annex_names_programmes_and_teams(example, tmp_path):
    project = load_project(ROOT / "examples" / f"{example}.yaml")
    ids = [p["id"] for p in project.data["work_definition"]["programs"]]
    ids += [p["id"] for p in project.data["operations"].get("pools") or []]
    found = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
    build_documents(project, tmp_path, only={"requirements", "guide"})
    for document in ("requirements", "guide"):
        doc = Document(io.BytesIO(output_path(project, tmp_path, document).read_bytes()))
        shown = [t.replace("\u2060", "") for t in _texts(doc)]  # word joiners keep an id from breaking
        assert not [t for t in shown if found.search(t) and t.strip() not in ids], document  # an id column may stay


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("names")
    data = project_data()
    data["evaluation"]["vendors"][2]["name"] = "Gamma Customer Contact Services International Ltd"
    data["pricing"] = {"currency": "GBP"}  # a project in the UK: its times are UK times
    project = project_from_data(data)
    write_scoring_outputs(project, folder)
    files = fill_all(folder, project)
    result = tally(project, files)
    write_results(project, result, folder / "results")
    return project, result, files, folder / "results"


def test_flags_name_criteria_and_evaluators(results):
    project, result, _, out = results
    evaluation = project.data["evaluation"]
    ids = re.compile(r"\b(" + "|".join(c["id"] for c in evaluation["criteria"] + evaluation["evaluators"]) + r")\b")
    assert {f.code for f in result.flags} >= {"spread", "gate_split"}
    for flag in result.flags:
        assert not ids.search(flag.en) and not ids.search(flag.ja), flag.en
    spread = next(f for f in result.flags if f.code == "spread")
    assert "Ann Lee" in spread.en and "Ann Lee" in spread.ja
    consensus = load_workbook(out / "acme-cc-consensus.xlsx").worksheets[0]
    scores = [row[4] for row in consensus.iter_rows(min_row=5, values_only=True) if row[4] and str(row[0]).startswith("agreed=")]
    assert scores and all(not ids.search(s) and "Ann Lee" in s for s in scores)


def test_the_memos_mandatory_items_table_names_each_item_without_its_id(results):
    """The gate table of the decision memo reads "ISO/IEC 27001 certified site", not "G-ISO ISO/IEC …"."""
    project, _, _, out = results
    gates = [c for c in project.data["evaluation"]["criteria"] if c.get("mandatory")]
    doc = Document(io.BytesIO(next(out.glob("*.docx")).read_bytes()))
    table = next(t for t in doc.tables if len(t.columns) == 4 and t.rows[0].cells[1].text == "Mandatory requirement")
    cells = [c.text.replace("\u2060", "").replace("\xa0", " ") for row in table.rows[1:] for c in row.cells]
    assert any(c == gates[0]["name"] for c in cells)
    assert not [c for c in cells for g in gates if re.search(rf"(?<![\w-]){re.escape(g['id'])}(?![\w-])", c)]


def test_the_audit_log_reads_as_a_manager_reads_it(results):
    _, _, files, out = results
    sheet = load_workbook(out / "results.xlsx")["Audit log"]
    headers = [c.value for c in sheet[1]]
    assert headers[-1] == "File fingerprint (first 16 characters of its SHA-256)"
    first = [c.value for c in sheet[2]]
    assert re.fullmatch(r"[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2} \(UK time\)", first[0])   # not 2027-03-01T14:05:09+00:00
    assert first[-1] == hashlib.sha256(files[0].read_bytes()).hexdigest()[:16]
    assert first[4] == "Ann Lee"


def test_the_robustness_sheet_tests_only_the_projects_own_assumptions(results):
    _, _, _, out = results
    tests = [row[0] for row in load_workbook(out / "results.xlsx")["Robustness"].iter_rows(min_row=2, values_only=True)]
    assert tests and not [t for t in tests if t.startswith("Price formula")]


def test_vendor_names_fit_their_columns(results):
    _, result, _, out = results
    book = load_workbook(out / "results.xlsx")
    longest = max(display_width(v.name) for v in result.vendors)
    for title in ("Summary", "By criterion", "By evaluator", "Items to check"):
        sheet = book[title]
        column = next(c.column_letter for c in sheet[1] if c.value == "Bidder")
        assert sheet.column_dimensions[column].width >= longest, title
