"""The printable Word scoring form, one per vendor, for evaluators who score on paper.

The form carries the same items as the workbook (gates, weighted criteria with what earns each
score, the checklist of withheld requirements) but no price. Scores written on paper are typed
into the evaluator's workbook afterwards; only workbooks are read back.
"""
from __future__ import annotations

from pathlib import Path

from ..text import EMPTY, blank_date, clean, number
from ..words import say, tr
from ..project import Project
from ..fileio import atomic_write_bytes
from ..documents.parts import anchor_lines, scale_labels
from ..documents.properties import document_date, file_properties, internal_edition, internal_mark, proper_names
from ..documents.render import render_docx, template_path
from . import model
from .model import Scheme, coverage_values


def base_doc(project: Project, kind: str) -> dict:
    p = project.data["project"]
    lang = project.lang
    return {"client_name": clean(p["client"]["name"]), "title": clean(p["title"]), "kind": say(f"score.{kind}", lang),
            "project_id": project.id, "version": p["version"], "mark": internal_mark(project),
            "date": document_date(project)}


def instructions(scheme: Scheme) -> list[str]:
    lang = scheme.project.lang
    text = model.instruction_text(scheme)
    paper = {"ja": [("プルダウンから「適合」または「不適合」を選ぶ", "「適合」または「不適合」の□に印を付ける"),
                    ("評点をプルダウンから選び", "評点を記入し"), ("尺度外の値は入力できない。", ""),
                    ("触れているかを「記載なし」「言及あり」「具体的な提案あり」から選ぶ",
                     "触れているかについて、「記載なし」「言及あり」「具体的な提案あり」のいずれかの□に印を付ける"),
                    ("この結果から自動で計算され、直接は入力できない", "この結果から計算して、評価項目の表に記入する"),
                    ("このシートでは評価しない", "この用紙では評価しない")],
             "en": [("choose Pass or Fail", "tick Pass or Fail"), ("choose a score from", "write a score from"),
                    (" Values off the scale are rejected.", ""),
                    ("is computed from it and cannot be typed", "is computed from its tally and written in the criteria table"),
                    ("in this workbook", "on this form"), ("Finish this workbook", "Finish this form"), ("comment cell", "comment box")]}
    for old, new in paper[lang]:
        text = text.replace(old, new)
    lines = text.split("\n")
    # the workbook's first and last steps are about cells and files; on paper they read differently
    if lang == "ja":
        lines[0] = "この用紙は紙で評価する評価者のためのものである。記入後、評点は評価者ごとの評価シート（Excel）に転記する。"
        lines[-1] = "判定・評点・記載状況は該当する欄に記入するか、□に印を付ける。"
    else:
        lines[0] = "This form is for evaluators who score on paper; afterwards the scores are typed into the evaluator's workbook."
        lines[-1] = "Write each result and score in its box, or tick the □ that applies."
    return lines


def form_context(project: Project, vendor: dict) -> dict:
    scheme = Scheme(project)
    lang, smax = project.lang, scheme.scale_max
    computed = scheme.computed_ids()
    unstated = scheme.unstated()
    criteria = []
    for criterion in scheme.weighted():
        if criterion["id"] in computed:  # its method, not anchors nobody applies: on paper the evaluator computes it
            anchors = [say("score.checklist_note_paper", lang, max=smax)]
        else:  # from 0 up, the criterion's own anchors else the scale's words, as the guide prints them
            anchors = anchor_lines(project, criterion)
        box = ("\u3000\u3000/ " if lang == "ja" else "      / ") + str(smax)  # room to write the score by hand
        criteria.append({"id": criterion["id"], "name": clean(criterion["name"]),
                         "description": clean(criterion.get("description") or ""),
                         "weight": number(criterion["weight"]), "anchors": anchors or [EMPTY], "score_box": box})
    version, dated = internal_edition(project)  # the form goes with the evaluator guide: its edition
    return {
        "doc": {**base_doc(project, "kind_form"), "version": version, "date": dated},
        # the cover names the vendor with its id, or under blind evaluation by its alias alone (提案者A, not 提案者A（A）)
        "vendor": {"id": scheme.vendor_key(vendor), "name": clean(scheme.shown_name(vendor)),
                   "label": clean(scheme.shown_name(vendor)) if scheme.blind
                   else tr(lang, f"{clean(vendor['name'])}（{vendor['id']}）", f"{clean(vendor['name'])} ({vendor['id']})")},
        "scale_max": smax,
        "date_blank": blank_date(project.date_style),  # the 評価日 the evaluator writes in
        "tally": say("score.form_tally", lang, formula=say("score.quality_formula", lang, max=smax)),
        "instructions": instructions(scheme),
        "scale": [{"score": s, "label": label} for s, label in scale_labels(project).items()],
        "gates": [{"id": g["id"], "name": clean(g["name"]), "basis": clean(g.get("description") or "")}
                  for g in scheme.gates()],
        "no_gates": say("score.no_gates", lang),
        "criteria": criteria,
        "checklist": [{"id": r.id, "text": model.checklist_text(r, lang),
                       "look_for": clean(r.look_for or ""), "weight": model.requirement_weight(r)}
                      for r in scheme.checklist()],
        # said once: how the score is computed from the tally, then where to write it
        "checklist_note": (say("score.method_unstated", lang, name=clean(unstated["name"]), max=smax, values=coverage_values(lang)) + " "
                           + say("score.checklist_paper_write", lang, name=clean(unstated["name"]))
                           if scheme.checklist() else ""),
    }


def write_forms(project: Project, folder: Path, templates_dir: Path | None = None) -> list[Path]:
    template = template_path("scoring_form.docx", project.lang, templates_dir)
    written = []
    scheme = Scheme(project)
    for vendor in scheme.panel_vendors():
        out = Path(folder) / model.form_name(project.id, scheme.vendor_key(vendor))
        context = form_context(project, vendor)
        write_docx(template, context, out, keep_template_widths=True, project=project)
        written.append(out)
    return written


def write_docx(template: Path, context: dict, out: Path, images: dict | None = None,
               keep_template_widths: bool = False, *, project: Project) -> Path:
    """Render with rfpgen.render (autoescape, strict variables, XML checks) and write atomically.

    `keep_template_widths`: the paper form's empty writing columns (comments, scores) would get
    almost no room from content-based column fitting, so its tables keep the template's widths,
    a column only widened where its longest word (an id such as WRK-007) would not fit."""
    doc = context["doc"]
    data = render_docx(template, context, images=images, properties=file_properties(project, doc["kind"]),
                       fit=not keep_template_widths, names=proper_names(project))
    atomic_write_bytes(out, data)
    return out
