"""Vendor responses: the response form sent with the RFP, and reading the filled forms back.

    response_form(project)                 # name and bytes of the form `rfpgen build` writes beside the RFP
    evaluate(project, files)               # read filled forms (refused with sheet and cell when unusable),
                                           # then screening, normalised cost, staffing plausibility, flags
"""
from __future__ import annotations

from pathlib import Path

from ..project import Project


def response_form(project: Project) -> tuple[str, bytes]:
    """The response form's file name and bytes, built like the RFP from the project's redacted view and
    refused (WithheldTextLeaked) if it would reveal a withheld requirement: the leak check reads every
    part of the workbook as it reads the RFP's."""
    from ..documents.leaks import check_rfp
    from .form import build, form_name

    name, data = form_name(project.id), build(project.redacted())
    check_rfp(data, project, name)
    return name, data


def write_response_form(project: Project, out_dir: Path) -> Path:
    """Write `<id>-response-form.xlsx` into `out_dir` (what `rfpgen build` does with the RFP)."""
    from ..fileio import atomic_write_bytes

    name, data = response_form(project)
    path = Path(out_dir) / name
    atomic_write_bytes(path, data)
    return path


def evaluate(project: Project, files):
    """The filled forms read back and analysed (an Analysis); raises ResponseFormInvalid."""
    from .analysis import analyse
    from .readback import read_forms

    return analyse(project, read_forms(project, [Path(f) for f in files]))


__all__ = ["evaluate", "response_form", "write_response_form"]
