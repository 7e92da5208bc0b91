"""The scoring page through the Flask test client: workbooks uploaded one by one as they arrive, the
progress grid, refusals that keep what was uploaded before, consensus scores with their reason saved
in the draft, the tally as a job, its figures equal to `rfpgen score`'s, and the downloads."""
from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from docx_reading import shown
from score_page_support import table_rows
from scoring_support import fill_agreed, fill_all, fill_workbook, project_data
from web_support import MACHINE_TIME, Wizard, csrf, make_app, wait_for_build

from rfpgen.scoring import write_scoring_outputs
from rfpgen.text import number
from rfpgen.validation import project_from_data
from rfpgen.web import events


@pytest.fixture
def scoring(tmp_path):
    """A project with three vendors and three evaluators, its blank workbooks and the filled ones."""
    app = make_app(tmp_path / "web")
    w = Wizard(app)
    w.client.get("/lang/en")
    data = project_data()
    w.token = w.store.create(data, "start", "scoring").token
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path / "blank")
    write_scoring_outputs(project, tmp_path / "filled")
    files = {p.name: p for p in fill_all(tmp_path / "filled", project)}
    yield w, files, tmp_path
    app.extensions["rfpgen_store"].dispose()


def upload(w: Wizard, *files: tuple[str, bytes]):
    page = w.client.get(f"/p/{w.token}/scoring")
    response = w.client.post(f"/p/{w.token}/scoring/upload",
                             data={"csrf_token": csrf(page.text), "files": [(io.BytesIO(b), n) for n, b in files]},
                             content_type="multipart/form-data")
    assert response.status_code == 302, response.text
    return w.client.get(response.headers["Location"])


def tally(w: Wizard, **form) -> str:
    page = w.client.get(f"/p/{w.token}/scoring")
    response = w.client.post(f"/p/{w.token}/scoring/tally", data={"csrf_token": csrf(page.text), **form})
    assert response.status_code == 302, response.text
    for _ in range(600):
        page = w.client.get(f"/p/{w.token}/scoring")
        if 'id="build-progress"' not in page.text:
            return page.text
        time.sleep(0.1)
    raise AssertionError("the tally never ended")


def grid(html: str) -> dict[str, list[str]]:
    """The progress grid: each row's id, then the state of each vendor's cell."""
    found = {}
    for row_id, cells in re.findall(r'<tr id="slot-([\w-]+)"[^>]*>(.*?)</tr>', html, re.S):
        found[row_id] = re.findall(r'<td class="state (\w+)"', cells)
    return found


def cell_of(path: Path, vendor: str, key: str) -> str:
    """The input cell (column E) of an item on a vendor's sheet."""
    for ws in load_workbook(path).worksheets:
        rows = {c.value: c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if isinstance(c.value, str)}
        if f"vendor={vendor}" in rows:
            return f"E{rows[key]}"
    raise LookupError(vendor)


