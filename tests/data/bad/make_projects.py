"""The broken project files that are not readable text, or too big to commit, made at test time.

Each is derived from `base-valid.yaml` (the valid project every committed bad case changes in one
place), so the only thing wrong with it is what its name says. `write_generated(folder)` writes them
all and returns {case name: path}.
"""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
BASE = (HERE / "base-valid.yaml").read_text(encoding="utf-8")


def _huge() -> bytes:
    # A valid project padded with a long comment to just over the 10 MB limit.
    from rfpgen.yamlio import MAX_FILE_BYTES

    padding = b"# " + b"x" * 1000 + b"\n"
    body = BASE.encode("utf-8")
    return body + padding * ((MAX_FILE_BYTES - len(body)) // len(padding) + 2)


GENERATED = {
    # name: (what is wrong, bytes)
    "huge-file": ("over the 10 MB size limit", _huge),
    "empty-file": ("zero bytes", lambda: b""),
    "binary-png": ("a PNG image renamed .yaml", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
    "binary-zip": ("a zip archive (e.g. a .docx) renamed .yaml",
                   lambda: b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4),
    "shift-jis": ("Japanese text saved as Shift_JIS (cp932)",
                  lambda: BASE.replace("Corpus base project", "コールセンター業務委託").encode("cp932")),
    "utf16-le-without-bom": ("UTF-16 little-endian without a byte-order mark", lambda: BASE.encode("utf-16-le")),
    "utf16-be-without-bom": ("UTF-16 big-endian without a byte-order mark", lambda: BASE.encode("utf-16-be")),
    "latin-1": ("accented text saved as Latin-1", lambda: BASE.replace("Example Client Ltd", "Société Générale").encode("latin-1")),
    "nul-in-text": ("a NUL byte inside a title", lambda: BASE.replace("Corpus base", "Corpus\x00base").encode("utf-8")),
    "escape-in-text": ("a raw ESC control character inside a title",
                       lambda: BASE.replace("Corpus base", "Corpus\x1bbase").encode("utf-8")),
    "deep-nesting-lists": ("lists nested 5,000 deep", lambda: b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n"),
    "deep-nesting-mappings": ("mappings nested 3,000 deep", lambda: b"a: " + b"{a: " * 3000 + b"1" + b"}" * 3000 + b"\n"),
}


def _many_people() -> bytes:
    vendors = "".join(f"    - id: V-{i}\n      name: Vendor {i}\n" for i in range(2000))
    evaluators = "".join(f"    - id: E-{i}\n      name: Evaluator {i}\n" for i in range(2000))
    head, _, _ = BASE.partition("  vendors:\n")
    return (head + "  vendors:\n" + vendors + "  evaluators:\n" + evaluators).encode("utf-8")


def _ole2() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8


def _ods() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


GENERATED.update({
    "utf16-odd-length": ("UTF-16 with a byte-order mark, cut one byte short of a character",
                         lambda: b"\xff\xfe" + BASE.encode("utf-16-le") + b"x"),
    "number-5000-digits": ("a weight written with 5,000 digits (beyond Python's integer conversion limit)",
                           lambda: BASE.replace("weight: 60", "weight: " + "9" * 5000, 1).encode("utf-8")),
    "too-many-vendors-and-evaluators": ("2,000 vendors scored by 2,000 evaluators (four million sheets)", _many_people),
    "spreadsheet.ods": ("a spreadsheet given as the project file", _ods),
    "old-excel.xls": ("an old Excel workbook given as the project file", _ole2),
})


def write_generated(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (_, make) in GENERATED.items():
        path = folder / (name if "." in name else f"{name}.yaml")
        path.write_bytes(make())
        out[name] = path
    return out
