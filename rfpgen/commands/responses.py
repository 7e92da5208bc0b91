"""`rfpgen responses`: read the vendors' filled response forms, screen them, price them on the
client's forecast and check their staffing against rfpgen's staffing model."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..words import say
from .base import load


@click.command()
@click.argument("project_file", metavar="PROJECT", type=click.Path(dir_okay=False))
@click.argument("forms", metavar="FORM.xlsx...", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Write responses.json and responses.xlsx into this folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["en", "ja"]), default=None,
              help="Language of the table and flags; default: the project's language.")
def responses(project_file, forms, out_dir, fmt, lang):
    """Screen the filled response forms, normalise each offer's cost, check each staffing plan.

    Exit 0 when every form was read (findings and flags are part of the report), 1 when a form was
    refused (each problem is listed with its file, sheet and cell)."""
    from ..responses import evaluate
    from ..responses.report import table_text, write_workbook

    project = load(project_file, lang)
    lang = lang or project.lang
    analysis = evaluate(project, forms)
    report = analysis.as_json(lang)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(table_text(analysis, lang))
    if out_dir:
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        from ..fileio import atomic_write_text

        atomic_write_text(folder / "responses.json", json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        click.echo(say("score.cli_wrote", lang, path=folder / "responses.json"), err=True)
        click.echo(say("score.cli_wrote", lang, path=write_workbook(analysis, folder / "responses.xlsx")), err=True)
    sys.exit(0)
