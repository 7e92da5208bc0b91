"""An answer that touches a withheld requirement's topic without quoting it is warned about (rfpgen.topics)."""
from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from rfpgen.library import add_to_data, catalogue
from rfpgen.project import Project
from rfpgen.topics import Topics, terms
from rfpgen.validation import validate_file
from rfpgen.yamlio import dump, read

ROOT = Path(__file__).resolve().parent.parent
JA = ROOT / "examples" / "ja-ec-order-center.yaml"
EN = ROOT / "examples" / "en-electronics-retail.yaml"

# the answers that gave a withheld requirement away by telling vendors what to propose (issue 14)
INSTRUCTING = {
    "ja": (2, "WRK-007", "提案依頼書に記載した予測件数を前提に、実績が乖離した場合の対応方法を提案すること。"),
    "en": (1, "OPS-006", "Agents make a warm transfer from the vendor's platform into Halden's telephony; the Tech Team "
                         "answers Monday to Saturday, 8:00 to 20:00. Outside those hours the agent logs the case for a "
                         "call-back from the Tech Team on its next working day. We look forward to your proposal on how "
                         "the two teams should work together."),
}

UNRELATED = {
    "en": ["The proposal must not exceed 40 pages; annexes are not counted.",
           "Prices are quoted in pounds sterling, excluding VAT.",
           "Yes. The site visit is on 3 July at 10:00 at the Manchester office.",
           "The current average handle time is six minutes for order calls.",
           "Agents use Halden's order system through a web browser; nothing needs to be installed.",
           "Calls are recorded and recordings are kept by Halden.",
           "The contract starts on 1 October 2027 and runs for three years.",
           "The volumes in section 5 include e-mail and chat contacts.",
           "No. Bidders may not form a consortium.",
           "Presentations take 90 minutes, including 30 minutes of questions.",
           "The service hours are 8:00 to 20:00, Monday to Saturday.",
           "Halden pays invoices 30 days after receipt.",
           "Stores handle returns of goods bought in store; the desk handles web orders only."],
    "ja": ["提案書のページ上限に会社概要は含まない。別添として提出すること。",
           "価格は税抜の円建てで記入すること。",
           "現地見学会は3月5日10時から本社で行う。",
           "現在の平均処理時間は注文の電話で6分である。",
           "オペレーターは委託元の受注システムをブラウザで利用する。インストールは不要である。",
           "契約期間は2027年10月1日から3年間とする。",
           "共同企業体での応募は認めない。",
           "プレゼンテーションは質疑を含めて90分とする。",
           "受付時間は平日9時から18時までとする。",
           "請求書の受領後30日以内に支払う。",
           "店舗で購入された商品の返品は店舗が受け付ける。",
           "メールの件数は月別の予測件数に含まれている。",
           "提案書は電子ファイルで提出し、紙の部数は不要とする。"],
}

# answers that tell vendors what to propose on the topic of a withheld library entry
POINTING = {
    "en": [("WRK-VOL-02", "Please describe how you would revise the staffing plan when actual volume differs from the forecast."),
           ("SYS-PCI-01", "We expect the proposal to explain how card payments by phone are handled without agents hearing card numbers."),
           ("PPL-WEL-01", "Describe your policy on customer harassment and when an agent may end an abusive call."),
           ("SYS-BCP-01", "Please include your business continuity arrangements and recovery times for disasters and system failures."),
           ("PPL-ATT-02", "Explain how you would report and manage agent attrition.")],
    "ja": [("WRK-VOL-02", "月間件数の実績が予測から大きく乖離した場合の人員計画の見直し方を提案すること。"),
           ("SYS-PCI-01", "電話でのクレジットカード決済でカード番号をどう扱うかを提案すること。"),
           ("PPL-WEL-01", "カスタマーハラスメントへの対応方針を提案書に記載すること。"),
           ("SYS-BCP-01", "災害やシステム障害に備えた事業継続の考え方を提案すること。"),
           ("PPL-ATT-02", "離職率の報告と対策について提案すること。")],
}


def _data(example: Path) -> dict:
    doc, _ = read(example)
    return copy.deepcopy(doc.data)


def _problems(data: dict, tmp_path: Path, lang: str):
    path = tmp_path / "project.yaml"
    path.write_text(dump(data), encoding="utf-8")
    return validate_file(path, lang)[1]


