"""The scoring page (/p/<token>/scoring): the evaluators' workbooks out and back, who has returned
what, the consensus meeting's agreed scores, the tally and its documents.

Thin over the library: rfpgen.scoring reads each workbook as it arrives (inspect_workbook: refusals
name the file, sheet and cell) and tallies them (rfpgen.responses.scoring.score, what `rfpgen score`
runs) in a background job (rfpgen.web.score_jobs). Every upload is kept (rfpgen.web.uploads): a
refused or replaced one stays in the history. Agreed scores are saved in the draft where the library
reads them (evaluation.consensus), as a merged save like any step's; uploads and consensus changes
go into the project's selection log (rfpgen.web.events).
"""
from __future__ import annotations

import copy
import tempfile
import unicodedata
from collections import OrderedDict
from pathlib import Path
from threading import Lock

from functools import partial

from flask import abort, flash, redirect, render_template, url_for

from .summaries import in_both
from ..errors import ProjectInvalid
from ..scoring import PRESENTATIONS, model
from ..scoring.model import PresentationScheme, Scheme
from ..scoring.price import computed_figures
from ..scoring.readback import SheetProblem, inspect_workbook
from ..text import EMPTY, number
from ..validation import project_from_data
from ..words import say
from . import events, jobs, score_jobs, teamwork, uploads
from .builds import SCRATCH_PREFIX, page_state as build_state
from .drafts import ordered
from .forms import drop_blank
from .limits import DraftTooLarge, check_draft, limit

AREA = "scoring"
REASON_LENGTH = 20000  # as the schema's free text

_projects: OrderedDict = OrderedDict()
_projects_lock = Lock()


def project_of(draft, lang: str):
    """The draft's current revision as a validated project, or None while it has errors (cached per revision)."""
    key = (draft.token, draft.revision)
    with _projects_lock:
        if key in _projects:
            _projects.move_to_end(key)
            return _projects[key]
    try:
        project = project_from_data(drop_blank(draft.data), "project.yaml", lang)
    except ProjectInvalid:
        project = None
    with _projects_lock:
        _projects[key] = project
        while len(_projects) > 32:
            _projects.popitem(last=False)
    return project


# ---------------------------------------------------------------- what each upload is

def slot_of(kind: str, evaluator: str | None) -> str:
    return f"{kind}:{evaluator}" if kind in (model.KIND_EVALUATOR, model.KIND_PRESENTATION) else kind


def expected_slots(project) -> list[str]:
    """The workbooks the tally needs, in the order the page lists them."""
    scheme, stage = Scheme(project), PresentationScheme(project)
    slots = [slot_of(model.KIND_EVALUATOR, e["id"]) for e in scheme.evaluators()]
    if stage.weighted():
        slots += [slot_of(model.KIND_PRESENTATION, e["id"]) for e in scheme.evaluators()]
    return slots + [model.KIND_PRICES]


def slot_label(slot: str, project, lang: str) -> str:
    kind, _, evaluator = slot.partition(":")
    names = {e["id"]: e["name"] for e in (project.data["evaluation"].get("evaluators") or [])} if project else {}
    who = f"{names[evaluator]}（{evaluator}）" if lang == "ja" and evaluator in names else \
        f"{names[evaluator]} ({evaluator})" if evaluator in names else evaluator
    return say(f"ui.score_slot_{kind}", lang, who=who) if kind in (model.KIND_EVALUATOR, model.KIND_PRESENTATION,
                                                                  model.KIND_PRICES, model.KIND_CONSENSUS) else slot


def slot_title(slot: str, project, lang: str) -> str:
    """The slot's name standing alone (a row or list heading): as in a sentence, capitalised."""
    label = slot_label(slot, project, lang)
    return label[:1].upper() + label[1:]


def _problem_json(problem) -> dict:
    return {"sheet": problem.sheet, "cell": problem.cell, "en": problem.message, "ja": problem.ja or problem.message,
            "severity": problem.severity}


