"""The requirements definition (業務要件定義書): the full internal truth, every requirement included."""
from __future__ import annotations

from ..project import PARTS, Project
from ..words import tr
from .parts import (CHAPTER_BUILDERS, Outline, approval_chapter, evaluation_chapter, pricing_chapter, project_chapter,
                    requirement_rows, rfp_settings_chapter)
from .staffing_annex import staffing_chapter


def requirements_document(project: Project, staffing: dict | None) -> list[dict]:
    lang = project.lang
    outline = Outline(lang)
    chapter = outline.chapter

    project_chapter(chapter(tr(lang, "案件情報", "The project")), project)
    for part in PARTS:
        ch = chapter(part.name(lang), part.key)
        if part.key in CHAPTER_BUILDERS:
            CHAPTER_BUILDERS[part.key](ch, project)
        elif part.key == "pricing":
            pricing_chapter(ch, project, include_budget=True)
        elif part.key == "approval":
            approval_chapter(ch, project, internal=True)
        ch.requirements = requirement_rows(project, part.key, lang)
    evaluation_chapter(chapter(tr(lang, "評価基準", "Evaluation criteria")), project, internal=True)
    rfp_settings_chapter(chapter(tr(lang, "RFPの発行条件", "How the RFP is issued")), project)
    if staffing is not None:
        staffing_chapter(chapter(tr(lang, "付録 要員試算", "Annex: staffing estimate")), staffing, full=True)
    return outline.as_list()