def _topic_warnings(problems):
    return [p for p in problems if p.severity == "warning" and p.path.startswith("questions")
            and re.search(r"key terms|the subject of|主要な語|同じ主題", p.message)]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_known_instructing_answers_are_warned_about_at_the_answer(tmp_path, lang):
    index, withheld, answer = INSTRUCTING[lang]
    data = _data(JA if lang == "ja" else EN)
    data["questions"][index]["answer"] = answer
    problems = _topic_warnings(_problems(data, tmp_path, lang))
    assert [p.path for p in problems] == [f"questions[{index}].answer"]
    warning = problems[0]
    statement = next(r["text"] for part in data.values() if isinstance(part, dict)
                     for r in part.get("requirements") or [] if r["id"] == withheld)
    assert warning.line and withheld in warning.message and statement[:20] in warning.message  # named by its words
    if lang == "ja":
        assert f"質問 No.{index + 1} の回答" in warning.message and f"discloses: に {withheld} を加え" in warning.message
        assert "乖離" in warning.message and "予測" in warning.message  # the shared words say why
    else:
        assert f"the answer to question No. {index + 1}" in warning.message
        assert f"list {withheld} under discloses:" in warning.message and "reword the answer" in warning.message
        assert "warm transfer" in warning.message


def test_listing_the_requirement_under_discloses_settles_it(tmp_path):
    index, withheld, answer = INSTRUCTING["ja"]
    data = _data(JA)
    data["questions"][index].update(answer=answer, discloses=[withheld])
    assert _topic_warnings(_problems(data, tmp_path, "ja")) == []


def test_an_answer_on_the_subject_of_a_withheld_requirement_is_warned_about_by_that_subject(tmp_path):
    """rfpgen.subjects' words count as the topic too: PRC-003 (withheld until answer 4) is about exit."""
    data = _data(EN)
    data["questions"] = data["questions"][:3]
    data["rfp"].pop("revisions")
    data["questions"][2]["answer"] = "Yes. Submit the price form as a separate file; it stays valid until the end of the contract."
    warnings = _topic_warnings(_problems(data, tmp_path, "en"))
    assert [(w.path, "the subject of requirement PRC-003" in w.message, "exit at the end of the contract" in w.message)
            for w in warnings] == [("questions[2].answer", True, True)]


def test_an_answer_that_quotes_a_withheld_requirement_is_reported_once_as_a_quote(tmp_path):
    data = _data(JA)
    withheld = next(r for r in data["systems"]["requirements"] if r["id"] == "SYS-005")
    data["questions"][1].update(answer=withheld["text"], published=False)
    problems = [p for p in _problems(data, tmp_path, "en") if p.path == "questions[1].answer"]
    assert len(problems) == 1 and "quotes requirement SYS-005" in problems[0].message


def _with_library(example: Path, lang: str) -> Project:
    """The example with every library entry added (hundreds of requirements), the candidates withheld."""
    data, _ = add_to_data(_data(example), [e.id for e in catalogue.entries()], lang, skip_existing=True)
    for part in data.values():
        for r in part.get("requirements") or [] if isinstance(part, dict) else []:
            if r.get("library_id") and r.get("look_for") and catalogue.get(r["library_id"]).withhold_candidate:
                r["withhold"] = True
    return Project(data)


@pytest.mark.parametrize("example, lang", [(JA, "ja"), (EN, "en")], ids=["ja", "en"])
def test_with_hundreds_of_requirements_unrelated_answers_stay_quiet_and_pointing_ones_are_found(example, lang):
    project = _with_library(example, lang)
    assert len(project.requirements()) > 150 and len(project.withheld()) > 15
    topics = Topics(project)
    for answer in UNRELATED[lang] + [q["answer"] for q in project.data["questions"] if not q.get("discloses")]:
        assert topics.touched(answer) == [], answer
    by_library = {r.data.get("library_id"): r.id for r in project.requirements()}
    for library_id, answer in POINTING[lang]:
        assert by_library[library_id] in {t.requirement.id for t in topics.touched(answer)}, answer


def test_a_shared_stretch_counts_as_one_word_and_figures_with_units_are_no_terms():
    assert terms("Every warm transfer to the Tech Team") == {"warm", "transfer", "tech", "team"}
    assert terms("請求書の受領後30日以内に支払う") == {"請求", "求書", "受領", "領後", "支払"}  # no 日以, no 以内
    project = _with_library(JA, "ja")
    # 受領後 shares two kanji pairs with a statement but is one word: one shared word is not a topic
    assert Topics(project).touched("請求書の受領後30日以内に支払う。") == []
