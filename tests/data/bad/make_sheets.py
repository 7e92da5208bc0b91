"""Broken (and merely rearranged) score sheets, made at test time from correctly filled ones.

`make_case(name, folder)` writes the small scoring project of tests/test_scoring_support.py to
`folder/project.yaml`, generates its workbooks, fills them like an evaluator would (3 vendors ×
3 evaluators, plus procurement's price workbook), then applies the tampering of case `name`.
It returns a `Case` with the project file, the files to pass to `rfpgen score`, and `where()`,
which turns a symbolic place from the expectations table in tests/test_bad_inputs.py into the real
file, sheet and cell:

    file:  "E1" / "E2" / "E3" (evaluator workbooks), "prices", "extra" (a file the case adds),
           "(command line)" (a problem with the set of files, not with one of them)
    sheet: "vendor:V-B" (that vendor's sheet in the file), "meta" (the hidden _meta sheet),
           "Prices", or None
    cell:  "E@criterion=C-QM" (column E of the row keyed criterion=C-QM, found in the untampered
           sheet), a plain address such as "B5", or None
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from rfpgen.scoring import write_scoring_outputs
from rfpgen.scoring.model import META_SHEET
from rfpgen.validation import load_project
from rfpgen.yamlio import dump
from scoring_support import fill_all, project_data, rows_by_key, vendor_sheets


@dataclass
class Case:
    project_file: Path
    files: list[Path]
    paths: dict[str, Path]                      # symbolic file name -> path
    rows: dict[tuple[str, str], dict] = field(default_factory=dict)   # (file, vendor) -> {key: row}
    titles: dict[tuple[str, str], str] = field(default_factory=dict)  # (file, vendor) -> sheet title

    def where(self, file: str, sheet: str | None, cell: str | None) -> tuple[str, str | None, str | None]:
        path = self.paths.get(file, file)
        title = None
        if sheet == "meta":
            title = META_SHEET
        elif sheet and sheet.startswith("vendor:"):
            title = self.titles[(file, sheet.partition(":")[2])]
        elif sheet:
            title = sheet
        if cell and "@" in cell:
            column, _, key = cell.partition("@")
            vendor = sheet.partition(":")[2] if sheet and sheet.startswith("vendor:") else None
            cell = f"{column}{self.rows[(file, vendor)][key]}"  # the row in the untampered sheet
        return str(path), title, cell


def _edit(path: Path, edit) -> None:
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)


def _vendor(wb, vendor: str):
    return vendor_sheets(wb)[vendor]


def _row(ws, key: str) -> int:
    return rows_by_key(ws)[key]


# ------------------------------------------------------------------ the tamperings

def _move_rows(case: Case) -> None:
    """Reverse the order of the criterion rows (every column) on E1's sheet for V-A."""
    def edit(wb):
        ws = _vendor(wb, "V-A")
        rows = sorted(r for k, r in rows_by_key(ws).items() if k.startswith(("criterion=", "gate=")))
        for area in [a for a in ws.merged_cells.ranges if a.min_row in rows]:  # a gate's name and condition span two columns
            ws.unmerge_cells(str(area))
        values = {r: [ws.cell(r, c).value for c in range(1, 9)] for r in rows}
        for target, source in zip(rows, reversed(rows)):
            for c in range(1, 9):
                ws.cell(target, c).value = values[source][c - 1]
    _edit(case.paths["E1"], edit)


def _rename_and_reorder_sheets(case: Case) -> None:
    def edit(wb):
        ws = _vendor(wb, "V-B")
        ws.title = "Beta (renamed)"
        wb.move_sheet(ws, offset=-1)
    _edit(case.paths["E2"], edit)


def _formulas_to_numbers(case: Case) -> None:
    """Every formula replaced by a number, as a copy-paste-values would do, but wrong on purpose."""
    def edit(wb):
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.value = 99999
    for name in ("E1", "E2", "E3", "prices"):
        _edit(case.paths[name], edit)


def _delete_row(case: Case) -> None:
    _edit(case.paths["E1"], lambda wb: _vendor(wb, "V-A").delete_rows(_row(_vendor(wb, "V-A"), "criterion=C-QM")))


def _clear_hidden_id(case: Case) -> None:
    _edit(case.paths["E2"], lambda wb: setattr(_vendor(wb, "V-C").cell(_row(_vendor(wb, "V-C"), "criterion=C-WFM"), 1), "value", None))


def _changed_visible_id(case: Case) -> None:
    _edit(case.paths["E1"], lambda wb: setattr(_vendor(wb, "V-A").cell(_row(_vendor(wb, "V-A"), "criterion=C-EXP"), 2), "value", "C-EXP2"))


def _off_scale(case: Case) -> None:
    _edit(case.paths["E2"], lambda wb: setattr(_vendor(wb, "V-B").cell(_row(_vendor(wb, "V-B"), "criterion=C-EXP"), 5), "value", 7))


