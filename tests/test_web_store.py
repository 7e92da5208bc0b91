"""The draft store against SQLite and a real PostgreSQL server, including saves racing from separate processes.

PostgreSQL: set RFPGEN_TEST_POSTGRES_URL (e.g. postgresql+psycopg://user:pw@127.0.0.1:5432/db) to use a
running server; otherwise, where `initdb` and `pg_ctl` are installed (PATH or /usr/lib/postgresql/*/bin),
the tests start a throwaway server on a free loopback port (as the `postgres` user when run as root).
Without either the PostgreSQL cases are skipped, unless RFPGEN_REQUIRE_POSTGRES=1 makes that a failure (CI).
"""
from __future__ import annotations

import glob
import multiprocessing
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest

from rfpgen.web.store import DraftStore, metadata


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


def _unavailable(reason: str):
    if os.environ.get("RFPGEN_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (RFPGEN_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(f"no PostgreSQL: {reason}; set RFPGEN_TEST_POSTGRES_URL or install postgresql (initdb, pg_ctl)")


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ.get("RFPGEN_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is not installed (pip install 'psycopg[binary]')")
    bin_dir = _postgres_bin()
    if bin_dir is None:
        _unavailable("initdb/pg_ctl not found")
    as_root = os.geteuid() == 0
    run_as = ["runuser", "-u", "postgres", "--"] if as_root else []
    if as_root and not shutil.which("runuser"):
        _unavailable("running as root without runuser to start the server as the postgres user")
    workdir = Path(tempfile.mkdtemp(prefix="rfpgen-pg-"))
    data, port = workdir / "data", _free_port()
    if as_root:
        shutil.chown(workdir, "postgres")
    workdir.chmod(0o700)
    subprocess.run(run_as + [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                             "-E", "UTF8", "--no-locale"], check=True, capture_output=True)
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off"
    subprocess.run(run_as + [str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"),
                             "-w", "start"], check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(run_as + [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
        return
    url = request.getfixturevalue("postgres_url")
    store = DraftStore(url)
    metadata.drop_all(store.engine)  # every test starts from empty tables
    store.dispose()
    yield url


@pytest.fixture
def store(store_url):
    store = DraftStore(store_url)
    yield store
    store.dispose()


DATA = {"schema_version": 1, "project": {"id": "cc-2027", "title": "通販 <センター> & 'quotes'", "language": "ja",
                                        "version": "1.0"}}


def test_create_and_read_back(store):
    draft = store.create(DATA, "start", "created")
    assert draft.revision == 1 and draft.data == DATA and draft.title == DATA["project"]["title"]
    assert len(draft.token) >= 43
    assert store.get(draft.token) == draft
    assert store.get("nope") is None and store.get("") is None and store.get("x" * 100) is None
    assert list(store.get(draft.token).data) == list(DATA)  # key order kept
    [revision] = store.revisions(draft)
    assert (revision.number, revision.status, revision.step, revision.summary) == (1, "saved", "start", "created")
    assert revision.created_at.tzinfo is not None


def test_save_is_a_new_revision(store):
    draft = store.create(DATA, "start", "created")
    changed = DATA | {"scope": {"notes": "新しいメモ"}}
    result = store.save(draft, 1, changed, "scope", "changed: notes")
    assert result.saved and result.draft.revision == 2 and result.draft.data == changed
    assert [r.number for r in store.revisions(result.draft)] == [2, 1]
    assert store.data_at(result.draft, 1) == DATA and store.data_at(result.draft, 2) == changed


def test_stale_save_is_refused_and_both_versions_are_kept(store):
    draft = store.create(DATA, "start", "created")
    first = DATA | {"scope": {"notes": "first"}}
    second = DATA | {"scope": {"notes": "second"}}
    assert store.save(draft, 1, first, "scope", "first").saved
    result = store.save(draft, 1, second, "scope", "second")
    assert not result.saved
    assert result.draft.revision == 2 and result.draft.data == first
    refused = [r for r in store.revisions(draft) if r.status == "refused"]
    assert len(refused) == 1 and refused[0].base == 1 and refused[0].number is None
    assert store.revision_data(draft, refused[0].id) == second
    assert store.revision_data(draft, result.revision_id) == second


def test_projects_are_separate(store):
    one = store.create(DATA, "start", "one")
    two = store.create(DATA, "start", "two")
    assert one.token != two.token
    assert store.revision_data(two, store.revisions(one)[0].id) is None  # no reading across projects
    assert {d.token for d in store.all_drafts()} == {one.token, two.token}


def _race(url: str, token: str, label: str, barrier, results) -> None:
    store = DraftStore(url)
    try:
        draft = store.get(token)
        outcomes = []
        for round_number in range(10):
            base = round_number + 1  # both processes start every round from the same revision
            barrier.wait(timeout=60)
            result = store.save(draft, base, {"round": round_number, "by": label}, "race", label)
            outcomes.append(result.saved)
            barrier.wait(timeout=60)
        results.put((label, outcomes))
    finally:
        store.dispose()


def test_concurrent_saves_from_two_processes(store, store_url):
    """Two processes save from the same revision, ten times: exactly one wins each time, none is lost."""
    draft = store.create(DATA, "start", "created")
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(2), context.Queue()
    workers = [context.Process(target=_race, args=(store_url, draft.token, name, barrier, results))
               for name in ("A", "B")]
    for worker in workers:
        worker.start()
    outcomes = dict(results.get(timeout=120) for _ in workers)
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    for a, b in zip(outcomes["A"], outcomes["B"]):
        assert a != b  # one saved, the other refused
    final = store.get(draft.token)
    assert final.revision == 11
    revisions = store.revisions(final)
    assert sum(r.status == "saved" for r in revisions) == 11
    assert sum(r.status == "refused" for r in revisions) == 10


def test_no_lost_updates_when_clients_retry(store):
    """Eight threads each add their own key, re-reading and retrying when refused: every key survives."""
    draft = store.create({"schema_version": 1}, "start", "created")

    def client(name: str) -> None:
        for attempt in range(200):
            current = store.get(draft.token)
            result = store.save(current, current.revision, current.data | {name: attempt}, "bench", name)
            if result.saved:
                return
        raise AssertionError(f"{name} never saved")

    threads = [threading.Thread(target=client, args=(f"k{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    final = store.get(draft.token)
    assert {f"k{i}" for i in range(8)} <= set(final.data)
    assert final.revision == 9
