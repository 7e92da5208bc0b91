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


def compiled_validator(schema: dict):
    """`schema` compiled by jsonschema-rs (Rust, ~100 x jsonschema's speed), used only to tell that data
    is valid: its checks are at least as strict as jsonschema's (an e-mail address is checked against
    the RFC, where jsonschema wants an @), so data it refuses goes to jsonschema, whose errors alone are
    reported. None without the library or when it cannot compile the schema."""
    try:
        import jsonschema_rs

        return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)
    except Exception:  # noqa: BLE001 - ImportError, or a schema it cannot compile: jsonschema alone decides
        return None


def surely_valid(validator, value) -> bool:
    """True when a compiled_validator finds `value` valid (False without one, or for a value it cannot
    read: a huge integer, a NaN)."""
    try:
        return validator is not None and validator.is_valid(value)
    except Exception:  # noqa: BLE001 - a value it cannot read: jsonschema decides
        return False
