"""A consultant's batch: 100 project files in one `rfpgen build` call. Documents per second, cores used.

Prints figures only (no assertions). The project files are variants of the two examples (each
with its own project id, so each gets its own output folder), written to a temporary folder. The
same batch runs twice as a whole process: with the default (`-j` = number of CPUs) and with `-j 1`.
CPU utilisation = (user + system CPU time of the command and its workers) / wall time: about 2.0
means both cores of a 2-core machine were busy.

Run: .venv/bin/python bench/bench_batch.py [-n 100] [--only requirements,rfp,guide] [--skip-serial]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


def write_variants(folder: Path, count: int) -> list[Path]:
    from rfpgen.validation import load_project
    from rfpgen.yamlio import dump

    bases = [load_project(example).data for example in EXAMPLES]
    files = []
    for i in range(count):
        data = dict(bases[i % len(bases)])
        data["project"] = dict(data["project"], id=f"{data['project']['id'][:24]}-b{i:03d}")
        path = folder / f"project-{i:03d}.yaml"
        path.write_text(dump(data), encoding="utf-8")
        files.append(path)
    return files


def run(files: list[Path], out: Path, jobs: int | None, only: str | None) -> dict:
    args = [sys.executable, "-m", "rfpgen", "build", *map(str, files), "-o", str(out)]
    if jobs:
        args += ["-j", str(jobs)]
    if only:
        args += ["--only", only]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"rfpgen build failed ({done.returncode}):\n{done.stderr[-2000:]}")
    written = [line for line in done.stdout.splitlines() if line.startswith("wrote ")]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    word = sum(1 for line in written if line.endswith((
        "-requirements.docx", "-rfp.docx", "-evaluator-guide.docx")))
    return {"wall": wall, "cpu": cpu, "files": len(written), "word": word}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--projects", type=int, default=100)
    parser.add_argument("--only", default=None, help="passed to rfpgen build (default: everything)")
    parser.add_argument("--skip-serial", action="store_true", help="skip the -j 1 comparison run")
    args = parser.parse_args()
    print(f"{args.projects} project files in one `rfpgen build` call; {os.cpu_count()} CPU(s); "
          f"outputs: {args.only or 'everything (3 Word documents, scoring workbooks, paper forms)'}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "projects").mkdir()
        files = write_variants(tmp / "projects", args.projects)
        runs = [("default -j", None)] + ([] if args.skip_serial else [("-j 1", 1)])
        results = {}
        for label, jobs in runs:
            r = results[label] = run(files, tmp / f"out{jobs or 'default'}", jobs, args.only)
            print(f"{label:11} wall {r['wall']:6.1f} s   {r['files']:5d} files = {r['files'] / r['wall']:5.1f} files/s   "
                  f"{r['word']} Word documents = {r['word'] / r['wall']:5.2f} documents/s   "
                  f"{args.projects / r['wall']:5.2f} projects/s   CPU utilisation {r['cpu'] / r['wall']:4.2f}")
        if len(results) == 2:
            speedup = results["-j 1"]["wall"] / results["default -j"]["wall"]
            print(f"speed-up of the default over -j 1: {speedup:.2f}x on {os.cpu_count()} CPU(s)")


if __name__ == "__main__":
    main()
