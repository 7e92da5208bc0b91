"""The Word documents, checked the way a client and a vendor meet them (issue 4)."""
from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest

from documents_support import built_examples, planted_leak
from docx_reading import full_text, leftover_tags, opens, paragraphs, shown, strict_parse_all, user_strings, xml_parts
from rfpgen.documents.build import build_documents, output_path
from rfpgen.documents.parts import rfp_numbering
from rfpgen.clarifications import answer_day
from rfpgen.text import clean, day
from rfpgen.errors import RenderError, WithheldTextLeaked
from rfpgen.resources import load_schema
from rfpgen.validation import load_project, project_from_data
from rfpgen.yamlio import dump

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DOCS = ("requirements", "rfp", "guide")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Both examples built once: {example stem: (project, {document: bytes})}."""
    return built_examples(tmp_path_factory, DOCS)


def _cases():
    return [(e.stem, d) for e in EXAMPLES for d in DOCS]


@pytest.mark.parametrize("example,document", _cases())
def test_document_opens_parses_and_has_no_template_tags(built, example, document):
    project, docs = built[example]
    data = docs[document]
    opens(data)
    strict_parse_all(data)
    assert leftover_tags(data) == []
    text = full_text(data)
    assert "None" not in text
    assert project.data["project"]["client"]["name"] in text


@pytest.mark.parametrize("example,document", _cases())
def test_no_document_names_the_tool(built, example, document):
    """The client's reader meets its own organisation's documents: a row saying how "rfpgen" models a
    holiday reads as a stranger's working notes (the annex names the staffing model instead)."""
    assert "rfpgen" not in full_text(built[example][1][document]).lower()


def test_the_rfp_cover_names_the_edition_its_revision_history_ends_with(built):
    """An addendum re-issues the RFP: its cover gives the addendum's version and date, as the last row of
    its revision history does. The requirements definition, which records the addendum, is not dated
    before it: its cover names the edition its own revision history ends with, after the project's version."""
    from rfpgen.text import day

    project, docs = built["en-electronics-retail"]
    addendum = project.data["rfp"]["revisions"][-1]
    when = day(addendum["date"], project.date_style, weekday=False)
    cover = {row.cells[0].text: shown(row.cells[-1].text) for row in opens(docs["rfp"]).tables[0].rows}
    assert (cover["Version"], cover["Date"]) == (addendum["version"], when), cover
    internal = {row.cells[0].text: shown(row.cells[-1].text) for row in opens(docs["requirements"]).tables[0].rows}
    history = [[shown(cell.text) for cell in row.cells] for row in opens(docs["requirements"]).tables[1].rows]
    assert [internal["Version"], internal["Date"]] == history[-1][:2] == [addendum["version"], when]
    assert str(project.data["project"]["version"]) in [row[0] for row in history]


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_requirements_definition_contains_every_string_of_the_project(built, example):
    project, docs = built[example]
    # a name in a narrow column is broken between its words (苦情・ / クレーム窓口): read without those breaks
    # and a date kept whole with no-break spaces (20 November 2028) is the date typed
    text = "\n".join(p.replace("\n", "").replace("\u00a0", " ") for p in paragraphs(docs["requirements"]))
    missing = []
    for path, value in user_strings(project.data, load_schema("project")):
        if path == ("project", "language") or path[-1] == "library_id":  # the library's code is the tool's: said in words
            continue
        if path[-1] == "blind_seed":  # procurement's secret: with it the panel could redo the draw of aliases
            assert all(value not in "\n".join(paragraphs(doc)) for doc in docs.values()), path
            continue
        # the RFP's own addenda: its revision history prints them (the requirement ids an addendum states are
        # internal: the requirements definition holds them, the RFP numbers requirements its own way)
        if path[:2] == ("rfp", "revisions") and path[3] != "requirements":
            assert clean(value) in "\n".join(paragraphs(docs["rfp"])), (path, value)
            continue
        # a published answer is dated by the day the bidders receive it (the schedule's answer date or later):
        # one answer date in every document, whatever day the client wrote it
        if path[0] == "questions" and path[-1] == "answered" and project.data["questions"][path[1]].get("published"):
            assert day(answer_day(project, project.data["questions"][path[1]]), project.date_style, weekday=False) in text, path
            continue
        for line in clean(value).split("\n"):
            shown = line.strip()
            # a table value starts with a capital as a sentence does (pounds sterling → Pounds sterling)
            if shown and shown not in text and shown[:1].upper() + shown[1:] not in text:
                missing.append((path, line))
    assert missing == []


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_rfp_contains_nothing_withheld(built, example):
    project, docs = built[example]
    withheld = project.withheld()
    assert withheld, "the examples withhold requirements"
    raw = "\n".join(xml_parts(docs["rfp"]).values())
    text = "\n".join(paragraphs(docs["rfp"], ("word/", "docProps/")))
    for r in withheld:
        assert not re.search(rf"(?<![\w-]){re.escape(r.id)}(?![\w-])", raw), r.id
        for line in clean(r.text).split("\n") + clean(r.look_for).split("\n"):
            if len(line.strip()) >= 8:
                assert line.strip() not in text, (r.id, line)
    if project.withholds_budget() and project.section("pricing").get("budget"):
        amount = project.section("pricing")["budget"]["amount"]
        assert f"{amount:,}" not in text and str(amount) not in raw


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_rfp_numbers_requirements_without_gaps(built, example):
    project, docs = built[example]
    numbers = re.findall(r"^R-\d{3}(?:-\d+|[A-Z]+)?$", "\n".join(paragraphs(docs["rfp"])), flags=re.M)
    assert len(numbers) == len(project.disclosed()) and numbers == sorted(numbers)  # in section order
    issued = [n for n in numbers if re.fullmatch(r"R-\d{3}", n)]
    assert issued == [f"R-{i:03d}" for i in range(1, len(issued) + 1)]
    # one an addendum added takes a branch of the number before it (R-024A), where it belongs
    assert numbers == [number for number, _ in rfp_numbering(project)]
    guide = full_text(docs["guide"])
    for number, requirement in rfp_numbering(project):
        assert number in guide and requirement.id in guide


