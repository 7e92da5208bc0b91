"""The evaluation rules of issue 18, each against figures computed by hand.

Most cases run rfpgen.scoring.ranking.standing directly on constructed scores: two criteria
C1/C2 weighted 50/50 on a 0-5 scale, quality points 70, relative-to-lowest price points out of 30,
so quality Q = 10 × (C1 + C2) for one evaluator and total = 0.7 Q + 30 × lowest / price.
"""
from __future__ import annotations

import pytest

from rfpgen.scoring.model import Scheme
from rfpgen.scoring.ranking import BELOW_CRITERION_MINIMUM, BELOW_MINIMUM, NOT_ADVANCED, Tallied, standing
from rfpgen.scoring.rules import Rules, statements
from rfpgen.validation import project_from_data
from rfpgen.words import locale


def project(rules: dict | None = None, price: dict | None = None, vendors=("X", "Y"), criteria=None, evaluators=("E1",)):
    data = {
        "schema_version": 1,
        "project": {"id": "rules-cc", "title": "Rules", "client": {"name": "City"}, "language": "en", "version": "1"},
        "evaluation": {
            "scale": {"max": 5}, "quality_points": 70,
            "criteria": criteria or [{"id": "C1", "name": "Method", "weight": 50}, {"id": "C2", "name": "Staffing", "weight": 50}],
            "price": price or {"formula": "relative_to_lowest", "max_points": 30},
            "vendors": [{"id": v, "name": f"{v} Ltd"} for v in vendors],
            "evaluators": [{"id": e, "name": e} for e in evaluators],
        },
    }
    if rules:
        data["evaluation"]["rules"] = rules
    return project_from_data(data)


def vendor(vid, price, **scores_by_evaluator):
    """vendor("X", 120, E1=(5, 3)) : scores (C1, C2) per evaluator."""
    scores = {"C1": {}, "C2": {}}
    for evaluator, (c1, c2) in scores_by_evaluator.items():
        scores["C1"][evaluator], scores["C2"][evaluator] = float(c1), float(c2)
    return Tallied(vid, scores, price=float(price))


def run(p, vendors, **kw):
    return standing(Scheme(p), Rules.of(p.data["evaluation"]), vendors, **kw)


# X: Q 80 (56 quality points), price 120 -> 30 × 92 / 120 = 23 -> 79
# Y: Q 70 (49 quality points), price  92 -> 30               -> 79
TIED = [vendor("X", 120, E1=(5, 3)), vendor("Y", 92, E1=(2, 5))]


def test_equal_totals_by_hand():
    out = run(project(), TIED)
    assert out.total == {"X": 79.0, "Y": 79.0}
    assert out.rank == {"X": 1, "Y": 1}            # no tie-break: a shared rank
    assert out.ties[0]["resolved"] is False


@pytest.mark.parametrize("tie_break, first", [
    ([{"by": "quality"}], "X"),                     # 80 > 70
    ([{"by": "price"}], "Y"),                       # 92 < 120
    ([{"by": "criterion", "criterion": "C2"}], "Y"),  # 5 > 3
    ([{"by": "criterion", "criterion": "C1"}], "X"),  # 5 > 2
])
def test_tie_broken_by_each_rule(tie_break, first):
    out = run(project({"tie_break": tie_break}), TIED)
    assert out.rank[first] == 1
    assert out.rank[{"X": "Y", "Y": "X"}[first]] == 2
    assert out.ties[0]["resolved"] and out.ties[0]["by"] == tie_break


def test_tie_broken_by_lots_recorded():
    p = project({"tie_break": [{"by": "lots"}]})
    pending = run(p, TIED)
    assert pending.rank == {"X": 1, "Y": 1} and pending.ties[0]["lots_pending"]
    drawn = [vendor("X", 120, E1=(5, 3)), vendor("Y", 92, E1=(2, 5))]
    drawn[0].lot, drawn[1].lot = 2, 1
    assert run(p, drawn).rank == {"X": 2, "Y": 1}


