"""The typographic finish every rendered document gets, whatever template it came from.

Applied by render.render_docx after docxtpl has filled the template, so a client's restyled
template gets it too:

- headings, and the paragraph that leads into a table (its heading, caption or introduction), are
  kept with what follows, so none is left alone at a page foot; the document's last line (以上) is
  kept with what precedes it, so it never stands alone on a page (after a table, as the table's
  closing row);
- a table's rows never split across pages, its header row repeats; a small table (a vendor's scores
  in the memo) is kept whole on one page, and a longer one keeps its header with the first two data
  rows (a label/value table: its first two rows together) and its last two rows together (a total
  row with the last two rows it sums), so no page ends with a header (or a heading and one row)
  alone, and the last row (a total) never goes over alone; the rows kept with the header fit on a
  page (fewer lines on a landscape one) together with the heading and lead-in kept with them, or
  LibreOffice leaves those alone at the page foot;
- a row with a signature cell (parts.approval_block) is tall enough to sign or stamp in;
- a column of numbers is right-aligned, header included;
- a code with a hyphen (an id such as TEL-ORDER, an e-mail address, a telephone number, a file name
  such as project-response-form.xlsx), and a short hyphenated word (e-mail, two-person), gets a word
  joiner after each hyphen, so no line breaks inside it; a telephone number written in groups
  (+44 113 555 0190) gets no-break spaces between them; so do a formula's operator and the operand
  after it (Σ (weight …), score × 70, a target's ≤ 30 s), and a calculation of figures is kept whole (66.50 × 70 ÷ 100),
  so no line ends with ÷ above a 100 nor breaks before ÷ 100 after one, and a short Japanese word
  that is an operand is kept whole (（合計 × 30 ÷ 100）, never 合 / 計); a date (2027年3月1日（月）,
  1 March 2027, March 1, 2027), a time of day (9:00 a.m.) and a range of times (9:00–18:00) is kept
  whole: no-break spaces for its spaces and a word joiner where a line could break between two
  characters (Japanese text may break between any two characters, a dash lets a line end after it),
  never inside a word of letters (Zoë) nor before a combining mark;
  a figure and its unit (60 s, 1 hour, 44.1 FTE), and a standard and its version (PCI DSS v4.0,
  ISO/IEC 27001:2022) are joined by no-break spaces (in Japanese text, where LibreOffice breaks a line
  at a no-break space, JA_NO_BREAK_SPACE); in Japanese text a figure with its counter (2年以上, 20.7アーラン),
  the part of an address after its ward (東品川9-9-9), an operator with its short bracket (×（1 − シュリンケージ）)
  and a word with its signed change (シュリンケージ−5pt) are kept whole as a date is, and the last two letters
  of a paragraph or a line stay with its closing 。 (never 「い。」 alone);
- no space between a Japanese letter and a Latin letter or digit (Word's and LibreOffice's autospace),
  so the project's text prints as rfpgen's own (12月31日 beside 2027年12月31日（金）). Latin words and
  numbers in Japanese lines are kept whole by tagging Western text as English (the template's
  document defaults): a Japanese language tag on Latin text lets LibreOffice break it between any
  two letters;
- a proper name (a vendor's, the client's, a person's: the `names` the caller gives) in body text is
  kept whole on its line when it is short (a third of the line), a longer one broken only between its
  parts; in a table cell it is kept whole on its line where the cell's width holds it (column fitting gives a name column that
  width where the page allows), else broken only between its parts (ひかりコンタクトサービス / 株式会社,
  Northgate Customer / Services Ltd): LibreOffice's Japanese line breaker would break it between
  any two characters (ひかり / コンタクトサービス株式会社);
- a figure caption's number (図1, Figure 1) is a SEQ field showing that number, so Word renumbers
  the figures when a client adds or moves one and can list them in a table of figures.
"""
from __future__ import annotations

import copy
import math
import re
import unicodedata
from functools import lru_cache

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..text import EMPTY, EN_MONTHS, EN_WEEKDAYS, JA_COUNTER, JA_DATE, NOT_AT_LINE_END
from ..words import lookup
from .measure import TABLE_POINTS, _CELL_PADDING_MM, _mm

ROWS_KEPT = 2   # a table's last data rows kept on one page, so no page holds one row of it alone
FIRST_ROWS_KEPT = 3  # a table's first data rows kept with its header: a table never starts at a page foot with two rows
SHORT_TABLE_LINES = 24  # a table of at most this many lines (four fifths of a page) is kept whole on one page however many rows
PAGE_LINES = 30  # table lines a page holds at the least (a Japanese line on the document grid is ~7.5 mm)
SMALL_TABLE_ROWS = 12  # a table of at most this many rows, if it fits on a page, is kept whole on one page (a vendor's scores in the memo)
SIGNATURE_ROOM = ("\u3000" * 5, "\u00a0" * 20)  # the blank room of a signature cell (ja, en)
SIGNATURE_ROW_TWIPS = str(round(13 / 25.4 * 1440))  # its row at least 13 mm high
_W_P, _W_TBL, _W_TR, _W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_W_T, _W_PPR, _W_PSTYLE, _W_VAL, _W_TRPR = qn("w:t"), qn("w:pPr"), qn("w:pStyle"), qn("w:val"), qn("w:trPr")
_W_STYLE, _W_STYLE_ID, _W_NAME = qn("w:style"), qn("w:styleId"), qn("w:name")

# a number as the documents print one: 1,234 / 12.5% / 1,200,000円 / JPY 1,200 / 30秒 / 44.1 FTE / 23 / 31
_UNIT = r"(?:%|円|秒|分|件|名|人|点|日|時間|か月|h|s|FTE)"
_ONE = r"[-+−]?(?:(?:JPY|USD|GBP|EUR) |[£$€¥])?\d[\d,]*(?:\.\d+)?(?: ?" + _UNIT + ")?"
# (a count with a second in brackets, the hiring timeline's hires and classes: 46（4）, 72 (6))
NUMBER = re.compile(rf"{_ONE}(?: ?/ ?{_ONE}|（\d[\d,]*）| \(\d[\d,]*\))?")
_NO_VALUE = {EMPTY, "—", "-", ""}

