"""The question period and change control: Q&A register, clarifications document, 新旧対照表 and addendum (issue 17)."""
from __future__ import annotations

import copy
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from docx_reading import full_text, leftover_tags, opens, shown, strict_parse_all, xml_parts
from rfpgen.clarifications import answer_day
from rfpgen.versions import compare_projects
from rfpgen.documents.build import build_documents, output_path
from rfpgen.documents.clarifications import section_parts
from rfpgen.documents.comparison import render_comparisons
from rfpgen.documents.parts import confidentiality_mark, doc_info
from rfpgen.errors import ProjectInvalid, RfpgenError
from rfpgen.text import day
from rfpgen.validation import load_project, project_from_data, validate_file
from rfpgen.yamlio import dump, read

ROOT = Path(__file__).resolve().parent.parent
JA = ROOT / "examples" / "ja-ec-order-center.yaml"
EN = ROOT / "examples" / "en-electronics-retail.yaml"


def _data(example: Path) -> dict:
    doc, _ = read(example)
    return copy.deepcopy(doc.data)


def _problems(data: dict, tmp_path: Path, lang: str = "en"):
    path = tmp_path / "project.yaml"
    path.write_text(dump(data), encoding="utf-8")
    project, problems = validate_file(path, lang)
    return project, problems


def _question(**fields) -> dict:
    question = {"number": 9, "received": "2027-03-10", "vendor": "V-TB", "rfp_section": "7.3",
                "question": "報告の様式は指定されていますか。", "answer": "指定の様式はありません。",
                "answered": "2027-03-18", "published": True}
    question.update(fields)
    return question


# ------------------------------------------------------------------ the register

@pytest.mark.parametrize("example", [JA, EN], ids=["ja", "en"])
def test_the_examples_keep_a_register_without_problems(example):
    project, problems = validate_file(example)
    assert project is not None and problems == []
    assert len(project.data["questions"]) >= 3


def test_references_and_deadlines_are_checked_at_their_field(tmp_path):
    data = _data(JA)
    data["questions"] += [
        _question(number=1, vendor="V-NOBODY", requirements=["OPS-404"]),
        _question(number=10, received="2027-03-15", answered="2027-03-25"),
        _question(number=11, answer="", published=True),
        _question(number=12, discloses=["OPS-001"]),
    ]
    _, problems = _problems(data, tmp_path)
    found = {(p.path, p.severity): p.message for p in problems}
    base = len(data["questions"]) - 4
    assert "already used" in found[(f"questions[{base}].number", "error")]
    assert "'V-NOBODY' is not a bidder ID" in found[(f"questions[{base}].vendor", "error")]
    assert "'OPS-404' is not the ID of a requirement" in found[(f"questions[{base}].requirements[0]", "warning")]
    assert "after the question deadline (2027-03-12)" in found[(f"questions[{base + 1}].received", "warning")]
    assert "after the answer date (2027-03-19)" in found[(f"questions[{base + 1}].answered", "warning")]
    assert "published without an answer" in found[(f"questions[{base + 2}].published", "error")]
    assert "OPS-001 is in the RFP already" in found[(f"questions[{base + 3}].discloses[0]", "error")]
    assert all(p.line for p in problems)  # every problem points at a line of the file


def test_an_answer_quoting_a_withheld_requirement_is_refused_naming_the_question(tmp_path):
    data = _data(JA)
    withheld = next(r for r in data["systems"]["requirements"] if r["id"] == "SYS-005")
    data["questions"].append(_question(number=9, answer="はい。" + withheld["text"]))
    _, problems = _problems(data, tmp_path, "ja")
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 1
    error = errors[0]
    assert error.path == f"questions[{len(data['questions']) - 1}].answer"
    assert "質問 No.9" in error.message and "SYS-005" in error.message
    with pytest.raises(ProjectInvalid):
        project_from_data(data)


def test_a_close_paraphrase_of_a_withheld_requirement_is_refused_too(tmp_path):
    data = _data(JA)
    # SYS-006 reworded: a few particles and punctuation changed, the content the same
    data["questions"].append(_question(number=9, answer=(
        "主拠点が被災した場合に備え、別地域の拠点や在宅での分散運営に切り替える手順を定め、"
        "年1回当社立会いのもとで切替訓練を実施し結果を報告してください。")))
    _, problems = _problems(data, tmp_path)
    assert [(p.path.endswith(".answer"), "closely paraphrases requirement SYS-006" in p.message)
            for p in problems if p.severity == "error"] == [(True, True)]


