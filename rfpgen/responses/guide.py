"""The evaluator guide's chapter on vendor responses: how an offer's normalised cost and its implied
service level are computed, with the project's own numbers, and what to ask a flagged vendor."""
from __future__ import annotations

import math

from .. import erlang
from ..project import Project
from ..text import clock, moment, money, month, number, rate
from ..scoring.price import priced_figure
from ..words import capital, currency_name, enum, lower_first, say, tr
from . import rates
from .analysis import reference_price

EXAMPLE_SHARE = 0.7  # the worked example: a vendor planning 70% of the client's FTE


def _money(amount: float, currency: str, lang: str) -> str:
    return money(amount, currency, lang, digits=0)


def _example(project: Project, staffing: dict) -> str | None:
    """The implied service level of a vendor at 70% of the reference FTE, in the busiest queued program."""
    queued = [p for p in staffing.get("programs") or [] if p["model"] != "workload" and p.get("peak_month")]
    if not queued:
        return None
    program = max(queued, key=lambda p: p["peak_scheduled"])
    peak = next(r for r in staffing["peak_intervals"] if r["program"] == program["id"] and r["month"] == program["peak_month"])
    when = month(program["peak_month"], project.date_style)
    shrinkage = staffing["shrinkage"]["total_pct"]
    agents = math.floor(peak["scheduled"] * EXAMPLE_SHARE * (1 - shrinkage / 100) + 0.5)
    load = peak["contacts"] * program["aht_seconds"] / (staffing["interval_minutes"] * 60)
    level = program["service_level"]
    result = erlang.evaluate(round(agents * (program["concurrency"] or 1)), load, program["aht_seconds"],
                             level["threshold_seconds"], program["patience_seconds"])
    lang = project.lang
    # the peak interval falls on one date when an event (a sale) makes it the busiest: name the date and
    # the event, so the example does not read as the ordinary week of the staffing figures (Monday busiest)
    event = next((e for e in staffing.get("events") or [] if peak.get("date") and program["id"] in (e.get("programs") or [program["id"]])
                  and e["start"] <= peak["date"] <= e["end"]), None)
    if peak.get("date"):  # within the month `when` names
        on = moment(peak["date"], peak["start"], project.date_style) + (tr(lang, f"、{event['name']}の期間中", f", during {event['name']}")
                                                                         if event else "")
    else:
        start = clock(peak["start"], project.date_style)
        on = tr(lang, f"{enum('weekday', peak['weekday'], lang)}曜 {start}", f"{enum('weekday', peak['weekday'], lang)} {start}")
    target = tr(lang, f"{number(level['percent'])}%を{number(level['threshold_seconds'])}秒以内",
                f"{number(level['percent'])}% within {number(level['threshold_seconds'])} s")
    implied = rate(result.service_level * 100)
    if lang == "ja":
        return (f"例：{program['name']}で委託元の試算の70%のFTEを計画した提案者は、{when}のピーク時間帯"
                f"（{on}、呼量{load:.1f}アーラン、委託元の試算{peak['required']}名・シフト上{peak['scheduled']}名）に"
                f"{peak['scheduled']} × 0.7 ×（1 − {rate(shrinkage)}）≒ {agents}名となり、推定サービスレベルは{implied}"
                f"（目標：{target}）となる。")
    return (f"Example: a bidder planning 70% of the client's FTE for {program['name']} has, at the peak "
            f"interval of {when} ({on}, load {load:.1f} erlangs; the client's estimate {peak['required']} "
            f"agents, {peak['scheduled']} scheduled), {peak['scheduled']} × 0.7 × (1 − {rate(shrinkage)}) ≈ {agents} agents, an "
            f"implied service level of {implied} against the target of {target}.")


def _screening_rule(s: rates.Settings, lang: str) -> str:
    """What screening does with a must requirement's finding, as the project sets it (`disqualify_on`)."""
    out = [kind for kind in rates.MUST_FINDINGS if kind in s.disqualify]
    kept = [kind for kind in rates.MUST_FINDINGS if kind not in s.disqualify]
    if lang == "ja":
        text = "形式審査の指摘："
        if out:
            text += "必須要件が" + rates.must_findings(out, lang) + "の提案は失格とする（RFPの失格事由）。"
        if kept:
            text += "必須要件が" + rates.must_findings(kept, lang) + "の場合は失格とせず、提案者に内容を確認する。"
        return text + "いずれも総合評価の前に確認する。"
    text = "Screening findings: "
    if out:
        text += f"a must requirement {rates.must_findings(out, lang)} disqualifies the bidder (a ground for disqualification in the RFP). "
    if kept:
        text += f"A must requirement {rates.must_findings(kept, lang)} does not disqualify; ask the bidder about it. "
    return text + "Confirm both before the scores are combined."


