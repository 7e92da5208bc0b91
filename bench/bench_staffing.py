"""Staffing speed, printed side by side (no assertions):

1. Erlang C for a week of 15-minute intervals x 10 queues, rfpgen against pyworkforce on the same
   intervals in one run, with the ratio and whether every agent count is identical (target >= 10x).
   pyworkforce runs in its own virtual environment, made once with
       python3 -m venv bench/.venv-pyworkforce && bench/.venv-pyworkforce/bin/pip install pyworkforce
   (or point RFPGEN_PYWORKFORCE_PYTHON at another interpreter); without it that column is skipped.
2. The whole-year plan of each example with scenarios, the service-level curve and the shift solve
   (target under 2 s).
3. The plan of the synthetic 10-queue project, and one solve at growing loads.

Run: .venv/bin/python bench/bench_staffing.py [--repeats N]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

from rfpgen import erlang
from rfpgen.staffing import plan
from rfpgen.validation import load_project, project_from_data

ROOT = Path(__file__).resolve().parent.parent
PYWORKFORCE_PYTHON = os.environ.get("RFPGEN_PYWORKFORCE_PYTHON", str(ROOT / "bench" / ".venv-pyworkforce" / "bin" / "python"))
SHAPE = [1, 1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 9, 9, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1]  # per hour of the day
WEEKDAY_SHARES = [17, 15, 14, 14, 15, 13, 12]

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


def time_plan(project, repeats: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of whole plans, each from cold Erlang caches."""
    wall, cpu = [], []
    for _ in range(repeats):
        erlang._recent.__dict__.clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        plan(project).as_dict()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall, cpu


def week_intervals() -> list[list[tuple[float, float]]]:
    """10 queues x 7 days x 96 quarter hours: (calls, AHT seconds) per interval."""
    queues = []
    for q in range(10):
        weekly, aht = 20000 + 8000 * q, 200 + 20 * q
        quarter = [SHAPE[i // 4] / (4 * sum(SHAPE)) for i in range(96)]
        queues.append([(round(weekly * day / 100 * share, 2), aht) for day in WEEKDAY_SHARES for share in quarter])
    return queues


def rfpgen_week(queues, targets) -> list[int]:
    """The plan's way: identical loads solved once per queue, the previous answer as the search's hint."""
    agents = []
    for intervals in queues:
        solved, hint = {}, None
        for calls, aht in intervals:
            load = calls * aht / 900
            if load not in solved:
                solved[load] = erlang.required_agents(load, aht, targets, hint=hint)
                hint = solved[load] or hint
            agents.append(solved[load])
    return agents


def compare_with_pyworkforce(repeats: int) -> None:
    queues = week_intervals()
    targets = erlang.Targets(0.8, 20, max_occupancy=0.85)
    best, ours = float("inf"), []
    for _ in range(repeats):
        erlang._recent.__dict__.clear()
        start = time.perf_counter()
        ours = rfpgen_week(queues, targets)
        best = min(best, (time.perf_counter() - start) * 1000)
    count = len(ours)
    print(f"Erlang C, week x 10 queues ({count:,} intervals of 15 min, 80/20, occupancy <= 85%):")
    print(f"  rfpgen       {best:8.1f} ms")
    if not Path(PYWORKFORCE_PYTHON).exists():
        print(f"  pyworkforce  not installed ({PYWORKFORCE_PYTHON}); see this script's docstring")
        return
    job = {"intervals": [i for q in queues for i in q], "threshold": 20, "interval": 900, "service_level": 0.8,
           "max_occupancy": 0.85, "repeats": repeats}
    done = subprocess.run([PYWORKFORCE_PYTHON, str(ROOT / "bench" / "pyworkforce_week.py")], input=json.dumps(job),
                          capture_output=True, text=True, check=True)
    theirs = json.loads(done.stdout)
    same = sum(a == b for a, b in zip(ours, theirs["agents"]))
    print(f"  pyworkforce  {theirs['ms']:8.1f} ms")
    print(f"  ratio        {theirs['ms'] / best:8.1f} x faster (target >= 10 x); identical agent counts on "
          f"{same:,} of {count:,} intervals")
    intervals = [i for q in queues for i in q]
    fewer_meeting = 0
    for (calls, aht), a, b in zip(intervals, ours, theirs["agents"]):
        if a != b:
            load = calls * aht / 900
            meets = erlang.evaluate(a, load, aht, 20).service_level >= 0.8 and load / a <= 0.85
            fewer_meeting += a < b and meets
    if same < count:
        print(f"  where they differ, rfpgen's count is lower and still meets every target in {fewer_meeting} "
              f"of {count - same} (pyworkforce starts its search at round(A + 1) and never looks lower)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    compare_with_pyworkforce(args.repeats)
    print()
    print("Whole-year plan with scenarios, service-level curve and shift solve (target under 2 s):")
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        wall, cpu = time_plan(load_project(path), args.repeats)
        print(f"  {path.name:<32} median {statistics.median(wall):7.0f} ms wall, {statistics.median(cpu):7.0f} ms CPU "
              f"(best {min(wall):.0f} ms)")
    print()
    for months in (1, 12):
        project = project_from_data(bench_project(months))
        times, _ = time_plan(project, args.repeats)
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


if __name__ == "__main__":
    main()
