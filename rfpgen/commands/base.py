"""What every command shares: loading a project with its warnings, and wording file-system errors."""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..project import Project


def describe_os_error(exc: OSError) -> str:
    """`path: reason` for a file-system error, as the user would want to read it."""
    where = exc.filename if exc.filename is not None else ""
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason += " (the disk is full: free some space and run the command again; files already there were not changed)"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason += " (rfpgen may not write here: choose another folder or ask for write access)"
    return f"{where}: {reason}" if where else reason


def load(path: str) -> Project:
    """Load a project for a command; warnings go to stderr, errors raise ProjectInvalid."""
    from ..validation import load_project

    project = load_project(path)
    for warning in project.warnings:
        click.echo(str(warning), err=True)
    return project
