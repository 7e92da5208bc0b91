"""Find the schema, templates and data files, in a checkout and in an installed wheel alike.

The top-level `schemas/` and `templates/` folders are packaged as `rfpgen.schemas` and
`rfpgen.templates` (see pyproject.toml); from a plain checkout they sit beside the package.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `schemas` or `templates`: inside the installed package (a wheel), else beside it (a checkout)."""
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


@lru_cache(maxsize=None)
def load_schema(name: str = "project") -> dict:
    with open(data_dir("schemas") / f"{name}.schema.json", encoding="utf-8") as fh:
        return json.load(fh)
