"""nan and infinity are not numbers a user means: every entry point refuses them with a message."""
from __future__ import annotations

from openpyxl import load_workbook

from rfpgen.scoring import tally, write_scoring_outputs
from rfpgen.errors import ScoreSheetInvalid
from scoring_support import fill_all, make_project, rows_by_key


def test_calculator_refuses_nan_and_infinity(cli):
    for args in (["--calls", "nan"], ["--calls", "100", "--aht", "inf"], ["--calls", "100", "--service-level", "nan/20"]):
        result = cli("erlang", "--aht", "180", *args) if "--aht" not in args else cli("erlang", *args)
        assert result.exit_code == 2 and "Traceback" not in result.output, args


def test_wizard_keeps_an_infinite_number_as_typed():
    from rfpgen.web.forms import _read
    from rfpgen.web.steps import Field

    assert _read(Field("rto_hours", "number"), {"x": "1e400"}, "x") == "1e400"
    assert _read(Field("rto_hours", "number"), {"x": "2.5"}, "x") == 2.5


def test_a_non_finite_or_zero_price_is_refused_once(tmp_path):
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    price_file = next(f for f in files if "prices" in f.name)
    wb = load_workbook(price_file)
    for ws in wb.worksheets:
        rows = rows_by_key(ws)
        if "price=V-A" in rows:
            ws[f"D{rows['price=V-A']}"] = "inf"
            ws[f"D{rows['price=V-B']}"] = 0
    wb.save(price_file)
    try:
        tally(project, files)
    except ScoreSheetInvalid as exc:
        text = str(exc)
    else:
        raise AssertionError("an infinite and a zero price were accepted")
    assert "'inf' is not a price" in text and "price of bidder 'V-B' is 0" in text
    assert "no price row" not in text  # each refused price is reported once, not also as missing
