"""The wizard's steps, declared once: which fields of the project file each step edits and how.

Every field of schemas/project.schema.json appears in exactly one step. A node's `key` is a dotted
path relative to its parent; its label key in the catalogue (rfpgen.words) is, unless given, the
dotted path from the root without list indexes (`work_definition.programs.call_reasons.name`).
Reused shapes (requirements, a person, opening hours, a service level) share one label namespace.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..documents.rfp_terms import TERM_KEYS
from ..words import ENUMS
from ..project import PARTS
from ..text import WEEKDAYS



@dataclass
class Field:
    """One value. kind: line, text, int, number, date, time, month, enum, picks (several of the choices:
    check boxes), bool, lines, csv, numbers, show."""

    key: str
    kind: str = "line"
    choices: tuple = ()
    vocabulary: str | None = None  # an enum kind of rfpgen.labels: its values are the choices, its words the labels
    default: object = None  # for bool: the value the schema assumes when the key is absent
    required: bool = False  # shown with a mark; the schema decides validity
    label: str | None = None
    placeholder: str = ""
    percent: bool = False  # a percentage: "80%" typed is 80

    is_field = True

    def __post_init__(self):
        if self.vocabulary and not self.choices:
            self.choices = tuple(ENUMS[self.vocabulary]["en"])


@dataclass
class Group:
    """A mapping of fields, drawn as a fieldset. `ns`: the label namespace of its children."""

    key: str
    children: list
    label: str | None = None
    ns: str | None = None

    is_field = False


@dataclass
class Table:
    """A list of mappings: rows that can be added and removed (unless `fixed`)."""

    key: str
    children: list
    label: str | None = None
    ns: str | None = None
    id_prefix: str | None = None  # rows typed without an id get the next free `PREFIX-NN`
    fixed: bool = False  # rows come from elsewhere in the project; only their fields are edited here
    paste: bool = False  # offers a box to paste many rows at once (volumes, profiles, requirements)
    movable: bool = False  # rows can be moved up and down (their order means something)
    sums_to_100: str | None = None  # the column whose figures add up to 100 (shares, weights): a running total

    is_field = False

    @property
    def cards(self) -> bool:
        """Rows with long or nested content are drawn as cards; short rows as a grid."""
        return any(not c.is_field or c.kind in ("text", "lines", "picks") for c in self.children)


@dataclass
class Section:
    """A titled block of a step; its children's keys are paths from the project root."""

    title: str
    children: list


@dataclass
class Step:
    key: str
    sections: list = field(default_factory=list)
    owns: tuple = ()  # path prefixes whose problems belong to this step
    kind: str = "form"  # form, review or build
    part: object = None


def _bind(node, parent_ns: str) -> None:
    """Fill in label keys: the catalogue key of a node is its dotted path without indexes."""
    own = f"{parent_ns}.{node.key}" if parent_ns else node.key
    if node.label is None:
        node.label = own
    if not node.is_field:
        node.ns = node.ns or own
        for child in node.children:
            _bind(child, node.ns)


# ---------------------------------------------------------------- shapes used in several places

def person(key: str) -> Group:
    return Group(key, [Field("name", required=True), Field("honorific", placeholder="Ms"), Field("title"), Field("email"),
                       Field("phone", placeholder="03-1234-5678")], ns="person")


def opening_hours(key: str) -> Group:
    return Group(key, [
        Field("time_zone", placeholder="Asia/Tokyo"),
        Table("weekly", [Field("days", "picks", vocabulary="weekday", required=True), Field("open", "time", required=True),
                         Field("close", "time", required=True)]),
        Field("holidays", "text"),
        Field("closed_dates", "lines", placeholder="2027-01-01"),
    ], ns="hours")


def service_level(key: str) -> Group:
    return Group(key, [Field("percent", "number", placeholder="80"),
                       Field("threshold_seconds", "number", placeholder="20")], ns="sl")


