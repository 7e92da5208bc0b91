"""Did the PDF keep everything? Every paragraph and table cell of a .docx, looked for in the PDF's text.

A converter can lose content without an error (LibreOffice has dropped every row of a table whose
repeated header landed at a page foot). So each converted document is read back with pdftotext
and every text of the .docx is looked for in it. Both sides are compared as a reader sees them:
Unicode-normalised (NFKC), without whitespace, soft hyphens or a hyphen where a line broke, and
without symbols (an arrow or a ÷ set in a fallback font comes out of the PDF on a line of its own). A text
that is not found whole (a cell broken across a page, with the running header in between) passes
when nearly all of its short fragments are found; a dropped row has none of its fragments.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import PdfLostText, RfpgenError
from ..text import without_invisibles

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SHINGLE = 4          # fragment length, in characters after normalisation
_FOUND_SHARE = 0.8    # a text is present when this share of its fragments is


def normalise(text: str, join_hyphens: bool = False) -> str:
    """Text as compared: the invisible characters dropped first (text.without_invisibles: bidi controls,
    zero-width spaces and joiners, word joiners, soft hyphens, variation selectors, which a PDF's text
    keeps or loses at the font's whim and which would otherwise stop NFKC composing what they stand
    between), then NFKC, no whitespace; with `join_hyphens` a hyphen at a line end is taken for
    hyphenation and dropped (an id such as Q-WFM broken after its own hyphen is read with `join_hyphens` off)."""
    text = unicodedata.normalize("NFKC", without_invisibles(text)).replace("\u2010", "-")  # a non-breaking hyphen (U+2011) reads as -
    if join_hyphens:
        text = re.sub(r"(?<=\w)-\n(?=\w)", "", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Sm", "So"))
    return re.sub(r"\s+", "", text)


def docx_texts(path: Path) -> list[str]:
    """Every non-empty paragraph of the body (table cells included), as its runs' text."""
    return [text for text, _ in _placed_texts(path)]


def _placed_texts(path: Path) -> list[tuple[str, str]]:
    """Every non-empty paragraph of the body with the heading it stands under (the last Heading or
    Title paragraph before it, "" before the first), so a lost text can be looked for in the .docx."""
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    texts, heading = [], ""
    for p in root.iter(f"{_W}p"):
        parts = []
        for node in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}noBreakHyphen"):
            parts.append(node.text or "" if node.tag == f"{_W}t" else "-" if node.tag == f"{_W}noBreakHyphen" else " ")
        text = "".join(parts).strip()
        if not text:
            continue
        style = p.find(f"{_W}pPr/{_W}pStyle")
        if style is not None and re.match(r"(Heading\d|Title)$", style.get(f"{_W}val", "")):
            heading = text
        texts.append((text, heading))
    return texts


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=300)
    if result.returncode != 0:
        raise PdfLostText(Path(path).name, [], detail=result.stderr.decode("utf-8", "replace").strip())
    return result.stdout.decode("utf-8", "replace")


_BIDI = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _right_to_left(text: str) -> bool:
    return bool(_BIDI.search(text)) or any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


_LAM_ALEF = "\u0644\u0627"   # لا, which the font prints as one ligature glyph


def _present_bidi(text: str, haystack: str) -> bool:
    """Right-to-left runs come out of a PDF in visual order: each word is looked for either way.
    pdftotext writes the lam-alef ligature back as alef-lam (للاتصالات as لالتصاالت), so a word
    holding لا is also looked for with every لا swapped; and it sets a neutral mark inside a
    right-to-left word apart (בע"מ as בע … " … מ), so such a word is found by its letter runs."""
    def found(word: str) -> bool:
        return any(form in haystack or form[::-1] in haystack for form in (word, word.replace(_LAM_ALEF, _LAM_ALEF[::-1])))

    words = [normalise(w) for w in _BIDI.sub(" ", unicodedata.normalize("NFKC", text)).split()]
    return all(found(w) or all(found(run) for run in re.findall(r"\w+", w)) for w in words if w)


def _present(needle: str, haystack: str) -> bool:
    if needle in haystack:
        return True
    shingles = [needle[i:i + _SHINGLE] for i in range(0, max(len(needle) - _SHINGLE, 0) + 1, _SHINGLE)]
    if len(shingles) < 3:  # too short to judge by fragments: it must be there whole
        return False
    return sum(s in haystack for s in shingles) >= _FOUND_SHARE * len(shingles)


def _across_pages(needle: str, pages: list[str]) -> bool:
    """A cell broken at a page foot: its start ends one page, its rest is on the next (after the
    running header and the repeated table header)."""
    for k in range(2, len(needle) - 1) if len(needle) >= 4 else range(1, len(needle)):
        head, tail = needle[:k], needle[k:]
        if any(head in page and tail in following for page, following in zip(pages, pages[1:])):
            return True
    return False


def missing_texts(docx: Path, pdf: Path) -> list[str]:
    """The texts of `docx` its PDF does not show, in document order."""
    return [text for text, _ in _missing(docx, pdf)]


def _missing(docx: Path, pdf: Path) -> list[tuple[str, str]]:
    """The texts of `docx` its PDF does not show, each with the heading it stands under."""
    shown = pdf_text(pdf)
    haystack = normalise(shown) + "\n" + normalise(shown, join_hyphens=True)
    pages = [normalise(page) for page in shown.split("\f")]
    missing = []
    for text, heading in _placed_texts(docx):
        needle = normalise(text)
        if needle and not _present(needle, haystack) and not _across_pages(needle, pages) \
                and not (_right_to_left(text) and _present_bidi(text, haystack)):
            missing.append((text, heading))
    return missing


def verify_pdfs(pairs: list[tuple[Path, Path]]) -> None:
    """Refuse (PdfLostText) the first converted document whose PDF lost text; that PDF is removed,
    so an incomplete file is never taken for the document."""
    if shutil.which("pdftotext") is None:
        raise RfpgenError("--pdf checks every PDF against its document with pdftotext, which is not installed "
                          "(on Debian/Ubuntu: apt-get install poppler-utils)",
                          "--pdf は各PDFの内容を pdftotext で確認します。pdftotext がインストールされていません"
                          "（Debian/Ubuntu: apt-get install poppler-utils）")
    for docx, pdf in pairs:
        missing = _missing(docx, pdf)
        if missing:
            Path(pdf).unlink(missing_ok=True)
            raise PdfLostText(Path(docx).name, [text for text, _ in missing], [heading for _, heading in missing])