# a code holding a hyphen: an id (TEL-ORDER, Q-WFM), an e-mail address, a telephone number
_LONGEST_CODE = 24
WORD_JOINER = "\u2060"  # no line break on either side; readers of the documents' text drop it
BREAK_OPPORTUNITY = "\u200b"  # zero width space: a line may break here; readers drop it too
_HYPHENATED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+@]*(?:-[A-Za-z0-9._%+@]+)+")
_SHORT_COMPOUND = 12  # a hyphenated word this short (two-person, follow-up) reads badly broken: kept whole
_COMPOUND = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")
_FILE_NAME = re.compile(r"[A-Za-z0-9][\w.-]*\.(?:xlsx|xls|docx|doc|pdf|csv|zip|pptx|txt|json|yaml)", re.IGNORECASE)
NO_BREAK_SPACE = "\u00a0"
# a space no line breaks at in Japanese text: LibreOffice breaks a Japanese line at a no-break space (PCI DSS /
# v4.0) and prints a figure space as wide as a digit; a three-per-em space (a word space wide) between word
# joiners holds, in a run of Japanese or of no language
JA_NO_BREAK_SPACE = WORD_JOINER + "\u2004" + WORD_JOINER
# a telephone number in groups: +44 113 555 0190, 0113 555 0190, 03 5555 0142 (an international or trunk prefix)
PHONE = re.compile(r"(?<![\w+])(?:\+\d{1,3}|0\d{1,4})(?:[ \u00a0]\d{2,5}){2,4}(?![\w])")
# a standard or a product with its version (PCI DSS v4.0, ISO/IEC 27001:2022, ISO 9001): one name, its
# spaces made no-break spaces, so no line ends with PCI DSS above a v4.0; a code's last part is no
# standard's name (G-ISO ISO/IEC 27001: the pass/fail item's id stays apart from the standard it names)
STANDARD = re.compile(r"(?<![A-Za-z0-9\-\u2011\u2060])(?:[A-Z]{2,}[A-Z0-9]*(?:/[A-Z]{2,}[A-Z0-9]*)*[ \u00a0])+v?\d+(?:[.:]\d+)*(?![A-Za-z0-9]|\.\d)")
# an operator of a formula (after a space or a closing bracket) and the space before its operand:
# 66.00 × 70 ÷ 100, Σ (weight …), （65.34 × 70 ÷ 100）＋ 価格点; a target's bound too (≤ 30 s, never ≤ / 30 s)
OPERATORS = "×÷=＝+＋−Σ≤≥"
_OPERATOR = re.compile(rf"(?<![^\s)）])([{OPERATORS}]) (?=\S)")
# the space before an operator between two figures (70 ÷ 100): a calculation of short figures stays
# whole; before an amount (× 1,000,000) a line may still break, or a long calculation joined end to end
# leaves the line no place to break but inside a number (1,000, / 000)
_BETWEEN_FIGURES = re.compile(rf"(?<=\d) (?=[{OPERATORS}]\u00a0\d{{1,3}}(?:\.\d+)?(?![\d,]))|(?<=[（(]\d) (?=[{OPERATORS}])")
# the space between a word and a signed change (シュリンケージ −5pt, AHT +10%): a change stays with what it
# changes (never a telephone number's +44 after a slash)
_BEFORE_SIGNED = re.compile(r"(?<=[^\W\d_]) (?=[−+]\d[\d,]*(?:\.\d+)?(?:%|pt| points?)(?![\w.]))")

# a date or a time of day as the documents write them (rfpgen.text.day, month, clock) or a reader types them
_S = "[ \u00a0]"
_EN_MONTH = "(?:" + "|".join(EN_MONTHS) + ")"
_EN_DATE = (rf"(?:(?:{'|'.join(EN_WEEKDAYS)}),?{_S})?"
            rf"(?:\d{{1,2}}{_S}{_EN_MONTH}{_S}\d{{4}}|{_EN_MONTH}{_S}\d{{1,2}},{_S}\d{{4}}|{_EN_MONTH}{_S}\d{{4}})")
_TIME = rf"(?:\d{{1,2}}:\d\d(?:{_S}[ap]\.m\.)?|noon|midnight)"
# a figure with its Japanese counter (36か月, 6.0点, +4.67点, 15分, 3年度, 19名, 2年以上, 20.7アーラン): LibreOffice
# breaks between a Latin digit and the ideograph after it (36 / か月), so the two are kept whole as a date is
_JA_QUANTITY = rf"(?<![A-Za-z0-9.,]){'[+−-]?'}\d[\d,]*(?:\.\d+)?(?:{JA_COUNTER}|%|％)(?:以上|以内|以下|未満)?"
# the part of a Japanese address after its ward, city or town (品川区 東品川9-9-9): one place name with its
# block numbers, never 東 / 品川9-9-9
_JA_ADDRESS = r"(?<=[区市町村])[\u3005\u4e00-\u9fff\u30a0-\u30ff]{1,6}\u200b?\d[\d\-\u2060－ー丁目番地号]*"
# a Japanese sentence's last two letters with its 。: never a line of one letter (い。) at a paragraph's end
_SENTENCE_END = re.compile(r"[\u3005\u3040-\u30ff\u4e00-\u9fff]{2}。$")
# a figure and the English unit after it (60 s, 1 hour, 160.3 hours, 44.1 FTE, 3 working days): one unit
# on the line, never 60 / s
_EN_UNIT = (r"(?:seconds?|minutes?|hours?|days?|working days?|business days?|weeks?|months?|years?|calls?|contacts?"
            r"|agents?|advisers?|seats?|points?|FTE|min|ms|s|h)")
_EN_QUANTITY = re.compile(rf"(?<![A-Za-z0-9.,])([-+−]?\d[\d,]*(?:\.\d+)?) (?=({_EN_UNIT})(?![A-Za-z0-9]))")
_DATE_OR_TIME = re.compile(rf"(?<![A-Za-z0-9]){_EN_DATE}(?![A-Za-z0-9])|{JA_DATE}|{_JA_QUANTITY}"  # (Japanese text runs on: 9:00から)
                           rf"|(?<![A-Za-z0-9:.]){_TIME}(?:[–〜~-]{_TIME})?(?![A-Za-z0-9:])")
# a short Japanese word that is a formula's operand, standing between brackets, spaces or operators (合計 in
# （合計 × 30 ÷ 100）, 配点 × 評点): LibreOffice's Japanese line breaker breaks between any two characters, so a
# narrow cell printed 「（合 / 計 × 30 ÷ 100）」 once the operator was joined to the figures; kept whole as a date is
_JA_WORD = r"(?:[\u3005\u3040-\u30ff\u4e00-\u9fff]{2,4}|[\u30a0-\u30ff]{2,8})"  # (a word in katakana: シュリンケージ)
_WORD_EDGE = r"\s（）()「」『』【】、。・"
_JA_OPERAND = (rf"(?:(?<=[{_WORD_EDGE}])|^){_JA_WORD}(?=[ \u00a0][{OPERATORS}])"
               rf"|(?<=[{OPERATORS}]\u00a0){_JA_WORD}(?=[{_WORD_EDGE}{OPERATORS}]|$)")
# an operator with the short bracket after it (×（1 − シュリンケージ）), never × / （1 − …）; a word with the signed
# change after it (シュリンケージ−5pt, AHT −10%)
_BRACKETED = r"[×÷]（[^（）]{1,14}）"
_CHANGED = r"(?:[\u30a1-\u30fa\u30fc]{2,8}|[A-Z]{2,})[ \u00a0]?[−+]\d[\d,]*(?:\.\d+)?(?:%|pt)?(?![\d.])"
_KEPT_WHOLE = re.compile(rf"{_BRACKETED}|{_CHANGED}|{_DATE_OR_TIME.pattern}|{_JA_ADDRESS}|{_JA_OPERAND}")


# scripts written without spaces, which a line breaker may break between any two letters (Thai, Lao,
# Myanmar, Khmer; CJK: _is_asian)
_NO_SPACES = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")


