"""The RFP points only at what it contains: every reference resolves to a heading of the RFP or to
an annex it lists; the sections vendors look for are there (and can be replaced or left out); the
proposal-contents list never repeats a topic."""
from __future__ import annotations

import copy
import re

import pytest

from conftest import ROOT
from docx_reading import opens, paragraphs, shown
from rfpgen.documents import rfp_terms
from rfpgen.documents.build import render_documents
from rfpgen.validation import load_project, project_from_data
from rfpgen.words import tr

EXAMPLES = {"ja": ROOT / "examples" / "ja-ec-order-center.yaml", "en": ROOT / "examples" / "en-electronics-retail.yaml"}

# A reference is a document the reader is sent to: a form, sheet or standard, the revision history,
# the client's own staffing estimate. Channels that merely share a word ("web form") are not.
_JA_DOCUMENT = re.compile(r"[一-龥ァ-ヶー・]*(?:票|シート|様式)|「[^」]*?(?:基準|規程|マニュアル)」")
_EN_DOCUMENT = re.compile(r"\b([A-Za-z][\w-]*) (form|sheet|template)\b|\bchange request\b", re.I)
_EN_NOT_DOCUMENTS = {"web", "contact", "the", "a", "this", "your", "its"}
_STAFFING = {"ja": re.compile(r"要員試算|(?:当社|委託元)が予測を提示|(?:当社|委託元)の(?:稼働時間|要員)の?予測"),
             "en": re.compile(r"staffing estimate|(?:client's|our) (?:hours|staffing) forecast", re.I)}
_HISTORY = {"ja": "改訂履歴", "en": "revision history"}


def _rfp_text(data: dict, lang: str, tmp_path) -> list[str]:
    project = project_from_data(data, "p.yaml", lang)
    rendered = render_documents(project, tmp_path, only={"rfp"})
    return paragraphs(next(iter(rendered.values())))


def unresolved_references(texts: list[str], lang: str) -> list[str]:
    """References in the RFP's text to documents it neither contains (as a heading) nor lists as an annex."""
    body = "\n".join(texts)
    annex_start = max(i for i, t in enumerate(texts) if t.endswith(("別紙一覧", "List of annexes")))
    annexes = "\n".join(texts[annex_start:]).lower()
    headings = "\n".join(t for t in texts if re.match(r"^\d+(\.\d+)?\.? ", t) or t in ("改訂履歴", "Revision history")).lower()
    scanned = "\n".join(texts[:annex_start])
    found = []
    if lang == "ja":
        terms = [m.group(0).strip("「」") for m in _JA_DOCUMENT.finditer(scanned)]
    else:
        terms = [m.group(0) for m in _EN_DOCUMENT.finditer(scanned)
                 if not (m.group(1) and m.group(1).lower() in _EN_NOT_DOCUMENTS)]
    for term in dict.fromkeys(terms):
        if term.lower() not in annexes and term.lower() not in headings:
            found.append(term)
    if _HISTORY[lang] in body.lower() and _HISTORY[lang] not in headings:
        found.append(_HISTORY[lang])
    staffing_shown = any(t.endswith(("の要員試算", "the client's staffing estimate")) for t in texts)
    found += [m.group(0) for m in _STAFFING[lang].finditer(scanned) if not staffing_shown]
    return found


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_reference_of_the_example_rfp_resolves(lang, tmp_path):
    texts = _rfp_text(load_project(EXAMPLES[lang]).data, lang, tmp_path)
    assert unresolved_references(texts, lang) == []
    # every annex the project lists is in the list of annexes
    body = "\n".join(texts)
    unbroken = body.replace("\n", "")  # a short name in a narrow cell is broken between its words (render._break_between_parts)
    for annex in load_project(EXAMPLES[lang]).data["rfp"]["annexes"]:
        assert annex["name"] in unbroken


