"""Issue 21's acceptance: a selection run in a real browser (Chromium via Playwright) from the Japanese
example's state. Two answers are published on the Q&A register (one refused by the leak check), three
filled response forms are uploaded, the evaluators' workbooks downloaded from the build, filled as
evaluators would, uploaded one and then the rest; the tally runs, one consensus score is entered with
its reason, the tally runs again and the memo is downloaded. Every figure on the page equals what
`rfpgen score` gives for the same files (the workbooks and, with no price workbook uploaded, the
response forms, whose normalised cost is the price). Screenshots of the scoring page in ja and en at
desktop and phone widths go to RFPGEN_SCREENSHOTS when set."""
from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from browser_support import ARGS, CHROMIUM, playwright_api, pytestmark  # noqa: F401 - the skip and slow marks
from docx_reading import full_text
from responses_support import fill
from score_page_support import cli_json, fill_all, table_rows

from rfpgen.responses import write_response_form
from rfpgen.scoring import model
from rfpgen.text import number
from rfpgen.validation import load_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ja-ec-order-center.yaml"
SHOTS = os.environ.get("RFPGEN_SCREENSHOTS")
STAFFING = {"TEL-ORDER": (330, 20, 85, 40), "TEL-CLAIM": (500, 20, 80, 8), "MAIL": (400, 15, 90, 10)}
RATES = {"per_production_hour": {("hour", p): [2000, 2100, 2200] for p in STAFFING},
         "per_fte": {("fte_month", p): [400_000, 410_000, 420_000] for p in STAFFING}}
OFFERS = (("V-TB", "per_production_hour", 1_000_000), ("V-HC", "per_fte", 2_000_000), ("V-KS", "per_production_hour", 0))


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _run_job(page, button: str, done_selector: str) -> None:
    """Start a job and wait for it. The page polls its job and reloads when it ends: no progress box any
    more, the outcome shown. The click's own page load is awaited first: the page it leaves may already
    show an earlier outcome (a second tally), which would otherwise be read as this job's."""
    with page.expect_navigation():
        page.click(button)
    page.wait_for_selector("#build-progress", state="detached", timeout=180_000)
    page.wait_for_selector(f"{done_selector}, #tally-failure, #build-error")
    failed = page.locator("#tally-failure, #build-error")
    assert failed.count() == 0, failed.first.inner_text()


def _upload(page, files: list[Path]) -> None:
    page.set_input_files("#score-files", [str(f) for f in files])
    page.click("#upload-button")
    page.wait_for_selector("#received")


def _figures(html: str) -> dict[str, list[str]]:
    """Rank, quality score, price score and the figure ranked by (the column before the status: with
    presentations, the document-stage total and presentation points come before it)."""
    return {row[1]: [row[0], row[3], row[4], row[-2]] for row in table_rows(html)[1:]}


def _cli_figures(cli, project_file: Path, files: list[Path]) -> dict[str, list[str]]:
    return {v["id"]: [str(v["rank"]) if v["rank"] else "–", number(v["quality_score"], 2, "–"),
                      number(v["price_score"], 2, "–"), number(v["total"], 2, "–")]
            for v in cli_json(cli, project_file, files)["vendors"]}


