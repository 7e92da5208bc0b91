"""Sheets back in: read filled scoring workbooks, by ids, and refuse anything that does not fit.

Only input cells are read (scores, pass/fail, checklist words, prices); formula cells and their
cached values are ignored, since every number is recomputed from the project file. Rows are
found by the keys in the hidden column A, so re-sorted or restyled sheets read the same.

Every problem names the file, the sheet and the cell. All problems of all files are collected
and reported together. Missing entries (a blank score, a vendor sheet or a whole evaluator's
workbook absent, no price) are errors, or warnings with ``allow_incomplete``; everything else
(values off the scale, changed weights or ids, unknown vendors or evaluators, an evaluator twice,
another project's sheet) is always refused.
"""
from __future__ import annotations

import hashlib
import math
import re
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path

from ..errors import ScoreSheetInvalid
from ..project import Project
from ..text import clean, number as shown_number, shorten
from . import filled, model
from .model import Scheme, coverage_from_cell, gate_from_cell, parse_key
from .price import computed_figures


@dataclass(frozen=True)
class SheetProblem:
    file: str
    sheet: str | None
    cell: str | None
    message: str
    severity: str = "error"
    ja: str | None = None  # the message in Japanese, where the reader wrote one
    missing: bool = False  # a blank where a value belongs: tallied anyway when incomplete sheets are allowed
    file_ja: str = ""  # how `file` reads in Japanese, when it is not a file name (the set of files given)
    # What a warning is about, for the documents' own wording of it (rfpgen.scoring.decision.tally_notes):
    # one of WARNING_CODES, and the ids of the vendor, evaluator and item (criterion, mandatory requirement
    # or withheld requirement) it concerns. The message above stays the command line's.
    code: str = ""
    vendor: str | None = None
    evaluator: str | None = None
    item: str | None = None

    def text(self, lang: str = "en") -> str:
        """The message alone (the place is shown beside it), in `lang` where it has that language."""
        return self.ja if lang == "ja" and self.ja else self.message

    def __str__(self) -> str:
        return self.line("en")

    def line(self, lang: str = "en", hint: bool = True) -> str:
        """File, sheet and cell, then the message, in `lang`; `hint`: say how to tally without a missing
        entry (the command-line option; the wizard offers its own choice instead)."""
        ja = lang == "ja"
        place = self.file_ja if ja and self.file_ja else self.file
        if self.sheet:
            place += f"：シート「{self.sheet}」" if ja else f": sheet '{self.sheet}'"
        if self.cell:
            place += f" セル {self.cell}" if ja else f" cell {self.cell}"
        label = ("注意：" if ja else "warning: ") if self.severity == "warning" else ""
        message = self.text(lang)
        if hint and self.missing and self.severity == "error":
            message += INCOMPLETE_HINT[lang if ja else "en"]
        return f"{place}{'：' if ja else ': '}{label}{message}"


# The warnings a tally can carry (a blank tallied under allow_incomplete, or a note on what was read).
WARNING_CODES = ("skipped", "unprotected", "blank_gate", "blank_score", "blank_checklist", "no_vendor_sheet", "no_price",
                 "no_response_form", "no_workbook", "no_price_workbook", "no_presenter_workbook",
                 "presented_before_consensus", "presentation_blank", "presentation_ignored", "agreed_unneeded")

INCOMPLETE_HINT = {"en": " (use --allow-incomplete to tally without it)",
                   "ja": "（--allow-incomplete を付けると、未入力のまま集計できます）"}


@dataclass
class VendorEntry:
    """One evaluator's entries for one vendor, as read (None where left blank)."""

    file: str
    sheet: str
    gates: dict[str, str | None] = field(default_factory=dict)
    scores: dict[str, float | None] = field(default_factory=dict)      # typed criteria only
    checklist: dict[str, str | None] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)


@dataclass
class Sheets:
    """Everything read from the filled workbooks, keyed by evaluator id then vendor id."""

    entries: dict[str, dict[str, VendorEntry]] = field(default_factory=dict)
    prices: dict[str, float | None] = field(default_factory=dict)
    price_file: str | None = None
    files: list[str] = field(default_factory=list)
    warnings: list[SheetProblem] = field(default_factory=list)
    incomplete: bool = False
    presentation: dict[str, dict[str, VendorEntry]] = field(default_factory=dict)   # the second stage's sheets
    presentation_blanks: list[SheetProblem] = field(default_factory=list)  # judged once the ranking says who presents
    allow_incomplete: bool = False
    document_stage: bool = False   # the project has presentations and none was given: the document stage's tally
    agreed: dict[tuple[str, str], tuple[float, str]] = field(default_factory=dict)  # (vendor, criterion) -> score, reason
    agreed_gates: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (vendor, gate) -> pass/fail, reason
    lots: dict[str, int] = field(default_factory=dict)                               # vendor -> order drawn
    consensus_file: str | None = None
    consensus_log: list[dict] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)


# Limits on what is opened at all: a scoring workbook of a large project is a few megabytes unpacked.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 2000


class _BlanksDeferred:
    """A collector for the presentation sheets: who presents is known only once the document stage is
    ranked, so a blank is kept aside (in `blanks`) and judged then (results.compute): missing for a
    vendor who presents, nothing for one who does not. Errors pass on as they are."""

    def __init__(self, collect, blanks: list):
        self._collect, self._blanks = collect, blanks

    def error(self, *args, **kwargs):
        self._collect.error(*args, **kwargs)

    def missing_entry(self, file, sheet, cell, message, ja="", **about):
        self._blanks.append(SheetProblem(file, sheet, cell, message, ja=ja, missing=True, **about))


