"""Vendor responses: the response form out with the RFP, filled by three vendors, read back, priced on
the client's forecast (every figure computed by hand below), staffing checked, refusals placed."""
from __future__ import annotations

import copy
import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from responses_support import columns, fill, rows, sheets
from scoring_support import fill_prices, fill_workbook

from rfpgen.documents.build import build_context
from rfpgen.documents.pdf import convert
from rfpgen.errors import WithheldTextLeaked
from rfpgen.project import Project
from rfpgen.responses import evaluate, rates, response_form, write_response_form
from rfpgen.responses.readback import ResponseFormInvalid
from rfpgen.scoring.sheets import price_workbook
from rfpgen.staffing import plan as staffing_plan
from rfpgen.validation import load_project

ROOT = Path(__file__).resolve().parents[1]
JA = ROOT / "examples" / "ja-ec-order-center.yaml"
PROGRAMS = ("TEL-ORDER", "TEL-CLAIM", "MAIL")
# the example's forecast, contacts per month Oct 2027 .. Sep 2028
VOLUMES = {"TEL-ORDER": [28000, 31000, 38500, 30500, 25500, 27000, 26000, 26500, 29000, 34000, 29500, 26500],
           "TEL-CLAIM": [2500, 2800, 3900, 3300, 2300, 2400, 2300, 2400, 2600, 3400, 2900, 2400],
           "MAIL": [8200, 9000, 11500, 9800, 7600, 8000, 7800, 8100, 8800, 10400, 9100, 8000]}
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def project():
    return load_project(JA)


@pytest.fixture(scope="module")
def reference(project):
    """The client's reference FTE per program and month (scheduled hours / 160 paid hours)."""
    data = staffing_plan(project).as_dict()
    return {p["id"]: {m["month"]: m["scheduled_hours"] / 160 for m in p["monthly"]} for p in data["programs"]}


def vendor_name(project, vendor_id):
    return next(v["name"] for v in project.data["evaluation"]["vendors"] if v["id"] == vendor_id)


def fill_three(project, reference, folder: Path) -> list[Path]:
    """V-TB per production hour, V-HC per FTE, V-KS fixed monthly fee plus overage."""
    form = write_response_form(project, folder)
    tb = fill(form, folder / "V-TB.xlsx", project, name=vendor_name(project, "V-TB"), model="per_production_hour",
              staffing={"TEL-ORDER": (330, 20, 85, 40), "TEL-CLAIM": (500, 20, 80, 8), "MAIL": (400, 15, 90, 10)},
              rates={("hour", "TEL-ORDER"): [2000, 2100, 2200], ("hour", "TEL-CLAIM"): [2500, 2600, 2700],
                     ("hour", "MAIL"): [1800, 1900, 2000]},
              initial=[5_000_000, 2_000_000, 3_000_000])
    hc = fill(form, folder / "V-HC.xlsx", project, name=vendor_name(project, "V-HC"), model="per_fte",
              staffing={"TEL-ORDER": (320, 25, 85, 36), "TEL-CLAIM": (480, 25, 80, 7), "MAIL": (380, 20, 90, 9)},
              rates={("fte_month", "TEL-ORDER"): [400_000, 410_000, 420_000], ("fte_month", "TEL-CLAIM"): [450_000] * 3,
                     ("fte_month", "MAIL"): [380_000, 380_000, 390_000]},
              initial=[4_000_000, 1_000_000, 2_000_000])
    ks = fill(form, folder / "V-KS.xlsx", project, name=vendor_name(project, "V-KS"), model="fixed_plus_overage",
              staffing={p: (330, 22.71, 85, reference[p]) for p in PROGRAMS},
              rates={("fixed_month", "TEL-ORDER"): [10_000_000] * 3, ("fixed_month", "TEL-CLAIM"): [2_000_000] * 3,
                     ("fixed_month", "MAIL"): [1_800_000] * 3, ("overage_contact", "TEL-ORDER"): [500, 500, 520],
                     ("overage_contact", "TEL-CLAIM"): [900] * 3, ("overage_contact", "MAIL"): [300] * 3},
              initial=[0, 1_500_000, 2_500_000])
    return [tb, hc, ks]