def _example_with_a_leaking_answer(folder: Path) -> tuple[Path, str]:
    """The Japanese example with its fourth answer not yet published and a fifth whose answer quotes a
    withheld requirement (what the leak check must stop)."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    withheld = next(r for r in data["systems"]["requirements"] if r.get("withhold"))
    data["questions"][3]["published"] = False
    data["questions"].append({"number": 5, "received": "2027-03-10", "vendor": "V-TB", "rfp_section": "5.2",
                              "question": "システム連携の条件を教えてください。", "answer": "はい。" + withheld["text"]})
    path = folder / "ja-ec-order-center.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path, withheld["id"]


def test_a_selection_run_in_the_browser_gives_the_cli_figures(server, cli, tmp_path):
    project = load_project(EXAMPLE)
    start, withheld_id = _example_with_a_leaking_answer(tmp_path)
    form = write_response_form(project, tmp_path)
    names = {v["id"]: v["name"] for v in project.data["evaluation"]["vendors"]}
    forms = [fill(form, tmp_path / f"response-{vid}.xlsx", project, name=names[vid], model=pricing, staffing=STAFFING,
                  rates=RATES[pricing], initial=[initial, 0, 0]) for vid, pricing, initial in OFFERS]
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="ja-JP")
        page = context.new_page()
        page.set_default_timeout(60_000)

        # the Japanese example's state, uploaded as a project file
        page.goto(server + "/lang/ja")
        page.set_input_files("#upload-file", str(start))
        page.click("#upload button[type=submit]")
        page.wait_for_url(re.compile(r"/p/[^/]+/"))
        base = re.match(r"(.*/p/[^/]+)/", page.url).group(1)

        # two answers published: the one quoting a withheld requirement is refused, the other goes out
        page.goto(base + "/questions")
        page.click('button[value="publish:4"]')
        refusal = page.locator(".alert.error").first.inner_text()
        assert "質問 No.5 は公表できません" in refusal and withheld_id in refusal
        page.click('button[value="publish:3"]')
        assert "質問 No.4 の回答を公表しました" in page.locator(".alert.ok").first.inner_text()
        published = yaml.safe_load(page.request.get(base + "/export.yaml").body())["questions"]
        assert [bool(q.get("published")) for q in published] == [True, True, True, True, False]

        # three vendors' response forms
        page.goto(base + "/responses")
        page.set_input_files("#response-files", [str(f) for f in forms])
        page.click("#responses-form button[type=submit]")
        assert page.locator("#responses-accepted li").count() == 3

        # the documents built; the evaluators' workbooks from that build, filled as the evaluators would
        page.goto(base + "/build")
        _run_job(page, "#build-button", "[id^=download-vendor-]")
        page.goto(base + "/scoring")
        links = page.locator("#workbooks .file-list a")
        assert links.count() == 2 * 2 + 1  # two quality evaluators (documents, presentations) and the price workbook
        folder = tmp_path / "scoring"
        folder.mkdir()
        for index in range(links.count()):
            with page.expect_download() as download:
                links.nth(index).click()
            download.value.save_as(folder / download.value.suggested_filename)
        prices = folder / model.price_workbook_name(project.id)  # downloaded beside the others
        workbooks = [f for f in fill_all(folder, project, {}) if f != prices]  # prices come from the forms

        # one workbook arrives first: the grid shows it complete and the others waiting; then the rest
        first = folder / model.evaluator_workbook_name(project.id, "EV-CS")
        _upload(page, [first])
        assert page.locator("#received .received-accepted").count() == 1
        assert page.locator("#slot-evaluator-EV-CS td.state.complete").count() == 3
        assert page.locator("#slot-evaluator-EV-CC td.state.none").count() == 3
        _upload(page, [f for f in workbooks if f != first])
        assert page.locator("#received .received-accepted").count() == len(workbooks) - 1
        assert page.locator("#progress td.state.none").count() == 3  # the price workbook: the forms price instead
        assert "提案回答書 3 件の正規化コスト" in page.locator("#price-source").inner_text()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            _no_sideways_scroll(page, width)
            _shot(page, f"scoring-ja-{width}-received")
        page.set_viewport_size({"width": 1280, "height": 900})

        # the tally, as the score job: its figures are those of `rfpgen score` for the same files
        _run_job(page, "#tally-button", "#ranking-table")
        exported = tmp_path / "exported.yaml"
        exported.write_bytes(page.request.get(base + "/export.yaml").body())
        same_files = workbooks + forms
        before = _figures(page.content())
        assert before == _cli_figures(cli, exported, same_files)
        assert any(row[2] != "–" for row in before.values()), "the response forms should price the offers"

        # one consensus score with its reason, then the tally again
        items = page.locator(".consensus-item")
        assert items.count() >= 1, "the filled scores should spread on some item"
        item = items.first
        item_id = item.get_attribute("id")
        mean = float(re.search(r"平均 ([\d.]+)", item.locator(".spread").inner_text()).group(1))
        agreed = "5" if mean < 4 else "1"  # away from the mean, so the ranking's figures move
        reason = f"評価者間で解釈が分かれたため、提案書12ページの実績一覧を再確認し、合議で{agreed}点とした。"
        item.locator("input[name=score]").fill(agreed)
        item.locator("textarea[name=reason]").fill(reason)
        item.locator("button[value=save]").click()
        page.wait_for_selector(".alert.ok")
        assert page.locator(f"#{item_id} .pill.ok").inner_text() == f"記録済み：{agreed}"
        _run_job(page, "#tally-button", "#ranking-table")
        exported.write_bytes(page.request.get(base + "/export.yaml").body())
        assert "consensus:" in exported.read_text(encoding="utf-8")
        after = _figures(page.content())
        assert after != before and after == _cli_figures(cli, exported, same_files)
        _shot(page, "scoring-ja-1280-tallied")

        # the decision memo, with the agreed score's reason
        with page.expect_download() as download:
            page.click("#download-results-docx")
        memo = tmp_path / "results.docx"
        download.value.save_as(memo)
        assert reason in full_text(memo.read_bytes())

        # everything done is in the project's selection log
        page.goto(base + "/history")
        log = page.locator("#selection-log tbody").inner_text()
        for words in ("回答の公開を拒否（漏えい確認）", "提案回答書を受領", "評価シートを受領", "合議結果を記録", "集計を開始"):
            assert words in log, words

        # the scoring page in English, and on a phone
        path = base.split(server, 1)[1] + "/scoring"
        page.goto(server + "/lang/en?next=" + path)
        assert page.locator("h1").inner_text() == "Scoring"
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            _no_sideways_scroll(page, width)
            _shot(page, f"scoring-en-{width}")
        page.goto(server + "/lang/ja?next=" + path)
        _no_sideways_scroll(page, 390)
        _shot(page, "scoring-ja-390-tallied")
        browser.close()
