"""The staffing plan of a project: workload, agents per interval, FTE, supervisors and hiring dates.

`plan(project)` is the one entry point. The CLI, the documents (template context key `staffing`)
and the evaluator guide all read `plan(project).as_dict()`, so no number is computed twice.

How the forecast becomes agents (each step is also listed in the plan's `assumptions`):
1. A program's monthly contacts are spread over the month's open dates in proportion to the weekday
   profile (equal shares if none). Weekdays a program is closed, and `closed_dates`, get nothing;
   their share goes to the open days of the same month.
2. A day's contacts are spread over the intervals by the intraday profile. Each profile entry covers
   the time up to the next entry (at most the profile's own step), so an hourly profile also works
   with 15- or 30-minute intervals. Shares falling outside the opening hours are moved to the open
   intervals in proportion (reported per program as `outside_hours_pct`). No profile: flat.
3. Phone (and any program with its own service level): Erlang C, or Erlang A when the program gives
   a mean patience. Chat: Erlang C with each agent counted as `concurrency` servers, the handle time
   being a chat's elapsed duration; agents = ceil(servers / concurrency).
4. Email and other deferred work, and outbound: workload = contacts x handle time, worked at the
   occupancy cap. If the response target is at least the day's opening span, the day's work is
   spread evenly over the open intervals; otherwise it is worked in the interval it arrives.
5. A minimum staffing (program or operations) raises every open interval to at least that many agents.
6. Scheduled agents = ceil(required / (1 - shrinkage)), shrinkage compounded from its components.
   Programs in a pool share one team, staffed as one queue; every other program is its own team;
   teams are rounded on their own and added up, at the same moment: a program open in another time
   zone is moved to the project's clock first (_zone_shifts, _in_plan_zone).
7. Month totals count every date: productive hours = required agent hours, scheduled hours =
   scheduled agent hours (the paid hours), FTE = scheduled hours / paid hours per FTE and month:
   the interval lower bound. With shift rules, whole shifts cover the intervals (rostered FTE).
8. Calendar events (dated peaks and closures) and closed dates are planned as days of their own;
   the plan's peak is the busiest interval of the busiest day, event days included.
9. The hiring plan, the scenarios and the service-level curve are derived from the above
   (see hiring.py, and `_Model.scenarios`).

Opening hours whose closing time is before the opening time run past midnight into the next day;
several rules may open a day more than once (a split day). Profiles are per calendar day.
"""
from __future__ import annotations

import calendar
import copy
import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import erlang, hiring, shifts
from .errors import RfpgenError
from .text import WEEKDAYS
from .project import queued
from .yamlio import format_path

if TYPE_CHECKING:
    from .project import Project

DEFERRED_RESPONSE_CHANNELS = ("email", "web_form", "letter")  # operations.kpis.email_response_hours applies

DEFAULT_SERVICE_LEVEL = {"percent": 80, "threshold_seconds": 20}
DEFAULT_INTERVAL_MINUTES = 30
DEFAULT_OCCUPANCY_CAP_PCT = 85
DEFAULT_RESPONSE_HOURS = 24
DEFAULT_OPENING = ("09:00", "18:00")
DEFAULT_PAID_HOURS_PER_FTE_MONTH = 160
DEFAULT_SPAN_OF_CONTROL = 15
DEFAULT_HIRING_LEAD_TIME_MONTHS = 3
DEFAULT_INITIAL_TRAINING_DAYS = 10
DEFAULT_NESTING_DAYS = 10
DEFAULT_NESTING_PRODUCTIVITY_PCT = 50
SHIFT_SOLVE_SECONDS = 30.0  # a safety net for a pathological project; a day normally takes milliseconds


# ---------------------------------------------------------------- the result

class StaffingPlan:
    """The computed plan. `as_dict()` is what documents receive; `interval_rows()` the full detail.

    `as_dict()` structure (all plain JSON data; hours and FTE rounded to 0.1):
      empty: bool; reason: null or "no_programs" | "no_volumes" | "no_staffable_programs" (programs with
             volumes but no handle time; see warnings). Nothing to staff is not an error.
      interval_minutes, time_zone  (the project's: the clock of every combined interval, weekday_table, chart, peak;
                   null when the project names none. Each program's own figures stay in its local time)
      assumptions: [{key, value, source: "project"|"default"|"model", text}]  value is language-neutral;
                   "model": how rfpgen models what the project gives (holidays in words: not modelled)
      warnings:    [{key, program: id|null, value, text}]
      shrinkage:   {total_pct, components: [{name, pct}]}
      programs:    [{id, name, channel, type, model: "erlang_c"|"erlang_a"|"workload", aht_seconds,
                     concurrency, service_level: {percent, threshold_seconds}|null, asa_seconds,
                     patience_seconds, response_target_hours, outside_hours_pct, contacts,
                     peak_required, peak_scheduled, peak_month,
                     monthly: [{month, contacts, workload_hours, productive_hours, scheduled_hours}]}]
      months:      ["YYYY-MM", ...]; peak_month: "YYYY-MM" or null
      monthly:     [{month, contacts, workload_hours, productive_hours, scheduled_hours, fte, occupancy_pct}]
      weekday_table: the peak month's average day per weekday, all programs added up:
                   {month, weekdays: [mon..sun],
                    rows: [{start "HH:MM", required: [7 x int|null], scheduled: [7 x int|null]}],
                    days: [{weekday, open, contacts, productive_hours, peak_required, peak_scheduled}]}
                   null in a cell = no program open then.
      peak:        {required, scheduled, month, weekday, date, start}  (highest interval of the peak month;
                   date is set when that interval falls on an event or other special date)
      supervisors: {count, span_of_control, minimum, month, most_staff_month: bool, agent_fte, shrinkage_pct, paid_hours, floor_hours, fte,
                    peak_on_floor}  the month needing the most supervisor FTE: per open interval
                   max(minimum, ceil(scheduled agents / span)), summed to floor hours, / (1 - shrinkage) / paid
                   hours; count = fte rounded up; monthly[].supervisor_fte carries every month's
      hiring_timeline: [{key: "hiring_start"|"training_start"|"nesting_start"|"transition_start"|"go_live", date}]
      headcount:   {month, agent_fte, agents, supervisors, rostered}  to be in place at go-live (the hiring
                   plan's need: rostered FTE when the shift solve ran)
      chart:       the average day of the peak month's busiest weekday (a column of weekday_table):
                   {month, weekday, date: null, interval_starts, contacts, required, scheduled}
      events:      [{name, start, end, factor, programs: [id]|null}]
      pooling:     [{id, name, programs, month, pooled_peak_required, dedicated_peak_required, pooled_fte,
                     dedicated_fte}]  one row per pool, peak month
      rostering:   null (no shift rules) or {rostered: bool, reason: null|"scipy_missing"|"solver_time_limit"|
                   "solver_failed", optimal: bool (every day's roster proven the cheapest, else the best found
                   within the per-day time limit), month, lower_bound_fte, rostered_fte, uplift_pct,
                   teams: [{id, uplift_pct}]};
                   monthly[].rostered_fte carries the rostered FTE of every month (null without it)
      hiring_plan: null (no service start) or hiring.hiring_plan(): {attrition_pct_per_year,
                   nesting_productivity_pct, class_size, months: [{month, need_fte, headcount_start, leavers,
                   backfill_hires, growth_hires, headcount_end, surplus, nesting_fte}], classes: [{month, hires,
                   classes, kind, recruiting_start, training_start, nesting_start, ready}], totals: {hires,
                   backfill_hires, growth_hires, leavers, after_go_live: {hires, growth, backfill}}}
      scenarios:   [{key, volume_factor, aht_factor, shrinkage_points, peak_required, peak_scheduled, fte}]
                   the peak month under each variation (key "base" first, "low" and "high" the band's ends)
      peak_intervals: [{program, month, weekday, date, start, dates, contacts, required, scheduled}] per program
                   and month the interval with the most contacts (a row of interval_rows())
      service_level_curve: [{service_level_pct, peak_required, peak_scheduled, fte}] the peak month planned
                   for each service-level target alone, the ASA and abandonment targets set aside so that
                   the curve shows the service level itself (queued programs; empty when there are none)
    """

    def __init__(self, data: dict, detail: list[tuple] = ()):
        self._data = data
        self._detail = detail  # (month, day key, program id, open dates, per-interval need); rows built on demand

    @property
    def empty(self) -> bool:
        return self._data["empty"]

    def as_dict(self) -> dict:
        return copy.deepcopy(self._data)

    def interval_rows(self) -> list[dict]:
        """Every month x weekday x open interval x program: the CSV export."""
        step = self._data["interval_minutes"]
        return [{"month": month, "weekday": _weekday_of(key), "date": None if key in WEEKDAYS else key,
                 "start": _hhmm(i * step), "program": program, "dates": count,
                 "contacts": round(contacts, 3), "required": required, "scheduled": scheduled}
                for month, key, program, count, need in self._detail
                for i, (contacts, required, scheduled, _) in enumerate(need) if required is not None]


