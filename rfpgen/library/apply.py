"""Putting library entries into a project: as data (the wizard) or into the YAML text (the CLI),
with fresh requirement ids and never half-done work."""
from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from ..errors import DuplicateLibraryEntry, LibraryError, ProjectInvalid, UnknownLibraryEntry
from ..fileio import atomic_write_text, refuse_overwrite
from ..project import PART_BY_KEY, PARTS, english_locale, next_requirement_id
from ..yamledit import insert_requirements
from ..yamlio import parse, read
from .catalogue import LANGS, LibraryEntry, _by_id, _lang, _normal_id, entries, set_entries

@dataclass(frozen=True)
class Addition:
    """A library entry placed into a project: which part, and the requirement written there."""

    part: str
    requirement: dict
    entry: LibraryEntry

    @property
    def requirement_id(self) -> str:
        return self.requirement["id"]


def to_requirement(entry: LibraryEntry, lang: str, requirement_id: str, locale: str | None = None) -> dict:
    """The project requirement for `entry`, in `lang` (English spelt as `locale` spells it), with the
    given project id."""
    requirement = {"id": requirement_id, "text": entry.text_in(lang, locale), "priority": entry.priority,
                   "withhold": False}
    if entry.look_for:
        requirement["look_for"] = entry.look_for_in(lang, locale)
    requirement["library_id"] = entry.id
    return requirement


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
        raise LibraryError("no library IDs given", "ライブラリのIDが指定されていません")
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
        additions.append(Addition(entry.part, to_requirement(entry, lang, req_id, english_locale(data)), entry))
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
    by_part: dict[str, list[dict]] = {}
    for addition in additions:
        by_part.setdefault(addition.part, []).append(addition.requirement)
    new_text = insert_requirements(text, by_part)
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
