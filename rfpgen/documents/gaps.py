"""Where a document prints 未定 / "To be decided": each section (topic) of a built context with the
number of places it holds the mark. The wizard's review lists them with the step that fills them;
`rfpgen validate` warns about each award criterion without a description (bidders must be told what
each criterion assesses) and, with `--gaps`, about each place the RFP would show vendors."""
from __future__ import annotations

from ..errors import Problem
from ..project import Project
from ..text import clean
from ..words import tbd, tr
from ..yamlio import format_path


def count_tbd(topic: dict, word: str) -> int:
    """How many times one section of a context prints `word` (the empty mark): the whole section, or its cells."""
    if topic.get("kind") == "tbd":
        return 1
    rows = (topic.get("table") or {}).get("rows") or []
    return sum(1 for row in rows for cell in row if cell == word)


def _problem(project: Project, path: tuple, en: str, ja: str, lang: str) -> Problem:
    line, column = project.document.where(path) if project.document else (None, None)
    return Problem(project.document.file if project.document else "", line, column, format_path(path), "warning",
                   tr(lang, ja, en))


def undescribed_criteria(project: Project, lang: str) -> list[Problem]:
    """A warning per award criterion (or presentation criterion) without a description: the RFP prints
    "What is assessed: To be decided", and a public buyer scoring on an undefined criterion invites a challenge."""
    evaluation = project.data["evaluation"]
    stage = (evaluation.get("rules") or {}).get("presentation") or {}
    listed = [(("evaluation", "criteria", i), c) for i, c in enumerate(evaluation.get("criteria") or [])]
    listed += [(("evaluation", "rules", "presentation", "criteria", i), c) for i, c in enumerate(stage.get("criteria") or [])]
    return [_problem(project, path + ("description",),
                     f"criterion {c['id']} ('{clean(c['name'])}') has no description: the RFP prints 'What is assessed: "
                     f"{tbd('en')}'. Bidders must be told what each award criterion assesses; a public buyer scoring on an "
                     "undefined criterion can be challenged",
                     f"評価項目 {c['id']}（{clean(c['name'])}）に description（評価の内容）がなく、RFPに「{tbd('ja')}」と記載されます。"
                     "各評価項目で何を評価するかを提案者に示す必要があります（公共調達では、内容を示さない評価基準での評価は異議の対象になります）",
                     lang)
            for path, c in listed if not clean(c.get("description")).strip()]


def rfp_placeholders(project: Project, lang: str) -> list[Problem]:
    """Warnings (in `lang`): each section of the RFP that prints "To be decided" in a part of the project
    the client has written, at that part. The RFP is read without the
    staffing estimate (an estimate prints no mark), so no plan is computed."""
    from .build import build_context

    word = tbd(project.lang)
    out = []
    for chapter in build_context(project, "rfp", None).get("chapters") or []:
        part = chapter.get("key")
        if not any(value for key, value in (project.data.get(part) or {}).items() if key != "requirements"):
            continue  # a part not written yet is one gap the wizard's review shows; a gap in a written part is a forgotten field
        for topic in chapter.get("topics") or []:
            count = count_tbd(topic, word)
            if count:
                places = (f"{count}か所", f"{count} place{'s' if count != 1 else ''}")
                out.append(_problem(project, (part,),
                                    f"the RFP prints '{word}' in {topic['heading']} ({places[1]}): fill it in before the RFP is issued",
                                    f"RFPの「{topic['heading']}」に「{word}」と{places[0]}記載されます。RFPの発行前に記入してください", lang))
    return out
