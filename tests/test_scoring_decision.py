"""From tally to a decision that survives a challenge (issue 18): consensus workbook round trip,
audit log, blind workbooks, per-vendor notices, robustness table, presentation workbooks."""
from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from openpyxl import load_workbook

from docx_reading import shown
from rfpgen.documents.render import docx_parts, visible_text
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.consensus import consensus_workbook
from rfpgen.scoring.memo import robustness_rows
from rfpgen.scoring.model import META_SHEET, SCORE_DIGITS, Scheme
from rfpgen.scoring.notices import notice_context
from rfpgen.scoring.robustness import robustness
from rfpgen.scoring.rules import alias
from rfpgen.scoring.sheets import evaluator_workbook
from rfpgen.text import EMPTY
from rfpgen.validation import load_project
from documents_support import EN, JA
from outputs_support import sample_prices
from score_page_support import fill_all as fill_example
from scoring_support import fill_agreed, write_results_and_notices, BASE, CHECKLIST, GATES, PRICES, SCORES, fill_all, fill_prices, fill_workbook, make_project, project_data, rows_by_key


def _docx_text(path) -> str:
    """The text a reader sees (a name kept whole with no-break spaces reads as typed)."""
    return shown("\n".join(visible_text(x) for p, x in docx_parts(path.read_bytes()).items() if p.startswith("word/")))


