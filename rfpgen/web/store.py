"""Drafts in a database through SQLAlchemy: SQLite by default, PostgreSQL for a shared deployment.

A project row holds the current data and its revision number. Every save is a revision row
(when, step, a short summary, the whole data). Saving is optimistic: the UPDATE only matches if
the revision is still the one the form was opened at, which holds across threads, processes and
machines because the database checks it in one statement. A refused save is kept as a revision
with status "refused", so neither version is lost.
"""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import (Column, DateTime, ForeignKey, Integer, MetaData, String, Table, Text, create_engine,
                        event, insert, select, update)
from sqlalchemy.engine import Engine

metadata = MetaData()

projects = Table(
    "rfpgen_projects", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token", String(64), nullable=False, unique=True, index=True),
    Column("title", String(2000), nullable=False, default=""),
    Column("revision", Integer, nullable=False),
    Column("data", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

revisions = Table(
    "rfpgen_revisions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", Integer, ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("number", Integer, nullable=True),  # the revision it became; NULL when refused
    Column("base", Integer, nullable=True),  # the revision the editor started from
    Column("status", String(16), nullable=False),  # saved | refused
    Column("step", String(40), nullable=False),
    Column("summary", String(500), nullable=False),
    Column("data", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)


@dataclass(frozen=True)
class Draft:
    id: int
    token: str
    title: str
    revision: int
    data: dict
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Revision:
    id: int
    number: int | None
    base: int | None
    status: str
    step: str
    summary: str
    created_at: datetime


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    draft: Draft  # the current draft after the attempt
    revision_id: int  # the revision row written (the refused copy when not saved)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)  # SQLite drops the zone


def _title(data: dict) -> str:
    title = (data.get("project") or {}).get("title") if isinstance(data.get("project"), dict) else None
    return str(title)[:2000] if title else ""


def new_token() -> str:
    """An unguessable project token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class DraftStore:
    def __init__(self, url: str):
        self.engine = make_engine(url)
        metadata.create_all(self.engine)

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ reading

    def get(self, token: str) -> Draft | None:
        if not token or len(token) > 64:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(projects).where(projects.c.token == token)).mappings().first()
        return self._draft(row) if row else None

    def all_drafts(self) -> list[Draft]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(projects).order_by(projects.c.updated_at.desc())).mappings().all()
        return [self._draft(row) for row in rows]

    def revisions(self, draft: Draft) -> list[Revision]:
        cols = [revisions.c[name] for name in ("id", "number", "base", "status", "step", "summary", "created_at")]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).where(revisions.c.project_id == draft.id)
                                .order_by(revisions.c.id.desc())).mappings().all()
        return [Revision(**(dict(row) | {"created_at": _aware(row["created_at"])})) for row in rows]

    def revision_data(self, draft: Draft, revision_id: int) -> dict | None:
        with self.engine.connect() as conn:
            text = conn.execute(select(revisions.c.data).where(revisions.c.id == revision_id,
                                                               revisions.c.project_id == draft.id)).scalar()
        return json.loads(text) if text is not None else None

    def data_at(self, draft: Draft, number: int) -> dict | None:
        """The data as saved at revision `number`."""
        with self.engine.connect() as conn:
            text = conn.execute(select(revisions.c.data).where(revisions.c.project_id == draft.id,
                                                               revisions.c.number == number)).scalar()
        return json.loads(text) if text is not None else None

    # ------------------------------------------------------------ writing

    def create(self, data: dict, step: str, summary: str) -> Draft:
        now, text = _now(), json.dumps(data, ensure_ascii=False)
        with self.engine.begin() as conn:
            token = new_token()
            project_id = conn.execute(insert(projects).values(
                token=token, title=_title(data), revision=1, data=text, created_at=now, updated_at=now)
            ).inserted_primary_key[0]
            conn.execute(insert(revisions).values(project_id=project_id, number=1, base=None, status="saved",
                                                  step=step, summary=summary[:500], data=text, created_at=now))
        return self.get(token)

    def save(self, draft: Draft, base_revision: int, data: dict, step: str, summary: str) -> SaveResult:
        """Save `data` as the next revision if the draft is still at `base_revision`; else keep it refused."""
        now, text = _now(), json.dumps(data, ensure_ascii=False)
        with self.engine.begin() as conn:
            result = conn.execute(
                update(projects)
                .where(projects.c.id == draft.id, projects.c.revision == base_revision)
                .values(data=text, revision=base_revision + 1, title=_title(data), updated_at=now))
            saved = result.rowcount == 1
            revision_id = conn.execute(insert(revisions).values(
                project_id=draft.id, number=base_revision + 1 if saved else None, base=base_revision,
                status="saved" if saved else "refused", step=step, summary=summary[:500], data=text,
                created_at=now)).inserted_primary_key[0]
        return SaveResult(saved, self.get(draft.token), revision_id)

    def delete(self, draft: Draft) -> None:
        with self.engine.begin() as conn:
            conn.execute(revisions.delete().where(revisions.c.project_id == draft.id))
            conn.execute(projects.delete().where(projects.c.id == draft.id))

    @staticmethod
    def _draft(row) -> Draft:
        return Draft(row["id"], row["token"], row["title"], row["revision"], json.loads(row["data"]),
                     _aware(row["created_at"]), _aware(row["updated_at"]))
