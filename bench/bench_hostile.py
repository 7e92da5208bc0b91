"""Benchmark: normal users keep saving while one address sends hostile requests (loopback only).

Starts the wizard under waitress on 127.0.0.1 (see bench_wizard.py: the server never outlives the
benchmark), then for --duration seconds:
- USERS normal users (each a distinct simulated address, sent as X-Forwarded-For, which waitress is
  told to trust from 127.0.0.1, so each has its own throttle) save steps of their own project;
- one attacker repeatedly uploads a 12 KB YAML of 4,000 empty requirement rows, posts a 28 KB form
  adding 500 programs x 20 blank rows, and guesses the admin password.

Prints the normal saves' p50/p95/max, the slowest answer to each hostile request and the status codes
it got (413 refused, 429 throttled), the load average and the server's CPU per save. Target (issue
20): hostile requests answered in under 2 s, normal saves p95 under 100 ms, throttling answers 429.

    .venv/bin/python bench/bench_hostile.py               # 20 users, no think time, 30 s
    .venv/bin/python bench/bench_hostile.py --think 1     # people reading each page for about a second
    .venv/bin/python bench/bench_hostile.py --no-attack   # the baseline to compare with
"""
from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_wizard  # noqa: E402
from bench_wizard import (STEPS, User, _process_cpu, cpu_samples, load_average, percentile, served,  # noqa: E402
                          stop_on_signals)


def hostile_upload() -> bytes:
    return ("schema_version: 1\nproject: {title: x}\nscope:\n  requirements:\n" + "  - {}\n" * 4000).encode()


def hostile_form(token: str, revision: str) -> list:
    fields = [["csrf_token", token], ["_revision", revision], ["_action", "add:work_definition.programs"],
              ["work_definition.programs#rows", "500"]]
    for i in range(500):
        fields.append([f"work_definition.programs[{i}].call_reasons#rows", "20"])
    return fields


class Address(User):
    """A user whose requests carry a simulated client address."""

    def __init__(self, base: str, address: str):
        super().__init__(base)
        self.headers["X-Forwarded-For"] = address


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds on a page before saving")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--request-timeout", type=float, default=30.0)
    parser.add_argument("--no-attack", action="store_true", help="normal users only: the baseline to compare with")
    args = parser.parse_args()
    bench_wizard.REQUEST_TIMEOUT = args.request_timeout
    stop_on_signals()

    workdir = Path(tempfile.mkdtemp(prefix="rfpgen-hostile-"))
    env = dict(os.environ, RFPGEN_ENV="production", RFPGEN_SECRET_KEY=secrets.token_hex(32),
               RFPGEN_INSTANCE_PATH=str(workdir), RFPGEN_DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
               RFPGEN_ADMIN_PASSWORD=secrets.token_hex(16))
    trust = ("--trusted-proxy", "127.0.0.1", "--trusted-proxy-headers", "x-forwarded-for")
    print(f"load average {load_average()}", flush=True)
    with served(1, args.threads, env, workdir / "server.log", trust) as (processes, ports):
        return run(args, f"http://127.0.0.1:{ports[0]}", processes[0].pid)