def _in_word(ch: str) -> bool:
    """A letter, digit or combining mark of a script that breaks lines only between words (Latin with its
    accents, Greek, Cyrillic, Arabic, Hebrew): no line breaks inside a word of them."""
    return (ch.isalnum() or unicodedata.category(ch).startswith("M")) and not _is_asian(ch) and not _NO_SPACES.match(ch)


@lru_cache(maxsize=16384)  # a name or date joined once however often it is printed
def _joined(token: str) -> str:
    """`token` that no line may break: its spaces made no-break spaces, and a word joiner only where a
    line could break between two characters: beside a Japanese character (一 and 月, 日 and （) or a dash
    (9:00 and the dash of a range). None inside a word of letters (Zoë, Adébáyọ̀: a reader searching for
    the name finds it), never before a combining mark, nor beside an invisible format character (a
    bidirectional isolate, itself no place to break)."""
    out, base = [], ""
    for ch in token.replace(" ", NO_BREAK_SPACE):
        mark = unicodedata.category(ch).startswith("M")
        if base and not mark and (not base.isascii() or not ch.isascii()) and not (_in_word(base) and _in_word(ch)) \
                and NO_BREAK_SPACE not in (base, ch) and WORD_JOINER not in (out[-1], ch) \
                and "Cf" not in (unicodedata.category(out[-1]), unicodedata.category(ch)):
            out.append(WORD_JOINER)
        out.append(ch)
        if not mark:
            base = ch
    return "".join(out)


def is_number(text: str) -> bool:
    return bool(NUMBER.fullmatch(text.strip()))


def is_code(token: str) -> bool:
    """A hyphenated token that must not break at its hyphens: an e-mail address, a file name, or a
    short token with a digit (a telephone number) or in capitals (an id). Ordinary hyphenated words
    and long paths may break at their hyphens as usual (short words are kept whole: `keeps_whole`)."""
    if "@" in token or _FILE_NAME.fullmatch(token):
        return True
    if len(token) > _LONGEST_CODE:
        return False  # a file name or a path: its hyphens are where it may break to fit a column
    if any(ch.isdigit() for ch in token):
        return True
    letters = [ch for ch in token if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def is_short_compound(token: str) -> bool:
    """A hyphenated word that a break at its hyphen would spoil: a single letter before the hyphen
    (e-mail, e-commerce) or a short compound (two-person, one-stop, follow-up)."""
    if not _COMPOUND.fullmatch(token):
        return False
    return len(token.split("-", 1)[0]) == 1 or len(token) <= _SHORT_COMPOUND


def keeps_whole(token: str) -> bool:
    """A hyphenated token printed without a line break at its hyphens."""
    return is_code(token) or is_short_compound(token.rstrip("."))


def finish(document, tables: bool = True, names: frozenset = frozenset()) -> None:
    """The finish above on a rendered python-docx `document`, `names` the proper names it keeps whole;
    with `tables` False the caller has finished each table itself (finish_tables), as
    render.fit_and_finish_tables does."""
    body = document.element.body
    _breaks_before(body)
    _fit_cover(body, document.styles.element)
    _keep_headings_with_next(body)
    if tables:
        for tbl in outermost_tables(body):
            finish_tables(tbl, names, lines_kept_before(tbl), page_lines(body))
    _keep_last_line_with_previous(body)  # after the tables: a closing row of its own is no row of figures
    _keep_names_whole_in_text(body, names)
    _protect_codes(body)
    _keep_sentence_ends(body)
    _number_figures(body, _caption_styles(document.styles.element))  # first: it finds 図1 as typed
    _no_autospace(document.styles.element, body)


def _caption_styles(styles) -> set[str]:
    """The ids of the styles named Caption in any case: read from the XML, as building python-docx's
    style objects for the hundreds of styles a template holds took longer than the search itself."""
    return {style.get(_W_STYLE_ID) for style in styles.iterchildren(_W_STYLE)
            if (name := style.find(_W_NAME)) is not None and (name.get(_W_VAL) or "").lower() == "caption"}


# ------------------------------------------------------------------ keep together

def _ppr(p):
    ppr = p.find(_W_PPR)
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    return ppr


_PPR_ORDER = ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku",
              "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
              "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc")


# for each child of w:pPr, the children that come after it (it goes before the first of them)
_AFTER = {tag: frozenset(qn(t) for t in _PPR_ORDER[rank + 1:]) | {qn("w:rPr"), qn("w:sectPr"), qn("w:pPrChange")}
          for rank, tag in enumerate(_PPR_ORDER)}
_NAMES = {tag: qn(tag) for tag in _PPR_ORDER}


def _set(ppr, tag: str, **attrs) -> None:
    """Set a child of w:pPr in its schema position (Word refuses children out of order)."""
    element = ppr.find(_NAMES[tag])
    if element is None:
        element = OxmlElement(tag)
        after = _AFTER[tag]
        before = next((c for c in ppr if c.tag in after), None)
        if before is None:
            ppr.append(element)
        else:
            before.addprevious(element)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)


_HEADING = re.compile(r"(?i)heading\d|title|subtitle|frontheading")


def _style(p) -> str | None:
    ppr = p.find(_W_PPR)
    style = ppr.find(_W_PSTYLE) if ppr is not None else None
    return style.get(_W_VAL) if style is not None else None


def _is_heading(p) -> bool:
    return _HEADING.fullmatch(_style(p) or "") is not None


def _has_text(p) -> bool:
    return any((t.text or "").strip() for t in p.iter(_W_T))


BODY_LINE_MM = 160  # a body line on A4 with the templates' margins, about


def _keep_headings_with_next(body) -> None:
    children = list(body)
    for i, child in enumerate(children):
        if child.tag != _W_P:
            continue
        if _is_heading(child):
            _set(_ppr(child), "w:keepNext")
            following = children[i + 1] if i + 1 < len(children) else None
            if following is not None and following.tag == _W_P and not _is_heading(following) \
                    and 2 <= _body_lines(following) <= 4:  # (the estimate runs long for Latin text)
                # LibreOffice moves a paragraph of two or three lines whole to the next page (widow and
                # orphan control) without the heading kept with it ("2.4 Notes" alone at a page foot);
                # allowed to split, the paragraph starts under its heading
                _set(_ppr(following), "w:widowControl", val="0")
        elif i + 1 < len(children) and children[i + 1].tag == _W_TBL and _has_text(child):
            _set(_ppr(child), "w:keepNext")  # the caption or sentence that leads into the table


def _body_lines(p) -> int:
    """About how many lines a body paragraph prints: its text between line breaks wrapped at BODY_LINE_MM."""
    pieces, text = [], []
    for node in p.iter(_W_T, _W_BR):
        if node.tag == _W_BR:
            pieces.append("".join(text))
            text = []
        else:
            text.append(node.text or "")
    pieces.append("".join(text))
    return sum(max(1, math.ceil(_mm(piece) / BODY_LINE_MM)) for piece in pieces)


