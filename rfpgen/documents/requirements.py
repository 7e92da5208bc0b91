"""The requirements definition (業務要件定義書): the full internal truth, every requirement included.

It opens with a one-page summary for management (scope, schedule, budget beside the reference staffing
estimate, what the RFP leaves out and why, key risks) and the approval block, and closes with the
staffing annex and a glossary of the terms the documents use."""
from __future__ import annotations

from collections import Counter

from ..project import PARTS, Project
from ..text import day, money, number
from ..words import tr
from ..words.glossary import GLOSSARY
from .clarifications import register_table
from .parts import (CHAPTER_BUILDERS, Chapter, Outline, approval_block, approval_chapter, evaluation_chapter, pricing_chapter,
                    project_chapter, requirement_rows, rfp_settings_chapter)
from .staffing_annex import staffing_chapter


def summary_chapter(ch: Chapter, project: Project, staffing: dict | None) -> None:
    """What management needs on one page before signing."""
    lang, style = ch.lang, project.date_style
    scope = project.section("scope")
    schedule = project.data["project"].get("schedule") or {}
    ch.bullets(tr(lang, "委託する業務", "Work to be outsourced"), scope.get("outsourced"))
    ch.pairs(tr(lang, "主な日程", "Key dates"), [
        (tr(lang, "RFP発行", "RFP issued"), day(schedule.get("rfp_issue"), style)),
        (tr(lang, "提案書提出期限", "Proposals due"), day(schedule.get("proposal_due"), style)),
        (tr(lang, "受託者の決定", "Vendor chosen"), day(schedule.get("decision"), style)),
        (tr(lang, "サービス開始", "Service start"), day(schedule.get("service_start"), style)),
    ])
    pricing = project.section("pricing")
    budget = pricing.get("budget") or {}
    estimate = None
    if staffing and not staffing.get("empty"):
        heads, peak = staffing.get("headcount") or {}, staffing["peak"]
        estimate = tr(lang, f"サービス開始時 {number(heads.get('agent_fte'))} FTE、ピーク時 {peak['scheduled']}名配置",
                      f"{number(heads.get('agent_fte'))} FTE at go-live, {peak['scheduled']} agents scheduled at the peak") \
            if heads else tr(lang, f"ピーク時 {peak['scheduled']}名配置", f"{peak['scheduled']} agents scheduled at the peak")
    ch.pairs(tr(lang, "予算と参考試算", "Budget and reference estimate"), [
        (tr(lang, "予算", "Budget"), budget.get("amount") is not None and
         money(budget["amount"], pricing.get("currency", "JPY"), lang) + (f"（{budget['period']}）" if lang == "ja" and budget.get("period")
                                                                         else f" ({budget['period']})" if budget.get("period") else "")),
        (tr(lang, "要員の参考試算（付録）", "Reference staffing estimate (annex)"), estimate),
    ])
    withheld = project.withheld()
    unstated = project.unstated_needs_criterion()
    if withheld:
        by_part = Counter(r.part.name(lang) for r in withheld)
        parts = tr(lang, "、", ", ").join(f"{name} {n}" + tr(lang, "件", "") for name, n in by_part.items())
        why = tr(lang, f"提案者が自ら必要性に気付くか（提案力）を確かめるため、{len(withheld)}件の要件をRFPに記載しない（{parts}）。",
                 f"{len(withheld)} requirements are left out of the RFP to see whether bidders raise them unprompted ({parts}).")
        why += (tr(lang, f"評価項目「{unstated['name']}」で評価する。", f" They are scored under the published criterion \"{unstated['name']}\".")
                if unstated else tr(lang, "これを評価する公開の評価項目がないため、評点には反映しない。",
                                    " No published criterion scores them, so they do not affect the scores."))
        ch.text(tr(lang, "RFPに記載しない要件とその理由", "What the RFP leaves out, and why"), why)
    risks = [w for w in (staffing or {}).get("warnings") or [] if w.get("key") in ("hiring_before_contract", "no_service_start",
                                                                                     "lead_time_shorter_than_training")]
    notes = [tr(lang, "採用・研修の開始が契約締結より前になる（付録の採用スケジュールを参照）。",
                "Hiring or training would start before the contract is signed (see the hiring timeline in the annex).")
             if w["key"] == "hiring_before_contract" else
             tr(lang, "サービス開始日が未定のため、採用・研修スケジュールは作成していない。", "No service start date is set, so there is no hiring timeline.")
             if w["key"] == "no_service_start" else
             tr(lang, "採用リードタイムが研修期間より短い。", "The hiring lead time is shorter than training.") for w in risks]
    if project.withholds_budget() and budget.get("amount") is None:
        notes.append(tr(lang, "予算が未設定である。", "No budget is set."))
    if (project.data["evaluation"].get("price") or {}).get("formula") == "jp_additive":  # worked out in the evaluator guide
        from .guide import PLAUSIBLE_BIDS, additive_price_spread

        maximum, spread = additive_price_spread(project)
        low, high = (round(share * 100) for share in PLAUSIBLE_BIDS)
        notes.append(tr(lang, f"加算方式では、予定価格の{low}〜{high}%の提案価格の価格点の差は最大{number(spread, 1)}点（満点{number(maximum)}点）で、"
                              "価格の差は順位にほとんど表れない（評価者ガイドの「価格の実質的な配分」を参照）。",
                        f"Under the additive formula, bids between {low}% and {high}% of the reference price differ by at most "
                        f"{number(spread, 1)} of {number(maximum)} price points, so price differences barely move the ranking "
                        "(see \"The price's effective weight\" in the evaluator guide)."))
    ch.bullets(tr(lang, "主なリスクと留意点", "Key risks"), notes or [tr(lang, "特記すべきリスクはない。", "No particular risks noted.")])
    ch.table(tr(lang, "承認欄", "Approval"), *approval_block(project))


