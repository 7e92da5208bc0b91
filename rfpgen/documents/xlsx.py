"""Workbooks written with XlsxWriter, which writes the large scoring workbooks several times faster
than openpyxl (openpyxl stays for reading workbooks back). Shared by the response form and the
scoring, price, consensus, results and responses workbooks."""
from __future__ import annotations

import io
import math
import re
import zipfile
from functools import lru_cache
from typing import Callable

import xlsxwriter
from xlsxwriter.core import Core
from xlsxwriter.sharedstrings import SharedStrings, SharedStringTable
from xlsxwriter.worksheet import Worksheet

from ..text import (CURRENCY_SIGNS, JA_COUNTER, JA_DATE, NBSP, NOT_AT_LINE_END, NOT_AT_LINE_START, display_width,
                    grapheme_clusters, is_wide, joins_characters, visible_characters)
from .finish import PHONE, STANDARD
from ..words import say
from .headers import ELLIPSIS, one_line_title


class _Worksheet(Worksheet):
    """Prepares each distinct formula once: XlsxWriter runs some thirty regular expressions over
    every formula (future-function prefixes), which was a third of the time of writing the scoring
    workbooks, whose vendor sheets repeat the same formulas row for row."""

    _prepared: dict = {}

    def _prepare_formula(self, formula, expand_future_functions=False):
        key = (formula, expand_future_functions, self.use_future_functions)
        done = self._prepared.get(key)
        if done is None:
            if len(self._prepared) > 100_000:
                self._prepared.clear()
            done = self._prepared[key] = super()._prepare_formula(formula, expand_future_functions)
        return done


    def _write_string(self, row, col, string, cell_format=None):
        return super()._write_string(row, col, cell_text(string), cell_format)


@lru_cache(maxsize=16384)  # a workbook repeats its texts (a requirement's, on every evaluator's and vendor's rows)
def cell_text(text: str) -> str:
    """`text` as a cell holds it: a standard with its version (PCI DSS v4.0) and a telephone number in groups
    joined by no-break spaces, which Excel and LibreOffice never wrap a cell's line at (PCI / DSS v4.0)."""
    if " " not in text or not any(ch.isdigit() for ch in text):
        return text
    for token in (STANDARD, PHONE):
        text = token.sub(lambda m: m.group(0).replace(" ", NBSP), text)
    return text


class _LockedWorkbook(xlsxwriter.Workbook):
    """A workbook whose structure is locked (no sheet added, removed or unhidden), which XlsxWriter has
    no option for: <workbookProtection> is written where the schema puts it, after
    fileVersion/fileSharing/workbookPr and before bookViews, as the workbook is written (not by
    unzipping and zipping the finished file again)."""

    def _write_book_views(self) -> None:
        self._xml_empty_tag("workbookProtection", [("lockStructure", "1")])
        super()._write_book_views()


def new_workbook(buffer, lock_structure: bool = False) -> xlsxwriter.Workbook:
    """A workbook written into `buffer` in which text stays text: a criterion named '=1+1' or a
    comment quoting =HYPERLINK(...) never becomes a formula or a link (formulas are written explicitly).
    `lock_structure`: see _LockedWorkbook."""
    kind = _LockedWorkbook if lock_structure else xlsxwriter.Workbook
    book = kind(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    book.worksheet_class = _Worksheet
    return book


def copy_with_strings(book: xlsxwriter.Workbook, data: bytes, replace: Callable[[str], str], properties: dict) -> bytes | None:
    """A copy of the closed workbook `book` (its bytes `data`) with each of its texts `replace`d and the
    document `properties` (as Workbook.set_properties takes them): what XlsxWriter writes for the same
    cells holding the replaced texts, made without writing the sheets again. Every text is stored once in
    the shared strings part and a sheet refers to it by number, so only that part and the properties are
    written anew. None when two texts would become one (XlsxWriter would have stored them once, so the
    sheets would refer to them differently): the caller writes that workbook in full.

    What it is for: workbooks that differ in a few texts only (one per evaluator, the evaluator's name and
    id), written once with stand-in texts and copied, not written sheet by sheet for each of them. The two
    parts are written by XlsxWriter's own part classes (their underscore methods, as its packager calls
    them), so they are what XlsxWriter writes; tests/test_scoring.py compares every part of every copy
    with a workbook written in full, which a change in XlsxWriter would fail."""
    table = book.str_table
    strings = [replace(string) for string in table.string_array]
    if len(set(strings)) != len(strings):
        return None
    parts = {"xl/sharedStrings.xml": SharedStrings(), "docProps/core.xml": Core()}
    copied = SharedStringTable()
    copied.count, copied.unique_count, copied.string_array = table.count, table.unique_count, strings
    parts["xl/sharedStrings.xml"].string_table = copied
    parts["docProps/core.xml"]._set_properties(properties)
    written = {}
    for name, part in parts.items():
        part._set_xml_writer(text := io.StringIO())
        part._assemble_xml_file()
        written[name] = text.getvalue().encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, info.date_time)  # as XlsxWriter dates its parts
            entry.compress_type = info.compress_type
            copy.writestr(entry, written.get(info.filename) or source.read(info))
    return out.getvalue()


