"""Validation of project files: schema errors placed at the right line, and every check the schema
cannot express (each test below fails if its check is removed from rfpgen/validation.py)."""
from __future__ import annotations

import json

import pytest

from rfpgen.documents.rfp_terms import TERM_KEYS
from conftest import EXAMPLES, ROOT
from rfpgen.validation import validate_bytes, validate_file
from rfpgen.yamlio import dump, read


def _base() -> dict:
    """A small project that is valid with no warning; each test breaks one thing in a copy."""
    return {
        "schema_version": 1,
        "project": {
            "id": "demo", "title": "Demo order desk", "client": {"name": "Demo Ltd"}, "language": "en",
            "version": "1.0",
            "schedule": {"rfp_issue": "2027-03-01", "question_deadline": "2027-03-12", "answer_date": "2027-03-19",
                         "proposal_due": "2027-04-09", "presentations": "2027-04-21", "decision": "2027-05-14",
                         "contract": "2027-06-01", "transition_start": "2027-06-14", "service_start": "2027-10-01"},
        },
        "scope": {"requirements": [{"id": "SCP-001", "text": "Run the order desk.", "priority": "must"}]},
        "work_definition": {
            "programs": [
                {"id": "PHONE", "name": "Phone", "type": "inbound", "channel": "phone",
                 "call_reasons": [{"name": "Order", "share_pct": 60, "aht_seconds": 300},
                                  {"name": "Returns", "share_pct": 40, "aht_seconds": 360}],
                 "volumes": [{"month": "2027-10", "contacts": 9000}, {"month": "2027-11", "contacts": 9500}]},
                {"id": "MAIL", "name": "E-mail", "type": "inbound", "channel": "email",
                 "call_reasons": [{"name": "Returns", "share_pct": 70.5, "aht_seconds": 400},
                                  {"name": "Invoices", "share_pct": 29.5, "aht_seconds": 300}],
                 "response_target_hours": 24,
                 "opening_hours": {"weekly": [{"days": ["mon", "tue"], "open": "09:00", "close": "17:00"}]}},
            ],
            "forecast": {
                "interval_minutes": 30,
                "weekday_profile": {"mon": 20, "tue": 20, "wed": 20, "thu": 20, "fri": 20, "sat": 0, "sun": 0},
                "intraday_profile": [{"start": "09:00", "pct": 40}, {"start": "09:30", "pct": 35.5},
                                     {"start": "10:00", "pct": 24.5}],
            },
        },
        "operations": {
            "opening_hours": {"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"},
                                         {"days": ["sat"], "open": "10:00", "close": "16:00"}]},
            "requirements": [{"id": "OPS-001", "text": "Answer 80% in 20 s.", "priority": "must"}],
            "kpis": {"service_level": {"percent": 80, "threshold_seconds": 20}, "qa_score_pct": 85},
        },
        "pricing": {"sla_credits": {"amount_at_risk_pct": 10,
                                    "allocations": [{"kpi": "Service level", "allocation_pct": 60},
                                                    {"kpi": "Call quality score (QA)", "allocation_pct": 40}]}},
        "evaluation": {
            "scale": {"max": 5},
            "criteria": [
                {"id": "G-ISO", "name": "ISO/IEC 27001", "description": "Current certificate.", "weight": 0, "mandatory": True},
                {"id": "Q-QM", "name": "Quality management", "description": "Monitoring and coaching.", "weight": 60,
                 "anchors": [{"score": 1, "description": "Generic."}, {"score": 5, "description": "Proven."}]},
                {"id": "Q-UNS", "name": "Needs beyond this RFP", "description": "Needs this RFP does not state.",
                 "weight": 40, "unstated_needs": True},
            ],
            "price": {"formula": "relative_to_lowest", "max_points": 30},
            "vendors": [{"id": "V-A", "name": "Vendor A"}, {"id": "V-B", "name": "Vendor B"}],
            "evaluators": [{"id": "E-1", "name": "Evaluator"}],
        },
    }


def check(data: dict, lang: str = "en"):
    """Validate `data` written out as YAML: (project or None, problems)."""
    return validate_bytes(dump(data).encode("utf-8"), "p.yaml", lang)


def only_problem(data: dict, severity: str = "error", lang: str = "en"):
    project, problems = check(data, lang)
    assert len(problems) == 1, [str(p) for p in problems]
    problem = problems[0]
    assert problem.severity == severity
    assert (project is None) == (severity == "error")
    return problem


def line_of(data: dict, path: tuple) -> int:
    """The line where `path`'s value sits once `data` is written out (to check problems point there)."""
    from rfpgen.yamlio import parse

    doc, _ = parse(dump(data))
    return doc.where(path)[0]


def test_base_project_is_valid_without_warning():
    project, problems = check(_base())
    assert problems == []
    assert project is not None and project.id == "demo"


# ------------------------------------------------------------------ three unrelated mistakes

THREE_MISTAKES = """\
schema_version: 1
project:
  id: demo
  title: Demo
  client:
    name: Demo Ltd
  language: en
  version: "1.0"
  schedule:
    rfp_issue: 2027-03-01
    proposal_due: 2027-02-20
work_definition:
  programs:
    - id: PHONE
      name: Phone
      type: inbound
      channel: telephone
evaluation:
  criteria:
    - id: Q1
      name: Quality
      weight: 100
      weigth_note: heavier than the rest
      description: How well the work is run.
  price:
    formula: relative_to_lowest
"""


