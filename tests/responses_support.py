"""Fill response forms the way a vendor does (openpyxl, by the keys in the hidden column and row)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from rfpgen.responses import write_response_form
from rfpgen.responses.form import KEY_ROW
from rfpgen.words import enum, say


def rows(ws) -> dict[str, int]:
    return {c.value: c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if isinstance(c.value, str) and "=" in c.value}


def columns(ws, kind: str) -> dict[str, str]:
    found = {}
    for c in ws[KEY_ROW + 1]:
        if isinstance(c.value, str) and c.value.startswith(kind + "="):
            found.setdefault(c.value.split("=", 1)[1], c.column_letter)
    return found


def sheets(wb) -> dict[str, object]:
    return {ws["A1"].value.split("=", 1)[1]: ws for ws in wb.worksheets
            if isinstance(ws["A1"].value, str) and ws["A1"].value.startswith("sheet=")}


def fill(form: Path, out: Path, project, *, name: str, model: str, staffing: dict, rates: dict, initial: list,
         answers: dict | None = None, valid_until: date = date(2028, 3, 31), supervisor_ratio=12) -> Path:
    """staffing: program -> (aht, shrinkage %, occupancy %, {month: FTE} or one FTE for every month);
    rates: (line, program or '') -> [rate per contract year]; initial: the first initial costs' amounts (the rest 0); answers: RFP number -> (answer key or None, page)."""
    wb = load_workbook(form)
    by = sheets(wb)
    lang = project.lang
    cover = by["cover"]
    named = by.get("bidder", cover)  # under blind evaluation the bidder is named on its own sheet
    named[f"C{rows(named)['cover=vendor_name']}"] = name
    r = rows(cover)
    cover[f"C{r['cover=model']}"] = enum("pricing_model", model, lang)
    cover[f"C{r['cover=valid_until']}"] = valid_until
    ws = by["compliance"]
    for key, row in rows(ws).items():
        if key.startswith("requirement="):
            number = key.split("=", 1)[1]
            answer, page = (answers or {}).get(number, ("comply", "p.12"))
            ws[f"F{row}"] = say(f"responses.answer_{answer}", lang) if answer else None
            ws[f"G{row}"] = page
    ws = by["staffing"]
    r, months = rows(ws), columns(ws, "month")
    for program, (aht, shrinkage, occupancy, fte) in staffing.items():
        row = r[f"program={program}"]
        ws[f"D{row}"], ws[f"E{row}"], ws[f"F{row}"] = aht, shrinkage, occupancy
        for month, col in months.items():
            ws[f"{col}{row}"] = fte[month] if isinstance(fte, dict) else fte
    ws[f"D{r['staffing=supervisor_ratio']}"] = supervisor_ratio
    ws = by[f"price:{model}"]
    r, years = rows(ws), columns(ws, "year")
    for (line, program), values in rates.items():
        row = r[f"rate={line}|{program}"]
        for y, value in enumerate(values, start=1):
            ws[f"{years[str(y)]}{row}"] = value
    from openpyxl.utils import column_index_from_string, get_column_letter

    first_amount_col = get_column_letter(column_index_from_string(years["1"]) + 2 * len(years))
    items = sorted(int(k.split("=", 1)[1]) for k in r if k.startswith("initial="))
    for i in items:  # the items after those given priced at 0 (the example's list of initial costs may grow)
        ws[f"{first_amount_col}{r[f'initial={i}']}"] = initial[i] if i < len(initial) else 0
    wb.save(out)
    return out


def form_for(project, folder: Path) -> Path:
    return write_response_form(project, folder)
