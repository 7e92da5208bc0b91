"""`rfpgen build` of each example against the floor: plain docxtpl rendering the same templates.

Prints figures only (no assertions). For each example and the three Word documents
(requirements definition, RFP, evaluator guide):

- whole process: `python -m rfpgen build EXAMPLE --only requirements,rfp,guide -j 1` in a fresh
  interpreter (imports included), and the same with the scoring sheets and forms (a full build);
- in-process: `build_documents(load_project(EXAMPLE), out, only=...)`, i.e. load and validate,
  staffing plan and chart, contexts, render, column fitting, checks, leak check, atomic writes;
- floor: `DocxTemplate(template).render(context)` and `save()` for each of the three templates, with
  the JSON context `rfpgen context` prints (read back with json.loads) and autoescape on, as any
  docxtpl user would. The chart key `staffing_chart`, printed by `rfpgen context` as a dict, is
  replaced by an InlineImage of the same PNG bytes rfpgen puts in the document (rendered once,
  outside the timing), so the floor embeds the same picture.

Ratio = in-process / floor. Target: at most 1.2.
Run: .venv/bin/python bench/bench_build.py [--repeat N]
"""
from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DOCS = ("requirements", "rfp", "guide")


def _median_min(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:7.0f} ms  min {min(times) * 1000:7.0f} ms"


def whole_process(example: Path, only: str | None, repeat: int) -> list[float]:
    times = []
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            args = [sys.executable, "-m", "rfpgen", "build", str(example), "-o", out, "-j", "1"]
            if only:
                args += ["--only", only]
            start = time.perf_counter()
            subprocess.run(args, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - start)
    return times


def in_process(example: Path, repeat: int) -> list[float]:
    from rfpgen.documents.build import build_documents
    from rfpgen.validation import load_project

    times = []
    for run in range(repeat):
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            project = load_project(example)
            # a different title each run, so no run's documents equal the previous one's (rfpgen skips
            # re-checking XML parts identical to ones it already checked; a batch of different
            # projects only shares the template's own parts)
            project.data["project"]["title"] += f" ({run})"
            build_documents(project, Path(out), only=set(DOCS))
            times.append(time.perf_counter() - start)
    return times


def floor(example: Path, repeat: int) -> list[float]:
    import jinja2
    from click.testing import CliRunner
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    from rfpgen.documents.build import DOCUMENTS, staffing_for
    from rfpgen.cli import main
    from rfpgen.documents.render import template_path
    from rfpgen.validation import load_project

    printed = CliRunner().invoke(main, ["context", str(example)], catch_exceptions=False)
    contexts = json.loads(printed.stdout)
    project = load_project(example)
    png = staffing_for(project).chart  # the same picture, made once outside the timing
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for key in DOCS:
            template = DocxTemplate(str(template_path(DOCUMENTS[key][0], project.lang)))
            context = dict(contexts[key])
            context["staffing_chart"] = InlineImage(template, io.BytesIO(png), width=Mm(160)) if png else ""
            template.render(context, jinja2.Environment(autoescape=True), autoescape=True)
            buffer = io.BytesIO()
            template.save(buffer)
            with tempfile.NamedTemporaryFile(suffix=".docx") as handle:  # the floor writes its file too
                handle.write(buffer.getvalue())
        times.append(time.perf_counter() - start)
    return times


def stages(example: Path, repeat: int) -> dict[str, float]:
    """Median time of each step of the in-process build, to show where it goes beyond the floor."""
    from rfpgen import staffing
    from rfpgen.documents.build import DOCUMENTS, Staffing, document_contexts
    from rfpgen.documents.staffing_annex import staffing_chart
    from rfpgen.documents.leaks import check_rfp
    from rfpgen.documents.render import render_docx, template_path
    from rfpgen.validation import load_project

    runs = []
    for run in range(repeat):
        r: dict[str, float] = {}
        t = time.perf_counter()
        project = load_project(example)
        project.data["project"]["title"] += f" [{run}]"
        r["load and validate the project file"] = time.perf_counter() - t
        t = time.perf_counter()
        plan = staffing.plan(project).as_dict()
        r["staffing plan (Erlang)"] = time.perf_counter() - t
        t = time.perf_counter()
        png = staffing_chart(plan, project.lang)
        r["staffing chart PNG (matplotlib)"] = time.perf_counter() - t
        t = time.perf_counter()
        contexts = document_contexts(project, None, Staffing(plan, png))
        r["template contexts"] = time.perf_counter() - t
        r["render, fit columns, check XML (floor's part)"] = r["RFP leak check"] = 0.0
        for key, context in contexts.items():
            t = time.perf_counter()
            data = render_docx(template_path(DOCUMENTS[key][0], project.lang), context,
                               images={"staffing_chart": (png, 160)}, properties={"title": context["doc"]["title"]})
            r["render, fit columns, check XML (floor's part)"] += time.perf_counter() - t
            if key == "rfp":
                t = time.perf_counter()
                check_rfp(data, project, "rfp.docx")
                r["RFP leak check"] += time.perf_counter() - t
        runs.append(r)
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--process-repeat", type=int, default=3, help="runs per whole-process measurement (default 3)")
    args = parser.parse_args()
    print(f"rfpgen build vs plain docxtpl, 3 Word documents per example; {os.cpu_count()} CPU(s), Python {sys.version.split()[0]}")
    print("floor: docxtpl render+save of the same templates with the JSON context `rfpgen context` prints;")
    print("       staffing_chart = InlineImage of the same PNG bytes (made once, untimed)")
    for example in EXAMPLES:
        # warm up imports, fonts and caches once so the first measurement is not an outlier
        in_process(example, 1)
        floor(example, 1)
        inproc = in_process(example, args.repeat)
        base = floor(example, args.repeat)
        docs = whole_process(example, "requirements,rfp,guide", args.process_repeat)
        full = whole_process(example, None, args.process_repeat)
        ratio = statistics.median(inproc) / statistics.median(base)
        print(f"\n{example.name}")
        print(f"  whole process, 3 documents        {_median_min(docs)}")
        print(f"  whole process, full build         {_median_min(full)}   (documents + scoring workbooks + paper forms)")
        print(f"  in-process build_documents        {_median_min(inproc)}")
        print(f"  floor (plain docxtpl)             {_median_min(base)}")
        print(f"  ratio in-process / floor          {ratio:.2f}   (target <= 1.20: {'met' if ratio <= 1.2 else 'NOT met'})")
        steps = stages(example, args.repeat)
        print("  where the in-process build goes (medians; writing the files is the rest):")
        for step, seconds in steps.items():
            print(f"    {step:47} {seconds * 1000:6.0f} ms")
        render = steps["render, fit columns, check XML (floor's part)"]
        print(f"    rendering step alone / floor: {render / statistics.median(base):.2f}")


if __name__ == "__main__":
    main()
