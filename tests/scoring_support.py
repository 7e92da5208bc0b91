"""Shared fixture for the scoring tests: a small project and a way to fill its workbooks like an evaluator.

The project's own sanity test lives in test_scoring.py.
"""
from __future__ import annotations

import copy
from pathlib import Path

from openpyxl import load_workbook

from rfpgen.scoring.model import COVERAGE_WORDS, GATE_WORDS, parse_key
from rfpgen.validation import project_from_data

BASE = {
    "schema_version": 1,
    "project": {"id": "acme-cc", "title": "ACME contact center outsourcing",
                "client": {"name": "ACME Retail Ltd"}, "language": "en", "version": "1.0", "date": "2027-01-15"},
    "operations": {"requirements": [
        {"id": "OPS-001", "text": "Answer 80 % of calls within 20 seconds.", "priority": "must"},
        {"id": "OPS-BCP", "text": "Keep the service running when one site is lost.", "priority": "must",
         "withhold": True, "look_for": "A second site or home agents, with a recovery time."},
        {"id": "OPS-KB", "text": "Keep the knowledge base current.", "priority": "should",
         "withhold": True, "look_for": "An owner and a review cycle for articles."},
    ]},
    "systems": {"requirements": [
        {"id": "SYS-PCI", "text": "Take card payments without agents hearing card numbers.", "priority": "may",
         "withhold": True, "look_for": "DTMF masking & PCI DSS v4 scope reduction."},
    ]},
    "evaluation": {
        "scale": {"max": 5},
        "quality_points": 70,
        "criteria": [
            {"id": "G-ISO", "name": "ISO/IEC 27001 certified site", "weight": 0, "mandatory": True,
             "description": "The site holds a valid certificate."},
            {"id": "G-START", "name": "Committed start date", "weight": 0, "mandatory": True},
            {"id": "C-EXP", "name": "Experience with equivalent work", "weight": 30,
             "anchors": [{"score": 1, "description": "No retail work."}, {"score": 5, "description": "Several large retail centers."}]},
            {"id": "C-QM", "name": "Quality management", "weight": 25},
            {"id": "C-WFM", "name": "Forecasting & shift planning", "weight": 25},
            {"id": "C-UNS", "name": "Understanding: needs this RFP does not state", "weight": 20, "unstated_needs": True},
        ],
        "price": {"formula": "relative_to_lowest", "max_points": 30, "basis": "Total over 36 months"},
        "vendors": [{"id": "V-A", "name": "Alpha Contact <Ltd>"}, {"id": "V-B", "name": "Beta & Co"},
                    {"id": "V-C", "name": "Gamma Services"}],
        "evaluators": [{"id": "E1", "name": "Ann Lee", "role": "Customer service"},
                       {"id": "E2", "name": "Bob Ito", "role": "Operations"},
                       {"id": "E3", "name": "Cy Park", "role": "Procurement", "sees_prices": True}],
    },
}


def project_data(**changes) -> dict:
    data = copy.deepcopy(BASE)
    for dotted, value in changes.items():
        node = data
        parts = dotted.split(".")
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value
    return data


def make_project(data: dict | None = None):
    return project_from_data(data or project_data())


def rows_by_key(ws) -> dict[str, int]:
    return {c.value: c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if isinstance(c.value, str) and "=" in c.value}


def vendor_sheets(wb) -> dict[str, object]:
    found = {}
    for ws in wb.worksheets:
        for k in rows_by_key(ws):
            if k.startswith("vendor="):
                found[parse_key(k)[1]] = ws
    return found


def fill_workbook(path: Path, entries: dict, lang: str = "en", out: Path | None = None) -> Path:
    """entries: {vendor_id: {"scores": {cid: n}, "gates": {gid: 'pass'|'fail'}, "checklist": {rid: 'absent'|…}}}"""
    wb = load_workbook(path)
    sheets = vendor_sheets(wb)
    for vendor_id, entry in entries.items():
        ws = sheets[vendor_id]
        rows = rows_by_key(ws)
        for cid, score in entry.get("scores", {}).items():
            ws[f"E{rows['criterion=' + cid]}"] = score
        for gid, verdict in entry.get("gates", {}).items():
            ws[f"E{rows['gate=' + gid]}"] = GATE_WORDS[lang][verdict]
        for rid, status in entry.get("checklist", {}).items():
            ws[f"E{rows['withheld=' + rid]}"] = COVERAGE_WORDS[lang][status]
        for cid in entry.get("scores", {}):
            ws[f"H{rows['criterion=' + cid]}"] = f"evidence for {cid}"
    target = out or path
    wb.save(target)
    return target


def fill_prices(path: Path, prices: dict, out: Path | None = None) -> Path:
    wb = load_workbook(path)
    for ws in wb.worksheets:
        rows = rows_by_key(ws)
        for vendor_id, amount in prices.items():
            if f"price={vendor_id}" in rows:
                ws[f"D{rows['price=' + vendor_id]}"] = amount
    target = out or path
    wb.save(target)
    return target


