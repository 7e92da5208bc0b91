"""The Q&A register online (the `questions` step): the leak check shown beside every answer, publication
refused while it would betray a withheld requirement or the asker, the clarifications document and the
addendum / 新旧対照表 between two saved revisions.

What is refused and why is the library's: rfpgen.clarifications checks the register (the RFP's own
leak check on every question and answer, the anonymity of the asker, an answer to publish), and
rfpgen.documents builds the documents. This module only decides what the page shows and keeps a
refused publication as an unpublished answer, the typed text saved.
"""
from __future__ import annotations

import copy
import re
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .summaries import in_both, said
from ..clarifications import FIELDS, leaks_by_question
from ..errors import ProjectInvalid, RfpgenError, WithheldTextLeaked
from ..project import Project
from ..validation import project_from_data
from ..words import say
from ..yamlio import Document
from . import events
from .builds import file_stem, leak_message
from .drafts import validate
from .forms import drop_blank
from .messages import place_of

PUBLICATION_FIELDS = (*FIELDS, "published")  # the fields whose errors exist only because a question is published
_ROW = re.compile(r"questions\[(\d+)\]\.(\w+)")


def _questions(data: dict) -> list:
    rows = data.get("questions")
    return rows if isinstance(rows, list) else []


def _number(row, index: int):
    value = row.get("number") if isinstance(row, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else f"#{index + 1}"


# ---------------------------------------------------------------- publishing

@dataclass(frozen=True)
class RowRef:
    """A row of the register the user acted on: its index then, and its number to find it again after
    blank rows are dropped."""
    index: int
    number: object


def publish_action(data: dict, action: str) -> RowRef | None:
    """`publish:N` / `unpublish:N` (a row's button): set row N's published flag; the row acted on, or None."""
    match = re.fullmatch(r"(publish|unpublish):(\d+)", action)
    rows = _questions(data)
    if not match or int(match[2]) >= len(rows) or not isinstance(rows[int(match[2])], dict):
        return None
    row = rows[int(match[2])]
    row["published"] = match[1] == "publish"
    return RowRef(int(match[2]), row.get("number"))


def row_of(data: dict, ref: RowRef) -> int:
    """Where the row acted on is now."""
    rows = _questions(data)
    if ref.number is not None:
        found = next((i for i, q in enumerate(rows) if isinstance(q, dict) and q.get("number") == ref.number), None)
        if found is not None:
            return found
    return min(ref.index, max(len(rows) - 1, 0))


def publication_blockers(data: dict, lang: str, problems: list | None = None) -> dict[int, list[str]]:
    """Per published row, why it cannot go to vendors: the register's errors at its question, answer, RFP
    section or published flag. The library raises them only for a published question (a leak, a vendor
    named, no answer); an unpublished draft gets the same findings as warnings. `problems`: the data's,
    when the caller has them."""
    if not any(isinstance(q, dict) and q.get("published") for q in _questions(data)):
        return {}
    found: dict[int, list[str]] = {}
    for problem in validate(data, lang) if problems is None else problems:
        match = _ROW.fullmatch(problem.path)
        if problem.severity == "error" and match and match[2] in PUBLICATION_FIELDS:
            index = int(match[1])
            if problem.message not in found.get(index, []):
                found.setdefault(index, []).append(problem.message)
    return {i: reasons for i, reasons in found.items() if _questions(data)[i].get("published")}


def guard(data: dict, lang: str) -> tuple[dict, dict[int, list[str]], list | None]:
    """The data to save, with every published answer that may not be published set back to unpublished
    (its text kept), and the reasons per row; and the problems of the data to save when the check found
    them (the whole project is validated, which the page after the save need not do again)."""
    if not any(isinstance(q, dict) and q.get("published") for q in _questions(data)):
        return data, {}, None
    problems = validate(data, lang)
    blockers = publication_blockers(data, lang, problems)
    if not blockers:
        return data, {}, problems
    kept = copy.deepcopy(data)
    for index in blockers:
        kept["questions"][index]["published"] = False
    return kept, blockers, None


def refusal_messages(data: dict, blockers: dict[int, list[str]], lang: str) -> list[str]:
    return [say("ui.qa_publish_refused", lang, n=_number(_questions(data)[i], i), reason=" ".join(reasons))
            for i, reasons in sorted(blockers.items())]


def record_publication(runtime, draft, before: dict, after: dict, blockers: dict[int, list[str]], lang: str) -> None:
    """Events for answers published, unpublished, or refused by the checks (rows matched by number)."""
    was = {q.get("number"): bool(q.get("published")) for q in _questions(before) if isinstance(q, dict)}
    for i, q in enumerate(_questions(after)):
        if not isinstance(q, dict):
            continue
        number, now = _number(q, i), bool(q.get("published"))
        if i in blockers:
            events.record(runtime, draft, "answer_refused",
                          said("ui.qa_event_refused", n=number, reason=" ".join(blockers[i])))
        elif now != was.get(q.get("number"), False):
            events.record(runtime, draft, "answer_published" if now else "answer_withdrawn",
                          said("ui.qa_event_answer", n=number, section=q.get("rfp_section") or "–"))


# ---------------------------------------------------------------- what the page shows beside each answer

@dataclass(frozen=True)
class LeakStatus:
    checked: bool  # False: the draft cannot be read as a project yet (the check runs once it can)
    leaks: tuple[str, ...]  # withheld requirement ids quoted or paraphrased, in any field of the row
    published: bool


def _project(data: dict) -> Project | None:
    try:
        cleaned = drop_blank(copy.deepcopy(data))
        return Project(cleaned, Document(cleaned, "project.yaml"))
    except Exception:  # noqa: BLE001 - a draft half filled in: the validation messages say what is missing
        return None


def leak_statuses(data: dict) -> dict[int, LeakStatus]:
    """The library's leak check on every row, published or not, for the page to show before publishing."""
    project, rows = _project(data), _questions(data)
    if project is None:
        return {i: LeakStatus(False, (), bool(isinstance(q, dict) and q.get("published"))) for i, q in enumerate(rows)}
    try:
        found = leaks_by_question(project)
    except (KeyError, TypeError, AttributeError, ValueError):
        return {i: LeakStatus(False, (), bool(isinstance(q, dict) and q.get("published"))) for i, q in enumerate(rows)}
    statuses = {}
    for i, q in enumerate(rows):
        ids = tuple(dict.fromkeys(leak.withheld_id for field in FIELDS for leak in found.get((i, field), [])))
        statuses[i] = LeakStatus(True, ids, bool(isinstance(q, dict) and q.get("published")))
    return statuses


def decorate(sections: list[dict], data: dict, lang: str) -> None:
    """Add to each row of the register the leak check (shown after the answer) and a publish button."""
    statuses = leak_statuses(data)
    for section in sections:
        for node in section["children"]:
            if node.get("type") != "table" or node.get("name") != "questions":
                continue
            for row in node["rows"]:
                status = statuses.get(row["index"])
                if status is None:
                    continue
                if not status.checked:
                    text, state = say("ui.qa_leak_unchecked", lang), "unchecked"
                elif status.leaks:
                    text, state = say("ui.qa_leak_found", lang, ids=", ".join(status.leaks)), "leak"
                else:
                    text, state = say("ui.qa_leak_clear", lang), "clear"
                row["after"] = {"field": f"{row['name']}.answer", "state": state, "text": text,
                                "id": f"qa-leak-{row['index']}"}
                row["actions"] = [{"value": f"{'unpublish' if status.published else 'publish'}:{row['index']}",
                                   "label": say("ui.qa_unpublish" if status.published else "ui.qa_publish", lang),
                                   "published": status.published}]


# ---------------------------------------------------------------- the documents

class DocumentRefused(RfpgenError):
    """A document of the question period that cannot be made from this draft (in the user's words)."""


def _valid_project(data: dict, lang: str, revision: int | None = None) -> Project:
    try:
        return project_from_data(drop_blank(copy.deepcopy(data)), "project.yaml", lang)
    except ProjectInvalid as exc:
        words = ("ui.qa_revision_invalid", "ui.qa_draft_invalid")[revision is None]
        said = {}
        for language in ("en", "ja"):  # each error where the wizard shows it (step › field) and in its words
            errors = [p for p in validate(data, language) if p.severity == "error"] or exc.errors
            first = "; ".join((f"{place_of(p.path, language)}: " if p.path else "") + p.message for p in errors[:3])
            said[language] = say(words, language, n=revision, count=len(errors), first=first)
        raise DocumentRefused(said["en"], said["ja"]) from None


def _leak_refusal(exc: WithheldTextLeaked) -> DocumentRefused:
    if not exc.leaks:
        return DocumentRefused(exc.message("en"), exc.message("ja"))
    return DocumentRefused(" ".join(leak_message(leak, "en") for leak in exc.leaks),
                           " ".join(leak_message(leak, "ja") for leak in exc.leaks))


def _keep(runtime, draft, kind: str, name: str, content: bytes, summary: str) -> events.Event:
    """Store a made document and record it: what went to vendors stays retrievable as it was."""
    key = f"p{draft.id}/qa/{secrets.token_hex(6)}/{name}"
    runtime.files.put(key, content)
    return events.record(runtime, draft, kind, summary, file_key=key)


def clarifications(runtime, draft, lang: str) -> tuple[str, bytes]:
    """The 質問回答書 of the draft's current revision (published answers only), stored and recorded."""
    from ..clarifications import published
    from ..documents.build import render_documents

    project = _valid_project(draft.data, lang)
    if not published(project):
        raise DocumentRefused(say("ui.qa_none_published", "en"), say("ui.qa_none_published", "ja"))
    with tempfile.TemporaryDirectory() as scratch:
        try:
            rendered = render_documents(project, Path(scratch), only={"qa"})
        except WithheldTextLeaked as exc:
            raise _leak_refusal(exc) from None
    (path, content), = rendered.items()
    _keep(runtime, draft, "clarifications_made", path.name, content,
          in_both(lambda language: say("ui.qa_event_clarifications", language, n=len(published(project)), revision=draft.revision)))
    return path.name, content


CHANGE_DOCUMENTS = ("requirements", "rfp")  # the internal 新旧対照表, the addendum for vendors


def changes(runtime, draft, old_number: int, new_number: int, view: str, lang: str) -> tuple[str, bytes]:
    """The 新旧対照表 of the requirements definition (`requirements`, internal) or the RFP addendum
    (`rfp`, for vendors, leak-checked) between two saved revisions; stored and recorded."""
    from ..documents.comparison import OUTPUT_NAMES, render_comparisons

    if view not in CHANGE_DOCUMENTS:
        raise DocumentRefused(say("ui.qa_changes_pick", "en"), say("ui.qa_changes_pick", "ja"))
    if old_number == new_number:
        raise DocumentRefused(say("ui.qa_changes_same", "en"), say("ui.qa_changes_same", "ja"))
    store = runtime.store
    old_data, new_data = store.data_at(draft, old_number), store.data_at(draft, new_number)
    if old_data is None or new_data is None:
        missing = old_number if old_data is None else new_number
        raise DocumentRefused(say("ui.qa_revision_gone", "en", n=missing), say("ui.qa_revision_gone", "ja", n=missing))
    old, new = _valid_project(old_data, lang, old_number), _valid_project(new_data, lang, new_number)
    try:
        documents = render_comparisons(old, new)
    except WithheldTextLeaked as exc:
        raise _leak_refusal(exc) from None
    comparison, content = documents[view]
    name = f"{file_stem(new_data)}-r{old_number}-r{new_number}-{OUTPUT_NAMES[view]}"
    _keep(runtime, draft, "changes_made", name, content,
          in_both(lambda language: say("ui.qa_event_changes", language, document=say(f"ui.qa_changes_{view}", language),
                                       old=old_number, new=new_number, n=len(comparison.changes))))
    return name, content
