"""The results: results.xlsx (summary, per criterion, per evaluator, flags, method) and
results.docx (the decision memo: ranking, chart of scores by criterion, disqualifications,
flags for the consensus meeting, method)."""
from __future__ import annotations

import io
import textwrap
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from ..documents.pictures import figure, font_family, png
from ..text import EMPTY, clean, display_width, number
from ..fileio import atomic_write_bytes
from ..words import enum, say, tr
from ..documents.properties import apply_to_workbook, file_properties, internal_mark
from ..documents.render import template_path
from .forms import base_doc, write_docx
from .model import COVERAGE_WORDS, GATE_WORDS, Scheme
from .results import Result, VendorResult
from .robustness import Robustness, robustness
from .rules import statements
from .sheets import restyle, text_only

NAVY = "1F3A5F"
PALETTE = ["#1F3A5F", "#4F81BD", "#C0504D", "#9BBB59", "#8064A2", "#F79646", "#4BACC6", "#7F7F7F"]


def _evaluator_names(project) -> dict[str, str]:
    return {e["id"]: clean(e["name"]) for e in Scheme(project).evaluators()}


def method_lines(result: Result) -> list[str]:
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    price = scheme.evaluation["price"]
    labels = "、".join if lang == "ja" else "; ".join
    scale = labels(f"{s} {clean(label)}" for s, label in sorted(scheme.scale_labels().items(), reverse=True) if label)
    lines = [say("score.method_scale", lang, max=smax, labels=scale), say("score.method_quality", lang, max=smax)]
    if scheme.computed_ids():
        lines.append(say("score.method_unstated", lang, name=clean(scheme.unstated()["name"]), max=smax))
    if scheme.gates():
        lines.append(say("score.method_gates", lang))
    lines.append(say("score.method_spread", lang, spread=f"{scheme.spread_threshold:g}"))
    qp = f"{float(scheme.evaluation.get('quality_points', 70)):g}"
    lines.append(say(f"score.method_price_{result.formula}", lang, max_points=f"{float(price.get('max_points', 30)):g}", qp=qp,
                   reference=f"{float(price.get('reference_price') or 0):,.0f}",
                   base=f"{float(price.get('base_points', 100)):g}"))
    if price.get("basis"):
        lines.append(("比較の基準: " if lang == "ja" else "Basis of the price comparison: ") + clean(price["basis"]))
    lines.append(say("score.method_price_guard", lang))
    lines.append(say("score.method_rank_order", lang))
    lines += statements(scheme.evaluation, lang, {c["id"]: clean(c["name"]) for c in project.criteria()}, say_mean=False)
    names = _evaluator_names(project)
    who = tr(lang, "、", ", ").join(f"{names[e]}（{e}）" if lang == "ja" else f"{names[e]} ({e})"
                                               for e in result.evaluators)
    lines.append(tr(lang, "評価者: ", "Evaluators: ") + who)
    return lines


def _status(vendor: VendorResult, lang: str) -> str:
    if vendor.disqualified:
        text = say("score.disqualified", lang)
    elif vendor.rank is None:
        text = say("score.not_ranked", lang)
    else:
        text = say("score.ranked", lang)
    why = [say(f"score.why_{reason}", lang) for reason, _ in vendor.excluded
           if reason not in ("gate", "no_price", "zero_quality")]
    if why:
        text += tr(lang, "（{}）", " ({})").format(tr(lang, "、", ", ").join(why))
    if vendor.incomplete:
        text += tr(lang, "・", ", ") + say("score.incomplete", lang)
    if vendor.rank_sum is not None:
        text += tr(lang, f"・順位点 {vendor.rank_sum:g}", f", rank sum {vendor.rank_sum:g}")
    if vendor.presentation_points is not None:
        text += tr(lang, f"・書類 {number(vendor.document_total, 2)}＋プレゼン {number(vendor.presentation_points, 2)}",
                   f", documents {number(vendor.document_total, 2)} + presentation {number(vendor.presentation_points, 2)}")
    return text


