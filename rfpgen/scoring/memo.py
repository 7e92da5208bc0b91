"""The results: results.xlsx (summary, per criterion, per evaluator, flags, method) and
results.docx, the decision memo management signs: the recommendation with its conditions and next
steps and the approval block (決裁欄) first, then the ranking with the proposed prices, the budget
check, the scores by criterion, disqualifications, items for the consensus meeting, how solid the
ranking is, the published scoring rule and what was missing from the tally, in plain words."""
from __future__ import annotations

import io
import functools
import re
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ..documents.parts import approval_block, internal_figures, scale_labels, scoring_rule
from ..text import EMPTY, MINUS, clean, decimals, display_width, money, number, signed
from ..fileio import atomic_write_bytes
from ..project import project_time
from ..words import capital, enum, in_words, lower_first, plural, say, sentence, tr
from ..documents.properties import chart_properties, file_properties, internal_edition, internal_mark
from ..documents.render import template_path
from ..documents.xlsx import (fitted_height, fitted_width, font_name, money_format, new_workbook, page_setup,
                              write_value)
from .budget import BudgetCheck, budget_check
from .decision import (comment_gaps, decide, uncommented_count, document_label, figure_text, final_digits, final_score, headed, score_digits, shown_means,
                       limit_name, low_threshold_text, missing_entries, missing_meaning, presentation_digits,
                       presentation_only, presentations_forgotten, quality_digits, quality_points, quality_points_digits,
                       quality_points_text, rounded_digits, see,
                       shortlist_only, tally_notes,
                       ranks_final, shortlist_provisional, total_digits, total_label, vendor_status,
                       weighted_digits)
from .forms import base_doc, write_docx
from .price import gives_price_points, rule_heading
from .model import (COVERAGE_WORDS, coverage_values, GATE_WORDS, KIND_CONSENSUS, KIND_EVALUATOR, KIND_PRESENTATION, KIND_PRICES, SCORE_DIGITS,
                    PresentationScheme, Scheme, self_approvals)
from .ranking import DISQUALIFYING, GATE, NOT_ADVANCED
from .results import Result, VendorResult
from .robustness import Robustness, robustness
from .rules import statements

NAVY = "1F3A5F"
# results.xlsx's Summary: rank, vendor id and name (fitted), quality, price, price score, the document-stage
# total and presentation points (with presentations), the total, disqualified (and why), incomplete (fitted),
# the number of flags (their sentences are on the Flags sheet). A4 landscape holds some 133 units at 100%:
# with presentations and a vendor name of 16 kanji it prints at about 86%, without presentations at 100%.
SUMMARY_WIDTHS = [6, None, None, 9, 9, 11, 8, 9, 11, 9, 12, None, 8]


def scored_version(project) -> str:
    """The memo's version: the project's, and the evaluator guide's edition the scores were given under
    when the question period moved it (2.1, scored under guide 2.1-A1)."""
    version, edition = str(project.data["project"]["version"]), internal_edition(project)[0]
    if edition == version:
        return version
    guide = say("doc.kind.guide", project.lang)
    return tr(project.lang, f"{version}（{guide} 第{edition}版で評価）", f"{version} (scored under the {guide}, edition {edition})")


def published_rule(project) -> list[list[str]]:
    """The scoring rule exactly as the RFP prints it: an undisclosed reference price stays undisclosed
    here too (internal_figures lists it apart)."""
    return scoring_rule(project, disclose_reference=not project.withholds_budget())


def _evaluator_names(project) -> dict[str, str]:
    return {e["id"]: clean(e["name"]) for e in Scheme(project).evaluators()}


def method_lines(result: Result) -> list[str]:
    """The method as lines: the scale, the published scoring rule (rfpgen.documents.parts.scoring_rule,
    word for word as the RFP prints it), how the checklist, gates and spreads work, and the rules."""
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    labels = "、".join if lang == "ja" else "; ".join
    scale = labels(f"{s} {label}" for s, label in scale_labels(project).items() if label)
    lines = [say("score.method_scale", lang, max=smax, labels=scale)]
    lines += [f"{label}{tr(lang, '：', ': ')}{text}" for label, text in published_rule(project)]
    lines += [f"{say('score.memo_internal', lang)}{tr(lang, '：', ': ')}{label} {text}" for label, text in internal_figures(project)]
    lines += method_notes(result)
    return lines


def method_notes(result: Result) -> list[str]:
    """What the memo says about the method beyond the published rule."""
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    lines = []
    if scheme.computed_ids():
        lines.append(say("score.method_unstated", lang, name=clean(scheme.unstated()["name"]), max=smax, values=coverage_values(lang)))
    if scheme.gates():
        lines.append(say("score.method_gates", lang))
    lines.append(say("score.method_spread", lang, spread=f"{scheme.spread_threshold:g}"))
    lines.append(say("score.method_rank_order", lang, total=total_label(result, lang) if lang == "ja" else total_label(result, lang).lower(),
                     order=tr(lang, "高い", "highest") if result.higher_is_better else tr(lang, "低い", "lowest")))
    lines += statements(scheme.evaluation, lang, {c["id"]: clean(c["name"]) for c in project.criteria()}, internal=True)
    lines.append(tr(lang, "評価者：", "Evaluators: ") + evaluator_list(project, lang))
    return lines


def evaluator_list(project, lang: str) -> str:
    """Everyone on the panel as the project lists them: the quality evaluators and the price evaluators,
    each with the id their workbook carries and, for a price evaluator, what they evaluate."""
    people = []
    for person in Scheme(project).evaluation.get("evaluators") or []:
        what = [person["id"]]
        if person.get("prices_only"):
            what.append(tr(lang, "価格評価のみ", "prices only"))
        elif person.get("sees_prices"):
            what.append(tr(lang, "品質と価格の評価", "quality and prices"))
        people.append(f"{clean(person['name'])}（{'、'.join(what)}）" if lang == "ja"
                      else f"{clean(person['name'])} ({', '.join(what)})")
    return tr(lang, "、", ", ").join(people)


def _status(vendor: VendorResult, lang: str, check: BudgetCheck | None = None, provisional: bool = False) -> str:
    text = vendor_status(vendor, lang, provisional)
    if check is not None and check.basis and check.over(vendor.id) is not None and not any(
            reason == "above_reference" for reason, _ in vendor.excluded):
        text += tr(lang, "・", ", ") + tr(lang, f"{limit_name(check, lang)}超過", f"above {limit_name(check, lang)}")
    if vendor.rank_sum is not None:
        text += tr(lang, f"・順位点 {vendor.rank_sum:g}", f", rank sum {vendor.rank_sum:g}")
    return text


# ------------------------------------------------------------------ chart

CATEGORY_WIDTH = 24  # display cells: a longer criterion name is shown on the chart without its bracketed note


def category_label(name) -> str:
    """A criterion as the chart's axis shows it: its name, without a long bracketed note (課題把握と提案力
    （RFP に記載のないニーズ・リスクへの対応） → 課題把握と提案力), which the renderer would break mid-word."""
    name = clean(name)
    if display_width(name) <= CATEGORY_WIDTH:
        return name
    head = re.split(r"\s*[（(]", name, maxsplit=1)[0].strip()
    return head or name


def _unranked_mark(vendor: VendorResult, lang: str) -> str:
    """Why a bidder without a rank has none, as its legend entry says it: 失格, else the reasons it is not
    ranked (最低基準点未満); empty for a ranked bidder. (The legend marked the disqualified bidder alone,
    so a bidder below the minimum read as ranked.)"""
    if vendor.disqualified:
        why = say("score.disqualified", lang)
    elif vendor.rank is None:
        why = tr(lang, "、", ", ").join(dict.fromkeys(say(f"score.why_{reason}", lang) for reason, _ in vendor.excluded)) \
            or say("score.not_ranked", lang)
    else:
        return ""
    return why if lang == "ja" else lower_first(why)


