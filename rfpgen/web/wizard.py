"""The wizard blueprint: start a project, walk its steps, review, build and download.

Every project page lives under /p/<token>/, where the token is the project's unguessable secret;
an unknown token is a 404, never a hint that something exists.
"""
from __future__ import annotations

import copy
import io
import mimetypes
import os
import re
from urllib.parse import urlsplit

from flask import (Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request,
                   send_file, session, url_for)

from ..project import PARTS, date_style_of, english_locale
from ..validation import check_document
from ..yamlio import parse_bytes
from . import (builds, events, insight, jobs, library_picker, lifecycle, packs, questions, score_jobs, score_page,
               teamwork)
from .current import runtime_of, shown_time, speak_as, store_of, ui_lang
from .limits import ClientGone, check_draft, check_form_rows, check_yaml_rows, client_gone, count_project, throttle
from .messages import in_wizard_words, reader_problem
from .drafts import (blank_project, by_path, by_step, export_yaml, ordered, problems_of, remember_problems,
                     starter_data, summarize, table_label)
from .forms import (ViewBuilder, apply_row_action, apply_step, display, drop_blank, get, html_id, parse_path,
                    table_at)
from ..words import LANGS, say as label
from .steps import FORM_STEPS, STEP_BY_KEY, STEPS, neighbours
from .summaries import in_both, said

bp = Blueprint("wizard", __name__)


def _store():
    return store_of(current_app)


def _lang() -> str:
    return ui_lang()


def _t(key: str, **values) -> str:
    return label(key, _lang(), **values)


def _draft_or_404(token: str):
    draft = _store().get(token)
    if draft is None or lifecycle.purge_if_due(_runtime(), draft):
        abort(404)
    g.deletion_due = lifecycle.due_of(draft)
    speak_as(draft.data)
    return draft


def _safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths: never redirect to another host.

    Browsers and Werkzeug drop tabs and newlines and read '\\' as '/', so '/%09/evil.example'
    would become '//evil.example': refuse any control character, whitespace or backslash, and
    anything urlsplit sees a scheme or host in."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return fallback
    if any(ch.isspace() or ord(ch) < 0x20 or ch == "\\" for ch in target):
        return fallback
    parts = urlsplit(target)
    return fallback if parts.scheme or parts.netloc else target


# ---------------------------------------------------------------- start

