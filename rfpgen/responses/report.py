"""The analysis shown to people: the command's table, a sheet in results.xlsx (and responses.xlsx),
and a section of the decision memo with one table per vendor and a chart of cost across the bands."""
from __future__ import annotations

import io
from pathlib import Path

from ..text import clean
from ..words import enum
from .analysis import Analysis, VendorAnalysis

WORDS = {
    "ja": {"section": "提案回答書の分析（価格の正規化と要員計画の妥当性）", "vendor": "提案者", "model": "価格方式",
           "screening": "一次審査", "disqualified": "失格", "passed": "指摘なし", "findings": "{n}件の指摘",
           "expected": "総額（当社予測）", "band": "総額（業務量{band}）", "cheapest": "最安", "initial": "うち初期費用",
           "sl": "推定サービスレベル（最も低い月）", "fte": "FTE（提案／当社試算）", "per_hour": "生産時間あたり価格",
           "flags": "注意事項", "none": "なし", "chart_title": "業務量の変動と総額", "chart_x": "業務量", "chart_y": "総額（百万）",
           "forecast": "当社予測", "chart_caption": "図：業務量の水準ごとの総額（初期費用を含む、{currency}）",
           "intro": "各社の単価と要員計画を当社予測の業務量に当てはめて総額を算定し（価格点はこの総額で算定）、要員計画を当社の要員モデルで検証した結果です。",
           "workload": "繰越業務（稼働率{occ}、{month}）", "file": "提案回答書", "sheet": "提案回答書の分析"},
    "en": {"section": "Vendor responses: normalised cost and staffing plausibility", "vendor": "Vendor", "model": "Pricing model",
           "screening": "Screening", "disqualified": "disqualified", "passed": "no findings", "findings": "{n} finding(s)",
           "expected": "Cost at the forecast", "band": "Cost at {band} volume", "cheapest": "cheapest", "initial": "of which initial",
           "sl": "Implied service level (worst month)", "fte": "FTE (vendor / client estimate)", "per_hour": "Price per production hour",
           "flags": "Flags", "none": "none", "chart_title": "Cost across volume bands", "chart_x": "Volume", "chart_y": "Cost (millions)",
           "forecast": "forecast", "chart_caption": "Figure: total cost at each volume band (initial costs included, {currency})",
           "intro": "Each offer's rates and staffing plan applied to the client's forecast (the price score uses this normalised "
                    "cost), and each staffing plan run through the client's staffing model.",
           "workload": "deferred work (occupancy {occ}, {month})", "file": "Response form", "sheet": "Vendor responses"},
}


def t(lang: str, word: str, **values) -> str:
    text = WORDS[lang][word]
    return text.format(**values) if values else text


