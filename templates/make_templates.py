"""Regenerate the default Word templates in templates/ja and templates/en.

The .docx files are the real templates: clients copy them (`rfpgen templates export`) and restyle
them in Word. This script is how the defaults are made, so that the Japanese and English templates
share one structure and one look. Change the look here, rerun, and commit the .docx files:

    .venv/bin/python templates/make_templates.py

The building blocks below (styles with East Asian fonts, cover page, header/footer with page
numbers, table of contents, tables whose header row repeats) are also used by the scoring
templates' script, make_scoring_templates.py.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from rfpgen.words import say

HERE = Path(__file__).resolve().parent
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)   # dark navy for headings and table headers
MUTED = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "1F3A5F"
STRIPE_FILL = "EEF2F7"

FONTS = {
    # latin, east asian
    "ja": ("Yu Gothic", "游ゴシック"),
    "en": ("Calibri", "游ゴシック"),
}


# ------------------------------------------------------------------ styles

def _set_fonts(style_or_run_element, lang: str) -> None:
    latin, east_asian = FONTS[lang]
    rpr = style_or_run_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme_attr)) is not None:
            del fonts.attrib[qn(theme_attr)]


def _style(doc, name, *, size=None, bold=None, color=None, before=None, after=None, keep_next=None, lang="ja"):
    style = doc.styles[name]
    _set_fonts(style.element, lang)
    if size:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next is not None:
        fmt.keep_with_next = keep_next
    return style


def new_document(lang: str) -> Document:
    """An A4 document with the house styles; Japanese text uses a Japanese font (w:eastAsia)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(22)
    section.left_margin = section.right_margin = Mm(22)
    section.header_distance = section.footer_distance = Mm(10)

    # document defaults: fonts and East Asian language, so Word never falls back to a Chinese font
    rpr_default = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr_default.find(qn("w:rFonts"))
    latin, east_asian = FONTS[lang]
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    lang_el = rpr_default.find(qn("w:lang"))
    if lang_el is None:
        lang_el = OxmlElement("w:lang")
        rpr_default.append(lang_el)
    # Western text is tagged English in both languages, as Japanese Word does (en-US / ja-JP): a
    # Japanese tag on Latin text lets LibreOffice break words, numbers and addresses anywhere
    lang_el.set(qn("w:val"), "en-US" if lang == "ja" else "en-GB")
    lang_el.set(qn("w:eastAsia"), "ja-JP")

    normal = _style(doc, "Normal", size=10.5, lang=lang, after=4)
    normal.paragraph_format.line_spacing = 1.25
    _style(doc, "Title", size=24, bold=True, color=ACCENT, after=12, lang=lang)
    _style(doc, "Subtitle", size=14, color=MUTED, after=6, lang=lang)
    _style(doc, "Heading 1", size=16, bold=True, color=ACCENT, before=18, after=8, keep_next=True, lang=lang)
    _style(doc, "Heading 2", size=13, bold=True, color=ACCENT, before=12, after=4, keep_next=True, lang=lang)
    _style(doc, "Heading 3", size=11, bold=True, color=ACCENT, before=8, after=2, keep_next=True, lang=lang)
    _style(doc, "List Bullet", size=10.5, lang=lang, after=2)
    _style(doc, "Caption", size=9, color=MUTED, lang=lang)
    # headings of the front matter (revision history, contents): look like Heading 1, stay out of the outline
    front = doc.styles.add_style("Front Heading", 1)
    front.base_style = doc.styles["Normal"]
    _style(doc, "Front Heading", size=16, bold=True, color=ACCENT, before=12, after=8, keep_next=True, lang=lang)
    # entries of the table of contents (Word's built-in "toc n" styles, which LibreOffice maps to its own)
    # (compact: a chapter is larger and bold, with a little space above it; a section line is an exact
    # 11 pt, as a Japanese font's single spacing (1.45 em) would make the contents a page longer, and the
    # examples' hundred entries fill two pages with a few lines to spare instead of spilling two onto a third)
    for level in (1, 2):
        entry = doc.styles.add_style(f"toc {level}", 1)
        entry.base_style = doc.styles["Normal"]
        _style(doc, f"toc {level}", size=10.5 if level == 1 else 9, bold=level == 1, before=2 if level == 1 else 0,
               after=0, lang=lang)
        entry.paragraph_format.line_spacing = 1.0 if level == 1 else Pt(11)
        entry.paragraph_format.keep_with_next = level == 1  # a chapter is never the last line of a page
        entry.paragraph_format.left_indent = Mm(5 * (level - 1))
        entry.paragraph_format.tab_stops.add_tab_stop(Mm(166), 2, 1)  # right-aligned page number, dot leader
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        doc.styles[name].font.italic = False
    doc.styles["Heading 1"].paragraph_format.page_break_before = False

    # No w:updateFields: Word would ask on opening whether to update fields. rfpgen writes the table
    # of contents' entries itself, and page numbers (PAGE, NUMPAGES) update without asking.
    return doc


