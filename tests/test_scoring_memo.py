"""The decision memo (results.docx) is one management can sign: no machine output (paths, CLI flags,
English warnings in a Japanese memo), times in the project's zone, the proposed prices beside the
points, the budget check, a recommendation derived from the tally (or the reason there is none),
the approval block, the closing line; and the RFP's published scoring rule, applied by hand to the
scores in the filled workbooks, gives the memo's total."""
from __future__ import annotations

import copy
import re
from datetime import datetime, timezone
from decimal import ROUND_DOWN, Decimal

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from docx_reading import shown
from rfpgen.documents.build import render_documents
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.project import project_time
from rfpgen.scoring.memo import memo_context
from rfpgen.text import moment
from rfpgen.validation import project_from_data
from rfpgen.yamlio import dump
from memo_support import NAMES, memo_data, read_memo, run_memo
from scoring_support import PRICES, GATES, SCORES, fill_all, make_project, rows_by_key, vendor_sheets



def _table(tables, column: int, header: str) -> list[list[str]]:
    """The first table whose header row has `header` in `column` (a negative column counts from the end)."""
    return next(t for t in tables if len(t[0]) > abs(column) - (column < 0) and t[0][column] == header)


_PATH = re.compile(r"(?<![\w.])/(?:[\w.-]+/)+[\w.-]*|[A-Za-z]:\\|\\\\")
_FLAG = re.compile(r"(?<![\w-])--[a-z][\w-]*")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_memo_holds_no_machine_output_even_when_incomplete(tmp_path, cli, lang):
    """Tallied through the CLI with missing entries (the case that used to print English warnings with
    absolute paths and the --allow-incomplete flag): the memo says in plain words what is missing."""
    data = memo_data(lang)
    project_file = tmp_path / "project.yaml"
    project_file.write_text(dump(data), encoding="utf-8")
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    scores = copy.deepcopy(SCORES)
    del scores["E2"]["V-C"]["C-QM"]
    files = fill_all(tmp_path, project, scores=scores, prices={"V-A": 120_000_000, "V-B": 90_000_000}, lang=lang)
    out = tmp_path / "results"
    result = cli("score", project_file, *files, "--allow-incomplete", "-o", out)
    assert result.exit_code == 0, result.output
    text, _ = read_memo(out / "results.docx")
    assert str(tmp_path) not in text and tmp_path.name not in text
    assert not _PATH.search(text), _PATH.search(text).group(0)
    assert not _FLAG.search(text), _FLAG.search(text).group(0)
    assert "warning" not in text.lower()
    # what is missing, named as a reader names it, and what it means for the decision
    if lang == "ja":
        assert "Gamma Services：評価者「Bob Ito」が未入力の項目（C-QM Quality management）。" in text
        assert "Gamma Services：提案価格が入力されていない。" in text
        assert "決裁には用いない" in text and "推奨を確定できない" in text
    else:
        assert "Gamma Services: left blank by evaluator Bob Ito: C-QM Quality management." in text
        assert "Gamma Services: no proposed price was entered." in text
        assert "not to be used for the decision" in text and "no recommendation can be made yet" in text
    assert "acme-cc-scores-E1.xlsx" in text  # the sheets tallied, by name only


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_ranking_shows_each_price_as_money_right_aligned(tmp_path, lang):
    _, result, docx = run_memo(tmp_path, lang)
    text, tables = read_memo(docx)
    ranking = _table(tables, 2, "提案価格" if lang == "ja" else "Proposed price")
    rows = {row[1]: row for row in ranking[1:]}
    for vid, price in PRICES.items():
        shown = f"{price:,}円" if lang == "ja" else f"£{price:,}"
        assert rows[NAMES[vid]][2].strip() == shown
    winner = result.vendors[0]
    assert rows[NAMES[winner.id]][5].strip() == f"{winner.total:.2f}"
    doc = Document(str(docx))
    table = next(t for t in doc.tables if len(t.columns) > 2 and t.rows[0].cells[2].text == ranking[0][2])
    assert all(table.rows[r].cells[c].paragraphs[0].alignment == 2 for r in (0, 1) for c in (2, 3, 4, 5))  # RIGHT


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_bid_over_budget_is_flagged_with_the_amount_over(tmp_path, lang):
    # budget 130,000,000: Gamma (150,000,000) is 20,000,000 over and, ranking first, gets a condition
    _, result, docx = run_memo(tmp_path, lang)
    assert result.vendors[0].id == "V-C"
    text, tables = read_memo(docx)
    budget = _table(tables, -1, "判定" if lang == "ja" else "Result")
    rows = {row[0]: row for row in budget[1:]}
    if lang == "ja":
        assert rows["Gamma Services"][2].strip() == "+20,000,000円" and rows["Gamma Services"][3] == "予算を15.4%超過"
        assert rows["Alpha Contact <Ltd>"][3] == "範囲内"
        assert "予算を上回る提案者：Gamma Services（20,000,000円超過）" in text
        # 15.4% over: the recommendation is conditional on the price, and lapses into a new call for proposals
        assert "ただし提案価格が予算を上回るため、価格交渉で予算以内とすることを条件とする" in text
        assert "交渉で予算以内とならない場合は、この推奨によらず、要件と予算を見直したうえで提案を改めて募る" in text
    else:
        assert rows["Gamma Services"][2].strip() == "+£20,000,000" and rows["Gamma Services"][3] == "Above the budget by 15.4%"
        assert rows["Alpha Contact <Ltd>"][3] == "Within"
        assert "Above the budget: Gamma Services (£20,000,000 over)." in text
        assert "on condition that its proposed price, above the budget, is brought within it" in text
        assert "this recommendation lapses: the requirements and the budget are reviewed and proposals invited again" in text


