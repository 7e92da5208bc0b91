"""The response form (提案回答書) the vendors fill: one protected workbook per RFP, written with XlsxWriter.

It is built from the RFP's view of the project only (disclosed requirements under their RFP
numbers, the forecast, the pricing settings), and the build runs the RFP leak check over it.
Like the scoring workbooks, it is read back by keys, never by position: every sheet carries in
its hidden column A one key per row (``requirement=R-001``, ``program=TEL``, ``rate=hour|TEL`` …)
and in a hidden row one key per column (``month=2027-10``, ``year=1``); a very hidden ``_meta``
sheet holds the project id, the RFP version and a checksum of what the answers depend on. Only the
yellow input cells are unlocked and each is validated; the vendor's quantities and totals are
formulas for its convenience, computed the same way rfpgen normalises the offer.
"""
from __future__ import annotations

import io
from datetime import date, timedelta

from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from ..documents.parts import confidentiality_mark, rfp_chapter, rfp_numbering
from ..documents.properties import file_properties
from ..documents.rfp_terms import deadline
from ..documents.xlsx import fitted_height, fitted_width, font_name, new_workbook, page_setup, print_below, protect
from ..project import Project
from ..scoring import model as keys
from ..text import clean, day, month as month_name
from ..words import capital, currency_name, enum, lower_first, plural, say, tr
from . import rates
from .dropdowns import ANSWERS

KIND = "response"
SHRINKAGE_COL = 4    # E: the shrinkage (%) a vendor assumed, on the staffing sheet
PROGRAM_ID_COL = 2   # C: the program's id, beside its name
FIRST_MONTH_COL = 6  # G: months start here on the staffing and forecast sheets
KEY_ROW = 2          # hidden row 3 holds the column keys
HEAD_ROW = 3         # row 4: the table header
NAVY = "#1F3A5F"


def form_name(project_id: str) -> str:
    return f"{project_id}-response-form.xlsx"


def checksum(project: Project) -> str:
    """Fingerprint of what a filled form depends on (disclosed data only, so it reveals nothing withheld)."""
    s = rates.settings(project)
    programs = rates.priced_programs(project)
    payload = {
        "kind": KIND, "project": project.id, "version": project.rfp_edition()[0],
        "requirements": [[number, r.priority] for number, r in rfp_numbering(project)],
        "models": list(s.models), "programs": [p["id"] for p in programs],
        "months": rates.forecast_months(project), "term": s.term_months, "paid_hours": s.paid_hours,
        "included": s.included_pct, "outcome": s.outcome_pct,
        "initial_costs": [c["item"] for c in initial_cost_items(project)],
    }
    return keys.fingerprint(payload)


def initial_cost_items(project: Project) -> list[dict]:
    """Initial-cost items the vendor prices: all but those the client bears alone."""
    return [c for c in project.section("pricing").get("initial_costs") or [] if c["borne_by"] != "client"]


def blind(project: Project) -> bool:
    """Quality is evaluated blind: the RFP asks for no company name in the proposal or its forms, so the
    form takes the bidder's name and contact on a sheet of their own, which the client removes before
    the answers reach the evaluators."""
    return bool(((project.data.get("evaluation") or {}).get("rules") or {}).get("blind"))


def proposal_due(project: Project) -> date | None:
    due = (project.data["project"].get("schedule") or {}).get("proposal_due")
    return date.fromisoformat(due) if due else None


class _Styles:
    def __init__(self, wb, lang: str, mark: str):
        self.mark_text = mark
        font = font_name(lang)
        base = {"font_name": font, "font_size": 10, "valign": "top", "text_wrap": True}
        box = {**base, "border": 1, "border_color": "#A6A6A6"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14, "font_color": NAVY, "text_wrap": False})
        self.mark = wb.add_format({**base, "bold": True, "font_size": 11, "font_color": "#C00000", "align": "right",
                                   "text_wrap": False})
        self.text = wb.add_format(base)
        self.note = wb.add_format({**base, "text_wrap": False})  # one line over the empty cells to its right
        self.head = wb.add_format({**box, "bold": True, "font_color": "#FFFFFF", "bg_color": NAVY, "align": "center",
                                   "valign": "vcenter"})
        self.label = wb.add_format({**box, "bold": True, "font_color": NAVY, "bg_color": "#EEF2F7"})
        self.cell = wb.add_format(box)
        self.center = wb.add_format({**box, "align": "center"})
        self.number = wb.add_format({**box, "num_format": "#,##0.0"})  # FTE, hours, minutes, seconds
        self.count = wb.add_format({**box, "num_format": "#,##0"})  # contacts, months
        self.money = wb.add_format({**box, "num_format": "#,##0"})
        self.total = wb.add_format({**box, "bold": True, "bg_color": "#DDE5EF", "num_format": "#,##0"})
        self.total_label = wb.add_format({**box, "bold": True, "bg_color": "#DDE5EF"})
        self.total_number = wb.add_format({**box, "bold": True, "bg_color": "#DDE5EF", "num_format": "#,##0.0"})  # FTE
        unlocked = {**box, "bg_color": "#FFF2CC", "locked": False}
        self.input = wb.add_format(unlocked)
        self.input_number = wb.add_format({**unlocked, "num_format": "#,##0.0##"})
        self.input_money = wb.add_format({**unlocked, "num_format": "#,##0.00"})  # "#,##0.##" shows 3,850 as "3,850."
        self.input_date = wb.add_format({**unlocked, "num_format": "yyyy-mm-dd"})
        self.key = wb.add_format({"font_size": 8, "font_color": "#808080"})


