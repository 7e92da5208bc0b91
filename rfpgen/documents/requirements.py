"""The requirements definition (業務要件定義書): the full internal truth, every requirement included.

It opens with a one-page summary for management (scope, schedule, budget beside the reference staffing
estimate, what the RFP leaves out and why, key risks) and the approval block, and closes with the
staffing annex and a glossary of the terms the documents use."""
from __future__ import annotations

from datetime import date

from ..project import PARTS, Project
from ..scoring.price import unbounded_by_quality
from ..scoring.rules import Rules
from ..responses import rates
from ..responses.form import initial_cost_items
from ..responses.rates import estimate_quantity
from ..text import clean, day, money, month, number, rate
from ..words import count, enum, listing, lower_first, plural, say, tr
from ..words.glossary import READINGS, glossary, reading_key
from ..clarifications import disclosures
from .clarifications import addenda_table, register_table
from .parts import (CHAPTER_BUILDERS, Chapter, Outline, approval_block, approval_chapter, evaluation_chapter, pricing_chapter,
                    project_chapter, requirement_rows, rfp_settings_chapter,
                    schedule_rows, versus_budget)
from .staffing_annex import staffing_chapter
from .staffing_range import MOST_FTE_MONTH, PEAK_MONTH, fte_basis

TIGHT_START_DAYS = 30  # fewer days than this from choosing the contractor to the start of hiring: a tight start
SURPLUS_SHARE = 0.10  # the hiring plan's headcount above the month's need by this share or more ...
SURPLUS_MONTHS = 2  # ... for this many months in a row: a cost someone carries, said in the risks


SUMMARY_WORK = 2  # outsourced work items the summary lists; the rest are pointed to in the scope chapter
SUMMARY_RISKS = 2  # key risks the summary lists, the most pressing first; all of them in the project chapter
SUMMARY_IDS = 3  # requirement ids a summary sentence names before it counts the rest
ALL_RISKS = ("主なリスクと留意点（全件）", "Key risks (all)")  # the project chapter's section, when the summary shows some
BUDGET_RATE = ("予算上の単価", "Budget rate")  # the pricing chapter's section working the summary's rate out


def summary_chapter(ch: Chapter, project: Project, staffing: dict | None, risks: list[str], where: dict[str, str]) -> None:
    """What management needs on one page before signing, the approval block included: counts and the
    first items of every list, each pointing to the section (`where`, by key) that holds the rest, so a
    large project's summary is no longer than a small one's."""
    lang = ch.lang
    work = [clean(w) for w in project.section("scope").get("outsourced") or [] if clean(w).strip()]
    work = _first(lang, work, SUMMARY_WORK, where["scope"])
    rate = budget_rate(project, staffing)
    addenda = project.addenda()
    ch.pairs(tr(lang, "概要", "Overview"), [  # one table: its lines are tighter than body text's
        (tr(lang, "委託する業務", "Work to be outsourced"), "\n".join(tr(lang, "・", "• ") + w for w in work)),
        *(tuple(row) for row in schedule_rows(project, ("rfp_issue", "proposal_due", "decision", "service_start"))),
        *budget_rows(project, staffing),
        *([(tr(lang, *BUDGET_RATE), tr(lang, f"{rate[1]}（算定は{where['budget_rate']}）", f"{rate[1]} (worked out in {where['budget_rate']})"))]
          if rate else []),
        *([(tr(lang, "RFPに記載しない要件", "Left out of the RFP"), withheld_summary(project, where["withheld"]))]
          if project.withheld() or disclosures(project) else []),
        *([(tr(lang, "RFPの追補", "RFP addenda"), _addenda(project, addenda, where["addenda"]))] if addenda else []),
    ])
    shown = [[str(n), r] for n, r in enumerate(_first(lang, risks, SUMMARY_RISKS, where["risks"]), 1)]
    if len(risks) > SUMMARY_RISKS + 1:
        shown[-1][0] = ""  # the pointer to the rest is no risk of its own
    ch.table(tr(lang, "主なリスクと留意点", "Key risks"), [tr(lang, "項番", "Item"), tr(lang, "リスクと留意点", "Risk")],  # a table's lines, as the overview's
             shown or [["", tr(lang, "試算と日程から読み取れる特段のリスクはない。", "The estimate and the schedule show no particular risk.")]])
    ch.table(tr(lang, "承認欄", "Approval"), *approval_block(project))