def _keep_last_line_with_previous(body) -> None:
    """The last line of text (a Japanese document's closing 以上) never stands alone on a page.

    After paragraphs, the block before it (and any empty spacer between) keeps with it. After a table,
    a keep-with-next on the table's last row is not enough: LibreOffice keeps no paragraph with a
    table's row, only a table's rows with each other. So the line closes the table as a row of its own,
    borderless and spanning the table, kept with the row above it; the spacer left after the table
    shrinks to a hairline, so it cannot start a page of its own."""
    blocks = [child for child in body if child.tag in (_W_P, _W_TBL)]
    texts = [i for i, block in enumerate(blocks) if block.tag == _W_P and _has_text(block)]
    if not texts:
        return
    line = blocks[texts[-1]]
    if any(block.tag == _W_TBL for block in blocks[texts[-1]:]):
        return  # the document ends with a table (an English glossary): no closing line
    spacers = []
    for block in reversed(blocks[:texts[-1]]):
        if block.tag == _W_TBL:
            if block.findall(_W_TR):
                _close_table(block, line)
                for spacer in spacers:
                    _set(_ppr(spacer), "w:spacing", before="0", after="0", line="20", lineRule="exact")
            return
        spacers.append(block)
        if _has_text(block) or next(block.iter(qn("w:drawing")), None) is not None:
            break
    for block in spacers:
        _set(_ppr(block), "w:keepNext")


def _close_table(tbl, line) -> None:
    """`line` moved into a last row of `tbl`: one cell across the table, without side or bottom borders
    (the table's bottom edge stays the line above it), kept with the table's last row."""
    rows = tbl.findall(_W_TR)
    for p in rows[-1].iter(_W_P):
        _set(_ppr(p), "w:keepNext")
    grid = tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}")
    tr, tc, tc_pr = OxmlElement("w:tr"), OxmlElement("w:tc"), OxmlElement("w:tcPr")
    _trpr(tr).append(OxmlElement("w:cantSplit"))
    width = OxmlElement("w:tcW")
    width.set(qn("w:w"), str(sum(int(col.get(qn("w:w")) or 0) for col in grid)))
    width.set(qn("w:type"), "dxa")
    tc_pr.append(width)
    if len(grid) > 1:
        span = OxmlElement("w:gridSpan")
        span.set(_W_VAL, str(len(grid)))
        tc_pr.append(span)
    borders = OxmlElement("w:tcBorders")
    for side in ("w:left", "w:bottom", "w:right"):
        border = OxmlElement(side)
        border.set(_W_VAL, "nil")
        borders.append(border)
    tc_pr.append(borders)
    margins, right = OxmlElement("w:tcMar"), OxmlElement("w:right")
    right.set(qn("w:w"), "0")
    right.set(qn("w:type"), "dxa")
    margins.append(right)
    tc_pr.append(margins)  # a right-aligned line ends at the table's edge, the text margin, as it did below the table
    tc.append(tc_pr)
    tc.append(line)  # moved: the body no longer holds it
    tr.append(tc)
    tbl.append(tr)


# ------------------------------------------------------------------ tables

def _trpr(tr):
    trpr = tr.find(_W_TRPR)
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        tblpr_ex = tr.find(qn("w:tblPrEx"))
        if tblpr_ex is not None:
            tblpr_ex.addnext(trpr)
        else:
            tr.insert(0, trpr)
    return trpr


def outermost_tables(body) -> list:
    """The tables of `body` that are not inside another table, in document order."""
    return [tbl for tbl in body.iter(_W_TBL) if next(tbl.iterancestors(_W_TBL), None) is None]


def finish_tables(outer, names: frozenset = frozenset(), lead_lines: int = 0, page: int = PAGE_LINES) -> None:
    """The table finish for a table and the tables nested in it, in document order, `names` the proper
    names kept whole, `lead_lines` the lines of the heading and lead-in kept with the table
    (lines_kept_before), `page` the table lines a page of the document holds (page_lines). It reads
    and changes nothing outside the table, so it may be done before or after the rest of the finish."""
    for tbl in list(outer.iter(_W_TBL)):
        _finish_table(tbl, names, lead_lines if tbl is outer else 0, page)


_PORTRAIT_BODY_TWIPS = 16838 - 2 * 1247  # the height of an A4 portrait page within the templates' margins