def _hide_keys(ws) -> None:
    ws.set_column(0, 0, 14, None, {"hidden": True})
    ws.set_row(KEY_ROW, None, None, {"hidden": True})


def _number_rule(lang: str, minimum: float, maximum: float | None = None) -> dict:
    """A number cell's validation; its message names exactly the range it enforces."""
    message = say("responses.number_error", lang, min=f"{minimum:g}") if maximum is None else \
        say("responses.range_error", lang, min=f"{minimum:,g}", max=f"{maximum:,g}")
    rule = {"validate": "decimal", "error_title": say("responses.input_title", lang), "error_type": "stop",
            "error_message": message[:255], "ignore_blank": True}
    if maximum is None:
        rule.update({"criteria": ">=", "value": minimum})
    else:
        rule.update({"criteria": "between", "minimum": minimum, "maximum": maximum})
    return rule


def _sheet_ref(title: str, row: int, col: int) -> str:
    quoted = "'" + title.replace("'", "''") + "'"
    return f"{quoted}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def _range_ref(title: str, row: int, first: int, last: int) -> str:
    quoted = "'" + title.replace("'", "''") + "'"
    return f"{quoted}!${xl_col_to_name(first)}${row + 1}:${xl_col_to_name(last)}${row + 1}"


def _title(ws, st: _Styles, lang: str, text: str, last_col: int, sheet_key: str) -> None:
    ws.hide_gridlines(2)
    ws.write_string(0, 0, keys.key("sheet", sheet_key), st.key)
    ws.write_string(0, 1, text, st.title)
    ws.write_string(0, last_col, st.mark_text, st.mark)
    ws.set_row(0, 24)
    page_setup(ws, lang, mark=st.mark_text, title=text)  # every printed page carries the label, not only the first


def build(project: Project) -> bytes:
    """The response form as .xlsx bytes (the build checks it for withheld text before writing it)."""
    lang = project.lang
    s = rates.settings(project)
    buffer = io.BytesIO()
    wb = new_workbook(buffer)
    st = _Styles(wb, lang, confidentiality_mark(project, "rfp"))  # the label the RFP carries
    titles = {"cover": say("responses.sheet_cover", lang)}
    if blind(project):
        titles["bidder"] = say("responses.sheet_bidder", lang)
    titles.update({"compliance": say("responses.sheet_compliance", lang), "staffing": say("responses.sheet_staffing", lang),
                   "forecast": say("responses.sheet_forecast", lang)})
    titles.update({f"price:{m}": say(f"responses.price_sheet_{m}", lang) for m in s.models})
    _cover(wb.add_worksheet(titles["cover"]), st, project, s)
    if blind(project):
        _bidder(wb.add_worksheet(titles["bidder"]), st, project)
    _compliance(wb.add_worksheet(titles["compliance"]), st, project)
    staffing_rows = _staffing(wb.add_worksheet(titles["staffing"]), st, project, s)
    forecast = _forecast(wb.add_worksheet(titles["forecast"]), st, project, s)
    for model in s.models:
        _price(wb.add_worksheet(titles[f"price:{model}"]), st, project, s, model, titles, staffing_rows, forecast)
    for ws in wb.worksheets():
        print_below(ws, 1)  # row 1 is the title and label the print header carries
    _meta(wb.add_worksheet(keys.META_SHEET), project, titles)
    p = project.data["project"]
    wb.set_properties(file_properties(project, say("responses.title", lang), f"{say('responses.title', lang)} {clean(p['title'])}",
                                      issued=True))
    wb.close()
    return buffer.getvalue()