# ------------------------------------------------------------------ hand-computed normalised costs
# Term 36 months = the 12-month forecast three times, one contract year each; 1 FTE = 160 paid hours.
# V-TB: production hours a month = FTE x 160 x (1 - shrinkage): 40x160x0.8 = 5120, 8x160x0.8 = 1024, 10x160x0.85 = 1360
TB_OPERATING = 12 * (5120 * (2000 + 2100 + 2200) + 1024 * (2500 + 2600 + 2700) + 1360 * (1800 + 1900 + 2000))
TB_INITIAL = 5_000_000 + 2_000_000 + 3_000_000
# V-HC: FTE-months a year = FTE x 12
HC_OPERATING = 12 * (36 * (400_000 + 410_000 + 420_000) + 7 * 450_000 * 3 + 9 * (380_000 + 380_000 + 390_000))
HC_INITIAL = 4_000_000 + 1_000_000 + 2_000_000
# V-KS: the fixed fee covers 100% of each month's forecast, so at the forecast and below no overage;
# at +20% the overage is 20% of each year's contacts at that year's overage rate
KS_FIXED = 36 * (10_000_000 + 2_000_000 + 1_800_000)
KS_INITIAL = 0 + 1_500_000 + 2_500_000
KS_OVERAGE_PLUS_20 = (0.2 * 352_000 * (500 + 500 + 520) + 0.2 * 33_200 * (900 * 3) + 0.2 * 106_300 * (300 * 3))


def test_hand_computed_figures_are_what_they_say():
    assert TB_OPERATING == 575_942_400 and HC_OPERATING == 768_960_000 and KS_FIXED == 496_800_000
    assert [sum(v) for v in VOLUMES.values()] == [352_000, 33_200, 106_300]
    assert KS_OVERAGE_PLUS_20 == pytest.approx(144_070_000)


@pytest.fixture(scope="module")
def three(project, reference, tmp_path_factory):
    folder = tmp_path_factory.mktemp("responses")
    files = fill_three(project, reference, folder)
    return files, evaluate(project, files)


def test_round_trip_normalised_costs(three):
    _, analysis = three
    by = {v.id: v for v in analysis.vendors}
    assert [v.model for v in analysis.vendors] == ["per_production_hour", "per_fte", "fixed_plus_overage"]
    assert by["V-TB"].expected == pytest.approx(TB_OPERATING + TB_INITIAL)
    assert by["V-TB"].bands["-20%"] == pytest.approx(0.8 * TB_OPERATING + TB_INITIAL)
    assert by["V-TB"].bands["+20%"] == pytest.approx(1.2 * TB_OPERATING + TB_INITIAL)
    assert by["V-HC"].expected == pytest.approx(HC_OPERATING + HC_INITIAL)
    assert by["V-HC"].bands["-20%"] == pytest.approx(0.8 * HC_OPERATING + HC_INITIAL)
    assert by["V-HC"].bands["+20%"] == pytest.approx(1.2 * HC_OPERATING + HC_INITIAL)
    assert by["V-KS"].expected == pytest.approx(KS_FIXED + KS_INITIAL)
    assert by["V-KS"].bands["-20%"] == pytest.approx(KS_FIXED + KS_INITIAL)
    assert by["V-KS"].bands["+20%"] == pytest.approx(KS_FIXED + KS_INITIAL + KS_OVERAGE_PLUS_20)
    # V-KS 500.8 M at the forecast, V-TB 470.8 M at -20%, V-KS 644.9 M against V-TB 701.1 M at +20%
    assert analysis.cheapest() == {"expected": "V-KS", "-20%": "V-TB", "+20%": "V-KS"}
    assert by["V-TB"].price_per_production_hour == pytest.approx(TB_OPERATING / (3 * 12 * (5120 + 1024 + 1360)))
    assert all(not v.findings and not v.disqualified for v in analysis.vendors)
    assert not any(f.code == "abnormally_low" for v in analysis.vendors for f in v.flags)  # 60% of 600 M = 360 M


