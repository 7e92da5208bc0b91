"""The web wizard: a Flask app factory, settings from RFPGEN_* environment variables.

    from rfpgen.web import create_app
    app = create_app()                      # production: needs RFPGEN_SECRET_KEY
    app = create_app({"ENV": "development"})  # what `rfpgen serve` uses

Settings (environment variable → meaning, default):
    RFPGEN_ENV               production | development                     production
    RFPGEN_SECRET_KEY        signs session cookies; required in production (dev: generated, kept in the instance folder)
    RFPGEN_DATABASE_URL      any SQLAlchemy URL                           sqlite:///<instance>/rfpgen.sqlite3
    RFPGEN_INSTANCE_PATH     folder for the SQLite file, secret and built documents   ./instance
    RFPGEN_ADMIN_PASSWORD    enables /admin, the list of all projects      (admin disabled)
    RFPGEN_MAX_UPLOAD_MB     largest accepted request/upload in MB         2
    RFPGEN_COOKIE_SECURE     1 to send cookies over HTTPS only             0
    RFPGEN_REDIS_URL         run builds on an RQ queue (`rfpgen worker`)   (threads of the web process)
                             and keep throttle counters there, shared by all web workers  (each process its own)
    RFPGEN_JOB_THREADS       build threads per web process without Redis  2
    RFPGEN_JOB_STALE_SECONDS a running job silent this long is failed      60
    RFPGEN_S3_BUCKET         keep built files in S3-compatible storage     (in the database)
    RFPGEN_S3_ENDPOINT_URL   the storage's address when it is not AWS      (AWS)
    RFPGEN_S3_PREFIX         key prefix inside the bucket                  (none)
    RFPGEN_LIMITS            JSON overriding throttles and quotas of rfpgen.web.limits, e.g.
                             {"save": [600, 60], "rows_per_list": 800}   (the defaults)
"""
from __future__ import annotations

import gc
import json
import os
import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import Flask, request
from flask_wtf.csrf import CSRFProtect

from ..errors import ConfigError
from ..words import choice, hint, say as label
from .current import end_of_request, ui_lang, when
from .database import database_url
from ..text import number
from .forms import number_text
from .fragments import rendered
from .jobs import Runtime
from .limits import make_throttle
from .store import DraftStore
from .summaries import shown as shown_summary

ENV_PREFIX = "RFPGEN_"
SETTINGS = {  # name: (default, converter)
    "ENV": ("production", str),
    "SECRET_KEY": (None, str),
    "DATABASE_URL": (None, str),
    "INSTANCE_PATH": (None, str),
    "ADMIN_PASSWORD": (None, str),
    "MAX_UPLOAD_MB": (2.0, float),
    "COOKIE_SECURE": (False, lambda v: str(v).strip().lower() in ("1", "true", "yes", "on")),
    "REDIS_URL": (None, str),
    "JOB_THREADS": (2, int),
    "JOB_STALE_SECONDS": (60.0, float),
    "S3_BUCKET": (None, str),
    "S3_ENDPOINT_URL": (None, str),
    "S3_PREFIX": (None, str),
    "LIMITS": (None, lambda v: _limits(v)),
}


def _limits(text: str) -> dict:
    from .limits import DEFAULT_LIMITS

    found = json.loads(text)
    if not isinstance(found, dict) or set(found) - set(DEFAULT_LIMITS):
        raise ValueError(f"a JSON object with keys among {', '.join(DEFAULT_LIMITS)}")
    return {k: tuple(v) if isinstance(v, list) else v for k, v in found.items()}



def settings_from_env(environ=None) -> dict:
    environ = os.environ if environ is None else environ
    out = {}
    for name, (default, convert) in SETTINGS.items():
        raw = environ.get(ENV_PREFIX + name)
        if raw is None or raw == "":
            out[name] = default
            continue
        try:
            out[name] = convert(raw)
        except ValueError as exc:
            raise ConfigError(f"{ENV_PREFIX}{name}={raw!r} is not valid: {exc}") from None
    return out


