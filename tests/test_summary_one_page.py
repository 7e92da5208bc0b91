"""The requirements definition's summary and its approval block print on one page, for both examples
and for a large project (many withheld requirements, a long client name, four approvers with long
titles, many outsourced tasks, several addenda): the summary lists counts and the first items, and
points to the section holding the rest."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from rfpgen.documents.build import document_contexts, render_documents
from rfpgen.validation import load_project, project_from_data
from rfpgen.yamlio import read

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def large(path: Path):
    """The example grown where a summary grows: every requirement withheld, a long client name, four
    approvers with long titles and roles, eight outsourced tasks, three addenda, long criterion names
    (quoted in the withheld requirements' row and the risks)."""
    data = read(path)[0].data
    ja = data["project"]["language"] == "ja"
    data["project"]["client"]["name"] += "ホールディングス・グループ統括本部" if ja else " and Home Appliances Retail Group Holdings"
    for part in data.values():
        for r in (part.get("requirements") or []) if isinstance(part, dict) else []:
            r["withhold"] = True
            r["look_for"] = r.get("look_for") or r["text"]
    scope = data["scope"]
    scope["outsourced"] = scope["outsourced"] + [text + (" 追加" if ja else " (second site)") for text in scope["outsourced"]]
    approvers = data["approval"]["approvers"]
    approvers.append({"name": approvers[0]["name"], "role": approvers[-1]["role"] + ("（追加）" if ja else " (deputy)"),
                      "title": ("情報システム部長兼最高情報セキュリティ責任者" if ja
                                else "Chief Information Security Officer and Head of Group Technology")})
    for criterion in [*data["evaluation"]["criteria"], *(data["evaluation"]["rules"].get("presentation") or {}).get("criteria", [])]:
        criterion["name"] += "（運営計画・体制・品質管理・報告の実演を含む）" if ja else " (with the operating plan, team, quality and reporting shown live)"
    revisions = data["rfp"].setdefault("revisions", [])
    first = revisions[0] if revisions else None
    if first:
        revisions += [{**first, "version": f"{first['version']}{n}", "summary": first["summary"] * 3} for n in (2, 3)]
    return project_from_data(data)


def _summary(project) -> list[dict]:
    return document_contexts(project, only={"requirements"})["requirements"]["chapters"][0]["topics"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_summary_points_to_the_sections_holding_what_it_leaves_out(path):
    """Each pointer names a section that exists and holds what the summary counts: the outsourced work,
    the budget rate, the withheld requirements, the addenda, and the risks when there are more than the
    summary prints (the English example has three since it adds presentation points to the document-stage
    total: no presentation-alone risk)."""
    project = large(path)
    chapters = document_contexts(project, only={"requirements"})["requirements"]["chapters"]
    headings = {t["heading"].split(" ", 1)[0]: t for ch in chapters for t in ch["topics"]}
    text = " ".join(" ".join(map(str, row)) for t in chapters[0]["topics"] for row in t["table"]["rows"])
    pointed = set(re.findall(r"(?:in |See |more \(|算定は|一覧は|内容は|件（)(\d+\.\d+)(?![\d.])", text))  # 5 more (3.1), 一覧は12.5, ほか4件（3.1）
    every_risk = [n for n, t in headings.items() if t["title"] in ("主なリスクと留意点（全件）", "Key risks (all)")]
    assert set(every_risk) <= pointed  # the summary lists the first risks and points to all of them, when it leaves some out
    assert len(pointed) == 3 + len(every_risk) + bool(project.addenda()) and all(p in headings for p in pointed), pointed
    overview = dict(chapters[0]["topics"][0]["table"]["rows"])
    work = overview["委託する業務" if project.lang == "ja" else "Work to be outsourced"].split("\n")
    assert len(work) == 3 and len(project.section("scope")["outsourced"]) == 8  # two tasks and "6 more (3.1)"
    assert str(len(project.withheld())) in overview["RFPに記載しない要件" if project.lang == "ja" else "Left out of the RFP"]


def _page_of(pages: list[str], pattern: str) -> int:
    return next(n for n, page in enumerate(pages) if re.search(pattern, page, re.MULTILINE))


@pytest.mark.slow
def test_the_summary_and_its_approval_block_print_on_one_page(tmp_path):
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    projects = [load_project(p) for p in EXAMPLES] + [large(p) for p in EXAMPLES]
    files = []
    for n, project in enumerate(projects):
        for path, data in render_documents(project, tmp_path / str(n), only={"requirements"}).items():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            files.append((project, path))
    for (project, _), pdf in zip(files, convert_to_pdf([path for _, path in files])):
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        topics = _summary(project)
        first, approval = (re.escape(topics[i]["heading"]).replace(r"\ ", r"\s+") for i in (0, -1))
        start = _page_of(pages, rf"^\s*{first}\s*$")
        assert _page_of(pages, rf"^\s*{approval}\s*$") == start, (project.id, project.data["project"]["client"]["name"])
        last = project.section("approval")["approvers"][-1]["name"].split()[-1]
        assert last in pages[start], project.id


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_approvers_read_the_withheld_requirements_by_name(path, tmp_path):
    """The record of how the RFP is issued (to which the summary points) lists every withheld requirement by
    id and short name, and the summary names the disclosed ones so: approvers sign names, not codes."""
    from docx_reading import full_text
    from rfpgen.clarifications import disclosures

    project = load_project(path)
    text = full_text(next(iter(render_documents(project, tmp_path, only={"requirements"}).values()))).replace("\u2060", "")
    withheld = project.withheld()
    assert all(r.data.get("name") for r in withheld)  # the examples name theirs
    summary = dict(_summary(project)[0]["table"]["rows"])["RFPに記載しない要件" if project.lang == "ja" else "Left out of the RFP"]
    by_id = {r.id: r for r in project.requirements()}
    assert all(by_id[rid].labelled(project.lang) in summary for rid in disclosures(project))
    assert project.lang == "ja" or "PRC-003 (Orderly exit)" in summary
    assert all(r.labelled(project.lang) in text for r in withheld)
    for r in withheld:  # each id printed beside its name wherever the documents list them
        assert re.search(rf"{r.id}(?:（| \(){re.escape(r.data['name'])}", text), r.id


def test_a_requirement_without_a_name_is_labelled_by_its_opening_words():
    project = load_project(EXAMPLES[0])
    r = next(r for r in project.requirements() if r.id == "PPL-004")
    unnamed = type(r)(r.part, r.index, r.id, r.text, r.priority, r.withhold, r.look_for, {k: v for k, v in r.data.items() if k != "name"})
    assert unnamed.labelled("en") == "PPL-004 (Keep the planned headcount…)"