def test_three_unrelated_mistakes_give_three_errors_on_their_lines(write_yaml):
    path = write_yaml(THREE_MISTAKES)
    project, problems = validate_file(path)
    assert project is None
    found = [(p.line, p.column, p.path, p.severity) for p in problems]
    assert found == [
        (11, 19, "project.schedule.proposal_due", "error"),
        (17, 16, "work_definition.programs[0].channel", "error"),
        (23, 7, "evaluation.criteria[0].weigth_note", "error"),
    ]
    date_msg, enum_msg, key_msg = (p.message for p in problems)
    assert "proposal deadline (2027-02-20) comes before the RFP issue date (2027-03-01)" in date_msg
    assert "must be one of: phone, email, chat" in enum_msg and "'telephone'" in enum_msg
    assert "unknown field 'weigth_note'" in key_msg
    assert str(problems[0]).startswith(f"{path}:11:19: project.schedule.proposal_due: ")


# ------------------------------------------------------------------ ids unique across the file

def test_duplicate_id_across_sections_is_an_error_pointing_at_both_places():
    data = _base()
    data["evaluation"]["vendors"][1]["id"] = "OPS-001"  # the id of a requirement
    problem = only_problem(data)
    assert problem.path == "evaluation.vendors[1].id"
    assert problem.line == line_of(data, ("evaluation", "vendors", 1, "id"))
    first = line_of(data, ("operations", "requirements", 0, "id"))
    assert f"'OPS-001' is already used on line {first} (operations.requirements[0])" in problem.message


def test_duplicate_requirement_id_in_the_same_part():
    data = _base()
    data["scope"]["requirements"].append({"id": "SCP-001", "text": "Again.", "priority": "may"})
    assert only_problem(data).path == "scope.requirements[1].id"


# ------------------------------------------------------------------ evaluation criteria

def test_weights_must_sum_to_100():
    data = _base()
    data["evaluation"]["criteria"][1]["weight"] = 50
    problem = only_problem(data)
    assert problem.path == "evaluation.criteria"
    assert "add up to 90, not 100" in problem.message


def test_weights_may_be_fractional_when_they_sum_to_100():
    data = _base()
    data["evaluation"]["criteria"][1]["weight"] = 33.3
    data["evaluation"]["criteria"][2]["weight"] = 66.7
    assert check(data)[1] == []


def test_mandatory_gate_must_not_carry_weight():
    data = _base()
    data["evaluation"]["criteria"][0]["weight"] = 10
    data["evaluation"]["criteria"][1]["weight"] = 50  # the weights still add up to 100
    problem = only_problem(data)
    assert problem.path == "evaluation.criteria[0].weight"
    assert "pass/fail gate" in problem.message


def test_only_one_unstated_needs_criterion():
    data = _base()
    data["evaluation"]["criteria"][1]["unstated_needs"] = True
    data["evaluation"]["criteria"][1].pop("anchors", None)  # a computed criterion's anchors draw their own warning
    problem = only_problem(data)
    assert problem.path == "evaluation.criteria[2].unstated_needs"


def test_anchor_score_above_the_scale_maximum():
    data = _base()
    data["evaluation"]["scale"]["max"] = 4
    problem = only_problem(data)
    assert problem.path == "evaluation.criteria[1].anchors[1].score"
    assert "above the scale maximum 4" in problem.message


def test_jp_additive_needs_a_reference_price():
    data = _base()
    data["evaluation"]["price"] = {"formula": "jp_additive", "max_points": 30}
    problem = only_problem(data)
    assert problem.path == "evaluation.price.formula"
    assert "reference_price" in problem.message
    data["evaluation"]["price"]["reference_price"] = 150_000_000
    # withheld with the budget, the reference price leaves bidders unable to recompute their price points
    warned = check(data)[1]
    assert [(p.path, p.severity) for p in warned] == [("rfp.withhold.budget", "warning")]
    assert "cannot recompute" in warned[0].message
    data.setdefault("rfp", {}).setdefault("withhold", {})["budget"] = False
    assert check(data)[1] == []


# ------------------------------------------------------------------ work definition

def test_call_reason_shares_must_sum_to_100_per_program():
    data = _base()
    data["work_definition"]["programs"][1]["call_reasons"][1]["share_pct"] = 19.5
    problem = only_problem(data)
    assert problem.path == "work_definition.programs[1].call_reasons"
    assert "'MAIL'" in problem.message and "90%" in problem.message


def test_each_program_is_checked_on_its_own():
    data = _base()
    # 60 + 40 in PHONE and 70.5 + 29.5 in MAIL pass; moving 10 points from one programme to the other
    # keeps the file-wide total at 200 but breaks both programmes.
    data["work_definition"]["programs"][0]["call_reasons"][0]["share_pct"] = 50
    data["work_definition"]["programs"][1]["call_reasons"][0]["share_pct"] = 80.5
    _, problems = check(data)
    assert [p.path for p in problems] == ["work_definition.programs[0].call_reasons",
                                         "work_definition.programs[1].call_reasons"]


def test_volume_month_listed_twice():
    data = _base()
    data["work_definition"]["programs"][0]["volumes"][1]["month"] = "2027-10"
    assert only_problem(data).path == "work_definition.programs[0].volumes[1].month"


def test_weekday_profile_must_sum_to_100():
    data = _base()
    data["work_definition"]["forecast"]["weekday_profile"]["sat"] = 5
    problem = only_problem(data)
    assert problem.path == "work_definition.forecast.weekday_profile"
    assert "105%" in problem.message


def test_intraday_profile_must_sum_to_100():
    data = _base()
    data["work_definition"]["forecast"]["intraday_profile"][2]["pct"] = 20
    problem = only_problem(data)
    assert problem.path == "work_definition.forecast.intraday_profile"
    assert "95.5%" in problem.message


