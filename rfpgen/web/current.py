"""What every page of the wizard asks of the current request: the draft store, the job runtime, the
interface language and the English locale of the draft it shows.

A module of its own so the blueprints need not import the app factory's package (no import cycle)."""
from __future__ import annotations

from datetime import UTC, datetime

from flask import g, request, session
from jinja2 import pass_context

from ..project import english_locale, language_of, project_time
from ..words import LANGS, locale
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


def speak_as(data: dict) -> None:
    """For the rest of this request, write rfpgen's own English words as an English project's locale
    does (programme, centre on an en-GB project; program, center on en-US), as its documents do.
    Undone by `end_of_request`: a server thread keeps context variables from one request to the next."""
    if "locale_scope" in g or language_of(data) != "en":
        return
    pricing = data.get("pricing") if isinstance(data.get("pricing"), dict) else {}
    scope = locale(english_locale(data), pricing.get("currency"))
    scope.__enter__()
    g.locale_scope = scope


def end_of_request(_error=None) -> None:
    scope = g.pop("locale_scope", None)
    if scope is not None:
        scope.__exit__(None, None, None)


def shown_time(when: datetime, data: dict) -> str:
    """A stored instant (UTC; SQLite drops the zone) as a page shows it: as the documents write a time
    (rfpgen.project.project_time), in the project's time zone, in the interface's language."""
    return project_time(data, when if when.tzinfo else when.replace(tzinfo=UTC), ui_lang())


@pass_context
def when(context, instant: datetime, data: dict | None = None) -> str:
    """The template's `when(instant)`: shown_time for the page's project, or for the project `data`
    given (a list of projects shows each in its own zone)."""
    draft = context.get("draft")
    return shown_time(instant, data if data is not None else draft.data if draft else {})


def runtime_of(app) -> Runtime:
    """Background jobs and stored files."""
    return app.extensions["rfpgen_runtime"]
