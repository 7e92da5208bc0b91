"""Which template each document was rendered from, and files in a templates folder that match nothing.

A customised template saved under a slightly different name (`en/RFP.docx`) or only for the other
language (`ja/rfp.docx` for an English project) would otherwise be skipped without a word and the
default design sent out; the build says which file it used and which ones it could not use.
"""
from __future__ import annotations

import difflib
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from ..resources import data_dir

LANGS = ("ja", "en")
_used: ContextVar[list | None] = ContextVar("rfpgen_templates_used", default=None)


def note(name: str, lang: str, path: Path, custom: bool) -> None:
    """Called by template_path for each template it resolves."""
    used = _used.get()
    if used is not None and (name, lang, path, custom) not in used:
        used.append((name, lang, path, custom))


@contextmanager
def recording():
    """Collect the templates resolved inside the block: [(name, lang, path, custom)]."""
    used: list = []
    token = _used.set(used)
    try:
        yield used
    finally:
        _used.reset(token)


def known_names() -> dict[str, set[str]]:
    """The template file names rfpgen knows, per language."""
    root = data_dir("templates")
    return {lang: {p.name for p in (root / lang).glob("*.docx")} for lang in LANGS}


def describe_use(used: list, templates_dir: Path) -> tuple[list[str], list[str]]:
    """(lines saying which template each document used, warnings about templates left unused)."""
    lines, warnings = [], []
    for name, lang, path, custom in used:
        if custom:
            lines.append(f"template {name}: {path} (yours)")
            continue
        lines.append(f"template {name}: the default design ({templates_dir} has no {lang}/{name})")
        for other in LANGS:
            candidate = Path(templates_dir) / other / name
            if other != lang and candidate.is_file():
                warnings.append(f"warning: {candidate} is the template for projects in '{other}'; this project is in "
                                f"'{lang}', so the default design was used for {name} (copy it to "
                                f"{Path(templates_dir) / lang / name} to use it)")
    return lines, warnings


def unmatched(templates_dir: Path) -> list[str]:
    """A warning for each file in `templates_dir` that no document would ever use."""
    names = known_names()
    everything = sorted(set().union(*names.values()))
    warnings = []
    root = Path(templates_dir)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if not path.is_file() or any(part.startswith((".", "~$")) for part in rel.parts):
            continue  # hidden files and Word's lock files (~$rfp.docx) are not templates
        parts = rel.parts
        if len(parts) == 2 and parts[0] in LANGS and parts[1] in names[parts[0]]:
            continue
        if len(parts) == 1 and parts[0] in everything:
            continue
        close = difflib.get_close_matches(parts[-1].lower(), everything, n=1, cutoff=0.6)
        lang = parts[0] if len(parts) == 2 and parts[0] in LANGS else "ja|en"
        hint = (f" (did you mean {lang}/{close[0]}? names are case-sensitive)" if close else
                f"; template names are {', '.join(everything)} in the folders ja/ and en/")
        warnings.append(f"warning: {path} matches no template and is not used{hint}")
    return warnings
