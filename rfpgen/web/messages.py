"""Problem messages in the words of the wizard: field labels instead of YAML keys, and the YAML reader's
messages (upload refusals) in Japanese.

The CLI speaks to people editing a YAML file, so its messages name keys (`look_for`, 「title」). A PM in
the wizard never sees a key: each key a message names is replaced by the label of that field, found
from the problem's own path, exactly as the form shows it.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..errors import Problem
from ..words import lookup as _lookup, say
from ..yamlio import parse_path

_QUOTED = re.compile(r"「([a-z][a-z0-9_]*)」|'([a-z][a-z0-9_]*)'")
_DOTTED = re.compile(r"(?<![\w.@/-])[a-z][a-z_]*(?:\.[a-z][a-z_]*)+(?:\[\d+\](?:\.[a-z][a-z_]*)*)*(?![\w@/-]|\.\w)")
_BARE = re.compile(r" ?(?<![\w.@/-])(unstated_needs(?:: true)?|weight|pct|[a-z]+(?:_[a-z]+)+)\b(?![.@/-]\w) ?")  # any key


def _field_word(path: str, key: str, lang: str) -> str | None:
    """The label of field `key` at or under the problem's path (`evaluation.criteria[2]` + `weight`)."""
    from .steps import label_keys_along

    along = parse_path(path)
    along = along if along and along[-1] == key else along + (key,)
    found = label_keys_along(along)
    if found and found[-1][0].rsplit(".", 1)[-1] == key:
        words = _lookup(found[-1][0])
        if words:
            return words[0] if lang == "ja" else words[1]
    names = [p for p in re.findall(r"[^.\[\]]+", path) if not p.isdigit()]
    if names and names[-1] == key:
        names = names[:-1]
    while True:
        found = _lookup(".".join(names + [key]) if names else key)
        if found:
            return found[0] if lang == "ja" else found[1]
        if not names:
            return None
        names = names[:-1]


def in_wizard_words(problem: Problem, lang: str) -> Problem:
    def quoted(match):
        key = match.group(1) or match.group(2)
        word = _field_word(problem.path, key, lang)
        if word is None:
            return match.group(0)
        return f"「{word}」" if match.group(1) else f"“{word}”"

    def bare(match):
        key = match.group(1).split(":")[0]
        word = _field_word(problem.path, key, lang)
        if not word:
            return match.group(0)
        if lang == "ja":  # Japanese needs no spaces around the brackets
            return f"「{word}」"
        text = match.group(0)
        return text[:len(text) - len(text.lstrip())] + f"“{word}”" + text[len(text.rstrip()):]

    def dotted(match):
        """A path the message names (evaluation.rules.low_bid.share): the step and field, where a form has it."""
        found = place_of(match.group(0), lang)
        return match.group(0) if found.endswith(match.group(0)) else found

    message = _BARE.sub(bare, _QUOTED.sub(quoted, problem.message))
    message = _DOTTED.sub(dotted, message)
    message = _SAID_TWICE.sub(lambda m: m.group(1) or m.group(3), message)  # 「着眼点（…内容）」（…内容）: the label already explains the key
    message = _NAMED_PLACE.sub(lambda m: m.group(1) + place_of(m.group(2), lang) + m.group(3), message)
    return problem if message == problem.message else replace(problem, message=message)


# a field's label that ends with the explanation the message gives after it: the explanation once
_SAID_TWICE = re.compile(r"(「[^」]*（([^）]+)）」)（\2）|(“[^”]*\(([^)]+)\)”) \(\4\)")


# A place a draft's message names by its path (a draft has no lines: "already used at scope.requirements[0];")
_NAMED_PLACE = re.compile(r"(already used at |は )([a-z_]+(?:\.[a-z_]+|\[\d+\])+)(;| で既に)")


def place_of(path_text: str, lang: str) -> str:
    """The step and the field of a place named in a message (a duplicate id's first use: by its row's
    number, since its id is the one in question): `Scope › Requirements 1`."""
    from .steps import step_of

    return say(f"step.{step_of(path_text)}", lang) + " › " + describe_path(path_text, lang)


