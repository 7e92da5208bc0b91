"""What the staffing tests share: a small valid project (one phone queue) and readers of the plan."""
from __future__ import annotations

import copy

from rfpgen.staffing import WEEKDAYS, plan
from rfpgen.validation import project_from_data

HOURLY = [8, 14, 13, 10, 11, 12, 12, 11, 9]  # 09:00 .. 17:00, busiest 10:00-11:00


def project(**changes) -> dict:
    """A small valid project: one phone queue, weekdays 09:00-18:00 and Saturday 10:00-17:00."""
    data = {
        "schema_version": 1,
        "project": {"id": "demo", "title": "Demo", "client": {"name": "Client"}, "language": "en", "version": "1",
                    "schedule": {"contract": "2026-12-01", "service_start": "2027-04-01"}},
        "evaluation": {"criteria": [{"id": "cost", "name": "Cost", "weight": 100}],
                       "price": {"formula": "relative_to_lowest"}},
        "work_definition": {
            "programs": [{
                "id": "orders", "name": "Orders", "type": "inbound", "channel": "phone",
                "call_reasons": [{"name": "order", "share_pct": 60, "aht_seconds": 240},
                                 {"name": "status", "share_pct": 40, "aht_seconds": 150}],
                "volumes": [{"month": "2027-04", "contacts": 12000}, {"month": "2027-05", "contacts": 15000}],
            }],
            "forecast": {"interval_minutes": 30,
                         "weekday_profile": {"mon": 20, "tue": 17, "wed": 16, "thu": 16, "fri": 17, "sat": 14, "sun": 0},
                         "intraday_profile": [{"start": f"{h:02d}:00", "pct": p} for h, p in zip(range(9, 18), HOURLY)]},
        },
        "operations": {
            "opening_hours": {"time_zone": "Asia/Tokyo", "weekly": [
                {"days": ["mon", "tue", "wed", "thu", "fri"], "open": "09:00", "close": "18:00"},
                {"days": ["sat"], "open": "10:00", "close": "17:00"}]},
            "kpis": {"service_level": {"percent": 80, "threshold_seconds": 20}},
            "occupancy_cap_pct": 85,
            "shrinkage": [{"name": "breaks", "pct": 10}, {"name": "absence", "pct": 8}],
        },
        "people": {"span_of_control": 12, "paid_hours_per_fte_month": 160, "hiring_lead_time_months": 3,
                   "training": {"initial_days": 10, "nesting_days": 5}},
    }
    for path, value in changes.items():
        node = data
        keys = path.split("__")
        for key in keys[:-1]:
            node = node[int(key)] if key.isdigit() else node[key]
        if value is None:
            node.pop(keys[-1], None)
        else:
            node[keys[-1]] = value
    return data


def staffing(data) -> dict:
    return plan(project_from_data(data)).as_dict()


def program(data, **fields) -> dict:
    base = copy.deepcopy(data["work_definition"]["programs"][0])
    base.update(fields)
    return base


def interval(result, weekday, start, key="required"):
    rows = {row["start"]: row for row in result["weekday_table"]["rows"]}
    return rows[start][key][WEEKDAYS.index(weekday)]
