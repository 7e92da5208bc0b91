"""The selection online (issue 21): the Q&A register with its leak check and refused publication, the
clarifications and change documents, and vendors' response forms uploaded and analysed; every upload
and publication in the selection log."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from docx_reading import full_text
from openpyxl import load_workbook
from responses_support import fill, rows, sheets
from web_support import MACHINE_TIME, Wizard, csrf, form_fields, make_app

from rfpgen.responses import evaluate, write_response_form
from rfpgen.responses.report import money_text
from rfpgen.validation import load_project
from rfpgen.web import drafts, events, vendor_responses

ROOT = Path(__file__).resolve().parent.parent
JA = ROOT / "examples" / "ja-ec-order-center.yaml"
EN = ROOT / "examples" / "en-electronics-retail.yaml"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def example_data(path: Path = JA) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def withheld_text(data: dict) -> tuple[str, str]:
    requirement = next(r for r in data["systems"]["requirements"] if r.get("withhold"))
    return requirement["id"], requirement["text"]


def project_from(app, data: dict, ui: str = "ja") -> Wizard:
    w = Wizard(app)
    w.client.get(f"/lang/{ui}")
    response = w.upload(yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8"), "project.yaml")
    assert response.status_code == 302, response.text
    return w


def with_leaking_question(published: bool = False) -> tuple[dict, str]:
    data = example_data()
    rid, text = withheld_text(data)
    data["questions"].append({"number": 5, "received": "2027-03-10", "vendor": "V-TB", "rfp_section": "5.2",
                              "question": "システム連携の条件を教えてください。", "answer": "はい。" + text,
                              "answered": "2027-03-18", "published": published})
    return data, rid


def logged(w: Wizard, kind: str) -> list[events.Event]:
    return events.for_project(w.store, w.draft(), kinds=[kind])


# ---------------------------------------------------------------- the Q&A register

def test_the_leak_check_is_shown_beside_each_answer_before_publishing(app):
    data, rid = with_leaking_question()
    w = project_from(app, data)
    page = w.get("questions").text
    assert re.search(r'class="row-status clear" id="qa-leak-0"', page)
    leak = re.search(r'class="row-status leak" id="qa-leak-4"[^>]*>([^<]*)<', page)
    assert leak and rid in leak.group(1) and "公表できません" in leak.group(1)
    # beside the answer: after the answer's field, before the next field of the row
    card = page[page.index('id="f-questions-4"'):]
    assert card.index('name="questions[4].answer"') < card.index('id="qa-leak-4"') < card.index('name="questions[4].answered"')
    # and a publish button for the unpublished row, an unpublish button for the published ones
    assert 'value="publish:4"' in page and 'value="unpublish:0"' in page


def test_publishing_a_leaking_answer_is_refused_with_the_reason_and_the_text_is_kept(app):
    data, rid = with_leaking_question()
    w = project_from(app, data)
    typed = "はい。" + withheld_text(data)[1] + " 詳細は別途ご説明します。"
    response = w.submit("questions", {"questions[4].answer": typed}, action="publish:4", follow=True)
    assert response.status_code == 200
    saved = w.draft().data["questions"][4]
    assert saved["answer"] == typed and saved.get("published") is False  # kept, unpublished
    refusal = re.search(r'<div class="alert error"[^>]*>([^<]*)</div>', response.text)
    assert refusal and "質問 No.5 は公表できません" in refusal.group(1) and rid in refusal.group(1)
    assert "入力した内容は非公表のまま保存しました" in refusal.group(1)
    (event,) = logged(w, "answer_refused")
    assert "No.5" in event.summary and rid in event.summary and event.actor == "127.0.0.1"
    assert logged(w, "answer_published") == []


def test_ticking_published_on_a_leaking_answer_is_refused_the_same_way(app):
    data, rid = with_leaking_question()
    w = project_from(app, data, ui="en")
    response = w.submit("questions", {"questions[4].published": "1"}, action="save", follow=True)
    assert w.draft().data["questions"][4].get("published") is False
    assert "Question No. 5 cannot be published" in response.text and rid in response.text
    assert len(logged(w, "answer_refused")) == 1


def test_an_answer_published_earlier_that_now_leaks_is_taken_back(app):
    data = example_data()
    w = project_from(app, data, ui="en")
    rid, text = withheld_text(data)
    w.submit("questions", {"questions[1].answer": "Yes. " + text}, action="save")
    question = w.draft().data["questions"][1]
    assert question["answer"] == "Yes. " + text and question.get("published") is False
    assert len(logged(w, "answer_refused")) == 1


def test_a_register_save_validates_the_project_once_for_its_check_and_the_page_after_it(app, monkeypatch):
    w = project_from(app, example_data(), ui="en")
    form = w.form("questions")
    validations = []
    whole_project = drafts.validate_data
    monkeypatch.setattr(drafts, "validate_data", lambda *a, **k: validations.append(a) or whole_project(*a, **k))
    response = w.submit("questions", {"questions[2].answer": "Yes, by e-mail as well."}, form=form)
    page = w.client.get(response.headers["Location"]).text
    assert len(validations) == 1  # the publication check's; the page after the save reuses it
    assert "Yes, by e-mail as well." in page and re.search(r'class="row-status clear" id="qa-leak-2"', page)
    assert w.draft().data["questions"][2]["published"] is True


def test_publishing_and_unpublishing_a_clean_answer_are_logged(app):
    w = project_from(app, example_data(), ui="en")
    w.submit("questions", action="unpublish:2")
    assert w.draft().data["questions"][2]["published"] is False
    response = w.submit("questions", action="publish:2")
    assert response.status_code == 302 and response.headers["Location"].endswith("#f-questions-2")
    assert w.draft().data["questions"][2]["published"] is True
    (withdrawn,), (published,) = logged(w, "answer_withdrawn"), logged(w, "answer_published")
    assert "No. 3" in withdrawn.summary and "No. 3" in published.summary
    history = w.client.get(f"/p/{w.token}/history").text
    assert "Answer published" in history and "Answer unpublished" in history


def test_the_clarifications_download_holds_the_published_answers_only(app):
    data, _ = with_leaking_question()
    data["questions"][0]["answer"] = "IVRの案内中に切断された呼は含めません（回答一）。"
    data["questions"][1]["published"] = False
    data["questions"][1]["answer"] = "非公表の回答です。"
    w = project_from(app, data)
    page = w.get("questions").text
    response = w.client.post(f"/p/{w.token}/questions/clarifications", data={"csrf_token": csrf(page)})
    assert response.status_code == 200 and response.mimetype == DOCX
    assert "clarifications.docx" in response.headers["Content-Disposition"]
    text = full_text(response.data)
    assert "回答一" in text and "非公表の回答です" not in text and withheld_text(data)[1] not in text
    (event,) = logged(w, "clarifications_made")
    assert w.client.get(f"/p/{w.token}/events/{event.id}/file").data == response.data  # what went out is kept


def test_no_clarifications_without_a_published_answer(app):
    data = example_data()
    for question in data["questions"]:
        question["published"] = False
    w = project_from(app, data, ui="en")
    page = w.get("questions").text
    assert re.search(r'<button type="submit" class="primary" disabled>Download the clarifications', page)
    response = w.client.post(f"/p/{w.token}/questions/clarifications", data={"csrf_token": csrf(page)}, follow_redirects=True)
    assert "No answer is published yet" in response.text and logged(w, "clarifications_made") == []
    assert w.client.post(f"/p/{w.token}/questions/clarifications").status_code == 400  # no CSRF token


def test_addendum_and_comparison_between_two_saved_revisions(app):
    data = example_data()
    w = project_from(app, data, ui="en")
    rid, text = withheld_text(data)
    stated = next(i for i, r in enumerate(data["systems"]["requirements"]) if not r.get("withhold"))
    withheld = next(i for i, r in enumerate(data["systems"]["requirements"]) if r.get("withhold"))
    form = w.form("systems")
    form[f"systems.requirements[{stated}].text"] = form[f"systems.requirements[{stated}].text"] + " 毎月報告すること。"
    form[f"systems.requirements[{withheld}].text"] = text + " 四半期ごとに見直すこと。"
    assert w.submit("systems", form=form).status_code == 302
    assert w.draft().revision == 2
    page = w.get("questions").text
    assert 'id="changes-form"' in page
    token = csrf(page)
    addendum = w.client.post(f"/p/{w.token}/questions/changes", data={"csrf_token": token, "old": "1", "new": "2", "view": "rfp"})
    assert addendum.status_code == 200 and addendum.mimetype == DOCX
    assert "-r1-r2-rfp-addendum.docx" in addendum.headers["Content-Disposition"]
    vendor_text = full_text(addendum.data)
    assert "毎月報告すること" in vendor_text and "四半期ごとに見直すこと" not in vendor_text and text not in vendor_text
    internal = w.client.post(f"/p/{w.token}/questions/changes",
                             data={"csrf_token": token, "old": "1", "new": "2", "view": "requirements"})
    internal_text = full_text(internal.data)
    assert "毎月報告すること" in internal_text and "四半期ごとに見直すこと" in internal_text
    made = logged(w, "changes_made")
    assert len(made) == 2 and all(e.file_key for e in made)
    for form_data, words in [({"old": "2", "new": "2", "view": "rfp"}, "compared with itself"),
                             ({"old": "1", "new": "9", "view": "rfp"}, "Revision 9 is not in the save history"),
                             ({"old": "x", "new": "2", "view": "rfp"}, "Choose the two revisions"),
                             ({"old": "1", "new": "2", "view": "guide"}, "Choose the two revisions")]:
        refused = w.client.post(f"/p/{w.token}/questions/changes", data={"csrf_token": token, **form_data},
                                follow_redirects=True)
        assert refused.status_code == 200 and words in refused.text, form_data
    assert len(logged(w, "changes_made")) == 2


def test_a_revision_with_errors_is_named_when_no_document_can_be_made(app):
    w = project_from(app, example_data(), ui="en")
    w.submit("project", {"project.title": ""})
    page = w.get("questions").text
    response = w.client.post(f"/p/{w.token}/questions/changes",
                             data={"csrf_token": csrf(page), "old": "1", "new": "2", "view": "rfp"}, follow_redirects=True)
    assert "Revision 2 has 1 error" in response.text
    # the error where the wizard shows it, in its words: the step and the field, not the file's key
    assert "(Project and schedule › Project title: required field “Project title” is missing)" in response.text


# ---------------------------------------------------------------- vendor responses

VENDORS = {  # vendor id: (pricing model, staffing per program, rates, initial costs)
    "V-TB": ("per_production_hour", {"TEL-ORDER": (330, 20, 85, 40), "TEL-CLAIM": (500, 20, 80, 8), "MAIL": (400, 15, 90, 10)},
             {("hour", "TEL-ORDER"): [2000, 2100, 2200], ("hour", "TEL-CLAIM"): [2500, 2600, 2700],
              ("hour", "MAIL"): [1800, 1900, 2000]}, [5_000_000, 2_000_000, 3_000_000]),
    "V-HC": ("per_fte", {"TEL-ORDER": (320, 25, 85, 36), "TEL-CLAIM": (480, 25, 80, 7), "MAIL": (380, 20, 90, 9)},
             {("fte_month", "TEL-ORDER"): [400_000, 410_000, 420_000], ("fte_month", "TEL-CLAIM"): [450_000] * 3,
              ("fte_month", "MAIL"): [380_000, 380_000, 390_000]}, [4_000_000, 1_000_000, 2_000_000]),
    "V-KS": ("fixed_plus_overage", {"TEL-ORDER": (330, 22, 85, 30), "TEL-CLAIM": (480, 22, 80, 5), "MAIL": (400, 20, 90, 8)},
             {("fixed_month", "TEL-ORDER"): [10_000_000] * 3, ("fixed_month", "TEL-CLAIM"): [2_000_000] * 3,
              ("fixed_month", "MAIL"): [1_800_000] * 3, ("overage_contact", "TEL-ORDER"): [500, 500, 520],
              ("overage_contact", "TEL-CLAIM"): [900] * 3, ("overage_contact", "MAIL"): [300] * 3}, [0, 1_500_000, 2_500_000]),
}


@pytest.fixture(scope="module")
def forms(tmp_path_factory) -> dict[str, Path]:
    """The example's response form, filled by three vendors with three rate structures."""
    folder = tmp_path_factory.mktemp("forms")
    project = load_project(JA)
    form = write_response_form(project, folder)
    names = {v["id"]: v["name"] for v in project.data["evaluation"]["vendors"]}
    filled = {vid: fill(form, folder / f"{vid}.xlsx", project, name=names[vid], model=model, staffing=staffing,
                        rates=rates, initial=initial) for vid, (model, staffing, rates, initial) in VENDORS.items()}
    return {"blank": form, **filled}


