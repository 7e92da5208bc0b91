"""The table of contents a .docx opens with: the rendered document's own headings.

A TOC field holds whatever text was last written into it; left to Word, a fresh document shows a
placeholder until the reader agrees to "update fields" (a prompt on opening). So after rendering,
the field's result is replaced by one entry per heading at the levels the field asks for
(`TOC \\o "1-2"`). Page numbers are not known before the pages are laid out: the PDF path has
LibreOffice refresh the field, which adds them; in Word, "Update field" does the same.
"""
from __future__ import annotations

import copy
import io
import re
import zipfile

from docx.oxml import OxmlElement
from lxml import etree
from docx.oxml.ns import qn

from .pdfcheck import normalise

_LEVELS = re.compile(r'\\o\s+"(\d)-(\d)"')


def _field_of(paragraph):
    """(begin, instruction text, separate, end) run elements of the TOC field in `paragraph`, or None."""
    runs = paragraph.findall(qn("w:r"))
    instruction = "".join(t.text or "" for r in runs for t in r.findall(qn("w:instrText")))
    if not instruction.strip().startswith("TOC"):
        return None
    marks = {}
    for r in runs:
        char = r.find(qn("w:fldChar"))
        if char is not None:
            marks.setdefault(char.get(qn("w:fldCharType")), r)
    if not {"begin", "separate", "end"} <= set(marks):
        return None
    return marks["begin"], instruction, marks["separate"], marks["end"]


def _heading_text(p) -> str:
    return "".join(t.text or "" if t.tag == qn("w:t") else "-"
                   for t in p.iter(qn("w:t"), qn("w:noBreakHyphen"))).replace("-\u2060", "-").strip()


def _heading_level(p) -> int | None:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    match = re.fullmatch(r"Heading(\d)", style.get(qn("w:val"))) if style is not None else None
    if not match:
        return None
    outline = p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")  # set on a heading kept out of the contents
    return int(outline.get(qn("w:val"))) + 1 if outline is not None else int(match.group(1))


def _keep_out(styled: list, headings: frozenset) -> None:
    """Give the headings in `headings` (an annex's sections) outline level 3, one below the
    contents' "1-2": LibreOffice (the PDF) and Word (\\u: outline levels), which rebuild the
    contents from outline levels, leave them out too, while they keep their look and stay in the
    PDF's bookmarks under their chapter."""
    if not headings:
        return
    for p in styled:
        if _heading_level(p) is not None and _heading_text(p) in headings:
            p.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), "2")


_W_P, _W_PPR, _W_R, _W_VAL = qn("w:p"), qn("w:pPr"), qn("w:r"), qn("w:val")
_STYLE_IDS = etree.XPath("w:style/@w:styleId", namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})


def _styled(body) -> list:
    """The paragraphs in a Heading style (only they can be headings), in document order.

    Found from their w:pStyle elements: libxml2 iterating one tag is several times faster than an
    XPath testing every paragraph of the body."""
    return list(dict.fromkeys(style.getparent().getparent() for style in body.iter(qn("w:pStyle"))
                              if (style.get(_W_VAL) or "").startswith("Heading") and style.getparent().tag == _W_PPR
                              and style.getparent().getparent().tag == _W_P))


def _with_instruction(body) -> list:
    """The paragraphs holding a field instruction in one of their runs, in document order."""
    return list(dict.fromkeys(text.getparent().getparent() for text in body.iter(qn("w:instrText"))
                              if text.getparent().tag == _W_R and text.getparent().getparent().tag == _W_P))


def _headings(styled: list, levels: range) -> list[tuple[int, str]]:
    """(level, text) of every heading paragraph whose outline level is in `levels`, in document order."""
    found = []
    for p in styled:
        level = _heading_level(p)
        if level in levels:
            text = _heading_text(p)
            if text:
                found.append((level, text))
    return found


def _entry(level: int, text: str, style_ids: set[str]):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = next((s for s in style_ids if s.lower() == f"toc{level}"), None)  # Word: TOC1; python-docx: toc1
    if style:
        pstyle = OxmlElement("w:pStyle")
        pstyle.set(qn("w:val"), style)
        ppr.append(pstyle)
    elif level > 1:
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(240 * (level - 1)))
        ppr.append(ind)
    p.append(ppr)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    run.append(t)
    p.append(run)
    return p


