"""Shared by the scoring page's tests (test client and browser): fill any project's generated workbooks
as evaluators would, read the page's ranking table, and what `rfpgen score` prints for the same files."""
from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from openpyxl import load_workbook

from rfpgen.scoring import model
from rfpgen.scoring.model import COVERAGE_WORDS, GATE_WORDS, PresentationScheme, Scheme
from rfpgen.scoring.sheets import write_presentation_workbooks

COVERAGE_CYCLE = ("concrete", "mentioned", "absent")


def _rows(ws) -> dict[str, int]:
    return {c.value: c.row for (c,) in ws.iter_rows(min_col=1, max_col=1) if isinstance(c.value, str) and "=" in c.value}


def evaluator_scores(project, evaluator_index: int, vendor_index: int, criterion_index: int, scale_max: int) -> int:
    """A deterministic score: evaluators differ (so some items spread past the threshold), vendors differ."""
    return max(0, min(scale_max, 2 + (vendor_index * 2 + criterion_index + evaluator_index * (vendor_index + 1)) % (scale_max - 1)))


def fill_evaluator(path: Path, project, evaluator_index: int, lang: str, blanks: int = 0,
                   scheme: Scheme | None = None) -> Path:
    """Fill every vendor sheet of an evaluator's (or presentation) workbook; `blanks` entries of the first
    vendor's sheet are left empty."""
    scheme = scheme or Scheme(project)
    wb = load_workbook(path)
    by_key = scheme.vendor_by_key()
    order = [v["id"] for v in scheme.vendors()]
    left = blanks
    for ws in wb.worksheets:
        rows = _rows(ws)
        vendor_key = next((k.partition("=")[2] for k in rows if k.startswith("vendor=")), None)
        if vendor_key not in by_key:
            continue
        v_index = order.index(by_key[vendor_key]["id"])
        cells = []
        for gate in scheme.gates():
            cells.append((f"E{rows['gate=' + gate['id']]}", GATE_WORDS[lang]["pass"]))
        for c_index, criterion in enumerate(scheme.weighted()):
            if criterion["id"] in scheme.computed_ids():
                continue
            cells.append((f"E{rows['criterion=' + criterion['id']]}",
                          evaluator_scores(project, evaluator_index, v_index, c_index, scheme.scale_max)))
        for r_index, requirement in enumerate(scheme.checklist()):
            status = COVERAGE_CYCLE[(v_index + r_index + evaluator_index) % 3]
            cells.append((f"E{rows['withheld=' + requirement.id]}", COVERAGE_WORDS[lang][status]))
        for at, value in cells:
            if left and v_index == 0:
                left -= 1
                continue
            ws[at] = value
    wb.save(path)
    return path


def fill_prices(path: Path, project, prices: dict[str, float]) -> Path:
    wb = load_workbook(path)
    for ws in wb.worksheets:
        rows = _rows(ws)
        for vendor_id, amount in prices.items():
            if f"price={vendor_id}" in rows:
                ws[f"D{rows['price=' + vendor_id]}"] = amount
    wb.save(path)
    return path


def fill_all(folder: Path, project, prices: dict[str, float], lang: str | None = None) -> list[Path]:
    """Fill every workbook `rfpgen build` wrote into `folder` (its scoring/ subfolder): the evaluators',
    the presentation ones when the project has that stage (under blind evaluation written here first, as
    the document stage's tally writes them), and the price workbook."""
    lang = lang or project.lang
    scoring = folder / "scoring" if (folder / "scoring").is_dir() else folder
    scheme, stage = Scheme(project), PresentationScheme(project)
    if stage.weighted() and scheme.blind:   # the build wrote none: as the document stage's tally does, for every vendor here
        write_presentation_workbooks(project, scoring, [v["id"] for v in scheme.vendors()])
    files = []
    for index, evaluator in enumerate(scheme.evaluators()):
        files.append(fill_evaluator(scoring / model.evaluator_workbook_name(project.id, evaluator["id"]), project, index, lang))
        if stage.weighted():
            files.append(fill_evaluator(scoring / model.presentation_workbook_name(project.id, evaluator["id"]), project,
                                        index, lang, scheme=stage))
    prices_file = scoring / model.PROCUREMENT_FOLDER / model.price_workbook_name(project.id)  # as built, or downloaded beside the others
    files.append(fill_prices(prices_file if prices_file.is_file() else scoring / prices_file.name, project, prices))
    return files


class _Table(HTMLParser):
    def __init__(self, table_id: str):
        super().__init__(convert_charrefs=True)
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(" ".join(self.cell.split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def table_rows(html: str, table_id: str = "ranking-table") -> list[list[str]]:
    """The rows of the page's table (header row first), each cell's text with spaces collapsed."""
    parser = _Table(table_id)
    parser.feed(html)
    return parser.rows


def cli_json(cli, project_file: Path, files: list[Path], *options) -> dict:
    result = cli("score", project_file, *files, "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)
