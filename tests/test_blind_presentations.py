"""Blind evaluation with a presentation stage: the panel meets the presenters, so the document stage's
scores (and their consensus) are settled first and the presentations are scored by name."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from rfpgen.documents.guide import guide_procedure
from rfpgen.errors import ScoreSheetInvalid
from rfpgen.scoring import tally, write_scoring_outputs
from rfpgen.scoring.decision import tally_notes
from rfpgen.scoring.model import PresentationScheme, Scheme, instruction_text
from rfpgen.scoring.rules import statements
from rfpgen.scoring.sheets import write_presentation_workbooks
from scoring_support import CHECKLIST, GATES, PRICES, SCORES, fill_prices, fill_workbook, make_project, project_data, rows_by_key

STAGE = {"top": 1, "points": 30, "criteria": [{"id": "P-DEMO", "name": "Demonstration", "weight": 100}]}


def _project(blind: bool = True, combine: str = "sum", lang: str = "en", presentation: bool = True):
    data = project_data()
    data["project"]["language"] = lang
    data["evaluation"]["rules"] = {"blind": blind, **({"presentation": {**STAGE, "combine": combine}} if presentation else {})}
    return make_project(data)


def _document_stage(tmp_path, project) -> list:
    """Every document-stage workbook filled with the shared scores, under the keys the sheets carry
    (the aliases' letters under blind evaluation), and the price workbook."""
    scheme = Scheme(project)
    key = {v["id"]: scheme.vendor_key(v) for v in scheme.vendors()}
    files = [fill_workbook(tmp_path / "scoring" / f"acme-cc-scores-{ev}.xlsx",
                           {key[v]: {"scores": SCORES[ev][v], "checklist": CHECKLIST[ev][v], "gates": GATES[ev][v]}
                            for v in SCORES[ev]}) for ev in ("E1", "E2", "E3")]
    return files + [fill_prices(tmp_path / "scoring" / "procurement" / "acme-cc-prices.xlsx", PRICES)]


def _presentations(tmp_path, project, scores: dict[str, int], presenters=("V-C",)) -> list:
    """The presentation workbooks the document stage's tally writes for the vendors who go through, each
    evaluator's filled with its score for every presenter."""
    folder = tmp_path / "presentations"
    write_presentation_workbooks(project, folder, list(presenters))
    return [fill_workbook(folder / f"acme-cc-presentation-{ev}.xlsx", {v: {"scores": {"P-DEMO": score}} for v in presenters})
            for ev, score in scores.items()]


def test_presentation_sheets_name_the_presenters_while_the_document_sheets_stay_blind(tmp_path):
    """Under blind evaluation the build writes no presentation workbook (listing every bidder by name beside
    the aliases' workbooks would tell the panel who bid); the document stage's tally writes them, by name,
    for the vendors who go through."""
    project = _project()
    written = write_scoring_outputs(project, tmp_path)
    documents = load_workbook(tmp_path / "scoring" / "acme-cc-scores-E1.xlsx")
    assert documents.sheetnames[1:4] == ["Bidder A", "Bidder B", "Bidder C"]
    assert not [p for p in written if "presentation" in p.name]
    assert [p.name for p in write_scoring_outputs(_project(blind=False), tmp_path / "named") if "presentation" in p.name] == [
        "acme-cc-presentation-E1.xlsx", "acme-cc-presentation-E2.xlsx", "acme-cc-presentation-E3.xlsx"]
    _presentations(tmp_path, project, {"E1": 4}, presenters=("V-C", "V-A"))
    presentation = load_workbook(tmp_path / "presentations" / "acme-cc-presentation-E1.xlsx")
    assert presentation.sheetnames[1:3] == ["Alpha Contact", "Gamma Services"]   # the presenters, by name, in the project's order
    ws = presentation["Gamma Services"]
    assert "vendor=V-C" in rows_by_key(ws) and ws["B1"].value.endswith("Gamma Services")
    assert not PresentationScheme(project).blind and Scheme(project).blind


@pytest.mark.parametrize("combine", ["sum", "presentation_only"])
def test_named_presentation_sheets_tally_to_their_vendors_under_blind_evaluation(tmp_path, combine):
    project = _project(combine=combine)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, _document_stage(tmp_path, project) + _presentations(tmp_path, project, {"E1": 4, "E2": 4, "E3": 4}))
    top = result.vendors[0]
    assert (top.id, top.rank, top.presentation_points) == ("V-C", 1, pytest.approx(24.0))   # 100 × 4 / 5 = 80% of 30
    assert {v.id: v.presentation_points for v in result.vendors[1:]} == {"V-A": None, "V-B": None}


