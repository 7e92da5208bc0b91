"""The consensus workbook: what the consensus meeting agreed, recorded by procurement.

`rfpgen score -o` writes ``{project}-consensus.xlsx`` from the tally's flags: one row per item on
which the evaluators' scores spread too far (vendor, criterion, each evaluator's score, the mean,
the spread) with two input cells, the agreed score and its reason (a presentation criterion as a
criterion of the documents; the checklist-computed criterion when evaluators judged a withheld
requirement absent and concrete, those requirements named); one row per mandatory requirement the
evaluators judged differently (each evaluator's pass or fail), for the decision agreed and its
reason; and one row per vendor still tied after the published tie-breaks when the last of them is
a drawing of lots, for the order drawn. Given back to `rfpgen score` with the other workbooks, an
agreed score replaces the mean of that item and an agreed decision the evaluators' vote (a reason is
required for both), and the drawn order breaks the tie; all are listed in the memo and the audit
log, and every agreed row is carried into the next consensus workbook. Written with XlsxWriter, read
with openpyxl by hidden keys, like the evaluator workbooks.
"""
from __future__ import annotations

import io
from pathlib import Path

from ..documents.properties import file_properties, internal_edition, internal_mark
from ..documents.xlsx import fitted_height, fitted_width, font_name, new_workbook, page_setup, protect, row_height
from ..text import EMPTY, clean, number as shown_number, shorten
from ..words import say
from ..fileio import atomic_write_bytes
from ..project import project_time
from . import filled, model
from .rules import Rules, figure_decimals
from .model import GATE_WORDS, SETTLED, PresentationScheme, Scheme, checklist_splits, gate_from_cell, parse_key

INPUT = "FFF2CC"
NAVY = "1F3A5F"
WIDTHS = (16, 22, 10, 34, 32, 8, 8, 12, 48)  # columns A (the hidden keys) to I
REASON_LINES = 3  # the room a row keeps to write why the meeting agreed a score

WORDS = {
    "ja": {"sheet": "合議結果", "title": "合議結果の記録", "note": "合議で合意した評点と理由を黄色のセルに記入する。"
           "合意した評点は、評価者の平均に代えて集計に用いる。理由のない評点は受け付けない。",
           "head": ["提案者", "ID", "評価項目", "評価者別の評点", "平均", "評点差", "合意した評点", "理由"],
           "lots": "くじ引きの結果（同点で順位が決まらない提案者）", "lots_head": ["提案者", "", "同点の相手", "", "", "", "くじの順位（1が上位）", "備考"],
           "prompt": "0〜{max}の数値", "lot_prompt": "1以上の整数", "split": "（チェックリストで記載なしと具体的な提案ありに分かれた要件：{items}）",
           "gates": "必須項目の判定（評価者間で判定が分かれた項目）",
           "gates_head": ["提案者", "ID", "必須項目", "評価者別の判定", "", "", "合意した判定", "理由"],
           "gates_note": "必須項目の合意した判定は、評価者の判定に代えて用いる。「不適合」とした提案者は失格となる。"},
    "en": {"sheet": "Consensus", "title": "Consensus meeting record", "note": "Enter in the yellow cells the score the consensus "
           "meeting agreed and why. An agreed score replaces the evaluators' mean in the tally; a score without a reason is refused.",
           "head": ["Bidder", "ID", "Criterion", "Scores by evaluator", "Mean", "Spread", "Agreed score", "Reason"],
           "lots": "Drawing of lots (bidders still tied)", "lots_head": ["Bidder", "", "Tied with", "", "", "", "Order drawn (1 = first)", "Note"],
           "prompt": "A number from 0 to {max}", "lot_prompt": "A whole number, 1 or more",
           "split": " (checklist entries judged absent by one evaluator, concrete by another: {items})",
           "gates": "Mandatory requirements judged differently by the evaluators",
           "gates_head": ["Bidder", "ID", "Mandatory requirement", "Judgements by evaluator", "", "", "Agreed decision", "Reason"],
           "gates_note": " An agreed decision on a mandatory requirement replaces the evaluators' judgements; Fail disqualifies the bidder."},
}


