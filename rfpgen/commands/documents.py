"""`rfpgen build`, `rfpgen context` and `rfpgen templates`: the documents of a vendor selection."""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import click

from ..documents.names import ALL_OUTPUTS, DOCUMENTS
from .base import load
from ..errors import ProjectInvalid, RfpgenError
from ..resources import data_dir
from ..words import say


def _parse_only(value: str | None) -> set[str] | None:
    if not value:
        return None
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    unknown = chosen - set(ALL_OUTPUTS)
    if unknown:
        raise click.BadParameter(f"unknown document(s): {', '.join(sorted(unknown))}; choose from {', '.join(ALL_OUTPUTS)}")
    return chosen


def build_project(project, out_root: str, only, templates: str | None, overwrite_filled: bool,
                  stages: bool = True, parallel: bool = False) -> dict:
    """Build one validated project into OUT/<project id>/ (in a worker process for a batch).

    `stages`: tell each stage on a terminal (a single project; a batch shows its progress bar instead).
    `parallel`: the project may use a second core (see publish_build).
    Returns what the command reports: files written, workbooks kept, notes, templates used."""
    from ..clarifications import published as answers_published
    from ..documents.build import publish_build
    from ..documents.template_use import describe_use, recording

    tell = (lambda text: click.echo(f"{project.id}: {text}...", err=True)) if stages and sys.stderr.isatty() else None
    try:
        with recording() as used:
            published = publish_build(project, Path(out_root) / project.id, only, Path(templates) if templates else None,
                                      overwrite_filled=overwrite_filled, progress=tell, parallel=parallel,
                                      on_wait=lambda text: click.echo(text, err=True))
    except RfpgenError as exc:  # the batch reports a failure as text: in the project's language
        raise RfpgenError(exc.message(project.lang)) from exc
    notes = [str(k) for k in published.kept]
    name = project.path or project.id
    if (not only or "scoring" in only) and not project.data["evaluation"].get("vendors"):
        notes.append(say("cli.no_vendors", project.lang, file=name))
    if only and "qa" in only and not answers_published(project):
        notes.append(say("cli.no_answers", project.lang, file=name))
    lines, unused = describe_use(used, Path(templates)) if templates else ([], [])
    return {"written": [str(p) for p in published.written], "notes": notes + unused, "templates": lines,
            "lang": project.lang}


def _loaded(projects, failed: dict, langs: dict, report_failure, warn=lambda text: click.echo(text, err=True)):
    """Each project file read and validated once, as (file, project); a file that cannot be used
    is recorded in `failed` and reported at once, a warning told with `warn`; `langs` learns each file's
    language as far as it is known. A generator: the next file is read while the workers build the previous ones."""
    from ..batch import describe_failure
    from ..validation import load_project

    owner: dict[str, str] = {}
    for project_file in projects:
        try:
            project = load_project(project_file, None)   # warnings and errors in the project's own language
        except Exception as exc:  # noqa: BLE001 - one bad file fails alone
            failed[project_file] = describe_failure(exc).message()  # a refused file's problems are in its own language
            if isinstance(exc, ProjectInvalid) and exc.lang:
                langs[project_file] = exc.lang
            report_failure(project_file)
            continue
        langs[project_file] = project.lang
        for warning in project.warnings:
            warn(warning.shown(project.lang))
        if project.id in owner:
            failed[project_file] = say("cli.same_id", project.lang, first=owner[project.id], second=project_file, id=project.id)
            report_failure(project_file)
            continue
        owner[project.id] = project_file
        yield project_file, project


