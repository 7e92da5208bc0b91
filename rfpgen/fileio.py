"""Atomic output: a failed write never leaves a half-written file or replaces a good one."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask
    (mkstemp would otherwise leave every output readable by its owner only)."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`.

    The folder must exist: output folders are created by the command that owns them, so a
    mistyped path is an error rather than a new tree of folders."""
    path = Path(path)
    if not path.parent.is_dir():
        from .errors import RfpgenError

        raise RfpgenError(f"{path}: the folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fchmod(fh.fileno(), _mode_for(path))
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        # name the file being written, never the temporary file beside it
        raise OSError(exc.errno, exc.strerror, str(path)) if exc.errno is not None else exc from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def refuse_overwrite(path: str | Path, force: bool) -> None:
    """The one check behind every `--force` option."""
    from .errors import RfpgenError

    if Path(path).exists() and not force:
        raise RfpgenError(f"{path}: already exists; choose another name or pass --force to overwrite it")


def describe_os_error(exc: OSError) -> str:
    """`path: reason` for a file-system error, as the user would want to read it."""
    where = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the disk is full: free some space and run the command again; files already there were not changed)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason += " (rfpgen may not write here: choose another folder or ask for write access)"
    return f"{where}: {reason}" if where else reason
