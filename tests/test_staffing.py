"""The staffing plan from a project file, and the `rfpgen staffing` command."""
from __future__ import annotations

import csv
import io
import json
import math
import re

import pytest
from click.testing import CliRunner

from rfpgen import erlang
from rfpgen.cli import main
from rfpgen.errors import RfpgenError
from rfpgen.staffing import WEEKDAYS, plan
from conftest import ROOT
from staffing_support import HOURLY, interval, program, project, staffing
from rfpgen.validation import project_from_data
from rfpgen.yamlio import dump


# ---------------------------------------------------------------- shape and contract

def test_plan_has_the_documented_structure_and_is_json_safe():
    result = staffing(project())
    assert json.loads(json.dumps(result)) == result
    for key in ("assumptions", "warnings", "programs", "weekday_table", "monthly", "peak", "supervisors",
                "hiring_timeline", "chart", "headcount", "shrinkage", "months", "peak_month"):
        assert key in result
    assert not result["empty"] and result["reason"] is None
    assert all({"key", "value", "source", "text"} <= set(a) for a in result["assumptions"])
    summary = result["programs"][0]
    assert (summary["id"], summary["channel"], summary["model"]) == ("orders", "phone", "erlang_c")
    assert summary["aht_seconds"] == pytest.approx(0.6 * 240 + 0.4 * 150)
    assert result["weekday_table"]["weekdays"] == list(WEEKDAYS)


def test_each_interval_is_the_erlang_answer_for_its_share_of_the_month():
    result = staffing(project())
    # April 2027: 4 Mondays (5, 12, 19, 26) ... weights per open date from the weekday profile.
    counts = {"mon": 4, "tue": 4, "wed": 4, "thu": 5, "fri": 5, "sat": 4}
    shares = {"mon": 20, "tue": 17, "wed": 16, "thu": 16, "fri": 17, "sat": 14}
    monday = 12000 * shares["mon"] / sum(shares[d] * counts[d] for d in counts)
    contacts = monday * (14 / 2) / 100  # 10:00-11:00 holds 14% of the day, split over two half hours
    load = erlang.offered_load(contacts, 204, 1800)
    expected = erlang.required_agents(load, 204, erlang.Targets(0.8, 20, max_occupancy=0.85))
    april = staffing(project(**{"work_definition__programs__0__volumes": [{"month": "2027-04", "contacts": 12000}]}))
    assert interval(april, "mon", "10:00") == expected
    assert interval(april, "mon", "10:00", "scheduled") == erlang.scheduled_agents(expected, 1 - 0.9 * 0.92)
    assert april["weekday_table"]["days"][0]["contacts"] == pytest.approx(monday, abs=0.05)
    assert result["peak_month"] == "2027-05"


def test_monthly_contacts_are_conserved_across_dates_and_intervals():
    data = project(**{"operations__opening_hours__closed_dates": ["2027-05-03", "2027-05-04"]})
    result = plan(project_from_data(data))
    total = {}
    for row in result.interval_rows():
        total[row["month"]] = total.get(row["month"], 0) + row["contacts"] * row["dates"]
    assert total["2027-04"] == pytest.approx(12000, abs=0.1)  # rows carry contacts rounded to 0.001
    assert total["2027-05"] == pytest.approx(15000, abs=0.1)
    may = [row for row in result.interval_rows() if row["month"] == "2027-05"]
    assert {row["dates"] for row in may if row["weekday"] == "mon"} == {4}  # 5 Mondays in May 2027, one closed


def test_peak_falls_in_the_busiest_hours_of_the_profile():
    result = staffing(project())
    assert result["peak"]["weekday"] == "mon"  # 20% of the week
    assert result["peak"]["start"] in ("10:00", "10:30")
    chart = result["chart"]
    assert chart["weekday"] == "mon" and len(chart["interval_starts"]) == len(chart["scheduled"]) == len(chart["contacts"])
    busiest = chart["contacts"].index(max(chart["contacts"]))
    assert chart["scheduled"][busiest] == max(chart["scheduled"])
    assert chart["interval_starts"][0] == "09:00" and chart["interval_starts"][-1] == "17:30"


