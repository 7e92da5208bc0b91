"""Benchmark: concurrent simulated users saving wizard steps against a locally served app.

Starts the wizard under waitress (a real WSGI server) on the loopback interface in one or more
separate processes, then runs USERS client threads. Each user opens a project (the full starter
project, a realistic size), and in a loop fetches a step page and saves it with a changed answer, submitting the whole form as a browser
does (CSRF token included). Only the save (the POST) is timed. The run is bounded by --saves per
user and --duration. At the end every project is read back to count lost updates.

    .venv/bin/python bench/bench_wizard.py                      # 20 users, SQLite, 1 server process
    .venv/bin/python bench/bench_wizard.py --processes 4 --database-url postgresql+psycopg://…
    .venv/bin/python bench/bench_wizard.py --shared             # everyone edits one project: conflicts
    .venv/bin/python bench/bench_wizard.py --think 0            # no think time: the server's saturation point

Prints p50/p95/max save latency, throughput, failed saves, refused saves (conflicts, kept as
versions) and lost updates. Target (issue 6): p95 under 100 ms, zero lost updates.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

STEPS = [  # (step, field, value template) saved in turn
    ("project", "project.title", "Bench project {user} save {n}"),
    ("scope", "scope.notes", "notes {user}-{n}"),
    ("people", "people.attrition_pct_per_year", "{n}.{user:02d}1"),  # unique, so every save changes data
    ("operations", "operations.csat_measurement", "survey {user}-{n}"),
    ("pricing", "pricing.payment_terms", "30 days, save {n} by {user}"),  # unique: identical typing merges as one
]


class _Form(HTMLParser):
    """What a browser submits for the wizard's step form."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields, self._textarea, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
            if a.get("type") != "checkbox" or "checked" in a:
                self.fields.append([a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")])
        elif tag == "textarea":
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)
        elif tag == "select":
            self._select = [a["name"], ""]
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None and "selected" in a:
            self._select[1] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class User:
    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def request(self, path: str, data: list | None = None) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode([tuple(pair) for pair in data]).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, body, timeout=60) as response:
                return response.status, response.read().decode("utf-8"), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8", "replace"), dict(error.headers)

    def new_project(self) -> str:
        _, page, _ = self.request("/")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        status, _, headers = self.request("/new", [("csrf_token", token), ("source", "starter"), ("language", "en")])
        assert status == 302, status
        return headers["Location"].split("/")[-2]

    def form(self, project: str, step: str) -> list:
        status, page, _ = self.request(f"/p/{project}/{step}")
        assert status == 200, status
        parser = _Form()
        parser.feed(page)
        return parser.fields


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server on port {port} did not start")


def start_servers(count: int, threads: int, env: dict) -> tuple[list[subprocess.Popen], list[int]]:
    processes, ports = [], []
    for _ in range(count):
        port = _free_port()
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", str(threads),
             "--call", "rfpgen.web:create_app"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
        ports.append(port)
    for port in ports:
        _wait_for(port, time.monotonic() + 30)
    return processes, ports


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--saves", type=int, default=25, help="saves per user (upper bound)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (upper bound)")
    parser.add_argument("--processes", type=int, default=1, help="server processes (users spread over them)")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per server process")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: a fresh SQLite file)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a user spends on a page before saving (0: save back to back)")
    parser.add_argument("--shared", action="store_true", help="all users edit one project (expect refusals)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="rfpgen-bench-"))
    env = dict(os.environ, RFPGEN_ENV="production", RFPGEN_SECRET_KEY=secrets.token_hex(32),
               RFPGEN_INSTANCE_PATH=str(workdir),
               RFPGEN_DATABASE_URL=args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}")
    # create the tables once before several processes race to do it
    subprocess.run([sys.executable, "-c", "from rfpgen.web import create_app; create_app()"], env=env, check=True)
    processes, ports = start_servers(args.processes, args.threads, env)
    latencies: list[float] = []
    page_latencies: list[float] = []
    outcome = {"saved": 0, "refused": 0, "failed": 0}
    expected: dict[str, dict] = {}  # project -> {field: last value the server confirmed}
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + args.duration
    shared_project = User(f"http://127.0.0.1:{ports[0]}").new_project() if args.shared else None

    def run_user(number: int) -> None:
        user = User(f"http://127.0.0.1:{ports[number % len(ports)]}")
        project = shared_project or user.new_project()
        for n in range(args.saves):
            if time.monotonic() > deadline:
                return
            step, field, template = STEPS[n % len(STEPS)]
            try:
                loaded = time.perf_counter()
                fields = user.form(project, step)
                with lock:
                    page_latencies.append(time.perf_counter() - loaded)
            except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                errors.append(repr(exc))
                with lock:
                    outcome["failed"] += 1
                continue
            if args.think:
                time.sleep(random.uniform(0.5, 1.5) * args.think)
            value = template.format(user=number, n=n)
            fields = [[k, value if k == field else v] for k, v in fields] + [["_action", "save"]]
            started = time.perf_counter()
            try:
                status, _, _ = user.request(f"/p/{project}/{step}", fields)
            except Exception as exc:  # noqa: BLE001
                status = 0
                errors.append(repr(exc))
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if status == 302:
                    outcome["saved"] += 1
                    if not args.shared:
                        expected.setdefault(project, {})[field] = value
                elif status == 409:
                    outcome["refused"] += 1
                else:
                    outcome["failed"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=run_user, args=(i,)) for i in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started

    lost = 0
    checker = User(f"http://127.0.0.1:{ports[0]}")
    for project, fields in expected.items():
        status, text, _ = checker.request(f"/p/{project}/export.yaml")
        for field, value in fields.items():
            key = field.rsplit(".", 1)[-1]
            if not re.search(rf"^\s*{re.escape(key)}: '?{re.escape(value)}'?$", text, re.M):
                lost += 1
    if args.shared:  # every confirmed save must be a revision; nothing may vanish
        status, text, _ = checker.request(f"/p/{shared_project}/history")
        saved_revisions = len(re.findall(r'<tr class="saved">', text)) - 1  # minus the creation
        lost = max(0, outcome["saved"] - saved_revisions)

    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=10)

    for message in sorted(set(errors))[:5]:
        print("error:", message)
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")  # noqa: E731
    backend = (args.database_url or "sqlite").split(":", 1)[0]
    print(f"users {args.users} (think time ~{args.think:g} s), server processes {args.processes} x {args.threads} "
          f"threads, database {backend}, "
          f"{'one shared project' if args.shared else 'one project per user'}")
    print(f"saves attempted {len(latencies)} in {wall:.1f} s: saved {outcome['saved']}, "
          f"refused (conflict, kept) {outcome['refused']}, failed {outcome['failed']}, lost updates {lost}")
    print(f"save latency p50 {pick(0.50):.1f} ms, p95 {pick(0.95):.1f} ms, max {pick(1.0):.1f} ms, "
          f"mean {statistics.fmean(ordered) * 1000 if ordered else float('nan'):.1f} ms")
    pages = sorted(page_latencies)
    if pages:
        print(f"step page load (GET, validation included) p50 {pages[len(pages) // 2] * 1000:.1f} ms, "
              f"p95 {pages[min(len(pages) - 1, int(0.95 * len(pages)))] * 1000:.1f} ms")
    print(f"throughput {outcome['saved'] / wall:.1f} saves/s")
    ok = outcome["failed"] == 0 and lost == 0
    print("target p95 < 100 ms:", "met" if pick(0.95) < 100 else "NOT met", "| zero lost updates:",
          "met" if lost == 0 else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
