"""Text as rfpgen prints it: cleaning what users type, formatting numbers, money and dates, the one
empty mark, and how wide text is on a page, in a terminal or in a spreadsheet column.

Every surface (Word documents, workbooks, the memo, the CLI, the wizard) formats through here, so a
number, a missing value or a date looks the same wherever a reader meets it.
"""
from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from functools import lru_cache

EMPTY = "–"  # a cell that has no value (en dash), the same in every document, sheet and language

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
JA_WEEKDAYS = "月火水木金土日"
# a line never ends with an opening bracket nor starts with closing punctuation (kinsoku, LibreOffice's
# defaults for Japanese in a document; a spreadsheet cell gets no kinsoku, so rfpgen breaks its lines itself)
NOT_AT_LINE_END = frozenset("$([{£¥‘“〈《「『【〔＄（［｛｢￡￥")
# (the small kana and the long-vowel mark ー too: a line starting with ッ or ー reads as a misprint)
NOT_AT_LINE_START = frozenset("!%),.:;?]}¢°’”‰′″℃、。々〉》」』】〕゛゜ゝゞ・ヽヾ！％），．：；？］｝｡｣､･ﾞﾟ￠"
                              "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿーｧｨｩｪｫｬｭｮｯｰ")
# a Japanese date as rfpgen.text.day writes it (or a reader types it, 12月31日 without its year), and the
# counters a figure is written with in Japanese (36か月, 6.0点, 15営業日, 2年, 20日): each kept whole on a line
JA_DATE = (rf"(?:(?:(?:令和|平成|昭和)(?:\d{{1,2}}|元)|\d{{4}})年|(?<![\d.,]))\d{{1,2}}月(?:\d{{1,2}}日)?"
           rf"(?:（[{JA_WEEKDAYS}]）)?")
JA_COUNTER = ("か月|ヶ月|カ月|年度|年間|年|週間|日間|時間|営業日|日|時|件|名|点|分|秒|円|社|者|倍|回|席|人|台|歳|割|業務|項目"
              "|[ァ-ヴ][ァ-ヴー]{1,7}")  # (a unit in katakana: 20.7アーラン, 5ポイント)
# Legal-form words a vendor's name is known without: "Telecom Bridge" is "Telecom Bridge Ltd", テレコムブリッジ
# is 株式会社テレコムブリッジ (names matched in answers, names on sheet tabs).
LEGAL_FORMS = re.compile(r"株式会社|有限会社|合同会社|\(株\)|（株）|㈱|\b(?:ltd|limited|inc|llc|plc|gmbh|co|corp|corporation|company|kk)\b\.?",
                         re.IGNORECASE)


def clean(text) -> str:
    """The documented normalisation of user text: line endings become \\n and control characters
    (other than line breaks and tabs) are removed, because Word cannot hold them; right-to-left
    text is kept to its own line of its own field (`isolate_bidi`)."""
    if text is None:
        return ""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return isolate_bidi(without_controls(text))


def without_controls(text: str) -> str:
    """`text` without the control characters an XML document cannot hold (line breaks and tabs stay)."""
    return _CONTROL.sub("", text)


_BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",  # LRE RLE LRO RLO
                 "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}  # LRI RLI FSI
