"""The Word documents' typographic finish (issue 14): headings and table leads kept with what follows,
tables that never split badly, numbers right-aligned in one format per column, codes and Latin words
never broken inside Japanese lines, a two-level table of contents, 以上 at the end of Japanese documents."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from docx_reading import full_text, shown
from rfpgen.documents.build import build_documents, output_path
from rfpgen.documents.finish import (JA_NO_BREAK_SPACE, PAGE_LINES, SMALL_TABLE_ROWS, finish, is_code, is_number,
                                     lines_kept_before, numeric_columns, page_lines, row_lines)
from rfpgen.text import EMPTY, decimals, numbers, percents
from rfpgen.validation import load_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DOCS = ("requirements", "rfp", "guide", "qa")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """{(example stem, document): (project, python-docx Document)} for both examples."""
    out = {}
    for example in EXAMPLES:
        project = load_project(example)
        folder = tmp_path_factory.mktemp(example.stem)
        build_documents(project, folder, only=set(DOCS))
        for document in DOCS:
            path = output_path(project, folder, document)
            out[example.stem, document] = (project, Document(io.BytesIO(path.read_bytes())))
    return out


def _cases():
    return [(e.stem, d) for e in EXAMPLES for d in DOCS]


def _style_keeps_next(doc, style_id: str) -> bool:
    style = next((s for s in doc.styles if s.style_id == style_id), None)
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def _keeps_next(doc, p) -> bool:
    ppr = p.find(qn("w:pPr"))
    if ppr is not None and ppr.find(qn("w:keepNext")) is not None:
        return ppr.find(qn("w:keepNext")).get(qn("w:val"), "true") not in ("0", "false")
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    return style is not None and _style_keeps_next(doc, style.get(qn("w:val")))


def _text(element) -> str:
    return "".join(t.text or "" if t.tag == qn("w:t") else "-"
                   for t in element.iter(qn("w:t"), qn("w:noBreakHyphen"))).strip()


@pytest.mark.parametrize("example,document", _cases())
def test_headings_and_table_leads_keep_with_next(built, example, document):
    _, doc = built[example, document]
    body = list(doc.element.body)
    headings = 0
    for i, p in enumerate(body):
        if p.tag != qn("w:p"):
            continue
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and style.get(qn("w:val")).startswith("Heading"):
            headings += 1
            assert _keeps_next(doc, p), f"heading {_text(p)!r} may stand alone at a page foot"
        if i + 1 < len(body) and body[i + 1].tag == qn("w:tbl") and _text(p):
            assert _keeps_next(doc, p), f"{_text(p)!r} leads into a table but may be left at a page foot"
    assert headings > 0


@pytest.mark.parametrize("example,document", _cases())
def test_tables_repeat_their_header_and_rows_never_split(built, example, document):
    _, doc = built[example, document]
    tables = label_value = 0
    for tbl in doc.element.body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        for tr in rows:
            assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None, f"a row may split: {_text(tr)[:40]!r}"
        headers = int(rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
        tables += headers
        label_value += 1 - headers
        # the header and the first two data rows go to the next page together (a label/value table:
        # its first two rows), and so do the last two rows: no page holds a heading and one row
        # (unless the two rows are more than a page holds: then the header keeps with the first)
        lead = lines_kept_before(tbl) if tbl.getparent() is doc.element.body else 0  # its heading and lead-in
        fit = lead + sum(map(row_lines, rows[:headers + 2])) <= page_lines(doc.element.body)
        kept = rows[:min(headers + fit, len(rows) - 1)]
        if len(rows) - headers > 2 and sum(map(row_lines, rows[-2:])) <= page_lines(doc.element.body):
            kept.append(rows[-2])
        for tr in kept:
            assert all(_keeps_next(doc, p) for p in tr.iter(qn("w:p"))), f"row {_text(tr)[:40]!r} may be left alone"
    assert tables > 0 and label_value > 0


def _decimals_of(cell: str) -> list[int]:
    return [len(m.group(1) or "") for m in re.finditer(r"\d[\d,]*(?:\.(\d+))?", cell)]


@pytest.mark.parametrize("example,document", _cases())
def test_numeric_columns_are_right_aligned_in_one_format(built, example, document):
    _, doc = built[example, document]
    checked = 0
    for table in doc.tables:
        rows = table._tbl.findall(qn("w:tr"))
        if not rows:
            continue
        headers = int(rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)  # a label/value table: none
        cells = [[_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in rows[headers:]]
        if not cells or any(len(r) != len(cells[0]) for r in cells):
            continue
        for c in numeric_columns(cells):
            checked += 1
            column = [r[c] for r in cells if is_number(r[c])]  # a word in place of a number (失格) aside
            header = _text(rows[0].findall(qn("w:tc"))[c])
            for tr in rows:
                for p in tr.findall(qn("w:tc"))[c].iter(qn("w:p")):
                    jc = p.find(f"{qn('w:pPr')}/{qn('w:jc')}")
                    assert jc is not None and jc.get(qn("w:val")) in ("right", "end"), f"column {header!r} is not right-aligned"
            assert len({tuple(_decimals_of(v)) for v in column}) == 1, f"column {header!r} mixes formats: {column}"
            for value in column:
                for n in re.findall(r"\d[\d,]*", value):
                    assert len(n.replace(",", "")) < 4 or "," in n, f"column {header!r}: {value} has no thousands separator"
    if document == "requirements":
        assert checked >= 5


def test_column_formatters_give_one_format_per_column():
    assert numbers([3764.5, 5999, None], empty=EMPTY) == ["3,764.5", "5,999.0", EMPTY]
    assert percents([66, 62.8]) == ["66.0%", "62.8%"]
    assert percents([19, 16]) == ["19%", "16%"]
    assert decimals([1.25, 2]) == 2 and decimals([1, 2]) == 0 and decimals([0.333333]) == 2
    assert is_number("1,200,000円") and is_number("23 / 31") and is_number("JPY 1,200") and is_number("12.5%")
    assert not is_number("09:00") and not is_number("2027年3月1日") and not is_number("TEL-ORDER")
    assert numeric_columns([["A", "1,000", "x"], ["B", EMPTY, "2"]]) == [1]
    # a word in place of a number keeps a column of numbers one (the worked example's 失格); not a code
    assert numeric_columns([["X", "1.50"], ["Y", "4.50"], ["Z", "失格"]]) == [1]
    assert numeric_columns([["X", "1.50"], ["Y", "4.50"], ["Z", "V-2"]]) == []


def test_totals_rows_add_up_volume_and_staffing(built):
    _, doc = built["ja-ec-order-center", "requirements"]
    totals = [[_text(tc) for tc in tr.findall(qn("w:tc"))] for tbl in doc.element.body.iter(qn("w:tbl"))
              for tr in tbl.findall(qn("w:tr")) if _text(tr.findall(qn("w:tc"))[0]).startswith("合計")]
    assert len(totals) >= 4  # monthly volume, agents by program, monthly FTE, hiring plan, training classes
    assert ["合計（各プログラムのピークの和）", "", "", "", "491,500", "38", "52"] in totals  # named as what it adds up


def test_codes_are_recognised():
    for code in ("03-5555-0210", "rfp-2027@midori-tsuhan.example.jp", "TEL-ORDER", "Q-WFM", "ISO-27001",
                 "midori-order-center-2027-response-form.xlsx"):  # a file name is printed whole, its column widened
        assert is_code(code), code
    for word in ("e-mail", "follow-up", "a/very-long-path-to-some-folder-somewhere"):
        assert not is_code(word), word


def test_codes_get_word_joiners_and_keep_their_text():
    text = "連絡先は03-5555-0210（TEL-ORDER担当、rfp-2027@example.jp）、e-mailで受付。"
    doc = Document()
    p = doc.add_paragraph()
    p.add_run(text)
    finish(doc)
    assert p.text.count("-\u2060") == 5  # e-mail's too: a short hyphenated word is kept whole (finish.keeps_whole)
    assert shown(p.text) == text  # the joiners, and the breaks allowed before a code after Japanese text, are unseen
    buffer = io.BytesIO()
    doc.save(buffer)
    assert text in full_text(buffer.getvalue())  # as readers (and the leak check) see it


def test_a_spaced_dash_never_starts_a_line():
    """\"Order desk – e-mail and web form\" as a column header broke before the dash: the space before a
    spaced en dash is a no-break space (the reader sees the same text)."""
    doc = Document()
    p = doc.add_paragraph()
    p.add_run("Order desk – e-mail and web form")
    finish(doc)
    assert "desk\u00a0– e" in p.text and shown(p.text).replace("\u00a0", " ") == "Order desk – e-mail and web form"


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_western_text_is_tagged_english_so_words_never_break(built, example):
    project, doc = built[example, "requirements"]
    lang = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")).startswith("en") and lang.get(qn("w:eastAsia")) == "ja-JP"
    xml = doc.element.xml
    phone = (project.data["project"]["client"].get("contact") or {}).get("phone")
    if phone and "-" in phone:
        assert phone.replace("-", "-\u2060") in xml  # joined: no line break inside the number


@pytest.mark.parametrize("example,document", _cases())
def test_japanese_documents_end_with_ijou(built, example, document):
    project, doc = built[example, document]
    last = Paragraph([p for p in doc.element.body.iter(qn("w:p")) if _text(p)][-1], doc)  # below a table: its closing row
    if project.lang == "ja":
        assert last.text.strip() == "以上"
        assert last.alignment is not None and last.alignment == 2  # right
    else:
        assert "以上" not in last.text


@pytest.mark.parametrize("example,document", _cases())
def test_last_line_keeps_with_what_precedes_it(built, example, document):
    """以上 (or an English document's last line) never stands alone on a page: the paragraph before it,
    and any empty spacer between, keep with the next; after a table, 以上 is the table's closing row
    (one cell across the table), and the row above it keeps with it."""
    _, doc = built[example, document]
    line = [p for p in doc.element.body.iter(qn("w:p")) if _text(p)][-1]
    row = line.getparent().getparent()
    if line.getparent().tag == qn("w:tc") and len(row.findall(qn("w:tc"))) == 1:
        assert row.getnext() is None and row.getparent().getparent() is doc.element.body
        assert all(_keeps_next(doc, p) for p in row.getprevious().iter(qn("w:p"))), "the table's last row may stay behind"
        return
    blocks = [b for b in doc.element.body if b.tag in (qn("w:p"), qn("w:tbl"))]
    last = max(i for i, b in enumerate(blocks) if b.tag == qn("w:p") and _text(b))
    for block in reversed(blocks[:last]):
        if block.tag == qn("w:tbl"):
            row = block.findall(qn("w:tr"))[-1]
            assert all(_keeps_next(doc, p) for p in row.iter(qn("w:p"))), f"the last row {_text(row)[:40]!r} may stay behind"
            break
        assert _keeps_next(doc, block), f"{_text(block)[:40]!r} may stay behind"
        if _text(block):
            break


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_signature_rows_are_tall_enough_to_sign_in(built, example):
    _, doc = built[example, "requirements"]
    heading = next(p for p in doc.paragraphs if p.text.endswith(("承認欄", "Approval")) and p.style.name.startswith("Heading"))
    table = heading._p.getnext()
    rows = table.findall(qn("w:tr"))[1:]
    assert rows
    for tr in rows:
        height = tr.find(f"{qn('w:trPr')}/{qn('w:trHeight')}")
        assert height is not None and height.get(qn("w:hRule")) == "atLeast", _text(tr)
        assert 12 <= int(height.get(qn("w:val"))) / 1440 * 25.4 <= 15, _text(tr)


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_the_approval_block_prints_the_dates_the_project_records(built, example):
    """An approver the project records as having approved (approvers[].date) has the date in the block,
    written as the document writes dates, with the version it approved on a line of its own (the edition
    printed moves on with addenda: a bare date read as approving it); the others keep room to write it in."""
    project, doc = built[example, "requirements"]
    heading = next(p for p in doc.paragraphs if p.text.endswith(("承認欄", "Approval")) and p.style.name.startswith("Heading"))
    rows = [[_text(tc) for tc in tr.findall(qn("w:tc"))] for tr in heading._p.getnext().findall(qn("w:tr"))[1:]]
    approvers = project.data["approval"]["approvers"]
    dated = [(row[2], a["date"]) for row, a in zip(rows, approvers) if a.get("date")]
    assert dated, "the example records an approval date"
    history = sorted((str(r["date"])[:10], r["version"]) for r in project.data["approval"]["revision_history"])
    for printed, when in dated:
        version = [v for d, v in history if d <= str(when)[:10]][-1]
        when = date.fromisoformat(str(when)[:10])
        assert shown(printed) == (f"{when.year}年{when.month}月{when.day}日（第{version}版）" if project.lang == "ja"
                                  else f"{when.day} {when.strftime('%B')} {when.year}(version {version})"), shown(printed)
    assert all(not shown(row[2]).strip(" \u3000年月日") for row, a in zip(rows, approvers) if not a.get("date"))


@pytest.mark.parametrize("example,document", _cases())
def test_contents_has_two_levels_at_most_and_no_blank_page_after_it(built, example, document):
    _, doc = built[example, document]
    for instr in doc.element.body.iter(qn("w:instrText")):
        match = re.search(r'TOC .*\\o "(\d)-(\d)"', instr.text or "")
        if match:
            assert int(match.group(2)) <= 2
    sizes = {}
    for level in (1, 2):
        style = next((s for s in doc.styles if s.name.lower() == f"toc {level}"), None)
        if style is not None:
            sizes[level] = (style.font.size, style.font.bold)
    if sizes:
        assert sizes[1][0] >= sizes[2][0] and sizes[1][1] and not sizes[2][1]
    for p in doc.element.body.iterchildren(qn("w:p")):  # a paragraph holding only a page break can leave a blank page
        breaks = [br for br in p.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
        assert not breaks or _text(p), "a paragraph holds nothing but a page break"


@pytest.mark.parametrize("example,document", _cases())
def test_confidentiality_label_stays_on_the_header_line(built, example, document):
    _, doc = built[example, document]
    header = doc.sections[-1].header.paragraphs[0]
    tabs = header._p.findall(f"{qn('w:r')}/{qn('w:tab')}")
    assert len(tabs) == 1  # one jump to the right margin, never a second one that wraps
    stops = [t for t in header._p.iter(qn("w:tab")) if t.getparent().tag == qn("w:tabs")]
    assert any(t.get(qn("w:val")) == "right" for t in stops) and any(t.get(qn("w:val")) == "clear" for t in stops)


def _needs_libreoffice() -> None:
    from rfpgen.documents.pdf import soffice_path

    if soffice_path() is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) and pdftotext are not installed; CI installs them")


def _pdf_pages(paths: list[Path]) -> list[list[list[str]]]:
    """Each document's PDF as LibreOffice prints it: per page, its lines of text."""
    from rfpgen.documents.pdf import convert_to_pdf

    out = []
    for pdf in convert_to_pdf(paths):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        out.append([[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")])
    return out


def _long_named(path: Path):
    """The example with a client name and a title three times as long: the cover grows by several lines."""
    from rfpgen.validation import project_from_data
    from rfpgen.yamlio import read

    data = read(path)[0].data
    ja = data["project"]["language"] == "ja"
    data["project"]["client"]["name"] += ("ホールディングス・グループ統括本部・東日本カスタマーサービス事業統括本部" if ja
                                         else " and Home Appliances Retail Group Holdings (Northern England, Scotland and Wales)")
    data["project"]["title"] += ("　第二期・全国コンタクトセンター統合および受注・問い合わせ・苦情対応窓口の一括委託" if ja
                                 else ": second phase, national contact-centre consolidation of the order, delivery and complaints desks")
    return project_from_data(data)


def _cover_blocks(doc) -> list:
    blocks = []
    for block in doc.element.body:
        if block.tag == qn("w:p") and block.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None:
            return blocks
        blocks.append(block)
    return blocks


def test_a_long_client_name_and_title_take_the_covers_spacing_not_a_second_page(tmp_path):
    """The landscape paper form's cover holds the long names by giving up empty spacing lines; the
    examples' covers keep all of theirs."""
    from rfpgen.scoring.forms import write_forms

    for example in EXAMPLES:
        normal, long = (write_forms(project, _folder(tmp_path / f"{example.stem}-{n}"))[0]
                        for n, project in enumerate((load_project(example), _long_named(example))))
        spacers = [sum(1 for b in _cover_blocks(Document(str(path))) if b.tag == qn("w:p") and not _text(b))
                   for path in (normal, long)]
        assert spacers[1] < spacers[0], example.stem


def _folder(path: Path) -> Path:
    path.mkdir(parents=True)
    return path


@pytest.mark.slow
def test_libreoffice_prints_each_cover_on_one_page_and_the_contents_without_a_stray_last_page(tmp_path):
    """Every document's cover, also with a long client name and title (the landscape paper form's
    spilled its confidentiality mark onto a page of its own), is one page: page 2 starts with the
    running header, never with the cover's last lines. The requirements definition's contents
    never leave a couple of entries alone on a page (two spilled onto a third page)."""
    from rfpgen.documents.build import render_documents
    from rfpgen.scoring.forms import write_forms

    _needs_libreoffice()
    paths = []
    for n, example in enumerate(EXAMPLES):
        for project in (load_project(example), _long_named(example)):
            folder = _folder(tmp_path / f"{n}-{len(paths)}")
            for path, data in render_documents(project, folder, only={"requirements", "guide"}).items():
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                paths.append(path)
            paths.append(write_forms(project, folder)[0])
    for path, pages in zip(paths, _pdf_pages(paths)):
        # the cover ends with the confidentiality mark, which page 2's running header repeats
        assert pages[0] and pages[0][-1] in pages[1][:6], (path.name, pages[0][-3:], pages[1][:6])
        if path.name.endswith("requirements.docx"):
            contents = [len([line for line in page if re.search(r"\.{5,}\s*\d*$", line) or "...." in line]) for page in pages[1:5]]
            last = max(i for i, count in enumerate(contents) if count)
            assert contents[last] >= 8 or last == 0, (path.name, contents)


def _broken(pages: list[list[str]], tokens: list[str]) -> list[str]:
    """Each place where a line ends inside one of `tokens` (the next line holding its rest)."""
    lines = [line.replace("\u2011", "-") for page in pages for line in page]
    broken = []
    for a, b in zip(lines, lines[1:]):
        for token in tokens:
            for m in re.finditer(re.escape(token), a + b):
                if m.start() < len(a) < m.end():
                    broken.append(f"{a[-15:]} / {b[:15]}")
    return broken


def _rendered(lang: str, paragraphs: list[str]) -> bytes:
    """A short document from the house template (its styles, fonts and language tags)."""
    from rfpgen.documents.render import render_docx, template_path

    context = {"doc": {"client_name": "株式会社テスト", "title": "試験", "kind": "質問回答書", "project_id": "t", "document_id": "t-QA",
                       "version": "1.0", "date": "2027年3月1日", "client_department": "部", "confidentiality": "社外秘", "date_label": "作成日"},
               "intro": paragraphs, "questions": []}
    return render_docx(template_path("clarifications.docx", lang), context)


@pytest.mark.slow
def test_libreoffice_leaves_no_page_with_one_line_alone(tmp_path):
    """Neither the closing 以上 nor a heading is left alone on a page: 以上 keeps with the table
    before it, and a table whose first rows do not fit on the page with its heading starts on the
    next page together with the heading (keeping more rows together than a page holds left the
    heading of the paper form's criteria alone on a page)."""
    _needs_libreoffice()
    paths = []
    for example, only in (("ja-ec-order-center", "requirements"), ("en-electronics-retail", "scoring")):
        written = build_documents(load_project(ROOT / "examples" / f"{example}.yaml"), tmp_path, only={only})
        paths.append(next(path for path in written if path.suffix == ".docx"))
    for path, pages in zip(paths, _pdf_pages(paths)):
        pages = [page for page in pages if page]
        running = set.intersection(*map(set, pages[1:]))  # the running header, on every page after the cover
        for number, page in enumerate(pages, 1):
            body = [line for line in page if line not in running and not re.fullmatch(r"(Page )?\d+ / \d+", line)]
            assert len(body) > 1, f"{path.name}, page {number}: {body}"


@pytest.mark.slow
def test_libreoffice_starts_a_table_on_the_page_of_its_heading_in_the_landscape_paper_form(tmp_path):
    """The Japanese paper form (A4 landscape): the checklist's heading and lead-in were left alone at the
    foot of page 7, the table starting on page 8. Each heading that leads into a table now shares its
    page with the table's header row."""
    _needs_libreoffice()
    written = build_documents(load_project(ROOT / "examples" / "ja-ec-order-center.yaml"), tmp_path, only={"scoring"})
    path = next(path for path in written if path.suffix == ".docx")
    body = list(Document(str(path)).element.body)
    leads = []  # (heading, the first cell of the table's header row)
    for i, child in enumerate(body):
        style = child.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if child.tag != qn("w:p") or style is None or not style.get(qn("w:val")).startswith("Heading"):
            continue
        following = next((b for b in body[i + 1:i + 3] if b.tag == qn("w:tbl")), None)
        if following is not None:
            leads.append((shown(_text(child)), shown(_text(following.find(f"{qn('w:tr')}/{qn('w:tc')}")))))
    assert any("チェックリスト" in heading for heading, _ in leads)
    pages = [[shown(line).replace(" ", "") for line in page] for page in _pdf_pages([path])[0]]
    for heading, header in leads:
        page = next(page for page in pages if heading.replace(" ", "") in page)
        assert header.replace(" ", "") in page[page.index(heading.replace(" ", "")):], (heading, page)


@pytest.mark.slow
def test_libreoffice_never_leaves_ijou_alone_after_a_table_whatever_the_length(tmp_path):
    """A document closing with a long table and 以上, pushed down one line at a time over a whole page:
    no page holds 以上 alone (with 以上 a paragraph after the table, kept by a keep-with-next on the
    table's last row, LibreOffice left it alone in every variant where the table ended at a page foot)."""
    _needs_libreoffice()
    paths = []
    for lead in range(46):  # a page's lines: the table's end meets the page foot in some of them
        doc = Document(io.BytesIO(_rendered("ja", ["受託者は委託元の基準に従って応対する。"] * lead)))
        closing = next(p for p in doc.element.body.iter(qn("w:p")) if _text(p) == "以上")
        if closing.getparent().tag == qn("w:tc"):  # the closing row of the template's own table goes
            row = closing.getparent().getparent()
            row.getparent().remove(row)
        table = doc.add_table(rows=60, cols=3)
        table.style = "Table Grid"
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for i, cells in enumerate(table.rows):
            for cell, text in zip(cells.cells, (f"用語{i}", f"説明{i}", "用語の説明の文。" * 3)):
                cell.text = text
        table._tbl.addnext(closing)  # the document ends: the table, 以上
        finish(doc)
        paths.append(tmp_path / f"lead-{lead}.docx")
        doc.save(paths[-1])
    for path, pages in zip(paths, _pdf_pages(paths)):
        last = [line for line in [page for page in pages if page][-1] if not re.fullmatch(r"\d+ ?/ ?\d+", line)]
        rows = [line for line in last if line.startswith("用語") and not re.fullmatch(r"用語 ?0", line)]  # not the header
        assert "以上" in last and rows, (path.name, last)


@pytest.mark.slow
def test_libreoffice_never_ends_a_page_with_a_heading(tmp_path):
    """A heading keeps with what follows it: the English RFP's "2.4 Notes" was left at a page foot
    because LibreOffice moved the three-line paragraph after it whole (widow and orphan control)
    without the heading kept with it."""
    from docx import Document

    _needs_libreoffice()
    paths = []
    for example in ("en-electronics-retail", "ja-ec-order-center"):
        written = build_documents(load_project(ROOT / "examples" / f"{example}.yaml"), tmp_path / example,
                                  only={"rfp", "requirements"})
        paths += [path for path in written if path.suffix == ".docx"]
    for path, pages in zip(paths, _pdf_pages(paths)):
        headings = {p.text.strip() for p in Document(str(path)).paragraphs
                    if p.style.name.startswith("Heading") and p.text.strip()}
        for number, page in enumerate(pages[:-1], 1):
            body = [line for line in page if not re.fullmatch(r"(Page )?\d+ ?/ ?\d+", line)]
            assert body and body[-1].replace("\u2060", "") not in headings, f"{path.name}, page {number} ends with {body[-1]!r}"


@pytest.mark.slow
def test_libreoffice_keeps_codes_and_numbers_whole_in_japanese_lines(tmp_path):
    """A Japanese paragraph with a telephone number, an e-mail address, an id, an acronym and a
    percentage at every position near the line end: the PDF never breaks inside one of them."""
    _needs_libreoffice()
    tokens = ["03-5555-0210", "rfp-2027@midori-tsuhan.example.jp", "TEL-ORDER", "Excel", "15%", "FTE"]
    line = "".join(tokens[i % len(tokens)] + "の" for i in range(6))
    path = tmp_path / "codes.docx"
    path.write_bytes(_rendered("ja", ["あ" * n + line for n in range(0, 44, 3)]))
    assert not _broken(_pdf_pages([path])[0], tokens)


@pytest.mark.slow
def test_libreoffice_keeps_latin_tokens_whole_in_narrow_table_columns(tmp_path):
    """Each table column holds its longest token: a Latin word in Japanese with the brackets kinsoku
    keeps on its line (（WFM）, （Excel）), an e-mail address in an English table. Measured as the bare
    word, or capped like a URL, the column came out too narrow and LibreOffice broke the token
    (（ / WFM）, …@northgate / -cs.example.com)."""
    from rfpgen.documents.render import fit_columns

    _needs_libreoffice()
    prose = "受託者は委託元の基準に従って応対し、月次の報告書で結果と改善策を示すこと。" * 3
    tables = {
        "ja": [["区分", "要件", "基準", "備考", "対応", "条件", "補足"], ["（WFM）で管理。", *[prose] * 6],
               ["（Excel）で提出。", *[prose] * 6]],
        "en": [["ID", "Company", "Contact", "Email / phone"],
               ["V-NORTH", "Northgate Customer Services Ltd", "Tom Hargreaves (Business Development Director)",
                "tom.hargreaves@northgate-cs.example.com / +44 113 555 0190"],
               ["V-PENN", "Pennine Connect plc", "Arjun Mehta (Sales Director, Retail)",
                "arjun.mehta@pennineconnect.example.com / +44 1422 555 077"]]}
    paths = []
    for lang, rows in tables.items():
        doc = Document(io.BytesIO(_rendered(lang, [])))
        table = doc.add_table(rows=len(rows), cols=len(rows[0]))
        table.style = "Table Grid"
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row, values in zip(table.rows, rows):
            for cell, value in zip(row.cells, values):
                cell.text = value
        fit_columns(doc)
        finish(doc)
        paths.append(tmp_path / f"{lang}.docx")
        doc.save(paths[-1])
    tokens = ["（WFM）", "（Excel）"], [row[3].split(" / ")[0] for row in tables["en"][1:]]
    for pages, wanted in zip(_pdf_pages(paths), tokens):
        lines = [line.replace("\u2011", "-") for page in pages for line in page]
        assert all(any(token in line for line in lines) for token in wanted), [line for line in lines if "@" in line or "）" in line]


def test_rows_kept_with_a_header_leave_room_for_the_heading_and_lead_in_before_the_table():
    """The Japanese paper form's checklist (A4 landscape): a heading, a four-line lead-in, then rows of a
    dozen lines. The header and two such rows were kept together; with the heading and lead-in kept
    with them they were more than the landscape page holds, and LibreOffice left the heading and
    lead-in alone at a page foot. The header now keeps with one row only, so the heading, lead-in,
    header and first row start a page together."""
    doc = Document()
    section = doc.sections[0]
    section.orientation, section.page_width, section.page_height = WD_ORIENT.LANDSCAPE, Mm(297), Mm(210)
    section.top_margin = section.bottom_margin = Mm(22)
    doc.add_heading("3. RFPに記載しない要件のチェックリスト", 1)
    doc.add_paragraph("「課題把握と提案力」の評点は、RFPに記載しない要件のチェックリストから計算する。" * 4)
    table = doc.add_table(rows=4, cols=2)
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for i, row in enumerate(table.rows):
        for cell in row.cells:
            cell.text = "要件" if i == 0 else "月間の業務量が予測から乖離した場合に備え、要員の増減手段を定める。" * 2
            cell.width = Mm(30 + 4)
    lines = [row_lines(tr) for tr in table._tbl.findall(qn("w:tr"))]
    page = page_lines(doc.element.body)
    assert page < PAGE_LINES  # a landscape page holds fewer lines than a portrait one
    assert sum(lines[:3]) <= page < lines_kept_before(table._tbl) + sum(lines[:3])
    finish(doc)
    assert [_keeps_next(doc, tr.find(f".//{qn('w:p')}")) for tr in table._tbl.findall(qn("w:tr"))] == [True, False, True, False]
    assert all(_keeps_next(doc, p) for p in doc.element.body.findall(qn("w:p"))[:2])


def test_a_small_table_is_kept_whole_on_one_page():
    """A vendor's eight rows of scores never split after two rows at a page foot: a small table moves
    whole to the next page (every row but the last keeps with the next)."""
    doc = Document()
    table = doc.add_table(rows=8, cols=3)
    for i, row in enumerate(table.rows):
        for cell in row.cells:
            cell.text = f"r{i}"
    finish(doc)
    rows = table._tbl.findall(qn("w:tr"))
    assert all(_keeps_next(doc, tr.find(f".//{qn('w:p')}")) for tr in rows[:-1])


def test_a_table_of_a_dozen_rows_that_fits_a_page_is_kept_whole():
    """A vendor's scores in the English memo (a header, seven criteria of one to three lines, the
    quality score): more lines than a handful, still well within a page, so the whole table moves to
    the next page rather than leaving its header and two rows at a page foot. The no-break spaces
    padding its short headers and ids do not count as lines. A longer table keeps only its ends."""
    doc = Document()
    rows = [["ID\u00a0\u00a0", "Criterion", "Points\u00a0\u00a0"]]
    names = ["Experience with equivalent work", "Understanding of Halden's needs beyond this RFP"]  # two and three lines
    rows += [["Q-LOC\u00a0\u00a0", names[i % 2], "\u00a0\u00a014.00"] for i in range(8)]
    rows += [["", "Quality score (out of 100)", "\u00a0\u00a065.34"]]
    tables = [doc.add_table(rows=len(rows), cols=3), doc.add_table(rows=len(rows) * 2, cols=3)]
    for table in tables:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row, values in zip(table.rows, rows * 2):  # Q-LOC and Points fit their columns, not their padding
            for cell, value, mm in zip(row.cells, values, (14, 34, 14)):
                cell.text = value
                cell.width = Mm(mm + 4)
    finish(doc)
    small, long = (table._tbl.findall(qn("w:tr")) for table in tables)
    assert len(small) <= SMALL_TABLE_ROWS and 20 < sum(map(row_lines, small)) <= PAGE_LINES
    assert row_lines(small[0]) == 1
    assert all(_keeps_next(doc, p) for tr in small[:-1] for p in tr.iter(qn("w:p")))
    # the longer one ends with its quality score, a total: the last two criteria keep with it
    assert [_keeps_next(doc, tr.find(qn("w:tc")).find(qn("w:p"))) for tr in long] == \
        [True, True, True, False] + [False] * (len(long) - 7) + [True, True, False]


def test_a_short_table_of_many_one_line_rows_is_kept_whole_and_a_long_one_starts_with_three_rows():
    """The intraday profile (a header and 22 one-line half-hour rows) split after two rows at a page foot:
    a table of up to four fifths of a page moves whole to the next page, however many rows it has, and a
    longer table keeps its first three rows with its header."""
    doc = Document()
    tables = [doc.add_table(rows=n, cols=2) for n in (24, 40)]
    for table in tables:
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for i, row in enumerate(table.rows):
            row.cells[0].text, row.cells[1].text = (f"{8 + i:02d}:00", "5.0%") if i else ("Interval start", "Share of the day")
    finish(doc)
    short, long = ([_keeps_next(doc, tr.find(f".//{qn('w:p')}")) for tr in table._tbl.findall(qn("w:tr"))] for table in tables)
    assert len(short) > SMALL_TABLE_ROWS and short == [True] * 23 + [False]  # the Japanese half-hour profile: 23 rows
    assert long[:5] == [True, True, True, False, False]


@pytest.mark.parametrize("total", ["合計", "Total", ""])
def test_a_long_tables_total_row_keeps_the_last_two_rows_it_sums_with_it(total):
    """A long table of volumes ending with 合計 (Total; or the memo's quality score, its first cell blank):
    the total never goes to the next page with a single row of figures above it: the last two rows
    keep with it. A last row of figures like the others keeps only the one row above it."""
    doc = Document()
    rows = [["月", "電話", "メール"], *[[f"2027年{m}月", "28,000", "2,500"] for m in range(1, 13)] * 2]
    tables = [doc.add_table(rows=len(rows) + 1, cols=3), doc.add_table(rows=len(rows), cols=3)]
    for table, values in zip(tables, (rows + [[total, "672,000", "60,000"]], rows)):
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row, texts in zip(table.rows, values):
            for cell, text in zip(row.cells, texts):
                cell.text = text
    finish(doc)
    with_total, without = ([_keeps_next(doc, tr.find(f".//{qn('w:p')}")) for tr in table._tbl.findall(qn("w:tr"))[-4:]]
                           for table in tables)
    assert with_total == [False, True, True, False]
    assert without == [False, False, True, False]


def test_a_formulas_operators_keep_with_their_operands():
    """66.00 × 70 ÷ 100 never breaks between ÷ and 100 (the memo's rule line ended with ÷ and the next
    began with 100): the space after each operator becomes a no-break space, and a calculation of
    figures is kept whole (a line no longer ended with × 70 above ÷ 100); readers see the text typed."""
    formulas = ["The document-stage total is the rounded quality score × 70 ÷ 100 plus the rounded price points.",
                "Quality score = Σ (weight × score ÷ 5)", "品質点 45.738（65.34 × 70 ÷ 100）＋ 価格点 25.80",
                "価格点 ＝ 30 ×（1 − 提案価格 ÷ 予定価格）",
                "評価値：（100 ＋ 66.50 × 70 ÷ 100） ÷ 558,000,000 × 1,000,000 ＝ 0.262634"]
    doc = Document()
    for formula in formulas:
        doc.add_paragraph(formula)
    finish(doc)
    for formula, p in zip(formulas, doc.paragraphs):
        assert not re.search(r"[×÷=＝+＋−Σ] ", p.text), p.text
        assert shown(p.text) == formula
    assert "score ×\u00a070\u00a0÷\u00a0100 plus" in doc.paragraphs[0].text  # a break may come before × score
    # a short Japanese operand kept whole (価格点, never 価格 / 点); in Japanese text the no-break space is one
    # a Japanese line keeps (JA_NO_BREAK_SPACE)
    j = JA_NO_BREAK_SPACE
    assert f"（65.34{j}×{j}70{j}÷{j}100）＋{j}価\u2060格\u2060点 25.80" in doc.paragraphs[2].text
    # a long calculation may break before an amount, never inside it (1,000, / 000 in the memo's cell)
    assert f"558,000,000 ×{j}1,000,000" in doc.paragraphs[4].text
    # and after the bracket, before the price: without it the bracket and the price were one unit wider
    # than the memo's narrow cell, which LibreOffice then broke inside the price (558,000,00 / 0)
    assert f"100） ÷{j}558,000,000" in doc.paragraphs[4].text


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_the_guides_formulas_keep_their_operators_with_their_operands(built, example):
    _, doc = built[example, "guide"]
    text = "\n".join(Paragraph(p, doc).text for p in doc.element.body.iter(qn("w:p")))
    assert ("÷\u00a0" in text or f"÷{JA_NO_BREAK_SPACE}" in text) and not re.search(r" [×÷=＝Σ] ", text)


_VENDORS = frozenset({"ひかりコンタクトサービス株式会社", "株式会社テレコムブリッジ", "北九州カスタマーサポート株式会社",
                      "Northgate Customer Services Ltd"})
_WJ = "\u2060"


def _name_runs(p) -> list[tuple[str, str | None]]:
    """(text, East Asian language) of each run of a paragraph."""
    out = []
    for run in p.iter(qn("w:r")):
        lang = run.find(f"{qn('w:rPr')}/{qn('w:lang')}")
        out.append(("".join(t.text or "" for t in run.iter(qn("w:t"))), lang.get(qn("w:eastAsia")) if lang is not None else None))
    return out


def test_a_vendor_name_in_a_table_cell_is_kept_whole_where_the_cell_holds_it():
    """In the robustness table's sentence (…第 1 位が北九州カスタマーサポート株式会社になる) LibreOffice broke the
    name anywhere (北九州カス / タマーサポート株式会社): a name the cell's width holds is joined whole in a
    run without an East Asian language (so LibreOffice honours the joiners); in a cell too narrow for
    it, each part is joined and the line may break only between them (…サポート / 株式会社); an English
    name is joined by no-break spaces, its short legal form never alone. Readers see the text typed."""
    texts = ["+4.67点の変更で第 1 位が北九州カスタマーサポート株式会社になる（他の配点は比例して調整）",
             "株式会社テレコムブリッジ > ひかりコンタクトサービス株式会社", "Without evaluator Tom: Northgate Customer Services Ltd"]
    doc = Document()
    table = doc.add_table(rows=len(texts), cols=2)
    for row, text in zip(table.rows, texts):
        for cell, mm in zip(row.cells, (70, 45)):
            cell.text = text
            cell.width = Mm(mm + 4)
    finish(doc, names=_VENDORS)
    (wide_ja, narrow_ja), (wide_ranking, _), (wide_en, narrow_en) = (
        [cell._tc.find(qn("w:p")) for cell in row.cells] for row in table.rows)
    assert ("北九州カスタマーサポート株式会社".replace("", _WJ)[1:-1], "zxx") in _name_runs(wide_ja)
    assert ("北九州カスタマーサポート".replace("", _WJ)[1:-1], "zxx") in _name_runs(narrow_ja)
    assert ("株式会社".replace("", _WJ)[1:-1], "zxx") in _name_runs(narrow_ja)
    assert [name for name, lang in _name_runs(wide_ranking) if lang == "zxx"] == \
        ["株式会社テレコムブリッジ".replace("", _WJ)[1:-1], "ひかりコンタクトサービス株式会社".replace("", _WJ)[1:-1]]
    assert "Northgate\u00a0Customer\u00a0Services\u00a0Ltd" in _text(wide_en)
    assert "Northgate Customer Services\u00a0Ltd" in _text(narrow_en)
    for row, text in zip(table.rows, texts):
        assert all(shown(cell.text) == text for cell in row.cells)




def test_a_name_part_wider_than_its_cell_is_left_to_break():
    """In a cell narrower than even a part of the name (a template's own narrow column), joining it would
    push it past the cell's edge: it breaks where it must."""
    doc = Document()
    cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.text = "ひかりコンタクトサービス株式会社"
    cell.width = Mm(20 + 4)
    finish(doc, names=_VENDORS)
    assert cell.text == "ひかりコンタクトサービス" + "株式会社".replace("", _WJ)[1:-1]


@pytest.mark.slow
def test_libreoffice_never_breaks_a_vendor_name_inside_a_table_cell(tmp_path):
    """A sentence naming a vendor at every position near a cell's line end, in a fitted table of the house
    template: the PDF never breaks inside the name (ひかり / コンタクトサービス株式会社), and the name column
    holds each name whole (北九州カスタマーサポート / 株式会社 came apart)."""
    from rfpgen.documents.render import fit_columns

    _needs_libreoffice()
    names = frozenset({"ひかりコンタクトサービス株式会社", "北九州カスタマーサポート株式会社"})
    doc = Document(io.BytesIO(_rendered("ja", [])))
    sentences = ["あ" * n + "第 1 位がひかりコンタクトサービス株式会社になる（他の配点は比例して調整）" for n in range(16)]
    table = doc.add_table(rows=len(sentences) + 1, cols=3)
    table.style = "Table Grid"
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for row, values in zip(table.rows, [["提案者", "変更した前提", "順位が変わる変更幅"],
                                        *[["北九州カスタマーサポート株式会社", "「品質管理の方法」の配点（20）を変えた場合", s]
                                          for s in sentences]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    fit_columns(doc, names=names)
    finish(doc, names=names)
    path = tmp_path / "names.docx"
    doc.save(path)
    broken = _broken(_pdf_pages([path])[0], sorted(names))
    assert not broken, broken



@pytest.mark.slow
def test_libreoffice_prints_the_candidate_vendors_names_and_email_addresses_whole(tmp_path):
    """The requirements' candidate vendors: the e-mail column took the room and LibreOffice broke the names
    (Northgate / Customer / Services Ltd, ひかりコンタクトサービス / 株式会社); then the addresses broke
    instead (s.yamamoto@telecombridge / .example.jp) beside a contact column with room. Each name and each
    address now prints whole on its line."""
    _needs_libreoffice()
    paths, names, addresses = [], [], []
    for example in ("en-electronics-retail", "ja-ec-order-center"):
        project = load_project(ROOT / "examples" / f"{example}.yaml")
        written = build_documents(project, tmp_path / example, only={"requirements"})
        paths += [path for path in written if path.suffix == ".docx"]
        vendors = project.data["evaluation"]["vendors"]
        names.append([vendor["name"] for vendor in vendors])
        addresses.append([vendor["contact"]["email"] for vendor in vendors if (vendor.get("contact") or {}).get("email")])
    for pages, wanted, emails in zip(_pdf_pages(paths), names, addresses):
        lines = [line.replace("\u2011", "-").replace("\u00a0", " ") for page in pages for line in page]
        assert all(any(name in line for line in lines) for name in wanted), [line for line in lines if line[:4] in "".join(wanted)]
        assert emails and all(any(email in line for line in lines) for email in emails), [line for line in lines if "@" in line]


@pytest.mark.parametrize("document", ["requirements", "guide"])
def test_the_built_documents_tables_keep_vendor_names_whole(built, document):
    """The vendors' table and the questions' log in the requirements, the questions that touched a
    withheld requirement in the evaluator guide: each vendor's name on a line of a cell is joined (whole,
    or between its parts where the column cannot hold it; a name the fitting broke onto two lines
    holds a part on each)."""
    project, doc = built["ja-ec-order-center", document]
    names = [vendor["name"] for vendor in project.data["evaluation"]["vendors"]]
    cells = list(doc.element.body.iter(qn("w:tc")))
    assert any(name in shown("".join(t.text or "" for t in tc.iter(qn("w:t")))) for tc in cells for name in names)
    assert not [t.text for tc in cells for t in tc.iter(qn("w:t")) if any(name in (t.text or "") for name in names)]


def test_the_names_kept_whole_are_the_clients_the_vendors_and_the_peoples():
    from rfpgen.documents.properties import proper_names

    project = load_project(ROOT / "examples" / "ja-ec-order-center.yaml")
    names = proper_names(project)
    assert {"株式会社みどり通販", "佐藤 美香", "ひかりコンタクトサービス株式会社", "株式会社テレコムブリッジ", "井上 彩", "山田 恵美",
            "高橋 健一"} <= names


def test_a_joined_name_puts_no_word_joiner_beside_a_bidirectional_control():
    """A name typed with bidirectional controls (an isolate around right-to-left text) is joined between
    its visible characters only: a joiner beside an invisible control is noise a reader cannot match."""
    from rfpgen.documents.finish import WORD_JOINER, _joined
    joined = _joined("\u20680000\u202b0\u202c\u2069")
    assert joined.replace(WORD_JOINER, "") == "\u20680000\u202b0\u202c\u2069"
    assert all(WORD_JOINER not in pair for pair in (joined[:2], joined[-2:]))
    assert "\u202b" + WORD_JOINER not in joined and WORD_JOINER + "\u202b" not in joined
    assert _joined("株式会社") == WORD_JOINER.join("株式会社")


def test_a_joined_latin_name_holds_no_word_joiner_and_none_before_a_combining_mark():
    """Latin names with accents (Zoë Ó Briain, Adébáyọ̀ typed with a combining grave) never break inside a
    word: joined, they get only no-break spaces, so a search for 'Zoë' finds them and a copy carries no
    hidden characters; where a joiner is needed (Japanese, a dash), none goes before a combining mark."""
    from rfpgen.documents.finish import WORD_JOINER, _joined

    assert _joined("Zoë Ó Briain") == "Zoë\u00a0Ó\u00a0Briain"
    assert _joined("Ade\u0301ba\u0301yo\u0323\u0300") == "Ade\u0301ba\u0301yo\u0323\u0300"
    assert _joined("Adébáyọ\u0300") == "Adébáyọ\u0300"
    assert _joined("Ελένη Παππά") == "Ελένη\u00a0Παππά"
    assert _joined("9:00–18:00") == f"9:00{WORD_JOINER}–{WORD_JOINER}18:00"
    assert _joined("山田e\u0301") == f"山{WORD_JOINER}田{WORD_JOINER}e\u0301"
    assert _joined("สมชาย") == WORD_JOINER.join("สมชาย")  # Thai breaks between letters: kept whole


def test_a_figure_and_its_english_unit_are_joined_by_a_no_break_space():
    """80% answered within 60 s never leaves the s alone on the next line; a figure before another word stays breakable."""
    doc = Document()
    cell = doc.add_table(rows=1, cols=1).rows[0].cells[0]
    cell.text = "80% answered within 60 s; restored within 1 hour, 3 working days, 44.1 FTE; version 2 of 3 plans"
    finish(doc)
    assert cell.text == ("80% answered within 60\u00a0s; restored within 1\u00a0hour, 3\u00a0working days, 44.1\u00a0FTE;"
                         " version 2 of 3 plans")


@pytest.mark.slow
def test_libreoffice_keeps_an_accented_latin_name_whole_without_joiners_inside_it(tmp_path):
    """Zoë Ó Briain and Adébáyọ̀ Okonkwo (a combining grave accent) in a narrow cell of the house template: joined with no-break
    spaces only, LibreOffice still prints each whole on its line, and the PDF holds the names as typed."""
    from rfpgen.documents.render import fit_columns

    _needs_libreoffice()
    names = frozenset({"Zoë Ó Briain", "Adébáyọ\u0300 Okonkwo"})
    doc = Document(io.BytesIO(_rendered("en", [])))
    table = doc.add_table(rows=9, cols=3)
    table.style = "Table Grid"
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for n, row in enumerate(table.rows):
        values = (["Name", "Role", "Notes"] if n == 0 else
                  ["Adébáyọ\u0300 Okonkwo", "Contact", "x" * n + " agreed with Zoë Ó Briain and Adébáyọ\u0300 Okonkwo " * 3])
        for cell, value in zip(row.cells, values):
            cell.text = value
    fit_columns(doc, names=names)
    finish(doc, names=names)
    assert _WJ not in "".join(t.text or "" for t in table._tbl.iter(qn("w:t")))
    path = tmp_path / "names.docx"
    doc.save(path)
    pages = _pdf_pages([path])[0]
    assert not _broken(pages, ["Zoë Ó Briain", "Adébáyọ\u0300 Okonkwo"])
    assert any("Zoë Ó Briain" in line for page in pages for line in page)


@pytest.mark.parametrize("example,document", _cases())
def test_body_text_keeps_the_parties_names_whole(built, example, document):
    """Outside tables, each short proper name (the client, a vendor, a contact: properties.proper_names)
    is joined whole in the text that names it: no text of the body holds one a line could break inside."""
    from rfpgen.documents.finish import BODY_NAME_MM
    from rfpgen.documents.measure import _mm
    from rfpgen.documents.properties import proper_names

    project, doc = built[example, document]
    names = [name for name in proper_names(project) if len(name) > 1 and _mm(name) <= BODY_NAME_MM]
    body = [t for p in doc.element.body.iter(qn("w:p")) if not any(a.tag == qn("w:tbl") for a in p.iterancestors())
            for t in p.iter(qn("w:t"))]
    assert any(name in shown(t.text or "") for t in body for name in names)  # the body names a party
    assert not [t.text for t in body if any(name in (t.text or "") for name in names)]


@pytest.mark.slow
@pytest.mark.parametrize("lang,vendor", [("ja", "ひかりコンタクトサービス株式会社"), ("ja", "Northgate Customer Services Ltd"),
                                         ("en", "Northgate Customer Services Ltd")])
def test_libreoffice_never_breaks_a_vendor_name_in_body_text(tmp_path, lang, vendor):
    """A sentence naming a vendor at every position near the line end, in body paragraphs of the house
    template: the PDF breaks the name, if at all, only between its parts (ひかりコンタクトサービス / 株式会社,
    Northgate Customer / Services Ltd), never inside one (ひかり / コンタクトサービス株式会社, Northg / ate)."""
    from rfpgen.documents.finish import name_parts
    from rfpgen.documents.render import render_docx, template_path

    _needs_libreoffice()
    filler = "あ" if lang == "ja" else "x "
    tail = "が第1位になる（他の配点は比例して調整）。" if lang == "ja" else " ranks first once the weights are adjusted in proportion."
    context = {"doc": {"client_name": "Client", "title": "Test", "kind": "Q&A", "project_id": "t", "document_id": "t-QA",
                       "version": "1.0", "date": "1 March 2027", "client_department": "Dept", "confidentiality": "", "date_label": "Date"},
               "intro": [filler * n + vendor + tail for n in range(40)], "questions": []}
    path = tmp_path / "names.docx"
    path.write_bytes(render_docx(template_path("clarifications.docx", lang), context, names=frozenset({vendor})))
    lines = [line.replace("\u00a0", " ") for page in _pdf_pages([path])[0] for line in page]
    parts = name_parts(vendor)
    between = {len("".join(parts[:i]).rstrip()) for i in range(1, len(parts))}
    breaks = [len(a) - m.start() for a, b in zip(lines, lines[1:]) for space in ("", " ")  # pdftotext drops a line's last space
              for m in re.finditer(re.escape(vendor), a + space + b) if m.start() < len(a) < m.end()]
    assert sum(vendor in line for line in lines) + len(breaks) == 40
    assert set(breaks) <= between, (breaks, parts)


def test_a_sentence_holding_a_date_range_is_left_to_wrap_by_itself(built):
    """A cell's date range is broken after its 〜 only when each date fits a line: a sentence that merely
    holds a range (the summary's hiring-surplus risk) got a break after 「7.9〜」, a short line before a long one."""
    _, doc = built["ja-ec-order-center", "requirements"]
    risks = [p for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
             if "上回る" in p.text and "〜" in p.text]
    assert risks
    assert all(p._p.find(".//" + qn("w:br")) is None for p in risks), [p.text for p in risks]


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_presentation_anchors_speak_of_a_presentation(built, example):
    """The anchor table's presentation criteria take the presentation's scale words, as the panel's
    workbook prints them (示されない / Not shown), not the written proposal's (記載なし / Not stated)."""
    from rfpgen.scoring.model import PresentationScheme

    project, doc = built[example, "requirements"]
    live = PresentationScheme(project).scale_labels()
    stage = [c["id"] for c in project.data["evaluation"]["rules"]["presentation"]["criteria"]]
    rows = [[re.sub("[\u2060\u200b]", "", _text(tc)) for tc in tr.findall(qn("w:tc"))]  # the finish's joiners dropped
            for tbl in doc.element.body.iter(qn("w:tbl")) for tr in tbl.findall(qn("w:tr"))]
    anchors = [row[2] for row in rows if len(row) == 3 and row[0] in stage]
    assert len(anchors) == len(stage)
    zero = live[0].split("・")[0].split(" or ")[0]
    assert all(zero in text for text in anchors), (zero, anchors)
