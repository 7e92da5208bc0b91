"""The decision memo as a reviewer reads it in print: every figure that is money carries its currency,
prices far off the limit are flagged both ways (above the budget, below the low-price threshold,
stated in money), a recommendation above the budget is explicitly conditional, English reads as
sentences (ordinals, plurals, capitals), the robustness table's column agrees with its text, the
evaluators listed are the whole panel and names in Japanese prose stand without spaces around them."""
from __future__ import annotations

import html
import re

import pytest

from docx_reading import shown
from rfpgen.scoring.budget import budget_check
from rfpgen.scoring.decision import _among, _place
from rfpgen.scoring.memo import evaluator_list, method_notes, robustness_lead, robustness_rows
from rfpgen.scoring.robustness import robustness
from rfpgen.words import ordinal, plural
from memo_support import memo_data, read_memo, run_memo
from scoring_support import make_project

NAMES_JA = ("Ann Lee", "Bob Ito", "Cy Park")


def _with_limit(lang: str, amount: float, low_pct: float | None = 60) -> dict:
    data = memo_data(lang)
    data["pricing"]["budget"] = {"amount": amount, "period": "36 months"}
    if low_pct is not None:
        data["pricing"]["response_form"] = {"low_bid_threshold_pct": low_pct}
    return data


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_price_far_above_the_budget_makes_the_recommendation_conditional(tmp_path, lang):
    # budget 50,000,000: all three prices are more than double it
    _, result, docx = run_memo(tmp_path, lang, _with_limit(lang, 50_000_000))
    text, tables = read_memo(docx)
    budget = next(t for t in tables if t[0][-1] in ("判定", "Result"))
    assert all(row[-1].startswith(("予算を", "Above the budget by")) for row in budget[1:])
    if lang == "ja":
        assert "ただし提案価格が予算を上回るため、価格交渉で予算以内とすることを条件とする" in text
        assert re.search(r"順位を付けた\d者すべての提案価格が予算を上回る。", text)
        assert "この推奨によらず、要件と予算を見直したうえで提案を改めて募る" in text
    else:
        assert "on condition that its proposed price, above the budget, is brought within it" in text
        assert "Every ranked bidder's proposed price is above the budget." in text
        assert "this recommendation lapses" in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_price_below_the_low_price_threshold_is_flagged_with_the_threshold_in_money(tmp_path, lang):
    # budget 400,000,000, threshold 60% = 240,000,000: every price (90–150 million) is below it
    _, result, docx = run_memo(tmp_path, lang, _with_limit(lang, 400_000_000))
    check = budget_check(result)
    assert check.low_threshold == 240_000_000
    text, tables = read_memo(docx)
    budget = next(t for t in tables if t[0][-1] in ("判定", "Result"))
    if lang == "ja":
        assert {row[-1] for row in budget[1:]} == {"低価格（基準 240,000,000円 未満）"}
        assert "低価格の基準：予算の60%（240,000,000円）。" in text
        assert "提案価格が低価格の基準（240,000,000円）を下回るため、履行可能性の調査で問題がないと確認されること。" in text
        assert "範囲内" not in [row[-1] for row in budget[1:]]
    else:
        assert {row[-1] for row in budget[1:]} == {"Low price (below £240,000,000)"}
        assert "Low-price threshold: 60% of the budget (£240,000,000)." in text
        assert "The proposed price is below the low-price threshold (£240,000,000)" in text


def test_no_memo_or_flag_prints_money_without_its_currency_nor_calls_a_proposal_a_bid(tmp_path):
    data = _with_limit("ja", 300_000_000)
    data["evaluation"]["price"] = {**data["evaluation"]["price"], "formula": "jp_additive", "max_points": 30,
                                   "reference_price": 300_000_000}
    data["evaluation"]["rules"] = {"low_bid": {"share": 0.6, "action": "review"}}
    _, result, docx = run_memo(tmp_path, "ja", data)
    text, _ = read_memo(docx)
    flags = [f.text("ja") for v in result.vendors for f in v.flags if f.code == "low_bid"]
    assert flags and all("180,000,000円" in f and "低価格の基準" in f for f in flags)
    assert not re.search(r"\d{1,3}(,\d{3})+(?![\d,円])", text.replace("\u2060", "")), "money without 円"
    assert "入札" not in text
    en = [f.text("en") for v in result.vendors for f in v.flags]
    assert all(f[0].isupper() for f in en) and not any(re.search(r"\bbid\b|low-bid", f) for f in en)


