"""Running headers on one line: the document's title at the left, its confidentiality mark at the right.

A long title beside a long mark (取扱注意（関係者限り・複製禁止）) broke the header onto two lines: the mark
went under the title, or broke inside itself. The mark is what the reader must not miss, so it stays
whole; the title gives way, shortened with an ellipsis (the document's kind after it kept), where the
line cannot hold both.
"""
from __future__ import annotations

import re

from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from .measure import TABLE_POINTS, _mm

ELLIPSIS = "…"
_GAP_MM = 4.0  # room kept between the title and the mark
_LEAST_TITLE_MM = 25.0  # a shortened title keeps at least this much of itself, else it gives way to the kind alone
# Calibri's advance widths (its metric twin Carlito's, which LibreOffice prints with) for ASCII 32–126, in
# 1/2048 em. The English templates set Latin text in Calibri; measured with the tables' safe estimate (a
# wide Latin letter) an English title that fitted with room to spare was cut with an ellipsis.
_CALIBRI = (463, 667, 821, 1020, 1038, 1464, 1397, 452, 621, 621, 1020, 1020, 511, 627, 517, 791, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 548, 548, 1020, 1020, 1020, 949, 1831, 1185, 1114, 1092, 1260, 1000, 941, 1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162, 1822, 1063, 998, 959, 628, 791, 628, 1020, 1020, 596, 981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076, 1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 644, 943, 644, 1020)
_CALIBRI_BOLD = 1.03  # bold Calibri is about 3 % wider
# the separator before the document's kind in a header (「タイトル　評価者ガイド」, "Title – Evaluator guide")
_KIND = re.compile(r"(?:\u3000| – )(?!.*(?:\u3000| – ))")


def _width_mm(text: str, points: float, bold: bool = False, calibri: bool = False) -> float:
    """How wide `text` prints at `points`: Latin by Calibri's own widths where the font is Calibri, the rest
    (and every letter in another font) by the tables' estimate."""
    if not calibri:
        return _mm(text, bold) * points / TABLE_POINTS
    em_mm = points * 25.4 / 72 / 2048 * (_CALIBRI_BOLD if bold else 1)
    latin = [ch for ch in text if " " <= ch <= "~"]
    rest = "".join(ch for ch in text if not " " <= ch <= "~")
    return sum(_CALIBRI[ord(ch) - 32] for ch in latin) * em_mm + (_mm(rest, bold) * points / TABLE_POINTS if rest else 0)


def ellipsised(text: str, room_mm: float, points: float, bold: bool = False, calibri: bool = False) -> str:
    """`text` as it fits `room_mm` at `points`: whole, or cut with an ellipsis (at a space where one is near)."""
    def width(s: str) -> float:
        return _width_mm(s, points, bold, calibri)

    if width(text) <= room_mm:
        return text
    cut = len(text)
    while cut > 1 and width(text[:cut].rstrip() + ELLIPSIS) > room_mm:
        cut -= 1
    head = text[:cut]
    # not inside a bracket nor a word: back to the bracket's opening or the last space, if not far back
    opened = max(head.rfind("（"), head.rfind("("))
    if opened > cut // 2 and max(head.rfind("）"), head.rfind(")")) < opened:
        head = head[:opened]
    elif cut < len(text) and text[cut - 1].isascii() and text[cut].isalnum() and head.rfind(" ") > cut // 2:
        head = head[:head.rfind(" ")]
    return head.rstrip(" \u3000–-・、,") + ELLIPSIS


def one_line_title(title: str, mark: str, line_mm: float, points: float, mark_points: float | None = None,
                   mark_bold: bool = False, calibri: bool = False) -> str:
    """The header's left text `title` shortened so that it and `mark` share one line `line_mm` wide; the
    document's kind after the title's last separator is kept whole. `calibri`: Latin text is set in Calibri."""
    mark_points = mark_points or points
    room = line_mm - _width_mm(mark, mark_points, mark_bold, calibri) - _GAP_MM
    if _width_mm(title, points, calibri=calibri) <= room:
        return title
    found = _KIND.search(title)
    kind = title[found.start():] if found else ""
    head = title[:found.start()] if found else title
    head_room = room - _width_mm(kind, points, calibri=calibri)
    if found and head_room < _LEAST_TITLE_MM:  # a title cut to a letter or two says nothing: the kind alone
        return ellipsised(kind[found.end() - found.start():], room, points, calibri=calibri)
    return ellipsised(head, head_room, points, calibri=calibri) + kind


def _points(run, default: float) -> float:
    return run.font.size.pt if run.font.size is not None else default


def fit_running_headers(document) -> None:
    """Every running header of a python-docx `document` whose title and mark are split by a tab (the
    templates' header) kept on one line: the title shortened (one_line_title), the mark whole. The header
    parts are read through the relationships: docxtpl replaces the parts it renders there."""
    fonts = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    calibri = fonts is not None and fonts.get(qn("w:ascii")) == "Calibri"
    for section in document.sections:
        line_mm = (section.page_width - section.left_margin - section.right_margin) / 36000
        for reference in section._sectPr.findall(qn("w:headerReference")):
            part = document.part.rels[reference.get(qn("r:id"))].target_part
            for p in part.element.iter(qn("w:p")):
                runs = Paragraph(p, None).runs
                tab = next((i for i, run in enumerate(runs) if run._r.find(qn("w:tab")) is not None), None)
                if tab is None:
                    continue
                left, right = [r for r in runs[:tab] if r.text], [r for r in runs[tab + 1:] if r.text]
                if not left or not right:
                    continue
                title = "".join(r.text for r in left)
                shown = one_line_title(title, "".join(r.text for r in right), line_mm, _points(left[0], 10.5),
                                       _points(right[0], 10.5), bool(right[0].bold), calibri)
                if shown != title:
                    left[0].text = shown
                    for run in left[1:]:
                        run.text = ""