def test_closed_hours_and_days_get_nothing():
    result = staffing(project())
    rows = {row["start"]: row for row in result["weekday_table"]["rows"]}
    assert "08:30" not in rows and "18:00" not in rows
    assert rows["09:00"]["required"][WEEKDAYS.index("sat")] is None  # Saturday opens at 10:00
    assert all(row["scheduled"][WEEKDAYS.index("sun")] is None for row in rows.values())
    sunday = result["weekday_table"]["days"][6]
    assert (sunday["open"], sunday["contacts"], sunday["peak_scheduled"]) == (False, 0, 0)
    assert not any(row["weekday"] == "sun" for row in plan(project_from_data(project())).interval_rows())


def test_profile_share_outside_opening_hours_is_moved_and_reported():
    result = staffing(project())
    # Saturday (14% of the week) is closed 09:00-10:00 and 17:00-18:00: 8% + 9% of its day.
    assert result["programs"][0]["outside_hours_pct"] == pytest.approx(14 * 0.17, abs=0.05)
    assert any(w["key"] == "profile_outside_hours" for w in result["warnings"])


def test_open_hours_without_forecast_contacts_are_reported():
    data = project(**{"operations__opening_hours__weekly": [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "20:00"}]})
    result = staffing(data)
    assert interval(result, "mon", "19:00") == 0  # open, but the profile ends at 18:00
    warning = next(w for w in result["warnings"] if w["key"] == "open_without_forecast")
    assert warning["value"] == 5 * 4 and "mon 18:00" in warning["text"]


def test_zero_volume_gives_zero_agents_in_open_hours():
    data = project(**{"work_definition__programs__0__volumes": [{"month": "2027-04", "contacts": 0}]})
    result = staffing(data)
    assert result["peak"]["required"] == 0 and result["peak"]["scheduled"] == 0
    assert result["monthly"][0]["fte"] == 0 and result["supervisors"]["count"] == 0
    assert interval(result, "mon", "10:00") == 0 and interval(result, "sun", "10:00") is None


def test_hourly_profile_is_split_over_half_hours_and_quarter_hours():
    for minutes, slots in ((30, 2), (15, 4)):
        result = staffing(project(**{"work_definition__forecast__interval_minutes": minutes}))
        chart = result["chart"]
        first = chart["contacts"][:slots]
        assert max(first) == pytest.approx(min(first))  # 09:00 entry spread evenly over its hour
        assert result["interval_minutes"] == minutes


# ---------------------------------------------------------------- channels and models

def test_chat_counts_each_agent_as_concurrency_servers():
    data = project()
    chat = program(data, id="chat", channel="chat", concurrency=3,
                   service_level={"percent": 80, "threshold_seconds": 60},
                   call_reasons=[{"name": "chat", "share_pct": 100, "aht_seconds": 600}],
                   volumes=[{"month": "2027-04", "contacts": 6000}])
    data["work_definition"]["programs"] = [chat]
    april = plan(project_from_data(data))
    row = next(r for r in april.interval_rows() if (r["weekday"], r["start"]) == ("mon", "10:00"))
    load = row["contacts"] * 600 / 1800
    servers = erlang.required_agents(load, 600, erlang.Targets(0.8, 60, max_occupancy=0.85))
    assert row["required"] == math.ceil(servers / 3)
    summary = april.as_dict()["programs"][0]
    assert summary["concurrency"] == 3 and summary["service_level"] == {"percent": 80, "threshold_seconds": 60}
    assert april.as_dict()["monthly"][0]["workload_hours"] == pytest.approx(6000 * 600 / 3 / 3600, abs=0.1)


