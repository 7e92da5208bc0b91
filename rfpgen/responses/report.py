"""The analysis shown to people: the command's table, a sheet in results.xlsx (and responses.xlsx),
and a section of the decision memo with one table per vendor and a chart of cost across the bands."""
from __future__ import annotations

import io
import math
from pathlib import Path

from ..text import clean
from ..words import currency_name, enum, say
from . import rates
from .analysis import Analysis, VendorAnalysis, band_label


def money_text(value: float | None) -> str:
    """An amount as the analysis prints it everywhere (table, workbook, memo, wizard): whole units."""
    return "—" if value is None else f"{value:,.0f}"


_money = money_text


def _service_levels(vendor: VendorAnalysis, lang: str) -> str:
    parts = []
    for program, check in vendor.checks.items():
        worst = check.worst
        if check.target is None:
            occupancy = f"{worst['occupancy']:.0%}" if math.isfinite(worst["occupancy"]) else "—"
            parts.append(f"{program}: " + say("responses.memo_workload", lang, occ=occupancy, month=worst["month"]))
        else:
            parts.append(f"{program}: {worst['service_level']:.1%} / {check.target:.0%} ({worst['month']})")
    return "\n".join(parts) or "—"


def vendor_rows(analysis: Analysis, vendor: VendorAnalysis, lang: str) -> list[tuple[str, str]]:
    """Label/value rows describing one vendor: the memo's table and the workbook's block."""
    cheapest = analysis.cheapest()
    def label(band: str) -> str:
        return say("responses.memo_expected", lang) if band == "expected" else say("responses.memo_band", lang, band=band)

    screening = say("responses.memo_passed", lang) if not vendor.findings else say("responses.memo_findings", lang, n=len(vendor.findings))
    if vendor.disqualified:
        screening += f" ({say('responses.memo_disqualified', lang)})"
    rows = [(say("responses.memo_file", lang), Path(vendor.file).name), (say("responses.memo_model", lang), enum("pricing_model", vendor.model, lang)),
            (say("responses.memo_screening", lang), screening)]
    rows += [(label(b), _money(analysis.cost_at(vendor, b)) + (f" ({say('responses.memo_cheapest', lang)})" if cheapest[b] == vendor.id else ""))
             for b in analysis.labels()]
    rows.append((say("responses.memo_initial", lang), _money(vendor.initial)))
    fte = vendor.fte_vs_reference()["total"]
    ratio = f" ({fte['ratio']:.0%})" if fte["ratio"] is not None else ""
    rows += [(say("responses.memo_sl", lang), _service_levels(vendor, lang)),
             (say("responses.memo_fte", lang), f"{fte['vendor']:,.1f} / {fte['reference']:,.1f}{ratio}"),
             (say("responses.memo_per_hour", lang), _money(vendor.price_per_production_hour)),
             (say("responses.memo_flags", lang), "\n".join(f.text(lang) for f in vendor.flags) or say("responses.memo_none", lang))]
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

    from ..documents.pictures import figure, font_family, png

    lang = analysis.project.lang
    points = sorted([(0.0, "expected")] + [(b, band_label(b)) for b in analysis.bands_pct])  # the analysis's keys
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
        ax.set_xticklabels([say("responses.memo_forecast", lang) if label == "expected" else rates.band_label(b)
                            for b, label in points], fontsize=8)  # a band's tick with a true minus
        ax.set_xlabel(say("responses.memo_chart_x", lang))
        ax.set_ylabel(say("responses.memo_chart_y", lang))
        ax.set_title(say("responses.memo_chart_title", lang), fontsize=10)
        ax.spines["top"].set_visible(False)
        ax.spines["right"].set_visible(False)
        ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        return png(fig)


def add_sheet(book, analysis: Analysis) -> None:
    """A sheet with a block per vendor, in an XlsxWriter workbook (results.xlsx or responses.xlsx)."""
    from ..documents.xlsx import font_name, write_value

    lang = analysis.project.lang
    ws = book.add_worksheet(say("responses.memo_sheet", lang))
    font = font_name(lang)
    bold = book.add_format({"font_name": font, "bold": True})
    head = book.add_format({"font_name": font, "bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3A5F"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 90)
    ws.write(0, 0, say("responses.memo_intro", lang), bold)
    row = 1
    for vendor in analysis.vendors:
        ws.write(row + 1, 0, f"{vendor.id} {clean(vendor.name)}", head)  # after a blank row
        row += 2
        lines = vendor_rows(analysis, vendor, lang) + [("", str(finding)) for finding in vendor.findings]
        for label, value in lines:
            write_value(ws, row, 0, label)
            write_value(ws, row, 1, value, wrap)
            row += 1


def write_workbook(analysis: Analysis, out: Path) -> Path:
    """responses.xlsx: the analysis on its own."""
    from ..documents.properties import file_properties
    from ..documents.xlsx import new_workbook
    from ..fileio import atomic_write_bytes

    buffer = io.BytesIO()
    book = new_workbook(buffer)
    add_sheet(book, analysis)
    book.set_properties(file_properties(analysis.project, say("responses.memo_sheet", analysis.project.lang)))
    book.close()
    atomic_write_bytes(out, buffer.getvalue())
    return out


def _closing_last(doc) -> None:
    """The memo's closing line (以上) stays its last paragraph after the section added here; where the
    memo closed with a table, the line was that table's closing row (documents.finish), which goes."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    closing = say("doc.closing", "ja")  # an English memo has no closing line
    body = doc.element.body
    in_row = [p for tbl in body.iterchildren(qn("w:tbl")) for tr in tbl.iterchildren(qn("w:tr"))
              if len(tr.findall(qn("w:tc"))) == 1 for p in tr.find(qn("w:tc")).iterchildren(qn("w:p"))]
    ends = [p for p in [*body.iterchildren(qn("w:p")), *in_row] if Paragraph(p, doc).text.strip() == closing]
    if ends:
        last = ends[-1]
        holder = last.getparent()
        if holder.tag == qn("w:tc"):
            row = holder.getparent()
            row.getparent().remove(row)
        else:
            body.remove(last)
        sect = body.find(qn("w:sectPr"))
        if sect is not None:
            sect.addprevious(last)
        else:
            body.append(last)


def amend_memo(analysis: Analysis, docx: Path) -> None:
    """Carry the analysis into the written decision memo (results.docx); results.xlsx is written with
    it (scoring.write_results)."""
    from docx import Document
    from docx.shared import Cm

    from ..fileio import atomic_write_bytes

    lang = analysis.project.lang
    doc = Document(str(docx))
    numbered = [p.text for p in doc.paragraphs if p.style.name == "Heading 1" and p.text[:1].isdigit()]
    doc.add_heading(f"{len(numbered) + 1}. {say('responses.memo_section', lang)}", level=1)
    doc.add_paragraph(say("responses.memo_intro", lang))
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
    doc.add_paragraph(say("responses.memo_chart_caption", lang, currency=currency_name(analysis.project.section("pricing").get("currency", "JPY"), lang)))
    _closing_last(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    atomic_write_bytes(docx, buffer.getvalue())
