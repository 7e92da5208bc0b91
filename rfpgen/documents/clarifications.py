"""The question period in the documents: the clarifications (質問回答書) for vendors, the register
in the requirements definition, and the evaluator guide's evidence of unstated needs raised in questions."""
from __future__ import annotations

import re

from ..clarifications import answer_day, disclosures, published, sent_to_vendors
from ..project import Project
from ..text import EMPTY, clean, day
from ..words import capital, listing, say, tbd, tr
from .parts import Chapter, doc_info


_NUMBERED = re.compile(r"(\d+(?:\.\d+)*)\.?\s+(\S.*)", re.DOTALL)


def section_parts(section: str, lang: str) -> tuple[str, str]:
    """An RFP section as a question names it (8.1 システム構成と帰属・費用負担), split for the table:
    its number for the narrow column, its title as the question's first line (a title in the narrow
    column broke into three lines). A section without a number stays whole in the column."""
    found = _NUMBERED.fullmatch(section.strip())
    if not found:
        return section or EMPTY, ""
    number = found.group(1) if "." in found.group(1) else found.group(1) + "."  # a chapter as the RFP heads it: 9.
    return number, tr(lang, f"【{found.group(2).strip()}】", f"{found.group(2).strip()}:")  # a heading line, as English labels one


def clarifications_context(project: Project) -> dict:
    """The clarifications document's context, from the redacted view: published questions only,
    numbered, with the RFP section; no asker and no date received."""
    lang, p = project.lang, project.data["project"]
    rows = published(project)
    doc = doc_info(project, "qa")  # the RFP's client, title, version and label
    when = sent_to_vendors(project, [q.get("answered") for q in rows])
    if when:
        doc["date"] = day(when, project.date_style, weekday=False)
    title = clean(p["title"])
    intro = tr(lang,
               f"「{title}」のRFPについて受け付けた質問と、委託元の回答を次のとおり通知する。質問と回答は全ての提案者に同時に送付しており、質問者の名称は公表しない。"
               "本書の回答はRFPを補足するものである。提案書の作成にあたっては、本書もあわせて確認すること。",
               f"Below are the questions received about the RFP “{title}” and the client's answers. They are sent to every "
               "bidder at the same time, and the askers are not named. The answers supplement the RFP; please take them into account in your proposal.")
    return {
        "doc": doc,
        "intro": [intro],
        "questions": [_question(q, lang) for q in rows],
        "tbd": tbd(lang),
    }


def _question(q: dict, lang: str) -> dict:
    number, title = section_parts(clean(q.get("rfp_section")), lang)
    question = clean(q["question"])
    return {"number": str(q["number"]), "section": number, "question": f"{title}\n{question}" if title else question,
            "answer": clean(q["answer"])}


def _askers(project: Project) -> dict[str, str] | None:
    """Who asked each question, by vendor id: the vendors' names, or None under blind evaluation. The
    quality panel reads these documents and sees the vendors only as Vendor A, B, C: neither the name
    nor the alias of the asker may appear beside a question (a question often says who asked it, and its
    alias would then unmask the vendor's sheets)."""
    evaluation = project.data["evaluation"]
    if (evaluation.get("rules") or {}).get("blind"):
        return None
    return {v["id"]: clean(v["name"]) for v in evaluation.get("vendors") or []}


def register_table(ch: Chapter, project: Project) -> None:
    """The Q&A register as the client keeps it (asker, dates, published or not): internal only; the
    asker is left out under blind evaluation."""
    lang = project.lang
    names = _askers(project)
    rows = []
    for q in sorted(project.data.get("questions") or [], key=lambda q: q["number"]):
        status = _status(q, lang)
        section = clean(q.get("rfp_section"))  # the RFP's numbering, not this document's: named as the RFP's
        exchange = [tr(lang, "【該当箇所】", "RFP section: ") + (tr(lang, f"RFP {section}", section) if section else EMPTY),
                    tr(lang, "【質問】", "Question: ") + clean(q["question"]),
                    tr(lang, "【回答】", "Answer: ") + (clean(q.get("answer")) or tbd(lang))]
        dates = [day(q["received"], project.date_style, weekday=False),
                 day(answer_day(project, q), project.date_style, weekday=False) or EMPTY]
        asker = [names[q["vendor"]]] if names is not None else []  # the name; its id is the project file's
        rows.append([str(q["number"]), "\n".join(dates), *asker, "\n".join(exchange), status])
    if rows:
        bidder = [tr(lang, "提案者", "Bidder")] if names is not None else []
        ch.table(tr(lang, "質問と回答の記録", "Question and answer register"),
                 [tr(lang, "No.", "No."), tr(lang, "受付日／回答日", "Received / answered"), *bidder,
                  tr(lang, "質問と回答", "Question and answer"), tr(lang, "状況", "Status")],
                 rows)