def requirements(prefix: str) -> Table:
    """A part's requirement statements; withhold and look_for are edited in the withhold step."""
    return Table("requirements", [
        Field("id", required=True),
        Field("text", "text", required=True),
        Field("name"),
        Field("priority", "enum", vocabulary="priority", required=True),
        Field("rationale", "text"),
        Field("library_id", "show"),
    ], ns="req", id_prefix=prefix, paste=True, movable=True)


def part_requirements(part) -> Section:
    return Section("section.requirements", [Group(part.key, [requirements(part.prefix)])])


PERCENT = {"placeholder": "0–100", "percent": True}


# ---------------------------------------------------------------- the steps

def _steps() -> list[Step]:
    parts = {p.key: p for p in PARTS}
    steps = [
        Step("project", [
            Section("section.basics", [Group("project", [
                Field("title", required=True), Field("id", required=True, placeholder="cc-2027"),
                Field("language", "enum", ("ja", "en"), required=True),
                Field("version", required=True, placeholder="1.0"), Field("date", "date"),
                Field("confidentiality"), Field("locale", "enum", ("ja-JP", "en-GB", "en-US")),
                Field("era", "enum", ("western", "japanese"))])]),
            Section("section.client", [Group("project.client", [
                Field("name", required=True), Field("department"), Field("industry"), person("contact")])]),
            Section("section.schedule", [Group("project.schedule", [
                Field(k, "date") for k in ("rfp_issue", "question_deadline", "answer_date", "proposal_due",
                                           "presentations", "decision", "contract", "transition_start",
                                           "service_start")])]),
        ], owns=("schema_version", "project")),
        Step("scope", [
            Section("section.scope", [Group("scope", [
                Field("sourcing_pattern", "enum", vocabulary="sourcing_pattern"),
                Field("outsourced", "lines"), Field("in_house", "lines"),
                Field("objectives", "lines"), Field("notes", "text"), Field("staff_transfer", "bool", default=False)])]),
            part_requirements(parts["scope"]),
        ], owns=("scope",), part=parts["scope"]),
        Step("overview", [
            Section("section.overview", [Group("overview", [
                Field("background", "text"), Field("client_policy", "text"),
                Table("success_criteria", [Field("criterion", required=True), Field("measure")]),
                Field("success_review", "text")])]),
            part_requirements(parts["overview"]),
        ], owns=("overview",), part=parts["overview"]),
        Step("work_definition", [
            Section("section.work", [Group("work_definition", [Field("description", "text")])]),
            Section("section.programs", [Group("work_definition", [Table("programs", [
                Field("id", required=True), Field("name", required=True),
                Field("type", "enum", vocabulary="program_type", required=True),
                Field("channel", "enum", vocabulary="channel", required=True),
                Field("languages", "csv", placeholder="ja, en"), Field("description", "text"),
                Table("call_reasons", [Field("name", required=True),
                                       Field("share_pct", "number", required=True, **PERCENT),
                                       Field("aht_seconds", "number", required=True)], paste=True, sums_to_100="share_pct"),
                Table("volumes", [Field("month", "month", required=True, placeholder="2027-04"),
                                  Field("contacts", "int", required=True)], paste=True),
                opening_hours("opening_hours"), service_level("service_level"),
                Field("asa_seconds", "number"), Field("patience_seconds", "number"),
                Field("concurrency", "number"), Field("response_target_hours", "number"),
                Field("response_hours_basis", "enum", vocabulary="hours_basis"),
                Field("minimum_agents", "int"),
                Group("weekday_profile", [Field(d, "number") for d in WEEKDAYS]),
                Table("intraday_profile", [Field("start", "time", required=True),
                                           Field("pct", "number", required=True, **PERCENT)], paste=True, sums_to_100="pct"),
            ], id_prefix="PRG", movable=True)])]),
            Section("section.forecast", [Group("work_definition.forecast", [
                Field("method", "text"), Field("interval_minutes", "enum", (15, 30, 60)),
                Group("weekday_profile", [Field(d, "number") for d in WEEKDAYS]),
                Table("intraday_profile", [Field("start", "time", required=True),
                                           Field("pct", "number", required=True, **PERCENT)], paste=True, sums_to_100="pct"),
                Table("events", [Field("name", required=True), Field("start", "date", required=True),
                                 Field("end", "date"), Field("factor", "number", required=True, placeholder="1.6"),
                                 Field("programs", "csv")]),
                Field("notes", "text")])]),
            Section("section.constraints", [Group("work_definition", [Field("constraints", "lines")])]),
            part_requirements(parts["work_definition"]),
        ], owns=("work_definition",), part=parts["work_definition"]),
        Step("people", [
            Section("section.roles", [Group("people", [Table("roles", [
                Field("name", required=True), Field("employment", "enum", vocabulary="employment"),
                Field("hiring_conditions", "lines"), Field("skills", "lines")])])]),
            Section("section.training", [Group("people", [
                Group("training", [Field("initial_days", "int"), Field("nesting_days", "int"),
                                   Field("nesting_productivity_pct", "number", **PERCENT), Field("class_size", "int"),
                                   Field("trainer", "enum", vocabulary="trainer"),
                                   Field("curriculum", "lines")]),
                Field("skill_verification", "lines")])]),
            Section("section.staffing", [Group("people", [
                Field("hiring_lead_time_months", "number"), Field("span_of_control", "int"), Field("minimum_supervisors", "int"),
                Field("paid_hours_per_fte_month", "number"), Field("attrition_pct_per_year", "number", **PERCENT)])]),
            part_requirements(parts["people"]),
        ], owns=("people",), part=parts["people"]),
        Step("operations", [
            Section("section.sites", [Group("operations", [
                Table("sites", [Field("name", required=True), Field("location"), Field("seats", "int"),
                                Field("notes", "text")]),
                opening_hours("opening_hours")])]),
            Section("section.kpis", [Group("operations", [
                Group("kpis", [
                    service_level("service_level"), Field("asa_seconds", "number"),
                    Field("abandonment_pct", "number", **PERCENT), Field("aht_seconds", "number"),
                    Field("fcr_pct", "number", **PERCENT), Field("csat_pct", "number", **PERCENT),
                    Field("qa_score_pct", "number", **PERCENT), Field("adherence_pct", "number", **PERCENT),
                    Field("email_response_hours", "number"), Field("response_hours_basis", "enum", vocabulary="hours_basis"),
                    Table("other", [Field("name", required=True), Field("target", required=True),
                                    Field("definition", "text")]),
                    Group("definitions", [Field(key, "text") for key in (
                        "service_level", "asa_seconds", "abandonment_pct", "aht_seconds", "fcr_pct", "csat_pct",
                        "qa_score_pct", "adherence_pct", "email_response_hours")])]),
                Field("occupancy_cap_pct", "number", **PERCENT),
                Table("shrinkage", [Field("name", required=True), Field("pct", "number", required=True, **PERCENT)]),
                Field("minimum_agents", "int"),
                Table("pools", [Field("id", required=True), Field("name"), Field("programs", "csv", required=True)]),
                Group("shifts", [Field("lengths_hours", "numbers", required=True, placeholder="8, 6, 4"),
                                 Field("break_minutes", "int"), Field("start_step_minutes", "enum", (15, 30, 60))]),
                Field("csat_measurement", "text"),
                Group("monitoring", [Field("method", "text"), Field("samples_per_agent_month", "int"),
                                     Field("calibration", "text")])])]),
            Section("section.management", [Group("operations", [
                Field("forecasting_and_scheduling", "text"), Field("knowledge_provision", "text"),
                Table("escalations", [Field("type", required=True), Field("route", required=True),
                                      Field("time_limit")]),
                Table("reporting", [Field("name", required=True),
                                    Field("frequency", "enum", vocabulary="frequency", required=True),
                                    Field("recipient"), Field("contents", "text")]),
                Table("governance_meetings", [Field("name", required=True),
                                              Field("frequency", "enum", vocabulary="frequency", required=True),
                                              Field("participants"), Field("agenda", "text")]),
                Field("other", "lines")])]),
            part_requirements(parts["operations"]),
        ], owns=("operations",), part=parts["operations"]),
        Step("systems", [
            Section("section.components", [Group("systems", [
                Table("components", [Field("name", required=True),
                                     Field("owner", "enum", vocabulary="party", required=True),
                                     Field("cost_bearer", "enum", vocabulary="party", required=True), Field("notes", "text")]),
                Table("responsibilities", [Field("area", required=True), Field("client", "text"),
                                           Field("vendor", "text")]),
                Table("facility_costs", [Field("item", required=True),
                                         Field("cost_bearer", "enum", vocabulary="party", required=True)])])]),
            Section("section.data", [Group("systems", [
                Group("data_handling", [Field(k, "text") for k in ("storage", "access_control", "retention",
                                                                    "deletion", "call_recording")]),
                Field("certifications", "lines"), Field("laws", "lines"),
                Group("bcp", [Field("rto_hours", "number"), Field("rpo_hours", "number"),
                              Field("alternate_site"), Field("description", "text")])])]),
            part_requirements(parts["systems"]),
        ], owns=("systems",), part=parts["systems"]),
        Step("pricing", [
            Section("section.pricing", [Group("pricing", [
                Field("model", "enum", vocabulary="pricing_model"),
                Field("currency", placeholder="JPY"), Field("contract_term_months", "int"),
                Table("initial_costs", [Field("item", required=True),
                                        Field("borne_by", "enum", vocabulary="party", required=True), Field("notes", "text")]),
                Field("operating_cost_basis", "text"), Field("incentives", "text"), Field("payment_terms", "text")])]),
            Section("section.sla", [Group("pricing.sla_credits", [
                Field("amount_at_risk_pct", "number", **PERCENT), Field("pool_cap_pct", "number", **PERCENT),
                Table("allocations", [Field("kpi", required=True),
                                      Field("allocation_pct", "number", required=True, **PERCENT)]),
                Field("earn_back", "text")])]),
            Section("section.budget", [Group("pricing.budget", [
                Field("amount", "number", required=True), Field("period"), Field("notes", "text")])]),
            Section("section.response_form", [Group("pricing.response_form", [  # vendor responses
                Field("alternative_models", "picks", vocabulary="pricing_model"), Field("tax_basis", "enum", vocabulary="tax_basis"),
                Field("offer_validity_days", "int"), Field("volume_band_low_pct", "number", placeholder="-20"),
                Field("volume_band_high_pct", "number", placeholder="20"),
                Field("low_bid_threshold_pct", "number", **PERCENT), Field("included_volume_pct", "number"),
                Field("outcome_share_pct", "number", **PERCENT), Field("outcome_definition", "text"),
                Field("disqualify_on", "picks", vocabulary="screening_finding")])]),
            part_requirements(parts["pricing"]),
        ], owns=("pricing",), part=parts["pricing"]),
        Step("approval", [
            Section("section.approval", [Group("approval", [
                Table("approvers", [Field("name", required=True), Field("title"), Field("role"), Field("date", "date"),
                                    Field("version")]),
                Field("approval_procedure", "text"), Field("change_procedure", "text"),
                Table("revision_history", [Field("version", required=True), Field("date", "date", required=True),
                                           Field("author"), Field("summary", required=True)])])]),
            part_requirements(parts["approval"]),
        ], owns=("approval",), part=parts["approval"]),
        Step("evaluation", [
            Section("section.criteria", [Group("evaluation", [
                Field("quality_points", "number", placeholder="70"),
                Table("criteria", [
                    Field("id", required=True), Field("name", required=True),
                    Field("weight", "number", required=True), Field("mandatory", "bool", default=False),
                    Field("unstated_needs", "bool", default=False), Field("description", "text"),
                    Table("anchors", [Field("score", "int", required=True),
                                      Field("description", "text", required=True)]),
                ], id_prefix="CRT", movable=True, sums_to_100="weight")])]),
            Section("section.scale", [Group("evaluation.scale", [
                Field("max", "int", placeholder="5"),
                Table("anchors", [Field("score", "int", required=True), Field("label", required=True)])])]),
            Section("section.price", [Group("evaluation.price", [
                Field("formula", "enum", ("relative_to_lowest", "jp_additive", "jp_division", "price_per_quality"),
                      required=True),
                Field("max_points", "number"), Field("reference_price", "number"), Field("base_points", "number"),
                Field("basis", "text")])]),
            Section("section.rules", [Group("evaluation.rules", [
                Table("tie_break", [Field("by", "enum", ("quality", "price", "criterion", "lots"), required=True),
                                    Field("criterion")]),
                Group("minimum", [Field("quality", "number", placeholder="60"),
                                  Table("criteria", [Field("criterion", required=True), Field("score", "number", required=True)])]),
                Field("aggregation", "enum", ("mean", "rank_sum")),
                Group("rounding", [Field("method", "enum", ("truncate", "half_up")), Field("digits", "int", placeholder="2"),
                                   Field("apply_to", "picks", vocabulary="rounded_figure")]),
                Field("tax_basis", "enum", ("excluding", "including")),
                Field("above_reference", "enum", ("disqualify", "zero")),
                Group("low_bid", [Field("share", "number", placeholder="0.6"), Field("action", "enum", ("review", "disqualify"))]),
                Field("blind", "bool", default=False),
                Field("blind_seed"),
                Group("presentation", [Field("top", "int", placeholder="3"), Field("min_total", "number"),
                                       Field("points", "number"), Field("combine", "enum", ("sum", "technical", "presentation_only")),
                                       Table("criteria", [Field("id", required=True), Field("name", required=True),
                                                          Field("weight", "number", required=True), Field("description", "text"),
                                                          Table("anchors", [Field("score", "int", required=True),
                                                                            Field("description", "text", required=True)])],
                                             id_prefix="PRS", sums_to_100="weight")])])]),
        ], owns=("evaluation.scale", "evaluation.quality_points", "evaluation.criteria", "evaluation.price",
                 "evaluation")),
        Step("vendors", [
            Section("section.vendors", [Group("evaluation", [
                Table("vendors", [Field("id", required=True), Field("name", required=True), person("contact")],
                      id_prefix="VND")])]),
            Section("section.evaluators", [Group("evaluation", [
                Table("evaluators", [Field("id", required=True), Field("name", required=True), Field("role"),
                                     Field("sees_prices", "bool", default=False),
                                     Field("prices_only", "bool", default=False)], id_prefix="EVL")])]),
        ], owns=("evaluation.vendors", "evaluation.evaluators")),
        Step("rfp", [
            Section("section.rfp", [Group("rfp", [
                Field("background", "text"), Field("proposal_contents", "lines"),
                Field("confidentiality", "text")])]),
            Section("section.submission", [Group("rfp.submission", [
                Field("format"), Field("page_limit", "int"), Field("language"), Field("address"),
                Field("copies", "int"), Field("method", "text"), Field("deadline_time", "time"), Field("time_zone")])]),
            Section("section.qa", [Group("rfp.qa", [
                Field("method", "text"), Field("answers_shared", "bool", default=True), person("contact")])]),
            Section("section.terms", [Group("rfp", [
                Field("contract_type", "enum", vocabulary="contract_type"), Field("quote_validity_days", "int"),
                Field("leave_out", "picks", vocabulary="rfp_condition")]),
                Group("rfp.terms", [Field(key, "text") for key in TERM_KEYS])]),
            Section("section.annexes", [Group("rfp", [
                Table("annexes", [Field("name", required=True), Field("description"),
                                  Field("provided", "enum", vocabulary="annex_provided")]),
                Table("revisions", [Field("version", required=True), Field("date", "date", required=True),
                                    Field("summary", required=True), Field("requirements", "lines")])])]),
        ], owns=("rfp",)),
        Step("withhold", [
            Section("section.withhold_extra", [Group("rfp.withhold", [
                Field("budget", "bool", default=True), Field("staffing_estimate", "bool", default=True),
                Field("bcp", "bool", default=False), Field("escalations", "bool", default=False),
                Field("knowledge_provision", "bool", default=False),
                Field("forecasting_and_scheduling", "bool", default=False)])]),
        ] + [Section(f"part.{p.key}", [Group(p.key, [Table("requirements", [
            Field("text", "show"), Field("withhold", "bool", default=False), Field("look_for", "text"),
        ], ns="req", fixed=True)])]) for p in PARTS], owns=("rfp.withhold",)),
        Step("questions", [
            Section("section.questions", [Table("questions", [
                Field("number", "int", required=True), Field("received", "date", required=True),
                Field("vendor", required=True), Field("rfp_section"), Field("question", "text", required=True),
                Field("answer", "text"), Field("answered", "date"), Field("published", "bool", default=False),
                Field("requirements", "lines"), Field("discloses", "lines")])]),
        ], owns=("questions",)),
        Step("review", kind="review"),
        Step("build", kind="build"),
    ]
    for step in steps:
        for section in step.sections:
            for node in section.children:
                _bind(node, "")
    return steps