def test_a_reference_to_a_missing_annex_is_found(tmp_path):
    """The scan can fail: without its annexes the example points at forms it does not list."""
    data = copy.deepcopy(load_project(EXAMPLES["ja"]).data)
    data["rfp"]["annexes"] = [a for a in data["rfp"]["annexes"] if a["name"] != "変更要求票"]
    data["pricing"]["operating_cost_basis"] += "\n委託元が予測を提示した月間稼働時間を基準とする。"
    missing = unresolved_references(_rfp_text(data, "ja", tmp_path), "ja")
    assert "変更要求票" in missing and "委託元が予測を提示" in missing


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_rfp_has_the_sections_vendors_look_for(lang, tmp_path):
    texts = _rfp_text(load_project(EXAMPLES[lang]).data, lang, tmp_path)
    headings = {re.sub(r"^\d+(\.\d+)*\.? ", "", t) for t in texts if re.match(r"^\d+(\.\d+)*\.? ", t)}
    expected = {"ja": ["参加資格", "参加表明・辞退の方法", "秘密保持と閲覧資料", "提案に要する費用の負担", "失格事由", "契約形態",
                       "主な契約条件", "見積の有効期限", "プレゼンテーション要領", "選定結果の通知方法", "別紙一覧", "変更管理"],
                "en": ["Eligibility", "Intention to bid and withdrawal", "Confidentiality and the data room", "Costs of bidding",
                       "Grounds for disqualification", "Form of contract", "Key contract terms", "Validity of the offer",
                       "Presentations", "How the result is announced", "Staff transfer (TUPE)", "List of annexes", "Change control"]}[lang]
    assert [h for h in expected if h not in headings] == []
    assert not any("追加資料" in h or "Annex: approval" in h for h in headings)
    body = "\n".join(texts)
    for words in {"ja": ["再委託", "損害賠償", "個人情報", "反社会的勢力", "知的財産", "契約不適合責任", "監査",
                         "予定価格を超えた", "談合", "2027年4月9日（金）17:00（日本時間）", "準委任契約"],
                  "en": ["Subcontracting", "Liability", "Personal data", "Intellectual property", "Audit", "Exit",
                         "Fri 16 July 2027, 12:00 (UK time)", "TUPE"]}[lang]:
        assert words in body, words
    if lang == "en":  # no reference price is set, so no ground of disqualification mentions one
        assert "reference price" not in body.split("Grounds for disqualification")[-1].split("Validity of the offer")[0]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_unstated_needs_criterion_is_listed_like_its_peers(lang, tmp_path):
    """The criterion that scores what the RFP leaves unstated has the kind of every scored criterion: a kind
    of its own (加点（提案力）) singled it out; and the requirements definition's internal reason (misses may be
    charged as extra work after signing) never reaches the RFP."""
    project = load_project(EXAMPLES[lang])
    unstated = project.unstated_needs_criterion()
    rfp = next(iter(render_documents(project, tmp_path, only={"rfp"}).values()))
    body = "\n".join(paragraphs(rfp))
    rows = [[shown(c.text) for c in row.cells] for table in opens(rfp).tables for row in table.rows]
    kinds = {row[0]: row[3] for row in rows if row[0] in {c["id"] for c in project.criteria()} and len(row) == 5}
    assert kinds[unstated["id"]] == {"ja": "加点", "en": "Scored"}[lang]
    assert {kind.replace("\n", "") for kind in kinds.values()} == {tr(lang, "加点", "Scored"),
                                                                    tr(lang, "必須（合否判定）", "Mandatory (pass/fail)")}
    assert "提案力）" not in body and "proposal insight" not in body
    assert not re.search("契約後の追加費用|charged as extra work", body)
    internal = "\n".join(paragraphs(next(iter(render_documents(project, tmp_path, only={"requirements"}).values()))))
    assert re.search("契約後の追加費用となりうる|may be charged as extra work after signing", internal)  # the check can fail


@pytest.mark.parametrize("currency, expected", [("GBP", "governed by the law of England and Wales"),
                                                ("JPY", "a place of business in Japan"),
                                                ("USD", "able to enter into the contract in its own name")])
def test_eligibility_names_the_clients_jurisdiction_as_far_as_the_project_tells(currency, expected):
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["pricing"]["currency"] = currency
    project = project_from_data(data, "p.yaml", "en")
    eligibility = next(bullets for key, _, _, bullets in rfp_terms.terms(project) if key == "eligibility")
    assert any(expected in b for b in eligibility), eligibility
    assert not any("client's country" in b for b in eligibility)


