"""The documents of change control: the 新旧対照表 of the requirements definition (internal) and the
RFP addendum (for vendors, leak-checked), both from one comparison (rfpgen.versions)."""
from __future__ import annotations

from ..versions import VIEWS, Comparison, compare, marked
from ..errors import RfpgenError
from ..project import Project
from ..words import tr
from .leaks import check_rfp
from .parts import doc_info
from .properties import proper_names
from .render import render_docx, template_path

NOTES = {
    "ja": {"added": "追加", "changed": "変更", "deleted": "削除", "moved": "移動", "moved_changed": "移動・変更"},
    "en": {"added": "Added", "changed": "Changed", "deleted": "Deleted", "moved": "Moved", "moved_changed": "Moved and changed"},
}
EMPTY_SIDE = {"ja": {"new": "（削る）", "old": "（新設）"}, "en": {"new": "(deleted)", "old": "(new)"}}
DOCUMENT = {"requirements": "requirements_changes", "rfp": "rfp_addendum"}  # view -> document kind
def _intro(comparison: Comparison) -> list[str]:
    """The opening lines. An added requirement is listed like any change, never tied to the question before
    it: bidders would read that asking brings out what the RFP leaves unstated."""
    lang, old_v, new_v = comparison.lang, comparison.old_version, comparison.new_version
    how = tr(lang, "変更のあった箇所のみを、左に新（改訂後）、右に旧（改訂前）の文言で示し、変更した語句に下線を付している。",
             "Only the items that changed are listed, the current text on the left and the previous text on the right, with the changed words underlined.")
    renumbered = comparison.renumbered
    if comparison.view == "requirements":
        lines = [(tr(lang, f"業務要件定義書を第{old_v}版から第{new_v}版に改訂した。", f"The requirements definition is revised from version {old_v} to version {new_v}. ")
                  if renumbered else tr(lang, f"業務要件定義書（第{new_v}版）を改訂した。", f"The requirements definition (version {new_v}) is revised. ")) + how]
    else:
        lines = [(tr(lang, f"RFP（第{old_v}版）を次のとおり変更し、第{new_v}版とする。", f"The RFP (version {old_v}) is changed as below and becomes version {new_v}. ")
                  if renumbered else tr(lang, f"RFP（第{new_v}版）を次のとおり変更する。", f"The RFP (version {new_v}) is changed as below. "))
                 + tr(lang, "本書は全ての提案者に同時に送付している。", "This addendum is sent to every bidder at the same time. ") + how
                 + tr(lang, "表中の要件番号は変更後のRFPの番号である。", " Requirement numbers are those of the changed RFP.")]
    if not comparison.changes:
        lines.append(tr(lang, "変更はない。", "There are no changes."))
    return lines


def _rich(runs: list[tuple[str, bool]] | None, empty: str):
    """A table cell's text as Word runs, the changed words underlined (9.5 pt, the tables' size)."""
    from docxtpl import RichText

    text = RichText()
    for segment, changed in runs if runs is not None else [(empty, False)]:
        text.add(segment, size=19, underline=changed)
    return text


def comparison_context(comparison: Comparison, new: Project) -> dict:
    """The changes template's context; the two text columns are Word runs (underlines)."""
    lang = comparison.lang
    doc = doc_info(new, DOCUMENT[comparison.view])
    doc.update(version=f"{comparison.old_version} → {comparison.new_version}" if comparison.renumbered else comparison.new_version,
               heading=tr(lang, "新旧対照表", "Changes: current and previous text"))
    rows = []
    for change in comparison.changes:
        item = change.new or change.old
        label = item.label
        if change.new and change.old and change.old.label != change.new.label:
            label += tr(lang, f"（旧{change.old.label}）", f" (was {change.old.label})")
        if change.kind == "added":
            old_runs, new_runs = None, [(change.new.text, True)]
        elif change.kind == "deleted":
            old_runs, new_runs = [(change.old.text, True)], None
        else:
            old_runs, new_runs = marked(change.old.text, change.new.text)
        place = f"{item.section}\n{label}" if label else item.section
        if change.kind in ("moved", "moved_changed"):
            place += tr(lang, f"\n（旧 {change.old.section}）", f"\n(was in {change.old.section})")
        rows.append({"place": place,
                     "new": _rich(new_runs, EMPTY_SIDE[lang]["new"]), "old": _rich(old_runs, EMPTY_SIDE[lang]["old"]),
                     "note": NOTES[lang][change.kind]})
    # the summary is for the internal revision history; vendors read the table
    summary = comparison.summary() if comparison.view == "requirements" else []
    return {"doc": doc, "intro": _intro(comparison), "changes": rows, "summary": summary}


def render_comparisons(old: Project, new: Project, templates_dir=None) -> dict[str, tuple[Comparison, bytes]]:
    """Both documents in memory, the RFP addendum checked for withheld text: {view: (comparison, .docx)}."""
    if old.id != new.id:
        raise RfpgenError(f"the two files are different projects ('{old.id}', '{new.id}'); compare two versions of one project")
    out = {}
    for view in VIEWS:
        comparison = compare(old, new, view)
        context = comparison_context(comparison, new)
        doc = context["doc"]
        data = render_docx(template_path("changes.docx", new.lang, templates_dir), context,
                           properties={"title": doc["title"], "subject": doc["kind"], "author": doc["client_name"],
                                       "comments": "", "keywords": "", "last_modified_by": doc["client_name"]},
                           names=proper_names(new))
        if view == "rfp":
            check_rfp(data, new, f"{new.id}-rfp-addendum.docx")
        out[view] = (comparison, data)
    return out


OUTPUT_NAMES = {"requirements": "requirements-changes.docx", "rfp": "rfp-addendum.docx"}