@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links: the one icon, an SVG."""
    return redirect(url_for("static", filename="favicon.svg"), 301)


@bp.get("/")
def start():
    return render_template("start.html", upload_problems=None, max_mb=_max_mb())


def _max_mb() -> str:
    return f"{current_app.config['RFPGEN_MAX_UPLOAD_MB']:g}"


@bp.get("/lang/<code>")
def switch_lang(code: str):
    if code in LANGS:
        session["lang"] = code
        session.permanent = True
    return redirect(_safe_next(request.args.get("next"), url_for("wizard.start")))


@bp.post("/new")
def new_project():
    throttle("create")
    count_project()
    lang = request.form.get("language") if request.form.get("language") in LANGS else _lang()
    if request.form.get("source") == "starter":
        data = starter_data(lang)
        if data is None:
            flash(_t("ui.starter_missing"), "error")
            return redirect(url_for("wizard.start"))
    else:
        data = blank_project(lang)
    draft = _store().create(ordered(data), "start", said("ui.summary_created"))
    session.permanent = True
    flash(_t("ui.link_created"), "link")
    return redirect(url_for("wizard.step", token=draft.token, key=FORM_STEPS[0].key))


def _refusal_kinds(data) -> list:
    """Schema errors the wizard could not show or would silently drop: unknown fields and wrong shapes.

    A plain value of the wrong kind (a word where a number belongs) is accepted: the wizard shows it
    in its field with the problem next to it, exactly as when it was typed there.
    """
    from ..validation import schema_validator

    def shown_in_a_field(error) -> bool:
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        return (set(expected) <= {"string", "number", "integer"}
                and isinstance(error.instance, (str, int, float)) and not isinstance(error.instance, bool))

    return [e for e in schema_validator().iter_errors(data)
            if e.validator in ("additionalProperties", "const") or (e.validator == "type" and not shown_in_a_field(e))]


@bp.post("/upload")
def upload():
    """Start a project from a YAML file; an incomplete draft is fine, a file the wizard would garble is not."""
    throttle("upload")
    file = request.files.get("file")
    raw = file.read() if file else b""
    name = os.path.basename((file.filename if file else "") or "") or "upload.yaml"
    if not raw:
        return render_template("start.html", upload_problems=[], upload_error=_t("ui.upload_missing"),
                               max_mb=_max_mb()), 400
    check_yaml_rows(raw)
    doc, problems = parse_bytes(raw, name)
    problems = [reader_problem(p, _lang()) for p in problems]
    if doc is not None:
        check_draft(doc.data)  # before validation: a file of thousands of blank rows is refused at once
        problems += [in_wizard_words(p, _lang()) for p in check_document(doc, _lang())[1]]
    if doc is None or not isinstance(doc.data, dict) or _refusal_kinds(doc.data):
        shown = [p for p in problems if p.severity == "error"]
        return render_template("start.html", upload_problems=shown, upload_error=_t("ui.upload_refused"),
                               max_mb=_max_mb()), 400
    data = ordered({"schema_version": 1} | doc.data)
    throttle("create")
    count_project()
    draft = _store().create(data, "upload", in_both(lambda language: f"{label('ui.summary_uploaded', language)}: {name}"))
    session.permanent = True
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        flash(_t("ui.upload_imported_with_problems", n=len(errors)), "warning")
        return redirect(url_for("wizard.step", token=draft.token, key="review"))
    flash(_t("ui.upload_imported", name=name), "ok")
    return redirect(url_for("wizard.step", token=draft.token, key=FORM_STEPS[0].key))


# ---------------------------------------------------------------- steps

@bp.get("/p/<token>")
def project_home(token: str):
    draft = _draft_or_404(token)
    return redirect(url_for("wizard.step", token=draft.token, key=FORM_STEPS[0].key))


def _visited(draft) -> set[str]:
    """The steps this browser has opened for this project (kept in the session for the last few projects)."""
    return set((session.get("visited") or {}).get(draft.token[:16], "").split(","))


def _mark_visited(draft, key: str) -> None:
    visited = dict(session.get("visited") or {})
    mine = ",".join(sorted(k for k in _visited(draft) | {key} if k))
    if list(visited.items())[-1:] == [(draft.token[:16], mine)]:
        return  # already the latest project with this step: the cookie need not be signed and sent again
    visited.pop(draft.token[:16], None)
    visited[draft.token[:16]] = mine
    session["visited"] = dict(list(visited.items())[-8:])  # the cookie stays small


def _sidebar(draft, problems) -> list[dict]:
    """Each step with its state: done only when opened in this browser, filled in and free of errors."""
    grouped = by_step(problems)
    visited = _visited(draft)
    items = []
    for number, step in enumerate(STEPS, 1):
        errors = [p for p in grouped[step.key] if p.severity == "error"]
        if step.key == "withhold":  # its sections show every part's requirements: count only its own answers
            filled = _withhold_status(draft.data)["withheld"] > 0 or "withhold" in (draft.data.get("rfp") or {})
        else:
            filled = step.kind == "form" and any(_has_value(draft.data, s) for s in step.sections)
        items.append({"key": step.key, "number": number, "title": _t(f"step.{step.key}"), "errors": len(errors),
                      "filled": filled and step.key in visited and not errors})
    return items


def _has_value(data, section) -> bool:
    for node in section.children:
        value = get(data, tuple(node.key.split(".")))
        if value not in (None, "", [], {}):
            if node.key in ("project",) and set(value) <= {"id", "language", "version", "date"}:
                continue  # the defaults of a blank project do not count as answers
            return True
    return False


def _page(draft, step, **context):
    if client_gone():
        raise ClientGone()
    # the review and the build validate the whole project afresh; a step page's checks are remembered
    problems = problems_of(draft.token, draft.revision, draft.data, _lang(), whole=step.kind != "form")
    previous, following = neighbours(step.key)
    number = [s.key for s in STEPS].index(step.key) + 1
    sidebar = _sidebar(draft, problems)
    return dict(draft=draft, step=step, steps=sidebar, done_count=sum(1 for item in sidebar if item["filled"]),
                form_total=len(FORM_STEPS), previous=previous, following=following,
                number=number, total=len(STEPS), problems=problems, link=_project_url(draft), **context)


@bp.get("/p/<token>/<key>")
def step(token: str, key: str):
    draft = _draft_or_404(token)
    step = STEP_BY_KEY.get(key)
    if step is None:
        abort(404)
    _mark_visited(draft, step.key)
    if step.kind == "review":
        return _review(draft, step)
    if step.kind == "build":
        return _build_page(draft, step)
    return _render_step(draft, step, check=request.args.get("check") == "1")


def _render_step(draft, step, check: bool):
    lang = _lang()
    page = _page(draft, step)
    step_problems = by_step(page["problems"])[step.key]
    shown = step_problems if check else [p for p in step_problems if p.severity == "warning"]
    hints = (library_picker.withhold_hints(_doc_lang(draft, lang), english_locale(draft.data))
             if step.key == "withhold" else {})
    builder = ViewBuilder(lang, by_path(shown), hints)
    sections = [builder.section(section, draft.data) for section in step.sections]
    extra = _withhold_status(draft.data) if step.key == "withhold" else {}
    if step.key == "questions":
        questions.decorate(sections, draft.data, lang)
        extra = _qa_documents(draft)
    undo = request.args.get("undo", "")
    return render_template("step.html", sections=sections, placed=builder.unplaced(shown, draft.data), check=check,
                           undo=undo if re.fullmatch(r"\d+:[\w.\[\]]+:\d+", undo) else None,
                           library=step.part is not None, staffing_panel=step.key in STAFFING_STEPS, **extra, **page)


def _qa_documents(draft) -> dict:
    """What the register's documents card offers: the published answers and the saved revisions to compare."""
    rows = draft.data.get("questions") if isinstance(draft.data.get("questions"), list) else []
    saved = [r.number for r in _store().revisions(draft) if r.number]
    return {"qa_published": sum(1 for q in rows if isinstance(q, dict) and q.get("published")), "qa_revisions": saved}


