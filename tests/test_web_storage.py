"""Where the wizard keeps built files (database or S3-compatible storage), scratch folders of killed
builds, and the `rfpgen db upgrade` / `rfpgen worker` commands."""
from __future__ import annotations

import os
import time

import pytest

from rfpgen.web.builds import sweep_scratch
from rfpgen.web.database import make_engine, upgrade
from rfpgen.web.files import DatabaseFiles, ObjectStorageFiles, open_files


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'files.sqlite3'}")
    upgrade(engine)
    yield engine
    engine.dispose()


class FakeBucket:
    """The few calls of an S3 client the storage makes, over a dict (a stand-in for a real bucket)."""

    class exceptions:  # noqa: N801  (boto3 names it so)
        class NoSuchKey(Exception):
            pass

    def __init__(self):
        self.objects: dict[str, bytes] = {}

    def put_object(self, Bucket, Key, Body):  # noqa: N803
        self.objects[f"{Bucket}/{Key}"] = bytes(Body)

    def get_object(self, Bucket, Key):  # noqa: N803
        import io

        if f"{Bucket}/{Key}" not in self.objects:
            raise self.exceptions.NoSuchKey(Key)
        return {"Body": io.BytesIO(self.objects[f"{Bucket}/{Key}"])}

    def get_paginator(self, name):
        bucket = self

        class Pages:
            def paginate(self, Bucket, Prefix):  # noqa: N803
                keys = sorted(k.split("/", 1)[1] for k in bucket.objects if k.startswith(f"{Bucket}/{Prefix}"))
                for start in range(0, max(len(keys), 1), 2):  # two per page, to cross a page boundary
                    yield {"Contents": [{"Key": k} for k in keys[start:start + 2]]} if keys else {}

        return Pages()

    def delete_objects(self, Bucket, Delete):  # noqa: N803
        for item in Delete["Objects"]:
            self.objects.pop(f"{Bucket}/{item['Key']}", None)


@pytest.mark.parametrize("kind", ["database", "object storage"])
def test_files_are_stored_replaced_and_removed_by_prefix(kind, engine):
    files = DatabaseFiles(engine) if kind == "database" else ObjectStorageFiles("bucket", "rfpgen/", client=FakeBucket())
    files.put("p1/j1/a.docx", b"first")
    files.put("p1/j1/a.docx", b"second")  # a retried job writes its keys again
    files.put("p1/j1/scoring/b.xlsx", b"\x00\xff" * 1000)
    files.put("p1/j2/a.docx", b"other job")
    files.put("p10/j3/a.docx", b"another project")
    assert files.get("p1/j1/a.docx") == b"second"
    assert files.get("p1/j1/scoring/b.xlsx") == b"\x00\xff" * 1000
    assert files.get("p1/j1/missing") is None
    files.delete_prefix("p1/j1/")
    assert files.get("p1/j1/a.docx") is None and files.get("p1/j1/scoring/b.xlsx") is None
    assert files.get("p1/j2/a.docx") == b"other job" and files.get("p10/j3/a.docx") == b"another project"
    files.delete_prefix("p1/")
    assert files.get("p10/j3/a.docx") == b"another project"  # p1/ is not p10/


def test_object_storage_keeps_keys_under_its_prefix():
    bucket = FakeBucket()
    ObjectStorageFiles("b", "/tenant-a/", client=bucket).put("p1/j1/x", b"x")
    assert list(bucket.objects) == ["b/tenant-a/p1/j1/x"]


def test_storage_is_chosen_by_the_settings(engine, monkeypatch):
    assert isinstance(open_files({}, engine), DatabaseFiles)
    import builtins

    real_import = builtins.__import__

    def no_boto3(name, *args, **kwargs):
        if name == "boto3":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_boto3)
    from rfpgen.errors import RfpgenError

    with pytest.raises(RfpgenError, match=r"pip install 'rfpgen\[s3\]'"):
        open_files({"S3_BUCKET": "documents"}, engine)


def test_scratch_folders_of_killed_builds_are_swept(tmp_path):
    stale, fresh = tmp_path / ".build-stale", tmp_path / ".build-fresh"
    for folder in (stale, fresh):
        (folder / "documents").mkdir(parents=True)
        (folder / "documents" / "x.docx").write_bytes(b"x")
    old = time.time() - 7 * 3600
    os.utime(stale, (old, old))
    sweep_scratch(tmp_path)
    assert not stale.exists() and fresh.exists()
    sweep_scratch(tmp_path / "missing")  # nothing to sweep is fine


def test_db_upgrade_creates_the_schema_and_can_run_again(cli, tmp_path, monkeypatch):
    from rfpgen.web.database import current_revision, head_revision

    monkeypatch.setenv("RFPGEN_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("RFPGEN_DATABASE_URL", raising=False)
    for _ in range(2):
        result = cli("db", "upgrade")
        assert result.exit_code == 0 and f"revision {head_revision()}" in result.output
    engine = make_engine(f"sqlite:///{tmp_path / 'instance' / 'rfpgen.sqlite3'}")
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_worker_without_a_queue_says_what_to_set(cli, monkeypatch):
    monkeypatch.delenv("RFPGEN_REDIS_URL", raising=False)
    result = cli("worker", "--burst")
    assert result.exit_code == 1 and "RFPGEN_REDIS_URL is not set" in result.output


def test_deleting_a_project_removes_its_history_jobs_and_built_files(tmp_path):
    import re

    from web_support import wait_for_build
    from web_support import Wizard, make_app

    from rfpgen.web.database import blobs, jobs, revisions

    app = make_app(tmp_path)
    try:
        w = Wizard(app).start("starter", "en")
        other = Wizard(app).start("starter", "en")
        page = wait_for_build(w)
        assert re.search(r'id="download-vendor-\d+"', page)
        runtime = app.extensions["rfpgen_runtime"]
        runtime.delete_project(w.draft())
        assert w.get("project").status_code == 404
        with runtime.engine.connect() as conn:
            assert conn.execute(blobs.select()).all() == []
            assert conn.execute(jobs.select()).all() == []
            assert {row.project_id for row in conn.execute(revisions.select())} == {other.draft().id}
    finally:
        app.extensions["rfpgen_store"].dispose()
