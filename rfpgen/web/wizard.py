"""The wizard blueprint: start a project, walk its steps, review, build and download.

Every project page lives under /p/<token>/, where the token is the project's unguessable secret;
an unknown token is a 404, never a hint that something exists.
"""
from __future__ import annotations

import copy
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from flask import (Blueprint, Response, abort, current_app, flash, g, redirect, render_template, request,
                   send_from_directory, session, url_for)

from ..documents.build import build_documents
from ..errors import ProjectInvalid, RfpgenError, WithheldTextLeaked
from ..project import PARTS
from ..validation import check_document, project_from_data
from ..yamlio import format_path, parse_bytes
from . import insight, library_picker, lifecycle, packs
from .current import store_of, ui_lang
from .messages import in_wizard_words, reader_problem
from .limits import ClientGone, check_draft, check_form_rows, check_yaml_rows, client_gone, count_project, throttle
from .drafts import (blank_project, by_path, by_step, export_yaml, ordered, problems_of, starter_data, summarize,
                     table_label)
from .forms import (ViewBuilder, apply_row_action, apply_step, display, drop_blank, get, html_id, parse_path,
                    table_at)
from ..words import LANGS, say as label
from .steps import FORM_STEPS, STEP_BY_KEY, STEPS, neighbours, step_of

bp = Blueprint("wizard", __name__)


def _store():
    return store_of(current_app)


def _lang() -> str:
    return ui_lang()


def _t(key: str, **values) -> str:
    return label(key, _lang(), **values)


def _draft_or_404(token: str):
    draft = _store().get(token)
    if draft is None or lifecycle.purge_if_due(_store(), draft, _build_root()):
        abort(404)
    g.deletion_due = lifecycle.deletion_due(_store(), draft)
    return draft


def _build_root() -> Path:
    return Path(current_app.config["RFPGEN_BUILD_DIR"])


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
    draft = _store().create(ordered(data), "start", _t("ui.summary_created"))
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
    draft = _store().create(data, "upload", f"{_t('ui.summary_uploaded')}: {name}")
    session.permanent = True
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        flash(_t("ui.upload_imported_with_problems", n=len(errors)), "warning")
        return redirect(url_for("wizard.step", token=draft.token, key="review"))
    flash(_t("ui.saved"), "ok")
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
    mine = _visited(draft) | {key}
    visited.pop(draft.token[:16], None)
    visited[draft.token[:16]] = ",".join(sorted(k for k in mine if k))
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
    problems = problems_of(draft.token, draft.revision, draft.data, _lang())
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
    hints = library_picker.withhold_hints(_doc_lang(draft, lang)) if step.key == "withhold" else {}
    builder = ViewBuilder(lang, by_path(shown), hints)
    sections = [builder.section(section, draft.data) for section in step.sections]
    extra = _withhold_status(draft.data) if step.key == "withhold" else {}
    undo = request.args.get("undo", "")
    return render_template("step.html", sections=sections, placed=builder.unplaced(shown), check=check,
                           undo=undo if re.fullmatch(r"\d+:[\w.\[\]]+:\d+", undo) else None,
                           library=step.part is not None, staffing_panel=step.key in STAFFING_STEPS, **extra, **page)


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


@bp.post("/p/<token>/<key>")
def save_step(token: str, key: str):
    draft = _draft_or_404(token)
    step = STEP_BY_KEY.get(key)
    if step is None or step.kind != "form":
        abort(404)
    throttle("save")
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
    summary = summarize(start_data, new, lang)
    acted_on = apply_row_action(step, new, action) if row_action else None
    if acted_on:
        words = {"add": "ui.summary_added_row", "remove": "ui.summary_removed_row", "up": "ui.summary_moved_row",
                 "down": "ui.summary_moved_row"}[action.split(":", 1)[0]]
        summary = _t(words, table=table_label(acted_on, lang))
    if not row_action:
        new = drop_blank(new)
    new = ordered({"schema_version": 1} | new)  # the one field no step asks for
    check_draft(new)

    if base != draft.revision:
        result = _store().save(draft, base, new, step.key, summary or _t("ui.nothing_changed"))
        return _conflict(result, base, step)
    if new != draft.data:
        result = _store().save(draft, base, new, step.key, summary or _t("ui.nothing_changed"))
        if not result.saved:
            return _conflict(result, base, step)
        draft = result.draft
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
    current = result.draft
    latest = next((r for r in _store().revisions(current) if r.status == "saved"), None)
    return render_template(
        "conflict.html", draft=current, base=base, step=step, refused_id=result.revision_id,
        latest_when=latest.created_at.strftime("%Y-%m-%d %H:%M:%S UTC") if latest else "",
        latest_step=_t(f"step.{latest.step}") if latest and latest.step in STEP_BY_KEY else (latest.step if latest else ""),
        steps=_sidebar(current, problems_of(current.token, current.revision, current.data, _lang())),
        total=len(STEPS)), 409


