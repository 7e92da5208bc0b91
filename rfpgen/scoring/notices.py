"""Per-vendor result notices (特定・非特定通知 / debrief letters), one Word file per vendor.

Each letter carries only what its vendor may see: its own score per criterion (the published
criteria, as means over the evaluators or the agreed consensus score), its quality score, quality
and price points, total (with presentations: the document-stage total, presentation points and
final score, named as everywhere else) and rank, and (in a letter to any other vendor) the winner's
figure, never another vendor's name or scores; it is dated with the project's notification date. Nothing
withheld appears: only published criteria are listed. The figures are the tally's, rounded as the
RFP says, so the vendor can recompute its own total.

The Japanese letters are written in 敬体 (です・ます, 貴社, ご提出いただいた), unlike every other
document rfpgen prints, which is 常体: a formal letter to another company is written politely by
convention.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..documents.render import template_path
from ..documents.parts import addressed, person_named, reach, scoring_formulas
from ..text import EMPTY, clean, day, number
from .decision import (document_label, final_digits, headed, in_money, presentation_digits, quality_digits, quality_points_text,
                       rounded_digits, score_digits, total_digits, total_label, weighted_digits)
from .forms import base_doc, write_docx
from .memo import presentation_rows
from .model import Scheme
from .price import gives_price_points, rule_heading
from .results import Result, VendorResult
from ..words import lower_first, say, tr

SUBFOLDER = "notices"


def notice_name(project_id: str, vendor_id: str) -> str:
    return f"{project_id}-notice-{vendor_id}.docx"


def _n(value, digits: int = 2) -> str:
    return number(value, digits, EMPTY)


def _body(result: Result, vendor: VendorResult, lang: str) -> list[str]:
    title = clean(result.project.data["project"]["title"])
    ja = lang == "ja"
    if vendor.rank == 1:
        return [f"先般ご提出いただいた「{title}」に係る提案書について、審査の結果、貴社を優先交渉権者に選定しましたので、下記のとおり通知します。"
                if ja else f"We are pleased to inform you that, after evaluation of the proposals for “{title}”, your company "
                "has been selected as the preferred bidder."]
    lines = [f"先般ご提出いただいた「{title}」に係る提案書について、審査の結果、貴社は優先交渉権者には選定されませんでしたので、"
             "下記のとおり通知します。"
             if ja else f"Thank you for your proposal for “{title}”. After evaluation, your company has not been selected."]
    if vendor.rank == 2:
        lines.append("貴社は次点となりました。優先交渉権者との協議が整わない場合には、改めてご連絡することがあります。" if ja else
                     "Your proposal ranked second; should negotiations with the preferred bidder fail, we may contact you.")
    reasons = {
        "gate": ("必須要件を満たさないと判断されたため、失格となりました", "it did not meet a mandatory requirement and was disqualified"),
        "above_reference": ("提案価格が予定価格を超えたため、失格となりました", "its proposed price was above the reference price and it was disqualified"),
        "low_bid": ("提案価格が低価格の基準を下回ったため、失格となりました", "its proposed price was below the low-price threshold and it was disqualified"),
        "below_minimum": ("品質スコアが最低基準点に達しませんでした", "its quality score did not reach the minimum qualifying score"),
        "below_criterion_minimum": ("評価項目の最低点に達しない項目がありました", "a criterion score was below its minimum"),
        "not_advanced": ("書類審査の結果、プレゼンテーション審査の対象となりませんでした", "it did not go through to the presentations"),
        "no_price": ("有効な提案価格がありませんでした", "no valid price was submitted"),
    }
    for reason, _ in vendor.excluded:
        if reason in reasons:
            text = reasons[reason]
            lines.append(f"理由：{text[0]}。" if ja else f"Reason: {text[1]}.")
    return lines


def published_rule(project) -> dict:
    """The published rule, so the vendor can recompute its own figures: a sentence in the letter's own
    voice (敬体 in Japanese) that introduces it, then the RFP's formulas quoted as the RFP words them
    (常体), one a line, which the letter sets off as a quotation."""
    heading = rule_heading(project.data["evaluation"], project.lang)
    texts = [text for _, text in scoring_formulas(project)]
    if project.lang == "ja":
        return {"intro": f"提案依頼書（RFP）に定めた{heading}は、次のとおりです。",
                "quote": [t if t.endswith("。") else t + "。" for t in texts]}
    return {"intro": f"{heading}, as published in the RFP:", "quote": texts}


def notice_date(project, today: date | None = None) -> str:
    """The date a notice carries: the project's notification date (schedule.decision), written as every
    document writes its dates (a letter's date line in English without the weekday); the day it is made
    only when the schedule names none."""
    when = (project.data["project"].get("schedule") or {}).get("decision") or today or date.today()
    return day(when, project.date_style, weekday=project.lang == "ja")


def notice_context(result: Result, vendor: VendorResult) -> dict:
    project = result.project
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    doc = base_doc(project, "kind_notice")
    doc["date"] = notice_date(project)
    ranked = [v for v in result.vendors if v.rank is not None]
    winner_total = next((v.total for v in result.vendors if v.rank == 1), None)
    digits = total_digits(result)
    final = headed(result, total_label(result, lang), lang)
    rows = [(say("score.rank", lang), (f"第{vendor.rank}位（順位を付けた{len(ranked)}者中）" if lang == "ja"
                               else f"{vendor.rank} of {len(ranked)} ranked") if vendor.rank else say("score.not_ranked", lang)),
            (say("score.quality_score", lang), _n(vendor.quality, quality_digits(result)))]
    if gives_price_points(result.formula):
        rows += [(say("score.quality_points", lang), quality_points_text(result, vendor)),
                 (say("score.price_score", lang), _n(vendor.price_score, rounded_digits(result, "price_score")))]
    if vendor.document_total is not None or result.rules.presentation is None:   # a vendor not advanced sees why
        rows.append((headed(result, document_label(result, lang), lang), _n(vendor.document_total, digits)))
    if vendor.presentation_points is not None:
        rows += [(say("score.presentation_points", lang), _n(vendor.presentation_points, presentation_digits(result))),
                 (final, _n(vendor.total, final_digits(result)))]
    if vendor.rank_sum is not None:
        rows.append(("順位点（評価者の順位の合計）" if lang == "ja" else "Rank sum", _n(vendor.rank_sum, 1)))
    presenters = [v.document_total for v in result.vendors if v.presentation_points is not None and v.document_total is not None]
    if result.rules.presentation is not None and vendor.presentation_points is None and presenters:
        # a vendor that did not present compares its document figure with the cut-off, not with a final score
        # (under the division method a value of 0.24 beside presentation points of 20.4 compares nothing)
        label = headed(result, document_label(result, lang), lang)
        cheapest_first = in_money(result, document=True)   # a price per quality point: the highest one is the cut-off
        worst = tr(lang, "最も高い" if cheapest_first else "最も低い", "Highest" if cheapest_first else "Lowest")
        rows.append((f"プレゼンテーションに進んだ提案者の{worst}{label}" if lang == "ja"
                     else f"{worst} {lower_first(label)} that went through to the presentations",
                     _n(max(presenters) if cheapest_first else min(presenters), digits)))
    elif vendor.rank != 1:  # the first's own figure is above: its letter does not compare it with itself
        rows.append((f"第1位の{final}" if lang == "ja" else f"Winner's {final.lower()}", _n(winner_total, final_digits(result))))
    criteria = []
    for criterion in scheme.weighted():
        mean, weight = vendor.criterion_mean.get(criterion["id"]), float(criterion["weight"])
        criteria.append({"name": clean(criterion["name"]), "weight": f"{weight:g}", "score": _n(mean, score_digits(result)),
                         "points": _n(None if mean is None else weight * mean / smax, weighted_digits(result))})
    letter = _letter(project, vendor, lang)
    return {
        "doc": doc,
        "notice": {
            **letter,
            "body": _body(result, vendor, lang),
            "result": [{"label": label, "value": value} for label, value in rows],
            "criteria": criteria,
            # the presentation scores, where the vendor presented (with presentation_only they decided its rank)
            "presentation": [{"name": r["name"], "weight": r["weight"], "score": r["mean"], "points": r["weighted"]}
                             for r in presentation_rows(result, vendor)],
            "points": say("score.notice_points", lang, max=smax),
            "rule": published_rule(project),
        },
    }


# A letter's salutation and complimentary close as each convention writes them: American business
# letters end the salutation with a colon and close with Sincerely; British ones a comma, and close
# Yours sincerely to a person named, Yours faithfully to Dear Sir or Madam.
_SALUTATIONS = {"en-US": (":", "Sincerely,", "Sincerely,"), "en-GB": (",", "Yours sincerely,", "Yours faithfully,")}


def _letter(project, vendor: VendorResult, lang: str) -> dict:
    """The letter's frame: the addressee (the vendor's contact …様, else the vendor …御中), the sender (the client, its
    department and contact from the project file), the salutation, 拝啓 … 敬具 and 記 … 以上 in
    Japanese or the salutation and sign-off of the project's English, and where questions go."""
    client_data = project.data["project"]["client"]
    client = clean(client_data["name"])
    department = clean(client_data.get("department"))
    contact = client_data.get("contact") or {}
    vendor_data = next((v for v in Scheme(project).vendors() if v["id"] == vendor.id), {})
    their = vendor_data.get("contact") or {}
    how = reach(contact, lang)
    if department and department in clean(contact.get("title")):  # the contact's title names the department
        department = ""
    if lang == "ja":
        sender = [client] + ([department] if department else []) + ([person_named(contact, lang)] if contact.get("name") else [])
        # 御中 addresses an organisation, 様 a person: a letter to a named person uses 様 alone
        to = [clean(vendor.name), f"{person_named(their, lang)} 様"] if their.get("name") else [f"{clean(vendor.name)} 御中"]
        where = "、".join(part for part in (client, department, clean(contact.get("name")) and f"{clean(contact['name'])}宛") if part)
        inquiry = ("本通知の内容に関するお問い合わせは、通知日から7日以内に、書面（電子メールを含む）により、"
                   f"{where}" + (f"（{how}）" if how else "") + "までお願いします。")
        return {"to": to, "sender": sender,
                "salutation": "拝啓　時下ますますご清栄のこととお慶び申し上げます。平素は格別のご高配を賜り、厚く御礼申し上げます。",
                "keigu": "敬具", "signoff": [], "ki": "記", "ijo": "以上", "inquiry": inquiry}
    who = person_named(contact, lang) if contact.get("name") else ""
    sender = [client] + ([department] if department else [])
    to = ([person_named(their, lang)] if their.get("name") else []) + [clean(vendor.name)]
    inquiry = ("Questions about this notice may be sent in writing (e-mail included) within 7 days of its date to "
               + (f"{clean(contact['name'])}, {client}" if contact.get("name") else client) + (f" ({how})." if how else "."))
    mark, named_close, unnamed_close = _SALUTATIONS[project.date_style]
    salutation = f"Dear {addressed(their)}{mark}" if their.get("name") else f"Dear Sir or Madam{mark}"
    return {"to": to, "sender": sender, "salutation": salutation,
            "keigu": "", "signoff": [named_close if their.get("name") else unnamed_close, who or client] + ([client] if who else []),
            "ki": "", "ijo": "", "inquiry": inquiry}


def write_notices(result: Result, out_dir: Path, templates_dir: Path | None = None) -> list[Path]:
    project = result.project
    template = template_path("result_notice.docx", project.lang, templates_dir)
    folder = Path(out_dir) / SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for vendor in result.vendors:
        out = folder / notice_name(project.id, vendor.id)
        write_docx(template, notice_context(result, vendor), out, project=project)
        written.append(out)
    return written