def test_places_are_counted_from_the_nearer_end():
    assert [_place(n, "en", False, 3) for n in (1, 2, 3)] == ["the lowest", "the 2nd lowest", "the highest"]
    assert [_place(n, "en", True, 3) for n in (1, 2, 3)] == ["the highest", "the 2nd highest", "the lowest"]
    assert [_place(n, "ja", False, 3) for n in (1, 2, 3)] == ["最も低い", "2番目に低い", "最も高い"]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == \
        ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"]
    assert (plural(1, "change"), plural(2, "entry", "entries")) == ("change", "entries")


def test_a_place_shared_with_another_vendor_is_said_as_a_tie():
    """Quality 66, 65, 65: the winner's 65 is not simply 'the 2nd highest' while another vendor has it too."""
    assert _place(2, "en", True, 3, shared=2) == "jointly the 2nd highest"
    assert _place(2, "ja", True, 3, shared=2) == "同点で2番目に高い"
    assert _place(1, "en", False, 2, shared=2) == "jointly the lowest"   # of two, not 'the lower'
    assert _place(1, "ja", True, 3, shared=3) == "同点で最も高い"


def test_of_two_the_memo_says_the_higher_or_the_lower():
    assert [_place(n, "ja", True, 2) for n in (1, 2)] == ["高い方", "低い方"]
    assert [_place(n, "en", False, 2) for n in (1, 2)] == ["the lower", "the higher"]
    assert _among(2, "ja", "進んだ", "who went through") == ("進んだ2者のうち", "")
    assert _among(2, "en", "順位を付けた", "ranked") == ("", " of the two ranked")
    assert _among(3, "ja", "順位を付けた", "ranked")[0] == "順位を付けた3者中"
    assert _among(3, "en", "", "ranked")[1] == " of the three ranked"


def test_a_robustness_lead_says_none_changes_the_winner_in_words(tmp_path):
    from rfpgen.scoring.robustness import Robustness, Variant

    _, result, _ = run_memo(tmp_path, "en")
    variants = [Variant("without_evaluator", e, ["V-A"], {"V-A": 1}, False) for e in ("E1", "E2", "E3")]
    lead = robustness_lead(result, Robustness(["V-A"], [], variants), "en")
    assert "Of the three rankings with an evaluator or a criterion left out, none changes the winner." in lead
    assert "第1位が変わるものはない。" in robustness_lead(result, Robustness(["V-A"], [], variants), "ja")


def test_english_memo_reads_as_sentences(tmp_path):
    _, result, docx = run_memo(tmp_path, "en")
    text, tables = read_memo(docx)
    assert "(the 3rd lowest)" not in text
    assert not re.search(r"\b1 (change the|items|entries|gaps|rankings)\b", text)
    assert ", Above" not in text and "(Ranked" not in text and ": Ranked" not in text
    flags = next(t for t in tables if t[0][-1] == "Detail")
    assert all(row[-1][0].isupper() for row in flags[1:])
    solid = robustness(result)
    lead = robustness_lead(result, solid, "en")
    assert not re.search(r"\b1 change the winner", lead)
    flip = solid.smallest_flip
    assert flip is not None  # the change is read against the weight it starts from: "from 10 to 65.38 points"
    assert re.search(rf"from {flip.weight:g} to [\d.]+ points \([+\u2212-][\d.]+\)", lead), lead


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_robustness_column_agrees_with_its_text_and_the_panel_is_listed_whole(tmp_path, lang):
    _, result, docx = run_memo(tmp_path, lang)
    solid = robustness(result)
    for row in robustness_rows(result, solid):
        changes = ("第1位が" in row["outcome"] or "makes" in row["outcome"] or "no bidder" in row["outcome"]
                   or "順位を付けられる提案者がなくなる" in row["outcome"])
        if "配点" in row["test"] or row["test"].startswith("Weight"):
            assert row["changed"].startswith(("はい", "Yes")) == changes, row
        assert row["changed"] not in ("–", "")
    assert all(name in method_notes(result)[-1] for name in NAMES_JA)
    data = memo_data(lang)
    data["evaluation"]["evaluators"].append({"id": "EP", "name": "Pat Kim", "role": "Procurement", "sees_prices": True,
                                             "prices_only": True})
    listed = evaluator_list(make_project(data), lang)
    assert listed.endswith("Pat Kim（EP、価格評価のみ）" if lang == "ja" else "Pat Kim (EP, prices only)")
    text, _ = read_memo(docx)
    if lang == "ja":  # a name in Japanese prose: in brackets, never set apart by spaces
        assert not re.search(r"評価者 (Ann Lee|Bob Ito|Cy Park) [のがを]", text)
        assert not re.search(r"[^\s「（](Ann Lee|Bob Ito|Cy Park) [のがを]", text)


