"""The RFP leak check: nothing of a withheld item may appear anywhere in the RFP file.

The RFP's context is built from disclosed data only, so a leak can come only from what the user
typed: a disclosed requirement, a description or a note that quotes a withheld requirement. The
check reads the written file the way a vendor could (body, tables, headers, footers, document
properties, comments, every XML part) and names both places when it finds withheld text.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
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
_FIGURE = re.compile(r"\d+(?:\.\d+)?")
PARAPHRASE_SHARE = 0.7  # this share of a withheld sentence's character trigrams in one sentence is a reworded quote


class WithheldTextLeaked(RfpgenError):
    """The RFP would reveal a withheld requirement; it is not written."""


@dataclass(frozen=True)
class Leak:
    withheld_id: str
    withheld_place: str
    fragment: str
    rfp_place: str
    paraphrase: bool = False

    def __str__(self) -> str:
        shown = self.fragment if len(self.fragment) <= 60 else self.fragment[:57] + "..."
        how = "closely paraphrases" if self.paraphrase else "contains text of"
        return (f"{self.rfp_place}: {how} withheld requirement {self.withheld_id} "
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


def _trigrams(text: str) -> set[str]:
    text = text.casefold()
    return {text[i:i + 3] for i in range(len(text) - 2)}


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.strip()) >= MIN_FRAGMENT]


class _Paraphrases:
    """The withheld sentences long enough to be recognised when reworded, indexed for speed.

    A sentence restates a withheld one closely when most (PARAPHRASE_SHARE) of the withheld
    sentence's character trigrams recur in it and it keeps every figure of it (a deadline, a
    share, a count are what make a requirement distinctive; a stock phrase with other figures is
    another requirement): swapping a few words or the word order does not hide a quote. Each withheld sentence is indexed under its rarest trigrams, just enough of them
    that any close restatement must contain one, so a sentence is compared with few candidates."""

    def __init__(self, fragments):
        self.targets = {f: grams for f, (withheld_id, _, fragment) in enumerate(fragments)
                        if fragment != withheld_id and len(grams := _trigrams(fragment)) >= MIN_FRAGMENT}
        self.figures = {f: set(_FIGURE.findall(fragments[f][2])) for f in self.targets}
        frequency = Counter(g for grams in self.targets.values() for g in grams)
        self.index: dict[str, list[int]] = {}
        for f, grams in self.targets.items():
            signature = sorted(grams, key=lambda g: (frequency[g], g))[:int(len(grams) * (1 - PARAPHRASE_SHARE)) + 1]
            for g in signature:
                self.index.setdefault(g, []).append(f)

    def in_text(self, text: str) -> set[int]:
        found = set()
        for sentence in _sentences(text):
            grams = _trigrams(sentence)
            for f in {f for g in grams for f in self.index.get(g, ())}:
                if len(self.targets[f] & grams) >= PARAPHRASE_SHARE * len(self.targets[f]) \
                        and self.figures[f] <= set(_FIGURE.findall(sentence)):
                    found.add(f)
        return found


def _leaks_in(paragraphs: list[tuple[str, str]], fragments, targets: "_Paraphrases | None") -> list[tuple[int, int, "Leak"]]:
    """(paragraph index, fragment index, leak) for every withheld fragment quoted (or, with
    `targets`, closely paraphrased) in the normalised (place, text) paragraphs: the one matching
    rule of every check."""
    found = []
    whole = "\n".join(text for _, text in paragraphs)  # normalised text holds no line break
    for f, (withheld_id, place, fragment) in enumerate(fragments):
        if fragment not in whole:  # one fast search per part; paragraphs only on a hit
            continue
        for n, (where, text) in enumerate(paragraphs):
            hit = re.search(rf"(?<![A-Za-z0-9_-]){re.escape(fragment)}(?![A-Za-z0-9_-])", text) if fragment == withheld_id \
                else (fragment in text)
            if hit:
                found.append((n, f, Leak(withheld_id, place, fragment, where)))
    quoted = {(n, fragments[f][0]) for n, f, _ in found}
    for n, (where, text) in enumerate(paragraphs if targets else ()):
        for f in sorted(targets.in_text(text)):
            withheld_id, place, fragment = fragments[f]
            if (n, withheld_id) not in quoted:
                quoted.add((n, withheld_id))
                found.append((n, f, Leak(withheld_id, place, fragment, where, paraphrase=True)))
    return sorted(found, key=lambda x: x[:2])  # paragraph order, as a reader meets them


def find_leaks(rfp_bytes: bytes, project: Project, rfp_name: str = "rfp.docx") -> list[Leak]:
    """Withheld text anywhere in a vendor-facing Word file (body, tables, headers, properties …)."""
    fragments = _fragments(project)
    if not fragments:
        return []
    leaks = []
    for part, xml in docx_parts(rfp_bytes).items():
        paragraphs = [(f"{rfp_name} ({where})", _normal(text)) for where, text in _paragraphs(part, xml)]
        leaks += [leak for _, _, leak in _leaks_in([(w, t) for w, t in paragraphs if t], fragments, None)]
    return leaks


def find_text_leaks(texts: list[tuple[str, str]], project: Project) -> list[Leak]:
    """Withheld text, quoted or closely paraphrased, in (place, text) pairs typed by the user: the
    answers to vendors' questions, written for one purpose, where a reworded requirement is the
    likely way to give it away. (A whole RFP is checked for quotes only: its many stock phrases
    would make the paraphrase rule cry wolf.)"""
    fragments = _fragments(project)
    if not fragments:
        return []
    paragraphs = [(where, _normal(text)) for where, text in texts]
    return [leak for _, _, leak in _leaks_in([(w, t) for w, t in paragraphs if t], fragments, _Paraphrases(fragments))]


def check_rfp(rfp_bytes: bytes, project: Project, rfp_name: str) -> None:
    leaks = find_leaks(rfp_bytes, project, rfp_name)
    if leaks:
        lines = "\n".join(f"  {leak}" for leak in leaks)
        raise WithheldTextLeaked(f"{rfp_name} not written: it would reveal withheld requirements\n{lines}\n"
                                 "Reword the quoting text, or stop withholding the requirement.")
