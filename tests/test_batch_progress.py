"""What a batch build shows while it runs: one line per project always, and on a terminal a progress
bar on the last line, redrawn in place and never mixed with the lines (rfpgen.batch.Progress)."""
from __future__ import annotations

import io
import os
import select
import subprocess
import sys
import time

import pytest

from rfpgen.batch import Progress, run_each

HERE = os.path.dirname(__file__)
BASE = os.path.join(HERE, "data", "bad", "base-valid.yaml")


class _Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_tells_done_failed_running_and_time_left():
    clock, stream = _Clock(), io.StringIO()
    progress = Progress(4, stream, terminal=True, width=200, clock=clock)
    progress.started("projects/a.yaml")
    progress.started("projects/b.yaml")
    clock.now += 30
    progress.finished("projects/a.yaml", ok=True)
    progress.started("projects/c.yaml")
    assert progress.bar() == ("[#####...............] 1/4 built | 0:30 elapsed, about 1:30 left | "
                              "building b.yaml, c.yaml")
    progress.finished("projects/b.yaml", ok=False)
    clock.now += 3600
    assert progress.bar().startswith("[##########..........] 2/4 built, 1 failed | 1:00:30 elapsed, about 1:00:30 left")
    assert Progress(3, io.StringIO(), terminal=True, width=30).bar().endswith("…")  # fits the terminal
    assert len(Progress(3, io.StringIO(), terminal=True, width=30).bar()) <= 30


def test_lines_are_printed_above_the_bar_which_is_redrawn_below_them():
    stream = io.StringIO()
    progress = Progress(2, stream, terminal=True, width=120, clock=_Clock())
    progress.started("a.yaml")
    progress.finished("a.yaml", ok=True)
    progress.line(f"{progress.counter()}built a.yaml (2 files, 1.0 s)")
    progress.close()
    text = stream.getvalue()
    # the bar, cleared, the line, the bar again, cleared at the end
    assert text == ("\r[....................] 0/2 built | 0:00 elapsed | building a.yaml\x1b[K"
                    "\r\x1b[K[1/2] built a.yaml (2 files, 1.0 s)\n"
                    "\r[##########..........] 1/2 built | 0:00 elapsed, about 0:00 left\x1b[K"
                    "\r\x1b[K")


def test_off_a_terminal_only_the_lines_are_printed():
    stream = io.StringIO()
    progress = Progress(2, stream, terminal=False, clock=_Clock())
    for name in ("a.yaml", "b.yaml"):
        progress.started(name)
        progress.finished(name, ok=True)
        progress.line(f"{progress.counter()}built {name}")
        progress.draw()
    progress.close()
    assert stream.getvalue() == "[1/2] built a.yaml\n[2/2] built b.yaml\n"
    single = Progress(1, io.StringIO(), terminal=True)  # one project: its stages are shown instead of a bar
    single.started("a.yaml")
    assert single.counter() == "" and single.stream.getvalue() == ""


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_run_each_tells_each_start_and_ticks_while_projects_run():
    started, ticks = [], []
    outcomes = run_each(((name, _nap, (0.6,)) for name in ("a", "b", "c")), 2, None, lambda outcome: None,
                        on_start=started.append, tick=lambda: ticks.append(time.monotonic()), tick_seconds=0.1)
    assert [o.name for o in outcomes] == ["a", "b", "c"] and all(o.error is None for o in outcomes)
    assert started == ["a", "b", "c"]
    # about 1.2 s of building, a tick asked for every 0.1 s: ticks keep coming while projects run (their
    # spacing is not asserted: a loaded machine may delay a tick)
    assert len(ticks) >= 3


def _project(folder, ident: str) -> str:
    path = os.path.join(folder, f"{ident}.yaml")
    with open(BASE, encoding="utf-8") as fh:
        text = fh.read()
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text.replace("id: corpus-base", f"id: {ident}", 1))
    return path


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (Unix)")
def test_a_batch_on_a_terminal_shows_the_bar_and_ends_with_the_summary(tmp_path):
    files = [_project(tmp_path, f"term-{i}") for i in range(2)]
    primary, secondary = os.openpty()
    env = dict(os.environ, COLUMNS="160")
    process = subprocess.Popen([sys.executable, "-m", "rfpgen", "build", *files, "-o", str(tmp_path / "out"),
                                "--only", "rfp", "-j", "2"], stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=secondary, env=env)
    os.close(secondary)
    shown = b""
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        ready, _, _ = select.select([primary], [], [], 1)
        if ready:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the other end closed: the build ended
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(primary)
    assert process.wait(timeout=60) == 0, shown.decode(errors="replace")
    text = shown.decode("utf-8", errors="replace")
    assert "0/2 built" in text and "building term-0.yaml, term-1.yaml" in text
    assert "] 2/2 built" in text
    finished = [line for line in text.replace("\r\x1b[K", "\n").splitlines() if line.startswith("[") and "] built " in line]
    assert sorted(line.split(" built ")[1].split(" (")[0] for line in finished) == sorted(files)
    assert text.rstrip().endswith("all 2 projects built")  # the bar was taken away before the summary
    assert "term-0: " not in text  # a worker's stages would break the bar: not shown in a batch


def test_a_file_named_twice_is_built_once(tmp_path):
    """`rfpgen build a.yaml *.yaml` names a.yaml twice: it was built twice, and the second run's duplicate
    id failure was reported against the first, successful build as a PDF failure."""
    from click.testing import CliRunner
    from rfpgen.cli import main

    file = _project(tmp_path, "twice")
    result = CliRunner().invoke(main, ["build", file, file, "-o", str(tmp_path / "out"), "--only", "rfp"])
    assert result.exit_code == 0, result.output
    assert "FAILED" not in result.output and "(PDF)" not in result.output
