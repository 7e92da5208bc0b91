"""Turn a step's declared fields into a view to render, and a submitted form back into project data.

What the user typed is never thrown away: a value that cannot be converted (a word in a number
field) is kept as typed, so the draft shows it again and validation explains what is wrong.
Empty fields are removed from the data, so an optional field left blank is simply absent.
"""
from __future__ import annotations

import math

import copy
import re
import unicodedata

from ..project import next_id, taken_ids
from ..text import day, month
from ..yamlio import format_path, parse_path
from ..words import capital, choice, hint, say as label
from .messages import describe_path, field_name


from .steps import Field, Group, Step, Table

_INT = re.compile(r"^[-+]?\d+$")
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")
MAX_ROWS = 500  # a posted row count above this is not a real form
MAX_DIGITS = 30  # longer digit strings are kept as typed, and validation explains


# ---------------------------------------------------------------- paths

def get(data, path: tuple):
    for part in path:
        if isinstance(part, int):
            if not isinstance(data, list) or part >= len(data):
                return None
        elif not isinstance(data, dict):
            return None
        data = data[part] if isinstance(part, int) else data.get(part)
    return data


def _keys(node) -> tuple:
    return tuple(node.key.split("."))


def _set(container: dict, keys: tuple, value) -> None:
    for key in keys[:-1]:
        if not isinstance(container.get(key), dict):
            container[key] = {}
        container = container[key]
    if value is None:
        container.pop(keys[-1], None)
    else:
        container[keys[-1]] = value


def html_id(name: str) -> str:
    return "f-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")


# ---------------------------------------------------------------- reading a submitted form

def _read(field: Field, form, name: str):
    raw = form.get(name)
    kind = field.kind
    if kind == "bool":
        if raw is not None:
            return True
        return False if field.default is True else None
    if kind == "picks":  # in the vocabulary's order; a value the file had that is no choice stays, after them
        picked = form.getlist(name)
        return [c for c in field.choices if c in picked] + [p for p in picked if p not in field.choices] or None
    if raw is None:
        return None
    if kind == "text":
        text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
        return text or None
    if kind == "lines":
        return [line.strip() for line in raw.splitlines() if line.strip()] or None
    if kind == "csv":
        return [part for part in re.split(r"[,、，\s]+", raw.strip()) if part] or None
    if kind == "numbers":  # e.g. shift lengths "8, 6, 4"; a part that is no number stays text for validation
        parts = [unicodedata.normalize("NFKC", part) for part in re.split(r"[,、，\s]+", raw.strip()) if part]
        return [int(p) if _INT.match(p) else float(p) if _NUMBER.match(p) and math.isfinite(float(p)) else p
                for p in parts] or None
    text = raw.strip()
    if not text:
        return None
    if kind in ("int", "number"):
        plain = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
        if field.percent:
            plain = plain.removesuffix("%")  # 80% in a percentage's box is 80
        if _INT.match(plain) and len(plain) <= MAX_DIGITS:  # int() refuses over 4,300 digits: keep such text
            return int(plain)
        if kind == "number" and _NUMBER.match(plain) and math.isfinite(float(plain)):
            return float(plain)  # 1e400 would be infinity: kept as typed instead, and validation says why
        return text  # kept as typed; validation says what is expected
    if kind in ("date", "month"):
        return _as_iso(unicodedata.normalize("NFKC", text), kind)
    if kind == "time":
        return unicodedata.normalize("NFKC", text)
    if kind == "enum":
        for option in field.choices:
            if str(option) == text:
                return option
        return text
    return text


def _apply(node, container: dict, path: tuple, form, keep_blank_rows: bool) -> None:
    """Write what the form says about `node` into `container` (the mapping its key is relative to)."""
    keys = _keys(node)
    full = path + keys
    if node.is_field:
        if node.kind != "show":
            _set(container, keys, _read(node, form, format_path(full)))
        return
    old = get(container, keys)
    if isinstance(node, Group):
        group = dict(old) if isinstance(old, dict) else {}
        for child in node.children:
            _apply(child, group, full, form, keep_blank_rows)
        _set(container, keys, group or None)
        return
    old_rows = old if isinstance(old, list) else []
    if node.fixed:
        count = len(old_rows)
    else:
        try:
            count = min(int(form.get(format_path(full) + "#rows", 0)), MAX_ROWS)
        except ValueError:
            count = 0
    rows = []
    for i in range(count):
        row = dict(old_rows[i]) if i < len(old_rows) and isinstance(old_rows[i], dict) else {}
        for child in node.children:
            _apply(child, row, full + (i,), form, keep_blank_rows)
        if row or keep_blank_rows or node.fixed:
            rows.append(row)
    if node.paste:
        rows += pasted_rows(node, form.get(format_path(full) + "#paste") or "")[:max(0, MAX_ROWS - len(rows))]
    _set(container, keys, rows or None)