def problem_text(problem: dict, name: str, lang: str) -> str:
    """A stored problem as the page says it: file, sheet and cell in the reader's words, then what is wrong."""
    return SheetProblem(name, problem.get("sheet"), problem.get("cell"), problem["en"], problem.get("severity", "error"),
                        ja=problem.get("ja")).line(lang, hint=False)


def _upload_summary(name: str, slot: str, project, refusals: list | None, lang: str) -> str:
    """A workbook upload as the log says it: the file and whose it is, or why it was refused."""
    if refusals is None:
        return f"{name}: {slot_label(slot, project, lang)}"
    return " / ".join(problem_text(p, name, lang) for p in refusals if p["severity"] == "error")


def receive(runtime, draft, files, lang: str) -> list[dict]:
    """Check and keep each uploaded file; what became of each: {upload, name, outcome} where outcome is
    accepted, replaced (accepted, an earlier upload of its slot now history), refused or identical."""
    project = project_of(draft, lang)
    checksum = {"document": Scheme(project).checksum(), "presentation": PresentationScheme(project).checksum()}
    current = uploads.current(uploads.of_project(runtime, draft, AREA))
    outcomes = []
    for file in files:
        name = uploads.safe_name(file.filename)
        content = file.read()
        if not content:
            details = {"problems": [{"sheet": None, "cell": None, "en": "the file is empty", "ja": "ファイルが空です",
                                     "severity": "error"}]}
            found = None
        else:
            runtime.work_root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=runtime.work_root) as scratch:
                path = Path(scratch) / (name if not name.startswith(("~$", "._")) else "leftover.xlsx")
                path.write_bytes(content)
                found = inspect_workbook(project, path, name)
            details = {"kind": found.kind, "evaluator": found.evaluator, "vendors": found.vendors, "agreed": found.agreed,
                       "problems": [_problem_json(p) for p in found.problems],
                       "checksum": checksum["presentation" if found.kind == model.KIND_PRESENTATION else "document"]}
        accepted = found is not None and not found.refused
        slot = slot_of(found.kind, found.evaluator) if accepted else ""
        earlier = current.get(slot) if accepted else None
        if earlier is not None and earlier.sha256 == uploads.sha256(content):
            outcomes.append({"upload": earlier, "name": name, "outcome": "identical"})
            continue
        upload = uploads.add(runtime, draft, AREA, slot, accepted, name, content, details, events.actor())
        outcome = "refused" if not accepted else "replaced" if earlier is not None else "accepted"
        if accepted:
            current[slot] = upload
        summary = in_both(partial(_upload_summary, name, slot, project, details["problems"] if not accepted else None))
        events.record(runtime, draft, f"workbook_{outcome}", summary, file_key=upload.file_key)
        outcomes.append({"upload": upload, "name": name, "outcome": outcome})
    return outcomes


# ---------------------------------------------------------------- who has returned what

def presentations_due(current: dict, tallied) -> bool:
    """Whether the presentation workbooks are due: once a tally has settled who presents (it wrote their
    workbooks) or gave the final ranking, or one of them has come back; before, the document stage is
    being scored and they are not missing."""
    if any(slot.startswith(f"{model.KIND_PRESENTATION}:") for slot in current):
        return True
    result = tallied.result if tallied else None
    return bool(result) and (not result.get("document_stage")
                             or any(name.startswith(f"{PRESENTATIONS}/") for name in result.get("documents", [])))