def test_a_project_replaces_or_leaves_out_each_condition(tmp_path):
    data = copy.deepcopy(load_project(EXAMPLES["ja"]).data)
    data["rfp"]["terms"] = {"eligibility": "全省庁統一資格の「役務の提供等」でA〜C等級に格付けされていること。"}
    data["rfp"]["leave_out"] = ["presentation", "contract_terms"]
    data["rfp"]["contract_type"] = "contract_for_work"
    body = "\n".join(_rfp_text(data, "ja", tmp_path))
    assert "全省庁統一資格" in body and "日本国内に本店" not in body
    assert "プレゼンテーション要領" not in body and "主な契約条件" not in body
    assert "請負契約" in body


def test_leaving_out_the_grounds_for_disqualification_is_warned_about():
    """The selection disqualifies whatever the RFP says (late, incomplete, the screening, price rules):
    a project leaving the grounds out of the RFP is told, at the field it ticked."""
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["rfp"]["leave_out"] = ["presentation", "disqualification"]
    warned = [p for p in project_from_data(data, "p.yaml", "en").warnings if p.path == "rfp.leave_out[1]"]
    assert len(warned) == 1 and "grounds for disqualification" in warned[0].message
    data["rfp"]["leave_out"] = ["presentation"]
    assert not [p for p in project_from_data(data, "p.yaml", "en").warnings if p.path.startswith("rfp.leave_out")]


def test_staff_transfer_only_when_an_in_house_team_is_outsourced(tmp_path):
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["scope"]["staff_transfer"] = False
    texts = _rfp_text(data, "en", tmp_path)
    assert not any(t.endswith("Staff transfer (TUPE)") for t in texts)


def test_proposal_contents_merge_by_meaning_and_the_projects_wording_wins():
    for lang, path in EXAMPLES.items():
        project = load_project(path)
        items = rfp_terms.proposal_contents(project)
        topics = [rfp_terms.topic_of(item) for item in items]
        for topic in rfp_terms.STANDARD_PROPOSAL_CONTENTS:
            assert topic in topics, (lang, topic)
        # each standard topic the project covers is printed in the project's words only
        own = project.data["rfp"]["proposal_contents"]
        for topic, (ja, en) in rfp_terms.STANDARD_PROPOSAL_CONTENTS.items():
            if any(rfp_terms.topic_of(o) == topic for o in own):
                assert (ja if lang == "ja" else en) not in items
        assert all(o.strip() in items for o in own)
        assert len(items) == len(set(items))
    # the four near-duplicate pairs the ja example used to print, each once
    items = rfp_terms.proposal_contents(load_project(EXAMPLES["ja"]))
    assert sum("会社概要" in i for i in items) == 1 and sum("要員計画" in i for i in items) == 1
    assert sum(("価格提案" in i) or ("提案回答書" in i) for i in items) == 1


def test_files_written_beside_the_rfp_are_listed_as_annexes_by_what_they_are(monkeypatch):
    project = load_project(EXAMPLES["ja"])
    monkeypatch.setattr(rfp_terms, "_writes", lambda module: module == "rfpgen.responses")
    rows = rfp_terms.annex_rows(project)
    # what the annex is, then its file name as a reference (the file name alone once stood as its description)
    assert rows[0][:3] == ["別紙1", "提案回答書（Excel）", f"要件対応表、要員計画、価格を記入する様式。\nファイル名：{project.id}-response-form.xlsx"]
    monkeypatch.setattr(rfp_terms, "_writes", lambda module: False)
    assert all("response-form" not in row[2] for row in rfp_terms.annex_rows(project))


def test_the_rfp_revision_history_and_cover_carry_the_issue_date(tmp_path):
    texts = _rfp_text(load_project(EXAMPLES["ja"]).data, "ja", tmp_path)
    first = texts.index("改訂履歴")
    assert texts[first:first + 9][5:9] == ["1.0", "2027年3月1日", "株式会社みどり通販", "初版"]
    assert texts[texts.index("作成日") + 1] == "2027年3月1日"


