"""The wizard's builds as background jobs: documents (and PDFs on request) from one revision of a
draft, kept as files every worker finds, each alone and as the vendor and internal packs; the newest
few builds of each project stay downloadable.

A build renders into a scratch folder, stores each file under its job's keys, and is the current
build only once its job is marked done; scratch folders left by a killed process are swept away.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete

from ..documents.build import build_documents
from ..errors import RfpgenError, WithheldTextLeaked
from ..validation import project_from_data
from ..words import say
from ..yamlio import format_path
from . import packs
from .database import jobs as jobs_table
from .drafts import export_yaml
from .forms import drop_blank
from .jobs import get, latest, submit
from .steps import step_of

KEEP_BUILDS = 5  # finished builds kept per project, newest first
SCRATCH_PREFIX = ".build-"
SCRATCH_MAX_AGE = 6 * 3600  # seconds: older scratch folders belong to a process that died


def file_stem(data: dict) -> str:
    """The project id made safe for a download name (ASCII letters, digits, - and _)."""
    project_id = (data.get("project") or {}).get("id") if isinstance(data.get("project"), dict) else None
    safe = "".join(ch for ch in str(project_id or "project") if ch.isascii() and (ch.isalnum() or ch in "-_"))[:40]
    return safe or "project"


def file_key(project_id: int, job_id: int, name: str) -> str:
    return f"p{project_id}/j{job_id}/{name}"


def leak_message(leak, lang: str) -> str:
    """The step and field that quote a withheld requirement, so the user knows what to rephrase."""
    path = format_path(leak.source_path or ())
    key = ".".join(str(p) for p in (leak.source_path or ()) if not isinstance(p, int))
    text = leak.fragment if len(leak.fragment) <= 40 else leak.fragment[:37] + "…"
    return say("ui.build_leak", lang, step=say(f"step.{step_of(path)}", lang), field=say(key, lang) if key else path,
               id=leak.withheld_id, text=text)


def job_project(runtime, job: dict, params: dict, progress):
    """The validated project (and the draft data) of the job's revision, with the scratch area swept and ready (every job
    kind starts this way)."""
    draft = runtime.store.by_id(job["project_id"])
    data = runtime.store.data_at(draft, job["revision"]) if draft else None
    if data is None:
        raise LookupError(f"revision {job['revision']} of project {job['project_id']} is gone")
    progress("validating", 5)
    project = project_from_data(drop_blank(data), "project.yaml", params.get("lang", "en"))
    sweep_scratch(runtime.work_root)
    runtime.work_root.mkdir(parents=True, exist_ok=True)
    return project, data


def run_build(runtime, job: dict, params: dict, progress) -> dict:
    """The `build` job: validate, render, convert to PDF if asked, store every file and the two packs
(vendor, internal) as zips, so any worker serves them without rebuilding."""
    project, data = job_project(runtime, job, params, progress)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=runtime.work_root) as scratch:
        documents = Path(scratch) / "documents"
        progress("documents", 15)
        try:
            written = build_documents(project, documents)
        except WithheldTextLeaked as exc:  # name the step and field that quote it, in the user's language
            if not exc.leaks:
                raise
            raise RfpgenError(" ".join(leak_message(leak, "en") for leak in exc.leaks),
                              " ".join(leak_message(leak, "ja") for leak in exc.leaks)) from None
        if params.get("pdf"):
            from ..documents.pdf import convert_to_pdf

            progress("pdf", 60)
            written += convert_to_pdf([p for p in written if p.suffix == ".docx"])
        progress("storing", 90)
        stem = file_stem(data)
        yaml_name = f"{stem}.yaml"
        files = {Path(p).relative_to(documents).as_posix(): Path(p).read_bytes() for p in written}
        files[yaml_name] = export_yaml(data).encode("utf-8")
        pack_names = {which: f"{stem}-r{job['revision']}-{which}.zip" for which in packs.PACKS}
        bundles = {pack_names[which]: packs.pack(files, which, yaml_name) for which in packs.PACKS}
        for name, content in [*files.items(), *bundles.items()]:
            runtime.files.put(file_key(job["project_id"], job["id"], name), content)
    return {"documents": sorted(n for n in files if n != yaml_name), "yaml": yaml_name, "packs": pack_names,
            "pdf": bool(params.get("pdf"))}


def sweep_scratch(root: Path, max_age: float = SCRATCH_MAX_AGE) -> None:
    """Remove scratch folders (and builds of the folder-based wizard) older than `max_age` seconds."""
    if not root.is_dir():
        return
    cutoff = time.time() - max_age
    for entry in root.iterdir():
        try:
            if entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            continue  # another worker removed it first


def prune(runtime, project_id: int, kind: str = "build", keep_done: int = KEEP_BUILDS) -> None:
    """Keep the newest `keep_done` finished jobs of a kind (builds, tallies) and the newest job whatever
    its outcome; drop the files and rows of older and failed ones."""
    keep = 0
    for index, job in enumerate(latest(runtime, project_id, kind, limit=200)):
        if job.active or index == 0:
            continue
        if job.status == "done" and keep < keep_done:
            keep += 1
            continue
        runtime.files.delete_prefix(f"p{project_id}/j{job.id}/")
        with runtime.engine.begin() as conn:
            conn.execute(delete(jobs_table).where(jobs_table.c.id == job.id))


# ---------------------------------------------------------------- what the build page asks

def request(runtime, draft, lang: str, pdf: bool):
    """The build of the draft's current revision: an identical finished or running one, else a new job."""
    params = {"lang": lang, "pdf": pdf}
    for job in latest(runtime, draft.id, "build", limit=KEEP_BUILDS):
        if job.revision == draft.revision and job.params == params and job.status == "done":
            return job
    prune(runtime, draft.id)
    return submit(runtime, draft.id, "build", draft.revision, params)


def page_state(runtime, draft) -> dict:
    """The newest build job (for its progress or failure), the finished build of the current
    revision, and earlier finished builds still downloadable."""
    found = latest(runtime, draft.id, "build", limit=20)
    done = [job for job in found if job.status == "done"]
    current = next((job for job in done if job.revision == draft.revision), None)
    return {"job": found[0] if found else None, "current": current,
            "earlier": [job for job in done if job is not current][:KEEP_BUILDS]}


def built_file(runtime, project_id: int, job_id: int, name: str) -> bytes | None:
    """A file of a finished build of this project, or None (unknown job, other project, unknown name)."""
    job = get(runtime, job_id, project_id)
    if job is None or job.status != "done" or not job.result:
        return None
    names = {*job.result["documents"], job.result["yaml"], *job.result["packs"].values()}
    return runtime.files.get(file_key(project_id, job_id, name)) if name in names else None