def page_lines(body) -> int:
    """The table lines a page of the document holds at the least: PAGE_LINES on the templates' A4 portrait
    page, fewer on a landscape one (the paper scoring form's)."""
    section = body.find(qn("w:sectPr"))
    size = section.find(qn("w:pgSz")) if section is not None else None
    margins = section.find(qn("w:pgMar")) if section is not None else None
    if size is None or margins is None:
        return PAGE_LINES
    try:
        height = int(size.get(qn("w:h"))) - abs(int(margins.get(qn("w:top")))) - abs(int(margins.get(qn("w:bottom"))))
    except (TypeError, ValueError):
        return PAGE_LINES
    return max(1, min(PAGE_LINES, PAGE_LINES * height // _PORTRAIT_BODY_TWIPS))


HEADING_LINES = 2  # a heading with the space above and below it takes about two table lines


def lines_kept_before(tbl) -> int:
    """About how many table lines the heading and the sentence leading into `tbl` print: they keep with
    its first rows (_keep_headings_with_next), so they share a page with them."""
    lines, before = 0, tbl.getprevious()
    if before is not None and before.tag == _W_P and _has_text(before) and not _is_heading(before):
        lines, before = _body_lines(before), before.getprevious()
    if before is not None and before.tag == _W_P and _is_heading(before):
        lines += HEADING_LINES
    return lines


def _finish_table(tbl, names: frozenset = frozenset(), lead_lines: int = 0, page: int = PAGE_LINES) -> None:
    rows = tbl.findall(_W_TR)
    if not rows:
        return
    if names:
        _keep_names_whole(rows, names)
    cells = [_read_cells(tr) for tr in rows]  # each cell's text read once, for every rule below
    cant_split, header = qn("w:cantSplit"), qn("w:tblHeader")
    headers, counting = 0, True
    for tr, row in zip(rows, cells):
        trpr = _trpr(tr)
        if trpr.find(cant_split) is None:
            trpr.insert(0, OxmlElement("w:cantSplit"))
        counting = counting and trpr.find(header) is not None
        headers += counting
        if any("".join(text for text, *_ in paragraphs) in SIGNATURE_ROOM for _, paragraphs in row):
            _set_height(trpr, SIGNATURE_ROW_TWIPS)
    # the header rows and the first data rows stay on one page, and so do the last rows (a label/value
    # table, without a header row, alike): a page never ends with a heading and one row, nor starts
    # with the last row alone under a repeated header. Rows kept together must fit on a page with the
    # heading and lead-in kept with them: given more, LibreOffice leaves the heading and its lead-in
    # alone at a page foot and starts the table on the next
    lines = [row_lines(tr, row) for tr, row in zip(rows, cells)]
    first = min(FIRST_ROWS_KEPT, len(rows) - headers)
    while first > 1 and lead_lines + sum(lines[:headers + first]) > page:
        first -= 1
    kept = rows[:min(headers + first - 1, len(rows) - 1)]
    last = ROWS_KEPT + _ends_with_total(cells, headers)  # a total row keeps the last two rows it sums with it
    if len(rows) - headers > last and sum(lines[-last:]) <= page:
        kept += rows[-last:-1]
    short = len(rows) <= SMALL_TABLE_ROWS or sum(lines) <= SHORT_TABLE_LINES  # an intraday profile's dozen one-line rows
    if short and lead_lines + sum(lines) <= page:  # moves whole to the next page
        kept = rows[:-1]
    for tr in kept:
        for p in tr.iter(_W_P):
            _set(_ppr(p), "w:keepNext")
    _align_numbers(cells, headers)  # a label/value table's column of figures too (56.5 / 57.7 / 2.1%)


_TOTAL = re.compile(r"(?i)合計|小計|総計|集計|(?:計|total|subtotal|sum|tally)\b")


def _ends_with_total(cells: list[list[tuple]], headers: int) -> bool:
    """Whether a table's last row totals the rows above it: its first cell says so (合計, Total), or is
    blank under rows that have one (the memo's quality score under a vendor's criteria)."""
    first = ["".join(text for text, *_ in row[0][1]).strip(" \u00a0\u3000") if row else "" for row in cells[headers:]]
    if len(first) <= ROWS_KEPT:
        return False
    return bool(_TOTAL.match(first[-1])) or (not first[-1] and all(first[-1 - ROWS_KEPT:-1]))


def _read_cells(tr) -> list[tuple]:
    """(cell, [(text, line breaks, font size) per paragraph]) for each cell of a row, in one walk of each paragraph."""
    cells = []
    for tc in tr.iterchildren(_W_TC):
        paragraphs = []
        for p in tc.iter(_W_P):
            texts, breaks = [], 0
            for node in p.iter(_W_T, _W_BR):
                if node.tag == _W_T:
                    texts.append(node.text or "")
                else:
                    breaks += 1
            paragraphs.append(("".join(texts), breaks, _points(p)))
        cells.append((tc, paragraphs))
    return cells


def row_lines(tr, cells: list[tuple] | None = None) -> int:
    """About how many lines a row prints: its tallest cell's paragraphs wrapped at the cell's width.
    `cells` is the row as _read_cells reads it, when the caller has read it already."""
    tallest = 0
    for tc, paragraphs in cells if cells is not None else _read_cells(tr):
        room = _cell_room(tc)
        # the no-break spaces padding a short header or id (the scoring templates') never wrap a line
        lines = sum(breaks + (max(1, math.ceil(_mm(text.strip(NO_BREAK_SPACE)) * points / TABLE_POINTS / room))
                              if room else 1) for text, breaks, points in paragraphs)
        tallest = max(tallest, lines)
    return tallest


_TC_WIDTH = f"{qn('w:tcPr')}/{qn('w:tcW')}"
_W_BR, _W_TYPE, _W_W = qn("w:br"), qn("w:type"), qn("w:w")


def _points(p) -> float:
    """The size a paragraph's text prints at: its first run's, TABLE_POINTS when the run leaves it to the style."""
    size = p.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}")
    return int(size.get(_W_VAL)) / 2 if size is not None else TABLE_POINTS


def _set_height(trpr, twips: str) -> None:
    height = trpr.find(qn("w:trHeight"))
    if height is None:
        height = OxmlElement("w:trHeight")
        trpr.append(height)
    height.set(qn("w:val"), twips)
    height.set(qn("w:hRule"), "atLeast")


def numeric_columns(rows: list[list[str]]) -> list[int]:
    """Indexes of the columns of numbers: every value a number (a missing-value mark aside), or mostly
    numbers and otherwise a word in place of one, holding no figure (a price point 失格 / Disqualified)."""
    width = max((len(r) for r in rows), default=0)
    found = []
    for c in range(width):
        values = [r[c] for r in rows if c < len(r)]
        shown = [v for v in values if v.strip() not in _NO_VALUE]
        numbers, words = [], []
        for v in shown:
            (numbers if is_number(v) else words).append(v)
        if numbers and len(numbers) > len(words) and not any(ch.isdigit() for word in words for ch in word):
            found.append(c)
    return found


def _align_numbers(cells: list[list[tuple]], headers: int) -> None:
    """Numbers flush right in each column of numbers (`cells`: the table's rows as _read_cells reads them)."""
    data = [["\n".join(text for text, *_ in paragraphs).strip() for _, paragraphs in row] for row in cells[headers:]]
    if any(len(r) != len(data[0]) for r in data) or not data:
        return  # merged cells: columns are not one quantity each
    for c in numeric_columns(data):
        for row in cells:
            if c < len(row):
                for p in row[c][0].iter(_W_P):
                    _set(_ppr(p), "w:jc", val="right")


# ------------------------------------------------------------------ proper names kept whole

# A Japanese company's legal form: a company name (株式会社テレコムブリッジ) breaks only beside it, never
# inside the name itself (株式会社テレコムブリッ / ジ)
LEGAL_FORM = re.compile(r"(?=(?:株式会社|有限会社|合同会社|合資会社|合名会社|[一公]般?[社財]団法人|公益[社財]団法人))"
                        r"|(?<=株式会社)|(?<=有限会社)|(?<=合同会社)|(?<=合資会社)|(?<=合名会社)|(?<=団法人)")
_NAME_BREAKS = re.compile(r"(?<=\s)(?=\S)|(?=[（(])|(?<=[）)・／/、])")  # after a space, before a bracket, after ）・／、
_SHORT_LAST_WORD = 4  # a Latin name's last word this short (Ltd, plc, Inc.) never goes to a line alone
BODY_NAME_MM = 55  # a third of the body text's line: a proper name this wide or less is never broken in a sentence
_TWIP_MM = 25.4 / 1440  # a fitted column's width, rounded down to whole twips, is up to this short of the name it holds


def name_parts(name: str) -> list[str]:
    """Where a proper name may break when a line cannot hold it whole: beside a Japanese legal form, after
    a space, before a bracket (ひかりコンタクトサービス / 株式会社, 山田 / 恵美); a Latin name's short last word
    stays with the word before it (Northgate / Customer / Services Ltd). The parts, a space kept at the
    end of the part before it, make up `name`."""
    parts = [part for piece in _NAME_BREAKS.split(name) if piece for part in LEGAL_FORM.split(piece) if part]
    if len(parts) > 1 and parts[-1].isascii() and len(parts[-1]) <= _SHORT_LAST_WORD and parts[-2].isascii():
        parts[-2:] = [parts[-2] + parts[-1]]
    return parts


@lru_cache(maxsize=64)
def _names_pattern(names: frozenset) -> re.Pattern | None:
    """The names of two characters or more, the longest first (a name inside a longer one is the longer one)."""
    names = sorted((name for name in names if len(name) > 1), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))) if names else None


def _keep_names_whole(rows, names: frozenset) -> None:
    """Each proper name in a cell of `rows` joined whole (`_joined`) when the cell's width holds it, else
    each of its parts (name_parts) the width holds, so a line breaks inside it only between its parts.
    A Japanese name's joined pieces get runs of their own without an East Asian language
    (`_no_asian_breaks`)."""
    pattern = _names_pattern(names)
    if pattern is None:
        return
    for tr in rows:
        for tc in tr.iterchildren(_W_TC):
            room = _cell_room(tc)
            for p in tc.iterchildren(_W_P):
                scale = TABLE_POINTS / _points(p)
                for t in list(p.iter(_W_T)):
                    if t.text and pattern.search(t.text):
                        _join_names(t, pattern, None if room is None else room * scale + _TWIP_MM)