def test_requirements_definition_marks_withheld_items_and_guide_lists_look_for(built):
    project, docs = built["ja-ec-order-center"]
    text = full_text(docs["requirements"])
    assert text.count("【RFPに記載しない要件・評価の観点】") == sum(1 for r in project.withheld() if r.look_for)  # each withheld item marked
    guide = full_text(docs["guide"])
    for r in project.withheld():
        assert r.id in guide
        assert clean(r.look_for).split("\n")[0] in guide


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_professional_structure(built, example):
    """Cover, heading styles for the outline, a TOC field, repeating table headers, page numbers,
    the confidentiality mark on internal documents, East Asian fonts."""
    project, docs = built[example]
    for document, data in docs.items():
        parts = xml_parts(data)
        body = parts["word/document.xml"]
        assert 'w:val="Heading1"' in body and 'w:val="Heading2"' in body
        assert "TOC \\o" in body
        assert "<w:tblHeader" in body
        footers = "".join(v for k, v in parts.items() if k.startswith("word/footer"))
        assert "PAGE" in footers and "NUMPAGES" in footers
        headers = "".join(paragraphs(data, ("word/header",)))
        if document != "rfp":
            assert (project.data["project"].get("confidentiality") or "") in headers
        assert 'w:eastAsia="游ゴシック"' in parts["word/styles.xml"]
    assert "業務要件定義書" in full_text(built["ja-ec-order-center"][1]["requirements"])
    assert "Business Requirements Definition" in full_text(built["en-electronics-retail"][1]["requirements"])


def test_english_documents_are_in_english(built):
    _, docs = built["en-electronics-retail"]
    for data in docs.values():
        labels = "\n".join(p for p in paragraphs(data) if re.match(r"^\d+\.\d* ", p))
        assert not re.search(r"[\u3040-\u30ff]", labels), labels[:200]


def test_staffing_annex_has_chart_table_and_timeline(built):
    _, docs = built["ja-ec-order-center"]
    parts = xml_parts(docs["requirements"])
    assert any(name.startswith("word/charts/chart") for name in zipfile_names(docs["requirements"]))
    text = full_text(docs["requirements"])
    for label in ("時間帯別の必要／配置人数", "採用・研修スケジュール", "月別の要員数（FTE）", "予測業務量と配置人数"):
        assert label in text
    assert "drawingml/2006/chart" in parts["word/document.xml"]  # a native Word chart, not a picture