def test_intraday_slots_start_on_interval_boundaries():
    data = _base()
    data["work_definition"]["forecast"]["intraday_profile"][1]["start"] = "09:15"
    problem = only_problem(data)
    assert problem.path == "work_definition.forecast.intraday_profile[1].start"
    assert "30-minute" in problem.message
    data["work_definition"]["forecast"]["interval_minutes"] = 15
    assert check(data)[1] == []


def test_intraday_slot_listed_twice():
    data = _base()
    data["work_definition"]["forecast"]["intraday_profile"][2]["start"] = "09:00"
    assert only_problem(data).path == "work_definition.forecast.intraday_profile[2].start"


# ------------------------------------------------------------------ opening hours

def test_closing_time_must_differ_from_opening_time():
    data = _base()
    data["operations"]["opening_hours"]["weekly"][1]["close"] = "10:00"
    problem = only_problem(data)
    assert problem.path == "operations.opening_hours.weekly[1].close" and "00:00 to 24:00" in problem.message


def test_hours_past_midnight_and_a_split_day_are_valid_but_overlaps_are_not():
    data = _base()
    data["operations"]["opening_hours"]["weekly"] = [
        {"days": ["mon", "tue"], "open": "09:00", "close": "12:00"},
        {"days": ["mon", "tue"], "open": "13:00", "close": "18:00"},
        {"days": ["sat"], "open": "22:00", "close": "06:00"}]
    assert check(data)[1] == []
    data["operations"]["opening_hours"]["weekly"].append({"days": ["sun"], "open": "05:00", "close": "07:00"})
    problem = only_problem(data)  # Saturday's night runs to Sunday 06:00
    assert problem.path == "operations.opening_hours.weekly[3].days" and "'sun'" in problem.message


def test_a_day_with_two_sets_of_hours():
    data = _base()
    data["operations"]["opening_hours"]["weekly"][1]["days"] = ["sat", "fri"]
    problem = only_problem(data)
    assert problem.path == "operations.opening_hours.weekly[1].days"
    assert "'fri'" in problem.message


def test_program_opening_hours_are_checked_too():
    data = _base()
    data["work_definition"]["programs"][1]["opening_hours"]["weekly"][0]["close"] = "09:00"
    assert only_problem(data).path == "work_definition.programs[1].opening_hours.weekly[0].close"


# ------------------------------------------------------------------ schedule

def test_schedule_dates_must_be_in_order():
    data = _base()
    data["project"]["schedule"]["decision"] = "2027-04-15"  # before the presentations on 2027-04-21
    problem = only_problem(data)
    assert problem.path == "project.schedule.decision"
    assert problem.line == line_of(data, ("project", "schedule", "decision"))
    assert "decision date (2027-04-15) comes before the presentations (2027-04-21)" in problem.message


def test_schedule_check_skips_dates_left_out():
    data = _base()
    schedule = data["project"]["schedule"]
    for key in ("question_deadline", "answer_date", "presentations", "decision", "contract"):
        del schedule[key]
    schedule["transition_start"] = "2027-04-01"  # before the proposal due date
    assert only_problem(data).path == "project.schedule.transition_start"


def test_schedule_message_in_japanese():
    data = _base()
    data["project"]["schedule"]["service_start"] = "2027-06-01"
    problem = only_problem(data, lang="ja")
    assert problem.message == "サービス開始（2027-06-01）が移行開始（2027-06-14）より前になっています"


# ------------------------------------------------------------------ withholding

def test_withheld_requirement_needs_look_for():
    data = _base()
    data["operations"]["requirements"][0]["withhold"] = True
    problem = only_problem(data)
    assert problem.path == "operations.requirements[0].look_for"
    assert problem.line == line_of(data, ("operations", "requirements", 0))
    assert "requirement left out of the RFP needs look_for" in problem.message
    data["operations"]["requirements"][0]["look_for"] = "Names the KPI owner and the reporting cadence."
    assert check(data)[1] == []


def test_withholding_without_an_unstated_needs_criterion_is_a_warning_not_an_error():
    data = _base()
    data["operations"]["requirements"][0].update(withhold=True, look_for="A staffing buffer.")
    data["evaluation"]["criteria"][2]["unstated_needs"] = False
    problem = only_problem(data, severity="warning")
    assert problem.path == "evaluation.criteria"
    assert "1 requirement is left out of the RFP" in problem.message and "unstated_needs: true" in problem.message
    project, _ = check(data)
    assert project is not None and [w.message for w in project.warnings] == [problem.message]


def test_no_warning_when_nothing_is_withheld_and_no_unstated_needs_criterion():
    data = _base()
    data["evaluation"]["criteria"][2]["unstated_needs"] = False
    assert check(data)[1] == []


# ------------------------------------------------------------------ pricing

def test_sla_credit_allocations_cannot_exceed_the_amount_at_risk():
    data = _base()
    data["pricing"]["sla_credits"]["allocations"][1]["allocation_pct"] = 45
    problem = only_problem(data)
    assert problem.path == "pricing.sla_credits.allocations"
    assert "105%" in problem.message


@pytest.mark.parametrize("lang, words", [("en", "valid 90 days, but the RFP says 120 days (rfp.quote_validity_days)"),
                                         ("ja", "提案回答書の見積の有効期限（90日）がRFPの見積の有効期限（rfp.quote_validity_days：120日）と異なります")])
def test_the_response_form_and_the_rfp_ask_for_one_offer_validity(lang, words):
    """The RFP states how long an offer stays valid and the response form asks for it again: two
    different figures are refused, at the response form's field, in the user's language."""
    data = _base()
    data["rfp"] = {"quote_validity_days": 120}
    data["pricing"]["response_form"] = {"offer_validity_days": 90}
    problem = only_problem(data, lang=lang)
    assert problem.path == "pricing.response_form.offer_validity_days" and words in problem.message
    assert problem.line == line_of(data, ("pricing", "response_form", "offer_validity_days"))
    data["pricing"]["response_form"]["offer_validity_days"] = 120
    assert check(data)[1] == []


