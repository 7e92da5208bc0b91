"""The staffing estimate as a range: events, opening-hour shapes, minimum staffing, pooling, shifts,
hiring with attrition, scenarios. Figures are worked out by hand in each test."""
from __future__ import annotations

import math
import sys
from datetime import date

import pytest
from click.testing import CliRunner
from staffing_support import interval, program, project, staffing

from rfpgen import erlang, shifts
from rfpgen.cli import main
from rfpgen.hiring import hiring_plan
from rfpgen.staffing import panel, plan
from rfpgen.validation import project_from_data

APRIL = {"work_definition__programs__0__volumes": [{"month": "2027-04", "contacts": 12000}]}
TARGETS = erlang.Targets(0.8, 20, max_occupancy=0.85)


def rows_of(data, **match):
    return [r for r in plan(project_from_data(data)).interval_rows() if all(r[k] == v for k, v in match.items())]


# ---------------------------------------------------------------- calendar events

def test_a_peak_day_at_1_6_raises_that_days_requirement():
    data = project(**APRIL)
    data["work_definition"]["forecast"]["events"] = [{"name": "Sale", "start": "2027-04-12", "factor": 1.6}]
    # April 2027 ordinary dates: Mondays 5, 19, 26 (the 12th is the event), 4 Tue, 4 Wed, 5 Thu, 5 Fri, 4 Sat.
    weight = 20 * 3 + 20 * 1.6 + 17 * 4 + 16 * 4 + 16 * 5 + 17 * 5 + 14 * 4  # = 445
    monday, sale = 12000 * 20 / weight, 12000 * 20 * 1.6 / weight  # 539.3 and 862.9 contacts
    result = staffing(data)
    assert result["peak"]["date"] == "2027-04-12" and result["peak"]["weekday"] == "mon"
    # the dated peak is named by `peak`; the chart is the busiest weekday's average day, the weekday table's column
    assert result["chart"]["date"] is None and result["chart"]["weekday"] == "mon"
    sale_rows = {r["start"]: r for r in rows_of(data, date="2027-04-12")}
    assert sum(r["contacts"] for r in sale_rows.values()) == pytest.approx(sale, abs=0.01)
    load = sale * 0.07 * 204 / 1800  # 10:00-10:30 holds half of the 14% of 10:00-11:00
    assert sale_rows["10:00"]["required"] == erlang.required_agents(load, 204, TARGETS)
    ordinary = erlang.required_agents(monday * 0.07 * 204 / 1800, 204, TARGETS)
    assert interval(result, "mon", "10:00") == ordinary < sale_rows["10:00"]["required"]
    total = sum(r["contacts"] * r["dates"] for r in rows_of(data))
    assert total == pytest.approx(12000, abs=0.1)  # the month's forecast is kept


def test_a_closure_event_for_one_program_only():
    data = project(**APRIL)
    other = program(data, id="returns", volumes=[{"month": "2027-04", "contacts": 3000}])
    data["work_definition"]["programs"].append(other)
    data["work_definition"]["forecast"]["events"] = [
        {"name": "Stocktake", "start": "2027-04-13", "end": "2027-04-14", "factor": 0, "programs": ["returns"]}]
    assert not rows_of(data, program="returns", date="2027-04-13")
    assert rows_of(data, program="orders", date="2027-04-13")  # planned as its own day for both programs
    assert sum(r["contacts"] * r["dates"] for r in rows_of(data, program="returns")) == pytest.approx(3000, abs=0.1)


# ---------------------------------------------------------------- opening-hour shapes and profiles

