"""Time a full staffing plan: 10 queues, a week of 15-minute intervals, open around the clock.

Prints figures only (no assertions). Target: under 50 ms per plan in-process.
Run: .venv/bin/python bench/bench_staffing.py [--months N]
"""
from __future__ import annotations

import argparse
import statistics
import time

from rfpgen import erlang
from rfpgen.staffing import plan
from rfpgen.validation import project_from_data

CHANNELS = ["phone"] * 6 + ["chat", "chat", "email", "phone"]


def bench_project(months: int) -> dict:
    """10 queues (phone, chat, email, one with Erlang A), 24/7, an hourly-shaped 15-minute profile."""
    shape = [1, 1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 9, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]
    total = sum(shape) * 4
    profile = [{"start": f"{h:02d}:{m:02d}", "pct": round(100 * shape[h] / total, 6)} for h in range(24) for m in (0, 15, 30, 45)]
    profile[-1]["pct"] = round(100 - sum(p["pct"] for p in profile[:-1]), 6)
    programs = []
    for q, channel in enumerate(CHANNELS):
        program = {"id": f"q{q}", "name": f"Queue {q}", "type": "inbound", "channel": channel,
                   "call_reasons": [{"name": "a", "share_pct": 70, "aht_seconds": 200 + 20 * q},
                                    {"name": "b", "share_pct": 30, "aht_seconds": 400}],
                   "volumes": [{"month": f"2027-{m + 1:02d}", "contacts": 20000 + 8000 * q + 1000 * m}
                               for m in range(months)]}
        if channel == "chat":
            program["concurrency"] = 2
        if q == 9:
            program["patience_seconds"] = 180
        programs.append(program)
    return {
        "schema_version": 1,
        "project": {"id": "bench", "title": "Bench", "client": {"name": "Bench"}, "language": "en", "version": "1",
                    "schedule": {"service_start": "2027-01-01"}},
        "evaluation": {"criteria": [{"id": "c", "name": "c", "weight": 100}], "price": {"formula": "relative_to_lowest"}},
        "work_definition": {"programs": programs, "forecast": {
            "interval_minutes": 15, "intraday_profile": profile,
            "weekday_profile": {"mon": 17, "tue": 15, "wed": 14, "thu": 14, "fri": 15, "sat": 13, "sun": 12}}},
        "operations": {"opening_hours": {"weekly": [{"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                                                     "open": "00:00", "close": "24:00"}]},
                       "kpis": {"service_level": {"percent": 80, "threshold_seconds": 20}, "asa_seconds": 30},
                       "occupancy_cap_pct": 85, "shrinkage": [{"name": "breaks", "pct": 12}, {"name": "absence", "pct": 6}]},
        "people": {"span_of_control": 15},
    }


def time_plan(project, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        plan(project).as_dict()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    for months in (1, 12):
        project = project_from_data(bench_project(months))
        times = time_plan(project, args.repeats)
        rows = sum(1 for _ in plan(project).interval_rows())
        print(f"{months:>2} month(s), 10 queues, 15-min intervals, 24/7: {rows:,} queue-intervals; "
              f"plan median {statistics.median(times):.1f} ms, best {min(times):.1f} ms, worst {max(times):.1f} ms")
    for load in (10, 100, 1000, 5000):
        start = time.perf_counter()
        count = 200
        for k in range(count):
            erlang.required_agents(load + k * 0.01, 240, erlang.Targets(0.8, 20, max_occupancy=0.85))
        each = (time.perf_counter() - start) / count * 1e6
        print(f"required agents at {load:>5} Erlangs (Erlang C): {each:,.0f} us per interval")
    print("target: under 50 ms per plan (one month, i.e. a week of intervals per queue)")


if __name__ == "__main__":
    main()