def test_a_cover_dates_a_later_edition_as_revised(tmp_path):
    """A Japanese cover labels the date 作成日 on a document's first edition and 改訂日 on an edition it
    reached later (the requirements definition and guide recording answers, the RFP re-issued by an addendum)."""
    from rfpgen.documents.parts import doc_info

    project = load_project(EXAMPLES["ja"])
    labels = {d: (info["version"], info["date_label"]) for d in ("requirements", "guide", "rfp", "qa") for info in [doc_info(project, d)]}
    assert labels == {"requirements": ("1.0-Q1", "改訂日"), "guide": ("1.0-Q1", "改訂日"), "rfp": ("1.0", "作成日"), "qa": ("1.0", "作成日")}
    data = load_project(EXAMPLES["ja"]).data
    data["rfp"]["revisions"] = [{"version": "1.1", "date": "2027-03-25", "summary": "提出期限の延長"}]
    assert doc_info(project_from_data(data), "rfp")["date_label"] == "改訂日"
    assert doc_info(load_project(EXAMPLES["en"]), "requirements")["date_label"] == "Date"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_price_form_says_which_pricing_models_a_proposal_may_choose(lang, tmp_path):
    """The rate table lists every model's rates; without a sentence a vendor cannot tell the client's
    preferred model from the alternatives, or whether it prices one or all of them."""
    data = load_project(EXAMPLES[lang]).data
    texts = _rfp_text(data, lang, tmp_path)
    said = [t for t in texts if ("基本とし" in t and "いずれか" in t) or ("normally given as" in t and "may instead" in t)]
    assert len(said) == 1
    single = copy.deepcopy(data)
    single["pricing"]["response_form"]["alternative_models"] = []
    texts = _rfp_text(single, lang, tmp_path / "single")
    assert any(t.startswith(("価格は", "Prices shall be given as")) for t in texts)
    assert not any("いずれかで提示することもできる" in t or "may instead" in t for t in texts)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_deadline_a_vendor_meets_has_a_time(lang, tmp_path):
    """The question deadline and the proposal deadline carry a time and zone wherever they are printed
    (schedule table, submission and question rules): a date alone leaves a vendor guessing."""
    texts = _rfp_text(load_project(EXAMPLES[lang]).data, lang, tmp_path)
    for label in (("質問・参加表明期限", "提案書提出期限") if lang == "ja"
                  else ("Deadline for questions and intention to bid", "Proposal deadline")):
        dates = [texts[i + 1] for i, t in enumerate(texts[:-1]) if t.lower() == label.lower()]  # a table's label cell, then its value
        assert dates, label
        assert all(re.search(r"\d{1,2}:\d{2}", t) for t in dates), dates


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_schedule_dates_the_intention_to_bid_where_the_rfp_asks_for_one(lang, tmp_path):
    """The participation section asks bidders to say they will bid by the question deadline: the schedule
    names that deadline for both, and only for questions when the section is left out."""
    data = load_project(EXAMPLES[lang]).data
    texts = _rfp_text(data, lang, tmp_path / "stated")
    both, alone = ("質問・参加表明期限", "質問期限") if lang == "ja" else ("Deadline for questions and intention to bid", "Question deadline")
    assert both in texts  # (the questions section's own table says 質問期限: it is about questions only)
    data = copy.deepcopy(data)
    data["rfp"]["leave_out"] = [*data["rfp"].get("leave_out", []), "participation"]
    texts = _rfp_text(data, lang, tmp_path / "left_out")
    assert both not in texts and alone in texts


def test_presentations_section_only_when_the_selection_holds_presentations():
    """Without a presentation stage or date, the RFP does not describe presentations nobody is invited to;
    the project's own wording still prints (it may describe a presentation scored as a criterion)."""
    data = copy.deepcopy(load_project(EXAMPLES["ja"]).data)
    keys = lambda d: [key for key, *_ in rfp_terms.terms(project_from_data(d, "p.yaml", "ja"))]  # noqa: E731
    assert "presentation" in keys(data)
    del data["evaluation"]["rules"]["presentation"]
    assert "presentation" in keys(data)  # the schedule still names a presentations day
    del data["project"]["schedule"]["presentations"]
    assert "presentation" not in keys(data)
    data.setdefault("rfp", {}).setdefault("terms", {})["presentation"] = "提案書の説明を30分で行うこと。"
    assert "presentation" in keys(data)


