"""Background jobs (builds, PDF conversion, scoring): one job function, two ways to run it.

With RFPGEN_REDIS_URL set, jobs go on an RQ queue on Redis and `rfpgen worker` processes on any
host run them; otherwise a small thread pool of the web process runs them. Either way the one
record of a job is its database row, so every web worker shows the same progress, and `tasks.run_job`
is the same function. A job writes its files under its own keys and only then marks itself done,
in one statement: a job killed midway leaves the previous build the current one. RQ retries a job
whose worker process died; a job whose heartbeat stops is shown as failed, so nobody waits forever.
"""
from __future__ import annotations

import importlib
import json
import logging
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, update

from ..errors import ProjectInvalid, RfpgenError
from .database import jobs
from .store import DraftStore

log = logging.getLogger(__name__)

QUEUE_NAME = "rfpgen"
JOB_FUNCTION = "rfpgen.web.tasks.run_job"  # the one job function, named as RQ names it, for both queues
HEARTBEAT_SECONDS = 5.0  # a running job touches its row this often
JOB_TIMEOUT = 3600  # seconds RQ lets one attempt run (PDF conversion of a large project is slow)
RETRIES = 2  # further attempts when a worker process dies mid-job
BILINGUAL = "ja+en:"  # a failure message kept in both languages (JSON after this mark): Job.message_in
UNSTARTED_AFTER = timedelta(hours=1)  # a queued job nobody took by then is reported failed


@dataclass(frozen=True)
class Job:
    id: int
    project_id: int
    kind: str
    revision: int
    params: dict
    status: str  # queued | running | done | failed (a running job whose heartbeat stopped reads as failed)
    stage: str
    progress: int
    message: str
    result: dict | None
    attempts: int
    worker: str
    created_at: datetime
    finished_at: datetime | None
    messages: dict | None = None  # the failure in ja and en, when the job recorded both

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    def message_in(self, lang: str) -> str:
        """Why the job failed, in `lang` when the job recorded both languages (a problem the user can fix)."""
        return (self.messages or {}).get(lang) or self.message


class ThreadQueue:
    """Runs jobs in threads of this process: the default, for one host and no Redis."""

    def __init__(self, threads: int):
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="rfpgen-job")

    def enqueue(self, runtime: Runtime, job_id: int) -> None:
        self.pool.submit(_job_function(), job_id, runtime)


class RedisQueue:
    """Puts jobs on an RQ queue; `rfpgen worker` processes on any host run them."""

    def __init__(self, url: str):
        try:
            from redis import Redis
            from rq import Queue
        except ImportError:
            raise RfpgenError("RFPGEN_REDIS_URL is set but rq and redis are not installed: "
                              "pip install 'rfpgen[queue]'") from None

        self.queue = Queue(QUEUE_NAME, connection=Redis.from_url(url))

    def enqueue(self, runtime: Runtime, job_id: int) -> None:
        from rq import Retry

        self.queue.enqueue(JOB_FUNCTION, job_id, retry=Retry(max=RETRIES),
                           job_timeout=JOB_TIMEOUT, result_ttl=600, failure_ttl=7 * 24 * 3600)


def _job_function():
    module, _, name = JOB_FUNCTION.rpartition(".")
    return getattr(importlib.import_module(module), name)


@dataclass
class Runtime:
    """What a job needs: the drafts, where files go, where to queue, a folder for scratch work."""
    store: DraftStore
    files: object  # rfpgen.web.files.DatabaseFiles | ObjectStorageFiles
    queue: ThreadQueue | RedisQueue
    work_root: Path
    stale_after: timedelta

    @classmethod
    def from_settings(cls, settings: dict, instance: Path, store: DraftStore | None = None) -> Runtime:
        from .database import database_url
        from .files import open_files

        store = store or DraftStore(database_url(settings, instance))
        queue = RedisQueue(settings["REDIS_URL"]) if settings.get("REDIS_URL") else ThreadQueue(settings["JOB_THREADS"])
        return cls(store, open_files(settings, store.engine), queue, instance / "builds",
                   timedelta(seconds=settings["JOB_STALE_SECONDS"]))

    @property
    def engine(self):
        return self.store.engine

    def delete_project(self, draft) -> None:
        """A project and everything kept for it: history, jobs and built files."""
        self.files.delete_prefix(f"p{draft.id}/")
        self.store.delete(draft)


# ---------------------------------------------------------------- submitting and reading

def submit(runtime: Runtime, project_id: int, kind: str, revision: int, params: dict) -> Job:
    """Record a job and queue it; an identical job already waiting or running is returned instead."""
    for job in latest(runtime, project_id, kind, limit=5):
        if job.active and job.revision == revision and job.params == params:
            return job
    now = datetime.now(UTC)
    with runtime.engine.begin() as conn:
        job_id = conn.execute(insert(jobs).values(
            project_id=project_id, kind=kind, revision=revision, params=json.dumps(params, sort_keys=True),
            status="queued", stage="queued", progress=0, message="", attempts=0, worker="", created_at=now,
        )).inserted_primary_key[0]
    runtime.queue.enqueue(runtime, job_id)
    return get(runtime, job_id)


def get(runtime: Runtime, job_id: int, project_id: int | None = None) -> Job | None:
    query = select(jobs).where(jobs.c.id == job_id)
    if project_id is not None:
        query = query.where(jobs.c.project_id == project_id)
    with runtime.engine.connect() as conn:
        row = conn.execute(query).mappings().first()
    return _job(row, runtime.stale_after) if row else None