@click.command()
@click.argument("projects", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Output folder; each project gets its own subfolder named after its ID.")
@click.option("--only", help=f"Comma-separated subset of: {', '.join(ALL_OUTPUTS)}.")
@click.option("--templates", "templates_dir", type=click.Path(exists=True, file_okay=False),
              help="Folder of customised templates (same names as `rfpgen templates export`); missing ones fall back to the defaults.")
@click.option("--pdf", is_flag=True, help="Also convert the Word documents to PDF with LibreOffice.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
              help="Processes to use: projects built in parallel; a single project writes its scoring sheets beside its "
                   "documents (default: number of CPUs).")
@click.option("--overwrite-filled", is_flag=True,
              help="Replace scoring workbooks that already hold entries (by default they are kept and listed).")
@click.option("--time-limit", type=click.FloatRange(1, None), default=900, show_default=True,
              help="Seconds one project may take before it is stopped.")
def build(projects, out_dir, only, templates_dir, pdf, jobs, overwrite_filled, time_limit):
    """Build the requirements definition, RFP, evaluator guide, clarifications (once an answer is published) and scoring sheets of each PROJECT.

    Each project succeeds or fails on its own; a folder keeps its previous build until the new one
    is complete, and scoring workbooks holding entries are kept unless --overwrite-filled."""
    from ..batch import Progress, run_each, run_here

    only = _parse_only(only)
    projects = tuple(dict.fromkeys(projects))  # a file named twice (a shell glob and its name) is built once
    if templates_dir:
        from ..documents.template_use import unmatched

        for warning in unmatched(Path(templates_dir)):
            click.echo(warning, err=True)
    total, failed, langs = len(projects), {}, {}
    # one line per finished project ([3/10] built … / FAILED …), and on a terminal a bar below them;
    # a project's lines in its language, the bar and the batch's last line in its projects' (English when they mix)
    progress = Progress(total, sys.stderr)

    def tell(text: str) -> None:
        progress.line(text)

    def out(text: str) -> None:
        progress.line(text, sys.stdout)

    def lang_of(project_file) -> str:
        return langs.get(project_file, "en")

    def learned() -> None:
        progress.lang = "ja" if set(langs.values()) == {"ja"} else "en"  # the projects' language so far

    def report_failure(project_file) -> None:
        learned()
        progress.finished(project_file, ok=False)
        tell(say("cli.failed", lang_of(project_file), counter=progress.counter(), file=project_file, why=failed[project_file]))

    def report(outcome) -> None:
        project_file, lang = outcome.name, lang_of(outcome.name)
        if outcome.error:
            failed[project_file] = outcome.error.message(lang)
            report_failure(project_file)
            return
        result = outcome.value
        for note in result["notes"]:
            tell(note)
        for line in result["templates"]:
            out(line)
        written = result["written"]
        if pdf:
            from ..documents.pdf import convert_to_pdf

            try:
                written += [str(p) for p in convert_to_pdf([Path(w) for w in written if w.endswith(".docx")])]
            except RfpgenError as exc:
                failed[project_file] = exc.message(lang)
        progress.finished(project_file, ok=project_file not in failed)
        for path in written:
            out(say("cli.wrote", lang, path=path))
        if project_file in failed:
            tell(say("cli.failed_pdf", lang, counter=progress.counter(), file=project_file, why=failed[project_file]))
        elif total > 1:
            tell(say("cli.built", lang, counter=progress.counter(), file=project_file, files=len(written),
                     seconds=f"{outcome.seconds:.1f}"))

    cores = jobs or os.cpu_count() or 1

    def tasks():
        for f, p in _loaded(projects, failed, langs, report_failure, tell):
            learned()
            yield f, build_project, (p, out_dir, only, templates_dir, overwrite_filled, total == 1, total == 1 and cores > 1)

    try:
        if total == 1:
            for name, job, args in tasks():
                report(run_here(name, job, args, time_limit))
        else:
            run_each(tasks(), min(jobs or os.cpu_count() or 1, total), time_limit, report,
                     on_start=progress.started, tick=progress.draw)
    finally:
        progress.close()
    lang = progress.lang
    if failed:
        built = total - len(failed)
        names = ("、" if lang == "ja" else ", ").join(f for f in projects if f in failed)
        click.echo(say("cli.batch_failed", lang, failed=len(failed), total=total, files=names)
                   + (say("cli.batch_failed_rest", lang, built=built) if built else ""), err=True)
        sys.exit(1)
    if total > 1:
        click.echo(say("cli.batch_built", lang, total=total), err=True)


@click.command()
@click.argument("project", type=click.Path(dir_okay=False))
@click.option("--document", type=click.Choice(list(DOCUMENTS)), help="Print only this document's context.")
def context(project, document):
    """Print, as JSON, the exact context each template receives (for restyling templates).

    An item with a figure has `figure` {"chart": key, "number": n} and `caption` (numbered); when the
    document is rendered, `item.figure` prints that chart as a native Word chart (its data are shown
    here under `charts`). `staffing_chart`, the key of templates made before figures were numbered,
    prints the figure items' charts one after the other.
    """
    from ..documents.build import document_contexts, staffing_for
    from ..documents.charts import spec_json
    from ..documents.staffing_annex import staffing_figures

    loaded = load(project)
    staffing = staffing_for(loaded)
    contexts = document_contexts(loaded, {document} if document else None, staffing)
    specs = {key: spec_json(spec) for key, spec in staffing_figures(staffing.plan, loaded.lang, loaded.date_style).items()}
    for ctx in contexts.values():
        ctx["charts"] = specs
        ctx["staffing_chart"] = "the figure items' charts, one per use"
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
