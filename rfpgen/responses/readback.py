"""Filled response forms back in: read by keys, refuse what cannot be trusted, note what screening checks.

Refused (the whole run, every problem listed with file, sheet and cell, as for scoring workbooks):
a file that is not an rfpgen response form, a form of another project or RFP version, ids or keys
changed, a vendor that is not in the project or answers twice, and inputs off their validation
(a rate or FTE that is not a number or is negative, an answer not in the dropdown, no rate where
one is needed). Recorded as screening findings (the project decides which disqualify): must
requirements answered "cannot", unanswered or without a page reference; other unanswered rows;
an offer valid for less than the RFP asks.
"""
from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name

from ..documents.parts import rfp_numbering
from ..errors import RfpgenError
from ..project import Project
from ..scoring import model as keys
from ..scoring.readback import SheetProblem, open_workbook, read_meta, rows_by_key
from ..text import number as shown_number
from ..text import shorten
from . import rates
from .dropdowns import answer_from_cell, model_from_cell
from .form import KEY_ROW, KIND, PROGRAM_ID_COL, blind, checksum, initial_cost_items, minimum_validity


class ResponseFormInvalid(RfpgenError):
    """Filled response forms that cannot be analysed; lists every problem found."""

    def __init__(self, problems: list[SheetProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems)
                         + "\nAsk the bidder for a corrected form (the one sent with this RFP version) and run again.",
                         "\n".join(p.line("ja") for p in problems)
                         + "\nこのRFPの版とともに送付した様式で記入し直すよう提案者に依頼し、もう一度実行してください。")


@dataclass(frozen=True)
class Finding:
    """Something screening checks (形式審査), with its place in the form."""

    kind: str       # must_cannot, must_unanswered, must_without_page, unanswered, offer_validity_short
    file: str
    sheet: str
    cell: str
    message: str
    ja: str | None = None  # the message in Japanese

    def text(self, lang: str = "en") -> str:
        return self.ja if lang == "ja" and self.ja else self.message

    def __str__(self) -> str:
        return f"{self.file}: sheet '{self.sheet}' cell {self.cell}: {self.message}"

    def as_json(self) -> dict:
        return {"kind": self.kind, "sheet": self.sheet, "cell": self.cell, "message": self.message}


@dataclass
class ProgramStaffing:
    aht_seconds: float
    shrinkage_pct: float
    occupancy_pct: float
    fte: dict[str, float]  # month -> FTE