def _cover(ws, st: _Styles, project: Project, s: rates.Settings) -> None:
    lang, p = project.lang, project.data["project"]
    _title(ws, st, lang, f"{say('responses.title', lang)}：{clean(p['title'])}" if lang == "ja" else f"{say('responses.title', lang)}: {clean(p['title'])}",
           3, "cover")
    ws.set_column(1, 1, 30)
    text_width = 70
    ws.set_column(2, 2, text_width)
    ws.set_column(3, 3, 12)
    _hide_keys(ws)
    due = proposal_due(project)
    rows = [(None, say("responses.project", lang), clean(p["title"])),  # the id names files, not the project, in prose
            (None, say("responses.client", lang), clean(p["client"]["name"])), (None, say("responses.rfp_version", lang), project.rfp_edition()[0]),
            (None, say("responses.currency", lang), currency_name(s.currency, lang)),
            (None, say("responses.tax_basis", lang), enum("tax_basis", s.tax_basis, lang)),
            (None, say("responses.proposal_due", lang), deadline(project) or "")]  # as the RFP writes it
    row = 3
    for _, label, value in rows:
        ws.write_string(row, 1, label, st.label)
        ws.write_string(row, 2, value, st.cell)
        ws.set_row(row, fitted_height([label, value], [30, text_width]))
        row += 1
    row += 1
    if not blind(project):
        row = _bidder_rows(ws, st, lang, row)
    ws.write_string(row, 0, keys.key("cover", "model"), st.key)
    ws.write_string(row, 1, say("responses.model", lang), st.label)
    ws.write_blank(row, 2, None, st.input)
    ws.data_validation(row, 2, row, 2, {"validate": "list", "source": [enum("pricing_model", m, lang) for m in s.models],
                                       "input_title": say("responses.input_title", lang), "input_message": say("responses.model_prompt", lang),
                                       "error_message": say("responses.answer_error", lang)})
    row += 1
    ws.write_string(row, 0, keys.key("cover", "valid_until"), st.key)
    validity = say("doc.quote_validity", lang, n=s.validity_days, days=plural(s.validity_days, "day"))  # the RFP's phrase
    ws.write_string(row, 1, f"{say('responses.valid_until', lang)}（{validity}）" if lang == "ja"
                    else f"{say('responses.valid_until', lang)} ({validity})", st.label)
    ws.write_blank(row, 2, None, st.input_date)
    ws.set_row(row, 30)
    if due:
        ws.data_validation(row, 2, row, 2, {"validate": "date", "criteria": ">=", "value": due,
                                           "error_message": say("responses.date_error", lang, due=day(due, project.date_style, weekday=False))})
    row += 2
    ws.write_string(row, 1, say("responses.instructions", lang), st.title)
    row += 1
    # the RFP's ground for disqualification
    out = [kind for kind in rates.MUST_FINDINGS if kind in s.disqualify]
    must = (tr(lang, f"（{rates.must_findings(out, lang)}の場合は失格）",
               f" (a must requirement {rates.must_findings(out, lang)} disqualifies the proposal)") if out else "")
    steps = say("responses.steps", lang, must=must, paid=f"{s.paid_hours:g}", currency=currency_name(s.currency, lang),
                tax=enum("tax_basis", s.tax_basis, lang))
    for n, step in enumerate(steps.split("\n"), start=1):
        ws.write_string(row, 1, f"{n}.", st.text)
        ws.write_string(row, 2, step, st.text)
        ws.set_row(row, fitted_height([step], [text_width]))
        row += 1
    ws.activate()
    protect(ws)


def _bidder_rows(ws, st: _Styles, lang: str, row: int) -> int:
    """The bidder's name and contact (on the cover, or under blind evaluation on their own sheet)."""
    for key_name, label in (("vendor_name", say("responses.vendor_name", lang)), ("vendor_contact", say("responses.vendor_contact", lang))):
        ws.write_string(row, 0, keys.key("cover", key_name), st.key)
        ws.write_string(row, 1, label, st.label)
        ws.write_blank(row, 2, None, st.input)
        ws.data_validation(row, 2, row, 2, {"validate": "length", "criteria": "<=", "value": 200,
                                           "error_message": say("responses.text_error", lang, max=200)})
        row += 1
    return row