_BIDI_CLOSERS = ("\u202c", "\u2069")  # PDF, PDI
_FSI, _PDI = "\u2068", "\u2069"
# Every character that is right-to-left (bidi class R or AL) or a bidi control lies in these blocks
# (tests/test_text.py checks it against unicodedata): text without them needs no per-character look.
_MAYBE_RTL = re.compile("[\u0590-\u08ff\u200f\u202a-\u202e\u2066-\u2069\ufb1d-\ufefc"
                        "\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _balanced(line: str) -> str:
    """`line` with every bidi embedding, override and isolate it opens closed at its end, and
    closers it never opened dropped."""
    out, open_ = [], []
    for ch in line:
        if ch in _BIDI_OPENERS:
            open_.append(_BIDI_OPENERS[ch])
        elif ch in _BIDI_CLOSERS:
            if ch not in open_:
                continue  # a closer without its opener would end someone else's embedding
            while open_[-1] != ch:  # closing an isolate closes the embeddings opened inside it
                out.append(open_.pop())
            open_.pop()
        out.append(ch)
    return "".join(out + open_[::-1])


def isolate_bidi(text: str) -> str:
    """Right-to-left text and bidi controls stay inside the line of the field they were typed in.

    A right-to-left override (U+202E) pasted into one field would otherwise reverse the rest of the
    paragraph it is printed in, and Arabic or Hebrew text would reorder its neighbours. Each line
    holding either is balanced (unpaired closers dropped, open ones closed) and wrapped in a
    first-strong isolate (U+2068 … U+2069); other text is left exactly as typed."""
    if text.isascii() or not _MAYBE_RTL.search(text):
        return text
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line[:1] == _FSI and line[-1:] == _PDI and _balanced(line) == line:
            continue  # isolated already (text cleaned twice stays the same)
        if any(ch in _BIDI_OPENERS or ch in _BIDI_CLOSERS or unicodedata.bidirectional(ch) in ("R", "AL") for ch in line):
            lines[i] = _FSI + _balanced(line) + _PDI
    return "\n".join(lines)


def number(value, digits: int | None = None, empty: str = "") -> str:
    """A number with thousands separators. `digits` fixes the decimals (for a column of one
    quantity); without it whole numbers print whole and others keep up to two decimals."""
    if value is None or isinstance(value, bool):
        return empty
    if isinstance(value, str):
        return value
    value = float(value) if not isinstance(value, int) else value
    if isinstance(value, float) and not math.isfinite(value):
        return empty
    if digits is not None:
        return f"{value:,.{digits}f}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def decimals(values, most: int = 2) -> int:
    """The decimals one column of numbers needs so that each value prints as `number` would print
    it alone (at most `most`): 3.5 and 7 need one, so the column reads 3.5 and 7.0."""
    need = 0
    for value in values:
        if value is None or isinstance(value, (bool, str)):
            continue
        value = float(value)
        if not math.isfinite(value):
            continue
        while need < most and abs(round(value, need) - round(value, most)) > 1e-9:
            need += 1
    return need


def numbers(values, most: int = 2, empty: str = "") -> list[str]:
    """A column of one quantity: thousands separators on all, the same decimals on all."""
    values = list(values)
    digits = decimals(values, most)
    return [number(v, digits, empty) for v in values]


def percents(values, most: int = 1, empty: str = "") -> list[str]:
    """A column of percentages (already in percent), all with the same decimals."""
    values = list(values)
    digits = decimals(values, most)
    return [percent(v, digits, empty) for v in values]


def percent(value, digits: int | None = None, empty: str = "") -> str:
    """A percentage written as 12.5%: the number is already in percent."""
    return empty if value is None else f"{number(value, digits)}%"


def rate(value, empty: str = "") -> str:
    """A rate a reader compares across the documents (shrinkage, an occupancy cap) written one way
    wherever it is printed: at most one decimal, whole rates whole (22.7%, 85%)."""
    if value is None or isinstance(value, bool):
        return empty
    return percent(round(float(value), 1))


MINUS = "\u2212"  # the minus sign of a signed figure in a document (a hyphen is a word's)


def signed(value, digits: int | None = None, unit: str = "") -> str:
    """A change written with its sign, as documents print one: +1.50, −5.61, −10%."""
    shown = number(abs(value), digits) + unit
    return ("+" if value > 0 else MINUS if value < 0 else "±") + shown


CURRENCY_SIGNS = {"JPY": "¥", "GBP": "£", "USD": "$", "EUR": "€"}


def money(amount, currency: str, lang: str, digits: int | None = None, empty: str = "") -> str:
    """An amount with its currency as its readers write it: 1,200,000円 in Japanese documents,
    £7,500,000 or ¥1,200,000 in English ones; the ISO code only for a currency with no sign here."""
    if amount is None:
        return empty
    if currency == "JPY" and lang == "ja":
        return f"{number(amount, digits)}円"
    shown = number(amount, digits)
    sign = CURRENCY_SIGNS.get(currency) if lang != "ja" else None
    if sign:
        return f"-{sign}{shown[1:]}" if shown.startswith("-") else f"{sign}{shown}"
    return f"{currency} {shown}"


def currency_unit(currency: str, lang: str) -> str:
    """The unit money() writes beside an amount, for a heading: 円, £, or the ISO code."""
    if currency == "JPY" and lang == "ja":
        return "円"
    return (CURRENCY_SIGNS.get(currency) if lang != "ja" else None) or currency


_ERAS = ((date(2019, 5, 1), "令和"), (date(1989, 1, 8), "平成"), (date(1926, 12, 25), "昭和"))
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def year(d: date, style: str) -> str:
    """2027年, or 令和9年 (元年 for an era's first year) when the Japanese era is asked for."""
    if style == "ja-era":
        for start, name in _ERAS:
            if d >= start:
                n = d.year - start.year + 1
                return f"{name}{'元' if n == 1 else n}年"
    return f"{d.year}年"


def month(value: str, style: str) -> str:
    """'2027-12' as a reader writes it: 2027年12月 (or 令和9年12月), December 2027."""
    if not value or len(value) != 7:
        return value or ""
    try:
        d = date(int(value[:4]), int(value[5:7]), 1)
    except ValueError:
        return value
    if style.startswith("ja"):
        return f"{year(d, style)}{d.month}月"
    return f"{EN_MONTHS[d.month - 1]} {d.year}"


def day(value, style: str, weekday: bool = True) -> str:
    """An ISO date as a reader writes it: 2027年3月1日（月）, 令和9年3月1日（月）, Mon 1 March 2027 in
    British and Mon, March 1, 2027 in American English (the weekday leads, as English writes it).
    Text that is not a date is returned as is."""
    if not value:
        return ""
    try:
        d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    except ValueError:
        return str(value)
    if style.startswith("ja"):
        text = f"{year(d, style)}{d.month}月{d.day}日"
        return text + f"（{JA_WEEKDAYS[d.weekday()]}）" if weekday else text
    name = EN_MONTHS[d.month - 1]
    text = f"{name} {d.day}, {d.year}" if style == "en-US" else f"{d.day} {name} {d.year}"
    if not weekday:
        return text
    return f"{EN_WEEKDAYS[d.weekday()]}, {text}" if style == "en-US" else f"{EN_WEEKDAYS[d.weekday()]} {text}"


NBSP = "\u00a0"


def unbroken(text: str) -> str:
    """`text` (a date, a short figure) kept whole on one line: its spaces made no-break spaces."""
    return text.replace(" ", NBSP)


def blank_date(style: str) -> str:
    """A date left to be written in by hand (an evaluator's 評価日, an approver's 承認日): 令和　　年　　月　　日
    in the Japanese era, 　　年　　月　　日 in the western one, room for two figures each; in English
    blank room (no-break spaces, which column fitting keeps room for)."""
    if style.startswith("ja"):
        return (_ERAS[0][1] if style == "ja-era" else "") + "\u3000\u3000年\u3000\u3000月\u3000\u3000日"
    return NBSP * 14


def period(start, end, style: str, weekday: bool = True) -> str:
    """A span of days as a reader writes it: 2027年10月2日（土）〜2027年10月4日（月） in Japanese;
    Mon 20 November 2028 – Sun 26 November 2028 in English, each date kept whole (an en dash
    between, spaced). One day prints as that day."""
    first, last = day(start, style, weekday), day(end, style, weekday)
    if not end or str(end)[:10] == str(start)[:10]:
        return first if style.startswith("ja") else unbroken(first)
    if style.startswith("ja"):
        return f"{first}〜{last}"
    return f"{unbroken(first)} – {unbroken(last)}"


def moment(on, hhmm: str, style: str, zone: str = "") -> str:
    """A moment in the project's time: a day (`on`, a date or ISO text), a time of day ('17:00', '24:00')
    and the zone by its reader's name, in the one layout every document gives a date with a time (a
    deadline's, a tally's): 2027年4月9日（金）17:00（日本時間）, Fri 9 April 2027, 17:00 (UK time),
    Fri, April 9, 2027, 5:00 p.m. (Eastern Time). Without a zone the brackets are left out."""
    if style.startswith("ja"):
        return f"{day(on, style)}{clock(hhmm, style)}" + (f"（{zone}）" if zone else "")
    return f"{day(on, style)}, {clock(hhmm, style)}" + (f" ({zone})" if zone else "")


def remembered(found: dict, key, compute, limit: int = 16384):
    """compute(key), kept in `found` (emptied past `limit` keys): the checks validation runs on every
    wizard page read the same texts against the same withheld requirements again and again."""
    if key not in found:
        if len(found) > limit:
            found.clear()
        found[key] = compute(key)
    return found[key]


def shorten(text: str, limit: int = 40) -> str:
    """Text cut to `limit` characters for an error message that quotes a cell."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Cells one character (or one of `visible_characters`) takes in a monospaced grid: wide and
    full-width characters (漢字, かな, 全角) and emoji shown as pictures take two, combining marks none,
    everything else one (half-width ｶﾀｶﾅ included)."""
    if len(ch) > 1:
        return 2 if "\ufe0f" in ch or _REGIONAL.match(ch) else char_width(ch[0])
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


# Characters a reader never sees: format characters (bidi marks, isolates and overrides, zero-width
# spaces and joiners, the word joiner, the soft hyphen, the byte order mark, tags), variation selectors and
# the combining grapheme joiner. They take no room on a line, and a check comparing printed text drops them.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                       "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_ZWJ, _VS16 = "\u200d", "\ufe0f"
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]")
_JOINS_BEFORE = re.compile("[\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef"
                           "\u1160-\u11ff]")  # ZWJ, selectors, skin tones, tags, Hangul vowel and final jamo


