"""What a vendor looks for in an RFP besides the requirements: the conditions of taking part, the
contract's key terms, the proposal's contents without repeats, the RFP's own revision history and
the list of annexes every reference of the RFP resolves to.

Each condition has a standard wording per language, filled in from the project (dates, contacts,
contract type); a project replaces the wording with its own text under `rfp.terms.<key>` or
leaves the section out by naming it in `rfp.leave_out`. The list of annexes is the project's `rfp.annexes` plus the
files rfpgen writes for vendors beside the RFP, each listed only when this installation writes it.
"""
from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass

from ..project import DEFAULT_DEADLINE_TIME, Project
from ..responses.rates import must_disqualification
from ..scoring.ranking import ABOVE_REFERENCE, LOW_BID, price_disqualifications
from ..scoring.rules import Rules
from ..subjects import subjects_of
from ..text import clean, day, moment
from ..words import ENUMS, TIME_ZONE_NAMES, enum, listing, name_of, plural, say, tr

TERM_KEYS = tuple(ENUMS["rfp_condition"]["en"])  # in the order the RFP prints them
TERM_TITLES = {key: (ENUMS["rfp_condition"]["ja"][key], ENUMS["rfp_condition"]["en"][key]) for key in TERM_KEYS}


# ------------------------------------------------------------------ dates and contacts the wording uses

def _schedule(project: Project, key: str) -> str | None:
    """A date of the selection schedule as a reader writes it (2027年4月9日（金）, Fri 9 April 2027)."""
    value = (project.data["project"].get("schedule") or {}).get(key)
    return day(value, project.date_style) if value else None


DEADLINES = ("question_deadline", "proposal_due")  # dates by which a vendor must have sent something


def deadline(project: Project, key: str = "proposal_due") -> str | None:
    """A deadline with its time and time zone, as every date with a time is written (text.moment):
    2027年4月9日（金）17:00（日本時間）, Fri 9 April 2027, 17:00 (UK time). The submission's deadline time
    holds for questions too: a vendor never has to guess when a day ends."""
    due = (project.data["project"].get("schedule") or {}).get(key)
    if not due:
        return None
    submission = project.section("rfp").get("submission") or {}
    zone = name_of(submission["time_zone"], TIME_ZONE_NAMES, project.lang) if submission.get("time_zone") \
        else _default_zone(project)
    return moment(due, submission.get("deadline_time") or DEFAULT_DEADLINE_TIME, project.date_style, zone)


def _default_zone(project: Project) -> str:
    """The project's time zone (its opening hours', else the one a Japanese or a UK client means), named."""
    zone = project.time_zone
    return name_of(zone, TIME_ZONE_NAMES, project.lang) if zone else ""


def _uk(project: Project) -> bool:
    """A UK client, as far as the project tells: it prices in pounds sterling."""
    return project.section("pricing").get("currency") == "GBP"


def _legal_entity_en(project: Project) -> str:
    """The English eligibility condition on the bidder's legal form, in the client's jurisdiction as far as the
    project tells (its currency): England and Wales for a UK client, Japan for a Japanese one (as the Japanese
    wording says), else a condition any jurisdiction shares."""
    if _uk(project):
        return "The bidder is a legal entity able to enter into a contract governed by the law of England and Wales."
    if project.section("pricing").get("currency") == "JPY":
        return "The bidder is a legal entity with its head office or a place of business in Japan."
    return "The bidder is a legal entity able to enter into the contract in its own name."


def _contact(project: Project) -> str:
    qa = project.section("rfp").get("qa") or {}
    contact = qa.get("contact") or {}
    return clean(contact.get("email") or contact.get("name")) or tr(project.lang, "質疑応答の窓口", "the contact for questions")


def _when(project: Project, key: str, ja_unset: str, en_unset: str) -> str:
    """A date of the schedule, a deadline with its time and zone (every key in DEADLINES), or the words for it unset."""
    return (deadline(project, key) if key in DEADLINES else _schedule(project, key)) or tr(project.lang, ja_unset, en_unset)


# ------------------------------------------------------------------ standard wording

