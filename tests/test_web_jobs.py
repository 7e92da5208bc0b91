"""Builds as background jobs on a real Redis queue with real `rfpgen worker` processes and PostgreSQL:
the same documents as a build in a thread of the web process; a worker killed mid-build leaves the
previous build intact and the job retried, or reported failed."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from web_support import EXAMPLES, Wizard, comparable, make_app, merged, packs_on, wait_for_build

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def queue(fresh_postgres_url, redis_url, tmp_path):
    """A web app whose builds go on the Redis queue, and a way to start `rfpgen worker` processes."""
    from redis import Redis

    Redis.from_url(redis_url).flushdb()
    settings = {"DATABASE_URL": fresh_postgres_url, "REDIS_URL": redis_url, "JOB_STALE_SECONDS": 4.0}
    app = make_app(tmp_path / "web", **settings)
    env = os.environ | {"RFPGEN_DATABASE_URL": fresh_postgres_url, "RFPGEN_REDIS_URL": redis_url,
                        "RFPGEN_INSTANCE_PATH": str(tmp_path / "worker"), "RFPGEN_JOB_STALE_SECONDS": "4"}
    workers: list[subprocess.Popen] = []

    def start_worker() -> subprocess.Popen:
        process = subprocess.Popen([sys.executable, "-m", "rfpgen", "worker"], env=env, cwd=tmp_path,
                                   stdout=subprocess.DEVNULL, stderr=open(tmp_path / f"worker{len(workers)}.log", "w"))
        workers.append(process)
        return process

    app.start_worker = start_worker
    yield app
    # a worker busy with a job left over (a test's later build) finishes it on the first SIGTERM (warm shutdown);
    # a second one, a second later, is rq's cold shutdown: the job's process is stopped with its worker
    for signal_again in (False, True):
        for process in workers:
            if process.poll() is None:
                process.terminate()
        if signal_again or all(process.poll() is not None for process in workers):
            break
        time.sleep(1.5)
    for process in workers:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    app.extensions["rfpgen_store"].dispose()


def _zip_of(w: Wizard, page: str) -> dict[str, bytes]:
    """Every file of the first build on the page: its vendor and internal packs together."""
    bundle = merged(packs_on(w, page))
    return {name: bundle.read(name) for name in bundle.namelist()}


def test_a_queued_build_equals_the_in_process_build(queue, tmp_path):
    for _ in range(2):
        queue.start_worker()
    local = make_app(tmp_path / "local")  # builds in a thread of the web process, SQLite
    try:
        for example in EXAMPLES:
            queued, threaded = Wizard(queue), Wizard(local)
            assert queued.upload(example.read_bytes(), example.name).status_code == 302
            assert threaded.upload(example.read_bytes(), example.name).status_code == 302
            queued_files, threaded_files = _zip_of(queued, wait_for_build(queued)), _zip_of(threaded, wait_for_build(threaded))
            assert sorted(queued_files) == sorted(threaded_files) and len(queued_files) > 5
            for name, data in queued_files.items():
                if name.endswith((".docx", ".xlsx")):
                    assert comparable(data) == comparable(threaded_files[name]), name
                else:
                    assert data == threaded_files[name], name
            job = queue.extensions["rfpgen_runtime"]
            from rfpgen.web.jobs import latest

            [done] = latest(job, queued.draft().id, "build")
            assert done.status == "done" and done.worker.split(":")[1] != str(os.getpid())  # ran in a worker
    finally:
        local.extensions["rfpgen_store"].dispose()


def _large_project() -> dict:
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_large import large_project

    from rfpgen.web.drafts import ordered

    return ordered(large_project(150, 8, 4))


def _start_build(w: Wizard):
    from web_support import csrf

    page = w.get("build")
    assert w.client.post(f"/p/{w.token}/build", data={"csrf_token": csrf(page.text)}).status_code == 302


def _running_job(app, draft):
    """Wait until the newest build job is writing documents; it then has a worker process."""
    from rfpgen.web.jobs import latest

    runtime = app.extensions["rfpgen_runtime"]
    for _ in range(3000):
        job = latest(runtime, draft.id, "build")[0]
        if job.status == "running" and job.stage == "documents":
            return job
        assert job.status != "done", "the build ended before it could be interrupted; use a larger project"
        time.sleep(0.02)
    raise AssertionError("the build never started")


def _previous_build(app, w: Wizard) -> dict[str, bytes]:
    """A first, finished build of the project, its files as downloaded."""
    return _zip_of(w, wait_for_build(w))


def _earlier_zip(w: Wizard) -> dict[str, bytes]:
    page = w.get("build").text
    return _zip_of(w, page[page.index('id="earlier-builds"'):])


def _edit_title(w: Wizard, title: str) -> None:
    assert w.submit("project", {"project.title": title}).status_code == 302


def test_a_work_horse_killed_mid_build_is_retried_and_the_previous_build_stays(queue):
    from rfpgen.web.jobs import get

    queue.start_worker()
    w = Wizard(queue)
    w.token = w.store.create(_large_project(), "start", "large").token
    before = _previous_build(queue, w)
    _edit_title(w, "改訂後の題名")
    _start_build(w)
    job = _running_job(queue, w.draft())
    os.kill(int(job.worker.split(":")[1]), signal.SIGKILL)  # the process running the build dies
    assert _earlier_zip(w) == before  # meanwhile the previous build is whole
    runtime = queue.extensions["rfpgen_runtime"]
    for _ in range(6000):
        job = get(runtime, job.id)
        if job.status in ("done", "failed"):
            break
        time.sleep(0.05)
    assert job.status == "done" and job.attempts == 2  # RQ ran it again, to the end
    assert _earlier_zip(w) == before
    after = _zip_of(w, w.get("build").text)
    assert after.keys() == before.keys() and after != before


def test_a_whole_worker_killed_mid_build_is_reported_failed_and_the_previous_build_stays(queue):
    worker = queue.start_worker()
    w = Wizard(queue)
    w.token = w.store.create(_large_project(), "start", "large").token
    before = _previous_build(queue, w)
    _edit_title(w, "改訂後の題名")
    _start_build(w)
    job = _running_job(queue, w.draft())
    worker.kill()  # the worker and the process running the build die together: nobody retries
    os.kill(int(job.worker.split(":")[1]), signal.SIGKILL)
    worker.wait(timeout=30)
    for _ in range(300):  # the job's heartbeat stops; after RFPGEN_JOB_STALE_SECONDS it reads as failed
        page = w.get("build").text
        if 'id="build-error"' in page:
            break
        time.sleep(0.1)
    assert "以前の文書はそのまま残っています" in page and 'id="build-button"' in page
    assert _earlier_zip(w) == before
    queue.start_worker()  # building again on another worker succeeds
    after = _zip_of(w, wait_for_build(w))
    assert after.keys() == before.keys()


@pytest.mark.slow
def test_pdfs_on_request_are_converted_in_the_background(wizard):
    """The build step's PDF option: each Word document also as a PDF that holds its text."""
    import shutil

    if not shutil.which("soffice") and not shutil.which("libreoffice"):
        pytest.skip("LibreOffice (soffice) is not installed")
    wizard.start("starter", "en")
    files = _zip_of(wizard, wait_for_build(wizard, pdf="1"))
    words = sorted(n[:-5] for n in files if n.endswith(".docx"))
    assert words and sorted(n[:-4] for n in files if n.endswith(".pdf")) == words
    rfp = next(n for n in files if n.endswith("-rfp.pdf"))
    assert files[rfp].startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-", "-"], input=files[rfp], capture_output=True, check=True).stdout
    assert wizard.draft().data["project"]["title"].encode() in text