def post_forms(w: Wizard, files: list[tuple[str, bytes]], **extra):
    page = w.client.get(f"/p/{w.token}/responses")
    data = {"csrf_token": csrf(page.text), "forms": [(io.BytesIO(content), name) for name, content in files], **extra}
    return w.client.post(f"/p/{w.token}/responses", data=data, content_type="multipart/form-data")


def as_upload(path: Path, name: str | None = None) -> tuple[str, bytes]:
    return name or path.name, path.read_bytes()


def test_uploaded_forms_are_analysed_exactly_as_the_command_does(app, forms):
    w = project_from(app, example_data())
    assert "まだ回答書はありません" in w.client.get(f"/p/{w.token}/responses").text
    response = post_forms(w, [as_upload(forms[v]) for v in ("V-TB", "V-HC", "V-KS")])
    assert response.status_code == 200
    page = response.text
    assert page.count("の回答書として受け付けました") == 3 and "受領した回答書（3 / 3 社）" in page
    cli = evaluate(load_project(JA), [forms[v] for v in ("V-TB", "V-HC", "V-KS")])
    cheapest = cli.cheapest()
    table = page[page.index('id="cost-bands"'):page.index("</table>", page.index('id="cost-bands"'))]
    for vendor in cli.vendors:
        row = re.search(rf'<th scope="row">{vendor.id}.*?</tr>', table, re.S).group(0)
        cells = [(bool(mark), value) for mark, value in re.findall(r'<td( class="cheapest")?>([\d,]+)', row)]
        assert cells == [(cheapest[band] == vendor.id, money_text(cli.cost_at(vendor, band))) for band in cli.labels()]
        card = page[page.index(f'id="vendor-{vendor.id}"'):]
        card = " ".join(card[:card.index("</section>")].split())
        for flag in vendor.flags:
            assert flag.text("ja") in card
        for program, check in vendor.checks.items():
            worst = check.worst
            if check.target is not None:
                assert f"{program}</strong> サービスレベル {worst['service_level']:.1%}" in card
    assert len(logged(w, "response_uploaded")) == 3


