"""Mandatory requirements the evaluators judged differently are settled in the consensus meeting: the consensus
workbook has a row for each, where the meeting records the agreed decision; read back, that decision replaces the
evaluators' vote, is kept in the next consensus workbook, and a bidder agreed not to meet one is disqualified. An
agreed score the project file records for an item nobody disagreed on is said once, as harmless."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from docx_reading import shown
from rfpgen.documents.render import docx_parts, visible_text
from rfpgen.errors import ScoreSheetInvalid
from rfpgen.scoring import tally, write_results, write_scoring_outputs
from rfpgen.scoring.consensus import consensus_workbook
from rfpgen.scoring.decision import notices_due, tally_notes, withheld_because
from rfpgen.scoring.memo import consensus_rows
from rfpgen.text import EMPTY
from rfpgen.validation import project_from_data
from scoring_support import AGREED_GATES, fill_all, make_project, project_data, rows_by_key


def _docx_text(path) -> str:
    return shown("\n".join(visible_text(x) for p, x in docx_parts(path.read_bytes()).items() if p.startswith("word/")))


def _vendor(result, vid):
    return next(v for v in result.vendors if v.id == vid)


def _agree_every_row(book, decisions: dict[str, str]) -> dict[str, int]:
    """Fill the consensus workbook as the meeting would: every score row agreed at its mean (a whole point), each
    mandatory requirement's row with the decision in `decisions` (by key); returns the rows by key."""
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    rows = rows_by_key(ws)
    for key, row in rows.items():
        if key in decisions:
            ws[f"H{row}"], ws[f"I{row}"] = decisions[key], "Checked the certificate and the plan together"
        elif key.startswith("agreed="):
            ws[f"H{row}"], ws[f"I{row}"] = int(ws[f"F{row}"].value), "Agreed in the meeting"
    wb.save(book)
    return rows


def test_a_split_mandatory_requirement_is_settled_by_the_decision_the_meeting_agrees(tmp_path):
    """Round one: Beta is failed on ISO by two of three evaluators (disqualified by majority), Gamma on the start date
    by one (not disqualified): both wait for the meeting, and no notice is due. The meeting agrees Beta meets ISO and
    Gamma does not meet the start date. Round two: nothing is split any more, Beta is ranked, Gamma is disqualified
    and the memo says the meeting decided it; the next consensus workbook keeps both decisions, and a tally given
    that workbook comes out the same."""
    project = make_project()
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project)
    first = tally(project, files)
    assert {(f.vendor_id, f.criterion_id) for f in first.flags if f.code == "gate_split"} == {("V-B", "G-ISO"), ("V-C", "G-START")}
    assert _vendor(first, "V-B").disqualified and not _vendor(first, "V-C").disqualified
    assert not notices_due(first)
    assert not any("mandatory requirement" in reason for reason in withheld_because(first, "en", "c.xlsx"))

    out = tmp_path / "first"
    write_results(project, first, out)
    book = out / "acme-cc-consensus.xlsx"
    ws = load_workbook(book).worksheets[0]
    rows = rows_by_key(ws)
    row = rows["agreed=V-B/G-ISO"]
    assert [ws[f"{c}{row}"].value.replace("\u00a0", " ") for c in "BCDE"] == ["Beta & Co", "G-ISO", "ISO/IEC 27001 certified site",
                                                     "Ann Lee: Fail, Bob Ito: Fail, Cy Park: Pass"]
    assert ws[f"H{row}"].value is None and "agreed=V-C/G-START" in rows
    assert "Mandatory requirements judged differently by the evaluators" in [c.value for c in ws["B"]]
    _agree_every_row(book, {"agreed=V-B/G-ISO": "Pass", "agreed=V-C/G-START": "Fail"})

    second = tally(project, files + [book])
    beta, gamma = _vendor(second, "V-B"), _vendor(second, "V-C")
    assert not [f for f in second.flags if f.code in ("gate_split", "spread", "checklist_split")]
    assert not beta.disqualified and beta.rank is not None and beta.failed_gates == []
    assert gamma.disqualified and gamma.failed_gates == ["G-START"] and gamma.rank is None
    assert [f.code for f in gamma.flags if f.criterion_id == "G-START"] == ["gate_agreed"]
    assert notices_due(second)
    assert {(c["vendor"], c["criterion"], c["agreed"]) for c in second.consensus if c["kind"] == "gate"} == {
        ("V-B", "G-ISO", "pass"), ("V-C", "G-START", "fail")}
    assert {(r["vendor_id"], r["item"], r["agreed"]) for r in consensus_rows(second) if r["mean"] == EMPTY} == {
        ("V-B", "ISO/IEC 27001 certified site", "Pass"), ("V-C", "Committed start date", "Fail")}
    written = write_results(project, second, tmp_path / "second")
    memo = _docx_text(tmp_path / "second" / "results.docx")
    assert ("Gamma Services: disqualified, as the consensus meeting agreed it does not meet 'Committed start date', "
            "on which the evaluators' judgements differed.") in memo
    assert "Gamma Services: disqualified (failed a mandatory requirement)" in memo.splitlines()   # its heading
    assert "majority of the evaluators failed it on G-ISO" not in memo
    assert "Pass (agreed in the consensus meeting)" in " ".join(memo.split())   # Beta's ISO, overturned
    audit = load_workbook(next(p for p in written if p.name == "results.xlsx"))
    cells = [[str(c) for c in r] for ws_ in audit.worksheets for r in ws_.iter_rows(values_only=True)]
    assert any("Committed start date" in r and "Fail" in r and f"H{rows['agreed=V-C/G-START']}" in r for r in cells)

    carried = tmp_path / "next" / "acme-cc-consensus.xlsx"
    carried.parent.mkdir()
    carried.write_bytes(consensus_workbook(second))
    ws = load_workbook(carried).worksheets[0]
    again = rows_by_key(ws)
    assert (ws[f"H{again['agreed=V-B/G-ISO']}"].value, ws[f"H{again['agreed=V-C/G-START']}"].value) == ("Pass", "Fail")
    third = tally(project, files + [carried])
    assert [(v.id, v.rank, v.disqualified, v.total) for v in third.vendors] == [
        (v.id, v.rank, v.disqualified, v.total) for v in second.vendors]