def _fmt(value: float | None) -> str:
    return EMPTY if value is None else (f"{value:g}" if float(value).is_integer() else f"{value:.2f}")


def consensus_workbook(result) -> bytes:
    """The workbook bytes for `result`'s spread flags (and agreed items, so a re-run keeps them visible)."""
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    words = WORDS[lang]
    stage = PresentationScheme(project)
    names = {c["id"]: clean(c["name"]) for c in scheme.weighted() + stage.weighted()}
    who = {e["id"]: clean(e["name"]) for e in scheme.evaluators()}
    vendors = {v["id"]: v for v in scheme.vendors()}
    buffer = io.BytesIO()
    book = new_workbook(buffer)
    book.set_properties(file_properties(project, words["title"]))
    font = font_name(lang)
    body = book.add_format({"font_name": font, "font_size": 10, "text_wrap": True, "valign": "top", "border": 1})
    head = book.add_format({"font_name": font, "font_size": 10, "bold": True, "font_color": "#FFFFFF", "bg_color": f"#{NAVY}",
                            "border": 1, "text_wrap": True})
    title = book.add_format({"font_name": font, "font_size": 14, "bold": True, "font_color": f"#{NAVY}"})
    note = book.add_format({"font_name": font, "font_size": 10, "text_wrap": True, "valign": "top"})
    entry = book.add_format({"font_name": font, "font_size": 10, "text_wrap": True, "valign": "top", "border": 1,
                             "bg_color": f"#{INPUT}", "locked": False})
    # the mean rounded and printed as the published rule keeps a criterion's score (the memo and results.xlsx alike)
    rules = Rules.of(scheme.evaluation)
    digits = figure_decimals(rules, "score")
    figure = book.add_format({"font_name": font, "font_size": 10, "valign": "top", "border": 1,
                              "num_format": "0." + "0" * digits if digits else "0"})
    ws = book.add_worksheet(words["sheet"])
    ws.hide_gridlines(2)
    # the vendor column as wide as the longest name, so no name is clipped or broken mid-word
    widths = list(WIDTHS)
    widths[1] = max(WIDTHS[1], fitted_width([clean(s.shown_name(v)) for v in vendors.values() for s in (scheme, stage)]
                                            + [words["head"][0]]))
    for col, width in zip("ABCDEFGHI", widths):
        ws.set_column(f"{col}:{col}", width)
    ws.set_column("A:A", widths[0], None, {"hidden": True})
    ws.write_string("B1", words["title"], title)
    gates = gates_in_order(result, scheme)
    explained = words["note"] + (words["gates_note"] if gates else "")
    ws.merge_range("B2:I2", explained, note)
    ws.set_row(1, fitted_height([explained], [sum(widths[1:])]))
    # the project, the guide's edition the scores were given under (as the scoring workbooks name it) and the date
    heading = f"{clean(project.data['project']['title'])} – {say('score.version', lang)} {internal_edition(project)[0]} – {project_time(project)}"
    ws.merge_range("B3:I3", heading, note)
    ws.set_row(2, fitted_height([heading], [sum(widths[1:])]))

    def sized(row: int, values: list, writing: bool = False) -> None:
        """Row `row` as tall as its wrapped text in columns B to I (the hidden keys in A are not shown);
        a row with a reason to write keeps room for a few lines of it."""
        ws.set_row(row, max(fitted_height(values, widths[1:]), row_height(REASON_LINES) if writing else 0))

    def block(row: int, heading: str, heads: list[str]) -> int:
        """A block of its own below the scores, after a blank row: its heading across the columns, its column
        headings; returns its first row."""
        ws.merge_range(row + 1, 1, row + 1, 8, heading, title)
        ws.set_row(row + 1, fitted_height([heading], [sum(widths[1:])]))
        ws.write_row(row + 2, 1, heads, head)
        sized(row + 2, heads)
        return row + 3

    ws.write_row("B4", words["head"], head)
    sized(3, words["head"])
    row = 4
    for vendor, cid, split in rows_in_order(result, scheme):
        scores = vendor.scores_on(cid)
        given = [s for s in scores.values() if s is not None]
        mean = rules.rounding("score", sum(given) / len(given)) if given else None
        named = names.get(cid, cid) + (words["split"].format(items=("、" if lang == "ja" else ", ").join(split)) if split else "")
        at = stage_of(cid, scheme)  # a presentation item by the vendor's name, as its sheets named it
        shown = [clean(at.shown_name(vendors[vendor.id])), cid, named,
                 ("、" if lang == "ja" else ", ").join(f"{who.get(e, e)}{'：' if lang == 'ja' else ': '}{_fmt(s)}"
                                                        for e, s in scores.items())]
        ws.write_string(row, 0, model.key("agreed", f"{at.vendor_key(vendors[vendor.id])}/{cid}"))
        for col, text in enumerate(shown, start=1):
            ws.write_string(row, col, text, body)
        ws.write_number(row, 5, round(mean, digits) if mean is not None else 0, figure)
        ws.write_number(row, 6, max(given) - min(given) if given else 0, figure)  # 2.00 beside a mean of 3.67
        reason = vendor.agreed_reason.get(cid, "") if cid in vendor.agreed else None
        if cid in vendor.agreed:
            ws.write_number(row, 7, vendor.agreed[cid], entry)
            ws.write_string(row, 8, reason, entry)
        else:
            ws.write_blank(row, 7, None, entry)
            ws.write_blank(row, 8, None, entry)
        sized(row, shown + ["", "", "", reason], writing=True)
        # the computed criterion is a whole point like every typed score (coverage × max, rounded)
        whole = cid in scheme.computed_ids()
        ws.data_validation(row, 7, row, 7, {"validate": "integer" if whole else "decimal", "criteria": "between",
                                            "minimum": 0, "maximum": smax,
                                            "input_message": WORDS[lang]["prompt"].format(max=smax)})
        row += 1
    if gates:
        row = block(row, words["gates"], words["gates_head"])
        gate_names = {g["id"]: clean(g["name"]) for g in scheme.gates()}
        gate_words = GATE_WORDS[lang]
        for vendor, gid in gates:
            votes = ("、" if lang == "ja" else ", ").join(
                f"{who.get(e, e)}{'：' if lang == 'ja' else ': '}{gate_words[v] if v else EMPTY}" for e, v in vendor.gate_votes[gid].items())
            shown = [clean(scheme.shown_name(vendors[vendor.id])), gid, gate_names[gid], votes]
            ws.write_string(row, 0, model.key("agreed", f"{scheme.vendor_key(vendors[vendor.id])}/{gid}"))
            for col, text in enumerate(shown, start=1):
                ws.write_string(row, col, text, body)
            ws.write_blank(row, 5, None, body)   # a decision has no mean and no spread
            ws.write_blank(row, 6, None, body)
            reason = vendor.agreed_reason.get(gid, "") if gid in vendor.agreed_gates else None
            if reason is not None:
                ws.write_string(row, 7, gate_words[vendor.agreed_gates[gid]], entry)
                ws.write_string(row, 8, reason, entry)
            else:
                ws.write_blank(row, 7, None, entry)
                ws.write_blank(row, 8, None, entry)
            sized(row, shown + ["", "", "", reason], writing=True)
            ws.data_validation(row, 7, row, 7, {"validate": "list", "source": [gate_words["pass"], gate_words["fail"]],
                                                "input_message": say("score.gate_prompt", lang)})
            row += 1
    # the tied in the order of the evaluators' sheets: by alias under blind evaluation, never the candidate list's order
    panel = {v["id"]: n for n, v in enumerate(scheme.panel_vendors())}
    tied = [(group, v) for group in (sorted(tie["vendors"], key=panel.__getitem__)
                                     for tie in getattr(result, "ties", []) if tie.get("lots_pending")) for v in group]
    if tied:
        row = block(row, words["lots"], words["lots_head"])
        for group, vid in tied:
            others = ("、" if lang == "ja" else ", ").join(clean(scheme.shown_name(vendors[o])) for o in group if o != vid)
            ws.write_string(row, 0, model.key("lot", scheme.vendor_key(vendors[vid])))
            ws.write_string(row, 1, clean(scheme.shown_name(vendors[vid])), body)
            ws.write_string(row, 3, others, body)
            sized(row, [clean(scheme.shown_name(vendors[vid])), "", others], writing=True)
            ws.write_blank(row, 7, None, entry)
            ws.write_blank(row, 8, None, entry)
            ws.data_validation(row, 7, row, 7, {"validate": "integer", "criteria": ">=", "value": 1,
                                                "input_message": words["lot_prompt"]})
            row += 1
    protect(ws)
    # the title, the note, the project with the time and the column headings atop every printed page, as on
    # the evaluators' sheets; a page header saying the title and the project again printed them twice
    page_setup(ws, lang, mark=internal_mark(project))
    ws.repeat_rows(0, 3)
    meta = book.add_worksheet(model.META_SHEET)
    for i, (name, value) in enumerate((("format", model.FORMAT), ("kind", model.KIND_CONSENSUS), ("project_id", project.id),
                                        ("project_version", project.data["project"]["version"]), ("evaluator_id", ""),
                                        ("checksum", scheme.checksum()), ("scale_max", smax))):
        meta.write_string(i, 0, name)
        if isinstance(value, int):
            meta.write_number(i, 1, value)
        else:
            meta.write_string(i, 1, value)
    meta.very_hidden()
    meta.protect()
    book.close()
    return buffer.getvalue()


