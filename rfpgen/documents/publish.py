"""Publishing a build: a project's output folder holds one complete build, or the previous one.

Every output is first written into a staging folder beside the target (same file system, so the
switch is a rename). Files of the previous build that this build does not produce (other
documents when `--only` is used, PDFs, the user's own files) are carried over, and so is every
workbook in which someone has typed entries: rebuilding after fixing a word of the title must
not wipe the evaluators' scores. Only then is the staging folder switched in with one rename.
A full disk, a kill or a permission error before that point leaves the previous build as it was.

A lock file beside the target keeps two builds of the same project from interleaving: the
second waits for the first, then builds on top of its result.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import BuildLocked, OutputNotWritable
from ..fileio import atomic_write_text

LOCK_WAIT_SECONDS = 300.0  # a large build takes about a minute; after this the second build gives up


@dataclass(frozen=True)
class Kept:
    """A workbook holding entries that the build left in place instead of replacing."""

    path: Path
    entries: int
    first: str  # where the first entry is, e.g. "sheet 'V-A' cell E7"

    def __str__(self) -> str:
        return (f"kept {self.path}: it holds {self.entries} entr{'y' if self.entries == 1 else 'ies'} "
                f"(first: {self.first}), so the new blank workbook was not written; "
                "pass --overwrite-filled to replace it")


@dataclass
class Published:
    written: list[Path] = field(default_factory=list)
    kept: list[Kept] = field(default_factory=list)


# ---------------------------------------------------------------- the lock

@contextmanager
def output_lock(target: Path, wait: float | None = None, on_wait: Callable[[str], None] | None = None):
    """Hold the lock of the output folder `target` (a hidden file beside it) while building.

    The operating system releases the lock when its process ends, however it ends, so a killed
    build never leaves the folder locked."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: builds are not serialised
        yield
        return
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    lock_path = target.parent / f".{target.name}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        deadline, told = time.monotonic() + wait, False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                if time.monotonic() >= deadline:
                    raise BuildLocked(target, holder, wait) from None
                if not told and on_wait:
                    on_wait(f"{target}: another rfpgen build (process {holder}) is writing this folder; waiting for it to finish")
                    told = True
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # closing releases the lock


# ---------------------------------------------------------------- filled workbooks

def workbook_entries(old: Path, new: Path | None) -> tuple[int, str]:
    """How many entries someone typed into the workbook `old`, and where the first one is.

    An entry is a value in a cell the workbook leaves open for input (an unlocked cell) that the
    freshly built workbook `new` does not hold at the same place; in a workbook without any
    unlocked cell, any value the new one does not hold. A workbook that cannot be read counts as
    holding entries: it cannot be shown to be blank."""
    from openpyxl import load_workbook

    def filled_cells(path: Path, open_only: bool) -> tuple[dict, bool]:
        """{(sheet, cell): value} of the filled cells (open ones only, or all), and whether the
        workbook has any cell open for input."""
        wb = load_workbook(path, read_only=True, data_only=False)
        try:
            cells, any_open = {}, False
            for ws in wb.worksheets:
                for row in ws.iter_rows():
                    for cell in row:
                        value = getattr(cell, "value", None)
                        protection = getattr(cell, "protection", None)  # None for a gap in the row
                        is_open = protection is not None and protection.locked is False
                        any_open |= is_open
                        if value not in (None, "") and (is_open or not open_only):
                            cells[(ws.title, cell.coordinate)] = value
            return cells, any_open
        finally:
            wb.close()

    try:
        typed, input_form = filled_cells(old, open_only=True)
        if not input_form:  # not an input form: every value may be someone's entry
            typed, _ = filled_cells(old, open_only=False)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is kept, never overwritten blind
        return 1, f"the file cannot be read as a workbook ({type(exc).__name__})"
    blank = filled_cells(new, open_only=input_form)[0] if new is not None and new.exists() else {}
    entries = [(sheet, cell) for (sheet, cell), value in typed.items() if blank.get((sheet, cell)) != value]
    if not entries:
        return 0, ""
    sheet, cell = entries[0]
    return len(entries), f"sheet '{sheet}' cell {cell}"


# ---------------------------------------------------------------- staging and switching

def _link_or_copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    if destination.exists() or destination.is_symlink():
        destination.unlink()
    if source.is_symlink():
        os.symlink(os.readlink(source), destination)
        return
    try:
        os.link(source, destination)  # same file system: no copy, and the file keeps its identity
    except OSError:
        shutil.copy2(source, destination)


def _previous_files(target: Path) -> list[Path]:
    """Every file of the previous build, relative to its folder."""
    if not target.is_dir():
        return []
    return sorted(p.relative_to(target) for p in target.rglob("*") if p.is_file() or p.is_symlink())


