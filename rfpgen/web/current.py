"""What every page of the wizard asks of the current request: the draft store, the job runtime and the
interface language.

A module of its own so the blueprints need not import the app factory's package (no import cycle)."""
from __future__ import annotations

from flask import g, request, session

from ..words import LANGS
from .jobs import Runtime
from .store import DraftStore


def store_of(app) -> DraftStore:
    return app.extensions["rfpgen_store"]


def ui_lang() -> str:
    """The interface language: the user's choice, else the browser's preference, else Japanese.

    A page asks for it once per label; the browser's preference is worked out once per request."""
    chosen = session.get("lang")
    if chosen in LANGS:
        return chosen
    if "browser_lang" not in g:
        g.browser_lang = (request.accept_languages.best_match(LANGS) if request else None) or "ja"
    return g.browser_lang


def runtime_of(app) -> Runtime:
    """Background jobs and stored files."""
    return app.extensions["rfpgen_runtime"]
