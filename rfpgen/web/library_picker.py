"""The requirement library inside the wizard: pick entries for a part, and withhold suggestions.

Uses rfpgen.library (issue 7). Added entries become ordinary requirements of the part, in the
project's language and spelling, with fresh ids and their library_id remembered.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from .summaries import in_both
from .. import library
from ..project import english_locale
from ..words import say as label


def _project_lang(draft, fallback: str) -> str:
    project = draft.data.get("project") if isinstance(draft.data.get("project"), dict) else {}
    return project.get("language") if project.get("language") in ("ja", "en") else fallback


def withhold_hints(lang: str, locale: str) -> dict:
    """library id -> {candidate, look_for (in `lang`, English spelt as `locale` spells it)} for the withhold step."""
    try:
        return {e.id: {"candidate": e.withhold_candidate, "look_for": e.look_for_in(lang, locale)}
                for e in library.entries()}
    except library.LibraryError:
        return {}


def page(draft, step, store, lang: str, sidebar, conflict):
    doc_lang = _project_lang(draft, lang)
    part = step.part.key
    query = (request.values.get("q") or "").strip()[:200]
    tag = (request.values.get("tag") or "").strip()
    tags = [t for t in library.all_tags() if any(t in e.tags for e in library.find(part=part))]
    if tag not in tags:
        tag = ""
    existing = {r.get("library_id") for p in ("scope", "overview", "work_definition", "people", "operations",
                                               "systems", "pricing", "approval")
                for r in ((draft.data.get(p) or {}).get("requirements") or [])
                if isinstance(draft.data.get(p), dict) and isinstance(r, dict)}
    message = None
    if request.method == "POST":
        picked = [i for i in request.form.getlist("entry") if i not in existing]
        try:
            base = int(request.form.get("_revision", ""))
        except ValueError:
            base = -1
        if not picked:
            message = label("ui.library_none_selected", lang)
        else:
            try:
                start = draft.data if base == draft.revision else (store.data_at(draft, base) or draft.data)
                new, additions = library.add_to_data(start, picked, lang=doc_lang, skip_existing=True)
            except library.LibraryError as exc:
                message = exc.message(lang) if hasattr(exc, "message") else str(exc)
            else:
                from .drafts import ordered

                summary = in_both(lambda language: label("ui.summary_library", language, n=len(additions)) + ": " + ", ".join(
                    a.entry.id for a in additions))
                result = store.save(draft, base, ordered(new), step.key, summary)
                if not result.saved:
                    return conflict(result, base, step)
                flash(label("ui.library_added", lang, n=len(additions)), "ok")
                return redirect(url_for("wizard.step", token=draft.token, key=step.key)
                                + f"#f-{part}-requirements")
    try:
        found = library.find(part=part, tags=[tag] if tag else (), search=query or None)
    except library.LibraryError:
        found = []
    entries = [{"id": e.id, "text": e.text_in(doc_lang, english_locale(draft.data)), "priority": e.priority, "tags": e.tags,
                "candidate": e.withhold_candidate, "added": e.id in existing} for e in found]
    from .steps import STEPS

    return render_template("library.html", draft=draft, step=step, entries=entries, tags=tags, tag=tag, query=query,
                           message=message, steps=sidebar(draft), total=len(STEPS)), (400 if message else 200)