class _Collector:
    def __init__(self, allow_incomplete: bool):
        self.allow_incomplete = allow_incomplete
        self.problems: list[SheetProblem] = []
        self.missing = False

    def error(self, file, sheet, cell, message, ja=None):
        self.problems.append(SheetProblem(file, sheet, cell, message, ja=ja))

    def missing_entry(self, file, sheet, cell, message, ja="", **about):
        """A blank where a value belongs: refused, or a warning under --allow-incomplete. `about`: the
        warning's code and the ids it concerns (SheetProblem.code, vendor, evaluator, item)."""
        self.missing = True
        severity = "warning" if self.allow_incomplete else "error"
        self.problems.append(SheetProblem(file, sheet, cell, message, severity, ja=ja, missing=True, **about))

    @property
    def errors(self):
        return [p for p in self.problems if p.severity == "error"]


def _same_number(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return False


def parse_score(value, scale_max: int) -> tuple[float | None, bool]:
    """(score, ok): blank gives (None, True); a whole number 0..max gives it; anything else not ok."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, str):
        text = value.strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
        try:
            value = float(text)
        except ValueError:
            return None, False
    if isinstance(value, (int, float)) and float(value).is_integer() and 0 <= value <= scale_max:
        return float(value), True
    return None, False


def is_office_leftover(path: Path) -> bool:
    """Excel's lock file (~$name.xlsx) or macOS's resource fork copy (._name.xlsx): never a workbook."""
    return path.name.startswith(("~$", "._"))


def _refuse_before_reading(path: Path, name: str, collect: _Collector) -> bool:
    """True when the file must not be opened as a workbook: another spreadsheet format, or a zip whose
    unpacked size (read from its directory, nothing unpacked) is far beyond any scoring workbook."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0") or path.suffix.lower() == ".xls":
        collect.error(name, None, None, "this is an old Excel 97-2003 workbook (.xls); open it in Excel or LibreOffice "
                      "and save it as an Excel workbook (.xlsx)",
                      ja="旧形式の Excel 97-2003 ブック（.xls）です。Excel または LibreOffice で開き、Excel ブック（.xlsx）として保存してください")
        return True
    if not zipfile.is_zipfile(path):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if path.suffix.lower() == ".ods" or (archive.NameToInfo.get("mimetype") and b"opendocument" in archive.read("mimetype")[:100]):
                collect.error(name, None, None, "this is an OpenDocument spreadsheet (.ods); save it as an Excel "
                              "workbook (.xlsx) and give that file",
                              ja="OpenDocument 形式の表計算ファイル（.ods）です。Excel ブック（.xlsx）として保存したファイルを指定してください")
                return True
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return False  # reported as not a workbook below
    unpacked = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or unpacked > MAX_UNPACKED_BYTES:
        collect.error(name, None, None, f"refused unread: it would unpack to {unpacked / 1024 / 1024:,.0f} MB in "
                      f"{len(members)} parts, far beyond any scoring workbook (limit {MAX_UNPACKED_BYTES // 1024 // 1024} MB); "
                      "give the workbook rfpgen generated",
                      ja=f"展開すると {len(members)} 個の部品で {unpacked / 1024 / 1024:,.0f} MB になるため、読まずに拒否しました"
                         f"（上限 {MAX_UNPACKED_BYTES // 1024 // 1024} MB）。rfpgen が作成したブックを指定してください")
        return True
    return False


_PLAIN = re.compile(r"\d+(\.\d+)?([eE][+-]?\d+)?")
_GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_DOT_THOUSANDS = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?")
_DECIMAL_COMMA = re.compile(r"\d+,\d+([eE][+-]?\d+)?")


def parse_price_text(text: str) -> tuple[float | None, str | None]:
    """A price typed as text, read only when it cannot mean two things: 120000000, 120,000,000,
    120,000,000.50, 1.2e8 and full-width digits are read; 120.000 (a hundred and twenty, or a
    European hundred and twenty thousand?), 120000000,50 and 1,2e8 (decimal commas) are refused
    with what to type instead. Returns (number, None) or (None, (why refused in English, in Japanese))."""
    cleaned = text.strip().translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
    cleaned = re.sub(r"^(¥|￥|JPY|円)|(円|JPY|yen)$", "", cleaned, flags=re.IGNORECASE).strip().replace(" ", "")
    if _PLAIN.fullmatch(cleaned) and not re.fullmatch(r"\d{1,3}\.\d{3}", cleaned):
        return float(cleaned), None
    if _GROUPED.fullmatch(cleaned):
        return float(cleaned.replace(",", "")), None
    if _DOT_THOUSANDS.fullmatch(cleaned) or _DECIMAL_COMMA.fullmatch(cleaned):
        return None, ("is ambiguous: a dot or comma here may separate thousands or decimals. Type the price as a "
                      "number in the cell (e.g. 120000000 or 120000000.5), or with commas for thousands and a dot for "
                      "decimals (120,000,000.50)",
                      "は、点やコンマが桁区切りか小数点か決められません。セルに数値で入力するか（例: 120000000、120000000.5）、"
                      "桁区切りにコンマ、小数点に点を使って入力してください（120,000,000.50）")
    return None, ("is not a price (expected a number greater than 0)", "は価格ではありません（0より大きい数値を入力してください）")


def open_workbook(path: Path, collect: _Collector):
    name = str(path)
    if not path.is_file():
        collect.error(name, None, None, "file not found", ja="ファイルが見つかりません")
        return None
    try:
        if _refuse_before_reading(path, name, collect):
            return None
    except OSError as exc:
        collect.error(name, None, None, f"cannot be read ({exc.strerror or type(exc).__name__})",
                      ja=f"読み込めません（{exc.strerror or type(exc).__name__}）")
        return None
    try:
        return filled.Workbook(path)
    except filled.Unreadable:  # what the reader library calls its failure (CalamineError) tells a user nothing
        collect.error(name, None, None, "not an Excel workbook rfpgen can read: give the .xlsx workbook rfpgen wrote, "
                      "filled in and saved again as .xlsx", ja="rfpgen が読める Excel ブックではありません。rfpgen が作成した"
                      "ブックに記入し、.xlsx 形式で保存したものを指定してください")
        return None