def test_email_is_workload_spread_over_the_day_not_erlang():
    data = project()
    data["work_definition"]["programs"] = [program(data, id="mail", channel="email",
                                                   call_reasons=[{"name": "m", "share_pct": 100, "aht_seconds": 360}],
                                                   volumes=[{"month": "2027-04", "contacts": 4000}])]
    data["operations"]["kpis"]["email_response_hours"] = 24
    result = plan(project_from_data(data))
    summary = result.as_dict()["programs"][0]
    assert summary["model"] == "workload" and summary["response_target_hours"] == 24
    monday = [r for r in result.interval_rows() if r["weekday"] == "mon"]
    daily = sum(r["contacts"] for r in monday)
    expected = math.ceil(daily * 360 / len(monday) / (1800 * 0.85))
    assert {r["required"] for r in monday} == {expected}  # flat: 24 h is longer than the opening span


def test_email_with_a_short_response_target_follows_arrivals():
    data = project()
    data["work_definition"]["programs"] = [program(data, id="mail", channel="email", response_target_hours=2,
                                                   call_reasons=[{"name": "m", "share_pct": 100, "aht_seconds": 360}],
                                                   volumes=[{"month": "2027-04", "contacts": 8000}])]
    result = plan(project_from_data(data))
    monday = {r["start"]: r for r in result.interval_rows() if r["weekday"] == "mon"}
    assert monday["10:00"]["required"] > monday["09:00"]["required"]
    assert monday["10:00"]["required"] == math.ceil(round(monday["10:00"]["contacts"] * 360 / (1800 * 0.85), 9))


def test_outbound_is_workload_and_patience_switches_to_erlang_a():
    data = project()
    outbound = program(data, id="calls_out", type="outbound")
    patient = program(data, id="patient", patience_seconds=90)
    data["work_definition"]["programs"] = [data["work_definition"]["programs"][0], outbound, patient]
    result = staffing(data)
    models = {p["id"]: p["model"] for p in result["programs"]}
    assert models == {"orders": "erlang_c", "calls_out": "workload", "patient": "erlang_a"}
    peaks = {p["id"]: p["peak_required"] for p in result["programs"]}
    assert peaks["patient"] <= peaks["orders"]  # same service level, callers who give up take no agent time
    assert any(a["key"] == "erlang_a" for a in result["assumptions"])

    data["operations"]["kpis"]["abandonment_pct"] = 2  # now the abandonment target binds
    capped = plan(project_from_data(data))
    for row in capped.interval_rows():
        if row["program"] == "patient" and row["required"]:
            load = row["contacts"] * 204 / 1800
            assert erlang.evaluate(row["required"], load, 204, 20, 90).abandon_probability <= 0.02
    assert {p["id"]: p["peak_required"] for p in capped.as_dict()["programs"]}["patient"] >= peaks["patient"]


def test_program_without_handle_time_is_left_out_with_a_warning():
    data = project()
    data["work_definition"]["programs"].append({"id": "misc", "name": "Misc", "type": "inbound", "channel": "phone",
                                                "volumes": [{"month": "2027-04", "contacts": 100}]})
    result = staffing(data)
    assert [p["id"] for p in result["programs"]] == ["orders"]
    assert any(w["key"] == "no_handle_time" and w["program"] == "misc" for w in result["warnings"])


def test_kpi_handle_time_is_the_fallback():
    data = project()
    data["work_definition"]["programs"][0].pop("call_reasons")
    data["operations"]["kpis"]["aht_seconds"] = 300
    assert staffing(data)["programs"][0]["aht_seconds"] == 300


# ---------------------------------------------------------------- totals

def test_fte_supervisors_and_months():
    result = plan(project_from_data(project()))
    data = result.as_dict()
    for month in data["monthly"]:
        rows = [r for r in result.interval_rows() if r["month"] == month["month"]]
        productive = sum(r["required"] * r["dates"] for r in rows) * 0.5
        scheduled = sum(r["scheduled"] * r["dates"] for r in rows) * 0.5
        assert month["productive_hours"] == pytest.approx(productive, abs=0.05)
        assert month["scheduled_hours"] == pytest.approx(scheduled, abs=0.05)
        assert month["fte"] == pytest.approx(scheduled / 160, abs=0.05)
        assert month["workload_hours"] == pytest.approx(month["contacts"] * 204 / 3600, abs=0.05)
        assert 0 < month["occupancy_pct"] <= 85
    assert data["headcount"]["month"] == "2027-04"