def _addenda(project: Project, addenda: list[dict], listed_in: str) -> str:
    """How many addenda, the latest by version and date; what each changed is in `listed_in`."""
    lang, last = project.lang, addenda[-1]
    when = day(last["date"], project.date_style, weekday=False)
    if len(addenda) == 1:
        return tr(lang, f"第{last['version']}版（{when}）。内容は{listed_in}", f"Version {last['version']} ({when}); what it changed in {listed_in}")
    return tr(lang, f"{len(addenda)}件。最新は第{last['version']}版（{when}）。内容は{listed_in}",
              f"{len(addenda)} addenda, the latest version {last['version']} ({when}); what each changed in {listed_in}")


def _first(lang: str, items: list[str], shown: int, section: str) -> list[str]:
    """The first `shown` of `items` and a pointer to the `section` holding the rest; all of them when
    only one more would be left out (the pointer would take its room)."""
    if len(items) <= shown + 1:
        return items
    return items[:shown] + [tr(lang, f"ほか{len(items) - shown}件（{section}）", f"{len(items) - shown} more ({section})")]


def _named(lang: str, requirements: list) -> str:
    """Up to SUMMARY_IDS requirements by id and short name (WRK-007（予測誤差への対応）), then how many more:
    approvers read names, and the list stays short enough for the one-page summary."""
    labels = [r.labelled(lang) for r in requirements]
    rest = len(labels) - SUMMARY_IDS
    if rest <= 1:  # the count would take the room of the one left out
        return listing(lang, labels)
    return tr(lang, "、", ", ").join(labels[:SUMMARY_IDS]) + tr(lang, f"ほか{rest}件", f" and {rest} more")


def withheld_summary(project: Project, listed_in: str) -> str:
    """What the RFP leaves out and why, in a bounded length: how many, how they are scored,
    what an unaddressed one may cost, and the ones answers disclosed, by id (the list is in `listed_in`)."""
    lang = project.lang
    withheld, disclosed = project.withheld(), disclosures(project)
    why = ""
    if withheld:
        unstated = project.unstated_needs_criterion()
        why = tr(lang, f"提案力を確かめるため、{len(withheld)}件を記載しない（名称と一覧は{listed_in}）。",
                 f"The RFP leaves out {len(withheld)} requirements (named in {listed_in}) to see whether bidders raise them unprompted.")
        why += (tr(lang, f"評価項目「{unstated['name']}」で評価する。", f" Scored under “{unstated['name']}”.")
                if unstated else tr(lang, "評価する公開の評価項目がなく、評点には反映しない。", " No published criterion scores them."))
        why += tr(lang, "提案が触れないものは、契約後の追加費用となりうる。",
                  " Any that the chosen proposal leaves out may be charged as extra work after signing.")
    if disclosed:  # told to every bidder by an answer: no longer a test of their insight
        by_id = {r.id: r for r in project.requirements()}
        ids = _named(lang, [by_id[rid] for rid in disclosed])
        why += tr(lang, f"{ids}は質問への回答で全提案者に開示したため、提案力の評価の対象外とする。",
                  f" Answers disclosed {ids} to all bidders, so "
                  f"{plural(len(disclosed), 'it is no longer scored as an unstated need', 'they are no longer scored as unstated needs')}.")
    return why.strip()


def _need(staffing: dict) -> tuple[dict, dict] | None:
    """(go-live, peak month) as {month, fte}: the FTE the hiring plan staffs to (rostered in whole shifts
    when the shift solve ran), the one measure the summary uses."""
    heads = staffing.get("headcount")
    months = (staffing.get("hiring_plan") or {}).get("months") or []
    if months:
        peak = max(months, key=lambda m: m["need_fte"])
        return {"month": months[0]["month"], "fte": months[0]["need_fte"]}, {"month": peak["month"], "fte": peak["need_fte"]}
    monthly = staffing.get("monthly") or []
    if not monthly:
        return None
    key = "rostered_fte" if all(m.get("rostered_fte") is not None for m in monthly) else "fte"
    peak = max(monthly, key=lambda m: m[key])
    first = {"month": heads["month"], "fte": heads["agent_fte"]} if heads else {"month": monthly[0]["month"], "fte": monthly[0][key]}
    return first, {"month": peak["month"], "fte": peak[key]}


