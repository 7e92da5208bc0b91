"""The printable Word scoring form, one per vendor, for evaluators who score on paper.

The form carries the same items as the workbook (gates, weighted criteria with what earns each
score, the checklist of withheld requirements) but no price. Scores written on paper are typed
into the evaluator's workbook afterwards; only workbooks are read back.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx.oxml.ns import qn
from lxml import etree

from ..text import EMPTY, blank_date, clean, number
from ..words import say, tr
from ..project import Project
from ..fileio import atomic_write_bytes
from ..resources import data_dir
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
    """A paper form per vendor, written atomically into `folder`.

    The forms differ only in the vendor their cover and running header name, while the tables (every
    criterion, every withheld requirement) are nearly all of the work (20 vendors × 500 requirements
    took 2.7 s). So, with rfpgen's own template, the whole form is rendered once for a stand-in
    vendor, and each vendor's form is that one with the cover and the headers of a form rendered for
    the vendor without the tables (`_with_cover`); the cover is replaced whole, as the finish fits
    it to its page by its text. A template of the user's own is rendered in full for each vendor."""
    template = template_path("scoring_form.docx", project.lang, templates_dir)
    scheme = Scheme(project)
    vendors = scheme.panel_vendors()
    contexts = [form_context(project, vendor) for vendor in vendors]
    own = template.resolve().is_relative_to(data_dir("templates").resolve())
    whole = _render(template, {**contexts[0], "vendor": _STAND_IN}, project) if own and len(vendors) > 1 else None
    written = []
    for vendor, context in zip(vendors, contexts):
        out = Path(folder) / model.form_name(project.id, scheme.vendor_key(vendor))
        cover = whole and _render(template, {**context, **_NO_TABLES}, project)
        atomic_write_bytes(out, (cover and _with_cover(whole, cover)) or _render(template, context, project))
        written.append(out)
    return written


# The vendor the whole form is rendered for once (letters only: the finish leaves it as one word), and
# the context without the tables, for a vendor's cover and headers.
_STAND_IN = {"id": "RFPGENSTANDINVENDOR", "name": "RFPGENSTANDINVENDOR", "label": "RFPGENSTANDINVENDOR"}
_NO_TABLES = {"instructions": [], "scale": [], "gates": [], "criteria": [], "checklist": []}
_BODY = "word/document.xml"


def _render(template: Path, context: dict, project: Project) -> bytes:
    """A form's .docx bytes. Its tables keep the template's widths (fit=False): the empty writing
    columns (comments, scores) would get almost no room from content-based column fitting, so a
    column is only widened where its longest word (an id such as WRK-007) would not fit."""
    return render_docx(template, context, properties=file_properties(project, context["doc"]["kind"]), fit=False,
                       names=proper_names(project))


def _with_cover(whole: bytes, cover: bytes) -> bytes | None:
    """The form `whole` with the cover (what comes before the first page break) and the running headers
    of `cover`; None when the stand-in vendor shows anywhere else in `whole`, or `cover` has no cover."""
    with zipfile.ZipFile(io.BytesIO(whole)) as a, zipfile.ZipFile(io.BytesIO(cover)) as b:
        infos, names = a.infolist(), a.namelist()
        if names != b.namelist():
            return None
        parts = {info.filename: a.read(info) for info in infos}
        covering = {name: b.read(name) for name in names if name.startswith("word/header")}
        blocks = _cover_blocks(etree.fromstring(parts[_BODY]))
        new_blocks = _cover_blocks(etree.fromstring(b.read(_BODY)))
    if not blocks or not new_blocks:
        return None
    body = blocks[0].getparent()
    at = body.index(blocks[0])
    for block in blocks:
        body.remove(block)
    for offset, block in enumerate(new_blocks):
        body.insert(at + offset, block)
    parts[_BODY] = etree.tostring(body.getroottree(), xml_declaration=True, encoding="UTF-8", standalone=True)
    parts.update(covering)
    if any(_STAND_IN["name"].encode() in data for data in parts.values()):
        return None
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in infos:
            copy.writestr(info, parts[info.filename])
    return out.getvalue()


def _cover_blocks(document) -> list:
    """The body's children before its first paragraph that starts a page (finish._fit_cover's cover)."""
    blocks = []
    for block in document.find(qn("w:body")):
        if block.tag == qn("w:p") and block.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None:
            return blocks
        blocks.append(block)
    return []


def write_docx(template: Path, context: dict, out: Path, images: dict | None = None, *, project: Project) -> Path:
    """Render with rfpgen.render (autoescape, strict variables, XML checks) and write atomically."""
    doc = context["doc"]
    data = render_docx(template, context, images=images, properties=file_properties(project, doc["kind"]),
                       names=proper_names(project))
    atomic_write_bytes(out, data)
    return out
