"""A PDF never silently loses content: the table pattern LibreOffice drops rows of is never written,
and `--pdf` reads every PDF back and refuses one that lacks a paragraph or a cell of its document."""
from __future__ import annotations

import shutil
import zipfile

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from rfpgen.documents import pdfcheck
from rfpgen.documents.render import render_docx
from rfpgen.errors import PdfLostText

ROW = "Weekly performance pack with the next week's staffing plan"


def _table_docx(path, rows, cant_split=False, before=None):
    doc = before or Document()
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


@pytest.mark.slow
def test_rows_kept_whole_under_a_repeated_header_all_reach_the_pdf_wherever_the_table_starts(tmp_path):
    """Rows never split (the documents' finish) and the header repeats on every page. LibreOffice once
    dropped the rows of such a table when its header landed at a page foot, so the table is started
    at every line near the foot of page 1, with rows of half a page, and every row must be in the PDF."""
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    files = []
    for lines_before in range(36, 52):
        doc = Document()
        for i in range(lines_before):
            doc.add_paragraph(f"Paragraph {i} before the table")
        template = _table_docx(tmp_path / f"t{lines_before}.docx", [(f"{{{{ row{k} }}}}", "weekly") for k in range(5)],
                               before=doc)
        files.append(tmp_path / f"r{lines_before}.docx")
        files[-1].write_bytes(render_docx(template, {f"row{k}": f"Row {k}: " + ROW * 20 for k in range(5)}))
        with zipfile.ZipFile(files[-1]) as archive:
            xml = archive.read("word/document.xml").decode()
        assert "w:tblHeader" in xml and xml.count("<w:cantSplit") == 6  # the pattern under test
    for docx, pdf in zip(files, convert_to_pdf(files)):
        assert pdfcheck.missing_texts(docx, pdf) == [], docx.name


def test_texts_are_compared_as_a_reader_sees_them(tmp_path, monkeypatch):
    docx = _table_docx(tmp_path / "t.docx", [(ROW, "weekly"), ("Ｑｕａｒｔｅｒｌｙ review", "quarterly")])
    shown = ("Reports to the client\nReport Frequency\nWeekly performance pack with the next\nweek's staff-\n"
             "ing plan weekly\nQuarterly review quarterly\n")
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: shown)
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == []
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: shown.replace("Quarterly review quarterly\n", ""))
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == ["Ｑｕａｒｔｅｒｌｙ review", "quarterly"]


def test_invisible_characters_are_dropped_before_the_texts_are_normalised(tmp_path, monkeypatch):
    """A word joiner the finish put between a letter and its accent, an ideographic variation selector, a
    joiner inside an emoji sequence: none prints, and a PDF's text has the letter composed (Café, 葛飾),
    so they are dropped before NFKC, not after, and the cell is found."""
    docx = _table_docx(tmp_path / "t.docx", [("Cafe\u2060\u0301 葛\U000e0100飾 R\u2060-025", "ｗｅｅｋｌｙ①")])
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: "Reports to the client\nReport Frequency\nCafé 葛飾 R-025 weekly1\n")
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == []
    assert pdfcheck.normalise("Cafe\u200b\u0301\u2068x\u2069") == "Caféx"


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
    from rfpgen.documents.pdf import convert

    convert([(docx, docx.with_suffix(".pdf"))])
    return docx.with_suffix(".pdf")


ARABIC = "\u2068شركة\xa0الخليج\xa0للاتصالات\u2069 — מוקד טלפוני בע\u2060\"\u2060מ"


def test_arabic_with_the_lam_alef_ligature_is_found_as_pdftotext_writes_it(tmp_path, monkeypatch):
    """pdftotext writes the ligature لا back as ال inside the word (للاتصالات as لالتصاالت): the
    bidder's name is in the PDF, and the check must not call it lost."""
    docx = _table_docx(tmp_path / "t.docx", [(ARABIC, "weekly")])
    shown = 'Reports to the client\nReport Frequency\nشركة الخليج لالتصاالت — מוקד טלפוני בע"מ weekly\n'
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: shown)
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == []
    # as LibreOffice's PDF of a table cell reads back: visual order, the quote in בע"מ set apart on a line of its own
    shown = 'Reports to the client\nReport Frequency\nמוקד — الخليج لالتصاالت شركة\nבע טלפוני\n"\nמ weekly\n'
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == []
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: "Reports to the client\nReport Frequency\nشركة الخليج weekly\n")
    assert pdfcheck.missing_texts(docx, tmp_path / "t.pdf") == [ARABIC]  # a word really gone is still caught


def test_a_lost_text_is_named_with_the_heading_it_stands_under_in_the_projects_language(tmp_path, monkeypatch):
    doc = Document()
    doc.add_heading("11.7 入札参加者", level=2)
    docx = _table_docx(tmp_path / "t.docx", [("北九州カスタマーサポート株式会社", "weekly")], before=doc)
    monkeypatch.setattr(pdfcheck, "pdf_text", lambda path: "11.7 入札参加者\nReports to the client\nReport Frequency\nweekly\n")
    (tmp_path / "t.pdf").write_bytes(b"")
    with pytest.raises(PdfLostText) as caught:
        pdfcheck.verify_pdfs([(docx, tmp_path / "t.pdf")])
    assert "「北九州カスタマーサポート株式会社」（見出し「11.7 入札参加者」の下）" in caught.value.message("ja")
    assert "'北九州カスタマーサポート株式会社' (under '11.7 入札参加者')" in str(caught.value)


@pytest.mark.slow
def test_an_arabic_name_converted_by_libreoffice_passes_the_check(tmp_path):
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    docx = _table_docx(tmp_path / "t.docx", [(ARABIC, "weekly"), ("شركة الاتصال العربية المحدودة", "daily")])
    assert convert_to_pdf([docx]) == [docx.with_suffix(".pdf")]
