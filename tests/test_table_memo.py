"""Tables fitted and finished before in this process are reused by their content
(documents.table_memo): a table rendered as before gets the result worked out for it then, and a
table whose text changed, however little, is worked out anew."""
from __future__ import annotations

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from rfpgen.documents import render
from rfpgen.documents.finish import finish


def _document(rows):
    doc = Document()
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    return doc


def _finished(rows, remembered: bool) -> bytes:
    """The table's XML after fitting and finishing, with the results of earlier tables or without."""
    if not remembered:
        render._TABLES._done.clear()
    doc = _document(rows)
    render.fit_and_finish_tables(doc)  # as render_docx does: the tables first, then the rest of the finish
    finish(doc, tables=False)
    return etree.tostring(doc.tables[0]._tbl)


def _widths(xml: bytes) -> list[int]:
    return [int(col.get(qn("w:w"))) for col in etree.fromstring(xml).iter(qn("w:gridCol"))]


SHORT = [["ID", "Requirement", "Volume"], ["SYS-001", "Calls are answered in 20 s.", "1,200"],
         ["SYS-002", "Recordings are kept for two years.", "300"]]
LONGER_ID = [["ID", "Requirement", "Volume"], ["SYS-001-CUSTOMER-CONTACT", "Calls are answered in 20 s.", "1,200"],
             ["SYS-002", "Recordings are kept for two years.", "300"]]


def test_a_table_seen_before_gets_what_a_fresh_fitting_and_finish_give():
    fresh = _finished(SHORT, remembered=False)
    assert _finished(SHORT, remembered=True) == fresh
    doc = _document(SHORT)  # the two steps one after the other, as fit_columns and finish do them apart
    render.fit_columns(doc)
    finish(doc)
    assert etree.tostring(doc.tables[0]._tbl) == fresh
    assert b"w:cantSplit" in fresh and b'w:jc w:val="right"' in fresh  # both steps did their work


def test_a_table_whose_text_changed_is_fitted_and_finished_anew():
    short = _finished(SHORT, remembered=False)
    longer = _finished(LONGER_ID, remembered=True)  # the short table's results are remembered
    assert _widths(longer)[0] > _widths(short)[0]  # the id column widened to the longer id
    assert longer == _finished(LONGER_ID, remembered=False)


def test_a_table_with_more_rows_is_finished_anew():
    many = SHORT + [[f"SYS-{n:03}", "Calls are answered in 20 s.", "1,200"] for n in range(3, 40)]
    few = _finished(SHORT, remembered=False)
    assert _finished(many, remembered=True) == _finished(many, remembered=False) != few
