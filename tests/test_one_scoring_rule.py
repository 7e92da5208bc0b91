"""Issue 14, one scoring rule: a bidder reads the RFP's published rule (formulas, weights, reference price,
rounding), takes its own scores and price, and recomputes by hand (no rfpgen scoring code) the figure the
decision memo and results.xlsx print for it, in both examples, presentations included."""
from __future__ import annotations

import copy
import re
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from docx_reading import shown
from memo_support import read_memo
from rfpgen.documents.build import render_documents
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.model import PresentationScheme, Scheme
from rfpgen.validation import project_from_data
from scoring_support import fill_prices, fill_workbook

# the scores each evaluator gives, by the vendor's place in the project and the criterion's place among the
# typed criteria: the second evaluator one lower on odd criteria, the third on even ones (one point apart at most:
# no spread for the consensus meeting to settle; means in thirds, which the rule's rounding cuts)
TYPED = [[4, 3, 5, 4, 3, 4], [3, 4, 3, 3, 4, 4], [2, 3, 3, 2, 3, 2]]
PRESENTED = [[4, 3], [3, 3], [5, 4]]   # by vendor and item, lowered as TYPED is
PRICES = {"ja": [557_000_000, 531_300_000, 589_900_000], "en": [14_870_000, 13_955_500, 15_402_000]}


def _lower(evaluator: int, criterion: int) -> int:
    return int(evaluator == 1 and criterion % 2 == 1 or evaluator == 2 and criterion % 2 == 0)


def _with_a_third_evaluator(project):
    """The example with a third quality evaluator: means of three scores need the rule's rounding."""
    data = copy.deepcopy(project.data)
    data["evaluation"]["evaluators"].append({"id": "E-THIRD", "name": "Third Evaluator", "role": "quality panel"})
    return project_from_data(data)


def _rfp_text(project, tmp_path: Path) -> tuple[str, Document]:
    rendered = render_documents(project, tmp_path / "rfp", only={"rfp"})
    path = tmp_path / "rfp.docx"
    path.write_bytes(next(iter(rendered.values())))
    doc = Document(str(path))
    return shown("\n".join([p.text for p in doc.paragraphs]
                           + ["\t".join(c.text for c in row.cells) for t in doc.tables for row in t.rows])), doc


def _weights(doc: Document, first: str) -> dict[str, float]:
    """A weights table of the RFP (ID, name, weight …) whose first ID starts with `first`, as printed."""
    for table in doc.tables:
        head = [shown(c.text) for c in table.rows[0].cells]
        if head[0] == "ID" and head[2] in ("配点", "Weight") and shown(table.rows[1].cells[0].text).startswith(first):
            return {shown(r.cells[0].text): float(shown(r.cells[2].text)) for r in table.rows[1:] if shown(r.cells[2].text) != "—"}
    raise AssertionError(f"no weights table starting {first}")


def _fill(project, tmp_path: Path, lang: str) -> list[Path]:
    """Every quality evaluator's workbook: TYPED scores, the withheld items all answered concretely, every gate
    passed; and the price workbook."""
    scheme = Scheme(project)
    vendors = scheme.vendors()
    typed = [c["id"] for c in scheme.weighted() if not c.get("unstated_needs")]
    files = []
    for i, path in enumerate(sorted((tmp_path / "scoring").glob("*-scores-*.xlsx"))):
        entries = {}
        for place, vendor in enumerate(vendors):
            scores = {cid: TYPED[place][n % 6] - _lower(i, n) for n, cid in enumerate(typed)}
            entries[scheme.vendor_key(vendor)] = {
                "scores": scores, "gates": {g["id"]: "pass" for g in scheme.gates()},
                "checklist": {r.id: "concrete" for r in project.withheld()}}
        files.append(fill_workbook(path, entries, lang))
    prices = dict(zip([v["id"] for v in vendors], PRICES[lang]))
    return files + [fill_prices(next((tmp_path / "scoring" / "procurement").glob("*-prices.xlsx")), prices)]


def _fill_presentations(project, folder: Path, lang: str) -> list[Path]:
    stage = PresentationScheme(project)
    place = {v["id"]: i for i, v in enumerate(Scheme(project).vendors())}
    criteria = [c["id"] for c in stage.weighted()]
    files = []
    for i, path in enumerate(sorted(folder.glob("*-presentation-*.xlsx"))):
        entries = {stage.vendor_key(v): {"scores": {cid: PRESENTED[place[v["id"]]][n % 2] - _lower(i, n)
                                                    for n, cid in enumerate(criteria)}} for v in stage.vendors()}
        files.append(fill_workbook(path, entries, lang))
    return files


