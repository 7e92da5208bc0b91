"""Tampered or incomplete sheets are refused with file, sheet and cell named; --allow-incomplete warns."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from rfpgen.cli import main
from rfpgen.scoring import tally, write_scoring_outputs
from rfpgen.scoring.model import META_SHEET
from rfpgen.errors import ScoreSheetInvalid
from rfpgen.yamlio import dump
from scoring_support import SCORES, fill_all, make_project, project_data, rows_by_key, vendor_sheets


@pytest.fixture()
def filled(tmp_path):
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    return project, tmp_path, files


def tamper(path, vendor, fn):
    """Apply fn(ws, rows) to vendor's sheet in the workbook at path; return (sheet title, rows)."""
    wb = load_workbook(path)
    ws = vendor_sheets(wb)[vendor]
    rows = rows_by_key(ws)
    fn(ws, rows)
    wb.save(path)
    return ws.title, rows


def refused(project, files, allow_incomplete=False) -> str:
    with pytest.raises(ScoreSheetInvalid) as info:
        tally(project, files, allow_incomplete=allow_incomplete)
    return str(info.value)


def test_missing_score_is_refused_naming_the_cell(filled):
    project, _, files = filled
    title, rows = tamper(files[0], "V-A", lambda ws, r: setattr(ws.cell(r["criterion=C-QM"], 5), "value", None))
    message = refused(project, files)
    assert f"{files[0]}: sheet '{title}' cell E{rows['criterion=C-QM']}: no score for criterion 'C-QM'" in message
    assert "--allow-incomplete" in message


def test_allow_incomplete_warns_and_marks(filled):
    project, _, files = filled
    tamper(files[0], "V-A", lambda ws, r: setattr(ws.cell(r["criterion=C-QM"], 5), "value", None))
    result = tally(project, files, allow_incomplete=True)
    v = next(v for v in result.vendors if v.id == "V-A")
    assert v.incomplete and any(f.code == "incomplete" for f in v.flags)
    assert any("no score for criterion 'C-QM'" in w for w in result.warnings)
    # the mean of C-QM is over the two evaluators who scored it (E2 3, E3 4)
    assert v.criterion_mean["C-QM"] == pytest.approx(3.5)
    assert result.incomplete
    others = [x for x in result.vendors if x.id != "V-A"]
    assert not any(x.incomplete for x in others)


@pytest.mark.parametrize("value", [7, 2.5, -1, "good", "=5", True])
def test_off_scale_value_is_refused(filled, value):
    project, _, files = filled
    title, rows = tamper(files[1], "V-B", lambda ws, r: ws.cell(r["criterion=C-EXP"], 5, value))
    message = refused(project, files, allow_incomplete=True)
    assert f"sheet '{title}' cell E{rows['criterion=C-EXP']}" in message
    assert "expected a whole number from 0 to 5" in message


def test_score_typed_as_text_digit_is_accepted(filled):
    project, _, files = filled
    tamper(files[1], "V-B", lambda ws, r: ws.cell(r["criterion=C-EXP"], 5, " 3 "))
    result = tally(project, files)
    v = next(v for v in result.vendors if v.id == "V-B")
    assert v.criterion_scores["C-EXP"]["E2"] == 3


def test_invalid_gate_and_checklist_values_are_refused(filled):
    project, _, files = filled
    title, rows = tamper(files[2], "V-C", lambda ws, r: (ws.cell(r["gate=G-ISO"], 5, "maybe"),
                                                          ws.cell(r["withheld=OPS-KB"], 5, "lots")))
    message = refused(project, files)
    assert f"cell E{rows['gate=G-ISO']}: 'maybe' is not a pass/fail result" in message
    assert f"cell E{rows['withheld=OPS-KB']}: 'lots' is not a checklist value" in message


def test_changed_weight_is_refused(filled):
    project, _, files = filled
    title, rows = tamper(files[0], "V-C", lambda ws, r: ws.cell(r["criterion=C-WFM"], 4, 40))
    message = refused(project, files)
    assert (f"sheet '{title}' cell D{rows['criterion=C-WFM']}: the weight of criterion 'C-WFM' is 40 in the sheet "
            "but 25 in the project file") in message