@pytest.mark.parametrize("lang, typed, words", [
    ("en", "Maybe", "'Maybe' is not a decision on the mandatory requirement G-ISO: expected Pass or Fail"),
    ("ja", "たぶん", "「たぶん」は必須項目G-ISOの判定ではありません。「適合」または「不適合」を入力してください"),
])
def test_anything_but_pass_or_fail_in_a_decision_is_refused_by_its_cell(tmp_path, lang, typed, words):
    data = project_data()
    data["project"]["language"] = lang
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    files = fill_all(tmp_path, project, lang=lang)
    write_results(project, tally(project, files), tmp_path / "out")
    book = tmp_path / "out" / "acme-cc-consensus.xlsx"
    wb = load_workbook(book)
    ws = wb.worksheets[0]
    row = rows_by_key(ws)["agreed=V-B/G-ISO"]
    ws[f"H{row}"], ws[f"I{row}"] = typed, "reason"
    wb.save(book)
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files + [book])
    where = (f"acme-cc-consensus.xlsx：シート「{ws.title}」 セル H{row}：" if lang == "ja"
             else f"acme-cc-consensus.xlsx: sheet '{ws.title}' cell H{row}: ")
    assert where + words in refused.value.message(lang)
    ws[f"H{row}"], ws[f"I{row}"] = "不適合" if lang == "ja" else "fail", None  # either case of the word; no reason
    wb.save(book)
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, files + [book])
    assert f"cell I{row}: the agreed decision on G-ISO for 'V-B' has no reason" in str(refused.value)


def test_an_agreement_nothing_called_for_is_noted_once_not_an_item_to_check(tmp_path):
    """Gamma's C-QM was scored 5, 4 and 4 (no spread): an agreed 5 in the project file replaces the mean, is noted once
    among the tally's notes, and is neither an item to check nor a row of the consensus workbook; an agreed score on an
    item that did spread still is."""
    data = project_data()
    data["evaluation"]["consensus"] = [{"vendor": "V-C", "criterion": "C-QM", "score": 5, "reason": "Best QA plan"},
                                       {"vendor": "V-A", "criterion": "C-EXP", "score": 4, "reason": "Retail references"}]
    project = project_from_data(data)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, fill_all(tmp_path, project, gates=AGREED_GATES))
    gamma = _vendor(result, "V-C")
    assert gamma.criterion_mean["C-QM"] == 5.0
    assert not [f for f in gamma.flags if f.criterion_id == "C-QM"]
    assert [f.code for f in _vendor(result, "V-A").flags if f.criterion_id == "C-EXP"] == ["agreed"]
    notes = [n for n in tally_notes(result, "en") if "C-QM" in n or "Quality management" in n]
    assert notes == ["The agreed score 5 for “Quality management” of Gamma Services (evaluation.consensus[0]) was not needed: "
                     "the evaluators' scores (Ann Lee 5, Bob Ito 4, Cy Park 4) do not differ by 2 points; it replaces their "
                     "mean all the same, and there is nothing to settle."]
    assert any("合意した評点5点が記録されている（evaluation.consensus[0]）" in n for n in tally_notes(result, "ja"))
    keys = rows_by_key(load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0])
    assert "agreed=V-A/C-EXP" in keys and "agreed=V-C/C-QM" not in keys
    assert {r["vendor_id"] for r in consensus_rows(result)} == {"V-A", "V-C"}   # both are in the record of agreed scores
