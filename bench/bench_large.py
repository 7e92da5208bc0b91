"""A large project: 500 requirements, 20 vendors, 10 evaluators. Build time, score time, peak memory.

Prints figures only (no assertions). Targets: build < 5 s, score < 5 s, peak memory < 300 MB.

The project is the Japanese example with its requirements replaced by 500 generated statements
spread over the eight parts (one in ten withheld, with look_for), 20 vendors and 10 evaluators
(two of whom see prices). Each measurement runs in its own child process, so peak memory
(ru_maxrss) is that of the job alone:

- build: `build_documents` (3 Word documents, 10 evaluator workbooks, the price workbook,
  20 paper forms), in-process after imports, and `rfpgen build` as a whole process, in one process
  (-j 1) and with the scoring sheets written in a second process beside the documents (-j 2);
- score: every workbook filled programmatically first (untimed), then `tally` in-process and
  `rfpgen score … -o DIR` (results.xlsx and results.docx) as a whole process.

Run: .venv/bin/python bench/bench_large.py [--requirements 500 --vendors 20 --evaluators 10]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["scope", "overview", "work_definition", "people", "operations", "systems", "pricing", "approval"]
PREFIX = {"scope": "SCP", "overview": "OVW", "work_definition": "WRK", "people": "PPL", "operations": "OPS",
          "systems": "SYS", "pricing": "PRC", "approval": "APR"}


def large_project(requirements: int, vendors: int, evaluators: int) -> dict:
    from rfpgen.validation import load_project

    data = load_project(ROOT / "examples" / "ja-ec-order-center.yaml").data
    rng = random.Random(8)
    for part in PARTS:
        data.setdefault(part, {})["requirements"] = []
    for i in range(requirements):
        part = PARTS[i % len(PARTS)]
        n = len(data[part]["requirements"]) + 1
        item = {"id": f"{PREFIX[part]}-L{n:03d}",
                "text": f"要件{i + 1}：委託先は、{part} に関する業務手順（{rng.randint(1, 99)}項目）を文書化し、"
                        f"月次で見直して委託元に報告すること。Item {i + 1} is measured monthly against target {rng.randint(70, 99)}%.",
                "priority": rng.choice(["must", "should", "may"])}
        if i % 10 == 3:
            item["withhold"] = True
            item["look_for"] = f"非掲載要件{i + 1}に対する具体的な方法・指標・担当（look-for {i + 1}）"
        data[part]["requirements"].append(item)
    ev = data["evaluation"]
    renamed = {v["id"]: f"V{k:02d}" for k, v in enumerate(ev.get("vendors") or [], start=1)}
    ev["vendors"] = [{"id": f"V{k:02d}", "name": f"ベンダー{k:02d}株式会社"} for k in range(1, vendors + 1)]
    for question in data.get("questions") or []:  # the example's questions name its own vendors and requirements
        if question.get("vendor") in renamed:
            question["vendor"] = renamed[question["vendor"]]
        if question.get("requirements"):
            question["requirements"] = [f"{rid.split('-')[0]}-L{int(rid.split('-')[1]):03d}" for rid in question["requirements"]]
    # two of the ten see prices and score quality too (validation warns: a workload, not advice)
    ev["evaluators"] = [{"id": f"E{k:02d}", "name": f"評価者{k:02d}", "sees_prices": k <= 2} for k in range(1, evaluators + 1)]
    return data


# ------------------------------------------------------------------ children (run with --child)

def _cpu() -> float:
    return time.process_time()


def child_build(project_file: str, out: str) -> dict:
    t0 = time.perf_counter()
    from rfpgen.documents.build import build_documents
    from rfpgen.validation import load_project

    from rfpgen.scoring.forms import write_forms
    from rfpgen.scoring.sheets import write_workbooks

    imported, cpu0 = time.perf_counter(), _cpu()
    project = load_project(project_file)
    # the same work as build_documents(project, out), timed in its three parts
    written = build_documents(project, Path(out), only={"requirements", "rfp", "guide"})
    documents, cpu1 = time.perf_counter(), _cpu()
    (Path(out) / "scoring").mkdir(parents=True, exist_ok=True)
    written += write_workbooks(project, Path(out) / "scoring")
    workbooks, cpu2 = time.perf_counter(), _cpu()
    written += write_forms(project, Path(out) / "scoring")
    done, cpu3 = time.perf_counter(), _cpu()
    return {"imports_s": imported - t0, "build_s": done - imported, "build_cpu_s": cpu3 - cpu0, "files": len(written),
            "parts": {"load + 3 Word documents": (documents - imported, cpu1 - cpu0),
                      "evaluator and price workbooks": (workbooks - documents, cpu2 - cpu1),
                      "paper scoring forms": (done - workbooks, cpu3 - cpu2)},
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child_score(project_file: str, files: list[str]) -> dict:
    t0 = time.perf_counter()
    from rfpgen.scoring import tally
    from rfpgen.validation import load_project

    imported = time.perf_counter()
    project = load_project(project_file)
    loaded, cpu0 = time.perf_counter(), _cpu()
    result = tally(project, files)
    done = time.perf_counter()
    return {"imports_s": imported - t0, "load_s": loaded - imported, "tally_s": done - loaded, "tally_cpu_s": _cpu() - cpu0,
            "ranked": sum(1 for v in result.vendors if v.rank),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _run_child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed(args: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time (user + system, of every process it started) and peak memory (MB) of one
    whole-process command, measured by a wrapper child."""
    code = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(json.dumps([time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024]))")
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    return tuple(json.loads(out.stdout))


