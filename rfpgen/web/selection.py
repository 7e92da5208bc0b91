"""The selection's pages beside the wizard's steps: the Q&A register's documents and the vendors'
response forms. The register itself is the `questions` step (rfpgen.web.questions); scoring has its
own page (`/p/<token>/scoring`).

    POST /p/<token>/questions/clarifications   the 質問回答書 of the current revision (.docx)
    POST /p/<token>/questions/changes          old, new, view=rfp|requirements: addendum or 新旧対照表 (.docx)
    GET  /p/<token>/responses                  the received forms and their analysis
    POST /p/<token>/responses                  upload one or several filled forms (field `forms`)
    POST /p/<token>/responses/<vendor>/withdraw   set a vendor's current form aside (kept in the log)
"""
from __future__ import annotations

import io
import math

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for

from ..errors import RfpgenError
from ..responses import rates
from ..text import number
from ..responses.report import money_text, vendor_rows
from ..words import enum, project_locale, say
from . import questions, vendor_responses
from .current import runtime_of, ui_lang
from .drafts import problems_of
from .limits import limit, throttle
from .wizard import _draft_or_404, _sidebar

bp = Blueprint("selection", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _runtime():
    return runtime_of(current_app)


def _t(key: str, **values) -> str:
    return say(key, ui_lang(), **values)


def _steps(draft):
    return _sidebar(draft, problems_of(draft.token, draft.revision, draft.data, ui_lang()))


def _docx(name: str, content: bytes):
    return send_file(io.BytesIO(content), as_attachment=True, download_name=name, mimetype=DOCX)


def _back_to_register(draft, error: str):
    flash(error, "error")
    return redirect(url_for("wizard.step", token=draft.token, key="questions") + "#qa-documents")


# ---------------------------------------------------------------- the question period's documents

@bp.post("/p/<token>/questions/clarifications")
def clarifications(token: str):
    draft = _draft_or_404(token)
    throttle("build")
    try:
        name, content = questions.clarifications(_runtime(), draft, ui_lang())
    except RfpgenError as exc:
        return _back_to_register(draft, exc.message(ui_lang()))
    return _docx(name, content)


@bp.post("/p/<token>/questions/changes")
def changes(token: str):
    draft = _draft_or_404(token)
    throttle("build")
    try:
        old, new = int(request.form.get("old", "")), int(request.form.get("new", ""))
    except ValueError:
        return _back_to_register(draft, _t("ui.qa_changes_pick"))
    try:
        name, content = questions.changes(_runtime(), draft, old, new, request.form.get("view", ""), ui_lang())
    except RfpgenError as exc:
        return _back_to_register(draft, exc.message(ui_lang()))
    return _docx(name, content)


# ---------------------------------------------------------------- vendor responses

def _responses_page(draft, outcome=None, error: str | None = None, status: int = 200):
    lang = ui_lang()
    view = vendor_responses.analyse(_runtime(), draft, lang)
    analysis = view.analysis
    vendors = []
    settings, tax = None, ""
    if analysis is not None:
        with project_locale(analysis.project):  # the project's English, as its documents write it (VAT in en-GB)
            settings = rates.settings(analysis.project)
            tax = enum("tax_basis", settings.tax_basis, lang)
            flags_label = say("responses.memo_flags", lang)  # the flags stand highlighted above the figures
            for vendor in analysis.vendors:
                vendors.append({"vendor": vendor,
                                "rows": [row for row in vendor_rows(analysis, vendor, lang) if row[0] != flags_label],
                                "costs": {band: analysis.cost_at(vendor, band) for band in analysis.labels()},
                                "programs": {p: _program(c) for p, c in vendor.checks.items()},
                                "findings": vendor.findings, "flags": [f.text(lang) for f in vendor.flags]})
    names = vendor_responses.vendor_names(draft.data)
    return render_template(
        "responses.html", draft=draft, view=view, vendors=vendors, names=names, outcome=outcome, error=error,
        settings=settings, tax=tax, money=money_text,
        cheapest=analysis.cheapest() if analysis else {}, labels=analysis.labels() if analysis else [],
        band_name=lambda band: say("responses.memo_expected", lang) if band == "expected"
        else say("responses.memo_band", lang, band=band),
        max_files=limit("files_per_upload"), max_mb=f"{current_app.config['RFPGEN_MAX_UPLOAD_MB']:g}",
        steps=_steps(draft), selection_page="responses"), status


def _program(check) -> dict:
    """One program's implied service level at its worst month, formatted as the command's table formats it."""
    worst = check.worst
    shown = {"target": check.target, "month": worst["month"], "agents": worst.get("agents"),
             "reference": worst.get("reference_agents"), "asa": number(worst.get("asa_seconds"), 1, empty="–")}
    if check.target is not None:
        return shown | {"sl": f"{worst['service_level']:.1%}", "target_text": f"{check.target:.0%}"}
    occupancy = worst.get("occupancy")
    return shown | {"occ": f"{occupancy:.0%}" if occupancy is not None and math.isfinite(occupancy) else "—"}


@bp.get("/p/<token>/responses")
def responses(token: str):
    return _responses_page(_draft_or_404(token))


@bp.post("/p/<token>/responses")
def upload_responses(token: str):
    draft = _draft_or_404(token)
    throttle("selection_upload", token)
    files = [f for f in request.files.getlist("forms") if f and f.filename]
    if not files:
        return _responses_page(draft, error=_t("ui.responses_none_chosen"), status=400)
    if len(files) > limit("files_per_upload"):
        return _responses_page(draft, error=_t("ui.responses_too_many", n=len(files), limit=limit("files_per_upload")),
                               status=400)
    try:
        outcome = vendor_responses.upload(_runtime(), draft, [(f.filename, f.read()) for f in files], ui_lang())
    except RfpgenError as exc:
        return _responses_page(draft, error=exc.message(ui_lang()), status=400)
    return _responses_page(draft, outcome=outcome, status=200 if outcome.accepted else 400)


@bp.post("/p/<token>/responses/<vendor_id>/withdraw")
def withdraw_response(token: str, vendor_id: str):
    draft = _draft_or_404(token)
    if request.form.get("confirm") != "1":
        abort(400)
    if vendor_responses.withdraw(_runtime(), draft, vendor_id, ui_lang()):
        flash(_t("ui.responses_withdrawn", vendor=vendor_id), "ok")
    return redirect(url_for("selection.responses", token=draft.token))
