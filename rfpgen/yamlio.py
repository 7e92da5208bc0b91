"""Safe YAML reading that remembers where every value came from, and plain YAML writing.

Why not `yaml.safe_load`: it follows YAML 1.1, where `no` is false, `012` is octal, `12:30` is
750 and `2027-04-01` becomes a date object; it expands aliases (an alias bomb of a few hundred
bytes can eat gigabytes); and it forgets line numbers. Here scalars follow the YAML 1.2 core
schema (only true/false are booleans, only decimal numbers are numbers, dates stay text),
anchors and aliases are refused before anything is expanded, duplicate keys are errors, and each
value's line and column are kept so problems can point at the place.
"""
from __future__ import annotations

import bisect
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problem

MAX_FILE_BYTES = 10 * 1024 * 1024  # a large real project is well under 1 MB
MAX_DIGITS = 4000  # longer numbers cannot be read at all (Python converts at most 4,300 digits); the
                  # validation refuses implausible figures far below this, naming the field
MAX_DEPTH = 50  # the schema nests about 8 levels; deeper input is garbage or an attack

Path_ = tuple  # a location path: keys and list indexes from the document root


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalars and no anchors or aliases."""

    yaml_implicit_resolvers: dict = {}

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "aliases (*name) are not allowed in a project file; write the value out")
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "anchors (&name) are not allowed in a project file; write the value out")
        if self.depth >= MAX_DEPTH:  # composing recurses: refuse before Python's stack runs out
            raise _Refused(event.start_mark, f"lists and groups are nested more than {MAX_DEPTH} levels deep here; "
                                             "a project file never needs that many")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# YAML 1.2 core schema: the only implicit types besides text.
_IMPLICIT = [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("tag:yaml.org,2002:float",
     r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?|(?:0|[1-9][0-9]*)[eE][-+]?[0-9]+)$",
     "-+0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]
for _tag, _pattern, _first in _IMPLICIT:
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


try:
    from yaml._yaml import CParser as _CParser  # libyaml, when PyYAML was built with it
except ImportError:
    _CParser = None


if _CParser is not None:
    class _CLoader(_CParser, yaml.resolver.BaseResolver):
        """libyaml's parser and composer (about ten times faster) with the same YAML 1.2 scalars.

        Used for files that need none of the pure-Python loader's refusals: anything unusual
        (an anchor, an alias, an error, deep nesting) is read again by `_Loader`, so every
        message and place is the same whichever parser read the file first."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)


def _fast_root(text: str):
    """The node tree by libyaml, or None when the strict loader must read the file."""
    if _CParser is None:
        return None
    loader = _CLoader(text)
    try:
        if "&" in text or "*" in text:  # anchors and aliases are refused with their place by _Loader
            while loader.check_event():
                event = loader.get_event()
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    return None
            loader.dispose()
            loader = _CLoader(text)
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def _looks_typed(value: str) -> bool:
    """True if `value` written bare would be read back as something other than text."""
    return any(re.match(pattern, value) for _, pattern, _ in _IMPLICIT)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _surrogate_message(text: str) -> str:
    at = _SURROGATE.search(text)
    return (f"the text contains U+{ord(at.group()):04X}, half of a character pair (a lone surrogate) that no file can hold; "
            f"delete the escape \\u{ord(at.group()):04x} or write the whole character"
            + (f" (after '{text[:at.start()][-20:]}')" if at.start() else ""))


def describe_char(ch: str) -> str:
    """`U+00A0 (NO-BREAK SPACE)`: how an invisible or unusual character is named in a message."""
    return f"U+{ord(ch):04X} ({unicodedata.name(ch, 'unnamed character')})"


def unusual_characters(text: str) -> list[str]:
    """Characters that look like spaces or nothing at all but are not an ordinary space."""
    return [ch for ch in dict.fromkeys(text) if ch != " " and (unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cf")
                                                               or ch in "\t\u00ad")]


class _Refused(Exception):
    def __init__(self, mark, message):
        self.mark, self.message = mark, message


