"""Change control: what changed between two versions of a project, as its readers see it.

Two views of the same comparison:
- the requirements definition (internal): every part, withheld requirements included;
- the RFP (for vendors): built from the RFP's own content, which holds nothing withheld, so a change
  to a withheld requirement cannot appear in the addendum.

Items are matched by what identifies them for a reader (a requirement by its id, a table row by its
first cell, a text by its heading), so a requirement moved to another part is a move, not a delete
and an add. Texts are compared as printed, never as YAML. `compare_projects` takes two project
dicts, so the CLI's two files and the wizard's two saved revisions are compared the same way.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .documents.parts import doc_info, rfp_numbering
from .documents.requirements import requirements_document
from .documents.rfp import rfp_document
from .documents.rfp_terms import vendor_view
from .errors import RfpgenError
from .project import Project
from .words import tbd, tr

VIEWS = ("requirements", "rfp")
_TOKEN = re.compile(r"[A-Za-z0-9]+|\s+|.", re.S)  # Latin words whole; Japanese compares character by character


@dataclass(frozen=True)
class Item:
    """One thing a reader can point at: a requirement, a table row, a text under its heading."""

    key: tuple
    section: str  # the heading it stands under, e.g. "7. 運営管理方法" or "7.3 KPIと目標値"
    label: str    # the requirement id, RFP number or row name; "" for a text of its own
    text: str
    requirement: str = ""  # the requirement id behind an RFP number


@dataclass(frozen=True)
class Change:
    kind: str  # added, changed, deleted, moved, moved_changed
    new: Item | None
    old: Item | None


@dataclass
class Comparison:
    """The changes of one view, in the new version's reading order (deleted items where they stood)."""

    view: str
    lang: str
    old_version: str
    new_version: str
    changes: list[Change] = field(default_factory=list)

    @property
    def renumbered(self) -> bool:
        """Whether the two sides are different editions (else only the new one is named: 2.1 → 2.1 says nothing)."""
        return bool(self.old_version) and self.old_version != self.new_version

    def summary(self) -> list[str]:
        """One line per change, for the revision history."""
        return [summary_line(c, self.lang, by_id=self.view == "requirements") for c in self.changes]


# ------------------------------------------------------------------ what a reader sees

def _topic_items(chapter: dict, lang: str) -> list[Item]:
    items = []
    for topic in chapter["topics"]:
        base = ("topic", chapter["title"], topic["title"])
        kind = topic["kind"]
        if kind in ("text", "image"):
            items.append(Item(base, topic["heading"], "", "\n".join(topic["paragraphs"])))
        elif kind == "bullets":
            items.append(Item(base, topic["heading"], "", "\n".join(f"・{b}" if lang == "ja" else f"• {b}" for b in topic["bullets"])))
        elif kind == "pairs":
            for label, value in topic["table"]["rows"]:
                items.append(Item(base + (label,), topic["heading"], label, value))
        elif kind == "table":
            columns, rows = topic["table"]["columns"], topic["table"]["rows"]
            width = _naming_width(rows)
            seen: dict[str, int] = {}
            for row in rows:
                name = " / ".join(row[:width])
                seen[name] = seen.get(name, 0) + 1
                key = base + (name,) if seen[name] == 1 else base + (name, seen[name])
                text = "\n".join(f"{h}{'：' if lang == 'ja' else ': '}{v}" for h, v in zip(columns[width:], row[width:]))
                items.append(Item(key, topic["heading"], name, text))
        else:  # to be decided: the heading stays, printed as 未定 / To be decided
            items.append(Item(base, topic["heading"], "", tbd(lang)))
    return items


def _naming_width(rows: list[list[str]]) -> int:
    """How many leading cells name a row: its first cell (an id, a name) unless that repeats, then
    the first two (program and call reason), and so on; the remaining cells are its text."""
    for width in range(1, max((len(r) for r in rows), default=1)):
        if len({tuple(r[:width]) for r in rows}) == len(rows):
            return width
    return 1


def _requirement_text(text: str, priority: str, lang: str, rfp: str | None) -> str:
    facts = [tr(lang, f"優先度：{priority}", f"Priority: {priority}")]
    if rfp is not None:
        facts.append(tr(lang, f"RFP：{rfp}", f"RFP: {rfp}"))
    return f"{text}\n" + tr(lang, "（" + "、".join(facts) + "）", "(" + "; ".join(facts) + ")")