def chart(result: Result, properties: dict | None = None):
    """Horizontal grouped bars: each criterion's mean score per vendor, on the 0..max scale, as a
    native Word chart (documents.charts) the client can restyle, in the memo's own typeface."""
    from ..documents.charts import LEGEND_WIDTH, ChartSpec, Series, distinct_colors, draw, legend_name, tint

    scheme = Scheme(result.project)
    lang, smax = result.project.lang, scheme.scale_max
    criteria = scheme.weighted()
    series, colors = [], distinct_colors(len(result.vendors))
    for vendor, color in zip(result.vendors, colors):
        unranked = _unranked_mark(vendor, lang)
        suffix = "" if not unranked else (f"（{unranked}）" if lang == "ja" else f" ({unranked})")
        name = legend_name(clean(vendor.name), LEGEND_WIDTH - display_width(suffix)) + suffix  # the suffix never cut off
        series.append(Series(name, tuple(vendor.criterion_mean.get(c["id"]) or 0.0 for c in criteria), kind="bar",
                             color=tint(color) if unranked else color, labels=True))  # faded, still its own
    height = 30 + len(criteria) * (4.5 * len(result.vendors) + 6)
    spec = ChartSpec(categories=tuple(category_label(c["name"]) for c in criteria), series=tuple(series),
                     # the axis shows the scale: a Japanese title without figures, which the renderers would set
                     # apart from the brackets around them (評点（ 0–5 ）)
                     value_title=say("score.score", lang) + "（評価者の平均）" if lang == "ja" else
                     say("score.score", lang) + f" (0–{smax})",
                     value_format="0", label_format="0.00", value_min=0, value_max=smax, value_step=1,
                     width_mm=160, height_mm=min(height, 230), lang=lang,
                     description=tr(lang, "評価項目ごとの提案者別の平均評点", "Each bidder's mean score per criterion"))
    return draw(spec, properties)


# ------------------------------------------------------------------ the memo

def _worked(result: Result, value: float) -> str:
    """Quality points in a worked calculation: two decimals, or as many more (up to four) as make them
    exact when the rules round the quality score (66.00 × 70 ÷ 100 = 46.20, 65.37 × 70 ÷ 100 = 45.759),
    so the sum visibly gives the total before its own rounding."""
    if "quality_points" in getattr(result.rules.rounding, "apply_to", ()):
        return number(value, rounded_digits(result, "quality_points"))
    if "quality" not in getattr(result.rules.rounding, "apply_to", ()):
        return number(value, 2)
    digits = next((d for d in (2, 3) if abs(round(value, d) - value) < 1e-9), 4)
    return number(value, digits)


def calculation(result: Result, vendor: VendorResult) -> str:
    """The vendor's total worked out from its quality score under the published rule, in figures, with
    the rounding the rules publish shown where it changes the figure."""
    if vendor.total is None:
        return EMPTY
    lang = result.project.lang
    evaluation = Scheme(result.project).evaluation
    qp = number(evaluation.get("quality_points", 70))
    digits = total_digits(result)
    q = number(vendor.quality, quality_digits(result))
    currency = result.project.section("pricing").get("currency", "JPY")
    if result.formula == "price_per_quality":
        exact = vendor.price / vendor.quality
        text = f"{money(vendor.price, currency, lang, 0)} ÷ {q}"
    elif result.formula == "jp_division":
        base = float(evaluation["price"].get("base_points", 100))
        exact = (base + quality_points(result, vendor)) / vendor.price * 1_000_000
        # a space after the bracket: the line may break there, before the price (never inside it)
        text = tr(lang, f"（{number(base)} ＋ {q} × {qp} ÷ 100） ÷ {number(vendor.price, 0)} × 1,000,000",
                  f"({number(base)} + {q} × {qp} ÷ 100) ÷ {number(vendor.price, 0)} × 1,000,000")
    else:
        exact = quality_points(result, vendor) + (vendor.price_score or 0.0)
        points = _worked(result, quality_points(result, vendor))
        price_points = number(vendor.price_score, rounded_digits(result, "price_score"))
        unrounded = vendor.quality * float(evaluation.get("quality_points", 70)) / 100
        # where the rule rounds the quality points, the step that cut them is shown (52.773 → 52.77)
        cut = (f" {tr(lang, '＝', '=')} {unrounded:,.6f}".rstrip("0").rstrip(".") + f" → {points}"
               if abs(unrounded - quality_points(result, vendor)) > 1e-9 else "")
        text = tr(lang, f"品質点 {points}（{q} × {qp} ÷ 100{cut}）＋ 価格点 {price_points}",
                  f"quality points {points} ({q} × {qp} ÷ 100{cut}) + price points {price_points}")
    stage = result.rules.presentation if vendor.presentation_points is not None else None
    figure = vendor.document_total if stage else vendor.total
    shown = figure_text(result, figure, digits, lang, document=True)
    equals = tr(lang, "＝", "=")
    if abs(exact - figure) < 10 ** -(digits + 3):
        text += f" {equals} {shown}"
    else:
        exact_text = f"{exact:,.6f}".rstrip("0").rstrip(".")
        if result.formula == "price_per_quality":  # the unit as figure_text writes it
            exact_text = shown.replace(number(figure, digits), exact_text)
        text += f" {equals} {exact_text}" + tr(lang, f" → {shown}（端数処理）",
                                                                          f" → {shown} (rounded as published)")
    if stage is None:  # no presentation, or a vendor that did not go through to it: its document figure only
        return f"{document_label(result, lang)}{tr(lang, '：', ': ')}{text}" if result.rules.presentation else text
    final, presented = number(vendor.total, final_digits(result)), number(vendor.presentation_points, presentation_digits(result))
    document, final_name = document_label(result, lang), total_label(result, lang)
    points_name = say("score.presentation_points", lang)
    if stage.combine == "technical":
        return f"{document}{tr(lang, '：', ': ')}{text}{tr(lang, '。', '. ')}{final_name}{tr(lang, '：', ': ')}" \
            + _with_presentation(result, vendor, presented)
    if stage.combine == "sum":
        return tr(lang, f"{document}：{text}。{final_name}：{shown} ＋ {points_name} {presented} ＝ {final}",
                  f"{document}: {text}. {final_name}: {shown} + {points_name.lower()} {presented} = {final}")
    return tr(lang, f"{document}：{text}。プレゼンテーションに進む者の選定に用いる。{final_name}（{points_name}）：{final}",
              f"{document}: {text}; it decides who goes through to the presentations. {final_name} "
              f"(the {points_name.lower()}): {final}")


def _with_presentation(result: Result, vendor: VendorResult, presented: str) -> str:
    """The final score where the presentation points join the quality points before the price formula
    (combine: technical), worked out in figures: divided by the price with them under the division method,
    else added with the price points."""
    lang = result.project.lang
    points = _worked(result, quality_points(result, vendor))
    final = number(vendor.total, final_digits(result))
    if result.formula != "jp_division":
        price_points = number(vendor.price_score, rounded_digits(result, "price_score"))
        return tr(lang, f"品質点 {points} ＋ プレゼンテーション点 {presented} ＋ 価格点 {price_points} ＝ {final}",
                  f"quality points {points} + presentation points {presented} + price points {price_points} = {final}")
    base = float(Scheme(result.project).evaluation["price"].get("base_points", 100))
    exact = (base + quality_points(result, vendor) + vendor.presentation_points) / vendor.price * 1_000_000
    text = tr(lang, f"（{number(base)} ＋ {points} ＋ {presented}） ÷ {number(vendor.price, 0)} × 1,000,000",
              f"({number(base)} + {points} + {presented}) ÷ {number(vendor.price, 0)} × 1,000,000")
    if abs(exact - vendor.total) < 10 ** -(final_digits(result) + 3):
        return f"{text} {tr(lang, '＝', '=')} {final}"
    exact_text = f"{exact:,.6f}".rstrip("0").rstrip(".")
    return f"{text} {tr(lang, '＝', '=')} {exact_text}" + tr(lang, f" → {final}（端数処理）", f" → {final} (rounded as published)")


