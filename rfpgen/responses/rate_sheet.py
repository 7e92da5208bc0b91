"""The price workbook's sheet of the rate structure: the rows the RFP prints, for the evaluators who
see prices (kept apart from the report so the scoring workbooks can import it without a cycle)."""
from __future__ import annotations

from ..documents.properties import internal_mark
from ..documents.xlsx import fitted_width, font_name, page_setup, row_height, wrapped_lines, write_value
from ..text import display_width
from ..words import say

_OPEN, _CLOSE = "（(", "）)・、"


def _broken(text, most: float):
    """`text` in lines of at most `most` - 2 display units where it can break: after a space,
    before an opening bracket, after a closing bracket, ・ or 、; a line with no such break stays whole."""
    if not isinstance(text, str) or display_width(text) + 2 <= most:
        return text
    breaks = [i for i in range(1, len(text)) if text[i] == " " or text[i] in _OPEN or text[i - 1] in _CLOSE]
    fitting = [i for i in breaks if display_width(text[:i].rstrip()) + 2 <= most]
    if not (fitting or breaks):
        return text
    # a break after punctuation reads best (per program, / per contract year), if it leaves a fair first line
    punct = [i for i in fitting if text[i - 1] in ",、・）)" and display_width(text[:i]) * 2 >= most]
    # and a bracketed note whole on its own line better still: Hybrid / (base + variable + incentive)
    note = [i for i in fitting if text[i] in _OPEN and display_width(text[i:]) + 2 <= most]
    at = note[-1] if note else punct[-1] if punct else fitting[-1] if fitting else breaks[0]
    cut = at + 1 if text[at] == " " else at  # a space stays at the end of its line: joined, the lines are the entry
    return text[:cut] + "\n" + str(_broken(text[cut:], most))


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
    # each column at most so wide that the sheet prints legibly on A4 landscape (at 80% or more); an entry
    # wider breaks where it reads (after a bracket or ・, before a bracketed note, at a space), so no
    # line is a lone bracket; the last column, the quantity's sentence, wraps
    caps = (26, 34, 17, 24) if lang == "ja" else (31, 26, 17, 24)
    rows = [[_broken(value, caps[col]) if col < len(caps) else value for col, value in enumerate(r)]
            for r in structure_rows(project)]
    widths = [fitted_width([head] + [r[col] for r in rows], most) for col, (head, most) in enumerate(zip(heads, caps))]
    widths.append(36)
    ws.merge_range(0, 0, 0, len(widths) - 1, say("score.rate_sheet_note", lang), book.add_format(font))
    ws.set_row(0, row_height(wrapped_lines(say("score.rate_sheet_note", lang), sum(widths))))
    ws.write_row(2, 0, heads, head)
    for row, values in enumerate(rows, start=3):
        for col, value in enumerate(values):
            write_value(ws, row, col, value, cell)
        ws.set_row(row, row_height(max(wrapped_lines(value, width) for value, width in zip(values, widths))))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    page_setup(ws, lang, mark=internal_mark(project))
    ws.repeat_rows(2)
    ws.protect()