def test_json_report_per_vendor(three, project, cli):
    files, _ = three
    result = cli("responses", JA, *files, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    vendor = report["vendors"][0]
    assert {"id", "screening", "cost", "implied_service_level", "fte_vs_reference", "flags"} <= set(vendor)
    assert vendor["cost"]["expected"] == pytest.approx(TB_OPERATING + TB_INITIAL)
    assert set(vendor["cost"]["bands"]) == {"-20%", "+20%"}
    assert set(vendor["implied_service_level"]) == set(PROGRAMS)
    assert report["cheapest"]["expected"] == "V-KS"
    table = cli("responses", JA, *files)
    assert "V-KS" in table.stdout and "585,942,400" in table.stdout


def test_well_staffed_vendor_meets_the_target(three):
    _, analysis = three
    ks = analysis.vendors[2]
    for program in ("TEL-ORDER", "TEL-CLAIM"):
        check = ks.checks[program]
        assert check.worst["service_level"] >= check.target
    assert not any(f.code == "service_level_below_target" for f in ks.flags)
    assert ks.fte_vs_reference()["total"]["ratio"] == pytest.approx(1, abs=0.01)


def test_understaffed_vendor_misses_the_target_and_is_flagged(project, reference, tmp_path):
    form = write_response_form(project, tmp_path)
    short = fill(form, tmp_path / "V-HC.xlsx", project, name=vendor_name(project, "V-HC"), model="per_fte",
                 staffing={p: (330, 22.71, 85, {m: 0.7 * fte for m, fte in reference[p].items()}) for p in PROGRAMS},
                 rates={("fte_month", p): [400_000] * 3 for p in PROGRAMS}, initial=[0, 0, 0])
    vendor = evaluate(project, [short]).vendors[0]
    assert vendor.fte_vs_reference()["total"]["ratio"] == pytest.approx(0.7, abs=0.01)
    for program in ("TEL-ORDER", "TEL-CLAIM"):
        check = vendor.checks[program]
        assert check.worst["service_level"] < check.target
        assert check.worst["agents"] < check.worst["reference_agents"]
    flagged = {f.criterion_id for f in vendor.flags if f.code == "service_level_below_target"}
    assert flagged == {"TEL-ORDER", "TEL-CLAIM"}
    assert any(f.code == "workload_exceeds_capacity" and f.criterion_id == "MAIL" for f in vendor.flags)


def test_half_the_reference_price_is_abnormally_low(project, reference, tmp_path):
    form = write_response_form(project, tmp_path)
    # 3 programs x 36 months x 2,777,777.78 = 300 M = 50% of the 600 M reference price
    cheap = fill(form, tmp_path / "V-KS.xlsx", project, name=vendor_name(project, "V-KS"), model="fixed_plus_overage",
                 staffing={p: (330, 22.71, 85, reference[p]) for p in PROGRAMS},
                 rates={**{("fixed_month", p): [300_000_000 / 108] * 3 for p in PROGRAMS},
                        **{("overage_contact", p): [100] * 3 for p in PROGRAMS}}, initial=[0, 0, 0])
    vendor = evaluate(project, [cheap]).vendors[0]
    assert vendor.expected == pytest.approx(300_000_000, abs=1)
    low = [f for f in vendor.flags if f.code == "abnormally_low"]
    assert len(low) == 1 and "50%" in low[0].ja and "低価格" in low[0].ja


# ------------------------------------------------------------------ refusals, each placed

def refused(project, files) -> str:
    with pytest.raises(ResponseFormInvalid) as caught:
        evaluate(project, files)
    return str(caught.value)


def test_tampered_id_is_refused_with_sheet_and_cell(three, project, tmp_path):
    files, _ = three
    wb = load_workbook(files[0])
    ws = sheets(wb)["compliance"]
    row = rows(ws)["requirement=R-003"]
    ws[f"B{row}"] = "R-999"
    wb.save(tmp_path / "tampered.xlsx")
    message = refused(project, [tmp_path / "tampered.xlsx"])
    assert f"sheet '要件対応表' cell B{row}" in message and "R-999" in message


def test_another_projects_form_is_refused(three, project, tmp_path):
    en = load_project(ROOT / "examples" / "en-electronics-retail.yaml")
    other = write_response_form(en, tmp_path)
    message = refused(project, [other])
    assert "sheet '_meta' cell B3" in message and "halden-order-desk-2028" in message


def test_form_of_another_rfp_version_is_refused(three, project):
    files, _ = three
    data = copy.deepcopy(project.data)
    data["project"]["version"] = "1.1"
    message = refused(Project(data), files[:1])
    assert "sheet '_meta' cell B5" in message and "another version of the RFP" in message


def test_rate_off_its_validation_is_refused(three, project, tmp_path):
    files, _ = three
    wb = load_workbook(files[1])
    ws = sheets(wb)["price:per_fte"]
    row, col = rows(ws)["rate=fte_month|TEL-CLAIM"], columns(ws, "year")["2"]
    ws[f"{col}{row}"] = -450_000
    wb.save(tmp_path / "negative.xlsx")
    message = refused(project, [tmp_path / "negative.xlsx"])
    assert f"sheet '価格（FTE）' cell {col}{row}" in message and "-450,000" in message
    ws[f"{col}{row}"] = "四十五万"
    wb.save(tmp_path / "text.xlsx")
    assert f"cell {col}{row}" in refused(project, [tmp_path / "text.xlsx"])


def test_missing_must_answer_disqualifies_naming_the_cell(project, reference, tmp_path):
    form = write_response_form(project, tmp_path)
    answers = {"R-001": (None, ""), "R-005": ("cannot", "p.3"), "R-003": (None, "")}  # must; R-003 should
    path = fill(form, tmp_path / "V-TB.xlsx", project, name=vendor_name(project, "V-TB"), model="per_fte",
                staffing={p: (330, 22.71, 85, reference[p]) for p in PROGRAMS},
                rates={("fte_month", p): [400_000] * 3 for p in PROGRAMS}, initial=[0, 0, 0], answers=answers)
    vendor = evaluate(project, [path]).vendors[0]
    ws = sheets(load_workbook(path))["compliance"]
    found = {(f.kind, f.sheet, f.cell) for f in vendor.findings}
    assert ("must_unanswered", "要件対応表", f"F{rows(ws)['requirement=R-001']}") in found
    assert ("must_cannot", "要件対応表", f"F{rows(ws)['requirement=R-005']}") in found
    assert ("unanswered", "要件対応表", f"F{rows(ws)['requirement=R-003']}") in found
    assert vendor.disqualified
    assert any(f.code == "screening_disqualified" and "要件対応表!F" in f.ja for f in vendor.flags)


def test_not_a_response_form_is_refused(project, tmp_path):
    path = tmp_path / "prices.xlsx"
    path.write_bytes(price_workbook(project))
    assert "not a response form" in refused(project, [path])


# ------------------------------------------------------------------ what the form holds

def test_form_holds_disclosed_requirements_only_under_rfp_numbers(project, tmp_path):
    form = write_response_form(project, tmp_path)
    wb = load_workbook(form)
    ws = sheets(wb)["compliance"]
    texts = "\n".join(str(c.value) for row in wb.worksheets for line in row.iter_rows() for c in line if c.value)
    for requirement in project.withheld():
        assert requirement.text not in texts and requirement.id not in texts
    numbers = [k.split("=", 1)[1] for k in rows(ws) if k.startswith("requirement=")]
    assert numbers == [f"R-{i:03d}" for i in range(1, len(project.disclosed()) + 1)]
    assert wb[ws.title].protection.sheet and wb["_meta"].sheet_state == "veryHidden"
    assert wb.properties.creator != "rfpgen"
    with zipfile.ZipFile(form) as package:  # the form goes to vendors: nothing in it names the program
        named = [part for part in package.namelist() if b"rfpgen" in package.read(part).lower()]
    assert named == []


def test_leak_check_covers_the_form(project):
    data = copy.deepcopy(project.data)
    withheld = next(r for r in project.withheld())
    data["work_definition"]["programs"][0]["name"] = withheld.text  # a program name quoting a withheld requirement
    with pytest.raises(WithheldTextLeaked) as caught:
        response_form(Project(data))
    assert "response-form.xlsx" in str(caught.value) and withheld.id in str(caught.value)


def test_build_writes_the_form_beside_the_rfp_and_lists_it(cli, tmp_path):
    result = cli("build", JA, "-o", tmp_path, "--only", "rfp")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "midori-order-center-2027"
    assert (folder / "midori-order-center-2027-response-form.xlsx").is_file()
    context = build_context(load_project(JA), "rfp")
    text = json.dumps(context, ensure_ascii=False)
    # listed in the RFP's list of annexes, with its file name
    assert '["別紙1", "提案回答書（Excel）", "要件対応表、要員計画、価格を記入する様式。\\nファイル名：midori-order-center-2027-response-form.xlsx"' in text


@pytest.mark.parametrize("model", rates.MODELS)
def test_one_rate_structure_in_rfp_form_and_price_workbook(project, model, tmp_path):
    data = copy.deepcopy(project.data)
    data["pricing"]["model"] = model
    data["pricing"]["response_form"]["alternative_models"] = []
    one = Project(data)
    expected = rates.structure_rows(one)
    assert [row[1] for row in expected] == [line.name("ja") for line in rates.lines(model)]
    # the RFP's price section
    chapters = build_context(one, "rfp")["chapters"]
    tables = [item["table"]["rows"] for ch in chapters for item in ch["topics"]
              if item.get("title", "").startswith("価格様式")]
    assert tables == [expected]
    # the price workbook
    wb = load_workbook(io.BytesIO(price_workbook(one)))
    ws = wb["価格体系"]
    # (a long entry broken into lines where it reads, to print legibly: joined, the same words)
    assert [[c.value.replace("\n", "") for c in row] for row in ws.iter_rows(min_row=4)] == expected
    # the response form: the same rate lines, one per program where priced per program
    path = tmp_path / "form.xlsx"
    path.write_bytes(response_form(one)[1])
    form = load_workbook(path)
    assert set(sheets(form)) == {"cover", "compliance", "staffing", "forecast", f"price:{model}"}
    keys = {k.split("=", 1)[1].split("|")[0] for k in rows(sheets(form)[f"price:{model}"]) if k.startswith("rate=")}
    assert keys == set(rates.STRUCTURES[model])


def test_every_model_prices_and_reads_back(project, reference, tmp_path):
    """A rate of 1 everywhere: each model's normalised cost is its quantity, counted by hand."""
    form = write_response_form(Project(_all_models(project)), tmp_path)
    one = Project(_all_models(project))
    contacts = sum(sum(v) for v in VOLUMES.values()) * 3
    staffing = {p: (300, 20, 85, 10) for p in PROGRAMS}  # 10 FTE x 160 h x 0.8 = 1280 production hours a month
    expected = {"per_production_hour": 3 * 36 * 1280, "per_fte": 3 * 36 * 10, "per_contact": contacts,
                "per_outcome": contacts, "fixed_plus_overage": 3 * 36, "hybrid": 36 + 3 * 36 * 1280}
    for model, cost in expected.items():
        lines = {(line.key, p if line.per_program else ""): [1, 1, 1]
                 for line in rates.lines(model) for p in (PROGRAMS if line.per_program else [""])}
        path = fill(form, tmp_path / f"{model}.xlsx", one, name=vendor_name(one, "V-TB"), model=model,
                    staffing=staffing, rates=lines, initial=[0, 0, 0])
        assert evaluate(one, [path]).vendors[0].expected == pytest.approx(cost), model


def _all_models(project) -> dict:
    data = copy.deepcopy(project.data)
    data["pricing"]["response_form"]["alternative_models"] = [m for m in rates.MODELS if m != data["pricing"]["model"]]
    return data


# ------------------------------------------------------------------ scoring carries it on

def test_score_takes_prices_from_the_forms(three, project, cli, tmp_path):
    files, _ = three
    result = cli("build", JA, "-o", tmp_path, "--only", "scoring")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "midori-order-center-2027" / "scoring"
    criteria = [c["id"] for c in project.criteria() if not c.get("mandatory") and not c.get("unstated_needs")]
    gates = [c["id"] for c in project.criteria() if c.get("mandatory")]
    entries = {v: {"scores": {c: 3 for c in criteria}, "gates": {g: "pass" for g in gates},
                   "checklist": {r.id: "mentioned" for r in project.withheld()}} for v in ("V-TB", "V-HC", "V-KS")}
    sheets_ = [fill_workbook(path, entries, "ja") for path in sorted(folder.glob("*-scores-*.xlsx"))]
    assert sheets_
    out = tmp_path / "results"
    # the example also has a presentation stage, not scored here
    result = cli("score", JA, *sheets_, *files, "--format", "json", "-o", out, "--allow-incomplete")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # the same scores as a price workbook holding the hand-computed normalised costs, under the project's rules
    expected = {"V-TB": TB_OPERATING + TB_INITIAL, "V-HC": HC_OPERATING + HC_INITIAL, "V-KS": KS_FIXED + KS_INITIAL}
    typed = fill_prices(folder / "procurement" / "midori-order-center-2027-prices.xlsx", expected, tmp_path / "typed-prices.xlsx")
    by_hand = json.loads(cli("score", JA, *sheets_, typed, "--format", "json", "--allow-incomplete").stdout)
    assert [(v["id"], v["price_score"], v["total"]) for v in report["vendors"]] == \
        [(v["id"], v["price_score"], v["total"]) for v in by_hand["vendors"]]
    assert report["responses"]["cheapest"]["+20%"] == "V-KS"
    wb = load_workbook(out / "results.xlsx")
    assert "提案回答書の分析" in wb.sheetnames
    from docx import Document

    memo = "\n".join(p.text for p in Document(out / "results.docx").paragraphs)
    assert "提案回答書の分析" in memo and "業務量の水準ごとの総額" in memo
    assert memo.rstrip().endswith("以上")  # the added section comes before the memo's closing line
    # a price workbook beside the forms is one price source too many
    refused_ = cli("score", JA, *sheets_, *files, folder / "procurement" / "midori-order-center-2027-prices.xlsx", "--allow-incomplete")
    assert refused_.exit_code == 1 and "価格評価シートが2つあります（1つ目: 提案回答書）" in refused_.output  # the project's language
    # a bidder without its form: refused in Japanese, the form by its one name
    missing = cli("score", JA, *sheets_, *files[:2])
    assert missing.exit_code == 1
    assert re.search(r"提案者「V-\w+」（[^）]+）の提案回答書がありません", missing.output), missing.output
    assert "no response form" not in missing.output and "回答様式" not in missing.output


# ------------------------------------------------------------------ LibreOffice recalculates the vendor's totals

@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; the recalculation check needs it "
                    "(CI installs it)")