@pytest.mark.parametrize("stated, asked", [(120, None), (None, 120), (None, None)])
def test_either_field_sets_the_offer_validity_for_both(stated, asked):
    """Set in one place, the figure is the RFP's and the response form's alike (180 days when neither says)."""
    from rfpgen.documents.rfp_terms import terms
    from rfpgen.responses import rates

    data = _base()
    data["rfp"] = {"quote_validity_days": stated} if stated else {}
    data["pricing"]["response_form"] = {"offer_validity_days": asked} if asked else {}
    project, problems = check(data)
    assert problems == []
    days = stated or asked or 180
    assert rates.settings(project).validity_days == days
    rfp_text = next(p for key, _, p, _ in terms(project) if key == "quote_validity")[0]
    assert f"{days} days" in rfp_text


# ------------------------------------------------------------------ schema errors in plain words

@pytest.mark.parametrize("path, value, expected", [
    (("project", "version"), 1.0, "put it in quotes"),
    (("project", "date"), "2027-02-30", "'2027-02-30' is not a real calendar date"),
    (("project", "date"), "1/4/2027", "YYYY-MM-DD"),
    (("project", "client", "contact"), {"name": "A", "email": "not-an-address"}, "not an e-mail address"),
    (("operations", "opening_hours", "weekly", 0, "open"), "9:00", "HH:MM"),
    (("evaluation", "criteria", 1, "weight"), "sixty", "expected a number, got the text 'sixty'"),
    (("evaluation", "criteria", 1, "weight"), 160, "must be at most 100"),
    (("schema_version",), 2, "must be 1"),
])
def test_schema_errors_are_worded_for_a_project_manager(path, value, expected):
    data = _base()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    _, problems = check(data)
    assert any(expected in p.message for p in problems), [str(p) for p in problems]
    assert all(p.severity == "error" and p.line for p in problems)


def test_missing_required_field_is_placed_at_its_parent():
    data = _base()
    del data["project"]["client"]["name"]
    problem = only_problem(data)
    assert problem.path == "project.client.name"
    assert problem.line == line_of(data, ("project", "client"))
    assert "required field 'name' is missing" in problem.message


def test_misspelt_key_gets_a_suggestion():
    data = _base()
    data["evaluation"]["criteria"][1]["wieght_note"] = "x"
    data["evaluation"]["criteria"][1]["mandatroy"] = False
    _, problems = check(data)
    assert any("did you mean 'mandatory'" in p.message for p in problems)


# ------------------------------------------------------------------ the examples and the starters

@pytest.mark.parametrize("path", EXAMPLES + sorted((ROOT / "rfpgen" / "starter").glob("*.yaml")),
                         ids=lambda p: p.name)
def test_examples_and_starters_are_valid_with_no_warning(path):
    project, problems = validate_file(path)
    assert problems == [], [str(p) for p in problems]
    assert project is not None


def test_there_are_two_examples_one_per_language():
    langs = sorted(validate_file(p)[0].lang for p in EXAMPLES)
    assert langs == ["en", "ja"]


def _schema_fields(schema: dict, node: dict, prefix: tuple) -> set[tuple]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    fields = set()
    if "items" in node:
        fields |= _schema_fields(schema, node["items"], prefix + ("[]",))
    for key, sub in (node.get("properties") or {}).items():
        fields.add(prefix + (key,))
        fields |= _schema_fields(schema, sub, prefix + (key,))
    return fields


def _used_fields(data, prefix: tuple) -> set[tuple]:
    fields = set()
    if isinstance(data, dict):
        for key, value in data.items():
            fields.add(prefix + (key,))
            fields |= _used_fields(value, prefix + (key,))
    elif isinstance(data, list):
        for item in data:
            fields |= _used_fields(item, prefix + ("[]",))
    return fields


def _generalise(field: tuple) -> tuple:
    # requirement statements share one definition: a field used in any part counts for all parts
    return ("*",) + field[1:] if len(field) > 1 and field[1] == "requirements" else field


def test_examples_use_every_field_of_the_schema():
    """The documents show everything the file can hold, so the examples must exercise all of it."""
    schema = json.loads((ROOT / "schemas" / "project.schema.json").read_text(encoding="utf-8"))
    declared = {_generalise(f) for f in _schema_fields(schema, schema, ())}
    used = set()
    for path in EXAMPLES:
        doc, _ = read(path)
        used |= {_generalise(f) for f in _used_fields(doc.data, ())}
    # base_points only means something for the jp_division formula, which neither example uses
    # (ja: jp_additive, en: relative_to_lowest); the price tests cover it.
    not_applicable = {("evaluation", "price", "base_points")}
    # the examples print the standard wording of most RFP conditions (replacing each is covered by
    # test_rfp_contents), and an RFP before its first issue has no addenda in its revision history
    not_applicable |= {("rfp", "terms", key) for key in TERM_KEYS} | {
        ("rfp", "revisions"), *(("rfp", "revisions", "[]", key) for key in ("version", "date", "summary"))}
    # the examples are projects before the tally: no consensus meeting has agreed a score yet (the scoring
    # tests and the wizard's scoring page cover evaluation.consensus)
    not_applicable |= {("evaluation", "consensus"), *(("evaluation", "consensus", "[]", key)
                                                      for key in ("vendor", "criterion", "score", "reason"))}
    # the offer validity has its home in rfp.quote_validity_days; the response form's own field is read
    # only when that is unset (test_either_field_sets_the_offer_validity_for_both covers it)
    not_applicable |= {("pricing", "response_form", "offer_validity_days")}
    missing = sorted(".".join(f) for f in declared - used - not_applicable)
    assert missing == []