def _ranking(result: Result, check: BudgetCheck) -> list[dict]:
    lang = result.project.lang
    currency = result.project.section("pricing").get("currency", "JPY")
    digits = total_digits(result)
    additive = gives_price_points(result.formula)
    return [{"rank": str(v.rank) if v.rank else EMPTY, "name": clean(v.name),
             "price": money(v.price, currency, lang, 0, EMPTY),
             "quality": number(v.quality, quality_digits(result), EMPTY),
             "quality_points": quality_points_text(result, v),
             "price_score": number(v.price_score, rounded_digits(result, "price_score"), EMPTY) if additive else EMPTY,
             "document_total": number(v.document_total, digits, EMPTY),
             "presentation_points": number(v.presentation_points, presentation_digits(result), EMPTY),
             "total": number(final_score(result, v), final_digits(result), EMPTY)}
            for v in result.vendors]


def results_kind(result: Result) -> str:
    """The key of what the results are titled: the evaluation results, or the document stage's."""
    return "score.kind_document_stage" if result.document_stage else "score.kind_results"


def not_presented(vendor: VendorResult) -> bool:
    """The vendor did not go through to the presentations: it has no final score, and is not disqualified
    for that (section "dq" is about disqualifications and mandatory requirements, not about it)."""
    return any(reason == NOT_ADVANCED for reason, _ in vendor.excluded)


def _ranking_notes(result: Result, check: BudgetCheck) -> list[str]:
    """Below the ranking: each vendor whose standing needs a word (not ranked, disqualified, above the
    budget, incomplete, ranked by rank sums, at the document stage whether it goes through); one that did not
    present, why it has no final score."""
    lang = result.project.lang

    def standing(v: VendorResult) -> str:
        if not not_presented(v):
            return _status(v, lang, check, shortlist_provisional(result))
        text = say("score.memo_not_presented", lang)
        return text + tr(lang, "・", ", ") + lower_first(say("score.incomplete", lang)) if v.incomplete else text

    return [f"{clean(v.name)}{tr(lang, '：', ': ')}{standing(v)}" for v in result.vendors
            if v.rank is None or v.through is not None or v.incomplete or v.rank_sum is not None
            or check.over(v.id) is not None]


def _budget(result: Result, check: BudgetCheck) -> dict:
    lang = result.project.lang
    names = {v.id: clean(v.name) for v in result.vendors}
    cash = lambda amount: money(amount, check.currency, lang, 0, EMPTY)  # noqa: E731
    limit = limit_name(check, lang)
    heading = say("score.memo_budget", lang, limit=limit)
    if check.basis is None:
        return {"heading": heading, "rows": [],
                "lead": tr(lang, "予算・予定価格が案件ファイルに設定されていないため、予算との比較はできない。",
                           "The project sets no budget and no reference price, so the prices cannot be checked against one.")}
    period = clean(check.period)
    label = limit_name(check, lang, label=True)
    lead = tr(lang, f"{label}：{cash(check.limit)}" + (f"（{period}）" if period else "") + "。",
              f"{label}: {cash(check.limit)}" + (f" ({period})" if period else "") + ".")
    over = [line for line in check.lines if line.over is not None]
    below = [line for line in check.lines if line.below is not None]
    threshold = low_threshold_text(result, check)
    if threshold:
        share = f"{check.low_share * 100:g}"
        lead += tr(lang, f"低価格の基準：{limit}の{share}%（{threshold}）。",
                   f" Low-price threshold: {share}% of {limit} ({threshold}).")
    if over:
        lead += tr(lang, f"{limit}を上回る提案者：" + "、".join(
            f"{names[line.vendor_id]}（{cash(line.over)}超過）" for line in over) + "。",
            f" Above {limit}: " + "; ".join(f"{names[line.vendor_id]} ({cash(line.over)} over)" for line in over) + ".")
    if below:
        lead += tr(lang, "低価格の基準を下回る提案者：" + "、".join(names[line.vendor_id] for line in below)
                   + "。履行可能性の調査の対象とする。",
                   " Below the low-price threshold: " + "; ".join(names[line.vendor_id] for line in below)
                   + ", whose offers are reviewed for feasibility.")
    if not over and not below:
        lead += tr(lang, f"すべての提案価格が{limit}の範囲内" + ("で、低価格の基準を下回るものもない。" if threshold else "である。"),
                   f" Every proposed price is within {limit}" + (" and none is below the low-price threshold." if threshold else "."))
    basis = clean(Scheme(result.project).evaluation["price"].get("basis"))
    if basis:
        lead += tr(lang, f"提案価格の比較の基準：{basis}", f" Prices compared: {lower_first(basis)}")
    rows = []
    for line in check.lines:
        if line.price is None:
            verdict, difference = tr(lang, "提案価格なし", "No price"), EMPTY
        elif line.over is not None:
            pct = number(check.percent_over(line.vendor_id), 1)  # how far above, not the price's share of the limit
            verdict = tr(lang, f"{limit}を{pct}%超過", f"Above {limit} by {pct}%")
            difference = "+" + cash(line.over)
        else:
            verdict = (tr(lang, f"低価格（基準 {threshold} 未満）", f"Low price (below {threshold})") if line.below is not None
                       else tr(lang, "範囲内", "Within"))
            difference = MINUS + cash(check.limit - line.price) if check.limit > line.price else cash(0)
        rows.append({"vendor": names[line.vendor_id], "price": cash(line.price), "difference": difference,
                     "verdict": verdict})
    return {"heading": heading, "lead": lead, "rows": rows}


def score_range(given: list[float], lang: str, digits: int = SCORE_DIGITS) -> str:
    """The lowest and highest score (最小〜最大) with the decimals of the mean and the spread beside them
    in the same row (2.00〜4.00, 2.00), in the documents' and the presentations' tables alike."""
    return tr(lang, "〜", "–").join(number(v, digits) for v in (min(given), max(given)))


def spread_text(vendor: VendorResult, cid: str, given: list[float], digits: int = SCORE_DIGITS) -> str:
    """The spread between the evaluators' scores on an item, ⚑ beside it when the consensus meeting is to
    settle it (a criterion of the documents or of the presentations alike)."""
    if not given:
        return EMPTY
    flagged = any(f.code == "spread" and f.criterion_id == cid for f in vendor.flags)
    return number(max(given) - min(given), digits) + (" ⚑" if flagged else "")


def presentation_rows(result: Result, vendor: VendorResult) -> list[dict]:
    """The vendor's presentation scores by criterion, as the criteria table shows the documents', then
    the sum and the presentation points it gives under the published rule: where the presentations
    alone decide, these are the scores the ranking rests on. Empty for a vendor that did not present."""
    stage = result.rules.presentation
    if stage is None or vendor.presentation_points is None:
        return []
    lang, smax = result.project.lang, Scheme(result.project).scale_max
    digits, means = score_digits(result, presentations=True), shown_means(result, vendor)
    rows, weighted_sum = [], 0.0
    for criterion in stage.criteria:
        cid, mean = criterion["id"], means.get(criterion["id"])
        given = [s for s in vendor.presentation_scores.get(cid, {}).values() if s is not None]
        weighted = None if mean is None else float(criterion["weight"]) * mean / smax
        weighted_sum += weighted or 0.0
        rows.append({"id": cid, "name": clean(criterion["name"]), "weight": number(criterion["weight"]),
                     "mean": number(mean, digits, EMPTY), "weighted": number(weighted, weighted_digits(result), EMPTY),
                     "range": score_range(given, lang, digits) if given else EMPTY,
                     "spread": spread_text(vendor, cid, given, digits)})
    name = say("score.presentation_points", lang)
    points = number(stage.points)
    rows.append({"id": "", "name": say("score.weighted_total", lang), "weight": "100", "mean": "",
                 "weighted": number(weighted_sum, weighted_digits(result)), "range": "", "spread": ""})
    # × 100 ÷ 100 would read as machine output
    scaled = say("score.presentation_scaled" if float(stage.points) != 100 else "score.presentation_as_total", lang,
                 what=name, points=points)
    rows.append({"id": "", "name": scaled,
                 "weight": "", "mean": "", "weighted": number(vendor.presentation_points, presentation_digits(result)),
                 "range": "", "spread": ""})
    return rows