def paste_columns(table: Table) -> list:
    """The fields a pasted line fills, in order: the table's required plain fields except its id."""
    return [c for c in table.children if c.is_field and c.required and c.key != "id" and c.kind not in ("show", "picks")]


def pasted_rows(table: Table, text: str) -> list[dict]:
    """Rows from lines pasted from a spreadsheet or typed (`2027-04 12,000`, `09:00<TAB>6.5`, one
    requirement per line). Cells split at tabs; a line without tabs splits at its last spaces or
    commas, unless its first column is free text (a requirement), which keeps the whole line."""
    columns = paste_columns(table)
    rows = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
        elif columns[0].kind == "text" or len(columns) == 1:
            cells = [line.strip()]
        else:
            plain = unicodedata.normalize("NFKC", line).strip()
            cells = re.split(r"\s+|(?<!\d),|,(?!\d{3}(?!\d))", plain, maxsplit=len(columns) - 1)
        row = {}
        for column, cell in zip(columns, cells):
            value = _read(column, {"cell": cell}, "cell")  # a month as typed (2027/4, 2027年4月) read as the box reads it
            if value is not None:
                row[column.key] = value
        if row:
            rows.append(row)
    return rows


def step_roots(step: Step) -> set[str]:
    """The top-level sections of the project a step's form writes (e.g. `project`, `work_definition`)."""
    return {_keys(node)[0] for section in step.sections for node in section.children}


def apply_step(step: Step, data: dict, form, keep_blank_rows: bool = False) -> dict:
    """A copy of `data` with the step's fields replaced by what was submitted.

    Only the sections the step writes are copied deeply (everything it changes lies under them); the
    others are the same objects as in `data`, which no save changes in place."""
    roots = step_roots(step)
    new = {key: copy.deepcopy(value) if key in roots else value for key, value in data.items()}
    for section in step.sections:
        for node in section.children:
            _apply(node, new, (), form, keep_blank_rows)
    assign_ids(step, new)
    return new


def table_at(step: Step, path: tuple) -> Table | None:
    """The step's table drawn at `path` (indexes included), or None if there is none there."""
    want = [p for p in path if not isinstance(p, int)]

    def walk(nodes, prefix):
        for node in nodes:
            if node.is_field:
                continue
            keys = list(_keys(node))
            here = prefix + keys
            if want[:len(here)] != here:
                continue
            if here == want and isinstance(node, Table) and not node.fixed:
                return node
            found = walk(node.children, here)
            if found:
                return found
        return None

    for section in step.sections:
        found = walk(section.children, [])
        if found:
            return found
    return None


ADD_AT_ONCE = 20  # the most blank rows one "add" appends (the count box beside the button)


def apply_row_action(step: Step, data: dict, action: str, count: str = "1") -> str | None:
    """`add:PATH` appends `count` blank rows (one if the count is not a number; at most ADD_AT_ONCE: a PM
    entering ten KPIs asks once, not ten times), `remove:PATH:N` deletes row N, `up:PATH:N` / `down:PATH:N` move
    row N (the order of requirements is the RFP's numbering); returns the table path acted on."""
    kind, _, rest = action.partition(":")
    index = ""
    if kind in ("remove", "up", "down"):
        rest, _, index = rest.rpartition(":")
    path = parse_path(rest)
    if not path or table_at(step, path) is None:
        return None
    rows = get(data, path)
    if kind == "add":
        if rows is None:
            parent = data
            for part in path[:-1]:  # create the groups on the way; rows must exist already
                if isinstance(part, int):
                    parent = parent[part] if isinstance(parent, list) and part < len(parent) else None
                else:
                    parent = parent.setdefault(part, {}) if isinstance(parent, dict) else None
                if parent is None:
                    return None
            if not isinstance(parent, dict):
                return None
            parent[path[-1]] = rows = []
        if not isinstance(rows, list) or len(rows) >= MAX_ROWS:
            return None
        try:
            wanted = min(max(int(count), 1), ADD_AT_ONCE)
        except (TypeError, ValueError):
            wanted = 1
        rows.extend({} for _ in range(min(wanted, MAX_ROWS - len(rows))))
        return rest
    if kind == "remove" and isinstance(rows, list) and index.isdigit() and int(index) < len(rows):
        del rows[int(index)]
        return rest
    if kind in ("up", "down") and isinstance(rows, list) and index.isdigit() and int(index) < len(rows):
        i = int(index)
        j = i - 1 if kind == "up" else i + 1
        if 0 <= j < len(rows):
            rows[i], rows[j] = rows[j], rows[i]
        return rest
    return None


