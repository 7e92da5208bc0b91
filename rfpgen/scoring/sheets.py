"""Scoring workbooks out: one per evaluator, and one price workbook for procurement.

Design (prices): the quality workbooks never contain a price. Prices are entered in a separate
workbook, ``procurement/{project}-prices.xlsx``, addressed to the evaluators marked ``sees_prices``; only
it carries the price entry (and under blind evaluation the key from alias to vendor), in procurement's
own subfolder, so the panel's folder can be handed over whole without leaking bids.

Each evaluator workbook: an instructions sheet; one sheet per vendor with the gates (pass/fail
dropdowns), the weighted criteria (score dropdown 0..max, comment, weighted points and the quality
total by formula) and the checklist of withheld requirements, from which the unstated-needs
criterion's score is computed by formula, and the evaluator's overall comment (総評); a very hidden
``_meta`` sheet with the ids and the checksum. Printed, every page of a table carries its headings
(see _Pages). Only the yellow input cells are unlocked; the sheets and the workbook structure are
protected (without a password, so an administrator can still repair layout; tampering with
weights or ids is caught by `rfpgen score`). Written with XlsxWriter (see documents.xlsx), read
back with openpyxl (readback.py).
"""
from __future__ import annotations

import io
import tempfile
from pathlib import Path

from ..text import EMPTY, clean, day
from ..fileio import atomic_write_bytes
from ..words import enum, say, tr
from ..project import Project
from ..documents.parts import anchor_lines, scale_labels
from ..documents.properties import file_properties, internal_edition, internal_mark
from ..documents.xlsx import (cell_text, copy_with_strings, fitted_width, font_name, money_format, new_workbook,
                               page_setup, print_below, protect, row_height, wrapped_lines, write_value)
from . import model
from .model import COVERAGE_WORDS, GATE_WORDS, Scheme, checklist_text, evaluator_label, key, labelled, scale_heading
from .price import computed_figures
from .rules import Rules, figure_decimals

NAVY = "#1F3A5F"
BOX = {"border": 1, "border_color": "#A6A6A6"}
WRAP = {"text_wrap": True, "valign": "top"}
CENTER = {"align": "center", "valign": "top", "text_wrap": True}
INPUT = {"bg_color": "#FFF2CC", "locked": False}  # the yellow input cells, the only unlocked ones
SECTION_FILL = {"bg_color": "#EEF2F7"}
TOTAL_FILL = {"bg_color": "#DDE5EF"}

# vendor sheet columns
COL_KEY, COL_ID, COL_NAME, COL_WEIGHT, COL_SCORE, COL_WEIGHTED, COL_ANCHORS, COL_COMMENT = "ABCDEFGH"
STEP_WIDTH = 90  # column C of the instruction sheets, where the numbered steps wrap
WIDTHS = {"A": 14, "B": 11, "C": 42, "D": 8, "E": 12, "F": 10, "G": 58, "H": 40}
HIDDEN = {COL_KEY}  # only text: LibreOffice prints a number in a hidden column as ### at the table's edge
_INDEX = {letter: i for i, letter in enumerate("ABCDEFGH")}
TITLE_ROWS = (24, 15, 15)  # points of the vendor sheet's title lines, repeated atop every printed page
OVERALL_HEIGHT = 120  # points of the overall comment's writing cell


def _page_room(widths: dict[str, float], hidden) -> float:
    """Points of rows an A4 landscape page holds when the sheet is printed one page wide (page_setup):
    the printable height over the scale the printer shrinks the columns by. A column `w` wide is
    7w + 5 pixels (the default font's digit width) and a pixel is 0.75 pt; 5% is left spare for
    a printer that sizes fonts and rows a little differently."""
    width = sum((int(w * 7 + 0.5) + 5) * 0.75 for col, w in widths.items() if col not in hidden)
    scale = min(1.0, (841.9 - 2 * 0.4 * 72) / width)
    return 0.95 * (595.3 - 2 * 72) / scale


class _Pages:
    """The printed pages of a vendor sheet. XlsxWriter repeats one row range atop every page (the
    title lines), which cannot be every table's column headings; so the sheet breaks its own pages,
    before the printer would, and writes a table's headings again at the top of each page the
    table continues on. Rows are counted in points from the heights the sheet sets."""

    def __init__(self, ws, room: float):
        self.ws, self.room = ws, room
        self.heights: dict[int, float] = {}
        self.first = 1  # the current page's first row (1-based)
        self.breaks: list[int] = []

    def set_height(self, row: int, height: float) -> None:
        self.ws.set_row(row - 1, height)
        self.heights[row] = height

    def fits(self, row: int, height: float) -> bool:
        """Whether `height` more points, placed from `row`, still fit on the current page."""
        used = sum(self.heights.get(r, 15) for r in range(self.first, row))
        return used + height + (sum(TITLE_ROWS) if self.first > 1 else 0) <= self.room

    def new_page(self, row: int) -> None:
        """Start a page at `row` (XlsxWriter numbers a break by the 0-based row it comes before)."""
        self.first = row
        self.breaks.append(row - 1)


