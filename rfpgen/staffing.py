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
5. Scheduled agents = ceil(required / (1 - shrinkage)), shrinkage compounded from its components;
   each program is rounded on its own and the programs are added up.
6. Month totals count every date: productive hours = required agent hours, scheduled hours =
   scheduled agent hours (the paid hours), FTE = scheduled hours / paid hours per FTE and month.
"""
from __future__ import annotations

import calendar
import copy
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from . import erlang
from .errors import RfpgenError
from .yamlio import format_path

if TYPE_CHECKING:
    from .project import Project

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
QUEUED_CHANNELS = ("phone", "chat")
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


# ---------------------------------------------------------------- the result

class StaffingPlan:
    """The computed plan. `as_dict()` is what documents receive; `interval_rows()` the full detail.

    `as_dict()` structure (all plain JSON data; hours and FTE rounded to 0.1):
      empty: bool; reason: null or "no_programs" | "no_volumes" | "no_staffable_programs" (programs with
             volumes but no handle time; see warnings). Nothing to staff is not an error.
      interval_minutes, time_zone
      assumptions: [{key, value, source: "project"|"default", text}]  value is language-neutral
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
      peak:        {required, scheduled, month, weekday, start}  (highest interval of the peak month)
      supervisors: {count, span_of_control, agent_fte, month}
      hiring_timeline: [{key: "hiring_start"|"training_start"|"nesting_start"|"transition_start"|"go_live", date}]
      headcount:   {month, agent_fte, agents, supervisors}  to be in place at go-live
      chart:       busiest day of the peak month: {month, weekday, interval_starts, contacts, required, scheduled}
    """

    def __init__(self, data: dict, detail: list[tuple] = ()):
        self._data = data
        self._detail = detail  # (month, weekday, program id, open dates, per-interval need); rows built on demand

    @property
    def empty(self) -> bool:
        return self._data["empty"]

    def as_dict(self) -> dict:
        return copy.deepcopy(self._data)

    def interval_rows(self) -> list[dict]:
        """Every month x weekday x open interval x program: the CSV export."""
        step = self._data["interval_minutes"]
        return [{"month": month, "weekday": weekday, "start": _hhmm(i * step), "program": program, "dates": count,
                 "contacts": round(contacts, 3), "required": required, "scheduled": scheduled}
                for month, weekday, program, count, need in self._detail
                for i, (contacts, required, scheduled) in enumerate(need) if required is not None]


# ---------------------------------------------------------------- resolved settings

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
    weekday_share: dict = field(default_factory=dict)  # weekday -> fraction of a week (open days only)
    intraday: dict = field(default_factory=dict)  # weekday -> list of fractions of the day's work
    arrivals: dict = field(default_factory=dict)  # weekday -> list of fractions of the day's contacts
    outside_hours_pct: float = 0.0
    cache: dict = field(default_factory=dict)  # offered load -> required agents
    scheduled: dict = field(default_factory=dict)  # required -> scheduled agents
    hint: int | None = None


class _Notes:
    def __init__(self):
        self.assumptions: list[dict] = []
        self.warnings: list[dict] = []

    def assume(self, key, value, source, text):
        self.assumptions.append({"key": key, "value": value, "source": source, "text": text})

    def warn(self, key, program, value, text):
        self.warnings.append({"key": key, "program": program, "value": value, "text": text})


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
                    for i in range(slots):
                        if i * step < closes and (i + 1) * step > opens:
                            open_[day][i] = True
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


def _weighted_aht(program: dict, kpis: dict) -> float | None:
    reasons = [r for r in program.get("call_reasons") or [] if r["share_pct"] > 0]
    if reasons:
        return sum(r["share_pct"] * r["aht_seconds"] for r in reasons) / sum(r["share_pct"] for r in reasons)
    return kpis.get("aht_seconds")


# ---------------------------------------------------------------- plan

def plan(project: Project) -> StaffingPlan:
    """The staffing plan for a validated project (see StaffingPlan for the structure)."""
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

    base = {
        "empty": True, "reason": None, "interval_minutes": step,
        "time_zone": next((p.hours.time_zone for p in programs if p.hours.time_zone), None),
        "assumptions": notes.assumptions, "warnings": notes.warnings,
        "shrinkage": {"total_pct": round(shrinkage * 100, 2),
                      "components": [{"name": s["name"], "pct": s["pct"]} for s in shrinkage_items]},
        "programs": [], "months": months, "peak_month": None, "monthly": [], "weekday_table": None,
        "peak": None, "supervisors": None, "hiring_timeline": [], "headcount": None, "chart": None,
    }
    if not work.get("programs"):
        base["reason"] = "no_programs"
        return StaffingPlan(base, [])
    if not months:
        with_volumes = any(raw.get("volumes") for raw in work["programs"])
        base["reason"] = "no_staffable_programs" if with_volumes else "no_volumes"
        return StaffingPlan(base, [])

    # month -> weekday -> program id -> (interval contacts, required, scheduled), and dates per weekday
    days: dict = {}
    detail: list[tuple] = []
    for program in programs:
        for month in months:
            for weekday, (count, contacts) in _daily_contacts(program, month, notes).items():
                try:
                    need = _day_need(program, weekday, contacts, step, shrinkage)
                except erlang.ImpossibleTarget as exc:  # e.g. a volume far beyond any contact center
                    place = _place(project, ("work_definition", "programs", program.index, "volumes"))
                    raise RfpgenError(f"{place}: program '{program.id}' in {month}: {exc}") from None
                days.setdefault(month, {}).setdefault(weekday, {})[program.id] = (count, need)
                detail.append((month, weekday, program.id, count, need))

    slots = 1440 // step
    hours_per_slot = step / 60
    combined = {month: _combine(days.get(month, {}), slots) for month in months}
    peak_month = max(months, key=lambda m: (combined[m]["peak_scheduled"], combined[m]["contacts_total"], -months.index(m)))

    paid_hours = people.get("paid_hours_per_fte_month", DEFAULT_PAID_HOURS_PER_FTE_MONTH)
    notes.assume("paid_hours_per_fte_month", paid_hours, "project" if "paid_hours_per_fte_month" in people else "default",
                 "FTE = scheduled agent hours in the month / paid hours per FTE and month")
    monthly = []
    for month in months:
        contacts = sum(p.volumes.get(month, 0) for p in programs)
        workload = sum(p.volumes.get(month, 0) * p.aht / p.concurrency for p in programs) / 3600
        productive = scheduled_hours = 0.0
        for by_program in days.get(month, {}).values():
            for count, need in by_program.values():
                productive += count * sum(r for _, r, _ in need if r) * hours_per_slot
                scheduled_hours += count * sum(s for _, _, s in need if s) * hours_per_slot
        monthly.append({"month": month, "contacts": contacts, "workload_hours": round(workload, 1),
                        "productive_hours": round(productive, 1), "scheduled_hours": round(scheduled_hours, 1),
                        "fte": round(scheduled_hours / paid_hours, 1),
                        "occupancy_pct": round(100 * workload / productive, 1) if productive else None})

    program_rows = [_program_summary(p, months, days, hours_per_slot) for p in programs]
    peak = combined[peak_month]
    weekday_table = _weekday_table(peak_month, peak, slots, step, hours_per_slot)
    supervisors = _supervisors(people, monthly, notes)
    timeline, headcount = _hiring(project, people, monthly, supervisors, notes)

    base.update({
        "empty": False, "programs": program_rows, "peak_month": peak_month, "monthly": monthly,
        "weekday_table": weekday_table,
        "peak": {"required": peak["peak_required"], "scheduled": peak["peak_scheduled"], "month": peak_month,
                 "weekday": peak["peak_at"][0] if peak["peak_at"] else None,
                 "start": _hhmm(peak["peak_at"][1] * step) if peak["peak_at"] else None},
        "supervisors": supervisors, "hiring_timeline": timeline, "headcount": headcount,
        "chart": _chart(peak_month, peak, step),
    })
    return StaffingPlan(base, detail)


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
    notes.assume("minimum_staffing", 0, "default",
                 "no minimum staffing: an open interval without forecast contacts gets no agents")

    used_defaults = set()
    programs = []
    for index, raw in enumerate(work.get("programs") or []):
        path = ("work_definition", "programs", index)
        volumes = {v["month"]: v["contacts"] for v in raw.get("volumes") or []}
        if not volumes:
            continue
        aht = _weighted_aht(raw, kpis)
        if aht is None:
            notes.warn("no_handle_time", raw["id"], None,
                       f"program '{raw['id']}' has volumes but no handle time (call_reasons with aht_seconds, or "
                       "operations.kpis.aht_seconds); it is left out of the plan")
            continue
        queued = raw["type"] != "outbound" and (raw["channel"] in QUEUED_CHANNELS or "service_level" in raw)
        targets = patience = response = None
        concurrency = 1.0
        if queued:
            level, level_path = raw.get("service_level"), path + ("service_level",)
            if level is None and kpis.get("service_level"):
                level, level_path = kpis["service_level"], ("operations", "kpis", "service_level")
            if level is None:
                level = DEFAULT_SERVICE_LEVEL
                used_defaults.add("service_level")
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
        hours = _opening_hours(raw, operations, profile, step)
        if hours.source in ("default", "profile"):
            used_defaults.add("opening_hours_" + hours.source)
        program = _Program(index, raw["id"], raw["name"], raw["channel"], raw["type"], model, aht, concurrency, cap,
                           targets, patience, response, hours, volumes)
        _spread(program, weekday_profile, profile, step, notes)
        programs.append(program)

    if "service_level" in used_defaults:
        notes.assume("service_level", dict(DEFAULT_SERVICE_LEVEL), "default",
                     "no service level given: 80 % of contacts answered within 20 seconds")
    elif kpis.get("service_level"):
        notes.assume("service_level", dict(kpis["service_level"]), "project",
                     "service level target per interval, unless a program sets its own")
    if kpis.get("asa_seconds"):
        notes.assume("asa_seconds", kpis["asa_seconds"], "project", "average speed of answer target per interval")
    if any(p.model == "erlang_a" for p in programs):
        notes.assume("erlang_a", True, "project",
                     "programs with a mean patience use Erlang A; the service level counts abandoned contacts as "
                     "not answered" + ("; the abandonment target applies" if kpis.get("abandonment_pct") else ""))
    if any(p.channel != "phone" and p.model != "workload" and p.concurrency > 1 for p in programs):
        notes.assume("chat_concurrency", True, "project",
                     "each chat agent counts as 'concurrency' servers; handle time is a chat's elapsed duration")
    if any(p.model == "workload" for p in programs):
        notes.assume("deferred_work", True, "default",
                     "email, other deferred work and outbound: workload = contacts x handle time, worked at the "
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
        notes.assume("holidays_text", None, "project",
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
                   f"program '{program.id}' is closed on days that hold {100 * lost / total:.1f} % of the weekly "
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
        notes.warn("open_without_forecast", program.id, len(idle),
                   f"program '{program.id}' is open in {len(idle)} interval(s) a week to which the intraday profile "
                   f"gives no contacts (first: {first}); no agents are planned there")
    program.outside_hours_pct = round(100 * outside, 1)
    if program.outside_hours_pct >= 0.1:
        notes.warn("profile_outside_hours", program.id, program.outside_hours_pct,
                   f"program '{program.id}': {program.outside_hours_pct:g} % of the intraday profile falls outside "
                   "its opening hours and is moved to the open intervals")


def _daily_contacts(program: _Program, month: str, notes) -> dict:
    """weekday -> (number of open dates in the month, contacts on each of them)."""
    contacts = program.volumes.get(month, 0)
    if not program.weekday_share:
        return {}
    year, number = map(int, month.split("-"))
    counts = dict.fromkeys(WEEKDAYS, 0)
    for day in range(1, calendar.monthrange(year, number)[1] + 1):
        when = date(year, number, day)
        weekday = WEEKDAYS[when.weekday()]
        if weekday in program.weekday_share and when not in program.hours.closed_dates:
            counts[weekday] += 1
    weight = sum(program.weekday_share[d] * counts[d] for d in program.weekday_share)
    if weight <= 0:
        if contacts:
            notes.warn("month_closed", program.id, month,
                       f"program '{program.id}' has no open date in {month}; its {contacts} contacts cannot be staffed")
        return {}
    return {d: (counts[d], contacts * program.weekday_share[d] / weight) for d in program.weekday_share if counts[d]}


def _day_need(program: _Program, weekday: str, contacts: float, step: int, shrinkage: float) -> list[tuple]:
    """Per interval of the day: (contacts, required, scheduled); required None when closed."""
    interval_seconds = step * 60
    need = []
    for is_open, arrival, work_share in zip(program.hours.open[weekday], program.arrivals[weekday],
                                            program.intraday[weekday]):
        if not is_open:
            need.append((0.0, None, None))
            continue
        interval_contacts = contacts * arrival
        if program.model == "workload":
            work_seconds = contacts * work_share * program.aht
            required = math.ceil(round(work_seconds / (interval_seconds * program.occupancy_cap), 9))
        else:
            required = _queued_agents(program, interval_contacts * program.aht / interval_seconds)
        if required not in program.scheduled:
            program.scheduled[required] = erlang.scheduled_agents(required, shrinkage)
        need.append((interval_contacts, required, program.scheduled[required]))
    return need


def _queued_agents(program: _Program, load: float) -> int:
    """Agents for one interval's offered load; identical loads (e.g. equal weekdays) are solved once."""
    if load not in program.cache:
        servers = erlang.required_agents(load, program.aht, program.targets, program.patience, hint=program.hint)
        program.hint = servers or program.hint
        program.cache[load] = math.ceil(round(servers / program.concurrency, 9))
    return program.cache[load]


