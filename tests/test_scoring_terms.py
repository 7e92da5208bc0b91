"""One name per figure and one rule, on every surface: with a presentation stage the document-stage
total, the presentation points and the final score each have their own column and name (memo,
results.xlsx, notices, the RFP's rule); figures the RFP does not publish are not said to be
published; the guide's worked example follows the price rules; the paper form names the quality
score; notices carry the project's notification date."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from docx_reading import shown
from rfpgen.documents.build import render_documents
from rfpgen.scoring import tally, write_scoring_outputs
from rfpgen.scoring.model import form_name
from rfpgen.validation import project_from_data
from memo_support import NAMES, PASSES, docx_tables, docx_text, staged_data
from scoring_support import PRICES, write_results_and_notices, SCORES, fill_all, fill_workbook

WORDS = {"ja": {"document": "書類審査の総合評価点", "presentation": "プレゼンテーション点", "final": "最終評価点",
                "quality_points": "品質点", "price_points": "価格点", "not_disclosed": "公表しない", "reference": "予定価格"},
         "en": {"document": "Document-stage total", "presentation": "Presentation points", "final": "Final score",
                "quality_points": "Quality points", "price_points": "Price points", "not_disclosed": "Not disclosed",
                "reference": "Reference price"}}


def _tally(tmp_path: Path, lang: str, combine: str = "sum", top: int = 2):
    project = project_from_data(staged_data(lang, combine, top))
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, gates=PASSES, prices=PRICES, lang=lang)
    for ev in SCORES:
        files.append(fill_workbook(tmp_path / "scoring" / f"{project.id}-presentation-{ev}.xlsx",
                                   {"V-A": {"scores": {"P-DEMO": 4}}, "V-B": {"scores": {"P-DEMO": 3}}}, lang))
    result = tally(project, files)
    write_results_and_notices(project, result, tmp_path / "results")
    return project, result


def _figure(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_two_stages_have_one_name_and_one_column_per_figure(tmp_path, lang):
    """The memo's ranking: quality points + price points = the document-stage total, + presentation
    points = the final score, each in its own column under its catalogue name; two decimals; a
    disqualified vendor gets dashes, not points."""
    w = WORDS[lang]
    project, result = _tally(tmp_path, lang)
    assert {v.id: v.rank for v in result.vendors} == {"V-A": 1, "V-B": 2, "V-C": None}
    memo = tmp_path / "results" / "results.docx"
    # the ranking shows the stages and the final score, the table after it how the document stage adds up:
    # one table of eight columns wrapped every name and header (issue 14)
    tables = docx_tables(memo)
    ranking = next(t for t in tables if w["final"] in t[0] and w["presentation"] in t[0])
    stage = next(t for t in tables if w["quality_points"] in t[0] and w["document"] in t[0])
    assert len(ranking[0]) <= 6 and len(stage[0]) <= 6
    figures = {}
    for table, names, vendor_column in ((ranking, ("document", "presentation", "final"), 1),
                                        (stage, ("quality_points", "price_points", "document"), 0)):
        for row in table[1:]:
            figures.setdefault(row[vendor_column], {}).update({name: row[table[0].index(w[name])] for name in names})
    for vid in ("V-A", "V-B"):
        points = figures[NAMES[vid]]
        assert all(re.fullmatch(r"\d+\.\d\d", f) for f in points.values()), points
        assert _figure(points["quality_points"]) + _figure(points["price_points"]) == pytest.approx(_figure(points["document"]))
        assert _figure(points["document"]) + _figure(points["presentation"]) == pytest.approx(_figure(points["final"]))
    assert set(figures[NAMES["V-C"]].values()) == {"–"}   # disqualified: no points
    text = docx_text(memo)
    # the rule the memo prints defines each name once, in the words of the tables
    assert (f"{w['document']} ＝ 品質点 ＋ 価格点（100点満点）" if lang == "ja"
            else f"{w['document']} = quality points + price points (out of 100).") in text
    assert (f"{w['final']} ＝ {w['document']} ＋ {w['presentation']}（130点満点）" if lang == "ja"
            else f"{w['final']} = {w['document'].lower()} + presentation points (out of 130).") in text
    assert not re.search(r"(?<!の)総合評価点 ＝|Total score =|最終的な評価点", text)

    # results.xlsx: the same three columns
    summary = load_workbook(tmp_path / "results" / "results.xlsx").worksheets[0]
    headers = [c.value for c in summary[1]]
    assert [w["document"], w["presentation"], w["final"]] == headers[7:10]
    top = next(v for v in result.vendors if v.rank == 1)
    assert [summary.cell(2, c).value for c in (8, 9, 10)] == pytest.approx([top.document_total, top.presentation_points, top.total])

    # the notice: the same names, and the winner's figure is the final score
    notice = docx_tables(tmp_path / "results" / "notices" / f"{project.id}-notice-V-B.docx")[0]
    labels = [row[0] for row in notice[1:]]
    for name in ("quality_points", "price_points", "document", "presentation", "final"):
        assert w[name] in labels, (name, labels)
    assert ("第1位の最終評価点" if lang == "ja" else "Winner's final score") in labels
    assert not any(label in ("総合評価点", "Total score", "書類審査の合計点") for label in labels)


def test_presentation_only_final_score_is_the_presentation_points(tmp_path):
    _, result = _tally(tmp_path, "en", combine="presentation_only")
    memo = tmp_path / "results" / "results.docx"
    ranking = next(t for t in docx_tables(memo) if "Final score" in t[0])
    header = ranking[0]
    for row in ranking[1:3]:
        assert row[header.index("Final score")] == row[header.index("Presentation points")]
        assert row[header.index("Document-stage total")] != row[header.index("Final score")]
    assert "Final score = presentation points; the document-stage total only decides who goes through" in docx_text(memo)
    # the basis says what decided the ranking, and that the weights only gated the shortlist
    text = docx_text(memo)
    assert "so the presentations decided the ranking; quality and price" in text
    assert "the document-stage weights only decide who goes through to the presentations" in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_presentation_only_robustness_says_whether_the_winner_still_presents_not_that_nobody_would_rank(tmp_path, lang):
    """When the presentations alone rank, a document-stage weight change that leaves nobody ranked
    (+33.48 points on one criterion: nobody meets the minimums) says nothing about the decision; what the
    sponsor needs is whether any single weight change keeps the winner from presenting."""
    from rfpgen.scoring.decision import _robustness_lines
    from rfpgen.scoring.robustness import Robustness, WeightFlip

    _, result = _tally(tmp_path, lang, combine="presentation_only")
    winner = next(v for v in result.vendors if v.rank == 1)
    solid = Robustness([winner.id], [WeightFlip("C-UNS", 20.0, 33.48, [])], [])
    lines, fragile = _robustness_lines(result, solid, lang)
    text = " ".join(lines)
    assert "33.48" not in text and not fragile
    assert (f"{winner.name}はプレゼンテーションに進み、第1位は変わらない。" if lang == "ja"
            else f"no change of any single criterion's weight keeps {winner.name} from going through") in text


def test_a_vendor_not_advanced_is_told_its_document_stage_total(tmp_path):
    project, result = _tally(tmp_path, "en", top=1)
    second = next(v for v in result.vendors if v.id != "V-C" and v.rank is None)
    notice = docx_tables(tmp_path / "results" / "notices" / f"{project.id}-notice-{second.id}.docx")[0]
    rows = {row[0]: row[1] for row in notice[1:]}
    assert rows["Document-stage total"] == f"{second.document_total:.2f}"
    # compared with the cut-off it missed, not with a final score that adds presentation points it never had
    presenters = [v.document_total for v in result.vendors if v.presentation_points is not None]
    assert "Final score" not in rows and "Winner's final score" not in rows
    assert rows["Lowest document-stage total that went through to the presentations"] == f"{min(presenters):.2f}"


@pytest.mark.parametrize("combine", ["sum", "presentation_only", None])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_winners_notice_states_its_own_score_once(tmp_path, lang, combine):
    """A letter to the first does not set its own final score beside itself as "the winner's"; every other
    vendor's letter still gives the winner's figure to compare with."""
    data = staged_data(lang, combine or "sum")
    if combine is None:
        del data["evaluation"]["rules"]["presentation"]
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, gates=PASSES, prices=PRICES, lang=lang)
    if combine:
        for ev in SCORES:
            files.append(fill_workbook(tmp_path / "scoring" / f"{project.id}-presentation-{ev}.xlsx",
                                       {"V-A": {"scores": {"P-DEMO": 4}}, "V-B": {"scores": {"P-DEMO": 3}}}, lang))
    result = tally(project, files)
    write_results_and_notices(project, result, tmp_path / "results")
    winner, second = (next(v for v in result.vendors if v.rank == rank) for rank in (1, 2))
    winners = "第1位の" if lang == "ja" else "Winner's"

    def rows(vendor) -> list[list[str]]:
        return docx_tables(tmp_path / "results" / "notices" / f"{project.id}-notice-{vendor.id}.docx")[0][1:]

    own = f"{winner.total:.2f}"
    assert not any(row[0].startswith(winners) for row in rows(winner))
    assert [row[1] for row in rows(winner)].count(own) == (2 if combine == "presentation_only" else 1)  # = its presentation points
    assert any(row[0].startswith(winners) and row[1] == own for row in rows(second))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_undisclosed_reference_price_is_not_called_published(tmp_path, lang):
    """The RFP says the reference price is not disclosed; the memo's "as published in the RFP" rule says
    the same, and the amount appears under the internal figures only."""
    w = WORDS[lang]
    project, _ = _tally(tmp_path, lang)
    amount = "140,000,000円" if lang == "ja" else "£140,000,000"
    rendered = render_documents(project, tmp_path / "rfp", only={"rfp"})
    rfp = tmp_path / "rfp.docx"
    rfp.write_bytes(next(iter(rendered.values())))
    rfp_rows = {row[0]: row[-1] for table in docx_tables(rfp) for row in table if len(row) >= 2}
    assert rfp_rows[w["reference"]] == w["not_disclosed"]
    assert "140,000,000" not in docx_text(rfp)

    tables = docx_tables(tmp_path / "results" / "results.docx")
    published = next(t for t in tables if any(row[0] == w["reference"] for row in t) and
                     any(row[0] == ("価格評価方式" if lang == "ja" else "Price formula") for row in t))
    assert [row[1] for row in published if row[0] == w["reference"]] == [w["not_disclosed"]]
    assert not any("140,000,000" in cell for row in published for cell in row)
    internal = [t for t in tables if t is not published and any(row[0] == w["reference"] for row in t)]
    assert [row[1] for t in internal for row in t if row[0] == w["reference"]] == [amount]
    text = docx_text(tmp_path / "results" / "results.docx")
    assert ("RFPで公表していない内部の値" if lang == "ja" else "Internal figures (not published in the RFP)") in text


@pytest.mark.parametrize("lang, when", [("ja", "2027年5月14日（金）"), ("en", "14 May 2027")])
def test_notices_carry_the_projects_notification_date(tmp_path, lang, when):
    project, _ = _tally(tmp_path, lang)
    doc = Document(str(tmp_path / "results" / "notices" / f"{project.id}-notice-V-A.docx"))
    first = next(shown(p.text).strip() for p in doc.paragraphs if p.text.strip())
    assert first == when


@pytest.mark.parametrize("rule, shown_c", [("disqualify", "Disqualified"), ("zero", "0.00"), (None, "0.00")])
def test_guide_worked_example_follows_the_price_rules(tmp_path, rule, shown_c):
    """Proposal Z bids above the reference price: disqualified where the RFP says so (no points, no total),
    0 price points otherwise; the note says which rule applied."""
    data = staged_data("en")
    if rule:
        data["evaluation"]["rules"]["above_reference"] = rule
    else:
        del data["evaluation"]["rules"]["above_reference"]
    project = project_from_data(data)
    rendered = render_documents(project, tmp_path / "guide", only={"guide"})
    guide = tmp_path / "guide.docx"
    guide.write_bytes(next(iter(rendered.values())))
    example = next(t for t in docx_tables(guide) if t[0][:2] == ["Proposal", "Quality score"])
    assert example[0][3:] == ["Price points", "Document-stage total", "Note"]
    rows = {row[0]: row for row in example[1:]}
    assert _figure(rows["Proposal Z"][2].removeprefix("£")) > 140_000_000
    assert rows["Proposal Z"][3] == shown_c
    if rule == "disqualify":
        assert rows["Proposal Z"][4] == "Disqualified" and rows["Proposal Z"][5] == "Above the reference price: disqualified"
    else:
        assert rows["Proposal Z"][5] == "Above the reference price: 0 price points"
    for vendor in ("Proposal X", "Proposal Y"):   # within the reference price: scored, rounded as published
        assert re.fullmatch(r"\d+\.\d\d", rows[vendor][3]) and re.fullmatch(r"\d+\.\d\d", rows[vendor][4])


@pytest.mark.parametrize("lang, tally_text", [("ja", "集計欄（品質スコア ＝ Σ（配点 × 評点 ÷ 5））"),
                                              ("en", "Tally (Quality score = Σ (weight × score ÷ 5))")])
def test_paper_form_tally_names_the_quality_score(tmp_path, lang, tally_text):
    """The sum of weight × score ÷ 5 is the quality score (out of 100), as the RFP's rule calls it."""
    project = project_from_data(staged_data(lang))
    write_scoring_outputs(project, tmp_path)
    text = docx_text(tmp_path / "scoring" / form_name(project.id, "V-A"))
    assert tally_text in text
    assert "品質点 =" not in text and "quality =" not in text


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_notices_have_one_full_stop_typographic_quotes_and_the_closing_kept_with_the_signature(tmp_path, lang):
    project, _ = _tally(tmp_path, lang)
    path = tmp_path / "results" / "notices" / f"{project.id}-notice-V-B.docx"
    text = docx_text(path)
    assert "。。" not in text and ".." not in text
    if lang == "en":
        assert "“" in text and '"' not in text
        closing = next(p for p in Document(str(path)).paragraphs if p.text == "Yours faithfully,")  # to Dear Sir or Madam
        assert closing.paragraph_format.keep_with_next


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_notice_quotes_the_rfps_rule_set_off_from_the_letters_own_sentences(tmp_path, lang):
    """The Japanese letter is in 敬体; the RFP's rule is in 常体 (…とする。). The letter introduces the rule
    in its own voice (…次のとおりです。) and sets the rule's lines off as a quotation (indented behind a
    rule line); no sentence the reader takes as the letter's own ends in 常体."""
    from docx.oxml.ns import qn
    from rfpgen.documents.parts import scoring_formulas

    project, _ = _tally(tmp_path, lang)
    paragraphs = [p for p in Document(str(tmp_path / "results" / "notices" / f"{project.id}-notice-V-B.docx")).paragraphs if p.text]
    quoted = [p.text for p in paragraphs if p._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None and p.paragraph_format.left_indent]
    assert [shown(text).rstrip("。") for text in quoted] == [shown(text).rstrip("。") for _, text in scoring_formulas(project)]
    before = shown(paragraphs[[p.text for p in paragraphs].index(quoted[0]) - 1].text)
    assert before.endswith("次のとおりです。" if lang == "ja" else ", as published in the RFP:")
    if lang == "ja":
        own = [shown(p.text) for p in paragraphs if p.text not in quoted]
        assert not [text for text in own if re.search(r"(する|とする|である|ない)。", text)], own