def rows_in_order(result, scheme: Scheme) -> list[tuple]:
    """(vendor, criterion, checklist entries) per item to settle: the document stage's first, in the order of its
    sheets (by alias under blind evaluation), then the presentations' in a block of their own, by the vendor's
    name, so no named presentation row sits beside the alias it belongs to and gives it away."""
    panel = {v["id"]: n for n, v in enumerate(scheme.panel_vendors())}
    stage = PresentationScheme(scheme.project)
    presented = {c["id"] for c in stage.weighted()}
    vendors = {v["id"]: v for v in scheme.vendors()}
    items = [(vendor, cid, split) for vendor in sorted(result.vendors, key=lambda v: panel[v.id])
             for cid, split in items_to_settle(vendor, scheme)]
    named = sorted((item for item in items if item[1] in presented),
                   key=lambda item: clean(stage.shown_name(vendors[item[0].id])))  # stable: criteria keep their order
    return [item for item in items if item[1] not in presented] + named


def gates_in_order(result, scheme: Scheme) -> list[tuple]:
    """(vendor, mandatory requirement) per decision the meeting agrees, judged differently by the evaluators
    or agreed already (kept, never dropped), in the order of the evaluators' sheets."""
    panel = {v["id"]: n for n, v in enumerate(scheme.panel_vendors())}
    return [(vendor, flag.criterion_id) for vendor in sorted(result.vendors, key=lambda v: panel[v.id])
            for flag in vendor.flags if flag.code in ("gate_split", "gate_agreed")]


