"""Benchmark: concurrent simulated users saving wizard steps against a locally served app.

Starts the wizard under waitress (the WSGI server the README deploys with) on the loopback interface
in one or more separate processes, then runs USERS client threads. Each user opens a project of
their own (the full starter project, a realistic size), and in a loop fetches a step page and saves
it with a changed answer, submitting the whole form as a browser does (CSRF token included). Only
the save (the POST) is timed. The run is bounded by --saves per user and --duration. At the end
every project is read back to count lost updates.

    .venv/bin/python bench/bench_wizard.py                      # 20 users, no think time, SQLite
    .venv/bin/python bench/bench_wizard.py --baseline main      # the same run against `main` first: before/after
    .venv/bin/python bench/bench_wizard.py --processes 2 --database-url postgresql+psycopg://…
    .venv/bin/python bench/bench_wizard.py --shared             # everyone edits one project: conflicts
    .venv/bin/python bench/bench_wizard.py --think 1            # ~1 s on each page, as people do

Prints p50/p95/max save latency, throughput, failed saves, refused saves (conflicts, kept as
versions), lost updates, the machine's load average, and the CPU the server spent: per save and per
page inside the app (thread CPU time, so waiting for a loaded machine does not count), and the
whole server process and this benchmark (the simulated browsers) per saved step. Target (issue 15): p95 under 100 ms at 20 users with no think
time, zero lost updates. On a machine that other work loads, the CPU figures are the comparable ones.

The servers never outlive the benchmark: their output goes to a file (a pipe nobody reads fills up
and blocks them), they are stopped on every way out (error, Ctrl-C, SIGTERM), and on Linux they
are told to stop when the benchmark process dies, however it dies.
"""
from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from io import BytesIO
from pathlib import Path

import lxml.html

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent

STEPS = [  # (step, field, value template) saved in turn
    ("project", "project.title", "Bench project {user} save {n}"),
    ("scope", "scope.notes", "notes {user}-{n}"),
    ("people", "people.attrition_pct_per_year", "{n}.{user:02d}1"),  # unique, so every save changes data
    ("operations", "operations.csat_measurement", "survey {user}-{n}"),
    ("pricing", "pricing.payment_terms", "30 days, save {n} by {user}"),  # unique: identical typing merges as one
]
REQUEST_TIMEOUT = 30.0  # seconds a client waits for one answer (--request-timeout)


def form_fields(page: str) -> list:
    """What a browser submits for the wizard's step form: named inputs (checked boxes only, no files or
    buttons), textareas' text, each select's chosen option. lxml's C parser: this load generator shares the
    machine's cores with the server it measures, and Python's HTMLParser spent 2.5-8 ms a page (lxml 0.5-1.7)."""
    fields = []
    for element in lxml.html.document_fromstring(page).iter("input", "textarea", "select"):
        name = element.get("name")
        if not name:
            continue
        if element.tag == "textarea":
            fields.append([name, element.text or ""])
        elif element.tag == "select":
            chosen = [o.get("value", "") for o in element.iter("option") if o.get("selected") is not None]
            fields.append([name, chosen[-1] if chosen else ""])
        elif element.get("type") == "checkbox":
            if element.get("checked") is not None:
                fields.append([name, element.get("value", "on")])
        elif element.get("type") not in ("file", "submit"):
            fields.append([name, element.get("value", "")])
    return fields


