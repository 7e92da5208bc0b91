"""What `rfpgen score` does with response forms given beside the evaluators' workbooks: their
normalised cost becomes each vendor's price, and the analysis goes into the results and the memo."""
from __future__ import annotations

from pathlib import Path

from . import evaluate
from .form import KIND
from .report import amend_memo as _amend
from .report import table_text

__all__ = ["amend_results", "carry_flags", "evaluate", "score", "split_forms", "table_text", "with_analysis",
           "write"]


def _kind(path: Path) -> str | None:
    """The kind recorded in a workbook's hidden _meta sheet (None if unreadable or absent)."""
    from ..scoring import filled
    from ..scoring.model import META_SHEETS

    try:
        wb = filled.Workbook(path, only=META_SHEETS)
    except filled.Unreadable:
        return None  # the scoring reader reports it
    title = next((t for t in META_SHEETS if t in wb.sheetnames), None)
    if title is None:
        return None
    for name, value in wb[title].iter_rows(min_col=1, max_col=2, values_only=True):
        if name == "kind":
            return value
    return None


def split_forms(files) -> tuple[list[str], list[str]]:
    """(response forms, everything else) among the files given to `rfpgen score`."""
    forms, others = [], []
    for f in files:
        (forms if Path(f).is_file() and _kind(Path(f)) == KIND else others).append(f)
    return forms, others


def carry_flags(result, analysis) -> None:
    """Each vendor's response flags (screening, staffing, abnormally low) join its scoring flags."""
    if analysis is None:
        return
    by_id = {v.id: v for v in analysis.vendors}
    for vendor in result.vendors:
        if vendor.id in by_id:
            vendor.flags.extend(by_id[vendor.id].flags)


def with_analysis(report: dict, analysis, lang: str) -> dict:
    if analysis is not None:
        report["responses"] = analysis.as_json(lang)
    return report


def amend_results(analysis, written: list[Path]) -> None:
    """Add the analysis to the results.docx among the files `write_results` wrote (results.xlsx has it already)."""
    if analysis is None:
        return
    by_name = {Path(p).name: Path(p) for p in written}
    _amend(analysis, by_name["results.docx"])


def score(project, files, allow_incomplete: bool = False, source: tuple[str, str] | None = None):
    """What `rfpgen score` does with its files, for the command line and the wizard alike: response
    forms among them price the offers, the rest are tallied; (result, analysis or None)."""
    from ..scoring import tally

    forms, sheets = split_forms(files)
    analysis = evaluate(project, forms) if forms else None
    result = tally(project, sheets, allow_incomplete=allow_incomplete, prices=analysis.prices() if analysis else None,
                   source=source)
    carry_flags(result, analysis)
    return result, analysis


def write(project, result, analysis, out_dir: Path, templates_dir: Path | None = None) -> list[Path]:
    """results.xlsx and results.docx (with the responses' analysis when there is one), the notices and,
    when needed, the consensus workbook; the paths written."""
    from ..scoring import write_results

    written = write_results(project, result, Path(out_dir), templates_dir, analysis)
    amend_results(analysis, written)
    return written
