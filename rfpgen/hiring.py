"""The hiring plan: monthly headcount against the FTE the plan needs, with attrition, backfill and classes.

Rules (each is stated in the plan's assumptions):
- Everyone hired counts as one FTE once trained; the headcount to have on the floor each month is the
  month's FTE (rostered when the shift solve ran, else the interval lower bound).
- Attrition is a planning assumption, not a limit: each month `yearly % / 12` of the headcount is
  expected to leave (30% a year on 50 FTE: 1.25 a month). Leavers are replaced (backfill hires);
  a rise in need (the launch, the ramp to a seasonal peak) is met by growth hires. When need falls,
  nobody is dismissed: the surplus shrinks by attrition.
- People are hired whole, by one rule from the launch on: a month's hires are its shortfall (the need
  less the headcount left after the month's expected leavers) rounded up, since a fraction of an FTE
  still needs a person (3.8 FTE short: 4 hires). What the rounding adds stays on the floor and makes
  the next months' shortfall smaller. A month's hires form one training class, split when larger than
  the class size. A class is dated backwards from the day it must be
  ready: go-live for the launch class; for later ones the first of the month, or the last working day
  before it when the first is a day off (a class finishes training on a working day and is on the floor
  for the whole month it is hired for). Recruitment starts
  the lead time before (the next working day when that is a day off), initial training and nesting
  (business days: Monday to Friday but the project's closed dates and the public holidays of the
  country the operation is in, known for Japan and the United Kingdom) end the day before.
- During nesting a new hire works live at the nesting productivity; that contribution is reported
  (it is a bonus in the month before the class is ready, never counted on to meet the need).
"""
from __future__ import annotations

import calendar
import math
from datetime import date, timedelta

BUSINESS_DAYS_PER_MONTH = 21.7  # Monday to Friday over an average month


def minus_months(day: date, months: float) -> date:
    """`months` calendar months before `day`; a fraction counts as that share of 30 days."""
    whole = int(months)
    year, month = divmod(day.year * 12 + day.month - 1 - whole, 12)
    month += 1
    shifted = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return shifted - timedelta(days=round((months - whole) * 30))


# The public holidays of the country an operation's time zone lies in, for the countries whose
# holidays rfpgen knows to apply (python-holidays keeps the calendars, observed days included).
HOLIDAY_COUNTRY = {"Asia/Tokyo": ("JP", None), "Europe/London": ("GB", "ENG"), "Europe/Belfast": ("GB", "NIR")}


def public_holidays(time_zone: str | None, years: range) -> set[date]:
    """The public holidays over `years` where an operation in `time_zone` works (none when rfpgen does
    not know the country)."""
    import holidays

    country = HOLIDAY_COUNTRY.get(time_zone or "")
    if not country:
        return set()
    return set(holidays.country_holidays(country[0], subdiv=country[1], years=years))


def working_day(day: date, closed=frozenset()) -> bool:
    """Monday to Friday and not a day off (`closed`: the project's closed dates and public holidays)."""
    return day.weekday() < 5 and day not in closed


def next_working_day(day: date, closed=frozenset()) -> date:
    """`day`, or the first working day after it."""
    while not working_day(day, closed):
        day += timedelta(days=1)
    return day


def previous_working_day(day: date, closed=frozenset()) -> date:
    """`day`, or the last working day before it."""
    while not working_day(day, closed):
        day -= timedelta(days=1)
    return day


def minus_business_days(day: date, count: int, closed=frozenset()) -> date:
    """The date `count` business days (Monday to Friday, not in `closed`) before `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if working_day(day, closed):
            count -= 1
    return day


def class_dates(ready: date, lead_months: float, initial_days: int, nesting_days: int, closed=frozenset()) -> dict:
    """Recruitment, training and nesting start of a class that must be ready on `ready`: each on a
    working day (recruitment moved to the next one when the lead time lands on a day off)."""
    nesting_start = minus_business_days(ready, nesting_days, closed)
    return {"recruiting_start": next_working_day(minus_months(ready, lead_months), closed).isoformat(),
            "training_start": minus_business_days(nesting_start, initial_days, closed).isoformat(),
            "nesting_start": nesting_start.isoformat(), "ready": ready.isoformat()}


def _whole(fte: float) -> int:
    """The people `fte` takes: a fraction of an FTE still needs a person (none for nothing or less)."""
    return max(0, math.ceil(round(fte, 6)))


def hiring_plan(need: dict, go_live: date, *, attrition_pct: float, lead_months: float, initial_days: int,
                nesting_days: int, nesting_productivity_pct: float, class_size: int | None, closed=frozenset()) -> dict:
    """Month by month from go-live: headcount, leavers, backfill and growth hires, classes (see module doc)."""
    rate = attrition_pct / 100 / 12
    go_live_month = go_live.strftime("%Y-%m")
    months = [m for m in sorted(need) if m >= go_live_month]
    rows, classes = [], []
    headcount = 0.0
    people = 0  # whole people put into classes so far
    for month in months:
        leavers = headcount * rate
        available = headcount - leavers
        hires = _whole(need[month] - available)
        growth = min(hires, _whole(need[month] - headcount))  # the people the team grows by; the rest replace leavers
        backfill = hires - growth
        start = headcount
        headcount = available + hires
        rows.append({"month": month, "need_fte": round(need[month], 1), "headcount_start": round(start, 1),
                     "leavers": round(leavers, 2), "backfill_hires": backfill, "growth_hires": growth,
                     "headcount_end": round(headcount, 1), "surplus": round(max(0.0, headcount - need[month]), 1),
                     "nesting_fte": 0.0})
        if hires:
            people += hires
            year, number = map(int, month.split("-"))
            ready = go_live if month == go_live_month else previous_working_day(date(year, number, 1), closed)
            split = math.ceil(hires / class_size) if class_size else 1
            classes.append({"month": month, "hires": hires, "classes": split, "kind": (
                "launch" if month == go_live_month else "growth" if growth > backfill else "backfill"),
                "growth_hires": growth, "backfill_hires": backfill,  # a class may mix both: its kind is the larger
                **class_dates(ready, lead_months, initial_days, nesting_days, closed)})
    by_month = {row["month"]: row for row in rows}
    share = min(1.0, nesting_days / BUSINESS_DAYS_PER_MONTH)
    for entry in classes:
        nesting_month = entry["nesting_start"][:7]
        if nesting_month in by_month:
            by_month[nesting_month]["nesting_fte"] = round(
                by_month[nesting_month]["nesting_fte"] + entry["hires"] * nesting_productivity_pct / 100 * share, 1)
    after = sum(c["hires"] for c in classes if c["kind"] != "launch")
    growth_after = sum(row["growth_hires"] for row in rows if row["month"] != go_live_month)
    return {
        "attrition_pct_per_year": attrition_pct, "nesting_productivity_pct": nesting_productivity_pct,
        "class_size": class_size, "months": rows, "classes": classes,
        "totals": {"hires": people, "backfill_hires": sum(r["backfill_hires"] for r in rows),
                   "growth_hires": sum(r["growth_hires"] for r in rows),
                   "leavers": round(sum(r["leavers"] for r in rows), 1),
                   # every class after the launch, split as its month's hires are (a class mixes growth and
                   # backfill: its kind is only what most of its people are)
                   "after_go_live": {"hires": after, "growth": growth_after, "backfill": after - growth_after}},
    }
