"""Reading generated Word files the way a user meets them, for the document tests."""
from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from docx import Document

from rfpgen.documents.finish import BREAK_OPPORTUNITY, JA_NO_BREAK_SPACE, NO_BREAK_SPACE, WORD_JOINER

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def xml_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xml", ".rels"))}


def strict_parse_all(data: bytes) -> None:
    """Every XML part parses strictly (no recovery), as Word requires."""
    for xml in xml_parts(data).values():
        ElementTree.fromstring(xml.encode("utf-8"))


def paragraphs(data: bytes, parts: tuple[str, ...] = ("word/",), stored: bool = False) -> list[str]:
    """Text of every paragraph in the given parts, line breaks kept as \\n, tabs as \\t; as a reader
    sees it (`shown`), or with `stored` as the file stores it (for `holds`)."""
    out = []
    for name, xml in xml_parts(data).items():
        if not name.startswith(parts):
            continue
        root = ElementTree.fromstring(xml.encode("utf-8"))
        for p in root.iter(f"{W}p"):
            text = []
            stops = {id(stop) for tabs in p.iter(f"{W}tabs") for stop in tabs}  # a tab stop, not a tab
            for node in p.iter():
                if id(node) in stops:
                    continue
                if node.tag == f"{W}t":
                    text.append(node.text or "")
                elif node.tag == f"{W}br":
                    text.append("\n")
                elif node.tag == f"{W}tab":
                    text.append("\t")
                elif node.tag == f"{W}noBreakHyphen":  # the hyphen of a code kept on one line
                    text.append("-")
            out.append("".join(text) if stored else shown("".join(text)))
    return out


def shown(text: str) -> str:
    """Text as a reader sees it: the word joiners that keep a code (SYS-005), a word (e-mail), a date
    (2027年3月1日) or a range of times (9:00–18:00) on one line are invisible, so is the break opportunity
    before a code after Japanese text (、OPS-011), and the no-break spaces
    that keep a telephone number's groups, a formula's operator and its operand, or a date's words
    together (+44 113 555 0190, 66.50 × 70 ÷ 100, 1 March 2027, PCI DSS v4.0; a three-per-em space between
    word joiners in Japanese text) read as spaces."""
    text = text.replace(JA_NO_BREAK_SPACE, " ")
    return text.replace(WORD_JOINER, "").replace(BREAK_OPPORTUNITY, "").replace(NO_BREAK_SPACE, " ")


def typed_in(typed: str, broken: bool = False) -> "Typed":
    """`typed`, exactly as a user typed it, as the finish may store it (rfpgen.documents.finish): a word
    joiner or a break opportunity (before an id after Japanese text) between typed characters, a no-break
    space for a typed space or no-break space (in Japanese text the narrow space between word joiners
    LibreOffice never stretches), nothing else; with `broken`, also a line break between characters (a
    narrow column breaks a label between its parts). Search document text as stored
    (`paragraphs(..., stored=True)`) with it.

    Both sides are compared with those characters read as the typed ones (spaces) or dropped (joiners),
    not with a regular expression per typed text: compiling one for a text of thousands of characters
    took most of the time of the document property tests."""
    return Typed(typed, broken)


_SKIPPED = {WORD_JOINER, BREAK_OPPORTUNITY}
_COMPARED: dict = {}  # (stored text, broken) -> its compared form: the same document text is searched for every line


def _compared(stored: str, broken: bool) -> tuple[str, list[int], list[int]]:
    """`stored` with the finish's additions read as typed (typed_in), and for each character the span of
    `stored` it comes from."""
    found = _COMPARED.get((stored, broken))
    if found is None:
        if len(_COMPARED) > 16:
            _COMPARED.clear()
        out, starts, ends = [], [], []
        i = 0
        while i < len(stored):
            if stored.startswith(JA_NO_BREAK_SPACE, i):
                out.append(" "), starts.append(i), ends.append(i + len(JA_NO_BREAK_SPACE))
                i += len(JA_NO_BREAK_SPACE)
                continue
            ch = stored[i]
            if not (ch in _SKIPPED or (broken and ch == "\n")):
                out.append(" " if ch == NO_BREAK_SPACE else ch), starts.append(i), ends.append(i + 1)
            i += 1
        found = _COMPARED[(stored, broken)] = ("".join(out), starts, ends)
    return found