def _check_writable(target: Path) -> None:
    """A folder the user made read-only is a decision to respect, not to route around."""
    if not target.is_dir():
        return
    for folder in [target, *(p for p in target.rglob("*") if p.is_dir() and not p.is_symlink())]:
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputNotWritable(folder)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _switch(staging: Path, target: Path) -> None:
    """Put `staging` in the place of `target`; afterwards `staging` holds the previous build."""
    if not target.exists():
        os.rename(staging, target)
        return
    if _exchange(staging, target):
        return
    aside = target.parent / f".{target.name}.old-{os.getpid()}"
    os.rename(target, aside)      # a kill between these two renames is mended by _recover
    os.rename(staging, target)
    os.rename(aside, staging)


def _recover(target: Path) -> None:
    """Mend what a killed build left behind (called under the lock, so no build owns these)."""
    parent = target.parent
    leftovers = sorted(parent.glob(f".{target.name}.old-*")) + sorted(parent.glob(f".{target.name}.staging-*"))
    if not target.exists():
        aside = next((p for p in leftovers if ".old-" in p.name), None)
        if aside is not None:  # killed mid-switch: the previous build goes back in its place
            os.rename(aside, target)
            leftovers.remove(aside)
    for leftover in leftovers:
        shutil.rmtree(leftover, ignore_errors=True)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _name_the_target(exc: OSError, staging: Path, target: Path) -> OSError:
    """An error inside the staging folder is reported with the file's real destination."""
    def real(name):
        if name is None:
            return None
        text = os.fsdecode(name)
        return text.replace(str(staging), str(target), 1) if text.startswith(str(staging)) else text

    return type(exc)(exc.errno, exc.strerror, real(exc.filename), None, real(exc.filename2)) \
        if exc.errno is not None else exc


def publish(target: Path, stage: Callable[[Path], list[Path]], overwrite_filled: bool = False,
            on_wait: Callable[[str], None] | None = None) -> Published:
    """Build into a staging folder with `stage(folder) -> paths written`, then switch it in for `target`.

    Returns the files written (at their final place) and the filled workbooks kept."""
    target = Path(target)
    if os.path.ismount(target):
        raise OutputNotWritable(target, mount=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(target, on_wait=on_wait):
        _recover(target)
        _check_writable(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))
        try:
            try:
                produced = [Path(p).relative_to(staging) for p in stage(staging)]
                as_built = _read_manifest(target)
                moved = _moved(target, produced, as_built)
                kept = []
                for rel in produced:
                    before = moved.get(rel, rel)
                    old = target / before
                    if overwrite_filled or rel.suffix.lower() != ".xlsx" or not old.is_file():
                        continue
                    if as_built.get(before.as_posix()) == _digest(old):
                        continue  # exactly as the previous build wrote it: nobody typed into it
                    entries, first = workbook_entries(old, staging / rel)
                    if entries:
                        _link_or_copy(old, staging / rel)
                        kept.append(Kept(target / rel, entries, first))
                for rel in _previous_files(target):
                    if rel in moved.values():
                        continue  # written elsewhere now: no copy stays at the old place
                    if not (staging / rel).exists() and not (staging / rel).is_symlink():
                        _link_or_copy(target / rel, staging / rel)
                # mkdtemp makes the folder private; the output folder keeps its mode (or the usual one)
                os.chmod(staging, target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~_umask())
                _switch(staging, target)
            except OSError as exc:
                raise _name_the_target(exc, staging, target) from None
            _fsync_folder(target.parent)
            kept_paths = {k.path for k in kept}
            written = [rel for rel in produced if target / rel not in kept_paths]
            _write_manifest(target, as_built, written)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return Published([target / rel for rel in written], kept)


def _moved(target: Path, produced: list[Path], as_built: dict[str, str]) -> dict[Path, Path]:
    """{where this build writes a workbook: where an earlier build wrote it}, for a workbook now written in
    another folder (the price workbook, moved into scoring/procurement/ so that the panel's folder holds
    none): entries typed into it go with it, and the old place keeps no copy."""
    earlier = {Path(name).name: Path(name) for name in as_built if (target / name).is_file()}
    return {rel: earlier[rel.name] for rel in produced
            if rel.name in earlier and earlier[rel.name] != rel and not (target / rel).exists()}


# ---------------------------------------------------------------- what the last build wrote

def _manifest_path(target: Path) -> Path:
    return target.parent / f".{target.name}.built.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _read_manifest(target: Path) -> dict[str, str]:
    """{relative path: SHA-256} of the workbooks as the previous build wrote them; a workbook still
    identical to that needs no reading to know it holds no entries."""
    try:
        data = json.loads(_manifest_path(target).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _write_manifest(target: Path, previous: dict[str, str], written: list[Path]) -> None:
    manifest = {name: digest for name, digest in previous.items() if (target / name).is_file()}
    for rel in written:
        if rel.suffix.lower() == ".xlsx":
            manifest[rel.as_posix()] = _digest(target / rel)
    try:
        atomic_write_text(_manifest_path(target), json.dumps(manifest, indent=0, sort_keys=True))
    except OSError:
        pass  # without it the next build reads the workbooks instead: slower, never wrong


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
