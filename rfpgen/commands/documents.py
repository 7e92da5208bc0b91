"""`rfpgen build`, `rfpgen context` and `rfpgen templates`: the documents of a vendor selection."""
from __future__ import annotations

import json
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import click

from ..documents.build import ALL_OUTPUTS, DOCUMENTS, build_documents, document_contexts
from ..clarifications import published
from .base import describe_os_error, load
from ..errors import RfpgenError
from ..resources import data_dir
from ..validation import load_project


def _parse_only(value: str | None) -> set[str] | None:
    if not value:
        return None
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    unknown = chosen - set(ALL_OUTPUTS)
    if unknown:
        raise click.BadParameter(f"unknown document(s): {', '.join(sorted(unknown))}; choose from {', '.join(ALL_OUTPUTS)}")
    return chosen


def build_one(project_file: str, out_root: str, only, templates: str | None) -> tuple[list[str], str | None, list[str]]:
    """Build one project into OUT/<project id>/; returns (written paths, error or None, warnings).

    Runs in a worker process, so every failure comes back as a message: one project's problem
    never loses the other projects' results."""
    try:
        project = load_project(project_file)
        written = build_documents(project, Path(out_root) / project.id, only, Path(templates) if templates else None)
        notes = [str(w) for w in project.warnings]
        if (not only or "scoring" in only) and not project.data["evaluation"].get("vendors"):
            notes.append(f"{project_file}: no scoring sheets written: evaluation.vendors lists no vendors yet")
        if only and "qa" in only and not published(project):
            notes.append(f"{project_file}: no clarifications document written: no answer in questions is published yet")
        return [str(p) for p in written], None, notes
    except RfpgenError as exc:
        return [], str(exc), []
    except OSError as exc:
        return [], describe_os_error(exc), []
    except Exception as exc:  # a bug, not the user's doing: say so plainly instead of losing the batch
        return [], f"internal error ({type(exc).__name__}: {exc}); please report it with the project file", []


def _refuse_shared_ids(projects) -> None:
    """Two project files with the same id would write into the same folder: refuse before building."""
    from ..yamlio import read

    seen: dict[str, str] = {}
    for project_file in projects:
        doc, _ = read(project_file)
        project_id = (doc.data.get("project") or {}).get("id") if doc and isinstance(doc.data, dict) and \
            isinstance(doc.data.get("project"), dict) else None
        if isinstance(project_id, str):
            if project_id in seen:
                raise RfpgenError(f"{seen[project_id]} and {project_file} have the same project id '{project_id}', "
                                  "so their documents would overwrite each other in one output folder; give each project its own id")
            seen[project_id] = project_file


@click.command()
@click.argument("projects", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Output folder; each project gets its own subfolder named after its id.")
@click.option("--only", help=f"Comma-separated subset of: {', '.join(ALL_OUTPUTS)}.")
@click.option("--templates", "templates_dir", type=click.Path(exists=True, file_okay=False),
              help="Folder of customised templates (same names as `rfpgen templates export`); missing ones fall back to the defaults.")
@click.option("--pdf", is_flag=True, help="Also convert the Word documents to PDF with LibreOffice.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Projects built in parallel (default: number of CPUs).")
def build(projects, out_dir, only, templates_dir, pdf, jobs):
    """Build the requirements definition, RFP, evaluator guide, clarifications (once an answer is published) and scoring sheets of each PROJECT."""
    only = _parse_only(only)
    jobs = min(jobs or os.cpu_count() or 1, len(projects))
    _refuse_shared_ids(projects)
    args = [(p, out_dir, only, templates_dir) for p in projects]
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(build_one, *zip(*args)))
    else:
        results = [build_one(*a) for a in args]
    failed = []
    for project_file, (written, error, warnings) in zip(projects, results):
        for warning in warnings:
            click.echo(warning, err=True)
        if error:
            failed.append(project_file)
            click.echo(f"FAILED {project_file}:\n{error}", err=True)
            continue
        if pdf:
            from ..documents.pdf import convert_to_pdf

            try:
                written += [str(p) for p in convert_to_pdf([Path(w) for w in written if w.endswith(".docx")])]
            except RfpgenError as exc:
                failed.append(project_file)
                click.echo(f"FAILED {project_file} (PDF): {exc}", err=True)
        for path in written:
            click.echo(f"wrote {path}")
    if failed:
        click.echo(f"{len(failed)} of {len(projects)} project(s) failed: {', '.join(failed)}", err=True)
        sys.exit(1)


@click.command()
@click.argument("project", type=click.Path(dir_okay=False))
@click.option("--document", type=click.Choice(list(DOCUMENTS)), help="Print only this document's context.")
def context(project, document):
    """Print, as JSON, the exact context each template receives (for restyling templates).

    Besides these keys every template receives `staffing_chart`, the staffing chart image
    (shown here as {"image": ..., "width_mm": 160}, empty text when there is no chart).
    """
    contexts = document_contexts(load(project), {document} if document else None)
    for ctx in contexts.values():
        ctx["staffing_chart"] = {"image": "staffing_chart.png", "width_mm": 160}
    click.echo(json.dumps(contexts[document] if document else contexts, ensure_ascii=False, indent=2))


@click.group()
def templates():
    """Work with the Word templates."""


@templates.command("export")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--force", is_flag=True, help="Overwrite templates already in DIRECTORY.")
def export_templates(directory, force):
    """Copy the default templates into DIRECTORY (ja/ and en/) for customising."""
    source = data_dir("templates")
    target = Path(directory)
    pairs = [(template, target / lang / template.name) for lang in ("ja", "en")
             for template in sorted((source / lang).glob("*.docx"))]
    existing = [str(dest) for _, dest in pairs if dest.exists()]
    if existing and not force:
        raise RfpgenError(f"{', '.join(existing)} already exist(s); pass --force to overwrite")
    for template, destination in pairs:
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(template, destination)
        click.echo(f"wrote {destination}")
    click.echo(f"Edit them in Word, then build with: rfpgen build PROJECT --templates {directory}")