def run(args, base: str, pid: int) -> int:
    saves: list[float] = []
    hostile: dict[str, list] = {"upload": [], "form": [], "login": []}
    failed = Counter()
    errors: list[str] = []
    lock = threading.Lock()
    users: dict[int, tuple[Address, str]] = {}

    def open_project(number: int) -> None:  # before the clock starts, pages warmed up
        user = Address(base, f"10.0.{number // 250}.{number % 250 + 1}")
        try:
            project = user.new_project()
            for step, _, _ in STEPS:
                user.form(project, step)
            users[number] = (user, project)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))

    starters = [threading.Thread(target=open_project, args=(i,), daemon=True) for i in range(args.users)]
    for thread in starters:
        thread.start()
    for thread in starters:
        thread.join(2 * bench_wizard.REQUEST_TIMEOUT)
    cpu_samples(base, reset=True)
    cpu_before, load_before = _process_cpu(pid), load_average()
    deadline = time.monotonic() + args.duration

    def normal(number: int) -> None:
        if number not in users:
            with lock:
                failed["no project"] += 1
            return
        user, project = users[number]
        n = 0
        while time.monotonic() < deadline:
            step, field, template = STEPS[n % len(STEPS)]
            n += 1
            try:
                fields = user.form(project, step)
                if args.think:
                    time.sleep(random.uniform(0.5, 1.5) * args.think)
                value = template.format(user=number, n=n)
                fields = [[k, value if k == field else v] for k, v in fields] + [["_action", "save"]]
                started = time.perf_counter()
                status, _, _ = user.request(f"/p/{project}/{step}", fields)
            except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                with lock:
                    errors.append(repr(exc))
                    failed["error"] += 1
                continue
            with lock:
                saves.append(time.perf_counter() - started)
                if status != 302:
                    failed[status] += 1

    def attacker() -> None:
        user = Address(base, "192.0.2.66")
        try:
            project = user.new_project()
            page = user.request(f"/p/{project}/work_definition")[1]
            token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            revision = page.split('name="_revision" value="', 1)[1].split('"', 1)[0]
        except Exception as exc:  # noqa: BLE001
            errors.append(f"attacker could not start: {exc!r}")
            return
        boundary = "----bench" + secrets.token_hex(8)
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows.yaml\"\r\n"
                "Content-Type: application/x-yaml\r\n\r\n").encode() + hostile_upload() + f"\r\n--{boundary}--\r\n".encode()
        while time.monotonic() < deadline:
            for kind in ("upload", "form", "login"):
                started = time.perf_counter()
                try:
                    if kind == "upload":
                        status = user.send("POST", "/upload", body, {
                            "Content-Type": f"multipart/form-data; boundary={boundary}"})[0]
                    elif kind == "form":
                        status = user.request(f"/p/{project}/work_definition", hostile_form(token, revision))[0]
                    else:
                        status = user.request("/admin/login", [["csrf_token", token], ["password", "guess"]])[0]
                except Exception as exc:  # noqa: BLE001 - a timeout is an answer too slow: recorded as such
                    status = f"no answer ({type(exc).__name__})"
                with lock:
                    hostile[kind].append((time.perf_counter() - started, status))
            time.sleep(0.05)

    threads = [threading.Thread(target=normal, args=(i,), daemon=True) for i in range(args.users)]
    if not args.no_attack:
        threads.append(threading.Thread(target=attacker, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:  # bounded: a hung server cannot hang the benchmark
        thread.join(max(0.0, deadline - time.monotonic()) + 2 * bench_wizard.REQUEST_TIMEOUT + 5)
    cpu_after, load_after = _process_cpu(pid), load_average()
    posts = sorted(cpu_samples(base).get("POST", []))

    for message in sorted(set(errors))[:5]:
        print("error:", message)
    ordered = sorted(saves)
    print(f"normal users {args.users} (think ~{args.think:g} s), {len(saves)} saves in {args.duration:g} s: "
          f"p50 {percentile(ordered, 0.5):.1f} ms, p95 {percentile(ordered, 0.95):.1f} ms, "
          f"max {percentile(ordered, 1.0):.1f} ms, failed {dict(failed) or 0}")
    print(f"load average (1/5/15 min) before {load_before}, after {load_after} (2 cores)")
    if posts:
        print(f"CPU in the app per POST (saves and hostile posts) median {percentile(posts, 0.5):.2f} ms")
    if cpu_before is not None and cpu_after is not None and saves:
        print(f"server process CPU per normal save (everything it did, attack included): "
              f"{(cpu_after - cpu_before) / len(saves) * 1000:.1f} ms")
    slowest = 0.0
    for kind, answers in hostile.items():
        codes = Counter(status for _, status in answers)
        worst = max((t for t, _ in answers), default=0.0)
        slowest = max(slowest, worst)
        print(f"hostile {kind}: {len(answers)} requests, slowest answer {worst * 1000:.0f} ms, status {dict(codes)}")
    if args.no_attack:
        return 0
    throttled = any(status == 429 for answers in hostile.values() for _, status in answers)
    print("target hostile answered < 2 s:", "met" if slowest < 2 else "NOT met",
          "| normal p95 < 100 ms:", "met" if ordered and percentile(ordered, 0.95) < 100 else "NOT met",
          "| throttling answers 429:", "met" if throttled else "NOT met")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as stop:
        print(f"stopped ({stop}); server stopped", file=sys.stderr)
        sys.exit(130)
