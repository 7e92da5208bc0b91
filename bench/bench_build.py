"""`rfpgen build` of each example against the floor: plain docxtpl rendering the same templates.

Prints figures only (no assertions). For each example and the three Word documents
(requirements definition, RFP, evaluator guide), measured side by side in one run (the runs of
each measurement interleaved, so a busy machine weighs on all of them alike):

- in-process, first build: `build_documents(load_project(EXAMPLE), out, only=...)` with no staffing
  plan kept from before (the plan cache emptied, in memory and on disk): load and validate, the
  whole-year staffing plan with scenarios and shift solve, charts, contexts, render, column
  fitting, checks, leak check, atomic writes;
- in-process, rebuild: the same after a text edit (the title changes every run), as a consultant
  or the wizard rebuilds: the staffing inputs are unchanged, so the plan is reused (staffing_cache);
- floor: `DocxTemplate(template).render(context)` and `save()` for each template, with the JSON
  context `rfpgen context` prints (read back with json.loads) and autoescape on, as any docxtpl
  user would, and the file written. docxtpl has no charts, so the floor's figure items receive the
  same native chart objects rfpgen embeds (drawn once, outside the timing): the floor embeds the
  same charts;
- whole process: `python -m rfpgen build EXAMPLE --only requirements,rfp,guide -j 1` in a fresh
  interpreter (imports included), and the same with the scoring sheets and forms (a full build).

Ratio = in-process / floor, of the medians and ('run by run') the median of each run against the floor run beside
it, which a machine whose speed drifts disturbs least. Target: at most 1.2.
Run: .venv/bin/python bench/bench_build.py [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DOCS = ("requirements", "rfp", "guide")
CACHE = tempfile.mkdtemp(prefix="rfpgen-bench-cache-")
os.environ["RFPGEN_CACHE_DIR"] = CACHE  # the bench's own plan cache, emptied for first builds


def _ms(times: list[float]) -> str:
    return f"median {statistics.median(times) * 1000:7.0f} ms  min {min(times) * 1000:7.0f} ms"


def _forget_plans() -> None:
    from rfpgen import erlang, staffing_cache

    staffing_cache._MEMORY.clear()
    shutil.rmtree(CACHE, ignore_errors=True)
    erlang._recent.__dict__.clear()


def build_once(example: Path, run: int, first: bool) -> tuple[float, float]:
    from rfpgen.documents.build import build_documents
    from rfpgen.validation import load_project

    if first:
        _forget_plans()
    with tempfile.TemporaryDirectory() as out:
        start, cpu = time.perf_counter(), time.process_time()
        project = load_project(example)
        # a different title each run, so no run's documents equal the previous one's (rfpgen skips
        # re-checking XML parts identical to ones it already checked)
        project.data["project"]["title"] += f" ({run})"
        build_documents(project, Path(out), only=set(DOCS))
        return time.perf_counter() - start, time.process_time() - cpu


class Floor:
    """Plain docxtpl over the context `rfpgen context` prints, with the same charts."""

    def __init__(self, example: Path):
        from click.testing import CliRunner

        from rfpgen.cli import main
        from rfpgen.documents.build import DOCUMENTS, staffing_for
        from rfpgen.documents.render import template_path
        from rfpgen.validation import load_project

        printed = CliRunner().invoke(main, ["context", str(example)], catch_exceptions=False)
        self.contexts = json.loads(printed.stdout)
        project = load_project(example)
        self.charts = staffing_for(project).charts
        self.templates = {key: str(template_path(DOCUMENTS[key][0], project.lang)) for key in DOCS}

    def run(self) -> tuple[float, float]:
        import io
        import itertools

        import jinja2
        from docxtpl import DocxTemplate

        from rfpgen.documents.render import _with_charts

        start, cpu = time.perf_counter(), time.process_time()
        for key in DOCS:
            template = DocxTemplate(self.templates[key])
            context = _with_charts(template, dict(self.contexts[key]), self.charts, itertools.count(1))
            template.render(context, jinja2.Environment(autoescape=True), autoescape=True)
            buffer = io.BytesIO()
            template.save(buffer)
            with tempfile.NamedTemporaryFile(suffix=".docx") as handle:  # the floor writes its file too
                handle.write(buffer.getvalue())
        return time.perf_counter() - start, time.process_time() - cpu


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


def stages(example: Path, repeat: int) -> dict[str, float]:
    """Median time of each step of the in-process build, to show where it goes beyond the floor."""
    from rfpgen import staffing_cache
    from rfpgen.documents.build import DOCUMENTS, Staffing, document_contexts
    from rfpgen.documents.charts import draw
    from rfpgen.documents.leaks import check_rfp
    from rfpgen.documents.render import render_docx, template_path
    from rfpgen.documents.staffing_annex import staffing_figures
    from rfpgen.fileio import atomic_write_bytes
    from rfpgen.responses import response_form
    from rfpgen.validation import load_project
    from rfpgen.words import project_locale

    runs = []
    for run in range(repeat):
        r: dict[str, float] = {}
        t = time.perf_counter()
        project = load_project(example)
        project.data["project"]["title"] += f" [{run}]"
        r["load and validate the project file"] = time.perf_counter() - t
        _forget_plans()
        t = time.perf_counter()
        plan = staffing_cache.plan_data(project)
        r["staffing plan, first build (Erlang, scenarios, shifts)"] = time.perf_counter() - t
        t = time.perf_counter()
        plan = staffing_cache.plan_data(project)
        r["staffing plan, rebuild (kept by content)"] = time.perf_counter() - t
        t = time.perf_counter()
        specs = staffing_figures(plan, project.lang, project.date_style)
        charts = {key: draw(spec, {"author": "x"}) for key, spec in specs.items()}
        r[f"{len(charts)} native charts (XlsxWriter)"] = time.perf_counter() - t
        t = time.perf_counter()
        contexts = document_contexts(project, set(DOCS), Staffing(plan, charts))
        r["template contexts"] = time.perf_counter() - t
        r["render, fit columns, check XML (floor's part)"] = r["RFP leak check"] = r["write the files"] = 0.0
        with tempfile.TemporaryDirectory() as out:
            for key, context in contexts.items():
                t = time.perf_counter()
                data = render_docx(template_path(DOCUMENTS[key][0], project.lang), context, charts=charts,
                                   properties={"title": context["doc"]["title"]})
                r["render, fit columns, check XML (floor's part)"] += time.perf_counter() - t
                if key == "rfp":
                    t = time.perf_counter()
                    check_rfp(data, project, "rfp.docx")
                    r["RFP leak check"] += time.perf_counter() - t
                t = time.perf_counter()
                atomic_write_bytes(Path(out) / f"{key}.docx", data)
                r["write the files"] += time.perf_counter() - t
        t = time.perf_counter()
        with project_locale(project):
            response_form(project)
        r["response form (the RFP's workbook: not in the floor)"] = time.perf_counter() - t
        runs.append(r)
    return {k: statistics.median(r[k] for r in runs) for k in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs per in-process measurement (default 7)")
    parser.add_argument("--process-repeat", type=int, default=3, help="runs per whole-process measurement (default 3)")
    args = parser.parse_args()
    print(f"rfpgen build vs plain docxtpl, 3 Word documents per example; {os.cpu_count()} CPU(s), "
          f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    print("floor: docxtpl render+save+write of the same templates with the JSON context `rfpgen context` prints,")
    print("       the same native charts (drawn once, untimed)")
    try:
        for example in EXAMPLES:
            floor = Floor(example)
            build_once(example, -1, first=True)  # warm up imports and caches once
            floor.run()
            first, rebuild, base = [], [], []
            for run in range(args.repeat):  # interleaved: a busy moment weighs on all three alike
                first.append(build_once(example, run, first=True))
                rebuild.append(build_once(example, run, first=False))
                base.append(floor.run())
            docs = whole_process(example, "requirements,rfp,guide", args.process_repeat)
            full = whole_process(example, None, args.process_repeat)
            print(f"\n{example.name}   (wall time; CPU time of this process in brackets: on a loaded machine the steadier figure)")
            floor_wall, floor_cpu = (statistics.median(t[i] for t in base) for i in (0, 1))
            print(f"  floor (plain docxtpl)                 {_ms([t[0] for t in base])}   [CPU {floor_cpu * 1000:5.0f} ms]")
            for name, times in (("in-process, first build", first), ("in-process, rebuild", rebuild)):
                wall, cpu = (statistics.median(t[i] for t in times) for i in (0, 1))
                # each run against the floor run beside it: the machine's speed drifts (±40 % over minutes on a
                # shared one), and a run and its neighbour see the same moment
                paired = statistics.median(t[1] / b[1] for t, b in zip(times, base))
                print(f"  {name:<37} {_ms([t[0] for t in times])}   [CPU {cpu * 1000:5.0f} ms]   ratio {wall / floor_wall:.2f} "
                      f"[CPU {cpu / floor_cpu:.2f}, run by run {paired:.2f}] (target <= 1.20)")
            print(f"  whole process, 3 documents            {_ms(docs)}")
            print(f"  whole process, full build             {_ms(full)}   (documents + scoring workbooks + paper forms)")
            steps = stages(example, args.repeat)
            print("  where the in-process build goes (medians):")
            for step, seconds in steps.items():
                print(f"    {step:55} {seconds * 1000:6.0f} ms")
            render = steps["render, fit columns, check XML (floor's part)"]
            print(f"    rendering step alone / floor: {render / floor_wall:.2f}")
    finally:
        shutil.rmtree(CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
