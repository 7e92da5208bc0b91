"""A date with a time of day (a deadline, a tally, the audit log's reading times) is written in one layout per
language wherever it appears (rfpgen.text.moment): 2027年4月9日（金）17:00（日本時間）, Fri 9 April 2027, 17:00
(UK time). And a requirement the RFP states later than its first issue says so where its number is out of order."""
from __future__ import annotations

import re

import pytest

from documents_support import EN, JA
from outputs_support import every_output, texts
from rfpgen.documents.rfp import rfp_document
from rfpgen.text import moment
from rfpgen.validation import load_project

JA_DAY = r"(?:\d{4}|令和\S{1,2})年\d{1,2}月\d{1,2}日"
EN_DAY = r"(?:\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{1,2}, \d{4})"
TIME = r"\d{1,2}:\d{2}(?: [ap]\.m\.)?|noon|midnight"
# a day followed closely by a time of day, however written: what the one layout must cover
DATE_TIME = {"ja": re.compile(rf"{JA_DAY}[^。\n]{{0,8}}?(?:{TIME})(?:[ 　]*[（(][^）)]*[）)]| \S+時間)?"),
             "en": re.compile(rf"(?:[A-Z][a-z]{{2}},? )?{EN_DAY},? (?:{TIME})(?: \([^)]*\)| [A-Z]\w*(?: time)?)?")}
# the zone in brackets after the time; only a staffing figure's peak interval leaves it to the figures' own zone
LAYOUT = {"ja": re.compile(rf"{JA_DAY}（[月火水木金土日]）(?:{TIME})(?:（[^）]+）)?"),
          "en": re.compile(rf"[A-Z][a-z]{{2}},? {EN_DAY}, (?:{TIME})(?: \([^)]+\))?")}


def test_one_layout_per_language():
    assert moment("2027-04-09", "17:00", "ja", "日本時間") == "2027年4月9日（金）17:00（日本時間）"
    assert moment("2027-03-01", "09:00", "ja-era", "日本時間") == "令和9年3月1日（月）9:00（日本時間）"
    assert moment("2027-07-16", "12:00", "en-GB", "UK time") == "Fri 16 July 2027, 12:00 (UK time)"
    assert moment("2027-07-16", "12:00", "en-US", "Eastern Time") == "Fri, July 16, 2027, noon (Eastern Time)"
    assert moment("2027-07-16", "17:30", "en-GB") == "Fri 16 July 2027, 17:30"   # no zone known: no empty brackets


@pytest.fixture(scope="module", params=[JA, EN], ids=["ja", "en"])
def selection(request, tmp_path_factory):
    """(language, {file name: texts}) of an example's whole selection: documents, workbooks, scored memo, notices."""
    project = load_project(request.param)
    folder = tmp_path_factory.mktemp(project.lang)
    return project.lang, {path.name: [t.replace("\u00a0", " ") for t in texts(path)] for path in every_output(project, folder)}


def test_every_date_with_a_time_has_the_one_layout(selection):
    lang, files = selection
    seen = 0
    for name, lines in files.items():
        for line in lines:
            for found in DATE_TIME[lang].finditer(line):
                seen += 1
                assert LAYOUT[lang].fullmatch(found.group()), (name, found.group(), line)
    assert seen, "no date with a time found: the pattern no longer reads the documents"
    assert any(name == "results.docx" or name.endswith("memo.docx") for name in files)


def test_no_stray_space_at_the_brackets_around_a_time(selection):
    """Japanese: no half-width space beside the full-width brackets (「 17:00 （日本時間） 」 was printed);
    English: none inside the brackets of the zone."""
    lang, files = selection
    spaced = re.compile(r" [（）]|[（）] " if lang == "ja" else r"\( | \)")
    found = [(name, line) for name, lines in files.items() for line in lines
             for at in DATE_TIME[lang].finditer(line) if spaced.search(line[max(at.start() - 1, 0):at.end() + 1])]
    assert not found, found[:5]


def test_a_requirement_an_addendum_added_takes_a_branch_of_the_number_before_it():
    """The English example's addendum states PRC-003, withheld at issue: it takes R-024A, between R-024
    and R-025 in its section, so the numbers run in order without a gap, with the addendum that added it;
    no other row carries a note, and nothing ties it to a question."""
    project = load_project(EN).redacted()
    rows = [(r["id"], r["text"]) for ch in rfp_document(project, None) for r in ch.get("requirements") or []]
    numbers = [number for number, _ in rows]
    assert numbers[numbers.index("R-024") + 1:numbers.index("R-024") + 3] == ["R-024A", "R-025"]
    noted = [(number, text) for number, text in rows if "(added" in text]
    assert len(noted) == 1 and noted[0][0] == "R-024A"
    assert noted[0][1].endswith(" (added by addendum\u00a02.1-A1, 25 June 2027)")  # the version kept with its word
    assert not any("question" in text for _, text in rows)


def test_the_japanese_note_names_the_addendum_alike():
    from rfpgen.clarifications import Disclosure

    later = Disclosure("PRC-003", 4, "2027-06-25", {"version": "2.1-A1", "date": "2027-06-25"})
    assert later.added("ja", "ja") == "（第2.1-A1版の追補で追加、2027年6月25日）"
    assert later.added("en", "en-GB") == "(added by addendum\u00a02.1-A1, 25 June 2027)"
    pending = Disclosure("PRC-003", 4, "2027-06-25", None)  # no addendum yet: the day, never the question
    assert pending.added("ja", "ja") == "（2027年6月25日追加）"
    assert pending.added("en", "en-GB") == "(added 25 June 2027)"
