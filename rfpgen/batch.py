"""Running one job per project, each on its own: a failure, a hang or a killed worker costs only its
own project, and the caller hears about every project as it finishes.

Jobs run in worker processes (one per project, at most `workers` at a time) so a project that
runs past `time_limit` can be stopped without stopping the others. A job returns a picklable
value; whatever it raises comes back as text.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_for
from typing import Callable, Iterable


@dataclass
class Outcome:
    name: str
    value: object = None       # what the job returned
    error: str | None = None   # why it failed, in words for the user
    seconds: float = 0.0


class TimeLimitReached(Exception):
    pass


def _time_limit_text(seconds: float) -> str:
    return (f"stopped after the time limit of {seconds:g} s (--time-limit); a project this slow is usually far "
            "larger than intended: check the numbers of vendors, evaluators and requirements")


def describe_failure(exc: BaseException) -> str:
    """The message a user sees for an exception that escaped a job."""
    from .errors import RfpgenError
    from .fileio import describe_os_error

    if isinstance(exc, RfpgenError):
        return str(exc)
    if isinstance(exc, OSError):
        return describe_os_error(exc)
    if isinstance(exc, MemoryError):
        return "ran out of memory; the project is far larger than this machine can build"
    if isinstance(exc, TimeLimitReached):
        return str(exc)
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    return f"internal error ({type(exc).__name__}: {exc}{place}); please report it with the project file"


@contextmanager
def time_limit(seconds: float | None):
    """Stop the block after `seconds` (main thread of a Unix process only; elsewhere no limit)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitReached(_time_limit_text(seconds))

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_here(name: str, job: Callable, args: tuple, limit: float | None) -> Outcome:
    """Run one job in this process (a single project needs no worker)."""
    start = time.monotonic()
    try:
        with time_limit(limit):
            value = job(*args)
        return Outcome(name, value, None, time.monotonic() - start)
    except Exception as exc:  # noqa: BLE001 - every failure is the project's outcome, not a crash
        return Outcome(name, None, describe_failure(exc), time.monotonic() - start)


def _worker(conn, job, args) -> None:
    try:
        result = (job(*args), None)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent in words
        result = (None, describe_failure(exc))
    try:
        conn.send(result)
    finally:
        conn.close()


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_each(tasks: Iterable[tuple[str, Callable, tuple]], workers: int, limit: float | None,
             on_done: Callable[[Outcome], None]) -> list[Outcome]:
    """Run every (name, job, args) in worker processes; `on_done` hears of each as it finishes.

    `tasks` is drawn only when a worker is free, so a generator can prepare the next task (read
    and validate the next project) while the workers build. Returns the outcomes in task order."""
    context = _context()
    pending = enumerate(tasks)
    names: dict[int, str] = {}
    exhausted = False
    running: dict = {}  # connection -> (task index, process, start)
    outcomes: dict[int, Outcome] = {}

    def finish(index: int, outcome: Outcome) -> None:
        outcomes[index] = outcome
        on_done(outcome)

    try:
        while not exhausted or running:
            while not exhausted and len(running) < workers:
                drawn = next(pending, None)
                if drawn is None:
                    exhausted = True
                    break
                index, (name, job, args) = drawn
                names[index] = name
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=_worker, args=(send, job, args), daemon=True)
                process.start()
                send.close()
                running[receive] = (index, process, time.monotonic())
            if not running:
                continue
            timeout = None
            if limit:
                timeout = max(0.0, min(start + limit for _, _, start in running.values()) - time.monotonic())
            for conn in wait_for(list(running), timeout=timeout):
                index, process, start = running.pop(conn)
                try:
                    value, error = conn.recv()
                except (EOFError, OSError):
                    process.join()
                    code = process.exitcode
                    how = f"killed by signal {-code}" if code and code < 0 else f"ended with exit code {code}"
                    value, error = None, f"the build process was {how} before it finished; nothing of this project was changed"
                conn.close()
                process.join()
                finish(index, Outcome(names[index], value, error, time.monotonic() - start))
            now = time.monotonic()
            for conn, (index, process, start) in list(running.items()):
                if limit and now - start >= limit:
                    process.kill()
                    process.join()
                    conn.close()
                    del running[conn]
                    finish(index, Outcome(names[index], None, _time_limit_text(limit), now - start))
    finally:
        for conn, (_, process, _) in running.items():
            process.kill()
            process.join()
            conn.close()
    return [outcomes[i] for i in sorted(outcomes)]
