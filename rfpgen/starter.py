"""`rfpgen init`: copy the commented starter project for a language."""
from __future__ import annotations

from pathlib import Path

from .fileio import atomic_write_text, refuse_overwrite

STARTER_DIR = Path(__file__).parent / "starter"


def starter_text(lang: str) -> str:
    """The starter project's YAML, comments included."""
    return (STARTER_DIR / f"{lang}.yaml").read_text(encoding="utf-8")


def write_starter(path: Path, lang: str, force: bool = False) -> None:
    refuse_overwrite(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)  # a new project may start in a new folder
    atomic_write_text(path, starter_text(lang))
