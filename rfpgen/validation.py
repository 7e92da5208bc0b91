"""Validate a project file: the JSON Schema, then the checks a schema cannot express.

Every problem comes back at once, each with the file, line and column of the offending value and
the dotted path of the field, worded for a project manager rather than for a schema author.
"""
from __future__ import annotations

import difflib
import hashlib
import math
import pickle
import re
from collections import OrderedDict
from datetime import date
from pathlib import Path
from threading import Lock

from jsonschema import Draft202012Validator, FormatChecker

from . import buildable
from . import staffing_checks
from .errors import Problem, ProjectInvalid
from .limits import MAX_NUMBER, check_sizes, check_values
from .project import PARTS, Project, copied
from .resources import compiled_validator, load_schema, surely_valid
from .text import clean, shorten
from .words import count, say
from .yamlio import Document, describe_char, format_path, parse_bytes, read, unusual_characters

SCHEDULE_ORDER = ("rfp_issue", "question_deadline", "answer_date", "proposal_due", "presentations",
                  "decision", "contract", "transition_start", "service_start")
SCHEDULE_LABELS = {
    "en": {"rfp_issue": "RFP issue date", "question_deadline": "question deadline", "answer_date": "answer date",
           "proposal_due": "proposal deadline", "presentations": "presentations", "decision": "decision date",
           "contract": "contract date", "transition_start": "transition start", "service_start": "go-live"},
    "ja": {"rfp_issue": "RFP発行日", "question_deadline": "質問期限", "answer_date": "質問回答日",
           "proposal_due": "提案書提出期限", "presentations": "プレゼンテーション", "decision": "選定結果通知",
           "contract": "契約締結", "transition_start": "移行開始", "service_start": "サービス開始"},
}
_DATE_SHAPE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME_SHAPE = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$|^24:00$")

_validator = None


def schema_validator() -> Draft202012Validator:
    """The project schema's validator, built once (the wizard also checks uploads with it)."""
    global _validator
    if _validator is None:
        _validator = Draft202012Validator(load_schema("project"), format_checker=FormatChecker())
    return _validator


# ---------------------------------------------------------------- the schema, one section at a time

_SECTION_CACHE_SIZE = 4096  # (section, content) pairs: a few hundred drafts being edited at once
_section_errors: OrderedDict = OrderedDict()
_section_lock = Lock()
_root_validator = None


def _top_validator() -> Draft202012Validator:
    """The root schema with each section's schema replaced by `true`: the file's own shape only
    (required sections, unknown ones, the version), each section is checked on its own."""
    global _root_validator
    if _root_validator is None:
        root = schema_validator().schema
        shallow = {k: v for k, v in root.items() if k != "$defs"}
        shallow["properties"] = dict.fromkeys(root.get("properties", {}), True)
        _root_validator = schema_validator().evolve(schema=shallow)
    return _root_validator


_compiled: dict | None = None


def _compiled_sections() -> dict:
    """Each section's schema compiled (resources.compiled_validator: the whole starter project in 0.07 ms
    against jsonschema's 9 ms), used only to tell that a section is valid; {} without jsonschema-rs."""
    global _compiled
    if _compiled is None:
        root = schema_validator().schema
        found = {}
        for name, subschema in root.get("properties", {}).items():
            schema = {**subschema, "$defs": root.get("$defs", {})} if isinstance(subschema, dict) else subschema
            if (validator := compiled_validator(schema)) is not None:
                found[name] = validator
        _compiled = found
    return _compiled


def _surely_valid(name: str, value) -> bool:
    """True when the section's compiled schema finds it valid (see resources.compiled_validator)."""
    return surely_valid(_compiled_sections().get(name), value)


def _content_key(value) -> bytes | None:
    """What a section's content is, exactly (types included: 1, 1.0, '1' and true differ), as a short digest.

    Pickled, not repr'd: a third of the time, and equal bytes are equal content (a value shared twice
    may pickle otherwise than two equal copies: that only misses a cache)."""
    try:
        return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=20).digest()
    except (RecursionError, pickle.PicklingError, TypeError, AttributeError):
        return None


def section_keys(data) -> dict:
    """Each top-level section's _content_key: what the remembered checks of a wizard page are looked up by."""
    return {name: _content_key(value) for name, value in data.items()} if isinstance(data, dict) else {}


def schema_errors(data, keys: dict | None = None) -> list:
    """Every JSON Schema error of the project, as the whole schema reports them.

    The schema is applied section by section (project, scope, work_definition …), the way its root
    `properties` keyword applies it. A section the compiled schema finds valid has no error; the
    errors of any other section are jsonschema's own, with their full paths (so the messages built
    from them are unchanged), remembered by the section's content: a wizard save changes one or two
    sections, and every page (the review included) shows the whole project's problems.

    With `keys` (section_keys, a wizard page's), a valid section is remembered too, so only the sections
    a save changed are checked against the schema again."""
    validator = schema_validator()
    errors = list(_top_validator().iter_errors(data))
    if not isinstance(data, dict):
        return errors
    properties = validator.schema.get("properties", {})
    for name, value in data.items():
        subschema = properties.get(name)
        if subschema is None:
            continue  # an unknown section: the root's additionalProperties said so
        key = keys.get(name) if keys is not None else None
        if key is None:
            if _surely_valid(name, value):
                continue
            key = _content_key(value)
        with _section_lock:
            found = _section_errors.get((name, key)) if key is not None else None
            if found is not None:
                _section_errors.move_to_end((name, key))
        if found is None:
            found = () if keys is not None and _surely_valid(name, value) else \
                tuple(validator.descend(value, subschema, path=name, schema_path=name))
            if key is not None:
                with _section_lock:
                    _section_errors[(name, key)] = found
                    while len(_section_errors) > _SECTION_CACHE_SIZE:
                        _section_errors.popitem(last=False)
        errors.extend(found)
    return errors


def _t(lang: str, en: str, ja: str) -> str:
    return ja if lang == "ja" else en


class _Report:
    """Collects problems for one document, placing each at the value's line and column."""

    def __init__(self, doc: Document, lang: str, keys: dict | None = None):
        self.doc, self.lang, self.problems = doc, lang, []
        self.keys = keys  # section_keys on a wizard step page: what checks remember their findings by
        self._seen: set = set()  # a set, not a scan of the list: thousands of blank rows must stay linear

    def add(self, path, en: str, ja: str, severity: str = "error", at_key: bool = False, place=None, refuses: str = ""):
        if tuple(path) in self.doc.refused:
            return  # the value was refused while reading the file, with its own message
        line, col = place or self.doc.where(tuple(path), key=at_key)
        problem = Problem(self.doc.file, line, col, format_path(path), severity, _t(self.lang, en, ja), refuses)
        self.extend((problem,))

    def by_section(self, kind: str, name: str, find, *context):
        """What `find()` finds in the top-level section `name`, remembered on a wizard step page by the
        section's content (self.keys) and `context` (what else it depends on): a check that reads the
        sections one at a time goes through only those a save changed. Without keys, found afresh."""
        key = self.keys.get(name) if self.keys is not None else None
        if key is None:
            return find()
        key = (kind, name, key, *context)
        with _section_lock:
            found = _by_section.get(key)
            if found is not None:
                _by_section.move_to_end(key)
                return found
        found = find()
        with _section_lock:
            _by_section[key] = found
            while len(_by_section) > _SECTION_CACHE_SIZE:
                _by_section.popitem(last=False)
        return found

    def extend(self, problems) -> None:
        """Problems found before, each once (jsonschema reports each missing field once per sibling)."""
        for problem in problems:
            if problem not in self._seen:
                self._seen.add(problem)
                self.problems.append(problem)


# ---------------------------------------------------------------- schema errors in plain words

_KINDS = {"string": ("text", "文字列"), "integer": ("a whole number", "整数"), "number": ("a number", "数値"),
          "boolean": ("true or false", "true または false"), "array": ("a list", "リスト"),
          "object": ("a group of fields", "項目のまとまり"), "null": ("nothing", "空")}

_PATTERNS = {
    "date": ("must be a date written YYYY-MM-DD, e.g. 2027-04-01", "日付は YYYY-MM-DD の形式で書いてください（例: 2027-04-01）"),
    "time": ("must be a time written HH:MM, e.g. 09:00", "時刻は HH:MM の形式で書いてください（例: 09:00）"),
    "month": ("must be a month written YYYY-MM, e.g. 2027-04", "月は YYYY-MM の形式で書いてください（例: 2027-04）"),
    "id": ("an ID starts with a letter and uses only letters, digits, '-' and '_' (at most 40)",
           "IDは英字で始め、英数字・ハイフン・アンダースコアのみ（40文字以内）で書いてください"),
}