def stage_of(cid: str, scheme: Scheme) -> Scheme:
    """The scheme whose sheets score criterion `cid`: the presentations' (vendors by name) or the documents'."""
    stage = PresentationScheme(scheme.project)
    return stage if cid in {c["id"] for c in stage.weighted()} else Scheme(scheme.project)


def items_to_settle(vendor, scheme: Scheme) -> list[tuple[str, list[str]]]:
    """The criteria the meeting agrees a score for, each with the checklist entries the evaluators judged
    apart: a spread (or an agreed score), and the computed criterion of a checklist split."""
    items: dict[str, list[str]] = {}
    for flag in vendor.flags:
        if flag.code in ("spread", "agreed"):
            items.setdefault(flag.criterion_id, [])
        elif flag.code == "checklist_split":
            for cid in scheme.computed_ids():
                items.setdefault(cid, []).append(flag.criterion_id)
    agreed = {flag.criterion_id for flag in vendor.flags if flag.code == "agreed"}
    for cid in scheme.computed_ids() & agreed:  # settled, its splits no longer flagged: still named on its row
        items[cid] = [requirement.id for requirement, _ in checklist_splits(vendor.checklist, scheme)]
    return list(items.items())


def rows_missing(result, path: Path) -> list[str]:
    """The items to settle that the kept consensus workbook at `path` has no row for (vendor: criterion, as the
    rows name them): flagged after it was written, such as the presentations' spreads after the document stage's
    meeting. Nothing when the workbook cannot be read: its reading in `rfpgen score` says why."""
    try:
        book = filled.Workbook(Path(path))
    except filled.Unreadable:
        return []
    keys = {row[0] for ws in book.worksheets for row in ws.iter_rows(min_col=1, max_col=1, values_only=True)}
    scheme = Scheme(result.project)
    names = {c["id"]: clean(c["name"]) for c in scheme.weighted() + PresentationScheme(result.project).weighted() + scheme.gates()}
    vendors = {v["id"]: v for v in scheme.vendors()}
    items = [(v, cid) for v, cid, _ in rows_in_order(result, scheme)] + gates_in_order(result, scheme)
    return [f"{clean(stage_of(cid, scheme).shown_name(vendors[v.id]))}: {names.get(cid, cid)}" for v, cid in items
            if model.key("agreed", f"{stage_of(cid, scheme).vendor_key(vendors[v.id])}/{cid}") not in keys]