def test_examples_use_different_price_formulas_and_withhold_with_look_for():
    formulas = set()
    for path in EXAMPLES:
        project, _ = validate_file(path)
        formulas.add(project.data["evaluation"]["price"]["formula"])
        withheld = project.withheld()
        assert len(withheld) >= 3 and all(r.look_for for r in withheld)
        assert project.unstated_needs_criterion() is not None
        assert any(c.get("mandatory") for c in project.criteria())
        assert len(project.data["evaluation"]["vendors"]) == 3
        assert len(project.data["evaluation"]["evaluators"]) == 3
        assert any(e.get("sees_prices") for e in project.data["evaluation"]["evaluators"])
    assert len(formulas) == 2


def test_example_requirement_ids_use_their_part_prefix():
    for path in EXAMPLES:
        project, _ = validate_file(path)
        for requirement in project.requirements():
            assert requirement.id.startswith(requirement.part.prefix + "-"), (path.name, requirement.id)


def test_round_trip_keeps_every_value(tmp_path):
    """Load, write back with yamlio.dump, load again: the same data (what the wizard relies on)."""
    for path in EXAMPLES:
        doc, _ = read(path)
        again = validate_bytes(dump(doc.data).encode("utf-8"), "again.yaml")
        assert again[1] == []
        assert again[0].data == doc.data



def test_an_id_with_a_trailing_newline_is_refused(write_yaml):
    """Python's '$' also matches before a final newline; the schema's patterns must not."""
    from rfpgen.validation import validate_file

    path = write_yaml('schema_version: 1\nproject: {id: "min\\n", title: t, client: {name: c}, language: en, version: "1"}\n'
                      'evaluation: {criteria: [{id: C, name: c, description: d, weight: 100}], price: {formula: relative_to_lowest}}\n')
    project, problems = validate_file(path)
    assert project is None
    assert [p.path for p in problems] == ["project.id"] and "\\n" in problems[0].message


def test_a_gate_cannot_be_the_unstated_needs_criterion(write_yaml):
    from rfpgen.validation import validate_file

    path = write_yaml("""
        schema_version: 1
        project: {id: p, title: t, client: {name: c}, language: en, version: "1"}
        evaluation:
          criteria:
            - {id: C1, name: Quality, weight: 100}
            - {id: G1, name: Insight, weight: 0, mandatory: true, unstated_needs: true}
          price: {formula: relative_to_lowest}
        """)
    project, problems = validate_file(path)
    assert project is None
    assert [(p.line, p.path) for p in problems if p.severity == "error"] == [(6, "evaluation.criteria[1].unstated_needs")]


def test_anchors_on_the_computed_criterion_and_a_price_evaluator_on_the_quality_panel_are_warned():
    data = _base()
    data["evaluation"]["criteria"][2]["anchors"] = [{"score": 0, "description": "nothing"}]
    problem = only_problem(data, severity="warning")
    assert problem.path == "evaluation.criteria[2].anchors" and "computed" in problem.message
    data = _base()
    data["evaluation"]["evaluators"] = [{"id": "E1", "name": "Ann", "sees_prices": True}]
    problem = only_problem(data, severity="warning")
    assert problem.path == "evaluation.evaluators[0].sees_prices"
    data["evaluation"]["evaluators"][0]["prices_only"] = True
    assert check(data)[1] == []


def _error_list(errors) -> list:
    return sorted((tuple(map(str, e.absolute_path)), e.validator, e.message) for e in errors)


def _readable_files() -> list:
    """The examples and the test files that read as YAML (some test files are broken on purpose)."""
    return [p for p in EXAMPLES + sorted((ROOT / "tests" / "data").rglob("*.yaml")) if read(p)[0] is not None]


@pytest.mark.parametrize("path", _readable_files(), ids=lambda p: p.name)
def test_the_schema_checked_section_by_section_finds_what_the_whole_schema_finds(path):
    """Each section's errors are remembered by its content (a wizard save changes one section): the
    errors, the first time and from the memory, are the whole schema's own."""
    from rfpgen.validation import schema_errors, schema_validator

    doc, _ = read(path)
    whole = _error_list(schema_validator().iter_errors(doc.data))
    assert _error_list(schema_errors(doc.data)) == whole
    assert _error_list(schema_errors(doc.data)) == whole  # remembered


def test_without_the_compiled_schema_jsonschema_alone_finds_the_same(monkeypatch):
    from rfpgen import validation

    monkeypatch.setattr(validation, "_compiled", {})  # as where jsonschema-rs is not installed
    for path in _readable_files():
        data = read(path)[0].data
        assert _error_list(validation.schema_errors(data)) == _error_list(
            validation.schema_validator().iter_errors(data)), path.name


def test_remembered_section_errors_follow_the_content_exactly():
    """The same text, number or truth value written differently is a different section: 1, 1.0, '1'
    and true are told apart, so an error is never reused for a value it does not fit."""
    from rfpgen.validation import schema_errors, schema_validator

    base = _base()
    for value in ("1", 1, 1.0, True, "1.0", None, [], {}):
        data = base | {"project": base["project"] | {"version": value}}
        assert _error_list(schema_errors(data)) == _error_list(schema_validator().iter_errors(data)), value
    broken = base | {"surprise": 1, "schema_version": 2}
    broken.pop("evaluation")
    found = _error_list(schema_errors(broken))
    assert found == _error_list(schema_validator().iter_errors(broken))
    assert {kind for _, kind, _ in found} >= {"required", "additionalProperties", "const"}
    assert _error_list(schema_errors(["not", "a", "mapping"])) == _error_list(
        schema_validator().iter_errors(["not", "a", "mapping"]))