def _typed_scores(files: list[Path], vendor_key: str, criteria) -> dict[str, list[float]]:
    """What the evaluators typed for one vendor, read from their workbooks as a bidder would be told them."""
    from scoring_support import rows_by_key, vendor_sheets

    typed: dict[str, list[float]] = {}
    for path in files:
        ws = vendor_sheets(load_workbook(path))[vendor_key]
        rows = rows_by_key(ws)
        for cid in criteria:
            value = ws[f"E{rows['criterion=' + cid]}"].value if f"criterion={cid}" in rows else None
            if isinstance(value, (int, float)):   # the computed criterion holds its formula
                typed.setdefault(cid, []).append(float(value))
    return typed


def _rounder(text: str):
    """The published rounding, read from the rule's sentence: method and digits."""
    ja = re.search(r"小数点以下第(\d)位を(切り捨て|四捨五入し)", text)
    if ja:
        digits, method = int(ja.group(1)) - 1, ROUND_DOWN if ja.group(2) == "切り捨て" else ROUND_HALF_UP
    else:
        en = re.search(r"are each (truncated|rounded half up) to (\d) decimal place", text)
        digits, method = int(en.group(2)), ROUND_DOWN if en.group(1) == "truncated" else ROUND_HALF_UP
    return digits, lambda v: float(Decimal(repr(round(v, 9))).quantize(Decimal(1).scaleb(-digits), rounding=method))


@pytest.mark.parametrize("example", ["ja", "en"])
def test_a_bidder_recomputes_its_final_score_from_the_rfp(tmp_path, example, request):
    project = _with_a_third_evaluator(request.getfixturevalue(example))
    lang = project.lang
    write_scoring_outputs(project, tmp_path)
    files = _fill(project, tmp_path, lang)
    if Scheme(project).blind:   # the document stage's tally writes the presentation workbooks, by name
        first = tally(project, files)
        write_results(project, first, tmp_path / "stage")
        folder = tmp_path / "stage" / "presentations"
    else:
        folder = tmp_path / "scoring"
    presented = _fill_presentations(project, folder, lang)
    result = tally(project, files + presented)
    write_results(project, result, tmp_path / "results")

    # the rule, as the RFP publishes it
    text, rfp = _rfp_text(project, tmp_path)
    smax = int(re.search(r"(?:品質スコア ＝ Σ（配点 × 評点 ÷ |Quality score = Σ \(weight × score ÷ )(\d+)", text).group(1))
    quality_points = float(re.search(r"(?:品質点 ＝ 品質スコア|Quality points = quality score) × ([\d.]+) ÷ 100", text).group(1))
    presentation_points = float(re.search(r"(?:プレゼンテーション点 ＝ |Presentation points = )Σ.*?× ([\d.]+) ÷ 100", text).group(1))
    assert re.search(r"最終評価点 ＝ 書類審査の総合評価点 ＋ プレゼンテーション点|Final score = document-stage total \+ presentation points", text)
    digits, rounded = _rounder(text)
    assert re.search(r"評価項目の評点（評価者の平均）・品質スコア（100点満点）・プレゼンテーション点・品質点・価格点・書類審査の総合評価点・最終評価点"
                     r"|criterion scores \(the evaluators' means\), quality score \(out of 100\), presentation points, quality points, "
                     r"price points, document-stage total and final score are each", text)
    weights, stage_weights = _weights(rfp, "C-" if lang == "ja" else "G-"), _weights(rfp, "P-")
    assert sum(weights.values()) == 100 and sum(stage_weights.values()) == 100

    # one bidder's own scores and price; the computed criterion: every withheld need answered concretely, full marks
    scheme = Scheme(project)
    vendor = scheme.vendors()[0]
    typed = _typed_scores(files[:-1], scheme.vendor_key(vendor), weights)
    typed.update({c["id"]: [float(smax)] for c in scheme.weighted() if c.get("unstated_needs")})
    price = PRICES[lang][0]
    means = {cid: rounded(sum(s) / len(s)) for cid, s in typed.items()}
    quality = rounded(sum(w * means[cid] / smax for cid, w in weights.items()))
    if lang == "ja":
        max_points = float(re.search(r"価格点 ＝ ([\d.]+) ×（1 − 提案価格 ÷ 予定価格）", text).group(1))
        reference = float(re.search(r"予定価格\t([\d,]+)円", text).group(1).replace(",", ""))
        price_points = rounded(max(0.0, max_points * (1 - price / reference)))
    else:
        max_points = float(re.search(r"Price points = ([\d.]+) × lowest price ÷ this price", text).group(1))
        price_points = rounded(max_points * min(PRICES[lang]) / price)
    document = rounded(rounded(quality * quality_points / 100) + price_points)
    stage_typed = _typed_scores(presented, PresentationScheme(project).vendor_key(vendor), stage_weights)
    stage_means = {cid: rounded(sum(s) / len(s)) for cid, s in stage_typed.items()}
    points = rounded(sum(w * stage_means[cid] / smax for cid, w in stage_weights.items()) * presentation_points / 100)
    final = rounded(document + points)
    expected = f"{final:,.{digits}f}"

    # … is what the memo and results.xlsx print for it
    name = shown(vendor["name"])
    _, tables = read_memo(tmp_path / "results" / "results.docx")
    final_name = "最終評価点" if lang == "ja" else "Final score"
    ranking = next(t for t in tables if final_name in t[0] and any(name in r for r in t))
    row = next(r for r in ranking if name in r)
    assert row[ranking[0].index(final_name)].strip() == expected, (row, expected)
    summary = load_workbook(tmp_path / "results" / "results.xlsx").worksheets[0]
    head = next(r for r in summary.iter_rows() if any(c.value == final_name for c in r))
    column = next(c.column for c in head if c.value == final_name)
    cell = next(summary.cell(r[0].row, column) for r in summary.iter_rows(min_row=head[0].row + 1)
                if any(c.value == name for c in r))
    assert cell.value == pytest.approx(final) and cell.number_format.endswith("0." + "0" * digits)


