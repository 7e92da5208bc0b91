"""A running header is one line: a long title beside a long confidentiality mark (取扱注意（関係者限り・
複製禁止）) broke every document's header (the mark under the title, or broken inside itself), in the
Word documents and in the workbooks' print headers alike. The mark stays whole; the title gives way."""
from __future__ import annotations

import copy
import io
import re

import pytest

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from conftest import ROOT
from rfpgen.documents.build import render_documents
from rfpgen.documents.headers import ELLIPSIS, one_line_title
from rfpgen.documents.measure import TABLE_POINTS, _mm
from rfpgen.validation import load_project, project_from_data

MARK = "取扱注意（関係者限り・複製禁止）"
TITLE = "受注・お客様対応センター及び物流問合せ窓口の運営業務委託（2027年度更新）"


def _long_headed_project():
    data = copy.deepcopy(load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data)
    data["project"]["title"], data["project"]["confidentiality"] = TITLE, MARK
    return project_from_data(data, lang="ja")


def test_every_documents_header_keeps_the_mark_whole_and_the_title_and_mark_on_one_line(tmp_path):
    rendered = render_documents(_long_headed_project(), tmp_path, only={"requirements", "rfp", "guide"})
    assert len(rendered) == 3
    for path, data in rendered.items():
        doc = Document(io.BytesIO(data))
        section = doc.sections[0]
        line_mm = (section.page_width - section.left_margin - section.right_margin) / 36000
        runs = [r for r in section.header.paragraphs[0].runs]
        tab = next(i for i, r in enumerate(runs) if r._r.find(qn("w:tab")) is not None)
        title, mark = "".join(r.text for r in runs[:tab]), "".join(r.text for r in runs[tab + 1:])
        assert mark == MARK, path.name
        assert ELLIPSIS in title and not title.startswith(ELLIPSIS), title  # shortened, the kind after it kept
        width = (_mm(title) * runs[tab - 1].font.size.pt + _mm(mark, True) * runs[tab + 1].font.size.pt) / TABLE_POINTS
        assert width < line_mm, (path.name, title, width, line_mm)


def test_a_workbooks_print_header_shortens_the_title_beside_the_whole_mark():
    from rfpgen.documents.xlsx import new_workbook, page_setup

    buffer = io.BytesIO()
    book = new_workbook(buffer)
    for landscape in (True, False):
        ws = book.add_worksheet(f"sheet{int(landscape)}")
        page_setup(ws, "ja", landscape=landscape, mark=MARK, title=f"評価者別 – {TITLE} – 2027年4月12日（月）10:00（日本時間）")
    book.close()
    for ws in load_workbook(buffer).worksheets:
        left, right = ws.oddHeader.left.text, ws.oddHeader.right.text
        assert right == MARK and ELLIPSIS in left and left.endswith("（日本時間）"), left  # the date after the title kept
        assert re.sub(r"&\d+", "", left) == left  # the title's own size: shortened, not printed smaller


def test_a_workbooks_print_header_keeps_the_label_within_excels_limit():
    """Excel drops a print header over 255 characters (XlsxWriter warns and writes none): a hostile title
    or label (ampersands written doubled) is cut short instead, the label kept first."""
    import warnings

    from rfpgen.documents.xlsx import HEADER_LIMIT, new_workbook, page_setup

    buffer = io.BytesIO()
    book = new_workbook(buffer)
    labels = ("社外秘", "R&D " * 80, "🔒" * 200)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # XlsxWriter's warning is the header lost
        for n, label in enumerate(labels):
            page_setup(book.add_worksheet(f"s{n}"), "en", mark=label, title="Q&A 👨‍👩‍👧 " * 100)
        book.close()
    for ws, label in zip(load_workbook(buffer).worksheets, labels):
        written = ws.oddHeader.right.text  # as the header stores it: & doubled
        right = written.replace("&&", "&")
        assert right == label or (right.endswith(ELLIPSIS) and label.startswith(right[:-1])), right
        left = ws.oddHeader.left.text
        units = len(((f"&L{left}" if left else "") + f"&R{written}").encode("utf-16-le")) // 2  # as Excel counts
        assert units <= HEADER_LIMIT


def test_a_title_that_fits_is_left_whole_and_a_cut_title_ends_before_an_open_bracket():
    assert one_line_title("短い題名\u3000評価者ガイド", MARK, 166, 8, 9, True) == "短い題名\u3000評価者ガイド"
    cut = one_line_title(TITLE + "\u3000評価者ガイド", MARK, 166, 8, 9, True)
    assert cut.endswith("\u3000評価者ガイド") and "（" not in cut.split(ELLIPSIS)[0][-12:]


def _footer(template) -> str:
    """A template's footer as it reads, its page fields as {page} and {pages} (their cached results left out)."""
    import zipfile

    from lxml import etree

    out = []
    with zipfile.ZipFile(template) as archive:
        for name in sorted(n for n in archive.namelist() if re.fullmatch(r"word/footer\d+\.xml", n)):
            result = False
            for el in etree.fromstring(archive.read(name)).iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t")):
                if el.tag == qn("w:fldChar"):
                    result = el.get(qn("w:fldCharType")) == "separate" or (result and el.get(qn("w:fldCharType")) != "end")
                elif el.tag == qn("w:instrText"):
                    out.append({"PAGE": "{page}", "NUMPAGES": "{pages}"}.get(el.text.strip(), ""))
                elif not result:
                    out.append(el.text)
    return "".join(out)