# ------------------------------------------------------------------ paragraphs and fields

def para(doc_or_cell, text: str = "", style: str | None = None, *, bold=False, size=None, color=None,
         align=None, space_after=None):
    paragraph = doc_or_cell.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def tag(doc, jinja: str):
    """A paragraph holding only a `{%p ... %}` tag; docxtpl removes the paragraph when rendering."""
    return doc.add_paragraph(jinja)


def _field(paragraph, instruction: str, placeholder: str = "1"):
    """A complex field (PAGE, NUMPAGES, TOC …) with a cached result Word and LibreOffice update."""
    def run_with(child):
        run = OxmlElement("w:r")
        run.append(child)
        paragraph._p.append(run)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    text = OxmlElement("w:t")
    text.text = placeholder
    run_with(text)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def page_break(doc):
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def toc(doc, title: str, hint: str, levels: str = "1-2"):
    """A table of contents field over the headings; rfpgen replaces the hint with the rendered
    document's headings (documents.contents), LibreOffice adds page numbers in the PDF path."""
    para(doc, title, "Front Heading")
    paragraph = doc.add_paragraph()
    _field(paragraph, f'TOC \\o "{levels}" \\h \\z \\u', hint)
    # a hairline paragraph that keeps with nothing ends the contents: a chapter entry keeps with the
    # next line, and with the first chapter's heading (a page break before it) next, LibreOffice moved
    # the last entries onto a page of their own
    end = para(doc)
    end.paragraph_format.keep_with_next = False
    end.paragraph_format.space_before = end.paragraph_format.space_after = Pt(0)
    end.paragraph_format.line_spacing = Pt(1)


def header_footer(doc, header_left: str, header_right: str, lang: str, width_mm: float | None = None):
    """Running header (document title, confidentiality mark) and page numbers (the catalogue's
    doc.page_numbers: 2/12, Page 2 of 12, as the workbooks print them); none on the cover.
    `width_mm`: the text width, where the mark is right-aligned (a landscape page is wider)."""
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.text = ""
    run = header.add_run(header_left)
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    # one right-aligned tab at the right margin (no centre tab): a long title then pushes the mark
    # along its line instead of onto a second one
    tabs = header.paragraph_format.tab_stops
    for style_tab in header.style.paragraph_format.tab_stops:  # the Header style's centre and right tabs
        tabs.add_tab_stop(style_tab.position)._tab.set(qn("w:val"), "clear")
    tabs.add_tab_stop(Mm(width_mm or CONTENT_WIDTH), 2, 0)
    header.add_run("\t")
    mark = header.add_run(header_right)
    mark.bold = True
    mark.font.size = Pt(9)
    mark.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    _bottom_border(header)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, between = say("doc.page_numbers", lang).split("{page}")
    between, after = between.split("{pages}")
    for text, field in ((before, "PAGE"), (between, "NUMPAGES"), (after, None)):
        if text:
            footer.add_run(text)
        if field:
            _field(footer, field)
    for run in footer.runs:
        run.font.size = Pt(9)
    # the cover's own (empty) header and footer
    section.first_page_header.paragraphs[0].text = ""
    section.first_page_footer.paragraphs[0].text = ""


