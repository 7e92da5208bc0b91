"""What the scoring sheets and `rfpgen score` agree on: ids in cells, the checksum, the rules.

A scoring workbook is read back by *keys*, never by position: every vendor sheet carries, in its
hidden column A, one key per row (``criterion=C-QM``, ``gate=C-SEC``, ``withheld=OPS-BCP``,
``vendor=V-TB`` …), and every workbook carries a very hidden sheet ``_meta`` with the project id,
the evaluator id (or ``prices`` for procurement's price workbook) and a checksum of everything the
scores depend on (scale, criteria ids, weights and roles, withheld requirements and their weights).
Re-sorting rows, restyling cells or renaming sheets therefore changes nothing rfpgen relies on.

Rules decided here (and printed in the instructions and the decision memo):

- Withheld-requirement coverage (docs/domain.md): ``Σ w_i·c_i / Σ w_i`` with c = 0 absent, 0.5 mentioned,
  1 concrete; w_i from the requirement's priority (must 3, should 2, may 1); the unstated-needs
  criterion's score is coverage × scale maximum rounded half up to a whole point (the scale's step, like
  a typed score), computed, never typed.
- Gates with several evaluators: a vendor is disqualified when more than half of the evaluators
  who judged a gate marked it as failed; any disagreement (including a tie, which does not
  disqualify) is flagged for the consensus meeting, whose agreed decision (pass or fail, with its
  reason) then replaces the vote.
- Spread: an item on which the evaluators' scores differ by 2 points or more on a 0–5 scale
  (40% of the scale in general) is flagged for the consensus meeting.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass

from ..project import Project, Requirement
from ..text import LEGAL_FORMS, clean
from ..words import enum, say

# The hidden sheet and format names say nothing of the program that wrote them: the response form
# goes to vendors. Workbooks written before carry the older names and are read all the same.
FORMAT = "scoring/1"
FORMATS = (FORMAT, "rfpgen-scoring/1")
META_SHEET = "_meta"
META_SHEETS = (META_SHEET, "_rfpgen")
KIND_EVALUATOR = "evaluator"
KIND_PRICES = "prices"
KIND_PRESENTATION = "presentation"
KIND_CONSENSUS = "consensus"

PRIORITY_WEIGHT = {"must": 3, "should": 2, "may": 1}
COVERAGE = {"absent": 0.0, "mentioned": 0.5, "concrete": 1.0}
# decimals of a criterion's mean score and of the spread between the evaluators' scores, in every table:
# 2.00 beside a mean of 3.67, never 2 in one row and 1.67 in the next
SCORE_DIGITS = 2
GATE_VALUES = ("pass", "fail")

# The words shown in the dropdowns; reading back accepts both languages.
COVERAGE_WORDS = {
    "ja": {"absent": "記載なし", "mentioned": "言及あり", "concrete": "具体的な提案あり"},
    "en": {"absent": "Absent", "mentioned": "Mentioned", "concrete": "Concrete"},
}


def coverage_values(lang: str) -> str:
    """The checklist's answers with the value each counts for, as every rubric states them (the words
    the dropdowns offer): 記載なし＝0、言及あり＝0.5、具体的な提案あり＝1 / Absent = 0, Mentioned = 0.5, Concrete = 1."""
    joiner, equals = ("、", "＝") if lang == "ja" else (", ", " = ")
    return joiner.join(f"{COVERAGE_WORDS[lang][answer]}{equals}{value:g}" for answer, value in COVERAGE.items())


GATE_WORDS = {
    "ja": {"pass": "適合", "fail": "不適合"},
    "en": {"pass": "Pass", "fail": "Fail"},
}


def _normal(text) -> str:
    return re.sub(r"\s+", "", str(text)).casefold()


def coverage_from_cell(value) -> str | None:
    """'absent' / 'mentioned' / 'concrete' for a dropdown word in either language, else None."""
    for words in COVERAGE_WORDS.values():
        for key, word in words.items():
            if _normal(value) in (_normal(word), key):
                return key
    return None


def gate_from_cell(value) -> str | None:
    for words in GATE_WORDS.values():
        for key, word in words.items():
            if _normal(value) in (_normal(word), key):
                return key
    return None


@dataclass(frozen=True)
class Scheme:
    """The project's evaluation seen by the sheets: what is scored, how, by whom, for whom."""

    project: Project
    judges_gates = True  # the document stage judges the mandatory requirements (pass/fail); presentations do not

    @property
    def evaluation(self) -> dict:
        return self.project.data["evaluation"]

    @property
    def scale_max(self) -> int:
        return int((self.evaluation.get("scale") or {}).get("max", 5))

    def scale_labels(self) -> dict[int, str]:
        return self.project.scale_labels()

    @property
    def spread_threshold(self) -> float:
        return self.project.spread_threshold()

    def gates(self) -> list[dict]:
        return [c for c in self.project.criteria() if c.get("mandatory")]

    def weighted(self) -> list[dict]:
        """The scored criteria (not gates), in the project's order; weights add up to 100."""
        return [c for c in self.project.criteria() if not c.get("mandatory")]

    def unstated(self) -> dict | None:
        return self.project.unstated_needs_criterion()

    def checklist(self) -> list[Requirement]:
        """Withheld requirements scored on the checklist (only with an unstated-needs criterion)."""
        return self.project.withheld() if self.unstated() else []

    def computed_ids(self) -> set[str]:
        """Criteria whose score is computed from the checklist rather than typed."""
        crit = self.unstated()
        return {crit["id"]} if crit and self.checklist() else set()

    def vendors(self) -> list[dict]:
        return self.evaluation.get("vendors") or []

    def evaluators(self) -> list[dict]:
        """The quality panel: every evaluator but those who score prices only."""
        return [e for e in self.evaluation.get("evaluators") or [] if not e.get("prices_only")]

    def price_evaluators(self) -> list[dict]:
        return [e for e in self.evaluation.get("evaluators") or [] if e.get("sees_prices")]

    @property
    def blind(self) -> bool:
        return bool((self.evaluation.get("rules") or {}).get("blind"))

    def panel_vendors(self) -> list[dict]:
        """The vendors in the order the quality panel's sheets and forms list them: under blind evaluation
        by alias (Vendor A, B, C …), never the project's order, which the candidate list prints."""
        from .rules import blind_order

        if not self.blind:
            return self.vendors()
        return blind_order(self.vendors(), self.project.id, self._blind_seed())

    def _blind_seed(self) -> str:
        return str((self.evaluation.get("rules") or {}).get("blind_seed") or "")

    def shown_name(self, vendor: dict) -> str:
        """How quality evaluators see a vendor: its name, or 提案者A / Vendor A under blind evaluation."""
        from .rules import aliases

        if not self.blind:
            return vendor["name"]
        return aliases(self.vendors(), self.project.id, self.project.lang, self._blind_seed())[vendor["id"]]

    def vendor_key(self, vendor: dict) -> str:
        """The id in a quality sheet's hidden vendor key: the vendor id, or the alias letters when blind."""
        return self.shown_name(vendor).rsplit(" ", 1)[-1].removeprefix("提案者") if self.blind else vendor["id"]

    def vendor_by_key(self) -> dict[str, dict]:
        return {self.vendor_key(v): v for v in self.vendors()}

    def checksum(self) -> str:
        """Fingerprint of what a score sheet depends on; a sheet from another version fails it."""
        payload = {
            "project": self.project.id,
            "scale": self.scale_max,
            "criteria": [[c["id"], float(c["weight"]), bool(c.get("mandatory")), bool(c.get("unstated_needs"))]
                         for c in self.project.criteria()],
            "withheld": [[r.id, PRIORITY_WEIGHT[r.priority]] for r in self.checklist()],
        }
        return fingerprint(payload)