# ---------------------------------------------------------------- totals

def _combine(by_weekday: dict, slots: int) -> dict:
    """All programs added up per weekday and interval for one month."""
    required = {d: [None] * slots for d in WEEKDAYS}
    scheduled = {d: [None] * slots for d in WEEKDAYS}
    contacts = {d: [0.0] * slots for d in WEEKDAYS}
    daily_contacts = dict.fromkeys(WEEKDAYS, 0.0)
    month_contacts = 0.0
    for weekday, by_program in by_weekday.items():
        for count, need in by_program.values():
            for i, (c, r, s) in enumerate(need):
                contacts[weekday][i] += c
                if r is not None:
                    required[weekday][i] = (required[weekday][i] or 0) + r
                    scheduled[weekday][i] = (scheduled[weekday][i] or 0) + s
            day_total = sum(c for c, _, _ in need)
            daily_contacts[weekday] += day_total
            month_contacts += count * day_total
    peak_scheduled = peak_required = 0
    peak_at = None
    for weekday in WEEKDAYS:
        for i in range(slots):
            if scheduled[weekday][i] is not None and (peak_at is None or scheduled[weekday][i] > peak_scheduled):
                peak_scheduled, peak_at = scheduled[weekday][i], (weekday, i)
            peak_required = max(peak_required, required[weekday][i] or 0)
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
    if not peak["peak_at"]:
        return None
    weekday = peak["peak_at"][0]
    used = [i for i, r in enumerate(peak["required"][weekday]) if r is not None]
    return {"month": month, "weekday": weekday, "interval_starts": [_hhmm(i * step) for i in used],
            "contacts": [round(peak["contacts"][weekday][i], 2) for i in used],
            "required": [peak["required"][weekday][i] for i in used],
            "scheduled": [peak["scheduled"][weekday][i] for i in used]}


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
            productive += count * sum(r for _, r, _ in need if r) * hours_per_slot
            scheduled_hours += count * sum(s for _, _, s in need if s) * hours_per_slot
            top = max((s for _, _, s in need if s is not None), default=0)
            if top > peak_scheduled:
                peak_scheduled, peak_month = top, month
            peak_required = max(peak_required, max((r for _, r, _ in need if r is not None), default=0))
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
        "outside_hours_pct": program.outside_hours_pct, "contacts": sum(program.volumes.values()),
        "peak_required": peak_required, "peak_scheduled": peak_scheduled, "peak_month": peak_month,
        "monthly": monthly,
    }


