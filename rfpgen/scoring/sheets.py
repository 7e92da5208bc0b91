"""Scoring workbooks out: one per evaluator, and one price workbook for procurement.

Design (prices): the quality workbooks never contain a price. Prices are entered in a separate
workbook, ``{project}-prices.xlsx``, addressed to the evaluators marked ``sees_prices``; only it
carries the price entry, so a quality evaluator's file can be passed around without leaking bids.

Each evaluator workbook: an instructions sheet; one sheet per vendor with the gates (pass/fail
dropdowns), the weighted criteria (score dropdown 0..max, comment, weighted points and the quality
total by formula) and the checklist of withheld requirements, from which the unstated-needs
criterion's score is computed by formula; a very hidden ``_rfpgen`` sheet with the ids and the
checksum. Only the yellow input cells are unlocked; the sheets and the workbook structure are
protected (without a password, so an administrator can still repair layout; tampering with
weights or ids is caught by `rfpgen score`).
"""
from __future__ import annotations

import io
import math
from copy import copy
from functools import lru_cache
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import column_index_from_string
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from ..text import EMPTY, clean, display_width
from ..fileio import atomic_write_bytes
from ..words import enum, say, tr
from ..project import Project
from ..documents.properties import apply_to_workbook, file_properties, internal_mark
from . import model
from .model import COVERAGE_WORDS, GATE_WORDS, Scheme, key

NAVY = "1F3A5F"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
HEAD_FILL = PatternFill("solid", fgColor=NAVY)
SECTION_FILL = PatternFill("solid", fgColor="EEF2F7")
TOTAL_FILL = PatternFill("solid", fgColor="DDE5EF")
THIN = Side(style="thin", color="A6A6A6")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="top", wrap_text=True)
UNLOCKED = Protection(locked=False)

# vendor sheet columns
COL_KEY, COL_ID, COL_NAME, COL_WEIGHT, COL_SCORE, COL_WEIGHTED, COL_ANCHORS, COL_COMMENT = "ABCDEFGH"
COL_WEIGHT_IF_SET, COL_WEIGHTED_VALUE = "I", "J"  # hidden helpers of the checklist
WIDTHS = {"A": 14, "B": 11, "C": 42, "D": 8, "E": 12, "F": 10, "G": 58, "H": 40, "I": 8, "J": 8}


@lru_cache(maxsize=None)
def _font(lang: str, **kw) -> Font:
    return Font(name="Yu Gothic" if lang == "ja" else "Calibri", **kw)


@lru_cache(maxsize=None)
def _column(letter: str) -> int:
    return column_index_from_string(letter)


def _at(ws, column: str, row: int):
    """ws["E12"] without parsing the coordinate: openpyxl's parser dominated large workbooks."""
    return ws.cell(row=row, column=_column(column))


def _fit_row(ws, row: int, columns=("C", "G", "H")) -> None:
    """Set a row height large enough for its wrapped text (openpyxl cannot autofit)."""
    lines = 1
    for col in columns:
        value = _at(ws, col, row).value
        if value is None or str(value).startswith("="):
            continue
        width = max(WIDTHS[col] - 1, 4) * 1.15
        count = sum(max(1, math.ceil(display_width(part) / width)) for part in str(value).split("\n"))
        lines = max(lines, count)
    ws.row_dimensions[row].height = max(18, 13.5 * lines + 4)


def _anchors_text(criterion: dict) -> str:
    anchors = sorted(criterion.get("anchors") or [], key=lambda a: -a["score"])
    return "\n".join(f"{a['score']}: {clean(a['description'])}" for a in anchors)


def _criterion_text(criterion: dict) -> str:
    text = clean(criterion["name"])
    if criterion.get("description"):
        text += "\n" + clean(criterion["description"])
    return text


def _list_validation(ws, choices: list[str], lang: str, prompt: str, title: str, error: str) -> DataValidation:
    formula = '"' + ",".join(choices) + '"'
    dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                        showErrorMessage=True, errorStyle="stop", errorTitle=title[:32], error=error[:255],
                        showInputMessage=True, promptTitle=say("score.score_prompt_title", lang)[:32], prompt=prompt[:255])
    ws.add_data_validation(dv)
    return dv