def evaluator_count(result: Result) -> str:
    """The evaluators as the cover counts them: everyone who evaluated, those who scored prices only
    said apart (3（うち価格評価のみ 1）), so the count agrees with the list of evaluators."""
    lang = result.project.lang
    prices_only = [e for e in Scheme(result.project).price_evaluators()
                   if e.get("prices_only") and e["id"] not in result.evaluators]
    count = len(result.evaluators) + len(prices_only)
    if not prices_only:
        return str(count)
    return tr(lang, f"{count}（うち価格評価のみ {len(prices_only)}）", f"{count} ({len(prices_only)} prices only)")


def _quoted_gates(ids: list[str], gates: dict, lang: str) -> str:
    """Mandatory requirements as a sentence names them: by name, quoted (「…」, '…'), never by their id,
    which means nothing to the reader of the memo."""
    return tr(lang, "、", ", ").join(tr(lang, f"「{clean(gates[g]['name'])}」", f"'{clean(gates[g]['name'])}'") for g in ids)


def memo_context(result: Result, unread: tuple[str, ...] = ()) -> dict:
    """What results.docx shows; `unread`: presentation workbooks kept with the results and not tallied."""
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    names = _evaluator_names(project)
    check = budget_check(result)
    solid = robustness(result)
    missing = missing_entries(result)
    decision = decide(result, solid, check, missing)
    bare, presented_bare = comment_gaps(result, lang), uncommented_count(result, presentations=True)
    doc = base_doc(project, results_kind(result).removeprefix("score."))
    doc.update({"version": scored_version(project), "date": project_time(project, result.tallied_at), "evaluator_count": evaluator_count(result),
                "vendor_count": str(len(result.vendors)), "formula": enum("price_formula", result.formula, lang)})
    headers, rows = approval_block(project, dated=False)  # the decision is signed when it is taken

    by_vendor, digits = [], score_digits(result)
    for vendor in result.vendors:
        rows_ = []
        given_by = {c["id"]: [s for s in vendor.criterion_scores.get(c["id"], {}).values() if s is not None]
                    for c in scheme.weighted()}
        for criterion in scheme.weighted():
            given = given_by[criterion["id"]]
            mean = vendor.criterion_mean.get(criterion["id"])
            rows_.append({
                "id": criterion["id"], "name": clean(criterion["name"]),
                "weight": number(criterion["weight"]), "mean": number(mean, digits, EMPTY),
                "weighted": number(None if mean is None else float(criterion["weight"]) * mean / smax, weighted_digits(result), EMPTY),
                "range": score_range(given, lang, digits) if given else EMPTY,
                "spread": spread_text(vendor, criterion["id"], given, digits)})
        rows_.append({"id": "", "name": say("score.quality_pct", lang), "weight": "100", "mean": "",
                      "weighted": number(vendor.quality, quality_digits(result)), "range": "", "spread": ""})
        # Name：status, as the ranking's notes say it: the status holds brackets of its own (失格（…）)
        heading = f"{clean(vendor.name)}{tr(lang, '：', ': ')}{_status(vendor, lang, check, shortlist_provisional(result))}"
        by_vendor.append({"heading": heading, "rows": rows_, "presentation": presentation_rows(result, vendor)})

    gate_words = GATE_WORDS[lang]
    gates = {g["id"]: g for g in scheme.gates()}
    gate_rows, dq_summary = [], []
    for vendor in result.vendors:
        for gid, votes in vendor.gate_votes.items():
            if all(v == "pass" for v in votes.values()) and votes:
                continue
            shown = tr(lang, "、", ", ").join(
                f"{names.get(e, e)}{tr(lang, '：', ': ')}{gate_words[v] if v else EMPTY}" for e, v in votes.items())
            outcome = (say("score.disqualified", lang) if gid in vendor.failed_gates
                       else gate_words["pass"] if gid in vendor.agreed_gates else tr(lang, "合議で確認", "to confirm"))
            if gid in vendor.agreed_gates:
                outcome += tr(lang, "（合議による）", " (agreed in the consensus meeting)")
            gate_rows.append({"vendor": clean(vendor.name), "gate": clean(gates[gid]["name"]),  # the name a manager reads, no id
                              "votes": shown, "result": outcome})
        voted = [g for g in vendor.failed_gates if g not in vendor.agreed_gates]
        if voted:
            failed = _quoted_gates(voted, gates, lang)
            dq_summary.append(tr(lang, f"{clean(vendor.name)}：必須項目{failed}を評価者の過半数が不適合と判定したため、失格とした。",
                                 f"{clean(vendor.name)}: disqualified, as a majority of the evaluators failed it on {failed}."))
        agreed_failed = [g for g in vendor.failed_gates if g in vendor.agreed_gates]
        if agreed_failed:
            failed = _quoted_gates(agreed_failed, gates, lang)
            dq_summary.append(tr(lang, f"{clean(vendor.name)}：評価者の判定が分かれた必須項目{failed}を、合議で満たさないと"
                                       "判定したため、失格とした。",
                                 f"{clean(vendor.name)}: disqualified, as the consensus meeting agreed it does not meet {failed}, "
                                 "on which the evaluators' judgements differed."))
        others = [reason for reason, _ in vendor.excluded if reason not in (GATE, NOT_ADVANCED)]
        if others:
            dq_summary.append(tr(lang, f"{clean(vendor.name)}：{_status(vendor, lang, provisional=shortlist_provisional(result))}。",
                                 f"{clean(vendor.name)}: {_status(vendor, lang, provisional=shortlist_provisional(result))}."))
    if not dq_summary:
        dq_summary.append(say("score.memo_no_dq", lang))

    vendor_names = {v.id: clean(v.name) for v in result.vendors}
    # not going through to the presentations is the ranking's outcome, nothing the consensus meeting settles
    flag_rows = _memo_flags(result, vendor_names, lang)
    return {
        "doc": doc,
        "decision": {"recommended": bool(decision.recommended), "lead": decision.lead, "basis": decision.basis,
                     "conditions": decision.conditions, "no_conditions": tr(lang, "付すべき条件はない。", "None."),
                     "steps": decision.steps},
        "approval": {"lead": tr(lang, "本書の推奨について、次の者が決裁する。", "The recommendation above is approved by:")
                     if decision.recommended else
                     tr(lang, "本書の内容と今後の手順について、次の者が確認する。", "This memo and its next steps are acknowledged by:"),
                     "headers": headers, "rows": [{"role": r[0], "name": r[1], "date": r[2], "sign": r[3]} for r in rows],
                     "conflicts": [tr(lang, f"注：決裁者「{clean(name)}」は{'提案' if quality else '価格'}の評価者でもあり、自らの評価を決裁する"
                                            "ことになる。評価に加わらない者の決裁を得ること。",
                                      f"Note: approver {clean(name)} is also an evaluator of "
                                      f"{'the proposals' if quality else 'the prices'} and would approve their own "
                                      "evaluation; the approval of someone who did not evaluate is to be sought.")
                                   for _, name, quality in self_approvals(project.data)]},
        "labels": {"total": headed(result, total_label(result, lang), lang),
                   "document_total": headed(result, document_label(result, lang), lang),
                   "rule": say("score.memo_rule", lang, rule=rule_heading(result.project.data["evaluation"], lang)),
                   "presentation_scores": say("score.memo_presentation_scores", lang),
                   "calculation": say("score.memo_calculation", lang, total=total_label(result, lang) if lang == "ja"
                                      else lower_first(total_label(result, lang))),
                   "price": say("score.price", lang), "quality_points": say("score.quality_points", lang),
                   "changes": changes_label(result, lang),
                   "ranking": say("score.memo_document_ranking" if result.document_stage else "score.memo_ranking", lang),
                   "quality": say("score.quality_score", lang)},
        "staged": ranks_final(result),
        "additive": gives_price_points(result.formula),
        "ranking": _ranking(result, check),
        "ranking_note": say("score.lower_better", lang, total=total_label(result, lang) if lang == "ja"
                            else lower_first(total_label(result, lang))) if not result.higher_is_better else "",
        "ranking_notes": _ranking_notes(result, check),
        "calculations": [{"name": clean(v.name), "quality": number(v.quality, quality_digits(result)),
                          "calculation": calculation(result, v)}
                         for v in result.vendors if v.total is not None],
        "calculation_note": tr(lang, "品質スコアは評価項目別の加重点の合計" + see("criteria", lang) + "。計算式はRFPで公表した算定方法による"
                               + see("method", lang) + "。",
                               "The quality score is the sum of the weighted points by criterion" + see("criteria", lang)
                               + "; the formula is the one the RFP publishes" + see("method", lang) + "."),
        "budget": _budget(result, check),
        "consensus_rows": consensus_rows(result),
        "no_consensus": no_consensus(result, lang),
        "robustness_lead": robustness_lead(result, solid),
        "robustness_rows": robustness_rows(result, solid),
        "chart_caption": say("score.memo_chart_caption", lang, max=smax),
        "by_vendor": by_vendor,
        "criteria_note": tr(lang, "評点は評価者の平均（合議で合意した項目はその評点）。加重点 ＝ 配点 × 評点 ÷ {max}。"
                                  "⚑ は評価者間の差が{spread}点以上で、合議で確認する項目。",
                            "Scores are means over the evaluators (or the score agreed in the consensus meeting). Weighted "
                            "points = weight × score ÷ {max}. ⚑ marks a spread of {spread} points or more, to be discussed in the "
                            "consensus meeting.").format(max=smax, spread=f"{scheme.spread_threshold:g}"),
        "dq_summary": dq_summary,
        "gate_rows": gate_rows,
        "checks": [line for line in [presentations_forgotten(result, lang, unread, reader=True)] if line],
        "flag_rows": flag_rows,
        "no_flags": say("score.memo_no_flags", lang),
        "rule": [{"label": label, "text": text} for label, text in published_rule(project)],
        "internal": [{"label": label, "text": text} for label, text in internal_figures(project)],
        "method": [say("score.method_scale", lang, max=smax, labels=tr(lang, "、", "; ").join(
            f"{s} {label}" for s, label in scale_labels(project).items() if label))]
        + method_notes(result),
        "missing": missing,
        "missing_meaning": missing_meaning(result, lang) if missing else "",
        "no_missing": tr(lang, "すべての評価者が全提案者について評点・判定を入力しており、提案価格もそろっている。"
                               + ("評点・判定・提案価格に未入力はないが、評点の根拠のコメントがないものがある。" if bare else "未入力はない。"),
                         "Every evaluator scored and judged every bidder, and every price is in: "
                         + ("no score, judgement or price is missing, but some scores have no comment giving their evidence."
                            if bare else "nothing is missing.")),
        "comment_gaps": bare,
        "comment_lead": tr(lang, f"{say('doc.kind.guide', 'ja')}は、評点の根拠となる提案書の該当ページをコメント欄に記載するよう求めている。"
                                 + ("プレゼンテーションの評価シートも、評点の根拠をコメント欄に記入するよう求めている。" if presented_bare else "")
                                 + "コメントのない評点は次のとおり。",
                           f"The {say('doc.kind.guide', 'en')} asks for the proposal pages each score rests on in its comment cell"
                           + ("; the presentation workbooks ask for the evidence behind each score in theirs" if presented_bare else "")
                           + ". Scores without one:"),
        "files": [Path(f).name for f in result.files],
    }


