"""Typography and wording every document shares: ranges of days and times, signed bands, words and
numbers kept whole on a line, Japanese sentence ends, and the RFP's conditions stated once and fully."""
from __future__ import annotations

import copy
import re

import docx
import pytest

from rfpgen.documents.build import build_context
from rfpgen.documents.clarifications import section_parts
from rfpgen.documents.finish import BREAK_OPPORTUNITY, NO_BREAK_SPACE, WORD_JOINER, finish, is_code, keeps_whole
from rfpgen.documents.parts import anchor_lines, confidentiality_mark, hours_rows, scale_labels
from rfpgen.documents.rfp_terms import terms
from rfpgen.responses import rates
from rfpgen.responses.form import price_terms
from rfpgen.scoring.rules import statements
from rfpgen.text import ja_ended_alike, ja_sentence, time_span, weekdays
from rfpgen.words import locale

from docx_reading import full_text
from documents_support import EN, JA, ROOT  # noqa: F401
from rfpgen.validation import project_from_data
from rfpgen.yamlio import read



def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.fixture(scope="module")
def texts(ja, en):
    """Every string each document's context prints (the staffing figures aside), per (language, document)."""
    return {(p.lang, key): "\n".join(_strings(build_context(p, key)))
            for p in (ja, en) for key in ("requirements", "rfp", "guide", "qa")}


# ------------------------------------------------------------------ 1. ranges

