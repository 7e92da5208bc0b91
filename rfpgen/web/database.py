"""The wizard's database: its tables, engines, and creating or upgrading the schema once, safely.

The schema is managed by Alembic migrations (rfpgen/web/migrations). Every process that opens the
database (each web worker, each queue worker, `rfpgen db upgrade`) brings it to the newest revision
first, one at a time: on PostgreSQL under a transaction-scoped advisory lock, on SQLite under a lock
file beside the database. So `gunicorn -w 4` on a fresh database never races; the first worker
creates the tables and the others find them made. A new table goes into this module and into a new
migration (rfpgen/web/migrations/versions), never through create_all, which would race again.
"""
from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (Boolean, Column, DateTime, ForeignKey, Integer, LargeBinary, MetaData, String, Table, Text,
                        create_engine, event, inspect, text)
from sqlalchemy.engine import Engine, make_url

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
    Column("packed", LargeBinary, nullable=False),  # the whole data as zlib-compressed JSON
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Files every worker on every host must find: built documents, uploads. The bytes live here unless
# object storage is configured, then only in the bucket under the same key.
blobs = Table(
    "rfpgen_blobs", metadata,
    Column("key", String(400), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Background work (builds, PDF conversion, scoring): the one record of its progress and outcome,
# whether it runs on the queue or in a thread of the web process.
jobs = Table(
    "rfpgen_jobs", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", Integer, ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(40), nullable=False),  # build | score
    Column("revision", Integer, nullable=False),  # the draft revision it works on
    Column("params", Text, nullable=False),  # JSON
    Column("status", String(16), nullable=False),  # queued | running | done | failed
    Column("stage", String(80), nullable=False, default=""),  # what it is doing now, a label key
    Column("progress", Integer, nullable=False, default=0),  # 0..100
    Column("message", Text, nullable=False, default=""),  # the reason it failed, for the user
    Column("result", Text, nullable=True),  # JSON: the files it made
    Column("attempts", Integer, nullable=False, default=0),
    Column("worker", String(200), nullable=False, default=""),  # host:pid of the last attempt
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("heartbeat_at", DateTime(timezone=True), nullable=True),
    Column("finished_at", DateTime(timezone=True), nullable=True),
)

# Projects whose deletion was asked for: they stay reachable until the grace period ends, so a
# mistaken click (or a colleague's) can be undone.
deletions = Table(
    "rfpgen_deletions", metadata,
    Column("project_id", Integer, ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), primary_key=True),
    Column("requested_at", DateTime(timezone=True), nullable=False),
)

# The selection's audit log: who did what to a project, when (uploads, answers published or refused,
# documents made). Append-only: rows are added, never changed; they go with the project.
events = Table(
    "rfpgen_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", Integer, ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),  # UTC
    Column("actor", String(200), nullable=False),  # the signed-in name, else the client's address, or "system"
    Column("kind", String(40), nullable=False),  # e.g. response_uploaded, answer_published
    Column("summary", String(500), nullable=False),
    Column("file_key", String(400), nullable=True),  # a stored file the event concerns (rfpgen.web.files)
)

# Files people upload for the selection (the evaluators' filled workbooks …), one row per upload, never
# changed: each belongs to a slot (an evaluator's workbook, the price workbook …); the newest accepted
# upload of a slot is its current one, earlier ones stay as its history, refused ones with their problems.
uploads = Table(
    "rfpgen_uploads", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("project_id", Integer, ForeignKey("rfpgen_projects.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("area", String(40), nullable=False),  # the page it was uploaded on: scoring
    Column("slot", String(120), nullable=False),  # what it is: evaluator:EV1, prices, consensus …; "" when refused
    Column("accepted", Boolean, nullable=False),
    Column("file_name", String(255), nullable=False),  # as the person's computer named it
    Column("file_key", String(400), nullable=False),  # its bytes (rfpgen.web.files)
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("revision", Integer, nullable=False),  # the draft revision it was checked against
    Column("details", Text, nullable=False),  # JSON: what the check found (completeness, problems)
    Column("actor", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

_LOCK_KEY = 0x7266_7067  # "rfpg": the advisory lock every process takes to migrate
_MIGRATIONS = Path(__file__).with_name("migrations")
_FIRST_REVISION = "0001"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            # commits write the log without waiting for the disk (2.5 ms each here, while the other
            # saves queue for the one writer); a crash of the server loses nothing, a power cut may lose
            # the last saves but never damages the file (the checkpoint still syncs)
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextmanager
def _sqlite_lock(engine: Engine):
    """Serialise migrations of one SQLite file across the processes of this host."""
    database = make_url(str(engine.url)).database
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.migrate-lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration; safe to call from many processes at once."""
    from alembic import command

    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:  # DDL is transactional: all of it or none, then the lock is freed
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
            _run(command, connection)
        return
    with _sqlite_lock(engine), engine.begin() as connection:
        _run(command, connection)


def _run(command, connection) -> None:
    config = _alembic_config(connection)
    tables = set(inspect(connection).get_table_names())
    if "rfpgen_projects" in tables and "alembic_version" not in tables:
        command.stamp(config, _FIRST_REVISION)  # made by an rfpgen before migrations: start from its schema
    command.upgrade(config, "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(_MIGRATIONS)).get_current_head()


def database_url(settings: dict, instance: Path) -> str:
    """RFPGEN_DATABASE_URL, else a SQLite file in the instance folder."""
    if settings.get("DATABASE_URL"):
        return settings["DATABASE_URL"]
    instance.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance / 'rfpgen.sqlite3'}"