def _person(name) -> str:
    """A name as two lists are matched on it: case, spaces (中村 由紀子, 中村由紀子) and width ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name or ""))).casefold()


def scores_quality(data: dict, name) -> bool:
    """Whether the person `name` (matched as self_approvals matches) scores the proposals' quality."""
    return _person(name) in {_person(e.get("name")) for e in (data.get("evaluation") or {}).get("evaluators") or []
                             if not e.get("prices_only")} - {None, ""}


def self_approvals(data: dict) -> list[tuple[int, str, bool]]:
    """Each approver (its index in approval.approvers, its name) who is also an evaluator of the
    proposals, matched by name, and whether they score quality (False: they score the prices only):
    they would approve their own evaluation."""
    evaluators = {}
    for evaluator in (data.get("evaluation") or {}).get("evaluators") or []:
        name = _person(evaluator.get("name"))
        if name:
            evaluators[name] = evaluators.get(name, False) or not evaluator.get("prices_only")
    out = []
    for i, approver in enumerate((data.get("approval") or {}).get("approvers") or []):
        name = _person(approver.get("name"))
        if name in evaluators:
            out.append((i, str(approver["name"]), evaluators[name]))
    return out


def fingerprint(payload) -> str:
    """The checksum a generated workbook carries: a hash of what its entries depend on, so a sheet
    or form from another project version is recognised (scoring workbooks and response forms)."""
    raw = json.dumps(payload, sort_keys=True, ensure_ascii=True).encode("ascii")
    return hashlib.sha256(raw).hexdigest()[:16]