def _standard(project: Project, every_clause: bool = False) -> dict[str, tuple[str, str, list[str], list[str]]]:
    """key -> (ja title, en title, paragraphs, bullets) in the project's language; without
    `every_clause`, the key contract terms leave out each clause on a withheld requirement's subject."""
    lang, rfp = project.lang, project.section("rfp")
    contract_type = rfp.get("contract_type", "quasi_mandate")
    validity = project.offer_validity_days()
    contact = _contact(project)
    rules = Rules.of(project.data["evaluation"])
    price_grounds = price_disqualifications(rules)
    presentations = _schedule(project, "presentations")
    after_nda = enum("annex_provided", "after_nda", lang)
    certifications = [clean(c).strip() for c in project.section("systems").get("certifications") or [] if clean(c).strip()]
    data_room = any(a.get("provided") == "after_nda" for a in rfp.get("annexes") or [])  # material shown after the NDA
    t = lambda ja, en: tr(lang, ja, en)  # noqa: E731

    disqualification = [
        t("提出期限までに提案書が到着しなかった場合", "The proposal arrives after the deadline."),
        t("提出書類に不備・不足があり、委託元が指定する期限までに補正されなかった場合",
          "The proposal is incomplete and is not completed by the date the client sets."),
        t("提出書類に虚偽の記載があった場合", "The proposal contains a false statement."),
    ]
    if ABOVE_REFERENCE in price_grounds:
        disqualification.append(t("提案価格が委託元の予定価格を超えた場合", "The price exceeds the client's reference price."))
    if LOW_BID in price_grounds:
        share = f"{rules.low_bid_share * 100:g}"
        disqualification.append(t(f"提案価格が委託元の予定価格の{share}%を下回った場合",
                                  f"The price is below {share}% of the client's reference price."))
    disqualification += [
        t("他の提案者と価格や提案内容について相談・調整するなど、談合その他の不正な行為があった場合",
          "The bidder colludes with another bidder on price or content, or acts dishonestly in any other way."),
        t("質疑応答の窓口を通さずに、評価者その他の委託元関係者へ本件について接触した場合",
          "The bidder contacts an evaluator or anyone else at the client about this selection other than through the contact for questions."),
        t("参加資格を満たさないことが判明した場合", "The bidder turns out not to meet the eligibility conditions."),
    ]
    must = must_disqualification(project)  # the same rule the guide's screening applies
    if must:
        disqualification.insert(3, must)
    kind = {"quasi_mandate": t("準委任契約", "a services agreement (the contractor owes diligent performance of the work)"),
            "contract_for_work": t("請負契約", "a contract for defined deliverables (the contractor owes the result)")}[contract_type]
    return {
        "eligibility": (*TERM_TITLES["eligibility"], [t("次の条件をすべて満たす事業者に限り、提案に参加できる。",
                                                      "Only bidders meeting all of the following may take part.")], [
            t("日本国内に本店または事業所を有する法人であること", _legal_entity_en(project)),
            # (in English one sentence each, all of one shape: the bidder is, has, holds …)
            t("本業務と同種・同規模の業務を受託した実績を有すること",
              "The bidder has done work of the same kind and a similar size, and can give references for it."),
            *([t(f"次の認証を取得していること：{'、'.join(certifications)}", f"The bidder holds {listing('en', certifications)}.")]
              if certifications else []),
            t("破産、会社更生、民事再生等の手続き中でないこと",
              "The bidder is not insolvent, in administration, in liquidation or in a comparable procedure."),
            t("反社会的勢力に該当せず、これと関係を有しないこと", "Neither the bidder nor its officers have been convicted of fraud, corruption or organised crime."),
        ]),
        "participation": (*TERM_TITLES["participation"], [
            t(f"提案に参加する場合は、{_when(project, 'question_deadline', '質問期限', 'the question deadline')}までに、"
              f"参加表明（会社名、担当者、連絡先を記載した電子メール）を{contact}へ送付すること。",
              f"Bidders who intend to submit a proposal say so by e-mail to {contact} (company, contact person, e-mail and phone) "
              f"by {_when(project, 'question_deadline', '質問期限', 'the question deadline')}."),
            t("参加表明の後に辞退する場合は、提出期限までに同じ宛先へ電子メールで連絡すること。辞退したことにより、今後の取引で不利な扱いを受けることはない。",
              "A bidder who withdraws after that tells the same address by e-mail before the proposal deadline. "
              "Withdrawing has no effect on any future dealings with the client."),
        ], []),
        # the data room only where the annexes list material shown after the NDA: the client says it has one
        "nda": (*(TERM_TITLES["nda"] if data_room else ("秘密保持", "Confidentiality")), [
            clean(rfp.get("confidentiality")) or t(
                "本書および委託元が提供する資料の内容は、提案の検討以外の目的に使用せず、第三者に開示しないこと。",
                "This RFP and everything the client provides with it may be used only to prepare a proposal and may not be disclosed to others."),
            *([t(f"別紙一覧で「{after_nda}」とした資料は、秘密保持契約を締結した提案者に限り閲覧資料として提供する。"
                 "秘密保持契約の締結を希望する場合は、参加表明の際に申し出ること。",
                 f"The annexes marked “{after_nda}” in the list of annexes are shown only to bidders who have signed a "
                 "non-disclosure agreement. Ask for the agreement when you say you intend to bid.")] if data_room else []),
        ], []),
        "proposal_costs": (*TERM_TITLES["proposal_costs"], [
            t("提案書の作成・提出、プレゼンテーション、質疑への対応など、本提案への参加に要する費用はすべて提案者の負担とする。提出された提案書は返却しない。",
              "Bidders bear all their own costs of taking part: preparing and submitting the proposal, presenting and answering "
              "questions. Proposals are not returned."),
        ], []),
        "disqualification": (*TERM_TITLES["disqualification"],
                             [t("次のいずれかに該当する提案は失格とし、評価の対象としない。",
                                "A proposal is disqualified and not evaluated if any of the following applies.")], disqualification),
        "quote_validity": (*TERM_TITLES["quote_validity"], [
            t(f"提案価格（見積）は、{say('doc.quote_validity', lang, n=validity, days=plural(validity, 'day'))}有効なものとすること。",
              f"Prices and the offer must remain valid for {say('doc.quote_validity', lang, n=validity, days=plural(validity, 'day'))}."),
        ], []),
        "presentation": (*TERM_TITLES["presentation"], [
            t(f"書類審査の結果をもとに選んだ提案者には、{presentations or '別途通知する日'}にプレゼンテーションを実施する。"
              "時間、出席者、会場またはオンラインの別と時刻は、対象の提案者に個別に通知する。",
              f"Bidders short-listed on their written proposals present on {presentations or 'a date the client will give'}. "
              "The length, who should attend, the venue (or video call) and the time are sent to each short-listed bidder."),
        ], []),
        "notification": (*TERM_TITLES["notification"], [
            t(f"選定結果は、{_when(project, 'decision', '選定後速やかに', 'promptly after the decision')}"
              f"{'までに' if _schedule(project, 'decision') else ''}、すべての提案者に電子メールで通知する。"
              "選定されなかった提案者には、求めに応じて評価の概要を説明する。",
              f"Every bidder is told the result by e-mail {'by ' + _schedule(project, 'decision') if _schedule(project, 'decision') else 'promptly after the decision'}. "
              "Bidders not selected may ask for a summary of how their proposal was assessed."),
        ], []),
        "contract": (*TERM_TITLES["contract"], [
            t(f"本業務の契約は{kind}とする。契約書は委託元の様式を基本とし、選定後に協議のうえ締結する。",
              f"The contract will be {kind}, on the client's standard terms, agreed after the selection."),
        ], []),
        "contract_terms": (*TERM_TITLES["contract_terms"], [t("契約には次の条項を含める。提案書では、受け入れられない条項と代案を明記すること。",
                                                              "The contract will include the following. State in your proposal any term you cannot accept and what you propose instead.")],
                           _unwithheld(project, every_clause)),
        "staff_transfer": (*TERM_TITLES["staff_transfer"], [
            t("現在委託元で本業務に従事している従業員の受託者への移籍の有無と条件は、提案者と個別に協議する。提案書には受け入れの方針を記載すること。",
              "The work is currently done by an in-house team. The Transfer of Undertakings (Protection of Employment) "
              "Regulations 2006 (TUPE) are expected to apply: the team's employees would transfer to the contractor on their "
              "existing terms. Anonymised employee information is provided to bidders who sign the non-disclosure agreement; "
              "state in your proposal how you will consult, transfer and integrate the team, and price accordingly."
              if _uk(project) else
              "The work is currently done by an in-house team. State in your proposal whether and on what terms you would "
              "take on the team's employees; the details are agreed with the selected contractor."),
        ], []),
    }


