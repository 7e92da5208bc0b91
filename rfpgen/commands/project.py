"""Commands on the project file itself: validate, schema, init."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..resources import data_dir


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["en", "ja"]), default=None, help="Language of the messages; default: each project's own.")
@click.option("--gaps", is_flag=True, help="Also warn about each RFP section that prints 'To be decided' in a part the project has written.")
def validate(files, fmt, lang, gaps):
    """Check project files; exit 0 if valid (warnings printed), 1 if any is invalid or its RFP would not be built."""
    from ..documents.gaps import rfp_placeholders, undescribed_criteria
    from ..validation import validate_file

    all_problems, failed = [], False
    for file in files:
        project, problems = validate_file(file, lang)
        failed |= project is None
        told = lang or (project.lang if project is not None else "en")   # an invalid file's errors carry no label
        if project is not None:  # read from the RFP as built: the wizard's review lists these itself
            problems = problems + undescribed_criteria(project, told) + (rfp_placeholders(project, told) if gaps else [])
        all_problems += problems
        refusals = [p for p in problems if p.refuses]  # the build will refuse a document: told last, on stderr
        failed |= bool(refusals)
        if fmt == "text":
            for problem in [p for p in problems if not p.refuses] + refusals:
                click.echo(problem.shown(told), err=problem.severity == "error" or bool(problem.refuses))
            if project is not None:
                click.echo(_valid_line(file, len(problems) - len(refusals), len(refusals), told), err=bool(refusals))
    if fmt == "json":
        click.echo(json.dumps([p.as_dict() for p in all_problems], ensure_ascii=False, indent=2))
    sys.exit(1 if failed else 0)


def _valid_line(file: str, warned: int, refusals: int, lang: str) -> str:
    """The closing line for a valid file, with its count of warnings; a file whose RFP the build will
    refuse (a vendor text quoting a withheld requirement) says so, for it is not ready."""
    if lang == "ja":
        return (f"{file}: 有効" + (f"（注意 {warned} 件）" if warned else "")
                + (f"。ただしRFPは作成されません（RFPに記載しない要件の引用 {refusals} 件）" if refusals else ""))
    return (f"{file}: valid" + (f" ({warned} warning{'s' if warned != 1 else ''})" if warned else "")
            + (f", but the RFP will not be built: {refusals} quote{'s' if refusals != 1 else ''} of requirements "
               "left out of the RFP" if refusals else ""))


@click.command()
def schema():
    """Print the project file's JSON Schema."""
    click.echo((data_dir("schemas") / "project.schema.json").read_text(encoding="utf-8"))


@click.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--with-library", "library_set", metavar="SET",
              help="Also add a set of requirements from the library, e.g. essentials (see `rfpgen library tags`).")
def init(path, lang, force, library_set):
    """Write a complete, commented starter project that validates."""
    from ..starter import write_starter

    if library_set:
        from ..library import write_starter_with_library

        added = write_starter_with_library(Path(path), lang, library_set, force=force)
        click.echo(f"wrote {path} with {len(added)} requirements from the library set '{library_set}'")
        return
    write_starter(Path(path), lang, force=force)
    click.echo(f"wrote {path}")