def assign_ids(step: Step, data: dict) -> None:
    """Rows with content but no id get the next free `PREFIX-NN`, so a PM never has to invent ids.

    The ids already taken are gathered from the whole project only when a row needs one (most saves
    add none, and every save comes here)."""
    used: set[str] | None = None

    def visit(node, value):
        nonlocal used
        if isinstance(node, Group):
            for child in node.children:
                if not child.is_field:
                    visit(child, get(value, _keys(child)) if isinstance(value, dict) else None)
        elif isinstance(node, Table) and isinstance(value, list):
            for row in value:
                if not isinstance(row, dict):
                    continue
                if node.id_prefix and row and not row.get("id"):
                    used = taken_ids(data) if used is None else used
                    row["id"] = next_id(node.id_prefix, used)
                    used.add(row["id"])
                for child in node.children:
                    if not child.is_field:
                        visit(child, get(row, _keys(child)))

    for section in step.sections:
        for node in section.children:
            if not node.is_field:
                visit(node, get(data, _keys(node)))


def drop_blank(data):
    """Remove empty values and blank rows everywhere: what a normal save stores and an export writes.

    A mapping or list with nothing to remove comes back as it is, not copied: the sections a save did
    not touch stay the stored draft's own objects, which later steps of the save recognise as unchanged."""
    if isinstance(data, dict):
        out, same = {}, True
        for key, value in data.items():
            kept = drop_blank(value) if isinstance(value, (dict, list)) else value  # no call per text: every save
            if kept in (None, "", [], {}):
                same = False
            else:
                out[key] = kept
                same = same and kept is value
        return data if same else out
    if isinstance(data, list):
        items = [drop_blank(v) if isinstance(v, (dict, list)) else v for v in data]
        kept = [v for v in items if v not in (None, "", {})]
        return data if len(kept) == len(data) and all(k is v for k, v in zip(kept, data)) else kept
    return data


# ---------------------------------------------------------------- the view a template renders

