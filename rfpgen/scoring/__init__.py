"""Scoring: sheets out for the evaluators, sheets back in, ranking, results workbook and memo.

    write_scoring_outputs(project, out_dir)   # what `rfpgen build` calls: workbooks + paper forms
    tally(project, files, allow_incomplete)   # read filled workbooks back and rank the vendors
    write_results(project, result, out_dir)   # results.xlsx and results.docx
"""
from __future__ import annotations

from pathlib import Path

from ..project import Project
from ..words import project_locale
from .model import PRESENTATIONS, Scheme

SUBFOLDER = "scoring"


def write_scoring_outputs(project: Project, out_dir: Path, templates_dir: Path | None = None) -> list[Path]:
    """Write into `out_dir/scoring/`: one workbook per evaluator and a printable Word scoring form per
    vendor for the panel, and into its subfolder `procurement/` the price workbook for the evaluators
    who see prices. Atomic per file; returns the paths written. A project without vendors gets no sheets (nothing to score yet);
    without evaluators it gets the paper forms and the price workbook only."""
    from .forms import write_forms
    from .sheets import write_workbooks

    scheme = Scheme(project)
    if not scheme.vendors():
        return []
    folder = Path(out_dir) / SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with project_locale(project):  # English spelled as the project's locale (programme in en-GB)
        written = write_workbooks(project, folder)
        written += write_forms(project, folder, templates_dir)
    return written


def tally(project: Project, files, allow_incomplete: bool = False, prices: dict[str, float | None] | None = None,
          source: tuple[str, str] | None = None):
    """Read the filled workbooks and rank. `prices`, when given, replaces the price workbook's figures
    (a normalised cost per vendor computed from its response form, for example). `source` (en, ja)
    names the set of files in a problem about all of them (default: the command line)."""
    from .readback import COMMAND_LINE, read_sheets
    from .results import compute

    sheets = read_sheets(project, [Path(f) for f in files], allow_incomplete, prices, source or COMMAND_LINE)
    return compute(project, sheets, prices)


def unread_presentations(out_dir: Path, given) -> tuple[str, ...]:
    """The workbooks in `out_dir`'s presentations/ that are not among the files `given` to the tally: filled
    presentation scores, perhaps, that a final tally forgot (looked at before this tally writes any there)."""
    from .readback import is_office_leftover

    folder = Path(out_dir) / PRESENTATIONS
    if not folder.is_dir():
        return ()
    given = {Path(f).resolve() for f in given}
    return tuple(str(p) for p in sorted(folder.glob("*.xlsx")) if not is_office_leftover(p) and p.resolve() not in given)


def write_results(project: Project, result, out_dir: Path, templates_dir: Path | None = None,
                  analysis=None) -> list[Path]:
    """results.xlsx (with the vendor responses' `analysis` when given), results.docx, one notice per
    vendor under notices/ once the result can be told (decision.notices_due), at the document stage once
    who goes through is settled the presentation workbooks for them under presentations/, and (when the
    tally has spread flags or a tie awaiting lots) the consensus workbook, which is never overwritten. The
    memo and results.xlsx say when presentation workbooks lie in `out_dir` untallied."""
    from .consensus import needs_consensus, write_consensus_workbook
    from .decision import notices_due, shortlist_settled
    from .memo import write_results_docx, write_results_xlsx
    from .notices import write_notices
    from .sheets import write_presentation_workbooks

    out_dir = Path(out_dir)
    unread = unread_presentations(out_dir, result.files)
    out_dir.mkdir(parents=True, exist_ok=True)
    with project_locale(project):
        written = [write_results_xlsx(project, result, out_dir / "results.xlsx", analysis, unread),
                   write_results_docx(project, result, out_dir / "results.docx", templates_dir, unread)]
        if notices_due(result):
            written += write_notices(result, out_dir, templates_dir)
        if shortlist_settled(result):
            written += write_presentation_workbooks(project, out_dir / PRESENTATIONS, [v.id for v in result.shortlist])
        if needs_consensus(result):
            path, fresh = write_consensus_workbook(result, out_dir)
            if fresh:
                written.append(path)
    return written


__all__ = ["write_scoring_outputs", "tally", "unread_presentations", "write_results", "SUBFOLDER", "PRESENTATIONS"]