def test_a_presentation_sheet_whose_title_names_another_vendor_is_refused_naming_sheet_and_cell(tmp_path):
    project = _project()
    write_scoring_outputs(project, tmp_path)
    path = _presentations(tmp_path, project, {"E1": 4}, presenters=("V-B", "V-C"))[0]
    wb = load_workbook(path)
    wb["Gamma Services"]["B1"] = wb["Beta"]["B1"].value   # the title names Beta & Co, the hidden key is Gamma's
    wb.save(path)
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, _document_stage(tmp_path, project) + [path], allow_incomplete=True)
    lines = [p.line("en") for p in refused.value.problems if p.severity == "error"]
    assert any("sheet 'Gamma Services' cell B1" in line and "names 'Beta & Co'" in line for line in lines), lines


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_presentation_sheet_keyed_by_an_alias_is_refused_with_what_to_do(tmp_path, lang):
    """A presentation workbook written while presentations were scored under the aliases."""
    project = _project(lang=lang)
    write_scoring_outputs(project, tmp_path)
    path = _presentations(tmp_path, project, {"E1": 4})[0]
    wb = load_workbook(path)
    ws = wb["Gamma Services"]
    alias = Scheme(project).shown_name({"id": "V-C"})
    ws["A1"] = "vendor=" + Scheme(project).vendor_key({"id": "V-C"})
    wb.save(path)
    with pytest.raises(ScoreSheetInvalid) as refused:
        tally(project, _document_stage(tmp_path, project) + [path], allow_incomplete=True)
    line = next(p.line(lang) for p in refused.value.problems if p.severity == "error")
    if lang == "en":
        assert f"sheet '{ws.title}' cell A1: this presentation sheet names the bidder by its alias '{alias}'" in line
        assert "rfpgen score -o DIR`: DIR/presentations/" in line
    else:
        assert f"シート「{ws.title}」 セル A1" in line and f"評価上の名称「{alias}」" in line


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_presentations_scored_before_the_document_consensus_are_warned(tmp_path, lang):
    project = _project(lang=lang)
    write_scoring_outputs(project, tmp_path)
    documents = _document_stage(tmp_path, project)
    first = tally(project, documents, allow_incomplete=True)   # the document stage alone: nothing presented, nothing to warn
    assert not [w for w in first.sheet_warnings if w.code == "presented_before_consensus"]
    assert [f for f in first.flags if f.code == "spread"], "the fixture has document-stage spreads"
    early = tally(project, documents + _presentations(tmp_path, project, {"E1": 4, "E2": 4, "E3": 4}))
    warned = [w for w in early.sheet_warnings if w.code == "presented_before_consensus"]
    assert len(warned) == 1 and any("presentation scores were entered while" in w for w in early.warnings)
    note = next(n for n in tally_notes(early) if ("合議で確定していない" if lang == "ja" else "still await") in n)
    assert ("評価上の名称がどの提案者か" if lang == "ja" else "who each alias is") in note


