"""What a reviewer reading both examples' documents found wrong in content (issue 14), one test per class:
what the price form asks for, each queue's own target, the order of the plan, one answer date, anchors
above eligibility, fixed published rules, counts from the data, and vendor files holding nothing internal."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from outputs_support import texts
from rfpgen.documents.build import build_documents
from rfpgen.validation import load_project

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = {"en": ROOT / "examples" / "en-electronics-retail.yaml", "ja": ROOT / "examples" / "ja-ec-order-center.yaml"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Each example's documents and response form: {lang: (project, {suffix: path})}."""
    out = {}
    for lang, path in EXAMPLES.items():
        project = load_project(path)
        written = build_documents(project, tmp_path_factory.mktemp(lang), only={"requirements", "rfp", "guide"})
        out[lang] = (project, {p.name.removeprefix(project.id): p for p in written})
    return out


def _texts(built, lang: str, suffix: str) -> list[str]:
    return texts(built[lang][1][suffix])


# ------------------------------------------------------------------ what the price form asks for

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_price_form_says_what_a_rate_is_multiplied_by_never_that_the_rate_is_a_quantity(built, lang):
    """A rate is what the bidder enters; the note names the quantity it is multiplied by
    (生産時間単価を掛ける数量＝FTE × …), never 'rate = FTE × …'."""
    notes = [t for t in _texts(built, lang, "-response-form.xlsx") if t.startswith(("価格方式：", "Pricing model: "))]
    assert notes
    for note in notes:
        assert not re.search(r"(?:単価|額）|[Rr]ate[^;.]*?|[Ff]ee[^;.]*?)\s?[＝=]", note), note
        assert ("を掛ける数量＝" if lang == "ja" else " applies to ") in note


# ------------------------------------------------------------------ each queue's own service level

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_staffing_assumptions_give_each_queues_own_service_level(built, lang):
    project, _ = built[lang]
    cells = _texts(built, lang, "-requirements.docx")
    at = [i for i, t in enumerate(cells) if t in ("サービスレベル目標", "Service level target")]
    stated = "\n".join(cells[i + 1] for i in at)
    own = [(p["name"], p["service_level"]) for p in project.section("work_definition")["programs"] if p.get("service_level")]
    assert len({(s["percent"], s["threshold_seconds"]) for _, s in own}) > 1  # the examples' queues differ
    for name, level in own:
        said = (f"{name}：{level['percent']:g}%を{level['threshold_seconds']:g}秒以内" if lang == "ja"
                else f"{name}: {level['percent']:g}% within {level['threshold_seconds']:g} s")
        assert said in stated


# ------------------------------------------------------------------ the plan in its order

def test_the_pilot_runs_after_the_launch_class_is_trained(built):
    """The e-mail pilot is live work: the requirement dates it no earlier than the hiring timeline's
    end of initial training (nesting starts), never while the class is still in the classroom."""
    from datetime import datetime

    cells = _texts(built, "en", "-requirements.docx")
    nesting = datetime.strptime(cells[cells.index("Nesting starts") + 1], "%a %d %B %Y").date()
    pilot = next(re.search(r"pilot on the e-mail desk that starts on (\d+ \w+ \d{4})", t) for t in cells if "two-week pilot" in t and "starts on" in t)
    assert datetime.strptime(pilot.group(1), "%d %B %Y").date() >= nesting


# ------------------------------------------------------------------ one answer date

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_document_dates_the_published_answers_on_the_schedules_answer_date(built, lang):
    """The examples record their answers the day before the schedule's answer date: the register,
    the editions (作成日, 改訂履歴) and the clarifications all give the date the bidders receive them."""
    from rfpgen.text import day

    project, _ = built[lang]
    schedule = project.data["project"]["schedule"]
    recorded = {str(q["answered"]) for q in project.data["questions"] if q.get("answered")}
    assert recorded and str(schedule["answer_date"]) not in recorded  # the case the reviewer met
    for suffix in ("-requirements.docx", "-evaluator-guide.docx"):
        said = "\n".join(_texts(built, lang, suffix))
        for when in recorded:
            assert day(when, project.date_style, weekday=False) not in said, suffix
        assert day(str(schedule["answer_date"]), project.date_style, weekday=False) in said


# ------------------------------------------------------------------ anchors above eligibility

def test_an_anchor_asking_only_for_eligibility_is_warned_and_the_example_asks_for_more(built, tmp_path):
    """Every bidder scored meets eligibility (50席以上・2年以上 in the ja example): an anchor 3 asking for
    just that gives every eligible bidder 3. The example's anchors ask for more; the old one is warned."""
    import copy

    from rfpgen.validation import project_from_data

    project, paths = built["ja"]
    guide = "\n".join(texts(paths["-evaluator-guide.docx"]))
    assert "同程度以上の規模の通販受注センターを複数運営し、うち1件は5年以上継続している。" in guide
    assert "同程度の規模（50席以上）の通販受注センターを2年以上運営した実績がある。" not in guide
    data = copy.deepcopy(project.data)
    criterion = next(c for c in data["evaluation"]["criteria"] if c["id"] == "C-EXP")
    criterion["anchors"][1]["description"] = "同程度の規模（50席以上）の通販受注センターを2年以上運営した実績がある。"
    warned = [p for p in project_from_data(data, lang="ja").warnings if "参加資格" in p.message]
    assert len(warned) == 1 and "評点3" in warned[0].message and "同等業務の実績" in warned[0].message
    assert not [p for p in project.warnings if "参加資格" in p.message]


