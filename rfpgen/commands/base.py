"""What every command shares: loading a project with its warnings, and wording file-system errors."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..fileio import describe_os_error  # noqa: F401 - the commands word file-system errors with it

if TYPE_CHECKING:
    from ..project import Project

MESSAGE_LANGUAGE = "rfpgen.message_language"  # click context meta: the language of the project a command loaded


def load(path: str, lang: str | None = None) -> Project:
    """Load a project for a command; warnings go to stderr in `lang` (None: the project's own language),
    errors raise ProjectInvalid."""
    from ..validation import load_project

    project = load_project(path, lang)
    context = click.get_current_context(silent=True)
    if context is not None:  # an error the command raises from here on is told in this language (cli._Group)
        context.meta[MESSAGE_LANGUAGE] = lang or project.lang
    for warning in project.warnings:
        click.echo(warning.shown(lang or project.lang), err=True)
    return project
