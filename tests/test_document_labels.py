"""Labels that change the meaning, one register, narrow columns and the contents (issue 14).

Each class is checked on the built documents of both examples: a planning assumption is labelled as
one; no value reads as something else (「部数 0」, a bare credit cap, "within 8 hours" for business
hours); paid hours never read as paid leave and 後処理 means after-call work only; the Japanese
sentences of every printed file but the notices to vendors are 常体; a Japanese header or date never breaks inside a word; the
contents list an annex by its title."""
from __future__ import annotations

import copy
import io
import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from docx_reading import shown
from outputs_support import every_output, texts
from rfpgen.documents import render
from rfpgen.documents.build import build_documents, output_path
from rfpgen.documents.measure import TABLE_POINTS
from rfpgen.documents.parts import evaluation_rule_statements
from rfpgen.responses import response_form
from rfpgen.validation import load_project, project_from_data
from rfpgen.words import CATALOGUE, say
from rfpgen.words.glossary import GLOSSARY

ROOT = Path(__file__).resolve().parent.parent
JA, EN = ROOT / "examples" / "ja-ec-order-center.yaml", ROOT / "examples" / "en-electronics-retail.yaml"
DOCS = ("requirements", "rfp", "guide", "qa")


def _build(data: dict, folder: Path, only=DOCS) -> dict[str, Document]:
    project = project_from_data(data)
    build_documents(project, folder, only=set(only))
    return {d: Document(io.BytesIO(output_path(project, folder, d).read_bytes()))
            for d in only if output_path(project, folder, d).exists()}


def _rows(doc) -> list[list[str]]:
    return [[shown(c.text) for c in row.cells] for t in doc.tables for row in t.rows]


def _texts(doc) -> list[str]:
    return [shown(p.text) for p in doc.paragraphs] + [shown(c.text) for t in doc.tables for row in t.rows for c in row.cells]


def _value(doc, label: str) -> list[str]:
    """The values printed beside `label` in the document's label/value and condition tables."""
    return [row[row.index(label) + 1] for row in _rows(doc) if label in row[:-1]]


@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    out = {}
    for path in (JA, EN):
        data = load_project(path).data
        out[path.stem] = (data, _build(data, tmp_path_factory.mktemp(path.stem)))
    return out


# ------------------------------------------------------------------ labels that change the meaning

@pytest.mark.parametrize("stem, lang", [(JA.stem, "ja"), (EN.stem, "en")])
def test_attrition_is_labelled_an_assumption_not_a_limit(examples, stem, lang):
    data, docs = examples[stem]
    label = say("staffing.assumption.attrition_pct_per_year", lang)
    assert label in ("想定年間離職率", "Assumed yearly attrition")
    for document in ("requirements", "rfp"):
        rate = f"{data['people']['attrition_pct_per_year']:g}"
        values = _value(docs[document], label)  # the people chapter; the annex adds "not a limit"
        assert values and all(re.fullmatch(rf"{rate} ?%(（上限ではない）| \(not a limit\))?", v) for v in values), document
        text = "\n".join(_texts(docs[document]))
        assert not re.search(r"離職率の上限|(?i:maximum (yearly )?attrition)", text)
    heading = next(p.text for p in docs["requirements"].paragraphs if "月別の採用計画" in p.text or "Hiring plan by month" in p.text)
    assert label.lower() in heading.lower()
    assert "想定" in say("people.attrition_pct_per_year", "ja") and "Assumed" in say("people.attrition_pct_per_year", "en")


def test_no_paper_copies_is_said_in_words(examples, tmp_path):
    _, docs = examples[JA.stem]
    assert examples[JA.stem][0]["rfp"]["submission"]["copies"] == 0
    for document in ("requirements", "rfp"):
        # the label names what the value says (紙の提出: 不要 / 3部), not a count the value is not
        assert _value(docs[document], "紙の提出") == ["不要"]
        assert not any(row[-2:] in (["部数", "0"], ["紙の提出部数", "0"], ["紙の提出部数", "紙の提出は不要"]) for row in _rows(docs[document]))
    assert _value(examples[EN.stem][1]["rfp"], "Paper copies") == ["Not required"]  # a portal upload, no postal address
    data = copy.deepcopy(examples[EN.stem][0])
    data["rfp"]["submission"]["copies"] = 1
    rfp = _build(data, tmp_path, only=("rfp",))["rfp"]
    assert _value(rfp, "Paper copies") == ["1"]


