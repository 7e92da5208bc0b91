"""A project's secret link over its life: a new link when the old one was shared too widely, and
deletion with a grace period, so a mistaken click (or a colleague's) can still be undone.

Deletion is first a request, recorded in a table of its own; the project stays reachable (with a
banner and a cancel button) until the grace period ends, then the first visit removes it for good.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, insert, select, update

from .database import deletions, projects
from .store import DraftStore, new_token

GRACE = timedelta(days=7)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def rotate(store: DraftStore, draft) -> str:
    """Give the project a new secret link; the old one stops working at once. Returns the new token.
    Built files are kept by project, not by link, so they follow without being moved."""
    token = new_token()
    with store.engine.begin() as conn:
        conn.execute(update(projects).where(projects.c.id == draft.id).values(token=token))
    return token


def deletion_due(store: DraftStore, draft) -> datetime | None:
    """When the project will be deleted, or None if no deletion was requested."""
    with store.engine.connect() as conn:
        when = conn.execute(select(deletions.c.requested_at).where(deletions.c.project_id == draft.id)).scalar()
    return _aware(when) + GRACE if when else None


def request_deletion(store: DraftStore, draft) -> datetime:
    with store.engine.begin() as conn:
        conn.execute(delete(deletions).where(deletions.c.project_id == draft.id))
        conn.execute(insert(deletions).values(project_id=draft.id, requested_at=datetime.now(timezone.utc)))
    return deletion_due(store, draft)


def cancel_deletion(store: DraftStore, draft) -> None:
    with store.engine.begin() as conn:
        conn.execute(delete(deletions).where(deletions.c.project_id == draft.id))


def due_of(draft) -> datetime | None:
    """When the project will be deleted, from the request read with the draft (no query)."""
    when = draft.deletion_requested_at
    return _aware(when) + GRACE if when else None


def purge_if_due(runtime, draft) -> bool:
    """Delete the project (drafts, revisions, jobs, built files) if its grace period is over; True if it went.
    The deletion request is the one read with `draft` (DraftStore.get reads both at once)."""
    due = due_of(draft)
    if due is None or due > datetime.now(timezone.utc):
        return False
    runtime.delete_project(draft)  # the deletion request goes with the project row
    return True