def _keep_names_whole_in_text(body, names: frozenset) -> None:
    """Each proper name in the body text outside tables (a sentence naming the client or a vendor) joined
    whole when it is at most BODY_NAME_MM wide, else between its parts only (tables: _keep_names_whole,
    by the cell's width). A longer name kept whole would leave a wide gap at the end of the line before it."""
    pattern = _names_pattern(names)
    if pattern is None:
        return
    for p in body.iter(_W_P):
        if any(ancestor.tag == _W_TBL for ancestor in p.iterancestors()):
            continue
        for t in list(p.iter(_W_T)):
            if t.text and pattern.search(t.text):
                _join_names(t, pattern, BODY_NAME_MM * TABLE_POINTS / _points(p))


def _join_names(t, pattern: re.Pattern, room: float | None) -> None:
    """The names in text `t` joined as _keep_names_whole says, in a cell `room` millimetres wide (None: any)."""
    out, wholes, at = [], [], 0
    for m in pattern.finditer(t.text):
        out.append(t.text[at:m.start()])
        name = m.group(0)
        for part in [name] if room is None or _mm(name) <= room else name_parts(name):
            word = part.rstrip()
            if room is not None and _mm(word) > room:  # a part wider than the cell breaks where it must
                out.append(part)
                continue
            start = sum(map(len, out))
            out.append(_joined(word))
            wholes.append((start, start + len(out[-1])))
            out.append(part[len(word):])  # the space a line may break at
        at = m.end()
    t.text = "".join(out) + t.text[at:]
    asian = [(start, end) for start, end in wholes if any(_is_asian(ch) for ch in t.text[start:end])]
    if asian:
        _no_asian_breaks(t, asian)


def _cell_room(tc) -> float | None:
    """The width a cell's text has, in millimetres at TABLE_POINTS; None when the cell gives no width."""
    width = tc.find(_TC_WIDTH)
    if width is None or width.get(_W_TYPE, "dxa") != "dxa" or not width.get(_W_W, "").isdigit():
        return None
    return max(int(width.get(_W_W)) / 1440 * 25.4 - _CELL_PADDING_MM, 1.0)


# ------------------------------------------------------------------ codes kept whole

def _protect_codes(body) -> None:
    """Join each hyphen of a code to the character after it with a word joiner (U+2060, invisible):
    neither Word nor LibreOffice then breaks the line there. The groups of a telephone number, a
    formula's operator and its operand, the figures of a calculation and a spaced dash and the word before it
    are joined by no-break spaces; a date or a time is joined whole (`_joined`). (LibreOffice reads Word's own
    non-breaking hyphen as U+2011, whose neutral script hands the next letters to the Japanese
    line breaker, which then breaks the code mid-word.)"""
    found = [(t, text) for t in body.iter(_W_T) if (text := t.text) and _MAY_HOLD_CODES.search(text)]
    for t, text in found:  # found first: runs are split below
        protected, asian = _protected(text)
        if protected != text:
            t.text = protected
        if asian:
            _no_asian_breaks(t, asian)