def _status(q: dict, lang: str) -> str:
    """A question's standing as one sentence in the catalogue's words (回答を公表、SYS-004 を開示; Answer
    published; discloses SYS-004): a requirement it discloses is named once, as disclosed."""
    discloses = q.get("discloses") or []
    touches = [rid for rid in q.get("requirements") or [] if rid not in discloses]
    parts = [say("doc.qa.answer_published" if q.get("published") else "doc.qa.answer_unpublished", lang)]
    if touches:
        parts.append(say("doc.qa.touches", lang, ids=listing(lang, touches)))
    if discloses:
        parts.append(say("doc.qa.discloses", lang, ids=listing(lang, discloses)))
    return tr(lang, "、", "; ").join(parts)


def evidence_table(ch: Chapter, project: Project) -> None:
    """Questions that touched a requirement left out of the RFP: which vendor raised which unstated need.

    Evaluators read them as evidence for the unstated-needs criterion: a vendor that asked about a
    need the RFP does not state has seen it. Under blind evaluation the asker is left out: the panel
    learns which needs the bidders raised, not who raised them.

    A requirement an answer has since disclosed keeps its questions here (asked before the disclosure,
    they still show who saw the need), each saying under the question by which answer and when the
    requirement was disclosed, and that it is no longer scored as an unstated need."""
    lang = project.lang
    disclosed = disclosures(project)
    withheld = {r.id for r in project.withheld()} | set(disclosed)
    names = _askers(project)

    def question(q: dict, rid: str) -> str:
        if rid not in disclosed:
            return clean(q["question"])
        return clean(q["question"]) + "\n" + tr(lang, "【開示】", "") \
            + capital(disclosed[rid].said(lang, project.date_style)) + tr(lang, "。RFPに記載しない要件としては評価しない。", ". No longer scored as an unstated need.")

    rows = [[str(q["number"]), day(q["received"], project.date_style, weekday=False),
             *([names[q["vendor"]]] if names is not None else []), rid, question(q, rid),
             say("doc.qa.published", lang) if q.get("published") else say("doc.qa.unpublished", lang)]
            for q in sorted(project.data.get("questions") or [], key=lambda q: q["number"])
            for rid in q.get("requirements") or [] if rid in withheld]
    if rows:
        bidder = [tr(lang, "提案者", "Bidder")] if names is not None else []
        ch.table(tr(lang, "RFPに記載しない要件に触れた質問", "Questions that touched a requirement left out of the RFP"),
                 [tr(lang, "No.", "No."), tr(lang, "受付日", "Received"), *bidder, tr(lang, "要件ID", "Requirement"),
                  tr(lang, "質問", "Question"), tr(lang, "回答の公表", "Answer published")], rows)


def addenda_table(ch: Chapter, project: Project) -> None:
    """The RFP's addenda (rfp.revisions) as the requirements definition records them, so management reads
    the RFP as amended: each edition, its date, what changed, and the requirements an answer disclosed
    that it states from then on."""
    lang = project.lang
    disclosed = disclosures(project)
    rows = []
    for a in project.addenda():
        stated = [tr(lang, f"{d.requirement}（質問 No.{d.question}）", f"{d.requirement} (question {d.question})")
                  for d in disclosed.values() if d.addendum is a]
        rows.append([a["version"], day(a["date"], project.date_style, weekday=False), clean(a["summary"]),
                     tr(lang, "、", ", ").join(stated) or EMPTY])
    if rows:
        ch.table(tr(lang, "RFPの追補（発行後の変更）", "RFP addenda (changes after issue)"),
                 [tr(lang, "版", "Version"), tr(lang, "日付", "Date"), tr(lang, "変更内容", "Changes"),
                  tr(lang, "回答で開示し記載した要件", "Requirements disclosed by answers")], rows)


def disclosed_table(ch: Chapter, project: Project) -> None:
    """Requirements withheld at issue that an answer disclosed to every vendor: the evaluator guide lists
    them apart, since the checklist no longer scores them (every vendor was told)."""
    lang = project.lang
    disclosed = disclosures(project)
    rows = [[r.id, r.part.name(lang), clean(r.text), capital(disclosed[r.id].said(lang, project.date_style))]
            for r in project.requirements() if r.id in disclosed]
    if rows:
        ch.table(tr(lang, "質問回答で開示した要件（評価の対象外）", "Requirements disclosed during the question period (not scored)"),
                 ["ID", tr(lang, "部", "Part"), tr(lang, "要件", "Requirement"), tr(lang, "開示", "Disclosed")], rows)
