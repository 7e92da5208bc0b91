"""Real PostgreSQL and Redis servers for the tests that need them (fixtures imported by conftest.py).

PostgreSQL: RFPGEN_TEST_POSTGRES_URL (e.g. postgresql+psycopg://user:pw@127.0.0.1:5432/db) names a
running server; otherwise, where `initdb` and `pg_ctl` are installed (PATH or /usr/lib/postgresql/*/bin),
a throwaway server is started on a free loopback port (as the `postgres` user when run as root).
Redis: RFPGEN_TEST_REDIS_URL names a running server; otherwise a throwaway `redis-server` is started.
Without either the cases that need it skip, with the reason (in CI a skip fails: see conftest.py).
"""
from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest


def _postgres_bin() -> Path | None:
    if shutil.which("initdb") and shutil.which("pg_ctl"):
        return Path(shutil.which("initdb")).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(folder) / "initdb").exists() and (Path(folder) / "pg_ctl").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unavailable(what: str, reason: str, hint: str):
    if os.environ.get(f"RFPGEN_REQUIRE_{what.upper()}") == "1":
        pytest.fail(f"{what} is required (RFPGEN_REQUIRE_{what.upper()}=1) but {reason}")
    pytest.skip(f"no {what}: {reason}; {hint}")


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ.get("RFPGEN_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    hint = "set RFPGEN_TEST_POSTGRES_URL or install postgresql (initdb, pg_ctl)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("PostgreSQL", "the psycopg driver is not installed (pip install 'psycopg[binary]')", hint)
    bin_dir = _postgres_bin()
    if bin_dir is None:
        _unavailable("PostgreSQL", "initdb/pg_ctl not found", hint)
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root and not shutil.which("runuser"):
        _unavailable("PostgreSQL", "running as root without runuser to start the server as the postgres user", hint)
    workdir = Path(tempfile.mkdtemp(prefix="rfpgen-pg-"))
    data, port = workdir / "data", _free_port()
    if as_root:
        shutil.chown(workdir, "postgres")
    workdir.chmod(0o700)
    subprocess.run(run_as + [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                             "-E", "UTF8", "--no-locale"], check=True, capture_output=True)
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    subprocess.run(run_as + [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"),
                             "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(run_as + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def fresh_postgres_url(postgres_url):
    """A new, empty database on the PostgreSQL server, dropped after the test."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"rfpgen_test_{secrets.token_hex(6)}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def redis_url():
    url = os.environ.get("RFPGEN_TEST_REDIS_URL")
    if url:
        yield url
        return
    hint = "set RFPGEN_TEST_REDIS_URL or install redis-server"
    try:
        import redis
        import rq  # noqa: F401
    except ImportError:
        _unavailable("Redis", "the redis and rq packages are not installed (pip install 'rfpgen[queue]')", hint)
    server = shutil.which("redis-server")
    if server is None:
        _unavailable("Redis", "redis-server not found", hint)
    workdir, port = Path(tempfile.mkdtemp(prefix="rfpgen-redis-")), _free_port()
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                                "--dir", str(workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):  # the server is up when it answers
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
