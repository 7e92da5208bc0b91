"""The requirement library: curated contact-center outsourcing requirements in Japanese and English.

The data lives in ``rfpgen/library/data/<part>.yaml`` (one file per part of the requirements
definition, validated against ``schemas/library.schema.json``). Each entry has a stable library id
(``OPS-CPL-01``), the part it belongs to, its text in both languages, a default priority, tags
(channel, industry, compliance, topic), whether it is a good candidate to withhold from the RFP,
``look_for`` in both languages, and the named sets it belongs to (``essentials``, ``ec``, ``security``).

Python API (the CLI ``rfpgen library ...``, ``rfpgen init --with-library`` and the web wizard use it):

Reading the library
    ``entries()``                      every entry, parts in document order, then file order (cached)
    ``get(library_id)``                one entry; ``UnknownLibraryEntry`` (with a suggestion) if absent
    ``find(part=None, tags=(), search=None, set_name=None, withhold_candidate=None)``
                                       filter; tags must all be present; ``search`` is words that must
                                       all occur (case- and width-insensitive) in the id, the tags, or
                                       the text / look_for in either language
    ``set_names()``, ``set_entries(name)``, ``tag_groups()`` (tags by kind, for filter menus)
    ``LibraryEntry.text_in(lang)``, ``.look_for_in(lang)``, ``.as_dict(lang)`` (the JSON shape of
                                       ``rfpgen library list --format json``)

Putting entries into a project (all raise ``LibraryError`` subclasses, never half-done work)
    ``to_requirement(entry, lang, requirement_id)``  a project requirement dict: id, text, priority,
                                       withhold False, look_for (in ``lang``, if the entry has one),
                                       library_id
    ``next_requirement_id(data, part_key, taken=())`` the next free id for the part's prefix (OPS-013
                                       after OPS-012), never reusing an id anywhere in the file
    ``plan_additions(data, library_ids, lang=None, skip_existing=False)`` -> [Addition]: checks
                                       unknown ids, ids repeated in the request and ids already in the
                                       project (``DuplicateLibraryEntry`` names the requirement that has
                                       it, unless ``skip_existing``), and allocates fresh ids
    ``add_to_data(data, library_ids, lang=None, skip_existing=False)`` -> (new_data, [Addition]):
                                       for the wizard; ``data`` is not modified
    ``add_to_text(text, library_ids, name, skip_existing=False)`` -> (new_text, [Addition]): inserts
                                       the items into the YAML text after the part's last requirement,
                                       or adds ``requirements:`` to the part, or adds the part section
                                       (in document order); comments and layout are kept; the result
                                       is re-parsed, compared with ``add_to_data`` and validated
    ``add_to_file(path, library_ids, skip_existing=False, dry_run=False)`` -> [Addition]: the same on a
                                       file, written atomically; the file is untouched on any error
    ``starter_with_library(lang, set_name)`` / ``write_starter_with_library(path, lang, set_name)``:
                                       the starter project plus a library set (``rfpgen init --with-library``)

Keeping up with library updates
    ``library_changes(data, lang=None)`` -> [LibraryChange]: requirements whose ``library_id`` entry's
                                       current text differs from the project's text (``status``
                                       "changed"), or whose entry no longer exists ("removed");
                                       ``LibraryChange.segments()`` gives a character/word diff for display

For the wizard's withhold step
    ``withhold_suggestions(data, lang=None)`` -> [WithholdSuggestion(part, requirement_id, entry, look_for)]:
                                       requirements from the library that are withhold candidates and not
                                       yet withheld, with the library's look_for in the project language;
                                       ``find(withhold_candidate=True)`` lists the candidates not yet added

Errors carry both languages: ``str(error)`` is English, ``error.message("ja")`` Japanese.
"""
from __future__ import annotations

import copy
import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator

from ..errors import DuplicateLibraryEntry, LibraryError, ProjectInvalid, UnknownLibraryEntry
from ..fileio import atomic_write_text, refuse_overwrite
from ..project import PART_BY_KEY, PARTS
from ..resources import load_schema
from ..yamlio import dump, format_path, parse, read

DATA_DIR = Path(__file__).parent / "data"
LANGS = ("ja", "en")


# ---------------------------------------------------------------- errors


# ---------------------------------------------------------------- entries