def _doc_lang(draft, fallback: str) -> str:
    project = draft.data.get("project") if isinstance(draft.data.get("project"), dict) else {}
    return project.get("language") if project.get("language") in LANGS else fallback


def _withhold_status(data: dict) -> dict:
    withheld, total = 0, 0
    for part in PARTS:
        section = data.get(part.key) if isinstance(data.get(part.key), dict) else {}
        for row in section.get("requirements") or []:
            if isinstance(row, dict):
                total += 1
                withheld += row.get("withhold") is True
    evaluation = data.get("evaluation") if isinstance(data.get("evaluation"), dict) else {}
    criteria = evaluation.get("criteria") if isinstance(evaluation.get("criteria"), list) else []
    unstated = next((c for c in criteria if isinstance(c, dict) and c.get("unstated_needs") is True), None)
    return {"withheld": withheld, "requirement_count": total,
            "unstated_name": (unstated or {}).get("name") or (unstated or {}).get("id")}


def _row_count(data: dict, path: str) -> int:
    rows = get(data, parse_path(path) or ())
    return len(rows) if isinstance(rows, list) else 0


@bp.post("/p/<token>/<key>")
def save_step(token: str, key: str):
    draft = _draft_or_404(token)
    step = STEP_BY_KEY.get(key)
    if step is None or step.kind != "form":
        abort(404)
    throttle("save", token)
    check_form_rows(request.form)
    lang = _lang()
    action = request.form.get("_action", "save")
    try:
        base = int(request.form.get("_revision", ""))
    except ValueError:
        abort(400)
    row_action = action.startswith(("add:", "remove:", "up:", "down:"))
    start_data = draft.data if base == draft.revision else (_store().data_at(draft, base) or draft.data)
    new = apply_step(step, start_data, request.form, keep_blank_rows=row_action)
    published_row = questions.publish_action(new, action) if step.key == "questions" else None
    summary = in_both(lambda language: summarize(start_data, new, language))
    rows_before = _row_count(new, action[4:]) if action.startswith("add:") else 0
    acted_on = apply_row_action(step, new, action, request.form.get(action[4:] + "#add", "1")) if row_action else None
    if acted_on:
        added = _row_count(new, acted_on) - rows_before if action.startswith("add:") else 0
        words = {"add": "ui.summary_added_rows" if added > 1 else "ui.summary_added_row", "remove": "ui.summary_removed_row",
                 "up": "ui.summary_moved_row", "down": "ui.summary_moved_row"}[action.split(":", 1)[0]]
        summary = in_both(lambda language: label(words, language, table=table_label(acted_on, language), n=added))
    if not row_action:
        new = drop_blank(new)
    new = ordered({"schema_version": 1} | new, stored=start_data)  # schema_version: the one field no step asks for
    text = check_draft(new)
    refused, checked = {}, None
    if step.key == "questions":  # an answer that would leak or name its asker is kept, unpublished
        new, refused, checked = questions.guard(new, lang)
        text = None if refused else text  # answers set back to unpublished: other data than the text's
        summary = in_both(lambda language: summarize(start_data, new, language)) if not acted_on else summary

    before = draft
    if base != draft.revision or new != draft.data:  # colleagues' saves since `base` are merged in
        outcome = teamwork.save(_store(), draft, base, start_data, new, step.key, summary or said("ui.nothing_changed"),
                                text=text)
        if not outcome.saved:
            return teamwork.conflict_page(_store(), outcome.draft, outcome.refused_id, step, lang, _sidebar_of)
        if outcome.merged_with:
            flash(_t("ui.merged", n=outcome.merged_with), "ok")
        draft = outcome.draft
    if checked is not None and draft.data == new:  # the draft is what the Q&A check validated
        remember_problems(draft.token, draft.revision, lang, checked)
    if step.key == "questions":
        questions.record_publication(_runtime(), draft, before.data, new, refused, lang)
        for message in questions.refusal_messages(new, refused, lang):
            flash(message, "error")
        if published_row is not None:
            published_row = questions.row_of(new, published_row)
            if published_row not in refused:
                flash(_t("ui.qa_published" if new["questions"][published_row].get("published") else "ui.qa_unpublished",
                         n=new["questions"][published_row].get("number", published_row + 1)), "ok")
            return redirect(url_for("wizard.step", token=draft.token, key=step.key)
                            + "#" + html_id(f"questions[{published_row}]"))
        if refused:
            return redirect(url_for("wizard.step", token=draft.token, key=step.key))
    return _after_save(draft, step, action, acted_on)