# Fields whose form the schema gives inline: field name -> (en, ja) what to write.
_FIELD_PATTERNS = {
    "currency": ("must be a three-letter ISO 4217 currency code in capitals, such as GBP, EUR, USD or JPY",
                 "通貨は ISO 4217 の英大文字3文字のコードで書いてください（例: JPY、USD、EUR、GBP）"),
}
# Symbols and words people type for a currency -> its code, named in the message.
_CURRENCY_CODES = {"£": "GBP", "€": "EUR", "¥": "JPY", "円": "JPY", "US$": "USD", "$": "USD", "gbp": "GBP",
                   "eur": "EUR", "usd": "USD", "jpy": "JPY", "yen": "JPY", "pound": "GBP", "pounds": "GBP", "euro": "EUR",
                   "euros": "EUR", "dollar": "USD", "dollars": "USD"}


def _currency_hint(value) -> tuple[str, str]:
    """(en, ja) ': write GBP for £' when the typed value is a symbol or word of a known currency."""
    code = _CURRENCY_CODES.get(value.strip().lower()) if isinstance(value, str) else None
    return (f"; write {code} for '{value.strip()}'", f"。「{value.strip()}」は {code} と書きます") if code else ("", "")


def _describe(value, lang: str) -> str:
    if value is None:
        return _t(lang, "nothing", "空欄")
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return _t(lang, f"the number {value}", f"数値 {value}")
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in shown)  # show a stray newline as \n
        return _t(lang, f"the text '{shown}'", f"文字列「{shown}」")
    if isinstance(value, list):
        return _t(lang, "a list", "リスト")
    return _t(lang, "a group of fields", "項目のまとまり")


def _pattern_name(schema: dict) -> str | None:
    for name, definition in load_schema("project")["$defs"].items():
        if definition.get("pattern") == schema.get("pattern") and name in _PATTERNS:
            return name
    return None


def _schema_problem(report: _Report, error) -> None:
    path = tuple(error.absolute_path)
    kind, value, expected = error.validator, error.instance, error.validator_value
    if kind == "required":
        present = value if isinstance(value, dict) else {}
        for name in expected:
            if name in present:
                continue
            if name == "look_for":
                report.add(path + (name,),
                           "a requirement left out of the RFP needs look_for (what a strong proposal says unprompted)",
                           "RFPに記載しない要件には look_for（優れた提案が自発的に触れる内容）が必要です",
                           place=report.doc.where(path))
            else:
                report.add(path + (name,), f"required field '{name}' is missing", f"必須項目「{name}」がありません",
                           place=report.doc.where(path))
    elif kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for name in value:
            if name in allowed:
                continue
            odd = unusual_characters(name)
            if odd:  # an invisible character typed or pasted into a field name
                seen = "".join(f"<U+{ord(ch):04X}>" if ch in odd else ch for ch in name)
                plain = "".join(ch for ch in name if ch not in odd).strip()
                chars = ", ".join(describe_char(ch) for ch in odd)
                meant = f"; without it the field is '{plain}'" if plain in allowed else ""
                report.add(path + (name,), f"the field name '{seen}' contains the invisible character {chars}; delete it{meant}",
                           f"項目名「{seen}」に見えない文字 {chars} が含まれています。削除してください", at_key=True)
                continue
            close = difflib.get_close_matches(name, allowed, n=1)
            hint_en = f" (did you mean '{close[0]}'?)" if close else f"; allowed here: {', '.join(allowed)}"
            hint_ja = f"（「{close[0]}」の誤りではありませんか？）" if close else f"。使える項目: {', '.join(allowed)}"
            report.add(path + (name,), f"unknown field '{name}'{hint_en}", f"未知の項目「{name}」です{hint_ja}", at_key=True)
    elif kind == "type":
        want_en, want_ja = _KINDS.get(expected if isinstance(expected, str) else expected[0], (str(expected),) * 2)
        hint_en = hint_ja = ""
        if expected == "boolean" and isinstance(value, str):
            hint_en, hint_ja = "; write true or false", "。true か false で書いてください"
        elif expected in ("integer", "number") and isinstance(value, str) and value[:1] == "0" and value[1:2].isdigit():
            hint_en, hint_ja = "; numbers must not start with 0", "。数値の先頭に0は付けられません"
        elif expected == "string" and isinstance(value, (int, float, bool)):
            hint_en, hint_ja = f"; put it in quotes: '{value}'", f"。引用符で囲んでください: '{value}'"
        report.add(path, f"expected {want_en}, got {_describe(value, 'en')}{hint_en}",
                   f"{want_ja}が必要ですが、{_describe(value, 'ja')}が書かれています{hint_ja}")
    elif kind == "enum":
        choices = ", ".join(str(c) for c in expected)
        report.add(path, f"must be one of: {choices} (got {_describe(value, 'en')})",
                   f"次のいずれかを指定してください: {choices}（{_describe(value, 'ja')}は使えません）")
    elif kind == "const":
        report.add(path, f"must be {expected}", f"{expected} を指定してください")
    elif kind == "pattern":
        field = path[-1] if path and isinstance(path[-1], str) else None
        en, ja = _PATTERNS.get(_pattern_name(error.schema)) or _FIELD_PATTERNS.get(field) or (
            "does not have the expected form", "形式が正しくありません")
        hint_en, hint_ja = _currency_hint(value) if field == "currency" else ("", "")
        report.add(path, f"{en} (got {_describe(value, 'en')}){hint_en}", f"{ja}（{_describe(value, 'ja')}）{hint_ja}")
    elif kind == "format":
        if expected == "date" and isinstance(value, str) and not _DATE_SHAPE.match(value):
            return  # not even shaped like a date: the pattern error says how to write one
        if expected == "date":
            report.add(path, f"'{value}' is not a real calendar date", f"「{value}」は存在しない日付です")
        elif expected == "email":
            report.add(path, f"'{value}' is not an e-mail address", f"「{value}」はメールアドレスではありません")
        else:
            report.add(path, f"is not a valid {expected}", f"{expected} の形式ではありません")
    elif kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        if isinstance(value, (int, float)) and not abs(value) <= MAX_NUMBER:
            return  # an implausible figure (or infinity): the limits check names it once, readably
        words = {"minimum": ("at least", "以上"), "exclusiveMinimum": ("more than", "より大きい値"),
                 "maximum": ("at most", "以下"), "exclusiveMaximum": ("less than", "未満")}[kind]
        report.add(path, f"must be {words[0]} {expected} (got {value})", f"{expected}{words[1]}にしてください（{value}）")
    elif kind == "maxLength":
        report.add(path, f"is too long: {len(value)} characters, at most {expected}",
                   f"長すぎます: {len(value)}文字（上限 {expected}文字）")
    elif kind == "maxItems":
        report.add(path, f"has {len(value):,} entries; at most {expected:,} (a limit far above any real project, "
                         "so that every build finishes)", f"{len(value):,}件あります。上限は{expected:,}件です")
    elif kind == "minItems":
        report.add(path, f"needs at least {expected} entr{'y' if expected == 1 else 'ies'}",
                   f"少なくとも{expected}件必要です")
    elif kind == "uniqueItems":
        report.add(path, "lists the same entry twice", "同じ値が重複しています")
    else:
        report.add(path, error.message, error.message)


# ---------------------------------------------------------------- checks beyond the schema

def _check_unique_ids(report: _Report, data: dict) -> None:
    seen: dict[str, tuple] = {}
    for ident, path in _ids(report, data):
        if ident in seen:
            first = report.doc.where(seen[ident] + ("id",))[0]
            if first is None:  # a wizard draft has no lines: the place is named (the wizard puts it in its words)
                report.add(path + ("id",), f"the ID '{ident}' is already used at {format_path(seen[ident])}; IDs must be unique in the project",
                           f"ID「{ident}」は {format_path(seen[ident])} で既に使われています。IDは案件内で一意にしてください")
                continue
            report.add(path + ("id",), f"the ID '{ident}' is already used on line {first} ({format_path(seen[ident])}); IDs must be unique in the file",
                       f"ID「{ident}」は{first}行目（{format_path(seen[ident])}）で既に使われています。IDはファイル内で一意にしてください")
        else:
            seen[ident] = path


def _ids(report: _Report, data) -> list[tuple[str, tuple]]:
    """(id, path of its mapping) for every id of the file, in order (the project's own id aside)."""
    if not isinstance(data, dict):
        return _ids_in(data, ())
    found = []
    for name, value in data.items():
        if isinstance(value, (dict, list)):
            found += report.by_section("ids", name, lambda value=value, name=name: _ids_in(value, (name,)))
    return found


def _ids_in(node, path: tuple) -> list[tuple[str, tuple]]:
    found = []

    def visit(node, path):
        if isinstance(node, dict):
            if path and path != ("project",) and isinstance(node.get("id"), str):
                found.append((node["id"], path))
            for key, value in node.items():
                if isinstance(value, (dict, list)):  # ids are in mappings only
                    visit(value, path + (key,))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                if isinstance(item, (dict, list)):
                    visit(item, path + (i,))

    visit(node, path)
    return found


_by_section: OrderedDict = OrderedDict()  # (kind, section, its content key, context) -> what was found in it


def _sum_is(values, total=100.0) -> bool:
    return abs(sum(values) - total) < 0.01


