"""The project's secret link: shown with copy and a mail hint, replaceable, and deletion with a grace period."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from rfpgen.web import lifecycle

from web_support import csrf


def test_the_link_is_shown_with_copy_and_a_mail_hint(wizard):
    wizard.start("blank", "ja", ui="ja")
    page = wizard.get("project").text
    assert f"/p/{wizard.token}" in page and 'data-copy="project-link-url"' in page
    assert "自分宛てにメールで送る" in page and "mailto:?subject=" in page
    share = wizard.client.get(f"/p/{wizard.token}/share").text
    assert f'value="http://localhost/p/{wizard.token}"' in share


def test_a_new_link_replaces_the_old_one(wizard):
    wizard.start("blank", "en", ui="en")
    old = wizard.token
    page = wizard.client.get(f"/p/{old}/share")
    refused = wizard.client.post(f"/p/{old}/rotate", data={"csrf_token": csrf(page.text)})
    assert wizard.store.get(old) is not None and refused.status_code == 302  # no confirmation: nothing happens
    response = wizard.client.post(f"/p/{old}/rotate", data={"csrf_token": csrf(page.text), "confirm": "1"})
    new = response.headers["Location"].split("/")[2]
    assert new != old and f"forget={old}" in response.headers["Location"]
    assert wizard.client.get(f"/p/{old}/project").status_code == 404
    assert wizard.client.get(f"/p/{new}/project").status_code == 200


def test_deletion_waits_for_the_grace_period_and_can_be_cancelled(wizard):
    wizard.start("blank", "en", ui="en")
    token = wizard.token
    page = wizard.client.get(f"/p/{token}/share")
    wizard.client.post(f"/p/{token}/delete", data={"csrf_token": csrf(page.text), "confirm": "1"})
    banner = wizard.get("project").text
    assert 'id="deletion-banner"' in banner and "scheduled for deletion" in banner
    wizard.client.post(f"/p/{token}/undelete", data={"csrf_token": csrf(page.text)})
    assert 'id="deletion-banner"' not in wizard.get("project").text

    wizard.client.post(f"/p/{token}/delete", data={"csrf_token": csrf(page.text), "confirm": "1"})
    assert wizard.get("project").status_code == 200  # still there during the grace period
    with wizard.store.engine.begin() as conn:  # the grace period passes
        conn.execute(update(lifecycle.deletions).values(
            requested_at=datetime.now(timezone.utc) - lifecycle.GRACE - timedelta(minutes=1)))
    assert wizard.get("project").status_code == 404
    assert wizard.store.get(token) is None


def test_error_pages_of_a_project_link_back_to_it(wizard):
    wizard.start("blank", "en", ui="en")
    page = wizard.client.get(f"/p/{wizard.token}/no-such-step")
    assert page.status_code == 404 and f'href="/p/{wizard.token}"' in page.text
    unknown = wizard.client.get("/p/unknown-token/project")
    assert 'id="back-to-project"' not in unknown.text  # never a hint about other projects


def test_the_start_page_has_a_place_for_projects_opened_in_this_browser(wizard):
    page = wizard.client.get("/").text
    assert 'id="recent-projects" hidden' in page


def test_builds_follow_a_new_link_and_go_with_the_deleted_project(wizard):
    from sqlalchemy import select

    from rfpgen.web.database import blobs
    from web_support import wait_for_build

    wizard.start("starter", "en", ui="en")
    project_id = wizard.draft().id
    assert 'id="download-vendor-' in wait_for_build(wizard)
    page = wizard.client.get(f"/p/{wizard.token}/share")
    response = wizard.client.post(f"/p/{wizard.token}/rotate", data={"csrf_token": csrf(page.text), "confirm": "1"})
    wizard.token = response.headers["Location"].split("/")[2]
    build = wizard.get("build").text
    link = re.search(r'id="download-vendor-\d+" href="([^"]+)"', build).group(1)
    assert link.startswith(f"/p/{wizard.token}/") and wizard.client.get(link).status_code == 200

    wizard.client.post(f"/p/{wizard.token}/delete", data={"csrf_token": csrf(page.text), "confirm": "1"})
    with wizard.store.engine.begin() as conn:  # the grace period passes
        conn.execute(update(lifecycle.deletions).values(
            requested_at=datetime.now(timezone.utc) - lifecycle.GRACE - timedelta(minutes=1)))
    assert wizard.get("project").status_code == 404
    with wizard.store.engine.connect() as conn:
        assert conn.execute(select(blobs.c.key).where(blobs.c.key.startswith(f"p{project_id}/"))).first() is None
        assert conn.execute(select(lifecycle.deletions)).first() is None
