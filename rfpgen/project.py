"""The project: a validated project file and the domain views every tool shares.

Each document, the staffing model, the scoring sheets and the wizard read the project through
this module, so "which requirements are withheld" or "which part comes first" is decided once.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from .subjects import SUBJECTS, subjects_of
from .text import clean, moment
from .words import DEFAULT_SCALE, LANGS, PART_NAMES, say, zone_name
from .yamlio import Document

QUEUED_CHANNELS = ("phone", "chat")


def queued(program: dict) -> bool:
    """Whether a program's contacts wait in a queue to be answered live, and so have a service level and ASA."""
    return program["type"] != "outbound" and (program["channel"] in QUEUED_CHANNELS or "service_level" in program)


def copied(data):
    """A deep copy of project data held in memory: mappings and lists rebuilt, text, numbers and other
    values shared as they cannot change (5 x faster than copy.deepcopy, which every wizard page paid)."""
    if isinstance(data, dict):
        return {key: value if isinstance(value, str) else copied(value) for key, value in data.items()}
    if isinstance(data, list):
        return [value if isinstance(value, str) else copied(value) for value in data]
    if data is None or isinstance(data, (str, int, float, bool, date)):
        return data
    return copy.deepcopy(data)


# the KPIs operations.kpis may target, in the order the KPI table lists them
KPI_KEYS = ("service_level", "asa_seconds", "abandonment_pct", "aht_seconds", "fcr_pct", "csat_pct", "qa_score_pct",
            "adherence_pct", "email_response_hours")
QUEUE_TARGETS = ("service_level", "asa_seconds")  # KPIs a program may set for its own queue

