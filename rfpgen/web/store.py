"""Drafts in a database through SQLAlchemy: SQLite by default, PostgreSQL for a shared deployment.

A project row holds the current data and its revision number. Every save is a revision row
(when, step, a short summary, the whole data compressed). Saving is optimistic: the UPDATE only
matches if the revision is still the one the form was opened at, which holds across threads,
processes and machines because the database checks it in one statement. A refused save is kept as
a revision with status "refused", so neither version is lost.

History is bounded: the newest revisions are all kept, older ones thin out to the last of each day,
up to a cap, so a project saved thousands of times stays small and its history still compares.
"""
from __future__ import annotations

import json
import secrets
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from threading import Lock

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Engine

from .database import deletions, events, jobs, make_engine, projects, revisions, upgrade, uploads

KEEP_RECENT = 200  # every revision among the newest this many is kept
MAX_REVISIONS = 1000  # older ones keep the last of each day, up to this many in all
PRUNE_EVERY = 25  # saves between two prunings of a project's history
PACK_LEVEL = 1  # zlib: a draft's JSON compresses 5-6 x at level 1 in a third of level 6's time


@dataclass(frozen=True)
class Draft:
    id: int
    token: str
    title: str
    revision: int
    data: dict
    created_at: datetime
    updated_at: datetime
    deletion_requested_at: datetime | None = None  # as read with the draft (rfpgen.web.lifecycle)


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
    return datetime.now(UTC)


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)  # SQLite drops the zone


def _title(data: dict) -> str:
    title = (data.get("project") or {}).get("title") if isinstance(data.get("project"), dict) else None
    return str(title)[:2000] if title else ""