def _fraction(case: Case) -> None:
    _edit(case.paths["E3"], lambda wb: setattr(_vendor(wb, "V-C").cell(_row(_vendor(wb, "V-C"), "criterion=C-QM"), 5), "value", 3.5))


def _missing_score(case: Case) -> None:
    _edit(case.paths["E1"], lambda wb: setattr(_vendor(wb, "V-C").cell(_row(_vendor(wb, "V-C"), "criterion=C-QM"), 5), "value", None))


def _changed_weight(case: Case) -> None:
    _edit(case.paths["E3"], lambda wb: setattr(_vendor(wb, "V-A").cell(_row(_vendor(wb, "V-A"), "criterion=C-WFM"), 4), "value", 40))


def _bad_gate(case: Case) -> None:
    _edit(case.paths["E2"], lambda wb: setattr(_vendor(wb, "V-A").cell(_row(_vendor(wb, "V-A"), "gate=G-ISO"), 5), "value", "maybe"))


def _bad_checklist(case: Case) -> None:
    _edit(case.paths["E1"], lambda wb: setattr(_vendor(wb, "V-B").cell(_row(_vendor(wb, "V-B"), "withheld=OPS-KB"), 5), "value", "lots"))


def _unknown_vendor(case: Case) -> None:
    _edit(case.paths["E3"], lambda wb: setattr(_vendor(wb, "V-B").cell(_row(_vendor(wb, "V-B"), "vendor=V-B"), 1), "value", "vendor=V-ZZ"))


def _unknown_evaluator(case: Case) -> None:
    _edit(case.paths["E2"], lambda wb: wb[META_SHEET].__setitem__("B5", "E9"))


def _evaluator_twice(case: Case) -> None:
    extra = case.project_file.parent / "copy-of-E1.xlsx"
    shutil.copy(case.paths["E1"], extra)
    case.paths["extra"] = extra
    case.files.append(extra)


def _other_project(case: Case) -> None:
    other = load_project(_write_project(case.project_file.parent / "other", {"project.id": "other-cc"}))
    write_scoring_outputs(other, case.project_file.parent / "other")
    extra = case.project_file.parent / "other" / "scoring" / "other-cc-scores-E2.xlsx"
    case.files[case.files.index(case.paths["E2"])] = extra
    case.paths["extra"] = extra


def _project_changed(case: Case) -> None:
    """The sheets were made before a weight changed in the project file."""
    data = project_data()
    data["evaluation"]["criteria"][2]["weight"] = 35   # C-EXP 30 -> 35
    data["evaluation"]["criteria"][3]["weight"] = 20   # C-QM 25 -> 20
    case.project_file.write_text(dump(data), encoding="utf-8")


def _not_xlsx(case: Case) -> None:
    extra = case.project_file.parent / "notes.xlsx"
    extra.write_text("Vendor A: 4, Vendor B: 3\n", encoding="utf-8")
    case.files[case.files.index(case.paths["E3"])] = extra
    case.paths["extra"] = extra


def _docx_as_xlsx(case: Case) -> None:
    extra = case.project_file.parent / "form.xlsx"
    shutil.copy(next((case.project_file.parent / "scoring").glob("*-form-V-A.docx")), extra)
    case.files[case.files.index(case.paths["E3"])] = extra
    case.paths["extra"] = extra


def _empty_file(case: Case) -> None:
    extra = case.project_file.parent / "empty.xlsx"
    extra.write_bytes(b"")
    case.files[case.files.index(case.paths["E1"])] = extra
    case.paths["extra"] = extra


def _metadata_deleted(case: Case) -> None:
    """The protected metadata sheet removed (unprotected first, as a determined user would)."""
    def edit(wb):
        wb[META_SHEET].protection.sheet = False
        del wb[META_SHEET]
    _edit(case.paths["E3"], edit)


def _missing_workbook(case: Case) -> None:
    case.files.remove(case.paths["E2"])


def _zero_price(case: Case) -> None:
    _edit(case.paths["prices"], lambda wb: setattr(wb["Prices"].cell(_row(wb["Prices"], "price=V-B"), 4), "value", 0))


def _text_price(case: Case) -> None:
    _edit(case.paths["prices"], lambda wb: setattr(wb["Prices"].cell(_row(wb["Prices"], "price=V-C"), 4), "value", "cheap"))


def _duplicated_row(case: Case) -> None:
    def edit(wb):
        ws = _vendor(wb, "V-A")
        source = _row(ws, "criterion=C-EXP")
        target = ws.max_row + 2
        for c in range(1, 9):
            ws.cell(target, c).value = ws.cell(source, c).value
        case.rows[("E1", "V-A")]["the copy"] = target
    _edit(case.paths["E1"], edit)


def _price_text(vendor: str, text):
    def tamper(case: Case) -> None:
        _edit(case.paths["prices"], lambda wb: setattr(wb["Prices"].cell(_row(wb["Prices"], f"price={vendor}"), 4), "value", text))
    return tamper