def test_changed_checklist_weight_is_refused(filled):
    project, _, files = filled
    title, rows = tamper(files[0], "V-C", lambda ws, r: ws.cell(r["withheld=SYS-PCI"], 4, 3))
    assert f"cell D{rows['withheld=SYS-PCI']}: the weight of requirement 'SYS-PCI' (left out of the RFP)" in refused(project, files)


def test_changed_visible_id_is_refused(filled):
    project, _, files = filled
    title, rows = tamper(files[0], "V-A", lambda ws, r: ws.cell(r["criterion=C-EXP"], 2, "C-EXP2"))
    assert f"cell B{rows['criterion=C-EXP']}: the ID was changed to 'C-EXP2'" in refused(project, files)


def test_changed_hidden_id_is_refused(filled):
    project, _, files = filled
    title, rows = tamper(files[0], "V-A", lambda ws, r: ws.cell(r["criterion=C-EXP"], 1, "criterion=C-XXX"))
    message = refused(project, files)
    assert f"cell A{rows['criterion=C-EXP']}: unknown criterion ID 'C-XXX'" in message
    assert "the row of criterion 'C-EXP' is missing" in message


def test_unknown_vendor_sheet_is_refused(filled):
    project, _, files = filled
    title, rows = tamper(files[0], "V-B", lambda ws, r: ws.cell(r["vendor=V-B"], 1, "vendor=V-ZZ"))
    message = refused(project, files, allow_incomplete=True)
    assert f"sheet '{title}' cell A{rows['vendor=V-B']}: sheet for bidder 'V-ZZ', who is not a bidder of the project" in message


def test_unknown_evaluator_is_refused(filled):
    project, _, files = filled
    wb = load_workbook(files[0])
    wb[META_SHEET]["B5"] = "E9"
    wb.save(files[0])
    message = refused(project, files, allow_incomplete=True)
    assert f"{files[0]}: sheet '{META_SHEET}' cell B5: this workbook is for evaluator 'E9', who is not an evaluator" in message


def test_same_evaluator_twice_is_refused(filled, tmp_path):
    project, _, files = filled
    copy = tmp_path / "copy-of-E1.xlsx"
    shutil.copy(files[0], copy)
    message = refused(project, files + [copy], allow_incomplete=True)
    assert f"{copy}: sheet '{META_SHEET}' cell B5: evaluator 'E1' is given twice: this file and {files[0]}" in message


def test_second_price_workbook_is_refused(filled, tmp_path):
    project, _, files = filled
    copy = tmp_path / "prices-copy.xlsx"
    shutil.copy(files[-1], copy)
    assert "a second price workbook" in refused(project, files + [copy])


def test_sheet_of_another_project_is_refused(filled, tmp_path):
    project, _, files = filled
    other = make_project(project_data(**{"project.id": "other-cc"}))
    write_scoring_outputs(other, tmp_path / "other")
    foreign = tmp_path / "other" / "scoring" / "other-cc-scores-E1.xlsx"
    message = refused(project, files[1:] + [foreign], allow_incomplete=True)
    assert f"{foreign}: sheet '{META_SHEET}' cell B3: this sheet belongs to project 'other-cc', not to 'acme-cc'" in message


def test_project_changed_since_generation_is_refused(filled):
    _, _, files = filled
    data = project_data()
    data["evaluation"]["criteria"][2]["weight"] = 35   # C-EXP 30 -> 35
    data["evaluation"]["criteria"][3]["weight"] = 20   # C-QM 25 -> 20
    changed = make_project(data)
    message = refused(changed, files)
    assert "generated from a different version of the project file" in message
    assert "the weight of criterion 'C-EXP' is 30 in the sheet but 35 in the project file" in message


