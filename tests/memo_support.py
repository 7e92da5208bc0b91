"""Shared by the decision-memo tests: the small scoring project with the memo's settings (schedule, budget,
approvers), the same with a presentation stage and the jp_additive price rule, a whole selection run
through to results.docx, and the memo read back as a reader sees it."""
from __future__ import annotations

from pathlib import Path

from docx import Document

from docx_reading import shown
from rfpgen.scoring import tally, write_scoring_outputs
from scoring_support import CHECKLIST, GATES, PRICES, SCORES, fill_all, make_project, project_data, write_results_and_notices

NAMES = {"V-A": "Alpha Contact <Ltd>", "V-B": "Beta & Co", "V-C": "Gamma Services"}
PASSES = {e: {v: {"G-ISO": "pass", "G-START": "pass"} for v in ("V-A", "V-B", "V-C")} for e in SCORES}


def memo_data(lang: str, **extra) -> dict:
    """The scoring project with a schedule, a budget and two approvers, in `lang`."""
    data = project_data()
    data["project"]["language"] = lang
    data["project"]["schedule"] = {"decision": "2027-05-14", "contract": "2027-06-01"}
    data["pricing"] = {"currency": "JPY" if lang == "ja" else "GBP", "budget": {"amount": 130_000_000, "period": "36 months"}}
    data["approval"] = {"approvers": [{"name": "Dana Roe", "title": "COO", "role": "Final approval"},
                                      {"name": "Eli Moss", "title": "CFO", "role": "Budget"}]}
    data.update(extra)
    return data


def read_memo(path: Path) -> tuple[str, list[list[list[str]]]]:
    """The memo's text (body, header, footer) and its tables as rows of cell texts."""
    doc = Document(str(path))
    texts = [shown(p.text) for p in doc.paragraphs]
    tables = [[[shown(cell.text) for cell in row.cells] for row in table.rows] for table in doc.tables]
    for table in tables:
        texts += ["\t".join(row) for row in table]
    for section in doc.sections:
        texts += [shown(p.text) for p in section.header.paragraphs + section.footer.paragraphs]
    return "\n".join(texts), tables


def run_memo(tmp_path: Path, lang: str, data: dict | None = None, *, prices=PRICES, scores=SCORES, gates=GATES,
         checklist=CHECKLIST, allow_incomplete: bool = False):
    project = make_project(data or memo_data(lang))
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, scores=scores, checklist=checklist, gates=gates, prices=prices, lang=lang)
    result = tally(project, files, allow_incomplete=allow_incomplete)
    write_results_and_notices(project, result, tmp_path / "results")
    return project, result, tmp_path / "results" / "results.docx"


def staged_data(lang: str, combine: str = "sum", top: int = 2) -> dict:
    """The scoring project priced by jp_additive against a reference price, with a presentation stage."""
    data = project_data()
    data["project"]["language"] = lang
    data["project"]["schedule"] = {"decision": "2027-05-14", "contract": "2027-06-01"}
    data["pricing"] = {"currency": "JPY" if lang == "ja" else "GBP"}
    evaluation = data["evaluation"]
    evaluation["price"] = {"formula": "jp_additive", "max_points": 30, "reference_price": 140_000_000}
    evaluation["rules"] = {"rounding": {"method": "truncate", "digits": 2}, "above_reference": "disqualify",
                           "presentation": {"top": top, "points": 30, "combine": combine,
                                            "criteria": [{"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}}
    return data   # the budget (the reference price) is withheld from the RFP, as by default


def docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[shown(cell.text).strip() for cell in row.cells] for row in table.rows] for table in Document(str(path)).tables]


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join([shown(p.text) for p in doc.paragraphs]
                     + [shown(cell.text) for table in doc.tables for row in table.rows for cell in row.cells])
