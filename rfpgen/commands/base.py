"""What every command shares: loading a project with its warnings, and wording file-system errors."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..fileio import describe_os_error  # noqa: F401 - the commands word file-system errors with it

if TYPE_CHECKING:
    from ..project import Project


def load(path: str, lang: str | None = None) -> Project:
    """Load a project for a command; warnings go to stderr in `lang` (None: the project's own language),
    errors raise ProjectInvalid."""
    from ..validation import load_project

    project = load_project(path, lang)
    for warning in project.warnings:
        click.echo(warning.shown(lang or project.lang), err=True)
    return project