def budget_rows(project: Project, staffing: dict | None) -> list[tuple[str, str | None]]:
    """Budget, reference price and the staffing estimate, and what the budget allows per unit of the
    pricing model: the estimate has staff and hours but no rates, so the budget is turned into the rate
    it pays for the estimated hours (or FTE), the figure proposals' rates are compared with."""
    lang, style = project.lang, project.date_style
    pricing = project.section("pricing")
    currency = pricing.get("currency", "JPY")
    budget = pricing.get("budget") or {}
    amount = budget.get("amount")
    rows = [(tr(lang, "予算", "Budget"), amount is not None and
             money(amount, currency, lang) + (tr(lang, f"（{budget['period']}）", f" ({budget['period']})") if budget.get("period") else ""))]
    reference = (project.data["evaluation"].get("price") or {}).get("reference_price")
    if reference is not None:
        rows.append((tr(lang, "予定価格", "Reference price"), money(reference, currency, lang) + versus_budget(reference, amount, lang)))
    need = _need(staffing) if staffing and not staffing.get("empty") else None
    if need:
        (first, peak), rostered = need, bool((staffing.get("headcount") or {}).get("rostered"))
        basis = fte_basis(lang, rostered)
        leaders = (staffing.get("supervisors") or {}).get("count")  # the annex's count, beside the agents the budget pays for
        rows.append((tr(lang, "要員の参考試算（付録）", "Reference estimate (annex)"),
                     tr(lang, f"開始時 {number(first['fte'])} FTE、最大 {number(peak['fte'])} FTE（{month(peak['month'], style)}）。"
                              f"オペレーターのFTE、{basis}" + (f"。ほかにSV 最大{leaders}名" if leaders else ""),
                        f"{number(first['fte'])} FTE at go-live, {number(peak['fte'])} FTE at most ({month(peak['month'], style)}); "
                        f"agent FTE, {basis}" + (f"; plus up to {count(leaders, lang, '', 'team leader')}" if leaders else ""))))
    return rows


