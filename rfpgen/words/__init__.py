"""The one ja/en catalogue: every term rfpgen prints on more than one surface, and one way to ask for it.

`say(key, lang)` gives a catalogue term: field names keyed by schema path (the wizard's labels and the
documents' headings), interface words (`ui.*`), scoring terms (`score.*`), staffing terms
(`staffing.*`), document terms (`doc.*`, `schedule.*`). A field key not found is looked up with its
leading segments dropped (`operations.kpis.service_level` → `kpis.service_level` → `service_level`),
so shared names are written once. `enum(kind, value, lang)` names an enumerated value. A sentence
written for one place only is given there as `tr(lang, ja, en)`: the same argument order everywhere.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from .. import text as _text
from .documents import DOCUMENTS
from .enums import DEFAULT_SCALE, ENUMS
from .fields import FIELDS
from .hints import HINTS
from .jobs import JOBS
from .responses import RESPONSES
from .score_page import SCORE_PAGE
from .scoring import SCORING
from .selection import SELECTION
from .staffing import STAFFING
from .teamwork import TEAMWORK

LANGS = ("ja", "en")

# The requirements definition's sections: key, number, requirement id prefix, ja and en names.
PART_NAMES = (
    ("scope", 0, "SCP", "委託範囲と目的", "Scope and purpose"),
    ("overview", 1, "OVW", "概要", "Overview"),
    ("work_definition", 2, "WRK", "業務内容の定義", "Definition of the work"),
    ("people", 3, "PPL", "人材マネジメント", "People management"),
    ("operations", 4, "OPS", "運営管理方法", "Operations management"),
    ("systems", 5, "SYS", "情報通信システム", "Information and communication systems"),
    ("pricing", 6, "PRC", "価格設定・支払", "Pricing and payment"),
    ("approval", 7, "APR", "承認と変更管理", "Approval and change control"),  # a chapter, not an annex: the annexes come after it
)


def _part_titles() -> dict[str, tuple[str, str]]:
    """Step, part and section titles of the parts, numbered as the documents number them."""
    titles = {}
    for key, number, _, ja, en in PART_NAMES:
        numbered = tuple(f"{number}. {name}" if number else name for name in (ja, en))
        titles |= {f"step.{key}": numbered, f"part.{key}": numbered, key: (ja, en)}
    titles["section.approval"] = PART_NAMES[-1][3:]
    return titles


CATALOGUE: dict[str, tuple[str, str]] = {**FIELDS, **_part_titles(), **SCORING, **STAFFING, **DOCUMENTS, **TEAMWORK,
                                         **JOBS, **RESPONSES, **SELECTION, **SCORE_PAGE}
CATALOGUE |= {f"{key}#help": words for key, words in HINTS.items() if f"{key}#help" not in CATALOGUE}
# the figures a rounding rule may apply to (evaluation.rules.rounding.apply_to), by their scoring names
_ROUNDED = {"score": "score.score", "quality": "score.quality_pct", "quality_points": "score.quality_points",
            "price_score": "score.price_score", "total": "score.total"}
ENUMS["rounded_figure"] = {lang: {figure: SCORING[key][i] for figure, key in _ROUNDED.items()} for i, lang in enumerate(LANGS)}
_NAMESPACES = ("ui", "step", "section", "part", "choice", "score", "staffing", "doc", "schedule", "responses")


def lookup(key: str) -> tuple[str, str] | None:
    """The (ja, en) pair for `key`, field keys falling back to their shorter paths."""
    while True:
        if key in CATALOGUE:
            return CATALOGUE[key]
        if "." not in key:
            return None
        head, rest = key.split(".", 1)
        if head in _NAMESPACES or "#" in head:
            return None
        key = rest


_LOCALE: ContextVar[str | None] = ContextVar("rfpgen_locale", default=None)
# rfpgen's own English words that American and British English spell differently, as (en-US, en-GB):
# each locale's documents get its own spelling of them, whichever the source text was written in;
# the requirement library's text is respelt with it too as it goes into a project.
_SPELLINGS = (("program", "programme"), ("programs", "programmes"), ("center", "centre"), ("centers", "centres"),
              ("organization", "organisation"), ("organizations", "organisations"), ("organized", "organised"),
              ("normalize", "normalise"), ("normalized", "normalised"), ("normalizes", "normalises"),
              ("normalization", "normalisation"), ("anonymized", "anonymised"), ("recognized", "recognised"),
              ("recognize", "recognise"), ("customized", "customised"), ("capitalized", "capitalised"),
              ("optimizer", "optimiser"), ("mobilization", "mobilisation"), ("analyze", "analyse"),
              ("analyzed", "analysed"), ("canceled", "cancelled"), ("labeled", "labelled"), ("modeled", "modelled"),
              ("modeling", "modelling"), ("judgment", "judgement"), ("catalog", "catalogue"),
              ("millimeters", "millimetres"), ("color", "colour"), ("colors", "colours"), ("behavior", "behaviour"),
              ("behaviors", "behaviours"), ("organize", "organise"), ("organizing", "organising"),
              ("utilization", "utilisation"), ("utilize", "utilise"), ("utilized", "utilised"),
              ("minimize", "minimise"), ("minimized", "minimised"), ("prioritize", "prioritise"),
              ("prioritized", "prioritised"), ("prioritization", "prioritisation"), ("analyzing", "analysing"),
              ("inquiry", "enquiry"), ("inquiries", "enquiries"))
# Spellings a locale writes as well, so a client's text using them is not written in the other English:
# British English writes a computer program and a court's judgment; American dictionaries accept
# cancelled, labelled, modelled, modelling, judgement and catalogue beside the American forms.
_ALSO_WRITTEN = {"en-GB": {"program", "programs", "judgment", "inquiry", "inquiries"},  # (an inquiry: a formal one)
                 "en-US": {"cancelled", "labelled", "modelled", "modelling", "judgement", "catalogue"}}


def _cased(pairs) -> dict[str, str]:
    """Each pair's words in lower case, with a capital and in capitals: {word: its other spelling}."""
    return {case(a): case(b) for a, b in pairs for case in (str.lower, str.capitalize, str.upper)}


