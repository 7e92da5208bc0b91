"""rfpgen's own words follow one convention per language and the project's locale (issue 14).

- Percentages: 80% with no space, in English (en-GB and en-US alike) as in Japanese (半角%, never
  80％), on every surface rfpgen writes: documents, workbooks, the response form, its catalogue,
  library, starter and messages. What the user typed is printed as typed.
- Tax: prices are quoted excluding the tax of the project's currency (VAT for pounds and euros, sales tax
  for dollars; by the locale when no currency is set), 税抜 in Japanese, on every surface that states
  the tax basis (RFP, guide, response form, price workbook, memo).
- One name per thing, in every output of both examples and in the catalogue (the wizard's words):
  e-mail, ID, annex, 書類審査, 提案者; the price limit is 予定価格 / the reference price when the evaluation
  sets one, 予算 / the budget only for the pricing section's budget.
"""
from __future__ import annotations

import copy
import io
import re
import tokenize
from pathlib import Path

import pytest

from docx_reading import paragraphs
from outputs_support import every_output, texts
from rfpgen.documents.build import build_documents, output_path
from rfpgen.library import entries
from rfpgen.scoring import tally, write_scoring_outputs
from rfpgen.validation import load_project, project_from_data
from rfpgen.words import CATALOGUE, ENUMS
from rfpgen.words.glossary import GLOSSARY
from scoring_support import write_results_and_notices, fill_all, project_data

ROOT = Path(__file__).resolve().parent.parent
EN, JA = ROOT / "examples" / "en-electronics-retail.yaml", ROOT / "examples" / "ja-ec-order-center.yaml"
SPACED_PERCENT = re.compile(r"\d[ \u00a0\u202f]%|\d％")


def _build(data: dict, folder: Path) -> dict[str, list[str]]:
    """Every output of a full build (documents, response form, scoring workbooks and forms), by file name."""
    project = project_from_data(data)
    return {path.name: texts(path) for path in build_documents(project, folder) if path.suffix in (".docx", ".xlsx")}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Both examples' whole selection (tests/outputs_support.py), memo and notices included: {stem: {file name: texts}}."""
    return {path.stem: {out.name: texts(out) for out in every_output(load_project(path), tmp_path_factory.mktemp(path.stem))}
            for path in (EN, JA)}


# ------------------------------------------------------------------ percentages

@pytest.mark.parametrize("stem", [EN.stem, JA.stem])
def test_built_outputs_write_percentages_without_a_space(built, stem):
    found = [(name, text) for name, texts in built[stem].items() for text in texts if SPACED_PERCENT.search(text)]
    assert found == []
    assert any("%" in text for texts in built[stem].values() for text in texts)


