"""The comparison of versions (新旧対照表) of each example against a copy with one requirement disclosed by
an answer and stated by a new addendum (rfp.revisions with requirements:), as its readers meet it."""
from __future__ import annotations

import copy
import re

import pytest

from rfpgen.documents.comparison import comparison_context
from rfpgen.project import Project
from rfpgen.versions import compare
from rfpgen.words import tr

# example fixture -> (the withheld requirement an answer discloses, the question, the new addendum)
REVISED = {"en": ("SYS-004", 3, "2.1-A2", "2027-06-30"), "ja": ("WRK-007", 3, "1.0-A1", "2027-03-22")}


def _revised(project: Project, lang: str) -> Project:
    rid, number, version, dated = REVISED[lang]
    data = copy.deepcopy(project.data)
    stated = next(r for r in data["operations"]["requirements"] if not r.get("withhold"))
    stated["text"] += tr(lang, "（改訂）", " (revised)")
    question = next(q for q in data["questions"] if q["number"] == number)
    question["requirements"] = [*(question.get("requirements") or []), rid]
    question["discloses"] = [rid]
    data["rfp"].setdefault("revisions", []).append({"version": version, "date": dated, "summary": "Addendum",
                                                    "requirements": [rid]})
    return Project(data)


def _text(cell) -> str:
    """A cell of the table as read: its runs' text (a changed word is a run of its own, underlined)."""
    return "".join(re.findall(r"<w:t[^>]*>(.*?)</w:t>", cell.xml, flags=re.S))


def _changes(project: Project, lang: str) -> dict:
    new = _revised(project, lang)
    return comparison_context(compare(project, new, "requirements"), new)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_comparison_is_dated_on_the_edition_it_compares(lang, request):
    """Its cover printed the project's date (28 May 2027, before both addenda) beside the new addendum's
    edition: like the requirements definition's cover, it names the new edition and that edition's date."""
    doc = _changes(request.getfixturevalue(lang), lang)["doc"]
    assert doc["version"].endswith(REVISED[lang][2])
    assert doc["date"] == {"en": "30 June 2027", "ja": "2027年3月22日"}[lang]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_question_changed_is_told_in_a_sentence(lang, request):
    """The register's row printed 'Published; requirements: Published / SYS-004 / discloses SYS-004': the
    column's name beside the same word, and the file's key. Its standing is one sentence in the
    catalogue's words, and a requirement the answer discloses is named once."""
    rid = REVISED[lang][0]
    rows = [r for r in _changes(request.getfixturevalue(lang), lang)["changes"] if "\n3" in r["place"] and r["note"] in ("Changed", "変更")]
    new = _text(rows[0]["new"])
    status = {"en": f"Answer published; discloses {rid}", "ja": f"回答を公表、{rid} を開示"}[lang]
    assert status in new
    assert "discloses " + rid not in new.replace(status, "") and new.count(rid) == 1
    assert "Published; requirements" not in new and "公表・関連要件" not in new


def test_a_requirement_stated_in_the_rfp_is_not_called_disclosed(en):
    """'(Priority: Must; RFP: Disclosed)' for a requirement the RFP has stated since its first issue read as
    disclosed by an answer: it is 'Stated' (記載); the requirements answers disclosed are listed with an 'and',
    each by its id and the opening of its statement (an id alone means nothing to the approver)."""
    texts = "\n".join(_text(r["new"]) for r in _changes(en, "en")["changes"])
    assert "RFP: Disclosed)" not in texts and "RFP: Stated)" in texts
    assert ("Answers disclosed SYS-004 (Disaster-recovery testing) and PRC-003 (Orderly exit) to all bidders, "
            "so they are no longer scored as unstated needs.") in texts
    assert "may cost extra after the contract" not in texts


def test_a_list_of_requirement_ids_breaks_between_ids(ja, tmp_path):
    """The 新旧対照表's row 12.5 printed 「PPL⏎-006、OPS-011…」 and a line starting 「、SYS-006」: LibreOffice's
    Japanese line breaker found no break between 「、」 and an id the finish joins whole, so the list was
    one word broken anywhere. Each id stays whole and no line starts with 「、」."""
    import shutil
    import subprocess

    from docx_reading import shown
    from rfpgen.documents.comparison import render_comparisons
    from rfpgen.documents.pdf import convert_to_pdf, soffice_path

    if soffice_path() is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) and pdftotext are not installed; CI installs them")
    path = tmp_path / "changes.docx"
    path.write_bytes(render_comparisons(ja, _revised(ja, "ja"))["requirements"][1])
    (pdf,) = convert_to_pdf([path])
    text = shown(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    lines = [line.strip() for line in text.splitlines()]
    broken = [m.group(0) for r in ja.requirements() for m in re.finditer(r"\n?".join(map(re.escape, r.id)), text) if "\n" in m.group(0)]
    assert not broken
    assert not [line for line in lines if line.startswith("、")]
    # the row is there, each id with its name (a long name wraps inside, as Japanese text does)
    assert "PPL-006（欠員の補充）" in text and "OPS-011（ナレッジベースの" in text


def test_the_finish_lets_a_line_break_before_an_id_after_japanese_text():
    """The break LibreOffice needs before a code joined whole after 「、」 (never after an opening bracket,
    where no line may end); readers of the text never see it."""
    from docx import Document

    from docx_reading import shown
    from rfpgen.documents.finish import BREAK_OPPORTUNITY, finish

    doc = Document()
    run = doc.add_paragraph().add_run("PPL-006、OPS-011、（SYS-005）")
    finish(doc)
    assert run.text.count(BREAK_OPPORTUNITY) == 1 and f"、{BREAK_OPPORTUNITY}OPS" in run.text
    assert shown(run.text) == "PPL-006、OPS-011、（SYS-005）"