def test_a_refused_upload_names_file_sheet_and_cell_and_loses_nothing(app, forms, tmp_path):
    w = project_from(app, example_data())
    assert post_forms(w, [as_upload(forms["V-TB"])]).status_code == 200
    broken = tmp_path / "V-HC-broken.xlsx"
    wb = load_workbook(forms["V-HC"])
    staffing = sheets(wb)["staffing"]
    row = rows(staffing)["program=TEL-ORDER"]
    staffing[f"D{row}"] = "たくさん"
    wb.save(broken)
    response = post_forms(w, [as_upload(broken), ("notes.txt", b"hello"), as_upload(forms["V-KS"])])
    assert response.status_code == 200  # V-KS went in beside the refusals
    refused = response.text[response.text.index('id="responses-refused"'):]
    assert "ファイル V-HC-broken.xlsx" in refused and f"シート「{staffing.title}」" in refused
    assert f"セル D{row}" in refused and "窓口 TEL-ORDER の平均処理時間（秒）として有効ではありません" in refused
    assert "ファイル notes.txt" in refused and "Excel ブック（.xlsx）ではありません" in refused
    current = {s.vendor_id for s in vendor_responses.current(app.extensions["rfpgen_runtime"], w.draft())}
    assert current == {"V-TB", "V-KS"}  # the earlier upload is untouched, the good file of the batch kept
    assert len(logged(w, "response_refused")) == 2
    # only refused files: 400, nothing changes
    again = post_forms(w, [as_upload(forms["blank"])])
    assert again.status_code == 400 and "提案者名（会社名）が記入されていません" in again.text