def _after_save(draft, step, action: str, acted_on: str | None):
    previous, following = neighbours(step.key)
    to = lambda key, **kw: redirect(url_for("wizard.step", token=draft.token, key=key, **kw))  # noqa: E731
    if acted_on:
        anchor = html_id(acted_on)
        undo = None
        if action.startswith("remove:"):  # the row can be put back from the revision before this save
            undo = f"{draft.revision - 1}:{action.split(':', 1)[1]}"
        return redirect(url_for("wizard.step", token=draft.token, key=step.key, undo=undo) + "#" + anchor)
    if action == "back" and previous:
        return to(previous)
    if action.startswith("goto:") and action[5:] in STEP_BY_KEY:
        return to(action[5:])
    if action.startswith("lang:") and action[5:] in LANGS:
        session["lang"] = action[5:]
        return to(step.key)
    if action == "library" and step.part is not None:
        return redirect(url_for("wizard.library", token=draft.token, key=step.key))
    if action == "next" and following:  # move on only when this step has no errors
        problems = problems_of(draft.token, draft.revision, draft.data, _lang())
        if not any(p.severity == "error" for p in by_step(problems)[step.key]):
            return to(following)
        flash(_t("ui.fix_or_continue"), "warning")
    else:
        flash(_t("ui.saved"), "ok")
    return to(step.key, check="1")


def _conflict(result, base: int, step):
    """A refused save (the library picker's): the field-by-field comparison."""
    return teamwork.conflict_page(_store(), result.draft, result.revision_id, step, _lang(), _sidebar_of)


def _sidebar_of(draft) -> list[dict]:
    return _sidebar(draft, problems_of(draft.token, draft.revision, draft.data, _lang()))


@bp.get("/p/<token>/conflict/<int:revision_id>")
def conflict(token: str, revision_id: int):
    """A refused save compared with the current draft, field by field (linked from the history)."""
    draft = _draft_or_404(token)
    step = teamwork.refused_step(_store(), draft, revision_id)
    return teamwork.conflict_page(_store(), draft, revision_id, step, _lang(), _sidebar_of, status=200)


@bp.post("/p/<token>/resolve/<int:revision_id>")
def resolve(token: str, revision_id: int):
    return teamwork.resolve_page(_store(), _draft_or_404(token), revision_id, _lang(), _sidebar_of, request.form)