def _bidder(ws, st: _Styles, project: Project) -> None:
    """Under blind evaluation, the one sheet that names the bidder, as the RFP asks."""
    lang = project.lang
    _title(ws, st, lang, say("responses.sheet_bidder", lang), 3, "bidder")
    ws.set_column(1, 1, 30)
    ws.set_column(2, 2, 70)
    ws.set_column(3, 3, 12)
    _hide_keys(ws)
    note = say("responses.bidder_note", lang)
    ws.merge_range(1, 1, 1, 2, note, st.text)  # wrapped within the printed columns
    ws.set_row(1, fitted_height([note], [100]))
    _bidder_rows(ws, st, lang, 3)
    protect(ws)


def _compliance(ws, st: _Styles, project: Project) -> None:
    lang = project.lang
    _title(ws, st, lang, say("responses.sheet_compliance", lang), 7, "compliance")
    _hide_keys(ws)
    widths = {1: 9, 2: 16, 3: 60, 4: 8, 5: 12, 6: 16, 7: 40}
    for col, width in widths.items():
        ws.set_column(col, col, width)
    headers = ["no", "part", "requirement", "priority", "answer", "page", "remarks"]
    for col, word in enumerate(headers, start=1):
        ws.write_string(HEAD_ROW, col, say("responses." + word, lang), st.head)
    ws.repeat_rows(HEAD_ROW)
    ws.freeze_panes(HEAD_ROW + 1, 0)
    row = HEAD_ROW + 1
    # a list a bidder answers down, in the RFP's order (its numbers run in that order, branches included)
    for number, r in rfp_numbering(project):
        ws.write_string(row, 0, keys.key("requirement", number), st.key)
        ws.write_string(row, 1, number, st.center)
        shown = [number, rfp_chapter(r.part, lang), clean(r.text), enum("priority", r.priority, lang)]
        for col, value in enumerate(shown[1:], start=2):
            ws.write_string(row, col, value, st.center if col == 4 else st.cell)
        for col in (5, 6, 7):
            ws.write_blank(row, col, None, st.input)
        ws.set_row(row, fitted_height(shown, [widths[c] for c in range(1, 5)]))  # the chapter wraps too
        row += 1
    if row > HEAD_ROW + 1:
        last = row - 1
        ws.data_validation(HEAD_ROW + 1, 5, last, 5, {
            "validate": "list", "source": [say(f"responses.answer_{a}", lang) for a in ANSWERS],
            "input_title": say("responses.answer", lang), "input_message": say("responses.answer_prompt", lang),
            "error_title": say("responses.answer", lang), "error_message": say("responses.answer_error", lang)})
        ws.data_validation(HEAD_ROW + 1, 6, last, 6, {"validate": "length", "criteria": "<=", "value": 100,
                                                      "error_message": say("responses.text_error", lang, max=100)})
        ws.data_validation(HEAD_ROW + 1, 7, last, 7, {"validate": "length", "criteria": "<=", "value": 2000,
                                                      "error_message": say("responses.text_error", lang, max=2000)})
    protect(ws)


def _staffing(ws, st: _Styles, project: Project, s: rates.Settings) -> dict[str, int]:
    """The staffing plan sheet; returns each program's row (0-based)."""
    lang = project.lang
    months = rates.forecast_months(project)
    last_month = FIRST_MONTH_COL + len(months) - 1
    fte_total, hours_total = last_month + 1, last_month + 2
    _title(ws, st, lang, say("responses.sheet_staffing", lang), hours_total, "staffing")
    _hide_keys(ws)
    _program_columns(ws, st, project, months, [say("responses.staffing_note", lang, paid=f"{s.paid_hours:g}")])
    billable = tr(lang, f"{say('staffing.billable_hours', lang)}（合計）", capital(say("staffing.billable_hours", lang)))
    for col, heading, width in ((3, say("responses.aht", lang), 11), (SHRINKAGE_COL, say("responses.shrinkage", lang), 11),
                                (5, say("responses.occupancy", lang), 11), (fte_total, say("responses.fte_total", lang), 13),
                                (hours_total, billable, 13)):
        _heading(ws, st, HEAD_ROW, col, heading, width)
    rows = {}
    row = HEAD_ROW + 1
    for program in rates.priced_programs(project):
        rows[program["id"]] = row
        _program_row(ws, st, row, "program", program)
        for col in range(3, 6):
            ws.write_blank(row, col, None, st.input_number)
        for col in range(FIRST_MONTH_COL, last_month + 1):
            ws.write_blank(row, col, None, st.input_number)
        fte = f"{xl_col_to_name(FIRST_MONTH_COL)}{row + 1}:{xl_col_to_name(last_month)}{row + 1}"
        ws.write_formula(row, fte_total, f"=SUM({fte})", st.number)
        ws.write_formula(row, hours_total, f"=SUM({fte})*{s.paid_hours:g}*(1-{xl_rowcol_to_cell(row, SHRINKAGE_COL)}/100)", st.number)
        row += 1
    first, last = HEAD_ROW + 1, row - 1
    if rows:
        # the FTE of all programs per month, added up where a reader would add them (no key: never read back)
        _total_row(ws, st, row, lang, [(col, st.total_number) for col in (*range(FIRST_MONTH_COL, last_month + 1), fte_total, hours_total)],
                   first, last)
        row += 1
        ws.data_validation(first, 3, last, 3, _number_rule(lang, 1, 86400))  # seconds: one contact up to a whole day
        ws.data_validation(first, 4, last, 4, {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 99.99,
                                               "error_message": say("responses.pct_error", lang)})
        ws.data_validation(first, 5, last, 5, {"validate": "decimal", "criteria": "between", "minimum": 0.01, "maximum": 100,
                                               "error_message": say("responses.occupancy_error", lang)})
        ws.data_validation(first, FIRST_MONTH_COL, last, last_month, _number_rule(lang, 0, 100000))
    row += 1
    ws.write_string(row, 0, keys.key("staffing", "supervisor_ratio"), st.key)
    ws.merge_range(row, 1, row, 2, say("responses.supervisor_ratio", lang), st.label)  # over the name and id columns
    ws.write_blank(row, 3, None, st.input_number)
    ws.data_validation(row, 3, row, 3, _number_rule(lang, 1, 1000))
    ws.freeze_panes(HEAD_ROW + 1, 3)
    protect(ws)
    return rows


