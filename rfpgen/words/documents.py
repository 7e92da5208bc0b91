"""Document terms: the kinds of document, confidentiality marks, the empty and to-be-decided words,
and the selection schedule's milestones."""
from __future__ import annotations

DOCUMENTS: dict[str, tuple[str, str]] = {
    "doc.kind.requirements": ("業務要件定義書", "Business Requirements Definition"),
    # what a guide says where a published rule has an effect the client may regret: it stands; a change is an addendum
    "doc.rules_fixed": ("この評価の方式は公表済みのRFPに定めたとおりであり、RFPの発行後は評価者が変更することはない。"
                        "変更が必要と判断した場合は、提出期限の前にRFPの追補（または質疑回答）として全ての提案者に同時に通知する。",
                        "This rule stands as the published RFP sets it: evaluators do not change it after the RFP is issued. "
                        "A change found necessary goes to every bidder at the same time, before the proposal deadline, as an RFP "
                        "addendum (or a published answer)."),
    "doc.kind.rfp": ("提案依頼書（RFP）", "Request for Proposal"),
    "doc.kind.guide": ("評価者ガイド", "Evaluator Guide"),
    "doc.kind.qa": ("質問回答書", "Clarifications: questions and answers"),
    "doc.kind.requirements_changes": ("業務要件定義書 新旧対照表", "Requirements definition: comparison of versions"),
    "doc.kind.rfp_addendum": ("RFP 補遺（変更箇所の新旧対照表）", "RFP addendum: changes to the RFP"),
    "doc.qa.published": ("公表", "Published"),
    "doc.qa.unpublished": ("非公表", "Not published"),
    # a question in the Q&A register, as a sentence: its answer published or not, the requirements it
    # touches and the ones it discloses
    "doc.qa.answer_published": ("回答を公表", "Answer published"),
    "doc.qa.answer_unpublished": ("回答は非公表", "Answer not published"),
    "doc.qa.touches": ("{ids} に関連", "concerns {ids}"),
    "doc.qa.discloses": ("{ids} を開示", "discloses {ids}"),
    # where a requirement stands in the RFP: stated since its first issue, withheld, or disclosed by an answer
    "doc.rfp.stated": ("記載", "Stated"),
    "doc.rfp.withheld": ("記載しない", "Left out"),
    "doc.rfp.disclosed": ("回答で開示", "Disclosed by answer"),
    "doc.mark.internal": ("社外秘", "Confidential – internal"),
    "doc.mark.rfp": ("取扱注意", "Confidential"),
    # how long a vendor's prices hold: one statement wherever the RFP says it (price terms, conditions)
    "doc.quote_validity": ("提案書提出期限の翌日から{n}日間", "{n} {days} from the day after the proposal deadline"),
    # the opening hours' dates given one by one, as the requirements, the RFP and the staffing annex name them
    "doc.closed_dates": ("休業日（日付指定）", "Closed dates"),
    "doc.tbd": ("未定", "To be decided"),
    "doc.closing": ("以上", ""),  # the line that closes a Japanese document; English documents have none
    # every footer's page number, documents and workbooks alike (2/12; Page 2 of 12)
    "doc.page_numbers": ("{page}/{pages}", "Page {page} of {pages}"),
    "doc.figure": ("図", "Figure"),  # a caption's label (図1, Figure 1), also the name of its SEQ field
    # response targets in hours: the unit says how they are counted (schema $defs.hours_basis)
    "doc.hours_within.calendar": ("{n}時間以内", "within {n} {hours}"),
    "doc.hours_within.business": ("営業時間で{n}時間以内", "within {n} business {hours}"),
    # submission and SLA credits: what the value means, never a bare number that reads otherwise
    "doc.paper_copies": ("紙の提出", "Paper copies"),  # the value a number of copies or 不要 / none: agrees with the label
    "doc.paper_copies_none": ("不要", "Not required"),
    "doc.paper_copies_n": ("{n}部", "{n}"),
    "doc.sla.amount_at_risk": ("対象額（月額費用に対する割合）", "Amount at risk (share of the monthly fee)"),
    "doc.sla.pool_cap": ("1か月のクレジットの上限", "Most credited in one month"),
    "doc.sla.pool_cap_value": ("対象額の{cap}（月額費用の{fee}）", "{cap} of the amount at risk ({fee} of the monthly fee)"),
    "doc.sla.pool_cap_only": ("対象額の{cap}", "{cap} of the amount at risk"),
    # the KPIs' names as the KPI table prints them: an SLA credit, a requirement or an incentive names a KPI by one of these
    "doc.kpi.service_level": ("サービスレベル", "Service level"),
    "doc.kpi.asa_seconds": ("平均応答速度（ASA）", "Average speed of answer (ASA)"),
    "doc.kpi.abandonment_pct": ("放棄率", "Abandonment rate"),
    "doc.kpi.aht_seconds": ("平均処理時間（AHT）", "Average handle time (AHT)"),
    "doc.kpi.fcr_pct": ("一次解決率（FCR）", "First contact resolution (FCR)"),
    "doc.kpi.csat_pct": ("顧客満足度（CSAT）", "Customer satisfaction (CSAT)"),
    # the score of a monitored contact on the client's form: not the tender's 品質スコア (quality score)
    "doc.kpi.qa_score_pct": ("応対品質評価の得点率（QA）", "Call quality score (QA)"),
    "doc.kpi.adherence_pct": ("スケジュール遵守率", "Schedule adherence"),
    "doc.kpi.email_response_hours": ("メール返信期限", "E-mail response target"),
    "schedule.rfp_issue": ("RFP発行日", "RFP issue date"),
    "schedule.question_deadline": ("質問期限", "question deadline"),
    # the RFP's participation section sets the intention to bid due on the question deadline
    "schedule.question_deadline_and_participation": ("質問・参加表明期限", "deadline for questions and intention to bid"),
    "schedule.answer_date": ("質問回答日", "answer date"),
    "schedule.proposal_due": ("提案書提出期限", "proposal deadline"),  # as the RFP's prose says it
    "schedule.presentations": ("プレゼンテーション", "presentations"),
    "schedule.decision": ("選定結果通知", "decision date"),
    "schedule.contract": ("契約締結", "contract date"),
    "schedule.transition_start": ("移行開始", "transition start"),
    "schedule.service_start": ("サービス開始", "go-live"),  # the one English name: "at go-live" in prose
}