def test_presentations_after_the_document_consensus_are_not_warned(tmp_path):
    data = project_data()
    data["evaluation"]["rules"] = {"blind": True, "presentation": STAGE}
    scratch = make_project(data)
    write_scoring_outputs(scratch, tmp_path)
    open_items = [(f.vendor_id, f.criterion_id) for f in tally(scratch, _document_stage(tmp_path, scratch), allow_incomplete=True).flags
                  if f.code in ("spread", "checklist_split")]
    settled = {(vendor, "C-UNS" if criterion.startswith(("OPS-", "SYS-")) else criterion) for vendor, criterion in open_items}
    data["evaluation"]["consensus"] = [{"vendor": v, "criterion": c, "score": 3, "reason": "Agreed in the meeting"}
                                       for v, c in sorted(settled)]
    project = make_project(data)
    result = tally(project, _document_stage(tmp_path, project) + _presentations(tmp_path, project, {"E1": 4, "E2": 4, "E3": 4}))
    assert not [w for w in result.sheet_warnings if w.code == "presented_before_consensus"]
    assert not [f for f in result.flags if f.code in ("spread", "checklist_split") and f.criterion_id != "P-DEMO"]


def test_without_blind_evaluation_the_warning_says_nothing_of_aliases(tmp_path):
    project = _project(blind=False)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, _document_stage(tmp_path, project) + _presentations(tmp_path, project, {"E1": 4, "E2": 4, "E3": 4}))
    warned = [w for w in result.sheet_warnings if w.code == "presented_before_consensus"]
    assert len(warned) == 1 and "alias" not in warned[0].message and "評価上の名称" not in warned[0].ja


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_instructions_put_the_document_stage_before_the_presentations(lang):
    project = _project(lang=lang)
    documents, presentation = instruction_text(Scheme(project)), instruction_text(PresentationScheme(project))
    if lang == "en":
        assert "before the presentations" in documents and "who each alias is" in documents
        assert "after the document-stage scores and the consensus meeting's results are settled" in presentation
        assert "the sheets name the bidders" in presentation and "alias" not in presentation
    else:
        assert "プレゼンテーションの前に終える" in documents and "評価上の名称がどの提案者か" in documents
        assert "書類審査の評点と合議の結果が確定した後に" in presentation and "提案者名で示す" in presentation
    named = instruction_text(Scheme(_project(blind=False, lang=lang)))
    assert ("before the presentations" in named or "プレゼンテーションの前" in named)
    assert "alias" not in named and "評価上の名称がどの" not in named
    alone = instruction_text(Scheme(_project(lang=lang, presentation=False)))
    assert "presentation" not in alone.lower() and "プレゼンテーション" not in alone


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_guide_and_the_rules_settle_the_document_stage_before_the_presentations(lang):
    steps = guide_procedure(_project(lang=lang))
    text = "\n".join(steps)
    if lang == "en":
        assert "settled, the consensus meeting's results recorded" in text and "Only the document stage is blind" in text
        assert "presentation workbooks, which name the bidders" in text
    else:
        assert "プレゼンテーションに進む提案者を決めてから" in text and "提案者名を伏せて評価するのは書類審査だけ" in text
        assert "提案者名を示したプレゼンテーション評価シート" in text
    assert len(guide_procedure(_project(blind=False, lang=lang))) == len(steps) - 1   # no step about aliases
    assert len(guide_procedure(_project(lang=lang, presentation=False))) == len(steps) - 3
    rules = " ".join(statements(_project(lang=lang).data["evaluation"], lang, internal=True))
    assert ("settled before the presentations" in rules and "presentations are scored by name" in rules) if lang == "en" else \
        ("プレゼンテーションの前に確定し" in rules and "プレゼンテーションは提案者名を示して評価する" in rules)


def test_the_consensus_workbook_names_the_vendor_of_a_presentation_item_and_reads_it_back(tmp_path):

    from rfpgen.scoring.consensus import consensus_workbook

    project = _project()
    write_scoring_outputs(project, tmp_path)
    files = _document_stage(tmp_path, project) + _presentations(tmp_path, project, {"E1": 5, "E2": 2, "E3": 2})
    path = tmp_path / "acme-cc-consensus.xlsx"
    path.write_bytes(consensus_workbook(tally(project, files)))
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    rows = rows_by_key(ws)
    row = rows["agreed=V-C/P-DEMO"]
    assert ws[f"B{row}"].value == "Gamma Services"
    documents = [k for k in rows if k.startswith("agreed=") and not k.endswith("/P-DEMO")]
    assert documents and all(ws[f"B{rows[k]}"].value.startswith("Bidder ") for k in documents)   # the document stage stays blind
    ws[f"H{row}"], ws[f"I{row}"] = 4, "The demonstration handled the escalation well"
    wb.save(path)
    top = next(v for v in tally(project, files + [path]).vendors if v.id == "V-C")
    assert top.presentation_points == pytest.approx(24.0)     # the agreed 4, not the mean 3: 100 × 4 / 5 = 80% of 30