def budget_rate(project: Project, staffing: dict | None) -> tuple[str, str, str] | None:
    """The budget as a rate of the pricing model (label, the rate, how it is worked out): the budget ÷
    the term's quantity of the model's rate line under the client's estimate, counted as the bids'
    quantities are (rates.estimate_quantity). The initial costs have no amounts in the project, so they
    are not deducted: the rate is a ceiling. None without a budget, a term or an estimate."""
    pricing = project.section("pricing")
    amount = (pricing.get("budget") or {}).get("amount")
    if not (amount and pricing.get("contract_term_months") and (staffing or {}).get("monthly") and not staffing.get("empty")):
        return None
    lang, s = project.lang, rates.settings(project)
    model = project.section("pricing").get("model", "per_production_hour")
    line = rates.LINES[rates.BUDGET_LINE[model]]
    monthly = staffing["monthly"]
    rostered = all(m.get("rostered_fte") is not None for m in monthly)
    fte = {m["month"]: m["rostered_fte"] if rostered else m["fte"] for m in monthly}
    shrinkage = staffing["shrinkage"]["total_pct"]
    quantity = estimate_quantity(project, line.key, fte, shrinkage)
    if not quantity:
        return None
    money_per = line.unit(lang, s.currency)
    per = money_per.split("／", 1)[1] if lang == "ja" else money_per.split(" ", 1)[1]
    shown = money(amount / quantity, s.currency, lang, digits=0 if lang == "ja" else 2)
    estimate = tr(lang, f"試算のFTE（{fte_basis(lang, rostered)}）", f"the estimate's FTE, {fte_basis(lang, rostered)}")
    what, how = {
        "hour": (tr(lang, f"{say('staffing.billable_hours', lang)}{number(round(quantity))}時間",
                    f"{number(round(quantity))} {say('staffing.billable_hours', lang)}"),
                 tr(lang, f"{estimate} × 月間所定労働時間{s.paid_hours:g}時間 ×（1 − シュリンケージ{rate(shrinkage)}）",
                    f"{estimate}, × {s.paid_hours:g} paid hours a month × (1 − {rate(shrinkage)} shrinkage)")),
        "fte_month": (tr(lang, f"{number(round(quantity, 1))} FTE・月", f"{number(round(quantity, 1))} FTE-months"), estimate),
    }.get(line.key) or (number(round(quantity)) + tr(lang, "分" if line.key == "minute" else "件", f" {per.removeprefix('per ')}s"),
                         rates.quantity_basis(line, lang, s))
    other = next((o for o in rates.lines(model) if o is not line), None)  # hybrid, fixed plus overage: the whole budget on one line
    both = other is not None
    initial = initial_cost_items(project)
    divided = (tr(lang, f"予算 ÷ 契約期間の{s.term_months}か月（全窓口の合計）。", f"the budget ÷ the {s.term_months} months of the term (all programs together).")
               if line.key == "fixed_month" else
               tr(lang, f"予算 ÷ {s.term_months}か月の{what}（提案の価格と同じ数え方：{how}）。",
                  f"the budget ÷ {what} over {s.term_months} months, counted as the bids are ({how})."))
    text = tr(lang, divided
                    + (f"{other.ja}の分も含む。" if both else "")
                    + ("初期費用は金額が未定のため差し引いていない。" if initial else "")
                    + f"提案の{'運営費を同じ数量で割った額' if both else '単価'}がこれを上回ると、試算の数量では予算に収まらない。",
              divided[:1].upper() + divided[1:]
              + (f" The budget is spread over this rate alone, so it pays for the {lower_first(other.en.split(' (')[0])} as well." if both else "")
              + (" The initial costs have no amounts yet and are not deducted." if initial else "")
              + f" A proposal whose {'operating cost ' + per if both else 'rate'} is above it does not "
              "fit the budget at the estimate's quantities.")
    return tr(lang, f"予算上の{line.ja}", f"Budget {lower_first(line.en)}"), tr(lang, f"{shown}／{per}", f"{shown} {per}"), text


