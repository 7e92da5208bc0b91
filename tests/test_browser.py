"""A real browser walks a new project from the first step to downloading the zip (Playwright + Debian chromium).

Needs the `playwright` Python package and a chromium binary (RFPGEN_CHROMIUM, default /usr/bin/chromium);
Playwright's own browser download is not used. Set RFPGEN_SCREENSHOTS=DIR to also save a screenshot
of every step in both languages (for reviewing the look).
"""
from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pytest

from rfpgen.web.steps import STEPS

from browser_support import ARGS, CHROMIUM, playwright_api, pytestmark  # noqa: F401 - pytestmark applies here


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="ja-JP")
    page = context.new_page()
    page.set_default_timeout(30000)
    yield page
    context.close()


def _field(page, name: str):
    return page.locator(f'[name="{name}"]')


def _next(page, expected_step: str):
    page.get_by_role("button", name=re.compile("保存して次へ")).click()
    page.wait_for_url(re.compile(rf"/{expected_step}(\?|#|$)"))


def test_new_project_from_first_step_to_downloaded_zip(server, page, tmp_path):
    page.goto(server + "/lang/ja")
    page.click("#start-blank")
    page.wait_for_url(re.compile(r"/p/[^/]+/project$"))
    assert page.locator("h1").inner_text() == "案件とスケジュール"

    # 1 project and schedule
    _field(page, "project.title").fill("みどり通販 コールセンター委託")
    _field(page, "project.client.name").fill("みどり通販株式会社")
    _field(page, "project.schedule.rfp_issue").fill("2027-01-15")
    _field(page, "project.schedule.proposal_due").fill("2027-02-28")
    _next(page, "scope")

    # 2 scope: a requirement row added with the no-JavaScript button
    page.select_option('[name="scope.sourcing_pattern"]', "hybrid")
    _field(page, "scope.objectives").fill("受付時間の延長\n繁忙期の波動対応")
    page.locator('button[value="add:scope.requirements"]').click()
    page.wait_for_url(re.compile(r"/scope#"))
    _field(page, "scope.requirements[0].text").fill("年末商戦期の入電増に対応できる体制を確保すること")
    page.select_option('[name="scope.requirements[0].priority"]', "must")
    _next(page, "overview")
    assert "年末商戦期" in page.goto(page.url.replace("/overview", "/scope")).text()  # back via URL keeps it
    page.go_back()

    # the seven parts, with a program and a call reason in part 2
    page.goto(page.url.rsplit("/", 1)[0] + "/overview")
    _field(page, "overview.background").fill("通販事業の拡大に伴い、受注窓口を外部委託する。")
    _next(page, "work_definition")
    page.locator('button[value="add:work_definition.programs"]').click()
    page.wait_for_url(re.compile(r"/work_definition#"))
    _field(page, "work_definition.programs[0].name").fill("受注ダイヤル")
    page.select_option('[name="work_definition.programs[0].type"]', "inbound")
    page.select_option('[name="work_definition.programs[0].channel"]', "phone")
    page.locator('button[value="add:work_definition.programs[0].call_reasons"]').click()
    page.wait_for_url(re.compile(r"/work_definition#"))
    _field(page, "work_definition.programs[0].call_reasons[0].name").fill("注文")
    _field(page, "work_definition.programs[0].call_reasons[0].share_pct").fill("100")
    _field(page, "work_definition.programs[0].call_reasons[0].aht_seconds").fill("abc")
    page.get_by_role("button", name=re.compile("保存して次へ")).click()
    page.wait_for_url(re.compile(r"/work_definition\?check=1"))
    assert "数値が必要ですが" in page.locator(".has-error").first.inner_text()
    assert _field(page, "work_definition.programs[0].call_reasons[0].aht_seconds").input_value() == "abc"
    _field(page, "work_definition.programs[0].call_reasons[0].aht_seconds").fill("300")
    _next(page, "people")
    for current, following in [("people", "operations"), ("operations", "systems"), ("systems", "pricing"),
                               ("pricing", "approval"), ("approval", "evaluation")]:
        _next(page, following)

    # evaluation: two criteria, the running sum updates as the user types (JavaScript enhancement)
    page.locator('button[value="add:evaluation.criteria"]').click()
    page.wait_for_url(re.compile(r"/evaluation#"))
    page.locator('button[value="add:evaluation.criteria"]').click()
    page.wait_for_url(re.compile(r"/evaluation#"))
    _field(page, "evaluation.criteria[0].name").fill("運営品質")
    _field(page, "evaluation.criteria[0].weight").fill("70")
    _field(page, "evaluation.criteria[1].name").fill("RFPに記載のないニーズへの理解")
    _field(page, "evaluation.criteria[1].weight").fill("30")
    page.check('[name="evaluation.criteria[1].unstated_needs"]')
    assert page.locator('[data-sum="evaluation.criteria"] output').inner_text() == "100"
    page.select_option('[name="evaluation.price.formula"]', "relative_to_lowest")
    _next(page, "vendors")
    page.locator('button[value="add:evaluation.vendors"]').click()
    page.wait_for_url(re.compile(r"/vendors#"))
    _field(page, "evaluation.vendors[0].name").fill("ベンダーA")
    _next(page, "rfp")
    _next(page, "withhold")

    # withhold the scope requirement, with what to look for
    page.check('[name="scope.requirements[0].withhold"]')
    _field(page, "scope.requirements[0].look_for").fill("繁忙期の要員確保策を具体的に示す")
    _next(page, "questions")  # the question period: nothing yet before the RFP goes out
    _next(page, "review")
    assert "エラーはありません" in page.locator(".alert").first.inner_text()
    assert "みどり通販株式会社" in page.content()

    page.get_by_role("link", name=re.compile("文書の作成")).last.click()
    page.wait_for_url(re.compile(r"/build$"))
    page.click("#build-button")
    page.wait_for_selector('[id^="download-internal-"]', timeout=120000)
    names = []
    for which in ("vendor", "internal"):
        with page.expect_download() as download_info:
            page.locator(f'[id^="download-{which}-"]').click()
        target = tmp_path / download_info.value.suggested_filename
        download_info.value.save_as(target)
        with zipfile.ZipFile(target) as bundle:
            names += [(which, n, bundle.read(n)) for n in bundle.namelist()]

    import docx
    import openpyxl

    vendor_files = ("-rfp.docx", "-response-form.xlsx", "-clarifications.docx")
    assert sorted(n for w, n, _ in names if w == "vendor") == sorted(n for _, n, _ in names if n.endswith(vendor_files))
    assert any(n.endswith("-rfp.docx") for w, n, _ in names if w == "vendor")
    assert any(n.endswith("-requirements.docx") for _, n, _ in names)
    assert any(n.endswith(".yaml") for _, n, _ in names)
    for _, name, data in names:
        if name.endswith(".docx"):
            text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
            assert "{{" not in text
            if name.endswith("-requirements.docx"):
                assert "年末商戦期" in text or any("年末商戦期" in c.text for t in docx.Document(io.BytesIO(data)).tables
                                               for r in t.rows for c in r.cells)
        elif name.endswith(".xlsx"):
            openpyxl.load_workbook(io.BytesIO(data)).close()


