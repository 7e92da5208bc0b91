"""The RFP (提案依頼書): built from the project's redacted view, so it cannot print what is withheld."""
from __future__ import annotations

from ..project import PARTS, Project
from ..text import clean
from ..words import enum, tbd, tr
from .parts import (CHAPTER_BUILDERS, Outline, approval_chapter, evaluation_chapter, pricing_chapter, qa_pairs,
                    rfp_numbering, schedule_rows, submission_pairs)
from .rfp_terms import annex_rows, proposal_contents, terms
from .staffing_annex import staffing_chapter


def _price_form_rows(project: Project) -> list[list[str]]:
    """The price form vendors fill in, shaped by the project's pricing model."""
    lang = project.lang
    pricing = project.section("pricing")
    model = pricing.get("model", "per_production_hour")
    currency = pricing.get("currency", "JPY")
    money = "円" if currency == "JPY" else currency
    unit = lambda per: tr(lang, f"{money}／{per[0]}", f"{currency} / {per[1]}")  # noqa: E731
    rows = [[tr(lang, f"初期費用：{c['item']}", f"Initial cost: {c['item']}"), tr(lang, "一式", "lump sum"), "", ""]
            for c in pricing.get("initial_costs") or [] if c["borne_by"] != "client"]
    by_model = {
        "per_production_hour": [(tr(lang, "生産時間単価（平日日中）", "Production-hour rate (weekday daytime)"), unit(("時間", "hour"))),
                                (tr(lang, "生産時間単価（夜間・土日祝）", "Production-hour rate (evenings, weekends, holidays)"), unit(("時間", "hour")))],
        "per_fte": [(tr(lang, "席（FTE）単価（月額）", "Seat / FTE rate (monthly)"), unit(("席・月", "seat-month")))],
        "per_minute": [(tr(lang, "通話分数単価", "Rate per handled minute"), unit(("分", "minute")))],
        "per_contact": [(tr(lang, f"{enum('channel', ch, lang)}応対単価", f"Rate per {enum('channel', ch, lang).lower()} contact"), unit(("件", "contact")))
                        for ch in dict.fromkeys(p["channel"] for p in project.section("work_definition").get("programs") or [])]
                       or [(tr(lang, "応対単価", "Rate per contact"), unit(("件", "contact")))],
        "per_outcome": [(tr(lang, "成果単価（成果の定義を明記）", "Rate per outcome (state the definition of an outcome)"), unit(("件", "outcome")))],
        "hybrid": [(tr(lang, "固定費（月額）", "Base fee (monthly)"), unit(("月", "month"))),
                   (tr(lang, "変動費単価", "Variable rate"), tr(lang, "提案による", "as proposed")),
                   (tr(lang, "インセンティブの条件と上限", "Incentive terms and cap"), tr(lang, "提案による", "as proposed"))],
    }[model]
    rows += [[name, per, "", ""] for name, per in by_model]
    rows.append([tr(lang, "管理費・その他（月額）", "Management and other fees (monthly)"), unit(("月", "month")), "", ""])
    rows.append([tr(lang, "月額費用の見込み（想定業務量に基づく）", "Expected monthly cost (at the forecast volume)"), unit(("月", "month")), "", ""])
    term = pricing.get("contract_term_months")
    rows.append([tr(lang, f"契約期間の総額（{term}か月）" if term else "契約期間の総額", f"Total over the contract term ({term} months)" if term else "Total over the contract term"),
                 tr(lang, "一式", "lump sum"), "", ""])
    return rows