_SPELLED = {"en-US": _cased((gb, us) for us, gb in _SPELLINGS), "en-GB": _cased(_SPELLINGS)}
_RESPELT = {name: re.compile(r"(?<![{\w])(" + "|".join(words) + r")(?![}\w])")  # not a {placeholder}
            for name, words in _SPELLED.items()}
_ADDRESS = re.compile(r"\S+@\S+|\w+://\S+")
_WORD = re.compile(r"\w+")
_TAX = {"en-GB": "VAT", "en-US": "sales tax"}
# the tax is the country's, not the spelling's: a British client writing American English still pays VAT
_TAX_BY_CURRENCY = {"GBP": "VAT", "EUR": "VAT", "CHF": "VAT", "USD": "sales tax", "CAD": "sales tax",
                    "AUD": "GST", "NZD": "GST", "SGD": "GST", "INR": "GST", "JPY": "consumption tax"}
_CURRENCY: ContextVar[str | None] = ContextVar("rfpgen_currency", default=None)
_TAX_WORD = re.compile(r"(?<=[Ee]xcluding |[Ii]ncluding )tax\b")


@contextmanager
def locale(name: str | None, currency: str | None = None):
    """Write rfpgen's own English words as the project's locale does (en-GB: programme, centre,
    normalised; en-US: program, center, normalized) and name the tax of the project's currency
    (excluding VAT for pounds, sales tax for dollars; by the locale when the currency says nothing)
    while a document is built; what the user typed is never changed."""
    token, money = _LOCALE.set(name), _CURRENCY.set(currency)
    try:
        yield
    finally:
        _LOCALE.reset(token)
        _CURRENCY.reset(money)


def current_locale() -> str | None:
    """The locale rfpgen's own English words are written in now (set by `locale`)."""
    return _LOCALE.get()


def project_locale(project):
    """`locale` for a project: its date style's English and its currency's tax."""
    return locale(project.date_style, project.section("pricing").get("currency"))


def other_spellings(text: str, name: str) -> list[tuple[str, str]]:
    """(word, the locale's spelling of it) for each word of `text` spelt as the other English spells it
    (centre in an en-US project: center), from the table rfpgen respells its own words with, less the
    spellings the locale writes as well; each word once, in order. Web and e-mail addresses are not words."""
    return list(_other_spellings(text, name)) if name in _SPELLED else []