def _header_row(ws, row: int, labels: dict[str, str], lang: str) -> None:
    for col, label in labels.items():
        cell = _at(ws, col, row)
        cell.value = label
        cell.font = _font(lang, bold=True, color="FFFFFF", size=10)
        cell.fill = HEAD_FILL
        cell.alignment = CENTER
        cell.border = BOX
    ws.row_dimensions[row].height = 30


def _section(ws, row: int, text: str, lang: str) -> None:
    cell = _at(ws, "B", row)
    cell.value = text
    cell.font = _font(lang, bold=True, size=12, color=NAVY)
    ws.row_dimensions[row].height = 22


def restyle(cell, **styles) -> None:
    """Set style attributes (font=, fill=, alignment=, border=, protection=, number_format=).

    openpyxl hashes every style object on every assignment, which made a large project's workbooks
    take seconds. The first cell with a given starting style and request is styled normally; later
    ones copy its style array (indexes into the workbook's style tables, so the memo is per workbook)."""
    memo = cell.parent.parent.__dict__.setdefault("rfpgen_styles", {})
    key = (tuple(cell._style or ()), tuple((name, id(value)) for name, value in styles.items()))
    done = memo.get(key)
    if done is not None:
        cell._style = copy(done[0])
        return
    for name, value in styles.items():
        setattr(cell, name, value)
    memo[key] = (copy(cell._style), tuple(styles.values()))  # the values stay alive, so their ids stay unique


def _box(ws, row: int, cols: str, lang: str, fill=None) -> None:
    """Border, wrapping, body font and fill for a row of cells (memoised like restyle)."""
    memo = ws.parent.__dict__.setdefault("rfpgen_box_styles", {})
    for col in cols:
        cell = _at(ws, col, row)
        key = (tuple(cell._style or ()), lang, id(fill))
        styled = memo.get(key)
        if styled is not None:
            cell._style = copy(styled)
            continue
        cell.border = BOX
        if cell.alignment is None or not cell.alignment.wrap_text:
            cell.alignment = WRAP
        if not cell.font.bold:
            cell.font = _font(lang, size=10)
        if fill is not None:
            cell.fill = fill
        memo[key] = copy(cell._style)


def _head_row(ws, row: int, labels, lang: str) -> None:
    """A small table's header: white bold text on navy, boxed. `labels`: (column, text) pairs."""
    for col, label in labels:
        cell = _at(ws, col, row)
        cell.value = label
        restyle(cell, font=_font(lang, bold=True, color="FFFFFF", size=10), fill=HEAD_FILL, border=BOX)


def _input(cell) -> None:
    restyle(cell, fill=INPUT_FILL, protection=UNLOCKED)


def _protect(ws) -> None:
    ws.protection.sheet = True
    ws.protection.formatColumns = False   # resizing columns and rows stays allowed
    ws.protection.formatRows = False
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def _meta_sheet(wb: Workbook, scheme: Scheme, kind: str, evaluator_id: str, vendor_sheets: dict[str, str]) -> None:
    ws = wb.create_sheet(model.META_SHEET)
    project = scheme.project
    rows = [("format", model.FORMAT), ("kind", kind), ("project_id", project.id),
            ("project_version", project.data["project"]["version"]), ("evaluator_id", evaluator_id),
            ("checksum", scheme.checksum()), ("scale_max", scheme.scale_max)]
    rows += [(key("sheet", vendor_id), title) for vendor_id, title in vendor_sheets.items()]
    for i, (name, value) in enumerate(rows, start=1):
        ws.cell(i, 1, name)
        ws.cell(i, 2, value)
    ws.sheet_state = "veryHidden"
    _protect(ws)


