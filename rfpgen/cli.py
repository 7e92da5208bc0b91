"""The `rfpgen` command: a thin Click layer over the library.

User errors (RfpgenError) are printed without a traceback; exit codes: 0 success, 1 invalid input
or failed job, 2 usage error (Click's own).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .errors import RfpgenError
from .resources import data_dir
from .project import Project
from .validation import load_project, validate_file


def describe_os_error(exc: OSError) -> str:
    """`path: reason` for a file-system error, as the user would want to read it."""
    where = exc.filename if exc.filename is not None else ""
    return f"{where}: {exc.strerror or exc}" if where else f"{exc.strerror or exc}"


class _Group(click.Group):
    """Turns RfpgenError into a clean message and exit code instead of a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RfpgenError as exc:
            click.echo(str(exc), err=True)
            ctx.exit(exc.exit_code)
        except OSError as exc:  # a folder that is a file, no permission, a full disk …
            click.echo(describe_os_error(exc), err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="rfpgen")
def main():
    """rfpgen: requirements definition, RFP, evaluator guide and scoring for contact-center outsourcing."""


def load(path: str) -> Project:
    """Load a project for a command; warnings go to stderr, errors raise ProjectInvalid."""
    project = load_project(path)
    for warning in project.warnings:
        click.echo(str(warning), err=True)
    return project


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["en", "ja"]), default="en", show_default=True, help="Language of the messages.")
def validate(files, fmt, lang):
    """Check project files; exit 0 if valid (warnings printed), 1 if any is invalid."""
    all_problems, failed = [], False
    for file in files:
        project, problems = validate_file(file, lang)
        failed |= project is None
        all_problems += problems
        if fmt == "text":
            for problem in problems:
                click.echo(str(problem), err=problem.severity == "error")
            if project is not None:
                warned = len(problems)
                click.echo(f"{file}: valid" + (f" ({warned} warning{'s' if warned != 1 else ''})" if warned else ""))
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in all_problems], ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)


@main.command()
def schema():
    """Print the project file's JSON Schema."""
    click.echo((data_dir("schemas") / "project.schema.json").read_text(encoding="utf-8"))


@main.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--with-library", "library_set", metavar="SET",
              help="Also add a set of requirements from the library, e.g. essentials (see `rfpgen library tags`).")
def init(path, lang, force, library_set):
    """Write a complete, commented starter project that validates."""
    from .starter import write_starter

    if library_set:
        from .library import write_starter_with_library

        added = write_starter_with_library(Path(path), lang, library_set, force=force)
        click.echo(f"wrote {path} with {len(added)} requirements from the library set '{library_set}'")
        return
    write_starter(Path(path), lang, force=force)
    click.echo(f"wrote {path}")


# Command modules register themselves here, one line each.
from .commands import staffing as _staffing  # noqa: E402,F401
from .commands import score as _score  # noqa: E402,F401
from .commands import documents as _documents  # noqa: E402,F401
from .commands import serve as _serve  # noqa: E402,F401
from .commands import library as _library  # noqa: E402,F401
from .commands import deploy as _deploy  # noqa: E402,F401
