"""Scoring as a background job: the evaluators' filled workbooks, uploaded to the project's files,
read back against one revision of the draft into the ranking, results.xlsx, results.docx, the
robustness table and the per-vendor notices.

Reading dozens of workbooks and writing the memo takes seconds to minutes, so it runs on the same
job queue as builds; it does what `rfpgen score` does with the same files (rfpgen.responses.scoring.score),
and refusals name the workbook, sheet and cell as the command does, in the user's language.
"""
from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from ..errors import RfpgenError, ScoreSheetInvalid
from ..words import say
from .builds import SCRATCH_PREFIX, file_key, job_project, prune
from .jobs import get, submit

KEEP_TALLIES = 5  # finished tallies kept per project, newest first


def upload_key(project_id: int, batch: str, name: str) -> str:
    return f"p{project_id}/uploads/{batch}/{name}"


def request(runtime, draft, sheets: dict[str, bytes], lang: str, allow_incomplete: bool = False):
    """Store the uploaded workbooks (file name -> bytes) and queue their scoring against the current revision."""
    batch = secrets.token_hex(8)
    files = []
    for name, content in sheets.items():
        safe = Path(name).name or "sheet.xlsx"
        runtime.files.put(upload_key(draft.id, batch, safe), content)
        files.append([upload_key(draft.id, batch, safe), safe])
    return submit(runtime, draft.id, "score", draft.revision, _params(lang, files, allow_incomplete))


def request_tally(runtime, draft, files: list[tuple[str, str]], lang: str, allow_incomplete: bool = False):
    """Queue the tally of stored files ((key, file name): the current uploads in slot order, then any
    vendors' response forms that price the offers) against the draft's revision; an identical tally
    already waiting or running is returned instead."""
    prune(runtime, draft.id, "score", KEEP_TALLIES)
    used: set[str] = set()
    named = []
    for index, (key, name) in enumerate(files):
        if name in used:  # two files named alike: both kept, the later renamed for the tally
            stem, dot, suffix = name.rpartition(".")
            name = f"{stem}-{index + 1}{dot}{suffix}" if dot else f"{name}-{index + 1}"
        used.add(name)
        named.append([key, name])
    return submit(runtime, draft.id, "score", draft.revision, _params(lang, named, allow_incomplete))


def _params(lang: str, files: list, allow_incomplete: bool) -> dict:
    return {"lang": lang, "files": files, "allow_incomplete": bool(allow_incomplete)}


def tallied_file(runtime, project_id: int, job_id: int, name: str) -> bytes | None:
    """A file a finished tally of this project wrote, or None (unknown tally, other project, unknown name)."""
    job = get(runtime, job_id, project_id)
    if job is None or job.kind != "score" or job.status != "done" or not job.result or name not in job.result["documents"]:
        return None
    return runtime.files.get(file_key(project_id, job_id, name))


def _refusal(exc: ScoreSheetInvalid, folder: str) -> RfpgenError:
    """The problems as the wizard says them: in both languages, the scratch folder left out of file names,
    and the wizard's own choice named where the command line would name --allow-incomplete."""
    def text(lang: str) -> str:
        lines = [p.line(lang, hint=False).replace(folder, "") for p in exc.errors]
        if any(p.missing for p in exc.errors):
            lines.append(say("ui.score_incomplete_hint", lang))
        return "\n".join(lines)

    return RfpgenError(text("en"), text("ja"))


