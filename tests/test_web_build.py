"""The wizard's build step: downloads that open, and the same documents as the CLI builds from the export."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from click.testing import CliRunner

from rfpgen.documents.pdf import soffice_path


from web_support import EXAMPLES, MACHINE_TIME, Wizard, comparable, csrf, merged, packs_on, wait_for_build



def build_packs(w: Wizard) -> dict[str, zipfile.ZipFile]:
    """Build, then download the vendor pack and the internal pack as the build page offers them."""
    return packs_on(w, wait_for_build(w))


def build_zip(w: Wizard) -> zipfile.ZipFile:
    return merged(build_packs(w))


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
    link = re.search(r'id="download-vendor-\d+" href="([^"]+)"', page).group(1)
    assert other.client.get(link.replace(wizard.token, other.token)).status_code == 404
    assert wizard.client.get(f"/p/{wizard.token}/download/1/../../secret_key").status_code == 404
    assert wizard.client.get(f"/p/{wizard.token}/download/1/documents/../../../secret_key").status_code == 404


def test_an_rfp_that_would_quote_a_withheld_requirement_is_refused_with_the_reason(wizard):
    from documents_support import planted_leak

    from rfpgen.yamlio import dump

    data, withheld, _ = planted_leak()
    wizard.upload(dump(data).encode("utf-8"))
    page = wait_for_build(wizard)
    error = re.search(r'id="build-error"[^>]*>([^<]*)<', page).group(1)
    assert withheld.id in error and "Traceback" not in page


def _all_text(name: str, data: bytes) -> str:
    if name.endswith(".docx"):
        return document_text(data)
    if name.endswith(".xlsx"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data))
        return "\n".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row
                         if c.value is not None)
    return data.decode("utf-8", "replace")


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_the_vendor_pack_holds_the_rfp_side_only_and_no_withheld_text(wizard, example):
    from rfpgen.validation import load_project
    from rfpgen.yamlio import parse_bytes

    assert wizard.upload(example.read_bytes(), example.name).status_code == 302
    packs = build_packs(wizard)
    vendor, internal = packs["vendor"].namelist(), packs["internal"].namelist()
    assert any(n.endswith("-rfp.docx") for n in vendor)
    assert not any(n.endswith(("-requirements.docx", "-evaluator-guide.docx", ".yaml")) or "/" in n for n in vendor)
    assert any(n.endswith("-requirements.docx") for n in internal) and any(n.endswith(".yaml") for n in internal)
    assert not set(vendor) & set(internal)

    data = parse_bytes(example.read_bytes(), example.name)[0].data
    withheld = load_project(example).withheld()  # still withheld: not disclosed by a published answer
    assert withheld, "the example must withhold something for this test to mean anything"
    text = "\n".join(_all_text(n, packs["vendor"].read(n)) for n in vendor)
    squeezed = re.sub(r"\s+", "", text)
    for requirement in withheld:
        assert re.sub(r"\s+", "", requirement.text) not in squeezed, requirement.id
        assert re.sub(r"\s+", "", requirement.look_for) not in squeezed, requirement.id
    budget = (data.get("pricing") or {}).get("budget")
    if budget and data.get("rfp", {}).get("withhold", {}).get("budget", True):
        assert f"{budget['amount']:,}" not in text


def test_each_file_is_labelled_with_its_audience_and_earlier_builds_stay(wizard):
    wizard.start("starter", "ja", ui="ja")
    build_packs(wizard)
    page = wizard.get("build").text
    assert re.search(r'-rfp\.docx</a></td>\s*<td><span class="audience vendor">提案者へ送付', page)
    assert re.search(r'-requirements\.docx</a></td>\s*<td><span class="audience internal">社外秘', page)
    # each file says which document it is, as the documents title themselves (the file names are codes)
    assert re.search(r'<td class="kind">提案依頼書（RFP）</td>\s*<td><a [^>]*>[^<]*-rfp\.docx</a>', page)
    assert re.search(r'<td class="kind">評価シート</td>\s*<td><a [^>]*>scoring/[^<]*-scores-[^<]*\.xlsx</a>', page)
    # one offer to make the PDFs, under the list (a build makes all documents' PDFs at once), not one per row
    assert page.count('name="pdf" value="1"><button') == (1 if soffice_path() else 0)
    first = re.search(r'id="download-vendor-(\d+)"', page).group(1)
    assert wizard.submit("project", {"project.title": "二回目"}).status_code == 302
    build_packs(wizard)
    page = wizard.get("build").text
    earlier = page[page.index('id="earlier-builds"'):]
    assert f'id="build-{first}"' in earlier and f'id="download-vendor-{first}"' in earlier
    assert re.search(rf'id="build-{first}"><summary>リビジョン \d+：20\d\d年\d+月\d+日（.）\d+:\d\d（日本時間）', earlier)
    assert not MACHINE_TIME.findall(page)


def test_audience_is_an_allow_list():
    from rfpgen.web.packs import audience

    assert audience("p-rfp.docx") == "vendor" and audience("p-rfp.pdf") == "vendor"
    assert audience("p-response-form.xlsx") == "vendor" and audience("p-clarifications.docx") == "vendor"
    assert audience("p-requirements.docx") == "internal" and audience("p-evaluator-guide.docx") == "internal"
    assert audience("scoring/p-rfp.docx") == "internal"  # anything in the scoring folder stays inside
    assert audience("p-something-new.docx") == "internal"