@dataclass
class Response:
    """One vendor's filled form, as read."""

    file: str
    vendor_id: str
    vendor_name: str
    model: str
    valid_until: date | None
    answers: dict[str, str | None] = field(default_factory=dict)        # RFP number -> answer key
    staffing: dict[str, ProgramStaffing] = field(default_factory=dict)  # program id -> plan
    supervisor_ratio: float | None = None
    rates: dict[tuple[str, str], list[float]] = field(default_factory=dict)  # (line key, program id or '') -> per year
    initial_costs: list[float] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _number(value) -> float | None:
    """A finite number from a cell (full-width digits and thousands separators accepted), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).replace(",", "").strip()
        try:
            value = float(text)
        except ValueError:
            return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    return None


def _normal_name(text) -> str:
    return re.sub(r"[\s・,.]", "", unicodedata.normalize("NFKC", str(text))).casefold()


class _Reader:
    """Reads one form; problems go to the shared list, findings to the response."""

    def __init__(self, project: Project, path: Path, problems: list[SheetProblem]):
        self.project, self.name, self.problems = project, str(path), problems

    def error(self, sheet, cell, message, ja=None):
        self.problems.append(SheetProblem(self.name, sheet, cell, message, ja=ja))

    def sheets(self, wb) -> dict[str, object]:
        found = {}
        for ws in wb.worksheets:
            parsed = keys.parse_key(ws["A1"].value)
            if parsed and parsed[0] == "sheet":
                found[parsed[1]] = ws
        return found

    def columns(self, ws, kind: str) -> dict[str, str]:
        """Column letter per key of the hidden key row (e.g. month=2027-10 -> 'G'); the first if repeated."""
        found = {}
        for cell in ws[KEY_ROW + 1]:
            parsed = keys.parse_key(cell.value)
            if parsed and parsed[0] == kind:
                found.setdefault(parsed[1], cell.column_letter)
        return found

    def row_of(self, ws, rows, kind: str, ident: str, visible: str | None = None, visible_col: str = "B") -> int | None:
        at = rows.get(keys.key(kind, ident))
        if not at:
            self.error(ws.title, None, f"the row of {kind} '{ident}' is missing (rows must not be deleted)",
                       f"{kind}「{ident}」の行がありません（行は削除しないでください）")
            return None
        if len(at) > 1:
            self.error(ws.title, f"A{at[1]}", f"the row of {kind} '{ident}' appears more than once",
                       f"{kind}「{ident}」の行が複数あります")
        if visible is not None and str(ws[f"{visible_col}{at[0]}"].value or "").strip() != visible:
            typed = shorten(shown_number(ws[f'{visible_col}{at[0]}'].value))
            self.error(ws.title, f"{visible_col}{at[0]}", f"the ID was changed to '{typed}'; the form was sent with '{visible}' "
                       "(IDs must not be edited)",
                       f"IDが「{typed}」に変更されています。送付した様式のIDは「{visible}」です（IDは編集しないでください）")
        return at[0]

    def unknown_rows(self, ws, rows, known: set[str]) -> None:
        for found_key, at in rows.items():
            if found_key not in known:
                self.error(ws.title, f"A{at[0]}", f"unknown row key '{found_key}': the form was altered or is from "
                           "another RFP version",
                           f"不明な行キー「{found_key}」があります。様式が変更されたか、別の版のRFPの様式です")

    def number(self, ws, cell: str, what: str, minimum: float, maximum: float | None = None,
               above_minimum: bool = False, what_ja: str | None = None) -> float | None:
        value = ws[cell].value
        what_ja = what_ja or what
        if _blank(value):
            self.error(ws.title, cell, f"no {what} given", f"{what_ja}が記入されていません")
            return None
        number = _number(value)
        bad = number is None or number < minimum or (above_minimum and number == minimum) \
            or (maximum is not None and number > maximum)
        if bad:
            limit = f"above {minimum:g}" if above_minimum else f"at least {minimum:g}"
            limit += f" and at most {maximum:g}" if maximum is not None else ""
            if maximum is None:
                limit_ja = f"{minimum:g}より大きい" if above_minimum else f"{minimum:g}以上"
            else:
                limit_ja = (f"{minimum:g}より大きく" if above_minimum else f"{minimum:g}以上") + f"{maximum:g}以下"
            self.error(ws.title, cell, f"'{shorten(shown_number(value))}' is not a valid {what}: expected a number {limit}",
                       f"「{shorten(shown_number(value))}」は{what_ja}として有効ではありません。{limit_ja}の数値を記入してください")
            return None
        return number

    # ---------------------------------------------------------------- sheets

    def cover(self, ws, vendors: dict[str, dict], bidder=None) -> tuple[str | None, str, str | None, date | None]:
        """The cover's answers and the bidder: named on the cover, or under blind evaluation on the sheet
        `bidder` (which the client may have removed: the file name then names the vendor)."""
        rows = rows_by_key(ws)
        self.unknown_rows(ws, rows, {keys.key("sheet", "cover")} | {keys.key("cover", k) for k in
                                                                     ("vendor_name", "vendor_contact", "model", "valid_until")})
        if bidder is not None:
            named_ws, named_rows = bidder, rows_by_key(bidder)
            self.unknown_rows(bidder, named_rows, {keys.key("sheet", "bidder")} | {keys.key("cover", k) for k in
                                                                                    ("vendor_name", "vendor_contact")})
        else:
            named_ws, named_rows = ws, rows
        vendor_id, typed, model, valid = None, "", None, None
        in_file = [v for v in vendors if re.search(rf"(?<![A-Za-z0-9]){re.escape(v)}(?![A-Za-z0-9])", Path(self.name).name)]
        if bidder is None and keys.key("cover", "vendor_name") not in rows and blind(self.project):
            vendor_id = (in_file or [None])[0]  # the bidder's sheet was removed before evaluation
            if vendor_id is None:
                self.error(ws.title, None, "the bidder's sheet was removed and the file name names no bidder ID; put the "
                           "bidder ID in the file name", "提案者シートが取り除かれており、ファイル名に提案者IDがありません。"
                           "ファイル名に提案者IDを含めてください")
        elif row := self.row_of(named_ws, named_rows, "cover", "vendor_name"):
            typed = str(named_ws[f"C{row}"].value or "").strip()
            if not typed:
                self.error(named_ws.title, f"C{row}", "the proposer's company name is missing", "提案者名（会社名）が記入されていません")
            else:
                matches = [v["id"] for v in vendors.values() if _normal_name(v["name"]) == _normal_name(typed)]
                vendor_id = (matches or in_file or [None])[0]
                if vendor_id is None:
                    known = ", ".join(clean_name(v) for v in vendors.values())
                    self.error(named_ws.title, f"C{row}", f"the proposer '{shorten(shown_number(typed))}' is not a bidder of the project "
                               f"(known: {known}); correct the name in evaluation.vendors, or put the bidder ID in the file name",
                               f"提案者「{shorten(shown_number(typed))}」は案件の提案者にありません（登録済み: {known}）。"
                               "evaluation.vendors の名称を直すか、ファイル名に提案者IDを含めてください")
        row = self.row_of(ws, rows, "cover", "model")
        if row:
            value = ws[f"C{row}"].value
            model = model_from_cell(value) if not _blank(value) else None
            offered = rates.settings(self.project).models
            if model not in offered:
                self.error(ws.title, f"C{row}", f"'{shorten(shown_number(value or ''))}' is not a pricing model this RFP accepts "
                           f"(choose one of the list)",
                           f"「{shorten(shown_number(value or ''))}」はこのRFPが受け付ける価格方式ではありません（一覧から選んでください）")
                model = None
        row = self.row_of(ws, rows, "cover", "valid_until")
        if row:
            value = ws[f"C{row}"].value
            if isinstance(value, datetime):
                valid = value.date()
            elif isinstance(value, date):
                valid = value
            elif not _blank(value):
                try:
                    valid = date.fromisoformat(unicodedata.normalize("NFKC", str(value)).strip().replace("/", "-"))
                except ValueError:
                    self.error(ws.title, f"C{row}", f"'{shorten(shown_number(value))}' is not a date (expected YYYY-MM-DD)",
                               f"「{shorten(shown_number(value))}」は日付ではありません（YYYY-MM-DD の形式で記入してください）")
        return vendor_id, typed, model, valid

    def compliance(self, ws, response: Response) -> None:
        rows = rows_by_key(ws)
        numbered = rfp_numbering(self.project)
        self.unknown_rows(ws, rows, {keys.key("sheet", "compliance")} | {keys.key("requirement", n) for n, _ in numbered})
        for number, requirement in numbered:
            row = self.row_of(ws, rows, "requirement", number, visible=number)
            if row is None:
                continue
            value, page = ws[f"F{row}"].value, ws[f"G{row}"].value
            must = requirement.priority == "must"
            if _blank(value):
                response.answers[number] = None
                kind = "must_unanswered" if must else "unanswered"
                response.findings.append(Finding(kind, self.name, ws.title, f"F{row}",
                                                 f"{number}: no answer" + (" to a must requirement" if must else ""),
                                                 f"{number}：" + ("必須要件に回答がありません" if must else "回答がありません")))
                continue
            answer = answer_from_cell(value)
            if answer is None:
                self.error(ws.title, f"F{row}", f"'{shorten(shown_number(value))}' is not an answer to {number} (expected 対応可 / "
                           "一部対応 / 代替提案 / 対応不可 or Comply / Partial / Alternative / Cannot)",
                           f"「{shorten(shown_number(value))}」は {number} への回答として使えません（対応可 / 一部対応 / "
                           "代替提案 / 対応不可 のいずれかを選んでください）")
                continue
            response.answers[number] = answer
            if must and answer == "cannot":
                response.findings.append(Finding("must_cannot", self.name, ws.title, f"F{row}",
                                                 f"{number}: a must requirement answered “Cannot”",
                                                 f"{number}：必須要件に「対応不可」と回答"))
            elif must and _blank(page):
                response.findings.append(Finding("must_without_page", self.name, ws.title, f"G{row}",
                                                 f"{number}: a must requirement without a proposal page reference",
                                                 f"{number}：必須要件に提案書の該当ページがありません"))

    def staffing(self, ws, response: Response) -> None:
        rows = rows_by_key(ws)
        programs = rates.priced_programs(self.project)
        self.unknown_rows(ws, rows, {keys.key("sheet", "staffing"), keys.key("staffing", "supervisor_ratio")}
                          | {keys.key("program", p["id"]) for p in programs})
        months = self.columns(ws, "month")
        expected = rates.forecast_months(self.project)
        if sorted(months) != expected:
            self.error(ws.title, f"A{KEY_ROW + 1}", "the month columns were changed (the form is from another RFP version)",
                       "月の列が変更されています（別の版のRFPの様式です）")
            return
        for program in programs:
            row = self.row_of(ws, rows, "program", program["id"], visible=program["id"],
                              visible_col=xl_col_to_name(PROGRAM_ID_COL))
            if row is None:
                continue
            what, ja = f"for program {program['id']}", f"窓口 {program['id']} の"
            aht = self.number(ws, f"D{row}", f"handle time (seconds) {what}", 0, 86400, above_minimum=True,
                              what_ja=f"{ja}平均処理時間（秒）")
            shrinkage = self.number(ws, f"E{row}", f"shrinkage % {what}", 0, 99.99, what_ja=f"{ja}シュリンケージ（%）")
            occupancy = self.number(ws, f"F{row}", f"occupancy % {what}", 0, 100, above_minimum=True,
                                    what_ja=f"{ja}稼働率（%）")
            fte = {m: self.number(ws, f"{col}{row}", f"FTE {what} in {m}", 0, what_ja=f"{ja}{m}のFTE")
                   for m, col in months.items()}
            if None not in (aht, shrinkage, occupancy) and None not in fte.values():
                response.staffing[program["id"]] = ProgramStaffing(aht, shrinkage, occupancy, fte)
        row = self.row_of(ws, rows, "staffing", "supervisor_ratio")
        if row:
            response.supervisor_ratio = self.number(ws, f"D{row}", "number of agents per team leader", 1, 1000,
                                                    what_ja="SV一人あたりのオペレーター数")

    def prices(self, ws, response: Response) -> None:
        s = rates.settings(self.project)
        rows = rows_by_key(ws)
        years = self.columns(ws, "year")
        count = rates.contract_years(s.term_months)
        programs = rates.priced_programs(self.project)
        wanted = [(line.key, p["id"] if p else "") for line in rates.lines(response.model)
                  for p in (programs if line.per_program else [None])]
        items = initial_cost_items(self.project)
        self.unknown_rows(ws, rows, {keys.key("sheet", f"price:{response.model}"), keys.key("total", response.model)}
                          | {keys.key("rate", f"{k}|{p}") for k, p in wanted}
                          | {keys.key("initial", str(i)) for i in range(len(items))})
        if sorted(years) != [str(y) for y in range(1, count + 1)]:
            self.error(ws.title, f"A{KEY_ROW + 1}", "the contract-year columns were changed (the form is from another RFP version)",
                       "契約年度の列が変更されています（別の版のRFPの様式です）")
            return
        rate_cols = [years[str(y)] for y in range(1, count + 1)]
        # an initial cost is entered as an amount of the first contract year (after the rates and quantities)
        first_amount_col = xl_col_to_name(xl_cell_to_rowcol(f"{rate_cols[0]}1")[1] + 2 * count)
        for line_key, program in wanted:
            row = self.row_of(ws, rows, "rate", f"{line_key}|{program}")
            if row is None:
                continue
            line = rates.LINES[line_key]
            what = f"{line.en.lower()}" + (f" for program {program}" if program else "")
            what_ja = (f"窓口 {program} の" if program else "") + line.ja
            values = [self.number(ws, f"{col}{row}", f"{what} in contract year {y}", 0, what_ja=f"{what_ja}（契約{y}年目）")
                      for y, col in enumerate(rate_cols, start=1)]
            if None not in values:
                response.rates[(line_key, program)] = values
        for i, item in enumerate(items):
            row = self.row_of(ws, rows, "initial", str(i))
            if row is None:
                continue
            amount = self.number(ws, f"{first_amount_col}{row}", f"amount for the initial cost '{item['item']}' (enter 0 if none)", 0,
                                 what_ja=f"初期費用「{item['item']}」の金額（ない場合は0）")
            response.initial_costs.append(amount or 0.0)

    def read(self, vendors: dict[str, dict], expected_checksum: str) -> Response | None:
        before = len(self.problems)
        shared = _Shared(self.problems)
        wb = open_workbook(Path(self.name), shared)
        if wb is None:
            return None
        meta = read_meta(wb, self.name, shared)
        if meta is None:
            return None
        cells = meta["_cells"]
        if meta.get("kind") != KIND:
            self.error(keys.META_SHEET, cells.get("kind"), f"this is not a response form (it is a '{meta.get('kind')}' "
                       "workbook); give the filled response forms",
                       f"提案回答書ではありません（「{meta.get('kind')}」のブックです）。記入済みの提案回答書を指定してください")
            return None
        if meta.get("project_id") != self.project.id:
            self.error(keys.META_SHEET, cells.get("project_id"),
                       f"this form belongs to project '{meta.get('project_id')}', not to '{self.project.id}'",
                       f"この様式は案件「{meta.get('project_id')}」のもので、案件「{self.project.id}」のものではありません")
            return None
        if meta.get("checksum") != expected_checksum:
            version = self.project.rfp_edition()[0]
            self.error(keys.META_SHEET, cells.get("checksum"),
                       f"this form was sent with another version of the RFP (form: version {meta.get('project_version')}; "
                       f"project file: version {version}; requirements, programs, months or pricing differ); ask the "
                       "bidder to answer on the current form",
                       f"この様式は別の版のRFPとともに送付されたものです（様式: 版 {meta.get('project_version')}、案件ファイル: "
                       f"版 {version}。要件・窓口・月・価格のいずれかが異なります）。現在の様式で回答し直すよう提案者に依頼してください")
            return None
        sheets = self.sheets(wb)
        for needed in ("cover", "compliance", "staffing"):
            if needed not in sheets:
                self.error(None, None, f"the '{needed}' sheet is missing or its key in cell A1 was changed",
                           f"「{needed}」シートがないか、A1セルのキーが変更されています")
        if len(self.problems) > before:
            return None
        vendor_id, typed, model, valid = self.cover(sheets["cover"], vendors, sheets.get("bidder"))
        response = Response(self.name, vendor_id or "", typed, model or "", valid)
        self.compliance(sheets["compliance"], response)
        self.staffing(sheets["staffing"], response)
        if model:
            sheet = sheets.get(f"price:{model}")
            if sheet is None:
                self.error(None, None, f"the price sheet of the chosen model '{model}' is missing",
                           f"選択した価格方式「{model}」の価格シートがありません")
            else:
                self.prices(sheet, response)
        least = minimum_validity(self.project)
        if valid and least and valid < least:
            row = rows_by_key(sheets["cover"]).get(keys.key("cover", "valid_until"), [0])[0]
            response.findings.append(Finding("offer_validity_short", self.name, sheets["cover"].title, f"C{row}",
                                             f"the offer is valid until {valid.isoformat()}; the RFP asks until at least "
                                             f"{least.isoformat()}",
                                             f"見積の有効期限が {valid.isoformat()} です。RFPは {least.isoformat()} 以降までの有効期限を求めています"))
        return response if len(self.problems) == before else None



class _Shared:
    """The shape the scoring reader's open_workbook and read_meta report problems through."""

    def __init__(self, problems: list[SheetProblem]):
        self.problems = problems

    def error(self, file, sheet, cell, message, ja=None):
        self.problems.append(SheetProblem(file, sheet, cell, message, ja=ja))