def _contract_clauses(project: Project) -> list[tuple[str, str | None]]:
    """The standard key contract terms, each with its neutral form or None: what any contract says on the
    clause's subject without a withheld requirement's content (the exit clause's return and deletion of the
    client's data, data protection, without the hand-over to a successor)."""
    t = lambda ja, en: tr(project.lang, ja, en)  # noqa: E731
    uk = _uk(project)
    return [
        (t("再委託：委託元の事前の書面承諾なく、業務の全部または一部を第三者に再委託しないこと",
           "Subcontracting: no part of the work is subcontracted without the client's prior written consent."), None),
        (t("損害賠償：受託者の責めに帰すべき事由により委託元に生じた損害を賠償すること（上限は協議による）",
           "Liability: the contractor is liable for loss it causes the client, up to a cap to be agreed."), None),
        (t("個人情報の取扱い：個人情報保護法と委託元の規程に従い、目的外利用・持出しを禁止すること",
           "Personal data: the contractor processes personal data only on the client's instructions, under UK GDPR and the Data Protection Act 2018."
           if uk else "Personal data: the contractor processes personal data only on the client's instructions and under the applicable data-protection law."), None),
        (t("反社会的勢力の排除：反社会的勢力に該当しないことを表明・保証し、違反時は催告なく解除できること",
           "Anti-corruption and modern slavery: the contractor complies with the Bribery Act 2010 and the Modern Slavery Act 2015."
           if uk else "Anti-corruption: the contractor complies with anti-bribery law; a breach allows termination without notice."), None),
        (t("知的財産：業務で作成した資料（マニュアル、報告書、FAQ等）の権利は委託元に帰属すること",
           "Intellectual property: material produced for the work (procedures, reports, knowledge articles) belongs to the client."), None),
        (t("契約不適合責任：成果物が契約の内容に適合しない場合、受託者の費用で修補すること",
           "Remedies: work that does not meet the contract is put right at the contractor's cost."), None),
        (t("監査への協力：委託元または委託元が指定する者による業務・情報管理の監査に協力すること",
           "Audit: the contractor cooperates with audits of the work and of information security by the client or its appointee."), None),
        (t("契約終了時の引継ぎとデータ消去：後継事業者・委託元への引継ぎに協力し、委託元のデータを返却または消去して証明書を提出すること",
           "Exit: at the end of the contract the contractor helps hand the work over to the client or a successor, returns or "
           "deletes the client's data and certifies the deletion."),
         t("データの返却・消去：業務の終了後、委託元のデータを返却または消去し、その証明書を提出すること",
           "Return of data: when the work ends, the contractor returns or deletes the client's data and certifies the deletion.")),
    ]