def fill(folder: Path, project) -> list[str]:
    from openpyxl import load_workbook

    from rfpgen.scoring.model import COVERAGE_WORDS, GATE_WORDS

    rng = random.Random(5)
    smax = (project.data["evaluation"].get("scale") or {}).get("max", 5)
    files = sorted(str(p) for p in (folder / "scoring").rglob("*.xlsx"))  # the price workbook is in procurement/
    last = project.data["evaluation"]["vendors"][-1]["id"]
    for path in files:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for (cell,) in ws.iter_rows(min_col=1, max_col=1):
                key = cell.value if isinstance(cell.value, str) else ""
                kind = key.partition("=")[0]
                if kind == "criterion" and not str(ws[f"E{cell.row}"].value or "").startswith("="):  # not a computed score
                    ws[f"E{cell.row}"] = rng.randint(smax * 3 // 5, smax)  # above the example's minimum quality score
                elif kind == "gate":
                    # the last vendor fails a gate; the rest pass, so the ranking, memo and notices are full size
                    ws[f"E{cell.row}"] = GATE_WORDS[project.lang]["fail" if ws.title == last else "pass"]
                elif kind == "withheld":
                    ws[f"E{cell.row}"] = COVERAGE_WORDS[project.lang][rng.choice(["absent", "mentioned", "concrete"])]
                elif kind == "price":
                    ws[f"D{cell.row}"] = rng.randint(50, 200) * 1_000_000
        wb.save(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=int, default=500)
    parser.add_argument("--vendors", type=int, default=20)
    parser.add_argument("--evaluators", type=int, default=10)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = child_build(*rest) if kind == "build" else child_score(rest[0], rest[1:])
        print(json.dumps(result))
        return

    from rfpgen.validation import load_project
    from rfpgen.yamlio import dump

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        project_file = tmp / "large.yaml"
        project_file.write_text(dump(large_project(args.requirements, args.vendors, args.evaluators)), encoding="utf-8")
        project = load_project(project_file)
        print(f"large project: {len(project.requirements())} requirements ({len(project.withheld())} withheld), "
              f"{args.vendors} vendors, {args.evaluators} evaluators; file {project_file.stat().st_size / 1024:.0f} KB")

        build = _run_child("build", str(project_file), str(tmp / "in-process"))
        wall, cpu, rss = _timed([sys.executable, "-m", "rfpgen", "build", str(project_file), "-o", str(tmp / "cli"), "-j", "1"])
        wall2, cpu2, rss2 = _timed([sys.executable, "-m", "rfpgen", "build", str(project_file), "-o", str(tmp / "cli2"), "-j", "2"])
        print("(wall time; CPU time in brackets, user + system: on a loaded machine the steadier figure, the one judged)")
        print(f"build  in-process   {build['build_s']:6.2f} s [CPU {build['build_cpu_s']:5.2f} s]   ({build['files']} files;"
              f" imports {build['imports_s']:.2f} s more)   target < 5 s: {_met(build['build_cpu_s'] < 5)}")
        for part, (seconds, part_cpu) in build["parts"].items():
            print(f"         {part:32} {seconds:6.2f} s [CPU {part_cpu:5.2f} s]")
        print(f"build  whole process{wall:6.2f} s [CPU {cpu:5.2f} s]   peak memory {rss:5.0f} MB   (-j 1: one process)"
              f"   target < 5 s: {_met(cpu < 5)}")
        print(f"build  whole process{wall2:6.2f} s [CPU {cpu2:5.2f} s]   peak memory {rss2:5.0f} MB   (-j 2: scoring sheets"
              f" beside the documents; {wall / wall2:.2f}x faster)")
        print(f"build  peak memory  {build['maxrss_mb']:6.0f} MB (in-process child)   target < 300 MB: "
              f"{_met(max(build['maxrss_mb'], rss) < 300)}")

        files = fill(tmp / "in-process", project)
        score = _run_child("score", str(project_file), *files)
        wall, cpu, rss = _timed([sys.executable, "-m", "rfpgen", "score", str(project_file), *files, "-o", str(tmp / "results"),
                                 "--format", "json"])
        print(f"score  tally in-process {score['tally_s']:5.2f} s [CPU {score['tally_cpu_s']:5.2f} s]   ({len(files)} workbooks,"
              f" {score['ranked']} vendors ranked; loading the project {score['load_s']:.2f} s)   target < 5 s:"
              f" {_met(score['tally_cpu_s'] < 5)}")
        print(f"score  whole process    {wall:5.2f} s [CPU {cpu:5.2f} s]   (rfpgen score -o: tally + results.xlsx + results.docx)"
              f"   target < 5 s: {_met(cpu < 5)}")
        print(f"score  peak memory      {max(score['maxrss_mb'], rss):5.0f} MB   target < 300 MB: "
              f"{_met(max(score['maxrss_mb'], rss) < 300)}")


def _met(met: bool) -> str:
    return "met" if met else "NOT met"

if __name__ == "__main__":
    main()