def grapheme_clusters(text: str) -> list[str]:
    """`text` cut into grapheme clusters, simplified from UAX #29 for what a project's text holds: a base
    with its combining marks and variation selectors, an emoji sequence joined by ZWJ (skin tones and
    tags included), a flag of two regional indicators, a Hangul syllable spelt in conjoining jamo."""
    if not joins_characters(text):
        return list(text)
    out: list[str] = []
    for ch in text:
        if out and (_JOINS_BEFORE.match(ch) or out[-1][-1] == _ZWJ or unicodedata.category(ch) in ("Mn", "Mc", "Me")
                    or (_REGIONAL.match(ch) and len(out[-1]) == 1 and _REGIONAL.match(out[-1]))):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def joins_characters(text: str) -> bool:
    """Whether some character of `text` belongs to the one before it (grapheme_clusters): else each
    character is a cluster of its own, as in most texts."""
    return any(map(_may_join, text))


@lru_cache(maxsize=4096)
def _may_join(ch: str) -> bool:
    """Whether `ch` can belong to the cluster before it (grapheme_clusters), checked once per character: most
    texts hold none, and are their characters."""
    return bool(_JOINS_BEFORE.match(ch) or _REGIONAL.match(ch)) or unicodedata.category(ch) in ("Mn", "Mc", "Me")


