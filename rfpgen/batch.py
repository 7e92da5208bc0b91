"""Running one job per project, each on its own: a failure, a hang or a killed worker costs only its
own project, and the caller hears about every project as it finishes.

Jobs run in worker processes (one per project, at most `workers` at a time) so a project that
runs past `time_limit` can be stopped without stopping the others. A job returns a picklable
value; whatever it raises comes back as text.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_for
from typing import Callable, Iterable

from .errors import RfpgenError


@dataclass
class Outcome:
    name: str
    value: object = None       # what the job returned
    error: "RfpgenError | None" = None   # why it failed, in both languages (`error.message(lang)`)
    seconds: float = 0.0


class TimeLimitReached(Exception):
    pass


def _time_limit_error(seconds: float) -> RfpgenError:
    return RfpgenError(f"stopped after the time limit of {seconds:g} s (--time-limit); a project this slow is usually far "
                       "larger than intended: check the numbers of bidders, evaluators and requirements",
                       f"制限時間（{seconds:g}秒、--time-limit）を超えたため停止した。これほど時間がかかるのは、提案者・評価者・"
                       "要件の数が想定よりはるかに多い場合が多い。それぞれの数を確かめること。")


def describe_failure(exc: BaseException) -> RfpgenError:
    """The message a user sees for an exception that escaped a job, in both languages."""
    from .fileio import describe_os_error

    if isinstance(exc, RfpgenError):
        return exc
    if isinstance(exc, OSError):
        return RfpgenError(describe_os_error(exc))
    if isinstance(exc, MemoryError):
        return RfpgenError("ran out of memory; the project is far larger than this machine can build",
                           "メモリが足りなくなった。このマシンで作成できる規模をはるかに超えるプロジェクトである。")
    if isinstance(exc, TimeLimitReached):
        return exc.args[0]
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    place = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    detail = f"{type(exc).__name__}: {exc}{place}"
    return RfpgenError(f"internal error ({detail}); please report it with the project file",
                       f"内部エラー（{detail}）。案件ファイルを添えて報告してください。")


def _ended_early(code: int | None) -> RfpgenError:
    how = (f"killed by signal {-code}", f"シグナル{-code}で強制終了された") if code and code < 0 else \
        (f"ended with exit code {code}", f"終了コード{code}で終了した")
    return RfpgenError(f"the build process was {how[0]} before it finished; nothing of this project was changed",
                       f"作成処理が完了前に{how[1]}。このプロジェクトのファイルは何も変更されていない。")


def _sent(error: RfpgenError | None):
    """An error as it crosses a pipe: its two texts (an exception's own pickling keeps only the first)."""
    return (error.en, error.ja) if error is not None else None


def _received(sent) -> RfpgenError | None:
    return RfpgenError(*sent) if sent is not None else None


@contextmanager
def time_limit(seconds: float | None):
    """Stop the block after `seconds` (main thread of a Unix process only; elsewhere no limit)."""
    usable = seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise TimeLimitReached(_time_limit_error(seconds))

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
        result = (None, _sent(describe_failure(exc)))
    try:
        conn.send(result)
    finally:
        conn.close()


def _context():
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _beside_worker(conn, job, args) -> None:
    """Send back the job's value, or the exception itself when it survives pickling (an OSError keeps
    its file name, so the caller reports it as it would its own), else its description."""
    try:
        result = (job(*args), None)
    except BaseException as exc:  # noqa: BLE001 - the caller raises it
        try:
            result = (None, pickle.loads(pickle.dumps(exc)))
        except Exception:  # noqa: BLE001 - an exception that cannot travel goes as words
            result = (None, _sent(describe_failure(exc)))
    try:
        conn.send(result)
    finally:
        conn.close()


@contextmanager
def beside(job: Callable, args: tuple, parallel: bool = True):
    """Run `job(*args)` in a forked worker while the block goes on, on the machine's other core; the
    block gets a function that waits for the job's value, raising what the job raised. Without
    `parallel` or without fork the job runs at once, here. A worker still running when the block
    fails is stopped, so nothing writes after the caller has given up."""
    if not parallel or "fork" not in multiprocessing.get_all_start_methods():
        value = job(*args)
        yield lambda: value
        return
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_beside_worker, args=(send, job, args))
    process.start()
    send.close()

    def result():
        try:
            value, error = receive.recv()
        except EOFError:
            process.join()
            raise _ended_early(process.exitcode) from None
        if isinstance(error, BaseException):
            raise error
        if error:
            raise _received(error)
        return value

    try:
        yield result
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receive.close()


