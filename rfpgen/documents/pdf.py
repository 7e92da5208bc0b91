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

import contextlib
import functools
import json
import os
import signal
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
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

soffice, profile, pipe, report = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
pairs = list(zip(sys.argv[5::2], sys.argv[6::2]))
office = None  # an office this script starts and ends; with "attach" one is kept running by rfpgen
if profile != "attach":
    office = subprocess.Popen([soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
                               "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
                               "--accept=pipe,name=%s;urp;StarOffice.ComponentContext" % pipe],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
desktop = None
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    context = None
    for _ in range(600):
        try:
            context = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            if office is not None and office.poll() is not None:
                raise SystemExit("LibreOffice exited before it could convert anything")
            time.sleep(0.1)
    if context is None:
        raise SystemExit("LibreOffice did not start within 60 seconds")
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
            sheets = hasattr(doc, "getSheets")
            if sheets:
                doc.calculateAll()  # a workbook written by rfpgen holds formulas without cached results
            kind = os.path.splitext(target)[1].lower()
            name = {".pdf": "calc_pdf_Export" if sheets else "writer_pdf_Export", ".xlsx": "Calc MS Excel 2007 XML",
                    ".docx": "MS Word 2007 XML"}[kind]
            doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", name),))
        finally:
            doc.close(True)
    with open(report, "w", encoding="utf-8") as out:
        json.dump(contents, out)
finally:
    if office is not None:
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


@functools.cache
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


class KeptOffice:
    """One LibreOffice left running between conversions. Starting one costs seconds (more with a new
    profile), which a process converting document after document (a server's worker, the test suite)
    need not pay each time. Conversions through it take turns."""

    def __init__(self, soffice: str):
        self._soffice = soffice
        self._folder = tempfile.TemporaryDirectory(prefix="rfpgen-office-")
        self._starts = 0
        self.pipe = ""
        self.lock = threading.Lock()
        self._office: subprocess.Popen | None = None

    def ensure_running(self) -> None:
        """Starts the office, or a new one (with a new profile) if it has ended: a crash must not fail every
        later conversion. Returns once its pipe is there, or the office has ended (the conversion says so)."""
        if self._office is not None and self._office.poll() is None:
            return
        self.stop()  # an office that ended by itself leaves its pipe file behind
        self._starts += 1
        folder = Path(self._folder.name)
        profile = (folder / f"user{self._starts}").as_uri()
        self.pipe = f"rfpgen-kept-{uuid.uuid4().hex}"  # never a name a stale pipe file of an earlier office holds
        self._office = subprocess.Popen(
            [self._soffice, "--headless", "--invisible", "--nologo", "--norestore", "--nodefault",
             f"-env:UserInstallation={profile}", f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=font_stand_ins(folder),
            start_new_session=True)  # its own process group: close() ends LibreOffice's helper processes too
        for _ in range(300):  # else the conversion script waits for the pipe itself
            if self._pipe_file().exists() or self._office.poll() is not None:
                break
            time.sleep(0.1)

    def _pipe_file(self) -> Path:
        """Where LibreOffice (osl) puts a named pipe on Unix, whatever TMPDIR says; it is left behind when the
        office is killed."""
        return Path("/tmp") / f"OSL_PIPE_{os.getuid()}_{self.pipe}"

    def stop(self) -> None:
        """Ends the office (a hung one too); the next conversion starts another."""
        if self._office is not None and self._office.poll() is None:
            try:
                os.killpg(self._office.pid, signal.SIGTERM)
                self._office.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                with contextlib.suppress(OSError):
                    os.killpg(self._office.pid, signal.SIGKILL)
                self._office.wait()
        if self.pipe:
            self._pipe_file().unlink(missing_ok=True)
        self._office = None

    def close(self) -> None:
        self.stop()
        self._folder.cleanup()


_kept: KeptOffice | None = None


@contextlib.contextmanager
def kept_office():
    """Conversions inside this block share one LibreOffice, started at the first and ended with the block."""
    global _kept
    if _kept is not None or soffice_path() is None or _uno_python() is None:
        yield  # already kept by an outer block, or nothing to keep (each conversion says why)
        return
    _kept = KeptOffice(soffice_path())
    try:
        yield
    finally:
        office, _kept = _kept, None
        office.close()


def convert(pairs: list[tuple[Path, Path]], timeout: int = 600) -> dict[str, list[str]]:
    """LibreOffice opens each source and saves it as its target (.pdf, .xlsx recalculated, .docx), indexes
    and fields refreshed first; returns {source: its refreshed contents' lines}, {} without python3-uno."""
    soffice = soffice_path()
    if soffice is None:
        raise RfpgenError("--pdf needs LibreOffice, which is not installed (on Debian/Ubuntu: "
                          "apt-get install libreoffice-writer-nogui python3-uno)")
    for _, target in pairs:  # a file left from an earlier run must not pass for a new one
        target.unlink(missing_ok=True)
    python = _uno_python()
    with tempfile.TemporaryDirectory(prefix="rfpgen-office-") as scratch:
        folder = Path(scratch)
        report = folder / "contents.json"
        office = _kept if python else None
        if python:
            script = folder / "convert.py"
            script.write_text(_UNO_SCRIPT, encoding="utf-8")
        else:
            print("warning: LibreOffice's Python bridge (python3-uno) is missing; the PDF's table of contents "
                  "will not be filled in", file=sys.stderr)

        def commands() -> list[list[str]]:
            """The conversion's command lines; asked at each attempt, as a restarted office has a new pipe."""
            files = [str(path) for pair in pairs for path in pair]
            if office:
                return [[python, str(script), soffice, "attach", office.pipe, str(report), *files]]
            if python:
                return [[python, str(script), soffice, str(folder / "user"), f"rfpgen{abs(hash(scratch))}", str(report), *files]]
            return [[soffice, "--headless", f"-env:UserInstallation={(folder / 'user').as_uri()}", "--convert-to",
                     kind.lstrip("."), "--outdir", str(out), *[str(s) for s, t in pairs if t.parent == out and t.suffix == kind]]
                    for out in dict.fromkeys(t.parent for _, t in pairs)  # --outdir is one folder per call
                    for kind in dict.fromkeys(t.suffix for _, t in pairs if t.parent == out)]

        environment = font_stand_ins(folder)
        with office.lock if office else contextlib.nullcontext():
            for _attempt in (1, 2):
                if office:
                    office.ensure_running()
                for args in commands():
                    try:
                        result = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=environment)
                    except subprocess.TimeoutExpired:
                        if office:
                            office.stop()
                        raise RfpgenError(f"LibreOffice did not finish converting within {timeout} s") from None
                    if result.returncode != 0:
                        break
                if not office or (result.returncode == 0 and all(t.exists() for _, t in pairs)):
                    break
                office.stop()  # a kept office that failed may have crashed or hung: the second attempt starts a new one
        laid_out = _laid_out_contents(report) if python and result.returncode == 0 else {}
    missing = [t for _, t in pairs if not t.exists()]
    if result.returncode != 0 or missing:
        detail = (result.stderr or result.stdout or "").strip().splitlines()[-1:] or [
            f"killed by signal {-result.returncode}" if result.returncode < 0 else f"exit code {result.returncode}"]
        raise RfpgenError(f"LibreOffice could not convert {', '.join(m.name for m in missing) or 'the documents'}: {detail[0]}")
    return laid_out


def convert_to_pdf(documents: list[Path], timeout: int = 600) -> list[Path]:
    """Write `name.pdf` beside each document, its contents and fields refreshed and every text checked to be
    shown; returns the PDF paths."""
    documents = [Path(d) for d in documents]
    targets = [d.with_suffix(".pdf") for d in documents]
    laid_out = convert(list(zip(documents, targets)), timeout)
    verify_pdfs(list(zip(documents, targets)))
    _number_contents(laid_out)  # after the check, which compares each PDF with the document LibreOffice read
    return targets