_ODD_VALUES = ["", "x", "2027-02-30", "2028-02-29", "2027-04-01\n", "٢٠٢٧-04-01", "２０２７-04-01", -1, 0, 1.0, 1.5,
               10 ** 30, True, False, None, [], {}, "a@b", "no at sign", "山田@例え.jp", "09:00", "24:00", "25:00",
               "2027-04", "9" * 31, "x" * 5001, float("nan"), float("inf"), {"unknown": 1}, ["x"]]


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, path + (key,))
    elif isinstance(node, list) and node:
        yield path + (0,), "duplicate"  # the same entry twice: uniqueItems
        for i, value in enumerate(node):
            yield from _leaves(value, path + (i,))
    else:
        yield path, node


def _replaced(data, path, value):
    import copy

    new = copy.deepcopy(data)
    node = new
    for part in path[:-1]:
        node = node[part]
    if value == "duplicate":
        node[path[-1]:path[-1]] = [copy.deepcopy(node[path[-1]])]
    else:
        node[path[-1]] = value
    return new


@pytest.mark.slow
def test_the_compiled_schema_never_passes_a_section_jsonschema_refuses():
    """jsonschema-rs decides only that a section is valid (then it has no error); every odd value put
    in the fields of the examples must leave it at least as strict as jsonschema."""
    from rfpgen.validation import _compiled_sections, _surely_valid, schema_validator

    if not _compiled_sections():
        pytest.skip("jsonschema-rs is not installed: jsonschema alone checks every section")
    validator, passed, refused = schema_validator(), 0, 0
    for example in EXAMPLES:
        data = read(example)[0].data
        for n, (path, _) in enumerate(_leaves(data)):
            section = path[0]
            subschema = validator.schema["properties"].get(section)
            if subschema is None or len(path) < 2:
                continue
            for value in (_ODD_VALUES[(n * 7 + k) % len(_ODD_VALUES)] for k in range(3)):
                mutated = _replaced(data[section], path[1:], value)
                if _surely_valid(section, mutated):  # then jsonschema must find nothing either
                    errors = list(validator.descend(mutated, subschema, path=section))
                    assert not errors, (path, value, [e.message for e in errors])
                    passed += 1
                else:
                    refused += 1
    assert refused > 300 and passed > 100  # the odd values do break things, and not all: not vacuous


def test_an_approver_who_also_evaluates_is_warned():
    """An approver who is also an evaluator (by name, spaces and case aside) or the price evaluator
    would approve their own evaluation."""
    data = _base()
    data["evaluation"]["evaluators"] = [{"id": "E1", "name": "Ann Lee"},
                                        {"id": "E2", "name": "Bo", "sees_prices": True, "prices_only": True}]
    data.setdefault("approval", {})["approvers"] = [{"name": "ann  LEE"}, {"name": "Carl"}]
    problem = only_problem(data, severity="warning")
    assert problem.path == "approval.approvers[0].name" and "own evaluation" in problem.message
    data["approval"]["approvers"] = [{"name": "Bo"}]
    problem = only_problem(data, severity="warning")
    assert "evaluator of the prices" in problem.message
    data["approval"]["approvers"] = [{"name": "Carl"}]
    assert check(data)[1] == []


def test_the_division_method_refuses_presentation_points_added_to_its_value():
    """The division method's value is points per million of the currency (about 0.25 for a 600
    million yen contract); presentation points on 0–100 added to it would decide the ranking alone."""
    data = _base()
    data["evaluation"]["price"] = {"formula": "jp_division", "reference_price": 600_000_000}
    data["evaluation"]["rules"] = {"minimum": {"quality": 60}, "presentation": {
        "top": 1, "points": 30, "combine": "sum",
        "criteria": [{"id": "P-DEMO", "name": "Demonstration", "description": "A live demonstration.", "weight": 100}]}}
    problem = only_problem(data)
    assert problem.path == "evaluation.rules.presentation.combine" and "decide the ranking alone" in problem.message
    data["evaluation"]["rules"]["presentation"]["combine"] = "presentation_only"
    assert check(data)[1] == []


@pytest.mark.parametrize("digits, warned", [(2, True), (3, True), (4, False), (6, False)])
def test_the_division_method_warns_when_rounding_would_tie_distinct_proposals(digits, warned):
    """At 600 million yen the value is about 0.23: rounded to 2 decimals, proposals 4 % apart tie."""
    data = _base()
    data["evaluation"]["price"] = {"formula": "jp_division", "reference_price": 600_000_000}
    data["evaluation"]["rules"] = {"minimum": {"quality": 60}, "rounding": {"method": "truncate", "digits": digits}}
    problems = check(data)[1]
    if warned:
        problem = only_problem(data, severity="warning")
        assert problem.path == "evaluation.rules.rounding.digits" and "use at least 4 decimals" in problem.message
        assert "同点" in only_problem(data, severity="warning", lang="ja").message
    else:
        assert problems == []
    data["evaluation"]["rules"]["rounding"]["apply_to"] = ["quality"]  # the total is not rounded: nothing ties
    assert check(data)[1] == []


@pytest.mark.parametrize("formula", ["price_per_quality", "jp_division"])
def test_a_formula_where_price_outweighs_quality_without_bound_wants_a_quality_floor(formula):
    """Price per quality point and the division method divide by the price: a low enough price beats any
    quality score, so without a minimum quality score a cheap, weak proposal can win."""
    data = _base()
    data["evaluation"]["price"] = {"formula": formula, "reference_price": 600_000_000}
    problem = only_problem(data, severity="warning")
    assert problem.path == "evaluation.price.formula" and "evaluation.rules.minimum.quality" in problem.message
    assert "最低基準点" in only_problem(data, severity="warning", lang="ja").message
    data["evaluation"]["rules"] = {"minimum": {"quality": 60}}
    assert check(data)[1] == []
    data["evaluation"]["price"] = {"formula": "relative_to_lowest"}  # capped price points: quality keeps its weight
    del data["evaluation"]["rules"]
    assert check(data)[1] == []