def test_english_interface_gives_refusals_in_english(app, forms, tmp_path):
    w = project_from(app, example_data(), ui="en")
    response = post_forms(w, [as_upload(forms["blank"], "empty.xlsx")])
    assert response.status_code == 400
    assert "File empty.xlsx" in response.text and "the proposer&#39;s company name is missing" in response.text
    assert "sheet &#39;表紙&#39;" in response.text  # the sheet as the form names it


def test_a_replaced_form_stays_in_the_history_and_downloadable(app, forms):
    w = project_from(app, example_data(), ui="en")
    first = forms["V-TB"].read_bytes()
    post_forms(w, [("tb-first.xlsx", first)])
    response = post_forms(w, [("tb-second.xlsx", forms["V-TB"].read_bytes())])
    assert "replaces the form of V-TB" in response.text
    (replaced,) = logged(w, "response_replaced")
    (uploaded,) = logged(w, "response_uploaded")
    assert "tb-second.xlsx" in replaced.summary and "tb-first.xlsx" in uploaded.summary
    page = w.client.get(f"/p/{w.token}/responses").text
    assert "1 earlier form<" in page and f"/events/{uploaded.id}/file" in page
    assert w.client.get(f"/p/{w.token}/events/{uploaded.id}/file").data == first
    history = w.client.get(f"/p/{w.token}/history").text
    assert "Response form replaced" in history and "Response form received" in history
    assert not MACHINE_TIME.findall(page) and not MACHINE_TIME.findall(history)