@dataclass(frozen=True)
class LibraryEntry:
    """One curated requirement statement."""

    id: str
    part: str  # a key of rfpgen.project.PARTS
    priority: str
    tags: tuple[str, ...]
    withhold_candidate: bool
    sets: tuple[str, ...]
    text: dict  # {"ja": ..., "en": ...}
    look_for: dict | None  # {"ja": ..., "en": ...} or None

    def text_in(self, lang: str) -> str:
        return self.text[_lang(lang)]

    def look_for_in(self, lang: str) -> str | None:
        return self.look_for[_lang(lang)] if self.look_for else None

    @property
    def part_name(self) -> dict:
        part = PART_BY_KEY[self.part]
        return {"ja": part.ja, "en": part.en}

    def as_dict(self, lang: str) -> dict:
        """The shape `rfpgen library list --format json` prints."""
        return {"id": self.id, "part": self.part, "text": self.text_in(lang), "priority": self.priority,
                "tags": list(self.tags), "withhold_candidate": self.withhold_candidate}

    def _haystack(self) -> str:
        parts = [self.id, " ".join(self.tags), self.text["ja"], self.text["en"]]
        if self.look_for:
            parts += [self.look_for["ja"], self.look_for["en"]]
        return _fold(" ".join(parts))

    def matches(self, words) -> bool:
        """True if every search word occurs in the id, tags, text or look_for (either language)."""
        haystack = self._haystack()
        return all(_fold(word) in haystack for word in words)


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise LibraryError(f"unknown language '{lang}': use ja or en", f"言語「{lang}」は使えません。ja か en を指定してください")
    return lang