def zipfile_names(data):
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).namelist()


# ------------------------------------------------------------------ hostile input

ODD = "A&B <tag> \"quoted\" 'single' 😀 مرحبا e\u0301 \x07bell\x1b"


def _odd_project(example="en-electronics-retail"):
    data = copy.deepcopy(load_project(ROOT / "examples" / f"{example}.yaml").data)
    data["project"]["title"] = ODD
    data["overview"]["background"] = "Line one\r\nLine two " + ODD + "\n\n" + ("long text " * 500)
    data["operations"]["requirements"][0]["text"] = "X" * 5000
    data["scope"]["outsourced"].append("<script>alert('x')</script> & {{ not_a_variable }}")
    return data


def test_odd_characters_and_long_texts_arrive_intact(tmp_path):
    project = project_from_data(_odd_project())
    build_documents(project, tmp_path, only=set(DOCS))
    data = output_path(project, tmp_path, "requirements").read_bytes()
    strict_parse_all(data)
    text = full_text(data)
    assert clean(ODD) in text
    assert "\x07" not in text and "\x1b" not in text
    assert "Line one\n\u2068Line two" in text  # a line holding right-to-left text is isolated (README)
    assert "X" * 5000 in text
    assert "<script>alert('x')</script> & {{ not_a_variable }}" in text
    rfp = opens(output_path(project, tmp_path, "rfp").read_bytes())
    assert rfp.core_properties.title == clean(ODD)


def test_empty_sections_print_as_to_be_decided(tmp_path):
    data = copy.deepcopy(load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data)
    for key in ("overview", "people", "systems", "rfp"):
        data.pop(key, None)
    data["operations"] = {"requirements": data["operations"]["requirements"]}
    for part in ("overview", "people", "systems"):
        data.setdefault(part, {})
    project = project_from_data(data)
    build_documents(project, tmp_path, only={"requirements", "rfp"})
    text = full_text(output_path(project, tmp_path, "requirements").read_bytes())
    assert text.count("未定") >= 15
    assert "None" not in text


def test_a_control_character_in_a_column_header_costs_no_other_text(tmp_path):
    """A program name is a column header of the volume table. A control character in it reached
    docxtpl, whose recovering XML parser then dropped it and also a later `&` in a requirement
    (found by the property test): headers are cleaned like cells, and the renderer drops any that slip through."""
    data = copy.deepcopy(load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data)
    program = next(p for p in data["work_definition"]["programs"] if p.get("volumes"))
    program["name"] = "受注\x02窓口"
    requirement = next(r for part in data.values() if isinstance(part, dict)
                       for r in part.get("requirements", []) if r.get("withhold"))
    requirement["look_for"] = "&見積の根拠を示していること"
    project = project_from_data(data)
    build_documents(project, tmp_path, only={"requirements"})
    text = full_text(output_path(project, tmp_path, "requirements").read_bytes())
    assert "受注窓口" in text and "&見積の根拠を示していること" in text


# ------------------------------------------------------------------ the leak check

def test_build_refuses_an_rfp_that_quotes_a_withheld_requirement(tmp_path):
    data, withheld, disclosed = planted_leak()
    path = tmp_path / "leaky.yaml"
    path.write_text(dump(data), encoding="utf-8")
    project = load_project(path)
    with pytest.raises(WithheldTextLeaked) as caught:
        build_documents(project, tmp_path / "out")
    message = str(caught.value)
    assert withheld.id in message and "leaky.yaml:" in message and "paragraph" in message
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_failed_build_leaves_earlier_outputs_untouched(tmp_path, cli):
    example = ROOT / "examples" / "ja-ec-order-center.yaml"
    good = tmp_path / "p.yaml"
    shutil.copy(example, good)
    assert cli("build", good, "-o", tmp_path / "out", "--only", "requirements,rfp").exit_code == 0
    project = load_project(good)
    before = {d: output_path(project, tmp_path / "out" / project.id, d).read_bytes() for d in ("requirements", "rfp")}
    data, withheld, _ = planted_leak()
    good.write_text(dump(data), encoding="utf-8")
    result = cli("build", good, "-o", tmp_path / "out", "--only", "requirements,rfp")
    assert result.exit_code == 1
    assert withheld.id in result.output and f"失敗：{good}" in result.output  # a Japanese project's lines are Japanese
    after = {d: output_path(project, tmp_path / "out" / project.id, d).read_bytes() for d in ("requirements", "rfp")}
    assert after == before