def _score_job(app, w: Wizard, sheets: dict[str, bytes], **options):
    from rfpgen.web import score_jobs
    from rfpgen.web.jobs import get

    runtime = app.extensions["rfpgen_runtime"]
    job = score_jobs.request(runtime, w.draft(), sheets, "en", **options)
    for _ in range(3000):
        job = get(runtime, job.id)
        if not job.active:
            return job
        time.sleep(0.05)
    raise AssertionError("the scoring job never ended")


def test_scoring_runs_as_a_job_and_gives_the_cli_figures(app, tmp_path):
    """Filled workbooks scored by a background job rank exactly as `rfpgen score` does; a refused
    workbook fails the job with the file, sheet and cell."""
    from scoring_support import fill_all, project_data

    from rfpgen.scoring import tally, write_scoring_outputs
    from rfpgen.validation import project_from_data

    data = project_data()
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    w = Wizard(app)
    w.token = w.store.create(data, "start", "scoring").token
    job = _score_job(app, w, {p.name: p.read_bytes() for p in files})
    assert job.status == "done", job.message
    expected = tally(project, files).as_json("en")
    assert job.result["ranking"] == expected
    runtime = app.extensions["rfpgen_runtime"]
    from rfpgen.web.builds import file_key

    for name in ("results.xlsx", "results.docx"):
        assert runtime.files.get(file_key(w.draft().id, job.id, name)).startswith(b"PK")

    write_scoring_outputs(project, tmp_path / "fresh")
    unfilled = {p.name: p.read_bytes() for p in (tmp_path / "fresh" / "scoring").rglob("*.xlsx")}
    refused = _score_job(app, w, unfilled)
    assert refused.status == "failed"
    assert "acme-cc-scores-E1.xlsx: sheet 'Alpha Contact' cell E8: no pass/fail result" in refused.message
    assert str(tmp_path.parent) not in refused.message and ".build-" not in refused.message