def test_the_credit_cap_says_what_it_caps(examples):
    assert _value(examples[JA.stem][1]["rfp"], "1か月のクレジットの上限") == ["対象額の100%（月額費用の10%）"]
    assert _value(examples[EN.stem][1]["requirements"], "Most credited in one month") == [
        "100% of the amount at risk (12% of the monthly fee)"]
    assert not any("クレジット上限（プール）" in t or "Pool cap" in t for _, docs in examples.values()
                   for doc in docs.values() for t in _texts(doc))


def test_response_hours_carry_their_basis(examples, tmp_path):
    en = examples[EN.stem][1]
    for document in ("requirements", "rfp"):
        assert _value(en[document], "E-mail response target") == ["within 8 business hours"]
        assert "within 8 business hours" in _value(en[document], "Response target")  # the e-mail program
        assert not any(t.startswith("within 8 hours") for t in _texts(en[document]))
    assert _value(examples[JA.stem][1]["rfp"], "メール返信期限") == ["24時間以内"]
    data = copy.deepcopy(examples[JA.stem][0])
    data["operations"]["kpis"]["response_hours_basis"] = "business"
    rfp = _build(data, tmp_path, only=("rfp",))["rfp"]
    assert _value(rfp, "メール返信期限") == ["営業時間で24時間以内"]
    assert "営業時間で24時間以内" in _value(rfp, "返信期限")  # a program without its own basis follows the KPI


def test_paid_hours_never_read_as_paid_leave_and_acw_has_one_name(examples):
    words = [w for pair in CATALOGUE.values() for w in pair] + [w for terms, meaning in GLOSSARY.values() for w in terms + meaning]
    assert not any("有給時間" in w or "支払時間" in w for w in words)
    assert "所定労働時間" in say("people.paid_hours_per_fte_month", "ja")
    # 後処理 is after-call work only: deferred (e-mail) work has its own name
    assert not any(re.search(r"後処理(?!（ACW）|の|を|時間|$|[、。・）])", w) for w in words if "後処理" in w)
    assert "後処理" not in say("staffing.assumption.deferred_work", "ja")
    glossary = {terms[0] for terms, _ in GLOSSARY.values()}
    assert {"後処理（ACW）", "ノンリアルタイム業務", "所定労働時間"} <= glossary
    for _, docs in examples.values():
        for doc in docs.values():
            assert not any("有給時間" in t or "後処理型" in t or "繰越業務" in t for t in _texts(doc))


# ------------------------------------------------------------------ one register

_POLITE = re.compile(r"です|ます|ません|ください")


@pytest.fixture(scope="module")
def selection(tmp_path_factory):
    """The Japanese example's whole selection (tests/outputs_support.py): {file name: texts}."""
    return {path.name: texts(path) for path in every_output(load_project(JA), tmp_path_factory.mktemp("selection"))}


