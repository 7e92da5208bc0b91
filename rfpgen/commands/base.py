"""What every command shares: loading a project with its warnings, and wording file-system errors."""
from __future__ import annotations

import click

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..project import Project


def describe_os_error(exc: OSError) -> str:
    """`path: reason` for a file-system error, as the user would want to read it."""
    where = exc.filename if exc.filename is not None else ""
    return f"{where}: {exc.strerror or exc}" if where else f"{exc.strerror or exc}"


def load(path: str) -> Project:
    """Load a project for a command; warnings go to stderr, errors raise ProjectInvalid."""
    from ..validation import load_project

    project = load_project(path)
    for warning in project.warnings:
        click.echo(str(warning), err=True)
    return project
