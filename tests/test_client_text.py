"""The client's own text against the project's conventions: western dates in a Japanese-era project,
the other English's spelling, and words that tell vendors the RFP withholds requirements, each a
warning at its field and line with what to write instead (rfpgen/client_text.py)."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES
from rfpgen.client_text import era_dates, withholding_hints
from rfpgen.validation import validate_bytes
from rfpgen.words import other_spellings

JA, EN = (next(p for p in EXAMPLES if p.name.startswith(lang)) for lang in ("ja", "en"))


def warnings(text: str, lang: str = "en") -> dict[str, str]:
    """The warnings of a project file's text: {field path: line: message}."""
    project, problems = validate_bytes(text.encode("utf-8"), "p.yaml", lang)
    assert project is not None, [str(p) for p in problems]
    return {p.path: f"{p.line}: {p.message}" for p in problems if p.severity == "warning"}


def line_of(text: str, words: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if words in line)


# ------------------------------------------------------------------ western dates in a Japanese-era project

@pytest.mark.parametrize("typed, era", [
    ("2027年10月1日", "令和9年10月1日"), ("２０２７年１０月１日", "令和9年10月1日"), ("2027年10月", "令和9年10月"),
    ("2027年度", "令和9年度"), ("2027年", "令和9年"), ("2027/10/1", "令和9年10月1日"),
    ("2019年4月", "平成31年4月"), ("2019年5月1日", "令和元年5月1日"), ("2019年度", "令和元年度")])
def test_a_western_date_is_given_in_the_era(typed, era):
    assert era_dates(f"開始日（{typed}）は延期できない。") == [(typed, era)]


@pytest.mark.parametrize("text", ["令和9年10月1日に開始する。", "2027-10-01", "24時間365日受け付ける。",
                                  "2027年13月", "ISO/IEC 27001を取得していること。", "第2年度の単価",
                                  "https://example.jp/news/2027/10/1/"])
def test_text_without_a_western_date_has_none(text):
    assert era_dates(text) == []


def test_a_japanese_era_project_is_warned_at_each_western_date_with_the_era_form():
    text = JA.read_text(encoding="utf-8").replace("era: western", "era: japanese")
    found = warnings(text)
    line = line_of(text, "- サービス開始日（2027年10月1日）")
    assert found["work_definition.constraints[0]"].startswith(f"{line}: ")
    assert "「2027年10月1日」 as 「令和9年10月1日」" in found["work_definition.constraints[0]"]
    assert "「2024年10月」 as 「令和6年10月」, 「2026年9月」 as 「令和8年9月」" in found["work_definition.forecast.method"]
    ja = validate_bytes(text.encode("utf-8"), "p.yaml", "ja")[1]
    assert any("「2027年10月1日」は「令和9年10月1日」と書いてください" in p.message for p in ja)


def test_a_warning_names_the_line_and_column_of_the_first_word_found_inside_a_long_text():
    text = JA.read_text(encoding="utf-8").replace("era: western", "era: japanese")
    text = text.replace("をもとに、年間の伸び率", "をもとに、\n      2027年度の伸び率")
    problems = {p.path: p for p in validate_bytes(text.encode("utf-8"), "p.yaml")[1]}
    method = problems["work_definition.forecast.method"]
    line = line_of(text, "2024年10月〜2026年9月の自社センター")  # the block's first line of text, not `method: |-`
    assert (method.line, method.column) == (line, 7)
    assert "「2024年10月」 as 「令和6年10月」, 「2026年9月」 as 「令和8年9月」, 「2027年度」 as 「令和9年度」" in method.message
    # a word the file writes otherwise (here folded over two lines) is placed at its value
    text = EN.read_text(encoding="utf-8").replace(
        "    answer: Yes. Submit the response form", "    answer: Yes. A hidden\n      requirement. Submit the response form")
    answer = {p.path: p for p in validate_bytes(text.encode("utf-8"), "p.yaml")[1]}["questions[2].answer"]
    assert (answer.line, answer.column) == (line_of(text, "answer: Yes. A hidden"), 13)


def test_era_dates_in_a_japanese_era_project_and_western_dates_in_a_western_one_are_not_warned():
    text = JA.read_text(encoding="utf-8")
    assert not any("令和" in message for message in warnings(text).values())  # the example writes western years
    text = text.replace("era: western", "era: japanese")
    for western, era in era_dates(text):
        text = text.replace(western, era)
    assert not any("令和" in message for message in warnings(text).values())


# ------------------------------------------------------------------ the other English's spelling

def test_british_words_in_an_american_project_are_named_with_the_american_spelling():
    assert other_spellings("Our Centre will prioritise colour and behaviour; the programme's utilisation.", "en-US") == [
        ("Centre", "Center"), ("prioritise", "prioritize"), ("colour", "color"), ("behaviour", "behavior"),
        ("programme", "program"), ("utilisation", "utilization")]
    assert other_spellings("Analyze the center's color and behavior; organize it; canceled.", "en-GB") == [
        ("Analyze", "Analyse"), ("center", "centre"), ("color", "colour"), ("behavior", "behaviour"),
        ("organize", "organise"), ("canceled", "cancelled")]


