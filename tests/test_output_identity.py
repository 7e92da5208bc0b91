"""Every file rfpgen writes says it comes from the client, never from rfpgen: document properties,
dates, the table of contents a .docx opens with, and the project's confidentiality label on every
internal document."""
from __future__ import annotations

import re
import zipfile

import pytest
from openpyxl import load_workbook

from docx_reading import paragraphs
from rfpgen.documents.build import build_documents
from rfpgen.scoring import tally, write_results
from scoring_support import fill_all, make_project, project_data

LABEL = "Selection committee only"


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    data = project_data()
    data["project"]["confidentiality"] = LABEL
    data["project"]["date"] = "2027-02-15"
    project = make_project(data)
    build_documents(project, out)
    result = tally(project, fill_all(out, project))
    write_results(project, result, out / "results")
    files = sorted(p for p in out.rglob("*") if p.suffix in (".docx", ".xlsx"))
    return project, files


def _props(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith("docProps/")}


def test_every_output_is_covered(outputs):
    _, files = outputs
    names = {re.sub(r"-(E\d|V-[A-C])\b", "", p.name) for p in files}
    assert {"acme-cc-requirements.docx", "acme-cc-rfp.docx", "acme-cc-evaluator-guide.docx", "acme-cc-scores.xlsx",
            "acme-cc-prices.xlsx", "acme-cc-evaluator-form.docx"} <= names
    assert any(p.parent.name == "results" and p.suffix == ".docx" for p in files)
    assert any(p.parent.name == "results" and p.suffix == ".xlsx" for p in files)


def test_no_tool_name_template_date_or_stale_part_in_any_output(outputs):
    project, files = outputs
    client = project.data["project"]["client"]["name"]
    for path in files:
        props = _props(path)
        text = "\n".join(props.values())
        assert "rfpgen" not in text.lower(), path.name
        assert "2013-" not in text and "Macintosh" not in text, path.name
        assert re.search(r"<dc:creator[^>]*>" + re.escape(client.replace("&", "&amp;")), props["docProps/core.xml"]), path.name
        assert re.search(r"<cp:lastModifiedBy[^>]*>" + re.escape(client.replace("&", "&amp;")), props["docProps/core.xml"]), path.name
        assert "2027-02-15T00:00:00Z" in props["docProps/core.xml"], path.name  # created on the project date
        with zipfile.ZipFile(path) as archive:
            assert not [n for n in archive.namelist() if n.startswith("customXml/")], path.name
        if path.suffix == ".docx":
            assert f"<Company>{client}</Company>" in props["docProps/app.xml"].replace("&amp;", "&"), path.name
            assert "<Application>" not in props["docProps/app.xml"] and "<Pages>" not in props["docProps/app.xml"]


def test_the_projects_label_marks_every_internal_document(outputs):
    _, files = outputs
    for path in files:
        if any(vendor_facing in path.name for vendor_facing in ("-rfp.", "-response-form.", "-notice-", "clarifications")):
            continue
        if path.suffix == ".docx":
            text = "\n".join(paragraphs(path.read_bytes()))
        else:
            wb = load_workbook(path)
            text = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
            text += "\n".join((ws.oddHeader.right.text or "") + (ws.oddHeader.center.text or "") for ws in wb.worksheets)
        assert LABEL in text, path.name
        assert "Confidential – internal" not in text, path.name


def test_the_docx_opens_with_a_real_table_of_contents_and_no_update_prompt(outputs):
    _, files = outputs
    for path in files:
        if not path.name.endswith(("-requirements.docx", "-rfp.docx", "-evaluator-guide.docx")):
            continue
        data = path.read_bytes()
        with zipfile.ZipFile(path) as archive:
            settings = archive.read("word/settings.xml").decode()
            body = archive.read("word/document.xml").decode()
        assert "updateFields" not in settings and 'w:dirty="true"' not in body, path.name
        texts = paragraphs(data)
        start = texts.index("Contents")
        body = texts.index(texts[start + 1], start + 2)  # the first entry again: the chapter itself
        entries, rest = [e for e in texts[start + 1:body] if e.strip()], texts[body:]
        chapters = [t for t in rest if re.match(r"^\d+\. \S", t)]
        assert chapters and all(c in entries for c in chapters), path.name
        assert all(e in rest for e in entries), path.name
        assert not any("Update Field" in t for t in texts), path.name