# ---------------------------------------------------------------- resolved settings

class _Notes:
    def __init__(self):
        self.assumptions: list[dict] = []
        self.warnings: list[dict] = []

    def assume(self, key, value, source, text):
        self.assumptions.append({"key": key, "value": value, "source": source, "text": text})

    def warn(self, key, program, value, text):
        warning = {"key": key, "program": program, "value": value, "text": text}
        if warning not in self.warnings:  # the scenarios rerun the model
            self.warnings.append(warning)


@dataclass
class _Hours:
    """Which intervals of each weekday are open, and the dates that are closed."""

    open: dict  # weekday -> list[bool] per interval of the day
    closed_dates: set
    time_zone: str | None
    source: str  # "program", "operations", "profile", "default"


@dataclass
class _Program:
    index: int
    id: str
    name: str
    channel: str
    type: str
    model: str
    aht: float
    concurrency: float
    occupancy_cap: float
    targets: erlang.Targets | None
    patience: float | None
    response_hours: float | None
    hours: _Hours
    volumes: dict  # month -> contacts
    minimum: int  # agents in every open interval whatever the load
    notes: _Notes
    weekday_share: dict = field(default_factory=dict)  # weekday -> fraction of a week (open days only)
    intraday: dict = field(default_factory=dict)  # weekday -> list of fractions of the day's work
    arrivals: dict = field(default_factory=dict)  # weekday -> list of fractions of the day's contacts
    outside_hours_pct: float = 0.0
    cache: dict = field(default_factory=dict)  # offered load -> required agents
    scheduled: dict = field(default_factory=dict)  # required -> scheduled agents
    hint: int | None = None


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _place(project, path: tuple) -> str:
    """`file:line:col: dotted.path` for messages, as validation prints them."""
    where = format_path(path)
    if project.document is not None:
        line, column = project.document.where(path)
        return f"{project.document.file}:{line}:{column}: {where}"
    return where


def _checked(project, path: tuple, targets: erlang.Targets) -> erlang.Targets:
    try:
        targets.check()
    except erlang.ImpossibleTarget as exc:
        raise RfpgenError(f"{_place(project, path)}: {exc}") from None
    return targets


def _profile_shares(profile: list[dict], step: int) -> list[float] | None:
    """Intraday profile as a fraction per interval; each entry covers the time up to the next."""
    slots = 1440 // step
    entries = sorted((_minutes(e["start"]), e["pct"]) for e in profile or [] if _minutes(e["start"]) < 1440)
    if not entries or sum(pct for _, pct in entries) <= 0:
        return None
    starts = [start for start, _ in entries]
    gaps = [b - a for a, b in zip(starts, starts[1:]) if b > a]
    grain = max(step, min(gaps)) if gaps else step
    shares = [0.0] * slots
    for k, (start, pct) in enumerate(entries):
        end = min(start + grain, starts[k + 1] if k + 1 < len(entries) else 1440, 1440)
        first, last = start // step, max(start // step + 1, math.ceil(end / step))
        for i in range(first, last):
            shares[i] += pct / (last - first)
    total = sum(shares)
    return [share / total for share in shares]


def _opening_hours(program: dict, operations: dict, profile: list[float] | None, step: int) -> _Hours:
    slots = 1440 // step
    for source, hours in (("program", program.get("opening_hours")), ("operations", operations.get("opening_hours"))):
        if hours and hours.get("weekly") is not None:
            open_ = {day: [False] * slots for day in WEEKDAYS}
            for rule in hours["weekly"]:
                opens, closes = _minutes(rule["open"]), _minutes(rule["close"])
                for day in rule["days"]:
                    if closes > opens:
                        spans = [(day, opens, closes)]
                    else:  # runs past midnight into the next day
                        spans = [(day, opens, 1440), (WEEKDAYS[(WEEKDAYS.index(day) + 1) % 7], 0, closes)]
                    for weekday, start, end in spans:
                        for i in range(slots):
                            if i * step < end and (i + 1) * step > start:
                                open_[weekday][i] = True
            closed = {date.fromisoformat(d) for d in hours.get("closed_dates") or []}
            return _Hours(open_, closed, hours.get("time_zone"), source)
    closed = set()
    time_zone = None
    for hours in (program.get("opening_hours"), operations.get("opening_hours")):
        if hours:
            closed |= {date.fromisoformat(d) for d in hours.get("closed_dates") or []}
            time_zone = time_zone or hours.get("time_zone")
    if profile is not None:
        day = [share > 0 for share in profile]
        return _Hours({d: list(day) for d in WEEKDAYS}, closed, time_zone, "profile")
    opens, closes = map(_minutes, DEFAULT_OPENING)
    day = [i * step < closes and (i + 1) * step > opens for i in range(slots)]
    return _Hours({d: list(day) for d in WEEKDAYS}, closed, time_zone, "default")


def weighted_aht(program: dict, kpis: dict) -> float | None:
    reasons = [r for r in program.get("call_reasons") or [] if r["share_pct"] > 0]
    if reasons:
        return sum(r["share_pct"] * r["aht_seconds"] for r in reasons) / sum(r["share_pct"] for r in reasons)
    return kpis.get("aht_seconds")


# ---------------------------------------------------------------- plan

def plan(project: Project, *, shift_seconds: float = SHIFT_SOLVE_SECONDS) -> StaffingPlan:
    """The staffing plan for a validated project (see StaffingPlan for the structure).

    `shift_seconds` bounds the time the shift solve may take; beyond it the plan falls back to the
    interval lower bound and says so.
    """
    data = project.data
    work = data.get("work_definition") or {}
    operations = data.get("operations") or {}
    people = data.get("people") or {}
    kpis = operations.get("kpis") or {}
    forecast = work.get("forecast") or {}
    notes = _Notes()

    step = forecast.get("interval_minutes", DEFAULT_INTERVAL_MINUTES)
    notes.assume("interval_minutes", step, "project" if "interval_minutes" in forecast else "default",
                 f"forecast and staffing per {step}-minute interval")

    shrinkage_items = operations.get("shrinkage") or []
    try:
        shrinkage = erlang.total_shrinkage(item["pct"] for item in shrinkage_items)
    except erlang.ImpossibleTarget as exc:
        raise RfpgenError(f"{_place(project, ('operations', 'shrinkage'))}: {exc}") from None
    notes.assume("shrinkage_pct", round(shrinkage * 100, 2), "project" if shrinkage_items else "default",
                 "scheduled = ceil(required / (1 - shrinkage)), shrinkage compounded as 1 - prod(1 - s_i)"
                 + ("" if shrinkage_items else "; no shrinkage given, so scheduled equals required"))

    cap_pct = operations.get("occupancy_cap_pct", DEFAULT_OCCUPANCY_CAP_PCT)
    notes.assume("occupancy_cap_pct", cap_pct, "project" if "occupancy_cap_pct" in operations else "default",
                 "agents are never planned busier than this share of their available time")
    _checked(project, ("operations", "occupancy_cap_pct"), erlang.Targets(max_occupancy=cap_pct / 100))

    programs = _resolve_programs(project, work, operations, kpis, forecast, step, cap_pct / 100, notes)
    months = sorted({month for p in programs for month in p.volumes})
    events = _events(forecast, programs, notes)
    teams = _teams(operations, programs, notes)

    base = {
        "empty": True, "reason": None, "interval_minutes": step,
        "time_zone": project.time_zone if _zone(project.time_zone) else None,
        "assumptions": notes.assumptions, "warnings": notes.warnings,
        "shrinkage": {"total_pct": round(shrinkage * 100, 2),
                      "components": [{"name": s["name"], "pct": s["pct"]} for s in shrinkage_items]},
        "programs": [], "months": months, "peak_month": None, "monthly": [], "weekday_table": None,
        "peak": None, "supervisors": None, "hiring_timeline": [], "headcount": None, "chart": None,
        "events": [], "pooling": [], "rostering": None, "hiring_plan": None, "scenarios": [], "service_level_curve": [],
        "peak_intervals": [],
    }
    if not work.get("programs"):
        base["reason"] = "no_programs"
        return StaffingPlan(base, [])
    if not months:
        with_volumes = any(raw.get("volumes") for raw in work["programs"])
        base["reason"] = "no_staffable_programs" if with_volumes else "no_volumes"
        return StaffingPlan(base, [])

    model = _Model(project, programs, teams, events, step, shrinkage)
    model.shifts = _zone_shifts(base["time_zone"], programs, teams, months, step, notes)
    run = model.run(months)
    slots, hours_per_slot = 1440 // step, step / 60
    peak_month = run.peak_month
    paid_hours = people.get("paid_hours_per_fte_month", DEFAULT_PAID_HOURS_PER_FTE_MONTH)
    notes.assume("paid_hours_per_fte_month", paid_hours, "project" if "paid_hours_per_fte_month" in people else "default",
                 "FTE = scheduled agent hours in the month / paid hours per FTE and month")
    monthly = []
    for month in months:
        contacts = sum(p.volumes.get(month, 0) for p in programs)
        workload = sum(p.volumes.get(month, 0) * p.aht / p.concurrency for p in programs) / 3600
        productive, scheduled_hours = run.hours(month)
        monthly.append({"month": month, "contacts": contacts, "workload_hours": round(workload, 1),
                        "productive_hours": round(productive, 1), "scheduled_hours": round(scheduled_hours, 1),
                        "fte": round(scheduled_hours / paid_hours, 1),
                        "occupancy_pct": round(100 * workload / productive, 1) if productive else None})

    program_rows = [_program_summary(p, months, run.by_program, hours_per_slot) for p in programs]
    peak = run.combined[peak_month]
    rostering = _rostering(operations, teams, run, peak_month, monthly, paid_hours, step, shift_seconds, notes)
    need_fte = {m["month"]: (rostering["monthly"][m["month"]] if rostering and rostering["rostered"] else m["fte"])
                for m in monthly}
    supervisors = _supervisors(people, run, monthly, need_fte, shrinkage, paid_hours, notes)
    timeline, headcount = _hiring(project, people, monthly, need_fte, notes)
    if headcount:
        headcount["rostered"] = bool(rostering and rostering["rostered"])  # the need counted in whole shifts
    hiring = _hiring_plan(project, people, need_fte, notes)
    scenarios, curve = model.scenarios(run, peak_month, paid_hours)

    peak_key = peak["peak_at"][0] if peak["peak_at"] else None
    base.update({
        "empty": False, "programs": program_rows, "peak_month": peak_month, "monthly": monthly,
        "weekday_table": _weekday_table(peak_month, peak, slots, step, hours_per_slot),
        "peak": {"required": peak["peak_required"], "scheduled": peak["peak_scheduled"], "month": peak_month,
                 "weekday": _weekday_of(peak_key), "date": peak_key if peak_key and peak_key not in WEEKDAYS else None,
                 "start": _hhmm(peak["peak_at"][1] * step) if peak["peak_at"] else None},
        "supervisors": supervisors, "hiring_timeline": timeline, "headcount": headcount,
        "chart": _chart(peak_month, peak, step),
        "events": [{"name": e.name, "start": e.start.isoformat(), "end": e.end.isoformat(), "factor": e.factor,
                    "programs": _in_program_order(e.programs, work["programs"]) if e.programs else None} for e in events],
        "pooling": _pooling_rows(teams, run, months, peak_month, paid_hours, hours_per_slot),
        "rostering": rostering and {k: v for k, v in rostering.items() if k != "monthly"},
        "hiring_plan": hiring, "scenarios": scenarios, "service_level_curve": curve,
        "peak_intervals": _peak_intervals(run.detail, step),
    })
    for row in monthly:
        row["rostered_fte"] = rostering["monthly"][row["month"]] if rostering and rostering["rostered"] else None
    return StaffingPlan(base, run.detail)