# ------------------------------------------------------------------ published rules stay fixed

ADVICE_TO_CHANGE = {  # what a guide must not tell its readers once the RFP is out: change a published rule
    "ja": r"(?:予定価格|配点|方式|基準)[^。]*(?:設定|変更|見直)(?:する|し直す)?こと。|方式にすること|として採点すること",
    "en": r"(?i)\bset (?:it|the reference price) close|\binstead\.|\b(?:change|raise|lower|reset) the (?:weights?|formula|reference price)\b",
}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_evaluator_guide_never_advises_changing_a_published_rule(built, lang):
    """The guide is read after the RFP is issued: where a published rule has an effect worth knowing
    (the additive formula's small price spread, a final score of presentation points alone) it says the
    rule stands and that a change is an addendum sent to every bidder, never 'set it …' or '… instead'."""
    guide = _texts(built, lang, "-evaluator-guide.docx")
    assert [t for t in guide if re.search(ADVICE_TO_CHANGE[lang], t)] == []
    if lang == "ja":  # the additive formula's small price spread; the en example's rules have no such effect
        assert any("RFPの発行後は評価者が変更することはない" in t and "追補" in t for t in guide)


# ------------------------------------------------------------------ counts from the data

@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_summary_counts_the_classes_the_annex_lists_after_go_live(built, lang):
    """The summary's 'in N training classes' is the classes of the annex's table after the launch, a month's hires
    taught in several classes counted as several (22 (2) is two), never the table's rows."""
    cells = _texts(built, lang, "-requirements.docx")
    said = next(re.search(r"(\d+)回の研修クラス|in (\w+) training class(?:es)?:", t) for t in cells
                if re.search(r"\d+回の研修クラス|in \w+ training class(?:es)?:", t))
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
    stated = int(said.group(1)) if said.group(1) else words.get(said.group(2)) or int(said.group(2))
    kinds = {"ja": ("増員", "補充"), "en": ("Growth", "Backfill")}[lang]  # the rows after the launch class (増員2・補充1: both)
    rows = [re.fullmatch(r"\d+\s?[（(](\d+)[）)]", t) for t in cells]
    taught = sum(int(row.group(1)) for row, before in zip(rows[1:], cells) if row and before.startswith(kinds))
    assert stated == taught > 0


# ------------------------------------------------------------------ what the bidders' files hold

def _core(path: Path) -> dict[str, str]:
    import zipfile
    from xml.etree import ElementTree

    with zipfile.ZipFile(path) as archive:
        root = ElementTree.fromstring(archive.read("docProps/core.xml"))
    return {node.tag.rsplit("}", 1)[-1]: node.text or "" for node in root}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_bidders_files_are_dated_by_the_rfp_never_by_the_internal_project_date(built, lang):
    """The response form's and the RFP's properties: the client, the title, created on the RFP's issue
    date and modified on its latest addendum's; the project date (the internal definition's approval)
    and the build time are nobody's business outside."""
    project, paths = built[lang]
    p = project.data["project"]
    internal = str(p["date"])
    issue = str(p["schedule"]["rfp_issue"])
    edition = str(project.rfp_edition()[1] or issue)
    assert internal not in (issue, edition)
    for suffix in ("-response-form.xlsx", "-rfp.docx"):
        core = _core(paths[suffix])
        # XlsxWriter writes one date for both: the workbook says the issue date throughout
        assert core["created"].startswith(issue) and core["modified"][:10] in {edition, issue}, (suffix, core)
        said = "\n".join(core.values())
        assert internal not in said
        assert core["creator"] == p["client"]["name"]
        names = [e["name"] for e in project.data["evaluation"]["evaluators"]] + [p["client"]["contact"]["name"]]
        assert not [n for n in names if n in said]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_response_forms_hidden_sheet_holds_nothing_withheld_or_internal(built, lang):
    from openpyxl import load_workbook

    project, paths = built[lang]
    book = load_workbook(paths["-response-form.xlsx"])
    meta = book["_meta"]
    assert meta.sheet_state == "veryHidden"
    said = "\n".join(str(c.value) for row in meta.iter_rows() for c in row if c.value is not None)
    internal = [r.id for r in project.requirements()]  # the RFP numbers requirements its own way
    internal += [v["id"] for v in project.data["evaluation"]["vendors"]] + [e["id"] for e in project.data["evaluation"]["evaluators"]]
    internal += [str(project.data["project"]["date"])]
    assert [word for word in internal if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", said)] == []
    for r in project.withheld():
        assert r.text[:12] not in said


def test_the_compliance_sheet_lists_the_requirements_by_number(built):
    """The compliance sheet, a list the bidder answers down, runs R-001, R-002 … by number, a requirement an
    answer disclosed after issue (R-024A in the en example) in its place after the number it branches from."""
    from openpyxl import load_workbook

    project, paths = built["en"]
    sheet = load_workbook(paths["-response-form.xlsx"])["Compliance"]
    numbers = [c.value for c in sheet["B"] if isinstance(c.value, str) and re.fullmatch(r"R-\d{3}A?", c.value)]
    assert numbers == sorted(numbers) and len(numbers) == len(project.disclosed()) and "R-024A" in numbers
    assert len(numbers) >= 26