def read_meta(wb, name: str, collect: _Collector) -> dict | None:
    title = next((t for t in model.META_SHEETS if t in wb.sheetnames), None)
    if title is None:
        collect.error(name, None, None, "not a scoring workbook generated by rfpgen (its hidden "
                      f"'{model.META_SHEET}' sheet is missing); use the sheets written by `rfpgen build`",
                      ja=f"rfpgen が作成したブックではありません（非表示の「{model.META_SHEET}」シートがありません）。"
                         "`rfpgen build` が作成したファイルを使ってください")
        return None
    ws = wb[title]
    meta, cells = {}, {}
    for row in ws.iter_rows(min_col=1, max_col=2):
        if row[0].value is not None:
            meta[str(row[0].value)] = row[1].value
            cells[str(row[0].value)] = row[1].coordinate
    meta["_cells"] = cells
    if meta.get("format") not in model.FORMATS:
        collect.error(name, model.META_SHEET, cells.get("format", "A1"),
                      f"unknown scoring-sheet format {meta.get('format')!r} (expected {model.FORMAT})",
                      ja=f"ブックの形式 {meta.get('format')!r} が不明です（想定: {model.FORMAT}）")
        return None
    return meta


def rows_by_key(ws) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if isinstance(cell.value, str) and "=" in cell.value:
            found.setdefault(cell.value.strip(), []).append(cell.row)
    return found