@lru_cache(maxsize=65536)
def _protected(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """`text` as _protect_codes leaves it, and where its dates, times and formula operands holding
    Japanese characters stand. Remembered: a document repeats its figures and dates, and a rebuild all its texts."""
    figures = any(ch.isdigit() for ch in text)  # the changes below add spaces and joiners, never a digit
    text = text.replace(" \u2013 ", NO_BREAK_SPACE + "\u2013 ")  # a spaced dash never starts a line (– e-mail and web form)
    if figures:
        text = PHONE.sub(lambda m: m.group(0).replace(" ", NO_BREAK_SPACE), text)
        text = STANDARD.sub(lambda m: m.group(0).replace(" ", NO_BREAK_SPACE), text)
    text = _OPERATOR.sub(rf"\1{NO_BREAK_SPACE}", text)
    if figures:
        text = _BETWEEN_FIGURES.sub(NO_BREAK_SPACE, text)
        text = _BEFORE_SIGNED.sub(NO_BREAK_SPACE, text)
        text = _EN_QUANTITY.sub(rf"\1{NO_BREAK_SPACE}", text)
    if "-" in text:
        cuts = {m.start() + i for m in _HYPHENATED.finditer(text) if keeps_whole(m.group(0))
                for i, ch in enumerate(m.group(0)) if ch == "-"}
        text = "".join(ch + WORD_JOINER if i in cuts else ch for i, ch in enumerate(text))
        text = _ASIAN_BEFORE_CODE.sub(BREAK_OPPORTUNITY, text)
    wholes = []
    if figures or "noon" in text or "midnight" in text or any(ch in OPERATORS for ch in text):
        text, wholes = _join_whole(text)
    if NO_BREAK_SPACE in text and any(_is_asian(ch) for ch in text):
        text, wholes = _ja_spaces(text, wholes)
    return text, tuple((start, end) for start, end in wholes if any(_is_asian(ch) for ch in text[start:end]))


def _ja_spaces(text: str, wholes: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Japanese `text` with its no-break spaces made JA_NO_BREAK_SPACE, and where `wholes` now stand in it."""
    def moved(at: int) -> int:
        return at + (len(JA_NO_BREAK_SPACE) - 1) * text.count(NO_BREAK_SPACE, 0, at)
    return text.replace(NO_BREAK_SPACE, JA_NO_BREAK_SPACE), [(moved(start), moved(end)) for start, end in wholes]


def _keep_sentence_ends(body) -> None:
    """The last two letters of a Japanese paragraph, or of a line of one (before a line break), joined to
    its closing 。 (_SENTENCE_END): LibreOffice left a line holding only 「い。」 or 「る。」."""
    for t in [t for t in body.iter(_W_T) if t.text and t.text[-1] == "。"]:  # found first: runs are split below
        if (end := _SENTENCE_END.search(t.text)) is None or not (_before_line_break(t) or _last_text(t)):
            continue
        t.text = t.text[:end.start()] + _joined(end.group(0))
        _no_asian_breaks(t, [(end.start(), len(t.text))])


def _paragraph_of(t):
    """The paragraph text `t` is in (its run's parent, but in a hyperlink, a field or a tracked change)."""
    paragraph = t.getparent().getparent()
    return paragraph if paragraph is not None and paragraph.tag == _W_P else next(t.iterancestors(_W_P), None)


def _last_text(t) -> bool:
    """Whether `t` is the last text of its paragraph that holds any."""
    paragraph = _paragraph_of(t)
    if paragraph is None:
        return True
    after = False
    for other in paragraph.iter(_W_T):
        if after and other.text:
            return False
        after = after or other is t
    return True


def _before_line_break(t) -> bool:
    """Whether a line break follows text `t`, in its run or at the start of the next run."""
    following = t.getnext()
    if following is None and (run := t.getparent().getnext()) is not None and run.tag == _W_R:
        following = next((child for child in run if child.tag != _W_RPR), None)
    return following is not None and following.tag == _W_BR


# a Latin letter or digit beside a Japanese letter: Word and LibreOffice put a quarter-em space between them
# (SV 経験 2 年以上), except where the finish joined the two (2年以上 kept whole, 2027年12月31日): one rule
# for all text, no space, as Japanese documents write figures (a marker between the two stops the space)
_JA_LETTER = "\u3005\u3040-\u30fa\u30fc-\u30ff\u4e00-\u9fff"  # kanji and kana (not the middle dot ・)
_LATIN_THEN_JA = re.compile(f"(?<=[A-Za-z0-9])(?=[{_JA_LETTER}])")
_JA_THEN_LATIN = re.compile(f"(?<=[{_JA_LETTER}])(?=[A-Za-z0-9])")
_LATIN = re.compile("[A-Za-z0-9]")
_JA_LETTER_AT = re.compile(f"[{_JA_LETTER}]").fullmatch  # one character: the two runs' meeting letters


def _no_autospace(styles, body) -> None:
    """No space between Japanese letters and Latin letters or digits: Word's autospace is turned off in
    the document defaults, and LibreOffice, which reads no such setting, finds an invisible character
    between the two (a word joiner after a Latin word, which the Japanese word after it continues,
    Webサイト; a break opportunity before one), headings and captions included (the table of contents
    matches headings to LibreOffice's with the invisible characters dropped; a caption's figure number is
    a field by now, 図 and its number in runs of their own)."""
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}")
    if defaults is not None:
        for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
            _set(_ppr(defaults), tag, val="0")
    paragraphs = {}  # those holding Japanese text (a dict: in document order, each once)
    for t in body.iter(_W_T):
        if t.text and not t.text.isascii():
            paragraphs[_paragraph_of(t)] = True
    paragraphs.pop(None, None)
    for p in paragraphs:
        texts = [t for t in p.iter(_W_T) if t.text]
        typed = [t.text for t in texts]  # read once: lxml makes a new string at each read
        for i, t in enumerate(texts):
            text = typed[i]
            if _LATIN.search(text):  # both markers stand beside a Latin letter or digit
                text = _JA_THEN_LATIN.sub(BREAK_OPPORTUNITY, _LATIN_THEN_JA.sub(WORD_JOINER, text))
            # between two runs (a figure joined whole has a run of its own) the marker goes in the Japanese one
            if i + 1 < len(texts):
                last, first = text[-1], typed[i + 1][0]
                if _JA_LETTER_AT(last) and _LATIN.fullmatch(first):
                    text += WORD_JOINER if _before_field(t) else BREAK_OPPORTUNITY  # 図⁠1: a label and its number never part
                elif _LATIN.fullmatch(last) and _JA_LETTER_AT(first):
                    typed[i + 1] = texts[i + 1].text = WORD_JOINER + typed[i + 1]
            if text != typed[i]:
                t.text = text


def _before_field(t) -> bool:
    """Whether the run of text `t` is followed by a field (a caption's label before its number's SEQ field)."""
    following = t.getparent().getnext()
    return following is not None and following.find(qn("w:fldChar")) is not None


# a code joined whole right after Japanese text (PPL-006、OPS-011): LibreOffice's Japanese line breaker finds
# no break between 「、」 and the joined code, so a list of codes was one word broken anywhere (PPL / -006,
# a line starting with 、SYS-006); a break opportunity before the code gives it the place a reader expects
_ASIAN_BEFORE_CODE = re.compile(f"(?<=[\u2e80-\uffef])(?<![{re.escape(''.join(NOT_AT_LINE_END))}])(?=[A-Za-z0-9][A-Za-z0-9._%+@]*-{WORD_JOINER})")


def _join_whole(text: str) -> tuple[str, list[tuple[int, int]]]:
    """`text` with each date, time and Japanese operand of a formula joined whole (`_joined`), and where
    each now stands in it."""
    out, wholes, at = [], [], 0
    for m in _KEPT_WHOLE.finditer(text):
        out.append(text[at:m.start()])
        start = sum(map(len, out))
        out.append(_joined(m.group(0).replace(BREAK_OPPORTUNITY, "")))  # (東品川 before a code: 東品川9-9-9)
        wholes.append((start, start + len(out[-1])))
        at = m.end()
    return "".join(out) + text[at:], wholes


def kept_whole(text: str) -> list[str]:
    """The pieces of `text` the finish keeps on one line (_protect_codes): its dates, times, figures with
    their Japanese counters, figures with their English units and standards with their versions, so column fitting gives a column
    room for them (a date squeezed into a narrower column breaks inside its year: 10 February 202 / 7)."""
    return [m.group(0) for m in _DATE_OR_TIME.finditer(text)] + \
        [f"{m.group(0)}{m.group(2)}" for m in _EN_QUANTITY.finditer(text)] + [m.group(0) for m in STANDARD.finditer(text)]


def _is_asian(ch: str) -> bool:
    return ch >= "\u2e80"  # CJK from its radicals on


def _no_asian_breaks(t, wholes) -> None:
    """Give each of `wholes`, a date or time holding Japanese characters (2027年3月1日（月）, 9:00〜18:00) a run of its
    own whose East Asian language is none (zxx): LibreOffice's Japanese line breaker breaks between
    two ideographs word joiner or not, while without a language it honours the joiners. A run holding
    text, line breaks and tabs only is split (a cell's lines joined by line breaks), no other."""
    run = _own_run(t)
    if run is None:
        return
    text, pieces, at = t.text, [], 0
    for start, end in wholes:
        pieces += [(text[at:start], False), (text[start:end], True)]
        at = end
    pieces.append((text[at:], False))
    t.text = pieces[0][0]
    last, whole_run = run, None
    for piece, whole in pieces[1:]:
        if piece:
            if whole and whole_run is None:
                new = whole_run = copy.deepcopy(run)
                _set_lang(whole_run, "zxx")  # once: each later whole piece is a copy of this run
            else:
                new = copy.deepcopy(whole_run if whole else run)
            new.find(_W_T).text = piece
            last.addnext(new)
            last = new
    if not t.text:
        run.getparent().remove(run)


def _own_run(t):
    """The run of text `t`, split so that `t` is its only content (the lines before and after it, with the
    line breaks between, in runs of their own formatted alike); None when the run holds more than text,
    line breaks and tabs (a field, a picture), which stays as it is."""
    run = t.getparent()
    content = [child for child in run if child.tag != _W_RPR]
    if run.tag != _W_R or any(child.tag not in _SPLIT_CONTENT for child in content):
        return None
    at = content.index(t)
    for part, place in ((content[:at], run.addprevious), (content[at + 1:], run.addnext)):
        if part:
            new = copy.deepcopy(run)
            for child in [child for child in new if child.tag != _W_RPR]:
                new.remove(child)
            new.extend(part)  # moved out of `run`
            place(new)
    return run


_W_RPR = qn("w:rPr")
_W_R = qn("w:r")
_SPLIT_CONTENT = {_W_T, qn("w:br"), qn("w:tab")}
# the children of w:rPr that come after w:lang (Word refuses them out of order)
_AFTER_LANG = {qn(tag) for tag in ("w:eastAsianLayout", "w:specVanish", "w:oMath", "w:rPrChange")}


def _set_lang(run, east_asian: str) -> None:
    rpr = run.find(_W_RPR)
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        before = next((child for child in rpr if child.tag in _AFTER_LANG), None)
        if before is None:
            rpr.append(lang)
        else:
            before.addprevious(lang)
    lang.set(qn("w:eastAsia"), east_asian)


# the only texts _protect_codes may change: a code needs a hyphen, a telephone number a leading + or 0,
# a formula an operator, a time a colon (or is noon or midnight), a date 年 or a month's name, a figure
# with its counter a digit, a spaced dash its space (one pattern searched in each text: a third of the time libxml2 took to test
# each text for each of these in turn)
_MAY_HOLD_CODES = re.compile("|".join(re.escape(ch) for ch in (
    *"-+0123456789:年", *OPERATORS, "noon", "midnight", *EN_MONTHS, " \u2013 ")))


# ------------------------------------------------------------------ page breaks

def _only_page_break(p) -> bool:
    breaks = [br for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    return bool(breaks) and not _has_text(p) and p.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is None \
        and next(p.iter(qn("w:drawing")), None) is None


def _breaks_before(body) -> None:
    """A paragraph holding only a page break becomes "page break before" on the paragraph after
    it: when the page before ends full, the break paragraph would start a page of its own and
    leave it blank (the page after a full table of contents)."""
    for p in list(body.iterchildren(_W_P)):
        following = p.getnext()
        if _only_page_break(p) and following is not None and following.tag == _W_P:
            _set(_ppr(following), "w:pageBreakBefore")
            body.remove(p)


# ------------------------------------------------------------------ the cover on one page

_LINE_HEIGHT = 1.45  # a line's height in em: a Japanese font's single spacing, the tallest of the templates' fonts
_PARAGRAPH_SPACE_PT = 8  # the space around a paragraph of the cover, about
_TABLE_LINE_PT = 14  # a table line (9.5 pt text with its cell margins), about


def _style_points(styles) -> dict[str, float]:
    """The font size of each paragraph style, in points, its base style's where it sets none."""
    own, base = {}, {}
    for style in styles.iterchildren(_W_STYLE):
        sid = style.get(_W_STYLE_ID)
        size = style.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if size is not None:
            own[sid] = int(size.get(_W_VAL)) / 2
        based = style.find(qn("w:basedOn"))
        if based is not None:
            base[sid] = based.get(_W_VAL)

    def points(sid, depth=0):
        if sid in own or depth > 10 or sid not in base:
            return own.get(sid, 10.5)
        return points(base[sid], depth + 1)
    return {sid: points(sid) for sid in {*own, *base}}


def _cover_pt(blocks, sizes: dict[str, float], line_mm: float) -> float:
    """About how tall the cover's `blocks` print, in points: each paragraph's lines at its size, wrapped
    at `line_mm`, and the space around it; each table's rows."""
    height = 0.0
    for block in blocks:
        if block.tag == _W_TBL:
            height += sum(row_lines(tr) for tr in block.iter(_W_TR)) * _TABLE_LINE_PT
            continue
        size = _points(block) if block.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}") is not None \
            else sizes.get(_style(block) or "", 10.5)
        text = "".join(t.text or "" for t in block.iter(_W_T))
        lines = max(1, math.ceil(_mm(text) * size / TABLE_POINTS / line_mm)) if text else 1
        height += lines * size * _LINE_HEIGHT + _PARAGRAPH_SPACE_PT
    return height


def _fit_cover(body, styles) -> None:
    """The cover (what comes before the first page break) on one page: when a long client name or
    title would push its last lines (the confidentiality mark) onto a page of their own, the empty
    paragraphs that space it out are taken away, from the top, until it fits."""
    section = body.find(qn("w:sectPr"))
    size = section.find(qn("w:pgSz")) if section is not None else None
    margins = section.find(qn("w:pgMar")) if section is not None else None
    if size is None or margins is None:
        return
    blocks = []
    for block in body:
        if block.tag == _W_P and block.find(f"{_W_PPR}/{qn('w:pageBreakBefore')}") is not None:
            break
        if block.tag in (_W_P, _W_TBL):
            blocks.append(block)
    else:
        return  # no page break: no cover
    try:
        page = (int(size.get(qn("w:h"))) - abs(int(margins.get(qn("w:top")))) - abs(int(margins.get(qn("w:bottom"))))) / 20
        line_mm = (int(size.get(qn("w:w"))) - int(margins.get(qn("w:left"))) - int(margins.get(qn("w:right")))) / 1440 * 25.4
    except (TypeError, ValueError):
        return
    sizes = _style_points(styles)
    spacers = [b for b in blocks if b.tag == _W_P and not _has_text(b) and next(b.iter(qn("w:drawing")), None) is None
               and b.find(f"{_W_PPR}/{qn('w:sectPr')}") is None]
    while spacers and _cover_pt(blocks, sizes, line_mm) > page:
        spacer = spacers.pop(0)
        blocks.remove(spacer)
        body.remove(spacer)


# ------------------------------------------------------------------ figure numbers

_FIGURE = re.compile("^({}|{} )(\\d+)".format(*map(re.escape, lookup("doc.figure"))))  # 図1 / Figure 1, as parts.number_figures writes it


def _number_figures(body, caption_styles: set[str]) -> None:
    """Turn the number opening each caption paragraph into `SEQ 図 \\* ARABIC` (`SEQ Figure …`), its
    result the number printed: the visible text stays the same, and readers of the text (python-docx,
    the leak check) still read it, since a complex field's result is an ordinary run."""
    styled = [style.getparent().getparent() for style in body.iter(_W_PSTYLE) if style.get(_W_VAL) in caption_styles]
    for p in styled:
        if p.tag != _W_P:
            continue  # a style in a tracked change's record of the paragraph's old properties
        t = next((t for t in p.iter(_W_T) if t.text), None)
        match = _FIGURE.match(t.text) if t is not None else None
        if match is None or t.getparent().getparent() is not p:
            continue
        label, number = match.groups()
        run, rest = t.getparent(), _run_like(t.getparent(), "w:t", text=t.text[match.end():])
        rest.extend(list(t.itersiblings()))  # whatever followed the text in its run still follows it
        t.text = label
        field = [_run_like(run, "w:fldChar", fldCharType="begin"),
                 _run_like(run, "w:instrText", text=f" SEQ {label.strip()} \\* ARABIC "),
                 _run_like(run, "w:fldChar", fldCharType="separate"), _run_like(run, "w:t", text=number),
                 _run_like(run, "w:fldChar", fldCharType="end"), rest]
        for new in reversed(field):
            run.addnext(new)


def _run_like(run, tag: str, text: str | None = None, **attrs):
    """A run formatted as `run`, holding one `tag` element (a field mark, an instruction or text)."""
    new = OxmlElement("w:r")
    rpr = run.find(qn("w:rPr"))
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    if text is not None:
        element.set(qn("xml:space"), "preserve")
        element.text = text
    new.append(element)
    return new
