"""The price workbook's sheet of the rate structure: the rows the RFP prints, for the evaluators who
see prices (kept apart from the report so the scoring workbooks can import it without a cycle)."""
from __future__ import annotations

from ..documents.xlsx import fitted_width, font_name, page_setup, row_height, wrapped_lines, write_value


def add_rate_structure_sheet(book, project) -> None:
    """The price workbook's sheet of the rate structure (the rows the RFP prints), and where the
    prices come from: the response forms' normalised cost. `book`: an XlsxWriter workbook."""
    from .rates import structure_rows

    lang = project.lang
    ws = book.add_worksheet("価格体系" if lang == "ja" else "Rate structure")
    font = {"font_name": font_name(lang), "font_size": 10, "text_wrap": True, "valign": "top"}
    head = book.add_format({**font, "bold": True, "font_color": "#FFFFFF", "bg_color": "#1F3A5F", "border": 1,
                            "border_color": "#A6A6A6", "valign": "vcenter"})
    cell = book.add_format({**font, "border": 1, "border_color": "#A6A6A6"})
    heads = ["価格方式", "単価項目", "単位", "単価の区分", "数量の算定"] if lang == "ja" \
        else ["Pricing model", "Rate", "Unit", "Priced", "Quantity counted as"]
    rows = structure_rows(project)
    # each column as wide as its longest entry (a rate's bracketed note left alone on a line read as
    # a lone bracket), but the last, the quantity's sentence, which wraps
    widths = [fitted_width([head] + [r[col] for r in rows], most) for col, (head, most) in enumerate(zip(heads, (40, 44, 30, 36)))]
    widths.append(56)
    ws.merge_range(0, 0, 0, len(widths) - 1,
                   "提案回答書の価格体系。集計時に提案回答書を読み込むと、この体系で委託元の予測に当てはめた総額を価格として用いる（価格の入力は不要）。"
                   if lang == "ja" else "The rate structure of the response form. When the filled response forms are read in with the "
                   "scoring sheets, each offer's total under the client's forecast is used as its price (no price needs typing).",
                   book.add_format(font))
    ws.set_row(0, 30)
    ws.write_row(2, 0, heads, head)
    for row, values in enumerate(rows, start=3):
        for col, value in enumerate(values):
            write_value(ws, row, col, value, cell)
        ws.set_row(row, row_height(max(wrapped_lines(value, width) for value, width in zip(values, widths))))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    page_setup(ws)
    ws.repeat_rows(2)
    ws.protect()
