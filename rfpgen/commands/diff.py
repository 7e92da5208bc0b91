"""`rfpgen diff`: what changed between two versions of a project (新旧対照表, RFP addendum, summary)."""
from __future__ import annotations

from pathlib import Path

import click

from .base import load
from ..fileio import atomic_write_bytes


@click.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False),
              help="Write the comparison of the requirements definition, the RFP addendum and the summary here.")
@click.option("--templates", "templates_dir", type=click.Path(exists=True, file_okay=False),
              help="Folder of customised templates (see `rfpgen templates export`).")
def diff(old, new, out_dir, templates_dir):
    """Compare OLD and NEW versions of a project; print one line per change of the requirements definition.

    With -o, also write the internal 新旧対照表 of the requirements definition, the RFP addendum for
    bidders (nothing withheld: it is leak-checked) and the summary for the revision history."""
    from ..documents.comparison import OUTPUT_NAMES, render_comparisons

    old_project, new_project = load(old), load(new)
    documents = render_comparisons(old_project, new_project, Path(templates_dir) if templates_dir else None)
    summary = documents["requirements"][0].summary()
    for line in summary:
        click.echo(line)
    if not summary:
        click.echo("no changes" if new_project.lang != "ja" else "変更はありません")
    if out_dir:
        folder = Path(out_dir)
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for view, (_, data) in documents.items():
            path = folder / f"{new_project.id}-{OUTPUT_NAMES[view]}"
            atomic_write_bytes(path, data)
            written.append(path)
        path = folder / f"{new_project.id}-change-summary.txt"
        atomic_write_bytes(path, ("\n".join(summary) + "\n").encode("utf-8"))
        written.append(path)
        for path in written:
            click.echo(f"wrote {path}", err=True)