def _vendor_sheet(ws, name: str, vendor_id: str, evaluator_id: str, scheme: Scheme, collect: _Collector,
                  rows: dict[str, list[int]], deferred: list | None = None) -> VendorEntry:
    title = ws.title
    entry = VendorEntry(name, title)
    vendor_key = next(k for k, v in scheme.vendor_by_key().items() if v["id"] == vendor_id)
    if deferred is not None:  # presentation sheets: only the vendors who go through are scored
        collect = _BlanksDeferred(collect, deferred)
    smax = scheme.scale_max
    computed = scheme.computed_ids()

    for found_key, at in rows.items():
        if len(at) > 1:
            collect.error(name, title, f"A{at[1]}", f"the row for '{found_key}' appears more than once (rows {', '.join(map(str, at))})",
                          f"「{found_key}」の行が複数あります（{'、'.join(map(str, at))}行目）")
    known = ({model.key("vendor", vendor_key), model.key("evaluator", evaluator_id), model.key("total", "quality"),
              model.key("overall", "comment")}
             | {model.key("gate", g["id"]) for g in scheme.gates()}
             | {model.key("criterion", c["id"]) for c in scheme.weighted()}
             | {model.key("withheld", r.id) for r in scheme.checklist()})
    if scheme.checklist():
        known.add(model.key("coverage", scheme.unstated()["id"]))
    for found_key, at in rows.items():
        if found_key in known or found_key.startswith("evaluator="):
            continue  # a foreign evaluator row is reported by the workbook check
        kind, ident = parse_key(found_key)
        what = {"gate": "mandatory requirement", "criterion": "criterion", "withheld": "requirement left out of the RFP",
                "evaluator": "evaluator", "vendor": "vendor"}.get(kind, "item")
        what_ja = {"gate": "必須項目", "criterion": "評価項目", "withheld": "RFPに記載しない要件", "evaluator": "評価者",
                   "vendor": "提案者"}.get(kind, "項目")
        collect.error(name, title, f"A{at[0]}", f"unknown {what} ID '{ident}': the project file has no such {what} "
                      "(was an ID changed?)",
                      f"{what_ja}のID「{ident}」は案件ファイルにありません（IDが変更されていませんか）")

    if not any(k.startswith("evaluator=") for k in rows):
        collect.error(name, title, None, "the evaluator row of this sheet is missing", "このシートの評価者の行がありません")

    def check_id(row: int, ident: str):
        shown = ws[f"B{row}"].value
        if str(shown).strip() != ident:
            collect.error(name, title, f"B{row}", f"the ID was changed to '{shorten(shown_number(shown))}'; the sheet was generated "
                          f"with '{ident}' (IDs must not be edited)",
                          f"IDが「{shorten(shown_number(shown))}」に変更されています。作成時のIDは「{ident}」です（IDは変更できません）")

    def row_of(kind: str, ident: str, missing: str, missing_ja: str) -> int | None:
        """The row holding `ident` wherever it was moved, its visible id checked; None (refused) if gone."""
        at = rows.get(model.key(kind, ident))
        if not at:
            collect.error(name, title, None, missing, missing_ja)
            return None
        check_id(at[0], ident)
        return at[0]

    def check_weight(row: int, expected, what: str, what_ja: str):
        value = ws[f"D{row}"].value
        if not _same_number(value, expected):
            collect.error(name, title, f"D{row}", f"the weight of {what} is {shorten(shown_number(value))} in the sheet but "
                          f"{shorten(shown_number(float(expected)))} in the project file (weights must not be edited; if the project "
                          "changed, regenerate the sheets)",
                          f"{what_ja}の配点が、シートでは{shorten(shown_number(value))}、案件ファイルでは"
                          f"{shorten(shown_number(float(expected)))}です（配点は変更できません。案件を変更した場合はシートを作り直してください）")

    for gate in scheme.gates():
        row = row_of("gate", gate["id"], f"the row of mandatory requirement '{gate['id']}' is missing",
                     f"必須項目「{gate['id']}」の行がありません")
        if row is None:
            continue
        value = ws[f"E{row}"].value
        if value is None or (isinstance(value, str) and not value.strip()):
            entry.gates[gate["id"]] = None
            collect.missing_entry(name, title, f"E{row}", f"no pass/fail result for mandatory requirement '{gate['id']}'",
                                  f"必須項目「{gate['id']}」の適合・不適合が未入力です", code="blank_gate", vendor=vendor_id,
                                  evaluator=evaluator_id, item=gate["id"])
        else:
            verdict = gate_from_cell(value)
            if verdict is None:
                collect.error(name, title, f"E{row}", f"'{shorten(shown_number(value))}' is not a pass/fail result for '{gate['id']}' "
                              "(expected 適合 / 不適合 or Pass / Fail)",
                              f"「{shorten(shown_number(value))}」は「{gate['id']}」の判定ではありません（適合・不適合、または Pass・Fail）")
            entry.gates[gate["id"]] = verdict
        _comment(ws, row, entry, gate["id"])

    for criterion in scheme.weighted():
        row = row_of("criterion", criterion["id"], f"the row of criterion '{criterion['id']}' is missing",
                     f"評価項目「{criterion['id']}」の行がありません")
        if row is None:
            continue
        check_weight(row, criterion["weight"], f"criterion '{criterion['id']}'", f"評価項目「{criterion['id']}」")
        _comment(ws, row, entry, criterion["id"])
        if criterion["id"] in computed:
            continue  # computed from the checklist below; whatever the cell holds is not used
        value = ws[f"E{row}"].value
        score, ok = parse_score(value, smax)
        if not ok:
            collect.error(name, title, f"E{row}", f"'{shorten(shown_number(value))}' is not a score for criterion '{criterion['id']}': "
                          f"expected a whole number from 0 to {smax}",
                          f"「{shorten(shown_number(value))}」は評価項目「{criterion['id']}」の評点ではありません。0〜{smax}の整数を入力してください")
        elif score is None:
            collect.missing_entry(name, title, f"E{row}", f"no score for criterion '{criterion['id']}'",
                                  f"評価項目「{criterion['id']}」の評点が未入力です", code="blank_score", vendor=vendor_id,
                                  evaluator=evaluator_id, item=criterion["id"])
        entry.scores[criterion["id"]] = score

    for requirement in scheme.checklist():
        row = row_of("withheld", requirement.id,
                     f"the checklist row of requirement '{requirement.id}' (left out of the RFP) is missing",
                     f"RFPに記載しない要件「{requirement.id}」のチェックリストの行がありません")
        if row is None:
            continue
        check_weight(row, model.requirement_weight(requirement), f"requirement '{requirement.id}' (left out of the RFP)",
                     f"RFPに記載しない要件「{requirement.id}」")
        value = ws[f"E{row}"].value
        if value is None or (isinstance(value, str) and not value.strip()):
            entry.checklist[requirement.id] = None
            collect.missing_entry(name, title, f"E{row}", f"no checklist entry for requirement '{requirement.id}' (left out of the RFP)",
                                  f"RFPに記載しない要件「{requirement.id}」の記載状況が未入力です", code="blank_checklist",
                                  vendor=vendor_id, evaluator=evaluator_id, item=requirement.id)
        else:
            status = coverage_from_cell(value)
            if status is None:
                collect.error(name, title, f"E{row}", f"'{shorten(shown_number(value))}' is not a checklist value for '{requirement.id}' "
                              "(expected 記載なし / 言及あり / 具体的な提案あり or Absent / Mentioned / Concrete)",
                              f"「{shorten(shown_number(value))}」は「{requirement.id}」の記載状況ではありません"
                              "（記載なし・言及あり・具体的な提案あり、または Absent・Mentioned・Concrete）")
            entry.checklist[requirement.id] = status
        _comment(ws, row, entry, requirement.id)
    overall = rows.get(model.key("overall", "comment"))  # absent from workbooks written before it
    if overall:
        _comment(ws, overall[0], entry, "overall", "C")  # the writing cell spans C:H
    return entry


def _comment(ws, row: int, entry: VendorEntry, ident: str, col: str = "H") -> None:
    value = ws[f"{col}{row}"].value
    if value is not None and str(value).strip():
        entry.comments[ident] = str(value).strip()


def _check_vendor_shown(ws, name: str, vendor: dict, scheme: Scheme, titles: dict[str, str], collect: _Collector) -> bool:
    """The hidden vendor key must agree with what the evaluator saw: the title line (B1) names the
    vendor (or its blind alias), and the tab is not another vendor's. Swapped keys are refused."""
    shown = {v["id"]: scheme.shown_name(v) for v in scheme.vendors()}
    title_line = str(ws["B1"].value or "")
    # the title holds the name as printed: cleaned of control characters, trailing spaces gone
    named = [vid for vid, label in shown.items() if title_line.rstrip().endswith(clean(label).rstrip())]
    if vendor["id"] not in named:
        other = next((vid for vid in named if vid != vendor["id"]), None)
        collect.error(name, ws.title, "B1",
                      (f"the sheet's title names '{shown[other]}' but its hidden key is for '{shown[vendor['id']]}' "
                       "(were hidden keys swapped or rows copied between sheets?)") if other else
                      f"the sheet's title '{shorten(title_line)}' does not name '{shown[vendor['id']]}', whose hidden key it "
                      "carries (the title was edited, or the sheet was copied from elsewhere)",
                      (f"シートの表題は「{shown[other]}」ですが、非表示のキーは「{shown[vendor['id']]}」のものです"
                       "（キーが入れ替わったか、シート間で行が複写されていませんか）") if other else
                      f"シートの表題「{shorten(title_line)}」に、非表示のキーが示す「{shown[vendor['id']]}」の名前がありません"
                      "（表題が編集されたか、別のファイルからシートが複写されています）")
        return False
    other_tab = next((vid for vid, tab in titles.items() if vid != vendor["id"] and tab == ws.title), None)
    if other_tab is not None:
        collect.error(name, ws.title, None, f"this tab is named for '{shown[other_tab]}' but its hidden key is for "
                      f"'{shown[vendor['id']]}' (were hidden keys swapped?)",
                      f"このシート名は「{shown[other_tab]}」のものですが、非表示のキーは「{shown[vendor['id']]}」のものです"
                      "（キーが入れ替わっていませんか）")
        return False
    return True