def _check_weights(report: _Report, data: dict) -> None:
    criteria = data["evaluation"]["criteria"]
    for i, criterion in enumerate(criteria):
        if criterion.get("mandatory") is True and criterion.get("weight", 0) != 0:
            report.add(("evaluation", "criteria", i, "weight"),
                       "a mandatory criterion is a pass/fail gate and carries no weight: set its weight to 0",
                       "必須項目は合否判定のみで配点を持ちません。weight を 0 にしてください")
    weights = [c.get("weight", 0) for c in criteria]
    if not _sum_is(weights):
        report.add(("evaluation", "criteria"), f"criterion weights add up to {sum(weights):g}, not 100",
                   f"評価項目の配点の合計が {sum(weights):g} です。合計を 100 にしてください")
    for i, criterion in enumerate(criteria):
        if criterion.get("mandatory") is True and criterion.get("unstated_needs") is True:
            report.add(("evaluation", "criteria", i, "unstated_needs"),
                       "a pass/fail gate has no score, so it cannot be the criterion computed from the checklist of requirements left out of the RFP",
                       "合否判定のみの必須項目には評点がないため、RFPに記載のないニーズを評価する項目にはできません")
    unstated = [i for i, c in enumerate(criteria) if c.get("unstated_needs") is True]
    for i in unstated[1:]:
        report.add(("evaluation", "criteria", i, "unstated_needs"),
                   "only one criterion can score needs the RFP does not state",
                   "RFPに記載のないニーズを評価する項目は1つだけにしてください")
    scale_max = (data["evaluation"].get("scale") or {}).get("max", 5)
    stage = (data["evaluation"].get("rules") or {}).get("presentation") or {}
    # the presentation's criteria are scored on the same scale
    for path, listed in ((("evaluation", "criteria"), criteria),
                         (("evaluation", "rules", "presentation", "criteria"), stage.get("criteria") or [])):
        for i, criterion in enumerate(listed):
            for j, anchor in enumerate(criterion.get("anchors") or []):
                if anchor["score"] > scale_max:
                    report.add(path + (i, "anchors", j, "score"),
                               f"score {anchor['score']} is above the scale maximum {scale_max}",
                               f"評点 {anchor['score']} が尺度の上限 {scale_max} を超えています")
    price = data["evaluation"]["price"]
    if price["formula"] == "jp_additive" and not price.get("reference_price"):
        report.add(("evaluation", "price", "formula"),
                   "the jp_additive formula needs reference_price (the planned price it compares bids with)",
                   "加算方式では reference_price（予定価格）が必要です")


def _check_shares(report: _Report, data: dict) -> None:
    work = data.get("work_definition") or {}
    for i, program in enumerate(work.get("programs") or []):
        shares = [r["share_pct"] for r in program.get("call_reasons") or []]
        if shares and not _sum_is(shares):
            report.add(("work_definition", "programs", i, "call_reasons"),
                       f"call-reason shares of program '{program['id']}' add up to {sum(shares):g}%, not 100%",
                       f"プログラム「{program['id']}」のコールリーズン構成比の合計が {sum(shares):g}% です。100% にしてください")
        months = [v["month"] for v in program.get("volumes") or []]
        for j, month in enumerate(months):
            if month in months[:j]:
                report.add(("work_definition", "programs", i, "volumes", j, "month"),
                           f"the month {month} is listed twice", f"{month} が重複しています")
    forecast = work.get("forecast") or {}
    weekday = forecast.get("weekday_profile")
    if weekday and not _sum_is(weekday.values()):
        report.add(("work_definition", "forecast", "weekday_profile"),
                   f"the weekday profile adds up to {sum(weekday.values()):g}%, not 100%",
                   f"曜日別構成比の合計が {sum(weekday.values()):g}% です。100% にしてください")
    intraday = forecast.get("intraday_profile") or []
    if intraday:
        if not _sum_is([slot["pct"] for slot in intraday]):
            total = sum(slot["pct"] for slot in intraday)
            report.add(("work_definition", "forecast", "intraday_profile"),
                       f"the intraday profile adds up to {total:g}%, not 100%",
                       f"時間帯別構成比の合計が {total:g}% です。100% にしてください")
        step = forecast.get("interval_minutes", 30)
        starts = []
        for j, slot in enumerate(intraday):
            hours, minutes = map(int, slot["start"].split(":"))
            start = hours * 60 + minutes
            if start % step:
                report.add(("work_definition", "forecast", "intraday_profile", j, "start"),
                           f"{slot['start']} is not on a {step}-minute interval boundary",
                           f"{slot['start']} は{step}分間隔の区切りではありません")
            if start in starts:
                report.add(("work_definition", "forecast", "intraday_profile", j, "start"),
                           f"the interval starting {slot['start']} is listed twice", f"{slot['start']} の時間帯が重複しています")
            starts.append(start)


def _check_hours(report: _Report, hours: dict, path: tuple) -> None:
    rules = hours.get("weekly") or []
    if all(_TIME_SHAPE.match(str(rule["open"])) and _TIME_SHAPE.match(str(rule["close"])) for rule in rules):
        staffing_checks.check_hours(report, hours, path)  # else the schema already said how to write a time


def _check_schedule(report: _Report, data: dict) -> None:
    schedule = data["project"].get("schedule") or {}
    labels = SCHEDULE_LABELS[report.lang if report.lang in SCHEDULE_LABELS else "en"]
    previous = None
    for key in SCHEDULE_ORDER:
        if key not in schedule:
            continue
        try:
            when = date.fromisoformat(schedule[key])
        except (TypeError, ValueError):
            continue  # the schema already reported it
        if previous and when < previous[1]:
            report.add(("project", "schedule", key),
                       f"the {labels[key]} ({when}) comes before the {labels[previous[0]]} ({previous[1]})",
                       f"{labels[key]}（{when}）が{labels[previous[0]]}（{previous[1]}）より前になっています")
        previous = (key, when)


def _check_withholding(report: _Report, project: Project) -> None:
    withheld = project.withheld()
    if withheld and not project.unstated_needs_criterion():
        report.add(("evaluation", "criteria"),
                   f"{count(len(withheld), 'en', '', 'requirement')} {'is' if len(withheld) == 1 else 'are'} left out of the RFP "
                   "but no published criterion scores needs the RFP does not state (set unstated_needs: true on one); in public procurement, scoring "
                   "on criteria the bidders were not told about is unlawful",
                   f"{len(withheld)}件の要件をRFPに記載しませんが、RFPに記載のないニーズを評価する公開の評価項目"
                   "（unstated_needs: true）がありません。公共調達では、入札者に示していない基準での評価は違法となります",
                   severity="warning")


def _check_vendor_text_leaks(report: _Report, project: Project) -> None:
    """Text written for the vendors that quotes or rewords a withheld requirement, at its field: the
    RFP's own check refuses a quote only when the RFP is built, and lets a rewording through.

    The texts are checked a top-level section at a time (vendor_texts_of). On a wizard step page
    (report.keys: no lines to name) a section's warnings are remembered by its content and by
    everything else they depend on (_leak_context): a save that changes no requirement, answer or
    withheld section reads and checks only the section it changed."""
    from .documents.leaks import vendor_texts_of  # imported late: the documents' modules import this one

    if not project.withheld():
        return
    context = _leak_context(project) if report.keys is not None else None
    register: dict = {}  # the vendors' view and the register's own warnings, for the first section not remembered
    quoted, restated = [], []
    for section in list(project.data):
        def find(section=section):
            if "view" not in register:
                register["view"] = project.redacted(shared=True)
            texts = vendor_texts_of(project, register["view"], section)
            return _leaks_in_section(report, project, texts, register) if texts else ((), ())
        found = report.by_section("leaks", section, find, context, report.lang, report.doc.file) if context else find()
        quoted += found[0]
        restated += found[1]
    report.extend(quoted + restated)


def _leak_context(project: Project) -> bytes | None:
    """What a section's leak warnings depend on besides its content: every requirement (withheld or
    disclosed, with its place), the register (disclosures, its own warnings), the sections and budget
    the RFP withholds (the vendors' view of the section) and the words every text of the project is
    about (its language, client and title)."""
    about = project.section("project")
    client = about.get("client") if isinstance(about.get("client"), dict) else {}
    return _content_key((tuple(project.section(part.key).get("requirements") for part in PARTS),
                         project.data.get("questions"), project.section("rfp").get("withhold"),
                         about.get("language"), client.get("name"), about.get("title")))