def _title_block(ws, lang: str, title: str, lines: list[str], mark: str) -> int:
    ws["B1"].value = title
    ws["B1"].font = _font(lang, bold=True, size=14, color=NAVY)
    ws.row_dimensions[1].height = 24
    label = _at(ws, COL_COMMENT, 1)
    label.value = mark
    label.font = _font(lang, bold=True, size=11, color="C00000")
    label.alignment = Alignment(horizontal="right")
    row = 2
    for line in lines:
        _at(ws, "B", row).value = line
        _at(ws, "B", row).font = _font(lang, size=10)
        row += 1
    return row


def _page_setup(ws, landscape: bool = True) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.oddFooter.center.text = "&P / &N"
    ws.oddHeader.right.text = "&A"


# ------------------------------------------------------------------ the evaluator workbook

def _vendor_sheet(wb: Workbook, scheme: Scheme, vendor: dict, evaluator: dict, title: str) -> None:
    project, lang, smax = scheme.project, scheme.project.lang, scheme.scale_max
    ws = wb.create_sheet(title)
    for col, width in WIDTHS.items():
        ws.column_dimensions[col].width = width
    ws.column_dimensions[COL_KEY].hidden = True
    for col in (COL_WEIGHT_IF_SET, COL_WEIGHTED_VALUE):
        ws.column_dimensions[col].hidden = True
    ws.sheet_view.showGridLines = False

    p = project.data["project"]
    ev_line = f"{say('score.evaluator', lang)}: {clean(evaluator['name'])}"
    if evaluator.get("role"):
        ev_line += ("／" if lang == "ja" else ", ") + clean(evaluator["role"])
    row = _title_block(ws, lang, f"{say('score.' + scheme_kind_word(scheme), lang)}: {clean(scheme.shown_name(vendor))}", [
        say("score.project", lang) + ": " + clean(p["title"]) + tr(lang, f"（{project.id}）", f" ({project.id})"),
        ev_line,
        say("score.input_note", lang),
    ], internal_mark(project))
    _at(ws, COL_KEY, 1).value = key("vendor", scheme.vendor_key(vendor))
    _at(ws, COL_KEY, 3).value = key("evaluator", evaluator["id"])
    _at(ws, COL_ID, row - 1).font = _font(lang, size=10, color="7F6000")
    row += 1

    score_dv = _list_validation(ws, [str(s) for s in range(smax + 1)], lang, say("score.score_prompt", lang, max=smax),
                                say("score.score_error_title", lang), say("score.score_error", lang, max=smax))
    gate_words = GATE_WORDS[lang]
    gate_dv = _list_validation(ws, [gate_words["pass"], gate_words["fail"]], lang, say("score.gate_prompt", lang),
                               say("score.gate_error_title", lang), say("score.gate_error", lang))
    cov_words = COVERAGE_WORDS[lang]
    status_dv = _list_validation(ws, [cov_words[k] for k in ("absent", "mentioned", "concrete")], lang,
                                 say("score.status_prompt", lang), say("score.status_error_title", lang), say("score.status_error", lang))

    # 1. gates
    _section(ws, row, say("score.sec_gates", lang), lang)
    row += 1
    gates = scheme.gates()
    if gates:
        _header_row(ws, row, {"B": say("score.id", lang), "C": say("score.criterion", lang), "D": "", "E": say("score.judgement", lang),
                              "F": "", "G": say("score.gate_basis", lang), "H": say("score.comment", lang)}, lang)
        header_rows = [row]
        row += 1
        for gate in gates:
            _at(ws, COL_KEY, row).value = key("gate", gate["id"])
            _at(ws, COL_ID, row).value = gate["id"]
            _at(ws, COL_NAME, row).value = clean(gate["name"])
            _at(ws, COL_ANCHORS, row).value = clean(gate.get("description") or "") or None
            _box(ws, row, "BCDEFGH", lang)
            _input(_at(ws, COL_SCORE, row))
            restyle(_at(ws, COL_SCORE, row), alignment=CENTER)
            _input(_at(ws, COL_COMMENT, row))
            gate_dv.add(f"{COL_SCORE}{row}")
            _fit_row(ws, row)
            row += 1
    else:
        _at(ws, "B", row).value = say("score.no_gates", lang)
        header_rows = []
        row += 1
    row += 1

    # 2. weighted criteria
    _section(ws, row, say("score.sec_criteria", lang), lang)
    row += 1
    _header_row(ws, row, {"B": say("score.id", lang), "C": say("score.criterion", lang), "D": say("score.weight", lang),
                          "E": say("score.score", lang) + f" (0–{smax})", "F": say("score.weighted", lang),
                          "G": say("score.anchors", lang), "H": say("score.comment", lang)}, lang)
    header_rows.append(row)
    row += 1
    first_criterion = row
    computed = scheme.computed_ids()
    unstated_row = None
    for criterion in scheme.weighted():
        _at(ws, COL_KEY, row).value = key("criterion", criterion["id"])
        _at(ws, COL_ID, row).value = criterion["id"]
        _at(ws, COL_NAME, row).value = _criterion_text(criterion)
        _at(ws, COL_WEIGHT, row).value = criterion["weight"]
        score = _at(ws, COL_SCORE, row)
        _formula(_at(ws, COL_WEIGHTED, row), f'=IF({COL_SCORE}{row}="","",{COL_WEIGHT}{row}*{COL_SCORE}{row}/{smax})')
        anchors = _anchors_text(criterion)
        if criterion["id"] in computed:
            unstated_row = row
            anchors = (say("score.computed", lang) + " — " + say("score.checklist_note", lang, name=clean(criterion["name"]), max=smax)
                       + ("\n" + anchors if anchors else ""))
        _at(ws, COL_ANCHORS, row).value = anchors or None
        _box(ws, row, "BCDEFGH", lang)
        for col in (COL_WEIGHT, COL_SCORE, COL_WEIGHTED):
            restyle(_at(ws, col, row), alignment=CENTER)
        _at(ws, COL_WEIGHTED, row).number_format = "0.00"
        if criterion["id"] in computed:
            score.number_format = "0.00"
            score.fill = SECTION_FILL
        else:
            _input(score)
            score_dv.add(score.coordinate)
        _input(_at(ws, COL_COMMENT, row))
        _fit_row(ws, row)
        row += 1
    last_criterion = row - 1
    _at(ws, COL_KEY, row).value = key("total", "quality")
    _at(ws, COL_NAME, row).value = say("score.quality_total", lang)
    _formula(_at(ws, COL_WEIGHT, row), f"=SUM({COL_WEIGHT}{first_criterion}:{COL_WEIGHT}{last_criterion})")
    _formula(_at(ws, COL_WEIGHTED, row), f"=SUM({COL_WEIGHTED}{first_criterion}:{COL_WEIGHTED}{last_criterion})")
    _at(ws, COL_WEIGHTED, row).number_format = "0.00"
    _box(ws, row, "BCDEFGH", lang, fill=TOTAL_FILL)
    for col in (COL_NAME, COL_WEIGHT, COL_WEIGHTED):
        _at(ws, col, row).font = _font(lang, bold=True, size=10)
    for col in (COL_WEIGHT, COL_WEIGHTED):
        restyle(_at(ws, col, row), alignment=CENTER)
    row += 2

    # 3. checklist of withheld requirements
    checklist = scheme.checklist()
    if checklist:
        unstated = scheme.unstated()
        _section(ws, row, say("score.sec_checklist", lang), lang)
        row += 1
        _at(ws, "B", row).value = say("score.checklist_note", lang, name=clean(unstated["name"]), max=smax)
        _at(ws, "B", row).font = _font(lang, size=10)
        row += 1
        _header_row(ws, row, {"B": say("score.id", lang), "C": say("score.requirement", lang), "D": say("score.req_weight", lang),
                              "E": say("score.status", lang), "F": say("score.coverage", lang), "G": say("score.look_for", lang),
                              "H": say("score.comment_page", lang)}, lang)
        header_rows.append(row)
        row += 1
        first = row
        for requirement in checklist:
            _at(ws, COL_KEY, row).value = key("withheld", requirement.id)
            _at(ws, COL_ID, row).value = requirement.id
            _at(ws, COL_NAME, row).value = (f"[{enum('priority', requirement.priority, lang)}] "
                                            + clean(requirement.text))
            _at(ws, COL_WEIGHT, row).value = model.requirement_weight(requirement)
            e = f"{COL_SCORE}{row}"
            _formula(_at(ws, COL_WEIGHTED, row), (
                f'=IF(OR({e}="{cov_words["concrete"]}",{e}="{COVERAGE_WORDS["en"]["concrete"]}"),1,'
                f'IF(OR({e}="{cov_words["mentioned"]}",{e}="{COVERAGE_WORDS["en"]["mentioned"]}"),0.5,'
                f'IF(OR({e}="{cov_words["absent"]}",{e}="{COVERAGE_WORDS["en"]["absent"]}"),0,"")))'))
            _at(ws, COL_ANCHORS, row).value = clean(requirement.look_for or "") or None
            _formula(_at(ws, COL_WEIGHT_IF_SET, row), f'=IF({COL_WEIGHTED}{row}="",0,{COL_WEIGHT}{row})')
            _formula(_at(ws, COL_WEIGHTED_VALUE, row), f'=IF({COL_WEIGHTED}{row}="",0,{COL_WEIGHT}{row}*{COL_WEIGHTED}{row})')
            _box(ws, row, "BCDEFGH", lang)
            for col in (COL_WEIGHT, COL_SCORE, COL_WEIGHTED):
                restyle(_at(ws, col, row), alignment=CENTER)
            _input(ws[e])
            status_dv.add(e)
            _input(_at(ws, COL_COMMENT, row))
            _fit_row(ws, row)
            row += 1
        last = row - 1
        _at(ws, COL_KEY, row).value = key("coverage", unstated["id"])
        _at(ws, COL_NAME, row).value = say("score.coverage_total", lang)
        coverage = f"{COL_WEIGHTED}{row}"
        _formula(ws[coverage], (f'=IF(SUM({COL_WEIGHT_IF_SET}{first}:{COL_WEIGHT_IF_SET}{last})=0,"",'
                              f'SUM({COL_WEIGHTED_VALUE}{first}:{COL_WEIGHTED_VALUE}{last})'
                              f'/SUM({COL_WEIGHT_IF_SET}{first}:{COL_WEIGHT_IF_SET}{last}))'))
        ws[coverage].number_format = "0.0%"
        _box(ws, row, "BCDEFGH", lang, fill=TOTAL_FILL)
        _at(ws, COL_NAME, row).font = _font(lang, bold=True, size=10)
        restyle(ws[coverage], alignment=CENTER)
        if unstated_row is not None:
            _formula(_at(ws, COL_SCORE, unstated_row), f'=IF({coverage}="","",{coverage}*{smax})')
        row += 1

    _page_setup(ws)
    ws.print_title_rows = "1:3"
    ws.freeze_panes = None
    _protect(ws)