def test_missing_evaluator_workbook(filled):
    project, _, files = filled
    message = refused(project, files[1:])
    assert "no workbook for evaluator 'E1' (Ann Lee), expected scoring/acme-cc-scores-E1.xlsx" in message
    result = tally(project, files[1:], allow_incomplete=True)
    assert result.evaluators == ["E2", "E3"]
    v = next(v for v in result.vendors if v.id == "V-A")
    expected = sum(30 * SCORES[e]["V-A"]["C-EXP"] / 5 for e in ("E2", "E3")) / 2
    assert v.criterion_mean["C-EXP"] * 30 / 5 == pytest.approx(expected)
    assert all(v.incomplete for v in result.vendors) is False  # vendors are complete for the evaluators given
    assert any("no workbook for evaluator 'E1'" in w for w in result.warnings)


def test_missing_price_workbook(filled):
    project, _, files = filled
    message = refused(project, files[:-1])
    assert "no price workbook given (scoring/procurement/acme-cc-prices.xlsx)" in message
    result = tally(project, files[:-1], allow_incomplete=True)
    assert all(v.rank is None and v.total is None for v in result.vendors)
    assert any(f.code == "no_price" for f in result.flags)


@pytest.mark.parametrize("price", [0, -5, "cheap"])
def test_zero_negative_or_text_price_is_refused(filled, price):
    project, _, files = filled
    wb = load_workbook(files[-1])
    ws = wb["Prices"]
    row = rows_by_key(ws)["price=V-A"]
    ws[f"D{row}"] = price
    wb.save(files[-1])
    message = refused(project, files, allow_incomplete=True)
    assert f"{files[-1]}: sheet 'Prices' cell D{row}:" in message


def test_missing_price_with_allow_incomplete_ranks_the_others(filled):
    project, _, files = filled
    wb = load_workbook(files[-1])
    ws = wb["Prices"]
    ws[f"D{rows_by_key(ws)['price=V-A']}"] = None
    wb.save(files[-1])
    assert "no price for bidder 'V-A'" in refused(project, files)
    result = tally(project, files, allow_incomplete=True)
    by_id = {v.id: v for v in result.vendors}
    assert by_id["V-A"].rank is None and by_id["V-C"].rank == 1
    # V-C is now the lowest valid price among qualified vendors: full price points
    assert by_id["V-C"].price_score == pytest.approx(30.0)


def test_not_a_workbook_and_missing_file(filled, tmp_path):
    project, _, files = filled
    bogus = tmp_path / "notes.xlsx"
    bogus.write_text("not a workbook")
    message = refused(project, files + [bogus, tmp_path / "nope.xlsx"])
    assert f"{bogus}: not an Excel workbook rfpgen can read" in message
    assert f"{tmp_path / 'nope.xlsx'}: file not found" in message


def test_foreign_workbook_without_metadata(filled, tmp_path):
    from openpyxl import Workbook

    project, _, files = filled
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    assert f"{plain}: not a scoring workbook generated by rfpgen" in refused(project, files + [plain])


def test_cli_refusal_exit_code_and_message(filled, tmp_path):
    project, _, files = filled
    title, rows = tamper(files[0], "V-A", lambda ws, r: ws.cell(r["criterion=C-QM"], 5, 9))
    project_file = tmp_path / "project.yaml"
    project_file.write_text(dump(project_data()), encoding="utf-8")
    res = CliRunner().invoke(main, ["score", str(project_file), *map(str, files)])
    assert res.exit_code == 1
    assert f"sheet '{title}' cell E{rows['criterion=C-QM']}: '9' is not a score" in res.output
    assert "Traceback" not in res.output


def test_cli_allow_incomplete_json_warnings(filled, tmp_path):
    project, _, files = filled
    tamper(files[0], "V-A", lambda ws, r: setattr(ws.cell(r["criterion=C-QM"], 5), "value", None))
    project_file = tmp_path / "project.yaml"
    project_file.write_text(dump(project_data()), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["score", str(project_file), *map(str, files), "--format", "json"])
    assert res.exit_code == 1
    res = runner.invoke(main, ["score", str(project_file), *map(str, files), "--format", "json", "--allow-incomplete"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert any("no score for criterion 'C-QM'" in w for w in data["warnings"])
    va = next(v for v in data["vendors"] if v["id"] == "V-A")
    assert any("provisional" in f for f in va["flags"])
