"""`rfpgen library ...`: browse the requirement library and add its entries to a project file."""
from __future__ import annotations

import json
import re
import shutil

import click

from .base import load
from ..project import PART_BY_KEY, PARTS
from ..text import display_width

PRIORITY_LABELS = {"ja": {"must": "必須", "should": "推奨", "may": "任意"},
                   "en": {"must": "must", "should": "should", "may": "may"}}
WITHHOLD_MARK = "*"
# characters that must not start a line (kinsoku): they hang at the end of the previous one
_NO_LINE_START = set("、。，．,.:;!?！？）)」』】〕〉》]・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々")


def wrap(text: str, width: int) -> list[str]:
    """Wrap mixed Japanese/English text to `width` columns: English at spaces, Japanese anywhere
    except before closing punctuation."""
    width = max(width, 10)
    lines, line, used = [], "", 0
    for token in re.findall(r"[!-~]+|\s+|.", " ".join(text.split())):
        if token.isspace():
            if line:
                line, used = line + " ", used + 1
            continue
        size = display_width(token)
        if used + size > width and line.strip():
            if len(token) == 1 and token in _NO_LINE_START:
                line, used = line + token, used + size
                continue
            lines.append(line.rstrip())
            line, used = "", 0
        while size > width:  # a single word longer than the line
            lines.append(token[:width])
            token = token[width:]
            size = display_width(token)
        line, used = line + token, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _terminal_width() -> int:
    return max(60, min(shutil.get_terminal_size((100, 24)).columns, 160))


@click.group()
def library():
    """The requirement library: curated contact-center requirements (Japanese and English) to add to a project."""


@library.command("list")
@click.option("--part", type=click.Choice([p.key for p in PARTS]), help="Only this part of the requirements definition.")
@click.option("--tag", "tags", multiple=True, metavar="TAG",
              help="Only entries with this tag (repeat for several; all must match). See `rfpgen library tags`.")