def test_a_presentation_only_final_that_everyone_reaches_is_warned():
    """Presentation points alone decide, and all vendors present: quality and price count for nothing."""
    data = _base()
    data["evaluation"]["rules"] = {"presentation": {
        "top": 2, "points": 30, "combine": "presentation_only",
        "criteria": [{"id": "P-DEMO", "name": "Demonstration", "description": "A live demonstration.", "weight": 100}]}}
    problem = only_problem(data, severity="warning")
    assert problem.path == "evaluation.rules.presentation.top" and "do not affect the ranking" in problem.message
    data["evaluation"]["vendors"].append({"id": "V-C", "name": "Vendor C"})  # two of three present: a real shortlist
    assert check(data)[1] == []


def test_a_question_contact_who_scores_the_proposals_is_warned():
    """Bidders put their questions to the RFP's contact: one who also scores quality would hear from the
    bidders they evaluate (a price-only evaluator may be the contact)."""
    data = _base()
    data["evaluation"]["evaluators"] = [{"id": "E1", "name": "Ann Lee"},
                                        {"id": "E2", "name": "Bo", "sees_prices": True, "prices_only": True}]
    data.setdefault("rfp", {})["qa"] = {"contact": {"name": "ann  lee"}}
    problem = only_problem(data, severity="warning")
    assert problem.path == "rfp.qa.contact.name" and "scores the proposals" in problem.message
    data["rfp"]["qa"]["contact"]["name"] = "Bo"
    assert check(data)[1] == []


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_scored_criterion_of_the_examples_has_its_own_anchors(path):
    """The examples show what a consultant writes: each criterion scored on the scale says what earns a
    low, a middle and a top score in its own terms (the scale's generic words say nothing about
    financial strength); anchors ascend within 0 to the top of the scale. The unstated-needs criterion
    is computed from its checklist, the mandatory ones are pass or fail."""
    doc, _ = read(path)
    evaluation = doc.data["evaluation"]
    for criterion in evaluation["criteria"]:
        if criterion.get("mandatory") or criterion.get("unstated_needs"):
            continue
        scores = [a["score"] for a in criterion.get("anchors") or []]
        assert len(scores) >= 3 and scores == sorted(set(scores)), criterion["id"]
        assert 0 <= scores[0] and scores[-1] == evaluation["scale"]["max"], criterion["id"]


@pytest.mark.parametrize("lang, typed, expected", [
    ("en", "£", "must be a three-letter ISO 4217 currency code in capitals, such as GBP, EUR, USD or JPY (got the text '£'); write GBP for '£'"),
    ("ja", "£", "通貨は ISO 4217 の英大文字3文字のコードで書いてください（例: JPY、USD、EUR、GBP）（文字列「£」）。「£」は GBP と書きます"),
    ("en", "gbp", "(got the text 'gbp'); write GBP for 'gbp'"),
    ("en", "Sterling!", "such as GBP, EUR, USD or JPY (got the text 'Sterling!')"),
])
def test_a_currency_not_written_as_its_code_says_what_to_write(lang, typed, expected):
    """`currency: £` gave 'does not have the expected form': the message now names the ISO 4217 form and the code."""
    data = _base()
    data["pricing"]["currency"] = typed
    _, problems = check(data, lang)
    assert [expected in p.message for p in problems if p.path == "pricing.currency"] == [True], [str(p) for p in problems]


@pytest.mark.parametrize("lang, words", [("en", "the busiest month (2027-11) is counted 18 times where 36 months hold it 3 times"),
                                         ("ja", "最繁月（2027-11）を18回数え（36か月には3回）")])
def test_a_forecast_of_less_than_a_year_over_a_longer_term_is_a_warning_at_its_volumes(lang, words):
    """Bids are priced by repeating the forecast over the term: two months over 36 count the busy month
    18 times. A warning at the volumes, asking for 12 months; a term no longer than the forecast is fine."""
    data = _base()
    data["pricing"]["contract_term_months"] = 36
    problem = only_problem(data, severity="warning", lang=lang)
    assert problem.path == "work_definition.programs[0].volumes" and words in problem.message
    data["pricing"]["contract_term_months"] = 2
    assert check(data)[1] == []


@pytest.mark.parametrize("place, text", [(("proposal_contents",), ["Staffing plan", "Price quote for each programme"]),
                                         (("submission", "format"), "PDF（A4横）と見積書のExcelファイル")])