def progress(project, runtime, draft, lang: str, tallied=None) -> dict:
    """The evaluator × vendor grid: each expected workbook, its current upload and, per vendor, whether
    its sheet is complete (a presentation workbook not yet due said so: `tallied`, the newest finished
    tally, tells); the earlier versions of each; the refused uploads."""
    scheme = Scheme(project)
    checksums = {model.KIND_PRESENTATION: PresentationScheme(project).checksum()}
    found = uploads.of_project(runtime, draft, AREA)
    current = uploads.current(found)
    due = presentations_due(current, tallied)
    vendors = [{"id": v["id"], "name": v["name"]} for v in scheme.vendors()]
    slots = expected_slots(project)
    if model.KIND_CONSENSUS in current:
        slots.append(model.KIND_CONSENSUS)
    rows = []
    for slot in slots:
        upload = current.get(slot)
        kind = slot.partition(":")[0]
        slot_due = due or kind != model.KIND_PRESENTATION
        cells = []
        for vendor in vendors:
            if upload is None:
                state, blanks = ("none" if slot_due else "not_due"), None
            elif kind == model.KIND_CONSENSUS:
                state, blanks = "na", None
            else:
                blanks = (upload.details.get("vendors") or {}).get(vendor["id"], "unknown")
                if blanks == "unknown":
                    state, blanks = "unknown", None  # a vendor added after this workbook was checked
                elif blanks is None:
                    state = "missing"
                elif kind == model.KIND_PRESENTATION:
                    state = "complete" if blanks == 0 else "blank"
                else:
                    state = "complete" if blanks == 0 else "incomplete"
            cells.append({"vendor": vendor["id"], "state": state, "blanks": blanks})
        expected = checksums.get(kind, scheme.checksum())
        rows.append({"slot": slot, "label": slot_title(slot, project, lang), "upload": upload, "cells": cells, "due": slot_due,
                     "stale": bool(upload and kind != model.KIND_CONSENSUS and upload.details.get("checksum") != expected),
                     "earlier": [u for u in found if u.accepted and u.slot == slot and u is not upload],
                     "agreed": upload.details.get("agreed") if upload and kind == model.KIND_CONSENSUS else None})
    needed = [r for r in rows if r["slot"] != model.KIND_CONSENSUS and r["due"]]
    returned = sum(1 for r in needed if r["upload"])
    complete = sum(1 for r in needed if r["upload"] and all(c["state"] in ("complete", "blank") for c in r["cells"]))
    return {"vendors": vendors, "rows": rows, "returned": returned, "expected": len(needed), "complete": complete,
            "refused": [u for u in found if not u.accepted][:20], "all": found, "current": current,
            "newest": found[0].id if found else 0}


# ---------------------------------------------------------------- the consensus meeting's agreed scores

def _consensus(data: dict) -> list:
    evaluation = data.get("evaluation") if isinstance(data.get("evaluation"), dict) else {}
    rows = evaluation.get("consensus")
    return rows if isinstance(rows, list) else []


def _entry(data: dict, vendor: str, criterion: str) -> dict | None:
    return next((e for e in _consensus(data) if isinstance(e, dict) and e.get("vendor") == vendor
                 and e.get("criterion") == criterion), None)


def _with_entry(data: dict, vendor: str, criterion: str, entry: dict | None) -> dict:
    """A copy of `data` with this vendor's and criterion's agreed score set to `entry` (None: removed)."""
    new = copy.deepcopy(data)
    evaluation = new.setdefault("evaluation", {})
    rows = [e for e in _consensus(new)]
    at = next((i for i, e in enumerate(rows) if isinstance(e, dict) and e.get("vendor") == vendor
               and e.get("criterion") == criterion), None)
    if entry is None and at is not None:
        rows.pop(at)
    elif entry is not None and at is not None:
        rows[at] = entry
    elif entry is not None:
        rows.append(entry)
    if rows:
        evaluation["consensus"] = rows
    else:
        evaluation.pop("consensus", None)
    return ordered(new)


def _score(text: str, scale_max: int) -> float | int | None:
    cleaned = unicodedata.normalize("NFKC", text or "").strip()
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if not 0 <= value <= scale_max or value != value:
        return None
    return int(value) if value.is_integer() else round(value, 6)