@click.option("--set", "set_name", metavar="SET", help="Only entries of this set, e.g. essentials.")
@click.option("--search", metavar="WORDS", help="Words that must all appear (either language, any case).")
@click.option("--withhold-candidates", is_flag=True, help="Only good candidates to withhold from the RFP.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def list_entries(part, tags, set_name, search, withhold_candidates, lang, fmt):
    """List library entries, grouped by part.

    JSON output is a list of {id, part, text, priority, tags, withhold_candidate}.
    """
    from .. import library as lib

    selected = lib.find(part=part, tags=tags, search=search, set_name=set_name,
                        withhold_candidate=True if withhold_candidates else None)
    if fmt == "json":
        click.echo(lib.entries_json(selected, lang))
        return
    if not selected:
        click.echo("該当する要件はありません。" if lang == "ja" else "No library entries match.", err=True)
        return
    click.echo(render_table(selected, lang, _terminal_width()))


def render_table(selected, lang: str, width: int) -> str:
    """The terminal listing: a heading per part, then id, priority and the wrapped text of each entry."""
    labels = PRIORITY_LABELS[lang]
    id_col = max(len(e.id) for e in selected) + 2
    pri_col = max(display_width(v) for v in labels.values()) + 2
    indent = 2 + id_col + pri_col + 2
    text_width = width - indent
    out = []
    for part in PARTS:
        group = [e for e in selected if e.part == part.key]
        if not group:
            continue
        if out:
            out.append("")
        count = f"{len(group)}件" if lang == "ja" else f"{len(group)} entr{'y' if len(group) == 1 else 'ies'}"
        out.append(f"{part.name(lang)} ({part.key}) - {count}")
        for entry in group:
            mark = WITHHOLD_MARK if entry.withhold_candidate else " "
            label = labels[entry.priority]
            head = f"  {entry.id:<{id_col}}{label}{' ' * (pri_col - display_width(label))}{mark} "
            lines = wrap(entry.text_in(lang), text_width)
            out.append(head + lines[0])
            out += [" " * indent + line for line in lines[1:]]
            out.append(" " * indent + "[" + ", ".join(entry.tags) + "]")
    out.append("")
    out.append(f"{len(selected)}件  {WITHHOLD_MARK} = RFPに記載せず提案力を確かめる候補（rfpgen library show ID で評価の観点を表示）"
               if lang == "ja" else
               f"{len(selected)} entries  {WITHHOLD_MARK} = good candidate to withhold from the RFP "
               "(rfpgen library show ID for what to look for)")
    return "\n".join(out)


@library.command("show")
@click.argument("library_ids", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def show(library_ids, fmt):
    """Show entries in full: both languages, tags, sets and what to look for when withheld."""
    from .. import library as lib

    found = [lib.get(i) for i in library_ids]
    if fmt == "json":
        click.echo(json.dumps([{"id": e.id, "part": e.part, "priority": e.priority, "tags": list(e.tags),
                                "withhold_candidate": e.withhold_candidate, "sets": list(e.sets),
                                "text": e.text, "look_for": e.look_for} for e in found], ensure_ascii=False, indent=2))
        return
    width = _terminal_width() - 4
    blocks = []
    for e in found:
        part = PART_BY_KEY[e.part]
        lines = [f"{e.id}  {part.ja} / {part.en} ({e.part})",
                 f"  priority: {e.priority}   withhold candidate: {'yes' if e.withhold_candidate else 'no'}"
                 f"   sets: {', '.join(e.sets) or '-'}",
                 f"  tags: {', '.join(e.tags)}"]
        for lang in ("ja", "en"):
            lines.append(f"  text ({lang}):")
            lines += ["    " + line for line in wrap(e.text_in(lang), width)]
        for lang in ("ja", "en"):
            if e.look_for:
                lines.append(f"  look_for ({lang}):")
                lines += ["    " + line for line in wrap(e.look_for_in(lang), width)]
        blocks.append("\n".join(lines))
    click.echo("\n\n".join(blocks))


@library.command("tags")
def tags():
    """List the tags you can filter on, by kind, with how many entries carry each."""
    from .. import library as lib

    counts: dict[str, int] = {}
    for entry in lib.entries():
        for tag in entry.tags:
            counts[tag] = counts.get(tag, 0) + 1
    for kind, names in lib.tag_groups().items():
        used = [f"{name} ({counts[name]})" for name in names if counts.get(name)]
        click.echo(f"{kind}: " + ", ".join(used))
    sets = [f"{name} ({len(lib.set_entries(name))})" for name in lib.set_names()]
    click.echo("sets (--set, rfpgen init --with-library): " + ", ".join(sets))


@library.command("add")
@click.argument("project", type=click.Path(dir_okay=False))
@click.argument("library_ids", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Show what would be added without changing the file.")
def add(project, library_ids, dry_run):
    """Add library entries to PROJECT, in its language, with fresh requirement ids.

    Each entry goes after the last requirement of its part; the file's comments and layout are kept.
    Entries already in the project, unknown ids or an invalid project: nothing is changed, exit 1.
    """
    from .. import library as lib

    additions = lib.add_to_file(project, library_ids, dry_run=dry_run)
    verb = "would add" if dry_run else "added"
    for a in additions:
        click.echo(f"{verb} {a.requirement_id} <- {a.entry.id} ({a.part})")
    if not dry_run:
        click.echo(f"{project}: {len(additions)} requirement{'s' if len(additions) != 1 else ''} added; still valid")


@library.command("diff")
@click.argument("project", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def diff(project, fmt):
    """Show requirements whose library entry now reads differently (exit 0 either way)."""
    from .. import library as lib

    loaded = load(project)
    changes = lib.library_changes(loaded.data)
    if fmt == "json":
        click.echo(json.dumps([{"part": c.part, "requirement_id": c.requirement_id, "library_id": c.library_id,
                                "status": c.status, "project_text": c.project_text, "library_text": c.library_text}
                               for c in changes], ensure_ascii=False, indent=2))
        return
    if not changes:
        click.echo(f"{project}: every requirement taken from the library matches its current text")
        return
    width = _terminal_width() - 6
    for c in changes:
        click.echo(f"{c.requirement_id} ({c.part}) <- {c.library_id}: "
                   + ("no longer in the library" if c.status == "removed" else "library text differs"))
        for line in wrap(c.project_text, width):
            click.echo("  - " + line)
        if c.library_text is not None:
            for line in wrap(c.library_text, width):
                click.echo("  + " + line)
    click.echo(f"{len(changes)} difference{'s' if len(changes) != 1 else ''} "
               "(- the project's text, + the library's current text)")