def test_the_data_room_is_pointed_at_only_when_the_annexes_list_one():
    for lang, path in EXAMPLES.items():
        data = copy.deepcopy(load_project(path).data)
        nda = lambda d, lang=lang: " ".join(next(p for key, _, p, _ in rfp_terms.terms(project_from_data(d, "p.yaml", lang)) if key == "nda"))  # noqa: E731
        pointer = "別紙一覧" if lang == "ja" else "list of annexes"
        assert any(a.get("provided") == "after_nda" for a in data["rfp"]["annexes"]) and pointer in nda(data)
        data["rfp"]["annexes"] = [a for a in data["rfp"]["annexes"] if a.get("provided") != "after_nda"]
        assert pointer not in nda(data) and "がある場合" not in nda(data)


def test_each_document_has_its_own_number_and_the_answers_name_the_rfp_edition(tmp_path):
    """Two documents of one selection never share a document number; the answers that come with an
    addendum carry the edition the bidders now hold, as the RFP's cover does."""
    from rfpgen.documents.build import document_contexts
    project = load_project(EXAMPLES["en"])
    docs = {key: context["doc"] for key, context in document_contexts(project).items()}
    numbers = [d["document_id"] for d in docs.values()]
    assert len(set(numbers)) == len(numbers) and all(n.startswith(project.id + "-") for n in numbers)
    assert docs["rfp"]["version"] == docs["qa"]["version"] == project.rfp_edition()[0] != project.data["project"]["version"]
    rendered = render_documents(project, tmp_path, only=["qa"])
    cover = " ".join(paragraphs(next(iter(rendered.values()))))
    assert docs["qa"]["document_id"] in cover


@pytest.mark.parametrize("reference, above, low", [
    (None, None, None), (500_000_000, None, None), (500_000_000, "disqualify", None), (500_000_000, "zero", None),
    (500_000_000, None, "disqualify"), (500_000_000, "disqualify", "review")])
def test_a_price_ground_of_disqualification_is_printed_exactly_when_the_tally_applies_it(reference, above, low):
    """jp_division without a reference price announced "the price exceeds the reference price" as a
    ground of disqualification that `score` never applied; the RFP's list and the tally now ask one rule."""
    from rfpgen.scoring.ranking import ABOVE_REFERENCE, LOW_BID, price_rules
    from rfpgen.scoring.rules import Rules
    data = copy.deepcopy(load_project(EXAMPLES["ja"]).data)
    price, rules = data["evaluation"]["price"], data["evaluation"]["rules"]
    price.update(formula="jp_division", base_points=100)
    price.pop("reference_price")
    rules.pop("above_reference")
    rules.pop("low_bid")
    rules.pop("rounding")
    rules["presentation"]["combine"] = "presentation_only"
    if reference:
        price["reference_price"] = reference
    if above:
        rules["above_reference"] = above
    if low:
        rules["low_bid"] = {"share": 0.6, "action": low}
    project = project_from_data(data, "p.yaml", "ja").redacted()  # the RFP's view: no amount of the reference price
    grounds = " ".join(next(b for key, _, _, b in rfp_terms.terms(project) if key == "disqualification"))
    applied = set(price_rules(Rules.of(data["evaluation"]), 2 * reference, reference)
                  + price_rules(Rules.of(data["evaluation"]), 0.1 * reference, reference)) if reference else set()
    assert ("予定価格を超えた" in grounds) == (ABOVE_REFERENCE in applied)
    assert ("予定価格の60%を下回った" in grounds) == (LOW_BID in applied)


def _terms(data: dict, lang: str) -> dict[str, str]:
    """key -> the condition's text as the RFP prints it (from the vendors' view, as the RFP is built)."""
    project = rfp_terms.vendor_view(project_from_data(data, "p.yaml", lang))
    return {key: "\n".join(paragraphs + bullets) for key, _, paragraphs, bullets in rfp_terms.terms(project)}