@lru_cache(maxsize=16384)
def _visible(text: str) -> tuple[str, ...]:
    clusters = grapheme_clusters(text)
    if len(clusters) == len(text):  # a character each: those a reader sees
        return tuple(INVISIBLE.sub("", text))
    out = []
    for cluster in clusters:
        if INVISIBLE.match(cluster):  # a lone invisible, or one a joiner or selector hangs on
            cluster = INVISIBLE.sub("", cluster)
        elif len(cluster) > 1 and _ZWJ not in cluster and _VS16 not in cluster:
            cluster = INVISIBLE.sub("", cluster)  # a bidi mark or zero-width space after a letter
        if cluster:
            out.append(cluster)
    return tuple(out)


def visible_characters(text: str) -> list[str]:
    """What a reader sees of `text`, one item per character on the page: grapheme clusters (e + ◌́,
    👩‍💻, 🇯🇵, 👍🏽 are one each), and no item for an invisible character (a bidi mark, a zero-width
    space, a stray variation selector). Every measure of text (row heights, column widths, line pieces)
    counts these, so an invisible character never widens a column nor a family emoji takes eight cells."""
    return list(text) if text.isascii() else list(_visible(text))


def without_invisibles(text: str) -> str:
    """`text` as it prints, for comparing: the invisible characters dropped."""
    return INVISIBLE.sub("", text)


@lru_cache(maxsize=16384)  # asked of each piece of a line as it is filled (kinsoku_lines), most of them one character
def display_width(text: str) -> int:
    """Cells `text` takes in a terminal or a spreadsheet column (Excel's width unit is one cell),
    counted over its `visible_characters`."""
    if text.isascii():
        return len(text)
    return sum(map(char_width, visible_characters(text)))


@lru_cache(maxsize=4096)  # asked of every character measured
def is_wide(ch: str) -> bool:
    return char_width(ch) == 2


def is_halfwidth_kana(ch: str) -> bool:
    """Half-width katakana (ｶﾀｶﾅ): narrow like Latin, but Japanese text may wrap between any two."""
    return "\uff61" <= ch <= "\uff9f"


# ------------------------------------------------------------------ ranges: times, days, years

RANGE = {"ja": "〜", "en": "–"}  # between the ends of a range: 9:00〜20:00, 09:00–20:00, 9:00 a.m.–8:00 p.m., 2025–2026