@dataclass
class Document:
    """Parsed YAML plus where each value and each mapping key sits (1-based line, column)."""

    data: object
    file: str
    values: dict = field(default_factory=dict)  # path -> (line, column) of the value
    keys: dict = field(default_factory=dict)    # path -> (line, column) of its key
    refused: set = field(default_factory=set)   # paths of values refused while reading (already reported)
    source: str = ""                            # the text read, for places inside a value
    _marks: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def where_in(self, path: tuple, text: str) -> tuple[int | None, int | None]:
        """The place of `text` inside the value at `path` (a long answer's fifth line, not the line its
        key is on); the value's own place when the file writes it otherwise (an escape, a folded line)."""
        line, col = self.where(path)
        if not self.source or tuple(path) not in self.values:
            return line, col
        if self._marks is None:  # worked out once: a file may have thousands of such places
            self._marks = ([0] + [m.end() for m in re.finditer("\n", self.source)],
                           sorted({*self.values.values(), *self.keys.values()}))
        starts, marks = self._marks
        following = bisect.bisect_right(marks, (line, col))  # the next value or key ends this value
        end = starts[marks[following][0] - 1] + marks[following][1] - 1 if following < len(marks) else len(self.source)
        found = self.source.find(text, starts[line - 1] + col - 1, end)
        if found < 0:
            return line, col
        at_line = bisect.bisect_right(starts, found)
        return at_line, found - starts[at_line - 1] + 1

    def where(self, path: tuple, key: bool = False) -> tuple[int | None, int | None]:
        """The place of `path`, or of its nearest ancestor that has one."""
        table = self.keys if key else self.values
        path = tuple(path)
        while path:
            if path in table:
                return table[path]
            if not key and path in self.keys:
                return self.keys[path]
            path = path[:-1]
        if not self.values:  # data that never was text (a wizard draft): no positions to give
            return None, None
        return self.values.get((), (1, 1))


def parse_path(text: str) -> tuple:
    """`programs[0].name` -> ('programs', 0, 'name'); the inverse of format_path."""
    out: list = []
    for match in re.finditer(r"([^.\[\]]+)|\[(\d+)\]", text):
        out.append(match.group(1) if match.group(1) is not None else int(match.group(2)))
    return tuple(out)


def format_path(path) -> str:
    """`('work_definition', 'programs', 0, 'name')` -> `work_definition.programs[0].name`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].decode("utf-16", "replace").count("\n") + 1
            why = "it ends in the middle of a character" if "truncated" in exc.reason else \
                f"it holds a broken character pair ({exc.reason})"
            raise _Undecodable(line, f"the file is UTF-16 text but {why}, on line {line}; it may be cut short or damaged: "
                                     "save it again as UTF-8") from None
    head = raw[:4096]
    if len(head) >= 4 and head.count(0) * 4 >= len(head) and \
            (head[0::2].count(0) * 20 < len(head[0::2]) or head[1::2].count(0) * 20 < len(head[1::2])):
        # NUL in every other byte and nowhere else: UTF-16 text saved without its byte-order mark
        raise _Undecodable(1, "the file is UTF-16 text without a byte-order mark; save it as UTF-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        office = _office_kind(raw, name)
        if office:
            raise _Undecodable(line, f"this is {office}, not a project file; rfpgen reads a project from a YAML text "
                                     "file (.yaml): start one with `rfpgen init` or the wizard (`rfpgen serve`), "
                                     "and save it as .yaml") from None
        if b"\x00" in raw[:1024]:
            hint = " It looks like a binary file, not a YAML text file."
        else:
            try:
                raw.decode("cp932")
                hint = " It looks like Shift_JIS (cp932); save it as UTF-8."
            except UnicodeDecodeError:
                hint = " Save it as UTF-8."
        raise _Undecodable(line, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}).{hint}") from None


_OFFICE_SUFFIXES = {".xlsx": "an Excel workbook (.xlsx)", ".xls": "an old Excel workbook (.xls)",
                    ".ods": "a spreadsheet (.ods)", ".docx": "a Word document (.docx)", ".doc": "a Word document (.doc)",
                    ".odt": "a text document (.odt)", ".pdf": "a PDF file"}


def _office_kind(raw: bytes, name: str) -> str | None:
    """What kind of office file `raw` is, if it is one (by its first bytes, named after its suffix)."""
    suffix = Path(name).suffix.lower()
    if raw.startswith(b"PK\x03\x04") and suffix in (".xlsx", ".ods", ".docx", ".odt"):
        return _OFFICE_SUFFIXES[suffix]
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return _OFFICE_SUFFIXES.get(suffix, "an old Office file (.xls or .doc)")
    if raw.startswith(b"%PDF"):
        return _OFFICE_SUFFIXES[".pdf"]
    if raw.startswith(b"PK\x03\x04"):
        return "a zip archive (such as an Office document)"
    return None


class _Undecodable(Exception):
    def __init__(self, line, message):
        self.line, self.message = line, message


_SCALARS = {
    "tag:yaml.org,2002:null": lambda v: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() == "true",
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:float": float,
    "tag:yaml.org,2002:str": str,
}


_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_TAG_PATTERNS = {tag: pattern for tag, pattern, _ in _IMPLICIT}
_TAG_PATTERNS["tag:yaml.org,2002:float"] += "|" + _TAG_PATTERNS["tag:yaml.org,2002:int"]  # `!!float 12` is 12.0


_SYNTAX_HINTS = [
    ("mapping values are not allowed", "a ':' appears where a value was expected: the line is indented too far, or a value containing ': ' needs quotes"),
    ("could not find expected ':'", "this line is missing the ':' between a field and its value"),
    ("expected <block end>", "the indentation does not line up; indent this line like the other fields at its level"),
    ("did not find expected key", "the indentation does not line up, or a list item lacks its '-'"),
    ("did not find expected '-' indicator", "a list item is missing its '-' or is indented differently from the others"),
    ("that cannot start any token", "a tab or another character that cannot begin a value; indent with spaces and quote odd text"),
    ("found unexpected end of stream", "a quotation mark or bracket is opened but never closed"),
    ("expected ',' or ']'", "a [ ... ] list is not closed, or its items are not separated by commas"),
    ("expected ',' or '}'", "a { ... } mapping is not closed, or its entries are not separated by commas"),
    ("special characters are not allowed", "the file contains a control character that YAML does not allow"),
    ("found unknown escape character", "a backslash inside double quotes starts an unknown escape; use single quotes"),
    ("found duplicate anchor", "anchors (&name) are not allowed in a project file"),
]


def _plain_syntax(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's message in words a project manager understands, the original kept for experts."""
    original = " ".join(x for x in (exc.context, exc.problem) if x) or "the file cannot be read"
    for needle, words in _SYNTAX_HINTS:
        if needle in original:
            return f"{words} (YAML says: {original})"
    return original


