"""Runs inside pyworkforce's own virtual environment (see bench_staffing.py): reads intervals as JSON
on stdin, solves each with pyworkforce's ErlangC, prints the agent counts and the best time in ms."""
import json
import sys
import time

from pyworkforce.queuing import ErlangC

job = json.load(sys.stdin)
best, agents = float("inf"), []
for _ in range(job["repeats"]):
    start = time.perf_counter()
    agents = [ErlangC(transactions=calls, aht=aht, asa=job["threshold"], interval=job["interval"])
              .required_positions(service_level=job["service_level"], max_occupancy=job["max_occupancy"])["raw_positions"]
              for calls, aht in job["intervals"]]
    best = min(best, (time.perf_counter() - start) * 1000)
print(json.dumps({"ms": best, "agents": agents}))