def latest(runtime: Runtime, project_id: int, kind: str, status: str | None = None, limit: int = 20) -> list[Job]:
    """The project's jobs of one kind, newest first (`status` filters on the stored status)."""
    query = select(jobs).where(jobs.c.project_id == project_id, jobs.c.kind == kind)
    if status:
        query = query.where(jobs.c.status == status)
    with runtime.engine.connect() as conn:
        rows = conn.execute(query.order_by(jobs.c.id.desc()).limit(limit)).mappings().all()
    return [_job(row, runtime.stale_after) for row in rows]


def _aware(when):
    return when if when is None or when.tzinfo else when.replace(tzinfo=UTC)


def _job(row, stale_after: timedelta) -> Job:
    now, status, message = datetime.now(UTC), row["status"], row["message"]
    params = json.loads(row["params"])
    messages = None
    if message.startswith(BILINGUAL):  # `message` is then the one in the language the job ran in
        try:
            messages = json.loads(message[len(BILINGUAL):])
            message = messages[params.get("lang", "en") if params.get("lang") in messages else "en"]
        except (ValueError, KeyError, TypeError, AttributeError):
            messages = None
    heartbeat, created = _aware(row["heartbeat_at"]), _aware(row["created_at"])
    if status == "running" and heartbeat and now - heartbeat > stale_after:
        status, message = "failed", message or "ui.job_stopped"
    elif status == "queued" and now - created > UNSTARTED_AFTER:
        status, message = "failed", message or "ui.job_not_started"
    return Job(row["id"], row["project_id"], row["kind"], row["revision"], params, status,
               row["stage"], row["progress"], message, json.loads(row["result"]) if row["result"] else None,
               row["attempts"], row["worker"], created, _aware(row["finished_at"]), messages)


# ---------------------------------------------------------------- running

class Progress:
    """Reports a job's stage and percentage to its row; only the attempt that claimed the job may."""

    def __init__(self, runtime: Runtime, job_id: int, attempt: int):
        self.runtime, self.job_id, self.attempt = runtime, job_id, attempt

    def __call__(self, stage: str, progress: int) -> None:
        self._update(stage=stage, progress=max(0, min(100, progress)), heartbeat_at=datetime.now(UTC))

    def beat(self) -> None:
        self._update(heartbeat_at=datetime.now(UTC))

    def finish(self, status: str, message: str = "", result: dict | None = None) -> None:
        now = datetime.now(UTC)
        self._update(status=status, message=message, result=json.dumps(result) if result is not None else None,
                     stage=status, progress=100 if status == "done" else None, finished_at=now, heartbeat_at=now)

    def _update(self, **values) -> None:
        values = {k: v for k, v in values.items() if v is not None or k == "result"}
        with self.runtime.engine.begin() as conn:
            conn.execute(update(jobs).where(jobs.c.id == self.job_id, jobs.c.attempts == self.attempt).values(**values))


def _claim(runtime: Runtime, job_id: int) -> tuple[dict, int] | None:
    """Mark the job running for this attempt; None when it is finished already (a duplicate delivery)."""
    now = datetime.now(UTC)
    with runtime.engine.begin() as conn:
        row = conn.execute(select(jobs).where(jobs.c.id == job_id)).mappings().first()
        if row is None or row["status"] in ("done", "failed"):
            return None
        attempt = row["attempts"] + 1
        claimed = conn.execute(update(jobs).where(jobs.c.id == job_id, jobs.c.attempts == row["attempts"]).values(
            status="running", stage="started", attempts=attempt, worker=f"{socket.gethostname()}:{os.getpid()}",
            heartbeat_at=now, message="")).rowcount
    return (dict(row), attempt) if claimed else None


_worker_runtime: Runtime | None = None


def use_worker_runtime(runtime: Runtime) -> None:
    """Set by `rfpgen worker` before it takes jobs: what run_job uses in that process and its forks."""
    global _worker_runtime
    _worker_runtime = runtime


def execute(job_id: int, runtime: Runtime | None, kinds: dict) -> None:
    """Run one job to its end with the function `kinds` names for its kind: done with its files, or
    failed with a message the user can act on. Errors are recorded, not raised, so the queue retries
    only a job whose process died, never one that failed for a reason a retry cannot change."""
    runtime = runtime or _worker_runtime
    if runtime is None:
        raise RuntimeError("rfpgen jobs run in `rfpgen worker`, which opens the database first")
    claimed = _claim(runtime, job_id)
    if claimed is None:
        return
    row, attempt = claimed
    progress = Progress(runtime, job_id, attempt)
    stop = threading.Event()

    def heartbeat():
        while not stop.wait(min(HEARTBEAT_SECONDS, runtime.stale_after.total_seconds() / 4)):
            try:
                progress.beat()
            except Exception:  # the database is briefly unreachable: the next beat tries again
                log.warning("job %s: heartbeat failed", job_id, exc_info=True)

    beating = threading.Thread(target=heartbeat, name=f"rfpgen-heartbeat-{job_id}", daemon=True)
    beating.start()
    params = json.loads(row["params"])
    try:
        result = kinds[row["kind"]](runtime, row, params, progress)
    except ProjectInvalid:
        progress.finish("failed", "ui.build_blocked")
    except RfpgenError as exc:  # something the user can fix
        progress.finish("failed", BILINGUAL + json.dumps({"en": exc.message("en"), "ja": exc.message("ja")},
                                                         ensure_ascii=False))
    except Exception:  # a bug: logged with its traceback; the user sees a plain message
        log.exception("job %s (%s) failed", job_id, row["kind"])
        progress.finish("failed", "ui.internal_error")
    else:
        progress.finish("done", result=result)
    finally:
        stop.set()
        beating.join()
