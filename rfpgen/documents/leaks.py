"""The RFP leak check: nothing of a withheld item may appear anywhere in the RFP file.

The RFP's context is built from disclosed data only, so a leak can come only from what the user
typed: a disclosed requirement, a description or a note that quotes a withheld requirement. The
check reads the written file the way a vendor could (body, tables, headers, footers, document
properties, comments, every XML part) and names both places when it finds withheld text.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from lxml import etree

from ..errors import RfpgenError
from ..project import Project
from .render import docx_parts
from ..yamlio import format_path

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_SENTENCE = re.compile(r"(?<=[。．.!?！？\n])")
MIN_FRAGMENT = 12  # shorter sentences are too likely to be ordinary phrases shared by chance


class WithheldTextLeaked(RfpgenError):
    """The RFP would reveal a withheld requirement; it is not written."""


@dataclass(frozen=True)
class Leak:
    withheld_id: str
    withheld_place: str
    fragment: str
    rfp_place: str

    def __str__(self) -> str:
        shown = self.fragment if len(self.fragment) <= 60 else self.fragment[:57] + "..."
        return (f"{self.rfp_place}: contains text of withheld requirement {self.withheld_id} "
                f"({self.withheld_place}): \"{shown}\"")


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def _fragments(project: Project) -> list[tuple[str, str, str]]:
    """(withheld id, its place in the project file, a fragment that must not appear)."""
    found = []
    for r in project.withheld():
        place = format_path(r.path)
        if project.document is not None:
            line, col = project.document.where(r.path)
            place = f"{project.document.file}:{line}:{col}: {place}"
        pieces = {r.id}
        for field in (r.text, r.look_for, r.data.get("rationale")):
            text = _normal(field or "")
            if len(text) >= 8:
                pieces.add(text)
            pieces.update(s.strip() for s in _SENTENCE.split(text) if len(s.strip()) >= MIN_FRAGMENT)
        found += [(r.id, place, _normal(p)) for p in pieces if p]
    return found


def _paragraphs(part: str, xml: str):
    """(place description, text) for each paragraph of a WordprocessingML part, or the part's text."""
    try:
        root = etree.fromstring(xml.encode("utf-8"), _PARSER)
    except etree.XMLSyntaxError:
        yield part, xml
        return
    paragraphs = list(root.iter(f"{W}p"))
    if not paragraphs:
        yield part, " ".join(t for t in root.itertext())
        return
    heading = ""
    for number, p in enumerate(paragraphs, start=1):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").lower().startswith("heading"):
            heading = text
        where = f"{part}, paragraph {number}" + (f" under \"{heading}\"" if heading else "")
        yield where, text


def find_leaks(rfp_bytes: bytes, project: Project, rfp_name: str = "rfp.docx") -> list[Leak]:
    fragments = _fragments(project)
    if not fragments:
        return []
    leaks = []
    for part, xml in docx_parts(rfp_bytes).items():
        paragraphs = [(where, _normal(text)) for where, text in _paragraphs(part, xml)]
        paragraphs = [(where, text) for where, text in paragraphs if text]
        whole = "\n".join(text for _, text in paragraphs)  # normalised text holds no line break
        found = []
        for f, (withheld_id, place, fragment) in enumerate(fragments):
            if fragment not in whole:  # one fast search per part; paragraphs only on a hit
                continue
            for n, (where, text) in enumerate(paragraphs):
                hit = re.search(rf"(?<![A-Za-z0-9_-]){re.escape(fragment)}(?![A-Za-z0-9_-])", text) if fragment == withheld_id \
                    else (fragment in text)
                if hit:
                    found.append((n, f, Leak(withheld_id, place, fragment, f"{rfp_name} ({where})")))
        leaks += [leak for _, _, leak in sorted(found, key=lambda x: x[:2])]  # paragraph order, as a reader meets them
    return leaks


def check_rfp(rfp_bytes: bytes, project: Project, rfp_name: str) -> None:
    leaks = find_leaks(rfp_bytes, project, rfp_name)
    if leaks:
        lines = "\n".join(f"  {leak}" for leak in leaks)
        raise WithheldTextLeaked(f"{rfp_name} not written: it would reveal withheld requirements\n{lines}\n"
                                 "Reword the quoting text, or stop withholding the requirement.")