def key_risks(project: Project, staffing: dict | None) -> list[str]:
    """The risks the project's own data shows, the most pressing first (the summary prints the first
    SUMMARY_RISKS): the staffing model's warnings, a missing budget, a tight start, award rules that
    let price or the presentation alone decide, the peak, the price formula's effective weight, the
    range of the estimate. (What the RFP leaves out says its own risk: withheld_summary.)"""
    lang, style = project.lang, project.date_style
    staffing = staffing if staffing and not staffing.get("empty") else {}
    schedule = project.data["project"].get("schedule") or {}
    notes = []
    for w in staffing.get("warnings") or []:
        if w.get("key") == "hiring_before_contract":
            notes.append(tr(lang, "採用・研修の開始が契約締結より前になる（付録の採用スケジュールを参照）。",
                            "Hiring or training would start before the contract is signed (see the hiring timeline in the annex)."))
        elif w.get("key") == "no_service_start":
            notes.append(tr(lang, "サービス開始日が未定のため、採用・研修スケジュールは作成していない。",
                            "No go-live date is set, so there is no hiring timeline."))
        elif w.get("key") == "lead_time_shorter_than_training":
            notes.append(tr(lang, "採用リードタイムが研修期間より短い。", "The hiring lead time is shorter than training."))
    if project.withholds_budget() and (project.section("pricing").get("budget") or {}).get("amount") is None:
        notes.append(tr(lang, "予算が未設定である。", "No budget is set."))
    hiring_start = next((m["date"] for m in staffing.get("hiring_timeline") or [] if m["key"] == "hiring_start"), None)
    if hiring_start and schedule.get("decision"):
        gap = (date.fromisoformat(hiring_start) - date.fromisoformat(str(schedule["decision"]))).days
        if 0 <= gap < TIGHT_START_DAYS:
            # the consequence beside the fact: an approver reads what a late start costs and what to ask for
            notes.append(tr(lang, f"受託者の決定から採用開始（{day(hiring_start, style, weekday=False)}）まで{gap}日しかない。"
                                  "遅れるとサービス開始時に要員が揃わないため、提案書の採用計画で確かめる。",
                            f"Only {count(gap, lang, '日', 'day')} {plural(gap, 'lies', 'lie')} between choosing the contractor and the start of hiring ({day(hiring_start, style, weekday=False)}): "
                            "a late start leaves the team short at go-live, so check each proposal's hiring plan."))
    notes += [risk for risk in (quality_floor_risk(project), presentation_only_risk(project), surplus_risk(project, staffing)) if risk]
    need = _need(staffing) if staffing else None
    if need and need[0]["fte"] and need[1]["fte"] > need[0]["fte"] * 1.1:
        (first, peak) = need
        basis = fte_basis(lang, (staffing.get("headcount") or {}).get("rostered"))
        hires = hires_after_go_live(staffing, lang)
        notes.append(tr(lang, f"{MOST_FTE_MONTH[0]}（{month(peak['month'], style)}）は開始時の{number(round(peak['fte'] / first['fte'], 2))}倍の"
                              f"{number(peak['fte'])} FTE（{basis}）。{hires}",
                        f"The {MOST_FTE_MONTH[1]} ({month(peak['month'], style)}) needs {number(peak['fte'])} FTE ({basis}), "
                        f"{number(round(peak['fte'] / first['fte'], 2))} times the {number(first['fte'])} FTE at go-live."
                        + (" " + hires if hires else "")))
    scenarios = {s["key"]: s for s in staffing.get("scenarios") or []}
    if {"base", "low", "high"} <= set(scenarios) and staffing.get("peak_month"):
        base, low, high = (scenarios[k]["fte"] for k in ("base", "low", "high"))
        peak_month = month(staffing["peak_month"], style)
        most = need[1]["month"] if need else staffing["peak_month"]
        # the scenarios rerun the month of the busiest interval: where another month needs the most staff (the
        # risk above), the two months are told apart, not left as two "peak months" side by side
        other = "" if most == staffing["peak_month"] else tr(
            lang, f"月全体で最も人員が必要なのは{month(most, style)}である。",
            f" {month(most, style)} needs the most staff over the whole month.")
        notes.append(tr(lang, f"件数・処理時間・シュリンケージの振れ幅により、{PEAK_MONTH[0]}（{peak_month}）の必要FTE（{fte_basis(lang, False)}）は"
                              f"{number(low)}〜{number(high)}（基準 {number(base)}）となりうる。{other}",
                        f"Volume, handle time and shrinkage could move the {PEAK_MONTH[1]} ({peak_month}) from {number(low)} to "
                        f"{number(high)} FTE (base {number(base)}; {fte_basis(lang, False)}).{other}"))
    if (project.data["evaluation"].get("price") or {}).get("formula") == "jp_additive":  # worked out in the evaluator guide
        from .guide import PLAUSIBLE_BIDS, additive_price_spread

        maximum, spread = additive_price_spread(project)
        low, high = (round(share * 100) for share in PLAUSIBLE_BIDS)
        notes.append(tr(lang, f"加算方式では、予定価格の{low}〜{high}%の提案価格の価格点の差は最大{number(spread, 1)}点（満点{number(maximum)}点）で、"
                              f"価格の差は順位にほとんど表れない（{say('doc.kind.guide', lang)}「価格の実質的な配分」）。",
                        f"Under the additive formula, proposed prices between {low}% and {high}% of the reference price differ by at most "
                        f"{number(spread, 1)} of {number(maximum)} price points, so price differences barely move the ranking "
                        f"(see “The price's effective weight” in the {say('doc.kind.guide', lang)})."))
    return notes


def quality_floor_risk(project: Project) -> str:
    """Under a formula where price can outweigh quality without bound and no minimum quality score, a
    cheap, weak proposal can win (the validation warns the author too)."""
    evaluation = project.data["evaluation"]
    formula = evaluation["price"]["formula"]
    if not unbounded_by_quality(formula) or Rules.of(evaluation).minimum_quality is not None:
        return ""
    lang = project.lang
    name = enum("price_formula", formula, lang)
    return tr(lang, f"{name}では、価格が十分に低ければ品質スコアの低い提案でも1位になる。品質スコアの最低基準点を設けていないため、"
                    "安価で品質の低い提案を選定から除く規則がない。",
              f"Under the {lower_first(name)} formula a low enough price beats any quality score, and no minimum quality score "
              "is set: nothing keeps a cheap, weak proposal from winning.")


