"""`rfpgen score`: read filled scoring workbooks back, rank the vendors, write the results."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .base import load
from ..text import display_width
from ..words import plural, say, tr


def _table(result, lang: str) -> str:
    from ..scoring.results import summary_rows

    headers, rows = summary_rows(result, lang)
    widths = [max(display_width(r[i]) for r in rows + [headers]) for i in range(len(headers))]
    right = {0} | set(range(3, len(headers) - 1))   # rank and the figures

    def line(cells):
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - display_width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    text = [line(headers), line(["-" * n for n in widths])] + [line(r) for r in rows]
    if result.document_stage:   # the shortlist, not the final ranking: said before the table
        text.insert(0, say("score.kind_document_stage", lang) + "\n")
    flags = [f for v in result.vendors for f in v.flags]
    if flags:
        text += ["", say("score.flags", lang) + tr(lang, "：", ":")] + [f"  {f.vendor_id}: {f.text(lang)}" for f in flags]
    return "\n".join(text)


def _presentations(out_dir) -> str:
    from ..scoring import PRESENTATIONS

    return str(Path(out_dir) / PRESENTATIONS) if out_dir else ""


@click.command()
@click.argument("project_file", metavar="PROJECT", type=click.Path(dir_okay=False))
@click.argument("sheets", metavar="SHEET.xlsx...", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Write results.xlsx and results.docx into this folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--allow-incomplete", is_flag=True, help="Tally despite missing entries; they are reported as warnings "
              "and the affected bidders are marked incomplete.")
@click.option("--lang", type=click.Choice(["en", "ja"]), default=None,
              help="Language of the flags and the table; default: the project's language.")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="Folder with customised templates (results.docx).")
def score(project_file, sheets, out_dir, fmt, allow_incomplete, lang, templates_dir):
    """Read filled scoring workbooks (and the price workbook, or the bidders' response forms) back, rank the bidders.

    Exit 0 when the sheets were tallied, 1 when they were refused (every problem is listed with its
    file, sheet and cell)."""
    from ..responses import scoring as responses  # vendor responses: forms among the files price the offers
    from ..scoring import unread_presentations
    from ..scoring.decision import presentations_forgotten

    project = load(project_file, lang)
    lang = lang or project.lang
    result, analysis = responses.score(project, sheets, allow_incomplete=allow_incomplete)
    folder = _presentations(out_dir)
    forgotten = presentations_forgotten(result, lang, unread_presentations(out_dir, sheets) if out_dir else (), folder)
    if fmt == "json":
        click.echo(json.dumps(responses.with_analysis(result.as_json(lang), analysis, lang), ensure_ascii=False, indent=2))
    else:
        from ..scoring.decision import tally_notes

        for warning in tally_notes(result, lang):   # result.warnings are the English ones
            click.echo(say("score.cli_warning", lang, text=warning), err=True)
        click.echo(_table(result, lang))
        if analysis:
            click.echo("\n" + responses.table_text(analysis, lang))
    if forgotten:   # after the table, where the eye lands: the ranking above is not the final one
        click.echo(say("score.cli_warning", lang, text=forgotten), err=True)
    if out_dir:
        from ..scoring.consensus import consensus_path, needs_consensus, rows_missing
        from ..scoring.decision import notices_due, shortlist_settled

        written = responses.write(project, result, analysis, Path(out_dir), Path(templates_dir) if templates_dir else None)
        for path in written:
            click.echo(say("score.cli_wrote", lang, path=path), err=True)
        kept = consensus_path(project, Path(out_dir))
        if result.document_stage:
            if result.shortlist and not shortlist_settled(result):
                _withheld("score.presentations_withheld", result, lang, kept)
            click.echo(say("score.notices_after_presentations", lang), err=True)
        elif not notices_due(result):
            _withheld("score.notices_withheld", result, lang, kept)
        if needs_consensus(result) and kept not in written:
            click.echo(say("score.cli_kept", lang, path=kept), err=True)
            missing = rows_missing(result, kept)
            if missing:
                click.echo(say("score.cli_warning", lang, text=say(
                    "score.cli_kept_lacks_rows", lang, path=kept, n=len(missing), items=plural(len(missing), "item"),
                    names=tr(lang, "、", "; ").join(missing))), err=True)
    sys.exit(0)


def _withheld(key: str, result, lang: str, consensus: Path) -> None:
    """What was not written (`key`) and why, one reason a line, each saying what to do."""
    from ..scoring.decision import withheld_because

    reasons = withheld_because(result, lang, str(consensus))
    click.echo("\n".join([say(key, lang)] + [f"  - {reason}" for reason in reasons]), err=True)
