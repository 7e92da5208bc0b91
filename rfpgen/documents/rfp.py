"""The RFP (提案依頼書): built from the project's redacted view, so it cannot print what is withheld."""
from __future__ import annotations

from ..project import PARTS, Project
from ..text import clean
from ..words import enum, tbd, tr
from .parts import (CHAPTER_BUILDERS, Outline, approval_chapter, evaluation_chapter, pricing_chapter, qa_pairs,
                    rfp_numbering, schedule_rows, submission_pairs)
from .staffing_annex import staffing_chapter


STANDARD_PROPOSAL_CONTENTS = {
    "ja": ["本書に記載した各要件への対応方針と具体的な実施方法（業務内容、人材マネジメント、運営管理、情報通信システムの各部ごと）",
           "要員計画（必要な席数・要員数とその算定根拠、シフト計画、採用・研修計画）",
           "導入・移行計画（スケジュール、体制、移行時のリスクと対策）",
           "価格提案（本書の価格様式に従い、算定の前提を明記すること）",
           "会社概要、同等業務の受託実績、直近3期の財務状況を示す資料"],
    "en": ["Your approach and concrete methods for each requirement in this document, part by part (work, people, "
           "operations, information and communication systems)",
           "A staffing proposal: seats and headcount with the calculation behind them, shift planning, hiring and training plan",
           "An implementation and transition plan: schedule, team, transition risks and how you will handle them",
           "A price proposal in the price form of this document, with the assumptions behind it",
           "Company profile, references for equivalent work, and financial statements for the last three years"],
}


def _price_form_rows(project: Project) -> list[list[str]]:
    """The rate structure vendors price, one home for it shared with the response form and the price workbook."""
    from ..responses.rates import structure_rows

    return structure_rows(project)


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
            ch = chapter(part.name(lang), part.key, frozenset(project.withheld_sections()))
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
    ask.bullets(tr(lang, "提案書の記載事項", "Contents of the proposal"),
                STANDARD_PROPOSAL_CONTENTS[lang] + list(rfp.get("proposal_contents") or []))
    # vendor responses: the rate structure and the response form (rfpgen.responses)
    from ..responses.form import annex_lines, price_terms
    ask.table(tr(lang, "価格様式（価格体系）", "Price form (rate structure)"),
              [tr(lang, "価格方式", "Pricing model"), tr(lang, "単価項目", "Rate"), tr(lang, "単位", "Unit"),
               tr(lang, "単価の区分", "Priced"), tr(lang, "数量の算定", "Quantity counted as")],
              _price_form_rows(project))
    ask.pairs(tr(lang, "価格の提示条件", "Price terms"), price_terms(project))
    ask.bullets(tr(lang, "別紙", "Annexes"), annex_lines(project))
    submit = chapter(tr(lang, "提出要領と質疑応答", "Submission and questions"))
    submit.pairs(tr(lang, "提出要領", "Submission"), submission_pairs(project))
    submit.pairs(tr(lang, "質疑応答", "Questions and answers"), qa_pairs(project))
    evaluation_chapter(chapter(tr(lang, "評価方法", "How proposals are evaluated")), project, internal=False)
    conf = chapter(tr(lang, "機密保持", "Confidentiality"))
    conf.text(tr(lang, "機密保持の条件", "Confidentiality terms"), rfp.get("confidentiality"))
    return outline.as_list()