def _unwithheld(project: Project, every_clause: bool) -> list[str]:
    """The standard contract clauses the RFP prints (all of them with `every_clause`): one that corresponds
    to a withheld requirement (_left_out) would state it for every bidder, so its neutral form stands in for
    it, or it is left out."""
    clauses = _contract_clauses(project)
    if every_clause:
        return [clause for clause, _ in clauses]
    left_out = _left_out(project)
    shown = []
    for i, (clause, neutral) in enumerate(clauses):
        if not left_out(("contract_terms", i), clause):
            shown.append(clause)
        elif neutral and not left_out(("contract_terms", i, "neutral"), neutral):
            shown.append(neutral)
    return shown


def _left_out(project: Project):
    """(place, text) -> whether the RFP leaves that standard wording out: it is on a withheld requirement's
    subject (the vendors' view keeps the subjects), or restates one (standard_overlaps, worked out on the full
    project; the view keeps the places vendor_view gave it)."""
    places = project.standard_left_out if project.is_redacted else frozenset(o.place for o in standard_overlaps(project))
    subjects = project.withheld_subjects().keys()
    return lambda place, text: place in places or bool((subjects_of(text) | TERM_SUBJECTS.get(place[0], set())) & subjects)


def vendor_view(project: Project, shared: bool = False) -> Project:
    """The project as vendors may see it (Project.redacted), keeping the places of the standard wording that
    restate a withheld requirement, so the RFP built from it leaves them out too."""
    return project.redacted(shared, standard_left_out=frozenset(o.place for o in standard_overlaps(project)))


