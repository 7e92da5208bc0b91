"""The price workbook's sheet of the rate structure: the rows the RFP prints, for the evaluators who
see prices (kept apart from the report so the scoring workbooks can import it without a cycle)."""
from __future__ import annotations


def add_rate_structure_sheet(wb, project) -> None:
    """The price workbook's sheet of the rate structure (the rows the RFP prints), and where the
    prices come from: the response forms' normalised cost."""
    from openpyxl.styles import Alignment, Font, PatternFill

    from .rates import structure_rows

    lang = project.lang
    ws = wb.create_sheet("価格体系" if lang == "ja" else "Rate structure")
    font = "Yu Gothic" if lang == "ja" else "Calibri"
    ws.append(["提案回答書の価格体系。集計時に提案回答書を読み込むと、この体系で委託元の予測に当てはめた総額を価格として用いる（価格の入力は不要）。"
               if lang == "ja" else "The rate structure of the response form. When the filled response forms are read in with the "
               "scoring sheets, each offer's total under the client's forecast is used as its price (no price needs typing)."])
    ws.append([])
    ws.append(["価格方式", "単価項目", "単位", "単価の区分", "数量の算定"] if lang == "ja"
              else ["Pricing model", "Rate", "Unit", "Priced", "Quantity counted as"])
    for cell in ws[3]:
        cell.font = Font(name=font, bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F3A5F")
    for row in structure_rows(project):
        ws.append(row)
    for col, width in zip("ABCDE", (30, 36, 18, 30, 60)):
        ws.column_dimensions[col].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True