def new_token() -> str:
    """An unguessable project token: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def pack(data: dict, text: str | None = None) -> bytes:
    """The data for a revision row: its JSON (`text`, when the caller has it already) compressed."""
    text = json.dumps(data, ensure_ascii=False) if text is None else text
    return zlib.compress(text.encode("utf-8"), PACK_LEVEL)


def unpack(packed: bytes) -> dict:
    return json.loads(zlib.decompress(packed).decode("utf-8"))


# the optimistic save: only if the draft is still at the revision the form was opened at (one statement,
# built once: every save runs it)
_SAVE = (update(projects).where(projects.c.id == bindparam("b_id"), projects.c.revision == bindparam("b_base"))
         .values(data=bindparam("b_data"), revision=bindparam("b_revision"), title=bindparam("b_title"),
                 updated_at=bindparam("b_updated_at")))


class DraftStore:
    def __init__(self, url_or_engine: str | Engine):
        self.engine = make_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
        upgrade(self.engine)
        # SQLite lets one writer in at a time and makes the others poll with growing sleeps (up to
        # 100 ms each): this process's threads queue for their turn here instead. Other processes
        # still meet SQLite's own lock; PostgreSQL needs neither.
        self._one_writer = Lock() if self.engine.dialect.name == "sqlite" else None
        self._by_token = (select(projects, deletions.c.requested_at.label("deletion_requested_at"))
                          .outerjoin(deletions, deletions.c.project_id == projects.c.id)
                          .where(projects.c.token == bindparam("token")))

    @contextmanager
    def _writing(self):
        """A write transaction (SQLite: one thread of this process at a time; a thread that waited
        30 s, as long as SQLite's own busy timeout, goes ahead and leaves the waiting to SQLite)."""
        queued = self._one_writer is not None and self._one_writer.acquire(timeout=30)
        try:
            with self.engine.begin() as conn:
                yield conn
        finally:
            if queued:
                self._one_writer.release()

    def dispose(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------ reading

    def get(self, token: str) -> Draft | None:
        """The draft behind a secret link, with its pending deletion if any (one query: every page asks)."""
        if not token or len(token) > 64:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(self._by_token, {"token": token}).mappings().first()
        return self._draft(row) if row else None

    def by_id(self, project_id: int) -> Draft | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(projects).where(projects.c.id == project_id)).mappings().first()
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
            packed = conn.execute(select(revisions.c.packed).where(revisions.c.id == revision_id,
                                                                   revisions.c.project_id == draft.id)).scalar()
        return unpack(packed) if packed is not None else None

    def revision(self, draft: Draft, revision_id: int) -> Revision | None:
        return next((r for r in self.revisions(draft) if r.id == revision_id), None)

    def data_at(self, draft: Draft, number: int) -> dict | None:
        """The data as saved at revision `number`."""
        with self.engine.connect() as conn:
            packed = conn.execute(select(revisions.c.packed).where(revisions.c.project_id == draft.id,
                                                                   revisions.c.number == number)).scalar()
        return unpack(packed) if packed is not None else None

    # ------------------------------------------------------------ writing

    def create(self, data: dict, step: str, summary: str) -> Draft:
        now, text = _now(), json.dumps(data, ensure_ascii=False)
        with self._writing() as conn:
            token = new_token()
            project_id = conn.execute(insert(projects).values(
                token=token, title=_title(data), revision=1, data=text, created_at=now, updated_at=now)
            ).inserted_primary_key[0]
            conn.execute(insert(revisions).values(project_id=project_id, number=1, base=None, status="saved",
                                                  step=step, summary=summary[:500], packed=pack(data), created_at=now))
        return self.get(token)

    def save(self, draft: Draft, base_revision: int, data: dict, step: str, summary: str,
             keep_refused: bool = True, text: str | None = None) -> SaveResult:
        """Save `data` as the next revision if the draft is still at `base_revision`; else keep it refused
        (unless the caller will merge and retry: `keep_refused=False`, then revision_id is 0). `text` is
        the data's JSON when the caller has it already."""
        now, text = _now(), json.dumps(data, ensure_ascii=False) if text is None else text
        with self._writing() as conn:
            result = conn.execute(_SAVE, {"b_id": draft.id, "b_base": base_revision, "b_data": text,
                                          "b_revision": base_revision + 1, "b_title": _title(data),
                                          "b_updated_at": now})
            saved = result.rowcount == 1
            revision_id = 0
            if saved or keep_refused:
                revision_id = conn.execute(insert(revisions), {
                    "project_id": draft.id, "number": base_revision + 1 if saved else None, "base": base_revision,
                    "status": "saved" if saved else "refused", "step": step, "summary": summary[:500],
                    "packed": pack(data, text), "created_at": now}).inserted_primary_key[0]
            if saved and (base_revision + 1) % PRUNE_EVERY == 0:
                self._prune(conn, draft.id)
        if not saved:  # someone else saved first: the draft as it is now
            return SaveResult(False, self.get(draft.token), revision_id)
        # saved: the draft is what was just written (a copy of its own, as if read back, without the query)
        current = Draft(draft.id, draft.token, _title(data), base_revision + 1, json.loads(text), draft.created_at, now,
                        draft.deletion_requested_at)
        return SaveResult(True, current, revision_id)

    def refuse(self, draft: Draft, base_revision: int, data: dict, step: str, summary: str) -> int:
        """Keep a save that could not be merged as a refused revision; its id."""
        with self._writing() as conn:
            return conn.execute(insert(revisions).values(
                project_id=draft.id, number=None, base=base_revision, status="refused", step=step,
                summary=summary[:500], packed=pack(data), created_at=_now())).inserted_primary_key[0]

    @staticmethod
    def _prune(conn, project_id: int) -> None:
        """Keep the newest KEEP_RECENT revisions, then the last saved one of each earlier day, MAX_REVISIONS in all."""
        rows = conn.execute(select(revisions.c.id, revisions.c.status, revisions.c.created_at)
                            .where(revisions.c.project_id == project_id).order_by(revisions.c.id.desc())).all()
        if len(rows) <= KEEP_RECENT:
            return
        keep, days = [row.id for row in rows[:KEEP_RECENT]], set()
        for row in rows[KEEP_RECENT:]:
            day = _aware(row.created_at).date()
            if row.status == "saved" and day not in days:
                days.add(day)
                keep.append(row.id)
        drop = {row.id for row in rows} - set(keep[:MAX_REVISIONS])
        for chunk in range(0, len(drop), 500):
            conn.execute(revisions.delete().where(revisions.c.id.in_(sorted(drop)[chunk:chunk + 500])))

    def history_size(self, draft: Draft) -> tuple[int, int]:
        """How many revisions a project keeps and their stored bytes."""
        with self.engine.connect() as conn:
            count, size = conn.execute(select(func.count(), func.coalesce(func.sum(func.length(revisions.c.packed)), 0))
                                       .where(revisions.c.project_id == draft.id)).one()
        return int(count), int(size)

    def delete(self, draft: Draft) -> None:
        """The project, its history, its audit log, its jobs and any deletion request (stored files:
        Runtime.delete_project)."""
        with self._writing() as conn:
            conn.execute(events.delete().where(events.c.project_id == draft.id))
            conn.execute(uploads.delete().where(uploads.c.project_id == draft.id))
            conn.execute(deletions.delete().where(deletions.c.project_id == draft.id))
            conn.execute(jobs.delete().where(jobs.c.project_id == draft.id))
            conn.execute(revisions.delete().where(revisions.c.project_id == draft.id))
            conn.execute(projects.delete().where(projects.c.id == draft.id))

    @staticmethod
    def _draft(row) -> Draft:
        requested = row.get("deletion_requested_at")
        return Draft(row["id"], row["token"], row["title"], row["revision"], json.loads(row["data"]),
                     _aware(row["created_at"]), _aware(row["updated_at"]), _aware(requested) if requested else None)