def test_vendor_below_minimum_quality_not_ranked():
    out = run(project({"minimum": {"quality": 75}}), TIED)
    assert out.excluded["Y"] == [(BELOW_MINIMUM, None)] and out.rank["Y"] is None
    # Y is out, so X's is the lowest price left: 56 + 30 = 86
    assert out.rank["X"] == 1 and out.total["X"] == 86.0


def test_vendor_below_a_criterion_minimum_not_ranked():
    out = run(project({"minimum": {"criteria": [{"criterion": "C1", "score": 3}]}}), TIED)
    assert out.excluded["Y"] == [(BELOW_CRITERION_MINIMUM, "C1")] and out.rank["Y"] is None
    assert out.rank["X"] == 1


def test_rank_sum_with_ties_split():
    # equal prices: everyone gets 30 price points, so each evaluator ranks by their own Q
    #        E1      E2      E3     ranks E1/E2/E3     sum
    # A  80 (4,4) 90 (5,4) 60 (3,3)  1.5 / 1 / 3       5.5
    # B  80 (4,4) 70 (4,3) 90 (5,4)  1.5 / 3 / 1       5.5
    # C  60 (3,3) 80 (4,4) 70 (4,3)  3   / 2 / 2       7
    # A and B tie on 5.5; by quality: mean Q A 76.67 < B 80 -> B first
    p = project({"aggregation": "rank_sum", "tie_break": [{"by": "quality"}]}, vendors=("A", "B", "C"),
                evaluators=("E1", "E2", "E3"))
    vendors = [vendor("A", 100, E1=(4, 4), E2=(5, 4), E3=(3, 3)), vendor("B", 100, E1=(4, 4), E2=(4, 3), E3=(5, 4)),
               vendor("C", 100, E1=(3, 3), E2=(4, 4), E3=(4, 3))]
    out = run(p, vendors)
    assert out.evaluator_rank["E1"] == {"A": 1.5, "B": 1.5, "C": 3.0}
    assert out.rank_sum == {"A": 5.5, "B": 5.5, "C": 7.0}
    assert out.rank == {"B": 1, "A": 2, "C": 3}


def test_two_stages_top_three_present():
    # document totals (equal prices, 30 price points each): A 0.7×90+30 = 93, B 86, C 79, D 72 -> A, B, C present
    # presentation P1 60 / P2 40 on 0-5, worth 30 points:
    #   A (2,2): 24+16 = 40% -> 12.0 -> 105.0;  B (5,5): 100% -> 30 -> 116.0;  C (5,4): 60+32 = 92% -> 27.6 -> 106.6
    rules = {"presentation": {"top": 3, "points": 30, "criteria": [{"id": "P1", "name": "Demo", "weight": 60},
                                                                   {"id": "P2", "name": "Q&A", "weight": 40}]}}
    p = project(rules, vendors=("A", "B", "C", "D"))
    vendors = [vendor("A", 100, E1=(5, 4)), vendor("B", 100, E1=(4, 4)), vendor("C", 100, E1=(4, 3)), vendor("D", 100, E1=(3, 3))]
    for v, (p1, p2) in zip(vendors, ((2, 2), (5, 5), (5, 4), (None, None))):
        v.presentation = {"P1": {"E1": p1}, "P2": {"E1": p2}}
    out = run(p, vendors)
    assert out.document_total == pytest.approx({"A": 93.0, "B": 86.0, "C": 79.0, "D": 72.0})
    assert out.excluded["D"] == [(NOT_ADVANCED, None)] and out.rank["D"] is None
    assert out.presentation_points == pytest.approx({"A": 12.0, "B": 30.0, "C": 27.6})
    assert out.total["B"] == pytest.approx(116.0) and out.total["C"] == pytest.approx(106.6)
    assert out.rank == {"B": 1, "C": 2, "A": 3, "D": None}