def presentation_only_risk(project: Project) -> str:
    """Under `combine: presentation_only` the presentation alone ranks the vendors: price and the written
    proposal only choose who presents. Management signs the award rules, so the summary says so (and that
    a single presentation criterion decides the award)."""
    from .guide import document_total_name

    stage = Rules.of(project.data["evaluation"]).presentation
    if not stage or stage.combine != "presentation_only":
        return ""
    lang = project.lang
    document = document_total_name(project)
    who = ((f"{document}の上位{stage.top}者" if lang == "ja" else f"the best {stage.top} by {document.lower()}") if stage.top else
           tr(lang, f"{document}が{number(stage.min_total)}点以上の者", f"{document.lower()} of {number(stage.min_total)} or more"))
    text = tr(lang, f"最終順位はプレゼンテーション点だけで決まる。提案価格と提案書の品質は、プレゼンテーションに進む者（{who}）を決めるだけで、"
                    f"受託者の決定には反映されない（{say('doc.kind.guide', lang)}「最終順位を決めるもの」）。",
              f"The final ranking is the presentation score alone: the price and the written proposal only decide who presents "
              f"({who}), not who wins (see “What decides the final ranking” in the {say('doc.kind.guide', lang)}).")
    if len(stage.criteria) == 1:
        name = clean(stage.criteria[0]["name"])
        text += tr(lang, f"プレゼンテーションの評価項目は「{name}」の1項目だけで、その評点で受託者が決まる。",
                   f" The presentation has a single criterion, “{name}”: its score alone chooses the contractor.")
    return text


def surplus_risk(project: Project, staffing: dict | None) -> str:
    """The months the hiring plan keeps clearly more people than needed (SURPLUS_SHARE of the need, for
    SURPLUS_MONTHS or more in a row: when the need falls, only leavers shrink the team), and who pays for
    them under the pricing model: the client when billed per FTE deployed, else the contractor, in its rates."""
    months = ((staffing or {}).get("hiring_plan") or {}).get("months") or []
    runs, run = [], []
    for m in months:
        if m["need_fte"] and m["surplus"] >= SURPLUS_SHARE * m["need_fte"]:
            run.append(m)
        else:
            runs, run = runs + [run], []
    longest = max(runs + [run], key=len)
    if len(longest) < SURPLUS_MONTHS:
        return ""
    lang, style = project.lang, project.date_style
    low, high = (number(f(m["surplus"] for m in longest), 1) for f in (min, max))
    first, last = (month(longest[k]["month"], style) for k in (0, -1))
    text = tr(lang, f"採用計画では、{first}〜{last}の人員が必要FTEを{low}〜{high} FTE上回る（必要が減っても人員は退職でしか減らない）。",
              f"From {first} to {last} the team is {low} to {high} FTE above need, as only leavers shrink it.")
    if project.section("pricing").get("model") == "per_fte":
        return text + tr(lang, "FTE単価で在籍人数を請求すると余剰分も委託元の負担となるため、請求するFTEは必要FTEとする旨を契約で定める。",
                         " Billed per FTE employed, the client pays for it: the contract should bill the FTE needed.")
    return text + tr(lang, "この人件費は受託者が負い単価に織り込むため、提案での扱い（繁忙期だけの有期雇用、他業務への配置など）を確かめる。",
                     " The contractor bears that cost in its rates: ask how proposals handle it.")


