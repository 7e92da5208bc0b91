"""The evaluator guide (評価者ガイド): how to score, what the RFP withholds and what to look for."""
from __future__ import annotations

from ..clarifications import disclosures
from ..project import Project
from ..scoring.model import COVERAGE_WORDS, GATE_WORDS, coverage_values
from ..scoring.decision import total_decimals
from ..scoring.model import Scheme
from ..scoring.price import gives_price_points
from ..scoring.ranking import ABOVE_REFERENCE, DISQUALIFYING, LOW_BID, REVIEW, ZEROED, price_part, price_rules
from ..scoring.rules import Rules, figure_decimals
from ..text import EMPTY, clean, money, number
from ..words import enum, say, tr
from ..words.scoring import document_total_key
from .parts import (Outline, anchor_table, criteria_table, evaluation_rule_statements, price_pairs, rfp_chapter, rfp_numbering,
                    scale_table)
from .clarifications import disclosed_table, evidence_table
from .staffing_annex import staffing_chapter


def guide_procedure(project: Project) -> list[str]:
    """How to score, in the same terms and with the same rules as the scoring workbooks."""
    lang, spread = project.lang, number(round(project.spread_threshold(), 1))
    unstated = project.unstated_needs_criterion()
    coverage, gate = COVERAGE_WORDS[lang], GATE_WORDS[lang]
    steps = [
        tr(lang, "各評価者は、他の評価者と相談せずに独立して採点する。評価シートは評価者ごとに配布される。",
           "Each evaluator scores independently, without consulting the others. Every evaluator receives their own scoring workbook."),
        tr(lang, "評点は評価項目ごとの評点の基準に照らして付け、評点の根拠となる提案書の該当ページをコメント欄に記載する。",
           "Score against the anchors of the scale (what earns each score) and note in the comment the proposal pages that justify the score."),
        tr(lang, f"必須項目は「{gate['pass']}」「{gate['fail']}」で判定する。評価者の過半数が「{gate['fail']}」とした提案者は失格となり、判定が分かれた項目は合議で確認する。",
           f"Mandatory criteria are {gate['pass']} or {gate['fail']}. A bidder that a majority of evaluators fail is disqualified; split results are settled in the consensus meeting."),
    ]
    if project.withheld():
        steps.append(
            tr(lang, f"RFPに記載しない要件（下記）は、提案書が自発的に触れているかをチェックリストで「{coverage['absent']}」「{coverage['mentioned']}」「{coverage['concrete']}」のいずれかで記録する。"
                     + (f"評価項目「{clean(unstated['name'])}」の評点は、このチェックリストから算出される。" if unstated else "この記録は参考情報であり、評点には反映しない。"),
               f"For the requirements left out of the RFP (listed below), record on the checklist whether the proposal addresses them unprompted: {coverage['absent']}, {coverage['mentioned']} or {coverage['concrete']}. "
               + (f"The score of “{clean(unstated['name'])}” is computed from that checklist." if unstated else "The record is for information only and does not affect the scores.")))
    steps += [
        tr(lang, "品質評価の担当者には価格を開示しない。価格は、価格を閲覧する評価者が別の価格シートで評価する。",
           "Quality evaluators do not see prices. The evaluators who see prices score them on a separate price workbook."),
        tr(lang, f"全評価者の採点後に合議を開く。評価者間で{spread}点以上の差がある項目は、合議で根拠を確認し、必要に応じて評点を見直す。",
           f"After everyone has scored, a consensus meeting reviews every item where evaluators differ by {spread} points or more and agrees on the final scores."),
    ]
    return steps + _stage_steps(project)