def _peak_intervals(detail: list, step: int) -> list[dict]:
    """Per program and month, the open interval with the most contacts (the first of equals, in the
    order of `interval_rows`), as interval_rows writes it."""
    peaks: dict[tuple, dict] = {}
    for month, key, program, count, need in detail:
        for i, (contacts, required, scheduled, _) in enumerate(need):
            if required is None:
                continue
            contacts = round(contacts, 3)
            at = (program, month)
            if at not in peaks or contacts > peaks[at]["contacts"]:
                peaks[at] = {"program": program, "month": month, "weekday": _weekday_of(key),
                             "date": None if key in WEEKDAYS else key, "start": _hhmm(i * step), "dates": count,
                             "contacts": contacts, "required": required, "scheduled": scheduled}
    return list(peaks.values())


def panel(project: Project) -> dict:
    """The plan's headline figures as plain data, for a summary such as the wizard's staffing panel."""
    data = plan(project).as_dict()
    summary = {"empty": data["empty"], "reason": data["reason"], "warnings": data["warnings"]}
    if data["empty"]:
        return summary
    rostering = data["rostering"] or {}
    summary.update({
        "peak": data["peak"],
        "fte_by_month": [{"month": m["month"], "fte": m["fte"], "rostered_fte": m["rostered_fte"]} for m in data["monthly"]],
        "rostered": rostering.get("rostered", False), "uplift_pct": rostering.get("uplift_pct"),
        "hiring_timeline": data["hiring_timeline"],
        "hiring_classes": (data["hiring_plan"] or {}).get("classes", []),
        "scenarios": data["scenarios"], "service_level_curve": data["service_level_curve"],
    })
    return summary


# ---------------------------------------------------------------- calendar events

@dataclass(frozen=True)
class _Event:
    name: str
    start: date
    end: date
    factor: float
    programs: frozenset | None  # None: every program

    def applies(self, program_id: str, day: date) -> bool:
        return self.start <= day <= self.end and (self.programs is None or program_id in self.programs)


def _events(forecast: dict, programs: list, notes) -> list[_Event]:
    events = []
    for raw in forecast.get("events") or []:
        start = date.fromisoformat(raw["start"])
        end = date.fromisoformat(raw.get("end") or raw["start"])
        events.append(_Event(raw["name"], start, max(start, end), raw["factor"],
                             frozenset(raw["programs"]) if raw.get("programs") else None))
    if events:
        notes.assume("events", len(events), "project",
                     "on an event date a program's contacts weigh the event's factor times an ordinary day of the "
                     "same weekday; the month's total stays the forecast (factor 0 closes the date)")
    return events


def _special_dates(month: str, programs: list, events: list) -> set:
    """Dates of the month that are not an ordinary weekday for some program: events and closed dates.

    They are planned one by one for every program, so that programs staffed together see the same days.
    """
    year, number = map(int, month.split("-"))
    first, last = date(year, number, 1), date(year, number, calendar.monthrange(year, number)[1])
    special = {d for p in programs for d in p.hours.closed_dates if first <= d <= last}
    for event in events:
        day = max(first, event.start)
        while day <= min(last, event.end):
            special.add(day)
            day += timedelta(days=1)
    return special


def _weekday_of(key: str | None) -> str | None:
    if key is None or key in WEEKDAYS:
        return key
    return WEEKDAYS[date.fromisoformat(key).weekday()]


# ---------------------------------------------------------------- teams (pooling)

@dataclass
class _Team:
    id: str
    name: str
    members: list
    cache: dict = field(default_factory=dict)
    hint: int | None = None  # the last interval's answer: the next one's starting point

    @property
    def pooled(self) -> bool:
        return len(self.members) > 1


def _teams(operations: dict, programs: list, notes) -> list[_Team]:
    """Each pool of programs sharing one team, and every other program as its own team."""
    by_id = {p.id: p for p in programs}
    pooled, teams = set(), []
    for raw in operations.get("pools") or []:
        members = [by_id[i] for i in raw["programs"] if i in by_id and i not in pooled]
        kinds = {(p.model, p.concurrency, p.channel if p.model != "workload" else None) for p in members}
        if len(members) < 2:
            continue
        if len(kinds) > 1:
            notes.warn("pool_mixed", None, raw.get("name") or raw["id"],
                       f"pool '{raw['id']}' mixes programs that cannot share one queue (different channel, model "
                       "or concurrency); they are staffed as dedicated teams")
            continue
        pooled.update(p.id for p in members)
        teams.append(_Team(raw["id"], raw.get("name") or raw["id"], members))
    if teams:
        notes.assume("pooling", [t.name for t in teams], "project",
                     "programs in a pool are answered by one team: their loads are added per interval and staffed "
                     "as one queue meeting every member's target (never more than the dedicated teams would need); "
                     "with Erlang A the pool's mean patience is the members' load-weighted mean")
    return teams + [_Team(p.id, p.name, [p]) for p in programs if p.id not in pooled]


# ---------------------------------------------------------------- the model run

@dataclass(frozen=True)
class Variation:
    """A what-if on the project's inputs: volume and AHT factors, shrinkage points, service-level target."""

    volume: float = 1.0
    aht: float = 1.0
    shrinkage_points: float = 0.0
    service_level_pct: float | None = None


class _Run:
    """One pass of the model over some months: the need per day and interval, per program and per team."""

    def __init__(self, step: int):
        self.step = step
        self.by_program: dict = {}  # month -> day key -> program id -> (dates, need)
        self.by_team: dict = {}  # month -> day key -> team id -> (dates, need), each team by its own clock
        self.in_zone: dict = {}  # the same by the plan's clock (_in_plan_zone): what is added up per interval
        self.combined: dict = {}
        self.detail: list = []
        self.peak_month = None

    def hours(self, month: str) -> tuple[float, float]:
        """Productive and scheduled agent hours of the month, all teams."""
        per_slot = self.step / 60
        productive = scheduled = 0.0
        for by_team in self.by_team.get(month, {}).values():
            for count, need in by_team.values():
                productive += count * sum(r for _, r, _, _ in need if r) * per_slot
                scheduled += count * sum(s for _, _, s, _ in need if s) * per_slot
        return productive, scheduled