def _instructions_sheet(wb: Workbook, scheme: Scheme, evaluator: dict, vendor_sheets: dict[str, str]) -> None:
    project, lang, smax = scheme.project, scheme.project.lang, scheme.scale_max
    ws = wb.active
    ws.title = say("score.sheet_instructions", lang)
    ws.sheet_view.showGridLines = False
    for col, width in {"A": 3, "B": 16, "C": 90, "D": 3}.items():
        ws.column_dimensions[col].width = width
    p = project.data["project"]
    ws["B1"].value = say("score.instr_title", lang)
    ws["B1"].font = _font(lang, bold=True, size=16, color=NAVY)
    ws.merge_cells("B1:C1")
    ws.row_dimensions[1].height = 26
    ws["B2"].value = internal_mark(project)
    ws["B2"].font = _font(lang, bold=True, size=11, color="C00000")
    details = [(say("score.project", lang), f"{clean(p['title'])}"), (say("score.project_id", lang), project.id),
               (say("score.client", lang), clean(p["client"]["name"])), (say("score.version", lang), p["version"]),
               (say("score.evaluator", lang), clean(evaluator["name"]) + (f" / {clean(evaluator['role'])}" if evaluator.get("role") else "")),
               (say("score.created", lang), date.today().isoformat())]
    row = 3
    for label, value in details:
        _at(ws, "B", row).value, _at(ws, "C", row).value = label, value
        _at(ws, "B", row).font = _font(lang, bold=True, size=10, color=NAVY)
        _at(ws, "B", row).fill = SECTION_FILL
        _at(ws, "C", row).font = _font(lang, size=10)
        for col in "BC":
            _at(ws, col, row).border = BOX
        row += 1
    row += 1
    _at(ws, "B", row).value = say("score.instr_steps", lang)
    _at(ws, "B", row).font = _font(lang, bold=True, size=12, color=NAVY)
    row += 1
    unstated = scheme.unstated()
    checklist = (say("score.instr_checklist", lang, name=clean(unstated["name"])) if scheme.checklist() else "")
    spread = f"{scheme.spread_threshold:g}"
    for n, step in enumerate(say("score.instr", lang, max=smax, checklist=checklist, spread=spread).split("\n"), start=1):
        _at(ws, "B", row).value = f"{n}."
        _at(ws, "B", row).alignment = Alignment(horizontal="right", vertical="top")
        _at(ws, "C", row).value = step
        _at(ws, "C", row).alignment = WRAP
        _at(ws, "C", row).font = _font(lang, size=10)
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(display_width(step) / 88)) + 4
        row += 1
    row += 1
    _at(ws, "B", row).value = say("score.scale_title", lang)
    _at(ws, "B", row).font = _font(lang, bold=True, size=12, color=NAVY)
    row += 1
    _head_row(ws, row, (("B", say("score.score", lang)), ("C", say("score.meaning", lang))), lang)
    row += 1
    for score_value, label in sorted(scheme.scale_labels().items(), reverse=True):
        _at(ws, "B", row).value, _at(ws, "C", row).value = score_value, clean(label)
        _at(ws, "B", row).alignment = Alignment(horizontal="center")
        for col in "BC":
            _at(ws, col, row).border = BOX
            _at(ws, col, row).font = _font(lang, size=10)
        row += 1
    row += 1
    _at(ws, "B", row).value = say("score.vendors_title", lang)
    _at(ws, "B", row).font = _font(lang, bold=True, size=12, color=NAVY)
    row += 1
    _head_row(ws, row, (("B", say("score.sheet", lang)), ("C", say("score.vendor", lang))), lang)
    row += 1
    for vendor in scheme.vendors():
        _at(ws, "B", row).value, _at(ws, "C", row).value = vendor_sheets[scheme.vendor_key(vendor)], clean(scheme.shown_name(vendor))
        for col in "BC":
            _at(ws, col, row).border = BOX
            _at(ws, col, row).font = _font(lang, size=10)
        row += 1
    _page_setup(ws, landscape=False)
    _protect(ws)


