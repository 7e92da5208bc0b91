"""Render a docxtpl template to a .docx file under rfpgen's rendering rules.

- autoescape on, so `& < > " '` in user text arrive as text, never as broken XML;
- an unknown template variable fails with its name (StrictUndefined) instead of printing nothing;
- the result is checked to be well-formed XML and free of template tags before it is written;
- rendering happens in memory; the caller writes the file atomically only after every check.
Callers pass contexts built by rfpgen.context, where user text is already normalised (`clean`).
"""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import io
import itertools
import re
import zipfile
import zlib
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from contextvars import ContextVar

import jinja2
import markupsafe
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from docxtpl import DocxTemplate, InlineImage
from lxml import etree
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips
from docx.table import Table

from ..errors import RenderError, TemplateRefused
from .contents import fill_table_of_contents
from .headers import fit_running_headers
from .finish import (LEGAL_FORM, OPERATORS, PHONE, finish, finish_tables, is_code, kept_whole, lines_kept_before,
                     name_parts, outermost_tables, page_lines)
from .measure import TABLE_POINTS, _CELL_PADDING_MM, _ideographic, _mm, scaled_mm
from .table_memo import TableMemo
from ..resources import data_dir
from ..text import NOT_AT_LINE_END, NOT_AT_LINE_START, is_halfwidth_kana, is_wide, without_controls


MAX_PROPERTY_CHARS = 255



def template_path(name: str, lang: str, templates_dir: Path | None = None) -> Path:
    """`name` for `lang`: from the user's folder when it has that file, else the default."""
    from .template_use import note

    if templates_dir is not None:
        for custom in (Path(templates_dir) / lang / name, Path(templates_dir) / name):
            if custom.is_file():
                note(name, lang, custom, custom=True)
                return custom
    default = data_dir("templates") / lang / name
    if not default.is_file():
        raise RenderError(f"template {lang}/{name} is missing from the installation")
    note(name, lang, default, custom=False)
    return default


class _Environment(SandboxedEnvironment):
    """The environment every Word template is rendered in.

    A template is a file people export, restyle in Word and pass around, so it is untrusted
    input: it is rendered in Jinja's sandbox (no attribute tricks such as `__class__` or
    `__globals__`, no unsafe calls) with limits on what a loop or an operator may produce, so a
    template can show the context's values but cannot run code or stall a build.
    Also: autoescape and StrictUndefined; compiled templates are kept, so a batch compiles each
    template part once per process instead of once per document (docxtpl calls from_string), and
    on disk (_compiled_code), so the next process does not compile it at all."""

    _compiled: dict = {}
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options):
        super().__init__(**options)
        self.globals["range"] = _limited_range

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"a power with exponent {right} is not allowed in a template (at most {MAX_EXPONENT})")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > MAX_ITEMS:
                    raise SecurityError(f"repeating a text or list {times} times is not allowed in a template "
                                        f"(at most {MAX_ITEMS:,} characters or items)")
        if operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise SecurityError("a format with a width of more than four digits is not allowed in a template")
        return super().call_binop(context, operator, left, right)

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            if len(self._compiled) >= 64:
                self._compiled.clear()
            code = _compiled_code(self, source)
            template = self._compiled[source] = self.template_class.from_code(self, code, self.make_globals(None), None)
        return template


def _compiled_code(environment: jinja2.Environment, source: str):
    """The code Jinja compiles `source` into, kept in the user's cache folder (rfpgen.cache: `templates/`)
    with Jinja's own bytecode cache (its files say which Jinja and Python wrote them; one that does not
    match or cannot be read is compiled again). Compiling the three documents' templates took a third
    of a second of every `rfpgen build`. The cache's name for the code holds this module's own source
    (the sandbox's rules are compiled into the code) and the template's."""
    from ..cache import cache_dir, prune

    folder = cache_dir("templates")
    if folder is None:
        return environment.compile(source)
    cache = _KeptCode(str(folder), "%s.jinja")
    name = _SANDBOX + hashlib.sha256(source.encode("utf-8")).hexdigest()  # a file per template part
    bucket = cache.get_bucket(environment, name, None, source)
    if bucket.code is None:
        bucket.code = environment.compile(source)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            cache.set_bucket(bucket)
            prune(folder, "*.jinja", 256)
        except OSError:
            pass  # a cache that cannot be written only costs the next build the compiling
    return bucket.code