def test_every_document_and_workbook_numbers_its_pages_in_one_format_per_language():
    """The Japanese clarifications and memo printed 2/2 where the RFP printed 2 / 12: one format per
    language everywhere, the Word documents' footers and the workbooks' alike (2/12; Page 2 of 12)."""
    from rfpgen.documents.xlsx import new_workbook, page_setup

    for lang, shown in (("ja", "{page}/{pages}"), ("en", "Page {page} of {pages}")):
        templates = sorted((ROOT / "templates" / lang).glob("*.docx"))
        assert len(templates) >= 8 and {t.name: _footer(t) for t in templates} == {t.name: shown for t in templates}
        buffer = io.BytesIO()
        book = new_workbook(buffer)
        page_setup(book.add_worksheet("sheet"), lang, mark=MARK)
        book.close()
        assert load_workbook(buffer).worksheets[0].oddFooter.center.text == shown.format(page="&P", pages="&N")


def test_an_english_title_that_fits_beside_the_mark_is_not_shortened(tmp_path):
    """English documents set Latin text in Calibri, which is narrower than the tables' safe estimate: the
    example's title with its kind ("Customer Order Desk Outsourcing – Business Requirements Definition")
    fits beside "Commercial in confidence" with room to spare, and was cut with an ellipsis."""
    project = load_project(ROOT / "examples" / "en-electronics-retail.yaml")
    for path, data in render_documents(project, tmp_path, only={"requirements", "rfp", "guide"}).items():
        header = Document(io.BytesIO(data)).sections[0].header.paragraphs[0].text
        assert ELLIPSIS not in header and project.data["project"]["title"] in header, (path.name, header)
    # a title too long for any line is still shortened, the mark kept whole
    long_title = "Customer Order Desk, Returns, Repairs and Warranty Claims Outsourcing for the Whole Group"
    shown = one_line_title(long_title + " – Business Requirements Definition", "Commercial in confidence", 160, 8, 9, True, calibri=True)
    assert shown.endswith(ELLIPSIS + " – Business Requirements Definition")


def _header_texts(doc) -> list[tuple[str, str]]:
    """(which header, its text) of every section of a Word document: the default header, and the first
    page's and the even pages' where the section has them."""
    out = []
    for i, section in enumerate(doc.sections):
        headers = [("default", section.header)]
        if section.different_first_page_header_footer:
            headers.append(("first", section.first_page_header))
        if doc.settings.odd_and_even_pages_header_footer:
            headers.append(("even", section.even_page_header))
        out += [(f"section {i + 1} {name}", "\n".join(p.text for p in header.paragraphs)) for name, header in headers]
    return out


@pytest.mark.parametrize("example", ["ja-ec-order-center", "en-electronics-retail"])
def test_every_page_of_every_internal_file_carries_the_label(tmp_path, example):
    """The reviewer saw the blind key's page without the label: every section of every Word file of a
    whole selection (documents, paper forms, memo) carries the label in its header, each on one line (no
    line break in it), a first page without one (the cover) in its body; every sheet of every workbook
    prints it at the top right of each page (instructions, the blind key, the rate structure included).
    Internal files carry the internal label; those that go to vendors the RFP's (the notices of the result
    are letters to each vendor, headed as letters are)."""
    from outputs_support import every_output
    from rfpgen.documents.parts import confidentiality_mark
    from rfpgen.documents.properties import internal_mark

    project = load_project(ROOT / "examples" / f"{example}.yaml")
    internal, vendors = internal_mark(project), confidentiality_mark(project, "rfp")
    outside = ("-rfp.", "-clarifications.", "-response-form.")  # what goes to vendors
    checked = 0
    for path in every_output(project, tmp_path):
        if "-notice-" in path.name:  # a letter to one vendor about its own result: a letter's head, no label
            continue
        mark = vendors if any(kind in path.name for kind in outside) else internal
        if path.suffix == ".docx":
            doc = Document(str(path))
            for which, text in _header_texts(doc):
                if which.endswith("first") and not text.strip():  # a cover: the label in its body
                    body = "\n".join(p.text for p in doc.paragraphs[:40]) + "".join(
                        c.text for t in doc.tables[:2] for row in t.rows for c in row.cells)
                    assert mark in body, (path.name, which)
                    continue
                assert text.split("\t")[-1].strip() == mark, (path.name, which, text)
                assert "\n" not in text.strip(), (path.name, which, text)
                checked += 1
        else:
            for ws in load_workbook(path).worksheets:
                if ws.sheet_state == "visible":
                    assert ws.oddHeader.right.text == mark, (path.name, ws.title, ws.oddHeader.right.text)
                    checked += 1
    assert checked > 30
