"""Filled workbooks read back fast: every cell value at once with calamine (a Rust reader, some
ten times faster than building openpyxl's styled cells, which `rfpgen score` on a large project
spent most of its time in), plus the one thing calamine does not report, whether a sheet is still
protected, read from the sheet's own XML.

The objects answer the small part of openpyxl's worksheet interface the readers use (``ws["E12"]``,
``ws[row]``, ``ws.cell(row, column)``, ``ws.iter_rows(min_col, max_col)``, ``ws.title``,
``ws.protection.sheet``), so the readers stay written as they were. Values are what openpyxl gives
for the same cells: whole numbers as int, blank cells (and empty text) as None, dates as datetime.
A formula cell holds the value it last showed, which the readers ignore except in input cells.
"""
from __future__ import annotations

import html
import posixpath
import re
import zipfile
from functools import lru_cache
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name  # not openpyxl's: importing openpyxl took a quarter second of every build


@lru_cache(maxsize=1024)  # the readers ask for the same few columns row after row
def _letters(column: int) -> str:
    """Column 5 as Excel names it: E."""
    return xl_col_to_name(column - 1)


@lru_cache(maxsize=65536)
def _row_column(ref: str) -> tuple[int, int]:
    """"E12" as (row, column), counted from 1."""
    row, column = xl_cell_to_rowcol(ref)
    return row + 1, column + 1


class Unreadable(Exception):
    """The file is not a workbook calamine can read; the message names what went wrong."""


@dataclass(frozen=True)
class Cell:
    value: object
    row: int
    column: int

    @property
    def column_letter(self) -> str:
        return _letters(self.column)

    @property
    def coordinate(self) -> str:
        return f"{self.column_letter}{self.row}"


def _value(raw):
    """openpyxl's value for what calamine read."""
    if raw == "" or raw is None:
        return None
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**53:
        return int(raw)
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return datetime.combine(raw, time())
    return raw


class _Protection:
    def __init__(self, sheet: bool):
        self.sheet = sheet


class Sheet:
    """One worksheet's values, rows and columns counted from 1 as in Excel."""

    def __init__(self, title: str, rows: list[list], protected: bool, formulas: dict[str, tuple]):
        self.title = title
        self._rows = rows
        self.protection = _Protection(protected)
        self._formulas = formulas

    def cell(self, row: int, column: int) -> Cell:
        if self._formulas:
            ref = f"{_letters(column)}{row}"
            written = self._formulas.get(ref)
            if written is not None:
                return Cell(_formula(written, ref), row, column)
        values = self._rows[row - 1] if 0 < row <= len(self._rows) else ()
        return Cell(_value(values[column - 1]) if 0 < column <= len(values) else None, row, column)

    def __getitem__(self, where):
        if isinstance(where, int):  # a whole row, as far as the sheet has columns
            width = max((len(r) for r in self._rows), default=0)
            return tuple(self.cell(where, c) for c in range(1, width + 1))
        return self.cell(*_row_column(where))

    def iter_rows(self, min_row: int = 1, max_row: int | None = None, min_col: int = 1, max_col: int | None = None,
                  values_only: bool = False):
        last = len(self._rows) if max_row is None else max_row
        width = max_col or max((len(r) for r in self._rows), default=0)
        for row in range(min_row, last + 1):
            cells = tuple(self.cell(row, c) for c in range(min_col, width + 1))
            yield tuple(c.value for c in cells) if values_only else cells