@pytest.mark.slow
def test_libreoffice_totals_equal_the_normalised_cost(three, tmp_path):
    files, analysis = three
    (tmp_path / "lo").mkdir()
    convert([(path, tmp_path / "lo" / path.name) for path in files])
    for path, vendor in zip(files, analysis.vendors):
        wb = load_workbook(tmp_path / "lo" / path.name, data_only=True)
        ws = sheets(wb)[f"price:{vendor.model}"]
        r = rows(ws)[f"total={vendor.model}"]
        totals = [c.value for c in ws[r] if isinstance(c.value, (int, float))]
        assert totals, f"{path.name}: LibreOffice left the total empty"
        assert totals[-1] == pytest.approx(vendor.expected, abs=1)
        # the staffing sheet's production hours: FTE-months x paid hours x (1 - the vendor's shrinkage)
        ws = sheets(wb)["staffing"]
        for key, row in rows(ws).items():
            if key.startswith("program="):
                fte = [ws[f"{col}{row}"].value for col in columns(ws, "month").values()]
                shrinkage = ws[f"E{row}"].value
                hours = [c.value for c in ws[row] if isinstance(c.value, (int, float))][-1]
                paid = rates.settings(load_project(JA)).paid_hours
                assert hours == pytest.approx(sum(fte) * paid * (1 - shrinkage / 100), rel=1e-6), (path.name, key)