def reader_items(project: Project, view: str) -> list[Item]:
    """Everything the reader of the view sees, as items in reading order (the staffing annex,
    computed from the inputs compared here, is left out)."""
    lang = project.lang
    items = []
    if view == "requirements":
        for chapter in requirements_document(project, None):
            items += _topic_items(chapter, lang)
            for row in chapter["requirements"]:
                items.append(Item(("requirement", row["id"]), chapter["heading"], row["id"],
                                  _requirement_text(row["text"], row["priority"], lang, row["rfp"]), row["id"]))
        return items
    project = vendor_view(project)  # the RFP's own view: nothing withheld is ever compared
    numbers = {number: r for number, r in rfp_numbering(project)}
    for chapter in rfp_document(project, None):
        items += _topic_items(chapter, lang)
        for row in chapter["requirements"]:
            r = numbers[row["id"]]
            items.append(Item(("requirement", r.id), chapter["heading"], row["id"],
                              _requirement_text(row["text"], row["priority"], lang, None), r.id))
    return items


# ------------------------------------------------------------------ comparing

def compare(old: Project, new: Project, view: str) -> Comparison:
    """The changes between two validated projects in one view."""
    if view not in VIEWS:
        raise RfpgenError(f"unknown view '{view}'; choose from {', '.join(VIEWS)}")
    if old.lang != new.lang:
        raise RfpgenError(f"the two versions are written in different languages ({old.lang}, {new.lang}); compare versions of one project")
    old_items = {item.key: item for item in reader_items(old, view)}
    new_list = reader_items(new, view)
    new_keys = {item.key for item in new_list}
    # a deleted item is listed where it stood: after the last item before it that is still there,
    # in the same section if there is one
    new_sections = {item.key: _chapter(item.section) for item in new_list}
    deleted_after: dict = {}
    anchors: dict = {}  # section -> last item seen there that is still in the new version
    last = None
    for key, item in old_items.items():
        if key in new_keys:
            anchors[new_sections[key]] = last = key
        else:
            deleted_after.setdefault(anchors.get(_chapter(item.section), last), []).append(Change("deleted", None, item))
    changes: list[Change] = list(deleted_after.get(None, []))
    for item in new_list:
        before = old_items.get(item.key)
        if before is None:
            changes.append(Change("added", item, None))
        else:
            moved = item.key[0] == "requirement" and _chapter(before.section) != _chapter(item.section)
            changed = before.text != item.text
            if moved or changed:
                changes.append(Change("moved_changed" if moved and changed else "moved" if moved else "changed", item, before))
        changes += deleted_after.get(item.key, [])
    # each side's edition as its own cover prints it (an RFP amended by an addendum is that addendum's version)
    edition = lambda p: str(doc_info(p, view)["version"] or "")  # noqa: E731
    return Comparison(view, new.lang, edition(old), edition(new), changes)


def _chapter(section: str) -> str:
    """'7. 運営管理方法' of a heading: requirements sit directly under their part's chapter."""
    return re.sub(r"^\d+(\.\d+)*\.?\s*", "", section)


def compare_projects(old_data: dict, new_data: dict, view: str = "requirements") -> Comparison:
    """Compare two project dicts (two files, or two saved revisions of a wizard draft)."""
    return compare(Project(old_data), Project(new_data), view)


def marked(old: str, new: str) -> tuple[list[tuple[str, bool]], list[tuple[str, bool]]]:
    """Both texts as (segment, changed) runs: the words that differ are marked on each side."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    old_runs, new_runs = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if i2 > i1:
            old_runs.append(("".join(a[i1:i2]), op != "equal"))
        if j2 > j1:
            new_runs.append(("".join(b[j1:j2]), op != "equal"))
    return old_runs, new_runs


def summary_line(change: Change, lang: str, by_id: bool = True) -> str:
    """`by_id`: name requirements by their id (internal), else by the number the reader sees."""
    item = change.new or change.old
    name = item.requirement if by_id and item.requirement else item.label
    what = (tr(lang, f"{name}（{item.section}）", f"{name} ({item.section})") if item.requirement
            else tr(lang, f"「{item.section}」の「{name}」", f"{item.section}: {name}") if name
            else tr(lang, f"「{item.section}」", item.section))
    if change.kind in ("moved", "moved_changed"):
        also = tr(lang, "し、内容を変更", " and changed it") if change.kind == "moved_changed" else ""
        return tr(lang, f"{name}を「{change.old.section}」から「{change.new.section}」へ移動{also}",
                  f"Moved {name} from {change.old.section} to {change.new.section}{also}")
    verb = {"added": ("を追加", "Added"), "changed": ("を変更", "Changed"), "deleted": ("を削除", "Deleted")}[change.kind]
    return tr(lang, f"{what}{verb[0]}", f"{verb[1]} {what}")