def hires_after_go_live(staffing: dict, lang: str) -> str:
    """Everyone hired after go-live as the hiring plan has them: the total of every class after the launch,
    how many of them grow the team and how many replace leavers, and in how many classes (each class's
    dates are in the annex: the summary's length does not grow with the classes)."""
    plan = staffing.get("hiring_plan") or {}
    classes = [c for c in plan.get("classes") or [] if c["kind"] != "launch"]
    if not classes:
        return ""
    after = plan["totals"]["after_go_live"]
    taught = sum(c["classes"] for c in classes)  # a month's hires may be taught in several classes (22 (2))
    why = listing(lang, [part for part in (after["growth"] and tr(lang, f"増員{after['growth']}名", f"{after['growth']} to grow the team"),
                                           after["backfill"] and tr(lang, f"退職者の補充{after['backfill']}名",
                                                                    f"{after['backfill']} to replace leavers")) if part])
    return tr(lang, f"開始後も{taught}回の研修クラスで計{after['hires']}名を採用する（{why}）。",
              f"After go-live, {after['hires']} more agents join in {count(taught, lang, '', 'training class', 'training classes')}: {why}.")


def glossary_chapter(ch: Chapter, project: Project) -> None:
    """The terms the documents use: in 五十音順 by reading in Japanese (with the English name beside it),
    alphabetical in English documents, which print English only."""
    lang = ch.lang
    entries = glossary(project)
    if lang == "ja":
        entries.sort(key=lambda e: reading_key(READINGS.get(e[0], e[1][0])))
        ch.table(tr(lang, "本書で使う用語", "Terms used in these documents"), ["用語", "英語", "意味"],
                 [[terms[0], terms[1], meaning[0]] for _, terms, meaning in entries])
        return
    entries.sort(key=lambda e: e[1][1].lower())
    ch.table(tr(lang, "本書で使う用語", "Terms used in these documents"), ["Term", "Meaning"],
             [[terms[1][:1].upper() + terms[1][1:], tr(lang, "", meaning[1])] for _, terms, meaning in entries])


def requirements_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = Outline(lang)
    chapter = outline.chapter

    summary = chapter(tr(lang, "要約と承認", "Summary and approval"), annex=True)  # filled last: it points to later sections
    about = chapter(tr(lang, "案件情報", "The project"))
    project_chapter(about, project)
    risks = key_risks(project, staffing)
    if len(risks) > SUMMARY_RISKS + 1:  # the summary prints the first ones (_first): all of them here
        about.bullets(tr(lang, *ALL_RISKS), risks)
    for part in PARTS:
        ch = chapter(part.name(lang), part.key)
        if part.key in CHAPTER_BUILDERS:
            CHAPTER_BUILDERS[part.key](ch, project)
        elif part.key == "pricing":
            pricing_chapter(ch, project, include_budget=True)
            rate = budget_rate(project, staffing)
            if rate:
                ch.pairs(tr(lang, *BUDGET_RATE),
                         [(rate[0], rate[1]), (tr(lang, "算定方法", "How it is worked out"), rate[2])])
        elif part.key == "approval":
            approval_chapter(ch, project, internal=True)
        ch.requirements = requirement_rows(project, part.key, lang)
    evaluation_chapter(chapter(tr(lang, "評価基準", "Evaluation criteria")), project, internal=True)
    issue = chapter(tr(lang, "RFPの発行条件", "How the RFP is issued"))
    rfp_settings_chapter(issue, project)
    register_table(issue, project)
    addenda_table(issue, project)
    if staffing is not None:
        staffing_chapter(chapter(tr(lang, "付録 要員試算", "Annex: staffing estimate"), annex=True), staffing, full=True,
                         date_style=project.date_style)
    glossary_chapter(chapter(tr(lang, "付録 用語集", "Annex: glossary"), annex=True), project)
    where = {"scope": tr(lang, "委託する業務", "Work to be outsourced"), "budget_rate": tr(lang, *BUDGET_RATE),
             "withheld": tr(lang, "RFPでの扱い", "What the RFP states"), "addenda": tr(lang, "RFPの追補（発行後の変更）", "RFP addenda (changes after issue)"),
             "risks": tr(lang, *ALL_RISKS)}
    summary_chapter(summary, project, staffing, risks, {key: _section_number(outline, title) for key, title in where.items()})
    return outline.as_list()


def _section_number(outline: Outline, title: str) -> str:
    """The number of the section titled `title` (3.1), where the summary points for what it leaves out."""
    return next((item["heading"].split(" ", 1)[0] for ch in outline.chapters for item in ch.items if item["title"] == title), "")
