"""The question period: the Q&A register and its checks (the documents are in documents/clarifications.py).

Vendors ask in writing; the client answers every published question to all vendors at once,
without saying who asked. Two things can go wrong that no vendor must see: an answer that names
or betrays the asker, and an answer that gives away a withheld requirement. Both are refused here,
each naming the question and the field, before anything is written. A withheld requirement can
still be disclosed on purpose (`discloses:`); it then belongs to the disclosed set.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from datetime import date

from .documents.leaks import find_leaks_in_texts
from .project import Project
from .subjects import subject_name
from .text import LEGAL_FORMS, clean, day, shorten
from .topics import Touch, topics_of
from .words import capital, tr
from .yamlio import format_path

FIELDS = ("rfp_section", "question", "answer")  # what the clarifications document prints of a question
FIELD_JA = {"rfp_section": "RFPの該当箇所", "question": "質問", "answer": "回答"}
MIN_NAME = 3  # a shorter remainder of a name ("AB") would match ordinary words


def published(project: Project) -> list[dict]:
    """The questions whose answers go to every vendor, in number order."""
    return sorted((q for q in project.data.get("questions") or [] if q.get("published")), key=lambda q: q["number"])


def sent_to_vendors(project: Project, answered) -> str | None:
    """The day vendors receive answers given on `answered` (one date or several): answers go out together
    on the schedule's answer date, or on the day of the last answer if it came later or no date is set."""
    scheduled = (project.data["project"].get("schedule") or {}).get("answer_date")
    dates = [answered] if isinstance(answered, (str, date)) else list(answered)
    return max((str(d) for d in dates + [scheduled] if d), default=None)


def answer_day(project: Project, q: dict) -> str | None:
    """The one date an answer is known by in every document: a published answer's is the day the bidders
    receive it (`sent_to_vendors`: the schedule's answer date, or the answer's own if later), so the
    register, the editions and the clarifications never disagree with the published schedule; an
    unpublished answer keeps its own date."""
    if not q.get("answered"):
        return None
    return sent_to_vendors(project, q["answered"]) if q.get("published") else str(q["answered"])


@dataclass(frozen=True)
class Disclosure:
    """A withheld requirement a published answer disclosed to every vendor on purpose. From then on it is
    no test of a vendor's own insight: it is stated in the RFP and off the unstated-needs checklist."""

    requirement: str
    question: int
    answered: str | None  # the day vendors received the answer (the answers' publication), not the internal answer date
    addendum: dict | None  # the RFP addendum that first states it (listed there, or inferred: see _stating)

    def said(self, lang: str, style: str) -> str:
        """By which answer, when, and from which RFP edition on it is stated (or that no addendum has
        amended the RFP yet: answers must not change the RFP without one)."""
        answered = day(self.answered, style, weekday=False)
        by = tr(lang, f"質問 No.{self.question} の回答" + (f"（{answered}）" if answered else ""),
                f"the answer to question {self.question}" + (f" ({answered})" if answered else ""))
        if not self.addendum:
            return tr(lang, f"{by}で全提案者に開示した（RFPの追補はまだない）", f"disclosed to all bidders by {by} (no RFP addendum yet)")
        version, when = self.addendum["version"], day(self.addendum.get("date"), style, weekday=False)
        return tr(lang, f"{by}で全提案者に開示し、RFPの追補（第{version}版、{when}）から記載している",
                  f"disclosed to all bidders by {by}; stated in the RFP from addendum {version} ({when})")


    def added(self, lang: str, style: str) -> str:
        """The note an RFP's requirement table gives a requirement it states later than its first issue (its
        branch number, R-024-2, says it was inserted): by which addendum and when, or when while no addendum
        states it yet. Never by which question: bidders would read that asking brings out what the RFP
        leaves unstated."""
        if not self.addendum:
            answered = day(self.answered, style, weekday=False)
            return tr(lang, f"（{answered}追加）" if answered else "（追加）", f"(added {answered})" if answered else "(added)")
        version, when = self.addendum["version"], day(self.addendum.get("date"), style, weekday=False)
        return tr(lang, f"（第{version}版の追補で追加" + (f"、{when}）" if when else "）"),
                  f"(added by addendum\u00a0{version}" + (f", {when})" if when else ")"))  # "addendum 2.1-A1" kept on one line