def test_results_workbook_shows_how_the_total_adds_up_and_names_each_printed_page(tmp_path):
    project, result = _tally(tmp_path, "en")
    book = load_workbook(tmp_path / "results" / "results.xlsx")
    summary = book.worksheets[0]
    headers = [c.value for c in summary[1]]
    column = {name: headers.index(WORDS["en"][name]) + 1 for name in ("quality_points", "price_points", "document")}
    for row in range(2, summary.max_row + 1):
        quality, price, total = (summary.cell(row, column[n]).value for n in ("quality_points", "price_points", "document"))
        if total is not None:
            assert quality + price == pytest.approx(total, abs=0.011)
    title = project.data["project"]["title"]
    for ws in book.worksheets:
        assert title.replace("&", "&&") in (ws.oddHeader.left.text or ""), ws.title
    audit = book.worksheets[[ws.title for ws in book.worksheets].index("Audit log")]
    checksum = [c.column_letter for c in audit[1] if c.value and "SHA" in str(c.value).upper()]
    assert checksum and all(audit.column_dimensions[letter].hidden for letter in checksum)


@pytest.mark.parametrize("formula, total_header, total_pattern", [
    ("price_per_quality", "Price per quality point", r"\d{1,3}(,\d{3})+"),  # unrounded: whole, as the memo
    ("jp_division", "Value", r"\d+\.\d{4}")])