def test_an_rfp_asking_for_a_separate_price_document_is_warned(place, text):
    """Bidders price on the response form rfpgen sends: an RFP also asking for a 見積書 or a price
    quote leaves them guessing whether a second price file is expected."""
    data = _base()
    rfp = data.setdefault("rfp", {})
    if place == ("proposal_contents",):
        rfp["proposal_contents"] = text
    else:
        rfp.setdefault("submission", {})["format"] = text
    problem = only_problem(data, severity="warning")
    assert problem.path == "rfp." + ".".join(place) + ("[1]" if place == ("proposal_contents",) else "")
    assert "response form" in problem.message
    assert "提案回答書" in only_problem(data, severity="warning", lang="ja").message


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_sla_credit_on_a_kpi_the_documents_do_not_define_is_warned_at_its_line(lang):
    """The Japanese example credited 「メールの24時間以内初回返信率」 and 「応対品質評価（平均点）」 where its KPI table
    defines メール返信期限 and the quality score as a percentage: a credit names a KPI as the table prints it
    (a queue in brackets allowed), else the contract deducts for something nobody defined."""
    data = _base()
    data["pricing"]["sla_credits"]["allocations"] = [
        {"kpi": "Service level (Phone)", "allocation_pct": 40},
        {"kpi": "E-mail first replies within 24 hours", "allocation_pct": 30},
        {"kpi": "Call quality score (QA)", "allocation_pct": 30}]
    problem = only_problem(data, "warning", lang)
    assert problem.line == line_of(data, ("pricing", "sla_credits", "allocations", 1, "kpi"))
    assert problem.path == "pricing.sla_credits.allocations[1].kpi"
    said = str(problem)
    assert said.startswith(f"p.yaml:{problem.line}:")
    if lang == "ja":
        assert "「E-mail first replies within 24 hours」は、文書が定義するKPIのどれでもありません" in said
        assert "「Service level」、「Call quality score (QA)」" in said
    else:
        assert "“E-mail first replies within 24 hours” names no KPI the documents define" in said
        assert "(“Service level”, “Call quality score (QA)”)" in said
    data["operations"]["kpis"]["other"] = [{"name": "E-mail first replies within 24 hours", "target": "95%"}]
    assert check(data, lang)[1] == []  # a KPI of the project's own is defined too


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_sla_credit_on_handle_time_is_warned(lang):
    """A credit on AHT pays the contractor for shorter calls, not better ones: warned at the allocation, by
    the KPI's name in either language, a queue in brackets too."""
    data = _base()
    data["operations"]["kpis"]["aht_seconds"] = 300
    data["pricing"]["sla_credits"]["allocations"][1]["kpi"] = "平均処理時間（AHT）（電話）"
    problem = only_problem(data, "warning", lang)
    assert problem.path == "pricing.sla_credits.allocations[1].kpi"
    assert problem.line == line_of(data, ("pricing", "sla_credits", "allocations", 1, "kpi"))
    assert ("通話を短くするほど受託者が得をします" if lang == "ja" else "pays the contractor to shorten contacts") in str(problem)
    data["pricing"]["sla_credits"]["allocations"][1]["kpi"] = "Call quality score (QA)"
    assert check(data, lang)[1] == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_an_event_over_a_whole_month_is_warned_that_its_factor_changes_nothing(lang):
    """A month's total stays its forecast, so a "November peak" over every day of November adds no contact:
    warned at the factor; an event over part of a month, or one closing the dates (factor 0), is not."""
    data = _base()
    data["work_definition"]["forecast"]["events"] = [
        {"name": "Peak", "start": "2027-10-25", "end": "2027-12-02", "factor": 1.5}]
    problem = only_problem(data, "warning", lang)
    assert problem.path == "work_definition.forecast.events[0].factor"
    assert ("2027年11月の全日を含みます" if lang == "ja" else "covers the whole of 2027-11") in str(problem)
    data["work_definition"]["forecast"]["events"][0].update(start="2027-11-02")
    assert check(data, lang)[1] == []
    data["work_definition"]["forecast"]["events"][0].update(start="2027-11-01", end="2027-11-30", factor=0)
    assert check(data, lang)[1] == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_pool_of_programs_in_different_languages_is_warned(lang):
    """A pool is one team: programs answered in different languages pool only if every agent speaks them all.
    The warning names the languages, not their codes; the same languages in any order are no warning."""
    data = _base()
    data["work_definition"]["programs"][1]["channel"] = "phone"
    data["work_definition"]["programs"][0]["languages"] = ["en", "cy"]
    data["work_definition"]["programs"][1]["languages"] = ["en"]
    data["operations"]["pools"] = [{"id": "TEAM", "name": "Phone team", "programs": ["PHONE", "MAIL"]}]
    problem = only_problem(data, "warning", lang)
    assert problem.path == "operations.pools[0].programs"
    assert ("英語・ウェールズ語／英語" if lang == "ja" else "(English, Welsh / English)") in str(problem)
    data["work_definition"]["programs"][1]["languages"] = ["cy", "en"]
    assert check(data, lang)[1] == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_service_level_definition_counting_one_queues_seconds_is_warned_where_queues_differ(lang):
    """The Japanese example defined サービスレベル as 「20秒以内に応答した呼数 ÷ 着信呼数」 while its complaint
    window answers in 30 s: the one definition the KPI table prints for both windows must not count one's seconds."""
    data = _base()
    data["work_definition"]["programs"].append(
        {"id": "CHAT", "name": "Chat", "type": "inbound", "channel": "chat",
         "service_level": {"percent": 80, "threshold_seconds": 60},
         "call_reasons": [{"name": "Order", "share_pct": 100, "aht_seconds": 400}],
         "volumes": [{"month": "2027-10", "contacts": 900}, {"month": "2027-11", "contacts": 950}]})
    data["operations"]["kpis"]["definitions"] = {"service_level": "Calls answered within 20 s ÷ offered calls (5 s abandons excluded)."}
    problem = only_problem(data, "warning", lang)
    assert problem.line == line_of(data, ("operations", "kpis", "definitions", "service_level"))
    assert (("サービスレベルの定義が20秒以内の応答を数えています" in problem.message and "Chatは20秒ではない" in problem.message)
            if lang == "ja" else "counts contacts answered within 20 s" in problem.message and "(Chat: not 20 s)" in problem.message)
    data["operations"]["kpis"]["definitions"]["service_level"] = "Calls answered within the queue's target seconds ÷ offered calls (5 s abandons excluded)."
    assert check(data, lang)[1] == []
