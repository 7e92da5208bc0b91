"""Convert Word documents to PDF with LibreOffice, refreshing the table of contents first, and
check that each PDF shows every text of its document (documents.pdfcheck).

A plain `soffice --convert-to pdf` prints the table of contents as Word last saved it, which for a
freshly rendered document is empty. So the conversion runs a small script in LibreOffice's own
Python (the python3-uno bridge) that opens each document, updates its indexes and fields, and
exports the PDF. Without the bridge it falls back to the plain conversion and says so.

The refreshed contents' page numbers are then written into each .docx's own table of contents
(documents.contents), so the Word file a client opens shows the same page numbers as its PDF.

The Japanese templates' font, Yu Gothic (游ゴシック), is rarely installed where LibreOffice runs; left
to the system's matching it becomes a Latin font without the Japanese glyphs or the minus sign
(U+2212), and LibreOffice lays out a chart label mixing Japanese and a minus sign garbled
(「シュリンケージ −5pt」 as 「− □ 5pt」). The conversion maps it to Noto Sans CJK JP, which has both,
through its own fontconfig file (the system's configuration with these stand-ins added).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import RfpgenError
from ..fileio import atomic_write_bytes
from .contents import number_table_of_contents
from .pdfcheck import verify_pdfs

_UNO_SCRIPT = r'''
import json, os, sys, time, subprocess, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

soffice, profile, pipe = sys.argv[1], sys.argv[2], sys.argv[3]
pairs = list(zip(sys.argv[4::2], sys.argv[5::2]))
office = subprocess.Popen([soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
                           "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                           "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    context = None
    for _ in range(300):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            if office.poll() is not None:
                raise SystemExit("LibreOffice exited before it could convert anything")
            time.sleep(0.1)
    if context is None:
        raise SystemExit("LibreOffice did not start within 30 seconds")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    contents = {}  # source: the lines of its table of contents as refreshed ("heading\tpage")
    for source, target in pairs:
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                           (prop("Hidden", True),))
        if doc is None:
            raise SystemExit("LibreOffice could not open " + source)
        try:
            if hasattr(doc, "getDocumentIndexes"):
                indexes = doc.getDocumentIndexes()
                for _pass in range(2):  # page numbers can move once the contents are filled in
                    for i in range(indexes.getCount()):
                        indexes.getByIndex(i).update()
                    doc.getTextFields().refresh()
                contents[source] = [indexes.getByIndex(i).getAnchor().getString() for i in range(indexes.getCount())
                                    if indexes.getByIndex(i).supportsService("com.sun.star.text.ContentIndex")]
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "writer_pdf_Export"),))
        finally:
            doc.close(True)
    with open(os.path.join(os.path.dirname(profile), "contents.json"), "w", encoding="utf-8") as out:
        json.dump(contents, out)
finally:
    try:
        desktop.terminate()
    except Exception:
        pass
    try:
        office.wait(timeout=20)
    except Exception:
        office.kill()
'''


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _uno_python() -> str | None:
    """A Python interpreter that can import LibreOffice's uno module, if any."""
    for candidate in ("/usr/bin/python3", sys.executable, shutil.which("python3")):
        if candidate and Path(candidate).exists():
            try:
                ok = subprocess.run([candidate, "-c", "import uno"], capture_output=True, timeout=30).returncode == 0
            except (OSError, subprocess.TimeoutExpired):
                ok = False
            if ok:
                return candidate
    return None


def _laid_out_contents(report: Path) -> dict[str, list[str]]:
    """{document: its refreshed contents' text} as the conversion script reported them ({} if it did not)."""
    try:
        contents = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # the PDFs stand; the .docx keeps its contents without page numbers
    return contents if isinstance(contents, dict) else {}


def _number_contents(contents: dict[str, list[str]]) -> None:
    """Each converted .docx's table of contents with the page numbers LibreOffice laid out."""
    for source, indexes in contents.items():
        path = Path(source)
        numbered = number_table_of_contents(path.read_bytes(), "\n".join(indexes))
        if numbered is not None:
            atomic_write_bytes(path, numbered)


# a template font LibreOffice rarely finds → the installed font that stands in for it
FONT_STAND_INS = {"Yu Gothic": "Noto Sans CJK JP", "游ゴシック": "Noto Sans CJK JP"}


# LibreOffice 7.4 embeds a colour emoji font's bitmap glyphs (Noto Color Emoji has no outlines) without
# drawing them: emoji print blank. Kept from LibreOffice, its font fallback finds an outline emoji font
# (Symbola, fonts-symbola), which prints them in black and white.
_COLOUR_EMOJI_REFUSED = "<selectfont><rejectfont><glob>*NotoColorEmoji*</glob></rejectfont></selectfont>"


def font_stand_ins(folder: Path) -> dict[str, str]:
    """The environment that makes LibreOffice print the templates' fonts in their stand-ins: a fontconfig
    file in `folder` that reads the system's configuration (or the one FONTCONFIG_FILE names) first."""
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    rules = "".join(f'<match target="pattern"><test qual="any" name="family"><string>{font}</string></test>'
                    f'<edit name="family" mode="assign" binding="strong"><string>{stand_in}</string></edit></match>'
                    for font, stand_in in FONT_STAND_INS.items())
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">{system}</include>{rules}{_COLOUR_EMOJI_REFUSED}</fontconfig>',
                    encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def convert_to_pdf(documents: list[Path], timeout: int = 600) -> list[Path]:
    """Write `name.pdf` beside each document; returns the PDF paths."""
    soffice = soffice_path()
    if soffice is None:
        raise RfpgenError("--pdf needs LibreOffice, which is not installed (on Debian/Ubuntu: "
                          "apt-get install libreoffice-writer-nogui python3-uno)")
    documents = [Path(d) for d in documents]
    targets = [d.with_suffix(".pdf") for d in documents]
    for target in targets:  # a PDF left from an earlier build must not pass for a new one
        target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="rfpgen-office-") as profile:
        python = _uno_python()
        if python:
            script = Path(profile) / "convert.py"
            script.write_text(_UNO_SCRIPT, encoding="utf-8")
            args = [python, str(script), soffice, str(Path(profile) / "user"), f"rfpgen{abs(hash(profile))}"]
            for source, target in zip(documents, targets):
                args += [str(source), str(target)]
            runs = [args]
        else:
            print("warning: LibreOffice's Python bridge (python3-uno) is missing; the PDF's table of contents "
                  "will not be filled in", file=sys.stderr)
            folders = dict.fromkeys(d.parent for d in documents)  # --outdir is one folder per call
            runs = [[soffice, "--headless", f"-env:UserInstallation=file://{profile}/user", "--convert-to", "pdf",
                     "--outdir", str(folder), *[str(d) for d in documents if d.parent == folder]] for folder in folders]
        environment = font_stand_ins(Path(profile))
        for args in runs:
            try:
                result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=environment)
            except subprocess.TimeoutExpired:
                raise RfpgenError(f"LibreOffice did not finish converting within {timeout} s") from None
            if result.returncode != 0:
                break
        laid_out = _laid_out_contents(Path(profile) / "contents.json") if python and result.returncode == 0 else {}
    missing = [t for t in targets if not t.exists()]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout or "").strip().splitlines()[-1:] or ["no message"]
        raise RfpgenError(f"LibreOffice could not convert {', '.join(m.name for m in missing) or 'the documents'}: {detail[0]}")
    verify_pdfs(list(zip(documents, targets)))
    _number_contents(laid_out)  # after the check, which compares each PDF with the document LibreOffice read
    return targets