def disclosures(project: Project) -> dict[str, Disclosure]:
    """Each requirement withheld at issue that a published answer disclosed, by id, with the first such
    answer (the vendors' view knows these too: the RFP says which addendum added them)."""
    addenda = project.addenda()
    later = project.stated_later()
    found: dict[str, Disclosure] = {}
    for q in published(project):
        answered = answer_day(project, q)
        for rid in q.get("discloses") or []:
            if rid in later and rid not in found:
                found[rid] = Disclosure(rid, q["number"], answered, _stating(addenda, rid, answered))
    return found


def _stating(addenda: list[dict], requirement: str, answered: str | None) -> dict | None:
    """The addendum from which the RFP states a requirement an answer disclosed: the one that lists it
    under `requirements:`, else (inferred) the first one dated on or after the answer that lists none,
    since an addendum that lists its requirements states those only."""
    listed = next((a for a in addenda if requirement in (a.get("requirements") or [])), None)
    return listed or next((a for a in addenda if a.get("requirements") is None and answered
                           and str(a.get("date") or "") >= answered), None)


# a change note that names the question behind it: "following the answer to question 4", 「質問No.4の回答を受けて」
_ASKED = re.compile(r"質問|回答|\bquestions?\b|\banswer|\bQ\s?\d+\b", re.I)


def check_addenda(report, project: Project) -> None:
    """The requirements an addendum says it states (rfp.revisions[].requirements), each at its field: an
    unknown id is an error; one no published answer disclosed, or disclosed only after the addendum, is
    a warning, since the register and the addendum then tell different stories. The summary of an addendum
    that states a disclosed requirement says what changed, as a 新旧対照表's note does (added, changed),
    not the question behind it: bidders would read that asking brings out what the RFP leaves unstated."""
    known = {r.id: r for r in project.requirements()}
    disclosed = disclosures(project)
    for i, a in enumerate(project.section("rfp").get("revisions") or []):
        if not isinstance(a, dict):
            continue
        version = a.get("version")
        if any(d.addendum is a for d in disclosed.values()) and _ASKED.search(clean(a.get("summary"))):
            report.add(("rfp", "revisions", i, "summary"),
                       f"addendum {version} adds a requirement an answer disclosed, and its summary, printed in the RFP's revision "
                       "history, names the question or answer behind it: bidders would read that asking brings out requirements "
                       "the RFP leaves unstated. Say what changed (e.g. 'requirement added to section 9'), not why",
                       f"追補 {version} は回答で開示した要件を追加しており、RFPの改訂履歴に載るその概要が質問・回答に触れています。"
                       "質問すればRFPにない要件が分かると提案者に読み取られます。理由ではなく変更内容（例：「第9章に要件を追加」）を書いてください",
                       severity="warning")
        for j, rid in enumerate(a.get("requirements") or []):
            at = ("rfp", "revisions", i, "requirements", j)
            if rid not in known:
                report.add(at, f"'{rid}' is not the ID of a requirement in this file; list the requirements addendum {version} states",
                           f"「{rid}」はこのファイルの要件IDではありません。追補 {version} が記載する要件のIDを書いてください")
            elif not known[rid].data.get("withhold"):
                report.add(at, f"requirement {rid} is in the RFP from its first issue; an addendum lists only the requirements left out of the RFP "
                           "that answers disclosed: remove it here",
                           f"要件 {rid} は初版からRFPに記載しています。追補に挙げるのは、RFPに記載せず回答で開示した要件だけです。ここから削除してください",
                           severity="warning")
            elif rid not in disclosed:
                report.add(at, f"addendum {version} states requirement {rid}, but no published answer discloses it, so the RFP "
                           f"still leaves it out: add {rid} under discloses: of the answer that disclosed it, or remove it here",
                           f"追補 {version} はRFPに記載しない要件 {rid} を記載するとしていますが、公表した回答のどれも開示していないため、"
                           f"RFPには記載されません。開示した回答の discloses: に {rid} を加えるか、ここから削除してください",
                           severity="warning")
            elif disclosed[rid].answered and str(a.get("date") or "") < disclosed[rid].answered:
                report.add(at, f"addendum {version} ({a.get('date')}) is dated before vendors received the answer to question "
                           f"No. {disclosed[rid].question} that disclosed {rid} ({disclosed[rid].answered}); list {rid} on a later addendum",
                           f"追補 {version}（{a.get('date')}）は、{rid} を開示した質問 No.{disclosed[rid].question} の回答を提案者が受け取った日"
                           f"（{disclosed[rid].answered}）より前の日付です。{rid} は後の追補に挙げてください",
                           severity="warning")


