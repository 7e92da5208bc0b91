"""The list of all projects, behind the administrator password from RFPGEN_ADMIN_PASSWORD."""
from __future__ import annotations

import hmac

from flask import Blueprint, abort, current_app, redirect, render_template, request, session, url_for

from .current import store_of
from .limits import client_address, throttle

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _password() -> str | None:
    return current_app.config.get("RFPGEN_ADMIN_PASSWORD") or None


def _signed_in() -> bool:
    password = _password()
    marker = session.get("admin")
    # the session remembers a fingerprint of the password, so changing it signs everyone out
    return bool(password and marker and hmac.compare_digest(marker, _fingerprint(password)))


def _fingerprint(password: str) -> str:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), password.encode(), "sha256").hexdigest()


@bp.get("/")
def projects():
    if not _password():
        return render_template("admin_login.html", disabled=True), 404
    if not _signed_in():
        return render_template("admin_login.html", disabled=False, wrong=False)
    return render_template("admin.html", drafts=store_of(current_app).all_drafts())


@bp.post("/login")
def login():
    password = _password()
    if not password:
        abort(404)
    throttle("login")  # password guessing: a few tries a minute per address, then 429
    typed = request.form.get("password", "")
    if not hmac.compare_digest(typed.encode(), password.encode()):
        current_app.logger.warning("admin sign-in refused: wrong password from %s", client_address())
        return render_template("admin_login.html", disabled=False, wrong=True), 403
    current_app.logger.info("admin signed in from %s", client_address())
    # the session keeps its CSRF token, so wizard forms open in other tabs still save
    session["admin"] = _fingerprint(password)
    session.permanent = False
    return redirect(url_for("admin.projects"))


@bp.post("/logout")
def logout():
    session.pop("admin", None)
    return redirect(url_for("wizard.start"))