def rfp_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = Outline(lang)
    chapter = outline.chapter

    intro = chapter(tr(lang, "はじめに", "Introduction"))
    client = clean(project.data["project"]["client"]["name"])
    intro.text(tr(lang, "本書の目的", "Purpose of this document"),
               tr(lang, f"本書は、{client}（以下「委託元」）が計画するコンタクトセンター業務の委託について、提案者の皆様に提案を依頼するものです。"
                        "本書に記載した要件と条件に基づき、提案書を作成・提出してください。",
                  f"{client} (\"the client\") invites proposals for the outsourcing of contact-center work described in this "
                  "document. Please prepare and submit your proposal on the basis of the requirements and conditions below."))
    rfp = project.section("rfp")
    intro.text(tr(lang, "背景", "Background"), rfp.get("background") or project.section("overview").get("background"))
    intro.bullets(tr(lang, "委託の目的", "Objectives"), project.section("scope").get("objectives"))
    scope = chapter(tr(lang, "委託範囲", "Scope"), "scope")
    s = project.section("scope")
    scope.bullets(tr(lang, "委託する業務", "Work to be outsourced"), s.get("outsourced"))
    scope.bullets(tr(lang, "委託元に残す業務", "Work that stays with the client"), s.get("in_house"))
    scope.text(tr(lang, "委託形態", "Sourcing pattern"), s.get("sourcing_pattern") and enum("sourcing_pattern", s["sourcing_pattern"], lang))
    scope.text(tr(lang, "補足", "Notes"), s.get("notes"))
    sched = chapter(tr(lang, "選定スケジュール", "Selection schedule"))
    sched.table(tr(lang, "日程", "Dates"), [tr(lang, "工程", "Milestone"), tr(lang, "日付", "Date")], schedule_rows(project))

    numbered = rfp_numbering(project)
    for part in PARTS:
        if part.key == "scope":
            ch = scope
        else:
            # the RFP holds no approval content (approvers and procedure are internal): its last part
            # is change control alone and is named so
            title = tr(lang, "変更管理", "Change control") if part.key == "approval" else part.name(lang)
            ch = chapter(title, part.key, frozenset(project.withheld_sections()))
            if part.key == "overview":
                o = project.section("overview")
                ch.text(tr(lang, "委託元の方針", "Client policy"), o.get("client_policy"))
                ch.table(tr(lang, "成功判断基準", "Success criteria"), [tr(lang, "基準", "Criterion"), tr(lang, "測定方法・目標", "Measure")],
                         [[c["criterion"], c.get("measure") or tbd(lang)] for c in o.get("success_criteria") or []])
                ch.text(tr(lang, "成功の判定方法", "How success is judged"), o.get("success_review"))
            elif part.key in CHAPTER_BUILDERS:
                CHAPTER_BUILDERS[part.key](ch, project)
            elif part.key == "pricing":
                pricing_chapter(ch, project, include_budget=not project.withholds_budget())
            elif part.key == "approval":
                approval_chapter(ch, project, internal=False)
        ch.requirements = [{"id": number, "text": clean(r.text), "priority": enum("priority", r.priority, lang), "rfp": "", "withheld": False}
                           for number, r in numbered if r.part.key == part.key]
    if staffing is not None:
        staffing_chapter(chapter(tr(lang, "参考：委託元の要員試算", "For reference: the client's staffing estimate")), staffing, full=False)
    ask = chapter(tr(lang, "提案依頼事項", "What the proposal must contain"))
    ask.bullets(tr(lang, "提案書の記載事項", "Contents of the proposal"), proposal_contents(project))
    ask.table(tr(lang, "価格様式", "Price form"),
              [tr(lang, "項目", "Item"), tr(lang, "単位", "Unit"), tr(lang, "単価", "Rate"), tr(lang, "金額", "Amount")],
              _price_form_rows(project))
    submit = chapter(tr(lang, "提出要領と質疑応答", "Submission and questions"))
    submit.pairs(tr(lang, "提出要領", "Submission"), submission_pairs(project))
    submit.pairs(tr(lang, "質疑応答", "Questions and answers"), qa_pairs(project))
    evaluation_chapter(chapter(tr(lang, "評価方法", "How proposals are evaluated")), project, internal=False)
    _terms_chapters(outline, project)
    annexes = chapter(tr(lang, "別紙一覧", "List of annexes"))
    rows = annex_rows(project)
    if rows:
        annexes.table(tr(lang, "本書の別紙", "Annexes to this RFP"),
                      [tr(lang, "別紙", "Annex"), tr(lang, "資料名", "Document"), tr(lang, "内容", "What it is"),
                       tr(lang, "提供方法", "How it is provided")], rows)
    else:
        annexes.text(tr(lang, "本書の別紙", "Annexes to this RFP"), tr(lang, "本書に別紙はありません。", "This RFP has no annexes."))
    return outline.as_list()


CONDITIONS = ("eligibility", "participation", "nda", "proposal_costs", "disqualification", "quote_validity",
              "presentation", "notification")  # the rest (contract, its terms, staff transfer) is the contract chapter


def _terms_chapters(outline: Outline, project: Project) -> None:
    """提案の条件 and 契約条件: each condition the project keeps, in standard or its own wording."""
    lang = project.lang
    shown = terms(project)
    for title, keys in ((tr(lang, "提案の条件", "Conditions of the selection"), CONDITIONS),
                        (tr(lang, "契約条件", "Contract"), None)):
        items = [t for t in shown if (t[0] in keys if keys else t[0] not in CONDITIONS)]
        if not items:
            continue
        ch = outline.chapter(title)
        for _, heading, paragraphs, bullets in items:
            item = ch.text(heading, "\n\n".join(paragraphs)) if paragraphs else ch.bullets(heading, bullets)
            if paragraphs and bullets:  # an introductory sentence, then the list
                item["bullets"] = [clean(b) for b in bullets]
