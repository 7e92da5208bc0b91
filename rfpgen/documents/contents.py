"""The table of contents a .docx opens with: the rendered document's own headings.

A TOC field holds whatever text was last written into it; left to Word, a fresh document shows a
placeholder until the reader agrees to "update fields" (a prompt on opening). So after rendering,
the field's result is replaced by one entry per heading at the levels the field asks for
(`TOC \\o "1-2"`). Page numbers are not known before the pages are laid out: the PDF path has
LibreOffice refresh the field, which adds them; in Word, "Update field" does the same.
"""
from __future__ import annotations

import copy
import re

from docx.oxml import OxmlElement
from lxml import etree
from docx.oxml.ns import qn

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


def _keep_out(body, headings: frozenset) -> None:
    """Give the headings in `headings` (an annex's sections) outline level 3, one below the
    contents' "1-2": LibreOffice (the PDF) and Word (\\u: outline levels), which rebuild the
    contents from outline levels, leave them out too, while they keep their look and stay in the
    PDF's bookmarks under their chapter."""
    if not headings:
        return
    for p in _STYLED(body):  # only a paragraph in a Heading style can be a heading
        if _heading_level(p) is not None and _heading_text(p) in headings:
            p.get_or_add_pPr().get_or_add_outlineLvl().set(qn("w:val"), "2")


_STYLED = etree.XPath("//w:p[w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]]",
                      namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
_STYLE_IDS = etree.XPath("w:style/@w:styleId", namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
_WITH_INSTRUCTION = etree.XPath("//w:p[w:r/w:instrText]",
                                namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})


def _headings(body, levels: range) -> list[tuple[int, str]]:
    """(level, text) of every heading paragraph whose outline level is in `levels`, in document order."""
    found = []
    for p in _STYLED(body):
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
    _keep_out(body, out_of_contents)
    style_ids = set(_STYLE_IDS(document.styles.element))
    for paragraph in _WITH_INSTRUCTION(body):  # only paragraphs holding a field instruction can hold a TOC
        field = _field_of(paragraph)
        if field is None:
            continue
        begin, instruction, separate, end = field
        match = _LEVELS.search(instruction)
        levels = range(int(match.group(1)), int(match.group(2)) + 1) if match else range(1, 4)
        entries = _headings(body, levels)
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