class _Styles:
    """Every cell style of the scoring and price workbooks, added once per workbook (XlsxWriter
    writes a cell once, with its whole style)."""

    def __init__(self, book, lang: str, currency: str | None = None, points_decimals: int = 2):
        """`points_decimals`: of the weighted points and the quality score (or presentation points) they
        add up to, as the memo prints them (rules.figure_decimals)."""
        def add(*parts: dict):
            return book.add_format({k: v for part in parts for k, v in part.items()})

        def font(size: int, bold: bool = False, color: str | None = None) -> dict:
            return {"font_name": font_name(lang), "font_size": size, "bold": bold, **({"font_color": color} if color else {})}

        body = {**font(10), **BOX, **WRAP}
        self.title = add(font(14, True, NAVY))
        self.big_title = add(font(16, True, NAVY))
        self.mark = add(font(11, True, "#C00000"))
        self.mark_right = add(font(11, True, "#C00000"), {"align": "right"})
        self.section = add(font(12, True, NAVY))
        self.text = add(font(10))
        self.note = add(font(10, color="#7F6000"))
        self.head = add(font(10, True, "#FFFFFF"), {"bg_color": NAVY}, CENTER, BOX)
        self.small_head = add(font(10, True, "#FFFFFF"), {"bg_color": NAVY}, BOX)
        self.label = add(font(10, True, NAVY), SECTION_FILL, BOX)
        self.label_top = add(font(10, True, NAVY), SECTION_FILL, BOX, WRAP)
        self.boxed = add(font(10), BOX)
        self.box = add(BOX)
        self.step_number = add({"align": "right", "valign": "top"})
        self.step = add(font(10), WRAP)
        self.wrap = add(WRAP)
        self.scale = add(font(10), BOX, {"align": "center"})
        self.body = add(body)
        self.center = add(body, CENTER)
        self.input = add(body, INPUT)
        self.input_center = add(body, CENTER, INPUT)
        self.computed = add(body, CENTER, SECTION_FILL, {"num_format": "0"})
        points = "0." + "0" * points_decimals if points_decimals else "0"
        self.points = add(body, CENTER, {"num_format": points})
        self.total = add(body, TOTAL_FILL)
        self.total_label = add(body, TOTAL_FILL, {"bold": True})
        self.total_center = add(body, TOTAL_FILL, CENTER, {"bold": True})
        self.total_points = add(body, TOTAL_FILL, CENTER, {"bold": True, "num_format": points})
        self.coverage = add(body, TOTAL_FILL, CENTER, {"num_format": "0.0%"})
        self.price = add(body, INPUT, {"num_format": money_format(currency, lang)})


def _put(ws, col: str, row: int, value, style=None) -> None:
    """Write text, a number or a styled blank at a column letter and a 1-based row (as Excel names
    cells); text is never taken for a formula (see documents.xlsx.new_workbook)."""
    write_value(ws, row - 1, _INDEX[col], value, style)


def _formula(ws, col: str, row: int, expression: str, style=None) -> None:
    """One of rfpgen's own formulas, stored without a result (as openpyxl did), so Excel and
    LibreOffice compute it on opening."""
    ws.write_formula(row - 1, _INDEX[col], expression, style, "")


def _height(values) -> float:
    """A row height large enough for its wrapped texts: `values` are (column, text) pairs."""
    return row_height(max([wrapped_lines(value, WIDTHS[col]) for col, value in values if value is not None] + [1]))