def test_offer_validity_too_short_is_a_finding(project, reference, tmp_path):
    form = write_response_form(project, tmp_path)
    path = fill(form, tmp_path / "V-TB.xlsx", project, name=vendor_name(project, "V-TB"), model="per_fte",
                staffing={p: (330, 22.71, 85, reference[p]) for p in PROGRAMS},
                rates={("fte_month", p): [400_000] * 3 for p in PROGRAMS}, initial=[0, 0, 0],
                valid_until=date(2027, 5, 1))  # the proposal is due 2027-04-09; 180 days are asked
    vendor = evaluate(project, [path]).vendors[0]
    assert [f.kind for f in vendor.findings] == ["offer_validity_short"]
    assert not vendor.disqualified  # the example does not disqualify on it


def test_no_staff_for_deferred_work_is_flagged_and_the_json_stays_valid(project, reference, tmp_path, cli):
    form = write_response_form(project, tmp_path)
    staffing = {p: (330, 22.71, 85, reference[p]) for p in PROGRAMS}
    staffing["MAIL"] = (400, 20, 90, 0)  # nobody for the e-mail
    path = fill(form, tmp_path / "V-TB.xlsx", project, name=vendor_name(project, "V-TB"), model="per_fte",
                staffing=staffing, rates={("fte_month", p): [400_000] * 3 for p in PROGRAMS}, initial=[0, 0, 0])
    result = cli("responses", JA, path, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout, parse_constant=lambda c: pytest.fail(f"not JSON: {c}"))  # no Infinity
    assert report["vendors"][0]["implied_service_level"]["MAIL"]["occupancy"] is None
    assert any(f["code"] == "workload_exceeds_capacity" for f in report["vendors"][0]["flags"])