def _stage_steps(project: Project) -> list[str]:
    """With presentations, the order that keeps the document stage's scores (and their blindness)
    sound: settled with their consensus first, then the presentations, scored by name."""
    rules = Rules.of(project.data["evaluation"])
    if rules.presentation is None:
        return []
    lang = project.lang
    steps = [tr(lang, "書類審査の評点は、合議の結果を記録して確定し、プレゼンテーションに進む提案者を決めてから、プレゼンテーションを行う。"
                      "確定した書類審査の評点は、プレゼンテーションの後に見直さない。",
                "The document-stage scores are settled, the consensus meeting's results recorded, and the bidders who go through "
                "decided before the presentations are held. The settled document-stage scores are not revisited after the presentations.")]
    if rules.blind:
        steps.append(tr(lang, "提案者名を伏せて評価するのは書類審査だけである。評価上の名称と提案者の対応表は、書類審査の評点が確定するまで"
                              "調達担当者だけが持つ。プレゼンテーションで提案者と対面すると、評価上の名称がどの提案者かが分かるためである。",
                        "Only the document stage is blind. Procurement alone holds the key from alias to bidder until the document-stage "
                        "scores are settled: meeting the presenters shows who each alias is."))
    # under blind evaluation the build cannot write them: workbooks naming every bidder beside the aliases' would unblind
    # the panel (rfpgen.scoring.sheets.write_workbooks); the document stage's tally writes them for those who go through
    written = (tr(lang, "プレゼンテーション評価シートは、書類審査の集計で進む者が確定したときに、集計結果と同じフォルダの presentations に作成される。",
                  "These workbooks are made once it is settled who goes through to the presentations; they are in the "
                  "presentations folder, beside the document-stage results.") if rules.blind else "")
    steps.append(tr(lang, "プレゼンテーションは、提案者名を示したプレゼンテーション評価シートで、プレゼンテーションに進んだ提案者だけを評価する。"
                          "評価者間の差が大きい項目は、同じく合議で確認する。",
                    "The presentations are scored on the presentation workbooks, which name the bidders, for the bidders who went "
                    "through only. Items on which the evaluators differ widely go to a consensus meeting as well.")
                 + (written if lang == "ja" else f" {written}" if written else ""))
    return steps



def _worked_example(project: Project) -> tuple[list[str], list[list[str]]]:
    """Three hypothetical bids run through the project's own price formula and price rules, rounded as
    published; the third bid lies above the reference price (or the budget), so the example shows what
    the rules do to such a bid: disqualified, 0 price points, or what the formula gives."""
    lang = project.lang
    evaluation = project.data["evaluation"]
    price = evaluation["price"]
    reference = price.get("reference_price")
    base = reference or (project.section("pricing").get("budget") or {}).get("amount") or 10_000_000
    # X, Y, Z: the blind evaluation already calls real bidders 提案者A, B, C / Vendor A, B, C
    bids = {"X": (82.0, round(base * 0.95)), "Y": (74.0, round(base * 0.85)), "Z": (66.0, round(base * 1.05))}
    rules = Rules.of(evaluation)
    outcomes = {vendor: price_rules(rules, bid, reference) for vendor, (_, bid) in bids.items()}
    eligible = {vendor: q for vendor, (q, _) in bids.items() if not DISQUALIFYING & set(outcomes[vendor])}
    points, totals, _ = price_part(Scheme(project), rules, price["formula"], eligible,
                                   {vendor: bids[vendor][1] for vendor in eligible},
                                   {vendor for vendor, found in outcomes.items() if ZEROED in found})
    currency = project.section("pricing").get("currency", "JPY")
    out = say("score.disqualified", lang)
    additive = gives_price_points(price["formula"])
    digits = total_decimals(rules, price["formula"])
    header = [tr(lang, "提案", "Proposal"), say("score.quality_score", lang), say("score.price", lang)] \
        + ([say("score.price_score", lang)] if additive else []) \
        + [say(_document_total_key(project), lang), say("score.note", lang)]
    rows = []
    for vendor, (q, bid) in bids.items():
        shown_points = out if vendor not in eligible else number(points[vendor], figure_decimals(rules, "price_score"), EMPTY)
        shown_total = out if vendor not in eligible else number(totals[vendor], digits, EMPTY)
        rows.append([tr(lang, f"提案{vendor}", f"Proposal {vendor}"), number(q, figure_decimals(rules, "quality")),
                     money(bid, currency, lang)]
                    + ([shown_points] if additive else [])
                    + [shown_total, _example_note(lang, outcomes[vendor], bid, reference, price["formula"], base)])
    return header, rows