class Typed:
    """A typed text as the finish may store it (typed_in)."""

    def __init__(self, typed: str, broken: bool = False):
        self.broken = broken
        self.needle = _compared(typed, broken)[0]

    def spans(self, stored: str, taken: bytearray | None = None) -> list[tuple[int, int]]:
        """Where `stored` holds the typed text: (start, end) in `stored`, not overlapping each other nor
        the characters `taken` marks (positions in the compared text, marked here as found)."""
        compared, starts, ends = _compared(stored, self.broken)
        found, at, size = [], compared.find(self.needle) if self.needle else -1, len(self.needle)
        while at != -1:
            if taken is None or not any(taken[at:at + size]):
                found.append((starts[at], ends[at + size - 1]))
                if taken is not None:
                    taken[at:at + size] = b"\x01" * size
                at = compared.find(self.needle, at + size)
            else:
                at = compared.find(self.needle, at + 1)
        return found

    def search(self, stored: str) -> bool:
        return bool(self.spans(stored))


def without_typed(stored: str, lines, broken: bool = False, mark: str = "\x00") -> str:
    """`stored` with each of `lines` it holds (typed_in) replaced by `mark`, the longest first: a shorter
    line found inside a longer one's place is not replaced again."""
    taken = bytearray(len(_compared(stored, broken)[0]))
    cuts = sorted(span for line in sorted(lines, key=len, reverse=True) for span in Typed(line, broken).spans(stored, taken))
    out, at = [], 0
    for start, end in cuts:
        out.append(stored[at:start] + mark)
        at = end
    return "".join(out) + stored[at:]


def holds(stored: str, typed: str) -> bool:
    """Whether document text as stored holds `typed` (`typed_in`)."""
    return typed in stored or typed_in(typed).search(stored)


def full_text(data: bytes, stored: bool = False) -> str:
    return "\n".join(paragraphs(data, stored=stored))


def leftover_tags(data: bytes) -> list[str]:
    text = full_text(data)
    return re.findall(r"\{\{|\}\}|\{%|%\}", text)


def opens(data: bytes):
    return Document(io.BytesIO(data))


_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_CLOCK = re.compile(r"\d\d:\d\d")


def user_strings(data, root_schema, schema=None, path=()):
    """Every string the user typed, as the documents print it: enum values are skipped (printed as
    translated labels), dates and months in the project's date style (weekday left off, so the text
    is part of the printed date whatever follows it), times of day as the documents' clock (9:00 in
    Japanese)."""
    from rfpgen.project import Project
    from rfpgen.text import day, month

    style = Project(data).date_style if path == () else None
    yield from _strings(data, root_schema, root_schema if schema is None else schema, path,
                        style or "ja", day, month)


def _strings(data, root_schema, schema, path, style, day, month):
    while "$ref" in schema:
        schema = root_schema["$defs"][schema["$ref"].split("/")[-1]]
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, root_schema, schema.get("properties", {}).get(key, {}), path + (key,), style, day, month)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, root_schema, schema.get("items", {}), path + (i,), style, day, month)
    elif isinstance(data, str) and "enum" not in schema and "const" not in schema:
        from rfpgen.words import LANGUAGE_NAMES, TIME_ZONE_NAMES, currency_name, name_of

        lang = "ja" if style.startswith("ja") else "en"
        names = {"time_zone": TIME_ZONE_NAMES}.get(path[-1]) or \
            (LANGUAGE_NAMES if len(path) > 1 and path[-2] == "languages" else None)
        if path[-1] == "currency":
            yield path, currency_name(data, lang, alone=True)  # a table value (Pounds sterling)
        elif names:
            yield path, name_of(data, names, lang)
        elif _DATE.match(data):
            yield path, day(data, style, weekday=False)
        elif _MONTH.match(data):
            yield path, month(data, style)
        elif _CLOCK.fullmatch(data):
            from rfpgen.text import clock

            yield path, clock(data, style)
        else:
            yield path, data
