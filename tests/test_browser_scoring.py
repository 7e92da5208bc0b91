"""The selection in a real browser (Chromium via Playwright), from the Japanese example's state: the
evaluators' workbooks downloaded from the build, filled as evaluators would, uploaded one by one and
then together, the tally, one consensus score with its reason, the memo downloaded; every figure on
the page equals what `rfpgen score` gives for the same files. Screenshots of the scoring page in ja
and en at desktop and phone widths go to RFPGEN_SCREENSHOTS when set."""
from __future__ import annotations

import os
import re
from pathlib import Path

from docx_reading import full_text
from score_page_support import cli_json, fill_all, table_rows
from browser_support import ARGS, CHROMIUM, playwright_api, pytestmark  # noqa: F401 - pytestmark applies here

from rfpgen.text import number
from rfpgen.validation import load_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ja-ec-order-center.yaml"
PRICES = {"V-TB": 520_000_000, "V-HC": 468_000_000, "V-KS": 455_000_000}
SHOTS = os.environ.get("RFPGEN_SCREENSHOTS")

def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def _wait_for_job(page, done_selector: str) -> None:
    """The page polls its job and reloads when it ends: no progress box any more, the outcome shown."""
    page.wait_for_selector("#build-progress", state="detached", timeout=180_000)
    page.wait_for_selector(f"{done_selector}, #tally-failure, #build-error")
    assert page.locator("#tally-failure, #build-error").count() == 0, page.locator("#tally-failure, #build-error").inner_text()


def _upload(page, files: list[Path]) -> None:
    page.set_input_files("#score-files", [str(f) for f in files])
    page.click("#upload-button")
    page.wait_for_selector("#received")


def _figures(html: str) -> dict[str, list[str]]:
    return {row[1]: [row[0], row[3], row[4], row[5]] for row in table_rows(html)[1:]}


def _cli_figures(cli, project_file: Path, files: list[Path]) -> dict[str, list[str]]:
    return {v["id"]: [str(v["rank"]) if v["rank"] else "–", number(v["quality_score"], 2, "–"),
                      number(v["price_score"], 2, "–"), number(v["total"], 2, "–")]
            for v in cli_json(cli, project_file, files)["vendors"]}


def test_a_selection_scored_in_the_browser_gives_the_cli_figures(server, cli, tmp_path):
    project = load_project(EXAMPLE)
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="ja-JP")
        page = context.new_page()
        page.set_default_timeout(60_000)

        # the Japanese example's state: the project uploaded, its documents built
        page.goto(server + "/lang/ja")
        page.set_input_files("#upload-file", str(EXAMPLE))
        page.click("#upload button[type=submit]")
        page.wait_for_url(re.compile(r"/p/[^/]+/"))
        base = re.match(r"(.*/p/[^/]+)/", page.url).group(1)
        page.goto(base + "/build")
        page.click("#build-button")
        _wait_for_job(page, "[id^=download-vendor-]")

        # the evaluators' workbooks from the build, filled as the evaluators would
        page.goto(base + "/scoring")
        links = page.locator("#workbooks .file-list a")
        assert links.count() == 2 * 2 + 1  # two quality evaluators (documents and presentations), the price workbook
        folder = tmp_path / "scoring"
        folder.mkdir()
        for index in range(links.count()):
            with page.expect_download() as download:
                links.nth(index).click()
            download.value.save_as(folder / download.value.suggested_filename)
        files = fill_all(folder, project, PRICES)

        # one arrives first; the grid shows it complete and the others waiting
        first = folder / f"{project.id}-scores-EV-CS.xlsx"
        _upload(page, [first])
        assert page.locator("#received .received-accepted").count() == 1
        assert page.locator("#slot-evaluator-EV-CS td.state.complete").count() == 3
        assert page.locator("#slot-evaluator-EV-CC td.state.none").count() == 3
        _upload(page, [f for f in files if f != first])
        assert page.locator("#received .received-accepted").count() == len(files) - 1
        assert page.locator("#progress td.state.none").count() == 0
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            _no_sideways_scroll(page, width)
            _shot(page, f"scoring-ja-{width}-received")
        page.set_viewport_size({"width": 1280, "height": 900})

        # the tally, as the score job, its figures those of `rfpgen score` for the same files
        page.click("#tally-button")
        _wait_for_job(page, "#ranking-table")
        exported = tmp_path / "exported.yaml"
        exported.write_bytes(page.request.get(base + "/export.yaml").body())
        assert _figures(page.content()) == _cli_figures(cli, exported, files)

        # one consensus score with its reason, then the tally again
        items = page.locator(".consensus-item")
        assert items.count() >= 1, "the filled scores should spread on some item"
        item = items.first
        item_id = item.get_attribute("id")
        mean = float(re.search(r"平均 ([\d.]+)", item.locator(".spread").inner_text()).group(1))
        agreed = "5" if mean < 4 else "1"  # away from the mean, so the ranking's figures move
        reason = f"評価者間で解釈が分かれたため、提案書12ページの実績一覧を再確認し、合議で{agreed}点とした。"
        before = _figures(page.content())
        item.locator("input[name=score]").fill(agreed)
        item.locator("textarea[name=reason]").fill(reason)
        item.locator("button[value=save]").click()
        page.wait_for_selector(".alert.ok")
        assert page.locator(f"#{item_id} .pill.ok").inner_text() == f"記録済み: {agreed}"
        page.click("#tally-button")
        _wait_for_job(page, "#ranking-table")
        exported.write_bytes(page.request.get(base + "/export.yaml").body())
        assert "consensus:" in exported.read_text(encoding="utf-8")
        after = _figures(page.content())
        assert after != before and after == _cli_figures(cli, exported, files)
        _shot(page, "scoring-ja-1280-tallied")

        # the decision memo, with the agreed score's reason
        with page.expect_download() as download:
            page.click("#download-results-docx")
        memo = tmp_path / "results.docx"
        download.value.save_as(memo)
        assert reason in full_text(memo.read_bytes())

        # the same page in English, and on a phone
        page.goto(server + "/lang/en?next=" + base.split(server, 1)[1] + "/scoring")
        assert page.locator("h1").inner_text() == "Scoring"
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            _no_sideways_scroll(page, width)
            _shot(page, f"scoring-en-{width}")
        page.goto(server + "/lang/ja?next=" + base.split(server, 1)[1] + "/scoring")
        _no_sideways_scroll(page, 390)
        _shot(page, "scoring-ja-390-tallied")
        browser.close()