def _leaks_in_section(report: _Report, project: Project, texts: list, register: dict) -> tuple[tuple, tuple]:
    """The quote and restatement warnings of these vendor texts (a section's): (quotes, restatements)."""
    from .documents.leaks import leaks_in_project_text  # imported late, as above

    quotes = _Report(report.doc, report.lang)
    where = {r.id: r.path for r in project.withheld()}
    found = leaks_in_project_text(project, list(texts))
    for path, leak in found:
        line = report.doc.where(where[leak.withheld_id])[0]
        place = format_path(where[leak.withheld_id])
        requirement = f"{leak.withheld_id} ({place}, line {line})" if line else f"{leak.withheld_id} ({place})"
        requirement_ja = f"{leak.withheld_id}（{line}行目 {place}）" if line else f"{leak.withheld_id}（{place}）"
        shown = shorten(leak.fragment, 60)
        if leak.paraphrase:
            en, ja = (f"restates requirement {requirement} (\"{shown}\"), which the RFP leaves out, closely enough for a bidder to read "
                      "it in the RFP", f"RFPに記載しない要件 {requirement_ja}（「{shown}」）をほぼ同じ内容で言い換えており、"
                      "提案者がRFPから読み取れます")
        else:
            en, ja = (f"quotes requirement {requirement} (\"{shown}\"), which the RFP leaves out; the RFP is not written while a text "
                      "it prints does", f"RFPに記載しない要件 {requirement_ja} の文言（「{shown}」）を引用しています。"
                      "RFPに印刷される文章が引用している間は、RFPを作成しません")
        quotes.add(path, f"{en}: reword it, or put the requirement in the RFP",
                   f"{ja}。書き換えるか、その要件をRFPに記載する設定に変えてください", severity="warning",
                   refuses="" if leak.paraphrase else "rfp")
    restated = _Report(report.doc, report.lang)
    if "reported" not in register:
        register["reported"] = _register_reported(project)
    _check_restated_withheld(restated, project, texts,
                             register["reported"] | {(path, leak.withheld_id) for path, leak in found})
    return tuple(quotes.problems), tuple(restated.problems)


def _register_reported(project: Project) -> set:
    """(field, withheld id) the Q&A register's own checks warn about (quotes, topics): not warned twice."""
    from .clarifications import answer_touches, leaks_by_question  # imported late, as above

    reported = {(("questions", i, field), leak.withheld_id) for (i, field), leaks in leaks_by_question(project).items()
                for leak in leaks}
    return reported | {(("questions", i, "answer"), touch.requirement.id) for i, touch in answer_touches(project)}


def _check_restated_withheld(report: _Report, project: Project, texts, reported: set) -> None:
    """A text the vendors read (vendor_texts) that restates a withheld requirement without quoting a
    sentence of it: it repeats a run of its statement (documents.leaks.Repeats) or uses most of its
    terms (topics.Topics.covered). A disclosed requirement is held to it too: the quote check lets a
    sentence a disclosed requirement states pass as stock wording, so a disclosed requirement that
    copies a withheld one is found here only. Warned once per field and requirement: `reported` (the
    quotes found, the Q&A register's own warnings: quotes, topics, discloses:) go first."""
    from .clarifications import withheld_reference  # imported late, as above
    from .documents.leaks import repeats
    from .topics import topics_of

    withheld = project.withheld()
    questions = project.data.get("questions") or []
    runs, topics = repeats(tuple(r.text for r in withheld)), topics_of(project)
    stock = runs.stock(tuple(r.text for r in project.disclosed()))
    for path, text in texts:
        repeated, covered = runs.in_text(text, stock), topics.covered(text)
        if not repeated and not covered:
            continue
        why = {withheld[n].id: (withheld[n], "run", run) for n, run in repeated}
        for r, shared, statement in covered:
            why.setdefault(r.id, (r, "terms", (shared, statement)))
        disclosed = set(questions[path[1]].get("discloses") or []) if path[0] == "questions" else set()
        for rid, (r, how, shown) in why.items():
            if (path, rid) in reported or rid in disclosed:
                continue
            requirement, requirement_ja = withheld_reference(report, r)
            if how == "run":
                run = shorten(shown, 80)
                why_en, why_ja = f"repeats \"{run}\" from it", f"「{run}」が同じです"
            else:
                shared, statement = shown
                why_en = f"uses {len(shared)} of its {statement} key terms ({', '.join(shared)})"
                why_ja = f"主要な語{statement}語のうち{len(shared)}語（{'、'.join(shared)}）を使っています"
            report.add(path, f"this text reaches the bidders and restates {requirement}: it {why_en}; reword it, "
                       "or put the requirement in the RFP",
                       f"この文章は提案者に示され、{requirement_ja}と同じ内容を述べています（{why_ja}）。書き換えるか、"
                       "その要件をRFPに記載する設定に変えてください", severity="warning")


def _check_computed_anchors(report: _Report, data: dict) -> None:
    """The unstated-needs score is computed from the checklist, so anchors on it would never be applied."""
    for i, criterion in enumerate(data["evaluation"].get("criteria") or []):
        if criterion.get("unstated_needs") is True and criterion.get("anchors"):
            report.add(("evaluation", "criteria", i, "anchors"),
                       "this criterion's score is computed from the checklist of requirements left out of the RFP, so its anchors "
                       "are not used and not printed; remove them",
                       "この評価項目の評点はRFPに記載しない要件のチェックリストから算出するため、評点の基準（anchors）は使われず、"
                       "文書にも記載しません。削除してください", severity="warning")


# a figure with its unit (50席, 2年以上 → 2年, 3 years, 40 seats): what an eligibility condition and an anchor both measure
_MEASURE = re.compile(r"(\d+(?:\.\d+)?)\s*(席|年|か月|ヶ月|名|件|%|seats?|years?|months?|agents?|accounts?)", re.IGNORECASE)


def _measures(text) -> set[tuple[str, str]]:
    return {(n, unit.lower().rstrip("s")) for n, unit in _MEASURE.findall(str(text or ""))}


def _check_anchors_above_eligibility(report: _Report, data: dict) -> None:
    """Every bidder scored meets the eligibility conditions: an anchor above the lowest that asks only for
    what eligibility already demands (the same seats, years …) gives a merely eligible bidder that score."""
    eligibility = _measures(((data.get("rfp") or {}).get("terms") or {}).get("eligibility"))
    if not eligibility:
        return
    for i, criterion in enumerate(data["evaluation"].get("criteria") or []):
        anchors = [a for a in criterion.get("anchors") or [] if isinstance(a, dict)]
        lowest = min((a.get("score", 0) for a in anchors), default=0)
        for j, anchor in enumerate(anchors):
            asked = _measures(anchor.get("description"))
            if anchor.get("score", 0) > lowest and asked and asked <= eligibility:
                report.add(("evaluation", "criteria", i, "anchors", j, "description"),
                           f"anchor {anchor['score']} of '{criterion.get('name')}' asks for what the eligibility conditions "
                           "already require, so every eligible bidder would earn it; describe more than eligibility "
                           "(or make it the lowest anchor)",
                           f"評価項目「{criterion.get('name')}」の評点{anchor['score']}の基準は参加資格と同じ水準のため、"
                           "参加資格を満たす提案者は全てこの評点になります。参加資格を上回る水準を書くか、最も低い評点の基準にしてください",
                           severity="warning")


_FINAL_APPROVAL = re.compile(r"最終|決裁|\bfinal\b", re.I)  # an approver's role that comes after every other approval


def _check_approvals(report: _Report, data: dict) -> None:
    """Approval dates that contradict the document: an approval dated before the version it approved, or
    before any version the revision history lists; a final approval dated while another approver has not
    approved yet, or approved later (the block printed 最終承認 with a date above an empty 内容承認)."""
    from .project import approved_version

    approvers = (data.get("approval") or {}).get("approvers") or []
    history = {str(r["version"]): str(r["date"])[:10] for r in (data.get("approval") or {}).get("revision_history") or []
               if r.get("version") and r.get("date")}
    for i, a in enumerate(approvers):
        when, version = str(a.get("date") or "")[:10], approved_version(data, a)
        if when and version is None:
            report.add(("approval", "approvers", i, "date"),
                       f"{a['name']}'s approval is dated {when}, before the first version in the revision history "
                       f"({min(history.values())}): it cannot have approved this document; correct the date",
                       f"{a['name']}氏の承認日 {when} は、改訂履歴の最初の版の日付（{min(history.values())}）より前です。"
                       "この文書を承認した日付になり得ないため、承認日を直してください", severity="warning")
        elif when and history.get(str(version), "") > when:
            report.add(("approval", "approvers", i, "date"),
                       f"{a['name']} approved version {version} on {when}, before that version's date ({history[str(version)]}) "
                       "in the revision history; correct the date or the version",
                       f"{a['name']}氏は第{version}版を{when}に承認したことになっていますが、改訂履歴の同版の日付"
                       f"（{history[str(version)]}）より前です。承認日か版を直してください", severity="warning")
    for i, final in enumerate(approvers):
        if not final.get("date") or not _FINAL_APPROVAL.search(str(final.get("role") or "")):
            continue
        when = str(final["date"])[:10]
        others = [a for a in approvers if a is not final and not _FINAL_APPROVAL.search(str(a.get("role") or ""))]
        undated = [a for a in others if not a.get("date")]
        if undated:
            report.add(("approval", "approvers", i, "date"),
                       f"{final['name']}'s final approval is dated {when}, but "
                       f"{' and '.join(_who(a, 'en') for a in undated)} {'has' if len(undated) == 1 else 'have'} not "
                       "approved (no date): a final approval comes last; date the other approvals or leave the final "
                       "one blank until they are given",
                       f"{final['name']}氏の最終承認に日付（{when}）がありますが、{'、'.join(_who(a, 'ja') for a in undated)}の"
                       "承認日がありません。最終承認は他の承認の後に行うものです。他の承認日を記入するか、それまで最終承認の日付を空欄に"
                       "してください", severity="warning")
        for other in others:
            if other.get("date") and str(other["date"])[:10] > when:
                report.add(("approval", "approvers", i, "date"),
                           f"{final['name']}'s final approval is dated {when}, before the approval of {_who(other, 'en')} "
                           f"({str(other['date'])[:10]}): a final approval comes last; correct the dates",
                           f"{final['name']}氏の最終承認（{when}）が、{_who(other, 'ja')}の承認（{str(other['date'])[:10]}）より"
                           "前の日付です。最終承認は他の承認の後に行うものです。日付を直してください", severity="warning")