# The known scores of the round trip: 3 vendors × 3 evaluators.
SCORES = {
    "E1": {"V-A": {"C-EXP": 4, "C-QM": 3, "C-WFM": 5}, "V-B": {"C-EXP": 2, "C-QM": 2, "C-WFM": 3},
           "V-C": {"C-EXP": 5, "C-QM": 5, "C-WFM": 4}},
    "E2": {"V-A": {"C-EXP": 5, "C-QM": 3, "C-WFM": 4}, "V-B": {"C-EXP": 3, "C-QM": 4, "C-WFM": 3},
           "V-C": {"C-EXP": 4, "C-QM": 4, "C-WFM": 4}},
    "E3": {"V-A": {"C-EXP": 3, "C-QM": 4, "C-WFM": 4}, "V-B": {"C-EXP": 1, "C-QM": 2, "C-WFM": 3},
           "V-C": {"C-EXP": 5, "C-QM": 4, "C-WFM": 5}},
}
CHECKLIST = {
    "E1": {"V-A": {"OPS-BCP": "concrete", "OPS-KB": "mentioned", "SYS-PCI": "absent"},
           "V-B": {"OPS-BCP": "absent", "OPS-KB": "absent", "SYS-PCI": "absent"},
           "V-C": {"OPS-BCP": "concrete", "OPS-KB": "concrete", "SYS-PCI": "concrete"}},
    "E2": {"V-A": {"OPS-BCP": "concrete", "OPS-KB": "concrete", "SYS-PCI": "absent"},
           "V-B": {"OPS-BCP": "mentioned", "OPS-KB": "absent", "SYS-PCI": "absent"},
           "V-C": {"OPS-BCP": "concrete", "OPS-KB": "mentioned", "SYS-PCI": "concrete"}},
    "E3": {"V-A": {"OPS-BCP": "mentioned", "OPS-KB": "mentioned", "SYS-PCI": "mentioned"},
           "V-B": {"OPS-BCP": "absent", "OPS-KB": "mentioned", "SYS-PCI": "absent"},
           "V-C": {"OPS-BCP": "concrete", "OPS-KB": "concrete", "SYS-PCI": "mentioned"}},
}
GATES = {
    "E1": {"V-A": {"G-ISO": "pass", "G-START": "pass"}, "V-B": {"G-ISO": "fail", "G-START": "pass"},
           "V-C": {"G-ISO": "pass", "G-START": "pass"}},
    "E2": {"V-A": {"G-ISO": "pass", "G-START": "pass"}, "V-B": {"G-ISO": "fail", "G-START": "pass"},
           "V-C": {"G-ISO": "pass", "G-START": "fail"}},
    "E3": {"V-A": {"G-ISO": "pass", "G-START": "pass"}, "V-B": {"G-ISO": "pass", "G-START": "pass"},
           "V-C": {"G-ISO": "pass", "G-START": "pass"}},
}
PRICES = {"V-A": 120_000_000, "V-B": 90_000_000, "V-C": 150_000_000}


def fill_all(folder: Path, project, scores=SCORES, checklist=CHECKLIST, gates=GATES, prices=PRICES, lang="en"):
    """Fill every generated workbook in `folder/scoring` and return the list of paths to score."""
    files = []
    for evaluator in project.data["evaluation"]["evaluators"]:
        ev = evaluator["id"]
        path = folder / "scoring" / f"{project.id}-scores-{ev}.xlsx"
        entries = {v: {"scores": scores[ev][v], "checklist": checklist[ev][v], "gates": gates[ev][v]}
                   for v in scores[ev]}
        files.append(fill_workbook(path, entries, lang))
    price_path = folder / "scoring" / "procurement" / f"{project.id}-prices.xlsx"
    if prices is not None:
        files.append(fill_prices(price_path, prices))
    return files


def write_results_and_notices(project, result, out: Path) -> list[Path]:
    """write_results, then the notices as they will read once the ranking is final: the sample scores leave
    items to the consensus meeting, and rfpgen writes no notice before it (decision.notices_due)."""
    from rfpgen.scoring import write_results
    from rfpgen.scoring.decision import notices_due
    from rfpgen.scoring.notices import write_notices

    written = write_results(project, result, out)
    return written if notices_due(result) else written + write_notices(result, out)


# Scores the evaluators agree on (no spread, no checklist split, no gate in doubt): a tally with nothing
# left to the consensus meeting, whose notices rfpgen writes.
AGREED_SCORES = {e: {"V-A": {"C-EXP": 4, "C-QM": 4, "C-WFM": 4}, "V-B": {"C-EXP": 3, "C-QM": 3, "C-WFM": 3},
                     "V-C": {"C-EXP": 5, "C-QM": 5, "C-WFM": 5}} for e in SCORES}
AGREED_CHECKLIST = {e: {v: {"OPS-BCP": "concrete", "OPS-KB": "mentioned", "SYS-PCI": "absent"} for v in ("V-A", "V-B", "V-C")}
                    for e in SCORES}
AGREED_GATES = {e: {v: {"G-ISO": "pass", "G-START": "pass"} for v in ("V-A", "V-B", "V-C")} for e in SCORES}


def fill_agreed(folder: Path, project, prices=PRICES) -> list[Path]:
    return fill_all(folder, project, scores=AGREED_SCORES, checklist=AGREED_CHECKLIST, gates=AGREED_GATES, prices=prices)