@bp.get("/p/<token>/compare")
def compare(token: str):
    return teamwork.compare_page(_store(), _draft_or_404(token), _lang(), _sidebar_of, request.args)


# ---------------------------------------------------------------- history and restore

@bp.get("/p/<token>/history")
def history(token: str):
    draft = _draft_or_404(token)
    return render_template("history.html", draft=draft, revisions=_store().revisions(draft),
                           step_name=lambda step: teamwork.revision_origin(step, _lang()),
                           events=events.for_project(_store(), draft),
                           kind_name=lambda kind: events.kind_name(kind, _lang()),
                           your_name=session.get(events.NAME_KEY, ""),
                           steps=_sidebar(draft, problems_of(draft.token, draft.revision, draft.data, _lang())),
                           total=len(STEPS))


@bp.post("/p/<token>/name")
def set_name(token: str):
    """The name this browser's actions are recorded under in the project's selection log."""
    draft = _draft_or_404(token)
    name = " ".join(str(request.form.get("name", "")).split())[:80]
    session[events.NAME_KEY] = name
    session.permanent = True
    flash(_t("ui.your_name_saved"), "ok")
    return redirect(_safe_next(request.form.get("next"), url_for("wizard.history", token=draft.token)))


@bp.get("/p/<token>/events/<int:event_id>/file")
def event_file(token: str, event_id: int):
    """The file an event of the selection log concerns (an upload, a document made), kept as it was."""
    draft = _draft_or_404(token)
    event = events.get(_store(), draft, event_id)
    if event is None or not event.file_key or not event.file_key.startswith(f"p{draft.id}/"):
        abort(404)
    return _attachment(_runtime().files.get(event.file_key), event.file_key)


@bp.post("/p/<token>/restore/<int:revision_id>")
def restore(token: str, revision_id: int):
    draft = _draft_or_404(token)
    data = _store().revision_data(draft, revision_id)
    if data is None:
        abort(404)
    try:
        base = int(request.form.get("_revision", ""))
    except ValueError:
        abort(400)
    result = _store().save(draft, base, data, "restore", said("ui.summary_restored", n=f"#{revision_id}"))
    if not result.saved:
        return _conflict(result, base, STEP_BY_KEY["review"])
    flash(_t("ui.restored"), "ok")
    return redirect(url_for("wizard.step", token=draft.token, key="review"))


# ---------------------------------------------------------------- review

def _review(draft, step):
    lang = _lang()
    page = _page(draft, step)
    grouped = by_step(page["problems"])
    blocks = []
    for form_step in FORM_STEPS:
        sections = []
        for section in form_step.sections:
            children = []
            for node in section.children:
                shown = display(node, draft.data, lang, date_style_of(draft.data, lang))
                if shown:  # a section's top-level group is the section itself: list its fields directly
                    children += shown["children"] if shown["type"] == "group" else [shown]
            title = label(section.title, lang)
            for child in children:  # a table named like its section needs no second heading
                child["hide_label"] = child["type"] in ("table", "cards") and child["label"] == title
            if children:
                sections.append({"title": title, "children": children})
        placed = []
        if grouped[form_step.key]:
            builder = ViewBuilder(lang, {})
            for section in form_step.sections:
                builder.section(section, draft.data)
            placed = builder.unplaced(grouped[form_step.key], draft.data)
        blocks.append({"step": form_step, "title": _t(f"step.{form_step.key}"), "sections": sections,
                       "problems": placed})
    errors = [p for p in page["problems"] if p.severity == "error"]
    gaps = insight.completeness(draft, lang) if not errors else {"state": "invalid", "documents": []}
    return render_template("review.html", blocks=blocks, error_count=len(errors), warning_count=len(page["problems"]) - len(errors),
                           gaps=gaps, **page)


# ---------------------------------------------------------------- export, build and download