def test_within_budget_no_flag_and_no_budget_no_check(tmp_path):
    data = memo_data("en")
    data["pricing"]["budget"]["amount"] = 200_000_000
    _, _, docx = run_memo(tmp_path / "a", "en", data)
    text, _ = read_memo(docx)
    assert "Every proposed price is within the budget." in text and "Over (" not in text
    data = memo_data("en")
    del data["pricing"]["budget"]
    _, _, docx = run_memo(tmp_path / "b", "en", data)
    text, _ = read_memo(docx)
    assert "The project sets no budget and no reference price" in text


def test_reference_price_is_the_limit_when_the_evaluation_sets_one(tmp_path):
    data = memo_data("ja")
    data["evaluation"]["price"] = {"formula": "jp_additive", "max_points": 30, "reference_price": 140_000_000}
    _, _, docx = run_memo(tmp_path, "ja", data)
    text, _ = read_memo(docx)
    assert "予定価格：140,000,000円。予定価格を上回る提案者：Gamma Services（10,000,000円超過）。" in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_recommendation_follows_the_tally(tmp_path, lang):
    # the winner, its margin, the consensus items and the budget as conditions, the project's dates
    # (the margin as test_scoring computes it by hand: 87.00 − 82.97 = 4.03)
    _, result, docx = run_memo(tmp_path / "win", lang)
    text, tables = read_memo(docx)
    if lang == "ja":
        # the winner is above the budget: the recommendation says so and is conditional on the price
        assert ("Gamma Servicesを優先交渉権者として選定し、契約交渉に進むことを推奨する。ただし提案価格が予算を上回るため、"
                "価格交渉で予算以内とすることを条件とする（次の条件を参照）。") in text
        assert "第2位のAlpha Contact <Ltd>（82.97）との差は4.03。" in text
        assert "2027年5月14日（金）に全提案者へ審査結果を通知する" in text and "2027年6月1日（火）に契約を締結する" in text
    else:
        assert ("We recommend selecting Gamma Services as the preferred bidder and opening contract negotiations, on "
                "condition that its proposed price, above the budget, is brought within it (see the conditions below).") in text
        assert "Alpha Contact <Ltd> is second with 82.97, 4.03 behind." in text
        assert "on Fri 14 May 2027" in text and "sign on Tue 1 June 2027" in text
    # every vendor failed on a mandatory requirement: no recommendation, and why
    failed = {e: {v: {"G-ISO": "fail", "G-START": "pass"} for v in PRICES} for e in GATES}
    _, result, docx = run_memo(tmp_path / "none", lang, gates=failed)
    assert not any(v.rank for v in result.vendors)
    text, _ = read_memo(docx)
    assert ("順位を付けられる提案者がないため、推奨先を示すことはできない。" if lang == "ja"
            else "No bidder can be ranked, so no recommendation can be made.") in text
    assert "優先交渉権者として選定" not in text and "preferred bidder" not in text