@pytest.mark.parametrize("text, locale", [
    ("The contact center runs the program; the order was canceled.", "en-US"),
    ("The vendor's program (software) and the court's judgment.", "en-GB"),  # British English writes these too
    ("Orders cancelled from the catalogue; a judgement call.", "en-US"),  # American dictionaries accept these
    ("Write to help@colour-centre.example or see https://centre.example/colour.", "en-US")])
def test_spellings_the_locale_writes_are_not_named(text, locale):
    assert other_spellings(text, locale) == []


def test_an_american_project_is_warned_at_each_british_spelling():
    text = EN.read_text(encoding="utf-8").replace("locale: en-GB", "locale: en-US")
    found = warnings(text)
    line = line_of(text, "text: The contractor shall answer all four programmes")
    assert found["work_definition.requirements[0].text"] == (
        f"{line}: British spelling in a project written in en-US (project.locale), whose documents spell rfpgen's own "
        'words the en-US way: write "programmes" as "programs" (a name stays as it is), or set project.locale to '
        "en-GB if the whole project is written that way")
    assert warnings(EN.read_text(encoding="utf-8")) == {}  # written in British English, as its locale


def test_a_british_project_is_warned_at_an_american_spelling():
    text = EN.read_text(encoding="utf-8").replace("Four programmes:", "Four programs, color-coded:")
    found = warnings(text)
    assert list(found) == ["work_definition.description"]
    assert 'write "color" as "colour"' in found["work_definition.description"]
    assert "program" not in found["work_definition.description"].split("write")[1]


# ------------------------------------------------------------------ hints that the RFP withholds requirements

@pytest.mark.parametrize("text", [
    "This hidden requirement is now stated for all bidders.", "The requirement was\ndeliberately  not stated.",
    "Halden has decided to state this requirement for all bidders.", "It was withheld from the RFP to test proposal ability.",
    "This requirement is not stated in the RFP.", "この要件はRFPに記載していないが、対応すること。",
    "非公開の要件として設定した。", "あえて記載しなかった。", "提案力を見るため、詳細は示していない。"])
def test_words_telling_that_requirements_are_withheld_are_found(text):
    assert withholding_hints(text)


@pytest.mark.parametrize("text", [
    "Identifies needs and risks this RFP does not state and proposes how to address them.",
    "Anything you believe Halden should require but this RFP does not state",
    "Answers are published to all bidders without naming who asked.",
    "Fees withheld under the SLA credits are not paid back; withholding tax is the vendor's.",
    "RFPに明記されていない委託元のニーズやリスクを自ら見いだし、提案しているか。",
    "本書に記載のない課題やリスクについての提案", "課題把握と提案力（RFPに記載のないニーズ・リスクへの対応）",
    "提案依頼書に記載した予測件数を前提に、対応方法を提案すること。", "回答は全ての提案者に開示する。"])
def test_ordinary_text_and_the_published_criterion_are_no_hint(text):
    assert not withholding_hints(text)


def _with_answer(answer: str, published: bool = True) -> str:
    text = EN.read_text(encoding="utf-8")
    old = "    answer: Yes. Submit the response form as a separate file together with the proposal."
    assert old in text
    text = text.replace(old, f"    answer: {answer}")
    return text if published else text.replace(f"    answer: {answer}\n    answered: 2027-06-24\n    published: true",
                                               f"    answer: {answer}\n    answered: 2027-06-24\n    published: false")


@pytest.mark.parametrize("published", [True, False])
def test_an_answer_telling_that_requirements_are_withheld_is_warned(published):
    text = _with_answer("Yes. This was a hidden requirement, now stated for all bidders.", published)
    found = warnings(text)
    line = line_of(text, "answer: Yes. This was a hidden requirement")
    assert found["questions[2].answer"] == (
        f'{line}: this text reaches the bidders and says the RFP keeps requirements back ("hidden requirement", '
        '"stated for all bidders"); no bidder may learn that the RFP leaves anything out on purpose: state the '
        "answer, or the requirement it discloses (discloses:), as it is, without saying that it was left out")


def test_a_disclosed_requirement_telling_it_is_warned_and_internal_text_is_not():
    text = EN.read_text(encoding="utf-8")
    disclosed = "The contractor shall answer all four programmes from the service start date"
    assert disclosed in text
    text = text.replace(disclosed, "As a requirement deliberately not stated before, the contractor shall answer all four "
                                   "programmes from the service start date")
    found = warnings(text)
    assert "deliberately not stated" in found["work_definition.requirements[0].text"]
    # a withheld requirement's own text, and the look_for evaluators read, never reach a vendor
    text = EN.read_text(encoding="utf-8")
    for withheld in ("text: The contractor shall propose updates to the client's knowledge base",
                     "look_for: Proposes a process for keeping knowledge current"):
        assert withheld in text
        text = text.replace(withheld, withheld.replace(": ", ": This hidden requirement tests proposal ability. ", 1))
    disclosed = "    - id: WRK-001\n      text: The contractor shall answer all four programmes"
    assert disclosed in text
    text = text.replace(disclosed, "    - id: WRK-001\n      look_for: The deliberately omitted pilot plan.\n"
                                   "      text: The contractor shall answer all four programmes")
    assert warnings(text) == {}