def _open_quote_hint(text: str, mark) -> str:
    """A quoted text running over several lines before the error is usually a quote left open."""
    if mark is None:
        return ""
    last = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.line > mark.line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") \
                    and token.start_mark.line < token.end_mark.line == mark.line:
                last = token
    except yaml.YAMLError:
        pass
    if last is None:
        return ""
    return (f"; the quoted text that begins on line {last.start_mark.line + 1} runs on to line {last.end_mark.line + 1}: "
            "is a closing quote missing?")


def _depth_over(root, limit: int) -> bool:
    """True if collections nest deeper than `limit` (checked without recursion)."""
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth >= limit - 1:  # _Loader refuses any value at depth `limit`
            return True
        if isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value if not isinstance(item, yaml.ScalarNode))
        elif isinstance(node, yaml.MappingNode):
            stack.extend((value, depth + 1) for _, value in node.value if not isinstance(value, yaml.ScalarNode))
    return False


def _odd_indentation(text: str, mark) -> tuple[tuple[int, int], str] | None:
    """((line, column), character) of a space-like character other than a space or tab in the
    indentation of the error's line or the few lines before it, nearest first."""
    if mark is None:
        return None
    lines = text.split("\n", mark.line + 1)[: mark.line + 1]
    for number in range(len(lines) - 1, max(-1, len(lines) - 5), -1):
        line = lines[number]
        indent = line[: len(line) - len(line.lstrip(" \t\u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                                     "\u2007\u2008\u2009\u200a\u200b\u202f\u205f\ufeff"))]
        for col, ch in enumerate(indent):
            if ch not in " \t":
                return (number + 1, col + 1), ch
    return None


def parse(text: str, file: str = "<text>") -> tuple[Document | None, list[Problem]]:
    """Parse YAML text; returns the document (None if unusable) and the problems found."""
    problems: list[Problem] = []

    def problem(mark_or_pos, path, message):
        line, col = mark_or_pos
        problems.append(Problem(file, line, col, format_path(path), "error", message))

    try:
        root = _fast_root(text)
        if root is None or _depth_over(root, MAX_DEPTH):
            loader = _Loader(text)
            try:
                root = loader.get_single_node()
            finally:
                loader.dispose()
    except _Refused as exc:
        problem((exc.mark.line + 1, exc.mark.column + 1), (), exc.message)
        return None, problems
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        odd = _odd_indentation(text, mark)
        if odd:
            (line, col), ch = odd
            problem((line, col), (), f"YAML syntax error: line {line} is indented with {describe_char(ch)}, which YAML does "
                                     "not count as indentation (it comes with text copied from a web page or a word "
                                     "processor); indent with ordinary spaces (YAML says: "
                                     + " ".join(x for x in (exc.context, exc.problem) if x) + ")")
            return None, problems
        problem((mark.line + 1, mark.column + 1) if mark else (1, 1), (), f"YAML syntax error: {_plain_syntax(exc)}"
                + _open_quote_hint(text, mark))
        return None, problems
    except yaml.reader.ReaderError as exc:  # a character YAML cannot hold; it has a position, not a mark
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        problem((line, col), (), f"the file contains the control character {what}, which a YAML file cannot hold; "
                                 "delete it (inside double quotes it can be written as an escape such as \\x1b)")
        return None, problems
    except yaml.YAMLError as exc:
        problem((1, 1), (), f"YAML syntax error: {exc}")
        return None, problems
    except RecursionError:  # a safety net: MAX_DEPTH should refuse such input first
        problem((1, 1), (), f"the file is nested too deeply to be read (more than {MAX_DEPTH} levels)")
        return None, problems
    if root is None:
        problem((1, 1), (), "the file is empty")
        return None, problems

    doc = Document(None, file, source=text)

    def refuse(path, message):
        problem(doc.values[path], path, message)
        doc.refused.add(path)

    def build(node, path):
        doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _SCALARS and node.tag not in _COLLECTIONS:
            refuse(path, f"the tag '{node.tag}' is not allowed; write a plain value")
            return None
        if isinstance(node, yaml.MappingNode):
            out = {}
            for key_node, value_node in node.value:
                at = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                if not isinstance(key_node, yaml.ScalarNode):
                    problem(at, path, "a key must be a plain word, not a list or mapping")
                    continue
                key = key_node.value
                if _SURROGATE.search(key):
                    problem(at, path, _surrogate_message(key))
                    continue
                if key in out:
                    first = doc.keys[path + (key,)][0]
                    problem(at, path + (key,), f"'{key}' appears twice in the same place (first on line {first}); keep one")
                    continue
                doc.keys[path + (key,)] = at
                out[key] = build(value_node, path + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]
        convert = _SCALARS.get(node.tag)
        if convert is None:
            refuse(path, f"the tag '{node.tag}' is not allowed; write a plain value")
            return None
        pattern = _TAG_PATTERNS.get(node.tag)
        if pattern is not None and not re.match(pattern, node.value):  # e.g. `!!int 0x1F`, `!!bool yes`
            refuse(path, f"'{node.value}' does not fit the tag '{node.tag}'; write a plain value")
            return None
        if node.tag == "tag:yaml.org,2002:str" and _SURROGATE.search(node.value):
            refuse(path, _surrogate_message(node.value))
            return None
        if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            digits = sum(ch.isdigit() for ch in node.value.partition("e")[0].partition("E")[0])
            if digits > MAX_DIGITS:
                refuse(path, f"this number has {digits:,} digits, too many to be read as a number; write the figure itself")
                return None
            value = convert(node.value)
            if isinstance(value, float) and not math.isfinite(value):
                refuse(path, f"{node.value} is too large to be a number (it would be read as infinity); "
                             "write the figure itself")
                return None
            return value
        return convert(node.value)

    doc.data = build(root, ())
    return doc, problems


def read(path: str | Path) -> tuple[Document | None, list[Problem]]:
    """Read a project file from disk, refusing oversized or non-text files before parsing."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, None, None, "", "error",
                                  f"the file is {size / 1048576:.1f} MB; project files are limited to "
                                  f"{MAX_FILE_BYTES // 1048576} MB")]
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        return None, [Problem(name, None, None, "", "error", "no such file")]
    except IsADirectoryError:
        return None, [Problem(name, None, None, "", "error", "this is a folder, not a project file")]
    except OSError as exc:
        return None, [Problem(name, None, None, "", "error", f"cannot be read: {exc.strerror}")]
    return parse_bytes(raw, name)


def parse_bytes(raw: bytes, name: str) -> tuple[Document | None, list[Problem]]:
    """Parse uploaded or read bytes: size limit, encoding check, then `parse`."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [Problem(name, None, None, "", "error",
                              f"the file is {len(raw) / 1048576:.1f} MB; project files are limited to "
                              f"{MAX_FILE_BYTES // 1048576} MB")]
    try:
        text = _decode(raw, name)
    except _Undecodable as exc:
        return None, [Problem(name, exc.line, 1, "", "error", exc.message)]
    return parse(text, name)


class _Dumper(yaml.SafeDumper):
    """Writes block-style YAML that our loader reads back to the same values."""

    def ignore_aliases(self, data):
        return True


def _str_representer(dumper, value):
    style = None
    if any(ch in value for ch in "\x85\u2028\u2029"):
        style = '"'  # YAML reads these as line breaks in any other style (and folds NEL): escape them
    elif "\n" in value:
        style = "|"
    elif _looks_typed(value):
        style = "'"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump(data, width: int = 100) -> str:
    """YAML text for `data`, keys in their given order, Unicode kept readable (`width`: where
    long plain lines may fold; a huge width keeps each value on its line)."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=width)
