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

def child_build(project_file: str, out: str) -> dict:
    t0 = time.perf_counter()
    from rfpgen.documents.build import build_documents
    from rfpgen.validation import load_project

    from rfpgen.scoring.forms import write_forms
    from rfpgen.scoring.sheets import write_workbooks

    imported = time.perf_counter()
    project = load_project(project_file)
    # the same work as build_documents(project, out), timed in its three parts
    written = build_documents(project, Path(out), only={"requirements", "rfp", "guide"})
    documents = time.perf_counter()
    (Path(out) / "scoring").mkdir(parents=True, exist_ok=True)
    written += write_workbooks(project, Path(out) / "scoring")
    workbooks = time.perf_counter()
    written += write_forms(project, Path(out) / "scoring")
    done = time.perf_counter()
    return {"imports_s": imported - t0, "build_s": done - imported, "files": len(written),
            "parts": {"load + 3 Word documents": documents - imported, "evaluator and price workbooks": workbooks - documents,
                      "paper scoring forms": done - workbooks},
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def child_score(project_file: str, files: list[str]) -> dict:
    t0 = time.perf_counter()
    from rfpgen.scoring import tally
    from rfpgen.validation import load_project

    imported = time.perf_counter()
    project = load_project(project_file)
    loaded = time.perf_counter()
    result = tally(project, files)
    done = time.perf_counter()
    return {"imports_s": imported - t0, "load_s": loaded - imported, "tally_s": done - loaded,
            "ranked": sum(1 for v in result.vendors if v.rank),
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _run_child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall time and peak memory (MB) of one whole-process command, measured by a wrapper child."""
    code = ("import resource, subprocess, sys, time, json; t = time.perf_counter(); "
            "subprocess.run(sys.argv[1:], check=True, capture_output=True); "
            "print(json.dumps([time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024]))")
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    wall, rss = json.loads(out.stdout)
    return wall, rss


def fill(folder: Path, project) -> list[str]:
    from openpyxl import load_workbook

    from rfpgen.scoring.model import COVERAGE_WORDS, GATE_WORDS

    rng = random.Random(5)
    smax = (project.data["evaluation"].get("scale") or {}).get("max", 5)
    files = sorted(str(p) for p in (folder / "scoring").glob("*.xlsx"))
    last = project.data["evaluation"]["vendors"][-1]["id"]
    for path in files:
        wb = load_workbook(path)
        for ws in wb.worksheets:
            for (cell,) in ws.iter_rows(min_col=1, max_col=1):
                key = cell.value if isinstance(cell.value, str) else ""
                kind = key.partition("=")[0]
                if kind == "criterion":
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
        wall, rss = _timed([sys.executable, "-m", "rfpgen", "build", str(project_file), "-o", str(tmp / "cli"), "-j", "1"])
        wall2, rss2 = _timed([sys.executable, "-m", "rfpgen", "build", str(project_file), "-o", str(tmp / "cli2"), "-j", "2"])
        print(f"build  in-process   {build['build_s']:6.2f} s   ({build['files']} files; imports {build['imports_s']:.2f} s more)"
              f"   target < 5 s: {'met' if build['build_s'] < 5 else 'NOT met'}")
        for part, seconds in build["parts"].items():
            print(f"         {part:32} {seconds:6.2f} s")
        print(f"build  whole process{wall:6.2f} s   peak memory {rss:5.0f} MB   (-j 1: one process)")
        print(f"build  whole process{wall2:6.2f} s   peak memory {rss2:5.0f} MB   (-j 2: scoring sheets beside the documents;"
              f" {wall / wall2:.2f}x faster)   target < 5 s: {'met' if wall2 < 5 else 'NOT met'}")
        print(f"build  peak memory  {build['maxrss_mb']:6.0f} MB (in-process child)   target < 300 MB: "
              f"{'met' if max(build['maxrss_mb'], rss) < 300 else 'NOT met'}")

        files = fill(tmp / "in-process", project)
        score = _run_child("score", str(project_file), *files)
        wall, rss = _timed([sys.executable, "-m", "rfpgen", "score", str(project_file), *files, "-o", str(tmp / "results"),
                            "--format", "json"])
        print(f"score  tally in-process {score['tally_s']:5.2f} s   ({len(files)} workbooks, {score['ranked']} vendors ranked;"
              f" loading the project {score['load_s']:.2f} s)   target < 5 s: {'met' if score['tally_s'] < 5 else 'NOT met'}")
        print(f"score  whole process    {wall:5.2f} s   (rfpgen score -o: tally + results.xlsx + results.docx)"
              f"   target < 5 s: {'met' if wall < 5 else 'NOT met'}")
        print(f"score  peak memory      {max(score['maxrss_mb'], rss):5.0f} MB   target < 300 MB: "
              f"{'met' if max(score['maxrss_mb'], rss) < 300 else 'NOT met'}")


if __name__ == "__main__":
    main()