def _python_strings() -> list[tuple[str, int, str]]:
    """Every string literal in rfpgen's code (messages, labels, f-strings), never its operators."""
    spaced = re.compile(r"[\d}] %(?![}\d]|\s*\d)")  # not `60 % 60` inside an f-string, not a Jinja `%}`
    out = []
    for path in sorted((ROOT / "rfpgen").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.STRING and spaced.search(token.string):
                out.append((path.name, token.start[0], token.string))
    return out


def test_rfpgens_own_texts_write_percentages_without_a_space():
    texts = [text for pair in CATALOGUE.values() for text in pair]
    texts += [text for (term, meaning) in GLOSSARY.values() for text in (*term, *meaning)]
    for entry in entries():
        texts += [*entry.text.values(), *(entry.look_for or {}).values()]
    for path in [*(ROOT / "rfpgen" / "starter").glob("*.yaml"), *(ROOT / "examples").glob("*.yaml"),
                 *(ROOT / "rfpgen" / "web" / "templates").glob("*.html"), ROOT / "rfpgen" / "web" / "static" / "jobs.js"]:
        texts.append(re.sub(r"\{%.*?%\}", "", path.read_text(encoding="utf-8")))
    assert [t for t in texts if SPACED_PERCENT.search(t)] == []
    assert _python_strings() == []


def test_a_percentage_the_user_typed_is_printed_as_typed(tmp_path):
    data = project_data()
    assert data["operations"]["requirements"][0]["text"] == "Answer 80 % of calls within 20 seconds."
    project = project_from_data(data)
    build_documents(project, tmp_path, only={"requirements"})
    assert any("Answer 80 % of calls" in p for p in paragraphs(output_path(project, tmp_path, "requirements").read_bytes()))


# ------------------------------------------------------------------ the tax's name

def _with_tax_rule(data: dict, locale: str, currency: str | None = None) -> dict:
    data = copy.deepcopy(data)
    data["project"]["locale"] = locale
    data["evaluation"].setdefault("rules", {})["tax_basis"] = "excluding"
    if currency:
        data["pricing"]["currency"] = currency
    return data


@pytest.mark.parametrize("locale, currency, tax", [("en-GB", "GBP", "VAT"), ("en-US", "GBP", "VAT"), ("en-US", "USD", "sales tax")])
def test_prices_exclude_the_tax_of_the_projects_currency(tmp_path, locale, currency, tax):
    """The RFP, the guide, the response form and the price workbook say 'excluding VAT' for a UK client,
    whether its documents spell British or American English: the tax is the country's, not the spelling's."""
    outputs = _build(_with_tax_rule(load_project(EN).data, locale, currency), tmp_path)
    said = {name: "\n".join(texts) for name, texts in outputs.items()}
    for suffix in ("-rfp.docx", "-evaluator-guide.docx", "-response-form.xlsx", "-prices.xlsx"):
        name = next(n for n in said if n.endswith(suffix))
        assert f"excluding {tax}" in said[name], name
    assert [n for n, text in said.items() if re.search(r"(?i)excluding tax|consumption tax", text)] == []


@pytest.mark.parametrize("locale, tax", [("en-GB", "VAT"), ("en-US", "sales tax")])
def test_the_memo_states_the_tax_basis_in_the_locales_words(tmp_path, locale, tax):
    project = project_from_data(_with_tax_rule(project_data(), locale))
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project))
    write_results_and_notices(project, result, tmp_path / "results")
    memo = "\n".join(paragraphs((tmp_path / "results" / "results.docx").read_bytes()))
    assert f"Prices are compared excluding {tax}." in memo


def test_the_japanese_tax_basis_is_zeinuki(built):
    form = next(texts for name, texts in built[JA.stem].items() if name.endswith("-response-form.xlsx"))
    assert "税抜" in form and not any("VAT" in text or "sales tax" in text for text in form)


# ------------------------------------------------------------------ currencies

@pytest.mark.parametrize("stem, code", [(EN.stem, "GBP"), (JA.stem, "JPY")])
def test_built_outputs_name_the_currency_never_its_code(built, stem, code):
    """Amounts read £7,500,000 or 7,500,000円 and the currency is named (pounds sterling, 円): a
    client or vendor never meets the ISO code in prose, a table or the response form."""
    found = [(name, text) for name, texts in built[stem].items() for text in texts if re.search(rf"\b{code}\b", text)]
    assert found == []


# ------------------------------------------------------------------ one name per thing

