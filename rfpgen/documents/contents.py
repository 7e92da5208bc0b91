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


_STYLED = etree.XPath("//w:p[w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]]",
                      namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
_WITH_INSTRUCTION = etree.XPath("//w:p[w:r/w:instrText]",
                                namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
_HEADING = re.compile(r"Heading(\d)")


def _headings(body, levels: range) -> list[tuple[int, str]]:
    """(level, text) of every paragraph styled Heading n with n in `levels`, in document order."""
    found = []
    for p in _STYLED(body):
        match = _HEADING.fullmatch(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")))
        if match and int(match.group(1)) in levels:
            text = "".join(t.text or "" if t.tag == qn("w:t") else "-"
                           for t in p.iter(qn("w:t"), qn("w:noBreakHyphen"))).replace("-\u2060", "-").strip()
            if text:
                found.append((int(match.group(1)), text))
    return found


def _entry(level: int, text: str, style_ids: set[str]):
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = f"TOC{level}"
    if style in style_ids:
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


def fill_table_of_contents(document) -> None:
    """Write the headings into every TOC field of a python-docx `document` (no-op without one)."""
    body = document.element.body
    style_ids = {s.style_id for s in document.styles}
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
