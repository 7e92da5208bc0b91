"""Where a document prints 未定 / "To be decided": each section (topic) of a built context with the
number of places it holds the mark. The wizard's review lists them with the step that fills them;
`rfpgen validate` warns about each one the RFP would show vendors."""
from __future__ import annotations

from ..errors import Problem
from ..project import Project
from ..words import tbd, tr


def count_tbd(topic: dict, word: str) -> int:
    """How many times one section of a context prints `word` (the empty mark): the whole section, or its cells."""
    if topic.get("kind") == "tbd":
        return 1
    rows = (topic.get("table") or {}).get("rows") or []
    return sum(1 for row in rows for cell in row if cell == word)


def rfp_placeholders(project: Project, lang: str) -> list[Problem]:
    """A warning (in `lang`) per section of the RFP that prints "To be decided" in a part of the project the
    client has written, at that part. The RFP is read without the staffing estimate (an estimate prints no mark), so no plan
    is computed."""
    from .build import build_context

    word = tbd(project.lang)
    out = []
    for chapter in build_context(project, "rfp", None).get("chapters") or []:
        part = chapter.get("key")
        if not any(value for key, value in (project.data.get(part) or {}).items() if key != "requirements"):
            continue  # a part not written yet is one gap, which the wizard's review shows; a field left out of a written part is forgotten
        line, column = project.document.where((part,)) if project.document else (None, None)
        for topic in chapter.get("topics") or []:
            count = count_tbd(topic, word)
            if count:
                places = tr(lang, f"{count}か所", f"{count} place{'s' if count != 1 else ''}")
                out.append(Problem(project.document.file if project.document else "", line, column, part, "warning",
                                   tr(lang, f"RFPの「{topic['heading']}」に「{word}」と{places}記載されます。RFPの発行前に記入してください",
                                      f"the RFP prints '{word}' in {topic['heading']} ({places}): fill it in before the RFP is issued")))
    return out