def _total_row(ws, st: _Styles, row: int, lang: str, columns: list[tuple[int, object]], first: int, last: int,
               values: list[float] | None = None) -> None:
    """A 合計 / Total row under the program rows `first`..`last` (0-based): a SUM of each of `columns`
    (its format beside it), with the sum already worked out in `values` where it is known (a locked
    forecast), so a reader without recalculation sees it too."""
    ws.merge_range(row, 1, row, 2, tr(lang, "合計", "Total"), st.total_label)
    for i, (col, style) in enumerate(columns):
        name = xl_col_to_name(col)
        formula = f"=SUM({name}{first + 1}:{name}{last + 1})"
        if values is None:
            ws.write_formula(row, col, formula, style)
        else:
            ws.write_formula(row, col, formula, style, values[i])


def _program_columns(ws, st: _Styles, project: Project, months: list[str], notes: list[str]) -> None:
    """The program and month headings of the staffing and forecast sheets: each row is labelled by
    the program's name as the RFP writes it, its id kept in a narrow column beside it (the key the
    readback's messages name); months as the documents write them (2027年10月, Oct 2027). The sheet's
    `notes` go above the table, in the program column."""
    lang = project.lang
    names = [clean(p["name"]) for p in rates.priced_programs(project)]
    width = max(28, fitted_width(names, 44))  # a name on one line: 受注・問い合わせ窓口（電話）, not …（電話/）
    ws.set_column(1, 1, width)
    # wrapped within the column every printed page repeats (a note running on over the month columns was
    # cut at the second page's edge: "1 FTE = 162." for 162.5); in one cell above the hidden key row
    note = "\n".join(notes)
    ws.write_string(1, 1, note, st.text)
    ws.set_row(1, fitted_height([note], [width - 1]))
    ws.set_column(2, 2, 11, None, {"hidden": True})  # the id, kept for the readback, beside the name the vendor reads
    ws.set_column(FIRST_MONTH_COL, FIRST_MONTH_COL + len(months) - 1, 10)
    ws.write_string(HEAD_ROW, 1, say("responses.program", lang), st.head)
    ws.write_string(HEAD_ROW, 2, say("responses.program_id", lang), st.head)
    for i, month in enumerate(months):
        ws.write_string(KEY_ROW, FIRST_MONTH_COL + i, keys.key("month", month), st.key)
        ws.write_string(HEAD_ROW, FIRST_MONTH_COL + i, month_name(month, project.date_style), st.head)
    ws.set_row(HEAD_ROW, 44)  # three lines: the longest headings (the client's handle time) wrap twice
    # twelve months and more do not fit one A4 page readably (shrunk to one page they printed at about half
    # size): up to two pages wide, each naming the programs
    ws.fit_to_pages(2, 0)
    ws.repeat_columns(1)


def _heading(ws, st: _Styles, row: int, col: int, text: str, width: float) -> None:
    """A column heading and its column, widened up to 40 to hold the heading on one line: it is written
    whole (a computed break would be copied with it), and a spreadsheet wrapping it could leave its
    closing bracket alone on the last line (想定平均処理時間（秒 / ）)."""
    ws.set_column(col, col, max(width, fitted_width([text], 40)))
    ws.write_string(row, col, text, st.head)