def test_hours_past_midnight_and_a_split_day():
    data = project(**APRIL)
    data["work_definition"]["forecast"].pop("intraday_profile")
    data["operations"]["opening_hours"]["weekly"] = [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "12:00"},
        {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "13:00", "close": "18:00"},
        {"days": ["fri"], "open": "22:00", "close": "06:00"}]
    result = staffing(data)
    starts = {row["start"] for row in result["weekday_table"]["rows"]}
    assert {"11:30", "13:00", "22:00", "05:30"} <= starts and "12:00" not in starts and "06:00" not in starts
    assert interval(result, "fri", "23:30") is not None and interval(result, "sat", "05:30") is not None
    assert interval(result, "sat", "09:00") is None and interval(result, "fri", "05:30") is None
    # flat profile: Monday's contacts spread over its 16 open half hours (3 h + 5 h)
    monday = rows_of(data, weekday="mon", month="2027-04", date=None)
    assert len(monday) == 16 and len({r["contacts"] for r in monday}) == 1
    assert sum(r["contacts"] * r["dates"] for r in rows_of(data)) == pytest.approx(12000, abs=0.5)


def test_a_program_profile_and_minimum_staffing():
    data = project(**APRIL)
    night = program(data, id="night", minimum_agents=2, volumes=[{"month": "2027-04", "contacts": 300}],
                    intraday_profile=[{"start": "09:00", "pct": 90}, {"start": "10:00", "pct": 10}],
                    weekday_profile={"mon": 100})
    data["work_definition"]["programs"] = [night]
    rows = rows_of(data)
    assert {r["weekday"] for r in rows} == {"mon"}  # its own weekday profile: Mondays only
    assert min(r["required"] for r in rows) == 2  # quiet half hours still get two agents
    busiest = max(rows, key=lambda r: r["contacts"])
    assert busiest["start"] == "09:00" and busiest["contacts"] == pytest.approx(300 / 4 * 0.9 / 2, abs=0.01)


# ---------------------------------------------------------------- pooling

def two_queues(pooled: bool) -> dict:
    data = project(**APRIL)
    data["work_definition"]["programs"].append(program(data, id="returns", volumes=[{"month": "2027-04", "contacts": 4000}]))
    if pooled:
        data["operations"]["pools"] = [{"id": "team", "programs": ["orders", "returns"]}]
    return data


def test_pooled_agents_are_at_most_the_dedicated_sum_and_equal_without_pooling():
    dedicated, pooled = staffing(two_queues(False)), staffing(two_queues(True))
    assert dedicated["pooling"] == []
    rows = {(r["program"], r["start"]): r for r in rows_of(two_queues(False), weekday="mon")}
    assert interval(dedicated, "mon", "10:00") == rows["orders", "10:00"]["required"] + rows["returns", "10:00"]["required"]
    # pooled: one queue with both loads (same AHT, same target)
    load = (rows["orders", "10:00"]["contacts"] + rows["returns", "10:00"]["contacts"]) * 204 / 1800
    assert interval(pooled, "mon", "10:00") == erlang.required_agents(load, 204, TARGETS)
    assert interval(pooled, "mon", "10:00") < interval(dedicated, "mon", "10:00")
    for a, b in zip(pooled["weekday_table"]["rows"], dedicated["weekday_table"]["rows"]):
        assert all(x is None or x <= y for x, y in zip(a["required"], b["required"]))
    row = pooled["pooling"][0]
    assert row["programs"] == ["orders", "returns"] and row["pooled_fte"] <= row["dedicated_fte"]
    assert row["dedicated_fte"] == dedicated["monthly"][0]["fte"] and row["pooled_fte"] == pooled["monthly"][0]["fte"]
    assert row["pooled_peak_required"] <= row["dedicated_peak_required"] == dedicated["peak"]["required"]


def test_a_pool_that_cannot_share_a_queue_is_staffed_dedicated():
    data = two_queues(True)
    data["work_definition"]["programs"][1]["channel"] = "email"
    result = staffing(data)
    assert result["pooling"] == [] and any(w["key"] == "pool_mixed" for w in result["warnings"])


# ---------------------------------------------------------------- shifts