class _Model:
    """The plan's computation, re-runnable under a Variation for the scenarios."""

    def __init__(self, project, programs, teams, events, step, shrinkage):
        self.project, self.programs, self.teams, self.events = project, programs, teams, events
        self.step, self.shrinkage = step, shrinkage
        self.shifts: dict = {}  # month -> program id -> intervals its clock is behind the plan's (_zone_shifts)

    def run(self, months, variation: Variation = Variation()) -> _Run:
        programs = {p.id: _varied(p, variation) for p in self.programs}
        teams = [_Team(t.id, t.name, [programs[m.id] for m in t.members]) for t in self.teams]
        shrinkage = min(0.99, max(0.0, self.shrinkage + variation.shrinkage_points / 100))
        run = _Run(self.step)
        slots = 1440 // self.step
        for month in months:
            special = _special_dates(month, self.programs, self.events)
            month_days = run.by_program.setdefault(month, {})
            for program in programs.values():
                for key, (count, contacts) in _daily_contacts(program, month, special, self.events,
                                                              variation.volume).items():
                    try:
                        need = _day_need(program, _weekday_of(key), contacts, self.step, shrinkage)
                    except erlang.ImpossibleTarget as exc:  # e.g. a volume far beyond any contact center
                        place = _place(self.project, ("work_definition", "programs", program.index, "volumes"))
                        raise RfpgenError(f"{place}: program '{program.id}' in {month}: {exc}") from None
                    month_days.setdefault(key, {})[program.id] = (count, need)
                    if variation == Variation():
                        run.detail.append((month, key, program.id, count, need))
            team_days = run.by_team.setdefault(month, {})
            for key, by_program in month_days.items():
                for team in teams:
                    entries = [by_program[m.id] for m in team.members if m.id in by_program]
                    if entries:
                        need = entries[0][1] if not team.pooled else _pooled_need(team, entries, self.step, shrinkage)
                        team_days.setdefault(key, {})[team.id] = (entries[0][0], need)
            shift = {t.id: self.shifts.get(month, {}).get(t.members[0].id, 0) for t in teams}
            run.in_zone[month] = _in_plan_zone(team_days, shift, month, special, slots)
            run.combined[month] = _combine(run.in_zone[month], slots)
        run.peak_month = max(months, key=lambda m: (run.combined[m]["peak_scheduled"], run.combined[m]["contacts_total"],
                                                    -months.index(m)))
        return run

    def scenarios(self, base: _Run, peak_month: str, paid_hours: float) -> tuple[list, list]:
        """The peak month under each scenario, and the service level achieved against FTE at the peak.

        Scenarios rerun the peak month only: the band is about the month that sets the team size.
        """
        rows = []
        for key, variation in SCENARIOS:
            run = base if variation == Variation() else self.run([peak_month], variation)
            combined = run.combined[peak_month]
            rows.append({"key": key, "volume_factor": variation.volume, "aht_factor": variation.aht,
                         "shrinkage_points": variation.shrinkage_points,
                         "peak_required": combined["peak_required"], "peak_scheduled": combined["peak_scheduled"],
                         "fte": round(run.hours(peak_month)[1] / paid_hours, 1)})
        curve = []
        if any(p.targets for p in self.programs):
            for percent in SERVICE_LEVEL_CURVE_PCT:
                run = self.run([peak_month], Variation(service_level_pct=percent))
                combined = run.combined[peak_month]
                curve.append({"service_level_pct": percent, "peak_required": combined["peak_required"],
                              "peak_scheduled": combined["peak_scheduled"],
                              "fte": round(run.hours(peak_month)[1] / paid_hours, 1)})
        return rows, curve


SCENARIOS = (
    ("base", Variation()),
    ("volume_0.8", Variation(volume=0.8)), ("volume_1.2", Variation(volume=1.2)), ("volume_1.5", Variation(volume=1.5)),
    ("aht_-10", Variation(aht=0.9)), ("aht_+10", Variation(aht=1.1)),
    ("shrinkage_-5", Variation(shrinkage_points=-5)), ("shrinkage_+5", Variation(shrinkage_points=5)),
    ("low", Variation(volume=0.8, aht=0.9, shrinkage_points=-5)), ("high", Variation(volume=1.5, aht=1.1, shrinkage_points=5)),
)
SERVICE_LEVEL_CURVE_PCT = (60, 70, 80, 85, 90, 95)


def _varied(program: _Program, variation: Variation) -> _Program:
    """The program under a variation, with caches of its own (loads and targets differ)."""
    targets = program.targets
    if targets and variation.service_level_pct is not None:
        targets = replace(targets, service_level=variation.service_level_pct / 100, asa_seconds=None, max_abandonment=None)
    if variation == Variation():
        return program
    return replace(program, aht=program.aht * variation.aht, targets=targets, cache={}, scheduled={}, hint=None)


def _pooled_need(team: _Team, entries: list, step: int, shrinkage: float) -> list[tuple]:
    """One queue for the pool per interval: the members' loads added, every member's target met.

    A pool never needs more than its members' dedicated teams added up (it could always run them as
    separate queues), nor fewer than the largest minimum staffing among the members open then.
    Erlang A pools use the members' mean patience weighted by their load in the interval.
    """
    first = team.members[0]
    interval_seconds = step * 60
    need = []
    for i in range(len(entries[0][1])):
        cells = [(m, e[1][i]) for m, e in zip(team.members, entries) if e[1][i][1] is not None]
        if not cells:
            need.append((0.0, None, None, 0.0))
            continue
        contacts = sum(c[0] for _, c in cells)
        work = sum(c[3] for _, c in cells)
        dedicated = sum(c[1] for _, c in cells)
        floor = max(m.minimum for m, _ in cells)
        if first.model == "workload":
            agents = math.ceil(round(work / (interval_seconds * first.occupancy_cap), 9))
        elif work <= 0:
            agents = 0
        else:
            aht = work / contacts
            patience = sum(m.patience * c[3] for m, c in cells) / work if first.patience else None
            key = (round(work, 6), round(aht, 6), patience and round(patience, 6))
            if key not in team.cache:
                servers = max(erlang.required_agents(work / interval_seconds, aht, t, patience, hint=team.hint)
                              for t in {m.targets for m, _ in cells})
                team.hint = servers or team.hint
                team.cache[key] = math.ceil(round(servers / first.concurrency, 9))
            agents = team.cache[key]
        required = max(min(agents, dedicated), floor)
        need.append((contacts, required, erlang.scheduled_agents(required, shrinkage), work))
    return need


def _pooling_rows(teams, run: _Run, months, peak_month, paid_hours, hours_per_slot) -> list[dict]:
    """Each pool side by side with its members staffed as dedicated teams."""
    rows = []
    for team in teams:
        if not team.pooled:
            continue
        ids = [m.id for m in team.members]
        pooled_peak = dedicated_peak = 0
        for by_team in run.by_team[peak_month].values():
            if team.id in by_team:
                pooled_peak = max(pooled_peak, max((r for _, r, _, _ in by_team[team.id][1] if r is not None), default=0))
        for by_program in run.by_program[peak_month].values():
            per_interval = {}
            for pid in ids:
                if pid in by_program:
                    for i, (_, r, _, _) in enumerate(by_program[pid][1]):
                        if r is not None:
                            per_interval[i] = per_interval.get(i, 0) + r
            dedicated_peak = max([dedicated_peak] + list(per_interval.values()))
        pooled_hours = sum(count * sum(s for _, _, s, _ in need if s)
                           for by_team in run.by_team[peak_month].values() if team.id in by_team
                           for count, need in [by_team[team.id]]) * hours_per_slot
        dedicated_hours = sum(count * sum(s for _, _, s, _ in need if s)
                              for by_program in run.by_program[peak_month].values()
                              for pid in ids if pid in by_program
                              for count, need in [by_program[pid]]) * hours_per_slot
        rows.append({"id": team.id, "name": team.name, "programs": ids, "month": peak_month,
                     "pooled_peak_required": pooled_peak, "dedicated_peak_required": dedicated_peak,
                     "pooled_fte": round(pooled_hours / paid_hours, 1), "dedicated_fte": round(dedicated_hours / paid_hours, 1)})
    return rows


# ---------------------------------------------------------------- rostering (shift feasibility)