def _program_row(ws, st: _Styles, row: int, kind: str, program: dict) -> None:
    ws.write_string(row, 0, keys.key(kind, program["id"]), st.key)
    ws.write_string(row, 1, clean(program["name"]), st.cell)
    ws.write_string(row, PROGRAM_ID_COL, program["id"], st.cell)


def _forecast(ws, st: _Styles, project: Project, s: rates.Settings) -> dict:
    """The client's forecast and the month counts per contract year (locked); returns their rows."""
    lang = project.lang
    months = rates.forecast_months(project)
    last_month = FIRST_MONTH_COL + len(months) - 1
    _title(ws, st, lang, say("responses.sheet_forecast", lang), last_month, "forecast")
    _hide_keys(ws)
    notes = [say("responses.forecast_note", lang)]
    if rates.short_forecast(project, s.term_months):  # said where the counts are (validation warns the client)
        notes.append(say("responses.forecast_short", lang, n=len(months), term=s.term_months))
    _program_columns(ws, st, project, months, notes)
    ws.set_column(4, 5, 2, None, {"hidden": True})
    _heading(ws, st, HEAD_ROW, 3, say("responses.client_aht", lang), 14)
    rows, row = {}, HEAD_ROW + 1
    for program in rates.priced_programs(project):
        rows[program["id"]] = row
        _program_row(ws, st, row, "forecast", program)
        aht = rates.client_aht(program, project)
        if aht is None:
            ws.write_blank(row, 3, None, st.cell)
        else:
            ws.write_number(row, 3, aht, st.number)
        volumes = {v["month"]: v["contacts"] for v in program["volumes"]}
        for i, month in enumerate(months):
            ws.write_number(row, FIRST_MONTH_COL + i, volumes.get(month, 0), st.count)
        row += 1
    if rows:  # the month's contacts over all programs, as the requirements definition's volume table totals them
        sums = [sum(v["contacts"] for p in rates.priced_programs(project) for v in p["volumes"] if v["month"] == month)
                for month in months]
        _total_row(ws, st, row, lang, [(FIRST_MONTH_COL + i, st.total) for i in range(len(months))], min(rows.values()),
                   row - 1, sums)
        row += 1
    row += 1
    years = {}
    for y, counts in enumerate(rates.month_counts(project, s.term_months), start=1):
        years[y] = row
        ws.write_string(row, 0, keys.key("year", str(y)), st.key)
        ws.merge_range(row, 1, row, 2, say("responses.months_in_year", lang, year=y), st.label)
        for i, month in enumerate(months):
            ws.write_number(row, FIRST_MONTH_COL + i, counts[month], st.count)
        row += 1
    protect(ws)
    return {"programs": rows, "years": years, "last_month": last_month}


def _quantity(line: rates.RateLine, program: str | None, year_row: int, titles: dict, staffing_rows: dict,
              forecast: dict, s: rates.Settings) -> str:
    """The quantity formula of one rate line, one program and one contract year (see rates)."""
    last = forecast["last_month"]
    if last < FIRST_MONTH_COL:  # no forecast yet: nothing to count
        return "=0"
    counts = _range_ref(titles["forecast"], year_row, FIRST_MONTH_COL, last)
    if line.key in ("fixed_month", "management_month"):
        return f"=SUM({counts})"
    if line.key in rates.STAFFING_BASED:
        srow = staffing_rows[program]
        fte = f"SUMPRODUCT({_range_ref(titles['staffing'], srow, FIRST_MONTH_COL, last)},{counts})"
        if line.key == "fte_month":
            return "=" + fte
        return f"={fte}*{s.paid_hours:g}*(1-{_sheet_ref(titles['staffing'], srow, SHRINKAGE_COL)}/100)"
    frow = forecast["programs"][program]
    contacts = f"SUMPRODUCT({_range_ref(titles['forecast'], frow, FIRST_MONTH_COL, last)},{counts})"
    return {"contact": f"={contacts}",
            "minute": f"={contacts}*{_sheet_ref(titles['forecast'], frow, 3)}/60",
            "outcome": f"={contacts}*{s.outcome_pct:g}/100",
            "overage_contact": f"={contacts}*MAX(0,1-{s.included_pct:g}/100)"}[line.key]