def _money(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _service_levels(vendor: VendorAnalysis, lang: str) -> str:
    parts = []
    for program, check in vendor.checks.items():
        worst = check.worst
        if check.target is None:
            parts.append(f"{program}: " + t(lang, "workload", occ=f"{worst['occupancy']:.0%}", month=worst["month"]))
        else:
            parts.append(f"{program}: {worst['service_level']:.1%} / {check.target:.0%} ({worst['month']})")
    return "\n".join(parts) or "—"


def vendor_rows(analysis: Analysis, vendor: VendorAnalysis, lang: str) -> list[tuple[str, str]]:
    """Label/value rows describing one vendor: the memo's table and the workbook's block."""
    cheapest = analysis.cheapest()
    def label(band: str) -> str:
        return t(lang, "expected") if band == "expected" else t(lang, "band", band=band)

    screening = t(lang, "passed") if not vendor.findings else t(lang, "findings", n=len(vendor.findings))
    if vendor.disqualified:
        screening += f" ({t(lang, 'disqualified')})"
    rows = [(t(lang, "file"), Path(vendor.file).name), (t(lang, "model"), enum("pricing_model", vendor.model, lang)),
            (t(lang, "screening"), screening)]
    rows += [(label(b), _money(analysis.cost_at(vendor, b)) + (f" ({t(lang, 'cheapest')})" if cheapest[b] == vendor.id else ""))
             for b in analysis.labels()]
    rows.append((t(lang, "initial"), _money(vendor.initial)))
    fte = vendor.fte_vs_reference()["total"]
    ratio = f" ({fte['ratio']:.0%})" if fte["ratio"] is not None else ""
    rows += [(t(lang, "sl"), _service_levels(vendor, lang)),
             (t(lang, "fte"), f"{fte['vendor']:,.1f} / {fte['reference']:,.1f}{ratio}"),
             (t(lang, "per_hour"), _money(vendor.price_per_production_hour)),
             (t(lang, "flags"), "\n".join(f.text(lang) for f in vendor.flags) or t(lang, "none"))]
    return rows


def table_text(analysis: Analysis, lang: str) -> str:
    """What `rfpgen responses` prints: a block per vendor, then the screening findings with their cells."""
    out = []
    for vendor in analysis.vendors:
        out.append(f"{vendor.id}  {clean(vendor.name)}")
        for label, value in vendor_rows(analysis, vendor, lang):
            lines = value.split("\n")
            out.append(f"  {label}: {lines[0]}")
            out += [f"      {line}" for line in lines[1:]]
        for finding in vendor.findings:
            out.append(f"  - {finding}")
        out.append("")
    return "\n".join(out).rstrip()


def chart_png(analysis: Analysis) -> bytes:
    """Total cost per vendor at each volume band (a line per vendor), the forecast in between."""
    import matplotlib

    from ..documents.charts import figure, font_family, png

    lang = analysis.project.lang
    points = sorted([(0.0, "expected")] + [(b, f"{b:+g}%") for b in analysis.bands_pct])
    palette = ["#1F3A5F", "#C0504D", "#9BBB59", "#8064A2", "#F79646", "#4BACC6", "#7F7F7F", "#4F81BD"]
    with matplotlib.rc_context({"font.family": font_family(), "axes.unicode_minus": False}):
        fig = figure(6.4, 3.2)
        ax = fig.add_subplot(1, 1, 1)
        xs = [b for b, _ in points]
        for i, vendor in enumerate(analysis.vendors):
            ys = [analysis.cost_at(vendor, label) / 1e6 for _, label in points]
            ax.plot(xs, ys, marker="o", color=palette[i % len(palette)], linewidth=2,
                    linestyle="--" if vendor.disqualified else "-", label=clean(vendor.name))
        ax.set_xticks(xs)
        ax.set_xticklabels([t(lang, "forecast") if label == "expected" else label for _, label in points], fontsize=8)
        ax.set_xlabel(t(lang, "chart_x"))
        ax.set_ylabel(t(lang, "chart_y"))
        ax.set_title(t(lang, "chart_title"), fontsize=10)
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        return png(fig)


def add_sheet(wb, analysis: Analysis) -> None:
    """A sheet with a block per vendor (openpyxl workbook: results.xlsx or responses.xlsx)."""
    from openpyxl.styles import Alignment, Font, PatternFill

    lang = analysis.project.lang
    ws = wb.create_sheet(t(lang, "sheet"))
    font = "Yu Gothic" if lang == "ja" else "Calibri"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 90
    ws.append([t(lang, "intro")])
    ws["A1"].font = Font(name=font, bold=True)
    for vendor in analysis.vendors:
        ws.append([])
        ws.append([f"{vendor.id} {clean(vendor.name)}"])
        head = ws.cell(ws.max_row, 1)
        head.font = Font(name=font, bold=True, color="FFFFFF")
        head.fill = PatternFill("solid", fgColor="1F3A5F")
        for label, value in vendor_rows(analysis, vendor, lang):
            ws.append([label, value])
            ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
        for finding in vendor.findings:
            ws.append(["", str(finding)])
            ws.cell(ws.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")


def write_workbook(analysis: Analysis, out: Path) -> Path:
    from openpyxl import Workbook

    from ..fileio import atomic_write_bytes
    from ..scoring.sheets import text_only

    wb = Workbook()
    wb.remove(wb.active)
    add_sheet(wb, analysis)
    buffer = io.BytesIO()
    text_only(wb).save(buffer)
    atomic_write_bytes(out, buffer.getvalue())
    return out


def amend_results(analysis: Analysis, xlsx: Path, docx: Path) -> None:
    """Carry the analysis into the written results.xlsx and the decision memo (results.docx)."""
    from docx import Document
    from docx.shared import Cm
    from openpyxl import load_workbook

    from ..fileio import atomic_write_bytes
    from ..scoring.sheets import text_only

    wb = load_workbook(xlsx)
    add_sheet(wb, analysis)
    buffer = io.BytesIO()
    text_only(wb).save(buffer)
    atomic_write_bytes(xlsx, buffer.getvalue())

    lang = analysis.project.lang
    doc = Document(str(docx))
    numbered = [p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text[:1].isdigit()]
    doc.add_heading(f"{len(numbered) + 1}. {t(lang, 'section')}", level=1)
    doc.add_paragraph(t(lang, "intro"))
    for vendor in analysis.vendors:
        doc.add_heading(f"{clean(vendor.name)}（{vendor.id}）" if lang == "ja" else f"{clean(vendor.name)} ({vendor.id})", level=2)
        rows = vendor_rows(analysis, vendor, lang)
        table = doc.add_table(rows=len(rows), cols=2)
        try:
            table.style = "Table Grid"
        except (KeyError, ValueError):
            pass
        for i, (label, value) in enumerate(rows):
            table.cell(i, 0).text, table.cell(i, 1).text = label, value
            table.cell(i, 0).width, table.cell(i, 1).width = Cm(5), Cm(11)
    doc.add_picture(io.BytesIO(chart_png(analysis)), width=Cm(15))
    doc.add_paragraph(t(lang, "chart_caption", currency=analysis.project.section("pricing").get("currency", "JPY")))
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(docx, buffer.getvalue())