def test_an_unpublished_draft_answer_only_warns(tmp_path):
    data = _data(JA)
    withheld = next(r for r in data["systems"]["requirements"] if r["id"] == "SYS-005")
    data["questions"].append(_question(number=9, answer=withheld["text"], published=False))
    project, problems = _problems(data, tmp_path)
    assert project is not None
    assert any(p.severity == "warning" and "cannot be published" in p.message for p in problems)


def test_a_deliberately_disclosed_requirement_joins_the_disclosed_set(tmp_path):
    data = _data(JA)
    withheld = next(r for r in data["systems"]["requirements"] if r["id"] == "SYS-005")
    data["questions"].append(_question(number=9, answer=withheld["text"], discloses=["SYS-005"], requirements=["SYS-005"]))
    project, problems = _problems(data, tmp_path)
    assert project is not None and not [p for p in problems if p.severity == "error"]
    assert "SYS-005" not in {r.id for r in project.withheld()}
    written = build_documents(project, tmp_path / "out", only={"rfp", "qa"})
    assert sorted(p.name.split("-2027-")[1] for p in written) == ["clarifications.docx", "response-form.xlsx", "rfp.docx"]
    # nothing refused: the RFP, its response form and the answers may now state it
    rfp = full_text(output_path(project, tmp_path / "out", "rfp").read_bytes())
    assert withheld["text"][:30] in rfp


@pytest.mark.parametrize("field", ["question", "answer", "rfp_section"])
def test_a_published_question_naming_a_vendor_is_refused(tmp_path, field):
    data = _data(JA)
    data["questions"].append(_question(number=9, **{field: "ひかりコンタクトサービスとして確認します。"}))
    _, problems = _problems(data, tmp_path)
    errors = [p for p in problems if p.severity == "error"]
    assert [e.path for e in errors] == [f"questions[{len(data['questions']) - 1}].{field}"]
    assert "No. 9" in errors[0].message and "V-HC" in errors[0].message


# ------------------------------------------------------------------ the clarifications document

@pytest.fixture(scope="module")
def clarifications(tmp_path_factory):
    out = {}
    for example in (JA, EN):
        project = load_project(example)
        folder = tmp_path_factory.mktemp(example.stem)
        build_documents(project, folder, only={"qa", "guide"})
        out[example.stem] = (project, output_path(project, folder, "qa").read_bytes(),
                             output_path(project, folder, "guide").read_bytes())
    return out