def test_form_reads_as_the_documents_write(project, tmp_path):
    """Months as the documents write them (2027年10月), rows labelled by the program's name (its id in a
    narrow column beside it), and whole counts (contacts, months) without decimals, thousands separated."""
    wb = load_workbook(write_response_form(project, tmp_path))
    by_kind = sheets(wb)
    names = {p["id"]: p["name"] for p in rates.priced_programs(project)}
    for kind in ("staffing", "forecast"):
        ws = by_kind[kind]
        head = rows(ws)
        months = columns(ws, "month")
        assert ws[f"{months['2027-10']}4"].value == "2027年10月"
        row = head[("program" if kind == "staffing" else "forecast") + "=TEL-ORDER"]
        assert (ws[f"B{row}"].value, ws[f"C{row}"].value) == (names["TEL-ORDER"], "TEL-ORDER")
    forecast = by_kind["forecast"]
    r = rows(forecast)
    for key in ("forecast=TEL-ORDER", "year=1"):
        assert forecast[f"{columns(forecast, 'month')['2027-10']}{r[key]}"].number_format == "#,##0"
    ws = by_kind["price:fixed_plus_overage"]
    r, years = rows(ws), columns(ws, "year")
    qty = get_column_letter(column_index_from_string(years["1"]) + len(years))
    assert {ws[f"{qty}{row}"].number_format for key, row in r.items() if key.startswith("rate=fixed_month")} == {"#,##0"}