def _supervisors(people: dict, monthly: list[dict], notes) -> dict:
    span = people.get("span_of_control", DEFAULT_SPAN_OF_CONTROL)
    notes.assume("span_of_control", span, "project" if "span_of_control" in people else "default",
                 "supervisors = ceil(agent FTE of the busiest month / agents per supervisor)")
    busiest = max(monthly, key=lambda m: m["fte"])
    return {"count": math.ceil(round(busiest["fte"] / span, 9)), "span_of_control": span,
            "agent_fte": busiest["fte"], "month": busiest["month"]}


def _minus_months(day: date, months: float) -> date:
    """`months` calendar months before `day`; a fraction counts as that share of 30 days."""
    whole = int(months)
    year, month = divmod(day.year * 12 + day.month - 1 - whole, 12)
    month += 1
    shifted = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return shifted - timedelta(days=round((months - whole) * 30))


def _minus_business_days(day: date, count: int) -> date:
    """The date `count` business days (Monday to Friday) before `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def _hiring(project, people: dict, monthly: list[dict], supervisors: dict, notes) -> tuple[list, dict | None]:
    """Milestones counted back from the service start: go-live, nesting, training, hiring."""
    schedule = project.data["project"].get("schedule") or {}
    training = people.get("training") or {}
    lead = people.get("hiring_lead_time_months", DEFAULT_HIRING_LEAD_TIME_MONTHS)
    initial = training.get("initial_days", DEFAULT_INITIAL_TRAINING_DAYS)
    nesting = training.get("nesting_days", DEFAULT_NESTING_DAYS)
    notes.assume("hiring_lead_time_months", lead, "project" if "hiring_lead_time_months" in people else "default",
                 "hiring starts this many months before the service start")
    notes.assume("training_days", {"initial": initial, "nesting": nesting},
                 "project" if {"initial_days", "nesting_days"} & set(training) else "default",
                 "initial training, then nesting (supervised live work), in business days (Monday to Friday) "
                 "ending the day before go-live")
    if not schedule.get("service_start"):
        notes.warn("no_service_start", None, None,
                   "project.schedule.service_start is not set, so there is no hiring timeline")
        return [], None
    go_live = date.fromisoformat(schedule["service_start"])
    nesting_start = _minus_business_days(go_live, nesting)
    training_start = _minus_business_days(nesting_start, initial)
    hiring_start = _minus_months(go_live, lead)
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
                   f"{schedule['contract']}; move the service start or shorten the lead time")
    timeline = [{"key": key, "date": when.isoformat()} for key, when in sorted(milestones, key=lambda m: (m[1], m[0]))]
    go_live_month = go_live.strftime("%Y-%m")
    later = [m for m in monthly if m["month"] >= go_live_month]
    first = later[0] if later else max(monthly, key=lambda m: m["fte"])
    headcount = {"month": first["month"], "agent_fte": first["fte"], "agents": math.ceil(round(first["fte"], 9)),
                 "supervisors": math.ceil(round(first["fte"] / supervisors["span_of_control"], 9))}
    return timeline, headcount
