"""The wizard's build step: downloads that open, and the same documents as the CLI builds from the export."""
from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from click.testing import CliRunner


from test_web_helpers import EXAMPLES, Wizard, app, csrf, wizard  # noqa: F401



def wait_for_build(w: Wizard, **form) -> str:
    """Start a build and follow its progress as the page does; the build page once the job ended."""
    page = w.get("build")
    response = w.client.post(f"/p/{w.token}/build", data={"csrf_token": csrf(page.text), **form})
    assert response.status_code == 302, response.text
    page = w.get("build").text
    status_url = re.search(r'data-status-url="([^"]+)"', page)
    while status_url:
        assert "http-equiv=\"refresh\"" in page  # the page refreshes itself without JavaScript
        if w.client.get(status_url.group(1)).json["status"] in ("done", "failed"):
            break
        time.sleep(0.2)
    return w.get("build").text


def build_zip(w: Wizard) -> zipfile.ZipFile:
    page = wait_for_build(w)
    link = re.search(r'id="download-zip" href="([^"]+)"', page).group(1)
    download = w.client.get(link)
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(download.data))


def comparable(data: bytes) -> dict:
    """An Office file's parts, minus the timestamps a rebuild changes."""
    with zipfile.ZipFile(io.BytesIO(data)) as office:
        parts = {name: office.read(name) for name in office.namelist()}
    core = parts.pop("docProps/core.xml", b"")
    parts["core-without-dates"] = re.sub(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>", b"", core)
    return parts


def document_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts += [cell.text for cell in row.cells]
    return "\n".join(texts)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_wizard_build_equals_cli_build_of_the_exported_yaml(wizard, example, tmp_path):
    assert wizard.upload(example.read_bytes(), example.name).status_code == 302
    bundle = build_zip(wizard)
    yaml_name = next(n for n in bundle.namelist() if n.endswith(".yaml"))
    exported = tmp_path / "exported.yaml"
    exported.write_bytes(bundle.read(yaml_name))
    assert wizard.client.get(f"/p/{wizard.token}/export.yaml").data == exported.read_bytes()

    from rfpgen.cli import main

    result = CliRunner().invoke(main, ["build", str(exported), "-o", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    project_id = wizard.draft().data["project"]["id"]
    cli_files = {p.relative_to(tmp_path / "cli" / project_id).as_posix(): p.read_bytes()
                 for p in (tmp_path / "cli" / project_id).rglob("*") if p.is_file()}
    wizard_files = {n: bundle.read(n) for n in bundle.namelist() if not n.endswith(".yaml")}
    assert sorted(wizard_files) == sorted(cli_files)
    for name, data in wizard_files.items():
        if name.endswith((".docx", ".xlsx")):
            assert comparable(data) == comparable(cli_files[name]), name
        else:
            assert data == cli_files[name], name


def test_built_documents_open_and_contain_what_was_typed(wizard):
    import openpyxl

    wizard.start("starter", "ja")
    title = "みどり通販 & <コール> センター委託"
    assert wizard.submit("project", {"project.title": title}).status_code == 302
    bundle = build_zip(wizard)
    names = bundle.namelist()
    assert any(n.endswith("-rfp.docx") for n in names) and any(n.endswith("-requirements.docx") for n in names)
    assert any(n.endswith(".xlsx") for n in names)
    for name in names:
        data = bundle.read(name)
        if name.endswith(".docx"):
            text = document_text(data)
            assert "{{" not in text and "{%" not in text, name
            if "requirements" in name or "rfp" in name:
                assert title in text, name
        elif name.endswith(".xlsx"):
            openpyxl.load_workbook(io.BytesIO(data)).close()
    for link in re.findall(r'href="(/p/[^"]+/download/\d+/[^"]+)"', wizard.get("build").text):
        assert wizard.client.get(link).status_code == 200


def test_build_is_refused_while_problems_remain(wizard):
    wizard.start("blank", "en", ui="en")
    page = wizard.get("build")
    assert "cannot be built while problems remain" in page.text
    token = csrf(wizard.client.get("/").text)  # the page offers no build button; post anyway
    response = wizard.client.post(f"/p/{wizard.token}/build", data={"csrf_token": token})
    assert response.status_code == 400
    assert "Traceback" not in response.text


def test_downloads_of_other_projects_and_paths_are_refused(wizard):
    wizard.start("starter", "ja")
    build_zip(wizard)
    other = Wizard(wizard.app).start("blank", "ja")
    page = wizard.get("build").text
    link = re.search(r'id="download-zip" href="([^"]+)"', page).group(1)
    assert other.client.get(link.replace(wizard.token, other.token)).status_code == 404
    assert wizard.client.get(f"/p/{wizard.token}/download/1/../../secret_key").status_code == 404
    assert wizard.client.get(f"/p/{wizard.token}/download/1/documents/../../../secret_key").status_code == 404


def test_an_rfp_that_would_quote_a_withheld_requirement_is_refused_with_the_reason(wizard):
    from test_documents import _planted_leak

    from rfpgen.yamlio import dump

    data, withheld, _ = _planted_leak()
    wizard.upload(dump(data).encode("utf-8"))
    page = wait_for_build(wizard)
    error = re.search(r'id="build-error"[^>]*>([^<]*)<', page).group(1)
    assert withheld.id in error and "Traceback" not in page