def test_equal_document_stage_totals_share_a_rank_and_a_tie_at_the_cut_goes_through():
    """The published tie-break orders final scores; at the document stage equal totals share a rank, and all the
    bidders tied for the last place of the top two present. Document totals: A 63 + 30 = 93, B and C as X and Y of
    TIED (79), D 42 + 30 = 72; B has the higher quality score, which the tie-break would have put first."""
    rules = {"tie_break": [{"by": "quality"}], "presentation": {"top": 2, "points": 30, "criteria": [
        {"id": "P1", "name": "Demo", "weight": 100}]}}
    p = project(rules, vendors=("A", "B", "C", "D"))
    vendors = [vendor("A", 92, E1=(5, 4)), vendor("B", 120, E1=(5, 3)), vendor("C", 92, E1=(2, 5)), vendor("D", 92, E1=(3, 3))]
    stage = run(p, vendors, documents_only=True)
    assert stage.document_total == pytest.approx({"A": 93.0, "B": 79.0, "C": 79.0, "D": 72.0})
    assert stage.rank == {"A": 1, "B": 2, "C": 2, "D": 4} and stage.shortlist == {"A", "B", "C"}
    assert stage.ties == [{"vendors": ["B", "C"], "by": [], "resolved": False, "lots_pending": False}]
    for v, score in zip(vendors, (4, 4, 4, None)):   # equal final scores: the tie-break orders them
        v.presentation = {"P1": {"E1": score}}
    final = run(p, vendors)
    assert final.rank == {"A": 1, "B": 2, "C": 3, "D": None} and final.ties[0]["by"] == [{"by": "quality"}]


# Rounding: three evaluators; C1 5,4,4 -> 4.3333…, C2 3,3,4 -> 3.3333…, Q = 10 × 7.6666… = 76.666…
# A's price 90 against the lowest 70: 30 × 70 / 90 = 23.333…
ROUNDING_VENDORS = [vendor("A", 90, E1=(5, 3), E2=(4, 3), E3=(4, 4)), vendor("B", 70, E1=(1, 1), E2=(1, 1), E3=(1, 1))]


@pytest.mark.parametrize("method, digits, quality, points, total", [
    ("truncate", 2, 76.66, 23.33, 76.99),    # 76.66 × 0.7 = 53.662; + 23.33 = 76.992 -> 76.99
    ("half_up", 2, 76.67, 23.33, 77.00),     # 76.67 × 0.7 = 53.669; + 23.33 = 76.999 -> 77.00
    ("half_up", 4, 76.6667, 23.3333, 77.0),  # 53.66669 + 23.3333 = 76.99999 -> 77.0000 (第5位四捨五入)
    ("truncate", 0, 76.0, 23.0, 76.0),       # 53.2 + 23 = 76.2 -> 76
])
def test_rounding_digit_for_digit_of_the_named_figures(method, digits, quality, points, total):
    """Only the figures the rule names are rounded: the means and quality points as computed."""
    p = project({"rounding": {"method": method, "digits": digits, "apply_to": ["quality", "price_score", "total"]}},
                vendors=("A", "B"), evaluators=("E1", "E2", "E3"))
    out = run(p, ROUNDING_VENDORS)
    assert out.quality["A"] == quality
    assert out.price_score["A"] == points
    assert out.total["A"] == total


