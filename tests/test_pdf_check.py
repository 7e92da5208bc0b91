"""A PDF never silently loses content: the table pattern LibreOffice drops rows of is never written,
and `--pdf` reads every PDF back and refuses one that lacks a paragraph or a cell of its document."""
from __future__ import annotations

import shutil
import zipfile

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import ROOT
from rfpgen.documents import pdfcheck
from rfpgen.documents.build import render_documents
from rfpgen.documents.render import render_docx
from rfpgen.errors import PdfLostText
from rfpgen.validation import load_project

ROW = "Weekly performance pack with the next week's staffing plan"


def _table_docx(path, rows, cant_split=False):
    doc = Document()
    doc.add_paragraph("Reports to the client")
    table = doc.add_table(rows=1 + len(rows), cols=2)
    header = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Report", "Frequency"
    for row, (name, when) in zip(table.rows[1:], rows):
        row.cells[0].text, row.cells[1].text = name, when
        if cant_split:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    doc.save(path)
    return path


def _has_header_with_unsplittable_rows(data: bytes) -> bool:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    return "w:tblHeader" in xml and "w:cantSplit" in xml


def test_no_document_repeats_a_header_over_unsplittable_rows(tmp_path):
    project = load_project(ROOT / "examples" / "ja-ec-order-center.yaml")
    for path, data in render_documents(project, tmp_path).items():
        assert not _has_header_with_unsplittable_rows(data), path.name
    for template in (ROOT / "templates").rglob("*.docx"):
        assert not _has_header_with_unsplittable_rows(template.read_bytes()), template


def test_a_clients_template_with_the_pattern_is_rendered_without_it(tmp_path):
    template = _table_docx(tmp_path / "custom.docx", [("{{ name }}", "weekly")], cant_split=True)
    data = render_docx(template, {"name": ROW})
    assert not _has_header_with_unsplittable_rows(data)


def test_texts_are_compared_as_a_reader_sees_them(tmp_path, monkeypatch):
    docx = _table_docx(tmp_path / "t.docx", [(ROW, "weekly"), ("Ｑｕａｒｔｅｒｌｙ review", "quarterly")])
    shown = ("Reports to the client\nReport Frequency\nWeekly performance pack with the next\nweek's staff-\n"
             "ing plan weekly\nQuarterly review quarterly\n")
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: shown)
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == []
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: shown.replace("Quarterly review quarterly\n", ""))
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == ["Ｑｕａｒｔｅｒｌｙ review", "quarterly"]


@pytest.mark.slow
def test_a_dropped_row_fails_the_conversion_naming_the_document_and_the_text(tmp_path):
    from rfpgen.documents.pdf import soffice_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    from rfpgen.documents.pdf import convert_to_pdf

    rows = [("Daily flash report", "daily"), (ROW, "weekly"), ("Quarterly business review", "quarterly")]
    full = _table_docx(tmp_path / "full.docx", rows)
    # what LibreOffice showed when it dropped rows: the same document without one of them
    (tmp_path / "shown").mkdir()
    converted = _convert_without_check(_table_docx(tmp_path / "shown" / "full.docx", [rows[0], rows[2]]))
    target = full.with_suffix(".pdf")
    shutil.copy(converted, target)
    with pytest.raises(PdfLostText) as caught:
        pdfcheck.verify_pdfs([(full, target)])
    assert caught.value.document == "full.docx" and caught.value.missing == [ROW, "weekly"]
    assert "full.docx" in str(caught.value) and ROW in str(caught.value) and "full.docx" in caught.value.message("ja")
    assert not target.exists()  # an incomplete PDF is not left to pass for the document
    assert convert_to_pdf([full]) == [target] and target.exists()  # the whole table converts and passes


def _convert_without_check(docx):
    import subprocess

    from rfpgen.documents.pdf import soffice_path

    subprocess.run([soffice_path(), "--headless", f"-env:UserInstallation=file://{docx.parent}/profile", "--convert-to", "pdf",
                    "--outdir", str(docx.parent), str(docx)], capture_output=True, timeout=300, check=True)
    return docx.with_suffix(".pdf")