class _KeptCode(jinja2.FileSystemBytecodeCache):
    """Jinja's bytecode cache reading a damaged file as none (Jinja reads a cut-short file unguarded)."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001  whatever a damaged file raises, the code is compiled again
            bucket.reset()


_SANDBOX = zlib.crc32(Path(__file__).read_bytes()).to_bytes(4, "big").hex() + jinja2.__version__


class _Template(DocxTemplate):
    """A docxtpl template whose clean-up of each XML part before Jinja reads it (docxtpl's
    patch_xml: tags split by Word's runs joined, table and paragraph tags unwrapped) is done once
    per part and process: it depends on the part's text alone, so a rebuild or a batch, rendering
    the same templates again, reuses it (the rendering itself is done anew every time)."""

    _patched: dict = {}

    def patch_xml(self, src_xml):
        patched = self._patched.get(src_xml)
        if patched is None:
            if len(self._patched) >= 64:
                self._patched.clear()
            patched = self._patched[src_xml] = super().patch_xml(src_xml)
        return patched


MAX_ITEMS = 1_000_000   # characters or list items one template operation may produce
MAX_EXPONENT = 100
_WIDE_FORMAT = re.compile(r"%[-+ #0]*\d{5,}")
_range_budget: ContextVar[list] = ContextVar("rfpgen_range_budget")  # set per rendering, never shared


def _limited_range(*args):
    """`range` for templates: all the ranges of one rendering together yield at most MAX_ITEMS
    numbers, so neither one huge range nor nested loops over large ranges can stall a build."""
    numbers = range(*args)
    budget = _range_budget.get([MAX_ITEMS])  # outside a rendering (never in practice): a budget of its own
    budget[0] -= len(numbers)
    if budget[0] < 0:
        raise SecurityError(f"range({', '.join(map(str, args))}) makes the template loop more than "
                            f"{MAX_ITEMS:,} times; a template may loop over the document's own rows only")
    return numbers


_ENVIRONMENT = None


def _environment() -> jinja2.Environment:
    global _ENVIRONMENT
    if _ENVIRONMENT is None:
        _ENVIRONMENT = _Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return _ENVIRONMENT


# docxtpl turns these sequences in the rendered XML into template braces (its way of writing a tag
# literally in a template), which would change what the user typed: `{_{` would print as `{{`.
_DOCXTPL_ESCAPES = ("{_{", "}_}", "{_%", "%_}")


def _keep_as_typed(value):
    """The context with every string holding a docxtpl escape pre-escaped, its underscores written
    as the character reference &#95; that docxtpl leaves alone and the XML parser reads as '_'.
    Control characters that escaped `clean` are dropped here: docxtpl re-reads the rendered XML
    with a recovering parser, which drops not only such a character but also later `&` in the part."""
    if isinstance(value, str):
        kept = without_controls(value)  # the very same string when it holds none
        if kept is not value:
            value = type(value)(kept)  # a Markup stays Markup
        if "_" in value and any(seq in value for seq in _DOCXTPL_ESCAPES):
            return markupsafe.Markup(str(markupsafe.escape(value)).replace("_", "&#95;"))
        return value
    if isinstance(value, dict):
        return {k: _keep_as_typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_keep_as_typed(v) for v in value]
    return value


def render_docx(template: Path, context: dict, charts: dict | None = None, properties: dict | None = None,
                fit: bool = True, images: dict | None = None, out_of_contents: frozenset = frozenset(),
                names: frozenset = frozenset()) -> bytes:
    """Render `template` with `context`; returns the checked .docx bytes (the caller writes them).

    `charts` maps figure keys to documents.charts.Chart; every item whose `figure` names one prints it
    as a native Word chart where the template says `{{ item.figure }}` (see `_with_charts`).
    `images` maps context keys to a documents.charts.Chart (a native chart, as the decision memo's)
    or to (PNG bytes or None, width in mm), an InlineImage.
    `properties` (documents.properties.file_properties: title, subject, author, company, dates) are
    set on the document after rendering, so they are escaped once, never twice. Headings in
    `out_of_contents` (an annex's sections) stay out of the table of contents. The proper `names`
    (properties.proper_names: vendors, the client, people) are kept whole on their lines (finish).
    """
    budget = _range_budget.set([MAX_ITEMS])
    try:
        doc = _Template(str(template))
        full = _keep_as_typed(dict(context))
        ids = itertools.count(1)  # the charts' numbers in the document, one sequence for all of them
        if "chapters" in full or charts:
            full = _with_charts(doc, full, charts or {}, ids)
        for key, image in (images or {}).items():
            full[key] = _image(doc, image, ids)
        doc.render(full, _environment(), autoescape=True)
        fit_and_finish_tables(doc.docx, keep_widths=not fit, names=names)
        fill_table_of_contents(doc.docx, out_of_contents)
        finish(doc.docx, tables=False, names=names)
        fit_running_headers(doc.docx)
        _set_core_properties(doc.docx.core_properties, properties or {})
        _identity_only(doc.docx.part.package, properties or {})
        check_package(doc.docx.part.package, Path(template).name)
        buffer = io.BytesIO()
        doc.save(buffer)
    except SecurityError as exc:
        raise TemplateRefused(template, str(exc)) from None
    except jinja2.UndefinedError as exc:
        raise RenderError(f"{template}: the template uses a variable the context does not have: {exc.message}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(f"{template}: template syntax error near line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise RenderError(f"{template}: cannot render: {exc}") from None
    except RecursionError:
        raise RenderError(f"{template}: the template nests too deeply to be rendered") from None
    except (OverflowError, MemoryError) as exc:
        raise TemplateRefused(template, f"it computes a value too large to hold ({type(exc).__name__})") from None
    except (zipfile.BadZipFile, KeyError, PackageNotFoundError, etree.XMLSyntaxError, ValueError) as exc:
        raise RenderError(f"{template}: not a usable Word template ({type(exc).__name__}: {exc}); export a fresh "
                          "copy with `rfpgen templates export` and apply your changes to it") from None
    except Exception as exc:
        if Path(template).resolve().is_relative_to(data_dir("templates").resolve()):
            raise  # rfpgen's own template: a bug to report, not the user's doing
        raise RenderError(f"{template}: this template cannot be rendered ({type(exc).__name__}: {exc}); compare it "
                          "with a fresh copy from `rfpgen templates export`") from None
    finally:
        _range_budget.reset(budget)
    data = buffer.getvalue()
    return data


def _image(doc: DocxTemplate, image, ids: itertools.count):
    """What prints at a context key of `images`: a native chart, a picture, or nothing."""
    from .charts import Chart, InlineChart, body_fonts

    if isinstance(image, Chart):
        doc.init_docx(reload=False)
        return InlineChart(doc, image, ids, body_fonts(doc.docx))
    png, width_mm = image
    return InlineImage(doc, io.BytesIO(png), width=Mm(width_mm)) if png else ""


def _with_charts(doc: DocxTemplate, context: dict, charts: dict, ids: itertools.count) -> dict:
    """The context with each figure item's `figure` replaced by its chart (documents.charts.InlineChart),
    or by empty text when the chart is not there (the template prints nothing for it).

    `staffing_chart`, the key of templates made before figures were numbered, prints the figure items'
    charts one after the other, as such a template prints it once per figure item."""
    from .charts import ChartsInOrder, InlineChart, body_fonts

    if charts:
        doc.init_docx(reload=False)
    fonts = body_fonts(doc.docx) if charts else ("", "")
    in_order = []
    chapters = []
    for chapter in context.get("chapters") or []:
        topics = []
        for item in chapter.get("topics") or []:
            figure = item.get("figure")
            if isinstance(figure, dict):
                chart = charts.get(figure.get("chart"))
                if chart and figure.get("description"):  # this document's caption (the guide's names the table's document)
                    chart = dataclasses.replace(chart, description=figure["description"])
                item = dict(item, figure=InlineChart(doc, chart, ids, fonts) if chart else "")
                if chart and item.get("kind") == "image":
                    in_order.append(item["figure"])
            topics.append(item)
        chapters.append(dict(chapter, topics=topics))
    if "chapters" in context:
        context["chapters"] = chapters
    context["staffing_chart"] = ChartsInOrder(in_order)
    return context


def _set_core_properties(core, properties: dict) -> None:
    """docProps/core.xml from `properties` alone (see documents.properties.file_properties): the
    client is author and last editor, the dates are the project's and the build's, and whatever
    the template carried (its author, its 2013 dates, comments, keywords) is overwritten."""
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    author = properties.get("author", "")
    created = properties.get("created")
    created = created.astimezone(timezone.utc).replace(tzinfo=None) if created else now
    modified = properties.get("modified")
    modified = modified.astimezone(timezone.utc).replace(tzinfo=None) if modified else max(now, created)
    values = {"title": properties.get("title", ""), "subject": properties.get("subject", ""), "author": author,
              "last_modified_by": author, "comments": "", "keywords": "", "category": "", "identifier": "",
              "content_status": "", "version": "", "revision": 1, "created": created, "modified": modified}
    for key, value in values.items():
        if isinstance(value, str):
            value = value[:MAX_PROPERTY_CHARS]
        setattr(core, key, value)


_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<Company>{company}</Company><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
            '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
            '<HyperlinksChanged>false</HyperlinksChanged></Properties>')


def _identity_only(package, properties: dict) -> None:
    """The package with an app.xml naming only the client's company (no application, template,
    page or word counts a template left behind) and without customXml parts (a template's stale
    bibliography store), changed in memory before the one save (no second pass over the zip)."""
    company = markupsafe.escape(str(properties.get("company", properties.get("author", "")))[:MAX_PROPERTY_CHARS])
    for source in [package, *package.iter_parts()]:
        for rid, rel in list(source.rels.items()):
            if not rel.is_external and str(rel.target_part.partname).startswith("/customXml/"):
                source.rels.pop(rid)  # unreachable parts are not written, nor their content types
    for part in package.iter_parts():
        if part.partname == "/docProps/app.xml":
            blob = _APP_XML.format(company=company).encode("utf-8")
            if hasattr(part, "_element"):
                from docx.oxml import parse_xml

                part._element = parse_xml(blob)
            else:
                part._blob = blob


_SHORT_CELL_MM = 26  # a cell this short (an enum label, a name) is kept on one line if at all possible
_HEADER_PIECE_MM = 36  # a header or a label breaks only between its parts (before "（", after "・", at spaces) up to this width
_LONG_WORD_MM = 40   # a word longer than this (a URL) is broken by Word and LibreOffice at the cell edge anyway
_KEY_COLUMN_MM = 30  # a column whose longest word is this short (ids, priorities, numbers) always gets it


# a Japanese date or month, or one left blank to write in by hand (令和　　年　　月　　日): one line
_DATE = re.compile(r"(?:令和|平成|昭和)?(?:\d+|元|\u3000+)年(?:\d+|\u3000+)月(?:(?:\d+|\u3000+)日)?(?:（.）)?")
# where a header or a label may break: at spaces, before a bracket, after ）・／、, after the particle の
# (1FTEあたりの / 月間所定労働時間) and where a katakana word follows kana or kanji (問い合わせ / フォーム);
# not where kanji follows katakana, which is most often a suffix (クレーム窓口, チーム別)
_PART_BREAKS = r"(?=[（(])|(?<=[）)・／/、の])|(?<=[\u3041-\u309f\u4e00-\u9fff])(?=[\u30a1-\u30fa])"
_HEADER_PARTS = re.compile(r"\s+|" + _PART_BREAKS)
_LABEL_MM = 60  # a Japanese cell this short without a full stop is a name or label (苦情・クレーム窓口（電話）)
_BRACKET_MM = 52  # a bracketed part of a label this short (（カスタマーサービス部長）) is kept whole
_PHRASE_MM = 2 * _LABEL_MM  # a longer Japanese cell without a full stop (_is_phrase) still breaks only between its parts
_PAIR_LABEL_SHARE = 0.45  # a label/value table's label column widens to its longest label, up to this share


def _company_parts(text: str) -> list[str] | None:
    """A company name's parts (legal form, name), or None when `text` is not a short Japanese name with a legal form."""
    if "。" in text or _mm(text) > _LABEL_MM or not LEGAL_FORM.search(text) or text.isascii():
        return None
    return [part.strip() for part in name_parts(text)]


def _is_label(text: str) -> bool:
    return "。" not in text and any(map(_ideographic, text)) and _mm(text) <= _LABEL_MM


def _is_phrase(text: str) -> bool:
    """Japanese words without a full stop, up to two labels long (an approver's role: 情報システム・情報
    セキュリティ部分の承認): broken between their parts, never before a last character (承 / 認); not a
    calculation (品質点 62.77（89.67 × 70 ÷ 100）＋ 価格点 24.00 ＝ 86.77), whose spaces are not its parts."""
    return ("。" not in text and any(map(_ideographic, text)) and _mm(text) <= _PHRASE_MM
            and not any(ch in OPERATORS or ch.isdigit() for ch in text))  # words only: figures wrap as text does


@lru_cache(maxsize=16384)  # asked of every piece of every cell's text, most of them one character
def _word_mm(word: str) -> float:
    """A word's width, at most _LONG_WORD_MM unless it is a code (an e-mail address, an id) that must
    stay whole: a longer word (a URL, a path) is broken by Word and LibreOffice at the cell edge anyway."""
    return _mm(word) if is_code(word) else min(_mm(word), _LONG_WORD_MM)


_SPACES = re.compile(r"[ \t\n\u3000]+")  # the spaces a line may break at (str.split() would break at a no-break space too)


def _breakable_mm(text: str) -> float:
    """The widest piece of text between two places a line may break: between Japanese characters
    (kinsoku aside), beside a Latin word, at spaces; never inside a Latin word, a date, a time or a
    figure with its unit (the finish keeps them whole: `kept_whole`)."""
    whole = max((_mm(piece) for piece in kept_whole(text)), default=0.0) if any(ch.isdigit() for ch in text) else 0.0
    if text.isascii():
        return max([whole, *map(_word_mm, text.split())])
    widest = max([whole, *(_mm(d) for d in _DATE.findall(text))])
    for word in _SPACES.split(text):  # a no-break space (a date kept whole) joins its words
        if not word:
            continue
        piece = word[0]
        for a, b in zip(word, word[1:]):
            japanese = is_wide(a) or is_wide(b) or is_halfwidth_kana(a) or is_halfwidth_kana(b)
            # kinsoku: （Excel） and FAQ・ are one piece, as wide as the bracket and the word together;
            # a range of figures breaks after its dash, as the renderers break it (3.0000– / 5.0000):
            # kept whole, a column of ranges took the room of the sentences beside it
            if (japanese and a not in NOT_AT_LINE_END and b not in NOT_AT_LINE_START) or (a == "–" and b.isdigit()):
                widest, piece = max(widest, _word_mm(piece)), ""
            piece += b
        widest = max(widest, _word_mm(piece))
    return widest


@lru_cache(maxsize=16384)
def _unbreakable_mm(text: str, header: bool) -> float:
    """The widest piece a line cannot (or should not) be broken inside.

    Latin words, codes (e-mail addresses, ids) and Japanese dates never break; other Japanese text
    may break between characters (_breakable_mm), but a short cell (an enum label such as
    インバウンド) is kept whole, and a header or a label breaks only between its parts (ピーク時の / 必要人数 /
    （共有）, 苦情・ / クレーム窓口), never inside a word such as クレーム窓口.
    """
    if not header and (_mm(text) <= _SHORT_CELL_MM or _DATE.fullmatch(text)):
        return _mm(text)
    if not header and text.endswith("：") and _is_label(text):
        return _mm(text)  # a line naming what the line under it holds (受注・問い合わせ窓口（電話）：) reads whole
    company = None if header else _company_parts(text)
    if company:  # a company name: whole on its line but for its legal form
        return max(_mm(part) for part in company)
    if header or _is_label(text):
        return max((_breakable_mm(part) if _mm(part, header) > (_BRACKET_MM if part[0] in "（(" else _HEADER_PIECE_MM)
                    else _mm(part, header) for part in _HEADER_PARTS.split(text) if part), default=0.0)
    return _breakable_mm(text)


def _name_mm(text: str, names: frozenset, whole: bool) -> float:
    """The widest of the proper `names` in `text` (a name column's, a sentence naming a vendor), whole
    or, with `whole` False, its widest part (name_parts: ひかりコンタクトサービス / 株式会社)."""
    return max((_mm(name) if whole else max(_mm(part.rstrip()) for part in name_parts(name))
                for name in names if name in text), default=0.0)


def _fit_label_column(tbl, cols, total_mm: float) -> None:
    """A label/value table (no header row): the label column widened from the template's width to its
    longest label (up to _PAIR_LABEL_SHARE of the line), and a label still longer broken between its
    parts (SV一人あたりの / オペレーター数), so no label breaks inside a word."""
    rows = _table_rows(tbl, 2)
    widths = [int(col.get(_W_W) or 0) / 1440 * 25.4 for col in cols]
    if not rows or not all(widths):
        return
    longest = max((_mm(line) + _CELL_PADDING_MM for row in rows for line in row[0][1].split("\n")), default=0.0)
    label = min(max(widths[0], longest), total_mm * _PAIR_LABEL_SHARE, sum(widths) * _PAIR_LABEL_SHARE)
    label = max(label, widths[0])
    widths = [label, sum(widths) - label]
    twips = [str(int(w / 25.4 * 1440)) for w in widths]
    for col, width in zip(cols, twips):
        col.set(_W_W, width)
    for row in rows:
        for (tc, _), width in zip(row, twips):
            _set_cell_width(tc, width)
        tc, text = row[0]
        _break_between_parts(tc, text, widths[0] - _CELL_PADDING_MM, header=False)


LINE_MM = 166  # the templates' line length, which a table's columns share


def fit_columns(document, total_mm: float = LINE_MM, keep_widths: bool = False, names: frozenset = frozenset()) -> None:
    """Give each table column a width that suits its content, as a browser's auto layout does.

    Every column first gets room for its longest unbreakable word (ids, e-mail addresses, dates and a
    Latin word with the brackets kinsoku keeps on its line never wrap; any other word longer than
    _LONG_WORD_MM, such as a URL, is broken by the renderer and claims no more); the
    remaining width goes to the columns whose text would otherwise wrap most. When even the words
    do not fit, the table prints smaller, down to 8 pt (_table_points), so that its figures still keep
    their width; beyond that, key columns (ids, priorities, numbers) keep their width and the text
    columns share the rest. A column holding proper `names` (vendors, the client, people) gets the
    width of the longest whole where the line has room for it (and a long text its share), else of
    its longest part (ひかりコンタクトサービス / 株式会社). Where some text wraps anyway, a header claims no more than two lines' width. Label/value tables (no header row) keep the template's widths, the label column
    widened to its longest label (_fit_label_column). With `keep_widths`
    (a paper form, whose empty writing columns need the template's room) every column keeps its
    template width, widened only as far as its longest word needs, at the expense of the others.
    """
    for tbl in document.tables:
        _fit_table(tbl, total_mm, keep_widths, names)


_TABLES = TableMemo()


def fit_and_finish_tables(document, keep_widths: bool = False, names: frozenset = frozenset()) -> None:
    """fit_columns and the table finish (finish.finish_tables) table by table, as one step whose
    result a table rendered exactly as before in this process takes from then (table_memo); `names`
    the proper names the tables keep whole."""
    body = document.element.body
    page = page_lines(body)
    for element in outermost_tables(body):
        fitted = element.getparent() is body  # fit_columns fits the body's own tables (document.tables)
        lead_lines = lines_kept_before(element)

        def work(tbl, fitted=fitted, lead_lines=lead_lines):
            if fitted:
                _fit_table(Table(tbl, document._body), LINE_MM, keep_widths, names)
            finish_tables(tbl, names, lead_lines, page)

        _TABLES.apply(element, (fitted, keep_widths, names, lead_lines, page), work)


def _fit_table(tbl, total_mm: float, keep_widths: bool, names: frozenset = frozenset()) -> None:
    """fit_columns for one python-docx table."""
    element = tbl._tbl
    trs = element.findall(_TR)
    if not trs:
        return
    grid = element.find(_GRID)
    cols = grid.findall(_GRID_COL) if grid is not None else []
    ncols = len(cols)
    if ncols == 2 and trs[0].find(_HEADER_ROW) is None and not keep_widths:
        _fit_label_column(tbl, cols, total_mm)
        return
    if ncols < 2 or trs[0].find(_HEADER_ROW) is None:
        return
    rows = _table_rows(tbl, ncols)
    minimum, whole, natural, folded = [0.0] * ncols, [0.0] * ncols, [0.0] * ncols, [0.0] * ncols
    addresses_broken = [0.0] * ncols  # `whole` with e-mail addresses broken at @ and dots
    for r, row in enumerate(rows):
        header = r == 0
        for c, (_, text) in enumerate(row):
            for line in text.split("\n"):  # the header row is bold
                least = _unbreakable_mm(line, header=header) + _CELL_PADDING_MM
                name = _name_mm(line, names, whole=True) + _CELL_PADDING_MM
                minimum[c] = max(minimum[c], least, _name_mm(line, names, whole=False) + _CELL_PADDING_MM)
                whole[c] = max(whole[c], least, name)
                least = _unbreakable_mm(_EMAIL.sub(_address_pieces, line), header=header) + _CELL_PADDING_MM if "@" in line else least
                addresses_broken[c] = max(addresses_broken[c], least, name)
                natural[c] = max(natural[c], min(_mm(line, header), 150) + _CELL_PADDING_MM)
                folded[c] = max(folded[c], min(_two_lines_mm(line) if header else _mm(line), 150) + _CELL_PADDING_MM)
    points = TABLE_POINTS if keep_widths else _table_points(minimum, total_mm)
    addresses = addresses_broken != whole
    if addresses and sum(scaled_mm(m, _SMALLER_POINTS[-1]) for m in minimum) > total_mm:
        minimum = whole = addresses_broken  # an address too long for any line breaks at its @ and dots, beside whole names
    if addresses and not keep_widths:
        # names whole beside e-mail addresses whole, the table a little smaller if need be (else the names break)
        points = min(points, _table_points(whole, total_mm, points))
    if points < TABLE_POINTS:
        minimum, whole, natural, folded = ([scaled_mm(m, points) for m in widths] for widths in (minimum, whole, natural, folded))
        _set_font_size(element, points)
    if sum(natural) > total_mm:  # some text wraps anyway: a header wraps first, on two lines
        natural = folded
    writing = [not any(row[c][1].strip() for row in rows[1:]) for c in range(ncols)]  # a paper form's empty columns
    widths = (_widened([int(col.get(_W_W) or 0) / 1440 * 25.4 for col in cols], minimum, writing) if keep_widths
              else _widths(minimum, natural, total_mm))
    if whole != minimum:
        widths = _with_whole_names(widths, whole, natural, writing, total_mm, text_share=not addresses)
    twips = [str(int(w / 25.4 * 1440)) for w in widths]
    for col, width in zip(cols, twips):
        col.set(_W_W, width)
    for r, row in enumerate(rows):
        for (tc, text), width, mm in zip(row, twips, widths):
            _set_cell_width(tc, width)
            room = (mm - _CELL_PADDING_MM) * TABLE_POINTS / points  # mm: before twips round down
            _break_between_parts(tc, text, room, header=r == 0, names=names)


def _two_lines_mm(header: str) -> float:
    """How wide a header needs to be in a table whose text wraps anyway: on two lines broken between its
    parts (ピーク時の / 必要人数, AHT / （秒））, as a consultant's table sets it, so a header longer than its
    figures does not take the room a name column beside it needs (プログラム names wrapped onto three lines)."""
    parts = [part for part in re.split(_PART_BREAKS + r"|(?<=\s)", header) if part]
    return min((max(_mm("".join(parts[:i]).rstrip(), True), _mm("".join(parts[i:]), True)) for i in range(1, len(parts))),
               default=_mm(header, True))


_SMALLER_POINTS = (9, 8.5, 8)  # a wide table of figures prints in a smaller size, as a consultant sets it: down to 8 pt


def _table_points(minimum: list[float], total_mm: float, otherwise: float = _SMALLER_POINTS[-1]) -> float:
    """The table's font size: TABLE_POINTS, or when its unbreakable words (numbers, ids, dates) do not
    fit side by side on the line at that size, the largest smaller size at which they do (at the
    least 8 pt), so no column is narrower than its figures and a figure never breaks (72.3 / %);
    `otherwise` when they do not fit even at 8 pt."""
    for points in (TABLE_POINTS, *_SMALLER_POINTS):
        if sum(scaled_mm(m, points) for m in minimum) <= total_mm:
            return points
    return otherwise


def _set_font_size(tbl, points: float) -> None:
    """Every run of the table at `points`, scaled from its own size (a template's larger header stays larger)."""
    for run in tbl.iter(qn("w:r")):
        rpr = run.get_or_add_rPr()
        size = rpr.sz_val.pt if rpr.sz_val is not None else TABLE_POINTS
        rpr.sz_val = Pt(round(size * points / TABLE_POINTS * 2) / 2)
        complex_size = rpr.find(qn("w:szCs"))
        if complex_size is not None:
            complex_size.set(qn("w:val"), str(round(size * points / TABLE_POINTS * 2)))


_TR, _GRID, _GRID_COL = qn("w:tr"), qn("w:tblGrid"), qn("w:gridCol")
_HEADER_ROW = f"{qn('w:trPr')}/{qn('w:tblHeader')}"
_TC, _TC_PR, _TC_W = qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_W_W, _W_TYPE = qn("w:w"), qn("w:type")


def _set_cell_width(tc, twips: str) -> None:
    """A cell's preferred width in twips: the template's w:tcW set in place (python-docx's setter,
    which finds or adds each element through its own lookups, is several times slower)."""
    properties = tc.find(_TC_PR)
    width = properties.find(_TC_W) if properties is not None else None
    if width is None:
        tc.width = Twips(int(twips))
        return
    width.set(_W_TYPE, "dxa")
    width.set(_W_W, twips)


def _lines(parts: list[str], room: float, bold: bool) -> list[str]:
    """`parts` filled greedily into lines of `room` millimetres (a part longer than a line is a line).
    A space where a line breaks stays at its end, unseen, so the cell's text is still what was typed."""
    lines = [""]
    for part in parts:
        if lines[-1] and _mm((lines[-1] + part).rstrip(), bold) > room:
            word = part.lstrip()
            lines[-1] += part[:len(part) - len(word)]
            lines.append("")
            part = word
        lines[-1] += part
    return lines


def _break_between_parts(tc, text: str, room: float, header: bool, names: frozenset = frozenset()) -> None:
    """Break a Japanese header or label between its parts (ピーク時の / 必要人数 / （共有）, 苦情・ / クレーム窓口)
    and a date range between its dates, when the cell's text does not fit on one line. Word and
    LibreOffice fill a line as far as it goes and would break inside a word (ピーク時の必 / 要人数, クレーム窓 /
    口) or a date (2027年10月 / 4日): the column is wide enough for every part, so explicit breaks at
    the parts keep each whole. A proper name among `names` is one part (株式会社テレコムブリッジ > ひかり /
    コンタクトサービス株式会社 broke at the katakana), or its own parts where a line cannot hold it. A cell
    whose e-mail address the column cannot hold (it gave the names beside it their room) breaks at
    spaces and before the address's @ or a dot (_address_parts). Each line is a run of its own, so the
    finish can give a name in it a run of its own (finish._keep_names_whole)."""
    if "\n" in text or _mm(text, header) <= room:
        return
    if not header and any(_mm(address) > room for address in _EMAIL.findall(text)):
        parts = _address_parts(text)
    elif text.isascii():
        return
    elif not header and _DATE.search(text):
        parts = [part for part in re.split(r"(?<=[–—〜～])", text) if part]  # "date –" / "date"
        if any(_mm(part) > room for part in parts):
            return  # prose that holds a range: a break after 〜 would leave a short line before a long one
    elif not header and _company_parts(text):
        parts = _company_parts(text)
    elif header or _is_label(text) or _is_phrase(text):
        parts = [part for part in re.split(_PART_BREAKS + r"|(?<=\s)", text) if part]
    else:
        return
    lines = _lines(_names_unbroken(parts, text, names, room, header), room, header)
    paragraphs = tc.findall(qn("w:p"))
    runs = [run for run in tc.iter(qn("w:r")) if run.find(qn("w:t")) is not None]
    if len(lines) < 2 or len(paragraphs) != 1 or not all(_plain_run(run) for run in runs) \
            or "".join(run.find(qn("w:t")).text or "" for run in runs) != text:
        return  # one line anyway, or rich text (a tab, a field, several paragraphs) this does not rewrite
    breaks = set(itertools.accumulate(len(line) for line in lines[:-1]))
    at = 0
    for run in runs:  # a label of several runs (「 + a name + 」を除く) is broken as one of a single run
        t = run.find(qn("w:t"))
        whole = t.text or ""
        if at in breaks:  # a line begins with this run
            run.addprevious(_run_like(run, "w:br"))
        ends = [b - at for b in sorted(breaks) if at < b < at + len(whole)]
        at += len(whole)
        if not ends:
            continue
        pieces = [whole[i:j] for i, j in zip([0, *ends], [*ends, len(whole)])]
        t.text = pieces[0]
        t.set(qn("xml:space"), "preserve")
        last = run
        for piece in pieces[1:]:  # each line a run of its own after its break
            for new in (_run_like(run, "w:br"), _run_like(run, "w:t", piece)):
                last.addnext(new)
                last = new


def _plain_run(run) -> bool:
    """A run of text only (its properties and one w:t), which _break_between_parts may split."""
    return all(child.tag in (_T, _R_PR) for child in run) and len(run.findall(_T)) == 1


def _run_like(run, tag: str, text: str | None = None):
    """A new run with `run`'s properties holding one `tag` element (a line break, or text)."""
    new = OxmlElement("w:r")
    properties = run.find(_R_PR)
    if properties is not None:
        new.append(copy.deepcopy(properties))
    element = OxmlElement(tag)
    if text is not None:
        element.set(qn("xml:space"), "preserve")
        element.text = text
    new.append(element)
    return new


# an e-mail address, which may break before its @ and its dots where its column cannot hold it whole
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_ADDRESS_BREAKS = re.compile(r"(?<=.)(?=[@.])")


def _address_pieces(m: re.Match) -> str:
    """An e-mail address with a space where it may break (before @ and before each dot), to measure its pieces."""
    return _ADDRESS_BREAKS.sub(" ", m.group(0))
def _address_parts(text: str) -> list[str]:
    """`text` split where a line may break: at spaces, but not between a telephone number's groups, and
    before the @ and the dots of an e-mail address (s.yamamoto / @telecombridge / .example.jp)."""
    kept = {i for m in PHONE.finditer(text) for i in range(m.start() + 1, m.end())}
    cuts = {m.end() for m in re.finditer(r"\s+", text)} - kept
    cuts |= {m.start() + i for m in _EMAIL.finditer(text) for i in range(1, len(m.group(0))) if m.group(0)[i] in "@."}
    bounds = [0, *sorted(cuts - {0, len(text)}), len(text)]
    return [text[i:j] for i, j in zip(bounds, bounds[1:])]


def _names_unbroken(parts: list[str], text: str, names: frozenset, room: float, header: bool) -> list[str]:
    """`parts` joined where a boundary between two falls inside a proper name of `text`, or inside one
    of the name's parts (name_parts) when a line of `room` cannot hold it whole."""
    inside = set()
    for name in names:
        pieces = [name] if _mm(name, header) <= room else name_parts(name)
        for m in re.finditer(re.escape(name), text):
            at = m.start()
            for piece in pieces:
                inside.update(range(at + 1, at + len(piece.rstrip())))
                at += len(piece)
    merged, at = [], 0
    for part in parts:
        if merged and at in inside:
            merged[-1] += part
        else:
            merged.append(part)
        at += len(part)
    return merged


_TEXT_SHARE = 0.3  # a long text (a description) gets at least this share of the line, from the short columns' spare room


def _widths(minimum: list[float], natural: list[float], total_mm: float) -> list[float]:
    """Column widths: each its longest unbreakable word, the rest shared by how much each would wrap
    (_fitted); then a long text (a description, longer than a label) squeezed below _TEXT_SHARE of the
    line gets that share from the room the short columns (names, labels, numbers) have above their
    words: they wrap between words, and the description is not left a few characters a line."""
    widths = _fitted(minimum, natural, total_mm)
    text = max(range(len(widths)), key=lambda c: natural[c])
    label = _LABEL_MM + _CELL_PADDING_MM
    if natural[text] <= max(total_mm * _TEXT_SHARE, label):  # no long text: the shares of _fitted stand
        return widths
    room = [max(w - m, 0) if c != text and n <= label else 0 for c, (w, m, n) in enumerate(zip(widths, minimum, natural))]
    moved = min(total_mm * _TEXT_SHARE - widths[text], sum(room))
    if moved <= 0:
        return widths
    return [w + moved if c == text else w - r * moved / sum(room) for c, (w, r) in enumerate(zip(widths, room))]


def _with_whole_names(widths: list[float], whole: list[float], natural: list[float], writing: list[bool],
                      total_mm: float, text_share: bool = True) -> list[float]:
    """`widths` with each column that holds a proper name widened to hold its longest whole (`whole`),
    the room taken from the other columns' spare (_widened), as far as the line has room and a long
    text keeps its share: a typesetter widens a name column so that no name breaks (ひかりコンタクト
    サービス / 株式会社) where the page allows. An e-mail address is whole in `widths` already: a name
    breaks between its parts before an address breaks (s.yamamoto@telecombridge / .example.jp). Without
    `text_share` (a table of contacts, printed smaller for its names and addresses) the long text (a
    contact's title) wraps within the room they leave."""
    text = max(range(len(widths)), key=lambda c: natural[c])
    floor = list(whole)
    if text_share and natural[text] > _LABEL_MM + _CELL_PADDING_MM:  # a long text keeps its share
        floor[text] = max(whole[text], min(widths[text], total_mm * _TEXT_SHARE))
    return _widened(widths, floor, writing) if sum(floor) <= total_mm else widths


def _fitted(minimum: list[float], natural: list[float], total_mm: float) -> list[float]:
    natural = [max(n, m) for n, m in zip(natural, minimum)]
    if sum(natural) <= total_mm:
        return [n * total_mm / sum(natural) for n in natural]
    if sum(minimum) < total_mm:
        spare = total_mm - sum(minimum)
        extra = [n - m for n, m in zip(natural, minimum)]
        return [m + spare * e / sum(extra) for m, e in zip(minimum, extra)]
    key = [m <= _KEY_COLUMN_MM + _CELL_PADDING_MM for m in minimum]
    reserved = sum(m for m, k in zip(minimum, key) if k)
    rest = sum(m for m, k in zip(minimum, key) if not k)
    if not rest or reserved >= total_mm * 0.7:  # only key columns, or too many of them: all shrink alike
        return [m * total_mm / sum(minimum) for m in minimum]
    return [m if k else m * (total_mm - reserved) / rest for m, k in zip(minimum, key)]


_WRITING_MM = 41  # the room a paper form keeps to write a comment by hand (4 cm, and the rounding to twips)


def _widened(widths: list[float], minimum: list[float], writing: list[bool]) -> list[float]:
    """`widths` with each column below its minimum widened, the room taken from the columns above
    theirs in proportion to their spare width (as far as they have it); the total stays the same.
    An empty `writing` column (room to write a comment by hand) keeps at least _WRITING_MM."""
    floor = [max(m, min(w, _WRITING_MM)) if blank else m for w, m, blank in zip(widths, minimum, writing)]
    short = sum(max(m - w, 0) for w, m in zip(widths, floor))
    spare = sum(max(w - m, 0) for w, m in zip(widths, floor))
    moved = min(short, spare)
    if not moved:
        return widths
    return [w + (m - w) * moved / short if w < m else w - (w - m) * moved / spare for w, m in zip(widths, floor)]


_RUNS = etree.XPath("./w:r | ./w:hyperlink/w:r", namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
_T, _BR, _R_PR = qn("w:t"), qn("w:br"), qn("w:rPr")
_RUN_CHARS = {qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-"}
_SPANS = etree.XPath(".//w:gridSpan | .//w:vMerge | .//w:gridBefore | .//w:gridAfter",
                     namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})


_RUN_TEXT = etree.XPath(" | ".join(f"./w:r/w:{t} | ./w:hyperlink/w:r/w:{t}" for t in ("t", "br", "tab", "ptab", "cr", "noBreakHyphen")),
                       namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
_P, _BR_TYPE = qn("w:p"), qn("w:type")


def _tc_text(tc) -> str:
    """What python-docx's `cell.text` gives, read straight from the XML (much faster)."""
    lines = []
    for p in tc.iterchildren(_P):
        out = []
        for child in _RUN_TEXT(p):  # the runs' text, breaks and tabs in document order
            tag = child.tag
            if tag == _T:
                out.append(child.text or "")
            elif tag == _BR:
                if child.get(_BR_TYPE) in (None, "textWrapping"):
                    out.append("\n")
            else:
                out.append(_RUN_CHARS[tag])
        lines.append("".join(out))
    return "\n".join(lines)


def _table_rows(tbl, ncols: int) -> list[list[tuple]]:
    """[(tc element, text) per grid column] per row; merged cells go through python-docx's grid."""
    if _SPANS(tbl._tbl):
        return [[(cell._tc, cell.text) for cell in row.cells[:ncols]] for row in tbl.rows]
    return [[(tc, _tc_text(tc)) for tc in tr.findall(_TC)[:ncols]] for tr in tbl._tbl.findall(_TR)]


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
        texts = re.findall(r"<w:t(?: [^>]*)?>(.*?)</w:t>|<(?:dc|cp|dcterms):\w+[^>]*>(.*?)</|(<w:noBreakHyphen/>)", p, flags=re.S)
        out.append("".join(a or b or ("-" if c else "") for a, b, c in texts))
    import html

    return html.unescape("\n".join(out)).replace("\u2060", "").replace("\u200b", "")  # word joiners and break opportunities (codes, dates, figures kept whole) are unseen


_STRICT = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, recover=False)


_CHECKED: set[tuple] = set()  # (part name, CRC-32, size) of parts already found sound in this process


def check_docx(data: bytes, name: str) -> None:
    """Refuse output that Word would reject: malformed XML in any part, a table cell without a paragraph.

    A part byte-for-byte identical to one already checked (styles, theme, fonts … of a template used
    before, recognised by name, CRC-32 and size) is not parsed again."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            part = info.filename
            if part.endswith((".xml", ".rels")):
                _check_part(part, (part, info.CRC, info.file_size), lambda part=part: archive.read(part), name)


def check_package(package, name: str) -> None:
    """check_docx on a python-docx package about to be saved, without writing and re-reading it.

    The parts python-docx holds as XML trees (the rendered body, headers, footers, styles …) are
    serialised from those trees, so they are well-formed by construction: only their table cells
    are checked, on the tree. Every other part (a template's theme, font table, the charts …) is
    parsed as check_docx does; the relationships and content types python-docx writes itself."""
    from docx.opc.part import XmlPart

    for part in package.iter_parts():
        partname = str(part.partname).lstrip("/")
        if isinstance(part, XmlPart):
            if partname.startswith("word/") and _EMPTY_CELL(part.element):
                raise RenderError(f"{name}: a table cell in {partname} has no paragraph (Word would refuse the file)")
            continue
        if partname.endswith((".xml", ".rels")):
            blob = part.blob
            _check_part(partname, (partname, zlib.crc32(blob), len(blob)), lambda blob=blob: blob, name)


_EMPTY_CELL = etree.XPath("//w:tc[not(.//w:p)]", namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})


def _check_part(part: str, seen: tuple, read, name: str) -> None:
    if seen in _CHECKED:
        return
    try:
        root = etree.fromstring(read(), _STRICT)
    except etree.XMLSyntaxError as exc:
        raise RenderError(f"{name}: rendering produced malformed XML in {part}: {exc}") from None
    if part.startswith("word/") and _EMPTY_CELL(root):
        raise RenderError(f"{name}: a table cell in {part} has no paragraph (Word would refuse the file)")
    if len(_CHECKED) > 4096:
        _CHECKED.clear()
    _CHECKED.add(seen)