@pytest.mark.parametrize("method, digits, means, quality, quality_points, points, total", [
    # means 4.33 and 3.33 -> Q = 10 × 7.66 = 76.60; × 0.7 = 53.62; + 23.33 = 76.95
    ("truncate", 2, (4.33, 3.33), 76.6, 53.62, 23.33, 76.95),
    ("half_up", 2, (4.33, 3.33), 76.6, 53.62, 23.33, 76.95),
    # 4.3333 and 3.3333 -> Q = 76.666 -> × 0.7 = 53.6662; + 23.3333 = 76.9995
    ("half_up", 4, (4.3333, 3.3333), 76.666, 53.6662, 23.3333, 76.9995),
    # 4 and 3 -> Q = 70; 49 + 23 = 72
    ("truncate", 0, (4.0, 3.0), 70.0, 49.0, 23.0, 72.0),
])
def test_rounding_every_figure_by_default(method, digits, means, quality, quality_points, points, total):
    """The default rule rounds each figure of the chain and computes the next from the rounded one: a
    criterion's mean, the quality score, the quality points, the price points, the total."""
    p = project({"rounding": {"method": method, "digits": digits}}, vendors=("A", "B"), evaluators=("E1", "E2", "E3"))
    out = run(p, ROUNDING_VENDORS)
    assert (out.criterion_mean["A"]["C1"], out.criterion_mean["A"]["C2"]) == means
    assert out.quality["A"] == quality
    assert out.price_score["A"] == points
    assert out.total["A"] == total
    assert round(out.total["A"] - out.price_score["A"], 6) == quality_points


def test_rounding_only_where_the_project_says():
    p = project({"rounding": {"method": "truncate", "digits": 2, "apply_to": ["total"]}}, vendors=("A", "B"),
                evaluators=("E1", "E2", "E3"))
    out = run(p, ROUNDING_VENDORS)
    assert out.quality["A"] == pytest.approx(76.6666666667)
    assert out.total["A"] == 77.0   # 53.6666… + 23.3333… = 77 exactly on paper; float noise is not truncated away


def test_price_above_reference_disqualifies_or_scores_zero():
    price = {"formula": "relative_to_lowest", "max_points": 30, "reference_price": 100}
    vendors = [vendor("X", 80, E1=(4, 4)), vendor("Y", 110, E1=(5, 5))]
    out = run(project({"above_reference": "disqualify"}, price), vendors)
    assert out.rank["Y"] is None and out.disqualified("Y") and out.rank["X"] == 1
    out = run(project({"above_reference": "zero"}, price), vendors)
    # Y: 0.7 × 100 + 0 = 70 (30 × 80 / 110 = 21.8 without the rule); X: 0.7 × 80 + 30 = 86
    assert out.price_score["Y"] == 0.0 and out.total == {"X": 86.0, "Y": 70.0}
    assert out.rank == {"X": 1, "Y": 2}


def test_low_bid_flagged_or_disqualified():
    price = {"formula": "relative_to_lowest", "max_points": 30, "reference_price": 100}
    vendors = [vendor("X", 55, E1=(3, 3)), vendor("Y", 90, E1=(5, 5))]    # 55 < 0.6 × 100
    flagged = run(project({"low_bid": {"share": 0.6, "action": "review"}}, price), vendors)
    assert flagged.low_bid == {"X"} and flagged.rank["X"] is not None
    out = run(project({"low_bid": {"share": 0.6, "action": "disqualify"}}, price), vendors)
    assert out.disqualified("X") and out.rank["X"] is None and out.rank["Y"] == 1


def test_rules_are_checked_with_their_place():
    from rfpgen.errors import ProjectInvalid

    with pytest.raises(ProjectInvalid) as refused:
        project({"tie_break": [{"by": "criterion", "criterion": "C9"}], "low_bid": {"share": 0.6, "action": "review"},
                 "presentation": {"points": 30, "criteria": [{"id": "P1", "name": "Demo", "weight": 90}]}})
    text = str(refused.value)
    assert "evaluation.rules.tie_break[0].criterion: a tie-break by criterion needs the ID of a scored criterion (got 'C9')" in text
    assert "evaluation.rules.low_bid: low_bid needs evaluation.price.reference_price" in text
    assert "evaluation.rules.presentation: say who goes through to the presentations" in text
    assert "evaluation.rules.presentation.criteria: presentation criterion weights add up to 90, not 100" in text