@pytest.mark.optional
@pytest.mark.skipif(not os.environ.get("RFPGEN_SCREENSHOTS"), reason="set RFPGEN_SCREENSHOTS=DIR to take screenshots")
@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_screenshots_of_every_step(server, browser, lang, width):
    folder = Path(os.environ["RFPGEN_SCREENSHOTS"])
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{server}/lang/{lang}")
    page.screenshot(path=str(folder / f"{lang}-{width}-00-start.png"), full_page=True)
    page.click("#start-starter")
    page.wait_for_url(re.compile(r"/project$"))
    base = page.url.rsplit("/", 1)[0]
    for number, step in enumerate(STEPS, 1):
        page.goto(f"{base}/{step.key}")
        page.wait_for_load_state("networkidle")  # the staffing panel arrives after the page
        assert page.evaluate("document.documentElement.scrollWidth") <= width, step.key
        page.screenshot(path=str(folder / f"{lang}-{width}-{number:02d}-{step.key}.png"), full_page=True)
    for name in ("share", "history"):
        page.goto(f"{base}/{name}")
        page.screenshot(path=str(folder / f"{lang}-{width}-{name}.png"), full_page=True)
    context.close()


@pytest.mark.parametrize("ui, shown", [("ja", "最終表示 2026年12月4日"), ("en", "Last opened 4 December 2026")])
def test_recent_projects_say_when_each_was_last_opened(server, page, ui, shown):
    page.goto(server + f"/lang/{ui}")
    page.evaluate("""localStorage.setItem("rfpgen.projects", JSON.stringify(
        [{token: "kept-token", title: "Kept project", opened: "2026-12-04"}]))""")
    page.reload()
    assert page.locator("#recent-projects li").first.inner_text() == f"Kept project {shown}"


def test_opening_a_project_records_this_day(server, page):
    page.goto(server + "/lang/en")
    page.click("#start-blank")
    page.wait_for_url(re.compile(r"/p/[^/]+/project$"))
    today = page.evaluate("new Date().toLocaleDateString('en-GB', {year: 'numeric', month: 'long', day: 'numeric'})")
    page.goto(server + "/")
    assert page.locator("#recent-projects li").first.inner_text().endswith(f"Last opened {today}")