# ------------------------------------------------------------------ chart

def chart_png(result: Result) -> bytes:
    """Horizontal grouped bars: each criterion's mean score per vendor, on the 0..max scale."""
    import matplotlib

    scheme = Scheme(result.project)
    lang, smax = result.project.lang, scheme.scale_max
    criteria = scheme.weighted()
    vendors = result.vendors
    wrap = 16 if lang == "ja" else 30
    labels = ["\n".join(textwrap.wrap(clean(c["name"]), wrap)[:2]) for c in criteria]
    height = max(2.6, 0.9 + len(criteria) * (0.17 * len(vendors) + 0.22))
    with matplotlib.rc_context({"font.family": font_family(), "axes.unicode_minus": False}):
        fig = figure(7.0, min(height, 9.5))
        axis = fig.add_subplot(1, 1, 1)
        bar = 0.8 / max(1, len(vendors))
        for i, vendor in enumerate(vendors):
            values = [vendor.criterion_mean.get(c["id"]) or 0.0 for c in criteria]
            positions = [g - 0.4 + bar * (i + 0.5) for g in range(len(criteria))]
            name = clean(vendor.name) + (f"（{say('score.disqualified', lang)}）" if lang == "ja" and vendor.disqualified
                                          else f" ({say('score.disqualified', lang)})" if vendor.disqualified else "")
            axis.barh(positions, values, height=bar * 0.92, label=name, color=PALETTE[i % len(PALETTE)],
                      hatch="//" if vendor.disqualified else None, edgecolor="white", linewidth=0.5)
            for y, value in zip(positions, values):
                axis.text(value + smax * 0.01, y, f"{value:.1f}", va="center", fontsize=6.5, color="#404040")
        axis.set_yticks(range(len(criteria)))
        axis.set_yticklabels(labels, fontsize=8)
        axis.invert_yaxis()
        axis.set_xlim(0, smax * 1.08)
        axis.set_xticks(range(smax + 1))
        axis.set_xlabel(say("score.score", lang) + f" (0–{smax})", fontsize=8)
        axis.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        axis.set_axisbelow(True)
        for side in ("top", "right"):
            axis.spines[side].set_visible(False)
        axis.legend(fontsize=7.5, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.09),
                    ncol=1 if sum(display_width(v.name) + 16 for v in vendors) > 90 else max(1, len(vendors)))
        fig.tight_layout()
        return png(fig)


# ------------------------------------------------------------------ the memo