ONE_NAME = {  # the thing: (its language, the variants rfpgen's own words never use, the one name the outputs print)
    "e-mail": ("en", r"\b[Ee]mails?\b", "E-mail"),
    "ID": ("en", r"(?<![{\w])(?:id|Id|ids|Ids)(?![}\w])", "Document ID"),
    "annex": ("en", r"(?i)\bappendi(?:x|ces)\b", "Annex"),
    "document stage": ("ja", r"一次審査|書類評価|書類審査の合計点", "書類審査の総合評価点"),
    "bidder": ("ja", r"提案事業者|ベンダー", "提案者"),
    "contractor": ("ja", r"委託先", "受託者"),
    "client (ja)": ("ja", r"発注者|当社", "委託元"),
    # a save of the wizard is a リビジョン (revision); 版 is only a document's version (第1.0版)  # the glossary's word, in the wizard too (its labels are the catalogue's)
    # one English word per party, as Japanese has 委託元 / 受託者 / 提案者: the bidders while they compete,
    # the contractor once chosen; "vendor" is neither (the hidden keys' vendor=A is no reader's word)
    "bidder or contractor": ("en", r"(?i)(?<![{\w.])vendors?\b(?![=}])", "bidder"),
    "the contractor": ("en", r"(?i)(?<![{\w.])vendors?\b(?![=}])", "The contractor shall"),
    "the price file": ("ja", r"見積書", "提案回答書"),  # the bidders price on the response form: no second price file
    "the response form (ja)": ("ja", r"回答様式", "提案回答書"),  # the form's own title, the RFP's annex list
    # 書類審査 is the whole document stage (書類審査結果報告書); the check of the response forms is 形式審査
    "the screening of the response forms (ja)": ("ja", r"書類審査(?:の指摘|[:：]|$)", "形式審査"),
    "public holidays (ja)": ("ja", r"^休業日$|休業日（日付）", "祝日の扱い"),  # a label saying closed over text saying open
    "public holidays (en)": ("en", r"^Holidays$", "Public holidays"),
    "items to check (ja)": ("ja", r"合議で確認すべき事項", "要確認事項"),
    "items to check (en)": ("en", r"^Flags\b|items for the consensus meeting", "Items to check"),
    "a coverage answer (ja)": ("ja", r"具体的(?:[＝\s]*1|（)", "具体的な提案あり＝1"),  # the dropdown's words in every rubric
    "a coverage answer (en)": ("en", r"\bconcrete =? ?1\b|\bconcrete \(method", "Concrete = 1"),
    "the Evaluator Guide (ja)": ("ja", r"評価者の手引き", "評価者ガイド"),
    "the Evaluator Guide (en)": ("en", r"\b[Ee]valuators?'? guide\b", "Evaluator Guide"),
    "what earns each score (ja)": ("ja", r"評価の目安|アンカー", "評点の基準"),
    "the consensus meeting (ja)": ("ja", r"評価調整会議|評価委員会", "合議"),
    "the consensus meeting (en)": ("en", r"(?i)\bcommittee\b", "consensus meeting"),
    # the requirements the RFP leaves out: the glossary's one name, never 非掲載 or 記載していない beside it
    "requirements left out (ja)": ("ja", r"非掲載|RFPに記載していない要件", "RFPに記載しない要件"),
    # (the wizard says "withheld": the box is "Withhold")
    "requirements left out (en)": ("en", r"(?i)requirements? the RFP does not state|not disclosed in the RFP", "left out of the RFP"),
    # the RFP is named in full once, as its definition 提案依頼書（RFP）; everywhere else RFP
    "the RFP (ja)": ("ja", r"提案依頼書(?!（RFP）)", "RFP"),
    "the RFP (en)": ("en", r"request for proposal(?! \(RFP\))", "RFP"),
    "a business day": ("en", r"(?i)\bworking days?\b", "business day"),
    "a callback": ("en", r"(?i)\bcall-backs?\b", "Callbacks"),
    # 評価シート is the evaluators' scoring sheet; the client's call-quality form is 応対品質評価シート
    "the call-quality form (ja)": ("ja", r"(?<!応対品質)評価シート(?=[^。]*(?:キャリブレーション|通話|QA))|(?:モニタリング|通話)[^。]*(?<!応対品質)評価シート",
                                   "応対品質評価シート"),
    # the quality score is the weighted sum of the criteria's scores; a call's QA mark is the call quality score
    "the call quality score (en)": ("en", r"(?i)(?<!call )quality score(?= of at least|[^.]*\b(?:calls?|chats?)\b)",
                                    "Call quality score"),
    # the KPI a monitored contact's mark is measured by: one name and one unit (a percentage of the form's
    # maximum), never the tender's 品質スコア nor 平均点 beside a target in % (issue 14)
    "the call quality score (ja)": ("ja", r"応対品質スコア|品質評価スコア|応対品質評価（平均点）", "応対品質評価の得点率"),
    # the mail KPI is a deadline (期限), as a program's own "Response target" is
    "the e-mail reply (en)": ("en", r"(?i)e-mail response time", "E-mail response target"),
    "the call quality score, one name (en)": ("en", r"Quality \(QA\) score|\bQA score\b", "Call quality score (QA)"),
    "the quality form (en)": ("en", r"(?i)\bmonitoring form\b|\bcall and chat evaluation form\b|\bquality evaluation form\b",
                              "quality form"),
    # an e-mail gets a reply (返信); 回答 is the answer to a bidder's question
    "the e-mail reply (ja)": ("ja", r"メール回答|初回回答|(?<!質問)回答期限", "メール返信期限"),
    # (SV一人, as a figure glued to a Latin word, SV1名, would break as SV1 / 名)
    "agents per team leader (ja)": ("ja", r"SV ?[1１]名あたり|スーパーバイザー(?:1|１|一)(?:名|人)あたり", "SV一人あたりのオペレーター数"),
    # part 7 of the requirements is a chapter of the body, before the annexes: no 追加資料 (appendix) in its title
    "the approval chapter (ja)": ("ja", r"追加資料", "承認と変更管理"),
    "the approval chapter (en)": ("en", r"Annex: approval", "Approval and change control"),
    # shifts without an unpaid break have their breaks in paid time: "no break" reads as a Working Time problem
    "breaks in paid time (en)": ("en", r"\bno break\b", "breaks within paid time (in shrinkage)"),
    # 必須要件 is a requirement of priority 必須; the pass/fail items evaluators judge are 必須項目
    "a pass/fail item (ja)": ("ja", r"必須要件(?:（合否判定）|の判定|「|は、?(?:プルダウン|「適合」|合否))|判定が分かれた要件", "必須項目"),
}