def clean_name(vendor: dict) -> str:
    return f"{vendor['id']} {vendor['name']}"


def read_forms(project: Project, files: list[Path]) -> list[Response]:
    """Every filled form read; raises ResponseFormInvalid listing every problem of every file."""
    vendors = {v["id"]: v for v in project.data["evaluation"].get("vendors") or []}
    problems: list[SheetProblem] = []
    expected = checksum(project)
    responses, seen = [], {}
    if not vendors:
        raise ResponseFormInvalid([SheetProblem(str(project.path or "<project>"), None, None,
                                                "the project lists no bidders (evaluation.vendors)",
                                                ja="案件に提案者が登録されていません（evaluation.vendors）")])
    for path in files:
        reader = _Reader(project, Path(path), problems)
        response = reader.read(vendors, expected)
        if response is None:
            continue
        if response.vendor_id in seen:
            problems.append(SheetProblem(str(path), None, None, f"bidder '{response.vendor_id}' answered twice: this "
                                         f"file and {seen[response.vendor_id]}",
                                         ja=f"提案者「{response.vendor_id}」の回答が2つあります：このファイルと "
                                            f"{seen[response.vendor_id]}"))
            continue
        seen[response.vendor_id] = str(path)
        responses.append(response)
    if problems:
        raise ResponseFormInvalid(problems)
    order = list(vendors)
    return sorted(responses, key=lambda r: order.index(r.vendor_id))
