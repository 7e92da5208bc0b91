"""Reading generated Word files the way a user meets them, for the document tests."""
from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from docx import Document

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
            for node in p.iter():
                if node.tag == f"{W}t":
                    text.append(node.text or "")
                elif node.tag == f"{W}br":
                    text.append("\n")
                elif node.tag == f"{W}tab":
                    text.append("\t")
            out.append("".join(text))
    return out


def full_text(data: bytes) -> str:
    return "\n".join(paragraphs(data))


def leftover_tags(data: bytes) -> list[str]:
    text = full_text(data)
    return re.findall(r"\{\{|\}\}|\{%|%\}", text)


def opens(data: bytes):
    return Document(io.BytesIO(data))
