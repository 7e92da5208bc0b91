"""Every time a page shows (history, a colleague's conflicting save, a deletion's date, the list of all
projects) is written as the documents write a time: in the project's time zone by its name and in the
page's language, never as a machine's 2027-03-01 14:05 UTC."""
from __future__ import annotations

import re

from web_support import MACHINE_TIME, Wizard, csrf, make_app

from rfpgen.project import project_time


def test_wizard_pages_show_times_in_the_projects_zone_and_the_pages_language(tmp_path):
    app = make_app(tmp_path, ADMIN_PASSWORD="s3cret-pass")
    wizard = Wizard(app).start("starter", "en", ui="en")  # a British project: UK time
    colleague = Wizard(app)
    colleague.token = wizard.token
    mine = wizard.form("project")
    theirs = colleague.form("project")
    theirs["project.title"] = "Their title"
    assert colleague.submit("project", form=theirs).status_code == 302
    mine["project.title"] = "My title"
    conflict = wizard.submit("project", form=mine)
    assert conflict.status_code == 409
    saved = wizard.store.revisions(wizard.draft())[0].created_at
    assert project_time(wizard.draft().data, saved, "en") in conflict.text

    share = wizard.get("share").text
    scheduled = wizard.client.post(f"/p/{wizard.token}/delete", data={"csrf_token": csrf(share), "confirm": "1"},
                                   follow_redirects=True).text
    pages = {"conflict": conflict.text, "share": scheduled, "project": wizard.get("project").text,
             "history": wizard.get("history").text}
    wizard.client.get("/lang/ja")
    pages["history in Japanese"] = wizard.get("history").text
    admin = app.test_client()
    admin.get("/lang/en")
    admin.post("/admin/login", data={"csrf_token": csrf(admin.get("/admin/").text), "password": "s3cret-pass"})
    Wizard(app).start("starter", "ja")  # a Japanese project beside it: Japan time
    pages["admin"] = admin.get("/admin/").text

    for name, page in pages.items():
        assert not MACHINE_TIME.findall(page), name
    assert re.search(r"scheduled for deletion on \w{3} \d+ \w+ 20\d\d, \d\d:\d\d \(UK time\)", pages["share"])
    assert 'id="deletion-banner"' in pages["project"] and "(UK time)" in pages["project"]
    assert "(UK time)" in pages["history"] and "（英国時間）" in pages["history in Japanese"]
    assert "(UK time)" in pages["admin"] and "(Japan time)" in pages["admin"]  # each project in its own zone


def test_the_staffing_panel_writes_months_and_days_as_the_documents_do(wizard):
    wizard.start("starter", "ja", ui="ja")
    panel = wizard.get("staffing").text
    panel = panel[panel.index("<main"):]
    assert re.search(r"サービス開始時の人数（20\d\d年\d+月）", panel) and re.search(r"<td>20\d\d年\d+月</td>", panel)
    assert not re.findall(r"\b20\d\d-\d\d\b", panel)  # never 2027-10
    assert re.search(r"ピーク：20\d\d年\d+月 \S+ \d+:\d\d（日本時間）〜", panel)  # by the clock the programs are added up in


def test_a_staffing_panel_held_back_by_an_error_names_it_and_leads_to_it(wizard):
    """An error anywhere keeps the estimate back: the panel names the first one, where it is, with a link
    to its step (it said only 'problems remain', which a PM could not act on from the staffing step)."""
    wizard.start("starter", "en", ui="en")
    wizard.submit("project", {"project.title": ""})
    panel = wizard.get("staffing", query_string={"fragment": "1"}).text
    assert "The first problem:" in panel
    link = re.search(r'<a href="(/p/[^"]+/project)\?check=1">([^<]+)</a>', panel)
    assert link and "Project title" in link.group(2), panel


def test_the_review_and_a_comparison_write_dates_as_the_documents_do(wizard):
    """The review listed ISO dates (2027-05-28) under pages that write 2027年5月28日（金）."""
    wizard.start("starter", "ja", ui="ja")
    wizard.submit("project", {"project.schedule.decision": "2027-05-21"})
    review = wizard.get("review").text
    assert "2027年5月21日（金）" in review and not re.search(r">2027-05-21<", review)
    page = wizard.client.get(f"/p/{wizard.token}/compare?old=1&new=2").text
    assert "2027年5月21日（金）" in page and "2027年5月14日（金）" in page