def test_tie_for_first_place_gives_no_recommendation(tmp_path):
    same = {e: {v: {"C-EXP": 3, "C-QM": 3, "C-WFM": 3} for v in PRICES} for e in SCORES}
    passes = {e: {v: {"G-ISO": "pass", "G-START": "pass"} for v in PRICES} for e in SCORES}
    mentioned = {e: {v: {r: "mentioned" for r in ("OPS-BCP", "OPS-KB", "SYS-PCI")} for v in PRICES} for e in SCORES}
    _, result, docx = run_memo(tmp_path, "en", scores=same, gates=passes, checklist=mentioned,
                           prices={"V-A": 100, "V-B": 100, "V-C": 200})
    assert [v.rank for v in result.vendors] == [1, 1, 3]
    text, _ = read_memo(docx)
    assert "The first place is tied" in text and "no single bidder can be recommended" in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_approval_block_lists_the_projects_approvers(tmp_path, lang):
    _, _, docx = run_memo(tmp_path, lang)
    text, tables = read_memo(docx)
    approval = _table(tables, 0, "役割" if lang == "ja" else "Role")
    assert [row[0] for row in approval[1:]] == ["Final approval", "Budget"]
    assert approval[1][1] == ("Dana Roe（COO）" if lang == "ja" else "Dana Roe (COO)")
    assert ("決裁欄" if lang == "ja" else "Approval") in text
    # the memo's approvers and the paper form's evaluator get a row tall enough to sign in (12-15 mm)
    memo_label, form_label = ("印・署名", "署名") if lang == "ja" else ("Signature", "Signature")
    memo_rows = next(t for t in Document(str(docx)).tables if memo_label in [c.text for c in t.rows[0].cells]).rows[1:]
    form = Document(str(tmp_path / "scoring" / "acme-cc-evaluator-form-V-A.docx"))
    form_rows = [row for table in form.tables for row in table.rows if row.cells[0].text == form_label]
    assert memo_rows and form_rows and all(12 <= row.height.mm <= 15 for row in [*memo_rows, *form_rows])


def test_japanese_paper_form_ends_with_closing_line_english_without(tmp_path):
    """The paper scoring form is a document like the others: a Japanese one ends with 以上 (right-aligned,
    the closing row of its last table, so it never stands alone on a page)."""
    for lang in ("ja", "en"):
        run_memo(tmp_path / lang, lang)
        doc = Document(str(tmp_path / lang / "scoring" / "acme-cc-evaluator-form-V-A.docx"))
        lines = [Paragraph(p, doc) for p in doc.element.body.iter(qn("w:p")) if Paragraph(p, doc).text.strip()]
        if lang == "ja":
            assert lines[-1].text == "以上" and lines[-1].alignment == 2
        else:
            assert all("以上" not in line.text for line in lines)


def test_japanese_memo_ends_with_closing_line_english_without(tmp_path):
    _, _, docx = run_memo(tmp_path / "ja", "ja")
    doc = Document(str(docx))  # after a table, 以上 is the table's closing row
    paragraphs = [Paragraph(p, doc).text for p in doc.element.body.iter(qn("w:p")) if Paragraph(p, doc).text.strip()]
    assert paragraphs[-1] == "以上"
    _, _, docx = run_memo(tmp_path / "en", "en")
    assert "以上" not in read_memo(docx)[0]


def test_project_time_is_in_the_projects_zone_with_the_zone_named():
    at = datetime(2027, 3, 1, 5, 5, tzinfo=timezone.utc)
    assert project_time(make_project(memo_data("ja")), at) == "2027年3月1日（月）14:05（日本時間）"
    london = memo_data("en")
    london["rfp"] = {"submission": {"time_zone": "Europe/London"}}
    # the zone by its one name, as the deadlines beside it say it (never GMT in a sentence with UK time)
    assert project_time(make_project(london), at) == "Mon 1 March 2027, 05:05 (UK time)"
    assert project_time(make_project(london), datetime(2027, 7, 1, 5, 5, tzinfo=timezone.utc)) == "Thu 1 July 2027, 06:05 (UK time)"
    american = memo_data("en")
    american["project"]["locale"] = "en-US"
    american["pricing"]["currency"] = "USD"
    american["rfp"] = {"submission": {"time_zone": "America/New_York"}}
    assert project_time(make_project(american), at) == "Mon, March 1, 2027, 12:05 a.m. (US Eastern time)"
    paris = memo_data("en")
    paris["rfp"] = {"submission": {"time_zone": "Europe/Paris"}}  # a zone without a name here: its clock's abbreviation
    assert project_time(make_project(paris), at) == "Mon 1 March 2027, 06:05 (CET)"
    nowhere = memo_data("en")
    nowhere["pricing"]["currency"] = "EUR"
    assert project_time(make_project(nowhere), at) == "Mon 1 March 2027, 05:05 (UTC)"
    assert moment("2027-03-01", "09:00", "ja-era", "日本時間") == "令和9年3月1日（月）9:00（日本時間）"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_memo_cover_carries_the_project_time(tmp_path, lang):
    project, result, _ = run_memo(tmp_path, lang)
    result.tallied_at = datetime(2027, 3, 1, 5, 5, tzinfo=timezone.utc)
    context = memo_context(result)
    assert context["doc"]["date"] == ("2027年3月1日（月）14:05（日本時間）" if lang == "ja" else "Mon 1 March 2027, 05:05 (UK time)")