def blank_one(path: Path, out: Path, cell_key: str, vendor: str) -> tuple[Path, str]:
    """A copy of a filled workbook with one entry of one vendor's sheet cleared, and that cell."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        rows = {c.value: c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if isinstance(c.value, str)}
        if f"vendor={vendor}" in rows:
            cell = f"E{rows[cell_key]}"
            ws[cell] = None
    wb.save(out)
    return out, cell


def test_workbooks_uploaded_one_by_one_fill_the_progress_grid(scoring):
    w, files, tmp_path = scoring
    page = w.client.get(f"/p/{w.token}/scoring")
    assert page.status_code == 200
    assert grid(page.text) == {"evaluator-E1": ["none"] * 3, "evaluator-E2": ["none"] * 3, "evaluator-E3": ["none"] * 3,
                               "prices": ["none"] * 3}
    page = upload(w, ("acme-cc-scores-E1.xlsx", files["acme-cc-scores-E1.xlsx"].read_bytes()))
    assert "received as the workbook of Ann Lee (E1)" in page.text
    assert grid(page.text)["evaluator-E1"] == ["complete"] * 3
    partial, cell = blank_one(files["acme-cc-scores-E2.xlsx"], tmp_path / "acme-cc-scores-E2.xlsx", "criterion=C-QM", "V-B")
    page = upload(w, (partial.name, partial.read_bytes()), ("acme-cc-prices.xlsx", files["acme-cc-prices.xlsx"].read_bytes()))
    shown = grid(page.text)
    assert shown["evaluator-E2"] == ["complete", "incomplete", "complete"]
    assert shown["evaluator-E3"] == ["none"] * 3 and shown["prices"] == ["complete"] * 3
    assert "1 blank" in page.text and "3 of 4 workbooks received; 2 complete." in page.text
    # the blank is named by its cell as a warning, not a refusal
    assert f"acme-cc-scores-E2.xlsx: sheet &#39;Beta&#39; cell {cell}: warning: no score for criterion &#39;C-QM&#39;" in page.text
    assert "--allow-incomplete" not in page.text
    # each upload is in the selection log
    logged = [e.kind for e in events.for_project(w.store, w.draft())]
    assert logged == ["workbook_accepted"] * 3


def test_a_refused_upload_names_file_sheet_and_cell_and_keeps_what_came_before(scoring):
    w, files, tmp_path = scoring
    good = files["acme-cc-scores-E1.xlsx"].read_bytes()
    upload(w, ("acme-cc-scores-E1.xlsx", good))
    wrong = tmp_path / "acme-cc-scores-E1.xlsx"
    fill_workbook(files["acme-cc-scores-E1.xlsx"], {"V-B": {"scores": {"C-EXP": 7}}}, out=wrong)
    page = upload(w, ("acme-cc-scores-E1.xlsx", wrong.read_bytes()))
    assert "received-refused" in page.text
    cell = cell_of(wrong, "V-B", "criterion=C-EXP")
    assert (f"acme-cc-scores-E1.xlsx: sheet &#39;Beta&#39; cell {cell}: &#39;7&#39; is not a score for criterion &#39;C-EXP&#39;: "
            "expected a whole number from 0 to 5") in page.text
    assert "The file is kept in the history and the workbooks received earlier are still used." in page.text
    # the earlier upload is still the one in use, and both can be downloaded as they were received
    row = re.search(r'<tr id="slot-evaluator-E1".*?</tr>', page.text, re.S).group(0)
    first = int(re.search(r"/scoring/uploads/(\d+)", row).group(1))
    assert w.client.get(f"/p/{w.token}/scoring/uploads/{first}").data == good
    refused = re.search(r'id="refused-uploads".*?/scoring/uploads/(\d+)', page.text, re.S).group(1)
    assert w.client.get(f"/p/{w.token}/scoring/uploads/{refused}").data == wrong.read_bytes()
    assert grid(page.text)["evaluator-E1"] == ["complete"] * 3

    # in Japanese: the same place in the reader's words
    w.client.get("/lang/ja")
    page = upload(w, ("acme-cc-scores-E1.xlsx", wrong.read_bytes()))
    assert f"acme-cc-scores-E1.xlsx：シート「Beta」 セル {cell}：「7」は評価項目「C-EXP」の評点ではありません。0〜5の整数を入力してください" in page.text
    w.client.get("/lang/en")

    # a corrected file replaces the first; the first stays downloadable among the earlier files
    corrected = tmp_path / "corrected.xlsx"
    fill_workbook(files["acme-cc-scores-E1.xlsx"], {"V-B": {"scores": {"C-EXP": 3}}}, out=corrected)
    page = upload(w, ("acme-cc-scores-E1.xlsx", corrected.read_bytes()))
    assert "it replaces the earlier one, which stays in the history" in page.text
    row = re.search(r'<tr id="slot-evaluator-E1".*?</tr>', page.text, re.S).group(0)
    linked = [int(n) for n in re.findall(r"/scoring/uploads/(\d+)", row)]
    assert w.client.get(f"/p/{w.token}/scoring/uploads/{linked[0]}").data == corrected.read_bytes()
    assert first in linked[1:]  # "Earlier files"
    # the same file again adds nothing
    page = upload(w, ("acme-cc-scores-E1.xlsx", corrected.read_bytes()))
    assert "identical to the file already received" in page.text
    kinds = [e.kind for e in events.for_project(w.store, w.draft())]
    assert kinds == ["workbook_replaced", "workbook_refused", "workbook_refused", "workbook_accepted"]


def test_files_that_are_not_scoring_workbooks_are_refused_by_name(scoring):
    w, files, tmp_path = scoring
    other = project_data(**{"project.id": "other-cc"})
    write_scoring_outputs(project_from_data(other), tmp_path / "other")
    foreign = (tmp_path / "other" / "scoring" / "other-cc-scores-E1.xlsx").read_bytes()
    page = upload(w, ("empty.xlsx", b""), ("notes.xlsx", b"plain text, not a workbook"),
                  ("other-cc-scores-E1.xlsx", foreign))
    assert page.text.count("received-refused") == 3
    assert "empty.xlsx</strong>: refused." in page.text and "the file is empty" in page.text
    assert "notes.xlsx: not an Excel workbook rfpgen can read" in page.text
    assert "this sheet belongs to project &#39;other-cc&#39;, not to &#39;acme-cc&#39;" in page.text
    assert grid(page.text)["evaluator-E1"] == ["none"] * 3


def _tally_all(w: Wizard, files: dict[str, Path]) -> str:
    upload(w, *[(name, path.read_bytes()) for name, path in files.items()])
    return tally(w)


def _cli_figures(cli, w: Wizard, tmp_path: Path, files: list[Path]) -> dict:
    exported = tmp_path / "exported.yaml"
    exported.write_bytes(w.client.get(f"/p/{w.token}/export.yaml").data)
    from score_page_support import cli_json

    return {v["id"]: v for v in cli_json(cli, exported, files)["vendors"]}


def _page_figures(html: str) -> dict[str, list[str]]:
    rows = table_rows(html)
    return {row[1]: [row[0], row[3], row[4], row[5]] for row in rows[1:]}


def _as_printed(figures: dict) -> dict[str, list[str]]:
    return {vid: [str(v["rank"]) if v["rank"] else "–", number(v["quality_score"], 2, "–"), number(v["price_score"], 2, "–"),
                  number(v["total"], 2, "–")] for vid, v in figures.items()}


def test_consensus_with_reason_is_saved_in_the_draft_and_the_figures_equal_the_cli(scoring, cli):
    w, files, tmp_path = scoring
    html = _tally_all(w, files)
    first = _page_figures(html)
    assert first == _as_printed(_cli_figures(cli, w, tmp_path, list(files.values())))
    assert 'id="consensus-V-A-C-EXP"' in html  # evaluators gave 4, 5 and 3
    before = w.draft()
    form = {"csrf_token": csrf(html), "_revision": str(before.revision), "vendor": "V-A", "criterion": "C-EXP",
            "score": "4", "reason": "  ", "_action": "save"}
    refused = w.client.post(f"/p/{w.token}/scoring/consensus", data=form)
    assert refused.status_code == 400
    assert "Enter why the meeting agreed this score" in refused.text
    assert 'name="score"\n                 value="4"' in refused.text or 'value="4"' in refused.text  # what was typed stays
    assert w.draft().revision == before.revision
    form["reason"] = "Evaluator 3 missed the retail references on page 12; agreed after re-reading."
    form["score"] = "５"  # typed with a Japanese keyboard
    saved = w.client.post(f"/p/{w.token}/scoring/consensus", data=form)
    assert saved.status_code == 302 and saved.headers["Location"].endswith("#consensus-V-A-C-EXP")
    draft = w.draft()
    assert draft.revision == before.revision + 1
    assert draft.data["evaluation"]["consensus"] == [{"vendor": "V-A", "criterion": "C-EXP", "score": 5,
                                                     "reason": form["reason"]}]
    history = w.store.revisions(draft)[0]
    assert history.step == "scoring" and "V-A" not in history.summary and "Alpha Contact" in history.summary
    assert [e.kind for e in events.for_project(w.store, draft)][0] == "consensus_saved"
    page = w.client.get(f"/p/{w.token}/scoring")
    assert "Agreements or workbooks changed after this tally" in page.text
    html = tally(w)
    figures = _cli_figures(cli, w, tmp_path, list(files.values()))
    assert _page_figures(html) == _as_printed(figures) != first  # the agreed 5 replaced the mean 4
    assert "recorded: 5" in html
    # the memo of the tally shows the agreed score and its reason
    job = re.search(r"/scoring/results/(\d+)/results.docx", html).group(1)
    memo = w.client.get(f"/p/{w.token}/scoring/results/{job}/results.docx")
    with zipfile.ZipFile(io.BytesIO(memo.data)) as docx:
        assert form["reason"] in docx.read("word/document.xml").decode().replace("\u2060", "")  # word joiners keep re-reading whole
    # removing it is a save too
    form = {"csrf_token": csrf(html), "_revision": str(w.draft().revision), "vendor": "V-A", "criterion": "C-EXP",
            "_action": "remove"}
    assert w.client.post(f"/p/{w.token}/scoring/consensus", data=form).status_code == 302
    assert "consensus" not in w.draft().data["evaluation"]


def test_consensus_saved_from_an_older_page_merges_or_shows_the_conflict(scoring):
    w, files, tmp_path = scoring
    html = _tally_all(w, files)
    opened = w.draft().revision
    base = {"csrf_token": csrf(html), "_revision": str(opened), "_action": "save"}
    # a colleague records another item meanwhile: both agreements are kept
    other = Wizard(w.app)
    other.token = w.token
    page = other.client.get(f"/p/{w.token}/scoring")
    assert other.client.post(f"/p/{w.token}/scoring/consensus", data={
        "csrf_token": csrf(page.text), "_revision": str(opened), "_action": "save", "vendor": "V-B", "criterion": "C-QM",
        "score": "3", "reason": "Agreed after the meeting."}).status_code == 302
    response = w.client.post(f"/p/{w.token}/scoring/consensus", data=base | {
        "vendor": "V-A", "criterion": "C-EXP", "score": "4", "reason": "Re-read the references."})
    assert response.status_code == 302
    agreed = {(e["vendor"], e["criterion"]): e["score"] for e in w.draft().data["evaluation"]["consensus"]}
    assert agreed == {("V-B", "C-QM"): 3, ("V-A", "C-EXP"): 4}
    # the same item changed by both: the comparison page, nothing lost
    response = w.client.post(f"/p/{w.token}/scoring/consensus", data=base | {
        "vendor": "V-B", "criterion": "C-QM", "score": "2", "reason": "My view."})
    assert response.status_code == 409
    assert "Someone else changed the same fields" in response.text
    refused = [r for r in w.store.revisions(w.draft()) if r.status == "refused"]
    assert refused and refused[0].step == "scoring"
    mine = w.store.revision_data(w.draft(), refused[0].id)
    assert {"vendor": "V-B", "criterion": "C-QM", "score": 2, "reason": "My view."} in mine["evaluation"]["consensus"]


def test_an_incomplete_set_fails_the_tally_with_the_reasons_or_tallies_provisionally(scoring):
    w, files, tmp_path = scoring
    upload(w, ("acme-cc-scores-E1.xlsx", files["acme-cc-scores-E1.xlsx"].read_bytes()),
           ("acme-cc-prices.xlsx", files["acme-cc-prices.xlsx"].read_bytes()))
    html = tally(w)
    assert 'id="tally-failure"' in html
    assert "(the uploaded workbooks): no workbook for evaluator &#39;E2&#39; (Bob Ito)" in html
    assert "tick “Tally despite missing entries”" in html and "--allow-incomplete" not in html
    w.client.get("/lang/ja")
    html = w.client.get(f"/p/{w.token}/scoring").text
    assert "（アップロードしたブック）：評価者「E2」（Bob Ito）の評価シート" in html
    html = tally(w, allow_incomplete="1")
    assert 'id="tally-failure"' not in html and "未入力の項目を除いた暫定の結果です。" in html
    assert table_rows(html)[0][0] == "順位"


def test_no_notice_is_offered_while_items_wait_for_the_consensus_meeting(scoring):
    w, files, _ = scoring
    html = _tally_all(w, files)
    assert 'id="notices-not-due"' in html and "/notices/" not in html
    assert "No notices to the bidders were written, as the ranking is not final:" in html
    assert "items await the consensus meeting: fill in their rows of the consensus workbook acme-cc-consensus.xlsx" in html


def test_a_settled_tally_offers_one_notice_per_vendor(scoring):
    w, _, tmp_path = scoring
    project = project_from_data(project_data())
    write_scoring_outputs(project, tmp_path / "agreed")
    html = _tally_all(w, {p.name: p for p in fill_agreed(tmp_path / "agreed", project)})
    job = re.search(r"/scoring/results/(\d+)/results.docx", html).group(1)
    for name in (f"notices/acme-cc-notice-{v}.docx" for v in ("V-A", "V-B", "V-C")):
        assert f"/scoring/results/{job}/{name}" in html
        response = w.client.get(f"/p/{w.token}/scoring/results/{job}/{name}")
        assert response.status_code == 200 and response.data.startswith(b"PK"), name
    with zipfile.ZipFile(io.BytesIO(w.client.get(f"/p/{w.token}/scoring/results/{job}/notices/acme-cc-notice-V-A.docx").data)) as d:
        text = shown(d.read("word/document.xml").decode())
        assert "Alpha Contact" in text and "Gamma Services" not in text


def test_the_tally_downloads_memo_results_robustness_and_consensus(scoring):
    w, files, tmp_path = scoring
    html = _tally_all(w, files)
    job = re.search(r"/scoring/results/(\d+)/results.docx", html).group(1)
    # the tally and each upload at a time as the documents write it, never 2027-01-15 09:30 UTC
    assert re.search(r"Tallied from revision \d+ on \w{3} \d+ \w+ 20\d\d, \d\d:\d\d \([\w ]+\)\.", html)
    assert not MACHINE_TIME.findall(html)
    wanted = ["results.docx", "results.xlsx", "robustness.xlsx", "acme-cc-consensus.xlsx"]
    for name in wanted:
        assert f"/scoring/results/{job}/{name}" in html
        response = w.client.get(f"/p/{w.token}/scoring/results/{job}/{name}")
        assert response.status_code == 200 and response.data.startswith(b"PK"), name
        assert name.rsplit("/", 1)[-1] in response.headers["Content-Disposition"]
    robust = load_workbook(io.BytesIO(w.client.get(f"/p/{w.token}/scoring/results/{job}/robustness.xlsx").data))
    sheet = [[str(c) for c in row] for row in robust.worksheets[0].iter_rows(values_only=True)]
    assert len(sheet) > 3 and sheet == table_rows(html, "robustness-table")  # the table the page shows
    assert w.client.get(f"/p/{w.token}/scoring/results/{job}/../secret").status_code == 404
    assert w.client.get(f"/p/{w.token}/scoring/results/{job}/other.docx").status_code == 404
    # another project's link does not reach this project's files
    stranger = w.store.create(project_data(), "start", "another")
    assert w.client.get(f"/p/{stranger.token}/scoring/results/{job}/results.docx").status_code == 404
    upload_id = re.search(r"/scoring/uploads/(\d+)", html).group(1)
    assert w.client.get(f"/p/{stranger.token}/scoring/uploads/{upload_id}").status_code == 404


def test_uploads_need_the_csrf_token_and_stay_within_the_limits(tmp_path):
    app = make_app(tmp_path / "web", LIMITS={"uploads_per_project": 2, "score_upload": (3, 60)})
    w = Wizard(app)
    w.client.get("/lang/en")
    w.token = w.store.create(project_data(), "start", "limits").token
    response = w.client.post(f"/p/{w.token}/scoring/upload", data={"files": [(io.BytesIO(b"x"), "a.xlsx")]},
                             content_type="multipart/form-data")
    assert response.status_code == 400  # no CSRF token
    page = w.client.get(f"/p/{w.token}/scoring")
    response = w.client.post(f"/p/{w.token}/scoring/upload", content_type="multipart/form-data",
                             data={"csrf_token": csrf(page.text), "files": [(io.BytesIO(b"x"), f"{n}.xlsx") for n in "abc"]})
    assert response.status_code == 413 and "A project keeps up to 2 uploads (3 with these)." in response.text
    response = w.client.post(f"/p/{w.token}/scoring/upload", content_type="multipart/form-data",
                             data={"csrf_token": csrf(page.text), "files": [(io.BytesIO(b"x"), "a.xlsx")]})
    assert response.status_code == 302
    response = w.client.post(f"/p/{w.token}/scoring/upload", content_type="multipart/form-data",
                             data={"csrf_token": csrf(page.text)})
    assert response.status_code == 400 and "No file was chosen." in response.text
    response = w.client.post(f"/p/{w.token}/scoring/upload", content_type="multipart/form-data",
                             data={"csrf_token": csrf(page.text), "files": [(io.BytesIO(b"x"), "b.xlsx")]})
    assert response.status_code == 429
    app.extensions["rfpgen_store"].dispose()


def test_an_invalid_project_reads_no_workbook(scoring):
    w, files, _ = scoring
    data = w.draft().data
    data["evaluation"]["criteria"][2]["weight"] = 31  # weights no longer add up to 100
    w.store.save(w.draft(), w.draft().revision, data, "evaluation", "broken")
    page = w.client.get(f"/p/{w.token}/scoring")
    assert "The project has problems, so the workbooks cannot be read against it." in page.text
    assert 'id="upload-button" disabled' in page.text
    page = w.client.get(f"/p/{w.token}/scoring")
    response = w.client.post(f"/p/{w.token}/scoring/upload", content_type="multipart/form-data", data={
        "csrf_token": csrf(page.text), "files": [(io.BytesIO(files["acme-cc-scores-E1.xlsx"].read_bytes()), "e1.xlsx")]})
    assert response.status_code == 400


def test_response_forms_price_the_tally_only_without_a_price_workbook(tmp_path):
    """As `rfpgen score` prices from the forms given among its files: the forms received on the responses
    page go into the tally when no price workbook was uploaded, never beside one."""
    from responses_support import fill

    from rfpgen.responses import write_response_form
    from rfpgen.validation import load_project
    from rfpgen.web import score_page, uploads, vendor_responses

    example = Path(__file__).resolve().parent.parent / "examples" / "ja-ec-order-center.yaml"
    app = make_app(tmp_path / "web")
    w = Wizard(app)
    assert w.upload(example.read_bytes(), example.name).status_code == 302
    runtime = app.extensions["rfpgen_runtime"]
    project = load_project(example)
    form = fill(write_response_form(project, tmp_path), tmp_path / "tb.xlsx", project, name="株式会社テレコムブリッジ",
                model="per_fte", staffing={"TEL-ORDER": (330, 20, 85, 40), "TEL-CLAIM": (500, 20, 80, 8),
                                           "MAIL": (400, 15, 90, 10)},
                rates={("fte_month", p): [400_000, 410_000, 420_000] for p in ("TEL-ORDER", "TEL-CLAIM", "MAIL")},
                initial=[0, 0, 0])
    with app.test_request_context():
        outcome = vendor_responses.upload(runtime, w.draft(), [("tb.xlsx", form.read_bytes())], "en")
    assert [a[0] for a in outcome.accepted] == ["V-TB"]
    assert [f.vendor_id for f in score_page.response_forms(runtime, w.draft(), {})] == ["V-TB"]
    write_scoring_outputs(project, tmp_path / "sheets")
    prices = (tmp_path / "sheets" / "scoring" / "procurement" / f"{project.id}-prices.xlsx").read_bytes()
    upload(w, ("prices.xlsx", prices))
    current = uploads.current(uploads.of_project(runtime, w.draft(), score_page.AREA))
    assert list(current) == ["prices"] and score_page.response_forms(runtime, w.draft(), current) == []
    page = w.client.get(f"/p/{w.token}/scoring")
    assert 'id="price-source">' in page.text
    app.extensions["rfpgen_store"].dispose()


def test_the_price_workbook_is_offered_apart_for_procurement(scoring):
    """A build keeps procurement's price workbook (the alias key under blind evaluation) in its own folder,
    scoring/procurement/, so the panel's folder can be handed over whole; the scoring page offers the
    panel's workbooks first and the price workbook after them, said to be procurement's alone."""
    w, _, _ = scoring
    wait_for_build(w)
    page = w.client.get(f"/p/{w.token}/scoring").text
    section = page[page.index('id="workbooks"'):]
    section = section[:section.index("</section>")]
    links = re.findall(r'href="([^"]+)">([^<]+)</a>', section)
    assert [name for _, name in links][-1] == "acme-cc-prices.xlsx"
    assert links[-1][0].endswith("scoring/procurement/acme-cc-prices.xlsx")
    assert all("/procurement/" not in href for href, _ in links[:-1]) and len(links) > 1
    lead = section.index('id="procurement-workbooks"')
    assert section.index("acme-cc-scores-") < lead < section.index("acme-cc-prices.xlsx")
    assert "never give it to the quality panel" in section


def test_the_document_stage_is_shown_as_such_with_the_presentation_workbooks_to_download(tmp_path):
    """A project with presentations, its document-stage workbooks settled and no presentation workbook: the
    page says it is the document stage's result, offers the presenters' workbooks, and no notice."""
    app = make_app(tmp_path / "web")
    w = Wizard(app)
    w.client.get("/lang/en")
    data = project_data()
    data["evaluation"]["rules"] = {"presentation": {"top": 2, "points": 30,
                                                    "criteria": [{"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}}
    w.token = w.store.create(data, "start", "scoring").token
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path / "agreed")
    html = _tally_all(w, {p.name: p for p in fill_agreed(tmp_path / "agreed", project)})
    assert 'id="document-stage"' in html and "The document stage&#39;s result" in html
    assert "once the presentations are scored" in html and "/notices/" not in html
    job = re.search(r"/scoring/results/(\d+)/results.docx", html).group(1)
    link = f"/scoring/results/{job}/presentations/acme-cc-presentation-E1.xlsx"
    assert link in html
    book = load_workbook(io.BytesIO(w.client.get(f"/p/{w.token}{link}").data))
    assert book.sheetnames == ["Instructions", "Alpha Contact", "Gamma Services", "_meta"]
    assert table_rows(html, "ranking-table")[-1][-1] == "Ranked, does not go through to the presentations"
    app.extensions["rfpgen_store"].dispose()


def test_presentation_workbooks_are_not_due_during_the_document_stage_and_a_late_document_stage_result_warns(tmp_path):
    """Before the document stage's tally settles who presents, the presentation workbooks are not missing; a
    document-stage result tallied after the scheduled presentations says the presentation scores are not in it."""
    app = make_app(tmp_path / "web")
    w = Wizard(app)
    w.client.get("/lang/en")
    data = project_data()
    data["project"]["schedule"] = {"proposal_due": "2026-01-09", "presentations": "2026-01-21"}
    data["evaluation"]["rules"] = {"presentation": {"top": 2, "points": 30,
                                                    "criteria": [{"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}}
    w.token = w.store.create(data, "start", "scoring").token
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path / "agreed")
    files = {p.name: p for p in fill_agreed(tmp_path / "agreed", project)}
    page = upload(w, *[(name, path.read_bytes()) for name, path in files.items()]).text
    row = re.search(r'<tr id="slot-presentation-E1" class="([^"]+)">(.*?)</tr>', page, re.S)
    assert row.group(1) == "not-due" and "after the document stage" in row.group(2) and "not returned" not in row.group(2)
    assert "4 of 4 workbooks received; 4 complete." in page
    html = tally(w)
    assert 'id="presentations-due"' in html
    assert "although the presentations were scheduled for Wed 21 January 2026" in html
    assert "presentations/acme-cc-presentation-E1.xlsx" in html
    row = re.search(r'<tr id="slot-presentation-E1" class="([^"]+)">(.*?)</tr>', html, re.S)
    assert row.group(1) == "waiting" and "not returned" in row.group(2)   # the shortlist is settled: now they are due
    assert "4 of 7 workbooks received" in html
    app.extensions["rfpgen_store"].dispose()