def _example_note(lang: str, outcomes: list[str], bid: float, reference: float | None, formula: str, base: float) -> str:
    """Why a bid of the worked example scores as it does under the price rules; without a reference
    price, that a bid above the budget (`base`) is scored by the formula all the same and flagged."""
    if ABOVE_REFERENCE in outcomes:
        return tr(lang, "予定価格を超えるため失格", "Above the reference price: disqualified")
    if LOW_BID in outcomes:
        return tr(lang, "低価格の基準を下回るため失格", "Below the low-price threshold: disqualified")
    if ZEROED in outcomes or (formula == "jp_additive" and reference and bid > reference):
        return tr(lang, "予定価格を超えるため価格点は0点", "Above the reference price: 0 price points")
    if REVIEW in outcomes:
        return tr(lang, "低価格の基準を下回るため履行可能性を調査", "Below the low-price threshold: feasibility review")
    if not reference and bid > base:
        results = say("score.kind_results", lang)
        return tr(lang, f"予算を超える（失格とはせず算定式どおりに採点し、{results}で指摘）",
                  f"Above the budget: scored by the formula all the same, and flagged in the {results}")
    return ""


def guide_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = Outline(lang)
    chapter = outline.chapter

    how = chapter(tr(lang, "評価の進め方", "How to evaluate"))
    how.bullets(tr(lang, "手順", "Procedure"), guide_procedure(project))
    how.bullets(tr(lang, "評価と選定の規則", "Evaluation and award rules"), evaluation_rule_statements(project, internal=True))
    scale_table(how, project)
    crit = chapter(tr(lang, "評価項目と評点の基準", "Criteria and what earns each score"))
    criteria_table(crit, project)
    anchor_table(crit, project, tr(lang, "評点の基準", "What earns each score"))
    hidden = chapter(tr(lang, "RFPに記載しない要件", "Requirements left out of the RFP"))
    unstated = project.unstated_needs_criterion()
    hidden.text(tr(lang, "評価の方法", "How they are scored"),
                tr(lang, f"以下の要件はRFPに記載していない。提案書が自発的に触れているかを確認し、評価項目「{clean(unstated['name'])}」（{unstated['id']}）で評価する。"
                         f"各要件について、{coverage_values(lang)}（{COVERAGE_WORDS[lang]['concrete']}は方法・指標・担当・該当ページがあるもの）とし、優先度による重み（必須3、推奨2、任意1）で加重平均した充足度に評価尺度の満点を乗じ、小数点以下を四捨五入した整数を評点とする。"
                         if unstated else "以下の要件はRFPに記載していない。RFPで公表した評価項目に提案力を評価する項目がないため、これらの充足状況は参考情報として記録し、評点には反映しない。",
                   f"The RFP does not state the requirements below. Check whether each proposal addresses them unprompted; they are scored under the published criterion "
                   f"“{clean(unstated['name'])}” ({unstated['id']}). For each: {coverage_values(lang)} ({COVERAGE_WORDS[lang]['concrete']}: method, metric, owner, page reference); "
                   "the score is the coverage, weighted by priority (must 3, should 2, may 1), multiplied by the top of the scale and rounded half up to a whole point."
                   if unstated else "The RFP does not state the requirements below. No published criterion scores needs the RFP does not state, so their coverage "
                   "is recorded for information only and does not affect the scores.")
                + (tr(lang, "質問回答で全提案者に開示した要件（下記）は、RFPに記載したものとして扱い、チェックリストにも載せない（評価の対象外）。",
                      " Requirements an answer disclosed to every bidder (listed below) count as stated in the RFP: they are not on the checklist and are not scored.")
                   if disclosures(project) else ""))
    hidden.table(tr(lang, "各要件と期待する提案", "Each requirement and what to look for"),
                 ["ID", tr(lang, "部", "Part"), tr(lang, "要件", "Requirement"), tr(lang, "優先度", "Priority"),
                  tr(lang, "優れた提案が触れる内容", "What a strong proposal says unprompted")],
                 [[r.id, r.part.name(lang), clean(r.text), enum("priority", r.priority, lang), clean(r.look_for)] for r in project.withheld()])
    disclosed_table(hidden, project)
    evidence_table(hidden, project)
    mapping = chapter(tr(lang, "RFPの要件番号と要件IDの対応", "RFP numbers and requirement IDs"))
    mapping.table(tr(lang, "対応表", "Map"), [tr(lang, "RFP番号", "RFP number"), tr(lang, "要件ID", "Requirement ID"), say("responses.part", lang)],
                  [[rfp_no, r.id, rfp_chapter(r.part, lang)] for rfp_no, r in rfp_numbering(project)])
    price = chapter(tr(lang, "価格の評価", "Price"))
    price.pairs(tr(lang, "算定方法", "Method"), price_pairs(project, disclose_reference=True))
    if project.data["evaluation"]["price"]["formula"] == "jp_additive":
        price.text(tr(lang, "価格の実質的な配分", "The price's effective weight"), _additive_effective_weight(project))
    if project.data["evaluation"]["price"]["formula"] == "price_per_quality":
        price.text(tr(lang, "価格と品質スコアの交換比率", "How price trades against quality"), _price_per_quality_tradeoff(project))
    decides = _presentation_only_note(project)
    if decides:
        price.text(tr(lang, "最終順位を決めるもの", "What decides the final ranking"), decides)
    price.table(tr(lang, "計算例（仮の提案3件）", "Worked example (three hypothetical proposals)"), *_worked_example(project))
    # vendor responses: normalised cost and implied service level (rfpgen.responses)
    from ..responses.guide import guide_chapter
    guide_chapter(chapter(tr(lang, "提案回答書の分析", "Bidders' response forms")), project, staffing)
    if staffing is not None:
        staffing_chapter(chapter(tr(lang, "要員提案を評価するための参考試算", "Reference staffing estimate for judging proposals")),
                         staffing, full=False, date_style=project.date_style)
    return outline.as_list()


