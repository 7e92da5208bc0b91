"""Comment-preserving edits of a project file's YAML text: requirements inserted where a person would
put them (after the part's last requirement, or a new `requirements:` list, or a new part section in
document order), the rest of the text (comments, layout, quoting) left exactly as it was."""
from __future__ import annotations

import re

import yaml

from .errors import LibraryError
from .project import PARTS
from .yamlio import dump

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


def _edits_for_text(text: _Text, root, by_part: dict[str, list[dict]]) -> list[tuple[int, int, int, str]]:
    """Text edits (start, end, part order, replacement) that add the requirements."""
    unit, offset = _layout(root, text)
    nl = text.newline
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


def insert_requirements(source: str, by_part: dict[str, list[dict]]) -> str:
    """`source` with the requirement dicts of each part appended to that part's list."""
    root = yaml.compose(source, Loader=yaml.SafeLoader)
    return _apply_edits(source, _edits_for_text(_Text(source), root, by_part))