def no_consensus(result: Result, lang: str) -> str:
    """What the memo says when no score was agreed: that the meeting changed none, or, before it took
    place, that it is still to be held (never as if it had been)."""
    return say("score.no_consensus" if result.consensus_held else "score.consensus_pending", lang)


def consensus_rows(result: Result) -> list[dict]:
    """Each score the consensus meeting agreed, its criterion by name: the evaluators' spread and mean before,
    the agreed score, why; then each decision it agreed on a mandatory requirement (pass or fail), why."""
    scheme = Scheme(result.project)
    names = {c["id"]: clean(c["name"]) for c in scheme.weighted() + PresentationScheme(result.project).weighted() + scheme.gates()}
    gate_words = GATE_WORDS[result.project.lang]
    rows = []
    for vendor in result.vendors:
        for cid, agreed in vendor.agreed.items():
            given = [s for s in vendor.scores_on(cid).values() if s is not None]
            rows.append({"vendor": clean(vendor.name), "vendor_id": vendor.id, "item": names.get(cid, cid),
                         "spread": number(max(given) - min(given), SCORE_DIGITS) if given else EMPTY,
                         "mean": number(sum(given) / len(given), SCORE_DIGITS, EMPTY) if given else EMPTY, "agreed": number(agreed, 2),
                         "reason": clean(vendor.agreed_reason.get(cid, ""))})
        rows += [{"vendor": clean(vendor.name), "vendor_id": vendor.id, "item": names[gid], "spread": EMPTY, "mean": EMPTY,
                  "agreed": gate_words[outcome], "reason": clean(vendor.agreed_reason.get(gid, ""))}
                 for gid, outcome in vendor.agreed_gates.items()]
    return rows


def _order(result: Result, ids: list[str], ranks: dict[str, int | None]) -> str:
    """The ranked vendors best first: A > B, or A = B where they share a rank."""
    names = {v.id: clean(v.name) for v in result.vendors}
    return "".join(("" if n == 0 else " = " if ranks[i] == ranks[ids[n - 1]] else " > ") + names[i]
                   for n, i in enumerate(ids)) or EMPTY


def decided_words(result: Result) -> tuple[str, str]:
    """What the robustness table tests, (ja, en): the first place, or at the document stage who goes through."""
    if result.document_stage:
        return "プレゼンテーションに進む者", "who goes through to the presentations"
    return "第1位", "the winner"


def changes_label(result: Result, lang: str) -> str:
    """The robustness table's last column: whether the winner, or at the document stage who goes through, changes."""
    return say("score.through_changes" if result.document_stage else "score.winner_changes", lang)


def robustness_rows(result: Result, solid: Robustness, lang: str | None = None) -> list[dict]:
    """One row per changed assumption: what was changed, the ranking it gives (or the weight change
    that gives another winner), and whether the winner changes; in the project's language unless `lang`."""
    lang = lang or result.project.lang
    scheme = Scheme(result.project)
    names = {c["id"]: clean(c["name"]) for c in scheme.weighted()}
    evaluators = _evaluator_names(result.project)
    vendor_names = {v.id: clean(v.name) for v in result.vendors}
    yes, no = say("score.yes", lang), say("score.no", lang)
    who, who_en = decided_words(result)
    rows = []
    for flip in solid.flips:
        test = (f"「{names[flip.criterion]}」の配点（{flip.weight:g}）" if lang == "ja"
                else f"Weight of “{names[flip.criterion]}” ({flip.weight:g})")
        if flip.change is None:
            outcome = tr(lang, f"この配点だけをどう変えても{who}は変わらない", f"no change of this weight alone changes {who_en}")
        elif not flip.winner:
            outcome = tr(lang, f"{signed(flip.change, 2)}点の変更で順位を付けられる提案者がなくなる（他の配点は比例して調整）",
                         f"a change of {signed(flip.change, 2)} points leaves no bidder ranked (other weights scaled)")
        elif result.document_stage:
            outcome = tr(lang, f"{signed(flip.change, 2)}点の変更で{shortlist_change(solid.winner, flip.winner, vendor_names, lang)}"
                         "（他の配点は比例して調整）", f"a change of {signed(flip.change, 2)} points "
                         f"{shortlist_change(solid.winner, flip.winner, vendor_names, lang)} (other weights scaled)")
        else:
            winner = ("、" if lang == "ja" else ", ").join(vendor_names[v] for v in flip.winner)
            outcome = tr(lang, f"{signed(flip.change, 2)}点の変更で{who}が{winner}になる（他の配点は比例して調整）",
                         f"a change of {signed(flip.change, 2)} points makes {winner} the winner (other weights scaled)")
        # the winner changes under this weight exactly when the text names a change that changes it
        # (a change that leaves no vendor ranked is no change of first place: it says so)
        if flip.change is None:
            changed = no
        elif not flip.winner:
            changed = tr(lang, f"順位なし（{signed(flip.change, 2)}点）", f"No ranking ({signed(flip.change, 2)} points)")
        else:
            changed = tr(lang, f"{yes}（{signed(flip.change, 2)}点）", f"{yes} ({signed(flip.change, 2)} points)")
        rows.append({"test": test, "outcome": outcome, "changed": changed})
    for variant in solid.variants:
        if variant.kind == "without_evaluator":
            test = (f"評価者「{evaluators.get(variant.subject, variant.subject)}」を除く" if lang == "ja"
                    else f"Without evaluator {evaluators.get(variant.subject, variant.subject)}")
        else:
            test = (f"「{names.get(variant.subject, variant.subject)}」を除く（配点を他の項目に按分）" if lang == "ja"
                    else f"Without “{names.get(variant.subject, variant.subject)}” (its weight shared out)")
        outcome = _order(result, variant.order, variant.ranks)
        if variant.changed and result.document_stage:  # the order may stay while a bidder falls below the threshold
            change = shortlist_change(solid.winner, list(variant.decided), vendor_names, lang)
            outcome += tr(lang, f"（{change}）", f" ({change})")
        rows.append({"test": test, "outcome": outcome, "changed": yes if variant.changed else no})
    return rows