def _bottom_border(paragraph):
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "A6A6A6")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


# ------------------------------------------------------------------ tables

def _shade(cell, fill: str):
    tcpr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tcpr.append(shading)


def _repeat_header(row):
    """The header row repeats on every page. No row of such a table is marked unsplittable
    (w:cantSplit): LibreOffice drops the rows of a table whose repeated header lands at a page
    foot when its rows may not split, and the PDF then shows the header alone."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def _set_widths(tbl, widths_mm):
    """Column widths in the grid (LibreOffice reads these) and in every cell (Word reads these)."""
    for col, width in zip(tbl._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(int(width / 25.4 * 1440)))
    for row in tbl.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)


def _cell_text(cell, text: str, *, bold=False, color=None, size=9.5):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = 1.1
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)
    if color is not None:
        run.font.color.rgb = color


def _spacer(doc):
    """The paragraph that must follow a table (Word merges adjacent tables): 4 pt high, so a table
    that ends at a page foot does not push an empty paragraph onto a page of its own."""
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(0)
    spacer.paragraph_format.line_spacing = Pt(4)


def table(doc, headers: list[str], cells: list[str], loop: str | None, widths_mm: list[float]):
    """A grid table with a repeating, shaded header row.

    `cells` are the data row's contents (usually `{{ row.x }}` tags). With `loop` (e.g.
    `for row in items`), the data row repeats via docxtpl's `{%tr %}` rows; without it the table
    has exactly one data row. Every cell keeps one unconditional paragraph, so Word accepts it.
    """
    rows = 2 + (2 if loop else 0)
    tbl = doc.add_table(rows=rows, cols=len(headers))
    tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    _set_widths(tbl, widths_mm)
    head = tbl.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, headers):
        _shade(cell, HEADER_FILL)
        _cell_text(cell, text, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF))
    data_row = tbl.rows[2] if loop else tbl.rows[1]
    for cell, text in zip(data_row.cells, cells):
        _cell_text(cell, text)
    if loop:
        _cell_text(tbl.rows[1].cells[0], "{%tr " + loop + " %}")
        _cell_text(tbl.rows[3].cells[0], "{%tr endfor %}")
    _spacer(doc)
    return tbl


def key_value_table(doc, rows: list[tuple[str, str]], widths_mm=(45, 121)):
    """A two-column table of labels and values (cover details, settings)."""
    tbl = doc.add_table(rows=len(rows), cols=2)
    tbl.style = doc.styles["Table Grid"]
    tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
    tbl.autofit = False
    _set_widths(tbl, widths_mm)
    for row, (label, value) in zip(tbl.rows, rows):
        _shade(row.cells[0], STRIPE_FILL)
        _cell_text(row.cells[0], label, bold=True, color=ACCENT)
        _cell_text(row.cells[1], value)
    _spacer(doc)
    return tbl


def cover(doc, kind_label: str, details: list[tuple[str, str]], confidentiality: str | None):
    """Cover page: client, document title and kind, a details table, the confidentiality mark."""
    for _ in range(3):
        doc.add_paragraph()
    para(doc, "{{ doc.client_name }}", "Subtitle")
    para(doc, "{{ doc.title }}", "Title")
    para(doc, kind_label, "Subtitle", size=18, color=ACCENT)
    for _ in range(4):
        doc.add_paragraph()
    key_value_table(doc, details)
    if confidentiality:
        doc.add_paragraph()
        para(doc, confidentiality, bold=True, size=14, color=RGBColor(0xC0, 0x00, 0x00), align=WD_ALIGN_PARAGRAPH.CENTER)
    page_break(doc)


def closing(doc, lang: str):
    """A Japanese business document ends with 以上, right-aligned under its last section."""
    if lang == "ja":
        from rfpgen.words import say  # the closing word lives in the catalogue (doc.closing)

        paragraph = para(doc, say("doc.closing", lang), align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.space_before = Pt(12)


def core_properties(doc, title: str, subject: str, author: str = "{{ doc.client_name }}"):
    """Document properties: rendered by docxtpl like the body, so they hold only what the context holds."""
    props = doc.core_properties
    props.title, props.subject, props.author = title, subject, author
    props.comments = ""
    props.keywords = ""
    props.last_modified_by = author


# ------------------------------------------------------------------ the three documents

MAX_COLUMNS = 8
WORDS = {
    "ja": {"toc": "目次", "toc_hint": "（目次を更新するには、右クリックして［フィールド更新］を選んでください）",
           "revisions": "改訂履歴", "version": "版", "date": "日付", "author": "作成者", "summary": "改訂内容",
           "client": "委託元", "department": "担当部署", "doc_id": "文書番号",
           "req_id": "ID", "req_text": "要件", "priority": "優先度", "rfp": "RFP", "rfp_no": "No."},
    "en": {"toc": "Contents", "toc_hint": "(To refresh the table of contents, right-click it and choose Update Field.)",
           "revisions": "Revision history", "version": "Version", "date": "Date", "author": "Author", "summary": "Changes",
           "client": "Client", "department": "Department", "doc_id": "Document ID",
           "req_id": "ID", "req_text": "Requirement", "priority": "Priority", "rfp": "RFP", "rfp_no": "No."},
}
CONTENT_WIDTH = 166  # mm between the margins
HEADER_SEPARATOR = {"ja": "\u3000", "en": " \u2013 "}  # a full-width space in Japanese, an en dash in English


def _chapters(doc, lang: str, requirement_table: str):
    w = WORDS[lang]
    tag(doc, "{%p for ch in chapters %}")
    para(doc, "{{ ch.heading }}", "Heading 1")
    tag(doc, "{%p for item in ch.topics %}")
    para(doc, "{{ item.heading }}", "Heading 2")
    tag(doc, "{%p if item.kind == 'text' %}")
    tag(doc, "{%p for paragraph in item.paragraphs %}")
    para(doc, "{{ paragraph }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for bullet in item.bullets %}")  # a text item may end in a list (a sentence, then its points)
    para(doc, "{{ bullet }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p elif item.kind == 'bullets' %}")
    tag(doc, "{%p for bullet in item.bullets %}")
    para(doc, "{{ bullet }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p elif item.kind == 'pairs' %}")
    kv = table(doc, ["", ""], ["{{ row[0] }}", "{{ row[1] }}"], "for row in item.table.rows", [45, CONTENT_WIDTH - 45])
    kv._tbl.remove(kv.rows[0]._tr)  # label/value tables need no header row
    _shade(kv.rows[1].cells[0], STRIPE_FILL)
    for ncols in range(2, MAX_COLUMNS + 1):
        tag(doc, "{%p elif item.kind == 'table' and item.table.ncols == " + str(ncols) + " %}")
        width = CONTENT_WIDTH / ncols
        table(doc, ["{{ item.table.columns[%d] }}" % i for i in range(ncols)],
              ["{{ row[%d] }}" % i for i in range(ncols)], "for row in item.table.rows", [width] * ncols)
    tag(doc, "{%p elif item.kind == 'image' %}")  # a figure alone: printed by the figure block below
    tag(doc, "{%p else %}")
    para(doc, "{{ tbd }}", color=MUTED)
    tag(doc, "{%p endif %}")
    # a figure (a native Word chart) under its item, with its numbered caption (図1 … / Figure 1 …)
    tag(doc, "{%p if item.figure %}")
    chart = para(doc, "{{ item.figure }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    chart.paragraph_format.keep_with_next = True  # the caption stays with its chart
    para(doc, "{{ item.caption }}", "Caption", align=WD_ALIGN_PARAGRAPH.CENTER)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if ch.requirements %}")
    para(doc, "{{ ch.requirements_heading }}", "Heading 2")
    if requirement_table == "full":
        table(doc, [w["req_id"], w["req_text"], w["priority"], w["rfp"]],
              ["{{ r.id }}", "{{ r.text }}", "{{ r.priority }}", "{{ r.rfp }}"], "for r in ch.requirements", [22, 110, 17, 17])
    else:
        table(doc, [w["rfp_no"], w["req_text"], w["priority"]],
              ["{{ r.id }}", "{{ r.text }}", "{{ r.priority }}"], "for r in ch.requirements", [20, 126, 20])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def document_template(lang: str, *, revisions: bool, requirement_table: str | None, cover_mark: bool, toc_levels: str):
    """One of the three documents: cover, (revision history), contents, then the chapters."""
    w = WORDS[lang]
    doc = new_document(lang)
    cover(doc, "{{ doc.kind }}", [
        (w["client"], "{{ doc.client_name }}"), (w["department"], "{{ doc.client_department }}"),
        (w["doc_id"], "{{ doc.document_id }}"), (w["version"], "{{ doc.version }}"), ("{{ doc.date_label }}", "{{ doc.date }}"),
    ], "{{ doc.confidentiality }}" if cover_mark else None)
    header_footer(doc, "{{ doc.title }}" + HEADER_SEPARATOR[lang] + "{{ doc.kind }}", "{{ doc.confidentiality }}", lang)
    if revisions:
        para(doc, w["revisions"], "Front Heading")
        table(doc, [w["version"], w["date"], w["author"], w["summary"]],
              ["{{ rev.version }}", "{{ rev.date }}", "{{ rev.author }}", "{{ rev.summary }}"], "for rev in revisions", [18, 28, 35, 85])
    toc(doc, w["toc"], w["toc_hint"], toc_levels)
    page_break(doc)
    _chapters(doc, lang, requirement_table or "rfp")
    closing(doc, lang)
    core_properties(doc, "", "", "")
    return doc


DOCUMENTS = {
    # file name: (revision history?, requirement table, confidentiality mark on the cover, TOC levels)
    "requirements.docx": (True, "full", True, "1-2"),
    "rfp.docx": (True, "rfp", True, "1-1"),  # the RFP's own revision history: first issue, then addenda
    "evaluator_guide.docx": (True, None, True, "1-2"),  # its editions: why its version moved
}


# ------------------------------------------------------------------ question period and change control

QA_WORDS = {
    "ja": {"heading": "質問と回答", "number": "No.", "section": "該当箇所", "question": "質問", "answer": "回答"},
    "en": {"heading": "Questions and answers", "number": "No.", "section": "RFP section", "question": "Question", "answer": "Answer"},
}
CHANGE_WORDS = {
    # Japanese practice puts the new text on the left, the old on the right; English readers get the
    # same order under the headings they expect
    "ja": {"place": "箇所", "new": "新", "old": "旧", "note": "備考", "summary": "変更の要約（改訂履歴用）"},
    "en": {"place": "Item", "new": "Current", "old": "Previous", "note": "Note", "summary": "Summary of changes (for the revision history)"},
}


def _front(doc, lang: str, mark: bool):
    """Cover details and running header shared by the question-period documents, in the RFP's style."""
    w = WORDS[lang]
    cover(doc, "{{ doc.kind }}", [
        (w["client"], "{{ doc.client_name }}"), (w["department"], "{{ doc.client_department }}"),
        (w["doc_id"], "{{ doc.document_id }}"), (w["version"], "{{ doc.version }}"), ("{{ doc.date_label }}", "{{ doc.date }}"),
    ], "{{ doc.confidentiality }}" if mark else None)
    header_footer(doc, "{{ doc.title }}" + HEADER_SEPARATOR[lang] + "{{ doc.kind }}", "{{ doc.confidentiality }}", lang)


