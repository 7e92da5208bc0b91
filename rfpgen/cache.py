"""The user's cache folder: what rfpgen keeps between runs so that the next run does less work (the
staffing plans, the compiled Word templates). `$RFPGEN_CACHE_DIR`, else `$XDG_CACHE_HOME/rfpgen`, else
`~/.cache/rfpgen`; `RFPGEN_CACHE_DIR=off` keeps nothing on disk. Everything kept there can be deleted at
any time: a file that is missing, damaged or cannot be written only costs the next run the work."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    """The folder for one kind of kept work ("plans", "templates"), or None when the user turned it off."""
    configured = os.environ.get("RFPGEN_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured) / kind
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rfpgen" / kind


def prune(folder: Path, pattern: str, keep: int) -> None:
    """Remove the oldest files matching `pattern` beyond the `keep` newest."""
    files = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime)
    for old in files[:-keep]:
        old.unlink(missing_ok=True)