@bp.get("/p/<token>/export.yaml")
def export(token: str):
    draft = _draft_or_404(token)
    text = export_yaml(draft.data)
    return Response(text, mimetype="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{builds.file_stem(draft.data)}.yaml"'})


def _runtime():
    return runtime_of(current_app)


def _build_page(draft, step, error: str | None = None, status: int = 200):
    """The build step: start a build, its progress while it runs (a background job), then the downloads."""
    page = _page(draft, step)
    errors = [p for p in page["problems"] if p.severity == "error"]
    view = builds.page_state(_runtime(), draft)
    failure = view["job"].message_in(_lang()) if view["job"] and view["job"].status == "failed" else None
    if failure:
        error = error or _t("ui.build_failed", error=_t(failure) if failure.startswith("ui.") else failure)
    return render_template("build.html", blocked=bool(errors), error_count=len(errors), error=error,
                           documents_of=lambda job: packs.documents(job.result["documents"], _lang()),
                           pdf_available=_pdf_available(), **view, **page), status


def _pdf_available() -> bool:
    from ..documents.pdf import soffice_path

    return soffice_path() is not None


@bp.post("/p/<token>/build")
def build(token: str):
    """Queue a build of the current revision (one job per revision and options) and show its progress."""
    draft = _draft_or_404(token)
    step = STEP_BY_KEY["build"]
    throttle("build")
    if any(p.severity == "error" for p in problems_of(draft.token, draft.revision, draft.data, _lang(), whole=True)):
        return _build_page(draft, step, _t("ui.build_blocked"), 400)
    builds.request(_runtime(), draft, _lang(), pdf=request.form.get("pdf") == "1")
    return redirect(url_for("wizard.step", token=draft.token, key="build"))


def _attachment(data: bytes | None, path: str):
    """A stored file as a download named by the last part of its path; 404 when it is gone."""
    if data is None:
        abort(404)
    name = path.rsplit("/", 1)[-1]
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name,
                     mimetype=mimetypes.guess_type(name)[0] or "application/octet-stream")


@bp.get("/p/<token>/jobs/<int:job_id>")
def job_status(token: str, job_id: int):
    """A job's progress for the build page to poll (the page also refreshes itself without JavaScript)."""
    draft = _draft_or_404(token)
    job = jobs.get(_runtime(), job_id, draft.id)
    if job is None:
        abort(404)
    return {"status": job.status, "progress": job.progress, "stage": _t(f"ui.job_stage_{job.stage}")}


@bp.get("/p/<token>/download/<int:job_id>/<path:name>")
def download(token: str, job_id: int, name: str):
    draft = _draft_or_404(token)
    return _attachment(builds.built_file(_runtime(), draft.id, job_id, name), name)


# ---------------------------------------------------------------- requirement library

@bp.route("/p/<token>/<key>/library", methods=["GET", "POST"])
def library(token: str, key: str):
    draft = _draft_or_404(token)
    step = STEP_BY_KEY.get(key)
    if step is None or step.part is None:
        abort(404)
    return library_picker.page(draft, step, _store(), _lang(), lambda d: _sidebar(
        d, problems_of(d.token, d.revision, d.data, _lang())), _conflict)



# ---------------------------------------------------------------- the secret link: share, rotate, delete

def _project_url(draft) -> str:
    return url_for("wizard.project_home", token=draft.token, _external=True)


@bp.get("/p/<token>/share")
def share(token: str):
    draft = _draft_or_404(token)
    return render_template("share.html", draft=draft, link=_project_url(draft), due=g.deletion_due,
                           steps=_sidebar(draft, problems_of(draft.token, draft.revision, draft.data, _lang())))


@bp.post("/p/<token>/rotate")
def rotate_link(token: str):
    draft = _draft_or_404(token)
    if request.form.get("confirm") != "1":
        flash(_t("ui.confirm_needed"), "error")
        return redirect(url_for("wizard.share", token=draft.token))
    new = lifecycle.rotate(_store(), draft)
    current_app.logger.info("project link rotated")
    flash(_t("ui.link_rotated"), "ok")
    return redirect(url_for("wizard.share", token=new, forget=draft.token))


@bp.post("/p/<token>/delete")
def delete_project(token: str):
    draft = _draft_or_404(token)
    if request.form.get("confirm") != "1":
        flash(_t("ui.confirm_needed"), "error")
        return redirect(url_for("wizard.share", token=draft.token))
    due = lifecycle.request_deletion(_store(), draft)
    flash(_t("ui.delete_scheduled", when=shown_time(due, draft.data)), "warning")
    return redirect(url_for("wizard.share", token=draft.token))


@bp.post("/p/<token>/undelete")
def undelete_project(token: str):
    draft = _draft_or_404(token)
    lifecycle.cancel_deletion(_store(), draft)
    flash(_t("ui.delete_cancelled"), "ok")
    return redirect(url_for("wizard.share", token=draft.token))


# ---------------------------------------------------------------- what the documents will say