def document_total_name(project: Project) -> str:
    """The document-stage total as the documents name it (総合評価点, 書類審査の評価値 …)."""
    return say(_document_total_key(project), project.lang)


def _document_total_key(project: Project) -> str:
    staged = bool((project.data["evaluation"].get("rules") or {}).get("presentation"))
    return document_total_key(project.data["evaluation"]["price"]["formula"], staged)


PLAUSIBLE_BIDS = (0.8, 1.0)  # bids between 80% and 100% of the reference price


def additive_price_spread(project: Project) -> tuple[float, float]:
    """(price points at most, their spread over the plausible bids) under the additive formula, price
    points = max × (1 − bid ÷ reference): bids near the reference price earn almost the same points."""
    maximum = float(project.data["evaluation"]["price"].get("max_points", 30))
    low, high = PLAUSIBLE_BIDS
    return maximum, maximum * (high - low)


def _additive_effective_weight(project: Project) -> str:
    """What the additive formula's price points are worth over the plausible bid range."""
    lang = project.lang
    maximum, spread = additive_price_spread(project)
    low, high = PLAUSIBLE_BIDS
    return tr(lang, f"価格点の満点は{number(maximum)}点であるが、予定価格の{int(low * 100)}〜{int(high * 100)}%の範囲の提案価格では価格点の差は"
                    f"最大{number(spread, 1)}点である（提案価格が予定価格の1%違うごとに{number(maximum / 100, 2)}点）。予定価格が提案価格より大幅に高いと、"
                    f"価格の差は{document_total_name(project)}にほとんど表れない。" + say("doc.rules_fixed", lang),
              f"Price points run up to {number(maximum)}, but proposed prices between {int(low * 100)}% and {int(high * 100)}% of the reference "
              f"price differ by at most {number(spread, 1)} points ({number(maximum / 100, 2)} points per 1% of the reference price). "
              f"A reference price far above the proposed prices makes price differences almost vanish from the {document_total_name(project).lower()}. "
              + say("doc.rules_fixed", lang))


TYPICAL_QUALITY = (80.0, 60.0)  # quality scores at which the price-per-quality tradeoff is worked out