@dataclass(frozen=True)
class Edition:
    """One step of the internal documents' edition after the project's own date: answers given (or
    questions received and still open) on a day, or an RFP addendum."""

    version: str
    date: str
    summary: str


def numbers_said(numbers: list[int], lang: str) -> str:
    """Question numbers as a reader writes them: No.1〜4、6 / questions 1–4, 6 (runs joined)."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    said = [str(r[0]) if len(r) == 1 else tr(lang, f"{r[0]}〜{r[-1]}", f"{r[0]}–{r[-1]}") for r in runs]
    return tr(lang, "No." + "、".join(said), ("question " if len(numbers) == 1 else "questions ") + ", ".join(said))


def editions_after(project: Project, since: str) -> list[Edition]:
    """The editions the internal documents (requirements definition, evaluator guide) pass through after
    `since`, the project's date: they record the question period and the RFP's addenda, so each day
    answers are given (or questions arrive and stay open) and each addendum is an edition of its own.
    An addendum keeps the RFP's version (2.1-A1); a day of the register is the edition in force with
    -Q1, -Q2 … (the project's version is the RFP's first issue and is never bumped here)."""
    lang = project.lang
    days: dict[str, dict[str, list]] = {}
    for q in project.data.get("questions") or []:
        when, kind = (answer_day(project, q), "answered") if q.get("answered") else (q["received"], "received")
        if str(when) > since:
            days.setdefault(str(when), {"answered": [], "received": [], "addenda": []})[kind].append(q)
    for a in project.addenda():
        if str(a.get("date") or "") > since:
            days.setdefault(str(a["date"]), {"answered": [], "received": [], "addenda": []})["addenda"].append(a)
    editions, in_force, round_ = [], str(project.data["project"]["version"]), 0
    for a in project.addenda():
        if str(a.get("date") or "") <= since:
            in_force = str(a["version"])
    for when in sorted(days):
        found, said = days[when], []
        if found["answered"]:
            said.append(tr(lang, f"質問 {numbers_said([q['number'] for q in found['answered']], lang)} の回答を記録",
                           f"answers to {numbers_said([q['number'] for q in found['answered']], lang)} recorded"))
            opened = [f"{rid}（No.{q['number']}）" if lang == "ja" else f"{rid} (question {q['number']})"
                      for q in found["answered"] if q.get("published") for rid in q.get("discloses") or []]
            if opened:
                said.append(tr(lang, f"回答で開示した要件：{'、'.join(opened)}", f"disclosed by the answers: {', '.join(opened)}"))
        if found["received"]:
            said.append(tr(lang, f"質問 {numbers_said([q['number'] for q in found['received']], lang)} を受付（回答待ち）",
                           f"{numbers_said([q['number'] for q in found['received']], lang)} received, not yet answered"))
        for a in found["addenda"]:
            said.append(tr(lang, f"RFPを追補で改訂（{clean(a['summary'])}）", f"RFP amended by addendum ({clean(a['summary'])})"))
        if found["addenda"]:
            in_force, round_ = str(found["addenda"][-1]["version"]), 0
            version = in_force
        else:
            round_ += 1
            version = f"{in_force}-Q{round_}"
        editions.append(Edition(version, when, capital(tr(lang, "。".join(said), "; ".join(said)))))
    return editions


def _plain(text: str) -> str:
    """Text compared for names: width-folded, case-folded, without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).casefold()