def test_guide_worked_example_shows_only_the_figures_its_formula_has(tmp_path, formula, total_header, total_pattern):
    """A formula without price points has no price points column (it would repeat the total or the
    price), and totals print as the memo prints them: thousands separators, the total's decimals."""
    data = staged_data("en")
    data["evaluation"]["price"] = {"formula": formula, "reference_price": 150_000_000}
    data["evaluation"]["rules"].pop("presentation", None)
    data["evaluation"]["rules"].pop("rounding", None)
    if formula == "jp_division":
        data["evaluation"]["rules"]["rounding"] = {"method": "truncate", "digits": 4}
    project = project_from_data(data)
    rendered = render_documents(project, tmp_path / "guide", only={"guide"})
    guide = tmp_path / "guide.docx"
    guide.write_bytes(next(iter(rendered.values())))
    example = next(t for t in docx_tables(guide) if t[0][:2] == ["Proposal", "Quality score"])
    assert example[0][2:] == ["Proposed price", total_header, "Note"]
    for row in example[1:]:
        assert row[3] == "Disqualified" or re.fullmatch(total_pattern, row[3]), row


@pytest.mark.parametrize("lang, price_points", [("ja", "価格点"), ("en", "Price points")])
def test_memo_of_a_dividing_formula_shows_no_price_points_and_each_figure_in_its_own_decimals(tmp_path, lang, price_points):
    """The division method gives no price points: the ranking shows the quality score beside the price,
    not a column of dashes; the evaluation value keeps the 4 decimals it is rounded to, while the
    final score, when it is the presentation points alone, prints as the presentation points do."""
    data = staged_data(lang, combine="presentation_only", top=3)
    data["evaluation"]["price"] = {"formula": "jp_division", "reference_price": 140_000_000}
    data["evaluation"]["rules"]["rounding"] = {"method": "truncate", "digits": 4, "apply_to": ["total"]}
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, gates=PASSES, prices={"V-A": 120_000_000, "V-B": 90_000_000, "V-C": 100_000_000},
                     lang=lang)
    for ev in SCORES:
        files.append(fill_workbook(tmp_path / "scoring" / f"{project.id}-presentation-{ev}.xlsx",
                                   {v: {"scores": {"P-DEMO": s}} for v, s in (("V-A", 4), ("V-B", 3), ("V-C", 2))}, lang))
    write_results_and_notices(project, tally(project, files), tmp_path / "results")
    tables = docx_tables(tmp_path / "results" / "results.docx")
    ranking = next(t for t in tables if t[0][0].startswith(("順位", "Rank")))
    stage = next(t for t in tables if t[0][:2] == [t[0][0], "提案価格" if lang == "ja" else "Proposed price"])
    for table in (ranking, stage):
        assert price_points not in table[0] and all("–" not in row for row in table[1:]), table
    for row in ranking[1:]:   # rank, vendor, evaluation value, presentation points, final score
        assert re.fullmatch(r"\d+\.\d{4}", row[2]) and re.fullmatch(r"\d+\.\d\d", row[3]) and row[4] == row[3], row
    for row in stage[1:]:     # vendor, price, quality score, evaluation value
        assert re.fullmatch(r"\d+\.\d\d", row[2]) and re.fullmatch(r"\d+\.\d{4}", row[3]), row
    summary = load_workbook(tmp_path / "results" / "results.xlsx")["総合結果" if lang == "ja" else "Summary"]
    headers = [c.value.replace("\n", "") for c in summary[1] if c.value]
    assert price_points not in headers and ("品質点" if lang == "ja" else "Quality points") not in headers
    value = summary.cell(2, headers.index("評価値" if lang == "ja" else "Value") + 1)
    assert value.number_format == "#,##0.0000" and isinstance(value.value, float)
    final = summary.cell(2, len([h for h in headers if h]) - 3)   # before why disqualified, incomplete, flags
    assert final.number_format == "#,##0.00"