def clarifications_template(lang: str):
    """質問回答書 / Clarifications: the published questions, numbered, with the RFP section; no asker."""
    w = QA_WORDS[lang]
    doc = new_document(lang)
    _front(doc, lang, mark=True)
    para(doc, w["heading"], "Heading 1")
    tag(doc, "{%p for paragraph in intro %}")
    para(doc, "{{ paragraph }}")
    tag(doc, "{%p endfor %}")
    table(doc, [w["number"], w["section"], w["question"], w["answer"]],
          ["{{ q.number }}", "{{ q.section }}", "{{ q.question }}", "{{ q.answer }}"], "for q in questions", [12, 32, 61, 61])
    closing(doc, lang)
    core_properties(doc, "", "", "")
    return doc


def changes_template(lang: str):
    """新旧対照表 / comparison of two versions: the changed items only, new left, old right, changed words underlined.

    One template serves the internal comparison of the requirements definition and the RFP addendum
    for vendors; the context says which (title, introduction, confidentiality label)."""
    w = CHANGE_WORDS[lang]
    doc = new_document(lang)
    _front(doc, lang, mark=True)
    para(doc, "{{ doc.heading }}", "Heading 1")
    tag(doc, "{%p for paragraph in intro %}")
    para(doc, "{{ paragraph }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if changes %}")
    table(doc, [w["place"], w["new"], w["old"], w["note"]],
          ["{{ c.place }}", "{{r c.new }}", "{{r c.old }}", "{{ c.note }}"], "for c in changes", [30, 60, 60, 16])
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if summary %}")
    para(doc, w["summary"], "Heading 2")
    tag(doc, "{%p for line in summary %}")
    para(doc, "{{ line }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    closing(doc, lang)
    core_properties(doc, "", "", "")
    return doc


_APP_XML = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Company></Company>'
            b'<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>'
            b'<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>')


