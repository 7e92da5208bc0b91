"""One voice across the RFP and the requirements definition (issue 14): every SLA credit is on a KPI the
KPI table defines, by its name; the service-level definition holds for every queue; each queue's target
keeps its figure with its unit; where shrinkage is listed the documents say where breaks are counted;
the staffing annex prints the client's chat concurrency and never "no break"."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from conftest import EXAMPLES
from documents_support import built_examples
from docx_reading import paragraphs
from rfpgen.documents.build import build_documents, output_path
from rfpgen.validation import load_project

DOCS = ("rfp", "requirements")
JA = next(e for e in EXAMPLES if e.stem.startswith("ja-"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both examples' RFP and requirements definition: {stem: (project, {document: paragraphs})}."""
    return {stem: (project, {d: paragraphs(data) for d, data in docs.items()})
            for stem, (project, docs) in built_examples(tmp_path_factory, DOCS).items()}


def _after(texts: list[str], label: str) -> str:
    """The paragraph after the last one reading `label` (a label/value table's value, a heading's first
    paragraph: the contents list the heading first)."""
    return texts[len(texts) - texts[::-1].index(label)]


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
@pytest.mark.parametrize("document", DOCS)
def test_every_sla_credit_names_a_kpi_of_the_kpi_table(built, example, document):
    """The Japanese RFP put 20% of the credit on 「メールの24時間以内初回返信率」 and 「応対品質評価（平均点）」,
    neither a KPI its table defines: each credit line now names a KPI row (a queue may follow in brackets)."""
    project, docs = built[example]
    texts = docs[document]
    ja = project.lang == "ja"
    # the KPI table's cells, header skipped (a long name broken between its parts by column fitting read whole)
    rows = [t.replace("\n", "") for t in texts[texts.index("KPI") + 3:]]
    credits = _after(texts, "KPI別の配分" if ja else "Allocation by KPI").split("\n")
    assert len(credits) == 4
    for line in credits:
        kpi = re.sub(r"[：:] ?\d+%$", "", line)
        name = re.sub(r" ?[（(][^（(]+[)）]$", "", kpi) if kpi not in rows else kpi
        assert name in rows, (line, name)
    qa = "応対品質評価の得点率（QA）" if ja else "Call quality score (QA)"
    assert qa in rows and any(line.startswith(qa) for line in credits)
    assert not any(word in "\n".join(texts) for word in ("平均点）", "初回返信率：", "Quality (QA) score"))


@pytest.mark.parametrize("document", DOCS)
def test_the_service_level_definition_counts_each_queues_own_seconds(built, document):
    """The definition said 「20秒以内に応答した呼数 ÷ 着信呼数」 beside a window answering in 30 s."""
    project, docs = built[JA.stem]
    texts = docs[document]
    definition = texts[texts.index("サービスレベル") + 2]
    assert definition.startswith("窓口ごとの目標の秒数以内に応答した呼数 ÷ 着信呼数"), definition
    thresholds = {level["threshold_seconds"] for level in project.queue_targets("service_level").values()}
    assert len(thresholds) > 1 and not any(f"{t}秒以内" in definition for t in thresholds)


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_where_shrinkage_is_listed_the_documents_say_where_breaks_are_counted(built, example):
    """Shifts with an unpaid 60-minute break beside 「休憩 8.0%」 in shrinkage read as breaks counted twice;
    shifts without an unpaid break read as no break at all. The section after the shrinkage table says which."""
    project, docs = built[example]
    unpaid = project.section("operations")["shifts"].get("break_minutes")
    for document in DOCS:
        texts = docs[document]
        said = _after(texts, next(t for t in texts if re.fullmatch(r"\d+\.\d+ (?:休憩の扱い|Breaks)", t)))
        if project.lang == "ja":
            assert unpaid and said.startswith(f"シフトの休憩（{unpaid}分）は無給で、所定労働時間に含まないため、シュリンケージにも含まない。")
            assert "小休憩（有給）" in texts  # the example's shrinkage item says what it is
        else:
            assert not unpaid and said == "Breaks are taken within the paid hours and counted in shrinkage."


@pytest.mark.parametrize("example", [e.stem for e in EXAMPLES])
def test_the_staffing_annex_prints_the_shift_breaks_and_the_chat_concurrency_as_the_client_set_them(built, example):
    project, docs = built[example]
    texts = docs["requirements"]
    rules = _after(texts, "シフトの条件" if project.lang == "ja" else "Shift rules")
    if project.lang == "ja":
        assert rules == "勤務8/6/4時間、無給の休憩60分、開始30分刻み"
    else:
        assert rules == "8/6/4-hour shifts, breaks within paid time (in shrinkage), starts every 60 min"
        chats = [p["concurrency"] for p in project.section("work_definition")["programs"] if p.get("concurrency")]
        assert _after(texts, "Chat concurrency") == f"{chats[0]} chats at once per agent" == "2 chats at once per agent"


@pytest.mark.slow
def test_the_pdf_keeps_each_queues_target_figure_with_its_unit(tmp_path):
    """LibreOffice printed 「苦情・クレーム窓口（電話）：30」 above 「秒以内」 in the KPI table, whatever word joiner
    held them: each queue's target now sits under its name, which is kept whole, figure and unit on one line."""
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice and pdftotext are not installed; CI installs them")
    project = load_project(JA)
    build_documents(project, tmp_path, only={"rfp"})
    pdf = convert_to_pdf([output_path(project, tmp_path, "rfp")])[0]
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    table = shown[shown.index("KPIと目標値"):shown.index("稼働率の上限")]
    for name in project.queue_targets("asa_seconds"):
        assert f"{name}：" in table, name
    assert "30秒以内" in table and "80%を30秒以内に応答" in table
    assert not re.search(r"\d\s*\n\s*秒", table) and not re.search(r"（電\s*\n", table), table