# ------------------------------------------------------------------ commands

def test_build_cli_batch_writes_one_folder_per_project(tmp_path, cli):
    result = cli("build", *EXAMPLES, "-o", tmp_path, "--only", "requirements,rfp,guide")
    assert result.exit_code == 0, result.output
    for example in EXAMPLES:
        project = load_project(example)
        for document in DOCS:
            path = output_path(project, tmp_path / project.id, document)
            assert path.exists() and ("出力：" if project.lang == "ja" else "wrote ") + str(path) in result.output


def test_build_cli_reports_invalid_project_and_exits_nonzero(tmp_path, cli):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nproject: {}\n", encoding="utf-8")
    result = cli("build", bad, EXAMPLES[0], "-o", tmp_path, "--only", "rfp")
    assert result.exit_code == 1
    assert "FAILED" in result.output and "bad.yaml" in result.output
    assert "1 of 2 projects failed" in result.output


def test_build_cli_rejects_unknown_only(cli, tmp_path):
    result = cli("build", EXAMPLES[0], "--only", "rfp,brochure", "-o", tmp_path)
    assert result.exit_code == 2 and "brochure" in result.output


def test_context_prints_what_templates_receive(cli):
    import json

    result = cli("context", ROOT / "examples" / "en-electronics-retail.yaml")
    assert result.exit_code == 0
    contexts = json.loads(result.output)
    assert set(contexts) == set(DOCS) | {"qa"}  # qa: the clarifications, once an answer is published
    for key in DOCS:
        assert {"doc", "chapters", "revisions", "tbd", "staffing_chart"} <= set(contexts[key])
    assert {"doc", "intro", "questions", "tbd", "staffing_chart"} <= set(contexts["qa"])
    project = load_project(ROOT / "examples" / "en-electronics-retail.yaml")
    rfp_json = json.dumps(contexts["rfp"], ensure_ascii=False)
    for r in project.withheld():
        assert r.id not in rfp_json


def test_templates_export_and_override(tmp_path, cli):
    result = cli("templates", "export", tmp_path / "tpl")
    assert result.exit_code == 0
    assert (tmp_path / "tpl" / "ja" / "requirements.docx").exists()
    assert cli("templates", "export", tmp_path / "tpl").exit_code == 1  # refuses to overwrite
    # a customised RFP template that uses an unknown variable fails with the variable's name
    from docx import Document

    custom = tmp_path / "tpl" / "en" / "rfp.docx"
    doc = Document(custom)
    doc.add_paragraph("{{ vendor_secret_code }}")
    doc.save(custom)
    (tmp_path / "tpl" / "en" / "requirements.docx").unlink()  # falls back to the default
    project = load_project(ROOT / "examples" / "en-electronics-retail.yaml")
    build_documents(project, tmp_path / "o1", only={"requirements"}, templates_dir=tmp_path / "tpl")
    with pytest.raises(RenderError, match="vendor_secret_code"):
        build_documents(project, tmp_path / "o2", only={"rfp"}, templates_dir=tmp_path / "tpl")