class User:
    """One person's browser: its cookies and one kept-alive connection (as browsers keep theirs),
    opened again if the server closed it. Redirects are not followed (a 302 is a save's answer)."""

    def __init__(self, base: str):
        self.base = base
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.headers: dict[str, str] = {}  # sent with every request (a simulated address, say)
        self._connection: http.client.HTTPConnection | None = None

    def send(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
        sent = dict(self.headers, **(headers or {}))
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
            try:
                self._connection.request(method, path, body, sent)
                response = self._connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self._connection.close()  # the server closed the kept-alive connection: open another once
                self._connection = None
                if attempt == 2:
                    raise
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.headers.get("Connection", "").lower() == "close":
            self._connection.close()
            self._connection = None
        return response.status, text, dict(response.headers)

    def request(self, path: str, data: list | None = None) -> tuple[int, str, dict]:
        if data is None:
            return self.send("GET", path)
        body = urllib.parse.urlencode([tuple(pair) for pair in data]).encode()
        return self.send("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def new_project(self) -> str:
        status, page, _ = self.request("/")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        if status != 200 or not found:
            raise RuntimeError(f"the start page answered {status} without a form")
        status, _, headers = self.request("/new", [("csrf_token", found.group(1)), ("source", "starter"),
                                                   ("language", "en")])
        if status != 302:
            raise RuntimeError(f"creating a project answered {status}")
        return headers["Location"].split("/")[-2]

    def form(self, project: str, step: str) -> list:
        status, page, _ = self.request(f"/p/{project}/{step}")
        if status != 200:
            raise RuntimeError(f"the {step} page answered {status}")
        return form_fields(page)


# ---------------------------------------------------------------- the server: started, measured, always stopped

class CpuMeter:
    """WSGI middleware for the benchmark's server only: the CPU time each request takes in the app
    (the worker thread's own CPU clock, so time spent waiting for the GIL or a loaded machine does not
    count), by method. GET /__bench/cpu answers the samples; ?reset=1 starts afresh."""

    def __init__(self, app):
        self.app, self.lock, self.samples = app, threading.Lock(), {"GET": [], "POST": []}

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == "/__bench/cpu":
            with self.lock:
                body = json.dumps(self.samples).encode()
                if "reset=1" in environ.get("QUERY_STRING", ""):
                    self.samples = {"GET": [], "POST": []}
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        started = time.thread_time()
        result = self.app(environ, start_response)
        try:
            body = b"".join(result)  # rendered here, in this thread, so it is counted
        finally:
            if hasattr(result, "close"):
                result.close()
            spent = time.thread_time() - started
            with self.lock:
                self.samples.setdefault(environ.get("REQUEST_METHOD", "GET"), []).append(spent)
        return [body]


def measured_app():
    """What the benchmark's waitress serves: the wizard inside a CpuMeter."""
    from rfpgen.web import create_app

    return CpuMeter(create_app())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _die_with_parent() -> None:  # runs in the child before exec (Linux): SIGTERM when the benchmark dies
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _wait_for(port: int, process: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}:\n{tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server on port {port} did not start within its time")


def _process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux), None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def served(count: int, threads: int, env: dict, log: Path, extra: tuple = (), source: Path | None = None):
    """Server processes on loopback ports, always stopped on the way out (error, Ctrl-C, SIGTERM).

    `source` is a checkout to serve instead of this one (the --baseline run). Yields the processes
    and their ports. Their output goes to `log`, a file: a pipe nobody reads fills up under load
    (every refused or throttled request logs a line) and then blocks the server."""
    path = [str(source)] if source else []
    env = dict(env, PYTHONPATH=os.pathsep.join(path + [str(BENCH)] + [p for p in [env.get("PYTHONPATH")] if p]))
    # the tables exist before several processes race to make them (each does it safely, but this is quicker)
    # run from the log's folder: `python -m` puts the working directory first on the path, and from a
    # checkout that would import its rfpgen instead of `source`'s
    cwd = log.parent
    subprocess.run([sys.executable, "-c", "from rfpgen.web import create_app; create_app()"], env=env, check=True,
                   timeout=120, stdin=subprocess.DEVNULL, cwd=cwd)
    processes, ports = [], []
    with open(log, "ab") as sink:
        try:
            for _ in range(count):
                port = _free_port()
                processes.append(subprocess.Popen(
                    [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", str(threads),
                     "--channel-request-lookahead", "1", *extra, "--call", "bench_wizard:measured_app"],
                    env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink,
                    preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None))
                ports.append(port)
            for process, port in zip(processes, ports):
                _wait_for(port, process, log, time.monotonic() + 60)
            served_from = subprocess.run([sys.executable, "-c", "import rfpgen; print(rfpgen.__file__)"], env=env,
                                         cwd=cwd, capture_output=True, text=True, timeout=60).stdout.strip()
            print(f"serving {served_from}", flush=True)
            yield processes, ports
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def stop_on_signals() -> None:
    """SIGTERM and SIGHUP end the benchmark like Ctrl-C, so the servers are stopped on the way out."""
    def stop(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if sig is not None:
            signal.signal(sig, stop)


def export_tree(ref: str, into: Path) -> Path:
    """The files of git revision `ref` of this repository, to serve as the baseline."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", ref], check=True,
                             capture_output=True, timeout=120).stdout
    target = into / f"baseline-{re.sub(r'[^A-Za-z0-9_.-]', '_', ref)}"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        try:
            tar.extractall(target, filter="data")
        except TypeError:  # a Python without extraction filters (our own repository's archive)
            tar.extractall(target)
    return target


def percentile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else float("nan")


def load_average() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def cpu_samples(base: str, reset: bool = False) -> dict:
    try:
        with urllib.request.urlopen(f"{base}/__bench/cpu{'?reset=1' if reset else ''}", timeout=REQUEST_TIMEOUT) as r:
            return json.loads(r.read())
    except (OSError, ValueError):
        return {}


# ---------------------------------------------------------------- the run

def main() -> int:
    global REQUEST_TIMEOUT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--saves", type=int, default=25, help="saves per user (upper bound)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (upper bound)")
    parser.add_argument("--processes", type=int, default=1, help="server processes (users spread over them)")
    parser.add_argument("--threads", type=int, default=8, help="waitress threads per server process")
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: a fresh SQLite file per run)")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a user spends on a page before saving (0: save back to back)")
    parser.add_argument("--shared", action="store_true", help="all users edit one project (expect refusals)")
    parser.add_argument("--baseline", metavar="GIT_REF",
                        help="first run the same benchmark against this revision (e.g. main), then print both")
    parser.add_argument("--request-timeout", type=float, default=REQUEST_TIMEOUT)
    args = parser.parse_args()
    REQUEST_TIMEOUT = args.request_timeout
    stop_on_signals()

    workdir = Path(tempfile.mkdtemp(prefix="rfpgen-bench-"))
    runs = []
    if args.baseline:
        runs.append((f"before ({args.baseline})", export_tree(args.baseline, workdir)))
    runs.append(("after (this tree)" if args.baseline else "this tree", None))
    results = []
    for name, source in runs:
        print(f"== {name}: load average {load_average()}", flush=True)
        instance = workdir / f"run{len(results)}"
        instance.mkdir()
        env = dict(os.environ, RFPGEN_ENV="production", RFPGEN_SECRET_KEY=secrets.token_hex(32),
                   RFPGEN_INSTANCE_PATH=str(instance),
                   # every simulated user comes from 127.0.0.1: lift the per-address limits on new projects;
                   # saves keep the production throttle (600 a minute per address and project)
                   RFPGEN_LIMITS='{"create": [100000, 60], "projects_per_address_per_day": 100000}',
                   RFPGEN_DATABASE_URL=args.database_url or f"sqlite:///{instance / 'bench.sqlite3'}")
        with served(args.processes, args.threads, env, instance / "server.log", source=source) as (processes, ports):
            result = run(args, ports, processes)
        result["name"] = name
        results.append(result)
        report(result, args)
    if len(results) == 2:
        side_by_side(results)
    return 0 if all(r["failed"] == 0 and r["lost"] == 0 for r in results) else 1


def run(args, ports: list[int], processes: list) -> dict:
    latencies: list[float] = []
    page_latencies: list[float] = []
    outcome = {"saved": 0, "refused": 0, "throttled": 0, "failed": 0}
    expected: dict[str, dict] = {}  # project -> {field: last value the server confirmed}
    errors: list[str] = []
    lock = threading.Lock()
    shared_project = User(f"http://127.0.0.1:{ports[0]}").new_project() if args.shared else None
    projects: dict[int, tuple[User, str]] = {}

    def open_project(number: int) -> None:  # before the clock starts: creating projects is not what is measured
        user = User(f"http://127.0.0.1:{ports[number % len(ports)]}")
        try:
            project = shared_project or user.new_project()
            for step, _, _ in STEPS:  # warm up: templates compiled, the project's sections validated once
                user.form(project, step)
            projects[number] = (user, project)
        except Exception as exc:  # noqa: BLE001 - counted below
            errors.append(repr(exc))

    starters = [threading.Thread(target=open_project, args=(i,), daemon=True) for i in range(args.users)]
    for thread in starters:
        thread.start()
    for thread in starters:
        thread.join(REQUEST_TIMEOUT * 2)
    for port in ports:
        cpu_samples(f"http://127.0.0.1:{port}", reset=True)
    cpu_before = [_process_cpu(p.pid) for p in processes]
    client_before = time.process_time()
    load_before = load_average()
    deadline = time.monotonic() + args.duration

    def run_user(number: int) -> None:
        if number not in projects:
            with lock:
                outcome["failed"] += 1
            return
        user, project = projects[number]
        for n in range(args.saves):
            if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                return  # out of time, or a server crashed: the run ends and says so
            step, field, template = STEPS[n % len(STEPS)]
            try:
                loaded = time.perf_counter()
                fields = user.form(project, step)
                with lock:
                    page_latencies.append(time.perf_counter() - loaded)
            except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                with lock:
                    errors.append(repr(exc))
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
                with lock:
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
                elif status == 429:
                    outcome["throttled"] += 1
                else:
                    outcome["failed"] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=run_user, args=(i,), daemon=True) for i in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:  # a hung server cannot hang the benchmark: every wait is bounded
        thread.join(max(0.0, deadline - time.monotonic()) + 2 * REQUEST_TIMEOUT + 5)
    wall = time.monotonic() - started
    stuck = sum(thread.is_alive() for thread in threads)
    cpu_after = [_process_cpu(p.pid) for p in processes]
    client_cpu = time.process_time() - client_before
    load_after = load_average()
    crashed = [f"server {p.pid} exited with {p.returncode} during the run" for p in processes if p.poll() is not None]
    samples: dict[str, list] = {"GET": [], "POST": []}
    for port in ports:
        for method, values in cpu_samples(f"http://127.0.0.1:{port}").items():
            samples.setdefault(method, []).extend(values)

    lost = 0
    checker = User(f"http://127.0.0.1:{ports[0]}")
    for project, fields in list(expected.items()):
        status, text, _ = checker.request(f"/p/{project}/export.yaml")
        for field, value in fields.items():
            key = field.rsplit(".", 1)[-1]
            if status != 200 or not re.search(rf"^\s*{re.escape(key)}: '?{re.escape(value)}'?$", text, re.M):
                lost += 1
    if args.shared:  # every confirmed save must be a revision; nothing may vanish
        status, text, _ = checker.request(f"/p/{shared_project}/history")
        saved_revisions = len(re.findall(r'<tr class="saved">', text)) - 1  # minus the creation
        lost = max(0, outcome["saved"] - saved_revisions)

    process_cpu = (sum(a - b for a, b in zip(cpu_after, cpu_before))
                   if None not in cpu_before + cpu_after else None)
    return {"latencies": sorted(latencies), "pages": sorted(page_latencies), "wall": wall, "lost": lost,
            "errors": crashed + sorted(set(errors)), "stuck": stuck, "client_cpu": client_cpu, "load": (load_before, load_after),
            "cpu_post": sorted(samples.get("POST", [])), "cpu_get": sorted(samples.get("GET", [])),
            "process_cpu": process_cpu, **outcome}


def report(r: dict, args) -> None:
    for message in r["errors"][:5]:
        print("error:", message)
    if r["stuck"]:
        print(f"{r['stuck']} users still waiting for the server when the run ended (their saves count as failed)")
    ordered = r["latencies"]
    backend = (args.database_url or "sqlite").split(":", 1)[0]
    print(f"users {args.users} (think time ~{args.think:g} s), server processes {args.processes} x {args.threads} "
          f"threads (waitress), database {backend}, "
          f"{'one shared project' if args.shared else 'one project per user'}")
    print(f"load average (1/5/15 min) before {r['load'][0]}, after {r['load'][1]} (2 cores: above 2 the run waited "
          f"for the CPU)")
    print(f"saves attempted {len(ordered)} in {r['wall']:.1f} s: saved {r['saved']}, "
          f"refused (conflict, kept) {r['refused']}, throttled (429) {r['throttled']}, failed {r['failed']}, "
          f"lost updates {r['lost']}")
    print(f"save latency p50 {percentile(ordered, 0.5):.1f} ms, p95 {percentile(ordered, 0.95):.1f} ms, "
          f"max {percentile(ordered, 1.0):.1f} ms, mean {statistics.fmean(ordered) * 1000 if ordered else float('nan'):.1f} ms")
    if r["pages"]:
        print(f"step page load (GET, validation included) p50 {percentile(r['pages'], 0.5):.1f} ms, "
              f"p95 {percentile(r['pages'], 0.95):.1f} ms")
    print(f"throughput {r['saved'] / r['wall']:.1f} saves/s")
    if r["cpu_post"]:
        print(f"CPU in the app per save (POST) median {percentile(r['cpu_post'], 0.5):.2f} ms, "
              f"mean {statistics.fmean(r['cpu_post']) * 1000:.2f} ms; per step page (GET) median "
              f"{percentile(r['cpu_get'], 0.5):.2f} ms")
    if r["process_cpu"] is not None and r["saved"]:
        print(f"server process CPU per saved step (page + save + HTTP): {r['process_cpu'] / r['saved'] * 1000:.1f} ms; "
              f"this benchmark's own (the simulated browsers, on the same cores): {r['client_cpu'] / r['saved'] * 1000:.1f} ms")
    print("target p95 < 100 ms:", "met" if percentile(ordered, 0.95) < 100 else "NOT met", "| zero lost updates:",
          "met" if r["lost"] == 0 and r["failed"] == 0 else "NOT met", flush=True)


def side_by_side(results: list[dict]) -> None:
    def cells(r):
        return [percentile(r["latencies"], 0.5), percentile(r["latencies"], 0.95), percentile(r["latencies"], 1.0),
                r["saved"] / r["wall"], r["lost"], r["failed"],
                percentile(r["cpu_post"], 0.5), percentile(r["cpu_get"], 0.5),
                r["process_cpu"] / r["saved"] * 1000 if r["process_cpu"] is not None and r["saved"] else float("nan"),
                r["client_cpu"] / r["saved"] * 1000 if r["saved"] else float("nan")]

    names = ["save p50 ms", "save p95 ms", "save max ms", "saves/s", "lost updates", "failed",
             "app CPU/save ms", "app CPU/page ms", "process CPU/step ms",
             "client CPU/step ms"]
    before, after = cells(results[0]), cells(results[1])
    print(f"\n{'':22}{'before':>12}{'after':>12}")
    for name, b, a in zip(names, before, after):
        print(f"{name:22}{b:12.1f}{a:12.1f}")
    print(f"{'load average':22}{results[0]['load'][1]:>17}{results[1]['load'][1]:>17}")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt as stop:
        print(f"stopped ({stop}); servers stopped", file=sys.stderr)
        sys.exit(130)