def span(start, end, lang: str) -> str:
    """A range as its readers write it: 月〜金, 2027年4月〜6月 in Japanese; Mon–Fri, 2025–2026 in English."""
    return f"{start}{RANGE['ja' if lang == 'ja' else 'en']}{end}"


def clock(hhmm: str, style: str) -> str:
    """A time of day in the style of the project's dates (`Project.date_style`; a bare language
    code means its default): 9:00 in Japanese (no leading zero), 09:00 in British English (the
    24-hour clock as written), 9:00 a.m. in American English (the 12-hour clock as the Chicago
    Manual writes it: lower-case a.m. and p.m., noon and midnight by name)."""
    text = str(hhmm)
    shape = re.fullmatch(r"(\d\d?):(\d\d)", text)
    if style.startswith("ja") and shape and text.startswith("0") and len(text) == 5:
        return text[1:]
    if style != "en-US" or not shape or int(shape[1]) > 24 or int(shape[2]) > 59:
        return text
    hour, minute = int(shape[1]), shape[2]
    if minute == "00" and hour in (0, 12, 24):
        return "noon" if hour == 12 else "midnight"
    return f"{(hour % 12) or 12}:{minute} {'a.m.' if hour % 24 < 12 else 'p.m.'}"


def time_span(opens: str, closes: str, style: str) -> str:
    """Opening hours: 9:00〜20:00, 09:00–20:00, 9:00 a.m.–8:00 p.m.; the whole day (00:00 to 24:00) as
    24時間 / 24 hours, which "midnight–midnight" would read as no time at all."""
    lang = "ja" if style.startswith("ja") else "en"
    if _minutes_of(opens) == 0 and _minutes_of(closes) == 1440:
        return "24時間" if lang == "ja" else "24 hours"
    return span(clock(opens, style), clock(closes, style), lang)


def _minutes_of(hhmm: str) -> int | None:
    shape = re.fullmatch(r"(\d\d?):(\d\d)", str(hhmm))
    return int(shape[1]) * 60 + int(shape[2]) if shape else None


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as the project file writes them


def weekdays(days, lang: str) -> str:
    """Days of the week, three or more consecutive ones as a range: 月〜金・日, Mon–Fri, Sun (in
    the week's order; a run never wraps past Sunday). Unknown keys print as given."""
    names = JA_WEEKDAYS if lang == "ja" else EN_WEEKDAYS
    known = sorted({d for d in days if d in WEEKDAYS}, key=WEEKDAYS.index)
    runs: list[list[int]] = []
    for i in (WEEKDAYS.index(d) for d in known):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    shown = []
    for run in runs:
        if len(run) >= 3:
            shown.append(span(names[run[0]], names[run[-1]], lang))
        else:
            shown += [names[i] for i in run]
    shown += [str(d) for d in days if d not in WEEKDAYS]
    return ("・" if lang == "ja" else ", ").join(shown)


# ------------------------------------------------------------------ Japanese sentence ends

_JA_PREDICATE_END = re.compile(r"[るただいすず]$")  # 満たす, 上回る, 示されている, 良い, ない: a predicate
_JA_TRAILING_NOTE = re.compile(r"（[^（）]*）$")


def ja_sentence(text: str) -> str:
    """Japanese text ended by the one rule of the documents' tables: a sentence (it ends in a
    predicate: 満たす, 示されている, ない, 良い) ends with 「。」, a noun phrase (不十分, 記載なし,
    a formula) does not. A note in brackets at the end does not change which it is."""
    text = text.rstrip()
    if not text or text.endswith(("。", "！", "？")):
        return text
    core = text
    while _JA_TRAILING_NOTE.search(core):
        core = _JA_TRAILING_NOTE.sub("", core).rstrip()
    return text + "。" if _JA_PREDICATE_END.search(core) else text


def ja_label(text: str) -> str:
    """A short label (the scoring scale's 不十分, 良い): never ended with 「。」, in any table or list."""
    return text.rstrip().rstrip("。")


def ja_ended_alike(items: list[str]) -> list[str]:
    """One list or table column whose items all end alike: if any item is a sentence (`ja_sentence`
    ends it with 「。」), every non-empty item ends with 「。」; otherwise none does."""
    ended = [ja_sentence(t) for t in items]
    if not any(t.endswith("。") for t in ended):
        return [ja_label(t) for t in items]
    return [t if not t or t == EMPTY or t.endswith(("。", "！", "？")) else t + "。" for t in ended]