def _rostering(operations, teams, run: _Run, peak_month, monthly, paid_hours, step, seconds, notes) -> dict | None:
    """Whole shifts over each team's days of the peak month: rostered FTE and uplift over the lower bound.

    The peak month's uplift of each team is applied to its other months (one solve per distinct day
    keeps the plan interactive); the fallback is the interval lower bound with the reason.
    """
    raw = operations.get("shifts")
    if not raw:
        return None
    rules = shifts.ShiftRules(tuple(raw["lengths_hours"]), raw.get("break_minutes", shifts.DEFAULT_BREAK_MINUTES),
                              raw.get("start_step_minutes", shifts.DEFAULT_START_STEP_MINUTES))
    notes.assume("shifts", {"lengths_hours": list(rules.lengths_hours), "break_minutes": rules.break_minutes,
                            "start_step_minutes": rules.start_step_minutes}, "project",
                 "scheduled agents per interval are covered with whole shifts at the fewest paid hours (SciPy milp, "
                 "HiGHS), per team and kind of day of the busiest-interval month; that month's uplift applies to the others")
    lower = {m["month"]: m["fte"] for m in monthly}
    per_slot = step / 60
    budget = shifts.RosterBudget(rules, step, seconds)
    uplift_by_team = {}
    try:
        budget.solve([[s or 0 for _, _, s, _ in need] for team in teams for by_team in run.by_team[peak_month].values()
                      if team.id in by_team for _, need in [by_team[team.id]]])
        rostered_hours = lower_hours = 0.0
        for team in teams:
            team_rostered = team_lower = 0.0
            for by_team in run.by_team[peak_month].values():
                if team.id not in by_team:
                    continue
                count, need = by_team[team.id]
                required = [s or 0 for _, _, s, _ in need]
                team_rostered += count * budget.paid_hours(required)
                team_lower += count * sum(required) * per_slot
            uplift_by_team[team.id] = team_rostered / team_lower if team_lower else 1.0
            rostered_hours += team_rostered
            lower_hours += team_lower
    except shifts.SolverUnavailable as exc:
        reason = str(exc)
        notes.warn("roster_fallback", None, reason, {
            "scipy_missing": "SciPy is not installed, so shifts were not solved; FTE is the interval lower bound",
            "solver_time_limit": f"the shift solve did not finish within {seconds:g} s; FTE is the interval lower bound",
        }.get(reason, "the shift solver failed; FTE is the interval lower bound"))
        return {"rostered": False, "reason": reason, "optimal": False, "month": peak_month,
                "lower_bound_fte": lower[peak_month],
                "rostered_fte": None, "uplift_pct": None, "teams": [], "monthly": {}}
    team_rows = []
    for team in teams:
        team_rows.append({"id": team.id, "uplift_pct": round(100 * (uplift_by_team[team.id] - 1), 1)})
    monthly_rostered = {}
    for month in lower:
        total = 0.0
        for team in teams:
            hours = sum(count * sum(s for _, _, s, _ in need if s) * per_slot
                        for by_team in run.by_team[month].values() if team.id in by_team
                        for count, need in [by_team[team.id]])
            total += hours * uplift_by_team[team.id]
        monthly_rostered[month] = round(total / paid_hours, 1)
    uplift = rostered_hours / lower_hours if lower_hours else 1.0
    return {"rostered": True, "reason": None, "optimal": budget.optimal, "month": peak_month,
            "lower_bound_fte": round(lower_hours / paid_hours, 1),
            "rostered_fte": round(rostered_hours / paid_hours, 1), "uplift_pct": round(100 * (uplift - 1), 1),
            "teams": team_rows, "monthly": monthly_rostered}


def _hiring_plan(project, people: dict, need_fte: dict, notes) -> dict | None:
    schedule = project.data["project"].get("schedule") or {}
    if not schedule.get("service_start"):
        return None
    training = people.get("training") or {}
    attrition = people.get("attrition_pct_per_year", 0)
    productivity = training.get("nesting_productivity_pct", DEFAULT_NESTING_PRODUCTIVITY_PCT)
    notes.assume("attrition_pct_per_year", attrition, "project" if "attrition_pct_per_year" in people else "default",
                 "a planning assumption, not a limit: each month yearly % / 12 of the headcount is expected to leave "
                 "and is replaced by backfill hires" if attrition else "no attrition given: no backfill hiring planned")
    notes.assume("nesting_productivity_pct", productivity,
                 "project" if "nesting_productivity_pct" in training else "default",
                 "new hires work live during nesting at this share of a trained agent's productivity")
    return hiring.hiring_plan(
        need_fte, date.fromisoformat(schedule["service_start"]), attrition_pct=attrition,
        lead_months=people.get("hiring_lead_time_months", DEFAULT_HIRING_LEAD_TIME_MONTHS),
        initial_days=training.get("initial_days", DEFAULT_INITIAL_TRAINING_DAYS),
        nesting_days=training.get("nesting_days", DEFAULT_NESTING_DAYS),
        nesting_productivity_pct=productivity, class_size=training.get("class_size"), closed=days_off(project))


def days_off(project) -> frozenset:
    """The days no class trains or starts: the operation's closed dates and the public holidays of the
    country its time zone lies in, over the schedule's years (a program's own closed dates close only it)."""
    data = project.data
    hours = (data.get("operations") or {}).get("opening_hours") or {}
    closed = {date.fromisoformat(str(d)) for d in (hours.get("closed_dates") or [] if isinstance(hours, dict) else [])}
    start = (data["project"].get("schedule") or {}).get("service_start")
    if start:
        year = date.fromisoformat(str(start)).year
        closed |= hiring.public_holidays(project.time_zone, range(year - 1, year + 4))
    return frozenset(closed)


def _in_program_order(ids, programs: list) -> list[str]:
    """Program ids in the order the project lists its programs (as every table lists them)."""
    order = {p.get("id"): i for i, p in enumerate(programs) if isinstance(p, dict)}
    return sorted(ids, key=lambda i: (order.get(i, len(order)), str(i)))


