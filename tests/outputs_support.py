"""Every file a selection prints, and the text a reader meets in each: for the tests that check
rfpgen's words across all outputs (one register, one vocabulary, one convention per language)."""
from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from docx_reading import paragraphs
from rfpgen.documents.build import build_documents
from rfpgen.scoring import tally, write_results
from rfpgen.scoring.decision import notices_due
from rfpgen.scoring.notices import write_notices
from rfpgen.scoring.model import Scheme
from score_page_support import fill_all


def texts(path: Path) -> list[str]:
    """Every text a reader meets in a built Word file or workbook (cells, input prompts, headers)."""
    if path.suffix == ".docx":
        return paragraphs(path.read_bytes())
    out = []
    for ws in load_workbook(path).worksheets:
        out += [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        out += [t for dv in ws.data_validations.dataValidation for t in (dv.prompt, dv.error) if t]
        out += [part.text for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right) if part.text]
    return out


def sample_prices(project) -> dict[str, float]:
    """Plausible prices for the project's vendors: 86%, 93%, 100%, … of its own reference price (else its
    budget), so a memo, a notice or a results workbook reads as a real selection would (a price in
    the project's currency and order of magnitude, within the limit). Outliers are the memo tests'."""
    reference = (project.data.get("evaluation") or {}).get("price", {}).get("reference_price")
    limit = reference or (project.section("pricing").get("budget") or {}).get("amount") or 100_000_000
    return {v["id"]: round(limit * min(0.86 + 0.07 * i, 1.0)) for i, v in enumerate(Scheme(project).vendors())}


def every_output(project, folder: Path) -> list[Path]:
    """The Word files and workbooks of a whole selection: a full build (documents, response form,
    scoring workbooks and paper forms), then the workbooks filled and tallied into the results
    workbook, the decision memo, the notices to vendors and the consensus workbook."""
    written = build_documents(project, folder)
    prices = sample_prices(project)
    result = tally(project, fill_all(folder, project, prices), allow_incomplete=True)
    written += write_results(project, result, folder / "results")
    if not notices_due(result):  # the sample scores leave items to the consensus meeting: the notices as they will read
        written += write_notices(result, folder / "results")
    return [path for path in written if path.suffix in (".docx", ".xlsx")]