class Workbook:
    """A filled workbook's sheets by title, in tab order."""

    def __init__(self, path: Path, only=None):
        """`only`: read just these sheets (the others are listed but hold nothing)."""
        from python_calamine import CalamineWorkbook

        self._path = path
        try:
            book = CalamineWorkbook.from_path(str(path))
            self.sheetnames = list(book.sheet_names)
            self._rows = {}
            for title in self.sheetnames:
                wanted = only is None or title in only
                self._rows[title] = book.get_sheet_by_name(title).to_python(skip_empty_area=False) if wanted else []
            book.close()
            self._parts = read_parts(path) if only is None else {}
        except BaseException as exc:  # calamine's and zipfile's errors, and a Rust panic, which is not an Exception
            if isinstance(exc, (KeyboardInterrupt, SystemExit, MemoryError)):
                raise
            raise Unreadable(type(exc).__name__) from None

    @property
    def worksheets(self) -> list[Sheet]:
        return [self[title] for title in self.sheetnames]

    def __getitem__(self, title: str) -> Sheet:
        if title not in self._rows:
            raise KeyError(title)
        protected, formulas = self._parts.get(title, (False, {}))
        return Sheet(title, self._rows[title], protected, formulas)


_SHEET = re.compile(rb"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(rb'([\w:]+)\s*=\s*"([^"]*)"')


def _attributes(tag: bytes) -> dict[str, str]:
    """Attributes by local name (the relationship id of a sheet is ``r:id``, whatever its prefix)."""
    return {k.decode().rpartition(":")[2]: html.unescape(v.decode("utf-8", "replace")) for k, v in _ATTR.findall(tag)}


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the part (file) inside the workbook that holds it."""
    names = set(archive.namelist())
    rels = archive.read("xl/_rels/workbook.xml.rels") if "xl/_rels/workbook.xml.rels" in names else b""
    targets = {}
    for tag in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", rels):
        a = _attributes(tag)
        target = a.get("Target", "")
        targets[a.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    parts = {}
    for tag in _SHEET.findall(archive.read("xl/workbook.xml")):
        a = _attributes(tag)
        if targets.get(a.get("id")) in names:
            parts[a.get("name", "")] = targets[a.get("id")]
    return parts


def _protected(xml: bytes) -> bool:
    at = xml.find(b"sheetProtection")  # plain searches: a regex over megabytes of cells is slow
    return at > 0 and _attributes(xml[at:xml.find(b">", at)]).get("sheet", "0") in ("1", "true")


_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')


def _formulas(xml: bytes) -> dict[str, tuple]:
    """Cell -> where its formula is written: (the formula text as in the XML, the cell it was written
    for). A formula shared down a column (as Excel writes one filled down) is written once, for its
    first cell. Text is only decoded for the cells a reader asks for (see `_formula`)."""
    root = xml.find(b"worksheet")
    prefix = re.escape(xml[xml.rfind(b"<", 0, root) + 1:root]) if root > 0 else b""  # "x:" if the namespace has one
    # the pattern opens with a literal ("<c "), which the regex engine finds fast in megabytes of cells
    cells = re.compile(rb"<%sc\s([^>]*)>\s*<%sf\b([^>]*?)(?:/>|>([^<]*)</%sf>)" % (prefix, prefix, prefix))
    found, masters = {}, {}
    for cell, attributes, text in cells.findall(xml):
        ref = _REF.search(cell)
        if ref is None:
            continue
        ref = ref.group(1).decode()
        if b"shared" in attributes:
            shared = _attributes(attributes).get("si")
            if text:
                masters[shared] = (text, ref)
            elif shared in masters:
                found[ref] = masters[shared]
                continue
        if text:
            found[ref] = (text, ref)
    return found


def _formula(written: tuple, ref: str) -> str:
    """The formula of cell `ref` as openpyxl gives it: "=" and its text, moved from the cell a shared
    formula was written for."""
    raw, origin = written
    text = "=" + html.unescape(raw.decode("utf-8", "replace"))
    if origin != ref:
        from openpyxl.formula.translate import Translator

        text = Translator(text, origin=origin).translate_formula(ref)
    return text


def read_parts(path: Path) -> dict[str, tuple[bool, dict[str, tuple]]]:
    """Sheet title -> (protected, formulas by cell), read from the sheets' XML, which calamine does not report."""
    with zipfile.ZipFile(path) as archive:
        found = {}
        for title, part in _sheet_parts(archive).items():
            xml = archive.read(part)
            found[title] = (_protected(xml), _formulas(xml))
        return found