def test_score_says_which_presentation_items_the_kept_consensus_workbook_has_no_row_for(tmp_path):
    """The stages in order: the document stage tallied and its consensus workbook written; the presentations'
    spreads come later, and the kept workbook (never overwritten) has no row for them."""
    from click.testing import CliRunner

    from rfpgen.cli import main
    from rfpgen.yamlio import dump

    data = project_data()
    data["evaluation"]["rules"] = {"blind": True, "presentation": STAGE}
    project = make_project(data)
    project_file = tmp_path / "project.yaml"
    project_file.write_text(dump(data), encoding="utf-8")
    write_scoring_outputs(project, tmp_path)
    documents, out = _document_stage(tmp_path, project), tmp_path / "results"
    first = CliRunner().invoke(main, ["score", str(project_file), *map(str, documents), "--allow-incomplete", "-o", str(out)])
    kept = out / "acme-cc-consensus.xlsx"
    assert first.exit_code == 0 and kept.is_file(), first.output
    presented = _presentations(tmp_path, project, {"E1": 5, "E2": 2, "E3": 2})
    second = CliRunner().invoke(main, ["score", str(project_file), *map(str, documents + presented), str(kept), "-o", str(out)])
    assert second.exit_code == 0, second.output
    assert f"{kept} has no row for 1 item flagged since it was written (Gamma Services: Demonstration)" in second.output
    assert "evaluation.consensus" in second.output


def test_the_consensus_workbook_keeps_the_presentation_items_apart_from_the_aliases(tmp_path):
    """Under blind evaluation a named presentation row right after an alias's rows would say whose the alias
    is: the document stage's rows come first (by alias), the presentations' after them all, by name."""
    import io

    from rfpgen.scoring.consensus import consensus_workbook

    data = project_data()
    data["evaluation"]["rules"] = {"blind": True, "presentation": {**STAGE, "top": 3}}
    project = make_project(data)
    write_scoring_outputs(project, tmp_path)
    presented = _presentations(tmp_path, project, {"E1": 5, "E2": 2, "E3": 2}, presenters=("V-A", "V-C"))
    result = tally(project, _document_stage(tmp_path, project) + presented)
    ws = load_workbook(io.BytesIO(consensus_workbook(result))).worksheets[0]
    keys = [ws[f"A{row}"].value for row in range(1, ws.max_row + 1) if str(ws[f"A{row}"].value or "").startswith("agreed=")]
    scores = [k for k in keys if "/G-" not in k]   # the mandatory requirements come after, in a block of their own
    documents = [k for k in scores if not k.endswith("/P-DEMO")]
    assert documents and scores[len(documents):] == ["agreed=V-A/P-DEMO", "agreed=V-C/P-DEMO"]   # a block of their own, by name


