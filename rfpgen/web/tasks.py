"""The one job function: what a queue worker or a thread of the web process runs for a job id."""
from __future__ import annotations

from .builds import run_build
from .jobs import Runtime, execute
from .score_jobs import run_score

KINDS = {"build": run_build, "score": run_score}


def run_job(job_id: int, runtime: Runtime | None = None) -> None:
    """Run job `job_id`: on the queue RQ passes only the id (the worker's runtime is used), in a
    thread the web process passes its own runtime."""
    execute(job_id, runtime, KINDS)