def _formula(cell, expression: str) -> None:
    """Set one of rfpgen's own formulas; any other text starting with '=' stays text (see text_only)."""
    cell.value = expression
    cell.parent.parent.__dict__.setdefault("rfpgen_formulas", set()).add((id(cell.parent), cell.coordinate))


def text_only(wb: Workbook) -> Workbook:
    """Turn back into text every cell openpyxl took for a formula that rfpgen did not write.

    openpyxl stores any string starting with '=' as a formula, so a criterion named '=1+1', a
    look_for with =HYPERLINK(...) or an evaluator comment with a DDE call would run in Excel."""
    ours = wb.__dict__.get("rfpgen_formulas", set())
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f" and (id(ws), cell.coordinate) not in ours:
                    cell.data_type = "s"
    return wb


def _save(wb: Workbook, path: Path) -> Path:
    text_only(wb)
    wb.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    atomic_write_bytes(path, buffer.getvalue())
    return path


def scheme_kind_word(scheme: Scheme) -> str:
    return "kind_presentation" if isinstance(scheme, model.PresentationScheme) else "kind_scores"


def evaluator_workbook(project: Project, evaluator: dict, scheme: Scheme | None = None) -> Workbook:
    """One evaluator's workbook; with a PresentationScheme, the presentation stage's workbook.
    Under blind evaluation the tabs, titles and hidden keys carry the vendors' aliases only."""
    scheme = scheme or Scheme(project)
    wb = Workbook()
    used = {say("score.sheet_instructions", project.lang).casefold(), model.META_SHEET.casefold()}
    vendor_sheets = {scheme.vendor_key(v): model.sheet_title(scheme.shown_name(v) if scheme.blind else v["id"], used)
                     for v in scheme.vendors()}
    _instructions_sheet(wb, scheme, evaluator, vendor_sheets)
    for vendor in scheme.vendors():
        _vendor_sheet(wb, scheme, vendor, evaluator, vendor_sheets[scheme.vendor_key(vendor)])
    kind = model.KIND_PRESENTATION if isinstance(scheme, model.PresentationScheme) else model.KIND_EVALUATOR
    _meta_sheet(wb, scheme, kind, evaluator["id"], vendor_sheets)
    apply_to_workbook(wb, file_properties(project, say("score." + scheme_kind_word(scheme), project.lang),
                                          f"{clean(project.data['project']['title'])} {evaluator['id']}"))
    return wb