def needs_consensus(result) -> bool:
    return any(f.code in SETTLED for f in result.flags) or any(t.get("lots_pending") for t in result.ties)


def consensus_path(project, out_dir: Path) -> Path:
    return Path(out_dir) / model.consensus_workbook_name(project.id)


def write_consensus_workbook(result, out_dir: Path) -> tuple[Path, bool]:
    """(path, written): never overwrites an existing consensus workbook, which may hold what the meeting agreed."""
    path = consensus_path(result.project, out_dir)
    if path.exists():
        return path, False
    atomic_write_bytes(path, consensus_workbook(result))
    return path, True


# ------------------------------------------------------------------ reading it back

def _number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip().translate(str.maketrans("０１２３４５６７８９．", "0123456789.")))
        except ValueError:
            return None
    return None


def read_consensus(wb, name: str, scheme: Scheme, collect, sheets) -> None:
    """Agreed scores and drawn lots into `sheets`; every problem named by its cell."""
    stage = PresentationScheme(scheme.project)
    weighted = {c["id"] for c in scheme.weighted() + stage.weighted()}
    presented = {c["id"] for c in stage.weighted()}
    gates = {g["id"] for g in scheme.gates()}
    by_key, by_name = Scheme(scheme.project).vendor_by_key(), stage.vendor_by_key()  # a presentation item's key is the vendor ID
    smax = scheme.scale_max
    for ws in wb.worksheets:
        if ws.title in model.META_SHEETS:
            continue
        for (cell,) in ws.iter_rows(min_col=1, max_col=1):
            parsed = parse_key(cell.value)
            if not parsed or parsed[0] not in ("agreed", "lot"):
                continue
            kind, ident = parsed
            row = cell.row
            value, reason = ws.cell(row, 8).value, ws.cell(row, 9).value
            reason = str(reason).strip() if reason is not None else ""
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            vendor_key, _, cid = ident.partition("/")
            vendor = (by_name if kind == "agreed" and cid in presented else by_key).get(vendor_key)
            if vendor is None:
                collect.error(name, ws.title, f"A{row}", f"'{vendor_key}' is not a bidder of the project",
                              f"「{vendor_key}」はこの案件の提案者ではありません")
                continue
            number = _number(value)
            if kind == "lot":
                if number is None or not number.is_integer() or number < 1:
                    collect.error(name, ws.title, f"H{row}", f"'{value}' is not an order drawn by lot (expected 1, 2, 3 …)",
                                  f"「{value}」はくじの順位ではありません（1、2、3 … の整数を入力してください）")
                    continue
                sheets.lots[vendor["id"]] = int(number)
                sheets.consensus_log.append({"vendor": vendor["id"], "criterion": "", "agreed": int(number),
                                             "reason": reason or "lots", "file": name, "cell": f"H{row}", "kind": "lot"})
                continue
            if cid in gates:
                _agreed_gate(ws, row, name, vendor, vendor_key, cid, value, reason, collect, sheets)
                continue
            if cid not in weighted:
                collect.error(name, ws.title, f"A{row}", f"'{cid}' is not a scored criterion of the project",
                              f"「{cid}」はこの案件の評価項目ではありません")
                continue
            if number is None or not 0 <= number <= smax:
                collect.error(name, ws.title, f"H{row}", f"'{value}' is not an agreed score for {cid}: expected a number "
                              f"from 0 to {smax}", f"「{value}」は{cid}の合意した評点ではありません。0〜{smax}の数値を入力してください")
                continue
            if not reason:
                collect.error(name, ws.title, f"I{row}", f"the agreed score {number:g} for {cid} of '{vendor_key}' has no "
                              "reason: record why the meeting agreed it",
                              f"「{vendor_key}」の{cid}の合意した評点 {number:g} に理由がありません。合意した理由を記入してください")
                continue
            recorded = sheets.agreed.get((vendor["id"], cid))
            if recorded is not None:  # also in the project file (entered in the wizard): one value, not two
                if recorded[0] != number:
                    collect.error(name, ws.title, f"H{row}", f"the agreed score {number:g} for {cid} of '{vendor_key}' differs "
                                  f"from the {recorded[0]:g} recorded in the project file (evaluation.consensus); keep one",
                                  f"「{vendor_key}」の{cid}の合意した評点 {number:g} が、案件ファイル（evaluation.consensus）に"
                                  f"記録した {recorded[0]:g} と異なります。どちらか一方にしてください")
                continue
            sheets.agreed[(vendor["id"], cid)] = (number, reason)
            sheets.consensus_log.append({"vendor": vendor["id"], "criterion": cid, "agreed": number, "reason": reason,
                                         "file": name, "cell": f"H{row}", "kind": "score"})


