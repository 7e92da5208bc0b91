"""Render a docxtpl template to a .docx file under rfpgen's rendering rules.

- autoescape on, so `& < > " '` in user text arrive as text, never as broken XML;
- an unknown template variable fails with its name (StrictUndefined) instead of printing nothing;
- the result is checked to be well-formed XML and free of template tags before it is written;
- rendering happens in memory; the caller writes the file atomically only after every check.
Callers pass contexts built by rfpgen.context, where user text is already normalised (`clean`).
"""
from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import jinja2
from docxtpl import DocxTemplate, InlineImage
from docx.oxml.ns import qn
from docx.shared import Mm, Twips

from .errors import RfpgenError
from .resources import data_dir


MAX_PROPERTY_CHARS = 255


class RenderError(RfpgenError):
    """A template that cannot be rendered: missing, malformed, or using an unknown variable."""


def template_path(name: str, lang: str, templates_dir: Path | None = None) -> Path:
    """`name` for `lang`: from the user's folder when it has that file, else the default."""
    if templates_dir is not None:
        custom = Path(templates_dir) / lang / name
        if custom.is_file():
            return custom
        flat = Path(templates_dir) / name
        if flat.is_file():
            return flat
    default = data_dir("templates") / lang / name
    if not default.is_file():
        raise RenderError(f"template {lang}/{name} is missing from the installation")
    return default


def _environment() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def render_docx(template: Path, context: dict, images: dict | None = None, properties: dict | None = None) -> bytes:
    """Render `template` with `context`; returns the checked .docx bytes (the caller writes them).

    `images` maps context keys to (PNG bytes or None, width in mm); each becomes an InlineImage.
    `properties` (title, subject, author) are set on the document after rendering, so they are
    escaped once, never twice.
    """
    try:
        doc = DocxTemplate(str(template))
        full = dict(context)
        for key, (png, width_mm) in (images or {}).items():
            full[key] = InlineImage(doc, io.BytesIO(png), width=Mm(width_mm)) if png else ""
        doc.render(full, _environment(), autoescape=True)
        fit_columns(doc.docx)
        core = doc.docx.core_properties
        for key, value in (properties or {}).items():
            # Word (and python-docx) hold at most 255 characters in a document property; the full
            # text is in the document itself.
            setattr(core, key, value[:MAX_PROPERTY_CHARS] if isinstance(value, str) else value)
        buffer = io.BytesIO()
        doc.save(buffer)
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{template}: the template uses a variable the context does not have: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{template}: template syntax error near line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"{template}: cannot render: {exc}") from None
    except (zipfile.BadZipFile, KeyError) as exc:
        raise RenderError(f"{template}: not a usable Word template ({exc})") from None
    data = buffer.getvalue()
    check_docx(data, Path(template).name)
    return data


_LATIN_MM = 2.05    # width of an average Latin character at the table font size (9.5 pt), generous for caps
_WIDE_MM = 3.45     # a CJK character is one em
_CELL_PADDING_MM = 4.2
_SHORT_CELL_MM = 26  # a cell this short (an enum label, a name) is kept on one line if at all possible


def _mm(text: str) -> float:
    """How wide `text` prints in a table cell, in millimetres."""
    return sum(_WIDE_MM if unicodedata.east_asian_width(ch) in "WF" else _LATIN_MM for ch in text)


def _unbreakable_mm(text: str, header: bool) -> float:
    """The widest piece a line cannot (or should not) be broken inside.

    Latin words and ids never break; CJK text may break between any two characters, but a short
    cell (an enum label such as インバウンド, a header such as 優先度) is kept whole.
    """
    if _mm(text) <= (16 if header else _SHORT_CELL_MM):
        return _mm(text)
    widest = 0.0
    for word in re.split(r"\s+", text):
        run = ""
        for ch in word:
            if unicodedata.east_asian_width(ch) in "WF":
                widest, run = max(widest, _mm(run), 2 * _WIDE_MM), ""
            else:
                run += ch
        widest = max(widest, _mm(run))
    return widest


def fit_columns(document, total_mm: float = 166) -> None:
    """Give each table column a width that suits its content, as a browser's auto layout does.

    Every column first gets room for its longest unbreakable word (ids and dates never wrap);
    the remaining width goes to the columns whose text would otherwise wrap most. Label/value
    tables (no header row) keep the template's widths.
    """
    for tbl in document.tables:
        rows = tbl.rows
        if not rows:
            continue
        ncols = len(tbl.columns)
        trpr = rows[0]._tr.trPr
        if ncols < 2 or trpr is None or trpr.find(qn("w:tblHeader")) is None:
            continue
        minimum, natural = [0.0] * ncols, [0.0] * ncols
        for r, row in enumerate(rows):
            for c, cell in enumerate(row.cells[:ncols]):
                bold = 1.12 if r == 0 else 1.0  # header rows are bold
                for line in cell.text.split("\n"):
                    minimum[c] = max(minimum[c], _unbreakable_mm(line, header=r == 0) * bold + _CELL_PADDING_MM)
                    natural[c] = max(natural[c], min(_mm(line), 150) * bold + _CELL_PADDING_MM)
        natural = [max(n, m) for n, m in zip(natural, minimum)]
        if sum(natural) <= total_mm:
            widths = [n * total_mm / sum(natural) for n in natural]
        elif sum(minimum) >= total_mm:
            widths = [m * total_mm / sum(minimum) for m in minimum]
        else:
            spare = total_mm - sum(minimum)
            extra = [n - m for n, m in zip(natural, minimum)]
            widths = [m + spare * e / sum(extra) for m, e in zip(minimum, extra)]
        twips = [int(w / 25.4 * 1440) for w in widths]
        grid = tbl._tbl.tblGrid
        for col, width in zip(grid.findall(qn("w:gridCol")), twips):
            col.set(qn("w:w"), str(width))
        for row in rows:
            for cell, width in zip(row.cells[:ncols], twips):
                cell.width = Twips(width)


def docx_parts(data: bytes) -> dict[str, str]:
    """Every XML part of a .docx (body, headers, footers, properties, comments …) as text."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()
                if name.endswith(".xml") or name.endswith(".rels")}


def visible_text(xml: str) -> str:
    """The text runs of one XML part, joined per paragraph, so a word split across runs is whole."""
    paragraphs = re.findall(r"<w:p[ >].*?</w:p>|<cp:coreProperties.*?</cp:coreProperties>", xml, flags=re.S)
    out = []
    for p in paragraphs or [xml]:
        texts = re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>|<(?:dc|cp|dcterms):\w+[^>]*>(.*?)</", p, flags=re.S)
        out.append("".join(a or b for a, b in texts))
    import html

    return html.unescape("\n".join(out))


def check_docx(data: bytes, name: str) -> None:
    """Refuse output that Word would reject or that still holds template tags."""
    from xml.etree import ElementTree

    for part, xml in docx_parts(data).items():
        try:
            ElementTree.fromstring(xml.encode("utf-8"))
        except ElementTree.ParseError as exc:
            raise RenderError(f"{name}: rendering produced malformed XML in {part}: {exc}") from None
        if part.startswith("word/"):
            for cell in re.findall(r"<w:tc[ >].*?</w:tc>", xml, flags=re.S):
                if "<w:p" not in cell:
                    raise RenderError(f"{name}: a table cell in {part} has no paragraph (Word would refuse the file)")
