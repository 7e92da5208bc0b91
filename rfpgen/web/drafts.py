"""What the wizard does with a draft's data: start it, validate it, order it, export it, describe changes.

Validation goes through rfpgen.validation exactly as for a file (the data is written as YAML and
read back), so the wizard, an exported file and the CLI always agree on what is valid.
"""
from __future__ import annotations

from collections import OrderedDict
from datetime import date
from threading import Lock

from ..errors import Problem
from ..validation import validate as validate_data
from ..yamlio import dump, format_path, parse, parse_path
from .forms import drop_blank
from ..words import say as label
from .messages import in_wizard_words
from .steps import STEPS, step_of

EXPORT_HEADER = {
    "ja": "# rfpgen 案件ファイル（ウィザードから書き出し）。`rfpgen build` で文書を作成できます。\n",
    "en": "# rfpgen project file (exported from the wizard). Build the documents with `rfpgen build`.\n",
}


def blank_project(lang: str) -> dict:
    """A new project with only what the wizard cannot ask for sensibly left open."""
    today = date.today()
    return {"schema_version": 1,
            "project": {"id": f"rfp-{today:%Y%m%d}", "language": lang, "version": "1.0",
                        "date": today.isoformat()}}


def starter_data(lang: str) -> dict | None:
    """The starter project rfpgen init writes, as data; None if it is not installed."""
    from ..starter import starter_text

    try:
        doc, _ = parse(starter_text(lang), f"starter/{lang}.yaml")
    except OSError:
        return None
    return doc.data if doc and isinstance(doc.data, dict) else None


# ---------------------------------------------------------------- order keys as the schema does

def _resolve(schema: dict, root: dict) -> dict:
    while isinstance(schema, dict) and "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema if isinstance(schema, dict) else {}


def _project_schema() -> dict:
    from ..validation import schema_validator

    return schema_validator().schema  # read once per process, never changed


_plans: dict[int, tuple] = {}  # id(schema node) -> (schema, key ranks, child schemas, item schema)


def _plan(schema: dict, root: dict) -> tuple:
    """What ordering needs of one schema node, worked out once per process (every save orders the draft)."""
    plan = _plans.get(id(schema))
    if plan is None or plan[0] is not schema:
        props = schema.get("properties", {})
        plan = (schema, {k: i for i, k in enumerate(props)}, {k: _resolve(v, root) for k, v in props.items()},
                _resolve(schema.get("items", {}), root))
        _plans[id(schema)] = plan
    return plan


def ordered(data, schema: dict | None = None, root: dict | None = None, stored: dict | None = None):
    """The data with every mapping's keys in the schema's order, so exports read like the starter.

    A section that is the very object of the `stored` draft's (a save did not touch it) was put in
    order when that draft was saved, and is kept as it is."""
    root = root or _project_schema()
    return _ordered(data, _resolve(schema if schema is not None else root, root), root, stored)


def _ordered(data, schema: dict, root: dict, stored: dict | None = None):
    if isinstance(data, dict):
        _, ranks, children, _ = _plan(schema, root)
        last = len(ranks)  # fields the schema does not know keep their order, after the known ones
        keys = sorted(data, key=lambda k: ranks.get(k, last)) if ranks else list(data)
        return {k: _ordered(data[k], children.get(k, {}), root)
                if isinstance(data[k], (dict, list)) and (stored is None or stored.get(k) is not data[k]) else data[k]
                for k in keys}
    if isinstance(data, list):
        item = _plan(schema, root)[3]
        return [_ordered(v, item, root) if isinstance(v, (dict, list)) else v for v in data]
    return data


def export_yaml(data: dict) -> str:
    """The project file as the CLI reads it; the header comment is in the document's language."""
    project = data.get("project") if isinstance(data.get("project"), dict) else {}
    header = EXPORT_HEADER.get(project.get("language"), EXPORT_HEADER["en"])
    return header + dump(ordered(drop_blank(data)))


# ---------------------------------------------------------------- problems

_cache: OrderedDict = OrderedDict()
_cache_lock = Lock()


def problems_of(token: str, revision: int, data: dict, lang: str, whole: bool = False) -> list[Problem]:
    """Every problem of the draft, in the UI language; cached per revision (drafts never change in place).

    A step page's are found by the remembered checks (validate's `remember`: only what depends on the
    sections a save changed is checked again); `whole`, for the review and the build, validates the
    whole project afresh, once per revision."""
    key = (token, revision, lang)
    with _cache_lock:
        found = _cache.get(key)
        if found is not None and (found[1] or not whole):
            _cache.move_to_end(key)
            return found[0]
    found = validate(data, lang, remember=not whole)
    _keep(key, found, whole)
    return found


def remember_problems(token: str, revision: int, lang: str, problems: list[Problem]) -> None:
    """The problems of a revision, found before it was saved (the Q&A check validates what it publishes)."""
    _keep((token, revision, lang), problems, True)


def _keep(key: tuple, problems: list[Problem], whole: bool) -> None:
    with _cache_lock:
        _cache[key] = (problems, whole)
        while len(_cache) > 256:
            _cache.popitem(last=False)


def validate(data: dict, lang: str, remember: bool = False) -> list[Problem]:
    """The draft's problems from rfpgen.validation's one validate(): data in memory, named by field."""
    problems = validate_data(data, lang, "project.yaml", remember)[1]
    unique = {(p.path, p.severity, p.message): p for p in problems}  # one line per problem, however reported
    return [in_wizard_words(p, lang) for p in unique.values()]


def by_step(problems: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {step.key: [] for step in STEPS}
    for problem in problems:
        grouped[step_of(problem.path)].append(problem)
    return grouped


def by_path(problems: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = {}
    for problem in problems:
        grouped.setdefault(problem.path, []).append(problem)
    return grouped


# ---------------------------------------------------------------- what changed, in a few words

def _leaves(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(data, list) and any(isinstance(v, dict) for v in data):
        for i, value in enumerate(data):
            yield from _leaves(value, path + (i,))
    else:
        yield path, data


def _field_label(path: tuple, lang: str) -> str:
    key = ".".join(p for p in path if not isinstance(p, int))
    if key.endswith(".requirements") or ".requirements." in key:
        key = "req." + key.rsplit(".", 1)[-1] if not key.endswith(".requirements") else "requirements"
    return label(key, lang)


def summarize(old: dict, new: dict, lang: str) -> str:
    """A short description of the change, e.g. `changed: Project title, Client name and 2 more`."""
    # a save changes one or two sections: only those are compared field by field
    changed_sections = [k for k in dict.fromkeys([*new, *old]) if old.get(k) != new.get(k)]
    before = {path: value for k in changed_sections if k in old for path, value in _leaves(old[k], (k,))}
    after = {path: value for k in changed_sections if k in new for path, value in _leaves(new[k], (k,))}
    changed = [p for p in list(after) + [p for p in before if p not in after] if before.get(p) != after.get(p)]
    if not changed:
        return ""
    names: list[str] = []
    for path in changed:
        name = _field_label(path, lang)
        if name not in names:
            names.append(name)
    shown = "、".join(names[:3]) if lang == "ja" else ", ".join(names[:3])
    if len(names) > 3:
        shown += ("" if lang == "ja" else " ") + label("ui.summary_more", lang, n=len(names) - 3)
    return label("ui.summary_changed", lang, fields=shown)


def table_label(path_text: str, lang: str) -> str:
    return _field_label(parse_path(path_text), lang)


__all__ = ["blank_project", "starter_data", "ordered", "export_yaml", "problems_of", "validate", "by_step",
           "by_path", "summarize", "format_path"]