# The YAML reader's messages (rfpgen.yamlio), for uploads in Japanese: (pattern, Japanese template).
_READER_JA = [
    (r"^the file is empty$", "ファイルが空です"),
    (r"^no such file$", "ファイルがありません"),
    (r"^the file is ([\d.]+) MB; project files are limited to (\d+) MB$",
     r"ファイルが \1 MB あります。案件ファイルは \2 MB までです"),
    (r"^the file is UTF-16 text without a byte-order mark; save it as UTF-8$",
     "ファイルが UTF-16 で保存されています。UTF-8 で保存し直してください"),
    (r"^the file is not UTF-8 text \(byte (0x..) on line (\d+)\)\. It looks like Shift_JIS \(cp932\); save it as UTF-8\.$",
     r"ファイルが UTF-8 ではありません（\2行目のバイト \1）。Shift_JIS（cp932）のようです。UTF-8 で保存し直してください"),
    (r"^the file is not UTF-8 text \(byte (0x..) on line (\d+)\)\. It looks like a binary file, not a YAML text file\.$",
     r"YAML のテキストファイルではなく、バイナリファイルのようです（\2行目のバイト \1）"),
    (r"^the file is not UTF-8 text \(byte (0x..) on line (\d+)\)\..*$",
     r"ファイルが UTF-8 ではありません（\2行目のバイト \1）。UTF-8 で保存し直してください"),
    (r"^aliases \(\*name\) are not allowed.*$", "別名（*name）は使えません。値をそのまま書いてください"),
    (r"^anchors \(&name\) are not allowed.*$", "アンカー（&name）は使えません。値をそのまま書いてください"),
    (r"^lists and groups are nested more than (\d+) levels deep here.*$", r"リストや項目の入れ子が \1 段を超えています"),
    (r"^the file is nested too deeply to be read.*$", "入れ子が深すぎて読み込めません"),
    (r"^the tag '([^']*)' is not allowed; write a plain value$", r"タグ「\1」は使えません。値だけを書いてください"),
    (r"^'(.*)' does not fit the tag '([^']*)'; write a plain value$", r"「\1」はタグ「\2」に合いません。値だけを書いてください"),
    (r"^a key must be a plain word, not a list or mapping$", "項目名には単語を書いてください（リストや項目のまとまりは使えません）"),
    (r"^'(.*)' appears twice in the same place \(first on line (\d+)\); keep one$",
     r"「\1」が同じ場所に2回あります（最初は\2行目）。1つにしてください"),
    (r"^the number has (\d+) digits.*$", r"数値が \1 桁あり、どの項目にも大きすぎます。現実的な数値を書いてください"),
    (r"^the file contains the control character (\S+),.*$",
     r"YAML に書けない制御文字 \1 が含まれています。削除してください"),
    (r"^YAML syntax error: (.*)$", r"YAML の書き方に誤りがあります：\1"),
]

_SYNTAX_JA = {  # the reader's plain explanations of YAML syntax errors
    "a ':' appears where a value was expected": "値の位置に「:」があります（行の字下げが深すぎるか、「: 」を含む値を引用符で囲む必要があります）",
    "this line is missing the ':' between a field and its value": "この行には項目名と値の間の「:」がありません",
    "the indentation does not line up": "字下げがそろっていません",
    "a list item is missing its '-'": "リストの項目に「-」がないか、字下げが他の項目と違います",
    "a tab or another character that cannot begin a value": "タブなど値の先頭に置けない文字があります。字下げには空白を使ってください",
    "a quotation mark or bracket is opened but never closed": "引用符かかっこが閉じられていません",
    "a [ ... ] list is not closed": "[ ... ] のリストが閉じられていないか、項目がカンマで区切られていません",
    "a { ... } mapping is not closed": "{ ... } が閉じられていないか、項目がカンマで区切られていません",
    "the file contains a control character": "YAML に書けない制御文字が含まれています",
    "a backslash inside double quotes starts an unknown escape": "二重引用符の中のバックスラッシュが不明なエスケープになっています。単一引用符を使ってください",
}