def _resolve_programs(project, work, operations, kpis, forecast, step, cap, notes) -> list[_Program]:
    """Each program's model, handle time, targets, hours and profiles, defaults noted once."""
    profile = _profile_shares(forecast.get("intraday_profile"), step)
    notes.assume("intraday_profile", "project" if profile else "flat", "project" if profile else "default",
                 "contacts follow the intraday profile within the opening hours; shares outside them are "
                 "moved to the open intervals in proportion" if profile else
                 "no intraday profile: contacts spread evenly over the open intervals")
    weekday_profile = forecast.get("weekday_profile")
    notes.assume("weekday_profile", dict(weekday_profile) if weekday_profile else "equal",
                 "project" if weekday_profile else "default",
                 "a month's contacts go to its open dates in proportion to the weekday profile; closed weekdays "
                 "and closed dates pass their share to the open days" if weekday_profile else
                 "no weekday profile: every open date of a month gets the same share")
    minimum = operations.get("minimum_agents", 0)
    own = {raw.get("name") or raw["id"]: raw["minimum_agents"] for raw in work.get("programs") or []
           if raw.get("minimum_agents")}
    if minimum or own:  # a program's own minimum named beside the others' ("none" said of a program that has 2)
        others = minimum if len(own) < len(work.get("programs") or []) else None  # None: no program is left
        notes.assume("minimum_staffing", {"programs": own, "others": others} if own else minimum, "project",
                     "every open interval gets at least the minimum staffing (the program's own, else this one), "
                     "whatever the load")
    else:
        notes.assume("minimum_staffing", 0, "default",
                     "no minimum staffing: an open interval without forecast contacts gets no agents")
    if any(raw.get("intraday_profile") or raw.get("weekday_profile") for raw in work.get("programs") or []):
        notes.assume("program_profiles", True, "project",
                     "programs with their own intraday or weekday profile follow it instead of the forecast's")

    used_defaults = set()
    programs = []
    own_levels, shared_level = {}, False  # programs with their own service level; whether any uses the shared one
    for index, raw in enumerate(work.get("programs") or []):
        path = ("work_definition", "programs", index)
        volumes = {v["month"]: v["contacts"] for v in raw.get("volumes") or []}
        if not volumes:
            continue
        aht = weighted_aht(raw, kpis)
        if aht is None:
            notes.warn("no_handle_time", raw["id"], None,
                       f"program '{raw['id']}' has volumes but no handle time (call_reasons with aht_seconds, or "
                       "operations.kpis.aht_seconds); it is left out of the plan")
            continue
        targets = patience = response = None
        concurrency = 1.0
        if queued(raw):
            level, level_path = raw.get("service_level"), path + ("service_level",)
            if level is None and kpis.get("service_level"):
                level, level_path = kpis["service_level"], ("operations", "kpis", "service_level")
            if level is None:
                level = DEFAULT_SERVICE_LEVEL
                used_defaults.add("service_level")
            if raw.get("service_level") is not None:
                own_levels[raw.get("name") or raw["id"]] = dict(level)
            else:
                shared_level = True
            asa = raw.get("asa_seconds", kpis.get("asa_seconds"))
            patience = raw.get("patience_seconds")
            abandonment = kpis.get("abandonment_pct") if patience else None
            concurrency = float(raw.get("concurrency", 1)) if raw["channel"] != "phone" else 1.0
            targets = erlang.Targets(service_level=level["percent"] / 100, threshold_seconds=level["threshold_seconds"],
                                     asa_seconds=asa, max_occupancy=cap,
                                     max_abandonment=abandonment / 100 if abandonment is not None else None)
            if abandonment is not None:
                _checked(project, ("operations", "kpis", "abandonment_pct"),
                         erlang.Targets(max_abandonment=abandonment / 100))
            _checked(project, level_path, targets)
            model = "erlang_a" if patience else "erlang_c"
        else:
            model = "workload"
            if raw["type"] != "outbound":
                response = raw.get("response_target_hours")
                if response is None and raw["channel"] in DEFERRED_RESPONSE_CHANNELS:
                    response = kpis.get("email_response_hours")
                if response is None:
                    response = DEFAULT_RESPONSE_HOURS
                    used_defaults.add("response_hours")
        own_profile = _profile_shares(raw.get("intraday_profile"), step) or profile
        hours = _opening_hours(raw, operations, own_profile, step)
        if hours.source in ("default", "profile"):
            used_defaults.add("opening_hours_" + hours.source)
        program = _Program(index, raw["id"], raw["name"], raw["channel"], raw["type"], model, aht, concurrency, cap,
                           targets, patience, response, hours, volumes, raw.get("minimum_agents", minimum), notes)
        _spread(program, raw.get("weekday_profile") or weekday_profile, own_profile, step, notes)
        programs.append(program)

    shared = dict(DEFAULT_SERVICE_LEVEL) if "service_level" in used_defaults else dict(kpis.get("service_level") or {}) or None
    if own_levels and any(level != shared for level in own_levels.values()):
        # each program's own target named beside the others' (one figure would misstate the queues that differ)
        notes.assume("service_level", {"programs": own_levels, "others": shared if shared_level else None}, "project",
                     "service level target per interval: each program's own, else the operation's")
    elif "service_level" in used_defaults:
        notes.assume("service_level", dict(DEFAULT_SERVICE_LEVEL), "default",
                     "no service level given: 80% of contacts answered within 20 seconds")
    elif shared or own_levels:
        notes.assume("service_level", shared or next(iter(own_levels.values())), "project",
                     "service level target per interval, unless a program sets its own")
    asas = {p.name: p.targets.asa_seconds for p in programs if p.targets}
    if len(set(asas.values())) > 1:  # as the service level: one figure would misstate the queues that differ
        notes.assume("asa_seconds", {"programs": asas, "others": None}, "project",
                     "average speed of answer target per interval: each program's own, else the operation's")
    elif kpis.get("asa_seconds") or any(asas.values()):
        notes.assume("asa_seconds", next(iter(asas.values()), None) or kpis["asa_seconds"], "project",
                     "average speed of answer target per interval")
    if any(p.model == "erlang_a" for p in programs):
        notes.assume("erlang_a", True, "project",
                     "programs with a mean patience use Erlang A; the service level counts abandoned contacts as "
                     "not answered" + ("; the abandonment target applies" if kpis.get("abandonment_pct") else ""))
    chats = {p.name: p.concurrency for p in programs if p.channel != "phone" and p.model != "workload" and p.concurrency > 1}
    if chats:  # the client's figure, per program where they differ
        notes.assume("chat_concurrency", next(iter(chats.values())) if len(set(chats.values())) == 1 else {"programs": chats, "others": None},
                     "project", "each chat agent counts as 'concurrency' servers; handle time is a chat's elapsed duration")
    if any(p.model == "workload" for p in programs):
        notes.assume("deferred_work", True, "default",
                     "e-mail, other deferred work and outbound: workload = contacts x handle time, worked at the "
                     "occupancy cap, spread over the open hours when the response target allows, else worked "
                     "in the interval it arrives; each day's work is cleared the same day")
    if "response_hours" in used_defaults:
        notes.assume("response_target_hours", DEFAULT_RESPONSE_HOURS, "default",
                     "no response target for deferred work: 24 hours")
    if "opening_hours_default" in used_defaults:
        notes.assume("opening_hours", {"open": DEFAULT_OPENING[0], "close": DEFAULT_OPENING[1], "days": list(WEEKDAYS)},
                     "default", "no opening hours and no intraday profile: open every day 09:00-18:00")
    if "opening_hours_profile" in used_defaults:
        notes.assume("opening_hours", "intraday_profile", "default",
                     "no opening hours: open every day in the intervals the intraday profile gives contacts to")
    if any(p.hours.closed_dates for p in programs):
        notes.assume("closed_dates", len(set().union(*(p.hours.closed_dates for p in programs))), "project",
                     "closed dates get no contacts; their share goes to the month's other open dates")
    if (operations.get("opening_hours") or {}).get("holidays"):
        notes.assume("holidays_text", None, "model",
                     "holidays described in words are not modelled; list them as closed_dates to take effect")
    return programs


def _spread(program: _Program, weekday_profile, profile, step, notes) -> None:
    """Weekday shares over open weekdays, and per weekday the day's fractions per interval."""
    open_days = [d for d in WEEKDAYS if any(program.hours.open[d])]
    raw_share = {d: (weekday_profile.get(d, 0) if weekday_profile else 1.0) for d in WEEKDAYS}
    total = sum(raw_share.values())
    lost = sum(raw_share[d] for d in WEEKDAYS if d not in open_days)
    if total and lost and weekday_profile:
        notes.warn("weekday_share_closed", program.id, round(100 * lost / total, 1),
                   f"program '{program.id}' is closed on days that hold {100 * lost / total:.1f}% of the weekly "
                   "profile; that share is moved to its open days")
    open_total = sum(raw_share[d] for d in open_days)
    if not open_days or open_total <= 0:
        notes.warn("never_open", program.id, None,
                   f"program '{program.id}' has no open hours on any day the weekday profile gives contacts to; "
                   "its volumes cannot be staffed")
        program.weekday_share = {}
        return
    program.weekday_share = {d: raw_share[d] / open_total for d in open_days if raw_share[d] > 0}

    outside, idle = 0.0, []
    for day in program.weekday_share:
        is_open = program.hours.open[day]
        shares = profile or [1.0 if o else 0.0 for o in is_open]
        inside = sum(s for s, o in zip(shares, is_open) if o)
        if inside <= 0:  # the profile gives nothing to this day's hours: fall back to flat
            shares, inside = [1.0 if o else 0.0 for o in is_open], sum(is_open)
            notes.warn("profile_empty_in_hours", program.id, day,
                       f"program '{program.id}': the intraday profile gives no contacts to the opening hours on "
                       f"{day}; contacts are spread evenly over them")
        else:
            outside += program.weekday_share[day] * (1 - inside / sum(shares))
        arrivals = [s / inside if o else 0.0 for s, o in zip(shares, is_open)]
        program.arrivals[day] = arrivals
        if program.model == "workload" and (program.response_hours is None
                                            or program.response_hours * 60 >= sum(is_open) * step):
            program.intraday[day] = [1 / sum(is_open) if o else 0.0 for o in is_open]
        else:
            program.intraday[day] = arrivals
        idle += [(day, i) for i, (o, share) in enumerate(zip(is_open, program.intraday[day])) if o and share == 0]
    if idle:
        first = f"{idle[0][0]} {_hhmm(idle[0][1] * step)}"
        if program.minimum:  # the minimum staffing still holds there: the table shows those agents
            notes.warn("open_without_forecast_minimum", program.id, program.minimum,
                       f"program '{program.id}' is open in {len(idle)} interval(s) a week to which the intraday profile "
                       f"gives no contacts (first: {first}); only its minimum staffing of {program.minimum} agent(s) "
                       "is planned there")
        else:
            notes.warn("open_without_forecast", program.id, len(idle),
                       f"program '{program.id}' is open in {len(idle)} interval(s) a week to which the intraday profile "
                       f"gives no contacts (first: {first}); no agents are planned there")
    program.outside_hours_pct = round(100 * outside, 1)
    if program.outside_hours_pct >= 0.1:
        notes.warn("profile_outside_hours", program.id, program.outside_hours_pct,
                   f"program '{program.id}': {program.outside_hours_pct:g}% of the intraday profile falls outside "
                   "its opening hours and is moved to the open intervals")


def _daily_contacts(program: _Program, month: str, special: set, events: list, volume: float = 1.0) -> dict:
    """day key -> (number of dates, contacts on each of them).

    Ordinary dates are grouped by weekday ("mon"); each special date (an event or a closed date of
    some program) is its own day, keyed "YYYY-MM-DD". The month's contacts go to the open dates in
    proportion to the weekday share times the events' factor (1 on an ordinary date).
    """
    contacts = program.volumes.get(month, 0) * volume
    if not program.weekday_share:
        return {}
    year, number = map(int, month.split("-"))
    counts = dict.fromkeys(WEEKDAYS, 0)
    factors = {}
    for day in range(1, calendar.monthrange(year, number)[1] + 1):
        when = date(year, number, day)
        weekday = WEEKDAYS[when.weekday()]
        if weekday not in program.weekday_share or when in program.hours.closed_dates:
            continue
        if when in special:
            factor = math.prod(e.factor for e in events if e.applies(program.id, when))
            if factor > 0:
                factors[when] = factor
        else:
            counts[weekday] += 1
    share = program.weekday_share
    weight = (sum(share[d] * counts[d] for d in share)
              + sum(share[WEEKDAYS[w.weekday()]] * f for w, f in factors.items()))
    if weight <= 0:
        if contacts:
            program.notes.warn("month_closed", program.id, month,
                               f"program '{program.id}' has no open date in {month}; its {contacts:g} contacts cannot be staffed")
        return {}
    days = {d: (counts[d], contacts * share[d] / weight) for d in share if counts[d]}
    days.update({w.isoformat(): (1, contacts * share[WEEKDAYS[w.weekday()]] * f / weight) for w, f in sorted(factors.items())})
    return days