def test_contents_take_the_page_numbers_of_the_laid_out_pages_or_none(built):
    """The .docx's contents get each heading's page from LibreOffice's refreshed contents, ending in a
    dotted leader at the right margin; when a line cannot be matched to its entry the contents are
    left unnumbered rather than half numbered."""
    from rfpgen.documents.contents import number_table_of_contents

    data = built["en-electronics-retail"][1]["requirements"]
    entries = [p for p in paragraphs(data)[:300] if re.fullmatch(r"\d+\.(\d+)? \S.*", p)]
    entries = entries[:entries.index(entries[0], 1)] if entries[0] in entries[1:] else entries  # the contents, not the body
    laid_out = "\n".join(f"{entry}\t{page}" for page, entry in enumerate(entries, 3))
    numbered = number_table_of_contents(data, laid_out)
    assert [p for p in paragraphs(numbered) if re.fullmatch(r".+\t\d+", p)][:len(entries)] == laid_out.splitlines()
    assert 'w:leader="dot"' in xml_parts(numbered)["word/document.xml"]
    strict_parse_all(numbered)
    assert number_table_of_contents(data, "\n".join(laid_out.splitlines()[1:])) is None
    assert number_table_of_contents(data, laid_out.replace(entries[3], "Something else")) is None


# ------------------------------------------------------------------ LibreOffice

@pytest.mark.slow
def test_libreoffice_converts_every_document_with_a_filled_table_of_contents(built, tmp_path):
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    files = []
    for example, (_, docs) in built.items():
        for document, data in docs.items():
            path = tmp_path / f"{example}-{document}.docx"
            path.write_bytes(data)
            files.append(path)
    pdfs = convert_to_pdf(files)
    import subprocess

    for pdf in pdfs:
        assert pdf.stat().st_size > 10_000
        if shutil.which("pdftotext"):
            text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
            # the table of contents lists chapter 2 with a page number
            assert re.search(r"^2\. .+?\.{3,}\s*\d+\s*$", text, flags=re.M) or re.search(r"^2\. .*\d+$", text, flags=re.M), pdf.name
    # and the Word file's own contents carry the same page numbers, each entry where its heading is printed
    for docx, pdf in zip(files, pdfs):
        entries = [p for p in paragraphs(docx.read_bytes())[:400] if re.fullmatch(r"\d+\.(\d+)? \S.*\t\d+", p)]
        assert len(entries) > 10, docx.name
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout.split("\f")
        numbers = [int(entry.rsplit("\t", 1)[1]) for entry in entries]
        assert numbers == sorted(numbers), docx.name
        for entry, number in zip(entries, numbers):
            heading = re.sub(r"\s", "", entry.rsplit("\t", 1)[0].replace("\u2060", ""))[:20]
            assert heading in re.sub(r"\s", "", pages[number - 1].replace("\u2060", "")), (docx.name, entry)


def test_staffing_notes_with_text_values_render_in_both_languages(tmp_path):
    """Warnings whose value is a date, a month or a weekday (not a number) once crashed the build."""
    data = copy.deepcopy(load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data)
    data["project"]["schedule"]["contract"] = "2027-06-10"  # hiring must start before the contract
    project = project_from_data(data)
    build_documents(project, tmp_path, only={"requirements"})
    text = full_text(output_path(project, tmp_path, "requirements").read_bytes())
    assert "契約締結日（2027-06-10）" in text

    from rfpgen.documents.parts import Chapter
    from rfpgen.documents.staffing_annex import staffing_chapter
    from rfpgen.staffing import plan
    from rfpgen.words import CATALOGUE

    base = plan(project).as_dict()
    for lang in ("ja", "en"):
        for key in [k.rsplit(".", 1)[1] for k in CATALOGUE if k.startswith("staffing.warning.")]:
            for value in ("2027-06", "mon", 12.5, None):
                base["warnings"] = [{"key": key, "program": "P", "value": value, "text": "x"}]
                chapter = Chapter(1, "t", lang)
                staffing_chapter(chapter, base, full=True)
                notes = chapter.items[-1]["bullets"]
                assert notes and "{" not in notes[0]


def test_rfp_leaves_out_withheld_structured_sections(built):
    """The examples withhold their BCP requirements, so the RFP must not print the BCP block either."""
    for example, section_words in (("ja-ec-order-center", ("目標復旧時間（RTO）", "代替拠点")),
                                   ("en-electronics-retail", ("Recovery time objective (RTO)", "Alternate site",
                                                              "Escalation types and routes"))):
        project, docs = built[example]
        rfp, requirements = full_text(docs["rfp"]), full_text(docs["requirements"])
        for words in section_words:
            assert words in requirements and words not in rfp, (example, words)
        bcp = project.section("systems")["bcp"]
        assert bcp["alternate_site"] in requirements and bcp["alternate_site"] not in rfp