def guide_chapter(ch, project: Project, staffing: dict | None) -> None:
    """Fill a guide chapter (context._Chapter) with the responses analysis, in the project's numbers."""
    lang = project.lang
    s = rates.settings(project)
    years = rates.contract_years(s.term_months)
    months = rates.forecast_months(project)
    ref, source = reference_price(project)
    tax = enum("tax_basis", s.tax_basis, lang)
    first, last = (month(months[0], project.date_style), month(months[-1], project.date_style)) if months else ("—", "—")
    bands = rates.bands_text(s.bands_pct, lang)
    figure = priced_figure(project.data["evaluation"], lang)
    if lang == "ja":
        cost = (f"各社の提案回答書（価格と要員計画）から、契約期間{s.term_months}か月の総額を同じ条件で算定する。"
                f"委託元の予測（{first}〜{last}の{len(months)}か月）を契約期間の各月に繰り返して当てはめ、"
                f"{years}年度それぞれの単価に数量を掛けて合計し、初期費用を加える（{currency_name(s.currency, lang)}・{tax}）。"
                f"{say('staffing.billable_hours', lang)}は FTE × 月{s.paid_hours:g}時間 ×（1 − 提案者のシュリンケージ）とする。業務量が予測から{bands}変動した場合も、応対件数と要員を同じ割合で増減させて算定し、"
                f"固定費は変えない。{figure}はこの総額（委託元の予測の場合）で算定する。")
    else:
        cost = (f"Each response form (prices and staffing plan) is priced the same way over the {s.term_months}-month term: "
                f"the client's forecast ({len(months)} months, {first} to {last}) "
                f"repeated month by month, each quantity times the rate of its contract year (of {years}), plus initial costs "
                f"({currency_name(s.currency, lang)}, {tax}). {capital(say('staffing.billable_hours', lang))} are FTE × {s.paid_hours:g} paid hours × "
                f"(1 − the bidder's shrinkage). The total is also computed for volumes {bands} from the forecast: contacts "
                "and staffing change in the same proportion, fixed fees stay the same. "
                f"The {lower_first(figure)} {'are' if figure.endswith('points') else 'is'} computed on the total at the forecast.")
    ch.text(tr(lang, "正規化した総額の算定", "How the normalised cost is computed"), tr(lang, cost, cost))
    ch.table("価格体系" if lang == "ja" else "Rate structure",
             ["価格方式", "単価項目", "単位", "単価の区分", "数量の算定"] if lang == "ja"
             else ["Pricing model", "Rate", "Unit", "Priced", "Quantity counted as"], rates.structure_rows(project))
    if lang == "ja":
        implied = ("要員計画の妥当性は委託元の要員モデルで確認する。窓口・月ごとに、提案者の要員が委託元の試算のシフトと同じ形で配置されると仮定し、"
                   "ピーク時間帯の人数 ＝ 委託元の試算のシフト上の人数 × 提案FTE ÷ 委託元の試算FTE ×（1 − 提案者のシュリンケージ）を整数に丸め、"
                   "委託元の予測の呼量でアーランC（放棄を考慮する窓口はアーランA）によりサービスレベルと平均応答速度（ASA）を求める。"
                   f"メール等のノンリアルタイム業務は、予測業務量 ÷ 提案の{say('staffing.billable_hours', lang)}（稼働率）が100%を超えないかを確認する。")
    else:
        implied = ("Staffing is checked with the client's staffing model. Per program and month, the bidder's staff is assumed to "
                   "be scheduled like the client's estimate: agents at the peak interval = the estimate's scheduled agents × "
                   "bidder FTE ÷ reference FTE × (1 − the bidder's shrinkage), rounded; Erlang C (Erlang A where callers "
                   "abandon) on the client's forecast load gives the service level and the ASA. Deferred work (e-mail) is "
                   f"checked for occupancy: the forecast work over the bidder's {say('staffing.billable_hours', lang)} must not exceed 100%.")
    example = _example(project, staffing) if staffing else None
    ch.text("推定サービスレベルの算定" if lang == "ja" else "How the implied service level is computed",
            tr(lang, implied, implied) + ("\n\n" + tr(lang, example, example) if example else ""))
    threshold = (_money(ref * s.low_bid_pct / 100, s.currency, lang) if ref else None)
    what = {"reference_price": ("予定価格", "reference price"), "budget": ("予算", "budget")}.get(source, ("予定価格", "reference price"))
    if lang == "ja":
        asks = ["推定サービスレベルが目標を下回る：最繁時間帯のある月の30分単位の配置表、平均処理時間とシュリンケージの根拠、不足を埋める方法（兼務、残業、応援体制）を確認する。",
                "ノンリアルタイム業務を処理しきれない：滞留の見込みと解消の手順、返信期限を守る体制を確認する。",
                (f"低価格（総額が低価格の基準である{what[0]}の{s.low_bid_pct:g}%未満" + (f"＝{threshold}未満" if threshold else "")
                 + "）：人件費・SV比率・間接費の内訳、単価で採用と定着が可能か、契約期間中の値上げの予定を確認し、履行可能性を調査する。"),
                _screening_rule(s, lang)]
    else:
        asks = [("Implied service level below target: ask for the interval staffing of the busiest-interval month, the basis of the "
                 "handle time and shrinkage assumed, and how the gap will be covered (multi-skilling, overtime, support team)."),
                ("Deferred work the staffing cannot clear: ask how the backlog is expected to develop and how response "
                 "targets will be kept."),
                (f"Low price (total below the low-price threshold, {s.low_bid_pct:g}% of the {what[1]}"
                 + (f", i.e. below {threshold}" if threshold else "")
                 + "): ask for the breakdown (wages, team leader ratio, overheads), whether the rates let the bidder hire "
                 "and keep staff, and any planned increases; review whether the offer can be delivered."),
                _screening_rule(s, lang)]
    ch.bullets("指摘された提案者に確認すること" if lang == "ja" else "What to ask a flagged bidder", [tr(lang, a, a) for a in asks])
