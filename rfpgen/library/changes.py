"""Keeping a project up with its library: entries whose text changed or was removed, and the
library's withhold candidates for the wizard's withhold step."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..project import PARTS, english_locale
from ..words import respell
from .apply import _project_lang
from .catalogue import LibraryEntry, _by_id

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


def _same_text(a: str, b: str, locale: str | None) -> bool:
    """Equal but for spacing and the spelling of the project's English: a copy taken before the
    library spelt it for the project, or before project.locale changed, has not changed."""
    return respell(" ".join(str(a).split()), locale) == respell(" ".join(str(b).split()), locale)


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
    locale = english_locale(data) if lang == "en" else None
    changes = []
    for part, item in _requirement_items(data):
        lib_id = item.get("library_id")
        if lib_id:
            entry = _by_id().get(lib_id)
            if entry is None:
                changes.append(LibraryChange(part.key, item.get("id", "?"), lib_id, "removed", item.get("text", ""),
                                             None, None))
            elif not _same_text(item.get("text", ""), entry.text_in(lang, locale), locale):
                changes.append(LibraryChange(part.key, item.get("id", "?"), lib_id, "changed", item.get("text", ""),
                                             entry.text_in(lang, locale), entry))
    return changes


@dataclass(frozen=True)
class WithholdSuggestion:
    """A requirement of the project that the library marks as a good one to withhold from the RFP."""

    part: str
    requirement_id: str
    entry: LibraryEntry
    look_for: str  # the library's look_for in the project's language and spelling, to fill in when withholding


def withhold_suggestions(data, lang: str | None = None) -> list[WithholdSuggestion]:
    """Requirements taken from the library whose entry is a withhold candidate and that are not yet withheld."""
    data = getattr(data, "data", data)
    lang = _project_lang(data, lang)
    locale = english_locale(data)
    found = []
    for part, item in _requirement_items(data):
        entry = None if item.get("withhold") else _by_id().get(item.get("library_id") or "")
        if entry is not None and entry.withhold_candidate:
            found.append(WithholdSuggestion(part.key, item.get("id", "?"), entry, entry.look_for_in(lang, locale)))
    return found