@dataclass(frozen=True)
class Part:
    """A section of the requirements definition: scope and purpose, then the seven parts."""

    key: str
    number: int  # 0 for scope and purpose
    prefix: str  # requirement id prefix, e.g. OPS
    ja: str
    en: str

    def name(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


PARTS: tuple[Part, ...] = tuple(Part(*names) for names in PART_NAMES)
PART_BY_KEY = {part.key: part for part in PARTS}
_ZONE_NAME = re.compile(r"[A-Za-z_]+(/[A-Za-z0-9_+\-]+)*\Z")  # an IANA name (Asia/Tokyo), not a reader's words
SPREAD_SHARE = 0.4  # evaluators this far apart on an item (2 points on 0–5) discuss it at the consensus meeting
OFFER_VALIDITY_DAYS = 180  # how long an offer stays valid after the proposal deadline when the project does not say
DEFAULT_DEADLINE_TIME = "17:00"  # the time of day proposals are due when the project does not say
WITHHOLDABLE_SECTIONS = {  # structured sections the RFP may leave out: key -> (part, field)
    "bcp": ("systems", "bcp"), "escalations": ("operations", "escalations"),
    "knowledge_provision": ("operations", "knowledge_provision"),
    "forecasting_and_scheduling": ("operations", "forecasting_and_scheduling"),
}


def english_locale(data) -> str:
    """The English a project dict (a draft too, in any shape) is written in: project.locale en-US,
    else en-GB."""
    project = data.get("project") if isinstance(data, dict) else None
    locale = project.get("locale") if isinstance(project, dict) else None
    return locale if locale in ("en-GB", "en-US") else "en-GB"


def language_of(data) -> str | None:
    """The language a project dict (a draft too, in any shape) is written in, None before it says."""
    project = data.get("project") if isinstance(data, dict) else None
    language = project.get("language") if isinstance(project, dict) else None
    return language if language in LANGS else None


def date_style_of(data, lang: str | None = None) -> str:
    """How a project dict (a draft too, in any shape) writes dates for a reader of `lang` (its own
    language unless said): ja, ja-era (令和), en-GB or en-US (see rfpgen.text.day); a reader of another
    language than the project's gets that language's plain style."""
    own = language_of(data)
    lang = lang or own or "ja"
    if lang != own:
        return lang
    if lang == "ja":
        return "ja-era" if data["project"].get("era") == "japanese" else "ja"
    return english_locale(data)


def time_zone_of(data) -> str | None:
    """The time zone a project dict (a draft too, in any shape) gives its times in, as an IANA name
    (Asia/Tokyo): the proposal deadline's zone when it names one, else the operation's opening hours'
    zone, else the first program's, else the zone a Japanese client (Japan) or a client pricing in
    pounds (the UK) means. None when the project does not tell."""
    def section(node, key) -> dict:
        found = node.get(key) if isinstance(node, dict) else None
        return found if isinstance(found, dict) else {}

    programs = section(data, "work_definition").get("programs")
    zones = [section(section(data, "rfp"), "submission").get("time_zone"),
             section(section(data, "operations"), "opening_hours").get("time_zone"),
             *(section(p, "opening_hours").get("time_zone") for p in (programs if isinstance(programs, list) else []))]
    for zone in zones:
        if isinstance(zone, str) and _ZONE_NAME.match(zone) and ("/" in zone or zone == "UTC"):
            return zone
    if language_of(data) == "ja":
        return "Asia/Tokyo"
    if section(data, "pricing").get("currency") == "GBP":
        return "Europe/London"
    return None


def project_time(project, when: datetime | None = None, lang: str | None = None) -> str:
    """An instant (now without `when`) as the documents and the web pages write a time: in the project's
    time zone with the zone named (UTC when the project names none, or when this system has no time zone
    database), in text.moment's one layout; `project` is a Project or a project dict (a draft). In `lang`
    when a reader of another language than the project's reads it (the command line's English, a page
    in the interface's language)."""
    data = project.data if isinstance(project, Project) else project
    when = (when or datetime.now(timezone.utc))
    if when.tzinfo is None:
        when = when.astimezone()  # a naive time is this machine's local time
    zone = time_zone_of(data) or "UTC"
    try:
        from zoneinfo import ZoneInfo

        local = when.astimezone(ZoneInfo(zone))
    except Exception:  # noqa: BLE001 - no time zone database (or no such zone) here: say UTC, which is exact
        zone, local = "UTC", when.astimezone(timezone.utc)
    lang = lang or language_of(data) or "ja"
    return moment(local.date(), f"{local:%H:%M}", date_style_of(data, lang), zone_name(zone, lang, local))


def approved_version(data: dict, approver: dict) -> str | None:
    """The version of the requirements definition an approver approved: the one they name
    (approvers[].version), else the latest revision-history version dated on or before their approval,
    else the project's version; None for an approver who has not approved (no date). An approval date
    means nothing without it once the document moves on (an addendum's edition 1.0-Q1 printed a
    final approval given to 1.0 a month before)."""
    if approver.get("version"):
        return str(approver["version"])
    if not approver.get("date"):
        return None
    when = str(approver["date"])[:10]
    history = sorted(((str(r["date"])[:10], str(r["version"])) for r in
                      (data.get("approval") or {}).get("revision_history") or [] if r.get("date") and r.get("version")))
    earlier = [version for dated, version in history if dated <= when]
    return earlier[-1] if earlier else None if history else str(data["project"]["version"])


@dataclass(frozen=True)
class Requirement:
    """A requirement statement with the part it belongs to and its place in that part's list."""

    part: Part
    index: int
    id: str
    text: str
    priority: str
    withhold: bool
    look_for: str | None
    data: dict

    @property
    def path(self) -> tuple:
        return (self.part.key, "requirements", self.index)

    def labelled(self, lang: str) -> str:
        """The id with the requirement's short name, as approvers read a list of ids: WRK-007（予測誤差への対応）,
        PRC-003 (exit support). The name is the project's (`name`), else the statement's opening words."""
        name = clean(self.data.get("name")).strip() or _opening(self.text, lang)
        return f"{self.id}（{name}）" if lang == "ja" else f"{self.id} ({name})"


_STOCK_OPENING = re.compile(r"^(?:受託者は、?|(?:the )?(?:contractor|vendor)(?:'s)? (?:shall|must|should|will|may) )", re.I)
OPENING_CHARS, OPENING_WORDS = 12, 4  # a statement's opening, standing in for a short name it lacks


def _opening(text: str, lang: str) -> str:
    """A statement's first words as a stand-in name: its stock subject ("The contractor shall") left out, cut at
    the first comma or after OPENING_CHARS characters (Japanese) or OPENING_WORDS words, marked … when cut."""
    words = _STOCK_OPENING.sub("", clean(text).strip())
    head = re.split(r"[、。,;.:（(]", words, maxsplit=1)[0].strip()
    if lang == "ja":
        return head if len(head) <= OPENING_CHARS and head == words.rstrip("。") else head[:OPENING_CHARS] + "…"
    tokens = head.split()
    shown = " ".join(tokens[:OPENING_WORDS])
    shown = shown[:1].upper() + shown[1:]  # "Keep the planned…", a name of its own
    return shown + ("…" if len(tokens) > OPENING_WORDS or shown != words.rstrip(".") else "")


class Project:
    """A project file that passed validation: its data, where it came from, and shared views."""

    def __init__(self, data: dict, document: Document | None = None, path: Path | None = None,
                 warnings: list | None = None, redacted: bool = False, withheld_subjects: frozenset[str] | None = None,
                 stated_later: frozenset = frozenset(), standard_left_out: frozenset = frozenset()):
        self.data = data
        self.is_redacted = redacted
        self._withheld_subjects = withheld_subjects
        # in a redacted view: the places of the RFP's standard wording that restate a withheld requirement
        self.standard_left_out = standard_left_out
        self._stated_later = stated_later
        self.document = document
        self.path = path
        self.warnings = list(warnings or [])
        self._requirements: list[Requirement] | None = None
        # in a redacted view, the list each shortened list was taken from -> the indices it kept
        self.origins: dict[tuple, list[int]] = {}
        self._shortened: set = set()  # the sections holding such a list

    @property
    def lang(self) -> str:
        return self.data["project"]["language"]

    @property
    def date_style(self) -> str:
        """How dates are written: ja, ja-era (令和), en-GB or en-US (see rfpgen.text.day)."""
        return date_style_of(self.data)

    @property
    def time_zone(self) -> str | None:
        return time_zone_of(self.data)

    def proposal_deadline(self) -> datetime | None:
        """When proposals are due: the schedule's date at the submission's deadline time (17:00 unless it
        says; 24:00 is the next day's start), in the project's time zone (UTC when it names none). None
        without a date."""
        due = (self.data["project"].get("schedule") or {}).get("proposal_due")
        if not due:
            return None
        hours, minutes = str((self.section("rfp").get("submission") or {}).get("deadline_time")
                             or DEFAULT_DEADLINE_TIME).split(":")
        start = datetime.combine(date.fromisoformat(str(due)[:10]), datetime.min.time(), self.zone)
        return start + timedelta(hours=int(hours), minutes=int(minutes))

    def passed(self, key: str, moment: datetime) -> date | None:
        """The schedule's date `key` (presentations, decision, contract) when `moment` falls on a later day
        (in the project's time zone), else None: a tally then is due to have the presentation scores, and
        a memo's next steps set nothing on that day."""
        held = (self.data["project"].get("schedule") or {}).get(key)
        try:
            held = date.fromisoformat(str(held)[:10]) if held else None
        except ValueError:
            return None
        return held if held and held < moment.astimezone(self.zone).date() else None

    @property
    def zone(self):
        """The project's time zone as a tzinfo (UTC when it names none)."""
        try:
            from zoneinfo import ZoneInfo

            return ZoneInfo(self.time_zone or "UTC")
        except Exception:  # noqa: BLE001 - no time zone database here: UTC, as the documents then say
            return timezone.utc

    @property
    def id(self) -> str:
        return self.data["project"]["id"]

    @property
    def client_name(self) -> str:
        """The client's name as the documents print it."""
        return clean(self.data["project"]["client"]["name"])

    def section(self, key: str) -> dict:
        """A top-level section, empty if the project leaves it out."""
        return self.data.get(key) or {}

    def requirements(self) -> list[Requirement]:
        """Every requirement statement, in document order (parts in their numbered order).

        Computed once: a validated project is not changed afterwards (editors change a copy of
        the data and validate it again), and documents and sheets ask for it hundreds of times."""
        if self._requirements is not None:
            return self._requirements
        found = []
        disclosed = self.disclosed_by_answers()
        for part in PARTS:
            for index, item in enumerate(self.section(part.key).get("requirements") or []):
                withhold = bool(item.get("withhold", False)) and item["id"] not in disclosed
                found.append(Requirement(part, index, item["id"], item["text"], item["priority"],
                                         withhold, item.get("look_for"), item))
        self._requirements = found
        return found

    def disclosed_by_answers(self) -> dict[str, int]:
        """Withheld requirements that a published answer deliberately discloses, with the question's
        number: from then on every vendor knows them, so they belong to the disclosed set."""
        return {rid: q["number"] for q in self.data.get("questions") or [] if q.get("published")
                for rid in q.get("discloses") or []}

    def stated_later(self) -> frozenset[str]:
        """Requirements withheld at the RFP's first issue that a published answer disclosed: the RFP
        states them from then on. The vendors' view keeps only these ids (vendors were told of them),
        so the RFP can number them after the first issue's and never move a number vendors hold."""
        if self.is_redacted:
            return self._stated_later
        return frozenset(r.id for r in self.requirements() if r.data.get("withhold") and not r.withhold)

    def withheld(self) -> list[Requirement]:
        return [r for r in self.requirements() if r.withhold]

    def withheld_subjects(self) -> dict[str, list[str]]:
        """Subject of the RFP's standard wording (rfpgen.subjects) -> the withheld requirements on it. The
        vendors' view keeps the subjects only, so the RFP can leave their clauses out."""
        if self._withheld_subjects is not None:
            return {key: [] for key in self._withheld_subjects}
        found: dict[str, list[str]] = {}
        for r in self.withheld():
            for key in subjects_of(r.text, r.look_for):
                found.setdefault(key, []).append(r.id)
        return {key: found[key] for key in SUBJECTS if key in found}

    def disclosed(self) -> list[Requirement]:
        return [r for r in self.requirements() if not r.withhold]

    def criteria(self) -> list[dict]:
        return self.data["evaluation"]["criteria"]

    def scale_max(self) -> int:
        return int((self.data["evaluation"].get("scale") or {}).get("max", 5))

    def scale_labels(self) -> dict[int, str]:
        """Label per score 0..max: the project's anchors, else the default 0–5 words, else ''."""
        given = {a["score"]: a["label"] for a in (self.data["evaluation"].get("scale") or {}).get("anchors") or []}
        default = DEFAULT_SCALE[self.lang] if self.scale_max() == 5 else {}
        return {s: given.get(s, default.get(s, "")) for s in range(self.scale_max() + 1)}

    def spread_threshold(self) -> float:
        return SPREAD_SHARE * self.scale_max()

    def unstated_needs_criterion(self) -> dict | None:
        return next((c for c in self.criteria() if c.get("unstated_needs")), None)

    def queue_targets(self, key: str) -> dict[str, object]:
        """Each queued program's target `key` (service_level, asa_seconds) by name: its own, else the
        operation's KPI (None: neither sets one). The documents state one value only where all agree."""
        kpis = self.section("operations").get("kpis") or {}
        return {p.get("name") or p["id"]: p.get(key, kpis.get(key))
                for p in self.section("work_definition").get("programs") or [] if queued(p)}

    def kpi_names(self) -> list[str]:
        """The KPIs the documents define, by the names their KPI table prints (its rows, in order): a
        target or the project's own definition makes a row, and so does each of operations.kpis.other."""
        kpis = self.section("operations").get("kpis") or {}
        own = kpis.get("definitions") or {}
        names = [say(f"doc.kpi.{key}", self.lang) for key in KPI_KEYS
                 if kpis.get(key) is not None or own.get(key)
                 or (key in QUEUE_TARGETS and any(v is not None for v in self.queue_targets(key).values()))]
        return names + [clean(other["name"]) for other in kpis.get("other") or []]

    def withholds_budget(self) -> bool:
        return bool(self.section("rfp").get("withhold", {}).get("budget", True))

    def withholds_staffing_estimate(self) -> bool:
        return bool(self.section("rfp").get("withhold", {}).get("staffing_estimate", True))

    def offer_validity_days(self) -> int:
        """How many days after the proposal deadline an offer must stay valid: one figure that the RFP
        states (rfp.quote_validity_days) and the response form asks for and checks offers against
        (pricing.response_form.offer_validity_days). Either field may hold it; validation refuses the
        two set to different figures."""
        stated = self.section("rfp").get("quote_validity_days")
        asked = (self.section("pricing").get("response_form") or {}).get("offer_validity_days")
        return int(next((days for days in (stated, asked) if days is not None), OFFER_VALIDITY_DAYS))

    def rfp_edition(self) -> tuple[str, object]:
        """The RFP as the bidders hold it now: the version and date of its latest addendum
        (rfp.revisions), else the project's version and None (the issue date). The RFP's cover and the
        response form name this one version, so neither contradicts the revision history."""
        addenda = self.addenda()
        if not addenda:
            return str(self.data["project"]["version"]), None
        latest = max(addenda, key=lambda r: str(r.get("date") or ""))
        return str(latest["version"]), latest.get("date")

    def addenda(self) -> list[dict]:
        """The RFP's addenda after its first issue (rfp.revisions), oldest first (a tie keeps the file's order)."""
        return sorted((r for r in self.section("rfp").get("revisions") or [] if isinstance(r, dict) and r.get("version")),
                      key=lambda r: str(r.get("date") or ""))

    def withheld_sections(self) -> set[str]:
        """Structured sections the RFP leaves out (bcp, escalations, knowledge_provision,
        forecasting_and_scheduling), so they do not give away a withheld requirement."""
        withhold = self.section("rfp").get("withhold") or {}
        return {key for key in WITHHOLDABLE_SECTIONS if withhold.get(key)}

    def redacted(self, shared: bool = False, standard_left_out: frozenset = frozenset()) -> "Project":
        """The project as vendors may see it: withheld requirements, withheld sections, the budget
        (and with it the reference price) when withheld, the approvers, the vendors and evaluators
        are removed from the data itself. The RFP and every vendor-facing file are built from this
        view, so no code path that prints them can leak what it never receives.

        `shared`: only the mappings the removal changes are copied, the rest is this project's own
        data, for a reader that changes nothing (validation reads the view on every wizard page).
        `standard_left_out`: the places of the RFP's standard wording that restate a withheld requirement
        (documents.rfp_terms.vendor_view works them out); the subjects of the withheld ones are always kept."""
        if shared:
            data = {key: dict(value) if isinstance(value, dict) else value for key, value in self.data.items()}
            if isinstance(data.get("evaluation", {}).get("price"), dict):
                data["evaluation"]["price"] = dict(data["evaluation"]["price"])
        else:
            data = copied(self.data)
        withheld = {r.id for r in self.withheld()}
        origins = {}
        for part in PARTS:
            section = data.get(part.key)
            if isinstance(section, dict) and section.get("requirements"):
                kept = [i for i, r in enumerate(section["requirements"]) if r["id"] not in withheld]
                origins[(part.key, "requirements")] = kept
                # a requirement an answer disclosed on purpose is an ordinary disclosed one from now on
                section["requirements"] = [dict(r, withhold=False) if r.get("withhold") else r
                                           for r in map(section["requirements"].__getitem__, kept)]
        # the question period as vendors know it: published questions and answers, no asker, no dates received,
        # and which answer told them of a requirement the RFP now states (so the RFP can say which addendum added it)
        if "questions" in data:
            later = self.stated_later()

            def as_vendors_know(q: dict) -> dict:
                known = {key: q[key] for key in ("number", "rfp_section", "question", "answer", "answered", "published") if key in q}
                told = [rid for rid in q.get("discloses") or [] if rid in later]
                return known | {"discloses": told} if told else known

            origins[("questions",)] = [i for i, q in enumerate(data["questions"] or []) if q.get("published")]
            data["questions"] = [as_vendors_know(data["questions"][i]) for i in origins[("questions",)]]
        for key in self.withheld_sections():
            part, field = WITHHOLDABLE_SECTIONS[key]
            (data.get(part) or {}).pop(field, None)
        if self.withholds_budget():
            (data.get("pricing") or {}).pop("budget", None)
            data["evaluation"].get("price", {}).pop("reference_price", None)
        approval = data.get("approval") or {}
        for field in ("approvers", "approval_procedure", "revision_history"):
            approval.pop(field, None)
        data["evaluation"].pop("vendors", None)
        data["evaluation"].pop("evaluators", None)
        view = Project(data, self.document, self.path, self.warnings, redacted=True,
                       withheld_subjects=frozenset(self.withheld_subjects()), stated_later=self.stated_later(),
                       standard_left_out=standard_left_out)
        view.origins = origins
        view._shortened = {key[0] for key in origins}
        return view

    def own_path(self, path: tuple) -> tuple:
        """A field of this view at its path in the project it was redacted from (the same path
        unless a list above it lost items: the second disclosed requirement after a withheld one
        is the third of its part)."""
        if path[0] not in self._shortened:
            return path
        for length in (1, 2):
            kept = self.origins.get(path[:length])
            if kept is not None and len(path) > length:
                return path[:length] + (kept[path[length]],) + path[length + 1:]
        return path


def taken_ids(data) -> set[str]:
    """Every `id` used anywhere in the file (the validator requires them unique across it)."""
    taken: set[str] = set()

    def visit(node):
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                taken.add(node["id"])
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(data)
    return taken


def next_requirement_id(data, part_key: str, taken=()) -> str:
    """The next free requirement id of the part: its prefix and one more than the highest number used."""
    return next_id(PART_BY_KEY[part_key].prefix, taken_ids(data) | set(taken))


def next_id(prefix: str, used) -> str:
    """One more than the highest `PREFIX-NNN` in use, as wide as the widest in use (at least three
    digits): the wizard, the library and the CLI all number rows this way, and the ids of deleted
    rows are never handed out again."""
    pattern = re.compile(rf"^{re.escape(prefix)}-(\d+)$")
    numbers = [(int(m.group(1)), len(m.group(1))) for m in map(pattern.match, used) if m]
    number = max((n for n, _ in numbers), default=0) + 1
    width = max([3] + [w for _, w in numbers])
    while f"{prefix}-{number:0{width}d}" in used:
        number += 1
    return f"{prefix}-{number:0{width}d}"