def _price_per_quality_tradeoff(project: Project) -> str:
    """What a price difference is worth in quality points under price ÷ quality score: proposals rank
    equal when price and quality differ in the same proportion, so the tradeoff grows with the quality
    score; worked out over the plausible bids and for one scale step of the heaviest criterion."""
    lang = project.lang
    evaluation = project.data["evaluation"]
    reference = evaluation["price"].get("reference_price")
    budget = (project.section("pricing").get("budget") or {}).get("amount")
    base, base_name = (reference, tr(lang, "予定価格", "reference price")) if reference else (budget, tr(lang, "予算", "budget"))
    shown = lambda amount: money(amount, project.section("pricing").get("currency", "JPY"), lang)  # noqa: E731
    low, high = (round(share * 100) for share in PLAUSIBLE_BIDS)
    gap = high - low
    quality, lower_quality = TYPICAL_QUALITY
    equal = quality * low / high  # the cheaper proposal's quality score that ranks equal
    figure = say("score.quality_score", lang)
    if base:
        bids = tr(lang, f"{base_name}の{low}〜{high}%の提案価格（{shown(base * low / 100)}〜{shown(base * high / 100)}）では、",
                  f"Over proposed prices between {low}% and {high}% of the {base_name} ({shown(base * low / 100)} to {shown(base * high / 100)}), ")
    else:
        bids = tr(lang, f"提案価格が{gap}%違う2つの提案では、", f"Between two proposed prices {gap}% apart, ")
    ja = (f"品質スコア1点あたりの価格（提案価格÷{figure}）で順位を付けるため、提案価格と{figure}が同じ割合で違う提案は同順位となる（提案価格が10%低い提案は、{figure}が10%低くても同順位）。"
          f"{bids}安い方の提案は{figure}{number(equal)}点で、高い方の{number(quality)}点の提案と同順位となる。"
          f"価格の{gap}%の差が{figure}{number(quality - equal, 1)}点に相当し、価格の1%は{figure}{number(quality / 100, 2)}点"
          f"（{figure}{number(lower_quality)}点の提案では{number(lower_quality / 100, 2)}点）に相当する。")
    en = ("Ranked by the price per quality point (price ÷ quality score), proposals whose prices differ in the same proportion as their quality scores rank equal "
          f"(a proposal 10% cheaper ranks equal with a quality score 10% lower). {bids}the cheaper proposal with a quality score of "
          f"{number(equal)} ranks equal with the dearer one scoring {number(quality)}: {gap}% of the price is worth "
          f"{number(quality - equal, 1)} quality points, {number(quality / 100, 2)} per 1% of the price "
          f"({number(lower_quality / 100, 2)} at a quality score of {number(lower_quality)}). ")
    scored = [c for c in evaluation["criteria"] if not c.get("mandatory") and not c.get("unstated_needs")]
    if scored:
        heaviest = max(scored, key=lambda c: c["weight"])
        step = heaviest["weight"] / project.scale_max()
        share = step / quality
        worth = tr(lang, f"（{base_name}で{shown(base * share)}）", f" ({shown(base * share)} of the {base_name})") if base else ""
        ja += (f"配点の最も大きい評価項目「{clean(heaviest['name'])}」（配点{number(heaviest['weight'])}）で評点が1段階違うと{figure}は"
               f"{number(step, 1)}点違い、{figure}{number(quality)}点の提案では価格の{number(share * 100, 1)}%{worth}に相当する。")
        en += (f"One step of the scale on the heaviest criterion, “{clean(heaviest['name'])}” (weight {number(heaviest['weight'])}), is "
               f"{number(step, 1)} quality points: at a quality score of {number(quality)} it is worth {number(share * 100, 1)}% of the price{worth}. ")
    ja += f"{figure}の差が小さいと順位はほぼ価格で決まるため、評点の基準に照らして品質の差を評点に表すこと。"
    en += "Quality scores close together leave the price to decide: score against the anchors so that real differences in quality show."
    return tr(lang, ja, en)


def _presentation_only_note(project: Project) -> str:
    """When the final score is the presentation points alone, what the document stage's quality and
    price weights still do (choose who presents) and what actually ranks the vendors."""
    lang = project.lang
    stage = Rules.of(project.data["evaluation"]).presentation
    if not stage or stage.added():
        return ""
    document = document_total_name(project)
    # the division method's value (points per million) takes no presentation points: the presentation is scored as a criterion instead
    advice = say("doc.rules_fixed", lang)  # evaluators apply the published rule; they do not redesign it
    crit = ("、" if lang == "ja" else "; ").join(f"{clean(c['name'])} {number(c['weight'])}点" if lang == "ja"
                                               else f"{clean(c['name'])}, weight {number(c['weight'])}" for c in stage.criteria)
    return tr(lang, f"最終評価点はプレゼンテーション点のみである。品質と価格の配分は{document}を通じてプレゼンテーションに進む者を決めるだけで、"
                    f"プレゼンテーションに進んだ提案者の順位は、提案書の品質や提案価格ではなく、プレゼンテーションの評価項目（{crit}）だけで決まる。"
                    + advice,
              f"The final score is the presentation points alone. The quality and price weights act only through the {document.lower()}, "
              f"which decides who goes through to the presentations; among those, the ranking is decided by the presentation criteria "
              f"({crit}) alone, not by the written proposal or the price. " + advice)