def _division_project(lang: str = "ja", digits: int = 4):
    """The small scoring project priced by the division method, presentations joining the quality points."""
    from scoring_support import project_data

    data = project_data()
    data["project"]["language"] = lang
    data["rfp"] = {"withhold": {"budget": False}}
    evaluation = data["evaluation"]
    evaluation["price"] = {"formula": "jp_division", "base_points": 100, "basis": "36か月の総額"}
    evaluation["rules"] = {"rounding": {"method": "truncate", "digits": digits}, "minimum": {"quality": 50},
                           "presentation": {"top": 3, "points": 30, "combine": "technical",
                                            "criteria": [{"id": "P-DEMO", "name": "実演", "weight": 60},
                                                         {"id": "P-QA", "name": "質疑", "weight": 40}]}}
    return project_from_data(data)


# three evaluators one point apart at most: means in thirds
DIVISION_SCORES = {"E1": {"V-A": {"C-EXP": 4, "C-QM": 3, "C-WFM": 4}, "V-B": {"C-EXP": 3, "C-QM": 3, "C-WFM": 3},
                          "V-C": {"C-EXP": 5, "C-QM": 4, "C-WFM": 4}},
                   "E2": {"V-A": {"C-EXP": 4, "C-QM": 4, "C-WFM": 4}, "V-B": {"C-EXP": 2, "C-QM": 3, "C-WFM": 3},
                          "V-C": {"C-EXP": 4, "C-QM": 4, "C-WFM": 5}},
                   "E3": {"V-A": {"C-EXP": 3, "C-QM": 4, "C-WFM": 3}, "V-B": {"C-EXP": 3, "C-QM": 2, "C-WFM": 3},
                          "V-C": {"C-EXP": 5, "C-QM": 5, "C-WFM": 4}}}
DIVISION_PRICES = {"V-A": 118_400_000, "V-B": 96_700_000, "V-C": 141_250_000}


def _division_run(tmp_path, project):
    from scoring_support import GATES, fill_all

    write_scoring_outputs(project, tmp_path)
    gates = {e: {v: {g: "pass" for g in by} for v, by in GATES[e].items()} for e in GATES}
    checklist = {e: {v: {r.id: "concrete" for r in project.withheld()} for v in DIVISION_PRICES} for e in GATES}
    files = fill_all(tmp_path, project, scores=DIVISION_SCORES, checklist=checklist, gates=gates, prices=DIVISION_PRICES,
                     lang=project.lang)
    presented = []
    for i, path in enumerate(sorted((tmp_path / "scoring").glob("*-presentation-*.xlsx"))):
        presented.append(fill_workbook(path, {v: {"scores": {"P-DEMO": 4 - (i == 1), "P-QA": 3 + (i == 2)}}
                                              for v in DIVISION_PRICES}, project.lang))
    result = tally(project, files + presented)
    write_results(project, result, tmp_path / "results")
    return files, presented, result


