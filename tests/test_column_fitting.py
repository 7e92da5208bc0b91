"""Column fitting: one long unbreakable token (a URL) does not starve the other columns; ids,
priorities and numbers keep room for their longest word; half-width katakana wrap like Japanese."""
from __future__ import annotations

import copy

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import ROOT
from rfpgen.documents import measure, render
from rfpgen.documents.finish import finish
from rfpgen.documents.build import render_documents
from rfpgen.text import blank_date
from rfpgen.validation import load_project, project_from_data

URL = "https://example.com/" + "a" * 120 + "/index.html?session=abcdef"  # 152 characters
assert len(URL) >= 152


def _table(rows):
    doc = Document()
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    return doc


def _widths_mm(doc):
    return [int(c.get(qn("w:w"))) / 1440 * 25.4 for c in doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]


def _needed(word):
    return render._mm(word) + render._CELL_PADDING_MM - 0.05  # twips round down


def test_a_url_does_not_starve_id_and_priority_columns():
    doc = _table([["ID", "Requirement", "Priority"],
                  ["SYS-001", f"Customer data stays at {URL} and nowhere else.", "Mandatory"],
                  ["SYS-002", "Recordings are kept for two years.", "Recommended"]])
    render.fit_columns(doc)
    ids, text, priority = _widths_mm(doc)
    assert ids >= _needed("SYS-001") and priority >= _needed("Recommended")
    assert text > 100 and abs(ids + text + priority - 166) < 1


def test_many_key_columns_and_a_url_still_give_each_key_its_width():
    doc = _table([["No.", "ID", "Item", "Share", "AHT (s)", "Notes"],
                  ["1", "TEL-ORDER", "New orders", "28.5%", "1,420", URL]])
    render.fit_columns(doc)
    widths = _widths_mm(doc)
    for width, word in zip(widths, ["No.", "TEL-ORDER", "orders", "28.5%", "1,420"]):  # a header may wrap between words
        assert width >= _needed(word) - 0.01, word


def test_half_width_katakana_wrap_between_characters():
    name = "ｶﾌﾞｼｷｶﾞｲｼｬﾐﾄﾞﾘｺﾝﾀｸﾄｻｰﾋﾞｽﾎｰﾙﾃﾞｨﾝｸﾞｽ"
    # (a voiced mark, a small kana and the long vowel stay with their letter: ﾃﾞｨ is the widest piece)
    assert render._unbreakable_mm(name, header=False) <= 3 * measure._KANA_MM
    assert render._mm(name) < len(name) * measure._LATIN_MM  # half an em each, not a Latin letter
    doc = _table([["順位", "社名", "総合点", "品質点", "価格点"], ["1", name * 3, "86.77", "60.12", "26.65"]])
    render.fit_columns(doc)
    widths = _widths_mm(doc)
    assert widths[2] >= _needed("86.77") and widths[0] >= _needed("順位") - 0.01


