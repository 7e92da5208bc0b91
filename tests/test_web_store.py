"""The draft store against SQLite and a real PostgreSQL server, including saves racing from separate processes.

PostgreSQL comes from the `postgres_url` fixture (tests/services.py): a running server named by
RFPGEN_TEST_POSTGRES_URL, or a throwaway one the tests start.
"""
from __future__ import annotations

import multiprocessing
import threading

import pytest

from rfpgen.web.store import DraftStore


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'drafts.sqlite3'}"
        return
    yield request.getfixturevalue("fresh_postgres_url")  # every test starts from an empty database


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


def test_a_saved_draft_is_what_reading_it_back_gives(store):
    """A save hands back the draft it wrote without reading it again: it must be exactly what a read
    gives (title, revision, data, times, a pending deletion), and its data not the caller's object."""
    from rfpgen.web import lifecycle

    draft = store.create(DATA, "start", "created")
    lifecycle.request_deletion(store, draft)
    draft = store.get(draft.token)
    assert draft.deletion_requested_at is not None
    changed = DATA | {"project": DATA["project"] | {"title": "新しい件名"}}
    result = store.save(draft, 1, changed, "project", "changed: title")
    assert result.saved and result.draft == store.get(draft.token)
    assert result.draft.title == "新しい件名" and lifecycle.due_of(result.draft) == lifecycle.deletion_due(store, draft)
    assert result.draft.data is not changed
    lifecycle.cancel_deletion(store, draft)
    assert store.get(draft.token).deletion_requested_at is None


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


def _first_start(url: str, instance: str, barrier, results) -> None:
    """What one gunicorn worker does on start: create the app, which brings the schema up to date."""
    from rfpgen.web import create_app

    try:
        barrier.wait(timeout=60)
        app = create_app({"ENV": "production", "SECRET_KEY": "x" * 32, "DATABASE_URL": url, "INSTANCE_PATH": instance})
        app.extensions["rfpgen_store"].create({"schema_version": 1}, "start", "created")
        app.extensions["rfpgen_store"].dispose()
        results.put("ok")
    except BaseException as exc:  # reported to the test, which fails with it
        results.put(f"{type(exc).__name__}: {exc}")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_first_start_on_a_fresh_database(backend, request, tmp_path):
    """Six workers start at once on an empty database (gunicorn -w 6): all start, the schema is made once."""
    from rfpgen.web.database import current_revision, head_revision, make_engine

    url = (f"sqlite:///{tmp_path / 'fresh.sqlite3'}" if backend == "sqlite"
           else request.getfixturevalue("fresh_postgres_url"))
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(6), context.Queue()
    workers = [context.Process(target=_first_start, args=(url, str(tmp_path / "instance"), barrier, results))
               for _ in range(6)]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert outcomes == ["ok"] * 6
    engine = make_engine(url)
    assert current_revision(engine) == head_revision()
    assert len(DraftStore(engine).all_drafts()) == 6
    engine.dispose()


def test_a_database_made_before_migrations_is_upgraded_with_its_drafts(store_url):
    """Tables made by the first wizard (create_all, text revisions) are taken over and converted, nothing lost."""
    import json

    from alembic import command
    from sqlalchemy import text

    from rfpgen.web.database import _alembic_config, make_engine

    engine = make_engine(store_url)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
        conn.execute(text("DROP TABLE alembic_version"))  # as create_all left it
        conn.execute(text("INSERT INTO rfpgen_projects (token, title, revision, data, created_at, updated_at) "
                          "VALUES ('t0', 'Old', 1, :data, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                     {"data": json.dumps(DATA, ensure_ascii=False)})
        conn.execute(text("INSERT INTO rfpgen_revisions (project_id, number, base, status, step, summary, data, "
                          "created_at) SELECT id, 1, NULL, 'saved', 'start', 'created', data, created_at "
                          "FROM rfpgen_projects"))
    store = DraftStore(engine)
    draft = store.get("t0")
    assert draft.data == DATA and store.data_at(draft, 1) == DATA
    assert store.save(draft, 1, DATA | {"scope": {}}, "scope", "changed").saved
    engine.dispose()


def test_history_is_compressed_and_thinned_but_the_newest_revisions_stay(store, monkeypatch):
    from rfpgen.web import store as store_module

    monkeypatch.setattr(store_module, "KEEP_RECENT", 30)
    monkeypatch.setattr(store_module, "PRUNE_EVERY", 10)
    big = DATA | {"notes": "要件の説明文。" * 2000}
    draft = store.create(big, "start", "created")
    for number in range(1, 60):
        draft = store.save(draft, number, big | {"n": number}, "scope", f"save {number}").draft
    count, size = store.history_size(draft)
    text_size = len(__import__("json").dumps(big, ensure_ascii=False).encode())
    assert 30 <= count < 60  # thinned: one older revision a day (all made today) beside the newest 30
    assert size < count * text_size / 10  # each kept revision compressed
    numbers = [r.number for r in store.revisions(draft)]
    assert numbers[:30] == list(range(60, 30, -1))
    assert store.data_at(draft, 45) == big | {"n": 44}  # any kept revision reads back whole


def test_sqlite_commits_write_ahead_without_waiting_for_the_disk(tmp_path):
    """WAL with synchronous=NORMAL: a commit does not wait for fsync (saves queue for the one writer)."""
    from sqlalchemy import text

    from rfpgen.web.database import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'drafts.sqlite3'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    engine.dispose()