# ------------------------------------------------------------------ the RFP's rule, applied by hand

def _truncate(value: float) -> float:
    """Truncated to 2 decimals as the RFP says, as a vendor's calculator gives it."""
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_DOWN))


def _rfp(project, tmp_path) -> Document:
    rendered = render_documents(project, tmp_path / "rfp", only={"rfp"})
    data = next(iter(rendered.values()))
    path = tmp_path / "rfp.docx"
    path.write_bytes(data)
    return Document(str(path))


def test_rfp_rule_applied_by_hand_gives_the_memos_total(tmp_path):
    """A vendor's view: the RFP (weights, scale, quality points, the price formula, the rounding) and
    the evaluators' scores as typed in their workbooks give exactly the total the memo prints."""
    data = memo_data("ja")
    evaluation = data["evaluation"]
    evaluation["criteria"][-1].pop("unstated_needs")           # every criterion typed by the evaluators
    evaluation["price"] = {"formula": "jp_additive", "max_points": 30, "reference_price": 160_000_000}
    evaluation["rules"] = {"rounding": {"method": "truncate", "digits": 2}}
    data["rfp"] = {"withhold": {"budget": False}}             # the reference price is published
    project = project_from_data(data)
    scores = copy.deepcopy(SCORES)
    for by_vendor in scores.values():
        for vendor, n in zip(by_vendor, (4, 2, 5)):
            by_vendor[vendor]["C-UNS"] = n
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, scores=scores, checklist={e: {v: {} for v in PRICES} for e in SCORES}, lang="ja")
    result = tally(project, files)
    write_results(project, result, tmp_path / "results")

    # what the RFP publishes
    rfp = _rfp(project, tmp_path)
    text = shown("\n".join(p.text for p in rfp.paragraphs) + "\n".join(
        cell.text for table in rfp.tables for row in table.rows for cell in row.cells))
    smax = int(re.search(r"品質スコア ＝ Σ（配点 × 評点 ÷ (\d+)）", text).group(1))
    quality_points = float(re.search(r"品質点 ＝ 品質スコア × ([\d.]+) ÷ 100", text).group(1))
    max_points = float(re.search(r"価格点 ＝ ([\d.]+) ×（1 − 提案価格 ÷ 予定価格）", text).group(1))
    reference = float(re.search(r"予定価格\s*([\d,]+)円", text).group(1).replace(",", ""))
    assert "総合評価点 ＝ 品質点 ＋ 価格点" in text
    assert "小数点以下第3位を切り捨て、小数点以下第2位まで" in text
    criteria = next(t for t in rfp.tables if [c.text for c in t.rows[0].cells][:3] == ["ID", "評価項目", "配点"])
    weights = {shown(row.cells[0].text): float(row.cells[2].text) for row in criteria.rows[1:] if row.cells[2].text != "—"}
    assert sum(weights.values()) == 100

    # what the evaluators typed
    vendor = "V-A"
    typed: dict[str, list[float]] = {}
    for path in files[:-1]:
        ws = vendor_sheets(load_workbook(path))[vendor]
        rows = rows_by_key(ws)
        for cid in weights:
            typed.setdefault(cid, []).append(float(ws[f"E{rows['criterion=' + cid]}"].value))
    price = next(ws[f"D{rows_by_key(ws)['price=' + vendor]}"].value for ws in load_workbook(files[-1]).worksheets
                 if f"price={vendor}" in rows_by_key(ws))

    # each figure from the rounded one before it, as the rule says
    assert "各数値は、その前の段階の端数処理後の数値から計算する" in text
    means = {c: _truncate(sum(typed[c]) / len(typed[c])) for c in weights}
    quality_score = _truncate(sum(w * means[c] / smax for c, w in weights.items()))
    price_points = _truncate(max(0.0, max_points * (1 - price / reference)))
    total = _truncate(_truncate(quality_score * quality_points / 100) + price_points)

    _, tables = read_memo(tmp_path / "results" / "results.docx")
    ranking = _table(tables, 2, "提案価格")
    row = next(r for r in ranking[1:] if r[1] == NAMES[vendor])
    assert row[5].strip() == f"{total:.2f}"
    assert row[4].strip() == f"{price_points:.2f}"
    calculation = _table(tables, -1, "総合評価点の計算")  # no presentations: the total is the figure ranked by
    assert any(r[0] == NAMES[vendor] and r[1].strip() == f"{quality_score:.2f}" for r in calculation[1:])


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_memo_formulas_keep_each_operator_with_its_operand(tmp_path, lang):
    """Every formula the memo prints (the published rule, how each total is reached, weighted points)
    holds its operator and the operand after it together: no line ends with ÷ above a 100."""
    _, _, path = run_memo(tmp_path, lang)
    doc = Document(str(path))
    raw = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for row in t.rows for c in row.cells]
    # a calculation of figures kept whole: a no-break space in English; in Japanese a narrow space held by word
    # joiners (LibreOffice stretches a no-break space in a justified Japanese line)
    join = {"ja": "\u2060\u2004\u2060", "en": "\u00a0"}[lang]
    assert any(f"{join}×{join}70{join}÷{join}100" in text for text in raw)
    assert not [text for text in raw if re.search(r"(?:^|[\s)）])[×÷=＝+＋−Σ] ", text)]


