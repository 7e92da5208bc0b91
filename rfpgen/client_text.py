"""The client's own text against the project's conventions: validation warnings, never rewrites.

rfpgen prints what the client typed (requirements, notes, answers to questions) as typed: rewriting
it would change the withheld requirements the leak check compares with the RFP, and words the
client chose. So text that breaks the conventions the documents otherwise follow is pointed out at
validation, at its field, with what to write instead:

- western dates (2027年10月1日) in a project written in the Japanese era (project.era: japanese);
- the other English's spelling (centre in an en-US project, color in an en-GB one);
- words that tell a vendor the RFP holds requirements back, in text that reaches vendors.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from functools import lru_cache

from .documents.leaks import strings, vendor_texts
from .project import Project
from .text import day, month, year
from .words import other_spellings

# 2027年10月1日, 2027年10月, 2027年度, 2027年, 2027/10/1 (digits full-width or not)
_WESTERN_DATE = re.compile(r"(?<![\d/])(\d{4})(?:/(\d{1,2})/(\d{1,2})(?!\d)|年(?:(度)|(\d{1,2})月(?:(\d{1,2})日)?)?)")

# the hints that the RFP withholds requirements (why: see withholding_hints), English and Japanese
_WITHHOLDING_HINTS = tuple(re.compile(pattern, re.IGNORECASE) for pattern in (
    r"\b(?:withheld|hidden|undisclosed|unpublished|secret) requirements?\b",
    r"\brequirements?\b(?:\s+\w+){0,3}\s+withheld\b",
    r"\bwithh(?:eld|old|olding)\b(?:\s+\w+){0,3}\s+from\s+(?:the|this|our)\s+(?:RFP|request for proposals?|tender)\b",
    r"\b(?:deliberately|intentionally|purposely|purposefully|on purpose)\b(?:\s+\w+){0,3}\s+"
    r"(?:omit\w*|left out|leaves? out|withh\w+|not\s+(?:stated|included|mentioned|listed|written|disclosed))\b",
    r"\b(?:omitted|left out|not\s+(?:stated|included|mentioned|listed|disclosed))\b(?:\s+\w+){0,5}\s+"
    r"(?:deliberately|intentionally|purposely|on purpose)\b",
    r"\brequirements?\b(?:\s+\w+){0,4}\s+not\s+(?:stated|included|listed|mentioned|written|given)\s+in\s+(?:the|this|our)\s+RFP\b",
    r"\bstat(?:e|es|ed|ing)\b(?:\s+[\w-]+){0,4}\s+for\s+all\s+(?:bidders|vendors|suppliers|tenderers)\b",
    r"\b(?:test|see|gauge)\w*\b[^.]{0,40}\bproposal\s+(?:ability|capability|skills?)\b",
    r"(?:RFP|提案依頼書|本書)\S{0,6}?(?:記載|明記|掲載|記述)(?:して(?:い)?ない|しなかった|せず)",
    r"(?:非公開|非開示|未公開|未開示|秘匿)の?要件",
    r"(?:隠し|隠れ|隠れた|隠された)要件",
    r"(?:あえて|敢えて|意図的に|故意に|わざと)(?:RFPに|本書に|提案依頼書に)?(?:記載|明記|掲載|示さ|示して|書か|書いて|伏せ|省|載せ)",
    r"提案力を(?:見る|見た|見極め|みる|試)",
    r"要件(?:として|を)(?:改めて|新たに|追加で)?(?:全て|すべて|全)の?提案者に(?:対して)?(?:明示|開示|提示|示)",
))
# words one of the hints above holds, looked for first (as plain substrings, the fastest search): almost
# no text holds one, and then no pattern needs trying
_HINT_CUES = ("withh", "hidden", "undisclosed", "unpublished", "secret", "deliberate", "intentional", "purpose",
              "not stated", "not included", "not listed", "not mentioned", "not written", "not given", "not disclosed",
              "for all ", "proposal abilit", "proposal capabilit", "proposal skill", "記載し", "記載せ", "明記し", "明記せ",
              "掲載し", "掲載せ", "記述し", "記述せ", "非公開", "非開示", "未公開", "未開示", "秘匿", "隠", "あえて", "敢えて",
              "意図的", "故意", "わざと", "提案力", "提案者に")
_HINT_CUE = re.compile("|".join(map(re.escape, _HINT_CUES)))  # one scan in C instead of a loop over the cues


@lru_cache(maxsize=16384)  # the wizard validates on every save; all but the edited field are texts seen before
def withholding_hints(text: str) -> tuple[str, ...]:
    """The words of `text` that tell a vendor the RFP leaves requirements out on purpose ("hidden
    requirement", "now stated for all bidders", 「RFPに記載していない」, 「提案力を見る」), each once.

    The RFP withholds requirements to see whether a vendor finds the client's needs by itself; that
    test works only while no vendor knows it is being set, so nothing a vendor reads may say so. The
    published criterion that scores needs the RFP does not state ("needs beyond this RFP",
    「RFPに明記されていない委託元のニーズ」) is not such a hint: it tells every bidder how they are
    scored without saying that the client knows of needs it left out, so the phrases here name a
    requirement kept back, or the intent, never the needs a vendor is invited to find."""
    plain = " ".join(unicodedata.normalize("NFKC", text).split())
    folded = plain.casefold()
    if not _HINT_CUE.search(folded):
        return ()
    return tuple(dict.fromkeys(m.group(0) for pattern in _WITHHOLDING_HINTS for m in pattern.finditer(plain)))


def era_dates(text: str) -> list[tuple[str, str]]:
    """(western date as typed, the same date in the Japanese era) for each date of `text` written
    with a western year: 2027年10月1日 → 令和9年10月1日, 2027年度 → 令和9年度, 2027/10/1 → 令和9年10月1日.
    A year alone is named by its era at the year's end (2019年度 → 令和元年度, as the government writes it)."""
    return list(_era_dates(text))


@lru_cache(maxsize=16384)  # the wizard validates on every save; all but the edited field are texts seen before
def _era_dates(text: str) -> tuple[tuple[str, str], ...]:
    found = {}
    for m in _WESTERN_DATE.finditer(text):
        western, number = m.group(0), int(m[1])
        try:
            if m[2]:
                era = day(date(number, int(m[2]), int(m[3])), "ja-era", weekday=False)
            elif m[6]:
                era = day(date(number, int(m[5]), int(m[6])), "ja-era", weekday=False)
            elif m[5]:
                era = month(date(number, int(m[5]), 1).isoformat()[:7], "ja-era")
            else:
                era = year(date(number, 12, 31), "ja-era") + ("度" if m[4] else "")
        except ValueError:
            continue  # 2027年13月: not a date
        if not era.startswith(str(number)):  # before the eras rfpgen knows, the year stays as it is
            found.setdefault(western, era)
    return tuple(found.items())


def _vendor_facing(project: Project) -> set[tuple]:
    """The paths of the texts that reach vendors (vendor_texts), other than a published question: the
    vendor's question is the vendor's words."""
    return {path for path, _ in vendor_texts(project) if path[0] != "questions" or path[-1] == "answer"}


def check(report, project: Project) -> None:
    """Warn, at each field and at the line of the first word found in it, about client text that breaks
    the project's conventions. The client's words are quoted "so": the wizard reads a word quoted 'so'
    as a field's key and names the field instead."""
    lang, style = project.lang, project.date_style
    found = [report.by_section("client_text", name,
                               lambda value=value, name=name: _findings(strings(value, (name,)), lang, style), lang, style)
             for name, value in project.data.items()]
    for dates in (f for section in found for f in section[0]):
        _warn_dates(report, *dates)
    if lang == "en":
        other = "en-GB" if style == "en-US" else "en-US"
        for path, words in (f for section in found for f in section[1]):
            shown = ", ".join(f'"{typed}" as "{own}"' for typed, own in words)
            shown_ja = "、".join(f"{typed} → {own}" for typed, own in words)
            en, ja = ("British", "英国式") if style == "en-US" else ("American", "米国式")
            report.add(path, f"{en} spelling in a project written in {style} (project.locale), whose documents "
                       f"spell rfpgen's own words the {style} way: write {shown} (a name stays as it is), "
                       f"or set project.locale to {other} if the whole project is written that way",
                       f"英語の表記が {style}（project.locale）の案件に{ja}のつづりがあり、rfpgen が書く語のつづりと"
                       f"揃いません。{shown_ja} と書いてください（固有名詞はそのまま）。案件全体がそのつづりなら "
                       f"project.locale を {other} にしてください", severity="warning",
                       place=report.doc.where_in(path, words[0][0]))
    hinted = [hint for section in found for hint in section[2]]
    facing = _vendor_facing(project) if hinted else set()
    for path, hints in hinted:
        if path in facing:
            _warn_hint(report, path, hints)


def _findings(texts: list, lang: str, style: str) -> tuple[list, list, list]:
    """What check warns about in these texts: (path, western dates), (path, other spellings), (path, hints)."""
    dates = [(path, found) for path, text in texts if (found := era_dates(text))] \
        if lang == "ja" and style == "ja-era" else []
    spellings = [(path, words) for path, text in texts if (words := other_spellings(text, style))] if lang == "en" else []
    return dates, spellings, [(path, hints) for path, text in texts if (hints := withholding_hints(text))]


def _warn_dates(report, path: tuple, dates: list[tuple[str, str]]) -> None:
    shown = ", ".join(f"「{western}」 as 「{era}」" for western, era in dates)
    shown_ja = "、".join(f"「{western}」は「{era}」" for western, era in dates)
    report.add(path, f"a western year in a project written in the Japanese era (project.era: japanese), whose "
               f"documents print every date rfpgen writes in the era: write {shown}",
               f"和暦の案件（project.era: japanese）に西暦の日付があり、rfpgen が書く日付（和暦）と揃いません。"
               f"{shown_ja}と書いてください", severity="warning", place=report.doc.where_in(path, dates[0][0]))


def _warn_hint(report, path: tuple, hints: list[str]) -> None:
    shown = ", ".join(f'"{hint}"' for hint in hints)
    shown_ja = "、".join(f"「{hint}」" for hint in hints)
    answer = path[0] == "questions"
    how = ("state the answer, or the requirement it discloses (discloses:), as it is" if answer
           else "say what is asked for as it is")
    how_ja = "回答や開示する要件（discloses:）をそのまま書いてください" if answer else "求めることをそのまま書いてください"
    report.add(path, f"this text reaches the bidders and says the RFP keeps requirements back ({shown}); no bidder may "
               f"learn that the RFP leaves anything out on purpose: {how}, without saying that it was left out",
               f"この文章は提案者に渡り、RFPが要件を伏せていることをうかがわせます（{shown_ja}）。RFPが意図して要件を"
               f"記載していないことは提案者に知られてはなりません。伏せていたことには触れず、{how_ja}", severity="warning",
               place=report.doc.where_in(path, hints[0]))