def memo_context(result: Result, tallied: datetime | None = None) -> dict:
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    tallied = tallied or datetime.now()
    names = _evaluator_names(project)
    doc = base_doc(project, "kind_results")
    doc.update({"date": tallied.strftime("%Y-%m-%d %H:%M"), "evaluator_count": str(len(result.evaluators)),
                "vendor_count": str(len(result.vendors)), "formula": enum("price_formula", result.formula, lang)})

    ranked = [v for v in result.vendors if v.rank is not None]
    winners = [v for v in ranked if v.rank == 1]
    dq = [v for v in result.vendors if v.disqualified]
    summary = []
    if winners:
        joined = tr(lang, "、", " and ").join(clean(v.name) for v in winners)
        summary.append(say("score.memo_lead_winner", lang, name=joined, total=number(winners[0].total, 2, EMPTY)))
    else:
        summary.append(say("score.memo_lead_none", lang))
    summary.append(say("score.memo_lead_counts", lang, evaluators=len(result.evaluators), vendors=len(result.vendors),
                     dq=len(dq), flags=len(result.flags)))
    if result.incomplete:
        summary.append(say("score.memo_lead_incomplete", lang))

    ranking = [{"rank": str(v.rank) if v.rank else EMPTY, "name": clean(v.name), "quality": number(v.quality, 2, EMPTY),
                "price_score": number(v.price_score, 0 if result.formula == "jp_division" else 2, EMPTY),
                "total": number(v.total, 2, EMPTY), "status": _status(v, lang)} for v in result.vendors]

    by_vendor = []
    for vendor in result.vendors:
        rows = []
        for criterion in scheme.weighted():
            given = [s for s in vendor.criterion_scores.get(criterion["id"], {}).values() if s is not None]
            flagged = any(f.code == "spread" and f.criterion_id == criterion["id"] for f in vendor.flags)
            rows.append({
                "id": criterion["id"], "name": clean(criterion["name"]),
                "weight": f"{float(criterion['weight']):g}", "mean": number(vendor.criterion_mean.get(criterion["id"]), 2, EMPTY),
                "range": f"{min(given):.2f}–{max(given):.2f}" if given else EMPTY,
                "spread": (f"{max(given) - min(given):.2f}" + (" ⚑" if flagged else "")) if given else EMPTY})
        quality = f"{say('score.quality_score', lang)} {number(vendor.quality, 2, EMPTY)}"
        heading = (f"{clean(vendor.name)}（{quality}・{_status(vendor, lang)}）" if lang == "ja"
                   else f"{clean(vendor.name)} ({quality}, {_status(vendor, lang)})")
        by_vendor.append({"heading": heading, "rows": rows})

    gate_words = GATE_WORDS[lang]
    gates = {g["id"]: g for g in scheme.gates()}
    gate_rows, dq_summary = [], []
    for vendor in result.vendors:
        for gid, votes in vendor.gate_votes.items():
            if all(v == "pass" for v in votes.values()) and votes:
                continue
            shown = tr(lang, "、", ", ").join(
                f"{names.get(e, e)}: {gate_words[v] if v else '—'}" for e, v in votes.items())
            outcome = (say("score.disqualified", lang) if gid in vendor.failed_gates
                       else tr(lang, "合議で確認", "to confirm"))
            gate_rows.append({"vendor": clean(vendor.name), "gate": f"{gid} {clean(gates[gid]['name'])}",
                              "votes": shown, "result": outcome})
        if vendor.disqualified:
            failed = tr(lang, "、", ", ").join(f"{g} {clean(gates[g]['name'])}" for g in vendor.failed_gates)
            dq_summary.append(f"{clean(vendor.name)}: 必須要件「{failed}」を評価者の過半数が不適合と判定したため、失格としました。"
                              if lang == "ja" else
                              f"{clean(vendor.name)}: disqualified, as a majority of the evaluators failed it on {failed}.")
    if not dq_summary:
        dq_summary.append(say("score.memo_no_dq", lang))

    vendor_names = {v.id: clean(v.name) for v in result.vendors}
    flag_rows = [{"vendor": vendor_names[f.vendor_id], "item": f.criterion_id or EMPTY, "text": f.text(lang)}
                 for f in result.flags]
    solid = robustness(result)
    return {
        "consensus_rows": consensus_rows(result),
        "no_consensus": "合議により変更した評点はありません。" if lang == "ja" else "No score was changed by the consensus meeting.",
        "robustness_lead": robustness_lead(result, solid),
        "robustness_rows": robustness_rows(result, solid),
        "doc": doc,
        "summary": summary,
        "ranking": ranking,
        "ranking_note": say("score.lower_better", lang) if not result.higher_is_better else "",
        "chart_caption": say("score.memo_chart_caption", lang, max=smax),
        "by_vendor": by_vendor,
        "criteria_note": ("評点は評価者の平均です。⚑ は評価者間の差が{:g}点以上で、合議で確認する項目です。" if lang == "ja"
                          else "Scores are means over the evaluators. ⚑ marks a spread of {:g} points or more, "
                          "to be discussed in the consensus meeting.").format(scheme.spread_threshold),
        "dq_summary": dq_summary,
        "gate_rows": gate_rows,
        "flag_rows": flag_rows,
        "no_flags": say("score.memo_no_flags", lang),
        "method": method_lines(result),
        "warnings": list(result.warnings) or [say("score.memo_no_warnings", lang)],
        "files": [Path(f).name for f in result.files],
    }


