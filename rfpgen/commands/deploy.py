"""`rfpgen db upgrade` and `rfpgen worker`: running the wizard on more than one process or host.

Both read the same RFPGEN_* settings as the web app (see rfpgen.web). `db upgrade` creates or
upgrades the database schema; run it once before starting the web workers (they would do it
themselves, one at a time, but a deployment step says when it happens). `worker` runs background
jobs (builds, PDF conversion) from the Redis queue named by RFPGEN_REDIS_URL.
"""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import RfpgenError


def _settings() -> tuple[dict, Path]:
    from ..web import settings_from_env

    settings = settings_from_env()
    return settings, Path(settings.get("INSTANCE_PATH") or Path.cwd() / "instance").resolve()


@click.group()
def db():
    """The web wizard's database."""


@db.command("upgrade")
def db_upgrade():
    """Create the wizard's tables, or bring them to this version of rfpgen (safe to run repeatedly)."""
    from ..web.database import current_revision, database_url, make_engine, upgrade

    settings, instance = _settings()
    engine = make_engine(database_url(settings, instance))
    try:
        upgrade(engine)
        click.echo(f"database schema at revision {current_revision(engine)}")
    finally:
        engine.dispose()


@click.command()
@click.option("--burst", is_flag=True, help="Stop once the queue is empty (for scripts and tests).")
@click.option("--name", default=None, help="Worker name shown by `rq info` (default: host and process ID).")
def worker(burst, name):
    """Run background jobs of the web wizard from the Redis queue (RFPGEN_REDIS_URL)."""
    settings, instance = _settings()
    if not settings.get("REDIS_URL"):
        raise RfpgenError("RFPGEN_REDIS_URL is not set: the worker takes its jobs from that Redis server "
                          "(e.g. RFPGEN_REDIS_URL=redis://queue.internal:6379/0)")
    try:
        from redis import Redis
        from rq import Queue, Worker
    except ImportError:
        raise RfpgenError("the queue worker needs rq and redis: pip install 'rfpgen[queue]'") from None
    from ..web.jobs import QUEUE_NAME, Runtime, use_worker_runtime

    runtime = Runtime.from_settings(settings, instance)  # opens the database and brings its schema up to date
    runtime.engine.dispose()  # each job runs in a forked process that opens its own connections
    use_worker_runtime(runtime)
    connection = Redis.from_url(settings["REDIS_URL"])
    Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection, name=name).work(burst=burst)
