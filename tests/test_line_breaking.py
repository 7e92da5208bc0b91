"""Lines rfpgen computes (issue 14): rfpgen.documents.xlsx.kinsoku_lines gives the lines a Japanese cell
takes, to size its row (the text is written whole: a computed break would be copied with it), and every
measure of text counts what a reader sees (rfpgen.text.visible_characters).

A Latin acronym, an id (Q-WFM, R-025), a figure with its unit or percent, an e-mail address, a telephone
number or a version (PCI DSS v4.0) inside Japanese text is never split across two computed lines; no
line starts with 、。）」ー or a small kana, nor ends with （「."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from responses_support import rows, sheets

from rfpgen.documents.measure import _mm
from rfpgen.documents.xlsx import cell_text, fitted_height, fitted_width, kinsoku_lines, row_height, wrapped_lines
from rfpgen.responses import response_form
from rfpgen.text import NOT_AT_LINE_END, NOT_AT_LINE_START, display_width, visible_characters, without_invisibles
from rfpgen.validation import load_project, project_from_data

JA = Path(__file__).resolve().parent.parent / "examples" / "ja-ec-order-center.yaml"

TOKENS = ("PCI DSS v4.0", "Q-WFM", "R-025", "03-5555-0210", "support@midori.example.jp", "20%", "15営業日", "20％",
          "ISO 27001", "2027年3月1日（月）", "CSAT", "1,200,000円")
SENTENCE = ("受託者はPCI DSS v4.0とISO 27001に準拠し、問い合わせ窓口（03-5555-0210、support@midori.example.jp）"
            "で受け付けたQ-WFMとR-025の件数を現状の20%から15営業日以内に20％削減し、CSATを2027年3月1日（月）"
            "までに報告すること。契約金額は1,200,000円とする。「ウェブ」（チャット）ー」")


def _broken_well(text: str, lines: list[str]) -> None:
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
    for line in lines[1:]:
        assert line[:1] not in NOT_AT_LINE_START, (line, lines)
    for line in lines[:-1]:
        assert line[-1:] not in NOT_AT_LINE_END, (line, lines)


@pytest.mark.parametrize("width", range(16, 72, 3))
def test_a_computed_line_never_splits_a_latin_token_a_figure_or_a_date(width):
    lines = kinsoku_lines(SENTENCE, width).split("\n")
    assert len(lines) > 1
    _broken_well(SENTENCE, lines)
    for token in TOKENS:
        assert any(token in line for line in lines), (token, lines)


def test_kinsoku_keeps_the_long_vowel_and_small_kana_off_a_line_start():
    text = "あいうえおかきくけこコールセンター、サポートチャットのオペレーター"
    for width in range(8, 40):
        _broken_well(text, kinsoku_lines(text, width).split("\n"))


def test_an_emoji_sequence_or_an_accented_letter_is_never_cut():
    family, accented = "👨\u200d👩\u200d👧", "Zoe\u0308"
    text = f"担当者{accented}さんへの連絡は{family}のアイコンで示し、受付票に記録すること。" * 2
    for width in range(8, 30):
        lines = kinsoku_lines(text, width).split("\n")
        _broken_well(text, lines)
        assert sum(line.count(family) for line in lines) == 2 and sum(line.count(accented) for line in lines) == 2


def test_widths_count_what_a_reader_sees():
    """A bidi mark, a zero-width space or a variation selector takes no room; a family emoji (seven code
    points) or a flag is one wide character; e + a combining accent is one narrow one."""
    assert visible_characters("a\u200bb\u200e") == ["a", "b"]
    assert visible_characters("👨\u200d👩\u200d👧\u200d👦") == ["👨\u200d👩\u200d👧\u200d👦"]
    assert visible_characters("🇯🇵🇬🇧") == ["🇯🇵", "🇬🇧"] and visible_characters("e\u0301") == ["e\u0301"]
    assert display_width("\u2068日本\u2069\u200b") == 4 and display_width("👨\u200d👩\u200d👧\u200d👦") == 2
    assert display_width("葛\U000e0100飾") == 4 and display_width("☺\ufe0f") == 2
    # every measure agrees: row heights, column widths and table cells
    plain, marked = "受付窓口" * 10, "\u200f受付\u200b窓口\u2060" * 10
    assert wrapped_lines(marked, 20) == wrapped_lines(plain, 20) and fitted_width([marked]) == fitted_width([plain])
    assert fitted_height([marked], [20]) == fitted_height([plain], [20])
    assert _mm(marked) == pytest.approx(_mm(plain)) and _mm("\U0001f44d\U0001f3fd") == pytest.approx(_mm("日"))
    assert without_invisibles("\u2068R-025\u2069\u200b") == "R-025"


def test_the_japanese_response_form_writes_the_text_whole_and_sizes_its_row_by_the_computed_lines():
    """Bidders copy the form's texts into their proposals: a break rfpgen computed inside a word (苦情・ク /
    レーム) was copied with it. A requirement is written as the project holds it, for the spreadsheet to
    wrap, and its row is as tall as the lines kinsoku_lines computes for it, so nothing is clipped."""
    book = load_workbook(io.BytesIO(response_form(_ja_project_with(SENTENCE))[1]))
    cell = next(c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value == cell_text(SENTENCE))
    ws = cell.parent
    lines = kinsoku_lines(SENTENCE, ws.column_dimensions[cell.column_letter].width).count("\n") + 1
    assert lines > 2 and ws.row_dimensions[cell.row].height >= row_height(lines) - 1  # (stored in whole pixels)


@pytest.mark.parametrize("example", ["ja-ec-order-center.yaml", "en-electronics-retail.yaml"])
def test_every_text_of_the_response_form_is_the_projects_or_the_catalogues(example):
    """No cell of a form holds a line break that is not in its source: each requirement and its chapter
    are written as the project holds them, each break in any text cell is one the project or the words
    catalogue has (with the characters either side of it)."""
    from rfpgen.documents.parts import rfp_chapter, rfp_numbering
    from rfpgen import words
    from rfpgen.text import clean

    project = load_project(JA.parent / example)
    book = load_workbook(io.BytesIO(response_form(project)[1]))
    compliance = sheets(book)["compliance"]
    by_key = rows(compliance)
    for number, requirement in rfp_numbering(project):
        row = by_key[f"requirement={number}"]
        assert compliance.cell(row, 3).value == rfp_chapter(requirement.part, project.lang)
        assert compliance.cell(row, 4).value == cell_text(clean(requirement.text))

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                yield from strings(item)

    sources = [clean(text) for text in strings(project.data)] + [text for name in dir(words) if name.isupper()
                                                                  for text in strings(getattr(words, name))]
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    for found in re.finditer(r".?\n.?", c.value, re.S):
                        assert any(found.group() in text for text in sources), (ws.title, c.coordinate, c.value)


def _ja_project_with(text: str, requirement_id: str | None = None):
    """The Japanese example with `text` as the text of a requirement (the first, or `requirement_id`)."""
    data = load_project(JA).data
    requirement = next(r for part in data.values() if isinstance(part, dict)
                       for r in part.get("requirements") or [] if isinstance(r, dict) and r.get("text")
                       and r.get("id") == (requirement_id or r.get("id")))
    requirement["text"] = text
    return project_from_data(data)


def test_a_word_document_keeps_codes_versions_and_phone_numbers_whole(tmp_path):
    """In the Word documents the finish joins what must not break: every space of a version or a
    telephone number in groups is a no-break space (a figure space in Japanese text, where LibreOffice
    breaks at a no-break space), every hyphen of an id or a number is followed by a word joiner. An id
    before a standard stays apart from it (Q-ISO / ISO 9001 may break at the space between them)."""
    from docx_reading import paragraphs
    from rfpgen.documents.build import build_documents, output_path
    from rfpgen.documents.finish import JA_NO_BREAK_SPACE, WORD_JOINER

    project = _ja_project_with("受託者はPCI DSS v4.0とISO/IEC 27001:2022に準拠し、窓口（03 5555 0210、03-5555-0210）で受け付けたQ-WFMの件数とQ-ISO ISO 9001の監査結果を報告すること。")
    build_documents(project, tmp_path, only={"requirements"})
    texts = paragraphs(output_path(project, tmp_path, "requirements").read_bytes(), stored=True)
    ours = next(t for t in texts if "ISO/IEC" in t)
    for whole in ("PCI DSS v4.0", "ISO/IEC 27001:2022", "03 5555 0210"):
        assert whole.replace(" ", JA_NO_BREAK_SPACE) in ours, (whole, ours)
    for code in ("03-5555-0210", "Q-WFM"):
        assert code.replace("-", "-" + WORD_JOINER) in ours, (code, ours)
    assert f"Q-{WORD_JOINER}ISO ISO{JA_NO_BREAK_SPACE}9001" in ours, ours


@pytest.mark.slow
def test_the_pdf_of_a_japanese_document_prints_a_version_on_one_line(tmp_path):
    """The paper form printed 「PCI DSS」 at a line end and 「v4.0」 on the next: the PDF, at every place
    the version falls in a narrow cell, has it whole on one line."""
    import shutil
    import subprocess

    from rfpgen.documents.pdf import convert_to_pdf, soffice_path
    from rfpgen.scoring.forms import write_forms

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    lead = "電話での注文でクレジットカード番号を口頭で聞き取らず、カード番号が通話録音・画面・メモのいずれにも残らない方式とすること。"
    project = _ja_project_with("".join(lead[i:] + "PCI DSS v4.0の適用範囲は最小限に抑えること。" for i in range(0, 12)),
                               "SYS-005")  # a mandatory requirement: the paper form prints it
    pdf = convert_to_pdf([write_forms(project, tmp_path)[0]])[0]
    shown = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True).stdout
    lines = [re.sub(r"\s", "", line) for line in shown.split("\n")]
    assert sum(line.count("PCIDSSv4.0") for line in lines) >= 12
    assert not [line for line in lines if line.endswith(("PCI", "PCIDSS", "DSS"))]


def _libreoffice_lines(tmp_path, paragraphs: list[str]) -> list[str]:
    """`paragraphs` as LibreOffice prints them in body text of the Japanese house template: the PDF's lines,
    as pdftotext reads them (a space where the page shows a gap)."""
    import shutil
    import subprocess

    from rfpgen.documents.pdf import convert_to_pdf, soffice_path
    from rfpgen.documents.render import render_docx, template_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    context = {"doc": {"client_name": "Client", "title": "Test", "kind": "Q&A", "project_id": "t", "document_id": "t-QA",
                       "version": "1.0", "date": "2027年3月1日", "client_department": "Dept", "confidentiality": "", "date_label": "Date"},
               "intro": paragraphs, "questions": []}
    path = tmp_path / "lines.docx"
    path.write_bytes(render_docx(template_path("clarifications.docx", "ja"), context))
    shown = subprocess.run(["pdftotext", "-raw", str(convert_to_pdf([path])[0]), "-"], capture_output=True, text=True).stdout
    return [line.strip() for line in shown.split("\n") if line.strip()]


# (the text typed, the piece of it no line may break)
KEPT_WHOLE_JA = [("SV経験2年以上", "2年以上"), ("繁忙期（7月・12月）", "7月"), ("引継ぎ期間2週間以上", "2週間以上"),
                 ("前月20日までに", "20日"), ("呼量20.7アーラン", "20.7アーラン"), ("月160時間 ×（1 − シュリンケージ）", "×（1−シュリンケージ）"),
                 ("低位（AHT−10%・シュリンケージ −5pt）", "シュリンケージ−5pt"), ("東京都品川区東品川9-9-9）", "東品川9-9-9")]


@pytest.mark.slow
def test_libreoffice_keeps_a_figure_with_its_counter_an_address_and_a_formula_whole(tmp_path):
    """LibreOffice broke 「SV 経験 2 / 年以上」, 「呼量 20.7 / アーラン」, 「×（1 / − シュリンケージ）」, 「東京都品川区東 /
    品川9-9-9」 and left 「い。」 alone on a line: each phrase at every place near a line's end, the PDF prints the
    piece whole on one line, and no line holds one letter and 。."""
    filler = "あ"
    paragraphs = [filler * n + typed + "とし、その結果を委託元へ報告しない。" for typed, _ in KEPT_WHOLE_JA for n in range(28, 46)]
    lines = [re.sub(r"\s", "", line) for line in _libreoffice_lines(tmp_path, paragraphs)]
    for typed, whole in KEPT_WHOLE_JA:
        assert sum(line.count(whole) for line in lines) == 18, (whole, [line for line in lines if typed[:2] in line][:6])
    assert not [line for line in lines if re.fullmatch(r".。", line)]


@pytest.mark.slow
def test_libreoffice_prints_no_space_between_japanese_and_figures_or_latin_letters(tmp_path):
    """One page printed 「年末年始（12 月 31 日〜1 月 2 日）」 from the project's text beside 「2027年12月31日（金）」 that
    rfpgen wrote, 「Web サイト」 beside 「拠点からIP-VPN」: Japanese text is printed without a space between a
    Japanese letter and a figure or a Latin word, whoever wrote it."""
    typed = ["年末年始（12月31日〜1月2日）、2027年12月31日（金）", "Webサイトと拠点からIP-VPN経由", "3業務、3か月、SV経験2年以上",
             "目標は80%を20秒以内、約35席、平日9時〜18時"]
    lines = _libreoffice_lines(tmp_path, typed)
    for text in typed:
        assert text in lines, (text, lines)


def test_a_workbook_cell_holds_a_standard_and_a_telephone_number_with_no_break_spaces():
    """The English form's requirement cell wrapped 「PCI / DSS v4.0」: the standard's spaces (and a telephone
    number's) are no-break spaces in the cell, which Excel and LibreOffice never wrap at; other spaces stay."""
    project = load_project(JA.parent / "en-electronics-retail.yaml")
    book = load_workbook(io.BytesIO(response_form(project)[1]))
    texts = [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and "PCI" in c.value and "v4.0" in c.value]
    assert texts and all("PCI\u00a0DSS\u00a0v4.0" in text and "PCI DSS" not in text for text in texts)
    assert cell_text("Call +44 113 555 0190 or see ISO/IEC 27001:2022.") == \
        "Call +44\u00a0113\u00a0555\u00a00190 or see ISO/IEC\u00a027001:2022."


@pytest.mark.slow
def test_libreoffice_never_wraps_a_workbook_cell_inside_a_standard(tmp_path):
    """A cell's text at every place near its column's edge: the PDF LibreOffice prints of the workbook has
    「PCI DSS v4.0」 whole on a line each time."""
    import shutil
    import subprocess

    from rfpgen.documents.pdf import convert, soffice_path
    from rfpgen.documents.xlsx import new_workbook

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    path = tmp_path / "cells.xlsx"
    with path.open("wb") as out:
        book = new_workbook(out)
        ws, wrap = book.add_worksheet(), book.add_format({"text_wrap": True, "valign": "top"})
        ws.set_column(0, 0, 18)
        for i in range(12):
            ws.write_string(i, 0, "x" * i + " must comply with PCI DSS v4.0 for card data", wrap)
            ws.set_row(i, 60)
        book.close()
    convert([(path, path.with_suffix(".pdf"))])
    shown = subprocess.run(["pdftotext", "-raw", str(path.with_suffix(".pdf")), "-"], capture_output=True, text=True).stdout
    lines = [line.replace("\u00a0", " ").strip() for line in shown.split("\n")]
    assert sum("PCI DSS v4.0" in line for line in lines) == 12, lines