class ViewBuilder:
    """Builds plain dicts for the templates: labels, values as typed, and the problems of each field."""

    def __init__(self, lang: str, problems: dict[str, list], library_hints: dict | None = None):
        self.lang = lang
        self.problems = problems  # path string -> list of Problem
        self.rendered: set[str] = set()
        self.library_hints = library_hints or {}

    def section(self, section, data) -> dict:
        title = label(section.title, self.lang)
        children = [self.node(node, data, (), top=True) for node in section.children]
        for child in children:  # a table named like its section needs no second heading
            for inner in child.get("children", [child]) if child["type"] == "group" else [child]:
                if inner["type"] == "table" and inner["label"] == title:
                    inner["hide_legend"] = True
        return {"title": title, "children": children}

    def node(self, node, container, path: tuple, top: bool = False) -> dict:
        full = path + _keys(node)
        name = format_path(full)
        self.rendered.add(name)
        value = get(container, _keys(node)) if isinstance(container, dict) else None
        base = {"name": name, "id": html_id(name), "label": label(node.label, self.lang),
                "hint": hint(node.label, self.lang), "problems": self.problems.get(name, [])}
        if node.is_field:
            return base | self._field(node, value)
        if isinstance(node, Group):
            data = value if isinstance(value, dict) else {}
            return base | {"type": "group", "flat": top,
                           "children": [self.node(c, data, full) for c in node.children]}
        rows = value if isinstance(value, list) else []
        columns = [{"label": label(c.label, self.lang), "required": getattr(c, "required", False),
                    "kind": getattr(c, "kind", "")} for c in node.children]
        view_rows = []
        for i, row in enumerate(rows):
            row = row if isinstance(row, dict) else {}
            row_name = format_path(full + (i,))
            self.rendered.add(row_name)
            view_rows.append({
                "index": i, "name": row_name, "id": html_id(row_name), "title": self._row_title(row, i),
                "problems": self.problems.get(row_name, []),
                "children": [self.node(c, row, full + (i,)) for c in node.children],
                "library_hint": self.library_hints.get(row.get("library_id")) if node.fixed else None,
                "remove": f"remove:{name}:{i}",
                "up": f"up:{name}:{i}" if i > 0 else None,
                "down": f"down:{name}:{i}" if i < len(rows) - 1 else None,
            })
        total = None
        if node.sums_to_100 and rows:
            numbers = [r.get(node.sums_to_100) for r in rows if isinstance(r, dict)]
            total = {"key": node.sums_to_100, "target": 100.0,
                     "value": round(sum(v for v in numbers if isinstance(v, (int, float)) and not isinstance(v, bool)), 2)}
        if total:
            for row in view_rows:
                for child in row["children"]:
                    if child["name"].endswith("." + total["key"]):
                        child["sum_of"] = name
        paste = None
        if node.paste:
            paste = {"name": name + "#paste", "id": html_id(name + "-paste"),
                     "columns": " / ".join(label(c.label, self.lang) for c in paste_columns(node))}
        return base | {"type": "table", "cards": node.cards, "fixed": node.fixed, "rows": view_rows,
                       "columns": columns, "count": len(rows), "add": f"add:{name}",
                       "add_count": {"name": name + "#add", "id": html_id(name + "-add"), "most": ADD_AT_ONCE},
                       "total": total,
                       "paste": paste, "movable": node.movable and len(rows) > 1}

    def _row_title(self, row: dict, index: int) -> str:
        head = row.get("id") if isinstance(row.get("id"), str) else ""
        words = next((row[k] for k in ("name", "criterion", "item", "area", "type", "kpi", "version")
                      if isinstance(row.get(k), str)), "")
        if "priority" in row and isinstance(row.get("priority"), str):
            words = choice(row["priority"], self.lang, "priority")
        title = " ".join(p for p in (head, words) if p)
        return title or f"{label('ui.row', self.lang)} {index + 1}"

    def _field(self, node: Field, value) -> dict:
        kind = node.kind
        # an example in a box reads as a value typed: it says it is one (例：0.6); a percentage's range stays as is
        placeholder = node.placeholder if not node.placeholder or node.percent else label("ui.example", self.lang, value=node.placeholder)
        view = {"type": "field", "kind": kind, "required": node.required, "placeholder": placeholder}
        if kind == "bool":
            view["checked"] = node.default is True if value is None else value is True
        elif kind == "picks":
            picked = value if isinstance(value, list) else []
            kept = [p for p in picked if p not in node.choices]  # what the file says, offered as it is
            view["options"] = [{"value": str(c), "label": _picked_word(node, c, self.lang), "checked": c in picked}
                               for c in (*node.choices, *kept)]
        elif kind == "enum":
            options = [{"value": str(c), "label": choice(c, self.lang, node.vocabulary)} for c in node.choices]
            if value is not None and str(value) not in [o["value"] for o in options]:
                options.append({"value": str(value), "label": str(value)})  # keep what the file says
            view["options"] = options
            view["value"] = "" if value is None else str(value)
        elif kind == "lines":
            view["value"] = "\n".join(map(str, value)) if isinstance(value, list) else (value or "")
        elif kind in ("csv", "numbers"):
            view["value"] = ", ".join(map(_shown, value)) if isinstance(value, list) else (value or "")
        else:
            view["value"] = "" if value is None else _shown(value)
            if kind in _PICKERS and view["value"] and not _PICKERS[kind].fullmatch(view["value"]):
                # a browser's date or time box shows nothing for a value it cannot read: the text as typed
                # (1 March 2027) is shown, with its problem, in a text box, not lost at the next save
                view["kind"] = "str"  # one line of text
        return view

    def unplaced(self, step_problems: list, data: dict) -> list:
        """Each problem of the step with the id of the nearest element drawn on the page."""
        out = []
        for problem in step_problems:
            path = parse_path(problem.path)
            while path and format_path(path) not in self.rendered:
                path = path[:-1]
            out.append({"problem": problem, "anchor": html_id(format_path(path)) if path else None,
                        "where": describe_path(problem.path, self.lang, data) if problem.path else ""})
        return out