# Fields edited on a page of their own rather than in a step: the scores the consensus meeting agreed,
# entered on the scoring page beside the spread flags they settle.
PAGE_FIELDS = {"evaluation.consensus": "scoring"}

STEPS: list[Step] = _steps()
STEP_BY_KEY = {s.key: s for s in STEPS}
FORM_STEPS = [s for s in STEPS if s.kind == "form"]
_WITHHOLD_FIELD = ("].withhold", "].look_for")


def step_of(path: str) -> str:
    """The step where the field at `path` (as in a Problem) is edited; review if none."""
    if ".requirements[" in path and path.endswith(_WITHHOLD_FIELD) or path.startswith("rfp.withhold"):
        return "withhold"
    best, length = "review", -1
    for step in FORM_STEPS:
        for prefix in step.owns:
            if (path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")) \
                    and len(prefix) > length:
                best, length = step.key, len(prefix)
    return best


def neighbours(key: str) -> tuple[str | None, str | None]:
    keys = [s.key for s in STEPS]
    i = keys.index(key)
    return (keys[i - 1] if i else None), (keys[i + 1] if i + 1 < len(keys) else None)


def label_keys_along(path: tuple) -> list[tuple[str, int | None]]:
    """For a data path, the catalogue label key of each declared node on it, with the row number
    where the node is a table row: ('operations', 'sites', 0, 'name') -> [(sites, 1), (name, None)]."""
    return [(node.label, index) for node, index in nodes_along(path)]


def nodes_along(path: tuple) -> list[tuple[object, int | None]]:
    """For a data path, each declared node on it (Group, Table, Field) with its row index where the
    node is a table row."""
    want = [p for p in path if not isinstance(p, int)]
    indexes = {}
    names = []
    for part in path:
        if isinstance(part, int):
            indexes[len(names) - 1] = part
        else:
            names.append(part)

    def walk(nodes, depth):
        for node in nodes:
            keys = node.key.split(".")
            if want[depth:depth + len(keys)] != keys:
                continue
            here = [(node, indexes.get(depth + len(keys) - 1))]
            if depth + len(keys) == len(want):
                return here
            if not node.is_field:
                rest = walk(node.children, depth + len(keys))
                if rest:
                    return here + rest
        return None

    for step in FORM_STEPS:
        for section in step.sections:
            found = walk(section.children, 0)
            if found:
                return found
    return []