def _who(approver: dict, lang: str) -> str:
    """An approver with their step, as a warning names them: 中村 由紀子氏（内容承認） / Ann Lee (Content approval)."""
    role = approver.get("role")
    if lang == "ja":
        return f"{approver['name']}氏" + (f"（{role}）" if role else "")
    return approver["name"] + (f" ({role})" if role else "")


def _check_panels(report: _Report, data: dict) -> None:
    """The quality panel should not see prices: an evaluator marked sees_prices also scores quality."""
    for i, evaluator in enumerate(data["evaluation"].get("evaluators") or []):
        if evaluator.get("sees_prices") is True and evaluator.get("prices_only") is not True:
            report.add(("evaluation", "evaluators", i, "sees_prices"),
                       f"evaluator '{evaluator['name']}' sees prices and also scores quality; the quality panel should "
                       "not know the prices (set prices_only: true for an evaluator who scores prices only)",
                       f"評価者「{evaluator['name']}」は価格を見たうえで品質も評価します。品質の評価者には価格を見せないのが原則です"
                       "（価格だけを評価する評価者には prices_only: true を設定してください）", severity="warning")
    from .scoring.model import scores_quality, self_approvals

    contact = ((data.get("rfp") or {}).get("qa") or {}).get("contact") or {}
    if contact.get("name") and scores_quality(data, contact["name"]):
        report.add(("rfp", "qa", "contact", "name"),
                   f"the RFP's contact for questions, '{contact['name']}', also scores the proposals: bidders would put "
                   "their questions to an evaluator; name someone outside the quality panel",
                   f"RFPの質問窓口「{contact['name']}」は提案の評価者でもあります。提案者が評価者に直接質問することになるため、"
                   "品質の評価者以外の者を窓口にしてください", severity="warning")
    for field, evaluator in _evaluator_reached(data, contact):
        word_en, word_ja = {"phone": ("phone number", "電話番号"), "email": ("e-mail address", "メールアドレス")}[field]
        report.add(("rfp", "qa", "contact", field),
                   f"the RFP's contact for questions gives {evaluator}'s {word_en}, and {evaluator} scores the proposals: "
                   f"bidders would reach an evaluator; give the {word_en} of the procurement contact or of the project's "
                   "question desk",
                   f"RFPの質問窓口の{word_ja}は、提案の評価者である{evaluator}氏のものです。提案者が評価者に直接連絡することになるため、"
                   f"調達担当者または案件の質問窓口の{word_ja}にしてください", severity="warning")
    for i, name, quality in self_approvals(data):
        what_en, what_ja = ("the proposals", "提案") if quality else ("the prices", "価格")
        report.add(("approval", "approvers", i, "name"),
                   f"approver '{name}' is also an evaluator of {what_en} and would approve their own evaluation; the "
                   "decision should be approved by someone who did not evaluate",
                   f"決裁者「{name}」は{what_ja}の評価者でもあり、自らの評価を決裁することになります。決裁は評価に加わらない者が"
                   "行うのが原則です", severity="warning")


def _evaluator_reached(data: dict, contact: dict) -> list[tuple[str, str]]:
    """(field, evaluator's name) for each phone number or e-mail address of the RFP's question desk that
    belongs to someone else the project names (the client's contact) who scores the proposals."""
    from .scoring.model import scores_quality

    def same(field, a, b):
        if field == "phone":
            return re.sub(r"\D", "", str(a or "")) == re.sub(r"\D", "", str(b or "")) != ""
        return str(a or "").strip().casefold() == str(b or "").strip().casefold() != ""

    people = [((data.get("project") or {}).get("client") or {}).get("contact") or {}]
    return [(field, person["name"]) for person in people if person.get("name") and person.get("name") != contact.get("name")
            and scores_quality(data, person["name"]) for field in ("phone", "email") if same(field, contact.get(field), person.get(field))]


def _check_division_rounding(report: _Report, data: dict) -> None:
    """The division method's value is small (points per million of the currency: about 0.25 for a
    600 million yen contract), so a total rounded to 2 decimals would tie proposals several per cent apart."""
    from .scoring.price import DIVISION_UNIT
    from .scoring.rules import ROUNDED_FIGURES

    evaluation = data["evaluation"]
    price = evaluation.get("price") or {}
    rounding = (evaluation.get("rules") or {}).get("rounding")
    scale = price.get("reference_price") or ((data.get("pricing") or {}).get("budget") or {}).get("amount")
    if price.get("formula") != "jp_division" or not rounding or not scale \
            or "total" not in (rounding.get("apply_to") or ROUNDED_FIGURES):
        return
    typical = (price.get("base_points", 100) + evaluation.get("quality_points", 70) / 2) / scale * DIVISION_UNIT
    needed = math.ceil(-math.log10(typical / 1000))  # a step of at most 0.1 % of a typical value
    if rounding["digits"] < needed:
        step = 10 ** -rounding["digits"]
        report.add(("evaluation", "rules", "rounding", "digits"),
                   f"the division method's evaluation values are about {typical:.3g} at this price level; rounded to "
                   f"{rounding['digits']} decimals, proposals up to {step / typical:.1%} apart would tie; use at least "
                   f"{needed} decimals",
                   f"除算方式の評価値はこの価格水準で約 {typical:.3g} です。小数第{rounding['digits']}位までに丸めると、"
                   f"{step / typical:.1%}まで差のある提案が同点になります。小数第{needed}位以上にしてください",
                   severity="warning")