@pytest.mark.slow
def test_pdf_fallback_without_the_uno_bridge_writes_each_pdf_beside_its_document(built, tmp_path, monkeypatch):
    from rfpgen.documents import pdf

    if pdf.soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed; CI installs it")
    monkeypatch.setattr(pdf, "_uno_python", lambda: None)
    _, docs = built["en-electronics-retail"]
    (tmp_path / "scoring").mkdir()
    first, second = tmp_path / "guide.docx", tmp_path / "scoring" / "form.docx"
    first.write_bytes(docs["guide"])
    second.write_bytes(docs["rfp"])
    stale = second.with_suffix(".pdf")
    stale.write_bytes(b"old")
    assert pdf.convert_to_pdf([first, second]) == [first.with_suffix(".pdf"), stale]
    assert stale.read_bytes().startswith(b"%PDF")


@pytest.mark.slow
def test_a_kept_office_that_died_is_started_again_and_leaves_no_pipe_behind(built, tmp_path, monkeypatch):
    """The test session's conversions share one LibreOffice (conftest.one_office); one that has ended (a
    crash, a kill) is replaced at the next conversion, and a stopped one leaves no pipe file in /tmp."""
    import os
    import signal

    from rfpgen.documents import pdf

    if pdf.soffice_path() is None or pdf._uno_python() is None:
        pytest.skip("LibreOffice with python3-uno is not installed; CI installs it")
    _, docs = built["en-electronics-retail"]
    first, second = tmp_path / "first.docx", tmp_path / "second.docx"
    first.write_bytes(docs["rfp"])
    second.write_bytes(docs["guide"])
    monkeypatch.setattr(pdf, "_kept", None)  # an office of this test's own, not the session's
    with pdf.kept_office():
        office = pdf._kept
        assert office is not None
        pdf.convert_to_pdf([first])
        pipe = office._pipe_file()
        assert pipe.exists()
        os.killpg(office._office.pid, signal.SIGKILL)  # the office dies between two conversions
        office._office.wait()
        assert pdf.convert_to_pdf([second]) == [second.with_suffix(".pdf")]
        assert office._pipe_file() != pipe and not pipe.exists()  # a new office, on a pipe of its own; the dead one's is gone
        last = office._pipe_file()
    assert pdf._kept is None and not last.exists()  # closed with the block, its pipe file removed


def test_the_summary_warns_when_the_additive_formula_leaves_price_almost_no_weight(tmp_path):
    """Management signs the requirements definition on its one-page summary: the additive formula's
    small effective price weight (worked out in the evaluator guide) is one of its key risks."""
    from rfpgen.documents.build import render_documents
    from rfpgen.validation import load_project

    project = load_project(ROOT / "examples" / "ja-ec-order-center.yaml")
    assert project.data["evaluation"]["price"]["formula"] == "jp_additive"
    text = "\n".join(paragraphs(next(iter(render_documents(project, tmp_path, only={"requirements"}).values()))))
    assert "加算方式では、予定価格の80〜100%の提案価格の価格点の差は最大6.0点（満点30点）" in text  # a proposal, not a bid
    assert "入札" not in text.split("主なリスクと留意点")[1].split("承認欄")[0]
    assert "特段のリスクはない" not in text


def test_the_guides_staffing_example_names_its_month_then_the_day_once(built):
    """"at the peak interval of November 2028 (Mon 20 November 2028, 10:00, …": the month, then the day
    and time inside it; it once repeated the day ("of Mon 20 November 2028 (Mon 20 November 2028, …")."""
    for example, (project, docs) in built.items():
        text = full_text(docs["guide"]).replace("\u2060", "").replace("\u00a0", " ")
        found = re.search(r"peak interval of (.+?) \((.+?),|例：.+?は、(.+?)のピーク時間帯（(.+?)[ 、]", text)
        assert found, example
        month, day = [g for g in found.groups() if g]
        assert month != day and month not in day.split(",")[0][:3], (month, day)