def run_score(runtime, job: dict, params: dict, progress) -> dict:
    """The `score` job: tally the uploaded workbooks as `rfpgen score` does, write and store the results."""
    from ..responses import scoring as responses
    from ..scoring.memo import write_robustness_xlsx
    from ..scoring.robustness import robustness

    project, _ = job_project(runtime, job, params, progress)
    files = params.get("files") or [[upload_key(job["project_id"], params["batch"], name), name]
                                     for name in params.get("sheets", [])]  # a job queued before uploads were kept
    with tempfile.TemporaryDirectory(prefix=SCRATCH_PREFIX, dir=runtime.work_root) as scratch:
        sheets = []
        folder = Path(scratch) / "sheets"
        folder.mkdir()
        for key, name in files:
            content = runtime.files.get(key)
            if content is None:
                raise LookupError(f"uploaded workbook {name} is gone")
            path = folder / Path(name).name
            path.write_bytes(content)
            sheets.append(path)
        progress("scoring", 30)
        prefix = f"{folder}{os.sep}"  # messages name the uploaded file, not the scratch folder
        source = (say("ui.score_source", "en"), say("ui.score_source", "ja"))
        try:
            result, analysis = responses.score(project, sheets, allow_incomplete=params.get("allow_incomplete", False),
                                               source=source)
        except ScoreSheetInvalid as exc:
            raise _refusal(exc, prefix) from None
        except RfpgenError as exc:
            raise RfpgenError(exc.message("en").replace(prefix, ""), exc.message("ja").replace(prefix, "")) from None
        progress("storing", 70)
        out = Path(scratch) / "results"
        written = responses.write(project, result, analysis, out)
        solid = robustness(result)
        written.append(write_robustness_xlsx(result, out / "robustness.xlsx", solid))
        names = []
        for path in written:
            name = Path(path).relative_to(out).as_posix()
            runtime.files.put(file_key(job["project_id"], job["id"], name), Path(path).read_bytes())
            names.append(name)
    return {"documents": names, "ranking": result.as_json(params.get("lang", "en")),
            "warnings": [str(w).replace(prefix, "") for w in result.warnings],
            **page_view(result, solid)}


def page_view(result, solid) -> dict:
    """What the scoring page shows of a tally, in both languages: the ranking as `rfpgen score` prints
    it, the items flagged for the consensus meeting, the robustness table, the notices and warnings (among
    them a document-stage result given when the presentation scores look due)."""
    from ..scoring.decision import notices_due, presentations_forgotten, shortlist_settled, tally_notes, withheld_because
    from ..scoring.memo import changes_label, robustness_lead, robustness_rows
    from ..scoring.consensus import items_to_settle
    from ..scoring.model import PresentationScheme, Scheme, consensus_workbook_name
    from ..scoring.notices import SUBFOLDER, notice_name
    from ..scoring.results import summary_rows

    scheme = Scheme(result.project)
    criteria = {c["id"]: c["name"] for c in scheme.weighted() + PresentationScheme(result.project).weighted()}
    evaluators = {e["id"]: e["name"] for e in scheme.evaluators()}
    items = []
    for vendor in result.vendors:
        for cid, _ in items_to_settle(vendor, scheme):
            scores = vendor.scores_on(cid)
            given = [s for s in scores.values() if s is not None]
            items.append({"vendor": vendor.id, "vendor_name": vendor.name, "criterion": cid,
                          "criterion_name": criteria.get(cid, cid),
                          "scores": [[e, evaluators.get(e, e), s] for e, s in scores.items()],
                          "mean": sum(given) / len(given) if given else None,
                          "spread": max(given) - min(given) if given else None,
                          "agreed": vendor.agreed.get(cid),
                          "reason": vendor.agreed_reason.get(cid, "")})
    view = {"consensus_items": items, "scale_max": scheme.scale_max,
            "notices": ({v.id: f"{SUBFOLDER}/{notice_name(result.project.id, v.id)}" for v in result.vendors}
                        if notices_due(result) else {}),
            "incomplete": result.incomplete, "document_stage": result.document_stage}
    withheld = (bool(result.shortlist) and not shortlist_settled(result) if result.document_stage  # the presentation workbooks
                else not notices_due(result))                                                       # the notices
    for lang in ("ja", "en"):
        headers, rows = summary_rows(result, lang)
        view[lang] = {"headers": headers, "rows": rows, "changes": changes_label(result, lang),
                      "flags": [[f.vendor_id, f.text(lang)] for f in result.flags],
                      "robustness_lead": robustness_lead(result, solid, lang),
                      "robustness": robustness_rows(result, solid, lang),
                      "warnings": tally_notes(result, lang),
                      "presentations_due": presentations_forgotten(result, lang),
                      "withheld": withheld_because(result, lang, consensus_workbook_name(result.project.id)) if withheld else []}
    return view