TERM_SUBJECTS = {"staff_transfer": {"staff_transfer"}}  # a whole section on one subject, whatever its words


@dataclass(frozen=True)
class Overlap:
    """Standard wording that corresponds to withheld requirements: a section (`place` (key,)), a contract
    clause ((key, index)) or its neutral form ((key, index, "neutral")), and why, by withheld id: ("subject",
    subject), ("run", the words it repeats) or ("terms", the key terms it uses), as validation's warning
    about a text the vendors read that restates a withheld requirement."""

    place: tuple
    why: dict[str, tuple[str, object]]

    @property
    def key(self) -> str:
        return self.place[0]

    def replaced(self, overlaps: list["Overlap"], project: Project) -> bool:
        """Whether the RFP prints the clause's neutral form instead (nothing to warn about: nothing is lost)."""
        if len(self.place) != 2:
            return False
        neutral = _contract_clauses(project)[self.place[1]][1]
        return bool(neutral) and not any(o.place == self.place + ("neutral",) for o in overlaps)


def _restating(project: Project):
    """text -> {withheld id: why} for the withheld requirements a standard text states: on the same subject
    (rfpgen.subjects), or restating it as validation finds a vendor-facing text does (a run of its statement,
    or most of its key terms)."""
    from ..topics import topics_of  # imported late: topics reads the project's modules
    from .leaks import repeats

    withheld, subjects = project.withheld(), project.withheld_subjects()
    runs, topics = repeats(tuple(r.text for r in withheld)), topics_of(project)
    stock = runs.stock(tuple(r.text for r in project.disclosed()))

    def why(text: str, extra_subjects: frozenset = frozenset()) -> dict[str, tuple[str, object]]:
        found: dict[str, tuple[str, object]] = {}
        for subject in sorted((subjects_of(text) | extra_subjects) & subjects.keys()):
            for rid in subjects[subject]:
                found.setdefault(rid, ("subject", subject))
        for n, run in runs.in_text(text, stock):
            found.setdefault(withheld[n].id, ("run", run))
        for r, shared, _ in topics.covered(text):
            found.setdefault(r.id, ("terms", shared))
        return found
    return why


def standard_overlaps(project: Project) -> list[Overlap]:
    """Each standard section, contract clause or clause's neutral form of the RFP that corresponds to a
    withheld requirement (worked out on the full project: the vendors' view keeps the places only). The
    project's own wording of a section is the client's text, checked like any other."""
    if not project.withheld():
        return []
    own = project.section("rfp").get("terms") or {}
    standard = _standard(project, every_clause=True)
    why = _restating(project)
    out = []
    for key in _wanted(project):
        if clean(own.get(key)).strip():
            continue
        if key == "contract_terms":
            for i, (clause, neutral) in enumerate(_contract_clauses(project)):
                for place, text in (((key, i), clause), ((key, i, "neutral"), neutral)):
                    found = why(text) if text else {}
                    if found:
                        out.append(Overlap(place, found))
            continue
        _, _, paragraphs, bullets = standard[key]
        found = why("\n".join([*paragraphs, *bullets]), frozenset(TERM_SUBJECTS.get(key, ())))
        if found:
            out.append(Overlap((key,), found))
    return out


def _presents(project: Project) -> bool:
    """The selection holds presentations: a presentation stage, or a presentations date in the schedule."""
    return bool((project.data["evaluation"].get("rules") or {}).get("presentation")
                or (project.data["project"].get("schedule") or {}).get("presentations"))


