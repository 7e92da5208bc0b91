"""Which built file may go to vendors, and the two packs the build page offers.

The requirements definition, the evaluator guide and the scoring sheets hold every withheld
requirement and what evaluators look for; only the RFP and what travels with it (response form,
clarifications, addenda) may leave the client. The rule is an allow-list: a file the wizard does
not know is internal, so a new kind of output can never slip into the vendor pack by default.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import PurePosixPath

VENDOR_ENDINGS = ("-rfp", "-response-form", "-clarifications", "-rfp-addendum")
VENDOR, INTERNAL = "vendor", "internal"
PACKS = (VENDOR, INTERNAL)


def audience(relative: str) -> str:
    """`vendor` for a top-level RFP-side file (Word, Excel or its PDF), else `internal`."""
    path = PurePosixPath(relative)
    if len(path.parts) == 1 and path.suffix in (".docx", ".xlsx", ".pdf") and path.stem.endswith(VENDOR_ENDINGS):
        return VENDOR
    return INTERNAL


def documents(names: list[str]) -> list[dict]:
    """The built documents (PDFs shown with their Word file), vendor files first."""
    present = set(names)
    found = []
    for name in sorted(n for n in present if not n.endswith(".pdf")):
        pdf = str(PurePosixPath(name).with_suffix(".pdf"))
        found.append({"name": name, "audience": audience(name), "word": name.endswith(".docx"),
                      "pdf": pdf if pdf in present else None})
    return sorted(found, key=lambda f: (f["audience"] != VENDOR, f["name"]))


def pack(files: dict[str, bytes], which: str, project_file: str) -> bytes:
    """A zip of the vendor files, or of the internal ones plus the project file (`files` holds both)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name in sorted(files):
            if name == project_file:
                if which == INTERNAL:
                    bundle.writestr(name, files[name])
            elif audience(name) == which:
                bundle.writestr(name, files[name])
    return buffer.getvalue()