def test_initial_costs_are_entered_as_first_year_amounts_and_carried_to_the_total(project, tmp_path):
    """An initial cost is paid once, at the start: the vendor types it under 金額 第1年度, where a reader
    of the sheet looks for an amount of the first year (not in the line-total column at the far right),
    and its line total, like an operating line's, is the sum the sheet's total adds up."""
    from rfpgen.responses.form import HEAD_ROW

    wb = load_workbook(write_response_form(project, tmp_path))
    for kind, ws in sheets(wb).items():
        if not kind.startswith("price:"):
            continue
        r, years = rows(ws), columns(ws, "year")
        first_amount = get_column_letter(column_index_from_string(years["1"]) + 2 * len(years))
        total = get_column_letter(column_index_from_string(first_amount) + len(years))
        assert ws[f"{first_amount}{HEAD_ROW + 1}"].value == "金額 第1年度"
        initial = [row for key, row in r.items() if key.startswith("initial=")]
        assert initial, kind
        for row in initial:
            open_cells = [c.column_letter for c in ws[row] if c.protection.locked is False]
            assert open_cells == [first_amount], (kind, row, open_cells)
            assert ws[f"{total}{row}"].value == f"={first_amount}{row}"
        assert f"SUM({total}{min(initial)}:{total}{max(initial)})" in ws[f"{total}{r[kind.replace('price:', 'total=')]}"].value


def test_row_labels_span_the_name_and_id_columns(project, tmp_path):
    """The labels of the supervisor ratio and of the contract years are not cut to the narrow id column."""
    wb = load_workbook(write_response_form(project, tmp_path))
    by_kind = sheets(wb)
    for kind, found in (("staffing", "staffing=supervisor_ratio"), ("forecast", "year=1")):
        ws = by_kind[kind]
        row = rows(ws)[found]
        assert f"B{row}:C{row}" in {str(area) for area in ws.merged_cells.ranges} and ws[f"B{row}"].value


def test_the_form_states_validity_disqualification_and_label_as_the_rfp_does(project):
    """The cover's validity wording is the RFP's phrase, the must-requirement ground for disqualification
    is stated (the RFP lists the same rule) and every sheet carries the project's confidentiality label."""
    from rfpgen.documents.parts import confidentiality_mark
    from rfpgen.documents.rfp_terms import terms
    from rfpgen.words import say

    _, data = response_form(project)
    wb = load_workbook(io.BytesIO(data))
    texts = [c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if isinstance(c.value, str)]
    validity = say("doc.quote_validity", "ja", n=rates.settings(project).validity_days)
    assert any(validity in t for t in texts) and not any("日以上" in t for t in texts)
    assert any("「対応不可」「未回答」の場合は失格" in t or "の場合は失格）" in t for t in texts)
    mark = confidentiality_mark(project, "rfp")
    assert mark in texts
    en = load_project(ROOT / "examples" / "en-electronics-retail.yaml")
    en_texts = [str(c.value) for ws in load_workbook(io.BytesIO(response_form(en)[1])).worksheets for r in ws.iter_rows() for c in r]
    assert confidentiality_mark(en, "rfp") in en_texts and "Confidential" not in en_texts
    grounds = next(b for key, _, _, b in terms(project.redacted()) if key == "disqualification")
    assert any(rates.must_findings(["must_cannot"], "ja") in g for g in grounds), grounds