def test_the_rfp_with_a_152_character_url_keeps_its_number_column(tmp_path):
    data = copy.deepcopy(load_project(ROOT / "examples" / "en-electronics-retail.yaml").data)
    data["systems"]["requirements"][0]["text"] += f" The interface specification is at {URL}."
    rendered = render_documents(project_from_data(data), tmp_path, only={"rfp"})
    doc = Document(__import__("io").BytesIO(next(iter(rendered.values()))))
    for table in doc.tables:
        if table.rows and table.rows[0].cells[0].text == "No.":
            widths = [int(c.get(qn("w:w"))) / 1440 * 25.4 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            for col in (0, 2):  # the number and priority columns hold their longest word
                assert widths[col] >= max(_needed(row.cells[col].text) for row in table.rows[1:])


def test_a_latin_word_is_measured_with_the_brackets_and_dots_kept_on_its_line():
    """A line never ends with （ nor starts with ） or ・ (kinsoku), so （FAQ） and FAQ・ are one piece:
    measured as the bare word, the column was too narrow and LibreOffice broke it (FA / Q, Exce / l)."""
    assert render._unbreakable_mm("回答はナレッジ（FAQ）に反映する。", header=False) >= render._mm("（FAQ）")
    assert render._unbreakable_mm("質問票（Excel）を使い、期限までに提出する。", header=False) >= render._mm("（Excel）")
    assert render._unbreakable_mm("委託元のナレッジ（FAQ・応対マニュアル）を更新する。", header=False) >= render._mm("（FAQ・")


def test_an_email_address_gets_its_whole_width():
    """An e-mail address never breaks: longer than a URL's cap, it still gets its width."""
    email = "tom.hargreaves@northgate-cs.example.com"
    doc = _table([["ID", "Company", "Contact", "Email / phone"],
                  ["V-NORTH", "Northgate Customer Services Ltd", "Tom Hargreaves (Business Development Director)",
                   f"{email} / +44 113 555 0190"]])
    render.fit_columns(doc)
    assert _widths_mm(doc)[3] >= _needed(email)


def test_a_japanese_label_breaks_between_its_words_only():
    """A name such as 苦情・クレーム窓口（電話） breaks after ・ and before （, never inside クレーム窓口:
    its column holds the longest word, and the breaks are put where the words end."""
    label = "苦情・クレーム窓口（電話）"
    prose = "商品の品質不良・破損、誤配送・欠品、配送遅延、返品・返金に関する苦情を専用番号で受け付け、委託元基準の範囲内で解決する。" * 2
    doc = _table([["ID", "名称", "種別", "チャネル", "内容"], ["TEL-CLAIM", label, "インバウンド", "電話", prose]])
    render.fit_columns(doc)
    assert _widths_mm(doc)[1] >= _needed("クレーム窓口")
    lines = doc.tables[0].rows[1].cells[1].text.split("\n")
    assert "".join(lines) == label and all(line in ("苦情・", "クレーム窓口", "（電話）", "苦情・クレーム窓口") for line in lines), lines


def test_template_widths_kept_but_widened_to_the_longest_word():
    """The paper form keeps its template's widths (room to write by hand), but a column too narrow for
    its longest word (WRK-007, computed) takes the room from the others."""
    doc = _table([["ID", "Requirement", "Score", "Comment"], ["WRK-007", "Keep staffing within 10% of the forecast.", "computed", ""]])
    for col, width in zip(doc.tables[0]._tbl.tblGrid.findall(qn("w:gridCol")), (15, 60, 12, 79)):
        col.set(qn("w:w"), str(round(width / 25.4 * 1440)))
    render.fit_columns(doc, keep_widths=True)
    ids, requirement, score, comment = _widths_mm(doc)
    assert ids >= _needed("WRK-007") and score >= _needed("computed")
    assert abs(ids + requirement + score + comment - 166) < 1 and comment > 65 and requirement > 50


def test_a_description_keeps_a_share_of_the_line_beside_names_that_wrap_between_words():
    description = ("フリーダイヤルで注文受付、注文内容の変更・キャンセル、配送状況の確認、商品の問い合わせ、定期便の変更、"
                   "支払いに関する問い合わせを受ける。")
    doc = _table([["ID", "名称", "種別", "チャネル", "対応言語", "内容"],
                  ["TEL-ORDER", "受注・問い合わせ窓口（電話）", "インバウンド", "電話", "日本語", description],
                  ["MAIL", "メール・問い合わせフォーム", "インバウンド", "メール", "日本語", description]])
    render.fit_columns(doc)
    widths = _widths_mm(doc)
    assert widths[5] >= 166 * render._TEXT_SHARE - 0.1  # was 43 mm: twelve characters a line
    assert widths[0] >= _needed("TEL-ORDER") and widths[2] >= _needed("インバウンド")
    name = doc.tables[0].rows[2].cells[1].text
    assert name.replace("\n", "") == "メール・問い合わせフォーム"
    assert set(name.split("\n")) <= {"メール・", "問い合わせ", "フォーム", "メール・問い合わせ", "問い合わせフォーム"}  # between words only


def test_a_long_japanese_role_breaks_between_its_words_not_before_its_last_character():
    role = "情報システム・情報セキュリティ部分の承認"
    doc = _table([["役割", "氏名・役職", "承認日", "印・署名"],
                  [role, "小林 大輔\n（情報システム部長）", "\u3000\u3000年\u3000月\u3000日", "\u3000" * 8]])
    render.fit_columns(doc)
    lines = doc.tables[0].rows[1].cells[0].text.split("\n")
    assert "".join(lines) == role and len(lines) > 1
    assert all(line.endswith(("・", "の", "承認", "情報")) for line in lines), lines  # never 承 / 認


@pytest.mark.parametrize("style", ["ja-era", "ja"])
def test_a_blank_date_to_write_in_stays_on_one_line(style):
    """The approval block's 承認日 left to write in (令和　　年　　月　　日) is a date: its column holds it on one
    line, not 「令和　　年　　月」 over 「日」."""
    blank = blank_date(style)
    doc = _table([["役割", "氏名・役職", "承認日", "印・署名"],
                  ["情報システム・情報セキュリティ部分の承認", "小林 大輔\n（情報システム部長）", blank, "\u3000" * 5]])
    render.fit_columns(doc)
    assert _widths_mm(doc)[2] >= _needed(blank)


def test_every_figure_in_the_examples_requirements_fits_its_column_on_one_line(tmp_path):
    """No number, percentage or amount is wider than its column in either example's requirements
    definition (table 13.4, monthly FTE, has eight columns of figures: at 9.5 pt their widths added up
    to more than the line and LibreOffice printed 72.3 / % and 491,50 / 0); such a table prints smaller."""
    from rfpgen.documents.finish import is_number

    for example in ("ja-ec-order-center", "en-electronics-retail"):
        rendered = render_documents(load_project(ROOT / "examples" / f"{example}.yaml"), tmp_path, only={"requirements"})
        doc = Document(__import__("io").BytesIO(next(iter(rendered.values()))))
        too_wide = []
        for table in doc.tables:
            for tc in table._tbl.iter(qn("w:tc")):
                width = tc.find(f"{qn('w:tcPr')}/{qn('w:tcW')}")
                size = tc.find(f".//{qn('w:r')}/{qn('w:rPr')}/{qn('w:sz')}")
                points = int(size.get(qn("w:val"))) / 2 if size is not None else measure.TABLE_POINTS
                for line in render._tc_text(tc).split("\n"):
                    printed = measure.scaled_mm(render._mm(line) + render._CELL_PADDING_MM, points)
                    if is_number(line) and printed > int(width.get(qn("w:w"))) / 1440 * 25.4 + 0.05:
                        too_wide.append(line)
        assert not too_wide, (example, too_wide)


VENDORS = frozenset({"ひかりコンタクトサービス株式会社", "株式会社テレコムブリッジ", "北九州カスタマーサポート株式会社"})
_REASON = "「ロケーションと拠点体制」の評点に評価者間で 2.00点の差がある（山田 恵美 4点、佐藤 美香 2点）。合議で確認する。"


def test_a_vendor_column_holds_the_longest_name_whole_where_the_line_has_room():
    """The memo's points to settle: the vendor column is as wide as the longest name, so no name prints as
    ひかりコンタクトサービス / 株式会社 while the reason beside it has room to spare (without the names the
    column is only as wide as a name's longest part)."""
    rows = [["提案者", "項目", "内容"], *[[name, "C-LOC", _REASON] for name in sorted(VENDORS)]]
    longest = max(map(render._mm, VENDORS))
    doc = _table(rows)
    render.fit_columns(doc)
    assert _widths_mm(doc)[0] < _needed("ひかりコンタクトサービス株式会社")
    doc = _table(rows)
    render.fit_columns(doc, names=VENDORS)
    vendor, _, reason = _widths_mm(doc)
    assert vendor >= longest + render._CELL_PADDING_MM - 0.05 and reason >= 166 * render._TEXT_SHARE
    finish(doc, names=VENDORS)  # the column's width, in whole twips, still holds the longest name whole
    assert all("\u2060".join(name) in doc.tables[0].rows[r].cells[0].text for r, name in enumerate(sorted(VENDORS), 1))


def test_a_name_breaks_between_its_parts_where_the_line_has_no_room_for_it_whole():
    """Six columns that cannot all hold a whole name at the table's size: the name column still holds each
    part of the name (ひかりコンタクトサービス / 株式会社), never less, and the table keeps its size."""
    rows = [["No.", "受付日", "提案者", "要件 ID", "質問", "回答の公表"],
            ["3", "2027年3月10日", "ひかりコンタクトサービス株式会社", "WRK-007",
             "月別の予測件数から実績が大きく外れた場合、要員の増減はどの程度の期間で対応することを想定されていますか。" * 2, "公表"]]
    doc = _table(rows)
    render.fit_columns(doc, names=VENDORS)
    name = _widths_mm(doc)[2]
    assert _needed("ひかりコンタクトサービス") <= name < _needed("ひかりコンタクトサービス株式会社")
    assert doc.tables[0]._tbl.find(f".//{qn('w:sz')}") is None  # the table's own size: no smaller print for a name


def test_name_parts_break_beside_the_legal_form_at_spaces_and_never_leave_a_short_last_word_alone():
    from rfpgen.documents.finish import name_parts

    assert name_parts("ひかりコンタクトサービス株式会社") == ["ひかりコンタクトサービス", "株式会社"]
    assert name_parts("株式会社テレコムブリッジ") == ["株式会社", "テレコムブリッジ"]
    assert name_parts("山田 恵美") == ["山田 ", "恵美"]
    assert name_parts("Northgate Customer Services Ltd") == ["Northgate ", "Customer ", "Services Ltd"]
    assert name_parts("Pennine Connect plc") == ["Pennine ", "Connect plc"]
    assert name_parts("Clydebank Contact Solutions") == ["Clydebank ", "Contact ", "Solutions"]


def test_a_phrase_broken_between_its_parts_never_breaks_inside_a_name():
    """The robustness table's ranking of two vendors is short enough to be broken between its parts,
    where a katakana word follows kana: 株式会社テレコムブリッジ > ひかり / コンタクトサービス株式会社. A name is
    one part; each line is a run of its own, so the finish can give a name its own run."""
    ranking = "株式会社テレコムブリッジ > ひかりコンタクトサービス株式会社"
    rows = [["変更した前提", "順位、または順位が変わる変更幅", "首位交代"],
            ["「課題把握と提案力（RFP に記載のないニーズ・リスクへの対応）」を除く（配点を他の項目に按分）", ranking, "いいえ"],
            ["「ロケーションと拠点体制」の配点（10）", "+55.38点の変更で第 1 位が北九州カスタマーサポート株式会社になる", "はい（+55.38点）"]]
    doc = _table(rows)
    render.fit_columns(doc, names=VENDORS)
    cell = doc.tables[0].rows[1].cells[1]
    lines = cell.text.split("\n")
    assert len(lines) == 2 and all(any(name in line for line in lines) for name in VENDORS if name in ranking), lines
    assert [len(run.findall(qn("w:t"))) for run in cell._tc.iter(qn("w:r")) if run.find(qn("w:t")) is not None] == [1, 1]


def test_an_english_date_and_a_figure_with_its_unit_get_their_whole_width():
    """The finish keeps an English date (10 February 2027) and a figure with its unit (60 s) on one line
    with no-break spaces: the column gets their whole width, or LibreOffice breaks inside the year
    (10 February 202 / 7) or puts the unit alone on the next line."""
    doc = _table([["No.", "Received / answered", "Vendor", "Question and answer", "Published; requirements"],
                  ["1", "10 February 2027\n22 February 2027", "Ashdown & Brierley Contact Services Ltd",
                   "Question: Is abandonment measured on all offered calls? " * 4, "Published"],
                  ["2", "x", "y", "80% answered within 60 s", "z"]])
    render.fit_columns(doc)
    widths = _widths_mm(doc)
    assert widths[1] >= _needed("10 February 2027")
    assert render._unbreakable_mm("80% answered within 60 s", header=False) >= render._mm("60 s")


def test_a_label_of_several_runs_breaks_between_its_parts_as_a_label_of_one_run_does():
    """The robustness table's first column, a label typed in several runs (「 + a criterion's name in a run of
    its own + 」を除く…, as a restyled template or rich text gives it): it was left to LibreOffice, which
    broke it inside a word (ニー / ズ). It is broken between its parts as the same label in one run is,
    each run keeping its own formatting, and reads as typed."""
    label = ["「", "採用・研修・スキル検証", "」を除く（配点を他の項目に按分）"]
    row = ["".join(label), "株式会社テレコムブリッジ > ひかりコンタクトサービス株式会社", "いいえ"]
    doc = _table([["変更した前提", "順位、または順位が変わる変更幅", "首位交代"], row, row])
    cell = doc.tables[0].rows[2].cells[0]
    p = cell.paragraphs[0]
    p._p.remove(p.runs[0]._r)
    for i, text in enumerate(label):
        p.add_run(text).bold = True if i == 1 else None
    render.fit_columns(doc, names=VENDORS)
    single, several = (doc.tables[0].rows[r].cells[0] for r in (1, 2))
    assert len(single.text.split("\n")) > 1 and several.text == single.text
    runs = [r for r in several._tc.iter(qn("w:r")) if r.find(qn("w:t")) is not None]
    assert "".join(r.find(qn("w:t")).text for r in runs if r.find(f"{qn('w:rPr')}/{qn('w:b')}") is not None) == label[1]


def _points(doc) -> float:
    """The font size the fitting gave the table's text (measure.TABLE_POINTS unless it printed it smaller)."""
    sizes = [int(sz.get(qn("w:val"))) / 2 for sz in doc.tables[0]._tbl.iter(qn("w:sz"))]
    return min(sizes, default=measure.TABLE_POINTS)


_VENDORS = {"en": [["ID", "Company", "Contact", "E-mail / phone"],
                   ["V-NORTH", "Northgate Customer Services Ltd", "Tom Hargreaves (Business Development Director)",
                    "tom.hargreaves@northgate-cs.example.com\n+44 113 555 0190"],
                   ["V-PENN", "Pennine Connect plc", "Arjun Mehta (Sales Director, Retail)",
                    "arjun.mehta@pennineconnect.example.com\n+44 1422 555 077"]],
            "ja": [["ID", "社名", "担当者", "連絡先"],
                   ["V-TB", "株式会社テレコムブリッジ", "山本 真一（営業本部 ソリューション営業部長）",
                    "s.yamamoto@telecombridge.example.jp\n03-5555-0210"],
                   ["V-HC", "ひかりコンタクトサービス株式会社", "井上 彩（第二営業部 マネージャー）",
                    "inoue.aya@hikari-cs.example.jp\n06-5555-0388"]]}
_CONTACTS = frozenset({"Tom Hargreaves", "Arjun Mehta", "山本 真一", "井上 彩"})


def test_the_candidate_vendors_table_holds_each_name_and_each_email_address_whole():
    """The requirements' candidate vendors (ID, company, contact, e-mail and phone): the addresses broke
    (s.yamamoto@telecombridge / .example.jp, tom.hargreaves / @northgate-cs / .example.com) to keep the
    names whole while the contact column beside them had room. A typical address now prints on one line:
    beside whole names, the table a little smaller where the line needs it (the Japanese one), else beside
    names broken only before their legal form (Northgate Customer Services / Ltd); the cells read as typed."""
    from rfpgen.documents.finish import name_parts

    for lang, rows in _VENDORS.items():
        doc = _table(rows)
        render.fit_columns(doc, names=frozenset(row[1] for row in rows[1:]) | _CONTACTS)
        widths, points = _widths_mm(doc), _points(doc)
        for row in rows[1:]:
            email = row[3].split("\n")[0]
            assert widths[3] >= measure.scaled_mm(_needed(email), points), (lang, email, widths, points)
            name = row[1] if lang == "ja" else max(name_parts(row[1]), key=render._mm).strip()
            assert widths[1] >= measure.scaled_mm(_needed(name), points), (lang, name, widths, points)
        cells = [row.cells[3].text for row in doc.tables[0].rows[1:]]
        assert cells == [row[3] for row in rows[1:]], (lang, cells)


def test_an_email_address_too_long_for_the_line_breaks_only_at_its_at_and_dots_beside_whole_names():
    """An address that cannot have a line even at the smallest table size (8 pt) beside whole names breaks
    before its @ or a dot (procurement.office / @northgate-customer-services …), never inside a telephone
    number or a name; the cell reads as typed."""
    from rfpgen.documents.finish import name_parts

    address = "procurement.office.contact-centre-tenders.north-region@northgate-cs.example.co.uk"
    rows = [row[:] for row in _VENDORS["en"]]
    rows[1][3] = f"{address} / +44 113 555 0190"
    doc = _table(rows)
    render.fit_columns(doc, names=frozenset(row[1] for row in rows[1:]) | _CONTACTS)
    widths, points = _widths_mm(doc), _points(doc)
    assert widths[1] >= measure.scaled_mm(max(_needed(row[1]) for row in rows[1:]), points), widths
    assert any(len(name_parts(row[1])) > 1 for row in rows[1:])  # a name that could have been broken
    cells = [row.cells[3].text for row in doc.tables[0].rows[1:]]
    assert [cell.replace("\n", "") for cell in cells] == [row[3].replace("\n", "") for row in rows[1:]]
    broken = cells[0].split("\n")[1:]
    assert broken and all(line[0] in "@.+0" for line in broken), cells