def _floor_hours(result, month: str, span: int, minimum: int = 0) -> float:
    """Supervisor hours on the floor worked out from the exported intervals: all programs' scheduled
    agents per interval ÷ span, rounded up, at least `minimum`, times the dates, in hours."""
    on_floor = {}
    for r in result.interval_rows():
        if r["month"] == month:
            at = (r["date"] or r["weekday"], r["start"])
            dates, agents = on_floor.get(at, (r["dates"], 0))
            on_floor[at] = (dates, agents + r["scheduled"])
    return sum(dates * max(minimum, math.ceil(agents / span)) for dates, agents in on_floor.values()) * 0.5


def test_supervisors_follow_the_floor_not_the_fte():
    """One supervisor per 12 scheduled agents in every interval, rounded up there (not the month's FTE ÷ 12),
    the floor hours turned into FTE with the agents' shrinkage and paid hours; the count is whole people."""
    result = plan(project_from_data(project()))
    data = result.as_dict()
    shrinkage = 1 - 0.9 * 0.92
    for month in data["monthly"]:
        hours = _floor_hours(result, month["month"], 12)
        assert month["supervisor_fte"] == pytest.approx(hours / (1 - shrinkage) / 160, abs=0.05)
    sup = data["supervisors"]
    busiest = max(data["monthly"], key=lambda m: (m["supervisor_fte"], m["fte"]))  # equal: the month needing the most agents
    assert (sup["month"], sup["fte"], sup["count"]) == (busiest["month"], busiest["supervisor_fte"], math.ceil(busiest["supervisor_fte"]))
    assert sup["count"] > math.ceil(busiest["fte"] / 12)  # the old FTE ÷ span undercounts a floor spread over the day
    assert data["headcount"]["supervisors"] == math.ceil(data["monthly"][0]["supervisor_fte"])