def test_every_range_a_form_cell_enforces_is_the_range_its_message_names(project):
    """Excel shows the message when an entry is refused: it must name the bounds Excel applies."""
    en = load_project(ROOT / "examples" / "en-electronics-retail.yaml")
    for p in (project, en):
        book = load_workbook(io.BytesIO(response_form(p)[1]))
        seen = 0
        for ws in book.worksheets:
            for rule in ws.data_validations.dataValidation:
                if rule.type != "decimal" or rule.operator not in (None, "between") or not rule.error:
                    continue
                low, high = float(rule.formula1), float(rule.formula2)
                if "%" in rule.error or "percentage" in rule.error:
                    continue  # percentages name their bounds in words (0 to below 100)
                figures = [float(f.replace(",", "")) for f in re.findall(r"\d[\d,]*(?:\.\d+)?", rule.error)]
                assert figures == [low, high], (ws.title, rule.sqref, rule.error)
                seen += 1
        assert seen >= 3


def test_every_printed_page_of_the_response_form_carries_the_confidentiality_label(project):
    """A sheet's continuation pages lose the title row; the print header repeats the label on each page."""
    from rfpgen.documents.parts import confidentiality_mark
    book = load_workbook(io.BytesIO(response_form(project)[1]))
    label = confidentiality_mark(project, "rfp")
    shown = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    assert shown and all(ws.oddHeader.right.text == label for ws in shown), [ws.oddHeader.right.text for ws in shown]


def test_a_rate_per_outcome_comes_with_what_an_outcome_is():
    """The RFP's price terms define the outcome vendors price; without a definition validation warns."""
    from rfpgen.responses.form import price_terms
    from rfpgen.validation import validate_bytes
    path = ROOT / "examples" / "en-electronics-retail.yaml"
    en = load_project(path)
    definition = en.data["pricing"]["response_form"]["outcome_definition"]
    from rfpgen.documents.build import document_contexts
    contexts = document_contexts(en, only=["requirements", "rfp"])
    for context in contexts.values():  # the pricing chapter of both documents
        assert json.dumps(context, ensure_ascii=False).count(definition.rstrip(".") + ". The price comparison counts 80 outcomes per 100 contacts.") == 1
    assert "the evaluation uses the total at the forecast" in dict(price_terms(en))["Price comparison"]
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if "outcome_definition:" in x)
    _, problems = validate_bytes(text.replace(line + "\n", "").encode("utf-8"), "p.yaml")
    assert [p.path for p in problems if "outcome" in p.message] == ["pricing.response_form"]
    from rfpgen.responses.rates import outcome_terms
    assert outcome_terms(load_project(JA)) == ""  # no per-outcome pricing, nothing to define, no section
    assert "成果の定義" not in json.dumps(document_contexts(load_project(JA), only=["rfp"]), ensure_ascii=False)


def test_the_forecast_sheet_says_when_a_short_forecast_is_repeated_over_the_term(project, tmp_path):
    """A forecast of less than a year is cycled over the term; the Forecast sheet says so beside the counts."""
    data = copy.deepcopy(project.data)
    for program in data["work_definition"]["programs"]:
        program["volumes"] = [v for v in program.get("volumes") or [] if v["month"] <= "2028-02"]
    short = Project(data)
    assert rates.short_forecast(short, 36) and not rates.short_forecast(project, 36)
    ws = sheets(load_workbook(write_response_form(short, tmp_path)))["forecast"]
    note = ws["B2"].value  # in the sheet's note, seen: row 3 is the hidden row of column keys (the note sat there once)
    assert note and "5か月分で1年に足りない" in note and not ws.row_dimensions[2].hidden
    assert "5か月分" not in sheets(load_workbook(write_response_form(project, tmp_path)))["forecast"]["B2"].value


def test_staffing_and_forecast_sheets_total_each_month_over_the_programs(project, tmp_path):
    """Where a reader adds up (the FTE of all programs in a month, the month's contacts), the form
    totals: a 合計 row summing the program rows of every month column, the forecast's with its sum
    already shown."""
    wb = load_workbook(write_response_form(project, tmp_path))
    by_kind = sheets(wb)
    for kind, prefix in (("staffing", "program="), ("forecast", "forecast=")):
        ws = by_kind[kind]
        programs = sorted(row for key, row in rows(ws).items() if key.startswith(prefix))
        total = programs[-1] + 1
        assert ws[f"B{total}"].value == "合計", kind
        for month, col in columns(ws, "month").items():
            assert ws[f"{col}{total}"].value == f"=SUM({col}{programs[0]}:{col}{programs[-1]})", (kind, month)