def consensus_rows(result: Result) -> list[dict]:
    """Each score the consensus meeting agreed: the evaluators' spread and mean before, the agreed score, why."""
    rows = []
    for vendor in result.vendors:
        for cid, agreed in vendor.agreed.items():
            given = [s for s in vendor.criterion_scores.get(cid, {}).values() if s is not None]
            rows.append({"vendor": clean(vendor.name), "vendor_id": vendor.id, "item": cid,
                         "spread": number(max(given) - min(given), 2, EMPTY) if given else EMPTY,
                         "mean": number(sum(given) / len(given), 2, EMPTY) if given else EMPTY, "agreed": number(agreed, 2),
                         "reason": clean(vendor.agreed_reason.get(cid, ""))})
    return rows


def _order(result: Result, ids: list[str]) -> str:
    names = {v.id: clean(v.name) for v in result.vendors}
    return " > ".join(names[i] for i in ids) or EMPTY


def robustness_rows(result: Result, solid: Robustness) -> list[dict]:
    """One row per changed assumption: what was changed, the ranking it gives (or the weight change
    that gives another winner), and whether the winner changes."""
    lang = result.project.lang
    scheme = Scheme(result.project)
    names = {c["id"]: clean(c["name"]) for c in scheme.weighted()}
    evaluators = _evaluator_names(result.project)
    vendor_names = {v.id: clean(v.name) for v in result.vendors}
    yes, no = say("score.yes", lang), say("score.no", lang)
    rows = []
    for flip in solid.flips:
        test = (f"「{names[flip.criterion]}」の配点（{flip.weight:g}）" if lang == "ja"
                else f"Weight of '{names[flip.criterion]}' ({flip.weight:g})")
        if flip.change is None:
            outcome = ("この配点だけをどう変えても第1位は変わりません" if lang == "ja"
                       else "no change of this weight alone changes the winner")
        else:
            winner = ("、" if lang == "ja" else ", ").join(vendor_names[v] for v in flip.winner) or EMPTY
            outcome = (f"{flip.change:+.2f}点の変更で第1位が{winner}になります（他の配点は比例して調整）" if lang == "ja"
                       else f"a change of {flip.change:+.2f} points makes {winner} the winner (other weights scaled)")
        rows.append({"test": test, "outcome": outcome, "changed": EMPTY})
    for variant in solid.variants:
        if variant.kind == "formula":
            test = ("価格評価方式: " if lang == "ja" else "Price formula: ") + enum("price_formula", variant.subject, lang)
        elif variant.kind == "without_evaluator":
            test = (f"評価者 {evaluators.get(variant.subject, variant.subject)} を除く" if lang == "ja"
                    else f"Without evaluator {evaluators.get(variant.subject, variant.subject)}")
        else:
            test = (f"「{names.get(variant.subject, variant.subject)}」を除く（配点を他の項目に按分）" if lang == "ja"
                    else f"Without '{names.get(variant.subject, variant.subject)}' (its weight shared out)")
        rows.append({"test": test, "outcome": _order(result, variant.order), "changed": yes if variant.changed else no})
    return rows


def robustness_lead(result: Result, solid: Robustness) -> str:
    lang = result.project.lang
    flip = solid.smallest_flip
    changed = sum(1 for v in solid.variants if v.changed)
    if flip is None:
        first = ("どの評価項目の配点を単独で変えても第1位は変わりません。" if lang == "ja"
                 else "No change of any single criterion's weight changes the winner.")
    else:
        name = next(clean(c["name"]) for c in Scheme(result.project).weighted() if c["id"] == flip.criterion)
        first = (f"第1位を変える最小の配点変更は「{name}」の{flip.change:+.2f}点です。" if lang == "ja"
                 else f"The smallest single weight change that changes the winner is {flip.change:+.2f} points on '{name}'.")
    second = (f"他の前提を変えた{len(solid.variants)}通りのうち、第1位が変わるのは{changed}通りです。" if lang == "ja"
              else f"Of {len(solid.variants)} other changed assumptions, {changed} change the winner.")
    return first + second if lang == "ja" else f"{first} {second}"


