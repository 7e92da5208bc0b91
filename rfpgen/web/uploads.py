"""Files people upload for the selection, kept for good: every upload is a row and a stored file.

An upload belongs to a slot of its page (on the scoring page: one evaluator's workbook, the price
workbook, the consensus workbook …). The newest accepted upload of a slot is the current one; the
uploads it replaced stay downloadable as its history, and a refused upload is kept with the problems
that refused it. Nothing is updated in place, so two people uploading at once never lose a file:
whichever row is newer is current, and the other is history.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, insert, select

from .database import uploads

NAME_LENGTH = 200


@dataclass(frozen=True)
class Upload:
    id: int
    area: str
    slot: str
    accepted: bool
    file_name: str
    file_key: str
    size: int
    sha256: str
    revision: int
    details: dict
    actor: str
    created_at: datetime


def safe_name(name: str | None, fallback: str = "upload.xlsx") -> str:
    """The file name as the person's computer gave it, without folders, control characters or
    characters that are unsafe in a download header; Japanese names stay as they are."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C" and ch not in '"<>|:*?')
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > NAME_LENGTH:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[:NAME_LENGTH - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 10 else name[:NAME_LENGTH]
    return name or fallback


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def add(runtime, draft, area: str, slot: str, accepted: bool, file_name: str, content: bytes, details: dict,
        actor: str) -> Upload:
    """Store the file and its row; returns the upload."""
    key = f"p{draft.id}/uploads/{area}/{secrets.token_hex(8)}/{file_name}"
    runtime.files.put(key, content)
    now = datetime.now(UTC)
    values = dict(project_id=draft.id, area=area, slot=slot if accepted else "", accepted=accepted, file_name=file_name,
                  file_key=key, size=len(content), sha256=sha256(content), revision=draft.revision,
                  details=json.dumps(details, ensure_ascii=False), actor=actor, created_at=now)
    with runtime.engine.begin() as conn:
        upload_id = conn.execute(insert(uploads).values(**values)).inserted_primary_key[0]
    return Upload(upload_id, area, values["slot"], accepted, file_name, key, len(content), values["sha256"],
                  draft.revision, details, actor, now)


def of_project(runtime, draft, area: str, limit: int = 2000) -> list[Upload]:
    """The project's uploads on one page, newest first."""
    query = (select(uploads).where(uploads.c.project_id == draft.id, uploads.c.area == area)
             .order_by(uploads.c.id.desc()).limit(limit))
    with runtime.engine.connect() as conn:
        return [_upload(row) for row in conn.execute(query).mappings().all()]


def get(runtime, draft, upload_id: int) -> Upload | None:
    """One upload of this project (None for another project's)."""
    with runtime.engine.connect() as conn:
        row = conn.execute(select(uploads).where(uploads.c.id == upload_id, uploads.c.project_id == draft.id)
                           ).mappings().first()
    return _upload(row) if row else None


def count(runtime, draft, area: str) -> int:
    with runtime.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(uploads.c.project_id == draft.id,
                                                           uploads.c.area == area)).scalar())


def current(found: list[Upload]) -> dict[str, Upload]:
    """The current upload of each slot: the newest accepted one (`found` newest first)."""
    slots: dict[str, Upload] = {}
    for upload in found:
        if upload.accepted and upload.slot not in slots:
            slots[upload.slot] = upload
    return slots


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _upload(row) -> Upload:
    return Upload(row["id"], row["area"], row["slot"], bool(row["accepted"]), row["file_name"], row["file_key"],
                  row["size"], row["sha256"], row["revision"], json.loads(row["details"]), row["actor"],
                  _aware(row["created_at"]))