def test_two_forms_of_one_vendor_in_one_upload_keep_the_first(app, forms):
    w = project_from(app, example_data(), ui="en")
    response = post_forms(w, [("a.xlsx", forms["V-TB"].read_bytes()), ("b.xlsx", forms["V-TB"].read_bytes())])
    assert response.status_code == 200
    assert "This upload holds two forms of bidder V-TB (the other: a.xlsx)" in response.text
    assert len(logged(w, "response_uploaded")) == 1 and len(logged(w, "response_refused")) == 1


def test_setting_a_form_aside_removes_it_from_the_analysis_not_the_log(app, forms):
    w = project_from(app, example_data(), ui="en")
    post_forms(w, [as_upload(forms["V-TB"]), as_upload(forms["V-HC"])])
    page = w.client.get(f"/p/{w.token}/responses").text
    w.client.post(f"/p/{w.token}/responses/V-TB/withdraw", data={"csrf_token": csrf(page), "confirm": "1"})
    page = w.client.get(f"/p/{w.token}/responses").text
    assert 'id="vendor-V-TB"' not in page and 'id="vendor-V-HC"' in page and "Forms received (1 of 3 bidders)" in page
    assert len(logged(w, "response_withdrawn")) == 1 and len(logged(w, "response_uploaded")) == 2


def test_uploads_are_limited_and_protected(tmp_path, forms):
    app = make_app(tmp_path, LIMITS={"selection_upload": (2, 60), "files_per_upload": 2})
    try:
        w = project_from(app, example_data(), ui="en")
        too_many = post_forms(w, [as_upload(forms[v]) for v in ("V-TB", "V-HC", "V-KS")])
        assert too_many.status_code == 400 and "3 files were chosen; at most 2" in too_many.text
        nothing = post_forms(w, [])
        assert nothing.status_code == 400 and "No file was chosen" in nothing.text
        assert post_forms(w, [as_upload(forms["V-TB"])]).status_code == 429
        no_token = w.client.post(f"/p/{w.token}/responses", data={"forms": [(io.BytesIO(b"x"), "a.xlsx")]},
                                 content_type="multipart/form-data")
        assert no_token.status_code == 400
        assert logged(w, "response_uploaded") == []
    finally:
        app.extensions["rfpgen_store"].dispose()


def test_a_project_with_errors_reads_no_form(app, forms):
    w = project_from(app, example_data(), ui="en")
    w.submit("project", {"project.title": ""})
    response = post_forms(w, [as_upload(forms["V-TB"])])
    assert response.status_code == 400 and "The project has 1 error" in response.text
    assert logged(w, "response_uploaded") == []


def test_the_project_navigation_has_a_selection_section(app):
    w = project_from(app, example_data(), ui="en")
    for path in ("project", "questions", "history", "responses"):
        page = w.client.get(f"/p/{w.token}/{path}").text
        nav = page[page.index('id="selection-nav"'):page.index("</nav>", page.index('id="selection-nav"'))]
        assert f'href="/p/{w.token}/questions"' in nav and f'href="/p/{w.token}/responses"' in nav
        assert f'href="/p/{w.token}/scoring"' in nav
    page = w.client.get(f"/p/{w.token}/responses").text
    assert re.search(r'<li class="current"><a href="/p/[^"]+/responses" aria-current="page">', page)


def test_forms_on_the_selection_pages_carry_csrf_tokens(app):
    w = project_from(app, example_data(), ui="en")
    for path, form_id in (("questions", "clarifications-form"), ("questions", "changes-form"),
                          ("responses", "responses-form"), ("history", "name-form")):
        fields = form_fields(w.client.get(f"/p/{w.token}/{path}").text, form_id)
        assert fields.get("csrf_token"), (path, form_id)