def _alias_on_presentation_sheet(scheme: Scheme, ident: str) -> str | None:
    """The blind alias (提案者A, Vendor A) a presentation sheet's key `ident` stands for, as presentation
    workbooks were written before they named the vendors; None for any other key."""
    documents = Scheme(scheme.project)
    vendor = documents.vendor_by_key().get(ident) if documents.blind else None
    return documents.shown_name(vendor) if vendor and isinstance(scheme, model.PresentationScheme) else None


def _evaluator_workbook(wb, name: str, meta: dict, scheme: Scheme, collect: _Collector, target: dict,
                        seen_evaluators: dict[str, str], deferred: list | None = None) -> None:
    cells = meta["_cells"]
    evaluator_id = str(meta.get("evaluator_id") or "")
    evaluators = {e["id"]: e for e in scheme.evaluators()}
    if evaluator_id not in evaluators:
        collect.error(name, model.META_SHEET, cells.get("evaluator_id"),
                      f"this workbook is for evaluator '{evaluator_id}', who is not an evaluator of the project "
                      f"(known: {', '.join(evaluators) or 'none'})",
                      f"このブックは評価者「{evaluator_id}」のものですが、この案件の評価者ではありません"
                      f"（評価者: {'、'.join(evaluators) or 'なし'}）")
        return
    if evaluator_id in seen_evaluators:
        collect.error(name, model.META_SHEET, cells.get("evaluator_id"),
                      f"evaluator '{evaluator_id}' is given twice: this file and {seen_evaluators[evaluator_id]}",
                      f"評価者「{evaluator_id}」のブックが2つあります（このファイルと {seen_evaluators[evaluator_id]}）")
        return
    seen_evaluators[evaluator_id] = name
    by_key = scheme.vendor_by_key()
    titles = {by_key[k.partition("=")[2]]["id"]: str(v) for k, v in meta.items()
              if isinstance(k, str) and k.startswith("sheet=") and k.partition("=")[2] in by_key}
    entries: dict[str, VendorEntry] = {}
    refused: set[str] = set()   # sheets refused as a whole: not also reported as missing
    for ws in wb.worksheets:
        if ws.title in model.META_SHEETS:
            continue
        rows = rows_by_key(ws)
        vendor_keys = [k for k in rows if k.startswith("vendor=")]
        if not vendor_keys:
            continue
        ident = parse_key(vendor_keys[0])[1]
        cell = f"A{rows[vendor_keys[0]][0]}"
        if len(vendor_keys) > 1:
            collect.error(name, ws.title, cell, "the sheet names more than one bidder", "1つのシートに複数の提案者が記載されています")
            continue
        alias = None if ident in by_key else _alias_on_presentation_sheet(scheme, ident)
        if alias:
            collect.error(name, ws.title, cell, f"this presentation sheet names the bidder by its alias '{alias}': presentations "
                          "are scored by name, since the panel meets the presenters; take the presentation workbooks the "
                          "document stage's tally wrote (`rfpgen score -o DIR`: DIR/presentations/) and copy the scores "
                          "onto the sheet named for the bidder",
                          f"このプレゼンテーション評価シートは、提案者を評価上の名称「{alias}」で示しています。プレゼンテーションは"
                          "評価者が提案者と対面するため、提案者名で評価します。書類審査の集計（`rfpgen score -o DIR`）が DIR/presentations/ に"
                          "作成したプレゼンテーション評価シートを使い、評点を提案者名のシートに写してください")
            continue
        if ident not in by_key:
            collect.error(name, ws.title, cell, f"sheet for bidder '{ident}', who is not a bidder of the project "
                          f"(known: {', '.join(sorted(by_key))})",
                          f"提案者「{ident}」のシートですが、この案件の提案者ではありません（提案者: {'、'.join(sorted(by_key))}）")
            continue
        vendor = by_key[ident]
        vendor_id = vendor["id"]
        if vendor_id in entries:
            collect.error(name, ws.title, cell, f"bidder '{ident}' has a second sheet here (first: '{entries[vendor_id].sheet}')",
                          f"提案者「{ident}」のシートが2つあります（1つ目: 「{entries[vendor_id].sheet}」）")
            continue
        if not _check_vendor_shown(ws, name, vendor, scheme, titles, collect):
            refused.add(vendor_id)
            continue
        if not ws.protection.sheet:
            collect.problems.append(SheetProblem(name, ws.title, None, "the sheet's protection was removed: check that "
                                                 "no ID, weight or hidden key was edited", "warning",
                                                 ja="シートの保護が解除されています。ID、配点、非表示のキーが編集されていないか確認してください",
                                                 code="unprotected", vendor=vendor_id, evaluator=evaluator_id))
        for found_key, at in rows.items():
            if found_key.startswith("evaluator=") and found_key != model.key("evaluator", evaluator_id):
                collect.error(name, ws.title, f"A{at[0]}", f"this sheet belongs to evaluator '{parse_key(found_key)[1]}', "
                              f"but the workbook is evaluator '{evaluator_id}''s",
                              f"このシートは評価者「{parse_key(found_key)[1]}」のものですが、ブックは評価者「{evaluator_id}」のものです")
        entries[vendor_id] = _vendor_sheet(ws, name, vendor_id, evaluator_id, scheme, collect, rows, deferred)
    missing = collect if deferred is None else _BlanksDeferred(collect, deferred)
    for vendor in scheme.vendors():
        if vendor["id"] not in entries and vendor["id"] not in refused:
            missing.missing_entry(name, None, None, f"no sheet for bidder '{scheme.vendor_key(vendor)}' ({scheme.shown_name(vendor)})",
                                  f"提案者「{scheme.vendor_key(vendor)}」（{scheme.shown_name(vendor)}）のシートがありません",
                                  code="no_vendor_sheet", vendor=vendor["id"], evaluator=evaluator_id)
    target[evaluator_id] = entries


