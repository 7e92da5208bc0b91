"""Friendly error pages in the UI language: never a traceback, never a hint about other projects."""
from __future__ import annotations

from flask import render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge


def _page(title: str, text: str, status: int, **values):
    return render_template("error.html", title_key=title, text_key=text, values=values, status=status), status


def register(app) -> None:
    @app.errorhandler(404)
    def not_found(_error):
        return _page("ui.not_found", "ui.not_found_text", 404)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_error):
        return _page("ui.too_large_title", "ui.too_large_text", 413,
                     mb=f"{app.config['RFPGEN_MAX_UPLOAD_MB']:g}")

    @app.errorhandler(CSRFError)
    def csrf_refused(_error):
        return _page("ui.csrf_title", "ui.csrf_text", 400)

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