# an office file uploaded as a project: said for the wizard (the reader's own message sends a command-line user
# to `rfpgen init`), the kind of file named in the UI's language
_OFFICE = re.compile(r"^this is (an? .+?|a PDF file), not a project file; .*$", re.S)
_OFFICE_JA = {"an Excel workbook (.xlsx)": "Excel ブック（.xlsx）", "an old Excel workbook (.xls)": "旧形式の Excel ブック（.xls）",
              "a spreadsheet (.ods)": "表計算ファイル（.ods）", "a Word document (.docx)": "Word 文書（.docx）",
              "a Word document (.doc)": "Word 文書（.doc）", "a text document (.odt)": "文書ファイル（.odt）",
              "a PDF file": "PDF ファイル", "an old Office file (.xls or .doc)": "旧形式の Office ファイル（.xls または .doc）",
              "a zip archive (such as an Office document)": "zip 形式のファイル（Office 文書など）"}


def reader_problem(problem: Problem, lang: str) -> Problem:
    """A YAML reader problem in the UI language (the reader itself speaks English)."""
    office = _OFFICE.match(problem.message)
    if office:
        kind = office.group(1)
        return replace(problem, message=(
            f"{_OFFICE_JA.get(kind, kind)}で、案件ファイルではありません。案件ファイル（.yaml。ウィザードの「{say('ui.export_yaml', 'ja')}」で"
            "保存したもの）をアップロードしてください" if lang == "ja" else
            f"this is {kind}, not a project file: upload a project file (.yaml), such as one saved with "
            f"“{say('ui.export_yaml', 'en')}” in the wizard"))
    if lang != "ja":
        return problem
    message = problem.message
    for english, japanese in _SYNTAX_JA.items():
        if english in message:
            message = message.split(english, 1)[0] + japanese + " " + message[message.index("(YAML says"):] \
                if "(YAML says" in message else message.replace(english, japanese)
            break
    # the parser's own words stay as it wrote them (they name the character it stopped at), introduced in Japanese
    message = re.sub(r" ?\(YAML says: (.*)\)$", r"（YAMLパーサーの原文：\1）", message, flags=re.S)
    for pattern, template in _READER_JA:
        if re.match(pattern, message, re.S):
            message = re.sub(pattern, template, message, flags=re.S)
            break
    return replace(problem, message=message)


# how to type a field, which its label says beside the box but a reader of the value needs no more
_HOW_TO_TYPE = re.compile(r"\s*[（(](?:1行に1つ|one per line|カンマ区切り|comma[- ]separated|YYYY-MM)[)）]$")


def field_name(key: str, lang: str) -> str:
    """A field's label as a name (the review, a problem's place): without the typing note (one per line)."""
    return _HOW_TO_TYPE.sub("", say(key, lang))


def describe_path(path_text: str, lang: str, data: dict | None = None) -> str:
    """A problem's place in the words of the form: `operations.sites[0].name` -> `Sites 1 › Name`; a row
    with an id is named by it, as its card's title shows it (`Criteria EV-02 › Weight`), given the data."""
    from .steps import label_keys_along

    path = parse_path(path_text)
    found = label_keys_along(path)
    if not found:
        return path_text
    ids = iter(_row_ids(path, data))
    words = []
    for key, index in found:
        row = next(ids, None) if index is not None else None
        if key.count(".") == 0 and not words and index is None and len(found) > 1:
            continue  # the part itself is the step's heading already
        words.append(field_name(key, lang) + (f" {row or index + 1}" if index is not None else ""))
    return " › ".join(words) or path_text


def _row_ids(path: tuple, data) -> list:
    """The id of each row the path passes through (None for a row without one), in order."""
    ids, value = [], data
    for part in path:
        value = value[part] if isinstance(part, int) and isinstance(value, list) and part < len(value) \
            else value.get(part) if isinstance(value, dict) and isinstance(part, str) else None
        if isinstance(part, int):
            row_id = value.get("id") if isinstance(value, dict) else None
            ids.append(row_id if isinstance(row_id, str) and row_id else None)
    return ids