@pytest.mark.parametrize("lang, unit, money", [("en", "(£)", r"£\d{1,3}(,\d{3})*\.\d\d"), ("ja", "（円）", r"\d{1,3}(,\d{3})*\.\d\d円")])
def test_price_per_quality_point_says_its_unit_and_its_order_stays_with_the_ranking(tmp_path, lang, unit, money):
    """A price per quality point is money, not points: its headings in the memo, results.xlsx and the
    notices name the currency, and the memo's prose writes it as money. The sentence that lower ranks
    higher stands above the ranking table, kept with it (as a caption below, it fell onto the next page)."""
    data = staged_data(lang)
    data["evaluation"]["price"] = {"formula": "price_per_quality", "reference_price": 150_000_000}
    data["evaluation"]["rules"].pop("presentation")
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    write_results_and_notices(project, tally(project, fill_all(tmp_path, project, gates=PASSES, prices=PRICES, lang=lang)), tmp_path / "results")
    heading = "品質スコア1点あたりの価格" + unit if lang == "ja" else "Price per quality point " + unit

    def one_line(text: str) -> str:
        return text.replace("\n", "") if lang == "ja" else " ".join(text.split())

    memo = Document(str(tmp_path / "results" / "results.docx"))
    ranking = next(t for t in docx_tables(tmp_path / "results" / "results.docx") if t[0][0].startswith(("順位", "Rank")))
    assert one_line(ranking[0][-1]) == heading, ranking[0]
    body = list(memo.element.body.iterchildren())
    note = next(p for p in memo.paragraphs if shown(p.text) == ("品質スコア1点あたりの価格が低いほど上位となる。" if lang == "ja"
                                                               else "The lower the price per quality point, the higher the rank."))
    assert note.paragraph_format.keep_with_next
    following = body[body.index(note._p) + 1]
    assert following.tag.endswith("}tbl") and shown(following.xpath("string(.//w:tc)")).startswith(("順位", "Rank"))
    basis = docx_text(tmp_path / "results" / "results.docx")
    assert re.search(("最も低い品質スコア1点あたりの価格（" if lang == "ja" else r"lowest price per quality point \(") + money, basis)

    summary = load_workbook(tmp_path / "results" / "results.xlsx").worksheets[0]
    assert heading in [one_line(c.value) for c in summary[1] if c.value]
    for notice in (tmp_path / "results" / "notices").glob("*.docx"):
        labels = [row[0] for table in docx_tables(notice) for row in table]
        assert heading in labels, labels