def test_consecutive_weekdays_read_as_a_range_and_times_as_readers_write_them():
    assert weekdays(["mon", "tue", "wed", "thu", "fri"], "ja") == "月〜金"
    assert weekdays(["mon", "tue", "wed", "thu", "fri"], "en") == "Mon–Fri"
    assert weekdays(["sat", "sun"], "ja") == "土・日"
    assert weekdays(["mon", "tue", "wed", "fri", "sun"], "en") == "Mon–Wed, Fri, Sun"
    assert time_span("09:00", "20:00", "ja") == "9:00〜20:00"
    assert time_span("09:00", "20:00", "en") == "09:00–20:00"
    assert hours_rows({"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "20:00"}]},
                      "ja") == [["月〜金", "9:00〜20:00"]]


def test_american_projects_tell_the_time_on_the_12_hour_clock_as_chicago_writes_it():
    """en-US: 9:00 a.m.–8:00 p.m., noon and midnight by name; en-GB keeps the 24-hour clock."""
    assert time_span("09:00", "20:00", "en-US") == "9:00 a.m.–8:00 p.m."
    assert time_span("00:00", "24:00", "en-US") == time_span("00:00", "24:00", "en-GB") == "24 hours"  # not "midnight–midnight"
    assert time_span("00:00", "24:00", "ja") == "24時間" and time_span("22:00", "24:00", "en-US") == "10:00 p.m.–midnight"
    assert time_span("07:30", "12:00", "en-US") == "7:30 a.m.–noon"
    assert time_span("12:30", "23:59", "en-US") == "12:30 p.m.–11:59 p.m."
    assert time_span("09:00", "20:00", "en-GB") == "09:00–20:00"
    assert hours_rows({"weekly": [{"days": ["sat", "sun"], "open": "10:00", "close": "18:00"}]},
                      "en-US") == [["Sat, Sun", "10:00 a.m.–6:00 p.m."]]


def test_a_queue_open_around_the_clock_is_open_24_hours_in_the_rfp(tmp_path):
    from rfpgen.documents.build import build_documents

    doc, _ = read(ROOT / "examples" / "en-electronics-retail.yaml")
    data = copy.deepcopy(doc.data)
    data["project"]["locale"] = "en-US"
    data["work_definition"]["programs"][0]["opening_hours"] = {"time_zone": "Europe/London", "weekly": [
        {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "open": "00:00", "close": "24:00"}]}
    rfp = next(p for p in build_documents(project_from_data(data), tmp_path, only={"rfp"}) if p.suffix == ".docx")
    text = full_text(rfp.read_bytes())
    assert "Opening hours (Mon–Sun)" in text and "24 hours" in text and "midnight–midnight" not in text


def test_every_date_and_time_is_kept_whole_on_a_line():
    """Dates and times (and a range of times) get no-break spaces and word joiners, so no line breaks
    inside one: Japanese text may otherwise break between any two characters, and a line may end
    after a range's dash."""
    document = docx.Document()
    lines = ["提出期限は2027年3月1日（月）17:00、受付は9:00〜18:00とする。",
             "Due Mon 1 March 2027, 17:00; open 09:00–18:00.",
             "Due Mon, March 1, 2027, 5:00 p.m.; open 9:00 a.m.–6:00 p.m., from June 2027.",
             "A ratio of 3:1, version 2.10 and 12 months."]
    for line in lines:
        document.add_paragraph(line)
    finish(document)
    ja, gb, us, other = (p.text for p in document.paragraphs)
    j, n = WORD_JOINER, NO_BREAK_SPACE
    assert f"2027{j}年{j}3{j}月{j}1{j}日{j}（{j}月{j}）17:00" in ja and f"9:00{j}〜{j}18:00" in ja
    assert f"Mon{n}1{n}March{n}2027, 17:00" in gb and f"09:00{j}–{j}18:00" in gb
    assert f"Mon,{n}March{n}1,{n}2027, 5:00{n}p.m." in us and f"9:00{n}a.m.{j}–{j}6:00{n}p.m." in us
    assert f"June{n}2027" in us
    assert other == lines[3].replace("12 months", f"12{n}months")  # no dates: a count of months is a figure with its unit
    # LibreOffice's Japanese line breaker ignores word joiners: a date or time holding Japanese has a
    # run of its own without an East Asian language, where they hold
    untagged = [r.text for r in document.paragraphs[0].runs if 'w:eastAsia="zxx"' in r._r.xml]
    assert untagged == [f"2027{j}年{j}3{j}月{j}1{j}日{j}（{j}月{j}）", f"9:00{j}〜{j}18:00", f"す{j}る{j}。"]
    assert "".join(r.text for r in document.paragraphs[0].runs) == ja
    for typed, stored in zip(lines, (ja, gb, us, other)):
        assert stored.replace(j, "").replace(BREAK_OPPORTUNITY, "").replace(n, " ") == typed  # readers see it as typed


def test_a_figure_keeps_its_japanese_counter():
    """LibreOffice broke 「契約期間 36 / か月」, 「最大 6.0 / 点」, 「（+4.67 / 点）」: a figure and the counter after
    it are kept whole as a date is, in a run of their own without an East Asian language."""
    document = docx.Document()
    line = ("契約期間36か月、最大6.0点（+4.67点）、15分ごと、3年度目、計19名、558,000,000円。第1位、V2件、80%は対象外。"
            "SV経験2年以上、繁忙期（7月・12月）、2週間以上、前月20日までに、呼量20.7アーラン、年末年始（12月31日〜1月2日）")
    document.add_paragraph(line)
    finish(document)
    j = WORD_JOINER
    untagged = [r.text for r in document.paragraphs[0].runs if 'w:eastAsia="zxx"' in r._r.xml]
    assert [t.replace(j, "") for t in untagged] == ["36か月", "6.0点", "+4.67点", "15分", "3年度", "19名", "558,000,000円",
                                                    "2年以上", "7月", "12月", "2週間以上", "20日", "20.7アーラン", "12月31日",
                                                    "1月2日"]
    assert all(j in t for t in untagged)
    assert "".join(r.text for r in document.paragraphs[0].runs).replace(j, "").replace(BREAK_OPPORTUNITY, "") == line



def test_a_text_seen_before_is_finished_the_same_in_the_next_document():
    """The finished form of each text is remembered (a rebuild repeats them all): a second document
    holding the same text still gets its own joined runs."""
    line = "契約期間36か月、受付9:00〜18:00。TEL-ORDER-2 は +44 113 555 0190。"
    runs = []
    for _ in range(2):
        document = docx.Document()
        document.add_paragraph(line)
        finish(document)
        runs.append([(r.text, 'w:eastAsia="zxx"' in r._r.xml) for r in document.paragraphs[0].runs])
    assert runs[0] == runs[1] and sum(untagged for _, untagged in runs[1]) == 2

def test_documents_print_no_listed_weekday_runs_nor_hyphenated_ranges(texts):
    for (lang, key), text in texts.items():
        assert "月・火・水" not in text and "Mon, Tue, Wed" not in text, (lang, key)
        assert not re.search(r"\b(?:19|20)\d\d-(?:19|20)\d\d\b", text), (lang, key)
        if lang == "ja":
            assert not re.search(r"\d:\d\d–\d", text), key


# ------------------------------------------------------------------ 2. signed bands

def test_volume_bands_carry_a_true_minus_in_a_sentence_that_reads(ja, en, texts):
    assert rates.bands_text((-20.0, 20.0), "ja") == "\u221220%・+20%"
    assert rates.bands_text((-20.0, 20.0), "en") == "\u221220% and +20%"
    for text in texts.values():
        assert not re.search(r"(?<![\w-])-\d+%", text)
    assert "At volumes of" not in texts[("en", "guide")]
    assert "volumes \u221220% and +20% from the forecast" in texts[("en", "guide")]


# ------------------------------------------------------------------ 3, 4, 5. kept whole on a line

def test_short_hyphenated_words_phone_numbers_and_file_names_do_not_break():
    assert keeps_whole("e-mail") and keeps_whole("two-person") and keeps_whole("e-commerce")
    assert not keeps_whole("non-disclosure-agreement-style")
    assert is_code("midori-order-center-2027-response-form.xlsx")
    document = docx.Document()
    document.add_paragraph("By e-mail for two-person deliveries: +44 113 555 0190, form "
                           "midori-order-center-2027-response-form.xlsx, 2025-26 and long-standing-arrangements.")
    finish(document)
    text = document.paragraphs[0].text
    assert f"e-{WORD_JOINER}mail" in text and f"two-{WORD_JOINER}person" in text
    assert f"+44{NO_BREAK_SPACE}113{NO_BREAK_SPACE}555{NO_BREAK_SPACE}0190" in text
    assert f"response-{WORD_JOINER}form.xlsx" in text
    assert "long-standing-arrangements" in text  # a long compound still breaks where it must
    assert text.replace(WORD_JOINER, "").replace(NO_BREAK_SPACE, " ").startswith("By e-mail for two-person")


def test_example_names_use_dashes_and_arrows_not_ascii(texts):
    text = texts[("en", "requirements")]
    assert "Order desk - " not in text and "->" not in text and "noon" not in texts[("en", "rfp")]
    assert "Order desk – phone" in text and "Agent → team leader" in text


# ------------------------------------------------------------------ 6. Japanese sentence ends

def test_japanese_sentences_end_with_a_full_stop_and_noun_phrases_do_not():
    assert ja_sentence("最低限の要件を満たす") == "最低限の要件を満たす。"
    assert ja_sentence("非常に優れている（大きな付加価値がある）") == "非常に優れている（大きな付加価値がある）。"
    assert ja_sentence("不十分") == "不十分"
    assert ja_sentence("記載なし") == "記載なし"
    assert ja_sentence("実績がない。") == "実績がない。"


def test_anchor_lines_of_one_criterion_end_alike(ja):
    for criterion in ja.criteria():
        lines = anchor_lines(ja, criterion)
        if len(lines) > 1:
            ends = {line.endswith("。") for line in lines}
            assert len(ends) == 1, lines
            assert ends == {bool(criterion.get("anchors"))}, lines  # the scale's labels alone are labels, no 「。」


def test_scale_labels_never_end_with_a_full_stop_anywhere(ja):
    from rfpgen.scoring.forms import form_context

    labels = scale_labels(ja)
    assert labels[1] == "不十分" and labels[3] == "良い"
    assert not any(label.endswith("。") for label in labels.values())
    vendor = ja.data["vendors"][0] if ja.data.get("vendors") else {"id": "V1", "name": "V1"}
    assert not any(row["label"].endswith("。") for row in form_context(ja, vendor)["scale"])
    assert ja_ended_alike(["不十分", "実績がない。"]) == ["不十分。", "実績がない。"]
    assert ja_ended_alike(["不十分", "記載なし"]) == ["不十分", "記載なし"]


def test_rounding_and_formulas_read_as_written(ja, en, texts):
    assert "切り捨てし" not in texts[("ja", "rfp")] and "切り捨て、" in texts[("ja", "rfp")]
    assert "× 100 ÷ 100" not in texts[("en", "guide")] and "× 100 ÷ 100" not in texts[("ja", "guide")]


# ------------------------------------------------------------------ 7, 8, 9, 10. the RFP's conditions

def test_every_vendor_deadline_has_its_time_and_zone(ja, en):
    for project, clock in ((ja, "17:00（日本時間）"), (en, "12:00")):
        participation = next(p for key, _, p, _ in terms(project.redacted()) if key == "participation")
        assert clock in participation[0], participation[0]


def test_offer_validity_is_one_statement(ja, en, texts):
    for project in (ja, en):
        with locale(project.date_style):
            validity = dict(price_terms(project))["見積の有効期限" if project.lang == "ja" else "Offer validity"]
            condition = next(p for key, _, p, _ in terms(project) if key == "quote_validity")[0]
        assert validity in condition
    assert "180日以上" not in texts[("ja", "rfp")]


def test_the_rfp_says_once_that_proposals_are_not_returned_and_calls_itself_honsho(texts):
    rfp = texts[("ja", "rfp")]
    assert rfp.count("返却しない") == 1
    assert "本依頼書" not in rfp and "本依頼書" not in texts[("ja", "guide")]


# ------------------------------------------------------------------ 11, 12. words

def test_english_words_locale_and_audience(en, texts):
    rfp, guide, requirements = texts[("en", "rfp")], texts[("en", "guide")], texts[("en", "requirements")]
    assert "Pounds sterling" in rfp
    assert "do not show your company name" in rfp
    assert "do not show your company name" not in guide and "do not show your company name" not in requirements
    assert "tender" not in guide and "your staffing plan" not in guide
    assert "as the project decided" not in guide
    assert confidentiality_mark(en, "rfp") == confidentiality_mark(en, "guide") == "Commercial in confidence"


def test_japanese_guide_speaks_of_proposals_not_tenders(ja, en, texts):
    guide = texts[("ja", "guide")]
    assert "入札" not in guide and "入札" not in texts[("ja", "rfp")] and "入札" not in texts[("ja", "requirements")]
    assert "プロジェクトの定め" not in guide and "平均応答時間" not in guide
    assert confidentiality_mark(ja, "rfp") == "取扱注意" and confidentiality_mark(ja, "guide") == "社外秘"
    assert any("RFPで、提案書の本文" in s for s in statements(en.data["evaluation"], "ja", internal=True))


# ------------------------------------------------------------------ 13. clarifications

def test_clarifications_section_column_holds_the_number_and_the_title_leads_the_question(texts):
    assert section_parts("8.1 システム構成と帰属・費用負担", "ja") == ("8.1", "【システム構成と帰属・費用負担】")
    assert section_parts("9. Pricing and payment", "en") == ("9.", "Pricing and payment:")
    assert section_parts("Annex", "en") == ("Annex", "")
    assert "5.2 Programs" not in texts[("en", "qa")] + texts[("en", "requirements")]


def test_the_guides_worked_example_names_its_event_and_writes_rates_and_targets_as_elsewhere(ja):
    from rfpgen.responses.guide import _example
    from rfpgen.staffing import plan

    text = _example(ja, plan(ja).as_dict())
    assert "22.7%" in text and "22.71" not in text
    assert "80%を20秒以内" in text and "／20秒" not in text
    assert "モール店舗の年末大型セール" in text and "2027年12月11日" in text  # a sale day, not the ordinary week's Monday


def test_the_guide_says_what_ranks_when_the_final_is_the_presentation_alone(ja, en):
    from rfpgen.documents.guide import _presentation_only_note

    from copy import deepcopy

    from rfpgen.validation import project_from_data

    # both examples add the presentation points to the document-stage total: no note
    assert _presentation_only_note(en) == "" and _presentation_only_note(ja) == ""
    for project, lang, said in ((en, "en", ("presentation points alone", "Presentation and live demonstration")),
                                (ja, "ja", ("プレゼンテーション点のみ",))):
        data = deepcopy(project.data)
        data["evaluation"]["rules"]["presentation"]["combine"] = "presentation_only"
        note = _presentation_only_note(project_from_data(data, "p.yaml", lang))
        assert all(words in note for words in said), note


def test_a_quantity_of_one_takes_the_singular_in_english(en, ja):
    """Recovery point objective 1 hour, not 1 hours; Japanese has no plural (1時間)."""
    from rfpgen.validation import project_from_data

    data = copy.deepcopy(en.data)
    data["systems"]["bcp"] |= {"rto_hours": 1, "rpo_hours": 1.5}
    data["people"].setdefault("training", {})["nesting_days"] = 1
    data["rfp"]["quote_validity_days"] = 1
    text = "\n".join(_strings(build_context(project_from_data(data), "requirements")))
    assert "1 hour\n" in text + "\n" and "1.5 hours" in text and "1 hours" not in text and "1 business day" in text
    assert "1 days" not in "\n".join(_strings(build_context(project_from_data(data), "rfp")))
    data = copy.deepcopy(ja.data)
    data["systems"]["bcp"]["rpo_hours"] = 1
    assert "1時間" in "\n".join(_strings(build_context(project_from_data(data), "requirements")))