def terms(project: Project) -> list[tuple[str, str, list[str], list[str]]]:
    """(key, title, paragraphs, bullets) of each condition the RFP prints, in order.

    `rfp.terms.<key>`: text replaces the standard wording (blank lines separate paragraphs);
    `rfp.leave_out` lists the sections left out. The staff transfer section is printed only for a
    project whose in-house team is being outsourced (`scope.staff_transfer`) or that words it, and the
    presentations section only for a selection that holds presentations or words them."""
    own = project.section("rfp").get("terms") or {}
    standard, left_out = _standard(project), _left_out(project)
    shown = []
    for key in _wanted(project):
        ja, en, paragraphs, bullets = standard[key]
        if clean(own.get(key)).strip():
            paragraphs, bullets = [p for p in clean(own[key]).split("\n\n") if p.strip()], []
        elif key != "contract_terms" and left_out((key,), "\n".join([*paragraphs, *bullets])):
            continue  # a standard section on a withheld requirement would state it for every bidder
        shown.append((key, tr(project.lang, ja, en), paragraphs, bullets))
    return shown


def _wanted(project: Project) -> list[str]:
    """The conditions this project's RFP holds, standard or its own wording."""
    own = project.section("rfp").get("terms") or {}
    left_out = set(project.section("rfp").get("leave_out") or [])
    return [key for key in TERM_KEYS if key not in left_out
            and not (key == "staff_transfer" and not project.section("scope").get("staff_transfer") and not own.get(key))
            and not (key == "presentation" and not _presents(project) and not own.get(key))]


# ------------------------------------------------------------------ proposal contents

STANDARD_PROPOSAL_CONTENTS = {  # topic -> (ja, en): what every proposal must contain
    "approach": ("本書に記載した各要件への対応方針と具体的な実施方法（業務内容、人材マネジメント、運営管理、情報通信システムの各部ごと）",
                 "Your approach and concrete methods for each requirement in this document, part by part (work, people, "
                 "operations, information and communication systems)"),
    "staffing": ("要員計画（必要な席数・要員数とその算定根拠、シフト計画、採用・研修計画）",
                 "A staffing proposal: seats and headcount with the calculation behind them, shift planning, hiring and training plan"),
    "transition": ("導入・移行計画（スケジュール、体制、移行時のリスクと対策）",
                   "An implementation and transition plan: schedule, team, transition risks and how you will handle them"),
    "price": ("価格（提案回答書に記入し、算定の前提を明記すること）",
              "Prices, entered on the response form, with the assumptions behind them"),
    "company": ("会社概要、同等業務の受託実績、直近3期の財務状況を示す資料",
                "Company profile, references for equivalent work, and financial statements for the last three years"),
}
# Words by which a project's own item covers a standard topic; topics are tried in this order, so an
# item naming a price is a price item even when it also mentions, say, the contract term.
TOPIC_WORDS = {
    "price": ("価格", "見積", "単価", "費用", "price", "pricing", "quotation", "quote", "rates", "fee"),
    "staffing": ("要員", "人員", "席数", "シフト", "staffing", "headcount", "seats", "fte", "shift"),
    "transition": ("移行", "導入", "立ち上げ", "transition", "implementation", "mobilisation", "mobilization", "onboarding"),
    "company": ("会社概要", "財務", "受託実績", "実績", "company", "financial", "accounts", "references", "track record"),
    "approach": ("実施方法", "対応方針", "各要件", "各部", "approach", "each requirement", "each part", "methods"),
}


def topic_of(item: str) -> str | None:
    """The standard topic a project's proposal item covers, if any."""
    text = clean(item).lower()
    for topic, words in TOPIC_WORDS.items():
        if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])" if w.isascii() else re.escape(w), text) for w in words):
            return topic
    return None


def proposal_contents(project: Project) -> list[str]:
    """The standard items merged with the project's own by meaning, never both: a project item
    covering a standard topic takes that item's place (the project's wording wins); the project's
    other items follow in its order."""
    own = [clean(item).strip() for item in project.section("rfp").get("proposal_contents") or [] if clean(item).strip()]
    by_topic: dict[str, list[str]] = {}
    extra = []
    for item in own:
        topic = topic_of(item)
        (by_topic.setdefault(topic, []) if topic else extra).append(item)
    merged = []
    for topic, (ja, en) in STANDARD_PROPOSAL_CONTENTS.items():
        merged += by_topic.get(topic) or [tr(project.lang, ja, en)]
    return list(dict.fromkeys(merged + extra))