def _day_need(program: _Program, weekday: str, contacts: float, step: int, shrinkage: float) -> list[tuple]:
    """Per interval of the day: (contacts, required, scheduled, work seconds); required None when closed."""
    interval_seconds = step * 60
    need = []
    for is_open, arrival, work_share in zip(program.hours.open[weekday], program.arrivals[weekday],
                                            program.intraday[weekday]):
        if not is_open:
            need.append((0.0, None, None, 0.0))
            continue
        interval_contacts = contacts * arrival
        if program.model == "workload":
            work_seconds = contacts * work_share * program.aht
            required = math.ceil(round(work_seconds / (interval_seconds * program.occupancy_cap), 9))
        else:
            work_seconds = interval_contacts * program.aht
            required = _queued_agents(program, work_seconds / interval_seconds)
        required = max(required, program.minimum)
        key = (required, shrinkage)
        if key not in program.scheduled:
            program.scheduled[key] = erlang.scheduled_agents(required, shrinkage)
        need.append((interval_contacts, required, program.scheduled[key], work_seconds))
    return need


def _queued_agents(program: _Program, load: float) -> int:
    """Agents for one interval's offered load; identical loads (e.g. equal weekdays) are solved once."""
    if load not in program.cache:
        servers = erlang.required_agents(load, program.aht, program.targets, program.patience, hint=program.hint)
        program.hint = servers or program.hint
        program.cache[load] = math.ceil(round(servers / program.concurrency, 9))
    return program.cache[load]


# ---------------------------------------------------------------- totals