@lru_cache(maxsize=16384)  # the wizard validates on every save; all but the edited field are texts seen before
def _other_spellings(text: str, name: str) -> tuple[tuple[str, str], ...]:
    found = {}
    for word in _WORD.findall(_ADDRESS.sub(" ", text) if "@" in text or "://" in text else text):
        if word in _SPELLED[name] and word.lower() not in _ALSO_WRITTEN[name]:
            found.setdefault(word, _SPELLED[name][word])
    return tuple(found.items())


def respell(text: str, name: str | None) -> str:
    """`text` with the words of the table rfpgen respells its own words with spelt as locale `name`
    spells them (en-GB: centre, recognised; en-US: center, recognized); other locales leave it as it is.
    For text rfpgen writes, or puts into a project for the user (the requirement library)."""
    if name not in _SPELLED:
        return text
    return _RESPELT[name].sub(lambda m: _SPELLED[name][m.group(1)], text)


def _in_locale(text: str) -> str:
    name = _LOCALE.get()
    tax = _TAX_BY_CURRENCY.get(_CURRENCY.get() or "") or _TAX.get(name)
    if name in _TAX and tax:
        text = _TAX_WORD.sub(tax, text)
    return respell(text, name)


def say(key: str, lang: str, **values) -> str:
    """The catalogue's text for `key` in `lang`; a missing key shows itself, so gaps are visible. An
    English \"{n} problem(s)\" agrees with its figure: 1 problem, 2 problems (\"(s) are\": is, are)."""
    found = lookup(key)
    text = (found[0] if lang == "ja" else _in_locale(found[1])) if found else key.rsplit(".", 1)[-1].replace("_", " ")
    text = text.format(**values) if values else text
    return _agreeing(text) if lang != "ja" and "(s)" in text else text


# a figure, or a word's optional plural ending right after it (problem(s); never "AHT (s)", seconds)
_FIGURE_OR_PLURAL = re.compile(r"(?<![\w.,])(\d[\d,]*(?:\.\d+)?)(?![\w])|(?<=\w)\(s\)(?P<are> are\b)?")


def _agreeing(text: str) -> str:
    """Each "(s)" made to agree with the figure before it in `text`."""
    last = None

    def agree(m: re.Match) -> str:
        nonlocal last
        if m.group(1) is not None:
            last = m.group(1)
            return m.group(0)
        one = last == "1"
        return ("" if one else "s") + ((" is" if one else " are") if m.group("are") else "")
    return _FIGURE_OR_PLURAL.sub(agree, text)


def tr(lang: str, ja: str, en: str) -> str:
    """A sentence written at its only place of use, in both languages."""
    return ja if lang == "ja" else _in_locale(en)


def count(n, lang: str, ja: str, one: str, many: str | None = None) -> str:
    """A count or quantity with its noun or unit: 9件, 1.5時間; 1 entry, 2 entries, 1 hour, 1.5 hours
    (`many` defaults to `one` + s; the figure as `number` prints it)."""
    if lang == "ja":
        return f"{_text.number(n)}{ja}"
    return f"{_text.number(n)} {_in_locale(one if n == 1 else many or one + 's')}"


def listing(lang: str, items) -> str:
    """Names as a sentence lists them: A、B、C; A and B; A, B and C."""
    items = list(items)
    if lang == "ja" or len(items) < 2:
        return "、".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """An English word agreeing with `n`: change/changes, entry/entries (`many` defaults to `one` + s)."""
    return one if n == 1 else many or one + "s"


def capital(text: str) -> str:
    """A sentence as it starts: its first letter in upper case (English; Japanese unchanged)."""
    return text[:1].upper() + text[1:]


def sentence(text: str, lang: str) -> str:
    """A note or flag printed as a sentence: closed with 「。」, or in English with a full stop and
    started with a capital. Empty text stays empty."""
    text = text.rstrip()
    if not text:
        return text
    if lang == "ja":
        return text if text.endswith("。") else text + "。"
    return capital(text) + ("" if text.endswith((".", "!", "?")) else ".")


def lower_first(text: str) -> str:
    """An English label inside a sentence: 'Ranked' → 'ranked' (an acronym such as 'ID' or 'SLA' is kept)."""
    head = text.split(" ", 1)[0]
    return text if len(head) > 1 and head.isupper() else text[:1].lower() + text[1:]


SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def in_words(n: int) -> str:
    """A count in English prose: one to nine in words, 10 and above in figures."""
    return SMALL_NUMBERS[n] if 0 <= n < len(SMALL_NUMBERS) else str(n)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def hint(key: str, lang: str) -> str | None:
    """The optional help text of a field (exact key only: hints are never borrowed)."""
    found = CATALOGUE.get(key + "#help")
    return (found[0] if lang == "ja" else _in_locale(found[1])) if found else None


def enum(kind: str, value, lang: str) -> str:
    """The printed word for an enum value (in English as the project's locale writes it); unknown
    values print as given."""
    found = ENUMS[kind][lang].get(value)
    if found is None:
        return str(value)
    return found if lang == "ja" else _in_locale(found)


def choice(value, lang: str, vocabulary: str | None = None) -> str:
    """The word for a choice: an enum vocabulary (the documents' words), else the wizard's own."""
    if vocabulary:
        return enum(vocabulary, value, lang)
    found = CATALOGUE.get(f"choice.{value}")
    return (found[0] if lang == "ja" else _in_locale(found[1])) if found else str(value)


# Codes the project file uses, as a reader names them (a code not listed prints as written).
LANGUAGE_NAMES = {"ja": ("日本語", "Japanese"), "en": ("英語", "English"), "zh": ("中国語", "Chinese"),
                  "ko": ("韓国語", "Korean"), "cy": ("ウェールズ語", "Welsh"), "es": ("スペイン語", "Spanish"),
                  "pt": ("ポルトガル語", "Portuguese"), "vi": ("ベトナム語", "Vietnamese"), "fr": ("フランス語", "French"),
                  "de": ("ドイツ語", "German"), "th": ("タイ語", "Thai"), "tl": ("タガログ語", "Tagalog")}
TIME_ZONE_NAMES = {"Asia/Tokyo": ("日本時間", "Japan time"), "Europe/London": ("英国時間", "UK time"),
                   "America/New_York": ("米国東部時間", "US Eastern time"), "America/Chicago": ("米国中部時間", "US Central time"),
                   "America/Los_Angeles": ("米国太平洋時間", "US Pacific time"), "Asia/Seoul": ("韓国時間", "Korea time"),
                   "Asia/Shanghai": ("中国時間", "China time"), "Asia/Singapore": ("シンガポール時間", "Singapore time"),
                   "UTC": ("協定世界時（UTC）", "UTC")}
CURRENCY_NAMES = {"JPY": ("円", "Japanese yen"), "GBP": ("英ポンド", "pounds sterling"), "USD": ("米ドル", "US dollars"),
                  "EUR": ("ユーロ", "euros")}


def currency_name(code: str, lang: str, alone: bool = False) -> str:
    """A currency as prose names it (円, pounds sterling), never its ISO code where a name is known;
    `alone`: as a table value, which starts as a sentence does (Pounds sterling)."""
    name = name_of(code, CURRENCY_NAMES, lang)
    return name[:1].upper() + name[1:] if alone and lang != "ja" else name


def name_of(code: str, names: dict, lang: str) -> str:
    """A code (language, time zone, currency) as a reader names it."""
    found = names.get(code)
    return (found[0] if lang == "ja" else found[1]) if found else str(code)


def zone_name(zone: str, lang: str, when=None) -> str:
    """A time zone as a reader names it beside a time, by the one name the documents give it wherever
    they print a time (日本時間, UK time: a deadline's, a tally's), never its clock's abbreviation beside
    that name (GMT in one sentence with UK time); the abbreviation at `when` (CET) only in English for a
    zone that has no name here, rather than its code."""
    if zone not in TIME_ZONE_NAMES and lang != "ja" and when is not None:
        abbreviation = when.tzname() or ""
        if abbreviation.isalpha() and abbreviation.isupper():
            return abbreviation
    return name_of(zone, TIME_ZONE_NAMES, lang)


def tbd(lang: str) -> str:
    return say("doc.tbd", lang)


__all__ = ["CATALOGUE", "DEFAULT_SCALE", "ENUMS", "LANGS", "PART_NAMES", "capital", "choice", "count", "enum", "hint",
           "listing", "lookup", "lower_first", "ordinal", "plural",
           "locale", "current_locale", "respell", "say", "tbd", "tr", "name_of", "zone_name", "LANGUAGE_NAMES", "TIME_ZONE_NAMES", "CURRENCY_NAMES", "currency_name"]