def _fold(text: str) -> str:
    """Case- and width-insensitive form: full-width ＰＣＩ matches pci."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=1)
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema("library"))


def load_file(path: Path) -> list[LibraryEntry]:
    """Read and validate one library data file (errors name the file, line and field)."""
    doc, problems = parse(Path(path).read_text(encoding="utf-8"), str(path))
    if doc is None:
        raise LibraryError("the requirement library is damaged:\n" + "\n".join(map(str, problems)))
    errors = []
    for error in _schema_validator().iter_errors(doc.data):
        line, col = doc.where(tuple(error.absolute_path))
        errors.append(f"{path}:{line}:{col}: {format_path(error.absolute_path)}: {error.message}")
    if errors:
        raise LibraryError("the requirement library is damaged:\n" + "\n".join(errors))
    part = doc.data["part"]
    return [LibraryEntry(id=item["id"], part=part, priority=item["priority"], tags=tuple(item["tags"]),
                         withhold_candidate=item["withhold_candidate"], sets=tuple(item.get("sets") or ()),
                         text=dict(item["text"]), look_for=dict(item["look_for"]) if item.get("look_for") else None)
            for item in doc.data["entries"]]


@lru_cache(maxsize=1)
def entries() -> tuple[LibraryEntry, ...]:
    """Every library entry: parts in the order of the requirements definition, then file order."""
    found: list[LibraryEntry] = []
    for part in PARTS:
        path = DATA_DIR / f"{part.key}.yaml"
        if path.exists():
            loaded = load_file(path)
            wrong = [e.id for e in loaded if e.part != part.key]
            if wrong:
                raise LibraryError(f"the requirement library is damaged: {path} is not the file of part {part.key}")
            found += loaded
    seen: set[str] = set()
    for entry in found:
        if entry.id in seen:
            raise LibraryError(f"the requirement library is damaged: the id {entry.id} is used twice")
        seen.add(entry.id)
    return tuple(found)


@lru_cache(maxsize=1)
def _by_id() -> dict[str, LibraryEntry]:
    return {e.id: e for e in entries()}


def _normal_id(library_id: str) -> str:
    return str(library_id).strip().upper()


def get(library_id: str) -> LibraryEntry:
    found = _by_id().get(_normal_id(library_id))
    if found is None:
        raise UnknownLibraryEntry([str(library_id).strip()], [e.id for e in entries()])
    return found


def find(part: str | None = None, tags=(), search: str | None = None, set_name: str | None = None,
         withhold_candidate: bool | None = None) -> list[LibraryEntry]:
    """Entries matching every given filter; `search` is split into words that must all match."""
    if part is not None and part not in PART_BY_KEY:
        raise LibraryError(f"unknown part '{part}': use one of {', '.join(PART_BY_KEY)}",
                           f"部「{part}」はありません。次のいずれかを指定してください: {', '.join(PART_BY_KEY)}")
    if isinstance(tags, str):
        tags = [tags]
    wanted_tags = {t.strip().lower() for t in tags if t and t.strip()}
    unknown_tags = wanted_tags - set(all_tags())
    if unknown_tags:
        names = ", ".join(sorted(unknown_tags))
        raise LibraryError(f"unknown tag: {names}; see `rfpgen library tags`",
                           f"タグがありません: {names}。`rfpgen library tags` で確認してください")
    if set_name is not None and set_name not in set_names():
        raise _unknown_set(set_name)
    words = (search or "").split()
    return [e for e in entries()
            if (part is None or e.part == part)
            and wanted_tags <= set(e.tags)
            and (set_name is None or set_name in e.sets)
            and (withhold_candidate is None or e.withhold_candidate == withhold_candidate)
            and e.matches(words)]


def tag_groups() -> dict[str, list[str]]:
    """Allowed tags by kind (channel, industry, compliance, topic), as the schema lists them."""
    defs = load_schema("library")["$defs"]
    return {kind: list(defs[f"{kind}_tag"]["enum"]) for kind in ("channel", "industry", "compliance", "topic")}


def all_tags() -> list[str]:
    return [tag for group in tag_groups().values() for tag in group]


def set_names() -> list[str]:
    return list(load_schema("library")["$defs"]["set"]["enum"])


def _unknown_set(name: str) -> LibraryError:
    names = ", ".join(set_names())
    return LibraryError(f"unknown library set '{name}': use one of {names}",
                        f"ライブラリのセット「{name}」はありません。次のいずれかを指定してください: {names}")


def set_entries(name: str) -> list[LibraryEntry]:
    if name not in set_names():
        raise _unknown_set(name)
    return [e for e in entries() if name in e.sets]


# ---------------------------------------------------------------- into a project (data)

@dataclass(frozen=True)
class Addition:
    """A library entry placed into a project: which part, and the requirement written there."""

    part: str
    requirement: dict
    entry: LibraryEntry

    @property
    def requirement_id(self) -> str:
        return self.requirement["id"]


def to_requirement(entry: LibraryEntry, lang: str, requirement_id: str) -> dict:
    """The project requirement for `entry`, in `lang`, with the given project id."""
    requirement = {"id": requirement_id, "text": entry.text_in(lang), "priority": entry.priority, "withhold": False}
    if entry.look_for:
        requirement["look_for"] = entry.look_for_in(lang)
    requirement["library_id"] = entry.id
    return requirement


def _taken_ids(data) -> set[str]:
    """Every `id` used anywhere in the file (the validator requires them unique across it)."""
    taken: set[str] = set()

    def visit(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                taken.add(node["id"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(data)
    return taken


def next_requirement_id(data, part_key: str, taken=()) -> str:
    """The next free requirement id of the part: its prefix and one more than the highest number used."""
    prefix = PART_BY_KEY[part_key].prefix
    used = _taken_ids(data) | set(taken)
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [(int(m.group(1)), len(m.group(1))) for m in map(pattern.match, used) if m]
    number = max((n for n, _ in numbers), default=0) + 1
    width = max([3] + [w for _, w in numbers])
    while f"{prefix}-{number:0{width}d}" in used:
        number += 1
    return f"{prefix}-{number:0{width}d}"


def _project_lang(data, lang: str | None) -> str:
    if lang:
        return _lang(lang)
    found = (data.get("project") or {}).get("language") if isinstance(data, dict) else None
    if found not in LANGS:
        raise LibraryError("the project has no language (project.language: ja or en)",
                           "プロジェクトの言語（project.language: ja または en）がありません")
    return found


def _existing_library_ids(data) -> dict[str, tuple[str, str]]:
    found = {}
    for part in PARTS:
        section = data.get(part.key) if isinstance(data, dict) else None
        for item in (section or {}).get("requirements") or [] if isinstance(section, dict) else []:
            if isinstance(item, dict) and item.get("library_id"):
                found.setdefault(item["library_id"], (part.key, item.get("id", "?")))
    return found


def plan_additions(data, library_ids, lang: str | None = None, skip_existing: bool = False) -> list[Addition]:
    """Check a request and allocate ids; raises before anything is changed."""
    lang = _project_lang(data, lang)
    requested = [_normal_id(i) for i in library_ids if str(i).strip()]
    if not requested:
        raise LibraryError("no library ids given", "ライブラリのIDが指定されていません")
    unknown = [i for i in dict.fromkeys(requested) if i not in _by_id()]
    if unknown:
        raise UnknownLibraryEntry(unknown, [e.id for e in entries()])
    repeated = [i for i in dict.fromkeys(requested) if requested.count(i) > 1]
    existing = _existing_library_ids(data)
    already = {i: existing[i] for i in dict.fromkeys(requested) if i in existing}
    if repeated or (already and not skip_existing):
        raise DuplicateLibraryEntry({} if skip_existing else
                                    {k: (p, PART_BY_KEY[p].ja, r) for k, (p, r) in already.items()}, repeated)
    additions, taken = [], set()
    for lib_id in requested:
        if lib_id in already:
            continue
        entry = _by_id()[lib_id]
        req_id = next_requirement_id(data, entry.part, taken)
        taken.add(req_id)
        additions.append(Addition(entry.part, to_requirement(entry, lang, req_id), entry))
    return additions


def _apply(data, additions: list[Addition]) -> dict:
    new = copy.deepcopy(data)
    for addition in additions:
        section = new.get(addition.part)
        if not isinstance(section, dict):
            section = new[addition.part] = {}
        if not isinstance(section.get("requirements"), list):
            section["requirements"] = []
        section["requirements"].append(dict(addition.requirement))
    return new


def add_to_data(data, library_ids, lang: str | None = None, skip_existing: bool = False):
    """For the wizard: (a copy of `data` with the entries added, the additions). `data` is unchanged."""
    additions = plan_additions(data, library_ids, lang, skip_existing)
    return _apply(data, additions), additions


# ---------------------------------------------------------------- into a project (YAML text)

_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")


class _Text:
    """The YAML text split into lines the way the YAML parser counts them."""

    def __init__(self, text: str):
        self.text = text
        self.starts, self.lines, self.breaks = [], [], []
        pos = 0
        for match in _BREAK.finditer(text):
            self.starts.append(pos)
            self.lines.append(text[pos:match.start()])
            self.breaks.append(match.group())
            pos = match.end()
        if pos < len(text) or not self.starts:
            self.starts.append(pos)
            self.lines.append(text[pos:])
            self.breaks.append("")
        first = _BREAK.search(text)
        self.newline = first.group() if first else "\n"

    def after_line(self, line: int) -> tuple[int, str]:
        """(index just after line `line` and its break, text to put first if the line had no break)."""
        if self.breaks[line]:
            return self.starts[line] + len(self.lines[line]) + len(self.breaks[line]), ""
        return len(self.text), self.newline

    def blank(self, line: int) -> bool:
        return not self.lines[line].strip()

    def comment(self, line: int) -> bool:
        return self.lines[line].lstrip().startswith("#")

    def indent(self, line: int) -> int:
        return len(self.lines[line]) - len(self.lines[line].lstrip(" "))


def _end_line(node, text: _Text) -> int:
    """The 0-based line of the last character that belongs to `node` (trailing comments excluded)."""
    if isinstance(node, yaml.ScalarNode):
        end = node.end_mark
        line = end.line if end.column > 0 else end.line - 1
        line = max(line, node.start_mark.line)
        if node.style in ("|", ">"):
            while line > node.start_mark.line and text.blank(line):
                line -= 1
        return line
    if node.flow_style or not node.value:
        return max(node.end_mark.line if node.end_mark.column > 0 else node.end_mark.line - 1, node.start_mark.line)
    children = [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode) else node.value
    return max(_end_line(child, text) for child in children)


def _key(mapping, name):
    """(key node, value node) of `name` in a composed mapping, or (None, None)."""
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == name:
                return key_node, value_node
    return None, None


def _is_null(node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in ("", "~", "null", "Null", "NULL")


def _layout(root, text: _Text) -> tuple[int, int]:
    """(indent unit, dash offset of block lists under a key), read from the file, defaults (2, 2)."""
    unit, offset = None, None

    def visit(node, parent_key_col):
        nonlocal unit, offset
        if isinstance(node, yaml.MappingNode) and not node.flow_style:
            for key_node, value_node in node.value:
                if isinstance(value_node, yaml.MappingNode) and not value_node.flow_style and value_node.value:
                    child_col = value_node.value[0][0].start_mark.column
                    if unit is None and child_col > key_node.start_mark.column:
                        unit = child_col - key_node.start_mark.column
                if isinstance(value_node, yaml.SequenceNode) and not value_node.flow_style and value_node.value:
                    if offset is None:
                        offset = max(0, value_node.start_mark.column - key_node.start_mark.column)
                visit(value_node, key_node.start_mark.column)
        elif isinstance(node, yaml.SequenceNode) and not node.flow_style:
            for item in node.value:
                visit(item, parent_key_col)

    visit(root, 0)
    return unit or 2, 2 if offset is None else offset


def _render_items(requirements: list[dict], dash_col: int, newline: str) -> str:
    """Block-style YAML list items at `dash_col`, each line ending with `newline`."""
    out = []
    rendered = dump(requirements, width=1_000_000)
    for line in rendered.splitlines():
        out.append((" " * dash_col + line) if line else line)
    return newline.join(out) + newline


def _section_end_anchor(node_end: int, text: _Text) -> int:
    """After a top-level section: also keep its own indented comments (e.g. commented-out examples)."""
    last = node_end
    line = node_end + 1
    while line < len(text.lines):
        if text.blank(line):
            line += 1
            continue
        if text.comment(line) and text.indent(line) > 0:
            last = line
            line += 1
            continue
        break
    return last


def _edits_for_text(text: _Text, root, additions: list[Addition]) -> list[tuple[int, int, int, str]]:
    """Text edits (start, end, part order, replacement) that add the requirements."""
    unit, offset = _layout(root, text)
    nl = text.newline
    by_part: dict[str, list[dict]] = {}
    for addition in additions:
        by_part.setdefault(addition.part, []).append(addition.requirement)
    order = {part.key: i for i, part in enumerate(PARTS)}
    edits = []
    for part_key, requirements in by_part.items():
        key_node, section = _key(root, part_key)
        if key_node is None:
            edits += _new_section_edit(text, root, part_key, requirements, unit, offset, order)
            continue
        key_col = key_node.start_mark.column
        if isinstance(section, yaml.MappingNode) and not section.flow_style and section.value:
            req_key, req_value = _key(section, "requirements")
            child_col = section.value[0][0].start_mark.column
            if req_key is None:
                at, lead = text.after_line(_end_line(section, text))
                block = " " * child_col + "requirements:" + nl + _render_items(requirements, child_col + offset, nl)
                edits.append((at, at, order[part_key], lead + block))
            elif isinstance(req_value, yaml.SequenceNode) and not req_value.flow_style and req_value.value:
                at, lead = text.after_line(_end_line(req_value, text))
                dash_col = req_value.start_mark.column
                edits.append((at, at, order[part_key], lead + _render_items(requirements, dash_col, nl)))
            else:
                edits += _replace_value_edits(text, req_key, req_value, requirements,
                                              req_key.start_mark.column + offset, order[part_key], nl, as_list=True)
        else:
            part_block = " " * (key_col + unit) + "requirements:" + nl + _render_items(
                requirements, key_col + unit + offset, nl)
            if isinstance(section, yaml.MappingNode) and section.value:  # a flow mapping with content
                existing = {k.value: None for k, _ in section.value}
                raise LibraryError(
                    f"the section '{part_key}' is written in flow style ({{...}}) with fields {', '.join(existing)}; "
                    "rewrite it in block style (one field per line) and try again",
                    f"「{part_key}」が {{...}} 形式で書かれています。1行に1項目の形式に書き換えてから再実行してください")
            edits += _replace_value_edits(text, key_node, section, part_block, None, order[part_key], nl, as_list=False)
    return edits


def _replace_value_edits(text: _Text, key_node, value_node, payload, dash_col, part_order, nl, as_list):
    """Edits for a key whose value is empty, null, [] or {}: drop that value, put a block under the key."""
    if not (_is_null(value_node) or (isinstance(value_node, (yaml.SequenceNode, yaml.MappingNode))
                                      and value_node.flow_style and not value_node.value)):
        if isinstance(value_node, yaml.SequenceNode) and value_node.flow_style:
            raise LibraryError(
                "the requirements list is written in flow style ([...]); rewrite it one item per line and try again",
                "requirements が [...] 形式で書かれています。1行に1項目の形式に書き換えてから再実行してください")
        raise LibraryError(f"cannot add requirements: the value at line {value_node.start_mark.line + 1} is not a list",
                           f"{value_node.start_mark.line + 1}行目の値がリストではないため、要件を追加できません")
    block = _render_items(payload, dash_col, nl) if as_list else payload
    edits = []
    start, end = value_node.start_mark.index, value_node.end_mark.index
    if end > start:
        # remove the `~`, `null`, `[]` or `{}` and the spaces before it
        while start > 0 and text.text[start - 1] == " ":
            start -= 1
        edits.append((start, end, -1, ""))
    at, lead = text.after_line(key_node.start_mark.line)
    edits.append((at, at, part_order, lead + block))
    return edits


def _new_section_edit(text: _Text, root, part_key, requirements, unit, offset, order):
    nl = text.newline
    block = part_key + ":" + nl + " " * unit + "requirements:" + nl + _render_items(requirements, unit + offset, nl)
    keys = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
    index = order[part_key]
    before = [p.key for p in PARTS[:index] if p.key in keys]
    if before:
        key_node, value_node = keys[before[-1]]
        last = _section_end_anchor(max(_end_line(value_node, text), key_node.start_mark.line), text)
        at, lead = text.after_line(last)
        edits = [(at, at, index, lead + nl + block)]
        if last + 1 < len(text.lines) and not text.blank(last + 1):
            edits.append((at, at, len(PARTS), nl))  # keep a blank line before what follows
        return edits
    following = [p.key for p in PARTS[index + 1:] if p.key in keys] + [k for k in ("evaluation", "rfp") if k in keys]
    if following:
        line = keys[following[0]][0].start_mark.line
        while line > 0 and text.comment(line - 1):
            line -= 1
        at = text.starts[line]
        return [(at, at, index, block + nl)]
    at, lead = len(text.text), ("" if text.text.endswith(("\n", "\r")) else nl)
    return [(at, at, index, lead + nl + block)]


def _apply_edits(source: str, edits) -> str:
    edits = list(dict.fromkeys(edits))  # one blank-line edit per place, however many sections share it
    for start, end, _, replacement in sorted(edits, key=lambda e: (e[0], e[2]), reverse=True):
        source = source[:start] + replacement + source[end:]
    return source


def add_to_text(text: str, library_ids, name: str = "<project>", skip_existing: bool = False,
                lang: str | None = None) -> tuple[str, list[Addition]]:
    """Insert library entries into a project file's YAML text, keeping its comments and layout.

    The project must be valid before; the result is re-parsed, checked to hold exactly the intended
    data, and validated. Raises ProjectInvalid or LibraryError; never returns a broken text.
    """
    from ..validation import check_document

    doc, problems = parse(text, name)
    if doc is None:
        raise ProjectInvalid(problems)
    project, problems = check_document(doc)
    if project is None:
        raise ProjectInvalid([p for p in problems if p.severity == "error"])
    additions = plan_additions(doc.data, library_ids, lang, skip_existing)
    if not additions:
        return text, []
    expected = _apply(doc.data, additions)
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    source = _Text(text)
    new_text = _apply_edits(text, _edits_for_text(source, root, additions))
    new_doc, problems = parse(new_text, name)
    if new_doc is None or new_doc.data != expected:
        raise LibraryError(f"{name}: could not insert the requirements while keeping the file's layout; "
                           "the file was not changed. Add them in the web wizard, or by hand from `rfpgen library show`",
                           f"{name}: ファイルの書式を保ったまま要件を挿入できませんでした。ファイルは変更していません")
    project, problems = check_document(new_doc)
    if project is None:
        raise ProjectInvalid([p for p in problems if p.severity == "error"])
    return new_text, additions


def _read_text(path: Path) -> tuple[str, bool]:
    doc, problems = read(path)
    if doc is None:
        raise ProjectInvalid(problems)
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), False
    return raw[3 if bom else 0:].decode("utf-8"), bom


def add_to_file(path, library_ids, skip_existing: bool = False, dry_run: bool = False) -> list[Addition]:
    """Add library entries to a project file in place (atomically); untouched on any error or dry run."""
    path = Path(path)
    text, bom = _read_text(path)
    new_text, additions = add_to_text(text, library_ids, str(path), skip_existing)
    if additions and not dry_run:
        atomic_write_text(path, ("\ufeff" if bom else "") + new_text)
    return additions


def starter_with_library(lang: str, set_name: str) -> tuple[str, list[Addition]]:
    """The starter project of `lang` with the library set added (entries it already has are skipped)."""
    from ..starter import starter_text

    ids = [e.id for e in set_entries(set_name)]
    return add_to_text(starter_text(_lang(lang)), ids, f"starter/{lang}.yaml", skip_existing=True)


def write_starter_with_library(path, lang: str, set_name: str, force: bool = False) -> list[Addition]:
    path = Path(path)
    refuse_overwrite(path, force)
    text, additions = starter_with_library(lang, set_name)
    path.parent.mkdir(parents=True, exist_ok=True)  # a new project may start in a new folder
    atomic_write_text(path, text)
    return additions


# ---------------------------------------------------------------- library updates

@dataclass(frozen=True)
class LibraryChange:
    """A project requirement whose library entry now says something else (or no longer exists)."""

    part: str
    requirement_id: str
    library_id: str
    status: str  # "changed" or "removed"
    project_text: str
    library_text: str | None
    entry: LibraryEntry | None

    def segments(self) -> list[tuple[str, str]]:
        """[(op, text)] from the project text to the library text; op is equal, delete or insert.

        Japanese is compared character by character, other text word by word.
        """
        if self.library_text is None:
            return [("delete", self.project_text)]
        old, new = _tokens(self.project_text), _tokens(self.library_text)
        out = []
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
            if op == "equal":
                out.append(("equal", "".join(old[a1:a2])))
            else:
                if a2 > a1:
                    out.append(("delete", "".join(old[a1:a2])))
                if b2 > b1:
                    out.append(("insert", "".join(new[b1:b2])))
        return out


def _tokens(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9_%.,'’-]+\s*|\s+|.", text)


def _same_text(a: str, b: str) -> bool:
    return " ".join(str(a).split()) == " ".join(str(b).split())


def _requirement_items(data):
    """(part, requirement dict) for every requirement of a project dict, even a draft with odd shapes."""
    for part in PARTS:
        section = data.get(part.key)
        if isinstance(section, dict):
            for item in section.get("requirements") or []:
                if isinstance(item, dict):
                    yield part, item


def library_changes(data, lang: str | None = None) -> list[LibraryChange]:
    """Requirements added from the library whose text no longer matches the library's current text.

    `data` is a project dict (or a Project); `lang` defaults to the project's language.
    """
    data = getattr(data, "data", data)
    lang = _project_lang(data, lang)
    changes = []
    for part, item in _requirement_items(data):
        lib_id = item.get("library_id")
        if lib_id:
            entry = _by_id().get(lib_id)
            if entry is None:
                changes.append(LibraryChange(part.key, item.get("id", "?"), lib_id, "removed", item.get("text", ""),
                                             None, None))
            elif not _same_text(item.get("text", ""), entry.text_in(lang)):
                changes.append(LibraryChange(part.key, item.get("id", "?"), lib_id, "changed", item.get("text", ""),
                                             entry.text_in(lang), entry))
    return changes


@dataclass(frozen=True)
class WithholdSuggestion:
    """A requirement of the project that the library marks as a good one to withhold from the RFP."""

    part: str
    requirement_id: str
    entry: LibraryEntry
    look_for: str  # the library's look_for in the project's language, to fill in when withholding


def withhold_suggestions(data, lang: str | None = None) -> list[WithholdSuggestion]:
    """Requirements taken from the library whose entry is a withhold candidate and that are not yet withheld."""
    data = getattr(data, "data", data)
    lang = _project_lang(data, lang)
    found = []
    for part, item in _requirement_items(data):
        entry = None if item.get("withhold") else _by_id().get(item.get("library_id") or "")
        if entry is not None and entry.withhold_candidate:
            found.append(WithholdSuggestion(part.key, item.get("id", "?"), entry, entry.look_for_in(lang)))
    return found


def entries_json(selected, lang: str) -> str:
    return json.dumps([e.as_dict(lang) for e in selected], ensure_ascii=False, indent=2)


__all__ = [
    "LibraryEntry", "Addition", "LibraryChange", "LibraryError", "UnknownLibraryEntry", "DuplicateLibraryEntry",
    "entries", "get", "find", "tag_groups", "all_tags", "set_names", "set_entries", "to_requirement",
    "next_requirement_id", "plan_additions", "add_to_data", "add_to_text", "add_to_file",
    "starter_with_library", "write_starter_with_library", "library_changes", "entries_json", "load_file",
    "WithholdSuggestion", "withhold_suggestions",
]