def _price_workbook(wb, name: str, meta: dict, scheme: Scheme, collect: _Collector, sheets: Sheets) -> None:
    if sheets.price_file is not None:
        collect.error(name, model.META_SHEET, meta["_cells"].get("kind"),
                      f"a second price workbook (the first is {sheets.price_file}); give one",
                      f"価格評価シートが2つあります（1つ目: {RESPONSE_FORMS[1] if sheets.price_file == RESPONSE_FORMS[0] else sheets.price_file}）。"
                      "1つだけ指定してください")
        return
    sheets.price_file = name
    vendors = {v["id"]: v for v in scheme.vendors()}
    found: dict[str, float | None] = {}
    for ws in wb.worksheets:
        if ws.title in model.META_SHEETS:
            continue
        for found_key, at in rows_by_key(ws).items():
            kind, vendor_id = parse_key(found_key)
            if kind != "price":
                continue
            row = at[0]
            if vendor_id not in vendors:
                collect.error(name, ws.title, f"A{row}", f"price for bidder '{vendor_id}', who is not a bidder of the project",
                              f"提案者「{vendor_id}」の価格ですが、この案件の提案者ではありません")
                continue
            if str(ws[f"B{row}"].value).strip() != vendor_id:
                collect.error(name, ws.title, f"B{row}", f"the bidder ID was changed to '{shorten(shown_number(ws[f'B{row}'].value))}'; "
                              f"the sheet was generated with '{vendor_id}'",
                              f"提案者IDが「{shorten(shown_number(ws[f'B{row}'].value))}」に変更されています。作成時のIDは「{vendor_id}」です")
            if vendor_id in found or len(at) > 1:
                collect.error(name, ws.title, f"A{at[-1]}", f"bidder '{vendor_id}' has more than one price row",
                              f"提案者「{vendor_id}」の価格の行が複数あります")
                continue
            value = ws[f"D{row}"].value
            if value is None or (isinstance(value, str) and not value.strip()):
                found[vendor_id] = None
                collect.missing_entry(name, ws.title, f"D{row}", f"no price for bidder '{vendor_id}'; its "
                                      f"{computed_figures(scheme.evaluation, 'en')} cannot be computed",
                                      f"提案者「{vendor_id}」の価格が未入力です。{computed_figures(scheme.evaluation, 'ja')}を算出できません",
                                      code="no_price", vendor=vendor_id)
                continue
            number = value
            if isinstance(value, str):
                number, problem = parse_price_text(value)
                if problem:
                    collect.error(name, ws.title, f"D{row}", f"'{shorten(shown_number(value))}' {problem[0]}",
                                  f"「{shorten(shown_number(value))}」{problem[1]}")
                    found[vendor_id] = None
                    continue
            if isinstance(number, bool) or not isinstance(number, (int, float)) or not math.isfinite(number):
                collect.error(name, ws.title, f"D{row}", f"'{shorten(shown_number(value))}' is not a price (expected a number greater than 0)",
                              f"「{shorten(shown_number(value))}」は価格ではありません（0より大きい数値を入力してください）")
                found[vendor_id] = None  # refused above; not also "missing" below
                continue
            if number <= 0:
                collect.error(name, ws.title, f"D{row}", f"the price of bidder '{vendor_id}' is {shorten(shown_number(number))}: a price "
                              "must be greater than 0 (a zero or negative bid cannot be scored)",
                              f"提案者「{vendor_id}」の価格が{shorten(shown_number(number))}です。価格は0より大きい数値にしてください"
                              "（0以下の価格は評価できません）")
                found[vendor_id] = None
                continue
            found[vendor_id] = float(number)
    for vendor_id in vendors:
        if vendor_id not in found:
            collect.missing_entry(name, None, None, f"no price row for bidder '{vendor_id}'",
                                  f"提案者「{vendor_id}」の価格の行がありません", code="no_price", vendor=vendor_id)
            found[vendor_id] = None
    sheets.prices = found


def _audit_entry(path: Path, meta: dict | None) -> dict:
    """Which file was read, when, and its SHA-256, so the results can show exactly what they rest on."""
    raw = path.read_bytes()
    return {"file": str(path), "kind": (meta or {}).get("kind") or "", "evaluator": (meta or {}).get("evaluator_id") or "",
            "read_at": datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
            "modified": datetime.fromtimestamp(path.stat().st_mtime, timezone.utc).astimezone().isoformat(timespec="seconds"),
            "sha256": hashlib.sha256(raw).hexdigest()}


COMMAND_LINE = ("(command line)", "（指定したファイル）")  # where a problem of the whole set of files is reported
RESPONSE_FORMS = ("the response forms", "提案回答書")  # the price source when the bidders' forms are given