def write_results_docx(project, result: Result, out: Path, templates_dir: Path | None = None) -> Path:
    template = template_path("results.docx", project.lang, templates_dir)
    return write_docx(template, memo_context(result), Path(out), images={"chart": (chart_png(result), 160)},
                      project=project)


# ------------------------------------------------------------------ the workbook

def _sheet(wb, title: str, headers: list[str], rows: list[list], widths: list[int], lang: str):
    ws = wb.create_sheet(title)
    font = "Yu Gothic" if lang == "ja" else "Calibri"
    ws.append(headers)
    head = {"font": Font(name=font, bold=True, color="FFFFFF"), "fill": PatternFill("solid", fgColor=NAVY),
            "alignment": Alignment(wrap_text=True, vertical="center")}
    body = {"font": Font(name=font), "alignment": Alignment(wrap_text=True, vertical="top")}
    for cell in ws[1]:
        restyle(cell, **head)
    for row in rows:
        ws.append(row)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                restyle(cell, number_format="#,##0.00", **body)
            else:
                restyle(cell, **body)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.oddHeader.right.text = say("score.mark", lang)
    ws.oddFooter.center.text = "&P / &N"
    return ws


def results_workbook(result: Result) -> Workbook:
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    names = _evaluator_names(project)
    yes, no = say("score.yes", lang), say("score.no", lang)
    wb = Workbook()
    wb.remove(wb.active)

    summary = [[v.rank, v.id, clean(v.name), v.quality, v.price, v.price_score, v.total,
                yes if v.disqualified else no, ", ".join(v.failed_gates), yes if v.incomplete else no,
                "\n".join(f.text(lang) for f in v.flags)] for v in result.vendors]
    ws = _sheet(wb, say("score.sheet_summary", lang),
                [say("score.rank", lang), say("score.vendor_id", lang), say("score.vendor", lang), say("score.quality_pct", lang), say("score.price", lang),
                 say("score.price_score", lang), say("score.total", lang), say("score.disqualified", lang),
                 "必須要件（不適合）" if lang == "ja" else "Failed gates", say("score.incomplete", lang), say("score.flags", lang)],
                summary, [7, 12, 30, 12, 16, 12, 12, 9, 16, 9, 70], lang)
    for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):
        row[0].number_format = "#,##0"

    by_criterion = []
    for vendor in result.vendors:
        for criterion in scheme.weighted():
            scores = vendor.criterion_scores.get(criterion["id"], {})
            given = [s for s in scores.values() if s is not None]
            mean = vendor.criterion_mean.get(criterion["id"])
            spread = max(given) - min(given) if given else None
            by_criterion.append([vendor.id, clean(vendor.name), criterion["id"], clean(criterion["name"]),
                                 float(criterion["weight"]), mean, min(given) if given else None,
                                 max(given) if given else None, spread,
                                 None if mean is None else float(criterion["weight"]) * mean / smax,
                                 yes if spread is not None and len(given) > 1 and spread >= scheme.spread_threshold - 1e-9 else no,
                                 len(given)])
    _sheet(wb, say("score.sheet_by_criterion", lang),
           [say("score.vendor_id", lang), say("score.vendor", lang), say("score.id", lang), say("score.criterion", lang), say("score.weight", lang),
            say("score.mean", lang), say("score.min", lang), say("score.max", lang), say("score.spread", lang), say("score.weighted", lang),
            "合議で確認" if lang == "ja" else "Consensus flag", say("score.evaluators_count", lang)],
           by_criterion, [12, 28, 10, 40, 8, 9, 9, 9, 9, 10, 12, 10], lang)

    gate_words, cov_words = GATE_WORDS[lang], COVERAGE_WORDS[lang]
    per_evaluator = []
    for vendor in result.vendors:
        for evaluator in result.evaluators:
            if evaluator not in vendor.evaluator_quality:
                continue
            comments = vendor.comments.get(evaluator, {})
            per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), "",
                                  say("score.quality_total", lang), vendor.evaluator_quality[evaluator], ""])
            for gid, votes in vendor.gate_votes.items():
                verdict = votes.get(evaluator)
                per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), gid,
                                      clean(next(g["name"] for g in scheme.gates() if g["id"] == gid)),
                                      gate_words[verdict] if verdict else None, comments.get(gid, "")])
            for criterion in scheme.weighted():
                per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), criterion["id"],
                                      clean(criterion["name"]), vendor.criterion_scores[criterion["id"]].get(evaluator),
                                      comments.get(criterion["id"], "")])
            for requirement in scheme.checklist():
                status = vendor.checklist.get(evaluator, {}).get(requirement.id)
                per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), requirement.id,
                                      clean(requirement.text), cov_words[status] if status else None,
                                      comments.get(requirement.id, "")])
    _sheet(wb, say("score.sheet_by_evaluator", lang),
           [say("score.id", lang), say("score.evaluator", lang), say("score.vendor_id", lang), say("score.vendor", lang), say("score.id", lang),
            say("score.criterion", lang), say("score.score", lang), say("score.comment", lang)],
           per_evaluator, [10, 18, 12, 26, 12, 44, 12, 50], lang)

    vendor_names = {v.id: clean(v.name) for v in result.vendors}
    _sheet(wb, say("score.sheet_flags", lang), [say("score.vendor_id", lang), say("score.vendor", lang), say("score.id", lang), say("score.flags", lang)],
           [[f.vendor_id, vendor_names[f.vendor_id], f.criterion_id or "", f.text(lang)] for f in result.flags],
           [12, 28, 12, 100], lang)
    solid = robustness(result)
    _sheet(wb, say("score.sheet_robustness", lang), [say("score.test", lang), say("score.outcome", lang), say("score.winner_changes", lang)],
           [[r["test"], r["outcome"], r["changed"]] for r in robustness_rows(result, solid)], [50, 90, 14], lang)
    _sheet(wb, say("score.sheet_consensus", lang),
           [say(f"score.{key}", lang) for key in ("vendor_id", "vendor", "id", "spread", "mean", "agreed", "reason")],
           [[r["vendor_id"], r["vendor"], r["item"], r["spread"], r["mean"], r["agreed"], r["reason"]]
            for r in consensus_rows(result)], [12, 28, 12, 10, 10, 12, 70], lang)
    audit = [[a["read_at"], say("score.audit_read", lang), Path(a["file"]).name, a["kind"], a["evaluator"], a["modified"], a["sha256"], ""]
             for a in result.audit]
    audit += [[audit[0][0] if audit else "", say("score.audit_lot", lang) if c["kind"] == "lot" else say("score.audit_agreed", lang),
               Path(c["file"]).name, c["cell"], c["vendor"], c["criterion"], c["agreed"], c["reason"]] for c in result.consensus]
    _sheet(wb, say("score.sheet_audit", lang),
           [say("score.audit_when", lang), say("score.audit_what", lang), say("score.file", lang), say("score.audit_kind", lang), say("score.audit_who", lang),
            say("score.audit_modified", lang), say("score.audit_checksum", lang), say("score.reason", lang)], audit,
           [24, 16, 34, 12, 12, 24, 66, 40], lang)
    method = [[line] for line in method_lines(result)]
    method += [[""]] + [[f"{'注意' if lang == 'ja' else 'Note'}: {line}"] for line in result.warnings]
    method += [[""]] + [[f"{say('score.file', lang)}: {Path(f).name}"] for f in result.files]
    _sheet(wb, say("score.sheet_method", lang), [say("score.memo_method", lang).split(" ", 1)[-1]], method, [140], lang)
    apply_to_workbook(wb, file_properties(project, say("score.kind_results", lang)))
    for ws in wb.worksheets:  # the project's confidentiality label, not the stock one
        ws.oddHeader.right.text = internal_mark(project)
    return wb


def write_results_xlsx(project, result: Result, out: Path) -> Path:
    buffer = io.BytesIO()
    text_only(results_workbook(result)).save(buffer)
    atomic_write_bytes(out, buffer.getvalue())
    return Path(out)