def save(doc, path: Path) -> None:
    """Save without what python-docx's stock package carries: its thumbnail (a stranger's page as
    preview), its app.xml ("Microsoft Macintosh Word", 1 page, 0 words), its 2013 dates and its
    empty bibliography part (customXml). The renderer sets the client's properties on every output."""
    import io
    import re
    import zipfile

    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == "docProps/thumbnail.jpeg" or item.filename.startswith("customXml/"):
                continue
            data = source.read(item.filename)
            if item.filename == "_rels/.rels":
                data = re.sub(rb'<Relationship [^>]*thumbnail[^>]*/>', b"", data)
            if item.filename.endswith(".rels"):
                data = re.sub(rb'<Relationship [^>]*Target="[^"]*customXml/[^"]*"[^>]*/>', b"", data)
            if item.filename == "[Content_Types].xml":
                data = re.sub(rb'<Default Extension="jpeg"[^>]*/>', b"", data)
                data = re.sub(rb'<Override [^>]*PartName="/customXml/[^"]*"[^>]*/>', b"", data)
            if item.filename == "docProps/app.xml":
                data = _APP_XML
            if item.filename == "docProps/core.xml":  # no template dates: the renderer sets real ones
                data = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", data)
                data = re.sub(rb"<cp:lastPrinted>[^<]*</cp:lastPrinted>", b"", data)
            target.writestr(item, data)


def main(folder: Path = HERE):
    """Write the templates into `folder`/ja and `folder`/en (the repository's templates/ by default)."""
    for lang in ("ja", "en"):
        out = folder / lang
        out.mkdir(parents=True, exist_ok=True)
        for name, (revisions, req_table, mark, levels) in DOCUMENTS.items():
            save(document_template(lang, revisions=revisions, requirement_table=req_table, cover_mark=mark,
                                   toc_levels=levels), out / name)
            print(f"wrote {out / name}")
        for name, make in (("clarifications.docx", clarifications_template), ("changes.docx", changes_template)):
            save(make(lang), out / name)
            print(f"wrote {out / name}")


if __name__ == "__main__":
    main()