# ------------------------------------------------------------------ revision history and annexes

def rfp_revisions(project: Project) -> list[dict]:
    """The RFP's own revision history: its first issue, then the project's `rfp.revisions` (addenda)."""
    p, lang = project.data["project"], project.lang
    issued = day((p.get("schedule") or {}).get("rfp_issue") or p.get("date"), project.date_style, weekday=False)
    rows = [{"version": p["version"], "date": issued, "author": clean(p["client"]["name"]),
             "summary": tr(lang, "初版", "First issue")}]
    for r in project.section("rfp").get("revisions") or []:
        rows.append({"version": r["version"], "date": day(r["date"], project.date_style, weekday=False), "author": clean(p["client"]["name"]), "summary": clean(r["summary"])})
    return rows


# Files rfpgen writes for vendors beside the RFP: (module that writes it, file name, ja, en name,
# ja, en what it is, ja, en when)
COMPANION_FILES = (
    ("rfpgen.responses", "{id}-response-form.xlsx", "提案回答書（Excel）", "Response form (Excel)",
     "要件対応表、要員計画、価格を記入する様式", "The compliance matrix, staffing plan and prices to fill in",
     "本書に添付（提案書とともに提出）", "Attached to this RFP (returned with the proposal)"),
    ("rfpgen.clarifications", "{id}-clarifications.docx", "質問回答書", "Answers to questions",
     "提案者からの質問と委託元の回答をまとめたもの", "The bidders' questions with the client's answers",
     "質問回答日に全提案者へ送付", "Sent to all bidders on the answer date"),
)


def _writes(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def annex_rows(project: Project) -> list[list[str]]:
    """[annex number, name, what it is, how it is provided] for every attachment the RFP refers to. A
    file written beside the RFP is described like the project's own annexes; its file name follows the
    description as a reference, so the reader meets what the annex is before where to find it."""
    lang = project.lang
    rows = []
    for module, file_name, ja, en, what_ja, what_en, when_ja, when_en in COMPANION_FILES:
        if _writes(module):
            name = file_name.format(id=project.id)
            rows.append([tr(lang, ja, en), tr(lang, f"{what_ja}。\nファイル名：{name}", f"{what_en}.\nFile: {name}"),
                         tr(lang, when_ja, when_en)])
    for annex in project.section("rfp").get("annexes") or []:
        rows.append([clean(annex["name"]), clean(annex.get("description")), enum("annex_provided", annex.get("provided", "with_rfp"), lang)])
    label = tr(lang, "別紙{}", "Annex {}")
    return [[label.format(i), *row] for i, row in enumerate(rows, start=1)]


def rfp_conditions_record(ch, project: Project) -> None:
    """The RFP's conditions as the project sets them, for the internal requirements definition:
    form of contract, offer validity, conditions left out, the project's own wording, the annexes."""
    lang, rfp = project.lang, project.section("rfp")
    titles = {key: tr(lang, ja, en) for key, (ja, en, _, _) in _standard(project).items()}
    ch.pairs(tr(lang, "RFPの条件", "Conditions in the RFP"), [
        (tr(lang, "契約形態", "Form of contract"), enum("contract_type", rfp.get("contract_type", "quasi_mandate"), lang)),
        (tr(lang, "見積の有効期限", "Offer validity"), say("doc.quote_validity", lang, n=project.offer_validity_days(), days=plural(project.offer_validity_days(), "day"))),  # as the RFP says it
        (tr(lang, "RFPに載せない条件", "Conditions left out of the RFP"),
         tr(lang, "、", ", ").join(titles[k] for k in rfp.get("leave_out") or []) or tr(lang, "なし（すべて記載）", "All are stated (none is left out)")),
    ])
    for key, text in (rfp.get("terms") or {}).items():
        ch.text(tr(lang, f"条件の文言：{titles[key]}", f"Wording of the condition: {titles[key]}"), text)
    ch.table(tr(lang, "RFPの別紙", "Annexes to the RFP"),
             [tr(lang, "別紙", "Annex"), tr(lang, "資料名", "Document"), tr(lang, "内容", "What it is"),
              tr(lang, "提供方法", "How it is provided")], annex_rows(project))
