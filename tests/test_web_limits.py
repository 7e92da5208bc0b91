"""The wizard under hostile input: oversized drafts refused before validation, throttles answering 429,
huge numbers kept as typed. (The timed load test is bench/bench_hostile.py.)"""
from __future__ import annotations

import re

import io


from web_support import csrf, make_app, Wizard


def _upload(client, content: bytes):
    page = client.get("/")
    return client.post("/upload", data={"csrf_token": csrf(page.text), "file": (io.BytesIO(content), "p.yaml")},
                       content_type="multipart/form-data")


def test_an_upload_of_thousands_of_blank_rows_is_refused_in_the_ui_language(tmp_path):
    app = make_app(tmp_path)
    wizard = Wizard(app)
    wizard.client.get("/lang/ja")
    raw = ("schema_version: 1\nproject: {title: x}\nscope:\n  requirements:\n" + "  - {}\n" * 4000).encode()
    response = _upload(wizard.client, raw)
    assert response.status_code == 413
    assert "1つの表に入れられる行は 500 行まで" in response.text and "4,000" in response.text
    assert not wizard.store.all_drafts()


def test_a_form_post_adding_thousands_of_blank_rows_is_refused_and_the_draft_kept(tmp_path):
    wizard = Wizard(make_app(tmp_path)).start("blank", "ja", ui="ja")
    before = wizard.draft()
    form = wizard.form("work_definition")
    form["work_definition.programs#rows"] = "500"
    for i in range(500):
        form[f"work_definition.programs[{i}].call_reasons#rows"] = "20"
    response = wizard.submit("work_definition", form=form, action="add:work_definition.programs")
    assert response.status_code == 413
    assert "1つの案件に入れられる行は全体で 3,000 行まで" in response.text and "10,500" in response.text
    # the way back is the browser's back (what was typed stays), the project's page for a browser without history
    assert re.search(r'id="back-to-form" data-back href="/p/[^"]+"', response.text)
    assert wizard.draft().revision == before.revision


def test_a_table_with_too_many_rows_is_named_where_the_wizard_shows_it(tmp_path):
    wizard = Wizard(make_app(tmp_path)).start("blank", "en", ui="en")
    form = wizard.form("work_definition")
    form["work_definition.programs#rows"] = "2000"
    response = wizard.submit("work_definition", form=form)
    assert response.status_code == 413
    assert "A table holds at most" in response.text
    assert "Definition of the work › Programme" in response.text, re.findall(r'error-place">[^<]*', response.text)


def test_a_4301_digit_number_is_kept_as_typed_and_explained(tmp_path):
    wizard = Wizard(make_app(tmp_path)).start("blank", "en", ui="en")
    digits = "9" * 4301
    response = wizard.submit("people", {"people.span_of_control": digits}, follow=True)
    assert response.status_code == 200
    assert wizard.draft().data["people"]["span_of_control"] == digits
    assert "expected a whole number" in response.text or "whole number" in response.text


def test_a_4301_digit_number_in_an_upload_is_a_problem_with_its_line(tmp_path):
    wizard = Wizard(make_app(tmp_path))
    wizard.client.get("/lang/en")
    response = _upload(wizard.client, f"schema_version: 1\npeople:\n  span_of_control: {'9' * 4301}\n".encode())
    assert response.status_code in (200, 302, 400)
    assert response.status_code != 500


def test_admin_password_guessing_is_throttled_and_logged(tmp_path, caplog):
    app = make_app(tmp_path, ADMIN_PASSWORD="right-password-123")
    client = app.test_client()
    token = csrf(client.get("/").text)
    codes = [client.post("/admin/login", data={"csrf_token": token, "password": f"guess{i}"}).status_code
             for i in range(8)]
    assert codes[:5] == [403] * 5 and codes[5:] == [429] * 3
    limited = client.post("/admin/login", data={"csrf_token": token, "password": "x"})
    assert int(limited.headers["Retry-After"]) >= 1
    assert sum("wrong password" in r.getMessage() for r in caplog.records) == 5


def test_signing_in_as_admin_keeps_wizard_forms_in_other_tabs_working(tmp_path):
    app = make_app(tmp_path, ADMIN_PASSWORD="right-password-123")
    wizard = Wizard(app).start("blank", "en", ui="en")
    form = wizard.form("project")  # a tab opened before signing in
    wizard.client.post("/admin/login", data={"csrf_token": csrf(wizard.client.get("/").text),
                                             "password": "right-password-123"})
    form["project.title"] = "Still saves"
    assert wizard.submit("project", form=form).status_code == 302
    assert wizard.draft().data["project"]["title"] == "Still saves"


def test_project_creation_is_throttled_per_address(tmp_path):
    app = make_app(tmp_path, LIMITS={"create": (3, 60)})
    client = app.test_client()
    token = csrf(client.get("/").text)
    codes = [client.post("/new", data={"csrf_token": token, "source": "blank"}).status_code for _ in range(4)]
    assert codes == [302, 302, 302, 429]
    other = client.post("/new", data={"csrf_token": token, "source": "blank"},
                        environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other.status_code == 302  # another address is not affected


def test_daily_project_quota_per_address(tmp_path):
    app = make_app(tmp_path, LIMITS={"projects_per_address_per_day": 2})
    client = app.test_client()
    token = csrf(client.get("/").text)
    codes = [client.post("/new", data={"csrf_token": token, "source": "blank"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_a_draft_over_the_size_quota_is_refused(tmp_path):
    wizard = Wizard(make_app(tmp_path, LIMITS={"draft_bytes": 5000})).start("blank", "en", ui="en")
    response = wizard.submit("scope", {"scope.notes": "x" * 6000})
    assert response.status_code == 413
    assert "exceeds the limit of 5,000 bytes" in response.text
    assert "notes" not in (wizard.draft().data.get("scope") or {})


def test_validation_is_linear_in_the_number_of_rows():
    """4,000 blank rows give 12,000 problems; the old list scan made this quadratic (46 s)."""
    from rfpgen.validation import _Report
    from rfpgen.yamlio import Document

    report = _Report(Document({}, "x.yaml"), "en")
    for i in range(20000):
        report.add(("rows", i, "text"), "missing", "なし")
        report.add(("rows", i, "text"), "missing", "なし")  # reported twice, kept once
    assert len(report.problems) == 20000
    assert len(report._seen) == 20000


def test_the_cli_refuses_a_4301_digit_number_with_its_place(cli, write_yaml):
    path = write_yaml("schema_version: 1\npeople:\n  span_of_control: " + "9" * 4301 + "\n")
    result = cli("validate", path)
    assert result.exit_code != 0
    assert f"{path.name}:3:20" in result.output and "4,301 digits" in result.output


def test_saves_are_throttled_per_project_so_colleagues_behind_one_proxy_do_not_share_a_limit(tmp_path):
    app = make_app(tmp_path, LIMITS={"save": (3, 60)})
    first = Wizard(app).start("blank", "en", ui="en")
    second = Wizard(app).start("blank", "en", ui="en")  # a colleague at the same address
    codes = [first.submit("project", {"project.title": f"Title {i}"}).status_code for i in range(4)]
    assert codes == [302, 302, 302, 429]
    assert first.draft().data["project"]["title"] == "Title 2"  # the refused save changed nothing
    assert second.submit("project", {"project.title": "Theirs"}).status_code == 302