def test_a_standard_clause_on_a_withheld_requirements_subject_stays_out_of_the_rfp_with_a_warning():
    """The standard "Exit: … helps hand the work over to … a successor" gave away a withheld orderly-exit
    requirement; while such a requirement is withheld its neutral form (return and deletion of the data) stands
    in for it, with nothing to warn about; a clause without a neutral form (audit) is left out, and validation
    says why."""
    from rfpgen.validation import validate
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["questions"] = [q for q in data["questions"] if not q.get("discloses")]   # PRC-003 (orderly exit) withheld
    data["approval"]["requirements"].append({"id": "APR-009", "text": "The vendor shall accept an audit of its "
                                             "recruitment records twice a year.", "priority": "should", "withhold": True,
                                             "look_for": "Offers audit access to recruitment records."})
    terms = _terms(data, "en")
    assert "Exit:" not in terms["contract_terms"] and "successor" not in terms["contract_terms"]
    assert "Return of data: when the work ends, the contractor returns or deletes the client's data" in terms["contract_terms"]
    assert "Audit:" not in terms["contract_terms"] and "Subcontracting:" in terms["contract_terms"]
    _, problems = validate(data, "en", "p.yaml")
    warned = {(p.path, p.message.split("speaks about ")[1].split(",")[0]) for p in problems if "standard 'Key contract terms'" in p.message}
    assert warned == {("approval.requirements[1]", "audit")}
    # a warm transfer's "hand-over" (OPS-006, withheld) is not an exit; disclosed, the requirement brings the clause back
    data["pricing"]["requirements"][2]["withhold"] = False
    data["approval"]["requirements"].pop()
    assert "Exit:" in _terms(data, "en")["contract_terms"]
    assert not [p for p in validate(data, "en", "p.yaml")[1] if "standard" in p.message]


def test_a_standard_clause_restating_a_withheld_requirement_in_other_words_is_left_out_too(tmp_path):
    """Not only a clause on a listed subject: one that repeats a run of a withheld statement, or uses most of
    its key terms, as validation finds any text the vendors read does, stays out of the RFP with a warning at
    the requirement (here a withheld requirement on processing personal data only on instructions)."""
    from rfpgen.validation import validate
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["systems"]["requirements"].append({
        "id": "SYS-009", "text": "The contractor processes personal data only on the client's instructions and keeps "
        "a record of every processing activity.", "priority": "must", "withhold": True,
        "look_for": "A record of processing activities kept up to date."})
    terms = _terms(data, "en")
    assert "Personal data:" not in terms["contract_terms"] and "Liability:" in terms["contract_terms"]
    text = "\n".join(paragraphs(next(iter(render_documents(project_from_data(data, "p.yaml", "en"), tmp_path, only={"rfp"}).values()))))
    assert "processes personal data only on the client's instructions" not in text
    _, problems = validate(data, "en", "p.yaml")
    warned = [p.message for p in problems if p.path == "systems.requirements[4]" and "standard 'Key contract terms'" in p.message]
    assert warned and "repeats" in warned[0], [p.message for p in problems]
    data["systems"]["requirements"][-1]["withhold"] = False  # stated in the RFP: the clause comes back
    assert "Personal data:" in _terms(data, "en")["contract_terms"]


def test_the_japanese_example_needs_no_wording_of_its_own_to_keep_its_exit_requirement_out():
    """PRC-005 (transition at the contract's end) is withheld: the standard key terms print the neutral return
    and deletion of data instead of the hand-over clause, with no warning, so the example words nothing itself."""
    project = load_project(EXAMPLES["ja"])
    assert "contract_terms" not in (project.section("rfp").get("terms") or {})
    assert not project.warnings
    terms = {key: "\n".join(p + b) for key, _, p, b in rfp_terms.terms(rfp_terms.vendor_view(project))}
    assert "データの返却・消去" in terms["contract_terms"]
    assert not re.search("後継|引継ぎ|契約終了", terms["contract_terms"])