def test_supervisor_floor_minimum_covers_every_hour_any_program_is_open():
    """`people.minimum_supervisors` keeps that many on the floor in every interval some program is open,
    the union of the programs' hours (a chat open two hours longer than the phones needs its supervisor too)."""
    data = project(**{"people__minimum_supervisors": 2})
    chat = program(data, id="chat", channel="chat", volumes=[{"month": "2027-04", "contacts": 10},
                                                              {"month": "2027-05", "contacts": 10}],
                   opening_hours={"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "20:00"}]})
    data["work_definition"]["programs"].append(chat)
    result = plan(project_from_data(data))
    hours = _floor_hours(result, "2027-04", 12, minimum=2)
    late = [r for r in result.interval_rows() if r["month"] == "2027-04" and r["start"] >= "18:00"]
    assert late and all(r["program"] == "chat" for r in late)  # only the chat is open after 18:00
    assert result.as_dict()["monthly"][0]["supervisor_fte"] == pytest.approx(hours / (0.9 * 0.92) / 160, abs=0.05)
    assert hours >= 2 * 0.5 * sum(r["dates"] for r in late)  # two supervisors in each of those half hours
    assumption = next(a for a in result.as_dict()["assumptions"] if a["key"] == "minimum_supervisors")
    assert (assumption["value"], assumption["source"]) == (2, "project")


def test_several_programs_add_up_per_interval():
    data = project()
    second = program(data, id="returns", volumes=[{"month": "2027-04", "contacts": 5000}])
    data["work_definition"]["programs"].append(second)
    both = plan(project_from_data(data))
    rows = [r for r in both.interval_rows() if (r["month"], r["weekday"], r["start"]) == ("2027-04", "tue", "11:00")]
    assert len(rows) == 2
    result = both.as_dict()
    assert result["weekday_table"]["month"] == "2027-04"  # the added volume makes April the peak month
    assert interval(result, "tue", "11:00") == sum(r["required"] for r in rows)
    assert interval(result, "tue", "11:00", "scheduled") == sum(r["scheduled"] for r in rows)


def test_hiring_timeline_counts_back_from_service_start():
    result = staffing(project())
    dates = {m["key"]: m["date"] for m in result["hiring_timeline"]}
    # 1 January is a public holiday and 22 March 2027 the substitute holiday for 春分の日
    assert dates == {"hiring_start": "2027-01-04", "training_start": "2027-03-10",
                     "nesting_start": "2027-03-25", "go_live": "2027-04-01"}
    assert [m["key"] for m in result["hiring_timeline"]] == ["hiring_start", "training_start", "nesting_start", "go_live"]


def test_hiring_warnings_lead_time_and_contract():
    data = project(**{"people__hiring_lead_time_months": 0.5, "people__training": {"initial_days": 30, "nesting_days": 10},
                      "project__schedule": {"contract": "2027-03-01", "service_start": "2027-04-01",
                                            "transition_start": "2027-03-15"}})
    result = staffing(data)
    keys = {w["key"] for w in result["warnings"]}
    assert {"lead_time_shorter_than_training", "hiring_before_contract"} <= keys
    assert "transition_start" in [m["key"] for m in result["hiring_timeline"]]
    dates = [m["date"] for m in result["hiring_timeline"]]
    assert dates == sorted(dates)


def test_no_service_start_means_no_timeline_but_a_plan():
    result = staffing(project(**{"project__schedule": None}))
    assert result["hiring_timeline"] == [] and result["headcount"] is None
    assert any(w["key"] == "no_service_start" for w in result["warnings"])
    assert result["peak"]["scheduled"] > 0


# ---------------------------------------------------------------- defaults and empty plans

def test_defaults_are_used_and_documented():
    data = project(**{"work_definition__forecast": None, "operations": None, "people": None})
    result = staffing(data)
    assumptions = {a["key"]: a for a in result["assumptions"]}
    assert assumptions["service_level"]["value"] == {"percent": 80, "threshold_seconds": 20}
    assert assumptions["service_level"]["source"] == "default"
    assert assumptions["interval_minutes"]["value"] == 30
    assert assumptions["occupancy_cap_pct"]["value"] == 85
    assert assumptions["opening_hours"]["value"]["open"] == "09:00"
    assert assumptions["paid_hours_per_fte_month"]["source"] == "default"
    assert assumptions["intraday_profile"]["value"] == "flat"
    starts = [row["start"] for row in result["weekday_table"]["rows"]]
    assert starts[0] == "09:00" and starts[-1] == "17:30"
    counts = {interval(result, d, "12:00") for d in WEEKDAYS}
    assert len(counts) <= 2  # flat weekdays: same need every day (months start on different weekdays)


@pytest.mark.parametrize("change, reason", [
    ({"work_definition": None}, "no_programs"),
    ({"work_definition__programs__0__volumes": None}, "no_volumes"),
    ({"work_definition__programs__0__call_reasons": None}, "no_staffable_programs"),
])
def test_nothing_to_staff_is_an_empty_plan_not_an_error(change, reason):
    result = staffing(project(**change))
    assert result["empty"] and result["reason"] == reason
    assert result["weekday_table"] is None and result["peak"] is None
    assert json.loads(json.dumps(result)) == result


# ---------------------------------------------------------------- impossible targets in a project

@pytest.mark.parametrize("change, place, words", [
    ({"operations__kpis__service_level": {"percent": 100, "threshold_seconds": 0}},
     "operations.kpis.service_level", "100%"),
    ({"work_definition__programs__0__service_level": {"percent": 100, "threshold_seconds": 30}},
     "work_definition.programs[0].service_level", "100%"),
    ({"operations__occupancy_cap_pct": 0}, "operations.occupancy_cap_pct", "occupancy cap of 0%"),
    ({"operations__kpis__abandonment_pct": 0, "work_definition__programs__0__patience_seconds": 60},
     "operations.kpis.abandonment_pct", "abandonment"),
])
def test_impossible_targets_name_the_place(change, place, words):
    with pytest.raises(RfpgenError) as caught:
        plan(project_from_data(project(**change), name="p.yaml"))
    message = str(caught.value)
    assert message.startswith("p.yaml:") and place in message and words in message


# ---------------------------------------------------------------- the command

@pytest.fixture
def project_file(tmp_path):
    def write(data):
        path = tmp_path / "project.yaml"
        path.write_text(dump(data), encoding="utf-8")
        return str(path)
    return write


def test_command_table(project_file):
    result = CliRunner().invoke(main, ["staffing", project_file(project())])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Peak:" in out and ("mon 10:00" in out or "mon 10:30" in out)
    assert "Hiring timeline" in out and "2027-01-04  hiring start" in out
    assert "Scheduled agents (required) by interval and weekday, 2027-05" in out
    assert "Assumptions" in out


def test_command_json_is_the_plan(project_file):
    result = CliRunner().invoke(main, ["staffing", project_file(project()), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.output) == staffing(project())


def test_command_csv(project_file):
    result = CliRunner().invoke(main, ["staffing", project_file(project()), "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0]) == ["month", "weekday", "date", "start", "program", "dates", "contacts", "required", "scheduled"]
    assert {r["month"] for r in rows} == {"2027-04", "2027-05"}


def test_command_empty_and_invalid(project_file, tmp_path):
    empty = CliRunner().invoke(main, ["staffing", project_file(project(work_definition=None))])
    assert empty.exit_code == 0 and "Nothing to staff" in empty.output
    bad = project()
    bad["operations"]["occupancy_cap_pct"] = 0
    refused = CliRunner().invoke(main, ["staffing", project_file(bad)])
    assert refused.exit_code == 1 and "occupancy_cap_pct" in refused.output and "Traceback" not in refused.output
    missing = CliRunner().invoke(main, ["staffing", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_an_absurd_volume_names_the_program_and_its_place(tmp_path, cli):
    text = (ROOT / "examples" / "en-electronics-retail.yaml").read_text(encoding="utf-8")
    path = tmp_path / "huge.yaml"
    path.write_text(text.replace("- {month: 2028-12, contacts: 22000}", "- {month: 2028-12, contacts: 2200000000000}"),
                    encoding="utf-8")
    result = cli("staffing", path)
    assert result.exit_code == 1
    assert "huge.yaml:" in result.output and "work_definition.programs[1].volumes" in result.output
    assert "ORD-CHAT" in result.output and "2028-12" in result.output


# ---------------------------------------------------------------- programs in other time zones

def _two_zones(desk_zone: str, desk_open: str, desk_close: str, desk_profile_start: int) -> dict:
    """The demo queue (New York) and a delivery desk whose hours and profile are given in `desk_zone`."""
    data = project(**{"operations__opening_hours__time_zone": "America/New_York"})
    desk = program(data, id="desk", name="Delivery desk",
                   volumes=[{"month": "2027-04", "contacts": 9000}, {"month": "2027-05", "contacts": 9000}],
                   opening_hours={"time_zone": desk_zone, "weekly": [
                       {"days": ["mon", "tue", "wed", "thu", "fri"], "open": desk_open, "close": desk_close}]},
                   intraday_profile=[{"start": f"{(desk_profile_start + k) % 24:02d}:00", "pct": p}
                                     for k, p in enumerate(HOURLY)])
    data["work_definition"]["programs"].append(desk)
    return data


def test_programs_in_other_time_zones_are_added_at_the_same_moment_by_the_projects_clock():
    """A Los Angeles desk open 06:00-15:00 is open 09:00-18:00 in New York: the combined table, the peak
    and the plan's zone are those of the same desk written in New York time, not of 06:00 added to 06:00."""
    pacific = staffing(_two_zones("America/Los_Angeles", "06:00", "15:00", 6))
    eastern = staffing(_two_zones("America/New_York", "09:00", "18:00", 9))
    assert pacific["time_zone"] == "America/New_York"
    assert pacific["weekday_table"]["rows"] == eastern["weekday_table"]["rows"]
    assert pacific["peak"] == eastern["peak"]
    assert "06:00" not in [row["start"] for row in pacific["weekday_table"]["rows"]]
    assert [m["fte"] for m in pacific["monthly"]] == [m["fte"] for m in eastern["monthly"]]
    local_clock = staffing(_two_zones("America/New_York", "06:00", "15:00", 6))  # what adding by local clock gave
    assert local_clock["peak"] != pacific["peak"]


def test_hours_that_cross_midnight_by_the_projects_clock_go_to_the_next_day():
    """Los Angeles 20:00-24:00 on weekdays is 23:00-03:00 in New York: Friday's late desk shows on Saturday."""
    result = staffing(_two_zones("America/Los_Angeles", "20:00", "24:00", 20))
    assert interval(result, "sat", "01:00") and interval(result, "mon", "01:00") is None
    assert interval(result, "fri", "23:00") and interval(result, "tue", "01:00")


def test_zones_that_change_to_summer_time_on_different_dates_differ_by_two_amounts_that_month():
    from rfpgen.staffing import zone_offsets

    assert zone_offsets("Europe/London", "America/New_York", "2027-03") == {300: 17, 240: 14}  # 14 to 27 March
    assert zone_offsets("America/New_York", "America/Los_Angeles", "2027-03") == {180: 31}
    assert zone_offsets("Asia/Tokyo", None, "2027-03") == {0: 1}


def test_the_command_names_the_clock_of_the_combined_intervals(tmp_path):
    path = tmp_path / "two.yaml"
    path.write_text(dump(_two_zones("America/Los_Angeles", "06:00", "15:00", 6)), encoding="utf-8")
    out = CliRunner().invoke(main, ["staffing", str(path)]).output
    assert "by interval and weekday, 2027-05, America/New_York time" in out
    assert re.search(r"Peak: \d+ required / \d+ scheduled agents \(\w+ \d\d:\d\d America/New_York, ", out)


def test_validate_warns_where_programs_in_other_zones_cannot_be_added_exactly(tmp_path):
    """India is 9 h 30 min from New York: not a whole number of hourly intervals; a pool is one queue, and
    its members open by two clocks cannot both be right."""
    from rfpgen.validation import validate_file

    data = _two_zones("Asia/Kolkata", "09:00", "18:00", 9)
    data["work_definition"]["forecast"]["interval_minutes"] = 60
    data["operations"]["pools"] = [{"id": "all", "programs": ["orders", "desk"]}]
    path = tmp_path / "zones.yaml"
    path.write_text(dump(data), encoding="utf-8")
    _, problems = validate_file(path)
    texts = [p.message for p in problems if p.severity == "warning"]
    assert any("Asia/Kolkata" in t and "570 minutes" in t and "60-minute" in t for t in texts), texts
    assert any("different time zones (America/New_York, Asia/Kolkata)" in t for t in texts), texts


def test_the_command_reports_in_the_projects_language_and_lines_up_japanese_names():
    """A Japanese project's report is Japanese, in the staffing annex's words (models, milestones,
    scenarios, assumptions with their source); its warnings name the programmes (not their ids); a
    column of Japanese event names (two terminal columns a character) stays lined up with the dates."""
    from rfpgen.text import display_width

    out = CliRunner().invoke(main, ["staffing", str(ROOT / "examples" / "ja-ec-order-center.yaml")]).output
    warnings = out.split("\n注意\n", 1)[1].splitlines()
    assert warnings and all(line.startswith("  - プログラム「") and "TEL-" not in line for line in warnings), warnings
    for heading in ("\nプログラム\n", "\n月別\n", "\n試算の前提\n", "アーランA（放棄を考慮）", "  サービス開始\n", "\n件数0.8倍 ",
                    "  - 稼働率の上限：85%（委託元の指定）", "日本時間"):
        assert heading in out, heading
    assert not re.search(r"\b(?:Programs|Months|Assumptions|Peak|Team leaders|Scenarios|contacts|default)\b", out)
    events = out.split("カレンダーイベント", 1)[1].split("\n\n", 1)[0].splitlines()[3:]  # the rows under the header
    assert len({display_width(line.split(" 20")[0]) for line in events}) == 1, events  # dates start in one column
    english = CliRunner().invoke(main, ["staffing", str(ROOT / "examples" / "en-electronics-retail.yaml")]).output
    assert "\nWarnings\n  - Programme “" in english  # the en-GB project's spelling