@pytest.mark.parametrize("thing", ONE_NAME)
def test_built_outputs_give_each_thing_one_name(built, thing):
    """Every output of both examples (documents, workbooks, forms, memo, notices) names it one way."""
    lang, rejected, name = ONE_NAME[thing]
    found = [(file, text) for outputs in built.values() for file, lines in outputs.items() for text in lines
             if re.search(rejected, text)]
    assert found == []
    stem = {"en": EN, "ja": JA}[lang].stem
    assert any(name in text for lines in built[stem].values() for text in lines)


# English quotes one way: typographic double quotes (“Bidder” sheet, “What earns each score”), never straight
# single or double quotes around a name, nor curly single ones (an apostrophe, client's, is no quote)
STRAIGHT_QUOTES = re.compile(r"(?:^|[\s(])'[A-Za-z{][^'\n]*?'(?=[\s.,;:)]|$)|\"[^\"\n]+\"|‘[^’\n]+’")


def test_english_outputs_quote_one_way(built):
    found = [(file, text) for file, lines in built[EN.stem].items() for text in lines
             if not text.startswith("=") and STRAIGHT_QUOTES.search(text)]
    assert found == []
    assert any("“" in text for lines in built[EN.stem].values() for text in lines)


@pytest.mark.parametrize("thing", ONE_NAME)
def test_the_catalogue_gives_each_thing_one_name(thing):
    """The catalogue, the glossary and the enumerated values' names (what the wizard shows too)."""
    lang, rejected, _ = ONE_NAME[thing]
    at = 0 if lang == "ja" else 1
    words = [pair[at] for pair in CATALOGUE.values()] + [w[at] for terms, meaning in GLOSSARY.values() for w in (terms, meaning)]
    words += [name for names in ENUMS.values() for name in names[lang].values()]
    assert [w for w in words if re.search(rejected, w)] == []


def test_after_its_definition_the_english_client_is_the_client(built):
    """The RFP defines 'Halden Electronics Ltd (“the client”)': from then on every output says the
    client (as Japanese says 委託元), never a shortened company name; tables of who owns or bears what
    head their columns Client and Contractor, parallel to 委託元 and 受託者."""
    name = load_project(EN).client_name
    short = re.compile(rf"\b{re.escape(name.split()[0])}\b(?! {re.escape(' '.join(name.split()[1:]))})")
    outputs = built[EN.stem]
    assert [(file, text) for file, lines in outputs.items() for text in lines if short.search(text)] == []
    rfp = next(lines for file, lines in outputs.items() if file.endswith("-rfp.docx"))
    assert f"{name} (“the client”)" in "\n".join(rfp) and "Contractor" in rfp


def test_a_staged_selection_names_its_document_stage_total_in_full(built):
    """With presentations after the document stage, the figure that decides who presents is
    書類審査の総合評価点 wherever it is named; a bare 総合評価点 would read as the final score."""
    bare = re.compile(r"(?<!書類審査の)(?<!書類審査の\n)総合評価点")
    assert [(file, text) for file, lines in built[JA.stem].items() for text in lines if bare.search(text)] == []


def test_an_answer_disclosing_a_requirement_states_it_as_the_requirement_does():
    """The clarifications disclose a withheld requirement in the answer's words and the addendum adds
    the requirement's: the examples' answers quote the requirement word for word, so the two never differ."""
    answers = []
    for path in (EN, JA):
        project = load_project(path)
        texts = {r.id: r.text for r in project.requirements()}
        answers += [(path.stem, q["number"], texts[rid] in q["answer"])
                    for q in project.data.get("questions") or [] for rid in q.get("discloses") or []]
    assert answers and [answer for answer in answers if not answer[-1]] == []