def _cached_quantity(line: rates.RateLine, program: dict | None, counts: dict[str, int], project: Project,
                     s: rates.Settings) -> float:
    """The quantity a blank form shows before any recalculation (LibreOffice keeps a workbook's stored
    results on load): the forecast-based quantities as rfpgen counts them; staffing-based ones are 0
    until the vendor enters its FTE, which recalculates them."""
    if line.key in rates.STAFFING_BASED:
        return 0
    volumes = {v["month"]: v["contacts"] for v in program["volumes"]} if program else {}
    return sum(n * rates.month_quantity(line.key, project, program, volumes, None, month, 1.0, s)
               for month, n in counts.items() if n)


def _price(ws, st: _Styles, project: Project, s: rates.Settings, model: str, titles: dict, staffing_rows: dict,
           forecast: dict) -> None:
    lang = project.lang
    years = rates.contract_years(s.term_months)
    rate_col, qty_col, amount_col = 5, 5 + years, 5 + 2 * years
    total_col = amount_col + years
    _title(ws, st, lang, f"{say('responses.title', lang)}：{enum('pricing_model', model, lang)}" if lang == "ja"
           else f"{say('responses.title', lang)}: {enum('pricing_model', model, lang)}", total_col, f"price:{model}")
    _hide_keys(ws)
    basis = "；".join if lang == "ja" else "; ".join
    ws.write_string(1, 1, say("responses.price_note", lang, model=enum("pricing_model", model, lang),
                            basis=basis(say("responses.quantity_of", lang, rate=lower_first(line.name(lang)),
                                            basis=rates.quantity_basis(line, lang, s)) for line in rates.lines(model))),
                    st.note)
    # rates, programs and initial costs each on one line (超過単価（基準業務量を超える1件あたり）, not …あたり/）)
    ws.set_column(1, 1, max(30, fitted_width([line.name(lang) for line in rates.lines(model)]
                                             + [clean(c["item"]) for c in initial_cost_items(project)], 48)))
    ws.set_column(2, 2, max(24, fitted_width([clean(p["name"]) for p in rates.priced_programs(project)]
                                             + [say("responses.all_programs", lang)], 44)))
    ws.set_column(3, 3, max(16, fitted_width([line.unit(lang, s.currency) for line in rates.lines(model)], 30)))
    ws.set_column(4, 4, 2, None, {"hidden": True})
    ws.set_column(rate_col, total_col, 14)
    for col, word in ((1, "rate_line"), (2, "program"), (3, "unit"), (total_col, "line_total")):
        ws.write_string(HEAD_ROW, col, say("responses." + word, lang), st.head)
    for y in range(1, years + 1):
        for col, word in ((rate_col, "rate_year"), (qty_col, "qty_year"), (amount_col, "amount_year")):
            ws.write_string(KEY_ROW, col + y - 1, keys.key("year", str(y)), st.key)
            ws.write_string(HEAD_ROW, col + y - 1, say("responses." + word, lang, year=y), st.head)
    ws.set_row(HEAD_ROW, 30)
    programs = rates.priced_programs(project)
    forecast_counts = rates.month_counts(project, s.term_months)
    row = HEAD_ROW + 1
    first = row
    for line in rates.lines(model):
        for program in (programs if line.per_program else [None]):
            ident = f"{line.key}|{program['id'] if program else ''}"
            ws.write_string(row, 0, keys.key("rate", ident), st.key)
            ws.write_string(row, 1, line.name(lang), st.cell)
            ws.write_string(row, 2, clean(program["name"]) if program else say("responses.all_programs", lang), st.cell)
            ws.write_string(row, 3, line.unit(lang, s.currency), st.cell)
            ws.set_row(row, 30)
            for y in range(1, years + 1):
                ws.write_blank(row, rate_col + y - 1, None, st.input_money)
                quantity = _quantity(line, program["id"] if program else None, forecast["years"][y], titles,
                                     staffing_rows, forecast, s)
                ws.write_formula(row, qty_col + y - 1, quantity, st.count if line.key in rates.COUNTED else st.number,
                                 _cached_quantity(line, program, forecast_counts[y - 1], project, s))
                rate, qty = xl_rowcol_to_cell(row, rate_col + y - 1), xl_rowcol_to_cell(row, qty_col + y - 1)
                ws.write_formula(row, amount_col + y - 1, f"={rate}*{qty}", st.money)
            ws.write_formula(row, total_col, f"=SUM({xl_rowcol_to_cell(row, amount_col)}:"
                                             f"{xl_rowcol_to_cell(row, amount_col + years - 1)})", st.money)
            row += 1
    ws.data_validation(first, rate_col, row - 1, rate_col + years - 1, _number_rule(lang, 0))
    operating_total = f"SUM({xl_rowcol_to_cell(first, total_col)}:{xl_rowcol_to_cell(row - 1, total_col)})"
    row += 1
    # an initial cost is paid once, at the start: the vendor enters it as a first-year amount, and the
    # line total carries it to the total as an operating line's total does
    ws.write_string(row, 1, say("responses.initial_costs", lang), st.head)
    ws.write_string(row, 2, say("responses.borne_by", lang), st.head)
    ws.write_string(row, amount_col, say("responses.amount_year", lang, year=1), st.head)
    ws.write_string(row, total_col, say("responses.line_total", lang), st.head)
    row += 1
    first_initial = row
    for i, item in enumerate(initial_cost_items(project)):
        ws.write_string(row, 0, keys.key("initial", str(i)), st.key)
        ws.write_string(row, 1, clean(item["item"]), st.cell)
        ws.write_string(row, 2, enum("party", item["borne_by"], lang), st.cell)
        ws.write_blank(row, amount_col, None, st.input_money)
        ws.write_formula(row, total_col, f"={xl_rowcol_to_cell(row, amount_col)}", st.money)
        ws.set_row(row, 30)
        row += 1
    if row > first_initial:
        ws.data_validation(first_initial, amount_col, row - 1, amount_col, _number_rule(lang, 0))
        initial_total = f"+SUM({xl_rowcol_to_cell(first_initial, total_col)}:{xl_rowcol_to_cell(row - 1, total_col)})"
    else:
        initial_total = ""
    row += 1
    ws.write_string(row, 0, keys.key("total", model), st.key)
    ws.write_string(row, 1, say("responses.total", lang), st.total_label)
    ws.set_row(row, 30)
    ws.write_formula(row, total_col, f"={operating_total}{initial_total}", st.total)
    ws.freeze_panes(HEAD_ROW + 1, 4)
    protect(ws)


