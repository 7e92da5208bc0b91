"""What bidders receive never carries a label that keeps a document inside the client: a public body's
取扱注意（庁内限り）, a ministry's 省内限り or an English "Internal only" prints on the internal documents,
and the RFP, the clarifications and the response form carry 取扱注意 / Confidential instead."""
from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from docx_reading import xml_parts
from rfpgen.documents.build import build_documents
from rfpgen.documents.parts import confidentiality_mark
from rfpgen.validation import project_from_data
from rfpgen.yamlio import read

ROOT = Path(__file__).resolve().parent.parent


def _project(example: str, label: str):
    doc, _ = read(ROOT / "examples" / example)
    data = copy.deepcopy(doc.data)
    data["project"]["confidentiality"] = label
    return project_from_data(data)


def _everything(path: Path) -> str:
    """Every XML part of a .docx or .xlsx (body, headers, sheets, shared strings, properties)."""
    return "\n".join(xml_parts(path.read_bytes()).values())


@pytest.mark.parametrize("example,label,kept", [
    ("ja-ec-order-center.yaml", "取扱注意（庁内限り）", "取扱注意"),
    ("ja-ec-order-center.yaml", "部内限り", "取扱注意"),
    ("en-electronics-retail.yaml", "Staff only – not for distribution", "Confidential"),
])
def test_an_internal_only_label_stays_off_everything_bidders_receive(tmp_path, example, label, kept):
    from rfpgen.responses import response_form

    project = _project(example, label)
    written = {p.name: p for p in build_documents(project, tmp_path, only={"rfp", "qa", "guide"})}
    outside = [p for name, p in written.items() if name.endswith(("-rfp.docx", "-clarifications.docx"))]
    assert len(outside) == 2
    for path in outside:
        text = _everything(path)
        assert label not in text and kept in text, path.name
    assert label in _everything(next(p for name, p in written.items() if name.endswith("-guide.docx")))
    book = load_workbook(io.BytesIO(response_form(project)[1]))
    cells = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    headers = [ws.oddHeader.right.text for ws in book.worksheets]
    assert kept in cells and not any(label in c for c in cells) and label not in str(headers)


@pytest.mark.parametrize("label", ["取扱注意", "取扱注意（入札参加者限り）", "Commercial in confidence", "OFFICIAL-SENSITIVE"])
def test_a_label_meant_for_bidders_is_printed_as_the_project_gives_it(label):
    project = _project("ja-ec-order-center.yaml", label)
    assert confidentiality_mark(project, "rfp") == confidentiality_mark(project, "qa") == label


def test_a_printed_sheet_gives_its_title_and_label_once_a_page():
    """The response form's sheets and the instructions sheets show their title and label in their top
    rows on screen; printed, every page's header gives both, so those rows are left out of the print
    area (page 1 printed the label twice, and the title twice)."""
    from rfpgen.responses import response_form
    from rfpgen.scoring.sheets import evaluator_workbook, price_workbook

    project = _project("ja-ec-order-center.yaml", "取扱注意")
    evaluator = project.data["evaluation"]["evaluators"][0]
    books = {"form": (response_form(project)[1], 2), "evaluator": (evaluator_workbook(project, evaluator), 3),
             "prices": (price_workbook(project), 3)}
    for name, (data, first_printed) in books.items():
        book = load_workbook(io.BytesIO(data))
        sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        instructions = sheets if name == "form" else sheets[:1]
        for ws in instructions:
            title = ws.cell(1, 2).value
            label = ws.oddHeader.right.text
            assert label in [c.value for row in ws.iter_rows(max_row=first_printed - 1) for c in row], (name, ws.title)
            assert str(ws.print_area).split("!")[-1].startswith(f"$A${first_printed}:"), (name, ws.title, ws.print_area)
            assert title in ws.oddHeader.left.text, (name, ws.title)