def _agreed_gate(ws, row: int, name: str, vendor: dict, vendor_key: str, gid: str, value, reason: str, collect, sheets) -> None:
    """The decision the meeting agreed on a mandatory requirement (pass or fail, in either language) and its reason."""
    outcome = gate_from_cell(value)
    if outcome is None:
        shown = shorten(shown_number(value))
        collect.error(name, ws.title, f"H{row}", f"'{shown}' is not a decision on the mandatory requirement {gid}: expected "
                      f"{GATE_WORDS['en']['pass']} or {GATE_WORDS['en']['fail']}",
                      f"「{shown}」は必須項目{gid}の判定ではありません。「{GATE_WORDS['ja']['pass']}」または"
                      f"「{GATE_WORDS['ja']['fail']}」を入力してください")
        return
    if not reason:
        collect.error(name, ws.title, f"I{row}", f"the agreed decision on {gid} for '{vendor_key}' has no reason: record why the "
                      "meeting agreed it", f"「{vendor_key}」の{gid}の合意した判定に理由がありません。合意した理由を記入してください")
        return
    sheets.agreed_gates[(vendor["id"], gid)] = (outcome, reason)
    sheets.consensus_log.append({"vendor": vendor["id"], "criterion": gid, "agreed": outcome, "reason": reason,
                                 "file": name, "cell": f"H{row}", "kind": "gate"})


def read_project_consensus(project, scheme: Scheme, sheets) -> None:
    """Agreed scores recorded in the project file (evaluation.consensus, what the wizard's scoring page
    saves), checked by the project's validation; each goes into the tally and the audit log with its place."""
    for index, entry in enumerate(scheme.evaluation.get("consensus") or []):
        sheets.agreed[(entry["vendor"], entry["criterion"])] = (float(entry["score"]), entry["reason"].strip())
        sheets.consensus_log.append({"vendor": entry["vendor"], "criterion": entry["criterion"],
                                     "agreed": float(entry["score"]), "reason": entry["reason"].strip(),
                                     "file": Path(str(project.path or "project.yaml")).name,
                                     "cell": f"evaluation.consensus[{index}]", "kind": "score"})