def glossary_chapter(ch: Chapter) -> None:
    lang = ch.lang
    other = "en" if lang == "ja" else "ja"
    pick = {"ja": 0, "en": 1}
    rows = sorted(([terms[pick[lang]], terms[pick[other]], meaning[pick[lang]]] for terms, meaning in GLOSSARY.values()),
                  key=lambda row: row[0].lower())
    ch.table(tr(lang, "本書で使う用語", "Terms used in these documents"),
             [tr(lang, "用語", "Term"), tr(lang, "英語", "Japanese"), tr(lang, "意味", "Meaning")], rows)


def requirements_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = Outline(lang)
    chapter = outline.chapter

    summary_chapter(chapter(tr(lang, "要約と承認", "Summary and approval"), annex=True), project, staffing)  # one page
    project_chapter(chapter(tr(lang, "案件情報", "The project")), project)
    for part in PARTS:
        ch = chapter(part.name(lang), part.key)
        if part.key in CHAPTER_BUILDERS:
            CHAPTER_BUILDERS[part.key](ch, project)
        elif part.key == "pricing":
            pricing_chapter(ch, project, include_budget=True)
        elif part.key == "approval":
            approval_chapter(ch, project, internal=True)
        ch.requirements = requirement_rows(project, part.key, lang)
    evaluation_chapter(chapter(tr(lang, "評価基準", "Evaluation criteria")), project, internal=True)
    issue = chapter(tr(lang, "RFPの発行条件", "How the RFP is issued"))
    rfp_settings_chapter(issue, project)
    register_table(issue, project)
    if staffing is not None:
        staffing_chapter(chapter(tr(lang, "付録 要員試算", "Annex: staffing estimate"), annex=True), staffing, full=True,
                         date_style=project.date_style)
    glossary_chapter(chapter(tr(lang, "付録 用語集", "Annex: glossary"), annex=True))
    return outline.as_list()