def test_division_with_presentations_divides_quality_and_presentation_points_by_the_price(tmp_path):
    """除算方式 with presentations: the presentation points join the quality points (技術点) before the division by
    the price, as the RFP publishes; a bidder recomputes its 最終評価点 by hand and finds the memo's and
    results.xlsx's figure."""
    project = _division_project()
    assert not [p for p in project.warnings if "presentation" in p.path]
    files, presented, result = _division_run(tmp_path, project)
    text, rfp = _rfp_text(project, tmp_path)
    assert "最終評価点 ＝（基礎点 100 ＋ 品質点 ＋ プレゼンテーション点）÷ 提案価格 × 1,000,000" in text
    base = float(re.search(r"最終評価点 ＝（基礎点 ([\d.]+)", text).group(1))
    smax = int(re.search(r"品質スコア ＝ Σ（配点 × 評点 ÷ (\d+)）", text).group(1))
    quality_points = float(re.search(r"品質点 ＝ 品質スコア × ([\d.]+) ÷ 100", text).group(1))
    presentation_points = float(re.search(r"プレゼンテーション点 ＝ Σ.*?× ([\d.]+) ÷ 100", text).group(1))
    digits, rounded = _rounder(text)
    assert digits == 4
    weights, stage_weights = _weights(rfp, "G-"), _weights(rfp, "P-")

    vendor = "V-A"
    typed = _typed_scores(files[:-1], vendor, weights)
    typed["C-UNS"] = [float(smax)]       # every withheld need answered concretely: full marks
    quality = rounded(sum(w * rounded(sum(typed[c]) / len(typed[c])) / smax for c, w in weights.items()))
    stage_typed = _typed_scores(presented, vendor, stage_weights)
    points = rounded(sum(w * rounded(sum(s) / len(s)) / smax for c, s in stage_typed.items()
                         for w in [stage_weights[c]]) * presentation_points / 100)
    final = rounded((base + rounded(quality * quality_points / 100) + points) / DIVISION_PRICES[vendor] * 1_000_000)
    assert final != rounded((base + rounded(quality * quality_points / 100)) / DIVISION_PRICES[vendor] * 1_000_000 + points)

    memo, tables = read_memo(tmp_path / "results" / "results.docx")
    ranking = next(t for t in tables if "最終評価点" in t[0] and any("Alpha Contact" in c for r in t for c in r))
    row = next(r for r in ranking if any("Alpha Contact" in c for c in r))
    assert row[ranking[0].index("最終評価点")].strip() == f"{final:.4f}"
    assert f"＝ {final:.4f}" in memo or f"→ {final:.4f}（端数処理）" in memo   # the worked line ends on it
    summary = load_workbook(tmp_path / "results" / "results.xlsx").worksheets[0]
    head = next(r for r in summary.iter_rows() if any(c.value == "最終評価点" for c in r))
    column = next(c.column for c in head if c.value == "最終評価点")
    cell = next(summary.cell(r[0].row, column) for r in summary.iter_rows(min_row=head[0].row + 1)
                if any(c.value == "Alpha Contact <Ltd>" for c in r))
    assert cell.value == pytest.approx(final) and cell.number_format.endswith("0.0000")


def test_presentation_points_added_to_a_division_value_are_refused_and_the_technical_rule_is_named(tmp_path):
    from rfpgen.scoring.rules import check
    from rfpgen.words.glossary import glossary
    from rfpgen.words import say

    project = _division_project()
    evaluation = project.data["evaluation"]
    assert not check(evaluation)
    summed = copy.deepcopy(evaluation)
    summed["rules"]["presentation"]["combine"] = "sum"
    assert any("combine: technical" in en and "combine: technical" in ja for _, en, ja in check(summed))
    meanings = {key: meaning for key, _, meaning in glossary(project)}
    assert "品質点にプレゼンテーション点を加えてから" in meanings["final_score_technical"][0]
    assert "final_score" not in meanings and "final_score_presentation_only" not in meanings
    assert say("choice.technical", "ja").startswith("品質点（技術点）にプレゼンテーション点を加えて")


