"""The selection log: append-only events per project, shown on the history page in the project's time
zone, with their files downloadable, and gone with the project."""
from __future__ import annotations

from datetime import UTC, datetime

from web_support import Wizard, csrf, make_app

from rfpgen.project import project_time, time_zone_of
from rfpgen.web import events
from rfpgen.web.database import events as events_table


def test_recorded_events_are_listed_newest_first_with_who_when_and_what(wizard):
    wizard.start("starter", "ja", ui="ja")
    runtime = wizard.app.extensions["rfpgen_runtime"]
    draft = wizard.draft()
    first = events.record(runtime, draft, "response_uploaded", "acme.xlsx: Acme")
    second = events.record(wizard.store, draft.id, "answer_refused", "Q-3: <b>leak</b>")
    found = events.for_project(runtime, draft)
    assert [e.id for e in found] == [second.id, first.id]
    assert found[1].actor == events.SYSTEM  # outside a request: a job, a script
    assert events.for_project(runtime, draft, kinds=["answer_refused"]) == [found[0]]

    page = wizard.client.get(f"/p/{wizard.token}/history").text
    assert 'id="selection-log"' in page and "提案回答書を受領" in page and "回答の公開を拒否（漏えい確認）" in page
    assert "&lt;b&gt;leak&lt;/b&gt;" in page and "<b>leak" not in page  # summaries are text, never markup
    # in the project's time, as the documents write a time: 2027年1月15日（金）9:30（日本時間）
    assert project_time(draft.data, found[0].created_at, "ja") in page and "（日本時間）" in page


def test_a_request_records_its_address_and_the_name_the_person_gave(wizard):
    wizard.start("blank", "en", ui="en")
    with wizard.app.test_request_context(environ_base={"REMOTE_ADDR": "203.0.113.9"}):
        assert events.actor() == "203.0.113.9"
    page = wizard.client.get(f"/p/{wizard.token}/history")
    wizard.client.post(f"/p/{wizard.token}/name", data={"csrf_token": csrf(page.text), "name": "  Hanako\n Sato  "})
    with wizard.client.session_transaction() as session:
        assert session[events.NAME_KEY] == "Hanako Sato"
    # the name form is a form like any other: no CSRF token, no change
    refused = wizard.client.post(f"/p/{wizard.token}/name", data={"name": "Mallory"})
    assert refused.status_code == 400
    with wizard.client.session_transaction() as session:
        assert session[events.NAME_KEY] == "Hanako Sato"


def test_the_project_time_zone_comes_from_the_deadline_else_opening_hours_else_the_market():
    assert time_zone_of({"operations": {"opening_hours": {"time_zone": "America/New_York"}}}) == "America/New_York"
    assert time_zone_of({"work_definition": {"programs": [{}, {"opening_hours": {"time_zone": "Europe/Paris"}}]}}
                        ) == "Europe/Paris"
    assert time_zone_of({"rfp": {"submission": {"time_zone": "Asia/Seoul"}},
                         "operations": {"opening_hours": {"time_zone": "America/New_York"}}}) == "Asia/Seoul"
    assert time_zone_of({"pricing": {"currency": "GBP"}}) == "Europe/London"
    assert time_zone_of({"project": {"language": "ja"}, "operations": "garbled"}) == "Asia/Tokyo"
    assert time_zone_of({"operations": "garbled", "work_definition": {"programs": "garbled"}}) is None
    when = datetime(2027, 1, 15, 0, 30, tzinfo=UTC)
    assert project_time({"project": {"language": "ja"}}, when) == "2027年1月15日（金）9:30（日本時間）"
    assert project_time({"project": {"language": "ja"}}, when, "en") == "Fri 15 January 2027, 09:30 (Japan time)"
    assert project_time({"project": {"language": "en"}, "pricing": {"currency": "GBP"}}, when) == "Fri 15 January 2027, 00:30 (UK time)"
    assert project_time({}, when, "en") == "Fri 15 January 2027, 00:30 (UTC)"  # a draft that says nothing yet


def test_an_events_file_is_served_from_its_own_project_only(tmp_path):
    app = make_app(tmp_path)
    try:
        mine, other = Wizard(app).start("blank", "en"), Wizard(app).start("blank", "en")
        runtime = app.extensions["rfpgen_runtime"]
        key = f"p{mine.draft().id}/responses/1/acme.xlsx"
        runtime.files.put(key, b"PK-bytes")
        event = events.record(runtime, mine.draft(), "response_uploaded", "acme.xlsx", file_key=key)
        got = mine.client.get(f"/p/{mine.token}/events/{event.id}/file")
        assert got.status_code == 200 and got.data == b"PK-bytes" and "acme.xlsx" in got.headers["Content-Disposition"]
        assert other.client.get(f"/p/{other.token}/events/{event.id}/file").status_code == 404
        # a key outside the project (recorded by mistake) is never served
        stray = events.record(runtime, other.draft(), "response_uploaded", "x", file_key=key)
        assert other.client.get(f"/p/{other.token}/events/{stray.id}/file").status_code == 404
        plain = events.record(runtime, mine.draft(), "answer_published", "Q-1")
        assert mine.client.get(f"/p/{mine.token}/events/{plain.id}/file").status_code == 404
    finally:
        app.extensions["rfpgen_store"].dispose()


def test_deleting_a_project_removes_its_events_only(tmp_path):
    app = make_app(tmp_path)
    try:
        gone, kept = Wizard(app).start("blank", "en"), Wizard(app).start("blank", "en")
        runtime = app.extensions["rfpgen_runtime"]
        events.record(runtime, gone.draft(), "response_uploaded", "a")
        events.record(runtime, kept.draft(), "response_uploaded", "b")
        runtime.delete_project(gone.draft())
        with runtime.engine.connect() as conn:
            assert [row.summary for row in conn.execute(events_table.select())] == ["b"]
    finally:
        app.extensions["rfpgen_store"].dispose()


def test_a_kind_is_named_in_the_interface_language_or_shown_as_recorded():
    assert events.kind_name("answer_published", "ja") == "回答を公開"
    assert events.kind_name("answer_published", "en") == "Answer published"
    assert events.kind_name("something_new", "en") == "something_new"