def test_a_standard_section_on_a_withheld_subject_is_left_out_unless_the_project_words_it():
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["people"]["requirements"][3]["text"] += " Staff transfer under TUPE shall be planned with the union."
    assert data["people"]["requirements"][3]["withhold"]
    assert "staff_transfer" not in _terms(data, "en")
    data["rfp"].setdefault("terms", {})["staff_transfer"] = "Staff transfer is discussed with the selected vendor."
    assert _terms(data, "en")["staff_transfer"] == "Staff transfer is discussed with the selected vendor."


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_conditions_assert_only_what_the_project_says(lang):
    """Eligibility names the certifications the project requires (not ISO/IEC 27001 for a Cyber Essentials
    Plus client), the presentations section invents no length or attendees, and the data room is
    mentioned only when the annexes list material shown after the NDA."""
    data = copy.deepcopy(load_project(EXAMPLES[lang]).data)
    data["rfp"].pop("terms", None)
    data["systems"]["certifications"] = ["Cyber Essentials Plus"]
    data["rfp"]["annexes"] = [a for a in data["rfp"]["annexes"] if a.get("provided") != "after_nda"]
    terms = _terms(data, lang)
    assert "Cyber Essentials Plus" in terms["eligibility"] and "27001" not in terms["eligibility"]
    assert "ISMS" not in terms["eligibility"] and "プライバシーマーク" not in terms["eligibility"]
    assert not re.search(r"\d+ ?(分|minutes)|統括責任者|account director", terms["presentation"])
    assert not re.search(r"通話録音|call recordings|閲覧資料|data room", terms["nda"])
    data["systems"]["certifications"] = []
    assert not re.search(r"認証|certif|Holds", _terms(data, lang)["eligibility"])


def test_an_award_criterion_without_a_description_is_a_warning_at_its_field():
    """The council's RFP printed 'What is assessed: To be decided' for five of six criteria with no warning."""
    from rfpgen.documents.gaps import undescribed_criteria
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    del data["evaluation"]["criteria"][3]["description"]
    data["evaluation"]["rules"]["presentation"]["criteria"][0]["description"] = "  "
    warned = undescribed_criteria(project_from_data(data, "p.yaml", "en"), "en")
    assert [p.path for p in warned] == ["evaluation.criteria[3].description",
                                        "evaluation.rules.presentation.criteria[0].description"]
    assert all(p.severity == "warning" and "To be decided" in p.message for p in warned)


def test_the_rfp_leaves_out_schemes_the_client_does_not_have_and_the_internal_document_keeps_the_gap(tmp_path):
    """No incentive, earn-back or other operational requirement: vendors read no "To be decided" for a
    scheme that does not exist; the requirements definition still shows the PM the open field."""
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["pricing"].pop("incentives")
    data["pricing"]["sla_credits"].pop("earn_back")
    data["operations"].pop("other", None)
    body = "\n".join(_rfp_text(data, "en", tmp_path / "rfp"))
    assert "Incentives" not in body and "Earn-back" not in body and "Other operational requirements" not in body
    project = project_from_data(data, "p.yaml", "en")
    rendered = render_documents(project, tmp_path / "req", only={"requirements"})
    internal = "\n".join(paragraphs(next(iter(rendered.values()))))
    assert re.search(r"Incentives\nTo be decided", internal) and "Earn-back" in internal


def test_validate_names_each_rfp_section_left_to_be_decided_in_a_written_part():
    """A field forgotten in a part the client wrote (the council's chat languages, team leader skills,
    CSAT method) is a warning at that part naming the RFP section; a part not written yet is not."""
    from rfpgen.documents.gaps import rfp_placeholders
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    data["operations"].pop("csat_measurement")
    data["people"] = {"requirements": data["people"]["requirements"]}
    warned = rfp_placeholders(project_from_data(data, "p.yaml", "en"), "en")
    assert [(p.path, p.severity) for p in warned] == [("operations", "warning")]
    assert re.fullmatch(r"the RFP prints 'To be decided' in \d+\.\d+ How customer satisfaction is measured \(1 place\): "
                        r"fill it in before the RFP is issued", warned[0].message)
    assert rfp_placeholders(load_project(EXAMPLES["ja"]), "ja") == []


def test_rfpgen_validate_warns_about_undescribed_criteria_and_with_gaps_about_each_section(cli, tmp_path):
    from rfpgen.yamlio import dump
    data = copy.deepcopy(load_project(EXAMPLES["en"]).data)
    del data["evaluation"]["criteria"][3]["description"]
    data["operations"].pop("csat_measurement")
    path = tmp_path / "p.yaml"
    path.write_text(dump(data), encoding="utf-8")
    plain, gaps = cli("validate", str(path)), cli("validate", "--gaps", str(path))
    assert plain.exit_code == gaps.exit_code == 0
    assert "evaluation.criteria[3].description: warning: criterion" in plain.stdout and "How customer satisfaction" not in plain.stdout
    assert "operations: warning: the RFP prints 'To be decided' in" in gaps.stdout and "How customer satisfaction is measured" in gaps.stdout