def _validate(ws, col: str, rows: list[int], options: dict) -> None:
    """One validation over all `rows` of `col`, by contiguous ranges (one rule per cell made large
    workbooks slow to write and to open)."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    if runs:
        ref = " ".join(f"{col}{a}" if a == b else f"{col}{a}:{col}{b}" for a, b in runs)
        ws.data_validation(runs[0][0] - 1, _INDEX[col], runs[0][1] - 1, _INDEX[col], {**options, "multi_range": ref})


def _criterion_text(criterion: dict) -> str:
    text = clean(criterion["name"])
    if criterion.get("description"):
        text += "\n" + clean(criterion["description"])
    return text


def _list_rule(choices: list[str], lang: str, prompt: str, title: str, error: str) -> dict:
    return {"validate": "list", "source": choices, "ignore_blank": True, "error_type": "stop", "error_title": title[:32],
            "error_message": error[:255], "input_title": say("score.score_prompt_title", lang)[:32], "input_message": prompt[:255]}


def _header_row(ws, st: _Styles, row: int, labels: dict[str, str]) -> None:
    """Column headings at `row`; a heading over "C:D" spans those columns."""
    for cols, label in labels.items():
        first, _, last = cols.partition(":")
        if last:
            ws.merge_range(row - 1, _INDEX[first], row - 1, _INDEX[last], label, st.head)
        else:
            _put(ws, first, row, label, st.head)
    ws.set_row(row - 1, 30)


def _section(ws, st: _Styles, row: int, text: str) -> None:
    _put(ws, "B", row, text, st.section)
    ws.set_row(row - 1, 22)


def _meta_sheet(book, scheme: Scheme, kind: str, evaluator_id: str, vendor_sheets: dict[str, str]) -> None:
    ws = book.add_worksheet(model.META_SHEET)
    project = scheme.project
    rows = [("format", model.FORMAT), ("kind", kind), ("project_id", project.id),
            ("project_version", project.data["project"]["version"]), ("evaluator_id", evaluator_id),
            ("checksum", scheme.checksum()), ("scale_max", scheme.scale_max)]
    rows += [(key("sheet", vendor_id), title) for vendor_id, title in vendor_sheets.items()]
    for i, (name, value) in enumerate(rows, start=1):
        _put(ws, "A", i, name)
        _put(ws, "B", i, value)
    ws.very_hidden()
    protect(ws)


def _columns(ws, widths: dict[str, float], hidden=()) -> None:
    for col, width in widths.items():
        ws.set_column(_INDEX[col], _INDEX[col], width, None, {"hidden": col in hidden})


# ------------------------------------------------------------------ the evaluator workbook

def _rows(scheme: Scheme) -> dict[str, list[tuple]]:
    """Each gate's, criterion's and withheld requirement's (item, name, notes, row height): the same
    on every vendor sheet, so worked out once per workbook."""
    lang, smax = scheme.project.lang, scheme.scale_max
    computed = scheme.computed_ids()

    def row(item, name: str, notes: str | None) -> tuple:
        return item, name, notes, _height(((COL_NAME, name), (COL_ANCHORS, notes)))

    criteria = []
    for criterion in scheme.weighted():
        if criterion["id"] in computed:  # its method, not anchors nobody applies
            anchors = say("score.computed", lang) + " — " + say("score.checklist_note", lang, name=clean(criterion["name"]), max=smax)
        else:  # from 0 up, the criterion's own anchors else the scale's words, as the guide prints them
            anchors = "\n".join(anchor_lines(scheme.project, criterion, scheme.scale_labels()))
        criteria.append(row(criterion, _criterion_text(criterion), anchors or None))
    return {"gates": [row(gate, clean(gate["name"]), clean(gate.get("description") or "") or None) for gate in scheme.gates()],
            "criteria": criteria,
            "checklist": [row(requirement, checklist_text(requirement, lang),
                              clean(requirement.look_for or "") or None) for requirement in scheme.checklist()]}


def _vendor_sheet(book, st: _Styles, scheme: Scheme, rows: dict, vendor: dict, evaluator: dict, title: str) -> None:
    project, lang, smax = scheme.project, scheme.project.lang, scheme.scale_max
    ws = book.add_worksheet(title)
    _columns(ws, WIDTHS, HIDDEN)
    ws.hide_gridlines(2)
    pages = _Pages(ws, _page_room(WIDTHS, HIDDEN))

    p = project.data["project"]
    _put(ws, "B", 1, labelled(say("score." + scheme_kind_word(scheme), lang), clean(scheme.shown_name(vendor)), lang), st.title)
    for r, height in enumerate(TITLE_ROWS, start=1):
        pages.set_height(r, height)
    _put(ws, COL_COMMENT, 1, internal_mark(project), st.mark_right)
    _put(ws, "B", 2, labelled(say("score.project", lang), clean(p["title"]), lang), st.text)  # the id is on the instructions sheet
    _put(ws, "B", 3, labelled(say("score.evaluator", lang), evaluator_label(evaluator, lang), lang), st.text)
    _put(ws, "B", 4, say("score.input_note", lang), st.note)
    _put(ws, COL_KEY, 1, key("vendor", scheme.vendor_key(vendor)))
    _put(ws, COL_KEY, 3, key("evaluator", evaluator["id"]))
    row = 6

    number = 0

    def section(row: int, text: str, below: float) -> int:
        """The section's heading, numbered in turn, on a new page unless it fits with the `below` points
        that follow it."""
        nonlocal number
        number += 1
        if not pages.fits(row, 22 + below):
            pages.new_page(row)
        _section(ws, st, row, f"{number}. {text}")
        pages.set_height(row, 22)
        return row + 1

    def table(row: int, labels: dict[str, str], items: list, write) -> int:
        """A table: its column headings, then `write(row, item)` for each of `items` (whose last field
        is the row's height), the headings written again atop each page the table continues on."""
        def heading(row: int) -> int:
            _header_row(ws, st, row, labels)
            pages.set_height(row, 30)
            return row + 1

        row = heading(row)
        for item in items:
            if not pages.fits(row, item[-1]):
                pages.new_page(row)
                row = heading(row)
            write(row, item)
            pages.set_height(row, item[-1])
            row += 1
        return row

    # gates: name and pass condition over two columns each, as the gates have no weight or points; the
    # presentation stage has none, and says nothing of them
    gate_rows = []

    def gate(row: int, item: tuple) -> None:
        gate, name, basis, _ = item
        _put(ws, COL_KEY, row, key("gate", gate["id"]))
        _put(ws, COL_ID, row, gate["id"], st.body)
        ws.merge_range(row - 1, _INDEX[COL_NAME], row - 1, _INDEX[COL_WEIGHT], name, st.body)
        _put(ws, COL_SCORE, row, None, st.input_center)
        ws.merge_range(row - 1, _INDEX[COL_WEIGHTED], row - 1, _INDEX[COL_ANCHORS], basis or "", st.body)
        _put(ws, COL_COMMENT, row, None, st.input)
        gate_rows.append(row)

    if scheme.judges_gates:
        row = section(row, say("score.sec_gates", lang), 30 + (rows["gates"][0][-1] if rows["gates"] else 15))
        if rows["gates"]:
            row = table(row, {"B": say("score.id", lang), "C:D": say("score.gate", lang), "E": say("score.judgement", lang),
                              "F:G": say("score.gate_basis", lang), "H": say("score.comment", lang)}, rows["gates"], gate)
        else:
            _put(ws, "B", row, say("score.no_gates", lang))
            row += 1
        row += 1

    # weighted criteria
    row = section(row, say("score.sec_criteria", lang), 30 + rows["criteria"][0][-1])
    first_criterion = row + 1
    computed = scheme.computed_ids()
    unstated_row = None
    score_rows = []

    def criterion_row(row: int, item: tuple) -> None:
        nonlocal unstated_row
        criterion, text, anchors, _ = item
        _put(ws, COL_KEY, row, key("criterion", criterion["id"]))
        _put(ws, COL_ID, row, criterion["id"], st.body)
        _put(ws, COL_NAME, row, text, st.body)
        _put(ws, COL_WEIGHT, row, criterion["weight"], st.center)
        _formula(ws, COL_WEIGHTED, row, f'=IF({COL_SCORE}{row}="","",{COL_WEIGHT}{row}*{COL_SCORE}{row}/{smax})', st.points)
        if criterion["id"] in computed:
            unstated_row = row  # its score: a formula over the checklist, written below
            _put(ws, COL_SCORE, row, None, st.computed)
        else:
            _put(ws, COL_SCORE, row, None, st.input_center)
            score_rows.append(row)
        _put(ws, COL_ANCHORS, row, anchors, st.body)
        _put(ws, COL_COMMENT, row, None, st.input)

    row = table(row, {"B": say("score.id", lang), "C": say("score.criterion", lang), "D": say("score.weight", lang),
                      "E": scale_heading(say("score.score", lang), smax, lang), "F": say("score.weighted", lang),
                      "G": say("score.anchors", lang), "H": say("score.comment", lang)}, rows["criteria"], criterion_row)
    last_criterion = row - 1  # the sums skip the text of headings repeated on a new page
    weighted = f"SUM({COL_WEIGHTED}{first_criterion}:{COL_WEIGHTED}{last_criterion})"
    points = _stage_points(scheme)
    if points != 100:  # the presentation points: the weighted sum (of 100) first, then its share of the points
        for col in (COL_ID, COL_SCORE, COL_ANCHORS, COL_COMMENT):
            _put(ws, col, row, None, st.total)
        _put(ws, COL_NAME, row, say("score.weighted_sum", lang), st.total_label)
        _formula(ws, COL_WEIGHT, row, f"=SUM({COL_WEIGHT}{first_criterion}:{COL_WEIGHT}{last_criterion})", st.total_center)
        _formula(ws, COL_WEIGHTED, row, f"={weighted}", st.total_points)
        weighted = f"{COL_WEIGHTED}{row}"
        row += 1
    _put(ws, COL_KEY, row, key("total", "quality"))
    for col in (COL_ID, COL_SCORE, COL_ANCHORS, COL_COMMENT):
        _put(ws, col, row, None, st.total)
    _put(ws, COL_NAME, row, _total_label(scheme), st.total_label)
    if points == 100:
        _formula(ws, COL_WEIGHT, row, f"=SUM({COL_WEIGHT}{first_criterion}:{COL_WEIGHT}{last_criterion})", st.total_center)
        _formula(ws, COL_WEIGHTED, row, f"={weighted}", st.total_points)
    else:
        _put(ws, COL_WEIGHT, row, None, st.total)
        _formula(ws, COL_WEIGHTED, row, f"={weighted}*{points:g}/100", st.total_points)
    row += 2

    # checklist of withheld requirements
    cov_words = COVERAGE_WORDS[lang]
    status_rows = []
    if rows["checklist"]:
        unstated = scheme.unstated()
        row = section(row, say("score.sec_checklist", lang), 15 + 30 + rows["checklist"][0][-1])
        _put(ws, "B", row, say("score.checklist_note", lang, name=clean(unstated["name"]), max=smax), st.text)
        row += 1
        first = row + 1

        def withheld(row: int, item: tuple) -> None:
            requirement, text, look_for, _ = item
            e = f"{COL_SCORE}{row}"
            _put(ws, COL_KEY, row, key("withheld", requirement.id))
            _put(ws, COL_ID, row, requirement.id, st.body)
            _put(ws, COL_NAME, row, text, st.body)
            _put(ws, COL_WEIGHT, row, model.requirement_weight(requirement), st.center)
            _put(ws, COL_SCORE, row, None, st.input_center)
            _formula(ws, COL_WEIGHTED, row, (
                f'=IF(OR({e}="{cov_words["concrete"]}",{e}="{COVERAGE_WORDS["en"]["concrete"]}"),1,'
                f'IF(OR({e}="{cov_words["mentioned"]}",{e}="{COVERAGE_WORDS["en"]["mentioned"]}"),0.5,'
                f'IF(OR({e}="{cov_words["absent"]}",{e}="{COVERAGE_WORDS["en"]["absent"]}"),0,"")))'), st.center)
            _put(ws, COL_ANCHORS, row, look_for, st.body)
            _put(ws, COL_COMMENT, row, None, st.input)
            status_rows.append(row)

        row = table(row, {"B": say("score.id", lang), "C": say("score.requirement", lang), "D": say("score.req_weight", lang),
                          "E": say("score.status", lang), "F": say("score.coverage", lang), "G": say("score.look_for", lang),
                          "H": say("score.comment_page", lang)}, rows["checklist"], withheld)
        last = row - 1
        _put(ws, COL_KEY, row, key("coverage", unstated["id"]))
        for col in (COL_ID, COL_WEIGHT, COL_SCORE, COL_ANCHORS, COL_COMMENT):
            _put(ws, col, row, None, st.total)
        _put(ws, COL_NAME, row, say("score.coverage_total", lang), st.total_label)
        coverage = f"{COL_WEIGHTED}{row}"
        # the weighted mean over the judged rows: SUMIF adds the weights whose value is a number, SUMPRODUCT
        # counts text (an unjudged row's "", a repeated heading) as 0; no helper columns to hide
        weights, values = f"{COL_WEIGHT}{first}:{COL_WEIGHT}{last}", f"{COL_WEIGHTED}{first}:{COL_WEIGHTED}{last}"
        judged = f'SUMIF({values},">=0",{weights})'
        _formula(ws, COL_WEIGHTED, row, f'=IF({judged}=0,"",SUMPRODUCT({weights},{values})/{judged})', st.coverage)
        if unstated_row is not None:
            # ROUND goes half away from zero: half up for a coverage, never negative (results.checklist_score)
            _formula(ws, COL_SCORE, unstated_row, f'=IF({coverage}="","",ROUND({coverage}*{smax},0))', st.computed)
        row += 2

    # the overall comment: the evaluator's assessment of the proposal as a whole
    row = section(row, say("score.sec_overall", lang), 15 + OVERALL_HEIGHT)
    _put(ws, "B", row, say("score.overall_note", lang), st.text)
    row += 1
    _put(ws, COL_KEY, row, key("overall", "comment"))
    _put(ws, COL_ID, row, say("score.overall", lang), st.label_top)
    ws.merge_range(row - 1, _INDEX[COL_NAME], row - 1, _INDEX[COL_COMMENT], "", st.input)
    pages.set_height(row, OVERALL_HEIGHT)

    gate_words = GATE_WORDS[lang]
    _validate(ws, COL_SCORE, score_rows, _list_rule([str(s) for s in range(smax + 1)], lang, say("score.score_prompt", lang, max=smax),
                                                    say("score.score_error_title", lang), say("score.score_error", lang, max=smax)))
    _validate(ws, COL_SCORE, gate_rows, _list_rule([gate_words["pass"], gate_words["fail"]], lang, say("score.gate_prompt", lang),
                                                   say("score.gate_error_title", lang), say("score.gate_error", lang)))
    _validate(ws, COL_SCORE, status_rows, _list_rule([cov_words[k] for k in ("absent", "mentioned", "concrete")], lang,
                                                     say("score.status_prompt", lang), say("score.status_error_title", lang),
                                                     say("score.status_error", lang)))
    page_setup(ws, lang, mark=internal_mark(project), title=title)  # each printed page names the vendor, beside the label
    ws.repeat_rows(0, len(TITLE_ROWS) - 1)
    ws.set_h_pagebreaks(pages.breaks)
    protect(ws)


def _stage_points(scheme: Scheme) -> float:
    """What the sheet's total is out of: 100 for the quality score, the presentation points' maximum
    for the presentation stage (ranking scales the weighted sum by it)."""
    if isinstance(scheme, model.PresentationScheme):
        return float((scheme.evaluation.get("rules") or {}).get("presentation", {}).get("points") or 100)
    return 100.0


def _total_label(scheme: Scheme) -> str:
    """The total row's name: the quality score, or the presentation points (each out of its maximum)."""
    lang = scheme.project.lang
    if isinstance(scheme, model.PresentationScheme):
        return say("score.out_of", lang, what=say("score.presentation_points", lang), points=f"{_stage_points(scheme):g}")
    return say("score.quality_total", lang)


def _details(ws, st: _Styles, row: int, details: list[tuple[str, str]], value_style) -> int:
    """Label/value rows of an instructions sheet; returns the next row."""
    for label, value in details:
        _put(ws, "B", row, label, st.label)
        _put(ws, "C", row, value, value_style)
        row += 1
    return row


def _steps(ws, st: _Styles, row: int, text: str, step_style) -> int:
    """Numbered instructions, one a row; returns the next row."""
    for n, step in enumerate(text.split("\n"), start=1):
        _put(ws, "B", row, f"{n}.", st.step_number)
        _put(ws, "C", row, step, step_style)
        ws.set_row(row - 1, row_height(wrapped_lines(step, STEP_WIDTH)))
        row += 1
    return row


def _sheet_title(ws, st: _Styles, title: str, mark: str) -> str:
    """The title and the label at the top of an instructions sheet, for the screen (printed, the page's
    header gives them: `_print_instructions`); returns the title."""
    ws.merge_range(0, 1, 0, 2, title, st.big_title)
    ws.set_row(0, 26)
    _put(ws, "B", 2, mark, st.mark)
    return title


def _print_instructions(ws, lang: str, title: str, mark: str) -> None:
    """Portrait pages headed by the title and the label, printed from below the sheet's own two."""
    page_setup(ws, lang, mark=mark, landscape=False, title=title)
    print_below(ws, 2)


def _instructions_sheet(book, st: _Styles, scheme: Scheme, evaluator: dict, vendor_sheets: dict[str, str]) -> None:
    project, lang = scheme.project, scheme.project.lang
    ws = book.add_worksheet(say("score.sheet_instructions", lang))
    ws.hide_gridlines(2)
    # column B holds the labels and the vendors' sheet names, each on one line
    _columns(ws, {"A": 3, "B": max(16, fitted_width(vendor_sheets.values(), most=34)), "C": STEP_WIDTH, "D": 3})
    p = project.data["project"]
    title = _sheet_title(ws, st, say("score.instr_title", lang, kind=say("score." + scheme_kind_word(scheme), lang)),
                         internal_mark(project))
    details = [(say("score.project", lang), f"{clean(p['title'])}"), (say("score.project_id", lang), project.id),
               (say("score.client", lang), clean(p["client"]["name"])), (say("score.version", lang), internal_edition(project)[0]),
               (say("score.evaluator", lang), evaluator_label(evaluator, lang)),
               (say("score.created", lang), day(internal_edition(project)[1], project.date_style, weekday=False))]
    row = _details(ws, st, 3, details, st.boxed) + 1
    _put(ws, "B", row, say("score.instr_steps", lang), st.section)
    row += 1
    row = _steps(ws, st, row, model.instruction_text(scheme), st.step) + 1
    _put(ws, "B", row, say("score.scale_title", lang), st.section)
    row += 1
    _put(ws, "B", row, say("score.score", lang), st.small_head)
    _put(ws, "C", row, say("score.meaning", lang), st.small_head)
    row += 1
    for score_value, label in scale_labels(scheme.project, scheme.scale_labels()).items():
        _put(ws, "B", row, score_value, st.scale)
        _put(ws, "C", row, label, st.boxed)
        row += 1
    row += 1
    _put(ws, "B", row, say("score.vendors_title", lang), st.section)
    row += 1
    # under blind evaluation the sheet is named by the alias the evaluators see: one column, not the name twice
    _put(ws, "B", row, say("score.sheet", lang), st.small_head)
    if not scheme.blind:
        _put(ws, "C", row, say("score.vendor", lang), st.small_head)
    row += 1
    for vendor in scheme.panel_vendors():
        _put(ws, "B", row, vendor_sheets[scheme.vendor_key(vendor)], st.boxed)
        if not scheme.blind:
            _put(ws, "C", row, clean(scheme.shown_name(vendor)), st.boxed)
        row += 1
    _print_instructions(ws, lang, title, internal_mark(project))
    protect(ws)


def _close(book, buffer: io.BytesIO) -> bytes:
    """The workbook's bytes (written with its structure locked: new_workbook)."""
    book.close()
    return buffer.getvalue()


def scheme_kind_word(scheme: Scheme) -> str:
    return "kind_presentation" if isinstance(scheme, model.PresentationScheme) else "kind_scores"


def evaluator_workbook(project: Project, evaluator: dict, scheme: Scheme | None = None) -> bytes:
    """One evaluator's workbook (.xlsx bytes); with a PresentationScheme, the presentation stage's workbook.
    Each vendor's tab is named by its shortened name; under blind evaluation the tabs, titles and hidden keys
    carry the vendors' aliases only, the tabs in alias order (`Scheme.panel_vendors`)."""
    return _evaluator_book(project, evaluator, scheme or Scheme(project))[1]


# The evaluator a stage's workbook is written for once, before each evaluator's copy takes their name and
# id (letters only: documents.xlsx.cell_text leaves the texts holding them as they are).
_STAND_IN = {"id": "RFPGENSTANDINEVALUATORID", "name": "RFPGENSTANDINEVALUATORNAME"}


def evaluator_workbooks(project: Project, evaluators: list[dict], scheme: Scheme | None = None):
    """(evaluator, workbook bytes) for each of `evaluators`, as evaluator_workbook writes them. An
    evaluator's workbook differs from another's only in the evaluator's name and id, while its vendor
    sheets are nearly all of the work (20 vendors × 500 requirements took 3.4 s for ten evaluators): so
    the stage's workbook is written once for a stand-in and each evaluator gets a copy with their name
    and id in its place (documents.xlsx.copy_with_strings), or where that cannot be, a workbook of their own."""
    scheme = scheme or Scheme(project)
    if len(evaluators) < 2:
        yield from ((evaluator, evaluator_workbook(project, evaluator, scheme)) for evaluator in evaluators)
        return
    lang = project.lang
    book, data = _evaluator_book(project, _STAND_IN, scheme)
    stand_ins = (_STAND_IN["name"], _STAND_IN["id"])
    for evaluator in evaluators:
        named = (evaluator_label(evaluator, lang), evaluator["id"])

        def replace(text: str, named=named) -> str:
            if not any(stand_in in text for stand_in in stand_ins):
                return text
            for stand_in, value in zip(stand_ins, named):
                text = text.replace(stand_in, value)
            return cell_text(text)

        copied = None if any(s in v for s in stand_ins for v in named) else (
            copy_with_strings(book, data, replace, _properties(project, evaluator, scheme)))
        yield evaluator, copied or evaluator_workbook(project, evaluator, scheme)


def _properties(project: Project, evaluator: dict, scheme: Scheme) -> dict:
    return file_properties(project, say("score." + scheme_kind_word(scheme), project.lang),
                           f"{clean(project.data['project']['title'])} {evaluator['id']}")


def _evaluator_book(project: Project, evaluator: dict, scheme: Scheme):
    """evaluator_workbook's closed XlsxWriter workbook and its bytes."""
    buffer = io.BytesIO()
    book = new_workbook(buffer, lock_structure=True)
    st = _Styles(book, project.lang, points_decimals=figure_decimals(Rules.of(scheme.evaluation), "quality"))
    used = {say("score.sheet_instructions", project.lang).casefold(), model.META_SHEET.casefold()}
    vendor_sheets = {scheme.vendor_key(v): model.sheet_title(scheme.shown_name(v), used) for v in scheme.panel_vendors()}
    _instructions_sheet(book, st, scheme, evaluator, vendor_sheets)
    rows = _rows(scheme)
    for vendor in scheme.panel_vendors():
        _vendor_sheet(book, st, scheme, rows, vendor, evaluator, vendor_sheets[scheme.vendor_key(vendor)])
    kind = model.KIND_PRESENTATION if isinstance(scheme, model.PresentationScheme) else model.KIND_EVALUATOR
    _meta_sheet(book, scheme, kind, evaluator["id"], vendor_sheets)
    book.set_properties(_properties(project, evaluator, scheme))
    return book, _close(book, buffer)


def _blind_key_sheet(book, st: _Styles, scheme: Scheme) -> None:
    """Procurement's key from the aliases the quality panel sees to the vendors (blind evaluation only)."""
    lang = scheme.project.lang
    ws = book.add_worksheet(say("score.sheet_blind_key", lang))
    _columns(ws, {"A": 3, "B": 16, "C": 14, "D": 44})
    _put(ws, "B", 1, say("score.blind_key_title", lang), st.title)
    _put(ws, "B", 2, say("score.blind_key_note", lang))
    _header_row(ws, st, 4, {"B": say("score.alias", lang), "C": say("score.vendor_id", lang), "D": say("score.vendor", lang)})
    for row, vendor in enumerate(scheme.panel_vendors(), start=5):
        for col, value in zip("BCD", (scheme.shown_name(vendor), vendor["id"], clean(vendor["name"]))):
            _put(ws, col, row, value, st.boxed)
    page_setup(ws, lang, mark=internal_mark(scheme.project), landscape=False)
    protect(ws)


# ------------------------------------------------------------------ the price workbook

def price_workbook(project: Project) -> bytes:
    """The price workbook (.xlsx bytes) for the evaluators who see prices."""
    scheme = Scheme(project)
    lang = project.lang
    price = scheme.evaluation["price"]
    buffer = io.BytesIO()
    book = new_workbook(buffer, lock_structure=True)
    st = _Styles(book, lang, project.section("pricing").get("currency"))
    ws = book.add_worksheet(say("score.sheet_instructions", lang))
    ws.hide_gridlines(2)
    _columns(ws, {"A": 3, "B": 22, "C": STEP_WIDTH})
    title = _sheet_title(ws, st, say("score.price_instr_title", lang), internal_mark(project))
    p = project.data["project"]
    people = scheme.price_evaluators()
    rows = [(say("score.project", lang), clean(p["title"])), (say("score.project_id", lang), project.id),
            (say("score.version", lang), internal_edition(project)[0]),
            (say("score.price_person" if len(people) == 1 else "score.price_people", lang),
             tr(lang, "、", "; ").join(evaluator_label(e, lang) for e in people) or EMPTY),
            (say("score.created", lang), day(internal_edition(project)[1], project.date_style, weekday=False))]
    row = _details(ws, st, 3, rows, st.box) + 1
    text = say("score.price_instr", lang, basis=clean(price.get("basis") or "") or say("score.basis_none", lang),
               formula=enum("price_formula", price["formula"], lang), figures=computed_figures(scheme.evaluation, lang))
    _steps(ws, st, row, text, st.wrap)
    _print_instructions(ws, lang, title, internal_mark(project))
    protect(ws)

    sheet = book.add_worksheet(say("score.sheet_prices", lang))
    sheet.hide_gridlines(2)
    _columns(sheet, {"A": 14, "B": 14, "C": 44, "D": 20, "E": 50}, hidden={"A"})
    _put(sheet, "A", 1, key("prices", project.id))
    _put(sheet, "B", 1, say("score.kind_prices", lang), st.title)
    _put(sheet, "E", 1, internal_mark(project), st.mark_right)
    _put(sheet, "B", 2, say("score.input_note", lang))
    _put(sheet, "B", 3, say("score.price_sheet_note", lang))  # as the rate structure sheet says
    _header_row(sheet, st, 4, {"B": say("score.vendor_id", lang), "C": say("score.vendor", lang), "D": say("score.price", lang),
                               "E": say("score.note", lang)})
    row = 5
    for vendor in scheme.vendors():
        _put(sheet, "A", row, key("price", vendor["id"]))
        _put(sheet, "B", row, vendor["id"], st.body)
        _put(sheet, "C", row, clean(vendor["name"]), st.body)
        _put(sheet, "D", row, None, st.price)
        _put(sheet, "E", row, None, st.input)
        sheet.set_row(row - 1, 20)
        row += 1
    tax_basis = (scheme.evaluation.get("rules") or {}).get("tax_basis", "excluding")
    _validate(sheet, "D", list(range(5, row)), {
        "validate": "decimal", "criteria": ">", "value": 0, "ignore_blank": True, "error_type": "stop",
        "error_title": say("score.price_error_title", lang)[:32], "error_message": say("score.price_error", lang)[:255],
        "input_title": say("score.price", lang)[:32], "input_message": say(f"score.price_prompt_{tax_basis}", lang)[:255]})
    page_setup(sheet, lang, mark=internal_mark(project))
    protect(sheet)
    from ..responses.rate_sheet import add_rate_structure_sheet  # vendor responses: the same rate structure
    add_rate_structure_sheet(book, project)
    if scheme.blind:
        _blind_key_sheet(book, st, scheme)
    used = {v["id"]: say("score.sheet_prices", lang) for v in scheme.vendors()}
    _meta_sheet(book, scheme, model.KIND_PRICES, "", used)
    book.set_properties(file_properties(project, say("score.kind_prices", lang)))
    return _close(book, buffer)


def write_presentation_workbooks(project: Project, folder: Path, presenters: list[str]) -> list[Path]:
    """One presentation workbook per evaluator for the vendors who go through (`presenters`), by name,
    written atomically into `folder`: what the document stage's tally gives the panel once it is settled.
    One already there holding entries is kept: the panel's scores, typed in place, that a tally run again
    without them would otherwise blank."""
    from ..documents.publish import workbook_entries

    stage = model.PresentationScheme(project, tuple(presenters))
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for evaluator, data in evaluator_workbooks(project, stage.evaluators(), stage):
        path = folder / model.presentation_workbook_name(project.id, evaluator["id"])
        if path.is_file():
            with tempfile.TemporaryDirectory() as scratch:
                blank = Path(scratch) / path.name
                blank.write_bytes(data)
                if workbook_entries(path, blank)[0]:
                    continue
        atomic_write_bytes(path, data)
        written.append(path)
    return written


def write_workbooks(project: Project, folder: Path) -> list[Path]:
    """Every evaluator's workbook, written atomically into `folder`, and the price workbook into its
    procurement subfolder; with a presentation stage, also the presentation workbooks listing every
    candidate by name, except under blind evaluation: there, names beside the aliases' workbooks would
    tell the panel who bid, so the document stage's tally writes them for the vendors who go through."""
    written = []
    stage = model.PresentationScheme(project)

    def save(data: bytes, path: Path) -> None:
        atomic_write_bytes(path, data)
        written.append(path)

    scheme = Scheme(project)
    for evaluator, data in evaluator_workbooks(project, scheme.evaluators(), scheme):
        save(data, folder / model.evaluator_workbook_name(project.id, evaluator["id"]))
    if stage.weighted() and not scheme.blind:
        for evaluator, data in evaluator_workbooks(project, stage.evaluators(), stage):
            save(data, folder / model.presentation_workbook_name(project.id, evaluator["id"]))
    procurement = folder / model.PROCUREMENT_FOLDER
    procurement.mkdir(exist_ok=True)
    save(price_workbook(project), procurement / model.price_workbook_name(project.id))
    return written