def test_the_method_prints_no_input_validation_rule(tmp_path):
    for lang in ("ja", "en"):
        _, result, docx = run_memo(tmp_path / lang, lang)
        text, _ = read_memo(docx)
        assert "0以下" not in text and "0 or less" not in text


def test_a_company_name_breaks_only_beside_its_legal_form():
    from rfpgen.documents.measure import _mm
    from rfpgen.documents.render import _company_parts, _unbreakable_mm

    assert _company_parts("株式会社テレコムブリッジ") == ["株式会社", "テレコムブリッジ"]
    assert _company_parts("ひかりコンタクトサービス株式会社") == ["ひかりコンタクトサービス", "株式会社"]
    assert _unbreakable_mm("株式会社テレコムブリッジ", header=False) == pytest.approx(_mm("テレコムブリッジ"))
    assert _company_parts("苦情・クレーム窓口（電話）") is None



def test_the_memos_tables_keep_each_vendor_name_whole(tmp_path):
    """Every table of the Japanese memo (the ranking, the points to settle, the robustness table's
    sentences) stores a vendor's name joined (whole, or between its parts where a column cannot hold
    it), never as plain text LibreOffice breaks anywhere (ひかり / コンタクトサービス株式会社)."""
    from docx import Document
    from docx.oxml.ns import qn

    data = memo_data("ja")
    names = ["ひかりコンタクトサービス株式会社", "株式会社テレコムブリッジ", "北九州カスタマーサポート株式会社"]
    for vendor, name in zip(data["evaluation"]["vendors"], names):
        vendor["name"] = name
    _, _, docx = run_memo(tmp_path, "ja", data)
    cells = [tc for tc in Document(str(docx)).element.body.iter(qn("w:tc"))]
    stored = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in cells]
    named = [text for text in stored if any(name in text.replace("\u2060", "") for name in names)]
    assert len(named) > 6 and not [text for text in named if any(name in text for name in names)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_chart_legend_reads_in_the_bars_order_and_its_axis_title_has_no_figures_in_brackets(tmp_path, lang):
    from rfpgen.scoring.memo import chart

    _, result, _ = run_memo(tmp_path, lang)
    xml = chart(result).xml
    names = re.findall(r"<c:ser>.*?<c:v>([^<]*)</c:v>", xml, flags=re.S)
    # drawn bottom-up on an axis not reversed: the last series is the top bar of each group, and the
    # legend (listed bottom-up) starts with it, the first vendor
    assert [html.unescape(n).split("（")[0].split(" (")[0] for n in names] == [v.name for v in reversed(result.vendors)]
    assert '<c:orientation val="maxMin"/>' not in xml
    if lang == "ja":
        assert "評点（評価者の平均）" in xml and "（0–" not in xml


def test_chart_legend_has_no_emoji_long_names_shortened_and_every_bidder_its_own_colour(tmp_path):
    from rfpgen.documents.charts import LEGEND_WIDTH
    from rfpgen.scoring.memo import chart
    from rfpgen.text import display_width

    data = memo_data("en")
    data["evaluation"]["vendors"][0]["name"] = "Alpha 🚀 Contact"
    data["evaluation"]["vendors"][1]["name"] = "Beta & Company International Customer Experience Services Limited"
    _, result, _ = run_memo(tmp_path, "en", data)  # Beta & Co fails a mandatory requirement: disqualified
    xml = chart(result).xml
    names = [html.unescape(n) for n in re.findall(r"<c:ser>.*?<c:v>([^<]*)</c:v>", xml, flags=re.S)]
    assert "Alpha Contact" in names and not any("🚀" in n for n in names)
    long = next(n for n in names if n.startswith("Beta"))
    assert long.endswith("… (disqualified)") and display_width(long) <= LEGEND_WIDTH
    fills = re.findall(r"<c:ser>.*?<c:spPr><a:solidFill><a:srgbClr val=\"(\w+)\"", xml, flags=re.S)
    assert len(fills) == len(result.vendors) == len(set(fills))  # a disqualified bidder faded, never a shared grey
    assert '<c:min val="0"/>' in xml  # the scale from 0


def test_twenty_series_get_twenty_different_colours():
    from rfpgen.documents.charts import distinct_colors

    assert len(set(distinct_colors(20))) == 20


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_notice_is_a_business_letter_with_a_sender_and_a_contact(tmp_path, lang):
    from docx import Document

    data = memo_data(lang)
    data["project"]["client"].update({"department": "Customer Service", "contact": {
        "name": "Mia Sato", "title": "Head of Customer Service", "email": "mia@acme.example", "phone": "03-5555-0142"}})
    project, result, docx = run_memo(tmp_path, lang, data)
    notice = next((tmp_path / "results" / "notices").glob("*-V-A.docx"))
    doc = Document(str(notice))
    lines = [p.text for p in doc.paragraphs if p.text.strip()]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    text = shown("\n".join(lines))  # a name is kept whole with no-break spaces
    assert "mia@acme.example" in text and "Mia Sato" in text
    right = [p for p in doc.tables[0].rows[1].cells[1].paragraphs]
    assert all(p.alignment == 2 for p in right)  # the result's values right-aligned (WD_ALIGN_PARAGRAPH.RIGHT)
    points = " ".join(tables[1][0][-1].split())  # the header's words (it may break between them)
    if lang == "ja":
        assert lines[1].endswith("御中") and lines[lines.index("敬具") + 1] == "記" and lines[-1] == "以上"
        assert any(line.startswith("拝啓") for line in lines)
        assert "特定されませんでした" not in text and "特定しました" not in text
        assert points == "加重点" and "得点 =" not in text and " = " not in text
    else:
        assert "Dear Sir or Madam," in lines and "Yours faithfully," in lines  # the vendor names no contact
        assert points == "Weighted points"


def test_consensus_workbook_fits_names_formats_means_alike_and_leaves_room_for_reasons(tmp_path):
    from openpyxl import load_workbook

    from rfpgen.documents.xlsx import display_width
    from rfpgen.scoring.consensus import REASON_LINES, consensus_workbook
    from rfpgen.scoring.model import Scheme
    import io

    data = memo_data("ja")
    data["evaluation"]["vendors"][0]["name"] = "株式会社テレコムブリッジ・ソリューションズ"
    _, result, _ = run_memo(tmp_path, "ja", data)
    ws = load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0]
    rows = [r for r in range(5, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("agreed=")]
    gates = {g["id"] for g in Scheme(result.project).gates()}
    scored = [r for r in rows if ws.cell(r, 1).value.split("/")[1] not in gates]   # a mandatory requirement has no mean
    assert scored
    width = ws.column_dimensions["B"].width
    assert all(display_width(ws.cell(r, 2).value) <= width for r in rows)
    assert {ws.cell(r, 6).number_format for r in scored} == {"0.00"}
    assert all("：" in ws.cell(r, 5).value and ": " not in ws.cell(r, 5).value for r in rows)
    assert all(ws.row_dimensions[r].height >= 14 * REASON_LINES for r in rows)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_results_workbook_prints_money_weights_ids_and_scores_as_a_reader_reads_them(tmp_path, lang):
    from openpyxl import load_workbook

    run_memo(tmp_path, lang)
    wb = load_workbook(tmp_path / "results" / "results.xlsx")
    summary = wb.worksheets[0]
    price = next(c for c in summary[1] if c.value in ("提案価格", "Proposed price")).column
    fmt = summary.cell(2, price).number_format
    assert ('円' in fmt) if lang == "ja" else ('£' in fmt)
    for ws in wb.worksheets:
        headers = [c.value for c in ws[1] if c.value]
        assert len(headers) == len(set(headers)), (ws.title, headers)  # never two columns both 'ID'
        for row in ws.iter_rows(min_row=2):  # padding: text and figures kept off the cell edges
            for c in row:
                if c.value not in (None, ""):
                    assert c.alignment.indent >= 1, (ws.title, c.coordinate)
    by_criterion = wb.worksheets[1]
    weights = [r[4] for r in by_criterion.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(w, int) for w in weights)
    by_evaluator = wb.worksheets[2]
    scores = [r[6] for r in by_evaluator.iter_rows(min_row=2, values_only=True) if r[6] is not None]
    assert scores and all(isinstance(s, (int, float)) for s in scores)  # words (適合, 言及あり) in a column of their own
    consensus = wb.worksheets[5]
    assert consensus.max_row >= 2  # never a header alone: a line says no score was changed
    if lang == "ja":
        for c in summary[1]:
            for line in str(c.value).split("\n"):
                assert not line.endswith("（") and not re.search(r"（\d+$", line), c.value


@pytest.mark.parametrize("example", ["ja-ec-order-center.yaml", "en-electronics-retail.yaml"])
def test_each_quality_points_equation_in_the_examples_memo_computes_as_printed(tmp_path, example):
    """A vendor recomputing its quality points from the memo's printed figures gets the printed result
    (the examples publish a rounding rule; the English one computed from unrounded figures gave 46.92
    for 67.02 × 70 ÷ 100)."""
    from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
    from pathlib import Path

    from docx_reading import paragraphs
    from outputs_support import every_output
    from rfpgen.validation import load_project

    project = load_project(Path(__file__).resolve().parent.parent / "examples" / example)
    memo = next(p for p in every_output(project, tmp_path) if p.name == "results.docx")
    text = "\n".join(paragraphs(memo.read_bytes())).replace("\u2060", "")
    found = re.findall(r"(\d+\.\d+)（(\d+\.\d+) × (\d+) ÷ 100）|(\d+\.\d+) \((\d+\.\d+) × (\d+) ÷ 100\)", text)
    assert found
    rounding = project.data["evaluation"]["rules"]["rounding"]
    mode = ROUND_DOWN if rounding["method"] == "truncate" else ROUND_HALF_UP
    for match in found:
        printed, score, points = [m for m in match if m][:3]
        assert Decimal(score) * Decimal(points) / 100 == Decimal(printed) or \
            (Decimal(score) * Decimal(points) / 100).quantize(Decimal("0.01"), rounding=mode) == Decimal(printed), match


def test_a_japanese_letter_to_a_named_person_uses_sama_alone():
    """御中 addresses an organisation and 様 a person: never both in one address."""
    from types import SimpleNamespace

    from rfpgen.scoring.notices import _letter
    from rfpgen.validation import load_project
    from conftest import ROOT
    project = load_project(ROOT / "examples" / "ja-ec-order-center.yaml")
    vendor = project.data["evaluation"]["vendors"][0]
    to = _letter(project, SimpleNamespace(id=vendor["id"], name=vendor["name"]), "ja")["to"]
    assert to[0] == vendor["name"] and to[-1].endswith(" 様") and not any("御中" in line for line in to)
    del vendor["contact"]
    assert _letter(project, SimpleNamespace(id=vendor["id"], name=vendor["name"]), "ja")["to"] == [f"{vendor['name']} 御中"]


def test_results_workbook_keeps_japanese_text_whole_in_a_row_tall_enough_for_it():
    """A break computed inside a word (移管期 / 間) would stay in every copy of the text: the 評価者別 sheet
    writes the text as the project holds it, wrapped by the spreadsheet, in a row as tall as the lines
    kinsoku_lines counts for its column, so nothing is clipped."""
    import io

    from openpyxl import load_workbook

    from rfpgen.documents.xlsx import row_height, wrapped_lines
    from rfpgen.scoring.memo import _book, _sheet

    text = "あ" * 21 + "。" + "移管期間中もサービスレベルを維持すること。" * 3
    buffer = io.BytesIO()
    wb, st = _book(make_project(memo_data("ja")), buffer)
    _sheet(wb, st, "評価者別", ["項目ID", "評価項目"], [["PRC-005", text]], [None, 44], "社外秘")
    wb.close()
    sheet = load_workbook(buffer).worksheets[0]
    cell = sheet.cell(2, 2)
    assert cell.value == text and cell.alignment.wrap_text
    lines = wrapped_lines(text, 44)
    assert lines > 1 and sheet.row_dimensions[2].height >= row_height(lines) - 1  # XlsxWriter keeps whole pixels


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_results_workbook_prints_each_evaluators_scores_as_typed_and_computed_figures_as_scores(tmp_path, lang):
    """The 評価者別 sheet: a typed score prints as typed (4, not 4.00), the figures computed from an
    evaluator's scores (quality score, coverage as a percentage) in the score column, not among the words
    of the result column."""
    from openpyxl import load_workbook

    run_memo(tmp_path, lang)
    by_evaluator = load_workbook(tmp_path / "results" / "results.xlsx").worksheets[2]
    head = [c.value for c in by_evaluator[1]]
    score = head.index(next(h for h in head if h in ("評点", "Score"))) + 1
    rows = list(by_evaluator.iter_rows(min_row=2))
    coverage = [r for r in rows if r[5].value in ("充足度（加重平均）", "Coverage (weighted)")]
    assert coverage and all(isinstance(r[score - 1].value, (int, float)) and "%" in r[score - 1].number_format
                            and r[score].value in (None, "") for r in coverage)
    typed = [r[score - 1] for r in rows if r[4].value and r[4].value.startswith("C-") and isinstance(r[score - 1].value, (int, float))]
    assert typed and all(float(c.value).is_integer() for c in typed)
    assert {c.number_format for c in typed} == {"#,##0"}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_chart_legend_marks_every_bidder_without_a_rank_with_its_reason(tmp_path, lang):
    """The legend marked the disqualified bidder （失格） and left one below the minimum unmarked, so it read as
    ranked: every bidder without a rank carries why, in the words the ranking's notes use."""
    from rfpgen.scoring.memo import chart

    data = memo_data(lang)
    data["evaluation"].setdefault("rules", {})["minimum"] = {"quality": 99}
    _, result, _ = run_memo(tmp_path, lang, data)
    unranked = [v for v in result.vendors if v.rank is None]
    assert len(unranked) == len(result.vendors) and any(not v.disqualified for v in unranked)
    names = [html.unescape(n) for n in re.findall(r"<c:ser>.*?<c:v>([^<]*)</c:v>", chart(result).xml, flags=re.S)]
    for vendor in unranked:
        mark = {"ja": "（失格）" if vendor.disqualified else "（最低基準点未満）",
                "en": " (disqualified)" if vendor.disqualified else " (below the minimum)"}[lang]
        assert any(n.startswith(vendor.name[:5]) and n.endswith(mark) for n in names), (vendor.name, names)  # name shortened


def test_a_robustness_row_says_who_drops_out_when_the_order_stays(tmp_path):
    """At the document stage a variant may keep the order while a bidder falls below the threshold for the
    presentations: the row says who drops out, so its \"Yes\" is not read against an unchanged order."""
    import dataclasses

    from rfpgen.scoring.memo import robustness_rows
    from rfpgen.scoring.robustness import Robustness, Variant

    _, result, _ = run_memo(tmp_path, "en")
    staged = dataclasses.replace(result, document_stage=True)
    ids = [v.id for v in result.vendors if v.rank]
    names = {v.id: v.name for v in result.vendors}
    kept = Variant("without_evaluator", result.evaluators[0], ids, {v: n for n, v in enumerate(ids, 1)}, True, tuple(ids[:1]))
    for lang, words in (("en", f"leaves {names[ids[1]]} out of the presentations"), ("ja", f"{names[ids[1]]}がプレゼンテーションに進まなくなる")):
        row = robustness_rows(staged, Robustness(ids[:2], [], [kept]), lang)[-1]
        assert words in row["outcome"] and row["outcome"].startswith(names[ids[0]]), row