def _real(value) -> bool:
    """A finite number the file gives as one (not a bool, not text kept as typed)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_low_bid(report: _Report, data: dict) -> None:
    """One low-price threshold: the evaluation rules' share (published in the RFP) and the response form's
    percentage (the guide's check of the bids) must not differ, or bidders and evaluators read two rules.
    The published share is the one applied."""
    share = (((data.get("evaluation") or {}).get("rules") or {}).get("low_bid") or {}).get("share")
    form = (data.get("pricing") or {}).get("response_form") or {}
    pct = form.get("low_bid_threshold_pct")
    if not (_real(share) and _real(pct) and 0 < share <= 1 and 0 <= pct <= 100):
        return  # absent, or out of range: the schema's own error says so (60 as a share read as 6000%)
    if abs(share * 100 - pct) < 1e-9:
        return
    published = f"{float(share) * 100:g}"
    report.add(("pricing", "response_form", "low_bid_threshold_pct"),
               f"the low-price threshold {float(pct):g}% differs from the evaluation rules' {published}% "
               "(evaluation.rules.low_bid.share), which the RFP publishes and which is applied everywhere: remove this "
               "value or make the two equal",
               f"低価格の基準 {float(pct):g}% が評価ルールの {published}%（evaluation.rules.low_bid.share）と異なります。"
               f"RFPに掲載し、すべての文書で用いるのは評価ルールの {published}% です。この値を削除するか、両者を揃えてください",
               severity="warning")


def _check_shortlist(report: _Report, data: dict) -> None:
    """With the presentation points alone as the final score, the document stage only chooses who
    presents: if everyone presents, the proposals' quality and the prices count for nothing."""
    evaluation = data["evaluation"]
    stage = (evaluation.get("rules") or {}).get("presentation") or {}
    vendors = evaluation.get("vendors") or []
    if stage.get("combine") == "presentation_only" and stage.get("top") and len(vendors) > 0 \
            and stage["top"] >= len(vendors):
        from .scoring.price import gives_price_points  # imported late: scoring imports this module

        formula = (evaluation.get("price") or {}).get("formula")
        additive = gives_price_points(formula)
        report.add(("evaluation", "rules", "presentation", "top"),
                   f"all {len(vendors)} bidders go through to the presentations and the final score is the presentation "
                   "points alone, so the written proposals and the prices do not affect the ranking; shortlist fewer, "
                   + ("or add the presentation points to the document-stage total (combine: sum)" if additive else
                      "or add the presentation points to the quality points before the division by the price (combine: technical)"
                      if formula == "jp_division" else "or score the presentation as a criterion of the proposal"),
                   f"提案者{len(vendors)}者の全員がプレゼンテーションに進み、最終評価点はプレゼンテーション点のみのため、"
                   "提案書の品質と価格は順位に影響しません。進む者を絞るか、"
                   + ("書類審査の点に加算してください（combine: sum）" if additive else
                      "プレゼンテーション点を品質点に加えてから提案価格で割ってください（combine: technical）" if formula == "jp_division"
                      else "プレゼンテーションを提案の評価項目として採点してください"),
                   severity="warning")


def _check_reference_published(report: _Report, data: dict) -> None:
    """The additive formula's price points divide by the reference price: while the RFP withholds it (with
    the budget), no bidder can recompute its own score from the published rule."""
    evaluation = data.get("evaluation") or {}
    price = evaluation.get("price") or {}
    if price.get("formula") != "jp_additive" or not price.get("reference_price") \
            or not ((data.get("rfp") or {}).get("withhold") or {}).get("budget", True):
        return
    report.add(("rfp", "withhold", "budget"),
               "the additive formula's price points use the reference price, which the RFP does not publish while it "
               "withholds the budget: bidders cannot recompute their score; publish it (rfp.withhold.budget: false) "
               "or price by the lowest bid (formula: relative_to_lowest)",
               "加算方式の価格点は予定価格を用いますが、予算を記載しないRFPは予定価格も公表しないため、提案者が自らの点数を"
               "再計算できません。予定価格を公表する（rfp.withhold.budget: false）か、最低提案価格を基準にしてください"
               "（formula: relative_to_lowest）",
               severity="warning")


def _check_quality_floor(report: _Report, data: dict) -> None:
    """Under a formula where price can outweigh quality without bound, a cheap, weak proposal can win
    unless a minimum quality score keeps it out of the ranking."""
    from .scoring.price import unbounded_by_quality  # imported late: scoring imports this module
    from .words import enum

    evaluation = data["evaluation"]
    formula = (evaluation.get("price") or {}).get("formula")
    if not formula or not unbounded_by_quality(formula) or ((evaluation.get("rules") or {}).get("minimum") or {}).get("quality") is not None:
        return
    report.add(("evaluation", "price", "formula"),
               f"under the {enum('price_formula', formula, 'en').lower()} formula a low enough price beats any quality score, so "
               "a cheap, weak proposal can win; set a minimum quality score (evaluation.rules.minimum.quality, e.g. 60) "
               "below which a proposal is not ranked",
               f"{enum('price_formula', formula, 'ja')}では、価格が十分に低ければ品質スコアの低い提案でも1位になります。"
               "品質スコアの最低基準点（evaluation.rules.minimum.quality、例：60）を設定してください",
               severity="warning")


def _check_offer_validity(report: _Report, data: dict) -> None:
    """The offer validity the RFP states and the one the response form asks for are one figure
    (Project.offer_validity_days): set in both places, they must agree."""
    stated = (data.get("rfp") or {}).get("quote_validity_days")
    asked = ((data.get("pricing") or {}).get("response_form") or {}).get("offer_validity_days")
    if stated is not None and asked is not None and stated != asked:
        report.add(("pricing", "response_form", "offer_validity_days"),
                   f"the response form asks offers to stay valid {asked} days, but the RFP says {stated} days "
                   "(rfp.quote_validity_days); give both the same figure, or remove this one: the response form "
                   "then takes the RFP's",
                   f"提案回答書の見積の有効期限（{asked}日）がRFPの見積の有効期限（rfp.quote_validity_days：{stated}日）と"
                   "異なります。同じ日数にするか、この項目を削除してください（削除するとRFPの日数を用います）")


def _check_disqualification_stated(report: _Report, data: dict) -> None:
    """Bidders can be held only to the grounds for disqualification the RFP states: leaving the section out
    leaves the screening (a late or incomplete proposal, a must requirement answered Cannot, a price rule)
    without a published basis."""
    left_out = (data.get("rfp") or {}).get("leave_out") or []
    if isinstance(left_out, list) and "disqualification" in left_out:
        index = left_out.index("disqualification")
        report.add(("rfp", "leave_out", index),
                   "the RFP would not state the grounds for disqualification, yet the selection still disqualifies "
                   "(a late or incomplete proposal, the screening of the response forms, the price rules): bidders "
                   "can only be held to grounds the RFP states, so keep the section",
                   "RFPに失格事由を記載しない設定ですが、選定では失格を適用します（提出期限後の到着、書類の不備、"
                   "提案回答書の形式審査、価格の規則など）。RFPに記載していない事由で失格にはできないため、この条件は記載してください",
                   severity="warning")


_SEPARATE_PRICE_FILE = re.compile(r"見積書|見積り書|\b(?:price quote|quotation)s?\b", re.IGNORECASE)


def _check_price_file_named(report: _Report, data: dict) -> None:
    """Bidders price on the response form rfpgen writes (提案回答書): an RFP that also asks for a
    見積書 or a price quote leaves them wondering whether a second price document is expected."""
    rfp = data.get("rfp") or {}
    places = [(("rfp", "proposal_contents", i), item) for i, item in enumerate(rfp.get("proposal_contents") or [])]
    places.append((("rfp", "submission", "format"), (rfp.get("submission") or {}).get("format")))
    for path, text in places:
        if isinstance(text, str) and _SEPARATE_PRICE_FILE.search(text):
            report.add(path, "the prices are given on the response form this RFP sends; name it (the response form) "
                             "instead of a quote, so that bidders know no separate price document is expected",
                       "価格は、RFPとともに送付する提案回答書に記入します。見積書ではなく提案回答書と書いてください"
                       "（別の価格の文書を求めていないことが提案者に分かるように）", severity="warning")


def _check_forecast_year(report: _Report, data: dict) -> None:
    """Bids are priced over the term by repeating the client's forecast month by month
    (responses.rates.month_counts): a forecast of less than a year repeated over a longer term counts
    some months more often than a year holds them (an 8-month forecast over 36 months prices the March
    peak 4 or 5 times, and no May to August), so every total is off. Not refused: a buyer may only
    have part of a year early on, and every bid is priced on the same wrong months; but the fix is
    a full year of volumes, and the warning says which month is miscounted."""
    programs = [(i, p) for i, p in enumerate((data.get("work_definition") or {}).get("programs") or []) if p.get("volumes")]
    totals: dict[str, float] = {}
    for _, program in programs:
        for v in program["volumes"]:
            totals[str(v["month"])] = totals.get(str(v["month"]), 0) + v["contacts"]
    months = sorted(totals)
    term = int((data.get("pricing") or {}).get("contract_term_months") or len(months) or 12)
    if not 0 < len(months) < 12 or term <= len(months):
        return
    peak = max(months, key=lambda m: totals[m])
    counted = sum(1 for k in range(term) if months[k % len(months)] == peak)
    for i, _ in programs:
        report.add(("work_definition", "programs", i, "volumes"),
                   f"the forecast covers {len(months)} months ({months[0]} to {months[-1]}), less than a year: the "
                   f"{term}-month term is priced by repeating these months in turn, so the busiest month ({peak}) is counted "
                   f"{counted} times where {term} months hold it {term / 12:g} times, and the months missing from the "
                   "forecast not at all; every bid's total is off by that. Give 12 consecutive months of volumes "
                   "(the quiet months too) so the bids are priced on a real year",
                   f"予測が{len(months)}か月分（{months[0]}〜{months[-1]}）しかなく1年に足りません。契約期間{term}か月は"
                   f"この{len(months)}か月を順に繰り返して価格を算定するため、最繁月（{peak}）を{counted}回数え"
                   f"（{term}か月には{term / 12:g}回）、予測にない月は数えません。各提案の総額がその分ずれます。"
                   "閑散月も含め連続する12か月分の業務量を入力してください", severity="warning")


def _check_outcome_definition(report: _Report, data: dict) -> None:
    """A rate per outcome cannot be priced, nor two offers compared, until the RFP says what an outcome is."""
    pricing = data.get("pricing") or {}
    form = pricing.get("response_form") or {}
    if "per_outcome" in [pricing.get("model"), *(form.get("alternative_models") or [])] and not str(form.get("outcome_definition") or "").strip():
        report.add(("pricing", "response_form"),
                   "bidders may price per outcome, but the project does not say what counts as an outcome: set "
                   "outcome_definition (e.g. a contact resolved at the first contact, with no repeat contact within 7 days)",
                   "成果単価方式での提案を認めていますが、何を成果1件と数えるかが定められていません。outcome_definition を"
                   "設定してください（例：初回の応対で解決し、7日以内に同じ用件の再問い合わせがなかった応対）", severity="warning")


def _check_sla(report: _Report, data: dict, project: Project) -> None:
    credits = (data.get("pricing") or {}).get("sla_credits") or {}
    allocations = [a["allocation_pct"] for a in credits.get("allocations") or []]
    if sum(allocations) > 100 + 0.01:
        report.add(("pricing", "sla_credits", "allocations"),
                   f"SLA credit allocations add up to {sum(allocations):g}%, more than the whole amount at risk",
                   f"SLAクレジットの配分合計 {sum(allocations):g}% が対象額の100%を超えています")
    _check_credited_kpis(report, credits, project.kpi_names())
    _check_service_level_definition(report, data, project)


_SECONDS = re.compile(r"(\d+(?:\.\d+)?) ?(?:秒|s\b|sec\b|seconds?\b)")


def _check_service_level_definition(report: _Report, data: dict, project: Project) -> None:
    """The KPI table prints the project's own service-level definition once for every queue: one that counts
    one queue's seconds (20秒以内に応答した呼数) misdefines the queues with another threshold (30秒)."""
    own = clean((((data.get("operations") or {}).get("kpis") or {}).get("definitions") or {}).get("service_level"))
    thresholds = {name: level["threshold_seconds"] for name, level in project.queue_targets("service_level").items() if level}
    if len(set(thresholds.values())) < 2:
        return
    stated = {float(m.group(1)) for m in _SECONDS.finditer(own)} & {float(t) for t in thresholds.values()}
    for seconds in sorted(stated):
        others = "、".join(name for name, t in thresholds.items() if float(t) != seconds)
        report.add(("operations", "kpis", "definitions", "service_level"),
                   f"the service-level definition counts contacts answered within {seconds:g} s, but the queues' thresholds "
                   f"differ ({others.replace('、', ', ')}: not {seconds:g} s); the one definition prints for every queue: "
                   "count within each queue's own threshold (e.g. “answered within the queue's target seconds”)",
                   f"サービスレベルの定義が{seconds:g}秒以内の応答を数えていますが、窓口ごとに目標の秒数が異なります（{others}は{seconds:g}秒ではない）。"
                   "定義はすべての窓口に共通で載るため、「窓口ごとの目標の秒数以内に応答した呼数」のように書いてください", severity="warning")


def _check_credited_kpis(report: _Report, credits: dict, names: list[str]) -> None:
    """A credit is deducted for missing a KPI, so it must be a KPI the documents define, by the name the
    KPI table prints (a queue may follow in brackets: サービスレベル（受注窓口）): a credit on a rate the table
    does not define (メールの24時間以内初回返信率 beside メール返信期限) cannot be measured as the contract reads."""
    handle_time = [say("doc.kpi.aht_seconds", lang) for lang in ("ja", "en")]
    for i, allocation in enumerate(credits.get("allocations") or []):
        kpi = clean(allocation.get("kpi")).strip()
        if any(kpi == name or re.fullmatch(rf"{re.escape(name)} ?[（(].+[)）]", kpi) for name in handle_time):
            report.add(("pricing", "sla_credits", "allocations", i, "kpi"),
                       f"an SLA credit on “{kpi}” pays the contractor to shorten contacts: a shorter handle time is not a better "
                       "service, and agents cut customers off or transfer them to meet it. Credit the outcome instead "
                       "(service level, first-contact resolution, quality) and keep handle time as a planning figure",
                       f"「{kpi}」にSLAクレジットを設けると、通話を短くするほど受託者が得をします。処理時間が短いことは良い応対を意味せず、"
                       "目標のために通話の打ち切りや転送が起きます。クレジットは成果（サービスレベル、一次解決率、応対品質）に設け、"
                       "平均処理時間は要員計画の数値にとどめてください", severity="warning")
            continue
        if not kpi or any(kpi == name or re.fullmatch(rf"{re.escape(name)} ?[（(].+[)）]", kpi) for name in names):
            continue
        listed = "、".join(f"「{n}」" for n in names)
        report.add(("pricing", "sla_credits", "allocations", i, "kpi"),
                   f"the SLA credit on “{kpi}” names no KPI the documents define: name it as the KPI table does ("
                   + ", ".join(f"“{n}”" for n in names) + "), a queue in brackets if it is one queue's, or add it to "
                   "operations.kpis.other with its target and definition, so the credit is measured as the KPI is",
                   f"SLAクレジットの「{kpi}」は、文書が定義するKPIのどれでもありません。KPI表の名称（{listed}）で書くか"
                   "（1つの窓口に限る場合は名称の後に括弧で窓口名）、operations.kpis.other に目標と定義を加えてください。"
                   "KPIとして定義されていないものは、契約の文言どおりに測れません", severity="warning")


def _check_all_hours(report: _Report, data: dict) -> None:
    ops_hours = (data.get("operations") or {}).get("opening_hours")
    if ops_hours:
        _check_hours(report, ops_hours, ("operations", "opening_hours"))
    for i, program in enumerate((data.get("work_definition") or {}).get("programs") or []):
        if program.get("opening_hours"):
            _check_hours(report, program["opening_hours"], ("work_definition", "programs", i, "opening_hours"))


def _check_evaluation_rules(report: _Report, data: dict) -> None:
    from .scoring.rules import check

    for path, en, ja in check(data["evaluation"]):
        report.add(path, en, ja)


def _check_questions(project: Project):
    """The Q&A register's checks (references, deadlines, anonymity, leaks in answers)."""
    from .clarifications import check_questions  # imported late: the documents' modules import this one

    return lambda report, _: check_questions(report, project)


def _check_addenda(project: Project):
    """The requirements the RFP's addenda say they state, against the register's disclosures."""
    from .clarifications import check_addenda  # imported late: the documents' modules import this one

    return lambda report, _: check_addenda(report, project)


def _check_standard_wording(project: Project):
    """Standard RFP wording that corresponds to a withheld requirement is left out of the RFP (or its neutral
    form printed instead, which needs no word): say which, and why, at the requirement."""
    from .documents.rfp_terms import TERM_TITLES, standard_overlaps  # imported late: the documents' modules import this one
    from .subjects import subject_name

    def check(report, _):
        where = {r.id: r.path for r in project.withheld()}
        overlaps = standard_overlaps(project)
        for overlap in overlaps:
            if overlap.replaced(overlaps, project):
                continue
            ja, en = TERM_TITLES[overlap.key]
            for rid, (how, shown) in overlap.why.items():
                if how == "subject":
                    why_en = f"speaks about {subject_name(shown, 'en')}, the subject of this requirement left out of the RFP,"
                    why_ja = f"は{subject_name(shown, 'ja')}に触れており、"
                elif how == "run":
                    why_en = f"repeats \"{shorten(shown, 60)}\" from this requirement left out of the RFP,"
                    why_ja = f"はこの要件と「{shorten(shown, 60)}」が同じで、"
                else:
                    why_en = f"uses the key terms of this requirement left out of the RFP ({', '.join(shown)}),"
                    why_ja = f"はこの要件の主要な語（{'、'.join(shown)}）を使っており、"
                report.add(where[rid],
                           f"the RFP's standard '{en}' {why_en} and would state it for every bidder: the RFP leaves that wording out. "
                           f"To keep a neutral term, write your own in rfp.terms.{overlap.key}, or disclose {rid}",
                           f"RFPの標準の「{ja}」{why_ja}このRFPに記載しない要件を全提案者に示すことになるため、"
                           f"RFPではその文言を省きます。中立的な条項を残す場合は rfp.terms.{overlap.key} に独自の文言を書くか、{rid} を記載してください",
                           severity="warning")
    return check


def _check_client_text(project: Project):
    """The client's text against the project's conventions (era, spelling, hints of withholding)."""
    from . import client_text  # imported late: the documents' modules import this one

    return lambda report, _: client_text.check(report, project)


def message_language(data) -> str:
    """The language problems are told in when the caller names none: the project's own (a Japanese
    consultant reads a Japanese project's warnings in Japanese), English when the file does not say."""
    language = data.get("project", {}).get("language") if isinstance(data, dict) and isinstance(data.get("project"), dict) else None
    return language if language in ("ja", "en") else "en"


PROJECT, SECTION = "project", "section"  # a check given the Project's shared views; one checking a section at a time


def _checks(project: Project) -> list:
    """Every check beyond the schema, in the order they report: (name, what it reads: the data, the
    PROJECT's shared views or one SECTION at a time, check(report, data))."""
    return [("unique_ids", None, _check_unique_ids), ("weights", None, _check_weights),
            ("shares", None, _check_shares), ("schedule", None, _check_schedule),
            ("offer_validity", None, _check_offer_validity), ("price_file", None, _check_price_file_named),
            ("disqualification_stated", None, _check_disqualification_stated),
            ("outcome", None, _check_outcome_definition), ("forecast_year", None, _check_forecast_year),
            ("sla", PROJECT, lambda r, d: _check_sla(r, d, project)), ("hours", None, _check_all_hours), ("panels", None, _check_panels),
            ("approvals", None, _check_approvals),
            ("computed_anchors", None, _check_computed_anchors),
            ("anchors_eligibility", None, _check_anchors_above_eligibility),
            ("division_rounding", None, _check_division_rounding), ("low_bid", None, _check_low_bid),
            ("shortlist", None, _check_shortlist), ("quality_floor", None, _check_quality_floor),
            ("reference_published", None, _check_reference_published),
            ("evaluation_rules", None, _check_evaluation_rules), ("staffing", None, staffing_checks.check),
            ("withholding", PROJECT, lambda r, _: _check_withholding(r, project)),
            ("vendor_text_leaks", PROJECT, lambda r, _: _check_vendor_text_leaks(r, project)),
            ("questions", PROJECT, _check_questions(project)), ("addenda", PROJECT, _check_addenda(project)),
            ("client_text", PROJECT, _check_client_text(project)),
            ("standard_wording", PROJECT, _check_standard_wording(project)),
            ("values", SECTION, check_values), ("sizes", None, check_sizes), ("buildable", None, buildable.check)]


def _run(check, report: _Report, data) -> None:
    try:
        check(report, data)
    except (KeyError, TypeError, AttributeError, ValueError, ArithmeticError):
        pass  # the data has the wrong shape here; the schema errors above already say so


def check_document(doc: Document, lang: str | None = "en", remember: bool = False) -> tuple[Project | None, list[Problem]]:
    """Validate a parsed document; returns the project (None if it has errors) and all problems, told in
    `lang` (None: the project's own language).

    `remember`: a wizard step page's validation of data in memory: each check's problems are
    remembered by the sections it read (_RememberedChecks), so a save rechecks only what depends on
    what it changed. The review and the build validate the whole project afresh."""
    report = _Report(doc, lang or message_language(doc.data))
    remember = remember and not doc.values and not doc.refused and isinstance(doc.data, dict)
    keys = section_keys(doc.data) if remember else None
    errors = sorted(schema_errors(doc.data, keys), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        _schema_problem(report, error)
    project = Project(doc.data, doc)
    if remember:
        _REMEMBERED.run(report, doc, keys)
    else:
        for _, _, check in _checks(project):
            _run(check, report, doc.data)
    refused = {p.path for p in report.problems if p.severity == "error"}
    # a warning about a value that is refused anyway (e.g. a plausibility warning on an impossible figure) adds nothing
    problems = sorted((p for p in report.problems if p.severity == "error" or p.path not in refused),
                      key=lambda p: (p.line or 0, p.column or 0))
    if any(p.severity == "error" for p in problems):
        return None, problems
    project.warnings = problems
    return project, problems


_EVERY_SECTION = object()  # read by a check that went through the whole top level


class _Reads(dict):
    """A project's top level that notes which sections are read; going through all of it reads them all."""

    def __init__(self, data: dict):
        super().__init__(data)
        self.read: set = set()

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def copy(self):
        self.read.add(_EVERY_SECTION)
        return dict(super().items())

    def __reduce_ex__(self, protocol):
        self.read.add(_EVERY_SECTION)
        return dict, (dict(super().items()),)


def _reading_everything(name: str):
    """dict's own method `name`, noting that the whole top level was read."""
    method = getattr(dict, name)

    def reading(self, *args):
        self.read.add(_EVERY_SECTION)
        return method(self, *args)
    return reading


for _name in ("__iter__", "__len__", "keys", "items", "values", "__eq__", "__ne__", "__repr__"):
    setattr(_Reads, _name, _reading_everything(_name))


# What the Project's shared views are worked out from (requirements(), topics_of, answer_touches): a
# check given the Project may use them without reading these itself. REQUIREMENTS stands for every
# part's requirement list (the rest of a part is not read by them, and a save often changes only that).
REQUIREMENTS = "(requirements)"
_SHARED_VIEW_SECTIONS = frozenset({REQUIREMENTS, "questions", "project"})


def _requirements_key(data: dict) -> bytes | None:
    """The content key of every part's requirement list (a part that is no mapping: the part itself)."""
    return _content_key(tuple(part.get("requirements") if isinstance(part, dict) else part
                              for part in (data.get(p.key) for p in PARTS)))


class _RememberedChecks:
    """Each check's problems, remembered by the content of the top-level sections it read.

    A check is a function of the sections it reads: the data's top level is handed to it as _Reads,
    which notes them, and its problems are kept under the content keys of those sections (and under
    those of every section, in order, when it went through them all). Looked up again under the
    sections each check read last time: if they are unchanged it would read the same and find the
    same. Only for data without positions (a wizard draft): a file's problems carry lines."""

    SIZE = 16384

    def __init__(self):
        self._found: OrderedDict = OrderedDict()
        self._reads: dict[str, list] = {}  # check -> the section sets it read recently, newest first
        self._lock = Lock()

    def _key(self, name: str, lang: str, file: str, read, keys: dict):
        if _EVERY_SECTION in read:
            parts = tuple(keys.items())
            extra = tuple(sorted(((k, None) for k in read if k is not _EVERY_SECTION and k not in keys), key=repr))
        else:
            parts, extra = (), tuple(sorted(((k, keys.get(k)) for k in read), key=repr))
        if any(key is None and section in keys for section, key in parts + extra):
            return None  # a section without a content key: never remembered
        return name, lang, file, _EVERY_SECTION in read, parts, extra

    def _recall(self, name: str, lang: str, file: str, keys: dict):
        with self._lock:
            for read in self._reads.get(name, ()):
                key = self._key(name, lang, file, read, keys)
                if key is not None and key in self._found:
                    self._found.move_to_end(key)
                    return self._found[key]
        return None

    def _keep(self, name: str, lang: str, file: str, read: frozenset, keys: dict, problems: tuple) -> None:
        key = self._key(name, lang, file, read, keys)
        if key is None:
            return
        with self._lock:
            known = self._reads.setdefault(name, [])
            if read in known:
                known.remove(read)
            known.insert(0, read)
            del known[4:]
            self._found[key] = problems
            while len(self._found) > self.SIZE:
                self._found.popitem(last=False)

    def run(self, report: _Report, doc: Document, keys: dict) -> None:
        keys = {**keys, REQUIREMENTS: _requirements_key(doc.data)}
        reads = _Reads(doc.data)
        seen_doc = Document(reads, doc.file)
        project = Project(reads, seen_doc)
        try:
            project.requirements()  # worked out before any check, so that none is taken to have read the parts
        except (KeyError, TypeError, AttributeError, ValueError):
            pass  # the parts have the wrong shape: each check that asks finds so itself
        for name, reading, check in _checks(project):
            if reading == SECTION:
                one_by_one = _Report(seen_doc, report.lang, keys)
                for section, value in doc.data.items():
                    report.extend(one_by_one.by_section(name, section, lambda section=section, value=value, check=check: _alone(
                        check, section, value, doc.file, report.lang), report.lang, doc.file))
                continue
            found = self._recall(name, report.lang, doc.file, keys)
            if found is None:
                reads.read = set()
                own = _Report(seen_doc, report.lang, keys)
                _run(check, own, reads)
                read = frozenset(reads.read | (_SHARED_VIEW_SECTIONS if reading == PROJECT else set()))
                found = tuple(own.problems)
                self._keep(name, report.lang, doc.file, read, keys, found)
            report.extend(found)



def _alone(check, section: str, value, file: str, lang: str) -> tuple:
    """The problems a SECTION check finds in one section on its own."""
    alone = {section: value}
    own = _Report(Document(alone, file), lang)
    _run(check, own, alone)
    return tuple(own.problems)


_REMEMBERED = _RememberedChecks()


def validate_file(path: str | Path, lang: str | None = "en") -> tuple[Project | None, list[Problem]]:
    return validate(Path(path), lang)


def validate_bytes(raw: bytes, name: str, lang: str = "en") -> tuple[Project | None, list[Problem]]:
    return validate(raw, lang, name)


def load_project(path: str | Path, lang: str | None = "en") -> Project:
    """The validated project, or ProjectInvalid listing every problem."""
    project, problems = validate_file(path, lang)
    if project is None:
        raise ProjectInvalid(problems)
    return project


def validate(source, lang: str | None = "en", name: str | None = None,
             remember: bool = False) -> tuple[Project | None, list[Problem]]:
    """The one validation: a file path, the bytes of an upload, or data held in memory (a wizard
    draft). Problems carry file, line and column when the source is text; data in memory has no
    lines, so its problems name the field only (the wizard shows the step and the field's label).
    `remember`: see check_document (a wizard step page's)."""
    if isinstance(source, (str, Path)):
        doc, problems = read(source)
    elif isinstance(source, (bytes, bytearray)):
        doc, problems = parse_bytes(bytes(source), name or "<upload>")
    else:
        doc, problems = Document(copied(source), name or "<project>"), []
    if doc is None:
        return None, problems
    project, more = check_document(doc, lang, remember)
    if any(p.severity == "error" for p in problems):
        project = None  # e.g. a duplicate key: the file read, but not as the user wrote it
    if project is not None and isinstance(source, (str, Path)):
        project.path = Path(source)
    return project, problems + more


def project_from_data(data: dict, name: str = "<project>", lang: str = "en") -> Project:
    """A wizard draft as a validated project, or ProjectInvalid listing every problem."""
    project, problems = validate(data, lang, name)
    if project is None:
        raise ProjectInvalid(problems)
    return project


__all__ = ["check_document", "validate", "validate_file", "validate_bytes", "load_project", "project_from_data"]