def run_each(tasks: Iterable[tuple[str, Callable, tuple]], workers: int, limit: float | None,
             on_done: Callable[[Outcome], None], on_start: Callable[[str], None] | None = None,
             tick: Callable[[], None] | None = None, tick_seconds: float = 0.5) -> list[Outcome]:
    """Run every (name, job, args) in worker processes; `on_start` hears of each as it starts,
    `on_done` as it finishes, and `tick` is called at least every `tick_seconds` meanwhile (a
    progress bar redraws its clock).

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
                if on_start:
                    on_start(name)
            if not running:
                continue
            timeout = None
            if limit:
                timeout = max(0.0, min(start + limit for _, _, start in running.values()) - time.monotonic())
            if tick:
                tick()
                timeout = tick_seconds if timeout is None else min(timeout, tick_seconds)
            for conn in wait_for(list(running), timeout=timeout):
                index, process, start = running.pop(conn)
                try:
                    value, sent = conn.recv()
                    error = _received(sent)
                except (EOFError, OSError):
                    process.join()
                    error, value = _ended_early(process.exitcode), None
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
                    finish(index, Outcome(names[index], None, _time_limit_error(limit), now - start))
    finally:
        for conn, (_, process, _) in running.items():
            process.kill()
            process.join()
            conn.close()
    return [outcomes[i] for i in sorted(outcomes)]


# ---------------------------------------------------------------- what a batch shows while it runs

def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}" if seconds >= 3600 else \
        f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    """Progress of a batch: one line per finished project always, and on a terminal a bar kept on the
    last line, redrawn in place (done of total, failures, what is running, time so far and left).

    Everything the batch prints goes through `line`, which clears the bar, prints, and draws it
    again below, so the bar never mixes with the lines. Off a terminal (a log, a pipe, CI) there is
    no bar and no control character: the lines alone."""

    def __init__(self, total: int, stream=None, terminal: bool | None = None, width: int | None = None,
                 clock: Callable[[], float] = time.monotonic, lang: str = "en"):
        import shutil
        import sys

        self.total, self.done, self.failed, self.running, self.lang = total, 0, 0, [], lang
        self.stream = stream if stream is not None else sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.width = width or shutil.get_terminal_size((80, 24)).columns
        self.clock, self.started_at = clock, clock()
        self._shown = False

    def counter(self) -> str:
        """`[3/10] `: the count a finished project's line starts with (none for a single project)."""
        return f"[{self.done}/{self.total}] " if self.total > 1 else ""

    def started(self, name: str) -> None:
        self.running.append(name)
        self.draw()

    def finished(self, name: str, ok: bool) -> None:
        if name in self.running:
            self.running.remove(name)
        self.done += 1
        self.failed += not ok

    def line(self, text: str, stream=None) -> None:
        """Print `text` (to `stream`, default the bar's) above the bar."""
        self._clear()
        target = stream if stream is not None else self.stream
        target.write(text + "\n")
        target.flush()
        self.draw()

    def bar(self) -> str:
        elapsed = self.clock() - self.started_at
        slots = 20
        filled = slots * self.done // self.total if self.total else slots
        from .words import say

        lang, comma = self.lang, "、" if self.lang == "ja" else ", "
        parts = [f"[{'#' * filled}{'.' * (slots - filled)}] " + say("cli.bar_built", lang, done=self.done, total=self.total)]
        if self.failed:
            parts[0] += comma + say("cli.bar_failed", lang, failed=self.failed)
        parts.append(say("cli.bar_elapsed", lang, clock=_clock(elapsed)))
        if 0 < self.done < self.total:
            parts[-1] += comma + say("cli.bar_left", lang, clock=_clock(elapsed / self.done * (self.total - self.done)))
        if self.running:
            parts.append(say("cli.bar_building", lang, names=comma.join(os.path.basename(n) for n in self.running)))
        text = " | ".join(parts)
        return text if len(text) < self.width else text[:max(0, self.width - 2)] + "…"

    def draw(self) -> None:
        if self.terminal and self.total > 1:
            self.stream.write("\r" + self.bar() + "\x1b[K")
            self.stream.flush()
            self._shown = True

    def _clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self._shown = False

    def close(self) -> None:
        """Take the bar away (the summary line that follows says how the batch ended)."""
        self._clear()
        self.stream.flush()