def _meta(ws, project: Project, titles: dict) -> None:
    rows = [("format", keys.FORMAT), ("kind", KIND), ("project_id", project.id),
            ("project_version", project.rfp_edition()[0]), ("checksum", checksum(project))]
    rows += [(keys.key("sheet", name), title) for name, title in titles.items()]
    for i, (name, value) in enumerate(rows):
        ws.write_string(i, 0, name)
        ws.write_string(i, 1, value)
    ws.very_hidden()
    protect(ws)


def minimum_validity(project: Project) -> date | None:
    due = proposal_due(project)
    return due + timedelta(days=rates.settings(project).validity_days) if due else None


def price_terms(project: Project) -> list[tuple[str, str]]:
    """Currency, tax basis, validity, bands: the terms the RFP states beside its rate structure."""
    lang = project.lang
    s = rates.settings(project)
    years = rates.contract_years(s.term_months)
    bands = rates.bands_text(s.bands_pct, lang)
    validity = say("doc.quote_validity", lang, n=s.validity_days, days=plural(s.validity_days, "day"))
    compared = tr(lang, "提示された単価と要員計画を、委託元の予測の業務量（契約期間中は予測の各月を繰り返す）に"
                        "当てはめた総額（初期費用を含む）で比較する。"
                        + (f"業務量が予測から{bands}変動した場合の総額も算定し、業務量に応じた価格の変化を確認する"
                           "（評価には予測の業務量での総額を用いる）。" if s.bands_pct else ""),
                  "Your rates and staffing plan applied to the client's forecast (repeated month by month over "
                  "the term), plus initial costs."
                  + (f" The total is also computed for volumes {bands} from the forecast, to see how the "
                     "price moves with volume; the evaluation uses the total at the forecast." if s.bands_pct else ""))
    return [(tr(lang, "通貨", "Currency"), currency_name(s.currency, lang, alone=True)),
            (tr(lang, "税区分", "Tax basis"), capital(enum("tax_basis", s.tax_basis, lang))),  # a value starts as one
            (tr(lang, "見積の有効期限", "Offer validity"), validity),
            (tr(lang, "契約年度", "Contract years"), tr(lang, f"{s.term_months}か月を{years}年度に分け、年度ごとに単価を提示する",
                                                 f"The {s.term_months}-month term in {years} contract years, one rate per year")),
            (tr(lang, "価格の比較", "Price comparison"), compared)]


def annex_lines(project: Project) -> list[str]:
    name = form_name(project.id)
    if project.lang == "ja":
        return [f"別紙1 提案回答書（{name}）：要件対応表、要員計画、価格。提案書とともに提出すること。"]
    return [f"Annex 1: response form ({name}): compliance matrix, staffing plan and prices, to be returned with the proposal."]