STAFFING_STEPS = ("work_definition", "people", "operations")  # the answers the staffing model reads


@bp.get("/p/<token>/staffing")
def staffing(token: str):
    """The staffing panel: a fragment the step pages fetch after loading (the model takes a moment),
    or a page of its own without JavaScript."""
    draft = _draft_or_404(token)
    panel = insight.staffing_panel(draft, _lang())
    if request.args.get("fragment") == "1":
        return render_template("_staffing_fragment.html", panel=panel, draft=draft)
    back = request.args.get("step") if request.args.get("step") in STAFFING_STEPS else STAFFING_STEPS[0]
    return render_template("staffing.html", draft=draft, panel=panel, back=back,
                           steps=_sidebar(draft, problems_of(draft.token, draft.revision, draft.data, _lang())))


@bp.post("/p/<token>/<key>/undo")
def undo_remove(token: str, key: str):
    """Put a removed row back where it was, taken from the revision saved before its removal."""
    draft = _draft_or_404(token)
    step = STEP_BY_KEY.get(key)
    match = re.fullmatch(r"(\d+):([\w.\[\]]+):(\d+)", request.form.get("undo", ""))
    try:
        base = int(request.form.get("_revision", ""))
    except ValueError:
        abort(400)
    if step is None or step.kind != "form" or not match:
        abort(400)
    before = _store().data_at(draft, int(match[1])) or {}
    path, index = parse_path(match[2]), int(match[3])
    rows, removed = get(draft.data, path), get(before, path + (index,))
    if table_at(step, path) is None or not isinstance(rows, list) or removed is None:
        flash(_t("ui.undo_gone"), "warning")
        return redirect(url_for("wizard.step", token=draft.token, key=step.key))
    new = copy.deepcopy(draft.data)
    get(new, path).insert(min(index, len(rows)), removed)
    result = _store().save(draft, base, new, step.key,
                         in_both(lambda language: label("ui.summary_restored_row", language, table=table_label(match[2], language))))
    if not result.saved:
        return _conflict(result, base, step)
    flash(_t("ui.undo_done"), "ok")
    return redirect(url_for("wizard.step", token=draft.token, key=step.key) + "#" + html_id(match[2]))


# ---------------------------------------------------------------- scoring: workbooks back, consensus, tally

@bp.get("/p/<token>/scoring")
def scoring(token: str):
    """The evaluators' workbooks out and back, who has returned what, the consensus, the tally and its results."""
    draft = _draft_or_404(token)
    received = score_page.received_from(_runtime(), draft, request.args.get("received", ""))
    return score_page.page(_runtime(), _store(), draft, _lang(), _sidebar_of, received=received)


@bp.post("/p/<token>/scoring/upload")
def scoring_upload(token: str):
    draft = _draft_or_404(token)
    throttle("score_upload", token)
    return score_page.upload_files(_runtime(), _store(), draft, request.files.getlist("files"), _lang(), _sidebar_of)


@bp.post("/p/<token>/scoring/consensus")
def scoring_consensus(token: str):
    draft = _draft_or_404(token)
    throttle("save", token)
    return score_page.save_consensus(_store(), _runtime(), draft, request.form, _lang(), _sidebar_of)


@bp.post("/p/<token>/scoring/tally")
def scoring_tally(token: str):
    draft = _draft_or_404(token)
    throttle("build")
    return score_page.start_tally(_runtime(), _store(), draft, _lang(), request.form.get("allow_incomplete") == "1",
                                  _sidebar_of)


@bp.get("/p/<token>/scoring/uploads/<int:upload_id>")
def scoring_upload_file(token: str, upload_id: int):
    """An uploaded workbook, current, replaced or refused, as it was received."""
    from . import uploads

    draft = _draft_or_404(token)
    upload = uploads.get(_runtime(), draft, upload_id)
    if upload is None or upload.area != score_page.AREA:
        abort(404)
    return _attachment(_runtime().files.get(upload.file_key), upload.file_name)


@bp.get("/p/<token>/scoring/results/<int:job_id>/<path:name>")
def scoring_result(token: str, job_id: int, name: str):
    """A document of a finished tally: results.xlsx, results.docx, the robustness table, a notice."""
    draft = _draft_or_404(token)
    return _attachment(score_jobs.tallied_file(_runtime(), draft.id, job_id, name), name)