def _identifying_words(project: Project) -> list[tuple[str, str]]:
    """(word, vendor id): each vendor's name (with and without its legal form), contact and e-mail."""
    words = []
    for vendor in project.data["evaluation"].get("vendors") or []:
        contact = vendor.get("contact") or {}
        name = vendor["name"]
        email = contact.get("email") or ""
        for word in (name, LEGAL_FORMS.sub(" ", unicodedata.normalize("NFKC", name)), contact.get("name"),
                     email, email.partition("@")[2]):
            if word and len(_plain(word)) >= MIN_NAME:
                words.append((_plain(word), vendor["id"]))
    return words


def check_questions(report, project: Project) -> None:
    """Validation of the Q&A register: references, dates, anonymity and leaks, each at its field."""
    data = project.data
    questions = data.get("questions") or []
    if not questions:
        return
    vendors = {v["id"] for v in data["evaluation"].get("vendors") or []}
    requirements = {r.id: r for r in project.requirements()}
    schedule = data["project"].get("schedule") or {}
    numbers: dict[int, int] = {}
    for i, q in enumerate(questions):
        at = ("questions", i)
        if q["number"] in numbers:
            first_at = ("questions", numbers[q["number"]])
            first = report.doc.where(first_at + ("number",))[0]
            if first is None:  # a wizard draft has no lines: the place is named (the wizard puts it in its words)
                report.add(at + ("number",), f"question number {q['number']} is already used at {format_path(first_at)}; "
                           "number each question once",
                           f"質問番号 {q['number']} は {format_path(first_at)} で既に使われています。番号は重複しないようにしてください")
            else:
                report.add(at + ("number",), f"question number {q['number']} is already used on line {first}; number each question once",
                           f"質問番号 {q['number']} は{first}行目で既に使われています。番号は重複しないようにしてください")
        numbers.setdefault(q["number"], i)
        if q["vendor"] not in vendors:
            known = ", ".join(sorted(vendors)) or "–"
            report.add(at + ("vendor",), f"'{q['vendor']}' is not a bidder ID of evaluation.vendors (known: {known})",
                       f"「{q['vendor']}」は evaluation.vendors にない提案者IDです（登録済み: {known}）")
        for key in ("requirements", "discloses"):
            for j, rid in enumerate(q.get(key) or []):
                if rid not in requirements:  # a warning: the register is history, requirements change
                    report.add(at + (key, j), f"'{rid}' is not the ID of a requirement in this file (any longer)",
                               f"「{rid}」はこのファイルの要件IDではありません（削除された場合は記録を見直してください）",
                               severity="warning")
                elif key == "discloses" and not requirements[rid].data.get("withhold"):
                    report.add(at + (key, j), f"requirement {rid} is in the RFP already, so the answer has nothing to disclose",
                               f"要件 {rid} はRFPに記載済みのため、回答で開示する必要はありません")
        if q.get("published") and not clean(q.get("answer")).strip():
            report.add(at + ("published",), f"question No. {q['number']} is published without an answer; write the answer or set published: false",
                       f"質問 No.{q['number']} は回答がないまま公表になっています。回答を記入するか published: false にしてください")
        _check_dates(report, at, q, schedule)
    _check_anonymous(report, project)
    _check_answer_leaks(report, project)
    _check_answer_topics(report, project)


