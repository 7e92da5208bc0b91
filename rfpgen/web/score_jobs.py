"""Scoring as a background job: the evaluators' filled workbooks, uploaded to the project's files,
read back against one revision of the draft into the ranking, results.xlsx and results.docx.

Reading dozens of workbooks and writing the memo takes seconds to minutes, so it runs on the same
job queue as builds; refusals name the workbook, sheet and cell exactly as `rfpgen score` does.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from ..errors import RfpgenError
from .builds import SCRATCH_PREFIX, file_key, job_project
from .jobs import submit


def upload_key(project_id: int, batch: str, name: str) -> str:
    return f"p{project_id}/uploads/{batch}/{name}"


def request(runtime, draft, sheets: dict[str, bytes], lang: str, allow_incomplete: bool = False):
    """Store the uploaded workbooks (file name -> bytes) and queue their scoring against the current revision."""
    batch = secrets.token_hex(8)
    names = []
    for name, content in sheets.items():
        safe = Path(name).name or "sheet.xlsx"
        runtime.files.put(upload_key(draft.id, batch, safe), content)
        names.append(safe)
    params = {"lang": lang, "batch": batch, "sheets": names, "allow_incomplete": allow_incomplete}
    return submit(runtime, draft.id, "score", draft.revision, params)


def run_score(runtime, job: dict, params: dict, progress) -> dict:
    """The `score` job: tally the uploaded workbooks, write and store the results."""
    from ..scoring import tally, write_results

    project, _ = job_project(runtime, job, params, progress)
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=runtime.work_root) as scratch:
        sheets = []
        for name in params["sheets"]:
            content = runtime.files.get(upload_key(job["project_id"], params["batch"], name))
            if content is None:
                raise LookupError(f"uploaded workbook {name} is gone")
            path = Path(scratch) / "sheets" / name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(content)
            sheets.append(path)
        progress("scoring", 30)
        folder = f"{Path(scratch) / 'sheets'}{os.sep}"  # messages name the uploaded file, not the scratch folder
        try:
            result = tally(project, sheets, allow_incomplete=params.get("allow_incomplete", False))
        except RfpgenError as exc:
            raise RfpgenError(exc.message("en").replace(folder, ""), exc.message("ja").replace(folder, "")) from None
        progress("storing", 80)
        written = write_results(project, result, Path(scratch) / "results")
        for path in written:
            runtime.files.put(file_key(job["project_id"], job["id"], path.name), path.read_bytes())
    return {"documents": [p.name for p in written], "ranking": result.as_json(params.get("lang", "en")),
            "warnings": [str(w).replace(folder, "") for w in result.warnings]}