def test_the_memo_and_the_consensus_workbook_name_the_guide_edition_the_scores_followed(tmp_path):
    """An addendum after the project's date moves the evaluator guide (and the scoring workbooks) to 1.0-A1:
    the memo names the project's version and that edition, the consensus workbook the edition."""
    import io

    from openpyxl import load_workbook
    from rfpgen.scoring.consensus import consensus_workbook

    data = memo_data("en")
    data.setdefault("rfp", {})["revisions"] = [{"version": "1.0-A1", "date": "2027-02-01", "summary": "Addendum 1: hours changed"}]
    _, result, _ = run_memo(tmp_path, "en", data)
    assert memo_context(result)["doc"]["version"] == "1.0 (scored under the Evaluator Guide, edition 1.0-A1)"
    heading = load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0]["B3"].value
    assert " – Version 1.0-A1 – " in heading
    _, plain, _ = run_memo(tmp_path / "plain", "en")  # no edition after the project's: the version alone
    assert memo_context(plain)["doc"]["version"] == "1.0"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_disqualification_names_the_requirement_and_heads_the_vendor_without_nested_brackets(tmp_path, lang):
    _, result, memo = run_memo(tmp_path, lang)   # Beta failed on ISO by two of the three evaluators
    assert [v.id for v in result.vendors if v.disqualified] == ["V-B"]
    text, _ = read_memo(memo)
    assert ("Beta & Co：必須項目「ISO/IEC 27001 certified site」を評価者の過半数が不適合と判定したため、失格とした。" if lang == "ja"
            else "Beta & Co: disqualified, as a majority of the evaluators failed it on 'ISO/IEC 27001 certified site'.") in text
    assert ("Beta & Co：失格（必須項目の不適合）" if lang == "ja"
            else "Beta & Co: disqualified (failed a mandatory requirement)") in text.splitlines()   # its heading
    sentences = [line for line in text.splitlines() if "\t" not in line]   # the gate table keeps its id column
    assert not [line for line in sentences if "G-ISO" in line] and "（失格（" not in text


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_next_steps_set_nothing_on_a_scheduled_day_already_past(tmp_path, lang):
    data = memo_data(lang)
    data["project"]["schedule"] = {"decision": "2026-01-14", "contract": "2026-02-02"}   # before any tally from now on
    _, _, docx = run_memo(tmp_path, lang, data)
    text, _ = read_memo(docx)
    assert ("全提案者へ審査結果を通知する" if lang == "ja" else "send every bidder its notice of evaluation result.") in text
    assert ("と契約条件を協議し、契約を締結する。" if lang == "ja" else "Agree the contract terms with Gamma Services and sign.") in text
    assert "2026年1月14日" not in text and "14 January 2026" not in text
    assert "2026年2月2日" not in text and "2 February 2026" not in text