def _check_dates(report, at: tuple, q: dict, schedule: dict) -> None:
    def day(value):
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            return None  # absent, or the schema already said how to write a date

    received, answered = day(q.get("received")), day(q.get("answered"))
    deadline, answer_date = day(schedule.get("question_deadline")), day(schedule.get("answer_date"))
    if received and deadline and received > deadline:
        report.add(at + ("received",), f"question No. {q['number']} was received on {received}, after the question deadline ({deadline})",
                   f"質問 No.{q['number']} の受付日（{received}）が質問期限（{deadline}）を過ぎています", severity="warning")
    if answered and answer_date and answered > answer_date:
        report.add(at + ("answered",), f"question No. {q['number']} was answered on {answered}, after the answer date ({answer_date})",
                   f"質問 No.{q['number']} の回答日（{answered}）が質問回答日（{answer_date}）を過ぎています", severity="warning")
    if received and answered and answered < received:
        report.add(at + ("answered",), f"question No. {q['number']} is answered ({answered}) before it was received ({received})",
                   f"質問 No.{q['number']} の回答日（{answered}）が受付日（{received}）より前です")


def _check_anonymous(report, project: Project) -> None:
    """A published question or answer must not name any vendor: the asker stays unknown to the others."""
    words = _identifying_words(project)
    for i, q in enumerate(project.data.get("questions") or []):
        if not q.get("published"):
            continue
        for field in FIELDS:
            text = _plain(q.get(field))
            named = next(((word, vid) for word, vid in words if word in text), None)
            if named:
                report.add(("questions", i, field),
                           f"question No. {q['number']} names bidder {named[1]} in its {field}; published questions and answers "
                           "must not identify the asker: reword it without the bidder's name, contact or address",
                           f"質問 No.{q['number']} の{FIELD_JA[field]}に提案者 {named[1]} を特定できる語があります。公表する質問と回答には"
                           "質問者の名称・担当者・アドレスを書かず、言い換えてください")


def leaks_by_question(project: Project) -> dict[tuple[int, str], list]:
    """The leak check on the register: (question index, field) -> the withheld requirements its text
    quotes or closely paraphrases (Leak, one per requirement), whether published or not yet."""
    places = []
    for i, q in enumerate(project.data.get("questions") or []):
        if not isinstance(q, dict):
            continue
        for field in FIELDS:
            if q.get(field):
                places.append((format_path(("questions", i, field)), clean(q[field])))
    found: dict[tuple[int, str], list] = {}
    for leak in find_leaks_in_texts(places, project, paraphrases=True):
        match = re.match(r"questions\[(\d+)\]\.(\w+)", leak.file_place)
        at = (int(match.group(1)), match.group(2))
        if all(known.withheld_id != leak.withheld_id for known in found.get(at, [])):
            found.setdefault(at, []).append(leak)
    return found


def _check_answer_leaks(report, project: Project) -> None:
    """Questions and answers go through the RFP's own leak check, close paraphrases included:
    published ones are refused, drafts are warned about."""
    where = {r.id: r.path for r in project.withheld()}
    for (i, field), leaks in leaks_by_question(project).items():
        q = project.data["questions"][i]
        for leak in leaks:
            line = report.doc.where(where[leak.withheld_id])[0]
            place = format_path(where[leak.withheld_id])  # a draft held in memory (the wizard) has no lines
            requirement = f"{leak.withheld_id} ({place}, line {line})" if line else f"{leak.withheld_id} ({place})"
            requirement_ja = f"{leak.withheld_id}（{line}行目 {place}）" if line else f"{leak.withheld_id}（{place}）"
            how_en = "closely paraphrases" if leak.paraphrase else "quotes"
            how_ja = "ほぼ同じ内容で言い換えています" if leak.paraphrase else "引用しています"
            if q.get("published"):
                report.add(("questions", i, field),
                           f"question No. {q['number']} ({field}) {how_en} requirement {requirement}, which the RFP leaves out: "
                           f"reword it, or disclose the requirement on purpose with discloses: [{leak.withheld_id}]",
                           f"質問 No.{q['number']} の{FIELD_JA[field]}がRFPに記載しない要件 {requirement_ja} を{how_ja}。"
                           f"言い換えるか、意図して開示する場合は discloses: [{leak.withheld_id}] を指定してください")
            else:
                report.add(("questions", i, field),
                           f"question No. {q['number']} ({field}) {how_en} requirement {requirement}, which the RFP leaves out; "
                           "it cannot be published like this",
                           f"質問 No.{q['number']} の{FIELD_JA[field]}がRFPに記載しない要件 {requirement_ja} を{how_ja}。このままでは公表できません",
                           severity="warning")