def fill_table_of_contents(document, out_of_contents: frozenset = frozenset()) -> None:
    """Write the headings into every TOC field of a python-docx `document` (no-op without one);
    headings in `out_of_contents` (an annex's sections) are left out."""
    body = document.element.body
    styled = _styled(body)
    _keep_out(styled, out_of_contents)
    style_ids = set(_STYLE_IDS(document.styles.element))
    for paragraph in _with_instruction(body):  # only paragraphs holding a field instruction can hold a TOC
        field = _field_of(paragraph)
        if field is None:
            continue
        begin, instruction, separate, end = field
        match = _LEVELS.search(instruction)
        levels = range(int(match.group(1)), int(match.group(2)) + 1) if match else range(1, 4)
        entries = _headings(styled, levels)
        if not entries:
            continue
        # the field's first paragraph keeps begin, instruction and separate and gets the first entry;
        # each further entry is its own paragraph; the last one closes the field
        for run in list(paragraph.findall(qn("w:r"))):
            if run is not begin and run is not separate and not run.findall(qn("w:instrText")):
                paragraph.remove(run)
        first = _entry(*entries[0], style_ids)
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None:
            paragraph.remove(ppr)
        paragraph.insert(0, first.find(qn("w:pPr")))
        paragraph.append(first.find(qn("w:r")))
        anchor = paragraph
        for level, text in entries[1:]:
            entry = _entry(level, text, style_ids)
            anchor.addnext(entry)
            anchor = entry
        anchor.append(copy.deepcopy(end))


def _page_lines(contents: str) -> list[tuple[str, str]]:
    """(heading, page) of each line of a refreshed contents ("1. Scope\t4")."""
    found = []
    for line in contents.splitlines():
        heading, tab, page = line.rpartition("\t")
        if tab and page.strip().isdigit():
            found.append((normalise(heading), page.strip()))
    return found


def _text_width(body) -> int:
    """The last section's text width in twips (page width less its margins), where a contents line ends."""
    sections = body.findall(qn("w:sectPr"))
    size = sections[-1].find(qn("w:pgSz")) if sections else None
    margins = sections[-1].find(qn("w:pgMar")) if sections else None
    if size is None or margins is None:
        return 9638  # A4 less 2 cm margins
    return int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))


def _add_page(p, page: str, width: int) -> None:
    """A contents entry ending in a dotted leader to its page number at the right margin."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    tabs = OxmlElement("w:tabs")
    stop = OxmlElement("w:tab")
    stop.set(qn("w:val"), "right")
    stop.set(qn("w:leader"), "dot")
    stop.set(qn("w:pos"), str(width))
    tabs.append(stop)
    style = ppr.find(qn("w:pStyle"))
    ppr.insert(1 if style is not None else 0, tabs)  # the schema's order: pStyle, …, tabs, …, spacing, ind
    end = next((r for r in p.findall(qn("w:r")) if r.find(qn("w:fldChar")) is not None
                and r.find(qn("w:fldChar")).get(qn("w:fldCharType")) == "end"), None)
    for child in ("w:tab", "w:t"):
        run = OxmlElement("w:r")
        element = OxmlElement(child)
        if child == "w:t":
            element.text = page
        run.append(element)
        if end is not None:
            end.addprevious(run)
        else:
            p.append(run)


def number_table_of_contents(docx: bytes, contents: str) -> bytes | None:
    """The .docx with each entry of its table of contents given the page number the refreshed
    `contents` (LibreOffice's lines, "heading<TAB>page") shows for that heading, so the Word file reads
    like its PDF; None when an entry has no line to match (the contents are then left as they were:
    a half-numbered contents would mislead)."""
    pages = _page_lines(contents)
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        body_root = etree.fromstring(source.read("word/document.xml"))
        body = body_root.find(qn("w:body"))
        entries = []
        for paragraph in _with_instruction(body):
            if not "".join(t.text or "" for t in paragraph.iter(qn("w:instrText"))).strip().startswith("TOC"):
                continue
            p = paragraph
            while p is not None:
                entries.append(p)
                if any(c.get(qn("w:fldCharType")) == "end" for c in p.iter(qn("w:fldChar"))):
                    break
                p = p.getnext()
        if not entries or len(entries) != len(pages):
            return None
        if any(normalise(_heading_text(p)) != heading for p, (heading, _) in zip(entries, pages)):
            return None
        width = _text_width(body)
        for p, (_, page) in zip(entries, pages):
            _add_page(p, page, width)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item)
                if item.filename == "word/document.xml":
                    content = etree.tostring(body_root, xml_declaration=True, encoding="UTF-8", standalone=True)
                target.writestr(item, content)
    return out.getvalue()