def _read_file(path: Path, project: Project, collect: _Collector, sheets: Sheets, seen_evaluators: dict[str, str],
               seen_presenters: dict[str, str]) -> dict | None:
    """Read one workbook into `sheets`, every problem into `collect`; its hidden metadata (None when it
    is not a scoring workbook of this project)."""
    from .consensus import read_consensus

    scheme = Scheme(project)
    stage = model.PresentationScheme(project)
    name = str(path)
    wb = open_workbook(Path(path), collect)
    if wb is None:
        return None
    meta = read_meta(wb, name, collect)
    if meta is None:
        return None
    cells = meta["_cells"]
    if meta.get("project_id") != project.id:
        collect.error(name, model.META_SHEET, cells.get("project_id"),
                      f"this sheet belongs to project '{meta.get('project_id')}', not to '{project.id}'",
                      f"このシートは案件「{meta.get('project_id')}」のもので、案件「{project.id}」のものではありません")
        return None
    kind = meta.get("kind")
    expected = stage.checksum() if kind == model.KIND_PRESENTATION else scheme.checksum()
    if meta.get("checksum") != expected:
        collect.error(name, model.META_SHEET, cells.get("checksum"),
                      "the sheet was generated from a different version of the project file (scale, criteria, "
                      "weights or the requirements left out of the RFP differ); regenerate the sheets with `rfpgen build --only "
                      "scoring`, or score with the project file they were made from",
                      "このシートは、別の版の案件ファイルから作成されています（尺度、評価項目、配点、RFPに記載しない要件のいずれかが"
                      "異なります）。現在の版で文書を作成し直してシートを配り直すか、シートを作成した版の案件ファイルで集計してください")
    sheets.audit.append(_audit_entry(Path(path), meta))
    if kind == model.KIND_EVALUATOR:
        _evaluator_workbook(wb, name, meta, scheme, collect, sheets.entries, seen_evaluators)
    elif kind == model.KIND_PRESENTATION and stage.weighted():
        _evaluator_workbook(wb, name, meta, stage, collect, sheets.presentation, seen_presenters,
                            deferred=sheets.presentation_blanks)
    elif kind == model.KIND_PRICES:
        _price_workbook(wb, name, meta, scheme, collect, sheets)
    elif kind == model.KIND_CONSENSUS:
        if sheets.consensus_file is not None:
            collect.error(name, model.META_SHEET, cells.get("kind"),
                          f"a second consensus workbook (the first is {sheets.consensus_file}); give one",
                          f"合議結果のブックが2つあります（1つ目: {sheets.consensus_file}）。1つだけ指定してください")
            return meta
        sheets.consensus_file = name
        read_consensus(wb, name, scheme, collect, sheets)
    elif kind == "response":  # rfpgen.responses.form.KIND: the command line sorts these out before reading
        collect.error(name, model.META_SHEET, cells.get("kind"), "this is a bidder's response form, not a scoring "
                      "workbook: give it with the bidders' responses", "提案者の提案回答書で、評価シートではありません。"
                      "提案者の回答として指定してください")
    else:
        collect.error(name, model.META_SHEET, cells.get("kind"), f"unknown workbook kind {kind!r}",
                      f"ブックの種類 {kind!r} に対応していません")
    return meta