def shortlist_change(before: list[str], after: list[str], names: dict[str, str], lang: str) -> str:
    """What a changed shortlist does, from the vendors going through `before` to those `after`: who would come
    in and who would drop out (naming the new shortlist whole would name those already through as the change)."""
    joiner = "、" if lang == "ja" else ", "
    came = joiner.join(names[v] for v in after if v not in before)
    left = joiner.join(names[v] for v in before if v not in after)
    if came and left:
        return tr(lang, f"{came}がプレゼンテーションに進み、{left}が進まなくなる", f"puts {came} through in place of {left}")
    if came:
        return tr(lang, f"{came}もプレゼンテーションに進む", f"puts {came} through as well")
    return tr(lang, f"{left}がプレゼンテーションに進まなくなる", f"leaves {left} out of the presentations")


def robustness_lead(result: Result, solid: Robustness, lang: str | None = None) -> str:
    """The robustness table in two sentences."""
    lang = lang or result.project.lang
    flip = solid.smallest_flip
    variants = solid.variants
    changed = sum(1 for v in variants if v.changed)
    who, who_en = decided_words(result)
    if flip is None:
        first = tr(lang, f"どの評価項目の配点を単独で変えても{who}は変わらない。",
                   f"No change of any single criterion's weight changes {who_en}.")
    else:
        name = next(clean(c["name"]) for c in Scheme(result.project).weighted() if c["id"] == flip.criterion)
        # read against the weight it starts from
        start, end, change = number(flip.weight), number(flip.weight + flip.change, 2), signed(flip.change, 2)
        first = tr(lang, f"{who}を変える最小の配点変更は、「{name}」の配点を{start}点から{end}点にする（{change}点）場合である。",
                   f"The smallest single weight change that changes {who_en} takes “{name}” from {start} to {end} points ({change}).")
    if presentation_only(result):
        first += shortlist_only(lang)
    if not variants:
        return first
    of = tr(lang, f"評価者や評価項目を除いた{len(variants)}通りのうち、",
            f"Of the {in_words(len(variants))} {plural(len(variants), 'ranking')} with an evaluator or a criterion left out, ")
    second = of + (tr(lang, f"{who}が変わるのは{changed}通りである。", f"{in_words(changed)} {plural(changed, 'changes', 'change')} "
                      f"{who_en}.") if changed else tr(lang, f"{who}が変わるものはない。", f"none changes {who_en}."))
    return first + second if lang == "ja" else f"{first} {second}"


def write_results_docx(project, result: Result, out: Path, templates_dir: Path | None = None,
                       unread: tuple[str, ...] = ()) -> Path:
    template = template_path("results.docx", project.lang, templates_dir)
    return write_docx(template, memo_context(result, unread), Path(out), project=project,
                      images={"chart": chart(result, chart_properties(project))})



MEMO_SPREADS = 40  # disagreements the memo lists one by one; results.xlsx lists every one


def _memo_flags(result: Result, vendor_names: dict[str, str], lang: str) -> list[dict]:
    """The flags as the memo's table rows. Every flag but the evaluators' disagreements on one item (a score
    spread, a checklist entry judged absent and concrete) is a decision on record and is listed (the meeting's
    agreements, the gates it settled); the disagreements, which the consensus workbook carries row by row, are
    listed up to MEMO_SPREADS, the rest counted in one row that says where they are: a thousand-row table is
    no reading for the approvers (twenty bidders by ten evaluators made one)."""
    flags = [f for f in result.flags if f.code != "not_advanced"]  # the ranking's outcome, nothing the meeting settles
    spreads = [f for f in flags if f.code in ("spread", "checklist_split")]
    left_out = spreads[MEMO_SPREADS:] if len(spreads) > MEMO_SPREADS + 1 else []
    dropped = {id(f) for f in left_out}
    rows = [{"vendor": vendor_names[f.vendor_id], "item": f.criterion_id or EMPTY, "text": sentence(f.text(lang), lang)}
            for f in flags if id(f) not in dropped]
    if left_out:
        sheet = say("score.sheet_flags", lang)
        rows.append({"vendor": EMPTY, "item": EMPTY,
                     "text": tr(lang, f"ほかに評価者間で評価が分かれた項目が{len(left_out)}件ある。すべての指摘はresults.xlsxの"
                                      f"「{sheet}」シートに、合議で確認する項目は合議シートにある。",
                                f"{len(left_out)} more items on which the evaluators differ. Every flag is on the “{sheet}” "
                                "sheet of results.xlsx, and the items to settle are in the consensus workbook.")})
    return rows

# ------------------------------------------------------------------ the workbook

_HEADER_PARTS = re.compile(r"(?=[（(])|(?<=[）)・／/-])|\s+")  # where a header may break (品質スコア / （100点満点）)


def _sheet(book, st: dict, title: str, headers: list[str], rows: list[list], widths: list[int | None], mark: str,
           money_column: int | None = None, heading: str | None = None, hidden: tuple[int, ...] = (),
           digits: dict[int, int] | None = None):
    """A table sheet: header row frozen and repeated on every printed page, filter, wrapped text. A width
    of None fits its column to the longest value and header word (names, ids, times: never wrapped); every
    column is at least as wide as the longest part of its header, so a header breaks only between its
    parts (プレゼンテーション点, never プレゼンテーシ / ョン点). Text sits one indent from the left of its
    cell and figures one from the right, so neighbouring cells never touch (1 V-HC, 91.60 いいえ).
    `digits` gives a column of figures its own decimals (else 2); a `Figure` cell carries its own. Text is
    written as it is and wrapped by the spreadsheet, each row as tall as its computed lines (wrapped_lines)."""
    digits = digits or {}
    ws = book.add_worksheet(title)
    widths = [fitted_width(headers[i].split() + [r[i] for r in rows if i < len(r)]) if width is None else width
              for i, width in enumerate(widths)]
    widths = [max(width, fitted_width([part for part in _HEADER_PARTS.split(headers[i]) if part], 24))
              if i < len(headers) else width for i, width in enumerate(widths)]
    headers = [_header_lines(header, widths[i]) for i, header in enumerate(headers)]
    ws.write_row(0, 0, headers, st["head"])
    ws.set_row(0, fitted_height(headers, widths))
    columns = max([len(headers)] + [len(r) for r in rows])
    room = [width - 1 for width in widths]  # the indent: a fitted column (fitted_width) holds its text on one line
    for r, values in enumerate(rows, start=1):
        shown = []
        for c in range(columns):
            value = values[c] if c < len(values) else None
            style = (st["money"] if c == money_column else _figure_style(st, value) if isinstance(value, Figure)
                     else st["fixed"][digits[c]] if c in digits and isinstance(value, float)
                     else st["float"] if isinstance(value, float)
                     else st["int"] if isinstance(value, int) and not isinstance(value, bool) else st["body"])
            write_value(ws, r, c, value.value if isinstance(value, Figure) else value, style)
            shown.append(value)
        ws.set_row(r, fitted_height(shown, room))
    for i, width in enumerate(widths):
        ws.set_column(i, i, width, None, {"hidden": True} if i in hidden else {})
    ws.freeze_panes(1, 0)
    if rows:
        ws.autofilter(0, 0, len(rows), columns - 1)
    page_setup(ws, st["lang"], mark=mark, title=f"{title} – {heading}" if heading else title)
    ws.repeat_rows(0)
    return ws