def font_name(lang: str) -> str:
    return "Yu Gothic" if lang == "ja" else "Calibri"


def write_value(ws, row: int, col: int, value, style=None) -> None:
    """Text, a number or (None or "") a blank cell, styled when `style` is given. Text and numbers go
    straight to what Worksheet.write would pick for them (text stays text: new_workbook), skipping its
    argument conversion and type dispatch, most of the time of writing a cell of the large workbooks."""
    kind = value.__class__
    if value is None or value == "":
        ws._write_blank(row, col, None, style)
    elif kind is str:
        ws._write_string(row, col, value, style)
    elif kind is int or kind is float:
        ws._write_number(row, col, value, style)
    else:
        ws.write(row, col, value, style)


@lru_cache(maxsize=16384, typed=True)  # a workbook repeats its texts (a requirement's, on every vendor's rows)
def wrapped_lines(text, width: float) -> int:
    """How many lines `text` takes in a wrapping column `width` wide (XlsxWriter's units) at 10 pt.

    Neither Excel nor LibreOffice sizes a written row to its text on opening, so rows are sized here.
    A column holds about `width` wide (Japanese) half-characters whatever font a printer substitutes,
    and about 1.3 x as many Latin letters; words wrapped whole waste a little of each line. A long
    Japanese line counts as many lines as kinsoku_lines breaks it into, where that is more."""
    room = max(width - 1, 4)
    lines = 0
    for part in str(text or "").split("\n"):
        wide = any(is_wide(ch) for ch in part)
        estimate = max(1, math.ceil(display_width(part) / (room if wide else room * 1.3)))
        if wide and display_width(part) > room:
            estimate = max(estimate, kinsoku_lines(part, width).count("\n") + 1)
        lines += estimate
    return lines


# What a computed line never breaks inside: a Japanese date, a figure with its Japanese unit (15営業日, 20％),
# a Latin word, code or figure (Q-WFM, R-025, 03-5555-0210, a mail address, 20%) with the words after it
# that belong to it (PCI DSS v4.0, ISO 27001, 03 5555 0210: a capitalised acronym or a figure after a
# space); a Japanese character on its own otherwise (Japanese breaks between any two).
_LATIN_RUN = r"[!-~]+(?:[ \u00a0](?=v?\d|[A-Z]{2,}(?![a-z]))[!-~]+)*"
_LINE_PIECES = re.compile(rf"{JA_DATE}|{_LATIN_RUN}(?:(?<=\d)(?:{JA_COUNTER}|％))?|[０-９][０-９，．]*(?:{JA_COUNTER}|％)?|\s+|.",
                          re.S)


def line_pieces(text: str) -> list[str]:
    """`text` cut where a computed line may break (_LINE_PIECES), a combining mark, a variation selector or
    the rest of an emoji sequence staying with the character it belongs to."""
    if not joins_characters(text):
        return _LINE_PIECES.findall(text)
    pieces: list[str] = []
    for piece in _LINE_PIECES.findall(text):
        if pieces and not piece.isspace() and len(grapheme_clusters(pieces[-1][-1] + piece[0])) == 1:
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def kinsoku_lines(text, width: float) -> str:
    """`text` for a wrapping column `width` wide (XlsxWriter's units), its Japanese lines broken where
    wrapped_lines counts them, no line starting with 。、 or a closing bracket nor ending with an
    opening one, and no Latin word, code, figure with its unit or date broken (line_pieces).

    Only counted (wrapped_lines sizes a row by these lines, so a spreadsheet wrapping the text its own
    way clips nothing), never written into a cell: a break computed inside a word (苦情・ク / レーム)
    would stay in the text a reader copies out of the workbook."""
    room = max(width - 1, 4)
    lines = []
    for part in str(text or "").split("\n"):
        if not any(is_wide(ch) for ch in part) or display_width(part) <= room:
            lines.append(part)
            continue
        line: list[str] = []
        # the line's width added up piece by piece (measuring the whole line again for every piece made long
        # texts slow), when every character is one on the page: else a cluster (👩‍💻) may span two pieces
        simple = len(visible_characters(part)) == len(part)
        width = 0
        for piece in line_pieces(part):
            piece_width = display_width(piece)
            wide = width + piece_width if simple else display_width("".join(line) + piece)
            if line and not piece.isspace() and wide > room:
                cut = len(line)  # moved back while the next line would start, or this one end, badly
                while cut > 1 and ((line + [piece])[cut][0] in NOT_AT_LINE_START or line[cut - 1][-1] in NOT_AT_LINE_END):
                    cut -= 1
                if cut == 1 and ((line + [piece])[1][0] in NOT_AT_LINE_START or line[0][-1] in NOT_AT_LINE_END):
                    # no good place: a bracket with the code it opens, a code too long for the column with
                    # the mark after it make one line a little over full (never a bracket alone nor a line
                    # starting with 、); a longer run of nothing but such marks is broken where it is full
                    cut = 0 if len(line) <= 2 else len(line)
                if cut:
                    lines.append("".join(line[:cut]).rstrip())
                    line = line[cut:]
                while line and line[0].isspace():
                    line.pop(0)
                width = sum(map(display_width, line))
            if line or not piece.isspace():
                line.append(piece)
                width += piece_width
        lines.append("".join(line).rstrip())
    return "\n".join(lines)