def _swapped_vendor_keys(case: Case) -> None:
    """The hidden vendor keys of two sheets exchanged: without a cross-check V-B's scores would go to V-A."""
    def edit(wb):
        a, b = _vendor(wb, "V-A"), _vendor(wb, "V-B")
        ra, rb = _row(a, "vendor=V-A"), _row(b, "vendor=V-B")
        a.cell(ra, 1).value, b.cell(rb, 1).value = "vendor=V-B", "vendor=V-A"
    _edit(case.paths["E1"], edit)


def _protection_removed(case: Case) -> None:
    _edit(case.paths["E2"], lambda wb: setattr(_vendor(wb, "V-C").protection, "sheet", False))


def _leftover(prefix: str):
    def tamper(case: Case) -> None:
        extra = case.project_file.parent / "scoring" / f"{prefix}acme-cc-scores-E1.xlsx"
        extra.write_bytes(b"\x00" * 165 if prefix == "~$" else b"\x00\x05\x16\x07" + b"\x00" * 80)
        case.files.append(extra)
        case.paths["extra"] = extra
    return tamper


def _replace_e3(case: Case, name: str, content: bytes | None = None, members: dict | None = None) -> None:
    import zipfile

    extra = case.project_file.parent / name
    if members is not None:
        with zipfile.ZipFile(extra, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            for member, data in members.items():
                archive.writestr(member, data)
    else:
        extra.write_bytes(content)
    case.files[case.files.index(case.paths["E3"])] = extra
    case.paths["extra"] = extra


def _zip_bomb(case: Case) -> None:
    """A 0.2 MB file that would unpack to 120 MB: refused from the zip directory, nothing unpacked."""
    _replace_e3(case, "bomb.xlsx", members={"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\x00" * (120 * 1024 * 1024)})


def _ods(case: Case) -> None:
    _replace_e3(case, "scores-E3.ods", members={"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
                                                "content.xml": b"<office:document-content/>"})


def _xls(case: Case) -> None:
    _replace_e3(case, "scores-E3.xls", content=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


TAMPER = {
    "moved-rows": _move_rows, "renamed-and-reordered-sheets": _rename_and_reorder_sheets,
    "formulas-replaced-by-numbers": _formulas_to_numbers, "deleted-row": _delete_row,
    "cleared-hidden-id": _clear_hidden_id, "changed-visible-id": _changed_visible_id, "score-off-scale": _off_scale,
    "score-not-whole": _fraction, "missing-score": _missing_score, "changed-weight": _changed_weight,
    "invalid-gate": _bad_gate, "invalid-checklist": _bad_checklist, "unknown-vendor": _unknown_vendor,
    "unknown-evaluator": _unknown_evaluator, "same-evaluator-twice": _evaluator_twice,
    "other-projects-sheet": _other_project, "project-changed-since": _project_changed, "not-an-xlsx": _not_xlsx,
    "docx-renamed-xlsx": _docx_as_xlsx, "empty-file": _empty_file, "metadata-sheet-deleted": _metadata_deleted,
    "missing-workbook": _missing_workbook, "zero-price": _zero_price, "text-price": _text_price,
    "duplicated-row": _duplicated_row,
    # issue 13: prices a European keyboard or locale would type, swapped keys, leftovers, other formats, a zip bomb
    "price-dot-thousands": _price_text("V-A", "120.000"), "price-decimal-comma": _price_text("V-A", "120000000,50"),
    "price-exponent-decimal-comma": _price_text("V-C", "1,2e8"), "price-thousand-times-off": _price_text("V-A", 120_000),
    "swapped-hidden-vendor-keys": _swapped_vendor_keys, "protection-removed": _protection_removed,
    "office-lock-file": _leftover("~$"), "macos-resource-fork": _leftover("._"), "zip-bomb": _zip_bomb,
    "ods-workbook": _ods, "xls-workbook": _xls,
}


def _write_project(folder: Path, changes: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "project.yaml"
    path.write_text(dump(project_data(**(changes or {}))), encoding="utf-8")
    return path


def make_case(name: str | None, folder: Path) -> Case:
    """The filled sheets in `folder`, tampered by case `name` (None: left as filled)."""
    project_file = _write_project(folder)
    project = load_project(project_file)
    write_scoring_outputs(project, folder)
    files = fill_all(folder, project)
    paths = {"E1": files[0], "E2": files[1], "E3": files[2], "prices": files[3]}
    case = Case(project_file, list(files), paths)
    for label in ("E1", "E2", "E3"):
        wb = load_workbook(paths[label])
        for vendor, ws in vendor_sheets(wb).items():
            case.rows[(label, vendor)] = rows_by_key(ws)
            case.titles[(label, vendor)] = ws.title
    prices = load_workbook(paths["prices"])["Prices"]
    case.rows[("prices", None)] = rows_by_key(prices)
    if name is not None:
        TAMPER[name](case)
    return case