# words of a scale label that are about the written proposal, which a presentation has not
WRITTEN = {"ja": re.compile(r"記載|記述|提案書|書面"),
           "en": re.compile(r"\b(written|writing|proposal|document(s|ed)?|not addressed)\b", re.IGNORECASE)}


@dataclass(frozen=True)
class PresentationScheme(Scheme):
    """The second stage seen by its sheets: the presentation criteria, no gates, no checklist; with
    `presenters` (vendor ids, the document stage's shortlist), sheets for those vendors only."""

    presenters: tuple[str, ...] | None = None
    judges_gates = False

    def panel_vendors(self) -> list[dict]:
        """The vendors the presentation sheets list, by name in the project's order: those who present
        when the shortlist is known, else every vendor."""
        return [v for v in self.vendors() if self.presenters is None or v["id"] in self.presenters]

    @property
    def blind(self) -> bool:
        """Never: the panel meets the presenters, so an alias would hide nothing and, worse, tie each alias
        to a face. The sheets name the vendors; the document stage's scores are settled before."""
        return False

    def gates(self) -> list[dict]:
        return []

    def weighted(self) -> list[dict]:
        return list((self.evaluation.get("rules") or {}).get("presentation", {}).get("criteria") or [])

    def checklist(self) -> list[Requirement]:
        return []

    def scale_labels(self) -> dict[int, str]:
        """The project's scale, except that a label speaking of the written proposal (0：記載なし…) reads
        for a live presentation: the catalogue's neutral word for that score."""
        labels = dict(self.project.scale_labels())
        lang = self.project.lang
        for score, label in labels.items():
            if WRITTEN.get(lang) and WRITTEN[lang].search(label or "") and score <= 5:
                labels[score] = say(f"score.presentation_scale_{score}", lang)
        return labels

    def checksum(self) -> str:
        payload = {"project": self.project.id, "scale": self.scale_max, "stage": "presentation",
                   "criteria": [[c["id"], float(c["weight"])] for c in self.weighted()]}
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=True).encode("ascii")
        return hashlib.sha256(raw).hexdigest()[:16]


def requirement_weight(requirement: Requirement) -> int:
    return PRIORITY_WEIGHT[requirement.priority]


# ------------------------------------------------------------------ how the workbooks and forms write things

def labelled(label: str, value: str, lang: str) -> str:
    """A label and its value on one line: 案件：… in Japanese (a full-width colon), Project: … in English."""
    return f"{label}：{value}" if lang == "ja" else f"{label}: {value}"


def evaluator_label(evaluator: dict, lang: str) -> str:
    """An evaluator as every sheet and form writes one: 中村 由紀子／センター長, or Name, Role."""
    name, role = clean(evaluator["name"]), clean(evaluator.get("role") or "")
    return name + (("／" if lang == "ja" else ", ") + role if role else "")


def checklist_text(requirement: Requirement, lang: str) -> str:
    """A withheld requirement on the checklist, its priority tagged: 【必須】… or [Must] …"""
    tag = enum("priority", requirement.priority, lang)
    return (f"【{tag}】" if lang == "ja" else f"[{tag}] ") + clean(requirement.text)


def scale_heading(label: str, smax: int, lang: str) -> str:
    """A score column's heading with its range: 評点（0〜5）, Score (0–5)."""
    return f"{label}（0〜{smax}）" if lang == "ja" else f"{label} (0–{smax})"


# ------------------------------------------------------------------ file names and keys

def evaluator_workbook_name(project_id: str, evaluator_id: str) -> str:
    return f"{project_id}-scores-{evaluator_id}.xlsx"


# procurement's own subfolder of scoring/: the price workbook (under blind evaluation also the key from
# alias to vendor) is never beside the panel's files, so the panel's folder can be handed over whole
PROCUREMENT_FOLDER = "procurement"


def price_workbook_name(project_id: str) -> str:
    return f"{project_id}-prices.xlsx"


# the flags the consensus workbook has a row for: items to settle, and those settled (kept, never dropped)
SETTLED = ("spread", "agreed", "checklist_split", "gate_split", "gate_agreed")
PRESENTATIONS = "presentations"  # the folder where the document stage's tally writes the presentation workbooks


def presentation_workbook_name(project_id: str, evaluator_id: str) -> str:
    return f"{project_id}-presentation-{evaluator_id}.xlsx"


