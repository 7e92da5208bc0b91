"""Saving a step when colleagues may have saved meanwhile: merge what does not overlap, ask about the rest.

A save from the current revision is stored as is. A save from an older revision is merged against
the draft now (rfpgen.web.merge): changes to different fields, on the same or another step, all
survive. Where both changed the same field, nothing is stored but the refused submission (kept in
the history); the editor then sees each such field side by side and picks, field by field, whose
value stays. Picking "mine" replaces only those fields, never a colleague's other changes. A form
submitted twice gives the same data the first submit saved, so the second is a no-op, not a conflict.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, flash, redirect, render_template, url_for

from .summaries import said
from ..project import date_style_of
from ..words import say
from .current import shown_time
from .messages import describe_path, field_name
from .merge import Conflict, differences, three_way
from .forms import value_text
from .steps import STEP_BY_KEY, STEPS, nodes_along
from .store import Draft, DraftStore

ATTEMPTS = 5  # merges retried when yet another save lands in between


@dataclass(frozen=True)
class Outcome:
    draft: Draft
    saved: bool  # the submission is in the draft (possibly merged, possibly already there)
    merged_with: int | None = None  # the revision a merge took colleagues' changes from
    refused_id: int | None = None  # the refused submission's revision row, on a conflict
    conflicts: list[Conflict] = field(default_factory=list)


def save(store: DraftStore, draft: Draft, base: int, base_data: dict, mine: dict, step: str, summary: str,
         choose=None, text: str | None = None) -> Outcome:
    """Save `mine`, edited from revision `base` (whose data is `base_data`), into the draft as it is now
    (`text`: mine's JSON, when the caller has it already)."""
    for _ in range(ATTEMPTS):
        if draft.revision == base:
            merged, conflicts = mine, []
        else:
            merged, conflicts = three_way(base_data, draft.data, mine, choose)
        if conflicts and choose is None:
            refused_id = store.refuse(draft, base, mine, step, summary)
            return Outcome(draft, False, refused_id=refused_id, conflicts=conflicts)
        if merged == draft.data:  # already there: a repeated submit, or a colleague typed the same
            return Outcome(draft, True)
        result = store.save(draft, draft.revision, merged, step, summary, keep_refused=False,
                            text=text if merged is mine else None)
        if result.saved:
            return Outcome(result.draft, True, merged_with=draft.revision if draft.revision != base else None)
        draft = result.draft
    refused_id = store.refuse(draft, base, mine, step, summary)
    return Outcome(draft, False, refused_id=refused_id)


@dataclass(frozen=True)
class Refused:
    """A refused submission and what it is compared with."""
    revision_id: int
    base: int | None
    step: str
    mine: dict
    base_data: dict
    conflicts: list[Conflict]


def refused(store: DraftStore, draft: Draft, revision_id: int) -> Refused | None:
    """The refused submission `revision_id` against the draft as it is now, or None if there is none."""
    meta = store.revision(draft, revision_id)
    mine = store.revision_data(draft, revision_id) if meta and meta.status == "refused" else None
    if mine is None:
        return None
    base_data = (store.data_at(draft, meta.base) if meta.base else None) or {}
    _, conflicts = three_way(base_data, draft.data, mine)
    return Refused(revision_id, meta.base, meta.step, mine, base_data, conflicts)


def resolve(store: DraftStore, draft: Draft, found: Refused, picks: dict[str, str], summary: str) -> Outcome:
    """Save the refused submission with each overlapping field decided by `picks` (key -> mine|theirs).

    A field that overlaps now but was not on the page the editor decided on (a colleague saved again)
    is not guessed: the outcome lists it and nothing is saved."""
    _, conflicts = three_way(found.base_data, draft.data, found.mine)
    undecided = [c for c in conflicts if c.key not in picks]
    if undecided:
        return Outcome(draft, False, refused_id=found.revision_id, conflicts=conflicts)
    return save(store, draft, found.base or draft.revision, found.base_data, found.mine, found.step, summary,
                choose=lambda conflict: picks.get(conflict.key, "theirs"))


# ---------------------------------------------------------------- pages (routed in wizard.py, which passes
# the store, the UI language and its sidebar, as for the library picker)

def shown(value, lang: str, path: tuple = (), style: str | None = None) -> str:
    """A value as the comparison shows it: a field's as the review shows it (choices by their words), a
    group or rows as their fields' labels and values, one a line; never the file's keys or codes."""
    if value is None or value == "" or value == [] or value == {}:
        return say("ui.empty", lang)
    along = nodes_along(path)
    node = along[-1][0] if along else None
    if node is not None and node.is_field:
        one_of_a_list = node.kind in ("picks", "csv", "lines", "numbers") and not isinstance(value, list)
        return value_text(node, [value] if one_of_a_list else value, lang, style)
    if isinstance(value, bool):
        return say("ui.yes" if value else "ui.no", lang)
    if isinstance(value, dict):
        lines = []
        for key, inner in value.items():
            text, label = shown(inner, lang, path + (key,), style), _label(path + (key,), lang)
            if isinstance(inner, dict) or "\n" in text:  # a group under its label, its fields indented
                lines += [label] + ["  " + line for line in text.split("\n")]
            else:
                lines.append(f"{label}: {text}")
        return "\n".join(lines)
    if isinstance(value, list):
        return "\n".join("・" + shown(row, lang, path + (i,), style).replace("\n", " / ") if isinstance(row, dict)
                         else shown(row, lang, path + (i,), style) for i, row in enumerate(value))
    return str(value)


def _label(path: tuple, lang: str) -> str:
    """The label of the field or group at `path`, as the form shows it; the key where no form has it."""
    along = nodes_along(path)
    reached = sum(len(node.key.split(".")) for node, _ in along)  # a node's key may span levels (evaluation.rules)
    return field_name(along[-1][0].label, lang) if along and reached == len([p for p in path if not isinstance(p, int)]) \
        else str(path[-1])


ORIGINS = ("start", "upload", "restore")  # a revision's step when no step saved it (rfpgen.web.wizard)


def revision_origin(step: str, lang: str) -> str:
    """What a revision's stored step means to a reader: the wizard step or the scoring page it was saved
    on, or how it came about (a new project, a file opened, an earlier revision restored); never the id."""
    if step in STEP_BY_KEY:
        return say(f"step.{step}", lang)
    if step in ORIGINS:
        return say(f"ui.origin_{step}", lang)
    return say("ui.scoring_title", lang) if step == "scoring" else step


def conflict_page(store: DraftStore, draft: Draft, revision_id: int, step, lang: str, sidebar, status: int = 409):
    """The refused submission beside the current draft, one row per overlapping field, with a choice each."""
    found = refused(store, draft, revision_id)
    if found is None:
        abort(404)
    latest = next((r for r in store.revisions(draft) if r.status == "saved"), None)
    style = date_style_of(draft.data, lang)
    rows = [{"key": c.key, "field": describe_path(c.key, lang, draft.data), "theirs": shown(c.theirs, lang, c.path, style),
             "mine": shown(c.mine, lang, c.path, style)} for c in found.conflicts]
    return render_template(
        "conflict.html", draft=draft, base=found.base, step=step, refused_id=revision_id, rows=rows,
        latest_when=shown_time(latest.created_at, draft.data) if latest else "",
        latest_step=revision_origin(latest.step, lang) if latest else "",
        steps=sidebar(draft), total=len(STEPS)), status


def refused_step(store: DraftStore, draft: Draft, revision_id: int):
    """The wizard step a refused submission came from (the review for the library and restores)."""
    meta = store.revision(draft, revision_id)
    if meta is None or meta.status != "refused":
        abort(404)
    step = STEP_BY_KEY.get(meta.step)
    return step if step is not None and step.kind == "form" else STEP_BY_KEY["review"]


def resolve_page(store: DraftStore, draft: Draft, revision_id: int, lang: str, sidebar, form):
    """Save a refused submission with the editor's pick for each overlapping field."""
    found = refused(store, draft, revision_id)
    if found is None:
        abort(404)
    step = refused_step(store, draft, revision_id)
    picks = {name[5:]: value for name, value in form.items()
             if name.startswith("pick:") and value in ("mine", "theirs")}
    outcome = resolve(store, draft, found, picks, said("ui.summary_resolved"))
    if not outcome.saved:
        return conflict_page(store, outcome.draft, outcome.refused_id or revision_id, step, lang, sidebar)
    flash(say("ui.saved", lang), "ok")
    return redirect(url_for("wizard.step", token=draft.token, key=step.key))


def compare_page(store: DraftStore, draft: Draft, lang: str, sidebar, args):
    """Two saved revisions side by side, field by field (the history's comparison)."""
    try:
        old_number, new_number = int(args.get("old", "")), int(args.get("new", ""))
    except ValueError:
        abort(400)
    old, new = store.data_at(draft, old_number), store.data_at(draft, new_number)
    if old is None or new is None:
        abort(404)
    style = date_style_of(new, lang)
    rows = [{"key": d.key, "field": describe_path(d.key, lang, new), "old": shown(d.theirs, lang, d.path, style),
             "new": shown(d.mine, lang, d.path, style)}
            for d in differences(old, new)]
    return render_template("compare.html", draft=draft, old_number=old_number, new_number=new_number, rows=rows,
                           steps=sidebar(draft), total=len(STEPS))
