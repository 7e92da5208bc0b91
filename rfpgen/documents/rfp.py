"""The RFP (提案依頼書): built from the project's redacted view, so it cannot print what is withheld."""
from __future__ import annotations

from ..clarifications import disclosures
from ..project import PART_BY_KEY, PARTS, Project
from ..text import clean
from ..words import enum, tbd, tr
from .parts import (CHAPTER_BUILDERS, Outline, approval_chapter, evaluation_chapter, pricing_chapter, qa_pairs,
                    rfp_chapter, rfp_numbering, schedule_rows, submission_pairs)
from .rfp_terms import annex_rows, proposal_contents, terms
from .staffing_annex import staffing_chapter


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
               tr(lang, f"本書は、{client}（以下「委託元」）が計画するコンタクトセンター業務の委託について、提案者に提案を依頼するものである。"
                        "提案者は、本書に記載した要件と条件に基づき、提案書を作成・提出すること。",
                  f"{client} (“the client”) invites proposals for the outsourcing of contact-center work described in this "
                  "document. Please prepare and submit your proposal on the basis of the requirements and conditions below."))
    rfp = project.section("rfp")
    intro.text(tr(lang, "背景", "Background"), rfp.get("background") or project.section("overview").get("background"))
    intro.bullets(tr(lang, "委託の目的", "Objectives"), project.section("scope").get("objectives"))
    scope = chapter(rfp_chapter(PART_BY_KEY["scope"], lang), "scope")
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
            ch = chapter(rfp_chapter(part, lang), part.key, frozenset(project.withheld_sections()))
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
        ch.requirements = [{"id": number, "text": clean(r.text) + _added(project, r.id), "priority": enum("priority", r.priority, lang),
                            "rfp": "", "withheld": False}
                           for number, r in numbered if r.part.key == part.key]
    if staffing is not None:
        staffing_chapter(chapter(tr(lang, "参考：委託元の要員試算", "For reference: the client's staffing estimate")), staffing, full=False,
                         date_style=project.date_style)
    ask = chapter(tr(lang, "提案依頼事項", "What the proposal must contain"))
    ask.bullets(tr(lang, "提案書の記載事項", "Contents of the proposal"), proposal_contents(project))
    # vendor responses: the rate structure and the response form (rfpgen.responses)
    from ..responses.form import price_terms
    ask.text(tr(lang, "価格方式", "Pricing models"), _pricing_models_sentence(project))
    ask.table(tr(lang, "価格様式（価格体系）", "Price form (rate structure)"),
              [tr(lang, "価格方式", "Pricing model"), tr(lang, "単価項目", "Rate"), tr(lang, "単位", "Unit"),
               tr(lang, "単価の区分", "Priced"), tr(lang, "数量の算定", "Quantity counted as")],
              _price_form_rows(project))
    ask.pairs(tr(lang, "価格の提示条件", "Price terms"), price_terms(project))
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
        annexes.text(tr(lang, "本書の別紙", "Annexes to this RFP"), tr(lang, "本書に別紙はない。", "This RFP has no annexes."))
    return outline.as_list()


def _added(project: Project, requirement: str) -> str:
    """The note on a requirement the RFP states later than its first issue (a branch number, R-024-2), after
    its text; '' for the others."""
    later = disclosures(project).get(requirement)
    return (tr(project.lang, "", " ") + later.added(project.lang, project.date_style)) if later else ""


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


def _pricing_models_sentence(project) -> str:
    """Which pricing models a proposal may choose from, the client's preferred one first: the price
    form lists the rates of each, and a vendor prices one of them (named on the response form's cover)."""
    from ..responses import rates

    lang = project.lang
    base, *others = rates.settings(project).models
    def name(model: str) -> str:  # mid-sentence in English: "as per contact", not "as Per contact"
        shown = enum("pricing_model", model, lang)
        return shown if lang == "ja" else shown[:1].lower() + shown[1:]

    if not others:
        return tr(lang, f"価格は{name(base)}で提示すること。", f"Prices shall be given as {name(base)}.")
    listed = "・".join(map(name, others)) if lang == "ja" else ", ".join(map(name, others))
    return tr(lang, f"価格は{name(base)}で提示することを基本とし、{listed}のいずれかで提示することもできる。"
                    "選んだ価格方式を提案回答書の表紙に記入し、その方式の単価をすべて記入すること。",
              f"Prices are normally given as {name(base)}; a proposal may instead use one of: {listed}. "
              "The response form's cover names the model chosen, and every rate of that model is filled in.")
