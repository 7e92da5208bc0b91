"""Which built file may go to vendors, and the two packs the build page offers.

The requirements definition, the evaluator guide and the scoring sheets hold every withheld
requirement and what evaluators look for; only the RFP and what travels with it (response form,
clarifications, addenda) may leave the client. The rule is an allow-list: a file the wizard does
not know is internal, so a new kind of output can never slip into the vendor pack by default.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

VENDOR_ENDINGS = ("-rfp", "-response-form", "-clarifications", "-rfp-addendum")
VENDOR, INTERNAL = "vendor", "internal"


def audience(relative: str) -> str:
    """`vendor` for a top-level RFP-side file (Word, Excel or its PDF), else `internal`."""
    path = Path(relative)
    if len(path.parts) == 1 and path.suffix in (".docx", ".xlsx", ".pdf") and path.stem.endswith(VENDOR_ENDINGS):
        return VENDOR
    return INTERNAL


def documents(build_dir: Path) -> list[dict]:
    """The built documents (PDFs shown with their Word file), vendor files first."""
    folder = build_dir / "documents"
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pdf"):
        relative = path.relative_to(folder).as_posix()
        pdf = path.with_suffix(".pdf")
        found.append({"name": relative, "audience": audience(relative), "word": path.suffix == ".docx",
                      "pdf": pdf.relative_to(folder).as_posix() if pdf.exists() else None})
    return sorted(found, key=lambda f: (f["audience"] != VENDOR, f["name"]))


def pack(build_dir: Path, which: str, project_file: Path | None) -> bytes:
    """A zip of the vendor files, or of the internal ones plus the project file."""
    folder = build_dir / "documents"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = path.relative_to(folder).as_posix()
            if audience(relative) == which:
                bundle.write(path, relative)
        if which == INTERNAL and project_file is not None and project_file.exists():
            bundle.write(project_file, project_file.name)
    return buffer.getvalue()
