"""Validation's CPU time, the examples and a 500-requirement project: the whole validation and the checks of
what vendors read (quotes, rewordings and restatements of withheld requirements, the Q&A register).

Prints figures only (no assertions). CPU time (time.process_time), not wall time: the figures hold on a
busy machine. Each figure is the median of RUNS validations in one process after a first one, each with
one text changed so the per-text caches miss for it as they do in the wizard:

- "a note edited": rfp.background changes (the withheld and disclosed requirements stay);
- "a requirement edited": the first disclosed requirement changes (every index over the requirements is rebuilt).

The 500-requirement project is bench_large's (templated statements, one in ten withheld).

Run: .venv/bin/python bench/bench_validate.py
"""
from __future__ import annotations

import copy
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
RUNS = 9


def measure(data: dict, edit) -> tuple[float, float]:
    """Median CPU ms of a whole validation and of its vendor-text and Q&A checks, after a first run."""
    from rfpgen import clarifications, validation
    from rfpgen.yamlio import Document

    spent = {"checks": 0.0}

    def timed(check):
        def run(*args):
            start = time.process_time()
            try:
                return check(*args)
            finally:
                spent["checks"] += time.process_time() - start
        return run

    vendor_texts, questions = validation._check_vendor_text_leaks, clarifications.check_questions
    validation._check_vendor_text_leaks, clarifications.check_questions = timed(vendor_texts), timed(questions)
    try:
        wholes, checks = [], []
        for k in range(RUNS + 1):
            changed = copy.deepcopy(data)
            edit(changed, k)
            spent["checks"] = 0.0
            start = time.process_time()
            validation.check_document(Document(changed, "bench.yaml"), None)
            wholes.append(time.process_time() - start)
            checks.append(spent["checks"])
        return statistics.median(wholes[1:]) * 1000, statistics.median(checks[1:]) * 1000
    finally:
        validation._check_vendor_text_leaks, clarifications.check_questions = vendor_texts, questions


def edit_note(data: dict, k: int) -> None:
    data["rfp"]["background"] = f"{data['rfp'].get('background') or ''} {k}"


def edit_requirement(data: dict, k: int) -> None:
    first = next(r for part in data.values() if isinstance(part, dict)
                 for r in part.get("requirements") or [] if not r.get("withhold"))
    first["text"] += f" ({k})"


def main() -> None:
    from bench_large import large_project
    from rfpgen.validation import load_project

    projects = [(path.name, load_project(path).data) for path in sorted((ROOT / "examples").glob("*.yaml"))]
    projects.append(("500 requirements", large_project(500, 20, 10)))
    for name, data in projects:
        for label, edit in (("a note edited", edit_note), ("a requirement edited", edit_requirement)):
            whole, checks = measure(data, edit)
            print(f"{name}, {label}: validation {whole:.1f} ms CPU, of which vendor-text and Q&A checks {checks:.1f} ms")


if __name__ == "__main__":
    main()