def test_a_hand_solvable_roster():
    need = [0] * 8 + [2] * 4 + [1] * 4 + [0] * 8  # hourly: two agents 08-12, one 12-16
    four = shifts.roster_day(need, 60, shifts.ShiftRules((4,), 0, 60))
    assert four.paid_hours == 12 and sorted(four.shifts) == [("08:00", 4, 2), ("12:00", 4, 1)]
    assert shifts.roster_day(need, 60, shifts.ShiftRules((8,), 0, 60)).paid_hours == 16  # two 8-hour shifts
    # an 8-hour shift with a 1-hour unpaid break in the middle spans 9 hours: 08-12, break, 13-17 misses 12-13
    with_break = shifts.roster_day(need, 60, shifts.ShiftRules((8,), 60, 60))
    assert with_break.paid_hours == 24  # two shifts from 08:00 plus one covering 12:00
    assert shifts.roster_day([0] * 24, 60, shifts.ShiftRules((8,))).paid_hours == 0


def test_a_roster_from_the_linear_programme_is_as_cheap_as_the_integer_programmes():
    """Without breaks roster_day takes the linear programme's optimum when it is whole shifts: on days of
    every shape (open all night, gaps, one busy hour) it costs what the integer programme's optimum does,
    and covers every interval."""
    import random

    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    rng = random.Random(3)
    for _ in range(40):
        need = [rng.choice([0, 0, 1, 2, 3, 7, 12]) if rng.random() < 0.8 else 0 for _ in range(48)]
        rules = shifts.ShiftRules(tuple(rng.sample([4, 6, 8, 9], rng.randint(1, 3))), 0, rng.choice([30, 60]))
        roster = shifts.roster_day(need, 30, rules)
        shapes = [s for s in shifts._shapes(rules, 30) if need[s[0] // 30] > 0]
        cover = [0] * 48
        for start, length, count in roster.shifts:
            covered = next(c for s, n, c in shapes if f"{s // 60:02d}:{s % 60:02d}" == start and n == length)
            for i in covered:
                cover[i] += count
        assert all(c >= n for c, n in zip(cover, need)) and roster.optimal
        needed = [i for i in range(48) if need[i]]
        if not needed:
            continue
        rows, cols = zip(*[(i, j) for j, (_, _, covered) in enumerate(shapes) for i in covered])
        matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(48, len(shapes)))[needed]
        best = milp(np.array([n for _, n, _ in shapes], dtype=float), integrality=np.ones(len(shapes)),
                    constraints=LinearConstraint(matrix, lb=[need[i] for i in needed], ub=np.inf), bounds=Bounds(0, np.inf))
        assert roster.paid_hours == pytest.approx(best.fun)


def with_shifts(data):
    data["operations"]["shifts"] = {"lengths_hours": [8, 4], "break_minutes": 60, "start_step_minutes": 30}
    return data


def test_rostered_fte_is_at_least_the_lower_bound():
    result = staffing(with_shifts(project()))
    rostering = result["rostering"]
    assert rostering["rostered"] and rostering["reason"] is None
    assert rostering["rostered_fte"] >= rostering["lower_bound_fte"] and rostering["uplift_pct"] >= 0
    assert all(m["rostered_fte"] >= m["fte"] for m in result["monthly"])
    assert staffing(project())["rostering"] is None and staffing(project())["monthly"][0]["rostered_fte"] is None


def test_the_shift_solve_falls_back_with_its_reason(monkeypatch):
    timed_out = plan(project_from_data(with_shifts(project())), shift_seconds=0).as_dict()
    assert timed_out["rostering"]["rostered"] is False and timed_out["rostering"]["reason"] == "solver_time_limit"
    assert any(w["key"] == "roster_fallback" for w in timed_out["warnings"])
    monkeypatch.setitem(sys.modules, "scipy.optimize", None)  # import fails as if SciPy were not installed
    missing = staffing(with_shifts(project()))
    assert missing["rostering"]["reason"] == "scipy_missing" and missing["monthly"][0]["rostered_fte"] is None


# ---------------------------------------------------------------- hiring plan

def test_30_pct_attrition_on_50_fte_is_about_1_25_leavers_a_month_replaced_by_whole_people():
    months = {f"2027-{m:02d}": 50 for m in range(1, 13)}
    result = hiring_plan(months, date(2027, 1, 1), attrition_pct=30, lead_months=3,
                         initial_days=10, nesting_days=10, nesting_productivity_pct=50, class_size=None)
    rows = result["months"]
    assert rows[0]["growth_hires"] == 50 and rows[0]["backfill_hires"] == 0  # the launch class
    assert rows[1]["leavers"] == pytest.approx(1.25) and rows[1]["backfill_hires"] == 2  # 1.25 people leave: 2 are hired
    assert all(r["leavers"] == pytest.approx(1.25, abs=0.05) for r in rows[1:])
    assert all(50 <= r["headcount_end"] <= 51 for r in rows)  # the need met, at most a person over it
    launch = result["classes"][0]
    assert (launch["hires"], launch["kind"], launch["ready"], launch["recruiting_start"]) == (50, "launch", "2027-01-01", "2026-10-01")
    assert result["totals"]["hires"] == sum(c["hires"] for c in result["classes"])


@pytest.mark.parametrize("short", [3.8, 4.6, 0.2, 7.0])
def test_a_fraction_of_an_fte_is_a_hire_after_go_live_as_at_the_launch(short):
    """A class after go-live takes its month's shortfall rounded up, as the launch class does (a reviewer
    found 3.8 FTE hired as 3 people, 4.6 as 4, beside a launch class rounded up); what the rounding adds
    makes the next month's shortfall smaller, and each month's hires add up to its class."""
    need = {"2027-01": 20.3, "2027-02": 20.3 + short, "2027-03": 20.3 + short + 4.6}
    result = hiring_plan(need, date(2027, 1, 1), attrition_pct=0, lead_months=2,
                         initial_days=5, nesting_days=5, nesting_productivity_pct=50, class_size=None)
    hires = {c["month"]: c["hires"] for c in result["classes"]}
    assert hires["2027-01"] == 21  # the launch: 20.3 FTE, 21 people
    assert sum(hires.values()) == math.ceil(round(need["2027-03"], 6))
    for row in result["months"]:
        assert row["backfill_hires"] + row["growth_hires"] == hires.get(row["month"], 0)
        assert row["headcount_end"] >= row["need_fte"]
    plain = hiring_plan({"2027-01": 20, "2027-02": 20 + short}, date(2027, 1, 1), attrition_pct=0, lead_months=2,
                        initial_days=5, nesting_days=5, nesting_productivity_pct=50, class_size=None)
    assert plain["classes"][1]["hires"] == math.ceil(short)  # 3.8 FTE short: 4 people


def test_the_hires_after_go_live_count_every_class_and_split_growth_from_backfill():
    """Classes after the launch mix growth and backfill (a class's kind is only its majority): the total
    after go-live counts every one of them, a backfill-only class too, split as the months' hires are."""
    need = {f"2027-{m:02d}": (50 if m < 9 else 60) for m in range(1, 13)}
    result = hiring_plan(need, date(2027, 1, 1), attrition_pct=30, lead_months=3,
                         initial_days=10, nesting_days=10, nesting_productivity_pct=50, class_size=None)
    later = [c for c in result["classes"] if c["kind"] != "launch"]
    assert {"growth", "backfill"} <= {c["kind"] for c in later}
    after = result["totals"]["after_go_live"]
    assert after["hires"] == sum(c["hires"] for c in later) == result["totals"]["hires"] - result["classes"][0]["hires"]
    assert after["growth"] == 10 and after["growth"] + after["backfill"] == after["hires"]
    assert after["backfill"] > sum(c["hires"] for c in later if c["kind"] == "backfill")  # the growth class holds backfill too


def test_a_class_is_ready_on_a_working_day():
    """A later class is ready by the first of its month; when the first is a day off (a weekend, a closed
    date) it is ready the last working day before, and its training ends the day before that."""
    need = {"2028-06": 20, "2028-07": 30, "2028-08": 30}  # 1 July 2028 is a Saturday
    result = hiring_plan(need, date(2028, 6, 1), attrition_pct=0, lead_months=2, initial_days=5, nesting_days=5,
                         nesting_productivity_pct=50, class_size=None, closed={date(2028, 6, 30)})
    ramp = next(c for c in result["classes"] if c["month"] == "2028-07")
    assert ramp["ready"] == "2028-06-29"  # Thursday: Friday the 30th is closed
    assert date.fromisoformat(ramp["nesting_start"]).weekday() < 5 and ramp["nesting_start"] == "2028-06-22"


def test_the_ramp_to_a_peak_is_hired_ahead_and_nesting_is_reported():
    need = {"2027-01": 20, "2027-02": 20, "2027-03": 30, "2027-04": 20}
    result = hiring_plan(need, date(2027, 1, 1), attrition_pct=0, lead_months=2,
                         initial_days=5, nesting_days=5, nesting_productivity_pct=50, class_size=4)
    ramp = next(c for c in result["classes"] if c["month"] == "2027-03")
    assert (ramp["hires"], ramp["classes"], ramp["kind"], ramp["ready"]) == (10, 3, "growth", "2027-03-01")
    assert ramp["recruiting_start"] == "2027-01-01" and ramp["nesting_start"] == "2027-02-22"
    rows = {r["month"]: r for r in result["months"]}
    assert rows["2027-02"]["nesting_fte"] == pytest.approx(round(10 * 0.5 * 5 / 21.7, 1))
    assert rows["2027-04"]["surplus"] == 10  # nobody is dismissed after the peak


def test_the_plan_carries_the_hiring_plan_with_attrition_as_an_assumption():
    result = staffing(project(people__attrition_pct_per_year=30))
    assumption = next(a for a in result["assumptions"] if a["key"] == "attrition_pct_per_year")
    assert assumption["value"] == 30 and "not a limit" in assumption["text"]
    hiring = result["hiring_plan"]
    assert hiring["months"][0]["need_fte"] == result["monthly"][0]["fte"]
    assert hiring["classes"][0]["ready"] == "2027-04-01"


# ---------------------------------------------------------------- scenarios and the curve

def test_scenarios_move_fte_in_the_expected_direction():
    result = staffing(project())
    by_key = {s["key"]: s for s in result["scenarios"]}
    base = by_key["base"]
    assert base["fte"] == next(m["fte"] for m in result["monthly"] if m["month"] == result["peak_month"])
    assert by_key["volume_0.8"]["fte"] < base["fte"] < by_key["volume_1.2"]["fte"] < by_key["volume_1.5"]["fte"]
    assert by_key["aht_-10"]["fte"] < base["fte"] < by_key["aht_+10"]["fte"]
    assert by_key["shrinkage_-5"]["fte"] < base["fte"] < by_key["shrinkage_+5"]["fte"]
    assert by_key["low"]["fte"] < base["fte"] < by_key["high"]["fte"]
    curve = result["service_level_curve"]
    assert [c["fte"] for c in curve] == sorted(c["fte"] for c in curve)
    assert next(c for c in curve if c["service_level_pct"] == 80)["fte"] == base["fte"]


# ---------------------------------------------------------------- the command and the panel

def test_the_command_shows_the_range(tmp_path):
    from rfpgen.yamlio import dump
    path = tmp_path / "p.yaml"
    data = with_shifts(two_queues(True))
    data["people"]["attrition_pct_per_year"] = 30
    path.write_text(dump(data), encoding="utf-8")
    out = CliRunner().invoke(main, ["staffing", str(path)])
    assert out.exit_code == 0, out.output
    for words in ("Pooling", "Rostered with whole shifts", "Hiring plan (assumed attrition 30% a year, not a limit",
                  "Training classes", "Scenarios", "Service level against FTE"):
        assert words in out.output


def test_the_panel_is_plain_data():
    summary = panel(project_from_data(project()))
    assert set(summary) >= {"peak", "fte_by_month", "hiring_timeline", "warnings", "scenarios", "service_level_curve"}
    assert summary["peak"]["scheduled"] > 0 and len(summary["fte_by_month"]) == 2
    assert panel(project_from_data(project(work_definition=None)))["empty"]


# ---------------------------------------------------------------- absurd inputs

def test_huge_patience_is_erlang_c_without_a_traceback():
    result = CliRunner().invoke(main, ["erlang", "--calls", "100", "--aht", "180", "--patience", "1e300"])
    assert result.exit_code == 0 and "agents            14" in result.output  # the Erlang C answer (worked case 1)


@pytest.mark.parametrize("change, path, words", [
    ({"operations__occupancy_cap_pct": 0.01}, "operations.occupancy_cap_pct", "plausible range 50-95%"),
    ({"operations__shrinkage": [{"name": "absence", "pct": 99.99}]}, "operations.shrinkage", "plausible range 0-60%"),
    ({"people__paid_hours_per_fte_month": 0.0001}, "people.paid_hours_per_fte_month", "plausible range 60-220 hours"),
])
def test_absurd_staffing_inputs_warn_with_the_plausible_range_and_place(change, path, words):
    from rfpgen.validation import validate_bytes
    from rfpgen.yamlio import dump
    project_, problems = validate_bytes(dump(project(**change)).encode("utf-8"), "p.yaml")
    warning = next(p for p in problems if p.path == path)
    assert project_ is not None and warning.severity == "warning" and words in warning.message
    assert warning.file == "p.yaml" and warning.line > 0


def test_classes_start_on_working_days_not_weekends_or_public_holidays():
    """Recruitment, training and nesting start on a working day: not a weekend, not a day the operation
    is closed, not a public holiday where the operation is (スポーツの日 2027-10-11, a Monday, in Tokyo)."""
    from datetime import date

    from rfpgen.hiring import class_dates, public_holidays, working_day

    holidays = public_holidays("Asia/Tokyo", range(2027, 2028))
    assert date(2027, 10, 11) in holidays and date(2027, 3, 22) in holidays  # spring equinox on a Sunday: substitute
    uk = public_holidays("Europe/London", range(2027, 2028))
    assert date(2027, 12, 28) in uk and date(2027, 10, 11) not in uk  # Boxing Day observed on the Tuesday
    assert public_holidays("America/Chicago", range(2027, 2028)) == set()  # a calendar rfpgen does not claim to know
    dates = class_dates(date(2027, 11, 1), 4, 15, 15, frozenset(holidays))  # 2027-10-11 counted as a working day without them
    for key in ("recruiting_start", "training_start", "nesting_start"):
        assert working_day(date.fromisoformat(dates[key]), holidays), (key, dates[key])
    assert dates["nesting_start"] == "2027-10-08"  # fifteen business days before 1 November, 11 October skipped
    sunday = class_dates(date(2028, 1, 10), 3, 8, 10)  # three months before is Sunday 10 October 2027
    assert sunday["recruiting_start"] == "2027-10-11"


def test_a_training_class_of_growth_and_backfill_hires_says_how_many_of_each():
    """A class was named by its larger part only ('Backfill' for 1 growth and 2 backfill hires)."""
    from rfpgen.documents.staffing_range import _classes_rows
    classes = [{"ready": "2028-08-01", "kind": "backfill", "hires": 3, "classes": 1, "growth_hires": 1, "backfill_hires": 2,
                "recruiting_start": "2028-04-01", "training_start": "2028-06-01", "nesting_start": "2028-07-01"},
               {"ready": "2028-09-01", "kind": "growth", "hires": 4, "classes": 1, "growth_hires": 4, "backfill_hires": 0,
                "recruiting_start": "2028-05-01", "training_start": "2028-07-01", "nesting_start": "2028-08-01"}]
    assert [row[1] for row in _classes_rows(classes, str, "en")[:2]] == ["Growth 1, backfill 2", "Growth"]
    assert [row[1] for row in _classes_rows(classes, str, "ja")[:2]] == ["増員1・補充2", "増員"]
