"""`rfpgen init`: copy the commented starter project for a language."""
from __future__ import annotations

from pathlib import Path

from .errors import RfpgenError
from .fileio import atomic_write_text

STARTER_DIR = Path(__file__).parent / "starter"


def starter_text(lang: str) -> str:
    """The starter project's YAML, comments included."""
    return (STARTER_DIR / f"{lang}.yaml").read_text(encoding="utf-8")


def write_starter(path: Path, lang: str, force: bool = False) -> None:
    if path.exists() and not force:
        raise RfpgenError(f"{path}: already exists; choose another name or pass --force to overwrite it")
    atomic_write_text(path, starter_text(lang))