def test_the_price_limit_is_named_as_the_project_sets_it(built):
    """予定価格 (the reference price) and 予算 (the pricing section's budget) are two things: the
    Japanese example sets a reference price, so its memo compares prices with 予定価格 and says 予算
    nowhere but where the requirements definition and the RFP (which publishes it, so that bidders can
    recompute their 加算方式 price points) print the budget; the English example sets only a budget, so its
    memo compares with the budget. Where the RFP prints the budget it says once that the reference price
    its price rule uses (13.3, 14.5) is the same figure, so no bidder reads two limits (issue 14)."""
    ja = built[JA.stem]
    assert "3. 予定価格との比較" in ja["results.docx"]
    assert [(name, text) for name, lines in ja.items() if not name.endswith("-requirements.docx")
            for text in lines if "予算" in text] == [("midori-order-center-2027-rfp.docx", "9.7 予算"),
                                                     ("midori-order-center-2027-rfp.docx", "600,000,000円（予算と同額）")]
    rfp = ja["midori-order-center-2027-rfp.docx"]
    assert rfp[rfp.index("600,000,000円（予算と同額）") - 1] == "予定価格"
    en = built[EN.stem]
    assert "3. Prices against the budget" in en["results.docx"]
    assert not any("reference price" in text for text in en["results.docx"])


# ------------------------------------------------------------------ the locale's spelling, clock and letters

BRITISH = re.compile(r"\b(?:normalis\w*|organis\w*|anonymis\w*|cancelled|labelled|modelled|optimiser|judgement|centres?|programmes?)\b",
                     re.IGNORECASE)


def test_rfpgens_words_are_spelled_as_the_locale_spells_them():
    from rfpgen.scoring.results import Flag
    from rfpgen.words import locale, tr

    flag = Flag("V-A", "low_bid", None, "the normalised cost is low", "低価格")
    with locale("en-US"):
        assert tr("en", "", "The organisation normalised the program at the centre; cancelled.") == \
            "The organization normalized the program at the center; canceled."
        assert flag.text("en") == "The normalized cost is low"
    with locale("en-GB"):
        assert tr("en", "", "The organisation normalised the program at the center.") == \
            "The organisation normalised the programme at the centre."
        assert flag.text("en") == "The normalised cost is low"


def test_an_american_selection_writes_rfpgens_words_in_american_and_leaves_the_clients_text_alone(tmp_path):
    """Every output of the English example set to en-US: each British spelling left is one the client
    typed in the project file; times are on the 12-hour clock (the deadlines at noon, the opening hours)."""
    data = copy.deepcopy(load_project(EN).data)
    data["project"]["locale"] = "en-US"
    typed = {word.lower() for word in BRITISH.findall(EN.read_text(encoding="utf-8"))}
    outputs = every_output(project_from_data(data), tmp_path)
    said = {path.name: "\n".join(texts(path)) for path in outputs}
    british = {(name, word) for name, text in said.items() for word in BRITISH.findall(text) if word.lower() not in typed}
    assert british == set()
    rfp = next(text for name, text in said.items() if name.endswith("-rfp.docx"))
    assert re.search(r"2027, (noon|\d{1,2}:\d\d [ap]\.m\.) \(", rfp)
    requirements = next(text for name, text in said.items() if name.endswith("-requirements.docx"))
    assert re.search(r"\d{1,2}:\d\d a\.m\.–\d{1,2}:\d\d p\.m\.", requirements)
    assert re.search(r"all programs together, in UK time: \w+, \w+ \d{1,2}, \d{4}, \d{1,2}:\d\d [ap]\.m\.\)", requirements)  # the peak interval, by its clock
    assert not re.search(r"\b(AM|PM)\b", "\n".join(said.values()))


@pytest.mark.parametrize("locale, salutation, named, unnamed", [
    ("en-US", ":", "Sincerely,", "Sincerely,"), ("en-GB", ",", "Yours sincerely,", "Yours faithfully,")])