def fitted_width(values, most: float = 60) -> float:
    """The width (XlsxWriter's units) of a column that holds each of `values` on one line: a unit per
    half-width character, whatever the script (Latin letters in a Japanese font, or in the font a printer
    substitutes, are about as wide as the unit), and two to spare; at most `most`, beyond which the
    longest wrap."""
    parts = [part for value in values if value is not None for part in str(value).split("\n")]
    return min(max([display_width(part) + 2 for part in parts] + [4]), most)


def money_format(currency: str | None, lang: str, decimals: int = 0) -> str:
    """A cell's number format for amounts in `currency`, as text.money writes them: #,##0"円" in
    Japanese documents priced in yen, £#,##0 (¥, $, €) in English ones, "CHF "#,##0 for a currency with
    no sign; plain #,##0 when the project names no currency."""
    digits = "#,##0" + ("." + "0" * decimals if decimals else "")
    if not currency:
        return digits
    if currency == "JPY" and lang == "ja":
        return f'{digits}"円"'
    sign = CURRENCY_SIGNS.get(currency) if lang != "ja" else None
    if sign:
        return f'"{sign}"{digits}'
    return f'"{currency} "{digits}'


def row_height(lines: int) -> float:
    """Points for a row of `lines` lines of 10-point text."""
    return max(18, 14 * lines + 4)


def fitted_height(values, widths) -> float:
    """Points for a row of `values` in columns `widths` wide (XlsxWriter's units): tall enough for its
    longest wrapped text, since neither Excel nor LibreOffice sizes a written row on opening (a long
    name or reason would print over the next row, or be clipped). Text of at most half a column's
    width in characters takes one line whatever its script, so it is not measured."""
    lines = 1
    for value, width in zip(values, widths):
        if isinstance(value, str) and (len(value) * 2 > width or "\n" in value):
            lines = max(lines, wrapped_lines(value, width))
    return row_height(lines)


_MARGIN_MM = 0.4 * 25.4  # page_setup's left and right margins
_HEADER_POINTS = 10  # the size a print header's text prints at


def page_setup(ws, lang: str, *, mark: str, landscape: bool = True, title: str | None = None) -> None:
    """A4, as wide as one page, centred, page numbers at the foot; at the top right of every printed
    page the label `mark` (the project's confidentiality label: every sheet of every workbook takes it,
    the blind key and the instructions included); at the top left `title` (the sheet's title, the
    project and the date), so every printed page says what it is."""
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.center_horizontally()
    ws.set_margins(left=_MARGIN_MM / 25.4, right=_MARGIN_MM / 25.4, top=1, bottom=1)
    ws.set_footer("&C" + say("doc.page_numbers", lang, page="&P", pages="&N"), margin=0.5)
    # one line: the title shortened where the page cannot hold it beside the mark (headers.one_line_title)
    title = title and one_line_title(title, mark, (297 if landscape else 210) - 2 * _MARGIN_MM, _HEADER_POINTS,
                                     calibri=font_name(lang) == "Calibri")
    right = "&R" + _header_part(mark, HEADER_LIMIT - 2)
    room = HEADER_LIMIT - _utf16_len(right) - 2
    left = "&L" + _header_part(title, room) if title and room > 1 else ""
    # the sheet's name written out, not the &A field: LibreOffice clips a field's Japanese glyphs
    ws.set_header(left + right, margin=0.5)


def print_below(ws, first_row: int) -> None:
    """Print the sheet from `first_row` down, once it is written: the rows above it hold the title and the
    label for the screen, which every printed page's header already gives (they printed twice on page 1)."""
    ws.print_area(first_row, 0, max(ws.dim_rowmax or 0, first_row), ws.dim_colmax or 0)


HEADER_LIMIT = 255  # Excel's limit on a print header in UTF-16 units, codes included: XlsxWriter drops a longer one


def _header_part(text: str, room: int) -> str:
    """`text` as a header writes it (& doubled), cut short with … between characters as shown to at most
    `room` UTF-16 units (an emoji takes two): a hostile label or title must not cost the page its label."""
    written, shown = text.replace("&", "&&"), list(grapheme_clusters(text))
    while _utf16_len(written) > room and shown:
        shown.pop()
        written = "".join(shown).rstrip().replace("&", "&&") + ELLIPSIS
    return written


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def protect(ws) -> None:
    """Protect a sheet without a password (an administrator can still repair layout); resizing
    columns and rows stays allowed."""
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
