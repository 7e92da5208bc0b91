"""The selection pages in a real browser at phone width: publishing answers on the Q&A register (one
refused by the leak check), uploading three response forms at once, the log on the history page; no
page scrolls sideways at 390 px."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml
from browser_support import ARGS, CHROMIUM, playwright_api, pytestmark  # noqa: F401 - the skip and slow marks
from responses_support import fill
from web_support import Wizard, make_app

from rfpgen.responses import write_response_form
from rfpgen.validation import load_project

ROOT = Path(__file__).resolve().parent.parent
JA = ROOT / "examples" / "ja-ec-order-center.yaml"
STAFFING = {"TEL-ORDER": (330, 20, 85, 40), "TEL-CLAIM": (500, 20, 80, 8), "MAIL": (400, 15, 90, 10)}
RATES = {"per_production_hour": {("hour", p): [2000, 2100, 2200] for p in STAFFING},
         "per_fte": {("fte_month", p): [400_000, 410_000, 420_000] for p in STAFFING}}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The wizard served on a free port, with a project made from the Japanese example plus a question whose
    answer quotes a withheld requirement, and three filled response forms."""
    from waitress.server import create_server

    folder = tmp_path_factory.mktemp("selection")
    app = make_app(folder)
    data = yaml.safe_load(JA.read_text(encoding="utf-8"))
    withheld = next(r for r in data["systems"]["requirements"] if r.get("withhold"))
    data["questions"][3]["published"] = False
    data["questions"].append({"number": 5, "received": "2027-03-10", "vendor": "V-TB", "rfp_section": "5.2",
                              "question": "システム連携の条件を教えてください。", "answer": "はい。" + withheld["text"]})
    w = Wizard(app)
    assert w.upload(yaml.safe_dump(data, allow_unicode=True).encode("utf-8"), "project.yaml").status_code == 302
    project = load_project(JA)
    form = write_response_form(project, folder)
    names = {v["id"]: v["name"] for v in project.data["evaluation"]["vendors"]}
    forms = [str(fill(form, folder / f"{vid}.xlsx", project, name=names[vid], model=model, staffing=STAFFING,
                      rates=RATES[model], initial=[1_000_000, 0, 0]))
             for vid, model in (("V-TB", "per_production_hour"), ("V-HC", "per_fte"), ("V-KS", "per_production_hour"))]
    wsgi = create_server(app, host="127.0.0.1", port=0, threads=4)
    threading.Thread(target=wsgi.run, daemon=True).start()
    yield f"http://127.0.0.1:{wsgi.effective_port}", w, forms, withheld["id"]
    wsgi.close()
    app.extensions["rfpgen_store"].dispose()


@pytest.fixture(scope="module")
def phone():
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ja-JP")
        page = context.new_page()
        page.set_default_timeout(60000)
        yield page
        browser.close()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, page.url


def test_publish_two_answers_one_refused_then_upload_three_forms(site, phone):
    base, w, forms, withheld_id = site
    phone.goto(f"{base}/p/{w.token}/questions")
    no_sideways_scroll(phone)
    assert "row-status leak" in phone.locator("#qa-leak-4").get_attribute("class")
    phone.click('button[value="publish:4"]')
    refusal = phone.locator(".alert.error").first
    assert "質問 No.5 は公表できません" in refusal.inner_text() and withheld_id in refusal.inner_text()
    assert phone.locator('textarea[name="questions[4].answer"]').input_value().startswith("はい。")
    phone.click('button[value="publish:3"]')
    assert "質問 No.4 の回答を公表しました" in phone.locator(".alert.ok").first.inner_text()
    published = [bool(q.get("published")) for q in w.draft().data["questions"]]
    assert published == [True, True, True, True, False]
    no_sideways_scroll(phone)

    phone.click("#selection-nav >> text=提案回答書")
    phone.set_input_files("#response-files", forms)
    phone.click("#responses-form button[type=submit]")
    assert phone.locator("#responses-accepted li").count() == 3
    assert phone.locator("#cost-bands tbody tr").count() == 3
    for vendor in ("V-TB", "V-HC", "V-KS"):
        assert phone.locator(f"#vendor-{vendor}").is_visible()
    no_sideways_scroll(phone)

    phone.goto(f"{base}/p/{w.token}/history")
    log = phone.locator("#selection-log tbody").inner_text()
    assert "回答の公開を拒否（漏えい確認）" in log and "回答を公開" in log and log.count("提案回答書を受領") == 3
    no_sideways_scroll(phone)
