"""Reading a project file: rfpgen's strict YAML reader on a large project, and `rfpgen --help` start-up.

Prints figures only (no assertions). The large file is the Japanese example with 2,000 generated
requirements (about 0.5 MB). Figures: median of several runs of `yamlio.parse`, of the whole
`validate` (parse + schema + checks), PyYAML's own C and pure-Python loaders on the same text for
comparison, and the wall time of `rfpgen --help` in a fresh process with the modules it imports.

Run: .venv/bin/python bench/bench_parse.py [--requirements 2000]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def median_ms(fn, runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requirements", type=int, default=2000)
    args = parser.parse_args()
    from bench_large import large_project
    from rfpgen import yamlio
    from rfpgen.validation import validate

    text = yamlio.dump(large_project(args.requirements, 20, 10), width=10**6)
    raw = text.encode("utf-8")
    print(f"large project file: {len(raw) / 1024:.0f} KB, {text.count(chr(10))} lines")
    print(f"yamlio.parse (rfpgen's reader):  {median_ms(lambda: yamlio.parse(text, 'large.yaml')):7.1f} ms")
    print(f"validate (parse + schema + checks): {median_ms(lambda: validate(raw, 'en', 'large.yaml'), 3):7.1f} ms")
    print(f"PyYAML CSafeLoader, for reference: {median_ms(lambda: yaml.load(text, Loader=yaml.CSafeLoader)):7.1f} ms")
    print(f"PyYAML SafeLoader (pure Python):   {median_ms(lambda: yaml.load(text, Loader=yaml.SafeLoader), 3):7.1f} ms")
    help_ms = median_ms(lambda: subprocess.run([sys.executable, "-m", "rfpgen", "--help"], capture_output=True, check=True), 5)
    heavy = subprocess.run([sys.executable, "-c", "import sys; from rfpgen.cli import main; "
                            "print(' '.join(m for m in ('docxtpl', 'docx', 'matplotlib', 'openpyxl', 'jsonschema') if m in sys.modules))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    print(f"`rfpgen --help` in a fresh process: {help_ms:7.1f} ms (heavy modules imported: {heavy or 'none'})")


if __name__ == "__main__":
    main()