class Figure(NamedTuple):
    """A figure printed with its own quantity's decimals, not its column's: a row of its own (an evaluator's
    quality score, the coverage as a percentage) in a column of typed scores."""
    value: float
    digits: int
    percent: bool = False


def _figure_style(st: dict, figure: Figure):
    return (st["percent"] if figure.percent else st["fixed"])[figure.digits]


def _header_lines(header: str, width: float) -> str:
    """A Japanese header too long for its column broken between its parts by explicit line breaks (the
    spreadsheet would break it anywhere: 品質スコア（100 / 点満点）)."""
    room = width - 3  # the indent and the cell's margins
    if header.isascii() or display_width(header) <= room:  # English wraps at its spaces
        return header
    lines = [""]
    for part in (p for p in _HEADER_PARTS.split(header) if p):
        joined = lines[-1] + (" " if lines[-1] and part.isascii() and lines[-1][-1].isascii() else "") + part
        if lines[-1] and display_width(joined) > room:
            lines.append(part)
        else:
            lines[-1] = joined
    return "\n".join(lines)


def _book(project, buffer: io.BytesIO):
    """A results workbook and its cell styles."""
    book = new_workbook(buffer)
    font = font_name(project.lang)
    body = {"font_name": font, "font_size": 10, "text_wrap": True, "valign": "top"}  # the size rows are sized for
    text = {**body, "align": "left", "indent": 1}
    figure = {**body, "align": "right", "indent": 1}
    currency = project.section("pricing").get("currency", "JPY")
    return book, {"lang": project.lang,  # the footer's page numbers (page_setup)
                  "head": book.add_format({"font_name": font, "font_size": 10, "bold": True, "font_color": "#FFFFFF", "bg_color": f"#{NAVY}",
                                           "text_wrap": True, "valign": "vcenter", "indent": 1}),
                  "body": book.add_format(text), "float": book.add_format({**figure, "num_format": "#,##0.00"}),
                  "int": book.add_format({**figure, "num_format": "#,##0"}),
                  "money": book.add_format({**figure, "num_format": money_format(currency, project.lang)}),
                  # a figure with the decimals its rule gives it (the division method's value: 0.2626)
                  "fixed": {d: book.add_format({**figure, "num_format": "#,##0" + ("." + "0" * d if d else "")})
                            for d in range(7)},
                  "percent": {d: book.add_format({**figure, "num_format": "0" + ("." + "0" * d if d else "") + "%"})
                              for d in range(3)}}


def _weight(value) -> int | float:
    """A weight as written: 10, not 10.00 (a fractional weight keeps its fraction)."""
    value = float(value)
    return int(value) if value.is_integer() else value