# a day or a month as people write them in Japan and in the ISO form: 2027/3/1, 2027.3.1, 2027年3月1日, 2027/11
_DAY_TYPED = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?")
_MONTH_TYPED = re.compile(r"(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*月?")


def _as_iso(text: str, kind: str) -> str:
    """A date (2027-03-01) or month (2027-03) typed in another common form, in the form the file keeps;
    anything else as typed, for validation to explain."""
    found = (_DAY_TYPED if kind == "date" else _MONTH_TYPED).fullmatch(text)
    if not found:
        return text
    parts = [int(p) for p in found.groups()]
    return f"{parts[0]:04d}-" + "-".join(f"{p:02d}" for p in parts[1:])


# what a browser's date and time boxes show (type="date" takes 2027-03-01 only, type="time" 09:00 or 09:00:30)
_PICKERS = {"date": re.compile(r"\d{4}-\d{2}-\d{2}"), "time": re.compile(r"\d{2}:\d{2}(?::\d{2})?")}


def _picked_word(field: Field, value, lang: str) -> str:
    """A check box's word: the vocabulary's, started as a label starts (a must requirement … → A must …)."""
    return capital(choice(value, lang, field.vocabulary)) if value in field.choices else str(value)


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# ---------------------------------------------------------------- read-only display for the review page

def value_text(node: Field, value, lang: str, style: str | None = None) -> str:
    """A field's value as a reader reads it (the review, a comparison of revisions): choices by their
    words, yes/no, numbers, and, given the project's date `style`, dates and months as the documents write
    them; never a code the PM did not type."""
    if node.kind == "bool":
        return label("ui.yes" if value is True else "ui.no", lang)
    if node.kind == "enum":
        return choice(value, lang, node.vocabulary)
    if node.kind == "picks":
        return ("・" if lang == "ja" else ", ").join(_picked_word(node, v, lang) for v in value) \
            if isinstance(value, list) else str(value)
    if node.kind in ("lines", "csv", "numbers"):
        return "\n".join(map(str, value)) if isinstance(value, list) else str(value)
    if node.kind in ("int", "number"):
        return number_text(value)
    if style and node.kind == "date" and isinstance(value, str):
        return day(value, style)
    if style and node.kind == "month" and isinstance(value, str):
        return month(value, style)
    return _shown(value)


def display(node, container, lang: str, style: str | None = None) -> dict | None:
    """The review page's view of a node: label and shown value; None when empty."""
    value = get(container, _keys(node)) if isinstance(container, dict) else None
    if value in (None, "", [], {}):
        return None
    name = field_name(node.label, lang)
    if node.is_field:
        return {"type": "field", "label": name, "value": value_text(node, value, lang, style), "numeric": node.kind in ("int", "number")}
    if isinstance(node, Group):
        children = [d for d in (display(c, value, lang, style) for c in node.children) if d]
        return {"type": "group", "label": name, "children": children} if children else None
    rows = []
    for row in value if isinstance(value, list) else []:
        if node.fixed and not (isinstance(row, dict) and row.get("withhold") is True):
            continue  # the withhold step's review lists only what is withheld
        children = [display(c, row, lang, style) for c in node.children]  # None kept: cells stay in their column
        if any(children):
            rows.append(children)
    if not rows:
        return None
    if all(c.is_field for c in node.children):  # plain values: a real table (long text wraps in its cell)
        used = [i for i, _ in enumerate(node.children) if any(r[i] for r in rows)]
        return {"type": "table", "label": name, "columns": [field_name(node.children[i].label, lang) for i in used],
                "numeric": [node.children[i].kind in ("int", "number") for i in used],
                "rows": [[(r[i] or {}).get("value", "") for i in used] for r in rows]}
    return {"type": "cards", "label": name, "rows": [[d for d in r if d] for r in rows]}


def number_text(value) -> str:
    """A number as people read it: thousands separated, no trailing .0 (12,345 / 51.5); text as typed."""
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".")
    return str(value)