def test_every_rule_is_stated_for_vendors():
    rules = {"tie_break": [{"by": "price"}, {"by": "lots"}], "minimum": {"quality": 60, "criteria": [{"criterion": "C1", "score": 2}]},
             "rounding": {"method": "truncate", "digits": 2}, "tax_basis": "excluding", "above_reference": "disqualify",
             "low_bid": {"share": 0.6, "action": "review"}, "blind": True,
             "presentation": {"top": 3, "points": 30, "criteria": [{"id": "P1", "name": "Demo", "weight": 100}]}}
    p = project(rules, {"formula": "jp_additive", "max_points": 30, "reference_price": 100})
    en = " ".join(statements(p.data["evaluation"], "en"))
    for words in ("compared excluding tax", "below 60 does not reach the minimum", "“Method” (C1) is below 2",
                  "above the reference price disqualifies", "below 60% of the reference price triggers a feasibility review",
                  "The criterion scores (the evaluators' means), quality score (out of 100), presentation points, quality "
                  "points, price points, document-stage total and final score are each truncated to 2 decimal places. Each "
                  "figure is computed from the rounded figures before it",
                  "the best 3 bidders by document-stage total", "Demo (100)", "Where two or more bidders have the same final score",
                  "Bidders with the same document-stage total share a rank at the document stage; where bidders tie for the "
                  "last of the 3 places, all of them present.",
                  "the lower price; if still equal, to a drawing of lots", "Bidder A, B, C"):
        assert words in en, words
    ja = "".join(statements(p.data["evaluation"], "ja"))
    for words in ("税抜", "品質スコア（100点満点）が60点未満", "評価項目の評点（評価者の平均）・品質スコア（100点満点）・プレゼンテーション点・品質点・価格点", "各数値は、その前の段階の端数処理後の数値から計算する", "予定価格を超える提案は失格", "予定価格の60%を下回る場合は、履行可能性の調査",
                  "小数点以下第3位を切り捨て", "書類審査の総合評価点の上位3者", "最終評価点が同点の場合",
                  "書類審査の総合評価点が同点の者は、書類審査では同順位とする。上位3者の最後の順位に同点の者が並ぶ場合は、その全員が"
                  "プレゼンテーションに進む。",
                  "提案価格の低い者、なお同点の場合は合議の場で行うくじ引き", "提案者A"):
        assert words in ja, words


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_rfp_and_guide_state_the_rules(tmp_path, lang):
    """The RFP as a vendor reads it (and the evaluator guide) carries every rule sentence, nothing withheld."""
    from rfpgen.documents.build import render_documents
    from rfpgen.documents.render import docx_parts, visible_text
    from scoring_support import project_data

    data = project_data()
    data["project"]["language"] = lang
    data["evaluation"]["price"] = {"formula": "jp_additive", "max_points": 30, "reference_price": 160_000_000}
    data["evaluation"]["rules"] = {"tie_break": [{"by": "criterion", "criterion": "C-QM"}, {"by": "lots"}],
                                   "minimum": {"quality": 50}, "rounding": {"method": "half_up", "digits": 4},
                                   "tax_basis": "including", "above_reference": "zero",
                                   "low_bid": {"share": 0.6, "action": "disqualify"}, "aggregation": "rank_sum"}
    p = project_from_data(data)
    rendered = render_documents(p, tmp_path, only={"rfp", "guide"})
    with locale(p.date_style):  # the documents' English: prices including VAT for a UK client
        wanted = statements(p.data["evaluation"], lang, {c["id"]: c["name"] for c in p.criteria()})
    assert len(wanted) >= 7
    for path, data in rendered.items():
        text = " ".join(" ".join(visible_text(x) for n, x in docx_parts(data).items() if n.startswith("word/")).split())
        for sentence in wanted:
            assert " ".join(sentence.split()) in text, (path.name, sentence)
        if "rfp" in path.name:
            assert "Keep the service running" not in text and "OPS-BCP" not in text