def results_workbook(result: Result, analysis=None, unread: tuple[str, ...] = ()) -> bytes:
    """results.xlsx; with the vendor responses' `analysis`, its sheet last; `unread` as for the memo."""
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    names = _evaluator_names(project)
    yes, no = say("score.yes", lang), say("score.no", lang)
    buffer = io.BytesIO()
    wb, st = _book(project, buffer)
    mark = internal_mark(project)
    gate_names = {g["id"]: clean(g["name"]) for g in scheme.gates()}

    staged = ranks_final(result)
    stages = ([document_label(result, lang), say("score.presentation_points", lang)] if staged else [])
    # at the document stage, who goes through to the presentations, beside the figure that decides it
    through = [say("score.through_col", lang)] if result.document_stage else []
    # every printed page names the project (and the document stage, when it is its result) and the date
    heading = " – ".join([clean(project.data['project']['title'])]
                         + ([say("score.kind_document_stage", lang)] if result.document_stage else []) + [project_time(project)])
    sheet = functools.partial(_sheet, heading=heading)

    def points(v: VendorResult):
        """Quality points as the total adds them (rounded as the total), so quality points + price points
        visibly give the total."""
        value = quality_points(result, v)
        return None if value is None or v.disqualified else result.rules.rounding("total", value)

    def disqualified(v: VendorResult) -> str:
        """No, or why: the mandatory requirements failed by name, then any other disqualifying rule; for a
        vendor not disqualified but not ranked (below a minimum, not through to the presentations) why not."""
        why = [gate_names[g] for g in v.failed_gates] + [say(f"score.why_{reason}", lang) for reason, _ in v.excluded
                                                         if reason in DISQUALIFYING and reason != GATE]
        if v.disqualified:
            return "\n".join(why or [yes])
        return capital(vendor_status(v, lang)) if v.rank is None and v.excluded else no

    # The flags' sentences are on their own sheet: beside the figures they made the page so wide it printed
    # at some 60%; here each vendor's count of them points there.
    currency = project.section("pricing").get("currency", "JPY")
    # the price column as wide as the longest price as printed (558,000,000円): never ### in a narrow column
    price_width = max(SUMMARY_WIDTHS[5], fitted_width([money(v.price, currency, lang, 0) for v in result.vendors]))
    # quality points and price points exist only where they add up to the total (the division method
    # and the price per quality point divide the price instead: those columns would repeat the price)
    additive = gives_price_points(result.formula)
    summary = [[v.rank, v.id, clean(v.name), v.quality] + ([points(v)] if additive else []) + [v.price]
               + ([v.price_score] if additive else [])
               + ([v.document_total, v.presentation_points] if staged else [])
               + [final_score(result, v)] + ([yes if v.through else no] if through else [])
               + [disqualified(v), yes if v.incomplete else no, len(v.flags)] for v in result.vendors]
    price_at = 5 if additive else 4
    # decimals of the stage totals and the final score, in their columns' order after the price (points)
    figures = ([total_digits(result), presentation_digits(result)] if staged else []) + [final_digits(result)]
    first_figure = price_at + (2 if additive else 1)
    quality = quality_digits(result)
    digits = ({3: quality, 4: quality_points_digits(result), price_at + 1: rounded_digits(result, "price_score")} if additive
              else {3: quality}) | {
        first_figure + i: d for i, d in enumerate(figures)}
    sheet(wb, st, say("score.sheet_summary", lang),
           [say("score.rank", lang), say("score.vendor_id", lang), say("score.vendor", lang), say("score.quality_pct", lang)]
           + ([say("score.quality_points", lang)] if additive else []) + [say("score.price", lang)]
           + ([say("score.price_score", lang)] if additive else []) + stages
           + [headed(result, total_label(result, lang), lang)] + through
           + [say("score.disqualified_why", lang), say("score.incomplete", lang), say("score.flags_count", lang)],
           summary, SUMMARY_WIDTHS[:4] + (SUMMARY_WIDTHS[4:5] if additive else []) + [price_width]
           + (SUMMARY_WIDTHS[6:7] if additive else []) + SUMMARY_WIDTHS[7:9][:len(stages)] + SUMMARY_WIDTHS[9:10]
           + [None] * len(through) + SUMMARY_WIDTHS[10:],
           mark, money_column=price_at, digits=digits)

    # a typed score prints as typed (4, not 4.00): one format for the scores, their range and their spread
    typed = decimals(s for v in result.vendors for scores in v.criterion_scores.values() for s in scores.values())
    by_criterion = []
    for vendor in result.vendors:
        for criterion in scheme.weighted():
            scores = vendor.criterion_scores.get(criterion["id"], {})
            given = [s for s in scores.values() if s is not None]
            mean = vendor.criterion_mean.get(criterion["id"])
            spread = float(max(given) - min(given)) if given else None
            by_criterion.append([vendor.id, clean(vendor.name), criterion["id"], clean(criterion["name"]),
                                 _weight(criterion["weight"]), mean, min(given) if given else None,
                                 max(given) if given else None, spread,
                                 None if mean is None else float(criterion["weight"]) * mean / smax,
                                 yes if spread is not None and len(given) > 1 and spread >= scheme.spread_threshold - 1e-9 else no,
                                 len(given)])
    sheet(wb, st, say("score.sheet_by_criterion", lang),
           [say("score.vendor_id", lang), say("score.vendor", lang), say("score.criterion_id", lang), say("score.criterion", lang), say("score.weight", lang),
            say("score.mean", lang), say("score.min", lang), say("score.max", lang), say("score.spread", lang), say("score.weighted", lang),
            "合議で確認" if lang == "ja" else "Consensus flag", say("score.evaluators_count", lang)],
           by_criterion, [None, None, None, 40, 8, 9, 9, 9, 9, 10, 12, 10], mark,
            digits={5: score_digits(result), 6: typed, 7: typed, 8: typed, 9: weighted_digits(result)})

    gate_words, cov_words = GATE_WORDS[lang], COVERAGE_WORDS[lang]
    # a score (a number) and a judgement (適合, 言及あり: words) each in a column of its own; the figures
    # computed from an evaluator's scores (quality score, coverage) in the scores' column
    per_evaluator = []
    for vendor in result.vendors:
        for evaluator in result.evaluators:
            if evaluator not in vendor.evaluator_quality:
                continue
            comments = vendor.comments.get(evaluator, {})
            per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), "",
                                  say("score.quality_total", lang), Figure(vendor.evaluator_quality[evaluator], quality_digits(result)),
                                  "", ""])
            for gid, votes in vendor.gate_votes.items():
                verdict = votes.get(evaluator)
                per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), gid,
                                      gate_names[gid], None,
                                      gate_words[verdict] if verdict else None, comments.get(gid, "")])
            for criterion in scheme.weighted():
                score = vendor.criterion_scores[criterion["id"]].get(evaluator)
                per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), criterion["id"],
                                      clean(criterion["name"]), None if score is None else float(score), None,
                                      comments.get(criterion["id"], "")])
            for requirement in scheme.checklist():
                status = vendor.checklist.get(evaluator, {}).get(requirement.id)
                per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), requirement.id,
                                      clean(requirement.text), None, cov_words[status] if status else None,
                                      comments.get(requirement.id, "")])
            if scheme.checklist():
                # the coverage the checklist score was rounded from (3.33 → 3): the panel sees what the score rests on
                coverage = vendor.coverage.get(evaluator)
                per_evaluator.append([evaluator, names[evaluator], vendor.id, clean(vendor.name), "", say("score.coverage_total", lang),
                                      None if coverage is None else Figure(coverage, 1, percent=True), None, ""])
    sheet(wb, st, say("score.sheet_by_evaluator", lang),
           [say("score.evaluator_id", lang), say("score.evaluator", lang), say("score.vendor_id", lang), say("score.vendor", lang),
            say("score.item_id", lang), say("score.criterion", lang), say("score.score", lang), say("score.judgement_or_status", lang),
            say("score.comment", lang)],
           per_evaluator, [None, None, None, None, None, 44, 9, None, 50], mark, digits={6: typed})

    vendor_names = {v.id: clean(v.name) for v in result.vendors}
    # what concerns the result as a whole first, as in the memo
    checks = [["", "", "", line] for line in [presentations_forgotten(result, lang, unread, reader=True)] if line]
    sheet(wb, st, say("score.sheet_flags", lang),
           [say("score.vendor_id", lang), say("score.vendor", lang), say("score.item_id", lang), say("score.flags", lang)],
           checks + [[f.vendor_id, vendor_names[f.vendor_id], f.criterion_id or "", f.text(lang)] for f in result.flags],
           [None, None, None, 100], mark)
    solid = robustness(result)
    sheet(wb, st, say("score.sheet_robustness", lang), [say("score.test", lang), say("score.outcome", lang), changes_label(result, lang)],
           [[r["test"], r["outcome"], r["changed"]] for r in robustness_rows(result, solid)], [50, 80, None], mark)
    agreed = [[r["vendor_id"], r["vendor"], r["item"], r["spread"], r["mean"], r["agreed"], r["reason"]]
              for r in consensus_rows(result)]
    consensus = sheet(wb, st, say("score.sheet_consensus", lang),
                      [say(f"score.{key}", lang) for key in ("vendor_id", "vendor", "criterion", "spread", "mean", "agreed", "reason")],
                      agreed, [None, None, 30, 10, 10, 12, 70], mark)
    if not agreed:  # never a header alone: the sentence across the row (in the first cell it widened the id column)
        consensus.merge_range(1, 0, 1, 6, no_consensus(result, lang), st["body"])
    criterion_names = {c["id"]: clean(c["name"]) for c in scheme.weighted() + scheme.gates()}
    kinds = {KIND_EVALUATOR: "score.kind_scores", KIND_PRESENTATION: "score.kind_presentation", KIND_PRICES: "score.kind_prices",
             KIND_CONSENSUS: "score.kind_consensus"}
    audit = [[project_time(project, datetime.fromisoformat(a["read_at"])), say("score.audit_read", lang), Path(a["file"]).name,
              say(kinds[a["kind"]], lang) if a["kind"] in kinds else a["kind"], names.get(a["evaluator"], a["evaluator"]),
              "", "", "", project_time(project, datetime.fromisoformat(a["modified"])), a["sha256"][:16]] for a in result.audit]
    audit += [[audit[0][0] if audit else "", say("score.audit_lot", lang) if c["kind"] == "lot" else say("score.audit_agreed", lang),
               Path(c["file"]).name, c["cell"], vendor_names.get(c["vendor"], c["vendor"]),
               criterion_names.get(c["criterion"], c["criterion"]), gate_words[c["agreed"]] if c["kind"] == "gate" else c["agreed"],
               c["reason"], "", ""] for c in result.consensus]
    sheet(wb, st, say("score.sheet_audit", lang),
           [say(f"score.{key}", lang) for key in ("audit_when", "audit_what", "file", "audit_kind", "audit_who", "criterion",
                                                  "audit_value", "reason", "audit_modified", "audit_checksum")], audit,
           [None, None, None, None, None, 16, 8, 28, None, 24], mark, hidden=(9,))  # the checksums: kept, not printed
    method = [[line] for line in method_lines(result)]
    notes = tally_notes(result)
    method += [[""], [say("score.tally_notes", lang)]] + [[line] for line in notes] if notes else []
    method += [[""]] + [[f"{say('score.file', lang)}{tr(lang, '：', ': ')}{Path(f).name}"] for f in result.files]
    sheet(wb, st, say("score.sheet_method", lang), [say("score.memo_method", lang).split(" ", 1)[-1]], method, [140], mark)
    if analysis is not None:
        from ..responses.report import add_sheet  # vendor responses: their analysis

        add_sheet(wb, analysis)
    wb.set_properties(file_properties(project, say(results_kind(result), lang)))
    wb.close()
    return buffer.getvalue()


def robustness_workbook(result: Result, solid: Robustness | None = None) -> bytes:
    """The robustness table on its own, as the memo and results.xlsx give it: for a sponsor or a committee
    who asks only how solid the decision is."""
    project = result.project
    lang = project.lang
    solid = solid or robustness(result)
    buffer = io.BytesIO()
    wb, st = _book(project, buffer)
    rows = [[r["test"], r["outcome"], r["changed"]] for r in robustness_rows(result, solid)]
    _sheet(wb, st, say("score.sheet_robustness", lang), [say("score.test", lang), say("score.outcome", lang),
                                                         changes_label(result, lang)], rows, [50, 90, 14], internal_mark(project))
    wb.set_properties(file_properties(project, say("score.sheet_robustness", lang)))
    wb.close()
    return buffer.getvalue()


def write_robustness_xlsx(result: Result, out: Path, solid: Robustness | None = None) -> Path:
    atomic_write_bytes(out, robustness_workbook(result, solid))
    return Path(out)


def write_results_xlsx(project, result: Result, out: Path, analysis=None, unread: tuple[str, ...] = ()) -> Path:
    atomic_write_bytes(out, results_workbook(result, analysis, unread))
    return Path(out)