def read_sheets(project: Project, files: list[Path], allow_incomplete: bool = False,
                prices: dict[str, float | None] | None = None, source: tuple[str, str] = COMMAND_LINE) -> Sheets:
    """Read every filled workbook; raise ScoreSheetInvalid listing every problem, or return Sheets
    (with warnings for what was missing when `allow_incomplete`). `prices`: the normalised costs
    of the vendors' response forms, which then take the place of the price workbook. Scores the
    consensus meeting agreed come from the project file (evaluation.consensus) and from a consensus
    workbook among the files. `source` (en, ja) names the set of files where a problem is about all
    of them (a workbook missing)."""
    from .consensus import read_project_consensus

    scheme = Scheme(project)
    stage = model.PresentationScheme(project)
    collect = _Collector(allow_incomplete)
    given, given_ja = source
    skipped = [Path(f) for f in files if is_office_leftover(Path(f))]
    files = [Path(f) for f in files if not is_office_leftover(Path(f))]
    sheets = Sheets(files=[str(f) for f in files], allow_incomplete=allow_incomplete)
    for path in skipped:
        collect.problems.append(SheetProblem(str(path), None, None, "skipped: an Office lock file or a macOS '._' copy, "
                                             "not a workbook", "warning",
                                             ja="読み飛ばしました: Office のロックファイルか macOS の「._」ファイルで、ブックではありません",
                                             code="skipped"))
    seen_evaluators: dict[str, str] = {}
    seen_presenters: dict[str, str] = {}
    if not scheme.vendors():
        raise ScoreSheetInvalid([SheetProblem(str(project.path or "<project>"), None, None,
                                              "the project lists no bidders (evaluation.vendors): nothing to score",
                                              ja="案件に提案者（evaluation.vendors）がないため、評価する対象がありません")])
    if prices is not None:  # vendor responses (rfpgen.responses): prices from the response forms
        sheets.price_file = RESPONSE_FORMS[0]
        sheets.prices = {v["id"]: prices.get(v["id"]) for v in scheme.vendors()}
        for vendor in scheme.vendors():
            if vendor["id"] not in prices:
                collect.missing_entry(given, None, None, f"no response form for bidder '{vendor['id']}' "
                                      f"({vendor['name']}); its {computed_figures(scheme.evaluation, 'en')} cannot be computed",
                                      f"提案者「{vendor['id']}」（{vendor['name']}）の提案回答書がありません。"
                                      f"{computed_figures(scheme.evaluation, 'ja')}を算出できません",
                                      code="no_response_form", vendor=vendor["id"])
    read_project_consensus(project, scheme, sheets)
    for path in files:
        _read_file(Path(path), project, collect, sheets, seen_evaluators, seen_presenters)

    folder_hint = "scoring/{file}"
    for evaluator in scheme.evaluators():
        if evaluator["id"] not in seen_evaluators:
            expected = folder_hint.format(file=model.evaluator_workbook_name(project.id, evaluator["id"]))
            collect.missing_entry(given, None, None,
                                  f"no workbook for evaluator '{evaluator['id']}' ({evaluator['name']}), expected {expected}",
                                  f"評価者「{evaluator['id']}」（{evaluator['name']}）の評価シート（{expected}）がありません",
                                  code="no_workbook", evaluator=evaluator["id"])
    if sheets.price_file is None:
        expected = folder_hint.format(file=f"{model.PROCUREMENT_FOLDER}/{model.price_workbook_name(project.id)}")
        collect.missing_entry(given, None, None,
                              f"no price workbook given ({expected}); no bidder's {computed_figures(scheme.evaluation, 'en')} "
                              "can be computed",
                              f"価格評価シート（{expected}）がありません。どの提案者にも{computed_figures(scheme.evaluation, 'ja')}を算出できません",
                              code="no_price_workbook")
        sheets.prices = {v["id"]: None for v in scheme.vendors()}
    for evaluator in scheme.evaluators() if stage.weighted() and seen_presenters else ():
        if evaluator["id"] in seen_evaluators and evaluator["id"] not in seen_presenters:  # missing if anyone presents
            expected = folder_hint.format(file=model.presentation_workbook_name(project.id, evaluator["id"]))
            sheets.presentation_blanks.append(SheetProblem(
                given, None, None, f"no presentation workbook for evaluator '{evaluator['id']}' ({evaluator['name']}), "
                f"expected {expected}", ja=f"評価者「{evaluator['id']}」（{evaluator['name']}）のプレゼンテーション審査の"
                f"評価シート（{expected}）がありません", missing=True, code="no_presenter_workbook",
                evaluator=evaluator["id"]))
    # no presentation workbook at all: the document stage is tallied on its own, its result the shortlist
    sheets.document_stage = bool(stage.weighted()) and not seen_presenters
    if not collect.errors and not seen_evaluators:
        collect.error(given, None, None, "no evaluator workbook given: there are no quality scores to tally",
                      "評価者の評価シートがないため、集計する品質の評点がありません")
    collect.problems = [replace(p, file_ja=given_ja) if p.file == given else p for p in collect.problems]
    if collect.errors:
        raise ScoreSheetInvalid(collect.problems)
    sheets.warnings = [p for p in collect.problems if p.severity == "warning"]
    sheets.incomplete = collect.missing
    return sheets


@dataclass
class Inspection:
    """One workbook read on its own, as it arrives: what it is, whose, how complete, and its problems.

    `vendors` maps each vendor id to the entries left blank on its sheet (0: complete), or None when
    the workbook has no sheet for that vendor; for the price workbook, 0 or 1 (price given or not);
    for a presentation workbook, the blanks among the vendors scored (the others are not presented)."""

    file: str
    kind: str | None = None
    evaluator: str | None = None
    vendors: dict[str, int | None] = field(default_factory=dict)
    agreed: int = 0  # consensus workbook: the scores and lots it records
    problems: list[SheetProblem] = field(default_factory=list)

    @property
    def errors(self) -> list[SheetProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def refused(self) -> bool:
        return bool(self.errors) or self.kind is None


def _blanks(entry: VendorEntry) -> int:
    return sum(value is None for part in (entry.gates, entry.scores, entry.checklist) for value in part.values())


def inspect_workbook(project: Project, path: Path, name: str | None = None) -> Inspection:
    """Read one filled workbook as `read_sheets` would read it among the others, and say what it is
    and how complete: every refusal names this file (as `name`, default the path), sheet and cell;
    blanks are listed as warnings, since the other workbooks may arrive later."""
    path = Path(path)
    name = name or str(path)
    found = Inspection(name)
    if is_office_leftover(Path(Path(name).name)):
        found.problems.append(SheetProblem(name, None, None, "an Office lock file or a macOS '._' copy, not a workbook",
                                           ja="Office のロックファイルか macOS の「._」ファイルで、ブックではありません"))
        return found
    collect = _Collector(allow_incomplete=True)
    sheets = Sheets(files=[name])
    seen_evaluators: dict[str, str] = {}
    seen_presenters: dict[str, str] = {}
    meta = _read_file(path, project, collect, sheets, seen_evaluators, seen_presenters)
    found.problems = [replace(p, file=name) if p.file == str(path) else p for p in collect.problems]
    if meta is None:
        return found
    kind = meta.get("kind")
    found.kind = kind if kind in (model.KIND_EVALUATOR, model.KIND_PRESENTATION, model.KIND_PRICES,
                                  model.KIND_CONSENSUS) else None
    scheme = Scheme(project)
    vendors = [v["id"] for v in scheme.vendors()]
    if kind in (model.KIND_EVALUATOR, model.KIND_PRESENTATION):
        found.evaluator = str(meta.get("evaluator_id") or "")
        entries = (sheets.entries if kind == model.KIND_EVALUATOR else sheets.presentation).get(found.evaluator, {})
        found.vendors = {vid: _blanks(entries[vid]) if vid in entries else None for vid in vendors}
    elif kind == model.KIND_PRICES:
        found.vendors = {vid: int(sheets.prices.get(vid) is None) for vid in vendors}
    elif kind == model.KIND_CONSENSUS:
        found.agreed = len(sheets.consensus_log)
    return found