def _folded(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


@pytest.mark.parametrize("example", [JA.stem, EN.stem])
def test_the_clarifications_document_is_anonymous_numbered_and_complete(clarifications, example):
    project, data, _ = clarifications[example]
    strict_parse_all(data)
    opens(data)
    assert leftover_tags(data) == []
    everything = _folded("\n".join(xml_parts(data).values()))  # body, headers, properties: every part
    for vendor in project.data["evaluation"]["vendors"]:
        contact = vendor.get("contact") or {}
        for word in (vendor["name"], vendor["id"], contact.get("name"), contact.get("email")):
            if word:
                assert _folded(word) not in everything, word
    text = full_text(data)
    for q in project.data["questions"]:
        if q.get("published"):
            # the section's number in its column, its title leading the question (clarifications.section_parts)
            number, title = section_parts(q["rfp_section"], project.lang)
            assert q["answer"].split("\n")[0] in text and number in text and title in text
        for when in (q["received"], day(q["received"], project.date_style, weekday=False)):
            assert when not in text  # nothing about when (or so who) asked
    rows = [row for row in opens(data).tables[-1].rows if row.cells[0].text != "以上"]  # not the closing row
    assert [row.cells[0].text for row in rows[1:]] == [str(q["number"]) for q in project.data["questions"] if q.get("published")]
    assert confidentiality_mark(project, "qa") in text  # the project's label, or 取扱注意 where it is internal-only


def test_unpublished_questions_stay_out_of_the_clarifications(tmp_path):
    data = _data(EN)
    data["questions"].append({"number": 7, "received": "2027-06-11", "vendor": "V-PENN",
                              "question": "Could the pilot start a week later than planned?"})
    project = project_from_data(data)
    build_documents(project, tmp_path, only={"qa"})
    assert "pilot start a week later" not in full_text(output_path(project, tmp_path, "qa").read_bytes())


def test_no_clarifications_document_before_an_answer_is_published(tmp_path):
    data = _data(EN)
    for q in data["questions"]:
        q["published"] = False
    written = build_documents(project_from_data(data), tmp_path, only={"qa", "rfp"})
    assert sorted(p.name for p in written) == ["halden-order-desk-2028-response-form.xlsx", "halden-order-desk-2028-rfp.docx"]


def test_the_evaluator_guide_shows_who_raised_an_unstated_need(clarifications):
    project, _, guide = clarifications[JA.stem]
    text = full_text(guide)
    assert "RFPに記載しない要件に触れた質問" in text
    # question 2 (V-TB) touched the withheld card-payment requirement SYS-005
    table = next(t for t in opens(guide).tables if t.rows[0].cells[0].text == "No.")
    rows = [[shown(c.text) for c in row.cells] for row in table.rows[1:]]
    assert ["2", "2027年3月8日", "株式会社テレコムブリッジ", "SYS-005"] == rows[0][:4]
    assert {row[3] for row in rows} == {"SYS-005", "WRK-007"}  # OPS-002 is stated in the RFP: not evidence


def test_under_blind_evaluation_no_quality_panel_document_says_who_asked(tmp_path):
    """The quality panel sees the vendors as Vendor A, B, C: the guide's evidence table and the
    requirements definition's register leave the asker out, by name and by alias (a question often says
    who asked it, and its alias would then unmask the vendor's sheets)."""
    project = load_project(EN)
    assert project.data["evaluation"]["rules"]["blind"]
    build_documents(project, tmp_path, only={"guide", "requirements"})
    for key, title in (("guide", "Questions that touched a requirement left out of the RFP"), ("requirements", "Question and answer register")):
        document = opens(output_path(project, tmp_path, key).read_bytes())
        table = next(t for t in document.tables if t.rows[0].cells[0].text == "No." and len(t.rows) > 1
                     and any(q["question"].split()[0] in t.rows[1].cells[-2].text + t.rows[1].cells[-3].text
                             for q in project.data["questions"]))
        cells = "\n".join(shown(c.text) for row in table.rows for c in row.cells)
        assert "Bidder" not in cells, title
        for vendor in project.data["evaluation"]["vendors"]:
            assert vendor["name"].split()[0] not in cells and vendor["id"] not in cells, (title, vendor["name"])


# ------------------------------------------------------------------ change control

def _revised(example: Path) -> tuple[dict, dict]:
    """A changed, an added, a deleted and a moved requirement, a changed KPI row and a changed withheld one."""
    old = _data(example)
    new = copy.deepcopy(old)
    new["project"]["version"] = "1.1"
    ops = new["operations"]["requirements"]
    ops[0]["text"] = ops[0]["text"].replace("80", "85")  # OPS-001 changed
    deleted = ops.pop(2)  # OPS-003 deleted
    assert deleted["id"] == "OPS-003"
    new["people"]["requirements"].append(ops.pop(1))  # OPS-002 moved to part 3
    ops.append({"id": "OPS-099", "text": "The chat desk shall stay open until 20:00 on weekdays.", "priority": "should"})
    withheld = next(r for r in new["systems"]["requirements"] if r.get("withhold"))
    withheld["text"] += " Added detail of a withheld need."
    new["operations"]["kpis"]["abandonment_pct"] -= 1
    return old, new


@pytest.mark.parametrize("example", [JA, EN], ids=["ja", "en"])
def test_every_kind_of_change_is_found_by_id(example):
    old, new = _revised(example)
    internal = compare_projects(old, new, "requirements")
    kinds = {(c.new or c.old).requirement: c.kind for c in internal.changes if (c.new or c.old).requirement}
    withheld_id = next(r["id"] for r in new["systems"]["requirements"] if r.get("withhold"))
    assert kinds == {"OPS-001": "changed", "OPS-002": "moved", "OPS-003": "deleted", "OPS-099": "added", withheld_id: "changed"}
    addendum = compare_projects(old, new, "rfp")
    kinds = {(c.new or c.old).requirement: c.kind for c in addendum.changes if (c.new or c.old).requirement}
    assert kinds == {"OPS-001": "changed", "OPS-002": "moved", "OPS-003": "deleted", "OPS-099": "added"}
    rows = [c for c in addendum.changes if not (c.new or c.old).requirement]
    assert [(c.kind, c.new.label) for c in rows] == [("changed", "放棄率" if example == JA else "Abandonment rate")]  # a KPI table row
    assert compare_projects(old, copy.deepcopy(old)).changes == []


def test_the_comparison_documents_read_as_a_procurement_officer_expects(tmp_path):
    old, new = _revised(JA)
    documents = render_comparisons(project_from_data(old), project_from_data(new))
    internal, addendum = documents["requirements"][1], documents["rfp"][1]
    for data in (internal, addendum):
        strict_parse_all(data)
        assert leftover_tags(data) == []
    table = opens(internal).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["箇所", "新", "旧", "備考"]  # 新 left, 旧 right
    rows = {shown(row.cells[0].text).split("\n")[1]: [shown(c.text) for c in row.cells] for row in table.rows[1:] if "\n" in row.cells[0].text}
    assert rows["OPS-003"][1] == "（削る）" and rows["OPS-003"][3] == "削除"
    assert rows["OPS-099"][2] == "（新設）" and rows["OPS-099"][3] == "追加"
    assert rows["OPS-002"][3] == "移動" and re.fullmatch(r"\d+\. 人材マネジメント\nOPS-002\n（旧 \d+\. 運営管理方法）", rows["OPS-002"][0])
    assert rows["OPS-001"][3] == "変更" and "85%" in rows["OPS-001"][1] and "80%" in rows["OPS-001"][2]
    assert rows["SYS-005"][3] == "変更"  # the withheld change: internal table only
    # the changed words, and only they, are underlined on both sides
    row = next(r for r in table.rows if shown(r.cells[0].text).endswith("OPS-001"))
    underlined = ["".join(run.text for run in cell.paragraphs[0].runs if run.underline) for cell in row.cells[1:3]]
    assert underlined == ["85", "80"]  # 80 → 85: the figure that differs, nothing else
    text = full_text(addendum)
    withheld = next(r for r in new["systems"]["requirements"] if r["id"] == "SYS-005")
    assert "SYS-005" not in text and withheld["text"][:20] not in text and "Added detail" not in text
    assert "OPS-" not in text  # vendors see the RFP's own numbers, never the internal ids
    assert {"削除", "追加", "移動", "変更"} <= set(re.findall(r"削除|追加|移動|変更", text))
    assert "改訂履歴" not in text  # the summary is internal


def test_the_addendum_adds_a_disclosed_requirement_without_naming_the_question(tmp_path):
    old = _data(JA)
    new = copy.deepcopy(old)
    new["questions"][1]["discloses"] = ["SYS-005"]
    comparison = compare_projects(old, new, "rfp")
    assert [(c.kind, c.new.requirement) for c in comparison.changes if c.new and c.new.requirement] == [("added", "SYS-005")]
    documents = render_comparisons(project_from_data(old), project_from_data(new))
    text = full_text(documents["rfp"][1])
    assert "追加" in text and "質問" not in text and "回答" not in text


def test_comparing_different_projects_or_languages_is_refused():
    with pytest.raises(RfpgenError, match="different languages"):
        compare_projects(_data(JA), _data(EN))
    other = _data(JA)
    other["project"]["id"] = "another-project"
    with pytest.raises(RfpgenError, match="different projects"):
        render_comparisons(project_from_data(_data(JA)), project_from_data(other))


def test_rfpgen_diff_prints_the_summary_and_writes_the_documents(cli, tmp_path):
    old, new = _revised(EN)
    (tmp_path / "old.yaml").write_text(dump(old), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(dump(new), encoding="utf-8")
    result = cli("diff", tmp_path / "old.yaml", tmp_path / "new.yaml", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert re.search(r"^Moved OPS-002 from \d+\. Operations management to \d+\. People management$", result.output, re.M)
    assert re.search(r"^Deleted OPS-003 \(\d+\. Operations management\)$", result.output, re.M)
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["halden-order-desk-2028-change-summary.txt", "halden-order-desk-2028-requirements-changes.docx",
                     "halden-order-desk-2028-rfp-addendum.docx"]
    summary = (tmp_path / "out" / names[0]).read_text(encoding="utf-8").splitlines()
    assert len(summary) == 6 and all(summary)


@pytest.mark.slow
def test_the_documents_convert_to_pdf_with_new_left_of_old(tmp_path):
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) or pdftotext is not installed; CI installs them")
    files = []
    for example in (JA, EN):
        old, new = _revised(example)
        for view, (_, data) in render_comparisons(project_from_data(old), project_from_data(new)).items():
            files.append(tmp_path / f"{example.stem}-{view}.docx")
            files[-1].write_bytes(data)
        project = load_project(example)
        build_documents(project, tmp_path, only={"qa"})
        files.append(output_path(project, tmp_path, "qa"))
    for pdf in convert_to_pdf(files):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        if "clarifications" in pdf.name:
            assert re.search(r"No\.\s+(該当箇所|RFP section)\s+(質問|Question)\s+(回答|Answer)", text), pdf.name
        else:
            assert re.search(r"(箇所\s+新\s+旧\s+備考|Item\s+Current\s+Previous\s+Note)", text), pdf.name
            assert re.search(r"（削る）|\(deleted\)", text) and re.search(r"（新設）|\(new\)", text), pdf.name



def test_the_redacted_view_keeps_only_what_vendors_may_know_of_the_question_period():
    data = _data(EN)
    data["questions"].append({"number": 7, "received": "2027-06-11", "vendor": "V-PENN", "question": "Draft?"})
    project = project_from_data(data)
    redacted = project.redacted()
    assert [q["number"] for q in redacted.data["questions"]] == [1, 2, 3, 4]
    assert all(set(q) <= {"number", "rfp_section", "question", "answer", "answered", "published", "discloses"}
               for q in redacted.data["questions"])
    # which answer told vendors of a requirement the RFP now states, and of no other (the RFP names its addendum)
    assert [(q["number"], q["discloses"]) for q in redacted.data["questions"] if "discloses" in q] == [(4, ["PRC-003"])]
    # PRC-003 is withheld in the file but disclosed by answer 4: the RFP's view states it
    assert "PRC-003" in {r.id for r in redacted.disclosed()} and "PRC-003" not in {r.id for r in project.withheld()}


# ------------------------------------------------------------------ the internal documents record the question period

def _cover_and_history(project) -> dict:
    from rfpgen.documents.build import build_context

    return {document: build_context(project, document) for document in ("requirements", "guide", "rfp")}


@pytest.mark.parametrize("example", [JA, EN], ids=["ja", "en"])
def test_internal_documents_are_dated_no_earlier_than_the_answers_and_addenda_they_record(example):
    project = load_project(example)
    recorded = [str(q["received"]) for q in project.data["questions"]]
    recorded += [answer_day(project, q) for q in project.data["questions"] if q.get("answered")]  # as the bidders got them
    recorded += [str(a["date"]) for a in project.data["rfp"].get("revisions") or []]
    latest = day(max(recorded), project.date_style, weekday=False)
    contexts = _cover_and_history(project)
    for document in ("requirements", "guide"):
        assert contexts[document]["doc"]["date"] == latest, document
    history = contexts["requirements"]["revisions"]
    assert (history[-1]["version"], history[-1]["date"]) == (contexts["requirements"]["doc"]["version"], latest)
    # the project's version stays the RFP's first issue; the RFP keeps its own edition (its latest addendum)
    assert any(row["version"] == project.data["project"]["version"] for row in history)
    assert contexts["rfp"]["doc"]["version"] == project.rfp_edition()[0]


def test_answers_and_addenda_give_the_internal_documents_their_own_editions():
    ja, en = load_project(JA), load_project(EN)
    assert _cover_and_history(ja)["requirements"]["doc"]["version"] == "1.0-Q1"  # answers sent on 19 March after v1.0 of 15 February
    assert _cover_and_history(ja)["requirements"]["revisions"][-1]["summary"] == "質問 No.1〜4 の回答を記録"
    # the answers written on 24 June go to the bidders on the answer date, 25 June, with the addendum: one edition
    last = _cover_and_history(en)["requirements"]["revisions"][-1]
    assert (last["version"], last["date"]) == ("2.1-A1", "25 June 2027")
    assert last["summary"].startswith("Answers to questions 1–4 recorded") and "RFP amended by addendum" in last["summary"]
    data = _data(EN)  # a question after the addendum, still open
    data["questions"].append({"number": 5, "received": "2027-06-28", "vendor": "V-PENN", "question": "Is a site visit possible?"})
    contexts = _cover_and_history(project_from_data(data))
    assert (contexts["guide"]["doc"]["version"], contexts["guide"]["doc"]["date"]) == ("2.1-A1-Q1", "28 June 2027")
    assert contexts["requirements"]["revisions"][-1]["summary"] == "Question 5 received, not yet answered"
    assert contexts["rfp"]["doc"]["version"] == "2.1-A1"


@pytest.fixture(scope="module")
def internal_en(tmp_path_factory):
    project = load_project(EN)
    folder = tmp_path_factory.mktemp("internal")
    build_documents(project, folder, only={"requirements", "guide"})
    return project, full_text(output_path(project, folder, "requirements").read_bytes()), \
        full_text(output_path(project, folder, "guide").read_bytes())


def test_the_requirements_definition_lists_the_rfp_addenda(internal_en):
    project, requirements, _ = internal_en
    addendum = project.data["rfp"]["revisions"][0]
    assert "RFP addenda (changes after issue)" in requirements
    table = requirements.split("RFP addenda (changes after issue)")[-1]
    assert "\n".join(["2.1-A1", "25 June 2027", addendum["summary"], "PRC-003 (question 4)"]) in table
    assert "Version 2.1-A1 (25 June 2027); what it changed in 12." in requirements  # on the summary page too, pointing here


def test_a_requirement_an_answer_disclosed_is_no_longer_scored_as_an_unstated_need(internal_en):
    from rfpgen.scoring.model import Scheme

    project, requirements, guide = internal_en
    prc = next(r for r in project.requirements() if r.id == "PRC-003")
    disclosed = ("disclosed to all bidders by the answer to question 4 (25 June 2027); "
                 "stated in the RFP from addendum 2.1-A1 (25 June 2027)")
    row = requirements.split("\nPRC-003\n")[1].split("\nMust\n")[0]
    assert f"Left out of the RFP, then {disclosed}. No longer scored as an unstated need" in row
    assert "What to look for: " not in row and "says unprompted: " not in row  # the hint for scoring an unprompted proposal no longer applies
    assert "Disclosed by answer" in requirements.split("\nPRC-003\n")[1].split("\n")[:12]
    assert "Disclosed by answers\nPRC-003 (Orderly exit): question 4" in requirements  # how the RFP is issued
    # the guide says so, and the checklist the unstated-needs score is computed from leaves it out
    assert "Requirements disclosed during the question period (not scored)" in guide
    assert "\n".join(["PRC-003", prc.part.name("en"), prc.text, disclosed[:1].upper() + disclosed[1:]]) in guide
    assert prc.look_for not in guide
    assert "PRC-003" not in {r.id for r in Scheme(project).checklist()}


def test_a_disclosure_without_an_addendum_says_the_rfp_is_not_amended_yet():
    from rfpgen.documents.parts import requirement_rows

    data = _data(JA)
    data["questions"][1]["discloses"] = ["SYS-005"]
    row = next(r for r in requirement_rows(project_from_data(data), "systems", "ja") if r["id"] == "SYS-005")
    assert "【RFPに記載せず回答で開示】質問 No.2 の回答（2027年3月19日）で全提案者に開示した（RFPの追補はまだない）。" in row["text"]
    assert "【RFPに記載しない要件・評価の観点】" not in row["text"] and row["rfp"] == "回答で開示"


def test_the_scoring_workbooks_and_forms_carry_the_evaluator_guides_edition(tmp_path):
    """They go with the guide, whose checklist no longer holds the disclosed PRC-003: same version and date."""
    from openpyxl import load_workbook
    from rfpgen.scoring import write_scoring_outputs

    project = load_project(EN)
    paths = write_scoring_outputs(project, tmp_path)
    sheets = [p for p in paths if p.suffix == ".xlsx"]
    assert sheets
    for path in sheets:
        details = {row[1].value: row[2].value for row in load_workbook(path)["Instructions"].iter_rows() if len(row) > 2}
        assert details["Created"] == "25 June 2027", path.name
        assert details["Version"] == "2.1-A1", path.name  # the price workbook too
    form = next(p for p in paths if p.suffix == ".docx")
    cover = {row.cells[0].text: shown(row.cells[-1].text) for row in opens(form.read_bytes()).tables[0].rows}
    assert cover["Version"] == "2.1-A1"


def test_an_addendum_summary_naming_the_question_behind_a_requirement_is_warned_about(tmp_path):
    """The RFP's revision history prints an addendum's summary: one that adds a disclosed requirement says
    what changed, never which question brought it out (bidders would learn that asking surfaces more)."""
    data = _data(EN)
    data["rfp"]["revisions"][0]["summary"] = ("Addendum 1: support for an orderly exit added to the requirements, "
                                              "following the answer to question 4")
    _, problems = _problems(data, tmp_path)
    found = {p.path: p.message for p in problems if p.severity == "warning"}
    assert "names the question or answer behind it" in found["rfp.revisions[0].summary"]
    data["rfp"]["revisions"][0]["requirements"] = []  # an addendum that adds no disclosed requirement may say so
    data["questions"][3].pop("discloses")
    _, problems = _problems(data, tmp_path)
    assert not [p for p in problems if p.path == "rfp.revisions[0].summary"]


def test_the_rfp_tells_bidders_what_an_addendum_added_not_which_question_led_to_it(tmp_path):
    project = load_project(EN)
    build_documents(project, tmp_path, only={"rfp"})
    text = full_text(output_path(project, tmp_path, "rfp").read_bytes())
    assert "Addendum 1: a requirement on support for an orderly exit" in text
    assert "R-024A" in text and "R-026" not in text
    assert not re.search(r"(?i)following the answer|answer to question|question\s*\d", text)


def test_a_requirement_an_addendum_adds_keeps_every_number_vendors_already_hold():
    """PRC-003, disclosed by answer 4 and stated from addendum 2.1-A1, takes a branch of the number before it
    (R-024A): the RFP, the response form (the vendors' view) and the guide's map keep every other number."""
    from rfpgen.documents.parts import rfp_numbering

    data = _data(EN)
    data["questions"] = data["questions"][:3]  # the RFP as first issued, before answer 4
    data["rfp"].pop("revisions")
    first_issue = dict(rfp_numbering(project_from_data(data)))
    project = load_project(EN)
    for view in (project, project.redacted()):
        numbered = rfp_numbering(view)
        added = {number: r.id for number, r in numbered if number not in first_issue}
        assert added == {"R-024A": "PRC-003"} and first_issue["R-024"].id == "PRC-002"
        assert all(first_issue[number].id == r.id for number, r in numbered if number in first_issue)
        assert [r.id for _, r in numbered] == [r.id for r in view.disclosed()]  # printed where it belongs


def test_a_disclosure_is_dated_when_vendors_received_the_answer():
    """Answer 4 was written on 24 June and published to every vendor on the answer date, 25 June."""
    from rfpgen.clarifications import disclosures

    project = load_project(EN)
    assert str(project.data["questions"][3]["answered"]) == "2027-06-24"
    said = disclosures(project)["PRC-003"].said("en", project.date_style)
    assert said.startswith("disclosed to all bidders by the answer to question 4 (25 June 2027);")
    data = _data(EN)  # an answer given after the scheduled answer date goes out on its own day
    data["questions"][3]["answered"] = "2027-06-26"
    assert "question 4 (26 June 2027)" in disclosures(project_from_data(data))["PRC-003"].said("en", project.date_style)


@pytest.mark.parametrize("example", [JA, EN], ids=["ja", "en"])
def test_the_requirements_definition_dates_no_rfp_issue_before_the_rfp_does(example):
    """The RFP's first issue is dated the schedule's RFP issue date; a row of the requirements definition's
    history dated earlier must not say the RFP was issued then (approval comes first, issue later)."""
    project = load_project(example)
    issued = str(project.data["project"]["schedule"]["rfp_issue"])
    for row in project.data["approval"]["revision_history"]:
        if str(row["date"]) < issued:
            assert not re.search(r"issued as the RFP|RFPとして発行|RFPを発行", row["summary"]), row


def test_the_evaluator_guide_says_why_its_edition_moved(internal_en):
    """Its revision history: the first issue with the project's version, then the editions it shares with
    the requirements definition (answers recorded, PRC-003 disclosed, the addendum)."""
    project, requirements, guide = internal_en
    rows = _cover_and_history(project)["guide"]["revisions"]
    assert [(r["version"], r["date"]) for r in rows] == [("2.1", "28 May 2027"), ("2.1-A1", "25 June 2027")]
    assert rows[0]["summary"] == "First issue (with the Business Requirements Definition version 2.1)"
    assert rows[1:] == _cover_and_history(project)["requirements"]["revisions"][-1:]
    history = guide.split("Revision history")[1]
    assert "disclosed by the answers: PRC-003 (question 4)" in history and "RFP amended by addendum" in history


def _two_addenda(stated_by_second: bool) -> dict:
    """The English example with a second addendum a week after the first; the first, dated the day vendors
    received answer 4, would be credited with PRC-003 by inference."""
    data = _data(EN)
    first = data["rfp"]["revisions"][0]
    first.pop("requirements")
    second = {"version": "2.1-A2", "date": "2027-07-02", "summary": "Addendum 2: exit support stated in the requirements"}
    if stated_by_second:
        first["requirements"] = []
        second["requirements"] = ["PRC-003"]
    data["rfp"]["revisions"].append(second)
    return data


def test_an_addendum_that_lists_its_requirements_is_credited_with_them_instead_of_the_inferred_one(tmp_path):
    from rfpgen.clarifications import disclosures
    from rfpgen.documents.parts import requirement_rows

    inferred = disclosures(project_from_data(_two_addenda(False)))["PRC-003"]
    assert inferred.addendum["version"] == "2.1-A1"  # the fallback: the first addendum on or after the answer
    project = project_from_data(_two_addenda(True))
    assert disclosures(project)["PRC-003"].addendum["version"] == "2.1-A2"
    row = next(r for r in requirement_rows(project, "pricing", "en") if r["id"] == "PRC-003")
    assert "stated in the RFP from addendum 2.1-A2 (2 July 2027)" in row["text"]
    build_documents(project, tmp_path, only={"requirements"})
    table = full_text(output_path(project, tmp_path, "requirements").read_bytes()).split("RFP addenda (changes after issue)")[-1]
    assert "\n".join(["2.1-A2", "2 July 2027", "Addendum 2: exit support stated in the requirements", "PRC-003 (question 4)"]) in table
    assert "PRC-003 (question 4)" not in table.split("2.1-A2")[0]  # the first addendum states none


def test_the_requirements_an_addendum_lists_are_checked_against_the_register(tmp_path):
    data = _data(EN)
    data["rfp"]["revisions"][0]["requirements"] = ["PRC-404", "OPS-006", "OPS-001"]
    data["rfp"]["revisions"].insert(0, {"version": "2.1-A0", "date": "2027-06-20", "summary": "Corrected dates",
                                        "requirements": ["PRC-003"]})
    _, problems = _problems(data, tmp_path)
    found = {(p.path, p.severity): p for p in problems if p.path.startswith("rfp.revisions")}
    assert "'PRC-404' is not the ID of a requirement" in found[("rfp.revisions[1].requirements[0]", "error")].message
    assert "no published answer discloses it" in found[("rfp.revisions[1].requirements[1]", "warning")].message
    assert "in the RFP from its first issue" in found[("rfp.revisions[1].requirements[2]", "warning")].message
    early = found[("rfp.revisions[0].requirements[0]", "warning")]
    assert "dated before vendors received the answer to question No. 4" in early.message
    assert all(p.line for p in found.values()) and len(found) == 4
    _, problems = _problems(data, tmp_path, "ja")
    assert any("このファイルの要件IDではありません" in p.message for p in problems if p.path == "rfp.revisions[1].requirements[0]")


def test_the_rfp_addendum_names_the_rfp_editions_it_goes_between():
    """The project's version stays the RFP's first issue; the addendum for vendors goes from the RFP's
    edition they hold to the latest addendum's, dated that addendum's day."""
    old = _data(EN)
    old["questions"] = old["questions"][:3]
    old["rfp"].pop("revisions")
    new = _two_addenda(True)
    comparison = compare_projects(old, new, "rfp")
    assert (comparison.old_version, comparison.new_version) == ("2.1", "2.1-A2")
    text = full_text(render_comparisons(project_from_data(old), project_from_data(new))["rfp"][1])
    assert "becomes version 2.1-A2" in text and "2 July 2027" in text
    # the internal comparison names the requirements definition's edition as its own cover prints it
    assert compare_projects(old, new, "requirements").new_version == doc_info(project_from_data(new), "requirements")["version"] == "2.1-A2"


# ------------------------------------------------------------------ the question desk is not an evaluator's line

def test_the_rfp_gives_bidders_the_question_desks_phone_never_an_evaluators(tmp_path):
    """The ja example's client contact (佐藤 美香) scores quality: the RFP's 窓口 prints 田中's own number."""
    data = _data(JA)
    evaluator_phone = data["project"]["client"]["contact"]["phone"]
    project = load_project(JA)
    build_documents(project, tmp_path, only={"rfp"})
    rfp = full_text(output_path(project, tmp_path, "rfp").read_bytes())
    desk = next(line for line in rfp.splitlines() if "rfp-2027@midori-tsuhan.example.jp" in line)
    assert data["rfp"]["qa"]["contact"]["phone"] in desk and evaluator_phone not in rfp
    assert not [p for p in project.warnings if str(p.path).startswith("rfp.qa.contact")]


@pytest.mark.parametrize("field", ["phone", "email"])
def test_a_question_desk_reaching_an_evaluator_is_warned(tmp_path, field):
    data = _data(JA)
    data["rfp"]["qa"]["contact"][field] = data["project"]["client"]["contact"][field]
    project, problems = _problems(data, tmp_path, "ja")
    found = [p for p in problems if str(p.path) == f"rfp.qa.contact.{field}"]
    assert project is not None and len(found) == 1 and found[0].severity == "warning"
    assert "佐藤 美香" in found[0].message and "評価者" in found[0].message