def _all_strings(path) -> str:
    """Every string a user could find in a workbook: cells of all sheets (hidden ones too), names, properties."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist() if n.endswith(".xml"))


@pytest.fixture()
def filled(tmp_path):
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    return project, tmp_path, fill_all(tmp_path, project)


def test_consensus_round_trip_replaces_the_mean(filled):
    project, out, files = filled
    first = tally(project, files)
    spread = [(f.vendor_id, f.criterion_id) for f in first.flags if f.code == "spread"]
    assert ("V-B", "C-QM") in spread or spread, "the fixture has spread flags"
    written = write_results(project, first, out / "results")
    consensus = out / "results" / "acme-cc-consensus.xlsx"
    assert consensus in written
    wb = load_workbook(consensus)
    ws = wb.worksheets[0]
    rows = rows_by_key(ws)
    vendor, criterion = spread[0]
    row = rows[f"agreed={vendor}/{criterion}"]
    assert ws.protection.sheet and wb[META_SHEET].sheet_state == "veryHidden"
    ws[f"H{row}"] = 3
    ws[f"I{row}"] = "Agreed after re-reading pages 12-14"
    wb.save(consensus)

    second = tally(project, files + [consensus])
    agreed = next(v for v in second.vendors if v.id == vendor)
    assert agreed.criterion_mean[criterion] == 3.0
    before = next(v for v in first.vendors if v.id == vendor)
    weight = next(c["weight"] for c in BASE["evaluation"]["criteria"] if c["id"] == criterion)
    assert agreed.quality == pytest.approx(before.quality + weight * (3.0 - before.criterion_mean[criterion]) / 5)
    assert any(f.code == "agreed" and f.criterion_id == criterion for f in agreed.flags)
    assert not any(f.code == "spread" and f.criterion_id == criterion for f in agreed.flags)

    # a re-run never overwrites the filled consensus workbook; the memo and the audit log show the change
    write_results(project, second, out / "results")
    assert load_workbook(consensus).worksheets[0][f"H{row}"].value == 3
    text = _docx_text(out / "results" / "results.docx")
    assert "Agreed after re-reading pages 12-14" in text and "Consensus decisions" in text
    audit = [[c.value for c in r] for r in load_workbook(out / "results" / "results.xlsx")["Audit log"].iter_rows(min_row=2)]
    reads = [r for r in audit if r[1] == "read"]
    assert {r[2] for r in reads} == {p.name for p in files + [consensus]}
    e1 = next(r for r in reads if r[2] == "acme-cc-scores-E1.xlsx")
    assert e1[3] == "Scoring sheet" and e1[4] == "Ann Lee" and e1[9] == hashlib.sha256(files[0].read_bytes()).hexdigest()[:16]
    change = next(r for r in audit if r[1] == "agreed score")
    names = {c["id"]: c["name"] for c in BASE["evaluation"]["criteria"] + BASE["evaluation"]["vendors"]}
    assert change[4:8] == [names[vendor], names[criterion], 3, "Agreed after re-reading pages 12-14"]


def test_agreed_score_needs_a_reason(filled, cli):
    project, out, files = filled
    consensus = out / "consensus.xlsx"
    consensus.write_bytes(consensus_workbook(tally(project, files)))
    wb = load_workbook(consensus)
    ws = wb.worksheets[0]
    row = min(r for k, r in rows_by_key(ws).items() if k.startswith("agreed="))
    ws[f"H{row}"] = 4
    wb.save(consensus)
    result = cli("score", out / "project.yaml" if (out / "project.yaml").exists() else _project_file(out), *files, consensus)
    assert result.exit_code == 1
    assert f"consensus.xlsx: sheet 'Consensus' cell I{row}: the agreed score 4 for" in result.stderr
    assert "has no reason" in result.stderr


def _project_file(folder):
    from rfpgen.yamlio import dump

    path = folder / "project.yaml"
    path.write_text(dump(project_data()), encoding="utf-8")
    return path


def test_blind_workbooks_hold_no_vendor_name(tmp_path):
    data = project_data()
    data["evaluation"]["rules"] = {"blind": True}
    data["evaluation"]["vendors"] = [{"id": "V-TB", "name": "Telebrain KK"}, {"id": "V-NX", "name": "Nexus Contact"},
                                     {"id": "V-CC", "name": "Callcraft"}]
    project = make_project(data)
    written = write_scoring_outputs(project, tmp_path)
    quality = [p for p in written if "prices" not in p.name]
    assert {p.name for p in written if p.suffix == ".docx"} == {f"acme-cc-evaluator-form-{x}.docx" for x in "ABC"}
    for path in quality:
        text = _all_strings(path) if path.suffix == ".xlsx" else _docx_text(path)
        for secret in ("Telebrain", "Nexus", "Callcraft", "V-TB", "V-NX", "V-CC"):
            assert secret not in text, (path.name, secret)
        assert ("Bidder A" in text and "Bidder C" in text) if path.suffix == ".xlsx" else "Bidder " + path.stem[-1] in text
    wb = load_workbook(tmp_path / "scoring" / "acme-cc-scores-E1.xlsx")
    assert wb.sheetnames[1:4] == ["Bidder A", "Bidder B", "Bidder C"]
    prices = load_workbook(tmp_path / "scoring" / "procurement" / "acme-cc-prices.xlsx")
    key = [[c.value for c in r][1:4] for r in prices["Blind key"].iter_rows(min_row=5)]
    scheme = Scheme(project)
    assert key == sorted([scheme.shown_name(v), v["id"], v["name"]] for v in data["evaluation"]["vendors"])  # by alias

    # filled blind sheets tally to the real vendors
    renamed = {"V-A": "V-TB", "V-B": "V-NX", "V-C": "V-CC"}
    files = []
    for ev in ("E1", "E2", "E3"):
        path = tmp_path / "scoring" / f"acme-cc-scores-{ev}.xlsx"
        wb = load_workbook(path)
        for old, new in renamed.items():
            ws = wb[scheme.shown_name({"id": new})]
            rows = rows_by_key(ws)
            for cid, score in SCORES[ev][old].items():
                ws[f"E{rows['criterion=' + cid]}"] = score
            for gid, verdict in GATES[ev][old].items():
                ws[f"E{rows['gate=' + gid]}"] = verdict.capitalize()
            for rid, status in CHECKLIST[ev][old].items():
                ws[f"E{rows['withheld=' + rid]}"] = status.capitalize()
        wb.save(path)
        files.append(path)
    files.append(fill_prices(tmp_path / "scoring" / "procurement" / "acme-cc-prices.xlsx", {renamed[k]: v for k, v in PRICES.items()}))
    result = tally(project, files)
    assert result.vendors[0].id == "V-CC"


def _blind(data: dict, **rules):
    data["evaluation"]["rules"] = {**(data["evaluation"].get("rules") or {}), "blind": True, **rules}
    return make_project(data)


def _five_vendors() -> dict:
    data = project_data()
    data["evaluation"]["vendors"] = [{"id": f"V-{n}", "name": f"{n} Contact"} for n in ("P", "Q", "R", "S", "T")]
    return data


@pytest.mark.parametrize("path", [EN, JA], ids=["en", "ja"])
def test_blind_aliases_are_not_given_in_the_candidate_lists_order(path):
    """The requirements definition lists the candidate vendors in the project's order and the quality panel
    reads it: aliases given in that order would make the first listed Vendor A. The draw is a hash, the same
    on every build (workbooks are read back by alias), and the sheets follow the aliases A, B, C."""
    from rfpgen.validation import load_project

    projects = [_blind(load_project(path).data), _blind(_five_vendors())]
    for project in projects:
        scheme = Scheme(project)
        shown = [scheme.shown_name(v) for v in scheme.vendors()]
        assert shown == [Scheme(project).shown_name(v) for v in scheme.vendors()]  # deterministic
        letters = [alias(i, project.lang) for i in range(len(shown))]
        assert sorted(shown) == letters
        assert [scheme.shown_name(v) for v in scheme.panel_vendors()] == letters
        wb = load_workbook(io.BytesIO(evaluator_workbook(project, scheme.evaluators()[0])))
        assert wb.sheetnames[1:1 + len(letters)] == letters
    assert any(Scheme(p).panel_vendors() != Scheme(p).vendors() for p in projects)
    assert Scheme(_blind(_five_vendors())).panel_vendors() != Scheme(_blind(_five_vendors())).vendors()


def test_a_blind_seed_draws_the_aliases_again():
    """Procurement's seed, which the panel never sees, changes the draw; the same seed gives the same aliases."""
    def drawn(seed):
        scheme = Scheme(_blind(_five_vendors(), blind_seed=seed))
        return [v["id"] for v in scheme.panel_vendors()]

    assert drawn("kept by procurement") == drawn("kept by procurement")
    assert len({tuple(drawn(seed)) for seed in ("one", "two", "three", "four")}) > 1