def _scale_max(data: dict) -> int:
    scale = (data.get("evaluation") or {}).get("scale") if isinstance(data.get("evaluation"), dict) else None
    value = scale.get("max") if isinstance(scale, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 5


def _criteria(evaluation: dict) -> list[dict]:
    """The draft's criteria of the documents, then of the presentations: a presentation criterion is agreed
    in the consensus meeting as a criterion of the documents is."""
    rules = evaluation.get("rules") if isinstance(evaluation.get("rules"), dict) else {}
    stage = rules.get("presentation") if isinstance(rules.get("presentation"), dict) else {}
    return [c for c in [*(evaluation.get("criteria") or []), *(stage.get("criteria") or [])] if isinstance(c, dict)]


def consensus_items(draft, job) -> list[dict]:
    """The items the latest tally flagged for the consensus meeting, with what the draft now records for
    each, then any agreed score the draft records for an item no longer flagged."""
    items = [dict(item) for item in ((job.result or {}).get("consensus_items") or [])] if job else []
    seen = set()
    for item in items:
        entry = _entry(draft.data, item["vendor"], item["criterion"])
        item["recorded"] = entry
        item["mean_text"], item["spread_text"] = number(item["mean"], 2, EMPTY), number(item["spread"], 2, EMPTY)
        seen.add((item["vendor"], item["criterion"]))
    evaluation = draft.data.get("evaluation") if isinstance(draft.data.get("evaluation"), dict) else {}
    vendors = {v.get("id"): v.get("name") for v in evaluation.get("vendors") or [] if isinstance(v, dict)}
    criteria = {c.get("id"): c.get("name") for c in _criteria(evaluation)}
    for entry in _consensus(draft.data):
        if isinstance(entry, dict) and (entry.get("vendor"), entry.get("criterion")) not in seen:
            items.append({"vendor": entry.get("vendor"), "vendor_name": vendors.get(entry.get("vendor"), entry.get("vendor")),
                          "criterion": entry.get("criterion"),
                          "criterion_name": criteria.get(entry.get("criterion"), entry.get("criterion")),
                          "scores": [], "mean": None, "spread": None, "recorded": entry, "unflagged": True})
    return items


def save_consensus(store, runtime, draft, form, lang: str, sidebar):
    """Record (or remove) one agreed score with its reason as a merged save of the draft; a refused
    entry re-renders the page with what was typed, a conflict shows the field-by-field comparison."""
    vendor, criterion = form.get("vendor", ""), form.get("criterion", "")
    remove = form.get("_action") == "remove"
    try:
        base = int(form.get("_revision", ""))
    except ValueError:
        abort(400)
    evaluation = draft.data.get("evaluation") if isinstance(draft.data.get("evaluation"), dict) else {}
    vendors = {v.get("id"): v.get("name") for v in evaluation.get("vendors") or [] if isinstance(v, dict)}
    scored = {c.get("id"): c.get("name") for c in _criteria(evaluation) if not c.get("mandatory")}
    if vendor not in vendors or criterion not in scored:
        abort(400)
    typed = {"vendor": vendor, "criterion": criterion, "score": form.get("score", ""),
             "reason": (form.get("reason") or "").replace("\r\n", "\n")}
    smax = _scale_max(draft.data)
    entry = None
    if not remove:
        score, reason = _score(typed["score"], smax), typed["reason"].strip()
        error = (say("ui.consensus_score_invalid", lang, max=smax) if score is None else
                 say("ui.consensus_reason_missing", lang) if not reason else
                 say("ui.consensus_reason_long", lang, n=f"{REASON_LENGTH:,}") if len(reason) > REASON_LENGTH else None)
        if error:
            return page(runtime, store, draft, lang, sidebar, consensus_error={"vendor": vendor, "criterion": criterion,
                                                                            "message": error, "typed": typed}, status=400)
        entry = {"vendor": vendor, "criterion": criterion, "score": score, "reason": reason}
    base_data = draft.data if base == draft.revision else (store.data_at(draft, base) or draft.data)
    names = {"vendor": vendors[vendor], "criterion": scored[criterion]}
    summary = in_both(lambda language: say("ui.summary_consensus_removed", language, **names) if remove else
                      say("ui.summary_consensus_saved", language, score=f"{entry['score']:g}", reason=_short(entry["reason"]), **names))
    if _entry(base_data, vendor, criterion) == _entry(draft.data, vendor, criterion):
        # nobody changed this item since the page was opened: the edit applies to the draft as it is now
        mine = _with_entry(draft.data, vendor, criterion, entry)
        start, start_data = draft.revision, draft.data
    else:  # a colleague changed the same item meanwhile: the comparison decides
        mine = _with_entry(base_data, vendor, criterion, entry)
        start, start_data = base, base_data
    outcome = teamwork.save(store, draft, start, start_data, mine, AREA, summary, text=check_draft(mine))
    if not outcome.saved:
        from .steps import STEP_BY_KEY

        return teamwork.conflict_page(store, outcome.draft, outcome.refused_id, STEP_BY_KEY["review"], lang, sidebar)
    if outcome.draft.revision != draft.revision:  # something changed (a repeated submit changes nothing)
        events.record(runtime, outcome.draft, "consensus_removed" if remove else "consensus_saved", summary)
    flash(say("ui.consensus_removed" if remove else "ui.consensus_saved", lang), "ok")
    return redirect(url_for("wizard.scoring", token=draft.token) + f"#consensus-{vendor}-{criterion}")


def _short(text: str, length: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1] + "…"


# ---------------------------------------------------------------- the page

def tally_state(runtime, draft) -> dict:
    """The newest tally (for its progress or failure) and the newest finished one (for its results)."""
    found = jobs.latest(runtime, draft.id, "score", limit=10)
    done = next((job for job in found if job.status == "done" and job.result and "consensus_items" in job.result), None)
    return {"tally": found[0] if found else None, "tallied": done}


def page(runtime, store, draft, lang: str, sidebar, received: list[dict] | None = None,
         consensus_error: dict | None = None, error: str | None = None, status: int = 200):
    project = project_of(draft, lang)
    build = build_state(runtime, draft)
    built = build["current"] or next(iter(build["earlier"]), None)
    workbooks = workbooks_to_send(project, built, lang)
    state = tally_state(runtime, draft)
    tallied = state["tallied"]
    view = (tallied.result.get(lang) if tallied else None) or {}
    grid = progress(project, runtime, draft, lang, tallied) if project else None
    failure = state["tally"].message_in(lang) if state["tally"] and state["tally"].status == "failed" else None
    if failure and failure.startswith("ui."):
        failure = say(failure, lang)
    forms = response_forms(runtime, draft, grid["current"]) if grid else []
    price_source = (say("ui.score_prices_workbook", lang) if grid and model.KIND_PRICES in grid["current"] else
                    say("ui.score_prices_forms", lang, n=len(forms)) if forms else
                    say("ui.score_prices_none", lang, figures=computed_figures(project.data["evaluation"], lang)) if project else
                    "")  # a draft with errors has no rule yet to name
    newer_uploads = bool(tallied and grid and grid["newest"] and any(
        u.created_at > tallied.created_at for u in grid["current"].values()))
    return render_template(
        "scoring.html", draft=draft, steps=sidebar(draft), selection_page="scoring", price_source=price_source, project_ok=project is not None, built=built,
        workbooks=workbooks, grid=grid, received=received or [], tally=state["tally"], tallied=tallied, view=view,
        failure=failure, items=consensus_items(draft, tallied), consensus_error=consensus_error, error=error,
        scale_max=_scale_max(draft.data), newer_uploads=newer_uploads, max_mb=runtime_max_mb(),
        problem_text=problem_text, upload_limit=limit("uploads_per_project"),
        slot_label=lambda slot: slot_label(slot, project, lang), slot_title=lambda slot: slot_title(slot, project, lang),
        notices=(tallied.result.get("notices") or {}) if tallied else {}), status


def slot_file(slot: str, project) -> str:
    """The name `rfpgen build` gives the workbook of a slot."""
    kind, _, evaluator = slot.partition(":")
    return {model.KIND_EVALUATOR: lambda: model.evaluator_workbook_name(project.id, evaluator),
            model.KIND_PRESENTATION: lambda: model.presentation_workbook_name(project.id, evaluator),
            model.KIND_PRICES: lambda: model.price_workbook_name(project.id)}[kind]()


def workbooks_to_send(project, built, lang: str) -> list[dict]:
    """The scoring workbooks of a build, each with its `name` in the build, whose it is (`label`) and whether
    it is procurement's (`procurement`: the price workbook, in its own folder), the panel's first, in the
    order the grid lists them."""
    names = [n for n in (built.result["documents"] if built else []) if n.startswith("scoring/") and n.endswith(".xlsx")]
    labels = {slot_file(slot, project): slot_title(slot, project, lang) for slot in expected_slots(project)} if project else {}
    order = list(labels)
    found = sorted(names, key=lambda n: order.index(n.rsplit("/", 1)[-1]) if n.rsplit("/", 1)[-1] in order else len(order))
    return sorted(({"name": name, "label": labels.get(name.rsplit("/", 1)[-1], ""),
                    "procurement": name.startswith(f"scoring/{model.PROCUREMENT_FOLDER}/")} for name in found),
                  key=lambda w: w["procurement"])


def runtime_max_mb() -> str:
    from flask import current_app

    return f"{current_app.config['RFPGEN_MAX_UPLOAD_MB']:g}"


def upload_files(runtime, store, draft, files, lang: str, sidebar):
    """The upload form: check each file, keep it, and show what became of each."""
    files = [f for f in files if f and (f.filename or "")]
    if not files:
        return page(runtime, store, draft, lang, sidebar, error=say("ui.score_upload_none", lang), status=400)
    if project_of(draft, lang) is None:
        return page(runtime, store, draft, lang, sidebar, error=say("ui.score_project_invalid", lang), status=400)
    if len(files) > limit("files_per_upload"):
        return page(runtime, store, draft, lang, sidebar, status=400,
                    error=say("ui.score_upload_too_many", lang, n=len(files), limit=limit("files_per_upload")))
    kept = uploads.count(runtime, draft, AREA)
    if kept + len(files) > limit("uploads_per_project"):
        raise DraftTooLarge("uploads_per_project", limit("uploads_per_project"), kept + len(files))
    outcomes = receive(runtime, draft, files, lang)
    ids = ",".join(str(o["upload"].id) + ("s" if o["outcome"] == "identical" else "") for o in outcomes)
    return redirect(url_for("wizard.scoring", token=draft.token, received=ids) + "#received")


def received_from(runtime, draft, text: str) -> list[dict]:
    """The outcome of the last upload, from the ids the upload put in the page's address."""
    shown = []
    found = {u.id: u for u in uploads.of_project(runtime, draft, AREA)}
    for part in (text or "").split(",")[:50]:
        identical = part.endswith("s")
        try:
            upload = found.get(int(part.rstrip("s")))
        except ValueError:
            continue
        if upload is None:
            continue
        replaced = any(u.accepted and u.slot == upload.slot and u.id < upload.id for u in found.values())
        outcome = ("identical" if identical else "refused" if not upload.accepted else "replaced" if replaced
                   else "accepted")
        shown.append({"upload": upload, "name": upload.file_name, "outcome": outcome})
    return shown


def response_forms(runtime, draft, current: dict) -> list:
    """The vendors' response forms that price the offers in the tally: those received on the responses
    page, when no price workbook was uploaded here (as `rfpgen score` prices from forms given among its files)."""
    if model.KIND_PRICES in current:
        return []
    from . import vendor_responses

    return vendor_responses.current(runtime, draft)


def start_tally(runtime, store, draft, lang: str, allow_incomplete: bool, sidebar):
    project = project_of(draft, lang)
    if project is None:
        return page(runtime, store, draft, lang, sidebar, error=say("ui.score_project_invalid", lang), status=400)
    current = uploads.current(uploads.of_project(runtime, draft, AREA))
    order = expected_slots(project) + [model.KIND_CONSENSUS]
    chosen = [(current[slot].file_key, current[slot].file_name) for slot in order if slot in current]
    if not chosen:
        return page(runtime, store, draft, lang, sidebar, error=say("ui.score_nothing_uploaded", lang), status=400)
    forms = response_forms(runtime, draft, current)
    job = score_jobs.request_tally(runtime, draft, chosen + [(f.key, f.name) for f in forms], lang, allow_incomplete)
    events.record(runtime, draft, "tally_requested", in_both(lambda language: say("ui.summary_tally", language, n=draft.revision, files=len(chosen))
                                                             + (say("ui.summary_tally_forms", language, n=len(forms)) if forms else "")))
    return redirect(url_for("wizard.scoring", token=draft.token) + f"#tally-{job.id}")