def test_notices_open_and_close_as_the_locales_letters_do(tmp_path, locale, salutation, named, unnamed):
    """An American letter: Dear Tom Hargreaves: … Sincerely,; a British one: Dear Tom Hargreaves, …
    Yours sincerely, (Yours faithfully, to Dear Sir or Madam)."""
    data = project_data()
    data["project"]["locale"] = locale
    data["evaluation"]["vendors"][0]["contact"] = {"name": "Tom Hargreaves", "title": "Sales Director"}
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    write_results_and_notices(project, tally(project, fill_all(tmp_path, project)), tmp_path / "results")
    letters = {path.stem.rsplit("-", 1)[-1]: paragraphs(path.read_bytes())
               for path in (tmp_path / "results" / "notices").glob("*.docx")}
    assert f"Dear Tom Hargreaves{salutation}" in letters["A"] and named in letters["A"]
    assert f"Dear Sir or Madam{salutation}" in letters["B"] and unnamed in letters["B"]
    other = {"en-US": ("Yours sincerely,", "Yours faithfully,"), "en-GB": ("Sincerely,",)}[locale]
    assert not any(line in other for lines in letters.values() for line in lines)


def test_a_letter_to_a_contact_with_an_honorific_opens_with_it_and_the_family_name(tmp_path):
    """Dear Ms McLeod, not Dear Fiona McLeod, when the project gives the contact's honorific; the address
    names her in full (Ms Fiona McLeod, Head of New Business); a contact without one keeps the full name."""
    from rfpgen.documents.parts import addressed, person_named

    data = project_data()
    data["project"]["locale"] = "en-GB"
    data["evaluation"]["vendors"][0]["contact"] = {"name": "Fiona McLeod", "honorific": "Ms", "title": "Head of New Business"}
    data["evaluation"]["vendors"][1]["contact"] = {"name": "Tom Hargreaves"}
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    write_results_and_notices(project, tally(project, fill_all(tmp_path, project)), tmp_path / "results")
    letters = {path.stem.rsplit("-", 1)[-1]: paragraphs(path.read_bytes())
               for path in (tmp_path / "results" / "notices").glob("*.docx")}
    assert "Dear Ms McLeod," in letters["A"] and "Ms Fiona McLeod, Head of New Business" in letters["A"]
    assert "Dear Tom Hargreaves," in letters["B"]
    assert addressed({"name": "Jean-Luc Picard", "honorific": "Mr."}) == "Mr. Picard"
    assert person_named({"name": "山田花子", "honorific": "Ms", "title": "調達部長"}, "ja") == "調達部長 山田花子"  # 様 addresses her


def test_the_rfps_contact_for_questions_is_written_as_prose():
    from rfpgen.documents.parts import qa_pairs

    for lang, contact in (("en", "Priya Nair, Head of Procurement (procurement@halden.example or +44 161 555 0100)"),
                          ("ja", "調達部長 山田花子（電子メール：procurement@halden.example、電話：+44 161 555 0100）")):
        data = project_data()
        data["project"]["language"] = lang
        person = ("Priya Nair", "Head of Procurement") if lang == "en" else ("山田花子", "調達部長")
        data["rfp"] = {"qa": {"contact": {"name": person[0], "title": person[1], "email": "procurement@halden.example",
                                          "phone": "+44 161 555 0100"}}}
        pairs = dict(qa_pairs(project_from_data(data)))
        assert pairs["窓口" if lang == "ja" else "Contact"] == contact


def test_an_english_count_agrees_with_its_figure():
    """\"This step has 1 problem(s)\" read as a machine wrote it: the catalogue's "(s)" agrees with the figure
    before it (\"(s) are\" with its verb); "AHT (s)", seconds, is no plural."""
    from rfpgen.words import say

    assert say("ui.problems_here", "en", n=1) == "This step has 1 problem."
    assert say("ui.problems_here", "en", n=4) == "This step has 4 problems."
    assert say("cli.batch_failed", "en", failed=1, total=3, files="a.yaml") == "1 of 3 projects failed: a.yaml"
    assert say("responses.aht", "en") == "Assumed AHT (s)"
    assert say("ui.problems_here", "ja", n=1) == "この手順に 1 件の問題があります。"


def test_a_saved_revision_is_never_called_a_version():
    """The wizard's saves are revisions (リビジョン), a document's edition is its version (版): one word
    for each, so 「版 3 から作成」 never sits beside the requirements definition's 版 1.0."""
    revisions = {key: pair for key, pair in CATALOGUE.items() if key.startswith("ui.") and "{n}" in pair[1]
                 and "revision" in pair[1].lower()}
    assert revisions
    assert {key: pair for key, pair in revisions.items() if "版" in pair[0] or "version" in pair[1].lower()} == {}
    assert CATALOGUE["project.version"][0] == "版"