def test_the_blind_consensus_workbook_lists_the_vendors_by_alias(tmp_path):
    """The consensus meeting sees the vendors by alias: their rows follow the aliases, not the project's order."""
    project = _blind(_five_vendors())
    scheme = Scheme(project)
    by_alias = [scheme.vendor_key(v) for v in scheme.panel_vendors()]

    class Flag:
        code, criterion_id = "spread", "C-QM"

    class Tallied:
        def __init__(self, vid):
            self.id, self.flags, self.criterion_scores, self.agreed, self.agreed_reason = vid, [Flag()], {}, {}, {}

        def scores_on(self, cid):
            return {}

    result = type("Result", (), {"project": project, "vendors": [Tallied(v["id"]) for v in scheme.vendors()], "ties": []})
    ws = load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0]
    keys = [str(ws.cell(r, 1).value) for r in range(5, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("agreed=")]
    assert [k.split("=", 1)[1].split("/")[0] for k in keys] == by_alias


def test_swapped_hidden_vendor_keys_are_refused(filled, cli):
    project, out, files = filled
    wb = load_workbook(files[0])
    sheets = {ws.title: ws for ws in wb.worksheets}
    a, b = sheets["Alpha Contact"], sheets["Beta"]
    a["A1"], b["A1"] = "vendor=V-B", "vendor=V-A"
    wb.save(files[0])
    result = cli("score", _project_file(out), *files)
    assert result.exit_code == 1
    assert (f"{files[0]}: sheet 'Alpha Contact' cell B1: the sheet's title names 'Alpha Contact <Ltd>' but its hidden key is for "
            "'Beta & Co'") in result.stderr
    assert f"{files[0]}: sheet 'Beta' cell B1: the sheet's title names 'Beta & Co'" in result.stderr


def test_notice_holds_only_its_own_vendor(filled):
    project, out, files = filled
    result = tally(project, files)
    write_results_and_notices(project, result, out / "results")
    winner = result.vendors[0]
    for vendor in result.vendors:
        text = _docx_text(out / "results" / "notices" / f"acme-cc-notice-{vendor.id}.docx")
        assert "{{" not in text and vendor.name in text
        others = [v.name for v in result.vendors if v.id != vendor.id]
        assert not any(name in text for name in others), vendor.id
        for withheld in ("OPS-BCP", "Keep the service running", "DTMF"):
            assert withheld not in text
        assert f"{winner.total:,.2f}" in text        # the winner's total
        assert f"{vendor.quality:,.2f}" in text
        if vendor.rank:
            assert f"{vendor.rank} of" in text
    assert "selected as the preferred bidder" in _docx_text(out / "results" / "notices" / f"acme-cc-notice-{winner.id}.docx")


def test_robustness_finds_a_two_point_flip(tmp_path):
    """X beats Y by 0.8 quality points; moving 2 points of weight from C1 to C2 makes them equal."""
    data = {
        "schema_version": 1,
        "project": {"id": "flip-cc", "title": "Flip", "client": {"name": "City"}, "language": "en", "version": "1"},
        "evaluation": {
            "scale": {"max": 5}, "quality_points": 70,
            "criteria": [{"id": "C1", "name": "Method", "weight": 52}, {"id": "C2", "name": "Staffing", "weight": 48}],
            "price": {"formula": "relative_to_lowest", "max_points": 30},
            "vendors": [{"id": "X", "name": "Xeno"}, {"id": "Y", "name": "Yodel"}],
            "evaluators": [{"id": "E1", "name": "Ann"}, {"id": "E2", "name": "Ben", "sees_prices": True}],
        },
    }
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    files = []
    # X: C1 4, C2 2 -> Q = 41.6 + 19.2 = 60.8;  Y: C1 3, C2 3 -> Q = 60;  equal prices
    for ev in ("E1", "E2"):
        files.append(fill_workbook(tmp_path / "scoring" / f"flip-cc-scores-{ev}.xlsx",
                                   {"X": {"scores": {"C1": 4, "C2": 2}}, "Y": {"scores": {"C1": 3, "C2": 3}}}))
    files.append(fill_prices(tmp_path / "scoring" / "procurement" / "flip-cc-prices.xlsx", {"X": 100, "Y": 100}))
    result = tally(project, files)
    assert [v.id for v in result.vendors] == ["X", "Y"]
    assert result.vendors[0].quality == pytest.approx(60.8)
    solid = robustness(result)
    flips = {f.criterion: f for f in solid.flips}
    assert flips["C1"].change == pytest.approx(-2.0, abs=0.01) and flips["C1"].winner == ["Y"]
    assert flips["C2"].change == pytest.approx(2.0, abs=0.01) and flips["C2"].winner == ["Y"]
    assert abs(solid.smallest_flip.change) == pytest.approx(2.0, abs=0.01)
    rows = robustness_rows(result, solid)
    # the column says what the text says: this weight changes the winner, by the change named
    assert rows[0] == {"test": "Weight of “Method” (52)", "outcome": "a change of \u22122.00 points makes Yodel the winner "
                       "(other weights scaled)", "changed": "Yes (\u22122.00 points)"}
    assert all(r["changed"] in ("Yes", "No") or r["changed"].startswith("Yes (") for r in rows)
    assert EMPTY not in [r["changed"] for r in rows]
    assert not [r for r in rows if r["test"].startswith("Price formula")]   # the project publishes one formula
    assert [r["test"] for r in rows if r["test"].startswith("Without")] == ["Without evaluator Ann", "Without evaluator Ben"]


def test_robustness_without_the_unstated_needs_criterion(filled):
    project, out, files = filled
    result = tally(project, files)
    solid = robustness(result)
    without = next(v for v in solid.variants if v.kind == "without_unstated")
    assert without.subject == "C-UNS"
    # recomputed by hand from the criterion means with C-UNS's 20 points shared out over 30/25/25
    by_hand = {}
    for vendor in result.vendors:
        if vendor.rank is None:
            continue
        q = sum(w / 80 * 100 * vendor.criterion_mean[c] / 5 for c, w in (("C-EXP", 30), ("C-QM", 25), ("C-WFM", 25)))
        by_hand[vendor.id] = q
    lowest = min(v.price for v in result.vendors if v.rank is not None)
    totals = {v.id: by_hand[v.id] * 0.7 + 30 * lowest / v.price for v in result.vendors if v.id in by_hand}
    assert without.order == sorted(totals, key=lambda v: -totals[v])


def test_presentation_workbooks_score_the_second_stage(tmp_path):
    data = project_data()
    data["evaluation"]["rules"] = {"presentation": {"top": 1, "points": 30, "criteria": [
        {"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}}
    project = make_project(data)
    written = write_scoring_outputs(project, tmp_path)
    assert (tmp_path / "scoring" / "acme-cc-presentation-E1.xlsx") in written
    files = fill_all(tmp_path, project)
    for ev in ("E1", "E2", "E3"):
        files.append(fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx",
                                   {"V-C": {"scores": {"P-DEMO": 4}}}))
    result = tally(project, files)
    top = result.vendors[0]
    assert top.id == "V-C" and top.rank == 1
    assert top.presentation_points == pytest.approx(24.0)          # 100 × 4 / 5 = 80% of 30
    assert top.total == pytest.approx(top.document_total + 24.0)
    assert next(v for v in result.vendors if v.id == "V-A").rank is None   # did not go through


def test_an_approver_who_evaluated_is_flagged_under_the_approval_block(tmp_path):
    data = project_data()
    data["approval"] = {"approvers": [{"name": "Ann Lee", "title": "Director", "role": "Final approval"}]}
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    write_results(project, tally(project, fill_all(tmp_path, project)), tmp_path / "results")
    text = _docx_text(tmp_path / "results" / "results.docx")
    assert "Note: approver Ann Lee is also an evaluator of the proposals and would approve their own evaluation" in text


def test_a_weight_change_that_leaves_no_vendor_ranked_is_not_called_a_change_of_first_place(filled):
    from rfpgen.scoring.robustness import Robustness, WeightFlip

    project, out, files = filled
    result = tally(project, files)
    solid = Robustness(["V-A"], [WeightFlip("C-EXP", 30.0, 33.48, [])], [])
    row = robustness_rows(result, solid)[0]
    assert "leaves no bidder ranked" in row["outcome"]
    assert row["changed"] == "No ranking (+33.48 points)"
    assert robustness_rows(result, solid, "ja")[0]["changed"].startswith("順位なし")


def test_consensus_workbook_names_the_project_lists_vendors_as_the_sheets_do_and_spreads_in_one_format(filled):
    import io

    project, out, files = filled
    result = tally(project, files)
    ws = load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0]
    assert project.data["project"]["title"] in ws["B3"].value
    gates = {g["id"] for g in Scheme(project).gates()}   # in a block of their own, in the same order
    scored = [r for r in range(5, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("agreed=")
              and ws.cell(r, 1).value.split("/")[1] not in gates]
    for rows in (scored, [r for r in range(5, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("agreed=")
                          and ws.cell(r, 1).value.split("/")[1] in gates]):
        vendors = [ws.cell(r, 1).value.split("=", 1)[1].split("/")[0] for r in rows]
        assert vendors == sorted(vendors, key=[v["id"] for v in Scheme(project).panel_vendors()].index) and vendors
    spreads = [ws.cell(r, 7) for r in scored]
    means = [ws.cell(r, 6) for r in scored]
    assert all(c.number_format == "0.00" for c in spreads + means)  # 2.00 beside 1.67, as the mean beside it


def test_the_consensus_workbook_prints_its_title_once_a_page(filled):
    """Its title and the project are the sheet's first rows, repeated atop every printed page; the page
    header holds the confidentiality mark alone (it said 「合議結果の記録 – 案件 – 日時」 above the same rows)."""
    import io

    project, out, files = filled
    ws = load_workbook(io.BytesIO(consensus_workbook(tally(project, files)))).worksheets[0]
    assert ws.print_title_rows.replace("$", "") == "1:4"
    header = "".join(part.text or "" for part in (ws.oddHeader.left, ws.oddHeader.center, ws.oddHeader.right))
    assert ws["B1"].value not in header and project.data["project"]["title"] not in header


def _presented(tmp_path, scores: dict[str, int], combine: str = "sum"):
    """The fixture with V-C alone through to a presentation (P-DEMO) and each evaluator's score on it;
    V-A, not through, scored 2 lower by each: the project and the filled workbooks."""
    data = project_data()
    data["evaluation"]["rules"] = {"presentation": {"top": 1, "points": 30, "combine": combine, "criteria": [
        {"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}}
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    for ev, score in scores.items():
        files.append(fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx",
                                   {"V-C": {"scores": {"P-DEMO": score}}, "V-A": {"scores": {"P-DEMO": score - 2}}}))
    return project, files


def test_a_spread_on_a_presentation_criterion_goes_to_the_consensus_meeting(tmp_path):
    project, files = _presented(tmp_path, {"E1": 5, "E2": 2, "E3": 2})  # V-A did not go through: its scores are not settled
    first = tally(project, files)
    assert ("V-C", "P-DEMO") in {(f.vendor_id, f.criterion_id) for f in first.flags if f.code == "spread"}
    assert "P-DEMO" not in {f.criterion_id for f in first.flags if f.vendor_id == "V-A"}
    out = tmp_path / "results"
    write_results(project, first, out)
    memo = _docx_text(out / "results.docx")
    assert re.search(r"\b3\.0+ ⚑", memo[memo.index("Presentation scores by criterion"):])
    consensus = out / "acme-cc-consensus.xlsx"
    wb = load_workbook(consensus)
    ws = wb.worksheets[0]
    row = rows_by_key(ws)["agreed=V-C/P-DEMO"]
    assert ws[f"D{row}"].value == "Demonstration"
    ws[f"H{row}"], ws[f"I{row}"] = 4, "The demonstration handled the escalation well"
    wb.save(consensus)
    second = tally(project, files + [consensus])
    top = next(v for v in second.vendors if v.id == "V-C")
    assert top.presentation_points == pytest.approx(24.0)     # the agreed 4, not the mean 3: 100 × 4 / 5 = 80% of 30
    assert [f.code for f in top.flags if f.criterion_id == "P-DEMO"] == ["agreed"]


@pytest.mark.parametrize("combine", ["sum", "presentation_only"])
def test_a_vendor_who_did_not_present_has_no_final_score_and_says_why(tmp_path, combine):
    from rfpgen.scoring.results import summary_rows

    project, files = _presented(tmp_path, {"E1": 4, "E2": 4, "E3": 4}, combine)
    result = tally(project, files)
    written = write_results(project, result, tmp_path / "results")
    ws = load_workbook(next(p for p in written if p.name == "results.xlsx")).worksheets[0]
    head = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[1] == "V-A")
    assert row[head.index("Final score")] is None     # its document-stage total is no final score
    assert row[head.index("Disqualified or not ranked (why)")] == "Not ranked (not advanced to presentations)"
    headers, rows = summary_rows(result, "en")
    assert next(r for r in rows if r[1] == "V-A")[headers.index("Final score")] == EMPTY


def test_checklist_entries_judged_absent_and_concrete_go_to_the_consensus_meeting(tmp_path):
    import copy

    project = make_project()
    write_scoring_outputs(project, tmp_path)
    checklist = copy.deepcopy(CHECKLIST)  # the same coverage (3 of 6) from opposite judgements of every entry
    checklist["E1"]["V-A"] = {"OPS-BCP": "absent", "OPS-KB": "concrete", "SYS-PCI": "concrete"}
    checklist["E2"]["V-A"] = {"OPS-BCP": "concrete", "OPS-KB": "absent", "SYS-PCI": "absent"}
    files = fill_all(tmp_path, project, checklist=checklist)
    first = tally(project, files)
    vendor = next(v for v in first.vendors if v.id == "V-A")
    assert vendor.criterion_scores["C-UNS"]["E1"] == vendor.criterion_scores["C-UNS"]["E2"]   # no spread to see
    splits = [f for f in vendor.flags if f.code == "checklist_split"]
    assert [f.criterion_id for f in splits] == ["OPS-BCP", "OPS-KB", "SYS-PCI"]
    assert "(Ann Lee Absent, Bob Ito Concrete, Cy Park Mentioned)" in splits[0].en
    out = tmp_path / "results"
    write_results(project, first, out)
    memo = _docx_text(out / "results.docx")
    assert "One evaluator found the checklist entry “Keep the service running when one site" in memo
    consensus = out / "acme-cc-consensus.xlsx"
    wb = load_workbook(consensus)
    ws = wb.worksheets[0]
    row = rows_by_key(ws)["agreed=V-A/C-UNS"]
    assert ws[f"D{row}"].value.endswith("(checklist entries judged absent by one evaluator, concrete by another: OPS-BCP, OPS-KB, SYS-PCI)")
    ws[f"H{row}"], ws[f"I{row}"] = 3, "Re-read the continuity plan together"
    wb.save(consensus)
    second = next(v for v in tally(project, files + [consensus]).vendors if v.id == "V-A")
    assert second.criterion_mean["C-UNS"] == 3.0
    assert not [f for f in second.flags if f.code == "checklist_split"]   # settled by the agreed score


def test_scores_without_their_evidence_comment_are_counted_per_evaluator_in_the_memo(filled, tmp_path):
    from rfpgen.scoring.decision import comment_gaps
    from rfpgen.scoring.memo import memo_context

    project, out, files = filled
    assert comment_gaps(tally(project, files), "en") == []   # every score has its comment
    wb = load_workbook(files[1])                             # Bob Ito's workbook
    ws = next(ws for ws in wb.worksheets if "criterion=C-QM" in rows_by_key(ws) and "Alpha" in str(ws["B1"].value))
    rows = rows_by_key(ws)
    ws[f"H{rows['criterion=C-QM']}"] = None
    ws[f"H{rows['criterion=C-EXP']}"] = "   "
    wb.save(files[1])
    result = tally(project, files)
    assert comment_gaps(result, "en") == [
        "Bob Ito: 2 scores without a comment giving the proposal pages they rest on (Alpha Contact <Ltd> 2)."]
    context = memo_context(result)
    assert context["comment_gaps"] and "but some scores have no comment" in context["no_missing"]
    assert any("behind the 2 scores that have no comment" in c for c in context["decision"]["conditions"])
    write_results(project, result, tmp_path / "results")
    assert "Bob Ito: 2 scores without a comment" in _docx_text(tmp_path / "results" / "results.docx")


def test_presentation_scores_without_their_evidence_comment_are_counted_too(tmp_path):
    """A presentation score is a score an evaluator gave: without its evidence it is counted with the others,
    in the memo's list and in the condition of the recommendation."""
    from rfpgen.scoring.decision import comment_gaps
    from rfpgen.scoring.memo import memo_context

    project, files = _presented(tmp_path, {"E1": 4, "E2": 4, "E3": 4})
    assert comment_gaps(tally(project, files), "en") == []
    path = tmp_path / "scoring" / "acme-cc-presentation-E2.xlsx"
    wb = load_workbook(path)
    ws = next(ws for ws in wb.worksheets if "criterion=P-DEMO" in rows_by_key(ws) and "Gamma" in str(ws["B1"].value))
    ws[f"H{rows_by_key(ws)['criterion=P-DEMO']}"] = None
    wb.save(path)
    result = tally(project, files)
    assert comment_gaps(result, "en") == ["Bob Ito: 1 presentation score without a comment giving the evidence (Gamma Services 1)."]
    context = memo_context(result)
    assert "The evaluators add the evidence behind the presentation score that has no comment (section\u00a011) and confirm it." \
        in context["decision"]["conditions"]
    # what each asks for, said of what asks it: the guide the proposal pages, the presentation workbooks the evidence
    assert "; the presentation workbooks ask for the evidence behind each score in theirs." in context["comment_lead"]


def test_each_weighted_point_can_be_recomputed_from_the_printed_mean(filled, tmp_path):
    from decimal import ROUND_HALF_UP, Decimal

    from rfpgen.scoring.memo import memo_context
    from rfpgen.scoring.notices import notice_context

    project, out, files = filled
    result = tally(project, files)
    weights = {c["id"]: c["weight"] for c in project.data["evaluation"]["criteria"]}
    alpha = next(v for v in result.vendors if v.id == "V-A")
    assert alpha.criterion_mean["C-QM"] == pytest.approx(10 / 3)   # 3.33 × 25 ÷ 5 = 16.65, not the tally's 16.67

    def by_hand(mean: str, weight) -> str:   # as a vendor recomputes it from the printed figures
        return str((Decimal(mean) * Decimal(weight) / 5).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    context = memo_context(result)
    rows = [r for table in context["by_vendor"] for r in table["rows"] if r["id"] in weights]
    qm = next(r for r in context["by_vendor"][[v.id for v in result.vendors].index("V-A")]["rows"] if r["id"] == "C-QM")
    assert qm["mean"].startswith("3.333") and qm["weighted"] == "16.67"
    assert all(by_hand(r["mean"], weights[r["id"]]) == r["weighted"] for r in rows if r["mean"] != EMPTY)
    criteria = notice_context(result, alpha)["notice"]["criteria"]
    assert all(by_hand(c["score"], c["weight"]) == c["points"] for c in criteria)


def test_the_quality_score_prints_with_the_decimals_the_rule_rounds_it_to(tmp_path):
    from rfpgen.scoring.memo import memo_context
    from rfpgen.scoring.notices import notice_context

    data = project_data()
    data["evaluation"]["rules"] = {"rounding": {"method": "truncate", "digits": 4, "apply_to": ["quality", "price_score", "total"]}}
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project))
    alpha = next(v for v in result.vendors if v.id == "V-A")
    shown = f"{alpha.quality:.4f}"
    context = memo_context(result)
    assert next(r for r in context["ranking"] if r["name"].startswith("Alpha"))["quality"] == shown
    assert next(r for r in context["ranking"] if r["name"].startswith("Alpha"))["price_score"] == f"{alpha.price_score:.4f}"
    table = context["by_vendor"][[v.id for v in result.vendors].index("V-A")]["rows"]
    assert table[-1]["weighted"] == shown                    # the quality score under the criteria
    notice = dict((r["label"], r["value"]) for r in notice_context(result, alpha)["notice"]["result"])
    assert notice["Quality score"] == shown
    written = write_results(project, result, tmp_path / "results")
    ws = load_workbook(next(p for p in written if p.name == "results.xlsx")).worksheets[0]
    column = [c.value for c in ws[1]].index("Quality score (out of 100)")
    assert ws.cell(2, column + 1).number_format == "#,##0.0000"


@pytest.mark.parametrize("digits", [None, 1, 4])
def test_the_weighted_points_column_prints_one_format_the_rules(tmp_path, digits):
    """The criteria tables' weighted points end with the quality score (and the presentations' with the presentation
    points), which the rule rounds: every figure of the column has the rule's decimals (6.0000 above 68.0000, never
    6.00), or two where the rules round nothing; the notice's points the same."""
    from rfpgen.scoring.memo import memo_context
    from rfpgen.scoring.notices import notice_context

    project, files = _presented(tmp_path, {"E1": 4, "E2": 3, "E3": 4})
    if digits:
        data = project.data
        data["evaluation"]["rules"]["rounding"] = {"method": "truncate", "digits": digits}
        project = make_project(data)
    result = tally(project, files)
    context = memo_context(result)
    column = [r["weighted"] for table in context["by_vendor"] for r in table["rows"] + table["presentation"] if r["weighted"]]
    assert len(column) > 10 and context["by_vendor"][0]["presentation"]
    assert all(re.fullmatch(rf"\d+\.\d{{{digits or 2}}}", figure) for figure in column), column
    presenter = next(v for v in result.vendors if v.presentation_points is not None)
    notice = notice_context(result, presenter)["notice"]
    assert all(re.fullmatch(rf"\d+\.\d{{{digits or 2}}}", r["points"]) for r in notice["criteria"] + notice["presentation"])


@pytest.mark.parametrize("example", [EN, JA], ids=["en", "ja"])
def test_an_examples_notice_prints_the_unstated_needs_mean_as_every_other(tmp_path, example):
    """A mean of 2.045 beside 2.50 and 3.00 told a vendor that this criterion alone is computed from something
    hidden (the checklist of withheld requirements): each evaluator's checklist score is now a whole point like a
    typed one, so every mean in the notice prints with the same two decimals."""
    project = load_project(example)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_example(tmp_path, project, sample_prices(project)), allow_incomplete=True)
    unstated = project.unstated_needs_criterion()["id"]
    for vendor in result.vendors:
        assert all(float(s).is_integer() for s in vendor.criterion_scores[unstated].values() if s is not None)
        printed = [row["score"] for row in notice_context(result, vendor)["notice"]["criteria"]]
        assert {len(score.partition(".")[2]) for score in printed} == {SCORE_DIGITS}, printed


def test_the_consensus_workbook_takes_a_whole_point_for_the_computed_criterion(tmp_path):
    """The meeting agrees the checklist criterion's score on the scale's whole points, as the tally computes
    it; a typed criterion's agreed score may fall between two points."""
    project = _blind(_five_vendors())
    scheme = Scheme(project)
    computed = next(iter(scheme.computed_ids()))

    class Flag:
        def __init__(self, cid):
            self.code, self.criterion_id = "spread", cid

    class Tallied:
        def __init__(self, vid):
            self.id, self.flags, self.criterion_scores, self.agreed, self.agreed_reason = \
                vid, [Flag("C-QM"), Flag(computed)], {}, {}, {}

        def scores_on(self, cid):
            return {}

    vendor = scheme.vendors()[0]
    result = type("Result", (), {"project": project, "vendors": [Tallied(vendor["id"])], "ties": []})
    ws = load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0]
    rows = {str(ws.cell(r, 1).value).rsplit("/", 1)[-1]: r for r in range(5, ws.max_row + 1)
            if str(ws.cell(r, 1).value or "").startswith("agreed=")}
    kinds = {dv.type: {str(c) for rng in dv.sqref.ranges for c in [rng.coord]} for dv in ws.data_validations.dataValidation}
    assert f"H{rows[computed] }" in kinds.get("whole", set()) and f"H{rows['C-QM']}" in kinds.get("decimal", set())


def test_a_blank_presentation_score_of_a_presenting_vendor_is_missing_not_zero(tmp_path):
    """V-C presents; an evaluator who leaves its presentation score blank is refused like any blank
    (before, the blank counted as 0 and the tally ranked on it without a word)."""
    from rfpgen.errors import ScoreSheetInvalid

    project, files = _presented(tmp_path, {"E1": 4, "E2": 4})
    files.append(fill_workbook(tmp_path / "scoring" / "acme-cc-presentation-E3.xlsx", {"V-A": {"scores": {"P-DEMO": 3}}}))
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files)
    problems = refused.value.problems
    assert [(p.cell, p.vendor, p.evaluator, p.severity) for p in problems] == [("E8", "V-C", "E3", "error")]
    assert problems[0].file.endswith("acme-cc-presentation-E3.xlsx") and "P-DEMO" in problems[0].message
    result = tally(project, files, allow_incomplete=True)
    top = next(v for v in result.vendors if v.id == "V-C")
    assert top.incomplete and result.incomplete
    assert [w.code for w in result.sheet_warnings if w.vendor == "V-C"] == ["presentation_blank"]


def test_a_missing_presentation_workbook_of_one_evaluator_is_missing(tmp_path):
    from rfpgen.errors import ScoreSheetInvalid

    project, files = _presented(tmp_path, {"E1": 4, "E2": 4})   # E3 handed in no presentation workbook
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files)
    assert [p.evaluator for p in refused.value.problems] == ["E3"]
    assert "presentation workbook" in refused.value.problems[0].message


def test_presentation_scores_of_a_vendor_who_does_not_present_are_not_counted_and_said_so(tmp_path):
    project, files = _presented(tmp_path, {"E1": 4, "E2": 4, "E3": 4})  # V-A is scored too but does not present
    result = tally(project, files)
    ignored = [w for w in result.sheet_warnings if w.code == "presentation_ignored"]
    assert [w.vendor for w in ignored] == ["V-A"]
    from rfpgen.scoring.decision import tally_notes
    assert any("does not present" in note and "not counted" in note for note in tally_notes(result, "en"))


def test_presentation_scores_of_a_vendor_who_does_not_present_ask_for_no_comment(tmp_path):
    """V-A did not go through: its presentation sheet is not tallied, so its bare scores are no gap of the memo."""
    from rfpgen.scoring.decision import comment_gaps, uncommented_count

    project, files = _presented(tmp_path, {"E1": 4, "E2": 4, "E3": 4})
    path = tmp_path / "scoring" / "acme-cc-presentation-E2.xlsx"
    wb = load_workbook(path)
    ws = next(ws for ws in wb.worksheets if "criterion=P-DEMO" in rows_by_key(ws) and "Alpha" in str(ws["B1"].value))
    ws[f"H{rows_by_key(ws)['criterion=P-DEMO']}"] = None
    wb.save(path)
    result = tally(project, files)
    assert (comment_gaps(result, "en"), uncommented_count(result, presentations=True)) == ([], 0)


def test_not_going_through_to_the_presentations_is_no_item_for_the_consensus_meeting(tmp_path):
    from rfpgen.scoring.memo import memo_context

    project, files = _presented(tmp_path, {"E1": 4, "E2": 4, "E3": 4})
    result = tally(project, files)
    assert [f.vendor_id for f in result.flags if f.code == "not_advanced"] == ["V-A"]   # the results workbook keeps it
    rows = memo_context(result)["flag_rows"]
    assert rows and not [r for r in rows if "presentations" in r["text"]]


def test_notices_are_written_only_once_the_ranking_is_final(tmp_path):
    project, files = _presented(tmp_path, {"E1": 4, "E2": 4})
    files.append(fill_workbook(tmp_path / "scoring" / "acme-cc-presentation-E3.xlsx", {"V-A": {"scores": {"P-DEMO": 3}}}))
    provisional = tally(project, files, allow_incomplete=True)
    written = write_results(project, provisional, tmp_path / "provisional")
    assert not any("notice" in p.name for p in written) and not (tmp_path / "provisional" / "notices").exists()
    with_open_items = tally(project, files[:-1] + [
        fill_workbook(tmp_path / "scoring" / "acme-cc-presentation-E3.xlsx", {"V-C": {"scores": {"P-DEMO": 4}}})])
    assert any(f.code == "spread" for f in with_open_items.flags)   # the sample scores: items for the meeting
    written = write_results(project, with_open_items, tmp_path / "open")
    assert not any("notice" in p.name for p in written)
    files = fill_agreed(tmp_path, project)
    for ev in ("E1", "E2", "E3"):
        files.append(fill_workbook(tmp_path / "scoring" / f"acme-cc-presentation-{ev}.xlsx", {"V-C": {"scores": {"P-DEMO": 4}}}))
    final = tally(project, files)
    written = write_results(project, final, tmp_path / "final")
    assert sum("notice" in p.name for p in written) == len(final.vendors)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_memo_lists_forty_score_spreads_and_counts_the_rest(tmp_path, lang):
    """Twenty bidders by ten evaluators made a thousand-row table of spreads in the approvers' memo: it lists
    MEMO_SPREADS of them and one row counting the rest and saying where they are; every other flag stays."""
    from rfpgen.scoring.memo import MEMO_SPREADS, memo_context
    from rfpgen.scoring.results import Flag

    project, files = _presented(tmp_path, {"E1": 4, "E2": 4, "E3": 4})
    result = tally(project, files)
    result.project.data["project"]["language"] = lang
    kept = [f for f in result.flags if f.code not in ("spread", "not_advanced")]
    first = result.vendors[0]

    def spreads(n):
        first.flags[:] = [f for f in first.flags if f.code != "spread"] + [
            Flag(first.id, "spread", f"C-{k:03d}", f"spread {k}", f"差 {k}") for k in range(n)]
        for vendor in result.vendors[1:]:
            vendor.flags[:] = [f for f in vendor.flags if f.code != "spread"]
        return memo_context(result)["flag_rows"]

    rows = spreads(MEMO_SPREADS + 25)
    assert len(rows) == len(kept) + MEMO_SPREADS + 1
    assert sorted(r["item"] for r in rows if r["item"].startswith("C-")) == [f"C-{k:03d}" for k in range(MEMO_SPREADS)]
    assert {f.criterion_id for f in kept} <= {r["item"] for r in rows}  # the gates the meeting settles stay
    last = rows[-1]["text"]
    assert ("ほかに評価者間で評価が分かれた項目が25件ある" in last and "results.xlsx" in last) if lang == "ja" else \
        ("25 more items on which the evaluators differ" in last and "results.xlsx" in last)
    assert len(spreads(MEMO_SPREADS + 1)) == len(kept) + MEMO_SPREADS + 1  # one more than the limit is listed, not counted
