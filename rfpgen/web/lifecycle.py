"""A project's secret link over its life: a new link when the old one was shared too widely, and
deletion with a grace period, so a mistaken click (or a colleague's) can still be undone.

Deletion is first a request, recorded in a table of its own; the project stays reachable (with a
banner and a cancel button) until the grace period ends, then the first visit removes it for good.
"""
from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, delete, insert, select, update

from .store import DraftStore, new_token, projects

GRACE = timedelta(days=7)

metadata = MetaData()
deletions = Table(
    "rfpgen_deletions", metadata,
    Column("project_id", Integer, primary_key=True),  # no foreign key: the project row goes first
    Column("requested_at", DateTime(timezone=True), nullable=False),
)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def install(store: DraftStore) -> None:
    metadata.create_all(store.engine)


def rotate(store: DraftStore, draft, build_root: Path) -> str:
    """Give the project a new secret link; the old one stops working at once. Returns the new token."""
    token = new_token()
    with store.engine.begin() as conn:
        conn.execute(update(projects).where(projects.c.id == draft.id).values(token=token))
    old = build_root / draft.token
    if old.is_dir():  # earlier builds follow the project
        old.rename(build_root / token)
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


def purge_if_due(store: DraftStore, draft, build_root: Path) -> bool:
    """Delete the project (drafts, revisions, builds) if its grace period is over; True if it went."""
    due = deletion_due(store, draft)
    if due is None or due > datetime.now(timezone.utc):
        return False
    store.delete(draft)
    cancel_deletion(store, draft)
    shutil.rmtree(build_root / draft.token, ignore_errors=True)
    return True
