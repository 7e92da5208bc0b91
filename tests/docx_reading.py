"""Reading generated Word files the way a user meets them, for the document tests."""
from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from docx import Document

from rfpgen.documents.finish import OPERATORS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def xml_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith((".xml", ".rels"))}


def strict_parse_all(data: bytes) -> None:
    """Every XML part parses strictly (no recovery), as Word requires."""
    for name, xml in xml_parts(data).items():
        ElementTree.fromstring(xml.encode("utf-8"))


def paragraphs(data: bytes, parts: tuple[str, ...] = ("word/",)) -> list[str]:
    """Text of every paragraph in the given parts, line breaks kept as \\n, tabs as \\t."""
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
            out.append(shown("".join(text)))
    return out


def shown(text: str) -> str:
    """Text as a reader sees it: the word joiner that keeps a code such as SYS-005 or a word such as
    e-mail on one line is invisible, and the no-break spaces that keep a telephone number's groups
    together (+44 113 555 0190), and a formula's operators with its operands (66.50 × 70 ÷ 100), read
    as the spaces typed."""
    return re.sub(rf"(?<=\d)\u00a0(?=\d|[{OPERATORS}])|(?<=[{OPERATORS}])\u00a0", " ", text.replace("-\u2060", "-"))


def full_text(data: bytes) -> str:
    return "\n".join(paragraphs(data))


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
        from rfpgen.words import CURRENCY_NAMES, LANGUAGE_NAMES, TIME_ZONE_NAMES, name_of

        lang = "ja" if style.startswith("ja") else "en"
        names = {"time_zone": TIME_ZONE_NAMES, "currency": CURRENCY_NAMES}.get(path[-1]) or \
            (LANGUAGE_NAMES if len(path) > 1 and path[-2] == "languages" else None)
        if names:
            yield path, name_of(data, names, lang)
        elif _DATE.match(data):
            yield path, day(data, style, weekday=False)
        elif _MONTH.match(data):
            yield path, month(data, style)
        elif _CLOCK.fullmatch(data):
            from rfpgen.text import clock

            yield path, clock(data, lang)
        else:
            yield path, data