def _blind_key_sheet(wb: Workbook, scheme: Scheme) -> None:
    """Procurement's key from the aliases the quality panel sees to the vendors (blind evaluation only)."""
    lang = scheme.project.lang
    sheet = wb.create_sheet(say("score.sheet_blind_key", lang))
    for col, width in {"A": 3, "B": 16, "C": 14, "D": 44}.items():
        sheet.column_dimensions[col].width = width
    sheet["B1"].value = say("score.blind_key_title", lang)
    sheet["B1"].font = _font(lang, bold=True, size=14, color=NAVY)
    sheet["B2"].value = say("score.blind_key_note", lang)
    _header_row(sheet, 4, {"B": say("score.alias", lang), "C": say("score.vendor_id", lang), "D": say("score.vendor", lang)}, lang)
    for row, vendor in enumerate(scheme.vendors(), start=5):
        for col, value in zip("BCD", (scheme.shown_name(vendor), vendor["id"], clean(vendor["name"]))):
            sheet[f"{col}{row}"].value = value
            sheet[f"{col}{row}"].border = BOX
            sheet[f"{col}{row}"].font = _font(lang, size=10)
    _page_setup(sheet, landscape=False)
    _protect(sheet)


# ------------------------------------------------------------------ the price workbook

def price_workbook(project: Project) -> Workbook:
    scheme = Scheme(project)
    lang = project.lang
    price = scheme.evaluation["price"]
    wb = Workbook()
    ws = wb.active
    ws.title = say("score.sheet_instructions", lang)
    ws.sheet_view.showGridLines = False
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = 22
    ws.column_dimensions["C"].width = 90
    ws["B1"].value = say("score.price_instr_title", lang)
    ws["B1"].font = _font(lang, bold=True, size=16, color=NAVY)
    ws.merge_cells("B1:C1")
    ws.row_dimensions[1].height = 26
    ws["B2"].value = internal_mark(project)
    ws["B2"].font = _font(lang, bold=True, size=11, color="C00000")
    p = project.data["project"]
    people = ", ".join(clean(e["name"]) for e in scheme.price_evaluators()) or EMPTY
    rows = [(say("score.project", lang), clean(p["title"])), (say("score.project_id", lang), project.id),
            (say("score.price_people", lang), people), (say("score.created", lang), date.today().isoformat())]
    row = 3
    for label, value in rows:
        _at(ws, "B", row).value, _at(ws, "C", row).value = label, value
        _at(ws, "B", row).font = _font(lang, bold=True, size=10, color=NAVY)
        _at(ws, "B", row).fill = SECTION_FILL
        for col in "BC":
            _at(ws, col, row).border = BOX
        row += 1
    row += 1
    text = say("score.price_instr", lang, basis=clean(price.get("basis") or "") or say("score.basis_none", lang),
             formula=enum("price_formula", price["formula"], lang))
    for n, step in enumerate(text.split("\n"), start=1):
        _at(ws, "B", row).value = f"{n}."
        _at(ws, "B", row).alignment = Alignment(horizontal="right", vertical="top")
        _at(ws, "C", row).value = step
        _at(ws, "C", row).alignment = WRAP
        ws.row_dimensions[row].height = 15 * max(1, math.ceil(display_width(step) / 88)) + 4
        row += 1
    _page_setup(ws, landscape=False)
    _protect(ws)

    sheet = wb.create_sheet(say("score.sheet_prices", lang))
    sheet.sheet_view.showGridLines = False
    for col, width in {"A": 14, "B": 14, "C": 44, "D": 20, "E": 50}.items():
        sheet.column_dimensions[col].width = width
    sheet.column_dimensions["A"].hidden = True
    sheet["A1"].value = key("prices", project.id)
    sheet["B1"].value = say("score.kind_prices", lang)
    sheet["B1"].font = _font(lang, bold=True, size=14, color=NAVY)
    sheet["E1"].value = internal_mark(project)
    sheet["E1"].font = _font(lang, bold=True, size=11, color="C00000")
    sheet["E1"].alignment = Alignment(horizontal="right")
    sheet["B2"].value = say("score.input_note", lang)
    _header_row(sheet, 4, {"B": say("score.vendor_id", lang), "C": say("score.vendor", lang), "D": say("score.price", lang),
                           "E": say("score.note", lang)}, lang)
    dv = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorStyle="stop", errorTitle=say("score.price_error_title", lang)[:32],
                        error=say("score.price_error", lang), showInputMessage=True,
                        promptTitle=say("score.price", lang)[:32],
                        prompt=say(f"score.price_prompt_{(scheme.evaluation.get('rules') or {}).get('tax_basis', 'excluding')}", lang))
    sheet.add_data_validation(dv)
    row = 5
    for vendor in scheme.vendors():
        sheet[f"A{row}"].value = key("price", vendor["id"])
        sheet[f"B{row}"].value = vendor["id"]
        sheet[f"C{row}"].value = clean(vendor["name"])
        for col in "BCDE":
            sheet[f"{col}{row}"].border = BOX
            sheet[f"{col}{row}"].font = _font(lang, size=10)
            sheet[f"{col}{row}"].alignment = WRAP
        _input(sheet[f"D{row}"])
        _input(sheet[f"E{row}"])
        sheet[f"D{row}"].number_format = "#,##0"
        dv.add(f"D{row}")
        sheet.row_dimensions[row].height = 20
        row += 1
    _page_setup(sheet)
    _protect(sheet)
    from ..responses.rate_sheet import add_rate_structure_sheet  # vendor responses: the same rate structure
    add_rate_structure_sheet(wb, project)
    if scheme.blind:
        _blind_key_sheet(wb, scheme)
    used = {v["id"]: sheet.title for v in scheme.vendors()}
    _meta_sheet(wb, scheme, model.KIND_PRICES, "", used)
    apply_to_workbook(wb, file_properties(project, say("score.kind_prices", lang)))
    return wb


def write_workbooks(project: Project, folder: Path) -> list[Path]:
    """Every evaluator's workbook (and presentation workbook when the project has that stage) and
    the price workbook, written atomically into `folder`."""
    written = []
    stage = model.PresentationScheme(project)
    for evaluator in Scheme(project).evaluators():
        path = folder / model.evaluator_workbook_name(project.id, evaluator["id"])
        written.append(_save(evaluator_workbook(project, evaluator), path))
        if stage.weighted():
            path = folder / model.presentation_workbook_name(project.id, evaluator["id"])
            written.append(_save(evaluator_workbook(project, evaluator, stage), path))
    written.append(_save(price_workbook(project), folder / model.price_workbook_name(project.id)))
    return written