# ---------------------------------------------------------------- history and restore

@bp.get("/p/<token>/history")
def history(token: str):
    draft = _draft_or_404(token)
    step_names = {s.key: _t(f"step.{s.key}") for s in STEPS}
    return render_template("history.html", draft=draft, revisions=_store().revisions(draft), step_names=step_names,
                           steps=_sidebar(draft, problems_of(draft.token, draft.revision, draft.data, _lang())),
                           total=len(STEPS))


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
    result = _store().save(draft, base, data, "restore", _t("ui.summary_restored", n=f"#{revision_id}"))
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
                shown = display(node, draft.data, lang)
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
            placed = builder.unplaced(grouped[form_step.key])
        blocks.append({"step": form_step, "title": _t(f"step.{form_step.key}"), "sections": sections,
                       "problems": placed})
    errors = [p for p in page["problems"] if p.severity == "error"]
    gaps = insight.completeness(draft, lang) if not errors else {"state": "invalid", "documents": []}
    return render_template("review.html", blocks=blocks, error_count=len(errors), gaps=gaps, **page)


# ---------------------------------------------------------------- export, build and download

@bp.get("/p/<token>/export.yaml")
def export(token: str):
    draft = _draft_or_404(token)
    text = export_yaml(draft.data)
    return Response(text, mimetype="application/x-yaml; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_file_stem(draft)}.yaml"'})


def _file_stem(draft) -> str:
    project_id = (draft.data.get("project") or {}).get("id") if isinstance(draft.data.get("project"), dict) else None
    safe = "".join(ch for ch in str(project_id or "project") if ch.isascii() and (ch.isalnum() or ch in "-_"))[:40]
    return safe or "project"


def _build_dir(draft, revision: int) -> Path:
    return _build_root() / draft.token / str(revision)


KEEP_BUILDS = 10  # earlier builds stay downloadable; older ones are removed to bound the disk used


def _builds(draft) -> list[int]:
    folder = _build_root() / draft.token
    found = [int(p.name) for p in folder.iterdir() if p.is_dir() and p.name.isdigit()] if folder.is_dir() else []
    return sorted(found, reverse=True)


def _build(draft) -> Path:
    """Build the draft's current revision once; concurrent builds of it race harmlessly (rename wins)."""
    final = _build_dir(draft, draft.revision)
    if final.is_dir():
        return final
    project = project_from_data(drop_blank(draft.data), "project.yaml", _lang())
    final.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".build-", dir=final.parent))
    try:
        documents = work / "documents"
        documents.mkdir()
        build_documents(project, documents)
        (work / f"{_file_stem(draft)}.yaml").write_text(export_yaml(draft.data), encoding="utf-8")
        try:
            os.rename(work, final)
        except OSError:
            if not final.is_dir():
                raise
            shutil.rmtree(work, ignore_errors=True)
        for older in _builds(draft)[KEEP_BUILDS:]:
            shutil.rmtree(_build_dir(draft, older), ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return final


def _leak_message(leak) -> str:
    path = format_path(leak.source_path or ())
    key = ".".join(str(p) for p in (leak.source_path or ()) if not isinstance(p, int))
    text = leak.fragment if len(leak.fragment) <= 40 else leak.fragment[:37] + "…"
    return _t("ui.build_leak", step=_t(f"step.{step_of(path)}"), field=_t(key) if key else path, id=leak.withheld_id,
              text=text)


def _build_page(draft, step, error: str | None = None, status: int = 200):
    page = _page(draft, step)
    errors = [p for p in page["problems"] if p.severity == "error"]
    builds = [{"revision": n, "documents": packs.documents(_build_dir(draft, n)),
               "yaml": next((p.name for p in _build_dir(draft, n).glob("*.yaml")), None)} for n in _builds(draft)]
    current = next((b for b in builds if b["revision"] == draft.revision), None)
    earlier = [b for b in builds if b["revision"] != draft.revision]
    return render_template("build.html", blocked=bool(errors), error_count=len(errors), current=current,
                           earlier=earlier, error=error, pdf_available=pdf_available(), **page), status


def pdf_available() -> bool:
    from ..documents.pdf import soffice_path

    return soffice_path() is not None


@bp.post("/p/<token>/build")
def build(token: str):
    draft = _draft_or_404(token)
    step = STEP_BY_KEY["build"]
    throttle("build")
    if client_gone():  # the build takes seconds; nobody is waiting for it any more
        raise ClientGone()
    try:
        _build(draft)
    except ProjectInvalid:
        return _build_page(draft, step, _t("ui.build_blocked"), 400)
    except WithheldTextLeaked as exc:  # name the step and the field that quotes it, in the user's language
        return _build_page(draft, step, " ".join(_leak_message(leak) for leak in exc.leaks) or exc.message(_lang()), 400)
    except RfpgenError as exc:  # something else the user can fix
        return _build_page(draft, step, _t("ui.build_failed", error=exc.message(_lang())), 400)
    except Exception:  # a bug: log it, show a plain message without internals, keep the draft
        current_app.logger.exception("build failed for a project")
        return _build_page(draft, step, _t("ui.build_failed", error=_t("ui.internal_error")), 500)
    flash(_t("ui.build_done", n=draft.revision), "ok")
    return redirect(url_for("wizard.step", token=draft.token, key="build"))


@bp.get("/p/<token>/download/<int:revision>/<path:name>")
def download(token: str, revision: int, name: str):
    draft = _draft_or_404(token)
    folder = _build_dir(draft, revision)
    if not folder.is_dir():
        abort(404)
    if name.startswith("documents/"):
        return send_from_directory(folder / "documents", name.split("/", 1)[1], as_attachment=True)
    return send_from_directory(folder, name, as_attachment=True)


@bp.get("/p/<token>/pack/<int:revision>/<which>.zip")
def download_pack(token: str, revision: int, which: str):
    """The vendor pack (what may be sent to vendors) or the internal pack (everything else)."""
    draft = _draft_or_404(token)
    folder = _build_dir(draft, revision)
    if which not in (packs.VENDOR, packs.INTERNAL) or not folder.is_dir():
        abort(404)
    data = packs.pack(folder, which, next(folder.glob("*.yaml"), None))
    name = f"{_file_stem(draft)}-r{revision}-{which}.zip"
    return Response(data, mimetype="application/zip", headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.post("/p/<token>/pdf/<int:revision>/<path:name>")
def make_pdf(token: str, revision: int, name: str):
    """Convert one built Word document to PDF on request (LibreOffice takes a while, so not by default)."""
    draft = _draft_or_404(token)
    throttle("build")
    source = _build_dir(draft, revision) / "documents"
    wanted = {d["name"] for d in packs.documents(_build_dir(draft, revision)) if d["word"]}
    if name not in wanted:
        abort(404)
    from ..documents.pdf import convert_to_pdf

    try:
        convert_to_pdf([source / name])
    except RfpgenError as exc:
        flash(_t("ui.pdf_failed", error=exc.message(_lang())), "error")
    else:
        flash(_t("ui.pdf_done", name=Path(name).with_suffix(".pdf").name), "ok")
    return redirect(url_for("wizard.step", token=draft.token, key="build") + "#build-" + str(revision))


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
    new = lifecycle.rotate(_store(), draft, _build_root())
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
    flash(_t("ui.delete_scheduled", when=due.strftime("%Y-%m-%d %H:%M UTC")), "warning")
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
        return render_template("_staffing_fragment.html", panel=panel)
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
    result = _store().save(draft, base, new, step.key, _t("ui.summary_restored_row", table=table_label(match[2], _lang())))
    if not result.saved:
        return _conflict(result, base, step)
    flash(_t("ui.undo_done"), "ok")
    return redirect(url_for("wizard.step", token=draft.token, key=step.key) + "#" + html_id(match[2]))
