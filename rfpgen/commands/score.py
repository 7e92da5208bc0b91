"""`rfpgen score`: read filled scoring workbooks back, rank the vendors, write the results."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..cli import load, main


def _num(value, digits=2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _table(result, lang: str) -> str:
    from ..scoring.words import w

    headers = [w(lang, "rank"), w(lang, "vendor_id"), w(lang, "vendor"), w(lang, "quality_score"),
               w(lang, "price_score"), w(lang, "total"), w(lang, "status_col")]
    rows = []
    for v in result.vendors:
        why = ", ".join(v.failed_gates + [w(lang, f"why_{reason}") for reason, _ in v.excluded
                                          if reason not in ("gate", "no_price", "zero_quality")])
        label = w(lang, "disqualified") if v.disqualified else w(lang, "ranked") if v.rank else w(lang, "not_ranked")
        status = (f"{label}（{why}）" if lang == "ja" else f"{label} ({why})") if why else label
        if v.incomplete:
            status += ("・" if lang == "ja" else ", ") + w(lang, "incomplete")
        if v.rank_sum is not None:
            status += (f"・順位点 {v.rank_sum:g}" if lang == "ja" else f", rank sum {v.rank_sum:g}")
        rows.append([str(v.rank) if v.rank else "—", v.id, v.name, _num(v.quality), _num(v.price_score),
                     _num(v.total), status])

    def width(text):
        return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)

    widths = [max(width(r[i]) for r in rows + [headers]) for i in range(len(headers))]
    right = {0, 3, 4, 5}

    def line(cells):
        out = []
        for i, cell in enumerate(cells):
            pad = " " * (widths[i] - width(cell))
            out.append(pad + cell if i in right else cell + pad)
        return "  ".join(out).rstrip()

    text = [line(headers), line(["-" * n for n in widths])] + [line(r) for r in rows]
    flags = [f for v in result.vendors for f in v.flags]
    if flags:
        text += ["", w(lang, "flags") + ":"] + [f"  {f.vendor_id}: {f.text(lang)}" for f in flags]
    return "\n".join(text)


@main.command()
@click.argument("project_file", metavar="PROJECT", type=click.Path(dir_okay=False))
@click.argument("sheets", metavar="SHEET.xlsx...", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out_dir", type=click.Path(file_okay=False), default=None,
              help="Write results.xlsx and results.docx into this folder.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--allow-incomplete", is_flag=True, help="Tally despite missing entries; they are reported as warnings "
              "and the affected vendors are marked incomplete.")
@click.option("--lang", type=click.Choice(["en", "ja"]), default=None,
              help="Language of the flags and the table; default: the project's language.")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, exists=True), default=None,
              help="Folder with customised templates (results.docx).")
def score(project_file, sheets, out_dir, fmt, allow_incomplete, lang, templates_dir):
    """Read filled scoring workbooks (and the price workbook) back, rank the vendors.

    Exit 0 when the sheets were tallied, 1 when they were refused (every problem is listed with its
    file, sheet and cell)."""
    from ..scoring import tally, write_results

    project = load(project_file)
    lang = lang or project.lang
    result = tally(project, sheets, allow_incomplete=allow_incomplete)
    if fmt == "json":
        click.echo(json.dumps(result.as_json(lang), ensure_ascii=False, indent=2))
    else:
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        click.echo(_table(result, lang))
    if out_dir:
        from ..scoring.consensus import consensus_path, needs_consensus

        written = write_results(project, result, Path(out_dir), Path(templates_dir) if templates_dir else None)
        for path in written:
            click.echo(f"wrote {path}", err=True)
        kept = consensus_path(project, Path(out_dir))
        if needs_consensus(result) and kept not in written:
            click.echo(f"kept {kept} (it may hold what the consensus meeting agreed; give it to `rfpgen score` "
                       "with the other workbooks)", err=True)
    sys.exit(0)
