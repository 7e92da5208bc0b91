"""`rfpgen build`: one project file in, the documents of a vendor selection out.

Reads top to bottom: derive the staffing plan once, build each document's context, render every
document in memory, check the RFP for withheld text, write the whole set into a staging folder, and
only then switch it in (publish.py): a failed build changes nothing, so the previous build stays
as it was, and workbooks holding entries are kept.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..batch import beside
from ..errors import RfpgenError
from ..fileio import atomic_write_bytes
from .publish import Published, publish
from ..project import Project
from ..staffing_cache import plan_data
from ..words import project_locale, tbd
from ..clarifications import published
from .clarifications import clarifications_context
from .guide import guide_document
from .leaks import check_rfp
from .parts import VENDOR_FACING, doc_info, guide_revision_rows, number_figures, revision_rows
from .properties import chart_properties, file_properties, proper_names
from .render import render_docx, template_path
from .template_use import note, recording
from .requirements import requirements_document
from .rfp import rfp_document
from .rfp_terms import rfp_revisions, vendor_view
from .staffing_annex import staffing_figures

from .names import ALL_OUTPUTS, DOCUMENTS  # noqa: F401 - re-exported: callers import them from here


@dataclass(frozen=True)
class Staffing:
    """The staffing plan as the documents receive it, and its charts (documents.charts.Chart by figure key)."""

    plan: dict | None
    charts: dict


def staffing_for(project: Project) -> Staffing:
    """The one staffing computation every document shares (kept by content: staffing_cache)."""
    from .charts import draw

    plan = plan_data(project)
    specs = staffing_figures(plan, project.lang, project.date_style)
    properties = chart_properties(project)
    return Staffing(plan, {key: draw(spec, properties) for key, spec in specs.items()})


BUILDERS = {"requirements": requirements_document, "rfp": rfp_document, "guide": guide_document}
CONTEXTS = {"qa": clarifications_context}  # documents of their own shape, not chapters


def build_context(project: Project, document: str, staffing: dict | None = None) -> dict:
    """The complete context one template receives. `staffing` is the plan's `as_dict()` (or None).

    The RFP receives the project's redacted view, and the staffing estimate only when disclosed."""
    if document == "rfp":
        staffing = None if project.withholds_staffing_estimate() else staffing
    if document in VENDOR_FACING:
        project = vendor_view(project)
    with project_locale(project):
        if document in CONTEXTS:
            return CONTEXTS[document](project)
        return {
            "doc": doc_info(project, document),
            "chapters": number_figures(BUILDERS[document](project, staffing), project.lang),
            "revisions": {"rfp": rfp_revisions, "guide": guide_revision_rows}.get(document, revision_rows)(project),
            "tbd": tbd(project.lang),
        }


NO_STAFFING = {"qa"}  # documents that print nothing of the staffing plan: built without computing it


def _wanted(project: Project, only) -> list[str]:
    return [key for key in DOCUMENTS if (not only or key in only) and (key != "qa" or published(project))]


def document_contexts(project: Project, only=None, staffing: Staffing | None = None) -> dict[str, dict]:
    """The exact context each template receives (what `rfpgen context` prints)."""
    wanted = _wanted(project, only)
    if staffing is None and set(wanted) - NO_STAFFING:
        staffing = staffing_for(project)
    return {key: build_context(project, key, staffing.plan if staffing else None) for key in wanted}


def output_path(project: Project, out_dir: Path, document: str) -> Path:
    return Path(out_dir) / f"{project.id}-{DOCUMENTS[document][1]}"


def render_documents(project: Project, out_dir: Path, only=None, templates_dir: Path | None = None) -> dict[Path, bytes]:
    """Every requested Word document rendered and checked in memory, keyed by where it will go."""
    staffing = staffing_for(project) if set(_wanted(project, only)) - NO_STAFFING else None
    rendered = {}
    for key, context in document_contexts(project, only, staffing).items():
        template = template_path(DOCUMENTS[key][0], project.lang, templates_dir)
        doc = context["doc"]
        annex_sections = frozenset(topic["heading"] for ch in context.get("chapters") or [] if ch.get("annex")
                                   for topic in ch["topics"])
        data = render_docx(template, context, charts=staffing.charts if staffing else None,
                           properties=file_properties(project, doc["kind"], issued=key in VENDOR_FACING), out_of_contents=annex_sections,
                           names=proper_names(project))
        path = output_path(project, out_dir, key)
        if key in VENDOR_FACING:
            check_rfp(data, project, path.name)
        rendered[path] = data
    return rendered


def build_documents(project: Project, out_dir: Path, only: set[str] | None = None,
                    templates_dir: Path | None = None) -> list[Path]:
    """Build one validated project into `out_dir`; returns the paths written."""
    return publish_build(project, out_dir, only, templates_dir).written


def _scoring_outputs(project: Project, folder: Path, templates_dir: Path | None) -> tuple[list[Path], list]:
    """The scoring workbooks and forms, with the templates they used (told to the caller's record, as
    the job may run in another process)."""
    from ..scoring import write_scoring_outputs

    with recording() as used:
        written = write_scoring_outputs(project, folder, templates_dir)
    return written, used


def publish_build(project: Project, out_dir: Path, only: set[str] | None = None, templates_dir: Path | None = None,
                  overwrite_filled: bool = False, on_wait=None, progress=None, parallel: bool = False) -> Published:
    """Build the requested documents and scoring sheets as one set into `out_dir` (see publish.py).

    `progress(text)` is told each step as it starts; `on_wait(text)` when another build holds the folder.
    `parallel`: write the scoring workbooks and forms in a second process while the Word documents
    render (a single project on a machine with a core to spare; about half of a large build)."""
    unknown = set(only or ()) - set(ALL_OUTPUTS)
    if unknown:
        raise RfpgenError(f"unknown document(s) {', '.join(sorted(unknown))}; choose from {', '.join(ALL_OUTPUTS)}")
    tell = progress or (lambda text: None)
    documents = not only or bool(set(only) & set(DOCUMENTS))
    scoring = not only or "scoring" in only

    def stage(folder: Path) -> list[Path]:
        if not scoring:
            return _documents(folder)
        tell("writing the scoring workbooks and forms")
        with beside(_scoring_outputs, (project, folder, templates_dir), parallel and documents) as scored:
            written = _documents(folder)
            sheets, used = scored()
        for name, lang, path, custom in used:
            note(name, lang, path, custom)
        return written + sheets

    def _documents(folder: Path) -> list[Path]:
        written = []
        rendered = {}
        if documents:
            tell("rendering the Word documents")
            rendered = render_documents(project, folder, only, templates_dir)
        if not only or "rfp" in only:  # the response form goes out with the RFP, leak-checked like it (rfpgen.responses)
            from ..responses import response_form

            with project_locale(project):
                name, form = response_form(project)
            rendered[folder / name] = form
        for path, data in rendered.items():
            atomic_write_bytes(path, data)
            written.append(path)
        return written

    return publish(Path(out_dir), stage, overwrite_filled, on_wait)
