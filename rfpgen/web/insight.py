"""What the documents will say before they are built: the staffing estimate and the gaps.

A PM who only fills in forms never sees the staffing annex or how often the RFP prints 未定 / "To be
decided". Both are computed here from the draft exactly as the build computes them (the staffing plan
and the documents' contexts), once per revision, so the wizard cannot tell a different story.
"""
from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from threading import Lock

from ..documents.gaps import count_tbd
from ..documents.staffing_range import scenario_name, warning_texts
from ..errors import RfpgenError
from ..project import date_style_of
from ..text import day, month
from ..validation import validate
from ..words import lookup, tbd, zone_name
from .forms import drop_blank
from .messages import in_wizard_words, place_of
from .steps import step_of

_cache: OrderedDict = OrderedDict()
_lock = Lock()

# Chapters of the documents that are not one of the seven parts, by title, and the step that fills them.
_CHAPTER_STEPS = {
    "案件情報": "project", "The project": "project",
    "選定スケジュール": "project", "Selection schedule": "project",
    "委託範囲": "scope", "Scope": "scope",
    "評価基準": "evaluation", "Evaluation criteria": "evaluation",
    "評価方法": "evaluation", "How proposals are evaluated": "evaluation",
    "RFPの発行条件": "rfp", "How the RFP is issued": "rfp",
    "提案依頼事項": "rfp", "What the proposal must contain": "rfp",
    "提出要領と質疑応答": "rfp", "Submission and questions": "rfp",
    "機密保持": "rfp", "Confidentiality": "rfp",
    "はじめに": "rfp", "Introduction": "rfp",
}


def _fingerprint(data: dict) -> str:
    """Same answers, same figures: a save that only adds a blank row (or changes nothing the documents
    read) reuses the last computation instead of running the model again."""
    text = json.dumps(drop_blank(data), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _cached(key, compute):
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    found = compute()
    with _lock:
        _cache[key] = found
        while len(_cache) > 64:
            _cache.popitem(last=False)
    return found


def _validated(data: dict, lang: str):
    """(the project or None, its problems) for a draft's data."""
    return validate(drop_blank(data), lang, "project.yaml")


def _project(data: dict, lang: str):
    return _validated(data, lang)[0]


def _plan(project) -> dict:
    from ..staffing import plan

    return plan(project).as_dict()


# ---------------------------------------------------------------- staffing panel

def staffing_panel(draft, lang: str) -> dict:
    """The staffing plan as plain rows for the wizard, in the UI language. Keys read defensively:
    the plan grows (scenarios, events …) and the panel shows what it finds."""
    return _cached(("staffing", _fingerprint(draft.data), lang), lambda: _staffing_panel(draft.data, lang))


def _staffing_panel(data: dict, lang: str) -> dict:
    project, problems = _validated(data, lang)
    if project is None:  # the first error, where the wizard shows it: the PM knows what to fix, and where
        first = next(in_wizard_words(p, lang) for p in problems if p.severity == "error")
        return {"state": "invalid", "first": (f"{place_of(first.path, lang)}: " if first.path else "") + first.message,
                "step": step_of(first.path or "")}
    try:
        plan = _plan(project)
    except RfpgenError as exc:
        return {"state": "error", "message": exc.message(lang)}
    if plan.get("empty"):
        return {"state": "empty", "reason": plan.get("reason")}
    pick = 0 if lang == "ja" else 1
    style = date_style_of(data, lang)  # dates and months as the documents write them, in the page's language
    peak, headcount = plan.get("peak") or {}, plan.get("headcount") or {}
    warnings = warning_texts(plan, lang)
    scenarios = [{"key": s.get("key"), "name": scenario_name(s, lang, short=True), "volume": s.get("volume_factor"), "aht": s.get("aht_factor"),
                  "shrinkage": s.get("shrinkage_points"), "required": s.get("peak_required"),
                  "scheduled": s.get("peak_scheduled"), "fte": s.get("fte")}
                 for s in plan.get("scenarios") or [] if isinstance(s, dict)]
    return {
        "state": "ok",
        "peak": {"required": peak.get("required"), "scheduled": peak.get("scheduled"), "month": month(peak.get("month"), style),
                 "weekday": peak.get("weekday"),  # the start by the clock the programs are added up in
                 "start": peak.get("start") and peak["start"] + (
                     ("（{}）" if lang == "ja" else " ({})").format(zone_name(plan["time_zone"], lang)) if plan.get("time_zone") else "")},
        "headcount": headcount | {"month": month(headcount.get("month"), style)},
        "supervisors": plan.get("supervisors") or {},
        "monthly": [{"month": month(m.get("month"), style), "contacts": m.get("contacts"), "fte": m.get("fte")}
                    for m in plan.get("monthly") or []],
        "timeline": [{"name": (lookup(f"staffing.milestone.{m.get('key')}") or (m.get("key"),) * 2)[pick],
                      "date": day(m.get("date"), style)}
                     for m in plan.get("hiring_timeline") or []],
        "warnings": warnings,
        "scenarios": scenarios,
    }


# ---------------------------------------------------------------- completeness

def completeness(draft, lang: str) -> dict:
    """Every place the requirements definition and the RFP would print "to be decided", by chapter
    and topic, with the wizard step that fills it. None of it blocks the build; the PM decides."""
    return _cached(("complete", _fingerprint(draft.data), lang), lambda: _completeness(draft.data, lang))


def _completeness(data: dict, lang: str) -> dict:
    project = _project(data, lang)
    if project is None:
        return {"state": "invalid", "documents": []}
    from ..documents.build import build_context

    try:
        plan = _plan(project)  # the chart is left out: it only draws what the plan says
        contexts = {key: build_context(project, key, plan) for key in ("requirements", "rfp")}
    except RfpgenError as exc:
        return {"state": "error", "message": exc.message(lang), "documents": []}
    word = tbd(project.lang)
    documents = []
    for key in ("requirements", "rfp"):
        context = contexts.get(key) or {}
        rows = []
        for chapter in context.get("chapters") or []:
            step = chapter.get("key") or _CHAPTER_STEPS.get(chapter.get("title"))
            for topic in chapter.get("topics") or []:
                count = count_tbd(topic, word)
                if count:
                    rows.append({"chapter": chapter.get("heading"), "topic": topic.get("heading"), "count": count,
                                 "step": step})
        documents.append({"key": key, "title": (context.get("doc") or {}).get("kind", key), "rows": rows,
                          "total": sum(r["count"] for r in rows)})
    return {"state": "ok", "word": word, "documents": documents,
            "total": sum(d["total"] for d in documents)}
