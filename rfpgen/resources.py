"""Find the schema, templates and data files, in a checkout and in an installed wheel alike.

The top-level `schemas/` and `templates/` folders are packaged as `rfpgen.schemas` and
`rfpgen.templates` (see pyproject.toml); from a plain checkout they sit beside the package.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder `schemas` or `templates`, wherever rfpgen is installed."""
    try:
        found = Path(str(resources.files(f"rfpgen.{name}")))
        if found.is_dir():
            return found
    except ModuleNotFoundError:
        pass
    return _CHECKOUT / name


@lru_cache(maxsize=None)
def load_schema(name: str = "project") -> dict:
    with open(data_dir("schemas") / f"{name}.schema.json", encoding="utf-8") as fh:
        return json.load(fh)