def _zone(name: str | None):
    """The ZoneInfo of an IANA name, None when there is none or it is unknown here."""
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_offsets(plan_zone: str | None, zone: str | None, month: str) -> dict[int, int]:
    """How many minutes the plan's clock is ahead of `zone`'s, counted over the days of `month` (at
    noon UTC): {minutes: days}. Two zones that change to summer time on different dates differ by
    two amounts in that month."""
    plan, own = _zone(plan_zone), _zone(zone)
    if plan is None or own is None or plan == own:
        return {0: 1}
    year, number = map(int, month.split("-"))
    counts: dict[int, int] = {}
    for day in range(1, calendar.monthrange(year, number)[1] + 1):
        moment = datetime(year, number, day, 12, tzinfo=timezone.utc)
        minutes = int((moment.astimezone(plan).utcoffset() - moment.astimezone(own).utcoffset()).total_seconds() // 60)
        counts[minutes] = counts.get(minutes, 0) + 1
    return counts


def _zone_shifts(plan_zone, programs, teams, months, step, notes) -> dict:
    """month -> program id -> whole intervals to move its day by, so that programs open in other time
    zones are added up at the same moment, by the plan's clock (opening hours and profiles are each
    program's local time). A month in which the zones change to summer time on different dates takes
    the difference most of its days have; an offset that is not a whole number of intervals is rounded
    to the nearest; a pool's members share one queue and move with its first member."""
    shifts = {}
    for program in programs:
        zone = program.hours.time_zone or plan_zone
        for month in months:
            counts = zone_offsets(plan_zone, zone, month)
            minutes = max(counts, key=lambda m: (counts[m], -abs(m)))
            shifts.setdefault(month, {})[program.id] = round(minutes / step)
            if minutes % step:
                notes.warn("zone_offset_not_interval", program.id, zone,
                           f"program '{program.id}' is open by {zone} time, {minutes} minutes from the plan's "
                           f"{plan_zone}, which is not a whole number of {step}-minute intervals; its intervals are "
                           "added to the nearest interval of the plan")
    for team in teams:
        zones = {m.hours.time_zone or plan_zone for m in team.members}
        if len(zones) > 1:
            notes.warn("pool_time_zones", None, team.name,
                       f"pool '{team.id}' answers programs open in different time zones ({', '.join(sorted(map(str, zones)))}); "
                       "it is staffed by the clock of its first program")
    if any(any(by_program.values()) for by_program in shifts.values()):
        notes.assume("time_zone", plan_zone, "model",
                     f"programs open in other time zones are moved to {plan_zone} time before they are added up per "
                     "interval; each program's own figures stay in its local time")
    return shifts


def _in_plan_zone(by_day: dict, shift: dict, month: str, special: set, slots: int) -> dict:
    """Each team's day (day key -> team id -> (dates, need)) moved by `shift[team]` intervals onto the
    plan's clock: an interval past midnight goes to the next day (the next weekday, or the next date
    for a dated day), one before it to the day before."""
    if not any(shift.values()):
        return by_day
    year, number = map(int, month.split("-"))
    ordinary = dict.fromkeys(WEEKDAYS, 0)
    for day in range(1, calendar.monthrange(year, number)[1] + 1):
        if date(year, number, day) not in special:
            ordinary[WEEKDAYS[date(year, number, day).weekday()]] += 1

    def beside(key: str, days: int) -> str:
        if key in WEEKDAYS:
            return WEEKDAYS[(WEEKDAYS.index(key) + days) % 7]
        other = date.fromisoformat(key) + timedelta(days=days)
        return other.isoformat() if other.isoformat() in by_day else WEEKDAYS[other.weekday()]

    closed = (0.0, None, None, 0.0)
    keys = list(dict.fromkeys([*by_day, *(d for d in WEEKDAYS if ordinary[d])]))
    teams = list(dict.fromkeys(team for by_team in by_day.values() for team in by_team))
    moved = {}
    for key in keys:
        dates = next(iter(by_day[key].values()))[0] if by_day.get(key) else ordinary[key] if key in WEEKDAYS else 1
        for team in teams:
            if not shift.get(team):
                if team in by_day.get(key, {}):
                    moved.setdefault(key, {})[team] = by_day[key][team]
                continue
            cells = []
            for i in range(slots):
                days, source = divmod(i - shift[team], slots)
                entry = by_day.get(beside(key, days) if days else key, {}).get(team)
                cells.append(entry[1][source] if entry else closed)
            if any(cell[1] is not None for cell in cells):
                moved.setdefault(key, {})[team] = (dates, cells)
    return moved


def _combine(by_day: dict, slots: int) -> dict:
    """All teams added up per day (weekday or special date) and interval for one month."""
    keys = list(WEEKDAYS) + sorted(k for k in by_day if k not in WEEKDAYS)
    required = {d: [None] * slots for d in keys}
    scheduled = {d: [None] * slots for d in keys}
    contacts = {d: [0.0] * slots for d in keys}
    daily_contacts = dict.fromkeys(keys, 0.0)
    month_contacts = 0.0
    for key, by_team in by_day.items():
        for count, need in by_team.values():
            for i, (c, r, s, _) in enumerate(need):
                contacts[key][i] += c
                if r is not None:
                    required[key][i] = (required[key][i] or 0) + r
                    scheduled[key][i] = (scheduled[key][i] or 0) + s
            day_total = sum(c for c, _, _, _ in need)
            daily_contacts[key] += day_total
            month_contacts += count * day_total
    peak_scheduled = peak_required = 0
    peak_at = None
    for key in keys:
        for i in range(slots):
            if scheduled[key][i] is not None and (peak_at is None or scheduled[key][i] > peak_scheduled):
                peak_scheduled, peak_at = scheduled[key][i], (key, i)
            peak_required = max(peak_required, required[key][i] or 0)
    return {"required": required, "scheduled": scheduled, "contacts": contacts, "daily_contacts": daily_contacts,
            "contacts_total": month_contacts, "peak_scheduled": peak_scheduled, "peak_required": peak_required,
            "peak_at": peak_at}


def _weekday_table(month: str, peak: dict, slots: int, step: int, hours_per_slot: float) -> dict:
    used = [i for i in range(slots) if any(peak["required"][d][i] is not None for d in WEEKDAYS)]
    rows = [{"start": _hhmm(i * step),
             "required": [peak["required"][d][i] for d in WEEKDAYS],
             "scheduled": [peak["scheduled"][d][i] for d in WEEKDAYS]} for i in used]
    days = []
    for d in WEEKDAYS:
        required = [r for r in peak["required"][d] if r is not None]
        scheduled = [s for s in peak["scheduled"][d] if s is not None]
        days.append({"weekday": d, "open": bool(required), "contacts": round(peak["daily_contacts"][d], 1),
                     "productive_hours": round(sum(required) * hours_per_slot, 1),
                     "peak_required": max(required, default=0), "peak_scheduled": max(scheduled, default=0)})
    return {"month": month, "weekdays": list(WEEKDAYS), "rows": rows, "days": days}


def _chart(month: str, peak: dict, step: int) -> dict | None:
    """The interval chart: the average day of the peak month's busiest weekday (the most agents, then
    the most contacts), the same day as that weekday's column of the weekday table; a dated day
    (an event) holding the month's peak is named by `peak`, not charted apart from the table."""
    if not peak["peak_at"]:
        return None
    open_days = [d for d in WEEKDAYS if any(r is not None for r in peak["required"][d])]
    if not open_days:
        return None
    key = max(open_days, key=lambda d: (max(r for r in peak["required"][d] if r is not None), peak["daily_contacts"][d],
                                        -WEEKDAYS.index(d)))
    used = [i for i, r in enumerate(peak["required"][key]) if r is not None]
    return {"month": month, "weekday": _weekday_of(key), "date": None if key in WEEKDAYS else key, "interval_starts": [_hhmm(i * step) for i in used],
            "contacts": [round(peak["contacts"][key][i], 2) for i in used],
            "required": [peak["required"][key][i] for i in used],
            "scheduled": [peak["scheduled"][key][i] for i in used]}


def _program_summary(program: _Program, months, days, hours_per_slot) -> dict:
    peak_required = peak_scheduled = 0
    peak_month = None
    monthly = []
    for month in months:
        productive = scheduled_hours = 0.0
        for by_program in days.get(month, {}).values():
            if program.id not in by_program:
                continue
            count, need = by_program[program.id]
            productive += count * sum(r for _, r, _, _ in need if r) * hours_per_slot
            scheduled_hours += count * sum(s for _, _, s, _ in need if s) * hours_per_slot
            top = max((s for _, _, s, _ in need if s is not None), default=0)
            if top > peak_scheduled:
                peak_scheduled, peak_month = top, month
            peak_required = max(peak_required, max((r for _, r, _, _ in need if r is not None), default=0))
        contacts = program.volumes.get(month, 0)
        monthly.append({"month": month, "contacts": contacts,
                        "workload_hours": round(contacts * program.aht / program.concurrency / 3600, 1),
                        "productive_hours": round(productive, 1), "scheduled_hours": round(scheduled_hours, 1)})
    targets = program.targets
    return {
        "id": program.id, "name": program.name, "channel": program.channel, "type": program.type,
        "model": program.model, "aht_seconds": round(program.aht, 1), "concurrency": program.concurrency,
        "service_level": ({"percent": round(targets.service_level * 100, 4), "threshold_seconds": targets.threshold_seconds}
                          if targets else None),
        "asa_seconds": targets.asa_seconds if targets else None,
        "patience_seconds": program.patience, "response_target_hours": program.response_hours,
        "minimum_agents": program.minimum,
        "outside_hours_pct": program.outside_hours_pct, "contacts": sum(program.volumes.values()),
        "peak_required": peak_required, "peak_scheduled": peak_scheduled, "peak_month": peak_month,
        "monthly": monthly,
    }


def _supervisors(people: dict, run: _Run, monthly: list[dict], need_fte: dict, shrinkage: float, paid_hours: float,
                 notes) -> dict:
    """Supervisors as the floor needs them, not agent FTE ÷ span: in every interval any program is open
    (the union of the queues' hours), one per `span_of_control` scheduled agents rounded up, and never
    fewer than `minimum_supervisors`; those floor hours become FTE as agents' do (shrinkage, paid
    hours). Dividing a month's FTE by the span forgets that a floor of 3 agents at 19:30 still needs
    one supervisor, and that supervisors take leave and breaks too. The month reported is the one
    needing the most supervisor FTE; `monthly` gets each month's `supervisor_fte`."""
    span = people.get("span_of_control", DEFAULT_SPAN_OF_CONTROL)
    minimum = people.get("minimum_supervisors", 0)
    notes.assume("span_of_control", span, "project" if "span_of_control" in people else "default",
                 "in every open interval, team leaders on the floor = ceil(scheduled agents / agents per team leader)")
    notes.assume("minimum_supervisors", minimum, "project" if "minimum_supervisors" in people else "default",
                 "team leaders on the floor in every interval any program is open, whatever the agents"
                 if minimum else "no floor minimum: an interval without agents gets no team leader")
    per_slot = run.step / 60
    by_month = {}
    for row in monthly:
        hours = top = 0
        combined = run.combined[row["month"]]["scheduled"]
        for key, by_team in run.in_zone[row["month"]].items():
            dates = next(iter(by_team.values()))[0]  # every team of a day counts the same dates
            on_floor = [max(minimum, math.ceil(s / span)) for s in combined[key] if s is not None]
            hours += dates * sum(on_floor) * per_slot
            top = max([top] + on_floor)
        fte = round(hours / (1 - shrinkage) / paid_hours, 1)
        row["supervisor_fte"] = fte
        by_month[row["month"]] = {"floor_hours": round(hours, 1), "fte": fte, "peak_on_floor": top}
    most_staff = max(monthly, key=lambda m: need_fte.get(m["month"], m["fte"]))["month"]
    busiest = max(monthly, key=lambda m: (m["supervisor_fte"], m["month"] == most_staff))["month"]
    return {"count": math.ceil(round(by_month[busiest]["fte"], 9)), "span_of_control": span, "minimum": minimum,
            "month": busiest, "most_staff_month": busiest == most_staff, "agent_fte": need_fte.get(busiest),
            "shrinkage_pct": round(shrinkage * 100, 2), "paid_hours": paid_hours, **by_month[busiest]}


def _hiring(project, people: dict, monthly: list[dict], need_fte: dict, notes) -> tuple[list, dict | None]:
    """Milestones counted back from the service start: go-live, nesting, training, hiring; and the
    headcount to have at go-live: the month's need as the hiring plan counts it (`need_fte`: rostered
    with whole shifts when the shift solve ran, else the interval lower bound), so the summary, the
    hiring plan and the launch class give one figure."""
    schedule = project.data["project"].get("schedule") or {}
    training = people.get("training") or {}
    lead = people.get("hiring_lead_time_months", DEFAULT_HIRING_LEAD_TIME_MONTHS)
    initial = training.get("initial_days", DEFAULT_INITIAL_TRAINING_DAYS)
    nesting = training.get("nesting_days", DEFAULT_NESTING_DAYS)
    notes.assume("hiring_lead_time_months", lead, "project" if "hiring_lead_time_months" in people else "default",
                 "hiring starts this many months before go-live")
    notes.assume("training_days", {"initial": initial, "nesting": nesting},
                 "project" if {"initial_days", "nesting_days"} & set(training) else "default",
                 "initial training, then nesting (supervised live work), in business days (Monday to Friday, "
                 "not the operation's closed dates nor, in Japan, public holidays) ending the day before go-live")
    if not schedule.get("service_start"):
        notes.warn("no_service_start", None, None,
                   "project.schedule.service_start is not set, so there is no hiring timeline")
        return [], None
    go_live = date.fromisoformat(schedule["service_start"])
    closed = days_off(project)
    nesting_start = hiring.minus_business_days(go_live, nesting, closed)
    training_start = hiring.minus_business_days(nesting_start, initial, closed)
    hiring_start = hiring.next_working_day(hiring.minus_months(go_live, lead), closed)
    milestones = [("hiring_start", hiring_start), ("training_start", training_start),
                  ("nesting_start", nesting_start), ("go_live", go_live)]
    if schedule.get("transition_start"):
        milestones.append(("transition_start", date.fromisoformat(schedule["transition_start"])))
    if hiring_start > training_start:
        notes.warn("lead_time_shorter_than_training", None, lead,
                   f"the hiring lead time ({lead:g} months) is shorter than training and nesting "
                   f"({initial + nesting} business days); hiring would have to start by {training_start.isoformat()}")
    if schedule.get("contract") and min(hiring_start, training_start) < date.fromisoformat(schedule["contract"]):
        notes.warn("hiring_before_contract", None, schedule["contract"],
                   f"hiring must start on {min(hiring_start, training_start).isoformat()}, before the contract date "
                   f"{schedule['contract']}; move go-live or shorten the lead time")
    timeline = [{"key": key, "date": when.isoformat()} for key, when in sorted(milestones, key=lambda m: (m[1], m[0]))]
    go_live_month = go_live.strftime("%Y-%m")
    later = [m for m in monthly if m["month"] >= go_live_month]
    first = later[0] if later else max(monthly, key=lambda m: m["fte"])
    fte = need_fte.get(first["month"], first["fte"])
    headcount = {"month": first["month"], "agent_fte": fte, "agents": math.ceil(round(fte, 9)),
                 "supervisors": math.ceil(round(first["supervisor_fte"], 9))}
    return timeline, headcount