@pytest.mark.parametrize("digits", [2, 4])
def test_every_figure_prints_the_rules_digits_in_memo_workbooks_and_consensus(tmp_path, digits):
    """The published digits, everywhere a figure is printed: the memo's tables, results.xlsx's number formats
    and the consensus workbook's mean (a spread between evaluators makes one)."""
    from scoring_support import AGREED_SCORES

    project = _division_project(digits=digits)
    project.data["evaluation"]["price"] = {"formula": "jp_additive", "max_points": 30, "reference_price": 160_000_000}
    project.data["evaluation"]["rules"].pop("presentation")
    project = project_from_data(project.data)
    from scoring_support import GATES, fill_all

    write_scoring_outputs(project, tmp_path)
    scores = copy.deepcopy(AGREED_SCORES)
    scores["E3"]["V-A"]["C-QM"] = 2          # 4, 4, 2: a spread of 2 for the consensus meeting, a mean of 3.33…
    gates = {e: {v: {g: "pass" for g in by} for v, by in GATES[e].items()} for e in GATES}
    checklist = {e: {v: {r.id: "concrete" for r in project.withheld()} for v in DIVISION_PRICES} for e in GATES}
    result = tally(project, fill_all(tmp_path, project, scores=scores, checklist=checklist, gates=gates,
                                     prices=DIVISION_PRICES, lang="ja"))
    write_results(project, result, tmp_path / "results")
    fmt = "0." + "0" * digits
    mean = "3.33" if digits == 2 else "3.3333"
    _, tables = read_memo(tmp_path / "results" / "results.docx")
    assert any(mean in cell for t in tables for r in t for cell in r)
    ranking = next(t for t in tables if "総合評価点" in t[0] and "品質点" in t[0])
    for name in ("品質点", "価格点", "総合評価点"):
        column = ranking[0].index(name)
        assert all(re.fullmatch(r"[\d,]+\." + r"\d" * digits, r[column].strip()) for r in ranking[1:]), (name, ranking)
    summary = load_workbook(tmp_path / "results" / "results.xlsx").worksheets[0]
    head = next(r for r in summary.iter_rows() if any(c.value == "品質点" for c in r))
    for name in ("品質スコア（100点満点）", "品質点", "価格点", "総合評価点"):
        column = next(c.column for c in head if str(c.value or "").replace("\n", "") == name)
        assert summary.cell(head[0].row + 1, column).number_format.endswith(fmt), name
    consensus = load_workbook(next((tmp_path / "results").glob("*consensus*.xlsx"))).worksheets[0]
    row = next(r for r in consensus.iter_rows() if str(r[0].value or "").endswith("/C-QM") and "V-A" in str(r[0].value))
    assert row[5].number_format == fmt and row[5].value == float(mean)


@pytest.mark.parametrize("example", ["ja", "en"])
def test_presentation_criteria_have_their_anchors_in_the_guide_and_the_presentation_workbooks(tmp_path, example, request):
    """The guide says the panel scores the presentations: what earns each score there is printed as for the
    proposal's criteria, in the guide and in the presentation workbooks the panel scores in."""
    from docx_reading import full_text
    from rfpgen.scoring.sheets import write_presentation_workbooks

    project = request.getfixturevalue(example)
    stage = PresentationScheme(project)
    demo = next(c for c in stage.weighted() if c["id"] == "P-DEMO")
    top = next(a["description"] for a in demo["anchors"] if a["score"] == 5)
    guide = full_text(next(iter(render_documents(project, tmp_path, only={"guide"}).values())))
    assert shown(top) in shown(guide)
    written = write_presentation_workbooks(project, tmp_path / "presentations", [v["id"] for v in Scheme(project).vendors()])
    sheet = load_workbook(written[0]).worksheets[1]
    cells = " ".join(str(c.value).replace("\n", "") for r in sheet.iter_rows() for c in r if isinstance(c.value, str))
    assert "5：" + top in cells or "5: " + top in cells


def test_a_presentation_anchor_above_the_scale_is_refused_naming_its_path():
    from rfpgen.validation import validate_bytes
    from rfpgen.yamlio import dump

    data = copy.deepcopy(_division_project().data)
    data["evaluation"]["rules"]["presentation"]["criteria"][0]["anchors"] = [{"score": 7, "description": "Beyond the scale."}]
    _, problems = validate_bytes(dump(data).encode("utf-8"), "p.yaml", "en")
    errors = [p for p in problems if p.severity == "error"]
    assert [p.path for p in errors] == ["evaluation.rules.presentation.criteria[0].anchors[0].score"]
    assert "above the scale maximum 5" in errors[0].message