@pytest.mark.parametrize("example", ["en-electronics-retail", "ja-ec-order-center"])
def test_the_guide_works_out_what_a_price_difference_is_worth_under_price_per_quality(example):
    """The additive formula's guide shows the price's effective weight; price ÷ quality score has its own
    tradeoff: a proposal 20% cheaper ranks equal with 20% fewer quality points (64 against 80), and one
    scale step of the heaviest criterion is worth a share of the price, in the project's money."""
    from rfpgen.documents.guide import guide_document

    data = load_project(ROOT / "examples" / f"{example}.yaml").data
    data["evaluation"]["price"]["formula"] = "price_per_quality"
    data["evaluation"].get("rules", {}).pop("presentation", None)  # presentation points cannot be added to a price per point
    project = project_from_data(data)
    heading = "価格と品質スコアの交換比率" if project.lang == "ja" else "How price trades against quality"
    price = next(c for c in guide_document(project, None) if c["title"] in ("価格の評価", "Price"))
    section = next(t for t in price["topics"] if t["title"] == heading)
    text = str(section)
    base = data["evaluation"]["price"].get("reference_price") or data["pricing"]["budget"]["amount"]
    heaviest = max(c["weight"] for c in data["evaluation"]["criteria"] if not c.get("mandatory") and not c.get("unstated_needs"))
    share = heaviest / data["evaluation"]["scale"]["max"] / 80
    if project.lang == "ja":
        assert "安い方の提案は品質スコア64点で、高い方の80点の提案と同順位" in text
        assert f"{base * share:,.0f}円" in text
    else:
        assert "the cheaper proposal with a quality score of 64 ranks equal with the dearer one scoring 80" in text
        assert f"£{base * share:,.0f}" in text
    del data["evaluation"]["scale"]  # the scale is optional (0–5): the same step of the default scale
    assert str(next(c for c in guide_document(project_from_data(data), None) if c["title"] in ("価格の評価", "Price"))) == str(price)


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_queues_with_their_own_service_level_are_each_named_never_given_one_target(built, example):
    """Both examples' queues differ in service level and ASA (the ja complaint window 80% in 30 s and ASA 30,
    the en chat 60 s and ASA 45): the KPI table, the annex's assumptions and the glossary name each queue's
    own target, and no sentence or cell states the operation's one value as if it held for every queue."""
    project, docs = built[example]
    ja = project.lang == "ja"
    levels, asas = project.queue_targets("service_level"), project.queue_targets("asa_seconds")
    assert len({repr(v) for v in levels.values()}) > 1 and len(set(asas.values())) > 1
    kpis = project.section("operations")["kpis"]
    pct, secs, asa = kpis["service_level"]["percent"], kpis["service_level"]["threshold_seconds"], kpis["asa_seconds"]
    one_value = ({f"{pct}%を{secs}秒以内に応答", f"{asa}秒以内", f"{asa}秒"} if ja
                 else {f"{pct}% answered within {secs} s", f"≤ {asa} s", f"{asa} s"})
    for document in ("rfp", "requirements"):
        shown_paragraphs = paragraphs(docs[document])
        text = "\n".join(shown_paragraphs)
        for name, level in levels.items():
            p, s = level["percent"], level["threshold_seconds"]
            # (a Japanese cell puts each queue's target under its name: LibreOffice broke 「：30 / 秒以内」)
            assert (f"{name}：\n{p}%を{s}秒以内に応答" if ja else f"{name}: {p}% answered within {s} s") in text, (document, name)
            assert (f"{name}：\n{asas[name]}秒以内" if ja else f"{name}: ≤ {asas[name]} s") in text, (document, name)
        # (a row that names its queue first, 5.8's program conditions, gives that queue's own value: 20秒 there
        # is written with its unit as the row's 2名 and 80%を20秒以内 are)
        queue_rows = {shown(cell.text) for table in opens(docs[document]).tables for row in table.rows
                      if shown(row.cells[0].text).replace("\n", "") in levels for cell in row.cells[1:]}
        stated = one_value & (set(shown_paragraphs) - queue_rows)
        assert not stated, (document, stated)
        assert f"本件の目標は{pct}%" not in text and f"this project's target: {pct}%" not in text
    annex = full_text(docs["requirements"])
    for name in levels:
        assert (f"{name}：{asas[name]}秒" if ja else f"{name}: {asas[name]} s") in annex, name