def _dev_secret(instance: Path) -> str:
    """Development only: a random key kept in the instance folder, so sessions survive restarts."""
    path = instance / "secret_key"
    key = secrets.token_hex(32)
    try:  # created owner-only in one step; a worker that loses the race reads the winner's key
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        for _ in range(50):
            existing = path.read_text(encoding="utf-8").strip()
            if existing:
                return existing
            time.sleep(0.01)
        raise ConfigError(f"{path} is empty; delete it to have a new development key generated") from None
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(key)
    return key


def create_app(config: dict | None = None) -> Flask:
    settings = settings_from_env() | (config or {})
    instance = Path(settings.get("INSTANCE_PATH") or Path.cwd() / "instance").resolve()
    app = Flask(__name__, instance_path=str(instance))
    production = settings["ENV"] == "production" and not settings.get("TESTING")
    if not settings.get("SECRET_KEY"):
        if production:
            raise ConfigError("RFPGEN_SECRET_KEY is not set. In production the wizard refuses to start without "
                              "a secret key; generate one with: python -c 'import secrets; print(secrets.token_hex(32))'")
        instance.mkdir(parents=True, exist_ok=True)
        settings["SECRET_KEY"] = _dev_secret(instance)
    if production and len(settings["SECRET_KEY"]) < 16:
        raise ConfigError("RFPGEN_SECRET_KEY is too short; use at least 32 random characters")

    app.config.update(
        SECRET_KEY=settings["SECRET_KEY"],
        RFPGEN_ENV=settings["ENV"],
        RFPGEN_ADMIN_PASSWORD=settings.get("ADMIN_PASSWORD"),
        RFPGEN_MAX_UPLOAD_MB=settings["MAX_UPLOAD_MB"],
        MAX_CONTENT_LENGTH=int(settings["MAX_UPLOAD_MB"] * 1024 * 1024),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=bool(settings["COOKIE_SECURE"]),
        SESSION_COOKIE_NAME="rfpgen_session",
        PERMANENT_SESSION_LIFETIME=timedelta(days=30),
        WTF_CSRF_TIME_LIMIT=None,  # a form left open for hours must still save: the token lives with the session
        TESTING=bool(settings.get("TESTING")),
        RFPGEN_LIMITS=settings.get("LIMITS") or {},
    )
    for key, value in settings.items():  # extra Flask settings passed in `config` (tests)
        if key not in SETTINGS and key.isupper():
            app.config[key] = value

    store = DraftStore(database_url(settings, instance))
    app.extensions["rfpgen_store"] = store
    app.extensions["rfpgen_runtime"] = Runtime.from_settings(settings, instance, store)  # background jobs, files
    app.extensions["rfpgen_throttle"] = make_throttle(settings.get("REDIS_URL"))  # shared through Redis if set
    CSRFProtect(app)

    from . import admin, errors, selection, wizard

    app.register_blueprint(wizard.bp)
    app.register_blueprint(selection.bp)
    app.register_blueprint(admin.bp)
    errors.register(app)

    app.add_template_filter(number_text, "num")
    app.add_template_filter(lambda value: number(value, 1) if isinstance(value, (int, float)) else value, "fte")  # as the documents: 18.0
    app.add_template_filter(lambda summary: shown_summary(summary, ui_lang()), "summary")
    app.add_template_global(rendered)  # the form's fragments, remembered (rfpgen.web.fragments)
    app.add_template_global(when)  # a stored instant in the project's time, as the documents write it

    @app.context_processor
    def _labels():
        lang = ui_lang()
        return {"lang": lang, "other_lang": "en" if lang == "ja" else "ja",
                "t": lambda key, **values: label(key, lang, **values),
                "hint": lambda key: hint(key, lang), "choice": lambda value, vocabulary=None: choice(value, lang, vocabulary)}

    app.teardown_request(end_of_request)

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")  # project links are secrets
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
        if request.path.startswith(("/p/", "/admin")):
            response.headers["Cache-Control"] = "no-store"
        return response

    if not app.testing and not gc.get_freeze_count():
        # What the server has built by now (modules, the schema, the app) lives as long as the process:
        # full garbage collections, set off every few dozen saves by the drafts requests parse and
        # drop, need not walk it again (~125,000 objects, 30-50 ms with every request thread stopped)
        gc.freeze()
    return app
