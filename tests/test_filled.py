"""The fast reader of filled workbooks (scoring.filled) gives every cell exactly what openpyxl gives:
the readers were written against openpyxl, and their refusals depend on the values' types."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook as OpenpyxlWorkbook, load_workbook

from rfpgen.scoring import filled
from rfpgen.scoring.sheets import write_workbooks
from scoring_support import fill_all, make_project, vendor_sheets


def _same_as_openpyxl(path: Path) -> None:
    ours, theirs = filled.Workbook(path), load_workbook(path)
    assert ours.sheetnames == theirs.sheetnames
    for ws in theirs.worksheets:
        sheet = ours[ws.title]
        assert sheet.protection.sheet == bool(ws.protection.sheet), ws.title
        for row in ws.iter_rows():
            for cell in row:
                mine = sheet[cell.coordinate]
                assert (mine.value, type(mine.value)) == (cell.value, type(cell.value)), (ws.title, cell.coordinate)
                assert mine.coordinate == cell.coordinate


def test_filled_scoring_workbooks_read_as_openpyxl_reads_them(tmp_path):
    project = make_project()
    (tmp_path / "scoring").mkdir()
    write_workbooks(project, tmp_path / "scoring")
    files = fill_all(tmp_path, project)
    wb = load_workbook(files[0])  # an evaluator types a formula, a date and text where scores go
    ws = next(iter(vendor_sheets(wb).values()))
    ws["H20"], ws["I20"], ws["J20"] = "=2+2", datetime(2027, 3, 1, 9, 30), ""
    ws.protection.sheet = False
    wb.save(files[0])
    for path in files:
        _same_as_openpyxl(Path(path))


def _workbook_with(sheet_xml: bytes, tmp_path: Path) -> Path:
    """A workbook written by openpyxl whose first sheet's XML is replaced by `sheet_xml`."""
    source = tmp_path / "source.xlsx"
    OpenpyxlWorkbook().save(source)
    out = tmp_path / "edited.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(out, "w") as new:
        for item in old.infolist():
            new.writestr(item, sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else old.read(item))
    return out


def test_shared_formulas_and_a_namespace_prefix_read_as_openpyxl_reads_them(tmp_path):
    """Excel writes a formula filled down once ("shared"); some writers prefix the main namespace."""
    ns = b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    xml = (b'<?xml version="1.0" encoding="UTF-8"?><x:worksheet ' + ns + b'><x:sheetData>'
           b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c><x:c r="B1"><x:f t="shared" ref="B1:B3" si="0">A1*2</x:f>'
           b'<x:v>2</x:v></x:c></x:row>'
           b'<x:row r="2"><x:c r="A2"><x:v>2.5</x:v></x:c><x:c r="B2"><x:f t="shared" si="0"/><x:v>5</x:v></x:c>'
           b'<x:c s="0" r="C2"><x:f>"a&amp;"&amp;A2</x:f><x:v>x</x:v></x:c></x:row>'
           b'</x:sheetData><x:sheetProtection sheet="1"/></x:worksheet>')
    path = _workbook_with(xml, tmp_path)
    _same_as_openpyxl(path)
    sheet = filled.Workbook(path).worksheets[0]
    assert [sheet["B1"].value, sheet["B2"].value, sheet["C2"].value] == ["=A1*2", "=A2*2", '="a&"&A2']
    assert sheet["A1"].value == 1 and isinstance(sheet["A1"].value, int) and sheet["A2"].value == 2.5


def test_what_is_not_a_workbook_is_refused_without_a_traceback(tmp_path):
    for name, data in {"empty.xlsx": b"", "text.xlsx": b"not a workbook", "zip.xlsx": _zip_of({"a.txt": b"x"})}.items():
        path = tmp_path / name
        path.write_bytes(data)
        try:
            filled.Workbook(path)
        except filled.Unreadable:
            continue
        raise AssertionError(f"{name} was read as a workbook")


def _zip_of(members: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
