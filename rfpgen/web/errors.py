"""Friendly error pages in the UI language: never a traceback, never a hint about other projects.

A page under /p/<token>/ whose project exists links back to it, so an error is never a dead end."""
from __future__ import annotations

from flask import Response, current_app, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from .current import ui_lang
from .limits import ClientGone, DraftTooLarge, TooMany, client_address
from .messages import place_of


def _project_link() -> str | None:
    token = (request.view_args or {}).get("token") if request else None
    if not token:
        return None
    try:
        draft = current_app.extensions["rfpgen_store"].get(token)
    except Exception:  # noqa: BLE001 - the error page must not fail because the database does
        return None
    return f"/p/{draft.token}" if draft else None


def _page(title: str, text: str, status: int, where: str | None = None, refused: bool = False, **values):
    """`refused`: a submission turned away before anything was saved, whose form the browser still holds."""
    return render_template("error.html", title_key=title, text_key=text, values=values, status=status, where=where,
                           project_link=_project_link(), refused_save=refused and request.method == "POST"), status


def register(app) -> None:
    @app.errorhandler(404)
    def not_found(_error):
        return _page("ui.not_found", "ui.not_found_text", 404)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        return _page("ui.too_large_title", "ui.too_large_text", 413, refused=True,
                     mb=f"{app.config['RFPGEN_MAX_UPLOAD_MB']:g}")

    @app.errorhandler(CSRFError)
    def csrf_refused(_error):
        return _page("ui.csrf_title", "ui.csrf_text", 400, refused=True)

    @app.errorhandler(TooMany)
    def too_many(error):
        app.logger.warning("throttled %s from %s", error.bucket, client_address())
        body, status = _page("ui.too_many_title", "ui.too_many_text", 429, refused=True, seconds=error.retry_after)
        return Response(body, status, headers={"Retry-After": str(error.retry_after)})

    @app.errorhandler(DraftTooLarge)
    def draft_too_large(error):
        """Names the table (step › table) when one holds too many rows; a refused save offers the way back
        to the page as typed (the browser's back keeps what was typed; the project's link would not)."""
        where = place_of(error.where, ui_lang()) if error.where else None
        return _page("ui.draft_too_large_title", f"ui.limit.{error.what}", 413, where=where, refused=True,
                     limit=f"{error.limit:,}", found=f"{error.found:,}")

    @app.errorhandler(ClientGone)
    def client_gone(_error):
        return Response(status=499)  # nobody reads it; the status shows in the access log

    @app.errorhandler(HTTPException)
    def other_http(error):
        if error.code and error.code >= 500:
            return _page("ui.error_title", "ui.error_text", error.code)
        return _page("ui.bad_request", "ui.error_text", error.code or 400)

    @app.errorhandler(Exception)
    def unexpected(error):
        if isinstance(error, HTTPException):
            return other_http(error)
        app.logger.exception("unexpected error")
        return _page("ui.error_title", "ui.error_text", 500)