def test_the_agreed_checklist_criterion_is_carried_so_the_document_stage_stays_settled(tmp_path):
    """Round one: a withheld requirement judged absent by one evaluator and concrete by another puts the
    computed criterion in the consensus workbook; the meeting agrees every row. Round two, with the filled
    workbook: the next consensus workbook carries every agreed row (the computed criterion's included, its
    checklist entries named), the split is not raised again, and the final tally given that new workbook
    keeps the document stage's figures as they were settled."""
    import io

    from rfpgen.scoring import consensus

    project = _project()
    write_scoring_outputs(project, tmp_path)
    split = {ev: {v: dict(marks) for v, marks in by.items()} for ev, by in CHECKLIST.items()}
    split["E1"]["V-C"]["SYS-PCI"] = "absent"   # E2 found it concrete
    scheme = Scheme(project)
    key = {v["id"]: scheme.vendor_key(v) for v in scheme.vendors()}
    documents = [fill_workbook(tmp_path / "scoring" / f"acme-cc-scores-{ev}.xlsx",
                               {key[v]: {"scores": SCORES[ev][v], "checklist": split[ev][v], "gates": GATES[ev][v]}
                                for v in SCORES[ev]}) for ev in ("E1", "E2", "E3")]
    documents.append(fill_prices(tmp_path / "scoring" / "procurement" / "acme-cc-prices.xlsx", PRICES))
    first = tally(project, documents)
    assert [f.criterion_id for f in first.flags if f.code == "checklist_split"] == ["SYS-PCI"]

    meeting = tmp_path / "first" / "acme-cc-consensus.xlsx"
    meeting.parent.mkdir()
    meeting.write_bytes(consensus.consensus_workbook(first))
    wb = load_workbook(meeting)
    ws = wb.worksheets[0]
    rows = rows_by_key(ws)
    unstated = f"agreed={key['V-C']}/C-UNS"
    assert unstated in rows
    for k, row in rows.items():
        if k.startswith("agreed="):   # a mandatory requirement judged differently is agreed met
            ws[f"H{row}"], ws[f"I{row}"] = "Pass" if "/G-" in k else int(ws[f"F{row}"].value), "Agreed in the meeting"
    wb.save(meeting)
    agreed = {k: ws[f"H{r}"].value for k, r in rows.items() if k.startswith("agreed=")}

    settled = tally(project, documents + [meeting])
    assert not [f for f in settled.flags if f.code in ("spread", "checklist_split")]
    carried = load_workbook(io.BytesIO(consensus.consensus_workbook(settled))).worksheets[0]
    again = rows_by_key(carried)
    assert {k: carried[f"H{r}"].value for k, r in again.items() if k.startswith("agreed=")} == agreed
    assert "SYS-PCI" in carried[f"D{again[unstated]}"].value
    kept = tmp_path / "second" / "acme-cc-consensus.xlsx"
    kept.parent.mkdir()
    kept.write_bytes(consensus.consensus_workbook(settled))

    final = tally(project, documents + _presentations(tmp_path, project, {"E1": 4, "E2": 4, "E3": 4}) + [kept])
    figures = {v.id: (v.quality, v.document_total) for v in settled.vendors}
    assert {v.id: (v.quality, v.document_total) for v in final.vendors} == figures
    assert not [f for f in final.flags if f.code == "checklist_split"]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_a_weight_change_at_the_document_stage_names_who_comes_in_and_who_drops_out(tmp_path, lang):
    """The shortlist a weight change gives is read against the one published: those already through are no
    change; the row names the bidder who would come in and the one who would drop out."""
    from rfpgen.scoring.memo import robustness_rows
    from rfpgen.scoring.robustness import Robustness, WeightFlip

    project = _project(lang=lang)
    write_scoring_outputs(project, tmp_path)
    result = tally(project, _document_stage(tmp_path, project))
    assert result.document_stage
    swapped, fewer = (robustness_rows(result, Robustness(["V-A", "V-C"], [WeightFlip("C-EXP", 30.0, change, through)], []))[0]
                      for change, through in ((12.5, ["V-A", "V-B"]), (-8.25, ["V-A"])))
    if lang == "en":
        assert swapped["outcome"] == "a change of +12.50 points puts Beta & Co through in place of Gamma Services (other weights scaled)"
        assert fewer["outcome"].startswith("a change of −8.25 points leaves Gamma Services out of the presentations")
        assert "Alpha" not in swapped["outcome"] + fewer["outcome"]
    else:
        assert swapped["outcome"] == "+12.50点の変更でBeta & Coがプレゼンテーションに進み、Gamma Servicesが進まなくなる（他の配点は比例して調整）"
        assert fewer["outcome"].startswith("−8.25点の変更でGamma Servicesがプレゼンテーションに進まなくなる")
    assert swapped["changed"].startswith(("Yes", "はい"))