def test_generated_japanese_sentences_are_plain_style(selection):
    """Every printed file's own sentences are 常体: the documents, the response form, the evaluators'
    workbooks (cells, input prompts and error messages), the paper forms, the consensus workbook, the
    results and the memo. What the client typed (the project file) and the evaluation rules'
    statements (scoring.rules, rewritten with the memo) are not the documents' words and are left
    out; so are the vendors' questions quoted in the clarifications. The notices to vendors are the
    exception: a letter to another company is 敬体 (rfpgen.scoring.notices)."""
    typed = (ROOT / "examples" / "ja-ec-order-center.yaml").read_text(encoding="utf-8")
    rules = evaluation_rule_statements(load_project(JA))
    found = []
    for name, lines in selection.items():
        if "-notice-" in name:
            continue
        for text in lines:
            for sentence in re.split(r"(?<=[。\n])", text):
                sentence = sentence.replace("\u2060", "").strip().removeprefix("【質問】").removeprefix("【回答】")
                if not _POLITE.search(sentence) or sentence.rstrip("。") in typed:
                    continue
                if any(sentence.rstrip("。") in rule for rule in rules):
                    continue
                found.append((name, sentence))
    assert found == []
    assert all(any(kind in name for name in selection) for kind in ("-scores-", "-evaluator-form-", "-consensus", "results.docx"))
    notices = [name for name in selection if "-notice-" in name]
    assert notices and all(any(_POLITE.search(text) for text in selection[name]) for name in notices)


# a figure glued to the Latin word before it while its Japanese unit follows (OJT15営業日: read and broken as
# OJT15 / 営業日), and a Western unit in brackets in a Japanese label (処理時間（h）)
_GLUED_FIGURE = re.compile(r"[A-Za-z]\d[\d,.]*(?:営業日|か月|日|時間|分|秒|件|名|人|点|円|%|％)")
_WESTERN_UNIT = re.compile(r"[（(](?:h|hrs?|s|sec|min|ms|pts?)[）)]")


def test_japanese_figures_stand_apart_from_latin_words_and_units_are_japanese(selection):
    """Every file of the Japanese selection writes a figure with its unit and apart from a Latin word
    before it (OJT（ネスティング）15営業日), and its units in Japanese (処理時間（時間））."""
    found = [(name, text) for name, lines in selection.items() for text in lines
             if _GLUED_FIGURE.search(text.replace("\u2060", "")) or _WESTERN_UNIT.search(text)]
    assert found == []
    assert _GLUED_FIGURE.search("OJT15営業日") and _WESTERN_UNIT.search("配置時間（h）")
    assert not _GLUED_FIGURE.search("OJT（ネスティング）15営業日")


def test_the_paper_form_speaks_of_paper(selection):
    """The paper form's instructions are the workbook's, reworded for a pen: no drop-down list, no cell
    refusing a value."""
    forms = [text for name, lines in selection.items() if "-evaluator-form-" in name for text in lines]
    assert any("□に印を付ける" in text for text in forms)
    assert [text for text in forms if re.search("プルダウン|入力できない|このシート", text)] == []