def consensus_workbook_name(project_id: str) -> str:
    return f"{project_id}-consensus.xlsx"


def form_name(project_id: str, vendor_id: str) -> str:
    """Named for the evaluator: it lists the withheld requirements, so it must never read as a vendor's form.
    Under blind evaluation `vendor_id` is the alias letters."""
    return f"{project_id}-evaluator-form-{vendor_id}.docx"


def key(kind: str, ident: str) -> str:
    return f"{kind}={ident}"


def parse_key(value) -> tuple[str, str] | None:
    if not isinstance(value, str) or "=" not in value:
        return None
    kind, _, ident = value.strip().partition("=")
    return kind, ident


SHEET_NAME_LIMIT = 31  # characters Excel allows in a worksheet's name
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]+")  # characters Excel refuses in a worksheet's name
_EMPTY_BRACKETS = re.compile(r"[(（<［【]\s*[)）>］】]")  # what "Alpha (Ltd)" keeps of its legal form
# Bidi isolates, embeddings and overrides: `clean` wraps a right-to-left name in an isolate, whose closing
# character a cut to 31 characters would drop (the tab then starts with an unbalanced U+2068 that also
# takes one of the 31); a tab holds the name alone, so it needs none of them.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _cut(text: str, limit: int) -> str:
    """`text` cut to `limit` UTF-16 units (Excel counts a character beyond the BMP twice), no space or
    apostrophe left at its end."""
    while len(text.encode("utf-16-le")) > 2 * limit:
        text = text[:-1]
    return text.rstrip(" '")


def sheet_title(name: str, used: set[str]) -> str:
    """A worksheet name a reader knows the vendor by: `name` without its legal form (株式会社, Ltd) and
    the characters Excel refuses, cut to Excel's 31 characters, unique in the workbook (`used`,
    casefolded; Excel reserves "History")."""
    def tidy(text: str) -> str:
        return " ".join(_NOT_IN_SHEET_NAMES.sub(" ", _BIDI_CONTROLS.sub("", clean(text))).split()).strip(" '&,.")

    short = tidy(_EMPTY_BRACKETS.sub(" ", LEGAL_FORMS.sub(" ", name)))
    base = _cut(short or tidy(name) or "-", SHEET_NAME_LIMIT) or "-"
    title, n = base, 2
    while title.casefold() in used | {"history"}:
        suffix = f"~{n}"
        title, n = _cut(base, SHEET_NAME_LIMIT - len(suffix)) + suffix, n + 1
    used.add(title.casefold())
    return title


def instruction_text(scheme: Scheme) -> str:
    """The numbered steps of the instructions, a line each (the workbook's; the paper form rewords
    them): the gates' step only where the stage judges gates, the checklist's where it has one."""
    lang, unstated = scheme.project.lang, scheme.unstated()
    gates = say("score.instr_gates", lang) if scheme.judges_gates and scheme.gates() else ""
    checklist = say("score.instr_checklist", lang, name=clean(unstated["name"])) if scheme.checklist() else ""
    named = (say("score.instr_named_alias", lang, example=scheme.shown_name(scheme.panel_vendors()[0]))
             if scheme.blind and scheme.vendors() else say("score.instr_named_name", lang))
    return say("score.instr", lang, max=scheme.scale_max, gates=gates, checklist=checklist, named=named,
               stage=stage_step(scheme), spread=f"{scheme.spread_threshold:g}")


def stage_step(scheme: Scheme) -> str:
    """With a presentation stage, the step that keeps the two stages in order (a line, or ''): the
    documents' scores and their consensus are settled before the presentations, which are scored by
    name, since the panel meets the presenters (and, under blind evaluation, learns who each alias is)."""
    lang = scheme.project.lang
    if isinstance(scheme, PresentationScheme):
        return say("score.instr_stage_presentation", lang)
    if not PresentationScheme(scheme.project).weighted():
        return ""
    return say("score.instr_stage_documents", lang) + (say("score.instr_stage_blind", lang) if scheme.blind else "") + "\n"


def checklist_splits(checklist: dict[str, dict[str, str | None]], scheme: Scheme) -> list[tuple]:
    """(withheld requirement, each evaluator's mark) for every entry one evaluator found absent and another
    concrete (0 against 1), from a vendor's checklist by evaluator."""
    splits = []
    for requirement in scheme.checklist():
        marks = {e: by.get(requirement.id) for e, by in checklist.items() if by.get(requirement.id)}
        values = [COVERAGE[m] for m in marks.values()]
        if len(values) >= 2 and max(values) - min(values) >= 1:
            splits.append((requirement, marks))
    return splits
