"""The selection's audit log: what happened to a project, who did it and when.

Every upload (a vendor's response form, an evaluator's workbook), every answer published or refused
by the leak check, every consensus change and every document made for the selection is one event:
appended, never changed, kept until the project is deleted. The history page shows them beside the
saved revisions, in the project's time zone (stored in UTC).

    from rfpgen.web import events
    events.record(runtime, draft, "response_uploaded", "vendor_a.xlsx: Acme (1 sheet)", file_key=key)
    for event in events.for_project(runtime, draft): ...

`record` takes the runtime, the draft store or an engine, and a draft or a project id, so a
background job can record as well as a request; inside a request the actor is the person (see
`actor`), outside it "system".
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import has_request_context, session
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine

from ..text import clean
from ..words import lookup, say
from .database import events

SYSTEM = "system"  # the actor of an event recorded outside a request (a background job)
NAME_KEY = "display_name"  # the session key of the name a person gave for the audit log
KIND_LENGTH, SUMMARY_LENGTH, ACTOR_LENGTH = 40, 500, 200


@dataclass(frozen=True)
class Event:
    id: int
    kind: str
    summary: str
    actor: str
    created_at: datetime  # UTC
    file_key: str | None


def _engine(where) -> Engine:
    return where if isinstance(where, Engine) else where.engine  # Runtime and DraftStore both have .engine


def _project_id(draft_or_id) -> int:
    return draft_or_id if isinstance(draft_or_id, int) else draft_or_id.id


def actor() -> str:
    """Who is acting: the name this browser gave (with its address), else its address; "system" outside a request.

    The wizard has no accounts (a project's secret link is its key), so the address is what the
    rest of the app identifies a client by (rfpgen.web.limits)."""
    if not has_request_context():
        return SYSTEM
    from .limits import client_address

    address = client_address()
    name = clean(session.get(NAME_KEY) or "").strip()
    return (f"{name} ({address})" if name else address)[:ACTOR_LENGTH]


def record(where, draft, kind: str, summary: str, file_key: str | None = None, who: str | None = None) -> Event:
    """Append one event to the project's log and return it.

    `where`: the runtime, the draft store or an engine; `draft`: the draft or its project id; `kind`: a
    short word (`ui.event_<kind>` names it on the page); `file_key`: a stored file it concerns."""
    if not kind or len(kind) > KIND_LENGTH:
        raise ValueError(f"event kind must be 1..{KIND_LENGTH} characters: {kind!r}")
    now = datetime.now(UTC)
    values = dict(project_id=_project_id(draft), created_at=now, actor=(who or actor())[:ACTOR_LENGTH], kind=kind,
                  summary=clean(summary)[:SUMMARY_LENGTH], file_key=file_key)
    with _engine(where).begin() as conn:
        event_id = conn.execute(insert(events).values(**values)).inserted_primary_key[0]
    return Event(event_id, kind, values["summary"], values["actor"], now, file_key)


def for_project(where, draft, kinds: tuple[str, ...] | list[str] | None = None, limit: int = 500) -> list[Event]:
    """The project's events, newest first (only those of `kinds` when given)."""
    query = select(events).where(events.c.project_id == _project_id(draft))
    if kinds:
        query = query.where(events.c.kind.in_(list(kinds)))
    with _engine(where).connect() as conn:
        rows = conn.execute(query.order_by(events.c.id.desc()).limit(limit)).mappings().all()
    return [_event(row) for row in rows]


def _event(row) -> Event:
    return Event(row["id"], row["kind"], row["summary"], row["actor"], _aware(row["created_at"]), row["file_key"])


def get(where, draft, event_id: int) -> Event | None:
    """One event of the project, or None (an event of another project is None too)."""
    with _engine(where).connect() as conn:
        row = conn.execute(select(events).where(events.c.id == event_id, events.c.project_id == _project_id(draft))
                           ).mappings().first()
    return _event(row) if row else None


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)  # SQLite drops the zone


def kind_name(kind: str, lang: str) -> str:
    """What an event kind is called on the page (`ui.event_<kind>`); a kind without words shows as recorded."""
    return say(f"ui.event_{kind}", lang) if lookup(f"ui.event_{kind}") else kind
