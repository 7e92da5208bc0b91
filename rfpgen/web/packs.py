"""Which built file may go to vendors, and the two packs the build page offers.

The requirements definition, the evaluator guide and the scoring sheets hold every withheld
requirement and what evaluators look for; only the RFP and what travels with it (response form,
clarifications, addenda) may leave the client. The rule is an allow-list: a file the wizard does
not know is internal, so a new kind of output can never slip into the vendor pack by default.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePosixPath

from ..documents.names import DOCUMENTS
from ..words import say

VENDOR_ENDINGS = ("-rfp", "-response-form", "-clarifications", "-rfp-addendum")
VENDOR, INTERNAL = "vendor", "internal"
PACKS = (VENDOR, INTERNAL)


def audience(relative: str) -> str:
    """`vendor` for a top-level RFP-side file (Word, Excel or its PDF), else `internal`."""
    path = PurePosixPath(relative)
    if len(path.parts) == 1 and path.suffix in (".docx", ".xlsx", ".pdf") and path.stem.endswith(VENDOR_ENDINGS):
        return VENDOR
    return INTERNAL


# what a built file is, by the end of its name: the catalogue's name of the document (the file's name is
# the project's id and a code, which a PM need not read)
KINDS = (*((re.compile(rf"-{re.escape(suffix)}$"), f"doc.kind.{key}") for key, (_, suffix) in DOCUMENTS.items()),
         (re.compile(r"-response-form\.xlsx$"), "responses.title"), (re.compile(r"-scores-[^/]+\.xlsx$"), "score.kind_scores"),
         (re.compile(r"-presentation-[^/]+\.xlsx$"), "score.kind_presentation"),
         (re.compile(r"-evaluator-form-[^/]+\.docx$"), "score.kind_form"), (re.compile(r"-prices\.xlsx$"), "score.kind_prices"))


def kind_name(name: str, lang: str) -> str:
    """The document a built file is, as the documents title it; empty for a file of no known kind."""
    return next((say(key, lang) for pattern, key in KINDS if pattern.search(name)), "")


def documents(names: list[str], lang: str = "en") -> list[dict]:
    """The built documents (PDFs shown with their Word file), vendor files first, each with what it is."""
    present = set(names)
    found = []
    for name in sorted(n for n in present if not n.endswith(".pdf")):
        pdf = str(PurePosixPath(name).with_suffix(".pdf"))
        found.append({"name": name, "kind": kind_name(name, lang), "audience": audience(name), "word": name.endswith(".docx"),
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