def test_the_response_form_is_plain_style_throughout():
    """The form goes to vendors with the RFP: its instructions (「記入すること。」) and the prompts and
    error messages of its input cells (「一覧から選ぶこと。」) speak in one register, 常体."""
    project = load_project(JA)
    workbook = load_workbook(io.BytesIO(response_form(project)[1]))
    texts = [c.value for ws in workbook.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    texts += [t for ws in workbook.worksheets for dv in ws.data_validations.dataValidation for t in (dv.prompt, dv.error) if t]
    assert any("記入すること" in t for t in texts) and any("選ぶこと" in t for t in texts)
    assert [t for t in texts if _POLITE.search(t)] == []
    assert not any(_POLITE.search(ja) for key, (ja, _) in CATALOGUE.items() if key.startswith("staffing.warning."))


_JAPANESE = "ぁ-んァ-ヶー一-龥々"
_HALF_WIDTH_IN_JAPANESE = re.compile(rf"[{_JAPANESE}）」] ?:(?!\d)|[{_JAPANESE}] ?\(|\((?=[{_JAPANESE}])")


def test_japanese_words_use_full_width_colons_and_brackets():
    """「変更：」「シュリンケージ（pt）」「（例：日本時間）」: no Japanese label or message of the catalogue
    mixes a half-width 「: 」 or 「( )」 into its full-width punctuation (a time such as 09:00 aside)."""
    found = [(key, ja) for key, (ja, _) in CATALOGUE.items() if ja and _HALF_WIDTH_IN_JAPANESE.search(ja)]
    assert found == []
    assert _HALF_WIDTH_IN_JAPANESE.search("シュリンケージ(pt)") and not _HALF_WIDTH_IN_JAPANESE.search("受付 09:00〜18:00")


# ------------------------------------------------------------------ narrow columns

def test_japanese_headers_and_dates_are_never_split_inside_a_word(examples):
    doc = examples[JA.stem][1]["requirements"]
    checked = 0
    for table in doc.tables:
        grid = [int(c.get(qn("w:w"))) / 1440 * 25.4 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        header = [shown(c.text) for c in table.rows[0].cells]
        if header[0] == "戦力化日":  # the training classes: four dates and three more columns on one line
            # at the size the table prints in (a smaller one when the dates do not fit side by side at the templates' size)
            points = min((int(sz.get(qn("w:val"))) / 2 for sz in table._tbl.iter(qn("w:sz"))), default=TABLE_POINTS)
            for row in table.rows[1:-1]:
                for cell, width in zip(row.cells, grid):
                    # each date line (採用：2027年6月1日（火）) is kept whole: it fits its column at the size printed
                    for line in shown(cell.text).split("\n"):
                        if re.search(r"\d{4}年\d{1,2}月\d{1,2}日", line):
                            assert render._mm(line) * points / TABLE_POINTS <= width - 3.81 + 0.05, line  # twips round down
                            checked += 1
        for text, width in zip(header, grid):
            if text.startswith("ピーク時の"):  # ピーク時の / 必要人数 / （共有）: never ピーク時の必 / 要人数
                assert render._mm("ピーク時の", True) <= width - 3.81
                assert all(not line or line.startswith(("（", "ピーク時の", "必要人数", "配置人数")) for line in text.split("\n"))
                checked += 1
    assert checked >= 16


def test_a_header_breaks_between_its_parts_and_a_range_between_its_dates():
    doc = Document()
    dates = ["2027年10月1日", "2027年6月1日", "2027年8月27日", "2027年9月10日"]
    table = doc.add_table(rows=2, cols=6)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))
    for cell, text in zip(table.rows[0].cells, ["戦力化日", "区分", "ピーク必要（共有）", "採用開始", "研修開始", "期間"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, [dates[0], "立ち上げ", "27", dates[1], dates[2], f"{dates[2]} – {dates[3]}"]):
        cell.text = text
    render.fit_columns(doc)
    widths = [int(c.get(qn("w:w"))) / 1440 * 25.4 for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert table.rows[0].cells[2].text == "ピーク必要\n（共有）"  # never ピーク必 / 要
    assert table.rows[1].cells[5].text in (f"{dates[2]} – {dates[3]}", f"{dates[2]} – \n{dates[3]}")  # the space kept
    for col in (0, 3, 4):
        assert widths[col] >= render._mm(table.rows[1].cells[col].text) + 3.81


# ------------------------------------------------------------------ contents

def test_the_contents_list_an_annex_by_its_title(examples):
    for stem, (_, docs) in examples.items():
        doc = docs["requirements"]
        body = doc.element.body
        entries = [p for p in body.iter(qn("w:p"))
                   if (p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
                       and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) in ("TOC2", "toc2"))]
        texts = ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in entries]
        # part 10, "Approval and change control" (承認と変更管理), is a part: its sections are in the contents
        annex = [p.text for p in doc.paragraphs if p.style.name == "Heading 1" and ("付録" in p.text or "Annex" in p.text)
                 and "approval" not in p.text]
        assert len(annex) == 2
        numbers = {a.split(".")[0] for a in annex} | {"1"}  # the annexes and the one-page summary
        assert texts and not any(t.split(".")[0] in numbers for t in texts), stem
        assert any(t.startswith("5.") for t in texts) and any("要件一覧" in t or "Requirements" in t for t in texts)
        kept_out = [p for p in doc.paragraphs if p.style.name == "Heading 2" and p.text.split(".")[0] in numbers]
        assert kept_out and all(p._p.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == "2" for p in kept_out)