def withheld_reference(report, r) -> tuple[str, str]:
    """A withheld requirement as a warning names it, in English and Japanese: its id, the start of its
    statement and its field, with the line when the project has lines (a wizard draft has none)."""
    line = report.doc.where(r.path)[0]
    named = shorten(clean(r.text), 50)
    at_en, at_ja = (f", line {line}", f"、{line}行目") if line else ("", "")
    return (f"requirement {r.id} \"{named}\" ({format_path(r.path)}{at_en}), which the RFP leaves out",
            f"RFPに記載しない要件 {r.id}「{named}」（{format_path(r.path)}{at_ja}）")


@lru_cache(maxsize=8)  # the register's and the vendor-facing texts' checks both ask
def answer_touches(project: Project) -> list[tuple[int, Touch]]:
    """(question index, touch) for each withheld requirement whose topic an answer touches without
    quoting or rewording it (those are leaks, found by leaks_by_question) and without disclosing it
    on purpose (discloses:). Worked out once per validated project, which is not changed afterwards."""
    if not project.withheld():
        return []
    topics, leaks = topics_of(project), leaks_by_question(project)
    found = []
    for i, q in enumerate(project.data.get("questions") or []):
        if not clean(q.get("answer")).strip():
            continue
        quoted = {leak.withheld_id for leak in leaks.get((i, "answer"), [])}
        found += [(i, touch) for touch in topics.touched(clean(q["answer"]), set(q.get("discloses") or []))
                  if touch.requirement.id not in quoted]
    return found


def _check_answer_topics(report, project: Project) -> None:
    """An answer that touches the topic of a withheld requirement without quoting it ("propose how you
    would handle a deviation from the forecast") still tells every vendor what the client will score:
    warned about at the answer unless the answer lists the requirement under discloses: (rfpgen.topics).
    An answer already reported as quoting or rewording the requirement is not warned about twice."""
    for i, touch in answer_touches(project):
        q, r = project.data["questions"][i], touch.requirement
        requirement, requirement_ja = withheld_reference(report, r)
        if touch.subject:
            why_en = f"speaks of the subject of {requirement}, {subject_name(touch.subject, 'en')},"
            why_ja = f"{requirement_ja}と同じ主題（{subject_name(touch.subject, 'ja')}）に触れており"
        else:
            why_en = f"shares the key terms {', '.join(touch.shared)} with {requirement}"
            why_ja = f"{requirement_ja}と主要な語（{'、'.join(touch.shared)}）が共通しており"
        report.add(("questions", i, "answer"),
                   f"the answer to question No. {q['number']} {why_en} and so tells every vendor about it: list {r.id} "
                   "under discloses: to disclose it on purpose, or reword the answer so it does not point to that topic",
                   f"質問 No.{q['number']} の回答は{why_ja}、その要件を全提案者に示すことになります。意図して開示する場合は "
                   f"discloses: に {r.id} を加え、そうでなければその話題に触れないよう回答を書き換えてください",
                   severity="warning")
