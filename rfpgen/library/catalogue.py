"""The library's catalogue: reading, finding and naming the curated requirement entries."""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from ..errors import LibraryError, UnknownLibraryEntry
from ..project import PART_BY_KEY, PARTS
from ..resources import compiled_validator, load_schema, surely_valid
from ..words import respell
from ..yamlio import format_path, parse

DATA_DIR = Path(__file__).parent / "data"
LANGS = ("ja", "en")


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

    def text_in(self, lang: str, locale: str | None = None) -> str:
        """The text in `lang`; English spelt as `locale` (en-GB, en-US) spells it, when given."""
        return _spelt(self.text[_lang(lang)], lang, locale)

    def look_for_in(self, lang: str, locale: str | None = None) -> str | None:
        return _spelt(self.look_for[_lang(lang)], lang, locale) if self.look_for else None

    @property
    def part_name(self) -> dict:
        part = PART_BY_KEY[self.part]
        return {"ja": part.ja, "en": part.en}

    def as_dict(self, lang: str) -> dict:
        """The shape `rfpgen library list --format json` prints."""
        return {"id": self.id, "part": self.part, "text": self.text_in(lang), "priority": self.priority,
                "tags": list(self.tags), "withhold_candidate": self.withhold_candidate}

    def _haystack(self) -> str:
        parts = [self.id, " ".join(self.tags), self.text["ja"], self.text["en"], respell(self.text["en"], "en-GB")]
        if self.look_for:
            parts += [self.look_for["ja"], self.look_for["en"], respell(self.look_for["en"], "en-GB")]
        return _fold(" ".join(parts))

    def matches(self, words) -> bool:
        """True if every search word occurs in the id, tags, text or look_for (either language)."""
        haystack = self._haystack()
        return all(_fold(word) in haystack for word in words)


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise LibraryError(f"unknown language '{lang}': use ja or en", f"言語「{lang}」は使えません。ja か en を指定してください")
    return lang


def _spelt(text: str, lang: str, locale: str | None) -> str:
    return respell(text, locale) if lang == "en" else text


def _fold(text: str) -> str:
    """Case- and width-insensitive form: full-width ＰＣＩ matches pci."""
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=1)
def _schema_validator() -> Draft202012Validator:
    return Draft202012Validator(load_schema("library"))


@lru_cache(maxsize=1)
def _compiled_validator():
    """The library schema compiled: a valid file (every file, but for a damaged install) is told so in
    a millisecond, where jsonschema took 0.2 s of every command that reads the library."""
    return compiled_validator(load_schema("library"))


def load_file(path: Path) -> list[LibraryEntry]:
    """Read and validate one library data file (errors name the file, line and field)."""
    doc, problems = parse(Path(path).read_text(encoding="utf-8"), str(path))
    if doc is None:
        raise LibraryError("the requirement library is damaged:\n" + "\n".join(map(str, problems)))
    errors = []
    for error in () if surely_valid(_compiled_validator(), doc.data) else _schema_validator().iter_errors(doc.data):
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
            raise LibraryError(f"the requirement library is damaged: the ID {entry.id} is used twice")
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


def entries_json(selected, lang: str) -> str:
    return json.dumps([e.as_dict(lang) for e in selected], ensure_ascii=False, indent=2)

